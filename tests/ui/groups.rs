//! Groups in every view: colour by an attribute (the graph's legend names each value with its
//! count), tick an attribute's values off in the filter panel, and the choice survives a restart.

use super::*;
use stancemap::style::colour::ColourBy;

fn legend_nodes(harness: &Harness<'_, StancemapApp>) -> Vec<String> {
    harness
        .state()
        .scene()
        .expect("scene")
        .legend
        .iter()
        .filter_map(|item| match item {
            LegendItem::Node { label, .. } => Some(label.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn actors_are_coloured_by_an_attribute_and_filtered_by_its_values() {
    let file = temp_positions("groups", include_str!("../fixtures/valid/people.ron"));
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    settle(&mut harness);
    assert!(legend_nodes(&harness).contains(&"Person".to_owned()));
    // Colour by the party: each value with how many actors shown hold it; the organisation
    // has no party.
    harness
        .get_by_role_and_label(egui::Role::ComboBox, "Colour by")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(egui::Role::Button, "party")
        .click();
    settle(&mut harness);
    assert_eq!(
        legend_nodes(&harness),
        [
            "Blue (2)",
            "Red (2)",
            "(none) (1)",
            "Organization",
            "Person",
            "Issue"
        ]
    );
    let scene = harness.state().scene().expect("scene");
    let fill_of = |id: &str| {
        scene
            .nodes
            .iter()
            .find(|n| &*n.id == id)
            .map(|n| n.fill)
            .expect("node")
    };
    assert_eq!(fill_of("member-a"), fill_of("member-b"), "both Red");
    assert_ne!(fill_of("member-a"), fill_of("member-c"), "Red and Blue");
    assert_eq!(
        harness.state().state().colour_by,
        ColourBy::Attribute("party".to_owned())
    );
    // The party's values, to tick off: Blue goes, and with it members C and D.
    harness.get_by_label_contains("party (").click();
    harness.run();
    harness
        .get_by_role_and_label(egui::Role::CheckBox, "Blue")
        .click();
    settle(&mut harness);
    harness.get_by_label_contains("3 actors");
    let scene = harness.state().scene().expect("scene");
    assert!(scene.nodes.iter().all(|n| &*n.id != "member-c"));
    assert_eq!(legend_nodes(&harness)[0], "Red (2)");
    // The other views follow: the matrix's stripe has a key and groups its rows.
    harness.get_by_label("Matrix").click();
    settle(&mut harness);
    harness.get_by_label("Stripe: party");
    harness.get_by_label("Group rows by party").click();
    settle(&mut harness);
}
