//! Naming a sheet's columns (DESIGN 12): the header row found among the first 20, a row of
//! descriptions under it skipped, names normalised and matched against aliases, a merged group
//! heading above deciding inherent, target or current, and `--map` overriding any of it.

use std::fmt;

use super::{Cell, Row, Sheet, letters};

/// What is imported: risks, or actions attached to risks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Risks,
    Actions,
}

/// Which rating a likelihood or impact column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rating {
    Inherent,
    Current,
    Target,
}

/// Where a column's values go.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The record's reference in the source (`ref:`); for actions, the risk's ref or id.
    Ref,
    Title,
    Description,
    Owner,
    Status,
    Stage,
    Category,
    Harms,
    Identified,
    ReviewLast,
    NextReview,
    Likelihood(Rating),
    Impact(Rating),
    Treatment,
    Controls,
    Contingency,
    Notes,
    /// An amount: checked against the register's currency, kept in `notes`.
    Money,
    /// A value `risk` computes itself (a score, a band): kept in `notes`, not imported.
    Computed,
    /// The action's id within its risk (`A1`).
    ActionId,
    Due,
    Done,
    /// Dropped on purpose (`--map H=ignore`).
    Ignore,
    /// No alias or map claims it: kept in `notes` as `Header: value`.
    Unmapped,
}

impl Field {
    /// The field a `--map` value names.
    pub fn parse(text: &str, target: Target) -> Result<Field, String> {
        let t = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let rating = |r| match t.split_once('.').map(|p| p.1) {
            Some("likelihood") => Some(Field::Likelihood(r)),
            Some("impact") => Some(Field::Impact(r)),
            _ => None,
        };
        let field = match t.as_str() {
            "ref" | "reference" | "id" | "risk" => Some(Field::Ref),
            "title" => Some(Field::Title),
            "description" => Some(Field::Description),
            "owner" => Some(Field::Owner),
            "status" => Some(Field::Status),
            "stage" => Some(Field::Stage),
            "category" => Some(Field::Category),
            "harms" => Some(Field::Harms),
            "identified" => Some(Field::Identified),
            "review.last" | "review" => Some(Field::ReviewLast),
            "review.next" | "next_review" => Some(Field::NextReview),
            "likelihood" | "current.likelihood" => Some(Field::Likelihood(Rating::Current)),
            "impact" | "current.impact" => Some(Field::Impact(Rating::Current)),
            "treatment" => Some(Field::Treatment),
            "controls" => Some(Field::Controls),
            "contingency" => Some(Field::Contingency),
            "notes" => Some(Field::Notes),
            "money" => Some(Field::Money),
            "computed" => Some(Field::Computed),
            "action" | "action.id" => Some(Field::ActionId),
            "due" => Some(Field::Due),
            "done" => Some(Field::Done),
            "ignore" => Some(Field::Ignore),
            _ if t.starts_with("inherent.") => rating(Rating::Inherent),
            _ if t.starts_with("target.") => rating(Rating::Target),
            _ => None,
        };
        let allowed = match target {
            Target::Risks => RISK_FIELDS,
            Target::Actions => ACTION_FIELDS,
        };
        match field {
            Some(f) if allowed.contains(&f.name().as_str()) => Ok(f),
            _ => Err(format!(
                "`{text}` is not a field {} imports; one of {}",
                match target {
                    Target::Risks => "a risk",
                    Target::Actions => "an action",
                },
                allowed.join(", ")
            )),
        }
    }

    /// The field's name as `--map` and the plan write it.
    pub fn name(&self) -> String {
        let rating = |r: &Rating| match r {
            Rating::Inherent => "inherent.",
            Rating::Current => "",
            Rating::Target => "target.",
        };
        match self {
            Field::Ref => "ref".into(),
            Field::Title => "title".into(),
            Field::Description => "description".into(),
            Field::Owner => "owner".into(),
            Field::Status => "status".into(),
            Field::Stage => "stage".into(),
            Field::Category => "category".into(),
            Field::Harms => "harms".into(),
            Field::Identified => "identified".into(),
            Field::ReviewLast => "review.last".into(),
            Field::NextReview => "review.next".into(),
            Field::Likelihood(r) => format!("{}likelihood", rating(r)),
            Field::Impact(r) => format!("{}impact", rating(r)),
            Field::Treatment => "treatment".into(),
            Field::Controls => "controls".into(),
            Field::Contingency => "contingency".into(),
            Field::Notes => "notes".into(),
            Field::Money => "money".into(),
            Field::Computed => "computed".into(),
            Field::ActionId => "action".into(),
            Field::Due => "due".into(),
            Field::Done => "done".into(),
            Field::Ignore => "ignore".into(),
            Field::Unmapped => "notes".into(),
        }
    }
}

