//! A `claim import` or `claim offer-all` killed half way is finished by running it again
//! (DESIGN 7): SIGKILL at random moments of a mass import, then one more run, and the register
//! holds exactly one claim per row, no duplicate, and checks clean.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use risk_register::codec as yaml;
use risk_register::model::Claim;

use crate::support::RegisterTest;

const INCIDENT: &str = "id: INC-0001\ntitle: Flights cancelled after a storm\nseverity: 2\n\
    harms:\n- delay\ndetected: 2026-11-01T06:00:00Z\n";
const SETTINGS: &str = "compensation:\n  rules:\n    - id: goodwill\n      when: {harms: [delay]}\n\
    \x20     offer: {type: credit, amount: 25.00}\n";

/// A small generator for kill moments, seeded from the clock (printed when a test fails).
struct Lcg(u64);

impl Lcg {
    fn from_clock() -> Lcg {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        Lcg(u64::from(nanos) | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// `risk --no-input ARGS` to spawn and kill, its stdout dropped unless asked for.
fn spawnable(t: &RegisterTest, args: &[&str]) -> Command {
    let mut cmd = t.process(["--no-input"]);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// The claims in the register, parsed (temporary files a killed writer left are not claims).
fn claims(reg: &Path) -> Vec<Claim> {
    let Ok(entries) = std::fs::read_dir(reg.join("claims")) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            yaml::parse(&text).unwrap_or_else(|e| panic!("{} is torn: {e:?}", p.display()))
        })
        .collect()
}

fn claim_count(reg: &Path) -> usize {
    std::fs::read_dir(reg.join("claims")).map_or(0, |entries| {
        entries
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "yaml"))
            })
            .count()
    })
}

fn leftovers(reg: &Path) -> usize {
    std::fs::read_dir(reg.join("claims")).map_or(0, |entries| {
        entries
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            })
            .count()
    })
}

/// How a killing went: rounds run, and the kills that landed while claims were being put in
/// place (some of the batch written, not all).
#[derive(Debug, Default)]
struct Kills {
    rounds: u32,
    mid_write: u32,
    before_any: u32,
    finished: u32,
}

