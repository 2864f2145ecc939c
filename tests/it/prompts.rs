//! Prompts that help (issue 17 item 4): answers checked where they are typed and asked again,
//! flags checked before any prompt, the owner and contingency plan asked when the rating needs
//! them, `risk edit ID` in `$EDITOR` reopened with the error on top, and `--set key+=text`.
//! The terminal tests drive the real binary in a pty (rexpect); without one they skip.

use rexpect::session::{PtySession, spawn_command};

use crate::support::{RegisterTest, Run};

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
    r.write("incidents/INC-0001.yaml", INCIDENT);
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

/// What the pty gave, which rexpect hands over one char per byte, as the UTF-8 it was.
fn utf8(shown: &str) -> String {
    String::from_utf8_lossy(&shown.chars().map(|c| c as u8).collect::<Vec<u8>>()).into_owned()
}

/// A scripted `$EDITOR`: the first time it sets an invalid likelihood, then a valid one;
/// it keeps a copy of each file it was given as `seen-N.yaml` beside the register.
fn scripted_editor(r: &RegisterTest) -> String {
    let dir = r.folder().display().to_string();
    let script = format!(
        r#"n=$(cat '{dir}/count' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '{dir}/count'
cp "$1" "{dir}/seen-$n.yaml"
if [ $n = 1 ]; then level=9; else level=4; fi
sed "s/^likelihood: .*/likelihood: $level/" "$1" > "$1.new" && mv "$1.new" "$1"
"#
    );
    let path = r.beside("editor.sh", script);
    // An editor command with arguments, split by the shell as git does.
    format!("sh {}", path.display())
}

/// An incident the claim and notify prompts are asked about.
pub(crate) const INCIDENT: &str =
    "id: INC-0001\ntitle: Check-in outage\nseverity: 4\ndetected: 2026-11-01T08:25:00+01:00\n";

const OUTAGE: &str =
    "title: Lift breaks down\nowner: ana\nidentified: 2026-11-02\nlikelihood: 2\nimpact: 3\n";

/// RISK-0001 holds OUTAGE with the likelihood the editor script saved: 4.
fn assert_saved_at_likelihood_4(r: &RegisterTest) {
    assert_eq!(
        r.read("risks/RISK-0001.yaml"),
        format!(
            "id: RISK-0001\n{}",
            OUTAGE.replace("likelihood: 2", "likelihood: 4")
        )
    );
}

/// The text the scripted editor was given the `n`th time it ran, after checking that it opens
/// with `header` and names the likelihood `level` as outside the scale. The header is five
/// lines, so the record's likelihood (its 5th line) is line 10.
fn seen_with_error(r: &RegisterTest, n: usize, header: &str, level: u8) -> String {
    let seen = std::fs::read_to_string(r.folder().join(format!("seen-{n}.yaml"))).unwrap();
    let error = format!(
        "# error: line 10: likelihood: {level} is outside 1..5 (scale: rare..almost-certain)\n"
    );
    assert!(seen.starts_with(header) && seen.contains(&error), "{seen}");
    seen
}

/// `risk edit RISK-0001` in the scripted editor (`$EDITOR`, no `$VISUAL`).
fn edit_in_scripted_editor(r: &RegisterTest) -> Run {
    r.cmd(["edit", "RISK-0001"])
        .env("EDITOR", scripted_editor(r))
        .env_remove("VISUAL")
        .run()
}

fn assert_reopened_with_the_error_on_top(r: &RegisterTest) {
    let first = std::fs::read_to_string(r.folder().join("seen-1.yaml")).unwrap();
    assert!(first.starts_with("id: RISK-0001\n"), "{first}");
    let second = seen_with_error(r, 2, "# register/risks/RISK-0001.yaml was not saved", 9);
    assert!(second.contains("\nlikelihood: 9\n"), "{second}");
    assert_saved_at_likelihood_4(r);
}

#[test]
fn edit_in_the_editor_reopens_with_the_error_on_top_until_valid()
-> Result<(), rexpect::error::Error> {
    let r = RegisterTest::new();
    r.risk("RISK-0001", OUTAGE);
    let mut cmd = r.process(["edit", "RISK-0001"]);
    cmd.env("TERM", "xterm").env("EDITOR", scripted_editor(&r));
    cmd.env_remove("VISUAL");
    let mut p = match spawn_command(cmd, Some(10_000)) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("skipped: no pseudo-terminal to drive `risk` in ({e})");
            return Ok(());
        }
    };
    let shown = utf8(&p.exp_eof()?);
    assert!(
        shown.contains(
            "Updated RISK-0001: score 6 → 12, band medium → high\r\nRISK-0001: likelihood: 2 → 4"
        ),
        "{shown:?}"
    );
    assert_reopened_with_the_error_on_top(&r);
    Ok(())
}

