//! The register core, end to end: every command of issue 2 and its error exits, on real folders.

use predicates::prelude::*;
use predicates::str::contains;

use crate::support::{RegisterTest, TODAY, keys};

const HIGH_OWNED: &str = "title: Check-in outage strands passengers\nstage: delivery\ncategory: operational\nowner: ops-lead\nidentified: 2026-03-02\nlikelihood: 3\nimpact:\n  financial: 4\n  reputational: 5\n";

fn sample() -> RegisterTest {
    let r = RegisterTest::new();
    r.risk(
        "RISK-0001",
        "title: Check-in outage strands passengers\nstage: delivery\ncategory: operational\nowner: ops-lead\nidentified: 2026-03-02\nlikelihood: 3\nimpact:\n  financial: 4\n  reputational: 5\ntarget:\n  likelihood: 2\n  impact: 3\nfmea:\n  severity: 9\n  occurrence: 4\n  detection: 6\nactions:\n- id: A1\n  title: Contract a failover provider\n  owner: it-vendor-mgr\n  due: 2026-06-30\n  status: open\n- id: A2\n  title: Drill the manual check-in\n  owner: ops-lead\n  due: 2026-12-10\n  status: in_progress\nreview:\n  last: 2026-10-01\n",
    );
    r.risk(
        "RISK-0002",
        "title: Refunds paid twice\nstage: billing\ncategory: financial\nidentified: 2026-05-01\nlikelihood: 2\nimpact: 2\nfmea:\n  severity: 5\n  occurrence: 5\n  detection: 5\n",
    );
    r.risk(
        "RISK-10",
        "title: Old complaint backlog\nstage: complaints\ncategory: service_quality\nstatus: closed\nlikelihood: 4\nimpact: 4\n",
    );
    r
}

// ---- discovery and global flags ----

#[test]
fn finds_the_nearest_register_folder_upward() {
    let r = sample();
    std::fs::create_dir_all(r.folder().join("a/b")).unwrap();
    r.cmd(["list"])
        .discover()
        .current_dir("a/b")
        .success()
        .stdout(contains("RISK-0001"));
    r.cmd(["list", "--format", "csv"])
        .discover()
        .current_dir("register/risks")
        .success()
        .stdout(contains("RISK-0002"));
}

#[test]
fn register_comes_from_the_environment_too() {
    let r = sample();
    // From a folder with no register above it, so only the variable can name one.
    let elsewhere = tempfile::tempdir().unwrap();
    r.cmd(["list"])
        .discover()
        .current_dir(elsewhere.path())
        .env("RISK_REGISTER", r.root())
        .success()
        .stdout(contains("RISK-0002"));
}

#[test]
fn no_register_is_a_clear_input_error() {
    let nothing = RegisterTest::without_register();
    nothing
        .run(["list"])
        .code(2)
        .stderr(contains("no register found").and(contains("risk init")));
    nothing
        .cmd(["-R"])
        .arg(nothing.folder())
        .arg("list")
        .code(2)
        .stderr(contains("not a register"));
}

#[test]
fn bad_usage_exits_2() {
    let r = sample();
    r.run(["list", "--band"]).code(2);
    r.run(["frobnicate"]).code(2);
    RegisterTest::without_register()
        .run(["--today", "2026-02-30", "list"])
        .code(2)
        .stderr(contains("--today"));
    r.run(["list", "--format", "junit"])
        .code(2)
        .stderr(contains("invalid value 'junit' for '--format <FORMAT>'"));
}

#[test]
fn help_offers_only_the_formats_a_command_has() {
    let t = RegisterTest::without_register();
    for help in ["-h", "--help"] {
        let list = t.run(["list", help]).success().stdout_text();
        assert!(list.contains("--format") && list.contains("csv"), "{list}");
        assert!(
            !list.contains("github") && !list.contains("junit"),
            "{list}"
        );
        let check = t.run(["check", help]).success().stdout_text();
        assert!(
            check.contains("github") && check.contains("junit"),
            "{check}"
        );
        assert!(!check.contains("csv"), "{check}");
    }
    // A format goes after its command; before it, no command has claimed `--format` yet.
    t.run(["--format", "json", "list"])
        .code(2)
        .stderr(contains("unexpected argument '--format'"));
}

#[test]
fn colour_follows_the_flag() {
    let r = sample();
    let plain = r.run(["list"]).success().stdout_text();
    assert!(!plain.contains('\x1b'), "no escapes when colour is off");
    let coloured = r.run(["--color", "always", "list"]).success().stdout_text();
    assert!(coloured.contains('\x1b'), "escapes with --color always");
    let never = r
        .cmd(["--color", "never", "matrix"])
        .env_remove("NO_COLOR")
        .success()
        .stdout_text();
    assert!(!never.contains('\x1b'));
}

