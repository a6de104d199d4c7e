//! One step on a request or report, whole: who the user is to the register ([`party_of`]), what
//! a new draft brings checked ([`create`]), the facts a command leaves and the columns it fills
//! ([`Effect`]), the audit entry's action name, and who may give the grant that opens the
//! register ([`grant`]).
//!
//! The store loads what the rules need (the policy's answer, whether the user holds the grant,
//! the last number of the register a sending goes into), calls these, and applies the
//! [`Outcome`] in one transaction with its audit entry. No rule is left for the store.

use super::{Command, CommandKind, Facts, MatterKind, RegisterNumber, Role, permitted, transition};
use crate::ErrorCode;
use crate::error::Refusal;
use crate::ids::OrgId;
use crate::policy;
use jiff::civil::Date;

/// The grant that opens the register of major matters.
pub const GRANT_MAJOR_MATTERS: &str = "major_matters";

/// Grants staff may hold, with their labels.
pub const GRANTS: [(&str, &str); 1] = [(GRANT_MAJOR_MATTERS, "重大事项请示报告")];

/// The longest body of a request or report, in characters.
pub const BODY_MAX: usize = 20_000;

/// The longest reply text kept, in characters.
pub const REPLY_MAX: usize = 10_000;

/// The audit action of a new draft.
pub const CREATE_ACTION: &str = "major_matter.create";

fn no_grant() -> Refusal {
    Refusal::new(ErrorCode::Forbidden, "重大事项请示报告仅限经授权的本级人大工作人员办理和查阅。")
}

/// Who a user is to the register of a congress the policy let them into: the roles of the
/// machine they may take. Staff holding the grant are both drafter and approver (the 党组's
/// approval is recorded by the staff who keep the register); the admin only reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Party {
    pub roles: &'static [Role],
}

impl Party {
    /// Staff holding the grant.
    pub const KEEPER: Party = Party { roles: &[Role::Drafter, Role::Approver] };
    /// The admin: reads, gives no command.
    pub const READER: Party = Party { roles: &[] };

    /// The commands this party may give now from the matter's page (a draft is edited only as
    /// it is created): exactly the buttons to show.
    pub fn commands(&self, facts: &Facts) -> Vec<CommandKind> {
        let mut v: Vec<CommandKind> = self.roles.iter().flat_map(|r| permitted(facts, *r)).collect();
        v.retain(|k| *k != CommandKind::Edit);
        v
    }

    /// The role in which this party gives `kind` (the one its rule names), if it has it.
    fn role_for(&self, kind: CommandKind) -> Option<Role> {
        let by = super::rule(kind).by;
        self.roles.contains(&by).then_some(by)
    }
}

/// Who `role` is to the register, once the policy allowed the action on its congress: staff
/// must hold the grant (`holds_grant`: the store found it for the user's account).
pub fn party_of(role: policy::Role, holds_grant: bool) -> Result<Party, Refusal> {
    match role {
        policy::Role::Staff { .. } if holds_grant => Ok(Party::KEEPER),
        policy::Role::Staff { .. } => Err(no_grant()),
        _ => Ok(Party::READER),
    }
}

impl CommandKind {
    /// The stable snake_case code (as serde writes it): the API's and the forms' name of the step.
    pub fn code(self) -> &'static str {
        match self {
            CommandKind::Edit => "edit",
            CommandKind::Submit => "submit",
            CommandKind::Approve => "approve",
            CommandKind::Return => "return",
            CommandKind::Send => "send",
            CommandKind::RecordReply => "record_reply",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// The audit entry's action: `major_matter.submit`, …
    pub fn action(self) -> String {
        format!("major_matter.{}", self.code())
    }
}

/// A new draft, checked: its facts and its body (trimmed), as the store writes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub facts: Facts,
    pub body: String,
    /// The register year it is listed under until it is sent.
    pub year: i16,
}

/// A new request or report drafted on `today` by `party` with `files` attachments (at most
/// `max_files`), or why not.
pub fn create(
    party: &Party,
    kind: MatterKind,
    subject: &str,
    body: &str,
    files: usize,
    max_files: usize,
    today: Date,
) -> Result<Draft, Refusal> {
    let role = party.role_for(CommandKind::Edit).ok_or_else(no_grant)?;
    if files > max_files {
        return Err(Refusal::invalid("files", format!("最多附加{max_files}个文件")));
    }
    if body.chars().count() > BODY_MAX {
        return Err(Refusal::invalid("body", format!("正文不能超过{BODY_MAX}个字")));
    }
    let edit = Command::Edit { subject: subject.to_owned(), attachments: files as u32 };
    let facts = transition(&Facts::draft(kind), role, &edit, today)?;
    Ok(Draft { facts, body: body.trim().to_owned(), year: today.year() })
}

/// The register a command numbers the matter in (its year and kind), if it does: the store
/// finds the last number given there and passes it in [`Context::last_seq`].
pub fn register_of(facts: &Facts, cmd: &Command) -> Option<(i16, MatterKind)> {
    match cmd {
        Command::Send { on, .. } => Some((on.year(), facts.kind)),
        _ => None,
    }
}

