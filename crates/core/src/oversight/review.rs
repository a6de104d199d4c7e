//! Review opinions (审议意见) as data plus one transition function.
//!
//! After deliberating a report or an inspection, the standing committee's opinions go to the
//! body overseen (government, supervisory commission, court or procuratorate), which reports
//! back in writing on how it handled them (DOMAIN.md, "Oversight"):
//!
//! ```text
//! 起草中 → 主任会议已通过 → 已交办 → 已报送办理情况 → 委员会已提出意见 ─┬─ 办结 → 已办结
//!                            ↑     (deadline runs)                     ├─ 付表决 → 已表决 ─┬─ 满意: 办结
//!                            │                                         │                  └─ 不满意 ─┐
//!                            └──────────── 跟踪监督 (a new deadline) ←─┴─────────────────────────────┘
//! ```
//!
//! The deadline is a congress setting of 2 to 6 months ([`ReviewSettings`]), counted in
//! calendar months with [`add_months`]. An unsatisfied vote cannot simply be closed: the
//! 主任会议 orders follow-up oversight. Publication is a flag beside the state: never for a draft
//! or an opinion not yet sent; deputies see every sent one whether published or not.

use crate::ErrorCode;
use crate::calendar::add_months;
use crate::ids::OrgId;
use crate::liaison::{Refusal, required};
use crate::oversight::OversightForm;
use crate::policy::{Denied, Role as PolicyRole};
use crate::text::bounded;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where a review opinion is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    Drafted,
    Approved,
    Sent,
    Reported,
    Commented,
    Voting,
    Voted,
    Closed,
}

impl ReviewState {
    pub const ALL: [ReviewState; 8] = [
        ReviewState::Drafted,
        ReviewState::Approved,
        ReviewState::Sent,
        ReviewState::Reported,
        ReviewState::Commented,
        ReviewState::Voting,
        ReviewState::Voted,
        ReviewState::Closed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ReviewState::Drafted => "起草中",
            ReviewState::Approved => "主任会议已通过",
            ReviewState::Sent => "已交办",
            ReviewState::Reported => "已报送办理情况",
            ReviewState::Commented => "委员会已提出意见",
            ReviewState::Voting => "付表决",
            ReviewState::Voted => "已表决",
            ReviewState::Closed => "已办结",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ReviewState::Drafted => "drafted",
            ReviewState::Approved => "approved",
            ReviewState::Sent => "sent",
            ReviewState::Reported => "reported",
            ReviewState::Commented => "commented",
            ReviewState::Voting => "voting",
            ReviewState::Voted => "voted",
            ReviewState::Closed => "closed",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    /// Sent to the body: deputies see it, and it may be published.
    pub fn is_sent(self) -> bool {
        self >= ReviewState::Sent
    }
}

/// The result of the standing committee's vote on a handling report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteResult {
    Satisfied,
    Unsatisfied,
}

impl VoteResult {
    pub const ALL: [VoteResult; 2] = [VoteResult::Satisfied, VoteResult::Unsatisfied];

    pub fn code(self) -> &'static str {
        match self {
            VoteResult::Satisfied => "satisfied",
            VoteResult::Unsatisfied => "unsatisfied",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            VoteResult::Satisfied => "满意",
            VoteResult::Unsatisfied => "不满意",
        }
    }
}

/// A congress's setting: months the body has to report on its handling (2 to 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct ReviewSettings {
    report_months: i32,
}

impl ReviewSettings {
    pub const MIN_MONTHS: i32 = 2;
    pub const MAX_MONTHS: i32 = 6;
    /// Our default inside DOMAIN.md's range; each congress sets its own.
    pub const DEFAULT_MONTHS: i32 = 3;

    pub fn new(report_months: i32) -> Result<Self, Refusal> {
        if !(Self::MIN_MONTHS..=Self::MAX_MONTHS).contains(&report_months) {
            return Err(Refusal::new(
                ErrorCode::ReportMonthsOutOfRange,
                format!(
                    "审议意见办理期限应为{}至{}个月（现为{report_months}个月）。",
                    Self::MIN_MONTHS,
                    Self::MAX_MONTHS
                ),
            ));
        }
        Ok(Self { report_months })
    }

    pub fn report_months(self) -> i32 {
        self.report_months
    }

    /// The report is due this many months after `sent_on`.
    pub fn due(self, sent_on: Date) -> Date {
        add_months(sent_on, self.report_months)
    }
}

impl Default for ReviewSettings {
    fn default() -> Self {
        Self { report_months: Self::DEFAULT_MONTHS }
    }
}

impl TryFrom<i32> for ReviewSettings {
    type Error = Refusal;
    fn try_from(m: i32) -> Result<Self, Refusal> {
        Self::new(m)
    }
}

