//! `stancemap add FILE position|actor|issue|source --FIELD VALUE …`: one entry added to a
//! positions file from the command line, by the window's path. The flags are the format's
//! field names; the entry is checked as a draft by the loader's rules (`Dataset::check_*`),
//! made an [`Edit`], applied, and saved by the format-preserving writer: the rest of the file
//! is kept byte for byte and its previous version as `FILE~`. A refused entry leaves the file
//! as it was. Exits as `check` does: 0 when added, 1 when refused or the file is invalid, 2 on
//! usage errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::document::edit::{Edit, Entry, apply};
use crate::model::table::{TableOptions, load_table};
use crate::model::{
    self, ActorDraft, ActorKind, Dataset, FileKind, IssueDraft, LoadError, Origins, PositionDraft,
    Problem, ProblemKind, SourceDraft, StanceKind,
};

/// Options of `stancemap add`.
#[derive(Debug, clap::Args)]
#[command(subcommand_value_name = "ENTRY", subcommand_help_heading = "Entries")]
pub struct AddArgs {
    /// The positions file (.ron) to add to; a table (.csv, .tsv, .xlsx) must be converted to
    /// .ron first.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// What to add.
    #[command(subcommand)]
    pub entry: NewEntry,
}

/// The entry to add, with its fields.
#[derive(Debug, clap::Subcommand)]
pub enum NewEntry {
    /// Add a position: an actor's stance on an issue, in their own words.
    Position(PositionArgs),
    /// Add an actor: a country, leader or organisation.
    Actor(ActorArgs),
    /// Add an issue: a question actors take positions on.
    Issue(IssueArgs),
    /// Add a source: a document quotes are taken from.
    Source(SourceArgs),
}

/// The fields of a new position.
#[derive(Debug, clap::Args)]
pub struct PositionArgs {
    /// The actor's id.
    #[arg(long, value_name = "ID")]
    pub actor: String,

    /// The issue's id.
    #[arg(long, value_name = "ID")]
    pub issue: String,

    /// Where the actor stands: support, reject, neutral or condition, or a synonym a table
    /// may hold (yes, no, for, against, abstain, conditional, …).
    #[arg(long, value_name = "WORD")]
    pub stance: String,

    /// The condition of a conditional stance (`--stance condition`).
    #[arg(long, value_name = "TEXT")]
    pub condition: Option<String>,

    /// The actor's words, verbatim; when the source has a text, it must occur in it (only
    /// whitespace may differ).
    #[arg(long, value_name = "TEXT")]
    pub quote: String,

    /// The id of the source the quote is taken from.
    #[arg(long, value_name = "ID")]
    pub source: Option<String>,

    /// A link to the statement (http or https).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// When the position was taken, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// How much the issue matters to the actor: a whole number from 0 to 100.
    #[arg(long, value_name = "N")]
    pub salience: Option<String>,
}

/// The fields of a new actor.
#[derive(Debug, clap::Args)]
pub struct ActorArgs {
    /// A new id: lowercase a-z, digits and '-', unique across sources, actors and issues.
    #[arg(long, value_name = "ID")]
    pub id: String,

    /// The name shown.
    #[arg(long, value_name = "TEXT")]
    pub name: String,

    /// Country, Leader, Organization or Person (any case; a table's words such as `mp` or
    /// `organisation` too).
    #[arg(long, value_name = "KIND")]
    pub kind: String,

    /// The actor's office or function.
    #[arg(long, value_name = "TEXT")]
    pub role: Option<String>,

    /// The id of the actor this one speaks for.
    #[arg(long, value_name = "ID")]
    pub represents: Option<String>,

    /// An attribute, `NAME=VALUE` (e.g. `--attribute party=SPD`); give it once for each.
    #[arg(long = "attribute", value_name = "NAME=VALUE")]
    pub attributes: Vec<String>,

    /// How much the actor can affect the outcomes in this file: a whole number from 0 to 100.
    #[arg(long, value_name = "N")]
    pub influence: Option<String>,
}

/// The fields of a new issue.
#[derive(Debug, clap::Args)]
pub struct IssueArgs {
    /// A new id: lowercase a-z, digits and '-', unique across sources, actors and issues.
    #[arg(long, value_name = "ID")]
    pub id: String,

    /// The name shown.
    #[arg(long, value_name = "TEXT")]
    pub name: String,

    /// What the issue is about.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// The issue's tags, separated by commas; or repeat the flag (`--tags a --tags b`).
    #[arg(long, alias = "tag", value_name = "TAG,…")]
    pub tags: Vec<String>,
}

/// The fields of a new source.
#[derive(Debug, clap::Args)]
pub struct SourceArgs {
    /// A new id: lowercase a-z, digits and '-', unique across sources, actors and issues.
    #[arg(long, value_name = "ID")]
    pub id: String,

