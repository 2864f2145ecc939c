//! The records as serde types: settings, risks, incidents, claims, actions, money and ids.

pub mod action;
pub mod analysis;
pub mod appetite;
pub mod claim;
pub mod closed;
pub mod control;
pub mod date;
pub mod id;
pub mod incident;
pub mod money;
pub mod probability;
pub mod risk;
pub mod settings;

pub use action::{Action, ActionStatus};
pub use analysis::{Pestle, Swot};
pub use claim::Claim;
pub use id::{Id, Kind};
pub use incident::Incident;
pub use money::Money;
pub use probability::Probability;
pub use risk::Risk;
pub use settings::Settings;

/// A problem found while validating a record against the settings: the dotted key and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub key: String,
    pub message: String,
}

impl Problem {
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            key: key.into(),
            message: message.into(),
        }
    }
}

/// Checks that `value` is one of `allowed`, naming the nearest allowed value when it is not.
pub fn check_one_of<A: AsRef<str>>(
    problems: &mut Vec<Problem>,
    key: &str,
    value: &str,
    allowed: &[A],
) {
    if !allowed.iter().any(|a| a.as_ref() == value) {
        let allowed: Vec<&str> = allowed.iter().map(AsRef::as_ref).collect();
        let mut message = format!("`{value}` is not one of {}", allowed.join(", "));
        if let Some(near) = nearest(value, allowed.iter().copied()) {
            message.push_str(&format!(" (did you mean `{near}`?)"));
        }
        problems.push(Problem::new(key, message));
    }
}

/// The candidate closest to `word`, when it is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Reads an entry written either as text or as a map (a SWOT item, a lesson): text gives
/// `text(s)`; a map is read as `M`, not tried as one of several shapes (`untagged`), so a typo
/// in it is named with its key.
pub(crate) fn text_or_map<'de, D, M, T>(
    deserializer: D,
    expecting: &'static str,
    text: fn(String) -> T,
    map: fn(M) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    M: serde::Deserialize<'de>,
{
    struct TextOrMap<M, T> {
        expecting: &'static str,
        text: fn(String) -> T,
        map: fn(M) -> T,
    }
    impl<'de, M: serde::Deserialize<'de>, T> serde::de::Visitor<'de> for TextOrMap<M, T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.text)(v.to_string()))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            M::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(self.map)
        }
    }
    deserializer.deserialize_any(TextOrMap {
        expecting,
        text,
        map,
    })
}

/// A list read at its size. Reading a list, serde makes room for four items at the first one,
/// and most of a record's lists hold one (a claim's evidence, a risk's harms): at a million
/// records, the room left over was tens of MB (docs/performance.md, "Memory per record").
fn exact<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    let list = <Vec<T> as serde::Deserialize>::deserialize(deserializer)?;
    if list.capacity() == list.len() {
        return Ok(list);
    }
    // Moved to a list of its size (`shrink_to_fit` leaves a list in place when it would free
    // less than half: three actions in the room for four).
    let mut exact = Vec::with_capacity(list.len());
    exact.extend(list);
    Ok(exact)
}
