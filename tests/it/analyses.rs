//! SWOT and PESTLE analyses (DESIGN 11.1): records like any other (load, check, fmt, renumber,
//! export), the `swot` grid and `pestle` table, `analysis add`, `coverage --by pestle`, and the
//! `analysis-unlinked` rule.

use crate::support::RegisterTest;

const SWOT: &str = "id: SWOT-0001\ntitle: Service SWOT\nheld: 2026-03-01\nstrengths:\n- Loyal flyers\nweaknesses:\n- text: One reservation provider\n  risks:\n  - RISK-0001\n- Slow refunds\nopportunities:\n- Self-service rebooking\nthreats:\n- text: Passenger-rights enforcement\n  risks:\n  - RISK-0002\n- text: Fuel prices\n  dismissed: outside customer service\n";

const PESTLE: &str = "id: PESTLE-0001\ntitle: External factors\nheld: 2026-03-01\nlegal:\n- text: EU 261 case law\n  risks:\n  - RISK-0002\ntechnological:\n- Cloud outages\n";

fn register() -> RegisterTest {
    let r = RegisterTest::new();
    r.risk(
        "RISK-0001",
        "title: Outage\nstage: delivery\npestle:\n- technological\nlikelihood: 5\nimpact: 4\nowner: ops\n",
    )
    .risk(
        "RISK-0002",
        "title: Compensation refused\nstage: complaints\npestle:\n- legal\n- political\nlikelihood: 2\nimpact: 2\n",
    )
    .write("analyses/SWOT-0001.yaml", SWOT)
    .write("analyses/PESTLE-0001.yaml", PESTLE);
    r
}

#[test]
fn the_swot_table_is_the_two_by_two_grid_with_risks_and_bands() {
    let r = register();
    let out = r.run(["swot"]).success();
    let text = String::from_utf8(out.output().stdout.clone()).unwrap();
    // The whole grid, byte for byte: a snapshot of the table.
    let expected = "\
SWOT-0001: Service SWOT, held 2026-03-01
┌──────────────────────────┬─────────────────────────────────────────┐
│ STRENGTHS                ┆ WEAKNESSES                              │
│ • Loyal flyers           ┆ • One reservation provider              │
│                          ┆   ↳ RISK-0001 high (20)                 │
│                          ┆ • Slow refunds                          │
│                          ┆   ↳ no risk                             │
├╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌┼╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌┤
│ OPPORTUNITIES            ┆ THREATS                                 │
│ • Self-service rebooking ┆ • Passenger-rights enforcement          │
│                          ┆   ↳ RISK-0002 low (4)                   │
│                          ┆ • Fuel prices                           │
│                          ┆   ↳ dismissed: outside customer service │
└──────────────────────────┴─────────────────────────────────────────┘
Threats with no risk behind them (1): Fuel prices (dismissed: outside customer service)
";
    assert_eq!(text, expected);
}

#[test]
fn swot_json_and_markdown_carry_each_item_with_its_risks() {
    let r = register();
    let v = r.run(["swot", "SWOT-1", "--format", "json"]).json();
    assert_eq!(v["id"], "SWOT-0001");
    assert_eq!(v["weaknesses"][0]["risks"][0]["band"], "high");
    assert_eq!(v["weaknesses"][1]["risks"], serde_json::json!([]));
    assert_eq!(v["threats"][1]["dismissed"], "outside customer service");
    r.run(["swot", "--format", "md"])
        .success()
        .stdout_has("### Weaknesses\n\n- One reservation provider — RISK-0001 high (20)\n- Slow refunds — **no risk**\n");
}

#[test]
fn swot_without_an_id_takes_the_latest_held() {
    let r = register();
    r.write(
        "analyses/SWOT-0002.yaml",
        "id: SWOT-0002\ntitle: Older SWOT\nheld: 2025-01-01\n",
    );
    r.run(["swot"])
        .success()
        .stdout_has("SWOT-0001: Service SWOT");
    r.run(["swot", "SWOT-0002"])
        .success()
        .stdout_has("SWOT-0002: Older SWOT");
    r.run(["swot", "SWOT-0009"])
        .code(2)
        .stderr_has("no SWOT analysis with id SWOT-0009");
    RegisterTest::new()
        .run(["swot"])
        .code(2)
        .stderr_has("risk analysis add swot");
}

