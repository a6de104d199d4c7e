//! A citizen's opinion (群众意见) as data plus one transition function.
//!
//! An opinion is received — left online by a citizen or recorded by staff at a reception — and
//! staff sort it one of four ways (DOMAIN.md, "Liaison stations and the public"):
//!
//! ```text
//! 已登记 ─┬─ 当场答复 ───────────────────────────┬─ (评价) ─ 已办结
//!         ├─ 转交办理 ─ 单位已答复 ─ 已反馈 ──────┘
//!         │      └── (单位退回) → 已登记
//!         ├─ 转为代表建议   (final; carries the suggestion's id)
//!         └─ 不予受理       (final; carries the reason and where to turn instead)
//! ```
//!
//! [`RULES`] says, for every command, who may give it and from which states, and where it
//! leads: it is the machine. [`check`] reads it (plus the guards no table can hold: the right
//! receipt code, the right unit, one rating only); [`permitted`] is the list of buttons;
//! [`standing_of`] says how a user stands to an opinion (its congress's staff, the unit it went
//! to); [`transition`] applies one command or refuses it, leaving the facts untouched: it checks
//! what the command names as the store found it ([`Context`]: a handling unit of the opinion's
//! own congress, a suggestion of the same congress), bounds and trims its text, and returns the
//! [`Outcome`]: the new facts and the text columns it fills ([`Effect`]). The public form's
//! checks before an opinion exists are here too ([`congress_of_station`], [`check_flood`]).

use crate::ErrorCode;
use crate::ids::OrgId;
use crate::liaison::receipt::ReceiptCode;
use crate::liaison::{Refusal, required};
use crate::org::OrgKind;
use crate::policy::{Denied, Role as UserRole};
use crate::suggestion::Satisfaction;
use crate::text::bounded;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where an opinion is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpinionState {
    Received,
    AnsweredOnSpot,
    Forwarded,
    UnitAnswered,
    FedBack,
    Closed,
    Converted,
    Rejected,
}

impl OpinionState {
    pub const ALL: [OpinionState; 8] = [
        OpinionState::Received,
        OpinionState::AnsweredOnSpot,
        OpinionState::Forwarded,
        OpinionState::UnitAnswered,
        OpinionState::FedBack,
        OpinionState::Closed,
        OpinionState::Converted,
        OpinionState::Rejected,
    ];

    pub fn label(self) -> &'static str {
        match self {
            OpinionState::Received => "已登记",
            OpinionState::AnsweredOnSpot => "当场答复",
            OpinionState::Forwarded => "转交办理",
            OpinionState::UnitAnswered => "单位已答复",
            OpinionState::FedBack => "已反馈",
            OpinionState::Closed => "已办结",
            OpinionState::Converted => "转为代表建议",
            OpinionState::Rejected => "不予受理",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            OpinionState::Received => "received",
            OpinionState::AnsweredOnSpot => "answered_on_spot",
            OpinionState::Forwarded => "forwarded",
            OpinionState::UnitAnswered => "unit_answered",
            OpinionState::FedBack => "fed_back",
            OpinionState::Closed => "closed",
            OpinionState::Converted => "converted",
            OpinionState::Rejected => "rejected",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    /// The citizen has an answer (and may rate it).
    pub fn has_answer(self) -> bool {
        matches!(self, OpinionState::AnsweredOnSpot | OpinionState::FedBack | OpinionState::Closed)
    }

    /// Nothing more happens to it.
    pub fn is_final(self) -> bool {
        matches!(self, OpinionState::Closed | OpinionState::Converted | OpinionState::Rejected)
    }
}

/// How the opinion reached the station.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Left by the citizen on the public page (e.g. after scanning a station's QR code).
    Online,
    /// Recorded by staff at a reception (接待日).
    Reception,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Online, Channel::Reception];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::Reception => "reception",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Online => "网上留言",
            Channel::Reception => "接待登记",
        }
    }
}

/// Why an opinion is not accepted, and where the citizen should turn instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectionReason {
    /// Under litigation, administrative review or arbitration.
    InProceedings,
    /// A specific legal case (涉法涉诉).
    JudicialCase,
    OutsideAuthority,
    Duplicate,
    NoSubstance,
    /// Another reason, written out in the note.
    Other,
}

