//! Deputies' suggestions (代表建议、批评和意见): the lifecycle as data plus one transition
//! function.
//!
//! [`Facts`] is what the rules need to know about one suggestion: its state, its deadline and
//! the flags that run beside the state (key supervision, a unit's pending return or extension
//! request). [`party_of`] says how a user stands to it ([`Standing`]); [`permitted`] lists the
//! commands they may give now — the UI shows exactly these — and [`transition`] applies one
//! command with what it brings, returning an [`Outcome`] (the new facts and the [`Effect`]s:
//! the rows to write) or a [`Refusal`] with a stable code and a Chinese sentence. All are pure;
//! the store writes the outcome in one transaction with its audit entry.
//!
//! The flow follows DOMAIN.md, "Suggestions": 草稿 → (待联名确认) → 已提交 → 已立案 | 已退回 |
//! 转为代表来信 | 已撤回 → 已交办 → 办理中 → 已答复 → 已评价 → 已办结, with 不满意 → 重新办理 →
//! 已答复 again, and B/C replies → 跟踪落实 → 已办结.

use crate::ErrorCode;
use crate::calendar::{HolidayCalendar, add_months};
use crate::ids::OrgId;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

mod effect;
pub mod timeliness;
pub use effect::{
    Assignment, Effect, Outcome, Party, Signature, UnitChoice, check_draft, check_files, party_of, transition,
};
pub use timeliness::{OnTimeRate, on_time_rate};

/// Where a suggestion is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionState {
    Draft,
    Cosigning,
    Submitted,
    Registered,
    Returned,
    Converted,
    Withdrawn,
    Assigned,
    InProgress,
    Replied,
    Rated,
    Rehandling,
    FollowUp,
    Closed,
}

impl SuggestionState {
    pub const ALL: [SuggestionState; 14] = [
        SuggestionState::Draft,
        SuggestionState::Cosigning,
        SuggestionState::Submitted,
        SuggestionState::Registered,
        SuggestionState::Returned,
        SuggestionState::Converted,
        SuggestionState::Withdrawn,
        SuggestionState::Assigned,
        SuggestionState::InProgress,
        SuggestionState::Replied,
        SuggestionState::Rated,
        SuggestionState::Rehandling,
        SuggestionState::FollowUp,
        SuggestionState::Closed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SuggestionState::Draft => "草稿",
            SuggestionState::Cosigning => "待联名确认",
            SuggestionState::Submitted => "已提交",
            SuggestionState::Registered => "已立案",
            SuggestionState::Returned => "已退回",
            SuggestionState::Converted => "转为代表来信",
            SuggestionState::Withdrawn => "已撤回",
            SuggestionState::Assigned => "已交办",
            SuggestionState::InProgress => "办理中",
            SuggestionState::Replied => "已答复",
            SuggestionState::Rated => "已评价",
            SuggestionState::Rehandling => "重新办理",
            SuggestionState::FollowUp => "跟踪落实",
            SuggestionState::Closed => "已办结",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            SuggestionState::Draft => "draft",
            SuggestionState::Cosigning => "cosigning",
            SuggestionState::Submitted => "submitted",
            SuggestionState::Registered => "registered",
            SuggestionState::Returned => "returned",
            SuggestionState::Converted => "converted",
            SuggestionState::Withdrawn => "withdrawn",
            SuggestionState::Assigned => "assigned",
            SuggestionState::InProgress => "in_progress",
            SuggestionState::Replied => "replied",
            SuggestionState::Rated => "rated",
            SuggestionState::Rehandling => "rehandling",
            SuggestionState::FollowUp => "follow_up",
            SuggestionState::Closed => "closed",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    /// A unit is handling it and a reply deadline runs.
    pub fn is_with_unit(self) -> bool {
        matches!(self, SuggestionState::Assigned | SuggestionState::InProgress | SuggestionState::Rehandling)
    }

    /// Nothing more happens to it.
    pub fn is_final(self) -> bool {
        matches!(self, SuggestionState::Converted | SuggestionState::Withdrawn | SuggestionState::Closed)
    }
}

/// Why a suggestion is not registered (DOMAIN.md, "审查").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionReason {
    OutsideAuthority,
    PersonalMatter,
    JudicialCase,
    ForwardedLetter,
    Promotion,
    NoSubstance,
    MoreThanOneMatter,
}

impl ExclusionReason {
    pub const ALL: [ExclusionReason; 7] = [
        ExclusionReason::OutsideAuthority,
        ExclusionReason::PersonalMatter,
        ExclusionReason::JudicialCase,
        ExclusionReason::ForwardedLetter,
        ExclusionReason::Promotion,
        ExclusionReason::NoSubstance,
        ExclusionReason::MoreThanOneMatter,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ExclusionReason::OutsideAuthority => "不属于本行政区域职权范围",
            ExclusionReason::PersonalMatter => "涉及代表本人及其亲属个人事务",
            ExclusionReason::JudicialCase => "涉及具体司法案件",
            ExclusionReason::ForwardedLetter => "属于转交的来信",
            ExclusionReason::Promotion => "属于学术探讨或产品推介",
            ExclusionReason::NoSubstance => "没有实际内容",
            ExclusionReason::MoreThanOneMatter => "未做到一事一议",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ExclusionReason::OutsideAuthority => "outside_authority",
            ExclusionReason::PersonalMatter => "personal_matter",
            ExclusionReason::JudicialCase => "judicial_case",
            ExclusionReason::ForwardedLetter => "forwarded_letter",
            ExclusionReason::Promotion => "promotion",
            ExclusionReason::NoSubstance => "no_substance",
            ExclusionReason::MoreThanOneMatter => "more_than_one_matter",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// The class of a reply (DOMAIN.md step 5). Congresses that use 甲/乙/丙 use A, B and C.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ReplyClass {
    A,
    B,
    C,
    D,
}

/// How a congress names reply classes: a setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassScheme {
    /// A 已解决或基本解决 · B 正在解决或列入规划 · C 因条件限制待以后解决 · D 留作参考.
    Abcd,
    /// 甲 已解决 · 乙 正在解决或列入计划 · 丙 留作参考或因条件限制暂不能解决.
    JiaYiBing,
}

