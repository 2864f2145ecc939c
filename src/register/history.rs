//! The register through time, read from git: the first-parent log of the register folder with
//! the raw changes of each commit (one `git log`), and the blobs those changes name (one
//! `git cat-file --batch`), never a process per commit or per file.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use super::git::{Repo, parse_all, repo_of};
use super::{Store, load, parse_settings};
use crate::error::Error;
use crate::model::{Claim, Id, Incident, Kind, Pestle, Risk, Settings, Swot};
use crate::rating::diff::Version;
use crate::rating::history::{Made, Period, State};
use crate::snapshot::{Loadable, RecordFile, SETTINGS_FILE, Snapshot};
use std::rc::Rc;

/// One commit of the register's first-parent history, with what it changed in the register.
#[derive(Clone, Debug)]
pub struct Commit {
    pub id: String,
    /// The committer date, strict ISO 8601 with the committer's offset.
    pub date: String,
    pub author: String,
    pub email: String,
    pub subject: String,
    pub changes: Vec<Raw>,
}

impl Commit {
    /// The day the commit was made, in the committer's own time zone.
    pub fn day(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.date.get(..10)?, "%Y-%m-%d").ok()
    }

    pub fn short(&self) -> &str {
        &self.id[..self.id.len().min(10)]
    }
}

/// One file changed by a commit, paths relative to the register folder.
#[derive(Clone, Debug)]
pub struct Raw {
    /// `A`dded, `M`odified, `D`eleted, `R`enamed, `C`opied, `T`ype changed.
    pub status: char,
    pub old: Option<String>,
    pub new: Option<String>,
    pub from: String,
    pub to: String,
}

/// The register's folder inside its repository, and git: one `git cat-file --batch`, started
/// when first needed, serves every read of the command.
pub struct Source {
    pub repo: Repo,
    batch: std::cell::RefCell<Option<Batch>>,
}

/// Whether a path relative to the register folder is a file the register reads.
pub fn is_register_file(rel: &str) -> bool {
    rel == SETTINGS_FILE
        || (rel
            .split_once('/')
            .is_some_and(|(dir, _)| Kind::ALL.iter().any(|k| k.dir() == dir))
            && (rel.ends_with(".yaml") || rel.ends_with(".yml")))
}

