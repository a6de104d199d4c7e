//! Oversight of 一府两院 (监督法, county level and above) and the standing committee's requests
//! and reports to the party committee (DOMAIN.md, "Oversight" and "Major matters").
//!
//! - this file: the forms of oversight ([`OversightForm`]) with their labels; who may file an
//!   interpellation ([`may_file_inquiry`], 质询 signature thresholds per level); when the audit
//!   rectification report is due.
//! - [`plan`]: the annual plan and its items as forms give them, with their checks.
//! - [`review`]: review opinions (审议意见) — drafted, approved by the 主任会议, sent with a
//!   deadline (a setting of 2 to 6 months), answered by a handling report, commented, closed or
//!   put to a vote or followed up; one transition function, overdue detection, publication.
//! - [`ballot`]: deputies' evaluation ballots (代表评议 / 工作评议): one secret ballot per
//!   entitled deputy, results per subject with turnout. The types keep who voted apart from
//!   what was chosen.
//! - [`major`]: major matters (重大事项请示报告): requests (请示, answered by a reply) and reports
//!   (报告), approved inside the standing committee before they are sent, numbered per year.
//!
//! Refusals are [`Refusal`]s, shared with the liaison module: a stable snake_case code, a
//! general class and a Chinese sentence.

pub mod ballot;
pub mod major;
pub mod plan;
pub mod review;

pub use crate::liaison::Refusal;

use crate::ErrorCode;
use crate::calendar::add_months;
use crate::org::CongressLevel;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The forms of oversight 监督法 gives a standing committee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OversightForm {
    /// 听取和审议专项工作报告.
    SpecialWorkReport,
    /// 计划、预算、决算的审查监督 (finance oversight).
    PlanAndBudget,
    /// 审计工作报告和审计查出问题整改情况报告.
    AuditRectification,
    /// 执法检查.
    LawEnforcementInspection,
    /// 规范性文件备案审查.
    FilingReview,
    /// 询问.
    Inquiry,
    /// 专题询问.
    SpecialInquiry,
    /// 质询.
    Interpellation,
    /// 特定问题调查.
    SpecialInvestigation,
    /// 工作评议 (satisfaction votes on reports or departments: local practice).
    WorkEvaluation,
}

impl OversightForm {
    pub const ALL: [OversightForm; 10] = [
        OversightForm::SpecialWorkReport,
        OversightForm::PlanAndBudget,
        OversightForm::AuditRectification,
        OversightForm::LawEnforcementInspection,
        OversightForm::FilingReview,
        OversightForm::Inquiry,
        OversightForm::SpecialInquiry,
        OversightForm::Interpellation,
        OversightForm::SpecialInvestigation,
        OversightForm::WorkEvaluation,
    ];

