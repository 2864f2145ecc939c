//! `risk coverage`: the stage × category grid of open risks, empty cells flagged, and the
//! financial, reputational and health-and-safety risks each stage still lacks.

use crate::support::{RegisterTest, keys};

fn register() -> RegisterTest {
    let r = RegisterTest::with_settings(
        "stages: [sale, delivery]\n\
         categories: [financial, reputational, health_safety, operational]\n",
    );
    let risk = |stage: &str, category: &str| {
        format!("title: t\nstage: {stage}\ncategory: {category}\nlikelihood: 2\nimpact: 2\n")
    };
    r.risk("RISK-0001", &risk("sale", "financial"))
        .risk("RISK-0002", &risk("sale", "reputational"))
        .risk("RISK-0003", &risk("sale", "health_safety"))
        .risk("RISK-0010", &risk("sale", "financial"))
        .risk("RISK-0004", &risk("delivery", "operational"))
        .risk(
            "RISK-0005",
            &format!("{}status: closed\n", risk("delivery", "financial")),
        )
        .risk(
            "RISK-0006",
            "title: t\nstage: delivery\nlikelihood: 1\nimpact: 1\n",
        );
    r
}

#[test]
fn json_lists_every_cell_and_the_missing_ones() {
    let r = register();
    let v = r.run(["coverage", "--format", "json"]).json();
    assert_eq!(
        keys(&v),
        [
            "stages",
            "categories",
            "cells",
            "missing",
            "essentials_missing",
            "unplaced"
        ]
    );
    assert_eq!(v["stages"], serde_json::json!(["sale", "delivery"]));
    assert_eq!(v["cells"].as_array().unwrap().len(), 8);
    assert_eq!(
        v["cells"][0],
        serde_json::json!({"stage": "sale", "category": "financial", "risks": ["RISK-0001", "RISK-0010"]})
    );
    assert_eq!(
        v["missing"],
        serde_json::json!([
            {"stage": "sale", "category": "operational"},
            {"stage": "delivery", "category": "financial"},
            {"stage": "delivery", "category": "reputational"},
            {"stage": "delivery", "category": "health_safety"},
        ])
    );
    assert_eq!(
        v["essentials_missing"],
        serde_json::json!([{"stage": "delivery", "categories": ["financial", "reputational", "health_safety"]}])
    );
    assert_eq!(v["unplaced"], serde_json::json!(["RISK-0006"]));
}

#[test]
fn all_counts_closed_risks_too() {
    let r = register();
    let v = r.run(["coverage", "--all", "--format", "json"]).json();
    assert_eq!(v["cells"][4]["risks"], serde_json::json!(["RISK-0005"]));
    assert_eq!(
        v["essentials_missing"][0]["categories"],
        serde_json::json!(["reputational", "health_safety"])
    );
}

#[test]
fn the_table_flags_empty_cells_and_names_the_missing_essentials() {
    let r = register();
    let text = r.run(["coverage"]).success().stdout_text();
    let sale = text.lines().find(|l| l.contains(" sale ")).unwrap();
    assert!(
        sale.contains(" 2 ") && sale.contains(" — ") && sale.contains("┆ none "),
        "{sale}"
    );
    let delivery = text.lines().find(|l| l.contains(" delivery ")).unwrap();
    assert!(
        delivery.contains("financial, reputational, health_safety"),
        "{delivery}"
    );
    assert!(text.contains("4 of 8 stage × category cells have no open risk (—); 5 risks placed."));
    assert!(text.contains("1 of 2 stages lack at least one of the essential categories"));
    assert!(text.contains("Without a stage or category, not placed: RISK-0006"));
}

#[test]
fn markdown_and_csv() {
    let r = register();
    let md = r
        .run(["coverage", "--format", "md"])
        .success()
        .stdout_text();
    let expected = "\
| stage ↓ category → | financial | reputational | health_safety | operational | essentials missing |
|---|---|---|---|---|---|
| sale | 2 | 1 | 1 | — | none |
| delivery | — | — | — | 1 | financial, reputational, health_safety |
";
    assert!(md.starts_with(expected), "{md}");
    let csv = r
        .run(["coverage", "--format", "csv"])
        .success()
        .stdout_text();
    assert!(csv.starts_with(
        "stage,category,count,risks,missing\nsale,financial,2,RISK-0001 RISK-0010,false\n"
    ));
    assert!(csv.contains("delivery,financial,0,,true\n"));
}

#[test]
fn a_fully_covered_register_says_so() {
    let r = RegisterTest::with_settings(
        "stages: [sale]\ncategories: [financial, reputational, health_safety]\n",
    );
    for (id, category) in [
        ("RISK-0001", "financial"),
        ("RISK-0002", "reputational"),
        ("RISK-0003", "health_safety"),
    ] {
        r.risk(
            id,
            &format!("title: t\nstage: sale\ncategory: {category}\nlikelihood: 1\nimpact: 1\n"),
        );
    }
    r.run(["coverage"])
        .success()
        .stdout(predicates::str::contains(
            "0 of 3 stage × category cells have no open risk (—); 3 risks placed.\n\
             Every stage has its financial, reputational, health_safety risks assessed.\n",
        ));
}
