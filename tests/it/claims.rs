//! `risk claim ...`, `risk claims` and the claim rules of `risk check`, run on fixture
//! registers with today fixed at 2026-11-23.

use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

use crate::support::RegisterTest;

/// The committed `incidents` fixture, for commands that only read.
fn committed() -> RegisterTest {
    RegisterTest::read_only("incidents")
}

#[test]
fn add_writes_a_claim_with_a_pseudonymous_customer() {
    let reg = RegisterTest::fixture("incidents");
    reg.run([
        "claim",
        "add",
        "--incident",
        "INC-0002",
        "--customer",
        "CUST-20931",
        "--received",
        "2026-11-20",
        "--channel",
        "email",
        "--type",
        "refund",
        "--amount",
        "89.90",
        "--evidence",
        "bank statement seen",
    ])
    .success()
    .stdout(contains(
        "Added CLM-0007: CUST-20931 claims a refund of 89.90 for INC-0002",
    ));
    assert_eq!(
        reg.read("claims/CLM-0007.yaml"),
        "id: CLM-0007\nincident: INC-0002\ncustomer: CUST-20931\nreceived: 2026-11-20\nchannel: email\n\
         requested:\n  type: refund\n  amount: 89.90\nevidence:\n- bank statement seen\nstatus: received\n"
    );
}

#[test]
fn add_refuses_personal_data_unknown_incidents_and_bad_amounts() {
    let reg = RegisterTest::fixture("incidents");
    let before = reg.tree();
    let base = [
        "claim",
        "add",
        "--incident",
        "INC-0002",
        "--received",
        "2026-11-20",
    ];
    for (customer, message) in [
        ("Jane Doe", "not a pseudonymous reference"),
        ("jane@example.com", "looks like a e-mail address"),
        ("+31 6 1234 5678", "looks like a phone number"),
    ] {
        reg.cmd(base)
            .args(["--customer", customer])
            .run()
            .code(2)
            .stderr(contains(message));
    }
    reg.run([
        "claim",
        "add",
        "--incident",
        "INC-0042",
        "--customer",
        "CUST-1",
    ])
    .code(2)
    .stderr(contains("no incident with id INC-0042"));
    reg.cmd(base)
        .args([
            "--customer",
            "CUST-1",
            "--type",
            "refund",
            "--amount",
            "12.345",
        ])
        .run()
        .code(2)
        .stderr(contains("more than two decimal places"));
    reg.cmd(base)
        .args(["--customer", "CUST-1", "--type", "refnud"])
        .run()
        .code(2)
        .stderr(contains("did you mean `refund`"));
    reg.run([
        "claim",
        "add",
        "--incident",
        "INC-0002",
        "--customer",
        "CUST-1",
        "--received",
        "2026-12-01",
    ])
    .code(2)
    .stderr(contains("is after today"));
    reg.run([
        "claim",
        "add",
        "--incident",
        "INC-0002",
        "--customer",
        "CUST-1",
        "--received",
        "2026-11-01",
    ])
    .code(2)
    .stderr(contains("is before INC-0002 was detected (2026-11-02)"));
    assert_eq!(reg.tree(), before);
}

#[test]
fn list_and_show_claims() {
    let rows = committed().json(["claim", "list", "--incident", "INC-0001"]);
    let ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["CLM-0001", "CLM-0002", "CLM-0003"]);
    assert_eq!(rows[0]["offered"], "400.00");
    assert_eq!(rows[1]["overdue"], serde_json::json!(["acknowledge"]));
    assert_eq!(rows[1]["next_due"], "acknowledge 2026-10-04");
    let overdue = committed().json(["claim", "list", "--overdue"]);
    assert_eq!(overdue.as_array().unwrap().len(), 2);
    let mine = committed().json(["claim", "list", "--customer", "CUST-10001"]);
    assert_eq!(mine.as_array().unwrap().len(), 2);
    committed()
        .run(["claim", "list", "--incident", "INC-0077"])
        .code(2);
    let shown = committed().json(["claim", "show", "CLM-0004"]);
    assert_eq!(
        shown["limit_left"], "200.00",
        "CUST-10001 was paid 400.00 of 600.00"
    );
    committed().run(["claim", "show", "CLM-0002"])
        .success()
        .stdout(contains(
            "sla acknowledge: due 2026-10-04: OVERDUE by 50 days",
        ))
        .stdout(contains(
            "per-customer limit left for this claim after the other claims of CUST-10002: 600.00 of 600.00 EUR",
        ));
    committed()
        .run(["claim", "show", "CLM-0099"])
        .code(2)
        .stderr(contains("no claim with id CLM-0099"));
}

