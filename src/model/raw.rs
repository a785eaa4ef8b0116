//! A serde mirror of the file, exactly as written. Only the loader sees these types.
//!
//! Every struct denies unknown fields, so a misspelt field is an error instead of being dropped.
//! The serde names ("Dataset", "Actor", …) let a file write `Actor(id: …)` as well as `(id: …)`.

use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(rename = "Dataset", deny_unknown_fields)]
pub struct RawDataset {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    pub actors: Vec<RawActor>,
    pub issues: Vec<RawIssue>,
    pub positions: Vec<RawPosition>,
}

/// One entry of `sources`.
#[derive(Debug, Deserialize)]
#[serde(rename = "Source", deny_unknown_fields)]
pub struct RawSource {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    /// The source's full text, inline.
    #[serde(default)]
    pub text: Option<String>,
    /// The source's full text, in a file beside the positions file.
    #[serde(default)]
    pub text_file: Option<String>,
}

/// `kind` of an actor.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename = "ActorKind")]
pub enum RawActorKind {
    Country,
    Leader,
    #[serde(alias = "Organisation")]
    Organization,
    Person,
}

/// One entry of `actors`.
#[derive(Debug, Deserialize)]
#[serde(rename = "Actor", deny_unknown_fields)]
pub struct RawActor {
    pub id: String,
    pub name: String,
    pub kind: RawActorKind,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub represents: Option<String>,
    #[serde(default, deserialize_with = "attributes")]
    pub attributes: Vec<(String, String)>,
    #[serde(default)]
    pub influence: Option<f64>,
}

/// An actor's `attributes: {"party": "SPD"}`, in the file's order and with any name given
/// twice kept twice (a map would keep one of the two silently; the validation reports it).
fn attributes<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<(String, String)>, D::Error> {
    struct Attributes;
    impl<'de> serde::de::Visitor<'de> for Attributes {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of attribute names to text, e.g. {\"party\": \"SPD\"}")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = map.next_entry::<String, String>()? {
                out.push(entry);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Attributes)
}

/// One entry of `issues`.
#[derive(Debug, Deserialize)]
#[serde(rename = "Issue", deny_unknown_fields)]
pub struct RawIssue {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// `stance` of a position.
#[derive(Debug, Deserialize)]
#[serde(rename = "Stance")]
pub enum RawStance {
    Support,
    Reject,
    Neutral,
    Condition(String),
}

/// One entry of `positions`.
#[derive(Debug, Deserialize)]
#[serde(rename = "Position", deny_unknown_fields)]
pub struct RawPosition {
    pub actor: String,
    pub issue: String,
    pub stance: RawStance,
    pub quote: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub salience: Option<f64>,
}
