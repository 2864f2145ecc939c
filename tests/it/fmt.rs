//! `risk fmt`: canonical form, never a change of meaning, never a lost comment.

use crate::support::{RegisterTest, Run};
use risk_register::model::Kind;
use risk_register::register::Store;
use risk_register::snapshot::Snapshot;

fn fmt(repo: &RegisterTest, args: &[&str]) -> Run {
    repo.cmd(["fmt"]).args(args).run()
}

fn load(repo: &RegisterTest) -> Snapshot {
    let register = Store::at(&repo.folder().join("register"))
        .load(&Kind::ALL)
        .unwrap();
    assert!(register.problems.is_empty(), "{:?}", register.problems);
    register
}

#[test]
fn check_lists_what_is_not_canonical_and_changes_nothing() {
    let repo = RegisterTest::fixture("pr-fmt");
    let before = repo.tree();
    let out = fmt(&repo, &["--check"]);
    assert_eq!(out.exit_code(), Some(1), "{}", out.stderr_text());
    assert_eq!(
        out.stdout_text(),
        "register/risks/RISK-0001.yaml\nregister/risks/RISK-0003.yaml\n\
         register/incidents/INC-0001.yaml\nregister/claims/CLM-0001.yaml\n"
    );
    assert_eq!(repo.tree(), before);
}

#[test]
fn fmt_rewrites_without_changing_meaning_and_twice_changes_nothing() {
    let repo = RegisterTest::fixture("pr-fmt");
    let before = load(&repo);
    let commented = repo.read("risks/RISK-0003.yaml");
    let untouched = repo.tree();
    let out = fmt(&repo, &[]);
    // RISK-0003 holds a comment and is not canonical: fmt refuses as a whole, writing nothing
    assert_eq!(out.exit_code(), Some(2));
    assert!(
        out.stderr_text()
            .contains("register/risks/RISK-0003.yaml:2: holds a comment"),
        "{}",
        out.stderr_text()
    );
    assert!(
        out.stderr_text().contains("nothing was written"),
        "{}",
        out.stderr_text()
    );
    assert_eq!(out.stdout_text(), "");
    assert_eq!(
        repo.tree(),
        untouched,
        "a failed fmt leaves the register as it was"
    );
    assert_eq!(repo.read("risks/RISK-0003.yaml"), commented);
    // without the comment's file in the way, the others are formatted
    repo.write(
        "risks/RISK-0003.yaml",
        "id: RISK-0003\ntitle: Not canonical and commented\nlikelihood: 2\nimpact: 3\n",
    );
    let out = fmt(&repo, &[]);
    assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
    assert_eq!(
        out.stdout_text(),
        "Formatted register/risks/RISK-0001.yaml\nFormatted register/incidents/INC-0001.yaml\n\
         Formatted register/claims/CLM-0001.yaml\n"
    );
    // a file canonical apart from its comments is left alone
    assert!(repo.read("risks/RISK-0002.yaml").starts_with("# Reviewed"));
    let after = load(&repo);
    assert_eq!(before.risks.len(), after.risks.len());
    for (a, b) in before.risks.iter().zip(&after.risks) {
        assert_eq!(a.value, b.value);
    }
    for (a, b) in before.incidents.iter().zip(&after.incidents) {
        assert_eq!(a.value, b.value);
    }
    for (a, b) in before.claims.iter().zip(&after.claims) {
        assert_eq!(a.value, b.value);
    }
    assert!(
        repo.read("claims/CLM-0001.yaml")
            .contains("  amount: 420.50\n")
    );

    let once = repo.tree();
    let out = fmt(&repo, &[]);
    assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
    assert_eq!(repo.tree(), once, "fmt twice changes nothing");
    let out = fmt(&repo, &["--check"]);
    assert_eq!(out.exit_code(), Some(0));
    assert_eq!(out.stdout_text(), "");
    let out = fmt(&repo, &[]);
    assert_eq!(
        out.stdout_text(),
        "fmt: every record is in canonical form\n"
    );
}

#[test]
fn the_format_rule_reports_the_first_line_that_differs() {
    let repo = RegisterTest::fixture("pr-fmt");
    let out = repo.run(["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out.stdout_text()).unwrap();
    let format: Vec<(String, u64)> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["rule"] == "format")
        .map(|w| {
            (
                w["record"].as_str().unwrap().to_string(),
                w["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        format,
        vec![
            ("CLM-0001".to_string(), 5),
            ("INC-0001".to_string(), 4),
            ("RISK-0001".to_string(), 1),
            ("RISK-0003".to_string(), 2),
        ]
    );
    assert_eq!(
        fmt(&repo, &[]).exit_code(),
        Some(2),
        "refused as a whole: RISK-0003 has a comment"
    );
    let out = repo.run(["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out.stdout_text()).unwrap();
    let left: Vec<&str> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["rule"] == "format")
        .map(|w| w["record"].as_str().unwrap())
        .collect();
    assert_eq!(left, ["CLM-0001", "INC-0001", "RISK-0001", "RISK-0003"]);
}

#[test]
fn unreadable_files_are_reported_and_nothing_is_formatted() {
    let repo = RegisterTest::fixture("pr-fmt");
    repo.write(
        "risks/RISK-0009.yaml",
        "id: RISK-0009\ntitle: x\nlikelihood: high\nimpact: 2\n",
    );
    let out = fmt(&repo, &[]);
    assert_eq!(out.exit_code(), Some(2));
    assert!(
        out.stderr_text().contains("RISK-0009.yaml:3: likelihood:"),
        "{}",
        out.stderr_text()
    );
    assert!(
        !out.stdout_text().contains("Formatted"),
        "{}",
        out.stdout_text()
    );
    assert!(out.stderr_text().contains("nothing was written"));
}
