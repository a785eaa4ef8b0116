//! Colour by: what an actor's fill says. Its kind (the default, as always), its bloc in the
//! agreement network (when the network has clear blocs), or its value of an attribute (the
//! 8 most common values coloured, colour-blind safe and apart from the stance colours; the
//! rest "other"; actors without the attribute "(none)"). The same colouring fills the
//! graph, the network, the matrix's stripe and the timeline's names, and every export of them.

use std::collections::HashMap;
use std::fmt::Write as _;

use ecolor::Color32;
use serde::{Deserialize, Serialize};

use super::{LegendItem, Shape, Theme, kind_shape};
use crate::model::NO_VALUE as NONE;
use crate::model::{ActorIx, ActorKind, Dataset};

/// Colours of the first blocs, chosen so that none can be taken for a stance colour (no
/// green, vermillion, orange or grey: blues, purples, a brown and a pink, each at least 25
/// CIELAB units from every stance colour); later blocs share the last, a pale lilac.
pub const BLOC_COLORS: [Color32; 8] = [
    Color32::from_rgb(0x00, 0x72, 0xB2),
    Color32::from_rgb(0xAA, 0x33, 0x77),
    Color32::from_rgb(0x8C, 0x6D, 0x31),
    Color32::from_rgb(0xCC, 0x79, 0xA7),
    Color32::from_rgb(0x56, 0xB4, 0xE9),
    Color32::from_rgb(0x33, 0x22, 0x88),
    Color32::from_rgb(0x9C, 0x9C, 0xDC),
    Color32::from_rgb(0xDD, 0xCC, 0xEE),
];

/// How many blocs get a colour and a legend row of their own.
pub const NAMED_BLOCS: usize = BLOC_COLORS.len() - 1;

/// The colour of a bloc.
pub fn bloc_color(bloc: usize) -> Color32 {
    BLOC_COLORS[bloc.min(NAMED_BLOCS)]
}

/// The colours of an attribute's values: the bloc palette's seven (blues, purples, a brown
/// and a pink, none near a stance colour) and a sand; [`OTHER_COLOR`] for the rest.
pub const ATTRIBUTE_COLORS: [Color32; 8] = [
    BLOC_COLORS[0],
    BLOC_COLORS[1],
    BLOC_COLORS[2],
    BLOC_COLORS[3],
    BLOC_COLORS[4],
    BLOC_COLORS[5],
    BLOC_COLORS[6],
    Color32::from_rgb(0xDD, 0xCC, 0x77),
];

/// The colour of the values past the eighth (a pale lilac, as the smaller blocs').
pub const OTHER_COLOR: Color32 = BLOC_COLORS[NAMED_BLOCS];

/// What actors are coloured by.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ColourBy {
    /// Their kind (country, leader, organisation, person).
    #[default]
    Kind,
    /// Their bloc in the agreement network.
    Bloc,
    /// Their value of an attribute.
    Attribute(String),
}

impl ColourBy {
    /// As a menu names it: "Kind", "Bloc", "party".
    pub fn label(&self) -> &str {
        match self {
            Self::Kind => "Kind",
            Self::Bloc => "Bloc",
            Self::Attribute(name) => name,
        }
    }
}

/// The blocs of the agreement network, by actor, for the views that are not the network.
#[derive(Clone, Debug, PartialEq)]
pub struct Blocs {
    /// The document revision they were computed for.
    pub document: u64,
    /// Each actor's bloc (by [`ActorIx`]); `None` for actors not in the network.
    pub of_actor: Vec<Option<u32>>,
    /// How many blocs (by size, the largest first).
    pub count: usize,
    /// Their modularity.
    pub modularity: f64,
    /// Whether they are clear enough to colour.
    pub clear: bool,
}

/// One value actors are coloured by.
#[derive(Clone, Debug, PartialEq)]
pub struct ColourValue {
    /// "SPD", "Bloc 2", "3 other values", "(none)".
    pub label: String,
    /// Its fill (`None`: the theme's colour for "no value").
    pub color: Option<Color32>,
}

