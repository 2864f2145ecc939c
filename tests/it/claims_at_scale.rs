//! Claims at scale (issue 17, item 7): lifecycle steps over several claims or a filter, all or
//! nothing and with `--dry-run`; hand offers held to the rule the policy would choose; a later
//! step counting as acknowledgement; the `claims` total row and `claim list` filters. Run on
//! the `incidents` fixture with today fixed at 2026-11-23.

use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

use crate::support::RegisterTest;

/// A claim of INC-0001 (delay, severity 4: rule delay-over-3h, max 400.00), status received.
fn received(reg: &RegisterTest, n: u32, customer: &str, amount: &str) {
    reg.write(
        &format!("claims/CLM-{n:04}.yaml"),
        format!(
            "id: CLM-{n:04}\nincident: INC-0001\ncustomer: {customer}\nreceived: 2026-11-10\n\
             requested:\n  type: refund\n  amount: {amount}\nstatus: received\n"
        ),
    );
}

#[test]
fn acknowledge_takes_several_ids_or_a_filter() {
    let reg = RegisterTest::fixture("incidents");
    reg.run([
        "claim",
        "acknowledge",
        "CLM-0002",
        "CLM-0006",
        "--on",
        "2026-11-20",
    ])
    .success()
    .stdout(contains("Acknowledged CLM-0002 on 2026-11-20"))
    .stdout(contains("Acknowledged CLM-0006 on 2026-11-20"));
    assert!(
        reg.read("claims/CLM-0002.yaml")
            .contains("acknowledged: 2026-11-20\n")
    );
    assert!(
        reg.read("claims/CLM-0006.yaml")
            .contains("acknowledged: 2026-11-20\n")
    );

    // A filter takes the claims not yet acknowledged: CLM-0004 already is, CLM-0007 is new.
    let reg = RegisterTest::fixture("incidents");
    received(&reg, 7, "CUST-7", "100.00");
    reg.run([
        "claim",
        "acknowledge",
        "--incident",
        "INC-0001",
        "--status",
        "received",
    ])
    .success()
    .stdout(contains("Acknowledged CLM-0002 on 2026-11-23"))
    .stdout(contains("Acknowledged CLM-0007 on 2026-11-23"))
    .stdout(contains("CLM-0006").not());
    // Ids and a filter together are refused.
    reg.run(["claim", "acknowledge", "CLM-0002", "--incident", "INC-0001"])
        .code(2)
        .stderr(contains("not both"));
}

#[test]
fn one_bad_claim_among_several_writes_nothing() {
    let reg = RegisterTest::fixture("incidents");
    let before = reg.tree();
    // CLM-0004 was acknowledged already.
    reg.run(["claim", "acknowledge", "CLM-0002", "CLM-0004", "CLM-0006"])
        .code(2)
        .stderr(contains(
            "1 of 3 claims cannot be taken through this step, so none was changed",
        ))
        .stderr(contains("CLM-0004 was already acknowledged on 2026-11-03"));
    assert_eq!(reg.tree(), before);
    // CLM-0002 has no offer to accept.
    reg.run(["claim", "decide", "CLM-0002", "CLM-0003", "accept"])
        .code(2)
        .stderr(contains("CLM-0002 has no offer to accept or decline"));
    assert_eq!(reg.tree(), before);
    // CLM-0002 is not accepted, so it cannot be paid.
    reg.run(["claim", "pay", "CLM-0001", "CLM-0002"])
        .code(2)
        .stderr(contains("CLM-0001 was already paid"))
        .stderr(contains("CLM-0002 is received, not accepted"));
    assert_eq!(reg.tree(), before);
    // An unknown id fails before anything is stepped.
    reg.run(["claim", "assess", "CLM-0002", "CLM-0099"])
        .code(2)
        .stderr(contains("CLM-0099"));
    assert_eq!(reg.tree(), before);
}

#[test]
fn a_dry_run_prints_what_would_change_and_writes_nothing() {
    let reg = RegisterTest::fixture("incidents");
    let before = reg.tree();
    reg.run([
        "claim",
        "decide",
        "accept",
        "--incident",
        "INC-0001",
        "--status",
        "offered",
        "--dry-run",
    ])
    .success()
    .stdout(contains("CLM-0003 is accepted (2026-11-23)"))
    .stdout(contains("(dry run: nothing recorded)"));
    reg.run(["claim", "acknowledge", "CLM-0002", "CLM-0006", "--dry-run"])
        .success()
        .stdout(contains("Acknowledged CLM-0006 on 2026-11-23"));
    assert_eq!(reg.tree(), before);
}

#[test]
fn assessing_several_claims_counts_the_customers_earlier_offers_in_the_batch() {
    let reg = RegisterTest::fixture("incidents");
    // One customer, two claims: 400.00 (the rule's max) then what is left of 600.00.
    received(&reg, 7, "CUST-77", "450.00");
    received(&reg, 8, "CUST-77", "450.00");
    let before = reg.tree();
    reg.run(["claim", "assess", "CLM-0007", "CLM-0008", "--dry-run"])
        .success()
        .stdout(contains(
            "capped at 200.00, what is left of the per-customer limit",
        ))
        .stdout(contains("recorded the assessment").not());
    assert_eq!(reg.tree(), before);
    reg.run(["claim", "assess", "CLM-0007", "CLM-0008"])
        .success();
    assert!(
        reg.read("claims/CLM-0007.yaml")
            .contains("  amount: 400.00\n")
    );
    assert!(
        reg.read("claims/CLM-0008.yaml")
            .contains("  amount: 200.00\n")
    );
    reg.run(["check"]).stdout(contains("over-limit").not());
}

