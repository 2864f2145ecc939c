//! Loading records: walk the kind folders, then read and validate every file in parallel.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Store;
use crate::check::Finding;
use crate::codec::{self, locate};
use crate::error::Located;
use crate::model::{Claim, Id, Incident, Kind, Pestle, Risk, Settings, Swot};
use crate::snapshot::{Loadable, Record, RecordFile, Snapshot, located};

/// The most a record (or the settings) may hold: far above any real record, far below what
/// would let one file exhaust memory (DESIGN 14).
pub const MAX_RECORD_BYTES: u64 = 1024 * 1024;

/// Why a file's size or type keeps it from being read, if it does: only regular files of at
/// most [`MAX_RECORD_BYTES`] are read (a FIFO would block the read for ever).
pub fn unreadable(meta: &std::fs::Metadata) -> Option<String> {
    if !meta.is_file() {
        return Some("is not a regular file (a FIFO, socket or device); not read".into());
    }
    too_large(meta.len())
}

/// The bytes read, unless there are more than a record may hold.
fn within_limit(bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    match too_large(bytes.len() as u64) {
        Some(why) => Err(why),
        None => Ok(bytes),
    }
}

fn too_large(len: u64) -> Option<String> {
    (len > MAX_RECORD_BYTES).then(|| {
        format!("is {len} bytes, more than the 1 MiB a record or the settings may hold; not read")
    })
}

/// Reads a record file under the rules of [`unreadable`], checking before it opens the file.
pub fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    #[cfg(debug_assertions)]
    trace_read(path);
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot be read: {e}"))?;
    if let Some(why) = unreadable(&meta) {
        return Err(why);
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_RECORD_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot be read: {e}"))?;
    within_limit(bytes)
}

/// Reads a record file a walk listed as a regular file (or a link to one inside the register),
/// so opening it cannot block: opened first, then measured through the open file, which saves
/// the second look-up of its path that [`read_file`] makes (a tenth of `check`'s time). The
/// type and size are checked on the open file, so a file swapped since the walk is refused.
fn read_listed(path: &Path) -> Result<Vec<u8>, String> {
    #[cfg(debug_assertions)]
    trace_read(path);
    let file = std::fs::File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
    read_opened(file)
}

/// Reads an opened record file under the rules of [`unreadable`].
fn read_opened(file: std::fs::File) -> Result<Vec<u8>, String> {
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot be read: {e}"))?;
    if let Some(why) = unreadable(&meta) {
        return Err(why);
    }
    let bytes =
        read_sized(file, meta.len() as usize).map_err(|e| format!("cannot be read: {e}"))?;
    within_limit(bytes)
}

/// The folders a load reads record files from, each opened once, so that a file is opened by
/// its name within its folder: the kernel then looks up one name, not every folder of a long
/// path again (a tenth of `check`'s time on a large register).
#[derive(Default)]
struct Folders<'a> {
    #[cfg(unix)]
    open: std::collections::HashMap<&'a [u8], std::fs::File>,
    #[cfg(not(unix))]
    open: std::marker::PhantomData<&'a Path>,
}

/// A listed file's folder and name, relative to the register: split at its last `/`, which
/// is [`Path::parent`] and [`Path::file_name`] for the clean relative paths a walk makes,
/// without parsing the path (a tenth of a million times in `check`).
#[cfg(unix)]
fn folder_and_name(rel: &Path) -> Option<(&[u8], &std::ffi::OsStr)> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = rel.as_os_str().as_bytes();
    let slash = bytes.iter().rposition(|&b| b == b'/')?;
    let name = &bytes[slash + 1..];
    (!name.is_empty()).then(|| (&bytes[..slash], std::ffi::OsStr::from_bytes(name)))
}

