//! Data exports: the positions themselves, written from the document (no page, no drawing).

use super::{ExportError, Format};
use crate::model::{Dataset, PositionIx};

/// The columns of a positions CSV, in order. The names are the ones a spreadsheet import
/// would look for (one row per position).
pub const CSV_COLUMNS: [&str; 10] = [
    "actor",
    "actor_name",
    "issue",
    "issue_name",
    "stance",
    "condition",
    "date",
    "source",
    "url",
    "quote",
];

/// Writes positions in a data format, in the order given.
pub fn write(
    format: Format,
    dataset: &Dataset,
    rows: &[PositionIx],
) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Csv => Ok(csv(dataset, rows)),
        Format::Png | Format::Svg => Err(ExportError::NotData {
            format: format.name(),
        }),
    }
}

/// The positions as CSV (RFC 4180: fields with commas, quotes or line breaks are quoted): a
/// header row of [`CSV_COLUMNS`], then one row per position. The stance is `Support`,
/// `Reject`, `Neutral` or `Condition` (its text in `condition`); `source` is the source's id.
pub fn csv(dataset: &Dataset, rows: &[PositionIx]) -> Vec<u8> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    // Writing into memory cannot fail, so errors are only possible in theory; an empty
    // record is then left out rather than the whole file.
    writer.write_record(CSV_COLUMNS).ok();
    for &p in rows {
        let position = dataset.position(p);
        let actor = dataset.actor(position.actor);
        let issue = dataset.issue(position.issue);
        let date = position.date.map(|d| d.to_string()).unwrap_or_default();
        let source = position
            .source
            .map_or("", |s| dataset.source(s).id.as_str());
        writer
            .write_record([
                actor.id.as_str(),
                actor.name.as_str(),
                issue.id.as_str(),
                issue.name.as_str(),
                position.stance.kind().label(),
                position.stance.condition().unwrap_or_default(),
                date.as_str(),
                source,
                position.url.as_deref().unwrap_or_default(),
                position.quote.as_str(),
            ])
            .ok();
    }
    writer.into_inner().unwrap_or_default()
}
