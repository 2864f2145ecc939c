//! The register as plain data: settings and records with their files and text, read once and
//! handed to `ops`, `rating`, `check` and `output`, none of which touch the disk.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;
use serde::de::DeserializeOwned;

use crate::check::Finding;
use crate::codec::{self, KeyLines, locate};
use crate::error::{Error, Located};
use crate::model::{Claim, Id, Incident, Kind, Pestle, Problem, Risk, Settings, Swot};

pub const SETTINGS_FILE: &str = "register.yaml";

/// One record as loaded: the parsed value, where it lives and the text it was read from.
#[derive(Clone, Debug)]
pub struct Record<T> {
    pub value: T,
    /// Where the record lives: [`Record::file`] and [`Record::rel`].
    path: FilePath,
    /// The text read, kept only when it is not known to be canonical: a canonical text is the
    /// value written, byte for byte, so [`Record::text`] writes it again when it is needed
    /// (nearly every file; the texts were a third of a loaded register's memory).
    /// (A `Box<str>`: 8 bytes less than a `String` in every record.)
    source: Option<Box<str>>,
    /// The text is known to be in canonical form (the fast reader took it); false when unknown.
    canonical: bool,
    /// The test the canonical text passed (no line of it failed) when it was dropped, if any.
    passed: Option<fn(&str) -> bool>,
    /// The lines the canonical text's top-level keys start on, as the fast reader found them
    /// (not known for other texts): a field's line without writing the text again.
    keys: KeyLines,
}

impl<T: serde::Serialize> Record<T> {
    /// A record read from `text`; `canonical` when the text is known to be the value written.
    pub fn new(value: T, file: String, rel: PathBuf, text: String, canonical: bool) -> Self {
        Record::at(value, FilePath::new(file, &rel), text, canonical)
    }

    /// A record read from `text` in the file at `path` (shared with its entry in the files).
    pub fn at(value: T, path: FilePath, text: String, canonical: bool) -> Self {
        Record {
            value,
            path,
            source: Some(text.into_boxed_str()),
            canonical,
            passed: None,
            keys: KeyLines::default(),
        }
    }

    /// The record, with the lines its canonical text's top-level keys start on.
    pub fn keyed(mut self, keys: KeyLines) -> Self {
        self.keys = keys;
        self
    }

    /// The line of the top-level field `key` in the record's text, found without writing the
    /// text: Some(None) when the record has no such field; None when that is not known so (a
    /// path rather than a field, a text not canonical, a canonical text not read by the fast
    /// reader), and [`Record::with_text`] must tell.
    pub fn field_line(&self, key: &str) -> Option<Option<usize>> {
        codec::field_line(&self.value, &self.keys, key)
    }