#[test]
fn edit_in_the_editor_works_without_a_terminal_when_editor_is_set() {
    let r = RegisterTest::new();
    r.risk("RISK-0001", OUTAGE);
    edit_in_scripted_editor(&r).success().stdout(
        "Updated RISK-0001: score 6 → 12, band medium → high\nRISK-0001: likelihood: 2 → 4\n",
    );
    assert_reopened_with_the_error_on_top(&r);
}

#[test]
fn an_edit_saved_unchanged_or_emptied_is_abandoned_and_writes_nothing() {
    let r = RegisterTest::new();
    r.risk("RISK-0001", OUTAGE);
    let before = r.tree();
    r.cmd(["edit", "RISK-0001"])
        .env("EDITOR", "true")
        .env_remove("VISUAL")
        .run()
        .success()
        .stdout("edit abandoned (it was saved unchanged): nothing written to register/risks/RISK-0001.yaml\n");
    r.cmd(["edit", "RISK-0001"])
        .env("EDITOR", "truncate -s 0")
        .env_remove("VISUAL")
        .run()
        .success()
        .stdout_has("edit abandoned (the file was emptied)");
    // An editor that keeps saving the same invalid record: it is given up, with its error.
    let invalid = r.beside(
        "invalid.sh",
        "sed 's/^likelihood: .*/likelihood: 9/' \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"\n",
    );
    r.cmd(["edit", "RISK-0001"])
        .env("EDITOR", format!("sh {}", invalid.display()))
        .env_remove("VISUAL")
        .run()
        .code(2)
        .stderr_has("likelihood: 9 is outside 1..5");
    // A failing editor, and no editor at all.
    r.cmd(["edit", "RISK-0001"])
        .env("EDITOR", "false")
        .env_remove("VISUAL")
        .run()
        .code(2)
        .stderr_has("the editor `false` failed");
    r.cmd(["edit", "RISK-0001"])
        .env_remove("EDITOR")
        .env_remove("VISUAL")
        .run()
        .code(2)
        .stderr_has("missing --set KEY=VALUE");
    assert_eq!(r.tree(), before);
}

#[test]
fn the_editor_repairs_a_record_that_is_invalid_on_disk() {
    let r = RegisterTest::new();
    r.risk(
        "RISK-0001",
        &OUTAGE.replace("likelihood: 2", "likelihood: 7"),
    );
    let before = r.tree();
    // Saved unchanged, it is still invalid: given up with its error.
    r.cmd(["edit", "RISK-0001"])
        .env("EDITOR", "true")
        .env_remove("VISUAL")
        .run()
        .code(2)
        .stderr_has("register/risks/RISK-0001.yaml:5: likelihood: 7 is outside 1..5");
    assert_eq!(r.tree(), before);
    // The scripted editor sets 9 (still invalid), then 4.
    edit_in_scripted_editor(&r).success().stdout(
        "Updated RISK-0001 (it was invalid): score 12, band high\n\
             RISK-0001: likelihood: 7 → 4\n",
    );
    let invalid = "# register/risks/RISK-0001.yaml is invalid: fix the errors below";
    let first = seen_with_error(&r, 1, invalid, 7);
    assert!(first.contains("\nid: RISK-0001\n"), "{first}");
    seen_with_error(&r, 2, "# register/risks/RISK-0001.yaml was not saved", 9);
    assert_saved_at_likelihood_4(&r);
}

#[test]
fn the_editor_opens_a_record_that_does_not_parse_as_it_is() {
    let r = RegisterTest::new();
    r.risk("RISK-0001", &OUTAGE.replace("owner:", "ownr:"));
    let before = r.tree();
    // Not a record `--set` can change: refused as before.
    r.run(["edit", "RISK-0001", "--set", "owner=bo"])
        .code(2)
        .stderr_has("register/risks/RISK-0001.yaml:3: ownr: unknown key");
    assert_eq!(r.tree(), before);
    let dir = r.folder().display().to_string();
    let fix = r.beside(
        "fix.sh",
        format!(
            "cp \"$1\" '{dir}/seen.yaml'\nsed 's/^ownr:/owner:/' \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"\n"
        ),
    );
    r.cmd(["edit", "RISK-0001"])
        .env("EDITOR", format!("sh {}", fix.display()))
        .env_remove("VISUAL")
        .run()
        .success()
        .stdout("Updated RISK-0001 (it did not parse)\n");
    let seen = std::fs::read_to_string(r.folder().join("seen.yaml")).unwrap();
    assert!(
        seen.starts_with("# register/risks/RISK-0001.yaml is invalid")
            && seen.contains("# error: line 8: ownr: unknown key")
            && seen.contains("\nid: RISK-0001\ntitle: Lift breaks down\nownr: ana\n"),
        "{seen}"
    );
    assert_eq!(
        r.read("risks/RISK-0001.yaml"),
        format!("id: RISK-0001\n{OUTAGE}")
    );
}

