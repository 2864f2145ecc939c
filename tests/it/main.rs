//! The integration tests: one binary, a module per topic, one scenario builder (`support`).

mod support;

mod claims;
mod cli;
mod coverage;
mod export;
mod incidents;
mod markdown;
mod report;
mod report_browser;
mod terminal;
