//! The canonical writer: the one way `risk` writes a value as YAML (DESIGN 1.2), for every value
//! serde can hand it. Block maps and lists, two-space indent, a list under a key not indented,
//! empty collections as `{}` and `[]`, money bare (`143.00`), a trailing newline.
//!
//! The layout is the one the YAML crate's emitter used to write, so files written by earlier
//! versions stay canonical byte for byte. How a string is written:
//! - plain when YAML reads it back as that text: not empty, no indicator or `: `/` #` that
//!   would change its meaning, no leading or trailing space, and not a word the YAML crate
//!   reads as null, a boolean or a number (`null`, `True`, `007`, `1e3`, `0x1F`, `.inf`);
//! - else single-quoted (`'it''s'`), when it is one line of printable characters;
//! - else, when it holds line breaks (`\n` only) and is otherwise printable, as a literal block
//!   (`|-`, `|` or `|+` by its trailing breaks, with an indent hint `|2-` when it starts with a
//!   space or a break), unless a line ends in a space: a block would lose it;
//! - else double-quoted with escapes: `\n`, `\t`, `\r`, `\0`, `\e`, `\"`, `\\`, `\N` (U+0085),
//!   `\L`/`\P` (U+2028/2029) and `\xNN`/`\uNNNN`/`\UNNNNNNNN` for other control and non-printable
//!   characters (U+FEFF included), the escapes the crate's emitter chose.
//!
//! Where the crate's emitter wrote something this writer does not: text with U+2028 or U+2029
//! is double-quoted (the crate put them raw inside single quotes or a literal block, where they
//! read as line breaks), a char that is a line break is double-quoted, bytes are a list of
//! numbers (the crate refused them), and an enum variant inside another is a one-key map under
//! the outer tag (the crate refused it; the crate cannot read nested enums either way).
//! Floats are written as the crate wrote them (ryu's shortest form: `0.1`, `1e16`, `.nan`).
//!
//! Keys: a key of one line and at most 128 bytes is written `key: value`; a longer one, one with
//! line breaks, or a non-empty list or map is an explicit key (`? key` then `: value`), laid out
//! like a list item. Enum variants that carry data are YAML tags (`!Variant value`), as the
//! crate reads them.
//!
//! The writer costs about a microsecond a record, a tenth of the crate's emitter; `risk check`
//! re-writes every record (the `format` rule).

use std::fmt::Write as _;

use serde::Serialize;
use serde::ser;

use super::{reads_as_bool, reads_as_null};
use crate::model::money::MONEY_TOKEN;

/// The canonical text of `value`. Fails only when the value's own `Serialize` fails.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut writer = Writer {
        out: String::with_capacity(512),
        stack: Vec::with_capacity(4),
        tag: None,
        bare: false,
        explicit: false,
        entries: 0,
        scalar_len: 0,
        scalar_breaks: false,
    };
    value.serialize(&mut writer)?;
    Ok(writer.out)
}

/// A value whose `Serialize` reported an error of its own.
#[derive(Debug)]
pub struct WriteError(String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        WriteError(msg.to_string())
    }
}

/// Where a value sits, which decides what comes before it.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    /// The document itself.
    Top,
    /// After `key:`.
    Value,
    /// After `- `, `? ` or an explicit key's `: `.
    Item,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Map,
    Seq,
    /// The one node after `? ` or an explicit key's `: `, at the indent of its map.
    Slot,
}

/// An open block collection (or slot): its indent, how many entries it has written, whether its
/// first entry starts a new line, and whether an empty one is written after a space.
struct Frame {
    kind: Kind,
    indent: usize,
    entries: usize,
    break_first: bool,
    spaced: bool,
    /// Also closes the one-key map that holds a nested enum variant.
    wrapped: bool,
}