impl RejectionReason {
    pub const ALL: [RejectionReason; 6] = [
        RejectionReason::InProceedings,
        RejectionReason::JudicialCase,
        RejectionReason::OutsideAuthority,
        RejectionReason::Duplicate,
        RejectionReason::NoSubstance,
        RejectionReason::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RejectionReason::InProceedings => "已进入诉讼、行政复议或仲裁程序",
            RejectionReason::JudicialCase => "涉法涉诉事项",
            RejectionReason::OutsideAuthority => "不属于本级人大职权范围",
            RejectionReason::Duplicate => "重复反映",
            RejectionReason::NoSubstance => "内容不具体",
            RejectionReason::Other => "其他原因",
        }
    }

    /// What the citizen is told to do instead; `None` for [`RejectionReason::Other`], whose
    /// note says it.
    pub fn redirect(self) -> Option<&'static str> {
        match self {
            RejectionReason::InProceedings => {
                Some("该事项已进入诉讼、行政复议或仲裁程序，请依照相应程序向受理的人民法院、复议机关或仲裁机构反映。")
            }
            RejectionReason::JudicialCase => {
                Some("涉法涉诉事项请依法向人民法院、人民检察院反映，或通过信访渠道依法提出。")
            }
            RejectionReason::OutsideAuthority => Some("该事项不属于本级人大职权范围，请向有关主管部门或信访部门反映。"),
            RejectionReason::Duplicate => Some("该意见此前已登记办理，请使用原回执码查询办理情况。"),
            RejectionReason::NoSubstance => Some("意见内容不够具体，无法办理，欢迎补充具体情况后重新提出。"),
            RejectionReason::Other => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            RejectionReason::InProceedings => "in_proceedings",
            RejectionReason::JudicialCase => "judicial_case",
            RejectionReason::OutsideAuthority => "outside_authority",
            RejectionReason::Duplicate => "duplicate",
            RejectionReason::NoSubstance => "no_substance",
            RejectionReason::Other => "other",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// How staff brought the unit's answer to the citizen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackMethod {
    /// Shown under the receipt code only.
    Online,
    Phone,
    InPerson,
    Letter,
}

impl FeedbackMethod {
    pub const ALL: [FeedbackMethod; 4] =
        [FeedbackMethod::Online, FeedbackMethod::Phone, FeedbackMethod::InPerson, FeedbackMethod::Letter];

    pub fn code(self) -> &'static str {
        match self {
            FeedbackMethod::Online => "online",
            FeedbackMethod::Phone => "phone",
            FeedbackMethod::InPerson => "in_person",
            FeedbackMethod::Letter => "letter",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            FeedbackMethod::Online => "回执码查询",
            FeedbackMethod::Phone => "电话告知",
            FeedbackMethod::InPerson => "当面告知",
            FeedbackMethod::Letter => "书面告知",
        }
    }
}

/// The id of the suggestion an opinion became (a suggestion row's id: `ids` has no typed id
/// for suggestions yet). The suggestion links back through the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SuggestionRef(pub i64);

/// The kinds of participant in the lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Whoever holds the opinion's receipt code.
    Citizen,
    /// Staff of the station's congress.
    Staff,
    /// The unit the opinion was forwarded to.
    Unit,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Citizen => "群众",
            Role::Staff => "工作人员",
            Role::Unit => "承办单位",
        }
    }
}

/// How the one giving a command stands to this opinion (its citizen by the receipt code, the
/// staff of its congress, the unit it was forwarded to), with what identifies them: the core
/// checks the receipt code and the unit itself, so the store cannot forget to. Not to be
/// confused with `renda_store::Actor`, who acts (an account and its role).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", content = "id", rename_all = "snake_case")]
pub enum Standing {
    Citizen(ReceiptCode),
    Staff,
    Unit(OrgId),
}

impl Standing {
    pub fn role(self) -> Role {
        match self {
            Standing::Citizen(_) => Role::Citizen,
            Standing::Staff => Role::Staff,
            Standing::Unit(_) => Role::Unit,
        }
    }
}

