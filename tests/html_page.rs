//! The HTML snapshot in a real browser: Debian's headless Chromium driven over `WebDriver` by
//! `tests/browser/drive_page.py` (python3-selenium and chromium-driver, which CI installs). Each
//! test exports a page with the command line, lets the script click, type and filter as a
//! reader would, and checks what the reader would see against the dataset.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin;
use serde_json::Value;
use stancemap::model::{self, Dataset};

/// Debian's Python with selenium, when it and Chromium are installed (always in CI).
fn python() -> Option<&'static str> {
    let python = "/usr/bin/python3";
    let ready = Path::new("/usr/bin/chromium").exists()
        && Path::new("/usr/bin/chromedriver").exists()
        && Command::new(python)
            .args(["-c", "import selenium"])
            .output()
            .is_ok_and(|o| o.status.success());
    assert!(
        ready || std::env::var_os("CI").is_none(),
        "chromium, chromium-driver and python3-selenium are missing in CI"
    );
    ready.then_some(python)
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stancemap-html-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    dir.join(name)
}

/// Exports `file` to an HTML page; its path and size.
fn export(file: &Path, name: &str, extra: &[&str]) -> (PathBuf, u64) {
    let out = temp(name);
    let status = Command::new(cargo_bin("stancemap"))
        .arg("export")
        .arg(file)
        .args(extra)
        .arg("--out")
        .arg(&out)
        .status()
        .expect("stancemap runs");
    assert!(status.success());
    let size = std::fs::metadata(&out).expect("written").len();
    (out, size)
}

/// Opens the page and does what a reader does: click `node` (an accessible name), show only
/// `issue`, search for `search`, zoom, open the matrix. What they saw, as JSON.
fn drive(python: &str, page: &Path, node: &str, issue: &str, search: &str) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/drive_page.py");
    let mut command = Command::new(python);
    command.arg(script).arg(page).args([node, issue, search]);
    if let Some(shots) = std::env::var_os("STANCEMAP_SHOTS") {
        command.arg(shots);
    }
    let output = command.output().expect("python runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the script prints JSON")
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("text").to_owned())
        .collect()
}

/// What every page must show: no alert, nothing in the console, no request but the page's.
fn assert_clean(seen: &Value, page: &Path) {
    assert_eq!(seen["alert_on_load"], Value::Null, "{seen}");
    assert_eq!(seen["alert_at_end"], Value::Null, "{seen}");
    assert_eq!(strings(&seen["console"]), Vec::<String>::new(), "{seen}");
    let page_url = format!("file://{}", page.display());
    assert_eq!(strings(&seen["requests"]), vec![page_url], "{seen}");
    assert_eq!(strings(&seen["resources"]), Vec::<String>::new());
}

/// The accessible names of the nodes that show with only `issue` ticked: the issue and every
/// actor with a position on it.
fn expected_with_only(dataset: &Dataset, issue: &str) -> Vec<String> {
    let i = dataset.find_issue(issue).expect("issue");
    let mut names: BTreeSet<String> = dataset
        .positions
        .iter()
        .filter(|p| p.issue == i)
        .map(|p| {
            let actor = dataset.actor(p.actor);
            format!("{}: {}", actor.kind.label(), actor.name)
        })
        .collect();
    names.insert(format!("Issue: {}", dataset.issue(i).name));
    names.into_iter().collect()
}

fn seed() -> Dataset {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("positions.ron");
    model::load_file(&path).expect("the seed is valid")
}

#[test]
fn the_seed_page_works_in_chromium() {
    let Some(python) = python() else { return };
    let dataset = seed();
    let (page, size) = export(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/positions.ron")),
        "seed.html",
        &[],
    );
    assert!(size < 200_000, "the seed's page is {size} bytes");
    let seen = drive(
        python,
        &page,
        "Leader: Friedrich Merz",
        "European-led ground troops in Ukraine",
        "ger",
    );
    assert_clean(&seen, &page);
    assert_eq!(seen["title"], dataset.title.as_str());

    // The node is found and named by its kind and name, can be focused, and shows every
    // quote of Merz when clicked, and again when chosen with the keyboard.
    assert_eq!(seen["accessible_name"], "Leader: Friedrich Merz");
    assert_eq!(seen["focusable"], true);
    let merz = dataset.find_actor("merz").expect("merz");
    let quotes: Vec<String> = dataset
        .positions
        .iter()
        .filter(|p| p.actor == merz)
        .map(|p| format!("\u{201c}{}\u{201d}", p.quote))
        .collect();
    assert!(!quotes.is_empty());
    let mut shown = strings(&seen["quotes_after_click"]);
    shown.sort();
    let mut wanted = quotes.clone();
    wanted.sort();
    assert_eq!(shown, wanted);
    let panel = seen["panel_after_click"].as_str().expect("text");
    assert!(panel.contains("Federal Chancellor (CDU)") && panel.contains("Represents Germany"));
    assert!(
        !seen["panel_after_escape"]
            .as_str()
            .expect("text")
            .contains("Friedrich Merz\n")
    );
    assert_eq!(seen["focused"], "Leader: Friedrich Merz");
    assert_eq!(seen["panel_after_enter"], seen["panel_after_click"]);

    // "only" on one issue leaves that issue and the actors with a position on it.
    assert_eq!(
        strings(&seen["nodes_with_only_issue"]),
        expected_with_only(&dataset, "ground-troops")
    );
    assert_eq!(
        seen["nodes_with_all_issues"].as_u64(),
        Some((dataset.actors.len() + dataset.issues.len()) as u64)
    );

    // Search: "ger" finds Germany; Enter opens it.
    assert_eq!(strings(&seen["search_matches"]), vec!["Country: Germany"]);
    assert_eq!(seen["search_count"], "1 match");
    assert!(
        seen["panel_after_search_enter"]
            .as_str()
            .expect("text")
            .starts_with("×\nGermany\nCountry")
    );

    // Zoom changes the view box; fit brings the whole page back.
    let zoom = &seen["zoom"];
    assert_ne!(zoom["zoomed"], zoom["before"]);
    assert_eq!(zoom["fitted"], seen["initial_view_box"]);

    // The matrix: actors with a position × issues with one, a coloured cell per pair.
    let pairs: BTreeSet<_> = dataset
        .positions
        .iter()
        .map(|p| (p.actor, p.issue))
        .collect();
    let actors: BTreeSet<_> = pairs.iter().map(|p| p.0).collect();
    let issues: BTreeSet<_> = pairs.iter().map(|p| p.1).collect();
    assert_eq!(seen["matrix"]["rows"].as_u64(), Some(actors.len() as u64));
    assert_eq!(seen["matrix"]["cols"].as_u64(), Some(issues.len() as u64));
    assert_eq!(seen["matrix"]["colored"].as_u64(), Some(pairs.len() as u64));
    assert!(
        seen["panel_after_cell"]
            .as_str()
            .expect("text")
            .contains(" on ")
    );
}

