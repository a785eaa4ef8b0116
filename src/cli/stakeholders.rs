//! `stancemap export --view stakeholders`: the position map or the power–interest grid of one
//! issue, drawn as the window's Stakeholders view draws it.

use anyhow::{Context as _, bail};

use super::ExportArgs;
use super::analysis::parse_colour_by;
use crate::document::Document;
use crate::export::{self, ExportOptions, Format, FormatKind};
use crate::graph::Filter;
use crate::layout::LayoutParams;
use crate::model::{DataSource, Dataset};
use crate::scene::Scene;
use crate::scene::stakeholders::{Layout, StakeholderChart, stakeholders};
use crate::style::Theme;

/// Draws the stakeholders of the one issue the filter shows.
pub(super) fn export(
    args: &ExportArgs,
    source: DataSource,
    dataset: Dataset,
    filter: Filter,
    format: Format,
    theme: Theme,
) -> anyhow::Result<String> {
    let started = std::time::Instant::now();
    if format.kind() != FormatKind::Picture {
        bail!(
            "the stakeholders view is a picture: name the output .png or .svg, not {}",
            args.out.display()
        );
    }
    let layout = match args.layout.as_str() {
        "map" => Layout::PositionMap,
        "grid" => Layout::PowerInterest,
        other => bail!("--layout is map or grid, not {other:?}"),
    };
    let issue = match filter
        .issues
        .as_ref()
        .map(|s| s.iter().copied().collect::<Vec<_>>())
    {
        Some(issues) if issues.len() == 1 => issues[0],
        _ => bail!("--view stakeholders draws one issue: name it with --issue ID"),
    };
    let colour_by = parse_colour_by(args.colour_by.as_deref(), &dataset)?;
    let mut doc = Document::new(source, dataset, filter, LayoutParams::default(), None);
    if let Some(by) = colour_by {
        doc.set_colour_by(by);
    }
    let positions: Vec<_> = doc.visible_positions().collect();
    let actors = stakeholders(doc.dataset(), &positions, issue);
    let chart = StakeholderChart {
        dataset: doc.dataset(),
        graph: doc.graph(),
        issue,
        stakeholders: &actors,
        layout,
        colouring: doc.colouring(),
        theme,
    };
    let scene = Scene::stakeholders(&chart, None);
    let name = &doc.dataset().issue(issue).name;
    let title = match layout {
        Layout::PositionMap => format!("{}: stakeholders on {name}", doc.dataset().title),
        Layout::PowerInterest => format!("{}: power and interest on {name}", doc.dataset().title),
    };
    let mut footer = doc.footer();
    footer.insert(
        1,
        match layout {
            Layout::PositionMap => {
                "Position map: stance across, influence up (0–100), marker size salience".to_owned()
            }
            Layout::PowerInterest => {
                "Power–interest grid: salience across, influence up (0–100), quadrants at 50"
                    .to_owned()
            }
        },
    );
    let options = ExportOptions {
        width: args.width,
        height: args.height,
        scale: args.scale,
        ..ExportOptions::default()
    };
    let page = export::page(&scene, &title, footer, &options);
    let bytes = export::save(&page, format, &args.out).context("export failed")?;
    Ok(format!(
        "{}: the stakeholders of {name} ({} actors), {bytes} bytes, {:.2} s",
        args.out.display(),
        actors.len(),
        started.elapsed().as_secs_f64()
    ))
}
