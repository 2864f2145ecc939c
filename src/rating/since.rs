//! What changed since a revision, for a board (`report --since REV`, `list --since REV`): new
//! and closed risks, band moves with their direction of travel, new incidents, claims paid.

use std::collections::BTreeMap;

use serde::Serialize;

use super::current;
use crate::model::claim::ClaimStatus;
use crate::model::{Risk, Settings};
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

/// The direction of travel of `risk` (rated with `settings`) from the `base` register.
pub fn travel(base: &Snapshot, settings: &Settings, risk: &Risk) -> Travel {
    let Some(was) = base.risks.iter().find(|r| r.value.id == risk.id) else {
        return Travel::New;
    };
    if !was.value.is_open() {
        return Travel::New;
    }
    let before = current(&base.settings, &was.value).band;
    let now = current(settings, risk).band;
    match (base.settings.band_index(&before), settings.band_index(&now)) {
        (Some(a), Some(b)) if b > a => Travel::Up,
        (Some(a), Some(b)) if b < a => Travel::Down,
        _ => Travel::Same,
    }
}

/// Compares the register at `rev` (`base`) with now (`head`).
pub fn since(base: &Snapshot, head: &Snapshot, rev: &str) -> Since {
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
        let way = travel(base, hs, risk);
        out.travel.insert(risk.id.to_string(), way);
        match way {
            Travel::New => out.new_risks.push(line(risk, hs)),
            Travel::Up | Travel::Down => {
                let was = base
                    .risks
                    .iter()
                    .find(|r| r.value.id == risk.id)
                    .map(|r| current(&base.settings, &r.value).band)
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
    // Closed since: open then, and closed (or gone) now.
    for record in base.risks.iter().filter(|r| r.value.is_open()) {
        let now = head.risks.iter().find(|r| r.value.id == record.value.id);
        if now.is_none_or(|r| !r.value.is_open()) {
            let mut closed = line(&record.value, &base.settings);
            if now.is_none() {
                closed.detail.push_str("; removed from the register");
            }
            out.closed_risks.push(closed);
        }
    }
    for record in &head.incidents {
        let incident = &record.value;
        if !base.incidents.iter().any(|r| r.value.id == incident.id) {
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
    for record in &head.claims {
        let claim = &record.value;
        if claim.status() != ClaimStatus::Paid {
            continue;
        }
        let was_paid = base
            .claims
            .iter()
            .any(|r| r.value.id == claim.id && r.value.status() == ClaimStatus::Paid);
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
        let got = since(&base, &head, "v1");
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
