//! One filed normative document, as data plus one transition function ([`apply`]):
//!
//! ```text
//! 报送 ─登记─→ 已登记 ─送交─→ 审查中 ─┬─ 未发现问题 ───────────────────────────────→ 审查完毕 ■
//!  │ ↑                          │      ├─ 沟通 → 沟通中 ─┬─ 报告纠正 ──────────────→ 已纠正 ■
//!  │ └─补正─ 退回补正 ←─退回─┐   ↺延期  │                 └─┐
//!  │                          │  (once) └─ 审查意见 ←───────┘→ 已提出审查意见 ─┬─ 同意: 处理计划 → 报告纠正 → 已纠正 ■
//!  └────────────────────────┴─移送─→ 已移送 ■                                  ├─ 不同意 → 有异议
//!                                                                               └─ (期满未办 / 有异议) 提请撤销 → 已提请撤销
//!                                                                                   ─ 常委会表决 ─┬─ 通过 → 已撤销 ■
//!                                                                                                 └─ 未通过 → 未撤销 ■
//! ```
//!
//! ■ marks the final states: nothing changes a filing once it is there. While under review (审查中,
//! 沟通中) the committee may ask other 专门委员会 for their opinion (30 days, extendable once by
//! 30: [`CommitteeOpinion`]); it concludes only when every opinion asked for is in. The standing
//! committee's vote on a proposed revocation is fed back as [`Command::Decide`], given by the
//! meeting ([`Party::StandingCommittee`]) when the vote closes. Each command is given
//! by one party ([`RULES`]): the maker files, supplies what was missing, answers and reports
//! the correction; the office (the 法工委 or the 备案审查 staff) registers, returns, passes on
//! and sends; the committee reviews, extends once, finds, writes the 审查意见 and proposes
//! revocation. What the world looks like when a command is given — the day, who gives it, the
//! congress's settings and holiday calendar — comes with it as [`Facts`].
//!
//! Lateness is recorded, never refused: a document filed more than 30 days after publication,
//! missing items supplied late, a review or an answer past its day are each flagged ([`Late`]),
//! and the step goes ahead. The one exception is revocation, which the committee proposes only
//! once the maker has disagreed or let its day pass.

use super::{Attachment, FilingBody, FilingNumber, Settings, zh};
use super::{
    committee_opinion_due, correction_due, filing_due, plan_due, register_due, resubmit_due, review_due, send_due, text,
};
use crate::calendar::HolidayCalendar;
use crate::ids::OrgId;
use crate::{ErrorCode, Refusal};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Where a filing is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilingState {
    Filed,
    Returned,
    Transferred,
    Registered,
    UnderReview,
    Communicating,
    OpinionSent,
    PlanReceived,
    Disputed,
    NoProblem,
    Corrected,
    RevocationProposed,
    Revoked,
    NotRevoked,
}

use FilingState as S;

impl FilingState {
    pub const ALL: [FilingState; 14] = [
        S::Filed,
        S::Returned,
        S::Transferred,
        S::Registered,
        S::UnderReview,
        S::Communicating,
        S::OpinionSent,
        S::PlanReceived,
        S::Disputed,
        S::NoProblem,
        S::Corrected,
        S::RevocationProposed,
        S::Revoked,
        S::NotRevoked,
    ];

    pub fn code(self) -> &'static str {
        match self {
            S::Filed => "filed",
            S::Returned => "returned",
            S::Transferred => "transferred",
            S::Registered => "registered",
            S::UnderReview => "under_review",
            S::Communicating => "communicating",
            S::OpinionSent => "opinion_sent",
            S::PlanReceived => "plan_received",
            S::Disputed => "disputed",
            S::NoProblem => "no_problem",
            S::Corrected => "corrected",
            S::RevocationProposed => "revocation_proposed",
            S::Revoked => "revoked",
            S::NotRevoked => "not_revoked",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            S::Filed => "已报送",
            S::Returned => "退回补正",
            S::Transferred => "已移送",
            S::Registered => "已登记",
            S::UnderReview => "审查中",
            S::Communicating => "沟通中",
            S::OpinionSent => "已提出审查意见",
            S::PlanReceived => "制定机关已回复",
            S::Disputed => "制定机关有异议",
            S::NoProblem => "审查完毕（未发现问题）",
            S::Corrected => "已纠正",
            S::RevocationProposed => "已提请撤销",
            S::Revoked => "已撤销",
            S::NotRevoked => "常委会未决定撤销",
        }
    }

    /// Nothing changes a filing in a final state.
    pub fn is_final(self) -> bool {
        matches!(self, S::Transferred | S::NoProblem | S::Corrected | S::Revoked | S::NotRevoked)
    }

    /// Registered under a 备案号: every state from 已登记 on, except passing on.
    pub fn is_registered(self) -> bool {
        !matches!(self, S::Filed | S::Returned | S::Transferred)
    }

    /// With the committee or after it: the review has a kind.
    pub fn is_reviewed(self) -> bool {
        self.is_registered() && self != S::Registered
    }
}