/// The commands, without their payload: what buttons to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandKind {
    AnswerOnSpot,
    Forward,
    ConvertToSuggestion,
    Reject,
    UnitAnswer,
    UnitReturn,
    FeedBack,
    Rate,
    Close,
}

impl CommandKind {
    pub const ALL: [CommandKind; 9] = [
        CommandKind::AnswerOnSpot,
        CommandKind::Forward,
        CommandKind::ConvertToSuggestion,
        CommandKind::Reject,
        CommandKind::UnitAnswer,
        CommandKind::UnitReturn,
        CommandKind::FeedBack,
        CommandKind::Rate,
        CommandKind::Close,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CommandKind::AnswerOnSpot => "当场答复",
            CommandKind::Forward => "转交办理",
            CommandKind::ConvertToSuggestion => "转为代表建议",
            CommandKind::Reject => "不予受理",
            CommandKind::UnitAnswer => "答复",
            CommandKind::UnitReturn => "退回",
            CommandKind::FeedBack => "反馈群众",
            CommandKind::Rate => "评价",
            CommandKind::Close => "办结",
        }
    }

    /// The stable snake_case name (the API's `command` and the pages' notices).
    pub fn code(self) -> &'static str {
        match self {
            CommandKind::AnswerOnSpot => "answer_on_spot",
            CommandKind::Forward => "forward",
            CommandKind::ConvertToSuggestion => "convert_to_suggestion",
            CommandKind::Reject => "reject",
            CommandKind::UnitAnswer => "unit_answer",
            CommandKind::UnitReturn => "unit_return",
            CommandKind::FeedBack => "feed_back",
            CommandKind::Rate => "rate",
            CommandKind::Close => "close",
        }
    }

    /// The audit entry's action: `opinion.` and [`CommandKind::code`] (hashed into the chain:
    /// never change one).
    pub fn action(self) -> String {
        format!("opinion.{}", self.code())
    }
}

/// A command with its payload. Texts (answers, notes) are kept by the store; the rules only
/// require them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Answered at the reception, or directly by staff for an online one.
    AnswerOnSpot {
        answer: String,
    },
    Forward {
        unit: OrgId,
        due: Date,
    },
    ConvertToSuggestion {
        suggestion: SuggestionRef,
    },
    Reject {
        reason: RejectionReason,
        note: String,
    },
    UnitAnswer {
        answer: String,
    },
    /// The unit says the matter is not its own; staff sort the opinion again.
    UnitReturn {
        reason: String,
    },
    FeedBack {
        method: FeedbackMethod,
    },
    Rate {
        rating: Satisfaction,
        comment: String,
    },
    Close,
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::AnswerOnSpot { .. } => CommandKind::AnswerOnSpot,
            Command::Forward { .. } => CommandKind::Forward,
            Command::ConvertToSuggestion { .. } => CommandKind::ConvertToSuggestion,
            Command::Reject { .. } => CommandKind::Reject,
            Command::UnitAnswer { .. } => CommandKind::UnitAnswer,
            Command::UnitReturn { .. } => CommandKind::UnitReturn,
            Command::FeedBack { .. } => CommandKind::FeedBack,
            Command::Rate { .. } => CommandKind::Rate,
            Command::Close => CommandKind::Close,
        }
    }
}

/// One edge set of the machine: who may give `command`, from which states, and where it leads
/// (`None`: the state stays).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub command: CommandKind,
    pub by: Role,
    pub from: &'static [OpinionState],
    pub to: Option<OpinionState>,
}

use OpinionState as S;