    /// Where a finding on the first of `keys` the record has goes, as [`locate::place`] finds
    /// it in the record's text: from the lines its fields start on when it knows them, else in
    /// its text, written again if it was dropped.
    pub fn place<'k>(&self, keys: &[&'k str]) -> (Option<usize>, &'k str) {
        let known = || {
            for &key in keys {
                if let Some(line) = self.field_line(key)? {
                    return Some((Some(line), key));
                }
            }
            Some((self.field_line("id")?, keys[0]))
        };
        known().unwrap_or_else(|| self.with_text(|text| locate::place(text, keys)))
    }

    /// Drops a canonical text, which [`Record::text`] can write again: most of a loaded
    /// register's memory otherwise. The text is first put to `scan`, if given (true when a line
    /// of it fails), which [`Record::lines_pass`] then answers for without writing it again.
    pub fn settle(&mut self, scan: Option<fn(&str) -> bool>) {
        if !self.canonical {
            return;
        }
        if let (Some(scan), Some(text)) = (scan, &self.source)
            && !scan(text)
        {
            self.passed = Some(scan);
        }
        self.source = None;
    }

    /// True when the record's text is known to pass `scan` (no line of it fails): it was put
    /// to that very test when loaded. False when unknown.
    pub fn lines_pass(&self, scan: fn(&str) -> bool) -> bool {
        self.passed
            .is_some_and(|passed| std::ptr::fn_addr_eq(passed, scan))
    }

    /// The text of the record's file (without a byte-order mark).
    pub fn text(&self) -> Cow<'_, str> {
        match &self.source {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(codec::write(&self.value)),
        }
    }

    /// Calls `f` with the record's text, writing a canonical text into a buffer each thread
    /// keeps (findings need the text for their line numbers: no allocation per finding).
    pub fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        match &self.source {
            Some(text) => f(text),
            None => codec::with_written(&self.value, f),
        }
    }

    /// The text is known to be in canonical form (the fast reader took it); false when unknown.
    pub fn canonical(&self) -> bool {
        self.canonical
    }

    /// The text of the top-level field `field` alone, which holds `inner`, and the line of the
    /// record's text it starts on (see [`codec::write_field`]): a path under the field is found
    /// in it without writing the whole text. None when the record does not know where its
    /// fields start, or has no such field.
    pub fn field_text<V: serde::Serialize + ?Sized>(
        &self,
        field: &'static str,
        inner: &V,
    ) -> Option<(String, usize)> {
        let start = self.field_line(field)??;
        Some((codec::write_field(field, inner), start))
    }

    /// The record after its file was rewritten in canonical form with `value`.
    pub fn rewritten(&mut self, value: T) {
        self.value = value;
        self.source = None;
        self.canonical = true;
        self.passed = None;
        self.keys = KeyLines::default();
    }
}

impl<T> Record<T> {
    /// The path as shown to the user, e.g. `register/risks/RISK-0001.yaml`.
    pub fn file(&self) -> &str {
        self.path.file()
    }

    /// The path relative to the register folder, e.g. `risks/RISK-0001.yaml`.
    pub fn rel(&self) -> &Path {
        self.path.rel()
    }
}

/// A file's two paths in one allocation: the path as shown, then the relative path unless it
/// is the end of the path as shown (as it nearly always is: `register/` + `risks/RISK-0001.yaml`).
/// 24 bytes and one allocation where a `String` and a `PathBuf` took 48 and two; a record and
/// its entry in [`Snapshot::files`] share it.
#[derive(Clone)]
pub struct FilePath {
    /// The path as shown (UTF-8), then the relative path's bytes if they are not its end.
    bytes: Arc<[u8]>,
    file_len: u32,
    rel_at: u32,
}

impl FilePath {
    pub fn new(file: String, rel: &Path) -> FilePath {
        let rel = rel.as_os_str().as_encoded_bytes();
        let mut bytes = file.into_bytes();
        let file_len = bytes.len();
        let rel_at = if bytes.ends_with(rel) {
            file_len - rel.len()
        } else {
            bytes.extend_from_slice(rel);
            file_len
        };
        FilePath::from_parts(bytes, file_len, rel_at)
    }

    /// A path as shown, `file`, that ends in the relative path from byte `rel_at` on
    /// (`register/` + `risks/RISK-0001.yaml`).
    pub fn ending_at(file: String, rel_at: usize) -> FilePath {
        assert!(
            file.is_char_boundary(rel_at),
            "the relative path starts a character"
        );
        let file_len = file.len();
        FilePath::from_parts(file.into_bytes(), file_len, rel_at)
    }

    /// The path as shown in `bytes[..file_len]` and the relative path in `bytes[rel_at..]`.
    fn from_parts(bytes: Vec<u8>, file_len: usize, rel_at: usize) -> FilePath {
        let (Ok(file_len), Ok(rel_at)) = (u32::try_from(file_len), u32::try_from(rel_at)) else {
            unreachable!("a path of 4 GB");
        };
        FilePath {
            bytes: bytes.into(),
            file_len,
            rel_at,
        }
    }

    pub fn file(&self) -> &str {
        // The first `file_len` bytes are those of a `String`.
        std::str::from_utf8(&self.bytes[..self.file_len as usize]).unwrap_or_default()
    }

