//! Cell values as spreadsheets write them (DESIGN 12): levels as `3`, `3 - Possible /
//! Occasional`, a scale label or a percentage; dates as ISO, `31/01/2023` or serials; money with
//! its currency; the four Ts; numbered or bulleted lists in one cell.

use chrono::{Days, NaiveDate};

use super::{Cell, number_text};
use crate::model::Money;
use crate::model::action::ActionStatus;
use crate::model::risk::{RiskStatus, Treatment};

/// A rating scale as the import reads it: its name, its labels, and (likelihood only) the
/// yearly probability of each level in basis points, when the register quantifies them.
#[derive(Clone, Copy, Debug)]
pub struct Scale<'a> {
    pub name: &'a str,
    pub labels: &'a [String],
    pub per_year: Option<&'a [u32]>,
}

/// A label compared loosely: `Almost Certain`, `almost-certain` and `almost_certain` agree.
pub fn loose(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// A percentage in basis points: `20%` or `12.5 %`, or a fraction of 1 (XLSX stores 20% as 0.2).
fn percent(cell: &Cell) -> Option<u32> {
    match cell {
        Cell::Number(n) if *n > 0.0 && *n < 1.0 => Some((n * 10_000.0).round() as u32),
        Cell::Text(t) => {
            let t = t.trim().strip_suffix('%')?.trim();
            let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
            if whole.is_empty() && frac.is_empty()
                || !whole.bytes().all(|b| b.is_ascii_digit())
                || !frac.bytes().all(|b| b.is_ascii_digit())
                || frac.len() > 2
            {
                return None;
            }
            let whole: u32 = if whole.is_empty() {
                0
            } else {
                whole.parse().ok()?
            };
            let frac: u32 = format!("{frac:0<2}").parse().ok()?;
            let bp = whole.checked_mul(100)?.checked_add(frac)?;
            (bp <= 10_000).then_some(bp)
        }
        _ => None,
    }
}

/// The level a cell gives on `scale`.
pub fn level(cell: &Cell, scale: &Scale) -> Result<u8, String> {
    let n = scale.labels.len();
    let expected = || {
        format!(
            "expected a level 1..{n} of the {} scale, a label ({}) or `3 - {}`",
            scale.name,
            scale.labels.join(", "),
            scale.labels.get(2).map(String::as_str).unwrap_or("label")
        )
    };
    let in_range = |level: f64| -> Result<u8, String> {
        if level.fract() == 0.0 && level >= 1.0 && level <= n as f64 {
            Ok(level as u8)
        } else {
            Err(format!("is outside 1..{n}; {}", expected()))
        }
    };
    if let Some(bp) = percent(cell) {
        return match (scale.name, scale.per_year) {
            ("likelihood", Some(table)) if !table.is_empty() => {
                let best = (0..table.len())
                    .min_by_key(|&i| (table[i].abs_diff(bp), i))
                    .unwrap_or(0);
                Ok(best as u8 + 1)
            }
            ("likelihood", _) => Err(
                "is a percentage, and the register has no `quantification.likelihood_per_year` \
                 to place it on a level"
                    .into(),
            ),
            _ => Err(format!("is a percentage; {}", expected())),
        };
    }
    match cell {
        Cell::Number(x) => in_range(*x),
        Cell::Text(t) => {
            let t = t.trim();
            let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() {
                let rest = t[digits.len()..].trim_start();
                let label_follows = rest.is_empty()
                    || rest.starts_with(['-', '–', '—', ':', '(', '=', '/', '|'])
                    || (rest.starts_with('.')
                        && !rest[1..].starts_with(|c: char| c.is_ascii_digit()))
                    || rest.starts_with(char::is_alphabetic) && t[digits.len()..].starts_with(' ');
                if label_follows {
                    return in_range(digits.parse::<f64>().unwrap_or(0.0));
                }
                return Err(expected());
            }
            let wanted = loose(t);
            match scale.labels.iter().position(|l| loose(l) == wanted) {
                Some(i) => Ok(i as u8 + 1),
                None => Err(format!(
                    "is not on the {} scale; {}",
                    scale.name,
                    expected()
                )),
            }
        }
        Cell::Date(_) | Cell::Bool(_) => Err(expected()),
        Cell::Empty => Err("is empty".into()),
    }
}

/// The date of a spreadsheet serial number (1900 date system, as Excel and LibreOffice save).
pub fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(serial.floor() as u64))
}

