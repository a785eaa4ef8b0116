//! The scene of a document, derived from its revision.

use super::{NodeCatalog, Scene};
use crate::document::{Document, Revision};
use crate::style::Theme;

/// Past this many edges, a scene replaced is freed on another thread.
const BIG_SCENE_EDGES: usize = 20_000;

/// The scene of a document, kept between frames and brought up to date from the document's
/// [`Revision`]: a new selection re-emphasises it in place, moved nodes move it in place, and
/// anything else (a filter, a theme, a new document) builds it afresh.
#[derive(Debug, Default)]
pub struct SceneCache {
    /// The node catalogue of the document it was made for.
    catalog: Option<(u64, NodeCatalog)>,
    /// The scene, once built.
    scene: Option<Scene>,
    /// The revision and theme it shows.
    built: Option<(Revision, Theme)>,
    /// Counts changes of the scene.
    generation: u64,
    /// Counts edits followed in place.
    patches: u64,
}

impl SceneCache {
    /// The scene of `doc` in `theme`, updated as little as its changes allow.
    pub fn update(&mut self, doc: &Document, theme: Theme) -> &Scene {
        let revision = doc.revision();
        // An edit of positions alone is followed in place (the scene is then up to date, and
        // what follows keeps it).
        self.patch(doc, theme);
        // An edit (or another file) with as many nodes: only what changed is made again.
        if let Some((id, catalog)) = &mut self.catalog
            && *id != revision.document
            && catalog.refresh(doc.dataset(), doc.graph())
        {
            self.built = None;
            *id = revision.document;
        }
        let catalog = match &mut self.catalog {
            Some((id, catalog)) if *id == revision.document => catalog,
            slot => {
                self.built = None;
                let catalog = NodeCatalog::new(doc.dataset(), doc.graph());
                &slot.insert((revision.document, catalog)).1
            }
        };
        let base = self.built.filter(|(built, built_theme)| {
            built.document == revision.document
                && built.filter == revision.filter
                && built.colour == revision.colour
                && *built_theme == theme
        });
        // A stance picture that came or went with a layout (not a filter) builds afresh.
        let base = base.filter(|_| {
            self.scene
                .as_ref()
                .is_some_and(|scene| scene.shows_focus(doc.focus()))
        });
        self.built = Some((revision, theme));
        match (&mut self.scene, base) {
            (Some(scene), Some((built, _))) => {
                if built.positions != revision.positions {
                    scene.move_to(doc.positions());
                    scene.set_groups(doc.focus());
                    self.generation += 1;
                }
                if built.selection != revision.selection {
                    scene.reselect(doc.graph(), doc.selection(), doc.marked().map(|m| &**m));
                    self.generation += 1;
                }
                scene
            }
            (slot, _) => {
                self.generation += 1;
                // A big scene is given back on another thread (freeing 200,000 edges' labels
                // and strokes took 3 ms of the frame that replaces it).
                if let Some(old) = slot.take()
                    && old.edges.len() > BIG_SCENE_EDGES
                {
                    std::thread::spawn(move || drop(old));
                }
                let scene = slot.insert(Scene::build_from(
                    catalog,
                    doc.graph(),
                    doc.visible(),
                    doc.positions(),
                    doc.selection(),
                    theme,
                    doc.colouring(),
                ));
                scene.focus_on(
                    doc.focus(),
                    doc.graph(),
                    doc.selection(),
                    doc.marked().map(|m| &**m),
                );
                if let Some(marked) = doc.marked() {
                    scene.reselect(doc.graph(), doc.selection(), Some(marked));
                }
                scene
            }
        }
    }

    /// The scene after an edit of positions alone made on the version of the document the
    /// scene shows, brought up to date in place; `None` when it is to be built afresh.
    fn patch(&mut self, doc: &Document, theme: Theme) -> Option<()> {
        let edited = doc.edited_positions()?;
        let revision = doc.revision();
        let (from, to) = (edited.from, edited.to);
        let (built, built_theme) = self.built?;
        let (id, catalog) = self.catalog.as_mut()?;
        let same = built.document == from.document
            && built.filter == from.filter
            && built.colour == from.colour
            && built_theme == theme
            && *id == from.document
            && revision.document == to
            && revision.filter == 0
            && revision.colour == 0
            && doc.focus().is_none();
        if !same {
            return None;
        }
        let (dataset, graph) = (doc.dataset(), doc.graph());
        let nodes: Vec<_> = edited
            .edits
            .pairs()
            .into_iter()
            .flat_map(|(a, i)| [graph.actor_node(a), graph.issue_node(i)])
            .collect();
        catalog.refresh_degrees(dataset, graph, &nodes);
        catalog.refresh_texts(dataset, graph, &edited.texts);
        *id = revision.document;
        let scene = self.scene.as_mut()?;
        if !scene.patch_positions(catalog, graph, doc.visible(), edited, doc.colouring()) {
            self.built = None;
            return None;
        }
        scene.move_to(doc.positions());
        scene.reselect(graph, doc.selection(), doc.marked().map(|m| &**m));
        self.built = Some((revision, theme));
        self.generation += 1;
        self.patches += 1;
        Some(())
    }

