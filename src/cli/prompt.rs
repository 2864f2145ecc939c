//! Questions at a terminal: every answer is checked where it is typed, by the same parser or
//! validator its flag uses, and asked again until it is good; choice lists filter as you type.

use anyhow::Result;
use chrono::NaiveDate;
use dialoguer::{FuzzySelect, Input, theme::ColorfulTheme};

use crate::output::escape;

fn theme() -> ColorfulTheme {
    ColorfulTheme::default()
}

/// A required line of text, asked again while `check` refuses it (or it is blank).
pub fn text(prompt: &str, check: impl Fn(&str) -> Result<(), String>) -> Result<String> {
    needed(prompt, "an answer is needed", check)
}

/// A required line of text; a blank answer is refused with `why` it is needed.
pub fn needed(
    prompt: &str,
    why: &str,
    check: impl Fn(&str) -> Result<(), String>,
) -> Result<String> {
    let answer: String = Input::with_theme(&theme())
        .with_prompt(prompt)
        // Blank answers reach the validator, which says why one is needed.
        .allow_empty(true)
        .validate_with(move |text: &String| {
            if text.trim().is_empty() {
                return Err(why.to_string());
            }
            check(text.trim())
        })
        .interact_text()?;
    Ok(answer.trim().to_string())
}

/// An optional line of text (blank for none), asked again while `check` refuses it.
pub fn optional(
    prompt: &str,
    check: impl Fn(&str) -> Result<(), String>,
) -> Result<Option<String>> {
    let answer: String = Input::with_theme(&theme())
        .with_prompt(prompt)
        .allow_empty(true)
        .validate_with(move |text: &String| {
            if text.trim().is_empty() {
                Ok(())
            } else {
                check(text.trim())
            }
        })
        .interact_text()?;
    Ok(Some(answer.trim().to_string()).filter(|a| !a.is_empty()))
}

/// A value read by `parse` (the flag's own parser), asked again until it parses and `check`
/// accepts it; blank is None when `required` is false.
pub fn parsed<T>(
    prompt: &str,
    required: bool,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>> {
    let check = |text: &str| parse(text).map(|_| ());
    let answer = if required {
        Some(text(prompt, check)?)
    } else {
        optional(prompt, check)?
    };
    // Parsed once more to hand back the value: the prompt has accepted exactly this text.
    answer
        .map(|a| parse(&a).map_err(anyhow::Error::msg))
        .transpose()
}

/// A date (YYYY-MM-DD) read by the parser the date flags use.
pub fn date(prompt: &str, required: bool) -> Result<Option<NaiveDate>> {
    parsed(prompt, required, super::dates::parse_date)
}

/// One of `labels`, chosen by typing part of it (or moving with the arrow keys).
pub fn choose(prompt: &str, labels: &[String], default: usize) -> Result<usize> {
    let shown: Vec<String> = labels
        .iter()
        .map(|l| escape::terminal_line(l).into_owned())
        .collect();
    Ok(FuzzySelect::with_theme(&theme())
        .with_prompt(prompt)
        .items(&shown)
        .default(default.min(shown.len().saturating_sub(1)))
        .interact()?)
}

/// The value of a flag read by `parse`: as given, else asked for at a terminal (and asked again
/// until it parses), else an error naming the missing flag.
pub fn required<T>(
    ctx: &super::Ctx,
    value: Option<T>,
    flag: &str,
    prompt: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<T> {
    match value {
        Some(value) => Ok(value),
        None if ctx.interactive() => match parsed(prompt, true, parse)? {
            Some(value) => Ok(value),
            None => anyhow::bail!("{flag} must not be empty"),
        },
        None => anyhow::bail!(
            "missing {flag} (stdin is not a terminal, or --no-input was given, so nothing was asked)"
        ),
    }
}
