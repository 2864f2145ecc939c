//! Finds the line of a dotted key (`actions[1].due`) in a block-style YAML text, and comments.

/// Where a finding on the first of `keys` that `text` has goes: that key's line, and the key;
/// else the line of `id`, and the first key.
pub fn place<'k>(text: &str, keys: &[&'k str]) -> (Option<usize>, &'k str) {
    keys.iter()
        .find_map(|key| line_of(text, key).map(|line| (Some(line), *key)))
        .unwrap_or_else(|| (line_of(text, "id"), keys[0]))
}

/// The 1-based line of `path` in `text`, or of its deepest ancestor that could be found.
/// It reads the lines as it goes, without a list of them (`check` asks it once a finding).
pub fn line_of(text: &str, path: &str) -> Option<usize> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !path.is_empty() && !path.contains(['.', '[']) {
        return top_level_line(text, path); // one key: what `check` asks for most
    }
    by_tokens(text, path)
}

/// [`line_of`], token by token of the path.
fn by_tokens(text: &str, path: &str) -> Option<usize> {
    let mut scope = Scope::Top;
    let mut found = None;
    for token in tokens(path) {
        let entry = match token {
            Token::Key(key) => find_key(scope.entries(text), key),
            Token::Index(n) => find_item(scope.entries(text), n),
        };
        let Some(entry) = entry else { break };
        found = Some(entry.line + 1);
        scope = match token {
            Token::Key(_) => {
                let rest = value_after_key(entry.text);
                if !rest.is_empty() && !rest.starts_with('|') && !rest.starts_with('>') {
                    break; // an inline value: deeper keys sit on this line
                }
                Scope::Under(entry.line, entry.col)
            }
            Token::Index(_) => {
                let inner = entry.text[2..].trim_start();
                let head = Entry {
                    line: entry.line,
                    col: entry.col + entry.text.len() - inner.len(),
                    text: inner,
                };
                Scope::Item(head, entry.col)
            }
        };
    }
    found
}

/// [`line_of`] for a path of one key: the same search of the top-level entries, made with a
/// loop over the bytes of each line instead of a chain of iterators.
fn top_level_line(text: &str, key: &str) -> Option<usize> {
    let mut base = None;
    for (i, l) in lines(text).enumerate() {
        let content = l.trim_start_matches(' ');
        let text = content.trim_end();
        if !is_content(text) {
            continue;
        }
        let col = l.len() - content.len();
        if col == *base.get_or_insert(col) && names_key(text, key) {
            return Some(i + 1);
        }
    }
    None
}

/// The lines of `text`, as [`str::lines`] gives them, found with a loop over their bytes
/// (lines are short: the loop beats setting up a search for each).
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text).filter(|t| !t.is_empty());
    std::iter::from_fn(move || {
        let text = rest?;
        Some(match text.bytes().position(|b| b == b'\n') {
            Some(end) => {
                rest = Some(&text[end + 1..]).filter(|t| !t.is_empty());
                let line = &text[..end];
                line.strip_suffix('\r').unwrap_or(line) // a CR only before a line feed
            }
            None => {
                rest = None;
                text
            }
        })
    })
}

/// The lines a key or item of a path is looked for in.
#[derive(Clone, Copy)]
enum Scope<'a> {
    /// The whole text.
    Top,
    /// The lines after a key's (at the line and column given) that belong to it: deeper ones,
    /// and the items of a list at the key's own column.
    Under(usize, usize),
    /// A list item: the rest of its first line, then the lines deeper than its dash.
    Item(Entry<'a>, usize),
}

impl<'a> Scope<'a> {
    fn entries(self, text: &'a str) -> impl Iterator<Item = Entry<'a>> {
        let (head, after) = match self {
            Scope::Top => (None, 0),
            Scope::Under(line, _) => (None, line + 1),
            Scope::Item(head, _) => (Some(head), head.line + 1),
        };
        let rest = lines(text)
            .enumerate()
            .skip(after)
            .map(|(line, l)| {
                let content = l.trim_start_matches(' ');
                Entry {
                    line,
                    col: l.len() - content.len(),
                    text: content.trim_end(),
                }
            })
            .filter(|e| is_content(e.text))
            .take_while(move |e| self.holds(e));
        head.into_iter().chain(rest)
    }

    /// Whether a line after the scope's start still belongs to it.
    fn holds(self, e: &Entry) -> bool {
        match self {
            Scope::Top => true,
            Scope::Under(_, at) => e.col > at || (e.col == at && e.text.starts_with("- ")),
            Scope::Item(_, at) => e.col > at,
        }
    }
}

#[derive(Clone, Copy)]
struct Entry<'a> {
    line: usize,
    col: usize,
    text: &'a str,
}

