//! The canonical writer: the one way `risk` writes a value as YAML (DESIGN 1.2), for every value
//! serde can hand it. Block maps and lists, two-space indent, a list under a key not indented,
//! empty collections as `{}` and `[]`, money bare (`143.00`), a trailing newline.
//!
//! The layout is the one the YAML crate's emitter wrote before this writer took over, so files
//! written by earlier versions stay canonical byte for byte. How a string is written:
//! - plain when YAML reads it back as that text: not empty, no indicator or `: `/` #` that
//!   would change its meaning, no leading or trailing space, and not a word the YAML crate
//!   reads as null, a boolean or a number (`null`, `True`, `007`, `1e3`, `0x1F`, `.inf`);
//! - else single-quoted (`'it''s'`), when it is one line of printable characters;
//! - else, when its only unprintable characters are line breaks (`\n`), as a literal block:
//!   `|-`, `|` or `|+` by its trailing breaks, `|2-` when it starts with a space or a break (the
//!   first line cannot show the indent); but not when a space ends a line or the text, which
//!   editors strip;
//! - else double-quoted, with the escapes the crate's emitter chose: `\n`, `\t`, `\r`, `\0`,
//!   `\a`, `\b`, `\v`, `\f`, `\e`, `\"`, `\\`, `\N` (U+0085), `\L`/`\P` (U+2028/2029), and
//!   `\xNN`/`\uNNNN`/`\UNNNNNNNN` for the other control and non-printable characters (U+FEFF too).
//!
//! Where this writer parts from the crate's emitter: text with U+2028 or U+2029 is double-quoted
//! (the crate put them raw inside single quotes or a block, where a reader or an editor may take
//! them for line breaks); a char that is a line break is double-quoted (the crate folded it
//! inside single quotes); bytes are a list of numbers and an enum variant inside another is a
//! one-key map under the outer tag (the crate refused both; it cannot read nested enums).
//! Floats are as the crate wrote them: ryu's shortest form (`0.1`, `1e16`, `1.5e-7`, `.nan`).
//!
//! Keys: a key of one line and at most 128 bytes is written `key: value`; a longer one, one with
//! line breaks, or a non-empty list or map is an explicit key (`? key` then `: value`), each laid
//! out like a list item. Enum variants that carry data are YAML tags (`!Variant value`), which
//! is how the crate reads them.
//!
//! It takes a fifth or less of the time of the crate's emitter (side by side on the shipped
//! register), which counts: `risk check` re-writes every record (the `format` rule).

use std::fmt::Write as _;

use serde::Serialize;
use serde::ser;

use super::{reads_as_bool, reads_as_null};
use crate::model::money::MONEY_TOKEN;

/// The canonical text of `value`. Fails only when the value's own `Serialize` fails.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut out = String::with_capacity(512);
    write_into(value, &mut out)?;
    Ok(out)
}

