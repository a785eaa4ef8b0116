//! The left panel: which issues, stances and kinds of actor are shown, and search.

use egui::{AtomExt as _, Id, RichText, Ui};

use super::Command;
use super::date_filter::{DateFacts, date_filter_ui};
use crate::document::{Document, Search};
use crate::graph::{Filter, Node, StanceGraph};
use crate::model::NO_VALUE as NONE;
use crate::model::{ActorIx, ActorKind, Dataset, IssueIx, StanceKind, Tally};
use crate::style::Theme;
use crate::style::colour::{ColourBy, Colouring};
use crate::text::bidi::visual;

/// The id of the search box, so Ctrl+F can focus it.
pub fn search_id() -> Id {
    Id::unique("stancemap-search")
}

/// Most actors listed under a search.
const MAX_ACTOR_MATCHES: usize = 30;

/// The issues whose name, id or tags contain the search text, in file order.
pub fn matching_issues(dataset: &Dataset, search: &str) -> Vec<IssueIx> {
    let search = Search::new(search);
    dataset
        .issue_ixs()
        .filter(|&ix| search.matches_issue(dataset.issue(ix)))
        .collect()
}

/// What the panel shows that is counted from the whole dataset: counted once per dataset
/// (and the issue list once per search), not on every frame. On a file of 200,000 positions,
/// counting the stances and gathering the tag groups took more than a millisecond a frame.
#[derive(Debug)]
pub struct PanelFacts {
    /// Positions by stance.
    tally: Tally,
    /// Each tag and the issues that carry it, by tag.
    groups: Vec<(String, std::collections::BTreeSet<IssueIx>)>,
    /// What the last search found.
    matches: Option<Matches>,
    /// The dates of the positions, when any has one.
    dates: Option<DateFacts>,
    /// The kinds of actor the file has (only those get a box to tick).
    kinds: Vec<ActorKind>,
    /// Each actor attribute, with its values and how many actors hold each (the most held
    /// first; `(none)` last, for the actors without it).
    attributes: Vec<(String, Vec<(String, usize)>)>,
    /// The height of what is drawn below the issue list, as measured last frame (the list
    /// takes the rest; collapsing a section gives the list its room).
    below: f32,
    /// How many times Enter was pressed in the search box for this search: which match it
    /// goes to next.
    enters: usize,
}

/// Each attribute the actors have, with its values by how many actors hold them.
fn attribute_values(dataset: &Dataset) -> Vec<(String, Vec<(String, usize)>)> {
    dataset
        .attribute_names()
        .into_iter()
        .map(|name| {
            let mut counts: std::collections::HashMap<&str, usize> =
                std::collections::HashMap::new();
            let mut without = 0;
            for actor in &dataset.actors {
                match actor.attributes.get(name) {
                    Some(v) => *counts.entry(v.as_str()).or_default() += 1,
                    None => without += 1,
                }
            }
            let mut values: Vec<(String, usize)> =
                counts.into_iter().map(|(v, n)| (v.to_owned(), n)).collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            if without > 0 {
                values.push((NONE.to_owned(), without));
            }
            (name.to_owned(), values)
        })
        .collect()
}

/// Most values of one attribute listed to tick.
const MAX_VALUES_LISTED: usize = 12;

/// The issues and actors matching one search text.
#[derive(Debug)]
struct Matches {
    search: String,
    issues: Vec<IssueIx>,
    /// At most one more than are listed, to tell that there are more.
    actors: Vec<ActorIx>,
}

impl PanelFacts {
    /// Counts what the panel needs from a dataset (and its graph, which has every position's
    /// date at hand).
    pub fn new(dataset: &Dataset, graph: &StanceGraph) -> Self {
        Self::with_dates(dataset, graph, DateFacts::new(graph.dates()))
    }

