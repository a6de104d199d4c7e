//! One command, whole: who the user is to the suggestion ([`party_of`]), what the command
//! brings checked and trimmed, the facts it leaves, and the rows it writes ([`Effect`]).
//!
//! [`transition`] is the only way a suggestion changes. The store loads what the rules need
//! (the facts, the parties, the units an assignment names), calls it, and applies the
//! [`Outcome`]: it writes the facts, then each effect as rows, then one audit entry, in one
//! transaction. No rule is left for the store: an effect says exactly which rows change.

use super::{
    Command, CommandKind, ContactWay, Context, Extra, Facts, ReplyClass, Satisfaction, Standing, check_handling_date,
    next_facts,
};
use crate::ErrorCode;
use crate::error::Refusal;
use crate::ids::{OrgId, PersonId};
use crate::policy::Role;
use crate::text::bounded;
use jiff::civil::Date;

/// One deputy's signature on a suggestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    pub person: PersonId,
    /// 领衔 (else 联名).
    pub lead: bool,
    pub confirmed: bool,
}

/// One unit the suggestion is assigned to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub unit: OrgId,
    /// 主办 (else 会办).
    pub main: bool,
    /// A 会办 unit whose written view the 主办 still waits for (neither sent nor waived).
    pub view_awaited: bool,
}

/// Who gives a command: how they stand to the suggestion, and as whom (the deputy or the unit
/// the rows they write are in the name of).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Party {
    pub standing: Standing,
    pub person: Option<PersonId>,
    pub unit: Option<OrgId>,
}

/// How `role` stands to the suggestion of `congress` signed by `signatures` and assigned to
/// `units`, if at all: its lead or a co-signer, the staff of its own congress (staff of the
/// congresses above only read, so they are no party), its 主办 or a 会办 unit.
pub fn party_of(role: Role, congress: OrgId, signatures: &[Signature], units: &[Assignment]) -> Option<Party> {
    Some(match role {
        Role::Deputy { person } => {
            let s = signatures.iter().find(|s| s.person == person)?;
            let standing = if s.lead { Standing::Lead } else { Standing::CoSigner { confirmed: s.confirmed } };
            Party { standing, person: Some(person), unit: None }
        }
        Role::Staff { congress: c } if c == congress => Party { standing: Standing::Staff, person: None, unit: None },
        Role::Unit { unit } => {
            let a = units.iter().find(|a| a.unit == unit)?;
            let standing =
                if a.main { Standing::MainUnit } else { Standing::AssistingUnit { view_awaited: a.view_awaited } };
            Party { standing, person: None, unit: Some(unit) }
        }
        _ => return None,
    })
}

/// A unit an assignment names, as the store found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitChoice {
    pub id: OrgId,
    pub name: String,
    /// A handling unit of the suggestion's own congress.
    pub here: bool,
    /// Closed (撤销): no longer assigned anything.
    pub closed: bool,
}

/// The rows one command writes besides the facts. Each says exactly what changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// The draft's title and text are replaced.
    SetText { title: String, body: String },
    /// This co-signer's signature is confirmed now.
    ConfirmSignature { person: PersonId },
    /// This co-signer's signature is taken off.
    RemoveCosigner { person: PersonId },
    /// The co-signers who have not confirmed are taken off.
    RemovePendingCosigners,
    /// Every co-signer confirms again (a revised text).
    UnconfirmCosigners,
    /// The next number of its congress and year (立案编号).
    Number,
    /// The units it is assigned to, from `on` (replacing any before).
    AssignUnits { main: Vec<OrgId>, assisting: Vec<OrgId>, on: Date },
    /// It is assigned to no unit any more (a return approved).
    UnassignUnits,
    /// A unit's contact with the deputy.
    AddContact { unit: OrgId, on: Date, way: ContactWay, summary: String },
    /// A 会办 unit's written view, sent now.
    AddView { unit: OrgId, text: String },
    /// The 会办 views still awaited are waived now, for this reason.
    WaiveViews { reason: String },
    /// A reply of this round (with the documents the command brings), and the deadline it met.
    AddReply {
        unit: OrgId,
        round: u32,
        class: ReplyClass,
        body: String,
        signer: String,
        on: Date,
        due_on: Option<Date>,
    },
    /// The lead's rating of this round, now.
    AddRating { round: u32, attitude: Satisfaction, result: Satisfaction, reason: String },
    /// A reminder on this day (at most one a day).
    Remind { on: Date },
    /// Whether the replies may be read on the portal.
    SetPublishReply { publish: bool },
}

