//! Customer notices (DESIGN 6.6): the five parts of the communication protocol (what happened
//! and what it means for you, the apology, what is being done, compensation available, when
//! the next update comes), rendered from a template with the incident's facts.

use anyhow::Result;

use crate::error::{Error, Located};
use crate::model::{Id, Incident, Settings};
use crate::snapshot::Snapshot;

/// The built-in notice; `{{name}}` placeholders are replaced with the incident's facts.
pub const BUILT_IN: &str = "\
Subject: {{title}} ({{id}})

What happened
{{what_happened}}

What it means for you
{{what_it_means}}

We are sorry
{{apology}}

What we are doing
{{what_we_are_doing}}

Compensation
{{compensation}}

Next update
{{next_update}}
";

/// The placeholders a template may use.
pub const PLACEHOLDERS: [&str; 14] = [
    "id",
    "title",
    "register",
    "status",
    "detected",
    "customers_affected",
    "summary",
    "what_happened",
    "what_it_means",
    "apology",
    "what_we_are_doing",
    "compensation",
    "next_update",
    "currency",
];

fn harm_sentence(harm: &str) -> String {
    match harm {
        "delay" => "Your service, delivery or journey may have been delayed.".into(),
        "billing" => "You may have been charged the wrong amount.".into(),
        "misinformation" => "Information we gave you may have been wrong.".into(),
        "privacy" => "Some of your personal data may have been exposed to people who should not have seen it.".into(),
        "system_failure" => "Some of our services were unavailable to you.".into(),
        "safety" => "Your safety may have been put at risk.".into(),
        other => format!("You may have been affected by {}.", other.replace('_', " ")),
    }
}

fn utc_text(t: &chrono::DateTime<chrono::FixedOffset>) -> String {
    t.with_timezone(&chrono::Utc)
        .format("%Y-%m-%d %H:%M UTC")
        .to_string()
}

/// The value of every placeholder for `incident`.
pub fn facts(settings: &Settings, incident: &Incident) -> Vec<(&'static str, String)> {
    let currency = &settings.currency;
    let what_happened = format!(
        "{} We detected the problem on {}.",
        incident
            .summary
            .clone()
            .unwrap_or_else(|| format!("{}.", incident.title.trim_end_matches('.'))),
        utc_text(&incident.detected)
    );
    let mut means: Vec<String> = incident.harms.iter().map(|h| harm_sentence(h)).collect();
    if incident.personal_data_breach == Some(true) && !incident.harms.iter().any(|h| h == "privacy")
    {
        means.push(harm_sentence("privacy"));
    }
    if means.is_empty() {
        means.push("You may have been affected; we will tell you more as we learn it.".into());
    }
    let mut doing: Vec<String> = incident
        .containment
        .iter()
        .map(|s| format!("- {s}"))
        .collect();
    doing.extend(
        incident
            .actions
            .iter()
            .filter(|a| a.is_open())
            .map(|a| format!("- {}", a.title)),
    );
    match (&incident.resolved, &incident.contained) {
        (Some(r), _) => doing.push(format!("- The problem was resolved on {}.", utc_text(r))),
        (None, Some(c)) => doing.push(format!(
            "- The problem was contained on {}; we are working to resolve it fully.",
            utc_text(c)
        )),
        (None, None) => doing.push("- We are working to contain the problem.".into()),
    }
    let policy = &settings.compensation;
    let mut offers: Vec<String> = policy
        .rules
        .iter()
        .filter(|rule| {
            let w = &rule.when;
            (w.harms.is_empty() || w.harms.iter().any(|h| incident.harms.contains(h)))
                && w.min_severity.is_none_or(|m| incident.severity >= m)
                && w.max_severity.is_none_or(|m| incident.severity <= m)
        })
        .map(|rule| {
            let o = &rule.offer;
            let kind = o.kind.replace('_', " ");
            let mut text = match (o.amount, o.percent_of_request) {
                (Some(a), _) => format!("- a {kind} of {a} {currency}"),
                (None, Some(p)) => format!("- a {kind} of {p}% of the amount you claim"),
                _ => format!("- a {kind}"),
            };
            if let Some(max) = o.max {
                text.push_str(&format!(", up to {max} {currency}"));
            }
            if !rule.when.types.is_empty() {
                text.push_str(&format!(" (for {} claims)", rule.when.types.join(", ")));
            }
            text
        })
        .collect();
    let compensation = if offers.is_empty() {
        format!(
            "If this cost you money, you can make a claim quoting {}. Every claim is assessed against our published compensation policy, up to {} {currency} per customer.",
            incident.id, policy.per_customer_limit
        )
    } else {
        offers.insert(
            0,
            format!(
                "Under our compensation policy you can claim, quoting {}:",
                incident.id
            ),
        );
        offers.push(format!(
            "Each customer can receive up to {} {currency} in total.",
            policy.per_customer_limit
        ));
        offers.join("\n")
    };
    let every = settings.incident.update_every_hours;
    let next_update = match crate::rating::duties::next_update_due(settings, incident) {
        Some(due) => format!(
            "We will update you again by {}, and at least every {every} hours until it is resolved.",
            utc_text(&due.fixed_offset())
        ),
        None if incident.resolved.is_some()
            || incident.status() >= crate::model::incident::IncidentStatus::Resolved =>
        {
            "The problem is resolved. This is our last update unless something changes; contact us if you are still affected.".to_string()
        }
        None => format!(
            "We will update you again within {every} hours, and at least every {every} hours until it is resolved."
        ),
    };
    vec![
        ("id", incident.id.to_string()),
        ("title", incident.title.clone()),
        ("register", settings.name.clone()),
        ("status", incident.status().as_str().to_string()),
        ("detected", utc_text(&incident.detected)),
        (
            "customers_affected",
            incident.customers_affected.map(|n| n.to_string()).unwrap_or_else(|| "unknown".into()),
        ),
        ("summary", incident.summary.clone().unwrap_or_default()),
        ("what_happened", what_happened),
        ("what_it_means", means.join("\n")),
        (
            "apology",
            "We are sorry. This should not have happened, and we know it has cost you time and trouble.".into(),
        ),
        ("what_we_are_doing", doing.join("\n")),
        ("compensation", compensation),
        ("next_update", next_update),
        ("currency", currency.clone()),
    ]
}

