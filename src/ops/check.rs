//! `risk check`'s policy: the rules the settings and the flags promote to errors or switch off.

use std::collections::BTreeSet;

use anyhow::{Result, bail};

use crate::check::{self, Policy};
use crate::model::settings::CheckSettings;

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
