//! `risk diff` on real temporary git repositories: commit, edit, delete, add, rename, then diff.

use serde_json::{Value, json};

use crate::support::{RegisterTest, Run};

/// The fixture committed, then a second commit that edits, deletes, adds and renames records.
fn two_commits() -> RegisterTest {
    let repo = RegisterTest::git_repo("pr-diff");
    // edit: the rating rises into `high`, an action is done, the FMEA detection improves
    repo.edit("risks/RISK-0001.yaml", "likelihood: 3", "likelihood: 4");
    repo.edit("risks/RISK-0001.yaml", "  detection: 6", "  detection: 3");
    repo.edit(
        "risks/RISK-0001.yaml",
        "  status: open\n",
        "  status: done\n  done: 2026-11-20\n",
    );
    repo.edit(
        "risks/RISK-0001.yaml",
        "owner: billing-lead",
        "owner: finance-ops",
    );
    // delete
    repo.remove("risks/RISK-0002.yaml");
    // add
    repo.write(
        "risks/RISK-0004.yaml",
        "id: RISK-0004\ntitle: Refunds paid to closed card accounts\nowner: payments-lead\nlikelihood: 4\nimpact:\n  financial: 4\n",
    );
    // an incident moves on
    repo.edit(
        "incidents/INC-0001.yaml",
        "status: open",
        "status: resolved",
    );
    repo.edit(
        "incidents/INC-0001.yaml",
        "detected: 2026-11-02T09:15:00+01:00\n",
        "detected: 2026-11-02T09:15:00+01:00\nresolved: 2026-11-04T17:00:00+01:00\n",
    );
    // rename: a claim moves into its incident's folder, unchanged
    std::fs::create_dir_all(repo.folder().join("register/claims/INC-0001")).unwrap();
    std::fs::rename(
        repo.folder().join("register/claims/CLM-0001.yaml"),
        repo.folder().join("register/claims/INC-0001/CLM-0001.yaml"),
    )
    .unwrap();
    repo.commit("second");
    repo
}

/// `risk diff ARGS` from the top of the repository, the register found without `-R`.
fn diff(repo: &RegisterTest, args: &[&str]) -> Run {
    repo.cmd(["diff"]).args(args).discover().run()
}

#[test]
fn json_follows_the_contract_with_edited_keys_and_derived_values() {
    let repo = two_commits();
    let out = diff(&repo, &["HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
    let got: Value = serde_json::from_str(&out.stdout_text()).unwrap();
    assert_eq!(got["base"], "HEAD~1");
    assert_eq!(got["head"], "HEAD");
    assert_eq!(got["added"], json!(["RISK-0004"]));
    assert_eq!(got["removed"], json!(["RISK-0002"]));
    let changed = got["changed"].as_array().unwrap();
    let ids: Vec<&str> = changed.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["RISK-0001", "INC-0001"],
        "the renamed claim is unchanged"
    );
    let risk: Vec<(String, Value, Value)> = changed[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert_eq!(c.as_object().unwrap().len(), 3, "{c}");
            (
                c["field"].as_str().unwrap().to_string(),
                c["from"].clone(),
                c["to"].clone(),
            )
        })
        .collect();
    let expect = |field: &str, from: Value, to: Value| (field.to_string(), from, to);
    assert_eq!(
        risk,
        vec![
            expect("owner", json!("billing-lead"), json!("finance-ops")),
            expect("likelihood", json!(3), json!(4)),
            expect("fmea.detection", json!(6), json!(3)),
            expect("actions.A1.status", json!("open"), json!("done")),
            expect("actions.A1.done", Value::Null, json!("2026-11-20")),
            expect("score", json!(9), json!(12)),
            expect("band", json!("medium"), json!("high")),
            expect("rpn", json!(168), json!(84)),
            // ap stays M (S7 O4: D6 and D3 both give M), so it is not listed
        ]
    );
    let incident = &changed[1]["changes"];
    assert_eq!(incident[0]["field"], "status");
    assert_eq!(incident[1]["field"], "resolved");
    assert_eq!(incident[1]["from"], Value::Null);
}

#[test]
fn golden_outputs_for_each_format() {
    let repo = two_commits();
    for (format, golden) in [
        ("text", snapbox::file!["../golden/diff.txt"]),
        ("md", snapbox::file!["../golden/diff.md"]),
        ("json", snapbox::file!["../golden/diff.json"]),
    ] {
        let out = diff(&repo, &["HEAD~1", "HEAD", "--format", format]);
        assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
        snapbox::assert_data_eq!(out.stdout_text(), golden.raw());
    }
}

