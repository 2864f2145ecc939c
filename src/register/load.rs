//! Loading records: walk the kind folders, then read and validate every file in parallel.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use super::{Record, RecordFile, Register, located, yaml};
use crate::error::{Finding, Located};
use crate::model::{Claim, Id, Incident, Kind, Problem, Risk, Settings};

/// Decodes a file's bytes as UTF-8 text, dropping a byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    decode_owned(bytes.to_vec())
}

/// Like [`decode`], but takes the bytes as read, so valid text is never copied.
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) if text.contains('\0') => Err("is a binary file, not YAML text".into()),
        Ok(text) => Ok(text),
        Err(e) => Err(format!(
            "is not UTF-8 text (invalid byte at offset {}); is it a binary file?",
            e.utf8_error().valid_up_to()
        )),
    }
}

/// True when a text holds nothing but blank lines and comments.
pub fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---"
    })
}

fn is_record_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// The highest id number among the file names of a kind's folder (0 when there are none).
pub fn max_number(dir: &Path, kind: Kind) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| is_record_file(e.path()))
        .filter_map(|e| {
            let stem = e.path().file_stem()?.to_str()?;
            Id::parse_kind(stem, kind).ok().map(|id| id.number())
        })
        .max()
        .unwrap_or(0)
}

/// A record type that can be loaded: its id and its validation against the settings.
pub trait Loadable:
    DeserializeOwned + serde::Serialize + Clone + PartialEq + std::fmt::Debug + Send
{
    const KIND: Kind;
    /// Drops what would be written as an empty optional key (`review: {}`).
    fn normalise(&mut self) {}
    fn id(&self) -> &Id;
    fn validate(&self, settings: &Settings) -> Vec<Problem>;
    fn records(register: &Register) -> &[Record<Self>];
}

impl Loadable for Risk {
    const KIND: Kind = Kind::Risk;
    fn normalise(&mut self) {
        if self
            .review
            .as_ref()
            .is_some_and(|r| r.last.is_none() && r.every_days.is_none())
        {
            self.review = None;
        }
    }
    fn id(&self) -> &Id {
        &self.id
    }
    fn validate(&self, settings: &Settings) -> Vec<Problem> {
        Risk::validate(self, settings)
    }
    fn records(register: &Register) -> &[Record<Self>] {
        &register.risks
    }
}

impl Loadable for Incident {
    const KIND: Kind = Kind::Incident;
    fn normalise(&mut self) {
        if self
            .review
            .as_ref()
            .is_some_and(|r| r.held.is_none() && r.lessons.is_empty())
        {
            self.review = None;
        }
    }
    fn id(&self) -> &Id {
        &self.id
    }
    fn validate(&self, settings: &Settings) -> Vec<Problem> {
        Incident::validate(self, settings)
    }
    fn records(register: &Register) -> &[Record<Self>] {
        &register.incidents
    }
}

impl Loadable for Claim {
    const KIND: Kind = Kind::Claim;
    fn id(&self) -> &Id {
        &self.id
    }
    fn validate(&self, settings: &Settings) -> Vec<Problem> {
        Claim::validate(self, settings)
    }
    fn records(register: &Register) -> &[Record<Self>] {
        &register.claims
    }
}

impl Register {
    /// Loads every record of `kinds`. Broken files become `problems`; the rest load.
    pub fn load(&mut self, kinds: &[Kind]) {
        // Walk every kind's folder at once (each walk is parallel too), then read kind by kind.
        let walks: Vec<(Vec<RecordFile>, Vec<Finding>)> =
            kinds.par_iter().map(|kind| self.walk(*kind)).collect();
        for (kind, (files, problems)) in kinds.iter().zip(walks) {
            self.problems.extend(problems);
            match kind {
                Kind::Risk => self.risks = self.read_all(&files),
                Kind::Incident => self.incidents = self.read_all(&files),
                Kind::Claim => self.claims = self.read_all(&files),
            }
            self.files.extend(files);
        }
        self.find_duplicates();
        self.problems
            .sort_by(|a, b| (&a.at.file, a.at.line).cmp(&(&b.at.file, b.at.line)));
    }