/// How the filing reached the register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// 报送备案: the maker filed it.
    Filed,
    /// 公报发现: published but never filed, recorded by staff from the gazette.
    Gazette,
}

/// How a document is reviewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewKind {
    /// 主动审查: every filed document, on the committee's own initiative.
    Active,
    /// 依申请审查: opened on a 审查建议 or another body's request.
    OnRequest,
    /// 专项审查: with every document on one topic (营商环境, a law just amended).
    Special,
}

impl ReviewKind {
    pub const ALL: [ReviewKind; 3] = [ReviewKind::Active, ReviewKind::OnRequest, ReviewKind::Special];

    pub fn code(self) -> &'static str {
        match self {
            ReviewKind::Active => "active",
            ReviewKind::OnRequest => "on_request",
            ReviewKind::Special => "special",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewKind::Active => "主动审查",
            ReviewKind::OnRequest => "依申请审查",
            ReviewKind::Special => "专项审查",
        }
    }
}

/// What a written 审查意见 asks of the maker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Demand {
    /// 修改.
    Correct,
    /// 废止.
    Repeal,
}

impl Demand {
    pub const ALL: [Demand; 2] = [Demand::Correct, Demand::Repeal];

    pub fn code(self) -> &'static str {
        match self {
            Demand::Correct => "correct",
            Demand::Repeal => "repeal",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Demand::Correct => "修改",
            Demand::Repeal => "废止",
        }
    }
}

/// A step taken after its day: recorded on the filing, counted in the statistics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Late {
    /// 逾期报送: filed more than 30 days after publication (or never filed: found in the gazette late).
    Filing,
    /// Registered or returned after the form check's 10 days.
    Register,
    /// Missing items supplied after their 10 days.
    Resubmission,
    /// Sent to the committee after 5 working days.
    Send,
    /// The review ended after its 3 (or 6) months.
    Review,
    /// The maker answered the 审查意见 after 30 days.
    Plan,
    /// The maker reported the correction after 30 days.
    Correction,
    /// A 专门委员会 gave its opinion after its 30 (or 60) days.
    CommitteeOpinion,
}

impl Late {
    pub fn label(self) -> &'static str {
        match self {
            Late::Filing => "逾期报送",
            Late::Register => "逾期登记",
            Late::Resubmission => "逾期补正",
            Late::Send => "逾期送交审查",
            Late::Review => "逾期审结",
            Late::Plan => "逾期回复审查意见",
            Late::Correction => "逾期报告纠正情况",
            Late::CommitteeOpinion => "专门委员会逾期回复意见",
        }
    }
}

/// Who gives a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 制定机关: the body that made and filed the document.
    Maker,
    /// 备案审查工作机构: the office that registers and sends.
    Office,
    /// 专门委员会 or 常委会工作机构 in charge of the review.
    Committee,
    /// 常务委员会会议: its vote on a proposed revocation, fed back when the vote closes.
    StandingCommittee,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Maker => "制定机关",
            Role::Office => "备案审查工作机构",
            Role::Committee => "审查的专门委员会",
            Role::StandingCommittee => "常务委员会会议",
        }
    }
}

/// How the one giving a command stands to the filing; the maker is named so the rules can
/// check it is this filing's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", content = "id", rename_all = "snake_case")]
pub enum Party {
    Maker(OrgId),
    Office,
    Committee,
    StandingCommittee,
}

impl Party {
    pub fn role(self) -> Role {
        match self {
            Party::Maker(_) => Role::Maker,
            Party::Office => Role::Office,
            Party::Committee => Role::Committee,
            Party::StandingCommittee => Role::StandingCommittee,
        }
    }
}

/// The commands, without their payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandKind {
    Register,
    Return,
    Resubmit,
    Transfer,
    Send,
    Extend,
    FindNoProblem,
    Communicate,
    SendOpinion,
    Answer,
    ReportCorrection,
    ProposeRevocation,
    AskOpinion,
    ExtendOpinion,
    RecordOpinion,
    Decide,
}

impl CommandKind {
    pub const ALL: [CommandKind; 16] = [
        CommandKind::Register,
        CommandKind::Return,
        CommandKind::Resubmit,
        CommandKind::Transfer,
        CommandKind::Send,
        CommandKind::Extend,
        CommandKind::FindNoProblem,
        CommandKind::Communicate,
        CommandKind::SendOpinion,
        CommandKind::Answer,
        CommandKind::ReportCorrection,
        CommandKind::ProposeRevocation,
        CommandKind::AskOpinion,
        CommandKind::ExtendOpinion,
        CommandKind::RecordOpinion,
        CommandKind::Decide,
    ];