impl ReplyClass {
    pub fn code(self) -> &'static str {
        match self {
            ReplyClass::A => "A",
            ReplyClass::B => "B",
            ReplyClass::C => "C",
            ReplyClass::D => "D",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "A" => Some(ReplyClass::A),
            "B" => Some(ReplyClass::B),
            "C" => Some(ReplyClass::C),
            "D" => Some(ReplyClass::D),
            _ => None,
        }
    }

    /// Whether the promise in the reply is followed up (跟踪落实): B and C.
    pub fn needs_follow_up(self) -> bool {
        matches!(self, ReplyClass::B | ReplyClass::C)
    }

    pub fn label(self, scheme: ClassScheme) -> &'static str {
        match (scheme, self) {
            (ClassScheme::Abcd, ReplyClass::A) => "A类：已解决或基本解决",
            (ClassScheme::Abcd, ReplyClass::B) => "B类：正在解决或列入规划逐步解决",
            (ClassScheme::Abcd, ReplyClass::C) => "C类：因条件限制待以后解决",
            (ClassScheme::Abcd, ReplyClass::D) => "D类：留作参考",
            (ClassScheme::JiaYiBing, ReplyClass::A) => "甲类：已解决或基本解决",
            (ClassScheme::JiaYiBing, ReplyClass::B) => "乙类：正在解决或列入计划解决",
            (ClassScheme::JiaYiBing, ReplyClass::C | ReplyClass::D) => "丙类：因条件限制暂不能解决或留作参考",
        }
    }
}

impl ClassScheme {
    /// The classes a unit may choose under this scheme.
    pub fn classes(self) -> &'static [ReplyClass] {
        match self {
            ClassScheme::Abcd => &[ReplyClass::A, ReplyClass::B, ReplyClass::C, ReplyClass::D],
            ClassScheme::JiaYiBing => &[ReplyClass::A, ReplyClass::B, ReplyClass::C],
        }
    }
}

/// 满意 / 基本满意 / 不满意.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    Satisfied,
    Basic,
    Unsatisfied,
}

impl Satisfaction {
    pub const ALL: [Satisfaction; 3] = [Satisfaction::Satisfied, Satisfaction::Basic, Satisfaction::Unsatisfied];

    pub fn label(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "满意",
            Satisfaction::Basic => "基本满意",
            Satisfaction::Unsatisfied => "不满意",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "satisfied",
            Satisfaction::Basic => "basic",
            Satisfaction::Unsatisfied => "unsatisfied",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// How the user giving a command stands to this suggestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// 领衔代表 (or the only deputy).
    Lead,
    /// 联名代表, and whether this co-signer has confirmed.
    CoSigner { confirmed: bool },
    /// Staff of the suggestion's congress.
    Staff,
    /// 主办单位.
    MainUnit,
    /// 会办单位, and whether its written view is still awaited (neither sent nor waived).
    AssistingUnit { view_awaited: bool },
}

/// The commands, without their payload: what buttons to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandKind {
    Edit,
    Submit,
    ConfirmCosign,
    DeclineCosign,
    DropPendingCosigners,
    Withdraw,
    Revise,
    Register,
    Exclude,
    ConvertToLetter,
    Assign,
    RecordContact,
    SubmitView,
    RequestReturn,
    ApproveReturn,
    RefuseReturn,
    RequestExtension,
    GrantExtension,
    RefuseExtension,
    Reply,
    Rate,
    SendBack,
    Close,
    EndFollowUp,
    MarkKey,
    UnmarkKey,
    Remind,
    WaiveViews,
    PublishReply,
}

