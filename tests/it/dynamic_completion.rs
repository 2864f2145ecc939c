//! Dynamic shell completion (`COMPLETE=bash risk`): record ids, owners, stages, categories and
//! bands come from the register; with no register there are no candidates and no error.

use std::path::Path;

use crate::support::{RegisterTest, risk_bin};

/// The candidates bash would get for the last word of `words` (`risk` first), run in `cwd`.
fn candidates(cwd: &Path, register: Option<&Path>, words: &[&str]) -> Vec<String> {
    let mut command = std::process::Command::new(risk_bin());
    command
        .current_dir(cwd)
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
        .env_remove("RISK_REGISTER")
        .arg("--")
        .args(words);
    if let Some(register) = register {
        command.env("RISK_REGISTER", register);
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{words:?}: {output:?}");
    assert!(output.stderr.is_empty(), "{words:?}: {output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .split(['\n', '\u{b}'])
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn register() -> RegisterTest {
    let t =
        RegisterTest::with_settings("stages: [sale, billing]\ncategories: [financial, safety]\n");
    t.risk(
        "RISK-0001",
        "title: Outage\nowner: ops-lead\nlikelihood: 2\nimpact: 2\nactions:\n  - id: A1\n    title: Fix\n    owner: vendor-mgr\n",
    );
    t.risk("RISK-0002", "title: Typo\nlikelihood: 1\nimpact: 1\n");
    t
}

#[test]
fn ids_owners_stages_categories_and_bands_come_from_the_register() {
    let t = register();
    let root = t.root();
    let at = |words: &[&str]| candidates(&root, Some(&root), words);
    assert_eq!(at(&["risk", "show", "RISK-"]), ["RISK-0001", "RISK-0002"]);
    assert_eq!(
        at(&["risk", "todo", "--owner", ""]),
        ["ops-lead", "vendor-mgr"]
    );
    assert_eq!(at(&["risk", "list", "--stage", ""]), ["sale", "billing"]);
    assert_eq!(at(&["risk", "matrix", "--category", "s"]), ["safety"]);
    assert_eq!(
        at(&["risk", "list", "--band", ""]),
        ["low", "medium", "high"]
    );
}

#[test]
fn without_a_register_there_are_no_candidates_and_no_error() {
    let t = RegisterTest::without_register();
    assert!(candidates(t.folder(), None, &["risk", "show", "R"]).is_empty());
    assert!(candidates(t.folder(), None, &["risk", "todo", "--owner", ""]).is_empty());
}
