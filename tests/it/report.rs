//! `risk report`: one self-contained, deterministic, escaped HTML file.

use predicates::prelude::*;

use crate::support::RegisterTest;

const BOARD: &str = "board";
const HOSTILE: &str = "hostile";
const EMPTY: &str = "empty";

/// The report of a committed fixture register, on stdout.
fn report(case: &str) -> String {
    RegisterTest::read_only(case)
        .run(["report", "--out", "-"])
        .success()
        .stdout_text()
}

#[test]
fn the_report_matches_its_snapshot() {
    snapbox::assert_data_eq!(
        report(BOARD),
        snapbox::file!["../snapshots/board-report.html"]
    );
}

#[test]
fn the_same_register_and_day_give_the_same_bytes() {
    assert_eq!(report(BOARD), report(BOARD));
    let other = RegisterTest::read_only(BOARD)
        .run(["--today", "2026-12-24", "report", "--out", "-"])
        .output()
        .stdout
        .clone();
    assert_ne!(report(BOARD).into_bytes(), other, "--today must matter");
}

#[test]
fn the_report_is_self_contained() {
    let html = report(BOARD);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    for banned in ["<script", "<link", "src=", "https://", "url(", "@import"] {
        assert!(!html.contains(banned), "the report holds `{banned}`");
    }
    // The only http URL is the SVG namespace, which is a name, not a request.
    assert_eq!(
        html.matches("http://").count(),
        html.matches("http://www.w3.org/2000/svg").count()
    );
    assert!(html.contains("<style>") && html.contains("@media print"));
    assert!(html.contains("<svg class=\"heatmap\""));
}

#[test]
fn the_report_shows_every_section_under_a_real_heading() {
    let html = report(BOARD);
    assert_eq!(html.matches("<h1>").count(), 1);
    assert!(html.contains("<h1>Harbour Air customer service</h1>"));
    assert!(html.contains("<time datetime=\"2026-11-23\">2026-11-23</time>"));
    for heading in [
        "At a glance",
        "Risk heat maps",
        "Top risks",
        "Overdue actions by owner",
        "Reviews due",
        "Incidents",
        "Missed duties",
        "Claims and compensation",
        "SWOT analysis",
        "Lessons learned",
    ] {
        assert!(
            html.contains(&format!("-h\">{heading}</h2>")),
            "no h2 {heading}"
        );
    }
    // Every chart has a data table behind it.
    let charts = html.matches("role=\"img\"").count();
    let tables = html.matches("<table").count();
    assert!(charts >= 6, "{charts} charts");
    assert!(tables >= charts, "{tables} tables for {charts} charts");
}