/// What the store found for a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context {
    pub today: Date,
    /// The highest number given so far in the register of [`register_of`], if any.
    pub last_seq: Option<u32>,
}

/// The columns one command fills besides the facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Its place in the register: the year and number it was sent under.
    Number { year: i16, seq: u32 },
    /// The party committee's reply, as recorded.
    KeepReply { text: String },
    /// Why it was returned for revision (the last reason is kept).
    KeepNote { reason: String },
}

/// What one command does: the facts it leaves, the command as recorded (a sending with its
/// register number), the columns it fills, and the audit entry's action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub facts: Facts,
    pub command: Command,
    pub effects: Vec<Effect>,
    pub action: String,
}

/// Applies `cmd` given by `party`, or says why not (and then nothing changes).
pub fn act(facts: &Facts, party: &Party, cmd: &Command, cx: &Context) -> Result<Outcome, Refusal> {
    let kind = cmd.kind();
    let role = party.role_for(kind).ok_or_else(no_grant)?;
    let command = match cmd {
        // Numbers are given when sending: the next of its kind in the send date's year.
        Command::Send { on, .. } => {
            Command::Send { on: *on, number: RegisterNumber::next(on.year(), facts.kind, cx.last_seq) }
        }
        other => other.clone(),
    };
    let next = transition(facts, role, &command, cx.today)?;
    let effects = match &command {
        Command::Send { .. } => {
            next.number.map(|n| vec![Effect::Number { year: n.year, seq: n.seq }]).unwrap_or_default()
        }
        Command::RecordReply { summary, .. } => {
            let text = summary.trim().to_owned();
            if text.chars().count() > REPLY_MAX {
                return Err(Refusal::invalid("reply", format!("批复内容不能超过{REPLY_MAX}个字")));
            }
            vec![Effect::KeepReply { text }]
        }
        Command::Return { reason } => vec![Effect::KeepNote { reason: reason.trim().to_owned() }],
        _ => Vec::new(),
    };
    Ok(Outcome { facts: next, command, effects, action: kind.action() })
}

/// A change of one account's grant: the account's congress (the audit chain it is kept on),
/// and whether it is held after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GrantChange {
    pub congress: OrgId,
    pub on: bool,
}

impl GrantChange {
    /// The audit action: `grant.give` or `grant.take`.
    pub fn action(&self) -> &'static str {
        if self.on { "grant.give" } else { "grant.take" }
    }
}

/// Whether `grant` is one staff may hold.
pub fn check_grant_code(grant: &str) -> Result<(), Refusal> {
    if GRANTS.iter().any(|(g, _)| *g == grant) { Ok(()) } else { Err(Refusal::invalid("grant", "未知的授权")) }
}

