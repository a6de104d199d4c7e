//! The rules an appointment or removal case (任免案) meets before it is voted: who may propose
//! it, when it must be filed, the law exam, and the bar on a nomination that failed.
//!
//! These are local rules and practice, not national law (DOMAIN.md, "Meetings and
//! appointments"): the numbers come from the congress's [`Settings`], defaulting to the
//! Guangdong, Shenzhen and Chongqing rules; only who may propose a removal is law (监督法).
//! Each check takes the records the store read and the day in question, and refuses in Chinese
//! with a precise code.

use super::agenda::Nominee;
use super::{Settings, renomination_from, zh};
use crate::ids::OrgId;
use crate::org::{OrgKind, UnitKind};
use crate::person::Term;
use crate::{ErrorCode, Refusal};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Who proposes a personnel case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Proposer {
    /// 人民政府 (its 行政首长).
    Government,
    /// 监察委员会.
    Supervision,
    /// 人民法院.
    Court,
    /// 人民检察院.
    Procuratorate,
    /// 主任会议.
    Directors,
    /// Members of the standing committee jointly (联名): removals only.
    Members,
}

impl Proposer {
    pub const ALL: [Proposer; 6] = [
        Proposer::Government,
        Proposer::Supervision,
        Proposer::Court,
        Proposer::Procuratorate,
        Proposer::Directors,
        Proposer::Members,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Proposer::Government => "government",
            Proposer::Supervision => "supervision",
            Proposer::Court => "court",
            Proposer::Procuratorate => "procuratorate",
            Proposer::Directors => "directors",
            Proposer::Members => "members",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Proposer::Government => "人民政府",
            Proposer::Supervision => "监察委员会",
            Proposer::Court => "人民法院",
            Proposer::Procuratorate => "人民检察院",
            Proposer::Directors => "主任会议",
            Proposer::Members => "常委会组成人员联名",
        }
    }
}

/// The signatures a removal (撤职案) proposed by members needs: at least one fifth of all
/// members, rounded up (27 members: 6).
pub fn removal_signatures(total_members: usize) -> usize {
    total_members.div_ceil(5)
}

/// Whether a removal may be proposed by `proposer`: any of the bodies, or the members with
/// `signatures` distinct members' signatures (ignored for a body) of `total_members`.
pub fn check_removal_proposer(proposer: Proposer, signatures: usize, total_members: usize) -> Result<(), Refusal> {
    if proposer != Proposer::Members {
        return Ok(());
    }
    let needed = removal_signatures(total_members);
    if total_members == 0 || signatures < needed {
        return Err(Refusal::new(
            ErrorCode::RemovalTooFewSignatures,
            format!(
                "撤职案须由常委会全体组成人员五分之一以上联名提出：全体组成人员{total_members}人，至少须{needed}人联名（现有{signatures}人）。"
            ),
        )
        .at("signatures"));
    }
    Ok(())
}

/// Whether an appointment case may be proposed by `proposer`: by a body, never by members
/// jointly (they may only propose a removal).
pub fn check_appointment_proposer(proposer: Proposer) -> Result<(), Refusal> {
    if proposer == Proposer::Members {
        return Err(Refusal::invalid(
            "proposer",
            "任命案由人民政府、监察委员会、人民法院、人民检察院或主任会议提请，组成人员不能联名提请任命",
        ));
    }
    Ok(())
}

/// The last day a case may be filed for a meeting on `meeting_on`, `days_before` days ahead.
pub fn filing_deadline(meeting_on: Date, days_before: u32) -> Date {
    meeting_on.checked_sub(i64::from(days_before).days()).unwrap_or(Date::MIN)
}

/// Whether a case filed on `filed_on` may go to the meeting on `meeting_on`: filed at least
/// `days_before` days ahead ([`Settings::filing_days`], 10 by default).
pub fn check_filed(filed_on: Date, meeting_on: Date, days_before: u32) -> Result<(), Refusal> {
    let deadline = filing_deadline(meeting_on, days_before);
    if filed_on > deadline {
        return Err(Refusal::new(
            ErrorCode::FiledTooLate,
            format!(
                "任免案应在会议举行{days_before}日前提请：本次会议于{}举行，最迟应于{}提请，该任免案{}提请，请列入以后的会议。",
                zh(meeting_on),
                zh(deadline),
                zh(filed_on)
            ),
        )
        .at("filed_on"));
    }
    Ok(())
}

/// How many times a nominee may sit the law exam in one term for one organ: once, and one
/// resit (补考).
pub const EXAM_SITTINGS: usize = 2;

/// One sitting of the law exam before appointment (任前法律知识考试). A pass holds for the term
/// and for the organ it was taken for (moving to another organ — from the court to the
/// procuratorate, say — means sitting it again).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamSitting {
    pub term: Term,
    /// The organ the nominee is to serve in (the government, the court, …).
    pub organ: OrgId,
    pub sat_on: Date,
    pub passed: bool,
}