#[test]
fn assess_applies_the_first_matching_rule_capped_by_the_customer_limit() {
    let reg = RegisterTest::fixture("incidents");
    reg.run(["claim", "assess", "CLM-0004", "--by", "claims-team", "--on", "2026-11-10"])
        .success()
        .stdout(
            "CLM-0004 (CUST-10001, INC-0002):\n\
             \x20 rule delay-over-3h does not apply: needs one of the harms delay, but INC-0002 has harms billing\n\
             \x20 rule billing-correction applies: INC-0002 has harm billing (the rule needs one of billing); the request is a refund\n\
             \x20   100% of the requested 250.00 = 250.00\n\
             \x20   capped at 200.00, what is left of the per-customer limit 600.00 for CUST-10001\n\
             \x20 offer: refund 200.00 EUR\n\
             recorded the assessment and the offer\n",
        );
    let text = reg.read("claims/CLM-0004.yaml");
    assert!(text.contains("status: offered\n"), "{text}");
    assert!(text.contains("assessment:\n  on: 2026-11-10\n  by: claims-team\n  eligible: true\n  rule: billing-correction\n"), "{text}");
    assert!(
        text.contains("offer:\n  on: 2026-11-10\n  type: refund\n  amount: 200.00\n"),
        "{text}"
    );
    // The offer stays within the limit, so check has no over-limit error.
    reg.run(["check"])
        .success()
        .stdout(contains("over-limit").not());
}

#[test]
fn assess_says_why_no_rule_applies() {
    let reg = RegisterTest::fixture("incidents");
    reg.run(["claim", "assess", "CLM-0006", "--on", "2026-11-10"])
        .success()
        .stdout(contains("rule delay-over-3h does not apply: needs one of the harms delay"))
        .stdout(contains("rule billing-correction does not apply: applies to requests of type refund, not replacement"))
        .stdout(contains("rule goodwill-minor does not apply: needs severity 2 or less, but INC-0002 has severity 3"))
        .stdout(contains("not eligible under policy: no rule of the compensation policy applies"));
    let text = reg.read("claims/CLM-0006.yaml");
    assert!(text.contains("status: assessing\n"), "{text}");
    assert!(text.contains("  eligible: false\n"), "{text}");
    assert!(!text.contains("offer:"), "{text}");
}

#[test]
fn assess_dry_run_records_nothing_and_settled_claims_are_refused() {
    let reg = RegisterTest::fixture("incidents");
    let before = reg.tree();
    reg.run(["claim", "assess", "CLM-0004", "--dry-run"])
        .success()
        .stdout(contains("offer: refund 200.00 EUR"))
        .stdout(contains("(dry run: nothing recorded)"));
    reg.run(["claim", "assess", "CLM-0001"])
        .code(2)
        .stderr(contains("CLM-0001 is paid"));
    reg.run(["claim", "assess", "CLM-0005"])
        .code(2)
        .stderr(contains("is rejected"));
    reg.run(["claim", "assess", "INC-0001"])
        .code(2)
        .stderr(contains("not a claim id"));
    assert_eq!(reg.tree(), before);
}

