//! The two sides of a `risk diff`, read only where they differ: git's own tree diff names the
//! files that changed, and only those (and `register.yaml`) are read. A kind is read in full
//! when the settings changed in a way that changes what its unchanged records mean.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use super::git::{Repo, git, run};
use super::{Store, load, parse_settings};
use crate::check::Finding;
use crate::model::{Claim, Id, Incident, Kind, Pestle, Risk, Settings, Swot};
use crate::snapshot::{Loadable, Record, RecordFile, SETTINGS_FILE, Snapshot};

/// A revision to compare: how the user named it and the commit it resolved to.
pub struct Rev<'a> {
    pub name: &'a str,
    pub commit: &'a str,
}

/// Whether unchanged records of a kind may mean something else under other settings (their
/// validation or their derived values differ), so that every record of the kind must be read.
pub type MovesMeaning = dyn Fn(Kind, &Settings, &Settings) -> bool;

/// The base at a revision and the head at a revision (or the working tree when `head` is
/// None), each holding the records that differ between them: the other records are the same
/// file with the same text on both sides, so they cannot differ in meaning unless the settings
/// changed, and for the kinds where `moves` says so every record is read. Where a record file
/// was added (or removed) the names of that kind's files are listed too, so a duplicate id is
/// found as a full load would find it.
pub fn load_pair(
    store: &Store,
    repo: &Repo,
    base: Rev,
    head: Option<Rev>,
    moves: &MovesMeaning,
) -> Result<(Snapshot, Snapshot)> {
    let (base_settings, base_text) = settings_at(repo, &base)?;
    let head_settings = match &head {
        Some(rev) => settings_at(repo, rev)?,
        None => {
            let snapshot = store.settings()?;
            (snapshot.settings, snapshot.settings_text)
        }
    };
    let mut full: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|kind| moves(*kind, &base_settings, &head_settings.0))
        .collect();
    // A kind folder that is a link in the working tree is walked, not asked of git.
    if head.is_none() {
        for kind in Kind::ALL {
            let dir = store.root().join(kind.dir());
            if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink())
                && !full.contains(&kind)
            {
                full.push(kind);
            }
        }
    }
    let changes = match &head {
        Some(rev) => repo.tree_diff(base.commit, rev.commit)?,
        None => repo.worktree_diff(base.commit)?,
    };
    let changes: Vec<Changed> = changes
        .into_iter()
        .filter(|c| !full.contains(&c.kind))
        .collect();

    let mut base_side = Side::new(base_settings, base_text);
    base_side.display_root = repo.display_root(base.name);
    let mut head_side = Side::new(head_settings.0, head_settings.1);
    head_side.display_root = match &head {
        Some(rev) => repo.display_root(rev.name),
        None => store.display_root().to_string(),
    };

    // The head first: in the working tree, which changed files are there is known once read.
    let mut head_has: HashSet<&Path> = HashSet::new();
    match &head {
        Some(rev) => {
            for kind in &full {
                for (rel, oid) in repo.tree_files(rev.commit, *kind)? {
                    let file = repo.record_file(rev.name, *kind, &rel);
                    head_side.reads.push((file, Source::Blob(oid)));
                }
            }
            for change in changes.iter().filter(|c| c.head.is_some()) {
                head_has.insert(&change.rel);
                let file = repo.record_file(rev.name, change.kind, &change.rel);
                let oid = change.head.clone().unwrap_or_default();
                head_side.reads.push((file, Source::Blob(oid)));
            }
        }
        None => {
            for kind in &full {
                let (files, problems) = load::list(store, *kind);
                head_side.problems.extend(problems);
                head_side
                    .reads
                    .extend(files.into_iter().map(|f| (f, Source::Disk)));
            }
            for change in &changes {
                if head_has.contains(change.rel.as_path()) {
                    continue;
                }
                let (files, problems) = load::file_at(store, change.kind, &change.rel);
                if !files.is_empty() || !problems.is_empty() {
                    head_has.insert(&change.rel);
                }
                head_side.problems.extend(problems);
                head_side
                    .reads
                    .extend(files.into_iter().map(|f| (f, Source::Disk)));
            }
        }
    }
    for kind in &full {
        for (rel, oid) in repo.tree_files(base.commit, *kind)? {
            let file = repo.record_file(base.name, *kind, &rel);
            base_side.reads.push((file, Source::Blob(oid)));
        }
    }
    for change in &changes {
        if let Some(oid) = &change.base {
            let file = repo.record_file(base.name, change.kind, &change.rel);
            base_side.reads.push((file, Source::Blob(oid.clone())));
        }
    }
    // Where a file came (or went), the other files of that side named with the same id: a
    // duplicate id is found as a full load finds it.
    let came_or_went = |on_this: &dyn Fn(&Changed) -> bool, on_other: &dyn Fn(&Changed) -> bool| {
        let mut kinds: Vec<Kind> = Vec::new();
        for change in changes.iter().filter(|c| on_this(c) && !on_other(c)) {
            if !kinds.contains(&change.kind) {
                kinds.push(change.kind);
            }
        }
        kinds
    };
    let in_base = |c: &Changed| c.base.is_some();
    let in_head = |c: &Changed| head_has.contains(c.rel.as_path());
    let ids: HashSet<(Kind, u64)> = changes
        .iter()
        .filter_map(|c| Some((c.kind, id_of(&c.rel)?.number())))
        .collect();
    let named =
        |kind: Kind, rel: &Path| id_of(rel).is_some_and(|id| ids.contains(&(kind, id.number())));
    for kind in came_or_went(&in_base, &in_head) {
        for (rel, _) in repo.tree_files(base.commit, kind)? {
            if named(kind, &rel) {
                base_side
                    .listed
                    .push(repo.record_file(base.name, kind, &rel));
            }
        }
    }
    for kind in came_or_went(&in_head, &in_base) {
        match &head {
            Some(rev) => {
                for (rel, _) in repo.tree_files(rev.commit, kind)? {
                    if named(kind, &rel) {
                        head_side
                            .listed
                            .push(repo.record_file(rev.name, kind, &rel));
                    }
                }
            }
            None => {
                let (files, _) = load::list(store, kind);
                head_side
                    .listed
                    .extend(files.into_iter().filter(|f| named(kind, f.rel())));
            }
        }
    }
    let base = base_side.into_snapshot(repo, store.root())?;
    let head = head_side.into_snapshot(repo, store.root())?;
    Ok((base, head))
}

