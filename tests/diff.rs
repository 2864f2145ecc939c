//! `risk diff` on real temporary git repositories: commit, edit, delete, add, rename, then diff.

mod pr_support;

use pr_support::{Repo, stderr, stdout};
use serde_json::{Value, json};

/// The fixture committed, then a second commit that edits, deletes, adds and renames records.
fn two_commits() -> Repo {
    let repo = Repo::git_with("pr-diff");
    // edit: the rating rises into `high`, an action is done, the FMEA detection improves
    repo.edit(
        "register/risks/RISK-0001.yaml",
        "likelihood: 3",
        "likelihood: 4",
    );
    repo.edit(
        "register/risks/RISK-0001.yaml",
        "  detection: 6",
        "  detection: 3",
    );
    repo.edit(
        "register/risks/RISK-0001.yaml",
        "  status: open\n",
        "  status: done\n  done: 2026-11-20\n",
    );
    repo.edit(
        "register/risks/RISK-0001.yaml",
        "owner: billing-lead",
        "owner: finance-ops",
    );
    // delete
    repo.remove("register/risks/RISK-0002.yaml");
    // add
    repo.write(
        "register/risks/RISK-0004.yaml",
        "id: RISK-0004\ntitle: Refunds paid to closed card accounts\nowner: payments-lead\nlikelihood: 4\nimpact:\n  financial: 4\n",
    );
    // an incident moves on
    repo.edit(
        "register/incidents/INC-0001.yaml",
        "status: open",
        "status: resolved",
    );
    repo.edit(
        "register/incidents/INC-0001.yaml",
        "detected: 2026-11-02T09:15:00+01:00\n",
        "detected: 2026-11-02T09:15:00+01:00\nresolved: 2026-11-04T17:00:00+01:00\n",
    );
    // rename: a claim moves into its incident's folder, unchanged
    std::fs::create_dir_all(repo.path().join("register/claims/INC-0001")).unwrap();
    std::fs::rename(
        repo.path().join("register/claims/CLM-0001.yaml"),
        repo.path().join("register/claims/INC-0001/CLM-0001.yaml"),
    )
    .unwrap();
    repo.commit("second");
    repo
}

fn diff(repo: &Repo, args: &[&str]) -> std::process::Output {
    repo.risk().arg("diff").args(args).output().unwrap()
}

