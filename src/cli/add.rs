//! `risk add`: a new risk from flags, with prompts for what is missing on a terminal.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use indexmap::IndexMap;

use super::{Ctx, prompt, split_list};
use crate::check::needs_contingency;
use crate::error::{Error, Located};
use crate::model::analysis::Factor;
use crate::model::control::Control;
use crate::model::risk::{Acceptance, Fmea, Impact, Loss, Review, Target, Treatment};
use crate::model::{Kind, Risk, Settings};
use crate::model::{Money, Probability};
use crate::ops;
use crate::output::escape;
use crate::rating::{self, matrix};

#[derive(Clone, Debug, clap::Args)]
pub struct Args {
    /// What could go wrong, in one line
    #[arg(long)]
    pub title: Option<String>,
    /// More detail: causes, who is affected, how
    #[arg(long)]
    pub description: Option<String>,
    /// Stage of the customer journey (settings `stages`)
    #[arg(long)]
    pub stage: Option<String>,
    /// Category (settings `categories`)
    #[arg(long)]
    pub category: Option<String>,
    /// Harms to customers, comma-separated (settings `harms`)
    #[arg(long, value_name = "HARM,...")]
    pub harms: Option<String>,
    /// PESTLE factors behind the risk, comma-separated (political, economic, social,
    /// technological, legal, environmental)
    #[arg(long, value_name = "FACTOR,...")]
    pub pestle: Option<String>,
    /// The person or team that owns the risk
    #[arg(long)]
    pub owner: Option<String>,
    /// Likelihood level, 1..n of the likelihood scale
    #[arg(long, short = 'l')]
    pub likelihood: Option<u8>,
    /// Impact: one level (`4`) or levels per dimension (`financial=4,reputational=3`)
    #[arg(long, short = 'i', value_name = "LEVEL|DIM=LEVEL,...")]
    pub impact: Option<String>,
    /// Target rating after planned actions, as LIKELIHOOD,IMPACT (e.g. `2,3`)
    #[arg(long, value_name = "L,I")]
    pub target: Option<String>,
    /// Inherent rating before any control, as LIKELIHOOD,IMPACT (e.g. `4,5`)
    #[arg(long, value_name = "L,I")]
    pub inherent: Option<String>,
    /// The risk's own loss estimate, as SINGLE_LOSS,PER_YEAR (e.g. `250000.00,0.3`); without it
    /// the settings' `quantification` tables give the annual loss expectancy
    #[arg(long, value_name = "AMOUNT,PROBABILITY")]
    pub loss: Option<String>,
    /// FMEA severity 1..10
    #[arg(long, requires_all = ["occurrence", "detection"])]
    pub severity: Option<u8>,
    /// FMEA occurrence 1..10
    #[arg(long, requires_all = ["severity", "detection"])]
    pub occurrence: Option<u8>,
    /// FMEA detection 1..10 (10: the failure is unlikely to be caught)
    #[arg(long, requires_all = ["severity", "occurrence"])]
    pub detection: Option<u8>,
    /// FMEA failure mode
    #[arg(long)]
    pub failure_mode: Option<String>,
    /// FMEA effect on the customer
    #[arg(long)]
    pub effect: Option<String>,
    /// FMEA cause
    #[arg(long)]
    pub cause: Option<String>,
    /// A control already in place (repeat for more)
    #[arg(long = "control", value_name = "TEXT")]
    pub controls: Vec<String>,
    /// A step of the contingency plan (repeat for more)
    #[arg(long = "contingency", value_name = "TEXT")]
    pub contingency: Vec<String>,
    /// Treatment: avoid, reduce, transfer or accept
    #[arg(long, value_parser = ["avoid", "reduce", "transfer", "accept"])]
    pub treatment: Option<String>,
    /// Who accepted the risk (with `--treatment accept`)
    #[arg(long, value_name = "HANDLE")]
    pub accepted_by: Option<String>,
    /// Until when the acceptance holds (with `--treatment accept`)
    #[arg(long, value_name = "DATE", requires = "accepted_by", value_parser = crate::cli::dates::parse_date)]
    pub accepted_until: Option<NaiveDate>,
    /// Why the risk is accepted (with `--treatment accept`)
    #[arg(long, value_name = "TEXT", requires = "accepted_by")]
    pub acceptance_reason: Option<String>,
    /// Customers have been told of this risk
    #[arg(long)]
    pub customers_informed: bool,
    /// Staff have been briefed on this risk
    #[arg(long)]
    pub staff_briefed: bool,
    /// The date of the last review
    #[arg(long, value_name = "DATE", value_parser = crate::cli::dates::parse_date)]
    pub reviewed: Option<NaiveDate>,
    /// When the risk was identified [default: today]
    #[arg(long, value_parser = crate::cli::dates::parse_date)]
    pub identified: Option<NaiveDate>,
    /// Review this risk every N days instead of its band's interval
    #[arg(long, value_name = "DAYS")]
    pub review_every: Option<u32>,
    /// Free text
    #[arg(long)]
    pub notes: Option<String>,
}

