//! A gate a pull request cannot loosen (DESIGN 14): `check --policy-from REV` takes the rules
//! from the base revision and names each loosening; `diff` shows what changed in the settings.

use serde_json::Value;

use crate::support::RegisterTest;

/// The board fixture committed on `main`; the pull request then edits `register.yaml`.
fn pull_request(settings_edit: impl Fn(&str) -> String) -> RegisterTest {
    let repo = RegisterTest::git_repo("board");
    let settings = repo.read("register.yaml");
    repo.write("register.yaml", settings_edit(&settings));
    repo.commit("loosen the gate");
    repo
}

fn errors(out: &Value) -> Vec<(String, String)> {
    out["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["rule"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn append(text: &str, extra: &str) -> String {
    format!("{text}{extra}")
}

#[test]
fn a_pull_request_that_allows_its_own_failures_is_still_checked_by_the_base_rules() {
    // The pull request adds an unowned risk rated 25, and switches off the rule it breaks.
    let repo = RegisterTest::git_repo("board");
    repo.risk(
        "RISK-0099",
        "title: Minor typo fix\nlikelihood: 5\nimpact: 5\n",
    );
    let settings = repo.read("register.yaml");
    repo.write(
        "register.yaml",
        append(
            &settings,
            "check:\n  allow: [parse, owner-required, over-limit]\n",
        ),
    );
    repo.commit("allow what fails");
    // Without --policy-from the pull request's own settings turn the gate green.
    let loosened = repo.cmd(["check", "--format", "json"]).discover().run();
    assert!(
        !errors(&loosened.stdout_json())
            .iter()
            .any(|(rule, _)| rule == "owner-required"),
        "the allow list in the working tree switches the rule off"
    );
    // With it, the base's rules apply and each loosening is an error of its own.
    let out = repo
        .cmd(["check", "--format", "json", "--policy-from", "main~1"])
        .discover()
        .run()
        .code(1);
    let found = errors(&out.stdout_json());
    assert!(
        found.iter().any(|(rule, _)| rule == "owner-required"),
        "{found:?}"
    );
    let changed: Vec<&String> = found
        .iter()
        .filter(|(rule, _)| rule == "policy-changed")
        .map(|(_, message)| message)
        .collect();
    assert_eq!(
        changed,
        [
            "check.allow: switches rule `over-limit` off (the gate is taken from main~1)",
            "check.allow: switches rule `owner-required` off (the gate is taken from main~1)",
            "check.allow: switches rule `parse` off (the gate is taken from main~1)",
        ]
    );
    // The github format places each on its line of register.yaml.
    repo.cmd(["check", "--format", "github", "--policy-from", "main~1"])
        .discover()
        .run()
        .code(1)
        .stdout_has("::error file=register/register.yaml,line=")
        .stdout_has("title=policy-changed::check.allow: switches rule `parse` off");
}

#[test]
fn raising_the_customer_limit_a_hundredfold_is_named_and_shown_in_the_diff() {
    let repo =
        pull_request(|s| s.replace("per_customer_limit: 600.00", "per_customer_limit: 60000.00"));
    let settings = repo.read("register.yaml");
    assert!(
        settings.contains("60000.00"),
        "the fixture sets the limit:\n{settings}"
    );
    let out = repo
        .cmd(["check", "--format", "json", "--policy-from", "HEAD~1"])
        .discover()
        .run();
    let found = errors(&out.stdout_json());
    assert!(
        found.contains(&(
            "policy-changed".into(),
            "compensation.per_customer_limit: raised from 600.00 to 60000.00 (the gate is taken from HEAD~1)".into()
        )),
        "{found:?}"
    );
    // `risk diff` no longer says "no changes": the settings are a changed record of their own.
    let diff = repo
        .cmd(["diff", "HEAD~1", "HEAD", "--format", "json"])
        .discover()
        .run()
        .success()
        .stdout_json();
    assert_eq!(
        diff["changed"][0],
        serde_json::json!({
            "id": "settings",
            "changes": [{"field": "compensation.per_customer_limit", "from": "600.00", "to": "60000.00"}]
        })
    );
    repo.cmd(["diff", "HEAD~1", "HEAD"])
        .discover()
        .run()
        .success()
        .stdout_has("changed  settings  register.yaml")
        .stdout_has("compensation.per_customer_limit: 600.00 → 60000.00");
    repo.cmd(["diff", "HEAD~1", "HEAD", "--format", "md"])
        .discover()
        .run()
        .success()
        .stdout_has(
            "| settings register.yaml | `compensation.per_customer_limit` | 600.00 | 60000.00 |",
        );
}

#[test]
fn a_tightened_gate_passes_and_an_unchanged_one_adds_no_finding() {
    let repo = pull_request(|s| append(s, "owner_required_from: medium\n"));
    let out = repo
        .cmd(["check", "--format", "json", "--policy-from", "HEAD~1"])
        .discover()
        .run();
    assert!(
        !errors(&out.stdout_json())
            .iter()
            .any(|(rule, _)| rule == "policy-changed"),
        "an owner required from a lower band is stricter"
    );
    // Against itself nothing is loosened, and the output is what plain `check` prints.
    let plain = repo.cmd(["check"]).discover().run();
    let against_head = repo
        .cmd(["check", "--policy-from", "HEAD"])
        .discover()
        .run();
    assert_eq!(plain.stdout_text(), against_head.stdout_text());
    assert_eq!(plain.exit_code(), against_head.exit_code());
}

#[test]
fn policy_from_a_revision_that_does_not_exist_is_a_usage_error() {
    let repo = RegisterTest::git_repo("board");
    repo.cmd(["check", "--policy-from", "no-such-branch"])
        .discover()
        .run()
        .code(2)
        .stderr_has("`no-such-branch` is not a commit");
}
