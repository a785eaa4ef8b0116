//! The compare side panel: who moved between two dates of the open file, or between another
//! file and this one. It lists each pair whose latest stance changed, was added or removed
//! (from the same comparison `stancemap diff` prints), marks those pairs so every view
//! highlights them, and shows both quotes of the change picked.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use egui::{RichText, Ui};

use super::Command;
use crate::analysis::compare::{
    Change, ChangeKind, Side, compare, compare_dates, issues_on_both_sides,
};
use crate::document::{Document, Marks, Selection};
use crate::model::{self, Date};
use crate::style::Theme;

/// What is compared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// The open file at two dates.
    #[default]
    Dates,
    /// Another file (before) and the open one (after).
    File,
}

/// What a worker sends back: the changes and notes, or why it could not compare.
type Compared = Result<
    (
        Vec<Change>,
        Vec<String>,
        Vec<crate::analysis::balance::Moved>,
    ),
    String,
>;

/// A comparison on a worker: what it sends, the labels of its sides, and the document and
/// mode it was asked for (a result for another is dropped).
#[derive(Debug)]
struct Pending {
    receiver: Receiver<Compared>,
    labels: (String, String),
    document: u64,
    mode: Mode,
}

/// A comparison made.
#[derive(Debug)]
struct Outcome {
    /// "Before" and "after", as named in the panel.
    labels: (String, String),
    changes: Vec<Change>,
    notes: Vec<String>,
    /// The issues whose balance of forces moved.
    balance: Vec<crate::analysis::balance::Moved>,
    /// The changed pairs that exist in the open file.
    marks: Arc<Marks>,
    /// The document whose indices `marks` holds.
    document: u64,
}

/// State of the compare panel (kept while the window is open).
#[derive(Debug, Default)]
pub struct ComparePanel {
    mode: Mode,
    before: String,
    after: String,
    file: String,
    /// The document and inputs the outcome is for.
    made_for: Option<(u64, Mode, String, String, String)>,
    outcome: Option<Result<Outcome, String>>,
    /// A file being read and compared on a worker.
    pending: Option<Pending>,
    /// A native file dialog open on a worker.
    picking: Option<Receiver<Option<PathBuf>>>,
    /// The change whose quotes are shown.
    chosen: Option<usize>,
    /// The open file's first and last date, and the document they are of.
    span: Option<(u64, Option<(Date, Date)>)>,
    /// Compare with `file` as soon as the panel is shown.
    start_at_once: bool,
}

fn short(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Changed => "changed",
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
    }
}

/// One row of the list: who, what happened, on what; returns whether it was clicked.
fn change_row_ui(ui: &mut Ui, change: &Change, chosen: bool) -> bool {
    // The change before the issue, so a narrow panel cuts the issue's name rather than what
    // happened.
    let text = format!(
        "{}: {} · {}",
        change.actor.1,
        change_text(change),
        change.issue.1
    );
    ui.add(egui::Button::selectable(chosen, text.as_str()).truncate())
        .on_hover_text(text.as_str())
        .clicked()
}

/// "Support, then Reject", "added: Support", "removed: Reject".
pub fn change_text(change: &Change) -> String {
    match (&change.before, &change.after) {
        (Some(b), Some(a)) => format!("{}, then {}", b.stance, a.stance),
        (None, Some(a)) => format!("added: {}", a.stance),
        (Some(b), None) => format!("removed: {}", b.stance),
        (None, None) => short(change.kind).to_owned(),
    }
}

impl ComparePanel {
    /// A panel comparing another file (before) with the open document (after) at once: the
    /// file on disk against the edits on screen.
    pub fn against_file(path: &std::path::Path) -> Self {
        Self {
            mode: Mode::File,
            file: path.display().to_string(),
            start_at_once: true,
            ..Self::default()
        }
    }

    /// The pairs to highlight in this document, when a comparison of it is shown (not while
    /// a reloaded file is compared again: the marks hold the old file's indices).
    pub fn marks(&self, doc: &Document) -> Option<Arc<Marks>> {
        match &self.outcome {
            Some(Ok(outcome))
                if outcome.document == doc.revision().document && !outcome.marks.is_empty() =>
            {
                Some(Arc::clone(&outcome.marks))
            }
            _ => None,
        }
    }

    fn date_span(&mut self, doc: &Document) -> Option<(Date, Date)> {
        let id = doc.revision().document;
        match self.span {
            Some((built, span)) if built == id => span,
            _ => {
                let span = doc.dataset().date_span();
                self.span = Some((id, span));
                span
            }
        }
    }