const RISK_FIELDS: &[&str] = &[
    "ref",
    "title",
    "description",
    "owner",
    "status",
    "stage",
    "category",
    "harms",
    "identified",
    "review.last",
    "review.next",
    "likelihood",
    "impact",
    "inherent.likelihood",
    "inherent.impact",
    "target.likelihood",
    "target.impact",
    "treatment",
    "controls",
    "contingency",
    "notes",
    "money",
    "computed",
    "ignore",
];

const ACTION_FIELDS: &[&str] = &[
    "ref", "action", "title", "owner", "due", "status", "done", "ignore",
];

/// How a column got its field, shown in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    Alias,
    Map,
    None,
}

/// One column of the sheet and where its values go.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub index: usize,
    pub header: String,
    /// The merged group heading above the column, if any.
    pub group: Option<String>,
    pub field: Field,
    pub how: How,
}

impl Column {
    /// The column as messages name it: its header, and its group heading when it has one.
    pub fn label(&self) -> String {
        match &self.group {
            Some(g) => format!("{} ({g})", self.header),
            None => self.header.clone(),
        }
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = match self.how {
            How::Alias => "",
            How::Map => " (--map)",
            How::None => " (kept in notes)",
        };
        let field = match self.field {
            Field::Computed => "notes (computed by risk)".to_string(),
            Field::Money => "notes (amount)".to_string(),
            _ => self.field.name(),
        };
        write!(
            f,
            "{} {} -> {field}{how}",
            letters(self.index),
            self.label()
        )
    }
}

/// The columns of a sheet: where the header is, whether a description row follows it, and
/// the data rows.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The header's row number.
    pub header_row: usize,
    /// The description row skipped under the header, if any.
    pub description_row: Option<usize>,
    pub columns: Vec<Column>,
    /// Index into the sheet's rows of the first data row.
    pub first_data: usize,
}

/// One `--map` pair: a column named by its header or by its letter.
#[derive(Clone, Debug, PartialEq)]
pub struct MapPair {
    pub column: String,
    pub field: Field,
}

