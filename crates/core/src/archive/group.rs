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
/// A group's members, each once and sorted, at most 500, with its leader among them.
pub fn check_members(
    members: &[crate::ids::PersonId],
    leader: Option<crate::ids::PersonId>,
) -> Result<Vec<crate::ids::PersonId>, crate::error::Refusal> {
    let mut members = members.to_vec();
    members.sort();
    members.dedup();
    if members.len() > 500 {
        return Err(crate::error::Refusal::invalid("members", "一个代表小组最多500名成员。"));
    }
    if leader.is_some_and(|l| !members.contains(&l)) {
        return Err(crate::error::Refusal::invalid("leader", "组长须是本小组的成员。"));
    }
    Ok(members)
}

/// Every member sits in the group's congress now: `not_sitting` is the first who does not,
/// with their name when it is known.
pub fn check_sitting(not_sitting: Option<Option<&str>>) -> Result<(), crate::error::Refusal> {
    match not_sitting {
        None => Ok(()),
        Some(name) => Err(crate::error::Refusal::invalid(
            "members",
            format!("{}不是本级人大的在任代表，不能编入本小组。", name.unwrap_or("所选人员")),
        )),
    }
}

/// A group's station is a liaison station of its own congress (`here`).
pub fn check_station(here: bool) -> Result<(), crate::error::Refusal> {
    if here {
        Ok(())
    } else {
        Err(crate::error::Refusal::invalid("station", "请选择本级人大的代表联络站。"))
    }
}

/// The checklist's items are set by a congress (`is_congress`), not by anything below one.
pub fn check_config_owner(is_congress: bool) -> Result<(), crate::error::Refusal> {
    if is_congress {
        Ok(())
    } else {
        Err(crate::error::Refusal::invalid("congress", "检查项目只能由某一级人大设置。"))
    }
}

/// A group has one checklist a year.
pub fn check_new_checklist(exists: bool, year: i16) -> Result<(), crate::error::Refusal> {
    if exists {
        return Err(crate::error::Refusal::new(
            crate::ErrorCode::ChecklistExists,
            format!("本小组{year}年的“十有”检查表已建立。"),
        ));
    }
    Ok(())
}

/// The evidence or note on a checklist item: at most 500 characters.
pub fn check_evidence(text: &str) -> Result<(), crate::error::Refusal> {
    if text.chars().count() > 500 {
        Err(crate::error::Refusal::invalid("evidence", "佐证材料或说明不能超过500个字。"))
    } else {
        Ok(())
    }
}

/// Only a 代表小组活动 counts for a group, and only for a group of its own congress
/// (`group_here`, when a group is named).
pub fn check_link(is_group_activity: bool, group_here: Option<bool>) -> Result<(), crate::error::Refusal> {
    if !is_group_activity {
        return Err(crate::error::Refusal::invalid("activity", "只有“代表小组活动”可以计入代表小组。"));
    }
    if group_here == Some(false) {
        return Err(crate::error::Refusal::invalid("group", "请选择本级人大的代表小组。"));
    }
    Ok(())
}

/// A checklist is marked only once it is set up for the year: `list` as the store found it.
pub fn set_up(list: Option<Checklist>, year: i16) -> Result<Checklist, crate::error::Refusal> {
    list.ok_or_else(|| {
        crate::error::Refusal::new(
            crate::ErrorCode::ChecklistMissing,
            format!("请先建立本小组{year}年的“十有”检查表。"),
        )
    })
}

#[cfg(test)]
mod checks {
    use super::*;

    #[test]
    fn a_checklist_is_set_up_before_it_is_marked() {
        let list = Checklist::standard(OrgId(1), 2026);
        assert_eq!(set_up(Some(list.clone()), 2026), Ok(list));
        let missing = set_up(None, 2026).expect_err("none");
        assert_eq!(missing.code, crate::ErrorCode::ChecklistMissing);
        assert_eq!(missing.message, "请先建立本小组2026年的“十有”检查表。");
    }
}