impl CommandKind {
    pub const ALL: [CommandKind; 29] = [
        CommandKind::Edit,
        CommandKind::Submit,
        CommandKind::ConfirmCosign,
        CommandKind::DeclineCosign,
        CommandKind::DropPendingCosigners,
        CommandKind::Withdraw,
        CommandKind::Revise,
        CommandKind::Register,
        CommandKind::Exclude,
        CommandKind::ConvertToLetter,
        CommandKind::Assign,
        CommandKind::RecordContact,
        CommandKind::SubmitView,
        CommandKind::RequestReturn,
        CommandKind::ApproveReturn,
        CommandKind::RefuseReturn,
        CommandKind::RequestExtension,
        CommandKind::GrantExtension,
        CommandKind::RefuseExtension,
        CommandKind::Reply,
        CommandKind::Rate,
        CommandKind::SendBack,
        CommandKind::Close,
        CommandKind::EndFollowUp,
        CommandKind::MarkKey,
        CommandKind::UnmarkKey,
        CommandKind::Remind,
        CommandKind::WaiveViews,
        CommandKind::PublishReply,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CommandKind::Edit => "修改",
            CommandKind::Submit => "提交",
            CommandKind::ConfirmCosign => "确认联名",
            CommandKind::DeclineCosign => "不参加（撤回）联名",
            CommandKind::DropPendingCosigners => "移除未确认的联名代表并提交",
            CommandKind::Withdraw => "撤回",
            CommandKind::Revise => "修改后重新提交",
            CommandKind::Register => "立案",
            CommandKind::Exclude => "不予立案并退回",
            CommandKind::ConvertToLetter => "转为代表来信",
            CommandKind::Assign => "交办",
            CommandKind::RecordContact => "记录与代表沟通",
            CommandKind::SubmitView => "提交会办意见",
            CommandKind::RequestReturn => "申请退回调整",
            CommandKind::ApproveReturn => "同意退回",
            CommandKind::RefuseReturn => "不同意退回",
            CommandKind::RequestExtension => "申请延期",
            CommandKind::GrantExtension => "批准延期",
            CommandKind::RefuseExtension => "不同意延期",
            CommandKind::Reply => "答复",
            CommandKind::Rate => "评价",
            CommandKind::SendBack => "交回重新办理",
            CommandKind::Close => "办结",
            CommandKind::EndFollowUp => "结束跟踪",
            CommandKind::MarkKey => "列为重点督办",
            CommandKind::UnmarkKey => "取消重点督办",
            CommandKind::Remind => "催办",
            CommandKind::WaiveViews => "免于等待会办意见",
            CommandKind::PublishReply => "设置答复是否公开",
        }
    }

    /// The stable snake_case name: the API's `command`, the audit action `suggestion.<code>`.
    pub fn code(self) -> &'static str {
        match self {
            CommandKind::Edit => "edit",
            CommandKind::Submit => "submit",
            CommandKind::ConfirmCosign => "confirm_cosign",
            CommandKind::DeclineCosign => "decline_cosign",
            CommandKind::DropPendingCosigners => "drop_pending_cosigners",
            CommandKind::Withdraw => "withdraw",
            CommandKind::Revise => "revise",
            CommandKind::Register => "register",
            CommandKind::Exclude => "exclude",
            CommandKind::ConvertToLetter => "convert_to_letter",
            CommandKind::Assign => "assign",
            CommandKind::RecordContact => "record_contact",
            CommandKind::SubmitView => "submit_view",
            CommandKind::RequestReturn => "request_return",
            CommandKind::ApproveReturn => "approve_return",
            CommandKind::RefuseReturn => "refuse_return",
            CommandKind::RequestExtension => "request_extension",
            CommandKind::GrantExtension => "grant_extension",
            CommandKind::RefuseExtension => "refuse_extension",
            CommandKind::Reply => "reply",
            CommandKind::Rate => "rate",
            CommandKind::SendBack => "send_back",
            CommandKind::Close => "close",
            CommandKind::EndFollowUp => "end_follow_up",
            CommandKind::MarkKey => "mark_key",
            CommandKind::UnmarkKey => "unmark_key",
            CommandKind::Remind => "remind",
            CommandKind::WaiveViews => "waive_views",
            CommandKind::PublishReply => "publish_reply",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// A command with its payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// A draft's new title and text.
    Edit {
        #[serde(default)]
        title: String,
        #[serde(default)]
        body: String,
    },
    Submit,
    ConfirmCosign,
    DeclineCosign,
    DropPendingCosigners,
    Withdraw,
    Revise,
    Register,
    Exclude {
        reason: ExclusionReason,
        note: String,
    },
    ConvertToLetter {
        note: String,
    },
    /// Assigned on `on` (paper assignments are entered later, so not necessarily today).
    Assign {
        on: Date,
        complex: bool,
    },
    RecordContact,
    SubmitView,
    RequestReturn {
        reason: String,
    },
    ApproveReturn,
    RefuseReturn {
        note: String,
    },
    RequestExtension {
        reason: String,
    },
    /// Extends the reply deadline to `months` after assignment in total.
    GrantExtension {
        months: i32,
    },
    RefuseExtension {
        note: String,
    },
    Reply {
        class: ReplyClass,
    },
    Rate {
        attitude: Satisfaction,
        result: Satisfaction,
        reason: String,
    },
    SendBack,
    Close,
    EndFollowUp {
        fulfilled: bool,
        note: String,
    },
    MarkKey {
        topic: String,
    },
    UnmarkKey,
    /// 催办: a reminder to the units of an overdue suggestion (changes no fact).
    Remind,
    /// Staff decide the 主办 need not wait for the 会办 views still missing (a unit that does
    /// not answer, an assignment no longer relevant); the reason is kept.
    WaiveViews {
        reason: String,
    },
    /// The lead deputy agrees (or no longer agrees) that the replies be published on the portal.
    PublishReply {
        publish: bool,
    },
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Edit { .. } => CommandKind::Edit,
            Command::Submit => CommandKind::Submit,
            Command::ConfirmCosign => CommandKind::ConfirmCosign,
            Command::DeclineCosign => CommandKind::DeclineCosign,
            Command::DropPendingCosigners => CommandKind::DropPendingCosigners,
            Command::Withdraw => CommandKind::Withdraw,
            Command::Revise => CommandKind::Revise,
            Command::Register => CommandKind::Register,
            Command::Exclude { .. } => CommandKind::Exclude,
            Command::ConvertToLetter { .. } => CommandKind::ConvertToLetter,
            Command::Assign { .. } => CommandKind::Assign,
            Command::RecordContact => CommandKind::RecordContact,
            Command::SubmitView => CommandKind::SubmitView,
            Command::RequestReturn { .. } => CommandKind::RequestReturn,
            Command::ApproveReturn => CommandKind::ApproveReturn,
            Command::RefuseReturn { .. } => CommandKind::RefuseReturn,
            Command::RequestExtension { .. } => CommandKind::RequestExtension,
            Command::GrantExtension { .. } => CommandKind::GrantExtension,
            Command::RefuseExtension { .. } => CommandKind::RefuseExtension,
            Command::Reply { .. } => CommandKind::Reply,
            Command::Rate { .. } => CommandKind::Rate,
            Command::SendBack => CommandKind::SendBack,
            Command::Close => CommandKind::Close,
            Command::EndFollowUp { .. } => CommandKind::EndFollowUp,
            Command::MarkKey { .. } => CommandKind::MarkKey,
            Command::UnmarkKey => CommandKind::UnmarkKey,
            Command::Remind => CommandKind::Remind,
            Command::WaiveViews { .. } => CommandKind::WaiveViews,
            Command::PublishReply { .. } => CommandKind::PublishReply,
        }
    }
}

