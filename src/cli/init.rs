//! `risk init`: a new register folder with settings and, optionally, sample risks.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::Ctx;
use crate::register::{Register, SETTINGS_FILE, create_new};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to create the register
    #[arg(default_value = "register")]
    pub dir: PathBuf,
    /// Add three sample risks to start from
    #[arg(long)]
    pub example: bool,
}

/// The settings a new register starts with: every default, written out to be edited.
const SETTINGS: &str = include_str!("init/register.yaml");

const EXAMPLES: [(&str, &str); 3] = [
    ("RISK-0001", include_str!("init/RISK-0001.yaml")),
    ("RISK-0002", include_str!("init/RISK-0002.yaml")),
    ("RISK-0003", include_str!("init/RISK-0003.yaml")),
];

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let dir = args.dir;
    if dir.join(SETTINGS_FILE).exists() {
        bail!(
            "{}: already a register ({SETTINGS_FILE} exists); nothing was changed",
            dir.display()
        );
    }
    for sub in ["risks", "incidents", "claims"] {
        std::fs::create_dir_all(dir.join(sub))
            .with_context(|| format!("cannot create {}/{sub}", dir.display()))?;
    }
    if !create_new(&dir.join(SETTINGS_FILE), SETTINGS.as_bytes())? {
        bail!("{}: already a register; nothing was changed", dir.display());
    }
    if args.example {
        let register = Register::open(&dir)?;
        for (id, text) in EXAMPLES {
            let rel = PathBuf::from("risks").join(format!("{id}.yaml"));
            if !create_new(&register.root.join(&rel), text.as_bytes())? {
                bail!("{}: already exists", register.display_path(&rel));
            }
        }
    }
    ctx.say(&format!(
        "Created a register in {}{}. Next: `risk add`, then `risk matrix`.",
        dir.display(),
        if args.example {
            " with three sample risks"
        } else {
            ""
        }
    ))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Risk, Settings};
    use crate::register::yaml;

    #[test]
    fn the_settings_template_is_the_defaults() {
        let settings: Settings = yaml::parse(SETTINGS).unwrap();
        assert_eq!(settings, Settings::default());
    }

    #[test]
    fn the_examples_are_valid_canonical_risks() {
        for (id, text) in EXAMPLES {
            let risk: Risk = yaml::parse(text).unwrap();
            assert_eq!(risk.id.as_str(), id);
            assert_eq!(risk.validate(&Settings::default()), vec![]);
            assert_eq!(
                yaml::to_string(&risk),
                text,
                "{id} is not in canonical form"
            );
        }
    }
}
