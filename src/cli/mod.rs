//! The command line: clap definitions, the shared context, and one file per command.

mod accept;
mod action;
mod add;
mod analysis;
mod at;
mod cba;
mod check;
mod claim;
mod claims;
mod completions;
mod control;
mod coverage;
pub mod dates;
mod diff;
mod edit;
mod examples;
mod export;
mod fmt;
mod history;
mod import;
mod incident;
mod init;
mod lessons;
mod list;
mod matrix;
mod overdue;
mod profile;
mod prompt;
mod rank;
mod read_past;
mod renumber;
mod report;
mod schema;
mod show;
mod show_model;
mod table_width;
mod todo;
mod trends;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};

use crate::model::{Id, Kind};
use crate::output::{Format, Palette, escape};
use crate::register::{Store, Transaction};
use crate::snapshot::Snapshot;

/// A customer-service risk register kept in git: risks, incidents and compensation claims,
/// one YAML file per record.
#[derive(Debug, Parser)]
#[command(name = "risk", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// The register folder [default: the nearest folder holding a register.yaml, or its `register/`]
    #[arg(
        short = 'R',
        long = "register",
        env = "RISK_REGISTER",
        global = true,
        value_name = "DIR"
    )]
    pub register: Option<PathBuf>,
    /// Treat this date as today (YYYY-MM-DD) [default: the local date]
    #[arg(long, env = "RISK_TODAY", global = true, value_name = "DATE", value_parser = crate::cli::dates::parse_date)]
    pub today: Option<NaiveDate>,
    /// When to colour the output (NO_COLOR is respected under `auto`)
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: ColorWhen,
    /// Never prompt; fail naming the missing flags instead
    #[arg(long, global = true)]
    pub no_input: bool,
    /// Print less: no confirmations, only results and errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Show every table column, uncut (tables otherwise fit the terminal or COLUMNS)
    #[arg(long, global = true)]
    pub wide: bool,
    /// Read the register as it was at this git revision (a commit, tag, branch, or
    /// `@{2026-06-30}` for the last commit on or before a day), before the command:
    /// `risk --at v1 list`; commands that read only. Not global, since `incident notify` and
    /// `incident resolve` have their own `--at TIME`
    #[arg(id = "at_rev", long = "at", value_name = "REV")]
    pub at: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run; boxing would only add noise
