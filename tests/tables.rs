//! Positions from spreadsheets: the UN votes' raw CSVs with a column map, round trips through
//! a table, and clear problems for the ways tables go wrong.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use stancemap::export;
use stancemap::model::table::{Field, TableOptions, load_table};
use stancemap::model::{self, Dataset};

fn shared(path: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(path);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing in CI",
        path.display()
    );
    None
}

/// The UN votes' column map (the raw CSVs name the country, the resolution and the vote).
fn un_map() -> TableOptions {
    TableOptions {
        map: BTreeMap::from([
            (Field::Actor, "country".to_owned()),
            (Field::Issue, "unres".to_owned()),
            (Field::Stance, "vote".to_owned()),
            (Field::Date, "date".to_owned()),
        ]),
        quote: Some("Recorded vote {vote} on {unres}".to_owned()),
        ..TableOptions::default()
    }
}

fn summary(dataset: &Dataset) -> String {
    dataset.summary()
}

#[test]
fn the_un_csvs_load_with_the_map_and_match_their_ron_files() {
    for name in ["ukraine", "session74"] {
        let (Some(csv), Some(ron)) = (
            shared(&format!("data/unvotes/{name}.csv")),
            shared(&format!("data/unvotes/{name}.ron")),
        ) else {
            return;
        };
        let from_csv = model::load_file_with(&csv, &un_map()).unwrap_or_else(|e| panic!("{e}"));
        let from_ron = model::load_file(&ron).expect("valid");
        assert_eq!(summary(&from_csv), summary(&from_ron), "{name}");
    }
}

/// The sources without their texts: a table has no column for a source's full text (it
/// belongs in the positions file, where quotes are checked against it).
fn untexted(dataset: &Dataset) -> Vec<model::Source> {
    dataset
        .sources
        .iter()
        .cloned()
        .map(|mut s| {
            s.text = None;
            s
        })
        .collect()
}

/// The seed without its article (a test that changes a quote takes it out of the article).
fn seed_without_article() -> String {
    let start = model::SEED_RON.find("text: r#\"").expect("the article");
    let end = start + model::SEED_RON[start..].find("\"#,").expect("its end") + 3;
    format!("{}{}", &model::SEED_RON[..start], &model::SEED_RON[end..])
}

/// Everything a positions file says, compared field by field (ids, names, kinds, stances,
/// quotes, dates, sources but their texts…).
fn assert_same(a: &Dataset, b: &Dataset, what: &str) {
    assert_eq!(a.title, b.title, "{what}: title");
    assert_eq!(a.description, b.description, "{what}: description");
    assert_eq!(untexted(a), untexted(b), "{what}: sources");
    assert_eq!(a.actors, b.actors, "{what}: actors");
    assert_eq!(a.issues, b.issues, "{what}: issues");
    assert_eq!(a.positions, b.positions, "{what}: positions");
}

fn round_trip(dataset: &Dataset, what: &str) {
    let csv = export::data::full_csv(dataset).expect("csv");
    let back = load_table(&csv, "round-trip.csv", b',', &TableOptions::default())
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_same(dataset, &back, what);
    let ron = export::ron_text::ron(&back, "round-trip.csv");
    let again = model::load_str(&ron, "round-trip.ron").unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_same(dataset, &again, what);
}

#[test]
fn ron_to_csv_to_ron_gives_the_same_dataset() {
    round_trip(&model::DataSource::BuiltIn.load().expect("seed"), "seed");
    for name in ["ukraine.ron", "session74.ron"] {
        let Some(path) = shared(&format!("data/unvotes/{name}")) else {
            return;
        };
        round_trip(&model::load_file(&path).expect("valid"), name);
    }
    // A synthetic file with every field, made by the shared generator.
    let Some(tool) = shared("tools/gen_positions.py") else {
        return;
    };
    let out = std::env::temp_dir().join(format!("stancemap-synthetic-{}.ron", std::process::id()));
    let made = std::process::Command::new("python3")
        .arg(&tool)
        .args([
            "--actors",
            "60",
            "--issues",
            "12",
            "--positions",
            "300",
            "--seed",
            "7",
            "--changes",
            "0.3",
            "--out",
        ])
        .arg(&out)
        .status();
    if made.is_ok_and(|s| s.success()) {
        round_trip(&model::load_file(&out).expect("valid"), "synthetic");
        std::fs::remove_file(&out).ok();
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the generator did not run"
        );
    }
}