fn git(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn run(mut command: Command, what: &str) -> Result<Vec<u8>> {
    let output = command
        .output()
        .with_context(|| format!("cannot run `git` to {what}; is git installed?"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Error::environment(format!("git could not {what}: {}", stderr.trim())).into());
    }
    Ok(output.stdout)
}

impl Source {
    /// The repository holding the register `store` reads.
    pub fn of(store: &Store) -> Result<Source> {
        let repo = repo_of(store.root()).map_err(|_| {
            Error::usage(format!(
                "{}: not inside a git repository; --at, --since, `risk history` and \
                 `trends --profile` read the register's git history",
                store.display_root()
            ))
            .with_hint("put the register in git: `git init && git add -A && git commit`")
        })?;
        Ok(Source {
            repo,
            batch: Default::default(),
        })
    }

    /// The commit a revision names. Besides what git reads, `@{2026-06-30}` and
    /// `main@{2026-06-30}` name the last first-parent commit made on or before that day (in
    /// the committer's time zone), from the history rather than from the reflog, so they work
    /// in a fresh clone too.
    pub fn resolve(&self, rev: &str) -> Result<String> {
        if let Some((base, day)) = dated(rev) {
            let base = if base.is_empty() { "HEAD" } else { base };
            let head = self.resolve_plain(base)?;
            let commits = self.log(&head, false, false)?;
            if let Some(commit) = commits
                .iter()
                .rev()
                .find(|c| c.day().is_some_and(|d| d <= day))
            {
                return Ok(commit.id.clone());
            }
            let first = commits
                .first()
                .map(|c| (c.short().to_string(), c.date.clone()));
            let mut message = format!("`{rev}`: no commit of {base} was made on or before {day}");
            if let Some((id, date)) = first {
                message.push_str(&format!(" (the first is {id}, {})", &date[..10]));
            }
            let mut error = Error::usage(message);
            if let Some(hint) = self.shallow_hint()? {
                error = error.with_hint(hint);
            }
            return Err(error.into());
        }
        self.resolve_plain(rev)
    }

    fn resolve_plain(&self, rev: &str) -> Result<String> {
        self.repo.resolve(rev).map_err(|e| {
            let error = Error::usage(format!("{e:#}"));
            match self.shallow_hint() {
                Ok(Some(hint)) => error.with_hint(hint),
                _ => error,
            }
            .into()
        })
    }

    /// The commits at the shallow boundary (whose parents this clone does not have).
    pub fn shallow(&self) -> Result<Vec<String>> {
        let mut command = git(&self.repo.top);
        command.args(["rev-parse", "--git-path", "shallow"]);
        let out = run(command, "find the repository's files")?;
        let path = PathBuf::from(String::from_utf8_lossy(&out).trim());
        let path = if path.is_absolute() {
            path
        } else {
            self.repo.top.join(path)
        };
        Ok(std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect())
    }

    fn shallow_hint(&self) -> Result<Option<String>> {
        Ok((!self.shallow()?.is_empty()).then(|| {
            "the clone is shallow, so older commits are missing; run `git fetch --unshallow`"
                .to_string()
        }))
    }

    /// The error for an answer that needs history a shallow clone does not have.
    pub fn shallow_error(&self, commit: &Commit, what: &str) -> anyhow::Error {
        Error::environment(format!(
            "history starts at {} ({}): the clone is shallow, so {what} is not known; \
             run `git fetch --unshallow`",
            commit.short(),
            commit.date.get(..10).unwrap_or(&commit.date)
        ))
        .into()
    }

    /// The first-parent history of `head`, oldest first, each commit with the register files
    /// it changed. `touching` keeps only commits that change the register folder; `renames`
    /// asks git to pair deleted and added files (`-M`).
    pub fn log(&self, head: &str, touching: bool, renames: bool) -> Result<Vec<Commit>> {
        let specs = match touching && !self.repo.prefix.is_empty() {
            true => vec![format!(":(literal){}", self.repo.prefix)],
            false => Vec::new(),
        };
        self.log_paths(head, &specs, renames, false)
    }

    /// [`Source::log`] of the commits that touch `specs` (pathspecs, from the top of the
    /// repository); `one` stops after the first.
    fn log_paths(
        &self,
        head: &str,
        specs: &[String],
        renames: bool,
        one: bool,
    ) -> Result<Vec<Commit>> {
        let mut command = git(&self.repo.top);
        command.args([
            "-c",
            "core.quotepath=off",
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--no-abbrev",
            "--raw",
            "-z",
            "--format=%x01%H%x1f%cI%x1f%an%x1f%ae%x1f%s",
        ]);
        command.arg(if renames { "-M" } else { "--no-renames" });
        if one {
            command.arg("-1");
        }
        if !self.repo.prefix.is_empty() {
            command.arg(format!("--relative={}", self.repo.prefix));
        }
        command.args(["--end-of-options", head, "--"]);
        command.args(specs);
        let out = run(command, &format!("read the history of {head}"))?;
        let mut commits = parse_log(&out);
        commits.reverse();
        Ok(commits)
    }

    /// The batch reader of objects: one `git cat-file --batch` for the whole command.
    pub fn batch(&self) -> Result<std::cell::RefMut<'_, Batch>> {
        let mut slot = self.batch.borrow_mut();
        if slot.is_none() {
            *slot = Some(Batch::start(&self.repo.top)?);
        }
        Ok(std::cell::RefMut::map(slot, |b| {
            b.as_mut().expect("started above")
        }))
    }

    /// The register as it was at `commit`, its files named as in a checkout of it (under
    /// `display_root`), so every command prints what it would print there.
    pub fn load(&self, display_root: &str, commit: &str, kinds: &[Kind]) -> Result<Snapshot> {
        let mut command = git(&self.repo.top);
        command.args([
            "--literal-pathspecs",
            "ls-tree",
            "-r",
            "-z",
            "--full-tree",
            commit,
        ]);
        if !self.repo.prefix.is_empty() {
            command.args(["--", &self.repo.prefix]);
        }
        let out = run(command, &format!("list the files of {commit}"))?;
        let mut entries: Vec<(String, String)> = Vec::new();
        for item in out.split(|b| *b == 0).filter(|i| !i.is_empty()) {
            let item = String::from_utf8_lossy(item);
            let Some((meta, path)) = item.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (Some(mode), Some(kind), Some(oid)) = (meta.next(), meta.next(), meta.next())
            else {
                continue;
            };
            if kind != "blob" || mode == "120000" {
                continue;
            }
            let Some(rel) = path.strip_prefix(&self.repo.prefix) else {
                continue;
            };
            let wanted = rel == SETTINGS_FILE || kind_of(rel).is_some_and(|k| kinds.contains(&k));
            if wanted {
                entries.push((rel.to_string(), oid.to_string()));
            }
        }
        let mut batch = self.batch()?;
        let blobs = batch.read_many(entries.iter().map(|(_, oid)| oid.as_str()))?;
        let files = entries.into_iter().map(|(rel, _)| rel).zip(blobs).collect();
        snapshot_of(display_root, files, kinds)
    }
}

