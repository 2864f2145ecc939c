//! What `risk check` reports: a broken rule at one place, and how much it weighs.

use std::fmt;

use crate::error::Located;

/// How much a finding of `risk check` weighs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Error,
    Warning,
}

impl Level {
    /// The word used in every output format: `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
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
