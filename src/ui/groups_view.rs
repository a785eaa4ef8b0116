//! The Groups view: what the groups an attribute makes do. Each group's cohesion (the
//! Agreement Index averaged over its issues) and E-I index on the agreement network as bars,
//! the blocs of that network against the groups, the strongest ties across groups, and every
//! defection (a member against its group's plurality) with its quote. A click selects the
//! actor, the pair or the position. The figures follow the definitions of `stancemap groups`
//! (README, "Groups"), computed on a worker.

use std::any::Any;
use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};

use egui::{Color32, RichText, Sense, Ui, vec2};

use super::view::{View, ViewContext, ViewEvent};
use super::{Command, grouped};
use crate::analysis::agreement::{Agreement, Duplicates, Measure, Normalization, Options};
use crate::analysis::groups::{self, Defection, GroupFigures, Grouping};
use crate::analysis::network::{Keep, Network, Progress};
use crate::document::{Document, Selection};
use crate::graph::Node;
use crate::model::{ActorIx, Dataset, PositionIx};
use crate::style::colour::{ColourBy, Colouring};

/// Most defections listed (the rest are counted; `stancemap groups --defections` writes all).
const MAX_DEFECTIONS: usize = 200;

/// Most ties across groups listed.
const CROSS_TIES: usize = 10;

/// What the figures are computed from.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    document: u64,
    filter: u64,
    attribute: String,
    measure: Measure,
}

/// The figures of one grouping.
struct Figures {
    key: Key,
    grouping: Grouping,
    /// Each group's figures, by group.
    by_group: Vec<GroupFigures>,
    /// The whole network's (internal, external) weight.
    whole: (f64, f64),
    /// Group × bloc: how many actors of the network.
    contingency: Vec<Vec<usize>>,
    /// The network's blocs: how many, and their modularity.
    blocs: (usize, f64),
    /// The strongest agreement ties between members of two groups: (a, b, weight).
    cross: Vec<(ActorIx, ActorIx, f64)>,
    defections: Vec<Defection>,
}

fn compute(
    dataset: &Dataset,
    positions: &[PositionIx],
    key: Key,
    progress: &Progress,
) -> Option<Figures> {
    let grouping = Grouping::by(dataset, &key.attribute);
    let options = Options {
        measure: key.measure,
        normalization: Normalization::None,
        duplicates: Duplicates::Include,
    };
    let agreement = Agreement::new(dataset, positions.iter().copied(), options);
    let of_actor = groups::network_groups(&grouping, agreement.actors());
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let network = Network::compute_grouped(
        &agreement,
        Keep::default(),
        cores.saturating_sub(1).max(1),
        progress,
        Some(&of_actor),
    )?;
    let mut figures = groups::figures(dataset, positions, &grouping);
    let whole = groups::with_ties(&mut figures, &grouping, &network);
    let mut contingency = vec![vec![0; network.blocs.count.max(1)]; grouping.names.len()];
    for (k, &a) in network.actors.iter().enumerate() {
        let bloc = network.blocs.community.get(k).copied().unwrap_or(0);
        contingency[grouping.of(a) as usize][bloc] += 1;
    }
    let mut cross: Vec<(ActorIx, ActorIx, f64)> = network
        .ties
        .iter()
        .filter(|t| t.agrees && t.weight > 0.0)
        .map(|t| {
            (
                network.actors[t.a as usize],
                network.actors[t.b as usize],
                t.weight,
            )
        })
        .filter(|&(a, b, _)| grouping.of(a) != grouping.of(b))
        .collect();
    cross.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
    cross.truncate(CROSS_TIES);
    let defections = groups::defections(dataset, positions, &grouping);
    Some(Figures {
        key,
        grouping,
        by_group: figures,
        whole,
        contingency,
        blocs: (network.blocs.count, network.blocs.modularity),
        cross,
        defections,
    })
}

/// A computation on a worker.
struct Job {
    key: Key,
    progress: Arc<Progress>,
    result: mpsc::Receiver<Option<Figures>>,
}

/// The view's state between frames.
pub struct GroupsView {
    /// The attribute chosen (else the colouring's, else the first).
    attribute: Option<String>,
    measure: Measure,
    figures: Option<Figures>,
    job: Option<Job>,
}

impl Default for GroupsView {
    fn default() -> Self {
        Self {
            attribute: None,
            measure: Measure::Congruence,
            figures: None,
            job: None,
        }
    }
}

