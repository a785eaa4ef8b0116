//! The actor × issue matrix: who stands where on everything at once. Rows are the actors with
//! a position the filter shows, columns the issues the filter shows; a cell holds the
//! positions of that actor on that issue, in date order (undated first, then by file order).
//!
//! Orders: by name, by number of positions, or by blocs. The bloc order is a spectral
//! seriation: each position is scored (support +1, reject −1, condition +½, neutral 0; a cell
//! with several positions scores its latest), each issue's column is centred on its mean over
//! the actors who took a position, and actors and issues are ordered by the leading left and
//! right singular vectors of that matrix (power iteration from a fixed start, so the order is
//! deterministic). Actors who vote alike get close scores and sit next to each other; so do
//! issues that split the actors the same way.

use crate::document::Document;
use crate::model::{ActorIx, Dataset, IssueIx, PositionIx, StanceKind};

/// How rows and columns are ordered.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Order {
    /// Alphabetically by name.
    #[default]
    Name,
    /// Most positions first.
    Count,
    /// Similar actors (and issues) next to each other.
    Blocs,
    /// Issues by their balance of forces, the most supported first (issues without weight
    /// last); actors by name.
    Balance,
}

impl Order {
    /// Every order.
    pub const ALL: [Self; 4] = [Self::Name, Self::Count, Self::Blocs, Self::Balance];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Count => "count",
            Self::Blocs => "blocs",
            Self::Balance => "balance",
        }
    }

    /// How the window names it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::Count => "Count",
            Self::Blocs => "Blocs",
            Self::Balance => "Balance",
        }
    }
}

/// The matrix of a filter.
#[derive(Clone, Debug, Default)]
pub struct Matrix {
    /// Row actors, in display order.
    pub actors: Vec<ActorIx>,
    /// Column issues, in display order.
    pub issues: Vec<IssueIx>,
    /// Each row's cells: (column, positions in date order), by column.
    rows: Vec<Vec<(u32, Vec<PositionIx>)>>,
    /// The order the rows and columns are in.
    pub order: Order,
}

/// The score of a stance in the bloc order.
fn score(stance: StanceKind) -> f64 {
    match stance {
        StanceKind::Support => 1.0,
        StanceKind::Reject => -1.0,
        StanceKind::Condition => 0.5,
        StanceKind::Neutral => 0.0,
    }
}

impl Matrix {
    /// The matrix of what a document's filter shows, in an order.
    pub fn of(doc: &Document, order: Order) -> Self {
        let issues: Vec<IssueIx> = doc
            .dataset()
            .issue_ixs()
            .filter(|&i| doc.filter().shows_issue(i))
            .collect();
        Self::new(doc.dataset(), doc.visible_positions(), &issues, order)
    }

    /// The matrix of `positions` over `issues` (columns; positions on other issues are left
    /// out), in an order.
    pub fn new(
        dataset: &Dataset,
        positions: impl IntoIterator<Item = PositionIx>,
        issues: &[IssueIx],
        order: Order,
    ) -> Self {
        let mut column_of = vec![u32::MAX; dataset.issues.len()];
        for (k, &i) in issues.iter().enumerate() {
            column_of[i.0 as usize] = k as u32;
        }
        let mut cells: Vec<(ActorIx, u32, Option<crate::model::Date>, PositionIx)> = positions
            .into_iter()
            .filter_map(|p| {
                let position = dataset.position(p);
                let column = column_of[position.issue.0 as usize];
                (column != u32::MAX).then_some((position.actor, column, position.date, p))
            })
            .collect();
        // Issues with no position left (out of the dates, the stances, the actor kinds) leave
        // the matrix, as actors with none do.
        let mut kept = vec![u32::MAX; issues.len()];
        for &(_, column, _, _) in &cells {
            kept[column as usize] = 0;
        }
        let mut issues_kept = Vec::with_capacity(issues.len());
        for (k, &issue) in issues.iter().enumerate() {
            if kept[k] == 0 {
                kept[k] = issues_kept.len() as u32;
                issues_kept.push(issue);
            }
        }
        let issues = issues_kept;
        for cell in &mut cells {
            cell.1 = kept[cell.1 as usize];
        }
        cells.sort_unstable_by_key(|&(a, c, date, p)| (a, c, date, p));
        let mut actors: Vec<ActorIx> = Vec::new();
        let mut rows: Vec<Vec<(u32, Vec<PositionIx>)>> = Vec::new();
        for (actor, column, _, p) in cells {
            if actors.last() != Some(&actor) {
                actors.push(actor);
                rows.push(Vec::new());
            }
            let row = rows.last_mut().expect("pushed above");
            match row.last_mut() {
                Some((c, list)) if *c == column => list.push(p),
                _ => row.push((column, vec![p])),
            }
        }
        let mut matrix = Self {
            actors,
            issues,
            rows,
            order: Order::Name,
        };
        matrix.reorder(dataset, order);
        matrix
    }

