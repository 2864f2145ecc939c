//! The `personal-data` rule of `risk check`, and what looks like personal data in a text: an
//! e-mail address, a phone number, a payment card number (Luhn-checked), an IBAN
//! (mod-97-checked) or a UK National Insurance number. DESIGN principle 6: no personal data in
//! git; claims name customers by pseudonymous references.

use std::ops::RangeInclusive;
use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde_json::Value;

use crate::check::{Finding, Level};
use crate::codec::{self, locate};
use crate::error::Located;
use crate::snapshot::{Loadable, Record, SETTINGS_FILE, Snapshot};
use crate::words;

/// A value that looks like personal data, anywhere in a record file or in `register.yaml`:
/// on any line of the text (comments included: they are in git too), or in any value as YAML
/// reads it, so an address or number split across lines, or written with escapes, is found.
pub fn personal_data(register: &Snapshot, _today: NaiveDate) -> Vec<Finding> {
    let mut out = in_records(&register.risks);
    out.extend(in_records(&register.incidents));
    out.extend(in_records(&register.claims));
    out.extend(in_records(&register.swots));
    out.extend(in_records(&register.pestles));
    let text = &register.settings_text;
    if !text.is_empty() {
        let file = register.display_path(Path::new(SETTINGS_FILE));
        // The text as written: `--policy-from` may have replaced the parsed settings.
        let values = codec::parse::<Value>(text).ok();
        out.extend(in_file(&file, None, text, values.as_ref()));
    }
    out
}

/// True when a line of `text` looks like personal data, as `text.lines().any(|line|
/// looks_personal(line).is_some())` finds: only a text with an `@` is searched for e-mail
/// addresses, and only lines with six digits or more for numbers (a load puts canonical texts
/// to it, see [`Record::lines_pass`]).
pub fn a_line_looks_personal(text: &str) -> bool {
    if memchr::memchr(b'@', text.as_bytes()).is_some() {
        return locate::lines(text).any(|line| looks_personal(line).is_some());
    }
    let mut found = false;
    digits_by_line(text.as_bytes(), |start, end, digits| {
        // A line whose eight digits are its date (`received: 2026-05-19`) holds no number:
        // no two letters stand before any of them.
        if digits >= 6 && !(digits == 8 && ends_in_a_date(&text.as_bytes()[start..end])) {
            // A CR before the line feed is not part of the line, as `str::lines` has it.
            let line = &text[start..end];
            let line = match text.as_bytes().get(end) {
                Some(b'\n') => line.strip_suffix('\r').unwrap_or(line),
                _ => line,
            };
            found = personal_number(line, digits).is_some();
        }
        found
    });
    found
}

/// True when a line ends in `: ` and a date written `YYYY-MM-DD` (a CR after it aside).
fn ends_in_a_date(line: &[u8]) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let Some(tail) = line.len().checked_sub(12).map(|at| &line[at..]) else {
        return false;
    };
    tail.iter().enumerate().all(|(i, b)| match i {
        0 => *b == b':',
        1 => *b == b' ',
        6 | 9 => *b == b'-',
        _ => b.is_ascii_digit(),
    })
}

/// Calls `line(start, end, digits)` for each line of `bytes` (`end` at its line feed, or at
/// the end of the bytes for a last line without one; an empty last line is not a line), with
/// the number of ASCII digits in it, until `line` returns true. Eight bytes are looked at
/// together: which are digits and which are line feeds is found with whole-word arithmetic.
fn digits_by_line(bytes: &[u8], mut line: impl FnMut(usize, usize, usize) -> bool) {
    let (mut start, mut digits) = (0, 0);
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let word = words::word(chunk);
        let (mut digit, mut feed) = (words::digits(word), words::equal(word, b'\n'));
        while feed != 0 {
            let at = feed.trailing_zeros() as usize; // the high bit of the line feed's byte
            let before = (1u64 << (at - 7)) - 1; // the bytes before it
            digits += words::count(digit & before);
            let end = base + at / 8;
            if line(start, end, digits) {
                return;
            }
            (start, digits) = (end + 1, 0);
            digit &= !before;
            feed &= feed - 1;
        }
        digits += words::count(digit);
        base += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == b'\n' {
            if line(start, base + i, digits) {
                return;
            }
            (start, digits) = (base + i + 1, 0);
        } else {
            digits += usize::from(b.is_ascii_digit());
        }
    }
    if start < bytes.len() {
        line(start, bytes.len(), digits);
    }
}