impl Source {
    /// Every state of record `id` along the first-parent history of `head`, oldest first:
    /// one `git log -M` of the register folder, then its blobs through one batch reader. The
    /// record is followed back through renames (`renumber`), which git pairs by likeness and
    /// which are kept only when the title stayed, or found by title among the files the same
    /// commit removed. Commits that changed the settings while it lived are states too.
    pub fn record_states(&self, head: &str, id: &Id) -> Result<Vec<State>> {
        let kind = id.kind().context("not a record id")?;
        let prefix = &self.repo.prefix;
        let settings_spec = format!(":(literal){prefix}{SETTINGS_FILE}");
        // The record's file anywhere under its kind's folder, then each path it had before.
        // Literal paths keep git's walk of a 10,000-file folder short; only claims may sit a
        // folder deeper (claims/INC-0001/), which a glob finds.
        let dir = kind.dir();
        let mut specs = vec![
            format!(":(literal){prefix}{dir}/{id}.yaml"),
            format!(":(literal){prefix}{dir}/{id}.yml"),
        ];
        if kind == Kind::Claim {
            specs.push(format!(":(glob){prefix}{dir}/*/{id}.yaml"));
        }
        let mut start = head.to_string();
        // Newest first while walking: (commit, file after it or None when removed, blob).
        let mut walked: Vec<Commit> = Vec::new();
        let mut steps: Vec<(usize, Option<String>, Option<String>)> = Vec::new();
        let mut path: Option<String> = None;
        let mut born: Option<usize> = None;
        let mut until: Option<usize> = None;
        let named = |rel: &str| {
            kind_of(rel) == Some(kind)
                && Path::new(rel).file_stem().and_then(|s| s.to_str()) == Some(id.as_str())
        };
        'segments: loop {
            let mut paths = specs.clone();
            paths.push(settings_spec.clone());
            let segment = self.log_paths(&start, &paths, false, false)?;
            let mut next: Option<(String, String)> = None;
            for commit in segment.into_iter().rev() {
                let index = walked.len();
                let change = match &path {
                    None => commit.changes.iter().find(|c| named(&c.to)).cloned(),
                    Some(p) => commit.changes.iter().find(|c| &c.to == p).cloned(),
                };
                walked.push(commit);
                let Some(change) = change else { continue };
                if path.is_none() && change.status == 'D' {
                    until = Some(index);
                }
                match change.status {
                    'D' => {
                        steps.push((index, None, None));
                        path = Some(change.from.clone());
                    }
                    'A' => {
                        steps.push((index, Some(change.to.clone()), change.new.clone()));
                        // Was it renumbered or moved here? Only this commit is asked, with
                        // git's rename detection, over the kind's folder.
                        let id_of_commit = walked[index].id.clone();
                        let folder = format!(":(literal){prefix}{}/", kind.dir());
                        let whole = self.log_paths(&id_of_commit, &[folder], true, true)?;
                        let changes = whole
                            .into_iter()
                            .next()
                            .map(|c| c.changes)
                            .unwrap_or_default();
                        let mine = match &change.new {
                            Some(oid) => title(&self.batch()?.read(oid)?),
                            None => None,
                        };
                        let mut before = None;
                        if let Some(rename) = changes
                            .iter()
                            .find(|c| matches!(c.status, 'R') && c.to == change.to)
                        {
                            let theirs = match &rename.old {
                                Some(oid) => title(&self.batch()?.read(oid)?),
                                None => None,
                            };
                            if rename.old == rename.new || (mine.is_some() && theirs == mine) {
                                before = Some(rename.from.clone());
                            }
                        }
                        if before.is_none() && mine.is_some() {
                            // A renumber git did not pair: a file of the kind removed by the
                            // same commit, with the same title.
                            for other in changes.iter().filter(|c| {
                                c.status == 'D' && kind_of(&c.from) == Some(kind) && c.old.is_some()
                            }) {
                                let theirs =
                                    title(&self.batch()?.read(other.old.as_deref().unwrap_or(""))?);
                                if theirs == mine {
                                    before = Some(other.from.clone());
                                    break;
                                }
                            }
                        }
                        match before {
                            Some(from) => {
                                next = Some((format!("{id_of_commit}^"), from));
                                break;
                            }
                            None => {
                                born = Some(index);
                                break 'segments;
                            }
                        }
                    }
                    _ => {
                        steps.push((index, Some(change.to.clone()), change.new.clone()));
                        path = Some(change.to.clone());
                    }
                }
            }
            match next {
                Some((parent, from)) => {
                    // Settings commits between the rename and the segment's end are walked
                    // again from the parent on: drop them from this segment.
                    let cut = steps.last().map_or(walked.len(), |(i, _, _)| i + 1);
                    walked.truncate(cut);
                    specs = vec![format!(":(literal){prefix}{from}")];
                    path = Some(from);
                    start = parent;
                }
                None => break,
            }
        }
        // Oldest first from here on.
        let count = walked.len();
        let commits: Vec<Commit> = walked.into_iter().rev().collect();
        let flip = |i: usize| count - 1 - i;
        let mut steps: Vec<(usize, Option<String>, Option<String>)> =
            steps.into_iter().map(|(i, f, b)| (flip(i), f, b)).collect();
        let born = born.map(flip);
        let until = until.map(flip);
        if steps.is_empty() {
            return Err(Error::usage(format!(
                "{id}: no commit of {head} ever had this record in {}",
                if self.repo.prefix.is_empty() {
                    "the register".to_string()
                } else {
                    self.repo.prefix.trim_end_matches('/').to_string()
                }
            ))
            .into());
        }
        let shallow = self.shallow()?;
        match born {
            Some(index) if !shallow.contains(&commits[index].id) => {}
            None if shallow.is_empty() => {}
            _ => {
                let first = commits.first().context("no commits")?;
                return Err(self.shallow_error(first, &format!("the history of {id} before it")));
            }
        }
        steps.reverse();
        let born = born.unwrap_or(0);
        let end = until.unwrap_or(commits.len() - 1);
        // The settings blob after each commit, and the commits in the record's life that
        // changed it.
        let mut settings_blob: Option<String> = None;
        let mut settings_at: Vec<Option<String>> = Vec::with_capacity(commits.len());
        let mut settings_changed = Vec::new();
        for (index, commit) in commits.iter().enumerate() {
            for change in &commit.changes {
                if change.to == SETTINGS_FILE {
                    settings_blob = change.new.clone();
                    if index > born && index <= end {
                        settings_changed.push(index);
                    }
                } else if change.from == SETTINGS_FILE && change.status == 'R' {
                    settings_blob = None;
                }
            }
            settings_at.push(settings_blob.clone());
        }
        let mut all: Vec<(usize, Option<String>, Option<String>)> = Vec::new();
        let mut next = steps.into_iter().peekable();
        let mut current: (Option<String>, Option<String>) = (None, None);
        for index in born..=end {
            if let Some((_, file, blob)) = next.next_if(|(i, _, _)| *i == index) {
                current = (file.clone(), blob.clone());
                all.push((index, file, blob));
            } else if settings_changed.contains(&index) {
                all.push((index, current.0.clone(), current.1.clone()));
            }
        }
        // One batch read of every blob the states name.
        let mut wanted: Vec<&str> = Vec::new();
        for (index, _, blob) in &all {
            wanted.extend(blob.as_deref());
            wanted.extend(settings_at[*index].as_deref());
        }
        wanted.sort_unstable();
        wanted.dedup();
        let blobs = self.batch()?.read_many(wanted.iter().copied())?;
        let blob = |oid: &str| wanted.binary_search(&oid).ok().map(|i| &blobs[i]);
        let mut settings_cache: Vec<(Option<String>, Rc<Settings>)> = Vec::new();
        let mut states = Vec::with_capacity(all.len());
        for (index, file, record_blob) in &all {
            let settings_oid = settings_at[*index].clone();
            let settings = match settings_cache.iter().find(|(o, _)| *o == settings_oid) {
                Some((_, s)) => s.clone(),
                None => {
                    let parsed = settings_oid
                        .as_deref()
                        .and_then(blob)
                        .and_then(|bytes| parse_settings(SETTINGS_FILE, bytes).ok())
                        .map(|(s, _)| s)
                        .unwrap_or_default();
                    let parsed = Rc::new(parsed);
                    settings_cache.push((settings_oid, parsed.clone()));
                    parsed
                }
            };
            let record = match (file, record_blob.as_deref().and_then(blob)) {
                (Some(rel), Some(bytes)) => match kind {
                    Kind::Risk => parse_one::<Risk>(rel, bytes, &settings).map(Version::Risk),
                    Kind::Incident => {
                        parse_one::<Incident>(rel, bytes, &settings).map(Version::Incident)
                    }
                    Kind::Claim => parse_one::<Claim>(rel, bytes, &settings).map(Version::Claim),
                    // Refused before the log is read (`cli::history`).
                    Kind::Swot | Kind::Pestle => None,
                },
                _ => None,
            };
            let commit = &commits[*index];
            states.push(State {
                made: Made {
                    commit: commit.id.clone(),
                    date: commit.date.clone(),
                    author: commit.author.clone(),
                    email: commit.email.clone(),
                    subject: commit.subject.clone(),
                },
                file: file.clone(),
                record,
                settings,
            });
        }
        Ok(states)
    }
}

