//! The scene of a document, derived from its revision.

use super::{NodeCatalog, Scene};
use crate::document::{Document, Revision};
use crate::style::Theme;

/// The scene of a document, kept between frames and brought up to date from the document's
/// The scene of a document, kept between frames and brought up to date from the document's
/// [`Revision`]: a new selection re-emphasises it in place, moved nodes move it in place, and
/// anything else (a filter, a theme, a new document) builds it afresh.
#[derive(Debug, Default)]
pub struct SceneCache {
    /// The node catalogue of the document it was made for.
    catalog: Option<(u64, NodeCatalog)>,
    scene: Option<Scene>,
    built: Option<(Revision, Theme)>,
    generation: u64,
}

impl SceneCache {
    /// The scene of `doc` in `theme`, updated as little as its changes allow.
    pub fn update(&mut self, doc: &Document, theme: Theme) -> &Scene {
        let revision = doc.revision();
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
                && *built_theme == theme
        });
        self.built = Some((revision, theme));
        match (&mut self.scene, base) {
            (Some(scene), Some((built, _))) => {
                if built.positions != revision.positions {
                    scene.move_to(doc.positions());
                    self.generation += 1;
                }
                if built.selection != revision.selection {
                    scene.reselect(doc.graph(), doc.selection());
                    self.generation += 1;
                }
                scene
            }
            (slot, _) => {
                self.generation += 1;
                slot.insert(Scene::build_from(
                    catalog,
                    doc.graph(),
                    doc.visible(),
                    doc.positions(),
                    doc.selection(),
                    theme,
                ))
            }
        }
    }

    /// The scene last brought up to date, if any.
    pub fn scene(&self) -> Option<&Scene> {
        self.scene.as_ref()
    }

    /// Counts changes of the scene, so painters know when what they cached is stale.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Forgets the scene (a view that draws nothing now lets its memory go).
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

impl Scene {
    /// The scene of a document as it is now (what an export draws).
    pub fn of(doc: &Document, theme: Theme) -> Self {
        Self::build(
            doc.dataset(),
            doc.graph(),
            doc.visible(),
            doc.positions(),
            doc.selection(),
            theme,
        )
    }
}
