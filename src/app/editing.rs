//! Editing in the window: edits, undo and redo, saving (over the file, or as a new RON file
//! when the data came from a table or is the bundled example), the questions asked before
//! work could be lost (closing, opening another file, the file changed on disk), and the
//! recovery file that keeps unsaved edits through a crash.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::StancemapApp;
use super::recovery::{self, Recovery};
use crate::document::Selection;
use crate::document::edit::Edit;
use crate::model::{DataSource, Dataset, SaveError};

/// How long after an edit the recovery file is written (edits in a burst write it once).
const RECOVERY_DELAY: Duration = Duration::from_millis(800);

/// A question the window asks before something could lose work.
pub(super) enum Ask {
    /// The window is closing with unsaved edits.
    Close,
    /// Another file is opening with unsaved edits.
    Open(DataSource),
    /// The file changed on disk while there are unsaved edits; the new version is held.
    Changed {
        /// The file.
        source: DataSource,
        /// The new version as loaded.
        loaded: Box<(Dataset, Option<String>)>,
    },
    /// Saving needs a new file: the data came from a table or is the bundled example.
    SaveAs {
        /// The path typed.
        path: String,
        /// Why the last try failed.
        error: Option<String>,
    },
    /// A recovery file holds unsaved edits to the file just opened.
    Recover(Box<Recovery>),
}

/// What the user answered.
enum Answer {
    None,
    Save,
    Discard,
    Cancel,
    /// Keep the edits on screen (the file changed on disk).
    KeepMine,
    /// Compare the edits with the file on disk.
    Compare,
    SaveTo(PathBuf),
    Restore,
}

impl StancemapApp {
    /// Makes an edit of the document (from a form, the Sources view's coding, a deletion).
    pub(super) fn edit(&mut self, ctx: &egui::Context, edit: Edit, select: Option<Selection>) {
        let Some(doc) = &mut self.doc else { return };
        let label = edit.label.clone();
        match doc.apply_edit(edit, select) {
            Ok(()) => {
                self.after_edit(ctx);
                self.notice = None;
                self.status_note = Some(format!("{label} (Ctrl+Z undoes it)"));
            }
            Err(error) => self.notice = Some(format!("{label} could not be made: {error}")),
        }
    }

    /// Undoes the newest edit.
    pub(super) fn undo(&mut self, ctx: &egui::Context) {
        let Some(doc) = &mut self.doc else { return };
        if let Some(label) = doc.undo() {
            self.status_note = Some(format!("Undid: {label}"));
            self.after_edit(ctx);
        } else {
            self.status_note = Some("Nothing to undo".to_owned());
        }
    }

    /// Redoes the newest undone edit.
    pub(super) fn redo(&mut self, ctx: &egui::Context) {
        let Some(doc) = &mut self.doc else { return };
        if let Some(label) = doc.redo() {
            self.status_note = Some(format!("Redid: {label}"));
            self.after_edit(ctx);
        } else {
            self.status_note = Some("Nothing to redo".to_owned());
        }
    }

    /// After the document changed: a layout if it has none yet, the panels told, the
    /// recovery file due.
    fn after_edit(&mut self, ctx: &egui::Context) {
        if let Some(doc) = &mut self.doc
            && doc.needs_layout()
        {
            self.layout_job = doc
                .start_layout(crate::document::LayoutStart::AsShown)
                .map(|request| super::background::LayoutJob::spawn(request, ctx.clone()));
        }
        self.recovery_due = Some(Instant::now() + RECOVERY_DELAY);
        ctx.request_repaint_after(RECOVERY_DELAY);
    }

    /// Saves: over the file (format-preserving), or as a new RON file when there is none.
    pub(super) fn save_document(&mut self) {
        let Some(doc) = &mut self.doc else { return };
        if !doc.saves_in_place() {
            self.ask = Some(Ask::SaveAs {
                path: suggested_ron_path(doc.source()).display().to_string(),
                error: None,
            });
            return;
        }
        match doc.save() {
            Ok(backup) => {
                let name = file_name(doc.source().path());
                self.status_note = Some(format!(
                    "Saved {name}; the previous version is kept as {}",
                    file_name(Some(&backup))
                ));
                self.notice = None;
                self.forget_recovery();
            }
            Err(SaveError::ChangedOnDisk { .. }) => {
                // Read what is there now, and ask (the answer comes with the load).
                if let Some(path) = doc.source().path() {
                    let source = DataSource::File(path.to_path_buf());
                    self.load(source, true);
                }
                self.notice = Some(
                    "The file was changed by another program since it was opened: nothing was \
                     saved. Choose below what to keep."
                        .to_owned(),
                );
            }
            Err(error) => self.notice = Some(error.to_string()),
        }
    }