#[test]
fn a_closed_pipe_exits_quietly() {
    let r = RegisterTest::new();
    let title = "A risk with a long enough title to fill the pipe ".repeat(5);
    for n in 1..=400 {
        r.risk(
            &format!("RISK-{n:04}"),
            &format!("title: {}\nlikelihood: 2\nimpact: 2\n", title.trim()),
        );
    }
    // Streamed output too (`export`), in each of its writers' ways: CSV, JSON, Markdown.
    for args in [
        "list --format csv",
        "export --kind risks --format csv",
        "export --kind risks --format json",
        "export --kind risks --format md",
    ] {
        let script = format!(
            "'{}' -R '{}' --today {TODAY} {args} | head -1 >/dev/null; echo \"status=${{PIPESTATUS[0]}}\"",
            crate::support::risk_bin().display(),
            r.root().display()
        );
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(&script)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stdout.contains("status=0"),
            "{args}: stdout: {stdout} stderr: {stderr}"
        );
        assert!(
            !stderr.contains("panicked") && !stderr.contains("error"),
            "{args}: stderr: {stderr}"
        );
    }
}

// ---- init ----

#[test]
fn init_creates_a_register_that_loads_and_refuses_to_overwrite() {
    let t = RegisterTest::without_register();
    t.run(["init", "--example"]).success().stdout(contains(
        "Created a register in register with three sample risks.\nNext: risk matrix",
    ));
    assert!(t.path("register.yaml").is_file());
    assert!(t.path("incidents").is_dir());
    let before = std::fs::read(t.path("register.yaml")).unwrap();
    t.run(["init"])
        .code(2)
        .stderr(contains("already a register"));
    assert_eq!(std::fs::read(t.path("register.yaml")).unwrap(), before);
    let listed = t.run(["list", "--format", "json"]).json();
    assert_eq!(listed.as_array().unwrap().len(), 3);
}

// ---- add ----

#[test]
fn add_writes_a_canonical_record_under_the_next_id() {
    let r = sample();
    r.run([
        "add",
        "--title",
        "Chat assistant promises wrong dates",
        "--stage",
        "sale",
        "--category",
        "reputational",
        "--harms",
        "misinformation,delay",
        "--owner",
        "digital-lead",
        "--likelihood",
        "2",
        "--impact",
        "reputational=3,financial=2",
        "--target",
        "1,2",
        "--severity",
        "6",
        "--occurrence",
        "3",
        "--detection",
        "7",
        "--control",
        "Weekly transcript review",
        "--treatment",
        "reduce",
    ])
    .success()
    .stdout(contains("Added RISK-0011").and(contains("score 6, medium")));
    assert_eq!(
        r.read("risks/RISK-0011.yaml"),
        "id: RISK-0011\ntitle: Chat assistant promises wrong dates\nstage: sale\ncategory: reputational\nharms:\n- misinformation\n- delay\nowner: digital-lead\nidentified: 2026-11-23\nlikelihood: 2\nimpact:\n  financial: 2\n  reputational: 3\ntarget:\n  likelihood: 1\n  impact: 2\nfmea:\n  severity: 6\n  occurrence: 3\n  detection: 7\ncontrols:\n- Weekly transcript review\ntreatment: reduce\n"
    );
}

#[test]
fn add_quiet_prints_only_the_id() {
    let r = RegisterTest::new();
    r.run(["-q", "add", "--title", "x", "-l", "1", "-i", "1"])
        .success()
        .stdout("RISK-0001\n");
}

#[test]
fn add_without_a_terminal_names_the_missing_flags() {
    let r = RegisterTest::new();
    r.run(["add", "--title", "No rating"])
        .code(2)
        .stderr(contains("--likelihood").and(contains("--impact")));
    r.run(["--no-input", "add"])
        .code(2)
        .stderr(contains("--title, --likelihood, --impact"));
    assert!(!r.exists("risks"));
}

#[test]
fn add_refuses_invalid_values_and_writes_nothing() {
    let r = sample();
    let before = r.tree();
    r.run([
        "add",
        "--title",
        "x",
        "--stage",
        "deliverry",
        "-l",
        "6",
        "-i",
        "severe=2",
    ])
    .code(2)
    .stderr(
        contains("risk add: --stage: `deliverry` is not one of")
            .and(contains("did you mean `delivery`?")),
    )
    .stderr(contains(
        "likelihood: 6 is outside 1..5 (scale: rare..almost-certain)",
    ))
    .stderr(contains("--impact severe"));
    assert_eq!(r.tree(), before);
}

#[test]
fn concurrent_adds_all_succeed_with_distinct_ids() {
    let r = RegisterTest::new();
    let children: Vec<_> = (0..8)
        .map(|n| {
            r.process([
                "-q",
                "add",
                "--title",
                &format!("Risk {n}"),
                "-l",
                "2",
                "-i",
                "2",
            ])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    let mut ids: Vec<String> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success());
            String::from_utf8(out.stdout).unwrap().trim().to_string()
        })
        .collect();
    ids.sort();
    let expected: Vec<String> = (1..=8).map(|n| format!("RISK-{n:04}")).collect();
    assert_eq!(ids, expected);
    let titles: std::collections::BTreeSet<String> = (1..=8)
        .map(|n| {
            r.read(&format!("risks/RISK-{n:04}.yaml"))
                .lines()
                .nth(1)
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(titles.len(), 8, "every add kept its own record");
}

// ---- list and show ----

#[test]
fn list_json_follows_the_contract() {
    let r = sample();
    let rows = r.run(["list", "--format", "json"]).json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2, "closed risks are left out");
    assert_eq!(
        keys(&rows[0]),
        [
            "id",
            "title",
            "stage",
            "category",
            "owner",
            "status",
            "likelihood",
            "impact",
            "score",
            "band",
            "target_score",
            "target_band",
            "rpn",
            "ap",
            "actions_open",
            "next_review",
            "inherent_score",
            "inherent_band",
            "appetite",
            "within_appetite"
        ]
    );
    let first = &rows[0];
    assert_eq!(first["id"], "RISK-0001");
    assert_eq!(first["impact"], 5);
    assert_eq!(first["score"], 15);
    assert_eq!(first["band"], "high");
    assert_eq!(first["target_score"], 6);
    assert_eq!(first["target_band"], "medium");
    assert_eq!(first["rpn"], 216);
    assert_eq!(first["ap"], "H");
    assert_eq!(first["actions_open"], 2);
    assert_eq!(first["next_review"], "2026-12-30");
    assert_eq!(rows[1]["owner"], serde_json::Value::Null);
    assert_eq!(rows[1]["target_band"], serde_json::Value::Null);
    assert_eq!(rows[1]["next_review"], "2027-05-01");
}