    /// The positions in a cell (row and column in display order), oldest first.
    pub fn cell(&self, row: usize, column: usize) -> &[PositionIx] {
        let Some(cells) = self.rows.get(row) else {
            return &[];
        };
        match cells.binary_search_by_key(&(column as u32), |(c, _)| *c) {
            Ok(k) => &cells[k].1,
            Err(_) => &[],
        }
    }

    /// A row's non-empty cells: (column, positions), by column.
    pub fn row_cells(&self, row: usize) -> &[(u32, Vec<PositionIx>)] {
        self.rows.get(row).map_or(&[], Vec::as_slice)
    }

    /// How many positions the matrix holds.
    pub fn position_count(&self) -> usize {
        self.rows
            .iter()
            .flat_map(|r| r.iter())
            .map(|(_, list)| list.len())
            .sum()
    }

    /// The most positions any one cell holds (0 for an empty matrix): above 1, some cells
    /// show a count and the legend says what it means.
    pub fn most_in_a_cell(&self) -> usize {
        self.rows
            .iter()
            .flat_map(|r| r.iter())
            .map(|(_, list)| list.len())
            .max()
            .unwrap_or(0)
    }

    /// Groups the rows by a key (e.g. an attribute's value, in legend order), keeping the
    /// order within each group.
    pub fn group_rows(&mut self, key: impl Fn(ActorIx) -> usize) {
        let mut order: Vec<usize> = (0..self.actors.len()).collect();
        order.sort_by_key(|&r| key(self.actors[r]));
        let mut rows = std::mem::take(&mut self.rows);
        self.actors = order.iter().map(|&r| self.actors[r]).collect();
        self.rows = order
            .iter()
            .map(|&r| std::mem::take(&mut rows[r]))
            .collect();
    }

    /// The balance of forces on each column's issue, over the matrix's positions (the
    /// filter's and dates'), in column order.
    pub fn balances(&self, dataset: &Dataset) -> Vec<super::balance::Balance> {
        let positions: Vec<PositionIx> = self
            .rows
            .iter()
            .flat_map(|r| r.iter().flat_map(|(_, list)| list.iter().copied()))
            .collect();
        let found: std::collections::HashMap<IssueIx, super::balance::Balance> =
            super::balance::balances(dataset, &positions)
                .into_iter()
                .map(|b| (b.issue, b))
                .collect();
        self.issues
            .iter()
            .map(|&issue| {
                found
                    .get(&issue)
                    .cloned()
                    .unwrap_or(super::balance::Balance {
                        issue,
                        actors: 0,
                        weighted: 0,
                        weights: [0.0; 4],
                    })
            })
            .collect()
    }

