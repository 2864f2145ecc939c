//! The board report: one self-contained HTML page (inline CSS and SVG, no script) laid out from a
//! [`ReportData`]; every figure is computed in `rating::report`, every text from a record escaped.

mod appetite;
mod controls;
mod incident_register;
mod journey;
mod learning;
mod risk_index;
mod since;
mod svg;
mod treatments;

use std::fmt::Write;

use crate::model::Money;
use crate::rating::duties::State;
use crate::rating::report::{Count, HeatMap, REVIEW_HORIZON_DAYS, ReportData};

const STYLE: &str = include_str!("report.css");

/// Escapes text for HTML content and attribute values: records are user input. Characters XML
/// forbids are dropped ([`super::escape::xml`]), so the page stays well-formed.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in super::escape::xml(text).chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// The fill of a band by its position among `bands`: green for the lowest, amber in the middle,
/// red for the highest; `faint` (for empty heat-map cells) mixes it with white. Light tints keep
/// dark text above 7:1 contrast.
pub fn band_colour(position: usize, bands: usize, faint: bool) -> String {
    const GREEN: [u32; 3] = [0x9b, 0xd6, 0x9b];
    const AMBER: [u32; 3] = [0xff, 0xd3, 0x7a];
    const RED: [u32; 3] = [0xf2, 0x8c, 0x82];
    // The position on a 0..=2*span scale: 0 green, span amber, 2*span red.
    let span = bands.saturating_sub(1).max(1) as u32;
    let at = if bands <= 1 {
        2 * span
    } else {
        2 * position.min(bands - 1) as u32
    };
    let (from, to, step) = if at <= span {
        (GREEN, AMBER, at)
    } else {
        (AMBER, RED, at - span)
    };
    let mut rgb = [0u32; 3];
    for k in 0..3 {
        let c = (from[k] * (span - step) + to[k] * step + span / 2) / span;
        rgb[k] = if faint { (c + 3 * 0xff) / 4 } else { c };
    }
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// An amount with thousands separators and the currency code: `EUR 12,500.00`.
pub fn money(amount: Money, currency: &str) -> String {
    let text = amount.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, cents) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let number = format!("{sign}{grouped}.{cents}");
    if currency.is_empty() {
        number
    } else {
        format!("{currency} {number}")
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn band_chip(name: &str, position: usize) -> String {
    format!(r#"<span class="band band-{position}">{}</span>"#, esc(name))
}

fn opt(value: Option<&str>) -> String {
    value.map(esc).unwrap_or_else(|| "—".into())
}

/// Renders the whole page.
pub fn render(data: &ReportData) -> String {
    let mut out = String::new();
    let title = format!("{} — risk report {}", data.name, data.today);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}",
        esc(&title)
    );
    for band in &data.bands {
        let _ = writeln!(
            out,
            ".band-{} {{ background: {}; }}",
            band.position,
            band_colour(band.position, data.bands.len(), false)
        );
    }
    out.push_str("</style>\n</head>\n<body>\n");
    let _ = write!(
        out,
        "<header class=\"masthead\">\n<h1>{}</h1>\n<p class=\"subtitle\">Risk report as of <time datetime=\"{today}\">{today}</time> · \
         {} · {} · {}</p>\n</header>\n<main>\n",
        esc(&data.name),
        plural(data.headline.open_risks, "open risk"),
        plural(data.headline.incidents, "incident"),
        plural(data.headline.claims, "claim"),
        today = data.today
    );
    headline(&mut out, data);
    since::section(&mut out, data);
    heat_maps(&mut out, data);
    top_risks(&mut out, data);
    journey::render(&mut out, data);
    appetite::render(&mut out, data);
    controls::render(&mut out, data);
    treatments::render(&mut out, data);
    risk_index::index(&mut out, data);
    overdue_actions(&mut out, data);
    reviews(&mut out, data);
    incidents(&mut out, data);
    incident_register::register(&mut out, data);
    missed_duties(&mut out, data);
    claims(&mut out, data);
    learning::swot(&mut out, data);
    learning::lessons(&mut out, data);
    let _ = write!(
        out,
        "</main>\n<footer>\n<p>Made by <code>risk report</code> from the register “{}” as of {}. \
         Score = likelihood × impact; bands and scales come from the register's settings. \
         Open risks only in the heat maps, rankings and reviews; incidents and claims of every status.</p>\n\
         </footer>\n</body>\n</html>\n",
        esc(&data.name),
        data.today
    );
    out
}

pub(super) fn section_start(out: &mut String, id: &str, title: &str, class: &str) {
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    let _ = write!(
        out,
        "<section id=\"{id}\" aria-labelledby=\"{id}-h\"{class}>\n<h2 id=\"{id}-h\">{}</h2>\n",
        esc(title)
    );
}

fn headline(out: &mut String, data: &ReportData) {
    let h = &data.headline;
    section_start(out, "summary", "At a glance", "");
    out.push_str("<dl class=\"figures\">\n");
    let by_band: Vec<String> = data
        .bands
        .iter()
        .rev()
        .map(|b| band_chip(&format!("{} {}", b.name, b.open_risks), b.position))
        .collect();
    let mut card = |term: &str, value: String, detail: String| {
        let _ = writeln!(
            out,
            "<div><dt>{}</dt><dd class=\"value\">{value}</dd><dd class=\"detail\">{detail}</dd></div>",
            esc(term)
        );
    };
    card(
        "Open risks",
        h.open_risks.to_string(),
        format!("by band: {}", by_band.join(" ")),
    );
    card(
        "Overdue actions",
        h.overdue_actions.to_string(),
        "open or in progress, past their due date".into(),
    );
    card(
        "Reviews due",
        h.reviews_overdue.to_string(),
        format!(
            "overdue; {} more due within {REVIEW_HORIZON_DAYS} days",
            h.reviews_due_soon
        ),
    );
    card(
        "Open incidents",
        h.open_incidents.to_string(),
        format!("open or contained, of {}", plural(h.incidents, "incident")),
    );
    card(
        "Open claims",
        h.claims_open.to_string(),
        format!(
            "{} paid, of {} received",
            h.claims_paid,
            plural(h.claims, "claim")
        ),
    );
    let paid = match (h.budget, h.paid_percent) {
        (Some(b), Some(p)) => format!(
            "{p}% of the budget of {} set aside",
            money(b, &data.currency)
        ),
        _ => "no compensation budget set".into(),
    };
    card(
        "Compensation paid",
        format!(
            "<span class=\"unit\">{}</span> {}",
            esc(&data.currency),
            money(h.paid, "")
        ),
        paid,
    );
    out.push_str("</dl>\n</section>\n");
}

fn heat_maps(out: &mut String, data: &ReportData) {
    section_start(out, "heat-maps", "Risk heat maps", "page");
    out.push_str(
        "<p class=\"note\">Each cell shows its band, how many open risks are rated there and their ids. \
         Likelihood rises upwards, impact to the right.</p>\n<ul class=\"legend\" aria-label=\"Bands, lowest first\">",
    );
    for band in &data.bands {
        let _ = write!(out, "<li>{}</li>", band_chip(&band.name, band.position));
    }
    out.push_str("</ul>\n");
    for (map, heading, caption) in [
        (
            &data.current,
            "Current rating",
            "Where the open risks are rated today.",
        ),
        (
            &data.target,
            "Target rating",
            "Where the open risks should be once their planned actions are done; a risk without a target stays at its current rating.",
        ),
    ] {
        let _ = write!(
            out,
            "<h3 id=\"{id}-h\">{heading}</h3>\n<figure id=\"heatmap-{id}\">\n{}\n<figcaption>{caption} {}.</figcaption>\n",
            svg::heat_map(map, data.bands.len()),
            plural(map.total, "open risk"),
            id = map.rating
        );
        heat_table(out, map);
        out.push_str("</figure>\n");
    }
    out.push_str("</section>\n");
}

fn heat_table(out: &mut String, map: &HeatMap) {
    let _ = write!(
        out,
        "<div class=\"sr-only\">\n<table class=\"heat-table\" data-rating=\"{}\">\n<caption>{} rating: band and risks per cell</caption>\n<thead><tr><th scope=\"col\">likelihood \\ impact</th>",
        map.rating,
        if map.rating == "target" {
            "Target"
        } else {
            "Current"
        }
    );
    for (i, label) in map.impact_labels.iter().enumerate() {
        let _ = write!(out, "<th scope=\"col\">{} {}</th>", i + 1, esc(label));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &map.rows {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{} {}</th>",
            row.likelihood,
            esc(&row.label)
        );
        for cell in &row.cells {
            let ids = if cell.risks.is_empty() {
                String::new()
            } else {
                format!(": {}", esc(&cell.risks.join(", ")))
            };
            let _ = write!(
                out,
                "<td data-likelihood=\"{}\" data-impact=\"{}\" data-count=\"{}\">{}, {}{ids}</td>",
                cell.likelihood,
                cell.impact,
                cell.risks.len(),
                esc(&cell.band),
                plural(cell.risks.len(), "risk")
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

fn top_risks(out: &mut String, data: &ReportData) {
    section_start(out, "top-risks", "Top risks", "page");
    out.push_str("<h3>By score</h3>\n");
    if data.top_by_score.is_empty() {
        out.push_str("<p class=\"empty\">No open risks.</p>\n");
    } else {
        out.push_str(
            "<table class=\"top-score\">\n<caption class=\"sr-only\">Open risks with the highest scores</caption>\n\
             <thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Risk</th><th scope=\"col\">Title</th>\
             <th scope=\"col\">Stage</th><th scope=\"col\">Owner</th><th scope=\"col\" class=\"num\">Score</th>\
             <th scope=\"col\">Band</th><th scope=\"col\">Target band</th></tr></thead>\n<tbody>\n",
        );
        for (k, row) in data.top_by_score.iter().enumerate() {
            let position = |band: &str| {
                data.bands
                    .iter()
                    .find(|b| b.name == band)
                    .map_or(0, |b| b.position)
            };
            let _ = writeln!(
                out,
                "<tr><td class=\"num\">{}</td><td class=\"id\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                k + 1,
                since::with_arrow(data, &row.id),
                esc(&row.title),
                opt(row.stage.as_deref()),
                opt(row.owner.as_deref()),
                row.score,
                band_chip(&row.band, position(&row.band)),
                row.target_band
                    .as_deref()
                    .map_or_else(|| "—".into(), |b| band_chip(b, position(b))),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("<h3>By action priority and RPN (FMEA)</h3>\n");
    if data.top_by_ap.is_empty() {
        out.push_str("<p class=\"empty\">No open risk has an FMEA view.</p>\n");
    } else {
        out.push_str(
            "<table class=\"top-ap\">\n<caption class=\"sr-only\">Open risks ranked by action priority, then RPN</caption>\n\
             <thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Risk</th><th scope=\"col\">Title</th>\
             <th scope=\"col\" class=\"num\">Severity</th><th scope=\"col\" class=\"num\">Occurrence</th>\
             <th scope=\"col\" class=\"num\">Detection</th><th scope=\"col\" class=\"num\">RPN</th>\
             <th scope=\"col\">AP</th></tr></thead>\n<tbody>\n",
        );
        for row in &data.top_by_ap {
            let _ = writeln!(
                out,
                "<tr><td class=\"num\">{}</td><td class=\"id\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"nowrap\">{}</td></tr>",
                row.rank,
                since::with_arrow(data, &row.id),
                esc(&row.title),
                row.severity,
                row.occurrence,
                row.detection,
                row.rpn,
                match row.ap {
                    "H" => "H (high)",
                    "M" => "M (medium)",
                    _ => "L (low)",
                }
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("<p class=\"note\">AP: action priority from severity, occurrence and detection (AIAG-VDA FMEA handbook, 2019).</p>\n</section>\n");
}

fn overdue_actions(out: &mut String, data: &ReportData) {
    section_start(out, "overdue-actions", "Overdue actions by owner", "page");
    if data.overdue_by_owner.is_empty() {
        out.push_str("<p class=\"empty\">No action is overdue.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table class=\"overdue-actions\">\n<caption class=\"sr-only\">Overdue actions, grouped by owner, most overdue first</caption>\n\
         <thead><tr><th scope=\"col\">Record</th><th scope=\"col\">Action</th><th scope=\"col\">What</th>\
         <th scope=\"col\">Due</th><th scope=\"col\" class=\"num\">Days overdue</th></tr></thead>\n",
    );
    for group in &data.overdue_by_owner {
        let owner = group
            .owner
            .as_deref()
            .map_or_else(|| "No owner".to_string(), esc);
        let _ = writeln!(
            out,
            "<tbody data-owner=\"{}\"><tr><th scope=\"rowgroup\" colspan=\"5\">{owner} — {}</th></tr>",
            group.owner.as_deref().map(esc).unwrap_or_default(),
            plural(group.actions.len(), "overdue action")
        );
        for a in &group.actions {
            let _ = writeln!(
                out,
                "<tr class=\"overdue\" data-record=\"{rec}\" data-action=\"{act}\"><td><span class=\"id\">{rec}</span> {}</td><td>{act}</td><td>{}</td><td class=\"date\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&a.record_title),
                esc(&a.title),
                a.due,
                a.days_overdue,
                rec = esc(&a.record),
                act = esc(&a.action),
            );
        }
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n</section>\n");
}

fn reviews(out: &mut String, data: &ReportData) {
    section_start(out, "reviews", "Reviews due", "");
    if data.reviews_due.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"empty\">No review is overdue or due within {REVIEW_HORIZON_DAYS} days.</p>"
        );
        out.push_str("</section>\n");
        return;
    }
    let _ = write!(
        out,
        "<p class=\"note\">Open risks whose review is overdue or due within {REVIEW_HORIZON_DAYS} days, earliest first.</p>\n\
         <table class=\"reviews\">\n<caption class=\"sr-only\">Reviews due</caption>\n\
         <thead><tr><th scope=\"col\">Risk</th><th scope=\"col\">Title</th><th scope=\"col\">Owner</th>\
         <th scope=\"col\">Band</th><th scope=\"col\">Due</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n"
    );
    for r in &data.reviews_due {
        let status = match r.days_overdue {
            d if d > 0 => format!(
                "<span class=\"flag\">overdue</span> {}",
                plural(d as usize, "day")
            ),
            0 => "due today".to_string(),
            d => format!("due in {}", plural((-d) as usize, "day")),
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"id\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"date\">{}</td><td>{status}</td></tr>",
            since::with_arrow(data, &r.id),
            esc(&r.title),
            opt(r.owner.as_deref()),
            band_chip(&r.band, r.band_position),
            r.due
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn count_table(out: &mut String, class: &str, caption: &str, label: &str, counts: &[Count]) {
    let _ = write!(
        out,
        "<div class=\"sr-only\">\n<table class=\"{class}\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">Count</th></tr></thead>\n<tbody>\n",
        esc(caption),
        esc(label)
    );
    for c in counts {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td></tr>",
            esc(&c.label),
            c.count
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

fn incidents(out: &mut String, data: &ReportData) {
    section_start(out, "incidents", "Incidents", "page");
    let in_window: usize = data.incidents_by_month.iter().map(|c| c.count).sum();
    let months = data.incidents_by_month.len();
    let _ = write!(
        out,
        "<h3>By month</h3>\n<figure>\n{}\n<figcaption>{} detected in the last {months} months (by the date of detection).</figcaption>\n",
        svg::columns(
            "by-month",
            "Incidents detected per month; the figures are in the table that follows.",
            &data.incidents_by_month
        ),
        plural(in_window, "incident")
    );
    count_table(
        out,
        "by-month",
        "Incidents per month",
        "Month",
        &data.incidents_by_month,
    );
    out.push_str("</figure>\n<h3>By harm</h3>\n<figure>\n");
    out.push_str(&svg::bars(
        "by-harm",
        "Incidents per kind of harm; the figures are in the table that follows.",
        &data.incidents_by_harm,
        "",
    ));
    out.push_str(
        "\n<figcaption>Every incident counts once for each harm it caused, whatever its status.</figcaption>\n",
    );
    count_table(
        out,
        "by-harm",
        "Incidents per harm",
        "Harm",
        &data.incidents_by_harm,
    );
    out.push_str("</figure>\n</section>\n");
}

fn missed_duties(out: &mut String, data: &ReportData) {
    section_start(out, "missed-duties", "Missed duties", "");
    out.push_str(
        "<p class=\"note\">Duties to customers and the regulator (notify, update, regulator, post-incident review) \
         and claim deadlines (acknowledge, decide, pay) that were done late or are still undone past their due date.</p>\n",
    );
    if data.missed_duties.is_empty() {
        out.push_str("<p class=\"empty\">No duty was missed.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table class=\"missed-duties\">\n<caption class=\"sr-only\">Missed duties, by due date</caption>\n\
         <thead><tr><th scope=\"col\">Record</th><th scope=\"col\">Duty</th><th scope=\"col\">What</th>\
         <th scope=\"col\">Due</th><th scope=\"col\">State</th></tr></thead>\n<tbody>\n",
    );
    for d in &data.missed_duties {
        let state = match (d.state, d.done) {
            (State::Late, Some(done)) => format!("late: done <span class=\"date\">{done}</span>"),
            (State::Late, None) => "late: no longer possible".into(),
            _ => "<span class=\"flag\">overdue</span>: not done".into(),
        };
        let _ = writeln!(
            out,
            "<tr class=\"missed\" data-record=\"{}\" data-item=\"{}\"><td class=\"id\">{}</td><td class=\"id\">{}</td><td>{}</td><td class=\"date\">{}</td><td>{state}</td></tr>",
            esc(&d.record),
            esc(&d.item),
            esc(&d.record),
            esc(&d.item),
            esc(&d.what),
            d.due
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn claims(out: &mut String, data: &ReportData) {
    section_start(out, "claims", "Claims and compensation", "page");
    out.push_str("<h3>Claims by status</h3>\n");
    if data.claims_by_status.is_empty() {
        out.push_str("<p class=\"empty\">No claims.</p>\n");
    } else {
        out.push_str("<figure>\n");
        out.push_str(&svg::bars(
            "by-status",
            "Claims per status; the figures are in the table that follows.",
            &data.claims_by_status,
            "",
        ));
        let _ = writeln!(
            out,
            "\n<figcaption>{} in all.</figcaption>",
            plural(data.headline.claims, "claim")
        );
        count_table(
            out,
            "by-status",
            "Claims per status",
            "Status",
            &data.claims_by_status,
        );
        out.push_str("</figure>\n");
    }

    out.push_str("<h3>Paid against budget, per incident</h3>\n");
    if data.budgets.is_empty() {
        out.push_str("<p class=\"empty\">No incident has claims or a compensation budget.</p>\n");
    } else {
        out.push_str("<figure>\n");
        out.push_str(&svg::budgets(
            "budgets",
            "Compensation paid and offered against each incident's budget; the figures are in the table that follows.",
            &data.budgets,
            &data.currency,
        ));
        let _ = write!(
            out,
            "\n<figcaption>Amounts in {}. Offered counts committed offers (paid ones included); over budget means offered above the budget.</figcaption>\n\
             <table class=\"budgets\">\n<caption class=\"sr-only\">Compensation per incident</caption>\n\
             <thead><tr><th scope=\"col\">Incident</th><th scope=\"col\">Title</th><th scope=\"col\" class=\"num\">Claims</th>\
             <th scope=\"col\" class=\"num\">Requested</th><th scope=\"col\" class=\"num\">Offered</th>\
             <th scope=\"col\" class=\"num\">Paid</th><th scope=\"col\" class=\"num\">Budget</th>\
             <th scope=\"col\" class=\"num\">Paid of budget</th></tr></thead>\n<tbody>\n",
            esc(&data.currency)
        );
        for b in &data.budgets {
            let _ = writeln!(
                out,
                "<tr data-incident=\"{inc}\"><td class=\"id\">{inc}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}{}</td></tr>",
                esc(&b.title),
                b.claims,
                money(b.requested, ""),
                money(b.offered, ""),
                money(b.paid, ""),
                b.budget.map_or_else(|| "—".into(), |m| money(m, "")),
                b.paid_percent
                    .map_or_else(|| "—".into(), |p| format!("{p}%")),
                if b.over_budget {
                    " <span class=\"flag\">over budget</span>"
                } else {
                    ""
                },
                inc = esc(&b.incident),
            );
        }
        out.push_str("</tbody>\n</table>\n</figure>\n");
    }

    out.push_str("<h3>SLA compliance</h3>\n");
    if data.sla.is_empty() {
        out.push_str("<p class=\"empty\">No incident duty or claim deadline yet.</p>\n");
    } else {
        let share = |p: Option<u64>| p.map_or_else(|| "—".into(), |p| format!("{p}%"));
        let _ = write!(
            out,
            "<p class=\"note\">Share of duties met on time, of those that fell due (met, late or overdue). \
             Overall: <strong class=\"sla-total\">{}</strong>.</p>\n\
             <table class=\"sla\">\n<caption class=\"sr-only\">Duties by kind and state</caption>\n\
             <thead><tr><th scope=\"col\">Duty</th><th scope=\"col\" class=\"num\">Met</th><th scope=\"col\" class=\"num\">Late</th>\
             <th scope=\"col\" class=\"num\">Overdue</th><th scope=\"col\" class=\"num\">Pending</th>\
             <th scope=\"col\" class=\"num\">Met on time</th></tr></thead>\n<tbody>\n",
            share(data.sla_total.percent_met)
        );
        for r in data.sla.iter().chain([&data.sla_total]) {
            let (open, close) = if r.kind == "all" {
                ("<strong>", "</strong>")
            } else {
                ("", "")
            };
            let _ = writeln!(
                out,
                "<tr data-kind=\"{}\"><th scope=\"row\">{open}{}{close}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{open}{}{close}</td></tr>",
                r.kind,
                r.kind,
                r.met,
                r.late,
                r.overdue,
                r.pending,
                share(r.percent_met)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }

    out.push_str("<h3>Customer satisfaction</h3>\n");
    let s = &data.satisfaction;
    match &s.average {
        None => out.push_str("<p class=\"empty\">No satisfaction scores recorded yet.</p>\n"),
        Some(average) => {
            let _ = write!(
                out,
                "<p>Average <strong class=\"satisfaction\">{average} out of 5</strong> from {}.</p>\n<figure>\n{}\n",
                plural(s.responses, "response"),
                svg::bars(
                    "satisfaction",
                    "Satisfaction scores from 1 (poor) to 5 (very good); the figures are in the table that follows.",
                    &s.by_score,
                    ""
                )
            );
            out.push_str(
                "<figcaption>Responses per score, 1 (poor) to 5 (very good).</figcaption>\n",
            );
            count_table(
                out,
                "satisfaction",
                "Responses per satisfaction score",
                "Score",
                &s.by_score,
            );
            out.push_str("</figure>\n");
        }
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn band_colours_run_from_green_to_red_by_position() {
        assert_eq!(band_colour(0, 3, false), "#9bd69b");
        assert_eq!(band_colour(1, 3, false), "#ffd37a");
        assert_eq!(band_colour(2, 3, false), "#f28c82");
        // Four bands: the ends stay green and red, the middle two fall between.
        assert_eq!(band_colour(0, 4, false), "#9bd69b");
        assert_eq!(band_colour(3, 4, false), "#f28c82");
        let mid = [band_colour(1, 4, false), band_colour(2, 4, false)];
        assert!(
            mid.iter().all(|c| c != "#9bd69b" && c != "#f28c82"),
            "{mid:?}"
        );
        assert_ne!(mid[0], mid[1]);
        // One band only: the highest colour. Faint tints are lighter.
        assert_eq!(band_colour(0, 1, false), "#f28c82");
        assert_eq!(band_colour(0, 3, true), "#e6f4e6");
    }

    #[test]
    fn money_groups_thousands() {
        assert_eq!(
            money(Money::from_minor(123_456_789), "EUR"),
            "EUR 1,234,567.89"
        );
        assert_eq!(money(Money::from_minor(99_900), ""), "999.00");
        assert_eq!(money(Money::from_minor(5), "EUR"), "EUR 0.05");
        assert_eq!(money(Money::from_minor(-100_000), ""), "-1,000.00");
    }
}
