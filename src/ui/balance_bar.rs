//! An issue's balance of forces as the inspector shows it: the weight by stance as a stacked
//! bar, the weighted balance and how many actors were weighed.

use egui::{RichText, Ui};

use crate::analysis::balance::Balance;
use crate::graph::{StanceGraph, Subgraph};
use crate::model::{Dataset, IssueIx, PositionIx};
use crate::style::Theme;

/// The balance of forces on an issue over the positions the filter shows, once some actor of
/// the file has an influence.
pub fn issue_balance(
    dataset: &Dataset,
    graph: &StanceGraph,
    visible: &Subgraph,
    issue: IssueIx,
) -> Option<Balance> {
    if !dataset.actors.iter().any(|a| a.influence.is_some()) {
        return None;
    }
    let shown = &visible.edges[..visible.position_count];
    let on: Vec<PositionIx> = graph
        .positions_on_issue(issue)
        .iter()
        .copied()
        .filter(|p| {
            shown
                .binary_search(&petgraph::graph::EdgeIndex::new(p.0 as usize))
                .is_ok()
        })
        .collect();
    Some(crate::analysis::balance::balance_of(dataset, &on, issue))
}

/// The balance of forces on an issue: a bar of the weight by stance, the weighted balance and
/// how many actors were weighed.
pub fn balance_ui(ui: &mut Ui, balance: &Balance, theme: Theme) {
    use crate::analysis::balance::ORDER;
    ui.add_space(6.0);
    ui.label(RichText::new("Balance of forces").strong())
        .on_hover_text("Each actor's latest stance shown, weighted by influence × salience / 100; the balance runs from −1 (all weight against) to +1 (all for). A weighted average of stated stances, not a forecast.");
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width().min(300.0), 14.0),
        egui::Sense::hover(),
    );
    ui.painter().rect_stroke(
        rect,
        2.0,
        egui::Stroke::new(1.0, ui.visuals().weak_text_color()),
        egui::StrokeKind::Inside,
    );
    let mut x = rect.left();
    for (stance, share) in ORDER.iter().zip(balance.shares()) {
        let w = rect.width() * share as f32;
        if w > 0.0 {
            let part = egui::Rect::from_x_y_ranges(x..=x + w, rect.y_range());
            ui.painter()
                .rect_filled(part, 0.0, theme.stance_color(*stance));
            x += w;
        }
    }
    let number = crate::export::balance::balance_text(balance);
    let weighed = crate::export::balance::weighed_text(balance);
    ui.label(format!("{number} · {weighed}"));
    if balance.left_out() > 0 {
        ui.weak(format!(
            "{} left out: no influence or no salience recorded",
            balance.left_out()
        ));
    }
}
