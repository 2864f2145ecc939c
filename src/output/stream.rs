//! Output written as it is made: CSV and Markdown rows and JSON go to a writer one row at a
//! time, so a large export or check needs no second copy of itself in memory.

use std::cell::RefCell;
use std::io::{self, Write};

use anyhow::Result;
use serde::{Serialize, Serializer};

use super::{Format, Palette, escape, plain};

/// A writer that keeps any line of its output from being taken for a CI workflow command, as
/// [`escape::workflow_commands`] does for a whole text: it passes whole lines on, escaped.
pub struct Escaped<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Escaped<W> {
    pub fn new(inner: W) -> Self {
        Escaped {
            inner,
            pending: Vec::new(),
        }
    }

    /// Everything written, escaped, once the rest is passed on.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.flush()?;
        Ok(self.inner)
    }

    fn pass(&mut self, upto: usize) -> io::Result<()> {
        // Whole lines (or the whole output) end on a character boundary.
        let text = std::str::from_utf8(&self.pending[..upto])
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        self.inner
            .write_all(escape::workflow_commands(text).as_bytes())?;
        self.pending.drain(..upto);
        Ok(())
    }
}

impl<W: Write> Write for Escaped<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= 64 * 1024
            && let Some(end) = self.pending.iter().rposition(|b| *b == b'\n')
        {
            self.pass(end + 1)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.pass(self.pending.len())?;
        self.inner.flush()
    }
}

/// A sequence serialized from an iterator, once, without collecting it first.
struct Seq<I>(RefCell<Option<I>>);

impl<I> Serialize for Seq<I>
where
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items = self.0.borrow_mut().take();
        serializer.collect_seq(items.into_iter().flatten())
    }
}

/// Writes a value as [`super::json`] renders it, straight to `out`.
pub fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| match e.is_io() {
        // The write's own error, so a closed pipe (`risk export | head`) is seen as one.
        true => anyhow::Error::from(io::Error::from(e)),
        false => e.into(),
    })?;
    out.write_all(b"\n")?;
    Ok(())
}

/// A CSV error as the write error it wraps, so a closed pipe is seen as one.
fn csv_error(e: csv::Error) -> anyhow::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e.into(),
        kind => anyhow::anyhow!("cannot write CSV: {kind:?}"),
    }
}

/// Writes rows as [`super::rows`] renders them, each made only when it is written: JSON as
/// one array, CSV and Markdown line by line. A table takes the width of its widest cell, so
/// it is rendered whole.
pub fn rows<T, I>(out: &mut dyn Write, rows: I, format: Format, palette: &Palette) -> Result<()>
where
    T: Serialize,
    I: IntoIterator<Item = T>,
{
    let mut rows = rows.into_iter().peekable();
    if format == Format::Json {
        return json(out, &Seq(RefCell::new(Some(rows))));
    }
    let first = match rows.peek() {
        Some(first) if matches!(format, Format::Csv | Format::Md) => super::objects(&[first])?,
        _ => {
            let all: Vec<T> = rows.collect();
            out.write_all(super::rows(&all, format, palette)?.as_bytes())?;
            return Ok(());
        }
    };
    let header: Vec<String> = first[0].keys().cloned().collect();
    drop(first);
    if format == Format::Csv {
        let mut writer = csv::Writer::from_writer(&mut *out);
        writer.write_record(&header).map_err(csv_error)?;
        for row in rows {
            let object = &super::objects(&[row])?[0];
            writer
                .write_record(
                    header
                        .iter()
                        .map(|key| escape::csv_cell(&plain(&object[key], "")).into_owned()),
                )
                .map_err(csv_error)?;
        }
        writer.flush()?;
        return Ok(());
    }
    write!(
        out,
        "| {} |\n|{}\n",
        header.join(" | "),
        "---|".repeat(header.len())
    )?;
    for row in rows {
        let object = &super::objects(&[row])?[0];
        let cells: Vec<String> = header
            .iter()
            .map(|k| escape::markdown(&plain(&object[k], "-")))
            .collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}
