//! The lessons learned log (DESIGN 11.2): structured lessons, `incident review --lesson
//! --action --risk`, `risk lessons` and the `lesson-unactioned` rule.

use crate::support::RegisterTest;

const INC: &str = "id: INC-0001\ntitle: Outage\nseverity: 3\nharms:\n- delay\nrisks:\n- RISK-0001\ndetected: 2026-09-01T10:00:00Z\nresolved: 2026-09-02T10:00:00Z\nactions:\n- id: A1\n  title: Fix\n  status: done\n  done: 2026-09-05\n- id: A2\n  title: Test failover\n  due: 2026-12-31\n";

fn register() -> RegisterTest {
    let r = RegisterTest::new();
    r.risk("RISK-0001", "title: Outage\nlikelihood: 2\nimpact: 2\n")
        .risk("RISK-0002", "title: Refunds\nlikelihood: 2\nimpact: 2\n")
        .write("incidents/INC-0001.yaml", INC);
    r
}

#[test]
fn review_records_a_lesson_with_where_it_went() {
    let r = register();
    r.run([
        "incident",
        "review",
        "INC-0001",
        "--held",
        "2026-09-10",
        "--lesson",
        "Test the standby",
        "--action",
        "A2",
        "--risk",
        "RISK-0002",
    ])
    .success();
    assert!(
        r.read("incidents/INC-0001.yaml").ends_with(
            "review:\n  held: 2026-09-10\n  lessons:\n  - text: Test the standby\n    actions:\n    - A2\n    risks:\n    - RISK-0002\n"
        ),
        "{}",
        r.read("incidents/INC-0001.yaml")
    );
    // The same lesson again gains links, keeps its review date, and is not repeated.
    r.run([
        "incident",
        "review",
        "INC-0001",
        "--lesson",
        "Test the standby",
        "--action",
        "A1",
    ])
    .success();
    assert!(r.read("incidents/INC-0001.yaml").contains("  held: 2026-09-10\n  lessons:\n  - text: Test the standby\n    actions:\n    - A2\n    - A1\n"));
}

#[test]
fn a_lesson_naming_an_action_the_incident_lacks_is_refused() {
    let r = register();
    let before = r.tree();
    r.run([
        "incident", "review", "INC-0001", "--lesson", "x", "--action", "A9",
    ])
    .code(2)
    .stderr_has(
        "review.lessons[0].actions[0]: `A9` is not an action of this incident (it has A1, A2)",
    );
    r.run([
        "incident",
        "review",
        "INC-0001",
        "--lesson",
        "x",
        "--risk",
        "RISK-0042",
    ])
    .code(2)
    .stderr_has("no risk with id RISK-0042");
    r.run(["incident", "review", "INC-0001", "--action", "A1"])
        .code(2)
        .stderr_has("give the lesson with --lesson TEXT");
    assert!(before == r.tree(), "nothing was written");
    // Written by hand, it is a parse error naming file, line and key.
    r.edit(
        "incidents/INC-0001.yaml",
        "  due: 2026-12-31\n",
        "  due: 2026-12-31\nreview:\n  held: 2026-09-10\n  lessons:\n  - text: y\n    actions: [A7]\n",
    );
    r.run(["lessons"]).code(2).stderr_has(
        "incidents/INC-0001.yaml:22: review.lessons[0].actions[0]: `A7` is not an action",
    );
}

