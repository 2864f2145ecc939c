//! `risk check`'s policy: the rules the settings and the flags promote to errors or switch off.

use std::collections::BTreeSet;

use anyhow::{Result, bail};

use crate::check::{self, Finding, Policy};
use crate::codec::locate;
use crate::error::Located;
use crate::model::settings::CheckSettings;
use crate::model::{Money, Settings};
use crate::snapshot::Snapshot;

/// Merges the settings' `check.deny`/`check.allow` with `--deny`/`--allow`, refusing names
/// that are not rules; a rule both denied and allowed is denied.
pub fn policy(
    settings: &CheckSettings,
    deny: &[String],
    allow: &[String],
    strict: bool,
) -> Result<Policy> {
    let known = check::rule_names();
    let mut policy = Policy {
        deny: BTreeSet::new(),
        allow: BTreeSet::new(),
        strict,
    };
    for (flag, names, into) in [
        ("check.deny", &settings.deny, &mut policy.deny),
        ("check.allow", &settings.allow, &mut policy.allow),
        ("--deny", &deny.to_vec(), &mut BTreeSet::new()),
        ("--allow", &allow.to_vec(), &mut BTreeSet::new()),
    ] {
        for name in names {
            if !known.contains(&name.as_str()) {
                let hint = crate::model::nearest(name, known.iter().copied())
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                bail!(
                    "{flag}: `{name}` is not a rule{hint}; rules: {}",
                    known.join(", ")
                );
            }
            into.insert(name.clone());
        }
    }
    policy.deny.extend(deny.iter().cloned());
    policy.allow.extend(allow.iter().cloned());
    for name in &policy.deny {
        policy.allow.remove(name);
    }
    Ok(policy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flags_add_to_the_settings_and_deny_wins_over_allow() {
        let settings = CheckSettings {
            deny: names(&["review-overdue"]),
            allow: names(&["format", "evidence"]),
        };
        let policy = policy(
            &settings,
            &names(&["evidence"]),
            &names(&["claim-sla"]),
            true,
        )
        .unwrap();
        assert_eq!(
            policy.deny.iter().map(String::as_str).collect::<Vec<_>>(),
            ["evidence", "review-overdue"]
        );
        assert_eq!(
            policy.allow.iter().map(String::as_str).collect::<Vec<_>>(),
            ["claim-sla", "format"]
        );
        assert!(policy.strict);
    }

    #[test]
    fn an_unknown_rule_is_refused_with_the_nearest_name() {
        let err = policy(
            &CheckSettings::default(),
            &names(&["overdue-actoin"]),
            &[],
            false,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with(
                "--deny: `overdue-actoin` is not a rule (did you mean `overdue-action`?)"
            ),
            "{err}"
        );
    }
}

/// Puts the gate's keys of `base` (the settings at `--policy-from REV`) into `head`: `check`,
/// `bands`, `grid`, `owner_required_from` and `compensation` (DESIGN 14), so a pull request is
/// checked by the rules it was opened against, not by the rules it brings.
pub fn gate_from(head: &Settings, base: &Settings) -> Settings {
    Settings {
        check: base.check.clone(),
        bands: base.bands.clone(),
        grid: base.grid.clone(),
        owner_required_from: base.owner_required_from.clone(),
        compensation: base.compensation.clone(),
        ..head.clone()
    }
}

/// One way the head settings loosen the gate of the base settings: the key and what changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loosened {
    pub key: String,
    pub message: String,
}

/// Every way `head` loosens the gate of `base`: a rule allowed or a deny dropped, a cell of the
/// matrix in a lower band, an owner required from a higher band, a limit, deadline or rule of
/// the compensation policy raised or added.
pub fn loosened(base: &Settings, head: &Settings) -> Vec<Loosened> {
    let mut out = Vec::new();
    let mut say = |key: &str, message: String| {
        out.push(Loosened {
            key: key.to_string(),
            message,
        })
    };
    for rule in head
        .check
        .allow
        .iter()
        .filter(|r| !base.check.allow.contains(r))
    {
        say("check.allow", format!("switches rule `{rule}` off"));
    }
    for rule in base
        .check
        .deny
        .iter()
        .filter(|r| !head.check.deny.contains(r))
    {
        say(
            "check.deny",
            format!("no longer makes rule `{rule}` an error"),
        );
    }
    // The matrix: every cell the head rates in a band lower (in the base's order) than before.
    let rank = |name: &str| base.band_index(name);
    let mut lowered = Vec::new();
    for l in 1..=head.likelihood_levels().min(base.likelihood_levels()) {
        for i in 1..=head.impact_levels().min(base.impact_levels()) {
            let (was, now) = (base.band_of(l, i), head.band_of(l, i));
            match (rank(was), rank(now)) {
                (Some(a), Some(b)) if b >= a => {}
                _ => lowered.push(format!("{l}×{i} {was} → {now}")),
            }
        }
    }
    if !lowered.is_empty() {
        let key = if head.grid != base.grid {
            "grid"
        } else {
            "bands"
        };
        say(
            key,
            format!(
                "rates {} cell(s) lower: {}",
                lowered.len(),
                lowered.join(", ")
            ),
        );
    }
    match (
        rank(&base.owner_required_from),
        rank(&head.owner_required_from),
    ) {
        (Some(a), Some(b)) if b <= a => {}
        _ => say(
            "owner_required_from",
            format!(
                "requires an owner from `{}` instead of `{}`",
                head.owner_required_from, base.owner_required_from
            ),
        ),
    }
    let (b, h) = (&base.compensation, &head.compensation);
    if h.per_customer_limit > b.per_customer_limit {
        say(
            "compensation.per_customer_limit",
            format!(
                "raised from {} to {}",
                b.per_customer_limit, h.per_customer_limit
            ),
        );
    }
    for (key, was, now) in [
        (
            "compensation.acknowledge_within_days",
            b.acknowledge_within_days,
            h.acknowledge_within_days,
        ),
        (
            "compensation.decide_within_days",
            b.decide_within_days,
            h.decide_within_days,
        ),
        (
            "compensation.pay_within_days",
            b.pay_within_days,
            h.pay_within_days,
        ),
    ] {
        if now > was {
            say(key, format!("raised from {was} to {now} days"));
        }
    }
    for rule in &h.rules {
        let Some(old) = b.rules.iter().find(|r| r.id == rule.id) else {
            say("compensation.rules", format!("adds rule `{}`", rule.id));
            continue;
        };
        let more = |was: Option<Money>, now: Option<Money>| match (was, now) {
            (Some(was), Some(now)) => now > was,
            (None, Some(_)) => false,
            (_, None) => was.is_some(),
        };
        let (o, n) = (&old.offer, &rule.offer);
        if more(o.amount, n.amount)
            || n.percent_of_request > o.percent_of_request
            || more(o.max, n.max)
            || n.kind != o.kind
        {
            say(
                "compensation.rules",
                format!("offers more under rule `{}`", rule.id),
            );
        }
        if old.when != rule.when {
            say(
                "compensation.rules",
                format!("changes when rule `{}` applies", rule.id),
            );
        }
    }
    out
}