impl Source {
    /// The register's risks and settings as committed on the last of `commits` (the
    /// first-parent history from [`Source::log`], oldest first) made on or before each of
    /// `ends` (ascending); None before the first commit. The log gives every commit's changes; only the risk files that differ from the
    /// previous period's are read, through one batch reader, and parsed.
    pub fn states_at(&self, commits: &[Commit], ends: &[NaiveDate]) -> Result<Vec<Option<Period>>> {
        let shallow = self.shallow()?;
        if let (Some(first), Some(end)) = (commits.first(), ends.first())
            && shallow.contains(&first.id)
            && first.day().is_some_and(|day| day > *end)
        {
            return Err(self.shallow_error(first, &format!("the register on {end}")));
        }
        let mut files: std::collections::BTreeMap<String, String> = Default::default();
        let mut settings: Option<String> = None;
        let mut applied = 0;
        // Per end: the commit, the settings blob and the risk files with their blobs.
        type Picked = (usize, Option<String>, Vec<(String, String)>);
        let mut picked: Vec<Option<Picked>> = Vec::new();
        for end in ends {
            let Some(at) = commits
                .iter()
                .rposition(|c| c.day().is_some_and(|day| day <= *end))
            else {
                picked.push(None);
                continue;
            };
            while applied <= at {
                for change in &commits[applied].changes {
                    if change.status == 'R' || change.status == 'D' {
                        files.remove(&change.from);
                        if change.from == SETTINGS_FILE {
                            settings = None;
                        }
                    }
                    if let Some(new) = &change.new {
                        if change.to == SETTINGS_FILE {
                            settings = Some(new.clone());
                        } else if kind_of(&change.to) == Some(Kind::Risk) {
                            files.insert(change.to.clone(), new.clone());
                        }
                    } else if change.status != 'D' {
                        files.remove(&change.to);
                    }
                }
                applied += 1;
            }
            let risks = files.iter().map(|(r, o)| (r.clone(), o.clone())).collect();
            picked.push(Some((at, settings.clone(), risks)));
        }
        // What differs from the period before is all that is read.
        let mut wanted: Vec<String> = Vec::new();
        let mut seen: std::collections::HashSet<String> = Default::default();
        for (_, settings, risks) in picked.iter().flatten() {
            for oid in settings.iter().chain(risks.iter().map(|(_, o)| o)) {
                if seen.insert(oid.clone()) {
                    wanted.push(oid.clone());
                }
            }
        }
        let mut batch = self.batch()?;
        let blobs = batch.read_many(wanted.iter().map(String::as_str))?;
        let bytes: std::collections::HashMap<&str, &Vec<u8>> = wanted
            .iter()
            .map(String::as_str)
            .zip(blobs.iter())
            .collect();
        let mut settings_cache: std::collections::HashMap<Option<String>, Rc<Settings>> =
            Default::default();
        let mut parsed: std::collections::HashMap<(String, Option<String>), Option<Rc<Risk>>> =
            Default::default();
        let mut out = Vec::with_capacity(picked.len());
        for pick in picked {
            let Some((at, settings_oid, risks)) = pick else {
                out.push(None);
                continue;
            };
            let settings = settings_cache
                .entry(settings_oid.clone())
                .or_insert_with(|| {
                    Rc::new(
                        settings_oid
                            .as_deref()
                            .and_then(|oid| bytes.get(oid))
                            .and_then(|b| parse_settings(SETTINGS_FILE, b).ok())
                            .map(|(s, _)| s)
                            .unwrap_or_default(),
                    )
                })
                .clone();
            let mut loaded = Vec::with_capacity(risks.len());
            let mut broken = 0;
            for (rel, oid) in risks {
                let risk = parsed
                    .entry((oid.clone(), settings_oid.clone()))
                    .or_insert_with(|| {
                        bytes
                            .get(oid.as_str())
                            .and_then(|b| parse_one::<Risk>(&rel, b, &settings))
                            .map(Rc::new)
                    });
                match risk {
                    Some(risk) => loaded.push(risk.clone()),
                    None => broken += 1,
                }
            }
            let commit = &commits[at];
            out.push(Some(Period {
                commit: commit.id.clone(),
                date: commit.date.clone(),
                settings,
                risks: loaded,
                broken,
            }));
        }
        Ok(out)
    }
}

