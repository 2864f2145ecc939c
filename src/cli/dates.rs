//! The one parser for dates and times typed on the command line: every date flag (`--today`,
//! `--on`, `--due`, `--until`, `--since`, `--held` ...) and every time flag (`--at`, `--started`
//! ...) goes through here, so a bad value says what is wrong with it.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

use crate::model::incident::Time;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Parses a calendar date written YYYY-MM-DD, saying what is wrong when it is not one
/// (`2026-11-31: November has 30 days`).
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let fields: Vec<&str> = text.split('-').collect();
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if fields.len() != 3
        || fields[0].len() != 4
        || !(1..=2).contains(&fields[1].len())
        || !(1..=2).contains(&fields[2].len())
        || !fields.iter().all(|f| numeric(f))
    {
        return Err(format!(
            "{text}: write dates as YYYY-MM-DD, e.g. 2026-11-30"
        ));
    }
    let year: i32 = fields[0].parse().map_err(|_| format!("{text}: bad year"))?;
    let month: u32 = fields[1].parse().unwrap_or(0);
    let day: u32 = fields[2].parse().unwrap_or(0);
    if !(1..=12).contains(&month) {
        return Err(format!("{text}: there is no month {month}"));
    }
    let days = days_in_month(year, month);
    if day == 0 {
        return Err(format!("{text}: there is no day 0"));
    }
    if day > days {
        let name = MONTHS[month as usize - 1];
        return Err(if month == 2 && days == 28 && day == 29 {
            format!("{text}: February has 28 days in {year}")
        } else {
            format!("{text}: {name} has {days} days")
        });
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| format!("{text}: not a date"))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .map(|d| d.day())
        .unwrap_or(31)
}

/// A time typed on the command line: with its offset (RFC 3339), or a wall-clock time
/// (`2026-12-01 23:00`, `2026-12-01T23:00`) read in the register's `timezone`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TimeArg {
    Fixed(Time),
    Local(NaiveDateTime),
}

impl TimeArg {
    /// The time to store: as given when it had an offset, else the wall-clock time in `zone`
    /// converted to UTC.
    pub fn resolve(self, zone: Tz) -> Result<Time, String> {
        match self {
            TimeArg::Fixed(t) => Ok(t),
            TimeArg::Local(local) => {
                let at = zone.from_local_datetime(&local).earliest().ok_or_else(|| {
                    format!(
                        "{}: that time does not exist in {zone} (the clocks go forward)",
                        local.format("%Y-%m-%d %H:%M")
                    )
                })?;
                Ok(at.with_timezone(&chrono::Utc.fix()))
            }
        }
    }
}

/// Parses a time: RFC 3339 (`2026-09-26T08:25:00+10:00`), or a date and a time of day
/// (`2026-12-01 23:00`, `2026-12-01T23:00`, seconds optional) in the register's timezone.
pub fn parse_time(text: &str) -> Result<TimeArg, String> {
    let text = text.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(TimeArg::Fixed(t));
    }
    let unknown = || {
        format!(
            "`{text}` is not an RFC 3339 time nor YYYY-MM-DD HH:MM; write e.g. 2026-09-26T08:25:00+10:00, or 2026-09-26 08:25 in the register's timezone"
        )
    };
    let (date, clock) = match text.split_once(['T', ' ']) {
        Some((date, clock)) => (date, clock.trim()),
        None => (text, ""),
    };
    let day = match parse_date(date) {
        Ok(day) => day,
        Err(e) if e.contains("write dates as") => return Err(unknown()),
        Err(e) => return Err(e),
    };
    if clock.is_empty() {
        return Err(format!(
            "{text}: give a time of day as well, e.g. {day} 09:30 or {day}T09:30:00+01:00"
        ));
    }
    // An offset was given but the whole was not RFC 3339 (e.g. a missing seconds field).
    if clock.ends_with(['Z', 'z']) || clock.get(1..).unwrap_or("").contains(['+', '-']) {
        if let Ok(t) = chrono::DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M%#z") {
            return Ok(TimeArg::Fixed(t));
        }
        return Err(unknown());
    }
    for format in ["%H:%M", "%H:%M:%S"] {
        if let Ok(t) = chrono::NaiveTime::parse_from_str(clock, format) {
            return Ok(TimeArg::Local(day.and_time(t)));
        }
    }
    Err(format!(
        "{text}: `{clock}` is not a time of day; write times as YYYY-MM-DD HH:MM (24-hour clock)"
    ))
}

