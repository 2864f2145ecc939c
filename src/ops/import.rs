//! `risk import` planned over a snapshot (DESIGN 12): every row of the sheet read into a risk
//! (or an action of a risk), every bad cell reported with its sheet, row, column and value,
//! and nothing planned unless every row is good. A row is the record whose `ref` it names, so
//! importing the same sheet again updates and never duplicates, and an import cut short is
//! finished by running it again; a row without a reference is the risk of the same title.

use std::collections::{BTreeMap, HashMap, HashSet};

use anyhow::Result;
use chrono::NaiveDate;

use super::{Change, Outcome, save};
use crate::codec;
use crate::error::{Error, Located};
use crate::import::columns::{self, Column, Field, How, Layout, MapPair, Rating, Target};
use crate::import::value::{self, Scale, loose};
use crate::import::{Row, Sheet, Workbook, native};
use crate::model::action::{Action, ActionStatus, next_action_id};
use crate::model::control::Control;
use crate::model::risk::{Impact, RiskStatus, Target as Levels, Treatment};
use crate::model::{Id, Kind, Problem, Risk};
use crate::snapshot::{Loadable, Record, Snapshot};

/// What to do about a sheet's problems past the first twenty: `risk check` does not read spreadsheets.
const MORE_CELLS: &str = "fix these and import again to see the rest";

/// What `risk import` is asked to do besides the file.
#[derive(Clone, Debug)]
pub struct ImportParams {
    pub target: Target,
    pub sheet: Option<String>,
    pub maps: Vec<MapPair>,
    pub month_first: bool,
}

/// What became of one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Created,
    /// Updated, with what changed (`likelihood: 3 -> 4`).
    Updated(Vec<String>),
    Unchanged,
}

/// One row of the plan: its number, the record (and action) it is, and what becomes of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowPlan {
    pub row: usize,
    pub id: Id,
    pub action: Option<String>,
    pub reference: Option<String>,
    pub title: String,
    pub verdict: Verdict,
}

/// The plan of one sheet: where its header is, the mapping used, and each row's fate.
#[derive(Clone, Debug)]
pub struct SheetPlan {
    pub place: String,
    pub header_row: usize,
    pub description_row: Option<usize>,
    pub columns: Vec<Column>,
    pub rows: Vec<RowPlan>,
}

/// What `risk import` does (or, with `--dry-run`, would do).
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub sheets: Vec<SheetPlan>,
}

impl Plan {
    pub fn count(&self, f: impl Fn(&Verdict) -> bool) -> usize {
        self.sheets
            .iter()
            .flat_map(|s| &s.rows)
            .filter(|r| f(&r.verdict))
            .count()
    }

    /// The plan as printed: with `all`, the mapping and every row (the dry run); else the rows
    /// that changed something; then the totals.
    pub fn render(&self, all: bool) -> String {
        let mut out = String::new();
        for sheet in &self.sheets {
            if all {
                out.push_str(&format!(
                    "{}: header on row {}",
                    sheet.place, sheet.header_row
                ));
                if let Some(d) = sheet.description_row {
                    out.push_str(&format!(", descriptions on row {d} skipped"));
                }
                out.push('\n');
                for column in &sheet.columns {
                    if column.how == How::None && column.header.starts_with("Column ") {
                        continue;
                    }
                    out.push_str(&format!("  {column}\n"));
                }
            }
            for row in &sheet.rows {
                if !all && row.verdict == Verdict::Unchanged {
                    continue;
                }
                let what = match &row.verdict {
                    Verdict::Created => "created",
                    Verdict::Updated(_) => "updated",
                    Verdict::Unchanged => "unchanged",
                };
                let mut record = row.id.to_string();
                if let Some(a) = &row.action {
                    record.push_str(&format!("/{a}"));
                }
                let reference = row
                    .reference
                    .as_ref()
                    .map(|r| format!(" (ref {r})"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "row {}: {what} {record}{reference}: {}\n",
                    row.row, row.title
                ));
                if let Verdict::Updated(changes) = &row.verdict {
                    for change in changes {
                        out.push_str(&format!("  {change}\n"));
                    }
                }
            }
        }
        let rows = self.sheets.iter().map(|s| s.rows.len()).sum::<usize>();
        out.push_str(&format!(
            "{rows} row(s): {} created, {} updated, {} unchanged",
            self.count(|v| *v == Verdict::Created),
            self.count(|v| matches!(v, Verdict::Updated(_))),
            self.count(|v| *v == Verdict::Unchanged),
        ));
        if all {
            out.push_str("; dry run, nothing written");
        }
        out.push('\n');
        out
    }
}

