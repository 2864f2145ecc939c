//! The register folder on disk: find it, load a [`Snapshot`] from it (from the working tree or
//! a git revision), and [`Store::apply`] changes to it, the one code path that writes records.

mod apply;
pub mod atomic;
pub mod complete;
pub mod delta;
pub mod git;
pub mod history;
mod load;
mod lock;
mod pick;
pub mod scratch;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::codec;
use crate::error::{Error, Located};
use crate::model::{Kind, Settings};
use crate::ops::Change;
use crate::snapshot::{SETTINGS_FILE, Snapshot, located};

pub use load::decode;
pub use lock::Lock;
pub use pick::Repair;

/// The register folder on disk.
#[derive(Clone, Debug)]
pub struct Store {
    root: PathBuf,
    display_root: String,
    /// A test each canonical record's text is put to while it is at hand, true when a line of
    /// it fails (`check`'s personal-data scan): the text itself is not kept (see
    /// [`Record::text`]).
    ///
    /// [`Record::text`]: crate::snapshot::Record::text
    line_scan: Option<fn(&str) -> bool>,
}

/// A changing command's hold on the register: the lock, taken before the read and released
/// after the write, and what was read under it (jj's `start_transaction` … `tx.finish`).
pub struct Transaction {
    store: Store,
    lock: Option<Lock>,
    snapshot: Snapshot,
}

impl Transaction {
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// The snapshot as a working copy, for a step over many records that must see its own
    /// earlier results; the files change only through `finish`.
    pub fn snapshot_mut(&mut self) -> &mut Snapshot {
        &mut self.snapshot
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Writes the changes (all of them or none) and releases the lock.
    pub fn finish(self, changes: &[Change]) -> Result<()> {
        match self.lock {
            Some(_) => self.store.apply_locked(changes),
            None => self.store.apply(changes),
        }
    }
}

impl Store {
    /// Finds the register: the flag (or `$RISK_REGISTER`, which clap folds into it), else, from
    /// the current folder upward, the nearest folder holding a `register.yaml` or a `register/`
    /// folder that holds one.
    pub fn find(flag: Option<&Path>) -> Result<Store> {
        if let Some(dir) = flag {
            if !dir.join(SETTINGS_FILE).is_file() {
                return Err(Error::usage(format!(
                    "{}: not a register (no {SETTINGS_FILE} there); create one with `risk init {}`",
                    dir.display(),
                    dir.display()
                ))
                .into());
            }
            return Ok(Store::at(dir));
        }
        let cwd = std::env::current_dir().context("cannot read the current folder")?;
        for dir in cwd.ancestors() {
            // A folder holding a register.yaml is a register, whatever its name (`risk init myreg`).
            if dir.join(SETTINGS_FILE).is_file() {
                return Ok(Store::at(&relative_to(&cwd, dir)));
            }
            let candidate = dir.join("register");
            if candidate.join(SETTINGS_FILE).is_file() {
                return Ok(Store::at(&relative_to(&cwd, &candidate)));
            }
        }
        Err(Error::usage(format!(
            "no register found: no {SETTINGS_FILE} in this folder or above, nor in a `register/` \
             folder beside them; pass -R DIR, set RISK_REGISTER, or create one with `risk init`"
        ))
        .into())
    }

    /// The register in folder `root`, which need not exist yet (`risk init`).
    pub fn at(root: &Path) -> Store {
        Store {
            root: root.to_path_buf(),
            display_root: root.display().to_string(),
            line_scan: None,
        }
    }

    /// This store, putting the text of each canonical record it loads to `scan`, which is
    /// true when a line of it fails (the result is [`Record::lines_pass`]).
    ///
    /// [`Record::lines_pass`]: crate::snapshot::Record::lines_pass
    pub fn scanning_lines(self, scan: fn(&str) -> bool) -> Store {
        Store {
            line_scan: Some(scan),
            ..self
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The register folder as the user named it.
    pub fn display_root(&self) -> &str {
        &self.display_root
    }

    pub fn display_path(&self, rel: &Path) -> String {
        let Some(rel) = rel.to_str() else {
            return format!("{}/{}", self.display_root, rel.display());
        };
        self.display_path_of(&[rel]).0
    }

    /// The path as shown of the relative path made of `parts` joined by `/`
    /// (`claims/INC-0001` and `CLM-0001.yaml`), and the byte it starts at in it. Joined by hand:
    /// a load names every record file so.
    pub fn display_path_of(&self, parts: &[&str]) -> (String, usize) {
        let len: usize = parts.iter().map(|part| part.len() + 1).sum();
        let mut path = String::with_capacity(self.display_root.len() + len);
        path.push_str(&self.display_root);
        path.push('/');
        let rel_at = path.len();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                path.push('/');
            }
            path.push_str(part);
        }
        (path, rel_at)
    }

    /// The settings alone, in a snapshot with no records.
    pub fn settings(&self) -> Result<Snapshot> {
        let settings_path = self.root.join(SETTINGS_FILE);
        let file = self.display_path(Path::new(SETTINGS_FILE));
        if std::fs::symlink_metadata(&settings_path).is_ok_and(|m| m.is_symlink()) {
            let inside = match (settings_path.canonicalize(), self.root.canonicalize()) {
                (Ok(target), Ok(root)) => target.starts_with(root),
                _ => false,
            };
            if !inside {
                bail!("{file}: is a link leading outside the register; not read");
            }
        }
        if let Some(why) = std::fs::metadata(&settings_path)
            .ok()
            .and_then(|meta| load::unreadable(&meta))
        {
            return Err(Error::input(vec![Located {
                file,
                line: None,
                key: None,
                message: why,
            }])
            .into());
        }
        let bytes =
            std::fs::read(&settings_path).with_context(|| format!("{file}: cannot read"))?;
        let (settings, text) = parse_settings(&file, &bytes)?;
        Ok(Snapshot::new(&self.display_root, settings, text))
    }

