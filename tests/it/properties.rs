//! Properties over generated records: every valid risk, incident and claim, and any settings,
//! survive write -> read (and write -> load) unchanged, the canonical text is a fixed point, and
//! money round-trips exactly.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use indexmap::IndexMap;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

use risk_register::codec as yaml;
use risk_register::model::claim::{Assessment, Channel, ClaimStatus, Offer, Request};
use risk_register::model::control::{Control, ControlType, Effectiveness, StructuredControl};
use risk_register::model::incident::{
    Communication, FishboneBone, IncidentStatus, Lesson, PostIncidentReview, RootCause,
    RootCauseMethod,
};
use risk_register::model::risk::{
    Acceptance, AcceptedRating, Fmea, Impact, Loss, Review, RiskStatus, Target, Treatment,
};
use risk_register::model::settings::{
    Band, CheckSettings, CompensationRule, OFFER_TYPES, RuleCondition, RuleOffer,
};
use risk_register::model::{
    Action, ActionStatus, Claim, Id, Incident, Kind, Money, Probability, Risk, Settings,
};

/// Text a person might write, including what YAML reads as something else when left plain,
/// and text pasted from anywhere: line breaks, control characters, quotes, `#`, `: `, spaces at
/// either end, non-ASCII, number-like and null- or bool-like words.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,30}",
        1 => select(vec![
            "yes", "no", "null", "~", "true", "1.0", "0x1F", "1e3", "- a", "a: b", "#x", "a #b",
            " lead", "trail ", "multi\nline", "two\n\nparagraphs\n", "'quote", "\"dq", "2026-01-01",
            "@at", "`tick", "%pct", "!tag", "&anc", "*ali", "[x]", "{x}", "|", ">", "? q", "---",
            "...", "tab\there", "é 遅延 🚆", "=", "<<", "0o17", ".inf", "-.NAN", "+1", "007", "\u{E000}12",
        ])
        .prop_map(String::from),
        2 => pasted(),
    ]
}

/// Text built from the pieces that trip YAML writers up, in any order.
fn pasted() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => select(vec![
            "a", "Z", "7", " ", " ", "  ", ":", ": ", "#", " #", "-", "- ", ".", "'", "\"", "?",
            ",", "[", "{", "}", "!", "&", "*", "|", ">", "%", "@", "`", "~", "\\", "é", "遅",
            "🚆", "\u{A0}", "\u{FEFF}", "\u{85}", "\u{2028}", "\u{2029}", "\n", "\n", "\n\n",
            "\r\n", "\t", "\0", "\u{7}", "\u{1B}", "\u{7F}", "\u{9F}", "\u{E000}", "\u{FFFE}",
        ]),
        1 => select(vec![
            "1e3", "0x1F", "-0o7", "0b1", "-1", "+1", ".5", "1.", ".inf", "-.Inf", ".nan", "007",
            "true", "False", "NULL", "~", "yes", "---", "...", "2026-01-01", "12:30",
        ]),
    ];
    prop::collection::vec(piece, 0..10).prop_map(|pieces| pieces.concat())
}

/// Non-blank text, for keys that must not be empty.
fn words() -> impl Strategy<Value = String> {
    text().prop_filter("not blank", |s| !s.trim().is_empty())
}

fn opt<T: std::fmt::Debug + Clone>(
    s: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    proptest::option::of(s)
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0i64..40_000).prop_map(|d| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + Duration::days(d))
}

fn time() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (0i64..2_000_000_000, -48i32..=56).prop_map(|(secs, quarter_hours)| {
        let offset = FixedOffset::east_opt(quarter_hours * 900).unwrap();
        offset.timestamp_opt(secs, 0).unwrap()
    })
}

fn money() -> impl Strategy<Value = Money> {
    (0i64..10_000_000_000_000).prop_map(Money::from_minor)
}

fn id(kind: Kind) -> impl Strategy<Value = Id> {
    (1u64..100_000).prop_map(move |n| Id::new(kind, n))
}