#[test]
fn list_filters() {
    let r = sample();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["list", "--format", "json"];
        full.extend_from_slice(args);
        r.run(full)
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&["--all"]), ["RISK-0001", "RISK-0002", "RISK-10"]);
    assert_eq!(ids(&["--band", "high"]), ["RISK-0001"]);
    assert_eq!(ids(&["--owner", "none"]), ["RISK-0002"]);
    assert_eq!(ids(&["--owner", "ops-lead"]), ["RISK-0001"]);
    assert_eq!(ids(&["--stage", "billing"]), ["RISK-0002"]);
    assert_eq!(ids(&["--category", "operational"]), ["RISK-0001"]);
    assert_eq!(ids(&["--status", "closed"]), ["RISK-10"]);
}

#[test]
fn list_csv_and_markdown_carry_every_field() {
    let r = sample();
    r.run(["list", "--format", "csv"]).success().stdout(predicates::str::starts_with(
        "id,title,stage,category,owner,status,likelihood,impact,score,band,target_score,target_band,rpn,ap,actions_open,next_review,inherent_score,inherent_band,appetite,within_appetite\nRISK-0001,Check-in outage strands passengers,delivery,operational,ops-lead,open,3,5,15,high,6,medium,216,H,2,2026-12-30,,,,\n",
    ));
    r.run(["list", "--format", "md"])
        .success()
        .stdout(contains("| RISK-0002 | Refunds paid twice | billing |"));
}

#[test]
fn show_prints_the_record_and_what_follows_from_it() {
    let r = sample();
    r.run(["show", "RISK-1"])
        .success()
        .stdout(contains("title: Check-in outage strands passengers"))
        .stdout(contains("likelihood 3 × impact 5 = score 15, band high"))
        .stdout(contains("fmea: RPN 216, action priority H"))
        .stdout(contains(
            "overdue: action A1: Contract a failover provider (due 2026-06-30, 146 days overdue)",
        ));
    let shown = r.run(["show", "RISK-0001", "--format", "json"]).json();
    assert_eq!(shown["record"]["id"], "RISK-0001");
    assert_eq!(shown["derived"]["band"], "high");
}

#[test]
fn show_refuses_unknown_and_malformed_ids() {
    let r = sample();
    r.run(["show", "RISK-0099"])
        .code(2)
        .stderr(contains("no risk with id RISK-0099"));
    r.run(["show", "../../etc/passwd"])
        .code(2)
        .stderr(contains("not a valid id"));
}

// ---- edit, review, close, actions ----

#[test]
fn edit_changes_only_what_it_sets_and_reports_the_new_band() {
    let r = RegisterTest::new();
    r.risk("RISK-0001", HIGH_OWNED);
    r.run([
        "edit",
        "RISK-0001",
        "--set",
        "likelihood=1",
        "--set",
        "impact.compliance=2",
    ])
    .success()
    .stdout(contains("score 15 → 5, band high → medium"));
    let expected = HIGH_OWNED
        .replace("likelihood: 3", "likelihood: 1")
        .replace("reputational: 5\n", "reputational: 5\n  compliance: 2\n");
    assert_eq!(
        r.read("risks/RISK-0001.yaml"),
        format!("id: RISK-0001\n{expected}")
    );
}

#[test]
fn edit_removes_keys_set_empty_and_reaches_actions_by_id() {
    let r = sample();
    r.run([
        "edit",
        "RISK-0001",
        "--set",
        "owner=",
        "--set",
        "actions.A1.owner=ops-lead",
    ])
    .success();
    let text = r.read("risks/RISK-0001.yaml");
    assert!(!text.contains("owner: ops-lead\nidentified"), "{text}");
    assert!(
        text.contains("- id: A1\n  title: Contract a failover provider\n  owner: ops-lead\n"),
        "{text}"
    );
}

#[test]
fn edit_refuses_bad_values_unknown_keys_and_id_changes() {
    let r = sample();
    let before = r.tree();
    r.run(["edit", "RISK-0001", "--set", "likelihood=9"])
        .code(2)
        .stderr(contains("likelihood: 9 is outside 1..5"));
    r.run(["edit", "RISK-0001", "--set", "ownr=ann"])
        .code(2)
        .stderr(contains("ownr: unknown key (did you mean `owner`?)"));
    r.run(["edit", "RISK-0001", "--set", "likelihood=high"])
        .code(2)
        .stderr(contains("expected a whole number"));
    r.run(["edit", "RISK-0001", "--set", "id=RISK-0005"])
        .code(2)
        .stderr(contains("risk renumber"));
    r.run(["edit", "RISK-0001", "--set", "nokey"])
        .code(2)
        .stderr(contains("KEY=VALUE"));
    r.run(["edit", "RISK-0001", "--set", "actions.A9.owner=x"])
        .code(2)
        .stderr(contains("no item with id `A9`"));
    assert_eq!(r.tree(), before);
}

