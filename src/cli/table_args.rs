//! How a table or a DNA database is read, as the command line says it: column maps, value maps,
//! defaults, attribute columns and the statement type.

use anyhow::bail;

use crate::document::UnknownId;
use crate::model::table::{ATTRIBUTE_PREFIX, Field, TableOptions, parse_value_map};

/// How a table (CSV, TSV) is read when its headers are not the field names.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct TableArgs {
    /// Tables: the column holding a field, as FIELD=COLUMN; repeat it or separate pairs by
    /// commas, e.g. `--map actor=country,issue=unres,stance=vote`. An actor attribute is
    /// `attribute:NAME`, e.g. `--map attribute:party=fraktion`.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub map: Vec<String>,

    /// Tables: what a field's cell values mean, as FIELD=VALUE:MEANING,…; repeat it for
    /// other fields, e.g. `--values stance=1:support,0:reject` (DNA's agreement column).
    #[arg(long = "values", value_name = "FIELD=VALUE:MEANING,…")]
    pub values: Vec<String>,

    /// DNA databases (.dna): the statement type read (default "DNA Statement"); `--map`
    /// chooses its variables, e.g. `--map actor=person` (default: actor=organization,
    /// issue=concept, stance=agreement).
    #[arg(long = "statement-type", value_name = "LABEL")]
    pub statement_type: Option<String>,

    /// Tables: a field's value where a row leaves it empty or the table has no column for
    /// it, as FIELD=VALUE, e.g. `--default actor_kind=person` for a parliament's speakers.
    #[arg(long = "default", value_name = "FIELD=VALUE")]
    pub defaults: Vec<String>,

    /// Tables: the quote made from other cells, `{column}` standing for a cell, e.g.
    /// `'Recorded vote {vote} on {unres}'`.
    #[arg(long = "quote", value_name = "TEMPLATE")]
    pub quote: Option<String>,

    /// Tables: the dataset's title (default: the file's name).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
}

impl TableArgs {
    /// The options these arguments ask for; an unknown field is an error with a suggestion.
    pub fn options(&self) -> anyhow::Result<TableOptions> {
        let mut map = std::collections::BTreeMap::new();
        let mut attributes = std::collections::BTreeMap::new();
        let field = |name: &str| {
            Field::parse(name).ok_or_else(|| {
                let names = Field::ALL.map(Field::name);
                UnknownId::new("field", name.trim(), names.into_iter())
            })
        };
        for pair in self.map.iter().flat_map(|m| m.split(',')) {
            let Some((name, column)) = pair.split_once('=') else {
                bail!("--map takes FIELD=COLUMN, not {pair:?}");
            };
            if let Some((prefix, attribute)) = name.split_once(':')
                && prefix.trim().eq_ignore_ascii_case(ATTRIBUTE_PREFIX)
            {
                if attribute.trim().is_empty() {
                    bail!("--map {pair:?}: name the attribute, e.g. attribute:party=COLUMN");
                }
                attributes.insert(attribute.trim().to_owned(), column.trim().to_owned());
                continue;
            }
            map.insert(field(name)?, column.trim().to_owned());
        }
        let mut values = std::collections::BTreeMap::new();
        for spec in &self.values {
            let Some((name, pairs)) = spec.split_once('=') else {
                bail!(
                    "--values takes FIELD=VALUE:MEANING,…, e.g. stance=1:support,0:reject, not {spec:?}"
                );
            };
            let parsed =
                parse_value_map(pairs).map_err(|e| anyhow::anyhow!("--values {spec:?}: {e}"))?;
            values.insert(field(name)?, parsed);
        }
        let mut defaults = std::collections::BTreeMap::new();
        for pair in &self.defaults {
            let Some((name, value)) = pair.split_once('=') else {
                bail!("--default takes FIELD=VALUE, e.g. actor_kind=person, not {pair:?}");
            };
            defaults.insert(field(name)?, value.trim().to_owned());
        }
        Ok(TableOptions {
            map,
            quote: self.quote.clone(),
            title: self.title.clone(),
            values,
            attributes,
            defaults,
            statement_type: self.statement_type.clone(),
        })
    }
}
