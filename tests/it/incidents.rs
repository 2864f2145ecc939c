//! `risk incident ...`, `risk trends` and the incident rules of `risk check`, run on fixture
//! registers with today fixed at 2026-11-23.

use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

use crate::support::RegisterTest;

/// The committed `incidents` fixture, for commands that only read.
fn committed() -> RegisterTest {
    RegisterTest::read_only("incidents")
}

#[test]
fn add_links_the_risk_and_copies_its_contingency_into_containment() {
    let reg = RegisterTest::fixture("incidents");
    reg.run([
        "incident",
        "add",
        "--title",
        "Online check-in down again",
        "--severity",
        "3",
        "--harms",
        "delay",
        "--risk",
        "RISK-0001",
        "--detected",
        "2026-11-22T06:00:00+01:00",
        "--containment",
        "Extra desk staff",
        "--customers-affected",
        "900",
        "--budget",
        "5000",
    ])
    .success()
    .stdout(contains("Added INC-0005"))
    .stdout(contains(
        "2 step(s) copied from the contingency plan of RISK-0001",
    ));
    assert_eq!(
        reg.read("incidents/INC-0005.yaml"),
        "id: INC-0005\ntitle: Online check-in down again\nstatus: open\nseverity: 3\nharms:\n- delay\nrisks:\n- RISK-0001\n\
         detected: 2026-11-22T06:00:00+01:00\ncustomers_affected: 900\ncontainment:\n\
         - Text affected passengers every 4 hours until rebooked\n- Issue hotel vouchers at the airport desks\n\
         - Extra desk staff\ncompensation_budget: 5000.00\n"
    );
}

#[test]
fn add_refuses_bad_input_and_writes_nothing() {
    let reg = RegisterTest::fixture("incidents");
    let before = reg.tree();
    reg.run(["incident", "add", "--title", "No severity"])
        .code(2)
        .stderr(contains("missing --severity"));
    reg.run([
        "incident",
        "add",
        "--title",
        "T",
        "--severity",
        "3",
        "--risk",
        "RISK-0099",
    ])
    .code(2)
    .stderr(contains("no risk with id RISK-0099"));
    reg.run(["incident", "add", "--title", "T", "--severity", "9"])
        .code(2)
        .stderr(contains("severity: 9 is outside 1..5"));
    reg.run([
        "incident",
        "add",
        "--title",
        "T",
        "--severity",
        "2",
        "--harms",
        "dealy",
    ])
    .code(2)
    .stderr(contains("did you mean `delay`"));
    reg.run([
        "incident",
        "add",
        "--title",
        "T",
        "--severity",
        "2",
        "--detected",
        "yesterday",
    ])
    .code(2)
    .stderr(contains("not an RFC 3339 time"));
    assert_eq!(reg.tree(), before);
}

#[test]
fn list_leaves_closed_incidents_out_unless_all() {
    let rows = committed().json(["incident", "list"]);
    let ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["INC-0002", "INC-0003"]);
    assert_eq!(
        rows[1]["duties_overdue"], 1,
        "INC-0003 has not notified customers"
    );
    assert_eq!(rows[0]["claims"], 3);
    let all = committed().json(["incident", "list", "--all"]);
    assert_eq!(all.as_array().unwrap().len(), 4);
    assert_eq!(
        all[0]["duties_missed"], 2,
        "INC-0001 sent updates 3 and 4 late or never"
    );
    let by_risk = committed().json(["incident", "list", "--all", "--risk", "RISK-0001"]);
    assert_eq!(by_risk.as_array().unwrap().len(), 2);
    committed()
        .run(["incident", "list", "--status", "resolved"])
        .success()
        .stdout(contains("INC-0002"))
        .stdout(contains("INC-0003").not());
}

