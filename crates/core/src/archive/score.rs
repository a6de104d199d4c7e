//! Scoring: from a deputy's archive items, a table and a period to a score sheet in which every
//! line says how it was reached.
//!
//! Both entry points make one pass over the items into a per-kind array on the stack and one
//! pass over the table's rules. [`summarize`] allocates nothing — it is what the store runs over
//! millions of deputies; [`score`] allocates one vector of lines and explains each on demand
//! ([`ScoreLine::explanation`]). Arithmetic is in integer hundredths, so the result does not
//! depend on the order of the items.
//!
//! The total is always `base + Σ line subtotals`: a category cap, the full-marks ceiling and the
//! floor at 0 are lines of their own, so that nothing changes the total unexplained.

use super::items::{ArchiveItem, ItemKind};
use super::rules::{Formula, PreparedTable};
use super::{Period, Points};
use serde::Serialize;
use std::borrow::Borrow;
use std::fmt;

/// What a line is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "line", content = "of", rename_all = "snake_case")]
pub enum LineKind<'t> {
    /// A rule of the table, for one item kind.
    Item(ItemKind),
    /// The cap of a category (by name) took some points back.
    Category(&'t str),
    /// The total was above full marks.
    FullMarks,
    /// The total was below 0.
    Floor,
}

/// One explained line of a score sheet. Serialised with its `explanation` beside the numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScoreLine<'t> {
    pub kind: LineKind<'t>,
    /// Units counted (for an item line), or 0.
    pub count: u32,
    /// The rule's formula (for an item line).
    pub formula: Option<&'t Formula>,
    /// Before any cap: the formula's result, or the sum/total a category or ceiling line corrects.
    pub raw: Points,
    /// The cap that applies to this line (a category's or full marks for those lines).
    pub cap: Option<Points>,
    /// Whether the cap (or, for a target, the floor at 0) changed the result.
    pub capped: bool,
    pub subtotal: Points,
}

/// The result without lines: what ranking and bulk recomputation need.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub total: Points,
    /// Index of the band in the table, if it has bands.
    pub band: Option<usize>,
    /// Counted items that are activity (leave and absence excluded): compared with the
    /// table's minimum for ranking.
    pub activity: u32,
}

/// A deputy's score for a period under one table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoreSheet<'t> {
    pub period: Period,
    pub base: Points,
    pub lines: Vec<ScoreLine<'t>>,
    pub total: Points,
    pub band: Option<usize>,
    pub band_label: Option<&'t str>,
    pub activity: u32,
}

impl ScoreSheet<'_> {
    pub fn summary(&self) -> Summary {
        Summary { total: self.total, band: self.band, activity: self.activity }
    }
}

/// Counted quantities per kind within the period.
struct Counts {
    quantity: [u32; ItemKind::COUNT],
    activity: u32,
}

fn count<I>(items: I, period: Period) -> Counts
where
    I: IntoIterator,
    I::Item: Borrow<ArchiveItem>,
{
    let mut c = Counts { quantity: [0; ItemKind::COUNT], activity: 0 };
    for item in items {
        let item = item.borrow();
        if !item.counts() || !period.contains(item.date) {
            continue;
        }
        let q = &mut c.quantity[item.kind.index()];
        *q = q.saturating_add(item.quantity);
        if item.kind.is_activity() {
            c.activity = c.activity.saturating_add(1);
        }
    }
    c
}

/// Applies a magnitude cap: the result keeps its sign and is at most `cap` away from 0.
fn apply_cap(raw: Points, cap: Option<Points>) -> (Points, bool) {
    match cap {
        Some(c) if raw.abs() > c => (if raw.is_negative() { -c } else { c }, true),
        _ => (raw, false),
    }
}