    /// [`Self::new`] with the dates' histogram already made.
    fn with_dates(dataset: &Dataset, graph: &StanceGraph, dates: Option<DateFacts>) -> Self {
        let groups = dataset
            .tags()
            .into_iter()
            .map(|tag| {
                let members = dataset
                    .issue_ixs()
                    .filter(|&ix| dataset.issue(ix).tags.contains(&tag))
                    .collect();
                (tag, members)
            })
            .collect();
        Self {
            tally: graph.tally(),
            groups,
            matches: None,
            dates,
            kinds: ActorKind::ALL
                .into_iter()
                .filter(|&k| dataset.actors.iter().any(|a| a.kind == k))
                .collect(),
            attributes: attribute_values(dataset),
            enters: 0,
            below: 0.0,
        }
    }

    /// Follows an edit the document followed in place (`edited`; `graph` is the graph after
    /// it): the stances counted again from the graph's tally, the dates' histogram counted
    /// out and in.
    /// Actors or issues replaced (names, kinds, tags, attributes may differ) are counted
    /// afresh, but for the dates.
    pub fn follow(
        &mut self,
        dataset: &Dataset,
        graph: &StanceGraph,
        edited: &crate::document::EditedPositions,
    ) {
        if !edited.texts.is_empty() {
            let below = self.below;
            *self = Self::with_dates(dataset, graph, self.dates.take());
            self.below = below;
        }
        self.tally = graph.tally();
        let (gone, come) = edited.edits.dates();
        let kept = match &mut self.dates {
            Some(dates) => dates.follow(&gone, &come),
            None => gone.iter().chain(&come).all(Option::is_none),
        };
        if !kept {
            let mut dates = DateFacts::new(graph.dates());
            if let (Some(now), Some(was)) = (&mut dates, &self.dates) {
                now.keep_motion(was);
            }
            self.dates = dates;
        }
    }

    /// The issues and actors matching `search` (see [`matching_issues`]), found again only
    /// when the search changed: it looked through 20,000 actor names (lower-casing each) on
    /// every frame while a search was typed in.
    fn matching(&mut self, dataset: &Dataset, search: &str) -> &Matches {
        if self.matches.as_ref().is_some_and(|m| m.search != search) {
            self.enters = 0;
            self.matches = None;
        }
        self.matches
            .get_or_insert_with(|| Matches::find(dataset, search))
    }
}

impl Matches {
    /// What matches `search`: the issues (all of them without a search) and the first
    /// actors.
    fn find(dataset: &Dataset, search: &str) -> Self {
        let needle = Search::new(search);
        let actors = if needle.is_empty() {
            Vec::new()
        } else {
            dataset
                .actor_ixs()
                .filter(|&a| needle.matches_actor(dataset.actor(a)))
                .take(MAX_ACTOR_MATCHES + 1)
                .collect()
        };
        Self {
            search: search.to_owned(),
            issues: matching_issues(dataset, search),
            actors,
        }
    }
}

/// Shows the filters of a document; a changed filter or search comes back as a command.
/// `facts` must have been made from the document's dataset.
pub fn filter_panel_ui(
    ui: &mut Ui,
    doc: &Document,
    facts: &mut PanelFacts,
    theme: Theme,
) -> Vec<Command> {
    let (dataset, graph) = (doc.dataset(), doc.graph());
    let mut filter = doc.filter().clone();
    let mut search = doc.search().to_owned();
    let mut colour = Colour {
        by: doc.colour_by().clone(),
        colouring: doc.colouring(),
    };
    let mut commands = filter_ui(
        ui,
        dataset,
        graph,
        facts,
        &mut filter,
        &mut search,
        &mut colour,
        theme,
    );
    if colour.by != *doc.colour_by() {
        commands.push(Command::SetColourBy(colour.by));
    }
    if search != doc.search() {
        commands.push(Command::SetSearch(search));
    }
    if filter != *doc.filter() {
        commands.push(Command::SetFilter(filter));
    }
    commands
}

/// What actors are coloured by, as the panel edits it.
struct Colour<'a> {
    /// The choice (a copy the panel changes).
    by: ColourBy,
    /// The colouring shown now.
    colouring: &'a Colouring,
}

