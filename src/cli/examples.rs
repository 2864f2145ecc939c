//! The examples that end each command's `--help` (clap `after_help`), kept in one table so
//! the command definitions stay short; a test parses every example, so none can drift.

/// Examples per command path (`incident add`), two or three each.
const EXAMPLES: &[(&str, &[&str])] = &[
    (
        "import",
        &[
            "risk import risk-register.xlsx --dry-run",
            "risk import risk-register.csv --month-first",
            "risk import plan.xlsx --kind actions --sheet \"Treatment Plan\"",
        ],
    ),
    ("swot", &["risk swot", "risk swot SWOT-0001 --format md"]),
    (
        "pestle",
        &["risk pestle", "risk pestle PESTLE-0001 --format json"],
    ),
    (
        "analysis",
        &[
            "risk analysis add swot --title \"Customer service SWOT 2027\"",
            "risk analysis list",
        ],
    ),
    (
        "analysis add",
        &[
            "risk analysis add swot --title \"Customer service SWOT 2027\"",
            "risk analysis add pestle --title \"External factors 2027\" --held 2027-01-15",
        ],
    ),
    (
        "analysis list",
        &["risk analysis list", "risk analysis list --format json"],
    ),
    (
        "lessons",
        &[
            "risk lessons",
            "risk lessons --since 2026-06-01 --format md",
            "risk lessons --risk RISK-0001",
        ],
    ),
    (
        "accept",
        &[
            "risk accept RISK-0004 --by coo --until 2027-03-31 --reason \"Cost of a fix exceeds the loss\"",
        ],
    ),
    (
        "control",
        &["risk control test RISK-0001/C2 --result partial"],
    ),
    (
        "control test",
        &[
            "risk control test RISK-0001/C2 --result partial",
            "risk control test RISK-0005/C1 --result effective --on 2026-11-20",
        ],
    ),
    ("cba", &["risk cba", "risk cba --format csv"]),
    (
        "",
        &["risk init myreg", "risk matrix", "risk overdue --format md"],
    ),
    ("init", &["risk init", "risk init myreg --example"]),
    (
        "add",
        &[
            "risk add",
            "risk add --title \"Refunds paid twice\" --stage billing --likelihood 3 --impact financial=4",
            "risk add --title \"Lift fails\" -l 2 -i 5 --owner facilities --contingency \"Call the engineer\"",
        ],
    ),
    (
        "list",
        &[
            "risk list",
            "risk list --band high --owner none",
            "risk list --all --format csv",
        ],
    ),
    (
        "show",
        &["risk show RISK-0001", "risk show INC-0002 --format json"],
    ),
    (
        "edit",
        &[
            "risk edit RISK-0003 --set owner=facilities-lead --set contingency+=\"Call the backup courier\"",
            "risk edit RISK-0001 --set impact.financial=4 --set actions.A1.due=2026-12-31",
            "risk edit RISK-0003",
        ],
    ),
    (
        "review",
        &[
            "risk review RISK-0001",
            "risk review RISK-0001 --on 2026-11-20 --every-days 60",
        ],
    ),
    (
        "close",
        &[
            "risk close RISK-0004 --reason \"Supplier replaced\"",
            "risk close RISK-0004 --on 2026-11-20",
        ],
    ),
    ("reopen", &["risk reopen RISK-0004"]),
    ("action start", &["risk action start RISK-0001/A1"]),
    ("action cancel", &["risk action cancel RISK-0001/A1"]),
    (
        "action",
        &[
            "risk action add RISK-0001 --title \"Contract a failover\" --owner ops --due 2026-12-31",
            "risk action done RISK-0001/A1",
        ],
    ),
    (
        "action add",
        &[
            "risk action add RISK-0001 --title \"Contract a failover\" --owner ops --due 2026-12-31",
            "risk action add INC-0001",
        ],
    ),
    (
        "action done",
        &[
            "risk action done RISK-0001/A1",
            "risk action done INC-0001/A2 --on 2026-11-20",
        ],
    ),
    (
        "matrix",
        &[
            "risk matrix",
            "risk matrix --target --stage billing",
            "risk matrix --format md",
        ],
    ),
    ("rank", &["risk rank", "risk rank --by rpn --top 5"]),
    (
        "actions",
        &[
            "risk actions --overdue",
            "risk actions --owner ops-lead --due-within 14",
        ],
    ),
    (
        "overdue",
        &[
            "risk overdue",
            "risk overdue --owner ops-lead",
            "risk overdue --format json",
        ],
    ),
    (
        "todo",
        &[
            "risk todo --owner ops-lead",
            "risk todo --owner ops-lead --format md",
            "risk todo --within 14",
        ],
    ),
    (
        "check",
        &[
            "risk check",
            "risk check --format github --strict",
            "risk check --policy-from origin/main",
        ],
    ),
    (
        "export",
        &[
            "risk export --kind risks",
            "risk export --kind claims --format json",
        ],
    ),
    ("report", &["risk report", "risk report --out board.html"]),
    ("coverage", &["risk coverage", "risk coverage --format md"]),
    (
        "diff",
        &[
            "risk diff main",
            "risk diff main HEAD --format md",
            "risk diff main --fail-on-band high",
        ],
    ),
    ("fmt", &["risk fmt", "risk fmt --check"]),
    (
        "renumber",
        &[
            "risk renumber RISK-0042",
            "risk renumber RISK-0042 --to RISK-0050",
        ],
    ),
    ("schema", &["risk schema risk", "risk schema --out schemas"]),
    (
        "completions",
        &[
            "risk completions bash > ~/.local/share/bash-completion/completions/risk",
            "risk completions zsh",
        ],
    ),
    ("man", &["risk man | man -l -"]),
    (
        "incident",
        &["risk incident list", "risk incident show INC-0001"],
    ),
    (
        "incident add",
        &[
            "risk incident add --title \"Check-in outage\" --severity 4 --risk RISK-0001",
            "risk incident add --title \"Card data exposed\" --severity 5 --personal-data-breach",
        ],
    ),
    (
        "incident list",
        &[
            "risk incident list",
            "risk incident list --status open --format json",
        ],
    ),
    ("incident show", &["risk incident show INC-0001"]),
    (
        "incident update",
        &[
            "risk incident update INC-0001 --status contained",
            "risk incident update INC-0001 --customers-affected 1200 --why \"No failover\"",
        ],
    ),
    (
        "incident notify",
        &[
            "risk incident notify INC-0001 --channel sms --summary \"Flights delayed; rebooking free\"",
            "risk incident notify INC-0001 --channel email --audience regulator --summary \"Breach report\"",
        ],
    ),
    (
        "incident resolve",
        &[
            "risk incident resolve INC-0001",
            "risk incident resolve INC-0001 --root-cause \"Single provider\"",
        ],
    ),
    (
        "incident review",
        &[
            "risk incident review INC-0001 --lesson \"Keep contact data offline\"",
            "risk incident review INC-0001 --held 2026-11-20 --close",
        ],
    ),
    (
        "incident notice",
        &[
            "risk incident notice INC-0001",
            "risk incident notice INC-0001 --template notice.md",
        ],
    ),
    (
        "claim",
        &[
            "risk claim list --incident INC-0001",
            "risk claim assess CLM-0001",
        ],
    ),
    (
        "claim add",
        &[
            "risk claim add --incident INC-0001 --customer CUST-20931 --type refund --amount 420.00",
            "risk claim add",
        ],
    ),
    (
        "claim list",
        &[
            "risk claim list --incident INC-0001",
            "risk claim list --status received,assessing --overdue",
            "risk claim list --customer CUST-20931 --received-since 2026-11-01",
        ],
    ),
    (
        "claim show",
        &[
            "risk claim show CLM-0001",
            "risk claim show CLM-0001 --format json",
        ],
    ),
    (
        "claim acknowledge",
        &[
            "risk claim acknowledge CLM-0001",
            "risk claim acknowledge --incident INC-0001 --status received --dry-run",
        ],
    ),
    (
        "claim assess",
        &[
            "risk claim assess CLM-0001 --dry-run",
            "risk claim assess CLM-0001 --by claims-team",
            "risk claim assess --incident INC-0001 --status received --dry-run",
        ],
    ),
    (
        "claim offer",
        &[
            "risk claim offer CLM-0001 --amount 150.00",
            "risk claim offer CLM-0001 --amount 700.00 --override \"Medical costs\"",
        ],
    ),
    (
        "claim decide",
        &[
            "risk claim decide CLM-0001 accept",
            "risk claim decide CLM-0001 CLM-0002 accept",
            "risk claim decide CLM-0001 reject --note \"Not on the flight\"",
        ],
    ),
    (
        "claim pay",
        &[
            "risk claim pay CLM-0001",
            "risk claim pay --incident INC-0001 --status accepted --on 2026-11-20",
        ],
    ),
    (
        "claim import",
        &[
            "risk claim import claims.csv --incident INC-0001",
            "risk claim import claims.csv --incident INC-0001 --acknowledged 2026-11-20",
        ],
    ),
    (
        "claim offer-all",
        &[
            "risk claim offer-all --incident INC-0001 --customers affected.csv",
            "risk claim offer-all --incident INC-0001 --customers affected.csv --type credit",
        ],
    ),
    (
        "claims",
        &[
            "risk claims",
            "risk claims --incident INC-0001 --format json",
        ],
    ),
    (
        "trends",
        &[
            "risk trends --by harm --format md",
            "risk trends --profile --every quarter --since 2026-01-01",
        ],
    ),
    (
        "history",
        &[
            "risk history RISK-0001",
            "risk history RISK-0001 --format md",
            "risk --at v1 history INC-0002",
        ],
    ),
];