#[test]
fn formulas_are_neutralised_on_export_and_restored_on_import() {
    let text = seed_without_article().replacen(
        "quote: \"",
        "quote: \"=HYPERLINK(\\\"http://evil\\\") ",
        1,
    );
    let dataset = model::load_str(&text, "formula.ron").expect("valid");
    let csv = String::from_utf8(export::data::full_csv(&dataset).expect("csv")).expect("utf-8");
    assert!(csv.contains("'=HYPERLINK("), "the cell is guarded");
    assert!(!csv.contains(",=HYPERLINK(") && !csv.contains(",\"=HYPERLINK("));
    round_trip(&dataset, "formula");
}

fn stancemap() -> Command {
    Command::cargo_bin("stancemap").expect("binary")
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stancemap-tables-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("written");
    path
}

const GOOD: &str = "actor,issue,stance,quote,date\n\
Germany,Ground troops,yes,We will send them.,2025-08-19\n\
France,Ground troops,against,Not now.,2025-08-20\n";

#[test]
fn a_table_is_checked_like_a_positions_file() {
    let csv = write("good.csv", GOOD.as_bytes());
    stancemap()
        .arg("check")
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 actors, 1 issue, 2 positions"));
    // Names became ids; stance words became stances.
    let dataset = model::load_file(&csv).expect("valid");
    assert_eq!(dataset.actors[0].id, "germany");
    assert_eq!(dataset.issues[0].id, "ground-troops");
    assert_eq!(dataset.issues[0].name, "Ground troops");
    // The same as TSV, with a byte-order mark (Excel's UTF-8).
    let tsv = write(
        "good.tsv",
        format!("\u{feff}{}", GOOD.replace(',', "\t")).as_bytes(),
    );
    assert_eq!(model::load_file(&tsv).expect("valid").positions.len(), 2);
    // Latin-1 (Excel's other habit) is read.
    let latin = write(
        "latin.csv",
        b"actor,issue,stance,quote\nS\xe3o Tom\xe9,X,yes,Sim.\n",
    );
    let dataset = model::load_file(&latin).expect("valid");
    assert_eq!(dataset.actors[0].name, "São Tomé");
    assert_eq!(dataset.actors[0].id, "sao-tome");
}

#[test]
fn every_problem_of_a_table_is_reported_where_it_is() {
    let bad = "actor,issue,stance,quote,date\n\
Germany,Troops,maybe,We might.,2025-08-19\n\
France,Troops,no,Not now.,19/08/2025\n\
,Troops,yes,Who?,\n";
    let csv = write("bad.csv", bad.as_bytes());
    let name = csv.display().to_string();
    stancemap()
        .arg("check")
        .arg(&csv)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{name}: 3 problems found"
        )))
        .stderr(predicate::str::contains(format!(
            "{name}:2:3: row 2, field `stance`: `maybe` is not a valid stance"
        )))
        .stderr(predicate::str::contains(format!(
            "{name}:3:5: row 3, field `date`: \"19/08/2025\" is not a valid date"
        )))
        .stderr(predicate::str::contains("help: write dates as YYYY-MM-DD"))
        .stderr(predicate::str::contains(format!(
            "{name}:4:1: row 4, field `actor`: must not be empty"
        )));
    // A semicolon file read as CSV: one column; the message says what to do.
    let semicolons = write("semi.csv", b"actor;issue;stance;quote\nA;X;yes;Q\n");
    stancemap()
        .arg("check")
        .arg(&semicolons)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("separated by semicolons"));
    // A missing column, with the map to give.
    let missing = write("missing.csv", b"who,topic,verdict\nA,X,yes\n");
    stancemap()
        .arg("check")
        .arg(&missing)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no `stance` column"))
        .stderr(predicate::str::contains("--map stance="));
    // A duplicated header, an empty file, a workbook.
    let twice = write(
        "twice.csv",
        b"actor,issue,stance,quote,quote\nA,X,yes,Q,R\n",
    );
    stancemap()
        .arg("check")
        .arg(&twice)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("appears twice"));
    let empty = write("empty.csv", b"");
    stancemap()
        .arg("check")
        .arg(&empty)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the file is empty"));
    let workbook = write("book.xlsx", b"PK\x03\x04");
    stancemap()
        .arg("check")
        .arg(&workbook)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read the workbook"));
    // An unknown field in a map: a suggestion, exit 1.
    stancemap()
        .arg("check")
        .arg(&missing)
        .args(["--map", "stnace=verdict"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean \"stance\""));
    // With the map and a quote template, the same file loads.
    stancemap()
        .arg("check")
        .arg(&missing)
        .args([
            "--map",
            "actor=who,issue=topic,stance=verdict",
            "--quote",
            "{who} said {verdict}",
        ])
        .assert()
        .success();
}

