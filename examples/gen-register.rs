//! Writes a large, valid, realistic-looking register for benchmarks and scale tests.
//!
//! ```sh
//! cargo run --release --example gen-register -- /tmp/big --risks 10000 --incidents 1000 --claims 100000
//! ```
//!
//! Every record is built from the library's model types and written with
//! `register::yaml::to_string`, so the files are in canonical form and `risk check` reads them
//! as a person's register. The output is deterministic for a given `--seed`. Claims cluster on a
//! few large incidents (a mass-disruption event); the claims of the largest incidents sit in
//! sub-folders `claims/INC-xxxx/`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use clap::Parser;
use indexmap::IndexMap;
use rayon::prelude::*;

use risk_register::codec as yaml;
use risk_register::model::claim::{Assessment, Channel, ClaimStatus, Offer, Request};
use risk_register::model::control::Control;
use risk_register::model::incident::{
    Communication, IncidentStatus, Lesson, PostIncidentReview, RootCause, RootCauseMethod,
};
use risk_register::model::risk::{Acceptance, Fmea, Impact, Review, RiskStatus, Target, Treatment};
use risk_register::model::settings::{CompensationRule, RuleCondition, RuleOffer};
use risk_register::model::{
    Action, ActionStatus, Claim, Id, Incident, Kind, Money, Risk, Settings,
};

/// Generate a register of the given size.
#[derive(Debug, Parser)]
struct Args {
    /// The register folder to create (must not exist, or be empty)
    dir: PathBuf,
    #[arg(long, default_value_t = 10_000)]
    risks: u64,
    #[arg(long, default_value_t = 1_000)]
    incidents: u64,
    #[arg(long, default_value_t = 100_000)]
    claims: u64,
    /// Seed of the deterministic generator
    #[arg(long, default_value_t = 2026)]
    seed: u64,
}

/// SplitMix64: small, fast and deterministic; no dependency needed for benchmark data.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut rng = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next() as usize % items.len()]
    }
}

const SUBJECTS: &[&str] = &[
    "Reservation system",
    "Payment gateway",
    "Call-centre telephony",
    "Customer portal",
    "Billing run",
    "Refund process",
    "Delivery partner",
    "Identity verification",
    "Chat assistant",
    "Email notifications",
    "Loyalty programme",
    "Price catalogue",
    "Address database",
    "Mobile app",
    "Complaints inbox",
];
const FAILURES: &[&str] = &[
    "outage strands customers",
    "double-charges customers",
    "gives wrong information",
    "delays orders beyond the promise",
    "exposes personal data",
    "loses customer requests",
    "sends notices to the wrong address",
    "overwhelms staff at peak",
    "is unavailable after a vendor change",
    "applies the wrong tariff",
];
const OWNERS: &[&str] = &[
    "ops-lead",
    "billing-lead",
    "cx-director",
    "it-vendor-mgr",
    "dpo",
    "contact-centre-mgr",
    "digital-lead",
    "claims-team",
];
const CONTROLS: &[&str] = &[
    "Daily export of customer contact list",
    "Second-line review of tariff changes",
    "Monitoring with paging on error rate",
    "Four-eyes check on refunds above 500",
    "Quarterly failover drill",
];
const CONTINGENCY: &[&str] = &[
    "Text affected customers every 4 hours until resolved",
    "Open the overflow call queue",
    "Switch to manual processing with paper forms",
    "Publish a status page notice",
];
const INCIDENT_TITLES: &[&str] = &[
    "Check-in outage after provider failure",
    "Duplicate direct debits collected",
    "Portal showed other customers' invoices",
    "Parcel backlog after depot closure",
    "Wrong prices shown for a weekend",
    "Call-centre unreachable during storm",
];
const LESSONS: &[&str] = &[
    "Keep customer contact data exportable offline",
    "Test tariff changes against last month's bills",
    "Agree a surge plan with the delivery partner",
];
const EVIDENCE: &[&str] = &[
    "booking reference seen",
    "bank statement",
    "photo of damaged goods",
    "call recording",
];

fn date(day: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(day)
}

fn time(day: i64, minutes: i64) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(3600).unwrap();
    offset
        .from_local_datetime(&date(day).and_hms_opt(0, 0, 0).unwrap())
        .unwrap()
        + Duration::minutes(minutes)
}