impl From<ReviewSettings> for i32 {
    fn from(s: ReviewSettings) -> i32 {
        s.report_months
    }
}

/// The participants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The special committee or working body in charge: drafts, comments on the report.
    Committee,
    /// 主任会议: approves, puts to the vote, orders follow-up, closes.
    DirectorsMeeting,
    /// The standing committee's office: sends, records the vote, publishes.
    Office,
    /// The body overseen.
    Body,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Committee => "专门委员会（工作机构）",
            Role::DirectorsMeeting => "主任会议",
            Role::Office => "办公室",
            Role::Body => "被监督单位",
        }
    }
}

/// How the one giving a command stands to this review opinion (the committee, the directors'
/// meeting, the office, the body overseen); the body is identified so the core can check it is
/// the one overseen. Not to be confused with `renda_store::Actor`, who acts (an account and
/// its role).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", content = "id", rename_all = "snake_case")]
pub enum Standing {
    Committee,
    DirectorsMeeting,
    Office,
    Body(OrgId),
}

impl Standing {
    pub fn role(self) -> Role {
        match self {
            Standing::Committee => Role::Committee,
            Standing::DirectorsMeeting => Role::DirectorsMeeting,
            Standing::Office => Role::Office,
            Standing::Body(_) => Role::Body,
        }
    }
}

/// The commands, without their payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandKind {
    Approve,
    Send,
    SubmitReport,
    Comment,
    PutToVote,
    RecordVote,
    OrderFollowUp,
    Close,
    Publish,
}

impl CommandKind {
    pub const ALL: [CommandKind; 9] = [
        CommandKind::Approve,
        CommandKind::Send,
        CommandKind::SubmitReport,
        CommandKind::Comment,
        CommandKind::PutToVote,
        CommandKind::RecordVote,
        CommandKind::OrderFollowUp,
        CommandKind::Close,
        CommandKind::Publish,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CommandKind::Approve => "主任会议通过",
            CommandKind::Send => "交办",
            CommandKind::SubmitReport => "报送研究处理情况",
            CommandKind::Comment => "提出意见",
            CommandKind::PutToVote => "付表决",
            CommandKind::RecordVote => "登记表决结果",
            CommandKind::OrderFollowUp => "跟踪监督",
            CommandKind::Close => "办结",
            CommandKind::Publish => "公开",
        }
    }

    /// The stable snake_case name: the audit action `review.<code>`.
    pub fn code(self) -> &'static str {
        match self {
            CommandKind::Approve => "approve",
            CommandKind::Send => "send",
            CommandKind::SubmitReport => "submit_report",
            CommandKind::Comment => "comment",
            CommandKind::PutToVote => "put_to_vote",
            CommandKind::RecordVote => "record_vote",
            CommandKind::OrderFollowUp => "order_follow_up",
            CommandKind::Close => "close",
            CommandKind::Publish => "publish",
        }
    }
}

/// A command with its payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    Approve,
    /// Sent on `on` (entered later than the day, so not necessarily today).
    Send {
        on: Date,
    },
    SubmitReport,
    Comment {
        text: String,
    },
    PutToVote,
    RecordVote {
        result: VoteResult,
    },
    /// Ordered on `on`: the body reports again within the setting's months from then.
    OrderFollowUp {
        on: Date,
        reason: String,
    },
    Close,
    Publish,
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Approve => CommandKind::Approve,
            Command::Send { .. } => CommandKind::Send,
            Command::SubmitReport => CommandKind::SubmitReport,
            Command::Comment { .. } => CommandKind::Comment,
            Command::PutToVote => CommandKind::PutToVote,
            Command::RecordVote { .. } => CommandKind::RecordVote,
            Command::OrderFollowUp { .. } => CommandKind::OrderFollowUp,
            Command::Close => CommandKind::Close,
            Command::Publish => CommandKind::Publish,
        }
    }
}

/// Who may give `command`, from which states, and where it leads (`None`: the state stays).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub command: CommandKind,
    pub by: Role,
    pub from: &'static [ReviewState],
    pub to: Option<ReviewState>,
}

use ReviewState as S;

const SENT_ON: &[ReviewState] = &[S::Sent, S::Reported, S::Commented, S::Voting, S::Voted, S::Closed];

