//! The standing committee's meetings (issue 17): staff keep the committee's composition
//! (`/meetings/members`), schedule meetings and put matters on their agenda, notify the
//! members, decide leave requests, sign members in and open and close each vote; a member sees
//! the meetings they sit in, asks for leave, signs in on the day and votes on a phone. When the
//! devices fail, the clerk records a vote counted in the room (a show of hands or paper ballots,
//! two tellers) before anyone voted on a device. The
//! quorum and the result (more than half of **all** members) are the core's
//! (`renda_core::meeting`); the store keeps secret votes unlinkable.

use super::oversight::Fields;
use super::{Ctx, actor, done, notice_text, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use renda_core::ErrorCode;
use renda_core::ValidationError;
use renda_core::ids::{LeaveRequestId, MeetingId, MembershipId, OrgId, PersonId};
use renda_core::meeting::agenda::Matter;
use renda_core::meeting::attendance::Presence;
use renda_core::meeting::vote::{Choice, CountMethod, Secrecy, VoteState};
use renda_core::meeting::{MeetingKind, MemberRole};
use renda_core::policy::{Action, Resource};
use renda_store::meetings::votes::NewCount;
use renda_store::meetings::{ItemRow, MeetingRow, MeetingView, MemberRow, NewItem, NewMeeting, NewMembership, VoteId};
use renda_store::people::DeputyFilter;
use renda_store::users::Session;
use std::collections::BTreeSet;

/// The congress whose meetings a staff member runs.
fn own_congress(s: &Session) -> AppResult<OrgId> {
    s.user.role.staff_congress().ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以管理会议。"))
}

fn kind_of(f: &Fields) -> AppResult<MeetingKind> {
    MeetingKind::from_code(f.get("kind").trim()).ok_or_else(|| ValidationError::new("kind", "请选择会议类型").into())
}

#[derive(Template)]
#[template(path = "meetings.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    /// Staff who may schedule meetings (the form is shown).
    pub may_create: bool,
    pub rows: Vec<MeetingRow>,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub today: jiff::civil::Date,
}

/// Staff: their congress's meetings and the form for a new one; a deputy: the meetings they
/// sit in.
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let (may_create, rows) = match s.user.role.staff_congress() {
        Some(congress) => (
            super::may_in(&state, &s, Action::Create, Resource::Meeting, congress).await?,
            state.store.list_meetings(&actor(&s), congress).await?,
        ),
        None if s.user.role.deputy().is_some() => (false, state.store.meetings_of_member(&actor(&s)).await?),
        None => return Err(AppError::of(ErrorCode::Forbidden)),
    };
    render(&ListPage {
        ctx: Ctx::new(&state, Some(&s), "会议", "/meetings"),
        notice: notice_text(q.notice.as_deref()),
        may_create,
        rows,
        kinds: MeetingKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        today: state.today(),
    })
}

pub async fn create(State(state): State<AppState>, CurrentUser(s): CurrentUser, body: Bytes) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let f = Fields::parse(&body)?;
    let new = NewMeeting {
        kind: kind_of(&f)?,
        number: f.opt_int("number")?,
        title: f.get("title").to_owned(),
        held_on: f.date("held_on")?,
        place: f.get("place").to_owned(),
        notified_on: None,
    };
    let id = state.store.create_meeting(&actor(&s), congress, &new).await?;
    Ok(done(&format!("/meetings/{}", id.0), "meeting_created"))
}