pub enum Command {
    /// Create a new register (optionally with sample records)
    Init(init::Args),
    /// Add a risk
    Add(add::Args),
    /// List risks with their ratings
    List(list::Args),
    /// Show one record with everything computed from it
    Show(show::Args),
    /// Change fields of a record: `--set key=value` (dotted keys, e.g. impact.financial=4)
    Edit(edit::EditArgs),
    /// Record that a risk was reviewed
    Review(edit::ReviewArgs),
    /// Close a risk, recording when and why: `closed: {on, reason}`
    Close(edit::CloseArgs),
    /// Reopen a closed risk
    Reopen(edit::ReopenArgs),
    /// Add an action to a record, or mark one done
    #[command(subcommand)]
    Action(action::Command),
    /// The likelihood × impact heat map
    Matrix(matrix::Args),
    /// Rank risks by FMEA action priority and RPN
    Rank(rank::Args),
    /// List actions, optionally only overdue ones or one owner's
    Actions(overdue::ActionsArgs),
    /// Everything past its due date
    Overdue(overdue::Args),
    /// One owner's open actions, reviews, control tests and claim deadlines, soonest first
    Todo(todo::Args),
    /// Check the register against its rules; exit 1 when an error is found
    Check(check::Args),
    /// Export records for spreadsheets and warehouses
    Export(export::Args),
    /// Import a register kept in a spreadsheet (CSV or XLSX): risks, actions or claims
    Import(import::Args),
    /// Write the board report: one self-contained HTML file with heat maps, charts and tables
    Report(report::Args),
    /// Stage × category grid of assessed risks, with the empty cells flagged
    Coverage(coverage::Args),
    /// What changed in the register between two git revisions, and what it means
    Diff(diff::Args),
    /// Rewrite records in canonical form (key order, block style, two-space indent)
    Fmt(fmt::Args),
    /// Give a record a new id (default: the next free one), renaming its file and every reference
    Renumber(renumber::Args),
    /// The JSON Schema of a record file, for editors (YAML language server) and other tools
    Schema(schema::Args),
    /// Shell completions: `risk completions bash > ~/.local/share/bash-completion/completions/risk`
    Completions(completions::Args),
    /// The manual page, in roff: `risk man | man -l -`
    Man(completions::ManArgs),
    /// Incidents: add, list, show, update, notify, resolve, review, notice
    #[command(subcommand)]
    Incident(incident::Command),
    /// Compensation claims: add, list, show, assess, offer, decide, pay, import, offer-all
    #[command(subcommand)]
    Claim(claim::Command),
    /// Compensation per incident: claims by status, requested, offered, paid, budget
    Claims(claims::Args),
    /// Incident trends by month, harm, risk or stage, with the service KPIs; with --profile,
    /// open risks per band at each month's or quarter's end, from git
    Trends(trends::Args),
    /// The SWOT grid (latest by `held`, or by id), each weakness and threat with its risks
    Swot(analysis::SwotArgs),
    /// The PESTLE analysis (latest by `held`, or by id), each factor's items with their risks
    Pestle(analysis::PestleArgs),
    /// SWOT and PESTLE analyses: add, list
    #[command(subcommand)]
    Analysis(analysis::Command),
    /// The lessons learned log: every lesson of every post-incident review, and where it went
    Lessons(lessons::Args),
    /// Accept a risk at its current rating: who, until when, why (the rating is recorded)
    Accept(accept::Args),
    /// Controls on risks: record a test
    #[command(subcommand)]
    Control(control::Command),
    /// Cost-benefit of treatments: annual loss expectancy now and at target, against the cost
    Cba(cba::Args),
    /// Every commit that changed a record: who, when, what, and what it did to the band
    History(history::Args),
}

/// What every command gets: the global flags, resolved.
pub struct Ctx {
    pub global: Global,
    pub today: NaiveDate,
    /// Broken files a read command read past, reported on stderr when it ends (exit 2).
    pub broken: std::cell::RefCell<Vec<crate::error::Located>>,
    /// The command's reader of git history, started when first needed (`at::source`).
    pub git: std::cell::OnceCell<crate::register::history::Source>,
}

impl Ctx {
    /// The register named by `-R` (or found from the current folder).
    pub fn store(&self) -> Result<Store> {
        Store::find(self.global.register.as_deref())
    }

    /// Finds and loads the register's settings and `kinds`; any broken record is an input error.
    pub fn open(&self, kinds: &[Kind]) -> Result<Snapshot> {
        let snapshot = self.load(kinds)?;
        snapshot.require_clean()?;
        Ok(snapshot)
    }

    /// Like [`Ctx::open`], keeping broken records as the snapshot's problems (`check`).
    pub fn load(&self, kinds: &[Kind]) -> Result<Snapshot> {
        match &self.global.at {
            Some(rev) => at::load(self, rev, kinds),
            None => self.store()?.load(kinds),
        }
    }

    /// Like [`Ctx::load`], putting the text of every canonical record to `scan` (true when a
    /// line of it fails) while it is at hand (`check`); a snapshot at a revision (`--at`) is
    /// loaded as by [`Ctx::load`].
    pub fn load_scanning(&self, kinds: &[Kind], scan: fn(&str) -> bool) -> Result<Snapshot> {
        match &self.global.at {
            Some(rev) => at::load(self, rev, kinds),
            None => self.store()?.scanning_lines(scan).load(kinds),
        }
    }

