//! The board report in figures: everything `risk report` shows, computed from the model so that
//! the HTML renderer only lays it out.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::compensation::{IncidentTotals, totals};
use super::current;
use super::deadlines::{add_days, days_overdue, record_order, review_due};
use super::duties::{Duty, State, claim_duties, incident_duties};
use super::matrix::Matrix;
use super::rows::{RankRow, RiskRow, rank_rows, risk_row};
use crate::model::claim::ClaimStatus;
use crate::model::incident::IncidentStatus;
use crate::model::{Claim, Incident, Money, Risk, Settings};

/// How many risks each "top risks" table lists.
pub const TOP: usize = 10;
/// Reviews falling due within this many days are listed with the overdue ones.
pub const REVIEW_HORIZON_DAYS: u32 = 30;
/// How many months the "incidents by month" chart covers, ending with the month of today.
pub const MONTHS: u32 = 12;

/// Everything the report shows, in the order it shows it.
#[derive(Clone, Debug, Serialize)]
pub struct ReportData {
    pub name: String,
    pub today: NaiveDate,
    pub currency: String,
    /// Every band of the settings, lowest first, with its open risks.
    pub bands: Vec<BandFigure>,
    pub headline: Headline,
    pub current: HeatMap,
    pub target: HeatMap,
    pub top_by_score: Vec<RiskRow>,
    pub top_by_ap: Vec<RankRow>,
    pub overdue_by_owner: Vec<OwnerActions>,
    pub reviews_due: Vec<ReviewDue>,
    pub incidents_by_month: Vec<Count>,
    pub incidents_by_harm: Vec<Count>,
    pub missed_duties: Vec<MissedDuty>,
    pub claims_by_status: Vec<Count>,
    pub budgets: Vec<BudgetRow>,
    pub sla: Vec<SlaRow>,
    pub sla_total: SlaRow,
    pub satisfaction: Satisfaction,
    pub lessons: Vec<Lessons>,
    /// Appetite, controls, the rating journey and treatments by return (DESIGN 10).
    pub model: super::report_model::ModelData,
    /// The latest SWOT analysis by `held`, read against the register (DESIGN 11.1); set by the
    /// caller, which has the analyses.
    pub swot: Option<crate::rating::analysis::SwotView>,
    /// Every incident with its duties, claims and lessons (`report_incidents`).
    pub incident_register: Vec<super::report_incidents::IncidentSummary>,
    /// Every open risk by id, so each one in the report is named with its title.
    pub open_risks: Vec<RiskRow>,
    /// What changed since a revision (`--since REV`), when asked for.
    pub since: Option<super::since::Since>,
}

/// A band of the settings: its name, its position (0 = lowest) and how many open risks sit in it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct BandFigure {
    pub name: String,
    pub position: usize,
    pub open_risks: usize,
}

/// The figures at the top of the report.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Headline {
    pub open_risks: usize,
    pub overdue_actions: usize,
    pub reviews_overdue: usize,
    /// Reviews not yet overdue but due within [`REVIEW_HORIZON_DAYS`].
    pub reviews_due_soon: usize,
    /// Incidents still open or contained (not yet resolved or closed).
    pub open_incidents: usize,
    pub incidents: usize,
    /// Claims received, being assessed, offered or accepted: still to be settled.
    pub claims_open: usize,
    pub claims_paid: usize,
    pub claims: usize,
    /// Compensation paid, over every incident.
    pub paid: Money,
    /// The sum of the budgets of the incidents that set one.
    pub budget: Option<Money>,
    /// `paid` as a whole percentage of `budget`.
    pub paid_percent: Option<u64>,
}

