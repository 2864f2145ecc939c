//! `risk import` (DESIGN 12): registers kept in spreadsheets, with every trap real templates
//! have, imported without `--map`; bad cells refused with sheet, row, column and value and
//! nothing written; dry runs; re-imports that update and never duplicate.

use std::path::PathBuf;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

use crate::support::{RegisterTest, manifest_dir};

const TODAY: &str = "2026-01-15";

fn fixture_file(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures/import").join(name)
}

/// The register the fixtures are imported into: currency CHF, a likelihood scale with
/// `very-high`.
fn register() -> RegisterTest {
    RegisterTest::fixture("import")
}

fn risks(t: &RegisterTest) -> Vec<Value> {
    let all = t
        .run(["export", "--kind", "risks", "--format", "json"])
        .json();
    all.as_array().unwrap().clone()
}

fn by_ref<'a>(risks: &'a [Value], reference: &str) -> &'a Value {
    risks
        .iter()
        .find(|r| r["ref"] == reference)
        .unwrap_or_else(|| panic!("no risk with ref {reference}: {risks:#?}"))
}

fn import(t: &RegisterTest, file: &std::path::Path, extra: &[&str]) -> crate::support::Run {
    let mut args = vec![
        "import".to_string(),
        file.display().to_string(),
        "--today".into(),
        TODAY.into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    t.run(args)
}

/// The trap workbook: a title row, merged group headings over the inherent and residual
/// ratings, the same column names under each, a description row, ratings as `3 - Possible /
/// Occasional`, `4 - Severe`, `Very High`, dates as text and as serials, numbered multi-line
/// controls, the four Ts, money as `300,000 CHF`, 1,000 formatted empty rows, and a treatment
/// plan sheet with one row per action.
fn trap_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let shaded = Format::new()
        .set_background_color(0xDDEBF7)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let sheet = book.add_worksheet();
    sheet.set_name("Risk Register").unwrap();
    sheet
        .merge_range(0, 0, 0, 14, "Customer Service Risk Register 2023", &bold)
        .unwrap();
    sheet
        .merge_range(2, 3, 2, 5, "Risk Assessment (Inherent Risk)", &bold)
        .unwrap();
    sheet
        .merge_range(2, 6, 2, 8, "Risk Management (Residual Risk)", &bold)
        .unwrap();
    let header = [
        "Risk ID",
        "Risk Title",
        "Risk Description",
        "Likelihood",
        "Impact Score",
        "Risk Rating",
        "Likelihood",
        "Impact Score",
        "Risk Rating",
        "Existing Controls",
        "Treatment",
        "Risk Owner",
        "Date Raised",
        "Financial impact",
        "Directorate",
    ];
    let descriptions = [
        "Unique risk ID",
        "A short name",
        "What could happen and what it would mean",
        "The probability of the risk manifesting",
        "How bad it would be (1-5)",
        "Likelihood x Impact",
        "The probability with controls in place",
        "How bad with controls in place",
        "Likelihood x Impact",
        "What is already done",
        "Treat / Tolerate / Transfer / Terminate",
        "Who answers for it",
        "When it was raised",
        "Estimated loss if it happens",
        "Which part of the organisation",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string_with_format(3, c as u16, *h, &bold)
            .unwrap();
        sheet.write_string(4, c as u16, descriptions[c]).unwrap();
    }
    let text = |sheet: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, v: &str| {
        sheet.write_string(r, c, v).unwrap();
    };
    // Row 6.
    for (c, v) in [
        "CS-01",
        "Booking system outage",
        "The hosted booking system fails at peak. Customers cannot book.",
        "4 - High",
        "4 - Severe",
        "High",
        "3 - Possible / Occasional",
        "4",
        "Medium",
        "1. Daily export of the passenger contact list\n   kept offline at each desk\n2. Second provider on standby",
        "Treat",
        "ops-lead",
        "31/01/2023",
        "300,000 CHF",
        "Operations",
    ]
    .iter()
    .enumerate()
    {
        text(sheet, 5, c as u16, v);
    }
    // Row 7: numbers, a date cell, a label.
    text(sheet, 6, 0, "CS-02");
    text(sheet, 6, 1, "Refunds paid twice");
    text(sheet, 6, 2, "A batch job re-runs and pays refunds twice.");
    text(sheet, 6, 3, "Very High");
    sheet.write_number(6, 4, 3).unwrap();
    text(sheet, 6, 5, "High");
    sheet.write_number(6, 6, 2).unwrap();
    sheet.write_number(6, 7, 3).unwrap();
    text(sheet, 6, 8, "Medium");
    text(
        sheet,
        6,
        9,
        "• Reconciliation every morning\n• Four-eyes check on reruns",
    );
    text(sheet, 6, 10, "Tolerate");
    text(sheet, 6, 11, "billing-lead");
    sheet
        .write_datetime_with_format(6, 12, ExcelDateTime::from_ymd(2023, 2, 1).unwrap(), &date)
        .unwrap();
    sheet.write_number(6, 13, 12500.5).unwrap();
    text(sheet, 6, 14, "Finance");
    // Row 8: a bare serial, Transfer.
    text(sheet, 7, 0, "CS-03");
    text(sheet, 7, 1, "Call centre strike");
    sheet.write_number(7, 3, 2).unwrap();
    sheet.write_number(7, 4, 5).unwrap();
    sheet.write_number(7, 6, 2).unwrap();
    sheet.write_number(7, 7, 4).unwrap();
    text(sheet, 7, 10, "Transfer");
    text(sheet, 7, 11, "care-lead");
    sheet.write_number(7, 12, 45000).unwrap();
    // Row 9: Terminate, no title (the description's first sentence is).
    text(sheet, 8, 0, "CS-04");
    text(
        sheet,
        8,
        2,
        "A pick-up point is on a road without a footpath. Found in May.",
    );
    sheet.write_number(8, 3, 3).unwrap();
    sheet.write_number(8, 4, 5).unwrap();
    sheet.write_number(8, 6, 1).unwrap();
    sheet.write_number(8, 7, 5).unwrap();
    text(sheet, 8, 9, "Risk assessment of every new pick-up point");
    text(sheet, 8, 10, "Terminate");
    text(sheet, 8, 11, "safety-officer");
    text(sheet, 8, 12, "2023-04-15");
    // A thousand formatted, empty rows.
    for r in 9..1009 {
        for c in 0..15 {
            sheet.write_blank(r, c, &shaded).unwrap();
        }
    }
    let plan = book.add_worksheet();
    plan.set_name("Treatment Plan").unwrap();
    for (c, h) in ["Risk ID", "Action", "Action Owner", "Target Date", "Status"]
        .iter()
        .enumerate()
    {
        plan.write_string_with_format(0, c as u16, *h, &bold)
            .unwrap();
    }
    let actions = [
        [
            "CS-01",
            "Contract a failover provider",
            "it-vendor-mgr",
            "30/06/2023",
            "In progress",
        ],
        [
            "CS-01",
            "Print contact lists daily",
            "ops-lead",
            "2023-03-01",
            "Complete",
        ],
        [
            "CS-02",
            "Lock the batch job after one run",
            "billing-lead",
            "31/03/2023",
            "Not started",
        ],
    ];
    for (r, row) in actions.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            plan.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_csv_register_with_every_trap_imports_without_a_map() {
    let t = register();
    import(&t, &fixture_file("risks.csv"), &[])
        .success()
        .stdout_has("row 6: created RISK-0001 (ref CS-01): Booking system outage")
        .stdout_has("4 row(s): 4 created, 0 updated, 0 unchanged");
    let risks = risks(&t);
    assert_eq!(risks.len(), 4, "the 1,000 empty rows are no risks");
    let outage = by_ref(&risks, "CS-01");
    assert_eq!(outage["likelihood"], 3, "`3 - Possible / Occasional`");
    assert_eq!(outage["impact"], 4);
    assert_eq!(
        outage["inherent"]["likelihood"], 4,
        "`4 - High` under the inherent heading"
    );
    assert_eq!(outage["inherent"]["impact"], 4, "`4 - Severe`");
    assert_eq!(
        outage["identified"], "2023-01-31",
        "31/01/2023 is day first"
    );
    assert_eq!(outage["treatment"], "reduce", "Treat");
    assert_eq!(
        outage["controls"],
        serde_json::json!([
            "Daily export of the passenger contact list kept offline at each desk",
            "Second provider on standby",
            "Manual check-in drill twice a year"
        ])
    );
    let notes = outage["notes"].as_str().unwrap();
    assert!(
        notes.contains("Risk rating (Risk Assessment (Inherent Risk)): 16"),
        "{notes}"
    );
    assert!(notes.contains("Directorate: Operations"), "{notes}");
    let refunds = by_ref(&risks, "CS-02");
    assert_eq!(
        refunds["inherent"]["likelihood"], 5,
        "`Very High` is on this scale"
    );
    assert_eq!(refunds["identified"], "2023-02-01", "a serial date as text");
    assert_eq!(refunds["treatment"], "accept", "Tolerate");
    assert_eq!(by_ref(&risks, "CS-03")["treatment"], "transfer");
    let pickup = by_ref(&risks, "CS-04");
    assert_eq!(pickup["treatment"], "avoid", "Terminate");
    assert_eq!(pickup["identified"], "2023-04-15", "15.04.2023");
}

#[test]
fn an_xlsx_register_with_every_trap_imports_without_a_map() {
    let t = register();
    let book = t.beside("register.xlsx", trap_workbook());
    import(&t, &book, &["--dry-run"])
        .success()
        .unchanged()
        .stdout_has("register.xlsx[Risk Register]: header on row 4, descriptions on row 5 skipped")
        .stdout_has("D Likelihood (Risk Assessment (Inherent Risk)) -> inherent.likelihood")
        .stdout_has("H Impact Score (Risk Management (Residual Risk)) -> impact")
        .stdout_has("N Financial impact -> notes (amount)")
        .stdout_has("O Directorate -> notes (kept in notes)")
        .stdout_has(
            "row 9: created RISK-0004 (ref CS-04): A pick-up point is on a road without a footpath",
        )
        .stdout_has("4 row(s): 4 created, 0 updated, 0 unchanged; dry run, nothing written");
    import(&t, &book, &[]).success();
    let risks = risks(&t);
    assert_eq!(risks.len(), 4);
    let outage = by_ref(&risks, "CS-01");
    assert_eq!(
        (outage["likelihood"].clone(), outage["impact"].clone()),
        (3.into(), 4.into())
    );
    assert_eq!(
        outage["inherent"],
        serde_json::json!({"likelihood": 4, "impact": 4})
    );
    assert_eq!(outage["controls"].as_array().unwrap().len(), 2);
    let notes = outage["notes"].as_str().unwrap();
    assert!(notes.contains("Financial impact: 300000.00 CHF"), "{notes}");
    assert!(
        notes.contains("Risk Rating (Risk Management (Residual Risk)): Medium"),
        "{notes}"
    );
    let refunds = by_ref(&risks, "CS-02");
    assert_eq!(refunds["inherent"]["likelihood"], 5);
    assert_eq!(refunds["identified"], "2023-02-01", "a date cell");
    assert_eq!(
        refunds["controls"],
        serde_json::json!(["Reconciliation every morning", "Four-eyes check on reruns"])
    );
    assert_eq!(
        by_ref(&risks, "CS-03")["identified"],
        "2023-03-15",
        "a bare serial"
    );
    assert_eq!(
        by_ref(&risks, "CS-04")["title"],
        "A pick-up point is on a road without a footpath"
    );
}

#[test]
fn the_treatment_plan_sheet_attaches_one_action_per_row_to_its_risk() {
    let t = register();
    let book = t.beside("register.xlsx", trap_workbook());
    import(&t, &book, &[]).success();
    import(&t, &book, &["--kind", "actions"])
        .success()
        .stdout_has("row 2: created RISK-0001/A1 (ref CS-01): Contract a failover provider")
        .stdout_has("3 row(s): 3 created, 0 updated, 0 unchanged");
    let risks = risks(&t);
    let actions = &by_ref(&risks, "CS-01")["actions"];
    assert_eq!(actions[0]["status"], "in_progress");
    assert_eq!(actions[0]["due"], "2023-06-30");
    assert_eq!(actions[1]["status"], "done");
    assert_eq!(
        by_ref(&risks, "CS-02")["actions"][0]["owner"],
        "billing-lead"
    );
    // Again: the same actions, none twice.
    import(&t, &book, &["--kind", "actions"])
        .success()
        .unchanged()
        .stdout_has("3 row(s): 0 created, 0 updated, 3 unchanged");
}

#[test]
fn bad_cells_are_refused_with_sheet_row_header_and_value_and_nothing_is_written() {
    // The default scales have no `Very High`, and the register keeps euros.
    let t = RegisterTest::new();
    let csv = t.beside(
        "risks.csv",
        "Risk ID,Title,Likelihood,Impact,Financial impact,Date raised\n\
         R1,Outage,3,4,\"300,000 EUR\",2023-01-31\n\
         R2,Billing,Very High,3,\"300,000 CHF\",31/13/2023\n\
         R3,Strike,20%,9,,\n",
    );
    let run = import(&t, &csv, &[]).code(2).unchanged();
    let err = run.stderr_text();
    assert!(
        err.contains("risks.csv: 5 problem(s); nothing was imported"),
        "{err}"
    );
    assert!(
        err.contains("risks.csv:3: Likelihood: `Very High` is not on the likelihood scale"),
        "{err}"
    );
    assert!(
        err.contains("risks.csv:3: Financial impact: `300,000 CHF` is in CHF; the register keeps amounts in EUR"),
        "{err}"
    );
    assert!(
        err.contains("risks.csv:3: Date raised: `31/13/2023` is not a date"),
        "{err}"
    );
    assert!(
        err.contains("risks.csv:4: Likelihood: `20%` is a percentage"),
        "{err}"
    );
    assert!(
        err.contains("risks.csv:4: Impact: `9` is outside 1..5"),
        "{err}"
    );
    assert!(!t.exists("risks/RISK-0001.yaml"));
    // In a workbook, the sheet is named too.
    let book = t.beside("register.xlsx", trap_workbook());
    let err = import(&t, &book, &[]).code(2).unchanged().stderr_text();
    assert!(
        err.contains("register.xlsx[Risk Register]:7: Likelihood (Risk Assessment (Inherent Risk)): `Very High` is not on the likelihood scale"),
        "{err}"
    );
    assert!(
        err.contains("register.xlsx[Risk Register]:6: Financial impact: `300,000 CHF` is in CHF"),
        "{err}"
    );
}

#[test]
fn a_sheet_with_many_bad_cells_shows_twenty_and_says_how_to_see_the_rest() {
    let t = RegisterTest::new();
    let mut text = String::from("Risk ID,Title,Likelihood,Impact\n");
    for n in 1..=30 {
        text.push_str(&format!("R{n},Risk {n},9,3\n"));
    }
    let csv = t.beside("risks.csv", text);
    let err = import(&t, &csv, &[]).code(2).unchanged().stderr_text();
    assert!(
        err.contains("risks.csv: 30 problem(s); nothing was imported"),
        "{err}"
    );
    // `risk check` reads the register, not the sheet: it cannot show the other cells.
    assert!(
        err.contains("... and 11 more (fix these and import again to see the rest)"),
        "{err}"
    );
    assert!(!err.contains("risk check"), "{err}");
}

#[test]
fn two_columns_for_one_rating_must_agree() {
    let t = RegisterTest::new();
    let csv = t.beside(
        "risks.csv",
        "Ref,Title,Likelihood,Likelihood score,Impact\nR1,Outage,Possible,3,4\nR2,Billing,Likely,2,3\n",
    );
    let err = import(&t, &csv, &[]).code(2).unchanged().stderr_text();
    assert!(
        err.contains("risks.csv:3: Likelihood score: `2` (level 2) disagrees with Likelihood `Likely` (level 4)"),
        "{err}"
    );
    assert!(!err.contains("risks.csv:2:"), "{err}");
}

#[test]
fn a_dry_run_prints_the_plan_and_writes_nothing() {
    let t = register();
    import(&t, &fixture_file("risks.csv"), &["--dry-run"])
        .success()
        .unchanged()
        .stdout_has("header on row 4, descriptions on row 5 skipped")
        .stdout_has("  A Reference / Risk ID -> ref\n")
        .stdout_has("  N Directorate -> notes (kept in notes)\n")
        .stdout_has("row 7: created RISK-0002 (ref CS-02): Refunds paid twice")
        .stdout_has("dry run, nothing written");
    assert!(!t.exists("risks/RISK-0001.yaml"));
}

#[test]
fn a_second_import_creates_nothing_and_an_edited_sheet_updates_in_place() {
    let t = register();
    let csv = fixture_file("risks.csv");
    import(&t, &csv, &[]).success();
    let first = t.tree();
    import(&t, &csv, &[])
        .success()
        .unchanged()
        .stdout("4 row(s): 0 created, 0 updated, 4 unchanged\n");
    assert!(first == t.tree());
    // The team changed a rating in the spreadsheet: the same record is updated.
    let edited = std::fs::read_to_string(&csv)
        .unwrap()
        .replace("3 - Possible / Occasional;4", "2;4");
    let edited = t.beside("edited.csv", edited);
    import(&t, &edited, &["--dry-run"])
        .success()
        .unchanged()
        .stdout_has(
            "row 6: updated RISK-0001 (ref CS-01): Booking system outage\n  likelihood: 3 -> 2\n",
        );
    import(&t, &edited, &[])
        .success()
        .stdout_has("  likelihood: 3 -> 2")
        .stdout_has("4 row(s): 0 created, 1 updated, 3 unchanged");
    assert_eq!(risks(&t).len(), 4);
}

#[test]
fn an_import_cut_short_and_run_again_gives_one_record_per_row() {
    let t = register();
    // As if a first run had written only the records of two rows, and a person had added a
    // risk of their own since.
    t.risk(
        "RISK-0001",
        "ref: CS-03\ntitle: Call centre strike\nlikelihood: 2\nimpact: 4\n",
    );
    t.risk(
        "RISK-0002",
        "title: A risk added by hand\nlikelihood: 1\nimpact: 1\n",
    );
    t.risk(
        "RISK-0003",
        "ref: CS-01\ntitle: Booking system outage\nlikelihood: 3\nimpact: 4\n",
    );
    import(&t, &fixture_file("risks.csv"), &[])
        .success()
        .stdout_has("row 7: created RISK-0004 (ref CS-02)")
        .stdout_has("row 9: created RISK-0005 (ref CS-04)")
        .stdout_has("row 6: updated RISK-0003 (ref CS-01)")
        .stdout_has("4 row(s): 2 created, 2 updated, 0 unchanged");
    let risks = risks(&t);
    assert_eq!(risks.len(), 5);
    for reference in ["CS-01", "CS-02", "CS-03", "CS-04"] {
        let n = risks.iter().filter(|r| r["ref"] == reference).count();
        assert_eq!(n, 1, "{reference}");
    }
    import(&t, &fixture_file("risks.csv"), &[])
        .success()
        .unchanged()
        .stdout("4 row(s): 0 created, 0 updated, 4 unchanged\n");
}

#[test]
fn columns_no_alias_knows_are_named_with_map_or_a_map_file() {
    let t = RegisterTest::new();
    let csv = t.beside(
        "odd.csv",
        "Ref\tHeadline\tOdds\tHit\tDept\nR1\tOutage\t3\t4\tIT\n",
    );
    import(&t, &csv, &[])
        .code(2)
        .unchanged()
        .stderr_has("odd.csv:1: no likelihood column")
        .stderr_has("--map COLUMN=likelihood");
    import(
        &t,
        &csv,
        &[
            "--map",
            "Odds=likelihood",
            "--map",
            "D=impact",
            "--map",
            "E=ignore",
            "--dry-run",
        ],
    )
    .success()
    .stdout_has(
        "  C Odds -> likelihood (--map)\n  D Hit -> impact (--map)\n  E Dept -> ignore (--map)\n",
    );
    let map = t.beside("map.yaml", "map:\n  Odds: likelihood\n  Hit: impact\n");
    import(&t, &csv, &["--map-file", &map.display().to_string()])
        .success()
        .stdout_has("row 2: created RISK-0001 (ref R1): Outage");
    let risk = t.read("risks/RISK-0001.yaml");
    assert!(risk.contains("likelihood: 3\nimpact: 4\n"), "{risk}");
    assert!(risk.contains("notes: 'Dept: IT'"), "{risk}");
    import(&t, &csv, &["--map", "Odds=colour"])
        .code(2)
        .stderr_has("`colour` is not a field a risk imports");
}

#[test]
fn claims_import_through_the_same_path_as_claim_import() {
    let t = RegisterTest::new();
    t.write(
        "incidents/INC-0001.yaml",
        "id: INC-0001\ntitle: Flights delayed\nseverity: 3\ndetected: 2026-01-02T09:00:00Z\n",
    );
    let csv = t.beside(
        "claims.csv",
        "customer,received,type,amount,ref\nCUST-1,2026-01-03,refund,40.00,W-1\nCUST-2,2026-01-04,refund,25.00,W-2\n",
    );
    import(&t, &csv, &["--kind", "claims", "--incident", "INC-0001"])
        .success()
        .stdout_has("Imported 2 claim(s) for INC-0001: CLM-0001..CLM-0002");
    t.run([
        "claim",
        "import",
        &csv.display().to_string(),
        "--incident",
        "INC-0001",
        "--today",
        TODAY,
    ])
    .success()
    .unchanged()
    .stdout_has("all 2 claim(s) of the file are already there");
    import(&t, &csv, &["--kind", "claims"])
        .code(2)
        .stderr_has("--kind claims needs --incident");
    // The same claims in a workbook, with a third: only the third is new.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("claims").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ["customer", "received", "type", "amount", "ref"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (customer, day, amount, reference)) in [
        ("CUST-1", 3, 40.0, "W-1"),
        ("CUST-2", 4, 25.0, "W-2"),
        ("CUST-3", 5, 12.5, "W-3"),
    ]
    .iter()
    .enumerate()
    {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *customer).unwrap();
        sheet
            .write_datetime_with_format(
                r,
                1,
                ExcelDateTime::from_ymd(2026, 1, *day).unwrap(),
                &date,
            )
            .unwrap();
        sheet.write_string(r, 2, "refund").unwrap();
        sheet.write_number(r, 3, *amount).unwrap();
        sheet.write_string(r, 4, *reference).unwrap();
    }
    let xlsx = t.beside("claims.xlsx", book.save_to_buffer().unwrap());
    import(&t, &xlsx, &["--kind", "claims", "--incident", "INC-0001"])
        .success()
        .stdout_has("Imported 1 claim(s) for INC-0001: CLM-0003..CLM-0003 (2 already there)");
    let claim = t.read("claims/CLM-0003.yaml");
    assert!(claim.contains("received: 2026-01-05\n"), "{claim}");
    assert!(claim.contains("amount: 12.50\n"), "{claim}");
}

