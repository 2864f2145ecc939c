//! `risk check` for CI: GitHub annotations and JUnit reports, golden and parsed.

use crate::support::{RegisterTest, Run};

fn check(repo: &RegisterTest, args: &[&str]) -> Run {
    repo.cmd(["check"]).args(args).run()
}

#[test]
fn github_annotations_name_file_line_and_rule_with_escaping() {
    let repo = RegisterTest::fixture("pr-ci");
    let out = check(&repo, &["--format", "github"]);
    assert_eq!(out.exit_code(), Some(1), "{}", out.stderr_text());
    snapbox::assert_data_eq!(
        out.stdout_text(),
        snapbox::file!["../golden/check.github"].raw()
    );
    let text = out.stdout_text();
    // `%` in a message is escaped; `:` and `,` are left in messages
    assert!(
        text.contains("Compare totals: 100%25 of orders, daily"),
        "{text}"
    );
    for line in text.lines() {
        let (head, _) = line
            .split_once("::")
            .map(|(_, rest)| rest.split_once("::").unwrap())
            .unwrap();
        assert!(
            head.starts_with("error ") || head.starts_with("warning "),
            "{line}"
        );
        assert!(head.contains(",title="), "{line}");
    }
}

#[test]
fn junit_report_has_a_case_per_rule_per_record_and_parses_as_xml() {
    let repo = RegisterTest::fixture("pr-ci");
    let out = check(&repo, &["--format", "junit"]);
    assert_eq!(out.exit_code(), Some(1));
    let xml = out.stdout_text();
    snapbox::assert_data_eq!(
        xml.clone(),
        snapbox::file!["../golden/check.junit.xml"].raw()
    );
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("failures"), Some("1"));
    let suites: Vec<roxmltree::Node> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let names: Vec<&str> = suites
        .iter()
        .map(|s| s.attribute("name").unwrap())
        .collect();
    assert!(
        names.contains(&"owner-required") && names.contains(&"format"),
        "{names:?}"
    );
    let owner = suites
        .iter()
        .find(|s| s.attribute("name") == Some("owner-required"))
        .unwrap();
    let case = owner
        .children()
        .find(|n| n.has_tag_name("testcase"))
        .unwrap();
    assert_eq!(case.attribute("name"), Some("RISK-0001"));
    let failure = case.children().find(|n| n.has_tag_name("failure")).unwrap();
    assert_eq!(failure.attribute("type"), Some("owner-required"));
    assert!(
        failure
            .attribute("message")
            .unwrap()
            .starts_with("owner: RISK-0001 is rated high")
    );
    // a warning passes, with its message kept
    let overdue = suites
        .iter()
        .find(|s| s.attribute("name") == Some("overdue-action"))
        .unwrap();
    let case = overdue
        .children()
        .find(|n| n.has_tag_name("testcase"))
        .unwrap();
    assert!(case.children().all(|n| !n.has_tag_name("failure")));
    let out_text = case
        .children()
        .find(|n| n.has_tag_name("system-out"))
        .unwrap()
        .text()
        .unwrap();
    assert!(
        out_text.contains("\"Compare totals: 100% of orders, daily\""),
        "{out_text}"
    );
}

#[test]
fn junit_under_strict_fails_warnings_and_leaves_out_allowed_rules() {
    let repo = RegisterTest::fixture("pr-ci");
    let out = check(
        &repo,
        &["--format", "junit", "--strict", "--allow", "format"],
    );
    assert_eq!(out.exit_code(), Some(1));
    let xml = out.stdout_text();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    // owner-required, overdue-action and contingency (a major impact without a plan)
    assert_eq!(root.attribute("failures"), Some("3"), "{xml}");
    assert!(
        root.children()
            .all(|s| s.attribute("name") != Some("format"))
    );
}

#[test]
fn deny_promotes_a_warning_in_every_format() {
    let repo = RegisterTest::fixture("pr-ci");
    let out = check(&repo, &["--format", "github", "--deny", "overdue-action"]);
    assert!(
        out.stdout_text()
            .contains("::error file=register/risks/RISK-0002.yaml,line=7,title=overdue-action::")
    );
    let out = check(&repo, &["--format", "github", "--allow", "owner-required"]);
    assert_eq!(out.exit_code(), Some(0), "only warnings are left");
    let out = check(&repo, &["--format", "csv"]);
    assert_eq!(out.exit_code(), Some(2));
}
