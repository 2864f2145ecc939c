//! Any bytes as a risk, incident or claim file: never a panic, never a hang; what parses is
//! validated, placed by line, and survives write -> read unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use risk_register::model::{Claim, Incident, Risk, Settings};
use risk_register::codec as yaml;
use risk_register::snapshot::{Loadable, located};

fn record<T: Loadable + PartialEq + std::fmt::Debug>(text: &str, settings: &Settings) {
    match yaml::parse::<T>(text) {
        Ok(value) => {
            let problems = value.validate(settings);
            let _ = located("fuzz.yaml", text, problems);
            let canonical = yaml::write(&value);
            let again: T = yaml::parse(&canonical)
                .unwrap_or_else(|e| panic!("canonical text does not read back: {e:?}\n{canonical}"));
            assert_eq!(again, value, "write -> read changed the record\n{canonical}");
            assert_eq!(yaml::write(&again), canonical, "to_string is not a fixed point");
        }
        Err(e) => {
            if let Some(key) = e.key {
                let _ = risk_register::codec::locate::line_of(text, &key);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = risk_register::register::decode(rest) else {
        return;
    };
    let settings = Settings::default();
    match kind % 3 {
        0 => record::<Risk>(&text, &settings),
        1 => record::<Incident>(&text, &settings),
        _ => record::<Claim>(&text, &settings),
    }
});
