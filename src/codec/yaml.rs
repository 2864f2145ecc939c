//! The one file that touches the YAML crate (tests aside): records parsed with located errors
//! and edited by key; writing, and reading canonical text fast, go to `canonical`, without it.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use super::canonical::KeyLines;
use crate::model::nearest;

/// A YAML or type error, with the line and dotted key the parser reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

/// Parses one record or settings document.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    refuse_deep_flow(text)?;
    serde_yaml::from_str(text).map_err(|e| place(text, translate(&e)))
}

/// The value of a text that is already the canonical form of that value, read by a fast reader
/// (nearly every file `risk` wrote); None for any other text, which [`parse`] then reads. The
/// value is accepted only when writing it back gives the very same text.
#[cfg(test)]
pub fn read_canonical<T>(text: &str) -> Option<T>
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    read_canonical_keyed(text).map(|(value, _)| value)
}

/// [`read_canonical`], with the lines the text's top-level keys start on.
pub fn read_canonical_keyed<T>(text: &str) -> Option<(T, KeyLines)>
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    // Refused alike on both paths (the crate's path refuses it in `parse`).
    refuse_deep_flow(text).ok()?;
    let (value, keys) = super::canonical::from_str_keyed::<T>(text)?;
    if !writes_as(&value, text) {
        return None;
    }
    debug_assert_eq!(
        Ok(&value),
        parse::<T>(text).as_ref(),
        "the fast reader and the YAML crate disagree"
    );
    Some((value, keys))
}

/// Puts errors the parser reports at the start of a map (a key given twice, an impact of the
/// wrong shape) on the line of their key.
fn place(text: &str, mut err: YamlError) -> YamlError {
    let Some(key) = err.key.as_deref() else {
        return err;
    };
    if err.message == DUPLICATE_KEY {
        let name = key.rsplit('.').next().unwrap_or(key);
        let depth = key.split('.').count();
        // The second time the key starts a line at the map's indentation.
        let mut seen = text.lines().enumerate().filter(|(_, l)| {
            let content = l.trim_start_matches(' ');
            (depth == 1) == (content.len() == l.len())
                && content
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with(':'))
        });
        if let Some((i, _)) = seen.nth(1) {
            err.line = Some(i + 1);
        }
    } else if err.message == IMPACT_SHAPE || err.line.is_none() {
        err.line = super::locate::line_of(text, key).or(err.line);
    }
    err
}

const DUPLICATE_KEY: &str = "is given twice; keep one";
const IMPACT_SHAPE: &str =
    "expected one level (impact: 4) or a level per dimension (impact: {financial: 4})";

/// Deeper than this, the deserializer gives up anyway (its recursion limit is 128).
const MAX_FLOW_DEPTH: usize = 128;

/// The scanner's cost grows with tokens × flow depth: 100 KB of `[[[[` takes minutes. This bound
/// (bytes × opening brackets) is only reached by texts far beyond any hand-written record.
const FLOW_BUDGET: usize = 300_000_000;

/// Refuses texts whose `[ ]` / `{ }` nesting would make the YAML scanner crawl, before it runs.
fn refuse_deep_flow(text: &str) -> Result<(), YamlError> {
    // Block-style text (every file `risk` writes) has no bracket at all.
    if !super::holds_byte(text, |b| matches!(b, b'[' | b'{')) {
        return Ok(());
    }
    let (depth, line, opens) = flow_depth(text);
    if depth > MAX_FLOW_DEPTH {
        return Err(YamlError {
            line: Some(line),
            key: None,
            message: format!(
                "nests [ ] or {{ }} more than {MAX_FLOW_DEPTH} levels deep; \
                 a record is a few levels deep at most"
            ),
        });
    }
    if opens.saturating_mul(text.len()) > FLOW_BUDGET {
        return Err(YamlError {
            line: None,
            key: None,
            message: format!(
                "has too many [ ] or {{ }} for its size ({opens} in {} bytes); \
                 write long lists in block style (`- item` lines)",
                text.len()
            ),
        });
    }
    Ok(())
}