impl<'a> Folders<'a> {
    /// Opens the folders of `files` (a folder that cannot be opened is left out: its files are
    /// opened by their whole path, and any error is theirs).
    fn of(root: &Path, files: &[&'a RecordFile]) -> Folders<'a> {
        let mut folders = Folders::default();
        #[cfg(unix)]
        for f in files {
            let Some((parent, _)) = folder_and_name(f.rel()) else {
                continue;
            };
            if !folders.open.contains_key(parent)
                && let Ok(dir) =
                    std::fs::File::open(root.join(
                        <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(parent),
                    ))
            {
                folders.open.insert(parent, dir);
            }
        }
        #[cfg(not(unix))]
        let _ = (root, files);
        folders
    }

    /// Reads a record file a walk listed, as [`read_listed`] does.
    fn read(&self, root: &Path, rel: &Path) -> Result<Vec<u8>, String> {
        #[cfg(unix)]
        if let Some((parent, name)) = folder_and_name(rel)
            && let Some(dir) = self.open.get(parent)
        {
            #[cfg(debug_assertions)]
            trace_read(&root.join(rel));
            use rustix::fs::{Mode, OFlags, openat};
            // Non-blocking: a FIFO swapped in since the walk opens at once (and is refused as
            // not a regular file) instead of waiting for a writer; a regular file ignores it.
            let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK;
            let fd = openat(dir, name, flags, Mode::empty())
                .map_err(|e| format!("cannot be read: {}", std::io::Error::from(e)))?;
            return read_unmeasured(std::fs::File::from(fd));
        }
        read_listed(&root.join(rel))
    }
}

/// Reads a file the walk listed as a regular file, opened non-blocking, under the rules of
/// [`unreadable`], without measuring it first: a syscall costs as much as reading a record,
/// and a look at its size and type would be one of four. One read call into a buffer each
/// thread keeps takes the whole of nearly every record; a read that stops short of the buffer
/// has met the end (as it does for a regular file, which never returns less than it has). A
/// file that fills the buffer is measured then, and refused before the rest is read if it is
/// too large or not a regular file. Something else swapped in since the walk cannot block: a
/// FIFO opened non-blocking reads as empty or not at all.
fn read_unmeasured(mut file: std::fs::File) -> Result<Vec<u8>, String> {
    use std::io::Read;
    const BUFFER: usize = 64 * 1024;
    thread_local! {
        static READ: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let failed = |e: std::io::Error| format!("cannot be read: {e}");
    READ.with(|buffer| {
        let Ok(mut buffer) = buffer.try_borrow_mut() else {
            return read_opened(file);
        };
        if buffer.len() < BUFFER {
            buffer.resize(BUFFER, 0);
        }
        let filled = fill(&mut file, &mut buffer).map_err(failed)?;
        if filled == buffer.len() {
            // The buffer is full: measured now, then the rest as any read would, within the limit.
            if let Some(why) = unreadable(&file.metadata().map_err(failed)?) {
                return Err(why);
            }
            let mut bytes = buffer.to_vec();
            file.take(MAX_RECORD_BYTES + 1 - filled as u64)
                .read_to_end(&mut bytes)
                .map_err(failed)?;
            return within_limit(bytes);
        }
        Ok(buffer[..filled].to_vec())
    })
}

/// Reads a regular file measured at `len` bytes: one read call for the whole file where a
/// plain read takes two (the second to see the end). The buffer holds a byte more than `len`,
/// so a read that stops short of it has met the end; a file that grew since it was measured
/// is read on, to [`MAX_RECORD_BYTES`] and a byte.
fn read_sized(mut file: std::fs::File, len: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = vec![0; len + 1];
    let filled = fill(&mut file, &mut bytes)?;
    if filled == bytes.len() {
        // Longer than measured: the rest as any read would, within the limit.
        file.take(MAX_RECORD_BYTES + 1 - filled as u64)
            .read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// One read of `file` into `buffer`, as many bytes as it gives (none at the end), retried when
/// interrupted. A read of a regular file that stops short of the buffer has met the end; one
/// that fills it may have more to give.
fn fill(file: &mut std::fs::File, buffer: &mut [u8]) -> std::io::Result<usize> {
    use std::io::Read;
    loop {
        match file.read(buffer) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            read => return read,
        }
    }
}

/// Debug builds name every record file they read on stderr when `RISK_TRACE_READS` is set, so
/// a test can show which files a command reads (file permissions cannot, when run as root).
#[cfg(debug_assertions)]
fn trace_read(path: &Path) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("RISK_TRACE_READS").is_some()) {
        eprintln!("risk-trace: read {}", path.display());
    }
}

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
        Ok(text) if memchr::memchr(0, text.as_bytes()).is_some() => {
            Err("is a binary file, not YAML text".into())
        }
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

/// A temporary file of the writer's (`register::atomic`), named `.risk-XXXXXX.tmp`.
pub fn is_leftover(name: &Path) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with(".risk-") && n.ends_with(".tmp"))
}

