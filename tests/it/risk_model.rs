//! The risk professional's model (DESIGN 10): controls and their tests, inherent ratings,
//! appetite, bound acceptances and the cost-benefit of treatment, command by command and rule by
//! rule, and bad input in every new field.

use crate::support::{RegisterTest, keys};

const SETTINGS: &str = "appetite:
  default: high
  categories:
    health_safety: low
quantification:
  likelihood_per_year: [0.05, 0.1, 0.3, 0.6, 0.9]
  impact_cost: [1000.00, 10000.00, 50000.00, 250000.00, 1000000.00]
";

/// High (3 × 4), above its health-and-safety appetite (low); a control test 26 days overdue.
const GUARDED: &str = "title: Lift doors close on passengers
category: health_safety
owner: ops-lead
identified: 2026-01-10
likelihood: 3
impact: 4
inherent:
  likelihood: 5
  impact: 5
target:
  likelihood: 2
  impact: 3
controls:
- Daily door inspection
- id: C1
  title: Door sensor
  type: preventive
  owner: facilities
  effectiveness: partial
  tested: 2026-05-01
  test_every_days: 180
actions:
- id: A1
  title: Replace the sensors
  owner: facilities
  due: 2026-12-31
  cost: 12000.00
  annual_cost: 2000.00
";

/// Low (2 × 2), financial: within the default appetite (high).
const QUIET: &str = "title: Invoice typo
category: financial
owner: billing-lead
identified: 2026-11-01
likelihood: 2
impact: 2
";

fn register() -> RegisterTest {
    let r = RegisterTest::with_settings(SETTINGS);
    r.risk("RISK-0001", GUARDED);
    r.risk("RISK-0002", QUIET);
    r
}

// ---- controls ----

#[test]
fn a_control_test_records_the_result_and_clears_the_overdue_test() {
    let r = register();
    let overdue = r.json(["overdue"]);
    let tests: Vec<_> = overdue
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "control-test")
        .collect();
    assert_eq!(tests.len(), 1, "{overdue}");
    assert_eq!(tests[0]["record"], "RISK-0001");
    assert_eq!(tests[0]["item"], "C1");
    assert_eq!(tests[0]["due"], "2026-10-28");
    assert_eq!(tests[0]["days_overdue"], 26);
    r.run(["check"])
        .success()
        .stdout_has("warning[control-test-overdue]: register/risks/RISK-0001.yaml:21: controls[1].tested: control C1");
    r.run([
        "control",
        "test",
        "RISK-0001/C1",
        "--result",
        "effective",
        "--on",
        "2026-11-20",
    ])
    .success()
    .stdout_has("Tested RISK-0001/C1 on 2026-11-20: effective");
    assert!(
        r.read("risks/RISK-0001.yaml")
            .contains("  effectiveness: effective\n  tested: 2026-11-20\n  test_every_days: 180\n")
    );
    let overdue = r.json(["overdue"]);
    assert!(
        overdue
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["kind"] != "control-test"),
        "{overdue}"
    );
    r.run(["check"])
        .success()
        .stdout_lacks("control-test-overdue");
}

#[test]
fn show_lists_controls_with_their_next_test_and_the_ale_of_both_ratings() {
    let r = register();
    r.run(["show", "RISK-0001"])
        .success()
        .stdout_has("inherent: score 25, band high\n")
        .stdout_has("appetite: low (above it)\n")
        .stdout_has("annual loss expectancy: current 75000.00 EUR, target 5000.00 EUR\n")
        .stdout_has("controls:\n  - Daily door inspection: untested\n  C1 Door sensor (preventive, facilities): partial; test overdue since 2026-10-28\n");
    let shown = r.json(["show", "RISK-0001"]);
    assert_eq!(shown["ale_current"], "75000.00");
    assert_eq!(shown["ale_target"], "5000.00");
    assert_eq!(shown["derived"]["inherent_band"], "high");
    assert_eq!(shown["record"]["controls"][1]["id"], "C1");
    assert_eq!(shown["record"]["controls"][0], "Daily door inspection");
}

