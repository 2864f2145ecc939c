//! Who does what: the owner column and `--owner` of `overdue` and `actions`, and `risk todo`
//! (table, JSON and Markdown for a chat message).

use crate::support::RegisterTest;

/// ops-lead owns RISK-0001; its A1 and C1 name their own owners, A2 falls to ops-lead.
fn owned() -> RegisterTest {
    let t = RegisterTest::new();
    t.risk(
        "RISK-0001",
        "title: Check-in outage\nowner: ops-lead\nidentified: 2026-01-01\nlikelihood: 2\nimpact: 2\n\
controls:\n  - id: C1\n    title: Failover drill\n    owner: it-lead\n    tested: 2026-06-01\n    test_every_days: 90\n\
actions:\n  - id: A1\n    title: Contract a failover provider\n    owner: vendor-mgr\n    due: 2026-11-20\n\
\x20 - id: A2\n    title: Write the runbook\n    due: 2026-12-01\n\
review:\n  last: 2026-06-01\n  every_days: 200\n",
    );
    t.risk(
        "RISK-0002",
        "title: Refund typo\nidentified: 2026-11-01\nlikelihood: 1\nimpact: 1\n",
    );
    t
}

fn column<'a>(rows: &'a serde_json::Value, key: &str) -> Vec<&'a str> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r[key].as_str().unwrap_or("-"))
        .collect()
}

#[test]
fn actions_show_the_action_owner_else_the_record_owner_and_filter_by_it() {
    let t = owned();
    let all = t.json(["actions"]);
    assert_eq!(column(&all, "owner"), vec!["vendor-mgr", "ops-lead"]);
    let mine = t.json(["actions", "--owner", "ops-lead"]);
    assert_eq!(column(&mine, "action"), vec!["A2"]);
    t.run(["actions", "--owner", "nobody"])
        .success()
        .stdout("(none)\n");
}

#[test]
fn overdue_has_an_owner_key_and_column_and_filters_by_owner() {
    let t = owned();
    let all = t.json(["overdue"]);
    assert_eq!(column(&all, "item"), vec!["C1", "A1"]);
    assert_eq!(column(&all, "owner"), vec!["it-lead", "vendor-mgr"]);
    assert_eq!(
        crate::support::keys(&all[0]),
        vec![
            "kind",
            "record",
            "item",
            "what",
            "owner",
            "due",
            "days_overdue"
        ]
    );
    let theirs = t.json(["overdue", "--owner", "vendor-mgr"]);
    assert_eq!(column(&theirs, "item"), vec!["A1"]);
    t.run(["overdue"])
        .success()
        .stdout_has("owner")
        .stdout_has("it-lead");
}

#[test]
fn todo_lists_everything_soonest_first_with_owners() {
    let t = owned();
    let rows = t.json(["todo"]);
    assert_eq!(
        column(&rows, "item"),
        vec!["C1", "A1", "A2", "review", "review"]
    );
    assert_eq!(
        column(&rows, "owner"),
        vec!["it-lead", "vendor-mgr", "ops-lead", "ops-lead", "-"]
    );
    assert_eq!(rows[0]["days_left"], -85);
    assert_eq!(rows[0]["due"], "2026-08-30");
    t.run(["todo"])
        .success()
        .stdout_has("owner")
        .stdout_has("days_left");
}

#[test]
fn todo_of_one_owner_as_table_and_markdown() {
    let t = owned();
    let rows = t.json(["todo", "--owner", "ops-lead"]);
    assert_eq!(column(&rows, "kind"), vec!["action", "review"]);
    t.run(["todo", "--owner", "ops-lead"])
        .success()
        .stdout_has("Write the runbook")
        .stdout_lacks("Failover drill")
        .stdout_lacks("owner");
    t.run(["todo", "--owner", "ops-lead", "--format", "md"])
        .success()
        .stdout(
            "**To do for ops-lead** on 2026-11-23: 2 items, 0 overdue\n\
\n**2026-12-01** (in 8 days)\n\
- RISK-0001 A2 (action): Write the runbook\n\
\n**2026-12-18** (in 25 days)\n\
- RISK-0001 (review): Review of Check-in outage\n",
        );
    let within = t.json(["todo", "--within", "10"]);
    assert_eq!(column(&within, "item"), vec!["C1", "A1", "A2"]);
}

#[test]
fn todo_in_markdown_names_each_owner_and_escapes_record_text() {
    let t = owned();
    t.edit(
        "risks/RISK-0001.yaml",
        "Write the runbook",
        "Write the *runbook* @team",
    );
    t.run(["todo", "--format", "md"])
        .success()
        .stdout_has("**2026-08-30** (85 days overdue)\n- RISK-0001 C1 (control-test): Test of Failover drill · it-lead\n")
        .stdout_has("Write the \\*runbook\\* @&#8203;team · ops-lead")
        .stdout_has("- RISK-0002 (review): Review of Refund typo · no owner\n");
}

#[test]
fn claim_deadlines_fall_to_the_owner_of_the_risk_the_incident_realised() {
    let t = crate::support::RegisterTest::read_only("board");
    let rows = t.json(["todo"]);
    let claims: Vec<&serde_json::Value> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["record"].as_str().unwrap().starts_with("CLM"))
        .collect();
    assert!(!claims.is_empty(), "{rows}");
    for claim in claims {
        assert!(
            ["acknowledge", "decide", "pay"].contains(&claim["kind"].as_str().unwrap()),
            "{claim}"
        );
    }
}

#[test]
fn todo_fits_80_columns_on_the_shipped_register() {
    let output = std::process::Command::new(crate::support::risk_bin())
        .current_dir(crate::support::manifest_dir())
        .args(["-R", "register", "--today", crate::support::TODAY, "todo"])
        .env("COLUMNS", "80")
        .env("NO_COLOR", "1")
        .env_remove("RISK_REGISTER")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("owner") && text.contains('…'), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
}
