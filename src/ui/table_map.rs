//! The column map dialog: a table whose headers are not the field names opens here, with its
//! first rows, so the user says which column holds the actor, the issue, the stance and the
//! quote (or makes the quote from other cells). The map is remembered for the file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use egui::RichText;

use crate::model::table::{Field, TableOptions};

/// The fields the dialog offers, the required first.
const FIELDS: [Field; 9] = [
    Field::Actor,
    Field::Issue,
    Field::Stance,
    Field::Quote,
    Field::Condition,
    Field::Date,
    Field::Source,
    Field::Url,
    Field::ActorKind,
];

/// The dialog's state while it is open.
#[derive(Clone, Debug, PartialEq)]
pub struct TableMapDialog {
    /// The table.
    pub path: PathBuf,
    /// Its header.
    pub header: Vec<String>,
    /// Its first rows (the first 5 are shown; all are read for the stance column's values).
    pub rows: Vec<Vec<String>>,
    /// The column chosen for each field (by its place in the header).
    pub columns: BTreeMap<Field, usize>,
    /// A quote template (`{column}` for a cell); used when no quote column is chosen.
    pub quote: String,
    /// What the stance column's values mean, when they are not stance words (`1` →
    /// `support`).
    pub stance_values: BTreeMap<String, String>,
    /// The other fields' value maps and the attribute columns it was opened with, kept.
    kept: TableOptions,
}

/// The meanings a stance value can be given in the dialog.
const MEANINGS: [&str; 4] = ["support", "reject", "neutral", "condition"];

/// What the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum MapAction {
    /// Nothing yet.
    None,
    /// Open the table with this map.
    Open(TableOptions),
    /// Close the dialog without opening.
    Cancel,
}

impl TableMapDialog {
    /// A dialog for a table, starting from the map it was last opened with (or none).
    pub fn new(
        path: PathBuf,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        previous: &TableOptions,
    ) -> Self {
        let mut columns: BTreeMap<Field, usize> = previous
            .map
            .iter()
            .filter_map(|(&field, wanted)| {
                let k = header
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(wanted.trim()))?;
                Some((field, k))
            })
            .collect();
        // Columns already named for a field are chosen for it.
        for field in FIELDS {
            if !columns.contains_key(&field)
                && let Some(k) = header.iter().position(|h| field.matches_header(h))
            {
                columns.insert(field, k);
            }
        }
        let mut dialog = Self {
            path,
            header,
            rows,
            columns,
            quote: previous.quote.clone().unwrap_or_default(),
            stance_values: previous
                .values
                .get(&Field::Stance)
                .cloned()
                .unwrap_or_default(),
            kept: previous.clone(),
        };
        // Numbers in the stance column (DNA's agreement): the map that reads them, offered.
        if dialog.stance_values.is_empty() {
            let odd = dialog.odd_stance_values();
            let odd: Vec<&str> = odd.iter().map(String::as_str).collect();
            if let Some(map) = crate::model::table::suggested_stance_values(&odd)
                && let Ok(map) = crate::model::table::parse_value_map(&map)
            {
                dialog.stance_values = map;
            }
        }
        dialog
    }

    /// The distinct values of the stance column's first rows that are no stance word.
    pub fn odd_stance_values(&self) -> Vec<String> {
        let Some(&k) = self.columns.get(&Field::Stance) else {
            return Vec::new();
        };
        let mut out: Vec<String> = self
            .rows
            .iter()
            .filter_map(|row| row.get(k))
            .map(|cell| cell.trim().to_owned())
            .filter(|cell| !cell.is_empty() && !crate::model::table::is_stance_word(cell))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The options the dialog describes.
    pub fn options(&self) -> TableOptions {
        let mut values = self.kept.values.clone();
        values.remove(&Field::Stance);
        if !self.stance_values.is_empty() {
            values.insert(Field::Stance, self.stance_values.clone());
        }
        TableOptions {
            map: self
                .columns
                .iter()
                .filter_map(|(&f, &k)| Some((f, self.header.get(k)?.clone())))
                .collect(),
            quote: (!self.quote.trim().is_empty()).then(|| self.quote.clone()),
            title: None,
            values,
            attributes: self.kept.attributes.clone(),
            defaults: self.kept.defaults.clone(),
            statement_type: self.kept.statement_type.clone(),
        }
    }

    /// Whether the required fields have a column (the quote or a template).
    fn ready(&self) -> bool {
        [Field::Actor, Field::Issue, Field::Stance]
            .iter()
            .all(|f| self.columns.contains_key(f))
            && (self.columns.contains_key(&Field::Quote) || !self.quote.trim().is_empty())
    }
}