#[test]
fn the_report_carries_the_figures_of_the_register() {
    let html = report(BOARD);
    // Heat-map cells carry their band name and count as text, not only as colour.
    assert!(html.contains(
        "<g class=\"cell\" data-likelihood=\"2\" data-impact=\"4\" data-band=\"medium\" data-count=\"2\">"
    ));
    assert!(html.contains("medium, 2 risks: RISK-0002, RISK-0005"));
    // Closed RISK-0008 is left out of the heat maps.
    assert!(!html.contains("RISK-0008"));
    // Overdue actions by owner, the unowned last.
    let owners: Vec<&str> = html
        .match_indices("<tbody data-owner=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(
        owners,
        [
            "complaints-lead",
            "it-vendor-mgr",
            "privacy-officer",
            "training-team",
            ""
        ]
    );
    assert!(html.contains("data-record=\"RISK-0001\" data-action=\"A1\""));
    // Reviews: two overdue, two due within 30 days, earliest first.
    let reviews = &html[html.find("<table class=\"reviews\">").unwrap()..];
    let reviews = &reviews[..reviews.find("</table>").unwrap()];
    let order: Vec<usize> = ["RISK-0004", "RISK-0001", "RISK-0006", "RISK-0003"]
        .iter()
        .map(|id| reviews.find(&format!(">{id}<")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(reviews.contains("<span class=\"flag\">overdue</span> 205 days"));
    assert!(reviews.contains("due in 5 days"));
    assert!(
        !reviews.contains("RISK-0009"),
        "due in 37 days: not yet listed"
    );
    // Missed duties: done late or undone past due, incidents and claims alike.
    assert_eq!(html.matches("<tr class=\"missed\"").count(), 8);
    assert!(html.contains("data-record=\"CLM-0004\" data-item=\"acknowledge\""));
    // Money, SLA and satisfaction.
    assert!(html.contains("<span class=\"unit\">EUR</span> 565.00"));
    assert!(html.contains("<strong class=\"sla-total\">68%</strong>"));
    assert!(html.contains("<strong class=\"satisfaction\">4.0 out of 5</strong>"));
    assert!(html.contains("over budget"));
    // A lesson of a review held over 30 days ago that went nowhere is flagged (DESIGN 11.2).
    assert!(html.contains(
        "<li>Keep passenger contact data exportable offline <strong>not yet actioned</strong></li>"
    ));
}

#[test]
fn text_from_records_is_escaped() {
    let html = report(HOSTILE);
    for raw in [
        "<script>",
        "<img src=x",
        "</title><h1>",
        "<iframe",
        "<b>1</b>",
        "<Co>",
        "o'brien <ops>",
    ] {
        assert!(!html.contains(raw), "unescaped `{raw}` in the report");
    }
    assert!(html.contains("&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; friends"));
    assert!(html.contains("<h1>Tests &amp; &lt;Co&gt; &quot;risk&quot; register</h1>"));
    assert!(html.contains("o&#39;brien &lt;ops&gt;"));
    assert!(html.contains("&lt;iframe src=&quot;https://example.com&quot;&gt;&lt;/iframe&gt;"));
}

#[test]
fn band_colours_follow_the_position_of_each_band_in_the_settings() {
    let html = report(HOSTILE);
    // Four bands: the lowest green, the highest red, the two between them in between.
    assert!(html.contains(".band-0 { background: #9bd69b; }"));
    assert!(html.contains(".band-3 { background: #f28c82; }"));
    assert!(html.contains(".band-1 {") && html.contains(".band-2 {"));
    assert!(!html.contains(".band-4 {"));
    // A 4 × 4 matrix with the register's own labels.
    assert_eq!(html.matches("<g class=\"cell\"").count(), 2 * 16);
    assert!(html.contains(">4 frequent</text>") && html.contains(">4 critical</text>"));
    assert!(html.contains("data-band=\"severe\" data-count=\"1\""));
}

#[test]
fn an_empty_register_still_makes_a_report() {
    let html = report(EMPTY);
    assert!(html.contains("No open risks."));
    assert!(html.contains("No action is overdue."));
    assert!(html.contains("No claims."));
    assert!(html.contains("No post-incident review has recorded lessons yet."));
    assert!(html.ends_with("</html>\n"));
}

#[test]
fn the_report_is_written_to_report_html_by_default() {
    let dir = tempfile::tempdir().unwrap();
    RegisterTest::read_only(BOARD)
        .cmd(["report"])
        .current_dir(dir.path())
        .success()
        .stdout(predicate::str::starts_with(
            "wrote report.html (8 open risks",
        ));
    let written = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert_eq!(written, report(BOARD));
    // Written atomically: no temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["report.html"]);
}

#[test]
fn out_names_the_file_and_replaces_an_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("board.html");
    std::fs::write(&out, "old").unwrap();
    RegisterTest::read_only(BOARD)
        .cmd(["-q", "report", "--out"])
        .arg(&out)
        .success()
        .stdout("");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), report(BOARD));
}

#[test]
fn a_report_that_cannot_be_written_fails_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing/folder/report.html");
    let board = RegisterTest::read_only(BOARD);
    board
        .cmd(["report", "--out"])
        .arg(&out)
        .code(2)
        .stderr(predicate::str::contains("cannot write the report"));
    assert!(!dir.path().join("missing").exists());
    board
        .cmd(["report", "--out"])
        .arg(dir.path())
        .code(2)
        .stderr(predicate::str::contains("is a folder"));
}

#[test]
fn report_refuses_a_format() {
    RegisterTest::read_only(BOARD)
        .run(["report", "--format", "json"])
        .code(2)
        .stderr(predicate::str::contains("does not apply"));
}
