//! Commands that change one record read a bounded number of files, whatever the register
//! holds: the other records are never opened. Shown two ways: every other record file is
//! garbage and (unless running as root, where permissions do not bind) unreadable, and debug
//! builds name each record file they read on stderr under `RISK_TRACE_READS`.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::{RegisterTest, Run};

const INCIDENT: &str = "id: INC-0001\ntitle: Flights delayed\nseverity: 4\nharms:\n- delay\n\
    occurred: 2026-11-01T08:00:00+00:00\ndetected: 2026-11-01T09:00:00+00:00\n";
const RISK: &str = "id: RISK-0001\ntitle: Timetable change strands travellers\nlikelihood: 3\n\
    impact: 3\ncontrols:\n- id: C1\n  title: Second check of the timetable feed\n";

/// A register of one good risk and one good incident among many records that cannot be read:
/// garbage in every other file, at every depth.
fn crowded() -> RegisterTest {
    let t = RegisterTest::new();
    t.write("risks/RISK-0001.yaml", RISK)
        .write("incidents/INC-0001.yaml", INCIDENT);
    for n in 2..40 {
        t.write(&format!("risks/RISK-{n:04}.yaml"), "likelihood: [");
        t.write(&format!("incidents/INC-{n:04}.yaml"), "{{{{");
    }
    for n in 1..200 {
        let folder = if n % 2 == 0 {
            "claims"
        } else {
            "claims/INC-0002"
        };
        t.write(&format!("{folder}/CLM-{n:04}.yaml"), "\0binary");
    }
    t
}

fn is_root() -> bool {
    // Permissions do not stop root; the trace below proves the point all the same.
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Makes every record file under `dir` unreadable but `keep`; folders stay listable.
fn lock_out(dir: &Path, keep: &[&str]) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            lock_out(&path, keep);
        } else if !keep.iter().any(|k| path.ends_with(k)) {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
        }
    }
}

fn unlock(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let mode = if path.is_dir() { 0o755 } else { 0o644 };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        if path.is_dir() {
            unlock(&path);
        }
    }
}

/// The record files a run read, from the debug build's trace, relative to the register.
fn reads(out: &Run) -> Vec<String> {
    let mut files: Vec<String> = out
        .stderr_text()
        .lines()
        .filter_map(|l| l.strip_prefix("risk-trace: read "))
        .map(|p| p.rsplit("register/").next().unwrap_or(p).to_string())
        .collect();
    files.sort();
    files
}

fn run(t: &RegisterTest, args: &[&str]) -> Run {
    t.cmd(["--no-input", "--today", "2026-11-23"])
        .args(args)
        .env("RISK_TRACE_READS", "1")
        .allow_broken_result()
        .run()
}

#[test]
fn claim_add_reads_the_settings_and_its_incident_only() {
    let t = crowded();
    let root = t.root();
    lock_out(&root, &["register.yaml", "INC-0001.yaml"]);
    let args = [
        "claim",
        "add",
        "-q",
        "--incident",
        "INC-1",
        "--customer",
        "CUST-20931",
        "--received",
        "2026-11-20",
        "--type",
        "refund",
        "--amount",
        "120.00",
    ];
    let out = run(&t, &args);
    unlock(&root);
    assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
    assert_eq!(
        reads(&out),
        ["incidents/INC-0001.yaml"],
        "root: {}",
        is_root()
    );
    // The next id is one above the highest name, sub-folders included.
    assert_eq!(out.stdout_text(), "CLM-0200\n");
    assert!(
        t.read("claims/CLM-0200.yaml")
            .contains("customer: CUST-20931")
    );
}

#[test]
fn add_reads_no_record_at_all() {
    let t = crowded();
    let root = t.root();
    lock_out(&root, &["register.yaml"]);
    let args = [
        "add",
        "-q",
        "--title",
        "New",
        "--likelihood",
        "2",
        "--impact",
        "2",
    ];
    let out = run(&t, &args);
    unlock(&root);
    assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
    assert_eq!(reads(&out), Vec::<String>::new());
    assert_eq!(out.stdout_text(), "RISK-0040\n");
}