/// `HIGH_OWNED` with a likelihood off the 1..5 scale (at line 7 of its file): invalid on disk.
fn broken_on_disk() -> RegisterTest {
    let r = RegisterTest::new();
    r.risk(
        "RISK-0001",
        &HIGH_OWNED.replace("likelihood: 3", "likelihood: 7"),
    );
    r.run(["check"])
        .code(1)
        .stdout_has("error[parse]: register/risks/RISK-0001.yaml:7: likelihood: 7 is outside 1..5");
    r
}

#[test]
fn edit_repairs_a_record_that_is_invalid_on_disk() {
    let r = broken_on_disk();
    r.run(["edit", "RISK-0001", "--set", "likelihood=2"])
        .success()
        .stdout(
            "Updated RISK-0001 (it was invalid): score 10, band high\n\
             RISK-0001: likelihood: 7 → 2\n",
        );
    assert_eq!(
        r.read("risks/RISK-0001.yaml"),
        format!(
            "id: RISK-0001\n{}",
            HIGH_OWNED.replace("likelihood: 3", "likelihood: 2")
        )
    );
    // Loaded again, with no error (the warnings are those of any such risk).
    r.run(["check"])
        .success()
        .stdout_lacks("error[")
        .stdout_has("check: 0 errors, 2 warnings (1 risk,");
}

#[test]
fn an_edit_that_leaves_an_invalid_record_invalid_writes_nothing() {
    let r = broken_on_disk();
    let before = r.tree();
    r.run(["edit", "RISK-0001", "--set", "owner=x"])
        .code(2)
        .stderr_has("register/risks/RISK-0001.yaml:7: likelihood: 7 is outside 1..5")
        .stderr_has("hint: RISK-0001 is invalid as it is on disk");
    // Setting the value it already holds changes nothing, so it is still refused.
    r.run(["edit", "RISK-0001", "--set", "likelihood=7"])
        .code(2)
        .stderr_has("register/risks/RISK-0001.yaml:7: likelihood: 7 is outside 1..5");
    r.run(["edit", "RISK-0001", "--set", "likelihood=9"])
        .code(2)
        .stderr_has("register/risks/RISK-0001.yaml:7: likelihood: 9 is outside 1..5");
    // The other one-record commands refuse it as before.
    r.run(["review", "RISK-0001"])
        .code(2)
        .stderr_has("register/risks/RISK-0001.yaml:7: likelihood: 7 is outside 1..5");
    assert_eq!(r.tree(), before);
}

#[test]
fn editing_a_file_with_comments_refuses_and_keeps_it() {
    let r = RegisterTest::new();
    r.risk(
        "RISK-0001",
        &format!("# agreed at the May board\n{HIGH_OWNED}"),
    );
    let before = r.tree();
    r.run(["edit", "RISK-0001", "--set", "likelihood=2"])
        .code(2)
        .stderr(contains("RISK-0001.yaml:2: holds a comment"));
    r.run(["review", "RISK-0001"]).code(2);
    assert_eq!(r.tree(), before);
}

#[test]
fn writing_an_unchanged_record_changes_no_byte() {
    let r = sample();
    r.run(["review", "RISK-0001", "--on", "2026-10-01"])
        .success();
    let path = r.root().join("risks/RISK-0001.yaml");
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    r.run(["review", "RISK-0001", "--on", "2026-10-01"])
        .success();
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified,
        "the file was not rewritten"
    );
}

#[test]
fn review_and_close() {
    let r = sample();
    r.run(["review", "RISK-0002", "--every-days", "30"])
        .success()
        .stdout("Reviewed RISK-0002 on 2026-11-23; next review due 2026-12-23\n");
    assert!(
        r.read("risks/RISK-0002.yaml")
            .ends_with("review:\n  last: 2026-11-23\n  every_days: 30\n")
    );
    r.run(["close", "RISK-0001"])
        .success()
        .stdout("Closed RISK-0001 on 2026-11-23 (2 actions still open)\n");
    assert!(
        r.read("risks/RISK-0001.yaml")
            .contains("owner: ops-lead\nstatus: closed\nclosed:\n  on: 2026-11-23\nidentified")
    );
    r.run(["close", "INC-0001"])
        .code(2)
        .stderr(contains("not a risk id"));
}

