//! Atomic files: a temporary file in the same folder, fsync, then rename into place, so a
//! reader sees the old file or the new, never a mix. Used by the register's writer and for
//! the files commands write outside it (`report --out`, `export --out`, `schema`).

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use tempfile::NamedTempFile;

/// Writes `contents` to a temporary file beside `path` (named `.risk-*.tmp`), keeping the mode
/// of the file it will replace.
pub(super) fn stage(path: &Path, contents: &[u8], sync: bool) -> io::Result<NamedTempFile> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".risk-")
        .suffix(".tmp")
        // rw-r--r-- less the umask, as git checks files out (a bare temporary file is rw-------).
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644))
        .tempfile_in(dir)?;
    if let Ok(existing) = std::fs::metadata(path) {
        temp.as_file().set_permissions(existing.permissions())?; // a rewrite keeps the mode
    }
    temp.write_all(contents)?;
    if sync {
        temp.as_file().sync_all()?;
    }
    Ok(temp)
}

/// Makes a rename in `folder` durable; a failure here cannot undo the write, so it is ignored.
pub(super) fn sync_folder(folder: &Path) {
    if let Ok(d) = File::open(folder) {
        let _ = d.sync_all();
    }
}

/// Replaces `path` with `contents` atomically: readers see the old file or the new, never a mix.
pub fn replace(path: &Path, contents: &[u8]) -> io::Result<()> {
    let temp = stage(path, contents, true)?;
    temp.persist(path).map_err(|e| e.error)?;
    if let Some(folder) = path.parent() {
        sync_folder(if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        });
    }
    Ok(())
}

/// Writes an output file (a report, an export, a schema) atomically, naming it in the error.
pub fn write_file(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context;
    replace(path, contents).with_context(|| format!("{}: cannot write", path.display()))
}

/// Syncs files from many threads at once: fsync waits on the disk, not the CPU, and concurrent
/// fsyncs share journal commits.
pub(super) fn sync_all(paths: &[&Path]) -> io::Result<()> {
    const THREADS: usize = 32;
    if paths.is_empty() {
        return Ok(());
    }
    if paths.len() == 1 {
        return File::open(paths[0])?.sync_all();
    }
    let chunk = paths.len().div_ceil(THREADS);
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || -> io::Result<()> {
                    for path in part {
                        File::open(path)?.sync_all()?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .unwrap_or_else(|_| Err(io::Error::other("a sync thread failed")))
        })
    })
}