/// The `title:` of a record's text, to tell a renumbered record from another one.
fn title(bytes: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Titled {
        title: Option<String>,
    }
    let text = std::str::from_utf8(bytes).ok()?;
    crate::codec::parse::<Titled>(text).ok()?.title
}

/// `REV@{YYYY-MM-DD}` split into the revision (maybe empty) and the day.
fn dated(rev: &str) -> Option<(&str, NaiveDate)> {
    let inner = rev.strip_suffix('}')?;
    let (base, day) = inner.rsplit_once("@{")?;
    let day = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok()?;
    Some((base, day))
}

/// Builds a snapshot from the register's files (path relative to the register, bytes), as
/// loading a folder does; files are shown as `display_root/rel`.
pub fn snapshot_of(
    display_root: &str,
    mut files: Vec<(String, Vec<u8>)>,
    kinds: &[Kind],
) -> Result<Snapshot> {
    let mut settings = Settings::default();
    let mut settings_text = String::new();
    if let Some(at) = files.iter().position(|(rel, _)| rel == SETTINGS_FILE) {
        let (_, bytes) = files.swap_remove(at);
        (settings, settings_text) =
            parse_settings(&format!("{display_root}/{SETTINGS_FILE}"), &bytes)?;
    }
    let mut records = Vec::new();
    for (rel, bytes) in files {
        let Some(kind) = kind_of(&rel) else { continue };
        if !kinds.contains(&kind) {
            continue;
        }
        let rel = PathBuf::from(rel);
        let id = rel
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| Id::parse(s).ok());
        let file = format!("{display_root}/{}", rel.display());
        records.push((
            RecordFile {
                kind,
                id,
                file,
                rel,
            },
            bytes,
        ));
    }
    let order = |k: Kind| Kind::ALL.iter().position(|x| *x == k);
    records.sort_by(|(a, _), (b, _)| (order(a.kind), &a.rel).cmp(&(order(b.kind), &b.rel)));
    let mut snapshot = Snapshot::new(display_root, settings, settings_text);
    for kind in kinds {
        let max = records
            .iter()
            .filter_map(|(f, _)| f.id.as_ref().filter(|_| f.kind == *kind))
            .filter(|id| id.kind() == Some(*kind))
            .map(Id::number)
            .max()
            .unwrap_or(0);
        snapshot.max_numbers.push((*kind, max));
    }
    snapshot.risks = parse_all::<Risk>(&mut snapshot, &records);
    snapshot.incidents = parse_all::<Incident>(&mut snapshot, &records);
    snapshot.claims = parse_all::<Claim>(&mut snapshot, &records);
    snapshot.swots = parse_all::<Swot>(&mut snapshot, &records);
    snapshot.pestles = parse_all::<Pestle>(&mut snapshot, &records);
    snapshot.files = records.into_iter().map(|(f, _)| f).collect();
    load::find_duplicates(&mut snapshot);
    snapshot
        .problems
        .sort_by(|a, b| (&a.at.file, a.at.line).cmp(&(&b.at.file, b.at.line)));
    Ok(snapshot)
}