#[test]
fn action_add_and_done() {
    let r = sample();
    r.run([
        "action",
        "add",
        "RISK-0002",
        "--title",
        "Block duplicate refunds",
        "--owner",
        "billing-lead",
        "--due",
        "2026-12-15",
    ])
    .success()
    .stdout("Added RISK-0002/A1: Block duplicate refunds\n");
    r.run(["action", "add", "RISK-0001", "--title", "Third"])
        .success()
        .stdout(contains("RISK-0001/A3"));
    r.run(["action", "done", "RISK-0002/A1", "--on", "2026-11-20"])
        .success();
    assert!(r.read("risks/RISK-0002.yaml").ends_with(
        "actions:\n- id: A1\n  title: Block duplicate refunds\n  owner: billing-lead\n  due: 2026-12-15\n  status: done\n  done: 2026-11-20\n"
    ));
    r.run(["action", "done", "RISK-0002/A7"])
        .code(2)
        .stderr(contains("has no action `A7` (its actions: A1)"));
    r.run(["action", "done", "RISK-0002"])
        .code(2)
        .stderr(contains("RECORD/ACTION"));
    r.run(["action", "add", "CLM-0001", "--title", "x"])
        .code(2)
        .stderr(contains("has no actions"));
}

// ---- matrix and rank ----

#[test]
fn matrix_json_has_every_cell_with_sorted_ids() {
    let r = sample();
    r.risk("RISK-0003", "title: Same cell\nlikelihood: 3\nimpact: 5\n");
    let m = r.run(["matrix", "--format", "json"]).json();
    assert_eq!(keys(&m), ["rows", "cols", "cells"]);
    assert_eq!((m["rows"].as_u64(), m["cols"].as_u64()), (Some(5), Some(5)));
    let cells = m["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 25);
    assert_eq!(
        keys(&cells[0]),
        ["likelihood", "impact", "score", "band", "risks"]
    );
    let cell = cells
        .iter()
        .find(|c| c["likelihood"] == 3 && c["impact"] == 5)
        .unwrap();
    assert_eq!(cell["risks"], serde_json::json!(["RISK-0001", "RISK-0003"]));
    assert_eq!(cell["band"], "high");
    let all = r.run(["matrix", "--format", "json", "--all"]).json();
    let cell = all["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["likelihood"] == 4 && c["impact"] == 4)
        .unwrap();
    assert_eq!(cell["risks"], serde_json::json!(["RISK-10"]));
}

#[test]
fn matrix_target_moves_risks_with_a_target_only() {
    let r = sample();
    let m = r.run(["matrix", "--target", "--format", "json"]).json();
    let at = |l: u64, i: u64| m["cells"][((l - 1) * 5 + i - 1) as usize]["risks"].clone();
    assert_eq!(at(2, 3), serde_json::json!(["RISK-0001"]));
    assert_eq!(at(2, 2), serde_json::json!(["RISK-0002"]));
}

#[test]
fn matrix_table_shows_labels_counts_ids_and_legend() {
    let r = sample();
    r.run(["matrix"])
        .success()
        .stdout(contains("5 almost-certain").and(contains("1 negligible")))
        .stdout(contains("high: 1").and(contains("RISK-0001")))
        .stdout(contains("■ low 1-4   ■ medium 5-9   ■ high 10-25"));
    r.run(["matrix", "--stage", "billing", "--format", "md"])
        .success()
        .stdout(contains("**low: 1** RISK-0002").and(contains("RISK-0001").not()));
}

#[test]
fn rank_orders_by_ap_then_rpn() {
    let r = sample();
    r.risk("RISK-0004", "title: High RPN, medium AP\nlikelihood: 2\nimpact: 2\nfmea:\n  severity: 6\n  occurrence: 7\n  detection: 8\n");
    let ranked = r.run(["rank", "--format", "json"]).json();
    let ranked = ranked.as_array().unwrap();
    assert_eq!(
        keys(&ranked[0]),
        [
            "rank",
            "id",
            "title",
            "severity",
            "occurrence",
            "detection",
            "rpn",
            "ap"
        ]
    );
    let order: Vec<(&str, &str, u64)> = ranked
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["ap"].as_str().unwrap(),
                r["rpn"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            ("RISK-0001", "H", 216),
            ("RISK-0004", "M", 336),
            ("RISK-0002", "L", 125)
        ]
    );
    let by_rpn = r
        .run(["rank", "--by", "rpn", "--top", "2", "--format", "json"])
        .json();
    let ids: Vec<&str> = by_rpn
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["RISK-0004", "RISK-0001"]);
    assert_eq!(by_rpn[0]["rank"], 1);
}

// ---- actions and overdue ----

#[test]
fn actions_lists_and_filters() {
    let r = sample();
    let rows = r.run(["actions", "--format", "json"]).json();
    assert_eq!(
        keys(&rows[0]),
        [
            "record",
            "action",
            "title",
            "owner",
            "due",
            "status",
            "days_overdue",
            "cost",
            "annual_cost"
        ]
    );
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert_eq!(rows[0]["days_overdue"], 146);
    assert_eq!(rows[1]["days_overdue"], serde_json::Value::Null);
    let overdue = r.run(["actions", "--overdue", "--format", "json"]).json();
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    let mine = r
        .run(["actions", "--owner", "ops-lead", "--format", "json"])
        .json();
    assert_eq!(mine[0]["action"], "A2");
    let soon = r
        .run(["actions", "--due-within", "10", "--format", "json"])
        .json();
    assert_eq!(
        soon.as_array().unwrap().len(),
        1,
        "A2 is due in 17 days; A1 is overdue and counts"
    );
    assert_eq!(soon[0]["action"], "A1");
}

