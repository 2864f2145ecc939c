//! Where bad input sits: the file, line and key that a message names.

use std::fmt;

/// A problem with one place in the register, printed as `file:line: key: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub file: String,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Bad input or bad usage: the command stops with exit code 2 and writes nothing.
#[derive(Debug)]
pub struct InputError {
    pub problems: Vec<Located>,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 20;
        for (i, problem) in self.problems.iter().take(SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        if self.problems.len() > SHOWN {
            write!(
                f,
                "\n... and {} more (run `risk check` for the full list)",
                self.problems.len() - SHOWN
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

impl From<Located> for InputError {
    fn from(problem: Located) -> Self {
        InputError {
            problems: vec![problem],
        }
    }
}

/// How much a finding of `risk check` weighs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Error,
    Warning,
}

/// One broken rule at one place: what `risk check` reports, and what loading reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub level: Level,
    pub record: Option<String>,
    pub at: Located,
}

impl Finding {
    pub fn error(rule: &'static str, record: Option<String>, at: Located) -> Self {
        Finding {
            rule,
            level: Level::Error,
            record,
            at,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.at)
    }
}

impl From<Vec<Finding>> for InputError {
    fn from(findings: Vec<Finding>) -> Self {
        InputError {
            problems: findings.into_iter().map(|f| f.at).collect(),
        }
    }
}