#[test]
fn without_revisions_it_compares_head_with_the_working_tree() {
    let repo = RegisterTest::git_repo("pr-diff");
    let out = diff(&repo, &[]);
    assert_eq!(
        out.stdout_text(),
        "HEAD → working tree: no changes to the register\n"
    );
    let out = diff(&repo, &["--format", "md"]);
    assert_eq!(
        out.stdout_text(),
        "**Risk register: no changes** (`HEAD` → `working tree`)\n"
    );
    repo.edit("risks/RISK-0003.yaml", "likelihood: 2", "likelihood: 3");
    let out = diff(&repo, &["--format", "json"]);
    let got: Value = serde_json::from_str(&out.stdout_text()).unwrap();
    assert_eq!(got["base"], "HEAD");
    assert_eq!(got["head"], Value::Null);
    assert_eq!(got["changed"][0]["id"], "RISK-0003");
    assert_eq!(got["changed"][0]["changes"][0]["field"], "likelihood");
    // one revision: compared with the working tree
    repo.commit("third");
    let out = diff(&repo, &["HEAD~1", "--format", "json"]);
    let got: Value = serde_json::from_str(&out.stdout_text()).unwrap();
    assert_eq!(got["changed"][0]["id"], "RISK-0003");
}

#[test]
fn fail_on_band_stops_when_a_risk_enters_the_band() {
    let repo = two_commits();
    let out = diff(&repo, &["HEAD~1", "HEAD", "--fail-on-band", "high"]);
    assert_eq!(out.exit_code(), Some(1));
    assert!(
        out.stderr_text()
            .contains("RISK-0001 (high), RISK-0004 (high)"),
        "{}",
        out.stderr_text()
    );
    // the output is printed all the same
    assert!(out.stdout_text().contains("changed  RISK-0001"));
    // nothing new at or above high between HEAD and the working tree
    let out = diff(&repo, &["--fail-on-band", "high"]);
    assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
    // a band that does not exist is bad usage
    let out = diff(&repo, &["--fail-on-band", "severe"]);
    assert_eq!(out.exit_code(), Some(2));
    assert!(
        out.stderr_text().contains("not a band"),
        "{}",
        out.stderr_text()
    );
}

#[test]
fn a_band_lowered_then_raised_again_within_the_band_does_not_trip_the_gate() {
    let repo = RegisterTest::git_repo("pr-diff");
    repo.edit("risks/RISK-0001.yaml", "likelihood: 3", "likelihood: 5");
    repo.commit("high");
    repo.edit("risks/RISK-0001.yaml", "likelihood: 5", "likelihood: 4");
    let out = diff(&repo, &["--fail-on-band", "high"]);
    assert_eq!(out.exit_code(), Some(0), "already high at the base");
}

#[test]
fn a_register_that_did_not_exist_at_the_base_is_all_added() {
    let repo = RegisterTest::fixture("pr-diff");
    repo.git(["init", "-q", "-b", "main"]);
    repo.beside("README.md", "before the register\n");
    repo.git(["add", "README.md"]);
    repo.git(["commit", "-q", "-m", "first"]);
    let out = diff(&repo, &["--format", "json"]);
    assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
    let got: Value = serde_json::from_str(&out.stdout_text()).unwrap();
    assert_eq!(
        got["added"],
        json!([
            "RISK-0001",
            "RISK-0002",
            "RISK-0003",
            "INC-0001",
            "CLM-0001"
        ])
    );
}

#[test]
fn works_from_a_subfolder_and_with_the_register_at_the_top_level() {
    let repo = two_commits();
    std::fs::create_dir_all(repo.folder().join("register/risks/deep")).unwrap();
    let out = repo
        .cmd(["diff", "HEAD~1", "HEAD", "--format", "json"])
        .current_dir("register/risks/deep")
        .run();
    assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
    assert!(out.stdout_text().contains("RISK-0004"));

    // the register folder itself is the repository
    let inner = RegisterTest::fixture("pr-diff");
    inner.git(["-C", "register", "init", "-q", "-b", "main"]);
    inner.git(["-C", "register", "add", "-A"]);
    inner.git(["-C", "register", "commit", "-q", "-m", "base"]);
    inner.remove("risks/RISK-0003.yaml");
    let out = inner
        .cmd(["-R", ".", "diff", "--format", "json"])
        .discover()
        .current_dir("register")
        .run();
    assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
    let got: Value = serde_json::from_str(&out.stdout_text()).unwrap();
    assert_eq!(got["removed"], json!(["RISK-0003"]));
}

#[test]
fn bad_revisions_and_missing_repositories_are_input_errors() {
    let repo = RegisterTest::git_repo("pr-diff");
    let out = diff(&repo, &["no-such-branch"]);
    assert_eq!(out.exit_code(), Some(2));
    assert!(
        out.stderr_text()
            .contains("`no-such-branch` is not a commit"),
        "{}",
        out.stderr_text()
    );
    let out = diff(&repo, &["--", "--upload-pack=evil"]);
    assert_eq!(out.exit_code(), Some(2));

    let plain = RegisterTest::fixture("pr-diff");
    let out = diff(&plain, &[]);
    assert_eq!(out.exit_code(), Some(2));
    assert!(
        out.stderr_text().contains("not inside a git repository"),
        "{}",
        out.stderr_text()
    );
}

