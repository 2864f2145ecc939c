//! `risk check --format junit`: a JUnit XML report, one test suite per rule and one test case
//! per rule per record it found something in (a rule that found nothing passes as one case).

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::check::{EmitContext, Emitter};
use super::escape;
use crate::check::{Finding, Level, Report};

/// A test suite per rule that ran, in order; warnings fail their test case only under
/// `strict`, as they fail the check only then.
pub struct JunitEmitter;

impl Emitter for JunitEmitter {
    fn emit(&self, out: &mut dyn Write, report: &Report, context: &EmitContext) -> Result<()> {
        let xml = render(report, context.rules, context.strict)?;
        out.write_all(xml.as_bytes())?;
        Ok(())
    }
}

fn render(report: &Report, rules: &[&str], strict: bool) -> Result<String> {
    // rule -> record (or file, for a finding without a record) -> findings
    let mut by_rule: BTreeMap<&str, BTreeMap<&str, Vec<&Finding>>> = BTreeMap::new();
    for finding in report.errors().chain(report.warnings()) {
        let name = finding.record.as_deref().unwrap_or(&finding.at.file);
        by_rule
            .entry(finding.rule)
            .or_default()
            .entry(name)
            .or_default()
            .push(finding);
    }
    let mut junit = JunitReport::new("risk check");
    for rule in rules {
        let mut suite = TestSuite::new(*rule);
        match by_rule.get(rule) {
            None => {
                let mut case = TestCase::new("all records", TestCaseStatus::success());
                case.set_classname(*rule);
                suite.add_test_case(case);
            }
            Some(records) => {
                for (name, findings) in records {
                    suite.add_test_case(case(rule, &escape::xml(name), findings, strict));
                }
            }
        }
        junit.add_test_suite(suite);
    }
    let mut xml = junit.to_string()?;
    if !xml.ends_with('\n') {
        xml.push('\n');
    }
    Ok(xml)
}

fn case(rule: &str, name: &str, findings: &[&Finding], strict: bool) -> TestCase {
    let lines: Vec<String> = findings.iter().map(|f| describe(f)).collect();
    let failing = findings.iter().any(|f| f.level == Level::Error || strict);
    let mut case = if failing {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status
            .set_message(message(findings[0]))
            .set_type(rule)
            .set_description(lines.join("\n"));
        TestCase::new(name, status)
    } else {
        let mut case = TestCase::new(name, TestCaseStatus::success());
        case.set_system_out(lines.join("\n"));
        case
    };
    case.set_classname(rule);
    case
}

fn message(finding: &Finding) -> String {
    let text = match &finding.at.key {
        Some(key) => format!("{key}: {}", finding.at.message),
        None => finding.at.message.clone(),
    };
    escape::xml(&text).into_owned()
}

/// `warning: file:line: key: message`, as the text report shows it.
fn describe(finding: &Finding) -> String {
    escape::xml(&format!("{}: {}", finding.level.as_str(), finding.at)).into_owned()
}