/// Gives (`on`) or takes back a grant from the account of `target`, by `actor` (who holds it
/// or not: `actor_holds`). The admin may; so may staff of the same congress who hold the grant
/// themselves. `None`: the account already is as asked, nothing changes.
pub fn grant(
    actor: policy::Role,
    actor_holds: bool,
    target: policy::Role,
    held: bool,
    on: bool,
) -> Result<Option<GrantChange>, Refusal> {
    let policy::Role::Staff { congress } = target else {
        return Err(Refusal::invalid("grant", "只能授权给人大工作人员"));
    };
    let may = match actor {
        policy::Role::Admin => true,
        policy::Role::Staff { congress: c } => c == congress && actor_holds,
        _ => false,
    };
    if !may {
        return Err(Refusal::new(ErrorCode::Forbidden, "只有系统管理员或已获此授权的本级人大工作人员可以授权。"));
    }
    Ok((held != on).then_some(GrantChange { congress, on }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oversight::major::MatterState;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 3, 10);

    fn cx(last_seq: Option<u32>) -> Context {
        Context { today: TODAY, last_seq }
    }

    fn drafted(kind: MatterKind) -> Facts {
        create(&Party::KEEPER, kind, " 关于召开代表大会的请示 ", "  正文  ", 0, 5, TODAY).expect("draft").facts
    }

    fn step(f: &Facts, cmd: Command) -> Outcome {
        act(f, &Party::KEEPER, &cmd, &cx(None)).unwrap_or_else(|e| panic!("{cmd:?}: {e}"))
    }

    #[test]
    fn staff_need_the_grant_and_the_admin_only_reads() {
        let staff = policy::Role::Staff { congress: OrgId(1) };
        assert_eq!(party_of(staff, true), Ok(Party::KEEPER));
        let e = party_of(staff, false).expect_err("no grant");
        assert_eq!(e.code, ErrorCode::Forbidden);
        assert!(e.message.contains("经授权"));
        assert_eq!(party_of(policy::Role::Admin, false), Ok(Party::READER));
        let facts = drafted(MatterKind::Request);
        assert_eq!(Party::KEEPER.commands(&facts), vec![CommandKind::Submit]);
        assert!(Party::READER.commands(&facts).is_empty());
        let e = act(&facts, &Party::READER, &Command::Submit, &cx(None)).expect_err("reader");
        assert_eq!(e.code, ErrorCode::Forbidden);
        let e = create(&Party::READER, MatterKind::Report, "事项", "", 0, 5, TODAY).expect_err("reader");
        assert_eq!(e.code, ErrorCode::Forbidden);
    }

    #[test]
    fn a_draft_is_checked_and_trimmed() {
        let d = create(&Party::KEEPER, MatterKind::Report, " 事项 ", "  正文 ", 2, 5, TODAY).expect("draft");
        assert_eq!((d.facts.subject.as_str(), d.body.as_str(), d.facts.attachments, d.year), ("事项", "正文", 2, 2026));
        let e = create(&Party::KEEPER, MatterKind::Report, "事项", "", 6, 5, TODAY).expect_err("files");
        assert_eq!((e.field, e.message.as_str()), (Some("files"), "最多附加5个文件"));
        let long = "字".repeat(BODY_MAX + 1);
        let e = create(&Party::KEEPER, MatterKind::Report, "事项", &long, 0, 5, TODAY).expect_err("body");
        assert_eq!((e.field, e.message.as_str()), (Some("body"), "正文不能超过20000个字"));
        let e = create(&Party::KEEPER, MatterKind::Report, " ", "", 0, 5, TODAY).expect_err("subject");
        assert_eq!(e.code, ErrorCode::SubjectRequired);
    }

    #[test]
    fn sending_takes_the_next_number_of_its_register_and_a_reply_and_reason_are_kept() {
        let f = step(&drafted(MatterKind::Request), Command::Submit).facts;
        let returned = step(&f, Command::Return { reason: " 附件不全 ".into() });
        assert_eq!(returned.effects, vec![Effect::KeepNote { reason: "附件不全".into() }]);
        assert_eq!(returned.action, "major_matter.return");
        let f = step(&returned.facts, Command::Submit).facts;
        let f = step(&f, Command::Approve).facts;
        let placeholder = RegisterNumber::next(2020, MatterKind::Report, None);
        let send = Command::Send { on: TODAY, number: placeholder };
        assert_eq!(register_of(&f, &send), Some((2026, MatterKind::Request)));
        assert_eq!(register_of(&f, &Command::Approve), None);
        let sent = act(&f, &Party::KEEPER, &send, &cx(Some(2))).expect("sent");
        let number = RegisterNumber { year: 2026, kind: MatterKind::Request, seq: 3 };
        assert_eq!(sent.facts.number, Some(number));
        assert_eq!(sent.command, Command::Send { on: TODAY, number });
        assert_eq!(sent.effects, vec![Effect::Number { year: 2026, seq: 3 }]);
        assert_eq!(sent.action, "major_matter.send");
        let long = Command::RecordReply { on: TODAY, summary: "字".repeat(REPLY_MAX + 1) };
        let e = act(&sent.facts, &Party::KEEPER, &long, &cx(None)).expect_err("long");
        assert_eq!((e.field, e.message.as_str()), (Some("reply"), "批复内容不能超过10000个字"));
        let replied = step(&sent.facts, Command::RecordReply { on: TODAY, summary: " 同意。 ".into() });
        assert_eq!(replied.effects, vec![Effect::KeepReply { text: "同意。".into() }]);
        assert_eq!((replied.facts.state, replied.action.as_str()), (MatterState::Replied, "major_matter.record_reply"));
    }

    #[test]
    fn codes_are_what_serde_writes() {
        for k in CommandKind::ALL {
            assert_eq!(serde_json::to_value(k).expect("json"), serde_json::json!(k.code()));
            assert_eq!(CommandKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn the_admin_or_a_holder_of_the_same_congress_gives_the_grant_to_staff() {
        let city = policy::Role::Staff { congress: OrgId(1) };
        let county = policy::Role::Staff { congress: OrgId(2) };
        assert_eq!(check_grant_code(GRANT_MAJOR_MATTERS), Ok(()));
        assert_eq!(check_grant_code("x").expect_err("unknown").field, Some("grant"));
        let give = grant(policy::Role::Admin, false, city, false, true).expect("admin");
        assert_eq!(give, Some(GrantChange { congress: OrgId(1), on: true }));
        assert_eq!(give.map(|g| g.action()), Some("grant.give"));
        assert_eq!(grant(city, true, city, true, false).expect("holder").map(|g| g.action()), Some("grant.take"));
        assert_eq!(grant(city, true, city, true, true), Ok(None), "already held");
        assert_eq!(grant(city, false, city, false, true).expect_err("not held").code, ErrorCode::Forbidden);
        assert_eq!(grant(county, true, city, false, true).expect_err("other congress").code, ErrorCode::Forbidden);
        let e = grant(policy::Role::Admin, false, policy::Role::Admin, false, true).expect_err("not staff");
        assert_eq!((e.code, e.field), (ErrorCode::InvalidInput, Some("grant")));
    }
}
