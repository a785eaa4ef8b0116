//! Spreadsheets (XLSX, XLS, ODS) through calamine: a preview of their first rows, and the
//! first sheet read as a table.

use super::super::{Dataset, LoadError, Location, Problem, ProblemKind};
use super::{TableOptions, decode, load_table, normalise};

/// The first rows of a table file, for choosing its columns: the header and up to `rows`
/// rows after it.
pub fn preview(
    path: &std::path::Path,
    rows: usize,
) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    use calamine::Reader as _;
    let kind = super::super::FileKind::of(path);
    let mut all: Vec<Vec<String>> = if kind == super::super::FileKind::Workbook {
        let mut workbook = calamine::open_workbook_auto(path).map_err(|e| e.to_string())?;
        let sheets = workbook.sheet_names();
        let sheet = sheets
            .iter()
            .find(|s| s.trim().eq_ignore_ascii_case("positions"))
            .or_else(|| sheets.first())
            .cloned()
            .ok_or("the workbook has no sheet")?;
        let range = workbook
            .worksheet_range(&sheet)
            .map_err(|e| e.to_string())?;
        range
            .rows()
            .take(rows + 1)
            .map(|r| r.iter().map(cell_text).collect())
            .collect()
    } else {
        use std::io::Read as _;
        let mut head = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(256 * 1024).read_to_end(&mut head))
            .map_err(|e| e.to_string())?;
        let text = decode(&head);
        let delimiter = if kind == super::super::FileKind::Tsv {
            b'\t'
        } else {
            b','
        };
        csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .take(rows + 1)
            .filter_map(Result::ok)
            .map(|r| r.iter().map(str::to_owned).collect())
            .collect()
    };
    if all.is_empty() {
        return Err("the file is empty".to_owned());
    }
    let header = all.remove(0);
    Ok((header, all))
}

/// A date of a spreadsheet (days since 1899-12-30, the epoch of Excel and of LibreOffice) as
/// `YYYY-MM-DD`.
pub(super) fn serial_date(serial: f64) -> String {
    // Days from 1970-01-01, then the civil date (Howard Hinnant's algorithm).
    let days = serial.floor() as i64 - 25_569;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A workbook cell as table text.
fn cell_text(data: &calamine::Data) -> String {
    use calamine::Data;
    match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => serial_date(d.as_f64()),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Reads a workbook (`.xlsx`, `.xls`, `.ods`): the sheet `positions` (or the first sheet),
/// after the sheets `actors`, `issues` and `sources` if it has them (their rows declare those
/// entries). Each sheet is read as a table with the same columns and rules; problems name
/// their sheet. A cell with a formula is refused: stancemap reads values, not formulas.
pub fn load_workbook(path: &std::path::Path, options: &TableOptions) -> Result<Dataset, LoadError> {
    use calamine::Reader as _;
    let name = path.display().to_string();
    let fail = |message: String| LoadError {
        path: name.clone(),
        problems: vec![Problem::new(ProblemKind::Table { message })],
    };
    let mut workbook = calamine::open_workbook_auto(path)
        .map_err(|e| fail(format!("cannot read the workbook: {e}")))?;
    let sheets = workbook.sheet_names();
    let find = |wanted: &str| {
        sheets
            .iter()
            .find(|s| s.trim().eq_ignore_ascii_case(wanted))
            .cloned()
    };
    let positions = find("positions")
        .or_else(|| sheets.first().cloned())
        .ok_or_else(|| fail("the workbook has no sheet".to_owned()))?;
    // The declaring sheets first, then the positions, as one table under a shared header.
    let mut order: Vec<String> = ["sources", "actors", "issues"]
        .into_iter()
        .filter_map(find)
        .filter(|s| *s != positions)
        .collect();
    order.push(positions);
    let mut header: Vec<String> = Vec::new();
    let mut parts: Vec<(String, Vec<String>, Vec<Vec<String>>)> = Vec::new();
    let mut problems = Vec::new();
    for sheet in &order {
        let range = workbook
            .worksheet_range(sheet)
            .map_err(|e| fail(format!("cannot read the sheet {sheet:?}: {e}")))?;
        if let Ok(formulas) = workbook.worksheet_formula(sheet) {
            let (top, left) = formulas.start().unwrap_or((0, 0));
            for (r, row) in formulas.rows().enumerate() {
                for (c, formula) in row.iter().enumerate() {
                    if !formula.is_empty() {
                        problems.push(Problem {
                            location: Some(Location {
                                line: top as usize + r + 1,
                                column: left as usize + c + 1,
                            }),
                            subject: Some(format!("sheet {sheet}")),
                            field: None,
                            kind: ProblemKind::Table {
                                message: format!("the cell holds a formula (={formula})"),
                            },
                            help: Some("copy the sheet and paste it as values".to_owned()),
                        });
                    }
                }
            }
        }
        let mut rows = range
            .rows()
            .map(|row| row.iter().map(cell_text).collect::<Vec<_>>());
        let Some(sheet_header) = rows.next() else {
            continue;
        };
        for h in &sheet_header {
            if !h.trim().is_empty() && !header.iter().any(|x| normalise(x) == normalise(h)) {
                header.push(h.clone());
            }
        }
        parts.push((sheet.clone(), sheet_header, rows.collect()));
    }
    if !problems.is_empty() {
        return Err(LoadError {
            path: name,
            problems,
        });
    }
    // One CSV under the shared header; each of its rows remembers where it came from.
    let mut origin: Vec<(String, usize)> = vec![(String::new(), 1)];
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write_failed = |e: csv::Error| fail(format!("cannot read the workbook: {e}"));
    writer.write_record(&header).map_err(write_failed)?;
    for (sheet, sheet_header, rows) in &parts {
        let at: Vec<Option<usize>> = header
            .iter()
            .map(|h| {
                sheet_header
                    .iter()
                    .position(|x| normalise(x) == normalise(h))
            })
            .collect();
        for (k, row) in rows.iter().enumerate() {
            let record: Vec<&str> = at
                .iter()
                .map(|c| c.and_then(|c| row.get(c)).map_or("", String::as_str))
                .collect();
            writer.write_record(&record).map_err(write_failed)?;
            origin.push((sheet.clone(), k + 2));
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| fail(format!("cannot read the workbook: {}", e.error())))?;
    load_table(&bytes, &name, b',', options).map_err(|mut error| {
        // Name each problem's sheet and row there.
        for problem in &mut error.problems {
            if let Some(location) = &mut problem.location
                && location.line > 1
                && let Some((sheet, row)) = origin.get(location.line - 1)
            {
                location.line = *row;
                problem.subject = Some(format!("sheet {sheet}, row {row}"));
            }
        }
        error
    })
}