#[test]
fn a_control_test_names_what_is_wrong_and_writes_nothing() {
    let r = register();
    let before = r.tree();
    r.run(["control", "test", "RISK-0001/C1", "--result", "efective"])
        .code(2)
        .stderr_has("--result")
        .stderr_has("effective");
    r.run(["control", "test", "RISK-0001/C9", "--result", "partial"])
        .code(2)
        .stderr_has("RISK-0001 has no control `C9`");
    r.run(["control", "test", "RISK-0001", "--result", "partial"])
        .code(2)
        .stderr_has("expected RISK/CONTROL");
    r.run([
        "control",
        "test",
        "RISK-0001/C1",
        "--result",
        "partial",
        "--on",
        "2026-11-24",
    ])
    .code(2)
    .stderr_has("--on 2026-11-24 is in the future (today is 2026-11-23)");
    assert_eq!(r.tree(), before);
}

// ---- inherent rating, appetite ----

#[test]
fn list_carries_inherent_rating_and_appetite() {
    let r = register();
    let rows = r.json(["list"]);
    let first = &rows[0];
    assert!(keys(first).ends_with(&[
        "inherent_score",
        "inherent_band",
        "appetite",
        "within_appetite"
    ]));
    assert_eq!(first["inherent_score"], 25);
    assert_eq!(first["inherent_band"], "high");
    assert_eq!(first["appetite"], "low");
    assert_eq!(first["within_appetite"], false);
    assert_eq!(rows[1]["appetite"], "high");
    assert_eq!(rows[1]["within_appetite"], true);
    assert_eq!(rows[1]["inherent_band"], serde_json::Value::Null);
    let out = r.json(["list", "--out-of-appetite"]);
    let ids: Vec<&str> = out
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["RISK-0001"]);
}

