//! A fast reader for canonical text: the block maps and lists of plain and single-quoted
//! scalars that [`super::write`] writes for nearly every record, read without the YAML crate
//! (literal blocks, double quotes, explicit keys, lists of lists and tags are left to it). It is
//! only trusted together with a check that writing the value back gives the very same text (see
//! `yaml::read_canonical`): text that is the canonical form of a value reads back as that value
//! through the crate too, so a wrong reading here can only ever send a file down the crate's
//! slower path, never load it differently.

use std::borrow::Cow;

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

use super::{LeftToCrate, reads_as_bool, reads_as_null};

/// Reads `text` when it is laid out as canonical text is; None for anything else. The text is
/// read as the value is made, line by line, with no tree in between; tabs, returns, comments
/// and blank lines all end in a value that does not write back as the text, so they need no
/// look of their own. With the value, the lines the text's top-level keys start on.
pub fn from_str_keyed<T: DeserializeOwned>(text: &str) -> Option<(T, KeyLines)> {
    let body = text.strip_suffix('\n')?;
    let mut reader = Reader::new(body);
    let top = match reader.line {
        Some(line) if is_item(line.content) => Pending::Seq(0),
        _ => Pending::Map(0),
    };
    let value = T::deserialize(Value {
        reader: &mut reader,
        pending: top,
        depth: 0,
    })
    .ok()?;
    if reader.line.is_some() {
        return None;
    }
    let steps = (!reader.too_many).then(|| Box::from(&reader.steps[..reader.keys]));
    Some((value, KeyLines(steps)))
}

/// The lines a text's top-level keys start on, in their order: each as the lines since the one
/// before (one byte each). None past 255 lines between two keys, or past 64 keys.
/// (`KeyLines::default()`: not known.)
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyLines(Option<Box<[u8]>>);

impl KeyLines {
    /// The line the `index`th top-level key starts on (1 for the first key of a record), of
    /// `keys` keys in all; None when they are not known, or when there are not `keys` keys.
    pub fn line(&self, index: usize, keys: usize) -> Option<usize> {
        let steps = self.0.as_deref()?;
        (steps.len() == keys && index < keys)
            .then(|| steps[..=index].iter().map(|&s| usize::from(s)).sum())
    }
}

/// How deep records nest, with room to spare; deeper text goes to the crate.
const MAX_DEPTH: usize = 16;

/// A line of the text: its indent and what follows it.
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    content: &'a str,
}

/// The text from the current line on. An item's `- ` is consumed by moving its content right.
struct Reader<'a> {
    /// The current line, None at the end.
    line: Option<Line<'a>>,
    /// What follows the current line.
    rest: Option<&'a str>,
    /// The current line's number (1 for the first).
    number: usize,
    /// The top-level keys read so far, each as the lines since the one before, in as many
    /// bytes of `steps` as there are keys; `too_many` past 255 lines apart or 64 keys.
    steps: [u8; 64],
    keys: usize,
    last_key: usize,
    too_many: bool,
}