#[test]
fn an_edit_is_kept_when_the_record_changed_while_it_was_edited() {
    let r = RegisterTest::new();
    r.risk("RISK-0001", OUTAGE);
    let record = r.folder().join("register/risks/RISK-0001.yaml");
    // Someone else changes the record (under no lock: the editor holds none) while it is open.
    let meanwhile = r.beside(
        "meanwhile.sh",
        format!(
            "sed -i 's/^owner: .*/owner: bo/' '{}'\nsed 's/^likelihood: .*/likelihood: 4/' \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"\n",
            record.display()
        ),
    );
    let run = r
        .cmd(["edit", "RISK-0001"])
        .env("EDITOR", format!("sh {}", meanwhile.display()))
        .env("TMPDIR", r.folder())
        .env_remove("VISUAL")
        .run()
        .code(2);
    let err = run.stderr_text();
    assert!(
        err.contains("changed while it was being edited; nothing written"),
        "{err}"
    );
    let kept = err
        .split("Your edit is kept in ")
        .nth(1)
        .and_then(|rest| rest.split(" (run").next())
        .unwrap_or_else(|| panic!("no kept file named: {err}"));
    let kept = std::fs::read_to_string(kept.trim()).unwrap();
    assert!(kept.contains("likelihood: 4"), "{kept}");
    let now = std::fs::read_to_string(&record).unwrap();
    assert!(
        now.contains("owner: bo") && now.contains("likelihood: 2"),
        "{now}"
    );
}

#[test]
fn the_editor_cannot_change_the_id() {
    let r = RegisterTest::new();
    r.risk("RISK-0001", OUTAGE);
    let before = r.tree();
    let renumber = r.beside(
        "renumber.sh",
        "sed 's/^id: .*/id: RISK-0002/' \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"\n",
    );
    r.cmd(["edit", "RISK-0001"])
        .env("EDITOR", format!("sh {}", renumber.display()))
        .env_remove("VISUAL")
        .run()
        .code(2)
        .stderr_has("the id cannot be changed by editing");
    assert_eq!(r.tree(), before);
}

#[test]
fn set_plus_equals_appends_to_a_list_and_says_what_changed() {
    let r = RegisterTest::new();
    r.risk(
        "RISK-0003",
        &format!("{OUTAGE}contingency:\n- Call the lift engineer\n"),
    );
    r.run([
        "edit",
        "RISK-0003",
        "--set",
        "contingency+=Call the backup courier",
        "--set",
        "owner=bo",
        "--set",
        "controls+=Monthly lift inspection",
    ])
    .success()
    .stdout(
        "Updated RISK-0003\n\
         RISK-0003: owner: ana → bo\n\
         RISK-0003: controls: added \"Monthly lift inspection\"\n\
         RISK-0003: contingency: added \"Call the backup courier\"\n",
    );
    assert!(
        r.read("risks/RISK-0003.yaml").ends_with(
            "controls:\n- Monthly lift inspection\ncontingency:\n- Call the lift engineer\n- Call the backup courier\n"
        ),
        "{}",
        r.read("risks/RISK-0003.yaml")
    );
    let before = r.tree();
    r.run(["edit", "RISK-0003", "--set", "owner+=cy"])
        .code(2)
        .stderr_has("owner: is not a list");
    assert_eq!(r.tree(), before);
}

#[test]
fn notify_checks_the_incident_and_its_time_before_asking() -> Result<(), rexpect::error::Error> {
    let r = RegisterTest::new();
    r.write("incidents/INC-0001.yaml", INCIDENT);
    let before = r.tree();
    for (args, error) in [
        (
            ["incident", "notify", "INC-0002", "--at", "2026-11-20 10:00"],
            "INC-0002",
        ),
        (
            ["incident", "notify", "INC-0001", "--at", "2026-12-20 10:00"],
            "--at",
        ),
    ] {
        let Some(mut p) = at_terminal(&r, args) else {
            return Ok(());
        };
        let shown = p.exp_eof()?;
        assert!(shown.contains(error), "{shown:?}");
        assert!(
            !shown.contains("Channel"),
            "asked before checking flags: {shown:?}"
        );
    }
    assert_eq!(r.tree(), before);
    Ok(())
}