fn is_record_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| is_record_name(stem_and_extension(name).1))
}

fn is_record_name(extension: Option<&str>) -> bool {
    matches!(extension, Some("yaml" | "yml"))
}

/// The stem of a listed file's name, as [`Path::file_stem`] gives it (None when not UTF-8).
fn stem_of(rel: &Path) -> Option<&str> {
    let bytes = rel.as_os_str().as_encoded_bytes();
    let name = match bytes
        .iter()
        .rposition(|&b| b == b'/' || cfg!(windows) && b == b'\\')
    {
        Some(slash) => &bytes[slash + 1..],
        None => bytes,
    };
    Some(stem_and_extension(std::str::from_utf8(name).ok()?).0)
}

/// The first sixteen bytes of a name as one number, zeros after a shorter name: names in this
/// order are in the order of their bytes, up to names that share those sixteen bytes (or one
/// ends in zero bytes where the other ends), which their bytes then order.
fn name_prefix(name: &std::ffi::OsStr) -> u128 {
    let bytes = name.as_encoded_bytes();
    let mut prefix = [0; 16];
    let len = bytes.len().min(16);
    prefix[..len].copy_from_slice(&bytes[..len]);
    u128::from_be_bytes(prefix)
}

/// A file name's stem and extension, as [`Path::file_stem`] and [`Path::extension`] give them
/// (a name that starts with its only dot has none), without parsing a path.
fn stem_and_extension(name: &str) -> (&str, Option<&str>) {
    // From the end: the extension is a few bytes long.
    match name.bytes().rposition(|b| b == b'.') {
        Some(dot) if dot > 0 => (&name[..dot], Some(&name[dot + 1..])),
        _ => (name, None),
    }
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

/// Loads every record of `kinds` into the snapshot. Broken files become `problems`; the rest load.
pub(super) fn records(store: &Store, snapshot: &mut Snapshot, kinds: &[Kind]) {
    // Each kind's folder is walked and then read, the kinds side by side (each walk and read
    // is parallel too): the long listing of a large folder overlaps the reading of the other
    // kinds. What they found is then taken in kind order, as if they had run one by one.
    let settings = &snapshot.settings;
    let loads: Vec<(Walked, Read, Vec<Finding>)> = kinds
        .par_iter()
        .map(|kind| {
            let walked = store.walk(*kind);
            let files = &walked.files;
            let (read, problems) = match kind {
                Kind::Risk => Read::of(Read::Risks, read_all(store, settings, files)),
                Kind::Incident => Read::of(Read::Incidents, read_all(store, settings, files)),
                Kind::Claim => Read::of(Read::Claims, read_all(store, settings, files)),
                Kind::Swot => Read::of(Read::Swots, read_all(store, settings, files)),
                Kind::Pestle => Read::of(Read::Pestles, read_all(store, settings, files)),
            };
            (walked, read, problems)
        })
        .collect();
    snapshot
        .files
        .reserve(loads.iter().map(|(w, _, _)| w.files.len()).sum());
    for (kind, (walked, read, read_problems)) in kinds.iter().zip(loads) {
        let Walked {
            files,
            problems,
            leftovers,
        } = walked;
        snapshot.problems.extend(problems);
        snapshot.leftovers.extend(leftovers);
        let max = files
            .iter()
            .filter_map(|f| f.id.as_ref())
            .filter(|id| id.kind() == Some(*kind))
            .map(Id::number)
            .max()
            .unwrap_or(0);
        snapshot.max_numbers.push((*kind, max));
        match read {
            Read::Risks(records) => snapshot.risks = records,
            Read::Incidents(records) => snapshot.incidents = records,
            Read::Claims(records) => snapshot.claims = records,
            Read::Swots(records) => snapshot.swots = records,
            Read::Pestles(records) => snapshot.pestles = records,
        }
        snapshot.problems.extend(read_problems);
        snapshot.files.extend(files);
    }
    find_duplicates(snapshot);
    snapshot
        .problems
        .sort_by(|a, b| (&a.at.file, a.at.line).cmp(&(&b.at.file, b.at.line)));
}

impl Store {
    /// Lists the record files of a kind, in file-name order, folder by folder. Links are read
    /// only when they stay inside the register; links to folders are never followed.
    fn walk(&self, kind: Kind) -> Walked {
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
                // A folder two kinds share is reported by its first kind only.
                if !inside && !kind.owns_file("") {
                    return Walked::default();
                }
                if !inside {
                    let problem = self.problem(
                        &dir,
                        None,
                        "is a link to a folder outside the register (or a broken link); not read"
                            .into(),
                    );
                    return Walked {
                        problems: vec![problem],
                        ..Walked::default()
                    };
                }
            }
            _ => return Walked::default(),
        }
        let walker = Walker {
            store: self,
            kind,
            canonical_root: &canonical_root,
        };
        let mut out = Walked::default();
        walker.dir(&dir, PathBuf::from(kind.dir()), &mut out);
        out
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
}