/// A record file that differs between the two sides, relative to the register; a side's blob
/// is None where the file is not there (or is not a regular file, which a revision skips).
/// In the working tree the head's content is read from disk, and `head` is unused.
struct Changed {
    kind: Kind,
    rel: PathBuf,
    base: Option<String>,
    head: Option<String>,
}

/// Where a record's bytes come from.
enum Source {
    Blob(String),
    Disk,
}

/// One side being read: the files to read, and the names listed for the duplicate-id rule.
struct Side {
    display_root: String,
    settings: Settings,
    settings_text: String,
    reads: Vec<(RecordFile, Source)>,
    listed: Vec<RecordFile>,
    problems: Vec<Finding>,
}

impl Side {
    fn new(settings: Settings, settings_text: String) -> Side {
        Side {
            display_root: String::new(),
            settings,
            settings_text,
            reads: Vec::new(),
            listed: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn into_snapshot(self, repo: &Repo, root: &Path) -> Result<Snapshot> {
        let Side {
            display_root,
            settings,
            settings_text,
            mut reads,
            listed,
            problems,
        } = self;
        let oids: Vec<&str> = reads
            .iter()
            .filter_map(|(_, s)| match s {
                Source::Blob(oid) => Some(oid.as_str()),
                Source::Disk => None,
            })
            .collect();
        let mut blobs = repo.read_blobs(oids.into_iter())?.into_iter();
        let mut files: Vec<(RecordFile, Option<Vec<u8>>)> = Vec::with_capacity(reads.len());
        for (file, source) in reads.drain(..) {
            let bytes = match source {
                Source::Blob(_) => Some(blobs.next().context("git cat-file: a blob is missing")?),
                Source::Disk => None,
            };
            files.push((file, bytes));
        }
        // In id order, as loading reads them.
        files.sort_by(|a, b| a.0.id.cmp(&b.0.id).then_with(|| a.0.rel().cmp(b.0.rel())));
        let mut snapshot = Snapshot::new(&display_root, settings, settings_text);
        snapshot.problems = problems;
        let mut seen: HashSet<PathBuf> = files.iter().map(|(f, _)| f.rel().to_path_buf()).collect();
        let mut all: Vec<RecordFile> = files.iter().map(|(f, _)| f.clone()).collect();
        all.extend(
            listed
                .into_iter()
                .filter(|f| seen.insert(f.rel().to_path_buf())),
        );
        snapshot.risks = parse::<Risk>(&mut snapshot, root, &mut files);
        snapshot.incidents = parse::<Incident>(&mut snapshot, root, &mut files);
        snapshot.claims = parse::<Claim>(&mut snapshot, root, &mut files);
        snapshot.swots = parse::<Swot>(&mut snapshot, root, &mut files);
        snapshot.pestles = parse::<Pestle>(&mut snapshot, root, &mut files);
        snapshot.files = all;
        load::find_duplicates(&mut snapshot);
        snapshot
            .problems
            .sort_by(|a, b| (&a.at.file, a.at.line).cmp(&(&b.at.file, b.at.line)));
        // A file both listed and read in the working tree may give the same problem twice.
        snapshot.problems.dedup_by(|a, b| {
            (a.rule, &a.at.file, a.at.line, &a.at.message)
                == (b.rule, &b.at.file, b.at.line, &b.at.message)
        });
        Ok(snapshot)
    }
}

/// Reads the files of `T`'s kind (taking them out of `files`) as loading reads them.
fn parse<T: Loadable>(
    snapshot: &mut Snapshot,
    root: &Path,
    files: &mut Vec<(RecordFile, Option<Vec<u8>>)>,
) -> Vec<Record<T>> {
    let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(files)
        .into_iter()
        .partition(|(f, _)| f.kind == T::KIND);
    *files = rest;
    let settings = &snapshot.settings;
    let results: Vec<load::Loaded<T>> = mine
        .into_par_iter()
        .map(|(f, bytes)| load::read_one::<T>(root, &f, settings, bytes))
        .collect();
    let problems = &mut snapshot.problems;
    results
        .into_iter()
        .filter_map(|read| {
            problems.extend(read.findings);
            read.record
        })
        .collect()
}

/// The settings at a revision and their text (the defaults, and no text, where the register
/// was not there).
fn settings_at(repo: &Repo, rev: &Rev) -> Result<(Settings, String)> {
    let mut command = git(&repo.top);
    command.args([
        "--literal-pathspecs",
        "ls-tree",
        "-z",
        "--full-tree",
        rev.commit,
        "--",
        &format!("{}{SETTINGS_FILE}", repo.prefix),
    ]);
    let out = run(command, &format!("list the files of {}", rev.commit))?;
    let listing = String::from_utf8_lossy(&out);
    let Some(oid) = listing.split('\0').find_map(|item| {
        let (meta, _) = item.split_once('\t')?;
        let mut meta = meta.split(' ');
        let (mode, kind, oid) = (meta.next()?, meta.next()?, meta.next()?);
        (kind == "blob" && mode != "120000").then(|| oid.to_string())
    }) else {
        return Ok((Settings::default(), String::new()));
    };
    let bytes = repo.read_blobs(std::iter::once(oid.as_str()))?;
    let file = format!("{}:{}{SETTINGS_FILE}", rev.name, repo.prefix);
    parse_settings(&file, bytes.first().map_or(&[][..], Vec::as_slice))
}

/// The kind of a record file at `rel` (relative to the register): under a kind's folder and
/// named `.yaml` or `.yml`.
fn record_kind(rel: &str) -> Option<Kind> {
    rel.split_once('/')?;
    let kind = Kind::of_path(rel)?;
    (rel.ends_with(".yaml") || rel.ends_with(".yml")).then_some(kind)
}

/// The id a record file's name gives.
fn id_of(rel: &Path) -> Option<Id> {
    Id::parse(rel.file_stem()?.to_str()?).ok()
}

/// A regular file's blob id from a raw diff's mode and id (links and submodules are skipped,
/// as loading a revision skips them).
fn regular(mode: &str, oid: &str) -> Option<String> {
    mode.starts_with("100").then(|| oid.to_string())
}

impl Repo {
    fn display_root(&self, name: &str) -> String {
        format!("{name}:{}", self.prefix.trim_end_matches('/'))
    }

    fn record_file(&self, name: &str, kind: Kind, rel: &Path) -> RecordFile {
        RecordFile::new(
            kind,
            id_of(rel),
            format!("{name}:{}{}", self.prefix, rel.display()),
            rel.to_path_buf(),
        )
    }

    /// The pathspec of the register folder (nothing when it is the top level).
    fn pathspec(&self, command: &mut Command) {
        if !self.prefix.is_empty() {
            command.args(["--", &self.prefix]);
        }
    }

    /// The record files that differ between two commits (`git diff-tree -r`).
    fn tree_diff(&self, base: &str, head: &str) -> Result<Vec<Changed>> {
        let mut command = git(&self.top);
        command.args([
            "--literal-pathspecs",
            "diff-tree",
            "-r",
            "-z",
            "--no-renames",
        ]);
        command.args([base, head]);
        self.pathspec(&mut command);
        let out = run(command, &format!("compare {base} with {head}"))?;
        Ok(self.raw_diff(&out, true))
    }

    /// The record files of the working tree that may differ from a commit: those git's index
    /// sees as changed (`git diff-index`) and those it does not track (`git ls-files -o`,
    /// ignored files included, as loading reads every file).
    fn worktree_diff(&self, base: &str) -> Result<Vec<Changed>> {
        let mut index = git(&self.top);
        index.args([
            "--literal-pathspecs",
            "diff-index",
            "-z",
            "--no-renames",
            base,
        ]);
        self.pathspec(&mut index);
        let mut others = git(&self.top);
        others.args(["--literal-pathspecs", "ls-files", "-z", "-o"]);
        self.pathspec(&mut others);
        // Both at once: each walks the working tree.
        let what = format!("compare {base} with the working tree");
        let (index, others) = (spawn(index, &what)?, spawn(others, &what)?);
        let (index, others) = (finish(index, &what)?, finish(others, &what)?);
        let mut changes = self.raw_diff(&index, false);
        let known: HashSet<PathBuf> = changes.iter().map(|c| c.rel.clone()).collect();
        for path in others.split(|b| *b == 0).filter(|p| !p.is_empty()) {
            let path = String::from_utf8_lossy(path);
            let Some(rel) = path.strip_prefix(&self.prefix) else {
                continue;
            };
            let Some(kind) = record_kind(rel) else {
                continue;
            };
            if !known.contains(Path::new(rel)) {
                changes.push(Changed {
                    kind,
                    rel: PathBuf::from(rel),
                    base: None,
                    head: None,
                });
            }
        }
        Ok(changes)
    }

    /// Parses `git diff-tree`/`diff-index` raw output (`-z`): `:mode mode oid oid status`, path.
    fn raw_diff(&self, out: &[u8], head_blobs: bool) -> Vec<Changed> {
        let mut changes = Vec::new();
        let mut items = out.split(|b| *b == 0);
        while let Some(meta) = items.next() {
            let Some(meta) = meta.strip_prefix(b":") else {
                continue;
            };
            let Some(path) = items.next() else {
                break;
            };
            let meta = String::from_utf8_lossy(meta);
            let path = String::from_utf8_lossy(path);
            let fields: Vec<&str> = meta.split(' ').collect();
            let [base_mode, head_mode, base_oid, head_oid, ..] = fields[..] else {
                continue;
            };
            let Some(rel) = path.strip_prefix(&self.prefix) else {
                continue;
            };
            let Some(kind) = record_kind(rel) else {
                continue;
            };
            changes.push(Changed {
                kind,
                rel: PathBuf::from(rel),
                base: regular(base_mode, base_oid),
                head: if head_blobs {
                    regular(head_mode, head_oid)
                } else {
                    None
                },
            });
        }
        changes
    }

    /// Every record file of a kind at a commit, with its blob id (`git ls-tree -r`).
    fn tree_files(&self, commit: &str, kind: Kind) -> Result<Vec<(PathBuf, String)>> {
        let mut command = git(&self.top);
        command.args(["--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree"]);
        command.args([commit, "--", &format!("{}{}/", self.prefix, kind.dir())]);
        let out = run(command, &format!("list the files of {commit}"))?;
        let mut files = Vec::new();
        for item in out.split(|b| *b == 0).filter(|i| !i.is_empty()) {
            let item = String::from_utf8_lossy(item);
            let Some((meta, path)) = item.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (Some(mode), Some("blob"), Some(oid)) = (meta.next(), meta.next(), meta.next())
            else {
                continue;
            };
            let Some(rel) = path.strip_prefix(&self.prefix) else {
                continue;
            };
            if mode != "120000" && record_kind(rel) == Some(kind) {
                files.push((PathBuf::from(rel), oid.to_string()));
            }
        }
        Ok(files)
    }
}

fn spawn(mut command: Command, what: &str) -> Result<Child> {
    command
        .spawn()
        .with_context(|| format!("cannot run `git` to {what}; is git installed?"))
}

fn finish(child: Child, what: &str) -> Result<Vec<u8>> {
    let output = child
        .wait_with_output()
        .with_context(|| format!("cannot run `git` to {what}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        bail!("git could not {what}: {}", stderr.trim());
    }
    Ok(output.stdout)
}