/// The register's timezone from its settings (validated when the register is read; UTC if unset).
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_year_month_day() {
        assert_eq!(
            parse_date("2026-11-30"),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
        );
        assert_eq!(
            parse_date(" 2024-02-29 "),
            Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap())
        );
    }

    #[test]
    fn a_bad_date_says_what_is_wrong() {
        assert_eq!(
            parse_date("2026-11-31").unwrap_err(),
            "2026-11-31: November has 30 days"
        );
        assert_eq!(
            parse_date("2026-13-01").unwrap_err(),
            "2026-13-01: there is no month 13"
        );
        assert_eq!(
            parse_date("2026-00-01").unwrap_err(),
            "2026-00-01: there is no month 0"
        );
        assert_eq!(
            parse_date("2026-02-29").unwrap_err(),
            "2026-02-29: February has 28 days in 2026"
        );
        assert_eq!(
            parse_date("2026-04-00").unwrap_err(),
            "2026-04-00: there is no day 0"
        );
        for bad in [
            "31/01/2026",
            "2026/01/31",
            "01-31-2026",
            "tomorrow",
            "",
            "2026-1-x",
        ] {
            let e = parse_date(bad).unwrap_err();
            assert!(e.contains("write dates as YYYY-MM-DD"), "{bad}: {e}");
        }
        assert_eq!(
            parse_date("31/01/2026").unwrap_err(),
            "31/01/2026: write dates as YYYY-MM-DD, e.g. 2026-11-30"
        );
    }

    fn utc(text: &str) -> Time {
        chrono::DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn times_with_an_offset_are_kept_as_given() {
        let t = parse_time("2026-09-26T08:25:00+10:00").unwrap();
        assert_eq!(t, TimeArg::Fixed(utc("2026-09-26T08:25:00+10:00")));
        assert_eq!(
            t.resolve("Europe/Paris".parse().unwrap()).unwrap(),
            utc("2026-09-26T08:25:00+10:00")
        );
        assert_eq!(
            parse_time("2026-09-26T08:25Z").unwrap(),
            TimeArg::Fixed(utc("2026-09-26T08:25:00Z"))
        );
        assert_eq!(
            parse_time("2026-09-26T08:25+10:00").unwrap(),
            TimeArg::Fixed(utc("2026-09-26T08:25:00+10:00"))
        );
    }

    #[test]
    fn wall_clock_times_are_read_in_the_register_zone() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        for text in [
            "2026-12-01 23:00",
            "2026-12-01T23:00",
            "2026-12-01 23:00:00",
        ] {
            let t = parse_time(text).unwrap();
            assert_eq!(t.resolve(Tz::UTC).unwrap(), utc("2026-12-01T23:00:00Z"));
            assert_eq!(t.resolve(paris).unwrap(), utc("2026-12-01T22:00:00Z"));
        }
        let summer = parse_time("2026-07-01 09:30").unwrap();
        assert_eq!(summer.resolve(paris).unwrap(), utc("2026-07-01T07:30:00Z"));
        let gap = parse_time("2026-03-29 02:30").unwrap();
        assert!(gap.resolve(paris).unwrap_err().contains("does not exist"));
    }

    #[test]
    fn a_bad_time_says_what_is_wrong() {
        assert_eq!(
            parse_time("2026-11-31 10:00").unwrap_err(),
            "2026-11-31: November has 30 days"
        );
        assert!(
            parse_time("2026-12-01")
                .unwrap_err()
                .contains("give a time of day")
        );
        assert!(
            parse_time("2026-12-01 25:00")
                .unwrap_err()
                .contains("not a time of day")
        );
        for bad in ["01/12/2026 10:00", "yesterday", "2026-12-01T10:00+1"] {
            let e = parse_time(bad).unwrap_err();
            assert!(
                e.contains("is not an RFC 3339 time nor YYYY-MM-DD HH:MM"),
                "{bad}: {e}"
            );
        }
    }
}