/// The records one kind's read gave.
enum Read {
    Risks(Vec<Record<Risk>>),
    Incidents(Vec<Record<Incident>>),
    Claims(Vec<Record<Claim>>),
    Swots(Vec<Record<Swot>>),
    Pestles(Vec<Record<Pestle>>),
}

impl Read {
    fn of<T>(
        kind: fn(Vec<Record<T>>) -> Read,
        read: (Vec<Record<T>>, Vec<Finding>),
    ) -> (Read, Vec<Finding>) {
        (kind(read.0), read.1)
    }
}

/// Reads and validates `files` in parallel: the records, in id order, and the problems found.
fn read_all<T: Loadable>(
    store: &Store,
    settings: &Settings,
    files: &[RecordFile],
) -> (Vec<Record<T>>, Vec<Finding>) {
    // Reading the files in file-name order yields the records in id order (a record whose
    // `id:` differs from its file name aside): no sort of the large records afterwards.
    let mut order: Vec<&RecordFile> = files.iter().collect();
    order.par_sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.rel().cmp(b.rel())));
    // The few files with findings set them aside (with their place, to keep the order), so
    // the list made is of records alone, which the records then take over exactly.
    let found = std::sync::Mutex::new(Vec::new());
    let folders = Folders::of(&store.root, &order);
    let results: Vec<Option<Record<T>>> = order
        .par_iter()
        .enumerate()
        .map(|(at, f)| {
            let mut read = match folders.read(&store.root, f.rel()) {
                Ok(bytes) => read_one::<T>(&store.root, f, settings, Some(bytes)),
                Err(why) => Loaded::failed(vec![parse_finding(f, None, None, why)]),
            };
            if let Some(record) = &mut read.record {
                record.settle(store.line_scan);
            }
            if !read.findings.is_empty() {
                let mut found = found.lock().unwrap_or_else(|e| e.into_inner());
                found.push((at, read.findings));
            }
            read.record
        })
        .collect();
    let mut found = found.into_inner().unwrap_or_else(|e| e.into_inner());
    found.sort_unstable_by_key(|(at, _)| *at);
    let problems = found
        .into_iter()
        .flat_map(|(_, findings)| findings)
        .collect();
    // Collected in place: the records reuse the results' allocation (`flatten` would not).
    #[allow(clippy::filter_map_identity)]
    let records = results.into_iter().filter_map(|record| record).collect();
    (records, problems)
}