    /// The stable snake_case name: the audit action `filing.<code>`.
    pub fn code(self) -> &'static str {
        match self {
            CommandKind::Register => "register",
            CommandKind::Return => "return",
            CommandKind::Resubmit => "resubmit",
            CommandKind::Transfer => "transfer",
            CommandKind::Send => "send",
            CommandKind::Extend => "extend",
            CommandKind::FindNoProblem => "find_no_problem",
            CommandKind::Communicate => "communicate",
            CommandKind::SendOpinion => "send_opinion",
            CommandKind::Answer => "answer",
            CommandKind::ReportCorrection => "report_correction",
            CommandKind::ProposeRevocation => "propose_revocation",
            CommandKind::AskOpinion => "ask_opinion",
            CommandKind::ExtendOpinion => "extend_opinion",
            CommandKind::RecordOpinion => "record_opinion",
            CommandKind::Decide => "decide",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CommandKind::Register => "登记",
            CommandKind::Return => "退回补正",
            CommandKind::Resubmit => "补正报送",
            CommandKind::Transfer => "移送",
            CommandKind::Send => "送交审查",
            CommandKind::Extend => "延长审查期限",
            CommandKind::FindNoProblem => "审查完毕（未发现问题）",
            CommandKind::Communicate => "与制定机关沟通",
            CommandKind::SendOpinion => "提出书面审查意见",
            CommandKind::Answer => "回复审查意见",
            CommandKind::ReportCorrection => "报告纠正情况",
            CommandKind::ProposeRevocation => "提请撤销",
            CommandKind::AskOpinion => "征求专门委员会意见",
            CommandKind::ExtendOpinion => "延长专门委员会意见期限",
            CommandKind::RecordOpinion => "登记专门委员会意见",
            CommandKind::Decide => "常委会作出决定",
        }
    }
}

/// A command with its payload. Every command takes effect on [`Facts::today`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Registered under `number`, which must be of this year ([`super::next_filing_number`]).
    Register {
        number: FilingNumber,
    },
    /// Returned for completion: what is missing (at least one) and a note.
    Return {
        missing: Vec<Attachment>,
        note: String,
    },
    /// The maker supplies what was missing.
    Resubmit {
        added: Vec<Attachment>,
    },
    /// Outside the remit: passed on `to` a body, with the reason.
    Transfer {
        to: String,
        reason: String,
    },
    /// Sent to the committee for a review of `kind`; a 专项审查 names its `topic`.
    Send {
        kind: ReviewKind,
        topic: String,
    },
    /// The review's period extended once, with the reason.
    Extend {
        reason: String,
    },
    FindNoProblem,
    /// The committee raises a problem with the maker informally (沟通), noting what.
    Communicate {
        note: String,
    },
    /// The written 审查意见, asking the maker to correct or to repeal.
    SendOpinion {
        demand: Demand,
        text: String,
    },
    /// The maker's answer: its plan when it `agrees`, its objection when not.
    Answer {
        agrees: bool,
        text: String,
    },
    /// The maker reports the correction (or repeal) done.
    ReportCorrection {
        text: String,
    },
    /// The committee proposes that the standing committee revoke the document: an agenda item
    /// for the meetings module.
    ProposeRevocation {
        reason: String,
    },
    /// The committee asks another 专门委员会 for its opinion on the document (30 days).
    AskOpinion {
        committee: String,
    },
    /// The period of a committee's opinion extended once (by 30 days), with the reason.
    ExtendOpinion {
        committee: String,
        reason: String,
    },
    /// The opinion of a committee asked, as it gave it.
    RecordOpinion {
        committee: String,
        text: String,
    },
    /// The standing committee's vote on the proposed revocation: `revoked` when it passed.
    Decide {
        revoked: bool,
    },
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Register { .. } => CommandKind::Register,
            Command::Return { .. } => CommandKind::Return,
            Command::Resubmit { .. } => CommandKind::Resubmit,
            Command::Transfer { .. } => CommandKind::Transfer,
            Command::Send { .. } => CommandKind::Send,
            Command::Extend { .. } => CommandKind::Extend,
            Command::FindNoProblem => CommandKind::FindNoProblem,
            Command::Communicate { .. } => CommandKind::Communicate,
            Command::SendOpinion { .. } => CommandKind::SendOpinion,
            Command::Answer { .. } => CommandKind::Answer,
            Command::ReportCorrection { .. } => CommandKind::ReportCorrection,
            Command::ProposeRevocation { .. } => CommandKind::ProposeRevocation,
            Command::AskOpinion { .. } => CommandKind::AskOpinion,
            Command::ExtendOpinion { .. } => CommandKind::ExtendOpinion,
            Command::RecordOpinion { .. } => CommandKind::RecordOpinion,
            Command::Decide { .. } => CommandKind::Decide,
        }
    }
}

/// Who may give a command, from which states, and to which it may lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub command: CommandKind,
    pub by: Role,
    pub from: &'static [FilingState],
    pub to: &'static [FilingState],
}

