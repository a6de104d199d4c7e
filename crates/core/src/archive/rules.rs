//! A congress's rule table for one year (评分细则): a base score, one rule per item kind
//! (points per unit, a target with bonuses and shortfalls, or an all-or-nothing 全勤 award),
//! caps per kind and per category, deductions (rules with negative points), full marks, bands
//! and the minimum of activity for ranking.
//!
//! A table is data (serde, saved by the store as JSON). [`RuleTable::problems`] lists every
//! mistake in Chinese; [`RuleTable::prepare`] turns a valid table into a [`PreparedTable`], indexed
//! by kind so that scoring a deputy costs one pass over their items and one over the rules.

use super::items::ItemKind;
use super::{Points, ScoringError};
use serde::{Deserialize, Serialize};

/// How a rule turns a quantity into points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Formula {
    /// `points` per unit; negative for a deduction (−1 per half-day of leave).
    PerUnit { points: Points },
    /// `points` on reaching `target` units, `per_extra` more per unit above it and `per_missing`
    /// less per unit short of it, never below 0 ("3 written suggestions 10, ±5 per one more or
    /// fewer"). A shortfall costs what the line gives, no more: deductions are rules of their own.
    Target { target: u32, points: Points, per_extra: Points, per_missing: Points },
    /// 全勤: `points` when the deputy has at least one unit of the rule's kind and none of the
    /// kinds in `spoiled_by` (leave, absence) in the period.
    Full { points: Points, spoiled_by: Vec<ItemKind> },
}

/// One line of the table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub kind: ItemKind,
    pub formula: Formula,
    /// The most this line can give — or, for a deduction, take away. `None`: no cap.
    #[serde(default)]
    pub cap: Option<Points>,
    /// The category (by name) whose cap this line also counts towards.
    #[serde(default)]
    pub category: Option<String>,
}

impl Rule {
    /// `points` per unit, uncapped.
    pub fn per_unit(kind: ItemKind, points: Points) -> Rule {
        Rule { kind, formula: Formula::PerUnit { points }, cap: None, category: None }
    }

    pub fn capped(mut self, cap: Points) -> Rule {
        self.cap = Some(cap);
        self
    }

    pub fn in_category(mut self, name: &str) -> Rule {
        self.category = Some(name.to_owned());
        self
    }
}

/// A cap on the sum of several lines ("闭会期间活动合计不超过 30 分").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCap {
    pub name: String,
    pub cap: Points,
}

/// A band (等次): scores from `at_least` (inclusive; `None` = no lower bound) up to `below`
/// (exclusive; `None` = no upper bound). "60–79 较好" on a scale of whole points is
/// `at_least: 60, below: 80`, so that 79.5 is 较好 too. The bands of a table must cover every
/// score from 0 up without gaps or overlaps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub label: String,
    #[serde(default)]
    pub at_least: Option<Points>,
    #[serde(default)]
    pub below: Option<Points>,
}

impl Band {
    pub fn new(label: &str, at_least: Option<i64>, below: Option<i64>) -> Band {
        Band { label: label.to_owned(), at_least: at_least.map(Points::whole), below: below.map(Points::whole) }
    }

    pub fn contains(&self, p: Points) -> bool {
        self.at_least.is_none_or(|a| p >= a) && self.below.is_none_or(|b| p < b)
    }
}

/// How often scores are published. The score itself is always of a period the caller gives;
/// quarterly publication shows the year so far at each quarter's end ([`super::Period::year_to_quarter`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    #[default]
    Yearly,
    Quarterly,
}

impl Cadence {
    pub fn label(self) -> &'static str {
        match self {
            Cadence::Yearly => "每年公布",
            Cadence::Quarterly => "每季度公布",
        }
    }
}

/// A rule table (评分细则).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleTable {
    /// 名称, e.g. "重庆市江北区人大代表履职积分细则".
    pub name: String,
    /// Where the numbers come from, and anything a reader should know.
    #[serde(default)]
    pub note: String,
    pub base: Points,
    pub rules: Vec<Rule>,
    #[serde(default)]
    pub categories: Vec<CategoryCap>,
    /// Full marks (百分制: 100); `None`: no ceiling.
    #[serde(default)]
    pub max_total: Option<Points>,
    #[serde(default)]
    pub bands: Vec<Band>,
    /// Fewer counted activities than this over a full year: not ranked (pro-rated for time in office).
    #[serde(default)]
    pub min_activity: u32,
    #[serde(default)]
    pub cadence: Cadence,
}

fn formula_problem(kind: ItemKind, f: &Formula) -> Option<&'static str> {
    match f {
        Formula::PerUnit { .. } => None,
        Formula::Target { target, points, per_extra, per_missing } => {
            if *target == 0 {
                Some("基准数量须大于0")
            } else if points.is_negative() || per_extra.is_negative() || per_missing.is_negative() {
                Some("基准分和增减分值不能为负数")
            } else {
                None
            }
        }
        Formula::Full { points, spoiled_by } => {
            if points.is_negative() {
                Some("全勤分不能为负数")
            } else if spoiled_by.is_empty() {
                Some("须列出不计全勤的事项（如请假、缺席）")
            } else if spoiled_by.contains(&kind) {
                Some("不计全勤的事项不能是本项自身")
            } else {
                None
            }
        }
    }
}

