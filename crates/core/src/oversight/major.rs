//! Major matters (重大事项请示报告): before deliberating a major matter or holding a major
//! activity, the standing committee's party group requests instructions from (请示) or reports
//! to (报告) the party committee (DOMAIN.md, "Major matters"). A request needs a reply; a report
//! does not. Both are approved inside the standing committee before they are sent.
//!
//! ```text
//! 草稿 → 待审批 ─┬→ 已批准 → 已报送 ─→ 已批复   (请示: finished when replied)
//!    ↑           └→ 退回修改 ─┘ (resubmitted)        (报告: finished when sent)
//! ```
//!
//! Each sent item gets the next number of its kind in that year's register, e.g.
//! `2026-请示-003` ([`RegisterNumber`]); numbers are given when sending, so abandoned drafts
//! leave no gaps. Who may act at all (staff of the congress) is the policy's business; this
//! module says which of them does what: staff holding the grant keep the register
//! ([`party_of`]), and [`act`] gives one step whole — the facts, the columns it
//! fills and its audit action — for the store to apply.

use crate::ErrorCode;
use crate::liaison::{Refusal, required};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// 请示 or 报告.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatterKind {
    Request,
    Report,
}

impl MatterKind {
    pub const ALL: [MatterKind; 2] = [MatterKind::Request, MatterKind::Report];

    pub fn label(self) -> &'static str {
        match self {
            MatterKind::Request => "请示",
            MatterKind::Report => "报告",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            MatterKind::Request => "request",
            MatterKind::Report => "report",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn needs_reply(self) -> bool {
        self == MatterKind::Request
    }
}

/// A place in a year's register: `2026-请示-003`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RegisterNumber {
    pub year: i16,
    pub kind: MatterKind,
    pub seq: u32,
}

impl RegisterNumber {
    /// The number after `last` (the highest of this kind in `year`, if any).
    pub fn next(year: i16, kind: MatterKind, last: Option<u32>) -> Self {
        Self { year, kind, seq: last.map_or(1, |n| n + 1) }
    }

    pub fn parse(raw: &str) -> Result<Self, Refusal> {
        let err = || {
            Refusal::new(
                ErrorCode::BadRegisterNumber,
                format!("登记编号“{}”格式不正确，应如 2026-请示-003。", raw.trim()),
            )
        };
        let mut parts = raw.trim().split('-');
        let (Some(y), Some(k), Some(n), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(err());
        };
        let year = y.parse::<i16>().ok().filter(|y| (1949..=9999).contains(y)).ok_or_else(err)?;
        let kind = MatterKind::ALL.into_iter().find(|m| m.label() == k).ok_or_else(err)?;
        let all_digits = !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
        let seq = n.parse::<u32>().ok().filter(|s| all_digits && *s > 0).ok_or_else(err)?;
        Ok(Self { year, kind, seq })
    }
}

impl fmt::Display for RegisterNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{:03}", self.year, self.kind.label(), self.seq)
    }
}

/// Where a request or report is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatterState {
    Draft,
    Submitted,
    Returned,
    Approved,
    Sent,
    Replied,
}

impl MatterState {
    pub const ALL: [MatterState; 6] = [
        MatterState::Draft,
        MatterState::Submitted,
        MatterState::Returned,
        MatterState::Approved,
        MatterState::Sent,
        MatterState::Replied,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MatterState::Draft => "草稿",
            MatterState::Submitted => "待审批",
            MatterState::Returned => "退回修改",
            MatterState::Approved => "已批准",
            MatterState::Sent => "已报送",
            MatterState::Replied => "已批复",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            MatterState::Draft => "draft",
            MatterState::Submitted => "submitted",
            MatterState::Returned => "returned",
            MatterState::Approved => "approved",
            MatterState::Sent => "sent",
            MatterState::Replied => "replied",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// The participants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Staff who draft, send and record the reply.
    Drafter,
    /// Who approves inside the standing committee (its party group).
    Approver,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Drafter => "承办人员",
            Role::Approver => "审批人",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandKind {
    Edit,
    Submit,
    Approve,
    Return,
    Send,
    RecordReply,
}

impl CommandKind {
    pub const ALL: [CommandKind; 6] = [
        CommandKind::Edit,
        CommandKind::Submit,
        CommandKind::Approve,
        CommandKind::Return,
        CommandKind::Send,
        CommandKind::RecordReply,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CommandKind::Edit => "修改",
            CommandKind::Submit => "送审",
            CommandKind::Approve => "批准",
            CommandKind::Return => "退回修改",
            CommandKind::Send => "报送",
            CommandKind::RecordReply => "登记批复",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    Edit {
        subject: String,
        attachments: u32,
    },
    Submit,
    Approve,
    Return {
        reason: String,
    },
    /// Sent on `on` under the register number the store took for it.
    Send {
        on: Date,
        number: RegisterNumber,
    },
    RecordReply {
        on: Date,
        summary: String,
    },
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Edit { .. } => CommandKind::Edit,
            Command::Submit => CommandKind::Submit,
            Command::Approve => CommandKind::Approve,
            Command::Return { .. } => CommandKind::Return,
            Command::Send { .. } => CommandKind::Send,
            Command::RecordReply { .. } => CommandKind::RecordReply,
        }
    }
}

/// Who may give `command`, from which states, and where it leads (`None`: the state stays).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub command: CommandKind,
    pub by: Role,
    pub from: &'static [MatterState],
    pub to: Option<MatterState>,
}

use MatterState as S;

