//! `risk incident notice`: a customer notice from `templates/notice.md` or the built-in
//! template. It prints the text; it sends nothing (DESIGN 6.6).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::{Ctx, parse_id};
use crate::model::Kind;
use crate::ops;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The incident's id, e.g. INC-0001
    pub id: String,
    /// A template file [default: templates/notice.md in the register, else the built-in one]
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let id = parse_id(&args.id)?;
    if id.kind() != Some(Kind::Incident) {
        bail!("`{id}` is not an incident id (expected INC-NNNN)");
    }
    let store = ctx.store()?;
    let register = ctx.open(&[Kind::Incident])?;
    register.incident(&id)?;
    let template = match &args.template {
        // A file the person named: theirs to choose.
        Some(path) => Some((
            path.display().to_string(),
            std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read the template", path.display()))?,
        )),
        // The register's own template follows the rules of the register's files: inside it.
        None => {
            let rel = Path::new("templates/notice.md");
            store
                .read_extra(rel)?
                .map(|text| (register.display_path(rel), text))
        }
    };
    let template = template.as_ref().map(|(f, t)| (f.as_str(), t.as_str()));
    let notice = ops::notice::notice(&register, &id, template)?;
    ctx.print(&crate::output::escape::terminal(&notice))?;
    Ok(ExitCode::SUCCESS)
}
