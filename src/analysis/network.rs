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
    /// The kept ties, by (a, b).
    pub ties: Vec<Tie>,
    /// Blocs: communities of the kept ties of agreement (none for the conflict measure: every
    /// actor is then its own bloc).
    pub blocs: Partition,
    /// The largest |weight| of a kept tie (for line widths).
    pub max_weight: f64,
}

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
        let n = agreement.actors().len();
        let conflict_measure = agreement.options().measure == Measure::Conflict;
        let threads = threads.clamp(1, n.max(1));
        let chunk = n.div_ceil(threads).max(1);
        // Each thread: the kept candidate ties of its rows and their strengths.
        let parts: Vec<Option<(Vec<Tie>, Vec<f64>)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let rows = (t * chunk)..((t + 1) * chunk).min(n);
                    scope.spawn(move || {
                        let mut scratch = RowScratch::default();
                        let mut ties = Vec::new();
                        let mut strength = Vec::with_capacity(rows.len());
                        for i in rows {
                            if progress.cancel.load(Ordering::Relaxed) {
                                return None;
                            }
                            let mut row = agreement.row(i, &mut scratch);
                            strength.push(row.iter().map(|(_, w)| w.abs()).sum());
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
                        Some((ties, strength))
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
        for part in parts {
            let (t, s) = part?;
            ties.extend(t);
            strength.extend(s);
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
            ties,
            blocs,
            max_weight,
        })
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
        format!(
            "Network: {}, {normalised}, duplicates: {} · {kept}{min} · {} blocs, modularity {:.3}",
            options.measure.name(),
            options.duplicates.name(),
            self.blocs.count,
            self.blocs.modularity
        )
    }
}