/// A congress's settings for suggestions. Defaults are DOMAIN.md's (the law's numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Reply due this many months after assignment (代表法 Art. 51: 3).
    pub reply_months: i32,
    /// For wide-ranging, difficult ones (6).
    pub complex_reply_months: i32,
    /// No extension beyond this many months after assignment in total (6).
    pub max_months: i32,
    /// A re-handled suggestion is answered again within this many months (1).
    pub rehandle_months: i32,
    /// A unit may ask to return an assignment within this many working days (7).
    pub return_window_working_days: u32,
    /// Near due: this many days or fewer left (10).
    pub near_due_days: i32,
    pub class_scheme: ClassScheme,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            reply_months: 3,
            complex_reply_months: 6,
            max_months: 6,
            rehandle_months: 1,
            return_window_working_days: 7,
            near_due_days: 10,
            class_scheme: ClassScheme::Abcd,
        }
    }
}

/// What the rules know about one suggestion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub state: SuggestionState,
    /// Co-signers who have not confirmed yet.
    pub pending_cosigners: u32,
    /// Co-signers in all (confirmed or not).
    pub cosigners: u32,
    pub assigned_on: Option<Date>,
    pub due_on: Option<Date>,
    pub complex: bool,
    /// Contacts the main unit recorded with the deputy (DOMAIN.md step 4: required before replying).
    pub contacts: u32,
    pub reply_class: Option<ReplyClass>,
    pub attitude: Option<Satisfaction>,
    pub result: Option<Satisfaction>,
    pub return_requested: bool,
    pub extension_requested: bool,
    pub key_topic: Option<String>,
    /// Times sent back for re-handling.
    pub rehandled: u32,
    /// Whether the follow-up of a B/C reply ended with the promise met.
    pub follow_up_fulfilled: Option<bool>,
    /// 会办 units whose written view the 主办 still awaits (neither sent nor waived by staff):
    /// the 主办 replies only once none is (DOMAIN.md step 3). The store derives it from the
    /// units' rows.
    #[serde(default)]
    pub views_pending: u32,
    /// The day staff registered it (立案), which an assignment date may not precede. The store
    /// derives it from the event log; `None` for a suggestion imported without one.
    #[serde(default)]
    pub registered_on: Option<Date>,
    /// The last day staff sent a reminder (催办): at most one a day. The store derives it from
    /// its reminders.
    #[serde(default)]
    pub reminded_on: Option<Date>,
}

impl Facts {
    /// A new draft: `cosigners` invited, none confirmed.
    pub fn draft(cosigners: u32) -> Self {
        Facts {
            state: SuggestionState::Draft,
            pending_cosigners: cosigners,
            cosigners,
            assigned_on: None,
            due_on: None,
            complex: false,
            contacts: 0,
            reply_class: None,
            attitude: None,
            result: None,
            return_requested: false,
            extension_requested: false,
            key_topic: None,
            rehandled: 0,
            follow_up_fulfilled: None,
            views_pending: 0,
            registered_on: None,
            reminded_on: None,
        }
    }

    /// Days left until the reply is due (negative when overdue); `None` when no deadline runs.
    pub fn days_left(&self, today: Date) -> Option<i32> {
        if !self.state.is_with_unit() {
            return None;
        }
        self.due_on.map(|due| (due - today).get_days())
    }

    pub fn is_overdue(&self, today: Date) -> bool {
        self.days_left(today).is_some_and(|d| d < 0)
    }

    pub fn is_near_due(&self, today: Date, settings: &Settings) -> bool {
        self.days_left(today).is_some_and(|d| (0..=settings.near_due_days).contains(&d))
    }
}

/// What a command brings besides itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "extra", rename_all = "snake_case")]
pub enum Extra {
    #[default]
    None,
    /// The units of an assignment: at least one 主办, any number of 会办.
    Assign { main: Vec<OrgId>, assisting: Vec<OrgId> },
    /// A contact with the deputy (DOMAIN.md step 4).
    Contact { on: Date, way: ContactWay, summary: String },
    /// A 会办 unit's written view.
    View { text: String },
    /// The reply's text and who signed it.
    Reply { body: String, signer: String, on: Date },
}

/// How a unit contacted the deputy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactWay {
    Visit,
    Meeting,
    Phone,
    Other,
}

impl ContactWay {
    pub const ALL: [ContactWay; 4] = [ContactWay::Visit, ContactWay::Meeting, ContactWay::Phone, ContactWay::Other];

