//! `risk renumber`: a new id, the file renamed and every reference rewritten, or nothing at all.

use crate::support::{RegisterTest, Run};

fn renumber(repo: &RegisterTest, args: &[&str]) -> Run {
    repo.cmd(["renumber"]).args(args).run()
}

#[test]
fn a_risk_gets_the_next_free_id_and_incidents_follow() {
    let repo = RegisterTest::fixture("pr-diff");
    let out = renumber(&repo, &["RISK-0001"]);
    assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
    assert_eq!(
        out.stdout_text(),
        "Renumbered RISK-0001 → RISK-0004: register/risks/RISK-0004.yaml\n\
         Updated references in INC-0001\n"
    );
    assert!(!repo.exists("risks/RISK-0001.yaml"));
    assert!(
        repo.read("risks/RISK-0004.yaml")
            .starts_with("id: RISK-0004\n")
    );
    assert!(
        repo.read("incidents/INC-0001.yaml")
            .contains("risks:\n- RISK-0004\n")
    );
    let out = repo.run(["check"]);
    assert_eq!(out.exit_code(), Some(0), "{}", out.stdout_text());
    assert!(
        !out.stdout_text().contains("error["),
        "{}",
        out.stdout_text()
    );
}

#[test]
fn an_incident_renumbered_to_a_chosen_id_takes_its_claims_along() {
    let repo = RegisterTest::fixture("pr-diff");
    let claim = repo.read("claims/CLM-0001.yaml");
    repo.remove("claims/CLM-0001.yaml");
    repo.write("claims/INC-0001/CLM-0001.yaml", &claim);
    let out = renumber(&repo, &["INC-1", "--to", "INC-0042"]);
    assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
    assert!(repo.exists("incidents/INC-0042.yaml"));
    assert!(!repo.exists("incidents/INC-0001.yaml"));
    let claim = repo.read("claims/INC-0001/CLM-0001.yaml");
    assert!(claim.contains("incident: INC-0042\n"), "{claim}");
    assert!(
        out.stdout_text()
            .contains("Its claims stay in register/claims/INC-0001/"),
        "{}",
        out.stdout_text()
    );
}

#[test]
fn refusals_change_nothing() {
    let repo = RegisterTest::fixture("pr-diff");
    let before = repo.tree();
    for (args, message) in [
        (
            &["RISK-0001", "--to", "RISK-3"][..],
            "already used by register/risks/RISK-0003.yaml",
        ),
        (&["RISK-0001", "--to", "INC-0009"][..], "is not a risk id"),
        (&["RISK-0009"][..], "no risk with id RISK-0009"),
        (&["../RISK-1"][..], "not a valid id"),
    ] {
        let out = renumber(&repo, args);
        assert_eq!(out.exit_code(), Some(2), "{args:?}");
        assert!(
            out.stderr_text().contains(message),
            "{args:?}: {}",
            out.stderr_text()
        );
        assert_eq!(repo.tree(), before, "{args:?}");
    }
    // a comment in a file that would be rewritten: refused before anything is written
    repo.edit(
        "incidents/INC-0001.yaml",
        "severity: 3",
        "severity: 3 # agreed with legal",
    );
    let before = repo.tree();
    let out = renumber(&repo, &["RISK-0001"]);
    assert_eq!(out.exit_code(), Some(2));
    assert!(
        out.stderr_text()
            .contains("register/incidents/INC-0001.yaml:4: holds a comment"),
        "{}",
        out.stderr_text()
    );
    assert_eq!(repo.tree(), before);
}

#[test]
fn two_records_with_one_id_are_told_apart_by_path() {
    let repo = RegisterTest::fixture("pr-diff");
    // as after merging two branches that both added a risk numbered 1
    repo.write(
        "risks/RISK-1.yaml",
        "id: RISK-1\ntitle: Added on the other branch\nlikelihood: 2\nimpact: 2\n",
    );
    let out = renumber(&repo, &["RISK-0001"]);
    assert_eq!(out.exit_code(), Some(2));
    assert!(
        out.stderr_text()
            .contains("name the one to renumber by its path"),
        "{}",
        out.stderr_text()
    );
    let out = renumber(&repo, &["register/risks/RISK-1.yaml"]);
    assert_eq!(out.exit_code(), Some(0), "{}", out.stderr_text());
    assert!(
        out.stdout_text()
            .contains("References to RISK-1 were left as they are"),
        "{}",
        out.stdout_text()
    );
    assert!(
        repo.read("risks/RISK-0004.yaml")
            .contains("Added on the other branch")
    );
    assert!(repo.read("risks/RISK-0001.yaml").contains("charged twice"));
    assert!(
        repo.read("incidents/INC-0001.yaml")
            .contains("- RISK-0001\n")
    );
    let out = repo.run(["check"]);
    assert!(
        !out.stdout_text().contains("duplicate-id"),
        "{}",
        out.stdout_text()
    );
}
