//! Controls on a risk (DESIGN 10.1): plain text, or structured with a type, an owner, an
//! effectiveness and a test cadence; the two kinds mix freely in one list.

use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::Problem;

/// One control: a line of text (untested, no cadence), or a structured control.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum Control {
    Plain(String),
    Structured(StructuredControl),
}

#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StructuredControl {
    /// Unique within the record, e.g. C1
    pub id: String,
    pub title: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ControlType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effectiveness: Option<Effectiveness>,
    /// The date of the last test
    #[serde(
        with = "crate::model::date::option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<NaiveDate>")]
    pub tested: Option<NaiveDate>,
    /// The cadence: due = tested + test_every_days
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_every_days: Option<u32>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ControlType {
    Preventive,
    Detective,
    Corrective,
}

#[derive(
    Clone, Copy, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq, Eq, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Effectiveness {
    Effective,
    Partial,
    Ineffective,
    #[default]
    Untested,
}

impl Effectiveness {
    pub fn as_str(self) -> &'static str {
        match self {
            Effectiveness::Effective => "effective",
            Effectiveness::Partial => "partial",
            Effectiveness::Ineffective => "ineffective",
            Effectiveness::Untested => "untested",
        }
    }

    /// A test result as typed on the command line (`untested` is not a result).
    pub fn parse_result(text: &str) -> Result<Effectiveness, String> {
        match text {
            "effective" => Ok(Effectiveness::Effective),
            "partial" => Ok(Effectiveness::Partial),
            "ineffective" => Ok(Effectiveness::Ineffective),
            _ => {
                let allowed = ["effective", "partial", "ineffective"];
                let hint = super::nearest(text, allowed)
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                Err(format!(
                    "`{text}` is not one of effective, partial, ineffective{hint}"
                ))
            }
        }
    }
}

impl Control {
    /// The control's title (the text of a plain one).
    pub fn title(&self) -> &str {
        match self {
            Control::Plain(text) => text,
            Control::Structured(c) => &c.title,
        }
    }

    pub fn id(&self) -> Option<&str> {
        match self {
            Control::Plain(_) => None,
            Control::Structured(c) => Some(&c.id),
        }
    }

    /// How well it works: a plain control is untested.
    pub fn effectiveness(&self) -> Effectiveness {
        match self {
            Control::Plain(_) => Effectiveness::Untested,
            Control::Structured(c) => c.effectiveness.unwrap_or_default(),
        }
    }

    pub fn structured(&self) -> Option<&StructuredControl> {
        match self {
            Control::Plain(_) => None,
            Control::Structured(c) => Some(c),
        }
    }
}

impl StructuredControl {
    /// When the control is next due for testing: tested + cadence; never tested with a cadence,
    /// the risk's `identified` date, else today. None without a cadence.
    pub fn due(&self, identified: Option<NaiveDate>, today: NaiveDate) -> Option<NaiveDate> {
        let every = self.test_every_days?;
        Some(match (self.tested, identified) {
            (Some(tested), _) => crate::rating::deadlines::add_days(tested, every),
            (None, Some(identified)) => identified,
            (None, None) => today,
        })
    }
}