/// Writes the canonical text of `value` into `out`, replacing what it held (its allocation is
/// reused: reading and checking many records need no allocation per record for their text).
pub fn write_into<T: Serialize + ?Sized>(value: &T, out: &mut String) -> Result {
    out.clear();
    let mut writer = Writer {
        out: std::mem::take(out),
        stack: Vec::with_capacity(4),
        tag: None,
        bare: false,
        explicit: false,
        entries: 0,
        scalar_len: 0,
        scalar_breaks: false,
        scratch: String::new(),
    };
    let written = value.serialize(&mut writer);
    *out = writer.out;
    written
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
    /// Where a `Display` value (a date) is written before it is written as a string.
    scratch: String,
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
        self.string_in(value, style(value))
    }

    /// A string whose style is known.
    fn string_in(&mut self, value: &str, style: Style) -> Result {
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
        // Other styles hold no line break: `style` sends them to double quotes.
        self.scalar_breaks |=
            style == Style::Literal || style == Style::DoubleQuoted && value.contains(is_break);
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
        if key.len() <= MAX_SIMPLE_KEY && static_style(key) == Style::Plain {
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

/// [`style`] of a field name or variant, kept for each thread by where the text is: a
/// record's few dozen names are styled once, not once a record.
fn static_style(value: &'static str) -> Style {
    use std::cell::Cell;
    const SLOTS: usize = 128;
    thread_local! {
        static KNOWN: [Cell<(usize, usize, Style)>; SLOTS] =
            const { [const { Cell::new((0, 0, Style::Plain)) }; SLOTS] };
    }
    let at = (value.as_ptr() as usize, value.len());
    let slot = (at.0 >> 3 ^ at.1) % SLOTS;
    KNOWN.with(|known| match known[slot].get() {
        (ptr, len, style) if (ptr, len) == at && ptr != 0 => style,
        _ => {
            let style = style(value);
            known[slot].set((at.0, at.1, style));
            style
        }
    })
}

/// How a string is written (see the module header).
fn style(value: &str) -> Style {
    if is_date(value) {
        return Style::Plain; // a third of a claim's values: settled at a glance
    }
    // Keys, ids, enum variants and most titles: settled in one pass over their bytes.
    if let Some(style) = word_style(value) {
        return style;
    }
    style_in_full(value)
}

/// The style of text that starts with a letter, holds only letters, digits, spaces and
/// `_-./,()`, and does not end in a space: plain, unless it is a word the YAML crate reads as
/// null or a boolean. None for any other text, which [`style_in_full`] settles. Such text has
/// no indicator, no `: ` or ` #`, no line break and cannot read as a number, so this is what
/// the full test finds for it (a proptest holds the two together).
fn word_style(value: &str) -> Option<Style> {
    const fn word_bytes() -> [bool; 256] {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            table[b] = c.is_ascii_alphanumeric()
                || matches!(c, b' ' | b'_' | b'-' | b'.' | b',' | b'/' | b'(' | b')');
            b += 1;
        }
        table
    }
    static WORD: [bool; 256] = word_bytes();
    let bytes = value.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() || bytes.last() == Some(&b' ') {
        return None;
    }
    if !bytes.iter().all(|&b| WORD[b as usize]) {
        return None;
    }
    Some(if reads_as_null(value) || reads_as_bool(value).is_some() {
        Style::SingleQuoted
    } else {
        Style::Plain
    })
}

/// [`style`] without its shortcut for dates.
fn style_in_full(value: &str) -> Style {
    if value.is_empty() {
        return Style::SingleQuoted;
    }
    let mut lines = false;
    // Printable ASCII on one line (nearly every value) needs no look at each character.
    let ascii_line = value.bytes().all(|b| matches!(b, b' '..=b'~'));
    if !ascii_line {
        for c in value.chars() {
            match c {
                ' '..='~' => {}
                '\n' => lines = true,
                c if printable_beyond_ascii(c) => {}
                _ => return Style::DoubleQuoted,
            }
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

/// `YYYY-MM-DD`: digits and two dashes, which no test below sends out of plain style.
fn is_date(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
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
    if reads_as_null(value) || reads_as_bool(value).is_some() {
        return true;
    }
    // Every number starts so (`inf` and `nan` without a dot read as text).
    value.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'))
        && (digits_with_leading_zero(value) || reads_as_integer(value) || reads_as_float(value))
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
/// `single` is for an f32 (held exactly in `value`), whose shortest digits are fewer.
fn float(value: f64, single: bool) -> String {
    if value.is_nan() {
        return ".nan".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    let (max_point, min_point) = if single { (13, -6) } else { (16, -5) };
    let (digits, exponent) = shortest_digits(value.abs(), single);
    let sign = if value.is_sign_negative() { "-" } else { "" };
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

/// The shortest digits that read back as `value` (not negative), and the power of ten of the
/// first; between two such, the nearer, and at an exact tie the even one, as ryu chooses.
fn shortest_digits(value: f64, single: bool) -> (String, i32) {
    let split = |sci: &str| -> (String, i32) {
        let (mantissa, exponent) = sci.split_once('e').expect("`{:e}` has an exponent");
        let digits = mantissa.chars().filter(char::is_ascii_digit).collect();
        (
            digits,
            exponent.parse().expect("`{:e}` has a decimal exponent"),
        )
    };
    let reads_back = |text: &str| {
        if single {
            text.parse::<f32>().is_ok_and(|f| f64::from(f) == value)
        } else {
            text.parse::<f64>().is_ok_and(|f| f == value)
        }
    };
    let (digits, exponent) = split(&if single {
        format!("{:e}", value as f32)
    } else {
        format!("{value:e}")
    });
    if digits.ends_with(['1', '3', '5', '7', '9']) {
        // Rust's `{:e}` may take the odd one of two equally near shortest forms.
        let (exact, exact_exponent) = split(&format!("{value:.800e}"));
        let exact = exact.trim_end_matches('0');
        if exact_exponent == exponent && exact.len() == digits.len() + 1 && exact.ends_with('5') {
            let lower = &exact[..digits.len()];
            let candidate = format!("{}.{}e{exponent}", &lower[..1], &lower[1..]);
            if lower.ends_with(['0', '2', '4', '6', '8']) && reads_back(&candidate) {
                return (lower.to_string(), exponent);
            }
        }
    }
    (digits, exponent)
}

impl ser::Serializer for &mut Writer {
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
        self.scalar(&float(v.into(), true))
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.scalar(&float(v, false))
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
    fn collect_str<T: std::fmt::Display + ?Sized>(self, value: &T) -> Result {
        // As the default (`serialize_str(&value.to_string())`), without a string per value.
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let _ = write!(scratch, "{value}");
        let written = self.string(&scratch);
        self.scratch = scratch;
        written
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
        if std::mem::take(&mut self.bare) {
            return self.scalar(variant);
        }
        self.string_in(variant, static_style(variant))
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use proptest::sample::select;
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use serde_yaml::Value;

    use super::*;
    use crate::model::Money;

    fn write<T: Serialize + ?Sized>(value: &T) -> String {
        to_string(value).expect("writes")
    }

    /// Writes `value`, reads it back through the YAML crate both as `T` and as a YAML value
    /// (where a number or null read in place of text would show), and through `codec::read`.
    fn round_trip<T>(value: &T) -> String
    where
        T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let text = write(value);
        let back: T = serde_yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("does not read back: {e}\n{text}"));
        assert_eq!(&back, value, "changed by write -> read:\n{text}");
        let as_value: Value = serde_yaml::from_str(&text).expect("reads as a YAML value");
        assert_eq!(
            as_value,
            serde_yaml::to_value(value).expect("a YAML value"),
            "read as other types:\n{text}"
        );
        // The fast reader, when it takes the text, reads what the crate reads.
        let (read, _) = crate::codec::read::<T>(&text).expect("reads");
        assert_eq!(&read, value, "changed by write -> codec::read:\n{text}");
        text
    }

    /// What the YAML crate's emitter wrote: canonical form until this writer took over.
    fn emitted<T: Serialize + ?Sized>(value: &T) -> String {
        serde_yaml::to_string(value).expect("the crate writes it")
    }

    /// A string as a value, a key, a list item, a key and a value in a list item, a list in a
    /// list, and the document itself.
    fn everywhere(s: &str) -> Vec<String> {
        let s = s.to_string();
        vec![
            round_trip(&BTreeMap::from([("k".to_string(), s.clone())])),
            round_trip(&BTreeMap::from([(s.clone(), "v".to_string())])),
            round_trip(&BTreeMap::from([("k".to_string(), vec![s.clone()])])),
            round_trip(&vec![BTreeMap::from([(s.clone(), s.clone())])]),
            round_trip(&vec![BTreeMap::from([(
                "k".to_string(),
                BTreeMap::from([("j".to_string(), s.clone())]),
            )])]),
            round_trip(&vec![vec![s.clone(), s.clone()], vec![]]),
            round_trip(&s),
        ]
    }

    /// The same places, as the crate's emitter wrote them.
    fn emitted_everywhere(s: &str) -> Vec<String> {
        vec![
            emitted(&BTreeMap::from([("k", s)])),
            emitted(&BTreeMap::from([(s, "v")])),
            emitted(&BTreeMap::from([("k", vec![s])])),
            emitted(&vec![BTreeMap::from([(s, s)])]),
            emitted(&vec![BTreeMap::from([("k", BTreeMap::from([("j", s)]))])]),
            emitted(&vec![vec![s, s], vec![]]),
            emitted(s),
        ]
    }

    /// Text the crate's emitter wrote other than this writer: U+2028 and U+2029 raw.
    fn emitted_alike(s: &str) -> bool {
        !s.contains(['\u{2028}', '\u{2029}'])
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
        "-007",
        "+007",
        "-1",
        "+1",
        "++1",
        "+-1",
        "1.5",
        "1.",
        ".5",
        "+.5",
        "1e3",
        "1E3",
        "-1e-3",
        "1e400",
        "1e-400",
        "1_000",
        "0x1F",
        "0X1F",
        "0x",
        "+0x1F",
        "-0x1F",
        "0x-1",
        "-0x-1",
        "0o17",
        "-0o17",
        "0o8",
        "0b1",
        "-0b1",
        "0b2",
        "340282366920938463463374607431768211455",
        "340282366920938463463374607431768211456",
        "-170141183460469231731687303715884105728",
        "2024-05-13",
        "2024-05-13T10:00:00Z",
        "2024-05-13 10:00",
        "12:30",
        "1 2",
        "inf",
        "-inf",
        "infinity",
        "NaN",
        ".inf",
        "+.inf",
        "-.inf",
        "-.Inf",
        ".nan",
        "+.nan",
        "-.nan",
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
        "a\u{2029}",
        "\u{E000}",
        "\u{FFFE}",
        "\u{7F}",
        "\u{80}",
        "\u{9F}x",
        "\0",
        "\u{7}\u{8}\u{B}\u{C}\u{1B}\u{1}",
        "tab\there",
        "\t",
        "multi\nline",
        "end\n",
        "end\n\n",
        "end\n\n\n",
        "\n",
        "\n\n",
        "\nstart",
        " start\nnext",
        "a\n b",
        "a\n\n\nb",
        "a \nb",
        "a\n b ",
        "a\nb ",
        "a\n#b",
        "a\n- b",
        "a\n---\nb",
        "a\n...",
        "a\n\"b\"",
        "a\n'b'",
        "a\tb\nc",
        "cr\r",
        "cr\r\nlf",
        "a\u{2028}b\nc",
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
        "|",
        ">x",
        "<<",
        "=",
        "x=y",
        "\\",
        "\\n",
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
    fn tricky_strings_read_back_everywhere_and_are_written_as_the_crate_wrote_them() {
        for s in TRICKY {
            let ours = everywhere(s);
            if emitted_alike(s) {
                assert_eq!(ours, emitted_everywhere(s), "for {s:?}");
            }
        }
    }

    #[test]
    fn long_keys_are_explicit() {
        for len in [127, 128, 129, 300, 2000] {
            let key = "k".repeat(len);
            let text = round_trip(&BTreeMap::from([(key.clone(), 1)]));
            assert_eq!(text, emitted(&BTreeMap::from([(key.as_str(), 1)])));
            assert_eq!(text.starts_with("? "), len > 128, "{len}");
        }
        // Bytes, not characters, as the crate counted them.
        let key = "é".repeat(65);
        assert!(round_trip(&BTreeMap::from([(key, 1)])).starts_with("? "));
    }

    #[test]
    fn each_formerly_declined_case_has_one_written_form() {
        let cases: &[(&str, &str)] = &[
            ("multi\nline", "k: |-\n  multi\n  line\n"),
            ("ends\n", "k: |\n  ends\n"),
            ("ends\n\n", "k: |+\n  ends\n\n"),
            (" lead\nnext", "k: |2-\n   lead\n  next\n"),
            ("trail \nnext", "k: \"trail \\nnext\"\n"),
            ("tab\there", "k: \"tab\\there\"\n"),
            ("\u{FEFF}bom", "k: \"\\uFEFFbom\"\n"),
            ("nel\u{85}", "k: \"nel\\N\"\n"),
            ("ls\u{2028}ps\u{2029}", "k: \"ls\\Lps\\P\"\n"),
            (
                "\0\u{1}\u{1B}\u{7F}\u{9F}\r",
                "k: \"\\0\\x01\\e\\x7F\\x9F\\r\"\n",
            ),
            ("quote\"\\\t", "k: \"quote\\\"\\\\\\t\"\n"),
            ("1e3", "k: '1e3'\n"),
            ("0x1F", "k: '0x1F'\n"),
            ("+.5", "k: '+.5'\n"),
            ("1e400", "k: 1e400\n"),
            ("1_000", "k: 1_000\n"),
        ];
        for (s, want) in cases {
            let value = BTreeMap::from([("k".to_string(), s.to_string())]);
            assert_eq!(round_trip(&value), *want);
        }
        // A multi-line key is explicit, and its text a block.
        assert_eq!(
            round_trip(&BTreeMap::from([("a\nb".to_string(), 1)])),
            "? |-\n  a\n  b\n: 1\n"
        );
        assert_eq!(
            round_trip(&BTreeMap::from([("a\tb".to_string(), 1)])),
            "\"a\\tb\": 1\n"
        );
    }

    #[derive(Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Doc {
        id: String,
        count: u8,
        delta: i64,
        big: u128,
        small: i128,
        open: bool,
        none: Option<u8>,
        tags: Vec<String>,
        empty_list: Vec<u8>,
        empty_map: BTreeMap<String, u8>,
        items: Vec<Item>,
        nested: Item,
        grid: Vec<Vec<String>>,
        deep: Vec<Vec<Vec<u8>>>,
        maps_in_lists: Vec<Vec<BTreeMap<String, u8>>>,
        numbers_as_keys: BTreeMap<u8, bool>,
        pair: (u8, String),
        unit: (),
        money: Money,
        money_keys: BTreeMap<Money, Money>,
        amounts: Vec<Money>,
    }

    #[derive(Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Item {
        title: String,
        list: Vec<String>,
        map: BTreeMap<String, u8>,
        empty: Vec<u8>,
    }

    fn item(title: &str, full: bool) -> Item {
        Item {
            title: title.into(),
            list: if full {
                vec!["a".into(), "b c".into(), "multi\nline".into()]
            } else {
                vec![]
            },
            map: if full {
                BTreeMap::from([("x".into(), 1), ("y".into(), 2)])
            } else {
                BTreeMap::new()
            },
            empty: vec![],
        }
    }

    fn doc() -> Doc {
        let m = |s: &str| Money::parse(s).unwrap();
        Doc {
            id: "RISK-0001".into(),
            count: 3,
            delta: -7,
            big: u128::MAX,
            small: i128::MIN,
            open: true,
            none: None,
            tags: vec!["a".into(), "b".into()],
            empty_list: vec![],
            empty_map: BTreeMap::new(),
            items: vec![item("one", true), item("two", false)],
            nested: item("three", true),
            grid: vec![vec!["low".into(), "high".into()], vec![], vec!["x".into()]],
            deep: vec![vec![vec![1, 2], vec![]], vec![vec![3]], vec![]],
            maps_in_lists: vec![vec![BTreeMap::from([("a".into(), 1), ("b".into(), 2)])]],
            numbers_as_keys: BTreeMap::from([(1, true), (20, false)]),
            pair: (1, "x".into()),
            unit: (),
            money: m("420"),
            money_keys: BTreeMap::from([(m("1.5"), m("0.01"))]),
            amounts: vec![m("0"), m("99999.99")],
        }
    }

    #[test]
    fn nested_maps_and_lists_are_laid_out_as_the_crate_laid_them_out() {
        let doc = doc();
        let text = write(&doc);
        assert!(text.contains(concat!(
            "items:\n- title: one\n  list:\n  - a\n  - b c\n",
            "  - |-\n    multi\n    line\n  map:\n    x: 1\n"
        )));
        assert!(text.contains("grid:\n- - low\n  - high\n- []\n- - x\n"));
        assert!(text.contains("deep:\n- - - 1\n    - 2\n  - []\n- - - 3\n- []\n"));
        assert!(text.contains("maps_in_lists:\n- - a: 1\n    b: 2\n"));
        assert!(text.contains("numbers_as_keys:\n  1: true\n  20: false\n"));
        assert!(text.contains(
            "\nunit: null\nmoney: 420.00\nmoney_keys:\n  1.50: 0.01\namounts:\n- 0.00\n- 99999.99\n"
        ));
        // Money aside (the crate saw its text), the crate's emitter wrote the very same.
        let emitted = emitted(&doc)
            .replace("'420.00'", "420.00")
            .replace("'1.50': '0.01'", "1.50: 0.01")
            .replace("'0.00'", "0.00")
            .replace("'99999.99'", "99999.99");
        assert_eq!(text, emitted);
        let back: Doc = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back, doc);
        assert_eq!(write(&Vec::<u8>::new()), "[]\n");
        assert_eq!(write(&BTreeMap::<u8, u8>::new()), "{}\n");
        assert_eq!(write(&vec![BTreeMap::<u8, u8>::new()]), "- {}\n");
    }

    #[test]
    fn collections_as_keys_are_explicit_keys() {
        let seq_key = BTreeMap::from([(vec![1, 2], vec![3, 4])]);
        assert_eq!(round_trip(&seq_key), "? - 1\n  - 2\n: - 3\n  - 4\n");
        let map_key = BTreeMap::from([(BTreeMap::from([("a".to_string(), 1)]), 1)]);
        assert_eq!(round_trip(&map_key), "? a: 1\n: 1\n");
        let nested = vec![BTreeMap::from([(
            "k".to_string(),
            BTreeMap::from([(vec!["a\nb".to_string()], BTreeMap::from([(1, 2)]))]),
        )])];
        let text = round_trip(&nested);
        assert_eq!(text, emitted(&nested));
        assert_eq!(text, "- k:\n    ? - |-\n        a\n        b\n    : 1: 2\n");
        let empty = BTreeMap::from([(Vec::<u8>::new(), 1)]);
        assert_eq!(round_trip(&empty), "[]: 1\n");
    }

    #[derive(Clone, Serialize, serde::Deserialize, Debug, PartialEq)]
    enum Variant {
        Unit,
        Newtype(u8),
        Text(String),
        Tuple(u8, String),
        Struct {
            a: u8,
            b: Vec<u8>,
        },
        Empty {},
        Money(Money),
        #[serde(rename = "with space/é")]
        Odd(u8),
    }

    #[derive(Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Variants {
        one: Variant,
        list: Vec<Variant>,
        map: BTreeMap<String, Variant>,
    }

    #[test]
    fn variants_with_data_are_tags_as_the_crate_wrote_and_reads_them() {
        let all = vec![
            Variant::Unit,
            Variant::Newtype(1),
            Variant::Text("a\nb".into()),
            Variant::Text("".into()),
            Variant::Tuple(2, "x".into()),
            Variant::Struct { a: 3, b: vec![4] },
            Variant::Struct { a: 3, b: vec![] },
            Variant::Empty {},
            Variant::Odd(5),
        ];
        let value = Variants {
            one: Variant::Tuple(1, "y".into()),
            map: all
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("k{i}"), v.clone()))
                .collect(),
            list: all.clone(),
        };
        let text = round_trip(&value);
        assert_eq!(text, emitted(&value));
        assert!(text.contains(concat!(
            "- !Newtype 1\n- !Text |-\n  a\n  b\n- !Text ''\n",
            "- !Tuple\n  - 2\n  - x\n- !Struct\n  a: 3\n  b:\n  - 4\n"
        )));
        assert!(text.contains("- !with%20space/%C3%A9 5\n"));
        for variant in &all {
            let text = write(variant);
            assert_eq!(text, emitted(variant));
            assert_eq!(&serde_yaml::from_str::<Variant>(&text).unwrap(), variant);
        }
        let money = Variant::Money(Money::from_minor(150));
        assert_eq!(write(&money), "!Money 1.50\n");
        assert_eq!(write(&BTreeMap::from([("k", &money)])), "k: !Money 1.50\n");
        assert_eq!(
            serde_yaml::from_str::<Variant>("!Money 1.50\n").unwrap(),
            money
        );
    }

    #[derive(Serialize)]
    enum Outer {
        Inner(Variant),
    }

    #[test]
    fn a_variant_inside_a_variant_is_a_one_key_map_under_the_outer_tag() {
        // The crate refused to write these and cannot read them; they are written all the same.
        assert_eq!(
            write(&Outer::Inner(Variant::Newtype(1))),
            "!Inner\nNewtype: 1\n"
        );
        assert_eq!(
            write(&vec![Outer::Inner(Variant::Tuple(1, "x".into()))]),
            "- !Inner\n  Tuple:\n  - 1\n  - x\n"
        );
        assert_eq!(
            write(&BTreeMap::from([(
                "k",
                Outer::Inner(Variant::Struct { a: 1, b: vec![] })
            )])),
            "k: !Inner\n  Struct:\n    a: 1\n    b: []\n"
        );
        assert_eq!(write(&Outer::Inner(Variant::Unit)), "!Inner Unit\n");
        let value: Value =
            serde_yaml::from_str(&write(&Outer::Inner(Variant::Newtype(1)))).unwrap();
        assert!(matches!(value, Value::Tagged(_)));
    }

    #[test]
    fn chars_floats_bytes_and_units() {
        for c in ['a', '1', ' ', '\'', '"', '#', 'é', '\u{A0}'] {
            assert_eq!(round_trip(&c), emitted(&c), "{c:?}");
        }
        for c in ['\t', '\n', '\u{85}', '\u{FEFF}', '\0', '\u{2028}'] {
            let text = round_trip(&c);
            assert!(text.starts_with('"'), "{c:?}: {text}");
        }
        assert_eq!(write(&'\n'), "\"\\n\"\n");
        for f in [
            0.0,
            -0.0,
            1.0,
            0.1,
            1e15,
            1e16,
            1.5e-7,
            1e-5,
            1e-4,
            123456789.125,
            f64::MAX,
        ] {
            assert_eq!(round_trip(&f), emitted(&f), "{f}");
        }
        for f in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
            assert_eq!(write(&f), emitted(&f));
        }
        for f in [0.1f32, 1e12, 1e13, 1e-5, 1e-6, f32::MAX, f32::MIN_POSITIVE] {
            assert_eq!(write(&f), emitted(&f), "{f}");
        }
        // 2343751.25: of two shortest forms equally near, ryu took the even one, `{:e}` the odd.
        let tie = f32::from_bits(1_242_500_381);
        assert_eq!(write(&tie), "2343751.2\n");
        assert_eq!(write(&serde_bytes_like(&[1, 2])), "- 1\n- 2\n");
        assert_eq!(write(&()), "null\n");
        assert_eq!(write(&Some(())), "null\n");
        assert_eq!(write(&BTreeMap::from([((), 1)])), "null: 1\n");
    }

    /// A value that serializes as bytes, which the crate refused.
    fn serde_bytes_like(bytes: &[u8]) -> impl Serialize + '_ {
        struct Bytes<'a>(&'a [u8]);
        impl Serialize for Bytes<'_> {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
        Bytes(bytes)
    }

    #[test]
    fn money_is_bare_here_and_text_for_every_other_serializer() {
        let amount = Money::from_minor(42000);
        assert_eq!(
            write(&BTreeMap::from([("amount", amount)])),
            "amount: 420.00\n"
        );
        assert_eq!(serde_json::to_string(&amount).unwrap(), "\"420.00\"");
        assert_eq!(serde_yaml::to_string(&amount).unwrap(), "'420.00'\n");
        // Text that looks like the token is only text.
        let text = "$risk::Money";
        assert_eq!(write(&BTreeMap::from([("k", text)])), "k: $risk::Money\n");
    }

    /// Text made of the pieces that trip writers up, in any order.
    fn tricky_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => select(vec![
                'a', 'Z', '0', '7', ' ', ' ', ':', '#', '-', '.', '\'', '"', '?', ',', '[', '{',
                '!', '&', '*', '|', '>', '%', '@', '`', '~', '+', '_', 'e', 'x', '\\', 'é', '遅',
                '🚆', '\u{A0}', '\u{FEFF}', '\u{85}', '\u{2028}', '\u{2029}', '\n', '\n', '\t',
                '\r', '\0', '\u{1B}', '\u{7F}', '\u{9F}', '\u{E000}', '\u{FFFE}',
            ])
            .prop_map(String::from),
            1 => select(vec![
                "1e3", "0x1F", "0o7", "0b1", "-1", "+1", ".5", ".inf", "-.Inf", ".nan", "007",
                "true", "False", "null", "~", "yes", "- ", ": ", " #", "---", "...", "2026-01-01",
            ])
            .prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
    }

    /// Text that is nearly a number.
    fn number_like() -> impl Strategy<Value = String> {
        let chars = select(vec![
            '0', '1', '7', '9', '.', 'e', 'E', '+', '-', 'x', 'o', 'b', 'f', '_', 'i', 'n', 'a',
            'N', ' ',
        ]);
        proptest::collection::vec(chars, 1..8).prop_map(|cs| cs.into_iter().collect())
    }

    #[test]
    fn names_are_styled_once_and_as_any_text() {
        const NAMES: [&str; 9] = ["id", "true", "a: b", "", "null", "x", "on", "- y", "éé"];
        for _ in 0..3 {
            for name in NAMES {
                assert_eq!(static_style(name), style(name), "{name:?}");
                // Another text at the same place is not taken for the first.
                let half = name.floor_char_boundary(name.len() / 2);
                assert_eq!(static_style(&name[..half]), style(&name[..half]));
            }
        }
    }

    #[test]
    fn words_yaml_reads_as_null_or_a_boolean_are_quoted_by_the_shortcut_too() {
        for word in [
            "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
        ] {
            assert_eq!(word_style(word), Some(Style::SingleQuoted), "{word}");
            assert_eq!(style_in_full(word), Style::SingleQuoted, "{word}");
        }
        assert_eq!(word_style("nullable"), Some(Style::Plain));
        for other in ["", "1st", " a", "a ", "a: b", "a #b", "é", "-a", "a\nb"] {
            assert_eq!(word_style(other), None, "{other:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]

        #[test]
        fn any_string_reads_back_everywhere(s in tricky_text()) {
            let ours = everywhere(&s);
            if emitted_alike(&s) {
                prop_assert_eq!(ours, emitted_everywhere(&s));
            }
        }

        #[test]
        fn date_shaped_text_is_written_as_the_crate_writes_it(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}") {
            // The shortcut for dates in `style` agrees with the full test, and with the crate.
            prop_assert_eq!(style_in_full(&s), Style::Plain);
            prop_assert_eq!(everywhere(&s), emitted_everywhere(&s));
        }

        #[test]
        fn word_shaped_text_is_styled_as_the_full_test_styles_it(
            s in "[a-zA-Z][a-zA-Z0-9 _./,()-]{0,24}",
            t in tricky_text(),
        ) {
            // The shortcut for words in `style` agrees with the full test where it answers.
            for text in [&s, &t] {
                if let Some(style) = word_style(text) {
                    prop_assert_eq!(style, style_in_full(text), "{:?}", text);
                }
            }
            prop_assert_eq!(
                word_style(&s).is_some(),
                !s.ends_with(' '),
                "{:?}", s
            );
        }

        #[test]
        fn number_like_text_is_quoted_when_yaml_would_read_a_number(s in number_like()) {
            let ours = everywhere(&s);
            prop_assert_eq!(ours, emitted_everywhere(&s));
        }

        #[test]
        fn floats_are_written_as_the_crate_wrote_them(bits in any::<u64>(), small in any::<u32>()) {
            let f = f64::from_bits(bits);
            prop_assert_eq!(write(&f), emitted(&f));
            let g = f32::from_bits(small);
            prop_assert_eq!(write(&g), emitted(&g));
            if f.is_finite() {
                prop_assert_eq!(serde_yaml::from_str::<f64>(&write(&f)).unwrap(), f);
            }
        }
    }
}
