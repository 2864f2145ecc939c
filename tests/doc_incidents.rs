//! The examples of docs/incidents-and-claims.md run as they are written, output included.

#[test]
fn incidents_and_claims_doc() {
    trycmd::TestCases::new()
        .register_bin("risk", std::path::PathBuf::from(env!("CARGO_BIN_EXE_risk")))
        .env("RISK_TODAY", "2026-11-23")
        .env("NO_COLOR", "1")
        .case("docs/incidents-and-claims.md");
}