impl GroupsView {
    /// The attribute the groups are made by: the one chosen, else the one actors are
    /// coloured by, else the one most actors have (the first by name among equals).
    fn attribute(&self, doc: &Document, names: &[&str]) -> Option<String> {
        if let Some(a) = &self.attribute
            && names.contains(&a.as_str())
        {
            return Some(a.clone());
        }
        if let ColourBy::Attribute(a) = doc.colour_by()
            && names.contains(&a.as_str())
        {
            return Some(a.clone());
        }
        let held = |name: &str| {
            doc.dataset()
                .actors
                .iter()
                .filter(|a| a.attributes.contains_key(name))
                .count()
        };
        names
            .iter()
            .copied()
            .max_by(|a, b| held(a).cmp(&held(b)).then(b.cmp(a)))
            .map(str::to_owned)
    }

    /// Whether the figures shown are for the document as it is now.
    pub fn is_computing(&self) -> bool {
        self.job.is_some()
    }

    /// Each group's name and figures, as shown (for tests).
    pub fn figures(&self) -> Option<Vec<(String, GroupFigures)>> {
        let f = self.figures.as_ref()?;
        Some(
            f.grouping
                .names
                .iter()
                .cloned()
                .zip(f.by_group.iter().cloned())
                .collect(),
        )
    }

    /// Starts a computation when what the figures depend on changed; takes a finished one.
    fn update(&mut self, ctx: &egui::Context, doc: &Document, key: Key) {
        if let Some(job) = &self.job {
            match job.result.try_recv() {
                Ok(Some(figures)) if figures.key == key => {
                    self.figures = Some(figures);
                    self.job = None;
                }
                Ok(_) | Err(mpsc::TryRecvError::Disconnected) => self.job = None,
                Err(mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(std::time::Duration::from_millis(50));
                }
            }
        }
        let current = self.figures.as_ref().is_some_and(|f| f.key == key);
        let running = self.job.as_ref().is_some_and(|j| j.key == key);
        if current || running {
            return;
        }
        if let Some(job) = self.job.take() {
            job.progress.cancel.store(true, Ordering::Relaxed);
        }
        let progress = Arc::new(Progress::default());
        let (tx, rx) = mpsc::channel();
        let dataset = Arc::clone(doc.dataset_arc());
        let positions: Vec<PositionIx> = doc.visible_positions().collect();
        let worker_key = key.clone();
        let worker_progress = Arc::clone(&progress);
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let figures = compute(&dataset, &positions, worker_key, &worker_progress);
            tx.send(figures).ok();
            ctx.request_repaint();
        });
        self.job = Some(Job {
            key,
            progress,
            result: rx,
        });
    }
}

/// A bar from 0 to `value` in a row `width` wide (cohesion, 0 to 1).
fn bar(ui: &mut Ui, value: f64, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(vec2(120.0, 12.0), Sense::hover());
    ui.painter()
        .rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
    let mut fill = rect;
    fill.set_width(rect.width() * value.clamp(0.0, 1.0) as f32);
    ui.painter().rect_filled(fill, 2.0, color);
}

/// A bar from the middle towards −1 (left) or +1 (right) (the E-I index).
fn diverging_bar(ui: &mut Ui, value: f64, inside: Color32, outside: Color32) {
    let (rect, _) = ui.allocate_exact_size(vec2(120.0, 12.0), Sense::hover());
    ui.painter()
        .rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
    let middle = rect.center().x;
    let reach = rect.width() / 2.0 * value.clamp(-1.0, 1.0) as f32;
    let fill = egui::Rect::from_x_y_ranges(
        middle.min(middle + reach)..=middle.max(middle + reach),
        rect.y_range(),
    );
    ui.painter()
        .rect_filled(fill, 2.0, if value < 0.0 { inside } else { outside });
    ui.painter().vline(
        middle,
        rect.y_range(),
        ui.visuals().widgets.noninteractive.fg_stroke,
    );
}

