//! Prompts that help (issue 17 item 4): answers checked where they are typed and asked again,
//! flags checked before any prompt, the owner and contingency plan asked when the rating needs
//! them, `risk edit ID` in `$EDITOR` reopened with the error on top, and `--set key+=text`.
//! The terminal tests drive the real binary in a pty (rexpect); without one they skip.

use rexpect::session::{PtySession, spawn_command};

use crate::support::RegisterTest;

/// `risk ARGS` at a terminal, or None (with the reason printed) where no pty can be had.
fn at_terminal<const N: usize>(r: &RegisterTest, args: [&str; N]) -> Option<PtySession> {
    let mut cmd = r.process(args);
    cmd.env("TERM", "xterm");
    match spawn_command(cmd, Some(10_000)) {
        Ok(session) => Some(session),
        Err(e) => {
            eprintln!("skipped: no pseudo-terminal to drive `risk` in ({e})");
            None
        }
    }
}

#[test]
fn a_bad_answer_is_refused_where_it_is_typed_and_asked_again() -> Result<(), rexpect::error::Error>
{
    let r = RegisterTest::new();
    let args = [
        "add",
        "--title",
        "Parcel lost in transit",
        "--stage",
        "delivery",
        "--category",
        "operational",
        "--likelihood",
        "2",
        "--impact",
        "2",
    ];
    let Some(mut p) = at_terminal(&r, args) else {
        return Ok(());
    };
    p.exp_string("Owner (blank for none)")?; // score 4 is low: no owner needed
    p.send_line("")?;
    p.exp_string("Inherent rating")?;
    p.send_line("9,4")?;
    p.exp_string("9 is outside 1..5")?; // the validator the --inherent flag goes through
    p.send_line("4,4")?;
    p.exp_string("Added RISK-0001")?;
    p.exp_eof()?;
    assert_eq!(
        r.read("risks/RISK-0001.yaml"),
        "id: RISK-0001\ntitle: Parcel lost in transit\nstage: delivery\ncategory: operational\nidentified: 2026-11-23\nlikelihood: 2\nimpact: 2\ninherent:\n  likelihood: 4\n  impact: 4\n"
    );
    Ok(())
}

#[test]
fn add_says_why_it_needs_an_owner_and_asks_for_a_contingency_plan()
-> Result<(), rexpect::error::Error> {
    let r = RegisterTest::new();
    let args = [
        "add",
        "--title",
        "Courier strike",
        "--stage",
        "delivery",
        "--category",
        "operational",
        "--likelihood",
        "3",
        "--impact",
        "5",
    ];
    let Some(mut p) = at_terminal(&r, args) else {
        return Ok(());
    };
    p.exp_string("Owner (required: band high needs an owner)")?;
    p.send_line("")?;
    p.exp_string("a risk rated high or above needs an owner")?;
    p.send_line("logistics-lead")?;
    p.exp_string("impact 5 severe is in the top two levels")?;
    p.send_line("Call the backup courier")?;
    p.exp_string("Contingency plan, step 2")?;
    p.send_line("Tell waiting customers the new date")?;
    p.exp_string("Contingency plan, step 3")?;
    p.send_line("")?;
    p.exp_string("Inherent rating")?;
    p.send_line("")?;
    p.exp_string("Added RISK-0001")?;
    p.exp_eof()?;
    assert_eq!(
        r.read("risks/RISK-0001.yaml"),
        "id: RISK-0001\ntitle: Courier strike\nstage: delivery\ncategory: operational\nowner: logistics-lead\nidentified: 2026-11-23\nlikelihood: 3\nimpact: 5\ncontingency:\n- Call the backup courier\n- Tell waiting customers the new date\n"
    );
    r.run(["check"]).success();
    Ok(())
}

#[test]
fn a_bad_flag_stops_add_before_anything_is_asked() -> Result<(), rexpect::error::Error> {
    let r = RegisterTest::new();
    let before = r.tree();
    let Some(mut p) = at_terminal(&r, ["add", "--likelihood", "9"]) else {
        return Ok(());
    };
    let shown = p.exp_eof()?;
    assert!(
        shown.contains("--likelihood: 9 is outside 1..5"),
        "{shown:?}"
    );
    assert!(
        !shown.contains("Title"),
        "asked before checking flags: {shown:?}"
    );
    assert_eq!(r.tree(), before);
    Ok(())
}

#[test]
fn flags_are_checked_before_missing_ones_are_named() {
    let r = RegisterTest::new();
    let before = r.tree();
    r.run(["add", "--no-input", "--likelihood", "9"])
        .code(2)
        .stderr_has("--likelihood: 9 is outside 1..5")
        .stderr_lacks("missing --title");
    r.run([
        "add",
        "--no-input",
        "--title",
        "x",
        "--impact",
        "2",
        "--inherent",
        "2",
    ])
    .code(2)
    .stderr_has("--inherent `2`: expected LIKELIHOOD,IMPACT");
    r.run(["incident", "add", "--no-input", "--severity", "7"])
        .code(2)
        .stderr_has("--severity: 7 is outside 1..5");
    r.run([
        "claim",
        "add",
        "--no-input",
        "--customer",
        "ann@example.com",
    ])
    .code(2)
    .stderr_has("--customer `ann@example.com`");
    assert_eq!(r.tree(), before);
}

#[test]
fn action_add_asks_owner_and_due_date_and_reasks_a_bad_date() -> Result<(), rexpect::error::Error> {
    let r = RegisterTest::new();
    r.risk("RISK-0001", "title: Outage\nlikelihood: 2\nimpact: 2\n");
    let args = [
        "action",
        "add",
        "RISK-0001",
        "--title",
        "Drill the failover",
    ];
    let Some(mut p) = at_terminal(&r, args) else {
        return Ok(());
    };
    p.exp_string("Owner")?;
    p.send_line("ops")?;
    p.exp_string("Due date")?;
    p.send_line("2026-11-31")?;
    p.exp_string("November has 30 days")?; // the parser the --due flag goes through
    p.send_line("2026-12-15")?;
    p.exp_string("Added RISK-0001/A1")?;
    p.exp_eof()?;
    assert!(
        r.read("risks/RISK-0001.yaml").ends_with(
            "actions:\n- id: A1\n  title: Drill the failover\n  owner: ops\n  due: 2026-12-15\n  status: open\n"
        ),
        "{}",
        r.read("risks/RISK-0001.yaml")
    );
    Ok(())
}

#[test]
fn claim_add_asks_type_and_amount() -> Result<(), rexpect::error::Error> {
    let r = RegisterTest::new();
    r.write(
        "incidents/INC-0001.yaml",
        "id: INC-0001\ntitle: Check-in outage\nseverity: 4\ndetected: 2026-11-01T08:25:00+01:00\n",
    );
    let args = [
        "claim",
        "add",
        "--incident",
        "INC-0001",
        "--customer",
        "CUST-1",
    ];
    let Some(mut p) = at_terminal(&r, args) else {
        return Ok(());
    };
    p.exp_string("What the customer asks for")?;
    p.exp_string("reimbursement")?;
    p.send_line("refu")?; // typing filters the list down to refund
    p.exp_string("Amount asked for")?;
    p.send_line("lots")?;
    p.exp_string("is not an amount")?;
    p.send_line("420")?;
    p.exp_string("Added CLM-0001")?;
    p.exp_eof()?;
    assert_eq!(
        r.read("claims/CLM-0001.yaml"),
        "id: CLM-0001\nincident: INC-0001\ncustomer: CUST-1\nreceived: 2026-11-23\nrequested:\n  type: refund\n  amount: 420.00\nstatus: received\n"
    );
    Ok(())
}