#[test]
fn edit_review_close_action_accept_and_control_test_read_the_record_they_change() {
    let t = crowded();
    let root = t.root();
    lock_out(&root, &["register.yaml", "RISK-0001.yaml", "INC-0001.yaml"]);
    for args in [
        &["edit", "RISK-0001", "--set", "owner=ops-lead"][..],
        &["review", "risk-1"],
        &[
            "action",
            "add",
            "RISK-0001",
            "--title",
            "Tell them",
            "--due",
            "2026-12-01",
        ],
        &["action", "done", "RISK-0001/A1"],
        &[
            "accept",
            "RISK-0001",
            "--by",
            "ops-director",
            "--until",
            "2027-03-31",
            "--reason",
            "Feed replaced in March",
        ],
        &["control", "test", "RISK-0001/C1", "--result", "effective"],
        &["close", "RISK-0001"],
        &[
            "action",
            "add",
            "INC-0001",
            "--title",
            "Rebook",
            "--due",
            "2026-12-01",
        ],
    ] {
        let out = run(&t, args);
        assert_eq!(out.exit_code(), Some(0), "{args:?}: {}", out.stderr_text());
        let expected = if args.contains(&"INC-0001") {
            "incidents/INC-0001.yaml"
        } else {
            "risks/RISK-0001.yaml"
        };
        assert_eq!(reads(&out), [expected], "{args:?}");
    }
    unlock(&root);
    let risk = t.read("risks/RISK-0001.yaml");
    assert!(
        risk.contains("owner: ops-lead")
            && risk.contains("status: closed")
            && risk.contains("by: ops-director")
            && risk.contains("tested: 2026-11-23"),
        "{risk}"
    );
}

#[test]
fn edit_repairs_an_invalid_record_reading_it_alone() {
    let t = crowded();
    t.write(
        "risks/RISK-0001.yaml",
        RISK.replace("likelihood: 3", "likelihood: 9"),
    );
    let root = t.root();
    lock_out(&root, &["register.yaml", "RISK-0001.yaml"]);
    let still = run(&t, &["edit", "RISK-0001", "--set", "owner=x"]);
    let fixed = run(&t, &["edit", "RISK-0001", "--set", "likelihood=2"]);
    unlock(&root);
    assert_eq!(still.exit_code(), Some(2), "{}", still.stderr_text());
    assert!(
        still
            .stderr_text()
            .contains("risks/RISK-0001.yaml:3: likelihood: 9 is outside 1..5"),
        "{}",
        still.stderr_text()
    );
    assert_eq!(reads(&still), ["risks/RISK-0001.yaml"]);
    assert_eq!(fixed.exit_code(), Some(0), "{}", fixed.stderr_text());
    assert_eq!(reads(&fixed), ["risks/RISK-0001.yaml"]);
    assert_eq!(
        t.read("risks/RISK-0001.yaml"),
        RISK.replace("likelihood: 3", "likelihood: 2")
    );
}

#[test]
fn incident_add_reads_the_risks_it_names() {
    let t = crowded();
    let args = [
        "incident",
        "add",
        "-q",
        "--title",
        "Gate closed",
        "--severity",
        "3",
        "--risk",
        "RISK-0001",
        "--detected",
        "2026-11-20T10:00:00+00:00",
    ];
    let out = run(&t, &args);
    assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
    assert_eq!(reads(&out), ["risks/RISK-0001.yaml"]);
    assert_eq!(out.stdout_text(), "INC-0040\n");
}

#[test]
fn the_record_itself_is_still_validated_and_duplicates_still_refused() {
    let t = crowded();
    // The record a command changes must be clean.
    let out = run(&t, &["edit", "RISK-0002", "--set", "owner=x"]);
    assert_eq!(out.exit_code(), Some(2));
    assert!(
        out.stderr_text().contains("risks/RISK-0002.yaml"),
        "{}",
        out.stderr_text()
    );
    // Two files named with the id the command changes: refused, as a full load refuses.
    t.write("risks/old/RISK-1.yaml", RISK.replace("RISK-0001", "RISK-1"));
    let before = t.tree();
    let out = run(&t, &["edit", "RISK-0001", "--set", "owner=x"]);
    assert_eq!(out.exit_code(), Some(2));
    assert!(
        out.stderr_text().contains("RISK-1 is also used by"),
        "{}",
        out.stderr_text()
    );
    assert_eq!(t.tree(), before, "nothing written");
    // An incident that does not exist is named.
    let out = run(
        &t,
        &[
            "claim",
            "add",
            "--incident",
            "INC-0777",
            "--customer",
            "CUST-1",
            "--received",
            "2026-11-20",
        ],
    );
    assert_eq!(out.exit_code(), Some(2));
    assert!(
        out.stderr_text().contains("no incident with id INC-0777"),
        "{}",
        out.stderr_text()
    );
}
