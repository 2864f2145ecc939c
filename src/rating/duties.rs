//! Incident duties (notify, update, regulator, pir) and claim SLAs (acknowledge, decide, pay):
//! when each falls due, and whether it was met, missed or is still open (DESIGN section 6).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use super::deadlines::{Overdue, add_days, days_overdue};
use crate::model::claim::ClaimStatus;
use crate::model::incident::{IncidentStatus, Time};
use crate::model::{Claim, Incident, Settings};

/// Where a duty stands on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Done by its deadline.
    Met,
    /// Done, but after its deadline: reported by `check` as missed.
    Late,
    /// Not done and past its due date: listed by `overdue`.
    Overdue,
    /// Not done, not yet due.
    Pending,
}

/// One duty of an incident or claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Duty {
    /// notify | update | regulator | pir | acknowledge | decide | pay
    pub kind: &'static str,
    pub record: String,
    /// Names the duty within its record: the kind, numbered for repeated updates (`update-2`).
    pub item: String,
    pub what: String,
    /// The due date: for incident duties, the UTC date of the deadline instant.
    pub due: NaiveDate,
    /// The deadline instant, for incident duties.
    pub deadline: Option<DateTime<Utc>>,
    /// When it was done, as a UTC date for incident duties.
    pub done: Option<NaiveDate>,
    pub state: State,
}

impl Duty {
    /// The duty as an `overdue` row, when it is overdue.
    pub fn overdue(&self, today: NaiveDate) -> Option<Overdue> {
        (self.state == State::Overdue).then(|| Overdue {
            kind: self.kind,
            record: self.record.clone(),
            item: self.item.clone(),
            what: self.what.clone(),
            due: self.due,
            days_overdue: days_overdue(self.due, today).unwrap_or(0),
        })
    }
}

fn utc(t: &Time) -> DateTime<Utc> {
    t.with_timezone(&Utc)
}

