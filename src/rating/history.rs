//! A record through time (`risk history`): each commit that changed it, with the edited keys
//! and derived values as `risk diff` finds them, each version rated with its commit's settings.

use std::rc::Rc;

use serde::Serialize;
use serde_json::Value;

use super::diff::{Change, Version, version_changes};
use crate::model::Settings;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Risk;
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
}
