//! Any bytes as `register.yaml`: never a panic, never a hang; valid settings rate every cell.
#![no_main]

use libfuzzer_sys::fuzz_target;
use risk_register::model::Settings;
use risk_register::codec as yaml;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = risk_register::register::decode(data) else {
        return;
    };
    let Ok(settings) = yaml::parse::<Settings>(&text) else {
        return;
    };
    if settings.validate().is_empty() {
        for l in 1..=settings.likelihood_levels() {
            for i in 1..=settings.impact_levels() {
                let band = settings.band_of(l, i);
                assert!(settings.band_index(band).is_some(), "{l}x{i} has no band");
            }
        }
        let canonical = yaml::write(&settings);
        let again: Settings = yaml::parse(&canonical).expect("canonical settings read back");
        assert_eq!(again, settings);
    }
});