#[test]
fn show_prints_the_record_and_its_duties() {
    committed()
        .run(["incident", "show", "INC-0001"])
        .success()
        .stdout(contains(
            "# tests/fixtures/incidents/register/incidents/INC-0001.yaml",
        ))
        .stdout(contains("duty notify: due 2026-09-26T22:25Z: met"))
        .stdout(contains(
            "duty update-3: due 2026-09-29T23:00Z: missed (done 2026-09-30)",
        ))
        .stdout(contains("duty pir: due 2026-10-20: met"))
        .stdout(contains(
            "claims: 3 (requested 870.00, offered 700.00, paid 400.00, budget 600.00)",
        ));
    let shown = committed().json(["incident", "show", "INC-0003"]);
    assert_eq!(shown["record"]["id"], "INC-0003");
    let kinds: Vec<(&str, &str)> = shown["duties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["item"].as_str().unwrap(), d["state"].as_str().unwrap()))
        .collect();
    assert_eq!(kinds, [("notify", "overdue"), ("regulator", "pending")]);
    assert_eq!(shown["claims"]["budget"], serde_json::Value::Null);
    committed()
        .run(["incident", "show", "INC-0099"])
        .code(2)
        .stderr(contains("no incident with id INC-0099"));
    committed()
        .run(["incident", "show", "RISK-0001"])
        .code(2)
        .stderr(contains("not an incident id"));
}

#[test]
fn update_changes_facts_and_refuses_what_is_invalid() {
    let reg = RegisterTest::fixture("incidents");
    reg.run([
        "incident",
        "update",
        "INC-0003",
        "--contained",
        "2026-11-20T15:00:00+00:00",
        "--customers-affected",
        "3600",
        "--regulator-notified",
        "2026-11-21T10:00:00+00:00",
        "--why",
        "The supplier shared one admin account",
        "--root-cause",
        "Shared credentials",
    ])
    .success()
    .stdout(contains(
        "Updated INC-0003: contained, customers_affected, regulator_notified, root_cause",
    ));
    let text = reg.read("incidents/INC-0003.yaml");
    assert!(text.contains("status: contained\n"), "{text}");
    assert!(text.contains("customers_affected: 3600\n"));
    assert!(text.contains("root_cause:\n  method: five_whys\n  whys:\n  - The supplier shared one admin account\n  summary: Shared credentials\n"), "{text}");
    let before = reg.tree();
    reg.run(["incident", "update", "INC-0003"])
        .code(2)
        .stderr(contains("nothing to update"));
    reg.run([
        "incident",
        "update",
        "INC-0003",
        "--contained",
        "2026-11-19T00:00:00+00:00",
    ])
    .code(2)
    .stderr(contains("contained:"))
    .stderr(contains("is before detected"));
    reg.run(["incident", "update", "INC-0003", "--risk", "RISK-0042"])
        .code(2)
        .stderr(contains("no risk with id RISK-0042"));
    assert_eq!(reg.tree(), before);
}

#[test]
fn notify_records_a_communication_and_meets_the_notify_duty() {
    let reg = RegisterTest::fixture("incidents");
    reg.run(["overdue", "--format", "csv"])
        .success()
        .stdout(contains("notify,INC-0003,notify"));
    reg.run([
        "incident",
        "notify",
        "INC-0003",
        "--channel",
        "email",
        "--summary",
        "Your contact details were exposed",
        "--at",
        "2026-11-22T08:00:00+00:00",
    ])
    .success()
    .stdout(contains(
        "Recorded on INC-0003: email notice to affected at 2026-11-22T08:00:00+00:00",
    ))
    .stdout(contains(
        "next update to affected customers due by 2026-11-24T08:00:00+00:00",
    ));
    assert!(reg.read("incidents/INC-0003.yaml").ends_with(
        "communications:\n- at: 2026-11-22T08:00:00Z\n  channel: email\n  audience: affected\n  summary: Your contact details were exposed\n"
    ));
    // Sent a day late: no longer overdue, but missed for `check`.
    reg.run(["overdue", "--format", "csv"])
        .success()
        .stdout(contains("INC-0003").not());
    reg.run(["check"])
        .success()
        .stdout(contains("notify: First notice to affected customers of Supplier exposed customer contact details was due 2026-11-21T09:00Z and done late, on 2026-11-22"));
    reg.run([
        "incident",
        "notify",
        "INC-0003",
        "--channel",
        "sms",
        "--summary",
        "x",
        "--at",
        "2026-11-19T00:00:00+00:00",
    ])
    .code(2)
    .stderr(contains("communications[0].at"));
    reg.run([
        "incident",
        "notify",
        "INC-0009",
        "--channel",
        "sms",
        "--summary",
        "x",
    ])
    .code(2)
    .stderr(contains("no incident with id INC-0009"));
    reg.run(["incident", "notify", "INC-0003", "--summary", "x"])
        .code(2)
        .stderr(contains("--channel"));
}

#[test]
fn resolve_then_review_then_close() {
    let reg = RegisterTest::fixture("incidents");
    reg.run(["incident", "review", "INC-0003", "--close"])
        .code(2)
        .stderr(contains("is not resolved"));
    reg.run([
        "incident",
        "resolve",
        "INC-0003",
        "--at",
        "2026-11-22T18:00:00+00:00",
        "--root-cause",
        "Shared supplier credentials",
    ])
    .success()
    .stdout(contains(
        "Resolved INC-0003 at 2026-11-22T18:00:00+00:00; post-incident review due by 2026-12-06",
    ));
    let text = reg.read("incidents/INC-0003.yaml");
    assert!(text.contains("status: resolved\n"));
    assert!(
        text.contains("contained: 2026-11-22T18:00:00Z\nresolved: 2026-11-22T18:00:00Z\n"),
        "{text}"
    );
    reg.run(["incident", "review", "INC-0003", "--held", "2026-11-21"])
        .code(2)
        .stderr(contains("is before INC-0003 was resolved"));
    reg.run([
        "incident",
        "review",
        "INC-0003",
        "--held",
        "2026-11-23",
        "--lesson",
        "Suppliers get personal accounts",
        "--lesson",
        "Rotate keys quarterly",
        "--close",
    ])
    .success()
    .stdout(contains(
        "Recorded the post-incident review of INC-0003 held 2026-11-23, 2 lesson(s); closed",
    ));
    let text = reg.read("incidents/INC-0003.yaml");
    assert!(text.contains("status: closed\n"));
    assert!(text.ends_with("review:\n  held: 2026-11-23\n  lessons:\n  - Suppliers get personal accounts\n  - Rotate keys quarterly\n"), "{text}");
    reg.run(["incident", "resolve", "INC-0003"])
        .code(2)
        .stderr(contains("is closed"));
}

#[test]
fn notice_renders_the_five_parts_from_the_built_in_template() {
    let text = committed()
        .run(["incident", "notice", "INC-0001"])
        .success()
        .stdout_text();
    assert!(
        text.starts_with("Subject: Check-in outage after provider failure (INC-0001)\n"),
        "{text}"
    );
    for part in [
        "What happened\nThe hosted reservation system was unreachable",
        "We detected the problem on 2026-09-25 22:25 UTC.",
        "What it means for you\nYour service, delivery or journey may have been delayed.\nSome of our services were unavailable to you.",
        "We are sorry\n",
        "What we are doing\n- Paused online check-in\n- Manual boarding lists at airports\n- The problem was resolved on 2026-10-06 07:00 UTC.",
        "Compensation\nUnder our compensation policy you can claim, quoting INC-0001:\n- a refund of 100% of the amount you claim, up to 400.00 EUR\nEach customer can receive up to 600.00 EUR in total.",
        "Next update\nThe problem is resolved.",
    ] {
        assert!(text.contains(part), "missing {part:?} in\n{text}");
    }
    let open = committed()
        .run(["incident", "notice", "INC-0003"])
        .success()
        .stdout_text();
    assert!(
        open.contains("Some of your personal data may have been exposed"),
        "{open}"
    );
    assert!(
        open.contains("We will update you again within 48 hours"),
        "{open}"
    );
    assert!(
        open.contains("you can make a claim quoting INC-0003"),
        "{open}"
    );
}

#[test]
fn notice_uses_the_register_template_and_names_a_bad_placeholder() {
    let reg = RegisterTest::fixture("incidents");
    reg.write(
        "templates/notice.md",
        "Dear customer,\n{{what_happened}}\n-- {{register}}\n",
    );
    let text = reg
        .run(["incident", "notice", "INC-0002"])
        .success()
        .stdout_text();
    assert_eq!(
        text,
        "Dear customer,\nNovember billing run charged 1,200 customers twice. We detected the problem on 2026-11-02 06:00 UTC.\n-- Skyway Air customer service\n"
    );
    reg.write("templates/notice.md", "Dear {{customer_name}},\n");
    reg.run(["incident", "notice", "INC-0002"])
        .code(2)
        .stderr(contains(
            "templates/notice.md:1: unknown placeholder {{customer_name}}",
        ));
    let other = reg.beside("other.md", "{{id}}: {{status}}\n");
    reg.cmd(["incident", "notice", "INC-0002", "--template"])
        .arg(&other)
        .run()
        .success()
        .stdout("INC-0002: resolved\n");
}

#[test]
fn trends_by_month_harm_risk_and_stage() {
    let rows = committed().json(["trends", "--by", "month"]);
    let months: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["group"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2026-03", "2026-09", "2026-11"]);
    assert_eq!(rows[1]["compensation_paid"], "400.00");
    assert_eq!(rows[1]["mean_hours_to_contain"], "26.6");
    assert_eq!(
        rows[1]["notices_due"], 4,
        "the first notice and updates 2 to 4"
    );
    assert_eq!(rows[1]["notices_on_time"], 2);
    assert_eq!(rows[2]["incidents"], 2);
    assert_eq!(rows[2]["notices_due"], 2);
    assert_eq!(rows[2]["notices_on_time"], 1);
    assert_eq!(rows[2]["notices_on_time_pct"], 50);
    let by_risk = committed().json(["trends", "--by", "risk"]);
    assert_eq!(by_risk[0]["group"], "RISK-0001");
    assert_eq!(by_risk[0]["incidents"], 2);
    assert_eq!(by_risk[0]["repeats"], serde_json::json!(["RISK-0001"]));
    assert_eq!(by_risk[1]["repeats"], serde_json::json!([]));
    let by_stage = committed().json(["trends", "--by", "stage"]);
    let stages: Vec<&str> = by_stage
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["group"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["billing", "delivery", "support"]);
    committed()
        .run(["trends", "--by", "harm"])
        .success()
        .stdout(contains("privacy"));
    committed().run(["trends", "--by", "weather"]).code(2);
}

#[test]
fn check_reports_incident_duties_evidence_and_contingency() {
    let report = committed().json(["check"]);
    let rules: Vec<(&str, &str)> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["record"].as_str().unwrap()))
        .collect();
    for expected in [
        ("incident-duty", "INC-0001"),
        ("incident-duty", "INC-0002"),
        ("incident-duty", "INC-0003"),
        ("over-budget", "INC-0001"),
        ("evidence", "RISK-0001"),
        ("contingency", "RISK-0002"),
        ("claim-sla", "CLM-0002"),
    ] {
        assert!(rules.contains(&expected), "{expected:?} not in {rules:?}");
    }
    assert!(
        !rules.contains(&("contingency", "RISK-0001")),
        "RISK-0001 has a plan"
    );
    assert_eq!(report["errors"], serde_json::json!([]));
    let evidence = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "evidence")
        .unwrap();
    assert_eq!(evidence["line"], 10, "the line of `likelihood`");
}

