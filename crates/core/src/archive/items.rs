//! The duty archive (履职档案, 一人一档、一任一册): what a record of duty can say, and where each
//! entry comes from.
//!
//! An [`ArchiveItem`] is small and `Copy` (a date, a kind, a quantity, its origin and a source
//! reference) because the store feeds millions of them through [`super::score`]. The text that
//! goes with a declared item — what was done, the evidence, the reviewer's note — lives in a
//! [`Declaration`], which is the deputy's or township's claim until staff verify it: only a
//! verified declaration counts (DOMAIN.md: "declared … and verified by staff before they count").

use super::ScoringError;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// What an archive item records. The unit ([`ItemKind::unit`]) says what its quantity counts.
///
/// [`ItemKind::index`] is the declaration order: a new kind goes at the end of the enum and of
/// [`ItemKind::ALL`], and raises [`ItemKind::COUNT`] (a test checks that `ALL` follows the declaration order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Half-days present at a session of the congress (from the session roll).
    SessionAttended,
    /// Half-days of leave from a session.
    SessionLeave,
    /// Half-days absent from a session without leave.
    SessionAbsent,
    /// Standing-committee meetings (主席团 meetings in a township) attended or sat in on.
    MeetingAttended,
    /// Speeches in deliberation at a session (审议发言).
    DeliberationSpeech,
    MotionLed,
    SuggestionLed,
    SuggestionCosigned,
    Inspection,
    Survey,
    LawEnforcementCheck,
    /// 听审案看执行: court hearings and enforcement observed.
    CourtObservation,
    Training,
    GroupActivity,
    StationReception,
    /// 社会矛盾化解: mediation cases taken part in.
    Mediation,
    /// Activities of kind 其他 and meetings other than sessions and standing-committee ones.
    OtherActivity,
    /// An invited activity missed without approved leave.
    ActivityAbsent,
    /// Households or voters visited (联系走访).
    VoterContact,
    /// A 述职 rated 满意 overall.
    ReportSatisfied,
    /// A 述职 rated 基本满意 overall.
    ReportBasic,
    /// A 述职 rated 不满意 overall.
    ReportUnsatisfied,
    Award,
    OtherDuty,
}

impl ItemKind {
    /// How many kinds there are: the length of per-kind arrays in the scorer.
    pub const COUNT: usize = 24;

    pub const ALL: [ItemKind; ItemKind::COUNT] = [
        ItemKind::SessionAttended,
        ItemKind::SessionLeave,
        ItemKind::SessionAbsent,
        ItemKind::MeetingAttended,
        ItemKind::DeliberationSpeech,
        ItemKind::MotionLed,
        ItemKind::SuggestionLed,
        ItemKind::SuggestionCosigned,
        ItemKind::Inspection,
        ItemKind::Survey,
        ItemKind::LawEnforcementCheck,
        ItemKind::CourtObservation,
        ItemKind::Training,
        ItemKind::GroupActivity,
        ItemKind::StationReception,
        ItemKind::Mediation,
        ItemKind::OtherActivity,
        ItemKind::ActivityAbsent,
        ItemKind::VoterContact,
        ItemKind::ReportSatisfied,
        ItemKind::ReportBasic,
        ItemKind::ReportUnsatisfied,
        ItemKind::Award,
        ItemKind::OtherDuty,
    ];

