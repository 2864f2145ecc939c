use super::*;
use crate::import::Cell;
use crate::snapshot::testing::snapshot;

fn book(lines: &[&str]) -> Workbook {
    let rows = lines
        .iter()
        .enumerate()
        .map(|(i, line)| Row {
            number: i + 1,
            cells: line
                .split('|')
                .map(|c| {
                    if c.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(c.replace("\\n", "\n"))
                    }
                })
                .collect(),
        })
        .collect();
    Workbook {
        file: "book.xlsx".into(),
        has_sheets: true,
        sheets: vec![Sheet {
            name: "Risks".into(),
            rows,
            merges: vec![],
        }],
    }
}

fn params(target: Target) -> ImportParams {
    ImportParams {
        target,
        sheet: None,
        maps: vec![],
        month_first: false,
    }
}

fn today() -> NaiveDate {
    "2026-11-23".parse().unwrap()
}

fn shown(err: anyhow::Error) -> Vec<String> {
    let err = err.downcast::<Error>().unwrap();
    err.problems.iter().map(|p| p.to_string()).collect()
}

const EXISTING: &str = "id: RISK-0001\nref: R1\ntitle: Outage\nlikelihood: 3\nimpact: 4\n";

#[test]
fn a_row_is_the_risk_with_its_ref_and_the_others_are_new() {
    let s = snapshot("", &[EXISTING]);
    let sheet = book(&[
        "Ref|Title|Likelihood|Impact",
        "R2|Billing|2|3",
        "R1|Outage|3|5",
    ]);
    let outcome = import(&s, &sheet, &params(Target::Risks), today()).unwrap();
    let rows = &outcome.report.sheets[0].rows;
    assert_eq!(rows[0].verdict, Verdict::Created);
    assert_eq!(rows[0].id.as_str(), "RISK-0002");
    assert_eq!(
        rows[1].verdict,
        Verdict::Updated(vec!["impact: 4 -> 5".into()])
    );
    assert_eq!(outcome.changes.len(), 2);
    let Change::Create { text, .. } = &outcome.changes[0] else {
        panic!("{:?}", outcome.changes)
    };
    assert_eq!(
        text,
        "id: RISK-0002\nref: R2\ntitle: Billing\nlikelihood: 2\nimpact: 3\n"
    );
}

#[test]
fn every_bad_cell_is_reported_and_nothing_is_planned() {
    let s = snapshot("", &[]);
    let sheet = book(&[
        "Ref|Title|Likelihood|Impact|Treatment",
        "R1|Outage|6|4|Treat",
        "R2|Billing|2|huge|Ignore",
        "R1|Again|2|2|",
    ]);
    let problems = shown(import(&s, &sheet, &params(Target::Risks), today()).unwrap_err());
    assert_eq!(
        problems[0],
        "book.xlsx[Risks]: 4 problem(s); nothing was imported"
    );
    assert!(problems[1].starts_with("book.xlsx[Risks]:2: Likelihood: `6` is outside 1..5"));
    assert!(
        problems[2].starts_with("book.xlsx[Risks]:3: Impact: `huge` is not on the impact scale")
    );
    assert!(problems[3].starts_with("book.xlsx[Risks]:3: Treatment: `Ignore` is not a treatment"));
    assert_eq!(
        problems[4],
        "book.xlsx[Risks]:4: Ref: `R1` is also the reference of row 2"
    );
}

#[test]
fn an_action_row_names_its_risk_by_ref_or_by_id() {
    let s = snapshot("", &[EXISTING]);
    let sheet = book(&[
        "Risk ID|Action|Owner|Due date|Status",
        "R1|Second provider|it|30/06/2026|In progress",
        "risk-0001|Daily export|ops|2026-07-01|",
        "R9|Nothing|ops||",
    ]);
    let problems = shown(import(&s, &sheet, &params(Target::Actions), today()).unwrap_err());
    assert!(
        problems[1].contains(":4: Risk ID: `R9` is the ref or id of no risk"),
        "{problems:?}"
    );
    let sheet = book(&[
        "Risk ID|Action|Owner|Due date|Status",
        "R1|Second provider|it|30/06/2026|In progress",
        "risk-0001|Daily export|ops|2026-07-01|",
    ]);
    let outcome = import(&s, &sheet, &params(Target::Actions), today()).unwrap();
    let Change::Replace { text, .. } = &outcome.changes[0] else {
        panic!()
    };
    assert!(
        text.ends_with(
            "actions:\n- id: A1\n  title: Second provider\n  owner: it\n  due: 2026-06-30\n  \
             status: in_progress\n- id: A2\n  title: Daily export\n  owner: ops\n  due: 2026-07-01\n"
        ),
        "{text}"
    );
}

#[test]
fn a_title_comes_from_the_description_when_there_is_none() {
    assert_eq!(
        first_sentence("Refunds are paid twice. The batch reruns."),
        "Refunds are paid twice"
    );
    let long = "word ".repeat(40);
    assert_eq!(first_sentence(&long).chars().count(), 120);
}
