//! Data exports: the positions themselves, written from the document (no page, no drawing).

use super::graph_data::{self, GraphData};
use super::{ExportError, Format};
use crate::graph::Node;
use crate::model::table::Field;
use crate::model::{Dataset, PositionIx};

/// The columns of a positions CSV, in order: the fields the table importer reads.
pub const CSV_COLUMNS: [&str; 23] = {
    let mut names = [""; 23];
    let mut k = 0;
    while k < 23 {
        names[k] = Field::ALL[k].name();
        k += 1;
    }
    names
};

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
        Format::Png | Format::Svg | Format::Html => Err(ExportError::NotData {
            format: format.name(),
        }),
    }
}

/// The positions as CSV (RFC 4180: fields with commas, quotes or line breaks are quoted): a
/// header row of [`CSV_COLUMNS`] and an `attribute:NAME` column for each attribute the actors
/// have, then one row per position with its actor's, issue's and
/// source's details, so that the table importer reads it back. The stance is `Support`,
/// `Reject`, `Neutral` or `Condition` (its text in `condition`). A cell that a spreadsheet would
/// take for a formula (starting with `=`, `+`, `-` or `@`) is written after a `'`, which the
/// importer takes away again.
pub fn csv(dataset: &Dataset, rows: &[PositionIx]) -> Result<Vec<u8>, ExportError> {
    table(dataset, rows, false)
}

/// The whole dataset as a table: first a row for each source, actor and issue (so those
/// without positions, and their order, survive), then the positions. `stancemap convert`
/// writes this; reading it back gives the same sources, actors, issues and positions.
pub fn full_csv(dataset: &Dataset) -> Result<Vec<u8>, ExportError> {
    let rows: Vec<PositionIx> = dataset.position_ixs().collect();
    table(dataset, &rows, true)
}

/// A CSV made tab-separated (for `.tsv`): the same records, tabs between cells.
pub fn to_tsv(csv: &[u8]) -> Result<Vec<u8>, ExportError> {
    let fail = |e: &dyn std::fmt::Display| ExportError::Data {
        format: "TSV",
        reason: e.to_string(),
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv);
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(b'\t')
        .from_writer(Vec::new());
    for record in reader.records() {
        writer
            .write_record(&record.map_err(|e| fail(&e))?)
            .map_err(|e| fail(&e))?;
    }
    writer.into_inner().map_err(|e| fail(&e))
}

