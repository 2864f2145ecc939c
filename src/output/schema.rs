//! JSON Schemas of the record files, generated from the same types that load them.

use anyhow::Result;
use clap::ValueEnum;

use crate::model::{Claim, Incident, Pestle, Risk, Settings, Swot};

/// Which file a schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// risks/RISK-0001.yaml
    Risk,
    /// incidents/INC-0001.yaml
    Incident,
    /// claims/CLM-0001.yaml
    Claim,
    /// analyses/SWOT-0001.yaml
    Swot,
    /// analyses/PESTLE-0001.yaml
    Pestle,
    /// register.yaml
    Settings,
}

impl SchemaKind {
    pub const ALL: [SchemaKind; 6] = [
        SchemaKind::Risk,
        SchemaKind::Incident,
        SchemaKind::Claim,
        SchemaKind::Swot,
        SchemaKind::Pestle,
        SchemaKind::Settings,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Risk => "risk",
            SchemaKind::Incident => "incident",
            SchemaKind::Claim => "claim",
            SchemaKind::Swot => "swot",
            SchemaKind::Pestle => "pestle",
            SchemaKind::Settings => "settings",
        }
    }

    /// The file name under `schemas/`, e.g. `risk.schema.json`.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }
}

/// The schema as pretty JSON with a trailing newline.
pub fn json_schema(kind: SchemaKind) -> Result<String> {
    let schema = match kind {
        SchemaKind::Risk => schemars::schema_for!(Risk),
        SchemaKind::Incident => schemars::schema_for!(Incident),
        SchemaKind::Claim => schemars::schema_for!(Claim),
        SchemaKind::Swot => schemars::schema_for!(Swot),
        SchemaKind::Pestle => schemars::schema_for!(Pestle),
        SchemaKind::Settings => schemars::schema_for!(Settings),
    };
    super::json(&schema)
}
