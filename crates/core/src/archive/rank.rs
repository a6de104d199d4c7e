//! Rankings of deputies (by congress or by delegation: the caller picks whom to pass),
//! normalised for time in office, with a minimum of activity, ties and band counts.
//!
//! **Normalisation: the earned part of the score is annualised.** A deputy's comparable score is
//! `base + (total − base) × days_in_period / days_in_office`, then held within 0 and full marks.
//! Why this and not a rate per month:
//! - it stays on the table's own scale, so the bands and the average mean what they mean for a
//!   full-year deputy, and a deputy in office all year compares with their own score unchanged;
//! - the base is not scaled: 东宝's 60 a year is a floor everyone stands on, not something earned
//!   per day — scaling it would lift a mid-year joiner above colleagues for doing nothing;
//! - a deputy who joined mid-year with the same rate of duty as a full-year colleague gets the
//!   same comparable score, so is never shown below average merely for joining late.
//!
//! The minimum of activity is pro-rated the same way (rounded up): a deputy in office for a
//! fifth of the year needs a fifth of the activities. Caps are not pro-rated: a part-year deputy
//! who reached a cap in a few months is annualised past it, which favours them slightly; that is
//! the lesser evil next to marking them down for the months before they were elected.
//! Deductions scale with the rest: what counts is the rate of leave as much as the rate of work.

use super::rules::PreparedTable;
use super::score::Summary;
use super::{Period, Points};
use crate::ids::DeputyshipId;
use serde::Serialize;

/// One deputy to rank: their summary for the period and how many of its days they held office.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Entrant {
    pub deputy: DeputyshipId,
    pub summary: Summary,
    pub days_in_office: u32,
}

/// Why a deputy is not ranked (shown as 不参与排名 with the reason).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Unranked {
    NotInOffice,
    BelowMinimum { activity: u32, required: u32 },
}

impl Unranked {
    pub fn label(self) -> &'static str {
        "不参与排名"
    }

    pub fn reason(self) -> String {
        match self {
            Unranked::NotInOffice => "考核期间内未在任".to_owned(),
            Unranked::BelowMinimum { activity, required } => {
                format!("履职活动 {activity} 次，少于参与排名所需的 {required} 次")
            }
        }
    }
}