/// The panel's widgets, editing copies of the filter, the search and the colouring.
#[expect(
    clippy::too_many_arguments,
    reason = "the panel's state, passed apart to be edited"
)]
fn filter_ui(
    ui: &mut Ui,
    dataset: &Dataset,
    graph: &StanceGraph,
    facts: &mut PanelFacts,
    filter: &mut Filter,
    search: &mut String,
    colour: &mut Colour<'_>,
    theme: Theme,
) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.add_space(6.0);
    let field = ui
        .add(
            egui::TextEdit::singleline(search)
                .id(search_id())
                .hint_text("Search issues and actors (Ctrl+F)")
                .desired_width(f32::INFINITY),
        )
        .on_hover_text(
            "Enter selects the first match and brings it into view; Enter again, the next",
        );
    field.widget_info(|| egui::WidgetInfo::labeled(egui::Role::SearchInput, true, "Search"));
    ui.add_space(4.0);
    // Enter: select the next match (actors first, then issues) and frame it in the view.
    if field.lost_focus()
        && ui.input(|i| i.key_pressed(egui::Key::Enter))
        && !search.trim().is_empty()
    {
        let found = facts.matching(dataset, search.as_str());
        let matches: Vec<Node> = found
            .actors
            .iter()
            .take(MAX_ACTOR_MATCHES)
            .map(|&a| Node::Actor(a))
            .chain(found.issues.iter().map(|&i| Node::Issue(i)))
            .collect();
        if !matches.is_empty() {
            let node = matches[facts.enters % matches.len()];
            facts.enters += 1;
            commands.push(Command::Focus(node));
        }
        // Keep typing or press Enter again.
        ui.memory_mut(|m| m.request_focus(search_id()));
    }

    let found = facts.matching(dataset, search.as_str());
    let shown = found.issues.clone();
    let actors = found.actors.clone();
    let searching = !search.trim().is_empty();

    // Actors matching the search (none without one), as links that select them.
    if !actors.is_empty() {
        ui.label(RichText::new("Actors").strong());
        for &a in actors.iter().take(MAX_ACTOR_MATCHES) {
            let actor = dataset.actor(a);
            if ui
                .link(visual(&actor.name))
                .on_hover_text(format!("Select {} in the graph", actor.name))
                .clicked()
            {
                commands.push(Command::Focus(Node::Actor(a)));
            }
        }
        if actors.len() > MAX_ACTOR_MATCHES {
            ui.weak("… more: refine the search");
        }
        ui.separator();
    }

    ui.horizontal(|ui| {
        ui.label(RichText::new("Issues").strong());
        let selected = filter
            .issues
            .as_ref()
            .map_or(dataset.issues.len(), std::collections::BTreeSet::len);
        ui.weak(format!("{selected} of {}", dataset.issues.len()));
    });
    ui.horizontal(|ui| {
        if ui.button("All").on_hover_text("Show every issue").clicked() {
            filter.issues = None;
        }
        if ui
            .button("None")
            .on_hover_text("Hide every issue")
            .clicked()
        {
            filter.issues = Some(std::collections::BTreeSet::new());
        }
        if searching
            && ui
                .button("Only matching")
                .on_hover_text("Show only the issues that match the search")
                .clicked()
        {
            filter.issues = Some(shown.iter().copied().collect());
        }
    });

    if !facts.groups.is_empty() {
        // Many groups fold away by default, so the issue list keeps its room.
        egui::CollapsingHeader::new(format!("Groups ({})", facts.groups.len()))
            .id_salt("filter-groups")
            .default_open(facts.groups.len() <= 3)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    for (tag, members) in &facts.groups {
                        let active = filter.issues.as_ref() == Some(members);
                        let response = ui
                            .selectable_label(active, format!("{tag} ({})", members.len()))
                            .on_hover_text(format!(
                                "Show only the issues tagged “{tag}”; click again for all"
                            ));
                        if response.clicked() {
                            filter.issues = if active { None } else { Some(members.clone()) };
                        }
                    }
                });
            });
    }
    ui.add_space(2.0);

    let row_height = ui.spacing().interact_size.y + 2.0;
    // The list takes what the sections below it (as tall as last frame) leave.
    let below = if facts.below > 0.0 {
        facts.below
    } else if facts.dates.is_some() {
        330.0
    } else {
        190.0
    };
    let list_height = (ui.available_height() - below - 8.0).max(120.0);
    egui::ScrollArea::vertical()
        .id_salt("issue-list")
        .max_height(list_height)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, shown.len(), |ui, range| {
            for &ix in &shown[range] {
                issue_row_ui(ui, dataset, graph, filter, ix);
            }
        });
    if shown.is_empty() {
        ui.weak("No issue matches the search.");
    }

    let sections_top = ui.cursor().min.y;
    ui.separator();
    let tally = facts.tally;
    egui::CollapsingHeader::new(RichText::new("Stances").strong())
        .id_salt("filter-stances")
        .default_open(true)
        .show(ui, |ui| stances_ui(ui, filter, tally, theme));

    ui.separator();
    egui::CollapsingHeader::new(RichText::new("Actors").strong())
        .id_salt("filter-actors")
        .default_open(true)
        .show(ui, |ui| {
            kinds_ui(ui, filter, &facts.kinds);
            colour_by_ui(ui, colour, &facts.attributes);
            attributes_ui(ui, filter, &facts.attributes, colour, theme);
        });
    if let Some(dates) = &mut facts.dates {
        ui.separator();
        // Open by default unless the issue list is long and needs the room.
        let mut title = egui::text::LayoutJob::default();
        RichText::new("Dates ").strong().append_to(
            &mut title,
            ui.style(),
            egui::FontSelection::Default,
            egui::Align::Center,
        );
        RichText::new(super::date_filter::date_span(dates))
            .weak()
            .append_to(
                &mut title,
                ui.style(),
                egui::FontSelection::Default,
                egui::Align::Center,
            );
        egui::CollapsingHeader::new(title)
            .id_salt("filter-dates")
            .default_open(dataset.issues.len() <= 40)
            .show(ui, |ui| date_filter_ui(ui, dates, filter, theme));
    }
    facts.below = ui.cursor().min.y - sections_top;
    commands
}

