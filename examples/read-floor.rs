//! The byte-read floor of `risk check`: list a register's record folders and read every file
//! in parallel, parsing nothing, on as many threads as `risk` uses. `benches/ratios.sh` runs it
//! beside `risk check` on the same files.
//!
//! ```sh
//! cargo run --release --example read-floor -- /tmp/risk-bench/big/register
//! ```

use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&entry.path(), out),
            Ok(_) => out.push(entry.path()),
            Err(_) => {}
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).expect("usage: read-floor REGISTER"));
    let dirs = ["risks", "incidents", "claims"];
    let files: Vec<PathBuf> = dirs
        .par_iter()
        .flat_map_iter(|dir| {
            let mut out = Vec::new();
            walk(&root.join(dir), &mut out);
            out
        })
        .collect();
    let bytes: usize = files
        .par_iter()
        .map(|f| std::fs::read(f).map_or(0, |b| b.len()))
        .sum();
    println!("{} files, {bytes} bytes", files.len());
}
