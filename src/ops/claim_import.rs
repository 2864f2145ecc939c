//! `claim import` planned over a snapshot (DESIGN 7): every row checked before anything is
//! written, the rows that are claims already in the register matched to them, so a re-run
//! after a crash finishes the batch and never duplicates it, and one new claim for the rest.
//!
//! The rule: a row whose `ref` equals a claim's `ref` is that claim. Otherwise a row is a
//! claim of the same incident with the same customer, received date, requested type and
//! amount, the Nth such row of the file the Nth such claim (by id), so a file that holds a
//! claim twice imports it twice, once. A row that has a `ref` is not matched this way to a
//! claim that has another `ref`: the source says they are different claims.

use std::collections::{HashMap, HashSet};

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{Outcome, create_many};
use crate::check::personal::{is_pseudonymous, looks_personal};
use crate::error::{Error, Located};
use crate::model::claim::{Channel, ClaimStatus, Request, parse_type};
use crate::model::{Claim, Id, Kind, Money};
use crate::snapshot::Snapshot;

/// The rows of a CSV file as the command line read them: the file as shown in messages, its
/// rows, and the lines the reader could not split (reported with the rows' own problems).
#[derive(Clone, Debug)]
pub struct CsvRows<R> {
    pub file: String,
    pub rows: Vec<R>,
    pub unreadable: Vec<Located>,
}

/// One row of a claims CSV: its line in the file and its cells as text, trimmed; a column the
/// file does not have is empty.
#[derive(Clone, Debug, Default)]
pub struct ImportRow {
    pub line: usize,
    pub customer: String,
    pub received: String,
    pub kind: String,
    pub amount: String,
    pub channel: String,
    /// Pieces of evidence separated by `;`.
    pub evidence: String,
    /// The claim's reference in the system it came from.
    pub reference: String,
}

/// The columns `claim import` reads, the first four required.
pub const COLUMNS: [&str; 7] = [
    "customer", "received", "type", "amount", "channel", "evidence", "ref",
];

/// What `claim import` is asked to do besides the file.
#[derive(Clone, Debug)]
pub struct ImportParams {
    pub incident: Id,
    /// Record every new claim as acknowledged on this date (or on its received date, if later).
    pub acknowledged: Option<NaiveDate>,
}

/// What `claim import` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub incident: Id,
    /// The new claims, in the order of their rows.
    pub created: Vec<Id>,
    /// The rows that are claims already in the register: (line, claim).
    pub already: Vec<(usize, Id)>,
}

impl Imported {
    /// The confirmation printed: the new ids, and how many rows were already there.
    pub fn summary(&self) -> String {
        let incident = &self.incident;
        match (self.created.first(), self.created.last()) {
            (Some(first), Some(last)) => {
                let mut text = format!(
                    "Imported {} claim(s) for {incident}: {first}..{last}",
                    self.created.len()
                );
                if !self.already.is_empty() {
                    text.push_str(&format!(" ({} already there)", self.already.len()));
                }
                text
            }
            _ => format!(
                "Nothing imported for {incident}: all {} claim(s) of the file are already there",
                self.already.len()
            ),
        }
    }
}

/// A row that passed every check.
struct Valid<'a> {
    line: usize,
    customer: &'a str,
    received: NaiveDate,
    kind: String,
    amount: Option<Money>,
    channel: Option<Channel>,
    evidence: Vec<String>,
    reference: Option<&'a str>,
}

/// What identifies a claim when no `ref` does: customer, received date, requested type and
/// amount (the incident is the import's).
type Key<'a> = (&'a str, NaiveDate, &'a str, Option<Money>);