    /// A dense index in `0..COUNT`, for arrays indexed by kind.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn label(self) -> &'static str {
        match self {
            ItemKind::SessionAttended => "出席代表大会会议",
            ItemKind::SessionLeave => "代表大会会议请假",
            ItemKind::SessionAbsent => "代表大会会议缺席",
            ItemKind::MeetingAttended => "出席常委会会议",
            ItemKind::DeliberationSpeech => "大会审议发言",
            ItemKind::MotionLed => "领衔提出议案",
            ItemKind::SuggestionLed => "领衔提出建议",
            ItemKind::SuggestionCosigned => "联名提出建议",
            ItemKind::Inspection => "参加视察",
            ItemKind::Survey => "参加调研",
            ItemKind::LawEnforcementCheck => "参加执法检查",
            ItemKind::CourtObservation => "听审案看执行",
            ItemKind::Training => "参加培训学习",
            ItemKind::GroupActivity => "参加代表小组活动",
            ItemKind::StationReception => "联络站接待选民",
            ItemKind::Mediation => "参与社会矛盾化解",
            ItemKind::OtherActivity => "参加其他活动",
            ItemKind::ActivityAbsent => "活动无故缺席",
            ItemKind::VoterContact => "走访联系选民",
            ItemKind::ReportSatisfied => "述职（测评满意）",
            ItemKind::ReportBasic => "述职（测评基本满意）",
            ItemKind::ReportUnsatisfied => "述职（测评不满意）",
            ItemKind::Award => "获得表彰奖励",
            ItemKind::OtherDuty => "其他履职事项",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ItemKind::SessionAttended => "session_attended",
            ItemKind::SessionLeave => "session_leave",
            ItemKind::SessionAbsent => "session_absent",
            ItemKind::MeetingAttended => "meeting_attended",
            ItemKind::DeliberationSpeech => "deliberation_speech",
            ItemKind::MotionLed => "motion_led",
            ItemKind::SuggestionLed => "suggestion_led",
            ItemKind::SuggestionCosigned => "suggestion_cosigned",
            ItemKind::Inspection => "inspection",
            ItemKind::Survey => "survey",
            ItemKind::LawEnforcementCheck => "law_enforcement_check",
            ItemKind::CourtObservation => "court_observation",
            ItemKind::Training => "training",
            ItemKind::GroupActivity => "group_activity",
            ItemKind::StationReception => "station_reception",
            ItemKind::Mediation => "mediation",
            ItemKind::OtherActivity => "other_activity",
            ItemKind::ActivityAbsent => "activity_absent",
            ItemKind::VoterContact => "voter_contact",
            ItemKind::ReportSatisfied => "report_satisfied",
            ItemKind::ReportBasic => "report_basic",
            ItemKind::ReportUnsatisfied => "report_unsatisfied",
            ItemKind::Award => "award",
            ItemKind::OtherDuty => "other_duty",
        }
    }

    /// Parses a code as a form or an import gives it.
    pub fn parse(code: &str) -> Result<ItemKind, ScoringError> {
        ItemKind::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or_else(|| ScoringError::UnknownKind { code: code.into() })
    }

    /// What the quantity counts, as it reads after a number: "4 次", "3 个半天".
    pub fn unit(self) -> &'static str {
        match self {
            ItemKind::SessionAttended | ItemKind::SessionLeave | ItemKind::SessionAbsent => "个半天",
            ItemKind::MotionLed
            | ItemKind::SuggestionLed
            | ItemKind::SuggestionCosigned
            | ItemKind::Mediation
            | ItemKind::OtherDuty => "件",
            ItemKind::VoterContact => "户",
            _ => "次",
        }
    }

    /// Leave and absence record duty not done: they never count towards the minimum of
    /// activity for ranking.
    pub fn is_activity(self) -> bool {
        !matches!(self, ItemKind::SessionLeave | ItemKind::SessionAbsent | ItemKind::ActivityAbsent)
    }

    /// Whether a deputy or township staff may declare it. Attendance, leave, suggestions,
    /// motions and 述职 ratings come from the platform's own records and are never declared.
    pub fn declarable(self) -> bool {
        matches!(
            self,
            ItemKind::DeliberationSpeech
                | ItemKind::Inspection
                | ItemKind::Survey
                | ItemKind::LawEnforcementCheck
                | ItemKind::CourtObservation
                | ItemKind::Training
                | ItemKind::GroupActivity
                | ItemKind::StationReception
                | ItemKind::Mediation
                | ItemKind::OtherActivity
                | ItemKind::VoterContact
                | ItemKind::Award
                | ItemKind::OtherDuty
        )
    }
}

/// Which record an item was derived from, so that a line of the score leads back to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A session's or a meeting's roll.
    Roll,
    Activity,
    Suggestion,
    Motion,
    Reception,
    Report,
    Declaration,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SourceRef {
    pub kind: SourceKind,
    pub id: i64,
}

/// Who declared an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Declarant {
    Deputy,
    /// Township (乡镇人大) staff declaring for a deputy.
    TownshipStaff,
}

impl Declarant {
    pub fn label(self) -> &'static str {
        match self {
            Declarant::Deputy => "代表本人申报",
            Declarant::TownshipStaff => "乡镇人大申报",
        }
    }
}

/// Where a declared item stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeclaredStatus {
    Declared,
    Verified,
    Rejected,
}

impl DeclaredStatus {
    pub fn label(self) -> &'static str {
        match self {
            DeclaredStatus::Declared => "待核实",
            DeclaredStatus::Verified => "已核实",
            DeclaredStatus::Rejected => "未通过核实",
        }
    }
}

/// How an item entered the archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "origin", rename_all = "snake_case")]
pub enum Origin {
    /// Captured by the platform from its own records.
    Platform,
    Declared {
        by: Declarant,
        status: DeclaredStatus,
    },
}

