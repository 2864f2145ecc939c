//! The board report rendered by a real browser (headless Chromium): the DOM it builds, a
//! screenshot kept under target/ for people to look at, and a printed PDF.
//!
//! Needs Debian's `chromium` (`apt-get install -y chromium`). Without it the tests skip with a
//! printed reason, so `cargo test` passes on a machine with nothing but the Rust toolchain;
//! RISK_REQUIRE_BROWSER=1 (`.ci/run` sets it, after installing Chromium) makes a missing
//! browser a failure, so CI can never skip them. RISK_SKIP_BROWSER=1 skips them even when
//! Chromium is there (unless the browser is required).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::RegisterTest;

const BOARD: &str = "board";
const HOSTILE: &str = "hostile";

/// The browser, or None when the test is to be skipped (the reason is printed).
fn chromium() -> Option<PathBuf> {
    let required = std::env::var("RISK_REQUIRE_BROWSER").as_deref() == Ok("1");
    if !required && std::env::var("RISK_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("RISK_SKIP_BROWSER=1: the browser test of the report is skipped");
        return None;
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
            .find(|p| p.is_file())
    });
    match found {
        Some(path) => Some(path),
        None if required => panic!(
            "RISK_REQUIRE_BROWSER=1 but chromium is not installed: install it with \
             `apt-get install -y chromium` (.ci/run does)"
        ),
        None => {
            eprintln!(
                "SKIPPED: chromium is not on PATH, so the report is not tested in a real browser; \
                 install it with `apt-get install -y chromium` to run this test (CI requires it)"
            );
            None
        }
    }
}

/// target/, where the screenshot is kept as a test artefact.
fn target_dir() -> PathBuf {
    // The test binary lives in target/<profile>/deps/.
    let exe = std::env::current_exe().unwrap();
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// Writes the report of the committed fixture `case` into `dir` and returns its path.
fn write_report(case: &str, dir: &Path) -> PathBuf {
    let out = dir.join("report.html");
    RegisterTest::read_only(case)
        .cmd(["-q", "report", "--out"])
        .arg(&out)
        .success();
    out
}

/// Runs headless Chromium on `page` with `extra` flags; returns stdout. Fails after 90 s.
fn run_chromium(browser: &Path, profile: &Path, extra: &[String], page: &Path) -> String {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut { stdout }, &mut text).map(|_| text)
    });
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium exited with {status}");
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().unwrap().expect("chromium's output is UTF-8")
}

#[test]
fn the_browser_builds_the_heat_maps_and_overdue_rows() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = write_report(BOARD, dir.path());
    let profile = dir.path().join("profile");
    let dom = run_chromium(&browser, &profile, &["--dump-dom".into()], &page);

    assert!(
        dom.contains("<h1>Harbour Air customer service</h1>"),
        "{dom}"
    );
    // Nine; the journey, uncontrolled risks and treatments (no appetite in this register); the
    // lessons learned log; the incident register and every open risk by name.
    assert_eq!(dom.matches("<section ").count(), 15);
    // Two heat maps of 5 × 5 cells, each cell with its band and count.
    assert_eq!(dom.matches("<g class=\"cell\"").count(), 50);
    let cell = "<g class=\"cell\" data-likelihood=\"2\" data-impact=\"4\" data-band=\"medium\" data-count=\"2\">";
    assert_eq!(
        dom.matches(cell).count(),
        1,
        "current map: RISK-0002 and RISK-0005"
    );
    let at = dom.find(cell).unwrap();
    let group = &dom[at..at + dom[at..].find("</g>").unwrap()];
    assert!(group.contains(">medium</text>"), "{group}");
    assert!(group.contains("class=\"count\">2</text>"), "{group}");
    assert!(group.contains(">RISK-0002</text>") && group.contains(">RISK-0005</text>"));
    assert!(dom.contains(
        "<g class=\"cell\" data-likelihood=\"5\" data-impact=\"3\" data-band=\"high\" data-count=\"1\">"
    ));
    // The tables behind the heat maps say the same in words.
    assert!(dom.contains(
        "<td data-likelihood=\"2\" data-impact=\"4\" data-count=\"2\">medium, 2 risks: RISK-0002, RISK-0005</td>"
    ));
    // The current map holds the 8 open risks, the closed one left out.
    let start = dom.find("<svg class=\"heatmap\"").unwrap();
    let map = &dom[start..start + dom[start..].find("</svg>").unwrap()];
    let placed: usize = map
        .match_indices("data-count=\"")
        .map(|(i, m)| {
            let rest = &map[i + m.len()..];
            rest[..rest.find('"').unwrap()].parse::<usize>().unwrap()
        })
        .sum();
    assert_eq!(placed, 8);
    assert!(!map.contains("RISK-0008"));
    // Overdue actions: six rows, grouped by owner, the most overdue first within an owner.
    assert_eq!(dom.matches("<tr class=\"overdue\"").count(), 6);
    let vendor = dom.find("<tbody data-owner=\"it-vendor-mgr\">").unwrap();
    let rows = &dom[vendor..vendor + dom[vendor..].find("</tbody>").unwrap()];
    let first = rows
        .find("data-record=\"RISK-0001\" data-action=\"A1\"")
        .unwrap();
    let second = rows
        .find("data-record=\"INC-0001\" data-action=\"A1\"")
        .unwrap();
    assert!(first < second, "146 days overdue before 13");
    assert!(rows.contains("<td class=\"num\">146</td>"));
    // Nothing ran: the page has no script, and the browser added none.
    assert!(!dom.contains("<script"));
}

#[test]
fn escaped_records_stay_text_in_the_browser() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = write_report(HOSTILE, dir.path());
    let dom = run_chromium(
        &browser,
        &dir.path().join("profile"),
        &["--dump-dom".into()],
        &page,
    );
    // The injected markup did not become elements.
    assert_eq!(dom.matches("<h1>").count(), 1);
    assert!(!dom.contains("<script") && !dom.contains("<iframe") && !dom.contains("<img"));
    assert!(dom.contains("&lt;script&gt;alert(\"title\")&lt;/script&gt; &amp; friends"));
    assert_eq!(dom.matches("<g class=\"cell\"").count(), 32);
}

#[test]
fn a_screenshot_and_a_printed_pdf_are_kept_under_target() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = write_report(BOARD, dir.path());
    let profile = dir.path().join("profile");
    let target = target_dir();
    std::fs::create_dir_all(&target).unwrap();

    let shot = target.join("report-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        &browser,
        &profile,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000".into(),
        ],
        &page,
    );
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1280, 2000));
    assert!(png.len() > 50_000, "a blank page would be far smaller");

    let pdf = target.join("report-print.pdf");
    let _ = std::fs::remove_file(&pdf);
    run_chromium(
        &browser,
        &profile,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
        &page,
    );
    let bytes = std::fs::read(&pdf).expect("a PDF was printed");
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&bytes);
    let pages = text
        .match_indices("/Type /Page")
        .filter(|(i, m)| !text[i + m.len()..].starts_with('s'))
        .count();
    // The print stylesheet starts the big sections on new pages.
    assert!((5..=12).contains(&pages), "{pages} pages");
}
