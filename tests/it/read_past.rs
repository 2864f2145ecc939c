//! One broken file does not stop the work: read commands show what can be read, name every
//! broken file on stderr with its line and key, and exit 2 at the end (as ripgrep does).

use crate::support::RegisterTest;

/// The board fixture with two broken risks: one out of range, one not valid YAML.
fn two_broken() -> RegisterTest {
    let t = RegisterTest::fixture("board");
    t.edit("risks/RISK-0002.yaml", "likelihood: 2", "likelihood: 9");
    t.write("risks/RISK-0005.yaml", "id: RISK-0005\ntitle: [oops\n");
    t
}

const RANGE: &str = "register/risks/RISK-0002.yaml:8: likelihood: 9 is outside 1..5";
const SYNTAX: &str = "register/risks/RISK-0005.yaml:2";

#[test]
fn list_shows_the_healthy_risks_and_names_each_broken_file() {
    let t = two_broken();
    let run = t.run(["list"]).code(2).unchanged();
    run.stdout_has("RISK-0001").stdout_lacks("RISK-0002");
    let run = t.run(["list"]).code(2);
    let stderr = run.stderr_text();
    assert!(stderr.contains(RANGE), "{stderr}");
    assert!(stderr.contains(SYNTAX), "{stderr}");
    assert!(stderr.contains("2 files could not be read"), "{stderr}");
    // JSON stays whole on stdout, for scripts.
    let rows = t.cmd(["list", "--format", "json"]).code(2).stdout_json();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "RISK-0001")
    );
}

#[test]
fn every_read_command_reads_past_a_broken_file_and_exits_2() {
    let t = two_broken();
    for args in [
        &["matrix"][..],
        &["rank"],
        &["overdue"],
        &["actions"],
        &["coverage"],
        &["trends"],
        &["export", "--kind", "risks", "--format", "csv"],
        &["report", "--out", "-"],
    ] {
        let run = t.run(args).code(2);
        assert!(!run.stdout_text().is_empty(), "{args:?} printed nothing");
        let stderr = run.stderr_text();
        assert!(
            stderr.contains(RANGE) && stderr.contains(SYNTAX),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn show_of_a_healthy_record_exits_0_and_of_a_broken_one_names_its_line() {
    let t = two_broken();
    t.run(["show", "RISK-0001"])
        .success()
        .stdout_has("RISK-0001")
        .stderr_lacks("RISK-0002");
    let run = t.run(["show", "RISK-0002"]).code(2);
    let stderr = run.stderr_text();
    assert!(stderr.contains(RANGE), "{stderr}");
    assert!(!stderr.contains("no risk with id"), "{stderr}");
}

#[test]
fn a_broken_claim_is_named_by_claims_and_claim_list() {
    let t = RegisterTest::fixture("board");
    t.edit("claims/CLM-0006.yaml", "customer:", "customr:");
    for args in [&["claims"][..], &["claim", "list"], &["incident", "list"]] {
        let run = t.run(args).code(2);
        assert!(!run.stdout_text().is_empty(), "{args:?} printed nothing");
        run.stderr_has("register/claims/CLM-0006.yaml:");
    }
    t.run(["claim", "show", "CLM-0007"]).success();
}

#[test]
fn a_clean_register_still_exits_0() {
    RegisterTest::fixture("board")
        .run(["list"])
        .success()
        .stderr_lacks("could not be read");
}
