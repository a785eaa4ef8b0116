//! Changing a dataset in place, one entry at a time.
//!
//! The steps (insert, remove, replace one entry, set the header) keep everything derived from
//! the dataset true: indices that shift, the id table, and the passages of the sources' texts.
//! A step never panics: one that does not fit is refused with a reason. Entries come from
//! checked drafts ([`super::draft`]); the document layer builds undoable edits from the steps.

use super::{
    Actor, ActorIx, Dataset, Issue, IssueIx, Passage, Position, PositionIx, QuoteSearch, Source,
    SourceIx,
};

/// A step that does not fit the dataset (a stale index, or an entry still in use).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// There is no entry at this index.
    #[error("there is no {noun} #{index}")]
    NoSuch {
        /// "actor", …
        noun: &'static str,
        /// 1-based.
        index: usize,
    },
    /// Positions (or actors, for `represents`) still refer to the entry.
    #[error("{count} entries still refer to {noun} {id:?}")]
    InUse {
        /// "actor", …
        noun: &'static str,
        /// Its id.
        id: String,
        /// How many refer to it.
        count: usize,
    },
    /// The id is taken by another entry.
    #[error("the id {id:?} is already taken")]
    IdTaken {
        /// The id.
        id: String,
    },
}

impl Dataset {
    /// Changes the title and description; returns the old ones.
    pub fn set_header(
        &mut self,
        title: String,
        description: Option<String>,
    ) -> (String, Option<String>) {
        let old_title = std::mem::replace(&mut self.title, title);
        let old_description = std::mem::replace(&mut self.description, description);
        (old_title, old_description)
    }

    /// Puts a source at `at` (entries from `at` on move one down).
    pub fn insert_source(&mut self, at: SourceIx, mut source: Source) -> Result<(), StepError> {
        let i = at.0 as usize;
        if i > self.sources.len() {
            return Err(StepError::NoSuch {
                noun: "source",
                index: i + 1,
            });
        }
        self.claim_id(&source.id, None)?;
        for p in &mut self.positions {
            if let Some(s) = &mut p.source
                && s.0 >= at.0
            {
                s.0 += 1;
            }
        }
        if let Some(text) = &mut source.text {
            text.passages.clear();
        }
        self.sources.insert(i, source);
        self.reindex_ids();
        self.refind_passages(at);
        Ok(())
    }

    /// Takes the source at `at` away; no position may quote it.
    pub fn remove_source(&mut self, at: SourceIx) -> Result<Source, StepError> {
        let source = self.sources.get(at.0 as usize).ok_or(StepError::NoSuch {
            noun: "source",
            index: at.0 as usize + 1,
        })?;
        let count = self.uses_of_source(at);
        if count > 0 {
            return Err(StepError::InUse {
                noun: "source",
                id: source.id.clone(),
                count,
            });
        }
        let removed = self.sources.remove(at.0 as usize);
        for p in &mut self.positions {
            if let Some(s) = &mut p.source
                && s.0 > at.0
            {
                s.0 -= 1;
            }
        }
        self.reindex_ids();
        Ok(removed)
    }

    /// Puts `source` in the place of the source at `at`; returns the old one.
    pub fn replace_source(
        &mut self,
        at: SourceIx,
        mut source: Source,
    ) -> Result<Source, StepError> {
        let Some(old) = self.sources.get(at.0 as usize) else {
            return Err(StepError::NoSuch {
                noun: "source",
                index: at.0 as usize + 1,
            });
        };
        self.claim_id(&source.id, Some(&old.id))?;
        if let Some(text) = &mut source.text {
            text.passages.clear();
        }
        let old = std::mem::replace(&mut self.sources[at.0 as usize], source);
        self.reindex_ids();
        self.refind_passages(at);
        Ok(old)
    }

    /// Puts an actor at `at` (actors from `at` on move one down).
    pub fn insert_actor(&mut self, at: ActorIx, actor: Actor) -> Result<(), StepError> {
        let i = at.0 as usize;
        if i > self.actors.len() {
            return Err(StepError::NoSuch {
                noun: "actor",
                index: i + 1,
            });
        }
        self.claim_id(&actor.id, None)?;
        let shift = |a: &mut ActorIx| {
            if a.0 >= at.0 {
                a.0 += 1;
            }
        };
        self.positions.iter_mut().for_each(|p| shift(&mut p.actor));
        self.actors
            .iter_mut()
            .filter_map(|a| a.represents.as_mut())
            .for_each(shift);
        self.actors.insert(i, actor);
        self.reindex_ids();
        Ok(())
    }

