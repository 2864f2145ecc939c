//! Exact money: amounts with at most two decimal places, held as integer minor units.

use std::fmt;
use std::ops::{Add, AddAssign, Sub};

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The largest amount accepted: 10^13 minor units, far beyond any claim, far below overflow.
const MAX_MINOR: i64 = 10_000_000_000_000;

/// An amount of the register's currency, in minor units (cents). Never negative when parsed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_minor(minor: i64) -> Money {
        Money(minor)
    }

    pub fn minor(self) -> i64 {
        self.0
    }

    /// Parses `420`, `420.5` or `420.50`; refuses signs, exponents, text and a third decimal.
    pub fn parse(text: &str) -> Result<Money, String> {
        let bad = |why: &str| format!("`{text}` is not an amount: {why}");
        let (whole, frac) = match text.split_once('.') {
            Some((w, f)) => (w, f),
            None => (text, ""),
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(
                "expected digits with at most two decimal places, e.g. 420.00",
            ));
        }
        if text.contains('.') && frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(
                "expected digits with at most two decimal places, e.g. 420.00",
            ));
        }
        if frac.len() > 2 {
            return Err(bad("more than two decimal places"));
        }
        let whole: i64 = whole
            .parse()
            .ok()
            .filter(|w| *w <= MAX_MINOR / 100)
            .ok_or_else(|| bad("too large"))?;
        let frac_minor = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().unwrap_or(0) * 10,
            _ => frac.parse::<i64>().unwrap_or(0),
        };
        Ok(Money(whole * 100 + frac_minor))
    }

    /// The amount a YAML number reads as: the text `Display` gives for it (the shortest that
    /// reads back as `v`: `420.1` for 420.10), as [`Money::parse`] reads it. Whole cents below
    /// 10^13, where every cent is a float of its own and so is written as those cents, are
    /// taken without making the text (a claim holds two amounts).
    fn from_f64(v: f64) -> Result<Money, String> {
        if v.is_sign_positive() && v < 1e13 {
            let cents = (v * 100.0).round();
            if cents / 100.0 == v && (cents as i64) / 100 <= MAX_MINOR / 100 {
                return Ok(Money(cents as i64));
            }
        }
        Money::parse(&v.to_string())
    }

    /// `percent` per cent of this amount, rounded half away from zero to the cent, and kept
    /// within the largest amount accepted.
    pub fn percent(self, percent: u32) -> Money {
        let scaled = self.0 as i128 * percent as i128;
        let rounded = if scaled >= 0 {
            (scaled + 50) / 100
        } else {
            (scaled - 50) / 100
        };
        Money(rounded.clamp(-(MAX_MINOR as i128), MAX_MINOR as i128) as i64)
    }

    pub fn saturating_sub(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0).max(0))
    }
}

impl Money {
    /// The amount as [`Display`](fmt::Display) shows it (`-1234.05`), written into `buf`: money is
    /// written for every claim a load reads back, without a `String` each time.
    fn text_in(self, buf: &mut [u8; 24]) -> &str {
        let abs = self.0.unsigned_abs();
        let mut at = buf.len() - 3;
        buf[at..].copy_from_slice(&[b'.', b'0' + (abs % 100 / 10) as u8, b'0' + (abs % 10) as u8]);
        let mut whole = abs / 100;
        loop {
            at -= 1;
            buf[at] = b'0' + (whole % 10) as u8;
            whole /= 10;
            if whole == 0 {
                break;
            }
        }
        if self.0 < 0 {
            at -= 1;
            buf[at] = b'-';
        }
        // ASCII digits, a dot and a sign only.
        std::str::from_utf8(&buf[at..]).unwrap_or_default()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text_in(&mut [0; 24]))
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, other: Money) {
        self.0 = self.0.saturating_add(other.0);
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0))
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

/// The name under which money is handed to a serializer, as a newtype around its text
/// (`"420.00"`): serde_json, csv and schemars see only the text, and the canonical YAML writer,
/// which knows the name, writes it bare (`amount: 420.00`).
pub(crate) const MONEY_TOKEN: &str = "$risk::Money";

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(MONEY_TOKEN, self.text_in(&mut [0; 24]))
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MoneyVisitor;
        impl Visitor<'_> for MoneyVisitor {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an amount with at most two decimal places, e.g. 420.00")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
                Money::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
                Money::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
                Money::from_f64(v).map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
                Money::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(MoneyVisitor)
    }
}