/// The deepest nesting of flow collections, the line where it is reached, and the number of
/// opening brackets. Quoted text and comments are skipped. Outside brackets, a bracket or quote
/// counts only where a YAML token may start (line start, after `: `, `- `, `? ` or an anchor or
/// tag), so plain text such as `a[1]` or `it's` is not mistaken for one.
fn flow_depth(text: &str) -> (usize, usize, usize) {
    let (mut depth, mut deepest, mut deepest_line, mut opens) = (0usize, 0usize, 1usize, 0usize);
    let mut line = 1;
    let mut prev = b'\n'; // the previous byte that is not a space or tab
    let mut spaced = true; // a space, tab or line break came just before
    let mut token_start = true; // outside brackets: a token may start here
    let mut property = false; // inside an anchor (`&a`) or tag (`!t`) at a token start
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        let after_space = std::mem::replace(&mut spaced, false);
        if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
            spaced = true;
            if b == b'\n' {
                line += 1;
                prev = b'\n';
            }
            token_start = b == b'\n' || property || matches!(prev, b':' | b'-' | b'?');
            property = false;
            continue;
        }
        let start = std::mem::replace(&mut token_start, false);
        let quote_starts = if depth == 0 {
            start
        } else {
            matches!(prev, b'[' | b'{' | b',' | b':')
        };
        match b {
            b'#' if after_space => {
                while bytes.next_if(|c| *c != b'\n').is_some() {}
                continue;
            }
            b'\'' | b'"' if quote_starts => {
                let quote = b;
                while let Some(c) = bytes.next() {
                    match c {
                        b'\n' => line += 1,
                        // An escaped character; an escaped line break still ends a line.
                        b'\\' if quote == b'"' => line += usize::from(bytes.next() == Some(b'\n')),
                        // `''` inside single quotes is an escaped quote, not the end.
                        b'\'' if quote == b'\'' && bytes.next_if_eq(&b'\'').is_some() => {}
                        c if c == quote => break,
                        _ => {}
                    }
                }
                prev = b'"';
                continue;
            }
            b'&' | b'!' if start => property = true,
            b'[' | b'{' => {
                opens += 1;
                if depth > 0 || start {
                    depth += 1;
                    if depth > deepest {
                        deepest = depth;
                        deepest_line = line;
                    }
                }
            }
            b']' | b'}' if depth > 0 => depth -= 1,
            _ => {}
        }
        prev = b;
    }
    (deepest, deepest_line, opens)
}

/// Writes a value in canonical form: struct key order, block style, two-space indent,
/// money as bare decimals with two places, a trailing newline.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    super::canonical::write::to_string(value)
        .unwrap_or_else(|e| unreachable!("records always serialize: {e}"))
}

/// True when `text` is the canonical text of `value` (no allocation per record).
fn writes_as<T: Serialize + ?Sized>(value: &T, text: &str) -> bool {
    with_written(value, |written| written == text)
}