fn loss() -> impl Strategy<Value = Loss> {
    (money(), 0u32..=10_000).prop_map(|(single, p)| Loss {
        single,
        per_year: Probability::from_ten_thousandths(p),
    })
}

fn rating() -> impl Strategy<Value = Target> {
    (1u8..=5, 1u8..=5, opt(loss())).prop_map(|(likelihood, impact, loss)| Target {
        likelihood,
        impact,
        loss,
    })
}

/// Plain and structured controls mixed, with ids unique within the list.
fn controls() -> impl Strategy<Value = Vec<Control>> {
    let structured = (
        words(),
        opt(select(vec![
            ControlType::Preventive,
            ControlType::Detective,
            ControlType::Corrective,
        ])),
        opt(words()),
        opt(select(vec![
            Effectiveness::Effective,
            Effectiveness::Partial,
            Effectiveness::Ineffective,
            Effectiveness::Untested,
        ])),
        opt(date()),
        opt(1u32..1000),
    );
    let control = prop_oneof![
        text().prop_map(|t| (Some(t), None)),
        structured.prop_map(|s| (None, Some(s))),
    ];
    prop::collection::vec(control, 0..3).prop_map(|items| {
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match item {
                (Some(text), _) => Control::Plain(text),
                (_, Some((title, kind, owner, effectiveness, tested, test_every_days))) => {
                    Control::Structured(StructuredControl {
                        id: format!("C{}", i + 1),
                        title,
                        kind,
                        owner,
                        effectiveness,
                        tested,
                        test_every_days,
                    })
                }
                _ => unreachable!(),
            })
            .collect()
    })
}

fn list_of(s: impl Strategy<Value = String>) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(s, 0..3)
}

fn one_of(items: &[String]) -> impl Strategy<Value = String> + use<> {
    select(items.to_vec())
}

fn actions() -> impl Strategy<Value = Vec<Action>> {
    prop::collection::vec(
        (
            words(),
            opt(words()),
            opt(date()),
            opt(select(vec![
                ActionStatus::Open,
                ActionStatus::InProgress,
                ActionStatus::Done,
                ActionStatus::Cancelled,
            ])),
            date(),
            (opt(money()), opt(money())),
        ),
        0..3,
    )
    .prop_map(|items| {
        items
            .into_iter()
            .enumerate()
            .map(
                |(i, (title, owner, due, status, done, (cost, annual_cost)))| Action {
                    id: format!("A{}", i + 1),
                    title,
                    owner,
                    due,
                    status,
                    done: (status == Some(ActionStatus::Done)).then_some(done),
                    cost,
                    annual_cost,
                },
            )
            .collect()
    })
}