    /// Puts rows and columns in another order.
    pub fn reorder(&mut self, dataset: &Dataset, order: Order) {
        let (row_keys, column_keys): (Vec<f64>, Vec<f64>) = match order {
            Order::Name => (Vec::new(), Vec::new()),
            Order::Count => {
                let mut per_column = vec![0.0; self.issues.len()];
                let per_row = self
                    .rows
                    .iter()
                    .map(|cells| {
                        let mut n = 0.0;
                        for (c, list) in cells {
                            per_column[*c as usize] -= list.len() as f64;
                            n -= list.len() as f64;
                        }
                        n
                    })
                    .collect();
                (per_row, per_column)
            }
            Order::Blocs => self.spectral(dataset),
            Order::Balance => {
                let keys = self
                    .balances(dataset)
                    .iter()
                    .map(|b| b.balance().map_or(2.0, |v| -v))
                    .collect();
                (Vec::new(), keys)
            }
        };
        let name_row = |r: usize| dataset.actor(self.actors[r]).name.to_lowercase();
        let name_column = |c: usize| dataset.issue(self.issues[c]).name.to_lowercase();
        let mut row_order: Vec<usize> = (0..self.actors.len()).collect();
        let row_names: Vec<String> = row_order.iter().map(|&r| name_row(r)).collect();
        row_order.sort_by(|&a, &b| {
            let by_key = match (row_keys.get(a), row_keys.get(b)) {
                (Some(x), Some(y)) => x.total_cmp(y),
                _ => std::cmp::Ordering::Equal,
            };
            by_key
                .then_with(|| row_names[a].cmp(&row_names[b]))
                .then(a.cmp(&b))
        });
        let mut column_order: Vec<usize> = (0..self.issues.len()).collect();
        let column_names: Vec<String> = column_order.iter().map(|&c| name_column(c)).collect();
        column_order.sort_by(|&a, &b| {
            let by_key = match (column_keys.get(a), column_keys.get(b)) {
                (Some(x), Some(y)) => x.total_cmp(y),
                _ => std::cmp::Ordering::Equal,
            };
            by_key
                .then_with(|| column_names[a].cmp(&column_names[b]))
                .then(a.cmp(&b))
        });
        let mut new_column = vec![0u32; self.issues.len()];
        for (new, &old) in column_order.iter().enumerate() {
            new_column[old] = new as u32;
        }
        self.issues = column_order.iter().map(|&c| self.issues[c]).collect();
        let old_rows = std::mem::take(&mut self.rows);
        self.actors = row_order.iter().map(|&r| self.actors[r]).collect();
        self.rows = row_order
            .iter()
            .map(|&r| {
                let mut cells: Vec<(u32, Vec<PositionIx>)> = old_rows[r]
                    .iter()
                    .map(|(c, list)| (new_column[*c as usize], list.clone()))
                    .collect();
                cells.sort_unstable_by_key(|(c, _)| *c);
                cells
            })
            .collect();
        self.order = order;
    }

    /// Row and column keys of the bloc order: the leading singular vectors of the centred
    /// score matrix, by power iteration.
    fn spectral(&self, dataset: &Dataset) -> (Vec<f64>, Vec<f64>) {
        let (n_rows, n_columns) = (self.actors.len(), self.issues.len());
        // The score of each non-empty cell (its latest position), and each column's mean.
        let mut entries: Vec<(usize, usize, f64)> = Vec::new();
        let (mut sum, mut count) = (vec![0.0; n_columns], vec![0.0; n_columns]);
        for (r, cells) in self.rows.iter().enumerate() {
            for (c, list) in cells {
                let latest = *list.last().expect("cells are never empty");
                let s = score(dataset.position(latest).stance.kind());
                entries.push((r, *c as usize, s));
                sum[*c as usize] += s;
                count[*c as usize] += 1.0;
            }
        }
        for (r, c, s) in &mut entries {
            let _ = r;
            *s -= sum[*c] / count[*c];
        }
        // Start from each row's mean score plus a small ramp: fixed, and never orthogonal to
        // the leading vector in practice.
        let mut u: Vec<f64> = (0..n_rows)
            .map(|r| 1.0 + r as f64 / (n_rows.max(1) as f64 * 7.0))
            .collect();
        let mut v = vec![0.0; n_columns];
        for _ in 0..200 {
            v.fill(0.0);
            for &(r, c, s) in &entries {
                v[c] += s * u[r];
            }
            normalise(&mut v);
            let mut next = vec![0.0; n_rows];
            for &(r, c, s) in &entries {
                next[r] += s * v[c];
            }
            normalise(&mut next);
            let change: f64 = next.iter().zip(&u).map(|(a, b)| (a - b).abs()).sum();
            u = next;
            if change < 1e-10 {
                break;
            }
        }
        // Fix the sign: the actor with the largest score magnitude comes out positive.
        let flip = u
            .iter()
            .copied()
            .max_by(|a, b| a.abs().total_cmp(&b.abs()))
            .is_some_and(|x| x < 0.0);
        if flip {
            for x in u.iter_mut().chain(v.iter_mut()) {
                *x = -*x;
            }
        }
        (u, v)
    }

