//! The incident lifecycle (DESIGN 4): add, update, notify, resolve, review. Each step reads a
//! snapshot and returns the incident's new file.

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{Outcome, modify};
use crate::error::Error;
use crate::model::incident::{
    Communication, IncidentStatus, Lesson, LinkedLesson, PostIncidentReview, RootCause,
    RootCauseMethod, Time,
};
use crate::model::{Id, Incident, Kind, Money};
use crate::rating::deadlines::add_days;
use crate::snapshot::{Snapshot, located};

/// An incident as first recorded, before it has an id.
#[derive(Clone, Debug, Default)]
pub struct NewIncident {
    pub title: String,
    pub severity: u8,
    pub summary: Option<String>,
    pub harms: Vec<String>,
    /// The risks it realised; their contingency plans become the containment.
    pub risks: Vec<Id>,
    pub occurred: Option<Time>,
    /// When it was detected; `now` when not given.
    pub detected: Option<Time>,
    pub customers_affected: Option<u64>,
    pub personal_data_breach: bool,
    pub budget: Option<Money>,
    /// Containment steps, after those copied from the risks' contingency plans.
    pub containment: Vec<String>,
}

/// What `incident add` did: the new id and file, for the confirmation.
#[derive(Clone, Debug)]
pub struct Added {
    pub id: Id,
    pub file: String,
    pub incident: Incident,
    /// How many containment steps came from the risks' contingency plans.
    pub copied: usize,
}

/// Records a new incident under the next free id, linked to the risks it realised, with their
/// contingency plans (each step once) as its first containment steps.
pub fn add(snapshot: &Snapshot, new: &NewIncident, now: Time) -> Result<Outcome<Added>> {
    let mut risks: Vec<Id> = Vec::new();
    let mut containment: Vec<String> = Vec::new();
    for id in &new.risks {
        let risk = snapshot.risk(id)?;
        for step in &risk.value.contingency {
            if !containment.contains(step) {
                containment.push(step.clone());
            }
        }
        if !risks.contains(id) {
            risks.push(id.clone());
        }
    }
    let copied = containment.len();
    containment.extend(new.containment.iter().cloned());
    let template = Incident {
        id: Id::new(Kind::Incident, 0),
        title: new.title.trim().to_string(),
        summary: new.summary.clone(),
        status: Some(IncidentStatus::Open),
        severity: new.severity,
        harms: new.harms.clone(),
        risks,
        occurred: new.occurred,
        detected: new.detected.unwrap_or(now),
        contained: None,
        resolved: None,
        customers_affected: new.customers_affected,
        personal_data_breach: new.personal_data_breach.then_some(true),
        regulator_notified: None,
        legal_consulted: None,
        containment,
        root_cause: None,
        actions: Vec::new(),
        communications: Vec::new(),
        compensation_budget: new.budget,
        review: None,
    };
    let problems = template.validate(&snapshot.settings);
    if !problems.is_empty() {
        let text = crate::codec::write(&template);
        return Err(Error::input(located("incident add", &text, problems)).into());
    }
    let (id, file, change) = super::create(snapshot, Kind::Incident, |id| Incident {
        id,
        ..template.clone()
    })?;
    let incident = Incident {
        id: id.clone(),
        ..template
    };
    Ok(Outcome::new(
        vec![change],
        Added {
            id,
            file,
            incident,
            copied,
        },
    ))
}

/// The facts of an incident as they become known; what is None or empty stays as it is.
#[derive(Clone, Debug, Default)]
pub struct IncidentUpdate {
    pub status: Option<IncidentStatus>,
    pub severity: Option<u8>,
    pub title: Option<String>,
    /// A blank summary removes it.
    pub summary: Option<String>,
    /// Replaces the list.
    pub harms: Option<Vec<String>>,
    /// Risks to link as well.
    pub risks: Vec<Id>,
    pub occurred: Option<Time>,
    /// An open incident becomes `contained`, unless a status is given too.
    pub contained: Option<Time>,
    pub customers_affected: Option<u64>,
    pub personal_data_breach: Option<bool>,
    pub regulator_notified: Option<Time>,
    pub legal_consulted: Option<bool>,
    /// Containment steps to add.
    pub containment: Vec<String>,
    pub budget: Option<Money>,
    pub root_cause_method: Option<RootCauseMethod>,
    /// Answers to add to the five-whys chain, in order.
    pub whys: Vec<String>,
    /// The root cause in one or two sentences.
    pub root_cause: Option<String>,
}