/// The machine. Every command appears exactly once; no rule leaves a final state.
pub const RULES: [Rule; 16] = [
    Rule { command: CommandKind::Register, by: Role::Office, from: &[S::Filed], to: &[S::Registered] },
    Rule { command: CommandKind::Return, by: Role::Office, from: &[S::Filed], to: &[S::Returned] },
    Rule { command: CommandKind::Resubmit, by: Role::Maker, from: &[S::Returned], to: &[S::Filed] },
    Rule { command: CommandKind::Transfer, by: Role::Office, from: &[S::Filed], to: &[S::Transferred] },
    Rule { command: CommandKind::Send, by: Role::Office, from: &[S::Registered], to: &[S::UnderReview] },
    Rule { command: CommandKind::Extend, by: Role::Committee, from: &[S::UnderReview], to: &[S::UnderReview] },
    Rule {
        command: CommandKind::FindNoProblem,
        by: Role::Committee,
        from: &[S::UnderReview, S::Communicating, S::Disputed],
        to: &[S::NoProblem],
    },
    Rule { command: CommandKind::Communicate, by: Role::Committee, from: &[S::UnderReview], to: &[S::Communicating] },
    Rule {
        command: CommandKind::SendOpinion,
        by: Role::Committee,
        from: &[S::UnderReview, S::Communicating],
        to: &[S::OpinionSent],
    },
    Rule {
        command: CommandKind::Answer,
        by: Role::Maker,
        from: &[S::OpinionSent],
        to: &[S::PlanReceived, S::Disputed],
    },
    Rule {
        command: CommandKind::ReportCorrection,
        by: Role::Maker,
        from: &[S::Communicating, S::PlanReceived],
        to: &[S::Corrected],
    },
    Rule {
        command: CommandKind::ProposeRevocation,
        by: Role::Committee,
        from: &[S::OpinionSent, S::PlanReceived, S::Disputed],
        to: &[S::RevocationProposed],
    },
    Rule {
        command: CommandKind::AskOpinion,
        by: Role::Committee,
        from: &[S::UnderReview, S::Communicating],
        to: &[S::UnderReview, S::Communicating],
    },
    Rule {
        command: CommandKind::ExtendOpinion,
        by: Role::Committee,
        from: &[S::UnderReview, S::Communicating],
        to: &[S::UnderReview, S::Communicating],
    },
    Rule {
        command: CommandKind::RecordOpinion,
        by: Role::Committee,
        from: &[S::UnderReview, S::Communicating],
        to: &[S::UnderReview, S::Communicating],
    },
    Rule {
        command: CommandKind::Decide,
        by: Role::StandingCommittee,
        from: &[S::RevocationProposed],
        to: &[S::Revoked, S::NotRevoked],
    },
];

pub fn rule(kind: CommandKind) -> &'static Rule {
    RULES.iter().find(|r| r.command == kind).expect("every command has a rule (tested)")
}

/// What the world looks like when a command is given, as the store read it.
#[derive(Clone, Copy, Debug)]
pub struct Facts<'a> {
    /// The day the command takes effect (Beijing's civil date).
    pub today: Date,
    pub party: Party,
    pub settings: &'a Settings,
    pub calendar: &'a HolidayCalendar,
}

/// A document as filed (or as staff found it in the gazette).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewFiling {
    /// The body that made it (a government, 监委, court, procuratorate or lower congress).
    pub maker: OrgId,
    pub body: FilingBody,
    pub title: String,
    pub published_on: Date,
    pub attachments: BTreeSet<Attachment>,
    pub origin: Origin,
}

/// One filing. Built by [`file`], changed only by [`apply`] (the store keeps it as JSON and
/// reads it back as written).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filing {
    state: FilingState,
    maker: OrgId,
    body: FilingBody,
    title: String,
    origin: Origin,
    published_on: Date,
    /// The day of the last submission (the first filing or the latest 补正): the form check's
    /// period runs from it.
    submitted_on: Date,
    attachments: BTreeSet<Attachment>,
    returns: u32,
    number: Option<FilingNumber>,
    registered_on: Option<Date>,
    sent_on: Option<Date>,
    kind: Option<ReviewKind>,
    topic: Option<String>,
    extended: bool,
    demand: Option<Demand>,
    opinion_on: Option<Date>,
    plan_on: Option<Date>,
    /// What is awaited now is due on this day; `None` once final.
    due_on: Option<Date>,
    concluded_on: Option<Date>,
    late: BTreeSet<Late>,
    /// The 专门委员会 asked for their opinion during the review, in the order asked.
    #[serde(default)]
    opinions: Vec<CommitteeOpinion>,
}

/// A 专门委员会 asked for its opinion on a document under review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeOpinion {
    pub committee: String,
    pub asked_on: Date,
    /// 30 days after asking, 60 once extended.
    pub due_on: Date,
    pub extended: bool,
    /// The day the opinion was given; `None` while awaited.
    pub given_on: Option<Date>,
}

