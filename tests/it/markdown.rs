//! `--format md` of `matrix`, `rank` and `overdue`, pinned on the board fixture with a fixed day:
//! these tables are pasted into tickets and pull requests.

use snapbox::{assert_data_eq, str};

use crate::support::RegisterTest;

fn md(args: &[&str]) -> String {
    RegisterTest::read_only("board")
        .cmd(args)
        .args(["--format", "md"])
        .success()
        .stdout_text()
}

#[test]
fn matrix_md() {
    assert_data_eq!(
        md(&["matrix"]),
        str![[r#"
| likelihood / impact | 1 negligible | 2 minor | 3 moderate | 4 major | 5 severe |
|---|---|---|---|---|---|
| 5 almost-certain | medium | high | **high: 1** RISK-0009 | high | high |
| 4 likely | low | medium | **high: 1** RISK-0003 | high | high |
| 3 possible | low | **medium: 1** RISK-0006 | medium | high | **high: 1** RISK-0001 |
| 2 unlikely | low | low | medium | **medium: 2** RISK-0002 RISK-0005 | **high: 1** RISK-0004 |
| 1 rare | low | **low: 1** RISK-0007 | low | low | medium |

"#]]
    );
}

#[test]
fn matrix_target_md() {
    assert_data_eq!(
        md(&["matrix", "--target"]),
        str![[r#"
| likelihood / impact | 1 negligible | 2 minor | 3 moderate | 4 major | 5 severe |
|---|---|---|---|---|---|
| 5 almost-certain | medium | high | high | high | high |
| 4 likely | low | medium | high | high | high |
| 3 possible | low | **medium: 2** RISK-0006 RISK-0009 | medium | high | high |
| 2 unlikely | low | low | **medium: 2** RISK-0001 RISK-0003 | **medium: 1** RISK-0005 | high |
| 1 rare | low | **low: 1** RISK-0007 | low | **low: 1** RISK-0002 | **medium: 1** RISK-0004 |

"#]]
    );
}

#[test]
fn rank_md() {
    assert_data_eq!(
        md(&["rank"]),
        str![[r#"
| rank | id | title | severity | occurrence | detection | rpn | ap |
|---|---|---|---|---|---|---|---|
| 1 | RISK-0009 | Complaint backlog breaches response times | 6 | 8 | 7 | 336 | H |
| 2 | RISK-0001 | Reservation system outage strands passengers | 9 | 4 | 6 | 216 | H |
| 3 | RISK-0005 | Welcome e-mails sent to the wrong customer | 8 | 5 | 5 | 200 | M |
| 4 | RISK-0002 | Customers charged twice for one booking | 7 | 3 | 4 | 84 | L |
| 5 | RISK-0004 | Slippery boarding ramp injures a passenger | 10 | 2 | 3 | 60 | L |

"#]]
    );
}

#[test]
fn rank_by_rpn_top_3_md() {
    assert_data_eq!(
        md(&["rank", "--by", "rpn", "--top", "3"]),
        str![[r#"
| rank | id | title | severity | occurrence | detection | rpn | ap |
|---|---|---|---|---|---|---|---|
| 1 | RISK-0009 | Complaint backlog breaches response times | 6 | 8 | 7 | 336 | H |
| 2 | RISK-0001 | Reservation system outage strands passengers | 9 | 4 | 6 | 216 | H |
| 3 | RISK-0005 | Welcome e-mails sent to the wrong customer | 8 | 5 | 5 | 200 | M |

"#]]
    );
}

#[test]
fn overdue_md() {
    assert_data_eq!(
        md(&["overdue"]),
        str![[r#"
| kind | record | item | what | owner | due | days_overdue |
|---|---|---|---|---|---|---|
| review | RISK-0004 | review | Review of Slippery boarding ramp injures a passenger | safety-officer | 2026-05-02 | 205 |
| action | RISK-0001 | A1 | Contract a failover provider | it-vendor-mgr | 2026-06-30 | 146 |
| review | RISK-0001 | review | Review of Reservation system outage strands passengers | ops-lead | 2026-07-30 | 116 |
| action | RISK-0009 | A1 | Triage every complaint within one working day | complaints-lead | 2026-09-30 | 54 |
| action | RISK-0005 | A1 | Verify the address against the account before sending | privacy-officer | 2026-10-15 | 39 |
| pay | CLM-0002 | pay | Pay the accepted offer to CUST-20932 | ops-lead | 2026-10-23 | 31 |
| acknowledge | CLM-0004 | acknowledge | Acknowledge the claim of CUST-20955 | ops-lead | 2026-10-25 | 29 |
| action | RISK-0003 | A1 | Refresh refund-rules training for all agents | training-team | 2026-11-01 | 22 |
| update | INC-0002 | update-2 | Update 2 to affected customers of Customers billed twice for October | billing-lead | 2026-11-06 | 17 |
| action | INC-0001 | A1 | Contract a second check-in provider | it-vendor-mgr | 2026-11-10 | 13 |
| action | RISK-0006 | A1 | Show live seat availability in the sales tool | - | 2026-11-20 | 3 |

"#]]
    );
}

#[test]
fn markdown_tables_are_well_formed() {
    for args in [&["matrix"][..], &["rank"], &["overdue"]] {
        let text = md(args);
        let widths: Vec<usize> = text
            .lines()
            .map(|l| {
                assert!(l.starts_with('|') && l.ends_with('|'), "{args:?}: {l}");
                l.matches(" | ").count()
            })
            .collect();
        assert!(widths.len() >= 3, "{args:?}");
        let separators = text.lines().nth(1).unwrap().matches("---|").count();
        assert_eq!(separators, widths[0] + 1, "{args:?}");
    }
}