    /// Takes the actor at `at` away; no position or actor may refer to it.
    pub fn remove_actor(&mut self, at: ActorIx) -> Result<Actor, StepError> {
        let actor = self.actors.get(at.0 as usize).ok_or(StepError::NoSuch {
            noun: "actor",
            index: at.0 as usize + 1,
        })?;
        let (positions, actors) = self.uses_of_actor(at);
        if positions + actors > 0 {
            return Err(StepError::InUse {
                noun: "actor",
                id: actor.id.clone(),
                count: positions + actors,
            });
        }
        let removed = self.actors.remove(at.0 as usize);
        let shift = |a: &mut ActorIx| {
            if a.0 > at.0 {
                a.0 -= 1;
            }
        };
        self.positions.iter_mut().for_each(|p| shift(&mut p.actor));
        self.actors
            .iter_mut()
            .filter_map(|a| a.represents.as_mut())
            .for_each(shift);
        self.reindex_ids();
        Ok(removed)
    }

    /// Puts `actor` in the place of the actor at `at`; returns the old one.
    pub fn replace_actor(&mut self, at: ActorIx, actor: Actor) -> Result<Actor, StepError> {
        let Some(old) = self.actors.get(at.0 as usize) else {
            return Err(StepError::NoSuch {
                noun: "actor",
                index: at.0 as usize + 1,
            });
        };
        self.claim_id(&actor.id, Some(&old.id))?;
        let renamed = old.id != actor.id;
        let old = std::mem::replace(&mut self.actors[at.0 as usize], actor);
        if renamed {
            let new = self.actors[at.0 as usize].id.clone();
            self.rename_id(&old.id, new, super::Entity::Actor(at));
        }
        Ok(old)
    }

    /// Puts an issue at `at` (issues from `at` on move one down).
    pub fn insert_issue(&mut self, at: IssueIx, issue: Issue) -> Result<(), StepError> {
        let i = at.0 as usize;
        if i > self.issues.len() {
            return Err(StepError::NoSuch {
                noun: "issue",
                index: i + 1,
            });
        }
        self.claim_id(&issue.id, None)?;
        for p in &mut self.positions {
            if p.issue.0 >= at.0 {
                p.issue.0 += 1;
            }
        }
        self.issues.insert(i, issue);
        self.reindex_ids();
        Ok(())
    }

    /// Takes the issue at `at` away; no position may be on it.
    pub fn remove_issue(&mut self, at: IssueIx) -> Result<Issue, StepError> {
        let issue = self.issues.get(at.0 as usize).ok_or(StepError::NoSuch {
            noun: "issue",
            index: at.0 as usize + 1,
        })?;
        let count = self.uses_of_issue(at);
        if count > 0 {
            return Err(StepError::InUse {
                noun: "issue",
                id: issue.id.clone(),
                count,
            });
        }
        let removed = self.issues.remove(at.0 as usize);
        for p in &mut self.positions {
            if p.issue.0 > at.0 {
                p.issue.0 -= 1;
            }
        }
        self.reindex_ids();
        Ok(removed)
    }

    /// Puts `issue` in the place of the issue at `at`; returns the old one.
    pub fn replace_issue(&mut self, at: IssueIx, issue: Issue) -> Result<Issue, StepError> {
        let Some(old) = self.issues.get(at.0 as usize) else {
            return Err(StepError::NoSuch {
                noun: "issue",
                index: at.0 as usize + 1,
            });
        };
        self.claim_id(&issue.id, Some(&old.id))?;
        let renamed = old.id != issue.id;
        let old = std::mem::replace(&mut self.issues[at.0 as usize], issue);
        if renamed {
            let new = self.issues[at.0 as usize].id.clone();
            self.rename_id(&old.id, new, super::Entity::Issue(at));
        }
        Ok(old)
    }

    /// Puts a position at `at` (positions from `at` on move one down).
    pub fn insert_position(&mut self, at: PositionIx, position: Position) -> Result<(), StepError> {
        let i = at.0 as usize;
        if i > self.positions.len() {
            return Err(StepError::NoSuch {
                noun: "position",
                index: i + 1,
            });
        }
        self.check_refs(&position)?;
        if i < self.positions.len() {
            self.shift_passages(|p| {
                if p.0 >= at.0 {
                    Some(PositionIx(p.0 + 1))
                } else {
                    Some(p)
                }
            });
        }
        self.positions.insert(i, position);
        self.add_passage(at);
        Ok(())
    }

    /// Takes the position at `at` away.
    pub fn remove_position(&mut self, at: PositionIx) -> Result<Position, StepError> {
        if at.0 as usize >= self.positions.len() {
            return Err(StepError::NoSuch {
                noun: "position",
                index: at.0 as usize + 1,
            });
        }
        let removed = self.positions.remove(at.0 as usize);
        self.shift_passages(|p| match p.0.cmp(&at.0) {
            std::cmp::Ordering::Less => Some(p),
            std::cmp::Ordering::Equal => None,
            std::cmp::Ordering::Greater => Some(PositionIx(p.0 - 1)),
        });
        Ok(removed)
    }