impl CommitteeOpinion {
    pub fn awaited(&self) -> bool {
        self.given_on.is_none()
    }
}

impl Filing {
    pub fn state(&self) -> FilingState {
        self.state
    }

    pub fn maker(&self) -> OrgId {
        self.maker
    }

    pub fn body(&self) -> FilingBody {
        self.body
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn origin(&self) -> Origin {
        self.origin
    }

    pub fn published_on(&self) -> Date {
        self.published_on
    }

    pub fn submitted_on(&self) -> Date {
        self.submitted_on
    }

    pub fn attachments(&self) -> &BTreeSet<Attachment> {
        &self.attachments
    }

    /// The materials a registration still lacks, in their order.
    pub fn missing(&self) -> Vec<Attachment> {
        Attachment::ALL.into_iter().filter(|a| !self.attachments.contains(a)).collect()
    }

    /// Times returned for completion.
    pub fn returns(&self) -> u32 {
        self.returns
    }

    pub fn number(&self) -> Option<&FilingNumber> {
        self.number.as_ref()
    }

    pub fn registered_on(&self) -> Option<Date> {
        self.registered_on
    }

    pub fn sent_on(&self) -> Option<Date> {
        self.sent_on
    }

    pub fn review_kind(&self) -> Option<ReviewKind> {
        self.kind
    }

    /// A 专项审查's topic.
    pub fn topic(&self) -> Option<&str> {
        self.topic.as_deref()
    }

    pub fn extended(&self) -> bool {
        self.extended
    }

    pub fn demand(&self) -> Option<Demand> {
        self.demand
    }

    pub fn opinion_on(&self) -> Option<Date> {
        self.opinion_on
    }

    pub fn plan_on(&self) -> Option<Date> {
        self.plan_on
    }

    /// The last day for what is awaited now (the form check, the missing items, the sending,
    /// the review, the maker's answer or correction, or the opinion of a committee asked,
    /// whichever comes first); `None` once final or while a revocation awaits the vote.
    pub fn due_on(&self) -> Option<Date> {
        let opinions = self.opinions.iter().filter(|o| o.awaited()).map(|o| o.due_on);
        self.due_on.into_iter().chain(opinions).min()
    }

    /// Who the step awaited now is with (the overdue board's 待办方): a committee asked for its
    /// opinion when that opinion is due first, else the party whose step the state awaits;
    /// `None` once final or while a revocation awaits the vote.
    pub fn waiting_on(&self) -> Option<String> {
        let first = self.opinions.iter().filter(|o| o.awaited()).min_by_key(|o| o.due_on);
        if let Some(o) = first.filter(|o| self.due_on.is_none_or(|d| o.due_on <= d)) {
            return Some(format!("{}（意见）", o.committee));
        }
        self.due_on?;
        let role = match self.state {
            S::Returned | S::OpinionSent | S::PlanReceived => Role::Maker,
            S::UnderReview | S::Communicating => Role::Committee,
            _ => Role::Office,
        };
        Some(role.label().to_owned())
    }

    /// The committees asked for their opinion, in the order asked.
    pub fn opinions(&self) -> &[CommitteeOpinion] {
        &self.opinions
    }

    /// Committees asked whose opinion is still awaited.
    pub fn opinions_awaited(&self) -> usize {
        self.opinions.iter().filter(|o| o.awaited()).count()
    }

    pub fn concluded_on(&self) -> Option<Date> {
        self.concluded_on
    }

    /// The steps taken after their day.
    pub fn late(&self) -> &BTreeSet<Late> {
        &self.late
    }

    /// Days left until what is awaited is due (negative when overdue); `None` once final.
    pub fn days_left(&self, today: Date) -> Option<i32> {
        self.due_on().map(|due| (due - today).get_days())
    }

    /// Past the day of what is awaited: on the overdue board.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.days_left(today).is_some_and(|d| d < 0)
    }
}

/// What a command did, for the store to write and the event log to carry; texts trimmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Filed {
        origin: Origin,
        late: bool,
    },
    Registered {
        number: FilingNumber,
        late: bool,
    },
    Returned {
        missing: Vec<Attachment>,
        note: String,
        due_on: Date,
    },
    Resubmitted {
        added: Vec<Attachment>,
        late: bool,
    },
    Transferred {
        to: String,
        reason: String,
    },
    Sent {
        kind: ReviewKind,
        topic: Option<String>,
        due_on: Date,
        late: bool,
    },
    Extended {
        reason: String,
        due_on: Date,
    },
    FoundNoProblem {
        late: bool,
    },
    Communicated {
        note: String,
    },
    OpinionSent {
        demand: Demand,
        text: String,
        due_on: Date,
        late: bool,
    },
    Answered {
        agrees: bool,
        text: String,
        late: bool,
    },
    CorrectionReported {
        text: String,
        late: bool,
    },
    /// For the meetings module: an agenda item asking the standing committee to revoke it.
    RevocationProposed {
        maker: OrgId,
        number: Option<FilingNumber>,
        reason: String,
    },
    OpinionAsked {
        committee: String,
        due_on: Date,
    },
    OpinionExtended {
        committee: String,
        reason: String,
        due_on: Date,
    },
    OpinionRecorded {
        committee: String,
        text: String,
        late: bool,
    },
    /// The standing committee's vote: the document revoked, or not.
    Decided {
        revoked: bool,
    },
}