/// Two records that share an id (by number): two files whose names give it, or a record whose
/// `id:` differs from its file name and names an id another file has (within a kind).
pub(super) fn find_duplicates(snapshot: &mut Snapshot) {
    // Every id a file uses: its name's, and the `id:` of a record kept despite a mismatch (a
    // few, kept whole in `in_text`). The sort moves small keys: (id, from the text, index).
    let files = &snapshot.files;
    let mut in_text: Vec<IdUse> = mismatched(&snapshot.risks).collect();
    in_text.extend(mismatched(&snapshot.incidents));
    in_text.extend(mismatched(&snapshot.claims));
    in_text.extend(mismatched(&snapshot.swots));
    in_text.extend(mismatched(&snapshot.pestles));
    let index = |i: usize| u32::try_from(i).unwrap_or_else(|_| unreachable!("4 billion files"));
    let mut keys: Vec<(&Id, bool, u32)> = files
        .par_iter()
        .enumerate()
        .filter_map(|(i, f)| Some((f.id.as_ref()?, false, index(i))))
        .collect();
    keys.extend(
        in_text
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id, true, index(i))),
    );
    fn use_at<'a>(
        (id, text, i): (&'a Id, bool, u32),
        files: &'a [RecordFile],
        in_text: &[IdUse<'a>],
    ) -> IdUse<'a> {
        match text {
            true => in_text[i as usize].clone(),
            false => IdUse {
                id,
                rel: files[i as usize].rel(),
                file: files[i as usize].file(),
                in_text: false,
                line: None,
            },
        }
    }
    // The files' own names first, so a duplicate is reported on the record whose `id:` is off.
    keys.par_sort_by(|a, b| {
        (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| {
            use_at(*a, files, &in_text)
                .rel
                .cmp(use_at(*b, files, &in_text).rel)
        })
    });
    let mut found = Vec::new();
    for pair in keys.windows(2) {
        if pair[0].0 != pair[1].0 {
            continue;
        }
        let first = &use_at(pair[0], files, &in_text);
        let second = &use_at(pair[1], files, &in_text);
        if first.id != second.id || first.rel == second.rel {
            continue;
        }
        let id = second.id.to_string();
        let message = if second.in_text {
            format!(
                "is `{id}`, which {} also has; give this record a free id and name its file after it",
                first.file
            )
        } else {
            format!(
                "{id} is also used by {}; give one of them a new id with `risk renumber`",
                first.file
            )
        };
        found.push(Finding::error(
            "duplicate-id",
            Some(id),
            Located {
                file: second.file.to_string(),
                line: second.line,
                key: Some("id".into()),
                message,
            },
        ));
    }
    snapshot.problems.extend(found);
}

/// An id a record file uses, for [`find_duplicates`]: its name's, or the `id:` of its text.
#[derive(Clone)]
struct IdUse<'a> {
    id: &'a Id,
    rel: &'a Path,
    file: &'a str,
    /// From the `id:` of the text (at `line`), not from the file name.
    in_text: bool,
    line: Option<usize>,
}

/// The ids of records kept although their `id:` differs from their file name: an id of the
/// record's own kind that is not the file name's (a wrong kind is an `id-mismatch` alone).
fn mismatched<T: Loadable>(records: &[Record<T>]) -> impl Iterator<Item = IdUse<'_>> {
    records.iter().filter_map(|r| {
        let id = r.value.id();
        let stem = stem_of(r.rel());
        if stem == Some(id.as_str()) || id.kind() != Some(T::KIND) {
            return None;
        }
        let named = stem.and_then(|s| Id::parse(s).ok());
        (named.as_ref() != Some(id)).then(|| IdUse {
            id,
            rel: r.rel(),
            file: r.file(),
            in_text: true,
            line: locate::line_of(&r.text(), "id"),
        })
    })
}

/// What a walk found: record files in order, and the entries it could not use.
#[derive(Default)]
pub(super) struct Walked {
    files: Vec<RecordFile>,
    problems: Vec<Finding>,
    /// Temporary files an interrupted write left behind (`.risk-*.tmp`).
    leftovers: Vec<PathBuf>,
}