/// A heat map: likelihood rows from the top (highest first), impact columns left to right.
#[derive(Clone, Debug, Serialize)]
pub struct HeatMap {
    /// `current` or `target`.
    pub rating: &'static str,
    pub total: usize,
    /// Impact labels, level 1 first.
    pub impact_labels: Vec<String>,
    pub rows: Vec<HeatRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HeatRow {
    pub likelihood: u8,
    pub label: String,
    pub cells: Vec<HeatCell>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HeatCell {
    pub likelihood: u8,
    pub impact: u8,
    pub score: u32,
    pub band: String,
    /// The position of the band in the settings, 0 = lowest.
    pub band_position: usize,
    pub risks: Vec<String>,
}

/// One owner's overdue actions, most overdue first.
#[derive(Clone, Debug, Serialize)]
pub struct OwnerActions {
    /// None for actions without an owner (listed last).
    pub owner: Option<String>,
    pub actions: Vec<OverdueAction>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OverdueAction {
    pub record: String,
    pub record_title: String,
    pub action: String,
    pub title: String,
    pub due: NaiveDate,
    pub days_overdue: i64,
}

/// A risk review that is overdue or falls due soon.
#[derive(Clone, Debug, Serialize)]
pub struct ReviewDue {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub band: String,
    pub band_position: usize,
    pub due: NaiveDate,
    /// Days past due; negative while it is still to come (−3: due in three days).
    pub days_overdue: i64,
}

/// A labelled count: one bar of a chart.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Count {
    pub label: String,
    pub count: usize,
}

/// An incident duty or claim SLA that was missed: done late, or still undone past its due date.
#[derive(Clone, Debug, Serialize)]
pub struct MissedDuty {
    pub record: String,
    pub kind: &'static str,
    pub item: String,
    pub what: String,
    pub due: NaiveDate,
    pub done: Option<NaiveDate>,
    /// `late` or `overdue`.
    pub state: State,
}

/// One incident's compensation against its budget.
#[derive(Clone, Debug, Serialize)]
pub struct BudgetRow {
    pub incident: String,
    pub title: String,
    pub claims: usize,
    pub requested: Money,
    pub offered: Money,
    pub paid: Money,
    pub budget: Option<Money>,
    /// `paid` as a whole percentage of the budget.
    pub paid_percent: Option<u64>,
    /// Committed compensation (`offered`) above the budget.
    pub over_budget: bool,
}

/// How one kind of duty fared: met on time, late, overdue, pending.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct SlaRow {
    pub kind: &'static str,
    pub met: usize,
    pub late: usize,
    pub overdue: usize,
    pub pending: usize,
    /// Met as a whole percentage of the duties that fell due (met + late + overdue).
    pub percent_met: Option<u64>,
}

/// Customer satisfaction after closure (1..5).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Satisfaction {
    pub responses: usize,
    /// The mean to one decimal place, e.g. `4.3`.
    pub average: Option<String>,
    /// How many answered 1, 2, 3, 4 and 5.
    pub by_score: Vec<Count>,
}

/// The lessons learned in one incident's post-incident review.
#[derive(Clone, Debug, Serialize)]
pub struct Lessons {
    pub incident: String,
    pub title: String,
    pub held: Option<NaiveDate>,
    /// Each lesson with where it went: its actions (and which are open) and risks.
    pub lessons: Vec<crate::rating::lessons::LessonRow>,
}

const DUTY_KINDS: [&str; 7] = [
    "notify",
    "update",
    "regulator",
    "pir",
    "acknowledge",
    "decide",
    "pay",
];

/// `part` as a whole percentage of `whole`, rounded half up; None when `whole` is zero.
pub fn percent(part: u64, whole: u64) -> Option<u64> {
    (whole > 0).then(|| (part * 200 + whole) / (whole * 2))
}

