//! The one file that touches the YAML crate: parse records with located errors, write them canonically.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::model::money::{YAML_NUMBER_MARK, with_money_as_yaml_number};
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
    serde_yaml::from_str(text).map_err(|e| translate(&e))
}

/// Writes a value in canonical form: struct key order, block style, two-space indent,
/// money as bare decimals with two places, a trailing newline.
pub fn to_string<T: Serialize>(value: &T) -> String {
    let text = with_money_as_yaml_number(|| serde_yaml::to_string(value))
        .unwrap_or_else(|e| unreachable!("records always serialize: {e}"));
    text.replace(YAML_NUMBER_MARK, "")
}

/// Applies `key=value` edits (dotted keys, e.g. `impact.financial=4`) to a record's text and
/// reads the result back as `T`. An empty value removes the key.
pub fn edit<T: DeserializeOwned>(text: &str, sets: &[(String, String)]) -> Result<T, YamlError> {
    let mut doc: Value = serde_yaml::from_str(text).map_err(|e| translate(&e))?;
    for (key, raw) in sets {
        let value = if raw.is_empty() {
            None
        } else {
            Some(serde_yaml::from_str::<Value>(raw).unwrap_or_else(|_| Value::String(raw.clone())))
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
    } else if message.contains("did not match any variant of untagged enum Impact") {
        message =
            "expected one level (impact: 4) or a level per dimension (impact: {financial: 4})"
                .to_string();
    } else {
        for (rust, plain) in [
            ("expected u8", "expected a whole number"),
            ("expected u32", "expected a whole number"),
            ("expected u64", "expected a whole number"),
            ("expected a borrowed string", "expected text"),
            ("expected a string", "expected text"),
            ("expected a sequence", "expected a list"),
            ("expected struct ", "expected a map "),
            ("expected a map ", "expected a map"),
        ] {
            message = message.replace(rust, plain);
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
}
