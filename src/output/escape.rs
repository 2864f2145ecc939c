//! Text from the register is data, never markup or commands (DESIGN 14): one function per
//! context where it enters an output. Ordinary text comes out byte for byte as it went in.

use std::borrow::Cow;

/// U+200B ZERO WIDTH SPACE: splits a pattern without showing, and is neither whitespace to the
/// Actions runner (.NET `char.IsWhiteSpace`) nor a character any of our formats escapes.
const BREAK: char = '\u{200B}';

/// The same, as a Markdown entity, so a reader of the source sees it (Dependabot writes `@&#8203;`).
const BREAK_ENTITY: &str = "&#8203;";

/// Text for one Markdown table cell or list item, as GitHub renders it: no HTML, link, image,
/// emphasis or code span from the text, no line break (CR and LF become spaces), no control
/// or bidi character, and nothing GitHub would turn into a mention, an issue reference or a
/// link (`@name`, `#12`, `https://`, `www.` get a zero-width space, `&#8203;`, inside them).
pub fn markdown(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        match c {
            '\r' if next == Some('\n') => {} // CRLF is one line break
            '\r' | '\n' => out.push(' '),
            // `|` ends a table cell even in a code span, so it is escaped like the rest
            '\\' | '`' | '*' | '~' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            // `_` inside a word (`health_safety`) never emphasises, so it stays as written
            '_' if !(prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric)) =>
            {
                out.push_str("\\_")
            }
            '<' => out.push_str("&lt;"),
            '&' if entity_at(&chars[i..]) => out.push_str("&amp;"),
            '@' if next.is_some_and(|n| n.is_ascii_alphanumeric()) => {
                out.push('@');
                out.push_str(BREAK_ENTITY);
            }
            '#' if next.is_some_and(|n| n.is_ascii_digit()) => {
                out.push('#');
                out.push_str(BREAK_ENTITY);
            }
            ':' if chars[i + 1..].starts_with(&['/', '/']) => {
                out.push(':');
                out.push_str(BREAK_ENTITY);
            }
            // `www.` at the start of a word: the break goes before the dot
            '.' if i >= 3
                && chars[i - 3..i].iter().all(|w| w.eq_ignore_ascii_case(&'w'))
                && !(i >= 4 && chars[i - 4].is_alphanumeric()) =>
            {
                out.push_str(BREAK_ENTITY);
                out.push('.');
            }
            c if hidden(c) && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether `rest` (starting at `&`) reads as a character reference: `&name;`, `&#64;`, `&#x40;`.
fn entity_at(rest: &[char]) -> bool {
    let mut j = 1;
    while j < rest.len()
        && j <= 33
        && (rest[j].is_ascii_alphanumeric() || (j == 1 && rest[j] == '#'))
    {
        j += 1;
    }
    j > 1 && rest.get(j) == Some(&';')
}

/// `text` as a Markdown code span, whatever backticks it holds (CommonMark 6.1): fenced by one
/// backtick more than its longest run, padded when it starts or ends with one.
pub fn code_span(text: &str) -> String {
    let text = terminal_line(text);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A CSV cell that a spreadsheet will not run as a formula (OWASP, CSV injection): text that
/// starts with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`. A number (`-5`, `-12.50`)
/// stays as it is, since a spreadsheet reads it as a number and never as a formula.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if !is_number(text) => {
            Cow::Owned(format!("'{text}"))
        }
        _ => Cow::Borrowed(text),
    }
}

/// `[+-]digits[.digits]`, the numbers our rows hold.
fn is_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

/// Text for XML 1.0 (the JUnit report, the HTML report): the characters its `Char` production
/// forbids are dropped: C0 controls other than tab, LF and CR, and U+FFFE and U+FFFF.
pub fn xml(text: &str) -> Cow<'_, str> {
    strip(
        text,
        |c| matches!(c, '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\u{fffe}' | '\u{ffff}'),
    )
}

/// Text for a terminal: control characters (C0 other than tab and LF, so ESC too; DEL; C1, so
/// CSI and NEL too) and the bidirectional overrides and isolates (Trojan Source) are dropped,
/// so a record cannot move the cursor, recolour, retitle or link the terminal. A CR is kept
/// only before an LF, where it is part of a line break (a record file with CRLF endings).
pub fn terminal(text: &str) -> Cow<'_, str> {
    if nothing_hidden(text) {
        return Cow::Borrowed(text);
    }
    // a CR is one byte, so the LF after it starts at i + 1
    let dropped = |i: usize, c: char| {
        hidden(c) && c != '\t' && c != '\n' && !(c == '\r' && text[i + 1..].starts_with('\n'))
    };
    if !text.char_indices().any(|(i, c)| dropped(i, c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.char_indices()
            .filter(|&(i, c)| !dropped(i, c))
            .map(|(_, c)| c)
            .collect(),
    )
}

