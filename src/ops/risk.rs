//! Changes to existing records in place: `edit` (any kind, by dotted key), and a risk's
//! `review` and `close`.

use anyhow::Result;
use chrono::NaiveDate;

use super::{Outcome, modify, save};
use crate::codec;
use crate::codec::locate;
use crate::error::{Error, Located};
use crate::model::risk::{Review, RiskStatus};
use crate::model::{Claim, Id, Incident, Kind, Pestle, Risk, Swot};
use crate::rating;
use crate::snapshot::{Loadable, RecordFile, Snapshot, located};
use serde_json::Value;

/// Sets `key=value` pairs (dotted keys reach inside; an empty value removes the key; a key
/// ending in `+` appends the value to a list) on the record with this id. The report says what
/// changed, field by field, and for a risk how its rating moved.
pub fn edit(snapshot: &Snapshot, id: &Id, sets: &[(String, String)]) -> Result<Outcome<String>> {
    change(snapshot, id, Source::Sets(sets))
}

/// Replaces the record with this id by `text`, a whole record as a person edited it (`risk edit
/// ID` in `$EDITOR`): read and validated as loading reads a file, the id unchanged, written in
/// canonical form. The report is `edit`'s.
pub fn replace(snapshot: &Snapshot, id: &Id, text: &str) -> Result<Outcome<String>> {
    change(snapshot, id, Source::Text(text))
}

/// The file and text of the record with this id, to be edited whole; refused when the file
/// holds a comment, which the canonical form written back would lose.
pub fn editable(snapshot: &Snapshot, id: &Id) -> Result<(String, String)> {
    let (file, text) = match kind_of(id)? {
        Kind::Risk => text_of::<Risk>(snapshot, id)?,
        Kind::Incident => text_of::<Incident>(snapshot, id)?,
        Kind::Claim => text_of::<Claim>(snapshot, id)?,
        Kind::Swot => text_of::<Swot>(snapshot, id)?,
        Kind::Pestle => text_of::<Pestle>(snapshot, id)?,
    };
    without_comment(file, text)
}

/// As [`editable`], for a record whose file does not parse (`text`, as `Store::begin_repair`
/// hands it back): the file the snapshot lists under this id, and that text.
pub fn editable_unparsed(snapshot: &Snapshot, id: &Id, text: String) -> Result<(String, String)> {
    let file = unparsed_file(snapshot, id)
        .ok_or_else(|| Error::usage(format!("no record file named {id}")))?;
    without_comment(file.file().to_string(), text)
}

/// The file named with this id that the snapshot lists but holds no record of: one that did
/// not parse, read for `risk edit` to repair it.
fn unparsed_file<'a>(snapshot: &'a Snapshot, id: &Id) -> Option<&'a RecordFile> {
    let kind = id.kind()?;
    let read = match kind {
        Kind::Risk => has::<Risk>(snapshot, id),
        Kind::Incident => has::<Incident>(snapshot, id),
        Kind::Claim => has::<Claim>(snapshot, id),
        Kind::Swot => has::<Swot>(snapshot, id),
        Kind::Pestle => has::<Pestle>(snapshot, id),
    };
    if read {
        return None;
    }
    snapshot
        .files
        .iter()
        .find(|f| f.kind == kind && f.id.as_ref() == Some(id))
}

fn has<T: Loadable>(snapshot: &Snapshot, id: &Id) -> bool {
    T::records(snapshot).iter().any(|r| r.value.id() == id)
}

fn without_comment(file: String, text: String) -> Result<(String, String)> {
    if let Some(line) = locate::first_comment(&text) {
        return Err(Error::from(Located {
            file,
            line: Some(line),
            key: None,
            message: "holds a comment, which the edited record written back would lose; edit \
                      the file by hand, or move the comment into `notes` first"
                .into(),
        })
        .into());
    }
    Ok((file, text))
}

fn text_of<T: Loadable>(snapshot: &Snapshot, id: &Id) -> Result<(String, String)> {
    let record = snapshot.get::<T>(id)?;
    Ok((record.file().to_string(), record.text().into_owned()))
}

fn kind_of(id: &Id) -> Result<Kind> {
    Ok(id.kind().ok_or_else(|| {
        Error::usage(format!(
            "`{id}` is not a risk, incident, claim, SWOT or PESTLE id"
        ))
    })?)
}

