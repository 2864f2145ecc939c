//! What a change between two versions of the register means: records added, removed and
//! changed, with every edited key and every derived value (score, band, target band, RPN, AP).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::fmea::{action_priority, rpn};
use super::matrix::at_or_above;
use super::{current, target};
use crate::model::{Claim, Id, Incident, Kind, Risk, Settings};
use crate::snapshot::{Record, Snapshot};

/// The meaning of a change between a base and a head version of the register.
#[derive(Clone, Debug)]
pub struct Diff {
    pub base: String,
    /// The head revision, or None for the working tree.
    pub head: Option<String>,
    pub added: Vec<Summary>,
    pub removed: Vec<Summary>,
    pub changed: Vec<Changed>,
}

/// A record in one line: its id, title and what it rates.
#[derive(Clone, Debug)]
pub struct Summary {
    pub id: String,
    /// The record's kind; None for the settings (`register.yaml`).
    pub kind: Option<Kind>,
    pub title: String,
    /// `high (score 16)` for a risk, `severity 4, open` for an incident, the status of a claim.
    pub detail: String,
}

#[derive(Clone, Debug)]
pub struct Changed {
    pub record: Summary,
    pub changes: Vec<Change>,
}

/// One edited key (`actions.A1.status`) or derived value (`band`), from base to head.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub field: String,
    pub from: Value,
    pub to: Value,
}