fn action(rng: &mut Rng, n: usize, around: i64) -> Action {
    let status = *rng.pick(&[
        ActionStatus::Open,
        ActionStatus::InProgress,
        ActionStatus::Done,
        ActionStatus::Done,
        ActionStatus::Cancelled,
    ]);
    let due = date(around + rng.range(14, 400) as i64);
    Action {
        id: format!("A{n}"),
        title: rng.pick(CONTROLS).to_string(),
        owner: Some(rng.pick(OWNERS).to_string()),
        due: Some(due),
        status: Some(status),
        // Nothing is done in the future of the benchmark's "today" (2026-11-23).
        done: (status == ActionStatus::Done)
            .then(|| (due - Duration::days(rng.range(0, 10) as i64)).min(date(1052))),
        cost: None,
        annual_cost: None,
    }
}

fn risk(settings: &Settings, seed: u64, n: u64) -> Risk {
    let rng = &mut Rng::new(seed, n);
    let identified = rng.range(0, 1000) as i64;
    let likelihood = rng.range(1, 5) as u8;
    let mut impact = IndexMap::new();
    for dim in &settings.impact_dimensions {
        if rng.chance(60) || impact.is_empty() && dim == settings.impact_dimensions.last().unwrap()
        {
            impact.insert(dim.clone(), rng.range(1, 5) as u8);
        }
    }
    let overall = *impact.values().max().unwrap();
    let treatment = *rng.pick(&[
        Treatment::Reduce,
        Treatment::Reduce,
        Treatment::Transfer,
        Treatment::Avoid,
        Treatment::Accept,
    ]);
    let actions = (1..=rng.range(0, 3) as usize)
        .map(|i| action(rng, i, identified))
        .collect();
    let fmea = rng.chance(40).then(|| Fmea {
        failure_mode: Some("Records unreachable".into()),
        effect: Some("Customers cannot complete their journey".into()),
        cause: Some("Single provider without failover".into()),
        severity: rng.range(1, 10) as u8,
        occurrence: rng.range(1, 10) as u8,
        detection: rng.range(1, 10) as u8,
    });
    Risk {
        id: Id::new(Kind::Risk, n),
        reference: None,
        title: format!("{} {}", rng.pick(SUBJECTS), rng.pick(FAILURES)),
        description: rng
            .chance(50)
            .then(|| "Seen at peak times; affects customers who booked online.".into()),
        stage: Some(rng.pick(&settings.stages).clone()),
        category: Some(rng.pick(&settings.categories).clone()),
        harms: vec![rng.pick(&settings.harms).clone()],
        pestle: Vec::new(),
        // High risks need an owner (rule owner-required); most others have one too.
        owner: (likelihood * overall > 9 || rng.chance(80)).then(|| rng.pick(OWNERS).to_string()),
        status: rng.chance(10).then_some(RiskStatus::Closed),
        closed: None,
        identified: Some(date(identified)),
        likelihood,
        impact: Impact::Dimensions(impact),
        inherent: None,
        target: rng.chance(50).then(|| Target {
            likelihood: likelihood.saturating_sub(1).max(1),
            impact: overall.saturating_sub(1).max(1),
            loss: None,
        }),
        loss: None,
        fmea,
        controls: vec![Control::Plain(rng.pick(CONTROLS).to_string())],
        contingency: if overall >= 4 || rng.chance(30) {
            vec![rng.pick(CONTINGENCY).to_string()]
        } else {
            Vec::new()
        },
        treatment: Some(treatment),
        acceptance: (treatment == Treatment::Accept).then(|| Acceptance {
            by: "coo".into(),
            on: date(identified + 10),
            until: Some(date(identified + 375)),
            reason: Some("Cost of treatment exceeds expected loss".into()),
            rating: None,
        }),
        actions,
        customers_informed: rng.chance(30).then_some(true),
        staff_briefed: rng.chance(50).then_some(true),
        review: rng.chance(70).then(|| Review {
            last: Some(date(identified + rng.range(0, 300) as i64)),
            every_days: rng.chance(20).then_some(60),
        }),
        notes: None,
    }
}