/// Changes the facts of an incident; the report names the fields changed.
pub fn update(snapshot: &Snapshot, id: &Id, update: &IncidentUpdate) -> Result<Outcome<String>> {
    for risk in &update.risks {
        snapshot.risk(risk)?;
    }
    let mut changed: Vec<&str> = Vec::new();
    let (_, change) = modify::<Incident>(snapshot, id, |i| {
        let mut note = |what| changed.push(what);
        if let Some(s) = update.status {
            i.status = Some(s);
            note("status");
        }
        if let Some(v) = update.severity {
            i.severity = v;
            note("severity");
        }
        if let Some(v) = &update.title {
            i.title = v.trim().to_string();
            note("title");
        }
        if let Some(v) = &update.summary {
            i.summary = Some(v.clone()).filter(|s| !s.trim().is_empty());
            note("summary");
        }
        if let Some(v) = &update.harms {
            i.harms = v.clone();
            note("harms");
        }
        for risk in &update.risks {
            if !i.risks.contains(risk) {
                i.risks.push(risk.clone());
            }
            note("risks");
        }
        if let Some(v) = update.occurred {
            i.occurred = Some(v);
            note("occurred");
        }
        if let Some(v) = update.contained {
            i.contained = Some(v);
            if i.status() == IncidentStatus::Open && update.status.is_none() {
                i.status = Some(IncidentStatus::Contained);
            }
            note("contained");
        }
        if let Some(v) = update.customers_affected {
            i.customers_affected = Some(v);
            note("customers_affected");
        }
        if let Some(v) = update.personal_data_breach {
            i.personal_data_breach = Some(v);
            note("personal_data_breach");
        }
        if let Some(v) = update.regulator_notified {
            i.regulator_notified = Some(v);
            note("regulator_notified");
        }
        if let Some(v) = update.legal_consulted {
            i.legal_consulted = Some(v);
            note("legal_consulted");
        }
        if !update.containment.is_empty() {
            i.containment.extend(update.containment.iter().cloned());
            note("containment");
        }
        if let Some(v) = update.budget {
            i.compensation_budget = Some(v);
            note("compensation_budget");
        }
        if update.root_cause_method.is_some()
            || !update.whys.is_empty()
            || update.root_cause.is_some()
        {
            let rc = i.root_cause.get_or_insert_with(empty_root_cause);
            if let Some(method) = update.root_cause_method {
                rc.method = Some(method);
            }
            if !update.whys.is_empty() && rc.method.is_none() {
                rc.method = Some(RootCauseMethod::FiveWhys);
            }
            rc.whys.extend(update.whys.iter().cloned());
            if let Some(s) = &update.root_cause {
                rc.summary = Some(s.clone());
            }
            note("root_cause");
        }
        if changed.is_empty() {
            bail!("nothing to update: give at least one flag (see `risk incident update --help`)");
        }
        Ok(())
    })?;
    changed.dedup();
    Ok(Outcome::new(
        change.into_iter().collect(),
        format!("Updated {id}: {}", changed.join(", ")),
    ))
}

/// A communication about an incident, as sent.
#[derive(Clone, Debug)]
pub struct Notification {
    pub at: Time,
    /// How it was sent: sms, email, web ...
    pub channel: String,
    /// Who it went to; notices to `affected` customers meet the notify and update duties.
    pub audience: String,
    /// What was said, in one line.
    pub summary: String,
}