    /// The document's title.
    #[arg(long, value_name = "TEXT")]
    pub title: String,

    /// Who published it.
    #[arg(long, value_name = "TEXT")]
    pub publisher: Option<String>,

    /// Where to read it (http or https).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// When it was published, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// Its full text, written into the file (quotes from it are then checked against it).
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,

    /// A file holding its full text, relative to the positions file's folder and inside it
    /// (.txt, .md or .html); the positions file refers to it.
    #[arg(long = "text-file", alias = "text_file", value_name = "PATH")]
    pub text_file: Option<String>,
}

/// Why nothing was added: what to print on stderr, and the exit code.
struct NotAdded {
    report: String,
    code: u8,
}

impl NotAdded {
    /// The entry or the file was refused (exit 1, as `check` for an invalid file).
    fn refused(report: String) -> Self {
        Self { report, code: 1 }
    }

    /// The command line asks for something that cannot be (exit 2, as clap's usage errors).
    fn usage(message: &str) -> Self {
        Self {
            report: format!("error: {message}\n"),
            code: 2,
        }
    }
}

/// Runs `stancemap add`: the summary line on `out`, or every problem on `err`.
pub fn run(args: &AddArgs, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> ExitCode {
    match add(args) {
        Ok(summary) => {
            writeln!(out, "{summary}").ok();
            ExitCode::SUCCESS
        }
        Err(NotAdded { report, code }) => {
            err.write_all(report.as_bytes()).ok();
            ExitCode::from(code)
        }
    }
}

/// Adds the entry and saves the file; returns the summary line.
fn add(args: &AddArgs) -> Result<String, NotAdded> {
    let path = &args.file;
    let name = path.display().to_string();
    let not_ron = || {
        let ron = path.with_extension("ron");
        NotAdded::refused(format!(
            "{name}: cannot add to a table; `add` edits positions files (.ron): convert it \
             first with `stancemap convert {name} --out {}` and add to that\n",
            ron.display()
        ))
    };
    if FileKind::of(path) != FileKind::Ron {
        return Err(not_ron());
    }
    let (mut dataset, base) = match model::load_file_keeping(path, &TableOptions::default()) {
        Ok((dataset, Some(base))) => (dataset, base),
        Ok((_, None)) => return Err(not_ron()),
        Err(error) => return Err(NotAdded::refused(error.to_string())),
    };
    let (entry, subject, what) = checked_entry(&dataset, &args.entry, path)?;
    let mut origins = Origins::read(&dataset);
    let edit = Edit::add(&dataset, entry);
    if let Err(error) = apply(&mut dataset, &mut origins, edit) {
        return Err(NotAdded::refused(format!(
            "{name}: {subject}: {error}\n{name}: nothing was added; the file is unchanged\n"
        )));
    }
    model::save(path, &base, &dataset, &origins)
        .map_err(|error| NotAdded::refused(format!("Error: {error}\n")))?;
    Ok(format!(
        "added {what} to {name}; previous version kept as {}",
        model::backup_path(path).display()
    ))
}

/// The entry the arguments describe, checked against the dataset, with its subject for
/// messages (`new actor "x"`) and its description for the summary; or every problem of it.
fn checked_entry(
    dataset: &Dataset,
    entry: &NewEntry,
    path: &Path,
) -> Result<(Entry, String, String), NotAdded> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    // A stance or kind word the table import cannot read; reported after the draft's own.
    let mut word_problems = Vec::new();
    let (checked, subject, what) = match entry {
        NewEntry::Position(args) => {
            let stance = stance_of(&args.stance).unwrap_or_else(|problems| {
                word_problems = problems;
                StanceKind::Support
            });
            if args.condition.is_some()
                && word_problems.is_empty()
                && stance != StanceKind::Condition
            {
                return Err(NotAdded::usage(&format!(
                    "--condition is only for a conditional stance (--stance condition), not \
                     --stance {}",
                    args.stance
                )));
            }
            let draft = PositionDraft {
                actor: args.actor.clone(),
                issue: args.issue.clone(),
                stance,
                condition: text(&args.condition),
                quote: args.quote.clone(),
                source: text(&args.source),
                url: text(&args.url),
                date: text(&args.date),
                salience: text(&args.salience),
            };
            let stance_text = match stance {
                StanceKind::Condition => format!("condition: {}", draft.condition.trim()),
                other => other.name().to_owned(),
            };
            (
                dataset.check_position(&draft).map(Entry::Position),
                format!("new position ({} on {})", args.actor, args.issue),
                format!(
                    "position {} → {} ({stance_text})",
                    args.actor.trim(),
                    args.issue.trim()
                ),
            )
        }
        NewEntry::Actor(args) => {
            let kind = kind_of(&args.kind).unwrap_or_else(|problems| {
                word_problems = problems;
                ActorKind::Country
            });
            let draft = ActorDraft {
                id: args.id.clone(),
                name: args.name.clone(),
                kind,
                role: text(&args.role),
                represents: text(&args.represents),
                // One `name: value` a line, as the editor's field takes them.
                attributes: args
                    .attributes
                    .iter()
                    .map(|a| match a.split_once('=') {
                        Some((name, value)) => format!("{name}: {value}"),
                        None => a.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                influence: text(&args.influence),
            };
            (
                dataset.check_actor(&draft, None).map(Entry::Actor),
                format!("new actor {:?}", args.id),
                format!("actor {} ({})", args.id, kind.label()),
            )
        }
        NewEntry::Issue(args) => {
            let draft = IssueDraft {
                id: args.id.clone(),
                name: args.name.clone(),
                description: text(&args.description),
                tags: args.tags.join(","),
            };
            (
                dataset.check_issue(&draft, None).map(Entry::Issue),
                format!("new issue {:?}", args.id),
                format!("issue {}", args.id),
            )
        }
        NewEntry::Source(args) => {
            let draft = SourceDraft {
                id: args.id.clone(),
                title: args.title.clone(),
                publisher: text(&args.publisher),
                url: text(&args.url),
                date: text(&args.date),
                text: text(&args.text),
                text_file: text(&args.text_file),
            };
            (
                dataset
                    .check_source(&draft, None, path.parent())
                    .map(Entry::Source),
                format!("new source {:?}", args.id),
                format!("source {}", args.id),
            )
        }
    };
    match checked {
        Ok(entry) if word_problems.is_empty() => Ok((entry, subject, what)),
        Ok(_) => Err(refusal(path, &subject, word_problems)),
        Err(mut problems) => {
            problems.append(&mut word_problems);
            Err(refusal(path, &subject, problems))
        }
    }
}

/// Every problem of a refused entry, as `check` prints a file's, each naming the new entry.
fn refusal(path: &Path, subject: &str, problems: Vec<Problem>) -> NotAdded {
    let name = path.display().to_string();
    let problems = problems
        .into_iter()
        .map(|problem| Problem {
            subject: Some(subject.to_owned()),
            help: match (&problem.kind, problem.help) {
                // The field is given on the command line by its own flag.
                (ProblemKind::EmptyCondition, _) => {
                    Some("say under which condition with --condition TEXT".to_owned())
                }
                (_, help) => help,
            },
            ..problem
        })
        .collect();
    let error = LoadError {
        path: name.clone(),
        problems,
    };
    NotAdded::refused(format!(
        "{error}{name}: nothing was added; the file is unchanged\n"
    ))
}

/// The stance a word means, read by the table import from a one-row table, so that `add`
/// takes exactly the words (and gives the suggestions) a table's stance column does.
fn stance_of(word: &str) -> Result<StanceKind, Vec<Problem>> {
    let dataset = one_row_table(
        ["actor", "issue", "stance", "condition", "quote"],
        ["a", "i", word, "c", "q"],
        "stance",
    )?;
    dataset
        .positions
        .first()
        .map(|p| p.stance.kind())
        .ok_or_else(|| vec![unreadable("stance", word)])
}

/// The kind of actor a word means, read by the table import as [`stance_of`] reads a stance.
fn kind_of(word: &str) -> Result<ActorKind, Vec<Problem>> {
    // A table without a kind means a country; a command line must say.
    if word.trim().is_empty() {
        return Err(vec![Problem {
            field: Some("kind"),
            ..Problem::new(ProblemKind::Empty { field: "kind" })
        }]);
    }
    let dataset = one_row_table(
        ["actor", "actor_kind", "issue", "stance", "quote"],
        ["a", word, "i", "support", "q"],
        "kind",
    )?;
    dataset
        .actors
        .first()
        .map(|a| a.kind)
        .ok_or_else(|| vec![unreadable("kind", word)])
}

/// A table of a header and one row, read by the table import; its problems (of the one cell
/// that can have one) are reported at `field`.
fn one_row_table(
    header: [&str; 5],
    row: [&str; 5],
    field: &'static str,
) -> Result<Dataset, Vec<Problem>> {
    // Writing to memory cannot fail; were it to, the table read reports what it lacks.
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header).ok();
    writer.write_record(row).ok();
    let bytes = writer.into_inner().unwrap_or_default();
    load_table(&bytes, "<add>", b',', &TableOptions::default()).map_err(|error| {
        error
            .problems
            .into_iter()
            .map(|problem| Problem {
                location: None,
                subject: None,
                field: Some(field),
                ..problem
            })
            .collect()
    })
}

/// A word the table import gave no value and no problem for (it always gives one or the
/// other).
fn unreadable(field: &'static str, word: &str) -> Problem {
    Problem {
        field: Some(field),
        ..Problem::new(ProblemKind::WrongType {
            expected: format!("a {field} word"),
            found: format!("{word:?}"),
        })
    }
}
