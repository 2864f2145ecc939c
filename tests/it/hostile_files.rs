//! Files a hostile pull request can put in a register (DESIGN 14): a FIFO named like a record,
//! a record too large to read, a template linked out of the register, broken settings, and what
//! a killed writer leaves behind. Each is a finding or a clear error, never a hang.

use std::time::Duration;

use crate::support::RegisterTest;

fn small_register() -> RegisterTest {
    let t = RegisterTest::new();
    t.risk(
        "RISK-0001",
        "title: Check-in kiosks fail\nowner: ops\nlikelihood: 2\nimpact: 2\n",
    );
    t
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_record_is_a_finding_not_a_hang() {
    let t = small_register();
    let fifo = t.path("risks/RISK-0002.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let limit = Duration::from_secs(20);
    t.cmd(["check", "--format", "json"])
        .timeout(limit)
        .run()
        .code(1)
        .stdout_has("\"rule\": \"parse\"")
        .stdout_has("RISK-0002.yaml")
        .stdout_has("is not a regular file (a FIFO, socket or device); not read");
    t.cmd(["list"])
        .timeout(limit)
        .run()
        .code(2)
        .stderr_has("risks/RISK-0002.yaml: is not a regular file");
    t.cmd(["fmt", "--check"])
        .timeout(limit)
        .run()
        .code(2)
        .stderr_has("is not a regular file");
}

#[test]
fn a_record_over_one_mebibyte_is_refused_before_it_is_read() {
    let t = small_register();
    let huge = format!(
        "id: RISK-0002\ntitle: Huge\nlikelihood: 2\nimpact: 2\nnotes: {}\n",
        "x".repeat(2 * 1024 * 1024)
    );
    t.write("risks/RISK-0002.yaml", huge);
    t.run(["check"])
        .code(1)
        .stdout_has("risks/RISK-0002.yaml: is 2097210 bytes, more than the 1 MiB a record or the settings may hold; not read");
    // A read command reads past it, and names it; showing another record is not hindered.
    t.run(["list"])
        .code(2)
        .stdout_has("RISK-0001")
        .stderr_has("more than the 1 MiB");
    t.run(["show", "RISK-0001"]).success();
    t.run(["show", "RISK-0002"])
        .code(2)
        .stderr_has("more than the 1 MiB");
}

#[cfg(unix)]
#[test]
fn a_notice_template_linked_out_of_the_register_is_refused() {
    let t = RegisterTest::fixture("incidents");
    let secret = t.beside(
        "secret.txt",
        "the contents of a file outside the register\n",
    );
    std::fs::create_dir_all(t.path("templates")).unwrap();
    std::os::unix::fs::symlink(&secret, t.path("templates/notice.md")).unwrap();
    t.run(["incident", "notice", "INC-0001"])
        .code(2)
        .stderr_has("templates/notice.md: is a link leading outside the register")
        .stdout_lacks("the contents of a file outside the register");
}

#[test]
fn broken_settings_are_a_finding_in_every_check_format() {
    let t = RegisterTest::with_settings("currrency: EUR\n");
    t.run(["check"])
        .code(1)
        .stdout_has("error[parse]: ")
        .stdout_has("register.yaml:1: currrency: unknown key (did you mean `currency`?)");
    let json = t.run(["check", "--format", "json"]).code(1).stdout_json();
    assert_eq!(json["errors"][0]["rule"], "parse");
    assert_eq!(json["errors"][0]["line"], 1);
    t.run(["check", "--format", "github"])
        .code(1)
        .stdout_has("register.yaml,line=1,title=parse::currrency: unknown key");
    t.run(["check", "--format", "junit"])
        .code(1)
        .stdout_has("<testsuite name=\"parse\"")
        .stdout_has("currrency: unknown key");
    // Other commands still refuse to act on it.
    t.run(["list"]).code(2).stderr_has("currrency: unknown key");
}

#[test]
fn what_a_killed_writer_leaves_is_reported_removed_and_ignored_by_git() {
    let t = small_register();
    t.write("risks/.risk-AbC123.tmp", "id: RISK-0001\ntitle: half a wri");
    t.run(["check", "--format", "json"])
        .success()
        .stdout_has("risks/.risk-AbC123.tmp")
        .stdout_has("a temporary file left by an interrupted write; `risk fmt` removes it");
    t.run(["fmt"])
        .success()
        .stdout_has("Removed ")
        .stdout_has("risks/.risk-AbC123.tmp (a temporary file left by an interrupted write)");
    assert!(!t.exists("risks/.risk-AbC123.tmp"));
    // A new register tells git to leave such files alone.
    let fresh = RegisterTest::without_register();
    fresh.run(["init", "reg"]).success();
    let ignore = std::fs::read_to_string(fresh.folder().join("reg/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == ".risk-*.tmp"), "{ignore}");
}