/// Records a communication, the incident's communications kept in time order; the report says
/// when the next update to affected customers falls due.
pub fn notify(snapshot: &Snapshot, id: &Id, notice: &Notification) -> Result<Outcome<String>> {
    if notice.summary.trim().is_empty() {
        bail!("--summary must not be empty: say what was communicated");
    }
    let (saved, change) = modify::<Incident>(snapshot, id, |i| {
        i.communications.push(Communication {
            at: notice.at,
            channel: Some(notice.channel.trim().to_string()),
            audience: Some(notice.audience.trim().to_string()),
            summary: Some(notice.summary.trim().to_string()),
        });
        i.communications.sort_by_key(|c| c.at);
        Ok(())
    })?;
    let settings = &snapshot.settings;
    let mut text = format!(
        "Recorded on {id}: {} notice to {} at {}",
        notice.channel,
        notice.audience,
        notice.at.to_rfc3339()
    );
    if notice.audience == "affected"
        && let Some(due) = crate::rating::duties::next_update_due(settings, &saved)
    {
        text.push_str(&format!(
            "\nnext update to affected customers due by {} (every {} hours while unresolved)",
            due.to_rfc3339(),
            settings.incident.update_every_hours
        ));
    }
    Ok(Outcome::new(change.into_iter().collect(), text))
}

/// The incident is over for customers: resolved (and contained, if it was not yet) at `at`.
pub fn resolve(
    snapshot: &Snapshot,
    id: &Id,
    at: Time,
    root_cause: Option<&str>,
) -> Result<Outcome<String>> {
    let (_, change) = modify::<Incident>(snapshot, id, |i| {
        if i.status() == IncidentStatus::Closed {
            bail!("{id} is closed; reopen it with `risk incident update {id} --status open` first");
        }
        i.resolved = Some(at);
        if i.contained.is_none() {
            i.contained = Some(at); // what is resolved is contained
        }
        i.status = Some(IncidentStatus::Resolved);
        if let Some(text) = root_cause {
            let rc = i.root_cause.get_or_insert_with(empty_root_cause);
            rc.summary = Some(text.to_string());
        }
        Ok(())
    })?;
    let due = add_days(
        at.with_timezone(&chrono::Utc).date_naive(),
        snapshot.settings.incident.review_within_days,
    );
    Ok(Outcome::new(
        change.into_iter().collect(),
        format!(
            "Resolved {id} at {}; post-incident review due by {due} (`risk incident review {id}`)",
            at.to_rfc3339()
        ),
    ))
}

/// A post-incident review, as held.
#[derive(Clone, Debug)]
pub struct Review {
    /// None keeps the date of a review already recorded, else takes `today`.
    pub held: Option<NaiveDate>,
    pub today: NaiveDate,
    /// Lessons learned; blank ones are left out, and one already recorded gains the links.
    pub lessons: Vec<String>,
    /// The incident's own actions that carry each lesson given (`A2`).
    pub actions: Vec<String>,
    /// The risks each lesson given changed; they must exist.
    pub risks: Vec<Id>,
    /// Close the incident as well.
    pub close: bool,
}