/// Builds the report. Open risks fill the heat maps, rankings and reviews; overdue actions come
/// from open risks and incidents not closed; incidents and claims count whatever their status.
pub fn build(
    settings: &Settings,
    risks: &[&Risk],
    incidents: &[&Incident],
    claims: &[&Claim],
    today: NaiveDate,
) -> ReportData {
    let open: Vec<&Risk> = risks.iter().copied().filter(|r| r.is_open()).collect();
    let position = |band: &str| settings.band_index(band).unwrap_or(0);

    let bands = settings
        .bands
        .iter()
        .enumerate()
        .map(|(i, b)| BandFigure {
            name: b.name.clone(),
            position: i,
            open_risks: open
                .iter()
                .filter(|r| current(settings, r).band == b.name)
                .count(),
        })
        .collect();

    let overdue_by_owner = overdue_by_owner(&open, incidents, today);
    let reviews_due = reviews_due(settings, &open, today);
    let (sla, sla_total, missed_duties) = duties(settings, incidents, claims, today);
    let budgets = budgets(incidents, claims);
    let paid: Money = budgets.iter().map(|b| b.paid).sum();
    let budget_total: Option<Money> = incidents
        .iter()
        .filter_map(|i| i.compensation_budget)
        .reduce(|a, b| a + b);

    let headline = Headline {
        open_risks: open.len(),
        overdue_actions: overdue_by_owner.iter().map(|o| o.actions.len()).sum(),
        reviews_overdue: reviews_due.iter().filter(|r| r.days_overdue > 0).count(),
        reviews_due_soon: reviews_due.iter().filter(|r| r.days_overdue <= 0).count(),
        open_incidents: incidents
            .iter()
            .filter(|i| matches!(i.status(), IncidentStatus::Open | IncidentStatus::Contained))
            .count(),
        incidents: incidents.len(),
        claims_open: claims
            .iter()
            .filter(|c| {
                matches!(
                    c.status(),
                    ClaimStatus::Received
                        | ClaimStatus::Assessing
                        | ClaimStatus::Offered
                        | ClaimStatus::Accepted
                )
            })
            .count(),
        claims_paid: claims
            .iter()
            .filter(|c| c.status() == ClaimStatus::Paid)
            .count(),
        claims: claims.len(),
        paid,
        budget: budget_total,
        paid_percent: budget_total
            .and_then(|b| percent(paid.minor().max(0) as u64, b.minor().max(0) as u64)),
    };

    let mut by_score: Vec<&Risk> = open.clone();
    by_score.sort_by(|a, b| {
        let (ra, rb) = (current(settings, a), current(settings, b));
        rb.score
            .cmp(&ra.score)
            .then(position(&rb.band).cmp(&position(&ra.band)))
            .then(a.id.cmp(&b.id))
    });
    let top_by_score = by_score
        .iter()
        .take(TOP)
        .map(|r| risk_row(settings, r, today))
        .collect();
    let mut top_by_ap = rank_rows(open.iter().copied(), false);
    top_by_ap.truncate(TOP);

    let model = super::report_model::build(settings, &open, today);
    let open_risks = open.iter().map(|r| risk_row(settings, r, today)).collect();
    ReportData {
        model,
        incident_register: super::report_incidents::summaries(settings, incidents, claims, today),
        open_risks,
        name: settings.name.clone(),
        today,
        currency: settings.currency.clone(),
        bands,
        headline,
        current: heat_map(settings, &open, false),
        target: heat_map(settings, &open, true),
        top_by_score,
        top_by_ap,
        overdue_by_owner,
        reviews_due,
        incidents_by_month: incidents_by_month(incidents, today),
        incidents_by_harm: settings
            .harms
            .iter()
            .map(|h| Count {
                label: h.clone(),
                count: incidents.iter().filter(|i| i.harms.contains(h)).count(),
            })
            .collect(),
        missed_duties,
        claims_by_status: ClaimStatus::ALL
            .iter()
            .map(|s| Count {
                label: s.as_str().to_string(),
                count: claims.iter().filter(|c| c.status() == *s).count(),
            })
            .filter(|c| c.count > 0)
            .collect(),
        budgets,
        sla,
        sla_total,
        satisfaction: satisfaction(claims),
        lessons: incidents
            .iter()
            .filter_map(|i| {
                let review = i.review.as_ref()?;
                (!review.lessons.is_empty()).then(|| Lessons {
                    incident: i.id.to_string(),
                    title: i.title.clone(),
                    held: review.held,
                    lessons: crate::rating::lessons::lessons([*i], &Default::default()),
                })
            })
            .collect(),
        swot: None,
        since: None,
    }
}