/// Calls `f` with the canonical text of `value`, written into a buffer each thread keeps, so
/// reading, checking and locating many records need no allocation per record for their text.
pub fn with_written<T: Serialize + ?Sized, R>(value: &T, f: impl FnOnce(&str) -> R) -> R {
    thread_local! {
        static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    BUFFER.with(|buffer| match buffer.try_borrow_mut() {
        Ok(mut buffer) => {
            super::canonical::write::write_into(value, &mut buffer)
                .unwrap_or_else(|e| unreachable!("records always serialize: {e}"));
            let out = f(&buffer);
            if buffer.capacity() > 64 * 1024 {
                *buffer = String::new(); // a rare large record: do not keep its buffer
            }
            out
        }
        // Called again from within `f` (for another value): a buffer of its own.
        Err(_) => f(&to_string(value)),
    })
}

/// Applies `key=value` edits (dotted keys, e.g. `impact.financial=4`) to a record's text and
/// reads the result back as `T`. An empty value removes the key; a key ending in `+`
/// (`contingency+`, from `--set contingency+=text`) appends the value, as text, to a list.
pub fn edit<T: DeserializeOwned>(text: &str, sets: &[(String, String)]) -> Result<T, YamlError> {
    let mut doc: Value = serde_yaml::from_str(text).map_err(|e| translate(&e))?;
    for (key, raw) in sets {
        if let Some(list) = key.strip_suffix('+') {
            append(&mut doc, list, raw).map_err(|message| YamlError {
                line: None,
                key: Some(list.to_string()),
                message,
            })?;
            continue;
        }
        let value = if raw.is_empty() {
            None
        } else {
            refuse_deep_flow(raw).map_err(|mut err| {
                err.key = Some(key.clone());
                err.line = None;
                err
            })?;
            // A list or map only when written as one (`[a, b]`, `{k: v}`); `Call: back` is text.
            let flow = raw.trim_start().starts_with(['[', '{']);
            Some(match serde_yaml::from_str::<Value>(raw) {
                Ok(Value::Mapping(_) | Value::Sequence(_)) if !flow => Value::String(raw.clone()),
                Ok(value) => value,
                Err(_) => Value::String(raw.clone()),
            })
        };
        set_path(&mut doc, key, value).map_err(|message| YamlError {
            line: None,
            key: Some(key.clone()),
            message,
        })?;
    }
    // Read back from text rather than from the value, so errors carry their full key path.
    let edited = serde_yaml::to_string(&doc).map_err(|e| translate(&e))?;
    parse(&edited).map_err(|mut err| {
        err.line = None; // lines of the edited document are not lines of the file
        err
    })
}

/// Appends `text` to the list at `key` (a missing list is started).
fn append(doc: &mut Value, key: &str, text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err("`+=` needs the text to add".into());
    }
    let item = Value::String(text.to_string());
    // Found as `set_path` walks: maps by key, lists of actions by their id.
    let mut current = Some(&*doc);
    for part in key.split('.') {
        current = match current {
            Some(Value::Mapping(map)) => map.get(part),
            Some(Value::Sequence(items)) => items
                .iter()
                .find(|item| item.get("id").and_then(Value::as_str) == Some(part)),
            _ => None,
        };
    }
    let list = match current.cloned().unwrap_or(Value::Null) {
        Value::Null => vec![item],
        Value::Sequence(mut items) => {
            items.push(item);
            items
        }
        _ => {
            return Err(
                "is not a list; `+=` appends to lists such as contingency or controls (use `=` to set it)"
                    .into(),
            );
        }
    };
    set_path(doc, key, Some(Value::Sequence(list)))
}

fn set_path(doc: &mut Value, key: &str, value: Option<Value>) -> Result<(), String> {
    let parts: Vec<&str> = key.split('.').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err("is not a valid key (use dots between names, e.g. impact.financial)".into());
    }
    let mut node = doc;
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        // Actions are addressed by their id: `actions.A1.status`.
        if let Value::Sequence(items) = node {
            let found = items
                .iter_mut()
                .find(|item| item.get("id").and_then(Value::as_str) == Some(part));
            let Some(item) = found else {
                return Err(format!("no item with id `{part}`"));
            };
            if last {
                return Err("cannot replace a whole list item; set one of its keys".into());
            }
            node = item;
            continue;
        }
        if node.is_null() {
            *node = Value::Mapping(Mapping::new());
        }
        let Value::Mapping(map) = node else {
            return Err(format!("`{}` is not a map", parts[..i].join(".")));
        };
        let k = Value::String(part.to_string());
        if last {
            match &value {
                Some(v) => {
                    map.insert(k, v.clone());
                }
                None => {
                    map.remove(&k);
                }
            }
            return Ok(());
        }
        if !map.contains_key(&k) {
            map.insert(k.clone(), Value::Null);
        }
        node = map.get_mut(&k).expect("inserted above");
    }
    Ok(())
}