enum Token<'a> {
    Key(&'a str),
    Index(usize),
}

fn tokens(path: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            out.push(Token::Key(name));
        }
        // `[1][2]`; anything else after the name (a key such as `a]b[`) holds no index.
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(end) = inner.find(']') else { break };
            if let Ok(n) = inner[..end].parse() {
                out.push(Token::Index(n));
            }
            rest = &inner[end + 1..];
        }
    }
    out
}

fn is_content(text: &str) -> bool {
    !text.is_empty() && !text.starts_with('#') && text != "---"
}

fn find_key<'a>(mut scope: impl Iterator<Item = Entry<'a>>, key: &str) -> Option<Entry<'a>> {
    let first = scope.next()?;
    let base = first.col;
    std::iter::once(first)
        .chain(scope)
        .find(|e| e.col == base && names_key(e.text, key))
}

/// Whether an entry's text is `key:` (the key quoted or not).
fn names_key(text: &str, key: &str) -> bool {
    // Most lines are passed over on their first byte.
    if let (Some(&first), Some(&want)) = (text.as_bytes().first(), key.as_bytes().first())
        && !matches!(first, b'"' | b'\'')
        && first != want
    {
        return false;
    }
    text.trim_start_matches(['"', '\''])
        .strip_prefix(key)
        .is_some_and(|r| r.trim_start_matches(['"', '\'']).starts_with(':'))
}

fn find_item<'a>(mut scope: impl Iterator<Item = Entry<'a>>, n: usize) -> Option<Entry<'a>> {
    let first = scope.next()?;
    let base = first.col;
    std::iter::once(first)
        .chain(scope)
        .filter(|e| e.col == base && (e.text.starts_with("- ") || e.text == "-"))
        .nth(n)
        .filter(|e| e.text.len() >= 2)
}

fn value_after_key(text: &str) -> &str {
    match text.find(':') {
        Some(i) => text[i + 1..].trim(),
        None => "",
    }
}

/// The 1-based line of the first comment in `text`, if any: such a file cannot be rewritten
/// without losing what its author wrote.
pub fn first_comment(text: &str) -> Option<usize> {
    let mut block_indent: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let content = line.trim_start_matches(' ');
        let col = line.len() - content.len();
        if let Some(b) = block_indent {
            if content.trim().is_empty() || col > b {
                continue; // inside a literal block: `#` there is text
            }
            block_indent = None;
        }
        if let Some(at) = comment_start(content) {
            let _ = at;
            return Some(i + 1);
        }
        let trimmed = content.trim_end();
        let last = trimmed.rsplit(' ').next().unwrap_or("");
        if (last.starts_with('|') || last.starts_with('>'))
            && last[1..]
                .bytes()
                .all(|b| b == b'-' || b == b'+' || b.is_ascii_digit())
        {
            block_indent = Some(col);
        }
    }
    None
}

/// The lines of `text` without comments, each with its 1-based line number: a line holding only
/// a comment is dropped, a trailing comment is cut off. Text inside literal blocks is kept.
pub fn without_comments(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut block_indent: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let content = line.trim_start_matches(' ');
        let col = line.len() - content.len();
        if let Some(b) = block_indent {
            if content.trim().is_empty() || col > b {
                out.push((i + 1, line.to_string()));
                continue;
            }
            block_indent = None;
        }
        let kept = match comment_start(content) {
            Some(0) => continue,
            Some(at) => line[..col + at].trim_end(),
            None => line,
        };
        let trimmed = kept.trim_end();
        let last = trimmed.rsplit(' ').next().unwrap_or("");
        if (last.starts_with('|') || last.starts_with('>'))
            && last[1..]
                .bytes()
                .all(|b| b == b'-' || b == b'+' || b.is_ascii_digit())
        {
            block_indent = Some(col);
        }
        out.push((i + 1, kept.to_string()));
    }
    out
}

