//! The integration tests: one binary, a module per topic, one scenario builder (`support`).

mod support;

mod check_ci;
mod claims;
mod cli;
mod coverage;
mod diff;
mod examples_ci;
mod export;
mod fmt;
mod incidents;
mod markdown;
mod renumber;
mod report;
mod report_browser;
mod terminal;