/// The machine. Every command appears exactly once.
pub const RULES: [Rule; 9] = [
    Rule { command: CommandKind::Approve, by: Role::DirectorsMeeting, from: &[S::Drafted], to: Some(S::Approved) },
    Rule { command: CommandKind::Send, by: Role::Office, from: &[S::Approved], to: Some(S::Sent) },
    Rule { command: CommandKind::SubmitReport, by: Role::Body, from: &[S::Sent], to: Some(S::Reported) },
    Rule { command: CommandKind::Comment, by: Role::Committee, from: &[S::Reported], to: Some(S::Commented) },
    Rule { command: CommandKind::PutToVote, by: Role::DirectorsMeeting, from: &[S::Commented], to: Some(S::Voting) },
    Rule { command: CommandKind::RecordVote, by: Role::Office, from: &[S::Voting], to: Some(S::Voted) },
    Rule {
        command: CommandKind::OrderFollowUp,
        by: Role::DirectorsMeeting,
        from: &[S::Commented, S::Voted],
        to: Some(S::Sent),
    },
    Rule {
        command: CommandKind::Close,
        by: Role::DirectorsMeeting,
        from: &[S::Commented, S::Voted],
        to: Some(S::Closed),
    },
    Rule { command: CommandKind::Publish, by: Role::Office, from: SENT_ON, to: None },
];

pub fn rule(kind: CommandKind) -> &'static Rule {
    RULES.iter().find(|r| r.command == kind).expect("every command has a rule (tested)")
}

/// What the rules know about one review opinion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub state: ReviewState,
    /// The body overseen.
    pub body: OrgId,
    pub approved_on: Option<Date>,
    /// When it was sent, or when follow-up oversight was last ordered.
    pub sent_on: Option<Date>,
    pub due_on: Option<Date>,
    pub reported_on: Option<Date>,
    pub vote: Option<VoteResult>,
    /// Rounds of follow-up oversight ordered.
    pub follow_ups: u32,
    /// On the portal (deputies see every sent opinion regardless).
    pub published: bool,
}

impl Facts {
    pub fn drafted(body: OrgId) -> Self {
        Facts {
            state: ReviewState::Drafted,
            body,
            approved_on: None,
            sent_on: None,
            due_on: None,
            reported_on: None,
            vote: None,
            follow_ups: 0,
            published: false,
        }
    }

    /// Days left until the handling report is due (negative when overdue); `None` unless the
    /// body has it.
    pub fn days_left(&self, today: Date) -> Option<i32> {
        if self.state != ReviewState::Sent {
            return None;
        }
        self.due_on.map(|due| (due - today).get_days())
    }

    /// Sent, and no handling report by the end of the due date.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.days_left(today).is_some_and(|d| d < 0)
    }

    /// The report came in after the due date.
    pub fn reported_late(&self) -> bool {
        self.reported_on.zip(self.due_on).is_some_and(|(r, d)| r > d)
    }
}

/// The context a decision needs besides the facts.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    pub today: Date,
    pub settings: ReviewSettings,
}

/// Checks whether `standing` may give `kind` now, without looking at a payload.
pub fn check(facts: &Facts, standing: Standing, kind: CommandKind) -> Result<(), Refusal> {
    let rule = rule(kind);
    if standing.role() != rule.by {
        return Err(Refusal::new(
            ErrorCode::NotPermitted,
            format!("{}不能对此审议意见执行“{}”。", standing.role().label(), kind.label()),
        ));
    }
    if let Standing::Body(body) = standing
        && body != facts.body
    {
        return Err(Refusal::new(ErrorCode::NotTheBodyOverseen, "该审议意见不是交由贵单位研究处理的。"));
    }
    if !rule.from.contains(&facts.state) {
        return Err(Refusal::new(
            ErrorCode::WrongState,
            format!("审议意见当前为“{}”，不能{}。", facts.state.label(), kind.label()),
        ));
    }
    match kind {
        CommandKind::Publish if facts.published => {
            Err(Refusal::new(ErrorCode::AlreadyPublished, "该审议意见已经公开。"))
        }
        CommandKind::Close if facts.vote == Some(VoteResult::Unsatisfied) => Err(Refusal::new(
            ErrorCode::UnsatisfiedVoteNeedsFollowUp,
            "表决结果为不满意，应责成重新研究处理并跟踪监督，不能直接办结。",
        )),
        _ => Ok(()),
    }
}

/// The commands `standing` may give now: exactly the buttons to show.
pub fn permitted(facts: &Facts, standing: Standing) -> Vec<CommandKind> {
    CommandKind::ALL.into_iter().filter(|k| check(facts, standing, *k).is_ok()).collect()
}

fn not_in_future(on: Date, today: Date, what: &str) -> Result<(), Refusal> {
    if on > today {
        return Err(Refusal::new(ErrorCode::DateInFuture, format!("{what}不能晚于今天。")));
    }
    Ok(())
}