#[test]
fn a_broken_record_at_a_revision_is_named_with_the_revision() {
    let repo = RegisterTest::git_repo("pr-diff");
    repo.edit("risks/RISK-0003.yaml", "likelihood: 2", "likelihood: high");
    repo.commit("broken");
    let out = diff(&repo, &["HEAD~1", "HEAD"]);
    assert_eq!(out.exit_code(), Some(2));
    assert!(
        out.stderr_text()
            .contains("HEAD:register/risks/RISK-0003.yaml:5: likelihood:"),
        "{}",
        out.stderr_text()
    );
}

#[test]
fn many_files_are_read_in_one_batch() {
    let repo = RegisterTest::git_repo("pr-diff");
    for n in 10..610 {
        repo.write(
            &format!("risks/RISK-{n:04}.yaml"),
            format!("id: RISK-{n:04}\ntitle: Risk number {n}\nlikelihood: 2\nimpact: 2\n"),
        );
    }
    repo.commit("many");
    repo.edit("risks/RISK-0300.yaml", "likelihood: 2", "likelihood: 3");
    let started = std::time::Instant::now();
    let out = diff(&repo, &["HEAD~1", "--format", "json"]);
    assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
    let got: Value = serde_json::from_str(&out.stdout_text()).unwrap();
    assert_eq!(got["added"].as_array().unwrap().len(), 600);
    assert_eq!(
        got["changed"],
        json!([]),
        "RISK-0300 is edited only in the working tree, and added since HEAD~1"
    );
    let out = diff(&repo, &["--format", "json"]);
    let got: Value = serde_json::from_str(&out.stdout_text()).unwrap();
    assert_eq!(got["changed"][0]["id"], "RISK-0300");
    assert!(started.elapsed().as_secs() < 20);
}

#[test]
fn a_band_change_in_the_settings_rates_every_risk_even_unchanged_ones() {
    let repo = RegisterTest::git_repo("pr-diff");
    let bands =
        "bands:\n- name: low\n  max: 6\n- name: medium\n  max: 9\n- name: high\n  max: 25\n";
    repo.write(
        "register.yaml",
        format!("name: Pull request fixture\ncurrency: EUR\n{bands}"),
    );
    // In the working tree, then committed: RISK-0003 (score 6) falls from medium to low.
    for (n, args) in [
        &["--format", "json"][..],
        &["HEAD~1", "HEAD", "--format", "json"],
    ]
    .into_iter()
    .enumerate()
    {
        if n == 1 {
            repo.commit("bands");
        }
        let out = diff(&repo, args);
        assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
        let got: Value = serde_json::from_str(&out.stdout_text()).unwrap();
        let ids: Vec<&str> = got["changed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["settings", "RISK-0003"], "{args:?}: {got:#}");
        assert_eq!(
            got["changed"][1]["changes"],
            json!([{"field": "band", "from": "medium", "to": "low"}])
        );
    }
}

#[test]
fn untracked_and_deleted_files_of_the_working_tree_count() {
    let repo = RegisterTest::git_repo("pr-diff");
    repo.write(
        "risks/new/RISK-0009.yaml",
        "id: RISK-0009\ntitle: Untracked risk\nlikelihood: 2\nimpact: 2\n",
    );
    repo.remove("risks/RISK-0002.yaml");
    let out = diff(&repo, &["--format", "json"]);
    assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
    let got: Value = serde_json::from_str(&out.stdout_text()).unwrap();
    assert_eq!(got["added"], json!(["RISK-0009"]));
    assert_eq!(got["removed"], json!(["RISK-0002"]));
    assert_eq!(got["changed"], json!([]));
}

#[test]
fn an_added_file_that_repeats_an_unchanged_id_is_a_duplicate() {
    let repo = RegisterTest::git_repo("pr-diff");
    let text = repo
        .read("risks/RISK-0003.yaml")
        .replace("RISK-0003", "RISK-3");
    repo.write("risks/old/RISK-3.yaml", text);
    let out = diff(&repo, &[]);
    assert_eq!(out.exit_code(), Some(2), "{}", out.stdout_text());
    assert!(
        out.stderr_text().contains("is also used by"),
        "{}",
        out.stderr_text()
    );
    repo.commit("duplicate");
    let out = diff(&repo, &["HEAD~1", "HEAD"]);
    assert_eq!(out.exit_code(), Some(2), "{}", out.stdout_text());
    assert!(
        out.stderr_text().contains("HEAD:register/risks/"),
        "{}",
        out.stderr_text()
    );
}