/// Checks every row of `file` and plans one new claim for each row that is not a claim of
/// the register already. One bad row and nothing is planned: every bad row is reported by its
/// line, with the lines the reader could not split.
pub fn import(
    snapshot: &Snapshot,
    file: &CsvRows<ImportRow>,
    params: &ImportParams,
    today: NaiveDate,
) -> Result<Outcome<Imported>> {
    let incident = &params.incident;
    let detected = snapshot.incident(incident)?.value.detected.date_naive();
    let mut problems = file.unreadable.clone();
    let mut refs_seen: HashMap<&str, usize> = HashMap::new();
    let mut rows: Vec<Valid> = Vec::with_capacity(file.rows.len());
    for row in &file.rows {
        let mut bad = |key: &str, message: String| {
            problems.push(Located {
                file: file.file.clone(),
                line: Some(row.line),
                key: Some(key.to_string()),
                message,
            })
        };
        let customer = row.customer.trim();
        if let Err(m) = is_pseudonymous(customer) {
            bad("customer", m);
        }
        let received_text = row.received.trim();
        let received = match received_text.parse::<NaiveDate>() {
            Ok(d) if d > today => {
                bad("received", format!("{d} is after today ({today})"));
                None
            }
            Ok(d) if d < detected => {
                bad(
                    "received",
                    format!("{d} is before {incident} was detected ({detected})"),
                );
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                bad(
                    "received",
                    format!("`{received_text}` is not a date (YYYY-MM-DD)"),
                );
                None
            }
        };
        let kind = parse_type(&row.kind).map_err(|m| bad("type", m)).ok();
        let amount_text = row.amount.trim();
        let amount = if amount_text.is_empty() {
            Some(None)
        } else {
            Money::parse(amount_text)
                .map(Some)
                .map_err(|m| bad("amount", m))
                .ok()
        };
        let channel_text = row.channel.trim();
        let channel = if channel_text.is_empty() {
            Some(None)
        } else {
            Channel::parse(channel_text)
                .map(Some)
                .map_err(|m| bad("channel", m))
                .ok()
        };
        let evidence: Vec<String> = row
            .evidence
            .split(';')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(String::from)
            .collect();
        for e in &evidence {
            if let Some(what) = looks_personal(e) {
                bad(
                    "evidence",
                    format!("`{e}` looks like a {what}; keep personal data out of the register"),
                );
            }
        }
        let reference = Some(row.reference.trim()).filter(|r| !r.is_empty());
        if let Some(r) = reference {
            if let Some(what) = looks_personal(r) {
                bad(
                    "ref",
                    format!("`{r}` looks like a {what}; keep personal data out of the register"),
                );
            } else if let Some(first) = refs_seen.insert(r, row.line) {
                bad("ref", format!("{r} is also on line {first}"));
                refs_seen.insert(r, first);
            }
        }
        if let (Some(received), Some(kind), Some(amount), Some(channel)) =
            (received, kind, amount, channel)
        {
            rows.push(Valid {
                line: row.line,
                customer,
                received,
                kind,
                amount,
                channel,
                evidence,
                reference,
            });
        }
    }
    let matched = match_existing(snapshot, incident, &rows, &file.file, &mut problems);
    if !problems.is_empty() {
        let n = problems.len();
        problems.insert(
            0,
            Located {
                file: file.file.clone(),
                line: None,
                key: None,
                message: format!("{n} problem(s); nothing was imported"),
            },
        );
        return Err(Error::input(problems).into());
    }
    if rows.is_empty() {
        bail!("{}: no claims in the file (only a header)", file.file);
    }
    let mut already = Vec::new();
    let mut new = Vec::new();
    for (row, claim) in rows.iter().zip(matched) {
        match claim {
            Some(id) => already.push((row.line, id.clone())),
            None => new.push(row),
        }
    }
    let written = create_many(snapshot, Kind::Claim, &new, |id, row| Claim {
        id,
        reference: row.reference.map(String::from),
        incident: incident.clone(),
        customer: row.customer.into(),
        received: row.received,
        channel: row.channel,
        proactive: None,
        requested: Some(Request {
            kind: row.kind.as_str().into(),
            amount: row.amount,
        }),
        evidence: row.evidence.iter().map(Into::into).collect(),
        status: Some(ClaimStatus::Received),
        acknowledged: params.acknowledged.map(|a| a.max(row.received)),
        assessment: None,
        offer: None,
        decision_note: None,
        accepted: None,
        paid: None,
        satisfaction: None,
    })?;
    let (created, changes) = written
        .into_iter()
        .map(|(id, _, change)| (id, change))
        .unzip();
    Ok(Outcome::new(
        changes,
        Imported {
            incident: incident.clone(),
            created,
            already,
        },
    ))
}

