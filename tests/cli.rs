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
            "positions.ron: valid: 18 actors, 11 issues, 25 positions (18 support · 5 reject · 2 condition)\n",
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
