//! The Stakeholders view: one issue's actors on the position map (stance across, influence
//! up, salience as size) or the power–interest grid (salience across, influence up). Dragging
//! an actor up or down sets its influence (across, in the grid, its position's salience): an
//! ordinary edit, undone and saved like any other. Clicking one selects its position on the
//! issue, whose quote the inspector shows.

use std::any::Any;

use egui::{Pos2, Rect, RichText, Ui};

use super::graph_view::{Camera, ViewCache, graph_view_ui, legend_height};
use super::view::{Picture, Snapshot, View, ViewContext, ViewEvent};
use super::{Command, grouped};
use crate::analysis::balance;
use crate::document::Selection;
use crate::document::edit::{Edit, Entry};
use crate::graph::Node;
use crate::model::{ActorDraft, IssueIx, PositionDraft, PositionIx};
use crate::scene::Scene;
use crate::scene::stakeholders::{
    HEIGHT, Layout, Stakeholder, StakeholderChart, influence_at, salience_at, stakeholders,
};
use crate::style::Theme;

/// What the scene was built for.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Key {
    document: u64,
    filter: u64,
    selection: u64,
    colour: u64,
    theme: Theme,
    issue: IssueIx,
    layout: Layout,
}

/// The view's state between frames.
#[derive(Default)]
pub struct StakeholdersView {
    /// The issue chosen (else the selection's, else the first shown).
    issue: Option<String>,
    layout: Layout,
    scene: Option<(Key, Scene)>,
    actors: Vec<Stakeholder>,
    generation: u64,
    camera: Camera,
    fit: bool,
    cache: ViewCache,
    /// An actor being dragged: its place in the scene.
    dragging: Option<usize>,
    /// The issue and chart the camera was fitted to (another one fits again; an edit does
    /// not move the camera).
    fitted: Option<(IssueIx, Layout)>,
}

impl StakeholdersView {
    /// The issue shown: the one chosen, else the selection's, else the first the filter shows
    /// that has a position.
    fn issue(&self, cx: &ViewContext<'_>) -> Option<IssueIx> {
        let doc = cx.doc;
        let dataset = doc.dataset();
        if let Some(id) = &self.issue
            && let Some(i) = dataset.find_issue(id)
        {
            return Some(i);
        }
        match doc.selection() {
            Some(Selection::Node(Node::Issue(i)) | Selection::Pair(_, i)) => return Some(i),
            Some(Selection::Position(p)) => return Some(dataset.position(p).issue),
            _ => {}
        }
        doc.visible_positions()
            .next()
            .map(|p| dataset.position(p).issue)
    }

    /// The scene shown last (for tests).
    pub fn scene(&self) -> Option<&Scene> {
        self.scene.as_ref().map(|(_, s)| s)
    }

    /// Shows the position map or the grid.
    pub fn set_layout(&mut self, layout: Layout) {
        self.layout = layout;
    }

    /// The edit a drag of actor `k` to `at` makes: its influence (and, in the grid, its
    /// position's salience), checked by the editor's rules.
    fn drag_edit(&self, cx: &ViewContext<'_>, k: usize, at: Pos2) -> Option<Edit> {
        let dataset = cx.doc.dataset();
        let s = self.actors.get(k)?;
        let mut changes = Vec::new();
        let influence = influence_at(at.y.min(HEIGHT));
        if s.influence != Some(influence) || at.y > HEIGHT {
            let mut draft = ActorDraft::of(dataset, dataset.actor(s.actor));
            // Dropped on the strip below the chart: not recorded.
            draft.influence = if at.y > HEIGHT + 20.0 {
                String::new()
            } else {
                influence.to_string()
            };
            let actor = dataset.check_actor(&draft, Some(s.actor)).ok()?;
            if actor != *dataset.actor(s.actor) {
                changes.extend(Edit::replace(s.actor.0, Entry::Actor(actor)).changes);
            }
        }
        if self.layout == Layout::PowerInterest && at.y <= HEIGHT {
            let salience = salience_at(at.x);
            if s.salience != Some(salience) {
                let mut draft = PositionDraft::of(dataset, dataset.position(s.position));
                draft.salience = salience.to_string();
                let position = dataset.check_position(&draft).ok()?;
                changes.extend(Edit::replace(s.position.0, Entry::Position(position)).changes);
            }
        }
        let name = &dataset.actor(s.actor).name;
        (!changes.is_empty()).then(|| Edit::new(format!("Set the influence of {name}"), changes))
    }
}

