//! One frame of the window: the background's news, the panels (toolbar, status, filters,
//! inspector or compare), the view in the centre, the dialogs and questions, then the
//! commands they returned.

use std::sync::Arc;

use super::background::LayoutJob;
use super::state::TableMap;
use super::{StancemapApp, editing};
use crate::model::DataSource;
use crate::ui::export_dialog::{self, DialogAction};
use crate::ui::table_map::{self, MapAction};
use crate::ui::view::ViewContext;
use crate::ui::{Command, editor, filter_panel, inspector, problems, toolbar};

impl eframe::App for StancemapApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.handle_background(&ctx);
        let dt = ctx.input(|i| i.stable_dt).min(0.1);
        self.moving = self
            .doc
            .as_mut()
            .is_some_and(|doc| doc.animate((dt * 10.0).clamp(0.0, 1.0)));
        if self.moving || self.layout_job.is_some() {
            ctx.request_repaint();
        }

        // Files dropped onto the window.
        let dropped = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .find(|p| !p.as_os_str().is_empty())
        });
        if let Some(path) = dropped {
            self.load(DataSource::File(path), false);
        }

        // Closing with unsaved edits asks first.
        if ctx.input(|i| i.viewport().close_requested())
            && !self.closing
            && self.must_ask_before_leaving()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.ask = Some(editing::Ask::Close);
        }
        self.keep_recovery();

        let mut commands = self.handle_keys(&ctx);

        // Window title names the dataset.
        let dirty = if self.must_ask_before_leaving() {
            "• "
        } else {
            ""
        };
        let title = match self.dataset() {
            Some(dataset) => format!("{dirty}{} — stancemap", dataset.title),
            None => "stancemap".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }

        let file = self
            .doc
            .as_ref()
            .map(|d| d.source().display_name())
            .or_else(|| self.problems.as_ref().map(|p| p.path.clone()))
            .unwrap_or_default();
        let tabs: Vec<toolbar::Tab> = self
            .views
            .iter()
            .map(|v| toolbar::Tab {
                title: v.title(),
                description: v.description(),
                fits: v.fits(),
                lays_out: v.lays_out(),
            })
            .collect();
        egui::Panel::top("toolbar").show(ui, |ui| {
            let info = toolbar::ToolbarInfo {
                file: &file,
                problem_count: self.problems.as_ref().map_or(0, |p| p.problems.len()),
                problems_hidden: !self.problems_visible,
                theme: self.state.theme,
                has_data: self.doc.is_some(),
                tabs: &tabs,
                current: self.current,
                comparing: self.compare.is_some(),
            };
            commands.extend(toolbar::toolbar_ui(ui, &info));
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            let info = toolbar::StatusInfo {
                counts: self.status_counts(),
                layout_progress: self.layout_job.as_ref().map(LayoutJob::progress),
                loading: self.background.loading().map(str::to_owned),
                exporting: self.export_dialog.busy,
                unsaved: self.must_ask_before_leaving(),
                note: self.status_note.clone(),
            };
            commands.extend(toolbar::status_ui(ui, &info));
        });
        if let (Some(error), true) = (&self.problems, self.problems_visible) {
            egui::Panel::bottom("problems")
                .resizable(true)
                .show(ui, |ui| {
                    commands.extend(problems::problems_ui(ui, error, self.doc.is_some()));
                });
        }
        if let Some(notice) = self.notice.clone() {
            egui::Panel::bottom("notice").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(notice);
                    if ui.button("OK").clicked() {
                        self.notice = None;
                    }
                });
            });
        }

        if let Some(doc) = &self.doc {
            let id = doc.revision().document;
            // An edit the document followed in place is followed here too (positions counted
            // in and out); anything else counts afresh.
            if let (Some((built, facts)), Some(edited)) = (&mut self.panel, doc.edited_positions())
                && *built == edited.from.document
            {
                facts.follow(doc.dataset(), doc.graph(), edited);
                *built = id;
            }
            if self.panel.as_ref().is_none_or(|(built, _)| *built != id) {
                self.panel = Some((
                    id,
                    filter_panel::PanelFacts::new(doc.dataset(), doc.graph()),
                ));
            }
            if let Some((_, facts)) = &mut self.panel {
                egui::Panel::left("filters")
                    .resizable(true)
                    .default_size(280.0)
                    .min_size(200.0)
                    .show(ui, |ui| {
                        commands.extend(filter_panel::filter_panel_ui(
                            ui,
                            doc,
                            facts,
                            self.state.theme,
                        ));
                    });
            }
            if let Some(panel) = &mut self.compare {
                egui::Panel::right("compare")
                    .resizable(true)
                    .default_size(340.0)
                    .min_size(240.0)
                    .show(ui, |ui| {
                        commands.extend(panel.ui(ui, doc, self.state.theme));
                    });
            } else {
                egui::Panel::right("inspector")
                    .resizable(true)
                    .default_size(320.0)
                    .min_size(220.0)
                    .show(ui, |ui| {
                        let cx = ViewContext {
                            doc,
                            theme: self.state.theme,
                            moving: self.moving,
                            layout_running: self.layout_job.is_some(),
                        };
                        let folder = doc
                            .source()
                            .path()
                            .and_then(std::path::Path::parent)
                            .filter(|p| !p.as_os_str().is_empty());
                        let (edits, form_shown) =
                            editor::editor_ui(ui, doc.dataset(), doc.selection(), folder);
                        commands.extend(edits);
                        if form_shown {
                            return;
                        }
                        let view = &mut self.views[self.current];
                        commands.extend(inspector::inspector_ui(
                            ui,
                            doc.dataset(),
                            doc.summary(),
                            doc.graph(),
                            doc.visible(),
                            doc.selection(),
                            self.state.theme,
                            &mut |ui| view.inspector_ui(ui, &cx),
                        ));
                    });
            }
        }
        // Every view highlights the pairs the comparison found (or nothing, without one).
        if let Some(doc) = &mut self.doc {
            let marks = self.compare.as_ref().and_then(|panel| panel.marks(doc));
            let same = match (doc.marked(), &marks) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            };
            if !same {
                doc.set_marked(marks);
                ctx.request_repaint();
            }
        }

        let central = egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let Some(doc) = &self.doc else {
                    ui.painter()
                        .rect_filled(ui.max_rect(), 0.0, ui.visuals().panel_fill);
                    ui.centered_and_justified(|ui| {
                        if self.background.loading().is_some() {
                            ui.spinner();
                        } else {
                            ui.label("No dataset loaded. Open a positions file (Ctrl+O) or drop one here.");
                        }
                    });
                    return;
                };
                let cx = ViewContext {
                    doc,
                    theme: self.state.theme,
                    moving: self.moving,
                    layout_running: self.layout_job.is_some(),
                };
                commands.extend(self.views[self.current].ui(ui, &cx));
            });
        // The coding form floats beside its passage while the Sources view is shown.
        if let Some(doc) = &self.doc {
            let folder = doc
                .source()
                .path()
                .and_then(std::path::Path::parent)
                .filter(|p| !p.as_os_str().is_empty());
            commands.extend(editor::floating_ui(
                &ctx,
                doc.dataset(),
                doc.selection(),
                folder,
                self.views[self.current].id() == "sources",
                central.response.rect,
            ));
        }

        if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop"),
            ));
            let rect = ctx.content_rect();
            painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(120));
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "Drop a positions file to open it",
                egui::FontId::proportional(22.0),
                egui::Color32::WHITE,
            );
        }

        let view = &self.views[self.current];
        let source = export_dialog::ExportSource {
            view: view.title(),
            has_picture: view.has_picture(),
            can_crop: view.picture_can_crop(),
            has_rows: view.has_rows(),
        };
        if let Some(dialog) = &mut self.table_map {
            match table_map::table_map_ui(&ctx, dialog) {
                MapAction::Open(options) => {
                    let source = DataSource::File(dialog.path.clone());
                    self.state
                        .table_maps
                        .insert(source.display_name(), TableMap::of(&options));
                    self.table_map = None;
                    self.load(source, false);
                }
                MapAction::Cancel => self.table_map = None,
                MapAction::None => {}
            }
        }
        match export_dialog::export_dialog_ui(&ctx, &mut self.export_dialog, &source) {
            DialogAction::Export => commands.push(Command::Export),
            DialogAction::Browse => commands.push(Command::BrowseExport),
            DialogAction::None => {}
        }

        self.ask_ui(&ctx);

        // Commands take effect in the next frame, which is asked for now (without new input
        // egui would not draw one).
        if !commands.is_empty() {
            ctx.request_repaint();
        }
        for command in commands {
            self.run_command(&ctx, command);
        }
        self.views[self.current].end_frame(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.remember_views();
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
    }
}
