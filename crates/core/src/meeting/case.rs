//! A personnel case (任免案) from its filing to its vote and after, as data plus one transition
//! ([`apply`]):
//!
//! ```text
//! 已提请 ──Accept (materials complete)──→ 已受理 ──Schedule──→ 已列入议程 ──Decide──→ 已通过 / 未通过
//!   │  ↑                                  │                               (the vote's verdict)
//!   │  └──Refile── 已退回 ←──Return───────┘ (from 已提请 too)
//!   └──Withdraw (before the vote)──→ 已撤回
//! ```
//!
//! The rules a case meets on the way are in [`check_filing`] (who may propose it, filed early
//! enough, not a nomination barred by an earlier failure), [`apply`] (the materials the action
//! needs before the clerk accepts it) and [`check_ready`] (before its vote opens: the law exam
//! for an appointment, the person heard for a dismissal). After an appointment passes, the
//! 宪法宣誓 is recorded once ([`check_oath`]).

use super::agenda::Nominee;
use super::appointment::{
    ExamSitting, FailedNomination, Proposer, check_appointment_proposer, check_exam, check_filed,
    check_removal_proposer, check_renomination,
};
use super::{MeetingKind, Settings};
use crate::ids::OrgId;
use crate::official::appointment::Action;
use crate::person::Term;
use crate::{ErrorCode, Refusal, text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where a case is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// Filed by the proposing body, waiting for the clerk's check of its materials.
    #[default]
    Filed,
    /// Sent back to the proposing body for what is missing.
    Returned,
    /// Complete: may go on a meeting's agenda.
    Accepted,
    /// On the agenda, its vote to come.
    Scheduled,
    Passed,
    Failed,
    /// Withdrawn by the proposing body before the vote.
    Withdrawn,
}

impl CaseState {
    pub const ALL: [CaseState; 7] = [
        CaseState::Filed,
        CaseState::Returned,
        CaseState::Accepted,
        CaseState::Scheduled,
        CaseState::Passed,
        CaseState::Failed,
        CaseState::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseState::Filed => "filed",
            CaseState::Returned => "returned",
            CaseState::Accepted => "accepted",
            CaseState::Scheduled => "scheduled",
            CaseState::Passed => "passed",
            CaseState::Failed => "failed",
            CaseState::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseState::Filed => "待审查",
            CaseState::Returned => "已退回",
            CaseState::Accepted => "已受理",
            CaseState::Scheduled => "已列入议程",
            CaseState::Passed => "已通过",
            CaseState::Failed => "未通过",
            CaseState::Withdrawn => "已撤回",
        }
    }

    /// Whether the case is still on its way to a vote.
    pub fn is_pending(self) -> bool {
        matches!(self, CaseState::Filed | CaseState::Returned | CaseState::Accepted | CaseState::Scheduled)
    }
}

/// A material filed with a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Material {
    /// 任免呈报表 (or the 提请函 and 呈报表 of a removal).
    Form,
    /// 考察材料: the assessment of 德、能、勤、绩、廉.
    Assessment,
    /// The person's written resignation (辞职请求).
    Resignation,
    /// Anything else the proposing body sends.
    Other,
}

impl Material {
    pub const ALL: [Material; 4] = [Material::Form, Material::Assessment, Material::Resignation, Material::Other];

    pub fn code(self) -> &'static str {
        match self {
            Material::Form => "form",
            Material::Assessment => "assessment",
            Material::Resignation => "resignation",
            Material::Other => "other",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Material::Form => "任免呈报表",
            Material::Assessment => "考察材料",
            Material::Resignation => "本人辞职请求",
            Material::Other => "其他材料",
        }
    }
}

/// The materials a case of `action` must carry before the clerk accepts it.
pub fn required_materials(action: Action) -> &'static [Material] {
    match action {
        Action::Appoint => &[Material::Form, Material::Assessment],
        Action::Remove | Action::Dismiss => &[Material::Form],
        Action::AcceptResignation => &[Material::Form, Material::Resignation],
    }
}

