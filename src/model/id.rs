//! Record ids: a prefix and a number (`RISK-0042`); the number, not the padding, is the identity.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The kinds of record, each with its id prefix and folder (SWOT and PESTLE analyses share
/// `analyses/`, told apart by their prefix).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Risk,
    Incident,
    Claim,
    Swot,
    Pestle,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Risk,
        Kind::Incident,
        Kind::Claim,
        Kind::Swot,
        Kind::Pestle,
    ];

    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Risk => "RISK",
            Kind::Incident => "INC",
            Kind::Claim => "CLM",
            Kind::Swot => "SWOT",
            Kind::Pestle => "PESTLE",
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Kind::Risk => "risks",
            Kind::Incident => "incidents",
            Kind::Claim => "claims",
            Kind::Swot | Kind::Pestle => "analyses",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Risk => "risk",
            Kind::Incident => "incident",
            Kind::Claim => "claim",
            Kind::Swot => "SWOT analysis",
            Kind::Pestle => "PESTLE analysis",
        }
    }

    /// Whether a record file found under this kind's folder is this kind's: a folder two kinds
    /// share (`analyses/`) gives each the files of its prefix; the first kind of the folder
    /// also takes the files of no known prefix (so they are reported, once).
    pub fn owns_file(self, stem: &str) -> bool {
        match self {
            Kind::Swot | Kind::Pestle => {
                let named = stem
                    .split_once('-')
                    .and_then(|(prefix, _)| Kind::from_prefix(prefix))
                    .filter(|k| k.dir() == self.dir());
                named.unwrap_or(Kind::Swot) == self
            }
            _ => true,
        }
    }

    /// The kind of a record file from its path in the register (`analyses/PESTLE-0001.yaml`).
    pub fn of_path(rel: &str) -> Option<Kind> {
        let dir = rel.split('/').next()?;
        let stem = rel.rsplit('/').next()?.split('.').next().unwrap_or("");
        Kind::ALL
            .into_iter()
            .find(|k| k.dir() == dir && k.owns_file(stem))
    }

    pub fn from_prefix(prefix: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.prefix() == prefix)
    }
}

/// A validated record id. Two ids are equal when prefix and number are, so `RISK-42 == RISK-0042`.
#[derive(Clone)]
pub struct Id {
    text: Text,
    /// At most nine digits, so it fits.
    number: u32,
    /// The length of the prefix (the text before the dash), and the kind it names, if any:
    /// comparing and sorting ids (a large share of loading a register) needs both.
    prefix_len: u8,
    kind: Option<Kind>,
}

/// An id's text, kept in place when it is short (every id a register makes): 24 bytes and no
/// allocation, where a `String` took 24 bytes and an allocation (a loaded claim holds three ids),
/// and read back without checking its bytes again.
type Text = compact_str::CompactString;

impl Id {
    /// Parses an id of the form `^[A-Z]+-[0-9]{1,9}$`; nothing else ever becomes a path.
    pub fn parse(text: &str) -> Result<Id, String> {
        let bad = || {
            format!(
                "`{text}` is not a valid id (expected letters, a dash and a number, e.g. RISK-0042)"
            )
        };
        let dash = text.find('-').ok_or_else(bad)?;
        let (prefix, digits) = (&text[..dash], &text[dash + 1..]);
        let prefix_ok = !prefix.is_empty() && prefix.bytes().all(|b| b.is_ascii_uppercase());
        let digits_ok =
            (1..=9).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
        if !prefix_ok || !digits_ok {
            return Err(bad());
        }
        let number = digits.parse().map_err(|_| bad())?;
        Ok(Id::from_parts(text, number, dash))
    }

    /// A new id for a record of `kind`, zero-padded to four digits.
    pub fn new(kind: Kind, number: u64) -> Id {
        let text = format!("{}-{number:04}", kind.prefix());
        let number = u32::try_from(number).unwrap_or(u32::MAX);
        Id::from_parts(&text, number, kind.prefix().len())
    }

    /// An id from its checked parts: the text, its number and the length of its prefix.
    fn from_parts(text: &str, number: u32, dash: usize) -> Id {
        let prefix = &text[..dash];
        Id {
            text: Text::new(text),
            number,
            // A prefix longer than 255 bytes names no kind and compares by its text alone.
            prefix_len: u8::try_from(dash).unwrap_or(0),
            kind: Kind::from_prefix(prefix),
        }
    }

    /// The largest id number: nine digits.
    pub const MAX_NUMBER: u64 = 999_999_999;