/// Shows the dialog; returns what the user asked for.
pub fn table_map_ui(ctx: &egui::Context, dialog: &mut TableMapDialog) -> MapAction {
    let mut action = MapAction::None;
    let mut open = true;
    let file = dialog
        .path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    egui::Window::new(format!("Columns of {file}"))
        .open(&mut open)
        .collapsible(false)
        .default_width(640.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label("Say which column holds what, and what the stance column's values mean when they are not stance words.");
            ui.add_space(6.0);
            egui::Grid::new("table-map").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
                for field in FIELDS {
                    let required = matches!(field, Field::Actor | Field::Issue | Field::Stance | Field::Quote);
                    let label = if required {
                        RichText::new(field.name()).strong()
                    } else {
                        RichText::new(field.name())
                    };
                    ui.label(label);
                    let current = dialog.columns.get(&field).copied();
                    let shown = current
                        .and_then(|k| dialog.header.get(k))
                        .map_or("—", String::as_str)
                        .to_owned();
                    egui::ComboBox::from_id_salt(("map", field.name()))
                        .selected_text(shown)
                        .width(240.0)
                        .show_ui(ui, |ui| {
                            if ui.selectable_label(current.is_none(), "—").clicked() {
                                dialog.columns.remove(&field);
                            }
                            for (k, header) in dialog.header.iter().enumerate() {
                                if ui.selectable_label(current == Some(k), header).clicked() {
                                    dialog.columns.insert(field, k);
                                }
                            }
                        })
                        .response
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, format!("Column for {}", field.name())));
                    ui.end_row();
                }
                // The stance column's values that are no stance word: what each means.
                for value in dialog.odd_stance_values() {
                    ui.label(format!("stance {value:?} means"));
                    let current = dialog.stance_values.get(&value).cloned();
                    egui::ComboBox::from_id_salt(("stance-value", value.as_str()))
                        .selected_text(current.as_deref().unwrap_or("—"))
                        .width(240.0)
                        .show_ui(ui, |ui| {
                            if ui.selectable_label(current.is_none(), "—").clicked() {
                                dialog.stance_values.remove(&value);
                            }
                            for meaning in MEANINGS {
                                if ui.selectable_label(current.as_deref() == Some(meaning), meaning).clicked() {
                                    dialog.stance_values.insert(value.clone(), meaning.to_owned());
                                }
                            }
                        })
                        .response
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, format!("Meaning of stance {value}")));
                    ui.end_row();
                }
                ui.label("quote template");
                ui.add(
                    egui::TextEdit::singleline(&mut dialog.quote)
                        .hint_text("e.g. Recorded vote {vote} on {unres}")
                        .desired_width(320.0),
                )
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Quote template"));
                ui.end_row();
            });
            ui.add_space(6.0);
            ui.label(RichText::new("First rows").strong());
            egui::ScrollArea::horizontal().id_salt("table-preview").show(ui, |ui| {
                egui::Grid::new("table-preview-grid").striped(true).show(ui, |ui| {
                    for header in &dialog.header {
                        ui.label(RichText::new(header).strong());
                    }
                    ui.end_row();
                    for row in dialog.rows.iter().take(5) {
                        for cell in row {
                            let short: String = cell.chars().take(40).collect();
                            ui.label(short);
                        }
                        ui.end_row();
                    }
                });
            });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let ready = dialog.ready();
                if ui
                    .add_enabled(ready, egui::Button::new(RichText::new("Open with these columns").strong()))
                    .clicked()
                {
                    action = MapAction::Open(dialog.options());
                }
                if ui.button("Cancel").clicked() {
                    action = MapAction::Cancel;
                }
                if !ready {
                    ui.weak("Choose the actor, issue and stance columns, and the quote (or a template).");
                }
            });
        });
    if !open {
        action = MapAction::Cancel;
    }
    action
}
