//! 述职: a deputy reports to voter representatives (often 50 or more), who rate them
//! 满意 / 基本满意 / 不满意 on the spot. DOMAIN.md: "in some places more than half 不满意 requires
//! a written rectification plan" — a setting, on by default.
//!
//! The overall rating archived with the 述职 is ours to define, since DOMAIN.md gives none:
//! 不满意 when more than half rated 不满意, 满意 when more than half rated 满意, otherwise
//! 基本满意. "More than half" is strict: exactly half is not more than half.

use super::ScoringError;
use super::items::ItemKind;
use crate::suggestion::Satisfaction;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A congress's settings for 述职.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSettings {
    /// More than half 不满意 requires a written rectification plan (整改报告).
    pub rectify_when_most_unsatisfied: bool,
    /// Fewer voter representatives than this are flagged (not refused): 50 is common practice.
    pub recommended_representatives: u32,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings { rectify_when_most_unsatisfied: true, recommended_representatives: 50 }
    }
}

/// Ratings by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingCounts {
    pub satisfied: u32,
    pub basic: u32,
    pub unsatisfied: u32,
}

impl RatingCounts {
    pub fn from_ratings<'a>(ratings: impl IntoIterator<Item = &'a Satisfaction>) -> RatingCounts {
        let mut c = RatingCounts::default();
        for r in ratings {
            let slot = match r {
                Satisfaction::Satisfied => &mut c.satisfied,
                Satisfaction::Basic => &mut c.basic,
                Satisfaction::Unsatisfied => &mut c.unsatisfied,
            };
            *slot = slot.saturating_add(1);
        }
        c
    }

    pub fn total(self) -> u32 {
        self.satisfied.saturating_add(self.basic).saturating_add(self.unsatisfied)
    }
}

/// `part` is more than half of `whole` (strictly: 25 of 50 is not).
pub fn more_than_half(part: u32, whole: u32) -> bool {
    u64::from(part) * 2 > u64::from(whole)
}

/// The result of one 述职 meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportResult {
    /// Voter representatives registered at the meeting.
    pub registered: u32,
    pub counts: RatingCounts,
    pub overall: Satisfaction,
    /// (满意 + 基本满意) / ratings, in tenths of a percent.
    pub approval_permille: u32,
    pub rectification_required: bool,
    /// Fewer representatives than the congress recommends.
    pub few_representatives: bool,
}

impl ReportResult {
    /// The archive item this 述职 becomes.
    pub fn item_kind(&self) -> ItemKind {
        match self.overall {
            Satisfaction::Satisfied => ItemKind::ReportSatisfied,
            Satisfaction::Basic => ItemKind::ReportBasic,
            Satisfaction::Unsatisfied => ItemKind::ReportUnsatisfied,
        }
    }
}

/// "满意 30 票、基本满意 15 票、不满意 5 票，满意率 90%，测评结果：满意".
impl fmt::Display for ReportResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.counts;
        let (whole, tenth) = (self.approval_permille / 10, self.approval_permille % 10);
        write!(f, "满意 {} 票、基本满意 {} 票、不满意 {} 票，满意率 {whole}", c.satisfied, c.basic, c.unsatisfied)?;
        if tenth != 0 {
            write!(f, ".{tenth}")?;
        }
        write!(f, "%，测评结果：{}", self.overall.label())?;
        if self.rectification_required {
            write!(f, "。不满意票超过半数，须提交书面整改报告")?;
        }
        Ok(())
    }
}

/// Tallies the ratings of a 述职 meeting with `registered` voter representatives.
pub fn tally_report(
    registered: u32,
    ratings: &[Satisfaction],
    settings: &ReportSettings,
) -> Result<ReportResult, ScoringError> {
    let counts = RatingCounts::from_ratings(ratings);
    let rated = counts.total();
    if rated == 0 {
        return Err(ScoringError::NoRatings);
    }
    if rated > registered {
        return Err(ScoringError::TooManyRatings { ratings: rated, registered });
    }
    let overall = if more_than_half(counts.unsatisfied, rated) {
        Satisfaction::Unsatisfied
    } else if more_than_half(counts.satisfied, rated) {
        Satisfaction::Satisfied
    } else {
        Satisfaction::Basic
    };
    let approving = u64::from(counts.satisfied) + u64::from(counts.basic);
    let permille = (approving * 1000 + u64::from(rated) / 2) / u64::from(rated);
    Ok(ReportResult {
        registered,
        counts,
        overall,
        approval_permille: u32::try_from(permille).unwrap_or(1000),
        rectification_required: settings.rectify_when_most_unsatisfied && more_than_half(counts.unsatisfied, rated),
        few_representatives: registered < settings.recommended_representatives,
    })
}
