//! Due dates and overdue items: actions, reviews and acceptances of risks.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::model::risk::Treatment;
use crate::model::{Action, Risk, Settings};

/// Something undone past its due date (the `overdue` output contract).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Overdue {
    pub kind: &'static str,
    pub record: String,
    pub item: String,
    pub what: String,
    pub due: NaiveDate,
    pub days_overdue: i64,
}

/// Days past `due`, when `due` is before `today`.
pub fn days_overdue(due: NaiveDate, today: NaiveDate) -> Option<i64> {
    (due < today).then(|| (today - due).num_days())
}

/// `date` plus `days`, saturating at the end of the calendar.
pub fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(days as u64))
        .unwrap_or(NaiveDate::MAX)
}

/// The review interval of a risk: its own, else its band's.
pub fn review_every(settings: &Settings, risk: &Risk, band: &str) -> u32 {
    risk.review
        .as_ref()
        .and_then(|r| r.every_days)
        .or_else(|| settings.review_every_days.get(band).copied())
        .unwrap_or(365)
}

/// When a risk is next due for review: last review + interval; never reviewed, identified +
/// interval; with neither date, today.
pub fn review_due(settings: &Settings, risk: &Risk, band: &str, today: NaiveDate) -> NaiveDate {
    let every = review_every(settings, risk, band);
    match (risk.review.as_ref().and_then(|r| r.last), risk.identified) {
        (Some(last), _) => add_days(last, every),
        (None, Some(identified)) => add_days(identified, every),
        (None, None) => today,
    }
}

/// The overdue actions of any record.
pub fn overdue_actions(record: &str, actions: &[Action], today: NaiveDate) -> Vec<Overdue> {
    actions
        .iter()
        .filter(|a| a.is_open())
        .filter_map(|a| {
            let due = a.due?;
            Some(Overdue {
                kind: "action",
                record: record.to_string(),
                item: a.id.clone(),
                what: a.title.clone(),
                due,
                days_overdue: days_overdue(due, today)?,
            })
        })
        .collect()
}

/// Everything overdue on one risk: actions, its review, an expired acceptance, control tests.
pub fn risk_overdue(settings: &Settings, risk: &Risk, today: NaiveDate) -> Vec<Overdue> {
    let id = risk.id.to_string();
    let mut items = overdue_actions(&id, &risk.actions, today);
    let band = super::current(settings, risk).band;
    let due = review_due(settings, risk, &band, today);
    if let Some(days) = days_overdue(due, today) {
        items.push(Overdue {
            kind: "review",
            record: id.clone(),
            item: "review".into(),
            what: format!("Review of {}", risk.title),
            due,
            days_overdue: days,
        });
    }
    if risk.treatment == Some(Treatment::Accept)
        && let Some(until) = risk.acceptance.as_ref().and_then(|a| a.until)
        && let Some(days) = days_overdue(until, today)
    {
        items.push(Overdue {
            kind: "acceptance",
            record: id,
            item: "acceptance".into(),
            what: format!("Acceptance of {} expired", risk.title),
            due: until,
            days_overdue: days,
        });
    }
    items.extend(super::controls::overdue_tests(risk, today));
    items
}

/// Sorts overdue items as the contract says: most days first, then record, then item.
pub fn sort_overdue(items: &mut [Overdue]) {
    items.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then_with(|| record_order(&a.record, &b.record))
            .then_with(|| a.item.cmp(&b.item))
    });
}

/// Orders record ids by prefix and number, so RISK-9 comes before RISK-10.
pub fn record_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (crate::model::Id::parse(a), crate::model::Id::parse(b)) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::risk::Review;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn risk_with(review: Option<Review>, identified: Option<&str>) -> Risk {
        let mut r: Risk =
            crate::codec::parse("id: RISK-1\ntitle: t\nlikelihood: 5\nimpact: 5\n").unwrap();
        r.review = review;
        r.identified = identified.map(date);
        r
    }

    #[test]
    fn days_overdue_counts_only_past_dates() {
        let today = date("2026-03-01");
        assert_eq!(days_overdue(date("2026-02-28"), today), Some(1));
        assert_eq!(days_overdue(date("2026-01-30"), today), Some(30));
        assert_eq!(days_overdue(today, today), None);
        assert_eq!(days_overdue(date("2026-03-02"), today), None);
        assert_eq!(
            days_overdue(date("2024-02-29"), date("2025-03-01")),
            Some(366)
        );
    }

    #[test]
    fn review_is_due_after_the_last_review_by_band_or_own_interval() {
        let s = Settings::default();
        let today = date("2026-11-23");
        let last = Review {
            last: Some(date("2026-05-01")),
            every_days: None,
        };
        assert_eq!(
            review_due(&s, &risk_with(Some(last), None), "high", today),
            date("2026-07-30")
        );
        let own = Review {
            last: Some(date("2026-05-01")),
            every_days: Some(60),
        };
        assert_eq!(
            review_due(&s, &risk_with(Some(own), None), "high", today),
            date("2026-06-30")
        );
        assert_eq!(
            review_due(&s, &risk_with(None, Some("2026-01-31")), "medium", today),
            date("2026-07-30")
        );
        assert_eq!(review_due(&s, &risk_with(None, None), "low", today), today);
    }

    #[test]
    fn overdue_items_sort_by_days_then_record_then_item() {
        let mk = |record: &str, item: &str, days| Overdue {
            kind: "action",
            record: record.into(),
            item: item.into(),
            what: String::new(),
            due: date("2026-01-01"),
            days_overdue: days,
        };
        let mut items = vec![
            mk("RISK-10", "A1", 5),
            mk("RISK-9", "A2", 5),
            mk("RISK-9", "A1", 5),
            mk("RISK-1", "A1", 9),
        ];
        sort_overdue(&mut items);
        let order: Vec<(&str, &str)> = items
            .iter()
            .map(|o| (o.record.as_str(), o.item.as_str()))
            .collect();
        assert_eq!(
            order,
            vec![
                ("RISK-1", "A1"),
                ("RISK-9", "A1"),
                ("RISK-9", "A2"),
                ("RISK-10", "A1")
            ]
        );
    }
}