    fn defaults(&mut self, doc: &Document) {
        let Some((first, last)) = self.date_span(doc) else {
            return;
        };
        let parsed = |t: &str| Date::parse(t.trim()).ok();
        let inside = |d: Option<Date>| d.is_some_and(|d| d >= first && d <= last);
        if !inside(parsed(&self.before)) || !inside(parsed(&self.after)) {
            // The middle of the span, and the last day: "what moved in the second half".
            let middle = Date::from_days(i64::midpoint(first.days(), last.days()));
            self.before = middle.to_string();
            self.after = last.to_string();
        }
    }

    fn outcome_of(
        doc: &Document,
        labels: (String, String),
        (changes, notes, balance): (
            Vec<Change>,
            Vec<String>,
            Vec<crate::analysis::balance::Moved>,
        ),
    ) -> Outcome {
        let dataset = doc.dataset();
        let marks: Marks = changes
            .iter()
            .filter_map(|c| {
                dataset
                    .find_actor(&c.actor.0)
                    .zip(dataset.find_issue(&c.issue.0))
            })
            .collect();
        Outcome {
            labels,
            changes,
            notes,
            balance,
            marks: Arc::new(marks),
            document: doc.revision().document,
        }
    }

    /// Makes the comparison again when the document or the inputs changed.
    fn refresh(&mut self, doc: &Document, ctx: &egui::Context) {
        let key = (
            doc.revision().document,
            self.mode,
            self.before.trim().to_owned(),
            self.after.trim().to_owned(),
            self.file.trim().to_owned(),
        );
        if self.made_for.as_ref() == Some(&key) {
            return;
        }
        match self.mode {
            Mode::Dates => {
                self.made_for = Some(key);
                self.pending = None;
                self.chosen = None;
                // Nothing typed yet (a file without dates): nothing to compare, no error.
                if self.before.trim().is_empty() || self.after.trim().is_empty() {
                    self.outcome = None;
                    return;
                }
                let first = Date::parse(self.before.trim());
                let second = Date::parse(self.after.trim());
                match (first, second) {
                    (Ok(a), Ok(b)) => {
                        // On a worker: a file of 200,000 positions takes a moment. The last
                        // result stays on screen until the new one is in.
                        let dataset = Arc::clone(doc.dataset_arc());
                        let (sender, receiver) = std::sync::mpsc::channel();
                        let ctx = ctx.clone();
                        std::thread::spawn(move || {
                            let changes = compare_dates(&dataset, a, b);
                            let mut notes = Vec::new();
                            let moved = changes
                                .iter()
                                .filter(|c| c.kind == ChangeKind::Changed)
                                .count();
                            if moved == 0
                                && !changes.is_empty()
                                && issues_on_both_sides(&dataset, a, b) == 0
                            {
                                notes.push(format!(
                                    "no issue has positions on both sides of {a}: each issue's \
                                     positions were all stated by then or all after it (as in a \
                                     file with one issue per roll call), so no stance could \
                                     change. What differs are issues first stated after {a} \
                                     (added) or stated after {b} (not counted)."
                                ));
                            }
                            let before = crate::analysis::compare::positions_until(&dataset, a);
                            let after = crate::analysis::compare::positions_until(&dataset, b);
                            let balance = crate::analysis::balance::moved(
                                (&dataset, &before),
                                (&dataset, &after),
                            );
                            sender.send(Ok((changes, notes, balance))).ok();
                            ctx.request_repaint();
                        });
                        self.pending = Some(Pending {
                            receiver,
                            labels: (a.to_string(), b.to_string()),
                            document: doc.revision().document,
                            mode: Mode::Dates,
                        });
                    }
                    (Err(reason), _) => self.outcome = Some(Err(format!("Before: {reason}"))),
                    (_, Err(reason)) => self.outcome = Some(Err(format!("After: {reason}"))),
                }
            }
            Mode::File => {
                // Files are read when asked for (the Compare button), not on each keystroke.
                if self
                    .made_for
                    .as_ref()
                    .is_some_and(|m| m.0 != key.0 || m.1 != key.1)
                {
                    self.outcome = None;
                    self.made_for = None;
                    self.pending = None;
                }
            }
        }
    }