#[test]
fn overdue_lists_actions_reviews_and_acceptances_most_overdue_first() {
    let r = sample();
    r.risk(
        "RISK-0005",
        "title: Accepted risk\nowner: coo\nidentified: 2026-11-01\nlikelihood: 2\nimpact: 2\ntreatment: accept\nacceptance:\n  by: coo\n  on: 2026-04-01\n  until: 2026-10-01\n",
    );
    let rows = r.run(["overdue", "--format", "json"]).json();
    assert_eq!(
        keys(&rows[0]),
        [
            "kind",
            "record",
            "item",
            "what",
            "owner",
            "due",
            "days_overdue"
        ]
    );
    let got: Vec<(String, String, i64)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["kind"].as_str().unwrap().into(),
                o["record"].as_str().unwrap().into(),
                o["days_overdue"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("action".to_string(), "RISK-0001".to_string(), 146),
            ("acceptance".to_string(), "RISK-0005".to_string(), 53),
        ]
    );
}

// ---- check ----

#[test]
fn check_fails_on_a_high_risk_without_owner() {
    let r = sample();
    r.risk(
        "RISK-0006",
        "title: Nobody owns this\nidentified: 2026-11-01\nlikelihood: 4\nimpact: 4\n",
    );
    r.run(["check", "--allow", "contingency"])
        .code(1)
        .stdout(contains("error[owner-required]: "))
        .stdout(contains(
            "RISK-0006.yaml:1: owner: RISK-0006 is rated high (score 16) but has no owner",
        ))
        .stdout(contains("warning[overdue-action]"))
        .stdout(contains(
            "check: 1 error, 1 warning (4 risks, 0 incidents, 0 claims loaded)",
        ));
    r.run(["edit", "RISK-0006", "--set", "owner=ops-lead"])
        .success();
    r.run(["check", "--allow", "contingency"]).success();
    r.run(["check", "--allow", "contingency", "--strict"])
        .code(1);
    r.run([
        "check",
        "--allow",
        "overdue-action",
        "--allow",
        "contingency",
        "--strict",
    ])
    .success();
    r.run(["check", "--deny", "overdue-action"])
        .code(1)
        .stdout(contains("error[overdue-action]"));
    r.run(["check", "--deny", "overdue-actoin"])
        .code(2)
        .stderr(contains("did you mean `overdue-action`?"));
}