fn heat_map(settings: &Settings, open: &[&Risk], use_target: bool) -> HeatMap {
    let matrix = Matrix::build(settings, open.iter().copied(), use_target);
    let rows = (1..=matrix.rows)
        .rev()
        .map(|l| HeatRow {
            likelihood: l,
            label: settings.scales.likelihood[l as usize - 1].clone(),
            cells: (1..=matrix.cols)
                .map(|i| {
                    let cell = matrix.cell(l, i);
                    HeatCell {
                        likelihood: l,
                        impact: i,
                        score: cell.score,
                        band_position: settings.band_index(&cell.band).unwrap_or(0),
                        band: cell.band.clone(),
                        risks: cell.risks.clone(),
                    }
                })
                .collect(),
        })
        .collect();
    HeatMap {
        rating: if use_target { "target" } else { "current" },
        total: open.len(),
        impact_labels: settings.scales.impact.clone(),
        rows,
    }
}

fn overdue_by_owner(
    open: &[&Risk],
    incidents: &[&Incident],
    today: NaiveDate,
) -> Vec<OwnerActions> {
    let mut items: Vec<(Option<String>, OverdueAction)> = Vec::new();
    let records = open
        .iter()
        .map(|r| (r.id.as_str(), r.title.as_str(), &r.actions))
        .chain(
            incidents
                .iter()
                .filter(|i| i.status() != IncidentStatus::Closed)
                .map(|i| (i.id.as_str(), i.title.as_str(), &i.actions)),
        );
    for (record, record_title, actions) in records {
        for action in actions.iter().filter(|a| a.is_open()) {
            let Some(due) = action.due else { continue };
            let Some(days) = days_overdue(due, today) else {
                continue;
            };
            items.push((
                action.owner.clone(),
                OverdueAction {
                    record: record.to_string(),
                    record_title: record_title.to_string(),
                    action: action.id.clone(),
                    title: action.title.clone(),
                    due,
                    days_overdue: days,
                },
            ));
        }
    }
    // Owners alphabetically, actions without an owner last; most overdue first within each.
    items.sort_by(|(oa, a), (ob, b)| {
        oa.is_none()
            .cmp(&ob.is_none())
            .then(oa.cmp(ob))
            .then(b.days_overdue.cmp(&a.days_overdue))
            .then(record_order(&a.record, &b.record))
            .then(a.action.cmp(&b.action))
    });
    let mut groups: Vec<OwnerActions> = Vec::new();
    for (owner, action) in items {
        match groups.last_mut() {
            Some(group) if group.owner == owner => group.actions.push(action),
            _ => groups.push(OwnerActions {
                owner,
                actions: vec![action],
            }),
        }
    }
    groups
}

fn reviews_due(settings: &Settings, open: &[&Risk], today: NaiveDate) -> Vec<ReviewDue> {
    let horizon = add_days(today, REVIEW_HORIZON_DAYS);
    let mut rows: Vec<ReviewDue> = open
        .iter()
        .filter_map(|r| {
            let band = current(settings, r).band;
            let due = review_due(settings, r, &band, today);
            (due <= horizon).then(|| ReviewDue {
                id: r.id.to_string(),
                title: r.title.clone(),
                owner: r.owner.clone(),
                band_position: settings.band_index(&band).unwrap_or(0),
                band,
                due,
                days_overdue: (today - due).num_days(),
            })
        })
        .collect();
    rows.sort_by(|a, b| a.due.cmp(&b.due).then(record_order(&a.id, &b.id)));
    rows
}

fn incidents_by_month(incidents: &[&Incident], today: NaiveDate) -> Vec<Count> {
    let month = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let last = month(today);
    (last - MONTHS as i32 + 1..=last)
        .map(|m| Count {
            label: format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1),
            // The month the incident was detected, as recorded (its own offset).
            count: incidents
                .iter()
                .filter(|i| month(i.detected.date_naive()) == m)
                .count(),
        })
        .collect()
}

type DutyFigures = (Vec<SlaRow>, SlaRow, Vec<MissedDuty>);