#[test]
fn convert_writes_readable_ron_and_a_table_that_reads_back() {
    let csv = write("seed.csv", b"");
    stancemap()
        .args(["convert", "positions.ron", "--out"])
        .arg(&csv)
        .assert()
        .success();
    let ron = csv.with_extension("ron");
    stancemap()
        .arg("convert")
        .arg(&csv)
        .arg("--out")
        .arg(&ron)
        .assert()
        .success();
    let text = std::fs::read_to_string(&ron).expect("written");
    assert!(text.starts_with("// Positions file written by stancemap convert"));
    let seed = model::DataSource::BuiltIn.load().expect("seed");
    assert_same(
        &seed,
        &model::load_str(&text, "seed.ron").expect("valid"),
        "convert",
    );
}

/// The seed written as a real workbook (one sheet of the table `convert` writes) reads back
/// as the same dataset; a date cell and a formula are handled as a spreadsheet user expects.
#[test]
fn an_xlsx_workbook_loads_to_the_same_dataset() {
    use rust_xlsxwriter::{Format, Formula, Workbook};
    let seed = model::DataSource::BuiltIn.load().expect("seed");
    let csv = export::data::full_csv(&seed).expect("csv");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_slice());
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("positions").expect("name");
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record.expect("record").iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r as u32, c as u16, cell).expect("cell");
            }
        }
    }
    let path = write("seed.xlsx", b"");
    workbook.save(&path).expect("saved");
    let back = model::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_same(&seed, &back, "xlsx");

    // A real date cell (a number formatted as a date) reads as YYYY-MM-DD; a formula is
    // refused with the cell named.
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in ["actor", "issue", "stance", "quote", "date"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for (c, v) in ["Germany", "Troops", "yes", "We will."].iter().enumerate() {
        sheet.write_string(1, c as u16, *v).expect("cell");
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_number_with_format(1, 4, 45_888.0, &date)
        .expect("date");
    let dated = write("dated.xlsx", b"");
    workbook.save(&dated).expect("saved");
    let dataset = model::load_file(&dated).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        dataset.positions[0].date.map(|d| d.to_string()).as_deref(),
        Some("2025-08-19")
    );

    let sheet = workbook.worksheet_from_index(0).expect("the sheet");
    sheet
        .write_formula(1, 3, Formula::new("=CONCAT(\"We \",\"will.\")"))
        .expect("formula");
    let formula = write("formula.xlsx", b"");
    workbook.save(&formula).expect("saved");
    stancemap()
        .arg("check")
        .arg(&formula)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(":2:4: sheet Sheet1"))
        .stderr(predicate::str::contains("holds a formula"))
        .stderr(predicate::str::contains("paste it as values"));
}

/// A parliament's coded statements as a DNA user exports them: the speaker, their party, the
/// concept, DNA's agreement as 1 and 0, and the coded text.
const PARLIAMENT: &str = "time,person,organization,concept,agreement,text\n\
2021-03-01,Anna Berg,SPD,Minimum wage,1,We need a higher minimum wage.\n\
2021-03-01,Jonas Keller,CDU,Minimum wage,0,A higher minimum wage costs jobs.\n\
2021-03-02,Lena Wolf,SPD,Minimum wage,1,Twelve euros is the least.\n\
2021-03-02,Jonas Keller,CDU,Rent cap,0,Rent caps build no flats.\n";