/// One entry of a deputy's archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ArchiveItem {
    pub date: Date,
    pub kind: ItemKind,
    /// How many units of [`ItemKind::unit`]: half-days of leave, households visited, 1 for most.
    pub quantity: u32,
    pub origin: Origin,
    pub source: SourceRef,
}

impl ArchiveItem {
    /// An item the platform recorded itself.
    pub fn recorded(date: Date, kind: ItemKind, quantity: u32, source: SourceRef) -> ArchiveItem {
        ArchiveItem { date, kind, quantity, origin: Origin::Platform, source }
    }

    /// Whether it counts towards the score: platform items always, declared ones once verified.
    pub fn counts(&self) -> bool {
        match self.origin {
            Origin::Platform => true,
            Origin::Declared { status, .. } => status == DeclaredStatus::Verified,
        }
    }
}

/// A declared item with its text: the claim, the evidence, and the review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declaration {
    pub kind: ItemKind,
    pub date: Date,
    pub quantity: u32,
    pub by: Declarant,
    /// What was done, where, with whom.
    pub description: String,
    /// Evidence: attachment names or references (photos, sign-in sheets, minutes).
    pub evidence: Vec<String>,
    pub status: DeclaredStatus,
    /// Why it was rejected (or the verifier's remark).
    pub review_note: Option<String>,
}

/// A staff decision on a declaration, or the declarant's amendment after a rejection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "review", rename_all = "snake_case")]
pub enum Review {
    Verify,
    Reject {
        reason: String,
    },
    /// The declarant corrects a rejected declaration and declares it again.
    Amend {
        description: String,
        evidence: Vec<String>,
        quantity: u32,
    },
}

fn check_claim(description: &str, evidence: &[String], quantity: u32) -> Result<(), ScoringError> {
    if description.trim().is_empty() {
        return Err(ScoringError::Missing { what: "履职事项的具体内容" });
    }
    if evidence.iter().all(|e| e.trim().is_empty()) {
        return Err(ScoringError::EvidenceMissing);
    }
    if quantity == 0 {
        return Err(ScoringError::ZeroQuantity);
    }
    Ok(())
}

impl Declaration {
    /// A new declaration, waiting for verification.
    pub fn new(
        kind: ItemKind,
        date: Date,
        quantity: u32,
        by: Declarant,
        description: String,
        evidence: Vec<String>,
        today: Date,
    ) -> Result<Declaration, ScoringError> {
        if !kind.declarable() {
            return Err(ScoringError::NotDeclarable { kind });
        }
        if date > today {
            return Err(ScoringError::DateInFuture { date });
        }
        check_claim(&description, &evidence, quantity)?;
        Ok(Declaration {
            kind,
            date,
            quantity,
            by,
            description,
            evidence,
            status: DeclaredStatus::Declared,
            review_note: None,
        })
    }

    /// Applies a review: Declared → Verified | Rejected; Rejected → Declared by amendment.
    /// A verified declaration is final (a mistake is corrected by staff deleting the item,
    /// on the audit record, not by a silent state change).
    pub fn review(&self, review: &Review) -> Result<Declaration, ScoringError> {
        use DeclaredStatus as S;
        let mut d = self.clone();
        match (self.status, review) {
            (S::Declared, Review::Verify) => {
                d.status = S::Verified;
                d.review_note = None;
            }
            (S::Declared, Review::Reject { reason }) => {
                if reason.trim().is_empty() {
                    return Err(ScoringError::Missing { what: "不予核实的理由" });
                }
                d.status = S::Rejected;
                d.review_note = Some(reason.trim().to_owned());
            }
            (S::Rejected, Review::Amend { description, evidence, quantity }) => {
                check_claim(description, evidence, *quantity)?;
                d.status = S::Declared;
                d.description.clone_from(description);
                d.evidence.clone_from(evidence);
                d.quantity = *quantity;
            }
            (state, r) => {
                let action = match r {
                    Review::Verify => "核实",
                    Review::Reject { .. } => "不予核实",
                    Review::Amend { .. } => "修改后重新申报",
                };
                return Err(ScoringError::WrongState { state: state.label(), action });
            }
        }
        Ok(d)
    }

    /// The archive item this declaration stands for; `id` is the declaration's record id.
    pub fn item(&self, id: i64) -> ArchiveItem {
        ArchiveItem {
            date: self.date,
            kind: self.kind,
            quantity: self.quantity,
            origin: Origin::Declared { by: self.by, status: self.status },
            source: SourceRef { kind: SourceKind::Declaration, id },
        }
    }
}
