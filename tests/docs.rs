//! The README's and docs' examples run as tests, so the documentation cannot drift.

#[test]
fn documentation_examples() {
    trycmd::TestCases::new()
        .register_bin("risk", trycmd::cargo::cargo_bin("risk"))
        .env("RISK_TODAY", "2026-11-23")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "200")
        .case("README.md")
        .case("docs/*.md");
}