#[test]
fn json_follows_the_contract_with_edited_keys_and_derived_values() {
    let repo = two_commits();
    let out = diff(&repo, &["HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got: Value = serde_json::from_str(&stdout(&out)).unwrap();
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
        ("text", snapbox::file!["golden/diff.txt"]),
        ("md", snapbox::file!["golden/diff.md"]),
        ("json", snapbox::file!["golden/diff.json"]),
    ] {
        let out = diff(&repo, &["HEAD~1", "HEAD", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        snapbox::assert_data_eq!(stdout(&out), golden.raw());
    }
}

#[test]
fn without_revisions_it_compares_head_with_the_working_tree() {
    let repo = Repo::git_with("pr-diff");
    let out = diff(&repo, &[]);
    assert_eq!(
        stdout(&out),
        "HEAD → working tree: no changes to the register\n"
    );
    let out = diff(&repo, &["--format", "md"]);
    assert_eq!(
        stdout(&out),
        "**Risk register: no changes** (`HEAD` → `working tree`)\n"
    );
    repo.edit(
        "register/risks/RISK-0003.yaml",
        "likelihood: 2",
        "likelihood: 3",
    );
    let out = diff(&repo, &["--format", "json"]);
    let got: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(got["base"], "HEAD");
    assert_eq!(got["head"], Value::Null);
    assert_eq!(got["changed"][0]["id"], "RISK-0003");
    assert_eq!(got["changed"][0]["changes"][0]["field"], "likelihood");
    // one revision: compared with the working tree
    repo.commit("third");
    let out = diff(&repo, &["HEAD~1", "--format", "json"]);
    let got: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(got["changed"][0]["id"], "RISK-0003");
}

#[test]
fn fail_on_band_stops_when_a_risk_enters_the_band() {
    let repo = two_commits();
    let out = diff(&repo, &["HEAD~1", "HEAD", "--fail-on-band", "high"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("RISK-0001 (high), RISK-0004 (high)"),
        "{}",
        stderr(&out)
    );
    // the output is printed all the same
    assert!(stdout(&out).contains("changed  RISK-0001"));
    // nothing new at or above high between HEAD and the working tree
    let out = diff(&repo, &["--fail-on-band", "high"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // a band that does not exist is bad usage
    let out = diff(&repo, &["--fail-on-band", "severe"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a band"), "{}", stderr(&out));
}

#[test]
fn a_band_lowered_then_raised_again_within_the_band_does_not_trip_the_gate() {
    let repo = Repo::git_with("pr-diff");
    repo.edit(
        "register/risks/RISK-0001.yaml",
        "likelihood: 3",
        "likelihood: 5",
    );
    repo.commit("high");
    repo.edit(
        "register/risks/RISK-0001.yaml",
        "likelihood: 5",
        "likelihood: 4",
    );
    let out = diff(&repo, &["--fail-on-band", "high"]);
    assert_eq!(out.status.code(), Some(0), "already high at the base");
}

#[test]
fn a_register_that_did_not_exist_at_the_base_is_all_added() {
    let repo = Repo::plain("pr-diff");
    repo.git(&["init", "-q", "-b", "main"]);
    repo.write("README.md", "before the register\n");
    repo.git(&["add", "README.md"]);
    repo.git(&["commit", "-q", "-m", "first"]);
    let out = diff(&repo, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got: Value = serde_json::from_str(&stdout(&out)).unwrap();
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
    std::fs::create_dir_all(repo.path().join("register/risks/deep")).unwrap();
    let out = repo
        .risk()
        .current_dir(repo.path().join("register/risks/deep"))
        .args(["diff", "HEAD~1", "HEAD", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("RISK-0004"));

    // the register folder itself is the repository
    let top = Repo::plain("pr-diff");
    let inner = Repo {
        dir: tempfile::tempdir().unwrap(),
    };
    pr_support::copy_dir(&top.path().join("register"), inner.path());
    inner.git(&["init", "-q", "-b", "main"]);
    inner.commit("base");
    inner.remove("risks/RISK-0003.yaml");
    let out = inner
        .risk()
        .args(["-R", ".", "diff", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(got["removed"], json!(["RISK-0003"]));
}

#[test]
fn bad_revisions_and_missing_repositories_are_input_errors() {
    let repo = Repo::git_with("pr-diff");
    let out = diff(&repo, &["no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`no-such-branch` is not a commit"),
        "{}",
        stderr(&out)
    );
    let out = diff(&repo, &["--", "--upload-pack=evil"]);
    assert_eq!(out.status.code(), Some(2));

    let plain = Repo::plain("pr-diff");
    let out = diff(&plain, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not inside a git repository"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_broken_record_at_a_revision_is_named_with_the_revision() {
    let repo = Repo::git_with("pr-diff");
    repo.edit(
        "register/risks/RISK-0003.yaml",
        "likelihood: 2",
        "likelihood: high",
    );
    repo.commit("broken");
    let out = diff(&repo, &["HEAD~1", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("HEAD:register/risks/RISK-0003.yaml:5: likelihood:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn many_files_are_read_in_one_batch() {
    let repo = Repo::git_with("pr-diff");
    for n in 10..610 {
        repo.write(
            &format!("register/risks/RISK-{n:04}.yaml"),
            &format!("id: RISK-{n:04}\ntitle: Risk number {n}\nlikelihood: 2\nimpact: 2\n"),
        );
    }
    repo.commit("many");
    repo.edit(
        "register/risks/RISK-0300.yaml",
        "likelihood: 2",
        "likelihood: 3",
    );
    let started = std::time::Instant::now();
    let out = diff(&repo, &["HEAD~1", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(got["added"].as_array().unwrap().len(), 600);
    assert_eq!(
        got["changed"],
        json!([]),
        "RISK-0300 is edited only in the working tree, and added since HEAD~1"
    );
    let out = diff(&repo, &["--format", "json"]);
    let got: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(got["changed"][0]["id"], "RISK-0300");
    assert!(started.elapsed().as_secs() < 20);
}