/// A command's outcome: the filing as it now is and what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub filing: Filing,
    pub event: Event,
}

/// A new filing, or why not: a title, a publication day not after today, the text attached;
/// filed by its maker, or recorded from the gazette by the office. A filing more than the set
/// days after publication is flagged late, not refused.
pub fn file(new: &NewFiling, facts: &Facts<'_>) -> Result<Step, Refusal> {
    match (new.origin, facts.party) {
        (Origin::Filed, Party::Maker(m)) if m == new.maker => {}
        (Origin::Filed, Party::Maker(_)) => return Err(Refusal::of(ErrorCode::NotTheMaker)),
        (Origin::Gazette, Party::Office) => {}
        (Origin::Filed, _) => {
            return Err(Refusal::new(ErrorCode::NotPermitted, "规范性文件由制定机关报送备案。"));
        }
        (Origin::Gazette, _) => {
            return Err(Refusal::new(ErrorCode::NotPermitted, "只有备案审查工作机构可以登记公报发现的未报备文件。"));
        }
    }
    let title = text("title", "文件名称", &new.title, 200, ErrorCode::Required)?;
    if new.published_on > facts.today {
        return Err(Refusal::new(ErrorCode::DateInFuture, "文件的公布日期不能晚于今天。").at("published_on"));
    }
    if !new.attachments.contains(&Attachment::Text) {
        return Err(Refusal::of(ErrorCode::TextAttachmentMissing).at("attachments"));
    }
    let late = facts.today > filing_due(new.published_on, facts.settings);
    let filing = Filing {
        state: S::Filed,
        maker: new.maker,
        body: new.body,
        title,
        origin: new.origin,
        published_on: new.published_on,
        submitted_on: facts.today,
        attachments: new.attachments.clone(),
        returns: 0,
        number: None,
        registered_on: None,
        sent_on: None,
        kind: None,
        topic: None,
        extended: false,
        demand: None,
        opinion_on: None,
        plan_on: None,
        due_on: Some(register_due(facts.today, facts.settings)),
        concluded_on: None,
        late: if late { BTreeSet::from([Late::Filing]) } else { BTreeSet::new() },
        opinions: Vec::new(),
    };
    Ok(Step { filing, event: Event::Filed { origin: new.origin, late } })
}

/// Checks whether `party` may give `kind` now, without looking at a payload.
pub fn check(filing: &Filing, party: Party, kind: CommandKind) -> Result<(), Refusal> {
    let rule = rule(kind);
    if party.role() != rule.by {
        return Err(Refusal::new(
            ErrorCode::NotPermitted,
            format!("{}不能对此备案文件执行“{}”。", party.role().label(), kind.label()),
        ));
    }
    if let Party::Maker(m) = party
        && m != filing.maker
    {
        return Err(Refusal::of(ErrorCode::NotTheMaker));
    }
    if !rule.from.contains(&filing.state) {
        let message = if filing.state.is_final() {
            format!("该备案文件已{}，不能再{}。", filing.state.label(), kind.label())
        } else {
            format!("该备案文件当前为“{}”，不能{}。", filing.state.label(), kind.label())
        };
        return Err(Refusal::new(ErrorCode::WrongState, message));
    }
    if kind == CommandKind::Extend && filing.extended {
        return Err(Refusal::new(ErrorCode::ExtensionAtMaximum, "审查期限只能延长一次，已经延长过。"));
    }
    let concludes =
        matches!(kind, CommandKind::FindNoProblem | CommandKind::SendOpinion | CommandKind::ReportCorrection);
    if concludes && filing.opinions_awaited() > 0 {
        let awaited: Vec<&str> = filing.opinions.iter().filter(|o| o.awaited()).map(|o| o.committee.as_str()).collect();
        return Err(Refusal::new(
            ErrorCode::CommitteeOpinionsPending,
            format!("尚待{}回复意见，暂不能{}。", awaited.join("、"), kind.label()),
        ));
    }
    if matches!(kind, CommandKind::ExtendOpinion | CommandKind::RecordOpinion) && filing.opinions_awaited() == 0 {
        return Err(Refusal::of(ErrorCode::NoSuchCommitteeOpinion));
    }
    Ok(())
}

/// The commands `party` may give now, payload aside: the buttons to show.
pub fn permitted(filing: &Filing, party: Party) -> Vec<CommandKind> {
    CommandKind::ALL.into_iter().filter(|k| check(filing, party, *k).is_ok()).collect()
}

