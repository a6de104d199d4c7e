//! A year (2026) of deputies' activities for the demo: the city and two districts, every kind
//! of activity — a cross-district joint 视察, a reception at the city's liaison station, a
//! mediation case with its outcome, a court observation (听审案看执行) — with invited deputies
//! and realistic outcomes (most check in, some have leave approved or refused, a few are
//! absent) and reports on past ones. Every attendance goes through the store's `participate`
//! at a plausible moment, so the duty archives fill as they would in use. Deterministic (its
//! own seeded RNG); activities after `today` stay open (invited, some signed up, a leave
//! request waiting).

use super::{CITY, COUNTIES, parse_data};
use anyhow::{Context, Result};
use jiff::civil::{Date, DateTime, date};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use renda_core::archive::activity::{ActivityKind as K, MediationOutcome, ParticipationCommand as P};
use renda_core::ids::PersonId;
use renda_core::org::OrgKind;
use renda_core::policy::Role;
use renda_store::activities::{ActivityId, Mediation, NewActivity};
use renda_store::{Actor, Store};
use serde::Deserialize;
use std::sync::LazyLock;

const SEED: u64 = 0x4143_5449_5649_5459;

/// One activity of the year: `at` is which congress holds it, 0 the city, 1 东城区, 2 西城区.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    at: usize,
    kind: K,
    title: String,
    place: String,
    month: i8,
    day: i8,
    hour: i8,
    hours: i64,
    invited: usize,
    /// The case, of a mediation.
    #[serde(default)]
    mediation: Option<Case>,
}

/// A mediation's case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    parties: String,
    issue: String,
    steps: String,
    outcome: MediationOutcome,
}

/// `data/activities.toml`: the year's activities and the texts of their outcomes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActivitiesFile {
    activity: Vec<Spec>,
    /// Reports on past activities, in turn.
    reports: Vec<String>,
    /// Reasons for leave, drawn at random.
    leave: Vec<String>,
    /// The reason of the requests staff refuse, and their answer.
    refused_leave: String,
    refusal_note: String,
}

const ACTIVITIES_TOML: &str = include_str!("data/activities.toml");

static DATA: LazyLock<ActivitiesFile> = LazyLock::new(|| parse_data("activities.toml", ACTIVITIES_TOML));

/// Seeds the activities; returns how many.
pub async fn seed(store: &Store, today: Date) -> Result<usize> {
    let mut rng = StdRng::seed_from_u64(SEED);
    let congresses = store.congresses().await?;
    let find = |name: String| {
        congresses
            .iter()
            .find(|r| r.org.name.to_string() == name)
            .map(|r| r.org.id)
            .with_context(|| format!("演示数据中没有{name}"))
    };
    let ids = [
        find(format!("{CITY}人民代表大会"))?,
        find(format!("{}人民代表大会", COUNTIES[0].name))?,
        find(format!("{}人民代表大会", COUNTIES[1].name))?,
    ];
    let station = store
        .org_tree()
        .await?
        .into_iter()
        .find(|r| r.org.kind == OrgKind::LiaisonStation && r.org.parent == Some(ids[0]))
        .map(|r| r.org.id);
    let demo_deputy = match store.user_by_login("deputy").await?.map(|u| u.role) {
        Some(Role::Deputy { person }) => Some(person),
        _ => None,
    };
    let mut rosters = Vec::new();
    for c in ids {
        rosters.push(super::roster(store, c).await?);
    }

    for (n, s) in DATA.activity.iter().enumerate() {
        let congress = ids[s.at];
        let staff = Actor { user: None, role: Role::Staff { congress } };
        let starts = date(2026, s.month, s.day).at(s.hour, 0, 0, 0);
        let ends = starts + jiff::Span::new().hours(s.hours);
        let joint = (s.at == 1 && s.kind == K::Inspection).then_some(ids[2]);
        let at_station = matches!(s.kind, K::StationReception) || (s.kind == K::Mediation && s.at == 0);
        let new = NewActivity {
            kind: s.kind,
            title: s.title.clone(),
            place: s.place.clone(),
            organiser: if s.at == 0 {
                format!("{CITY}人大常委会办公室")
            } else {
                format!("{}人大常委会办公室", COUNTIES[s.at - 1].name)
            },
            starts_at: starts,
            ends_at: ends,
            description: format!("{}。", s.title),
            station: if at_station { station } else { None },
            mediation: s.mediation.as_ref().map(|m| Mediation {
                parties: m.parties.clone(),
                issue: m.issue.clone(),
                steps: m.steps.clone(),
                outcome: Some(m.outcome),
            }),
        };
        let id = store.create_activity(&staff, congress, &new).await?;
        if let Some(j) = joint {
            store.add_joint_congress(&staff, id, j).await?;
        }

        // Invite deputies in office that day, the demo deputy to most of the city's.
        let day = starts.date();
        let mut invite: Vec<PersonId> = Vec::new();
        for at in std::iter::once(s.at).chain(joint.map(|_| 2)) {
            let mut pool: Vec<PersonId> = rosters[at]
                .iter()
                .filter(|d| d.start_date <= day)
                .filter(|d| d.end_date.is_none_or(|e| e > day))
                .map(|d| d.person)
                .collect();
            pool.sort_unstable();
            pool.dedup();
            pool.shuffle(&mut rng);
            invite.extend(pool.into_iter().take(s.invited));
        }
        if s.at == 0
            && n % 4 != 3
            && let Some(d) = demo_deputy
            && !invite.contains(&d)
        {
            invite.push(d);
        }
        store.invite(&staff, id, &invite).await?;
        play(store, &staff, id, &invite, starts, ends, today, &mut rng).await?;
        if ends.date() < today {
            let text = &DATA.reports[n % DATA.reports.len()];
            store.set_activity_report(&staff, id, &format!("{}{text}", s.title), n % 2 == 0).await?;
        }
    }
    Ok(DATA.activity.len())
}