/// The one place where the arithmetic lives; `sink` receives each line in order.
fn compute<'t>(counts: &Counts, table: &'t PreparedTable, mut sink: impl FnMut(ScoreLine<'t>)) -> Points {
    let t = table.table();
    let mut total = t.base;
    let mut category_sums = [Points::ZERO; ItemKind::COUNT];
    for (i, rule) in t.rules.iter().enumerate() {
        let n = counts.quantity[rule.kind.index()];
        let (raw, floored) = match &rule.formula {
            Formula::PerUnit { points } => (points.times(n), false),
            Formula::Target { target, points, per_extra, per_missing } => {
                let v = if n >= *target {
                    *points + per_extra.times(n - target)
                } else {
                    *points - per_missing.times(target - n)
                };
                (v, v.is_negative())
            }
            Formula::Full { points, spoiled_by } => {
                let spoiled = spoiled_by.iter().any(|k| counts.quantity[k.index()] > 0);
                (if n > 0 && !spoiled { *points } else { Points::ZERO }, false)
            }
        };
        let floored_value = if floored { Points::ZERO } else { raw };
        let (subtotal, capped) = apply_cap(floored_value, rule.cap);
        if let Some(c) = table.category_of(i) {
            category_sums[c] += subtotal;
        }
        total += subtotal;
        sink(ScoreLine {
            kind: LineKind::Item(rule.kind),
            count: n,
            formula: Some(&rule.formula),
            raw,
            cap: rule.cap,
            capped: capped || floored,
            subtotal,
        });
    }
    for (c, cat) in t.categories.iter().enumerate() {
        let sum = category_sums[c];
        if sum > cat.cap {
            let subtotal = cat.cap - sum;
            total += subtotal;
            sink(ScoreLine {
                kind: LineKind::Category(&cat.name),
                count: 0,
                formula: None,
                raw: sum,
                cap: Some(cat.cap),
                capped: true,
                subtotal,
            });
        }
    }
    if let Some(max) = t.max_total
        && total > max
    {
        let subtotal = max - total;
        sink(ScoreLine {
            kind: LineKind::FullMarks,
            count: 0,
            formula: None,
            raw: total,
            cap: Some(max),
            capped: true,
            subtotal,
        });
        total = max;
    }
    if total.is_negative() {
        sink(ScoreLine {
            kind: LineKind::Floor,
            count: 0,
            formula: None,
            raw: total,
            cap: None,
            capped: true,
            subtotal: -total,
        });
        total = Points::ZERO;
    }
    total
}

/// The total, band and activity count, without lines or allocation.
pub fn summarize<I>(items: I, table: &PreparedTable, period: Period) -> Summary
where
    I: IntoIterator,
    I::Item: Borrow<ArchiveItem>,
{
    let counts = count(items, period);
    let total = compute(&counts, table, |_| {});
    Summary { total, band: table.band_of(total), activity: counts.activity }
}

/// What one kind of a deputy's counted items adds up to within a period: the sum of their
/// quantities and how many items there are. A database can compute it with one `GROUP BY`
/// instead of handing over every item; [`score_totals`] gives the same sheet as [`score`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindTotal {
    pub kind: ItemKind,
    pub quantity: u64,
    pub items: u64,
}

impl Counts {
    fn from_totals(totals: &[KindTotal]) -> Counts {
        let mut c = Counts { quantity: [0; ItemKind::COUNT], activity: 0 };
        for t in totals {
            let q = &mut c.quantity[t.kind.index()];
            *q = q.saturating_add(u32::try_from(t.quantity).unwrap_or(u32::MAX));
            if t.kind.is_activity() {
                c.activity = c.activity.saturating_add(u32::try_from(t.items).unwrap_or(u32::MAX));
            }
        }
        c
    }
}

/// The score sheet from per-kind totals of the counted items within `period` (the caller has
/// already left out items outside the period and declarations not verified).
pub fn score_totals<'t>(totals: &[KindTotal], table: &'t PreparedTable, period: Period) -> ScoreSheet<'t> {
    sheet(Counts::from_totals(totals), table, period)
}

/// The score sheet: every rule of the table as a line (zero-count ones too, so the deputy sees
/// what would have counted), then any category, full-marks or floor corrections.
pub fn score<'t, I>(items: I, table: &'t PreparedTable, period: Period) -> ScoreSheet<'t>
where
    I: IntoIterator,
    I::Item: Borrow<ArchiveItem>,
{
    sheet(count(items, period), table, period)
}