/// Turns the parser's message into one a person can act on.
fn translate(err: &serde_yaml::Error) -> YamlError {
    let line = err.location().map(|l| l.line());
    let full = err.to_string();
    let without_mark = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => full.as_str(),
    };
    let (path, message) = split_path(without_mark);
    let mut key = path.map(str::to_string);
    let original = message.to_string();
    let mut message = original.clone();
    if let Some(rest) = original.strip_prefix("unknown field `") {
        if let Some((field, expected)) = rest.split_once('`') {
            let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            key = Some(join_key(key.as_deref(), field));
            message = match nearest(field, candidates.iter().copied()) {
                Some(near) => format!("unknown key (did you mean `{near}`?)"),
                None => format!("unknown key (expected one of {})", candidates.join(", ")),
            };
        }
    } else if let Some(rest) = original.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        key = Some(join_key(key.as_deref(), field));
        message = "is required but missing".to_string();
    } else if let Some(rest) = original.strip_prefix("unknown variant `") {
        if let Some((variant, expected)) = rest.split_once('`') {
            let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            message = format!("`{variant}` is not one of {}", candidates.join(", "));
            if let Some(near) = nearest(variant, candidates.iter().copied()) {
                message.push_str(&format!(" (did you mean `{near}`?)"));
            }
        }
    } else if let Some(rest) = original.strip_prefix("duplicate field `") {
        key = Some(join_key(key.as_deref(), rest.trim_end_matches('`')));
        message = DUPLICATE_KEY.to_string();
    } else if message.contains("did not match any variant of untagged enum Impact") {
        key = Some(join_key(key.as_deref(), "impact"));
        message = IMPACT_SHAPE.to_string();
    } else if let Some(rest) = original.strip_prefix("invalid value: integer `")
        && let Some((number, expected)) = rest.split_once('`')
        && expected.contains("expected u8")
    {
        message = format!("{number} is out of range (expected a whole number from 0 to 255)");
    } else {
        for (rust, plain) in [
            ("expected u8", "expected a whole number"),
            ("expected u32", "expected a whole number"),
            ("expected u64", "expected a whole number"),
            ("expected a borrowed string", "expected text"),
            ("expected a string", "expected text"),
            ("expected a sequence", "expected a list"),
        ] {
            message = message.replace(rust, plain);
        }
        if message.contains("invalid type: sequence, expected text")
            || message.contains("invalid type: map, expected text")
        {
            message.push_str("; put text that starts with `[` or `{`, or holds `: `, in quotes");
        }
        // `expected struct Risk` / `expected a map Risk`: the type name means nothing to a user.
        for rust in ["expected struct ", "expected a map "] {
            if let Some(i) = message.find(rust) {
                let end = message[i + rust.len()..]
                    .find(|c: char| !c.is_alphanumeric())
                    .map_or(message.len(), |j| i + rust.len() + j);
                message.replace_range(i..end, "expected a map");
            }
        }
        if message.starts_with("repetition limit exceeded") {
            message = "uses aliases (*name) that expand too far; write the values out".into();
        } else if message.starts_with("recursion limit exceeded") {
            message = "is nested too deeply; a record is a few levels deep at most".into();
        } else if message.starts_with("deserializing from YAML containing more than one document") {
            message = "holds more than one YAML document (a `---` line after the start); \
                       one file holds one record"
                .into();
        }
        if message.starts_with("input contains invalid characters")
            || message.starts_with("premature end of input")
            || message.starts_with("input is out of range")
            || message.starts_with("input is not enough for unique date")
            || message.starts_with("trailing input")
        {
            message = format!(
                "not a valid date or time ({message}); expected YYYY-MM-DD or RFC 3339 with offset"
            );
        }
    }
    YamlError { line, key, message }
}

/// Splits `actions[0].due: message` into the path and the message.
fn split_path(text: &str) -> (Option<&str>, &str) {
    if let Some((head, tail)) = text.split_once(": ") {
        let looks_like_path = !head.is_empty()
            && head
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_.[]-".contains(&b));
        if looks_like_path {
            return (Some(head), tail);
        }
    }
    (None, text)
}