impl Walked {
    fn append(&mut self, mut other: Walked) {
        self.files.append(&mut other.files);
        self.problems.append(&mut other.problems);
        self.leftovers.append(&mut other.leftovers);
    }
}

/// A depth-first walk of one kind's folder, entries sorted by name, sub-folders in parallel.
struct Walker<'a> {
    store: &'a Store,
    kind: Kind,
    canonical_root: &'a Path,
}

impl Walker<'_> {
    fn dir(&self, dir: &Path, rel: PathBuf, out: &mut Walked) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(_) if !self.kind.owns_file("") => return,
            Err(e) => {
                let problem = self
                    .store
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
                        .store
                        .problem(dir, None, format!("cannot be read: {e}"));
                    out.problems.push(problem);
                }
            }
        }
        // By name, as bytes: the first sixteen, read as one number, settle nearly every pair.
        let mut names: Vec<_> = names
            .into_iter()
            .map(|(name, file_type)| (name_prefix(&name), name, file_type))
            .collect();
        names.par_sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        // One `Walked` per run of up to 256 entries, not per entry, and one per folder, so
        // that folders are walked side by side; the parts come back in order.
        let mut runs = Vec::new();
        let mut start = 0;
        for (i, (_, _, file_type)) in names.iter().enumerate() {
            if file_type.is_dir() || i - start == 256 {
                runs.extend((start < i).then_some(start..i));
                start = i;
            }
            if file_type.is_dir() {
                runs.push(i..i + 1);
                start = i + 1;
            }
        }
        runs.extend((start < names.len()).then_some(start..names.len()));
        let parts: Vec<Walked> = runs
            .into_par_iter()
            .map(|run| {
                let mut part = Walked::default();
                for (_, name, file_type) in &names[run] {
                    self.entry(dir, &rel, Path::new(name), *file_type, &mut part);
                }
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
        let (stem, extension) = match name.to_str() {
            Some(name) => stem_and_extension(name),
            None => ("", None), // not UTF-8: neither a record file nor a leftover
        };
        let record_file = is_record_name(extension);
        if !self.kind.owns_file(if record_file { stem } else { "" }) {
            return; // another kind's file in a shared folder (`analyses/`)
        }
        if !record_file {
            if file_type.is_file() && is_leftover(name) {
                out.leftovers.push(rel.join(name));
            }
            return;
        }
        if !file_type.is_file() && !file_type.is_symlink() {
            let message = "is not a regular file (a FIFO, socket or device); not read".to_string();
            out.problems
                .push(self.store.problem(&dir.join(name), None, message));
            return;
        }
        if file_type.is_symlink() {
            let path = dir.join(name);
            let message = match path.canonicalize() {
                Ok(target) if target.starts_with(self.canonical_root) && target.is_file() => None,
                Ok(target) if target.starts_with(self.canonical_root) => {
                    Some("is a link to a folder; not followed".to_string())
                }
                Ok(_) => Some("is a link to a file outside the register; not read".to_string()),
                Err(e) => Some(format!("is a broken or looping link: {e}")),
            };
            if let Some(message) = message {
                out.problems.push(self.store.problem(&path, None, message));
                return;
            }
        }
        let id = Id::parse(stem).ok();
        let file = match (rel.to_str(), name.to_str()) {
            // The path as shown and the relative path, made at once in one string (the relative
            // path is its end): `Path::join` and `display_path` give these bytes.
            (Some(folder), Some(name)) if !folder.is_empty() && !folder.ends_with('/') => {
                let (file, rel_at) = self.store.display_path_of(&[folder, name]);
                RecordFile::ending_in_rel(self.kind, id, file, rel_at)
            }
            _ => {
                let rel = rel.join(name);
                let file = self.store.display_path(&rel);
                RecordFile::new(self.kind, id, file, rel)
            }
        };
        out.files.push(file);
    }
}

