//! What changed since a revision, for a board (`report --since REV`, `list --since REV`): new
//! and closed risks, band moves with their direction of travel, new incidents, claims paid.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::current;
use crate::model::claim::ClaimStatus;
use crate::model::{Id, Risk, Settings};
use crate::snapshot::Snapshot;

/// A risk's direction of travel since the revision, by band (each side rated with the settings
/// of its own revision), the score breaking no ties: `same` within a band.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Travel {
    Up,
    Down,
    Same,
    New,
}

impl Travel {
    pub fn as_str(self) -> &'static str {
        match self {
            Travel::Up => "up",
            Travel::Down => "down",
            Travel::Same => "same",
            Travel::New => "new",
        }
    }

    /// ↑ ↓ → or ★ for a board paper.
    pub fn arrow(self) -> &'static str {
        match self {
            Travel::Up => "↑",
            Travel::Down => "↓",
            Travel::Same => "→",
            Travel::New => "★",
        }
    }
}

/// A record in one line.
#[derive(Clone, Debug, Serialize)]
pub struct Line {
    pub id: String,
    pub title: String,
    pub detail: String,
}

/// An open risk whose band moved.
#[derive(Clone, Debug, Serialize)]
pub struct Move {
    pub id: String,
    pub title: String,
    pub from: String,
    pub to: String,
    pub travel: Travel,
}

/// Everything that changed since `rev`.
#[derive(Clone, Debug, Serialize)]
pub struct Since {
    pub rev: String,
    pub new_risks: Vec<Line>,
    pub closed_risks: Vec<Line>,
    pub moves: Vec<Move>,
    pub new_incidents: Vec<Line>,
    pub claims_paid: Vec<Line>,
    /// The direction of travel of every open risk of the head, by id.
    pub travel: BTreeMap<String, Travel>,
    /// Open risks per band at each month's end since then (`report --since`), from git.
    pub profile: Vec<super::history::ProfileRow>,
}

/// The head's risks whose id changed since the revision (`renumber`): the id each had then,
/// or None for a risk added since under an id the revision gave another risk. A risk not
/// named here kept its id.
pub type Renames = HashMap<Id, Option<Id>>;

/// The register at the revision, seen from the head: each head risk's former self.
pub struct Then<'a> {
    pub base: &'a Snapshot,
    by_id: HashMap<&'a Id, &'a Risk>,
    renames: Renames,
}

impl<'a> Then<'a> {
    pub fn new(base: &'a Snapshot, renames: Renames) -> Then<'a> {
        let mut by_id = HashMap::with_capacity(base.risks.len());
        for record in &base.risks {
            by_id.entry(&record.value.id).or_insert(&record.value);
        }
        Then {
            base,
            by_id,
            renames,
        }
    }

    /// The risk the head's risk `id` was at the revision, following renumbers.
    pub fn was(&self, id: &Id) -> Option<&'a Risk> {
        let old = match self.renames.get(id) {
            Some(Some(old)) => old,
            Some(None) => return None,
            None => id,
        };
        self.by_id.get(old).copied()
    }
}

/// The direction of travel of `risk` (rated with `settings`) from the register `then`.
pub fn travel(then: &Then, settings: &Settings, risk: &Risk) -> Travel {
    let Some(was) = then.was(&risk.id) else {
        return Travel::New;
    };
    if !was.is_open() {
        return Travel::New;
    }
    let base = then.base;
    let before = current(&base.settings, was).band;
    let now = current(settings, risk).band;
    match (base.settings.band_index(&before), settings.band_index(&now)) {
        (Some(a), Some(b)) if b > a => Travel::Up,
        (Some(a), Some(b)) if b < a => Travel::Down,
        _ => Travel::Same,
    }
}