fn duties(
    settings: &Settings,
    incidents: &[&Incident],
    claims: &[&Claim],
    today: NaiveDate,
) -> DutyFigures {
    let all: Vec<Duty> = incidents
        .iter()
        .flat_map(|i| incident_duties(settings, i, today))
        .chain(claims.iter().flat_map(|c| claim_duties(settings, c, today)))
        .collect();
    let row = |kind: &'static str, duties: &mut dyn Iterator<Item = &Duty>| {
        let mut r = SlaRow {
            kind,
            met: 0,
            late: 0,
            overdue: 0,
            pending: 0,
            percent_met: None,
        };
        for d in duties {
            match d.state {
                State::Met => r.met += 1,
                State::Late => r.late += 1,
                State::Overdue => r.overdue += 1,
                State::Pending => r.pending += 1,
            }
        }
        r.percent_met = percent(r.met as u64, (r.met + r.late + r.overdue) as u64);
        r
    };
    let sla: Vec<SlaRow> = DUTY_KINDS
        .iter()
        .map(|kind| row(kind, &mut all.iter().filter(|d| d.kind == *kind)))
        .filter(|r| r.met + r.late + r.overdue + r.pending > 0)
        .collect();
    let total = row("all", &mut all.iter());
    let mut missed: Vec<MissedDuty> = all
        .iter()
        .filter(|d| matches!(d.state, State::Late | State::Overdue))
        .map(|d| MissedDuty {
            record: d.record.clone(),
            kind: d.kind,
            item: d.item.clone(),
            what: d.what.clone(),
            due: d.due,
            done: d.done,
            state: d.state,
        })
        .collect();
    missed.sort_by(|a, b| {
        a.due
            .cmp(&b.due)
            .then(record_order(&a.record, &b.record))
            .then(a.item.cmp(&b.item))
    });
    (sla, total, missed)
}

fn budgets(incidents: &[&Incident], claims: &[&Claim]) -> Vec<BudgetRow> {
    let all: Vec<IncidentTotals> = totals(incidents.iter().copied(), claims.iter().copied());
    all.into_iter()
        .filter(|t| t.claims > 0 || t.budget.is_some())
        .map(|t| {
            let title = incidents
                .iter()
                .find(|i| i.id.as_str() == t.incident)
                .map(|i| i.title.clone())
                .unwrap_or_default();
            BudgetRow {
                over_budget: t.over_budget(),
                paid_percent: t
                    .budget
                    .and_then(|b| percent(t.paid.minor().max(0) as u64, b.minor().max(0) as u64)),
                incident: t.incident,
                title,
                claims: t.claims,
                requested: t.requested,
                offered: t.offered,
                paid: t.paid,
                budget: t.budget,
            }
        })
        .collect()
}