/// Runs `args` again and again, each run from what the last one left, killing it with SIGKILL
/// at random moments: any time in its first 400 ms, or just after the next claim file
/// appeared. Stops after two kills mid-write, or at the bounds (rounds, time), or when a run
/// finished the batch after a kill mid-write. `total` is the batch's size and `check` asserts
/// the register after each kill (no duplicate so far).
fn kill_repeatedly(
    t: &RegisterTest,
    args: &[&str],
    total: usize,
    budget: Duration,
    check: impl Fn(&Path),
) -> Kills {
    let reg = t.root();
    let mut rng = Lcg::from_clock();
    let seed = rng.0;
    let started = Instant::now();
    let mut kills = Kills::default();
    while kills.rounds < 10 && started.elapsed() < budget {
        if kills.mid_write >= 2 && kills.rounds >= 3 {
            break;
        }
        kills.rounds += 1;
        let before = claim_count(&reg);
        let next = reg.join(format!("claims/CLM-{:04}.yaml", before + 1));
        let mut child = spawnable(t, args).spawn().unwrap();
        if kills.rounds % 3 == 1 {
            // Anywhere: loading, checking, staging or putting in place.
            std::thread::sleep(Duration::from_millis(rng.below(400)));
        } else {
            // While the claims are being put in place: just after the next one appeared.
            let waiting = Instant::now();
            while !next.exists()
                && child.try_wait().unwrap().is_none()
                && waiting.elapsed() < Duration::from_secs(10)
            {
                std::thread::sleep(Duration::from_micros(200));
            }
            std::thread::sleep(Duration::from_micros(rng.below(4_000)));
        }
        // Child::kill sends SIGKILL on Unix: no chance to clean up.
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        if let Some(code) = out.status.code() {
            assert_eq!(
                code,
                0,
                "round {} (seed {seed}): {}",
                kills.rounds,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let after = claim_count(&reg);
        match after {
            n if n == total => kills.finished += 1,
            n if n == before => kills.before_any += 1,
            _ => kills.mid_write += 1,
        }
        assert!(
            after <= total,
            "round {}: {after} claims for {total} rows",
            kills.rounds
        );
        check(&reg);
        if after == total {
            if kills.mid_write > 0 {
                break;
            }
            // Too late to kill it mid-write this time: start the batch over.
            for claim in std::fs::read_dir(reg.join("claims")).unwrap() {
                std::fs::remove_file(claim.unwrap().path()).unwrap();
            }
        }
    }
    eprintln!("seed {seed}: {kills:?} in {:?}", started.elapsed());
    kills
}

/// The identity of a claim by DESIGN 7's key: customer, received, type, amount.
fn key_of(c: &Claim) -> String {
    let r = c.requested.as_ref();
    format!(
        "{},{},{},{}",
        c.customer,
        c.received,
        r.map(|r| r.kind.as_str()).unwrap_or_default(),
        r.and_then(|r| r.amount)
            .map(|a| a.to_string())
            .unwrap_or_default()
    )
}

fn tally<'a>(keys: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
    let mut counts = BTreeMap::new();
    for k in keys {
        *counts.entry(k).or_default() += 1;
    }
    counts
}

/// The register's health at the end: `check` passes, naming the temporary files killed
/// writers left as warnings, and `fmt` removes them.
fn check_and_tidy(t: &RegisterTest) {
    let reg = t.root();
    let check = spawnable(t, &["check", "--format", "json"])
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{report}");
    assert_eq!(
        report
            .matches("a temporary file left by an interrupted write")
            .count(),
        leftovers(&reg),
        "{report}"
    );
    let fmt = spawnable(t, &["fmt"]).output().unwrap();
    assert!(
        fmt.status.success(),
        "{}",
        String::from_utf8_lossy(&fmt.stderr)
    );
    assert_eq!(leftovers(&reg), 0);
}

#[test]
fn an_import_killed_half_way_is_finished_by_running_it_again() {
    const ROWS: usize = 5000;
    let t = RegisterTest::new();
    t.write("incidents/INC-0001.yaml", INCIDENT);
    // Every 1000th row repeats the one before: a file that really holds a claim twice.
    let mut text = String::from("customer,received,type,amount,channel\n");
    let mut rows: Vec<String> = Vec::with_capacity(ROWS);
    for n in 0..ROWS {
        let row = if n % 1000 == 999 {
            rows[n - 1].clone()
        } else {
            format!(
                "CUST-{},2026-11-{:02},refund,{}.{:02}",
                60000 + n,
                2 + n % 20,
                10 + n % 90,
                n % 100
            )
        };
        text.push_str(&row);
        text.push_str(",web\n");
        rows.push(row);
    }
    let csv = t.beside("storm.csv", &text);
    let csv_arg = csv.to_str().unwrap();
    let args = ["claim", "import", "--incident", "INC-0001", csv_arg];
    let expected = tally(rows.iter().map(String::as_str));

    let started = Instant::now();
    let kills = kill_repeatedly(&t, &args, ROWS, Duration::from_secs(12), |reg| {
        // Whatever a kill left, no row has more claims than the file has copies of it.
        let found = claims(reg);
        let keys: Vec<String> = found.iter().map(key_of).collect();
        for (key, n) in tally(keys.iter().map(String::as_str)) {
            assert!(
                n <= expected[key],
                "{key}: {n} claims for {} rows",
                expected[key]
            );
        }
    });
    let killing = started.elapsed();
    assert!(
        kills.mid_write > 0,
        "no kill landed while claims were being written: {kills:?}"
    );
    let there = claim_count(&t.root());

    let again = Instant::now();
    let out = spawnable(&t, &args)
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    let rerun = again.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected_summary = if there == ROWS {
        format!(
            "Nothing imported for INC-0001: all {ROWS} claim(s) of the file are already there\n"
        )
    } else if there == 0 {
        format!("Imported {ROWS} claim(s) for INC-0001: CLM-0001..CLM-{ROWS:04}\n")
    } else {
        format!(
            "Imported {} claim(s) for INC-0001: CLM-{:04}..CLM-{ROWS:04} ({there} already there)\n",
            ROWS - there,
            there + 1
        )
    };
    assert_eq!(stdout, expected_summary);
    let found = claims(&t.root());
    assert_eq!(found.len(), ROWS, "one claim per row");
    let keys: Vec<String> = found.iter().map(key_of).collect();
    assert_eq!(tally(keys.iter().map(String::as_str)), expected);
    let mut ids: Vec<u64> = found.iter().map(|c| c.id.number()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        (1..=ROWS as u64).collect::<Vec<_>>(),
        "ids without gaps"
    );
    check_and_tidy(&t);
    // Once more: every row is there, nothing is written.
    let last = t.cmd(args).run().success().unchanged();
    assert_eq!(
        last.stdout_text(),
        format!(
            "Nothing imported for INC-0001: all {ROWS} claim(s) of the file are already there\n"
        )
    );
    eprintln!(
        "killing {killing:?}; the run that finished, with {there} of {ROWS} there: {rerun:?}; \
         in all {:?}",
        started.elapsed()
    );
}

#[test]
fn an_offer_all_killed_half_way_is_finished_by_running_it_again() {
    const CUSTOMERS: usize = 1500;
    let t = RegisterTest::with_settings(SETTINGS);
    t.write("incidents/INC-0001.yaml", INCIDENT);
    let mut text = String::from("customer\n");
    for n in 0..CUSTOMERS {
        text.push_str(&format!("CUST-{}\n", 70000 + n));
    }
    let csv = t.beside("affected.csv", &text);
    let csv_arg = csv.to_str().unwrap();
    let args = [
        "claim",
        "offer-all",
        "--incident",
        "INC-0001",
        "--customers",
        csv_arg,
    ];
    let kills = kill_repeatedly(&t, &args, CUSTOMERS, Duration::from_secs(6), |reg| {
        let found = claims(reg);
        let customers = tally(found.iter().map(|c| c.customer.as_str()));
        assert!(
            customers.values().all(|n| *n == 1),
            "a customer offered twice"
        );
    });
    assert!(
        kills.mid_write > 0,
        "no kill landed while claims were being written: {kills:?}"
    );
    // The next day: the customers offered already are skipped, the others get their offer.
    let out = spawnable(&t, &args)
        .args(["--on", "2026-11-23"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = claims(&t.root());
    assert_eq!(found.len(), CUSTOMERS);
    let customers = tally(found.iter().map(|c| c.customer.as_str()));
    assert_eq!(
        customers.len(),
        CUSTOMERS,
        "one proactive claim per customer"
    );
    assert!(found.iter().all(|c| {
        c.proactive == Some(true)
            && c.offer
                .as_ref()
                .is_some_and(|o| o.amount.to_string() == "25.00")
    }));
    check_and_tidy(&t);
    let last = t.cmd(args).run().success().unchanged();
    assert_eq!(
        last.stdout_text(),
        format!(
            "Nothing offered for INC-0001: all {CUSTOMERS} customer(s) of the file already have a proactive claim for it\n"
        )
    );
}

#[test]
fn an_exported_claims_csv_imported_into_its_own_register_finds_every_claim() {
    let t = RegisterTest::fixture("incidents");
    let csv = t
        .run(["export", "--kind", "claims", "--format", "csv"])
        .success()
        .stdout_text();
    // The claims of INC-0002, with a ref given to one of them by hand since.
    let header = csv.lines().next().unwrap();
    let rows: Vec<&str> = csv.lines().filter(|l| l.contains(",INC-0002,")).collect();
    assert_eq!(rows.len(), 3);
    let path = t.beside("inc2.csv", format!("{header}\n{}\n", rows.join("\n")));
    t.cmd(["claim", "import", "--incident", "INC-0002"])
        .arg(&path)
        .run()
        .success()
        .unchanged()
        .stdout("Nothing imported for INC-0002: all 3 claim(s) of the file are already there\n");
    // A new row among them is imported, and only it; its ref is kept and exported.
    let with_new = format!(
        "{header}\n{}\nCUST-30009,2026-11-20,refund,12.50,web,,WEB-77{}\n",
        rows.join("\n"),
        ",".repeat(header.matches(',').count() - 6)
    );
    let path = t.beside("inc2-more.csv", with_new);
    t.cmd(["claim", "import", "--incident", "INC-0002"])
        .arg(&path)
        .run()
        .success()
        .stdout("Imported 1 claim(s) for INC-0002: CLM-0007..CLM-0007 (3 already there)\n");
    assert!(
        t.read("claims/CLM-0007.yaml")
            .starts_with("id: CLM-0007\nref: WEB-77\n")
    );
    t.run(["export", "--kind", "claims", "--format", "csv"])
        .success()
        .stdout_has("CUST-30009,2026-11-20,refund,12.50,web,,WEB-77,CLM-0007,INC-0002,");
}

/// A mass event stages one file per claim before any is put in place: the writer must not keep
/// them all open, or an import larger than the open-file limit fails half staged.
#[test]
fn an_import_larger_than_the_open_file_limit_lands_whole() {
    let t = RegisterTest::with_settings(SETTINGS);
    t.write("incidents/INC-0001.yaml", INCIDENT);
    let mut csv = String::from("customer,received,type,amount\n");
    for n in 0..300 {
        csv.push_str(&format!(
            "CUST-{:06},2026-11-02,refund,10.00\n",
            100_000 + n
        ));
    }
    let file = t.beside("claims.csv", csv);
    // The same command under `ulimit -n 64`, which 300 open temporary files would exceed.
    let import = t.process(["claim", "import", "--incident", "INC-0001"]);
    let mut words: Vec<String> = vec![import.get_program().to_string_lossy().into_owned()];
    words.extend(import.get_args().map(|a| a.to_string_lossy().into_owned()));
    words.push(file.display().to_string());
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let mut shell = Command::new("sh");
    shell
        .arg("-c")
        .arg(format!("ulimit -n 64 && exec {}", quoted.join(" ")))
        .current_dir(t.folder())
        .envs(import.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .stdin(Stdio::null());
    let out = shell.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Imported 300 claim(s) for INC-0001"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    t.run(["check"]).success();
}