/// The record files of a kind's folder as loading lists them, and what could not be listed.
pub(super) fn list(store: &Store, kind: Kind) -> (Vec<RecordFile>, Vec<Finding>) {
    let walked = store.walk(kind);
    (walked.files, walked.problems)
}

/// The record file at `rel` (inside `kind`'s folder) as a walk of the folder would list it:
/// nothing when there is none (or a folder on the way is a link, which a walk does not follow).
pub(super) fn file_at(store: &Store, kind: Kind, rel: &Path) -> (Vec<RecordFile>, Vec<Finding>) {
    let (Some(parent), Some(name)) = (rel.parent(), rel.file_name()) else {
        return Default::default();
    };
    let mut dir = store.root.clone();
    for (depth, part) in parent.components().enumerate() {
        dir.push(part);
        let Ok(meta) = std::fs::symlink_metadata(&dir) else {
            return Default::default();
        };
        // The kind's folder may be a link that stays inside the register; no folder below it.
        let inside = || {
            let root = store.root.canonicalize();
            dir.canonicalize()
                .is_ok_and(|t| t.is_dir() && root.is_ok_and(|r| t.starts_with(r)))
        };
        if !(meta.is_dir() || depth == 0 && meta.file_type().is_symlink() && inside()) {
            return Default::default();
        }
    }
    let Ok(meta) = std::fs::symlink_metadata(dir.join(name)) else {
        return Default::default();
    };
    let canonical_root = store
        .root
        .canonicalize()
        .unwrap_or_else(|_| store.root.clone());
    let walker = Walker {
        store,
        kind,
        canonical_root: &canonical_root,
    };
    let mut out = Walked::default();
    walker.entry(&dir, parent, Path::new(name), meta.file_type(), &mut out);
    (out.files, out.problems)
}

/// What reading one record file gave: the record, when it parsed and validated, and what is
/// wrong with the file. A record whose `id:` is not its file name is kept, with an
/// `id-mismatch`, so every other rule still runs on it (under its `id:`); one that does not
/// parse or validate is not.
pub struct Loaded<T> {
    pub record: Option<Record<T>>,
    pub findings: Vec<Finding>,
    /// The text of a file that was read but did not parse as a record, for `risk edit` to
    /// open it in the editor ([`read_unvalidated`] keeps it; None otherwise).
    pub unparsed: Option<String>,
}

/// The `parse` finding of a record file that could not be read or parsed, at the line and key
/// given, if any.
fn parse_finding(
    file: &RecordFile,
    line: Option<usize>,
    key: Option<String>,
    message: String,
) -> Finding {
    Finding::error(
        "parse",
        file.id.as_ref().map(Id::to_string),
        Located {
            file: file.file().to_string(),
            line,
            key,
            message,
        },
    )
}

impl<T> Loaded<T> {
    fn failed(findings: Vec<Finding>) -> Loaded<T> {
        Loaded {
            record: None,
            findings,
            unparsed: None,
        }
    }
}

pub(super) fn read_one<T: Loadable>(
    root: &Path,
    file: &RecordFile,
    settings: &Settings,
    given: Option<Vec<u8>>,
) -> Loaded<T> {
    let mut read = read_unvalidated::<T>(root, file, given);
    read.unparsed = None;
    if let Some(record) = &read.record {
        let problems = invalid(record, settings);
        if !problems.is_empty() {
            read.findings.extend(problems);
            read.record = None;
        }
    }
    read
}

/// What is wrong with a record that parsed: its values checked against the settings, each
/// problem at its line in the record's text (none for a valid record).
pub(super) fn invalid<T: Loadable>(record: &Record<T>, settings: &Settings) -> Vec<Finding> {
    let problems = record.value.validate(settings);
    if problems.is_empty() {
        return Vec::new();
    }
    let id = record.value.id().to_string();
    located(record.file(), &record.text(), problems)
        .into_iter()
        .map(|at| Finding::error("parse", Some(id.clone()), at))
        .collect()
}

