//! Data exports: the positions themselves, written from the document (no page, no drawing).

use super::graph_data::{self, GraphData};
use super::{ExportError, Format};
use crate::graph::Node;
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

/// Writes positions in a data format, in the order given. Graph formats also hold `nodes`
/// (actors and issues shown without a position) and the `represents` links between actors.
pub fn write(
    format: Format,
    dataset: &Dataset,
    rows: &[PositionIx],
    nodes: &[Node],
) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Csv => csv(dataset, rows),
        Format::Graphml => {
            Ok(graph_data::graphml(&GraphData::new(dataset, rows, nodes)).into_bytes())
        }
        Format::Gexf => Ok(graph_data::gexf(&GraphData::new(dataset, rows, nodes)).into_bytes()),
        Format::Png | Format::Svg => Err(ExportError::NotData {
            format: format.name(),
        }),
    }
}

/// The positions as CSV (RFC 4180: fields with commas, quotes or line breaks are quoted): a
/// header row of [`CSV_COLUMNS`], then one row per position. The stance is `Support`,
/// `Reject`, `Neutral` or `Condition` (its text in `condition`); `source` is the source's id.
pub fn csv(dataset: &Dataset, rows: &[PositionIx]) -> Result<Vec<u8>, ExportError> {
    let fail = |e: &dyn std::fmt::Display| ExportError::Data {
        format: "CSV",
        reason: e.to_string(),
    };
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_COLUMNS).map_err(|e| fail(&e))?;
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
            .map_err(|e| fail(&e))?;
    }
    writer.into_inner().map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DataSource, SEED_RON, load_str};

    #[test]
    fn csv_has_a_header_and_one_quoted_row_per_position() {
        let dataset = DataSource::BuiltIn.load().expect("seed");
        let rows: Vec<PositionIx> = dataset.position_ixs().collect();
        let bytes = write(Format::Csv, &dataset, &rows, &[]).expect("csv");
        let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(header, CSV_COLUMNS);
        let records: Vec<::csv::StringRecord> =
            reader.records().map(|r| r.expect("record")).collect();
        assert_eq!(records.len(), dataset.positions.len());
        for (record, &p) in records.iter().zip(&rows) {
            let position = dataset.position(p);
            assert_eq!(&record[0], dataset.actor(position.actor).id);
            assert_eq!(&record[2], dataset.issue(position.issue).id);
            assert_eq!(&record[4], position.stance.kind().label());
            assert_eq!(&record[5], position.stance.condition().unwrap_or_default());
            // Quotes with commas and quotation marks come back whole.
            assert_eq!(&record[9], position.quote);
        }
    }

    #[test]
    fn csv_keeps_line_breaks_commas_and_quotes_inside_cells() {
        let text = SEED_RON.replacen("quote: \"", "quote: \"Line one,\\n\\\"two\\\"; ", 1);
        let dataset = load_str(&text, "quirky.ron").expect("valid");
        let rows: Vec<PositionIx> = dataset.position_ixs().take(1).collect();
        let bytes = csv(&dataset, &rows).expect("csv");
        let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
        let record = reader.records().next().expect("a row").expect("parses");
        assert!(
            record[9].starts_with("Line one,\n\"two\"; "),
            "{:?}",
            &record[9]
        );
    }

    #[test]
    fn pictures_are_not_data() {
        let dataset = DataSource::BuiltIn.load().expect("seed");
        assert!(write(Format::Png, &dataset, &[], &[]).is_err());
    }
}