/// The machine. Every command appears exactly once.
pub const RULES: [Rule; 9] = [
    Rule { command: CommandKind::AnswerOnSpot, by: Role::Staff, from: &[S::Received], to: Some(S::AnsweredOnSpot) },
    Rule { command: CommandKind::Forward, by: Role::Staff, from: &[S::Received], to: Some(S::Forwarded) },
    Rule { command: CommandKind::ConvertToSuggestion, by: Role::Staff, from: &[S::Received], to: Some(S::Converted) },
    Rule { command: CommandKind::Reject, by: Role::Staff, from: &[S::Received], to: Some(S::Rejected) },
    Rule { command: CommandKind::UnitAnswer, by: Role::Unit, from: &[S::Forwarded], to: Some(S::UnitAnswered) },
    Rule { command: CommandKind::UnitReturn, by: Role::Unit, from: &[S::Forwarded], to: Some(S::Received) },
    Rule { command: CommandKind::FeedBack, by: Role::Staff, from: &[S::UnitAnswered], to: Some(S::FedBack) },
    Rule { command: CommandKind::Rate, by: Role::Citizen, from: &[S::AnsweredOnSpot, S::FedBack], to: None },
    Rule { command: CommandKind::Close, by: Role::Staff, from: &[S::AnsweredOnSpot, S::FedBack], to: Some(S::Closed) },
];

/// The rule for a command.
pub fn rule(kind: CommandKind) -> &'static Rule {
    RULES.iter().find(|r| r.command == kind).expect("every command has a rule (tested)")
}

/// What the rules know about one opinion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub state: OpinionState,
    pub channel: Channel,
    pub receipt: ReceiptCode,
    pub received_on: Date,
    /// The unit it is (or was last) forwarded to.
    pub forwarded_to: Option<OrgId>,
    pub forwarded_on: Option<Date>,
    pub due_on: Option<Date>,
    /// When the answer was given: on the spot, or by the unit.
    pub answered_on: Option<Date>,
    pub fed_back_on: Option<Date>,
    pub feedback_method: Option<FeedbackMethod>,
    pub rating: Option<Satisfaction>,
    pub suggestion: Option<SuggestionRef>,
    pub rejection: Option<RejectionReason>,
    /// Times a unit returned it.
    pub returns: u32,
}

impl Facts {
    /// A newly received opinion.
    pub fn received(channel: Channel, receipt: ReceiptCode, on: Date) -> Self {
        Facts {
            state: OpinionState::Received,
            channel,
            receipt,
            received_on: on,
            forwarded_to: None,
            forwarded_on: None,
            due_on: None,
            answered_on: None,
            fed_back_on: None,
            feedback_method: None,
            rating: None,
            suggestion: None,
            rejection: None,
            returns: 0,
        }
    }

    /// Days left until the unit's answer is due (negative when overdue); `None` unless a unit
    /// has it.
    pub fn days_left(&self, today: Date) -> Option<i32> {
        if self.state != OpinionState::Forwarded {
            return None;
        }
        self.due_on.map(|due| (due - today).get_days())
    }

    /// Forwarded and not answered by the end of the due date.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.days_left(today).is_some_and(|d| d < 0)
    }
}

/// Checks whether `standing` may give `kind` now, without looking at a payload. `Err` says why not.
pub fn check(facts: &Facts, standing: Standing, kind: CommandKind) -> Result<(), Refusal> {
    let rule = rule(kind);
    if standing.role() != rule.by {
        return Err(Refusal::new(
            ErrorCode::NotPermitted,
            format!("{}不能对此意见执行“{}”。", standing.role().label(), kind.label()),
        ));
    }
    match standing {
        Standing::Citizen(code) if code != facts.receipt => {
            return Err(Refusal::new(ErrorCode::ReceiptMismatch, "回执码与该意见不符。"));
        }
        Standing::Unit(unit) if facts.forwarded_to != Some(unit) => {
            return Err(Refusal::new(ErrorCode::NotForwardedToUnit, "该意见未转交贵单位办理。"));
        }
        _ => {}
    }
    if !rule.from.contains(&facts.state) {
        return Err(Refusal::new(
            ErrorCode::WrongState,
            format!("意见当前为“{}”，不能{}。", facts.state.label(), kind.label()),
        ));
    }
    if kind == CommandKind::Rate && facts.rating.is_some() {
        return Err(Refusal::new(ErrorCode::AlreadyRated, "您已评价过，每条意见只能评价一次。"));
    }
    Ok(())
}