/// The materials still missing from `filed` for a case of `action`.
pub fn missing_materials(action: Action, filed: &[Material]) -> Vec<Material> {
    required_materials(action).iter().copied().filter(|m| !filed.contains(m)).collect()
}

/// A case as it is filed, with what the store read to check it.
#[derive(Clone, Copy, Debug)]
pub struct Filing<'a> {
    pub action: Action,
    pub proposer: Proposer,
    /// Members' signatures, for a removal proposed by members jointly.
    pub signatures: usize,
    pub nominee: Nominee,
    pub term: Term,
    /// The day the proposing body filed it (its letter's date, as received).
    pub filed_on: Date,
    /// The day of the meeting it is filed for.
    pub meeting_on: Date,
    pub today: Date,
    /// All members of the standing committee on the filing day (for the signatures).
    pub total_members: usize,
    /// Nominations of the congress that failed (for the re-nomination bar).
    pub failures: &'a [FailedNomination],
    pub settings: &'a Settings,
}

/// Checks a case as filed: dated no later than today, for a meeting not yet held, by a proposer
/// who may propose it, at least [`Settings::filing_days`] before the meeting, and — for an
/// appointment — not a nomination barred by an earlier failure ([`check_renomination`]).
pub fn check_filing(f: &Filing<'_>) -> Result<(), Refusal> {
    if f.filed_on > f.today {
        return Err(Refusal::invalid("filed_on", "提请日期不能晚于今天。"));
    }
    if f.meeting_on < f.today {
        return Err(Refusal::new(ErrorCode::IllegalTransition, "该会议已经举行，不能再向其提请任免案。").at("meeting"));
    }
    if f.signatures > f.total_members {
        return Err(Refusal::invalid(
            "signatures",
            format!("联名人数（{}人）不能多于常委会全体组成人员人数（{}人）。", f.signatures, f.total_members),
        ));
    }
    match f.action {
        Action::Appoint => check_appointment_proposer(f.proposer)?,
        Action::Dismiss => check_removal_proposer(f.proposer, f.signatures, f.total_members)?,
        Action::Remove | Action::AcceptResignation => {
            if f.proposer == Proposer::Members {
                return Err(Refusal::invalid(
                    "proposer",
                    "免职案和辞职案由人民政府、监察委员会、人民法院、人民检察院或主任会议提请，组成人员只能联名提出撤职案。",
                ));
            }
        }
    }
    check_filed(f.filed_on, f.meeting_on, f.settings.filing_days)?;
    if f.action == Action::Appoint {
        check_renomination(f.failures, f.nominee, f.term, f.filed_on, f.settings)?;
    }
    Ok(())
}

/// Personnel cases go to a meeting of the standing committee (地方组织法 Art. 50): not to the
/// 主任会议, which only drafts the agenda.
pub fn check_meeting_kind(kind: MeetingKind) -> Result<(), Refusal> {
    if kind != MeetingKind::StandingCommittee {
        return Err(Refusal::invalid("meeting", format!("任免案由常务委员会会议表决，不能提请{}。", kind.label())));
    }
    Ok(())
}

/// The congress's current term (届次), which a case, an exam and the re-nomination bar are
/// counted in: refused while the congress has none on record.
pub fn term_of(term: Option<Term>) -> Result<Term, Refusal> {
    term.ok_or_else(|| Refusal::invalid("term", "本级人大尚未设置届次，请先在机构设置中填写当前届次，再登记任免案。"))
}

/// A nominee's name as kept: trimmed, 1 to 40 characters.
pub fn check_name(name: &str) -> Result<String, Refusal> {
    text::bounded("name", "姓名", name, 1, crate::official::appointment::MAX_NAME)
}

