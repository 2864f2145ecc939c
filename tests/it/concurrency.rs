//! Two writers at once (DESIGN 14): every change lands, or the later command fails with exit 2
//! and a message; limits that span records hold.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use risk_register::codec;
use risk_register::model::{Claim, Risk};

fn risk(root: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(crate::support::risk_bin());
    cmd.current_dir(root)
        .args(["-R", "register", "--today", "2026-11-23", "--no-input"])
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("RISK_REGISTER")
        .env_remove("RISK_TODAY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join("register").join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs every command at once and waits for all of them.
fn all_at_once(root: &Path, commands: &[Vec<String>]) -> Vec<Output> {
    let children: Vec<_> = commands
        .iter()
        .map(|args| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            risk(root, &args).spawn().unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect()
}

/// Exit 0, or exit 2 with a message: never a silent loss, never a crash.
fn landed_or_refused(out: &Output) -> bool {
    match out.status.code() {
        Some(0) => true,
        Some(2) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.starts_with("error: "), "exit 2 without a message");
            false
        }
        other => panic!("exit {other:?}: {}", String::from_utf8_lossy(&out.stderr)),
    }
}

#[test]
fn eight_pairs_of_concurrent_edits_of_one_record_lose_no_field() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "register.yaml", "name: Concurrency\n");
    write(
        root,
        "risks/RISK-0001.yaml",
        "id: RISK-0001\ntitle: Shared risk\nowner: ops\nlikelihood: 2\nimpact: 2\n",
    );
    for round in 1..=8 {
        let owner = format!("owner={round}-owner");
        let notes = format!("notes=note of round {round}");
        let outs = all_at_once(
            root,
            &[
                vec!["edit".into(), "RISK-0001".into(), "--set".into(), owner],
                vec!["edit".into(), "RISK-0001".into(), "--set".into(), notes],
            ],
        );
        let text = std::fs::read_to_string(root.join("register/risks/RISK-0001.yaml")).unwrap();
        let risk: Risk = codec::parse(&text).unwrap();
        if landed_or_refused(&outs[0]) {
            assert_eq!(
                risk.owner.as_deref(),
                Some(format!("{round}-owner").as_str()),
                "round {round}: the owner edit said it landed but was lost:\n{text}"
            );
        }
        if landed_or_refused(&outs[1]) {
            assert_eq!(
                risk.notes.as_deref(),
                Some(format!("note of round {round}").as_str()),
                "round {round}: the notes edit said it landed but was lost:\n{text}"
            );
        }
    }
}

#[test]
fn eight_concurrent_assessments_of_one_customer_stay_within_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(
        root,
        "register.yaml",
        "name: Concurrency\ncompensation:\n  per_customer_limit: 500.00\n  rules:\n\
         \x20   - id: delay\n      when: {harms: [delay]}\n\
         \x20     offer: {type: refund, percent_of_request: 100, max: 400.00}\n",
    );
    write(
        root,
        "incidents/INC-0001.yaml",
        "id: INC-0001\ntitle: Flights delayed\nseverity: 4\nharms:\n- delay\n\
         detected: 2026-11-01T09:00:00Z\n",
    );
    let mut commands = Vec::new();
    for n in 1..=8 {
        write(
            root,
            &format!("claims/CLM-{n:04}.yaml"),
            &format!(
                "id: CLM-{n:04}\nincident: INC-0001\ncustomer: CUST-1\nreceived: 2026-11-02\n\
                 requested:\n  type: refund\n  amount: 200.00\nstatus: received\n"
            ),
        );
        commands.push(vec!["claim".into(), "assess".into(), format!("CLM-{n:04}")]);
    }
    let outs = all_at_once(root, &commands);
    let landed = outs.iter().filter(|o| landed_or_refused(o)).count();
    let mut offered = 0;
    let mut assessed = 0;
    for n in 1..=8 {
        let path = root.join(format!("register/claims/CLM-{n:04}.yaml"));
        let claim: Claim = codec::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        assessed += usize::from(claim.assessment.is_some());
        offered += claim.offer.map_or(0, |o| o.amount.minor());
    }
    assert_eq!(
        assessed, landed,
        "every assessment that said it landed is there"
    );
    assert!(
        offered <= 50_000,
        "offers to CUST-1 add up to {}.{:02}, above the limit 500.00",
        offered / 100,
        offered % 100
    );
    // Serialised, the offers are 200 + 200 + 100 and then nothing is left.
    assert_eq!(offered, 50_000);
}