/// Every gap, overlap or malformed band. The bands must cover [0, ∞) exactly once.
pub fn band_problems(bands: &[Band]) -> Vec<ScoringError> {
    let mut out = Vec::new();
    for (i, b) in bands.iter().enumerate() {
        if b.label.trim().is_empty() {
            out.push(ScoringError::BandLabelMissing);
        } else if bands[..i].iter().any(|o| o.label.trim() == b.label.trim()) {
            out.push(ScoringError::DuplicateBand { label: b.label.clone() });
        }
        if let (Some(a), Some(z)) = (b.at_least, b.below)
            && a >= z
        {
            out.push(ScoringError::EmptyBand { label: b.label.clone() });
        }
    }
    if !out.is_empty() || bands.is_empty() {
        return out;
    }
    // `None` as a lower bound is −∞ and sorts first.
    let mut sorted: Vec<&Band> = bands.iter().collect();
    sorted.sort_by_key(|b| b.at_least);
    let first = sorted[0];
    if let Some(a) = first.at_least
        && a > Points::ZERO
    {
        out.push(ScoringError::BandsStartAboveZero { label: first.label.clone(), from: a.to_string() });
    }
    for pair in sorted.windows(2) {
        let (lo, hi) = (pair[0], pair[1]);
        let overlap = ScoringError::BandOverlap { first: lo.label.clone(), second: hi.label.clone() };
        match (lo.below, hi.at_least) {
            (None, _) | (_, None) => out.push(overlap),
            (Some(z), Some(a)) if z > a => out.push(overlap),
            (Some(z), Some(a)) if z < a => out.push(ScoringError::BandGap {
                below: lo.label.clone(),
                above: hi.label.clone(),
                from: z.to_string(),
                to: a.to_string(),
            }),
            _ => {}
        }
    }
    let last = sorted[sorted.len() - 1];
    if let Some(z) = last.below {
        out.push(ScoringError::BandsEndBelowTop { label: last.label.clone(), below: z.to_string() });
    }
    out
}

impl RuleTable {
    /// Every mistake in the table, in the order a reader meets them. Empty: the table is valid.
    pub fn problems(&self) -> Vec<ScoringError> {
        let mut out = Vec::new();
        if self.name.trim().is_empty() {
            out.push(ScoringError::TableNameMissing);
        }
        if self.base.is_negative() {
            out.push(ScoringError::NegativeBase);
        }
        for (i, c) in self.categories.iter().enumerate() {
            if c.name.trim().is_empty() {
                out.push(ScoringError::CategoryNameMissing);
            } else if self.categories[..i].iter().any(|o| o.name == c.name) {
                out.push(ScoringError::DuplicateCategory { name: c.name.clone() });
            }
            if c.cap.is_negative() {
                out.push(ScoringError::NegativeCategoryCap { name: c.name.clone() });
            }
        }
        if self.categories.len() > ItemKind::COUNT {
            out.push(ScoringError::TooManyCategories { max: ItemKind::COUNT });
        }
        for (i, r) in self.rules.iter().enumerate() {
            if self.rules[..i].iter().any(|o| o.kind == r.kind) {
                out.push(ScoringError::DuplicateRule { kind: r.kind });
            }
            if r.cap.is_some_and(Points::is_negative) {
                out.push(ScoringError::NegativeCap { kind: r.kind });
            }
            if let Some(reason) = formula_problem(r.kind, &r.formula) {
                out.push(ScoringError::InvalidFormula { kind: r.kind, reason });
            }
            if let Some(cat) = &r.category
                && !self.categories.iter().any(|c| &c.name == cat)
            {
                out.push(ScoringError::UnknownCategory { kind: r.kind, category: cat.clone() });
            }
        }
        if let Some(max) = self.max_total
            && max < self.base
        {
            out.push(ScoringError::MaxBelowBase { max: max.to_string(), base: self.base.to_string() });
        }
        out.extend(band_problems(&self.bands));
        out
    }

    /// Validates and indexes the table. `Err` is the first of [`RuleTable::problems`].
    pub fn prepare(self) -> Result<PreparedTable, ScoringError> {
        if let Some(first) = self.problems().into_iter().next() {
            return Err(first);
        }
        let mut rule_of = [None; ItemKind::COUNT];
        let mut category_of = Vec::with_capacity(self.rules.len());
        for (i, r) in self.rules.iter().enumerate() {
            rule_of[r.kind.index()] = Some(i);
            category_of.push(r.category.as_ref().and_then(|name| self.categories.iter().position(|c| &c.name == name)));
        }
        Ok(PreparedTable { table: self, rule_of, category_of })
    }
}

/// A valid table, indexed by kind. Built once per table; shared by every deputy scored with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedTable {
    table: RuleTable,
    rule_of: [Option<usize>; ItemKind::COUNT],
    /// For each rule (in table order), the index of its category.
    category_of: Vec<Option<usize>>,
}

impl PreparedTable {
    pub fn table(&self) -> &RuleTable {
        &self.table
    }

    pub fn into_table(self) -> RuleTable {
        self.table
    }

    /// The rule for `kind`, if the table scores it.
    pub fn rule_for(&self, kind: ItemKind) -> Option<&Rule> {
        self.rule_of[kind.index()].map(|i| &self.table.rules[i])
    }

    pub(super) fn category_of(&self, rule: usize) -> Option<usize> {
        self.category_of.get(rule).copied().flatten()
    }

    /// The index of the band `p` falls in (`None` when the table has no bands).
    pub fn band_of(&self, p: Points) -> Option<usize> {
        self.table.bands.iter().position(|b| b.contains(p))
    }

    pub fn band_label(&self, index: usize) -> Option<&str> {
        self.table.bands.get(index).map(|b| b.label.as_str())
    }
}