/// For each row, the claim of the register it is, if any (see the module's rule). A row whose
/// `ref` is a claim of another incident is a problem.
fn match_existing<'s>(
    snapshot: &'s Snapshot,
    incident: &Id,
    rows: &[Valid],
    file: &str,
    problems: &mut Vec<Located>,
) -> Vec<Option<&'s Id>> {
    let claims = || snapshot.claims.iter().map(|r| &r.value);
    let mut by_ref: HashMap<&str, &Claim> = HashMap::new();
    for claim in claims() {
        if let Some(r) = &claim.reference {
            // Two claims with one ref: the lower id answers for both.
            by_ref
                .entry(r.trim())
                .and_modify(|c| {
                    if claim.id < c.id {
                        *c = claim
                    }
                })
                .or_insert(claim);
        }
    }
    // The claims of the incident under each key, by id: those without a ref and those with one.
    let mut by_key: HashMap<Key, Pools> = HashMap::new();
    for claim in claims().filter(|c| &c.incident == incident) {
        if let Some(r) = &claim.requested {
            let key = (
                claim.customer.as_str(),
                claim.received,
                r.kind.as_str(),
                r.amount,
            );
            let pools = by_key.entry(key).or_default();
            match claim.reference {
                None => pools.plain.push(&claim.id),
                Some(_) => pools.with_ref.push(&claim.id),
            }
        }
    }
    for pools in by_key.values_mut() {
        pools.plain.sort();
        pools.with_ref.sort();
    }
    let mut matched: Vec<Option<&Id>> = vec![None; rows.len()];
    let mut taken: HashSet<&Id> = HashSet::new();
    // First every ref, so that a row without one cannot take the claim a later row's ref names.
    for (i, row) in rows.iter().enumerate() {
        let Some(claim) = row.reference.and_then(|r| by_ref.get(r)) else {
            continue;
        };
        if &claim.incident != incident {
            problems.push(Located {
                file: file.to_string(),
                line: Some(row.line),
                key: Some("ref".into()),
                message: format!(
                    "{} is {}, a claim for {}, not {incident}",
                    claim.reference.as_deref().unwrap_or_default(),
                    claim.id,
                    claim.incident
                ),
            });
            continue;
        }
        matched[i] = Some(&claim.id);
        taken.insert(&claim.id);
    }
    // Then the key, in the order of the file: the Nth row with a key is the Nth claim with it.
    for (i, row) in rows.iter().enumerate() {
        if matched[i].is_some() || row.reference.is_some_and(|r| by_ref.contains_key(r)) {
            continue;
        }
        let key = (row.customer, row.received, row.kind.as_str(), row.amount);
        if let Some(pools) = by_key.get_mut(&key) {
            matched[i] = pools.take(row.reference.is_none(), &taken);
        }
    }
    matched
}

/// The claims that share one key, each list by id, with how far each has been taken.
#[derive(Default)]
struct Pools<'s> {
    plain: Vec<&'s Id>,
    with_ref: Vec<&'s Id>,
    next_plain: usize,
    next_with_ref: usize,
}