#[test]
fn check_json_follows_the_contract() {
    let r = sample();
    r.risk(
        "RISK-0006",
        "title: Nobody owns this\nidentified: 2026-11-01\nlikelihood: 4\nimpact: 4\n",
    );
    let report = r
        .run(["check", "--format", "json", "--allow", "contingency"])
        .code(1)
        .stdout_json();
    assert_eq!(keys(&report), ["errors", "warnings"]);
    assert_eq!(
        keys(&report["errors"][0]),
        ["rule", "record", "file", "line", "message"]
    );
    assert_eq!(report["errors"][0]["rule"], "owner-required");
    assert_eq!(report["errors"][0]["record"], "RISK-0006");
    assert_eq!(report["errors"][0]["line"], 1);
    assert!(
        report["errors"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("risks/RISK-0006.yaml")
    );
    assert_eq!(report["warnings"][0]["rule"], "overdue-action");
    assert_eq!(report["warnings"][0]["line"], 22);
}

#[test]
fn check_reads_past_broken_files_and_reports_every_finding() {
    let r = sample();
    r.risk("RISK-0007", "title: Typo\nlikelihod: 3\nimpact: 2\n");
    r.write(
        "risks/RISK-0008.yaml",
        "id: RISK-0009\ntitle: Wrong name\nlikelihood: 1\nimpact: 1\n",
    );
    r.write(
        "risks/RISK-2.yaml",
        "id: RISK-2\ntitle: Duplicate of RISK-0002\nlikelihood: 1\nimpact: 1\n",
    );
    r.risk("RISK-0011", "title: [unclosed\n");
    r.risk(
        "RISK-0012",
        "title: No owner\nidentified: 2026-11-01\nlikelihood: 5\nimpact: 5\n",
    );
    r.risk("RISK-0013", "title: Accept without record\nowner: x\nidentified: 2026-11-01\nlikelihood: 1\nimpact: 1\ntreatment: accept\n");
    let before = r.tree();
    let report = r.run(["check", "--format", "json"]).code(1).stdout_json();
    let errors: Vec<(String, String)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["rule"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let rules: Vec<&str> = errors.iter().map(|(r, _)| r.as_str()).collect();
    for rule in [
        "parse",
        "id-mismatch",
        "duplicate-id",
        "owner-required",
        "acceptance-required",
    ] {
        assert!(rules.contains(&rule), "{rule} missing from {errors:#?}");
    }
    assert!(
        errors
            .iter()
            .any(|(_, m)| m == "likelihod: unknown key (did you mean `likelihood`?)"),
        "{errors:#?}"
    );
    assert_eq!(r.tree(), before, "check writes nothing");
    // Any other command refuses the broken register, naming file, line and key.
    r.run(["list"])
        .code(2)
        .stderr(contains(
            "risks/RISK-0007.yaml:3: likelihod: unknown key (did you mean `likelihood`?)",
        ))
        .stderr(contains(
            "risks/RISK-0008.yaml:1: id: is `RISK-0009` but the file is named `RISK-0008`",
        ));
}

#[test]
fn bad_settings_are_an_input_error_naming_the_key() {
    let r = RegisterTest::with_settings("bands:\n- name: low\n  max: 4\n- name: high\n  max: 20\n");
    // check reports broken settings as findings on stdout, in the format CI reads, exit 1.
    r.run(["check"])
        .code(1)
        .stdout(contains(
            "register.yaml:5: bands[1].max: 20 leaves scores up to 25 without a band",
        ))
        .stdout(contains("review_every_days: no entry for band `high`").not())
        .stdout(contains(
            "review_every_days.medium: `medium` is not one of the bands (low, high)",
        ));
    r.run(["check", "--format", "github"])
        .code(1)
        .stdout(contains(
            "register.yaml,line=5,title=parse::bands[1].max: 20 leaves",
        ));
    r.run(["list"]).code(2).stderr(contains(
        "register.yaml:5: bands[1].max: 20 leaves scores up to 25 without a band",
    ));
    let r = RegisterTest::with_settings("scales:\n  likelihood: [a, b]\n");
    r.run(["list"]).code(2).stderr(contains(
        "scales.likelihood: has 2 levels; a scale needs 3 to 10",
    ));
}

// ---- export ----

#[test]
fn export_risks_and_actions() {
    let r = sample();
    r.run(["export", "--kind", "risks"])
        .success()
        .stdout(predicates::str::starts_with("id,title,stage,"));
    let risks = r
        .run(["export", "--kind", "risks", "--format", "json"])
        .json();
    assert_eq!(
        risks.as_array().unwrap().len(),
        3,
        "export carries closed risks too"
    );
    assert_eq!(risks[0]["fmea"]["severity"], 9);
    r.run(["export", "--kind", "risks", "--format", "yaml"])
        .success()
        .stdout(contains("- id: RISK-0001\n  title: Check-in outage"));
    r.run(["export", "--kind", "actions", "--format", "md"])
        .success()
        .stdout(contains("| record | action | title | owner | due | status | days_overdue | cost | annual_cost |"))
        .stdout(contains("| RISK-0001 | A1 | Contract a failover provider | it-vendor-mgr | 2026-06-30 | open | 146 | - | - |"));
    r.run(["export", "--kind", "risks", "--format", "table"])
        .code(2);
}

#[test]
fn add_records_acceptance_briefings_and_reviews() {
    let r = RegisterTest::new();
    r.run([
        "add",
        "--title",
        "Accepted",
        "-l",
        "1",
        "-i",
        "2",
        "--treatment",
        "accept",
    ])
    .code(2)
    .stderr(contains("--accepted-by"));
    r.run([
        "add",
        "--title",
        "Accepted",
        "-l",
        "1",
        "-i",
        "2",
        "--treatment",
        "accept",
        "--accepted-by",
        "coo",
        "--accepted-until",
        "2027-06-30",
        "--acceptance-reason",
        "Cost of control exceeds the harm",
        "--staff-briefed",
        "--reviewed",
        "2026-11-01",
        "--review-every",
        "120",
    ])
    .success();
    assert_eq!(
        r.read("risks/RISK-0001.yaml"),
        "id: RISK-0001\ntitle: Accepted\nidentified: 2026-11-23\nlikelihood: 1\nimpact: 2\ntreatment: accept\nacceptance:\n  by: coo\n  on: 2026-11-23\n  until: 2027-06-30\n  reason: Cost of control exceeds the harm\nstaff_briefed: true\nreview:\n  last: 2026-11-01\n  every_days: 120\n"
    );
    r.run(["check"]).success();
}

#[test]
fn written_files_are_readable_like_checked_out_files() {
    use std::os::unix::fs::PermissionsExt;
    let r = sample();
    r.run(["add", "--title", "x", "-l", "1", "-i", "1"])
        .success();
    let mode = |rel: &str| {
        std::fs::metadata(r.root().join(rel))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("risks/RISK-0011.yaml"), 0o644);
    std::fs::set_permissions(
        r.root().join("risks/RISK-0002.yaml"),
        std::fs::Permissions::from_mode(0o664),
    )
    .unwrap();
    r.run(["close", "RISK-0002"]).success();
    assert_eq!(
        mode("risks/RISK-0002.yaml"),
        0o664,
        "a rewrite keeps the file's mode"
    );
}

#[test]
fn an_edit_that_changes_nothing_writes_nothing() {
    let r = RegisterTest::new();
    let text = "id: RISK-0001\ntitle: \"Quoted: not canonical\"\nowner: ops\nlikelihood: 2\nimpact: 2\nreview:\n  last: 2026-11-01\n";
    r.write("risks/RISK-0001.yaml", text);
    r.run(["edit", "RISK-0001", "--set", "owner=ops"])
        .success()
        .stdout("No change to RISK-0001: it already holds these values\n");
    assert_eq!(r.read("risks/RISK-0001.yaml"), text);
    r.run(["edit", "RISK-0001", "--set", "review.last="])
        .success()
        .stdout("Updated RISK-0001\nRISK-0001: review: removed (was {last: 2026-11-01})\n");
    assert!(
        !r.read("risks/RISK-0001.yaml").contains("review"),
        "no empty `review: {{}}` is left behind"
    );
}

#[test]
fn filter_typos_are_input_errors_not_empty_results() {
    let r = sample();
    r.run(["list", "--band", "High"]).code(2).stderr(contains(
        "--band `High` is not one of low, medium, high (did you mean `high`?)",
    ));
    r.run(["list", "--stage", "biling"])
        .code(2)
        .stderr(contains("did you mean `billing`?"));
    r.run(["matrix", "--category", "opertional"])
        .code(2)
        .stderr(contains("did you mean `operational`?"));
}

#[test]
fn levels_too_large_for_a_number_say_so() {
    let r = RegisterTest::new();
    r.risk("RISK-0001", "title: x\nlikelihood: 300\nimpact: 2\n");
    r.run(["list"]).code(2).stderr(contains(
        "RISK-0001.yaml:3: likelihood: 300 is out of range",
    ));
}

#[test]
fn action_add_without_a_title_names_the_flag() {
    let r = sample();
    let before = r.tree();
    r.run(["action", "add", "RISK-0002"])
        .code(2)
        .stderr(contains("missing --title"));
    r.run(["action", "add", "RISK-0002", "--title", "  "])
        .code(2)
        .stderr(contains("--title must not be empty"));
    assert_eq!(r.tree(), before);
}

#[test]
fn set_values_are_text_unless_written_as_lists_or_maps() {
    let r = sample();
    r.run([
        "edit",
        "RISK-0002",
        "--set",
        "notes=Call: back",
        "--set",
        "controls=[Daily reconciliation, Alert]",
    ])
    .success();
    let text = r.read("risks/RISK-0002.yaml");
    assert!(
        text.contains("controls:\n- Daily reconciliation\n- Alert\n"),
        "{text}"
    );
    assert!(text.ends_with("notes: 'Call: back'\n"), "{text}");
    r.risk("RISK-0020", "title: [unclosed\nlikelihood: 1\nimpact: 1\n");
    r.run(["list"]).code(2).stderr(contains(
        "title: invalid type: sequence, expected text; put text that starts with `[`",
    ));
}

#[test]
fn claim_add_without_a_terminal_names_the_missing_flags() {
    let r = RegisterTest::new();
    r.write(
        "incidents/INC-0001.yaml",
        "id: INC-0001\ntitle: Outage\nseverity: 4\ndetected: 2026-11-01T08:25:00+01:00\n",
    );
    r.run(["claim", "add"])
        .code(2)
        .stderr(contains("missing --incident, --customer"));
    r.run(["claim", "add", "--incident", "INC-0001"])
        .code(2)
        .stderr(contains("missing --customer"));
    assert!(!r.exists("claims"));
}

#[test]
fn incident_notify_without_a_terminal_names_the_missing_flags() {
    let r = RegisterTest::new();
    r.write(
        "incidents/INC-0001.yaml",
        "id: INC-0001\ntitle: Outage\nseverity: 4\ndetected: 2026-11-01T08:25:00+01:00\n",
    );
    let before = r.tree();
    r.run(["incident", "notify", "INC-0001", "--summary", "Sorry"])
        .code(2)
        .stderr(contains("missing --channel"));
    r.run(["incident", "notify", "INC-0001", "--channel", "sms"])
        .code(2)
        .stderr(contains("missing --summary"));
    assert_eq!(r.tree(), before);
}

#[test]
fn an_expired_acceptance_is_a_warning_and_settings_can_deny_or_allow_rules() {
    let accepted = "title: Accepted risk\nowner: ops-lead\nidentified: 2026-11-01\nlikelihood: 2\nimpact: 2\ntreatment: accept\nacceptance:\n  by: coo\n  on: 2026-04-01\n  until: 2026-10-01\n";
    let r = RegisterTest::new();
    r.risk("RISK-0001", accepted);
    r.run(["check"])
        .success()
        .stdout(contains("warning[acceptance-expired]: ").and(contains(
        "RISK-0001.yaml:11: acceptance.until: the acceptance ran out on 2026-10-01 (53 days ago)",
    )));
    let denied = RegisterTest::with_settings("check:\n  deny: [acceptance-expired]\n");
    denied.risk("RISK-0001", accepted);
    denied
        .run(["check"])
        .code(1)
        .stdout(contains("error[acceptance-expired]"));
    let allowed = RegisterTest::with_settings("check:\n  allow: [acceptance-expired]\n");
    allowed.risk("RISK-0001", accepted);
    allowed
        .run(["check", "--strict"])
        .success()
        .stdout(contains("check: no findings"));
    let typo = RegisterTest::with_settings("check:\n  deny: [acceptance-expird]\n");
    typo.run(["check"]).code(2).stderr(contains(
        "check.deny: `acceptance-expird` is not a rule (did you mean `acceptance-expired`?)",
    ));
}

#[test]
fn ids_are_accepted_in_any_case() {
    let r = sample();
    r.run(["show", "risk-0002"])
        .success()
        .stdout_has("RISK-0002");
    r.run(["review", "Risk-2", "--on", "2026-11-20"])
        .success()
        .stdout_has("Reviewed RISK-2 on 2026-11-20");
    r.run(["action", "done", "risk-0001/A1"])
        .success()
        .stdout_has("Done RISK-0001/A1");
    // An id that is wrong in any case still names what was typed.
    r.run(["show", "risk-x"])
        .code(2)
        .stderr_has("`risk-x` is not a valid id");
}