/// A post's title as kept (示范市教育局局长): trimmed, without a trailing 职务, 1 to 100
/// characters.
pub fn check_post_title(title: &str) -> Result<String, Refusal> {
    let t = text::bounded("title", "职务名称", title, 1, crate::official::appointment::MAX_POST)?;
    let t = t.strip_suffix("职务").map_or(t.clone(), |p| p.trim_end().to_owned());
    if t.is_empty() {
        return Err(Refusal::invalid("title", "请填写职务名称"));
    }
    Ok(t)
}

/// The title the chair reads for a case's vote: 关于任命张三为示范市教育局局长的议案.
pub fn case_title(action: Action, name: &str, post: &str) -> String {
    match action {
        Action::Appoint => format!("关于任命{name}为{post}的议案"),
        Action::Remove => format!("关于免去{name}的{post}职务的议案"),
        Action::Dismiss => format!("关于撤销{name}的{post}职务的议案"),
        Action::AcceptResignation => format!("关于接受{name}辞去{post}职务的请求的议案"),
    }
}

/// A second case for the same person, post and action while one is still on its way to a vote
/// is refused: the first is returned, withdrawn or voted first.
pub fn check_not_pending(pending: bool) -> Result<(), Refusal> {
    if pending {
        return Err(Refusal::new(ErrorCode::Conflict, "该人员此项任免已有尚未表决的任免案，不能重复提请。"));
    }
    Ok(())
}

/// Files are added to a case while it is with the clerk or back with its proposer, at most
/// [`crate::files::MAX_FILES`] at a time.
pub fn check_more_files(state: CaseState, count: usize) -> Result<(), Refusal> {
    if !matches!(state, CaseState::Filed | CaseState::Returned) {
        return Err(Refusal::new(ErrorCode::IllegalTransition, format!("该任免案{}，不能再补充材料。", state.label())));
    }
    check_file_count(count)
}

/// At most [`crate::files::MAX_FILES`] files with one form.
pub fn check_file_count(count: usize) -> Result<(), Refusal> {
    if count > crate::files::MAX_FILES {
        return Err(Refusal::invalid("files", format!("一次最多上传{}个文件。", crate::files::MAX_FILES)));
    }
    Ok(())
}

/// A 任命书 is made for an appointment that passed, once (`issued` is the number of the one
/// issued, if any).
pub fn check_certificate(state: CaseState, action: Action, issued: Option<&str>) -> Result<(), Refusal> {
    if state != CaseState::Passed || action != Action::Appoint {
        return Err(Refusal::new(ErrorCode::IllegalTransition, "只有经表决通过的任命才能制发任命书。"));
    }
    match issued {
        Some(number) => Err(certificate_issued(number)),
        None => Ok(()),
    }
}

/// The refusal of a 任命书 issued already as `number` (the store maps the register's unique
/// index to it when another clerk's issue committed first).
pub fn certificate_issued(number: &str) -> Refusal {
    Refusal::new(ErrorCode::AlreadyIssued, format!("该任命书已经制发（{number}），不能重复制发。"))
}

/// What happens to a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    /// The clerk accepts it: every material its action needs is filed.
    Accept,
    /// The clerk sends it back, saying what is missing or wrong.
    Return { reason: String },
    /// The proposing body files it again, completed.
    Refile,
    /// The 主任会议 puts it on the meeting's agenda.
    Schedule,
    /// The proposing body withdraws it before the vote.
    Withdraw { reason: String },
    /// The vote closed with this verdict.
    Decide { passed: bool },
}

impl Command {
    pub fn label(&self) -> &'static str {
        match self {
            Command::Accept => "受理",
            Command::Return { .. } => "退回",
            Command::Refile => "重新提请",
            Command::Schedule => "列入会议议程",
            Command::Withdraw { .. } => "撤回",
            Command::Decide { .. } => "表决",
        }
    }
}

/// The longest reason for a return or a withdrawal, and the longest statement or defence.
pub const MAX_REASON: usize = 500;
pub const MAX_STATEMENT: usize = 5000;

