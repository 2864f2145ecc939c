//! Scale: the generator writes valid canonical registers, the loader's order is deterministic,
//! and `risk add` reads only file names.

use std::path::{Path, PathBuf};
use std::process::Command;

use risk_register::codec as yaml;
use risk_register::model::{Claim, Incident, Risk};

use crate::support::{RegisterTest, Run};

/// `target/<profile>/examples/gen-register`, built by `cargo test` with the other examples.
fn generator() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join("examples").join("gen-register")
}

fn risk(t: &RegisterTest, args: &[&str]) -> Run {
    t.cmd(["--no-input"]).args(args).run()
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

fn canonical<T>(path: &Path)
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let text = std::fs::read_to_string(path).unwrap();
    let value: T = yaml::parse(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    assert_eq!(
        yaml::write(&value),
        text,
        "{} is not canonical",
        path.display()
    );
}

#[test]
fn the_generator_writes_a_valid_canonical_register() {
    let gen_path = generator();
    if !gen_path.exists() {
        panic!(
            "{} missing; `cargo test` builds examples",
            gen_path.display()
        );
    }
    let t = RegisterTest::without_register();
    let root = t.root();
    let status = Command::new(&gen_path)
        .arg(&root)
        .args(["--risks", "300", "--incidents", "40", "--claims", "3000"])
        .status()
        .unwrap();
    assert!(status.success());
    let out = risk(&t, &["check", "--format", "json"]);
    let report = out.stdout_json();
    assert_eq!(report["errors"], serde_json::json!([]), "{report:#}");
    assert_eq!(out.exit_code(), Some(0));
    let mut all = Vec::new();
    files(&root, &mut all);
    assert_eq!(all.len(), 1 + 300 + 40 + 3000);
    let in_sub_folders = all
        .iter()
        .filter(|p| p.parent().unwrap().file_name().unwrap() != "claims")
        .filter(|p| p.to_string_lossy().contains("/claims/"))
        .count();
    assert!(
        in_sub_folders > 500,
        "claims of large incidents sit in sub-folders"
    );
    for path in &all {
        let parent = path.parent().unwrap().to_string_lossy().to_string();
        if parent.ends_with("risks") {
            canonical::<Risk>(path);
        } else if parent.ends_with("incidents") {
            canonical::<Incident>(path);
        } else if parent.contains("claims") {
            canonical::<Claim>(path);
        }
    }
    // The same seed writes the same register.
    let again = t.folder().join("again");
    Command::new(&gen_path)
        .arg(&again)
        .args(["--risks", "300", "--incidents", "40", "--claims", "3000"])
        .status()
        .unwrap();
    for path in all.iter().step_by(97) {
        let twin = again.join(path.strip_prefix(&root).unwrap());
        assert_eq!(std::fs::read(path).unwrap(), std::fs::read(twin).unwrap());
    }
    // Output is deterministic: the loader's parallel walk does not change the order.
    let first = risk(&t, &["check"]).stdout_text();
    for _ in 0..3 {
        assert_eq!(risk(&t, &["check"]).stdout_text(), first);
    }
    let list = risk(&t, &["list", "--all", "--format", "csv"]).stdout_text();
    let ids: Vec<String> = list
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_by_key(|id| id[5..].parse::<u32>().unwrap());
    assert_eq!(ids, sorted);
    assert_eq!(ids.len(), 300);
}

#[test]
fn add_reads_only_file_names() {
    let t = RegisterTest::new();
    // Not one of these parses; `add` must not care, as it never reads them.
    t.write("risks/RISK-0007.yaml", b"\0\0binary")
        .write("risks/old/RISK-0041.yml", "likelihood: [")
        .write("incidents/INC-0001.yaml", "{{{{")
        .write("claims/INC-0001/CLM-0001.yaml", "\u{0}");
    let out = risk(
        &t,
        &[
            "add",
            "-q",
            "--title",
            "New",
            "--likelihood",
            "2",
            "--impact",
            "2",
        ],
    );
    assert!(
        out.output().status.success(),
        "{}",
        String::from_utf8_lossy(&out.output().stderr)
    );
    // max + 1 over every risk file name, sub-folders included.
    assert_eq!(
        String::from_utf8_lossy(&out.output().stdout).trim(),
        "RISK-0042"
    );
    assert!(t.path("risks/RISK-0042.yaml").is_file());
}
