//! The scenario builder's own promises: a write is followed by `risk fmt --check` and
//! `risk check`, what was off before a run is not held against it, and a committed fixture
//! is never written.

use crate::support::RegisterTest;

#[test]
fn a_run_that_writes_nothing_leaves_the_register_unchanged() {
    RegisterTest::fixture("incidents")
        .run(["claim", "assess", "CLM-0004", "--dry-run"])
        .success()
        .stdout_has("(dry run: nothing recorded)")
        .stdout_lacks("recorded the assessment")
        .stderr_lacks("panicked")
        .unchanged();
}

#[test]
fn a_committed_fixture_runs_in_place() {
    RegisterTest::read_only("incidents")
        .run(["claim", "show", "CLM-0099"])
        .code(2)
        .stderr_has("no claim with id CLM-0099")
        .unchanged();
}

#[test]
#[should_panic(expected = "the register changed")]
fn unchanged_fails_after_a_run_that_wrote() {
    RegisterTest::new()
        .run(["add", "--title", "x", "-l", "1", "-i", "1"])
        .success()
        .unchanged();
}

#[test]
#[should_panic(expected = "`risk fmt --check` exits")]
fn a_record_left_out_of_canonical_form_fails_the_test() {
    let t = RegisterTest::new();
    t.command(["list"]).assert().success();
    // What an escape-hatch run may have written: keys out of order.
    std::fs::create_dir_all(t.path("risks")).unwrap();
    std::fs::write(
        t.path("risks/RISK-0001.yaml"),
        "title: Keys out of order\nid: RISK-0001\nlikelihood: 1\nimpact: 1\n",
    )
    .unwrap();
}

#[test]
#[should_panic(expected = "(\"parse\", \"register/risks/RISK-0001.yaml\")")]
fn a_broken_record_fails_the_test_at_the_next_run() {
    let t = RegisterTest::new();
    t.process(["list"]).output().unwrap();
    std::fs::create_dir_all(t.path("risks")).unwrap();
    std::fs::write(t.path("risks/RISK-0001.yaml"), "id: RISK-0001\ntitle: [x\n").unwrap();
    t.run(["list"]);
}

#[test]
fn what_was_broken_before_a_run_is_not_held_against_it() {
    let t = RegisterTest::new();
    t.risk("RISK-0001", "title: [unclosed\n").write(
        "risks/RISK-0002.yaml",
        "title: Out of order\nid: RISK-0002\nlikelihood: 1\nimpact: 1\n",
    );
    // `add` reads only file names, so the broken and the non-canonical record stay as they are.
    t.run(["-q", "add", "--title", "New", "-l", "2", "-i", "2"])
        .success()
        .stdout("RISK-0003\n");
}

#[test]
fn allow_broken_result_skips_the_checks() {
    // `init --example` beside records that already exist adds sample ids that may collide
    // (RISK-1 and RISK-0001): the run leaves a duplicate-id on purpose.
    let t = RegisterTest::without_register();
    t.risk(
        "RISK-1",
        "title: Written before init\nlikelihood: 1\nimpact: 1\n",
    );
    t.cmd(["init", "--example"]).allow_broken_result().run();
}

#[test]
#[should_panic(expected = "a read-only fixture is not written")]
fn a_committed_fixture_is_never_written() {
    RegisterTest::read_only("empty").write("risks/RISK-0001.yaml", "id: RISK-0001\n");
}