/// The sheet to read: `--sheet`, else for actions the first sheet named like a treatment
/// plan, else the first.
pub fn choose_sheet<'b>(book: &'b Workbook, params: &ImportParams) -> Result<&'b Sheet> {
    if let Some(name) = &params.sheet {
        return book.sheet(name).ok_or_else(|| {
            let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
            Error::usage(format!(
                "{}: no sheet named `{name}`; the sheets are: {}",
                book.file,
                names.join(", ")
            ))
            .into()
        });
    }
    let planned = |s: &&Sheet| {
        let name = s.name.to_lowercase();
        ["action", "treatment", "plan"]
            .iter()
            .any(|w| name.contains(w))
    };
    let found = match params.target {
        Target::Actions => book.sheets.iter().find(planned),
        Target::Risks => None,
    };
    found
        .or(book.sheets.first())
        .ok_or_else(|| Error::usage(format!("{}: no sheets", book.file)).into())
}

/// Plans the import of `book` into the register.
pub fn import(
    snapshot: &Snapshot,
    book: &Workbook,
    params: &ImportParams,
    _today: NaiveDate,
) -> Result<Outcome<Plan>> {
    let sheet = choose_sheet(book, params)?;
    let place = book.place(sheet);
    let layout = columns::layout(sheet, params.target, &params.maps).map_err(|m| {
        Error::from(Located {
            file: place.clone(),
            line: None,
            key: None,
            message: m,
        })
    })?;
    let reader = Reader {
        snapshot,
        place: place.clone(),
        month_first: params.month_first,
        per_year: per_year(snapshot),
        problems: Vec::new(),
    };
    let (changes, sheet_plan) = match params.target {
        Target::Risks => reader.risks(sheet, layout)?,
        Target::Actions => reader.actions(sheet, layout)?,
    };
    Ok(Outcome::new(
        changes,
        Plan {
            sheets: vec![sheet_plan],
        },
    ))
}

/// The register's yearly probability per likelihood level, in basis points, when it has
/// `quantification.likelihood_per_year` (DESIGN 10.5).
fn per_year(snapshot: &Snapshot) -> Option<Vec<u32>> {
    #[derive(serde::Deserialize)]
    struct Settings {
        quantification: Option<Quantification>,
    }
    #[derive(serde::Deserialize)]
    struct Quantification {
        #[serde(default)]
        likelihood_per_year: Vec<f64>,
    }
    let settings: Settings = codec::parse(&snapshot.settings_text).ok()?;
    let table = settings.quantification?.likelihood_per_year;
    (!table.is_empty()).then(|| {
        table
            .iter()
            .map(|p| (p * 10_000.0).round() as u32)
            .collect()
    })
}

/// A row read: what each of its columns gave.
#[derive(Default)]
struct Draft {
    row: usize,
    reference: Option<String>,
    title: Option<String>,
    description: Option<String>,
    owner: Option<String>,
    status: Option<RiskStatus>,
    stage: Option<String>,
    category: Option<String>,
    harms: Option<Vec<String>>,
    identified: Option<NaiveDate>,
    review_last: Option<NaiveDate>,
    next_review: Option<NaiveDate>,
    /// (rating, is impact) -> (level, the column that gave it, its text).
    levels: BTreeMap<(Rating, bool), (u8, String, String)>,
    treatment: Option<Treatment>,
    controls: Option<Vec<String>>,
    contingency: Option<Vec<String>>,
    notes: Vec<String>,
    // Actions.
    action_id: Option<String>,
    due: Option<NaiveDate>,
    done: Option<NaiveDate>,
    action_status: Option<ActionStatus>,
    /// A cell of the row was refused: the row is reported by its cells, not built.
    bad: bool,
}

struct Reader<'s> {
    snapshot: &'s Snapshot,
    place: String,
    month_first: bool,
    per_year: Option<Vec<u32>>,
    problems: Vec<Located>,
}

impl<'s> Reader<'s> {
    fn bad(&mut self, row: usize, column: &Column, text: &str, why: impl std::fmt::Display) {
        self.problems.push(Located {
            file: self.place.clone(),
            line: Some(row),
            key: Some(column.label()),
            message: format!("`{}` {why}", text.replace('\n', " ")),
        });
    }

    fn at(&mut self, row: Option<usize>, key: Option<String>, message: String) {
        self.problems.push(Located {
            file: self.place.clone(),
            line: row,
            key,
            message,
        });
    }

