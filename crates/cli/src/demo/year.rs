//! A realistic year of duty for every demo deputy, so that the scores spread as they do in a
//! real congress (issue 13: before this, the demo's few activities left nearly every deputy
//! with nothing and every template rated them all 差).
//!
//! What a deputy does in a year, by level (the numbers the templates are calibrated on, README
//! "Calibrating the templates"): the session (9 half-days in the city, 7 in a county, 3 in a
//! township), most attending it all, some on leave for a half-day or two, a few for half of it,
//! a few absent once; 0–3 speeches in deliberation; 0–2 standing-committee meetings sat in on
//! (city and county); 0–6 deputy-group activities; 0–3 inspections, 0–2 surveys, at city and
//! county a law-enforcement check or a court hearing now and then; a training; 0–2 receptions
//! at a liaison station; 3–20 households visited; now and then an activity missed. These are
//! the rolls the congress office keeps (sign-in sheets of the session, meetings and activities)
//! entered as platform items, one per kind with its quantity (`roll:{congress}:{person}:{kind}`);
//! suggestions, the demo's own activities, receptions and 述职 come on top from their records.
//! Deterministic: each deputy's year depends only on the congress, the person and the level.

use anyhow::Result;
use jiff::civil::Date;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use renda_core::archive::ItemKind as K;
use renda_core::ids::OrgId;
use renda_core::org::CongressLevel;
use renda_core::policy::Role;
use renda_store::archive::PlatformItem;
use renda_store::{Actor, Store};

const SEED: u64 = 0x5945_4152_4f46_4455;

/// The session's half-days and its first day, by level.
fn session(level: CongressLevel, year: i16) -> (u32, Date) {
    match level {
        CongressLevel::City => (9, Date::new(year, 1, 12).unwrap_or_default()),
        CongressLevel::County => (7, Date::new(year, 1, 8).unwrap_or_default()),
        CongressLevel::Township => (3, Date::new(year, 1, 5).unwrap_or_default()),
    }
}

fn weighted(rng: &mut StdRng, weights: &[u32]) -> u32 {
    let total: u32 = weights.iter().sum();
    let mut roll = rng.random_range(0..total);
    for (value, w) in weights.iter().enumerate() {
        if roll < *w {
            return u32::try_from(value).unwrap_or(0);
        }
        roll -= w;
    }
    0
}

/// One deputy's year: (kind, quantity, day) for each kind they have, dated from `from` (the
/// later of 1 January and the start of the seat) to `to` (the earlier of today and the seat's
/// last day). The session counts only when the seat covers its first day.
pub fn deputy_year(level: CongressLevel, congress: i64, person: i64, from: Date, to: Date) -> Vec<(K, u32, Date)> {
    let mut rng = StdRng::seed_from_u64(SEED ^ (congress.unsigned_abs() << 32) ^ person.unsigned_abs());
    let mut out = Vec::new();
    if to < from {
        return out;
    }
    let (half_days, opens) = session(level, from.year());
    let span = u32::try_from((to - from).get_days().max(0)).unwrap_or(0);
    let day = |rng: &mut StdRng| from + jiff::Span::new().days(i64::from(rng.random_range(0..=span)));
    let roll = rng.random_range(0..100u32);
    if from <= opens && opens <= to {
        let (attended, leave, absent) = match roll {
            0..78 => (half_days, 0, 0),
            78..92 => {
                let l = rng.random_range(1..=2).min(half_days - 1);
                (half_days - l, l, 0)
            }
            92..96 => (half_days / 2, half_days - half_days / 2, 0),
            _ => (half_days - 1, 0, 1),
        };
        for (k, n) in [(K::SessionAttended, attended), (K::SessionLeave, leave), (K::SessionAbsent, absent)] {
            if n > 0 {
                out.push((k, n, opens));
            }
        }
        let speeches = weighted(&mut rng, &[35, 35, 20, 10]);
        if speeches > 0 {
            out.push((K::DeliberationSpeech, speeches, opens));
        }
    }
    let upper = level != CongressLevel::Township;
    let mut kinds: Vec<(K, u32)> = Vec::new();
    if upper {
        kinds.push((K::MeetingAttended, weighted(&mut rng, &[50, 30, 20])));
    }
    kinds.push((K::GroupActivity, weighted(&mut rng, &[8, 12, 20, 20, 22, 12, 6])));
    let visits = if rng.random_range(0..100u32) < 15 { 0 } else { rng.random_range(3..=20) };
    kinds.push((K::VoterContact, visits));
    kinds.push((K::Inspection, weighted(&mut rng, &[40, 35, 20, 5])));
    kinds.push((K::Survey, weighted(&mut rng, &[50, 35, 15])));
    if upper {
        kinds.push((K::LawEnforcementCheck, weighted(&mut rng, &[70, 30])));
        kinds.push((K::CourtObservation, weighted(&mut rng, &[80, 20])));
    }
    kinds.push((K::Training, weighted(&mut rng, &[20, 60, 20])));
    kinds.push((K::StationReception, weighted(&mut rng, &[50, 30, 20])));
    kinds.push((K::ActivityAbsent, weighted(&mut rng, &[90, 10])));
    for (k, n) in kinds {
        let on = day(&mut rng);
        if n > 0 {
            out.push((k, n, on));
        }
    }
    out
}

/// Records the year of every deputy of `congress` in office this year, up to `today`, in one
/// transaction. Returns how many items.
pub async fn record(store: &Store, congress: OrgId, level: CongressLevel, today: Date) -> Result<usize> {
    let jan1 = today.first_of_year();
    let mut items = Vec::new();
    for d in super::roster(store, congress).await? {
        let (start, end) = (d.start_date, d.end_date);
        let from = start.max(jan1);
        // The seat ends on its end date: the last day in office is the day before.
        let to = end.and_then(|e| e.yesterday().ok()).map_or(today, |last| last.min(today));
        for (kind, quantity, date) in deputy_year(level, congress.0, d.person.0, from, to) {
            items.push(PlatformItem {
                person: d.person,
                date,
                kind,
                quantity,
                source: format!("roll:{}:{}:{}:{}", congress.0, d.deputyship.0, d.person.0, kind.code()),
            });
        }
    }
    let staff = Actor { user: None, role: Role::Staff { congress } };
    store.record_platform_items(&staff, congress, &items).await?;
    Ok(items.len())
}