/// Replaces `{{name}}` placeholders; an unknown or unclosed one is an error naming its line.
pub fn render(template: &str, facts: &[(&str, String)]) -> Result<String, Vec<(usize, String)>> {
    let mut out = String::with_capacity(template.len() * 2);
    let mut problems = Vec::new();
    for (n, line) in template.split_inclusive('\n').enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else {
                problems.push((n + 1, "`{{` is not closed with `}}`".to_string()));
                rest = after;
                continue;
            };
            let name = after[..end].trim();
            match facts.iter().find(|(k, _)| *k == name) {
                Some((_, value)) => out.push_str(value),
                None => problems.push((
                    n + 1,
                    format!(
                        "unknown placeholder {{{{{name}}}}} (known: {})",
                        PLACEHOLDERS.join(", ")
                    ),
                )),
            }
            rest = &after[end + 2..];
        }
        out.push_str(rest);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The notice for incident `id` from `template` (named `file` in errors); None for the
/// built-in template.
pub fn notice(snapshot: &Snapshot, id: &Id, template: Option<(&str, &str)>) -> Result<String> {
    let incident = &snapshot.incident(id)?.value;
    let (file, template) = template.unwrap_or(("built-in template", BUILT_IN));
    render(template, &facts(&snapshot.settings, incident)).map_err(|problems| {
        Error::input(
            problems
                .into_iter()
                .map(|(line, message)| Located {
                    file: file.to_string(),
                    line: Some(line),
                    key: None,
                    message,
                })
                .collect(),
        )
        .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_replaced_and_unknown_ones_named_by_line() {
        let facts = vec![("title", "Outage".to_string()), ("id", "INC-1".to_string())];
        assert_eq!(
            render("{{title}} ({{ id }})\n", &facts).unwrap(),
            "Outage (INC-1)\n"
        );
        let err = render("ok\n{{nope}} and {{title\n", &facts).unwrap_err();
        assert_eq!(err.len(), 2);
        assert_eq!(err[0].0, 2);
        assert!(err[0].1.contains("unknown placeholder {{nope}}"));
        assert!(err[1].1.contains("not closed"));
    }

    #[test]
    fn the_built_in_notice_has_the_five_parts() {
        let incident: Incident = crate::codec::parse(
            "id: INC-0001\ntitle: Check-in outage\nseverity: 4\nharms: [delay]\ndetected: 2026-09-26T08:25:00+10:00\ncontainment: [Manual boarding lists]\n",
        )
        .unwrap();
        let text = render(BUILT_IN, &facts(&Settings::default(), &incident)).unwrap();
        for part in [
            "What happened",
            "What it means for you",
            "We are sorry",
            "What we are doing",
            "Compensation",
            "Next update",
        ] {
            assert!(text.contains(part), "{part} missing in\n{text}");
        }
        assert!(text.contains("2026-09-25 22:25 UTC"));
        assert!(text.contains("- Manual boarding lists"));
        assert!(text.contains("within 48 hours"));
        assert!(!text.contains("{{"));
    }
}
