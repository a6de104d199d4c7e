//! The duty archive (履职档案, 一人一档、一任一册): what a record of duty can say, and where each
//! entry comes from.
//!
//! An [`ArchiveItem`] is small and `Copy` (a date, a kind, a quantity, its origin and a source
//! reference) because the store feeds millions of them through [`super::score`]. The text that
//! goes with a declared item — what was done, the evidence, the reviewer's note — lives in a
//! [`Declaration`], which is the deputy's or township's claim until staff verify it: only a
//! verified declaration counts (DOMAIN.md: "declared … and verified by staff before they count").

use super::ScoringError;
use crate::error::{ErrorCode, Refusal, ValidationError};
use crate::ids::PersonId;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

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

// ---- what the store checks before it writes an item ---------------------------------------

/// The most evidence entries one declaration takes, the longest description, and the most
/// evidence files one declaration uploads.
pub const MAX_EVIDENCE: usize = 20;
pub const MAX_DESCRIPTION_CHARS: usize = 2000;
pub const MAX_EVIDENCE_FILES: usize = 5;

/// A deputy's seat in a congress as the store reads it: (term, first day, the day it ended —
/// not in office from then on).
pub type Seat = (i64, Date, Option<Date>);

/// The first day of `year`, refusing a year no date has.
pub fn first_of_year(year: i16) -> Result<Date, ValidationError> {
    Date::new(year, 1, 1).map_err(|_| ValidationError::new("year", "年度有误"))
}

/// Archives and rule books belong to a congress: `is_congress` says whether the organisation
/// asked for is one.
pub fn check_congress(is_congress: bool) -> Result<(), ValidationError> {
    if is_congress {
        Ok(())
    } else {
        Err(ValidationError::new("congress", "履职档案和评分细则只能属于某一级人大"))
    }
}

/// Which item kinds an archive publishes is set for a congress only.
pub fn check_publishing_congress(is_congress: bool) -> Result<(), ValidationError> {
    if is_congress { Ok(()) } else { Err(ValidationError::new("congress", "履职档案只能属于某一级人大")) }
}

/// A declaration uploads at most [`MAX_EVIDENCE_FILES`] evidence files.
pub fn check_evidence_files(count: usize) -> Result<(), ValidationError> {
    if count > MAX_EVIDENCE_FILES {
        return Err(ValidationError::new("files", format!("每项申报最多上传{MAX_EVIDENCE_FILES}个佐证文件")));
    }
    Ok(())
}

/// A claim's text and evidence, trimmed (empty evidence entries dropped), within their lengths:
/// [`MAX_DESCRIPTION_CHARS`], [`MAX_EVIDENCE`] entries of at most 200 characters. (That they
/// are there is [`Declaration::new`]'s rule.)
pub fn check_claim_text(description: &str, evidence: &[String]) -> Result<(String, Vec<String>), ValidationError> {
    let description = description.trim().to_owned();
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(ValidationError::new(
            "description",
            format!("履职事项的具体内容不能超过{MAX_DESCRIPTION_CHARS}个字"),
        ));
    }
    let evidence: Vec<String> = evidence.iter().map(|e| e.trim().to_owned()).filter(|e| !e.is_empty()).collect();
    if evidence.len() > MAX_EVIDENCE {
        return Err(ValidationError::new("evidence", format!("佐证材料最多{MAX_EVIDENCE}项")));
    }
    if evidence.iter().any(|e| e.chars().count() > 200) {
        return Err(ValidationError::new("evidence", "每项佐证材料的名称不能超过200个字"));
    }
    Ok((description, evidence))
}

/// The term of the seat in office on a declaration's `date`: a declared duty falls within the
/// deputy's term in this congress (`seats`: theirs, if any).
pub fn declared_term(seats: Option<&[Seat]>, date: Date) -> Result<i64, ValidationError> {
    seats
        .and_then(|ships| ships.iter().find(|(_, s, e)| *s <= date && e.is_none_or(|e| date < e)))
        .map(|(t, _, _)| *t)
        .ok_or_else(|| ValidationError::new("date", "该日期不在代表在本级人大的任期内"))
}