impl<'a> Reader<'a> {
    fn new(body: &'a str) -> Reader<'a> {
        let mut reader = Reader {
            line: None,
            rest: Some(body),
            number: 0,
            steps: [0; 64],
            keys: 0,
            last_key: 0,
            too_many: false,
        };
        reader.advance();
        reader
    }

    /// Moves to the next line.
    fn advance(&mut self) {
        self.number += 1;
        self.line = self.rest.map(|rest| {
            let bytes = rest.as_bytes();
            let (line, next) = match find_byte(bytes, b'\n') {
                Some(end) => (&rest[..end], Some(&rest[end + 1..])),
                None => (rest, None),
            };
            self.rest = next;
            let indent = bytes
                .iter()
                .take_while(|&&b| b == b' ')
                .count()
                .min(line.len());
            Line {
                indent,
                content: &line[indent..],
            }
        });
    }
}

/// A value whose text is known but not yet read: a scalar (plain or quoted) on its key's or
/// item's line, or a block map or list whose entries start at the current line.
enum Pending<'a> {
    Scalar { text: Cow<'a, str>, quoted: bool },
    Map(usize),
    Seq(usize),
}

/// An indent no line has: the collection written `{}` or `[]`, which has no entries.
const EMPTY: usize = usize::MAX;

/// The deserializer of one value.
struct Value<'r, 'a> {
    reader: &'r mut Reader<'a>,
    pending: Pending<'a>,
    depth: usize,
}

fn is_item(content: &str) -> bool {
    content.starts_with("- ")
}

/// Splits `key: rest` (or `key:` at the end of a line) into the key and what follows the colon.
fn entry(content: &str) -> Option<(Cow<'_, str>, &str)> {
    if content.starts_with('\'') {
        let (key, len) = quoted_prefix(content)?;
        let rest = content[len..].strip_prefix(':')?;
        return (rest.is_empty() || rest.starts_with(' ')).then_some((key, rest));
    }
    // The first `: `, else a `:` that ends the line.
    let bytes = content.as_bytes();
    let mut from = 0;
    let colon = loop {
        let at = from + find_byte(&bytes[from..], b':')?;
        if matches!(bytes.get(at + 1), Some(b' ') | None) {
            break at;
        }
        from = at + 1;
    };
    let key = &content[..colon];
    (!key.is_empty()).then_some((Cow::Borrowed(key), &content[colon + 1..]))
}

/// Where `byte` first is in `bytes`, eight bytes at a time ([`crate::words`]): lines are too
/// short for a search such as `memchr` to pay for setting itself up.
fn find_byte(bytes: &[u8], byte: u8) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let found = crate::words::equal(crate::words::word(chunk), byte);
        if found != 0 {
            return Some(base + found.trailing_zeros() as usize / 8);
        }
        base += 8;
    }
    let rest = chunks.remainder().iter().position(|&b| b == byte)?;
    Some(base + rest)
}

/// A scalar that fills the rest of a line: `{}`, `[]`, quoted or plain text.
fn scalar(text: &str) -> Option<Pending<'_>> {
    match text {
        "" => None,
        "{}" => Some(Pending::Map(EMPTY)),
        "[]" => Some(Pending::Seq(EMPTY)),
        _ if text.starts_with('\'') => match quoted_prefix(text)? {
            (value, len) if len == text.len() => Some(Pending::Scalar {
                text: value,
                quoted: true,
            }),
            _ => None,
        },
        _ => Some(Pending::Scalar {
            text: Cow::Borrowed(text),
            quoted: false,
        }),
    }
}

/// A single-quoted string at the start of `text` (`''` is a quote), and the bytes it took.
fn quoted_prefix(text: &str) -> Option<(Cow<'_, str>, usize)> {
    let inner = text.strip_prefix('\'')?;
    let mut end = 0;
    let mut doubled = false;
    loop {
        let next = end + inner[end..].find('\'')?;
        if inner[next + 1..].starts_with('\'') {
            doubled = true;
            end = next + 2;
        } else {
            end = next;
            break;
        }
    }
    let raw = &inner[..end];
    let value = if doubled {
        Cow::Owned(raw.replace("''", "'"))
    } else {
        Cow::Borrowed(raw)
    };
    Some((value, end + 2))
}

/// What a plain scalar means to YAML, as far as this reader needs to tell.
fn visit_plain<'de, V: Visitor<'de>>(text: &str, visitor: V) -> Result<V::Value, LeftToCrate> {
    if reads_as_null(text) {
        return visitor.visit_unit();
    }
    if let Some(b) = reads_as_bool(text) {
        return visitor.visit_bool(b);
    }
    if text.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.') {
        // Canonical text writes numbers in decimal; anything fancier goes to the crate.
        if let Ok(n) = text.parse::<u64>() {
            return visitor.visit_u64(n);
        }
        if let Ok(n) = text.parse::<i64>() {
            return visitor.visit_i64(n);
        }
        if let Ok(f) = text.parse::<f64>()
            && f.is_finite()
        {
            return visitor.visit_f64(f);
        }
    }
    visitor.visit_str(text)
}