    /// For read commands: finds and loads the register's settings and `kinds`, reading past
    /// broken records; they are named on stderr when the command ends, which then exits 2
    /// (as ripgrep does with unreadable files).
    pub fn read(&self, kinds: &[Kind]) -> Result<Snapshot> {
        let snapshot = self.load(kinds)?;
        self.read_past(&snapshot.problems);
        Ok(snapshot)
    }

    /// For commands that show one record: like [`Ctx::read`], but only a broken file of that
    /// record counts; the others do not stop a healthy record being shown (exit 0).
    pub fn read_record(&self, kinds: &[Kind], id: &crate::model::Id) -> Result<Snapshot> {
        let snapshot = self.load(kinds)?;
        let found = snapshot.risks.iter().any(|r| &r.value.id == id)
            || snapshot.incidents.iter().any(|r| &r.value.id == id)
            || snapshot.claims.iter().any(|r| &r.value.id == id)
            || snapshot.swots.iter().any(|r| &r.value.id == id)
            || snapshot.pestles.iter().any(|r| &r.value.id == id);
        let own_files: Vec<&str> = snapshot
            .files
            .iter()
            .filter(|f| f.id.as_ref() == Some(id))
            .map(|f| f.file())
            .collect();
        let own: Vec<_> = snapshot
            .problems
            .iter()
            .filter(|p| {
                p.record.as_deref() == Some(&id.to_string())
                    || own_files.contains(&p.at.file.as_str())
            })
            .cloned()
            .collect();
        if !found && !own.is_empty() {
            // The record's own file is broken: that is the whole answer.
            return Err(crate::error::Error::input(own.into_iter().map(|p| p.at).collect()).into());
        }
        // A record that is not there may sit in a file that cannot be read: name them all.
        self.read_past(if found { &own } else { &snapshot.problems });
        Ok(snapshot)
    }

    /// Notes broken files to name when the command ends.
    pub fn read_past(&self, problems: &[crate::check::Finding]) {
        self.broken
            .borrow_mut()
            .extend(problems.iter().map(|f| f.at.clone()));
    }

    /// Finds the register and reads its settings only.
    pub fn open_settings(&self) -> Result<Snapshot> {
        match &self.global.at {
            Some(rev) => at::load(self, rev, &[]),
            None => self.store()?.settings(),
        }
    }

    /// Starts a change: locks the register, then loads `kinds` (clean) and the file names of
    /// `new_of`, the kinds the command may create.
    pub fn begin(&self, kinds: &[Kind], new_of: &[Kind]) -> Result<Transaction> {
        self.store()?.begin(kinds, new_of)
    }

    /// Starts a change of the records `ids` alone: locks the register, then reads the settings,
    /// those records (clean) and the file names of `new_of`; no other record is opened.
    pub fn begin_with(&self, ids: &[Id], new_of: &[Kind]) -> Result<Transaction> {
        self.store()?.begin_with(ids, new_of)
    }

    /// True when prompts may be shown: a terminal on stdin and no `--no-input`.
    pub fn interactive(&self) -> bool {
        !self.global.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
    }

    /// Writes a result to stdout (colour stripped unless wanted). No line of it can be taken
    /// for a CI workflow command: CI logs are where `risk` runs on a pull request (DESIGN 14).
    pub fn print(&self, text: &str) -> Result<()> {
        self.write_commands(escape::workflow_commands(text).as_bytes())
    }

    /// Writes rendered UTF-8 to stdout, as `print` does.
    pub fn write(&self, bytes: &[u8]) -> Result<()> {
        self.print(std::str::from_utf8(bytes)?)
    }

    /// Writes bytes to stdout as they are: only for `check --format github`, whose workflow
    /// commands are meant (and whose text from records is escaped as the Actions toolkit does).
    pub fn write_commands(&self, bytes: &[u8]) -> Result<()> {
        let mut out = anstream::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        Ok(())
    }

