//! `risk export`: every kind in every format; JSON and YAML hold the full records, CSV and
//! Markdown flat rows with pinned columns; the claims CSV starts with the `claim import` columns.

use predicates::prelude::*;
use risk_register::codec as yaml;
use risk_register::model::{Claim, Incident, Money, Risk};

use crate::support::RegisterTest;

fn board() -> RegisterTest {
    RegisterTest::read_only("board")
}

const KINDS: [&str; 4] = ["risks", "incidents", "claims", "actions"];

const RISK_COLUMNS: &str = "id,title,stage,category,owner,status,likelihood,impact,score,band,\
target_score,target_band,rpn,ap,actions_open,next_review,inherent_score,inherent_band,appetite,\
within_appetite";
const INCIDENT_COLUMNS: &str = "id,title,status,severity,harms,risks,occurred,detected,contained,\
resolved,customers_affected,personal_data_breach,regulator_notified,communications,actions_open,\
claims,requested,offered,paid,budget,review_held,lessons";
const CLAIM_COLUMNS: &str = "customer,received,type,amount,channel,evidence,ref,id,incident,status,\
proactive,acknowledged,assessed,eligible,rule,offer_type,offered,offered_on,accepted,paid,satisfaction";
const ACTION_COLUMNS: &str = "record,action,title,owner,due,status,days_overdue,cost,annual_cost";

fn export(kind: &str, format: &str) -> String {
    board()
        .run(["export", "--kind", kind, "--format", format])
        .success()
        .stdout_text()
}

fn columns(kind: &str) -> &'static str {
    match kind {
        "risks" => RISK_COLUMNS,
        "incidents" => INCIDENT_COLUMNS,
        "claims" => CLAIM_COLUMNS,
        _ => ACTION_COLUMNS,
    }
}

fn records_in(folder: &str) -> Vec<String> {
    let mut texts: Vec<(String, String)> = walkdir::WalkDir::new(board().path(folder))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    texts.sort();
    texts.into_iter().map(|(_, t)| t).collect()
}

#[test]
fn every_kind_exports_in_every_format() {
    for kind in KINDS {
        let csv = export(kind, "csv");
        assert_eq!(csv.lines().next(), Some(columns(kind)), "{kind} CSV header");
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let width = reader.headers().unwrap().len();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert!(!rows.is_empty(), "{kind}: no rows");
        assert!(rows.iter().all(|r| r.len() == width), "{kind}: ragged CSV");

        let md = export(kind, "md");
        let header = format!("| {} |", columns(kind).replace(',', " | "));
        assert_eq!(
            md.lines().next(),
            Some(header.as_str()),
            "{kind} Markdown header"
        );
        assert_eq!(
            md.lines().count(),
            rows.len() + 2,
            "{kind}: one line per row"
        );

        let value: serde_json::Value = serde_json::from_str(&export(kind, "json"))
            .unwrap_or_else(|e| panic!("{kind}: JSON does not parse: {e}"));
        assert_eq!(value.as_array().unwrap().len(), rows.len(), "{kind} JSON");

        let yaml_value: serde_yaml::Value = serde_yaml::from_str(&export(kind, "yaml"))
            .unwrap_or_else(|e| panic!("{kind}: YAML does not parse: {e}"));
        assert_eq!(
            yaml_value.as_sequence().unwrap().len(),
            rows.len(),
            "{kind} YAML"
        );
    }
}

#[test]
fn json_and_yaml_hold_the_full_records() {
    let risks: Vec<Risk> = serde_json::from_str(&export("risks", "json")).unwrap();
    let files: Vec<Risk> = records_in("risks")
        .iter()
        .map(|t| yaml::parse(t).unwrap())
        .collect();
    assert_eq!(
        risks, files,
        "risks: closed ones included, every field kept"
    );

    let incidents: Vec<Incident> = serde_json::from_str(&export("incidents", "json")).unwrap();
    let files: Vec<Incident> = records_in("incidents")
        .iter()
        .map(|t| yaml::parse(t).unwrap())
        .collect();
    assert_eq!(incidents, files);

    let claims: Vec<Claim> = yaml::parse(&export("claims", "yaml")).unwrap();
    let ids: Vec<&str> = claims.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "CLM-0001", "CLM-0002", "CLM-0003", "CLM-0004", "CLM-0005", "CLM-0006", "CLM-0007",
            "CLM-0008"
        ],
        "claims from sub-folders too, sorted by id"
    );
    let json_claims: Vec<Claim> = serde_json::from_str(&export("claims", "json")).unwrap();
    assert_eq!(claims, json_claims);
    // Amounts stay exact strings in JSON.
    let value = board()
        .run(["export", "--kind", "claims", "--format", "json"])
        .json();
    assert_eq!(value[1]["requested"]["amount"], "185.50");
}

