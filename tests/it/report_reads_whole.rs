//! The board report reads whole: an incident register (status, severity, customers affected,
//! duties met or missed, claims and compensation, lessons), every open risk named with its
//! title, and no column that wraps its values.

use crate::support::{RegisterTest, TODAY, manifest_dir, risk_bin};

/// The report of the shipped register, on stdout.
fn shipped_report() -> String {
    let output = std::process::Command::new(risk_bin())
        .current_dir(manifest_dir())
        .args(["-R", "register", "--today", TODAY, "report", "--out", "-"])
        .env_remove("RISK_REGISTER")
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..].find("</section>").unwrap() + start;
    &html[start..end]
}

#[test]
fn the_incident_register_has_each_incident_with_its_duties_claims_and_lessons() {
    let html = shipped_report();
    let register = section(&html, "incident-register");
    for id in ["INC-0001", "INC-0002", "INC-0003", "INC-0004"] {
        assert!(
            register.contains(&format!("<td class=\"id\">{id}</td>")),
            "{id}"
        );
    }
    // INC-0002: resolved, severity 3, 412 customers, notify and pir missed, 7 claims.
    let row = register
        .split("<tr>")
        .find(|r| r.contains("INC-0002"))
        .unwrap();
    for text in [
        "resolved",
        ">3<",
        ">412<",
        "2 missed",
        "notify",
        "pir",
        ">7<",
        "paid</span> of",
    ] {
        assert!(row.contains(text), "{text}: {row}");
    }
    assert!(
        register.contains("Keep them at the desks") || register.contains("keep them at the desks")
    );
    assert!(register.contains("<strong>Lessons:</strong> none recorded yet"));
}

#[test]
fn every_open_risk_appears_with_its_title() {
    let listed = RegisterTest::read_only("board").json(["list"]);
    let html = RegisterTest::read_only("board")
        .run(["report", "--out", "-"])
        .success()
        .stdout_text();
    let index = section(&html, "risk-index");
    for risk in listed.as_array().unwrap() {
        let id = risk["id"].as_str().unwrap();
        let title = risk["title"]
            .as_str()
            .unwrap()
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        let row = index
            .split("<tr ")
            .find(|r| r.contains(&format!("id=\"{id}\"")))
            .unwrap_or_else(|| panic!("{id} is not in the index"));
        assert!(row.contains(&title), "{id}: {title} not in {row}");
    }
}

#[test]
fn action_priority_and_numbers_do_not_wrap() {
    let html = shipped_report();
    assert!(
        html.contains("<td class=\"nowrap\">M (medium)</td>")
            || html.contains("<td class=\"nowrap\">H (high)</td>")
    );
    assert!(html.contains("td.num { white-space: nowrap; }"));
    assert!(!html.contains("<td>M (medium)</td>"));
}
