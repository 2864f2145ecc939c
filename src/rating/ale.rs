//! Annual loss expectancy and the cost-benefit of treatment (DESIGN 10.5), in exact integers:
//! money in cents, probabilities in ten-thousandths, rounding half away from zero.

use serde::Serialize;

use crate::model::probability::ONE;
use crate::model::risk::Loss;
use crate::model::{Money, Probability, Risk, Settings};

/// Single-loss amount × yearly probability, rounded half away from zero to the cent.
pub fn ale(single: Money, per_year: Probability) -> Money {
    Money::from_minor(div_round(
        single.minor() as i128 * per_year.ten_thousandths() as i128,
        ONE as i128,
    ) as i64)
}

/// `n / d` rounded half away from zero; `d` is positive.
fn div_round(n: i128, d: i128) -> i128 {
    let q = (n.abs() * 2 + d) / (2 * d);
    if n < 0 { -q } else { q }
}

/// The ALE at these levels from the settings' quantification tables.
fn from_tables(settings: &Settings, likelihood: u8, impact: u8) -> Option<Money> {
    let q = settings.quantification.as_ref()?;
    let p = q.likelihood_per_year.get(likelihood as usize - 1)?;
    let single = q.impact_cost.get(impact as usize - 1)?;
    Some(ale(*single, *p))
}

fn of(loss: &Loss) -> Money {
    ale(loss.single, loss.per_year)
}

/// The ALE of the current rating: the risk's `loss`, else the tables at its levels.
pub fn ale_current(settings: &Settings, risk: &Risk) -> Option<Money> {
    match &risk.loss {
        Some(loss) => Some(of(loss)),
        None => from_tables(settings, risk.likelihood, risk.impact.overall()),
    }
}

/// The ALE of the target rating: `target.loss`, else the tables at the target levels.
pub fn ale_target(settings: &Settings, risk: &Risk) -> Option<Money> {
    let target = risk.target.as_ref()?;
    match &target.loss {
        Some(loss) => Some(of(loss)),
        None => from_tables(settings, target.likelihood, target.impact),
    }
}

/// The ALE of the inherent rating: `inherent.loss`, else the tables at the inherent levels.
pub fn ale_inherent(settings: &Settings, risk: &Risk) -> Option<Money> {
    let inherent = risk.inherent.as_ref()?;
    match &inherent.loss {
        Some(loss) => Some(of(loss)),
        None => from_tables(settings, inherent.likelihood, inherent.impact),
    }
}

/// One row of `risk cba`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CbaRow {
    pub id: String,
    pub title: String,
    pub ale_current: Money,
    pub ale_target: Money,
    pub reduction: Money,
    pub cost: Money,
    pub annual_cost: Money,
    pub net_benefit: Money,
    /// net_benefit / (cost + annual_cost), two places; null when the cost is 0
    pub rosi: Option<String>,
    #[serde(skip)]
    rosi_hundredths: Option<i128>,
}

/// The cost-benefit of one open risk with a target, an ALE at both ratings and an open action
/// with a cost; None otherwise.
pub fn cba_row(settings: &Settings, risk: &Risk) -> Option<CbaRow> {
    if !risk.is_open() {
        return None;
    }
    let costed: Vec<_> = risk
        .actions
        .iter()
        .filter(|a| a.is_open() && (a.cost.is_some() || a.annual_cost.is_some()))
        .collect();
    if costed.is_empty() {
        return None;
    }
    let ale_current = ale_current(settings, risk)?;
    let ale_target = ale_target(settings, risk)?;
    let cost: Money = costed.iter().filter_map(|a| a.cost).sum();
    let annual_cost: Money = costed.iter().filter_map(|a| a.annual_cost).sum();
    let reduction = ale_current - ale_target;
    let net_benefit = reduction - annual_cost - cost;
    let spend = (cost + annual_cost).minor() as i128;
    let rosi_hundredths = (spend != 0).then(|| div_round(net_benefit.minor() as i128 * 100, spend));
    Some(CbaRow {
        id: risk.id.to_string(),
        title: risk.title.clone(),
        ale_current,
        ale_target,
        reduction,
        cost,
        annual_cost,
        net_benefit,
        rosi: rosi_hundredths.map(hundredths),
        rosi_hundredths,
    })
}

/// `-125` as `-1.25`.
fn hundredths(n: i128) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", n.abs() / 100, n.abs() % 100)
}

