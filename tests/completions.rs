//! `risk completions` and `risk man`, generated from the clap definition.

use assert_cmd::Command;

fn risk() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_risk"));
    command.env("NO_COLOR", "1").env_remove("RISK_REGISTER");
    command
}

#[test]
fn completions_for_every_shell_know_the_commands() {
    for (shell, marker) in [
        ("bash", "_risk()"),
        ("zsh", "#compdef risk"),
        ("fish", "complete -c risk"),
        ("elvish", "risk"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = risk().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(marker), "{shell}: {text}");
        assert!(
            text.contains("renumber") && text.contains("diff"),
            "{shell}"
        );
    }
    let out = risk().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff_with_every_command() {
    let out = risk().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH risk 1"), "{page}");
    assert!(
        page.contains("risk\\-diff") || page.contains("diff"),
        "{page}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = risk()
        .args(["man", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("risk.1").is_file());
    assert!(dir.path().join("risk-check.1").is_file());
}
