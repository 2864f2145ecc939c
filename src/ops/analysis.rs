//! `risk analysis add`: a new SWOT or PESTLE analysis, to be filled in and linked to risks.

use anyhow::Result;
use chrono::NaiveDate;

use super::{Outcome, create};
use crate::error::{Error, Located};
use crate::model::{Id, Kind, Pestle, Swot};
use crate::snapshot::Snapshot;

/// Which analysis to start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    Swot,
    Pestle,
}

impl Which {
    pub fn kind(self) -> Kind {
        match self {
            Which::Swot => Kind::Swot,
            Which::Pestle => Kind::Pestle,
        }
    }
}

/// Creates an empty analysis under the next free id of its kind; the report is its id and file.
pub fn add(
    snapshot: &Snapshot,
    which: Which,
    title: &str,
    held: NaiveDate,
) -> Result<Outcome<(Id, String)>> {
    let title = title.trim();
    if title.is_empty() {
        return Err(Error::input(vec![Located {
            file: "risk analysis add".into(),
            line: None,
            key: Some("--title".into()),
            message: "must not be empty".into(),
        }])
        .into());
    }
    let (id, file, change) = match which {
        Which::Swot => create(snapshot, Kind::Swot, |id| Swot {
            id,
            title: title.to_string(),
            held: Some(held),
            strengths: Vec::new(),
            weaknesses: Vec::new(),
            opportunities: Vec::new(),
            threats: Vec::new(),
        })?,
        Which::Pestle => create(snapshot, Kind::Pestle, |id| Pestle {
            id,
            title: title.to_string(),
            held: Some(held),
            political: Vec::new(),
            economic: Vec::new(),
            social: Vec::new(),
            technological: Vec::new(),
            legal: Vec::new(),
            environmental: Vec::new(),
        })?,
    };
    Ok(Outcome::new(vec![change], (id, file)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::Change;
    use crate::snapshot::testing::snapshot;

    fn day(d: &str) -> NaiveDate {
        d.parse().unwrap()
    }

    #[test]
    fn a_swot_takes_the_next_swot_id_whatever_the_pestle_ids() {
        let s = snapshot(
            "",
            &["id: SWOT-0001\ntitle: a\n", "id: PESTLE-0007\ntitle: b\n"],
        );
        let outcome = add(&s, Which::Swot, " Service 2027 ", day("2026-12-01")).unwrap();
        assert_eq!(outcome.report.0.as_str(), "SWOT-0002");
        assert_eq!(outcome.report.1, "register/analyses/SWOT-0002.yaml");
        assert_eq!(
            outcome.changes,
            [Change::Create {
                rel: "analyses/SWOT-0002.yaml".into(),
                text: "id: SWOT-0002\ntitle: Service 2027\nheld: 2026-12-01\n".into()
            }]
        );
        let pestle = add(&s, Which::Pestle, "External", day("2026-12-01")).unwrap();
        assert_eq!(pestle.report.0.as_str(), "PESTLE-0008");
    }

    #[test]
    fn an_empty_title_is_refused() {
        let s = snapshot("", &[]);
        let err = add(&s, Which::Pestle, "  ", day("2026-12-01")).unwrap_err();
        assert!(format!("{err:#}").contains("--title"), "{err:#}");
    }
}