/// The one transition of a case: `state` under `command`, for a case of `action` whose filed
/// materials are `filed`. Anything else is refused and changes nothing.
pub fn apply(state: CaseState, action: Action, command: &Command, filed: &[Material]) -> Result<CaseState, Refusal> {
    use CaseState as S;
    let next = match (state, command) {
        (S::Filed, Command::Accept) => {
            let missing = missing_materials(action, filed);
            if !missing.is_empty() {
                let names: Vec<&str> = missing.iter().map(|m| m.label()).collect();
                return Err(Refusal::new(
                    ErrorCode::CaseIncomplete,
                    format!("{}案材料不齐全，缺少：{}。请退回提请机关补充后再受理。", action.label(), names.join("、")),
                ));
            }
            S::Accepted
        }
        (S::Filed | S::Accepted, Command::Return { reason }) => {
            text::bounded("reason", "退回理由", reason, 1, MAX_REASON)?;
            S::Returned
        }
        (S::Returned, Command::Refile) => S::Filed,
        (S::Accepted, Command::Schedule) => S::Scheduled,
        (S::Filed | S::Returned | S::Accepted, Command::Withdraw { reason }) => {
            text::bounded("reason", "撤回理由", reason, 1, MAX_REASON)?;
            S::Withdrawn
        }
        (S::Scheduled, Command::Decide { passed }) => {
            if *passed {
                S::Passed
            } else {
                S::Failed
            }
        }
        (state, command) => {
            return Err(Refusal::new(
                ErrorCode::IllegalTransition,
                format!("该任免案{}，不能{}。", state.label(), command.label()),
            ));
        }
    };
    Ok(next)
}

/// Whether a scheduled case may be voted now: an appointment needs the law exam where the
/// congress requires it ([`check_exam`], for the term and the organ of the post); a dismissal
/// needs the person heard first (申辩 recorded, or their declining recorded).
pub fn check_ready(
    action: Action,
    settings: &Settings,
    sittings: &[ExamSitting],
    term: Term,
    organ: OrgId,
    defence_recorded: bool,
) -> Result<(), Refusal> {
    match action {
        Action::Appoint => check_exam(settings.exam_required, sittings, term, organ),
        Action::Dismiss if !defence_recorded => Err(Refusal::new(
            ErrorCode::DefenceNotHeard,
            "撤职案表决前应当听取被提请撤职人员的申辩意见（或记录其放弃申辩），请先记录申辩。",
        )),
        Action::Dismiss | Action::Remove | Action::AcceptResignation => Ok(()),
    }
}

/// How a nominee made their statement before the vote (拟任职发言).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementMode {
    /// In person at the meeting (or at the 见面 with members).
    InPerson,
    /// In writing, when the nominee cannot attend.
    Written,
}

impl StatementMode {
    pub const ALL: [StatementMode; 2] = [StatementMode::InPerson, StatementMode::Written];

    pub fn code(self) -> &'static str {
        match self {
            StatementMode::InPerson => "in_person",
            StatementMode::Written => "written",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            StatementMode::InPerson => "到会发言",
            StatementMode::Written => "书面发言",
        }
    }
}

/// A nominee's statement (拟任职发言) recorded for an appointment that is accepted or scheduled;
/// its text (or a summary) is kept. Returns the text as kept.
pub fn check_statement(action: Action, state: CaseState, text: &str) -> Result<String, Refusal> {
    if action != Action::Appoint {
        return Err(Refusal::invalid("statement", "只有任命案需要记录拟任职发言。"));
    }
    if !matches!(state, CaseState::Accepted | CaseState::Scheduled) {
        return Err(Refusal::new(
            ErrorCode::IllegalTransition,
            format!("该任免案{}，不能记录拟任职发言。", state.label()),
        ));
    }
    text::bounded("statement", "拟任职发言", text, 1, MAX_STATEMENT)
}