/// Reads one record file as [`read_one`] does, but without checking its values against the
/// settings ([`invalid`] does that): a record that parses is kept even when it is invalid, for
/// `risk edit` to repair it. The findings are those of reading and parsing it, and of its id;
/// the text of a file that does not parse is kept too.
pub(super) fn read_unvalidated<T: Loadable>(
    root: &Path,
    file: &RecordFile,
    given: Option<Vec<u8>>,
) -> Loaded<T> {
    let fail = |line: Option<usize>, key: Option<String>, message: String| {
        Loaded::failed(vec![parse_finding(file, line, key, message)])
    };
    let bytes = match given {
        Some(bytes) => match too_large(bytes.len() as u64) {
            Some(why) => return fail(None, None, why),
            None => bytes,
        },
        None => match read_listed(&root.join(file.rel())) {
            Ok(bytes) => bytes,
            Err(why) => return fail(None, None, why),
        },
    };
    let text = match decode_owned(bytes) {
        Ok(text) => text,
        Err(why) => return fail(None, None, why),
    };
    if is_blank(&text) {
        return fail(
            None,
            None,
            format!("is empty; a {} needs at least id and title", T::KIND.name()),
        );
    }
    let (value, keys) = match codec::read_keyed::<T>(&text) {
        Ok(read) => read,
        Err(e) => {
            let mut failed = fail(e.line, e.key, e.message);
            failed.unparsed = Some(text);
            return failed;
        }
    };
    let stem = stem_of(file.rel()).unwrap_or("");
    let id = value.id();
    let mismatch = |message: String| {
        Finding::error(
            "id-mismatch",
            Some(id.to_string()),
            Located {
                file: file.file().to_string(),
                line: locate::line_of(&text, "id"),
                key: Some("id".into()),
                message,
            },
        )
    };
    let mut findings = Vec::new();
    if id.kind() != Some(T::KIND) {
        // It parsed as the folder's kind, so it is checked as one, under the id it gives.
        findings.push(mismatch(format!(
            "`{id}` is not a {} id, but the file is under {}/ (expected {}-NNNN)",
            T::KIND.name(),
            T::KIND.dir(),
            T::KIND.prefix()
        )));
    } else if id.as_str() != stem {
        findings.push(mismatch(format!(
            "is `{id}` but the file is named `{stem}`; rename the file or fix the id"
        )));
    }
    Loaded {
        record: Some(
            Record::at(value, file.path.clone(), text, keys.is_some())
                .keyed(keys.unwrap_or_default()),
        ),
        findings,
        unparsed: None,
    }
}

/// Parses one record from its file's bytes exactly as loading does (`risk diff` reads them from git).
pub fn parse_record<T: Loadable>(
    file: &RecordFile,
    bytes: Vec<u8>,
    settings: &Settings,
) -> Loaded<T> {
    read_one(Path::new(""), file, settings, Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn names_sort_by_prefix_then_bytes_as_by_bytes(
            a in "[\\x00ab.-]{0,20}", b in "[\\x00ab.-]{0,20}"
        ) {
            let (a, b) = (std::ffi::OsStr::new(&a), std::ffi::OsStr::new(&b));
            proptest::prop_assert_eq!((name_prefix(a), a).cmp(&(name_prefix(b), b)), a.cmp(b));
        }
    }

    #[test]
    fn a_file_is_read_whole_at_every_size_around_the_buffer_and_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let limit = MAX_RECORD_BYTES as usize;
        for len in [
            0,
            1,
            400,
            65_535,
            65_536,
            65_537,
            200_000,
            limit,
            limit + 1,
            3 * limit,
        ] {
            let path = dir.path().join(format!("{len}.yaml"));
            let bytes: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            let read = read_unmeasured(std::fs::File::open(&path).unwrap());
            if len <= limit {
                assert_eq!(read.as_deref(), Ok(&bytes[..]), "{len} bytes");
            } else {
                // Measured before the rest is read: the size in the message is the file's.
                assert_eq!(read, Err(too_large(len as u64).unwrap()), "{len} bytes");
            }
        }
    }
}