fn sheet(counts: Counts, table: &PreparedTable, period: Period) -> ScoreSheet<'_> {
    let mut lines = Vec::with_capacity(table.table().rules.len() + 2);
    let total = compute(&counts, table, |l| lines.push(l));
    let band = table.band_of(total);
    ScoreSheet {
        period,
        base: table.table().base,
        lines,
        total,
        band,
        band_label: band.and_then(|b| table.band_label(b)),
        activity: counts.activity,
    }
}

impl Serialize for ScoreLine<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("ScoreLine", 8)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("count", &self.count)?;
        st.serialize_field("formula", &self.formula)?;
        st.serialize_field("raw", &self.raw)?;
        st.serialize_field("cap", &self.cap)?;
        st.serialize_field("capped", &self.capped)?;
        st.serialize_field("subtotal", &self.subtotal)?;
        st.serialize_field("explanation", &self.explanation())?;
        st.end()
    }
}

impl ScoreLine<'_> {
    /// The line in words, e.g. "出席常委会会议 4 次 × 2 分 = 8 分（上限 10 分）".
    pub fn explanation(&self) -> String {
        self.to_string()
    }
}

fn cap_note(f: &mut fmt::Formatter<'_>, line: &ScoreLine<'_>, deduction: bool) -> fmt::Result {
    match (line.cap, line.capped, deduction) {
        (None, _, _) => Ok(()),
        (Some(c), false, false) => write!(f, "（上限 {c} 分）"),
        (Some(c), true, false) => write!(f, "，超过上限，按 {c} 分计"),
        (Some(c), false, true) => write!(f, "（最多扣 {c} 分）"),
        (Some(c), true, true) => write!(f, "，超过扣分上限，按扣 {c} 分计"),
    }
}

impl fmt::Display for ScoreLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            LineKind::Item(kind) => kind,
            LineKind::Category(name) => {
                let over = -self.subtotal;
                let cap = self.cap.unwrap_or(Points::ZERO);
                return write!(f, "{name}类合计 {} 分，超过类别上限 {cap} 分，核减 {over} 分", self.raw);
            }
            LineKind::FullMarks => {
                let max = self.cap.unwrap_or(Points::ZERO);
                return write!(f, "总分 {} 分，超过满分 {max} 分，按 {max} 分计", self.raw);
            }
            LineKind::Floor => return write!(f, "总分 {} 分，最低按 0 分计", self.raw),
        };
        let (label, unit, n) = (kind.label(), kind.unit(), self.count);
        match self.formula {
            None => write!(f, "{label} {n} {unit} = {} 分", self.subtotal),
            Some(Formula::PerUnit { points }) if points.is_negative() => {
                write!(f, "{label} {n} {unit} × 扣 {} 分 = 扣 {} 分", points.abs(), self.raw.abs())?;
                cap_note(f, self, true)
            }
            Some(Formula::PerUnit { points }) => {
                write!(f, "{label} {n} {unit} × {points} 分 = {} 分", self.raw)?;
                cap_note(f, self, false)
            }
            Some(Formula::Target { target, points, per_extra, per_missing }) => {
                write!(f, "{label} {n} {unit}（基准 {target} {unit}得 {points} 分")?;
                if *per_extra > Points::ZERO {
                    write!(f, "，每多 1 {unit}加 {per_extra} 分")?;
                }
                if *per_missing > Points::ZERO {
                    write!(f, "，每少 1 {unit}减 {per_missing} 分")?;
                }
                write!(f, "）= {} 分", self.raw)?;
                if self.raw.is_negative() {
                    write!(f, "，最低按 0 分计")?;
                    if self.cap.is_some() {
                        return cap_note(f, &ScoreLine { capped: false, ..*self }, false);
                    }
                    return Ok(());
                }
                cap_note(f, self, false)
            }
            Some(Formula::Full { points, spoiled_by }) => {
                if n == 0 {
                    write!(f, "{label} 0 {unit}，不计全勤分 = 0 分")
                } else if self.raw == Points::ZERO && *points > Points::ZERO {
                    let names: Vec<String> = spoiled_by.iter().map(|k| format!("“{}”", k.label())).collect();
                    write!(f, "{label} {n} {unit}，有{}记录，不计全勤分 = 0 分", names.join("或"))
                } else {
                    write!(f, "{label} {n} {unit}，全勤 = {} 分", self.raw)?;
                    cap_note(f, self, false)
                }
            }
        }
    }
}