/// What one command does: the facts it leaves, what it brought (checked and trimmed, as the
/// audit entry keeps it) and the rows it writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub facts: Facts,
    pub extra: Extra,
    pub effects: Vec<Effect>,
    /// Whether the facts change at all (a reminder or a publication choice leaves them, and the
    /// suggestion's place in the lists, as they were).
    pub moves: bool,
}

/// A draft's title and text, trimmed, or why not.
pub fn check_draft(title: &str, body: &str) -> Result<(String, String), Refusal> {
    Ok((bounded("title", "标题", title, 1, 100)?, bounded("body", "建议内容", body, 10, 20_000)?))
}

/// Documents come only with a reply, at most `max` at a time.
pub fn check_files(kind: CommandKind, count: usize, max: usize) -> Result<(), Refusal> {
    if count > 0 && kind != CommandKind::Reply {
        return Err(Refusal::invalid("files", "只有答复可以附加文件"));
    }
    if count > max {
        return Err(Refusal::invalid("files", format!("每次答复最多附加{max}个文件")));
    }
    Ok(())
}

/// Checks what a command brings: the units of an assignment are open handling units of the
/// suggestion's congress, a contact and a reply have their text and a plausible date, and so
/// on. Returns it trimmed.
fn check_extra(cmd: &Command, extra: &Extra, facts: &Facts, cx: &Context<'_>) -> Result<Extra, Refusal> {
    let missing = |what: &str| Refusal::invalid("extra", format!("缺少{what}"));
    let invalid = |field: &'static str, message: String| Refusal::new(ErrorCode::InvalidInput, message).at(field);
    Ok(match cmd.kind() {
        CommandKind::Assign => {
            let Extra::Assign { main, assisting } = extra else {
                return Err(missing("承办单位"));
            };
            if main.is_empty() {
                return Err(invalid("main", "请至少选择一个主办单位".into()));
            }
            let mut all: Vec<OrgId> = main.iter().chain(assisting.iter()).copied().collect();
            all.sort();
            all.dedup();
            if all.len() != main.len() + assisting.len() {
                return Err(invalid("assisting", "同一单位不能重复选择，也不能既主办又会办".into()));
            }
            for id in &all {
                let Some(u) = cx.units.iter().find(|u| u.id == *id) else {
                    return Err(invalid("main", "请选择有效的单位".into()));
                };
                if !u.here {
                    return Err(invalid("main", format!("“{}”不是本级人大的承办单位", u.name)));
                }
                if u.closed {
                    let field = if main.contains(id) { "main" } else { "assisting" };
                    return Err(invalid(field, format!("“{}”已撤销，不能再交办给它", u.name)));
                }
            }
            Extra::Assign { main: main.clone(), assisting: assisting.clone() }
        }
        CommandKind::RecordContact => {
            let Extra::Contact { on, way, summary } = extra else {
                return Err(missing("沟通情况"));
            };
            check_handling_date("沟通日期", *on, facts, cx.today)?;
            Extra::Contact { on: *on, way: *way, summary: bounded("summary", "沟通情况", summary, 5, 2000)? }
        }
        CommandKind::SubmitView => {
            let Extra::View { text } = extra else {
                return Err(missing("会办意见"));
            };
            Extra::View { text: bounded("text", "会办意见", text, 5, 10_000)? }
        }
        CommandKind::Reply => {
            let Extra::Reply { body, signer, on } = extra else {
                return Err(missing("答复内容"));
            };
            check_handling_date("答复日期", *on, facts, cx.today)?;
            Extra::Reply {
                body: bounded("body", "答复内容", body, 20, 20_000)?,
                signer: bounded("signer", "签发人", signer, 1, 30)?,
                on: *on,
            }
        }
        _ => Extra::None,
    })
}