/// The colouring of a dataset's actors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Colouring {
    /// What was asked for.
    pub by: ColourBy,
    /// The values, in legend order (the most common first; "other" and "(none)" last).
    pub values: Vec<ColourValue>,
    /// Each actor's value (by [`ActorIx`]); empty when coloured by kind.
    of_actor: Vec<u16>,
    /// Why the colouring asked for is not the one shown, e.g. "no clear blocs".
    pub note: Option<String>,
}

/// Marks an actor that has no value (coloured by kind).
const NO_VALUE: u16 = u16::MAX;

impl Colouring {
    /// The colouring `by` asks for. Blocs come from the agreement network (`blocs`, when it
    /// has been computed for this dataset): without them, or when they are not clear, actors
    /// keep their kind's colour and [`Self::note`] says why.
    pub fn new(dataset: &Dataset, by: &ColourBy, blocs: Option<&Blocs>) -> Self {
        match by {
            ColourBy::Kind => Self::default(),
            ColourBy::Bloc => match blocs {
                None => Self {
                    by: by.clone(),
                    note: Some("Blocs come from the agreement network: open the Network view to compute them".to_owned()),
                    ..Self::default()
                },
                Some(blocs) if !blocs.clear => Self {
                    by: by.clone(),
                    note: Some(format!(
                        "No clear blocs (modularity {:.2}): coloured by kind",
                        blocs.modularity
                    )),
                    ..Self::default()
                },
                Some(blocs) => {
                    let named = blocs.count.min(NAMED_BLOCS);
                    let mut values: Vec<ColourValue> = (0..named)
                        .map(|k| ColourValue {
                            label: format!("Bloc {}", k + 1),
                            color: Some(bloc_color(k)),
                        })
                        .collect();
                    if blocs.count > NAMED_BLOCS {
                        values.push(ColourValue {
                            label: format!("{} smaller blocs", blocs.count - NAMED_BLOCS),
                            color: Some(bloc_color(NAMED_BLOCS)),
                        });
                    }
                    let of_actor = (0..dataset.actors.len())
                        .map(|a| {
                            blocs.of_actor.get(a).copied().flatten().map_or(NO_VALUE, |b| {
                                (b as usize).min(NAMED_BLOCS) as u16
                            })
                        })
                        .collect();
                    Self {
                        by: by.clone(),
                        values,
                        of_actor,
                        note: None,
                    }
                }
            },
            ColourBy::Attribute(name) => Self::by_attribute(dataset, name),
        }
    }

    /// Coloured by an attribute's values, the most common first.
    fn by_attribute(dataset: &Dataset, name: &str) -> Self {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        let mut without = 0usize;
        for actor in &dataset.actors {
            match actor.attributes.get(name) {
                Some(value) => *counts.entry(value.as_str()).or_default() += 1,
                None => without += 1,
            }
        }
        if counts.is_empty() {
            return Self {
                by: ColourBy::Attribute(name.to_owned()),
                note: Some(format!(
                    "No actor has the attribute `{name}`: coloured by kind"
                )),
                ..Self::default()
            };
        }
        let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let coloured = ranked.len().min(ATTRIBUTE_COLORS.len());
        let mut values: Vec<ColourValue> = ranked[..coloured]
            .iter()
            .enumerate()
            .map(|(k, (value, _))| ColourValue {
                label: (*value).to_owned(),
                color: Some(ATTRIBUTE_COLORS[k]),
            })
            .collect();
        let rest = ranked.len() - coloured;
        let other = (rest > 0).then(|| {
            let mut label = String::new();
            write!(
                label,
                "{rest} other value{}",
                if rest == 1 { "" } else { "s" }
            )
            .ok();
            values.push(ColourValue {
                label,
                color: Some(OTHER_COLOR),
            });
            values.len() - 1
        });
        let none = (without > 0).then(|| {
            values.push(ColourValue {
                label: NONE.to_owned(),
                color: None,
            });
            values.len() - 1
        });
        let index: HashMap<&str, usize> = ranked
            .iter()
            .enumerate()
            .map(|(k, (value, _))| (*value, if k < coloured { k } else { other.unwrap_or(k) }))
            .collect();
        let of_actor = dataset
            .actors
            .iter()
            .map(|actor| {
                let k = match actor.attributes.get(name) {
                    Some(value) => index[value.as_str()],
                    None => none.unwrap_or(0),
                };
                k as u16
            })
            .collect();
        Self {
            by: ColourBy::Attribute(name.to_owned()),
            values,
            of_actor,
            note: None,
        }
    }