#[test]
fn an_offer_above_the_limit_needs_an_override_which_is_recorded() {
    let reg = RegisterTest::fixture("incidents");
    let before = reg.tree();
    reg.run(["claim", "offer", "CLM-0004", "--amount", "200.01"])
        .code(2)
        .stderr(contains("the offer 200.01 is above 200.00 (the per-customer limit 600.00 less 400.00 already offered to CUST-10001 = 200.00)"));
    reg.run([
        "claim",
        "offer",
        "CLM-0004",
        "--amount",
        "250",
        "--override",
        " ",
    ])
    .code(2)
    .stderr(contains("--override needs a reason"));
    assert_eq!(reg.tree(), before);
    reg.run([
        "claim",
        "offer",
        "CLM-0004",
        "--amount",
        "250",
        "--on",
        "2026-11-10",
        "--override",
        "Charged three times, agreed by head of service",
    ])
    .success()
    .stdout(contains(
        "Offered CLM-0004: refund 250.00 EUR (above 200.00",
    ))
    .stdout(contains(
        "override recorded: Charged three times, agreed by head of service",
    ));
    assert!(reg
        .read("claims/CLM-0004.yaml")
        .ends_with("offer:\n  on: 2026-11-10\n  type: refund\n  amount: 250.00\n  override: Charged three times, agreed by head of service\n"));
    reg.run(["check"])
        .success()
        .stdout(contains("over-limit").not());
    // Within the limit, no override is recorded.
    reg.run([
        "claim",
        "offer",
        "CLM-0002",
        "--amount",
        "150.00",
        "--reason",
        "Receipts seen",
    ])
    .success();
    assert!(
        reg.read("claims/CLM-0002.yaml")
            .ends_with("  amount: 150.00\n  reason: Receipts seen\n")
    );
}

#[test]
fn check_finds_an_offer_over_the_limit_without_override() {
    let reg = RegisterTest::fixture("incidents");
    reg.write(
        "claims/CLM-0008.yaml",
        "id: CLM-0008\nincident: INC-0002\ncustomer: CUST-10003\nreceived: 2026-11-04\nstatus: offered\nacknowledged: 2026-11-04\noffer:\n  on: 2026-11-06\n  type: refund\n  amount: 350.00\n",
    );
    let out = reg.run(["check", "--format", "json"]);
    assert_eq!(out.exit_code(), Some(1));
    let report = out.stdout_json();
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["rule"], "over-limit");
    assert_eq!(
        errors[0]["record"], "CLM-0008",
        "the later offer tipped CUST-10003 over"
    );
    assert_eq!(errors[0]["line"], 10, "the line of offer.amount");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("CUST-10003 has been offered 650.00 in all (CLM-0003, CLM-0008), above the per-customer limit 600.00")
    );
    // A rule's max counts too: 401.00 under delay-over-3h (max 400.00).
    let reg = RegisterTest::fixture("incidents");
    reg.write(
        "claims/CLM-0009.yaml",
        "id: CLM-0009\nincident: INC-0001\ncustomer: CUST-555\nreceived: 2026-10-04\nstatus: offered\nacknowledged: 2026-10-04\nassessment:\n  on: 2026-10-05\n  eligible: true\n  rule: delay-over-3h\noffer:\n  on: 2026-10-05\n  type: refund\n  amount: 401.00\n",
    );
    reg.run(["check"])
        .code(1)
        .stdout(contains("over-limit"))
        .stdout(contains("above 400.00 (the max of rule delay-over-3h)"));
}

