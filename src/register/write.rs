//! Atomic writes: a temporary file in the same folder, fsync, then rename into place.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use tempfile::NamedTempFile;

fn temp_beside(path: &Path, contents: &[u8], sync: bool) -> io::Result<NamedTempFile> {
    let dir = path.parent().unwrap_or(Path::new("."));
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

fn sync_dir(path: &Path) {
    // Makes the rename itself durable; a failure here cannot undo the write, so it is ignored.
    if let Some(dir) = path.parent()
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
}

/// Replaces `path` with `contents` atomically: readers see the old file or the new, never a mix.
pub fn replace(path: &Path, contents: &[u8]) -> io::Result<()> {
    let temp = temp_beside(path, contents, true)?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(path);
    Ok(())
}

/// Creates `path` with `contents` unless it exists; returns false when it does.
pub fn create_new(path: &Path, contents: &[u8]) -> io::Result<bool> {
    let created = create_new_unsynced(path, contents, true)?;
    if created {
        sync_dir(path);
    }
    Ok(created)
}

/// Creates `path` unless it exists (false then); with `sync` false the caller makes many new
/// files durable together (a mass event's claims).
pub(crate) fn create_new_unsynced(path: &Path, contents: &[u8], sync: bool) -> io::Result<bool> {
    let temp = temp_beside(path, contents, sync)?;
    match temp.persist_noclobber(path) {
        Ok(_) => Ok(true),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e.error),
    }
}