    /// Whether actors keep their kind's colour.
    pub fn is_kind(&self) -> bool {
        self.of_actor.is_empty()
    }

    /// An actor's value (its place in [`Self::values`]), unless coloured by kind.
    pub fn value_of(&self, actor: ActorIx) -> Option<usize> {
        self.of_actor
            .get(actor.0 as usize)
            .filter(|&&k| k != NO_VALUE)
            .map(|&k| k as usize)
    }

    /// The fill of a value.
    pub fn value_fill(&self, value: usize, theme: Theme) -> Color32 {
        self.values
            .get(value)
            .and_then(|v| v.color)
            .unwrap_or_else(|| none_color(theme))
    }

    /// An actor's fill: its value's colour, or its kind's.
    pub fn fill(&self, actor: ActorIx, kind: ActorKind, theme: Theme) -> Color32 {
        match self.value_of(actor) {
            Some(k) => self.value_fill(k, theme),
            None => theme.node_colors(Some(kind)).0,
        }
    }

    /// Legend rows for the actors `shown` (each value that appears, with how many of them
    /// hold it), then, when several kinds appear, their shapes in a neutral fill. `None` when
    /// coloured by kind (the kinds' own rows say it).
    pub fn legend(
        &self,
        shown: impl Iterator<Item = (ActorIx, ActorKind)>,
        theme: Theme,
    ) -> Option<Vec<LegendItem>> {
        if self.is_kind() {
            return None;
        }
        let mut counts = vec![0usize; self.values.len()];
        let mut kinds = [false; ActorKind::ALL.len()];
        let mut uncoloured = [false; ActorKind::ALL.len()];
        for (actor, kind) in shown {
            let k = ActorKind::ALL.iter().position(|&x| x == kind).unwrap_or(0);
            kinds[k] = true;
            match self.value_of(actor) {
                Some(v) => counts[v] += 1,
                None => uncoloured[k] = true,
            }
        }
        let (_, stroke) = theme.node_colors(Some(ActorKind::Country));
        let mut items: Vec<LegendItem> = self
            .values
            .iter()
            .enumerate()
            .filter(|&(k, _)| counts[k] > 0)
            .map(|(k, value)| LegendItem::Node {
                shape: Shape::Circle,
                fill: self.value_fill(k, theme),
                stroke,
                label: format!("{} ({})", value.label, counts[k]).into(),
            })
            .collect();
        let several = kinds.iter().filter(|&&k| k).count() > 1;
        for (k, kind) in ActorKind::ALL.into_iter().enumerate() {
            if kinds[k] && (several || uncoloured[k]) {
                let fill = if uncoloured[k] {
                    theme.node_colors(Some(kind)).0
                } else {
                    theme.palette().weak_text
                };
                items.push(LegendItem::Node {
                    shape: kind_shape(Some(kind)),
                    fill,
                    stroke,
                    label: kind.label().into(),
                });
            }
        }
        Some(items)
    }
}

