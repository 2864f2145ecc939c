//! The one door to YAML: records and settings are read with located errors and written in the
//! canonical form this project defines (DESIGN 1.2). Nothing outside this module names the YAML crate.

mod canonical;
pub mod locate;
mod yaml;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use canonical::{KeyLines, first_difference};
pub use yaml::{YamlError, edit};

/// Reads one record or settings document, with the line and key of any error.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    yaml::parse(text)
}

/// Reads a record, and says whether its text is already canonical (the fast reader took it).
pub fn read<T>(text: &str) -> Result<(T, bool), YamlError>
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    read_keyed(text).map(|(value, keys)| (value, keys.is_some()))
}

/// [`read`], with the lines a canonical text's top-level keys start on (None when the text is
/// not canonical), for [`field_line`] to find a field's line without writing the text again.
pub fn read_keyed<T>(text: &str) -> Result<(T, Option<KeyLines>), YamlError>
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    match yaml::read_canonical_keyed::<T>(text) {
        Some((value, keys)) => Ok((value, Some(keys))),
        None => Ok((yaml::parse::<T>(text)?, None)),
    }
}

/// The line of `key` in the canonical text of `value`, whose key lines are `keys` (as
/// [`read_keyed`] gave them), as [`locate::line_of`] finds it there: for a top-level field, its
/// line, or Some(None) when `value` writes no such field; for a path (`offer.on`), Some(None)
/// when `value` writes no field it starts with. None when that is not known without writing
/// the text: a path under a field the value writes, or key lines not kept.
pub fn field_line<T: Serialize>(value: &T, keys: &KeyLines, key: &str) -> Option<Option<usize>> {
    let field = key.split(['.', '[']).next().unwrap_or(key);
    if field.is_empty()
        || !field
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return None;
    }
    let (index, count) = canonical::field_index(value, field)?;
    match index {
        Some(_) if field.len() < key.len() => None, // under a field it writes: in the text
        Some(index) => keys.line(index, count).map(Some),
        // Absent, but only as sure as the key lines are whole (and a value with no field at
        // all is left to its text).
        None => keys.line(0, count).map(|_| None),
    }
}

/// The canonical text of a value that has only the top-level field `field`, holding `inner`.
/// Canonical text writes a top-level field the same wherever it stands, and what follows it
/// starts at the first column, outside its lines: so a path under the field (`actions[2].due`)
/// is on the same line of this text as of the whole value's, counted from the field's line.
pub fn write_field<V: Serialize + ?Sized>(field: &'static str, inner: &V) -> String {
    struct Alone<'v, V: ?Sized>(&'static str, &'v V);
    impl<V: Serialize + ?Sized> Serialize for Alone<'_, V> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeStruct;
            let mut map = s.serialize_struct("Alone", 1)?;
            map.serialize_field(self.0, self.1)?;
            map.end()
        }
    }
    write(&Alone(field, inner))
}

/// The canonical text of a value: struct key order, block style, two-space indent,
/// money as bare decimals with two places, a trailing newline.
pub fn write<T: Serialize>(value: &T) -> String {
    yaml::to_string(value)
}

/// Calls `f` with the canonical text of `value`, written into a buffer each thread keeps.
pub fn with_written<T: Serialize, R>(value: &T, f: impl FnOnce(&str) -> R) -> R {
    yaml::with_written(value, f)
}

/// True when a byte of `text` is one `wanted` accepts: a scan that compares whole chunks,
/// without a branch per byte (block-style text holds none of the bytes these scans look for).
fn holds_byte(text: &str, wanted: impl Fn(u8) -> bool) -> bool {
    text.as_bytes()
        .chunks(64)
        .any(|chunk| chunk.iter().fold(false, |seen, &b| seen | wanted(b)))
}