fn risk() -> impl Strategy<Value = Risk> {
    let s = Settings::default();
    let impact = prop_oneof![
        (1u8..=5).prop_map(Impact::Level),
        (
            subsequence(s.impact_dimensions.clone(), 1..=4),
            1u8..=5,
            1u8..=5
        )
            .prop_map(|(dims, a, b)| {
                let map: IndexMap<String, u8> = dims
                    .into_iter()
                    .enumerate()
                    .map(|(i, d)| (d, if i % 2 == 0 { a } else { b }))
                    .collect();
                Impact::Dimensions(map)
            }),
    ];
    let fmea = (
        opt(text()),
        opt(text()),
        opt(text()),
        1u8..=10,
        1u8..=10,
        1u8..=10,
    )
        .prop_map(
            |(failure_mode, effect, cause, severity, occurrence, detection)| Fmea {
                failure_mode,
                effect,
                cause,
                severity,
                occurrence,
                detection,
            },
        );
    let acceptance = (
        words(),
        date(),
        opt(0i64..1000),
        opt(text()),
        opt((1u8..=5, 1u8..=5)),
    )
        .prop_map(|(by, on, until, reason, rating)| Acceptance {
            by,
            on,
            until: until.map(|d| on + Duration::days(d)),
            reason,
            rating: rating.map(|(likelihood, impact)| AcceptedRating { likelihood, impact }),
        });
    let head = (
        id(Kind::Risk),
        words(),
        opt(text()),
        opt(one_of(&s.stages)),
        opt(one_of(&s.categories)),
        subsequence(s.harms.clone(), 0..3),
        opt(words()),
        opt(select(vec![RiskStatus::Open, RiskStatus::Closed])),
        opt(date()),
        1u8..=5,
        impact,
    );
    let tail = (
        (opt(rating()), opt(rating()), opt(loss())),
        opt(fmea),
        controls(),
        list_of(text()),
        opt(select(vec![
            Treatment::Avoid,
            Treatment::Reduce,
            Treatment::Transfer,
            Treatment::Accept,
        ])),
        opt(acceptance),
        actions(),
        (opt(any::<bool>()), opt(any::<bool>())),
        opt((opt(date()), opt(1u32..1000))
            .prop_map(|(last, every_days)| Review { last, every_days })),
        opt(text()),
    );
    (head, tail).prop_map(
        |(
            (id, title, description, stage, category, harms, owner, status, identified, l, impact),
            (
                (inherent, target, loss),
                fmea,
                controls,
                contingency,
                treatment,
                acceptance,
                actions,
                (customers_informed, staff_briefed),
                review,
                notes,
            ),
        )| Risk {
            id,
            reference: None,
            title,
            description,
            stage,
            category,
            harms,
            pestle: Vec::new(),
            owner,
            status,
            closed: None,
            identified,
            likelihood: l,
            impact,
            inherent,
            target,
            loss,
            fmea,
            controls,
            contingency,
            treatment,
            acceptance,
            actions,
            customers_informed,
            staff_briefed,
            review,
            notes,
        },
    )
}

fn incident() -> impl Strategy<Value = Incident> {
    let s = Settings::default();
    let bones = vec![
        FishboneBone::People,
        FishboneBone::Process,
        FishboneBone::Technology,
        FishboneBone::Policy,
        FishboneBone::Place,
        FishboneBone::Data,
    ];
    let root_cause = (
        opt(select(vec![
            RootCauseMethod::FiveWhys,
            RootCauseMethod::Fishbone,
        ])),
        list_of(text()),
        prop::collection::vec((select(bones), list_of(text())), 0..3),
        opt(text()),
    )
        .prop_map(|(method, whys, fishbone, summary)| RootCause {
            method,
            whys,
            fishbone: fishbone.into_iter().collect(),
            summary,
        });
    let head = (
        id(Kind::Incident),
        words(),
        opt(text()),
        opt(select(vec![
            IncidentStatus::Open,
            IncidentStatus::Contained,
            IncidentStatus::Resolved,
            IncidentStatus::Closed,
        ])),
        1u8..=5,
        subsequence(s.harms.clone(), 0..3),
        prop::collection::vec(id(Kind::Risk), 0..3),
        time(),
        (opt(0i64..100_000), opt(0i64..100_000), opt(0i64..100_000)),
    );
    let tail = (
        opt(0u64..10_000_000),
        opt(any::<bool>()),
        opt(0i64..500_000),
        opt(any::<bool>()),
        list_of(text()),
        opt(root_cause),
        actions(),
        prop::collection::vec(
            (0i64..1_000_000, opt(text()), opt(text()), opt(text())),
            0..3,
        ),
        opt(money()),
        opt(
            (opt(date()), list_of(text())).prop_map(|(held, lessons)| PostIncidentReview {
                held,
                lessons: lessons.into_iter().map(Lesson::Text).collect(),
            }),
        ),
    );
    (head, tail).prop_map(
        |(
            (id, title, summary, status, severity, harms, risks, detected, (before, c, r)),
            (
                customers_affected,
                personal_data_breach,
                notified,
                legal_consulted,
                containment,
                root_cause,
                actions,
                comms,
                compensation_budget,
                review,
            ),
        )| {
            // Times in order: occurred <= detected <= contained <= resolved.
            let contained = c.map(|m| detected + Duration::seconds(m));
            let resolved = r.map(|m| contained.unwrap_or(detected) + Duration::seconds(m));
            Incident {
                id,
                title,
                summary,
                status,
                severity,
                harms,
                risks,
                occurred: before.map(|m| detected - Duration::seconds(m)),
                detected,
                contained,
                resolved: contained.and(resolved),
                customers_affected,
                personal_data_breach,
                regulator_notified: notified.map(|m| detected + Duration::seconds(m)),
                legal_consulted,
                containment,
                root_cause,
                actions,
                communications: comms
                    .into_iter()
                    .map(|(after, channel, audience, summary)| Communication {
                        at: detected + Duration::seconds(after),
                        channel,
                        audience,
                        summary,
                    })
                    .collect(),
                compensation_budget,
                review,
            }
        },
    )
}