/// The stances, each with its line and count, to switch on and off.
fn stances_ui(ui: &mut Ui, filter: &mut Filter, tally: Tally, theme: Theme) {
    for stance in StanceKind::ALL {
        ui.horizontal(|ui| {
            let mut on = filter.stances.contains(&stance);
            let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 12.0), egui::Sense::hover());
            let (width, dash) = Theme::stance_line(stance);
            let y = rect.center().y;
            super::graph_view::paint_line(
                ui.painter(),
                egui::pos2(rect.min.x, y),
                egui::pos2(rect.max.x, y),
                theme.stance_color(stance),
                width,
                dash,
            );
            if ui.checkbox(&mut on, stance.label()).changed() {
                if on {
                    filter.stances.insert(stance);
                } else {
                    filter.stances.remove(&stance);
                }
            }
            ui.weak(tally.get(stance).to_string());
        });
    }
}

/// The kinds of actor the file has, to switch on and off.
fn kinds_ui(ui: &mut Ui, filter: &mut Filter, kinds: &[ActorKind]) {
    ui.horizontal_wrapped(|ui| {
        for &kind in kinds {
            let mut on = filter.actor_kinds.contains(&kind);
            let label = kind.plural();
            if ui.checkbox(&mut on, label).changed() {
                if on {
                    filter.actor_kinds.insert(kind);
                } else {
                    filter.actor_kinds.remove(&kind);
                }
            }
        }
    });
}

/// The choice of what actors are coloured by: kind, bloc, or an attribute.
fn colour_by_ui(
    ui: &mut Ui,
    colour: &mut Colour<'_>,
    attributes: &[(String, Vec<(String, usize)>)],
) {
    ui.horizontal(|ui| {
        ui.label("Colour by");
        let mut choices = vec![ColourBy::Kind, ColourBy::Bloc];
        choices.extend(attributes.iter().map(|(name, _)| ColourBy::Attribute(name.clone())));
        egui::ComboBox::from_id_salt("colour-by")
            .selected_text(colour.by.label())
            .show_ui(ui, |ui| {
                for choice in choices {
                    let label = choice.label().to_owned();
                    ui.selectable_value(&mut colour.by, choice, label);
                }
            })
            .response
            .on_hover_text("What the actors' fill shows, in the graph, the network, the matrix and the timeline")
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Colour by"));
    });
    if let Some(note) = &colour.colouring.note {
        ui.add(egui::Label::new(RichText::new(note).weak().small()).wrap());
    }
}

