//! The positions table: every visible position as a row, narrowed by the search and sorted by
//! any column. Rows are derived from the document and kept until its filter, its search or
//! the sort change, so a table of 200,000 rows is sorted once, not every frame.

use std::cmp::Ordering;

use super::{Document, Revision, Search};
use crate::model::{Dataset, PositionIx, Stance};

/// A column of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Column {
    /// Who.
    Actor,
    /// On what.
    Issue,
    /// The stance, with its condition.
    Stance,
    /// When.
    Date,
    /// The source's title.
    Source,
    /// The quote.
    Quote,
}

impl Column {
    /// Every column, in display order.
    pub const ALL: [Self; 6] = [
        Self::Actor,
        Self::Issue,
        Self::Stance,
        Self::Date,
        Self::Source,
        Self::Quote,
    ];

    /// The header.
    pub fn title(self) -> &'static str {
        match self {
            Self::Actor => "Actor",
            Self::Issue => "Issue",
            Self::Stance => "Stance",
            Self::Date => "Date",
            Self::Source => "Source",
            Self::Quote => "Quote",
        }
    }
}

/// How the rows are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sort {
    /// The column sorted by.
    pub column: Column,
    /// Largest first.
    pub descending: bool,
    /// Rows grouped by what actors are coloured by (an attribute's value or a bloc, in the
    /// legend's order), sorted by the column within each group.
    #[serde(default)]
    pub grouped: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Self {
            column: Column::Actor,
            descending: false,
            grouped: false,
        }
    }
}

/// The stance as a table cell: "Support", or "Condition: <text>".
pub fn stance_text(stance: &Stance) -> String {
    match stance.condition() {
        Some(text) => format!("Condition: {text}"),
        None => stance.kind().label().to_owned(),
    }
}

/// A row's cells as text, in [`Column::ALL`] order.
pub fn row_cells(dataset: &Dataset, p: PositionIx) -> [String; 6] {
    let position = dataset.position(p);
    [
        dataset.actor(position.actor).name.clone(),
        dataset.issue(position.issue).name.clone(),
        stance_text(&position.stance),
        position.date.map(|d| d.to_string()).unwrap_or_default(),
        position
            .source
            .map(|s| dataset.source(s).title.clone())
            .unwrap_or_default(),
        position.quote.clone(),
    ]
}