/// Compares the register at `rev` (`base`) with now (`head`).
pub fn since(then: &Then, head: &Snapshot, rev: &str) -> Since {
    let base = then.base;
    let hs = &head.settings;
    let line = |r: &Risk, settings: &Settings| {
        let rating = current(settings, r);
        Line {
            id: r.id.to_string(),
            title: r.title.clone(),
            detail: format!("{}, score {}", rating.band, rating.score),
        }
    };
    let mut out = Since {
        rev: rev.to_string(),
        new_risks: Vec::new(),
        closed_risks: Vec::new(),
        moves: Vec::new(),
        new_incidents: Vec::new(),
        claims_paid: Vec::new(),
        travel: BTreeMap::new(),
        profile: Vec::new(),
    };
    for record in head.risks.iter().filter(|r| r.value.is_open()) {
        let risk = &record.value;
        let way = travel(then, hs, risk);
        out.travel.insert(risk.id.to_string(), way);
        match way {
            Travel::New => out.new_risks.push(line(risk, hs)),
            Travel::Up | Travel::Down => {
                let was = then
                    .was(&risk.id)
                    .map(|r| current(&base.settings, r).band)
                    .unwrap_or_default();
                out.moves.push(Move {
                    id: risk.id.to_string(),
                    title: risk.title.clone(),
                    from: was,
                    to: current(hs, risk).band,
                    travel: way,
                });
            }
            Travel::Same => {}
        }
    }
    // Closed since: open then, and closed (or gone) now; each found under its id of now.
    let mut now_of: HashMap<&Id, &Risk> = HashMap::new();
    for record in &head.risks {
        if let Some(was) = then.was(&record.value.id) {
            now_of.entry(&was.id).or_insert(&record.value);
        }
    }
    for record in base.risks.iter().filter(|r| r.value.is_open()) {
        let now = now_of.get(&record.value.id).copied();
        if now.is_none_or(|r| !r.is_open()) {
            let mut closed = line(&record.value, &base.settings);
            if now.is_none() {
                closed.detail.push_str("; removed from the register");
            }
            out.closed_risks.push(closed);
        }
    }
    let incidents_then: std::collections::HashSet<&Id> =
        base.incidents.iter().map(|r| &r.value.id).collect();
    for record in &head.incidents {
        let incident = &record.value;
        if !incidents_then.contains(&incident.id) {
            out.new_incidents.push(Line {
                id: incident.id.to_string(),
                title: incident.title.clone(),
                detail: format!(
                    "severity {}, {}",
                    incident.severity,
                    incident.status().as_str()
                ),
            });
        }
    }
    let paid_then: std::collections::HashSet<&Id> = base
        .claims
        .iter()
        .filter(|r| r.value.status() == ClaimStatus::Paid)
        .map(|r| &r.value.id)
        .collect();
    for record in &head.claims {
        let claim = &record.value;
        if claim.status() != ClaimStatus::Paid {
            continue;
        }
        let was_paid = paid_then.contains(&claim.id);
        if !was_paid {
            let amount = claim
                .offer
                .as_ref()
                .map(|o| format!("{} {}", o.amount, head.settings.currency))
                .unwrap_or_else(|| "amount not recorded".into());
            out.claims_paid.push(Line {
                id: claim.id.to_string(),
                title: format!("{} on {}", claim.customer, claim.incident),
                detail: match claim.paid {
                    Some(on) => format!("{amount}, paid {on}"),
                    None => amount,
                },
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::testing::snapshot;

    #[test]
    fn risks_move_up_down_stay_or_are_new_and_closed_ones_are_listed() {
        let base = snapshot(
            "",
            &[
                "id: RISK-0001\ntitle: a\nlikelihood: 2\nimpact: 3\n",
                "id: RISK-0002\ntitle: b\nlikelihood: 4\nimpact: 4\n",
                "id: RISK-0003\ntitle: c\nlikelihood: 1\nimpact: 1\n",
                "id: RISK-0004\ntitle: d\nlikelihood: 1\nimpact: 1\n",
            ],
        );
        let head = snapshot(
            "",
            &[
                "id: RISK-0001\ntitle: a\nlikelihood: 4\nimpact: 3\n",
                "id: RISK-0002\ntitle: b\nlikelihood: 2\nimpact: 4\n",
                "id: RISK-0003\ntitle: c\nlikelihood: 1\nimpact: 2\n",
                "id: RISK-0005\ntitle: e\nlikelihood: 1\nimpact: 1\n",
            ],
        );
        let got = since(&Then::new(&base, Renames::new()), &head, "v1");
        let ways: Vec<(&str, Travel)> = got.travel.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            ways,
            [
                ("RISK-0001", Travel::Up),
                ("RISK-0002", Travel::Down),
                ("RISK-0003", Travel::Same),
                ("RISK-0005", Travel::New),
            ]
        );
        assert_eq!(got.moves.len(), 2);
        assert_eq!(
            (got.moves[0].from.as_str(), got.moves[0].to.as_str()),
            ("medium", "high")
        );
        assert_eq!(got.closed_risks.len(), 1);
        assert_eq!(got.closed_risks[0].id, "RISK-0004");
        assert_eq!(got.new_risks[0].id, "RISK-0005");
    }
}
