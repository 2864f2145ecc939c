//! The register folder on disk: find it, load it, write records atomically, allocate ids.

mod bulk;
pub mod canonical;
pub mod git;
mod load;
pub mod locate;
mod write;
pub mod yaml;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::error::{Finding, InputError, Located};
use crate::model::{Claim, Id, Incident, Kind, Problem, Risk, Settings};

pub use load::{Loadable, decode, parse_record};
pub use write::{create_new, replace};

pub const SETTINGS_FILE: &str = "register.yaml";

/// One record as loaded: the parsed value, where it lives and the text it was read from.
#[derive(Clone, Debug)]
pub struct Record<T> {
    pub value: T,
    /// The path as shown to the user, e.g. `register/risks/RISK-0001.yaml`.
    pub file: String,
    /// The path relative to the register folder, e.g. `risks/RISK-0001.yaml`.
    pub rel: PathBuf,
    pub text: String,
    /// The text is known to be in canonical form (the fast reader took it); false when unknown.
    pub canonical: bool,
}

/// A record file found on disk, whether or not it parsed; its id comes from the file name.
#[derive(Clone, Debug)]
pub struct RecordFile {
    pub kind: Kind,
    pub id: Option<Id>,
    pub file: String,
    pub rel: PathBuf,
}

/// The register: settings plus the records of the kinds that were loaded.
#[derive(Debug)]
pub struct Register {
    pub root: PathBuf,
    pub display_root: String,
    pub settings: Settings,
    pub settings_text: String,
    pub risks: Vec<Record<Risk>>,
    pub incidents: Vec<Record<Incident>>,
    pub claims: Vec<Record<Claim>>,
    pub files: Vec<RecordFile>,
    /// Problems found while loading: unparseable or invalid records, id mismatches, duplicates.
    pub problems: Vec<Finding>,
}

/// Finds the register: the flag (or `$RISK_REGISTER`, which clap folds into it), else the
/// nearest `register/` holding a `register.yaml`, from the current folder upward.
pub fn find(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = flag {
        if !dir.join(SETTINGS_FILE).is_file() {
            bail!(
                "{}: not a register (no {SETTINGS_FILE} there); create one with `risk init {}`",
                dir.display(),
                dir.display()
            );
        }
        return Ok(dir.to_path_buf());
    }
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    for dir in cwd.ancestors() {
        if dir.file_name().is_some_and(|n| n == "register") && dir.join(SETTINGS_FILE).is_file() {
            return Ok(relative_to(&cwd, dir));
        }
        let candidate = dir.join("register");
        if candidate.join(SETTINGS_FILE).is_file() {
            return Ok(relative_to(&cwd, &candidate));
        }
    }
    bail!(
        "no register found: no `register/` folder with a {SETTINGS_FILE} here or above; \
         pass -R DIR, set RISK_REGISTER, or create one with `risk init`"
    )
}

fn relative_to(cwd: &Path, dir: &Path) -> PathBuf {
    match dir.strip_prefix(cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => dir.to_path_buf(),
    }
}

impl Register {
    /// Opens a register and reads its settings; records are loaded by [`Register::load`].
    pub fn open(root: &Path) -> Result<Register> {
        let display_root = root.display().to_string();
        let settings_path = root.join(SETTINGS_FILE);
        let file = format!("{display_root}/{SETTINGS_FILE}");
        if std::fs::symlink_metadata(&settings_path).is_ok_and(|m| m.is_symlink()) {
            let inside = match (settings_path.canonicalize(), root.canonicalize()) {
                (Ok(target), Ok(root)) => target.starts_with(root),
                _ => false,
            };
            if !inside {
                bail!("{file}: is a link leading outside the register; not read");
            }
        }
        let bytes =
            std::fs::read(&settings_path).with_context(|| format!("{file}: cannot read"))?;
        let (settings, text) = parse_settings(&file, &bytes)?;
        Ok(Register {
            root: root.to_path_buf(),
            display_root,
            settings,
            settings_text: text,
            risks: Vec::new(),
            incidents: Vec::new(),
            claims: Vec::new(),
            files: Vec::new(),
            problems: Vec::new(),
        })
    }

    /// Opens a register and loads every record of `kinds`, failing on any problem.
    pub fn open_clean(root: &Path, kinds: &[Kind]) -> Result<Register> {
        let mut register = Register::open(root)?;
        register.load(kinds);
        register.require_clean()?;
        Ok(register)
    }

