//! Renderers of `risk check` findings, one `Emitter` per format over the same report:
//! text for people and JSON for scripts here, GitHub annotations and JUnit XML beside it.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use anyhow::Result;
use serde::Serialize;

use crate::check::Report;
use crate::check::{Finding, Level};
use crate::snapshot::Snapshot;

/// Writes the findings of one check in one format (ruff's `Emitter`).
pub trait Emitter {
    fn emit(&self, out: &mut dyn Write, report: &Report, context: &EmitContext) -> Result<()>;
}

/// What an emitter may need besides the findings.
pub struct EmitContext<'a> {
    /// The register that was checked: its settings, and how many records were loaded.
    pub register: &'a Snapshot,
    /// The rules that ran, in order (switched-off ones left out).
    pub rules: &'a [&'a str],
    /// Warnings fail the check (`--strict`).
    pub strict: bool,
    /// Colour is on: styles are written (else nothing strips them).
    pub colour: bool,
}

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

/// The report as JSON, each row made only when it is written (no second copy of the findings).
#[derive(Serialize)]
struct ReportRows<'a> {
    #[serde(serialize_with = "error_rows")]
    errors: &'a Report,
    #[serde(serialize_with = "warning_rows")]
    warnings: &'a Report,
}

fn error_rows<S: serde::Serializer>(report: &&Report, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(report.errors().map(FindingRow::from))
}

fn warning_rows<S: serde::Serializer>(report: &&Report, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(report.warnings().map(FindingRow::from))
}

/// `{errors: [...], warnings: [...]}`, the JSON contract.
pub struct JsonEmitter;

impl Emitter for JsonEmitter {
    fn emit(&self, out: &mut dyn Write, report: &Report, _: &EmitContext) -> Result<()> {
        let rows = ReportRows {
            errors: report,
            warnings: report,
        };
        super::stream::json(out, &rows)
    }
}

/// `error[rule]: file:line: key: message` per finding, then a one-line summary.
pub struct TextEmitter;

impl Emitter for TextEmitter {
    fn emit(&self, out: &mut dyn Write, report: &Report, context: &EmitContext) -> Result<()> {
        // One buffer for every finding's place and message, escaped before it is written, and
        // one for its whole line (written at once when there is no colour).
        let (mut located, mut line) = (String::new(), String::new());
        for finding in report.errors().chain(report.warnings()) {
            located.clear();
            finding.at.write_to(&mut located);
            let located = super::escape::terminal(&located);
            let (level, rule) = (finding.level.as_str(), finding.rule);
            if context.colour {
                let style = Style::new()
                    .fg_color(Some(colour(finding.level).into()))
                    .bold();
                writeln!(out, "{style}{level}[{rule}]{style:#}: {located}")?;
            } else {
                line.clear();
                for part in [level, "[", rule, "]: ", &located, "\n"] {
                    line.push_str(part);
                }
                out.write_all(line.as_bytes())?;
            }
        }
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let register = context.register;
        let mut scope = format!(
            "{}, {}, {}",
            plural(register.risks.len(), "risk"),
            plural(register.incidents.len(), "incident"),
            plural(register.claims.len(), "claim")
        );
        // Analyses are counted where a register keeps them (most registers have none).
        let analyses = register.swots.len() + register.pestles.len();
        if analyses > 0 {
            let word = if analyses == 1 {
                "analysis"
            } else {
                "analyses"
            };
            scope.push_str(&format!(", {analyses} {word}"));
        }
        if report.errors().len() == 0 && report.warnings().len() == 0 {
            writeln!(out, "check: no findings ({scope} loaded)")?;
        } else {
            writeln!(
                out,
                "check: {}, {} ({scope} loaded)",
                plural(report.errors().len(), "error"),
                plural(report.warnings().len(), "warning")
            )?;
        }
        Ok(())
    }
}

fn colour(level: Level) -> AnsiColor {
    match level {
        Level::Error => AnsiColor::Red,
        Level::Warning => AnsiColor::Yellow,
    }
}