/// A date: an XLSX date, a serial, ISO `2023-01-31`, or `31/01/2023` (day first unless
/// `month_first`; `/`, `.` or `-` between, two-digit years in 20xx).
pub fn date(cell: &Cell, month_first: bool) -> Result<NaiveDate, String> {
    let expected = "is not a date: expected YYYY-MM-DD, 31/01/2023 (day first, or --month-first) \
                    or a spreadsheet date";
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Number(n) => serial_date(*n).ok_or_else(|| expected.to_string()),
        Cell::Text(t) => {
            let t = t.trim();
            if let Some(d) = t.get(..10).and_then(|d| d.parse::<NaiveDate>().ok())
                && (t.len() == 10 || t[10..].starts_with(['T', ' ']))
            {
                return Ok(d);
            }
            if t.bytes().all(|b| b.is_ascii_digit())
                && (5..=6).contains(&t.len())
                && let Some(d) = t.parse().ok().and_then(serial_date)
            {
                return Ok(d);
            }
            let parts: Vec<&str> = t.split(['/', '.', '-']).map(str::trim).collect();
            if parts.len() == 3
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            {
                let num = |s: &str| s.parse::<u32>().ok();
                let (a, b, y) = (num(parts[0]), num(parts[1]), num(parts[2]));
                let (day, month) = if month_first { (b, a) } else { (a, b) };
                let year = y.map(|y| if parts[2].len() == 2 { 2000 + y } else { y });
                if let (Some(d), Some(m), Some(y)) = (day, month, year)
                    && let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d)
                {
                    return Ok(date);
                }
                if !month_first
                    && let (Some(m), Some(d), Some(y)) = (a, b, year)
                    && NaiveDate::from_ymd_opt(y as i32, m, d).is_some()
                {
                    return Err(format!("{expected} (month first? use --month-first)"));
                }
            }
            for format in [
                "%d %b %Y",
                "%d %B %Y",
                "%b %d, %Y",
                "%B %d, %Y",
                "%d-%b-%Y",
                "%d-%b-%y",
            ] {
                if let Ok(d) = NaiveDate::parse_from_str(t, format) {
                    return Ok(d);
                }
            }
            Err(expected.to_string())
        }
        Cell::Bool(_) | Cell::Empty => Err(expected.to_string()),
    }
}

/// Currency symbols and the codes they stand for.
const SYMBOLS: [(&str, &str); 5] = [
    ("€", "EUR"),
    ("£", "GBP"),
    ("$", "USD"),
    ("¥", "JPY"),
    ("₹", "INR"),
];

/// An amount in the register's `currency`: `300,000`, `€1.2k`, `300,000 CHF`; one in another
/// currency is refused (the register keeps one currency, DESIGN principle 5).
pub fn money(cell: &Cell, currency: &str) -> Result<Money, String> {
    let text = match cell {
        Cell::Number(n) if *n >= 0.0 => number_text((*n * 100.0).round() / 100.0),
        Cell::Text(t) => t.trim().to_string(),
        _ => return Err("is not an amount".into()),
    };
    let mut rest = text.clone();
    let mut found: Option<String> = None;
    for (symbol, code) in SYMBOLS {
        if rest.contains(symbol) {
            found = Some(code.to_string());
            rest = rest.replace(symbol, " ");
        }
    }
    let mut kept = Vec::new();
    for word in rest.split_whitespace() {
        if word.len() == 3 && word.bytes().all(|b| b.is_ascii_alphabetic()) {
            found = Some(word.to_ascii_uppercase());
        } else {
            kept.push(word);
        }
    }
    if let Some(code) = &found
        && !code.eq_ignore_ascii_case(currency)
    {
        return Err(format!(
            "is in {code}; the register keeps amounts in {currency} (convert it, or leave the \
             column out with --map COLUMN=ignore)"
        ));
    }
    let mut number: String = kept.concat().replace('\'', "");
    let factor = match number.chars().last() {
        Some('k' | 'K') => 1_000,
        Some('m' | 'M') => 1_000_000,
        _ => 1,
    };
    if factor > 1 {
        number.pop();
    }
    let number = match (number.rfind(','), number.rfind('.')) {
        (Some(c), Some(d)) if c < d => number.replace(',', ""),
        (Some(_), Some(_)) => number.replace('.', "").replace(',', "."),
        (Some(_), None) if number.split(',').skip(1).all(|g| g.len() == 3) => {
            number.replace(',', "")
        }
        (Some(_), None) => number.replace(',', "."),
        _ => number,
    };
    let bad = || format!("is not an amount in {currency}");
    let amount = Money::parse(&number).map_err(|_| bad())?;
    if factor == 1 {
        return Ok(amount);
    }
    amount
        .minor()
        .checked_mul(factor)
        .map(Money::from_minor)
        .ok_or_else(bad)
}

