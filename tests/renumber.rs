//! `risk renumber`: a new id, the file renamed and every reference rewritten, or nothing at all.

mod pr_support;

use pr_support::{Repo, stderr, stdout};

fn renumber(repo: &Repo, args: &[&str]) -> std::process::Output {
    repo.risk()
        .args(["-R", "register", "renumber"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_risk_gets_the_next_free_id_and_incidents_follow() {
    let repo = Repo::plain("pr-diff");
    let out = renumber(&repo, &["RISK-0001"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Renumbered RISK-0001 → RISK-0004: register/risks/RISK-0004.yaml\n\
         Updated references in INC-0001\n"
    );
    assert!(!repo.exists("register/risks/RISK-0001.yaml"));
    assert!(
        repo.read("register/risks/RISK-0004.yaml")
            .starts_with("id: RISK-0004\n")
    );
    assert!(
        repo.read("register/incidents/INC-0001.yaml")
            .contains("risks:\n- RISK-0004\n")
    );
    let out = repo
        .risk()
        .args(["-R", "register", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!stdout(&out).contains("error["), "{}", stdout(&out));
}

#[test]
fn an_incident_renumbered_to_a_chosen_id_takes_its_claims_along() {
    let repo = Repo::plain("pr-diff");
    let claim = repo.read("register/claims/CLM-0001.yaml");
    repo.remove("register/claims/CLM-0001.yaml");
    repo.write("register/claims/INC-0001/CLM-0001.yaml", &claim);
    let out = renumber(&repo, &["INC-1", "--to", "INC-0042"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(repo.exists("register/incidents/INC-0042.yaml"));
    assert!(!repo.exists("register/incidents/INC-0001.yaml"));
    let claim = repo.read("register/claims/INC-0001/CLM-0001.yaml");
    assert!(claim.contains("incident: INC-0042\n"), "{claim}");
    assert!(
        stdout(&out).contains("Its claims stay in register/claims/INC-0001/"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn refusals_change_nothing() {
    let repo = Repo::plain("pr-diff");
    let before = repo.snapshot();
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
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert_eq!(repo.snapshot(), before, "{args:?}");
    }
    // a comment in a file that would be rewritten: refused before anything is written
    repo.edit(
        "register/incidents/INC-0001.yaml",
        "severity: 3",
        "severity: 3 # agreed with legal",
    );
    let before = repo.snapshot();
    let out = renumber(&repo, &["RISK-0001"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("register/incidents/INC-0001.yaml:4: holds a comment"),
        "{}",
        stderr(&out)
    );
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn two_records_with_one_id_are_told_apart_by_path() {
    let repo = Repo::plain("pr-diff");
    // as after merging two branches that both added a risk numbered 1
    repo.write(
        "register/risks/RISK-1.yaml",
        "id: RISK-1\ntitle: Added on the other branch\nlikelihood: 2\nimpact: 2\n",
    );
    let out = renumber(&repo, &["RISK-0001"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("name the one to renumber by its path"),
        "{}",
        stderr(&out)
    );
    let out = renumber(&repo, &["register/risks/RISK-1.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("References to RISK-1 were left as they are"),
        "{}",
        stdout(&out)
    );
    assert!(
        repo.read("register/risks/RISK-0004.yaml")
            .contains("Added on the other branch")
    );
    assert!(
        repo.read("register/risks/RISK-0001.yaml")
            .contains("charged twice")
    );
    assert!(
        repo.read("register/incidents/INC-0001.yaml")
            .contains("- RISK-0001\n")
    );
    let out = repo
        .risk()
        .args(["-R", "register", "check"])
        .output()
        .unwrap();
    assert!(!stdout(&out).contains("duplicate-id"), "{}", stdout(&out));
}
