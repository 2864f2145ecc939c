//! A compensation claim by one (pseudonymous) customer, from receipt to payment.

use chrono::NaiveDate;
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use super::settings::OFFER_TYPES;
use super::{Id, Money, Problem, Settings, check_one_of};

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schemars(description = "A compensation claim: one file under claims/, named after its id")]
pub struct Claim {
    pub id: Id,
    /// The claim's reference in the source it was imported from; a row with this `ref` is this claim.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub incident: Id,
    // The short texts of a claim are kept in place up to 24 bytes, without an allocation each
    // (docs/performance.md, "Memory per record").
    #[schemars(with = "String")]
    pub customer: CompactString,
    #[serde(with = "crate::model::date")]
    #[schemars(with = "NaiveDate")]
    pub received: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proactive: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested: Option<Request>,
    #[serde(
        default,
        deserialize_with = "super::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[schemars(with = "Vec<String>")]
    pub evidence: Vec<CompactString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ClaimStatus>,
    #[serde(
        with = "crate::model::date::option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<NaiveDate>")]
    pub acknowledged: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<Assessment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<Offer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_note: Option<String>,
    #[serde(
        with = "crate::model::date::option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<NaiveDate>")]
    pub accepted: Option<NaiveDate>,
    #[serde(
        with = "crate::model::date::option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<NaiveDate>")]
    pub paid: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 5))]
    pub satisfaction: Option<u8>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Email,
    Phone,
    Letter,
    Social,
    Proactive,
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Request {
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub kind: CompactString,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
}

#[derive(
    Clone,
    Copy,
    Debug,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
    PartialEq,
    Eq,
    Default,
    PartialOrd,
    Ord,
    Hash,
)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    #[default]
    Received,
    Assessing,
    Offered,
    Accepted,
    Declined,
    Paid,
    Rejected,
    Withdrawn,
}

impl ClaimStatus {
    /// Every status, in the order a claim moves through them.
    pub const ALL: [ClaimStatus; 8] = [
        ClaimStatus::Received,
        ClaimStatus::Assessing,
        ClaimStatus::Offered,
        ClaimStatus::Accepted,
        ClaimStatus::Declined,
        ClaimStatus::Paid,
        ClaimStatus::Rejected,
        ClaimStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Received => "received",
            ClaimStatus::Assessing => "assessing",
            ClaimStatus::Offered => "offered",
            ClaimStatus::Accepted => "accepted",
            ClaimStatus::Declined => "declined",
            ClaimStatus::Paid => "paid",
            ClaimStatus::Rejected => "rejected",
            ClaimStatus::Withdrawn => "withdrawn",
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    #[serde(with = "crate::model::date")]
    #[schemars(with = "NaiveDate")]
    pub on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub by: Option<CompactString>,
    pub eligible: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub third_party: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    #[serde(with = "crate::model::date")]
    #[schemars(with = "NaiveDate")]
    pub on: NaiveDate,
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub kind: CompactString,
    pub amount: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Why an offer above the policy limits was made anyway (`--override`).
    #[serde(default, rename = "override", skip_serializing_if = "Option::is_none")]
    pub override_reason: Option<String>,
}

impl Channel {
    /// The channels a customer can claim through (`proactive` is set by `offer-all`).
    pub const NAMES: [&'static str; 6] = ["web", "email", "phone", "letter", "social", "proactive"];

    /// A channel by its name, or a message naming the channels (and the nearest one).
    pub fn parse(text: &str) -> Result<Channel, String> {
        Ok(match text.trim() {
            "web" => Channel::Web,
            "email" => Channel::Email,
            "phone" => Channel::Phone,
            "letter" => Channel::Letter,
            "social" => Channel::Social,
            "proactive" => Channel::Proactive,
            other => {
                let hint = super::nearest(other, Channel::NAMES)
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "`{other}` is not one of {}{hint}",
                    Channel::NAMES.join(", ")
                ));
            }
        })
    }
}

/// A request or offer type (DESIGN 4), trimmed, or a message naming the types.
pub fn parse_type(text: &str) -> Result<String, String> {
    let text = text.trim();
    if OFFER_TYPES.contains(&text) {
        Ok(text.to_string())
    } else {
        let hint = super::nearest(text, OFFER_TYPES)
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        Err(format!(
            "`{text}` is not one of {}{hint}",
            OFFER_TYPES.join(", ")
        ))
    }
}

impl Claim {
    pub fn status(&self) -> ClaimStatus {
        self.status.unwrap_or_default()
    }

    /// Every problem with this claim, each naming its key.
    pub fn validate(&self, _settings: &Settings) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.incident.kind() != Some(super::Kind::Incident) {
            problems.push(Problem::new(
                "incident",
                format!("`{}` is not an incident id", self.incident),
            ));
        }
        if self.customer.trim().is_empty() {
            problems.push(Problem::new("customer", "must not be empty"));
        }
        if self.reference.as_ref().is_some_and(|r| r.trim().is_empty()) {
            problems.push(Problem::new("ref", "must not be empty (leave the key out)"));
        }
        if let Some(r) = &self.requested {
            check_one_of(&mut problems, "requested.type", &r.kind, &OFFER_TYPES);
        }
        if let Some(o) = &self.offer {
            check_one_of(&mut problems, "offer.type", &o.kind, &OFFER_TYPES);
        }
        if let Some(s) = self.satisfaction
            && !(1..=5).contains(&s)
        {
            problems.push(Problem::new("satisfaction", format!("{s} is outside 1..5")));
        }
        for (key, date) in [
            ("acknowledged", self.acknowledged),
            ("accepted", self.accepted),
            ("paid", self.paid),
        ] {
            if let Some(d) = date
                && d < self.received
            {
                problems.push(Problem::new(
                    key,
                    format!("{d} is before received {}", self.received),
                ));
            }
        }
        problems
    }
}
