//! The Sources view's bar (the source shown, its Edit and Delete, Find, Code selection) and
//! its keys: Shift with the arrows extends the selected text, Enter codes it.

use egui::Ui;

use super::{Key, MATCHES, SourcesView, coding, shorten};
use crate::document::Selection;
use crate::document::reading::{Reading, find_text};
use crate::model::{Dataset, SourceIx};
use crate::ui::grouped;
use crate::ui::view::ViewContext;

impl SourcesView {
    pub(super) fn toolbar_ui(
        &mut self,
        ui: &mut Ui,
        dataset: &Dataset,
        reading: &Reading,
        key: Key,
        selection: Option<Selection>,
    ) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Source:");
            let current = self.source.map(|s| dataset.source(s));
            let title = current.map_or("", |s| s.title.as_str());
            egui::ComboBox::from_id_salt("source")
                .selected_text(shorten(title, 46))
                .width(250.0)
                .show_ui(ui, |ui| {
                    for (k, source) in dataset.sources.iter().enumerate() {
                        let s = SourceIx(k as u32);
                        let label = match &source.text {
                            Some(text) => format!(
                                "{} · {} passages",
                                source.title,
                                grouped(text.passages.len())
                            ),
                            None => format!("{} (no text)", source.title),
                        };
                        let item = ui.add_enabled(
                            source.text.is_some(),
                            egui::Button::selectable(self.source == Some(s), label),
                        );
                        if item.clicked() {
                            self.show_source(s);
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            if let Some(s) = self.source {
                self.source_buttons_ui(ui, dataset, s, selection);
            }
            // Kept whole: a row too narrow takes it to the next line, not half of it.
            ui.add(
                egui::Label::new(
                    egui::RichText::new(format!(
                        "{} passages · {} paragraphs",
                        grouped(reading.starts.len()),
                        grouped(reading.paragraphs.len())
                    ))
                    .weak(),
                )
                .extend(),
            );
            ui.separator();
            let find = ui.label("Find:");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.search)
                        .hint_text("words in the text")
                        .desired_width(150.0),
                )
                .labelled_by(find.id);
            if self.searched.as_ref() != Some(&(self.search.clone(), key)) {
                self.searched = Some((self.search.clone(), key));
                self.matches = current
                    .and_then(|s| s.text.as_ref())
                    .map(|t| find_text(&t.body, &self.search, MATCHES))
                    .unwrap_or_default();
                self.current = 0;
                self.scroll_to_match(reading);
            }
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if !self.search.trim().is_empty() {
                let count = self.matches.len();
                ui.label(match count {
                    0 => "not found".to_owned(),
                    _ => format!("{} of {}", self.current + 1, grouped(count)),
                });
                if ui
                    .add_enabled(count > 1, egui::Button::new("Previous"))
                    .on_hover_text("The match before")
                    .clicked()
                {
                    self.current = (self.current + count - 1) % count;
                    self.scroll_to_match(reading);
                }
                let next = ui
                    .add_enabled(count > 1, egui::Button::new("Next"))
                    .on_hover_text("Next match (Enter)")
                    .clicked();
                if (next || enter) && count > 0 {
                    self.current = (self.current + 1) % count;
                    self.scroll_to_match(reading);
                    if enter {
                        field.request_focus();
                    }
                }
            }
        });
    }

    pub(super) fn scroll_to_match(&mut self, reading: &Reading) {
        if let Some(range) = self.matches.get(self.current) {
            // The match is selected: Shift and the arrows extend it, Enter codes it.
            if let Some(source) = self.source {
                self.selected = Some((
                    source,
                    coding::TextSelection {
                        anchor: range.start,
                        cursor: range.end,
                    },
                ));
            }
            let k = reading.paragraph_at(range.start);
            let start = reading.paragraphs.get(k).map_or(0, |p| p.start);
            self.scroll_to = Some((k, range.start.saturating_sub(start)));
        }
    }
    /// Edit and Delete for the source shown, and Code for the text selected in it.
    fn source_buttons_ui(
        &mut self,
        ui: &mut Ui,
        dataset: &Dataset,
        source: SourceIx,
        selection: Option<Selection>,
    ) {
        let entry = dataset.source(source);
        if ui
            .small_button("Edit source")
            .on_hover_text("Change its title, id, publisher, link, date or text file")
            .clicked()
        {
            crate::ui::editor::open(
                ui.ctx(),
                selection,
                crate::ui::editor::Form::Source(Some(source), crate::model::SourceDraft::of(entry)),
            );
        }
        if ui
            .small_button("Delete source")
            .on_hover_text(
                "Its positions keep their quotes, without a source; Ctrl+Z brings it back",
            )
            .clicked()
        {
            let uses = dataset.uses_of_source(source);
            let edit = crate::document::edit::Edit::delete_source(dataset, source);
            let question = format!(
                "Delete the source “{}”? {} quoting it keep their quotes, without a source.",
                entry.title,
                match uses {
                    1 => "The position".to_owned(),
                    n => format!("The {} positions", grouped(n)),
                }
            );
            crate::ui::editor::ask(ui.ctx(), selection, question, edit);
        }
        if let Some(range) = self.selected_text()
            && let Some(text) = &entry.text
            && ui
                .button("Code selection")
                .on_hover_text("Code the selected text as a position (Enter)")
                .clicked()
        {
            coding::code(
                ui.ctx(),
                dataset,
                source,
                &text.body,
                range,
                selection,
                self.selected_rect,
            );
        }
    }

    /// Shift with the arrow keys extends the selection (by character; with Ctrl by word;
    /// Down and Up to the end and start of the sentence); Enter codes it.
    pub(super) fn selection_keys(&mut self, ctx: &egui::Context, cx: &ViewContext<'_>) {
        use egui::{Key, Modifiers};
        let Some(source) = self.source else { return };
        let dataset = cx.doc.dataset();
        let Some(text) = dataset
            .sources
            .get(source.0 as usize)
            .and_then(|s| s.text.as_ref())
        else {
            return;
        };
        let body = &*text.body;
        let Some((s, mut selection)) = self.selected else {
            return;
        };
        if s != source {
            return;
        }
        let moves = [
            (Modifiers::SHIFT, Key::ArrowRight),
            (Modifiers::SHIFT, Key::ArrowLeft),
            (Modifiers::SHIFT | Modifiers::COMMAND, Key::ArrowRight),
            (Modifiers::SHIFT | Modifiers::COMMAND, Key::ArrowLeft),
            (Modifiers::SHIFT, Key::ArrowDown),
            (Modifiers::SHIFT, Key::ArrowUp),
        ];
        // The word moves first: Shift+Arrow matches Shift+Ctrl+Arrow too.
        for (k, (modifiers, key)) in moves.into_iter().enumerate().rev() {
            if ctx.input_mut(|i| i.consume_key(modifiers, key)) {
                let at = selection.cursor.min(body.len());
                selection.cursor = match k {
                    0 => coding::step_char(body, at, true),
                    1 => coding::step_char(body, at, false),
                    2 => coding::step_word(body, at, true),
                    3 => coding::step_word(body, at, false),
                    4 => coding::sentence_end(body, at),
                    _ => coding::sentence_start(body, at),
                };
            }
        }
        self.selected = Some((source, selection));
        if !selection.is_empty() && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter)) {
            coding::code(
                ctx,
                dataset,
                source,
                body,
                selection.range(),
                cx.doc.selection(),
                self.selected_rect,
            );
        }
    }
}