/// The term a platform item of `person` dated `day` is filed under: the seat in office that
/// day, else (an item just outside a seat, e.g. a 述职 the week after the term ended) the seat
/// nearest to it, `None` when that is not known. Refused when `person` has no seat in this
/// congress at all (`seats` is `None`).
pub fn platform_term(person: PersonId, seats: Option<&[Seat]>, day: Date) -> Result<Option<i64>, ValidationError> {
    let ships =
        seats.ok_or_else(|| ValidationError::new("person", format!("人员（编号{}）不是本级人大代表", person.0)))?;
    let covering = ships.iter().find(|(_, s, e)| *s <= day && e.is_none_or(|e| day < e));
    let nearest = || ships.iter().filter(|(_, s, _)| *s <= day).max_by_key(|(_, s, _)| *s).or(ships.first());
    Ok(covering.or_else(nearest).map(|(t, _, _)| *t))
}

/// The kinds of record a platform item's source names, as its text spells them.
const SOURCE_KINDS: [(&str, SourceKind); 6] = [
    ("roll", SourceKind::Roll),
    ("activity", SourceKind::Activity),
    ("suggestion", SourceKind::Suggestion),
    ("motion", SourceKind::Motion),
    ("reception", SourceKind::Reception),
    ("report", SourceKind::Report),
];

/// `suggestion:12:lead` → (Suggestion, 12). `None` for anything else.
pub fn parse_source(s: &str) -> Option<(SourceKind, i64)> {
    let mut parts = s.split(':');
    let kind = parts.next()?;
    let id = parts.next()?.parse::<i64>().ok()?;
    SOURCE_KINDS.iter().find(|(k, _)| *k == kind).map(|(_, sk)| (*sk, id))
}

/// A platform item's source names a record ([`parse_source`]) in at most 200 bytes.
pub fn check_source(source: &str) -> Result<(), ValidationError> {
    if parse_source(source).is_none() || source.len() > 200 {
        return Err(ValidationError::new("source", format!("来源“{source}”的格式有误")));
    }
    Ok(())
}

/// One recording names each source once: `seen` holds those named so far.
pub fn check_source_once<'a>(seen: &mut HashSet<&'a str>, source: &'a str) -> Result<(), Refusal> {
    if !seen.insert(source) {
        return Err(Refusal::new(ErrorCode::DuplicateSource, format!("来源“{source}”出现了两次。")));
    }
    Ok(())
}

/// A platform item counts something.
pub fn check_quantity(quantity: u32) -> Result<(), ScoringError> {
    if quantity == 0 { Err(ScoringError::ZeroQuantity) } else { Ok(()) }
}

/// A source already recorded stays with its deputy and congress: `same_owner` says whether the
/// recorded item is the same deputy's in the same congress.
pub fn check_same_owner(source: &str, same_owner: bool) -> Result<(), Refusal> {
    if same_owner {
        return Ok(());
    }
    Err(Refusal::new(
        ErrorCode::SourceRecordedElsewhere,
        format!("来源“{source}”已登记在另一名代表或另一级人大的档案中。"),
    ))
}

/// Only a declared item is reviewed: an item the platform recorded has no declaration.
pub fn declared(declaration: Option<Declaration>) -> Result<Declaration, Refusal> {
    declaration.ok_or_else(|| Refusal::new(ErrorCode::AutoRecorded, "该事项由平台根据记录自动登记，无需核实。"))
}

#[cfg(test)]
mod checks {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_year_without_a_first_of_january_is_refused() {
        assert_eq!(first_of_year(2025), Ok(date(2025, 1, 1)));
        assert_eq!(first_of_year(i16::MAX).expect_err("no such year").message, "年度有误");
    }

    #[test]
    fn archives_belong_to_congresses() {
        assert!(check_congress(true).is_ok());
        assert_eq!(check_congress(false).expect_err("a unit").message, "履职档案和评分细则只能属于某一级人大");
        assert!(check_publishing_congress(true).is_ok());
        assert_eq!(check_publishing_congress(false).expect_err("a unit").field, "congress");
    }

