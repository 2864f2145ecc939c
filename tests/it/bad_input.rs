//! The bad-input corpus: every malformed register we could think of, and a few odd ones that
//! must be accepted. Each case builds its register in a temporary folder, runs the real binary
//! (`list` and `check`, and the writing commands where the broken file blocks them) and asserts
//! the exit code, that the message names file, line and key, that nothing panicked, and that
//! not one byte of the register changed.

use std::path::Path;
use std::time::Duration;

use crate::support::RegisterTest;

const SETTINGS: &str = "name: Test register\n";
const RISK: &str = "id: RISK-0001
title: Reservation system outage
owner: ops-lead
identified: 2026-03-02
likelihood: 2
impact:
  financial: 2
review:
  last: 2026-11-01
";
const INCIDENT: &str = "id: INC-0001
title: Check-in outage
status: closed
severity: 2
detected: 2026-09-26T08:25:00+10:00
";
const CLAIM: &str = "id: CLM-0001
incident: INC-0001
customer: CUST-1
received: 2026-09-28
status: withdrawn
";

/// Which writing commands a case runs, expecting exit 2 and nothing written.
#[derive(Clone, Copy, PartialEq)]
enum Writers {
    /// The broken file does not stop writers (or is not broken at all).
    None,
    /// A broken risk: `edit`, `review` and `action add` of that risk read it and refuse.
    /// (They read no other record, and `add` reads only file names, by design, so neither is
    /// blocked by another broken risk: see `bounded_io`.)
    Risks,
    /// Broken settings: every writer refuses, `add` included.
    All,
}

struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    setup: Option<fn(&Path)>,
    list: i32,
    check: i32,
    /// Must appear in the output of `check` (and of `list` when it fails).
    says: Vec<&'static str>,
    writers: Writers,
}

fn case(name: &'static str) -> Case {
    Case {
        name,
        files: Vec::new(),
        setup: None,
        list: 0,
        check: 0,
        says: Vec::new(),
        writers: Writers::None,
    }
}

