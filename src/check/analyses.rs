//! The rules of `risk check` about analyses and lessons (DESIGN 11): references from analyses
//! and lessons to risks (`dangling-ref`), `analysis-unlinked` and `lesson-unactioned`.

use chrono::NaiveDate;

use super::incidents::{at, present};
use crate::check::{Finding, Level};
use crate::model::Kind;
use crate::model::analysis::Item;
use crate::rating::lessons::UNACTIONED_AFTER_DAYS;
use crate::snapshot::{Record, Snapshot};

/// Risks named by analysis items and by lessons must exist.
pub fn dangling_ref(register: &Snapshot, _today: NaiveDate) -> Vec<Finding> {
    let risks = present(register, Kind::Risk);
    let mut out = Vec::new();
    let mut check = |record_file: &dyn Fn(String, String) -> Finding,
                     refs: Vec<(String, &crate::model::Id)>| {
        for (key, risk) in refs {
            if !risks.contains(risk) {
                let message = format!("{risk} does not exist (no file risks/{risk}.yaml)");
                out.push(record_file(key, message));
            }
        }
    };
    for r in &register.swots {
        check(
            &|key, m| at(RULE, Level::Error, r, &r.value.id, &[&key], m),
            item_refs(r.value.items()),
        );
    }
    for r in &register.pestles {
        check(
            &|key, m| at(RULE, Level::Error, r, &r.value.id, &[&key], m),
            item_refs(r.value.items()),
        );
    }
    for r in &register.incidents {
        let refs = r
            .value
            .lessons()
            .iter()
            .enumerate()
            .flat_map(|(i, lesson)| {
                lesson
                    .risks()
                    .iter()
                    .enumerate()
                    .map(move |(j, risk)| (format!("review.lessons[{i}].risks[{j}]"), risk))
            })
            .collect();
        check(
            &|key, m| at(RULE, Level::Error, r, &r.value.id, &[&key], m),
            refs,
        );
    }
    out
}

const RULE: &str = "dangling-ref";

/// The risks an analysis's items name, each with its key (`threats[1].risks[0]`).
fn item_refs<'a>(
    items: impl Iterator<Item = (&'static str, usize, &'a Item)>,
) -> Vec<(String, &'a crate::model::Id)> {
    items
        .flat_map(|(key, i, item)| {
            item.risks()
                .iter()
                .enumerate()
                .map(move |(j, risk)| (format!("{key}[{i}].risks[{j}]"), risk))
        })
        .collect()
}

/// A SWOT weakness or threat, or any PESTLE item, that names no risk and is not dismissed:
/// each is either in the register or consciously set aside (DESIGN 11.1).
pub fn analysis_unlinked(register: &Snapshot, _today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in &register.swots {
        let items = r
            .value
            .items()
            .filter(|(key, _, _)| matches!(*key, "weaknesses" | "threats"));
        unlinked(r, &r.value.id, items, &mut out);
    }
    for r in &register.pestles {
        unlinked(r, &r.value.id, r.value.items(), &mut out);
    }
    out
}

fn unlinked<'a, T: serde::Serialize>(
    record: &Record<T>,
    id: &crate::model::Id,
    items: impl Iterator<Item = (&'static str, usize, &'a Item)>,
    out: &mut Vec<Finding>,
) {
    for (key, i, item) in items {
        if item.risks().is_empty() && item.dismissed().is_none() {
            let what = match key {
                "weaknesses" => "weakness",
                "threats" => "threat",
                factor => factor,
            };
            out.push(at(
                "analysis-unlinked",
                Level::Warning,
                record,
                id,
                &[&format!("{key}[{i}]")],
                format!(
                    "the {what} `{}` names no risk and is not dismissed; link it (`risks: [RISK-x]`) \
                     or set it aside (`dismissed: why`)",
                    item.text()
                ),
            ));
        }
    }
}

/// A lesson of a review held more than 30 days ago that went nowhere: no action, no risk.
pub fn lesson_unactioned(register: &Snapshot, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in &register.incidents {
        let Some(held) = r.value.review.as_ref().and_then(|rv| rv.held) else {
            continue;
        };
        let days = (today - held).num_days();
        if days <= UNACTIONED_AFTER_DAYS {
            continue;
        }
        for (i, lesson) in r.value.lessons().iter().enumerate() {
            if lesson.actions().is_empty() && lesson.risks().is_empty() {
                out.push(at(
                    "lesson-unactioned",
                    Level::Warning,
                    r,
                    &r.value.id,
                    &[&format!("review.lessons[{i}]")],
                    format!(
                        "the lesson `{}` of the review held {held} ({days} days ago) has no action and no risk; \
                         `risk incident review {} --lesson TEXT --action A1` or `--risk RISK-x` says where it went",
                        lesson.text(),
                        r.value.id
                    ),
                ));
            }
        }
    }
    out
}
