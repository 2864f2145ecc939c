//! The integration tests: one binary, a module per topic, one scenario builder (`support`).
//! Linking one binary instead of one per file is most of what a warm `cargo test` costs.

mod support;

mod analyses;
mod architecture;
mod bad_input;
mod bounded_io;
mod builder;
mod check_ci;
mod claims;
mod cli;
mod completions;
mod concurrency;
mod coverage;
mod crash_safety;
mod diff;
mod docs;
mod dynamic_completion;
mod examples_ci;
mod export;
mod first_run;
mod fmt;
mod fuzz_regressions;
mod gate;
mod hostile_check;
mod hostile_files;
mod hostile_output;
mod import;
mod import_rerun;
mod incidents;
mod lessons;
mod lifecycles;
mod man_page;
mod markdown;
mod properties;
mod read_past;
mod renumber;
mod report;
mod report_browser;
mod report_reads_whole;
mod risk_model;
mod scale;
mod schema;
mod terminal;
mod todo;
mod widths;