    pub fn label(self) -> &'static str {
        match self {
            OversightForm::SpecialWorkReport => "专项工作报告",
            OversightForm::PlanAndBudget => "计划和预算监督",
            OversightForm::AuditRectification => "审计整改",
            OversightForm::LawEnforcementInspection => "执法检查",
            OversightForm::FilingReview => "备案审查",
            OversightForm::Inquiry => "询问",
            OversightForm::SpecialInquiry => "专题询问",
            OversightForm::Interpellation => "质询",
            OversightForm::SpecialInvestigation => "特定问题调查",
            OversightForm::WorkEvaluation => "工作评议",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            OversightForm::SpecialWorkReport => "special_work_report",
            OversightForm::PlanAndBudget => "plan_and_budget",
            OversightForm::AuditRectification => "audit_rectification",
            OversightForm::LawEnforcementInspection => "law_enforcement_inspection",
            OversightForm::FilingReview => "filing_review",
            OversightForm::Inquiry => "inquiry",
            OversightForm::SpecialInquiry => "special_inquiry",
            OversightForm::Interpellation => "interpellation",
            OversightForm::SpecialInvestigation => "special_investigation",
            OversightForm::WorkEvaluation => "work_evaluation",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    /// Whether deliberating it leads to review opinions (审议意见) sent to the body overseen:
    /// the forms where the committee hears a report or an inspection's report.
    pub fn yields_review_opinions(self) -> bool {
        matches!(
            self,
            OversightForm::SpecialWorkReport
                | OversightForm::PlanAndBudget
                | OversightForm::AuditRectification
                | OversightForm::LawEnforcementInspection
                | OversightForm::SpecialInquiry
        )
    }

    /// 监督法 binds standing committees: a township congress (主席团, no standing committee)
    /// has none of these forms.
    pub fn available_at(self, level: CongressLevel) -> bool {
        level.has_standing_committee()
    }
}

/// Standing-committee members who must sign an interpellation (质询) at `level`, as DOMAIN.md
/// states: 5 at a city (as at a province; 10 at the NPC, not served here), 3 at a county; none
/// at a township, which has no standing committee.
pub fn inquiry_threshold(level: CongressLevel) -> Option<u32> {
    match level {
        CongressLevel::City => Some(5),
        CongressLevel::County => Some(3),
        CongressLevel::Township => None,
    }
}

/// May an interpellation with `signatures` standing-committee members' signatures be filed?
pub fn may_file_inquiry(level: CongressLevel, signatures: u32) -> Result<(), Refusal> {
    let Some(needed) = inquiry_threshold(level) else {
        return Err(Refusal::new(
            ErrorCode::InquiryNeedsStandingCommittee,
            "乡镇人大不设常务委员会，不适用监督法规定的质询。",
        ));
    };
    if signatures < needed {
        return Err(Refusal::new(
            ErrorCode::InquiryTooFewSignatures,
            format!("{}人大常委会组成人员{needed}人以上联名，方可提出质询案（现有{signatures}人）。", level.label()),
        ));
    }
    Ok(())
}

/// The audit rectification report is heard within 6 months of the audit report (DOMAIN.md).
pub const AUDIT_RECTIFICATION_MONTHS: i32 = 6;

/// The last day to hear the rectification report of an audit report heard on `heard_on`.
pub fn audit_rectification_due(heard_on: Date) -> Date {
    add_months(heard_on, AUDIT_RECTIFICATION_MONTHS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::liaison::assert_well_formed;
    use jiff::civil::date;

    #[test]
    fn an_interpellation_needs_five_signatures_at_a_city_and_three_at_a_county() {
        assert_eq!(may_file_inquiry(CongressLevel::City, 5), Ok(()));
        let e = may_file_inquiry(CongressLevel::City, 4).expect_err("one short");
        assert_well_formed(&e);
        assert_eq!(e.code, ErrorCode::InquiryTooFewSignatures);
        assert!(e.message.contains("5人以上") && e.message.contains("现有4人"), "{e}");
        assert_eq!(may_file_inquiry(CongressLevel::County, 3), Ok(()));
        assert_eq!(
            may_file_inquiry(CongressLevel::County, 2).map_err(|e| e.code),
            Err(ErrorCode::InquiryTooFewSignatures)
        );
        assert_eq!(may_file_inquiry(CongressLevel::County, 40), Ok(()));
    }

    #[test]
    fn a_township_cannot_file_an_interpellation_however_many_sign() {
        for n in [0, 3, 5, 100] {
            let e = may_file_inquiry(CongressLevel::Township, n).expect_err("no standing committee");
            assert_well_formed(&e);
            assert_eq!(e.code, ErrorCode::InquiryNeedsStandingCommittee);
        }
        assert_eq!(inquiry_threshold(CongressLevel::Township), None);
        assert!(!OversightForm::Interpellation.available_at(CongressLevel::Township));
        assert!(OversightForm::Interpellation.available_at(CongressLevel::County));
    }

    #[test]
    fn every_form_has_a_label_and_a_stable_code() {
        for f in OversightForm::ALL {
            assert_eq!(OversightForm::from_code(f.code()), Some(f));
            assert!(!f.label().is_empty());
        }
        assert_eq!(OversightForm::SpecialInquiry.label(), "专题询问");
        assert!(OversightForm::LawEnforcementInspection.yields_review_opinions());
        assert!(!OversightForm::FilingReview.yields_review_opinions());
    }

    #[test]
    fn the_audit_rectification_report_is_due_six_months_after_the_audit_report() {
        assert_eq!(audit_rectification_due(date(2026, 6, 28)), date(2026, 12, 28));
        assert_eq!(audit_rectification_due(date(2025, 8, 31)), date(2026, 2, 28));
    }
}
