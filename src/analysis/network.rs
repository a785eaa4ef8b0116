//! The agreement network as drawn: the ties worth showing (a minimum weight, each actor's
//! strongest partners), each actor's strength, and the blocs. Rows are computed on all cores
//! with progress and a way to stop, so the window stays responsive on large files.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::agreement::{Agreement, Measure, Normalization, Options, RowScratch};
use super::communities::{Partition, louvain};
use crate::model::ActorIx;

/// Which ties are kept.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Keep {
    /// Ties weaker than this (in absolute value) are left out.
    pub min_weight: f64,
    /// Each actor keeps at most this many partners, the strongest (a tie stays when either
    /// end keeps it); `None` keeps all.
    pub top: Option<usize>,
}

impl Default for Keep {
    fn default() -> Self {
        Self {
            min_weight: 0.0,
            top: Some(10),
        }
    }
}

/// A tie between two actors (by their place in [`Network::actors`]), `a < b`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tie {
    /// One end.
    pub a: u32,
    /// The other end.
    pub b: u32,
    /// The weight (for `subtract`, negative: more conflict than congruence).
    pub weight: f64,
    /// Whether the tie is one of agreement (a positive congruence or subtract weight) rather
    /// than of conflict (a conflict weight, or a negative subtract).
    pub agrees: bool,
}

/// The network as drawn.
#[derive(Clone, Debug)]
pub struct Network {
    /// The actors, in dataset order.
    pub actors: Vec<ActorIx>,
    /// Each actor's strength: the sum of |weight| over all its partners (kept or not).
    pub strength: Vec<f64>,
    /// Each actor's opposition: the sum of |weight| over its ties of conflict (kept or not):
    /// every tie for the conflict measure, the negative ones for subtract, none for
    /// congruence.
    pub opposition: Vec<f64>,
    /// The kept ties, by (a, b).
    pub ties: Vec<Tie>,
    /// Blocs: communities of the kept ties of agreement (none for the conflict measure: every
    /// actor is then its own bloc).
    pub blocs: Partition,
    /// The largest |weight| of a kept tie (for line widths).
    pub max_weight: f64,
    /// With a grouping ([`Self::compute_grouped`]): each actor's sums of positive weight over
    /// all its partners (kept or not) in its own group and in others; empty without.
    pub group_weights: Vec<[f64; 2]>,
}

/// The modularity from which blocs are shown as blocs. Below it the split is about as good as
/// chance: random graphs routinely reach modularities of 0.1–0.2 (Guimerà, Sales-Pardo and
/// Amaral, 2004), and a value of 0.3 is the usual sign of real community structure (Newman and
/// Girvan, 2004).
pub const CLEAR_BLOCS: f64 = 0.3;

/// What one thread computes: the kept candidate ties of its rows, and each row's strength,
/// opposition and positive weights within and beyond its group.
type Part = (Vec<Tie>, Vec<f64>, Vec<f64>, Vec<[f64; 2]>);

/// Progress of a network computation, shared with the thread that started it.
#[derive(Debug, Default)]
pub struct Progress {
    /// Rows done.
    pub rows: AtomicUsize,
    /// Set to stop early.
    pub cancel: AtomicBool,
}

impl Network {
    /// Computes the rows of `agreement` on `threads` threads and keeps the ties `keep` asks
    /// for; `None` when stopped through `progress`.
    pub fn compute(
        agreement: &Agreement,
        keep: Keep,
        threads: usize,
        progress: &Progress,
    ) -> Option<Self> {
        Self::compute_grouped(agreement, keep, threads, progress, None)
    }