fn claim() -> impl Strategy<Value = Claim> {
    let types: Vec<String> = OFFER_TYPES.iter().map(|t| t.to_string()).collect();
    let head = (
        id(Kind::Claim),
        opt(words()),
        id(Kind::Incident),
        words(),
        date(),
        opt(select(vec![
            Channel::Web,
            Channel::Email,
            Channel::Phone,
            Channel::Letter,
            Channel::Social,
            Channel::Proactive,
        ])),
        opt(any::<bool>()),
        opt(
            (one_of(&types), opt(money())).prop_map(|(kind, amount)| Request {
                kind: kind.into(),
                amount,
            }),
        ),
        list_of(text()),
        opt(select(vec![
            ClaimStatus::Received,
            ClaimStatus::Assessing,
            ClaimStatus::Offered,
            ClaimStatus::Accepted,
            ClaimStatus::Declined,
            ClaimStatus::Paid,
            ClaimStatus::Rejected,
            ClaimStatus::Withdrawn,
        ])),
    );
    let tail = (
        (opt(0i64..100), opt(0i64..100), opt(0i64..100)),
        opt((
            date(),
            opt(words()),
            any::<bool>(),
            opt(words()),
            opt(any::<bool>()),
            opt(text()),
        )
            .prop_map(|(on, by, eligible, rule, third_party, notes)| Assessment {
                on,
                by: by.map(Into::into),
                eligible,
                rule,
                third_party,
                notes,
            })),
        opt(
            (date(), one_of(&types), money(), opt(text()), opt(text())).prop_map(
                |(on, kind, amount, reason, override_reason)| Offer {
                    on,
                    kind: kind.into(),
                    amount,
                    reason,
                    override_reason,
                },
            ),
        ),
        opt(text()),
        opt(1u8..=5),
    );
    (head, tail).prop_map(
        |(
            (
                id,
                reference,
                incident,
                customer,
                received,
                channel,
                proactive,
                requested,
                evidence,
                status,
            ),
            ((ack, acc, paid), assessment, offer, decision_note, satisfaction),
        )| Claim {
            id,
            reference,
            incident,
            customer: customer.into(),
            received,
            channel,
            proactive,
            requested,
            evidence: evidence.into_iter().map(Into::into).collect(),
            status,
            acknowledged: ack.map(|d| received + Duration::days(d)),
            assessment,
            offer,
            decision_note,
            accepted: acc.map(|d| received + Duration::days(d)),
            paid: paid.map(|d| received + Duration::days(d)),
            satisfaction,
        },
    )
}

