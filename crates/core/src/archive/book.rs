//! A congress's rule tables for one year, as versions.
//!
//! Deputies must know the rules before they are judged by them, so a table is published in
//! advance with an effective date, and once its year has started every version is locked:
//! editing is refused ([`ScoringError::TableLocked`]). A change during the year is a new
//! version whose effective date is later than today and later than the previous version's;
//! [`RuleBook::rules_for`] picks the version in force on a date. Before the year starts,
//! versions may still be edited in place (a draft published early and corrected).
//!
//! **Corrections.** A mistake found in the year's table once the year has started (a wrong
//! value, a missing line) may be corrected with effect from the start of the period, when staff
//! confirm it with a reason ([`RuleBook::correct`]): the correction is a new version effective
//! from 1 January that supersedes every earlier version, which are kept (with the reason) so the
//! change can be seen and audited. Without that confirmation the year stays locked.
//!
//! Which version scores a period: the one in force on the period's last day
//! ([`RuleBook::for_period`]). The assessment is made at the end of the period with the rules
//! then in force; since a new version can only take effect after the day it is published and
//! every version is kept, the deputy's page can show which rules applied and since when.

use super::rules::RuleTable;
use super::{Period, ScoringError};
use crate::ids::OrgId;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// One published version of a year's table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleVersion {
    /// 1, 2, … in order of effective date.
    pub version: u32,
    pub effective_from: Date,
    pub published_on: Date,
    pub table: RuleTable,
    /// Set on a correction: it supersedes every earlier version from the start of the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<Correction>,
}

/// Why a version corrects the ones before it, and which version was in force when it did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub corrects: u32,
    pub reason: String,
}

/// The versions of one congress's table for one year. Deserialising goes through
/// [`RuleBook::from_versions`], so a stored book keeps its order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RuleBookDto")]
pub struct RuleBook {
    pub congress: OrgId,
    pub year: i16,
    versions: Vec<RuleVersion>,
}

#[derive(Deserialize)]
struct RuleBookDto {
    congress: OrgId,
    year: i16,
    versions: Vec<RuleVersion>,
}

impl TryFrom<RuleBookDto> for RuleBook {
    type Error = ScoringError;
    fn try_from(d: RuleBookDto) -> Result<Self, ScoringError> {
        RuleBook::from_versions(d.congress, d.year, d.versions)
    }
}

impl RuleBook {
    pub fn new(congress: OrgId, year: i16) -> RuleBook {
        RuleBook { congress, year, versions: Vec::new() }
    }

    /// A book from stored versions (rows read back from the store), in any order. Refused when
    /// two versions in force together (since the last correction) share an effective date or
    /// are out of order, or one takes effect after the year. Tables are not re-validated: a
    /// version published under older rules stays what it was.
    pub fn from_versions(congress: OrgId, year: i16, mut versions: Vec<RuleVersion>) -> Result<RuleBook, ScoringError> {
        versions.sort_by_key(|v| v.version);
        for pair in versions.windows(2) {
            if pair[1].correction.is_none() && pair[0].effective_from >= pair[1].effective_from {
                return Err(ScoringError::EffectiveDateNotLater {
                    date: pair[1].effective_from,
                    previous: pair[0].effective_from,
                });
            }
        }
        if let Some(late) = versions.iter().find(|v| v.effective_from.year() > year) {
            return Err(ScoringError::EffectiveDateAfterYear { date: late.effective_from, year });
        }
        Ok(RuleBook { congress, year, versions })
    }

    /// The versions that can be in force: from the last correction on (all without one).
    pub fn live(&self) -> &[RuleVersion] {
        let from = self.versions.iter().rposition(|v| v.correction.is_some()).unwrap_or(0);
        &self.versions[from..]
    }

    /// Every version, superseded ones too, oldest first.
    pub fn versions(&self) -> &[RuleVersion] {
        &self.versions
    }

    /// Whether the year has started on `today`: from then on nothing is edited in place.
    pub fn is_locked(&self, today: Date) -> bool {
        today.year() >= self.year
    }

    /// Publishes a version effective from `effective_from`. Before the year starts any date up
    /// to the year's end will do (later than the previous version's); once it has started, the
    /// date must also be after `today`, so that no change reaches back.
    pub fn publish(&mut self, table: RuleTable, effective_from: Date, today: Date) -> Result<u32, ScoringError> {
        if let Some(first) = table.problems().into_iter().next() {
            return Err(first);
        }
        if effective_from.year() > self.year {
            return Err(ScoringError::EffectiveDateAfterYear { date: effective_from, year: self.year });
        }
        if let Some(last) = self.live().last()
            && effective_from <= last.effective_from
        {
            return Err(ScoringError::EffectiveDateNotLater { date: effective_from, previous: last.effective_from });
        }
        if self.is_locked(today) && effective_from <= today {
            return Err(ScoringError::EffectiveDateNotFuture { date: effective_from, today });
        }
        let version = u32::try_from(self.versions.len()).unwrap_or(u32::MAX).saturating_add(1);
        self.versions.push(RuleVersion { version, effective_from, published_on: today, table, correction: None });
        Ok(version)
    }

    /// Corrects the year's table during the year, with effect from its first day: a new
    /// version effective from 1 January that supersedes every earlier one (kept). Only in the
    /// year itself (before it, versions are edited in place; after it, the assessment stands),
    /// only with a reason, and only when there is a version to correct.
    pub fn correct(&mut self, table: RuleTable, reason: &str, today: Date) -> Result<u32, ScoringError> {
        if let Some(first) = table.problems().into_iter().next() {
            return Err(first);
        }
        if today.year() != self.year {
            return Err(ScoringError::CorrectionOutsideYear { year: self.year });
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ScoringError::CorrectionReasonMissing);
        }
        let corrects = self.live().last().ok_or(ScoringError::NothingToCorrect { year: self.year })?.version;
        let version = u32::try_from(self.versions.len()).unwrap_or(u32::MAX).saturating_add(1);
        self.versions.push(RuleVersion {
            version,
            effective_from: today.first_of_year(),
            published_on: today,
            table,
            correction: Some(Correction { corrects, reason: reason.to_owned() }),
        });
        Ok(version)
    }

    /// Replaces version `version`'s table before the year starts.
    pub fn edit(&mut self, version: u32, table: RuleTable, today: Date) -> Result<(), ScoringError> {
        if self.is_locked(today) {
            return Err(ScoringError::TableLocked { year: self.year });
        }
        if let Some(first) = table.problems().into_iter().next() {
            return Err(first);
        }
        let v =
            self.versions.iter_mut().find(|v| v.version == version).ok_or(ScoringError::NoSuchVersion { version })?;
        v.table = table;
        v.published_on = today;
        Ok(())
    }

    /// The version in force on `day`: the latest effective on or before it, within the year.
    pub fn rules_for(&self, day: Date) -> Option<&RuleVersion> {
        if day.year() != self.year {
            return None;
        }
        self.live().iter().rev().find(|v| v.effective_from <= day)
    }

    /// The version that scores `period`: the one in force on its last day.
    pub fn for_period(&self, period: Period) -> Option<&RuleVersion> {
        self.rules_for(period.to())
    }
}