    /// Lists the record files of a kind, in file-name order, folder by folder. Links are read
    /// only when they stay inside the register; links to folders are never followed.
    fn walk(&self, kind: Kind) -> (Vec<RecordFile>, Vec<Finding>) {
        let dir = self.root.join(kind.dir());
        let canonical_root = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.root.clone());
        match std::fs::symlink_metadata(&dir) {
            Ok(meta) if meta.is_dir() => {}
            Ok(meta) if meta.file_type().is_symlink() => {
                // The kind folder itself is a link: read it only when it stays inside.
                let inside = dir
                    .canonicalize()
                    .is_ok_and(|t| t.starts_with(&canonical_root) && t.is_dir());
                if !inside {
                    let problem = self.problem(
                        &dir,
                        None,
                        "is a link to a folder outside the register (or a broken link); not read"
                            .into(),
                    );
                    return (Vec::new(), vec![problem]);
                }
            }
            _ => return (Vec::new(), Vec::new()),
        }
        let walker = Walker {
            register: self,
            kind,
            canonical_root: &canonical_root,
        };
        let mut out = Walked::default();
        walker.dir(&dir, PathBuf::from(kind.dir()), &mut out);
        (out.files, out.problems)
    }

    fn problem(&self, path: &Path, record: Option<String>, message: String) -> Finding {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        Finding::error(
            "parse",
            record,
            Located {
                file: self.display_path(rel),
                line: None,
                key: None,
                message,
            },
        )
    }

    fn read_all<T: Loadable>(&mut self, files: &[RecordFile]) -> Vec<Record<T>> {
        // A record's id is its file name, so reading the files in id order yields the records
        // in order: no sort (and no second copy) of the large records afterwards.
        let mut order: Vec<&RecordFile> = files.iter().collect();
        order.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.rel.cmp(&b.rel)));
        let results: Vec<Result<Record<T>, Vec<Finding>>> = order
            .par_iter()
            .map(|f| read_one::<T>(&self.root, f, &self.settings, None))
            .collect();
        let problems = &mut self.problems;
        // Collected in place: the records reuse the results' allocation.
        results
            .into_iter()
            .filter_map(|result| match result {
                Ok(record) => Some(record),
                Err(findings) => {
                    problems.extend(findings);
                    None
                }
            })
            .collect()
    }

    /// Two files whose names give the same id (by number), within a kind.
    pub(super) fn find_duplicates(&mut self) {
        let mut by_id: Vec<&RecordFile> = self.files.iter().filter(|f| f.id.is_some()).collect();
        by_id.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.rel.cmp(&b.rel)));
        let mut found = Vec::new();
        for pair in by_id.windows(2) {
            if pair[0].id == pair[1].id {
                let id = pair[1].id.as_ref().map(Id::to_string);
                found.push(Finding::error(
                    "duplicate-id",
                    id.clone(),
                    Located {
                        file: pair[1].file.clone(),
                        line: None,
                        key: Some("id".into()),
                        message: format!(
                            "{} is also used by {}; give one of them a new id with `risk renumber`",
                            id.unwrap_or_default(),
                            pair[0].file
                        ),
                    },
                ));
            }
        }
        self.problems.extend(found);
    }
}

/// What a walk found: record files in order, and the entries it could not use.
#[derive(Default)]
struct Walked {
    files: Vec<RecordFile>,
    problems: Vec<Finding>,
}

impl Walked {
    fn append(&mut self, mut other: Walked) {
        self.files.append(&mut other.files);
        self.problems.append(&mut other.problems);
    }
}

/// A depth-first walk of one kind's folder, entries sorted by name, sub-folders in parallel.
struct Walker<'a> {
    register: &'a Register,
    kind: Kind,
    canonical_root: &'a Path,
}

