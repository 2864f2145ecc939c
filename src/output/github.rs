//! `risk check --format github`: GitHub Actions workflow commands that annotate the offending line.

use std::io::Write;

use anyhow::Result;

use super::check::{EmitContext, Emitter};
use crate::check::{Finding, Report};

/// One `::error file=...,line=...,title=rule::message` line per finding, errors first.
pub struct GithubEmitter;

impl Emitter for GithubEmitter {
    fn emit(&self, out: &mut dyn Write, report: &Report, _: &EmitContext) -> Result<()> {
        for finding in report.errors().chain(report.warnings()) {
            writeln!(out, "{}", annotation(finding))?;
        }
        Ok(())
    }
}

fn annotation(finding: &Finding) -> String {
    let command = finding.level.as_str();
    let mut properties = vec![format!("file={}", property(&finding.at.file))];
    if let Some(line) = finding.at.line {
        properties.push(format!("line={line}"));
    }
    properties.push(format!("title={}", property(finding.rule)));
    let mut message = String::new();
    if let Some(key) = &finding.at.key {
        message.push_str(key);
        message.push_str(": ");
    }
    message.push_str(&finding.at.message);
    format!("::{command} {}::{}", properties.join(","), data(&message))
}

/// Escapes a command's message: `%`, CR and LF (actions/toolkit `escapeData`).
pub fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as data, plus `:` and `,` (actions/toolkit `escapeProperty`).
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Level;
    use crate::error::Located;

    #[test]
    fn escapes_data_and_properties_like_the_actions_toolkit() {
        assert_eq!(data("50% done\r\nnext: a, b"), "50%25 done%0D%0Anext: a, b");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn an_annotation_names_file_line_and_rule() {
        let finding = Finding {
            rule: "owner-required",
            level: Level::Error,
            record: Some("RISK-0001".into()),
            at: Located {
                file: "register/risks/RISK,1:x.yaml".into(),
                line: Some(7),
                key: Some("owner".into()),
                message: "100% high\nno owner".into(),
            },
        };
        assert_eq!(
            annotation(&finding),
            "::error file=register/risks/RISK%2C1%3Ax.yaml,line=7,title=owner-required\
             ::owner: 100%25 high%0Ano owner"
        );
        let mut warning = finding;
        warning.level = Level::Warning;
        warning.at.line = None;
        warning.record = None;
        warning.at.key = None;
        assert_eq!(
            annotation(&warning),
            "::warning file=register/risks/RISK%2C1%3Ax.yaml,title=owner-required::100%25 high%0Ano owner"
        );
    }
}
