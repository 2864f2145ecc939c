//! What looks like personal data in a text: an e-mail address, a phone number, a payment card
//! number (Luhn-checked). DESIGN principle 6: claims name customers by pseudonymous references.

/// The kind of personal data `text` appears to hold, if any: `e-mail address`,
/// `card number` or `phone number`.
pub fn looks_personal(text: &str) -> Option<&'static str> {
    if has_email(text) {
        return Some("e-mail address");
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
    text.contains('@')
        && text
            .split(|c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        '<' | '>' | '(' | ')' | ',' | ';' | '"' | '\'' | '[' | ']'
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
        let boundary = i == 0
            || !(bytes[i - 1].is_ascii_alphanumeric()
                || matches!(bytes[i - 1], b'-' | b'_' | b'.' | b'/'));
        if starts && boundary {
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
        assert!(is_pseudonymous("").is_err());
    }
}