/// A record reduced to what is compared: its fields as JSON, and the values derived from them.
struct Item {
    summary: Summary,
    fields: Value,
    derived: Vec<(&'static str, Value)>,
}

/// Compares two versions of a register: the settings first (as `settings`, DESIGN 14), then
/// record by record (by id). A record whose text and settings are the same on both sides is
/// unchanged without looking further.
pub fn compare(base: &Snapshot, head: &Snapshot, base_name: &str, head_name: Option<&str>) -> Diff {
    let same_settings = base.settings == head.settings;
    let before = records(base);
    let mut after = records(head);
    let mut diff = Diff {
        base: base_name.to_string(),
        head: head_name.map(str::to_string),
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
    };
    if base.settings_text != head.settings_text {
        let mut changes = Vec::new();
        compare_values(
            "",
            &to_json(&base.settings),
            &to_json(&head.settings),
            &mut changes,
        );
        if !changes.is_empty() {
            diff.changed.push(Changed {
                record: Summary {
                    id: "settings".into(),
                    kind: None,
                    title: "register.yaml".into(),
                    detail: "the register's settings and policy".into(),
                },
                changes,
            });
        }
    }
    for (key, old) in before {
        let Some(new) = after.remove(&key) else {
            diff.removed.push(old.item(&base.settings).summary);
            continue;
        };
        if same_settings && old.text() == new.text() {
            continue;
        }
        let (old, new) = (old.item(&base.settings), new.item(&head.settings));
        let mut changes = Vec::new();
        compare_values("", &old.fields, &new.fields, &mut changes);
        for ((name, from), (_, to)) in old.derived.iter().zip(&new.derived) {
            if from != to {
                changes.push(Change {
                    field: name.to_string(),
                    from: from.clone(),
                    to: to.clone(),
                });
            }
        }
        if !changes.is_empty() {
            diff.changed.push(Changed {
                record: new.summary,
                changes,
            });
        }
    }
    diff.added = after
        .into_values()
        .map(|r| r.item(&head.settings).summary)
        .collect();
    diff
}

/// Whether records of `kind` whose text is the same on both sides may still differ in meaning
/// because the settings changed: the settings their validation or their derived values read
/// differ (scales, bands, grid, dimensions for risks; harms for incidents too). `risk diff`
/// then reads every record of the kind; otherwise only the files that changed.
pub fn moves_meaning(kind: Kind, base: &Settings, head: &Settings) -> bool {
    read_by(kind, base) != read_by(kind, head)
}

/// The settings a record of `kind` is validated and compared with, the rest as the defaults.
/// Settings added later count until they are listed here as not read by a kind.
fn read_by(kind: Kind, settings: &Settings) -> Settings {
    let none = Settings::default();
    let mut read = settings.clone();
    // Read by no record's validation and by no value a diff derives.
    read.name = none.name.clone();
    read.incident = none.incident.clone();
    read.compensation = none.compensation.clone();
    read.check = none.check.clone();
    if kind != Kind::Risk {
        read.currency = none.currency.clone();
        read.scales = none.scales.clone();
        read.impact_dimensions = none.impact_dimensions.clone();
        read.bands = none.bands.clone();
        read.grid = none.grid.clone();
        read.owner_required_from = none.owner_required_from.clone();
        read.review_every_days = none.review_every_days.clone();
        read.stages = none.stages.clone();
        read.categories = none.categories.clone();
    }
    if kind == Kind::Claim {
        read.harms = none.harms;
    }
    read
}

/// Open risks of `head` rated `band` or above that were not there in `base` (added, or moved
/// up from a lower band): the risks a `--fail-on-band` gate stops on.
pub fn entered(base: &Snapshot, head: &Snapshot, band: &str) -> Vec<(String, String)> {
    let hs = &head.settings;
    head.risks
        .iter()
        .filter(|r| r.value.is_open())
        .filter_map(|r| {
            let now = current(hs, &r.value).band;
            if !at_or_above(hs, &now, band) {
                return None;
            }
            let was = base
                .risks
                .iter()
                .find(|b| b.value.id == r.value.id)
                .map(|b| current(&base.settings, &b.value).band);
            let already = was.is_some_and(|was| at_or_above(&base.settings, &was, band));
            (!already).then(|| (r.value.id.to_string(), now))
        })
        .collect()
}

/// A record of any kind, by value: one version of a record in its history.
#[derive(Clone, Debug)]
pub enum Version {
    Risk(Risk),
    Incident(Incident),
    Claim(Claim),
}

impl Version {
    fn item(&self, settings: &Settings) -> Item {
        match self {
            Version::Risk(r) => risk_item(settings, r),
            Version::Incident(r) => incident_item(r),
            Version::Claim(r) => claim_item(r),
        }
    }
}

/// The edited keys and derived values between two versions of one record, each rated with
/// the settings of its own revision, as [`compare`] finds them (`risk history`). A record
/// that did not exist before (None) starts from nothing: every key and value is new.
pub fn version_changes(
    before: Option<(&Settings, &Version)>,
    after: (&Settings, &Version),
) -> Vec<Change> {
    let new = after.1.item(after.0);
    let old = before.map(|(settings, version)| version.item(settings));
    let empty = Value::Object(Default::default());
    let mut changes = Vec::new();
    compare_values(
        "",
        old.as_ref().map_or(&empty, |o| &o.fields),
        &new.fields,
        &mut changes,
    );
    for (i, (name, to)) in new.derived.iter().enumerate() {
        let from = old
            .as_ref()
            .and_then(|o| o.derived.get(i))
            .map_or(&Value::Null, |(_, v)| v);
        if from != to {
            changes.push(Change {
                field: name.to_string(),
                from: from.clone(),
                to: to.clone(),
            });
        }
    }
    changes
}

/// A loaded record of any kind.
enum Any<'a> {
    Risk(&'a Record<Risk>),
    Incident(&'a Record<Incident>),
    Claim(&'a Record<Claim>),
    Swot(&'a Record<crate::model::Swot>),
    Pestle(&'a Record<crate::model::Pestle>),
}

impl Any<'_> {
    fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Any::Risk(r) => r.text(),
            Any::Incident(r) => r.text(),
            Any::Claim(r) => r.text(),
            Any::Swot(r) => r.text(),
            Any::Pestle(r) => r.text(),
        }
    }

    fn item(&self, settings: &Settings) -> Item {
        match self {
            Any::Risk(r) => risk_item(settings, &r.value),
            Any::Incident(r) => incident_item(&r.value),
            Any::Claim(r) => claim_item(&r.value),
            Any::Swot(r) => {
                let a = &r.value;
                analysis_item(
                    Kind::Swot,
                    &a.id,
                    &a.title,
                    a.items().map(|i| i.2),
                    to_json(a),
                )
            }
            Any::Pestle(r) => {
                let a = &r.value;
                analysis_item(
                    Kind::Pestle,
                    &a.id,
                    &a.title,
                    a.items().map(|i| i.2),
                    to_json(a),
                )
            }
        }
    }
}

fn records(register: &Snapshot) -> BTreeMap<(Kind, Id), Any<'_>> {
    let mut out = BTreeMap::new();
    for r in &register.risks {
        out.insert((Kind::Risk, r.value.id.clone()), Any::Risk(r));
    }
    for r in &register.incidents {
        out.insert((Kind::Incident, r.value.id.clone()), Any::Incident(r));
    }
    for r in &register.claims {
        out.insert((Kind::Claim, r.value.id.clone()), Any::Claim(r));
    }
    for r in &register.swots {
        out.insert((Kind::Swot, r.value.id.clone()), Any::Swot(r));
    }
    for r in &register.pestles {
        out.insert((Kind::Pestle, r.value.id.clone()), Any::Pestle(r));
    }
    out
}

/// A SWOT or PESTLE analysis: how many items, how many of them name a risk.
fn analysis_item<'a>(
    kind: Kind,
    id: &Id,
    title: &str,
    items: impl Iterator<Item = &'a crate::model::analysis::Item>,
    fields: Value,
) -> Item {
    let (mut count, mut linked) = (0, 0);
    for item in items {
        count += 1;
        linked += usize::from(!item.risks().is_empty());
    }
    Item {
        summary: Summary {
            id: id.to_string(),
            kind: Some(kind),
            title: title.to_string(),
            detail: format!("{count} items, {linked} linked to risks"),
        },
        fields,
        derived: Vec::new(),
    }
}