impl schemars::JsonSchema for Money {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Money".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An amount with at most two decimal places, e.g. 420.00",
            "anyOf": [
                {"type": "number", "minimum": 0, "multipleOf": 0.01},
                {"type": "string", "pattern": "^[0-9]+(\\.[0-9]{1,2})?$"}
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn a_float_reads_as_its_shortest_text_does(
            cents in 0i64..2_000_000_000_000_000,
            bits in proptest::num::f64::ANY,
            scale in 0u32..6,
        ) {
            let near = cents as f64 / 10f64.powi(scale as i32);
            for v in [cents as f64 / 100.0, near, bits, -near] {
                proptest::prop_assert_eq!(Money::from_f64(v), Money::parse(&v.to_string()), "{}", v);
            }
        }
    }

    #[test]
    fn amounts_are_shown_as_whole_units_a_dot_and_two_places() {
        for (minor, shown) in [
            (0, "0.00"),
            (5, "0.05"),
            (-5, "-0.05"),
            (100, "1.00"),
            (-123_405, "-1234.05"),
            (i64::MAX, "92233720368547758.07"),
            (i64::MIN, "-92233720368547758.08"),
        ] {
            assert_eq!(Money::from_minor(minor).to_string(), shown);
            let abs = i128::from(minor).unsigned_abs();
            let sign = if minor < 0 { "-" } else { "" };
            assert_eq!(shown, format!("{sign}{}.{:02}", abs / 100, abs % 100));
        }
    }

    use super::*;

    #[test]
    fn parses_whole_and_decimal_amounts() {
        assert_eq!(Money::parse("420").unwrap().minor(), 42000);
        assert_eq!(Money::parse("420.5").unwrap().minor(), 42050);
        assert_eq!(Money::parse("420.05").unwrap().minor(), 42005);
        assert_eq!(Money::parse("0.01").unwrap().minor(), 1);
    }

    #[test]
    fn refuses_what_is_not_exact_money() {
        for bad in [
            "420.005",
            "-5",
            "+5",
            "1e3",
            "abc",
            "",
            ".5",
            "5.",
            "1,000",
            "99999999999999",
        ] {
            assert!(Money::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn displays_two_decimals() {
        assert_eq!(Money::from_minor(42000).to_string(), "420.00");
        assert_eq!(Money::from_minor(5).to_string(), "0.05");
        assert_eq!(Money::from_minor(-150).to_string(), "-1.50");
    }

    #[test]
    fn percent_rounds_half_away_from_zero() {
        assert_eq!(Money::from_minor(101).percent(50).minor(), 51); // 50.5 -> 51
        assert_eq!(Money::from_minor(-101).percent(50).minor(), -51);
        assert_eq!(Money::from_minor(333).percent(33).minor(), 110); // 109.89 -> 110
        assert_eq!(Money::from_minor(42000).percent(100).minor(), 42000);
        assert_eq!(Money::from_minor(1).percent(49).minor(), 0); // 0.49 -> 0
        assert_eq!(
            Money::from_minor(MAX_MINOR).percent(u32::MAX).minor(),
            MAX_MINOR
        );
    }

    #[test]
    fn sums_and_differences_are_exact() {
        let tenth = Money::parse("0.10").unwrap();
        let total: Money = std::iter::repeat_n(tenth, 10).sum();
        assert_eq!(total, Money::parse("1.00").unwrap());
        assert_eq!(
            Money::parse("5")
                .unwrap()
                .saturating_sub(Money::parse("7").unwrap()),
            Money::ZERO
        );
    }

    #[test]
    fn reads_yaml_floats_exactly() {
        let m: Money = serde_json::from_str("420.1").unwrap();
        assert_eq!(m.minor(), 42010);
        assert!(serde_json::from_str::<Money>("420.005").is_err());
        assert!(serde_json::from_str::<Money>("-3").is_err());
    }
}
