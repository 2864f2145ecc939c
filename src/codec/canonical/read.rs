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

/// Reads `text` when it is laid out as canonical text is; None for anything else.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let body = text.strip_suffix('\n')?;
    // Tabs, carriage returns and comments are for the crate: looked for in the whole text at
    // once (a comment's `#` starts a line, or follows a space, indentation's or not).
    if crate::codec::holds_byte(body, |b| matches!(b, b'\t' | b'\r'))
        || body
            .match_indices('#')
            .any(|(i, _)| i == 0 || matches!(body.as_bytes()[i - 1], b' ' | b'\n'))
    {
        return None;
    }
    let mut lines = Vec::with_capacity(64);
    for line in body.split('\n') {
        let content = line.trim_start_matches(' ');
        if content.is_empty() {
            return None; // a blank line is for the crate too
        }
        lines.push((line.len() - content.len(), content));
    }
    let mut parser = Parser { lines, at: 0 };
    let node = parser.block(0, 0)?;
    if parser.at != parser.lines.len() {
        return None;
    }
    T::deserialize(&node).ok()
}

/// How deep records nest, with room to spare; deeper text goes to the crate.
const MAX_DEPTH: usize = 16;

/// A value of the canonical subset: a scalar (plain or quoted), a map or a list.
#[derive(Debug)]
enum Node<'a> {
    Scalar { text: Cow<'a, str>, quoted: bool },
    Map(Vec<(Cow<'a, str>, Node<'a>)>),
    Seq(Vec<Node<'a>>),
}

/// Lines as (indent, content); an item's `- ` is consumed by moving its content right.
struct Parser<'a> {
    lines: Vec<(usize, &'a str)>,
    at: usize,
}

impl<'a> Parser<'a> {
    /// The block starting at the current line, which must be indented exactly `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        let &(at_indent, content) = self.lines.get(self.at)?;
        if at_indent != indent {
            return None;
        }
        if is_item(content) {
            self.seq(indent, depth)
        } else {
            self.map(indent, depth)
        }
    }

    fn seq(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut items = Vec::with_capacity(4);
        while let Some(&(at_indent, content)) = self.lines.get(self.at) {
            if at_indent != indent || !is_item(content) {
                break;
            }
            let rest = content.strip_prefix("- ")?;
            if is_item(rest) {
                return None; // a list in a list
            }
            if entry(rest).is_some() {
                // A map whose first key follows the `- `: read it as if on its own line.
                self.lines[self.at] = (indent + 2, rest);
                items.push(self.map(indent + 2, depth + 1)?);
            } else {
                items.push(scalar(rest)?);
                self.at += 1;
            }
        }
        Some(Node::Seq(items))
    }

    fn map(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        // Room for a record's keys at once (a claim has a dozen): the tree lives only while
        // the value is read from it.
        let mut entries = Vec::with_capacity(if depth == 0 { 24 } else { 8 });
        while let Some(&(at_indent, content)) = self.lines.get(self.at) {
            if at_indent < indent || at_indent == indent && is_item(content) {
                break;
            }
            if at_indent != indent {
                return None;
            }
            let (key, rest) = entry(content)?;
            self.at += 1;
            let value = match rest {
                "" => match self.lines.get(self.at) {
                    // A list under a key is not indented; a map under a key is.
                    Some(&(i, next)) if i == indent && is_item(next) => {
                        self.seq(indent, depth + 1)?
                    }
                    Some(&(i, _)) if i == indent + 2 => self.map(indent + 2, depth + 1)?,
                    _ => return None,
                },
                rest => scalar(rest.strip_prefix(' ')?)?,
            };
            entries.push((key, value));
        }
        Some(Node::Map(entries))
    }
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
    let colon = match content.find(": ") {
        Some(i) => i,
        None => content.strip_suffix(':')?.len(),
    };
    let key = &content[..colon];
    (!key.is_empty()).then_some((Cow::Borrowed(key), &content[colon + 1..]))
}

/// A scalar that fills the rest of a line: `{}`, `[]`, quoted or plain text.
fn scalar(text: &str) -> Option<Node<'_>> {
    match text {
        "" => None,
        "{}" => Some(Node::Map(Vec::new())),
        "[]" => Some(Node::Seq(Vec::new())),
        _ if text.starts_with('\'') => match quoted_prefix(text)? {
            (value, len) if len == text.len() => Some(Node::Scalar {
                text: value,
                quoted: true,
            }),
            _ => None,
        },
        _ => Some(Node::Scalar {
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

impl<'de> de::Deserializer<'de> for &Node<'_> {
    type Error = LeftToCrate;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LeftToCrate> {
        match self {
            Node::Scalar {
                text,
                quoted: false,
            } => visit_plain(text, visitor),
            Node::Scalar { text, quoted: true } => visitor.visit_str(text),
            Node::Map(entries) => visitor.visit_map(MapAccess {
                entries: entries.iter(),
                value: None,
            }),
            Node::Seq(items) => visitor.visit_seq(SeqAccess(items.iter())),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LeftToCrate> {
        match self {
            Node::Scalar { text, .. } => visitor.visit_str(text),
            _ => Err(LeftToCrate),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LeftToCrate> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LeftToCrate> {
        match self {
            Node::Scalar {
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
        match self {
            Node::Scalar { text, .. } => {
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

struct MapAccess<'n, 'a> {
    entries: std::slice::Iter<'n, (Cow<'a, str>, Node<'a>)>,
    value: Option<&'n Node<'a>>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'_, '_> {
    type Error = LeftToCrate;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, LeftToCrate> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let key: StrDeserializer<'_, LeftToCrate> = key.as_ref().into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, LeftToCrate> {
        seed.deserialize(self.value.take().ok_or(LeftToCrate)?)
    }
}

struct SeqAccess<'n, 'a>(std::slice::Iter<'n, Node<'a>>);

impl<'de> de::SeqAccess<'de> for SeqAccess<'_, '_> {
    type Error = LeftToCrate;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, LeftToCrate> {
        self.0.next().map(|node| seed.deserialize(node)).transpose()
    }
}