    #[test]
    fn claims_are_trimmed_and_bounded() {
        let (d, e) = check_claim_text("  调研  ", &[" 照片 ".into(), "  ".into()]).expect("fine");
        assert_eq!((d.as_str(), e), ("调研", vec!["照片".to_owned()]));
        let long = "字".repeat(MAX_DESCRIPTION_CHARS + 1);
        assert_eq!(check_claim_text(&long, &[]).expect_err("too long").field, "description");
        assert!(check_claim_text(&"字".repeat(MAX_DESCRIPTION_CHARS), &[]).is_ok());
        let many: Vec<String> = (0..=MAX_EVIDENCE).map(|i| format!("材料{i}")).collect();
        assert_eq!(check_claim_text("x", &many).expect_err("too many").message, "佐证材料最多20项");
        assert!(check_claim_text("x", &many[..MAX_EVIDENCE]).is_ok());
        let named = ["字".repeat(201)];
        assert_eq!(check_claim_text("x", &named).expect_err("too long").message, "每项佐证材料的名称不能超过200个字");
        assert!(check_evidence_files(MAX_EVIDENCE_FILES).is_ok());
        assert_eq!(
            check_evidence_files(MAX_EVIDENCE_FILES + 1).expect_err("too many").message,
            "每项申报最多上传5个佐证文件"
        );
    }

    #[test]
    fn a_declaration_falls_within_a_seat() {
        let seats: Vec<Seat> = vec![(13, date(2017, 1, 1), Some(date(2022, 1, 1))), (14, date(2022, 1, 1), None)];
        assert_eq!(declared_term(Some(&seats), date(2021, 12, 31)), Ok(13));
        assert_eq!(declared_term(Some(&seats), date(2022, 1, 1)), Ok(14));
        let err = declared_term(Some(&seats), date(2016, 12, 31)).expect_err("before the first seat");
        assert_eq!((err.field.as_str(), err.message.as_str()), ("date", "该日期不在代表在本级人大的任期内"));
        assert!(declared_term(None, date(2022, 1, 1)).is_err());
    }

    #[test]
    fn a_platform_item_takes_the_nearest_seat_of_a_deputy_of_the_congress() {
        let seats: Vec<Seat> = vec![(13, date(2017, 1, 1), Some(date(2022, 1, 1)))];
        assert_eq!(platform_term(PersonId(7), Some(&seats), date(2020, 5, 1)), Ok(Some(13)));
        // A 述职 the week after the seat ended is filed under that seat.
        assert_eq!(platform_term(PersonId(7), Some(&seats), date(2022, 1, 7)), Ok(Some(13)));
        assert_eq!(platform_term(PersonId(7), Some(&seats), date(2016, 1, 7)), Ok(Some(13)));
        let two: Vec<Seat> = vec![(17, date(2017, 1, 1), Some(date(2022, 1, 1))), (18, date(2022, 1, 1), None)];
        assert_eq!(platform_term(PersonId(1), Some(&two), date(2021, 12, 31)), Ok(Some(17)));
        assert_eq!(platform_term(PersonId(1), Some(&two), date(2022, 1, 1)), Ok(Some(18)));
        assert_eq!(
            platform_term(PersonId(7), None, date(2020, 5, 1)).expect_err("no seat").message,
            "人员（编号7）不是本级人大代表"
        );
    }

    #[test]
    fn sources_name_a_record_once_and_stay_with_their_deputy() {
        assert_eq!(parse_source("suggestion:12:lead"), Some((SourceKind::Suggestion, 12)));
        assert_eq!(parse_source("activity:7:34"), Some((SourceKind::Activity, 7)));
        assert_eq!(parse_source("roll:3"), Some((SourceKind::Roll, 3)));
        assert_eq!(parse_source("declaration:3"), None);
        assert_eq!(parse_source("suggestion:x:lead"), None);
        assert_eq!(parse_source(""), None);
        assert!(check_source("roll:3").is_ok());
        assert_eq!(check_source("x:3").expect_err("bad").message, "来源“x:3”的格式有误");
        assert!(check_source(&format!("roll:3:{}", "a".repeat(200))).is_err());
        let mut seen = HashSet::new();
        assert!(check_source_once(&mut seen, "roll:3").is_ok());
        assert_eq!(check_source_once(&mut seen, "roll:3").expect_err("twice").code, ErrorCode::DuplicateSource);
        assert_eq!(check_quantity(0), Err(ScoringError::ZeroQuantity));
        assert!(check_quantity(1).is_ok());
        assert!(check_same_owner("roll:3", true).is_ok());
        assert_eq!(check_same_owner("roll:3", false).expect_err("moved").code, ErrorCode::SourceRecordedElsewhere);
        assert_eq!(declared(None).expect_err("platform item").code, ErrorCode::AutoRecorded);
    }
}
