//! Lifecycles: close with a reason and reopen, actions started, done and cancelled once each,
//! and dates in the future refused for what has already happened.

use crate::support::RegisterTest;

fn one_risk() -> RegisterTest {
    let t = RegisterTest::new();
    t.risk(
        "RISK-0001",
        "title: Refunds paid twice\nlikelihood: 2\nimpact: 3\nactions:\n  - id: A1\n    title: Reconcile daily\n    due: 2026-12-15\n",
    );
    t
}

#[test]
fn close_records_on_and_reason_right_after_status_and_reopen_removes_them() {
    let t = one_risk();
    t.run(["close", "RISK-0001", "--reason", "Supplier replaced"])
        .success()
        .stdout_has("Closed RISK-0001 on 2026-11-23 (1 action still open)");
    let text = t.read("risks/RISK-0001.yaml");
    assert!(
        text.contains("status: closed\nclosed:\n  on: 2026-11-23\n  reason: Supplier replaced\n"),
        "{text}"
    );
    t.run(["close", "RISK-0001"])
        .code(2)
        .stderr_has("already closed on 2026-11-23");
    // `list --all` tells closed risks apart.
    let all = t.run(["list", "--all"]).success().stdout_text();
    assert!(all.contains("status") && all.contains("closed"), "{all}");
    t.run(["reopen", "RISK-0001"])
        .success()
        .stdout_has("Reopened RISK-0001");
    let text = t.read("risks/RISK-0001.yaml");
    assert!(
        !text.contains("closed") && !text.contains("status"),
        "{text}"
    );
    t.run(["reopen", "RISK-0001"])
        .code(2)
        .stderr_has("open already")
        .unchanged();
}

#[test]
fn an_action_is_started_done_once_and_not_in_the_future() {
    let t = one_risk();
    t.run(["action", "done", "RISK-0001/A1", "--on", "2026-11-24"])
        .code(2)
        .stderr_has("2026-11-24 is in the future")
        .unchanged();
    t.run(["action", "start", "RISK-0001/A1"])
        .success()
        .stdout_has("Started RISK-0001/A1");
    assert!(
        t.read("risks/RISK-0001.yaml")
            .contains("status: in_progress")
    );
    t.run(["action", "done", "RISK-0001/A1"]).success();
    t.run(["action", "done", "RISK-0001/A1"])
        .code(2)
        .stderr_has("RISK-0001/A1 is already done (on 2026-11-23); nothing changed")
        .unchanged();
    t.run(["action", "cancel", "RISK-0001/A1"])
        .code(2)
        .stderr_has("is done")
        .unchanged();
}

#[test]
fn an_action_can_be_cancelled_once() {
    let t = one_risk();
    t.run(["action", "cancel", "RISK-0001/A1"])
        .success()
        .stdout_has("Cancelled RISK-0001/A1");
    t.run(["action", "cancel", "RISK-0001/A1"])
        .code(2)
        .stderr_has("already cancelled")
        .unchanged();
}