/// Rows as tab-separated text with a header line, as spreadsheets paste it. Tabs and line
/// breaks inside a cell become spaces, so each row stays one line of six cells.
pub fn tab_separated(dataset: &Dataset, rows: impl IntoIterator<Item = PositionIx>) -> String {
    let clean = |cell: &str| cell.replace(['\t', '\n', '\r'], " ");
    let mut text = Column::ALL.map(Column::title).join("\t");
    text.push('\n');
    for p in rows {
        let cells = row_cells(dataset, p).map(|c| clean(&c));
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    text
}

/// The rows of the table for a document, kept between frames.
#[derive(Debug, Default)]
pub struct TableRows {
    built: Option<(Revision, Sort)>,
    rows: Vec<PositionIx>,
}

impl TableRows {
    /// The rows for the document's filter and search in this order, sorted again only when
    /// one of them changed.
    pub fn rows(&mut self, doc: &Document, sort: Sort) -> &[PositionIx] {
        let revision = doc.revision();
        let current = self.built.is_some_and(|(built, built_sort)| {
            built.document == revision.document
                && built.filter == revision.filter
                && built.search == revision.search
                && built_sort == sort
                && (!sort.grouped || built.colour == revision.colour)
        });
        if !current {
            self.rows = rows_of(doc, sort);
            self.built = Some((revision, sort));
        }
        &self.rows
    }
}

/// The visible positions matching the search, sorted (ties in file order).
pub fn rows_of(doc: &Document, sort: Sort) -> Vec<PositionIx> {
    let dataset = doc.dataset();
    let search = Search::new(doc.search());
    let mut rows: Vec<PositionIx> = if search.is_empty() {
        doc.visible_positions().collect()
    } else {
        let actor_hit: Vec<bool> = dataset
            .actors
            .iter()
            .map(|a| search.matches_actor(a))
            .collect();
        let issue_hit: Vec<bool> = dataset
            .issues
            .iter()
            .map(|i| search.matches_issue(i))
            .collect();
        doc.visible_positions()
            .filter(|&p| {
                let position = dataset.position(p);
                actor_hit[position.actor.0 as usize] || issue_hit[position.issue.0 as usize]
            })
            .collect()
    };
    sort_rows(dataset, &mut rows, sort);
    let colouring = doc.colouring();
    if sort.grouped && !colouring.is_kind() {
        // A stable sort keeps the column's order within each group.
        rows.sort_by_key(|&p| {
            colouring
                .value_of(dataset.position(p).actor)
                .unwrap_or(usize::MAX)
        });
    }
    rows
}

/// Sorts rows by a column; equal cells keep file order (in either direction).
fn sort_rows(dataset: &Dataset, rows: &mut [PositionIx], sort: Sort) {
    let by_name = |names: Vec<&str>| -> Vec<u32> {
        // Rank every name once (case-insensitive), so comparing rows is comparing numbers.
        let keys: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then(names[a].cmp(names[b])));
        let mut rank = vec![0; keys.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r as u32;
        }
        rank
    };
    let positions = &dataset.positions;
    let key = |p: PositionIx| &positions[p.0 as usize];
    let ordering: Box<dyn Fn(PositionIx, PositionIx) -> Ordering> = match sort.column {
        Column::Actor => {
            let rank = by_name(dataset.actors.iter().map(|a| a.name.as_str()).collect());
            Box::new(move |a, b| rank[key(a).actor.0 as usize].cmp(&rank[key(b).actor.0 as usize]))
        }
        Column::Issue => {
            let rank = by_name(dataset.issues.iter().map(|i| i.name.as_str()).collect());
            Box::new(move |a, b| rank[key(a).issue.0 as usize].cmp(&rank[key(b).issue.0 as usize]))
        }
        Column::Stance => Box::new(move |a, b| {
            let (a, b) = (&key(a).stance, &key(b).stance);
            a.kind()
                .index()
                .cmp(&b.kind().index())
                .then_with(|| a.condition().cmp(&b.condition()))
        }),
        // Undated positions come last in either direction.
        Column::Date => Box::new(move |a, b| match (key(a).date, key(b).date) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }),
        Column::Source => {
            let rank = by_name(dataset.sources.iter().map(|s| s.title.as_str()).collect());
            Box::new(move |a, b| {
                let rank_of =
                    |p: PositionIx| key(p).source.map_or(u32::MAX, |s| rank[s.0 as usize]);
                rank_of(a).cmp(&rank_of(b))
            })
        }
        Column::Quote => Box::new(move |a, b| key(a).quote.cmp(&key(b).quote)),
    };
    let undated_last = sort.column == Column::Date;
    rows.sort_by(|&a, &b| {
        let order = ordering(a, b);
        let order = if sort.descending {
            let missing = |p: PositionIx| undated_last && key(p).date.is_none();
            if missing(a) == missing(b) {
                order.reverse()
            } else {
                order
            }
        } else {
            order
        };
        order.then(a.0.cmp(&b.0))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Filter;
    use crate::layout::LayoutParams;
    use crate::model::{DataSource, StanceKind};

    fn seed() -> Document {
        let dataset = DataSource::BuiltIn.load().expect("seed");
        Document::new(
            DataSource::BuiltIn,
            dataset,
            Filter::default(),
            LayoutParams::default(),
            None,
        )
    }

    #[test]
    fn every_visible_position_is_a_row_sorted_by_actor_name() {
        let doc = seed();
        let rows = rows_of(&doc, Sort::default());
        assert_eq!(rows.len(), doc.dataset().positions.len());
        let names: Vec<String> = rows
            .iter()
            .map(|&p| {
                doc.dataset()
                    .actor(doc.dataset().position(p).actor)
                    .name
                    .to_lowercase()
            })
            .collect();
        assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
    }

    #[test]
    fn rows_group_by_the_colouring_and_keep_the_column_order_within() {
        use crate::style::colour::ColourBy;
        let text = include_str!("../../tests/fixtures/valid/people.ron");
        let dataset = crate::model::load_str(text, "people.ron").expect("valid");
        let mut doc = Document::new(
            DataSource::BuiltIn,
            dataset,
            Filter::default(),
            LayoutParams::default(),
            None,
        );
        let sort = Sort {
            column: Column::Stance,
            grouped: true,
            ..Sort::default()
        };
        // Coloured by kind, grouping does nothing: the stance order (support first).
        let names = |doc: &Document, rows: &[PositionIx]| -> Vec<String> {
            rows.iter()
                .map(|&p| {
                    doc.dataset()
                        .actor(doc.dataset().position(p).actor)
                        .name
                        .clone()
                })
                .collect()
        };
        let rows = rows_of(&doc, sort);
        assert_eq!(
            names(&doc, &rows),
            ["Member A", "Member B", "Member D", "Member C"]
        );
        // By party: Blue (C, D) before Red (A, B), as the legend orders them (2 each: by
        // name); within Blue, D's support before C's reject.
        doc.set_colour_by(ColourBy::Attribute("party".to_owned()));
        let rows = rows_of(&doc, sort);
        assert_eq!(
            names(&doc, &rows),
            ["Member D", "Member C", "Member A", "Member B"]
        );
    }

    #[test]
    fn descending_reverses_and_ties_keep_file_order() {
        let doc = seed();
        let sort = Sort {
            column: Column::Stance,
            descending: true,
            ..Sort::default()
        };
        let rows = rows_of(&doc, sort);
        let kinds: Vec<usize> = rows
            .iter()
            .map(|&p| doc.dataset().position(p).stance.kind().index())
            .collect();
        assert!(kinds.windows(2).all(|w| w[0] >= w[1]), "{kinds:?}");
        // Within one stance without conditions, file order.
        let supports: Vec<u32> = rows
            .iter()
            .filter(|&&p| doc.dataset().position(p).stance.kind() == StanceKind::Support)
            .map(|p| p.0)
            .collect();
        assert!(supports.windows(2).all(|w| w[0] < w[1]), "{supports:?}");
    }

    #[test]
    fn search_and_filter_narrow_the_rows() {
        let mut doc = seed();
        doc.set_search("merz".to_owned());
        let rows = rows_of(&doc, Sort::default());
        assert!(!rows.is_empty());
        let merz = doc.dataset().find_actor("merz").expect("merz");
        assert!(
            rows.iter()
                .all(|&p| doc.dataset().position(p).actor == merz)
        );

        let troops = doc.dataset().find_issue("ground-troops").expect("issue");
        doc.set_search(String::new());
        doc.set_filter(Filter::only_issues([troops]));
        let rows = rows_of(&doc, Sort::default());
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn rows_are_sorted_again_only_when_something_changed() {
        let mut doc = seed();
        let mut table = TableRows::default();
        let first = table.rows(&doc, Sort::default()).to_vec();
        doc.select(
            doc.dataset()
                .position_ixs()
                .next()
                .map(super::super::Selection::Position),
        );
        assert_eq!(table.rows(&doc, Sort::default()), first.as_slice());
        doc.set_search("no such actor anywhere".to_owned());
        assert!(table.rows(&doc, Sort::default()).is_empty());
    }

    #[test]
    fn copied_rows_are_one_line_of_six_cells_each() {
        let doc = seed();
        let rows: Vec<PositionIx> = doc.dataset().position_ixs().take(3).collect();
        let text = tab_separated(doc.dataset(), rows);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Actor\tIssue\tStance\tDate\tSource\tQuote");
        assert_eq!(lines.len(), 4);
        assert!(lines.iter().all(|l| l.split('\t').count() == 6));
    }
}
