//! Dates and times typed on the command line: one parser saying what is wrong with a bad date,
//! wall-clock times read in the register's `timezone`, and dates in the future refused for what
//! has already happened.

use predicates::str::contains;

use crate::support::RegisterTest;

fn one_risk() -> RegisterTest {
    let t = RegisterTest::new();
    t.risk(
        "RISK-0001",
        "title: Refunds paid twice\nlikelihood: 2\nimpact: 3\n",
    );
    t
}

#[test]
fn a_bad_date_says_what_is_wrong_on_every_date_flag() {
    let t = one_risk();
    for (args, message) in [
        (
            vec!["review", "RISK-0001", "--on", "2026-11-31"],
            "2026-11-31: November has 30 days",
        ),
        (
            vec!["list", "--today", "2026-13-01"],
            "2026-13-01: there is no month 13",
        ),
        (
            vec!["close", "RISK-0001", "--on", "31/01/2026"],
            "31/01/2026: write dates as YYYY-MM-DD",
        ),
        (
            vec![
                "action",
                "add",
                "RISK-0001",
                "--title",
                "x",
                "--due",
                "2027-02-29",
            ],
            "2027-02-29: February has 28 days in 2027",
        ),
        (
            vec!["accept", "RISK-0001", "--until", "2026-04-31"],
            "2026-04-31: April has 30 days",
        ),
        (
            vec!["lessons", "--since", "2026-1-1x"],
            "write dates as YYYY-MM-DD",
        ),
    ] {
        t.run(args.clone()).code(2).stderr_has(message).unchanged();
    }
}

#[test]
fn dates_in_the_future_are_refused_for_what_has_happened() {
    let t = one_risk();
    t.run(["review", "RISK-0001", "--on", "2026-11-24"])
        .code(2)
        .stderr_has("--on 2026-11-24 is in the future (today is 2026-11-23)")
        .unchanged();
    t.run(["review", "RISK-0001", "--on", "2026-11-23"])
        .success();

    let reg = RegisterTest::fixture("incidents");
    reg.run([
        "claim",
        "decide",
        "CLM-0003",
        "accept",
        "--on",
        "2026-11-20",
    ])
    .success();
    reg.run(["claim", "pay", "CLM-0003", "--on", "2026-12-01"])
        .code(2)
        .stderr(contains("--on 2026-12-01 is in the future"))
        .unchanged();
    reg.run([
        "incident",
        "notify",
        "INC-0003",
        "--channel",
        "email",
        "--summary",
        "Sorry",
        "--at",
        "2026-11-24 09:00",
    ])
    .code(2)
    .stderr(contains("--at 2026-11-24 is in the future"))
    .unchanged();
    reg.run([
        "incident",
        "resolve",
        "INC-0003",
        "--at",
        "2026-11-22T18:00:00+00:00",
    ])
    .success();
    reg.run(["incident", "review", "INC-0003", "--held", "2026-11-30"])
        .code(2)
        .stderr(contains("--held 2026-11-30 is in the future"))
        .unchanged();
    reg.run(["incident", "review", "INC-0003", "--held", "2026-11-23"])
        .success();
}

#[test]
fn local_times_are_read_in_the_register_timezone_and_stored_in_utc() {
    let reg = RegisterTest::fixture("incidents");
    reg.edit(
        "register.yaml",
        "currency: EUR\n",
        "currency: EUR\ntimezone: Europe/Paris\n",
    );
    reg.run([
        "incident",
        "notify",
        "INC-0003",
        "--channel",
        "email",
        "--summary",
        "First notice",
        "--at",
        "2026-11-22 09:30",
    ])
    .success();
    reg.run([
        "incident",
        "notify",
        "INC-0003",
        "--channel",
        "sms",
        "--summary",
        "Second notice",
        "--at",
        "2026-11-22T23:00",
    ])
    .success();
    let text = reg.read("incidents/INC-0003.yaml");
    assert!(
        text.contains("- at: 2026-11-22T08:30:00Z\n  channel: email\n"),
        "09:30 in Paris is 08:30 UTC: {text}"
    );
    assert!(
        text.contains("- at: 2026-11-22T22:00:00Z\n  channel: sms\n"),
        "{text}"
    );
    // Times with an offset are kept as they were given.
    reg.run([
        "incident",
        "resolve",
        "INC-0003",
        "--at",
        "2026-11-22T23:30:00+00:00",
    ])
    .success();
    assert!(
        reg.read("incidents/INC-0003.yaml")
            .contains("resolved: 2026-11-22T23:30:00Z\n")
    );
}

#[test]
fn without_a_timezone_local_times_are_utc() {
    let reg = RegisterTest::fixture("incidents");
    reg.run([
        "incident",
        "notify",
        "INC-0003",
        "--channel",
        "email",
        "--summary",
        "First notice",
        "--at",
        "2026-11-22 09:30",
    ])
    .success();
    assert!(
        reg.read("incidents/INC-0003.yaml")
            .contains("- at: 2026-11-22T09:30:00Z\n")
    );
    reg.run([
        "incident",
        "notify",
        "INC-0003",
        "--channel",
        "email",
        "--summary",
        "x",
        "--at",
        "2026-11-22 9h30",
    ])
    .code(2)
    .stderr(contains("is not a time of day"))
    .unchanged();
}

#[test]
fn an_unknown_timezone_names_file_line_and_key() {
    let t = RegisterTest::with_settings("name: Test\ntimezone: Europe/Pariss\n");
    t.run(["list"])
        .code(2)
        .stderr_has("register.yaml:2: timezone: `Europe/Pariss` is not an IANA timezone")
        .unchanged();
}