fn incident(settings: &Settings, seed: u64, n: u64, risks: u64) -> Incident {
    let rng = &mut Rng::new(seed ^ 0x1C1D, n);
    let day = rng.range(0, 1000) as i64;
    let detected = time(day, rng.range(0, 1439) as i64);
    let occurred = detected - Duration::minutes(rng.range(0, 120) as i64);
    let status = *rng.pick(&[
        IncidentStatus::Open,
        IncidentStatus::Contained,
        IncidentStatus::Resolved,
        IncidentStatus::Closed,
        IncidentStatus::Closed,
    ]);
    let contained = (status >= IncidentStatus::Contained)
        .then(|| detected + Duration::hours(rng.range(1, 48) as i64));
    let resolved = (status >= IncidentStatus::Resolved)
        .then(|| contained.unwrap() + Duration::hours(rng.range(1, 240) as i64));
    let communications = (0..rng.range(1, 4))
        .map(|i| Communication {
            at: detected + Duration::hours(2 + 20 * i as i64),
            channel: Some(rng.pick(&["sms", "email", "web"]).to_string()),
            audience: Some("affected".into()),
            summary: Some("Apology, what happened and when the next update comes".into()),
        })
        .collect();
    let personal_data_breach = rng.chance(10);
    Incident {
        id: Id::new(Kind::Incident, n),
        title: rng.pick(INCIDENT_TITLES).to_string(),
        summary: Some("Customers could not complete their journey for several hours.".into()),
        status: Some(status),
        severity: rng.range(1, 5) as u8,
        harms: vec![rng.pick(&settings.harms).clone()],
        risks: if risks > 0 {
            vec![Id::new(Kind::Risk, rng.range(1, risks))]
        } else {
            Vec::new()
        },
        occurred: Some(occurred),
        detected,
        contained,
        resolved,
        customers_affected: Some(rng.range(10, 50_000)),
        personal_data_breach: Some(personal_data_breach),
        regulator_notified: personal_data_breach
            .then(|| detected + Duration::hours(rng.range(4, 70) as i64)),
        legal_consulted: Some(rng.chance(20)),
        containment: vec![rng.pick(CONTINGENCY).to_string()],
        root_cause: resolved.is_some().then(|| RootCause {
            method: Some(RootCauseMethod::FiveWhys),
            whys: vec![
                "The provider failed".into(),
                "There was no failover".into(),
                "Failover was never contracted".into(),
            ],
            fishbone: IndexMap::new(),
            summary: Some("Single provider without failover".into()),
        }),
        actions: (1..=rng.range(0, 2) as usize)
            .map(|i| action(rng, i, day))
            .collect(),
        communications,
        compensation_budget: Some(Money::from_minor(rng.range(1_000, 2_000_000) as i64 * 100)),
        review: resolved.and_then(|r| {
            rng.chance(70).then(|| PostIncidentReview {
                held: Some(r.date_naive() + Duration::days(rng.range(1, 20) as i64)),
                lessons: vec![Lesson::Text(rng.pick(LESSONS).to_string())],
            })
        }),
    }
}

/// The incident a claim belongs to: half of all claims go to the ten largest incidents.
fn claim_incident(rng: &mut Rng, incidents: u64) -> u64 {
    let big = incidents.min(10);
    if rng.chance(50) {
        rng.range(1, big)
    } else {
        rng.range(1, incidents)
    }
}