    pub fn rel(&self) -> &Path {
        let rel = &self.bytes[self.rel_at as usize..];
        // SAFETY: `rel` is byte for byte what `as_encoded_bytes` gave for the relative path
        // (the bytes that were appended, or an end of the path as shown found equal to them),
        // or the end of the path as shown from a character boundary on (UTF-8, which encoded
        // bytes hold as themselves).
        Path::new(unsafe { std::ffi::OsStr::from_encoded_bytes_unchecked(rel) })
    }
}

impl std::fmt::Debug for FilePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePath")
            .field("file", &self.file())
            .field("rel", &self.rel())
            .finish()
    }
}

/// A record file found on disk, whether or not it parsed; its id comes from the file name.
#[derive(Clone, Debug)]
pub struct RecordFile {
    pub kind: Kind,
    pub id: Option<Id>,
    /// [`RecordFile::file`] and [`RecordFile::rel`], shared with the record read from it.
    pub path: FilePath,
}

impl RecordFile {
    pub fn new(kind: Kind, id: Option<Id>, file: String, rel: PathBuf) -> RecordFile {
        RecordFile {
            kind,
            id,
            path: FilePath::new(file, &rel),
        }
    }

    /// A record file whose path as shown, `file`, ends in its relative path from byte `rel_at`
    /// on (see [`FilePath::ending_at`]).
    pub fn ending_in_rel(kind: Kind, id: Option<Id>, file: String, rel_at: usize) -> RecordFile {
        RecordFile {
            kind,
            id,
            path: FilePath::ending_at(file, rel_at),
        }
    }

    /// The path as shown to the user, e.g. `register/risks/RISK-0001.yaml`.
    pub fn file(&self) -> &str {
        self.path.file()
    }

    /// The path relative to the register folder, e.g. `risks/RISK-0001.yaml`.
    pub fn rel(&self) -> &Path {
        self.path.rel()
    }
}

/// Settings plus the records of the kinds that were loaded.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The register folder as the user named it, which prefixes every file shown.
    pub display_root: String,
    pub settings: Settings,
    pub settings_text: String,
    pub risks: Vec<Record<Risk>>,
    pub incidents: Vec<Record<Incident>>,
    pub claims: Vec<Record<Claim>>,
    /// SWOT and PESTLE analyses (`analyses/`, DESIGN 11.1).
    pub swots: Vec<Record<Swot>>,
    pub pestles: Vec<Record<Pestle>>,
    pub files: Vec<RecordFile>,
    /// The highest id number in each kind's file names, for kinds whose files were listed.
    pub max_numbers: Vec<(Kind, u64)>,
    /// Problems found while loading: unparseable or invalid records, id mismatches, duplicates.
    /// A record whose `id:` differs from its file name is among the records too, so `check`
    /// runs every rule on it; commands that need a clean register refuse it.
    pub problems: Vec<Finding>,
    /// Temporary files an interrupted write left in the folders that were read, relative to
    /// the register: `check` reports them and `fmt` removes them.
    pub leftovers: Vec<PathBuf>,
}