#[test]
fn pestle_lists_each_factor_with_its_items_and_risks() {
    let r = register();
    r.run(["pestle"])
        .success()
        .stdout_has("legal")
        .stdout_has("EU 261 case law")
        .stdout_has("RISK-0002 low (4)")
        .stdout_has("Cloud outages")
        .stdout_has("no risk");
    let v = r.run(["pestle", "--format", "json"]).json();
    let factors: Vec<&str> = v["factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["factor"].as_str().unwrap())
        .collect();
    assert_eq!(
        factors,
        [
            "political",
            "economic",
            "social",
            "technological",
            "legal",
            "environmental"
        ]
    );
    assert_eq!(
        v["factors"][4]["tagged_risks"],
        serde_json::json!(["RISK-0002"])
    );
    r.run(["pestle", "--format", "md"])
        .success()
        .stdout_has("| legal | EU 261 case law | RISK-0002 low (4) |");
}

#[test]
fn analysis_add_starts_one_under_the_next_id_of_its_kind() {
    let r = register();
    r.run([
        "analysis",
        "add",
        "swot",
        "--title",
        "SWOT 2027",
        "--held",
        "2026-11-30",
    ])
    .success()
    .stdout_has("Added SWOT-0002: SWOT 2027 in ");
    assert_eq!(
        r.read("analyses/SWOT-0002.yaml"),
        "id: SWOT-0002\ntitle: SWOT 2027\nheld: 2026-11-30\n"
    );
    r.run(["analysis", "add", "pestle", "--title", "External 2027"])
        .success();
    assert_eq!(
        r.read("analyses/PESTLE-0002.yaml"),
        "id: PESTLE-0002\ntitle: External 2027\nheld: 2026-11-23\n"
    );
    let list = r.run(["analysis", "list", "--format", "json"]).json();
    assert_eq!(list.as_array().unwrap().len(), 4);
    assert_eq!(list[0]["linked"], 2);
}

#[test]
fn an_analysis_naming_a_missing_risk_is_a_dangling_ref() {
    let r = register();
    r.edit(
        "analyses/SWOT-0001.yaml",
        "  - RISK-0002\n",
        "  - RISK-0042\n",
    );
    r.run(["check"]).code(1).stdout_has("error[dangling-ref]: ");
    let v = r.run(["check", "--format", "json"]).stdout_json();
    let e = &v["errors"][0];
    assert_eq!(e["rule"], "dangling-ref");
    assert!(
        e["file"]
            .as_str()
            .unwrap()
            .ends_with("analyses/SWOT-0001.yaml")
    );
    assert_eq!(e["line"], 16);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("RISK-0042 does not exist")
    );
}

#[test]
fn unlinked_weaknesses_threats_and_pestle_items_are_warned_about() {
    let r = register();
    let v = r.run(["check", "--format", "json"]).stdout_json();
    let unlinked: Vec<String> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["rule"] == "analysis-unlinked")
        .map(|w| format!("{}:{}", w["record"].as_str().unwrap(), w["line"]))
        .collect();
    // Slow refunds (a weakness) and Cloud outages (a PESTLE item); not the strength, not the
    // opportunity, not the dismissed threat.
    assert_eq!(unlinked, ["PESTLE-0001:9", "SWOT-0001:10"]);
}

#[test]
fn analyses_are_checked_like_every_record_kind() {
    let r = register();
    // id-mismatch
    r.write("analyses/SWOT-0003.yaml", "id: SWOT-0004\ntitle: x\n");
    // duplicate-id
    r.write("analyses/sub/PESTLE-1.yaml", "id: PESTLE-1\ntitle: y\n");
    // parse: an unknown key inside an item, named with its path
    r.write(
        "analyses/SWOT-0005.yaml",
        "id: SWOT-0005\ntitle: z\nthreats:\n- text: a\n  risk: [RISK-0001]\n",
    );
    let v = r.run(["check", "--format", "json"]).stdout_json();
    let rules: Vec<(&str, &str)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["rule"].as_str().unwrap(), e["file"].as_str().unwrap()))
        .collect();
    assert!(
        rules
            .iter()
            .any(|(r, f)| *r == "id-mismatch" && f.ends_with("SWOT-0003.yaml")),
        "{rules:?}"
    );
    assert!(
        rules
            .iter()
            .any(|(r, f)| *r == "duplicate-id" && f.ends_with("PESTLE-1.yaml")),
        "{rules:?}"
    );
    let parse = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["rule"] == "parse")
        .unwrap();
    assert_eq!(parse["line"], 5);
    assert!(
        parse["message"]
            .as_str()
            .unwrap()
            .contains("threats[0].risk: unknown key (did you mean `risks`?)"),
        "{parse}"
    );
}

#[test]
fn fmt_writes_analyses_in_canonical_form() {
    let r = register();
    r.write(
        "analyses/SWOT-0002.yaml",
        "id: SWOT-0002\ntitle: Flow\nthreats: [{text: a, risks: [RISK-0001]}, {text: b}]\n",
    );
    r.run(["fmt"]).success();
    assert_eq!(
        r.read("analyses/SWOT-0002.yaml"),
        "id: SWOT-0002\ntitle: Flow\nthreats:\n- text: a\n  risks:\n  - RISK-0001\n- text: b\n"
    );
}

#[test]
fn renumbering_a_risk_rewrites_the_analyses_that_name_it() {
    let r = register();
    r.run(["renumber", "RISK-0002"]).success();
    assert!(
        r.read("analyses/SWOT-0001.yaml")
            .contains("  - RISK-0003\n")
    );
    assert!(
        r.read("analyses/PESTLE-0001.yaml")
            .contains("  - RISK-0003\n")
    );
    r.run(["renumber", "SWOT-0001", "--to", "SWOT-0007"])
        .success();
    assert!(r.exists("analyses/SWOT-0007.yaml"));
}