/// The treatment a cell names: the four Ts (Treat, Tolerate, Transfer, Terminate) or
/// Mitigate, Accept, Transfer, Avoid.
pub fn treatment(text: &str) -> Result<Treatment, String> {
    let first = loose(text);
    let first = first.split('-').next().unwrap_or("");
    match first {
        "treat" | "mitigate" | "reduce" | "control" | "modify" | "manage" => Ok(Treatment::Reduce),
        "tolerate" | "accept" | "retain" => Ok(Treatment::Accept),
        "transfer" | "share" | "insure" => Ok(Treatment::Transfer),
        "terminate" | "avoid" | "eliminate" => Ok(Treatment::Avoid),
        _ => Err(
            "is not a treatment: expected Treat, Tolerate, Transfer or Terminate (or \
                  Mitigate, Accept, Transfer, Avoid)"
                .into(),
        ),
    }
}

/// A risk's status: open (also active, live) or closed.
pub fn risk_status(text: &str) -> Result<RiskStatus, String> {
    match loose(text).as_str() {
        "open" | "active" | "live" | "ongoing" | "new" | "current" | "in-progress" => {
            Ok(RiskStatus::Open)
        }
        "closed" | "retired" | "archived" | "inactive" | "resolved" | "complete" => {
            Ok(RiskStatus::Closed)
        }
        _ => Err("is not a status: expected open or closed".into()),
    }
}

/// An action's status.
pub fn action_status(text: &str) -> Result<ActionStatus, String> {
    match loose(text).as_str() {
        "open" | "not-started" | "new" | "to-do" | "todo" | "planned" => Ok(ActionStatus::Open),
        "in-progress" | "ongoing" | "started" | "underway" | "in-hand" => {
            Ok(ActionStatus::InProgress)
        }
        "done" | "complete" | "completed" | "closed" | "finished" => Ok(ActionStatus::Done),
        "cancelled" | "canceled" | "dropped" | "withdrawn" => Ok(ActionStatus::Cancelled),
        _ => Err("is not an action status: expected open, in progress, done or cancelled".into()),
    }
}

/// The length of an item marker (`1.`, `2)`, `(3)`, `a)`, `-`, `•`, `*`) at the start of a
/// line, with the space after it.
fn marker(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let lead = line.len() - t.len();
    let bullet = ['-', '•', '*', '·', '▪', '‣', '–', '—', '◦', 'o'];
    if let Some(c) = t.chars().next()
        && bullet.contains(&c)
        && t[c.len_utf8()..].starts_with(char::is_whitespace)
    {
        return Some(lead + c.len_utf8());
    }
    let inner = t.strip_prefix('(').unwrap_or(t);
    let digits = inner.chars().take_while(char::is_ascii_digit).count();
    let letter = digits == 0
        && inner.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && inner[1..].starts_with([')', '.']);
    let len = if letter { 1 } else { digits };
    if len == 0 || len > 3 {
        return None;
    }
    let after = &inner[len..];
    let close = after.starts_with([')', '.', ':']);
    if close && (after[1..].starts_with(char::is_whitespace) || after.len() == 1) {
        return Some(lead + (t.len() - inner.len()) + len + 1);
    }
    None
}