/// True when `text` holds no character [`terminal`] drops, told from its bytes (nearly every
/// text): printable ASCII, tabs, line feeds, and characters beyond ASCII other than the C1
/// controls (`C2 80`–`C2 9F`) and the bidi controls (`E2 80 AA`–`AE`, `E2 81 A6`–`A9`). A CR
/// or anything else unclear is left to the character-by-character test.
fn nothing_hidden(text: &str) -> bool {
    use crate::words::{HIGH, any_below, equal, word};
    let b = text.as_bytes();
    // Eight bytes at a time while all are printable ASCII: none below a space, none DEL, none
    // with the high bit (each test exact for the word as a whole).
    let mut start = 0;
    for chunk in b.chunks_exact(8) {
        let word = word(chunk);
        if any_below(word, b' ') | equal(word, 0x7f) | word & HIGH != 0 {
            break;
        }
        start += 8;
    }
    b.iter().enumerate().skip(start).all(|(i, &x)| match x {
        b' '..=b'~' | b'\t' | b'\n' => true,
        0xc2 => !matches!(b.get(i + 1), Some(0x80..=0x9f)),
        0xe2 => !matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        ),
        0x80.. => true,
        _ => false,
    })
}

/// [`terminal`] text for one line of output: line breaks become spaces.
pub fn terminal_line(text: &str) -> Cow<'_, str> {
    let text = terminal(text);
    if text.contains('\n') {
        Cow::Owned(text.replace("\r\n", " ").replace('\n', " "))
    } else {
        text
    }
}