    pub fn code(self) -> &'static str {
        match self {
            ContactWay::Visit => "visit",
            ContactWay::Meeting => "meeting",
            ContactWay::Phone => "phone",
            ContactWay::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ContactWay::Visit => "登门走访",
            ContactWay::Meeting => "座谈会商",
            ContactWay::Phone => "电话沟通",
            ContactWay::Other => "其他方式",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.code() == s)
    }
}

pub use crate::error::Refusal;

/// A date a user enters for a step of the handling (a contact with the deputy, the reply, as
/// `what`): not after today, and not before the suggestion was assigned.
pub fn check_handling_date(what: &str, on: Date, facts: &Facts, today: Date) -> Result<(), Refusal> {
    if on > today {
        return Err(Refusal::new(ErrorCode::DateInFuture, format!("{what}不能晚于今天。")).at("on"));
    }
    match facts.assigned_on {
        Some(assigned) if on < assigned => {
            Err(Refusal::new(ErrorCode::DateOutOfOrder, format!("{what}不能早于交办日期（{assigned}）。")).at("on"))
        }
        _ => Ok(()),
    }
}

/// The context a decision needs besides the facts.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub today: Date,
    pub calendar: &'a HolidayCalendar,
    pub settings: &'a Settings,
    /// The units an assignment names, as the store found them (empty for other commands).
    pub units: &'a [UnitChoice],
}

/// Checks whether `actor` may give `kind` now, without looking at a payload. `Err` says why not.
pub fn check(facts: &Facts, actor: Standing, kind: CommandKind, cx: &Context<'_>) -> Result<(), Refusal> {
    use CommandKind as K;
    use Standing as A;
    use SuggestionState as S;
    let s = facts.state;
    let who_ok = match kind {
        // Staff submit what they entered for a deputy (a paper suggestion, 议案转建议).
        K::Submit => matches!(actor, A::Lead | A::Staff),
        K::Edit | K::DropPendingCosigners | K::Withdraw | K::Revise | K::Rate | K::PublishReply => actor == A::Lead,
        K::ConfirmCosign | K::DeclineCosign => matches!(actor, A::CoSigner { .. }),
        K::Register
        | K::Exclude
        | K::ConvertToLetter
        | K::Assign
        | K::ApproveReturn
        | K::RefuseReturn
        | K::GrantExtension
        | K::RefuseExtension
        | K::SendBack
        | K::Close
        | K::EndFollowUp
        | K::MarkKey
        | K::UnmarkKey
        | K::Remind => actor == A::Staff,
        K::WaiveViews => actor == A::Staff,
        K::RecordContact => matches!(actor, A::MainUnit | A::AssistingUnit { .. }),
        K::SubmitView => matches!(actor, A::AssistingUnit { .. }),
        K::RequestReturn | K::RequestExtension | K::Reply => actor == A::MainUnit,
    };
    if !who_ok {
        return Err(Refusal::new(ErrorCode::Forbidden, format!("您不能对此建议执行“{}”。", kind.label())));
    }
    let state_ok = match kind {
        K::Edit => matches!(s, S::Draft),
        K::Submit => s == S::Draft,
        K::ConfirmCosign => s == S::Cosigning,
        // Before registration a co-signer may also take back a signature already given.
        K::DeclineCosign => matches!(s, S::Cosigning | S::Submitted),
        K::DropPendingCosigners => s == S::Cosigning,
        K::Withdraw => matches!(s, S::Draft | S::Cosigning | S::Submitted),
        K::Revise => s == S::Returned,
        K::Register | K::Exclude | K::ConvertToLetter => s == S::Submitted,
        K::Assign => s == S::Registered,
        K::RecordContact | K::SubmitView => s.is_with_unit(),
        K::RequestReturn => matches!(s, S::Assigned | S::InProgress),
        K::ApproveReturn | K::RefuseReturn => matches!(s, S::Assigned | S::InProgress),
        K::RequestExtension | K::GrantExtension | K::RefuseExtension => s.is_with_unit(),
        K::Reply => s.is_with_unit(),
        K::Rate => s == S::Replied,
        K::SendBack | K::Close => s == S::Rated,
        K::EndFollowUp => s == S::FollowUp,
        K::MarkKey => !s.is_final() && !matches!(s, S::Draft | S::Cosigning | S::Submitted | S::Returned),
        K::UnmarkKey => facts.key_topic.is_some() && !s.is_final(),
        K::Remind => s.is_with_unit(),
        K::WaiveViews => s.is_with_unit(),
        // Whether a reply, once there is one, may be read on the portal: the lead decides at any time.
        K::PublishReply => true,
    };
    if !state_ok {
        return Err(Refusal::new(ErrorCode::WrongState, format!("建议当前为“{}”，不能{}。", s.label(), kind.label())));
    }
    // Guards beyond the state.
    match kind {
        // A co-signer confirms once; while the others are still asked, one who confirmed keeps
        // the signature until the suggestion is submitted, and after that only a confirmed
        // signature can be taken back.
        K::ConfirmCosign if actor == (A::CoSigner { confirmed: true }) => {
            return Err(Refusal::of(ErrorCode::AlreadyCosigned));
        }
        K::DeclineCosign if actor == (A::CoSigner { confirmed: true }) && s == S::Cosigning => {
            return Err(Refusal::of(ErrorCode::CosignKeptUntilSubmitted));
        }
        K::DeclineCosign if actor == (A::CoSigner { confirmed: false }) && s != S::Cosigning => {
            return Err(Refusal::new(ErrorCode::WrongState, "您没有确认联名，无需撤回。"));
        }
        // A 会办 unit sends its view once.
        K::SubmitView if actor == (A::AssistingUnit { view_awaited: false }) => {
            return Err(Refusal::of(ErrorCode::ViewAlreadySent));
        }
        K::RequestReturn => {
            if facts.return_requested {
                return Err(Refusal::of(ErrorCode::ReturnAlreadyRequested));
            }
            let window = cx.settings.return_window_working_days;
            let late = facts.assigned_on.is_none_or(|on| !cx.calendar.within_working_days(on, window, cx.today));
            if late {
                return Err(Refusal::new(
                    ErrorCode::ReturnWindowPassed,
                    format!("交办已超过{window}个工作日，不能再申请退回。"),
                ));
            }
        }
        K::ApproveReturn | K::RefuseReturn if !facts.return_requested => {
            return Err(Refusal::of(ErrorCode::NoReturnRequested));
        }
        K::RequestExtension if facts.extension_requested => {
            return Err(Refusal::of(ErrorCode::ExtensionAlreadyRequested));
        }
        K::GrantExtension if !facts.extension_requested => {
            return Err(Refusal::of(ErrorCode::NoExtensionRequested));
        }
        K::GrantExtension => {
            let at_max = facts
                .assigned_on
                .zip(facts.due_on)
                .is_some_and(|(on, due)| due >= add_months(on, cx.settings.max_months));
            if at_max {
                return Err(Refusal::new(
                    ErrorCode::ExtensionAtMaximum,
                    format!("答复期限已达交办后{}个月，不能再延期。", cx.settings.max_months),
                ));
            }
        }
        K::Withdraw if s == S::Submitted && facts.cosigners > 0 => {
            return Err(Refusal::new(
                ErrorCode::JointWithdrawalNeedsCosigners,
                "联名建议撤回须经全体联名代表同意：请联名代表先撤回联名，再由领衔代表撤回。",
            ));
        }
        K::Remind if !facts.is_overdue(cx.today) => {
            return Err(Refusal::of(ErrorCode::NotOverdue));
        }
        K::Remind if facts.reminded_on == Some(cx.today) => {
            return Err(Refusal::of(ErrorCode::RemindedToday));
        }
        K::RefuseExtension if !facts.extension_requested => {
            return Err(Refusal::of(ErrorCode::NoExtensionRequested));
        }
        K::Reply if facts.contacts == 0 => {
            return Err(Refusal::of(ErrorCode::ContactBeforeReply));
        }
        K::Reply if facts.views_pending > 0 => {
            return Err(Refusal::new(
                ErrorCode::ViewsPending,
                format!(
                    "还有{}个会办单位未提交会办意见：须待全部会办意见送达，或人大工作人员决定不再等待后，方可答复。",
                    facts.views_pending
                ),
            ));
        }
        K::WaiveViews if facts.views_pending == 0 => {
            return Err(Refusal::of(ErrorCode::NoViewsPending));
        }
        K::SendBack
            if facts.result != Some(Satisfaction::Unsatisfied) && facts.attitude != Some(Satisfaction::Unsatisfied) =>
        {
            return Err(Refusal::of(ErrorCode::SendBackNeedsUnsatisfied));
        }
        _ => {}
    }
    Ok(())
}