/// Where the new value of a record comes from.
#[derive(Clone, Copy)]
enum Source<'a> {
    Sets(&'a [(String, String)]),
    Text(&'a str),
}

fn change(snapshot: &Snapshot, id: &Id, source: Source) -> Result<Outcome<String>> {
    if let Source::Text(text) = source
        && let Some(file) = unparsed_file(snapshot, id)
    {
        let change = match kind_of(id)? {
            Kind::Risk => whole::<Risk>(snapshot, id, file, text)?,
            Kind::Incident => whole::<Incident>(snapshot, id, file, text)?,
            Kind::Claim => whole::<Claim>(snapshot, id, file, text)?,
            Kind::Swot => whole::<Swot>(snapshot, id, file, text)?,
            Kind::Pestle => whole::<Pestle>(snapshot, id, file, text)?,
        };
        let report = format!("Updated {id} (it did not parse)");
        return Ok(Outcome::new(vec![change], report));
    }
    let (change, report) = match kind_of(id)? {
        Kind::Risk => {
            let record = snapshot.get::<Risk>(id)?;
            // A record being repaired has no rating before (its levels may be off the scales).
            let before = (record.value.validate(&snapshot.settings).is_empty())
                .then(|| rating::current(&snapshot.settings, &record.value));
            let (risk, change) = edit_with::<Risk>(snapshot, id, source)?;
            let after = rating::current(&snapshot.settings, &risk);
            let mut message = updated(id, change.is_some());
            match before {
                Some(before) if before != after => message.push_str(&format!(
                    ": score {} → {}, band {} → {}",
                    before.score, after.score, before.band, after.band
                )),
                Some(_) => {}
                None => message.push_str(&format!(
                    " (it was invalid): score {}, band {}",
                    after.score, after.band
                )),
            }
            message.push_str(&changed_fields(id, &record.value, &risk));
            (change, message)
        }
        Kind::Incident => report::<Incident>(snapshot, id, source)?,
        Kind::Claim => report::<Claim>(snapshot, id, source)?,
        Kind::Swot => report::<Swot>(snapshot, id, source)?,
        Kind::Pestle => report::<Pestle>(snapshot, id, source)?,
    };
    Ok(Outcome::new(change.into_iter().collect(), report))
}

fn report<T: Loadable>(
    snapshot: &Snapshot,
    id: &Id,
    source: Source,
) -> Result<(Option<super::Change>, String)> {
    let before = &snapshot.get::<T>(id)?.value;
    let was_invalid = !before.validate(&snapshot.settings).is_empty();
    let (after, change) = edit_with::<T>(snapshot, id, source)?;
    let mut message = updated(id, change.is_some());
    if was_invalid {
        message.push_str(" (it was invalid)");
    }
    message.push_str(&changed_fields(id, before, &after));
    Ok((change, message))
}

fn updated(id: &Id, changed: bool) -> String {
    if changed {
        format!("Updated {id}")
    } else {
        format!("No change to {id}: it already holds these values")
    }
}

/// One line per edited key, as `risk diff` names it: `RISK-0003: owner: ana → bo`,
/// `RISK-0003: contingency: added "Call the backup courier"`.
fn changed_fields<T: serde::Serialize>(id: &Id, before: &T, after: &T) -> String {
    rating::diff::fields(before, after)
        .iter()
        .map(|c| format!("\n{id}: {}: {}", c.field, described(&c.from, &c.to)))
        .collect()
}

/// How a value moved: set, removed, items added to or removed from a list, or from → to.
fn described(from: &Value, to: &Value) -> String {
    let quoted = |items: &[Value]| {
        items
            .iter()
            .map(|v| match v {
                Value::String(s) => format!("{s:?}"),
                other => shown(other),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (from, to) {
        (Value::Null, Value::Array(b)) => format!("added {}", quoted(b)),
        (Value::Null, to) => format!("set to {}", shown(to)),
        (from, Value::Null) => format!("removed (was {})", shown(from)),
        (Value::Array(a), Value::Array(b)) if b.len() > a.len() && b.starts_with(a) => {
            format!("added {}", quoted(&b[a.len()..]))
        }
        (Value::Array(a), Value::Array(b)) if a.len() > b.len() && a.starts_with(b) => {
            format!("removed {}", quoted(&a[b.len()..]))
        }
        (from, to) => format!("{} → {}", shown(from), shown(to)),
    }
}

/// A value in one line: text bare, lists in brackets, maps in braces.
fn shown(value: &Value) -> String {
    match value {
        Value::Null => "(none)".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(shown).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{k}: {}", shown(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// The record's new value from its source; returns the record and its change, if any.
fn edit_with<T: Loadable>(
    snapshot: &Snapshot,
    id: &Id,
    source: Source,
) -> Result<(T, Option<super::Change>)> {
    let record = snapshot.get::<T>(id)?;
    let value: T = match source {
        Source::Sets(sets) => {
            codec::edit(&record.text(), sets).map_err(|e| in_file(record.file(), e))?
        }
        Source::Text(text) => {
            // As loading reads a file: parsed, then validated with lines in this text.
            let value = parsed::<T>(record.file(), text)?;
            let problems = value.validate(&snapshot.settings);
            if !problems.is_empty() {
                return Err(Error::input(located(record.file(), text, problems)).into());
            }
            value
        }
    };
    save(snapshot, record, value)
}

/// A record read from an edited `text` of `file` as loading reads a file (not yet validated).
fn parsed<T: Loadable>(file: &str, text: &str) -> Result<T> {
    let (value, _) = codec::read::<T>(text).map_err(|e| in_file(file, e))?;
    Ok(value)
}

/// A reading error, in `file`.
fn in_file(file: &str, e: codec::YamlError) -> Error {
    Error::from(Located {
        file: file.to_string(),
        line: e.line,
        key: e.key,
        message: e.message,
    })
}

/// The change that writes `text` over a record file that did not parse: read and validated
/// as loading reads a file, the id the file's, written in canonical form.
fn whole<T: Loadable>(
    snapshot: &Snapshot,
    id: &Id,
    file: &RecordFile,
    text: &str,
) -> Result<super::Change> {
    let mut value = parsed::<T>(file.file(), text)?;
    value.normalise();
    let problems = value.validate(&snapshot.settings);
    if !problems.is_empty() {
        return Err(Error::input(located(file.file(), text, problems)).into());
    }
    if value.id() != id {
        return Err(super::id_changed(file.file(), id).into());
    }
    Ok(super::Change::Replace {
        rel: file.rel().to_path_buf(),
        text: codec::write(&value),
    })
}

/// Records that a risk was reviewed on `on`, optionally with a new cadence.
pub fn review(
    snapshot: &Snapshot,
    id: &Id,
    on: NaiveDate,
    every_days: Option<u32>,
    today: NaiveDate,
) -> Result<Outcome<String>> {
    super::lifecycle::not_future("--on", on, today)?;
    let (risk, change) = modify::<Risk>(snapshot, id, |risk| {
        let review = risk.review.get_or_insert_with(Review::default);
        review.last = Some(on);
        if every_days.is_some() {
            review.every_days = every_days;
        }
        Ok(())
    })?;
    let band = rating::current(&snapshot.settings, &risk).band;
    let next = rating::review_due(&snapshot.settings, &risk, &band, today);
    Ok(Outcome::new(
        change.into_iter().collect(),
        format!("Reviewed {id} on {on}; next review due {next}"),
    ))
}

/// Closes a risk, saying how many of its actions are still open.
pub fn close(snapshot: &Snapshot, id: &Id) -> Result<Outcome<String>> {
    let (risk, change) = modify::<Risk>(snapshot, id, |risk| {
        risk.status = Some(RiskStatus::Closed);
        Ok(())
    })?;
    let open = risk.actions.iter().filter(|a| a.is_open()).count();
    let mut message = format!("Closed {id}");
    if open > 0 {
        message.push_str(&format!(
            " ({open} action{} still open)",
            if open == 1 { "" } else { "s" }
        ));
    }
    Ok(Outcome::new(change.into_iter().collect(), message))
}

/// Adds a risk, already validated, under the next free id; the report is its id and file.
pub fn add(snapshot: &Snapshot, risk: &Risk) -> Result<Outcome<(Id, String)>> {
    let (id, file, change) = super::create(snapshot, Kind::Risk, |id| Risk { id, ..risk.clone() })?;
    Ok(Outcome::new(vec![change], (id, file)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::testing::snapshot;

    const RISK: &str = "id: RISK-0003\ntitle: Lift fails\nowner: ana\nlikelihood: 2\nimpact: 5\ncontingency:\n- Call the lift engineer\n";

    fn id() -> Id {
        Id::parse("RISK-0003").unwrap()
    }

    #[test]
    fn edit_reports_each_changed_field() {
        let register = snapshot("", &[RISK]);
        let sets = [
            ("owner".to_string(), "bo".to_string()),
            (
                "contingency+".to_string(),
                "Call the backup courier".to_string(),
            ),
        ];
        let outcome = edit(&register, &id(), &sets).unwrap();
        assert_eq!(
            outcome.report,
            "Updated RISK-0003\nRISK-0003: owner: ana → bo\nRISK-0003: contingency: added \"Call the backup courier\""
        );
        assert_eq!(outcome.changes.len(), 1);
    }

    /// `replace` refuses a text with an invalid value, one that does not parse and one that
    /// changes the id, naming the line.
    fn replace_refuses_bad_texts(register: &Snapshot) {
        for (text, wanted) in [
            (
                RISK.replace("likelihood: 2", "likelihood: 9"),
                "RISK-0003.yaml:4: likelihood: 9 is outside 1..5",
            ),
            (
                RISK.replace("owner:", "ownr:"),
                "RISK-0003.yaml:3: ownr: unknown key",
            ),
            (
                RISK.replace("RISK-0003", "RISK-0004"),
                "the id cannot be changed",
            ),
        ] {
            let err = replace(register, &id(), &text).unwrap_err().to_string();
            assert!(err.contains(wanted), "{err}");
        }
    }

    #[test]
    fn replace_reads_and_validates_the_text_as_loading_does() {
        let register = snapshot("", &[RISK]);
        replace_refuses_bad_texts(&register);
        let outcome = replace(
            &register,
            &id(),
            &RISK.replace("likelihood: 2", "likelihood: 4"),
        )
        .unwrap();
        assert_eq!(
            outcome.report,
            "Updated RISK-0003: score 10 → 20, band high → high\nRISK-0003: likelihood: 2 → 4"
        );
    }

    #[test]
    fn an_edit_repairs_a_record_read_invalid_and_only_a_valid_result_is_saved() {
        // As `risk edit` reads a record that is invalid on disk: parsed, not validated.
        let broken = RISK.replace("likelihood: 2", "likelihood: 9");
        let register = snapshot("", &[&broken]);
        let set = |key: &str, value: &str| [(key.to_string(), value.to_string())];
        let outcome = edit(&register, &id(), &set("likelihood", "4")).unwrap();
        assert_eq!(
            outcome.report,
            "Updated RISK-0003 (it was invalid): score 20, band high\nRISK-0003: likelihood: 9 → 4"
        );
        assert_eq!(outcome.changes.len(), 1);
        // Still invalid after the change, or unchanged: refused, at the line of its file.
        for (key, value, level) in [
            ("owner", "bo", 9),
            ("likelihood", "9", 9),
            ("likelihood", "0", 0),
        ] {
            let err = edit(&register, &id(), &set(key, value))
                .unwrap_err()
                .to_string();
            let expected = format!("RISK-0003.yaml:4: likelihood: {level} is outside 1..5");
            assert!(err.contains(&expected), "{key}={value}: {err}");
        }
        let fixed = RISK.replace("owner: ana", "owner: bo");
        let outcome = replace(&register, &id(), &fixed).unwrap();
        assert!(
            outcome
                .report
                .starts_with("Updated RISK-0003 (it was invalid)"),
            "{}",
            outcome.report
        );
        let err = replace(&register, &id(), &broken.replace("owner: ana", "owner: bo"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("RISK-0003.yaml:4: likelihood: 9 is outside"),
            "{err}"
        );
    }

    #[test]
    fn a_file_that_did_not_parse_is_replaced_whole_by_a_valid_record() {
        // As `Store::begin_repair` leaves it: the file listed, no record read from it.
        let mut register = snapshot("", &[]);
        register.files.push(RecordFile::new(
            Kind::Risk,
            Some(id()),
            "register/risks/RISK-0003.yaml".into(),
            "risks/RISK-0003.yaml".into(),
        ));
        let unparsed = RISK.replace("owner:", "ownr:");
        let (file, text) = editable_unparsed(&register, &id(), unparsed.clone()).unwrap();
        assert_eq!(
            (file.as_str(), text.as_str()),
            ("register/risks/RISK-0003.yaml", unparsed.as_str())
        );
        replace_refuses_bad_texts(&register);
        // `--set` has no record to change.
        let sets = [("owner".to_string(), "bo".to_string())];
        assert!(edit(&register, &id(), &sets).is_err());
        let outcome = replace(&register, &id(), RISK).unwrap();
        assert_eq!(outcome.report, "Updated RISK-0003 (it did not parse)");
        match &outcome.changes[..] {
            [crate::ops::Change::Replace { rel, text }] => {
                assert_eq!(rel, std::path::Path::new("risks/RISK-0003.yaml"));
                assert_eq!(text, RISK);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_file_with_a_comment_is_not_opened_in_the_editor() {
        let register = snapshot("", &[&format!("{RISK}# keep this\n")]);
        let err = editable(&register, &id()).unwrap_err().to_string();
        assert!(err.contains("holds a comment"), "{err}");
    }
}