#[test]
fn lessons_lists_every_lesson_with_its_follow_up_and_filters() {
    let r = register();
    r.edit(
        "incidents/INC-0001.yaml",
        "  due: 2026-12-31\n",
        "  due: 2026-12-31\nreview:\n  held: 2026-09-10\n  lessons:\n  - Plain lesson\n  - text: Linked\n    actions:\n    - A1\n    - A2\n    risks:\n    - RISK-0002\n",
    );
    let v = r.run(["lessons", "--format", "json"]).json();
    assert_eq!(
        v,
        serde_json::json!([
            {"incident": "INC-0001", "held": "2026-09-10", "lesson": "Plain lesson", "actions": [], "risks": [], "open_actions": []},
            {"incident": "INC-0001", "held": "2026-09-10", "lesson": "Linked", "actions": ["A1", "A2"], "risks": ["RISK-0002"], "open_actions": ["A2"]},
        ])
    );
    assert_eq!(
        r.run(["lessons", "--since", "2026-09-11", "--format", "json"])
            .json(),
        serde_json::json!([])
    );
    assert_eq!(
        r.run(["lessons", "--risk", "RISK-0002", "--format", "json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        r.run(["lessons", "--risk", "RISK-0001", "--format", "json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        r.run(["lessons", "--harm", "privacy", "--format", "json"])
            .json(),
        serde_json::json!([])
    );
    r.run(["lessons", "--harm", "dely"])
        .code(2)
        .stderr_has("delay");
    r.run(["lessons", "--format", "csv"]).success().stdout_has(
        "incident,held,lesson,actions,risks,open_actions\nINC-0001,2026-09-10,Plain lesson,,,\n",
    );
    r.run(["lessons", "--format", "md"])
        .success()
        .stdout_has("| INC-0001 | 2026-09-10 | Linked | A1, A2 | RISK-0002 | A2 |");
    r.run(["lessons"]).success().stdout_has("Plain lesson");
}

#[test]
fn a_lesson_left_unactioned_for_30_days_is_warned_about_and_a_missing_risk_is_dangling() {
    let r = register();
    r.edit(
        "incidents/INC-0001.yaml",
        "  due: 2026-12-31\n",
        "  due: 2026-12-31\nreview:\n  held: 2026-09-10\n  lessons:\n  - Plain lesson\n  - text: Linked\n    risks:\n    - RISK-0009\n",
    );
    let v = r.run(["check", "--format", "json"]).stdout_json();
    let warning = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["rule"] == "lesson-unactioned")
        .unwrap();
    assert_eq!(warning["line"], 21);
    assert!(
        warning["message"]
            .as_str()
            .unwrap()
            .contains("Plain lesson")
    );
    assert_eq!(v["errors"][0]["rule"], "dangling-ref");
    assert_eq!(v["errors"][0]["line"], 24);
    // A review held within 30 days is not yet due for follow-up.
    let v = r
        .run(["check", "--format", "json", "--today", "2026-10-10"])
        .stdout_json();
    assert!(
        !v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["rule"] == "lesson-unactioned")
    );
}

#[test]
fn renumbering_a_risk_rewrites_the_lessons_that_name_it() {
    let r = register();
    r.run([
        "incident",
        "review",
        "INC-0001",
        "--held",
        "2026-09-10",
        "--lesson",
        "x",
        "--risk",
        "RISK-0002",
    ])
    .success();
    r.run(["renumber", "RISK-0002"]).success();
    assert!(
        r.read("incidents/INC-0001.yaml")
            .contains("    risks:\n    - RISK-0003\n")
    );
}

#[test]
fn the_report_says_where_each_lesson_went_and_what_is_still_open() {
    let r = register();
    r.edit(
        "incidents/INC-0001.yaml",
        "  due: 2026-12-31\n",
        "  due: 2026-12-31\nreview:\n  held: 2026-09-10\n  lessons:\n  - Plain <lesson>\n  - text: Linked\n    actions:\n    - A1\n    - A2\n    risks:\n    - RISK-0002\n",
    );
    let html = r.run(["report", "--out", "-"]).success().stdout_text();
    assert!(
        html.contains("<li>Plain &lt;lesson&gt; <strong>not yet actioned</strong></li>"),
        "{html}"
    );
    assert!(html.contains("<li>Linked <span class=\"note\">→ actions A1, A2; risks RISK-0002</span> <span class=\"open\">open: A2</span></li>"), "{html}");
}