/// The commands `actor` may give now: exactly the buttons to show.
pub fn permitted(facts: &Facts, actor: Standing, cx: &Context<'_>) -> Vec<CommandKind> {
    CommandKind::ALL.into_iter().filter(|k| check(facts, actor, *k, cx).is_ok()).collect()
}

/// Refuses a blank `field` (the form's name for it); `what` names it in the sentence.
fn required(text: &str, field: &'static str, what: &str) -> Result<(), Refusal> {
    if text.trim().is_empty() {
        Err(Refusal::new(ErrorCode::Required, format!("请填写{what}。")).at(field))
    } else {
        Ok(())
    }
}

/// The facts one command leaves, or why it may not be given: the state machine alone, without
/// what the command brings ([`transition`] adds that and the rows to write).
pub fn next_facts(facts: &Facts, actor: Standing, cmd: &Command, cx: &Context<'_>) -> Result<Facts, Refusal> {
    use SuggestionState as S;
    check(facts, actor, cmd.kind(), cx)?;
    let mut f = facts.clone();
    match cmd {
        Command::Edit { .. } | Command::PublishReply { .. } => {}
        Command::Submit => {
            f.state = if f.pending_cosigners > 0 { S::Cosigning } else { S::Submitted };
        }
        Command::ConfirmCosign => {
            f.pending_cosigners = f.pending_cosigners.saturating_sub(1);
            if f.pending_cosigners == 0 {
                f.state = S::Submitted;
            }
        }
        Command::DeclineCosign => {
            // While co-signing only those who have not confirmed decline (the store checks
            // who); once submitted, a confirmed co-signer takes the signature back.
            f.cosigners = f.cosigners.saturating_sub(1);
            if f.state == S::Cosigning {
                f.pending_cosigners = f.pending_cosigners.saturating_sub(1);
                if f.pending_cosigners == 0 {
                    f.state = S::Submitted;
                }
            }
        }
        Command::DropPendingCosigners => {
            f.cosigners -= f.pending_cosigners.min(f.cosigners);
            f.pending_cosigners = 0;
            f.state = S::Submitted;
        }
        Command::Withdraw => f.state = S::Withdrawn,
        Command::Revise => {
            f.state = S::Draft;
            // Every co-signer confirms the revised text again.
            f.pending_cosigners = f.cosigners;
        }
        Command::Register => f.state = S::Registered,
        Command::Exclude { note, .. } => {
            required(note, "note", "退回的具体理由")?;
            f.state = S::Returned;
        }
        Command::ConvertToLetter { note } => {
            required(note, "note", "转为代表来信的理由")?;
            f.state = S::Converted;
        }
        Command::Assign { on, complex } => {
            if *on > cx.today {
                return Err(Refusal::new(ErrorCode::DateInFuture, "交办日期不能晚于今天。").at("on"));
            }
            if let Some(registered) = f.registered_on.filter(|r| on < r) {
                return Err(Refusal::new(
                    ErrorCode::DateOutOfOrder,
                    format!("交办日期不能早于立案日期（{registered}）。"),
                )
                .at("on"));
            }
            let months = if *complex { cx.settings.complex_reply_months } else { cx.settings.reply_months };
            f.state = S::Assigned;
            f.assigned_on = Some(*on);
            f.due_on = Some(add_months(*on, months));
            f.complex = *complex;
            f.return_requested = false;
            f.extension_requested = false;
            f.contacts = 0;
        }
        Command::RecordContact => {
            if actor == Standing::MainUnit {
                f.contacts += 1;
                if f.state == S::Assigned {
                    f.state = S::InProgress;
                }
            }
        }
        // The store lets only a unit whose view is still awaited send one.
        Command::SubmitView => f.views_pending = f.views_pending.saturating_sub(1),
        Command::RequestReturn { reason } => {
            required(reason, "reason", "申请退回的理由")?;
            f.return_requested = true;
        }
        Command::ApproveReturn => {
            f.state = S::Registered;
            f.return_requested = false;
            f.extension_requested = false;
            f.assigned_on = None;
            f.due_on = None;
            f.contacts = 0;
            f.views_pending = 0;
        }
        Command::RefuseReturn { note } => {
            required(note, "note", "不同意退回的理由")?;
            f.return_requested = false;
        }
        Command::RequestExtension { reason } => {
            required(reason, "reason", "申请延期的理由")?;
            f.extension_requested = true;
        }
        Command::GrantExtension { months } => {
            let on = f.assigned_on.ok_or_else(|| Refusal::new(ErrorCode::NotYetAssigned, "尚未交办，不能延期。"))?;
            let new_due = add_months(on, *months);
            if *months > cx.settings.max_months {
                return Err(Refusal::new(
                    ErrorCode::ExtensionBeyondMaximum,
                    format!("延期后答复期限不能超过交办后{}个月。", cx.settings.max_months),
                )
                .at("months"));
            }
            if f.due_on.is_some_and(|due| new_due <= due) {
                return Err(Refusal::of(ErrorCode::ExtensionNotLater).at("months"));
            }
            f.due_on = Some(new_due);
            f.extension_requested = false;
        }
        Command::RefuseExtension { note } => {
            required(note, "note", "不同意延期的理由")?;
            f.extension_requested = false;
        }
        Command::Reply { class } => {
            if !cx.settings.class_scheme.classes().contains(class) {
                return Err(Refusal::of(ErrorCode::UnknownReplyClass).at("class"));
            }
            f.state = S::Replied;
            f.reply_class = Some(*class);
            f.attitude = None;
            f.result = None;
            f.return_requested = false;
            f.extension_requested = false;
        }
        Command::Rate { attitude, result, reason } => {
            let unhappy = *attitude == Satisfaction::Unsatisfied || *result == Satisfaction::Unsatisfied;
            if unhappy {
                required(reason, "reason", "不满意的理由")?;
            }
            f.state = S::Rated;
            f.attitude = Some(*attitude);
            f.result = Some(*result);
        }
        Command::SendBack => {
            f.state = S::Rehandling;
            f.rehandled += 1;
            f.due_on = Some(add_months(cx.today, cx.settings.rehandle_months));
        }
        Command::Close => {
            f.state = if f.reply_class.is_some_and(ReplyClass::needs_follow_up) { S::FollowUp } else { S::Closed };
        }
        Command::EndFollowUp { fulfilled, note } => {
            required(note, "note", "落实情况说明")?;
            f.state = S::Closed;
            f.follow_up_fulfilled = Some(*fulfilled);
        }
        Command::MarkKey { topic } => {
            required(topic, "topic", "督办专题")?;
            f.key_topic = Some(topic.trim().to_owned());
        }
        Command::UnmarkKey => f.key_topic = None,
        Command::Remind => {}
        Command::WaiveViews { reason } => {
            required(reason, "reason", "不再等待会办意见的理由")?;
            f.views_pending = 0;
        }
    }
    Ok(f)
}