fn comment_start(content: &str) -> Option<usize> {
    let (mut single, mut double) = (false, false);
    let mut prev = ' ';
    for (i, c) in content.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single && prev != '\\' => double = !double,
            '#' if !single && !double && (prev == ' ' || prev == '\t' || i == 0) => return Some(i),
            _ => {}
        }
        prev = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn one_key_is_found_as_a_path_of_it_is(
            lines in proptest::collection::vec(proptest::sample::select(vec![
                "id: RISK-1", "title: x", "  title: y", "'title': z", "\"title\": w", "# title: c",
                "", "  ", "---", "- title: v", "titles: u", "title:", "  - a", "\r", "title: q\r",
            ]), 0..8),
            key in proptest::sample::select(vec!["title", "id", "titles", "a"]),
            end in proptest::sample::select(vec!["", "\n", "\r\n"]),
        ) {
            let text = lines.join("\n") + end;
            prop_assert_eq!(top_level_line(&text, key), by_tokens(&text, key), "{:?}", text);
            prop_assert_eq!(super::lines(&text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>());
        }
    }

    use super::*;

    #[test]
    fn odd_brackets_in_a_key_do_not_panic() {
        // Found by the `record` fuzz target: a key such as `]UoC]]STid` sliced out of range.
        let text = "{id6{{{[{{{{lm]]UoC]]STid: CL0c]]UC]]STid: CL0c00b000b00bb";
        for key in ["]UoC]]STid", "a[1]]b", "a[", "a[]", "[x][2]", "]"] {
            let _ = line_of(text, key);
        }
        assert_eq!(line_of("a:\n  - x\n  - y\n", "a[1]"), Some(3));
    }

    const RISK: &str = "\
id: RISK-0001
title: Outage
likelihood: 3
impact:
  financial: 4
  reputational: 5
fmea: {severity: 9, occurrence: 4, detection: 6}
actions:
- id: A1
  title: Failover
  due: 2026-06-30
- id: A2
  title: Drill
  due: 2026-07-30
status: open
review:
  last: 2026-05-01
";

    #[test]
    fn finds_top_level_and_nested_keys() {
        assert_eq!(line_of(RISK, "likelihood"), Some(3));
        assert_eq!(line_of(RISK, "impact.reputational"), Some(6));
        assert_eq!(line_of(RISK, "fmea.severity"), Some(7));
        assert_eq!(line_of(RISK, "status"), Some(15));
        assert_eq!(line_of(RISK, "review.last"), Some(17));
    }

    #[test]
    fn finds_list_items_by_index() {
        assert_eq!(line_of(RISK, "actions[0].id"), Some(9));
        assert_eq!(line_of(RISK, "actions[1].due"), Some(14));
        assert_eq!(line_of(RISK, "actions[1]"), Some(12));
    }

    #[test]
    fn finds_indented_lists_too() {
        let text = "actions:\n  - id: A1\n    due: x\n  - id: A2\n    due: y\n";
        assert_eq!(line_of(text, "actions[1].due"), Some(5));
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        assert_eq!(line_of(RISK, "impact.compliance"), Some(4));
        assert_eq!(line_of(RISK, "nothing"), None);
    }

    #[test]
    fn strips_comments_but_keeps_their_line_numbers() {
        let text = "# head\nid: RISK-1 # first\nnotes: |\n  # kept\ntitle: 'a # b'\n";
        assert_eq!(
            without_comments(text),
            vec![
                (2, "id: RISK-1".to_string()),
                (3, "notes: |".to_string()),
                (4, "  # kept".to_string()),
                (5, "title: 'a # b'".to_string()),
            ]
        );
    }

    #[test]
    fn spots_comments_but_not_hashes_in_text() {
        assert_eq!(first_comment("id: RISK-1\ntitle: 'Issue #4'\n"), None);
        assert_eq!(
            first_comment("id: RISK-1\nnotes: |\n  # not a comment\n"),
            None
        );
        assert_eq!(first_comment("id: RISK-1\n# reviewed by ann\n"), Some(2));
        assert_eq!(first_comment("id: RISK-1 # first\n"), Some(1));
        assert_eq!(first_comment("title: a#b\n"), None);
    }
}
