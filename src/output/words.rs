//! Counts in words: "1 day", "3 days", "1 open risk".

/// `n` and the noun, plural unless `n` is 1: `count(1, "day")` is "1 day".
pub fn count(n: impl Into<i64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {}", plural(noun))
    }
}

/// The plural of the nouns `risk` counts (and of the last word of a phrase).
fn plural(noun: &str) -> String {
    if noun.ends_with('s') || noun.ends_with("sh") || noun.ends_with("ch") {
        format!("{noun}es")
    } else if let Some(stem) = noun.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'o', 'u'])
    {
        format!("{stem}ies")
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_the_rest_plural() {
        assert_eq!(count(1, "day"), "1 day");
        assert_eq!(count(0, "day"), "0 days");
        assert_eq!(count(2, "open risk"), "2 open risks");
        assert_eq!(count(1, "open risk"), "1 open risk");
        assert_eq!(count(3, "incident"), "3 incidents");
        assert_eq!(count(2, "duty"), "2 duties");
        assert_eq!(count(2, "key"), "2 keys");
    }
}