/// The machine. Every command appears exactly once.
pub const RULES: [Rule; 6] = [
    Rule { command: CommandKind::Edit, by: Role::Drafter, from: &[S::Draft, S::Returned], to: None },
    Rule { command: CommandKind::Submit, by: Role::Drafter, from: &[S::Draft, S::Returned], to: Some(S::Submitted) },
    Rule { command: CommandKind::Approve, by: Role::Approver, from: &[S::Submitted], to: Some(S::Approved) },
    Rule { command: CommandKind::Return, by: Role::Approver, from: &[S::Submitted], to: Some(S::Returned) },
    Rule { command: CommandKind::Send, by: Role::Drafter, from: &[S::Approved], to: Some(S::Sent) },
    Rule { command: CommandKind::RecordReply, by: Role::Drafter, from: &[S::Sent], to: Some(S::Replied) },
];

pub fn rule(kind: CommandKind) -> &'static Rule {
    RULES.iter().find(|r| r.command == kind).expect("every command has a rule (tested)")
}

pub const SUBJECT_MAX: usize = 100;

/// What the rules know about one request or report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub kind: MatterKind,
    pub state: MatterState,
    pub subject: String,
    pub attachments: u32,
    pub approved_on: Option<Date>,
    pub sent_on: Option<Date>,
    pub number: Option<RegisterNumber>,
    pub replied_on: Option<Date>,
    /// Times returned for revision.
    pub returns: u32,
}

impl Facts {
    pub fn draft(kind: MatterKind) -> Self {
        Facts {
            kind,
            state: MatterState::Draft,
            subject: String::new(),
            attachments: 0,
            approved_on: None,
            sent_on: None,
            number: None,
            replied_on: None,
            returns: 0,
        }
    }

    /// Nothing more is expected: a report once sent, a request once replied.
    pub fn is_finished(&self) -> bool {
        match self.kind {
            MatterKind::Report => self.state == MatterState::Sent,
            MatterKind::Request => self.state == MatterState::Replied,
        }
    }

    /// A request sent and not yet answered.
    pub fn awaiting_reply(&self) -> bool {
        self.kind.needs_reply() && self.state == MatterState::Sent
    }
}

/// Checks whether `role` may give `kind` now, without looking at a payload.
pub fn check(facts: &Facts, role: Role, kind: CommandKind) -> Result<(), Refusal> {
    let rule = rule(kind);
    if role != rule.by {
        return Err(Refusal::new(ErrorCode::NotPermitted, format!("{}不能执行“{}”。", role.label(), kind.label())));
    }
    if kind == CommandKind::RecordReply && !facts.kind.needs_reply() {
        return Err(Refusal::new(ErrorCode::ReportNeedsNoReply, "报告无需批复，报送即办结。"));
    }
    if !rule.from.contains(&facts.state) {
        return Err(Refusal::new(
            ErrorCode::WrongState,
            format!("该{}当前为“{}”，不能{}。", facts.kind.label(), facts.state.label(), kind.label()),
        ));
    }
    if kind == CommandKind::Submit && facts.subject.trim().is_empty() {
        return Err(Refusal::new(ErrorCode::SubjectRequired, format!("请先填写{}事项。", facts.kind.label())));
    }
    Ok(())
}

/// The commands `role` may give now: exactly the buttons to show.
pub fn permitted(facts: &Facts, role: Role) -> Vec<CommandKind> {
    CommandKind::ALL.into_iter().filter(|k| check(facts, role, *k).is_ok()).collect()
}

fn dated(on: Date, today: Date, not_before: Option<Date>, what: &str, after: &str) -> Result<(), Refusal> {
    if on > today {
        return Err(Refusal::new(ErrorCode::DateInFuture, format!("{what}不能晚于今天。")));
    }
    if not_before.is_some_and(|b| on < b) {
        return Err(Refusal::new(ErrorCode::DateOutOfOrder, format!("{what}不能早于{after}。")));
    }
    Ok(())
}

/// Applies one command on `today`. The caller stores the result; on `Err` nothing changes.
pub fn transition(facts: &Facts, role: Role, cmd: &Command, today: Date) -> Result<Facts, Refusal> {
    check(facts, role, cmd.kind())?;
    let mut f = facts.clone();
    match cmd {
        Command::Edit { subject, attachments } => {
            required(subject, ErrorCode::SubjectRequired, "事项")?;
            if subject.trim().chars().count() > SUBJECT_MAX {
                return Err(Refusal::new(ErrorCode::SubjectTooLong, format!("事项不能超过{SUBJECT_MAX}个字。")));
            }
            f.subject = subject.trim().to_owned();
            f.attachments = *attachments;
        }
        Command::Submit => {}
        Command::Approve => f.approved_on = Some(today),
        Command::Return { reason } => {
            required(reason, ErrorCode::ReasonRequired, "退回修改的理由")?;
            f.returns += 1;
        }
        Command::Send { on, number } => {
            dated(*on, today, f.approved_on, "报送日期", "批准日期")?;
            if number.kind != f.kind || number.year != on.year() {
                return Err(Refusal::new(
                    ErrorCode::NumberMismatch,
                    format!("登记编号{number}与{}年的{}不符。", on.year(), f.kind.label()),
                ));
            }
            f.sent_on = Some(*on);
            f.number = Some(*number);
        }
        Command::RecordReply { on, summary } => {
            required(summary, ErrorCode::ReplyRequired, "批复内容")?;
            dated(*on, today, f.sent_on, "批复日期", "报送日期")?;
            f.replied_on = Some(*on);
        }
    }
    if let Some(to) = rule(cmd.kind()).to {
        f.state = to;
    }
    Ok(f)
}

mod effect;
pub use effect::{
    BODY_MAX, CREATE_ACTION, Context, Draft, Effect, GRANT_MAJOR_MATTERS, GRANTS, GrantChange, Outcome, Party,
    REPLY_MAX, act, check_grant_code, create, grant, party_of, register_of,
};

#[cfg(test)]
mod tests;
