//! Crash safety and concurrency: writers killed with SIGKILL at random moments leave every
//! record either as it was or as it was meant to become, never torn; concurrent `add`s get
//! distinct ids; concurrent edits of different records lose nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use risk_register::codec as yaml;
use risk_register::model::Risk;

use crate::support::RegisterTest;

/// `risk -q ARGS` on the register, to spawn and perhaps kill; its output piped.
fn command(t: &RegisterTest, args: &[&str]) -> Command {
    let mut cmd = t.process(["--no-input", "-q"]);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn register_with_risks(n: u64) -> RegisterTest {
    let t = RegisterTest::with_settings("name: Crash test\n");
    std::fs::create_dir_all(t.path("risks")).unwrap();
    for i in 1..=n {
        t.risk(
            &format!("RISK-{i:04}"),
            &format!("title: Risk number {i}\nowner: ops\nlikelihood: 2\nimpact: 2\n"),
        );
    }
    t
}

fn record_files(reg: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(reg.join("risks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// A tiny deterministic generator for kill delays; no dependency needed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// The text `risk edit ID --set notes=VALUE` writes: the canonical form of the edited risk.
fn edited(original: &str, notes: &str) -> String {
    let mut risk: Risk = yaml::parse(original).unwrap();
    risk.notes = Some(notes.to_string());
    yaml::write(&risk)
}

#[test]
fn writers_killed_at_random_moments_leave_old_or_new_never_torn() {
    let t = register_with_risks(4);
    let reg = t.root();
    let originals: BTreeMap<PathBuf, String> = record_files(&reg)
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    // Every content a record may legitimately hold: its original and each edit's result.
    let mut allowed: BTreeMap<PathBuf, BTreeSet<String>> = originals
        .iter()
        .map(|(p, t)| (p.clone(), BTreeSet::from([t.clone()])))
        .collect();
    let mut rng = Lcg(0x5EED);
    let long = "x".repeat(64 * 1024); // a long value makes the write window wider
    let start = Instant::now();
    let (mut kills, mut rounds) = (0, 0);
    while start.elapsed() < Duration::from_secs(4) && rounds < 400 {
        rounds += 1;
        let mut children: Vec<Child> = Vec::new();
        for (i, (path, original)) in originals.iter().enumerate() {
            // Each record is edited from its original text, so the result is predictable.
            std::fs::write(path, original).unwrap();
            let notes = format!("round {rounds} record {i} {long}");
            allowed
                .get_mut(path)
                .unwrap()
                .insert(edited(original, &notes));
            let id = format!("RISK-{:04}", i + 1);
            children.push(
                command(&t, &["edit", &id, "--set", &format!("notes={notes}")])
                    .spawn()
                    .unwrap(),
            );
        }
        let title = format!("--title=Added in round {rounds}");
        children.push(
            command(&t, &["add", &title, "--likelihood", "2", "--impact", "2"])
                .spawn()
                .unwrap(),
        );
        std::thread::sleep(Duration::from_micros(rng.below(20_000)));
        for mut child in children {
            // Child::kill sends SIGKILL on Unix: no chance to clean up.
            if child.try_wait().unwrap().is_none() {
                kills += 1;
                let _ = child.kill();
            }
            let status = child.wait().unwrap();
            assert_ne!(status.code(), Some(101), "a writer panicked");
        }
        for (path, ok) in &allowed {
            let text = std::fs::read_to_string(path).unwrap();
            assert!(
                ok.contains(&text),
                "{} is neither old nor new after round {rounds}:\n{}",
                path.display(),
                &text[..text.len().min(300)]
            );
        }
    }
    assert!(kills > 0, "no writer was killed in {rounds} rounds");
    // Records added by killed `add`s are complete or absent.
    for path in record_files(&reg) {
        let text = std::fs::read_to_string(&path).unwrap();
        let risk: Risk = yaml::parse(&text)
            .unwrap_or_else(|e| panic!("{} is torn: {e:?}\n{text}", path.display()));
        assert_eq!(
            Some(risk.id.as_str()),
            path.file_stem().and_then(|s| s.to_str())
        );
        if !originals.contains_key(&path) {
            assert!(risk.title.starts_with("Added in round"), "{text}");
        }
    }
    // Temporary files a killed writer left behind are not records: check passes, naming each
    // one as a warning, and fmt removes them.
    let leftovers = |reg: &Path| {
        walkdir::WalkDir::new(reg)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count()
    };
    let out = command(&t, &["check", "--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let reported = stdout
        .matches("a temporary file left by an interrupted write")
        .count();
    assert_eq!(reported, leftovers(&reg), "{stdout}");
    let listed = command(&t, &["list", "--format", "csv"]).output().unwrap();
    let rows = String::from_utf8_lossy(&listed.stdout).lines().count() - 1;
    assert_eq!(rows, record_files(&reg).len());
    let out = command(&t, &["fmt"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(leftovers(&reg), 0, "fmt removes what killed writers left");
    eprintln!("{rounds} rounds, {kills} writers killed");
}

#[test]
fn sixteen_concurrent_adds_all_succeed_with_distinct_ids() {
    let t = register_with_risks(0);
    let children: Vec<Child> = (0..16)
        .map(|i| {
            let title = format!("--title=Concurrent risk {i}");
            command(&t, &["add", &title, "--likelihood", "3", "--impact", "2"])
                .spawn()
                .unwrap()
        })
        .collect();
    let mut ids = BTreeSet::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
        assert!(ids.insert(id.clone()), "{id} was given twice");
    }
    let expected: BTreeSet<String> = (1..=16).map(|n| format!("RISK-{n:04}")).collect();
    assert_eq!(ids, expected);
    let files = record_files(&t.root());
    assert_eq!(files.len(), 16);
    let mut titles = BTreeSet::new();
    for path in files {
        let risk: Risk = yaml::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        titles.insert(risk.title);
    }
    assert_eq!(titles.len(), 16, "a risk overwrote another: {titles:?}");
}

#[test]
fn concurrent_edits_of_different_records_lose_nothing() {
    let t = register_with_risks(8);
    let threads: Vec<_> = (1..=8)
        .map(|i| {
            // Each thread gets its commands ready-made: the scenario stays on this thread.
            let id = format!("RISK-{i:04}");
            let commands: Vec<(String, Command)> = [
                vec!["edit", &id, "--set", "owner=owner-changed"],
                vec!["edit", &id, "--set", "notes=edited concurrently"],
                vec!["review", &id, "--on", "2026-11-20"],
                vec!["action", "add", &id, "--title", "Follow up"],
            ]
            .into_iter()
            .map(|args| (format!("{args:?}"), command(&t, &args)))
            .collect();
            std::thread::spawn(move || {
                for (args, mut command) in commands {
                    let out = command.output().unwrap();
                    assert!(
                        out.status.success(),
                        "{args}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    for path in record_files(&t.root()) {
        let risk: Risk = yaml::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(risk.owner.as_deref(), Some("owner-changed"), "{path:?}");
        assert_eq!(risk.notes.as_deref(), Some("edited concurrently"));
        assert_eq!(
            risk.review.and_then(|r| r.last).unwrap().to_string(),
            "2026-11-20"
        );
        assert_eq!(risk.actions.len(), 1);
    }
}
