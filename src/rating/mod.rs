//! Pure functions over the model: ratings and bands, FMEA, deadlines. No I/O, `today` passed in.

pub mod ale;
pub mod analysis;
pub mod appetite;
pub mod compensation;
pub mod controls;
pub mod deadlines;
pub mod duties;
pub mod fmea;
pub mod history;
pub mod lessons;
pub mod matrix;
pub mod policy;
pub mod rows;
pub mod since;
pub mod todo;
pub mod trends;

pub use deadlines::{Overdue, days_overdue, review_due};
pub use fmea::{Ap, action_priority, rpn};
pub use matrix::{Rating, current, target};
pub mod coverage;
pub mod diff;
pub mod export;
pub mod report;
pub mod report_incidents;
pub mod report_model;