/// Every record's findings, records side by side.
fn in_records<T: Loadable>(records: &[Record<T>]) -> Vec<Finding> {
    records
        .par_iter()
        // A canonical text is written again for the scan, into a buffer each thread keeps.
        .map(|record| {
            if record.lines_pass(a_line_looks_personal) {
                return Vec::new(); // no line of its canonical text looks personal
            }
            // A canonical text holds each value whole on one line, so its lines say it all.
            let values = if record.canonical() {
                None
            } else {
                serde_json::to_value(&record.value).ok()
            };
            let id = record.value.id().as_str();
            record.with_text(|text| in_file(record.file(), Some(id), text, values.as_ref()))
        })
        .flatten_iter()
        .collect()
}

/// The findings in one file: each line of `text` that looks like personal data, then each of
/// its parsed `values` that does where no line of that value already said the same.
fn in_file(file: &str, record: Option<&str>, text: &str, values: Option<&Value>) -> Vec<Finding> {
    let finding = |line: Option<usize>, key: Option<String>, what: &str| Finding {
        rule: "personal-data",
        level: Level::Warning,
        record: record.map(String::from),
        at: Located {
            file: file.to_string(),
            line,
            key,
            message: format!(
                "looks like a {what}; keep personal data out of git (name customers by a pseudonymous reference such as CUST-20931)"
            ),
        },
    };
    let mut out = Vec::new();
    let mut seen: Vec<(usize, &str)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let Some(what) = looks_personal(line) else {
            continue;
        };
        let key = key_of(line).map(String::from);
        seen.push((n + 1, what));
        out.push(finding(Some(n + 1), key, what));
    }
    let mut strings = Vec::new();
    if let Some(values) = values {
        strings_in(values, &mut String::new(), &mut strings);
    }
    for (path, value) in strings {
        let Some(what) = looks_personal(value) else {
            continue;
        };
        let line = locate::line_of(text, &path);
        let said = line.is_some_and(|line| {
            let lines = lines_of_value(text, line);
            seen.iter().any(|(n, w)| lines.contains(n) && *w == what)
        });
        if !said {
            let line = line.or_else(|| locate::line_of(text, "id"));
            out.push(finding(line, Some(path), what));
        }
    }
    out
}

/// The key a line of block YAML starts with, if any: the text before its first `: ` (or a
/// final `:`), after the dashes of list items. `- mailto:x@y.com` has none: that colon is text.
fn key_of(line: &str) -> Option<&str> {
    let content = line.trim_start().trim_start_matches("- ");
    let colon = content
        .match_indices(':')
        .map(|(i, _)| i)
        .find(|&i| matches!(content.as_bytes().get(i + 1), None | Some(b' ')))?;
    let key = content[..colon].trim();
    (!key.is_empty() && !key.contains(' ')).then_some(key)
}

/// Every string in a parsed value, with its dotted path (`review.lessons[0]`).
fn strings_in<'a>(value: &'a Value, path: &mut String, out: &mut Vec<(String, &'a str)>) {
    let len = path.len();
    match value {
        Value::String(text) => out.push((path.clone(), text)),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                strings_in(item, path, out);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                strings_in(item, path, out);
                path.truncate(len);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The lines a value starting on `line` may run over: that line and the ones after it that are
/// indented deeper (a folded scalar's continuation lines), blank lines included.
fn lines_of_value(text: &str, line: usize) -> RangeInclusive<usize> {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let mut lines = text.lines().skip(line - 1);
    let Some(first) = lines.next() else {
        return line..=line;
    };
    let base = indent(first);
    let mut last = line;
    for (n, l) in (line + 1..).zip(lines) {
        if l.trim().is_empty() {
            continue;
        }
        if indent(l) <= base {
            break;
        }
        last = n;
    }
    line..=last
}

/// The kind of personal data `text` appears to hold, if any: `e-mail address`,
/// `bank account number (IBAN)`, `National Insurance number`, `card number` or `phone number`.
pub fn looks_personal(text: &str) -> Option<&'static str> {
    if has_email(text) {
        return Some("e-mail address");
    }
    personal_number(text, text.bytes().filter(u8::is_ascii_digit).count())
}

/// What looks like a personal number in `text`, which holds `digits` digits.
fn personal_number(text: &str, digits: usize) -> Option<&'static str> {
    // An IBAN and a National Insurance number hold six digits or more, a phone number nine, a
    // card number thirteen: most lines (a date has eight) are passed over at a glance.
    if digits < 6 {
        return None;
    }
    // Before the digit runs: an IBAN's digits alone would read as a phone number. Both an
    // IBAN and a National Insurance number start with two letters and a digit (a space between
    // at most), which one look at the text rules out for most lines (a date's, a reference's).
    let lettered = lettered_digit(text);
    if lettered && has_iban(text) {
        return Some("bank account number (IBAN)");
    }
    if lettered && has_national_insurance(text) {
        return Some("National Insurance number");
    }
    if digits < 9 {
        return None;
    }
    for run in digit_runs(text) {
        let digits: Vec<u8> = run
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        if (13..=19).contains(&digits.len()) && luhn(&digits) {
            return Some("card number");
        }
        if is_phone(run, digits.len()) {
            return Some("phone number");
        }
    }
    None
}

