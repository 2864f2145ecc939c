//! `closed: {on, reason}`: when and why a risk was closed (`risk close --reason`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// When and why a record was closed.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Closed {
    #[serde(with = "crate::model::date")]
    #[schemars(with = "NaiveDate")]
    pub on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}