/// The defence (申辩) of a person proposed for dismissal, recorded before the vote: what they
/// said, or that they declined. Returns the text as kept.
pub fn check_defence(action: Action, state: CaseState, text: &str) -> Result<String, Refusal> {
    if action != Action::Dismiss {
        return Err(Refusal::invalid("defence", "只有撤职案需要记录申辩意见。"));
    }
    if !matches!(state, CaseState::Accepted | CaseState::Scheduled) {
        return Err(Refusal::new(
            ErrorCode::IllegalTransition,
            format!("该任免案{}，不能记录申辩意见。", state.label()),
        ));
    }
    text::bounded("defence", "申辩意见", text, 1, MAX_STATEMENT)
}

/// The score of a law exam sitting, when one is kept: 0 to 100.
pub fn check_score(score: Option<u32>) -> Result<(), Refusal> {
    match score {
        Some(s) if s > 100 => Err(Refusal::invalid("score", "考试成绩应为0至100分。")),
        _ => Ok(()),
    }
}

/// Whether a sitting on `sat_on` may be recorded today: not in the future.
pub fn check_sat_on(sat_on: Date, today: Date) -> Result<(), Refusal> {
    if sat_on > today {
        return Err(Refusal::invalid("sat_on", "考试日期不能晚于今天。"));
    }
    Ok(())
}

/// How the 宪法宣誓 was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OathMode {
    /// 单独宣誓.
    Individual,
    /// 集体宣誓: several appointed together, one 领誓人.
    Collective,
}

impl OathMode {
    pub const ALL: [OathMode; 2] = [OathMode::Individual, OathMode::Collective];

    pub fn code(self) -> &'static str {
        match self {
            OathMode::Individual => "individual",
            OathMode::Collective => "collective",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            OathMode::Individual => "单独宣誓",
            OathMode::Collective => "集体宣誓",
        }
    }
}