    /// The settings and every record of `kinds`; broken files become the snapshot's problems.
    pub fn load(&self, kinds: &[Kind]) -> Result<Snapshot> {
        let mut snapshot = self.settings()?;
        load::records(self, &mut snapshot, kinds);
        Ok(snapshot)
    }

    /// Like [`Store::load`], failing on any problem, for commands that must not act on a
    /// broken register.
    pub fn load_clean(&self, kinds: &[Kind]) -> Result<Snapshot> {
        let snapshot = self.load(kinds)?;
        snapshot.require_clean()?;
        Ok(snapshot)
    }

    /// Starts a change: takes the register's lock, then loads `kinds` (which must be clean) and
    /// the file names of `new_of`, the kinds the command may create records of.
    pub fn begin(self, kinds: &[Kind], new_of: &[Kind]) -> Result<Transaction> {
        let lock = Lock::take(&self.root, &self.display_root)?;
        let mut snapshot = self.load_clean(kinds)?;
        for kind in new_of {
            if !snapshot.max_numbers.iter().any(|(k, _)| k == kind) {
                let max = load::max_number(&self.inside(Path::new(kind.dir()))?, *kind);
                snapshot.max_numbers.push((*kind, max));
            }
        }
        Ok(Transaction {
            store: self,
            lock: Some(lock),
            snapshot,
        })
    }

    /// Like [`Store::begin`] for `kinds`, keeping loading problems in the snapshot (`fmt`);
    /// with `lock` false nothing is locked (a read that may not write, such as `fmt --check`).
    pub fn begin_lenient(self, kinds: &[Kind], lock: bool) -> Result<Transaction> {
        let lock = match lock {
            true => Some(Lock::take(&self.root, &self.display_root)?),
            false => None,
        };
        let snapshot = self.load(kinds)?;
        Ok(Transaction {
            store: self,
            lock,
            snapshot,
        })
    }

    /// Reads a file of the register that is not a record (a template), under the same rules as
    /// records: inside the register, a regular file, at most 1 MiB. None when it does not exist.
    pub fn read_extra(&self, rel: &Path) -> Result<Option<String>> {
        let path = self.inside(rel)?;
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(None);
        }
        let shown = self.display_path(rel);
        let bytes = load::read_file(&path).map_err(|message| {
            Error::input(vec![Located {
                file: shown.clone(),
                line: None,
                key: None,
                message,
            }])
        })?;
        let text = decode(&bytes).map_err(|message| {
            Error::input(vec![Located {
                file: shown,
                line: None,
                key: None,
                message,
            }])
        })?;
        Ok(Some(text))
    }

    /// The path of `rel` inside the register, refusing paths that could lead outside it:
    /// `..`, absolute paths, and folders or files on the way that are links to elsewhere.
    pub fn inside(&self, rel: &Path) -> Result<PathBuf> {
        self.inside_of(&self.canonical_root()?, rel)
    }

    /// The register folder with every link resolved, which [`Store::inside_of`] compares with.
    fn canonical_root(&self) -> Result<PathBuf> {
        self.root
            .canonicalize()
            .with_context(|| format!("{}: cannot be read", self.display_root))
    }

    /// [`Store::inside`] with the canonical root resolved once, for many paths.
    fn inside_of(&self, canonical_root: &Path, rel: &Path) -> Result<PathBuf> {
        use std::path::Component;
        let shown = self.display_path(rel);
        if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            bail!("{shown}: not a path inside the register");
        }
        let mut path = self.root.clone();
        for part in rel.components() {
            path.push(part);
            let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink());
            if is_link
                && !path
                    .canonicalize()
                    .is_ok_and(|t| t.starts_with(canonical_root))
            {
                bail!(
                    "{}: is a link leading outside the register (or a broken link); \
                     nothing is written through it",
                    self.display_path(path.strip_prefix(&self.root).unwrap_or(&path))
                );
            }
        }
        Ok(path)
    }
}

fn relative_to(cwd: &Path, dir: &Path) -> PathBuf {
    match dir.strip_prefix(cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => dir.to_path_buf(),
    }
}

/// Parses and validates settings from a `register.yaml`'s bytes; `file` names it in errors.
pub fn parse_settings(file: &str, bytes: &[u8]) -> Result<(Settings, String)> {
    let at = |line, key, message| {
        Error::input(vec![Located {
            file: file.to_string(),
            line,
            key,
            message,
        }])
    };
    let text = load::decode(bytes).map_err(|message| at(None, None, message))?;
    let settings = if load::is_blank(&text) {
        Settings::default()
    } else {
        codec::parse::<Settings>(&text).map_err(|e| at(e.line, e.key, e.message))?
    };
    let problems = settings.validate();
    if !problems.is_empty() {
        return Err(Error::input(located(file, &text, problems)).into());
    }
    Ok((settings, text))
}