    /// Writes a result to stdout as it is made, through a buffer, each line escaped as `print`
    /// escapes it; `commands` writes workflow commands as they are (`check --format github`).
    pub fn stream(
        &self,
        commands: bool,
        write: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        Self::stream_to(anstream::stdout().lock(), commands, write)
    }

    /// Like [`Ctx::stream`], for output that `write` styles only when told colour is on: when
    /// it is off, the output is made unstyled and written as it is made, without a pass over
    /// every byte to strip styles (`check` on a large register writes megabytes).
    pub fn stream_styled(
        &self,
        commands: bool,
        write: impl FnOnce(&mut dyn Write, bool) -> Result<()>,
    ) -> Result<()> {
        let stdout = anstream::stdout().lock();
        let colour = stdout.current_choice() != anstream::ColorChoice::Never;
        let stdout = match colour {
            true => stdout,
            false => anstream::AutoStream::always_ansi(std::io::stdout().lock()),
        };
        Self::stream_to(stdout, commands, |out| write(out, colour))
    }

    fn stream_to(
        stdout: anstream::AutoStream<std::io::StdoutLock<'static>>,
        commands: bool,
        write: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        let stdout = std::io::BufWriter::with_capacity(64 * 1024, stdout);
        if commands {
            let mut out = stdout;
            write(&mut out)?;
            out.flush()?;
        } else {
            let mut out = crate::output::stream::Escaped::new(stdout);
            write(&mut out)?;
            out.flush()?;
        }
        Ok(())
    }

    /// A confirmation for people, left out under `-q`.
    pub fn say(&self, text: &str) -> Result<()> {
        if self.global.quiet {
            return Ok(());
        }
        self.print(&format!("{}\n", escape::terminal(text)))
    }

    /// The value of a required flag: as given, else asked for at a terminal, else an input error
    /// naming the flag (DESIGN principle 7).
    pub fn ask(&self, value: Option<String>, flag: &str, prompt: &str) -> Result<String> {
        let value = match value {
            Some(value) => value,
            None if self.interactive() => prompt::text(prompt, |_| Ok(()))?,
            None => bail!(
                "missing {flag} (stdin is not a terminal, or --no-input was given, so nothing was asked)"
            ),
        };
        let value = value.trim().to_string();
        if value.is_empty() {
            bail!("{flag} must not be empty");
        }
        Ok(value)
    }

    pub fn palette(&self, register: &Snapshot) -> Palette {
        Palette::new(&register.settings)
    }
}

/// Parses arguments, runs the command and maps the outcome to an exit code:
/// 0 fine, 1 `check` found errors, 2 bad usage or bad input.
pub fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    // `COMPLETE=bash risk` and the like: answer the shell's completion request and exit.
    completions::complete_env();
    let parsed = examples::attach(Cli::command())
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let choice = match cli.global.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    crate::output::table::set_width(table_width::of(cli.global.wide));
    match run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            report(&err);
            ExitCode::from(crate::error::kind_of(&err).exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let today = cli
        .global
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    at::refuse_on_writers(&cli.command, cli.global.at.as_deref())?;
    let ctx = Ctx {
        global: cli.global,
        today,
        broken: Default::default(),
        git: Default::default(),
    };
    let result = dispatch(&ctx, cli.command);
    read_past::finish(&ctx, result)
}