    /// Writes the document as a new RON file at `path` (the whole file in stancemap's layout),
    /// keeping a backup of a file it replaces; the document is that file's from then on.
    fn save_as(&mut self, path: &Path) -> Result<(), String> {
        let Some(doc) = &mut self.doc else {
            return Ok(());
        };
        if path.extension().and_then(|e| e.to_str()) != Some("ron") {
            return Err("Save as a positions file: its name ends in .ron".to_owned());
        }
        let text = crate::export::ron_text::ron(doc.dataset(), &doc.source().display_name());
        let fail = |e: std::io::Error| format!("could not write {}: {e}", path.display());
        crate::model::keep_previous(path).map_err(fail)?;
        crate::model::write_atomic(path, &mut |f| std::io::Write::write_all(f, text.as_bytes()))
            .map_err(fail)?;
        let was = doc.source().clone();
        doc.saved(Some(path), text);
        self.forget_recovery_of(&was);
        self.background.watch(Some(path));
        self.state.last_file = Some(path.to_path_buf());
        self.status_note = Some(format!("Saved as {}", path.display()));
        Ok(())
    }

    /// Whether opening another file must ask first.
    pub(super) fn must_ask_before_leaving(&self) -> bool {
        self.doc
            .as_ref()
            .is_some_and(crate::document::Document::is_dirty)
    }

    /// Writes the recovery file when it is due; removes it when nothing is unsaved.
    pub(super) fn keep_recovery(&mut self) {
        let Some(due) = self.recovery_due else { return };
        if Instant::now() < due {
            return;
        }
        self.recovery_due = None;
        let (Some(doc), Some(folder)) = (&self.doc, &self.recovery_dir) else {
            return;
        };
        if !doc.is_dirty() {
            self.forget_recovery();
            return;
        }
        recovery::write_in_background(folder.clone(), doc, &self.recovery_epoch);
    }

    fn forget_recovery(&mut self) {
        if let Some(doc) = &self.doc {
            let source = doc.source().clone();
            self.forget_recovery_of(&source);
        }
    }

    fn forget_recovery_of(&self, source: &DataSource) {
        // First the count, then the file: a writer still at work sees the count and removes
        // what it writes.
        self.recovery_epoch
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if let Some(folder) = &self.recovery_dir {
            recovery::remove(folder, source);
        }
    }

    /// After a file is opened: offers unsaved edits a recovery file holds for it.
    pub(super) fn offer_recovery(&mut self) {
        let (Some(doc), Some(folder)) = (&self.doc, &self.recovery_dir) else {
            return;
        };
        match recovery::find(folder, doc) {
            Some(Ok(found)) => self.ask = Some(Ask::Recover(Box::new(found))),
            Some(Err(message)) => self.notice = Some(message),
            None => {}
        }
    }