/// `policy-changed` findings (errors) for each way the head snapshot's settings loosen the gate
/// of `base`, the settings at revision `rev`, placed at their keys in `file`.
pub fn policy_changed(base: &Settings, head: &Snapshot, file: &str, rev: &str) -> Vec<Finding> {
    loosened(base, &head.settings)
        .into_iter()
        .map(|l| {
            Finding::error(
                "policy-changed",
                None,
                Located {
                    file: file.to_string(),
                    line: locate::line_of(&head.settings_text, &l.key),
                    key: Some(l.key),
                    message: format!("{} (the gate is taken from {rev})", l.message),
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod loosening {
    use super::*;
    use crate::codec;

    fn settings(text: &str) -> Settings {
        codec::parse(text).unwrap()
    }

    fn keys(base: &str, head: &str) -> Vec<String> {
        loosened(&settings(base), &settings(head))
            .into_iter()
            .map(|l| format!("{}: {}", l.key, l.message))
            .collect()
    }

    #[test]
    fn allowing_a_rule_or_dropping_a_deny_loosens_the_gate() {
        assert_eq!(
            keys(
                "check: {deny: [evidence]}\n",
                "check: {allow: [parse, over-limit]}\n"
            ),
            [
                "check.allow: switches rule `parse` off",
                "check.allow: switches rule `over-limit` off",
                "check.deny: no longer makes rule `evidence` an error"
            ]
        );
        // The reverse tightens it: nothing to report.
        assert!(keys("check: {allow: [parse]}\n", "check: {deny: [evidence]}\n").is_empty());
    }

    #[test]
    fn raising_a_band_or_the_limit_loosens_the_gate() {
        let raised = keys(
            "",
            "bands:\n- {name: low, max: 9}\n- {name: medium, max: 16}\n- {name: high, max: 25}\n\
             compensation: {per_customer_limit: 50000.00}\n",
        );
        assert_eq!(raised.len(), 2, "{raised:?}");
        assert!(raised[0].starts_with("bands: rates "), "{raised:?}");
        assert!(raised[0].contains("2×3 medium → low"), "{raised:?}");
        assert_eq!(
            raised[1],
            "compensation.per_customer_limit: raised from 500.00 to 50000.00"
        );
        assert_eq!(
            keys("", "owner_required_from: medium\n"),
            Vec::<String>::new(),
            "an owner from a lower band is stricter"
        );
        assert_eq!(
            keys("owner_required_from: medium\n", ""),
            ["owner_required_from: requires an owner from `high` instead of `medium`"]
        );
    }

    #[test]
    fn a_new_or_changed_compensation_rule_loosens_the_gate() {
        let base = "compensation:\n  rules:\n  - {id: a, offer: {type: refund, max: 100.00}}\n";
        let head = "compensation:\n  rules:\n  - {id: a, offer: {type: refund, max: 900.00}}\n  - {id: b, offer: {type: credit, amount: 5.00}}\n";
        assert_eq!(
            keys(base, head),
            [
                "compensation.rules: offers more under rule `a`",
                "compensation.rules: adds rule `b`"
            ]
        );
        assert!(keys(head, base).is_empty(), "removing a rule tightens");
    }

    #[test]
    fn the_gate_comes_from_the_base_and_the_rest_from_the_head() {
        let base = settings("name: base\ncheck: {deny: [evidence]}\n");
        let head = settings("name: head\ncheck: {allow: [parse]}\nstages: [web]\n");
        let merged = gate_from(&head, &base);
        assert_eq!(merged.name, "head");
        assert_eq!(merged.stages, ["web"]);
        assert_eq!(merged.check, base.check);
    }
}