#[test]
fn decide_and_pay_follow_the_claim_to_payment() {
    let reg = RegisterTest::fixture("incidents");
    reg.run(["claim", "decide", "CLM-0002", "accept"])
        .code(2)
        .stderr(contains("has no offer to accept"));
    reg.run(["claim", "pay", "CLM-0003"])
        .code(2)
        .stderr(contains("is offered, not accepted"));
    reg.run(["claim", "decide", "CLM-0003", "accept", "--on", "2026-11-20"])
        .success()
        .stdout("CLM-0003 is accepted (2026-11-20); payment due by 2026-12-04 (`risk claim pay CLM-0003`)\n");
    reg.run(["claim", "pay", "CLM-0003", "--on", "2026-11-19"])
        .code(2)
        .stderr(contains("before the offer was accepted"));
    reg.run(["claim", "pay", "CLM-0003", "--on", "2026-11-22"])
        .success()
        .stdout("Paid CLM-0003: 300.00 EUR on 2026-11-22\n");
    let text = reg.read("claims/CLM-0003.yaml");
    assert!(
        text.contains("status: paid\n")
            && text.ends_with("accepted: 2026-11-20\npaid: 2026-11-22\n"),
        "{text}"
    );
    reg.run(["claim", "pay", "CLM-0003"])
        .code(2)
        .stderr(contains("already paid"));
    reg.run(["claim", "decide", "CLM-0002", "reject"])
        .code(2)
        .stderr(contains("needs its reason"));
    reg.run([
        "claim",
        "decide",
        "CLM-0002",
        "reject",
        "--note",
        "Travelled on another day",
    ])
    .success();
    assert!(
        reg.read("claims/CLM-0002.yaml")
            .contains("status: rejected\ndecision_note: Travelled on another day\n")
    );
    reg.run(["claim", "decide", "CLM-0006", "withdraw"])
        .success()
        .stdout("CLM-0006 is withdrawn (2026-11-23)\n");
    reg.run(["claim", "decide", "CLM-0006", "maybe"]).code(2);
    reg.run(["claim", "acknowledge", "CLM-0004"])
        .code(2)
        .stderr(contains("already acknowledged on 2026-11-03"));
}

#[test]
fn import_writes_every_row_in_order() {
    let reg = RegisterTest::fixture("incidents");
    let csv = reg.beside(
        "claims.csv",
        "customer,received,type,amount,channel,evidence\n\
         CUST-30001,2026-11-03,refund,49.99,web,statement seen; booking seen\n\
         CUST-30002,2026-11-04,credit,,email,\n\
         CUST-30003,2026-11-05,refund,120,,\n",
    );
    reg.cmd([
        "claim",
        "import",
        "--incident",
        "INC-0002",
        "--acknowledged",
        "2026-11-06",
    ])
    .arg(&csv)
    .run()
    .success()
    .stdout("Imported 3 claim(s) for INC-0002: CLM-0007..CLM-0009\n");
    assert_eq!(
        reg.read("claims/CLM-0007.yaml"),
        "id: CLM-0007\nincident: INC-0002\ncustomer: CUST-30001\nreceived: 2026-11-03\nchannel: web\nrequested:\n  type: refund\n  amount: 49.99\nevidence:\n- statement seen\n- booking seen\nstatus: received\nacknowledged: 2026-11-06\n"
    );
    assert!(
        reg.read("claims/CLM-0008.yaml")
            .contains("requested:\n  type: credit\nstatus")
    );
    assert!(
        reg.read("claims/CLM-0009.yaml")
            .contains("  amount: 120.00\n")
    );
    let totals = reg.json(["claims", "--incident", "INC-0002"]);
    assert_eq!(totals["incidents"][0]["claims"], 6);
    assert_eq!(totals["incidents"][0]["requested"], "479.99");
}