    /// The matrix as CSV: first row `actor` then the issue ids, then one row per actor, its
    /// id first; a cell holds the stance names (`Support`, `Reject`, `Neutral`,
    /// `Condition: text`) of its positions joined by `; ` in date order, empty when none.
    pub fn csv(&self, dataset: &Dataset) -> Result<Vec<u8>, csv::Error> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["actor".to_owned()];
        header.extend(self.issues.iter().map(|&i| dataset.issue(i).id.clone()));
        writer.write_record(&header)?;
        for (r, &actor) in self.actors.iter().enumerate() {
            let mut record = vec![String::new(); self.issues.len() + 1];
            record[0].clone_from(&dataset.actor(actor).id);
            for (c, list) in self.row_cells(r) {
                let names: Vec<String> = list
                    .iter()
                    .map(|&p| crate::document::table::stance_text(&dataset.position(p).stance))
                    .collect();
                record[*c as usize + 1] = names.join("; ");
            }
            writer.write_record(&record)?;
        }
        writer.into_inner().map_err(|e| e.into_error().into())
    }
}

fn normalise(x: &mut [f64]) {
    let norm = x.iter().map(|a| a * a).sum::<f64>().sqrt();
    if norm > 0.0 {
        for a in x.iter_mut() {
            *a /= norm;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Matrix, Order};
    use crate::model::load_str;

    #[test]
    fn the_fullest_cell_is_counted() {
        let file = r#"(title: "t", actors: [(id: "a", name: "A", kind: Country), (id: "b", name: "B", kind: Country)],
            issues: [(id: "x", name: "X"), (id: "y", name: "Y")],
            positions: [
                (actor: "a", issue: "x", stance: Support, quote: "1", date: "2020-01-01"),
                (actor: "a", issue: "x", stance: Reject, quote: "2", date: "2021-01-01"),
                (actor: "a", issue: "y", stance: Support, quote: "3"),
                (actor: "b", issue: "y", stance: Neutral, quote: "4"),
            ])"#;
        let dataset = load_str(file, "t.ron").expect("valid");
        let all = dataset.position_ixs().collect::<Vec<_>>();
        let issues: Vec<_> = dataset.issue_ixs().collect();
        let matrix = Matrix::new(&dataset, all.iter().copied(), &issues, Order::Name);
        // A on X holds two positions; every other cell one.
        assert_eq!(matrix.most_in_a_cell(), 2);
        assert_eq!(matrix.cell(0, 0).len(), 2);
        // Without A's second position on X, no cell holds more than one.
        let once = Matrix::new(
            &dataset,
            all.iter()
                .copied()
                .filter(|p| dataset.position(*p).quote != "2"),
            &issues,
            Order::Name,
        );
        assert_eq!(once.most_in_a_cell(), 1);
        assert_eq!(Matrix::default().most_in_a_cell(), 0);
    }
}