/// Each attribute's values, to switch on and off (with its colour when actors are coloured
/// by it).
fn attributes_ui(
    ui: &mut Ui,
    filter: &mut Filter,
    attributes: &[(String, Vec<(String, usize)>)],
    colour: &Colour<'_>,
    theme: Theme,
) {
    for (name, values) in attributes {
        let hidden = filter
            .hidden_values
            .get(name)
            .map_or(0, std::collections::BTreeSet::len);
        let title = if hidden > 0 {
            format!(
                "{name} ({} of {} values)",
                values.len() - hidden,
                values.len()
            )
        } else {
            format!("{name} ({} values)", values.len())
        };
        let coloured = colour.by == ColourBy::Attribute(name.clone());
        egui::CollapsingHeader::new(title)
            .id_salt(("filter-attribute", name.as_str()))
            .default_open(coloured || hidden > 0)
            .show(ui, |ui| {
                for (value, count) in values.iter().take(MAX_VALUES_LISTED) {
                    ui.horizontal(|ui| {
                        if coloured {
                            let k = colour
                                .colouring
                                .values
                                .iter()
                                .position(|v| v.label == *value)
                                .or_else(|| {
                                    // Past the eighth value: the "other" colour.
                                    colour.colouring.values.iter().position(|v| {
                                        v.label.ends_with("other value")
                                            || v.label.ends_with("other values")
                                    })
                                });
                            if let Some(k) = k {
                                let (rect, _) = ui.allocate_exact_size(
                                    egui::vec2(10.0, 10.0),
                                    egui::Sense::hover(),
                                );
                                ui.painter().circle_filled(
                                    rect.center(),
                                    5.0,
                                    colour.colouring.value_fill(k, theme),
                                );
                            }
                        }
                        let mut on = !filter
                            .hidden_values
                            .get(name)
                            .is_some_and(|h| h.contains(value));
                        if ui
                            .checkbox(&mut on, visual(value))
                            .on_hover_text(format!("Show the actors whose {name} is {value}"))
                            .changed()
                        {
                            let set = filter.hidden_values.entry(name.clone()).or_default();
                            if on {
                                set.remove(value);
                            } else {
                                set.insert(value.clone());
                            }
                            if set.is_empty() {
                                filter.hidden_values.remove(name);
                            }
                        }
                        ui.weak(count.to_string());
                    });
                }
                if values.len() > MAX_VALUES_LISTED {
                    ui.weak(format!(
                        "… {} more values",
                        values.len() - MAX_VALUES_LISTED
                    ));
                }
            });
    }
}

fn issue_row_ui(
    ui: &mut Ui,
    dataset: &Dataset,
    graph: &StanceGraph,
    filter: &mut Filter,
    ix: IssueIx,
) {
    let issue = dataset.issue(ix);
    ui.horizontal(|ui| {
        // Long names are cut with "…" so the count stays in view; the tooltip has it all.
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        let mut on = filter.shows_issue(ix);
        let count = graph.positions_on_issue(ix).len();
        let only = ui.small_button("only").on_hover_ui(|ui| {
            ui.label(format!("Show only “{}”", issue.name));
        });
        if only.clicked() {
            filter.issues = Some([ix].into());
        }
        // The name's width: what the box, its gap and the count leave (a width on the name
        // itself, not a scope around the box: a child Ui for each row cost every frame).
        let spacing = ui.spacing();
        let name_width =
            (ui.available_width() - 34.0 - spacing.icon_width - spacing.icon_spacing).max(40.0);
        let name = egui::WidgetText::from(visual(&issue.name)).atom_max_width(name_width);
        let checkbox = ui.checkbox(&mut on, name).on_hover_ui(|ui| {
            ui.label(issue.description.as_deref().unwrap_or(&issue.name));
        });
        if checkbox.changed() {
            let set = filter
                .issues
                .get_or_insert_with(|| dataset.issue_ixs().collect());
            if on {
                set.insert(ix);
            } else {
                set.remove(&ix);
            }
            if set.len() == dataset.issues.len() {
                filter.issues = None;
            }
        }
        ui.weak(count.to_string());
    });
}