#[test]
fn import_with_one_bad_row_writes_nothing_and_names_each_bad_line() {
    let reg = RegisterTest::fixture("incidents");
    let before = reg.tree();
    let csv = reg.beside(
        "bad.csv",
        "customer,received,type,amount\n\
         CUST-30001,2026-11-03,refund,49.99\n\
         Jane Doe,2026-11-03,refund,10\n\
         CUST-30003,2026-13-01,refund,10\n\
         CUST-30004,2026-11-03,refund,10.001\n\
         CUST-30005,2026-11-03,cash,10\n\
         CUST-30006,2026-10-01,refund,10\n\
         CUST-30007,2026-11-03,refund,5\n",
    );
    let out = reg
        .cmd(["claim", "import", "--incident", "INC-0002"])
        .arg(&csv)
        .run();
    assert_eq!(out.exit_code(), Some(2));
    let err = out.stderr_text();
    let file = csv.display().to_string();
    for expected in [
        format!("{file}:3: customer: `Jane Doe` is not a pseudonymous reference"),
        format!("{file}:4: received: `2026-13-01` is not a date"),
        format!("{file}:5: amount: `10.001` is not an amount: more than two decimal places"),
        format!("{file}:6: type: `cash` is not one of"),
        format!("{file}:7: received: 2026-10-01 is before INC-0002 was detected (2026-11-02)"),
        format!("{file}: 5 problem(s); nothing was imported"),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in\n{err}");
    }
    assert!(!err.contains(":2:") && !err.contains(":8:"), "{err}");
    assert_eq!(reg.tree(), before, "a bad row means nothing is written");
    for (name, text, message) in [
        (
            "h1.csv",
            "customer,received,type\nCUST-1,2026-11-03,refund\n",
            "lacks the column(s) amount",
        ),
        (
            "h2.csv",
            "customer,received,type,amount,emial\n",
            "unknown column `emial`",
        ),
        (
            "h3.csv",
            "customer,received,type,amount\n",
            "no claims in the file",
        ),
        (
            "h4.csv",
            "customer,received,type,amount\nCUST-1,2026-11-03,refund\n",
            ":2: cannot be read",
        ),
    ] {
        let path = reg.beside(name, text);
        reg.cmd(["claim", "import", "--incident", "INC-0002"])
            .arg(&path)
            .run()
            .code(2)
            .stderr(contains(message));
    }
    reg.run(["claim", "import", "--incident", "INC-0002", "missing.csv"])
        .code(2)
        .stderr(contains("missing.csv: cannot read"));
    assert_eq!(reg.tree(), before);
}

#[test]
fn import_of_a_mass_event_is_quick() {
    let reg = RegisterTest::fixture("incidents");
    let mut text = String::from("customer,received,type,amount\n");
    for n in 0..2000 {
        text.push_str(&format!(
            "CUST-{},2026-11-0{},refund,{}.{:02}\n",
            50000 + n,
            3 + n % 5,
            10 + n % 90,
            n % 100
        ));
    }
    let csv = reg.beside("mass.csv", &text);
    let started = std::time::Instant::now();
    reg.cmd(["claim", "import", "--incident", "INC-0002"])
        .arg(&csv)
        .run()
        .success()
        .stdout("Imported 2000 claim(s) for INC-0002: CLM-0007..CLM-2006\n");
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
    let totals = reg.json(["claims", "--incident", "INC-0002"]);
    assert_eq!(totals["incidents"][0]["claims"], 2003);
}

#[test]
fn offer_all_creates_proactive_claims_carrying_the_policy_offer() {
    let reg = RegisterTest::fixture("incidents");
    let csv = reg.beside(
        "customers.csv",
        "customer,segment\nCUST-10001,gold\nCUST-40002,basic\n",
    );
    reg.cmd(["claim", "offer-all", "--incident", "INC-0004", "--on", "2026-11-20", "--by", "service-lead", "--customers"]).arg(&csv).run()
        .success()
        .stdout("Offered 2 customer(s) of INC-0004 compensation under rule goodwill-minor: 50.00 EUR in all, claims CLM-0007..CLM-0008\n");
    assert_eq!(
        reg.read("claims/CLM-0007.yaml"),
        "id: CLM-0007\nincident: INC-0004\ncustomer: CUST-10001\nreceived: 2026-11-20\nchannel: proactive\nproactive: true\nstatus: offered\nacknowledged: 2026-11-20\n\
         assessment:\n  on: 2026-11-20\n  by: service-lead\n  eligible: true\n  rule: goodwill-minor\n  notes: proactive offer to an affected customer\n\
         offer:\n  on: 2026-11-20\n  type: credit\n  amount: 25.00\n  reason: 'rule goodwill-minor: fixed amount 25.00'\n"
    );
    // Again: both customers already have a proactive claim for INC-0004, so nothing is written.
    reg.cmd([
        "claim",
        "offer-all",
        "--incident",
        "INC-0004",
        "--customers",
    ])
    .arg(&csv)
    .run()
    .success()
    .unchanged()
    .stdout("Nothing offered for INC-0004: all 2 customer(s) of the file already have a proactive claim for it\n");
    // A customer with a claim of their own for the incident is still a bad row.
    reg.run([
        "--no-input",
        "claim",
        "add",
        "--incident",
        "INC-0004",
        "--customer",
        "CUST-10004",
        "--received",
        "2026-11-21",
        "--type",
        "refund",
        "--amount",
        "15.00",
    ])
    .success();
    let own = reg.beside("own.csv", "customer\nCUST-10001\nCUST-10004\n");
    reg.cmd([
        "claim",
        "offer-all",
        "--incident",
        "INC-0004",
        "--customers",
    ])
    .arg(&own)
    .run()
    .code(2)
    .unchanged()
    .stderr(contains(
        ":3: customer: CUST-10004 already has a claim for INC-0004: CLM-0009",
    ));
}