impl View for StakeholdersView {
    fn id(&self) -> &'static str {
        "stakeholders"
    }

    fn title(&self) -> &'static str {
        "Stakeholders"
    }

    fn description(&self) -> &'static str {
        "One issue's actors by stance, influence and salience: the position map and the power–interest grid; drag an actor to set its influence"
    }

    fn has_picture(&self) -> bool {
        true
    }

    #[expect(
        clippy::too_many_lines,
        reason = "the bar, the chart and the drag, read in order"
    )]
    fn ui(&mut self, ui: &mut Ui, cx: &ViewContext<'_>) -> Vec<Command> {
        let doc = cx.doc;
        let dataset = doc.dataset();
        let mut commands = Vec::new();
        ui.painter()
            .rect_filled(ui.max_rect(), 0.0, ui.visuals().panel_fill);
        let Some(issue) = self.issue(cx) else {
            ui.centered_and_justified(|ui| {
                ui.label("No issue has a position the filter shows.");
            });
            return commands;
        };
        let positions: Vec<PositionIx> = doc.visible_positions().collect();
        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(8, 6))
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label("Issue");
                    let mut chosen = issue;
                    let shown: Vec<IssueIx> = dataset
                        .issue_ixs()
                        .filter(|&i| doc.filter().shows_issue(i))
                        .collect();
                    egui::ComboBox::from_id_salt("stakeholders-issue")
                        .selected_text(&dataset.issue(issue).name)
                        .width(280.0)
                        .show_ui(ui, |ui| {
                            for i in shown {
                                ui.selectable_value(&mut chosen, i, &dataset.issue(i).name);
                            }
                        })
                        .response
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Issue"));
                    if chosen != issue {
                        self.issue = Some(dataset.issue(chosen).id.clone());
                        self.fit = true;
                    }
                    ui.separator();
                    for (layout, label, hint) in [
                        (Layout::PositionMap, "Position map", "Stance across, influence up, salience as size"),
                        (Layout::PowerInterest, "Power–interest grid", "Salience across, influence up; quadrants at 50"),
                    ] {
                        if ui.selectable_label(self.layout == layout, label).on_hover_text(hint).clicked() {
                            self.layout = layout;
                            self.fit = true;
                        }
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    let b = balance::balance_of(dataset, &positions, issue);
                    ui.label(format!(
                        "Balance {} · {}",
                        crate::export::balance::balance_text(&b),
                        crate::export::balance::weighed_text(&b)
                    ))
                    .on_hover_text("Influence × salience / 100 weighs each actor's latest stance; −1 all weight against, +1 all for (README: The balance of forces)");
                    if b.weighted < b.actors && self.layout == Layout::PositionMap {
                        ui.weak("Weighing needs each actor's salience too: set it across on the power–interest grid.");
                    }
                    ui.weak(match self.layout {
                    Layout::PositionMap => "Drag an actor up or down to set its influence (onto the strip below: not recorded). Ctrl+Z undoes.",
                    Layout::PowerInterest => "Drag an actor: up or down sets its influence, across its salience on this issue. Ctrl+Z undoes.",
                    });
                });
            });
        let revision = doc.revision();
        let key = Key {
            document: revision.document,
            filter: revision.filter,
            selection: revision.selection,
            colour: revision.colour,
            theme: cx.theme,
            issue,
            layout: self.layout,
        };
        // Another selection only re-emphasises the scene (a rebuild of 20,000 actors takes
        // a sixth of a second).
        if let Some((built, scene)) = self.scene.as_mut()
            && *built != key
            && (Key {
                selection: key.selection,
                ..*built
            }) == key
        {
            scene.reselect(doc.graph(), doc.selection(), None);
            built.selection = key.selection;
            self.generation += 1;
        }
        let stale = self.scene.as_ref().is_none_or(|(k, _)| *k != key);
        if stale && self.dragging.is_none() {
            let fresh_chart = self.fitted != Some((key.issue, key.layout));
            self.fitted = Some((key.issue, key.layout));
            self.actors = stakeholders(dataset, &positions, issue);
            let chart = StakeholderChart {
                dataset,
                graph: doc.graph(),
                issue,
                stakeholders: &self.actors,
                layout: self.layout,
                colouring: doc.colouring(),
                theme: cx.theme,
            };
            self.scene = Some((key, Scene::stakeholders(&chart, doc.selection())));
            self.generation += 1;
            self.fit |= fresh_chart;
        }
        let Some((_, scene)) = self.scene.as_mut() else {
            return commands;
        };
        if scene.nodes.is_empty() {
            ui.centered_and_justified(|ui| {
                ui.label(RichText::new(
                    "No actor holds a stance on this issue in the filter.",
                ));
            });
            return commands;
        }
        let canvas = ui.available_rect_before_wrap();
        if std::mem::take(&mut self.fit) {
            let legend = legend_height(ui.ctx(), scene, canvas);
            self.camera = Camera::fit(scene.bounds(), canvas, legend);
        }
        let output = graph_view_ui(
            ui,
            scene,
            self.generation,
            dataset,
            &mut self.camera,
            &mut self.cache,
        );
        for command in output.commands {
            // A click names the actor's position on this issue: the inspector shows its quote.
            commands.push(match command {
                Command::Select(Some(Selection::Node(Node::Actor(a)))) => {
                    Command::Select(Some(Selection::Pair(a, issue)))
                }
                other => other,
            });
        }
        if let Some((index, world)) = output.moved
            && let Some(k) = scene.nodes.iter().position(|n| n.index == index)
        {
            // The map moves only up and down; the grid both ways.
            let node = &mut scene.nodes[k];
            let bounds = Rect::from_min_max(
                Pos2::new(0.0, 0.0),
                Pos2::new(crate::scene::stakeholders::GRID, HEIGHT + 200.0),
            );
            node.center = match self.layout {
                Layout::PositionMap => Pos2::new(node.center.x, world.y.clamp(0.0, HEIGHT + 200.0)),
                Layout::PowerInterest => bounds.clamp(world),
            };
            self.dragging = Some(k);
            self.generation += 1;
        }
        if output.released.is_some()
            && let Some(k) = self.dragging.take()
        {
            let at = scene.nodes[k].center;
            if let Some(edit) = self.drag_edit(cx, k, at) {
                let select = Some(Selection::Pair(self.actors[k].actor, issue));
                commands.push(Command::Edit(Box::new(edit), select));
            }
            // Built again from the document (the edit, or where it was).
            self.scene = None;
        }
        let count = self.actors.len();
        if count > 0 && ui.ctx().input(|i| i.modifiers.alt) {
            ui.weak(format!("{} actors", grouped(count)));
        }
        commands
    }

    fn use_gpu(&mut self, gpu: bool) {
        self.cache = ViewCache::new(gpu);
    }

    fn keys(&mut self, _ctx: &egui::Context, _cx: &ViewContext<'_>) -> Vec<Command> {
        Vec::new()
    }

    fn on_event(&mut self, event: ViewEvent, _cx: &ViewContext<'_>) {
        match event {
            ViewEvent::Opened { kept: false } => {
                self.issue = None;
                self.scene = None;
                self.fitted = None;
                self.fit = true;
            }
            ViewEvent::Fit => self.fit = true,
            _ => {}
        }
    }

    fn snapshot(&mut self, cx: &ViewContext<'_>, _whole: bool) -> Option<Snapshot> {
        let (_, scene) = self.scene.as_ref()?;
        let issue = self.issue(cx)?;
        let name = &cx.doc.dataset().issue(issue).name;
        Some(Snapshot {
            picture: Picture::Scene {
                scene: Box::new(scene.clone()),
                extent: crate::export::Extent::WholeGraph,
            },
            subtitle: Some(match self.layout {
                Layout::PositionMap => format!(": stakeholders on {name}"),
                Layout::PowerInterest => format!(": power and interest on {name}"),
            }),
            note: Some(match self.layout {
                Layout::PositionMap => {
                    "Position map: stance across, influence up (0–100), marker size salience"
                        .to_owned()
                }
                Layout::PowerInterest => {
                    "Power–interest grid: salience across, influence up (0–100), quadrants at 50"
                        .to_owned()
                }
            }),
        })
    }

    fn saved_state(&self) -> Option<String> {
        ron::to_string(&(self.issue.clone(), self.layout)).ok()
    }

    fn restore_state(&mut self, saved: &str) {
        if let Ok((issue, layout)) = ron::from_str::<(Option<String>, Layout)>(saved) {
            self.issue = issue;
            self.layout = layout;
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