pub fn run(ctx: &Ctx, mut args: Args) -> Result<ExitCode> {
    let store = ctx.store()?;
    let register = store.settings()?;
    let settings = &register.settings;
    // Flags first: a bad flag stops the command before anyone is asked anything.
    checked(settings, &args, ctx.today)?;
    if ctx.interactive() {
        prompt_missing(settings, &mut args, ctx.today)?;
    }
    let missing: Vec<&str> = [
        ("--title", args.title.is_none()),
        ("--likelihood", args.likelihood.is_none()),
        ("--impact", args.impact.is_none()),
    ]
    .into_iter()
    .filter_map(|(flag, missing)| missing.then_some(flag))
    .collect();
    if !missing.is_empty() {
        bail!(
            "missing {} (stdin is not a terminal, or --no-input was given, so nothing was asked)",
            missing.join(", ")
        );
    }
    let template = checked(settings, &args, ctx.today)?;
    let tx = store.begin_with(&[], &[Kind::Risk])?;
    let outcome = ops::risk::add(tx.snapshot(), &template)?;
    tx.finish(&outcome.changes)?;
    let (id, file) = outcome.report;
    let rating = rating::current(settings, &template);
    ctx.say(&format!(
        "Added {id}: {} (score {}, {}) in {file}",
        template.title, rating.score, rating.band
    ))?;
    if ctx.global.quiet {
        ctx.print(&format!("{id}\n"))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The risk the flags (and answers so far) describe, validated as `risk check` would read it;
/// what is still missing is stood in for by a valid placeholder, so that flags can be checked
/// before any prompt and each answer where it is typed. Errors name the flag.
fn checked(settings: &Settings, args: &Args, today: NaiveDate) -> Result<Risk> {
    if args.treatment.as_deref() == Some("accept") && args.accepted_by.is_none() {
        bail!(
            "--treatment accept needs --accepted-by (and ideally --accepted-until and --acceptance-reason)"
        );
    }
    let mut filled = args.clone();
    filled.title.get_or_insert_with(|| "-".into());
    filled.likelihood.get_or_insert(1);
    filled.impact.get_or_insert_with(|| "1".into());
    let risk = build(settings, &filled, today)?;
    let problems = risk.validate(settings);
    if !problems.is_empty() {
        // Name the flag that carried each bad value.
        let problems = problems
            .into_iter()
            .map(|p| {
                let (field, rest) = p.key.split_once('.').unwrap_or((&p.key, ""));
                let field = field.split('[').next().unwrap_or(field).replace('_', "-");
                Located {
                    file: "risk add".into(),
                    line: None,
                    key: Some(if rest.is_empty() {
                        format!("--{field}")
                    } else {
                        format!("--{field} {rest}")
                    }),
                    message: p.message,
                }
            })
            .collect();
        return Err(Error::input(problems).into());
    }
    Ok(risk)
}

/// Why a prompted answer is refused, as one line under the prompt.
fn refusal(settings: &Settings, args: &Args, today: NaiveDate) -> Result<(), String> {
    checked(settings, args, today).map(|_| ()).map_err(|e| {
        let text = e.to_string();
        text.lines()
            .map(|l| l.strip_prefix("risk add: ").unwrap_or(l))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// The risk the flags describe, with a placeholder id that `create` replaces.
fn build(settings: &Settings, args: &Args, today: NaiveDate) -> Result<Risk> {
    let impact = parse_impact(args.impact.as_deref().unwrap_or_default(), settings)?;
    let inherent = match &args.inherent {
        Some(text) => {
            let (l, i) = text
                .split_once(',')
                .and_then(|(l, i)| Some((l.trim().parse().ok()?, i.trim().parse().ok()?)))
                .with_context(|| {
                    format!("--inherent `{text}`: expected LIKELIHOOD,IMPACT such as 4,5")
                })?;
            Some(Target {
                likelihood: l,
                impact: i,
                loss: None,
            })
        }
        None => None,
    };
    let loss = match &args.loss {
        Some(text) => {
            let (single, per_year) = text.split_once(',').with_context(|| {
                format!("--loss `{text}`: expected SINGLE_LOSS,PER_YEAR such as 250000.00,0.3")
            })?;
            Some(Loss {
                single: Money::parse(single.trim()).map_err(|e| anyhow::anyhow!("--loss: {e}"))?,
                per_year: Probability::parse(per_year.trim())
                    .map_err(|e| anyhow::anyhow!("--loss: {e}"))?,
            })
        }
        None => None,
    };
    let target = match &args.target {
        Some(text) => {
            let (l, i) = text
                .split_once(',')
                .and_then(|(l, i)| Some((l.trim().parse().ok()?, i.trim().parse().ok()?)))
                .with_context(|| {
                    format!("--target `{text}`: expected LIKELIHOOD,IMPACT such as 2,3")
                })?;
            Some(Target {
                likelihood: l,
                impact: i,
                loss: None,
            })
        }
        None => None,
    };
    let fmea = match (args.severity, args.occurrence, args.detection) {
        (Some(severity), Some(occurrence), Some(detection)) => Some(Fmea {
            failure_mode: args.failure_mode.clone(),
            effect: args.effect.clone(),
            cause: args.cause.clone(),
            severity,
            occurrence,
            detection,
        }),
        _ => None,
    };
    let treatment = match args.treatment.as_deref() {
        Some("avoid") => Some(Treatment::Avoid),
        Some("reduce") => Some(Treatment::Reduce),
        Some("transfer") => Some(Treatment::Transfer),
        Some("accept") => Some(Treatment::Accept),
        _ => None,
    };
    Ok(Risk {
        id: crate::model::Id::new(Kind::Risk, 0),
        reference: None,
        title: args.title.clone().unwrap_or_default().trim().to_string(),
        description: args.description.clone(),
        stage: args.stage.clone(),
        category: args.category.clone(),
        harms: args.harms.as_deref().map(split_list).unwrap_or_default(),
        pestle: args
            .pestle
            .as_deref()
            .map(split_list)
            .unwrap_or_default()
            .iter()
            .map(|f| Factor::parse(f))
            .collect::<Result<_, String>>()
            .map_err(|message| {
                Error::input(vec![Located {
                    file: "risk add".into(),
                    line: None,
                    key: Some("--pestle".into()),
                    message,
                }])
            })?,
        owner: args.owner.clone().filter(|o| !o.trim().is_empty()),
        status: None,
        closed: None,
        identified: Some(args.identified.unwrap_or(today)),
        likelihood: args.likelihood.unwrap_or_default(),
        impact,
        inherent,
        target,
        loss,
        fmea,
        controls: args.controls.iter().cloned().map(Control::Plain).collect(),
        contingency: args.contingency.clone(),
        treatment,
        acceptance: args.accepted_by.as_ref().map(|by| Acceptance {
            by: by.clone(),
            on: today,
            until: args.accepted_until,
            reason: args.acceptance_reason.clone(),
            rating: None,
        }),
        actions: Vec::new(),
        customers_informed: args.customers_informed.then_some(true),
        staff_briefed: args.staff_briefed.then_some(true),
        review: (args.reviewed.is_some() || args.review_every.is_some()).then_some(Review {
            last: args.reviewed,
            every_days: args.review_every,
        }),
        notes: args.notes.clone(),
    })
}

/// `4` is one level; `financial=4,reputational=3` is a level per dimension.
pub fn parse_impact(text: &str, settings: &Settings) -> Result<Impact> {
    let text = text.trim();
    if let Ok(level) = text.parse::<u8>() {
        return Ok(Impact::Level(level));
    }
    let mut map = IndexMap::new();
    for part in split_list(text) {
        let (dim, level) = part
            .split_once('=')
            .and_then(|(d, l)| Some((d.trim().to_string(), l.trim().parse::<u8>().ok()?)))
            .with_context(|| {
                format!(
                    "--impact `{text}`: expected a level (4) or DIMENSION=LEVEL pairs such as {}=4",
                    settings.impact_dimensions[0]
                )
            })?;
        map.insert(dim, level);
    }
    // Canonical order: the order of settings.impact_dimensions.
    map.sort_by_cached_key(|dim, _| {
        settings
            .impact_dimensions
            .iter()
            .position(|d| d == dim)
            .unwrap_or(usize::MAX)
    });
    Ok(Impact::Dimensions(map))
}

/// Asks for what the flags left out, each answer checked as the flag would be. The owner is
/// asked as required when the rating needs one (`owner_required_from`), and a contingency plan
/// when the impact is in the top two levels (the `owner-required` and `contingency` rules).
fn prompt_missing(settings: &Settings, args: &mut Args, today: NaiveDate) -> Result<()> {
    if args.title.is_none() {
        let title = prompt::text("Title", |text| {
            let mut tried = args.clone();
            tried.title = Some(text.to_string());
            refusal(settings, &tried, today)
        })?;
        args.title = Some(title);
    }
    if args.stage.is_none() && !settings.stages.is_empty() {
        let i = prompt::choose("Stage of the customer journey", &settings.stages, 0)?;
        args.stage = Some(settings.stages[i].clone());
    }
    if args.category.is_none() && !settings.categories.is_empty() {
        let i = prompt::choose("Category", &settings.categories, 0)?;
        args.category = Some(settings.categories[i].clone());
    }
    if args.likelihood.is_none() {
        let labels = numbered(&settings.scales.likelihood);
        let i = prompt::choose("Likelihood", &labels, 2)?;
        args.likelihood = Some(i as u8 + 1);
    }
    if args.impact.is_none() {
        let labels = numbered(&settings.scales.impact);
        let i = prompt::choose("Impact", &labels, 2)?;
        args.impact = Some((i + 1).to_string());
    }
    let risk = checked(settings, args, today)?;
    let rating = rating::current(settings, &risk);
    let owner_needed = matrix::at_or_above(settings, &rating.band, &settings.owner_required_from);
    if args.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
        args.owner = if owner_needed {
            Some(prompt::needed(
                &format!(
                    "Owner (required: band {} needs an owner)",
                    escape::terminal_line(&rating.band)
                ),
                &format!(
                    "a risk rated {} or above needs an owner (owner_required_from in register.yaml)",
                    escape::terminal_line(&settings.owner_required_from)
                ),
                |_| Ok(()),
            )?)
        } else {
            prompt::optional("Owner (blank for none)", |_| Ok(()))?
        };
    }
    let impact = risk.impact.overall();
    if args.contingency.is_empty() && needs_contingency(settings, impact) {
        let label = settings
            .scales
            .impact
            .get(usize::from(impact).saturating_sub(1))
            .map(|l| escape::terminal_line(l).into_owned())
            .unwrap_or_default();
        let mut step = 1;
        while let Some(text) = prompt::optional(
            &if step == 1 {
                format!(
                    "Contingency plan, step 1: what to do if it happens (impact {impact} {label} is in the top two levels; blank for none)"
                )
            } else {
                format!("Contingency plan, step {step} (blank when done)")
            },
            |_| Ok(()),
        )? {
            args.contingency.push(text);
            step += 1;
        }
    }
    if args.inherent.is_none() {
        // DESIGN 10.2: the rating before any control, which risk teams record when they assess.
        args.inherent = prompt::optional(
            "Inherent rating before any control, as LIKELIHOOD,IMPACT (blank for none)",
            |text| {
                let mut tried = args.clone();
                tried.inherent = Some(text.to_string());
                refusal(settings, &tried, today)
            },
        )?;
    }
    Ok(())
}

fn numbered(labels: &[String]) -> Vec<String> {
    labels
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{} {l}", i + 1))
        .collect()
}