#[test]
fn export_and_show_cover_analyses() {
    let r = register();
    let v = r
        .run(["export", "--kind", "analyses", "--format", "json"])
        .json();
    assert_eq!(v["swots"][0]["id"], "SWOT-0001");
    assert_eq!(v["pestles"][0]["legal"][0]["risks"][0], "RISK-0002");
    r.run(["export", "--kind", "analyses", "--format", "csv"])
        .success()
        .stdout_has(
            "SWOT-0001,Service SWOT,2026-03-01,weaknesses,One reservation provider,RISK-0001,\n",
        );
    r.run(["show", "PESTLE-0001"])
        .success()
        .stdout_has("EU 261 case law");
}

#[test]
fn an_unknown_pestle_factor_is_bad_input_naming_file_line_and_key() {
    let r = register();
    r.risk(
        "RISK-0003",
        "title: t\npestle:\n- legl\nlikelihood: 2\nimpact: 2\n",
    );
    let before = r.tree();
    r.run(["list"])
        .code(2)
        .stderr_has("risks/RISK-0003.yaml:4: pestle[0]: `legl` is not one of political, economic, social, technological, legal, environmental (did you mean `legal`?)");
    r.run([
        "add",
        "--title",
        "x",
        "-l",
        "2",
        "-i",
        "2",
        "--pestle",
        "legal,socail",
    ])
    .code(2)
    .stderr_has("--pestle: `socail` is not one of");
    assert!(before == r.tree(), "nothing was written");
}

#[test]
fn pestle_factors_are_set_with_add_and_edit_and_counted_by_coverage() {
    let r = register();
    r.run([
        "add",
        "--title",
        "Storms",
        "-l",
        "2",
        "-i",
        "2",
        "--stage",
        "delivery",
        "--pestle",
        "environmental, legal",
    ])
    .success();
    assert!(
        r.read("risks/RISK-0003.yaml")
            .contains("pestle:\n- environmental\n- legal\n")
    );
    r.run(["edit", "RISK-0003", "--set", "pestle=[social]"])
        .success();
    assert!(
        r.read("risks/RISK-0003.yaml")
            .contains("pestle:\n- social\n")
    );
    let v = r
        .run(["coverage", "--by", "pestle", "--format", "json"])
        .json();
    assert_eq!(v["factors"].as_array().unwrap().len(), 6);
    let cell = v["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["stage"] == "delivery" && c["factor"] == "social")
        .unwrap();
    assert_eq!(cell["risks"], serde_json::json!(["RISK-0003"]));
    r.run(["coverage", "--by", "pestle"])
        .success()
        .stdout_has("stage ↓ factor →");
}

#[test]
fn the_report_shows_the_latest_swot_and_the_threats_no_risk_covers() {
    let r = register();
    r.write(
        "analyses/SWOT-0002.yaml",
        "id: SWOT-0002\ntitle: Older <b>SWOT</b>\nheld: 2025-01-01\n",
    );
    let html = r.run(["report", "--out", "-"]).success().stdout_text();
    assert!(
        html.contains("<h2 id=\"swot-h\">SWOT analysis</h2>"),
        "{html}"
    );
    assert!(html.contains("SWOT-0001 — Service SWOT, held 2026-03-01."));
    assert!(!html.contains("Older"), "only the latest SWOT is shown");
    assert!(html.contains(
        "<li>One reservation provider <span class=\"note\">→ RISK-0001 (high)</span></li>"
    ));
    assert!(html.contains("<li>Slow refunds <strong>no risk</strong></li>"));
    assert!(html.contains("<p>Threats with no risk behind them:</p>\n<ul class=\"uncovered\">\n<li>Fuel prices <span class=\"note\">(dismissed: outside customer service)</span></li>"));
}

#[test]
fn diff_reports_analyses_added_and_changed() {
    let repo = RegisterTest::git_repo("pr-diff");
    repo.write("analyses/SWOT-0001.yaml", "id: SWOT-0001\ntitle: Before\n");
    repo.commit("a SWOT");
    repo.write(
        "analyses/SWOT-0001.yaml",
        "id: SWOT-0001\ntitle: After\nthreats:\n- text: Outage\n  risks:\n  - RISK-0001\n",
    );
    repo.write(
        "analyses/PESTLE-0001.yaml",
        "id: PESTLE-0001\ntitle: External\nlegal:\n- text: New rules\n  dismissed: not ours\n",
    );
    let v = repo.run(["diff", "HEAD", "--format", "json"]).json();
    assert_eq!(v["added"], serde_json::json!(["PESTLE-0001"]));
    let changed = &v["changed"][0];
    assert_eq!(changed["id"], "SWOT-0001");
    let fields: Vec<&str> = changed["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"title"), "{fields:?}");
}
