//! The integration tests: one binary, a module per topic, one scenario builder (`support`).

mod support;

mod cli;
mod coverage;
