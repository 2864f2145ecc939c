//! Exact yearly probabilities: decimals in 0..1 with at most four places, held as integers.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::money::MONEY_TOKEN;

/// The integer a probability of 1 is held as: four decimal places.
pub const ONE: u32 = 10_000;

/// A probability in ten-thousandths (0.3 is 3000). Never above 1 when parsed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Probability(u32);

impl Probability {
    pub fn from_ten_thousandths(n: u32) -> Probability {
        Probability(n.min(ONE))
    }

    pub fn ten_thousandths(self) -> u32 {
        self.0
    }

    /// Parses `0.3`, `0.0125`, `1` or `0`; refuses signs, exponents, a fifth place and values above 1.
    pub fn parse(text: &str) -> Result<Probability, String> {
        let bad = |why: &str| format!("`{text}` is not a probability: {why}");
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || (text.contains('.') && !digits(frac)) {
            return Err(bad("expected a decimal from 0 to 1, e.g. 0.3"));
        }
        if frac.len() > 4 {
            return Err(bad("more than four decimal places"));
        }
        let whole: u64 = whole.parse().unwrap_or(u64::MAX);
        let frac_n: u64 = format!("{frac:0<4}").parse().unwrap_or(0);
        let n = whole.saturating_mul(ONE as u64).saturating_add(frac_n);
        if n > ONE as u64 {
            return Err(format!("{text} is outside 0..1"));
        }
        Ok(Probability(n as u32))
    }
}

impl fmt::Display for Probability {
    /// The shortest decimal: `0.3`, `0.0125`, `1`, `0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / ONE, self.0 % ONE);
        if frac == 0 {
            return write!(f, "{whole}");
        }
        let frac = format!("{frac:04}");
        write!(f, "{whole}.{}", frac.trim_end_matches('0'))
    }
}

impl Serialize for Probability {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Written bare in YAML, as money is (`per_year: 0.3`); a string elsewhere.
        serializer.serialize_newtype_struct(MONEY_TOKEN, &self.to_string())
    }
}

impl<'de> Deserialize<'de> for Probability {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ProbabilityVisitor;
        impl Visitor<'_> for ProbabilityVisitor {
            type Value = Probability;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a probability from 0 to 1 with at most four decimal places, e.g. 0.3")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Probability, E> {
                Probability::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Probability, E> {
                Probability::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Probability, E> {
                // Display gives the shortest text that reads back as `v`.
                Probability::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Probability, E> {
                Probability::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(ProbabilityVisitor)
    }
}

impl schemars::JsonSchema for Probability {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Probability".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A yearly probability from 0 to 1 with at most four decimal places, e.g. 0.3",
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 1, "multipleOf": 0.0001},
                {"type": "string", "pattern": "^(0(\\.[0-9]{1,4})?|1(\\.0{1,4})?)$"}
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_four_places_exactly() {
        assert_eq!(Probability::parse("0.3").unwrap().ten_thousandths(), 3000);
        assert_eq!(Probability::parse("0.0125").unwrap().ten_thousandths(), 125);
        assert_eq!(Probability::parse("1").unwrap().ten_thousandths(), ONE);
        assert_eq!(Probability::parse("0").unwrap().ten_thousandths(), 0);
        assert_eq!(Probability::parse("1.0000").unwrap().ten_thousandths(), ONE);
    }

    #[test]
    fn refuses_what_is_not_a_probability() {
        for bad in ["1.5", "0.00001", "-0.1", "1e-3", "", ".5", "0.", "abc", "2"] {
            assert!(Probability::parse(bad).is_err(), "{bad} should be refused");
        }
        assert_eq!(
            Probability::parse("1.5").unwrap_err(),
            "1.5 is outside 0..1"
        );
    }

    #[test]
    fn displays_the_shortest_decimal() {
        for text in ["0.3", "0.0125", "1", "0", "0.9999"] {
            assert_eq!(Probability::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn reads_yaml_floats_exactly() {
        let p: Probability = serde_json::from_str("0.05").unwrap();
        assert_eq!(p.ten_thousandths(), 500);
        assert!(serde_json::from_str::<Probability>("1.5").is_err());
    }
}