    /// How many edits were followed in place (not built afresh).
    pub fn patches(&self) -> u64 {
        self.patches
    }

    /// The scene last brought up to date, if any.
    pub fn scene(&self) -> Option<&Scene> {
        self.scene.as_ref()
    }

    /// Counts changes of the scene, so painters know when what they cached is stale.
    pub fn generation(&self) -> u64 {
        self.generation
    }
}

impl Scene {
    /// The scene of a document as it is now (what an export draws).
    pub fn of(doc: &Document, theme: Theme) -> Self {
        let catalog = super::NodeCatalog::new(doc.dataset(), doc.graph());
        let mut scene = Self::build_from(
            &catalog,
            doc.graph(),
            doc.visible(),
            doc.positions(),
            doc.selection(),
            theme,
            doc.colouring(),
        );
        scene.focus_on(
            doc.focus(),
            doc.graph(),
            doc.selection(),
            doc.marked().map(|m| &**m),
        );
        if let Some(marked) = doc.marked() {
            scene.reselect(doc.graph(), doc.selection(), Some(marked));
        }
        scene
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Selection;
    use crate::graph::{Filter, Node};
    use crate::scene::{EdgeKind, SceneEdge};
    use crate::style::Emphasis;

    #[test]
    fn selection_and_moves_update_in_place_and_match_a_fresh_build() {
        let mut doc = Document::seed_laid_out();
        let mut cache = SceneCache::default();
        cache.update(&doc, Theme::Light);
        let g0 = cache.generation();
        cache.update(&doc, Theme::Light);
        assert_eq!(cache.generation(), g0, "nothing changed, nothing rebuilt");

        let germany = doc.dataset().find_actor("germany").expect("germany");
        doc.select(Some(Selection::Node(Node::Actor(germany))));
        let node = doc.graph().actor_node(germany);
        doc.pin(node, emath::Pos2::new(300.0, 200.0));
        let updated = cache.update(&doc, Theme::Light).clone();
        assert!(cache.generation() > g0);
        assert_eq!(
            updated,
            Scene::of(&doc, Theme::Light),
            "in place = built afresh"
        );

        let troops = doc.dataset().find_issue("ground-troops").expect("issue");
        doc.set_filter(Filter::only_issues([troops]));
        assert_eq!(cache.update(&doc, Theme::Light).nodes.len(), 4);
        assert_eq!(
            cache.update(&doc, Theme::Dark).theme,
            Theme::Dark,
            "a theme rebuilds"
        );
    }

    #[test]
    fn marked_pairs_are_highlighted_in_place_and_the_selection_takes_precedence() {
        let mut doc = Document::seed_laid_out();
        let mut cache = SceneCache::default();
        cache.update(&doc, Theme::Light);
        let germany = doc.dataset().find_actor("germany").expect("germany");
        let troops = doc.dataset().find_issue("ground-troops").expect("issue");
        let marks: crate::document::Marks = [(germany, troops)].into_iter().collect();
        assert!(doc.set_marked(Some(std::sync::Arc::new(marks))));
        let scene = cache.update(&doc, Theme::Light).clone();
        assert_eq!(
            scene,
            Scene::of(&doc, Theme::Light),
            "in place = built afresh"
        );
        // Germany's one position on ground troops, and nothing else.
        let lit: Vec<&SceneEdge> = scene
            .edges
            .iter()
            .filter(|e| e.emphasis == Emphasis::Highlighted)
            .collect();
        assert_eq!(lit.len(), 1);
        let EdgeKind::Position(p, _) = lit[0].kind else {
            panic!("a position edge")
        };
        let position = doc.dataset().position(p);
        assert_eq!((position.actor, position.issue), (germany, troops));
        assert!(
            scene
                .edges
                .iter()
                .filter(|e| e.emphasis != Emphasis::Highlighted)
                .all(|e| e.emphasis == Emphasis::Dimmed)
        );
        // A selection shows the selection; clearing it shows the marks again.
        doc.select(Some(Selection::Node(Node::Actor(germany))));
        let selected = cache.update(&doc, Theme::Light).clone();
        assert!(
            selected
                .edges
                .iter()
                .filter(|e| e.emphasis == Emphasis::Highlighted)
                .count()
                > 1
        );
        doc.select(None);
        assert_eq!(cache.update(&doc, Theme::Light), &scene);
        // A selection the filter hides leaves the marks in view.
        doc.set_filter(Filter::only_issues([troops]));
        let putin = doc.dataset().find_actor("putin").expect("putin");
        doc.select(Some(Selection::Node(Node::Actor(putin))));
        let hidden = cache.update(&doc, Theme::Light);
        assert_eq!(
            hidden
                .edges
                .iter()
                .filter(|e| e.emphasis == Emphasis::Highlighted)
                .count(),
            1
        );
        doc.select(None);
        // No marks: nothing dimmed.
        doc.set_marked(None);
        let plain = cache.update(&doc, Theme::Light);
        assert!(plain.edges.iter().all(|e| e.emphasis == Emphasis::Normal));
    }
}
