//! The lines `risk show` adds for the risk professional's model (DESIGN 10): inherent rating,
//! appetite, annual loss expectancy and the controls with their next test.

use chrono::NaiveDate;

use crate::model::control::Control;
use crate::model::{Risk, Settings};
use crate::output::{Palette, escape};
use crate::rating::ale::{ale_current, ale_target};
use crate::rating::rows::RiskRow;

pub fn lines(
    settings: &Settings,
    risk: &Risk,
    derived: &RiskRow,
    palette: &Palette,
    today: NaiveDate,
) -> String {
    let mut text = String::new();
    let paint = |band: &str| palette.paint(band, &escape::terminal_line(band));
    if let (Some(score), Some(band)) = (derived.inherent_score, &derived.inherent_band) {
        text.push_str(&format!("inherent: score {score}, band {}\n", paint(band)));
    }
    if let (Some(appetite), Some(within)) = (&derived.appetite, derived.within_appetite) {
        text.push_str(&format!(
            "appetite: {} ({})\n",
            paint(appetite),
            if within { "within" } else { "above it" }
        ));
    }
    let (now, target) = (ale_current(settings, risk), ale_target(settings, risk));
    if now.is_some() || target.is_some() {
        let show = |m: Option<crate::model::Money>| m.map_or("-".to_string(), |m| m.to_string());
        text.push_str(&format!(
            "annual loss expectancy: current {} {}, target {} {}\n",
            show(now),
            escape::terminal_line(&settings.currency),
            show(target),
            escape::terminal_line(&settings.currency)
        ));
    }
    if !risk.controls.is_empty() {
        text.push_str("controls:\n");
    }
    for control in &risk.controls {
        let line = match control {
            Control::Plain(title) => format!("  - {}: untested", escape::terminal_line(title)),
            Control::Structured(c) => {
                let mut about = Vec::new();
                if let Some(kind) = c.kind {
                    about.push(format!("{kind:?}").to_lowercase());
                }
                if let Some(owner) = &c.owner {
                    about.push(escape::terminal_line(owner).into_owned());
                }
                let about = if about.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", about.join(", "))
                };
                let next = match c.due(risk.identified, today) {
                    Some(due) if due < today => format!("; test overdue since {due}"),
                    Some(due) => format!("; next test {due}"),
                    None => String::new(),
                };
                format!(
                    "  {} {}{about}: {}{next}",
                    escape::terminal_line(&c.id),
                    escape::terminal_line(&c.title),
                    control.effectiveness().as_str()
                )
            }
        };
        text.push_str(&line);
        text.push('\n');
    }
    text
}