/// The commands `standing` may give now: exactly the buttons to show.
pub fn permitted(facts: &Facts, standing: Standing) -> Vec<CommandKind> {
    CommandKind::ALL.into_iter().filter(|k| check(facts, standing, *k).is_ok()).collect()
}

/// The most opinions one address may leave through the public form in an hour.
pub const PUBLIC_PER_HOUR: i64 = 5;

/// The longest answer (on the spot or by the unit), in characters.
pub const ANSWER_MAX: usize = 4000;
/// The longest note (a rejection's, or a unit's reason for returning it), in characters.
pub const NOTE_MAX: usize = 1000;
/// The longest comment with a citizen's rating, in characters.
pub const COMMENT_MAX: usize = 500;

/// The congress an opinion left at the organisation of `kind` under `parent` belongs to: only
/// a liaison station receives opinions, for the congress it sits under.
pub fn congress_of_station(kind: OrgKind, parent: Option<OrgId>) -> Result<OrgId, Refusal> {
    match (kind, parent) {
        (OrgKind::LiaisonStation, Some(congress)) => Ok(congress),
        _ => Err(Refusal::new(ErrorCode::NotFound, "未找到该联络站")),
    }
}

/// Refuses one more opinion from an address that left `recent` in the past hour through the
/// public form, from [`PUBLIC_PER_HOUR`] on.
pub fn check_flood(recent: i64) -> Result<(), Refusal> {
    if recent >= PUBLIC_PER_HOUR {
        return Err(Refusal::new(
            ErrorCode::TooManyOpinions,
            format!("同一网络一小时内最多提交{PUBLIC_PER_HOUR}条意见，请稍后再试，或到联络站当面反映。"),
        ));
    }
    Ok(())
}

/// How `role` stands to the opinion of `congress` forwarded to `forwarded_to` when handling
/// it, if at all: the staff of its own congress (staff of the congresses above only read), or
/// the unit it is forwarded to. The citizen stands by the receipt code, not by an account.
pub fn standing_of(role: UserRole, congress: OrgId, forwarded_to: Option<OrgId>) -> Option<Standing> {
    match role {
        UserRole::Staff { congress: c } if c == congress => Some(Standing::Staff),
        UserRole::Unit { unit } if forwarded_to == Some(unit) => Some(Standing::Unit(unit)),
        _ => None,
    }
}

/// [`standing_of`], or the refusal of one who does not handle the opinion.
pub fn handler(role: UserRole, congress: OrgId, forwarded_to: Option<OrgId>) -> Result<Standing, Denied> {
    standing_of(role, congress, forwarded_to).ok_or_else(|| Denied {
        message: "只有本级人大工作人员或承办单位可以办理该意见。".into(),
    })
}

/// The organisation a forwarding names, as the store found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitFound {
    pub id: OrgId,
    /// A handling unit (承办单位), not a congress, a station or another organisation.
    pub is_unit: bool,
    /// The congress it sits under.
    pub congress: Option<OrgId>,
}

/// The suggestion a conversion names, as the store found it (one the user may read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SuggestionFound {
    pub id: SuggestionRef,
    pub congress: OrgId,
}

/// What the rules need besides the facts: the opinion's congress, the day, and what the
/// command names as the store found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context {
    /// The congress the opinion belongs to.
    pub congress: OrgId,
    pub today: Date,
    /// For [`Command::Forward`]: the unit it names.
    pub unit: Option<UnitFound>,
    /// For [`Command::ConvertToSuggestion`]: the suggestion it names.
    pub suggestion: Option<SuggestionFound>,
}

impl Context {
    /// A context for a command that names nothing.
    pub fn new(congress: OrgId, today: Date) -> Self {
        Context { congress, today, unit: None, suggestion: None }
    }
}

/// The text columns one command fills besides the facts, each trimmed and within its bound.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// The answer (`answer`) is this text.
    SetAnswer { text: String },
    /// The note (`note`) is this text: a rejection's note or a unit's reason for returning it.
    SetNote { text: String },
    /// The rating's comment (`rating_comment`) is this text.
    SetRatingComment { text: String },
}

/// What one command does: the facts it leaves and the text columns it fills.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub facts: Facts,
    pub effects: Vec<Effect>,
}