/// True when two letters are followed by a digit, at once or after a space.
fn lettered_digit(text: &str) -> bool {
    let b = text.as_bytes();
    let alpha = |i: usize| b[i].is_ascii_alphabetic();
    // Looked at from each digit back: most bytes of a line are not digits.
    (2..b.len()).any(|i| {
        b[i].is_ascii_digit()
            && (alpha(i - 1) && alpha(i - 2)
                || i >= 3 && b[i - 1] == b' ' && alpha(i - 2) && alpha(i - 3))
    })
}

/// True when `reference` is fit to name a customer: letters, digits, `-`, `_`, `.`, no spaces,
/// at least one digit, and nothing that looks like personal data (`CUST-20931`).
pub fn is_pseudonymous(reference: &str) -> Result<(), String> {
    if reference.is_empty() {
        return Err("is empty; expected a pseudonymous reference such as CUST-20931".into());
    }
    if let Some(what) = looks_personal(reference) {
        return Err(format!(
            "`{reference}` looks like a {what}; name customers by a pseudonymous reference such as CUST-20931"
        ));
    }
    let fits = reference
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && reference.chars().any(|c| c.is_ascii_digit());
    if !fits {
        return Err(format!(
            "`{reference}` is not a pseudonymous reference (letters, digits and dashes with at least one digit, e.g. CUST-20931); never a name"
        ));
    }
    Ok(())
}

fn has_email(text: &str) -> bool {
    // Split on what may stand around an address: `<x@y.com>`, `mailto:x@y.com`,
    // `email=x@y.com`, `{by: x@y.com}`, `&lt;x@y.com&gt;`.
    text.contains('@')
        && text
            .split(|c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        '<' | '>'
                            | '('
                            | ')'
                            | ','
                            | ';'
                            | '"'
                            | '\''
                            | '['
                            | ']'
                            | '{'
                            | '}'
                            | ':'
                            | '='
                            | '&'
                            | '|'
                            | '`'
                    )
            })
            .any(|word| {
                let Some((local, domain)) = word.split_once('@') else {
                    return false;
                };
                let domain = domain.trim_end_matches(['.', ':']);
                !local.is_empty()
                    && local
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && domain
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
                    && domain.rsplit('.').next().is_some_and(|tld| {
                        tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())
                    })
            })
}

/// True when `bytes[i]` starts a word: the text begins there, or the byte before is not part
/// of a code (`CUST-0612345678`, `REF_AB123456C` and `v1.2` are codes, not numbers).
fn word_starts(bytes: &[u8], i: usize) -> bool {
    i == 0
        || !(bytes[i - 1].is_ascii_alphanumeric()
            || matches!(bytes[i - 1], b'-' | b'_' | b'.' | b'/'))
}

/// True when nothing glues a word ending before `bytes[i]` to a letter or digit after it.
fn word_ends(bytes: &[u8], i: usize) -> bool {
    bytes.get(i).is_none_or(|b| !b.is_ascii_alphanumeric())
}

