//! Renderers of `risk check` findings: text for people, JSON for scripts.

use anstyle::{AnsiColor, Style};
use anyhow::Result;
use serde::Serialize;

use crate::check::Report;
use crate::check::{Finding, Level};
use crate::snapshot::Snapshot;

/// A finding in the JSON contract: `{rule, record, file, line, message}`.
#[derive(Serialize)]
pub struct FindingRow<'a> {
    pub rule: &'a str,
    pub record: Option<&'a str>,
    pub file: &'a str,
    pub line: Option<usize>,
    pub message: String,
}

impl<'a> From<&'a Finding> for FindingRow<'a> {
    fn from(f: &'a Finding) -> Self {
        FindingRow {
            rule: f.rule,
            record: f.record.as_deref(),
            file: &f.at.file,
            line: f.at.line,
            message: match &f.at.key {
                Some(key) => format!("{key}: {}", f.at.message),
                None => f.at.message.clone(),
            },
        }
    }
}

#[derive(Serialize)]
struct ReportRows<'a> {
    errors: Vec<FindingRow<'a>>,
    warnings: Vec<FindingRow<'a>>,
}

pub fn json(report: &Report) -> Result<String> {
    super::json(&ReportRows {
        errors: report.errors.iter().map(FindingRow::from).collect(),
        warnings: report.warnings.iter().map(FindingRow::from).collect(),
    })
}

pub fn text(report: &Report, register: &Snapshot) -> String {
    let mut out = String::new();
    for finding in report.errors.iter().chain(&report.warnings) {
        let (word, colour) = match finding.level {
            Level::Error => ("error", AnsiColor::Red),
            Level::Warning => ("warning", AnsiColor::Yellow),
        };
        let style = Style::new().fg_color(Some(colour.into())).bold();
        out.push_str(&format!(
            "{style}{word}[{}]{style:#}: {}\n",
            finding.rule, finding.at
        ));
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let scope = format!(
        "{}, {}, {}",
        plural(register.risks.len(), "risk"),
        plural(register.incidents.len(), "incident"),
        plural(register.claims.len(), "claim")
    );
    if report.errors.is_empty() && report.warnings.is_empty() {
        out.push_str(&format!("check: no findings ({scope} loaded)\n"));
    } else {
        out.push_str(&format!(
            "check: {}, {} ({scope} loaded)\n",
            plural(report.errors.len(), "error"),
            plural(report.warnings.len(), "warning")
        ));
    }
    out
}