/// The rows of `risk cba`: best return first (no return last), then by id.
pub fn cba_rows<'a>(settings: &Settings, risks: impl IntoIterator<Item = &'a Risk>) -> Vec<CbaRow> {
    let mut rows: Vec<(CbaRow, &crate::model::Id)> = risks
        .into_iter()
        .filter_map(|r| Some((cba_row(settings, r)?, &r.id)))
        .collect();
    rows.sort_by(|(a, a_id), (b, b_id)| {
        let key = |r: &CbaRow| r.rosi_hundredths.map(std::cmp::Reverse);
        match (key(a), key(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a_id.cmp(b_id))
    });
    rows.into_iter().map(|(r, _)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn p(s: &str) -> Probability {
        Probability::parse(s).unwrap()
    }

    #[test]
    fn ale_rounds_half_away_from_zero_at_the_cent() {
        assert_eq!(ale(money("250000"), p("0.3")), money("75000"));
        // 0.05 × 0.1 = 0.005: half a cent, rounded up.
        assert_eq!(ale(money("0.05"), p("0.1")), money("0.01"));
        // 0.01 × 0.4999 = 0.004999: below half, rounded down.
        assert_eq!(ale(money("0.01"), p("0.4999")), Money::ZERO);
        // Four places are kept exactly: 1234.56 × 0.0125 = 15.432.
        assert_eq!(ale(money("1234.56"), p("0.0125")), money("15.43"));
        assert_eq!(ale(money("1234.56"), p("1")), money("1234.56"));
        assert_eq!(ale(money("1234.56"), p("0")), Money::ZERO);
    }

    #[test]
    fn halves_round_away_from_zero_on_both_sides() {
        assert_eq!(div_round(5, 10), 1);
        assert_eq!(div_round(-5, 10), -1);
        assert_eq!(div_round(-4, 10), 0);
        assert_eq!(div_round(15, 10), 2);
        assert_eq!(div_round(-15, 10), -2);
    }

    fn risk(extra: &str) -> Risk {
        crate::codec::parse(&format!(
            "id: RISK-7\ntitle: t\nlikelihood: 3\nimpact: 4\ntarget:\n  likelihood: 2\n  impact: 4\n{extra}"
        ))
        .unwrap()
    }

    fn settings() -> Settings {
        crate::codec::parse(
            "quantification:\n  likelihood_per_year: [0.05, 0.1, 0.3, 0.6, 0.9]\n  impact_cost: [1000, 10000, 50000, 250000, 1000000]\n",
        )
        .unwrap()
    }

    #[test]
    fn cba_nets_the_first_year_and_divides_by_the_spend() {
        let r = risk(
            "actions:\n- id: A1\n  title: Failover\n  cost: 12000.00\n  annual_cost: 2000.00\n- id: A2\n  title: Drill\n  status: done\n  cost: 99999.00\n",
        );
        let row = cba_row(&settings(), &r).unwrap();
        assert_eq!(row.ale_current, money("75000")); // 250000 × 0.3
        assert_eq!(row.ale_target, money("25000")); // 250000 × 0.1
        assert_eq!(row.reduction, money("50000"));
        assert_eq!(row.cost, money("12000"));
        assert_eq!(row.annual_cost, money("2000"));
        assert_eq!(row.net_benefit, money("36000"));
        assert_eq!(row.rosi.as_deref(), Some("2.57")); // 36000 / 14000 = 2.571
    }

    #[test]
    fn a_zero_cost_has_no_return_and_sorts_last() {
        let free = risk("actions:\n- id: A1\n  title: Talk\n  cost: 0.00\n");
        let row = cba_row(&settings(), &free).unwrap();
        assert_eq!(row.rosi, None);
        assert_eq!(row.net_benefit, money("50000"));
        let mut costly: Risk = risk("actions:\n- id: A1\n  title: Buy\n  cost: 100000.00\n");
        costly.id = crate::model::Id::parse("RISK-9").unwrap();
        let rows = cba_rows(&settings(), [&free, &costly]);
        assert_eq!(rows[0].id, "RISK-9");
        assert_eq!(rows[0].rosi.as_deref(), Some("-0.50"));
        assert_eq!(rows[1].id, "RISK-7");
    }

    #[test]
    fn no_quantification_no_loss_no_row() {
        let r = risk("actions:\n- id: A1\n  title: Buy\n  cost: 10.00\n");
        assert_eq!(ale_current(&Settings::default(), &r), None);
        assert_eq!(cba_row(&Settings::default(), &r), None);
        let own = risk("loss:\n  single: 1000.00\n  per_year: 0.5\n");
        assert_eq!(ale_current(&Settings::default(), &own), Some(money("500")));
        assert_eq!(ale_target(&Settings::default(), &own), None);
    }
}
