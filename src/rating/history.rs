//! A record through time (`risk history`): each commit that changed it, with the edited keys
//! and derived values as `risk diff` finds them, each version rated with its commit's settings.

use std::rc::Rc;

use serde::Serialize;
use serde_json::Value;

use super::diff::{Change, Version, version_changes};
use chrono::{Datelike, NaiveDate};

use super::current as current_rating;
use crate::model::{Risk, Settings};

/// Who made a commit, and when.
#[derive(Clone, Debug, Serialize)]
pub struct Made {
    pub commit: String,
    /// The committer date, ISO 8601 with the committer's offset.
    pub date: String,
    pub author: String,
    pub email: String,
    pub subject: String,
}

/// The record as one commit left it.
#[derive(Clone, Debug)]
pub struct State {
    pub made: Made,
    /// Its file, relative to the register; None once it was removed.
    pub file: Option<String>,
    /// None when removed, or when it does not load at this commit.
    pub record: Option<Version>,
    pub settings: Rc<Settings>,
}

/// One commit in a record's history: `{commit, date, author, changes: [{field, from, to}]}`.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub commit: String,
    pub date: String,
    pub author: String,
    pub email: String,
    pub subject: String,
    /// The record's file after the commit (relative to the register); null once removed.
    pub file: Option<String>,
    pub changes: Vec<Change>,
}

/// The entries of a record's history, oldest first: what each state changed from the one
/// before. A state that changes nothing (a settings edit that moves none of its values) is left
/// out; a state where the record does not load is skipped, and the next is compared with the
/// last that did.
pub fn entries(states: &[State]) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut last: Option<(&Settings, &Version)> = None;
    let mut last_file: Option<&str> = None;
    for state in states {
        let mut changes = Vec::new();
        match (&state.file, &state.record) {
            (None, _) => {
                changes.push(Change {
                    field: "file".into(),
                    from: last_file.map_or(Value::Null, Value::from),
                    to: Value::Null,
                });
            }
            (Some(_), None) => continue,
            (Some(file), Some(record)) => {
                changes = version_changes(last, (&state.settings, record));
                if last_file.is_some_and(|f| f != file) {
                    changes.push(Change {
                        field: "file".into(),
                        from: last_file.map_or(Value::Null, Value::from),
                        to: Value::from(file.as_str()),
                    });
                }
                last = Some((&state.settings, record));
            }
        }
        last_file = state.file.as_deref();
        if changes.is_empty() {
            continue;
        }
        out.push(Entry {
            commit: state.made.commit.clone(),
            date: state.made.date.clone(),
            author: state.made.author.clone(),
            email: state.made.email.clone(),
            subject: state.made.subject.clone(),
            file: state.file.clone(),
            changes,
        });
    }
    out
}

/// The register as committed at the end of a period (`trends --profile`).
#[derive(Clone, Debug)]
pub struct Period {
    pub commit: String,
    pub date: String,
    pub settings: Rc<Settings>,
    pub risks: Vec<Rc<Risk>>,
    /// Risk files that did not load at that commit (not counted).
    pub broken: usize,
}

/// How long each period of a profile is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Every {
    Month,
    Quarter,
}

/// The periods from the one holding `since` to the one holding `until`: `(label, last day)`,
/// labelled `2026-07` or `2026-Q3`.
pub fn periods(every: Every, since: NaiveDate, until: NaiveDate) -> Vec<(String, NaiveDate)> {
    let step = match every {
        Every::Month => 1,
        Every::Quarter => 3,
    };
    let first_month = |d: NaiveDate| (d.month0() / step) * step;
    let mut year = since.year();
    let mut month0 = first_month(since);
    let mut out = Vec::new();
    loop {
        let start = NaiveDate::from_ymd_opt(year, month0 + 1, 1).expect("a month's first day");
        if start > until {
            break;
        }
        let (next_year, next_month0) = if month0 + step >= 12 {
            (year + 1, month0 + step - 12)
        } else {
            (year, month0 + step)
        };
        let end = NaiveDate::from_ymd_opt(next_year, next_month0 + 1, 1)
            .and_then(|d| d.pred_opt())
            .expect("a month's last day");
        let label = match every {
            Every::Month => format!("{year}-{:02}", month0 + 1),
            Every::Quarter => format!("{year}-Q{}", month0 / 3 + 1),
        };
        out.push((label, end));
        (year, month0) = (next_year, next_month0);
    }
    out
}

/// Open risks per band at a period's end: `{period, end, commit, bands: {band: count},
/// out_of_appetite}`.
#[derive(Clone, Debug, Serialize)]
pub struct ProfileRow {
    pub period: String,
    pub end: NaiveDate,
    /// The commit the period's figures come from; null before the register's first commit.
    pub commit: Option<String>,
    #[serde(serialize_with = "in_order")]
    pub bands: Vec<(String, usize)>,
    pub out_of_appetite: Option<usize>,
}

fn in_order<S: serde::Serializer>(bands: &[(String, usize)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(bands.len()))?;
    for (band, count) in bands {
        map.serialize_entry(band, count)?;
    }
    map.end()
}

