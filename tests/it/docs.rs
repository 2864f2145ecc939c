//! The README's and docs' examples run as tests, so the documentation cannot drift.

use crate::support::{TODAY, risk_bin};

#[test]
fn documentation_examples() {
    trycmd::TestCases::new()
        .register_bin("risk", risk_bin())
        .env("RISK_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "200")
        .case("README.md")
        .case("docs/*.md");
}