/// The words of a column name: lower case, punctuation as spaces.
pub fn words(name: &str) -> Vec<String> {
    name.to_lowercase()
        .replace('&', " and ")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

const INHERENT: [&str; 7] = [
    "inherent",
    "initial",
    "gross",
    "before",
    "pre",
    "untreated",
    "raw",
];
const TARGET: [&str; 2] = ["target", "future"];
const CURRENT: [&str; 6] = ["residual", "current", "net", "after", "post", "treated"];

/// The rating a name says (Inherent, Initial, Gross, Before; Target; or current), if any.
pub fn rating_of(words: &[String]) -> Option<Rating> {
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if has(&INHERENT) {
        Some(Rating::Inherent)
    } else if has(&TARGET) {
        Some(Rating::Target)
    } else if has(&CURRENT) {
        Some(Rating::Current)
    } else {
        None
    }
}

/// A column name reduced to what identifies it: a leading `risk` or `threat` and a trailing
/// `score`, `level` or `(1-5)` dropped.
fn core(mut w: Vec<String>) -> Vec<String> {
    while w
        .last()
        .is_some_and(|l| l.chars().all(|c| c.is_ascii_digit()) || l == "to")
    {
        w.pop();
    }
    while w.len() > 1 && ["risk", "threat", "the"].contains(&w[0].as_str()) {
        w.remove(0);
    }
    while w.len() > 1 && ["score", "level", "value"].contains(&w[w.len() - 1].as_str()) {
        w.pop();
    }
    w
}

fn risk_alias(name: &str) -> Option<Field> {
    let field = match name {
        "id" | "ref" | "reference" | "reference risk id" | "ref no" | "no" | "number"
        | "reference number" | "ref id" | "identifier" | "code" => Field::Ref,
        "title" | "risk" | "name" | "summary" | "headline" | "short description" => Field::Title,
        "description"
        | "statement"
        | "details"
        | "event"
        | "risk event"
        | "description of risk"
        | "cause and effect" => Field::Description,
        "owner" | "responsible" | "manager" | "accountable" | "assigned to" | "lead"
        | "responsible person" | "owned by" => Field::Owner,
        "status" | "state" | "open closed" => Field::Status,
        "stage"
        | "journey stage"
        | "customer journey stage"
        | "process"
        | "process stage"
        | "service stage" => Field::Stage,
        "category" | "type" | "area" | "risk type" | "risk category" => Field::Category,
        "harms" | "harm" | "harm type" => Field::Harms,
        "identified" | "date identified" | "date raised" | "raised" | "date" | "date added"
        | "identified on" | "date logged" | "logged" | "raised on" => Field::Identified,
        "last review"
        | "last reviewed"
        | "review date"
        | "reviewed"
        | "date reviewed"
        | "date of last review"
        | "last review date" => Field::ReviewLast,
        "next review" | "next review date" | "review due" | "date of next review" => {
            Field::NextReview
        }
        "likelihood" | "probability" | "likelihood of occurrence" | "chance" => {
            Field::Likelihood(Rating::Current)
        }
        "impact" | "consequence" | "consequences" | "severity" | "impact severity" => {
            Field::Impact(Rating::Current)
        }
        "treatment" | "treatment approach" | "response" | "response strategy"
        | "treatment option" | "treatment strategy" | "strategy" | "approach" => Field::Treatment,
        "controls"
        | "existing controls"
        | "mitigating controls"
        | "controls in place"
        | "control measures"
        | "control"
        | "mitigation"
        | "mitigations"
        | "existing mitigation"
        | "existing mitigations" => Field::Controls,
        "contingency" | "contingency plan" | "contingency plans" | "fallback" => Field::Contingency,
        "notes" | "comments" | "comment" | "remarks" => Field::Notes,
        "financial impact" | "cost" | "estimated cost" | "cost of impact" | "potential loss"
        | "loss" | "financial exposure" | "value at risk" | "estimated loss" => Field::Money,
        "rating" | "score" | "rr" | "rag" | "rag status" | "band" | "priority" | "rpn"
        | "exposure" | "level" | "grade" => Field::Computed,
        _ => return None,
    };
    Some(field)
}

fn action_alias(name: &str) -> Option<Field> {
    let field = match name {
        "id" | "ref" | "reference" | "reference risk id" | "ref no" | "risk ref" | "risk id"
        | "risk reference" | "risk no" | "risk number" => Field::Ref,
        "action id" | "action ref" | "action no" | "action number" | "action reference" => {
            Field::ActionId
        }
        "action" | "title" | "action title" | "description" | "action description" | "task"
        | "treatment action" | "mitigation action" | "planned action" | "actions" | "treatment"
        | "mitigation" | "further action" | "further actions" => Field::Title,
        "owner" | "action owner" | "responsible" | "assigned to" | "lead" | "owned by"
        | "responsible person" => Field::Owner,
        "due"
        | "due date"
        | "deadline"
        | "target date"
        | "by when"
        | "date due"
        | "target completion date"
        | "due by" => Field::Due,
        "done"
        | "completed"
        | "date completed"
        | "completed on"
        | "completion date"
        | "actual completion date"
        | "date closed"
        | "closed on" => Field::Done,
        "status" | "progress" | "action status" | "state" => Field::Status,
        _ => return None,
    };
    Some(field)
}

/// The field a column name gives by alias, with the group heading above it (which decides the
/// rating of a likelihood or impact column whose own name does not).
pub fn classify(header: &str, group: Option<&str>, target: Target) -> Option<Field> {
    let all = words(header);
    if all.is_empty() {
        return None;
    }
    let alias = match target {
        Target::Risks => risk_alias,
        Target::Actions => action_alias,
    };
    let whole = core(all.clone());
    // `L x I`, `Likelihood x Impact`: a product, computed.
    if target == Target::Risks && whole.len() >= 3 && whole.contains(&"x".to_string()) {
        return Some(Field::Computed);
    }
    if let Some(field) = alias(&whole.join(" ")).or_else(|| alias(&all.join(" "))) {
        return Some(rated(field, &all, group));
    }
    // Without the words that say which rating: `Inherent likelihood`, `Residual risk rating`.
    let plain: Vec<String> = all
        .iter()
        .filter(|w| {
            !INHERENT.contains(&w.as_str())
                && !TARGET.contains(&w.as_str())
                && !CURRENT.contains(&w.as_str())
        })
        .cloned()
        .collect();
    let plain = core(plain);
    if plain.is_empty() {
        return None;
    }
    let field = alias(&plain.join(" "))?;
    Some(rated(field, &all, group))
}

fn rated(field: Field, own: &[String], group: Option<&str>) -> Field {
    let rating = || {
        rating_of(own)
            .or_else(|| group.and_then(|g| rating_of(&words(g))))
            .unwrap_or(Rating::Current)
    };
    match field {
        Field::Likelihood(_) => Field::Likelihood(rating()),
        Field::Impact(_) => Field::Impact(rating()),
        f => f,
    }
}

/// How many of a row's cells name a column an alias knows: the header is the row with most.
fn recognised(row: &Row, target: Target) -> usize {
    row.cells
        .iter()
        .filter_map(|c| match c {
            Cell::Text(t) => classify(t, None, target),
            _ => None,
        })
        .filter(|f| !matches!(f, Field::Computed))
        .count()
}

/// The group heading of each column: the merged range above the header that covers it, else
/// the nearest heading to its left in the row just above (when that row holds several).
fn groups(sheet: &Sheet, header_index: usize, width: usize) -> Vec<Option<String>> {
    let header_number = sheet.rows[header_index].number;
    let text_at = |row0: usize, col: usize| -> Option<String> {
        sheet
            .rows
            .iter()
            .find(|r| r.number == row0 + 1)
            .map(|r| r.cell(col).text())
            .filter(|t| !t.is_empty())
    };
    let above = header_index
        .checked_sub(1)
        .map(|i| &sheet.rows[i])
        .filter(|r| r.cells.iter().filter(|c| !c.is_empty()).count() >= 2);
    (0..width)
        .map(|col| {
            let merged = sheet
                .merges
                .iter()
                .filter(|m| m.last_row + 1 < header_number)
                .filter(|m| m.first_col <= col && col <= m.last_col && m.last_col > m.first_col)
                .max_by_key(|m| m.first_row)
                .and_then(|m| text_at(m.first_row, m.first_col));
            merged.or_else(|| {
                let row = above?;
                (0..=col)
                    .rev()
                    .map(|c| row.cell(c).text())
                    .find(|t| !t.is_empty())
            })
        })
        .collect()
}

/// Finds the header among the first 20 rows and names every column; `maps` override the
/// aliases. Err when no row names at least two known columns.
pub fn layout(sheet: &Sheet, target: Target, maps: &[MapPair]) -> Result<Layout, String> {
    let (header_index, score) = sheet
        .rows
        .iter()
        .take(20)
        .enumerate()
        .map(|(i, r)| (i, recognised(r, target)))
        .fold(
            (0, 0),
            |best, (i, s)| if s > best.1 { (i, s) } else { best },
        );
    let mapped_header = sheet.rows.iter().take(20).position(|r| {
        r.cells
            .iter()
            .any(|c| maps.iter().any(|m| names_header(&m.column, &c.text())))
    });
    let header_index = match (score, mapped_header) {
        (s, _) if s >= 2 => header_index,
        (_, Some(i)) => i,
        _ => {
            return Err(
                "no header row among the first 20 rows: no row names two known columns \
                 (such as ID, Title, Likelihood, Impact); name the columns with --map HEADER=FIELD"
                    .to_string(),
            );
        }
    };
    let header = &sheet.rows[header_index];
    let width = sheet.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let groups = groups(sheet, header_index, width);
    let mut columns = Vec::new();
    for (index, group) in groups.into_iter().enumerate() {
        let text = header.cell(index).text();
        let group = group.filter(|g| g != &text);
        let mapped = maps.iter().find(|m| {
            super::column_of_letters(&m.column) == Some(index) || names_header(&m.column, &text)
        });
        let (field, how) = match mapped {
            Some(m) => (m.field.clone(), How::Map),
            None if text.is_empty() => {
                // A column without a header holds nothing anyone named: only kept if filled.
                (Field::Unmapped, How::None)
            }
            None => match classify(&text, group.as_deref(), target) {
                Some(f) => (f, How::Alias),
                None => (Field::Unmapped, How::None),
            },
        };
        // A heading only qualifies ratings (and tells apart two columns of one name); over
        // other columns it is noise, and a CSV cannot say where a heading ends.
        let twice = header
            .cells
            .iter()
            .filter(|c| !text.is_empty() && c.text() == text)
            .count()
            > 1;
        let group = group.filter(|_| {
            twice
                || matches!(
                    field,
                    Field::Likelihood(_) | Field::Impact(_) | Field::Computed
                )
        });
        let header_text = if text.is_empty() {
            format!("Column {}", letters(index))
        } else {
            text
        };
        columns.push(Column {
            index,
            header: header_text,
            group,
            field,
            how,
        });
    }
    let mut first_data = header_index + 1;
    let mut description_row = None;
    if let Some(next) = sheet.rows.get(first_data)
        && is_description(next, &columns)
    {
        description_row = Some(next.number);
        first_data += 1;
    }
    Ok(Layout {
        header_row: header.number,
        description_row,
        columns,
        first_data,
    })
}

/// True when `name` (from `--map`) names the column headed `header`.
fn names_header(name: &str, header: &str) -> bool {
    !header.is_empty()
        && (name.trim().eq_ignore_ascii_case(header.trim()) || words(name) == words(header))
}

/// A row of column descriptions under the header: all text, and its reference cell (or, without
/// one, its cells on average) reads as prose rather than as values.
fn is_description(row: &Row, columns: &[Column]) -> bool {
    let filled: Vec<&Cell> = row.cells.iter().filter(|c| !c.is_empty()).collect();
    if filled.is_empty() || !filled.iter().all(|c| matches!(c, Cell::Text(_))) {
        return false;
    }
    let cell_of = |f: &dyn Fn(&Field) -> bool| {
        columns
            .iter()
            .filter(|c| f(&c.field))
            .map(|c| row.cell(c.index).text())
            .collect::<Vec<_>>()
    };
    let ratings = cell_of(&|f| matches!(f, Field::Likelihood(_) | Field::Impact(_)));
    if ratings
        .iter()
        .any(|t| t.starts_with(|c: char| c.is_ascii_digit()))
    {
        return false;
    }
    let refs = cell_of(&|f| matches!(f, Field::Ref));
    if let Some(r) = refs.iter().find(|r| !r.is_empty()) {
        return r.split_whitespace().count() >= 2;
    }
    let words: usize = filled
        .iter()
        .map(|c| c.text().split_whitespace().count())
        .sum();
    words >= 3 * filled.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(header: &str) -> Option<Field> {
        classify(header, None, Target::Risks)
    }

    #[test]
    fn names_are_normalised_and_matched_against_aliases() {
        assert_eq!(f("Risk ID"), Some(Field::Ref));
        assert_eq!(f("Reference / Risk ID"), Some(Field::Ref));
        assert_eq!(f("Risk"), Some(Field::Title));
        assert_eq!(f("Risk Description"), Some(Field::Description));
        assert_eq!(f("Risk statement"), Some(Field::Description));
        assert_eq!(f("Risk Owner"), Some(Field::Owner));
        assert_eq!(f("Risk manager"), Some(Field::Owner));
        assert_eq!(
            f("PROBABILITY (1-5)"),
            Some(Field::Likelihood(Rating::Current))
        );
        assert_eq!(f("Impact Score"), Some(Field::Impact(Rating::Current)));
        assert_eq!(f("Consequence level"), Some(Field::Impact(Rating::Current)));
        assert_eq!(f("Treatment approach"), Some(Field::Treatment));
        assert_eq!(f("Existing controls"), Some(Field::Controls));
        assert_eq!(f("Current controls"), Some(Field::Controls));
        assert_eq!(f("Date raised"), Some(Field::Identified));
        assert_eq!(f("Next review"), Some(Field::NextReview));
        assert_eq!(f("Risk rating"), Some(Field::Computed));
        assert_eq!(f("Inherent risk rating"), Some(Field::Computed));
        assert_eq!(f("RR score"), Some(Field::Computed));
        assert_eq!(f("Risk Score"), Some(Field::Computed));
        assert_eq!(f("L x I"), Some(Field::Computed));
        assert_eq!(f("Directorate"), None);
    }

    #[test]
    fn the_name_or_the_group_heading_decides_the_rating() {
        assert_eq!(
            f("Inherent likelihood"),
            Some(Field::Likelihood(Rating::Inherent))
        );
        assert_eq!(f("Gross impact"), Some(Field::Impact(Rating::Inherent)));
        assert_eq!(
            f("Target Likelihood"),
            Some(Field::Likelihood(Rating::Target))
        );
        assert_eq!(f("Residual impact"), Some(Field::Impact(Rating::Current)));
        let under = |group| classify("Impact Score", Some(group), Target::Risks);
        assert_eq!(
            under("Risk Assessment (Inherent Risk)"),
            Some(Field::Impact(Rating::Inherent))
        );
        assert_eq!(
            under("Risk Management (Residual Risk)"),
            Some(Field::Impact(Rating::Current))
        );
        assert_eq!(under("Target"), Some(Field::Impact(Rating::Target)));
    }

    #[test]
    fn action_sheets_have_their_own_aliases() {
        let a = |h| classify(h, None, Target::Actions);
        assert_eq!(a("Risk Ref"), Some(Field::Ref));
        assert_eq!(a("Action"), Some(Field::Title));
        assert_eq!(a("Action owner"), Some(Field::Owner));
        assert_eq!(a("Target date"), Some(Field::Due));
        assert_eq!(a("Date completed"), Some(Field::Done));
    }

    fn text_row(number: usize, cells: &[&str]) -> Row {
        Row {
            number,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(c.to_string())
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn the_header_is_found_under_a_title_and_group_headings_and_above_descriptions() {
        let sheet = Sheet {
            name: "Register".into(),
            rows: vec![
                text_row(1, &["Corporate risk register 2023"]),
                text_row(3, &["", "", "Inherent", "", "Residual", ""]),
                text_row(
                    4,
                    &[
                        "Risk ID",
                        "Risk",
                        "Likelihood",
                        "Impact Score",
                        "Likelihood",
                        "Impact Score",
                    ],
                ),
                text_row(
                    5,
                    &[
                        "Unique risk ID",
                        "What could happen",
                        "The probability of the risk manifesting",
                        "",
                        "",
                        "",
                    ],
                ),
                text_row(6, &["R1", "Outage", "3", "4", "2", "3"]),
            ],
            merges: vec![],
        };
        let layout = layout(&sheet, Target::Risks, &[]).unwrap();
        assert_eq!(layout.header_row, 4);
        assert_eq!(layout.description_row, Some(5));
        assert_eq!(layout.first_data, 4);
        let fields: Vec<Field> = layout.columns.iter().map(|c| c.field.clone()).collect();
        assert_eq!(
            fields,
            [
                Field::Ref,
                Field::Title,
                Field::Likelihood(Rating::Inherent),
                Field::Impact(Rating::Inherent),
                Field::Likelihood(Rating::Current),
                Field::Impact(Rating::Current),
            ]
        );
        assert_eq!(layout.columns[3].label(), "Impact Score (Inherent)");
        assert_eq!(
            layout.columns[3].to_string(),
            "D Impact Score (Inherent) -> inherent.impact"
        );
    }

    #[test]
    fn a_map_names_a_column_by_header_or_letter() {
        let sheet = Sheet {
            name: "s".into(),
            rows: vec![
                text_row(1, &["Ref", "Headline", "Chance", "Hit", "Dept"]),
                text_row(2, &["R1", "Outage", "3", "4", "IT"]),
            ],
            merges: vec![],
        };
        let maps = [
            MapPair {
                column: "chance".into(),
                field: Field::Likelihood(Rating::Current),
            },
            MapPair {
                column: "D".into(),
                field: Field::Impact(Rating::Current),
            },
            MapPair {
                column: "E".into(),
                field: Field::Ignore,
            },
        ];
        let layout = layout(&sheet, Target::Risks, &maps).unwrap();
        let shown: Vec<String> = layout.columns.iter().map(|c| c.to_string()).collect();
        assert_eq!(
            shown,
            [
                "A Ref -> ref",
                "B Headline -> title",
                "C Chance -> likelihood (--map)",
                "D Hit -> impact (--map)",
                "E Dept -> ignore (--map)"
            ]
        );
        assert_eq!(
            Field::parse("inherent.likelihood", Target::Risks),
            Ok(Field::Likelihood(Rating::Inherent))
        );
        assert!(Field::parse("colour", Target::Risks).is_err());
    }
}