/// Applies one command given by `party`: the facts it leaves and the rows it writes, or why it
/// may not be given (and then nothing changes).
pub fn transition(
    facts: &Facts,
    party: &Party,
    cmd: &Command,
    extra: &Extra,
    cx: &Context<'_>,
) -> Result<Outcome, Refusal> {
    let mut next = next_facts(facts, party.standing, cmd, cx)?;
    let extra = check_extra(cmd, extra, facts, cx)?;
    // The rows in the name of the deputy or unit giving the command.
    let as_deputy = || party.person.ok_or_else(|| Refusal::of(ErrorCode::Forbidden));
    let as_unit = || party.unit.ok_or_else(|| Refusal::of(ErrorCode::Forbidden));
    let round = next.rehandled + 1;
    let effects = match (cmd, &extra) {
        (Command::Edit { title, body }, _) => {
            let (title, body) = check_draft(title, body)?;
            vec![Effect::SetText { title, body }]
        }
        (Command::ConfirmCosign, _) => vec![Effect::ConfirmSignature { person: as_deputy()? }],
        (Command::DeclineCosign, _) => vec![Effect::RemoveCosigner { person: as_deputy()? }],
        (Command::DropPendingCosigners, _) => vec![Effect::RemovePendingCosigners],
        (Command::Revise, _) => vec![Effect::UnconfirmCosigners],
        (Command::Register, _) => vec![Effect::Number],
        (Command::Assign { on, .. }, Extra::Assign { main, assisting }) => {
            // Every 会办 unit owes its view from the start.
            next.views_pending = assisting.len() as u32;
            vec![Effect::AssignUnits { main: main.clone(), assisting: assisting.clone(), on: *on }]
        }
        (Command::ApproveReturn, _) => vec![Effect::UnassignUnits],
        (Command::RecordContact, Extra::Contact { on, way, summary }) => {
            vec![Effect::AddContact { unit: as_unit()?, on: *on, way: *way, summary: summary.clone() }]
        }
        (Command::SubmitView, Extra::View { text }) => vec![Effect::AddView { unit: as_unit()?, text: text.clone() }],
        (Command::WaiveViews { reason }, _) => vec![Effect::WaiveViews { reason: reason.trim().to_owned() }],
        (Command::Reply { class }, Extra::Reply { body, signer, on }) => vec![Effect::AddReply {
            unit: as_unit()?,
            round,
            class: *class,
            body: body.clone(),
            signer: signer.clone(),
            on: *on,
            due_on: facts.due_on,
        }],
        (Command::Rate { attitude, result, reason }, _) => {
            vec![Effect::AddRating { round, attitude: *attitude, result: *result, reason: reason.trim().to_owned() }]
        }
        (Command::Remind, _) => {
            next.reminded_on = Some(cx.today);
            vec![Effect::Remind { on: cx.today }]
        }
        (Command::PublishReply { publish }, _) => vec![Effect::SetPublishReply { publish: *publish }],
        _ => Vec::new(),
    };
    let moves = !matches!(cmd, Command::Remind | Command::PublishReply { .. });
    Ok(Outcome { facts: next, extra, effects, moves })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::HolidayCalendar;
    use crate::suggestion::{Settings, SuggestionState};
    use jiff::civil::date;

    fn cx<'a>(cal: &'a HolidayCalendar, settings: &'a Settings, units: &'a [UnitChoice]) -> Context<'a> {
        Context { today: date(2026, 3, 10), calendar: cal, settings, units }
    }

    #[test]
    fn a_deputy_is_a_party_by_signature_and_staff_only_in_their_own_congress() {
        let c = OrgId(1);
        let sigs = [
            Signature { person: PersonId(5), lead: true, confirmed: true },
            Signature { person: PersonId(6), lead: false, confirmed: false },
        ];
        let units = [
            Assignment { unit: OrgId(20), main: true, view_awaited: false },
            Assignment { unit: OrgId(21), main: false, view_awaited: true },
        ];
        let standing = |role| party_of(role, c, &sigs, &units).map(|p| p.standing);
        assert_eq!(standing(Role::Deputy { person: PersonId(5) }), Some(Standing::Lead));
        assert_eq!(standing(Role::Deputy { person: PersonId(6) }), Some(Standing::CoSigner { confirmed: false }));
        assert_eq!(standing(Role::Deputy { person: PersonId(7) }), None);
        assert_eq!(standing(Role::Staff { congress: c }), Some(Standing::Staff));
        assert_eq!(standing(Role::Staff { congress: OrgId(99) }), None, "staff above only read");
        assert_eq!(standing(Role::Unit { unit: OrgId(20) }), Some(Standing::MainUnit));
        assert_eq!(standing(Role::Unit { unit: OrgId(21) }), Some(Standing::AssistingUnit { view_awaited: true }));
        assert_eq!(standing(Role::Admin), None);
        let p = party_of(Role::Unit { unit: OrgId(21) }, c, &sigs, &units).expect("a party");
        assert_eq!((p.person, p.unit), (None, Some(OrgId(21))));
    }

    #[test]
    fn an_assignment_names_open_units_of_its_congress_and_writes_them_with_its_views_owed() {
        let cal = HolidayCalendar::builtin();
        let settings = Settings::default();
        let facts = Facts { state: SuggestionState::Registered, ..Facts::draft(0) };
        let staff = Party { standing: Standing::Staff, person: None, unit: None };
        let unit = |id, here, closed| UnitChoice { id: OrgId(id), name: format!("单位{id}"), here, closed };
        let units = [unit(20, true, false), unit(21, true, false), unit(22, false, false), unit(23, true, true)];
        let cmd = Command::Assign { on: date(2026, 3, 9), complex: false };
        let assign = |main: Vec<i64>, assisting: Vec<i64>| {
            let extra = Extra::Assign {
                main: main.into_iter().map(OrgId).collect(),
                assisting: assisting.into_iter().map(OrgId).collect(),
            };
            transition(&facts, &staff, &cmd, &extra, &cx(&cal, &settings, &units))
        };
        let o = assign(vec![20], vec![21]).expect("assigned");
        assert_eq!(o.facts.views_pending, 1);
        assert_eq!(
            o.effects,
            vec![Effect::AssignUnits { main: vec![OrgId(20)], assisting: vec![OrgId(21)], on: date(2026, 3, 9) }]
        );
        assert_eq!(assign(vec![], vec![21]).expect_err("no main").field, Some("main"));
        assert_eq!(assign(vec![20], vec![20]).expect_err("twice").field, Some("assisting"));
        assert!(assign(vec![22], vec![]).expect_err("elsewhere").message.contains("不是本级人大的承办单位"));
        let closed = assign(vec![20], vec![23]).expect_err("closed");
        assert_eq!((closed.field, closed.code), (Some("assisting"), ErrorCode::InvalidInput));
        assert!(assign(vec![24], vec![]).is_err(), "a unit the store did not find");
    }

    #[test]
    fn a_reply_is_written_in_the_units_name_for_its_round_and_a_reminder_once_a_day() {
        let cal = HolidayCalendar::builtin();
        let settings = Settings::default();
        let facts = Facts {
            state: SuggestionState::InProgress,
            assigned_on: Some(date(2026, 1, 5)),
            due_on: Some(date(2026, 4, 5)),
            contacts: 1,
            rehandled: 1,
            ..Facts::draft(0)
        };
        let main = Party { standing: Standing::MainUnit, person: None, unit: Some(OrgId(20)) };
        let extra =
            Extra::Reply {
                body: format!("  {}  ", "答复".repeat(12)), signer: "王某".into(), on: date(2026, 3, 9)
            };
        let o = transition(&facts, &main, &Command::Reply { class: ReplyClass::A }, &extra, &cx(&cal, &settings, &[]))
            .expect("replied");
        let Effect::AddReply { unit, round, body, due_on, .. } = &o.effects[0] else { panic!("{:?}", o.effects) };
        assert_eq!((*unit, *round, *due_on), (OrgId(20), 2, Some(date(2026, 4, 5))));
        assert_eq!(body, &"答复".repeat(12), "trimmed");
        assert!(o.moves);
        let short = Extra::Reply { body: "太短".into(), signer: "王某".into(), on: date(2026, 3, 9) };
        let e = transition(&facts, &main, &Command::Reply { class: ReplyClass::A }, &short, &cx(&cal, &settings, &[]))
            .expect_err("short");
        assert_eq!(e.field, Some("body"));

        let overdue = Facts { due_on: Some(date(2026, 3, 1)), ..facts.clone() };
        let staff = Party { standing: Standing::Staff, person: None, unit: None };
        let o =
            transition(&overdue, &staff, &Command::Remind, &Extra::None, &cx(&cal, &settings, &[])).expect("reminded");
        assert_eq!(o.effects, vec![Effect::Remind { on: date(2026, 3, 10) }]);
        assert!(!o.moves);
        let again = transition(&o.facts, &staff, &Command::Remind, &Extra::None, &cx(&cal, &settings, &[]));
        assert_eq!(again.expect_err("twice a day").code, ErrorCode::RemindedToday);
    }

    #[test]
    fn editing_and_publishing_are_the_leads_and_documents_come_only_with_a_reply() {
        let cal = HolidayCalendar::builtin();
        let settings = Settings::default();
        let draft = Facts::draft(1);
        let lead = Party { standing: Standing::Lead, person: Some(PersonId(5)), unit: None };
        let cosigner =
            Party { standing: Standing::CoSigner { confirmed: false }, person: Some(PersonId(6)), unit: None };
        let edit =
            Command::Edit { title: " 新标题 ".into(), body: "关于加快老旧小区改造的建议".into() };
        let o = transition(&draft, &lead, &edit, &Extra::None, &cx(&cal, &settings, &[])).expect("edited");
        assert_eq!(
            o.effects,
            vec![Effect::SetText { title: "新标题".into(), body: "关于加快老旧小区改造的建议".into() }]
        );
        let e = transition(&draft, &cosigner, &edit, &Extra::None, &cx(&cal, &settings, &[])).expect_err("not lead");
        assert_eq!(e.code, ErrorCode::Forbidden);
        let blank = Command::Edit { title: " ".into(), body: "关于加快老旧小区改造的建议".into() };
        let e = transition(&draft, &lead, &blank, &Extra::None, &cx(&cal, &settings, &[])).expect_err("blank");
        assert_eq!(e.field, Some("title"));

        let publish = Command::PublishReply { publish: true };
        let o = transition(&draft, &lead, &publish, &Extra::None, &cx(&cal, &settings, &[])).expect("lead decides");
        assert_eq!(o.effects, vec![Effect::SetPublishReply { publish: true }]);
        assert!(!o.moves);
        assert!(transition(&draft, &cosigner, &publish, &Extra::None, &cx(&cal, &settings, &[])).is_err());

        assert!(check_files(CommandKind::Reply, 3, 5).is_ok());
        assert_eq!(check_files(CommandKind::Rate, 1, 5).expect_err("not a reply").field, Some("files"));
        assert!(check_files(CommandKind::Reply, 6, 5).is_err());
    }
}