/// Settings with text anywhere a person may type it: names, labels, band names used as keys
/// (`review_every_days`), a grid (a list of lists), and rules with money. Not necessarily valid:
/// the property is that whatever settings say is written and read back unchanged.
fn settings() -> impl Strategy<Value = Settings> {
    let labels = || prop::collection::vec(text(), 0..4);
    let rule = (
        text(),
        (labels(), opt(1u8..=5), opt(1u8..=5), labels()),
        (text(), opt(money()), opt(0u32..2000), opt(money())),
    )
        .prop_map(
            |(id, (harms, min_severity, max_severity, types), (kind, amount, percent, max))| {
                CompensationRule {
                    id,
                    when: RuleCondition {
                        harms,
                        min_severity,
                        max_severity,
                        types,
                    },
                    offer: RuleOffer {
                        kind,
                        amount,
                        percent_of_request: percent,
                        max,
                    },
                }
            },
        );
    let head = (
        text(),
        text(),
        (labels(), labels()),
        labels(),
        prop::collection::vec(
            (text(), any::<u32>()).prop_map(|(name, max)| Band { name, max }),
            0..4,
        ),
        opt(prop::collection::vec(labels(), 0..4)),
        text(),
        prop::collection::vec((text(), any::<u32>()), 0..4),
    );
    let tail = (
        (labels(), labels(), labels()),
        (any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>()),
        (money(), any::<u32>(), any::<u32>(), any::<u32>()),
        prop::collection::vec(rule, 0..3),
        (labels(), labels()),
    );
    (head, tail).prop_map(
        |(
            (name, currency, (likelihood, impact), dimensions, bands, grid, from, review),
            (
                (stages, categories, harms),
                (notify, update, regulator, review_within),
                (limit, acknowledge, decide, pay),
                rules,
                (deny, allow),
            ),
        )| {
            let mut s = Settings {
                name,
                currency,
                impact_dimensions: dimensions,
                bands,
                grid,
                owner_required_from: from,
                review_every_days: review.into_iter().collect(),
                stages,
                categories,
                harms,
                check: CheckSettings { deny, allow },
                ..Settings::default()
            };
            s.scales.likelihood = likelihood;
            s.scales.impact = impact;
            s.incident.notify_customers_within_hours = notify;
            s.incident.update_every_hours = update;
            s.incident.regulator_within_hours = regulator;
            s.incident.review_within_days = review_within;
            s.compensation.per_customer_limit = limit;
            s.compensation.acknowledge_within_days = acknowledge;
            s.compensation.decide_within_days = decide;
            s.compensation.pay_within_days = pay;
            s.compensation.rules = rules;
            s
        },
    )
}

/// The property for every kind: valid, written canonically, read back equal, written again
/// to the same bytes.
fn round_trip<T>(
    value: &T,
    problems: Vec<risk_register::model::Problem>,
) -> Result<(), TestCaseError>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    prop_assert!(
        problems.is_empty(),
        "generator made an invalid record: {problems:?}"
    );
    let text = yaml::write(value);
    let back: T = yaml::parse(&text)
        .map_err(|e| TestCaseError::fail(format!("does not read back: {e:?}\n{text}")))?;
    prop_assert_eq!(&back, value, "changed by write -> read:\n{}", text);
    // Loading takes the fast reader for canonical text; it must read what the crate reads.
    if let Ok((loaded, true)) = yaml::read::<T>(&text) {
        prop_assert_eq!(&loaded, value, "changed by write -> load:\n{}", text);
    }
    prop_assert_eq!(yaml::write(&back), text, "to_string is not a fixed point");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn risks_survive_write_and_read(risk in risk()) {
        round_trip(&risk, risk.validate(&Settings::default()))?;
    }

    #[test]
    fn incidents_survive_write_and_read(incident in incident()) {
        round_trip(&incident, incident.validate(&Settings::default()))?;
    }

    #[test]
    fn claims_survive_write_and_read(claim in claim()) {
        round_trip(&claim, claim.validate(&Settings::default()))?;
    }

    #[test]
    fn settings_survive_write_and_read(settings in settings()) {
        round_trip(&settings, Vec::new())?;
    }

    #[test]
    fn money_displays_and_parses_back(minor in 0i64..10_000_000_000_000) {
        let money = Money::from_minor(minor);
        let text = money.to_string();
        prop_assert_eq!(Money::parse(&text), Ok(money));
        // Also the short forms a person types: `420`, `420.5`.
        let short = text.trim_end_matches("00").trim_end_matches(".").to_string();
        prop_assert_eq!(Money::parse(&short), Ok(money), "{}", short);
    }

    #[test]
    fn money_refuses_a_third_decimal(whole in 0u64..1_000_000, frac in 0u32..1000) {
        let text = format!("{whole}.{frac:03}");
        prop_assert!(Money::parse(&text).is_err(), "{}", text);
    }
}