/// IBAN lengths by country code, from the SWIFT IBAN registry (ISO 13616): `AD24` is
/// Andorra, 24 letters and digits in all.
const IBAN_LENGTHS: &str = "\
    AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 \
    DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 \
    GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 \
    LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 \
    PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 \
    SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";

fn iban_length(country: [u8; 2]) -> Option<usize> {
    IBAN_LENGTHS
        .split_ascii_whitespace()
        .find(|entry| entry.as_bytes()[..2] == country)
        .and_then(|entry| entry[2..].parse().ok())
}

/// An IBAN (ISO 13616): a country code, two check digits and the country's number of letters
/// and digits in all, written whole or in groups of four, whose mod-97 checksum is 1.
fn has_iban(text: &str) -> bool {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3)).any(|i| {
        bytes[i].is_ascii_alphabetic()
            && bytes[i + 1].is_ascii_alphabetic()
            && bytes[i + 2].is_ascii_digit()
            && bytes[i + 3].is_ascii_digit()
            && word_starts(bytes, i)
            && iban_at(bytes, i)
    })
}

fn iban_at(bytes: &[u8], start: usize) -> bool {
    let country = [
        bytes[start].to_ascii_uppercase(),
        bytes[start + 1].to_ascii_uppercase(),
    ];
    let Some(length) = iban_length(country) else {
        return false;
    };
    // Whole (`GB82WEST12345698765432`) or grouped by spaces (`GB82 WEST 1234 5698 7654 32`).
    [false, true].into_iter().any(|grouped| {
        let mut chars = Vec::with_capacity(length);
        let mut i = start;
        while chars.len() < length {
            if grouped && !chars.is_empty() && chars.len() % 4 == 0 {
                if bytes.get(i) != Some(&b' ') {
                    return false;
                }
                i += 1;
            }
            match bytes.get(i) {
                Some(b) if b.is_ascii_alphanumeric() => chars.push(b.to_ascii_uppercase()),
                _ => return false,
            }
            i += 1;
        }
        word_ends(bytes, i) && iban_checksum(&chars) == 1
    })
}

/// ISO 7064 MOD 97-10 over an IBAN: the first four characters moved to the end, letters as
/// 10..35; a valid IBAN gives 1.
fn iban_checksum(chars: &[u8]) -> u32 {
    chars[4..]
        .iter()
        .chain(&chars[..4])
        .fold(0, |rest, &c| match c {
            b'0'..=b'9' => (rest * 10 + u32::from(c - b'0')) % 97,
            _ => (rest * 100 + u32::from(c - b'A') + 10) % 97,
        })
}

/// A UK National Insurance number: two prefix letters, six digits and a letter A to D, as
/// `AB123456C` or spaced `AB 12 34 56 C`. Prefixes HMRC never issues are not numbers: D, F,
/// I, Q, U or V in either place, O second, and BG, GB, KN, NK, NT, TN and ZZ.
fn has_national_insurance(text: &str) -> bool {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(1)).any(|i| {
        bytes[i].is_ascii_uppercase()
            && bytes[i + 1].is_ascii_uppercase()
            && word_starts(bytes, i)
            && national_insurance_at(bytes, i)
    })
}

fn national_insurance_at(bytes: &[u8], start: usize) -> bool {
    let (first, second) = (bytes[start], bytes[start + 1]);
    let issued = !b"DFIQUV".contains(&first)
        && !b"DFIOQUV".contains(&second)
        && ![b"BG", b"GB", b"KN", b"NK", b"NT", b"TN", b"ZZ"].contains(&&[first, second]);
    if !issued {
        return false;
    }
    let mut i = start + 2;
    for _ in 0..3 {
        if bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        for _ in 0..2 {
            if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
                return false;
            }
            i += 1;
        }
    }
    if bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    matches!(bytes.get(i), Some(b'A'..=b'D')) && word_ends(bytes, i + 1)
}

