//! Canonical form: the text `risk` itself writes for a record (DESIGN 1.2). The writer defines
//! it for every value; the fast reader reads it back without the YAML crate, and leaves any
//! other text to the crate.

use serde::Serialize;

mod keys;
mod read;
pub(super) mod write;

pub use keys::field_index;
pub use read::KeyLines;
pub(super) use read::from_str_keyed;

use super::{locate, yaml};

/// Plain text the YAML crate reads as null (and so the writer quotes when it is meant as text).
fn reads_as_null(text: &str) -> bool {
    matches!(text, "~" | "null" | "Null" | "NULL")
}

/// Plain text the YAML crate reads as a boolean.
fn reads_as_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// The fast reader is not sure of a text; the YAML crate reads it instead.
#[derive(Debug)]
pub struct LeftToCrate;

impl std::fmt::Display for LeftToCrate {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("left to the YAML crate")
    }
}

impl std::error::Error for LeftToCrate {}

impl serde::de::Error for LeftToCrate {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        LeftToCrate
    }
}

/// The first line where a record's file differs from its canonical text, comments aside,
/// or None when the file is already canonical (a file whose only extra is comments is).
pub fn first_difference<T: Serialize>(value: &T, text: &str) -> Option<usize> {
    let canonical = yaml::to_string(value);
    if canonical == text {
        return None;
    }
    if text.contains('\r') {
        return Some(1); // CRLF line endings: every line differs
    }
    let lines = locate::without_comments(text);
    let wanted: Vec<&str> = canonical.lines().collect();
    for (i, want) in wanted.iter().enumerate() {
        match lines.get(i) {
            Some((_, got)) if got == want => {}
            Some((line, _)) => return Some(*line),
            None => return Some(lines.last().map_or(1, |(line, _)| line + 1)),
        }
    }
    if lines.len() > wanted.len() {
        return Some(lines[wanted.len()].0);
    }
    // Same lines once comments are set aside: canonical, unless the final newline is missing.
    (!text.ends_with('\n') || locate::first_comment(text).is_none())
        .then(|| lines.last().map_or(1, |(line, _)| *line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Risk;

    fn first(text: &str) -> Option<usize> {
        let value: Risk = yaml::parse(text).unwrap();
        first_difference(&value, text)
    }

    const CANONICAL: &str = "id: RISK-0001\ntitle: x\nlikelihood: 2\nimpact: 3\n";

    #[test]
    fn canonical_text_and_canonical_text_with_comments_pass() {
        assert_eq!(first(CANONICAL), None);
        let commented = "# note\nid: RISK-0001\ntitle: x # why\nlikelihood: 2\nimpact: 3\n";
        assert_eq!(first(commented), None);
    }

    #[test]
    fn the_first_differing_line_is_named() {
        let swapped = "id: RISK-0001\ntitle: x\nimpact: 3\nlikelihood: 2\n";
        assert_eq!(first(swapped), Some(3));
        let quoted = "# note\nid: RISK-0001\ntitle: \"x\"\nlikelihood: 2\nimpact: 3\n";
        assert_eq!(first(quoted), Some(3));
        assert_eq!(first(&CANONICAL.replace('\n', "\r\n")), Some(1));
        assert_eq!(first(CANONICAL.trim_end()), Some(4));
        let extra = "id: RISK-0001\ntitle: x\nlikelihood: 2\nimpact: 3\n\n";
        assert_eq!(first(extra), Some(5));
    }
}