#[test]
fn matrix_places_risks_by_inherent_rating_and_marks_cells_above_appetite() {
    let r = register();
    let m = r.json(["matrix", "--inherent"]);
    let cell = |m: &serde_json::Value, l: u64, i: u64| {
        m["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["likelihood"] == l && c["impact"] == i)
            .unwrap()
            .clone()
    };
    assert_eq!(cell(&m, 5, 5)["risks"], serde_json::json!(["RISK-0001"]));
    // Without an inherent rating a risk sits at its current one.
    assert_eq!(cell(&m, 2, 2)["risks"], serde_json::json!(["RISK-0002"]));
    assert!(cell(&m, 5, 5).get("above_appetite").is_none());
    let hs = r.json(["matrix", "--category", "health_safety"]);
    assert_eq!(cell(&hs, 1, 4)["above_appetite"], false);
    assert_eq!(cell(&hs, 1, 5)["above_appetite"], true);
    assert_eq!(cell(&hs, 3, 4)["risks"], serde_json::json!(["RISK-0001"]));
    r.run(["matrix", "--category", "health_safety"])
        .success()
        .stdout_has("high▲: 1")
        .stdout_has("▲ above the appetite");
    r.run(["matrix", "--inherent"])
        .success()
        .stdout_has("inherent rating");
}

#[test]
fn check_warns_of_a_risk_out_of_appetite_until_it_is_accepted() {
    let r = register();
    r.run(["check"]).success().stdout_has(
        "warning[out-of-appetite]: register/risks/RISK-0001.yaml:6: likelihood: RISK-0001 is rated high (score 12), above its appetite `low`",
    );
    r.run(["check", "--deny", "out-of-appetite"]).code(1);
    r.run([
        "accept",
        "RISK-0001",
        "--by",
        "coo",
        "--until",
        "2027-06-30",
        "--reason",
        "Sensors on order",
    ])
    .success()
    .stdout_has("Accepted RISK-0001 at high (score 12) by coo until 2027-06-30");
    let text = r.read("risks/RISK-0001.yaml");
    assert!(
        text.contains("treatment: accept\nacceptance:\n  by: coo\n  on: 2026-11-23\n  until: 2027-06-30\n  reason: Sensors on order\n  rating:\n    likelihood: 3\n    impact: 4\n"),
        "{text}"
    );
    r.run(["check"]).success().stdout_lacks("out-of-appetite");
}

#[test]
fn diff_reports_the_inherent_band_and_a_risk_leaving_its_appetite() {
    let r = register();
    r.git(["init", "-q", "-b", "main"]);
    r.commit("base");
    r.edit(
        "risks/RISK-0002.yaml",
        "category: financial",
        "category: health_safety",
    );
    r.edit(
        "risks/RISK-0002.yaml",
        "likelihood: 2\n",
        "inherent:\n  likelihood: 4\n  impact: 4\nlikelihood: 3\n",
    );
    let diff = r.json(["diff", "main"]);
    let changes = &diff["changed"][0]["changes"];
    let field = |name: &str| {
        changes
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["field"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name} in {changes}"))
    };
    assert_eq!(field("inherent_band")["to"], "high");
    assert_eq!(field("within_appetite")["from"], true);
    assert_eq!(field("within_appetite")["to"], false);
    r.run(["diff", "main", "--format", "md"])
        .success()
        .stdout_has("- RISK-0002 Invoice typo: **leaves its appetite**");
}

// ---- acceptance ----

#[test]
fn acceptance_rules_stale_expiring_and_self() {
    let r = register();
    r.run([
        "accept",
        "RISK-0001",
        "--by",
        "coo",
        "--until",
        "2026-12-10",
        "--reason",
        "Short",
    ])
    .success();
    r.run(["check"])
        .success()
        .stdout_has("warning[acceptance-expiring]: register/risks/RISK-0001.yaml:")
        .stdout_has("the acceptance runs out on 2026-12-10 (in 17 days)")
        .stdout_lacks("acceptance-stale")
        .stdout_lacks("acceptance-self");
    // The risk got worse after it was accepted.
    r.edit(
        "risks/RISK-0001.yaml",
        "likelihood: 3\nimpact: 4\n",
        "likelihood: 4\nimpact: 4\n",
    );
    r.run(["check"])
        .success()
        .stdout_has("warning[acceptance-stale]")
        .stdout_has("was accepted at score 12 (likelihood 3, impact 4) but is now 16");
    // No one approves their own risk.
    r.run([
        "accept",
        "RISK-0001",
        "--by",
        "ops-lead",
        "--until",
        "2027-12-10",
        "--reason",
        "Mine",
    ])
    .success();
    r.run(["check"])
        .success()
        .stdout_has("warning[acceptance-self]: register/risks/RISK-0001.yaml:")
        .stdout_lacks("acceptance-stale")
        .stdout_lacks("acceptance-expiring");
    // The warning window is a setting.
    r.edit(
        "register.yaml",
        "appetite:",
        "acceptance_warn_days: 400\nappetite:",
    );
    r.run(["check"])
        .success()
        .stdout_has("warning[acceptance-expiring]");
}

#[test]
fn accept_without_its_flags_names_them_and_writes_nothing() {
    let r = register();
    let before = r.tree();
    r.run(["accept", "RISK-0001", "--by", "coo", "--no-input"])
        .code(2)
        .stderr_has("missing --until");
    r.run([
        "accept",
        "RISK-0001",
        "--by",
        "coo",
        "--until",
        "2020-01-01",
        "--reason",
        "Old",
    ])
    .code(2)
    .stderr_has("acceptance.until: 2020-01-01 is before acceptance.on 2026-11-23");
    r.run([
        "accept",
        "RISK-0009",
        "--by",
        "coo",
        "--until",
        "2027-01-01",
        "--reason",
        "x",
    ])
    .code(2)
    .stderr_has("RISK-0009");
    assert_eq!(r.tree(), before);
}

// ---- cost-benefit ----

#[test]
fn cba_weighs_the_reduction_in_ale_against_the_cost() {
    let r = register();
    let rows = r.json(["cba"]);
    assert_eq!(
        rows,
        serde_json::json!([{
            "id": "RISK-0001",
            "title": "Lift doors close on passengers",
            "ale_current": "75000.00",
            "ale_target": "5000.00",
            "reduction": "70000.00",
            "cost": "12000.00",
            "annual_cost": "2000.00",
            "net_benefit": "56000.00",
            "rosi": "4.00"
        }])
    );
    r.run(["cba", "--format", "csv"]).success().stdout_has(
        "id,title,ale_current,ale_target,reduction,cost,annual_cost,net_benefit,rosi\nRISK-0001,Lift doors close on passengers,75000.00,5000.00,70000.00,12000.00,2000.00,56000.00,4.00\n",
    );
    r.run(["cba", "--format", "md"])
        .success()
        .stdout_has("| RISK-0001 | Lift doors close on passengers | 75000.00 | 5000.00 | 70000.00 | 12000.00 | 2000.00 | 56000.00 | 4.00 |");
    r.run(["cba"]).success().stdout_has("RISK-0001");
    // A risk's own loss estimate wins over the tables; without either there is no row.
    r.edit(
        "risks/RISK-0001.yaml",
        "impact: 4\ninherent:",
        "impact: 4\nloss:\n  single: 100000.00\n  per_year: 0.0125\ninherent:",
    );
    assert_eq!(r.json(["cba"])[0]["ale_current"], "1250.00");
    let bare = RegisterTest::new();
    bare.risk("RISK-0001", GUARDED);
    assert_eq!(bare.json(["cba"]), serde_json::json!([]));
}

// ---- bad input in every new field ----

#[test]
fn bad_input_in_each_new_field_names_file_line_and_key() {
    let cases: [(&str, &str, &str); 5] = [
        (
            "register.yaml",
            "quantification:\n  likelihood_per_year: [0.05, 0.1, 1.5, 0.6, 0.9]\n  impact_cost: [1, 2, 3, 4, 5]\n",
            "register/register.yaml:2: quantification.likelihood_per_year",
        ),
        (
            "register.yaml",
            "appetite:\n  default: high\n  categories:\n    health_safety: lowest\n",
            "register/register.yaml:4: appetite.categories.health_safety: `lowest` is not one of low, medium, high",
        ),
        (
            "register.yaml",
            "quantification:\n  likelihood_per_year: [0.05, 0.1]\n  impact_cost: [1, 2, 3, 4, 5]\n",
            "register/register.yaml:2: quantification.likelihood_per_year: has 2 values; expected one per level (5)",
        ),
        (
            "risks/RISK-0003.yaml",
            "id: RISK-0003\ntitle: t\nlikelihood: 1\nimpact: 1\ncontrols:\n- id: C1\n  title: One\n- id: C1\n  title: Two\n",
            "register/risks/RISK-0003.yaml:8: controls[1].id: `C1` is used by another control of this record",
        ),
        (
            "risks/RISK-0003.yaml",
            "id: RISK-0003\ntitle: t\nlikelihood: 1\nimpact: 1\nloss:\n  single: 10.00\n  per_year: 1.5\n",
            "register/risks/RISK-0003.yaml:7: loss.per_year: 1.5 is outside 0..1",
        ),
    ];
    for (file, text, expected) in cases {
        let r = register();
        r.write(file, text);
        let before = r.tree();
        // A change reads the settings and the risk it changes (the broken one, when a risk is).
        let id = if file == "register.yaml" {
            "RISK-0001"
        } else {
            "RISK-0003"
        };
        r.run([
            "accept",
            id,
            "--by",
            "coo",
            "--until",
            "2027-01-01",
            "--reason",
            "x",
        ])
        .code(2)
        .stderr_has(expected);
        r.run([
            "control",
            "test",
            &format!("{id}/C1"),
            "--result",
            "effective",
        ])
        .code(2)
        .stderr_has(expected);
        r.run(["list"]).code(2).stderr_has(expected);
        assert_eq!(r.tree(), before, "{file}: nothing written");
    }
}

// ---- add and action add ----

#[test]
fn add_and_action_add_take_the_new_fields() {
    let r = register();
    r.run([
        "add",
        "--title",
        "Wet floor at the desk",
        "--category",
        "health_safety",
        "--likelihood",
        "2",
        "--impact",
        "3",
        "--inherent",
        "4,4",
        "--target",
        "1,3",
        "--loss",
        "20000.00,0.1",
        "--no-input",
    ])
    .success();
    let text = r.read("risks/RISK-0003.yaml");
    assert!(
        text.contains("impact: 3\ninherent:\n  likelihood: 4\n  impact: 4\ntarget:\n  likelihood: 1\n  impact: 3\nloss:\n  single: 20000.00\n  per_year: 0.1\n"),
        "{text}"
    );
    r.run([
        "action",
        "add",
        "RISK-0003",
        "--title",
        "Mats",
        "--cost",
        "300",
        "--annual-cost",
        "50.5",
    ])
    .success();
    assert!(
        r.read("risks/RISK-0003.yaml")
            .contains("  title: Mats\n  status: open\n  cost: 300.00\n  annual_cost: 50.50\n")
    );
    let before = r.tree();
    r.run([
        "add",
        "--title",
        "x",
        "-l",
        "2",
        "-i",
        "2",
        "--loss",
        "10,1.5",
        "--no-input",
    ])
    .code(2)
    .stderr_has("--loss: 1.5 is outside 0..1");
    r.run([
        "add",
        "--title",
        "x",
        "-l",
        "2",
        "-i",
        "2",
        "--inherent",
        "9,9",
        "--no-input",
    ])
    .code(2)
    .stderr_has("--inherent likelihood: 9 is outside 1..5");
    r.run([
        "action",
        "add",
        "RISK-0003",
        "--title",
        "y",
        "--cost",
        "1.234",
    ])
    .code(2)
    .stderr_has("--cost");
    assert_eq!(r.tree(), before);
}

// ---- the report ----

#[test]
fn the_report_shows_appetite_uncontrolled_risks_the_journey_and_treatments() {
    let r = register();
    // A severe risk whose only control failed its test.
    r.risk(
        "RISK-0003",
        "title: Fire exit blocked\ncategory: health_safety\nowner: facilities\nidentified: 2026-11-01\nlikelihood: 1\nimpact: 5\ncontrols:\n- id: C1\n  title: Weekly walk-round\n  effectiveness: ineffective\n  tested: 2026-11-10\n",
    );
    let html = r.run(["report", "--out", "-"]).success().stdout_text();
    let section = |id: &str| {
        let start = html
            .find(&format!("<section id=\"{id}\""))
            .unwrap_or_else(|| panic!("no section {id}"));
        let end = html[start..].find("</section>").unwrap() + start;
        html[start..end].to_string()
    };
    let appetite = section("appetite");
    assert!(
        appetite.contains("1 open risk within appetite; 2 above it"),
        "{appetite}"
    );
    assert!(appetite.contains("data-risk=\"RISK-0001\""), "{appetite}");
    assert!(appetite.contains("none: treat or accept"), "{appetite}");
    let uncontrolled = section("uncontrolled");
    assert!(
        uncontrolled.contains("data-risk=\"RISK-0003\""),
        "{uncontrolled}"
    );
    assert!(
        uncontrolled.contains("<td>ineffective</td>"),
        "{uncontrolled}"
    );
    assert!(
        !uncontrolled.contains("RISK-0001"),
        "a partial control works: {uncontrolled}"
    );
    let journey = section("journey");
    assert!(
        journey.find("RISK-0001").unwrap() < journey.find("RISK-0003").unwrap(),
        "{journey}"
    );
    assert!(journey.contains("high</span> 25"), "{journey}");
    let treatments = section("treatments");
    assert!(treatments.contains("EUR 56,000.00"), "{treatments}");
    assert!(
        treatments.contains("<td class=\"num\">4.00</td>"),
        "{treatments}"
    );
}