impl Case {
    fn file(mut self, path: &'static str, text: impl Into<Vec<u8>>) -> Self {
        self.files.push((path, text.into()));
        self
    }
    /// A risk file with a broken body: refused by `list`, reported by `check`.
    fn risk(self, path: &'static str, text: impl Into<Vec<u8>>) -> Self {
        self.file(path, text).codes(2, 1).writers(Writers::Risks)
    }
    /// An incident or claim file with a broken body: `list` does not read it, `check` reports it.
    fn other(self, path: &'static str, text: impl Into<Vec<u8>>) -> Self {
        self.file(path, text).codes(0, 1)
    }
    /// A broken `register.yaml`: every command refuses with exit 2, but `check` reports it as a
    /// finding in its own format, exit 1 (DESIGN 14: CI wants the finding).
    fn settings(self, text: impl Into<Vec<u8>>) -> Self {
        self.file("register.yaml", text)
            .codes(2, 1)
            .writers(Writers::All)
    }
    fn setup(mut self, setup: fn(&Path)) -> Self {
        self.setup = Some(setup);
        self
    }
    fn codes(mut self, list: i32, check: i32) -> Self {
        self.list = list;
        self.check = check;
        self
    }
    fn says(mut self, needles: &[&'static str]) -> Self {
        self.says.extend_from_slice(needles);
        self
    }
    fn writers(mut self, writers: Writers) -> Self {
        self.writers = writers;
        self
    }
}

fn risk_with(extra: &str) -> String {
    format!("id: RISK-0002\ntitle: A second risk\nowner: ann\nlikelihood: 2\nimpact: 2\n{extra}")
}

fn incident_with(extra: &str) -> String {
    format!(
        "id: INC-0002\ntitle: Another outage\nseverity: 2\ndetected: 2026-09-26T08:25:00+10:00\n{extra}"
    )
}

fn claim_with(extra: &str) -> String {
    format!("id: CLM-0002\nincident: INC-0001\ncustomer: CUST-2\nreceived: 2026-09-28\n{extra}")
}

/// Billion laughs: ten levels of ten aliases each, under a key whose type buffers any value.
fn alias_bomb(head: &str, indent: &str) -> String {
    let mut text = head.to_string();
    text.push_str(&format!(
        "{indent}a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    ));
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("{indent}a{i}: &a{i} [{refs}]\n"));
    }
    text
}

#[cfg(unix)]
fn link(target: &str, at: &Path) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

fn cases() -> Vec<Case> {
    let r2 = "risks/RISK-0002.yaml";
    let i2 = "incidents/INC-0002.yaml";
    let c2 = "claims/CLM-0002.yaml";
    vec![
        // --- YAML syntax ---
        case("syntax-unclosed-quote")
            .risk(r2, "id: RISK-0002\ntitle: \"unclosed\nlikelihood: 2\nimpact: 2\n")
            .says(&["register/risks/RISK-0002.yaml:5:", "quoted"]),
        case("syntax-bad-indentation")
            .risk(r2, "id: RISK-0002\ntitle: x\n  likelihood: 2\nimpact: 2\n")
            .says(&["register/risks/RISK-0002.yaml:3:"]),
        case("syntax-tab-indentation")
            .risk(r2, "id: RISK-0002\ntitle: x\nlikelihood: 2\nimpact:\n\tfinancial: 2\n")
            .says(&["register/risks/RISK-0002.yaml:5:"]),
        case("syntax-top-level-list")
            .risk(r2, "- id: RISK-0002\n- title: x\n")
            .says(&["register/risks/RISK-0002.yaml:1: invalid type: sequence, expected a map\n"]),
        case("syntax-plain-text")
            .risk(r2, "just some words\n")
            .says(&["register/risks/RISK-0002.yaml:1:"]),
        case("syntax-two-documents")
            .risk(r2, format!("{}---\nid: RISK-0003\n", risk_with("")))
            .says(&[
                "register/risks/RISK-0002.yaml:",
                "more than one YAML document",
            ]),
        case("syntax-duplicate-key")
            .risk(r2, risk_with("owner: bob\n"))
            .says(&["register/risks/RISK-0002.yaml:6: owner: is given twice"]),
        // --- wrong types ---
        case("type-likelihood-text")
            .risk(
                r2,
                "id: RISK-0002\ntitle: x\nlikelihood: high\nimpact: 2\n",
            )
            .says(&[
                "register/risks/RISK-0002.yaml:3: likelihood:",
                "whole number",
            ]),
        case("type-title-list")
            .risk(r2, "id: RISK-0002\ntitle: [a, b]\nlikelihood: 2\nimpact: 2\n")
            .says(&["register/risks/RISK-0002.yaml:2: title:"]),
        case("type-harms-not-a-list")
            .risk(r2, risk_with("harms: delay\n"))
            .says(&["register/risks/RISK-0002.yaml:6: harms:"]),
        case("type-impact-text")
            .risk(r2, "id: RISK-0002\ntitle: x\nlikelihood: 2\nimpact: huge\n")
            .says(&["register/risks/RISK-0002.yaml:4: impact:"]),
        case("type-incident-time-without-offset")
            .other(
                i2,
                "id: INC-0002\ntitle: x\nseverity: 2\ndetected: 2026-09-26T08:25:00\n",
            )
            .says(&["register/incidents/INC-0002.yaml:4: detected:"]),
        // --- out-of-range values ---
        case("range-likelihood-above-scale")
            .risk(r2, "id: RISK-0002\ntitle: x\nowner: a\nlikelihood: 6\nimpact: 2\n")
            .says(&[
                "register/risks/RISK-0002.yaml:4: likelihood: 6 is outside 1..5",
            ]),
        case("range-likelihood-zero")
            .risk(r2, "id: RISK-0002\ntitle: x\nlikelihood: 0\nimpact: 2\n")
            .says(&["register/risks/RISK-0002.yaml:3: likelihood:"]),
        case("range-likelihood-negative")
            .risk(r2, "id: RISK-0002\ntitle: x\nlikelihood: -1\nimpact: 2\n")
            .says(&["register/risks/RISK-0002.yaml:3: likelihood:"]),
        case("range-likelihood-overflows-a-byte")
            .risk(r2, "id: RISK-0002\ntitle: x\nlikelihood: 300\nimpact: 2\n")
            .says(&["register/risks/RISK-0002.yaml:3: likelihood:"]),
        case("range-fmea-severity")
            .risk(
                r2,
                risk_with("fmea:\n  severity: 11\n  occurrence: 2\n  detection: 2\n"),
            )
            .says(&["register/risks/RISK-0002.yaml:7: fmea.severity: 11 is outside 1..10"]),
        case("range-incident-severity")
            .other(i2, incident_with("").replace("severity: 2", "severity: 9"))
            .says(&["register/incidents/INC-0002.yaml:3: severity: 9 is outside 1..5"]),
        case("range-claim-satisfaction")
            .other(c2, claim_with("satisfaction: 9\n"))
            .says(&["register/claims/CLM-0002.yaml:5: satisfaction: 9 is outside 1..5"]),
        // --- unknown and missing keys ---
        case("unknown-key-typo")
            .risk(r2, risk_with("titel: again\n"))
            .says(&[
                "register/risks/RISK-0002.yaml:6: titel:",
                "did you mean `title`",
            ]),
        case("unknown-nested-key")
            .risk(
                r2,
                risk_with("fmea:\n  severity: 2\n  occurrence: 2\n  detection: 2\n  sevrity: 3\n"),
            )
            .says(&["register/risks/RISK-0002.yaml:10: fmea.sevrity:"]),
        case("missing-likelihood")
            .risk(r2, "id: RISK-0002\ntitle: x\nimpact: 2\n")
            .says(&["register/risks/RISK-0002.yaml:1: likelihood: is required"]),
        case("missing-claim-customer")
            .other(
                c2,
                "id: CLM-0002\nincident: INC-0001\nreceived: 2026-09-28\n",
            )
            .says(&["register/claims/CLM-0002.yaml:1: customer: is required"]),
        // --- ids ---
        case("id-differs-from-file-name")
            .risk(r2, risk_with("").replace("RISK-0002", "RISK-0003"))
            .says(&[
                "register/risks/RISK-0002.yaml:1: id:",
                "named `RISK-0002`",
            ]),
        case("id-of-another-kind")
            .file("risks/INC-0009.yaml", risk_with("").replace("RISK-0002", "INC-0009"))
            .codes(2, 1)
            .says(&["register/risks/INC-0009.yaml:1: id:", "not a risk id"]),
        case("id-escapes-the-register")
            .risk(r2, risk_with("").replace("id: RISK-0002", "id: ../../etc/passwd"))
            .says(&["register/risks/RISK-0002.yaml:1: id:", "not a valid id"]),
        case("id-duplicate-by-number")
            .file("risks/RISK-42.yaml", risk_with("").replace("RISK-0002", "RISK-42"))
            .risk("risks/RISK-0042.yaml", risk_with("").replace("RISK-0002", "RISK-0042"))
            .says(&["register/risks/RISK-42.yaml: id: RISK-42 is also used by register/risks/RISK-0042.yaml"]),
        case("claim-incident-escapes")
            .other(c2, claim_with("").replace("INC-0001", "../INC-0001"))
            .says(&["register/claims/CLM-0002.yaml:2: incident:", "not a valid id"]),
        // --- empty and binary files ---
        case("empty-file")
            .risk(r2, "")
            .says(&["register/risks/RISK-0002.yaml: is empty"]),
        case("comments-only-file")
            .risk(r2, "# nothing here yet\n---\n")
            .says(&["register/risks/RISK-0002.yaml: is empty"]),
        case("binary-file")
            .risk(r2, b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec())
            .says(&["register/risks/RISK-0002.yaml: is a binary file"]),
        case("invalid-utf8")
            .risk(r2, b"id: RISK-0002\ntitle: caf\xe9\n".to_vec())
            .says(&["register/risks/RISK-0002.yaml: is not UTF-8"]),
        // --- hostile YAML ---
        case("alias-bomb")
            .risk(
                r2,
                alias_bomb("id: RISK-0002\ntitle: x\nlikelihood: 2\nimpact:\n", "  "),
            )
            .says(&["register/risks/RISK-0002.yaml: uses aliases"]),
        case("deep-flow-nesting")
            .risk(
                r2,
                format!(
                    "id: RISK-0002\ntitle: x\nlikelihood: 2\nimpact: 2\ncontrols: {}{}\n",
                    "[".repeat(50_000),
                    "]".repeat(50_000)
                ),
            )
            .says(&["register/risks/RISK-0002.yaml:5:", "levels deep"]),
        case("deep-block-nesting")
            .risk(
                r2,
                format!(
                    "id: RISK-0002\ntitle: x\nlikelihood: 2\nimpact: 2\nnotes:\n{}",
                    (1..600)
                        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
                        .collect::<String>()
                ),
            )
            .says(&["register/risks/RISK-0002.yaml:6: notes:"]),
        // --- dates ---
        case("date-impossible")
            .risk(r2, risk_with("identified: 2026-02-30\n"))
            .says(&[
                "register/risks/RISK-0002.yaml:6: identified:",
                "not a valid date",
            ]),
        case("date-wrong-format")
            .risk(r2, risk_with("identified: 30/02/2026\n"))
            .says(&["register/risks/RISK-0002.yaml:6: identified:"]),
        case("date-claim-paid-before-received")
            .other(c2, claim_with("paid: 2026-01-01\n"))
            .says(&["register/claims/CLM-0002.yaml:5: paid:"]),
        // --- settings-dependent values ---
        case("impact-unknown-dimension")
            .risk(
                r2,
                "id: RISK-0002\ntitle: x\nlikelihood: 2\nimpact:\n  financil: 3\n",
            )
            .says(&[
                "register/risks/RISK-0002.yaml:5: impact.financil:",
                "did you mean `financial`",
            ]),
        case("stage-unknown")
            .risk(r2, risk_with("stage: dellivery\n"))
            .says(&["register/risks/RISK-0002.yaml:6: stage:", "delivery"]),
        // --- money ---
        case("money-three-decimals")
            .other(i2, incident_with("compensation_budget: 10.005\n"))
            .says(&[
                "register/incidents/INC-0002.yaml:5: compensation_budget:",
                "two decimal",
            ]),
        case("money-negative")
            .other(i2, incident_with("compensation_budget: -5.00\n"))
            .says(&["register/incidents/INC-0002.yaml:5: compensation_budget:"]),
        case("money-text")
            .other(c2, claim_with("requested:\n  type: refund\n  amount: lots\n"))
            .says(&["register/claims/CLM-0002.yaml:7: requested.amount:"]),
        // --- settings ---
        case("settings-syntax")
            .settings("name: \"unclosed\ncurrency: EUR\n")
            .says(&["register/register.yaml:3:", "quoted"]),
        case("settings-unknown-key")
            .settings("currrency: EUR\n")
            .says(&["register/register.yaml:1: currrency:", "currency"]),
        case("settings-wrong-type")
            .settings("review_every_days: weekly\n")
            .says(&["register/register.yaml:1: review_every_days:"]),
        case("settings-bands-out-of-order")
            .settings("bands:\n  - {name: low, max: 9}\n  - {name: medium, max: 4}\n  - {name: high, max: 25}\n")
            .says(&["register/register.yaml:3: bands[1].max:", "ascending"]),
        case("settings-bands-leave-scores-uncovered")
            .settings("bands:\n  - {name: low, max: 4}\n  - {name: medium, max: 9}\n  - {name: high, max: 20}\n")
            .says(&["register/register.yaml:4: bands[2].max:", "25"]),
        case("settings-band-names-twice")
            .settings("bands:\n  - {name: low, max: 4}\n  - {name: low, max: 9}\n  - {name: high, max: 25}\nreview_every_days: {low: 365, high: 90}\n")
            .says(&["register/register.yaml:1: bands:", "listed twice"]),
        case("settings-scale-of-two")
            .settings("scales:\n  likelihood: [rare, often]\n")
            .says(&["register/register.yaml:2: scales.likelihood:", "3 to 10"]),
        case("settings-scale-of-eleven")
            .settings("scales:\n  impact: [a, b, c, d, e, f, g, h, i, j, k]\nbands:\n  - {name: low, max: 4}\n  - {name: medium, max: 9}\n  - {name: high, max: 55}\n")
            .says(&["register/register.yaml:2: scales.impact:", "3 to 10"]),
        case("settings-grid-wrong-shape")
            .settings("grid:\n  - [low, low, low, low, low]\n  - [low, low]\n")
            .says(&["register/register.yaml:1: grid:", "rows"]),
        case("settings-money-three-decimals")
            .settings("compensation:\n  per_customer_limit: 1.999\n")
            .says(&["register/register.yaml:2: compensation.per_customer_limit:"]),
        case("settings-binary")
            .settings(b"\0\0\0\x01binary".to_vec())
            .says(&["register/register.yaml: is a binary file"]),
        case("settings-alias-bomb")
            .settings(alias_bomb("check:\n  deny:\n", "    "))
            .says(&["register/register.yaml"]),
        // --- references ---
        // TODO(dangling-ref): the rule `dangling-ref` (claim incident / incident risks that do
        // not exist) is being implemented elsewhere; once merged, expect check 1 and its message.
        case("dangling-ref")
            .file(c2, claim_with("").replace("INC-0001", "INC-9999"))
            .file(i2, incident_with("risks: [RISK-9999]\n"))
            .codes(0, -1),
        // --- the file system ---
        case("symlink-loop")
            .setup(|root| {
                link("RISK-0003.yaml", &root.join("register/risks/RISK-0002.yaml"));
                link("RISK-0002.yaml", &root.join("register/risks/RISK-0003.yaml"));
            })
            .codes(2, 1)
            .writers(Writers::Risks)
            .says(&["register/risks/RISK-0002.yaml: is a broken or looping link"]),
        case("symlink-outside-the-register")
            .setup(|root| {
                std::fs::write(root.join("outside.yaml"), risk_with("")).unwrap();
                link("../../outside.yaml", &root.join("register/risks/RISK-0002.yaml"));
            })
            .codes(2, 1)
            .writers(Writers::Risks)
            .says(&["register/risks/RISK-0002.yaml: is a link to a file outside the register"]),
        case("symlink-folder-outside-the-register")
            .setup(|root| {
                std::fs::create_dir(root.join("elsewhere")).unwrap();
                std::fs::write(root.join("elsewhere/RISK-0002.yaml"), risk_with("")).unwrap();
                link("../../elsewhere", &root.join("register/risks/more"));
            }),
        case("kind-folder-links-outside")
            .setup(|root| {
                std::fs::create_dir(root.join("elsewhere")).unwrap();
                std::fs::write(root.join("elsewhere/INC-0002.yaml"), incident_with("")).unwrap();
                std::fs::remove_dir_all(root.join("register/incidents")).unwrap();
                link("../elsewhere", &root.join("register/incidents"));
            })
            .codes(0, 1)
            .says(&["register/incidents: is a link to a folder outside the register"]),
        case("risks-folder-links-outside")
            .setup(|root| {
                std::fs::create_dir(root.join("elsewhere")).unwrap();
                std::fs::write(root.join("elsewhere/RISK-0001.yaml"), RISK).unwrap();
                std::fs::remove_dir_all(root.join("register/risks")).unwrap();
                link("../elsewhere", &root.join("register/risks"));
            })
            .codes(2, 1)
            .writers(Writers::All)
            .says(&["register/risks: is a link"]),
        case("settings-link-outside")
            .setup(|root| {
                std::fs::write(root.join("settings.yaml"), SETTINGS).unwrap();
                std::fs::remove_file(root.join("register/register.yaml")).unwrap();
                link("../settings.yaml", &root.join("register/register.yaml"));
            })
            .codes(2, 2)
            .writers(Writers::All)
            .says(&["register/register.yaml: is a link leading outside the register"]),
        case("dangling-symlink")
            .setup(|root| link("nowhere.yaml", &root.join("register/risks/RISK-0002.yaml")))
            .codes(2, 1)
            .writers(Writers::Risks)
            .says(&["register/risks/RISK-0002.yaml: is a broken or looping link"]),
        case("folder-named-like-a-record")
            .setup(|root| {
                // A folder named like a record, holding a record: walked like any folder.
                std::fs::create_dir(root.join("register/risks/RISK-0005.yaml")).unwrap();
                std::fs::write(
                    root.join("register/risks/RISK-0005.yaml/RISK-0006.yaml"),
                    risk_with("").replace("RISK-0002", "RISK-0006"),
                )
                .unwrap();
            }),
        // --- accepted ---
        case("accept-utf8-bom").file(r2, format!("\u{feff}{}", risk_with(""))),
        case("accept-crlf").file(r2, risk_with("harms:\n- delay\n").replace('\n', "\r\n")),
        case("accept-yml-extension").file("risks/RISK-0002.yml", risk_with("")),
        case("accept-bom-crlf-yml-in-sub-folder").file(
            "claims/INC-0001/CLM-0002.yml",
            format!("\u{feff}{}", claim_with("")).replace('\n', "\r\n"),
        ),
        case("accept-empty-settings").file("register.yaml", ""),
        case("accept-unicode-text").file(r2, risk_with("notes: Zugverspätung — 遅延 🚆\n")),
        case("accept-temp-file-beside-records")
            .file("risks/.risk-abc123.tmp", "id: RISK-0001\ntitle: half-writ"),
    ]
}

fn run(t: &RegisterTest, args: &[&str]) -> (i32, String) {
    let run = t
        .cmd(["--no-input"])
        .args(args)
        .timeout(Duration::from_secs(30))
        .run();
    let output = run.output();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // No exit code means a signal (a stack overflow, an abort) or the timeout: never fine.
    let code = output.status.code().unwrap_or(-100);
    (code, text)
}

/// The case's register: a risk, an incident and a claim, then the case's files and setup.
fn build(case: &Case) -> RegisterTest {
    let t = RegisterTest::with_settings(SETTINGS);
    t.write("risks/RISK-0001.yaml", RISK)
        .write("incidents/INC-0001.yaml", INCIDENT)
        .write("claims/CLM-0001.yaml", CLAIM);
    for (path, bytes) in &case.files {
        t.write(path, bytes);
    }
    if let Some(setup) = case.setup {
        setup(t.folder());
    }
    t
}

/// Runs one case; returns what went wrong, if anything.
fn check_case(case: &Case) -> Vec<String> {
    let t = build(case);
    let before = t.folder_tree();
    let mut wrong = Vec::new();
    let mut expect = |what: &str, (code, text): (i32, String), want: i32, says: &[&str]| {
        if text.contains("panicked") || code == 101 || code < 0 {
            wrong.push(format!("{what}: crashed (exit {code}):\n{text}"));
        } else if want >= 0 && code != want {
            wrong.push(format!("{what}: exit {code}, expected {want}:\n{text}"));
        }
        for needle in says {
            if !text.contains(needle) {
                wrong.push(format!("{what}: output lacks `{needle}`:\n{text}"));
            }
        }
    };
    let failing = |code: i32| if code == 0 { &[][..] } else { &case.says[..] };
    expect("list", run(&t, &["list"]), case.list, failing(case.list));
    let checked = run(&t, &["check"]);
    if std::env::var_os("CORPUS_SHOW").is_some() {
        eprintln!("[{}] check exit {}\n{}", case.name, checked.0, checked.1);
    }
    expect(
        "check",
        checked,
        case.check,
        if case.check == 0 { &[] } else { &case.says },
    );
    if case.writers != Writers::None {
        // The broken risk itself (RISK-0002 unless the case breaks another).
        let target = case
            .files
            .iter()
            .filter_map(|(path, _)| path.strip_prefix("risks/")?.strip_suffix(".yaml"))
            .find(|stem| stem.starts_with("RISK-"))
            .unwrap_or(if case.writers == Writers::All {
                "RISK-0001"
            } else {
                "RISK-0002"
            });
        let mut writers: Vec<Vec<&str>> = vec![
            vec!["edit", target, "--set", "owner=zed"],
            vec!["review", target],
            vec!["action", "add", target, "--title", "Call the vendor"],
        ];
        if case.writers == Writers::All {
            writers.push(vec![
                "add",
                "--title",
                "New",
                "--likelihood",
                "2",
                "--impact",
                "2",
            ]);
        }
        for args in writers {
            expect(&args.join(" "), run(&t, &args), 2, &case.says[..1]);
        }
    }
    let after = t.folder_tree();
    if before != after {
        wrong.push(format!("the register changed: {}", before.changes(&after)));
    }
    wrong
}

#[test]
fn bad_input_corpus() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names must be distinct");
    let failures: Vec<String> = cases
        .iter()
        .flat_map(|case| {
            check_case(case)
                .into_iter()
                .map(move |w| format!("[{}] {w}", case.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} problems:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Ids given on the command line are validated before they touch a path.
#[test]
fn ids_in_flags_cannot_escape_the_register() {
    let t = build(&case("flags"));
    t.beside("secret.yaml", RISK);
    let before = t.folder_tree();
    for args in [
        vec!["show", "../../etc/passwd"],
        vec!["show", "../secret"],
        vec!["show", "risks/RISK-0001"],
        vec!["show", "RISK-0001/../../secret"],
        vec!["edit", "../secret", "--set", "owner=x"],
        vec!["review", "../RISK-0001"],
        vec!["close", "RISK-0001.yaml"],
        vec!["action", "add", "../../secret", "--title", "x"],
        vec!["action", "done", "../../secret/A1"],
        vec!["show", "RISK-1234567890"],
    ] {
        let (code, text) = run(&t, &args);
        assert_eq!(code, 2, "{args:?}: exit {code}\n{text}");
        assert!(!text.contains("panicked"), "{args:?}\n{text}");
        assert!(text.contains("not a valid id"), "{args:?}\n{text}");
    }
    assert_eq!(before, t.folder_tree());
}
