//! The seams STYLE.md promises, kept by a test: one writer of the register, a plain snapshot
//! for the pure layers, and one door to YAML.

use std::path::{Path, PathBuf};

fn sources(under: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(under);
    let mut out: Vec<(PathBuf, String)> = walkdir::WalkDir::new(&root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let rel = e.path().strip_prefix(root.parent().unwrap()).unwrap();
            (
                rel.to_path_buf(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The text of a source file before its unit tests.
fn code(text: &str) -> &str {
    match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    }
}

#[test]
fn only_the_register_module_writes_files() {
    const WRITES: [&str; 6] = [
        "fs::write",
        "File::create",
        "OpenOptions",
        "remove_file",
        "fs::rename",
        "persist",
    ];
    let mut found = Vec::new();
    for (file, text) in sources("") {
        if file.starts_with("src/register") {
            continue;
        }
        for call in WRITES {
            if code(&text).contains(call) {
                found.push(format!("{}: {call}", file.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "files written outside register/:\n{}",
        found.join("\n")
    );
}

#[test]
fn rating_check_and_output_take_a_snapshot_and_never_the_register() {
    let mut found = Vec::new();
    for layer in ["rating", "check", "output", "ops", "model", "snapshot.rs"] {
        for (file, text) in sources(layer) {
            if code(&text).contains("crate::register") {
                found.push(file.display().to_string());
            }
        }
    }
    assert!(
        found.is_empty(),
        "these use the register module:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_command_line_never_names_the_yaml_codec() {
    let mut found = Vec::new();
    for (file, text) in sources("cli") {
        for name in ["crate::codec", "serde_yaml", "codec::"] {
            if code(&text).contains(name) {
                found.push(format!("{}: {name}", file.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "cli/ names the codec:\n{}",
        found.join("\n")
    );
}

#[test]
fn only_the_codec_names_the_yaml_crate() {
    let mut found = Vec::new();
    for (file, text) in sources("") {
        if !file.starts_with("src/codec") && code(&text).contains("serde_yaml") {
            found.push(file.display().to_string());
        }
    }
    assert!(
        found.is_empty(),
        "the YAML crate is named outside codec/:\n{}",
        found.join("\n")
    );
}
