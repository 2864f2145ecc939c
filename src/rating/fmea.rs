//! FMEA: risk priority number and AIAG-VDA action priority (FMEA handbook, 2019).

use std::cmp::Ordering;

use serde::Serialize;

/// RPN = severity × occurrence × detection (1..1000).
pub fn rpn(severity: u8, occurrence: u8, detection: u8) -> u32 {
    severity as u32 * occurrence as u32 * detection as u32
}

/// Action priority: high, medium or low. Orders H before M before L.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Ap {
    H,
    M,
    L,
}

impl Ap {
    pub fn as_str(self) -> &'static str {
        match self {
            Ap::H => "H",
            Ap::M => "M",
            Ap::L => "L",
        }
    }
}

/// AIAG-VDA action priority from S, O and D, each 1..10 (DESIGN section 5).
pub fn action_priority(s: u8, o: u8, d: u8) -> Ap {
    use Ap::{H, L, M};
    // Columns: detection 7-10, 5-6, 2-4, 1.
    let col = match d {
        7.. => 0,
        5..=6 => 1,
        2..=4 => 2,
        _ => 3,
    };
    let row: [Ap; 4] = match (s, o) {
        (9.., 6..) => [H, H, H, H],
        (9.., 4..=5) => [H, H, H, M],
        (9.., 2..=3) => [H, M, L, L],
        (7..=8, 8..) => [H, H, H, H],
        (7..=8, 6..=7) => [H, H, H, M],
        (7..=8, 4..=5) => [H, M, M, M],
        (7..=8, 2..=3) => [M, M, L, L],
        (4..=6, 8..) => [H, H, M, M],
        (4..=6, 6..=7) => [M, M, M, L],
        (4..=6, 4..=5) => [M, L, L, L],
        (2..=3, 8..) => [M, M, L, L],
        _ => [L, L, L, L],
    };
    row[col]
}

/// The FMEA figures of one risk, as ranked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked<'a> {
    pub id: &'a crate::model::Id,
    pub severity: u8,
    pub occurrence: u8,
    pub detection: u8,
    pub rpn: u32,
    pub ap: Ap,
}

/// Rank order: AP (H, M, L), then RPN, severity and occurrence descending, then id ascending.
/// With `by_rpn`, RPN comes first and AP second.
pub fn rank_order(a: &Ranked, b: &Ranked, by_rpn: bool) -> Ordering {
    let ap = a.ap.cmp(&b.ap);
    let rpn = b.rpn.cmp(&a.rpn);
    let first = if by_rpn { rpn.then(ap) } else { ap.then(rpn) };
    first
        .then(b.severity.cmp(&a.severity))
        .then(b.occurrence.cmp(&a.occurrence))
        .then(a.id.cmp(b.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Id;

    #[test]
    fn rpn_multiplies() {
        assert_eq!(rpn(9, 4, 6), 216);
        assert_eq!(rpn(1, 1, 1), 1);
        assert_eq!(rpn(10, 10, 10), 1000);
    }

    #[test]
    fn ap_over_all_1000_combinations_matches_the_handbook_totals() {
        let (mut h, mut m, mut l) = (0, 0, 0);
        for s in 1..=10 {
            for o in 1..=10 {
                for d in 1..=10 {
                    match action_priority(s, o, d) {
                        Ap::H => h += 1,
                        Ap::M => m += 1,
                        Ap::L => l += 1,
                    }
                }
            }
        }
        assert_eq!((h, m, l), (318, 214, 468));
    }

    #[test]
    fn ap_rows_of_the_handbook() {
        use Ap::*;
        // (S, O, [D=10, D=6, D=3, D=1]) spot checks, one per table row.
        let rows: [(u8, u8, [Ap; 4]); 18] = [
            (10, 9, [H, H, H, H]),
            (9, 6, [H, H, H, H]),
            (9, 5, [H, H, H, M]),
            (10, 2, [H, M, L, L]),
            (9, 1, [L, L, L, L]),
            (8, 8, [H, H, H, H]),
            (7, 7, [H, H, H, M]),
            (8, 4, [H, M, M, M]),
            (7, 3, [M, M, L, L]),
            (8, 1, [L, L, L, L]),
            (6, 10, [H, H, M, M]),
            (4, 6, [M, M, M, L]),
            (5, 5, [M, L, L, L]),
            (6, 3, [L, L, L, L]),
            (4, 1, [L, L, L, L]),
            (3, 8, [M, M, L, L]),
            (2, 7, [L, L, L, L]),
            (1, 10, [L, L, L, L]),
        ];
        for (s, o, expected) in rows {
            for (d, ap) in [10, 6, 3, 1].into_iter().zip(expected) {
                assert_eq!(action_priority(s, o, d), ap, "S={s} O={o} D={d}");
            }
        }
        // Column edges: D 7 and 5 and 2 start their columns.
        assert_eq!(action_priority(7, 3, 7), M);
        assert_eq!(action_priority(10, 2, 5), M);
        assert_eq!(action_priority(10, 2, 4), L);
        assert_eq!(action_priority(9, 4, 2), H);
    }

    #[test]
    fn rank_order_is_ap_then_rpn_then_severity_then_occurrence_then_id() {
        let ids: Vec<Id> = (1..=6)
            .map(|n| Id::parse(&format!("RISK-{n}")).unwrap())
            .collect();
        let mk = |i: usize, s, o, d| Ranked {
            id: &ids[i],
            severity: s,
            occurrence: o,
            detection: d,
            rpn: rpn(s, o, d),
            ap: action_priority(s, o, d),
        };
        let mut ranked = [
            mk(0, 5, 5, 5), // M, 125
            mk(1, 9, 9, 1), // H, 81
            mk(2, 3, 3, 3), // L, 27
            mk(3, 6, 4, 7), // M, 168
            mk(4, 4, 6, 7), // M, 168, lower severity than RISK-4
            mk(5, 6, 4, 7), // same as RISK-4: id decides
        ];
        ranked.sort_by(|a, b| rank_order(a, b, false));
        let order: Vec<u64> = ranked.iter().map(|r| r.id.number()).collect();
        assert_eq!(order, vec![2, 4, 6, 5, 1, 3]);
        ranked.sort_by(|a, b| rank_order(a, b, true));
        let order: Vec<u64> = ranked.iter().map(|r| r.id.number()).collect();
        assert_eq!(order, vec![4, 6, 5, 1, 2, 3]);
    }
}
