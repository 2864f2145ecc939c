//! Appetite (DESIGN 10.3): the highest band a risk may sit in without a recorded decision.

use chrono::NaiveDate;

use super::current;
use crate::model::{Risk, Settings};

/// The appetite band of a risk: by its category and stage (the lower wins), else the default.
pub fn appetite<'a>(settings: &'a Settings, risk: &Risk) -> Option<&'a str> {
    settings.appetite_for(risk.category.as_deref(), risk.stage.as_deref())
}

/// True when `band` is above the `appetite` band (bands ordered as listed).
pub fn above(settings: &Settings, band: &str, appetite: &str) -> bool {
    match (settings.band_index(band), settings.band_index(appetite)) {
        (Some(b), Some(a)) => b > a,
        _ => false,
    }
}

/// Whether the current rating is within the risk's appetite; None without an appetite.
pub fn within_appetite(settings: &Settings, risk: &Risk) -> Option<bool> {
    let appetite = appetite(settings, risk)?;
    Some(!above(settings, &current(settings, risk).band, appetite))
}

/// Whether the band `band` is within the appetite of this risk; None without an appetite.
pub fn band_within(settings: &Settings, risk: &Risk, band: &str) -> Option<bool> {
    appetite(settings, risk).map(|a| !above(settings, band, a))
}

/// The risk carries an acceptance that has not run out.
pub fn acceptance_holds(risk: &Risk, today: NaiveDate) -> bool {
    risk.acceptance
        .as_ref()
        .is_some_and(|a| a.until.is_none_or(|until| until >= today))
}

/// An open risk above its appetite with no acceptance that still holds: what `check` reports.
pub fn out_of_appetite(settings: &Settings, risk: &Risk, today: NaiveDate) -> bool {
    risk.is_open()
        && within_appetite(settings, risk) == Some(false)
        && !acceptance_holds(risk, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SETTINGS: &str = "appetite:\n  default: high\n  categories:\n    health_safety: low\n  stages:\n    billing: medium\n";

    fn risk(extra: &str) -> Risk {
        crate::codec::parse(&format!(
            "id: RISK-1\ntitle: t\n{extra}likelihood: 3\nimpact: 3\n"
        ))
        .unwrap()
    }

    #[test]
    fn a_risk_above_its_appetite_is_out_unless_accepted() {
        let s: Settings = crate::codec::parse(SETTINGS).unwrap();
        let today: NaiveDate = "2026-11-23".parse().unwrap();
        let medium_hs = risk("category: health_safety\n");
        assert_eq!(within_appetite(&s, &medium_hs), Some(false));
        assert!(out_of_appetite(&s, &medium_hs, today));
        let billing = risk("stage: billing\n");
        assert_eq!(within_appetite(&s, &billing), Some(true));
        let accepted = risk(
            "category: health_safety\nacceptance:\n  by: coo\n  on: 2026-01-01\n  until: 2026-12-01\n",
        );
        assert!(!out_of_appetite(&s, &accepted, today));
        let expired = risk(
            "category: health_safety\nacceptance:\n  by: coo\n  on: 2026-01-01\n  until: 2026-11-22\n",
        );
        assert!(out_of_appetite(&s, &expired, today));
        assert_eq!(within_appetite(&Settings::default(), &medium_hs), None);
    }
}
