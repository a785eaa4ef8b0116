//! The binary from the outside: exit codes, stdout and stderr wording.

use assert_cmd::Command;
use predicates::prelude::*;

fn stancemap() -> Command {
    let mut cmd = Command::cargo_bin("stancemap").expect("binary");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

#[test]
fn check_prints_a_summary_for_a_valid_file() {
    stancemap()
        .args(["check", "positions.ron"])
        .assert()
        .success()
        .stdout(predicate::str::diff(
            "positions.ron: valid: 18 actors, 11 issues, 25 positions (18 support · 5 reject · 2 condition)\n    25 of 25 quotes found in their sources\n",
        ))
        .stderr(predicate::str::is_empty());
}

#[test]
fn check_reports_every_problem_and_exits_1() {
    stancemap()
        .args(["check", "tests/fixtures/invalid/many-problems.ron"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::diff(
            std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/invalid/many-problems.expected"),
            )
            .expect("expectation"),
        ));
}

#[test]
fn check_of_several_files_fails_if_any_fails() {
    stancemap()
        .args([
            "check",
            "positions.ron",
            "tests/fixtures/invalid/unknown-actor.ron",
            "tests/fixtures/valid/minimal.ron",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("positions.ron: valid:"))
        .stdout(predicate::str::contains("tests/fixtures/valid/minimal.ron: valid: 0 actors, 0 issues, 0 positions (no positions)"))
        .stderr(predicate::str::contains("did you mean \"merz\"?"));
}

#[test]
fn check_of_a_missing_file_says_so() {
    stancemap()
        .args(["check", "nowhere.ron"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "nowhere.ron: 1 problem found\nnowhere.ron: cannot read the file:",
        ));
}

#[test]
fn usage_errors_exit_2() {
    stancemap()
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("FILE"));
    stancemap()
        .args(["check", "--frobnicate", "x.ron"])
        .assert()
        .code(2);
    stancemap().args(["a.ron", "b.ron"]).assert().code(2);
}

#[test]
fn every_command_has_help() {
    stancemap()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("check").and(predicate::str::contains("[FILE]")));
    stancemap()
        .args(["check", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Exits 0 if all files are valid, 1 if any is invalid",
        ));
    stancemap().arg("--version").assert().success();
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("stancemap-cli-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn export_writes_a_png_and_an_svg_without_a_display() {
    let dir = temp_dir("export");
    let png = dir.join("ground-troops.png");
    stancemap()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .args([
            "export",
            "positions.ron",
            "--issue",
            "ground-troops",
            "--out",
        ])
        .arg(&png)
        .assert()
        .success()
        .stdout(predicate::str::contains("4 nodes, 3 edges"));
    let bytes = std::fs::read(&png).expect("png written");
    assert!(bytes.starts_with(b"\x89PNG"));
    let svg = dir.join("all.svg");
    stancemap()
        .args([
            "export",
            "positions.ron",
            "--select",
            "merz",
            "--theme",
            "dark",
            "--out",
        ])
        .arg(&svg)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).expect("svg written");
    assert!(text.contains("Friedrich Merz"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn export_scale_2_doubles_the_pixels() {
    let dir = temp_dir("scale");
    let size = |scale: &str| {
        let out = dir.join(format!("x{scale}.png"));
        stancemap()
            .args([
                "export",
                "positions.ron",
                "--width",
                "640",
                "--height",
                "480",
                "--scale",
                scale,
                "--out",
            ])
            .arg(&out)
            .assert()
            .success();
        let bytes = std::fs::read(&out).expect("png");
        // Width and height are the first fields of the IHDR chunk.
        let width = u32::from_be_bytes(bytes[16..20].try_into().expect("4 bytes"));
        let height = u32::from_be_bytes(bytes[20..24].try_into().expect("4 bytes"));
        (width, height)
    };
    assert_eq!(size("1"), (640, 480));
    assert_eq!(size("2"), (1280, 960));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn export_of_an_unknown_issue_suggests_one_and_writes_nothing() {
    let dir = temp_dir("unknown");
    let out = dir.join("x.png");
    stancemap()
        .args([
            "export",
            "positions.ron",
            "--issue",
            "ground-troop",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::diff(
            "Error: unknown issue \"ground-troop\"; did you mean \"ground-troops\"?\n",
        ));
    assert!(!out.exists());
    stancemap()
        .args(["export", "positions.ron", "--tag", "troop", "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "unknown tag \"troop\"; did you mean \"troops\"?",
        ));
    stancemap()
        .args(["export", "positions.ron", "--select", "merc", "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean \"merz\"?"));
    assert_eq!(
        std::fs::read_dir(&dir).expect("dir").count(),
        0,
        "nothing written"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_failed_export_keeps_the_existing_file() {
    let dir = temp_dir("keep");
    let out = dir.join("keep.png");
    std::fs::write(&out, "precious").expect("write");
    stancemap()
        .args([
            "export",
            "tests/fixtures/invalid/unknown-actor.ron",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean \"merz\"?"));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "precious");
    assert_eq!(
        std::fs::read_dir(&dir).expect("dir").count(),
        1,
        "no temporary file left"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn export_usage_errors_exit_2() {
    stancemap()
        .args(["export", "positions.ron", "--out", "x.jpg"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ".png, .svg, .html, .htm, .csv, .graphml or .gexf",
        ));
    stancemap()
        .args(["export", "positions.ron"])
        .assert()
        .code(2);
    stancemap()
        .args(["export", "positions.ron", "--out", "x.png", "--scale", "0"])
        .assert()
        .code(2);
    stancemap()
        .args([
            "export",
            "positions.ron",
            "--out",
            "x.png",
            "--stance",
            "maybe",
        ])
        .assert()
        .code(2);
    stancemap()
        .args(["export", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--issue"));
}

#[test]
fn export_writes_the_filtered_positions_as_csv() {
    let dir = std::env::temp_dir().join(format!("stancemap-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let out = dir.join("troops.csv");
    stancemap()
        .args([
            "export",
            "positions.ron",
            "--issue",
            "ground-troops",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("3 positions"));
    let text = std::fs::read_to_string(&out).expect("written");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "actor,issue,stance,quote,condition,date,source,url,actor_name,actor_kind,actor_role,represents,issue_name,issue_description,issue_tags,source_title,source_publisher,source_url,source_date,dataset_title,dataset_description,influence,salience"
        )
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.contains(",ground-troops,")));
    // The table reads back: the same three positions.
    let back = stancemap::model::load_file(&out).expect("reads back");
    assert_eq!(back.positions.len(), 3);
    // Options that only change pictures are named, not silently dropped.
    stancemap()
        .args(["export", "positions.ron", "--scale", "2", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("--scale only change pictures"));
    std::fs::remove_dir_all(&dir).ok();
}

/// Written files get the mode the user's umask leaves, and a file written over keeps its own.
#[cfg(unix)]
#[test]
fn exports_honour_the_umask_and_keep_an_existing_mode() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = std::env::temp_dir().join(format!("stancemap-mode-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let out = dir.join("seed.svg");
    let binary = assert_cmd::cargo::cargo_bin("stancemap");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" export positions.ron --out \"$1\"")
        .arg(&binary)
        .arg(&out)
        .status()
        .expect("sh");
    assert!(status.success());
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("written").permissions().mode() & 0o777;
    assert_eq!(mode(&out), 0o644);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    stancemap()
        .args(["export", "positions.ron", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(mode(&out), 0o640, "written over, the file keeps its mode");
    std::fs::remove_dir_all(&dir).ok();
}

/// Two versions of a small file: B's stance on X changed, A's position on Y is new.
fn two_versions(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("stancemap-diff-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let base = r#"(title: "T",
        actors: [(id: "a", name: "A", kind: Country), (id: "b", name: "B", kind: Country)],
        issues: [(id: "x", name: "X"), (id: "y", name: "Y")],
        positions: [
            (actor: "a", issue: "x", stance: Support, quote: "a yes", date: "2020-01-01"),
            (actor: "b", issue: "x", stance: Support, quote: "b yes", date: "2020-01-01"),
            POS
        ])"#;
    let before = dir.join("before.ron");
    let after = dir.join("after.ron");
    std::fs::write(&before, base.replace("POS", "")).expect("written");
    std::fs::write(
        &after,
        base.replace(
            "POS",
            r#"(actor: "b", issue: "x", stance: Reject, quote: "b no", date: "2021-01-01"),
               (actor: "a", issue: "y", stance: Neutral, quote: "a abstains", date: "2021-02-01"),"#,
        ),
    )
    .expect("written");
    (before, after)
}

#[test]
fn diff_exit_codes_and_csv() {
    let (before, after) = two_versions("codes");
    stancemap()
        .arg("diff")
        .arg(&before)
        .arg(&before)
        .assert()
        .code(0);
    stancemap()
        .arg("diff")
        .arg(&before)
        .arg(&after)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("1 changed, 1 added, 0 removed"))
        .stdout(predicate::str::contains(
            "~ X: Support → Reject (2020-01-01 → 2021-01-01)",
        ));
    let output = stancemap()
        .arg("diff")
        .arg(&before)
        .arg(&after)
        .args(["--format", "csv"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "change,actor,issue,stance_before,stance_after,date_before,date_after,quote_before,quote_after",
            "added,a,y,,Neutral,,2021-02-01,,a abstains",
            "changed,b,x,Support,Reject,2020-01-01,2021-01-01,b yes,b no",
        ]
    );
    // One file at two dates: the same change.
    stancemap()
        .arg("diff")
        .arg(&after)
        .args([
            "--at",
            "2020-06-30",
            "--at",
            "2021-06-30",
            "--format",
            "markdown",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("| changed | B | X |"));
    // Errors exit 2 (1 means "different"): --at once or three times, a bad date, --from after --to.
    stancemap()
        .arg("diff")
        .arg(&after)
        .args(["--at", "2020-06-30"])
        .assert()
        .code(2);
    stancemap()
        .arg("diff")
        .arg(&after)
        .args([
            "--at",
            "2020-06-30",
            "--at",
            "2020-07-30",
            "--at",
            "2020-08-30",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("given 3 times"));
    stancemap()
        .arg("diff")
        .arg(&after)
        .args(["--at", "30/06/2020", "--at", "2021-06-30"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "expected a date written YYYY-MM-DD",
        ));
    stancemap()
        .arg("diff")
        .arg(&before)
        .arg(&after)
        .args(["--from", "2021-01-01", "--to", "2020-01-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is after --to"));
    // The other commands keep 1 for a bad range.
    stancemap()
        .args([
            "export",
            "positions.ron",
            "--from",
            "2021-01-01",
            "--to",
            "2020-01-01",
            "--out",
            "x.csv",
        ])
        .assert()
        .code(1);
    std::fs::remove_dir_all(before.parent().expect("dir")).ok();
}

#[test]
fn time_filters_narrow_every_command() {
    let (_, after) = two_versions("filters");
    // Up to 2020: two positions; as of mid-2021: each pair's latest, three positions.
    stancemap()
        .arg("export")
        .arg(&after)
        .args(["--to", "2020-12-31", "--out"])
        .arg(after.with_file_name("early.csv"))
        .assert()
        .success()
        .stdout(predicate::str::contains("2 positions"));
    stancemap()
        .arg("export")
        .arg(&after)
        .args(["--as-of", "2021-06-30", "--out"])
        .arg(after.with_file_name("asof.csv"))
        .assert()
        .success()
        .stdout(predicate::str::contains("3 positions"));
    std::fs::remove_dir_all(after.parent().expect("dir")).ok();
}
