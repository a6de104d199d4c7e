//! Deputy groups' standards checklist ("十有"): a configurable list of items per group per year,
//! each met or not, with the evidence that shows it.
//!
//! DOMAIN.md names the list only by example (有场所、有制度、有计划、有活动记录…) and makes it
//! configurable; [`STANDARD`] is the common ten, which contains those four.

use super::ScoringError;
use crate::ids::OrgId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The common "十有" standard, used when a congress has not configured its own list.
pub const STANDARD: [&str; 10] = [
    "有组长",
    "有活动场所",
    "有活动计划",
    "有工作制度",
    "有活动经费",
    "有联系群众制度",
    "有活动记录",
    "有学习资料",
    "有履职档案",
    "有考评机制",
];

/// A configured list may have at most this many items.
pub const MAX_ITEMS: usize = 20;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistEntry {
    pub label: String,
    pub met: bool,
    /// What shows it is met (a document, a photo, a place's address); for an unmet item, the
    /// note of what is missing, if any.
    pub evidence: String,
}

/// One group's checklist for one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    pub group: OrgId,
    pub year: i16,
    entries: Vec<ChecklistEntry>,
}

/// "共 10 项，已达标 7 项；未达标：有活动经费、有学习资料、有考评机制".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChecklistSummary<'a> {
    pub met: usize,
    pub total: usize,
    pub unmet: Vec<&'a str>,
}

impl fmt::Display for ChecklistSummary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "共 {} 项，已达标 {} 项", self.total, self.met)?;
        if !self.unmet.is_empty() {
            write!(f, "；未达标：{}", self.unmet.join("、"))?;
        }
        Ok(())
    }
}

impl Checklist {
    /// A checklist of `labels` (the congress's configured list), every item unmet.
    pub fn new<S: AsRef<str>>(group: OrgId, year: i16, labels: &[S]) -> Result<Checklist, ScoringError> {
        if labels.is_empty() || labels.len() > MAX_ITEMS {
            return Err(ScoringError::ChecklistSize { max: MAX_ITEMS });
        }
        let mut entries: Vec<ChecklistEntry> = Vec::with_capacity(labels.len());
        for label in labels {
            let label = label.as_ref().trim();
            if label.is_empty() {
                return Err(ScoringError::Missing { what: "检查项目名称" });
            }
            if entries.iter().any(|e| e.label == label) {
                return Err(ScoringError::DuplicateChecklistItem { label: label.to_owned() });
            }
            entries.push(ChecklistEntry { label: label.to_owned(), met: false, evidence: String::new() });
        }
        Ok(Checklist { group, year, entries })
    }

    /// The common ten.
    pub fn standard(group: OrgId, year: i16) -> Checklist {
        let entries = STANDARD
            .iter()
            .map(|l| ChecklistEntry { label: (*l).to_owned(), met: false, evidence: String::new() })
            .collect();
        Checklist { group, year, entries }
    }

    pub fn entries(&self) -> &[ChecklistEntry] {
        &self.entries
    }

    fn entry(&mut self, number: usize) -> Result<&mut ChecklistEntry, ScoringError> {
        number.checked_sub(1).and_then(|i| self.entries.get_mut(i)).ok_or(ScoringError::NoSuchChecklistItem { number })
    }

    /// Marks item `number` (1-based, as the page numbers them) met, with its evidence.
    pub fn mark_met(&mut self, number: usize, evidence: &str) -> Result<(), ScoringError> {
        if evidence.trim().is_empty() {
            return Err(ScoringError::EvidenceMissing);
        }
        let e = self.entry(number)?;
        e.met = true;
        e.evidence = evidence.trim().to_owned();
        Ok(())
    }

    /// Marks item `number` unmet, with a note of what is missing (may be empty).
    pub fn mark_unmet(&mut self, number: usize, note: &str) -> Result<(), ScoringError> {
        let e = self.entry(number)?;
        e.met = false;
        e.evidence = note.trim().to_owned();
        Ok(())
    }

    pub fn summary(&self) -> ChecklistSummary<'_> {
        ChecklistSummary {
            met: self.entries.iter().filter(|e| e.met).count(),
            total: self.entries.len(),
            unmet: self.entries.iter().filter(|e| !e.met).map(|e| e.label.as_str()).collect(),
        }
    }
}
