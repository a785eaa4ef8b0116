//! `stancemap diff`: who moved between two files, or between two dates of one file. Exits 0
//! when nothing differs, 1 when something does, 2 on every error (as diff(1)).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use super::{FilterArgs, TableArgs, filter_spec, load};
use crate::analysis::compare::{Change, ChangeKind, compare};
use crate::document::Document;
use crate::layout::LayoutParams;
use crate::model::Date;

/// Options of `stancemap diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// Two files to compare, or one with two `--at`.
    #[arg(value_name = "FILE", num_args = 1..=2, required = true)]
    pub files: Vec<PathBuf>,

    /// With one file: a date to compare at (YYYY-MM-DD), given twice; each side is the
    /// latest stance of each actor on each issue up to its date.
    #[arg(long, value_name = "DATE")]
    pub at: Vec<String>,

    /// text (grouped by actor), markdown (a table) or csv (one row per pair).
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub format: String,

    /// Which issues and stances are compared.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// How tables are read.
    #[command(flatten)]
    pub table: TableArgs,
}

/// Runs `stancemap diff`, writing the report to `out` and notes and errors to `err`.
pub fn run(
    args: &DiffArgs,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> ExitCode {
    match diff(args) {
        Ok((report, notes, differ)) => {
            for note in notes {
                writeln!(err, "note: {note}").ok();
            }
            out.write_all(report.as_bytes()).ok();
            if differ {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            writeln!(err, "Error: {error:#}").ok();
            ExitCode::from(2)
        }
    }
}

/// The report, the notes and whether anything differs.
fn diff(args: &DiffArgs) -> anyhow::Result<(String, Vec<String>, bool)> {
    let format = args.format.trim().to_ascii_lowercase();
    if !["text", "markdown", "csv"].contains(&format.as_str()) {
        let suggestion = crate::model::suggest(&format, ["text", "markdown", "csv"].into_iter());
        bail!(
            "unknown format {:?}{}; use text, markdown or csv",
            args.format,
            suggestion
                .map(|s| format!(" (did you mean {s:?}?)"))
                .unwrap_or_default()
        );
    }
    let side = |file: &PathBuf, until: Option<Date>| -> anyhow::Result<Document> {
        let (source, dataset) = load(file, &args.table)?;
        let mut spec = filter_spec(&args.filter);
        if let Some(date) = until {
            spec.to = Some(date.to_string());
        }
        let filter = spec.resolve(&dataset)?;
        Ok(Document::new(
            source,
            dataset,
            filter,
            LayoutParams::default(),
            None,
        ))
    };
    let (before, after, labels) = match (args.files.as_slice(), args.at.as_slice()) {
        ([a, b], []) => (
            side(a, None)?,
            side(b, None)?,
            (a.display().to_string(), b.display().to_string()),
        ),
        ([file], [first, second]) => {
            let date = |text: &String| {
                Date::parse(text.trim())
                    .map_err(|reason| anyhow::anyhow!("--at {text:?} is not a date: {reason}"))
            };
            let (first, second) = (date(first)?, date(second)?);
            (
                side(file, Some(first))?,
                side(file, Some(second))?,
                (
                    format!("{} at {first}", file.display()),
                    format!("at {second}"),
                ),
            )
        }
        ([_], at) => bail!(
            "one file is compared at two dates: give --at twice (it was given {} time{})",
            at.len(),
            if at.len() == 1 { "" } else { "s" }
        ),
        (_, _) => bail!("compare two files, or one file with --at twice (not both)"),
    };
    let (changes, notes) = compare(
        (before.dataset(), before.visible_positions().collect()),
        (after.dataset(), after.visible_positions().collect()),
    );
    let report = match format.as_str() {
        "csv" => csv(&changes)?,
        "markdown" => markdown(&changes, &labels),
        _ => text(&changes, &labels),
    };
    Ok((report, notes, !changes.is_empty()))
}

fn count(changes: &[Change], kind: ChangeKind) -> usize {
    changes.iter().filter(|c| c.kind == kind).count()
}

fn heading(changes: &[Change], (a, b): &(String, String)) -> String {
    if changes.is_empty() {
        return format!("{a} → {b}: no stance changed, none added, none removed\n");
    }
    format!(
        "{a} → {b}: {} changed, {} added, {} removed\n",
        count(changes, ChangeKind::Changed),
        count(changes, ChangeKind::Added),
        count(changes, ChangeKind::Removed)
    )
}

fn date(d: Option<Date>) -> String {
    d.map_or_else(|| "undated".to_owned(), |d| d.to_string())
}

/// Grouped by actor, readable in a terminal.
fn text(changes: &[Change], labels: &(String, String)) -> String {
    let mut out = heading(changes, labels);
    let mut last = None;
    for change in changes {
        if last != Some(&change.actor.0) {
            let _ = writeln!(out, "\n{}", change.actor.1);
            last = Some(&change.actor.0);
        }
        match (change.kind, &change.before, &change.after) {
            (ChangeKind::Changed, Some(x), Some(y)) => {
                let _ = writeln!(
                    out,
                    "  ~ {}: {} → {} ({} → {})\n      before: “{}”\n      after:  “{}”",
                    change.issue.1,
                    x.stance,
                    y.stance,
                    date(x.date),
                    date(y.date),
                    x.quote,
                    y.quote
                );
            }
            (ChangeKind::Added, _, Some(y)) => {
                let _ = writeln!(
                    out,
                    "  + {}: {} ({})\n      “{}”",
                    change.issue.1,
                    y.stance,
                    date(y.date),
                    y.quote
                );
            }
            (_, Some(x), _) => {
                let _ = writeln!(
                    out,
                    "  - {}: {} ({})\n      “{}”",
                    change.issue.1,
                    x.stance,
                    date(x.date),
                    x.quote
                );
            }
            _ => {}
        }
    }
    out
}

/// A Markdown table.
fn markdown(changes: &[Change], labels: &(String, String)) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = heading(changes, labels);
    if changes.is_empty() {
        return out;
    }
    out.push_str("\n| change | actor | issue | before | after |\n|---|---|---|---|---|\n");
    for change in changes {
        let side = |s: &Option<crate::analysis::compare::Side>| {
            s.as_ref().map_or_else(String::new, |s| {
                format!("{} ({}): “{}”", s.stance, date(s.date), cell(&s.quote))
            })
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            change.kind.name(),
            cell(&change.actor.1),
            cell(&change.issue.1),
            cell(&side(&change.before)),
            cell(&side(&change.after))
        );
    }
    out
}

/// One row per pair: change, actor, issue, both stances, both dates, both quotes.
fn csv(changes: &[Change]) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "change",
        "actor",
        "issue",
        "stance_before",
        "stance_after",
        "date_before",
        "date_after",
        "quote_before",
        "quote_after",
    ])?;
    for change in changes {
        let pick = |s: &Option<crate::analysis::compare::Side>,
                    f: fn(&crate::analysis::compare::Side) -> String| {
            s.as_ref().map(f).unwrap_or_default()
        };
        writer.write_record([
            change.kind.name().to_owned(),
            change.actor.0.clone(),
            change.issue.0.clone(),
            pick(&change.before, |s| s.stance.clone()),
            pick(&change.after, |s| s.stance.clone()),
            pick(&change.before, |s| {
                s.date.map(|d| d.to_string()).unwrap_or_default()
            }),
            pick(&change.after, |s| {
                s.date.map(|d| d.to_string()).unwrap_or_default()
            }),
            pick(&change.before, |s| s.quote.clone()),
            pick(&change.after, |s| s.quote.clone()),
        ])?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("{}", e.error()))?;
    Ok(String::from_utf8(bytes)?)
}