    /// Shows the question asked, if any, and acts on the answer.
    pub(super) fn ask_ui(&mut self, ctx: &egui::Context) {
        let Some(ask) = &mut self.ask else { return };
        let file = self
            .doc
            .as_ref()
            .map(|d| file_name(d.source().path()))
            .unwrap_or_default();
        let answer = egui::Modal::new(egui::Id::unique("ask"))
            .show(ctx, |ui| {
                ui.set_max_width(460.0);
                question_ui(ui, ask, &file)
            })
            .inner;
        let ask = self.ask.take();
        match (ask, answer) {
            (_, Answer::Cancel) => {}
            (Some(Ask::Close), Answer::Save) => {
                self.save_document();
                if !self.must_ask_before_leaving() {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            (Some(Ask::Close), Answer::Discard) => {
                self.forget_recovery();
                self.closing = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            (Some(Ask::Open(source)), Answer::Save) => {
                self.save_document();
                if !self.must_ask_before_leaving() {
                    self.load(source, false);
                }
            }
            (Some(Ask::Open(source)), Answer::Discard) => {
                self.forget_recovery();
                if let Some(doc) = &mut self.doc {
                    // Opening replaces it; its edits are dropped on purpose.
                    doc.set_base(doc.base().map(str::to_owned));
                }
                self.load(source, false);
            }
            (Some(Ask::Changed { source, loaded }), Answer::Discard) => {
                self.forget_recovery();
                if let Some(doc) = &mut self.doc {
                    // Reloading drops the edits, as asked.
                    doc.set_base(None);
                }
                let (dataset, text) = *loaded;
                self.on_loaded(ctx, source, Ok((dataset, text)), true);
            }
            (Some(Ask::Changed { .. }), Answer::KeepMine) => {
                self.notice = Some(
                    "Your edits are kept; the file on disk is another version now, so Save \
                     asks for a new file name."
                        .to_owned(),
                );
                if let Some(doc) = &mut self.doc {
                    doc.detach_from_file();
                }
            }
            (Some(Ask::Changed { source, .. }), Answer::Compare) => {
                // The edits stay; the panel lists how they differ from the file on disk.
                if let Some(doc) = &mut self.doc {
                    doc.detach_from_file();
                }
                if let Some(path) = source.path() {
                    self.compare = Some(crate::ui::compare_panel::ComparePanel::against_file(path));
                }
            }
            (Some(Ask::SaveAs { path, .. }), Answer::SaveTo(target)) => {
                if let Err(error) = self.save_as(&target) {
                    self.ask = Some(Ask::SaveAs {
                        path,
                        error: Some(error),
                    });
                }
            }
            (Some(Ask::Recover(found)), Answer::Restore) => {
                let found = *found;
                if let Some(doc) = &mut self.doc {
                    doc.recover(found.dataset, found.origins, found.base);
                    self.status_note = Some("Unsaved edits restored; Ctrl+S saves them".to_owned());
                }
            }
            (Some(Ask::Recover(_)), Answer::Discard) => self.forget_recovery(),
            (ask, _) => self.ask = ask,
        }
    }
}

/// The question's text and buttons.
fn question_ui(ui: &mut egui::Ui, ask: &mut Ask, file: &str) -> Answer {
    let mut answer = Answer::None;
    let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
    match ask {
        Ask::Close | Ask::Open(_) => {
            ui.heading(format!("Save the changes to {file}?"));
            ui.label("Your edits are lost if you don't save them.");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    answer = Answer::Save;
                }
                if ui.button("Don't save").clicked() {
                    answer = Answer::Discard;
                }
                if ui.button("Cancel").clicked() || escape {
                    answer = Answer::Cancel;
                }
            });
        }
        Ask::Changed { .. } => {
            ui.heading(format!("{file} changed on disk"));
            ui.label(
                "Another program changed the file while you have unsaved edits. Nothing was \
                 reloaded.",
            );
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .button("Reload")
                    .on_hover_text("Show the file as it is now; your edits are dropped")
                    .clicked()
                {
                    answer = Answer::Discard;
                }
                if ui
                    .button("Keep mine")
                    .on_hover_text("Keep your edits on screen; Save then asks for a new file")
                    .clicked()
                    || escape
                {
                    answer = Answer::KeepMine;
                }
                if ui
                    .button("Compare")
                    .on_hover_text("Open the Compare panel: your version against the file's")
                    .clicked()
                {
                    answer = Answer::Compare;
                }
            });
        }
        Ask::SaveAs { path, error } => {
            ui.heading("Save as a positions file");
            ui.label(
                "This data was not read from a positions (.ron) file, so it is saved as a new \
                 one; the file it came from is never written over.",
            );
            ui.add_space(6.0);
            let field = ui.add(
                egui::TextEdit::singleline(path)
                    .desired_width(f32::INFINITY)
                    .hint_text("positions.ron"),
            );
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let exists = Path::new(path.trim()).exists();
            if exists {
                ui.label("A file of that name exists: it is kept beside the new one with ~.");
            }
            if let Some(error) = error {
                ui.colored_label(ui.visuals().error_fg_color, error.as_str());
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let label = if exists { "Replace" } else { "Save" };
                if ui.button(label).clicked() || enter {
                    answer = Answer::SaveTo(PathBuf::from(path.trim()));
                }
                if ui.button("Cancel").clicked() || escape {
                    answer = Answer::Cancel;
                }
            });
        }
        Ask::Recover(found) => {
            ui.heading("Restore unsaved edits?");
            ui.label(format!(
                "stancemap closed without saving edits to {file} ({}). They were kept in a \
                 recovery file.",
                found.when
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Restore").clicked() {
                    answer = Answer::Restore;
                }
                if ui.button("Discard them").clicked() {
                    answer = Answer::Discard;
                }
                if escape {
                    answer = Answer::Cancel;
                }
            });
        }
    }
    answer
}

/// A RON file's name beside a table (or `positions.ron` for the bundled data).
fn suggested_ron_path(source: &DataSource) -> PathBuf {
    match source.path() {
        Some(path) => path.with_extension("ron"),
        None => PathBuf::from("positions.ron"),
    }
}

fn file_name(path: Option<&Path>) -> String {
    path.and_then(Path::file_name).map_or_else(
        || "this dataset".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    )
}