/// A cell as written: guarded against formula injection.
fn guard(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn table(
    dataset: &Dataset,
    rows: &[PositionIx],
    declarations: bool,
) -> Result<Vec<u8>, ExportError> {
    let fail = |e: &dyn std::fmt::Display| ExportError::Data {
        format: "CSV",
        reason: e.to_string(),
    };
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    // The actors' attributes, each in an `attribute:NAME` column after the fields.
    let attributes = dataset.attribute_names();
    let header: Vec<String> = CSV_COLUMNS
        .iter()
        .map(|c| (*c).to_owned())
        .chain(
            attributes
                .iter()
                .map(|name| format!("{}:{name}", crate::model::table::ATTRIBUTE_PREFIX)),
        )
        .collect();
    writer.write_record(&header).map_err(|e| fail(&e))?;
    let mut record: Vec<String> = vec![String::new(); header.len()];
    let column = |field: Field| Field::ALL.iter().position(|&f| f == field).unwrap_or(0);
    let write = |record: &mut Vec<String>, writer: &mut ::csv::Writer<Vec<u8>>| {
        let guarded: Vec<std::borrow::Cow<'_, str>> = record.iter().map(|c| guard(c)).collect();
        let result = writer.write_record(guarded.iter().map(AsRef::<str>::as_ref));
        for cell in record.iter_mut() {
            cell.clear();
        }
        result.map_err(|e| fail(&e))
    };
    let fill_actor = |record: &mut Vec<String>, a: crate::model::ActorIx| {
        let actor = dataset.actor(a);
        record[column(Field::Actor)].clone_from(&actor.id);
        record[column(Field::ActorName)].clone_from(&actor.name);
        actor
            .kind
            .label()
            .clone_into(&mut record[column(Field::ActorKind)]);
        record[column(Field::ActorRole)] = actor.role.clone().unwrap_or_default();
        record[column(Field::Represents)] = actor
            .represents
            .map(|r| dataset.actor(r).id.clone())
            .unwrap_or_default();
        for (k, name) in attributes.iter().enumerate() {
            record[CSV_COLUMNS.len() + k] =
                actor.attributes.get(*name).cloned().unwrap_or_default();
        }
        record[column(Field::Influence)] =
            actor.influence.map(|v| v.to_string()).unwrap_or_default();
    };
    let fill_issue = |record: &mut Vec<String>, i: crate::model::IssueIx| {
        let issue = dataset.issue(i);
        record[column(Field::Issue)].clone_from(&issue.id);
        record[column(Field::IssueName)].clone_from(&issue.name);
        record[column(Field::IssueDescription)] = issue.description.clone().unwrap_or_default();
        record[column(Field::IssueTags)] = issue.tags.join(";");
    };
    let fill_source = |record: &mut Vec<String>, s: crate::model::SourceIx| {
        let source = dataset.source(s);
        record[column(Field::Source)].clone_from(&source.id);
        record[column(Field::SourceTitle)].clone_from(&source.title);
        record[column(Field::SourcePublisher)] = source.publisher.clone().unwrap_or_default();
        record[column(Field::SourceUrl)] = source.url.clone().unwrap_or_default();
        record[column(Field::SourceDate)] = source.date.map(|d| d.to_string()).unwrap_or_default();
    };
    if declarations {
        record[column(Field::DatasetTitle)].clone_from(&dataset.title);
        record[column(Field::DatasetDescription)] = dataset.description.clone().unwrap_or_default();
        write(&mut record, &mut writer)?;
        for k in 0..dataset.sources.len() {
            fill_source(&mut record, crate::model::SourceIx(k as u32));
            write(&mut record, &mut writer)?;
        }
        for a in dataset.actor_ixs() {
            fill_actor(&mut record, a);
            write(&mut record, &mut writer)?;
        }
        for i in dataset.issue_ixs() {
            fill_issue(&mut record, i);
            write(&mut record, &mut writer)?;
        }
    }
    for &p in rows {
        let position = dataset.position(p);
        fill_actor(&mut record, position.actor);
        fill_issue(&mut record, position.issue);
        if let Some(s) = position.source {
            fill_source(&mut record, s);
        }
        position
            .stance
            .kind()
            .label()
            .clone_into(&mut record[column(Field::Stance)]);
        position
            .stance
            .condition()
            .unwrap_or_default()
            .clone_into(&mut record[column(Field::Condition)]);
        record[column(Field::Quote)].clone_from(&position.quote);
        record[column(Field::Date)] = position.date.map(|d| d.to_string()).unwrap_or_default();
        record[column(Field::Url)] = position.url.clone().unwrap_or_default();
        record[column(Field::Salience)] =
            position.salience.map(|v| v.to_string()).unwrap_or_default();
        write(&mut record, &mut writer)?;
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
            assert_eq!(&record[1], dataset.issue(position.issue).id);
            assert_eq!(&record[2], position.stance.kind().label());
            assert_eq!(&record[4], position.stance.condition().unwrap_or_default());
            // Quotes with commas and quotation marks come back whole.
            assert_eq!(&record[3], position.quote);
        }
    }

    #[test]
    fn csv_keeps_line_breaks_commas_and_quotes_inside_cells() {
        // The seed's article left out: the changed quote is no longer in it.
        let start = SEED_RON.find("text: r#\"").expect("the article");
        let end = start + SEED_RON[start..].find("\"#,").expect("its end") + 3;
        let text = format!("{}{}", &SEED_RON[..start], &SEED_RON[end..]);
        let text = text.replacen("quote: \"", "quote: \"Line one,\\n\\\"two\\\"; ", 1);
        let dataset = load_str(&text, "quirky.ron").expect("valid");
        let rows: Vec<PositionIx> = dataset.position_ixs().take(1).collect();
        let bytes = csv(&dataset, &rows).expect("csv");
        let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
        let record = reader.records().next().expect("a row").expect("parses");
        assert!(
            record[3].starts_with("Line one,\n\"two\"; "),
            "{:?}",
            &record[3]
        );
    }

    #[test]
    fn pictures_are_not_data() {
        let dataset = DataSource::BuiltIn.load().expect("seed");
        assert!(write(Format::Png, &dataset, &[], &[]).is_err());
    }
}