/// A record type that can be loaded: its id and its validation against the settings.
pub trait Loadable:
    DeserializeOwned + serde::Serialize + Clone + PartialEq + std::fmt::Debug + Send + Sync
{
    const KIND: Kind;
    /// Drops what would be written as an empty optional key (`review: {}`).
    fn normalise(&mut self) {}
    fn id(&self) -> &Id;
    fn validate(&self, settings: &Settings) -> Vec<Problem>;
    fn records(snapshot: &Snapshot) -> &[Record<Self>];
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
    fn records(snapshot: &Snapshot) -> &[Record<Self>] {
        &snapshot.risks
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
        for lesson in self.review.iter_mut().flat_map(|r| r.lessons.iter_mut()) {
            lesson.normalise();
        }
    }
    fn id(&self) -> &Id {
        &self.id
    }
    fn validate(&self, settings: &Settings) -> Vec<Problem> {
        Incident::validate(self, settings)
    }
    fn records(snapshot: &Snapshot) -> &[Record<Self>] {
        &snapshot.incidents
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
    fn records(snapshot: &Snapshot) -> &[Record<Self>] {
        &snapshot.claims
    }
}

impl Loadable for Swot {
    const KIND: Kind = Kind::Swot;
    fn normalise(&mut self) {
        Swot::normalise(self)
    }
    fn id(&self) -> &Id {
        &self.id
    }
    fn validate(&self, settings: &Settings) -> Vec<Problem> {
        Swot::validate(self, settings)
    }
    fn records(snapshot: &Snapshot) -> &[Record<Self>] {
        &snapshot.swots
    }
}

impl Loadable for Pestle {
    const KIND: Kind = Kind::Pestle;
    fn normalise(&mut self) {
        Pestle::normalise(self)
    }
    fn id(&self) -> &Id {
        &self.id
    }
    fn validate(&self, settings: &Settings) -> Vec<Problem> {
        Pestle::validate(self, settings)
    }
    fn records(snapshot: &Snapshot) -> &[Record<Self>] {
        &snapshot.pestles
    }
}

impl Snapshot {
    /// An empty snapshot of a register shown as `display_root`, with these settings.
    pub fn new(display_root: &str, settings: Settings, settings_text: String) -> Snapshot {
        Snapshot {
            display_root: display_root.to_string(),
            settings,
            settings_text,
            ..Snapshot::default()
        }
    }

    /// Fails with every loading problem, for commands that must not act on a broken register.
    pub fn require_clean(&self) -> Result<()> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(Error::input(self.problems.iter().map(|f| f.at.clone()).collect()).into())
        }
    }

    /// A path inside the register as the user sees it: `register/risks/RISK-0001.yaml`.
    pub fn display_path(&self, rel: &Path) -> String {
        format!("{}/{}", self.display_root, rel.display())
    }

    /// The record of type `T` with this id, or an input error naming the id.
    pub fn get<T: Loadable>(&self, id: &Id) -> Result<&Record<T>> {
        find_record(T::records(self), id, T::id, T::KIND)
    }

    pub fn risk(&self, id: &Id) -> Result<&Record<Risk>> {
        self.get(id)
    }

    pub fn incident(&self, id: &Id) -> Result<&Record<Incident>> {
        self.get(id)
    }

    pub fn claim(&self, id: &Id) -> Result<&Record<Claim>> {
        self.get(id)
    }

    /// The next free id of a kind: one above the highest number among its file names.
    /// Under the register's lock (held from the read to the write) no other `risk` takes it.
    pub fn next_id(&self, kind: Kind) -> Result<Id> {
        let max = self
            .max_numbers
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, n)| *n)
            .unwrap_or_else(|| {
                // Only reached when the kind's files were not listed: a programming error.
                debug_assert!(
                    false,
                    "next_id({kind:?}) on a snapshot that did not list it"
                );
                0
            });
        Id::next(kind, max + 1).map_err(anyhow::Error::msg)
    }

    /// The rel path a new record of `kind` with `id` takes.
    pub fn new_record_path(kind: Kind, id: &Id) -> PathBuf {
        PathBuf::from(kind.dir()).join(format!("{id}.yaml"))
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
            Error::input(vec![Located {
                file: format!("{}/", kind.dir()),
                line: None,
                key: None,
                message: format!(
                    "no {} with id {id} (see `risk {} list`)",
                    kind.name(),
                    kind.name()
                )
                .replace("risk risk list", "risk list")
                .replace("risk SWOT analysis list", "risk analysis list")
                .replace("risk PESTLE analysis list", "risk analysis list"),
            }])
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

/// Snapshots built in memory for unit tests of `ops`, `rating` and `check`.
#[cfg(test)]
pub mod testing {
    use super::*;

    /// A snapshot of settings (YAML, empty for the defaults) and records (YAML texts; the kind
    /// is read from the id), as loading would give it, with ids listed for `next_id`.
    pub fn snapshot(settings: &str, records: &[&str]) -> Snapshot {
        let parsed: Settings = if settings.is_empty() {
            Settings::default()
        } else {
            codec::parse(settings).unwrap()
        };
        let mut snapshot = Snapshot::new("register", parsed, settings.to_string());
        for text in records {
            let id_line = text.lines().find(|l| l.starts_with("id: ")).unwrap();
            let id = Id::parse(id_line.trim_start_matches("id: ")).unwrap();
            let kind = id.kind().unwrap();
            let rel = PathBuf::from(kind.dir()).join(format!("{id}.yaml"));
            let file = format!("register/{}", rel.display());
            fn record<T: Loadable>(text: &str, file: &str, rel: &Path) -> Record<T> {
                let (value, canonical) = codec::read::<T>(text).unwrap();
                Record::new(
                    value,
                    file.to_string(),
                    rel.to_path_buf(),
                    text.to_string(),
                    canonical,
                )
            }
            match kind {
                Kind::Risk => snapshot.risks.push(record(text, &file, &rel)),
                Kind::Incident => snapshot.incidents.push(record(text, &file, &rel)),
                Kind::Claim => snapshot.claims.push(record(text, &file, &rel)),
                Kind::Swot => snapshot.swots.push(record(text, &file, &rel)),
                Kind::Pestle => snapshot.pestles.push(record(text, &file, &rel)),
            }
            snapshot
                .files
                .push(RecordFile::new(kind, Some(id), file, rel));
        }
        for kind in Kind::ALL {
            let max = snapshot
                .files
                .iter()
                .filter(|f| f.kind == kind)
                .filter_map(|f| f.id.as_ref().map(Id::number))
                .max()
                .unwrap_or(0);
            snapshot.max_numbers.push((kind, max));
        }
        snapshot
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Record<Risk> {
        let (value, canonical) = codec::read::<Risk>(text).unwrap();
        let rel = PathBuf::from("risks/RISK-0001.yaml");
        Record::new(
            value,
            "register/risks/RISK-0001.yaml".into(),
            rel,
            text.into(),
            canonical,
        )
    }

    const CANONICAL: &str = "id: RISK-0001\ntitle: x\nlikelihood: 2\nimpact: 3\n";

    #[test]
    fn a_settled_canonical_record_gives_its_text_back_byte_for_byte() {
        let mut record = read(CANONICAL);
        assert!(record.canonical());
        record.settle(None);
        assert!(record.source.is_none(), "a canonical text is not kept");
        assert_eq!(record.text(), CANONICAL);
        assert_eq!(record.with_text(str::to_string), CANONICAL);
        // Asked again while the thread's buffer is in use: written into a buffer of its own.
        let nested =
            record.with_text(|outer| record.with_text(|inner| (outer == inner, inner.len())));
        assert_eq!(nested, (true, CANONICAL.len()));
    }

    #[test]
    fn other_texts_are_kept_as_read() {
        let commented = format!("# note\n{CANONICAL}");
        let mut record = read(&commented);
        assert!(!record.canonical());
        record.settle(Some(|_| true));
        assert_eq!(record.text(), commented);
        assert!(!record.lines_pass(|_| false));
    }

    #[test]
    fn lines_pass_answers_only_for_the_test_the_lines_were_put_to() {
        fn never(_: &str) -> bool {
            false
        }
        fn titled(text: &str) -> bool {
            text.lines().any(|line| line.starts_with("title"))
        }
        let mut record = read(CANONICAL);
        record.settle(Some(never));
        assert!(record.lines_pass(never));
        assert!(
            !record.lines_pass(titled),
            "another test is not known to pass"
        );
        let mut record = read(CANONICAL);
        record.settle(Some(titled));
        assert!(!record.lines_pass(titled), "a line failed the test");
        let mut record = read(CANONICAL);
        record.settle(None);
        assert!(!record.lines_pass(never), "not scanned: unknown");
    }
}