#[test]
fn a_hostile_file_shows_its_markup_as_text_and_runs_none_of_it() {
    let Some(python) = python() else { return };
    let file = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/hostile.ron"
    ));
    let dataset = model::load_file(file).expect("valid");
    let (page, _) = export(file, "hostile.html", &[]);
    let merz = "Leader: Merz <script>alert('name')</script>";
    let seen = drive(
        python,
        &page,
        merz,
        "Troops <style>*{display:none}</style>",
        "<b",
    );
    assert_clean(&seen, &page);
    assert_eq!(seen["title"], dataset.title.as_str());
    assert_eq!(seen["heading"], dataset.title.as_str());
    assert_eq!(seen["accessible_name"], merz);
    let quote = &dataset.positions[0].quote;
    assert_eq!(
        strings(&seen["quotes_after_click"]),
        vec![format!("\u{201c}{quote}\u{201d}")]
    );
    let panel = seen["panel_after_click"].as_str().expect("text");
    assert!(panel.contains("\"><svg onload=alert('role')>"), "{panel}");
    assert!(panel.contains("</title><script>alert('source')</script> & ]]>"));
    // The source's link opens in a new tab without an opener, and is the file's url.
    let links = seen["links"].as_array().expect("links");
    assert_eq!(links.len(), 1, "{seen}");
    assert_eq!(links[0]["target"], "_blank");
    assert_eq!(links[0]["rel"], "noopener noreferrer");
    assert!(
        links[0]["href"]
            .as_str()
            .expect("href")
            .starts_with("https://example.org/?q=")
    );
    assert_eq!(
        strings(&seen["nodes_with_only_issue"]),
        expected_with_only(&dataset, "troops")
    );
    // "<b" is in no name: nothing matches, and the markup in names is not parsed.
    assert_eq!(strings(&seen["search_matches"]), Vec::<String>::new());
    assert_eq!(seen["search_count"], "No match");
}

#[test]
fn the_un_important_votes_page_is_light_and_works() {
    let Some(python) = python() else { return };
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/unvotes/important.ron");
    let Ok(bytes) = std::fs::read(&file) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing in CI",
            file.display()
        );
        return;
    };
    let dataset = model::load_bytes(&bytes, "important.ron").expect("valid");
    let (page, size) = export(&file, "important.html", &[]);
    assert!(size < 15_000_000, "important.ron's page is {size} bytes");
    let seen = drive(
        python,
        &page,
        "Country: United States",
        "Namibia, s.c. 435 (R/40/97B)",
        "kingdom",
    );
    assert_clean(&seen, &page);
    // The figures, for `cargo test --test html_page -- --nocapture` (timing is not asserted).
    writeln!(
        std::io::stderr(),
        "important.ron: {size} bytes, ready in {} s (script {} ms), a node selected in {} ms, the matrix shown in {} ms",
        seen["load_seconds"], seen["script_ms"], seen["select_ms"], seen["matrix_ms"]
    )
    .ok();
    let us = dataset.find_actor("united-states").expect("US");
    let tally = dataset.tally_of(
        &dataset
            .position_ixs()
            .filter(|&p| dataset.position(p).actor == us)
            .collect::<Vec<_>>(),
    );
    let panel = seen["panel_after_click"].as_str().expect("text");
    assert!(panel.contains(&format!("Positions: {tally}")), "{panel}");
    let n = dataset.positions.iter().filter(|p| p.actor == us).count();
    assert_eq!(seen["quotes_after_click"].as_array().map(Vec::len), Some(n));
    assert_eq!(
        strings(&seen["search_matches"]),
        vec!["Country: United Kingdom"]
    );
    assert_eq!(
        seen["matrix"]["rows"].as_u64(),
        Some(dataset.actors.len() as u64)
    );
}
