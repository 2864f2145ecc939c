//! Scale: the generator writes valid canonical registers, the loader's order is deterministic,
//! and `risk add` reads only file names.

use std::path::{Path, PathBuf};
use std::process::Command;

use risk_register::codec as yaml;
use risk_register::model::{Claim, Incident, Risk};

/// `target/<profile>/examples/gen-register`, built by `cargo test` with the other examples.
fn generator() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join("examples").join("gen-register")
}

fn risk(root: &Path, args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("risk")
        .unwrap()
        .args(["-R"])
        .arg(root)
        .args(["--today", "2026-11-23", "--no-input"])
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
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
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("register");
    let status = Command::new(&gen_path)
        .arg(&root)
        .args(["--risks", "300", "--incidents", "40", "--claims", "3000"])
        .status()
        .unwrap();
    assert!(status.success());
    let out = risk(&root, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"], serde_json::json!([]), "{report:#}");
    assert_eq!(out.status.code(), Some(0));
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
    let again = tmp.path().join("again");
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
    let first = risk(&root, &["check"]).stdout;
    for _ in 0..3 {
        assert_eq!(risk(&root, &["check"]).stdout, first);
    }
    let list = risk(&root, &["list", "--all", "--format", "csv"]).stdout;
    let ids: Vec<String> = String::from_utf8(list)
        .unwrap()
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
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("register");
    for dir in ["risks/old", "incidents", "claims/INC-0001"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    std::fs::write(root.join("register.yaml"), "").unwrap();
    // Not one of these parses; `add` must not care, as it never reads them.
    std::fs::write(root.join("risks/RISK-0007.yaml"), b"\0\0binary").unwrap();
    std::fs::write(root.join("risks/old/RISK-0041.yml"), "likelihood: [").unwrap();
    std::fs::write(root.join("incidents/INC-0001.yaml"), "{{{{").unwrap();
    std::fs::write(root.join("claims/INC-0001/CLM-0001.yaml"), "\u{0}").unwrap();
    let out = risk(
        &root,
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
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // max + 1 over every risk file name, sub-folders included.
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "RISK-0042");
    assert!(root.join("risks/RISK-0042.yaml").is_file());
}
