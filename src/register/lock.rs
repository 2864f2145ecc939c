//! The register's advisory lock: held by a changing command from its read to its write, so
//! two commands never lose each other's work and limits that span records hold.

use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::error::Error;

/// How long a command waits for another one to finish changing the register.
const WAIT: Duration = Duration::from_secs(30);

/// An exclusive lock on the register folder itself (no lock file to commit or clean up);
/// released when dropped, or by the kernel when the process dies.
#[derive(Debug)]
pub struct Lock {
    _folder: File,
}

impl Lock {
    /// Takes the lock, waiting while another `risk` holds it, up to [`WAIT`].
    pub fn take(root: &Path, shown: &str) -> Result<Lock> {
        let folder = File::open(root).map_err(|e| {
            Error::environment(format!("{shown}: cannot be opened to lock it: {e}"))
        })?;
        let started = Instant::now();
        loop {
            match folder.try_lock() {
                Ok(()) => return Ok(Lock { _folder: folder }),
                Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < WAIT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::environment(format!(
                        "{shown}: another `risk` command has been changing the register for {} s; \
                         nothing was written",
                        WAIT.as_secs()
                    ))
                    .with_hint("run the command again when the other one has finished")
                    .into());
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(
                        Error::environment(format!("{shown}: cannot be locked: {e}")).into(),
                    );
                }
            }
        }
    }
}