/// Every edited key between two versions of one record, named as `risk diff` names them.
pub fn fields<T: Serialize>(from: &T, to: &T) -> Vec<Change> {
    let mut out = Vec::new();
    compare_values("", &to_json(from), &to_json(to), &mut out);
    out
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn risk_item(settings: &Settings, risk: &Risk) -> Item {
    let rating = current(settings, risk);
    let target = target(settings, risk);
    let fmea = risk.fmea.as_ref();
    let derived = vec![
        ("score", Value::from(rating.score)),
        ("band", Value::from(rating.band.clone())),
        ("target_band", to_json(&target.map(|t| t.band))),
        (
            "inherent_band",
            to_json(&super::matrix::inherent(settings, risk).map(|t| t.band)),
        ),
        (
            "rpn",
            to_json(&fmea.map(|f| rpn(f.severity, f.occurrence, f.detection))),
        ),
        (
            "ap",
            to_json(&fmea.map(|f| action_priority(f.severity, f.occurrence, f.detection).as_str())),
        ),
        // DESIGN 10.3: a risk that leaves its appetite shows as `within_appetite: true → false`.
        (
            "within_appetite",
            to_json(&super::appetite::within_appetite(settings, risk)),
        ),
    ];
    Item {
        summary: Summary {
            id: risk.id.to_string(),
            kind: Some(Kind::Risk),
            title: risk.title.clone(),
            detail: format!("{}, score {}", rating.band, rating.score),
        },
        fields: to_json(risk),
        derived,
    }
}

fn incident_item(incident: &Incident) -> Item {
    Item {
        summary: Summary {
            id: incident.id.to_string(),
            kind: Some(Kind::Incident),
            title: incident.title.clone(),
            detail: format!(
                "severity {}, {}",
                incident.severity,
                incident.status().as_str()
            ),
        },
        fields: to_json(incident),
        derived: Vec::new(),
    }
}

fn claim_item(claim: &Claim) -> Item {
    let mut detail = claim.status().as_str().to_string();
    if let Some(amount) = claim.requested.as_ref().and_then(|r| r.amount) {
        detail.push_str(&format!(", requested {amount}"));
    }
    Item {
        summary: Summary {
            id: claim.id.to_string(),
            kind: Some(Kind::Claim),
            title: format!("{} on {}", claim.customer, claim.incident),
            detail,
        },
        fields: to_json(claim),
        derived: Vec::new(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Records every difference between `from` and `to` under `path`: maps key by key, lists of
/// items with an `id` (actions) item by id, other lists of maps item by index, the rest whole.
fn compare_values(path: &str, from: &Value, to: &Value, out: &mut Vec<Change>) {
    if from == to {
        return;
    }
    match (from, to) {
        (Value::Object(a), Value::Object(b)) => {
            for key in union(a.keys(), b.keys()) {
                let (x, y) = (
                    a.get(&key).unwrap_or(&Value::Null),
                    b.get(&key).unwrap_or(&Value::Null),
                );
                compare_values(&join(path, &key), x, y, out);
            }
        }
        (Value::Array(a), Value::Array(b)) if keyed_by_id(a) && keyed_by_id(b) => {
            let id = |v: &Value| v["id"].as_str().unwrap_or_default().to_string();
            for key in union(
                a.iter().map(id).collect::<Vec<_>>().iter(),
                b.iter().map(id).collect::<Vec<_>>().iter(),
            ) {
                let find = |items: &[Value]| {
                    items
                        .iter()
                        .find(|v| v["id"].as_str() == Some(key.as_str()))
                        .cloned()
                        .unwrap_or(Value::Null)
                };
                compare_values(&join(path, &key), &find(a), &find(b), out);
            }
        }
        (Value::Array(a), Value::Array(b))
            if a.iter().chain(b).all(Value::is_object) && !a.is_empty() && !b.is_empty() =>
        {
            for i in 0..a.len().max(b.len()) {
                compare_values(
                    &format!("{path}[{i}]"),
                    a.get(i).unwrap_or(&Value::Null),
                    b.get(i).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        _ => out.push(Change {
            field: path.to_string(),
            from: from.clone(),
            to: to.clone(),
        }),
    }
}

fn keyed_by_id(items: &[Value]) -> bool {
    let ids: Vec<&str> = items.iter().filter_map(|v| v.get("id")?.as_str()).collect();
    !items.is_empty()
        && ids.len() == items.len()
        && ids.iter().enumerate().all(|(i, id)| !ids[..i].contains(id))
}

/// The keys of both maps in field order: `b`'s order, with keys only in `a` placed after
/// the key that preceded them in `a`.
fn union<'a>(
    a: impl Iterator<Item = &'a String>,
    b: impl Iterator<Item = &'a String>,
) -> Vec<String> {
    let a: Vec<&String> = a.collect();
    let mut keys: Vec<String> = b.cloned().collect();
    for (i, key) in a.iter().enumerate() {
        if keys.contains(key) {
            continue;
        }
        let at = a[..i]
            .iter()
            .rev()
            .find_map(|prev| keys.iter().position(|k| k == *prev))
            .map_or(0, |p| p + 1);
        keys.insert(at, (*key).clone());
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(from: Value, to: Value) -> Vec<(String, Value, Value)> {
        let mut out = Vec::new();
        compare_values("", &from, &to, &mut out);
        out.into_iter().map(|c| (c.field, c.from, c.to)).collect()
    }

    #[test]
    fn only_settings_a_kind_reads_make_a_diff_read_all_of_it() {
        let base = Settings::default();
        let mut policy = base.clone();
        policy.name = "Renamed".into();
        policy.compensation.acknowledge_within_days = 9;
        policy.check.deny.push("format".into());
        for kind in Kind::ALL {
            assert!(!moves_meaning(kind, &base, &policy), "{kind:?}");
        }
        let mut bands = base.clone();
        bands.bands[0].max = 6;
        assert!(moves_meaning(Kind::Risk, &base, &bands));
        assert!(!moves_meaning(Kind::Incident, &base, &bands));
        assert!(!moves_meaning(Kind::Claim, &base, &bands));
        let mut harms = base.clone();
        harms.harms.push("noise".into());
        assert!(moves_meaning(Kind::Risk, &base, &harms));
        assert!(moves_meaning(Kind::Incident, &base, &harms));
        assert!(!moves_meaning(Kind::Claim, &base, &harms));
    }

    #[test]
    fn nested_keys_are_dotted() {
        let got = fields(
            json!({"id": "RISK-1", "likelihood": 3, "impact": {"financial": 3, "reputational": 4}}),
            json!({"id": "RISK-1", "likelihood": 4, "impact": {"financial": 5, "reputational": 4}}),
        );
        assert_eq!(
            got,
            vec![
                ("likelihood".into(), json!(3), json!(4)),
                ("impact.financial".into(), json!(3), json!(5)),
            ]
        );
    }

    #[test]
    fn actions_are_compared_by_id_not_position() {
        let got = fields(
            json!({"actions": [{"id": "A1", "status": "open"}, {"id": "A2", "status": "open"}]}),
            json!({"actions": [{"id": "A2", "status": "open"}, {"id": "A1", "status": "done", "done": "2026-11-20"}, {"id": "A3", "status": "open"}]}),
        );
        assert_eq!(
            got,
            vec![
                ("actions.A1.status".into(), json!("open"), json!("done")),
                ("actions.A1.done".into(), Value::Null, json!("2026-11-20")),
                (
                    "actions.A3".into(),
                    Value::Null,
                    json!({"id": "A3", "status": "open"})
                ),
            ]
        );
    }

    #[test]
    fn removed_keys_keep_their_place_and_lists_of_values_compare_whole() {
        let got = fields(
            json!({"title": "a", "owner": "ann", "harms": ["delay"], "notes": "x"}),
            json!({"title": "a", "harms": ["delay", "billing"], "notes": "y"}),
        );
        assert_eq!(
            got,
            vec![
                ("owner".into(), json!("ann"), Value::Null),
                (
                    "harms".into(),
                    json!(["delay"]),
                    json!(["delay", "billing"])
                ),
                ("notes".into(), json!("x"), json!("y")),
            ]
        );
    }
}