/// Counts each period's open risks by band, rated with the settings of that period's commit.
/// Every row lists the bands of `current` (the settings of today's register), then any band
/// only an older settings file had.
pub fn profile(
    current: &Settings,
    periods: &[(String, NaiveDate)],
    states: &[Option<Period>],
) -> Vec<ProfileRow> {
    let mut names: Vec<String> = current.bands.iter().map(|b| b.name.clone()).collect();
    for state in states.iter().flatten() {
        for band in &state.settings.bands {
            if !names.contains(&band.name) {
                names.push(band.name.clone());
            }
        }
    }
    periods
        .iter()
        .zip(states)
        .map(|((label, end), state)| {
            let mut bands: Vec<(String, usize)> = names.iter().map(|n| (n.clone(), 0)).collect();
            let mut out_of_appetite = None;
            if let Some(state) = state {
                let open: Vec<&Risk> = state
                    .risks
                    .iter()
                    .map(|r| r.as_ref())
                    .filter(|r| r.is_open())
                    .collect();
                for risk in &open {
                    let band = current_rating(&state.settings, risk).band;
                    if let Some(slot) = bands.iter_mut().find(|(n, _)| *n == band) {
                        slot.1 += 1;
                    }
                }
                out_of_appetite = out_of_appetite_count(&state.settings, &open, *end);
            }
            ProfileRow {
                period: label.clone(),
                end: *end,
                commit: state.as_ref().map(|s| s.commit.clone()),
                bands,
                out_of_appetite,
            }
        })
        .collect()
}

/// The open risks outside the register's risk appetite at a period's end, as `check` counts
/// them then (an acceptance holding on that day keeps a risk in); None when the settings of
/// that commit set no appetite.
fn out_of_appetite_count(settings: &Settings, open: &[&Risk], end: NaiveDate) -> Option<usize> {
    settings.appetite.as_ref()?;
    Some(
        open.iter()
            .filter(|r| super::appetite::out_of_appetite(settings, r, end))
            .count(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn risk(likelihood: u8) -> Version {
        let text =
            format!("id: RISK-0001\ntitle: Refunds late\nlikelihood: {likelihood}\nimpact: 3\n");
        Version::Risk(crate::codec::parse::<Risk>(&text).unwrap())
    }

    fn state(
        commit: &str,
        file: Option<&str>,
        record: Option<Version>,
        settings: &Rc<Settings>,
    ) -> State {
        State {
            made: Made {
                commit: commit.into(),
                date: "2026-06-01T10:00:00+00:00".into(),
                author: "Ann".into(),
                email: "ann@x".into(),
                subject: "s".into(),
            },
            file: file.map(String::from),
            record,
            settings: settings.clone(),
        }
    }

    #[test]
    fn each_commit_lists_its_edits_then_the_values_they_move() {
        let settings = Rc::new(Settings::default());
        let f = Some("risks/RISK-0001.yaml");
        let states = [
            state("a", f, Some(risk(2)), &settings),
            state("b", f, Some(risk(4)), &settings),
            state("c", None, None, &settings),
        ];
        let got = entries(&states);
        assert_eq!(got.len(), 3);
        assert!(
            got[0]
                .changes
                .iter()
                .any(|c| c.field == "likelihood" && c.from.is_null() && c.to == json!(2))
        );
        let second: Vec<_> = got[1]
            .changes
            .iter()
            .map(|c| (c.field.as_str(), c.from.clone(), c.to.clone()))
            .collect();
        assert_eq!(
            second,
            vec![
                ("likelihood", json!(2), json!(4)),
                ("score", json!(6), json!(12)),
                ("band", json!("medium"), json!("high")),
            ]
        );
        assert_eq!(got[2].changes[0].field, "file");
        assert_eq!(got[2].changes[0].to, Value::Null);
    }

    #[test]
    fn a_settings_change_shows_only_when_it_moves_a_derived_value() {
        let default = Rc::new(Settings::default());
        let mut wide = Settings::default();
        wide.bands[1].max = 12;
        let wide = Rc::new(wide);
        let f = Some("risks/RISK-0001.yaml");
        let states = [
            state("a", f, Some(risk(4)), &default),
            state("b", f, Some(risk(4)), &wide),
            state("c", f, Some(risk(4)), &wide),
        ];
        let got = entries(&states);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].commit, "b");
        assert_eq!(got[1].changes.len(), 1);
        assert_eq!(
            (
                got[1].changes[0].field.as_str(),
                &got[1].changes[0].from,
                &got[1].changes[0].to
            ),
            ("band", &json!("high"), &json!("medium"))
        );
    }

    #[test]
    fn periods_are_labelled_by_month_or_quarter_and_end_on_their_last_day() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let months = periods(Every::Month, day(2026, 11, 20), day(2027, 2, 3));
        let labels: Vec<_> = months.iter().map(|(l, e)| (l.as_str(), *e)).collect();
        assert_eq!(
            labels,
            [
                ("2026-11", day(2026, 11, 30)),
                ("2026-12", day(2026, 12, 31)),
                ("2027-01", day(2027, 1, 31)),
                ("2027-02", day(2027, 2, 28)),
            ]
        );
        let quarters = periods(Every::Quarter, day(2026, 5, 2), day(2027, 1, 1));
        let labels: Vec<_> = quarters.iter().map(|(l, e)| (l.as_str(), *e)).collect();
        assert_eq!(
            labels,
            [
                ("2026-Q2", day(2026, 6, 30)),
                ("2026-Q3", day(2026, 9, 30)),
                ("2026-Q4", day(2026, 12, 31)),
                ("2027-Q1", day(2027, 3, 31)),
            ]
        );
    }
}