    /// A new id for a record of `kind`, refusing numbers past nine digits.
    pub fn next(kind: Kind, number: u64) -> Result<Id, String> {
        if number > Id::MAX_NUMBER {
            return Err(format!(
                "no {} id is left: {}-{number} would pass nine digits; renumber the records with the highest ids",
                kind.name(),
                kind.prefix()
            ));
        }
        Ok(Id::new(kind, number))
    }

    /// Parses an id and checks it has the prefix of `kind`.
    pub fn parse_kind(text: &str, kind: Kind) -> Result<Id, String> {
        let id = Id::parse(text)?;
        if id.kind() != Some(kind) {
            return Err(format!(
                "`{text}` is not a {} id (expected {}-NNNN)",
                kind.name(),
                kind.prefix()
            ));
        }
        Ok(id)
    }

    pub fn as_str(&self) -> &str {
        self.text.as_str()
    }

    pub fn prefix(&self) -> &str {
        let text = self.as_str();
        match self.prefix_len {
            0 => text.split_once('-').map_or(text, |(prefix, _)| prefix),
            len => &text[..len as usize],
        }
    }

    pub fn number(&self) -> u64 {
        u64::from(self.number)
    }

    pub fn kind(&self) -> Option<Kind> {
        self.kind
    }

    /// Whether two ids have the same prefix: the same known kind, or the same text.
    fn same_prefix(&self, other: &Id) -> bool {
        match (self.kind, other.kind) {
            (Some(a), Some(b)) => a == b,
            _ => self.prefix() == other.prefix(),
        }
    }
}

impl PartialEq for Id {
    fn eq(&self, other: &Self) -> bool {
        self.number == other.number && self.same_prefix(other)
    }
}

impl Eq for Id {}

impl Hash for Id {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.prefix().hash(state);
        self.number.hash(state);
    }
}

impl Ord for Id {
    fn cmp(&self, other: &Self) -> Ordering {
        if self.same_prefix(other) {
            return self.number.cmp(&other.number);
        }
        self.prefix().cmp(other.prefix())
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Id")
            .field("text", &self.as_str())
            .field("number", &self.number)
            .finish()
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Parses from the borrowed text, so a short id costs no allocation.
        struct IdVisitor;
        impl serde::de::Visitor<'_> for IdVisitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Id, E> {
                Id::parse(text).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(IdVisitor)
    }
}

impl schemars::JsonSchema for Id {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A record id: a prefix and a number, e.g. RISK-0042, INC-0001, CLM-0007",
            "type": "string",
            "pattern": "^[A-Z]+-[0-9]{1,9}$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_compare_by_number_not_padding() {
        let a = Id::parse("RISK-42").unwrap();
        let b = Id::parse("RISK-0042").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.number(), 42);
        assert!(Id::parse("RISK-9").unwrap() < Id::parse("RISK-10").unwrap());
        assert_ne!(Id::parse("INC-1").unwrap(), Id::parse("CLM-1").unwrap());
    }

    #[test]
    fn ids_that_could_escape_a_folder_are_refused() {
        for bad in [
            "../RISK-1",
            "RISK-1/..",
            "RISK-",
            "-1",
            "risk-1",
            "RISK-1234567890",
            "RISK-1.yaml",
            "RISK-+1",
            "",
        ] {
            assert!(Id::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn ids_stop_at_nine_digits() {
        assert_eq!(
            Id::next(Kind::Risk, 999_999_999).unwrap().as_str(),
            "RISK-999999999"
        );
        assert!(Id::next(Kind::Risk, 1_000_000_000).is_err());
    }

    #[test]
    fn long_ids_keep_their_text() {
        let long = format!("{}-123456789", "A".repeat(20));
        let id = Id::parse(&long).unwrap();
        assert_eq!(id.as_str(), long);
        assert_eq!(id.prefix(), "A".repeat(20));
        assert_eq!(id.number(), 123_456_789);
        assert_eq!(Id::parse("RISK-0042").unwrap().prefix(), "RISK");
        assert_eq!(std::mem::size_of::<Id>(), 32);
        let odd = Id::parse("ZZ-5").unwrap();
        assert_eq!((odd.prefix(), odd.kind()), ("ZZ", None));
        assert!(odd > Id::parse("SWOT-9").unwrap() && odd < Id::parse("ZZZ-1").unwrap());
        assert!(Id::parse("CLM-9").unwrap() < Id::parse("INC-1").unwrap());
    }

    #[test]
    fn new_ids_are_padded_to_four_digits() {
        assert_eq!(Id::new(Kind::Risk, 7).as_str(), "RISK-0007");
        assert_eq!(Id::new(Kind::Claim, 12345).as_str(), "CLM-12345");
        assert_eq!(Id::new(Kind::Incident, 3).kind(), Some(Kind::Incident));
    }
}
