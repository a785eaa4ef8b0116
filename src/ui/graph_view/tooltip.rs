//! Tooltips of the graph view: a node's kind and name, a position's quote, a tie's ends.

use egui::Ui;

use crate::graph::Node;
use crate::model::Dataset;
use crate::scene::SceneNode;
use crate::style::Theme;
use crate::text::bidi::visual;

pub(super) fn node_tooltip_ui(ui: &mut Ui, dataset: &Dataset, node: &SceneNode) {
    ui.strong(visual(&node.name));
    match node.node {
        Node::Actor(a) => {
            let actor = dataset.actor(a);
            ui.label(actor.kind.label());
            if let Some(role) = &actor.role {
                ui.label(role);
            }
        }
        Node::Issue(i) => {
            ui.label("Issue");
            if let Some(description) = &dataset.issue(i).description {
                ui.add(egui::Label::new(description).wrap());
            }
        }
    }
    ui.weak(format!(
        "{} position{} · click to read the quotes",
        node.degree,
        if node.degree == 1 { "" } else { "s" }
    ));
}

pub(super) fn position_tooltip_ui(
    ui: &mut Ui,
    dataset: &Dataset,
    theme: Theme,
    position: crate::model::PositionIx,
) {
    let p = dataset.position(position);
    ui.set_max_width(360.0);
    ui.horizontal(|ui| {
        crate::ui::stance_chip(ui, theme, p.stance.kind());
        ui.strong(visual(&dataset.actor(p.actor).name));
        ui.label("on");
        ui.strong(visual(&dataset.issue(p.issue).name));
    });
    if let Some(condition) = p.stance.condition() {
        ui.label(format!("Condition: {condition}"));
    }
    ui.add(egui::Label::new(egui::RichText::new(format!("“{}”", p.quote)).italics()).wrap());
}

pub(super) fn tie_tooltip_ui(
    ui: &mut Ui,
    dataset: &Dataset,
    a: crate::model::ActorIx,
    b: crate::model::ActorIx,
) {
    ui.horizontal(|ui| {
        ui.strong(&dataset.actor(a).name);
        ui.label("and");
        ui.strong(&dataset.actor(b).name);
    });
    ui.weak("Click to compare their positions, issue by issue");
}
