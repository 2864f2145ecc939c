//! `risk`: a customer-service risk register kept in git.

pub mod check;
pub mod cli;
pub mod error;
pub mod model;
pub mod output;
pub mod rating;
pub mod register;