/// Control characters, and the bidi embeddings, overrides and isolates (U+202A–E, U+2066–9).
fn hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn strip(text: &str, drop: impl Fn(char) -> bool) -> Cow<'_, str> {
    if text.chars().any(&drop) {
        Cow::Owned(text.chars().filter(|&c| !drop(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Output the GitHub Actions runner reads as log lines and never as workflow commands: a line
/// (ended by CR or LF) that starts with `::` after whitespace (actions/runner
/// `ActionCommand.TryParseV2`), and `##[` anywhere in a line (the older `TryParse`), get a
/// zero-width space after their first character. Everything `risk` prints passes here, except
/// the `github` format, whose commands are meant and whose data is escaped as the toolkit does.
pub fn workflow_commands(text: &str) -> Cow<'_, str> {
    if !text.contains("::") && !text.contains("##[") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut line_start = true;
    let mut changed = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if (line_start && rest.starts_with("::")) || rest.starts_with("##[") {
            out.push(c);
            out.push(BREAK);
            changed = true;
            line_start = false;
        } else {
            out.push(c);
            line_start = matches!(c, '\n' | '\r') || (line_start && c.is_whitespace());
        }
        rest = &rest[c.len_utf8()..];
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_is_unchanged_everywhere() {
        for text in [
            "Customers charged twice when a card payment times out",
            "Welcome e-mails sent to the wrong customer",
            "health_safety",
            "Tests & friends: 50% (R&D) - 3 + 4 = 7 at 09:15:00",
            "Überbuchung der Züge — 遅延",
            "2026-11-23",
        ] {
            assert_eq!(markdown(text), text);
            assert_eq!(csv_cell(text), text);
            assert_eq!(xml(text), text);
            assert_eq!(terminal(text), text);
            assert_eq!(terminal_line(text), text);
            assert_eq!(workflow_commands(text), text);
        }
    }

    #[test]
    fn markdown_keeps_record_text_out_of_the_markup() {
        assert_eq!(
            markdown("Minor typo fix\r\r<!--"),
            "Minor typo fix  &lt;!--"
        );
        assert_eq!(markdown("a\r\nb\nc"), "a b c");
        assert_eq!(
            markdown("![x](https://e.example/a.png) [y](http://e)"),
            "!\\[x\\](https:&#8203;//e.example/a.png) \\[y\\](http:&#8203;//e)"
        );
        assert_eq!(markdown("<img src=x>"), "&lt;img src=x>");
        assert_eq!(markdown("a|b\\|c"), "a\\|b\\\\\\|c");
        assert_eq!(
            markdown("*b* `c` ~d~ _e_"),
            "\\*b\\* \\`c\\` \\~d\\~ \\_e\\_"
        );
        assert_eq!(
            markdown("cc @octocat, @org/team"),
            "cc @&#8203;octocat, @&#8203;org/team"
        );
        assert_eq!(markdown("me@example.com"), "me@&#8203;example.com");
        assert_eq!(
            markdown("fixes #12 and o/r#3"),
            "fixes #&#8203;12 and o/r#&#8203;3"
        );
        assert_eq!(
            markdown("see WWW.example.com"),
            "see WWW&#8203;.example.com"
        );
        assert_eq!(
            markdown("&#64;octocat &amp; & x"),
            "&amp;#&#8203;64;octocat &amp;amp; & x"
        );
        assert_eq!(markdown("a\u{1b}[31mb\u{202e}c\u{0}"), "a\\[31mbc");
        assert_eq!(markdown("tab\there"), "tab\there");
    }

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(code_span("main"), "`main`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x``"), "``` `x`` ```");
    }

    #[test]
    fn csv_formulas_get_a_quote_and_numbers_stay_numbers() {
        for (text, cell) in [
            ("=HYPERLINK(\"http://e\")", "'=HYPERLINK(\"http://e\")"),
            ("+1+2", "'+1+2"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-5", "-5"),
            ("-12.50", "-12.50"),
            ("+3", "+3"),
            ("-1.", "'-1."),
            ("a=1", "a=1"),
        ] {
            assert_eq!(csv_cell(text), cell, "{text:?}");
        }
    }

    #[test]
    fn xml_drops_what_xml_forbids_and_keeps_the_rest() {
        assert_eq!(xml("a\u{fffe}b\u{ffff}c\u{1}d\u{1b}e"), "abcde");
        assert_eq!(
            xml("tab\tlf\ncr\r\u{85}\u{fffd}"),
            "tab\tlf\ncr\r\u{85}\u{fffd}"
        );
    }

    proptest::proptest! {
        #[test]
        fn a_text_with_nothing_hidden_is_told_from_its_bytes(
            text in "[a \\t\\n\\r\u{1}\u{7f}\u{80}-\u{a0}\u{2028}-\u{2070}é—]{0,40}"
        ) {
            let dropped = text.char_indices().any(|(i, c)| {
                hidden(c) && c != '\t' && c != '\n' && !(c == '\r' && text[i + 1..].starts_with('\n'))
            });
            if nothing_hidden(&text) {
                proptest::prop_assert!(!dropped, "{:?}", text);
                proptest::prop_assert!(!text.contains('\r'));
            }
            proptest::prop_assert_eq!(terminal(&text) == text, !dropped);
        }
    }

    #[test]
    fn terminals_get_no_control_or_bidi_characters() {
        let text = "a\u{1b}]8;;http://e\u{1b}\\b\u{9b}2Jc\rd\u{7f}\u{202e}e\u{2066}f\tg\nh";
        assert_eq!(terminal(text), "a]8;;http://e\\b2Jcdef\tg\nh");
        assert_eq!(terminal_line(text), "a]8;;http://e\\b2Jcdef\tg h");
        // a CRLF line break stays one, a lone CR goes
        assert_eq!(
            terminal("id: RISK-1\r\ntitle: a\rb\r\n"),
            "id: RISK-1\r\ntitle: ab\r\n"
        );
        assert_eq!(terminal_line("a\r\nb"), "a b");
    }

    #[test]
    fn no_line_starts_a_workflow_command() {
        assert_eq!(
            workflow_commands("x\n::add-mask::secret"),
            "x\n:\u{200b}:add-mask::secret"
        );
        assert_eq!(
            workflow_commands("::error::a\r \u{3000}::set-output name=x::y"),
            ":\u{200b}:error::a\r \u{3000}:\u{200b}:set-output name=x::y"
        );
        assert_eq!(
            workflow_commands("│ x ##[add-mask]secret │"),
            "│ x #\u{200b}#[add-mask]secret │"
        );
        // not at the start of a line, and ordinary colons: unchanged
        assert_eq!(workflow_commands("a ::b c::d 09:15"), "a ::b c::d 09:15");
        assert_eq!(workflow_commands("### Added"), "### Added");
    }
}
