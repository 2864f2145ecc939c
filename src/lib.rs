//! `risk`: a customer-service risk register kept in git.

pub mod check;
pub mod cli;
pub mod codec;
pub mod error;
pub mod import;
pub mod model;
pub mod ops;
pub mod output;
pub mod rating;
pub mod register;
pub mod snapshot;
pub mod words;