fn join_key(parent: Option<&str>, field: &str) -> String {
    match parent {
        Some(p) if p != "." => format!("{p}.{field}"),
        _ => field.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Risk;

    #[test]
    fn unknown_keys_name_the_nearest_known_key() {
        let err = parse::<Risk>("id: RISK-1\ntitel: x\nlikelihood: 2\nimpact: 3\n").unwrap_err();
        assert_eq!(err.key.as_deref(), Some("titel"));
        assert_eq!(err.line, Some(2));
        assert!(
            err.message.contains("did you mean `title`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn type_errors_name_the_key_and_line() {
        let err = parse::<Risk>("id: RISK-1\ntitle: x\nlikelihood: high\nimpact: 3\n").unwrap_err();
        assert_eq!(err.key.as_deref(), Some("likelihood"));
        assert_eq!(err.line, Some(3));
        assert!(
            err.message.contains("expected a whole number"),
            "{}",
            err.message
        );
    }

    #[test]
    fn missing_keys_are_named() {
        let err = parse::<Risk>("id: RISK-1\ntitle: x\nimpact: 3\n").unwrap_err();
        assert_eq!(err.key.as_deref(), Some("likelihood"));
    }

    #[test]
    fn canonical_text_round_trips_byte_for_byte() {
        let text = "id: RISK-0001\ntitle: 'Outage: #1'\nlikelihood: 3\nimpact:\n  financial: 4\n";
        let risk: Risk = parse(text).unwrap();
        assert_eq!(to_string(&risk), text);
    }

    #[test]
    fn deep_flow_nesting_is_refused_quickly() {
        let deep = format!(
            "id: RISK-1\ncontrols: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let start = std::time::Instant::now();
        let err = parse::<Risk>(&deep).unwrap_err();
        assert!(start.elapsed().as_secs() < 2);
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("levels deep"), "{}", err.message);
        // Brackets in quotes, comments and plain text are not nesting.
        let fine =
            "id: RISK-1\ntitle: 'it''s [[[[' # [[[[\nnotes: a[[[[ it's\nlikelihood: 1\nimpact: 1\n";
        assert_eq!(flow_depth(&fine.replace("[[[[", &"[".repeat(500))).0, 0);
        assert_eq!(flow_depth("a: [[1], {b: [2]}]\n").0, 3);
        assert_eq!(flow_depth("a: &x [[1]]\nb: !!seq [2]\n- [3, '[']\n").0, 2);
    }

    #[test]
    fn edits_follow_dotted_keys_and_remove_empty_values() {
        let text = "id: RISK-0001\ntitle: x\nowner: ann\nlikelihood: 3\nimpact:\n  financial: 4\n";
        let sets = vec![
            ("impact.reputational".to_string(), "5".to_string()),
            ("owner".to_string(), String::new()),
            ("fmea.severity".to_string(), "7".to_string()),
        ];
        let err = edit::<Risk>(text, &sets).unwrap_err();
        assert_eq!(err.key.as_deref(), Some("fmea.occurrence"));
        let risk: Risk = edit(text, &sets[..2]).unwrap();
        assert_eq!(risk.owner, None);
        assert_eq!(risk.impact.overall(), 5);
    }

    #[test]
    fn a_key_ending_in_plus_appends_text_to_a_list() {
        let text = "id: RISK-0001\ntitle: x\nowner: ann\nlikelihood: 3\nimpact: 4\ncontingency:\n- Call the lift engineer\n";
        let set = |key: &str, value: &str| vec![(key.to_string(), value.to_string())];
        let risk: Risk = edit(text, &set("contingency+", "Call: the backup courier")).unwrap();
        assert_eq!(
            risk.contingency,
            ["Call the lift engineer", "Call: the backup courier"]
        );
        let risk: Risk = edit(text, &set("controls+", "Daily export")).unwrap();
        assert_eq!(risk.controls.len(), 1, "a missing list is started");
        let err = edit::<Risk>(text, &set("owner+", "bo")).unwrap_err();
        assert_eq!(err.key.as_deref(), Some("owner"));
        assert!(err.message.contains("is not a list"), "{}", err.message);
        let with_action =
            format!("{text}actions:\n- id: A1\n  title: Drill\n  status: open\n  notes: kept\n");
        let err = edit::<Risk>(&with_action, &set("actions.A1.notes+", "more")).unwrap_err();
        assert!(err.message.contains("is not a list"), "{}", err.message);
        let err = edit::<Risk>(text, &set("contingency+", " ")).unwrap_err();
        assert!(err.message.contains("needs the text"), "{}", err.message);
    }

    /// Every record file of the shipped registers, by kind.
    fn shipped() -> Vec<(crate::model::Kind, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let registers = ["register", "examples/training-provider/register"];
        let registers = registers
            .into_iter()
            .chain(["examples/online-retailer/register"]);
        let mut files = Vec::new();
        for register in registers {
            for kind in Kind::ALL {
                let dir = root.join(register).join(kind.dir());
                for entry in walkdir::WalkDir::new(dir)
                    .into_iter()
                    .filter_map(Result::ok)
                {
                    let stem = entry.path().file_stem().and_then(|s| s.to_str());
                    if entry.path().extension().is_some_and(|e| e == "yaml")
                        && kind.owns_file(stem.unwrap_or(""))
                    {
                        files.push((kind, std::fs::read_to_string(entry.path()).unwrap()));
                    }
                }
            }
        }
        files
    }

    /// Reads a text both ways; returns whether the fast reader took it.
    fn read_both<T>(text: &str) -> bool
    where
        T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
    {
        let fast = read_canonical::<T>(text);
        if let Some(value) = &fast {
            assert_eq!(value, &parse::<T>(text).unwrap(), "{text}");
        }
        fast.is_some()
    }

    use crate::model::{Claim, Incident, Kind};

    /// Holds `field_line` to `line_of` on `text` for every key in `keys`; true when the text
    /// was canonical (its key lines known).
    fn field_lines_agree<T>(text: &str, keys: &[&str]) -> bool
    where
        T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
    {
        use crate::codec::{field_line, locate::line_of, read_keyed};
        let (value, lines) = read_keyed::<T>(text).unwrap();
        let Some(lines) = lines else {
            return false;
        };
        for key in keys {
            let got = field_line(&value, &lines, key);
            if let Some((field, _)) = key.split_once(['.', '[']) {
                // A path: found in the text, unless the value writes no field it starts with.
                let written = line_of(text, field).is_some();
                assert_eq!(got, (!written).then_some(None), "{key} is a path\n{text}");
            } else {
                assert_eq!(got, Some(line_of(text, key)), "{key}\n{text}");
            }
        }
        true
    }

    #[test]
    fn a_canonical_record_finds_its_fields_lines_as_its_text_does() {
        let files = shipped();
        let mut keys: Vec<&str> = files
            .iter()
            .flat_map(|(_, text)| text.lines())
            .filter(|line| !line.starts_with([' ', '-', '#']))
            .filter_map(|line| line.split_once(':').map(|(key, _)| key))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys.extend(["no_such_field", "review.due", "actions[0].due", "offer.on"]);
        assert!(
            keys.contains(&"accepted") && keys.contains(&"review"),
            "{keys:?}"
        );
        let known = files
            .iter()
            .filter(|(kind, text)| match kind {
                Kind::Risk => field_lines_agree::<Risk>(text, &keys),
                Kind::Incident => field_lines_agree::<Incident>(text, &keys),
                Kind::Claim => field_lines_agree::<Claim>(text, &keys),
                Kind::Swot => field_lines_agree::<crate::model::Swot>(text, &keys),
                Kind::Pestle => field_lines_agree::<crate::model::Pestle>(text, &keys),
            })
            .count();
        assert!(known + 10 >= files.len(), "{known} of {}", files.len());
        // A text that is not canonical knows no lines: its text tells.
        let (risk, lines) = crate::codec::read_keyed::<Risk>(
            "# a note\nid: RISK-0001\ntitle: x\nlikelihood: 2\nimpact: 3\n",
        )
        .unwrap();
        assert_eq!(lines, None);
        assert_eq!(
            crate::codec::field_line(&risk, &KeyLines::default(), "title"),
            None
        );
        // Keys more than 255 lines apart are not kept: the text tells then.
        let mut risk = risk;
        risk.contingency = (0..300).map(|i| format!("step {i}")).collect();
        risk.notes = Some("after the steps".into());
        let text = to_string(&risk);
        let (read, lines) = crate::codec::read_keyed::<Risk>(&text).unwrap();
        assert_eq!(read, risk);
        let lines = lines.expect("canonical");
        assert_eq!(crate::codec::field_line(&read, &lines, "title"), None);
        assert_eq!(lines, KeyLines::default());
    }

    #[test]
    fn a_path_under_a_field_is_found_by_writing_the_field_alone() {
        use crate::codec::{field_line, locate::line_of, read_keyed, write_field};
        fn line_under<V: Serialize>(
            field: &'static str,
            inner: &V,
            start: usize,
            path: &str,
        ) -> Option<usize> {
            line_of(&write_field(field, inner), path).map(|line| line + start - 1)
        }
        let mut seen = 0;
        for (kind, text) in shipped() {
            let (actions, lines, controls) = match kind {
                Kind::Risk => {
                    let (risk, lines) = read_keyed::<Risk>(&text).unwrap();
                    let start = lines.and_then(|l| field_line(&risk, &l, "controls")?);
                    let controls = start.map(|start| (risk.controls.clone(), start));
                    (risk.actions.clone(), field_line_of(&risk, &text), controls)
                }
                Kind::Incident => {
                    let (incident, _) = read_keyed::<Incident>(&text).unwrap();
                    (
                        incident.actions.clone(),
                        field_line_of(&incident, &text),
                        None,
                    )
                }
                _ => continue,
            };
            let Some(start) = lines else { continue };
            for i in 0..actions.len() {
                for path in [
                    format!("actions[{i}].due"),
                    format!("actions[{i}]"),
                    format!("actions[{i}].title"),
                ] {
                    assert_eq!(
                        line_under("actions", &actions, start, &path),
                        line_of(&text, &path),
                        "{path}\n{text}"
                    );
                    seen += 1;
                }
            }
            if let Some((controls, start)) = controls {
                for i in 0..controls.len() {
                    let path = format!("controls[{i}].tested");
                    assert_eq!(
                        line_under("controls", &controls, start, &path),
                        line_of(&text, &path),
                        "{path}\n{text}"
                    );
                }
            }
        }
        assert!(seen > 30, "{seen} paths");
    }

    /// The line of a canonical record's `actions` field, if it has one.
    fn field_line_of<T>(value: &T, text: &str) -> Option<usize>
    where
        T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
    {
        let (_, lines) = crate::codec::read_keyed::<T>(text).ok()?;
        crate::codec::field_line(value, &lines?, "actions")?
    }

    #[test]
    fn shipped_records_take_the_fast_reader_and_read_as_the_crate_reads_them() {
        let files = shipped();
        let fast = files
            .iter()
            .filter(|(kind, text)| match kind {
                Kind::Risk => read_both::<Risk>(text),
                Kind::Incident => read_both::<Incident>(text),
                Kind::Claim => read_both::<Claim>(text),
                Kind::Swot => read_both::<crate::model::Swot>(text),
                Kind::Pestle => read_both::<crate::model::Pestle>(text),
            })
            .count();
        // Only the few files that hold comments are left to the crate.
        assert!(
            files.len() > 100 && fast + 10 >= files.len(),
            "{fast} of {}",
            files.len()
        );
    }

    /// Fixture records written by hand, not in canonical form on purpose (flow lists, `Z`
    /// times, double quotes, comments): `risk fmt` and the `format` rule have work to do on them.
    const HAND_WRITTEN: &[&str] = &[
        "tests/fixtures/board/register/claims/CLM-0006.yaml",
        "tests/fixtures/board/register/claims/INC-0001/CLM-0001.yaml",
        "tests/fixtures/board/register/claims/INC-0001/CLM-0002.yaml",
        "tests/fixtures/board/register/incidents/INC-0001.yaml",
        "tests/fixtures/board/register/incidents/INC-0002.yaml",
        "tests/fixtures/board/register/incidents/INC-0003.yaml",
        "tests/fixtures/board/register/risks/RISK-0001.yaml",
        "tests/fixtures/board/register/risks/RISK-0002.yaml",
        "tests/fixtures/board/register/risks/RISK-0003.yaml",
        "tests/fixtures/board/register/risks/RISK-0004.yaml",
        "tests/fixtures/board/register/risks/RISK-0005.yaml",
        "tests/fixtures/board/register/risks/RISK-0006.yaml",
        "tests/fixtures/board/register/risks/RISK-0007.yaml",
        "tests/fixtures/board/register/risks/RISK-0009.yaml",
        "tests/fixtures/hostile/register/incidents/INC-0001.yaml",
        "tests/fixtures/hostile/register/risks/RISK-0001.yaml",
        "tests/fixtures/incidents/register/incidents/INC-0003.yaml",
        "tests/fixtures/incidents/register/incidents/INC-0004.yaml",
        "tests/fixtures/pr-ci/register/risks/RISK-0002.yaml",
        "tests/fixtures/pr-fmt/register/claims/CLM-0001.yaml",
        "tests/fixtures/pr-fmt/register/incidents/INC-0001.yaml",
        "tests/fixtures/pr-fmt/register/risks/RISK-0001.yaml",
        "tests/fixtures/pr-fmt/register/risks/RISK-0002.yaml",
        "tests/fixtures/pr-fmt/register/risks/RISK-0003.yaml",
    ];

    /// Writes what a file reads as; the second value says whether that is the file's text.
    fn write_back<T>(text: &str) -> (String, bool)
    where
        T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
    {
        let value: T = parse(text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        let written = to_string(&value);
        // Canonical or not, the written text is canonical: it reads back and writes the same.
        assert_eq!(parse::<T>(&written).as_ref(), Ok(&value), "{written}");
        assert_eq!(to_string(&parse::<T>(&written).unwrap()), written);
        let same = written == text;
        (written, same)
    }

    #[test]
    fn every_shipped_canonical_record_writes_back_byte_for_byte() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seen = (0, Vec::new());
        for top in ["register", "examples", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(root.join(top))
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
            {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy();
                let in_register = path.components().any(|c| c.as_os_str() == "register");
                if !in_register || path.extension().is_none_or(|e| e != "yaml") {
                    continue;
                }
                let text = std::fs::read_to_string(path).unwrap();
                let (written, same) = if name.starts_with("RISK-") {
                    write_back::<Risk>(&text)
                } else if name.starts_with("INC-") {
                    write_back::<Incident>(&text)
                } else if name.starts_with("CLM-") {
                    write_back::<Claim>(&text)
                } else {
                    continue;
                };
                let file = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                seen.0 += 1;
                if HAND_WRITTEN.contains(&file.as_str()) {
                    assert!(!same, "{file} is canonical now; take it off HAND_WRITTEN");
                    seen.1.push(file);
                } else {
                    assert_eq!(written, text, "{file} does not write back as it is");
                }
            }
        }
        assert!(seen.0 > 150, "found only {} record files", seen.0);
        assert_eq!(
            seen.1.len(),
            HAND_WRITTEN.len(),
            "a HAND_WRITTEN file is missing"
        );
    }

    const CLAIM: &str = "id: CLM-0006\nincident: INC-0001\ncustomer: CUST-42155\n\
        received: 2026-09-28\nrequested:\n  type: refund\n  amount: 391.31\nevidence:\n\
        - boarding pass\n- booking reference seen\n\
        decision_note: 'Rejected: it''s a week late'\n";

    #[test]
    fn only_canonical_text_takes_the_fast_reader() {
        assert!(read_both::<Claim>(CLAIM));
        let variants = [
            CLAIM.replace(
                "customer: CUST-42155\nreceived: 2026-09-28",
                "received: 2026-09-28\ncustomer: CUST-42155",
            ),
            CLAIM.replace("CUST-42155", "CUST-42155 # pseudonym"),
            CLAIM.replace("CUST-42155", "'CUST-42155'"),
            CLAIM.replace("CUST-42155", "\"CUST-42155\""),
            CLAIM.replace("391.31", "391.310"),
            CLAIM.replace("391.31", "3.9131e2"),
            CLAIM
                .replace("\n- boarding", "\n  - boarding")
                .replace("\n- booking", "\n  - booking"),
            CLAIM.replace(
                "evidence:\n- boarding pass\n- booking reference seen",
                "evidence: [boarding pass, booking reference seen]",
            ),
            CLAIM.replace(
                "requested:\n  type: refund\n  amount: 391.31",
                "requested: {type: refund, amount: 391.31}",
            ),
            CLAIM.replace("\n", "\r\n"),
            CLAIM.replace("INC-0001\n", "INC-0001   \n"),
            CLAIM.replace("received:", "\nreceived:"),
            CLAIM.trim_end().to_string(),
            format!("---\n{CLAIM}"),
        ];
        for text in &variants {
            assert!(!read_both::<Claim>(text), "took {text}");
        }
        // Text the fast reader would misread never gets past the written-back check.
        let twice = CLAIM.replace(
            "customer: CUST-42155\n",
            "customer: CUST-1\ncustomer: CUST-42155\n",
        );
        assert!(!read_both::<Claim>(
            &CLAIM.replace("- boarding pass\n", "- - boarding pass\n")
        ));
        assert!(!read_both::<Claim>(&twice));
        assert!(parse::<Claim>(&twice).is_err());
    }

    #[test]
    fn deep_indentation_is_left_to_the_crate() {
        let mut text = String::from("id: RISK-0001\ntitle: x\nlikelihood: 2\nimpact: 3\nnotes:\n");
        for depth in 1..5000 {
            text.push_str(&" ".repeat(depth * 2));
            text.push_str("a:\n");
        }
        assert!(super::super::canonical::from_str_keyed::<Risk>(&text).is_none());
        // Text that `parse` refuses for its brackets is refused by the fast path too.
        for brackets in [130, 18_000] {
            let title = format!("a - {}", "[".repeat(brackets));
            let text = format!("id: RISK-0001\ntitle: {title}\nlikelihood: 2\nimpact: 3\n");
            assert!(super::super::canonical::from_str_keyed::<Risk>(&text).is_some());
            assert!(parse::<Risk>(&text).is_err());
            assert!(read_canonical::<Risk>(&text).is_none());
        }
        assert!(read_canonical::<Risk>(&text).is_none());
    }
}