/// The organ a law exam's pass holds for, given the unit the post belongs to: the people's
/// government is one organ whichever department the post is in (named here by its `congress`,
/// whose government it is), while the court, the procuratorate and the 监察委员会 are each their
/// own — moving from a department to another keeps the pass, moving to the court does not.
pub fn exam_organ(unit_kind: OrgKind, unit: OrgId, congress: OrgId) -> OrgId {
    match unit_kind {
        OrgKind::Unit(UnitKind::Court | UnitKind::Procuratorate | UnitKind::SupervisoryCommission) => unit,
        _ => congress,
    }
}

/// Which attempt a sitting is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attempt {
    First,
    Resit,
}

impl Attempt {
    pub fn label(self) -> &'static str {
        match self {
            Attempt::First => "首次考试",
            Attempt::Resit => "补考",
        }
    }
}

fn sittings_for(sittings: &[ExamSitting], term: Term, organ: OrgId) -> impl Iterator<Item = &ExamSitting> {
    sittings.iter().filter(move |s| s.term == term && s.organ == organ)
}

/// Whether the nominee holds a pass valid for `term` and `organ`.
pub fn exam_passed(sittings: &[ExamSitting], term: Term, organ: OrgId) -> bool {
    sittings_for(sittings, term, organ).any(|s| s.passed)
}

/// Whether a nominee may sit the exam (and which attempt it is): not when they hold a valid
/// pass, nor after failing the first sitting and the resit.
pub fn check_sitting(sittings: &[ExamSitting], term: Term, organ: OrgId) -> Result<Attempt, Refusal> {
    if exam_passed(sittings, term, organ) {
        return Err(Refusal::new(
            ErrorCode::ExamNotAllowed,
            format!("该人员已通过{}任前法律知识考试，本届任期内有效，无需再考。", term.label()),
        ));
    }
    match sittings_for(sittings, term, organ).count() {
        0 => Ok(Attempt::First),
        n if n < EXAM_SITTINGS => Ok(Attempt::Resit),
        _ => Err(Refusal::new(
            ErrorCode::ExamNotAllowed,
            "该人员任前法律知识考试未通过，补考也未通过，本届任期内不能再参加考试。",
        )),
    }
}

/// Whether an appointment may go to the vote as far as the exam goes: when the congress
/// requires the exam ([`Settings::exam_required`]), a pass valid for the term and organ.
pub fn check_exam(required: bool, sittings: &[ExamSitting], term: Term, organ: OrgId) -> Result<(), Refusal> {
    if !required || exam_passed(sittings, term, organ) {
        return Ok(());
    }
    let message = match sittings_for(sittings, term, organ).count() {
        0 => "拟任人员尚未参加任前法律知识考试，考试合格后方可提请表决。",
        1 => "拟任人员任前法律知识考试未合格，可补考一次，合格后方可提请表决。",
        _ => "拟任人员任前法律知识考试及补考均未合格，不能提请表决。",
    };
    Err(Refusal::new(ErrorCode::ExamNotPassed, message))
}

/// A nomination the committee voted down: who, for which post, in which term, on which day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedNomination {
    pub nominee: Nominee,
    pub term: Term,
    pub voted_on: Date,
}

/// Whether `nominee` may be proposed on `proposed_on` in `term`, given the nominations that
/// failed: not within [`Settings::renomination_months`] of the last failure for the same person
/// and post, and — when [`Settings::bar_after_second_failure`] — never again in the term after
/// two failures. Failures of another term, person or post do not count.
pub fn check_renomination(
    failures: &[FailedNomination],
    nominee: Nominee,
    term: Term,
    proposed_on: Date,
    settings: &Settings,
) -> Result<(), Refusal> {
    let mut same: Vec<&FailedNomination> = failures.iter().filter(|f| f.nominee == nominee && f.term == term).collect();
    same.sort_by_key(|f| f.voted_on);
    let Some(last) = same.last() else {
        return Ok(());
    };
    if settings.bar_after_second_failure && same.len() >= 2 {
        return Err(Refusal::new(
            ErrorCode::NominationBarred,
            format!("该人选任此职务的提名在{}内已两次未获通过，本届任期内不能再次提请。", term.label()),
        ));
    }
    let from = renomination_from(last.voted_on, settings);
    if proposed_on < from {
        return Err(Refusal::new(
            ErrorCode::NominationBarred,
            format!(
                "该人选任此职务的提名已于{}未获通过，{}个月内不能再次提请，最早可于{}提请。",
                zh(last.voted_on),
                settings.renomination_months,
                zh(from)
            ),
        ));
    }
    Ok(())
}
