//! `risk check` against registers written to slip past it: a finding hidden behind an id
//! mismatch, evidence counted twice, personal data split, encoded or put where no rule looked.

use serde_json::Value;

use crate::support::{RegisterTest, Run};

/// `risk check --format json` on the register, with the exit code it must give.
fn check(register: &RegisterTest, code: i32) -> Value {
    let run: Run = register.run(["check", "--format", "json"]).code(code);
    run.stdout_json()
}

/// Every finding of `rule` (errors and warnings) as (file, line, record, message).
fn found(report: &Value, rule: &str) -> Vec<(String, Option<u64>, Option<String>, String)> {
    ["errors", "warnings"]
        .iter()
        .flat_map(|list| report[list].as_array().expect("a list of findings"))
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64(),
                f["record"].as_str().map(String::from),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The one finding of `rule` in `file`, which must sit on `line`; returns its message.
#[track_caller]
fn one_at(report: &Value, rule: &str, file: &str, line: u64) -> String {
    let all = found(report, rule);
    let here: Vec<_> = all.iter().filter(|f| f.0 == file).collect();
    assert_eq!(here.len(), 1, "one {rule} in {file}: {report:#}");
    assert_eq!(here[0].1, Some(line), "{rule} in {file}: {report:#}");
    here[0].3.clone()
}

const HIGH_AND_UNOWNED: &str = "title: Refunds paid twice after a gateway timeout\nlikelihood: 5\nimpact: 5\ncontingency: [Pause refunds]\n";

#[test]
fn an_unowned_high_risk_cannot_hide_behind_an_id_mismatch() {
    let register = RegisterTest::new();
    register.write(
        "risks/RISK-0002.yaml",
        format!("id: RISK-0003\n{HIGH_AND_UNOWNED}"),
    );
    let report = check(&register, 1);
    let mismatch = one_at(&report, "id-mismatch", "register/risks/RISK-0002.yaml", 1);
    assert!(
        mismatch.starts_with("id: is `RISK-0003` but the file is named `RISK-0002`"),
        "{mismatch}"
    );
    // Still checked, under the id it gives.
    let owner = one_at(
        &report,
        "owner-required",
        "register/risks/RISK-0002.yaml",
        1,
    );
    assert!(
        owner.starts_with("owner: RISK-0003 is rated high (score 25) but has no owner"),
        "{owner}"
    );
    assert_eq!(
        found(&report, "owner-required")[0].2.as_deref(),
        Some("RISK-0003")
    );
    // Switching the mismatch off does not switch the owner rule off with it.
    let run = register
        .run(["check", "--format", "json", "--allow", "id-mismatch"])
        .code(1);
    let allowed = run.stdout_json();
    assert_eq!(found(&allowed, "id-mismatch"), []);
    one_at(
        &allowed,
        "owner-required",
        "register/risks/RISK-0002.yaml",
        1,
    );
    // Commands that need a clean register still refuse it; fmt leaves it alone, once.
    register
        .run(["fmt", "--check"])
        .code(2)
        .stdout_lacks("RISK-0002.yaml")
        .stderr_has("risks/RISK-0002.yaml:1: id: is `RISK-0003` but the file is named `RISK-0002`; rename the file or fix the id (not formatted)");
    register
        .run(["list"])
        .code(2)
        .stderr_has("risks/RISK-0002.yaml:1: id: is `RISK-0003` but the file is named `RISK-0002`");
}

#[test]
fn a_record_of_the_wrong_kind_for_its_folder_is_still_checked() {
    let register = RegisterTest::new();
    register.write(
        "risks/RISK-0005.yaml",
        format!("id: INC-0005\n{HIGH_AND_UNOWNED}"),
    );
    let report = check(&register, 1);
    let mismatch = one_at(&report, "id-mismatch", "register/risks/RISK-0005.yaml", 1);
    assert!(
        mismatch.starts_with("id: `INC-0005` is not a risk id"),
        "{mismatch}"
    );
    one_at(
        &report,
        "owner-required",
        "register/risks/RISK-0005.yaml",
        1,
    );
    // Checked as the risk it parsed as: not a duplicate of anything, nothing else crashes.
    assert_eq!(found(&report, "duplicate-id"), []);
}

#[test]
fn an_id_mismatch_naming_another_files_id_is_a_duplicate() {
    let register = RegisterTest::new();
    register
        .risk("RISK-0001", "title: The first\nowner: ops\nlikelihood: 1\nimpact: 1\n")
        .write(
            "risks/RISK-0004.yaml",
            "# copied from RISK-0001\nid: RISK-0001\ntitle: The copy\nowner: ops\nlikelihood: 1\nimpact: 1\n",
        );
    let report = check(&register, 1);
    one_at(&report, "id-mismatch", "register/risks/RISK-0004.yaml", 2);
    let duplicate = one_at(&report, "duplicate-id", "register/risks/RISK-0004.yaml", 2);
    assert_eq!(
        duplicate,
        "id: is `RISK-0001`, which register/risks/RISK-0001.yaml also has; give this record a free id and name its file after it"
    );
    assert_eq!(found(&report, "duplicate-id").len(), 1, "{report:#}");
}

#[test]
fn an_incident_listed_twice_is_one_piece_of_evidence() {
    let register = RegisterTest::new();
    register.risk(
        "RISK-0001",
        "title: Gateway timeouts charge customers twice\nowner: payments\nlikelihood: 1\nimpact: 2\n",
    );
    // One incident in two files, naming the risk twice (once unpadded).
    let incident = "id: INC-0001\ntitle: Double charges on 1 October\nseverity: 2\nrisks: [RISK-0001, RISK-1]\ndetected: 2026-10-01T09:00:00+00:00\n";
    register
        .write("incidents/INC-0001.yaml", incident)
        .write("incidents/2026/INC-0001.yaml", incident);
    let report = check(&register, 1);
    assert_eq!(found(&report, "evidence"), [], "{report:#}");
    let duplicate = found(&report, "duplicate-id");
    assert_eq!(duplicate.len(), 1, "{report:#}");
    assert_eq!(duplicate[0].0, "register/incidents/INC-0001.yaml");
    assert!(
        duplicate[0]
            .3
            .contains("INC-0001 is also used by register/incidents/2026/INC-0001.yaml"),
        "{duplicate:?}"
    );
    // A second incident is a second piece of evidence.
    register.write(
        "incidents/INC-0002.yaml",
        "id: INC-0002\ntitle: Double charges on 9 November\nseverity: 2\nrisks: [RISK-0001]\ndetected: 2026-11-09T09:00:00+00:00\n",
    );
    let report = check(&register, 1);
    let evidence = one_at(&report, "evidence", "register/risks/RISK-0001.yaml", 4);
    assert!(
        evidence.contains("but 2 incidents realised it in the last 365 days (INC-0001, INC-0002)"),
        "{evidence}"
    );
}

#[test]
fn personal_data_in_folded_values_is_found() {
    let register = RegisterTest::new();
    // A plain scalar folded across lines: neither line holds the whole number.
    register.risk(
        "RISK-0001",
        "title: Callbacks missed\nowner: desk\nlikelihood: 2\nimpact: 2\ndescription: The customer asked to be called on +44 20\n  7946 0958 before noon\n",
    );
    // A double-quoted scalar whose escaped line break joins the address back together.
    register.write(
        "incidents/INC-0001.yaml",
        "id: INC-0001\ntitle: Callbacks missed\nseverity: 1\ndetected: 2026-11-20T09:00:00+00:00\ncontainment:\n  - Called back the same day\n  - \"Confirmed by mail to jane.doe@exa\\\n    mple.com\"\n",
    );
    let report = check(&register, 0);
    let phone = one_at(&report, "personal-data", "register/risks/RISK-0001.yaml", 6);
    assert!(
        phone.starts_with("description: looks like a phone number"),
        "{phone}"
    );
    let email = one_at(
        &report,
        "personal-data",
        "register/incidents/INC-0001.yaml",
        7,
    );
    assert!(
        email.starts_with("containment[1]: looks like a e-mail address"),
        "{email}"
    );
}

#[test]
fn an_iban_in_an_incident_is_found() {
    let register = RegisterTest::new();
    register.write(
        "incidents/INC-0001.yaml",
        "id: INC-0001\ntitle: Refund sent to the wrong account\nsummary: Refund paid to GB82 WEST 1234 5698 7654 32 instead of the card\nseverity: 2\ndetected: 2026-11-20T09:00:00+00:00\n",
    );
    let report = check(&register, 0);
    let iban = one_at(
        &report,
        "personal-data",
        "register/incidents/INC-0001.yaml",
        3,
    );
    assert!(
        iban.starts_with("summary: looks like a bank account number (IBAN)"),
        "{iban}"
    );
    assert_eq!(
        found(&report, "personal-data")[0].2.as_deref(),
        Some("INC-0001")
    );
}

#[test]
fn a_national_insurance_number_in_a_claim_is_found() {
    let register = RegisterTest::new();
    register
        .write(
            "incidents/INC-0001.yaml",
            "id: INC-0001\ntitle: Pension letters sent late\nseverity: 1\ndetected: 2026-11-20T09:00:00+00:00\n",
        )
        .write(
            "claims/INC-0001/CLM-0001.yaml",
            "id: CLM-0001\nincident: INC-0001\ncustomer: CUST-20931\nreceived: 2026-11-21\nevidence:\n  - Letter dated 2026-11-02\n  - NI number QQ 12 34 56 C on the letter\n  - NI number AB 12 34 56 C on the form\n",
        );
    let report = check(&register, 0);
    let nino = one_at(
        &report,
        "personal-data",
        "register/claims/INC-0001/CLM-0001.yaml",
        8,
    );
    assert!(
        nino.starts_with("looks like a National Insurance number"),
        "{nino}"
    );
    assert_eq!(
        found(&report, "personal-data")[0].2.as_deref(),
        Some("CLM-0001")
    );
}

#[test]
fn an_email_in_register_yaml_is_found() {
    let register = RegisterTest::with_settings(
        "name: Claims desk\n# questions to claims.lead@example.com\ncurrency: GBP\nstages: [sale, delivery]\ncategories: [financial, \"escalate: desk.manager@example.co.uk\"]\n",
    );
    let report = check(&register, 0);
    let found = found(&report, "personal-data");
    assert_eq!(found.len(), 2, "{report:#}");
    assert_eq!(found[0].0, "register/register.yaml");
    assert_eq!(found[0].1, Some(2));
    assert_eq!(found[0].2, None, "register.yaml is no record");
    assert!(
        found[0].3.starts_with("looks like a e-mail address"),
        "{found:?}"
    );
    assert_eq!(found[1].0, "register/register.yaml");
    assert_eq!(found[1].1, Some(5));
    assert!(
        found[1]
            .3
            .starts_with("categories: looks like a e-mail address"),
        "{found:?}"
    );
}

#[test]
fn mailto_and_email_prefixes_are_found() {
    let register = RegisterTest::new();
    register.risk(
        "RISK-0001",
        "title: Complaints go to a personal inbox\nowner: desk\nlikelihood: 2\nimpact: 2\ncontingency:\n  - Write to mailto:desk.lead@example.com\n  - email:jane.doe@example.com\n  - Copy <ops.manager@example.org>\n",
    );
    let report = check(&register, 0);
    for line in [7, 8, 9] {
        let message = found(&report, "personal-data")
            .into_iter()
            .find(|f| f.0 == "register/risks/RISK-0001.yaml" && f.1 == Some(line))
            .unwrap_or_else(|| panic!("no personal-data on line {line}: {report:#}"))
            .3;
        assert!(message.contains("looks like a e-mail address"), "{message}");
    }
    assert_eq!(found(&report, "personal-data").len(), 3, "{report:#}");
}