    /// Puts `position` in the place of the position at `at`; returns the old one.
    pub fn replace_position(
        &mut self,
        at: PositionIx,
        position: Position,
    ) -> Result<Position, StepError> {
        if at.0 as usize >= self.positions.len() {
            return Err(StepError::NoSuch {
                noun: "position",
                index: at.0 as usize + 1,
            });
        }
        self.check_refs(&position)?;
        let old = std::mem::replace(&mut self.positions[at.0 as usize], position);
        if old.source.is_some() {
            self.shift_passages(|p| (p != at).then_some(p));
        }
        self.add_passage(at);
        Ok(old)
    }

    /// Refuses an id another entry than the one it replaces (`own`) already has.
    fn claim_id(&self, id: &str, own: Option<&str>) -> Result<(), StepError> {
        if own != Some(id) && self.lookup(id).is_some() {
            return Err(StepError::IdTaken { id: id.to_owned() });
        }
        Ok(())
    }

    fn check_refs(&self, position: &Position) -> Result<(), StepError> {
        if position.actor.0 as usize >= self.actors.len() {
            return Err(StepError::NoSuch {
                noun: "actor",
                index: position.actor.0 as usize + 1,
            });
        }
        if position.issue.0 as usize >= self.issues.len() {
            return Err(StepError::NoSuch {
                noun: "issue",
                index: position.issue.0 as usize + 1,
            });
        }
        if let Some(s) = position.source
            && s.0 as usize >= self.sources.len()
        {
            return Err(StepError::NoSuch {
                noun: "source",
                index: s.0 as usize + 1,
            });
        }
        Ok(())
    }

    /// Moves one entry of the id table from its old id to its new one (a rename: the table of
    /// 20,000 ids is not made again); made again whole if the old id named something else.
    fn rename_id(&mut self, old: &str, new: String, entity: super::Entity) {
        if self.ids.get(old) == Some(&entity) && !self.ids.contains_key(&new) {
            self.ids.remove(old);
            self.ids.insert(new, entity);
        } else {
            self.reindex_ids();
        }
    }

    /// Rebuilds the id table after sources, actors or issues moved or were renamed.
    fn reindex_ids(&mut self) {
        self.ids = super::id_table(&self.sources, &self.actors, &self.issues);
    }

    /// Renumbers (or drops, for `None`) the positions the sources' passages point at.
    fn shift_passages(&mut self, map: impl Fn(PositionIx) -> Option<PositionIx>) {
        for source in &mut self.sources {
            if let Some(text) = &mut source.text {
                text.passages
                    .retain_mut(|passage| match map(passage.position) {
                        Some(p) => {
                            passage.position = p;
                            true
                        }
                        None => false,
                    });
            }
        }
    }

    /// Finds the passage of the position at `at` in its source's text, if it has one.
    fn add_passage(&mut self, at: PositionIx) {
        let Some(position) = self.positions.get(at.0 as usize) else {
            return;
        };
        let Some(s) = position.source else { return };
        let quote = position.quote.clone();
        let Some(text) = self
            .sources
            .get_mut(s.0 as usize)
            .and_then(|s| s.text.as_mut())
        else {
            return;
        };
        if let Some(range) = QuoteSearch::new(&text.body).find(&[quote.as_str()])[0].clone() {
            let passage = Passage {
                position: at,
                range,
            };
            let key = |p: &Passage| (p.range.start, std::cmp::Reverse(p.range.end), p.position);
            let i = text.passages.partition_point(|p| key(p) < key(&passage));
            text.passages.insert(i, passage);
        }
    }

    /// Finds every passage of one source's text again (a source inserted or replaced).
    fn refind_passages(&mut self, at: SourceIx) {
        let Some(source) = self.sources.get(at.0 as usize) else {
            return;
        };
        let Some(text) = &source.text else { return };
        let coded: Vec<PositionIx> = self
            .position_ixs()
            .filter(|&p| self.position(p).source == Some(at))
            .collect();
        let quotes: Vec<&str> = coded
            .iter()
            .map(|&p| self.position(p).quote.as_str())
            .collect();
        let found = QuoteSearch::new(&text.body).find(&quotes);
        let mut passages: Vec<Passage> = coded
            .into_iter()
            .zip(found)
            .filter_map(|(position, range)| {
                Some(Passage {
                    position,
                    range: range?,
                })
            })
            .collect();
        passages.sort_by_key(|p| (p.range.start, std::cmp::Reverse(p.range.end), p.position));
        if let Some(text) = self
            .sources
            .get_mut(at.0 as usize)
            .and_then(|s| s.text.as_mut())
        {
            text.passages = passages;
        }
    }
}