/// A deputy's place in a ranking: a rank, or why none. (Serialised under `standing`, as the
/// API has always given it; `Standing` is the name of how a user stands to a record.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "standing", rename_all = "snake_case")]
pub enum Place {
    /// 1-based; equal comparable scores share a rank and the next rank skips (1, 2, 2, 4).
    Ranked {
        rank: u32,
    },
    Unranked(Unranked),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RankRow {
    pub deputy: DeputyshipId,
    /// The score as it is: what the deputy's sheet says.
    pub total: Points,
    /// The score annualised for time in office: what ranking compares.
    pub comparable: Points,
    /// The band of the comparable score.
    pub band: Option<usize>,
    pub days_in_office: u32,
    pub standing: Place,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BandCount<'t> {
    pub label: &'t str,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ranking<'t> {
    /// Ranked rows best first (ties by deputy id), then the unranked by comparable score.
    pub rows: Vec<RankRow>,
    /// Every deputy in office counted by the band of their comparable score, in table order.
    pub bands: Vec<BandCount<'t>>,
    pub ranked: u32,
    pub unranked: u32,
    /// The mean comparable score of the ranked.
    pub average: Option<Points>,
}

/// `n × num / den` rounded half away from zero, in hundredths.
fn scale(n: i64, num: u32, den: u32) -> i64 {
    let (n, num, den) = (i128::from(n), i128::from(num), i128::from(den.max(1)));
    let p = n * num;
    let q = (p.abs() + den / 2) / den;
    let q = if p < 0 { -q } else { q };
    i64::try_from(q).unwrap_or(if p < 0 { i64::MIN } else { i64::MAX })
}

/// The comparable (annualised) score of `total` earned in `days_in_office` of `period_days`.
pub fn comparable(total: Points, days_in_office: u32, period_days: u32, table: &PreparedTable) -> Points {
    let t = table.table();
    let days = days_in_office.clamp(1, period_days.max(1));
    let earned = (total - t.base).as_hundredths();
    let mut c = t.base + Points::hundredths(scale(earned, period_days, days));
    if let Some(max) = t.max_total {
        c = c.min(max);
    }
    c.max(Points::ZERO)
}

/// The activities a deputy in office `days_in_office` of `period_days` needs to be ranked.
pub fn required_activity(min_activity: u32, days_in_office: u32, period_days: u32) -> u32 {
    let days = u64::from(days_in_office.min(period_days));
    let need = (u64::from(min_activity) * days).div_ceil(u64::from(period_days.max(1)));
    u32::try_from(need).unwrap_or(u32::MAX)
}

/// Ranks `entrants` for `period` under `table`.
pub fn rank<'t>(entrants: &[Entrant], table: &'t PreparedTable, period: Period) -> Ranking<'t> {
    let period_days = period.days();
    let mut bands: Vec<BandCount<'t>> =
        table.table().bands.iter().map(|b| BandCount { label: b.label.as_str(), count: 0 }).collect();
    let mut rows: Vec<RankRow> = entrants
        .iter()
        .map(|e| {
            let days = e.days_in_office.min(period_days);
            let comparable = comparable(e.summary.total, days, period_days, table);
            let band = table.band_of(comparable);
            let required = required_activity(table.table().min_activity, days, period_days);
            let standing = if days == 0 {
                Place::Unranked(Unranked::NotInOffice)
            } else if e.summary.activity < required {
                Place::Unranked(Unranked::BelowMinimum { activity: e.summary.activity, required })
            } else {
                Place::Ranked { rank: 0 }
            };
            if days > 0
                && let Some(b) = band.and_then(|b| bands.get_mut(b))
            {
                b.count += 1;
            }
            RankRow { deputy: e.deputy, total: e.summary.total, comparable, band, days_in_office: days, standing }
        })
        .collect();
    // Ranked first, then by comparable score descending, then by id for a stable order.
    rows.sort_by(|a, b| {
        let ranked = |r: &RankRow| matches!(r.standing, Place::Ranked { .. });
        ranked(b).cmp(&ranked(a)).then(b.comparable.cmp(&a.comparable)).then(a.deputy.cmp(&b.deputy))
    });
    let mut ranked = 0u32;
    let mut sum: i128 = 0;
    let mut previous: Option<(Points, u32)> = None;
    for row in rows.iter_mut() {
        if let Place::Ranked { rank } = &mut row.standing {
            ranked += 1;
            sum += i128::from(row.comparable.as_hundredths());
            *rank = match previous {
                Some((score, r)) if score == row.comparable => r,
                _ => ranked,
            };
            previous = Some((row.comparable, *rank));
        }
    }
    let unranked = u32::try_from(rows.len()).unwrap_or(u32::MAX) - ranked;
    let average = (ranked > 0).then(|| {
        let n = i128::from(ranked);
        let mean = (sum + n / 2).div_euclid(n);
        Points::hundredths(i64::try_from(mean).unwrap_or(i64::MAX))
    });
    Ranking { rows, bands, ranked, unranked, average }
}

/// Deputies ranked within the last `places` ranks in both rankings — 东宝's "bottom ranks two
/// years running get a formal talk". Ties at the boundary are included.
pub fn bottom_in_both(earlier: &Ranking<'_>, later: &Ranking<'_>, places: u32) -> Vec<DeputyshipId> {
    let bottom = |r: &Ranking<'_>| -> Vec<DeputyshipId> {
        let ranked: Vec<&RankRow> = r.rows.iter().filter(|row| matches!(row.standing, Place::Ranked { .. })).collect();
        let first_bottom = ranked.len().saturating_sub(usize::try_from(places).unwrap_or(usize::MAX));
        match ranked.get(first_bottom) {
            Some(edge) if places > 0 => {
                ranked.iter().filter(|row| row.comparable <= edge.comparable).map(|row| row.deputy).collect()
            }
            _ => Vec::new(),
        }
    };
    let before = bottom(earlier);
    let mut both: Vec<DeputyshipId> = bottom(later).into_iter().filter(|d| before.contains(d)).collect();
    both.sort();
    both
}