impl<'de> de::Deserializer<'de> for Value<'_, '_> {
    type Error = LeftToCrate;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LeftToCrate> {
        if self.depth > MAX_DEPTH {
            return Err(LeftToCrate);
        }
        let depth = self.depth + 1;
        match self.pending {
            Pending::Scalar {
                text,
                quoted: false,
            } => visit_plain(&text, visitor),
            Pending::Scalar { text, quoted: true } => visitor.visit_str(&text),
            Pending::Map(indent) => visitor.visit_map(MapAccess {
                reader: self.reader,
                indent,
                depth,
                value: None,
            }),
            Pending::Seq(indent) => visitor.visit_seq(SeqAccess {
                reader: self.reader,
                indent,
                depth,
            }),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LeftToCrate> {
        match self.pending {
            Pending::Scalar { text, .. } => visitor.visit_str(&text),
            _ => Err(LeftToCrate),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LeftToCrate> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LeftToCrate> {
        match &self.pending {
            Pending::Scalar {
                text,
                quoted: false,
            } if reads_as_null(text) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, LeftToCrate> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, LeftToCrate> {
        match self.pending {
            Pending::Scalar { text, .. } => {
                let variant: StrDeserializer<'_, LeftToCrate> = text.as_ref().into_deserializer();
                visitor.visit_enum(variant)
            }
            _ => Err(LeftToCrate), // tagged variants are written as YAML tags; not canonical here
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// The entries of a block map at `indent`, read as they are asked for.
struct MapAccess<'r, 'a> {
    reader: &'r mut Reader<'a>,
    indent: usize,
    depth: usize,
    value: Option<Pending<'a>>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'_, '_> {
    type Error = LeftToCrate;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, LeftToCrate> {
        let Some(Line { indent, content }) = self.reader.line else {
            return Ok(None);
        };
        if indent < self.indent || indent == self.indent && is_item(content) {
            return Ok(None);
        }
        if indent != self.indent {
            return Err(LeftToCrate);
        }
        let (key, rest) = entry(content).ok_or(LeftToCrate)?;
        if self.depth == 1 {
            // A key of the top-level map (values and items are deeper).
            let reader = &mut *self.reader;
            match (
                reader.steps.get_mut(reader.keys),
                u8::try_from(reader.number - reader.last_key),
            ) {
                (Some(step), Ok(lines)) => *step = lines,
                _ => reader.too_many = true,
            }
            reader.keys += 1;
            reader.last_key = reader.number;
        }
        self.reader.advance();
        self.value = Some(match rest {
            "" => match self.reader.line {
                // A list under a key is not indented; a map under a key is.
                Some(next) if next.indent == indent && is_item(next.content) => {
                    Pending::Seq(indent)
                }
                Some(next) if next.indent == indent + 2 => Pending::Map(indent + 2),
                _ => return Err(LeftToCrate),
            },
            rest => scalar(rest.strip_prefix(' ').ok_or(LeftToCrate)?).ok_or(LeftToCrate)?,
        });
        let key: StrDeserializer<'_, LeftToCrate> = key.as_ref().into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, LeftToCrate> {
        seed.deserialize(Value {
            reader: self.reader,
            pending: self.value.take().ok_or(LeftToCrate)?,
            depth: self.depth,
        })
    }
}

/// The items of a block list at `indent`, read as they are asked for.
struct SeqAccess<'r, 'a> {
    reader: &'r mut Reader<'a>,
    indent: usize,
    depth: usize,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_, '_> {
    type Error = LeftToCrate;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, LeftToCrate> {
        let Some(Line { indent, content }) = self.reader.line else {
            return Ok(None);
        };
        if indent != self.indent || !is_item(content) {
            return Ok(None);
        }
        let rest = &content[2..];
        if is_item(rest) {
            return Err(LeftToCrate); // a list in a list
        }
        let pending = if entry(rest).is_some() {
            // A map whose first key follows the `- `: read it as if on its own line.
            self.reader.line = Some(Line {
                indent: indent + 2,
                content: rest,
            });
            Pending::Map(indent + 2)
        } else {
            let pending = scalar(rest).ok_or(LeftToCrate)?;
            self.reader.advance();
            pending
        };
        seed.deserialize(Value {
            reader: self.reader,
            pending,
            depth: self.depth,
        })
        .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_byte_is_found_where_a_search_byte_by_byte_finds_it(
            bytes in proptest::collection::vec(proptest::sample::select(vec![b'a', b':', b'\n', 0, 1, 0x80, 0xff, b' ']), 0..40),
            byte in proptest::sample::select(vec![b':', b'\n', 0, 0x80]),
        ) {
            proptest::prop_assert_eq!(find_byte(&bytes, byte), bytes.iter().position(|&b| b == byte));
        }
    }
}