    /// Reads the other file and compares on a worker, so a large file never freezes the
    /// window.
    fn start_file(&mut self, doc: &Document, ctx: &egui::Context) {
        let path = PathBuf::from(self.file.trim());
        let current = Arc::clone(doc.dataset_arc());
        let (sender, receiver) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let result = model::load_file(&path)
                .map_err(|e| format!("{}: {e}", path.display()))
                .map(|other| {
                    let before: Vec<_> = other.position_ixs().collect();
                    let after: Vec<_> = current.position_ixs().collect();
                    let balance =
                        crate::analysis::balance::moved((&other, &before), (&current, &after));
                    let (changes, notes) = compare((&other, before), (&current, after));
                    (changes, notes, balance)
                });
            sender.send(result).ok();
            ctx.request_repaint();
        });
        self.pending = Some(Pending {
            receiver,
            labels: (self.file.trim().to_owned(), doc.source().display_name()),
            document: doc.revision().document,
            mode: Mode::File,
        });
        self.made_for = Some((
            doc.revision().document,
            Mode::File,
            self.before.trim().to_owned(),
            self.after.trim().to_owned(),
            self.file.trim().to_owned(),
        ));
        self.outcome = None;
        self.chosen = None;
    }

    fn poll(&mut self, doc: &Document) {
        // Asked for another file or mode: its answer would be credited to this one.
        if self
            .pending
            .as_ref()
            .is_some_and(|p| p.document != doc.revision().document || p.mode != self.mode)
        {
            self.pending = None;
        }
        if let Some(Pending {
            receiver, labels, ..
        }) = &self.pending
        {
            match receiver.try_recv() {
                Ok(result) => {
                    let labels = labels.clone();
                    self.chosen = None;
                    self.outcome =
                        Some(result.map(|compared| Self::outcome_of(doc, labels, compared)));
                    self.pending = None;
                }
                Err(TryRecvError::Disconnected) => {
                    self.outcome = Some(Err("the comparison stopped unexpectedly".to_owned()));
                    self.pending = None;
                }
                Err(TryRecvError::Empty) => {}
            }
        }
        if let Some(receiver) = &self.picking {
            match receiver.try_recv() {
                Ok(picked) => {
                    if let Some(path) = picked {
                        self.file = path.display().to_string();
                    }
                    self.picking = None;
                }
                Err(TryRecvError::Disconnected) => self.picking = None,
                Err(TryRecvError::Empty) => {}
            }
        }
    }

    /// The panel; returns the selections and marks to apply.
    pub fn ui(&mut self, ui: &mut Ui, doc: &Document, theme: Theme) -> Vec<Command> {
        let mut commands = Vec::new();
        self.poll(doc);
        if self
            .made_for
            .as_ref()
            .is_none_or(|m| m.0 != doc.revision().document)
        {
            self.defaults(doc);
        }
        ui.horizontal(|ui| {
            ui.heading("Compare");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("Close")
                    .on_hover_text("Leave compare mode")
                    .clicked()
                {
                    commands.push(Command::SetCompare(false));
                }
            });
        });
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.mode, Mode::Dates, "Two dates");
            ui.selectable_value(&mut self.mode, Mode::File, "Another file");
        });
        ui.add_space(4.0);
        match self.mode {
            Mode::Dates => {
                if self.date_span(doc).is_none() {
                    ui.label("No position of this file has a date: compare it with another file.");
                }
                egui::Grid::new("compare-dates")
                    .num_columns(2)
                    .show(ui, |ui| {
                        ui.label("Before");
                        ui.add(
                            egui::TextEdit::singleline(&mut self.before)
                                .hint_text("YYYY-MM-DD")
                                .desired_width(110.0),
                        )
                        .widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Before date")
                        });
                        ui.end_row();
                        ui.label("After");
                        ui.add(
                            egui::TextEdit::singleline(&mut self.after)
                                .hint_text("YYYY-MM-DD")
                                .desired_width(110.0),
                        )
                        .widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::TextInput, true, "After date")
                        });
                        ui.end_row();
                    });
                ui.weak("Each actor's latest stance per issue on each day.");
            }
            Mode::File => {
                ui.label("Before: another file. After: this one.");
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.file)
                            .hint_text("path of the earlier file")
                            .desired_width(ui.available_width() - 70.0),
                    )
                    .widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::TextInput, true, "File to compare")
                    });
                    if ui
                        .add_enabled(self.picking.is_none(), egui::Button::new("Browse…"))
                        .clicked()
                    {
                        let (sender, receiver) = std::sync::mpsc::channel();
                        let ctx = ui.ctx().clone();
                        let start = doc
                            .source()
                            .path()
                            .and_then(|p| p.parent())
                            .map(PathBuf::from);
                        std::thread::spawn(move || {
                            let mut dialog =
                                rfd::FileDialog::new().set_title("Compare with a file");
                            if let Some(dir) = start {
                                dialog = dialog.set_directory(dir);
                            }
                            sender.send(dialog.pick_file()).ok();
                            ctx.request_repaint();
                        });
                        self.picking = Some(receiver);
                    }
                });
                let ready = !self.file.trim().is_empty() && self.pending.is_none();
                if ui
                    .add_enabled(ready, egui::Button::new("Compare with this file"))
                    .clicked()
                {
                    self.start_file(doc, ui.ctx());
                }
            }
        }
        if std::mem::take(&mut self.start_at_once) {
            self.start_file(doc, ui.ctx());
        }
        self.refresh(doc, ui.ctx());
        ui.separator();
        if self.pending.is_some() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Comparing…");
            });
        }
        let Some(outcome) = &self.outcome else {
            return commands;
        };
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(message) => {
                ui.colored_label(ui.visuals().error_fg_color, message);
                return commands;
            }
        };
        let count = |kind| outcome.changes.iter().filter(|c| c.kind == kind).count();
        ui.label(
            RichText::new(format!(
                "{} changed · {} added · {} removed",
                count(ChangeKind::Changed),
                count(ChangeKind::Added),
                count(ChangeKind::Removed)
            ))
            .strong(),
        );
        ui.weak(format!("{} to {}", outcome.labels.0, outcome.labels.1));
        for note in &outcome.notes {
            ui.colored_label(ui.visuals().warn_fg_color, format!("Note: {note}"));
        }
        // How the weighted balance of each issue moved (when the files weigh their actors).
        if !outcome.balance.is_empty() {
            ui.label(RichText::new("Balance of forces moved").strong());
            let text = |b: Option<f64>| match b {
                Some(v) if v < 0.0 => format!("\u{2212}{:.2}", -v),
                Some(v) => format!("+{v:.2}"),
                None => "no weight".to_owned(),
            };
            for m in &outcome.balance {
                ui.label(format!(
                    "{}: {} then, {} now ({} of {} actors weighed)",
                    m.issue,
                    text(m.before),
                    text(m.after),
                    m.weighed.0,
                    m.weighed.1
                ));
            }
        }
        if outcome.changes.is_empty() {
            ui.label("No stance changed, none added, none removed.");
            return commands;
        }
        let dataset = doc.dataset();
        // Changes first, in full; the added and removed pairs folded with their counts. The
        // list keeps its room above the change picked, which shows both quotes.
        let room =
            (ui.available_height() - if self.chosen.is_some() { 240.0 } else { 0.0 }).max(140.0);
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let mut picked = None;
        egui::ScrollArea::vertical()
            .id_salt("compare-list")
            .max_height(room)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for kind in [ChangeKind::Changed, ChangeKind::Added, ChangeKind::Removed] {
                    let listed: Vec<usize> = (0..outcome.changes.len())
                        .filter(|&i| outcome.changes[i].kind == kind)
                        .collect();
                    if listed.is_empty() {
                        continue;
                    }
                    let title = match kind {
                        ChangeKind::Changed => format!("Changed ({})", listed.len()),
                        ChangeKind::Added => format!("Added ({})", listed.len()),
                        ChangeKind::Removed => format!("Removed ({})", listed.len()),
                    };
                    egui::CollapsingHeader::new(RichText::new(title).strong())
                        .id_salt(("compare-kind", short(kind)))
                        .default_open(kind == ChangeKind::Changed)
                        .show(ui, |ui| {
                            // Long lists lay out only the rows in view.
                            egui::ScrollArea::vertical()
                                .id_salt(("compare-rows", short(kind)))
                                .max_height(row_height * 12.0)
                                .auto_shrink([false, true])
                                .show_rows(ui, row_height, listed.len(), |ui, range| {
                                    for &i in &listed[range] {
                                        if change_row_ui(
                                            ui,
                                            &outcome.changes[i],
                                            self.chosen == Some(i),
                                        ) {
                                            picked = Some(i);
                                        }
                                    }
                                });
                        });
                }
            });
        if let Some(i) = picked {
            self.chosen = Some(i);
            let change = &outcome.changes[i];
            let pair = dataset
                .find_actor(&change.actor.0)
                .zip(dataset.find_issue(&change.issue.0));
            if let Some((a, issue)) = pair {
                commands.push(Command::Select(Some(Selection::Pair(a, issue))));
            }
        }
        // The change picked, with both quotes, below the list.
        if let Some(change) = self.chosen.and_then(|i| outcome.changes.get(i)) {
            ui.add_space(4.0);
            egui::ScrollArea::vertical()
                .id_salt("compare-detail")
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.strong(format!("{} on {}", change.actor.1, change.issue.1));
                        let side_ui = |ui: &mut Ui, heading: &str, side: &Side| {
                            ui.horizontal(|ui| {
                                ui.weak(heading);
                                let kind = model::StanceKind::ALL
                                    .into_iter()
                                    .find(|k| side.stance.starts_with(k.label()));
                                if let Some(kind) = kind {
                                    super::stance_chip(ui, theme, kind);
                                }
                                if let Some(date) = side.date {
                                    ui.weak(date.to_string());
                                }
                            });
                            ui.add(super::quote_label(ui, &side.quote));
                        };
                        match &change.before {
                            Some(side) => side_ui(ui, "Before", side),
                            None => {
                                ui.weak("Before: no position");
                            }
                        }
                        match &change.after {
                            Some(side) => side_ui(ui, "After", side),
                            None => {
                                ui.weak("After: no position");
                            }
                        }
                    });
                });
        }
        commands
    }
}
