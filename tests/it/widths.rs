//! Tables fit the terminal (`COLUMNS`): titles cut with `…`, low-value columns dropped first,
//! the heat map's grid kept whole; `--wide` shows everything.

use crate::support::{TODAY, manifest_dir, risk_bin};

/// `risk ARGS` on the shipped register with `COLUMNS` set (empty: as when piped).
fn shipped(columns: &str, args: &[&str]) -> String {
    let output = std::process::Command::new(risk_bin())
        .current_dir(manifest_dir())
        .args(["-R", "register", "--today", TODAY])
        .args(args)
        .env("COLUMNS", columns)
        .env("NO_COLOR", "1")
        .env_remove("RISK_REGISTER")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn at_80_columns_no_line_of_the_daily_tables_is_wider() {
    for command in ["list", "overdue", "rank", "actions", "matrix"] {
        let text = shipped("80", &[command]);
        assert!(
            widest(&text) <= 80,
            "{command} is {} wide at COLUMNS=80:\n{text}",
            widest(&text)
        );
        // Piped without COLUMNS the same table is wider: the fitting did something.
        assert!(widest(&shipped("", &[command])) > 80, "{command}");
    }
}

#[test]
fn titles_are_cut_with_an_ellipsis_and_ids_and_bands_stay() {
    let text = shipped("80", &["list"]);
    assert!(text.contains('…'), "{text}");
    for column in ["id", "title", "band"] {
        assert!(
            text.lines().nth(1).unwrap().contains(column),
            "{column}: {text}"
        );
    }
    assert!(
        !text.contains("next_review"),
        "low-value columns drop first: {text}"
    );
    assert!(text.contains("RISK-0001"));
}

#[test]
fn the_heat_map_keeps_its_grid_of_ids() {
    let narrow = shipped("80", &["matrix"]);
    let wide = shipped("", &["matrix"]);
    let ids = |t: &str| t.matches("RISK-").count();
    assert_eq!(ids(&narrow), ids(&wide), "{narrow}");
    assert!(narrow.contains("almost-certain") && narrow.contains("negligible"));
}

#[test]
fn wide_shows_every_column_uncut() {
    let text = shipped("80", &["list", "--wide"]);
    assert!(widest(&text) > 80 && text.contains("next_review") && !text.contains('…'));
}

#[test]
fn every_help_lists_the_global_options_apart_and_ends_with_examples() {
    for args in [
        &["--help"][..],
        &["list", "--help"],
        &["claim", "add", "--help"],
    ] {
        let text = shipped("100", args);
        assert!(text.contains("\nGlobal options:\n"), "{args:?}: {text}");
        let tail = text.trim_end().rsplit("\n\n").next().unwrap();
        assert!(tail.starts_with("Examples:\n  risk "), "{args:?}: {tail}");
    }
}