impl Settings {
    /// The law's numbers bound what a congress may choose: a reply within 1–6 months (a
    /// complex one no sooner than an ordinary one), never beyond 6 in total; re-handling 1–3
    /// months; a return window of 1–30 working days; a near-due warning 1–60 days ahead.
    pub fn check(&self) -> Result<(), crate::ValidationError> {
        let bad = |field: &str, msg: &str| Err(crate::ValidationError::new(field, msg));
        if !(1..=6).contains(&self.reply_months) {
            return bad("reply_months", "答复期限应为1至6个月");
        }
        if !(self.reply_months..=6).contains(&self.complex_reply_months) {
            return bad("complex_reply_months", "疑难建议的答复期限应不短于一般期限，且不超过6个月");
        }
        if !(self.complex_reply_months..=6).contains(&self.max_months) {
            return bad("max_months", "延期后的期限不能超过交办后6个月");
        }
        if !(1..=3).contains(&self.rehandle_months) {
            return bad("rehandle_months", "重新办理的答复期限应为1至3个月");
        }
        if !(1..=30).contains(&self.return_window_working_days) {
            return bad("return_window_working_days", "申请退回的期限应为1至30个工作日");
        }
        if !(1..=60).contains(&self.near_due_days) {
            return bad("near_due_days", "临近期限提醒应为1至60天");
        }
        Ok(())
    }
}