/// The fill of "(none)": a light grey on light, a dark one on dark.
pub fn none_color(theme: Theme) -> Color32 {
    match theme {
        Theme::Light => Color32::from_rgb(0xD4, 0xD4, 0xD4),
        Theme::Dark => Color32::from_rgb(0x4A, 0x4E, 0x56),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_str;

    const PARLIAMENT: &str = r#"(title: "P", actors: [
        (id: "a", name: "A", kind: Person, attributes: {"party": "Red"}),
        (id: "b", name: "B", kind: Person, attributes: {"party": "Blue"}),
        (id: "c", name: "C", kind: Person, attributes: {"party": "Red"}),
        (id: "d", name: "D", kind: Organization),
    ], issues: [(id: "x", name: "X")], positions: [
        (actor: "a", issue: "x", stance: Support, quote: "Q."),
    ])"#;

    #[test]
    fn values_are_ranked_by_count_and_actors_without_one_are_none() {
        let dataset = load_str(PARLIAMENT, "p.ron").expect("valid");
        let colouring = Colouring::new(&dataset, &ColourBy::Attribute("party".into()), None);
        let labels: Vec<&str> = colouring.values.iter().map(|v| v.label.as_str()).collect();
        assert_eq!(labels, ["Red", "Blue", NONE]);
        assert_eq!(colouring.value_of(ActorIx(0)), Some(0));
        assert_eq!(colouring.value_of(ActorIx(1)), Some(1));
        assert_eq!(colouring.value_of(ActorIx(3)), Some(2));
        assert_eq!(
            colouring.fill(ActorIx(2), ActorKind::Person, Theme::Light),
            ATTRIBUTE_COLORS[0]
        );
        assert_eq!(
            colouring.fill(ActorIx(3), ActorKind::Organization, Theme::Light),
            none_color(Theme::Light)
        );
        // The legend counts the actors shown, and explains the two shapes.
        let shown = [
            (ActorIx(0), ActorKind::Person),
            (ActorIx(3), ActorKind::Organization),
        ];
        let legend = colouring
            .legend(shown.into_iter(), Theme::Light)
            .expect("rows");
        let rows: Vec<String> = legend
            .iter()
            .filter_map(|item| match item {
                LegendItem::Node { label, .. } => Some(label.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(rows, ["Red (1)", "(none) (1)", "Organization", "Person"]);
        // Kind: no colouring at all; an unknown attribute says so and keeps kinds.
        assert!(Colouring::new(&dataset, &ColourBy::Kind, None).is_kind());
        let missing = Colouring::new(&dataset, &ColourBy::Attribute("region".into()), None);
        assert!(missing.is_kind());
        assert!(
            missing
                .note
                .as_deref()
                .is_some_and(|n| n.contains("`region`"))
        );
    }

    #[test]
    fn past_eight_values_the_rest_are_other() {
        let mut text = String::from(r#"(title: "P", actors: ["#);
        // Values v0..v9: v0 held by 10 actors, v1 by 9, … v9 by 1.
        let mut n = 0;
        for v in 0..10 {
            for _ in 0..(10 - v) {
                write!(
                    text,
                    r#"(id: "a{n}", name: "A{n}", kind: Person, attributes: {{"g": "v{v}"}}),"#
                )
                .ok();
                n += 1;
            }
        }
        text.push_str("], issues: [], positions: [])");
        let dataset = load_str(&text, "p.ron").expect("valid");
        let colouring = Colouring::new(&dataset, &ColourBy::Attribute("g".into()), None);
        let labels: Vec<&str> = colouring.values.iter().map(|v| v.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "v0",
                "v1",
                "v2",
                "v3",
                "v4",
                "v5",
                "v6",
                "v7",
                "2 other values"
            ]
        );
        // The last actor holds v9: other.
        assert_eq!(colouring.value_of(ActorIx(n - 1)), Some(8));
        assert_eq!(colouring.value_fill(8, Theme::Light), OTHER_COLOR);
    }

    #[test]
    fn blocs_colour_only_when_clear() {
        let dataset = load_str(PARLIAMENT, "p.ron").expect("valid");
        let mut blocs = Blocs {
            document: 1,
            of_actor: vec![Some(0), Some(1), Some(0), None],
            count: 2,
            modularity: 0.4,
            clear: true,
        };
        let colouring = Colouring::new(&dataset, &ColourBy::Bloc, Some(&blocs));
        assert_eq!(colouring.value_of(ActorIx(1)), Some(1));
        assert_eq!(colouring.value_of(ActorIx(3)), None);
        assert_eq!(
            colouring.fill(ActorIx(3), ActorKind::Organization, Theme::Light),
            Theme::Light.node_colors(Some(ActorKind::Organization)).0
        );
        blocs.clear = false;
        let unclear = Colouring::new(&dataset, &ColourBy::Bloc, Some(&blocs));
        assert!(unclear.is_kind());
        assert!(
            unclear
                .note
                .as_deref()
                .is_some_and(|n| n.starts_with("No clear blocs"))
        );
        assert!(
            Colouring::new(&dataset, &ColourBy::Bloc, None)
                .note
                .is_some()
        );
    }
}