/// Who a user is to a review opinion of `congress` when giving a command of `kind`: a unit is
/// the body (the policy lets only the body it was sent to through), the staff of its own
/// congress record what the committee, the 主任会议 or the office decided — the command says
/// which. Anyone else gives no command on it.
pub fn standing_of(role: PolicyRole, congress: OrgId, kind: CommandKind) -> Result<Standing, Denied> {
    match role {
        PolicyRole::Unit { unit } => Ok(Standing::Body(unit)),
        PolicyRole::Staff { congress: c } if c == congress => Ok(match rule(kind).by {
            Role::Committee => Standing::Committee,
            Role::DirectorsMeeting => Standing::DirectorsMeeting,
            Role::Office | Role::Body => Standing::Office,
        }),
        _ => Err(Denied {
            message: "只有本级人大工作人员或被监督单位可以办理该审议意见。".into()
        }),
    }
}

/// A new review opinion on an item of `form` overseeing `body`: its facts and its text,
/// trimmed, or why not.
pub fn draft(form: OversightForm, body: Option<OrgId>, text: &str) -> Result<(Facts, String), Refusal> {
    if !form.yields_review_opinions() {
        return Err(Refusal::new(ErrorCode::InvalidInput, format!("“{}”不形成审议意见", form.label())).at("item"));
    }
    let body = body.ok_or_else(|| Refusal::invalid("body", "该监督事项没有被监督单位"))?;
    Ok((Facts::drafted(body), bounded("text", "审议意见", text, 1, 20_000)?))
}

/// The texts a command writes beside the facts, trimmed; `None` leaves a text as it was.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Texts {
    /// The body's handling report (研究处理情况报告).
    pub report: Option<String>,
    /// The committee's comment on it.
    pub comment: Option<String>,
    /// What the follow-up is to look at (跟踪监督事项).
    pub follow_up_reason: Option<String>,
}

/// What one command leaves: the facts and the texts to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub facts: Facts,
    pub texts: Texts,
}

/// One command, whole: the facts it leaves ([`next_facts`]) and the texts it writes, checked.
/// `report` is the handling report's text, required with [`Command::SubmitReport`]. The
/// caller stores the outcome; on `Err` nothing changes.
pub fn transition(
    facts: &Facts,
    standing: Standing,
    cmd: &Command,
    report: Option<&str>,
    cx: &Context,
) -> Result<Outcome, Refusal> {
    let facts = next_facts(facts, standing, cmd, cx)?;
    let texts = match cmd {
        Command::SubmitReport => Texts {
            report: Some(bounded("report", "研究处理情况报告", report.unwrap_or(""), 1, 20_000)?),
            ..Texts::default()
        },
        Command::Comment { text } => {
            Texts { comment: Some(bounded("comment", "委员会意见", text, 0, 5_000)?), ..Texts::default() }
        }
        Command::OrderFollowUp { reason, .. } => Texts {
            follow_up_reason: Some(bounded("reason", "跟踪监督事项", reason, 0, 2_000)?),
            ..Texts::default()
        },
        _ => Texts::default(),
    };
    Ok(Outcome { facts, texts })
}

/// The facts one command leaves, or why it is refused.
pub fn next_facts(facts: &Facts, standing: Standing, cmd: &Command, cx: &Context) -> Result<Facts, Refusal> {
    check(facts, standing, cmd.kind())?;
    let mut f = facts.clone();
    match cmd {
        Command::Approve => f.approved_on = Some(cx.today),
        Command::Send { on } => {
            not_in_future(*on, cx.today, "交办日期")?;
            if f.approved_on.is_some_and(|a| *on < a) {
                return Err(Refusal::new(ErrorCode::SentBeforeApproval, "交办日期不能早于主任会议通过的日期。"));
            }
            f.sent_on = Some(*on);
            f.due_on = Some(cx.settings.due(*on));
        }
        Command::SubmitReport => f.reported_on = Some(cx.today),
        Command::Comment { text } => required(text, ErrorCode::CommentRequired, "委员会的意见")?,
        Command::PutToVote => {}
        Command::RecordVote { result } => f.vote = Some(*result),
        Command::OrderFollowUp { on, reason } => {
            required(reason, ErrorCode::ReasonRequired, "跟踪监督的事项")?;
            not_in_future(*on, cx.today, "跟踪监督的决定日期")?;
            if f.reported_on.is_some_and(|r| *on < r) {
                return Err(Refusal::new(
                    ErrorCode::FollowUpBeforeReport,
                    "跟踪监督的决定日期不能早于报送办理情况的日期。",
                ));
            }
            f.sent_on = Some(*on);
            f.due_on = Some(cx.settings.due(*on));
            f.reported_on = None;
            f.vote = None;
            f.follow_ups += 1;
        }
        Command::Close => {}
        Command::Publish => f.published = true,
    }
    if let Some(to) = rule(cmd.kind()).to {
        f.state = to;
    }
    Ok(f)
}

#[cfg(test)]
mod tests;