/// The examples of a command path, if it has any.
pub fn of(path: &str) -> Option<&'static [&'static str]> {
    EXAMPLES.iter().find(|(p, _)| *p == path).map(|(_, e)| *e)
}

/// Every command path with examples, for the test that parses them.
#[cfg(test)]
pub fn all() -> impl Iterator<Item = &'static str> {
    EXAMPLES.iter().flat_map(|(_, e)| e.iter().copied())
}

/// The clap command with each (sub)command's examples at the end of its help.
pub fn attach(command: clap::Command) -> clap::Command {
    attach_at(command, "")
}

fn attach_at(mut command: clap::Command, path: &str) -> clap::Command {
    if let Some(examples) = of(path) {
        let mut text = String::from("Examples:\n");
        for example in examples {
            text.push_str(&format!("  {example}\n"));
        }
        command = command.after_help(text.trim_end().to_string());
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        command = command.mut_subcommand(&name, |sub| attach_at(sub, &sub_path));
    }
    command
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, FromArgMatches};

    use super::*;
    use crate::cli::Cli;

    /// Splits an example as a shell would (double quotes only; no redirections).
    fn words(line: &str) -> Vec<String> {
        let line = line
            .split(" > ")
            .next()
            .unwrap()
            .split(" | ")
            .next()
            .unwrap();
        let mut words = Vec::new();
        let mut word = String::new();
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ' ' if !quoted => {
                    if !word.is_empty() {
                        words.push(std::mem::take(&mut word));
                    }
                }
                c => word.push(c),
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
        words
    }

    #[test]
    fn every_example_parses() {
        for example in all() {
            let matches = attach(Cli::command())
                .try_get_matches_from(words(example))
                .unwrap_or_else(|e| panic!("{example}: {e}"));
            Cli::from_arg_matches(&matches).unwrap_or_else(|e| panic!("{example}: {e}"));
        }
    }

    #[test]
    fn every_command_ends_its_help_with_examples() {
        fn walk(command: &clap::Command, path: String, missing: &mut Vec<String>) {
            for sub in command.get_subcommands() {
                if sub.get_name() == "help" {
                    continue;
                }
                let sub_path = if path.is_empty() {
                    sub.get_name().to_string()
                } else {
                    format!("{path} {}", sub.get_name())
                };
                if of(&sub_path).is_none_or(|e| e.is_empty()) {
                    missing.push(sub_path.clone());
                }
                walk(sub, sub_path, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), String::new(), &mut missing);
        // Commands added by others after this list was written are named here, not guessed at.
        assert!(missing.is_empty(), "commands without examples: {missing:?}");
    }
}