// The arms keep `&ctx`, as when `ctx` was a local: one line per command, unchanged.
#[allow(clippy::needless_borrow)]
fn dispatch(ctx: &Ctx, command: Command) -> Result<ExitCode> {
    match command {
        Command::Init(args) => init::run(&ctx, args),
        Command::Add(args) => add::run(&ctx, args),
        Command::List(args) => list::run(&ctx, args),
        Command::Show(args) => show::run(&ctx, args),
        Command::Edit(args) => edit::run_edit(&ctx, args),
        Command::Review(args) => edit::run_review(&ctx, args),
        Command::Close(args) => edit::run_close(&ctx, args),
        Command::Reopen(args) => edit::run_reopen(&ctx, args),
        Command::Action(command) => action::run(&ctx, command),
        Command::Matrix(args) => matrix::run(&ctx, args),
        Command::Rank(args) => rank::run(&ctx, args),
        Command::Actions(args) => overdue::run_actions(&ctx, args),
        Command::Overdue(args) => overdue::run(&ctx, args),
        Command::Todo(args) => todo::run(&ctx, args),
        Command::Check(args) => check::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Import(args) => import::run(&ctx, args),
        Command::Report(args) => report::run(&ctx, args),
        Command::Coverage(args) => coverage::run(&ctx, args),
        Command::Diff(args) => diff::run(&ctx, args),
        Command::Fmt(args) => fmt::run(&ctx, args),
        Command::Renumber(args) => renumber::run(&ctx, args),
        Command::Schema(args) => schema::run(&ctx, args),
        Command::Completions(args) => completions::run(&ctx, args),
        Command::Man(args) => completions::run_man(&ctx, args),
        Command::Incident(command) => incident::run(&ctx, command),
        Command::Claim(command) => claim::run(&ctx, command),
        Command::Claims(args) => claims::run(&ctx, args),
        Command::Trends(args) => trends::run(&ctx, args),
        Command::Swot(args) => analysis::swot(&ctx, args),
        Command::Pestle(args) => analysis::pestle(&ctx, args),
        Command::Analysis(command) => analysis::run(&ctx, command),
        Command::Lessons(args) => lessons::run(&ctx, args),
        Command::Accept(args) => accept::run(&ctx, args),
        Command::Control(command) => control::run(&ctx, command),
        Command::Cba(args) => cba::run(&ctx, args),
        Command::History(args) => history::run(&ctx, args),
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn report(err: &anyhow::Error) {
    let style = anstyle::Style::new()
        .fg_color(Some(anstyle::AnsiColor::Red.into()))
        .bold();
    let mut text = String::new();
    let error = err.downcast_ref::<crate::error::Error>();
    match error {
        // Problems at places: one line each, as `file:line: key: message`.
        Some(error) if !error.problems.is_empty() => {
            for line in error.to_string().lines() {
                let line = escape::terminal(line);
                text.push_str(&format!("{style}error{style:#}: {line}\n"));
            }
        }
        _ => {
            let message = escape::terminal(&format!("{err:#}")).into_owned();
            text.push_str(&format!("{style}error{style:#}: {message}\n"));
        }
    }
    if let Some(hint) = error.and_then(|e| e.hint.as_ref()) {
        text.push_str(&format!("hint: {}\n", escape::terminal(hint)));
    }
    eprint(&text);
}

/// Writes to stderr, which CI logs read for workflow commands as they read stdout; an error
/// here has nowhere left to go, so it is dropped.
pub fn eprint(text: &str) {
    let mut stderr = anstream::stderr().lock();
    let _ = stderr.write_all(escape::workflow_commands(text).as_bytes());
}

/// `--format` of the commands that list rows: table, JSON, CSV or Markdown.
#[derive(Clone, Copy, Debug, clap::Args)]
pub struct ListingFormat {
    /// Output format
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "table",
        value_parser = formats(&[Format::Table, Format::Json, Format::Csv, Format::Md])
    )]
    pub format: Format,
}

/// `--format` of the commands that show one record: table, JSON or YAML.
#[derive(Clone, Copy, Debug, clap::Args)]
pub struct RecordFormat {
    /// Output format
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "table",
        value_parser = formats(&[Format::Table, Format::Json, Format::Yaml])
    )]
    pub format: Format,
}

/// `--format` of the commands that summarise for people and pull requests: table, JSON or
/// Markdown.
#[derive(Clone, Copy, Debug, clap::Args)]
pub struct SummaryFormat {
    /// Output format
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "table",
        value_parser = formats(&[Format::Table, Format::Json, Format::Md])
    )]
    pub format: Format,
}