impl Walker<'_> {
    fn dir(&self, dir: &Path, rel: PathBuf, out: &mut Walked) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                let problem = self
                    .register
                    .problem(dir, None, format!("cannot be read: {e}"));
                out.problems.push(problem);
                return;
            }
        };
        let mut names = Vec::new();
        for entry in entries {
            match entry.and_then(|e| Ok((e.file_name(), e.file_type()?))) {
                Ok(named) => names.push(named),
                Err(e) => {
                    let problem = self
                        .register
                        .problem(dir, None, format!("cannot be read: {e}"));
                    out.problems.push(problem);
                }
            }
        }
        names.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        // One `Walked` per chunk of entries, not per entry; chunks come back in order.
        let parts: Vec<Walked> = names
            .par_iter()
            .with_min_len(256)
            .fold(Walked::default, |mut part, (name, file_type)| {
                self.entry(dir, &rel, Path::new(name), *file_type, &mut part);
                part
            })
            .collect();
        out.files.reserve(parts.iter().map(|p| p.files.len()).sum());
        for part in parts {
            out.append(part);
        }
    }

    fn entry(
        &self,
        dir: &Path,
        rel: &Path,
        name: &Path,
        file_type: std::fs::FileType,
        out: &mut Walked,
    ) {
        if file_type.is_dir() {
            // A folder, even one named like a record: its files are walked like any other.
            self.dir(&dir.join(name), rel.join(name), out);
            return;
        }
        if !is_record_file(name) {
            return;
        }
        let path = dir.join(name);
        if file_type.is_symlink() {
            let message = match path.canonicalize() {
                Ok(target) if target.starts_with(self.canonical_root) && target.is_file() => None,
                Ok(target) if target.starts_with(self.canonical_root) => {
                    Some("is a link to a folder; not followed".to_string())
                }
                Ok(_) => Some("is a link to a file outside the register; not read".to_string()),
                Err(e) => Some(format!("is a broken or looping link: {e}")),
            };
            if let Some(message) = message {
                out.problems
                    .push(self.register.problem(&path, None, message));
                return;
            }
        }
        let rel = rel.join(name);
        let id = name
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| Id::parse(s).ok());
        out.files.push(RecordFile {
            kind: self.kind,
            id,
            file: self.register.display_path(&rel),
            rel,
        });
    }
}

fn read_one<T: Loadable>(
    root: &Path,
    file: &RecordFile,
    settings: &Settings,
    given: Option<Vec<u8>>,
) -> Result<Record<T>, Vec<Finding>> {
    let record_id = file.id.as_ref().map(Id::to_string);
    let fail = |line: Option<usize>, key: Option<String>, message: String| {
        vec![Finding::error(
            "parse",
            record_id.clone(),
            Located {
                file: file.file.clone(),
                line,
                key,
                message,
            },
        )]
    };
    let path: PathBuf = root.join(&file.rel);
    let bytes = match given {
        Some(bytes) => bytes,
        None => {
            std::fs::read(&path).map_err(|e| fail(None, None, format!("cannot be read: {e}")))?
        }
    };
    let text = decode_owned(bytes).map_err(|m| fail(None, None, m))?;
    if is_blank(&text) {
        return Err(fail(
            None,
            None,
            format!("is empty; a {} needs at least id and title", T::KIND.name()),
        ));
    }
    let (value, canonical) = match yaml::read_canonical::<T>(&text) {
        Some(value) => (value, true),
        None => (
            yaml::parse::<T>(&text).map_err(|e| fail(e.line, e.key, e.message))?,
            false,
        ),
    };
    let stem = file.rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let id = value.id();
    if id.kind() != Some(T::KIND) {
        return Err(vec![Finding::error(
            "id-mismatch",
            Some(id.to_string()),
            Located {
                file: file.file.clone(),
                line: super::locate::line_of(&text, "id"),
                key: Some("id".into()),
                message: format!(
                    "`{id}` is not a {} id, but the file is under {}/ (expected {}-NNNN)",
                    T::KIND.name(),
                    T::KIND.dir(),
                    T::KIND.prefix()
                ),
            },
        )]);
    }
    if id.as_str() != stem {
        return Err(vec![Finding::error(
            "id-mismatch",
            Some(id.to_string()),
            Located {
                file: file.file.clone(),
                line: super::locate::line_of(&text, "id"),
                key: Some("id".into()),
                message: format!(
                    "is `{id}` but the file is named `{stem}`; rename the file or fix the id"
                ),
            },
        )]);
    }
    let problems = value.validate(settings);
    if !problems.is_empty() {
        return Err(located(&file.file, &text, problems)
            .into_iter()
            .map(|at| Finding::error("parse", Some(id.to_string()), at))
            .collect());
    }
    Ok(Record {
        value,
        file: file.file.clone(),
        rel: file.rel.clone(),
        text,
        canonical,
    })
}

/// Parses one record from its file's bytes exactly as loading does (`risk diff` reads them from git).
pub fn parse_record<T: Loadable>(
    file: &RecordFile,
    bytes: Vec<u8>,
    settings: &Settings,
) -> Result<Record<T>, Vec<Finding>> {
    read_one(Path::new(""), file, settings, Some(bytes))
}
