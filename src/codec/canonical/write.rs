//! A fast writer for canonical record text: byte for byte what the YAML crate's emitter writes,
//! for the values it is sure of (block maps and lists of plain or single-quoted scalars), and
//! `None` for anything else, which [`super::yaml::to_string`] then hands to the crate.
//!
//! The crate's emitter costs about 10 µs a record, most of `risk check` on a large register
//! (the `format` rule re-writes every record); this writer takes about a tenth of that. Debug
//! builds compare the two on every write, so the whole test suite checks that they agree.

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::{LeftToCrate, reads_as_bool, reads_as_null};

/// The canonical text of `value`, or None when this writer cannot be sure of it.
/// `money_mark` prefixes money amounts, which are written bare (`143.00`).
pub fn to_string<T: Serialize + ?Sized>(value: &T, money_mark: &str) -> Option<String> {
    let mut writer = Writer {
        out: String::with_capacity(512),
        stack: Vec::with_capacity(4),
        money_mark,
        key: false,
    };
    value.serialize(&mut writer).ok()?;
    Some(writer.out)
}

/// Where a value sits, which decides what comes before it.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    /// The document itself.
    Top,
    /// After `key:`.
    Value,
    /// After `- `.
    Item,
}

/// An open block collection: its indent, how many entries it has written, and where it sits.
struct Frame {
    map: bool,
    indent: usize,
    entries: usize,
    place: Place,
}

struct Writer<'m> {
    out: String,
    stack: Vec<Frame>,
    money_mark: &'m str,
    /// The next string is a map key.
    key: bool,
}

type Result<T = ()> = std::result::Result<T, LeftToCrate>;