impl View for GroupsView {
    fn id(&self) -> &'static str {
        "groups"
    }

    fn title(&self) -> &'static str {
        "Groups"
    }

    fn description(&self) -> &'static str {
        "What the groups of an attribute do: cohesion, ties within and across them (E-I), blocs against groups, who broke ranks"
    }

    fn fits(&self) -> bool {
        false
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one panel of sections, read top to bottom"
    )]
    fn ui(&mut self, ui: &mut Ui, cx: &ViewContext<'_>) -> Vec<Command> {
        let doc = cx.doc;
        let dataset = doc.dataset();
        let theme = cx.theme;
        let mut commands = Vec::new();
        ui.painter()
            .rect_filled(ui.max_rect(), 0.0, ui.visuals().panel_fill);
        let names = dataset.attribute_names();
        let Some(attribute) = self.attribute(doc, &names) else {
            egui::Frame::new()
                .inner_margin(egui::Margin::symmetric(40, 40))
                .show(ui, |ui| {
                    ui.label("No actor has an attribute. Give actors one (attributes: {\"party\": \"…\"} in the file, an attribute:party column in a table, or Edit actor) to see what their groups do.");
                });
            return commands;
        };
        let revision = doc.revision();
        let key = Key {
            document: revision.document,
            filter: revision.filter,
            attribute: attribute.clone(),
            measure: self.measure,
        };
        self.update(ui.ctx(), doc, key.clone());
        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(8, 6))
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label("Groups by");
                    let mut chosen = attribute.clone();
                    egui::ComboBox::from_id_salt("groups-by")
                        .selected_text(&chosen)
                        .show_ui(ui, |ui| {
                            for name in &names {
                                ui.selectable_value(&mut chosen, (*name).to_owned(), *name);
                            }
                        })
                        .response
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Groups by"));
                    if chosen != attribute {
                        self.attribute = Some(chosen);
                    }
                    ui.separator();
                    ui.label("Ties");
                    for measure in [Measure::Congruence, Measure::Subtract] {
                        let hint = match measure {
                            Measure::Congruence => "Two actors are tied by the issues on which they hold the same stance",
                            _ => "Same stance counts for, support against reject counts against; only positive ties count in E-I",
                        };
                        ui.selectable_value(&mut self.measure, measure, measure.name())
                            .on_hover_text(hint);
                    }
                    if let ColourBy::Attribute(coloured) = doc.colour_by()
                        && *coloured == attribute
                    {
                        ui.weak("(actors are coloured by it)");
                    } else if ui
                        .button(format!("Colour by {attribute}"))
                        .on_hover_text("Colour the actors by this attribute in every view")
                        .clicked()
                    {
                        commands.push(Command::SetColourBy(ColourBy::Attribute(attribute.clone())));
                    }
                });
            });
        let Some(figures) = self.figures.as_ref().filter(|f| f.key == key) else {
            ui.centered_and_justified(|ui| {
                ui.label("Measuring the groups…");
            });
            return commands;
        };
        let colouring = doc.colouring();
        let coloured = colouring.by == ColourBy::Attribute(attribute.clone());
        let swatch = |ui: &mut Ui, colouring: &Colouring, name: &str| {
            if coloured && let Some(k) = colouring.values.iter().position(|v| v.label == name) {
                let (rect, _) = ui.allocate_exact_size(vec2(10.0, 10.0), Sense::hover());
                ui.painter()
                    .circle_filled(rect.center(), 5.0, colouring.value_fill(k, theme));
            }
        };
        // The accent, not a stance's or a group's colour: the bars measure, they name nothing.
        let accent = ui.visuals().selection.bg_fill;
        let (within, across) = (accent, accent);
        egui::ScrollArea::vertical()
            .id_salt("groups-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.add_space(4.0);
                let (inside, between) = figures.whole;
                ui.label(format!(
                    "{} groups by {attribute} · {} actors · E-I of the whole network {:.2} ({} ties, not normalised; within groups {}, across {})",
                    figures.grouping.names.len(),
                    grouped(figures.by_group.iter().map(|f| f.members).sum()),
                    groups::ei(inside, between),
                    key.measure.name(),
                    grouped(inside.round() as usize),
                    grouped(between.round() as usize),
                ));
                ui.weak("Cohesion: the Agreement Index of Hix, Noury and Roland (1 = all members take one stance), averaged over the issues where 2 or more members hold one. E-I (Krackhardt and Stern): −1 all ties within the group, +1 all across.");
                ui.add_space(6.0);
                egui::Grid::new("groups-figures")
                    .striped(true)
                    .spacing([14.0, 6.0])
                    .show(ui, |ui| {
                        for head in ["Group", "Members", "Issues", "Cohesion", "", "E-I (−1 within, +1 across)", ""] {
                            ui.label(RichText::new(head).strong());
                        }
                        ui.end_row();
                        for (name, f) in figures.grouping.names.iter().zip(&figures.by_group) {
                            ui.horizontal(|ui| {
                                swatch(ui, colouring, name);
                                ui.label(name);
                            });
                            ui.label(grouped(f.members));
                            ui.label(grouped(f.issues));
                            if let Some(c) = f.cohesion {
                                bar(ui, c, within);
                                ui.label(format!("{c:.3}"));
                            } else {
                                ui.weak("—")
                                    .on_hover_text("Fewer than 2 members hold a stance on any issue");
                                ui.weak("");
                            }
                            diverging_bar(ui, f.ei(), within, across);
                            ui.label(format!("{:.3}", f.ei()));
                            ui.end_row();
                        }
                    });

                ui.add_space(10.0);
                ui.label(RichText::new("Blocs against groups").strong());
                let (count, modularity) = figures.blocs;
                ui.weak(format!(
                    "The blocs of this {} network ({count}, modularity {modularity:.2}{}): how many members of each group fall in each.",
                    key.measure.name(),
                    if modularity < crate::analysis::network::CLEAR_BLOCS { ", no clear split" } else { "" }
                ));
                let shown_blocs = count.clamp(1, crate::style::colour::NAMED_BLOCS + 1);
                egui::Grid::new("groups-contingency")
                    .striped(true)
                    .spacing([14.0, 4.0])
                    .show(ui, |ui| {
                        ui.label("");
                        for b in 0..shown_blocs {
                            ui.label(RichText::new(format!("Bloc {}", b + 1)).strong());
                        }
                        ui.end_row();
                        for (name, row) in figures.grouping.names.iter().zip(&figures.contingency) {
                            ui.label(name);
                            for b in 0..shown_blocs {
                                let n = if b + 1 == shown_blocs {
                                    row[b..].iter().sum()
                                } else {
                                    row.get(b).copied().unwrap_or(0)
                                };
                                if n == 0 {
                                    ui.weak("·");
                                } else {
                                    ui.label(grouped(n));
                                }
                            }
                            ui.end_row();
                        }
                    });

                if !figures.cross.is_empty() {
                    ui.add_space(10.0);
                    ui.label(RichText::new("Strongest ties across groups").strong());
                    for &(a, b, weight) in &figures.cross {
                        let (an, bn) = (&dataset.actor(a).name, &dataset.actor(b).name);
                        let (ag, bg) = (
                            &figures.grouping.names[figures.grouping.of(a) as usize],
                            &figures.grouping.names[figures.grouping.of(b) as usize],
                        );
                        if ui
                            .link(format!("{an} ({ag}) and {bn} ({bg}): {}", grouped(weight.round() as usize)))
                            .on_hover_text("Select the pair: the inspector compares their stances")
                            .clicked()
                        {
                            commands.push(Command::Select(Some(Selection::Actors(a, b))));
                        }
                    }
                }

                ui.add_space(10.0);
                ui.label(RichText::new(format!(
                    "Who broke ranks ({} defections)",
                    grouped(figures.defections.len())
                )).strong());
                ui.weak("A member whose latest stance on an issue differs from its group's strict plurality.");
                for d in figures.defections.iter().take(MAX_DEFECTIONS) {
                    let position = dataset.position(d.position);
                    ui.horizontal_wrapped(|ui| {
                        let actor = &dataset.actor(d.actor).name;
                        if ui.link(actor).on_hover_text("Select the actor").clicked() {
                            commands.push(Command::Select(Some(Selection::Node(Node::Actor(d.actor)))));
                        }
                        ui.weak(format!(
                            "({}) {} on {} where the group {}",
                            figures.grouping.names[d.group as usize],
                            position.stance.kind().name(),
                            dataset.issue(d.issue).name,
                            d.group_stance.name(),
                        ));
                        if let Some(date) = position.date {
                            ui.weak(date.to_string());
                        }
                    });
                    let quote: String = position.quote.chars().take(160).collect();
                    let quote = if quote.len() < position.quote.len() { format!("“{quote}…”") } else { format!("“{quote}”") };
                    if ui
                        .add(egui::Label::new(RichText::new(quote).italics()).sense(Sense::click()))
                        .on_hover_text("Select the position: the inspector shows its quote and source")
                        .clicked()
                    {
                        commands.push(Command::Select(Some(Selection::Position(d.position))));
                    }
                    ui.add_space(2.0);
                }
                if figures.defections.len() > MAX_DEFECTIONS {
                    ui.weak(format!(
                        "… {} more: stancemap groups --defections writes them all",
                        grouped(figures.defections.len() - MAX_DEFECTIONS)
                    ));
                }
            });
        commands
    }

    fn keys(&mut self, _ctx: &egui::Context, _cx: &ViewContext<'_>) -> Vec<Command> {
        Vec::new()
    }

    fn on_event(&mut self, event: ViewEvent, _cx: &ViewContext<'_>) {
        if let ViewEvent::Opened { kept: false } = event {
            self.attribute = None;
            self.figures = None;
        }
    }

    fn saved_state(&self) -> Option<String> {
        ron::to_string(&(self.attribute.clone(), self.measure == Measure::Subtract)).ok()
    }

    fn restore_state(&mut self, saved: &str) {
        if let Ok((attribute, subtract)) = ron::from_str::<(Option<String>, bool)>(saved) {
            self.attribute = attribute;
            self.measure = if subtract {
                Measure::Subtract
            } else {
                Measure::Congruence
            };
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