    /// Fails with every problem found, under a line that says nothing was imported.
    fn finish_checks(&mut self) -> Result<()> {
        if self.problems.is_empty() {
            return Ok(());
        }
        let mut problems = std::mem::take(&mut self.problems);
        let n = problems.len();
        problems.insert(
            0,
            Located {
                file: self.place.clone(),
                line: None,
                key: None,
                message: format!("{n} problem(s); nothing was imported"),
            },
        );
        Err(Error::input(problems).with_rest(MORE_CELLS).into())
    }

    /// One of the settings' `allowed` values, compared loosely (`Service Quality` is
    /// `service_quality`).
    fn one_of(
        &mut self,
        row: usize,
        column: &Column,
        text: &str,
        allowed: &[String],
        what: &str,
    ) -> Option<String> {
        let wanted = loose(text);
        match allowed.iter().find(|a| loose(a) == wanted) {
            Some(a) => Some(a.clone()),
            None => {
                self.bad(
                    row,
                    column,
                    text,
                    format!(
                        "is not one of the register's {what}: {} (add it to register.yaml, or \
                         leave the column out with --map {}=ignore)",
                        allowed.join(", "),
                        crate::import::letters(column.index)
                    ),
                );
                None
            }
        }
    }

    fn draft(&mut self, row: &Row, columns: &[Column]) -> Draft {
        let settings = &self.snapshot.settings;
        let problems_before = self.problems.len();
        let mut d = Draft {
            row: row.number,
            ..Draft::default()
        };
        let mut notes_first = Vec::new();
        for column in columns {
            let cell = row.cell(column.index);
            if cell.is_empty() {
                continue;
            }
            let text = cell.text();
            let n = row.number;
            match &column.field {
                Field::Ref => d.reference = Some(text),
                Field::Title => d.title = Some(text),
                Field::Description => d.description = Some(text),
                Field::Owner => {
                    d.owner = Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
                }
                Field::Status => {
                    let risk = value::risk_status(&text);
                    let action = value::action_status(&text);
                    d.status = risk.clone().ok();
                    d.action_status = action.clone().ok();
                    if let (Err(why), Err(_)) = (risk, action) {
                        self.bad(n, column, &text, why);
                    }
                }
                Field::Stage => d.stage = self.one_of(n, column, &text, &settings.stages, "stages"),
                Field::Category => {
                    d.category = self.one_of(n, column, &text, &settings.categories, "categories")
                }
                Field::Harms => {
                    let mut harms = Vec::new();
                    for item in text
                        .split([',', ';', '\n'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                    {
                        if let Some(h) = self.one_of(n, column, item, &settings.harms, "harms") {
                            harms.push(h);
                        }
                    }
                    d.harms = Some(harms);
                }
                Field::Identified
                | Field::ReviewLast
                | Field::NextReview
                | Field::Due
                | Field::Done => match value::date(cell, self.month_first) {
                    Ok(date) => match column.field {
                        Field::Identified => d.identified = Some(date),
                        Field::ReviewLast => d.review_last = Some(date),
                        Field::NextReview => d.next_review = Some(date),
                        Field::Due => d.due = Some(date),
                        _ => d.done = Some(date),
                    },
                    Err(why) => self.bad(n, column, &text, why),
                },
                Field::Likelihood(rating) | Field::Impact(rating) => {
                    let impact = matches!(column.field, Field::Impact(_));
                    let scale = if impact {
                        Scale {
                            name: "impact",
                            labels: &settings.scales.impact,
                            per_year: None,
                        }
                    } else {
                        Scale {
                            name: "likelihood",
                            labels: &settings.scales.likelihood,
                            per_year: self.per_year.as_deref(),
                        }
                    };
                    match value::level(cell, &scale) {
                        Ok(level) => match d.levels.get(&(*rating, impact)) {
                            Some((other, label, other_text)) if *other != level => {
                                let why = format!(
                                    "(level {level}) disagrees with {label} `{other_text}` (level {other}); \
                                     correct one of them"
                                );
                                self.bad(n, column, &text, why);
                            }
                            Some(_) => {}
                            None => {
                                d.levels
                                    .insert((*rating, impact), (level, column.label(), text));
                            }
                        },
                        Err(why) => self.bad(n, column, &text, why),
                    }
                }
                Field::Treatment => match value::treatment(&text) {
                    Ok(t) => d.treatment = Some(t),
                    Err(why) => self.bad(n, column, &text, why),
                },
                Field::Controls => d.controls = Some(value::items(&text)),
                Field::Contingency => d.contingency = Some(value::items(&text)),
                Field::Notes => notes_first.push(text),
                Field::Money => match value::money(cell, &settings.currency) {
                    Ok(amount) => d.notes.push(format!(
                        "{}: {amount} {}",
                        column.label(),
                        settings.currency
                    )),
                    Err(why) => self.bad(n, column, &text, why),
                },
                Field::Computed | Field::Unmapped => {
                    d.notes.push(format!("{}: {text}", column.label()))
                }
                Field::ActionId => d.action_id = Some(text),
                Field::Ignore => {}
            }
        }
        notes_first.append(&mut d.notes);
        d.notes = notes_first;
        d.bad = self.problems.len() > problems_before;
        d
    }

    /// A column that holds only band names (`High`) where a level is expected is a computed
    /// rating: kept in `notes`, not read as a level.
    fn band_columns_are_computed(&self, columns: &mut [Column], rows: &[Row]) {
        let settings = &self.snapshot.settings;
        for column in columns.iter_mut() {
            if column.how != How::Alias
                || !matches!(column.field, Field::Likelihood(_) | Field::Impact(_))
            {
                continue;
            }
            let values: Vec<String> = rows
                .iter()
                .map(|r| r.cell(column.index))
                .filter(|c| !c.is_empty())
                .map(|c| loose(&c.text()))
                .collect();
            let band = |v: &String| settings.bands.iter().any(|b| loose(&b.name) == *v);
            let label = |v: &String| {
                settings
                    .scales
                    .likelihood
                    .iter()
                    .chain(&settings.scales.impact)
                    .any(|l| loose(l) == *v)
            };
            if !values.is_empty() && values.iter().all(|v| band(v) && !label(v)) {
                column.field = Field::Computed;
            }
        }
    }

    fn risks(mut self, sheet: &Sheet, layout: Layout) -> Result<(Vec<Change>, SheetPlan)> {
        let rows = &sheet.rows[layout.first_data.min(sheet.rows.len())..];
        let mut columns = layout.columns.clone();
        self.band_columns_are_computed(&mut columns, rows);
        let has = |f: &dyn Fn(&Field) -> bool| columns.iter().any(|c| f(&c.field));
        let header = Some(layout.header_row);
        for (what, wanted) in [("likelihood", false), ("impact", true)] {
            if !has(&|f| match f {
                Field::Likelihood(r) => !wanted && *r != Rating::Target,
                Field::Impact(r) => wanted && *r != Rating::Target,
                _ => false,
            }) {
                self.at(
                    header,
                    None,
                    format!(
                        "no {what} column (headers such as `Likelihood`, `Probability`, `Impact`, \
                         `Consequence`); name one with --map COLUMN={what}"
                    ),
                );
            }
        }
        if !has(&|f| matches!(f, Field::Title | Field::Description)) {
            self.at(
                header,
                None,
                "no title or description column; name one with --map COLUMN=title".into(),
            );
        }
        self.finish_checks()?;
        let drafts: Vec<Draft> = rows.iter().map(|r| self.draft(r, &columns)).collect();
        let settings = &self.snapshot.settings;
        // Existing risks by ref, and by title for rows without one.
        let by_ref: HashMap<&str, &Record<Risk>> = self
            .snapshot
            .risks
            .iter()
            .filter_map(|r| r.value.reference.as_deref().map(|x| (x.trim(), r)))
            .collect();
        // Risks without a ref, by title, for rows without one.
        let mut by_title: HashMap<&str, Vec<&Record<Risk>>> = HashMap::new();
        for r in self
            .snapshot
            .risks
            .iter()
            .filter(|r| r.value.reference.is_none())
        {
            by_title.entry(r.value.title.as_str()).or_default().push(r);
        }
        let mut refs_seen: HashMap<String, usize> = HashMap::new();
        let mut taken: HashSet<Id> = HashSet::new();
        let mut next = self.snapshot.next_id(Kind::Risk)?.number();
        let mut changes = Vec::new();
        let mut plan_rows = Vec::new();
        let label_of = |field: &dyn Fn(&Field) -> bool| {
            columns.iter().find(|c| field(&c.field)).map(Column::label)
        };
        for d in drafts {
            let n = d.row;
            if let Some(r) = &d.reference {
                if let Some(first) = refs_seen.get(r) {
                    let key = label_of(&|f| *f == Field::Ref);
                    self.at(
                        Some(n),
                        key,
                        format!("`{r}` is also the reference of row {first}"),
                    );
                    continue;
                }
                refs_seen.insert(r.clone(), n);
            }
            if d.bad {
                continue;
            }
            let title = d
                .title
                .clone()
                .or_else(|| d.description.as_deref().map(first_sentence));
            let Some(title) = title.filter(|t| !t.trim().is_empty()) else {
                self.at(
                    Some(n),
                    label_of(&|f| *f == Field::Title),
                    "no title and no description".into(),
                );
                continue;
            };
            let level = |rating: Rating, impact: bool| d.levels.get(&(rating, impact)).map(|l| l.0);
            let current_l = level(Rating::Current, false).or(level(Rating::Inherent, false));
            let current_i = level(Rating::Current, true).or(level(Rating::Inherent, true));
            let (Some(likelihood), Some(impact)) = (current_l, current_i) else {
                for (what, missing) in [
                    ("likelihood", current_l.is_none()),
                    ("impact", current_i.is_none()),
                ] {
                    if missing {
                        self.at(Some(n), Some(what.into()), "no value in the row".into());
                    }
                }
                continue;
            };
            let pair = |rating: Rating| match (level(rating, false), level(rating, true)) {
                (None, None) => None,
                (l, i) => Some(Levels {
                    likelihood: l.unwrap_or(likelihood),
                    impact: i.unwrap_or(impact),
                    loss: None,
                }),
            };
            let existing = match &d.reference {
                Some(r) => by_ref.get(r.trim()).copied(),
                None => by_title
                    .get(title.as_str())
                    .and_then(|list| list.iter().find(|r| !taken.contains(&r.value.id)))
                    .copied(),
            };
            let mut risk = match existing {
                Some(record) => record.value.clone(),
                None => {
                    let id = Id::next(Kind::Risk, next).map_err(anyhow::Error::msg)?;
                    next += 1;
                    Risk {
                        id,
                        reference: None,
                        title: String::new(),
                        description: None,
                        stage: None,
                        category: None,
                        harms: vec![],
                        pestle: vec![],
                        owner: None,
                        status: None,
                        closed: None,
                        identified: None,
                        likelihood,
                        impact: Impact::Level(impact),
                        inherent: None,
                        target: None,
                        loss: None,
                        fmea: None,
                        controls: vec![],
                        contingency: vec![],
                        treatment: None,
                        acceptance: None,
                        actions: vec![],
                        customers_informed: None,
                        staff_briefed: None,
                        review: None,
                        notes: None,
                    }
                }
            };
            taken.insert(risk.id.clone());
            risk.reference = d.reference.clone().or(risk.reference);
            risk.title = title.clone();
            set(&mut risk.description, d.description.clone());
            set(&mut risk.owner, d.owner.clone());
            if let Some(status) = d.status {
                risk.status = (status == RiskStatus::Closed).then_some(status);
            }
            set(&mut risk.stage, d.stage.clone());
            set(&mut risk.category, d.category.clone());
            if let Some(h) = d.harms.clone() {
                risk.harms = h;
            }
            set(&mut risk.identified, d.identified);
            risk.likelihood = likelihood;
            // A risk rated by dimension keeps them when the sheet's one impact is their highest.
            if risk.impact.overall() != impact || matches!(risk.impact, Impact::Level(_)) {
                risk.impact = Impact::Level(impact);
            }
            set(&mut risk.inherent, pair(Rating::Inherent));
            set(&mut risk.target, pair(Rating::Target));
            set(&mut risk.treatment, d.treatment);
            // A sheet's controls are plain text; a control of the same title keeps what the
            // register knows of it (its id, owner, tests).
            if let Some(c) = d.controls.clone() {
                risk.controls = c
                    .into_iter()
                    .map(|title| {
                        risk.controls
                            .iter()
                            .find(|old| old.title() == title)
                            .cloned()
                            .unwrap_or(Control::Plain(title))
                    })
                    .collect();
            }
            if let Some(c) = d.contingency.clone() {
                risk.contingency = c;
            }
            let mut notes = d.notes.clone();
            if d.review_last.is_some() || d.next_review.is_some() {
                let mut review = risk.review.clone().unwrap_or_default();
                set(&mut review.last, d.review_last);
                if let Some(next_review) = d.next_review {
                    let base = review.last.or(risk.identified);
                    match base.map(|b| (next_review - b).num_days()) {
                        Some(days) if days > 0 => review.every_days = Some(days as u32),
                        _ => notes.push(format!("Next review: {next_review}")),
                    }
                }
                risk.review = Some(review);
            }
            if !notes.is_empty() {
                risk.notes = Some(notes.join("\n"));
            }
            risk.normalise();
            let problems = risk.validate(settings);
            if !problems.is_empty() {
                self.row_problems(n, &columns, problems);
                continue;
            }
            let verdict = match existing {
                Some(record) => {
                    let (_, change) = save(self.snapshot, record, risk.clone())?;
                    match change {
                        Some(change) => {
                            changes.push(change);
                            Verdict::Updated(differences(&record.value, &risk))
                        }
                        None => Verdict::Unchanged,
                    }
                }
                None => {
                    changes.push(Change::Create {
                        rel: Snapshot::new_record_path(Kind::Risk, &risk.id),
                        text: codec::write(&risk),
                    });
                    Verdict::Created
                }
            };
            plan_rows.push(RowPlan {
                row: n,
                id: risk.id.clone(),
                action: None,
                reference: risk.reference.clone(),
                title,
                verdict,
            });
        }
        self.finish_checks()?;
        Ok((
            changes,
            SheetPlan {
                place: self.place.clone(),
                header_row: layout.header_row,
                description_row: layout.description_row,
                columns,
                rows: plan_rows,
            },
        ))
    }

    /// A record's validation problems, each named by the column its key came from.
    fn row_problems(&mut self, row: usize, columns: &[Column], problems: Vec<Problem>) {
        for p in problems {
            let root = p.key.split(['.', '[']).next().unwrap_or("").to_string();
            let column = columns.iter().find(|c| {
                let name = c.field.name();
                name == p.key || name == root || name.ends_with(&format!(".{root}"))
            });
            let key = column.map(Column::label).unwrap_or(p.key.clone());
            self.at(Some(row), Some(key), p.message);
        }
    }

    fn actions(mut self, sheet: &Sheet, layout: Layout) -> Result<(Vec<Change>, SheetPlan)> {
        let rows = &sheet.rows[layout.first_data.min(sheet.rows.len())..];
        let columns = layout.columns.clone();
        let header = Some(layout.header_row);
        if !columns.iter().any(|c| c.field == Field::Ref) {
            self.at(
                header,
                None,
                "no column names the risk (`Risk ID`, `Ref`); name it with --map COLUMN=ref".into(),
            );
        }
        if !columns.iter().any(|c| c.field == Field::Title) {
            self.at(
                header,
                None,
                "no action column (`Action`, `Title`); name it with --map COLUMN=title".into(),
            );
        }
        self.finish_checks()?;
        let drafts: Vec<Draft> = rows.iter().map(|r| self.draft(r, &columns)).collect();
        let ref_label = columns
            .iter()
            .find(|c| c.field == Field::Ref)
            .map(Column::label);
        let mut risk_by_ref: HashMap<&str, usize> = HashMap::new();
        let mut risk_by_id: HashMap<&Id, usize> = HashMap::new();
        for (i, r) in self.snapshot.risks.iter().enumerate() {
            if let Some(reference) = &r.value.reference {
                risk_by_ref.entry(reference.trim()).or_insert(i);
            }
            risk_by_id.insert(&r.value.id, i);
        }
        // The risks as the rows change them, in the order first touched.
        let mut risks: Vec<(usize, Risk)> = Vec::new();
        let mut slots: HashMap<usize, usize> = HashMap::new();
        let mut plan_rows = Vec::new();
        for d in drafts {
            let n = d.row;
            if d.bad {
                continue;
            }
            let Some(reference) = d.reference.clone() else {
                self.at(
                    Some(n),
                    ref_label.clone(),
                    "no risk named: the row needs the risk's ref or id".into(),
                );
                continue;
            };
            let found = risk_by_ref.get(reference.trim()).copied().or_else(|| {
                let id = Id::parse_kind(&reference.trim().to_ascii_uppercase(), Kind::Risk).ok()?;
                risk_by_id.get(&id).copied()
            });
            let Some(index) = found else {
                self.at(Some(n), ref_label.clone(), format!("`{reference}` is the ref or id of no risk in the register (import the risks first)"));
                continue;
            };
            let Some(title) = d.title.clone() else {
                self.at(Some(n), None, "no action title".into());
                continue;
            };
            let slot = *slots.entry(index).or_insert_with(|| {
                risks.push((index, self.snapshot.risks[index].value.clone()));
                risks.len() - 1
            });
            let risk = &mut risks[slot].1;
            let wanted_id = d.action_id.as_ref().map(|a| {
                let a = a.trim();
                if a.bytes().all(|b| b.is_ascii_digit()) {
                    format!("A{a}")
                } else {
                    a.to_string()
                }
            });
            let position = match &wanted_id {
                Some(id) => risk.actions.iter().position(|a| &a.id == id),
                None => risk
                    .actions
                    .iter()
                    .position(|a| loose(&a.title) == loose(&title)),
            };
            let before = position.map(|p| risk.actions[p].clone());
            let mut action = before.clone().unwrap_or_else(|| Action {
                id: wanted_id
                    .clone()
                    .unwrap_or_else(|| next_action_id(&risk.actions)),
                title: String::new(),
                owner: None,
                due: None,
                status: None,
                done: None,
                cost: None,
                annual_cost: None,
            });
            action.title = title.clone();
            set(&mut action.owner, d.owner.clone());
            set(&mut action.due, d.due);
            set(&mut action.status, d.action_status);
            if d.done.is_some() {
                action.done = d.done;
                action.status = Some(ActionStatus::Done);
            }
            if action.status == Some(ActionStatus::Open)
                && before.as_ref().is_none_or(|b| b.status.is_none())
            {
                action.status = None;
            }
            let verdict = match &before {
                None => Verdict::Created,
                Some(b) if *b == action => Verdict::Unchanged,
                Some(b) => Verdict::Updated(differences(b, &action)),
            };
            match position {
                Some(p) => risk.actions[p] = action.clone(),
                None => risk.actions.push(action.clone()),
            }
            plan_rows.push(RowPlan {
                row: n,
                id: risk.id.clone(),
                action: Some(action.id.clone()),
                reference: Some(reference),
                title,
                verdict,
            });
        }
        self.finish_checks()?;
        let mut changes = Vec::new();
        for (index, risk) in risks {
            let record = &self.snapshot.risks[index];
            let problems = risk.validate(&self.snapshot.settings);
            if !problems.is_empty() {
                let located =
                    crate::snapshot::located(record.file(), &codec::write(&risk), problems);
                self.problems.extend(located);
                continue;
            }
            if let (_, Some(change)) = save(self.snapshot, record, risk)? {
                changes.push(change);
            }
        }
        self.finish_checks()?;
        Ok((
            changes,
            SheetPlan {
                place: self.place.clone(),
                header_row: layout.header_row,
                description_row: layout.description_row,
                columns,
                rows: plan_rows,
            },
        ))
    }
}

/// Plans the import of a workbook `risk export --format xlsx` wrote: every sheet, each row the
/// record with that id (created at that id, or updated), actions joined to their records.
pub fn native(snapshot: &Snapshot, book: &Workbook) -> Result<Outcome<Plan>> {
    let mut problems: Vec<Located> = Vec::new();
    let sheet_of = |name: &str| book.sheets.iter().find(|s| s.name == name);
    // The actions sheet, by record id, in row order.
    let mut actions: HashMap<String, Vec<serde_json::Value>> = HashMap::new();
    if let Some(sheet) = sheet_of("actions") {
        for (row, mut object) in native::records(sheet) {
            match object.remove("record") {
                Some(serde_json::Value::String(id)) => actions
                    .entry(id)
                    .or_default()
                    .push(serde_json::Value::Object(object)),
                _ => problems.push(Located {
                    file: book.place(sheet),
                    line: Some(row),
                    key: Some("record".into()),
                    message: "names no record".into(),
                }),
            }
        }
    }
    let mut changes = Vec::new();
    let mut plan = Plan::default();
    let mut used_actions: HashSet<String> = HashSet::new();
    for (name, kind) in [
        ("risks", Kind::Risk),
        ("incidents", Kind::Incident),
        ("claims", Kind::Claim),
    ] {
        let Some(sheet) = sheet_of(name) else {
            continue;
        };
        let place = book.place(sheet);
        let mut rows = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (row, mut object) in native::records(sheet) {
            let id = object
                .get("id")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            if let Some(first) = seen.insert(id.clone(), row) {
                problems.push(Located {
                    file: place.clone(),
                    line: Some(row),
                    key: Some("id".into()),
                    message: format!("{id} is also on row {first}"),
                });
                continue;
            }
            if kind != Kind::Claim
                && let Some(list) = actions.get(&id)
            {
                used_actions.insert(id.clone());
                object.insert("actions".into(), serde_json::Value::Array(list.clone()));
            }
            let value = serde_json::Value::Object(object);
            let planned = match kind {
                Kind::Risk => native_record::<Risk>(snapshot, value),
                Kind::Incident => native_record::<crate::model::Incident>(snapshot, value),
                Kind::Claim => native_record::<crate::model::Claim>(snapshot, value),
                // The workbook has no analyses sheet: the loop above names the three kinds it has.
                Kind::Swot | Kind::Pestle => continue,
            };
            match planned {
                Ok((row_plan, change)) => {
                    changes.extend(change);
                    rows.push(RowPlan { row, ..row_plan });
                }
                Err(messages) => {
                    problems.extend(messages.into_iter().map(|(key, message)| Located {
                        file: place.clone(),
                        line: Some(row),
                        key,
                        message,
                    }))
                }
            }
        }
        plan.sheets.push(SheetPlan {
            place,
            header_row: 1,
            description_row: None,
            columns: Vec::new(),
            rows,
        });
    }
    let mut orphans: Vec<&String> = actions
        .keys()
        .filter(|k| !used_actions.contains(*k))
        .collect();
    orphans.sort();
    for id in orphans {
        problems.push(Located {
            file: format!("{}[actions]", book.file),
            line: None,
            key: Some("record".into()),
            message: format!("{id} is not a risk or incident of the workbook"),
        });
    }
    if !problems.is_empty() {
        let n = problems.len();
        problems.insert(
            0,
            Located {
                file: book.file.clone(),
                line: None,
                key: None,
                message: format!("{n} problem(s); nothing was imported"),
            },
        );
        return Err(Error::input(problems).with_rest(MORE_CELLS).into());
    }
    Ok(Outcome::new(changes, plan))
}

/// A problem of a row: the key it concerns, if any, and the message.
type KeyedProblem = (Option<String>, String);

/// One exported row as the record of type `T` with its id: what becomes of it, and the change;
/// or the problems, as (key, message).
fn native_record<T: Loadable>(
    snapshot: &Snapshot,
    value: serde_json::Value,
) -> std::result::Result<(RowPlan, Option<Change>), Vec<KeyedProblem>> {
    let mut record: T = serde_json::from_value(value).map_err(|e| vec![(None, e.to_string())])?;
    record.normalise();
    let problems = record.validate(&snapshot.settings);
    if !problems.is_empty() {
        return Err(problems
            .into_iter()
            .map(|p| (Some(p.key), p.message))
            .collect());
    }
    let id = record.id().clone();
    if id.kind() != Some(T::KIND) {
        return Err(vec![(
            Some("id".into()),
            format!("{id} is not a {} id", T::KIND.name()),
        )]);
    }
    let json = serde_json::to_value(&record).unwrap_or_default();
    let title = json["title"]
        .as_str()
        .or(json["customer"].as_str())
        .unwrap_or_default()
        .to_string();
    let reference = json["ref"].as_str().map(String::from);
    let existing = T::records(snapshot).iter().find(|r| r.value.id() == &id);
    let (verdict, change) = match existing {
        Some(existing) => {
            let (_, change) = save(snapshot, existing, record.clone())
                .map_err(|e| vec![(None, e.to_string())])?;
            match change {
                Some(change) => (
                    Verdict::Updated(differences(&existing.value, &record)),
                    Some(change),
                ),
                None => (Verdict::Unchanged, None),
            }
        }
        None => (
            Verdict::Created,
            Some(Change::Create {
                rel: Snapshot::new_record_path(T::KIND, &id),
                text: codec::write(&record),
            }),
        ),
    };
    Ok((
        RowPlan {
            row: 0,
            id,
            action: None,
            reference,
            title,
            verdict,
        },
        change,
    ))
}

/// Sets `slot` when the sheet gave a value; a blank cell leaves what the register holds.
fn set<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}

/// The first sentence of a description, cut at 120 characters, as a title.
fn first_sentence(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let end = line
        .char_indices()
        .find(|(i, c)| {
            matches!(c, '.' | '!' | '?') && line[i + 1..].starts_with(char::is_whitespace)
        })
        .map(|(i, _)| i)
        .unwrap_or(line.len());
    let sentence = &line[..end];
    match sentence.char_indices().nth(120) {
        Some((i, _)) => format!("{}…", sentence[..i].trim_end()),
        None => sentence.to_string(),
    }
}

/// What changed between two values, key by key: `likelihood: 3 -> 4`.
fn differences<T: serde::Serialize>(old: &T, new: &T) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return vec![];
    };
    let show = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => "(none)".to_string(),
        Some(serde_json::Value::String(s)) if !s.contains('\n') && s.chars().count() <= 60 => {
            s.clone()
        }
        Some(serde_json::Value::String(_)) => "(text)".to_string(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() <= 60 {
                text
            } else {
                "(...)".to_string()
            }
        }
    };
    let mut keys: Vec<&String> = a.keys().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| format!("{k}: {} -> {}", show(a.get(k)), show(b.get(k))))
        .collect()
}

#[cfg(test)]
mod tests;
