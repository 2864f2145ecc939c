//! `risk completions` and `risk man`, generated from the clap definition.

use crate::support::RegisterTest;

#[test]
fn completions_for_every_shell_know_the_commands() {
    let t = RegisterTest::without_register();
    for (shell, marker) in [
        ("bash", "_risk()"),
        ("zsh", "#compdef risk"),
        ("fish", "complete -c risk"),
        ("elvish", "risk"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = t.run(["completions", shell]);
        assert!(out.output().status.success(), "{shell}");
        let text = out.stdout_text();
        assert!(text.contains(marker), "{shell}: {text}");
        assert!(
            text.contains("renumber") && text.contains("diff"),
            "{shell}"
        );
    }
    let out = t.run(["completions", "tcsh"]);
    assert_eq!(out.exit_code(), Some(2));
}

#[test]
fn the_man_page_is_roff_with_every_command() {
    let t = RegisterTest::without_register();
    let out = t.run(["man"]);
    assert!(out.output().status.success());
    let page = out.stdout_text();
    assert!(page.contains(".TH risk 1"), "{page}");
    assert!(
        page.contains("risk\\-diff") || page.contains("diff"),
        "{page}"
    );
    let out = t.cmd(["man", "--out"]).arg(t.folder()).run();
    assert!(out.output().status.success());
    assert!(t.folder().join("risk.1").is_file());
    assert!(t.folder().join("risk-check.1").is_file());
}
