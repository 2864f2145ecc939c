//! The README's and docs' examples run as tests, so the documentation cannot drift.

use crate::support::{TODAY, risk_bin};

#[test]
fn documentation_examples() {
    trycmd::TestCases::new()
        .register_bin("risk", risk_bin())
        .env("RISK_TODAY", TODAY)
        .env("NO_COLOR", "1")
        // Tables are shown whole, as when piped (`output::table`); clap wraps help at 100.
        .env("COLUMNS", "")
        .case("README.md")
        .case("docs/*.md");
}