fn claim(seed: u64, n: u64, incident: u64, received_day: i64) -> Claim {
    let rng = &mut Rng::new(seed ^ 0xC1A1, n);
    let received = date(received_day + rng.range(0, 30) as i64);
    let status = *rng.pick(&[
        ClaimStatus::Received,
        ClaimStatus::Assessing,
        ClaimStatus::Offered,
        ClaimStatus::Accepted,
        ClaimStatus::Paid,
        ClaimStatus::Paid,
        ClaimStatus::Paid,
        ClaimStatus::Rejected,
        ClaimStatus::Withdrawn,
    ]);
    let kind = rng.pick(&["refund", "credit", "reimbursement", "goodwill"]);
    let requested = Money::from_minor(rng.range(5, 450) as i64 * 100);
    let assessed = status != ClaimStatus::Received;
    let offered = matches!(
        status,
        ClaimStatus::Offered | ClaimStatus::Accepted | ClaimStatus::Paid
    );
    let offer_on = received + Duration::days(rng.range(1, 20) as i64);
    let accepted = matches!(status, ClaimStatus::Accepted | ClaimStatus::Paid)
        .then(|| offer_on + Duration::days(rng.range(0, 5) as i64));
    Claim {
        id: Id::new(Kind::Claim, n),
        reference: None,
        incident: Id::new(Kind::Incident, incident),
        // One claim per customer, numbered out of order: offers stay within the per-customer
        // limit, so the generated register passes `check` without errors, as the docs say.
        customer: format!("CUST-{:07}", (n * 7_919) % 1_000_003).into(),
        received,
        channel: Some(*rng.pick(&[Channel::Web, Channel::Web, Channel::Email, Channel::Phone])),
        proactive: None,
        requested: Some(Request {
            kind: (*kind).into(),
            amount: Some(requested),
        }),
        evidence: vec![(*rng.pick(EVIDENCE)).into()],
        status: Some(status),
        acknowledged: Some(received + Duration::days(rng.range(0, 4) as i64)),
        assessment: assessed.then(|| Assessment {
            on: offer_on,
            by: Some("claims-team".into()),
            eligible: status != ClaimStatus::Rejected,
            rule: None,
            third_party: None,
            notes: None,
        }),
        offer: offered.then(|| Offer {
            on: offer_on,
            kind: (*kind).into(),
            amount: requested.min(Money::from_minor(40_000)),
            reason: Some("Delay of more than three hours".into()),
            override_reason: None,
        }),
        decision_note: None,
        accepted,
        paid: (status == ClaimStatus::Paid)
            .then(|| accepted.unwrap() + Duration::days(rng.range(1, 10) as i64)),
        satisfaction: (status == ClaimStatus::Paid && rng.chance(40))
            .then(|| rng.range(1, 5) as u8),
    }
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

fn main() -> Result<()> {
    let args = Args::parse();
    if args.dir.exists() && std::fs::read_dir(&args.dir)?.next().is_some() {
        bail!("{}: exists and is not empty", args.dir.display());
    }
    if args.claims > 0 && args.incidents == 0 {
        bail!("--claims needs at least one incident");
    }
    let mut settings = Settings {
        name: "Generated register (scale test)".into(),
        ..Settings::default()
    };
    settings.compensation.rules = vec![CompensationRule {
        id: "delay-over-3h".into(),
        when: RuleCondition {
            harms: vec!["delay".into()],
            min_severity: Some(3),
            ..RuleCondition::default()
        },
        offer: RuleOffer {
            kind: "refund".into(),
            amount: None,
            percent_of_request: Some(100),
            max: Some(Money::from_minor(40_000)),
        },
    }];
    for dir in ["risks", "incidents", "claims"] {
        std::fs::create_dir_all(args.dir.join(dir))?;
    }
    write(&args.dir.join("register.yaml"), &yaml::write(&settings))?;

    (1..=args.risks).into_par_iter().try_for_each(|n| {
        let r = risk(&settings, args.seed, n);
        write(
            &args.dir.join(format!("risks/{}.yaml", r.id)),
            &yaml::write(&r),
        )
    })?;

    let incidents: Vec<Incident> = (1..=args.incidents)
        .into_par_iter()
        .map(|n| incident(&settings, args.seed, n, args.risks))
        .collect();
    incidents.par_iter().try_for_each(|i| {
        write(
            &args.dir.join(format!("incidents/{}.yaml", i.id)),
            &yaml::write(i),
        )
    })?;

    // The ten largest incidents keep their claims in a sub-folder of their own.
    let big = args.incidents.min(10);
    for n in 1..=big {
        std::fs::create_dir_all(
            args.dir
                .join(format!("claims/{}", Id::new(Kind::Incident, n))),
        )?;
    }
    (1..=args.claims).into_par_iter().try_for_each(|n| {
        let mut rng = Rng::new(args.seed ^ 0xF00D, n);
        let inc = claim_incident(&mut rng, args.incidents);
        let received_day = incidents[inc as usize - 1]
            .detected
            .date_naive()
            .signed_duration_since(date(0))
            .num_days();
        let c = claim(args.seed, n, inc, received_day);
        let folder = if inc <= big {
            format!("claims/{}", c.incident)
        } else {
            "claims".to_string()
        };
        write(
            &args.dir.join(format!("{folder}/{}.yaml", c.id)),
            &yaml::write(&c),
        )
    })?;
    eprintln!(
        "wrote {}: {} risks, {} incidents, {} claims",
        args.dir.display(),
        args.risks,
        args.incidents,
        args.claims
    );
    Ok(())
}