impl<'s> Pools<'s> {
    /// The lowest claim not yet taken: any, or only one without a ref.
    fn take(&mut self, any: bool, taken: &HashSet<&Id>) -> Option<&'s Id> {
        fn skip(list: &[&Id], next: &mut usize, taken: &HashSet<&Id>) {
            while list.get(*next).is_some_and(|id| taken.contains(id)) {
                *next += 1;
            }
        }
        skip(&self.plain, &mut self.next_plain, taken);
        skip(&self.with_ref, &mut self.next_with_ref, taken);
        let plain = self.plain.get(self.next_plain).copied();
        let with_ref = any
            .then(|| self.with_ref.get(self.next_with_ref).copied())
            .flatten();
        match (plain, with_ref) {
            (Some(p), Some(r)) if r < p => {
                self.next_with_ref += 1;
                Some(r)
            }
            (Some(p), _) => {
                self.next_plain += 1;
                Some(p)
            }
            (None, Some(r)) => {
                self.next_with_ref += 1;
                Some(r)
            }
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec;
    use crate::ops::Change;
    use crate::snapshot::testing::snapshot;

    const INCIDENT: &str = "id: INC-0001\ntitle: Flights delayed\nseverity: 4\n\
        detected: 2026-11-01T09:00:00Z\n";
    const OTHER_INCIDENT: &str = "id: INC-0002\ntitle: Billed twice\nseverity: 3\n\
        detected: 2026-11-01T09:00:00Z\n";

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn params() -> ImportParams {
        ImportParams {
            incident: Id::parse("INC-0001").unwrap(),
            acknowledged: None,
        }
    }

    /// `customer,received,type,amount[,ref]` lines, from line 2 as under a header.
    fn file(lines: &[&str]) -> CsvRows<ImportRow> {
        let rows = lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let cells: Vec<&str> = line.split(',').collect();
                let cell = |n: usize| cells.get(n).copied().unwrap_or("").to_string();
                ImportRow {
                    line: i + 2,
                    customer: cell(0),
                    received: cell(1),
                    kind: cell(2),
                    amount: cell(3),
                    reference: cell(4),
                    ..ImportRow::default()
                }
            })
            .collect();
        CsvRows {
            file: "claims.csv".into(),
            rows,
            unreadable: Vec::new(),
        }
    }

    /// The claims the changes create, as files of a register (for the next run's snapshot).
    fn created(changes: &[Change]) -> Vec<String> {
        changes
            .iter()
            .map(|c| match c {
                Change::Create { text, .. } => text.clone(),
                other => panic!("expected a new file, got {other:?}"),
            })
            .collect()
    }

    fn register(records: &[String]) -> Snapshot {
        let mut texts: Vec<&str> = vec![INCIDENT, OTHER_INCIDENT];
        texts.extend(records.iter().map(String::as_str));
        snapshot("", &texts)
    }

    fn ids(list: &[Id]) -> Vec<String> {
        list.iter().map(Id::to_string).collect()
    }

    const ROWS: [&str; 4] = [
        "CUST-1,2026-11-02,refund,10.00",
        "CUST-2,2026-11-02,refund,20.00",
        "CUST-3,2026-11-03,credit,",
        "CUST-4,2026-11-03,refund,40",
    ];

    #[test]
    fn a_rerun_plans_nothing_and_says_so() {
        let today = day("2026-11-23");
        let first = import(&register(&[]), &file(&ROWS), &params(), today).unwrap();
        assert_eq!(first.changes.len(), 4);
        assert_eq!(
            first.report.summary(),
            "Imported 4 claim(s) for INC-0001: CLM-0001..CLM-0004"
        );
        let after = register(&created(&first.changes));
        let again = import(&after, &file(&ROWS), &params(), today).unwrap();
        assert!(again.changes.is_empty());
        assert!(again.report.created.is_empty());
        let lines: Vec<usize> = again.report.already.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
        assert_eq!(
            again.report.summary(),
            "Nothing imported for INC-0001: all 4 claim(s) of the file are already there"
        );
    }

    #[test]
    fn a_partial_batch_plans_exactly_the_missing_rows() {
        let today = day("2026-11-23");
        let first = import(&register(&[]), &file(&ROWS), &params(), today).unwrap();
        // A crash after the first two files were put in place.
        let written = created(&first.changes);
        let partial = register(&written[..2]);
        let rest = import(&partial, &file(&ROWS), &params(), today).unwrap();
        assert_eq!(ids(&rest.report.created), ["CLM-0003", "CLM-0004"]);
        assert_eq!(
            rest.report.already,
            [
                (2, Id::parse("CLM-0001").unwrap()),
                (3, Id::parse("CLM-0002").unwrap())
            ]
        );
        // The new files are those the first run would have written for those rows.
        assert_eq!(created(&rest.changes), written[2..]);
        assert_eq!(
            rest.report.summary(),
            "Imported 2 claim(s) for INC-0001: CLM-0003..CLM-0004 (2 already there)"
        );
    }

    #[test]
    fn identical_rows_are_as_many_claims_and_match_as_many() {
        let today = day("2026-11-23");
        let twice = [ROWS[0], ROWS[1], ROWS[0]];
        let first = import(&register(&[]), &file(&twice), &params(), today).unwrap();
        assert_eq!(
            ids(&first.report.created),
            ["CLM-0001", "CLM-0002", "CLM-0003"]
        );
        let written = created(&first.changes);
        let again = import(&register(&written), &file(&twice), &params(), today).unwrap();
        assert!(again.changes.is_empty());
        // The second identical row is the second claim with that key.
        assert_eq!(
            again.report.already,
            [
                (2, Id::parse("CLM-0001").unwrap()),
                (3, Id::parse("CLM-0002").unwrap()),
                (4, Id::parse("CLM-0003").unwrap())
            ]
        );
        // Only one of the two there: the other row is imported.
        let one = register(&written[..2]);
        let rest = import(&one, &file(&twice), &params(), today).unwrap();
        assert_eq!(ids(&rest.report.created), ["CLM-0003"]);
        // Three identical rows against two claims: one more.
        let thrice = [ROWS[0], ROWS[1], ROWS[0], ROWS[0]];
        let more = import(&register(&written), &file(&thrice), &params(), today).unwrap();
        assert_eq!(ids(&more.report.created), ["CLM-0004"]);
        assert_eq!(more.report.already.len(), 3);
    }

    #[test]
    fn a_claim_for_another_incident_or_another_amount_is_not_the_row() {
        let today = day("2026-11-23");
        let elsewhere =
            "id: CLM-0001\nincident: INC-0002\ncustomer: CUST-1\nreceived: 2026-11-02\n\
            requested:\n  type: refund\n  amount: 10.00\n"
                .to_string();
        let other_amount = "id: CLM-0002\nincident: INC-0001\ncustomer: CUST-1\n\
            received: 2026-11-02\nrequested:\n  type: refund\n  amount: 10.01\n"
            .to_string();
        let s = register(&[elsewhere, other_amount]);
        let outcome = import(&s, &file(&ROWS[..1]), &params(), today).unwrap();
        assert_eq!(ids(&outcome.report.created), ["CLM-0003"]);
    }

    #[test]
    fn a_ref_is_the_claim_with_that_ref_whatever_else_changed() {
        let today = day("2026-11-23");
        let rows = [
            "CUST-1,2026-11-02,refund,10.00,WEB-1",
            "CUST-2,2026-11-02,refund,20.00,WEB-2",
        ];
        let first = import(&register(&[]), &file(&rows), &params(), today).unwrap();
        let written = created(&first.changes);
        assert!(written[0].starts_with("id: CLM-0001\nref: WEB-1\nincident: INC-0001\n"));
        // The claim was corrected by hand since: its ref still makes it the row's claim.
        let edited = written[0].replace("amount: 10.00", "amount: 12.00");
        let s = register(&[edited, written[1].clone()]);
        let again = import(&s, &file(&rows), &params(), today).unwrap();
        assert!(again.changes.is_empty());
        assert_eq!(again.report.already[0], (2, Id::parse("CLM-0001").unwrap()));
    }

    #[test]
    fn a_ref_keeps_apart_claims_that_share_a_key() {
        let today = day("2026-11-23");
        // Two claims in the source with the same details, told apart by their refs.
        let rows = [
            "CUST-1,2026-11-02,refund,10.00,WEB-1",
            "CUST-1,2026-11-02,refund,10.00,WEB-2",
        ];
        let first = import(&register(&[]), &file(&rows), &params(), today).unwrap();
        let written = created(&first.changes);
        // Only WEB-1 was written: WEB-2 is not that claim, though the key is the same.
        let rest = import(&register(&written[..1]), &file(&rows), &params(), today).unwrap();
        assert_eq!(ids(&rest.report.created), ["CLM-0002"]);
        assert!(created(&rest.changes)[0].contains("ref: WEB-2\n"));
        // A claim without a ref (added by hand) is the row with that key, ref or not.
        let by_hand = "id: CLM-0001\nincident: INC-0001\ncustomer: CUST-1\n\
            received: 2026-11-02\nrequested:\n  type: refund\n  amount: 10.00\n"
            .to_string();
        let outcome = import(&register(&[by_hand]), &file(&rows), &params(), today).unwrap();
        assert_eq!(
            outcome.report.already,
            [(2, Id::parse("CLM-0001").unwrap())]
        );
        assert_eq!(ids(&outcome.report.created), ["CLM-0002"]);
        // A file without the ref column still finds the claims the refs were given to.
        let plain = [
            "CUST-1,2026-11-02,refund,10.00",
            "CUST-1,2026-11-02,refund,10.00",
        ];
        let again = import(&register(&written), &file(&plain), &params(), today).unwrap();
        assert!(again.changes.is_empty());
    }

    #[test]
    fn a_ref_twice_in_the_file_or_of_another_incident_is_a_bad_row() {
        let today = day("2026-11-23");
        let elsewhere = "id: CLM-0001\nref: WEB-9\nincident: INC-0002\ncustomer: CUST-1\n\
            received: 2026-11-02\nrequested:\n  type: refund\n"
            .to_string();
        let rows = [
            "CUST-1,2026-11-02,refund,10.00,WEB-1",
            "CUST-2,2026-11-02,refund,20.00,WEB-1",
            "CUST-3,2026-11-02,refund,20.00,WEB-9",
            "CUST-4,2026-11-02,refund,20.00,jane@example.com",
        ];
        let err = import(&register(&[elsewhere]), &file(&rows), &params(), today).unwrap_err();
        let err = err.downcast::<Error>().unwrap();
        let shown: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown[0], "claims.csv: 3 problem(s); nothing was imported");
        assert_eq!(shown[1], "claims.csv:3: ref: WEB-1 is also on line 2");
        assert!(
            shown[2].starts_with("claims.csv:5: ref: `jane@example.com` looks like a e-mail"),
            "{shown:?}"
        );
        assert_eq!(
            shown[3],
            "claims.csv:4: ref: WEB-9 is CLM-0001, a claim for INC-0002, not INC-0001"
        );
    }

    #[test]
    fn bad_rows_are_each_reported_with_the_unreadable_lines_first() {
        let today = day("2026-11-23");
        let mut csv = file(&[
            "CUST-1,2026-11-02,refund,10.00",
            "Jane Doe,2026-11-24,cash,1.001",
        ]);
        csv.unreadable.push(Located {
            file: "claims.csv".into(),
            line: Some(9),
            key: None,
            message: "cannot be read: wrong number of fields".into(),
        });
        let err = import(&register(&[]), &csv, &params(), today).unwrap_err();
        let err = err.downcast::<Error>().unwrap();
        let shown: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown[0], "claims.csv: 5 problem(s); nothing was imported");
        assert_eq!(
            shown[1],
            "claims.csv:9: cannot be read: wrong number of fields"
        );
        assert!(
            shown[2].starts_with("claims.csv:3: customer: `Jane Doe`"),
            "{shown:?}"
        );
        assert_eq!(
            shown[3],
            "claims.csv:3: received: 2026-11-24 is after today (2026-11-23)"
        );
        assert!(shown[4].starts_with("claims.csv:3: type: `cash` is not one of"));
        assert!(shown[5].starts_with("claims.csv:3: amount: `1.001` is not an amount"));
        let empty = import(&register(&[]), &file(&[]), &params(), today).unwrap_err();
        assert_eq!(
            empty.to_string(),
            "claims.csv: no claims in the file (only a header)"
        );
    }

    #[test]
    fn a_new_claim_is_written_as_received_and_acknowledged_no_earlier_than_received() {
        let today = day("2026-11-23");
        let params = ImportParams {
            acknowledged: Some(day("2026-11-02")),
            ..params()
        };
        let outcome = import(&register(&[]), &file(&ROWS[2..3]), &params, today).unwrap();
        let claim: Claim = codec::parse(&created(&outcome.changes)[0]).unwrap();
        assert_eq!(claim.status(), ClaimStatus::Received);
        assert_eq!(claim.acknowledged, Some(day("2026-11-03")));
        assert_eq!(claim.reference, None);
        assert_eq!(claim.requested.unwrap().amount, None);
    }
}
