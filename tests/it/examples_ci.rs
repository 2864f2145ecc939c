//! The CI examples under `examples/ci/`: valid YAML, every `risk` command in them parses, and
//! the pre-commit hook really stops a bad commit.

use std::path::{Path, PathBuf};
use std::process::Output;

use clap::Parser;
use risk_register::cli::Cli;

use crate::support::{RegisterTest, TODAY};

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci")
}

/// Every `risk ...` command line in a text, up to a shell operator, with CI variables filled in.
fn risk_commands(text: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for line in text.lines() {
        let line = line.trim_start_matches([' ', '-', '#']).trim();
        let Some(start) = line.find("risk ") else {
            continue;
        };
        let before = &line[..start];
        if !(before.is_empty()
            || before.ends_with("run: ")
            || before.ends_with("entry: ")
            || before.ends_with("! ")
            || before.ends_with("if "))
        {
            continue;
        }
        let command = &line[start..];
        let end = command
            .find(['>', '|', ';', '&', '`'])
            .unwrap_or(command.len());
        let words: Vec<String> = command[..end]
            .split_whitespace()
            .map(|w| {
                w.trim_matches('"')
                    .replace("${{ github.base_ref }}", "main")
                    .replace("$GITHUB_BASE_REF", "main")
                    .replace("$CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")
                    .trim_matches('"')
                    .to_string()
            })
            .collect();
        found.push(words);
    }
    found
}

#[test]
fn every_example_is_valid_yaml_and_its_risk_commands_parse() {
    let mut commands = Vec::new();
    for rel in [
        "github/risk-register.yml",
        "gitlab/.gitlab-ci.yml",
        "pre-commit-config.yaml",
        "pre-commit",
    ] {
        let text = std::fs::read_to_string(examples().join(rel)).unwrap();
        if rel.ends_with("yml") || rel.ends_with("yaml") {
            serde_yaml::from_str::<serde_yaml::Value>(&text)
                .unwrap_or_else(|e| panic!("{rel}: {e}"));
        }
        let found = risk_commands(&text);
        assert!(!found.is_empty(), "{rel} runs no risk command");
        commands.extend(found.into_iter().map(|c| (rel, c)));
    }
    let joined: Vec<String> = commands.iter().map(|(_, c)| c.join(" ")).collect();
    for wanted in [
        "risk check --format github",
        "risk diff origin/main --format md",
        "risk check --format junit",
        "risk check --format github --policy-from origin/main",
        "risk check --format junit --policy-from origin/main",
        "risk fmt --check",
    ] {
        assert!(
            joined.iter().any(|c| c == wanted),
            "{wanted} not in {joined:?}"
        );
    }
    for (rel, words) in commands {
        if let Err(e) = Cli::try_parse_from(&words) {
            panic!("{rel}: `{}` does not parse: {e}", words.join(" "));
        }
    }
}

#[test]
fn the_github_workflow_posts_the_diff_and_fetches_history() {
    let text = std::fs::read_to_string(examples().join("github/risk-register.yml")).unwrap();
    let workflow: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let diff_steps = workflow["jobs"]["diff"]["steps"].as_sequence().unwrap();
    assert_eq!(
        diff_steps[0]["with"]["fetch-depth"],
        serde_yaml::Value::from(0)
    );
    assert!(text.contains("gh pr comment"));
    assert_eq!(
        workflow["permissions"]["pull-requests"],
        serde_yaml::Value::from("write")
    );
}

#[test]
fn the_pre_commit_hook_stops_a_commit_that_breaks_the_register() {
    let repo = RegisterTest::git_repo("pr-diff");
    let hook = examples().join("pre-commit");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_risk")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run_hook = |repo: &RegisterTest| {
        std::process::Command::new("sh")
            .arg(&hook)
            .current_dir(repo.folder())
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env("RISK_TODAY", TODAY)
            .env_remove("RISK_REGISTER")
            .output()
            .unwrap()
    };
    // nothing staged under register/: the hook lets the commit through
    assert!(run_hook(&repo).status.success());
    // a high risk without an owner, staged
    repo.edit("risks/RISK-0003.yaml", "owner: cx-lead\n", "");
    repo.edit("risks/RISK-0003.yaml", "likelihood: 2", "likelihood: 5");
    repo.git(["add", "-A"]);
    let out = run_hook(&repo);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("`risk check` found errors"),
        "{}",
        stderr(&out)
    );
    // not in canonical form
    repo.write(
        "risks/RISK-0003.yaml",
        "title: Wrong dates\nid: RISK-0003\nlikelihood: 2\nimpact: 2\n",
    );
    repo.git(["add", "-A"]);
    let out = run_hook(&repo);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("run `risk fmt`"), "{}", stderr(&out));
    // fixed
    repo.write(
        "risks/RISK-0003.yaml",
        "id: RISK-0003\ntitle: Wrong dates\nlikelihood: 2\nimpact: 2\n",
    );
    repo.git(["add", "-A"]);
    let out = run_hook(&repo);
    assert!(out.status.success(), "{}", stderr(&out));
}