/// A new suggestion's co-signers: each once, in order of their ids, never the lead.
pub fn cosigners_of(lead: crate::ids::PersonId, cosigners: &[crate::ids::PersonId]) -> Vec<crate::ids::PersonId> {
    let mut cosigners = cosigners.to_vec();
    cosigners.sort();
    cosigners.dedup();
    cosigners.retain(|p| *p != lead);
    cosigners
}

/// Every signer of a new suggestion sits in its congress now: `lead` and `cosigners` say
/// whether the lead and each co-signer does (the store looked them up).
pub fn check_signers_sitting(lead: bool, cosigners: &[bool]) -> Result<(), crate::ValidationError> {
    let who = if !lead {
        "领衔代表"
    } else if cosigners.contains(&false) {
        "联名代表"
    } else {
        return Ok(());
    };
    Err(crate::ValidationError::new("cosigners", format!("{who}须为本级人大的在任代表")))
}

/// Only a party to a suggestion acts on it ([`party_of`] found none: refused).
pub fn require_party(party: Option<Party>) -> Result<Party, Refusal> {
    party.ok_or_else(|| Refusal::new(ErrorCode::Forbidden, "您不是此建议的办理人，不能执行此操作。"))
}

/// The most columns an export keeps.
pub const MAX_EXPORT_COLUMNS: usize = 64;

/// A user's choice of an export's columns: those of `known` they chose, in `known`'s order, at
/// most [`MAX_EXPORT_COLUMNS`], at least one; only a logged-in user (`user`) keeps a choice.
pub fn export_columns(
    user: Option<crate::ids::UserId>,
    chosen: &[String],
    known: &[&str],
) -> Result<(crate::ids::UserId, Vec<String>), crate::ValidationError> {
    let Some(user) = user else {
        return Err(crate::ValidationError::new("columns", "请先登录"));
    };
    let cols: Vec<String> = known
        .iter()
        .filter(|k| chosen.iter().any(|c| c == *k))
        .map(|k| (*k).to_owned())
        .take(MAX_EXPORT_COLUMNS)
        .collect();
    if cols.is_empty() {
        return Err(crate::ValidationError::new("columns", "请至少选择一列"));
    }
    Ok((user, cols))
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod checks {
    use super::*;
    use crate::ids::{PersonId, UserId};

    #[test]
    fn settings_stay_within_the_law() {
        assert!(Settings::default().check().is_ok());
        let field = |s: Settings| s.check().expect_err("out of bounds").field;
        let ok = Settings::default();
        assert_eq!(field(Settings { reply_months: 0, ..ok }), "reply_months");
        assert_eq!(field(Settings { reply_months: 7, ..ok }), "reply_months");
        assert_eq!(field(Settings { reply_months: 4, complex_reply_months: 3, ..ok }), "complex_reply_months");
        assert_eq!(field(Settings { max_months: 5, ..ok }), "max_months");
        assert_eq!(field(Settings { rehandle_months: 4, ..ok }), "rehandle_months");
        assert_eq!(field(Settings { return_window_working_days: 0, ..ok }), "return_window_working_days");
        assert_eq!(field(Settings { near_due_days: 61, ..ok }), "near_due_days");
        assert_eq!(
            Settings { max_months: 7, ..ok }.check().expect_err("seven").message,
            "延期后的期限不能超过交办后6个月"
        );
        assert!(Settings { reply_months: 1, complex_reply_months: 1, max_months: 1, ..ok }.check().is_ok());
    }

    #[test]
    fn signers_sit_in_the_congress_and_co_sign_once() {
        let (a, b, c) = (PersonId(1), PersonId(2), PersonId(3));
        assert_eq!(cosigners_of(b, &[c, a, b, c]), vec![a, c]);
        assert!(check_signers_sitting(true, &[true, true]).is_ok());
        assert_eq!(check_signers_sitting(false, &[false]).expect_err("lead").message, "领衔代表须为本级人大的在任代表");
        assert_eq!(
            check_signers_sitting(true, &[true, false]).expect_err("co").message,
            "联名代表须为本级人大的在任代表"
        );
        assert_eq!(require_party(None).expect_err("no party").code, ErrorCode::Forbidden);
    }

    #[test]
    fn an_export_keeps_known_columns_in_order() {
        let known = ["title", "lead", "state"];
        let chosen = vec!["state".to_owned(), "nonsense".to_owned(), "title".to_owned()];
        assert_eq!(
            export_columns(Some(UserId(1)), &chosen, &known),
            Ok((UserId(1), vec!["title".into(), "state".into()]))
        );
        assert_eq!(export_columns(None, &chosen, &known).expect_err("anonymous").message, "请先登录");
        assert_eq!(export_columns(Some(UserId(1)), &["x".into()], &known).expect_err("none").message, "请至少选择一列");
    }
}