/// The kind of record a register path holds, if it is a record.
pub fn kind_of(rel: &str) -> Option<Kind> {
    if !is_register_file(rel) || rel == SETTINGS_FILE {
        return None;
    }
    Kind::of_path(rel)
}

/// Parses one record of kind `T` from a blob, as loading does; None when it does not load
/// (broken, or invalid under `settings`).
pub fn parse_one<T: Loadable>(rel: &str, bytes: &[u8], settings: &Settings) -> Option<T> {
    let rel = PathBuf::from(rel);
    let file = RecordFile {
        kind: T::KIND,
        id: rel
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| Id::parse(s).ok()),
        file: rel.display().to_string(),
        rel,
    };
    load::parse_record::<T>(&file, bytes.to_vec(), settings)
        .record
        .map(|r| r.value)
}

/// Parses `git log --raw -z` output in the format [`Source::log`] asks for.
fn parse_log(out: &[u8]) -> Vec<Commit> {
    // A subject holding the separator byte would split a commit: such pieces are joined back.
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    for piece in out.split(|b| *b == 1) {
        let hex = piece.iter().take_while(|b| b.is_ascii_hexdigit()).count();
        let starts_commit = (hex == 40 || hex == 64) && piece.get(hex) == Some(&0x1f);
        match chunks.last_mut() {
            Some(last) if !starts_commit => {
                last.push(1);
                last.extend_from_slice(piece);
            }
            _ if piece.is_empty() => {}
            _ => chunks.push(piece.to_vec()),
        }
    }
    let mut commits = Vec::with_capacity(chunks.len());
    for chunk in chunks {
        let (header, rest) = match chunk.iter().position(|b| *b == 0) {
            Some(at) => (&chunk[..at], &chunk[at + 1..]),
            None => (&chunk[..], &[][..]),
        };
        let header = String::from_utf8_lossy(header);
        let mut fields = header.splitn(5, '\x1f');
        let mut next = || {
            fields
                .next()
                .unwrap_or_default()
                .trim_end_matches('\n')
                .to_string()
        };
        let mut commit = Commit {
            id: next(),
            date: next(),
            author: next(),
            email: next(),
            subject: next(),
            changes: Vec::new(),
        };
        let mut tokens = rest
            .split(|b| *b == 0)
            .map(|t| String::from_utf8_lossy(t).into_owned());
        while let Some(token) = tokens.next() {
            let token = token.trim_start_matches('\n');
            let Some(meta) = token.strip_prefix(':') else {
                continue;
            };
            let parts: Vec<&str> = meta.split(' ').collect();
            if parts.len() < 5 {
                continue;
            }
            let status = parts[4].chars().next().unwrap_or('M');
            let oid = |s: &str| (!s.bytes().all(|b| b == b'0')).then(|| s.to_string());
            let (mode_old, mode_new) = (parts[0], parts[1]);
            let mut old = oid(parts[2]).filter(|_| mode_old.starts_with("100"));
            let mut new = oid(parts[3]).filter(|_| mode_new.starts_with("100"));
            let from = tokens.next().unwrap_or_default();
            let to = if matches!(status, 'R' | 'C') {
                tokens.next().unwrap_or_default()
            } else {
                from.clone()
            };
            if status == 'A' {
                old = None;
            }
            if status == 'D' {
                new = None;
            }
            let (keep_from, keep_to) = (is_register_file(&from), is_register_file(&to));
            if !keep_from && !keep_to {
                continue;
            }
            // A rename across the edge of what the register reads is a delete or an add.
            let raw = match (keep_from, keep_to) {
                (true, false) => Raw {
                    status: 'D',
                    old,
                    new: None,
                    to: from.clone(),
                    from,
                },
                (false, true) => Raw {
                    status: 'A',
                    old: None,
                    new,
                    from: to.clone(),
                    to,
                },
                _ => Raw {
                    status,
                    old,
                    new,
                    from,
                    to,
                },
            };
            commit.changes.push(raw);
        }
        commits.push(commit);
    }
    commits
}