#[test]
fn a_parliaments_statements_load_with_one_command() {
    let csv = write("parliament.csv", PARLIAMENT.as_bytes());
    let name = csv.display().to_string();
    // Without a value map, DNA's 1 and 0 are refused with the map that reads them.
    stancemap()
        .arg("check")
        .arg(&csv)
        .args(["--map", "actor=person"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{name}:2:5: row 2, field `stance`: `1` is not a valid stance"
        )))
        .stderr(predicate::str::contains(
            "--values stance=1:support,0:reject",
        ));
    // An integer qualifier gets its three-way map.
    let qualifier = write(
        "qualifier.csv",
        b"actor,issue,stance,quote\nA,X,1,Q.\nB,X,-1,R.\nC,X,0,S.\n",
    );
    stancemap()
        .arg("check")
        .arg(&qualifier)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--values stance=1:support,0:neutral,-1:reject",
        ));
    // One command: the speaker is the actor, the party an attribute, 1 and 0 stances.
    stancemap()
        .arg("check")
        .arg(&csv)
        .args([
            "--map",
            "actor=person,attribute:party=organization",
            "--values",
            "stance=1:support,0:reject",
            "--default",
            "actor_kind=person",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("3 actors, 2 issues, 4 positions"));
    let options = TableOptions {
        map: BTreeMap::from([(Field::Actor, "person".to_owned())]),
        values: BTreeMap::from([(
            Field::Stance,
            BTreeMap::from([
                ("1".to_owned(), "support".to_owned()),
                ("0".to_owned(), "reject".to_owned()),
            ]),
        )]),
        attributes: BTreeMap::from([("party".to_owned(), "organization".to_owned())]),
        defaults: BTreeMap::from([(Field::ActorKind, "person".to_owned())]),
        ..TableOptions::default()
    };
    let dataset = model::load_file_with(&csv, &options).expect("valid");
    let keller = dataset.find_actor("jonas-keller").expect("Jonas Keller");
    let keller = dataset.actor(keller);
    assert_eq!(
        keller.attributes.get("party").map(String::as_str),
        Some("CDU")
    );
    let stances: Vec<&str> = dataset
        .positions
        .iter()
        .map(|p| p.stance.kind().name())
        .collect();
    assert_eq!(stances, ["support", "reject", "support", "reject"]);
    assert_eq!(keller.kind, model::ActorKind::Person);
    // `convert` writes the attribute back as an `attribute:party` column, which reads back.
    let out = write("parliament-out.csv", b"");
    stancemap()
        .arg("convert")
        .arg(&csv)
        .args([
            "--map",
            "actor=person,attribute:party=organization",
            "--values",
            "stance=1:support,0:reject",
            "--default",
            "actor_kind=person",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let written = std::fs::read_to_string(&out).expect("written");
    assert!(
        written
            .lines()
            .next()
            .expect("header")
            .contains("attribute:party")
    );
    let back = model::load_file(&out).expect("reads back");
    assert_eq!(back.summary(), dataset.summary());
    // A map naming no column, a value map without pairs: clear errors.
    stancemap()
        .arg("check")
        .arg(&csv)
        .args(["--map", "actor=person,attribute:party=fraktion"])
        .args(["--values", "stance=1:support,0:reject"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the map names a column \"fraktion\" for `attribute:party`",
        ));
    stancemap()
        .arg("check")
        .arg(&csv)
        .args(["--values", "stance=1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("VALUE:MEANING"));
}

#[test]
fn a_represented_actor_no_row_declares_is_made_and_reported() {
    let csv = write(
        "represents.csv",
        b"actor,issue,stance,quote,actor_kind,represents\n\
Anna Berg,Minimum wage,yes,We need it.,person,SPD\n\
Lena Wolf,Minimum wage,yes,Twelve euros.,person,SPD\n\
Olaf Scholz,Minimum wage,yes,We will.,leader,Germany\n\
Germany,Minimum wage,yes,The government agrees.,country,\n",
    );
    let dataset = model::load_file(&csv).expect("valid");
    let spd = dataset.find_actor("spd").expect("SPD was made");
    assert_eq!(dataset.actor(spd).name, "SPD");
    assert_eq!(dataset.actor(spd).kind, model::ActorKind::Organization);
    let berg = dataset.find_actor("anna-berg").expect("Anna Berg");
    assert_eq!(dataset.actor(berg).represents, Some(spd));
    assert_eq!(dataset.actor(berg).kind, model::ActorKind::Person);
    // Germany is declared by a row below the one that names it: no second Germany.
    let germany = dataset.find_actor("germany").expect("Germany");
    let scholz = dataset.find_actor("olaf-scholz").expect("Scholz");
    assert_eq!(dataset.actor(scholz).represents, Some(germany));
    assert_eq!(dataset.actors.len(), 5);
    stancemap()
        .arg("check")
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "actor \"spd\" (an Organization) was made for `represents` \"SPD\" at row 2, column 6",
        ));
    // An actor that represents itself: the problem at its cell.
    let selfish = write(
        "self.csv",
        b"actor,issue,stance,quote,represents\nAnna Berg,X,yes,Q.,Anna Berg\n",
    );
    let name = selfish.display().to_string();
    stancemap()
        .arg("check")
        .arg(&selfish)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{name}:2:5: row 2, field `represents`"
        )));
}