/// The 宪法宣誓 of a person the committee appointed (全国人大常委会关于实行宪法宣誓制度的决定):
/// once per appointment, after the decision and not in the future (those absent at the meeting
/// make it up later), with its 监誓人 named. Returns the 监誓人 as kept.
pub fn check_oath(
    state: CaseState,
    action: Action,
    decided_on: Date,
    sworn_on: Date,
    today: Date,
    supervisor: &str,
    already_sworn: bool,
) -> Result<String, Refusal> {
    if action != Action::Appoint || state != CaseState::Passed {
        return Err(Refusal::new(ErrorCode::IllegalTransition, "只有经表决通过任命的人员进行宪法宣誓。"));
    }
    if already_sworn {
        return Err(Refusal::new(ErrorCode::IllegalTransition, "该人员的宪法宣誓已经记录。"));
    }
    if sworn_on < decided_on {
        return Err(Refusal::invalid("sworn_on", "宣誓日期不能早于任命决定的日期。"));
    }
    if sworn_on > today {
        return Err(Refusal::invalid("sworn_on", "宣誓日期不能晚于今天。"));
    }
    text::bounded("supervisor", "监誓人", supervisor, 1, 40)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{PersonId, PostId};
    use jiff::civil::date;
    use proptest::prelude::*;

    fn nominee() -> Nominee {
        Nominee { person: PersonId(7), post: PostId(3) }
    }

    fn filing<'a>(settings: &'a Settings, failures: &'a [FailedNomination]) -> Filing<'a> {
        Filing {
            action: Action::Appoint,
            proposer: Proposer::Government,
            signatures: 0,
            nominee: nominee(),
            term: Term(17),
            filed_on: date(2026, 12, 1),
            meeting_on: date(2026, 12, 15),
            today: date(2026, 12, 3),
            total_members: 27,
            failures,
            settings,
        }
    }

    #[test]
    fn a_case_filed_in_time_by_its_body_is_taken() {
        let s = Settings::default();
        assert_eq!(check_filing(&filing(&s, &[])), Ok(()));
    }

    #[test]
    fn a_case_filed_late_or_dated_ahead_or_for_a_past_meeting_is_refused() {
        let s = Settings::default();
        let late = Filing { filed_on: date(2026, 12, 6), today: date(2026, 12, 6), ..filing(&s, &[]) };
        assert_eq!(check_filing(&late).expect_err("refused").code, ErrorCode::FiledTooLate);
        let ahead = Filing { filed_on: date(2026, 12, 4), ..filing(&s, &[]) };
        assert_eq!(check_filing(&ahead).expect_err("refused").field, Some("filed_on"));
        let past = Filing { meeting_on: date(2026, 12, 2), filed_on: date(2026, 11, 1), ..filing(&s, &[]) };
        assert_eq!(check_filing(&past).expect_err("refused").code, ErrorCode::IllegalTransition);
    }

    #[test]
    fn members_propose_only_dismissals_and_with_a_fifth_of_all() {
        let s = Settings::default();
        let members = Filing { proposer: Proposer::Members, ..filing(&s, &[]) };
        assert_eq!(check_filing(&members).expect_err("refused").field, Some("proposer"));
        let remove = Filing { action: Action::Remove, ..members };
        assert_eq!(check_filing(&remove).expect_err("refused").field, Some("proposer"));
        let few = Filing { action: Action::Dismiss, signatures: 5, ..members };
        assert_eq!(check_filing(&few).expect_err("refused").code, ErrorCode::RemovalTooFewSignatures);
        let enough = Filing { signatures: 6, ..few };
        assert_eq!(check_filing(&enough), Ok(()));
        let more_than_all = Filing { signatures: 28, ..few };
        assert_eq!(check_filing(&more_than_all).expect_err("refused").field, Some("signatures"));
    }

    #[test]
    fn a_nomination_that_failed_waits_six_months() {
        let s = Settings::default();
        let failed = [FailedNomination { nominee: nominee(), term: Term(17), voted_on: date(2026, 8, 20) }];
        assert_eq!(check_filing(&filing(&s, &failed)).expect_err("refused").code, ErrorCode::NominationBarred);
        let removal = Filing { action: Action::Remove, ..filing(&s, &failed) };
        assert_eq!(check_filing(&removal), Ok(()), "the bar is on nominations, not removals");
    }

    #[test]
    fn a_case_is_accepted_only_with_its_materials() {
        let refused =
            apply(CaseState::Filed, Action::Appoint, &Command::Accept, &[Material::Form]).expect_err("refused");
        assert_eq!(refused.code, ErrorCode::CaseIncomplete);
        assert!(refused.message.contains("考察材料"), "{}", refused.message);
        assert_eq!(
            apply(CaseState::Filed, Action::Appoint, &Command::Accept, &[Material::Assessment, Material::Form]),
            Ok(CaseState::Accepted)
        );
        assert_eq!(
            apply(CaseState::Filed, Action::AcceptResignation, &Command::Accept, &[Material::Form])
                .expect_err("refused")
                .code,
            ErrorCode::CaseIncomplete
        );
    }

    #[test]
    fn returned_cases_come_back_and_decided_ones_never_change() {
        let r = Command::Return { reason: "缺少考察材料".into() };
        assert_eq!(apply(CaseState::Filed, Action::Appoint, &r, &[]), Ok(CaseState::Returned));
        assert_eq!(apply(CaseState::Returned, Action::Appoint, &Command::Refile, &[]), Ok(CaseState::Filed));
        let empty = Command::Return { reason: "  ".into() };
        assert_eq!(apply(CaseState::Filed, Action::Appoint, &empty, &[]).expect_err("refused").field, Some("reason"));
        for done in [CaseState::Passed, CaseState::Failed, CaseState::Withdrawn] {
            for c in [Command::Accept, r.clone(), Command::Schedule, Command::Decide { passed: true }] {
                assert_eq!(
                    apply(done, Action::Appoint, &c, &[Material::Form]).expect_err("refused").code,
                    ErrorCode::IllegalTransition
                );
            }
        }
        let w = Command::Withdraw { reason: "人选另有安排".into() };
        assert_eq!(
            apply(CaseState::Scheduled, Action::Appoint, &w, &[]).expect_err("refused").code,
            ErrorCode::IllegalTransition
        );
    }

    #[test]
    fn an_appointment_waits_for_the_exam_and_a_dismissal_for_the_defence() {
        let s = Settings::default();
        let organ = OrgId(5);
        let none = check_ready(Action::Appoint, &s, &[], Term(17), organ, false).expect_err("refused");
        assert_eq!(none.code, ErrorCode::ExamNotPassed);
        let pass = [ExamSitting { term: Term(17), organ, sat_on: date(2026, 11, 20), passed: true }];
        assert_eq!(check_ready(Action::Appoint, &s, &pass, Term(17), organ, false), Ok(()));
        let lax = Settings { exam_required: false, ..s };
        assert_eq!(check_ready(Action::Appoint, &lax, &[], Term(17), organ, false), Ok(()));
        assert_eq!(
            check_ready(Action::Dismiss, &s, &[], Term(17), organ, false).expect_err("refused").code,
            ErrorCode::DefenceNotHeard
        );
        assert_eq!(check_ready(Action::Dismiss, &s, &[], Term(17), organ, true), Ok(()));
        assert_eq!(check_ready(Action::Remove, &s, &[], Term(17), organ, false), Ok(()));
    }

    #[test]
    fn the_oath_is_sworn_once_after_the_decision() {
        let d = date(2026, 12, 15);
        let ok = check_oath(CaseState::Passed, Action::Appoint, d, d, date(2026, 12, 16), "陈志远", false);
        assert_eq!(ok, Ok("陈志远".into()));
        let again = check_oath(CaseState::Passed, Action::Appoint, d, d, d, "陈志远", true);
        assert_eq!(again.expect_err("refused").code, ErrorCode::IllegalTransition);
        let early = check_oath(CaseState::Passed, Action::Appoint, d, date(2026, 12, 14), d, "陈志远", false);
        assert_eq!(early.expect_err("refused").field, Some("sworn_on"));
        let failed = check_oath(CaseState::Failed, Action::Appoint, d, d, d, "陈志远", false);
        assert_eq!(failed.expect_err("refused").code, ErrorCode::IllegalTransition);
        let nobody = check_oath(CaseState::Passed, Action::Appoint, d, d, d, " ", false);
        assert_eq!(nobody.expect_err("refused").field, Some("supervisor"));
    }

    fn command() -> impl Strategy<Value = Command> {
        prop_oneof![
            Just(Command::Accept),
            Just(Command::Return { reason: "材料不全".into() }),
            Just(Command::Refile),
            Just(Command::Schedule),
            Just(Command::Withdraw { reason: "撤回".into() }),
            any::<bool>().prop_map(|passed| Command::Decide { passed }),
        ]
    }

    proptest! {
        /// No sequence of commands decides a case that was never scheduled, accepts one without
        /// its materials, or changes a case once it is decided or withdrawn.
        #[test]
        fn decided_cases_went_through_acceptance_and_stay_decided(
            commands in proptest::collection::vec(command(), 0..20),
            with_assessment in any::<bool>(),
        ) {
            let filed: Vec<Material> =
                if with_assessment { vec![Material::Form, Material::Assessment] } else { vec![Material::Form] };
            let mut state = CaseState::Filed;
            let mut scheduled = false;
            for c in &commands {
                if let Ok(next) = apply(state, Action::Appoint, c, &filed) {
                    prop_assert!(state.is_pending(), "{state:?} changed to {next:?}");
                    if next == CaseState::Accepted { prop_assert!(with_assessment) }
                    if next == CaseState::Scheduled { scheduled = true }
                    if matches!(next, CaseState::Passed | CaseState::Failed) { prop_assert!(scheduled) }
                    state = next;
                }
            }
        }
    }
}