    /// Fails with every loading problem, for commands that must not act on a broken register.
    pub fn require_clean(&self) -> Result<()> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(InputError::from(self.problems.clone()).into())
        }
    }

    pub fn display_path(&self, rel: &Path) -> String {
        format!("{}/{}", self.display_root, rel.display())
    }

    /// The record of type `T` with this id, or an input error naming the id.
    pub fn get<T: Loadable>(&self, id: &Id) -> Result<&Record<T>> {
        find_record(T::records(self), id, T::id, T::KIND)
    }

    /// Applies `change` to a record, validates the result against the settings and writes it.
    /// The id cannot change here (`risk renumber` does that).
    pub fn modify<T: Loadable>(
        &self,
        id: &Id,
        change: impl FnOnce(&mut T) -> Result<()>,
    ) -> Result<T> {
        let record = self.get::<T>(id)?;
        let mut value = record.value.clone();
        change(&mut value)?;
        self.save_checked(record, value)
    }

    /// Validates `value` as the new content of `record` and writes it.
    /// A value equal to what the file holds writes nothing, so not one byte changes.
    pub fn save_checked<T: Loadable>(&self, record: &Record<T>, mut value: T) -> Result<T> {
        value.normalise();
        if value == record.value {
            return Ok(value);
        }
        if value.id() != record.value.id() {
            bail!(
                "{}: the id cannot be changed by editing; use `risk renumber {}`",
                record.file,
                record.value.id()
            );
        }
        let problems = value.validate(&self.settings);
        if !problems.is_empty() {
            let text = yaml::to_string(&value);
            return Err(InputError {
                problems: located(&record.file, &text, problems),
            }
            .into());
        }
        self.update(record, &value)?;
        Ok(value)
    }

    pub fn risk(&self, id: &Id) -> Result<&Record<Risk>> {
        find_record(&self.risks, id, |r| &r.id, Kind::Risk)
    }

    pub fn incident(&self, id: &Id) -> Result<&Record<Incident>> {
        find_record(&self.incidents, id, |r| &r.id, Kind::Incident)
    }

    pub fn claim(&self, id: &Id) -> Result<&Record<Claim>> {
        find_record(&self.claims, id, |r| &r.id, Kind::Claim)
    }

    /// Rewrites an existing record in canonical form. Refuses when the file holds comments,
    /// which a rewrite would lose; writes nothing when the bytes would not change.
    pub fn update<T: Serialize>(&self, record: &Record<T>, value: &T) -> Result<()> {
        if let Some(line) = locate::first_comment(&record.text) {
            return Err(InputError::from(Located {
                file: record.file.clone(),
                line: Some(line),
                key: None,
                message:
                    "holds a comment, which rewriting the file would lose; edit the file by hand, \
                          or move the comment into `notes` and run the command again"
                        .into(),
            })
            .into());
        }
        let text = yaml::to_string(value);
        if text != record.text {
            replace(&self.inside(&record.rel)?, text.as_bytes())
                .with_context(|| format!("{}: cannot write", record.file))?;
        }
        Ok(())
    }

    /// Writes a new record under the next free id, retrying on the next id when another
    /// writer took it first. Reads only file names, so it costs the same on any register size.
    pub fn create<T: Serialize>(
        &self,
        kind: Kind,
        build: impl Fn(Id) -> T,
    ) -> Result<(Id, String)> {
        let dir = self.inside(Path::new(kind.dir()))?;
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let mut number = load::max_number(&dir, kind) + 1;
        loop {
            let id = Id::next(kind, number).map_err(anyhow::Error::msg)?;
            let rel = PathBuf::from(kind.dir()).join(format!("{id}.yaml"));
            let text = yaml::to_string(&build(id.clone()));
            if create_new(&self.root.join(&rel), text.as_bytes())
                .with_context(|| format!("cannot write {}", self.display_path(&rel)))?
            {
                return Ok((id, self.display_path(&rel)));
            }
            number += 1;
        }
    }

    /// Writes a new record at a given path relative to the register, refusing to overwrite.
    pub fn create_at<T: Serialize>(&self, rel: &Path, value: &T) -> Result<String> {
        let path = self.inside(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let shown = self.display_path(rel);
        if !create_new(&path, yaml::to_string(value).as_bytes())
            .with_context(|| format!("cannot write {shown}"))?
        {
            bail!("{shown}: already exists");
        }
        Ok(shown)
    }
}

/// Parses and validates settings from a `register.yaml`'s bytes; `file` names it in errors.
pub fn parse_settings(file: &str, bytes: &[u8]) -> Result<(Settings, String)> {
    let file = file.to_string();
    let text = load::decode(bytes).map_err(|message| Located {
        file: file.clone(),
        line: None,
        key: None,
        message,
    });
    let text = text.map_err(InputError::from)?;
    let settings = if load::is_blank(&text) {
        Settings::default()
    } else {
        yaml::parse::<Settings>(&text).map_err(|e| {
            InputError::from(Located {
                file: file.clone(),
                line: e.line,
                key: e.key,
                message: e.message,
            })
        })?
    };
    let problems = settings.validate();
    if !problems.is_empty() {
        return Err(InputError {
            problems: located(&file, &text, problems),
        }
        .into());
    }
    Ok((settings, text))
}

impl Register {
    /// The path of `rel` inside the register, refusing paths that could lead outside it:
    /// `..`, absolute paths, and folders on the way that are links to elsewhere.
    pub fn inside(&self, rel: &Path) -> Result<PathBuf> {
        use std::path::Component;
        let shown = self.display_path(rel);
        if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            bail!("{shown}: not a path inside the register");
        }
        let root = self
            .root
            .canonicalize()
            .with_context(|| format!("{}: cannot be read", self.display_root))?;
        let mut path = self.root.clone();
        for part in rel.components() {
            path.push(part);
            let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink());
            if is_link && !path.canonicalize().is_ok_and(|t| t.starts_with(&root)) {
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

fn find_record<'a, T>(
    records: &'a [Record<T>],
    id: &Id,
    id_of: impl Fn(&T) -> &Id,
    kind: Kind,
) -> Result<&'a Record<T>> {
    records
        .iter()
        .find(|r| id_of(&r.value) == id)
        .ok_or_else(|| {
            InputError::from(Located {
                file: format!("{}/", kind.dir()),
                line: None,
                key: None,
                message: format!(
                    "no {} with id {id} (see `risk {} list`)",
                    kind.name(),
                    kind.name()
                )
                .replace("risk risk list", "risk list"),
            })
            .into()
        })
}

/// Places validation problems at their lines in `text`.
pub fn located(file: &str, text: &str, problems: Vec<Problem>) -> Vec<Located> {
    problems
        .into_iter()
        .map(|p| Located {
            file: file.to_string(),
            line: locate::line_of(text, &p.key),
            key: Some(p.key),
            message: p.message,
        })
        .collect()
}
