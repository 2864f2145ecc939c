//! `risk schema`: the JSON Schema of a record file, for editors and other tools.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::Ctx;
use crate::output::schema::{SchemaKind, json_schema};
use crate::register::atomic::replace;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which file the schema describes
    #[arg(value_enum, default_value = "risk")]
    pub kind: SchemaKind,
    /// Write every schema into this folder (`risk.schema.json`, ...) instead of printing one
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let Some(dir) = args.out else {
        ctx.print(&json_schema(args.kind)?)?;
        return Ok(ExitCode::SUCCESS);
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for kind in SchemaKind::ALL {
        let path = dir.join(kind.file_name());
        let text = json_schema(kind)?;
        if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
            continue;
        }
        replace(&path, text.as_bytes())
            .with_context(|| format!("{}: cannot write", path.display()))?;
        ctx.say(&format!("Wrote {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
