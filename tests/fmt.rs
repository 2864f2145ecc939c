//! `risk fmt`: canonical form, never a change of meaning, never a lost comment.

mod pr_support;

use pr_support::{Repo, stderr, stdout};
use risk_register::model::Kind;
use risk_register::register::Store;
use risk_register::snapshot::Snapshot;

fn fmt(repo: &Repo, args: &[&str]) -> std::process::Output {
    repo.risk()
        .args(["-R", "register", "fmt"])
        .args(args)
        .output()
        .unwrap()
}

fn load(repo: &Repo) -> Snapshot {
    let register = Store::at(&repo.path().join("register"))
        .load(&Kind::ALL)
        .unwrap();
    assert!(register.problems.is_empty(), "{:?}", register.problems);
    register
}

#[test]
fn check_lists_what_is_not_canonical_and_changes_nothing() {
    let repo = Repo::plain("pr-fmt");
    let before = repo.snapshot();
    let out = fmt(&repo, &["--check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "register/risks/RISK-0001.yaml\nregister/risks/RISK-0003.yaml\n\
         register/incidents/INC-0001.yaml\nregister/claims/CLM-0001.yaml\n"
    );
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn fmt_rewrites_without_changing_meaning_and_twice_changes_nothing() {
    let repo = Repo::plain("pr-fmt");
    let before = load(&repo);
    let commented = repo.read("register/risks/RISK-0003.yaml");
    let untouched = repo.snapshot();
    let out = fmt(&repo, &[]);
    // RISK-0003 holds a comment and is not canonical: fmt refuses as a whole, writing nothing
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("register/risks/RISK-0003.yaml:2: holds a comment"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
    assert_eq!(
        repo.snapshot(),
        untouched,
        "a failed fmt leaves the register as it was"
    );
    assert_eq!(repo.read("register/risks/RISK-0003.yaml"), commented);
    // without the comment's file in the way, the others are formatted
    repo.write(
        "register/risks/RISK-0003.yaml",
        "id: RISK-0003\ntitle: Not canonical and commented\nlikelihood: 2\nimpact: 3\n",
    );
    let out = fmt(&repo, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Formatted register/risks/RISK-0001.yaml\nFormatted register/incidents/INC-0001.yaml\n\
         Formatted register/claims/CLM-0001.yaml\n"
    );
    // a file canonical apart from its comments is left alone
    assert!(
        repo.read("register/risks/RISK-0002.yaml")
            .starts_with("# Reviewed")
    );
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
        repo.read("register/claims/CLM-0001.yaml")
            .contains("  amount: 420.50\n")
    );

    let once = repo.snapshot();
    let out = fmt(&repo, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(repo.snapshot(), once, "fmt twice changes nothing");
    let out = fmt(&repo, &["--check"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
    let out = fmt(&repo, &[]);
    assert_eq!(stdout(&out), "fmt: every record is in canonical form\n");
}

#[test]
fn the_format_rule_reports_the_first_line_that_differs() {
    let repo = Repo::plain("pr-fmt");
    let out = repo
        .risk()
        .args(["-R", "register", "check", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
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
        fmt(&repo, &[]).status.code(),
        Some(2),
        "refused as a whole: RISK-0003 has a comment"
    );
    let out = repo
        .risk()
        .args(["-R", "register", "check", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
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
    let repo = Repo::plain("pr-fmt");
    repo.write(
        "register/risks/RISK-0009.yaml",
        "id: RISK-0009\ntitle: x\nlikelihood: high\nimpact: 2\n",
    );
    let out = fmt(&repo, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("RISK-0009.yaml:3: likelihood:"),
        "{}",
        stderr(&out)
    );
    assert!(!stdout(&out).contains("Formatted"), "{}", stdout(&out));
    assert!(stderr(&out).contains("nothing was written"));
}
