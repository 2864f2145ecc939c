//! Candidates for dynamic shell completion: record ids, owners, stages, categories and bands
//! of the register found from the current folder. Cheap (file names and a line scan, no full
//! load) and silent: no register, or an unreadable file, gives fewer candidates, never an error.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::model::Settings;

fn root() -> Option<PathBuf> {
    let flag = std::env::var_os("RISK_REGISTER").map(PathBuf::from);
    super::Store::find(flag.as_deref())
        .ok()
        .map(|s| s.root().to_path_buf())
}

fn files(folder: &str) -> Vec<PathBuf> {
    let Some(root) = root() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    paths
}

/// Every record id, from the file names (risks, incidents, claims, analyses).
pub fn record_ids() -> Vec<String> {
    ["risks", "incidents", "claims", "analyses"]
        .iter()
        .flat_map(|folder| files(folder))
        .filter_map(|p| p.file_stem()?.to_str().map(str::to_string))
        .collect()
}

/// Every owner named in a risk (of the risk, its actions or its controls), by a line scan.
pub fn owners() -> Vec<String> {
    let mut owners = BTreeSet::new();
    for path in files("risks").into_iter().chain(files("incidents")) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for line in text.lines() {
            let line = line.trim_start().trim_start_matches("- ");
            if let Some(value) = line.strip_prefix("owner:") {
                let value = value.split(" #").next().unwrap_or("").trim();
                let value = value.trim_matches(|c| c == '"' || c == '\'');
                if !value.is_empty() {
                    owners.insert(value.to_string());
                }
            }
        }
    }
    owners.into_iter().collect()
}

fn settings() -> Option<Settings> {
    let text = std::fs::read_to_string(root()?.join(super::SETTINGS_FILE)).ok()?;
    crate::codec::parse(&text).ok()
}

pub fn stages() -> Vec<String> {
    settings().map(|s| s.stages).unwrap_or_default()
}

pub fn categories() -> Vec<String> {
    settings().map(|s| s.categories).unwrap_or_default()
}

pub fn bands() -> Vec<String> {
    settings()
        .map(|s| s.bands.into_iter().map(|b| b.name).collect())
        .unwrap_or_default()
}
