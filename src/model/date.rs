//! A record's dates, `YYYY-MM-DD`, read and written as chrono reads and writes them, without
//! chrono's general format machinery for the one layout records use: `check` reads and writes
//! back half a million dates on a large register. Fields use it through
//! `#[serde(with = "date")]` (or `date::option`); the JSON Schemas still see a `NaiveDate`.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserializer, Serialize, Serializer, de};

/// Writes a date as chrono's `Serialize` does: `YYYY-MM-DD` for the years 0 to 9999.
pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    let year = date.year();
    if !(0..=9999).contains(&year) {
        return date.serialize(serializer); // `+10000-01-01`: chrono's own sign and width
    }
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let (y, m, d) = (year as u32, date.month(), date.day());
    let text = [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(d / 10),
        digit(d),
    ];
    // ASCII digits and dashes only.
    serializer.serialize_str(std::str::from_utf8(&text).unwrap_or_default())
}

/// Reads a date as chrono's `Deserialize` does (the same errors, the same expectation).
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    deserializer.deserialize_str(DateVisitor)
}

/// A date's text as chrono's `FromStr` reads it, `YYYY-MM-DD` at a glance.
pub fn parse(text: &str) -> Result<NaiveDate, chrono::ParseError> {
    let b = text.as_bytes();
    let number = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10))
        && let Some(date) = NaiveDate::from_ymd_opt(year as i32, month, day)
    {
        return Ok(date);
    }
    text.parse() // any other text, and every error, as chrono reads it
}

struct DateVisitor;

impl de::Visitor<'_> for DateVisitor {
    type Value = NaiveDate;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a formatted date string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<NaiveDate, E> {
        parse(value).map_err(E::custom)
    }
}

/// An optional date, as `Option<NaiveDate>` is read and written.
pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(
        date: &Option<NaiveDate>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        struct Date<'a>(&'a NaiveDate);
        impl Serialize for Date<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                super::serialize(self.0, serializer)
            }
        }
        match date {
            Some(date) => serializer.serialize_some(&Date(date)),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        deserializer.deserialize_option(OptionVisitor)
    }

    /// What serde's `Option` visitor does, with a date inside.
    struct OptionVisitor;

    impl<'de> de::Visitor<'de> for OptionVisitor {
        type Value = Option<NaiveDate>;

        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("option")
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            super::deserialize(deserializer).map(Some)
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Ours(#[serde(with = "super")] NaiveDate);

    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Chronos(NaiveDate);

    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct OursOpt(#[serde(default, with = "super::option")] Option<NaiveDate>);

    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct ChronosOpt(#[serde(default)] Option<NaiveDate>);

    /// Reads `yaml` both ways: the same date or the same error.
    fn same_reading(yaml: &str) {
        let read = |yaml: &str| crate::codec::parse::<Ours>(yaml).map(|d| d.0);
        let chronos = crate::codec::parse::<Chronos>(yaml).map(|d| d.0);
        assert_eq!(
            read(yaml).map_err(|e| (e.line, e.key, e.message)),
            chronos.map_err(|e| (e.line, e.key, e.message)),
            "{yaml:?}"
        );
        let ours = crate::codec::parse::<OursOpt>(yaml).map(|d| d.0);
        let chronos = crate::codec::parse::<ChronosOpt>(yaml).map(|d| d.0);
        assert_eq!(
            ours.map_err(|e| (e.line, e.key, e.message)),
            chronos.map_err(|e| (e.line, e.key, e.message)),
            "{yaml:?}"
        );
    }

    #[test]
    fn dates_and_errors_read_as_chrono_reads_them() {
        for yaml in [
            "2026-05-19",
            "'2026-05-19'",
            "2026-02-30",
            "2026-13-01",
            "0000-01-01",
            "9999-12-31",
            "+2026-05-19",
            "2026-5-19",
            " 2026-05-19",
            "2026-05-19x",
            "20260519",
            "~",
            "null",
            "[]",
            "{}",
            "2026-O5-19",
            "２０２６-05-19",
            "true",
            "1.5",
            "",
        ] {
            same_reading(yaml);
        }
    }

    proptest! {
        #[test]
        fn any_date_is_written_and_read_as_chrono_does(days in -5_000_000i64..5_000_000) {
            let date = NaiveDate::from_num_days_from_ce_opt(days as i32).unwrap();
            let ours = serde_json::to_string(&Ours(date)).unwrap();
            prop_assert_eq!(&ours, &serde_json::to_string(&Chronos(date)).unwrap());
            prop_assert_eq!(crate::codec::write(&OursOpt(Some(date))), crate::codec::write(&ChronosOpt(Some(date))));
            prop_assert_eq!(parse(&date.to_string()), date.to_string().parse::<NaiveDate>());
            let back: Ours = serde_json::from_str(&ours).unwrap();
            prop_assert_eq!(back.0, date);
        }

        #[test]
        fn date_shaped_text_reads_as_chrono_reads_it(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}") {
            prop_assert_eq!(parse(&text), text.parse::<NaiveDate>());
        }
    }
}