/// One `git cat-file --batch`, asked for objects as the command needs them.
pub struct Batch {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Batch {
    fn start(top: &Path) -> Result<Batch> {
        let mut command = git(top);
        command.args(["cat-file", "--batch"]).stdin(Stdio::piped());
        let mut child = command
            .spawn()
            .context("cannot run `git cat-file`; is git installed?")?;
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().context("git cat-file: no output")?);
        Ok(Batch {
            child,
            stdin,
            stdout,
        })
    }

    /// One blob (git flushes each answer, so a request can wait for its answer).
    pub fn read(&mut self, oid: &str) -> Result<Vec<u8>> {
        let stdin = self.stdin.as_mut().context("git cat-file: closed")?;
        stdin.write_all(format!("{oid}\n").as_bytes())?;
        stdin.flush()?;
        self.answer(oid)
    }

    /// Many blobs, in the order asked; the requests are written from another thread, since
    /// git answers while it reads and both pipes are bounded.
    pub fn read_many<'a>(&mut self, oids: impl Iterator<Item = &'a str>) -> Result<Vec<Vec<u8>>> {
        let oids: Vec<&str> = oids.collect();
        if oids.is_empty() {
            return Ok(Vec::new());
        }
        let request: String = oids.iter().map(|oid| format!("{oid}\n")).collect();
        let stdin = self.stdin.as_mut().context("git cat-file: closed")?;
        let stdout = &mut self.stdout;
        std::thread::scope(|scope| {
            let writer = scope.spawn(move || {
                stdin.write_all(request.as_bytes())?;
                stdin.flush()
            });
            let mut blobs = Vec::with_capacity(oids.len());
            for oid in &oids {
                blobs.push(answer(stdout, oid)?);
            }
            writer
                .join()
                .map_err(|_| anyhow::anyhow!("git cat-file: the writer failed"))??;
            Ok(blobs)
        })
    }

    fn answer(&mut self, oid: &str) -> Result<Vec<u8>> {
        answer(&mut self.stdout, oid)
    }
}