/// The value parser of a command's `--format`: only the formats in `allowed`, so `--help` offers
/// just those and clap refuses the rest (each keeps its help line and aliases, e.g. `text`).
pub fn formats(allowed: &[Format]) -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(allowed.iter().filter_map(ValueEnum::to_possible_value))
        .try_map(|name| Format::from_str(&name, false))
}

/// Parses a record id from the command line, before it is ever used to build a path.
/// Ids are accepted in any case (`risk-0003` is RISK-0003); an error names the id as typed.
pub fn parse_id(text: &str) -> Result<crate::model::Id> {
    crate::model::Id::parse(text)
        .or_else(|e| crate::model::Id::parse(&text.to_ascii_uppercase()).map_err(|_| e))
        .map_err(|m| anyhow::anyhow!(m))
}

/// A record id of one kind from the command line, in any case.
pub fn parse_kind_id(text: &str, kind: Kind) -> Result<crate::model::Id> {
    crate::model::Id::parse_kind(text, kind)
        .or_else(|e| crate::model::Id::parse_kind(&text.to_ascii_uppercase(), kind).map_err(|_| e))
        .map_err(|m| anyhow::anyhow!(m))
}

/// Refuses a filter value that the settings do not know, naming the nearest known one:
/// a typo must not look like an empty result.
pub fn known_value(flag: &str, value: Option<&String>, allowed: &[String]) -> Result<()> {
    let Some(value) = value else { return Ok(()) };
    if allowed.contains(value) {
        return Ok(());
    }
    let hint = crate::model::nearest(value, allowed.iter().map(String::as_str))
        .map(|n| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default();
    bail!(
        "{flag} `{value}` is not one of {}{hint}",
        allowed.join(", ")
    )
}

/// Splits `a,b , c` into trimmed, non-empty items.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Every command with a `--format`, and the formats its `--help` offers (the first is the
    /// default); the others take no `--format` (`report` only to refuse it, hidden).
    #[test]
    fn each_command_offers_only_its_formats() {
        fn walk(command: &clap::Command, path: String, found: &mut Vec<(String, String)>) {
            if let Some(arg) = command.get_arguments().find(|a| a.get_id() == "format")
                && !arg.is_hide_set()
            {
                let mut names: Vec<String> = arg
                    .get_default_values()
                    .iter()
                    .map(|v| v.to_string_lossy().into_owned())
                    .collect();
                for value in arg.get_possible_values() {
                    if !names.iter().any(|n| n == value.get_name()) {
                        names.push(value.get_name().to_string());
                    }
                }
                found.push((path.clone(), names.join(" ")));
            }
            for sub in command.get_subcommands() {
                walk(sub, format!("{path} {}", sub.get_name()), found);
            }
        }
        let mut found = Vec::new();
        walk(&Cli::command(), "risk".into(), &mut found);
        let rows = "table json csv md";
        let expected = [
            ("risk list", rows),
            ("risk show", "table json yaml"),
            ("risk matrix", rows),
            ("risk rank", rows),
            ("risk actions", rows),
            ("risk overdue", rows),
            ("risk todo", rows),
            ("risk check", "table json github junit"),
            ("risk export", "csv json yaml md xlsx"),
            ("risk coverage", rows),
            ("risk diff", "table json md"),
            ("risk incident list", rows),
            ("risk incident show", "table json yaml"),
            ("risk claim list", rows),
            ("risk claim show", "table json yaml"),
            ("risk claims", "table json md"),
            ("risk trends", rows),
            ("risk swot", "table json md"),
            ("risk pestle", "table json md"),
            ("risk analysis list", rows),
            ("risk lessons", rows),
            ("risk cba", rows),
            ("risk history", "table json md"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(c, f)| (c.to_string(), f.to_string()))
            .collect();
        assert_eq!(found, expected);
    }
}
