//! The network's bar: what ties actors (measure, normalisation, duplicates, the threshold),
//! each setting explained in plain words on hover, and the note on repeated statements.

use std::sync::atomic::Ordering;

use egui::Ui;

use super::NetworkView;
use crate::analysis::agreement::{Duplicates, Measure, Normalization};
use crate::document::Document;

/// The width of the toolbar's drop-down menus and number fields.
const COMBO_WIDTH: f32 = 96.0;
const DRAG_WIDTH: f32 = 48.0;

/// What the blocs and their modularity are, in plain words.
const BLOCS_EXPLAINED: &str = "Blocs are groups of actors tied more to each other than to the rest (found by the Louvain method). Modularity says how clear the split is: 0 is none, 1 a perfect one. Below 0.3 the groups are about as good as chance, so they are not coloured as blocs.";

impl NetworkView {
    pub(super) fn controls_ui(&mut self, ui: &mut Ui, doc: &Document) {
        ui.horizontal_wrapped(|ui| {
            let options = &mut self.options;
            field(ui, "Measure", COMBO_WIDTH, |ui, label| {
                choice(
                    ui,
                    label,
                    "network-measure",
                    &mut options.measure,
                    &Measure::ALL,
                    Measure::name,
                    Measure::explanation,
                );
            });
            field(ui, "Normalise", COMBO_WIDTH, |ui, label| {
                choice(
                    ui,
                    label,
                    "network-normalise",
                    &mut options.normalization,
                    &Normalization::ALL,
                    Normalization::name,
                    Normalization::explanation,
                );
            });
            field(ui, "Duplicates", COMBO_WIDTH, |ui, label| {
                choice(
                    ui,
                    label,
                    "network-duplicates",
                    &mut options.duplicates,
                    &Duplicates::ALL,
                    Duplicates::name,
                    Duplicates::explanation,
                );
            });
            let keep = &mut self.keep;
            field(ui, "Partners per actor", DRAG_WIDTH, |ui, label| {
                let mut top = keep.top.unwrap_or(0);
                if ui
                    .add_sized(
                        [DRAG_WIDTH, ui.spacing().interact_size.y],
                        egui::DragValue::new(&mut top).range(0..=1000),
                    )
                    .labelled_by(label)
                    .on_hover_text(
                        "Each actor keeps only its strongest ties, this many (0: all), so the picture is not a hairball. A tie stays when either actor keeps it.",
                    )
                    .changed()
                {
                    keep.top = (top > 0).then_some(top);
                }
            });
            field(ui, "Min weight", DRAG_WIDTH, |ui, label| {
                ui.add_sized(
                    [DRAG_WIDTH, ui.spacing().interact_size.y],
                    egui::DragValue::new(&mut keep.min_weight)
                        .range(0.0..=f64::MAX)
                        .speed(0.05),
                )
                .labelled_by(label)
                .on_hover_text("Ties weaker than this (in the measure's units) are not drawn.");
            });
        });
        ui.horizontal(|ui| {
            if let Some(job) = &self.job {
                let done = job.progress.rows.load(Ordering::Relaxed);
                let phase = job.phase.lock().map_or("Working", |p| *p);
                let share = if job.rows == 0 {
                    1.0
                } else {
                    done as f32 / job.rows as f32
                };
                ui.add(
                    egui::ProgressBar::new(share.min(1.0))
                        .desired_width(180.0)
                        .text(format!("{phase}… {:.0}%", share.min(1.0) * 100.0)),
                );
                if ui
                    .small_button("Stop")
                    .on_hover_text("Stop computing the network")
                    .clicked()
                {
                    self.stopped = Some(job.key);
                    self.job = None;
                }
            } else if let Some(computed) = &self.computed {
                let n = &computed.network;
                ui.label(format!(
                    "{} actors · {} ties · {}",
                    crate::ui::grouped(n.actors.len()),
                    crate::ui::grouped(n.ties.len()),
                    n.blocs_summary()
                ))
                .on_hover_text(BLOCS_EXPLAINED);
                if n.actors.len() < 2 {
                    ui.weak("(fewer than two actors: no ties)");
                }
            } else if self.stopped.is_some() {
                ui.label("Stopped.");
                if ui.button("Compute").clicked() {
                    self.stopped = None;
                }
            }
        });
        self.repeats_ui(ui, doc);
    }

    /// The note on exact repeats, with the button that counts them once.
    pub(super) fn repeats_ui(&mut self, ui: &mut Ui, doc: &Document) {
        // Positions are named by their place in the file the network was computed from.
        let Some(computed) = &self.computed else {
            return;
        };
        if computed.key.document != doc.revision().document || computed.repeats.count == 0 {
            return;
        }
        let once = self.options.duplicates == Duplicates::Once;
        if once {
            ui.weak(format!(
                "{} exact repeats (same actor, issue, stance and quote) are counted once.",
                crate::ui::grouped(computed.repeats.count)
            ));
            return;
        }
        let Some(note) = computed.repeats.note(doc.dataset()) else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{note}."));
            if ui
                .button("Count repeats once")
                .on_hover_text(Duplicates::Once.explanation())
                .clicked()
            {
                self.options.duplicates = Duplicates::Once;
            }
        });
    }
}

/// A label and its field, kept on one row: when the pair does not fit on what is left of the
/// row, both move to the next one.
fn field(ui: &mut Ui, label: &str, field_width: f32, add: impl FnOnce(&mut Ui, egui::Id)) {
    let text_width = egui::WidgetText::from(label)
        .into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Body,
        )
        .size()
        .x;
    let spacing = ui.spacing().item_spacing.x;
    // The pair, the space between its two parts, and the button's frame of a combo box.
    let width = text_width + spacing + field_width + 2.0 * ui.spacing().button_padding.x;
    if ui.available_size_before_wrap().x < width && ui.cursor().min.x > ui.max_rect().min.x {
        ui.end_row();
    }
    let label = ui.label(label).id;
    add(ui, label);
    ui.add_space(spacing);
}

/// A drop-down of named settings, each explained on hover; the chosen one's explanation on
/// the closed box.
fn choice<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: egui::Id,
    id: &str,
    value: &mut T,
    all: &[T],
    name: fn(T) -> &'static str,
    explanation: fn(T) -> &'static str,
) {
    egui::ComboBox::from_id_salt(id)
        .width(COMBO_WIDTH)
        .selected_text(name(*value))
        .show_ui(ui, |ui| {
            for &v in all {
                ui.selectable_value(value, v, name(v))
                    .on_hover_text(explanation(v));
            }
        })
        .response
        .labelled_by(label)
        .on_hover_text(explanation(*value));
}