/// Plays each invited deputy's part at plausible moments: the day before, during, after.
#[expect(clippy::too_many_arguments, reason = "the demo's one loop body, split out for reading")]
async fn play(
    store: &Store,
    staff: &Actor,
    id: ActivityId,
    invited: &[PersonId],
    starts: DateTime,
    ends: DateTime,
    today: Date,
    rng: &mut StdRng,
) -> Result<()> {
    let day_before = starts - jiff::Span::new().days(1);
    let during = starts + jiff::Span::new().minutes(20);
    let after = ends + jiff::Span::new().hours(2);
    let past = ends.date() < today;
    for &p in invited {
        let me = Actor { user: None, role: Role::Deputy { person: p } };
        let roll = rng.random_range(0..100);
        let reason = &DATA.leave[rng.random_range(0..DATA.leave.len())];
        let at_now = today.at(9, 0, 0, 0);
        if !past {
            // Still to come: some have signed up, one asks for leave.
            if starts > at_now {
                if roll < 40 {
                    store.participate(&me, id, p, &P::SignUp, at_now).await?;
                } else if roll < 48 {
                    store.participate(&me, id, p, &P::RequestLeave { reason: reason.clone() }, at_now).await?;
                }
            }
            continue;
        }
        if roll < 50 {
            store.participate(&me, id, p, &P::SignUp, day_before).await?;
        }
        match roll {
            0..72 => {
                // Most scan the code; some are ticked on the list by the organiser.
                let who = if roll % 3 == 0 { staff } else { &me };
                store.participate(who, id, p, &P::CheckIn, during).await?;
            }
            72..84 => {
                store.participate(&me, id, p, &P::RequestLeave { reason: reason.clone() }, day_before).await?;
                store.participate(staff, id, p, &P::ApproveLeave, day_before).await?;
            }
            84..90 => {
                store
                    .participate(&me, id, p, &P::RequestLeave { reason: DATA.refused_leave.clone() }, day_before)
                    .await?;
                let note = DATA.refusal_note.clone();
                store.participate(staff, id, p, &P::RefuseLeave { note }, day_before).await?;
                if roll % 2 == 0 {
                    store.participate(&me, id, p, &P::CheckIn, during).await?;
                } else {
                    store.participate(staff, id, p, &P::MarkAbsent, after).await?;
                }
            }
            _ => {
                store.participate(staff, id, p, &P::MarkAbsent, after).await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_activities_file_is_well_formed() {
        let data: ActivitiesFile = parse_data("activities.toml", ACTIVITIES_TOML);
        let specs = &data.activity;
        for k in K::ALL {
            assert!(specs.iter().any(|s| s.kind == k), "{} missing", k.label());
        }
        for at in 0..3 {
            assert!(specs.iter().any(|s| s.at == at));
        }
        assert!(specs.iter().all(|s| s.at < 3), "only three congresses");
        assert!(specs.iter().any(|s| s.at == 1 && s.kind == K::Inspection), "a joint 视察");
        for s in specs {
            assert_eq!(s.mediation.is_some(), s.kind == K::Mediation, "{}: a case for each mediation", s.title);
            assert!(Date::new(2026, s.month, s.day).is_ok() && (0..24).contains(&s.hour), "{}: a date", s.title);
            assert!(s.hours > 0 && s.invited > 0 && !s.title.trim().is_empty() && !s.place.trim().is_empty());
        }
        for text in data.reports.iter().chain(&data.leave).chain([&data.refused_leave, &data.refusal_note]) {
            assert!(!text.trim().is_empty());
        }
        assert!(!data.reports.is_empty() && !data.leave.is_empty());
    }
}