/// Checks what a command names: a forwarding's unit is a handling unit of the opinion's own
/// congress, a conversion's suggestion is of the same congress.
fn check_named(cmd: &Command, cx: &Context) -> Result<(), Refusal> {
    match cmd {
        Command::Forward { unit, .. } => {
            let here = cx.unit.is_some_and(|u| u.id == *unit && u.is_unit && u.congress == Some(cx.congress));
            if !here {
                return Err(Refusal::invalid("unit", "请选择本级人大的承办单位"));
            }
        }
        Command::ConvertToSuggestion { suggestion } => match cx.suggestion {
            Some(s) if s.id == *suggestion => {
                if s.congress != cx.congress {
                    return Err(Refusal::invalid("suggestion", "只能转为本级人大的代表建议"));
                }
            }
            _ => return Err(Refusal::invalid("suggestion", "请填写代表建议的编号")),
        },
        _ => {}
    }
    Ok(())
}

/// Applies one command given by `standing`: the facts it leaves and the text columns it fills,
/// or why it may not be given (and then nothing changes). What the command names is checked
/// first, then who may give it now, then its payload.
pub fn transition(facts: &Facts, standing: Standing, cmd: &Command, cx: &Context) -> Result<Outcome, Refusal> {
    check_named(cmd, cx)?;
    let facts = next_facts(facts, standing, cmd, cx.today)?;
    let effects = match cmd {
        Command::AnswerOnSpot { answer } | Command::UnitAnswer { answer } => {
            vec![Effect::SetAnswer { text: bounded("answer", "内容", answer, 0, ANSWER_MAX)? }]
        }
        Command::Reject { note: text, .. } | Command::UnitReturn { reason: text } => {
            vec![Effect::SetNote { text: bounded("note", "内容", text, 0, NOTE_MAX)? }]
        }
        Command::Rate { comment, .. } => {
            let text = bounded("comment", "内容", comment, 0, COMMENT_MAX)?;
            if text.is_empty() { Vec::new() } else { vec![Effect::SetRatingComment { text }] }
        }
        Command::Forward { .. } | Command::ConvertToSuggestion { .. } | Command::FeedBack { .. } | Command::Close => {
            Vec::new()
        }
    };
    Ok(Outcome { facts, effects })
}

/// The facts one command leaves on `today`, or why it may not be given.
fn next_facts(facts: &Facts, standing: Standing, cmd: &Command, today: Date) -> Result<Facts, Refusal> {
    check(facts, standing, cmd.kind())?;
    let mut f = facts.clone();
    match cmd {
        Command::AnswerOnSpot { answer } => {
            required(answer, ErrorCode::AnswerRequired, "答复内容")?;
            f.answered_on = Some(today);
        }
        Command::Forward { unit, due } => {
            if *due < today {
                return Err(Refusal::new(ErrorCode::DueBeforeToday, "办理期限不能早于今天。"));
            }
            f.forwarded_to = Some(*unit);
            f.forwarded_on = Some(today);
            f.due_on = Some(*due);
        }
        Command::ConvertToSuggestion { suggestion } => f.suggestion = Some(*suggestion),
        Command::Reject { reason, note } => {
            if *reason == RejectionReason::Other {
                required(note, ErrorCode::ReasonRequired, "不予受理的理由")?;
            }
            f.rejection = Some(*reason);
        }
        Command::UnitAnswer { answer } => {
            required(answer, ErrorCode::AnswerRequired, "答复内容")?;
            f.answered_on = Some(today);
        }
        Command::UnitReturn { reason } => {
            required(reason, ErrorCode::ReasonRequired, "退回的理由")?;
            f.returns += 1;
            f.forwarded_to = None;
            f.forwarded_on = None;
            f.due_on = None;
        }
        Command::FeedBack { method } => {
            f.fed_back_on = Some(today);
            f.feedback_method = Some(*method);
        }
        Command::Rate { rating, .. } => f.rating = Some(*rating),
        Command::Close => {}
    }
    if let Some(to) = rule(cmd.kind()).to {
        f.state = to;
    }
    Ok(f)
}

#[cfg(test)]
mod tests;