    /// [`Self::compute`], also summing each actor's positive weight within and beyond its
    /// group (`groups`: each actor's group, by its place in [`Agreement::actors`]), over all
    /// its partners: what the E-I index of [`crate::analysis::groups`] needs, found in the
    /// same pass.
    pub fn compute_grouped(
        agreement: &Agreement,
        keep: Keep,
        threads: usize,
        progress: &Progress,
        groups: Option<&[u32]>,
    ) -> Option<Self> {
        let n = agreement.actors().len();
        let conflict_measure = agreement.options().measure == Measure::Conflict;
        let threads = threads.clamp(1, n.max(1));
        let chunk = n.div_ceil(threads).max(1);
        let conflict_weight = |w: f64| match agreement.options().measure {
            Measure::Conflict => w.abs(),
            Measure::Subtract => (-w).max(0.0),
            Measure::Congruence => 0.0,
        };
        let parts: Vec<Option<Part>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let rows = (t * chunk)..((t + 1) * chunk).min(n);
                    scope.spawn(move || {
                        let mut scratch = RowScratch::default();
                        let mut ties = Vec::new();
                        let mut strength = Vec::with_capacity(rows.len());
                        let mut opposition = Vec::with_capacity(rows.len());
                        let mut group_weights = Vec::new();
                        for i in rows {
                            if progress.cancel.load(Ordering::Relaxed) {
                                return None;
                            }
                            let mut row = agreement.row(i, &mut scratch);
                            strength.push(row.iter().map(|(_, w)| w.abs()).sum());
                            opposition.push(row.iter().map(|&(_, w)| conflict_weight(w)).sum());
                            if let Some(groups) = groups {
                                let mut sums = [0.0, 0.0];
                                for &(j, w) in row.iter().filter(|&&(_, w)| w > 0.0) {
                                    let other = groups.get(j as usize) != groups.get(i);
                                    sums[usize::from(other)] += w;
                                }
                                group_weights.push(sums);
                            }
                            row.retain(|&(_, w)| w != 0.0 && w.abs() >= keep.min_weight);
                            if let Some(k) = keep.top
                                && row.len() > k
                            {
                                // Strongest first; ties of equal weight by partner.
                                row.sort_by(|x, y| {
                                    y.1.abs().total_cmp(&x.1.abs()).then(x.0.cmp(&y.0))
                                });
                                row.truncate(k);
                            }
                            ties.extend(row.into_iter().map(|(j, weight)| {
                                let (a, b) = if (i as u32) < j {
                                    (i as u32, j)
                                } else {
                                    (j, i as u32)
                                };
                                Tie {
                                    a,
                                    b,
                                    weight,
                                    agrees: !conflict_measure && weight > 0.0,
                                }
                            }));
                            progress.rows.fetch_add(1, Ordering::Relaxed);
                        }
                        Some((ties, strength, opposition, group_weights))
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().ok().flatten())
                .collect()
        });
        let mut ties = Vec::new();
        let mut strength = Vec::with_capacity(n);
        let mut opposition = Vec::with_capacity(n);
        let mut group_weights = Vec::new();
        for part in parts {
            let (part_ties, part_strength, part_opposition, part_groups) = part?;
            ties.extend(part_ties);
            strength.extend(part_strength);
            opposition.extend(part_opposition);
            group_weights.extend(part_groups);
        }
        ties.sort_by_key(|t| (t.a, t.b));
        ties.dedup_by(|x, y| x.a == y.a && x.b == y.b);
        let positive: Vec<(usize, usize, f64)> = ties
            .iter()
            .filter(|t| t.agrees)
            .map(|t| (t.a as usize, t.b as usize, t.weight))
            .collect();
        let blocs = louvain(n, &positive);
        let max_weight = ties.iter().map(|t| t.weight.abs()).fold(0.0, f64::max);
        Some(Self {
            actors: agreement.actors().to_vec(),
            strength,
            opposition,
            ties,
            blocs,
            max_weight,
            group_weights,
        })
    }

    /// Whether the blocs are real structure: at least two of them, with a modularity of at
    /// least [`CLEAR_BLOCS`]. Otherwise they are not coloured nor named as blocs.
    pub fn has_clear_blocs(&self) -> bool {
        self.blocs.count >= 2 && self.blocs.modularity >= CLEAR_BLOCS
    }

    /// The blocs in words: "3 blocs (modularity 0.41)", or "no clear blocs (modularity 0.04)".
    pub fn blocs_summary(&self) -> String {
        let modularity = self.blocs.modularity;
        if self.has_clear_blocs() {
            format!("{} blocs (modularity {modularity:.2})", self.blocs.count)
        } else {
            format!("no clear blocs (modularity {modularity:.2})")
        }
    }

    /// What a network's footer says of how it was made.
    pub fn caption(&self, options: Options, keep: Keep) -> String {
        let normalised = match options.normalization {
            Normalization::None => "not normalised".to_owned(),
            other => format!("normalised: {}", other.name()),
        };
        let kept = match keep.top {
            Some(k) => format!("each actor's {k} strongest ties"),
            None => "every tie".to_owned(),
        };
        let min = if keep.min_weight > 0.0 {
            format!(" of weight ≥ {}", keep.min_weight)
        } else {
            String::new()
        };
        let blocs = if self.has_clear_blocs() {
            self.blocs_summary()
        } else {
            format!(
                "{}: actors coloured by kind, not by bloc",
                self.blocs_summary()
            )
        };
        format!(
            "Network: {}, {normalised}, duplicates: {} · {kept}{min} · {blocs}",
            options.measure.name(),
            options.duplicates.name(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::agreement::Duplicates;
    use crate::model::load_str;

    fn network_of(text: &str) -> Network {
        let dataset = load_str(text, "test.ron").expect("valid");
        let options = Options {
            measure: Measure::Congruence,
            normalization: Normalization::None,
            duplicates: Duplicates::Include,
        };
        let agreement = Agreement::new(&dataset, dataset.position_ixs(), options);
        Network::compute(&agreement, Keep::default(), 2, &Progress::default()).expect("computed")
    }

    /// Two pairs agree among themselves on separate issues: two blocs with nothing between
    /// them, modularity 2 · (2/4 − (2/4)²) = 0.5 by hand.
    #[test]
    fn two_separate_camps_are_clear_blocs() {
        let network = network_of(
            r#"(title: "Camps",
            actors: [(id: "a", name: "A", kind: Country), (id: "b", name: "B", kind: Country),
                     (id: "c", name: "C", kind: Country), (id: "d", name: "D", kind: Country)],
            issues: [(id: "x", name: "X"), (id: "y", name: "Y")],
            positions: [
                (actor: "a", issue: "x", stance: Support, quote: "a"),
                (actor: "b", issue: "x", stance: Support, quote: "b"),
                (actor: "c", issue: "y", stance: Reject, quote: "c"),
                (actor: "d", issue: "y", stance: Reject, quote: "d"),
            ])"#,
        );
        assert_eq!(network.blocs.count, 2);
        assert!((network.blocs.modularity - 0.5).abs() < 1e-12);
        assert!(network.has_clear_blocs());
        assert_eq!(network.blocs_summary(), "2 blocs (modularity 0.50)");
    }

    /// Three actors who all agree with each other equally: one community, modularity 0: no
    /// clear blocs, and the footer does not claim any.
    #[test]
    fn everyone_agreeing_has_no_clear_blocs() {
        let network = network_of(
            r#"(title: "One camp",
            actors: [(id: "a", name: "A", kind: Country), (id: "b", name: "B", kind: Country),
                     (id: "c", name: "C", kind: Country)],
            issues: [(id: "x", name: "X")],
            positions: [
                (actor: "a", issue: "x", stance: Support, quote: "a"),
                (actor: "b", issue: "x", stance: Support, quote: "b"),
                (actor: "c", issue: "x", stance: Support, quote: "c"),
            ])"#,
        );
        assert!(network.blocs.modularity.abs() < 1e-12);
        assert!(!network.has_clear_blocs());
        assert_eq!(network.blocs_summary(), "no clear blocs (modularity 0.00)");
        let caption = network.caption(Options::default(), Keep::default());
        assert!(caption.contains("no clear blocs"), "{caption}");
        assert!(!caption.contains("1 blocs"), "{caption}");
    }

    /// A supports x, B and C reject it, B and C agree: by hand (subtract, not normalised)
    /// A–B = −1, A–C = −1, B–C = +1, so A's strength and opposition are 2, B's strength 2 and
    /// opposition 1; under congruence nobody opposes anybody.
    #[test]
    fn opposition_sums_the_ties_of_conflict() {
        let text = r#"(title: "Opposed",
            actors: [(id: "a", name: "A", kind: Country), (id: "b", name: "B", kind: Country),
                     (id: "c", name: "C", kind: Country)],
            issues: [(id: "x", name: "X")],
            positions: [
                (actor: "a", issue: "x", stance: Support, quote: "a"),
                (actor: "b", issue: "x", stance: Reject, quote: "b"),
                (actor: "c", issue: "x", stance: Reject, quote: "c"),
            ])"#;
        let dataset = load_str(text, "test.ron").expect("valid");
        let of = |measure| {
            let options = Options {
                measure,
                ..Options::default()
            };
            let agreement = Agreement::new(&dataset, dataset.position_ixs(), options);
            Network::compute(&agreement, Keep::default(), 2, &Progress::default())
                .expect("computed")
        };
        let subtract = of(Measure::Subtract);
        assert_eq!(subtract.strength, vec![2.0, 2.0, 2.0]);
        assert_eq!(subtract.opposition, vec![2.0, 1.0, 1.0]);
        let conflict = of(Measure::Conflict);
        assert_eq!(conflict.opposition, vec![2.0, 1.0, 1.0]);
        assert_eq!(of(Measure::Congruence).opposition, vec![0.0; 3]);
    }

    /// The seed's network splits only weakly: not shown as blocs.
    #[test]
    fn the_seed_has_no_clear_blocs() {
        let dataset = load_str(crate::model::SEED_RON, "positions.ron").expect("seed");
        let agreement = Agreement::new(&dataset, dataset.position_ixs(), Options::default());
        let network = Network::compute(&agreement, Keep::default(), 2, &Progress::default())
            .expect("computed");
        assert!(
            network.blocs.modularity < CLEAR_BLOCS,
            "{}",
            network.blocs.modularity
        );
        assert!(!network.has_clear_blocs());
    }
}