/// The items of a list cell: one per numbered or bulleted line, continuation lines staying
/// with their item; a cell without markers gives one item per line.
pub fn items(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let marked = lines.iter().any(|l| marker(l).is_some());
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        match marker(line) {
            Some(len) => out.push(line[len..].trim().to_string()),
            None if marked && !out.is_empty() => {
                let last = out.last_mut().expect("not empty");
                last.push(' ');
                last.push_str(line.trim());
            }
            None => out.push(line.trim().to_string()),
        }
    }
    out.retain(|i| !i.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn levels_come_as_numbers_numbered_labels_labels_and_percentages() {
        let l = labels(&["rare", "unlikely", "possible", "likely", "almost-certain"]);
        let table = [500, 1000, 3000, 6000, 9000];
        let scale = Scale {
            name: "likelihood",
            labels: &l,
            per_year: Some(&table),
        };
        assert_eq!(level(&t("3"), &scale), Ok(3));
        assert_eq!(level(&Cell::Number(3.0), &scale), Ok(3));
        assert_eq!(level(&t("3 - Possible / Occasional"), &scale), Ok(3));
        assert_eq!(level(&t("4 - Severe"), &scale), Ok(4));
        assert_eq!(level(&t("2. Unlikely"), &scale), Ok(2));
        assert_eq!(level(&t("Almost Certain"), &scale), Ok(5));
        assert_eq!(level(&t("20%"), &scale), Ok(2));
        assert_eq!(level(&Cell::Number(0.25), &scale), Ok(3));
        assert_eq!(level(&t("95%"), &scale), Ok(5));
        let very_high = level(&t("Very High"), &scale).unwrap_err();
        assert!(
            very_high.starts_with("is not on the likelihood scale"),
            "{very_high}"
        );
        assert!(
            level(&t("6"), &scale)
                .unwrap_err()
                .starts_with("is outside 1..5")
        );
        assert!(level(&t("3.5"), &scale).is_err());
        let unquantified = Scale {
            per_year: None,
            ..scale
        };
        assert!(
            level(&t("20%"), &unquantified)
                .unwrap_err()
                .contains("quantification")
        );
        let impact = Scale {
            name: "impact",
            labels: &l,
            per_year: None,
        };
        assert!(level(&t("20%"), &impact).is_err());
    }

    #[test]
    fn dates_come_as_iso_day_first_text_or_serials() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(date(&t("2023-01-31"), false), Ok(d("2023-01-31")));
        assert_eq!(date(&t("31/01/2023"), false), Ok(d("2023-01-31")));
        assert_eq!(date(&t("01/02/2023"), false), Ok(d("2023-02-01")));
        assert_eq!(date(&t("01/02/2023"), true), Ok(d("2023-01-02")));
        assert_eq!(date(&t("31.01.23"), false), Ok(d("2023-01-31")));
        assert_eq!(date(&Cell::Number(44957.0), false), Ok(d("2023-01-31")));
        assert_eq!(date(&t("44957"), false), Ok(d("2023-01-31")));
        assert_eq!(date(&t("31 Jan 2023"), false), Ok(d("2023-01-31")));
        assert!(
            date(&t("01/31/2023"), false)
                .unwrap_err()
                .contains("--month-first")
        );
        assert!(date(&t("soon"), false).is_err());
    }

    #[test]
    fn money_in_the_register_currency_only() {
        let m = |s: &str| money(&t(s), "EUR").map(|m| m.to_string());
        assert_eq!(m("300,000"), Ok("300000.00".into()));
        assert_eq!(m("€1.2k"), Ok("1200.00".into()));
        assert_eq!(m("1.234,56 EUR"), Ok("1234.56".into()));
        assert_eq!(
            money(&Cell::Number(420.5), "EUR").unwrap().to_string(),
            "420.50"
        );
        let chf = m("300,000 CHF").unwrap_err();
        assert!(
            chf.starts_with("is in CHF; the register keeps amounts in EUR"),
            "{chf}"
        );
        assert!(m("£5").is_err());
        assert_eq!(
            money(&t("300,000 CHF"), "CHF").unwrap().to_string(),
            "300000.00"
        );
        assert!(m("lots").is_err());
    }

    #[test]
    fn the_four_ts_and_their_synonyms() {
        assert_eq!(treatment("Treat"), Ok(Treatment::Reduce));
        assert_eq!(treatment("Tolerate"), Ok(Treatment::Accept));
        assert_eq!(treatment("transfer"), Ok(Treatment::Transfer));
        assert_eq!(treatment("Terminate"), Ok(Treatment::Avoid));
        assert_eq!(treatment("Mitigate"), Ok(Treatment::Reduce));
        assert_eq!(treatment("Accept"), Ok(Treatment::Accept));
        assert_eq!(treatment("Avoid"), Ok(Treatment::Avoid));
        assert!(treatment("Ignore it").is_err());
    }

    #[test]
    fn a_list_cell_gives_one_item_per_marker_with_its_continuation_lines() {
        let cell = "1. Daily export of the contact list\n   kept offline\n2) Second provider\n(3) Manual check-in";
        assert_eq!(
            items(cell),
            [
                "Daily export of the contact list kept offline",
                "Second provider",
                "Manual check-in"
            ]
        );
        assert_eq!(items("• one\n• two"), ["one", "two"]);
        assert_eq!(items("- one\n  more\n- two"), ["one more", "two"]);
        assert_eq!(items("one\ntwo"), ["one", "two"]);
        assert_eq!(items("3 staff on call"), ["3 staff on call"]);
    }
}