/// Records the post-incident review and its lessons, and closes the incident when asked.
pub fn review(snapshot: &Snapshot, id: &Id, review: &Review) -> Result<Outcome<String>> {
    let Review {
        held,
        today,
        ref lessons,
        ref actions,
        ref risks,
        close,
    } = *review;
    if let Some(held) = held {
        super::lifecycle::not_future("--held", held, today)?;
    }
    if (!actions.is_empty() || !risks.is_empty()) && lessons.is_empty() {
        bail!("--action and --risk link a lesson: give the lesson with --lesson TEXT");
    }
    for risk in risks {
        snapshot.risk(risk)?;
    }
    let mut held_on = today;
    let (_, change) = modify::<Incident>(snapshot, id, |i| {
        let held = held
            .or_else(|| i.review.as_ref().and_then(|r| r.held))
            .unwrap_or(today);
        held_on = held;
        if let Some(resolved) = i.resolved
            && held < resolved.date_naive()
        {
            bail!(
                "--held {held} is before {id} was resolved ({}); a post-incident review follows resolution",
                resolved.date_naive()
            );
        }
        let held_review = i.review.get_or_insert_with(PostIncidentReview::default);
        held_review.held = Some(held);
        for text in lessons {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let at = match held_review.lessons.iter().position(|l| l.text() == text) {
                Some(at) => at,
                None => {
                    held_review.lessons.push(Lesson::Text(text.to_string()));
                    held_review.lessons.len() - 1
                }
            };
            let lesson = &mut held_review.lessons[at];
            if let Lesson::Text(text) = lesson {
                *lesson = Lesson::Linked(LinkedLesson {
                    text: std::mem::take(text),
                    actions: Vec::new(),
                    risks: Vec::new(),
                });
            }
            if let Lesson::Linked(l) = lesson {
                for action in actions {
                    if !l.actions.contains(action) {
                        l.actions.push(action.clone());
                    }
                }
                for risk in risks {
                    if !l.risks.contains(risk) {
                        l.risks.push(risk.clone());
                    }
                }
            }
        }
        if close {
            if i.resolved.is_none() {
                bail!(
                    "{id} is not resolved; resolve it with `risk incident resolve {id}` before closing"
                );
            }
            i.status = Some(IncidentStatus::Closed);
        }
        Ok(())
    })?;
    // The count is of the lessons given, as the confirmation always said.
    Ok(Outcome::new(
        change.into_iter().collect(),
        format!(
            "Recorded the post-incident review of {id} held {held_on}{}{}",
            if lessons.is_empty() {
                String::new()
            } else {
                format!(", {} lesson(s)", lessons.len())
            },
            if close { "; closed" } else { "" }
        ),
    ))
}