/// The one way a filing changes. Refuses a command from the wrong party or in the wrong state
/// (every command on a final filing), and a command whose payload is wanting. A refused
/// command changes nothing: `filing` is only read.
pub fn apply(filing: &Filing, command: &Command, facts: &Facts<'_>) -> Result<Step, Refusal> {
    check(filing, facts.party, command.kind())?;
    let (s, cal, today) = (facts.settings, facts.calendar, facts.today);
    let mut f = filing.clone();
    let was_late = filing.due_on.is_some_and(|due| today > due);
    let flag = |f: &mut Filing, late: Late| {
        if was_late {
            f.late.insert(late);
        }
        was_late
    };
    let event = match command {
        Command::Register { number } => {
            let missing = filing.missing();
            if !missing.is_empty() {
                return Err(Refusal::new(
                    ErrorCode::FilingIncomplete,
                    format!("备案材料不齐全（缺{}），应退回补正，不能登记。", labels(&missing)),
                ));
            }
            if number.year() != today.year() {
                return Err(Refusal::new(
                    ErrorCode::BadFilingNumber,
                    format!("备案号的年份应为登记的年份{}年。", today.year()),
                )
                .at("number"));
            }
            f.state = S::Registered;
            f.number = Some(number.clone());
            f.registered_on = Some(today);
            f.due_on = Some(send_due(today, s, cal));
            Event::Registered { number: number.clone(), late: flag(&mut f, Late::Register) }
        }
        Command::Return { missing, note } => {
            let mut missing = missing.clone();
            missing.sort();
            missing.dedup();
            if missing.is_empty() {
                return Err(Refusal::of(ErrorCode::MissingItemsRequired).at("missing"));
            }
            let note = optional("note", "退回说明", note, 2_000)?;
            flag(&mut f, Late::Register);
            let due_on = resubmit_due(today, s);
            f.state = S::Returned;
            f.returns += 1;
            f.due_on = Some(due_on);
            Event::Returned { missing, note, due_on }
        }
        Command::Resubmit { added } => {
            let mut added = added.clone();
            added.sort();
            added.dedup();
            if added.is_empty() {
                return Err(Refusal::new(ErrorCode::Required, "请上传补正的材料。").at("files"));
            }
            f.attachments.extend(added.iter().copied());
            f.state = S::Filed;
            f.submitted_on = today;
            f.due_on = Some(register_due(today, s));
            Event::Resubmitted { added, late: flag(&mut f, Late::Resubmission) }
        }
        Command::Transfer { to, reason } => {
            let to = text("to", "移送的机关", to, 100, ErrorCode::Required)?;
            let reason = text("reason", "移送的理由", reason, 2_000, ErrorCode::ReasonRequired)?;
            f.state = S::Transferred;
            f.due_on = None;
            f.concluded_on = Some(today);
            Event::Transferred { to, reason }
        }
        Command::Send { kind, topic } => {
            let topic = match kind {
                ReviewKind::Special => Some(text("topic", "专项审查的专题", topic, 100, ErrorCode::SubjectRequired)?),
                _ => None,
            };
            let late = flag(&mut f, Late::Send);
            let due_on = review_due(today, false, s);
            f.state = S::UnderReview;
            f.sent_on = Some(today);
            f.kind = Some(*kind);
            f.topic = topic.clone();
            f.due_on = Some(due_on);
            Event::Sent { kind: *kind, topic, due_on, late }
        }
        Command::Extend { reason } => {
            if s.review_extension_months == 0 {
                return Err(Refusal::new(ErrorCode::ExtensionAtMaximum, "本级人大未设审查期限的延长。"));
            }
            let reason = text("reason", "延期的理由", reason, 2_000, ErrorCode::ReasonRequired)?;
            let sent_on = filing.sent_on.expect("a filing under review was sent (an invariant of apply)");
            let due_on = review_due(sent_on, true, s);
            f.extended = true;
            f.due_on = Some(due_on);
            Event::Extended { reason, due_on }
        }
        Command::FindNoProblem => {
            // The review's day matters only while the review runs: a dispute is over the maker's answer.
            let late = filing.state != S::Disputed && flag(&mut f, Late::Review);
            f.state = S::NoProblem;
            f.due_on = None;
            f.concluded_on = Some(today);
            Event::FoundNoProblem { late }
        }
        Command::Communicate { note } => {
            let note = text("note", "沟通的问题", note, 5_000, ErrorCode::Required)?;
            f.state = S::Communicating;
            Event::Communicated { note }
        }
        Command::SendOpinion { demand, text: opinion } => {
            let opinion = text("text", "审查意见", opinion, 20_000, ErrorCode::CommentRequired)?;
            let late = flag(&mut f, Late::Review);
            let due_on = plan_due(today, s);
            f.state = S::OpinionSent;
            f.demand = Some(*demand);
            f.opinion_on = Some(today);
            f.due_on = Some(due_on);
            Event::OpinionSent { demand: *demand, text: opinion, due_on, late }
        }
        Command::Answer { agrees, text: answer } => {
            let label = if *agrees { "处理计划" } else { "不同意的理由" };
            let answer = text("text", label, answer, 20_000, ErrorCode::AnswerRequired)?;
            let late = flag(&mut f, Late::Plan);
            f.plan_on = Some(today);
            if *agrees {
                f.state = S::PlanReceived;
                f.due_on = Some(correction_due(today, s));
            } else {
                f.state = S::Disputed;
                f.due_on = None;
            }
            Event::Answered { agrees: *agrees, text: answer, late }
        }
        Command::ReportCorrection { text: report } => {
            let report = text("text", "纠正情况", report, 20_000, ErrorCode::Required)?;
            let late = match filing.state {
                S::PlanReceived => flag(&mut f, Late::Correction),
                _ => flag(&mut f, Late::Review),
            };
            f.state = S::Corrected;
            f.due_on = None;
            f.concluded_on = Some(today);
            Event::CorrectionReported { text: report, late }
        }
        Command::ProposeRevocation { reason } => {
            if let Some(due) = filing.due_on.filter(|due| today <= *due) {
                let what = if filing.state == S::OpinionSent { "回复审查意见" } else { "报告纠正情况" };
                return Err(Refusal::new(
                    ErrorCode::NotOverdue,
                    format!("制定机关{what}的期限至{}，期满未办或明确不同意后才能提请撤销。", zh(due)),
                ));
            }
            let reason = text("reason", "提请撤销的理由", reason, 20_000, ErrorCode::ReasonRequired)?;
            f.state = S::RevocationProposed;
            f.due_on = None;
            Event::RevocationProposed { maker: f.maker, number: f.number.clone(), reason }
        }
        Command::AskOpinion { committee } => {
            let committee = text("committee", "征求意见的专门委员会", committee, 100, ErrorCode::Required)?;
            if filing.opinions.iter().any(|o| o.awaited() && o.committee == committee) {
                return Err(Refusal::of(ErrorCode::CommitteeAlreadyAsked).at("committee"));
            }
            let due_on = committee_opinion_due(today, false, s);
            f.opinions.push(CommitteeOpinion {
                committee: committee.clone(),
                asked_on: today,
                due_on,
                extended: false,
                given_on: None,
            });
            Event::OpinionAsked { committee, due_on }
        }
        Command::ExtendOpinion { committee, reason } => {
            let i = awaited_opinion(filing, committee)?;
            if f.opinions[i].extended || s.committee_extension_days == 0 {
                return Err(Refusal::new(ErrorCode::ExtensionAtMaximum, "专门委员会的意见期限只能延长一次。"));
            }
            let reason = text("reason", "延期的理由", reason, 2_000, ErrorCode::ReasonRequired)?;
            let o = &mut f.opinions[i];
            o.extended = true;
            o.due_on = committee_opinion_due(o.asked_on, true, s);
            Event::OpinionExtended { committee: o.committee.clone(), reason, due_on: o.due_on }
        }
        Command::RecordOpinion { committee, text: opinion } => {
            let i = awaited_opinion(filing, committee)?;
            let opinion = text("text", "专门委员会的意见", opinion, 20_000, ErrorCode::CommentRequired)?;
            let late = today > f.opinions[i].due_on;
            if late {
                f.late.insert(Late::CommitteeOpinion);
            }
            let o = &mut f.opinions[i];
            o.given_on = Some(today);
            Event::OpinionRecorded { committee: o.committee.clone(), text: opinion, late }
        }
        Command::Decide { revoked } => {
            f.state = if *revoked { S::Revoked } else { S::NotRevoked };
            f.concluded_on = Some(today);
            Event::Decided { revoked: *revoked }
        }
    };
    Ok(Step { filing: f, event })
}

/// The index of the awaited opinion of `committee` (trimmed), or `no_such_committee_opinion`.
fn awaited_opinion(filing: &Filing, committee: &str) -> Result<usize, Refusal> {
    let committee = committee.trim();
    filing
        .opinions
        .iter()
        .position(|o| o.awaited() && o.committee == committee)
        .ok_or_else(|| Refusal::of(ErrorCode::NoSuchCommitteeOpinion).at("committee"))
}

/// An optional text, trimmed and bounded (`text_too_long`).
fn optional(field: &'static str, label: &str, raw: &str, max: usize) -> Result<String, Refusal> {
    if raw.trim().is_empty() { Ok(String::new()) } else { text(field, label, raw, max, ErrorCode::Required) }
}

/// 备案报告、起草说明
fn labels(items: &[Attachment]) -> String {
    items.iter().map(|a| a.label()).collect::<Vec<_>>().join("、")
}