#[test]
fn a_hand_offer_is_held_to_the_rule_the_policy_would_choose() {
    let reg = RegisterTest::fixture("incidents");
    let before = reg.tree();
    // CLM-0002 was never assessed; delay-over-3h would apply, with its max 400.00.
    reg.run(["claim", "offer", "CLM-0002", "--amount", "450.00"])
        .code(2)
        .stderr(contains(
            "the offer 450.00 is above 400.00 (the max of rule delay-over-3h, the rule the policy chooses for this claim)",
        ));
    // The per-customer limit: CUST-10001 has 400.00 committed, so 200.00 is left for CLM-0004.
    reg.run(["claim", "offer", "CLM-0004", "--amount", "250.00"])
        .code(2)
        .stderr(contains(
            "is above 200.00 (the per-customer limit 600.00 less 400.00",
        ));
    assert_eq!(reg.tree(), before);
    reg.run(["claim", "offer", "CLM-0002", "--amount", "400.00"])
        .success();

    // `check` finds such an offer already in a file.
    let reg = RegisterTest::fixture("incidents");
    reg.write(
        "claims/CLM-0009.yaml",
        "id: CLM-0009\nincident: INC-0001\ncustomer: CUST-555\nreceived: 2026-10-04\n\
         requested:\n  type: refund\n  amount: 500.00\nstatus: offered\nacknowledged: 2026-10-04\noffer:\n  on: 2026-10-05\n  type: refund\n  amount: 450.00\n",
    );
    reg.run(["check"])
        .code(1)
        .stdout(contains("over-limit"))
        .stdout(contains(
            "above 400.00 (the max of rule delay-over-3h, the rule the policy chooses for this unassessed claim)",
        ));
}

#[test]
fn a_later_step_counts_as_acknowledgement_and_late_if_past_the_deadline() {
    let reg = RegisterTest::fixture("incidents");
    // Received 2026-11-10 (acknowledge within 5 days: by 2026-11-15), never acknowledged,
    // offered 2026-11-12: acknowledged in time.
    reg.write(
        "claims/CLM-0007.yaml",
        "id: CLM-0007\nincident: INC-0001\ncustomer: CUST-7\nreceived: 2026-11-10\nstatus: offered\n\
         offer:\n  on: 2026-11-12\n  type: refund\n  amount: 50.00\n",
    );
    // Offered only on 2026-11-20: acknowledged late, by the offer.
    reg.write(
        "claims/CLM-0008.yaml",
        "id: CLM-0008\nincident: INC-0001\ncustomer: CUST-8\nreceived: 2026-11-10\nstatus: offered\n\
         offer:\n  on: 2026-11-20\n  type: refund\n  amount: 50.00\n",
    );
    let out = reg.run(["check"]).stdout_text();
    assert!(!out.contains("CLM-0007"), "{out}");
    assert!(
        out.contains("acknowledge: Acknowledge the claim of CUST-8 was due 2026-11-15 and done late, on 2026-11-20"),
        "{out}"
    );
    assert!(
        !out.contains("CUST-8 was due 2026-11-15 and is not done"),
        "{out}"
    );
    // Neither is overdue for acknowledgement.
    reg.run(["claim", "list", "--overdue"])
        .success()
        .stdout(contains("CLM-0007").not())
        .stdout(contains("CLM-0008").not());
}

#[test]
fn claims_has_a_total_row_and_budget_left() {
    let reg = RegisterTest::read_only("incidents");
    let json = reg.json(["claims"]);
    let first = &json["incidents"][0];
    assert_eq!(first["incident"], "INC-0001");
    // Budget 600.00, offered 700.00 (CLM-0001 400.00 paid, CLM-0003 300.00 offered).
    assert_eq!(first["budget_left"], "-100.00");
    assert_eq!(json["total"]["incident"], "total");
    assert_eq!(json["total"]["claims"], 6);
    assert_eq!(json["total"]["offered"], "700.00");
    assert_eq!(json["total"]["budget_left"], "1900.00");
    reg.run(["claims", "--wide"])
        .success()
        .stdout(contains("budget_left"))
        .stdout(contains("total"));
}

#[test]
fn claim_list_filters_by_customer_received_date_and_several_statuses() {
    let reg = RegisterTest::read_only("incidents");
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["claim", "list"];
        all.extend_from_slice(args);
        reg.json(all)
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&["--status", "received,offered"]),
        ["CLM-0002", "CLM-0003", "CLM-0004", "CLM-0006"]
    );
    assert_eq!(
        ids(&["--received-since", "2026-11-04"]),
        ["CLM-0005", "CLM-0006"]
    );
    assert_eq!(ids(&["--customer", "CUST-10001"]), ["CLM-0001", "CLM-0004"]);
    assert_eq!(
        ids(&[
            "--customer",
            "CUST-10001",
            "--received-since",
            "2026-10-01",
            "--status",
            "received"
        ]),
        ["CLM-0004"]
    );
}