/// `risk export --format xlsx` of the shipped register, imported into an empty register with
/// its settings, gives every record back, byte for byte.
#[test]
fn an_xlsx_export_of_the_shipped_register_imports_back_unchanged() {
    let shipped = manifest_dir().join("register");
    let source = RegisterTest::without_register();
    let book = source.folder().join("register.xlsx");
    let shipped_arg = shipped.display().to_string();
    source
        .run([
            "-R",
            &shipped_arg,
            "export",
            "--format",
            "xlsx",
            "--out",
            &book.display().to_string(),
        ])
        .success()
        .stdout_has("Wrote ");
    // Dates are dates and amounts numbers, in the sheets a person opens.
    use calamine::{Data, Reader};
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        ["risks", "actions", "incidents", "claims"]
    );
    let claims = workbook.worksheet_range("claims").unwrap();
    let header: Vec<String> = claims
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = claims.rows().nth(1).unwrap();
    assert!(
        matches!(first[column("received")], Data::DateTime(_)),
        "{:?}",
        first[column("received")]
    );
    assert!(matches!(
        first[column("requested.amount")],
        Data::Float(_) | Data::Int(_)
    ));
    let target = RegisterTest::with_settings(
        &std::fs::read_to_string(shipped.join("register.yaml")).unwrap(),
    );
    import(&target, &book, &[])
        .success()
        .stdout_has("0 updated, 0 unchanged");
    for kind in ["risks", "incidents", "claims", "actions"] {
        let args = [
            "export", "--kind", kind, "--format", "json", "--today", TODAY,
        ];
        let mut from = vec!["-R", shipped_arg.as_str()];
        from.extend(args);
        let expected = source.run(from).success().stdout_text();
        assert_eq!(target.run(args).success().stdout_text(), expected, "{kind}");
    }
    for entry in walkdir::WalkDir::new(&shipped)
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        // DESIGN 12 names the workbook's four sheets; analyses (SWOT, PESTLE) are not among them.
        let analysis = entry
            .path()
            .parent()
            .is_some_and(|p| p.ends_with("analyses"));
        if !entry.file_type().is_file()
            || !name.ends_with(".yaml")
            || name == "register.yaml"
            || analysis
        {
            continue;
        }
        let found = walkdir::WalkDir::new(target.root())
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy() == name)
            .unwrap_or_else(|| panic!("{name} did not come back"));
        assert_eq!(
            std::fs::read_to_string(found.path()).unwrap(),
            std::fs::read_to_string(entry.path()).unwrap(),
            "{name}"
        );
    }
    // Again: nothing to do.
    import(&target, &book, &[])
        .success()
        .unchanged()
        .stdout_has("0 created, 0 updated, 84 unchanged");
}

#[test]
fn an_xlsx_export_goes_to_a_file_or_a_pipe() {
    let t = RegisterTest::fixture("board");
    let out = t.run(["export", "--format", "xlsx"]).success();
    assert!(
        out.output().stdout.starts_with(b"PK\x03\x04"),
        "a zip archive on the pipe"
    );
    t.run(["export", "--format", "csv"])
        .code(2)
        .stderr_has("--kind is needed unless --format xlsx");
}

#[test]
fn an_xlsx_export_is_not_written_to_a_terminal() -> Result<(), rexpect::error::Error> {
    let t = RegisterTest::fixture("board");
    let mut cmd = t.process(["export", "--format", "xlsx"]);
    cmd.env("TERM", "xterm");
    let mut p = rexpect::session::spawn_command(cmd, Some(10_000))?;
    p.exp_string("stdout is a terminal; give --out FILE")?;
    p.exp_eof()?;
    Ok(())
}