/// Runs of digits and the separators phone and card numbers are written with, each starting
/// at a word boundary (so `CUST-0612345678` and `INC-0001` are not runs) with a digit or `+`.
fn digit_runs(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let starts =
            b.is_ascii_digit() || (b == b'+' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit));
        if starts && word_starts(bytes, i) {
            let mut j = i + 1;
            while j < bytes.len()
                && (bytes[j].is_ascii_digit()
                    || matches!(bytes[j], b' ' | b'-' | b'(' | b')' | b'.'))
            {
                j += 1;
            }
            let run = text[i..j].trim_end_matches([' ', '-', '(', '.']);
            let next = bytes.get(i + run.len());
            // A run glued to letters (`123abc`) is a code, not a number someone dials.
            if next.is_none_or(|n| !n.is_ascii_alphabetic()) {
                runs.push(run);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    runs
}

fn is_phone(run: &str, digits: usize) -> bool {
    if !(9..=15).contains(&digits) {
        return false;
    }
    // Amounts (`2000000.00`), dates (`2026-09-26`) and times are not phone numbers.
    let is_amount = run.split_once('.').is_some_and(|(w, f)| {
        w.bytes().all(|b| b.is_ascii_digit())
            && f.len() <= 2
            && f.bytes().all(|b| b.is_ascii_digit())
    });
    let is_date = run.len() >= 10 && run.as_bytes()[4] == b'-' && run.as_bytes()[7] == b'-';
    !is_amount && !is_date
}

/// The Luhn checksum of payment card numbers (ISO/IEC 7812-1).
fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = d as u32;
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn lines_and_their_digits_are_those_of_str_lines(text in "[0-9a\\n\\r /:é\u{80}-\u{ff}]{0,80}") {
            let mut seen = Vec::new();
            digits_by_line(text.as_bytes(), |start, end, digits| {
                let line = &text[start..end];
                let line = match text.as_bytes().get(end) {
                    Some(b'\n') => line.strip_suffix('\r').unwrap_or(line),
                    _ => line,
                };
                seen.push((line, digits));
                false
            });
            let expected: Vec<_> = text
                .lines()
                .map(|line| (line, line.bytes().filter(u8::is_ascii_digit).count()))
                .collect();
            proptest::prop_assert_eq!(seen, expected);
        }

        #[test]
        fn a_letter_pair_before_a_digit_is_found_from_the_digits(text in "[aZ1 9.-]{0,12}") {
            let b = text.as_bytes();
            let expected = (2..b.len()).any(|i| {
                (b[i].is_ascii_digit() || b[i] == b' ' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
                    && b[i - 1].is_ascii_alphabetic()
                    && b[i - 2].is_ascii_alphabetic()
            });
            proptest::prop_assert_eq!(lettered_digit(&text), expected);
        }

        #[test]
        fn the_one_pass_scan_finds_what_a_scan_of_each_line_finds(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "id: CLM-0001", "customer: CUST-0630344", "received: 2026-05-19", "\n", "\r\n",
                "\n", "jane@example.com", "@", "+44 20 7946 0958", "0612345678", " ",
                "GB82 WEST 1234 5698 7654 32", "QQ 12 34 56 C", "4111 1111 1111 1111", "12",
                "title: x", "a.b@c.de", ": 2026-05-19", "QQ", "ab1", "\r",
            ]), 0..12),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(
                a_line_looks_personal(&text),
                text.lines().any(|line| looks_personal(line).is_some()),
                "{:?}", text
            );
        }
    }

    #[test]
    fn finds_email_phone_and_card_numbers() {
        assert_eq!(
            looks_personal("write to jane.doe@example.com please"),
            Some("e-mail address")
        );
        assert_eq!(looks_personal("+44 20 7946 0958"), Some("phone number"));
        assert_eq!(looks_personal("call 0612345678"), Some("phone number"));
        assert_eq!(looks_personal("(555) 010-4477 ext"), Some("phone number"));
        assert_eq!(
            looks_personal("card 4111 1111 1111 1111"),
            Some("card number")
        );
        assert_eq!(looks_personal("4111-1111-1111-1111"), Some("card number"));
    }

    #[test]
    fn a_card_number_must_pass_luhn() {
        // Not Luhn-valid and 16 digits: too long for a phone number, so nothing.
        assert_eq!(looks_personal("4111 1111 1111 1112"), None);
    }

    #[test]
    fn register_values_are_not_personal_data() {
        for ok in [
            "CUST-20931",
            "CUST-0612345678",
            "INC-0001",
            "2026-09-26T08:25:00+10:00",
            "2026-09-26",
            "2000000.00",
            "50000",
            "customers_affected: 120000",
            "@ops-team on call",
            "booking ref ABC123456789X",
            "version 1.2.3",
            "RISK-0042",
            "CLM-0007",
            "detected: 2026-09-26T08:25:00+10:00",
            "amount: 420.00",
            "compensation_budget: 2000000.00",
            "action A1 due 2026-06-30",
            "seat 12C, gate B22",
            "ref AB123456",
            "flight GB 1234 on 2026-10-01",
        ] {
            assert_eq!(looks_personal(ok), None, "{ok}");
        }
    }

    #[test]
    fn customer_references_must_be_pseudonymous() {
        assert!(is_pseudonymous("CUST-20931").is_ok());
        assert!(is_pseudonymous("c_77.1").is_ok());
        assert!(is_pseudonymous("Jane Doe").is_err());
        assert!(is_pseudonymous("janedoe").is_err());
        assert!(
            is_pseudonymous("jane@example.com")
                .unwrap_err()
                .contains("e-mail")
        );
        assert!(is_pseudonymous("0612345678").unwrap_err().contains("phone"));
        assert!(
            is_pseudonymous("AB123456C")
                .unwrap_err()
                .contains("National Insurance")
        );
        assert!(
            is_pseudonymous("GB82WEST12345698765432")
                .unwrap_err()
                .contains("IBAN")
        );
        assert!(is_pseudonymous("").is_err());
    }

    #[test]
    fn finds_email_addresses_behind_prefixes_and_brackets() {
        for text in [
            "email:jane@example.com",
            "mailto:jane@example.com",
            "<jane@example.com>",
            "Jane Doe<jane@example.com>",
            "{by: jane@example.com}",
            "contact=jane@example.com",
            "&lt;jane@example.com&gt;",
            "`jane@example.com`",
        ] {
            assert_eq!(looks_personal(text), Some("e-mail address"), "{text}");
        }
    }

    #[test]
    fn near_misses_are_not_email_addresses() {
        for text in [
            "mailto:",
            "email: see the ticket",
            "@ops-team on call",
            "jane@localhost",
            "mailto:@example.com",
            "jane@example.c0m",
            "ops-lead @ 09:00",
        ] {
            assert_eq!(looks_personal(text), None, "{text}");
        }
    }

    #[test]
    fn finds_ibans_whole_or_in_groups_of_four() {
        for text in [
            "GB82 WEST 1234 5698 7654 32",
            "refund to GB82WEST12345698765432 today",
            "iban:DE89370400440532013000",
            "NL91 ABNA 0417 1643 00",
            "NO93 8601 1117 947",
            "MT84MALT011000012345MTLCAST001S",
            "(gb82 west 1234 5698 7654 32)",
        ] {
            assert_eq!(
                looks_personal(text),
                Some("bank account number (IBAN)"),
                "{text}"
            );
        }
    }

    #[test]
    fn an_iban_must_pass_its_checksum_length_and_country() {
        for text in [
            "GB82 WEST 1234 5698 7654 33",  // check digits do not match
            "GB82 WEST 1234 5698 7654 3",   // one short for GB
            "GB82 WEST 1234 5698 7654 321", // one too many
            "GB82WEST123456987654321",
            "ZZ82 WEST 1234 5698 7654 32", // no such country
            "XGB82WEST12345698765432",     // glued to a word
            "REF-GB82WEST12345698765432",  // part of a code
            "GB82 WES T123 4569 8765 432", // not grouped in fours
            "AB12 CDEF 3456",
        ] {
            assert!(!has_iban(text), "{text}");
        }
    }

    #[test]
    fn finds_national_insurance_numbers_whole_or_spaced() {
        for text in [
            "AB123456C",
            "AB 12 34 56 C",
            "NINO: JG 103759 A on file",
            "(CE 12 34 56 D)",
        ] {
            assert_eq!(
                looks_personal(text),
                Some("National Insurance number"),
                "{text}"
            );
        }
    }

    #[test]
    fn national_insurance_prefixes_hmrc_never_issues_are_not_numbers() {
        for text in [
            "QQ 12 34 56 C", // Q is never a first letter (HMRC's specimen prefix)
            "DA123456A",
            "FA123456A",
            "AO123456A", // O is never a second letter
            "AV123456A",
            "BG123456A",
            "GB123456A",
            "KN123456A",
            "NK123456A",
            "NT123456A",
            "TN123456A",
            "ZZ123456A",
            "AB123456E",  // the suffix is A to D
            "AB12345C",   // five digits
            "AB1234567C", // seven
            "AB123456CD", // glued to a letter
            "ab123456c",  // written in capitals
            "REF-AB123456C",
            "XAB123456C",
            "AB 12 34 56",
        ] {
            assert!(!has_national_insurance(text), "{text}");
        }
    }

    #[test]
    fn the_key_of_a_line_is_before_a_colon_and_a_space() {
        assert_eq!(key_of("  email: jane@example.com"), Some("email"));
        assert_eq!(key_of("  - title: call 0612345678"), Some("title"));
        assert_eq!(key_of("notes:"), Some("notes"));
        assert_eq!(key_of("  - mailto:jane@example.com"), None);
        assert_eq!(key_of("# contact: jane@example.com"), None);
        assert_eq!(key_of("  - call 0612345678"), None);
    }

    mod rule {
        use super::super::personal_data;
        use crate::check::Finding;
        use crate::snapshot::testing::snapshot;

        fn found(settings: &str, records: &[&str]) -> Vec<(Option<usize>, Option<String>, String)> {
            let today = "2026-11-23".parse().unwrap();
            let mut found: Vec<Finding> = personal_data(&snapshot(settings, records), today);
            found.sort_by(|a, b| (&a.at.file, a.at.line).cmp(&(&b.at.file, b.at.line)));
            found
                .into_iter()
                .map(|f| {
                    (
                        f.at.line,
                        f.at.key,
                        format!("{}: {}", f.at.file, f.at.message),
                    )
                })
                .collect()
        }

        const RISK: &str = "id: RISK-0001\ntitle: R\nlikelihood: 1\nimpact: 1\n";

        #[test]
        fn a_number_folded_across_lines_is_found_at_its_key() {
            let folded = format!("{RISK}notes: call +44 20\n  7946 0958 after six\n");
            let found = found("", &[&folded]);
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].0, Some(5));
            assert_eq!(found[0].1.as_deref(), Some("notes"));
            assert!(found[0].2.contains("phone number"), "{found:?}");
        }

        #[test]
        fn a_folded_block_is_read_as_one_line() {
            let block =
                format!("{RISK}notes: >\n  Refund to GB82 WEST 1234 5698\n  7654 32 today\n");
            let found = found("", &[&block]);
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].0, Some(5));
            assert_eq!(found[0].1.as_deref(), Some("notes"));
            assert!(found[0].2.contains("(IBAN)"), "{found:?}");
        }

        #[test]
        fn an_address_split_by_an_escaped_line_break_is_found() {
            let escaped = format!(
                "{RISK}contingency:\n  - Tell the desk\n  - \"write to jane.doe@exa\\\n    mple.com\"\n"
            );
            let found = found("", &[&escaped]);
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].0, Some(7));
            assert_eq!(found[0].1.as_deref(), Some("contingency[1]"));
            assert!(found[0].2.contains("e-mail address"), "{found:?}");
        }

        #[test]
        fn a_value_on_one_line_is_found_once() {
            // Not canonical (flow style), so its values are read too: one finding, not two.
            let flow = format!("{RISK}controls: [Call 0612345678 first]\n");
            let found = found("", &[&flow]);
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].0, Some(5));
            assert_eq!(found[0].1.as_deref(), Some("controls"));
        }

        #[test]
        fn register_yaml_is_scanned_too() {
            let settings = "name: Ops\n# owner: jane@example.com\ncurrency: EUR\n";
            let found = found(settings, &[RISK]);
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].0, Some(2));
            assert!(
                found[0]
                    .2
                    .starts_with("register/register.yaml: looks like a e-mail"),
                "{found:?}"
            );
        }

        #[test]
        fn ordinary_values_are_left_alone() {
            let ordinary = "id: CLM-0001\nincident: INC-0001\ncustomer: CUST-20931\nreceived: 2026-09-28\nrequested: {type: refund, amount: 420.00}\nevidence:\n  - booking reference seen on\n    2026-09-26, seat 12C\n";
            assert_eq!(found("", &[ordinary]), []);
        }
    }
}
