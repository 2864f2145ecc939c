//! The console examples of docs/pull-requests.md, run as they are written.

#[test]
fn pull_requests_doc_examples_are_real_output() {
    trycmd::TestCases::new()
        .register_bin("risk", std::path::PathBuf::from(env!("CARGO_BIN_EXE_risk")))
        .env("RISK_TODAY", "2026-11-23")
        .env("NO_COLOR", "1")
        .case("docs/pull-requests.md");
}