impl Writer<'_> {
    fn place(&self) -> Place {
        match self.stack.last() {
            None => Place::Top,
            Some(frame) if frame.map => Place::Value,
            Some(_) => Place::Item,
        }
    }

    fn indent(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    /// Writes a scalar's text where the next value goes.
    fn scalar(&mut self, text: &str) -> Result {
        if self.key {
            return Err(LeftToCrate); // keys other than text
        }
        if self.place() == Place::Value {
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.out.push('\n');
        Ok(())
    }

    fn string(&mut self, value: &str) -> Result {
        if std::mem::take(&mut self.key) {
            if value.starts_with(self.money_mark) {
                return Err(LeftToCrate); // money as a key
            }
            // Longer keys are written as complex keys (`? key`).
            match style(value) {
                _ if value.len() > 128 => return Err(LeftToCrate),
                Some(Style::Plain) => self.out.push_str(value),
                Some(Style::SingleQuoted) => self.out.push_str(&quoted(value)),
                None => return Err(LeftToCrate),
            }
            self.out.push(':');
            return Ok(());
        }
        if let Some(amount) = value.strip_prefix(self.money_mark) {
            return self.scalar(amount);
        }
        match style(value) {
            Some(Style::Plain) => self.scalar(value),
            Some(Style::SingleQuoted) => self.scalar(&quoted(value)),
            None => Err(LeftToCrate),
        }
    }

    fn open(&mut self, map: bool) -> Result<&mut Self> {
        if self.key {
            return Err(LeftToCrate);
        }
        let place = self.place();
        let indent = match (place, self.stack.last()) {
            (Place::Top, _) | (_, None) => 0,
            // Nested lists are rare in records, and laid out differently: leave them.
            (Place::Item, _) if !map => return Err(LeftToCrate),
            (Place::Item, Some(parent)) => parent.indent + 2,
            // A list under a key is not indented; a map under a key is.
            (Place::Value, Some(parent)) => parent.indent + if map { 2 } else { 0 },
        };
        self.stack.push(Frame {
            map,
            indent,
            entries: 0,
            place,
        });
        Ok(self)
    }

    /// Starts an entry of the innermost collection: a key's line or an item's `- `.
    fn entry(&mut self) {
        let frame = self
            .stack
            .last_mut()
            .expect("an entry belongs to an open collection");
        let (first, indent, place, map) =
            (frame.entries == 0, frame.indent, frame.place, frame.map);
        frame.entries += 1;
        match (first, place) {
            // A map's first key follows its `- ` on the same line.
            (true, Place::Item) => {}
            (true, Place::Value) => {
                self.out.push('\n');
                self.indent(indent);
            }
            _ => self.indent(indent),
        }
        if !map {
            self.out.push_str("- ");
        }
    }

    fn close(&mut self) -> Result {
        let frame = self.stack.pop().expect("closes what was opened");
        if frame.entries == 0 {
            if frame.place == Place::Value {
                self.out.push(' ');
            }
            self.out.push_str(if frame.map { "{}\n" } else { "[]\n" });
        }
        Ok(())
    }
}

#[derive(Debug, PartialEq)]
enum Style {
    Plain,
    SingleQuoted,
}

/// How the crate writes a string that fits on one line: plain, unless the emitter needs quotes
/// (an indicator, a leading or trailing space) or YAML would read it as something else
/// (`'2024'`, `'true'`). None for line breaks and characters the emitter escapes.
fn style(value: &str) -> Option<Style> {
    if value.is_empty() {
        return Some(Style::SingleQuoted);
    }
    if !value
        .chars()
        .all(|c| matches!(c, ' '..='~') || printable_beyond_ascii(c))
    {
        return None;
    }
    if !plain_allowed(value) || reads_as_other(value)? {
        Some(Style::SingleQuoted)
    } else {
        Some(Style::Plain)
    }
}

/// The emitter's test for plain text in block context (libyaml `analyze_scalar`), for one line
/// of printable characters.
fn plain_allowed(value: &str) -> bool {
    let bytes = value.as_bytes();
    let spaced = |i: usize| bytes.get(i).is_none_or(|b| *b == b' ');
    if value.starts_with(['-', '.']) && (value.starts_with("---") || value.starts_with("...")) {
        return false; // a document marker
    }
    if value.starts_with(' ') || value.ends_with(' ') {
        return false;
    }
    match bytes[0] {
        b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' => return false,
        b'?' | b':' | b'-' if spaced(1) => return false,
        _ => {}
    }
    !(1..bytes.len()).any(|i| match bytes[i] {
        b':' => spaced(i + 1),
        b'#' => bytes[i - 1] == b' ',
        _ => false,
    })
}

/// Whether the YAML crate reads the text as null, a boolean or a number, which it then quotes;
/// None for number-like text this writer does not try to judge (`1e3`, `+.5`, `0x1F`).
fn reads_as_other(value: &str) -> Option<bool> {
    if reads_as_null(value) || reads_as_bool(value).is_some() {
        return Some(true);
    }
    let bytes = value.as_bytes();
    if !(bytes[0].is_ascii_digit() || matches!(bytes[0], b'+' | b'-' | b'.')) {
        return Some(false); // no number starts with a letter (`inf` and `nan` read as text)
    }
    if bytes.iter().all(u8::is_ascii_digit) {
        // Digits with a leading zero, or a number; past f64's range they are text again.
        let leading_zero = bytes.len() > 1 && bytes[0] == b'0';
        return Some(leading_zero || value.parse::<f64>().is_ok_and(f64::is_finite));
    }
    // A date, or text with a character no number holds, is surely text.
    let date = bytes.len() >= 10
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let not_number = bytes
        .iter()
        .any(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_')));
    (date || not_number).then_some(false)
}

/// Single-quoted text: a quote inside is written twice.
fn quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Characters beyond ASCII that the emitter writes as they are: printable, and not a line break.
fn printable_beyond_ascii(c: char) -> bool {
    matches!(c as u32,
        0xA0..=0xD7FF if !matches!(c, '\u{2028}' | '\u{2029}'))
        || matches!(c as u32, 0xE000..=0xFFFD if c != '\u{FEFF}')
        || c as u32 >= 0x10000
}

impl<'a, 'm> ser::Serializer for &'a mut Writer<'m> {
    type Ok = ();
    type Error = LeftToCrate;
    type SerializeSeq = Self;
    type SerializeTuple = Impossible<(), LeftToCrate>;
    type SerializeTupleStruct = Impossible<(), LeftToCrate>;
    type SerializeTupleVariant = Impossible<(), LeftToCrate>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), LeftToCrate>;

    fn serialize_bool(self, v: bool) -> Result {
        self.scalar(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result {
        self.scalar(&v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.scalar(&v.to_string())
    }
    fn serialize_f32(self, _: f32) -> Result {
        Err(LeftToCrate)
    }
    fn serialize_f64(self, _: f64) -> Result {
        Err(LeftToCrate)
    }
    fn serialize_char(self, _: char) -> Result {
        Err(LeftToCrate) // the crate always quotes a char
    }
    fn serialize_str(self, v: &str) -> Result {
        self.string(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(LeftToCrate)
    }
    fn serialize_none(self) -> Result {
        self.scalar("null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.scalar("null")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.scalar("null")
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result {
        Err(LeftToCrate) // written as a YAML tag (`!Variant value`)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self> {
        self.open(false)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(LeftToCrate)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(LeftToCrate)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(LeftToCrate)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self> {
        self.open(true)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self> {
        self.open(true)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(LeftToCrate)
    }
}

impl ser::SerializeSeq for &mut Writer<'_> {
    type Ok = ();
    type Error = LeftToCrate;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.entry();
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeMap for &mut Writer<'_> {
    type Ok = ();
    type Error = LeftToCrate;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.entry();
        self.key = true;
        key.serialize(&mut **self)?;
        if self.key {
            return Err(LeftToCrate); // the key was not written as text
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeStruct for &mut Writer<'_> {
    type Ok = ();
    type Error = LeftToCrate;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.entry();
        self.key = true;
        self.string(key)?;
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        self.close()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use proptest::sample::select;
    use serde::Serialize;

    use super::*;
    use crate::codec::yaml::emitted;

    /// The fast text when the writer takes the value, after checking it against the crate's.
    fn agree<T: Serialize>(value: &T) -> Option<String> {
        let fast = to_string(value, "\u{E000}mark");
        if let Some(text) = &fast {
            assert_eq!(text, &emitted(value), "for {:?}", emitted(value));
        }
        fast
    }

    /// A string as a value, a key, a list item and a key inside a list item.
    fn agree_everywhere(s: &str) -> bool {
        let as_value = agree(&BTreeMap::from([("k", s)]));
        let as_key = agree(&BTreeMap::from([(s, "v")]));
        let as_item = agree(&BTreeMap::from([("k", vec![s])]));
        let in_item = agree(&BTreeMap::from([("k", vec![BTreeMap::from([(s, s)])])]));
        agree(&s);
        as_value.is_some() && as_key.is_some() && as_item.is_some() && in_item.is_some()
    }

    const TRICKY: &[&str] = &[
        "",
        " ",
        "a ",
        " a",
        "a  b",
        "a:b",
        "a: b",
        "a:",
        ":a",
        ": a",
        "?x",
        "? x",
        "-x",
        "- x",
        "-",
        "--",
        "---",
        "---x",
        "...x",
        "..",
        "a #b",
        "a#b",
        "#",
        "' x",
        "it's",
        "'quoted'",
        "\"q\"",
        "x\"",
        "0",
        "1",
        "007",
        "-1",
        "+1",
        "1.5",
        "1e3",
        "1_000",
        "0x1F",
        "0o17",
        "0b1",
        "2024-05-13",
        "2024-05-13T10:00:00Z",
        "2024-05-13 10:00",
        "12:30",
        "1 2",
        "inf",
        ".inf",
        "-.inf",
        "nan",
        ".NaN",
        "Infinity",
        "~",
        "~x",
        "null",
        "Null",
        "nULL",
        "true",
        "TRUE",
        "tRue",
        "yes",
        "no",
        "on",
        "y",
        "é",
        "遅延",
        "🚆 x",
        "\u{A0}x",
        "x\u{A0}",
        "\u{FEFF}x",
        "x\u{85}",
        "a\u{2028}b",
        "\u{E000}",
        "tab\there",
        "multi\nline",
        "end\n",
        "cr\r",
        "[x]",
        "x[y]",
        "x{y}",
        "x,y",
        ",x",
        "x?",
        "@x",
        "x@y",
        "`x",
        "%x",
        "!x",
        "!",
        "&x",
        "*x",
        "|x",
        ">x",
        "<<",
        "=",
        "x=y",
        "\\",
        "C:\\path",
        "http://x.y/z?a=b#c",
        "a: b: c",
        "£120",
        "€",
        "CUST-815609",
        "A1",
        "RISK-0001",
        "Delay of more than three hours, overnight",
    ];

    #[test]
    fn digits_past_the_range_of_f64_are_text_and_written_plain() {
        for digits in [39, 308, 309, 400] {
            for first in ["1", "2"] {
                let s = format!("{first}{}", "0".repeat(digits - 1));
                assert!(agree(&BTreeMap::from([("k", s.as_str())])).is_some());
            }
        }
        let long = format!("2{}", "0".repeat(308));
        assert_eq!(agree(&vec![long.as_str()]), Some(format!("- {long}\n")));
    }

    #[test]
    fn chars_and_money_keys_are_left_to_the_crate() {
        assert_eq!(agree(&BTreeMap::from([("k", 'a')])), None);
        assert_eq!(
            to_string(&BTreeMap::from([("\u{E000}mark1.00", 1)]), "\u{E000}mark"),
            None
        );
    }

    #[test]
    fn tricky_strings_are_written_as_the_crate_writes_them_or_left_to_it() {
        for s in TRICKY {
            agree_everywhere(s);
        }
    }

    #[test]
    fn ordinary_text_quotes_and_dates_take_the_fast_path() {
        for s in [
            "CUST-815609",
            "Delay of more than three hours, overnight",
            "2024-05-13",
            "2026-03-02T14:05:00+01:00",
            "Rejected: fare refunded",
            "it's",
            "007",
            "true",
            "",
            "£120 for 遅延",
            "a #b",
            "- x",
        ] {
            assert!(agree_everywhere(s), "declined {s:?}");
        }
        for s in ["multi\nline", "tab\there", "1e3", "\u{FEFF}x"] {
            assert_eq!(agree(&s), None, "took {s:?}");
        }
    }

    #[derive(Serialize)]
    struct Doc {
        id: &'static str,
        count: u8,
        delta: i64,
        open: bool,
        none: Option<u8>,
        tags: Vec<&'static str>,
        empty_list: Vec<u8>,
        empty_map: BTreeMap<String, u8>,
        items: Vec<Item>,
        nested: Item,
    }

    #[derive(Serialize)]
    struct Item {
        title: &'static str,
        list: Vec<&'static str>,
        map: BTreeMap<&'static str, u8>,
        empty: Vec<u8>,
    }

    fn item(title: &'static str, full: bool) -> Item {
        Item {
            title,
            list: if full { vec!["a", "b c"] } else { vec![] },
            map: if full {
                BTreeMap::from([("x", 1), ("y", 2)])
            } else {
                BTreeMap::new()
            },
            empty: vec![],
        }
    }

    #[test]
    fn nested_maps_and_lists_are_laid_out_as_the_crate_lays_them_out() {
        let doc = Doc {
            id: "RISK-0001",
            count: 3,
            delta: -7,
            open: true,
            none: None,
            tags: vec!["a", "b"],
            empty_list: vec![],
            empty_map: BTreeMap::new(),
            items: vec![item("one", true), item("two", false)],
            nested: item("three", true),
        };
        let text = agree(&doc).expect("the writer takes block maps and lists");
        assert!(text.contains("items:\n- title: one\n  list:\n  - a\n  - b c\n  map:\n    x: 1\n"));
        assert_eq!(
            agree(&vec![item("x", true)]).as_deref().map(|t| &t[..10]),
            Some("- title: x")
        );
        assert_eq!(agree(&Vec::<u8>::new()).as_deref(), Some("[]\n"));
        assert_eq!(agree(&BTreeMap::<u8, u8>::new()).as_deref(), Some("{}\n"));
        assert_eq!(
            agree(&vec![vec![1]]),
            None,
            "lists of lists are left to the crate"
        );
    }

    fn text() -> impl Strategy<Value = String> {
        let chars = select(vec![
            'a', 'Z', '0', '7', ' ', ' ', ':', '#', '-', '.', '\'', '"', '?', ',', '[', '{', '!',
            '&', '*', '|', '>', '%', '@', '`', '~', '+', '_', 'e', 'x', '\\', 'é', '遅', '🚆',
            '\u{A0}', '\u{FEFF}', '\u{85}', '\n', '\t',
        ]);
        proptest::collection::vec(chars, 0..10).prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn any_string_is_written_as_the_crate_writes_it_or_left_to_it(s in text()) {
            agree_everywhere(&s);
        }
    }
}
