//! The JSON Schemas under `schemas/`: current with the model, and every real record validates.

use std::path::{Path, PathBuf};

use risk_register::output::schema::{SchemaKind, json_schema};
use serde_json::{Value, json};

use crate::support::manifest_dir as root;

fn validator(kind: SchemaKind) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&json_schema(kind).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// The raw YAML text as JSON, the way an editor's YAML language server sees it.
fn yaml_as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_yaml::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn committed_schemas_are_current() {
    for kind in SchemaKind::ALL {
        let path = root().join("schemas").join(kind.file_name());
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == json_schema(kind).unwrap(),
            "{} is out of date with the model; run `risk schema --out schemas` and commit it",
            path.display()
        );
    }
}

/// Register folders that hold only valid records: the repository's own, the examples' and a
/// fixture with every kind of record.
fn registers() -> Vec<PathBuf> {
    let mut found = vec![
        root().join("register"),
        root().join("tests/fixtures/pr-diff/register"),
    ];
    if let Ok(entries) = std::fs::read_dir(root().join("examples")) {
        for entry in entries.flatten() {
            found.push(entry.path().join("register"));
        }
    }
    found.retain(|p| p.join("register.yaml").is_file());
    found
}

#[test]
fn every_record_in_the_registers_and_examples_validates() {
    let validators: Vec<(SchemaKind, jsonschema::Validator)> = SchemaKind::ALL
        .into_iter()
        .map(|k| (k, validator(k)))
        .collect();
    let by_kind = |kind: SchemaKind| &validators.iter().find(|(k, _)| *k == kind).unwrap().1;
    let mut files: Vec<(SchemaKind, PathBuf)> = Vec::new();
    for register in registers() {
        files.push((SchemaKind::Settings, register.join("register.yaml")));
        for (dir, kind) in [
            ("risks", SchemaKind::Risk),
            ("incidents", SchemaKind::Incident),
            ("claims", SchemaKind::Claim),
            ("analyses", SchemaKind::Swot),
            ("analyses", SchemaKind::Pestle),
        ] {
            for entry in walkdir::WalkDir::new(register.join(dir))
                .into_iter()
                .flatten()
            {
                let ext = entry.path().extension().and_then(|e| e.to_str());
                let name = entry.file_name().to_string_lossy();
                let prefix = format!("{}-", kind.name().to_uppercase());
                if matches!(ext, Some("yaml" | "yml"))
                    && (dir != "analyses" || name.starts_with(&prefix))
                {
                    files.push((kind, entry.path().to_path_buf()));
                }
            }
        }
    }
    // the files `risk init` writes
    let init = root().join("src/cli/init");
    files.push((SchemaKind::Settings, init.join("register.yaml")));
    for n in 1..=3 {
        files.push((SchemaKind::Risk, init.join(format!("RISK-000{n}.yaml"))));
    }
    let mut failures = Vec::new();
    for (kind, path) in &files {
        let value = if path.ends_with("register.yaml")
            && std::fs::read_to_string(path).unwrap().trim().is_empty()
        {
            json!({})
        } else {
            yaml_as_json(path)
        };
        for error in errors(by_kind(*kind), &value) {
            failures.push(format!("{}: {error}", path.display()));
        }
    }
    assert!(files.len() >= 5, "found only {files:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_schemas_refuse_what_the_loader_refuses() {
    let risk = validator(SchemaKind::Risk);
    let good =
        json!({"id": "RISK-0001", "title": "x", "likelihood": 3, "impact": {"financial": 4}});
    assert_eq!(errors(&risk, &good), Vec::<String>::new());
    for bad in [
        json!({"id": "RISK-0001", "titel": "x", "likelihood": 3, "impact": 4}),
        json!({"id": "risk-1", "title": "x", "likelihood": 3, "impact": 4}),
        json!({"id": "RISK-0001", "title": "x", "impact": 4}),
        json!({"id": "RISK-0001", "title": "x", "likelihood": 3, "impact": 4, "identified": "March"}),
        json!({"id": "RISK-0001", "title": "x", "likelihood": 3, "impact": 4, "treatment": "ignore"}),
    ] {
        assert!(!risk.is_valid(&bad), "{bad}");
    }
    let claim = validator(SchemaKind::Claim);
    let with_amount = |amount: Value| {
        json!({"id": "CLM-0001", "incident": "INC-0001", "customer": "CUST-1",
               "received": "2026-11-23", "requested": {"type": "refund", "amount": amount}})
    };
    for ok in [
        json!(420),
        json!(420.1),
        json!(19.99),
        json!(0.07),
        json!("420.50"),
        json!("5"),
    ] {
        assert!(claim.is_valid(&with_amount(ok.clone())), "{ok}");
    }
    for bad in [
        json!(420.005),
        json!(-5),
        json!("420.005"),
        json!("1e3"),
        json!("abc"),
    ] {
        assert!(!claim.is_valid(&with_amount(bad.clone())), "{bad}");
    }
}