fn answer(reader: &mut BufReader<ChildStdout>, oid: &str) -> Result<Vec<u8>> {
    let mut header = String::new();
    reader.read_line(&mut header)?;
    let mut parts = header.split_whitespace();
    let (_, kind, size) = (parts.next(), parts.next(), parts.next());
    let Some(size) = size.and_then(|s| s.parse::<usize>().ok()) else {
        bail!(
            "git cat-file: unexpected answer `{}` for {oid}",
            header.trim()
        );
    };
    if kind != Some("blob") {
        bail!(
            "git cat-file: {oid} is a {}, not a file",
            kind.unwrap_or("?")
        );
    }
    let mut bytes = vec![0; size + 1];
    reader.read_exact(&mut bytes)?;
    bytes.pop(); // the newline after each object
    Ok(bytes)
}

impl Drop for Batch {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dated_revisions_split_into_revision_and_day() {
        let day = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        assert_eq!(dated("@{2026-06-30}"), Some(("", day)));
        assert_eq!(dated("main@{2026-06-30}"), Some(("main", day)));
        assert_eq!(dated("main@{yesterday}"), None);
        assert_eq!(dated("HEAD~2"), None);
    }

    #[test]
    fn the_log_is_parsed_with_renames_and_subjects_holding_separators() {
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let out = format!(
            "\x01{a}\x1f2026-07-01T10:00:00+02:00\x1fAnn\x1fann@x\x1fraise \x01 it\0\n\
             :100644 100644 {a} {b} R090\0risks/RISK-0001.yaml\0risks/RISK-0002.yaml\0\
             :100644 100644 {a} {b} M\0notes.txt\0\
             \x01{b}\x1f2026-06-01T10:00:00+00:00\x1fBob\x1fbob@x\x1ffirst\0\n\
             :000000 100644 {z} {a} A\0register.yaml\0",
            z = "0".repeat(40)
        );
        let commits = parse_log(out.as_bytes());
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].subject, "raise \x01 it");
        assert_eq!(commits[0].changes.len(), 1);
        let raw = &commits[0].changes[0];
        assert_eq!(
            (raw.status, raw.from.as_str()),
            ('R', "risks/RISK-0001.yaml")
        );
        assert_eq!(raw.to, "risks/RISK-0002.yaml");
        assert_eq!(commits[1].changes[0].old, None);
        assert_eq!(commits[1].day(), NaiveDate::from_ymd_opt(2026, 6, 1));
    }
}