impl<'de> Deserialize<'de> for Control {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ControlVisitor;
        impl<'de> Visitor<'de> for ControlVisitor {
            type Value = Control;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a control as text, or as a map with id and title")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Control, E> {
                Ok(Control::Plain(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Control, E> {
                Ok(Control::Plain(v))
            }
            // A plain control that YAML reads as a number or a boolean is still its text, as
            // it was when controls were only text.
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Control, E> {
                Ok(Control::Plain(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Control, E> {
                Ok(Control::Plain(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Control, E> {
                Ok(Control::Plain(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Control, E> {
                Ok(Control::Plain(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Control, A::Error> {
                // Errors inside a structured control keep their key and line.
                StructuredControl::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Control::Structured)
            }
        }
        deserializer.deserialize_any(ControlVisitor)
    }
}

/// Structured control ids are unique within the record and hold letters, digits, `-`, `_`;
/// titles are not empty; a cadence is at least a day.
pub fn validate_controls(controls: &[Control], problems: &mut Vec<Problem>) {
    for (i, control) in controls.iter().enumerate() {
        let key = format!("controls[{i}]");
        let Control::Structured(c) = control else {
            continue;
        };
        if c.id.trim().is_empty() {
            problems.push(Problem::new(format!("{key}.id"), "must not be empty"));
        } else if !c
            .id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            problems.push(Problem::new(
                format!("{key}.id"),
                format!("`{}` may hold only letters, digits, `-` and `_`", c.id),
            ));
        } else if controls[..i].iter().any(|o| o.id() == Some(c.id.as_str())) {
            problems.push(Problem::new(
                format!("{key}.id"),
                format!("`{}` is used by another control of this record", c.id),
            ));
        }
        if c.title.trim().is_empty() {
            problems.push(Problem::new(format!("{key}.title"), "must not be empty"));
        }
        if c.test_every_days == Some(0) {
            problems.push(Problem::new(
                format!("{key}.test_every_days"),
                "must be at least 1 day",
            ));
        }
    }
}

/// The next free control id of the form `C<n>`.
pub fn next_control_id(controls: &[Control]) -> String {
    let max = controls
        .iter()
        .filter_map(|c| c.id()?.strip_prefix('C')?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("C{}", max + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn control(tested: Option<&str>, every: Option<u32>) -> StructuredControl {
        StructuredControl {
            id: "C1".into(),
            title: "t".into(),
            kind: None,
            owner: None,
            effectiveness: None,
            tested: tested.map(date),
            test_every_days: every,
        }
    }

    #[test]
    fn a_control_is_due_a_cadence_after_its_last_test() {
        let today = date("2026-11-23");
        let identified = Some(date("2026-01-10"));
        assert_eq!(
            control(Some("2026-05-01"), Some(180)).due(identified, today),
            Some(date("2026-10-28"))
        );
        // Never tested: due when the risk was identified, else today.
        assert_eq!(control(None, Some(90)).due(identified, today), identified);
        assert_eq!(control(None, Some(90)).due(None, today), Some(today));
        // No cadence: never due.
        assert_eq!(
            control(Some("2026-05-01"), None).due(identified, today),
            None
        );
    }

    #[test]
    fn ids_must_be_unique_within_the_record() {
        let controls = vec![
            Control::Plain("Daily export".into()),
            Control::Structured(control(None, None)),
            Control::Structured(control(None, Some(0))),
        ];
        let mut problems = Vec::new();
        validate_controls(&controls, &mut problems);
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["controls[2].id", "controls[2].test_every_days"]);
        assert_eq!(next_control_id(&controls), "C2");
    }

    #[test]
    fn plain_and_structured_controls_read_and_write_back_unchanged() {
        let text = "id: RISK-1\ntitle: t\nlikelihood: 1\nimpact: 1\ncontrols:\n- Daily export\n- id: C1\n  title: Failover\n  type: preventive\n  effectiveness: partial\n  tested: 2026-05-01\n  test_every_days: 180\n- '24'\n";
        let risk: crate::model::Risk = crate::codec::parse(text).unwrap();
        assert_eq!(crate::codec::write(&risk), text);
        let bare: crate::model::Risk = crate::codec::parse(
            "id: RISK-1\ntitle: t\nlikelihood: 1\nimpact: 1\ncontrols:\n- 24\n- yes\n",
        )
        .unwrap();
        assert_eq!(bare.controls[0].title(), "24");
    }

    #[test]
    fn a_misspelt_result_names_the_nearest() {
        let err = Effectiveness::parse_result("efective").unwrap_err();
        assert!(err.contains("did you mean `effective`"), "{err}");
    }
}