#[test]
fn dangling_references_are_errors_but_a_broken_file_is_not_missing() {
    let reg = RegisterTest::fixture("incidents");
    reg.write(
        "incidents/INC-0009.yaml",
        "id: INC-0009\ntitle: T\nseverity: 2\nrisks:\n- RISK-0001\n- RISK-0042\n- RISK-0007\ndetected: 2026-11-01T00:00:00+00:00\n",
    );
    reg.write("risks/RISK-0007.yaml", "id: RISK-0007\ntitle: [broken\n");
    let out = reg.run(["check", "--format", "json"]);
    assert_eq!(out.exit_code(), Some(1));
    let report = out.stdout_json();
    let dangling: Vec<(String, i64)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "dangling-ref")
        .map(|f| {
            (
                f["message"].as_str().unwrap().to_string(),
                f["line"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(dangling.len(), 1, "{dangling:?}");
    assert!(dangling[0].0.contains("RISK-0042 does not exist"));
    assert_eq!(dangling[0].1, 6);
    assert!(
        report["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "parse")
    );
}

#[test]
fn personal_data_in_any_record_is_a_warning_with_its_line() {
    let reg = RegisterTest::fixture("incidents");
    reg.write(
        "claims/CLM-0010.yaml",
        "id: CLM-0010\nincident: INC-0001\ncustomer: CUST-10010\nreceived: 2026-10-01\nevidence:\n- mail from jane.doe@example.com\n- card 4111 1111 1111 1111\n- call back on +44 20 7946 0958\n",
    );
    let report = reg.json(["check"]);
    let found: Vec<(i64, String)> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "personal-data")
        .map(|f| {
            (
                f["line"].as_i64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[0].0, 6);
    assert!(found[0].1.contains("e-mail address"));
    assert!(found[1].1.contains("card number"));
    assert!(found[2].1.contains("phone number"));
}