struct Writer {
    out: String,
    stack: Vec<Frame>,
    /// A variant's tag, written where the next node starts.
    tag: Option<&'static str>,
    /// The next string is money, written bare.
    bare: bool,
    /// The next map value follows an explicit key (`? key`).
    explicit: bool,
    /// Collection entries written so far: a key that wrote any is not a simple key.
    entries: usize,
    /// Bytes of scalars and tags written, and whether any held a line break (for keys).
    scalar_len: usize,
    scalar_breaks: bool,
}

type Result<T = ()> = std::result::Result<T, WriteError>;

/// The longest key written `key: value`; the crate's emitter made longer ones explicit.
const MAX_SIMPLE_KEY: usize = 128;

impl Writer {
    fn place(&self) -> Place {
        match self.stack.last() {
            None => Place::Top,
            Some(frame) if frame.kind == Kind::Map => Place::Value,
            Some(_) => Place::Item,
        }
    }

    fn indent(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    /// Starts a node where the next value goes, writing a pending tag; says whether what follows
    /// on this line (a scalar, `{}`, `[]`) needs a space before it.
    fn node_start(&mut self) -> bool {
        let place = self.place();
        match self.tag.take() {
            Some(tag) => {
                if place == Place::Value {
                    self.out.push(' ');
                }
                let start = self.out.len();
                write_tag(&mut self.out, tag);
                self.scalar_len += self.out.len() - start;
                true
            }
            None => place == Place::Value,
        }
    }

    /// Writes a scalar's text where the next value goes, and ends its line.
    fn scalar(&mut self, text: &str) -> Result {
        if self.node_start() {
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.out.push('\n');
        self.scalar_len += text.len();
        Ok(())
    }

    fn string(&mut self, value: &str) -> Result {
        if std::mem::take(&mut self.bare) {
            return self.scalar(value);
        }
        let style = style(value);
        if self.node_start() {
            self.out.push(' ');
        }
        self.scalar_len += value.len();
        match style {
            Style::Plain => self.out.push_str(value),
            Style::SingleQuoted => single_quoted(&mut self.out, value),
            Style::DoubleQuoted => double_quoted(&mut self.out, value),
            Style::Literal => {
                // Its lines sit one step in from the collection that holds it.
                let indent = self.stack.last().map_or(2, |frame| frame.indent + 2);
                self.literal(value, indent);
            }
        }
        self.scalar_breaks |= style == Style::Literal || value.contains(is_break);
        self.out.push('\n');
        Ok(())
    }

    /// A literal block scalar, without its final line end.
    fn literal(&mut self, value: &str, indent: usize) {
        self.out.push('|');
        if value.starts_with([' ', '\n']) {
            self.out.push('2'); // the lines' indent, which the first line cannot show
        }
        if !value.ends_with('\n') {
            self.out.push('-');
        } else if value == "\n" || value.ends_with("\n\n") {
            self.out.push('+');
        }
        let body = value.strip_suffix('\n').unwrap_or(value);
        for line in body.split('\n') {
            self.out.push('\n');
            if !line.is_empty() {
                self.indent(indent);
                self.out.push_str(line);
            }
        }
    }

    fn open(&mut self, kind: Kind) -> Result<&mut Self> {
        let place = self.place();
        let tagged = self.tag.is_some();
        let spaced = self.node_start();
        let indent = match (place, self.stack.last()) {
            (Place::Top, _) | (_, None) => 0,
            (Place::Item, Some(parent)) => parent.indent + 2,
            // A list under a key is not indented; a map under a key is.
            (Place::Value, Some(parent)) => parent.indent + if kind == Kind::Map { 2 } else { 0 },
        };
        self.stack.push(Frame {
            kind,
            indent,
            entries: 0,
            // After `- ` the first entry follows on the same line, unless a tag is in the way.
            break_first: place == Place::Value || tagged,
            spaced,
            wrapped: false,
        });
        Ok(self)
    }

    /// Starts an entry of the innermost collection: a key's line or an item's `- `.
    fn entry(&mut self) {
        let frame = self
            .stack
            .last_mut()
            .expect("an entry belongs to an open collection");
        let (first, indent, break_first, kind) = (
            frame.entries == 0,
            frame.indent,
            frame.break_first,
            frame.kind,
        );
        frame.entries += 1;
        self.entries += 1;
        if !first || break_first {
            if first {
                self.out.push('\n');
            }
            self.indent(indent);
        }
        if kind == Kind::Seq {
            self.out.push_str("- ");
        }
    }

    fn close(&mut self) -> Result {
        let frame = self.stack.pop().expect("closes what was opened");
        if frame.entries == 0 {
            if frame.spaced {
                self.out.push(' ');
            }
            self.out.push_str(if frame.kind == Kind::Map {
                "{}\n"
            } else {
                "[]\n"
            });
        }
        if frame.wrapped {
            self.close()?;
        }
        Ok(())
    }

    /// Writes a map key after its entry has started: `key:` when it is a simple key,
    /// else `? key` on lines of its own, and the value will follow an explicit `: `.
    fn key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        let indent = self.stack.last().map_or(0, |frame| frame.indent);
        let start = self.out.len();
        let entries = self.entries;
        self.scalar_len = 0;
        self.scalar_breaks = false;
        self.slot(indent, key)?;
        if self.entries == entries && !self.scalar_breaks && self.scalar_len <= MAX_SIMPLE_KEY {
            self.out.pop(); // the key's line end
            self.out.push(':');
        } else {
            self.out.insert_str(start, "? ");
            self.indent(indent);
            self.out.push_str(": ");
            self.explicit = true;
        }
        Ok(())
    }

    /// A struct's field name: nearly always plain, written without a detour.
    fn field_key(&mut self, key: &'static str) -> Result {
        if key.len() <= MAX_SIMPLE_KEY && style(key) == Style::Plain {
            self.out.push_str(key);
            self.out.push(':');
            return Ok(());
        }
        self.key(key)
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        if std::mem::take(&mut self.explicit) {
            let indent = self.stack.last().map_or(0, |frame| frame.indent);
            return self.slot(indent, value);
        }
        value.serialize(self)
    }

    /// Writes one node as if after `- ` in a list at `indent`, without the list.
    fn slot<T: Serialize + ?Sized>(&mut self, indent: usize, node: &T) -> Result {
        self.stack.push(Frame {
            kind: Kind::Slot,
            indent,
            entries: 0,
            break_first: false,
            spaced: false,
            wrapped: false,
        });
        let result = node.serialize(&mut *self);
        self.stack.pop();
        result
    }

    /// Where a variant carries data: its tag on the next node, or, inside another variant's
    /// tag, a one-key map `variant: ...` (a node has one tag).
    fn variant(&mut self, variant: &'static str) -> Result<bool> {
        if self.tag.is_none() {
            self.tag = Some(variant);
            return Ok(false);
        }
        self.open(Kind::Map)?;
        self.entry();
        self.field_key(variant)?;
        Ok(true)
    }

    fn number(&mut self, text: impl std::fmt::Display) -> Result {
        let mut buffer = String::new();
        write!(buffer, "{text}").expect("writing to a String");
        self.scalar(&buffer)
    }
}

/// `!tag`, with the characters a tag cannot hold %-escaped, as the crate's emitter wrote them.
fn write_tag(out: &mut String, tag: &str) {
    out.push('!');
    for c in tag.strip_prefix('!').unwrap_or(tag).chars() {
        if c.is_ascii_alphanumeric() || ";/?:@&=+$,_.~*'()[]-".contains(c) {
            out.push(c);
        } else {
            for byte in c.encode_utf8(&mut [0; 4]).bytes() {
                write!(out, "%{byte:02X}").expect("writing to a String");
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Style {
    Plain,
    SingleQuoted,
    Literal,
    DoubleQuoted,
}

/// How a string is written (see the module header).
fn style(value: &str) -> Style {
    if value.is_empty() {
        return Style::SingleQuoted;
    }
    let mut lines = false;
    for c in value.chars() {
        match c {
            ' '..='~' => {}
            '\n' => lines = true,
            c if printable_beyond_ascii(c) => {}
            _ => return Style::DoubleQuoted,
        }
    }
    if lines {
        // A block keeps neither a space at a line's end nor one at the very end.
        if value.ends_with(' ') || value.contains(" \n") {
            Style::DoubleQuoted
        } else {
            Style::Literal
        }
    } else if !plain_allowed(value) || reads_as_other(value) {
        Style::SingleQuoted
    } else {
        Style::Plain
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

/// Whether the YAML crate reads the plain text as something other than text: null, a boolean,
/// an integer (decimal, `0x`, `0o`, `0b`, to 128 bits), a float (`1e3`, `.5`, `.inf`, `.nan`),
/// or digits with a leading zero, which it keeps as text only when quoted.
fn reads_as_other(value: &str) -> bool {
    reads_as_null(value)
        || reads_as_bool(value).is_some()
        || digits_with_leading_zero(value)
        || reads_as_integer(value)
        || reads_as_float(value)
}

fn digits_with_leading_zero(value: &str) -> bool {
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

fn reads_as_integer(value: &str) -> bool {
    const RADIXES: [(&str, u32); 3] = [("0x", 16), ("0o", 8), ("0b", 2)];
    let unsigned = value.strip_prefix('+').unwrap_or(value);
    for (prefix, radix) in RADIXES {
        if let Some(rest) = unsigned.strip_prefix(prefix)
            && !rest.starts_with(['+', '-'])
            && u128::from_str_radix(rest, radix).is_ok()
        {
            return true;
        }
        if let Some(rest) = value.strip_prefix('-').and_then(|v| v.strip_prefix(prefix))
            && i128::from_str_radix(&format!("-{rest}"), radix).is_ok()
        {
            return true;
        }
    }
    (!unsigned.starts_with(['+', '-']) && unsigned.parse::<u128>().is_ok())
        || value.parse::<i128>().is_ok()
}

fn reads_as_float(value: &str) -> bool {
    let unsigned = match value.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return false,
        Some(rest) => rest,
        None => value,
    };
    matches!(unsigned, ".inf" | ".Inf" | ".INF")
        || matches!(
            value,
            "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN"
        )
        || unsigned.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Single-quoted text: a quote inside is written twice.
fn single_quoted(out: &mut String, value: &str) {
    out.push('\'');
    for (i, part) in value.split('\'').enumerate() {
        if i > 0 {
            out.push_str("''");
        }
        out.push_str(part);
    }
    out.push('\'');
}

/// Double-quoted text, with the escapes the crate's emitter wrote.
fn double_quoted(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            ' '..='~' => {
                out.push(c);
                continue;
            }
            c if printable_beyond_ascii(c) => {
                out.push(c);
                continue;
            }
            '\0' => "\\0",
            '\u{7}' => "\\a",
            '\u{8}' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\u{B}' => "\\v",
            '\u{C}' => "\\f",
            '\r' => "\\r",
            '\u{1B}' => "\\e",
            '\u{85}' => "\\N",
            '\u{2028}' => "\\L",
            '\u{2029}' => "\\P",
            c => {
                let n = c as u32;
                let _ = match n {
                    0..=0xFF => write!(out, "\\x{n:02X}"),
                    0x100..=0xFFFF => write!(out, "\\u{n:04X}"),
                    _ => write!(out, "\\U{n:08X}"),
                };
                continue;
            }
        };
        out.push_str(escape);
    }
    out.push('"');
}

/// Characters beyond ASCII that are written as they are: printable, and not a line break.
fn printable_beyond_ascii(c: char) -> bool {
    matches!(c as u32,
        0xA0..=0xD7FF if !matches!(c, '\u{2028}' | '\u{2029}'))
        || matches!(c as u32, 0xE000..=0xFFFD if c != '\u{FEFF}')
        || c as u32 >= 0x10000
}

/// Characters YAML reads as a line break.
fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// A float as the crate's emitter wrote it (ryu): the shortest digits that read back as the
/// same number, as a decimal while the point is near, else with an exponent (`1e16`, `1.5e-7`).
fn float(value: f64, shortest: &str, max_point: i32, min_point: i32) -> String {
    if value.is_nan() {
        return ".nan".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    // `shortest` is Rust's `{:e}`: `-1.5e-7`, the same digits ryu finds.
    let (mantissa, exponent) = shortest.split_once('e').expect("`{:e}` has an exponent");
    let exponent: i32 = exponent.parse().expect("`{:e}` has a decimal exponent");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let len = digits.len() as i32;
    // The value is 0.DIGITS × 10^point.
    let point = exponent + 1;
    let body = if point >= len && point <= max_point {
        format!("{digits}{}.0", "0".repeat((point - len) as usize))
    } else if 0 < point && point <= max_point {
        let (whole, frac) = digits.split_at(point as usize);
        format!("{whole}.{frac}")
    } else if min_point < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat(-point as usize))
    } else if len == 1 {
        format!("{digits}e{}", point - 1)
    } else {
        format!("{}.{}e{}", &digits[..1], &digits[1..], point - 1)
    };
    format!("{sign}{body}")
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

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
        self.number(v)
    }
    fn serialize_i128(self, v: i128) -> Result {
        self.number(v)
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
        self.number(v)
    }
    fn serialize_u128(self, v: u128) -> Result {
        self.number(v)
    }
    fn serialize_f32(self, v: f32) -> Result {
        self.scalar(&float(v.into(), &format!("{v:e}"), 13, -6))
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.scalar(&float(v, &format!("{v:e}"), 16, -5))
    }
    fn serialize_char(self, v: char) -> Result {
        // Always quoted, as the crate wrote a char.
        let mut text = String::with_capacity(6);
        if matches!(v, ' '..='~') || printable_beyond_ascii(v) {
            single_quoted(&mut text, v.encode_utf8(&mut [0; 4]));
        } else {
            double_quoted(&mut text, v.encode_utf8(&mut [0; 4]));
        }
        self.scalar_breaks |= is_break(v);
        self.scalar(&text)
    }
    fn serialize_str(self, v: &str) -> Result {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            seq.serialize_element(byte)?;
        }
        seq.end()
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
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result {
        self.bare = name == MONEY_TOKEN;
        value.serialize(&mut *self)?;
        self.bare = false;
        Ok(())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        if self.variant(variant)? {
            value.serialize(&mut *self)?;
            return self.close();
        }
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self> {
        self.open(Kind::Seq)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self> {
        self.open(Kind::Seq)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self> {
        self.open(Kind::Seq)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self> {
        let wrapped = self.variant(variant)?;
        self.open(Kind::Seq)?;
        self.stack.last_mut().expect("just opened").wrapped = wrapped;
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self> {
        self.open(Kind::Map)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self> {
        self.open(Kind::Map)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self> {
        let wrapped = self.variant(variant)?;
        self.open(Kind::Map)?;
        self.stack.last_mut().expect("just opened").wrapped = wrapped;
        Ok(self)
    }
}

impl ser::SerializeSeq for &mut Writer {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.entry();
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeTuple for &mut Writer {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeTupleStruct for &mut Writer {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeTupleVariant for &mut Writer {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeMap for &mut Writer {
    type Ok = ();
    type Error = WriteError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.entry();
        self.key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.value(value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeStruct for &mut Writer {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.entry();
        self.field_key(key)?;
        self.value(value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeStructVariant for &mut Writer {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result {
        self.close()
    }
}