fn satisfaction(claims: &[&Claim]) -> Satisfaction {
    let scores: Vec<u64> = claims
        .iter()
        .filter_map(|c| c.satisfaction)
        .map(u64::from)
        .collect();
    let n = scores.len() as u64;
    let sum: u64 = scores.iter().sum();
    // The mean in tenths, rounded half up: integer arithmetic keeps the output exact.
    let average = (n > 0).then(|| {
        let tenths = (sum * 20 + n) / (n * 2);
        format!("{}.{}", tenths / 10, tenths % 10)
    });
    Satisfaction {
        responses: scores.len(),
        average,
        by_score: (1..=5)
            .map(|s| Count {
                label: s.to_string(),
                count: scores.iter().filter(|x| **x == s).count(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec as yaml;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn risk(text: &str) -> Risk {
        yaml::parse(text).unwrap()
    }

    #[test]
    fn percentages_round_half_up_and_need_a_whole() {
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(1, 8), Some(13)); // 12.5 rounds up
        assert_eq!(percent(0, 5), Some(0));
        assert_eq!(percent(3, 0), None);
    }

    #[test]
    fn satisfaction_averages_in_exact_tenths() {
        let claim = |id: u32, s: u8| -> Claim {
            yaml::parse(&format!(
                "id: CLM-{id}\nincident: INC-1\ncustomer: C{id}\nreceived: 2026-10-01\nsatisfaction: {s}\n"
            ))
            .unwrap()
        };
        let claims = [claim(1, 4), claim(2, 5), claim(3, 4)];
        let refs: Vec<&Claim> = claims.iter().collect();
        let s = satisfaction(&refs);
        assert_eq!(s.responses, 3);
        assert_eq!(s.average.as_deref(), Some("4.3"));
        assert_eq!(s.by_score[3].count, 2);
        assert_eq!(satisfaction(&[]).average, None);
    }

    #[test]
    fn heat_map_rows_run_from_the_highest_likelihood_and_carry_band_positions() {
        let s = Settings::default();
        let a = risk("id: RISK-1\ntitle: a\nlikelihood: 5\nimpact: 4\n");
        let b = risk("id: RISK-2\ntitle: b\nlikelihood: 1\nimpact: 1\nstatus: closed\n");
        let data = build(&s, &[&a, &b], &[], &[], date("2026-11-23"));
        assert_eq!(data.current.rows[0].likelihood, 5);
        let cell = &data.current.rows[0].cells[3];
        assert_eq!((cell.impact, cell.band.as_str()), (4, "high"));
        assert_eq!(cell.band_position, 2);
        assert_eq!(cell.risks, vec!["RISK-1"]);
        assert_eq!(data.current.total, 1, "closed risks are left out");
        assert_eq!(data.bands[2].open_risks, 1);
        assert_eq!(data.headline.open_risks, 1);
    }

    #[test]
    fn overdue_actions_group_by_owner_with_the_unowned_last() {
        let s = Settings::default();
        let r = risk(
            "id: RISK-1\ntitle: a\nlikelihood: 2\nimpact: 2\nactions:\n\
             - {id: A1, title: x, due: 2026-11-01}\n\
             - {id: A2, title: y, owner: zed, due: 2026-11-20}\n\
             - {id: A3, title: z, owner: ann, due: 2026-10-01}\n\
             - {id: A4, title: w, owner: zed, due: 2026-10-01}\n\
             - {id: A5, title: v, owner: ann, due: 2026-12-01}\n\
             - {id: A6, title: u, owner: ann, due: 2026-01-01, status: done, done: 2026-01-01}\n",
        );
        let data = build(&s, &[&r], &[], &[], date("2026-11-23"));
        let groups: Vec<(Option<&str>, Vec<&str>)> = data
            .overdue_by_owner
            .iter()
            .map(|g| {
                (
                    g.owner.as_deref(),
                    g.actions.iter().map(|a| a.action.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            groups,
            vec![
                (Some("ann"), vec!["A3"]),
                (Some("zed"), vec!["A4", "A2"]),
                (None, vec!["A1"]),
            ]
        );
        assert_eq!(data.headline.overdue_actions, 4);
    }

    #[test]
    fn incidents_by_month_covers_twelve_months_ending_today() {
        let s = Settings::default();
        let inc = |id: u32, detected: &str| -> Incident {
            yaml::parse(&format!(
                "id: INC-{id}\ntitle: t\nseverity: 2\ndetected: {detected}\nharms: [delay]\n"
            ))
            .unwrap()
        };
        // Detected on the 1st of November in Sydney: still October in UTC, November as recorded.
        let a = inc(1, "2026-11-01T08:00:00+10:00");
        let b = inc(2, "2025-12-31T23:00:00+00:00");
        let c = inc(3, "2025-11-30T23:00:00+00:00");
        let data = build(&s, &[], &[&a, &b, &c], &[], date("2026-11-23"));
        let months = &data.incidents_by_month;
        assert_eq!(months.len(), 12);
        assert_eq!(months[0].label, "2025-12");
        assert_eq!(months[0].count, 1);
        assert_eq!(
            months[11],
            Count {
                label: "2026-11".into(),
                count: 1
            }
        );
        let delay = data.incidents_by_harm.iter().find(|c| c.label == "delay");
        assert_eq!(delay.map(|c| c.count), Some(3));
    }
}