#[test]
fn offer_all_refuses_bad_rows_and_incidents_no_rule_covers() {
    let reg = RegisterTest::fixture("incidents");
    let before = reg.tree();
    let csv = reg.beside(
        "c.csv",
        "customer\nCUST-1\nCUST-2\nCUST-1\nann@example.org\n",
    );
    let out = reg
        .cmd([
            "claim",
            "offer-all",
            "--incident",
            "INC-0004",
            "--customers",
        ])
        .arg(&csv)
        .run();
    assert_eq!(out.exit_code(), Some(2));
    let err = out.stderr_text();
    assert!(
        err.contains(":4: customer: CUST-1 is also on line 2"),
        "{err}"
    );
    assert!(
        err.contains(":5: customer: `ann@example.org` looks like a e-mail address"),
        "{err}"
    );
    assert!(err.contains("2 problem(s); no offer was made"), "{err}");
    let ok = reg.beside("ok.csv", "customer\nCUST-1\n");
    reg.cmd(["claim", "offer-all", "--incident", "INC-0001", "--customers"]).arg(&ok).run()
        .code(2)
        .stderr(contains("no rule of the compensation policy gives INC-0001 a proactive offer"))
        .stderr(contains("rule delay-over-3h: offers a percentage of the requested amount, and the claim names no amount"));
    let no_column = reg.beside("n.csv", "client\nCUST-1\n");
    reg.cmd([
        "claim",
        "offer-all",
        "--incident",
        "INC-0004",
        "--customers",
    ])
    .arg(&no_column)
    .run()
    .code(2)
    .stderr(contains("lacks the column(s) customer"));
    assert_eq!(reg.tree(), before);
}

#[test]
fn claims_totals_follow_the_json_contract() {
    let out = committed()
        .run(["claims", "--incident", "INC-0001", "--format", "json"])
        .success()
        .stdout_text();
    assert_eq!(
        out,
        r#"{
  "incidents": [
    {
      "incident": "INC-0001",
      "claims": 3,
      "by_status": {
        "received": 1,
        "offered": 1,
        "paid": 1
      },
      "requested": "870.00",
      "offered": "700.00",
      "paid": "400.00",
      "budget": "600.00",
      "budget_left": "-100.00"
    }
  ],
  "total": {
    "incident": "total",
    "claims": 3,
    "by_status": {
      "received": 1,
      "offered": 1,
      "paid": 1
    },
    "requested": "870.00",
    "offered": "700.00",
    "paid": "400.00",
    "budget": "600.00",
    "budget_left": "-100.00"
  }
}
"#
    );
    let all = committed().json(["claims"]);
    let incidents = all["incidents"].as_array().unwrap();
    assert_eq!(incidents.len(), 4);
    assert_eq!(incidents[2]["budget"], serde_json::Value::Null);
    assert_eq!(incidents[2]["by_status"], serde_json::json!({}));
    committed()
        .run(["claims", "--format", "md"])
        .success()
        .stdout(contains(
            "| incident | claims | by_status | requested | offered | paid | budget | budget_left |",
        ))
        .stdout(contains(
            "| INC-0002 | 3 | received=2, rejected=1 | 310.00 | 0.00 | 0.00 | 2000.00 | 2000.00 |",
        ));
    committed()
        .run(["claims", "--incident", "INC-0099"])
        .code(2);
    committed().run(["claims", "--format", "csv"]).code(2);
}