#[derive(Template)]
#[template(path = "meeting.html")]
pub struct MeetingPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub v: MeetingView,
    /// Staff of the meeting's congress: the agenda form, sign-ins, leave decisions, votes.
    pub may_run: bool,
    /// The reader as a member of the meeting's body, if they are one.
    pub me: Option<PersonId>,
    /// The matters the reader has voted on.
    pub voted: BTreeSet<VoteId>,
    pub today: jiff::civil::Date,
    pub choices: Vec<(&'static str, &'static str)>,
    /// Each closed open vote's roll: (item, [(name, choice)]).
    pub rolls: Vec<(VoteId, Vec<(String, &'static str)>)>,
    /// For the clerk: the personnel cases filed for this meeting and its standing 任免公告.
    pub cases: Vec<renda_store::meetings::personnel::CaseRow>,
    pub appointment_notices: Vec<renda_store::official::IssuedDocument>,
    /// How many days ahead the congress notifies its members (its settings).
    pub notice_days: u32,
    /// The last day to publish what the meeting decided (its settings' publication days).
    pub publish_by: jiff::civil::Date,
    /// The 列席 and 旁听 lists, the speeches and the 简报 (`pages::meeting_minutes`).
    pub minutes: super::meeting_minutes::Minutes,
}

impl MeetingPage {
    /// Whether the reader sits in the meeting's body.
    pub fn is_member(&self) -> bool {
        self.me.is_some_and(|p| self.v.attendance.iter().any(|a| a.person == p))
    }

    /// Whether the reader, a member, is signed in now.
    pub fn signed_in(&self) -> bool {
        self.me.is_some_and(|p| self.v.attendance.iter().any(|a| a.person == p && a.presence.code() == "present"))
    }

    /// Whether the reader may vote on `item` now.
    pub fn may_vote(&self, item: &VoteId, state: &VoteState) -> bool {
        *state == VoteState::Open && self.signed_in() && !self.voted.contains(item)
    }

    pub fn roll_of(&self, item: &VoteId) -> Option<&[(String, &'static str)]> {
        self.rolls.iter().find(|(i, _)| i == item).map(|(_, r)| r.as_slice())
    }

    /// Whether a case of the meeting passed (a 任免公告 can be issued).
    pub fn any_passed(&self) -> bool {
        self.cases.iter().any(|c| c.state.code() == "passed")
    }

    pub fn is_secret(&self, s: &Secrecy) -> bool {
        *s == Secrecy::Secret
    }

    pub fn matter_label(&self, m: &Matter) -> &'static str {
        match m {
            Matter::Amendment { .. } => "修正案",
            Matter::Text => "表决事项",
            Matter::Personnel { .. } => "人事任免",
        }
    }

    /// Whether the clerk may record a count in the room for `item`: its vote is open and nobody
    /// has voted on a device (the two ways never mix).
    pub fn may_count(&self, item: &ItemRow) -> bool {
        self.may_run && item.state == VoteState::Open && item.voted == 0
    }

    /// The ways `item` may be counted in the room: paper ballots only for a secret vote.
    pub fn count_methods(&self, item: &ItemRow) -> Vec<(&'static str, &'static str)> {
        CountMethod::ALL
            .iter()
            .filter(|m| !(item.secrecy == Secrecy::Secret && **m == CountMethod::ShowOfHands))
            .map(|m| (m.code(), m.label()))
            .collect()
    }

    /// The members present now, who may be tellers: (person, name).
    pub fn present_members(&self) -> Vec<(i64, &str)> {
        self.v
            .attendance
            .iter()
            .filter(|a| a.presence == Presence::Present)
            .map(|a| (a.person.0, a.name.as_str()))
            .collect()
    }

    /// The matters an amendment may be to: the texts on the agenda.
    pub fn texts(&self) -> Vec<(i64, &str)> {
        self.v.items.iter().filter(|i| matches!(i.matter, Matter::Text)).map(|i| (i.id.0, i.title.as_str())).collect()
    }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let v = state.store.meeting(&actor(&s), MeetingId(id)).await?;
    let may_run = super::own_staff(s.user.role, v.meeting.congress)
        && super::may_in(&state, &s, Action::Edit, Resource::Meeting, v.meeting.congress).await?;
    let voted = state.store.voted_in(&actor(&s), v.meeting.id).await?;
    let mut rolls = Vec::new();
    for item in v.items.iter().filter(|i| i.state == VoteState::Closed && i.secrecy == Secrecy::Open) {
        if let Some(roll) = state.store.vote_roll(&actor(&s), item.id).await? {
            rolls.push((item.id, roll.into_iter().map(|(_, name, c)| (name, c.label())).collect()));
        }
    }
    let (cases, appointment_notices) = if may_run {
        let source = renda_store::official::Source::Meeting(v.meeting.id);
        (
            state.store.meeting_cases(&actor(&s), v.meeting.id).await?,
            state.store.standing_official_for(&actor(&s), source).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let settings = state.store.meeting_settings(v.meeting.congress).await?;
    let notice_days = settings.notice_days;
    let publish_by = renda_core::meeting::publish_by(v.meeting.held_on, &settings);
    let minutes = super::meeting_minutes::Minutes::load(&state, &s, &v, may_run).await?;
    render(&MeetingPage {
        ctx: Ctx::new(&state, Some(&s), &v.meeting.title.clone(), "/meetings"),
        cases,
        appointment_notices,
        notice: notice_text(q.notice.as_deref()),
        v,
        may_run,
        me: s.user.role.deputy(),
        voted,
        today: state.today(),
        choices: [Choice::Yes, Choice::No, Choice::Abstain].iter().map(|c| (c.code(), c.label())).collect(),
        rolls,
        notice_days,
        publish_by,
        minutes,
    })
}

/// The clerk records that the members were notified (today).
pub async fn notify(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    state.store.notify_meeting(&actor(&s), MeetingId(id), state.today()).await?;
    Ok(done(&format!("/meetings/{id}"), "meeting_notified"))
}

/// A matter for the agenda: a text voted as a whole, or an amendment to one (personnel matters
/// come with the appointment cases).
pub async fn add_item(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let matter = match f.get("matter") {
        "text" => Matter::Text,
        "amendment" => Matter::Amendment { to: VoteId(f.int("to", "修正的表决事项")?) },
        _ => return Err(ValidationError::new("matter", "请选择表决事项的类型").into()),
    };
    let secrecy = match f.get("secrecy") {
        "" => None,
        code => Some(Secrecy::from_code(code).ok_or_else(|| ValidationError::new("secrecy", "请选择表决方式"))?),
    };
    let new = NewItem { title: f.get("title").to_owned(), matter, secrecy };
    state.store.add_agenda_item(&actor(&s), MeetingId(id), &new).await?;
    Ok(done(&format!("/meetings/{id}"), "item_added"))
}

/// A member asks for leave (请假), with the reason.
pub async fn leave(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let person = s.user.role.deputy().ok_or_else(|| AppError::of(ErrorCode::Forbidden))?;
    state.store.request_leave(&actor(&s), MeetingId(id), person, f.get("reason")).await?;
    Ok(done(&format!("/meetings/{id}"), "leave_requested"))
}

/// The clerk records the 主任's decision on a leave request.
pub async fn decide_leave(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let approve = match f.get("decision") {
        "approve" => true,
        "decline" => false,
        _ => return Err(ValidationError::new("decision", "请选择批准或不批准").into()),
    };
    let row = state.store.decide_leave(&actor(&s), LeaveRequestId(id), approve).await?;
    Ok(done(&format!("/meetings/{}", row.meeting.0), "leave_decided"))
}

/// A member signs in on the day (on their phone), or the clerk signs a member in.
pub async fn sign_in(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let person = match f.opt_int("person")? {
        Some(p) => PersonId(p),
        None => s.user.role.deputy().ok_or_else(|| ValidationError::new("person", "请选择签到的组成人员"))?,
    };
    state.store.sign_in(&actor(&s), MeetingId(id), person).await?;
    Ok(done(&format!("/meetings/{id}"), "signed_in"))
}

pub async fn open_vote(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let item = state.store.open_vote(&actor(&s), VoteId(id)).await?;
    Ok(done(&format!("/meetings/{}#item-{id}", item.meeting.0), "vote_opened"))
}

pub async fn close_vote(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    super::check_confirmed(&body, renda_core::confirm::Irreversible::CloseVote)?;
    let item = state.store.close_vote(&actor(&s), VoteId(id)).await?;
    Ok(done(&format!("/meetings/{}#item-{id}", item.meeting.0), "vote_closed"))
}

/// The clerk records a vote counted in the room when the devices fail: a show of hands or
/// paper ballots, the counts of 赞成, 反对 and 弃权, and the two tellers (监票人). Irreversible:
/// the result is announced and frozen at once.
pub async fn count_vote(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    super::check_confirmed(&body, renda_core::confirm::Irreversible::RecordCount)?;
    let f = Fields::parse(&body)?;
    let method = CountMethod::from_code(f.get("method").trim())
        .ok_or_else(|| ValidationError::new("method", "请选择举手表决或纸质票表决"))?;
    let votes = |field: &'static str| -> AppResult<usize> {
        f.get(field).trim().parse().map_err(|_| ValidationError::new(field, "请填写票数（0或正整数）").into())
    };
    let count = NewCount {
        method,
        yes: votes("yes")?,
        no: votes("no")?,
        abstain: votes("abstain")?,
        tellers: [PersonId(f.int("teller_1", "第一名监票人")?), PersonId(f.int("teller_2", "第二名监票人")?)],
    };
    let item = state.store.record_count(&actor(&s), VoteId(id), &count).await?;
    Ok(done(&format!("/meetings/{}#item-{id}", item.meeting.0), "vote_counted"))
}

/// A member's vote: 赞成, 反对 or 弃权.
pub async fn vote(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let choice = Choice::from_code(f.get("choice"))
        .filter(|c| *c != Choice::NotVoted)
        .ok_or_else(|| ValidationError::new("choice", "请选择赞成、反对或弃权"))?;
    state.store.cast_vote(&actor(&s), VoteId(id), choice).await?;
    let meeting = state.store.item_meeting(VoteId(id)).await?;
    Ok(done(&format!("/meetings/{}#item-{id}", meeting.0), "vote_cast"))
}

#[derive(Template)]
#[template(path = "committee.html")]
pub struct CommitteePage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub on: jiff::civil::Date,
    pub members: Vec<MemberRow>,
    pub memberships: Vec<renda_store::meetings::MembershipRow>,
    pub names: Vec<(i64, String)>,
    pub roles: Vec<(&'static str, &'static str)>,
}

impl CommitteePage {
    pub fn name_of(&self, p: &PersonId) -> &str {
        self.names.iter().find(|(id, _)| *id == p.0).map_or("", |(_, n)| n.as_str())
    }
}

/// The committee's composition today and its memberships, with the form to add one.
pub async fn committee(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let today = state.today();
    let members = state.store.committee_on(&actor(&s), congress, today).await?;
    let memberships = state.store.memberships(&actor(&s), congress).await?;
    let found = state
        .store
        .search_deputies(
            &actor(&s),
            &DeputyFilter {
                congresses: vec![congress],
                congress: Some(congress),
                per_page: 2000,
                ..DeputyFilter::default()
            },
        )
        .await?;
    let mut names: Vec<(i64, String)> = found.items.iter().map(|d| (d.person.0, d.name.clone())).collect();
    names.sort_by(|a, b| a.1.cmp(&b.1));
    names.dedup_by_key(|n| n.0);
    render(&CommitteePage {
        ctx: Ctx::new(&state, Some(&s), "常委会组成人员", "/meetings/members"),
        notice: notice_text(q.notice.as_deref()),
        on: today,
        members,
        memberships,
        names,
        roles: MemberRole::ALL.iter().map(|r| (r.code(), r.label())).collect(),
    })
}

pub async fn add_member(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Bytes,
) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let f = Fields::parse(&body)?;
    let role = MemberRole::from_code(f.get("role")).ok_or_else(|| ValidationError::new("role", "请选择职务"))?;
    let until = match f.get("until").trim() {
        "" => None,
        _ => Some(f.date("until")?),
    };
    let new = NewMembership { person: PersonId(f.int("person", "组成人员")?), role, from: f.date("from")?, until };
    state.store.add_membership(&actor(&s), congress, &new).await?;
    Ok(done("/meetings/members", "member_added"))
}

pub async fn end_member(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    state.store.end_membership(&actor(&s), MembershipId(id), f.date("until")?).await?;
    Ok(done("/meetings/members", "member_ended"))
}
