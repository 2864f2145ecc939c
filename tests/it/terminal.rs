//! `risk add` at a real terminal: the prompts offer stages, categories and scale labels.

use rexpect::session::spawn_command;

use crate::support::RegisterTest;

#[test]
fn add_prompts_for_what_is_missing_on_a_terminal() -> Result<(), rexpect::error::Error> {
    let r = RegisterTest::new();
    let mut cmd = r.process(["add"]);
    cmd.env("TERM", "xterm");
    let mut p = spawn_command(cmd, Some(10_000))?;
    p.exp_string("Title")?;
    p.send_line("Invoices sent to the wrong customer")?;
    p.exp_string("renewal")?; // the stages are offered as choices
    p.send_line("bill")?; // typing filters the list down to billing
    p.exp_string("Category")?;
    p.exp_string("compliance")?;
    p.send_line("")?; // financial, the first category
    p.exp_string("almost-certain")?; // the likelihood scale's labels
    p.send_line("4")?; // 4 likely
    p.exp_string("severe")?;
    p.send_line("")?; // 3 moderate
    p.exp_string("Owner (required: band high needs an owner)")?;
    p.send_line("billing-lead")?;
    p.exp_string("Inherent rating")?;
    p.send_line("5,4")?;
    p.exp_string("Added RISK-0001")?;
    p.exp_eof()?;
    assert_eq!(
        r.read("risks/RISK-0001.yaml"),
        "id: RISK-0001\ntitle: Invoices sent to the wrong customer\nstage: billing\ncategory: financial\nowner: billing-lead\nidentified: 2026-11-23\nlikelihood: 4\nimpact: 3\ninherent:\n  likelihood: 5\n  impact: 4\n"
    );
    Ok(())
}

#[test]
fn action_add_asks_for_its_title_on_a_terminal() -> Result<(), rexpect::error::Error> {
    let r = RegisterTest::new();
    r.risk("RISK-0001", "title: Outage\nlikelihood: 2\nimpact: 2\n");
    let mut cmd = r.process(["action", "add", "RISK-0001", "--owner", "ops"]);
    cmd.env("TERM", "xterm");
    let mut p = spawn_command(cmd, Some(10_000))?;
    p.exp_string("Action on RISK-0001")?;
    p.send_line("Drill the failover")?;
    p.exp_string("Due date")?;
    p.send_line("")?;
    p.exp_string("Added RISK-0001/A1: Drill the failover")?;
    p.exp_eof()?;
    assert!(r.read("risks/RISK-0001.yaml").ends_with(
        "actions:\n- id: A1\n  title: Drill the failover\n  owner: ops\n  status: open\n"
    ));
    Ok(())
}

#[test]
fn claim_add_offers_the_incidents_and_asks_for_the_customer() -> Result<(), rexpect::error::Error> {
    let r = RegisterTest::new();
    r.write("incidents/INC-0001.yaml", crate::prompts::INCIDENT);
    r.write(
        "incidents/INC-0002.yaml",
        "id: INC-0002\ntitle: Double charges\nseverity: 3\ndetected: 2026-11-10T09:00:00+01:00\n",
    );
    let mut cmd = r.process(["claim", "add"]);
    cmd.env("TERM", "xterm");
    let mut p = spawn_command(cmd, Some(10_000))?;
    p.exp_string("INC-0001 Check-in outage")?;
    p.send_line("check")?; // typing filters the list down to INC-0001
    p.exp_string("Customer reference")?;
    p.send_line("CUST-20931")?;
    p.exp_string("What the customer asks for")?;
    p.send_line("not said")?;
    p.exp_string("CLM-0001")?;
    p.exp_eof()?;
    assert_eq!(
        r.read("claims/CLM-0001.yaml"),
        "id: CLM-0001\nincident: INC-0001\ncustomer: CUST-20931\nreceived: 2026-11-23\nstatus: received\n"
    );
    Ok(())
}

#[test]
fn colour_at_a_terminal_unless_no_color_is_set() -> Result<(), rexpect::error::Error> {
    let r = RegisterTest::new();
    r.risk(
        "RISK-0001",
        "title: Outage\nowner: ops\nlikelihood: 5\nimpact: 5\n",
    );
    let run = |no_color: bool| -> Result<String, rexpect::error::Error> {
        let mut cmd = r.process(["list"]);
        cmd.env("TERM", "xterm");
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        let mut p = spawn_command(cmd, Some(10_000))?;
        p.exp_eof()
    };
    let coloured = run(false)?;
    assert!(
        coloured.contains("RISK-0001") && coloured.contains('\u{1b}'),
        "{coloured:?}"
    );
    let plain = run(true)?;
    assert!(
        plain.contains("RISK-0001") && !plain.contains('\u{1b}'),
        "{plain:?}"
    );
    Ok(())
}
