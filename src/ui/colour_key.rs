//! The key of what actors are coloured by, on one line: a swatch and "value (count)" for each
//! value among the actors shown. The matrix's stripe and the timeline's names use it; the
//! graph and the network have it in their legend.

use egui::{Sense, Ui, Vec2};

use crate::model::{ActorIx, ActorKind};
use crate::style::colour::Colouring;
use crate::style::{LegendItem, Shape, Theme};

/// Writes the key (`what` first, e.g. "Stripe"); returns whether there was one (actors are
/// not coloured by kind).
pub fn colour_key_ui(
    ui: &mut Ui,
    what: &str,
    colouring: &Colouring,
    shown: impl Iterator<Item = (ActorIx, ActorKind)>,
    theme: Theme,
) -> bool {
    let Some(items) = colouring.legend(shown, theme) else {
        return false;
    };
    ui.spacing_mut().item_spacing.x = 4.0;
    ui.label(format!("{what}: {}", colouring.by.label()));
    for item in &items {
        // The values' rows only (the legend's rows naming the kinds' shapes follow them).
        if let LegendItem::Node {
            shape: Shape::Circle,
            fill,
            label,
            ..
        } = item
            && !ActorKind::ALL.iter().any(|k| k.label() == label.as_ref())
        {
            let (rect, _) = ui.allocate_exact_size(Vec2::new(6.0, 14.0), Sense::hover());
            ui.painter().rect_filled(rect, 1.0, *fill);
            ui.label(label.as_ref());
            ui.add_space(6.0);
        }
    }
    true
}