#[test]
fn the_claims_csv_can_be_imported_again() {
    let csv = export("claims", "csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        headers[..7],
        [
            "customer", "received", "type", "amount", "channel", "evidence", "ref"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    for row in &rows {
        assert!(row[0].starts_with("CUST-"), "customer {}", &row[0]);
        assert!(
            row[1].parse::<chrono::NaiveDate>().is_ok(),
            "received {}",
            &row[1]
        );
        assert!(Money::parse(&row[3]).is_ok(), "amount {}", &row[3]);
    }
    // Evidence items are joined with `; `, and a comma inside one is quoted by CSV.
    assert_eq!(&rows[1][5], "hotel receipt, 1 night; taxi receipt");
    assert!(csv.contains(",\"hotel receipt, 1 night; taxi receipt\","));
    assert_eq!(
        csv.lines().nth(1),
        Some(
            "CUST-20931,2026-09-28,refund,420.00,web,booking reference seen,,CLM-0001,INC-0001,paid,false,\
             2026-09-29,2026-10-02,true,delay-over-3h,refund,400.00,2026-10-02,2026-10-03,2026-10-10,4"
        )
    );
}

#[test]
fn the_incidents_csv_carries_claim_totals() {
    let csv = export("incidents", "csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let first = reader.records().next().unwrap().unwrap();
    let field = |name: &str| first[headers.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(field("id"), "INC-0001");
    assert_eq!(field("harms"), "delay; system_failure");
    assert_eq!(field("claims"), "6");
    assert_eq!(field("requested"), "1675.50");
    assert_eq!(field("offered"), "705.50");
    assert_eq!(field("paid"), "520.00");
    assert_eq!(field("budget"), "1500.00");
    assert_eq!(field("review_held"), "2026-10-15");
}

#[test]
fn export_refuses_a_table_and_an_unknown_kind() {
    board()
        .run(["export", "--kind", "claims", "--format", "table"])
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value 'table' for '--format <FORMAT>'",
        ));
    board()
        .run(["export", "--kind", "customers"])
        .code(2)
        .stderr(predicate::str::contains(
            "risks, incidents, claims, actions",
        ));
}

#[test]
fn csv_is_the_default_format() {
    assert_eq!(
        board().run(["export", "--kind", "claims"]).output().stdout,
        export("claims", "csv").into_bytes()
    );
}

#[test]
fn an_exported_claims_csv_imports_again_with_the_same_first_columns() {
    let copy = RegisterTest::fixture("board");
    std::fs::remove_dir_all(copy.path("claims")).unwrap();
    let exported = export("claims", "csv");
    // Keep the claims of one incident, whose detection precedes every one of them.
    let mut lines = exported.lines();
    let header = lines.next().unwrap();
    let inc1: Vec<&str> = lines.filter(|l| l.contains(",INC-0001,")).collect();
    assert!(!inc1.is_empty());
    let csv_path = copy.beside("claims.csv", format!("{header}\n{}\n", inc1.join("\n")));
    copy.cmd(["claim", "import"])
        .arg(&csv_path)
        .args(["--incident", "INC-0001"])
        .success();
    let again = copy
        .run(["export", "--kind", "claims", "--format", "csv"])
        .success()
        .stdout_text();
    let first_seven = |line: &str| {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        record.iter().take(7).map(String::from).collect::<Vec<_>>()
    };
    let before: Vec<Vec<String>> = inc1.iter().map(|l| first_seven(l)).collect();
    let after: Vec<Vec<String>> = again.lines().skip(1).map(first_seven).collect();
    assert_eq!(after, before);
}