fn empty_root_cause() -> RootCause {
    RootCause {
        method: None,
        whys: Vec::new(),
        fishbone: Default::default(),
        summary: None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::model::Risk;
    use crate::ops::Change;
    use crate::snapshot::{Loadable, Record, RecordFile};

    fn push<T: Loadable>(snapshot: &mut Snapshot, kind: Kind, text: &str) -> Record<T> {
        let value: T = crate::codec::parse(text).unwrap();
        let id = value.id().clone();
        let rel = PathBuf::from(kind.dir()).join(format!("{id}.yaml"));
        let file = format!("register/{}", rel.display());
        snapshot
            .files
            .push(RecordFile::new(kind, Some(id), file.clone(), rel.clone()));
        Record::new(value, file, rel, text.to_string(), false)
    }

    const OPEN: &str = "id: INC-0001\ntitle: outage\nstatus: open\nseverity: 4\n\
                        detected: 2026-11-01T09:00:00Z\n\
                        communications:\n- at: 2026-11-01T15:00:00Z\n  channel: sms\n  \
                        audience: affected\n  summary: second\n";
    const CLOSED: &str = "id: INC-0002\ntitle: old\nstatus: closed\nseverity: 2\n\
                          detected: 2026-10-01T09:00:00Z\ncontained: 2026-10-01T10:00:00Z\n\
                          resolved: 2026-10-02T09:00:00Z\n";
    const RESOLVED: &str = "id: INC-0003\ntitle: fixed\nstatus: resolved\nseverity: 3\n\
                            detected: 2026-11-10T09:00:00Z\ncontained: 2026-11-10T10:00:00Z\n\
                            resolved: 2026-11-12T09:00:00Z\n";

    /// Two risks sharing one contingency step, and an open, a closed and a resolved incident.
    fn snapshot() -> Snapshot {
        let mut snapshot = Snapshot::new("register", Default::default(), String::new());
        for text in [
            "id: RISK-0001\ntitle: check-in down\nlikelihood: 2\nimpact: 3\n\
             contingency:\n- Text affected passengers\n- Open extra desks\n",
            "id: RISK-0002\ntitle: baggage delayed\nlikelihood: 2\nimpact: 3\n\
             contingency:\n- Open extra desks\n- Deliver bags to hotels\n",
        ] {
            let record = push::<Risk>(&mut snapshot, Kind::Risk, text);
            snapshot.risks.push(record);
        }
        for text in [OPEN, CLOSED, RESOLVED] {
            let record = push::<Incident>(&mut snapshot, Kind::Incident, text);
            snapshot.incidents.push(record);
        }
        snapshot.max_numbers.push((Kind::Incident, 3));
        snapshot
    }

    fn id(text: &str) -> Id {
        Id::parse(text).unwrap()
    }

    fn time(text: &str) -> Time {
        chrono::DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// The new text of the one file the outcome replaces.
    fn replaced<R>(outcome: &Outcome<R>, rel: &str) -> String {
        match outcome.changes.as_slice() {
            [Change::Replace { rel: r, text }] if r == &PathBuf::from(rel) => text.clone(),
            other => panic!("expected {rel} replaced, got {other:?}"),
        }
    }

    #[test]
    fn resolve_sets_resolved_contained_and_status() {
        let at = time("2026-11-02T10:30:00+01:00");
        let outcome = resolve(&snapshot(), &id("INC-0001"), at, Some("a full disk")).unwrap();
        assert_eq!(
            replaced(&outcome, "incidents/INC-0001.yaml"),
            "id: INC-0001\ntitle: outage\nstatus: resolved\nseverity: 4\n\
             detected: 2026-11-01T09:00:00Z\ncontained: 2026-11-02T10:30:00+01:00\n\
             resolved: 2026-11-02T10:30:00+01:00\nroot_cause:\n  summary: a full disk\n\
             communications:\n- at: 2026-11-01T15:00:00Z\n  channel: sms\n  \
             audience: affected\n  summary: second\n"
        );
        assert_eq!(
            outcome.report,
            "Resolved INC-0001 at 2026-11-02T10:30:00+01:00; post-incident review due by \
             2026-11-16 (`risk incident review INC-0001`)"
        );
    }

    #[test]
    fn resolve_keeps_an_earlier_containment() {
        let at = time("2026-11-13T09:00:00Z");
        let outcome = resolve(&snapshot(), &id("INC-0003"), at, None).unwrap();
        let text = replaced(&outcome, "incidents/INC-0003.yaml");
        assert!(text.contains("contained: 2026-11-10T10:00:00Z\n"), "{text}");
        assert!(text.contains("resolved: 2026-11-13T09:00:00Z\n"), "{text}");
    }

    #[test]
    fn resolve_refuses_a_closed_incident() {
        let at = time("2026-11-02T10:30:00Z");
        let err = resolve(&snapshot(), &id("INC-0002"), at, None)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "INC-0002 is closed; reopen it with `risk incident update INC-0002 --status open` first"
        );
    }

    #[test]
    fn review_records_lessons_once_and_closes() {
        let review_held = Review {
            held: Some(day("2026-11-20")),
            today: day("2026-12-01"),
            actions: Vec::new(),
            risks: Vec::new(),
            lessons: vec![" Alert on disk space ".into(), "Alert on disk space".into()],
            close: true,
        };
        let outcome = review(&snapshot(), &id("INC-0003"), &review_held).unwrap();
        let text = replaced(&outcome, "incidents/INC-0003.yaml");
        assert!(text.contains("status: closed\n"), "{text}");
        assert!(
            text.ends_with("review:\n  held: 2026-11-20\n  lessons:\n  - Alert on disk space\n"),
            "{text}"
        );
        // The confirmation counts the lessons given, not the ones recorded (as it always has).
        assert_eq!(
            outcome.report,
            "Recorded the post-incident review of INC-0003 held 2026-11-20, 2 lesson(s); closed"
        );
    }

    #[test]
    fn review_links_a_lesson_and_refuses_a_missing_risk_or_no_lesson() {
        let linked = Review {
            held: Some(day("2026-11-20")),
            today: day("2026-12-01"),
            lessons: vec!["Alert on disk space".into()],
            actions: Vec::new(),
            risks: vec![id("RISK-0002")],
            close: false,
        };
        let outcome = review(&snapshot(), &id("INC-0003"), &linked).unwrap();
        let text = replaced(&outcome, "incidents/INC-0003.yaml");
        assert!(
            text.ends_with("review:\n  held: 2026-11-20\n  lessons:\n  - text: Alert on disk space\n    risks:\n    - RISK-0002\n"),
            "{text}"
        );
        let missing = Review {
            risks: vec![id("RISK-0042")],
            ..linked.clone()
        };
        let err = review(&snapshot(), &id("INC-0003"), &missing).unwrap_err();
        assert!(
            format!("{err:#}").contains("no risk with id RISK-0042"),
            "{err:#}"
        );
        let no_lesson = Review {
            lessons: Vec::new(),
            ..linked
        };
        let err = review(&snapshot(), &id("INC-0003"), &no_lesson).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--action and --risk link a lesson: give the lesson with --lesson TEXT"
        );
    }

    #[test]
    fn review_refuses_a_date_before_resolution() {
        let early = Review {
            held: Some(day("2026-11-11")),
            today: day("2026-12-01"),
            actions: Vec::new(),
            risks: Vec::new(),
            lessons: Vec::new(),
            close: false,
        };
        let err = review(&snapshot(), &id("INC-0003"), &early)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "--held 2026-11-11 is before INC-0003 was resolved (2026-11-12); a post-incident review follows resolution"
        );
    }

    #[test]
    fn review_refuses_to_close_an_unresolved_incident() {
        let closing = Review {
            held: Some(day("2026-11-20")),
            today: day("2026-12-01"),
            actions: Vec::new(),
            risks: Vec::new(),
            lessons: vec!["lesson".into()],
            close: true,
        };
        let err = review(&snapshot(), &id("INC-0001"), &closing)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "INC-0001 is not resolved; resolve it with `risk incident resolve INC-0001` before closing"
        );
    }

    #[test]
    fn update_with_nothing_to_change_is_refused() {
        let err = update(&snapshot(), &id("INC-0001"), &IncidentUpdate::default())
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "nothing to update: give at least one flag (see `risk incident update --help`)"
        );
    }

    #[test]
    fn update_contains_an_open_incident_and_names_each_field_once() {
        let change = IncidentUpdate {
            contained: Some(time("2026-11-01T11:00:00Z")),
            risks: vec![id("RISK-0001"), id("RISK-0002")],
            whys: vec!["the disk filled".into()],
            ..Default::default()
        };
        let outcome = update(&snapshot(), &id("INC-0001"), &change).unwrap();
        let text = replaced(&outcome, "incidents/INC-0001.yaml");
        assert!(text.contains("status: contained\n"), "{text}");
        assert!(
            text.contains("risks:\n- RISK-0001\n- RISK-0002\n"),
            "{text}"
        );
        assert!(
            text.contains("root_cause:\n  method: five_whys\n  whys:\n  - the disk filled\n"),
            "{text}"
        );
        assert_eq!(
            outcome.report,
            "Updated INC-0001: risks, contained, root_cause"
        );
    }

    #[test]
    fn update_refuses_an_unknown_risk() {
        let change = IncidentUpdate {
            risks: vec![id("RISK-0099")],
            ..Default::default()
        };
        let err = update(&snapshot(), &id("INC-0001"), &change)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "risks/: no risk with id RISK-0099 (see `risk list`)");
    }

    fn new_incident(risks: &[&str]) -> NewIncident {
        NewIncident {
            title: " Check-in down again ".into(),
            severity: 3,
            risks: risks.iter().map(|r| id(r)).collect(),
            customers_affected: Some(900),
            containment: vec!["Extra staff".into()],
            ..Default::default()
        }
    }

    #[test]
    fn add_copies_each_contingency_step_once_under_the_next_id() {
        let now = time("2026-11-22T12:00:00Z");
        let new = new_incident(&["RISK-0001", "RISK-0002", "RISK-0001"]);
        let outcome = add(&snapshot(), &new, now).unwrap();
        assert_eq!(
            outcome.changes,
            [Change::Create {
                rel: "incidents/INC-0004.yaml".into(),
                text: "id: INC-0004\ntitle: Check-in down again\nstatus: open\nseverity: 3\n\
                       risks:\n- RISK-0001\n- RISK-0002\ndetected: 2026-11-22T12:00:00Z\n\
                       customers_affected: 900\ncontainment:\n- Text affected passengers\n\
                       - Open extra desks\n- Deliver bags to hotels\n- Extra staff\n"
                    .into()
            }]
        );
        let report = &outcome.report;
        assert_eq!(report.id.to_string(), "INC-0004");
        assert_eq!(report.file, "register/incidents/INC-0004.yaml");
        assert_eq!(report.copied, 3);
        assert_eq!(report.incident.title, "Check-in down again");
        assert_eq!(report.incident.risks, [id("RISK-0001"), id("RISK-0002")]);
    }

    #[test]
    fn add_keeps_a_given_detection_time() {
        let new = NewIncident {
            detected: Some(time("2026-11-21T06:00:00+01:00")),
            ..new_incident(&[])
        };
        let outcome = add(&snapshot(), &new, time("2026-11-22T12:00:00Z")).unwrap();
        assert_eq!(outcome.report.copied, 0);
        assert!(
            outcome.report.incident.containment == ["Extra staff"],
            "{:?}",
            outcome.report.incident.containment
        );
        match &outcome.changes[..] {
            [Change::Create { text, .. }] => {
                assert!(
                    text.contains("detected: 2026-11-21T06:00:00+01:00\n"),
                    "{text}"
                )
            }
            other => panic!("expected one new file, got {other:?}"),
        }
    }

    #[test]
    fn add_refuses_an_unknown_risk_and_an_invalid_incident() {
        let now = time("2026-11-22T12:00:00Z");
        let err = add(&snapshot(), &new_incident(&["RISK-0099"]), now)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "risks/: no risk with id RISK-0099 (see `risk list`)");
        let bad = NewIncident {
            severity: 9,
            ..new_incident(&[])
        };
        let err = add(&snapshot(), &bad, now).unwrap_err().to_string();
        assert!(err.contains("incident add"), "{err}");
        assert!(err.contains("severity: 9 is outside 1..5"), "{err}");
    }

    #[test]
    fn notify_keeps_communications_in_time_order() {
        let notice = Notification {
            at: time("2026-11-01T10:00:00Z"),
            channel: "email".into(),
            audience: "affected".into(),
            summary: " first ".into(),
        };
        let outcome = notify(&snapshot(), &id("INC-0001"), &notice).unwrap();
        let text = replaced(&outcome, "incidents/INC-0001.yaml");
        assert!(
            text.ends_with(
                "communications:\n\
                 - at: 2026-11-01T10:00:00Z\n  channel: email\n  audience: affected\n  summary: first\n\
                 - at: 2026-11-01T15:00:00Z\n  channel: sms\n  audience: affected\n  summary: second\n"
            ),
            "{text}"
        );
        // The next update runs from the latest notice to affected customers, not this one.
        assert_eq!(
            outcome.report,
            "Recorded on INC-0001: email notice to affected at 2026-11-01T10:00:00+00:00\n\
             next update to affected customers due by 2026-11-03T15:00:00+00:00 \
             (every 48 hours while unresolved)"
        );
    }

    #[test]
    fn notify_to_others_says_nothing_of_the_next_update() {
        let notice = Notification {
            at: time("2026-11-01T16:00:00Z"),
            channel: "email".into(),
            audience: "regulator".into(),
            summary: "reported".into(),
        };
        let outcome = notify(&snapshot(), &id("INC-0001"), &notice).unwrap();
        assert_eq!(
            outcome.report,
            "Recorded on INC-0001: email notice to regulator at 2026-11-01T16:00:00+00:00"
        );
        assert_eq!(outcome.changes.len(), 1);
    }
}