/// `t` plus `hours`, saturating at the end of the calendar.
pub fn add_hours(t: DateTime<Utc>, hours: u32) -> DateTime<Utc> {
    t.checked_add_signed(Duration::hours(hours as i64))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// When the next update to affected customers is due: the last notice plus the update interval,
/// while the incident is unresolved and customers have had a first notice.
pub fn next_update_due(settings: &Settings, incident: &Incident) -> Option<DateTime<Utc>> {
    if incident.resolved.is_some()
        || matches!(
            incident.status(),
            IncidentStatus::Resolved | IncidentStatus::Closed
        )
    {
        return None;
    }
    let last = incident
        .communications
        .iter()
        .filter(|c| c.audience.as_deref() == Some("affected"))
        .map(|c| utc(&c.at))
        .max()?;
    Some(add_hours(last, settings.incident.update_every_hours))
}

/// A duty with an instant deadline: met when done at or before the deadline.
fn timed(
    kind: &'static str,
    record: &str,
    item: String,
    what: String,
    deadline: DateTime<Utc>,
    done: Option<DateTime<Utc>>,
    today: NaiveDate,
) -> Duty {
    let due = deadline.date_naive();
    let state = match done {
        Some(at) if at <= deadline => State::Met,
        Some(_) => State::Late,
        None if due < today => State::Overdue,
        None => State::Pending,
    };
    Duty {
        kind,
        record: record.to_string(),
        item,
        what,
        due,
        deadline: Some(deadline),
        done: done.map(|d| d.date_naive()),
        state,
    }
}

/// The state of a duty with a due date: met when done on or before that date.
fn dated_state(due: NaiveDate, done: Option<NaiveDate>, today: NaiveDate) -> State {
    match done {
        Some(d) if d <= due => State::Met,
        Some(_) => State::Late,
        None if due < today => State::Overdue,
        None => State::Pending,
    }
}

/// A duty with a due date: met when done on or before that date.
fn dated(
    kind: &'static str,
    record: &str,
    what: String,
    due: NaiveDate,
    done: Option<NaiveDate>,
    today: NaiveDate,
) -> Duty {
    let state = dated_state(due, done, today);
    Duty {
        kind,
        record: record.to_string(),
        item: kind.to_string(),
        what,
        due,
        deadline: None,
        done,
        state,
    }
}

/// Every duty of an incident: the first customer notice, the updates while it is unresolved,
/// the regulator notice for a personal-data breach (GDPR art. 33), the post-incident review.
pub fn incident_duties(settings: &Settings, incident: &Incident, today: NaiveDate) -> Vec<Duty> {
    let policy = &settings.incident;
    let id = incident.id.as_str();
    let detected = utc(&incident.detected);
    let resolved = incident.resolved.as_ref().map(utc);
    let mut notices: Vec<DateTime<Utc>> = incident
        .communications
        .iter()
        .filter(|c| c.audience.as_deref() == Some("affected"))
        .map(|c| utc(&c.at))
        .collect();
    notices.sort();
    let mut duties = vec![timed(
        "notify",
        id,
        "notify".into(),
        format!("First notice to affected customers of {}", incident.title),
        add_hours(detected, policy.notify_customers_within_hours),
        notices.first().copied(),
        today,
    )];
    let every = policy.update_every_hours;
    for (n, pair) in notices.windows(2).enumerate() {
        let deadline = add_hours(pair[0], every);
        if resolved.is_none_or(|r| deadline < r) {
            duties.push(update(
                id,
                &incident.title,
                n + 2,
                deadline,
                Some(pair[1]),
                today,
            ));
        }
    }
    // Marked resolved or closed without a time: no update is owed after the last notice.
    let ended_untimed = resolved.is_none()
        && matches!(
            incident.status(),
            IncidentStatus::Resolved | IncidentStatus::Closed
        );
    if let Some(last) = notices.last().filter(|_| !ended_untimed) {
        let deadline = add_hours(*last, every);
        if resolved.is_none_or(|r| deadline < r) {
            let mut missed = update(
                id,
                &incident.title,
                notices.len() + 1,
                deadline,
                None,
                today,
            );
            if resolved.is_some() && missed.state != State::Met {
                // Resolved after this deadline without a further update: it can no longer be sent.
                missed.state = State::Late;
            }
            duties.push(missed);
        }
    }
    if incident.personal_data_breach == Some(true) {
        duties.push(timed(
            "regulator",
            id,
            "regulator".into(),
            format!(
                "Notify the regulator of the personal-data breach {}",
                incident.title
            ),
            add_hours(detected, policy.regulator_within_hours),
            incident.regulator_notified.as_ref().map(utc),
            today,
        ));
    }
    if let Some(resolved) = resolved {
        let due = add_days(resolved.date_naive(), policy.review_within_days);
        let held = incident.review.as_ref().and_then(|r| r.held);
        duties.push(dated(
            "pir",
            id,
            format!("Post-incident review of {}", incident.title),
            due,
            held,
            today,
        ));
    }
    duties
}

fn update(
    id: &str,
    title: &str,
    n: usize,
    deadline: DateTime<Utc>,
    done: Option<DateTime<Utc>>,
    today: NaiveDate,
) -> Duty {
    timed(
        "update",
        id,
        format!("update-{n}"),
        format!("Update {n} to affected customers of {title}"),
        deadline,
        done,
        today,
    )
}

/// When the claim was acknowledged: as recorded, else by the first later step the customer
/// hears of (an offer, an acceptance, a payment): by then it was acknowledged.
pub fn acknowledged(claim: &Claim) -> Option<NaiveDate> {
    claim.acknowledged.or_else(|| {
        [
            claim.offer.as_ref().map(|o| o.on),
            claim.accepted,
            claim.paid,
        ]
        .into_iter()
        .flatten()
        .min()
    })
}

/// Every SLA of a claim: acknowledge, decide (an offer or a rejection), pay after acceptance.
/// Withdrawn and rejected claims have none.
pub fn claim_duties(settings: &Settings, claim: &Claim, today: NaiveDate) -> Vec<Duty> {
    let id = claim.id.as_str();
    claim_deadlines(settings, claim)
        .into_iter()
        .flatten()
        .map(|(kind, due, done)| {
            let what = match kind {
                "acknowledge" => format!("Acknowledge the claim of {}", claim.customer),
                "decide" => format!("Decide the claim of {}", claim.customer),
                _ => format!("Pay the accepted offer to {}", claim.customer),
            };
            dated(kind, id, what, due, done, today)
        })
        .collect()
}

/// Whether any SLA of a claim is missed (late or overdue), without making its duties: most
/// claims of a large register need no more than this (`check`'s `claim-sla`).
pub fn claim_misses_a_duty(settings: &Settings, claim: &Claim, today: NaiveDate) -> bool {
    claim_deadlines(settings, claim)
        .into_iter()
        .flatten()
        .any(|(_, due, done)| matches!(dated_state(due, done, today), State::Late | State::Overdue))
}

/// A claim's duties as (kind, due date, done date), in order; none when withdrawn or rejected.
type Deadline = (&'static str, NaiveDate, Option<NaiveDate>);

fn claim_deadlines(settings: &Settings, claim: &Claim) -> [Option<Deadline>; 3] {
    let policy = &settings.compensation;
    if matches!(
        claim.status(),
        ClaimStatus::Withdrawn | ClaimStatus::Rejected
    ) {
        return [None, None, None];
    }
    [
        Some((
            "acknowledge",
            add_days(claim.received, policy.acknowledge_within_days),
            acknowledged(claim),
        )),
        Some((
            "decide",
            add_days(claim.received, policy.decide_within_days),
            claim.offer.as_ref().map(|o| o.on),
        )),
        claim.accepted.map(|accepted| {
            (
                "pay",
                add_days(accepted, policy.pay_within_days),
                claim.paid,
            )
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec as yaml;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn incident(extra: &str) -> Incident {
        let text = format!(
            "id: INC-0001\ntitle: Outage\nseverity: 4\ndetected: 2026-09-26T08:00:00+10:00\n{extra}"
        );
        yaml::parse(&text).unwrap()
    }

    fn find<'a>(duties: &'a [Duty], item: &str) -> &'a Duty {
        duties
            .iter()
            .find(|d| d.item == item)
            .unwrap_or_else(|| panic!("no {item} in {duties:#?}"))
    }

    #[test]
    fn notice_exactly_at_the_deadline_is_met_a_minute_later_is_late() {
        let s = Settings::default();
        let today = date("2026-11-23");
        // Detected 2026-09-25T22:00Z; the notice is due by 2026-09-26T22:00Z.
        let on_time =
            incident("communications:\n- at: 2026-09-27T08:00:00+10:00\n  audience: affected\n");
        assert_eq!(
            find(&incident_duties(&s, &on_time, today), "notify").state,
            State::Met
        );
        let late =
            incident("communications:\n- at: 2026-09-27T08:01:00+10:00\n  audience: affected\n");
        assert_eq!(
            find(&incident_duties(&s, &late, today), "notify").state,
            State::Late
        );
    }

    #[test]
    fn deadlines_compare_in_utc_across_offsets() {
        let s = Settings::default();
        // Same instant as the deadline, written in another offset.
        let inc =
            incident("communications:\n- at: 2026-09-26T23:00:00+01:00\n  audience: affected\n");
        let notify = find(&incident_duties(&s, &inc, date("2026-11-23")), "notify").clone();
        assert_eq!(notify.state, State::Met);
        assert_eq!(
            notify.due,
            date("2026-09-26"),
            "due date is the UTC date of the deadline"
        );
    }

    #[test]
    fn notices_to_other_audiences_do_not_count() {
        let s = Settings::default();
        let inc = incident("communications:\n- at: 2026-09-26T09:00:00+10:00\n  audience: staff\n");
        let duties = incident_duties(&s, &inc, date("2026-09-26"));
        assert_eq!(
            find(&duties, "notify").state,
            State::Pending,
            "due 2026-09-26 UTC: not before today"
        );
        let duties = incident_duties(&s, &inc, date("2026-09-28"));
        let notify = find(&duties, "notify");
        assert_eq!(notify.state, State::Overdue);
        assert_eq!(notify.overdue(date("2026-09-28")).unwrap().days_overdue, 2);
    }

    #[test]
    fn updates_are_due_while_unresolved() {
        let s = Settings::default();
        let comms = "communications:\n- at: 2026-09-26T09:00:00+10:00\n  audience: affected\n\
                     - at: 2026-09-28T10:00:00+10:00\n  audience: affected\n";
        let open = incident(comms);
        let duties = incident_duties(&s, &open, date("2026-11-23"));
        assert_eq!(
            find(&duties, "update-2").state,
            State::Late,
            "49 hours after the first notice"
        );
        assert_eq!(find(&duties, "update-3").state, State::Overdue);
        let resolved = incident(&format!("resolved: 2026-09-28T12:00:00+10:00\n{comms}"));
        let duties = incident_duties(&s, &resolved, date("2026-11-23"));
        assert!(
            duties.iter().all(|d| d.item != "update-3"),
            "no update duty after resolution"
        );
        let late_resolution = incident(&format!("resolved: 2026-10-01T12:00:00+10:00\n{comms}"));
        let duties = incident_duties(&s, &late_resolution, date("2026-11-23"));
        assert_eq!(
            find(&duties, "update-3").state,
            State::Late,
            "missed before resolution"
        );
        assert_eq!(find(&duties, "pir").due, date("2026-10-15"));
        assert_eq!(find(&duties, "pir").state, State::Overdue);
    }

    #[test]
    fn an_update_missed_before_a_same_day_resolution_is_late_not_pending() {
        let s = Settings::default();
        // Notice 2026-09-25T23:00Z: update due 2026-09-27T23:00Z; resolved half an hour later.
        let inc = incident(
            "resolved: 2026-09-27T23:30:00+00:00\ncommunications:\n- at: 2026-09-26T09:00:00+10:00\n  audience: affected\n",
        );
        let duties = incident_duties(&s, &inc, date("2026-09-27"));
        assert_eq!(find(&duties, "update-2").state, State::Late);
    }

    #[test]
    fn huge_intervals_and_calendar_ends_saturate_instead_of_panicking() {
        let mut s = Settings::default();
        s.incident.notify_customers_within_hours = u32::MAX;
        s.incident.update_every_hours = u32::MAX;
        let inc: Incident = yaml::parse(
            "id: INC-0001\ntitle: Outage\nseverity: 4\ndetected: +262142-12-31T23:00:00Z\ncommunications:\n- at: +262142-12-31T23:30:00Z\n  audience: affected\n",
        )
        .unwrap();
        let duties = incident_duties(&s, &inc, date("2026-11-23"));
        assert_eq!(find(&duties, "notify").state, State::Met);
        assert!(next_update_due(&s, &inc).is_some());
    }

    #[test]
    fn an_incident_marked_resolved_without_a_time_owes_no_more_updates() {
        let s = Settings::default();
        let inc = incident(
            "status: resolved\ncommunications:\n- at: 2026-09-26T09:00:00+10:00\n  audience: affected\n",
        );
        let duties = incident_duties(&s, &inc, date("2026-11-23"));
        assert!(duties.iter().all(|d| d.kind != "update"), "{duties:#?}");
        assert_eq!(next_update_due(&s, &inc), None);
    }

    #[test]
    fn no_update_duty_before_the_first_notice() {
        let s = Settings::default();
        let duties = incident_duties(&s, &incident(""), date("2026-11-23"));
        assert_eq!(
            duties.iter().map(|d| d.kind).collect::<Vec<_>>(),
            vec!["notify"]
        );
    }

    #[test]
    fn regulator_within_72_hours_of_detection_for_breaches() {
        let s = Settings::default();
        let inc =
            incident("personal_data_breach: true\nregulator_notified: 2026-09-29T08:00:00+10:00\n");
        assert_eq!(
            find(&incident_duties(&s, &inc, date("2026-11-23")), "regulator").state,
            State::Met
        );
        let inc =
            incident("personal_data_breach: true\nregulator_notified: 2026-09-29T08:00:01+10:00\n");
        assert_eq!(
            find(&incident_duties(&s, &inc, date("2026-11-23")), "regulator").state,
            State::Late
        );
    }

    fn claim(extra: &str) -> Claim {
        yaml::parse(&format!(
            "id: CLM-0001\nincident: INC-0001\ncustomer: CUST-1\nreceived: 2026-01-31\n{extra}"
        ))
        .unwrap()
    }

    #[test]
    fn claim_slas_count_days_across_month_ends() {
        let s = Settings::default();
        let today = date("2026-11-23");
        let c = claim("acknowledged: 2026-02-05\n");
        let duties = claim_duties(&s, &c, today);
        assert_eq!(find(&duties, "acknowledge").due, date("2026-02-05"));
        assert_eq!(find(&duties, "acknowledge").state, State::Met);
        assert_eq!(find(&duties, "decide").due, date("2026-03-28"));
        assert_eq!(find(&duties, "decide").state, State::Overdue);
        let late = claim("acknowledged: 2026-02-06\n");
        assert_eq!(
            find(&claim_duties(&s, &late, today), "acknowledge").state,
            State::Late
        );
    }

    #[test]
    fn a_later_step_counts_as_acknowledgement() {
        let s = Settings::default();
        let today = date("2026-11-23");
        // Acknowledge due 2026-02-05: an offer on the 5th meets it, one on the 6th is late.
        let offer = |on: &str| {
            format!("status: offered\noffer:\n  on: {on}\n  type: refund\n  amount: 10.00\n")
        };
        let met = claim(&offer("2026-02-05"));
        assert_eq!(
            find(&claim_duties(&s, &met, today), "acknowledge").state,
            State::Met
        );
        let late = claim(&offer("2026-02-06"));
        let duty = claim_duties(&s, &late, today);
        assert_eq!(find(&duty, "acknowledge").state, State::Late);
        assert_eq!(find(&duty, "acknowledge").done, Some(date("2026-02-06")));
        // A recorded acknowledgement wins over the later step.
        let both = claim(&format!(
            "acknowledged: 2026-02-01\n{}",
            offer("2026-02-06")
        ));
        assert_eq!(acknowledged(&both), Some(date("2026-02-01")));
    }

    #[test]
    fn pay_follows_acceptance_and_closed_claims_have_no_deadlines() {
        let s = Settings::default();
        let today = date("2026-11-23");
        let c = claim(
            "status: accepted\noffer:\n  on: 2026-02-10\n  type: refund\n  amount: 40.00\naccepted: 2026-02-11\n",
        );
        let duties = claim_duties(&s, &c, today);
        assert_eq!(find(&duties, "decide").state, State::Met);
        assert_eq!(find(&duties, "pay").due, date("2026-02-25"));
        assert_eq!(find(&duties, "pay").state, State::Overdue);
        assert!(claim_duties(&s, &claim("status: withdrawn\n"), today).is_empty());
        assert!(claim_duties(&s, &claim("status: rejected\n"), today).is_empty());
    }

    #[test]
    fn a_claim_misses_a_duty_exactly_when_one_of_its_duties_is_late_or_overdue() {
        let s = Settings::default();
        let offer = |on: &str| format!("offer:\n  on: {on}\n  type: refund\n  amount: 10.00\n");
        let claims = [
            claim(""),
            claim("acknowledged: 2026-02-01\n"),
            claim("acknowledged: 2026-02-06\n"),
            claim(&format!(
                "acknowledged: 2026-02-01\n{}",
                offer("2026-02-10")
            )),
            claim(&format!(
                "status: accepted\nacknowledged: 2026-02-01\n{}accepted: 2026-02-11\n",
                offer("2026-02-10")
            )),
            claim(&format!(
                "status: paid\nacknowledged: 2026-02-01\n{}accepted: 2026-02-11\npaid: 2026-02-12\n",
                offer("2026-02-10")
            )),
            claim("status: withdrawn\n"),
        ];
        let mut seen = (0, 0);
        for today in ["2026-02-02", "2026-02-20", "2026-11-23"] {
            for c in &claims {
                let missed = claim_duties(&s, c, date(today))
                    .iter()
                    .any(|d| matches!(d.state, State::Late | State::Overdue));
                assert_eq!(
                    claim_misses_a_duty(&s, c, date(today)),
                    missed,
                    "{c:?} {today}"
                );
                if missed { seen.0 += 1 } else { seen.1 += 1 }
            }
        }
        assert!(seen.0 > 0 && seen.1 > 0, "both answers are tried: {seen:?}");
    }
}
