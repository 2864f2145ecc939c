//! Inputs the fuzzers once crashed on (`tests/fixtures/fuzz/<target>/`), replayed with the same
//! checks as the fuzz targets in `fuzz/fuzz_targets/`, and through the real binary.

use risk_register::codec::{self as yaml, locate};
use risk_register::model::{Claim, Incident, Risk, Settings};
use risk_register::register::decode;
use risk_register::snapshot::{Loadable, located};

use crate::support::{RegisterTest, manifest_dir};

fn record<T: Loadable + PartialEq + std::fmt::Debug>(text: &str) {
    match yaml::parse::<T>(text) {
        Ok(value) => {
            let _ = located("fuzz.yaml", text, value.validate(&Settings::default()));
            let canonical = yaml::write(&value);
            let again: T = yaml::parse(&canonical).expect("canonical text reads back");
            assert_eq!(again, value);
            assert_eq!(yaml::write(&again), canonical);
        }
        Err(e) => {
            if let Some(key) = e.key {
                let _ = locate::line_of(text, &key);
            }
        }
    }
}

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = manifest_dir().join("tests/fixtures/fuzz").join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn record_inputs_that_once_crashed() {
    for (name, data) in inputs("record") {
        let Some((&kind, rest)) = data.split_first() else {
            continue;
        };
        let Ok(text) = decode(rest) else { continue };
        eprintln!("{name}");
        match kind % 3 {
            0 => record::<Risk>(&text),
            1 => record::<Incident>(&text),
            _ => record::<Claim>(&text),
        }
        // And as a file in a register, through the binary, for every kind.
        for (dir, id) in [
            ("risks", "RISK-0001"),
            ("incidents", "INC-0001"),
            ("claims", "CLM-0001"),
        ] {
            let t = RegisterTest::new();
            t.write(&format!("{dir}/{id}.yaml"), rest);
            let out = t
                .cmd(["check"])
                .timeout(std::time::Duration::from_secs(30))
                .run();
            let stderr = String::from_utf8_lossy(&out.output().stderr);
            assert!(matches!(out.exit_code(), Some(0..=2)), "{name}: {stderr}");
            assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        }
    }
}

#[test]
fn settings_inputs_that_once_crashed() {
    for (name, data) in inputs("settings") {
        let Ok(text) = decode(&data) else { continue };
        eprintln!("{name}");
        if let Ok(settings) = yaml::parse::<Settings>(&text)
            && settings.validate().is_empty()
        {
            for l in 1..=settings.likelihood_levels() {
                for i in 1..=settings.impact_levels() {
                    assert!(settings.band_index(settings.band_of(l, i)).is_some());
                }
            }
        }
    }
}
