//! `/api/v1/committee-memberships`, `/api/v1/meetings`, `/api/v1/leave-requests` and
//! `/api/v1/meeting-items`: the standing committee's meetings in the API (issue 17) — the clerk
//! keeps the committee's dated memberships, schedules a meeting, notifies it and drafts its
//! agenda, records leave and sign-in, opens and closes each vote; a member asks for leave, signs
//! in and votes from the phone; when the devices fail, the clerk records a vote counted in the
//! room (`…/count`). The rules are the store's policy and the core's `meeting`
//! checks, with their codes (409 `no_quorum`, `already_voted`, `wrong_state`); who voted how is
//! never answered for a secret vote.

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, Path, Query};
use crate::pages::actor;
use crate::pages::audit::code_of;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::ids::{OrgId, PersonId, PostId};
use renda_core::meeting::agenda::{Matter, Nominee};
use renda_core::meeting::vote::{Choice, CountMethod, Secrecy};
use renda_core::meeting::{MeetingKind, MemberRole};
use renda_core::official::appointment::Action as Personnel;
use renda_core::value::parse_date;
use renda_core::{ErrorCode, ValidationError};
use renda_store::meetings::votes::NewCount;
use renda_store::meetings::{
    AttendanceRow, ItemRow, LeaveRequestId, LeaveRow, MeetingId, MeetingRow, MembershipId, MembershipRow, NewItem,
    NewMeeting, NewMembership, VoteId,
};
use renda_store::users::Session;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The value of `raw` among `options` (each a value, its code and its label), or a 422 naming
/// `field` that lists what may be given: "会议类型“x”有误，应为：常务委员会会议（standing_committee）、…".
fn pick<T: Copy>(field: &str, what: &str, raw: &str, options: &[(T, String, &'static str)]) -> AppResult<T> {
    let raw = raw.trim();
    if let Some((v, _, _)) = options.iter().find(|(_, code, _)| code == raw) {
        return Ok(*v);
    }
    let allowed: Vec<String> = options.iter().map(|(_, code, label)| format!("{label}（{code}）")).collect();
    Err(ValidationError::new(field, format!("{what}“{raw}”有误，应为：{}", allowed.join("、"))).into())
}

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(T, String, &'static str)> {
    all.iter().map(|v| (*v, code(*v).to_owned(), label(*v))).collect()
}

fn kind_of(raw: &str) -> AppResult<MeetingKind> {
    pick("kind", "会议类型", raw, &options(&MeetingKind::ALL, MeetingKind::code, MeetingKind::label))
}

fn role_of(raw: &str) -> AppResult<MemberRole> {
    pick("role", "职务", raw, &options(&MemberRole::ALL, MemberRole::code, MemberRole::label))
}

fn secrecy_of(raw: &str) -> AppResult<Secrecy> {
    pick("secrecy", "表决方式", raw, &options(&Secrecy::ALL, Secrecy::code, Secrecy::label))
}

/// A member's choice: only those a member makes (未表决 is recorded at the close, never cast).
fn choice_of(raw: &str) -> AppResult<Choice> {
    pick("choice", "表决意见", raw, &options(&Choice::CAST, Choice::code, Choice::label))
}

/// A personnel action by its code (the core's serde name: `appoint`, `remove`, `dismiss`,
/// `accept_resignation`).
fn personnel_of(raw: &str) -> AppResult<Personnel> {
    let all: Vec<_> = Personnel::ALL.iter().map(|a| (*a, code_of(a), a.label())).collect();
    pick("matter.action", "任免事项", raw, &all)
}

/// The caller's congress, for the clerk's calls.
fn own_congress(s: &Session) -> AppResult<OrgId> {
    s.user.role.staff_congress().ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以管理会议。"))
}

/// The person a member acts for: the one named, else the caller's own deputy person.
fn person_or_own(s: &Session, person_id: Option<i64>) -> AppResult<PersonId> {
    match person_id {
        Some(p) => Ok(PersonId(p)),
        None => s
            .user
            .role
            .deputy()
            .ok_or_else(|| ValidationError::new("person_id", "请指明组成人员（person_id）。").into()),
    }
}

// ---- The committee --------------------------------------------------------------------------

/// One member of the committee on a day, by rank.
#[derive(Serialize, ToSchema)]
pub struct CommitteeMemberView {
    pub person_id: i64,
    pub name: String,
    /// director, deputy_director, secretary_general or member.
    pub role: String,
    pub role_label: String,
}

/// A membership of the committee: from `from` to `until`, both days served.
#[derive(Serialize, ToSchema)]
pub struct MembershipView {
    pub id: i64,
    pub congress_id: i64,
    pub person_id: i64,
    pub role: String,
    pub role_label: String,
    /// YYYY-MM-DD.
    pub from: String,
    /// YYYY-MM-DD; absent while the person still serves.
    pub until: Option<String>,
}

fn membership_view(m: &MembershipRow) -> MembershipView {
    MembershipView {
        id: m.id.0,
        congress_id: m.congress.0,
        person_id: m.membership.person.0,
        role: m.membership.role.code().into(),
        role_label: m.membership.role.label().into(),
        from: m.membership.from.to_string(),
        until: m.membership.until.map(|d| d.to_string()),
    }
}

#[derive(Deserialize, IntoParams)]
pub struct CommitteeQuery {
    /// The day (YYYY-MM-DD); today when absent.
    pub on: Option<String>,
}

/// The caller's congress's standing committee (or presidium) on a day, by rank.
#[utoipa::path(get, path = "/api/v1/committee-memberships", params(CommitteeQuery),
    responses((status = 200, body = Vec<CommitteeMemberView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn committee(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<CommitteeQuery>,
) -> AppResult<Json<Vec<CommitteeMemberView>>> {
    let congress = own_congress(&s)?;
    let day = match q.on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(raw) => parse_date("on", raw)?,
        None => state.today(),
    };
    let rows = state.store.committee_on(&actor(&s), congress, day).await?;
    Ok(Json(
        rows.into_iter()
            .map(|m| CommitteeMemberView {
                person_id: m.person.0,
                name: m.name,
                role: m.role.code().into(),
                role_label: m.role.label().into(),
            })
            .collect(),
    ))
}

/// A member joining the committee: a deputy of the congress, in a role, from a day (until a day).
#[derive(Deserialize, ToSchema)]
pub struct MembershipBody {
    pub person_id: i64,
    /// director, deputy_director, secretary_general or member.
    pub role: String,
    /// YYYY-MM-DD.
    pub from: String,
    pub until: Option<String>,
}

/// Adds a member to the caller's congress's committee (201); a period that ends before it starts
/// is 422 `date_out_of_order`.
#[utoipa::path(post, path = "/api/v1/committee-memberships", request_body = MembershipBody,
    responses((status = 201, body = MembershipView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_membership(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<MembershipBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let congress = own_congress(&s)?;
    let new = NewMembership {
        person: PersonId(b.person_id),
        role: role_of(&b.role)?,
        from: parse_date("from", &b.from)?,
        until: b
            .until
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| parse_date("until", d))
            .transpose()?,
    };
    // The committee is elected from the congress's deputies: a person who holds no seat in it is
    // not one to name (and a person who does not exist is bad input, not a database error).
    // (The store checks it too; here the refusal names the API's field.)
    let seats = state.store.deputyships_of(new.person).await?;
    renda_core::meeting::Membership::check_seat(seats.iter().any(|d| d.congress == congress))
        .map_err(|r| AppError::from(r.at("person_id")))?;
    let id = state.store.add_membership(&actor(&s), congress, &new).await?;
    let row = MembershipRow {
        id,
        congress,
        membership: renda_core::meeting::Membership {
            person: new.person,
            role: new.role,
            from: new.from,
            until: new.until,
        },
    };
    Ok((StatusCode::CREATED, Json(membership_view(&row))).into_response())
}

/// The last day served (YYYY-MM-DD).
#[derive(Deserialize, ToSchema)]
pub struct MembershipEndBody {
    pub until: String,
}

/// Ends a membership on `until` (the last day served); before its start is 422
/// `date_out_of_order`.
#[utoipa::path(post, path = "/api/v1/committee-memberships/{id}/end", params(("id" = i64, Path)), request_body = MembershipEndBody,
    responses((status = 200, body = MembershipView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn end_membership(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<MembershipEndBody>, AppError>,
) -> AppResult<Json<MembershipView>> {
    let ApiJson(b) = body?;
    let until = parse_date("until", &b.until)?;
    let row = state.store.end_membership(&actor(&s), MembershipId(id), until).await?;
    Ok(Json(membership_view(&row)))
}

// ---- Meetings -------------------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct MeetingView {
    pub id: i64,
    pub congress_id: i64,
    /// standing_committee, directors, presidium or session.
    pub kind: String,
    pub kind_label: String,
    /// Its number in the term (第三十次会议), when it has one.
    pub number: Option<i64>,
    pub title: String,
    /// YYYY-MM-DD.
    pub held_on: String,
    pub place: String,
    /// The day members were notified (YYYY-MM-DD), once the notice is out.
    pub notified_on: Option<String>,
}

fn meeting_view(m: &MeetingRow) -> MeetingView {
    MeetingView {
        id: m.id.0,
        congress_id: m.congress.0,
        kind: m.kind.code().into(),
        kind_label: m.kind.label().into(),
        number: m.number,
        title: m.title.clone(),
        held_on: m.held_on.to_string(),
        place: m.place.clone(),
        notified_on: m.notified_on.map(|d| d.to_string()),
    }
}

/// A member's attendance: absent until they sign in or their leave is approved.
#[derive(Serialize, ToSchema)]
pub struct AttendanceView {
    pub person_id: i64,
    pub name: String,
    pub role: String,
    pub role_label: String,
    /// present, leave or absent.
    pub presence: String,
    pub presence_label: String,
    /// The reason of an approved leave.
    pub reason: Option<String>,
    /// RFC 3339, UTC.
    pub signed_in_at: Option<String>,
}

fn attendance_view(a: &AttendanceRow) -> AttendanceView {
    AttendanceView {
        person_id: a.person.0,
        name: a.name.clone(),
        role: a.role.code().into(),
        role_label: a.role.label().into(),
        presence: a.presence.code().into(),
        presence_label: a.presence.label().into(),
        reason: a.reason.clone(),
        signed_in_at: a.signed_in_at.map(|t| t.to_string()),
    }
}

#[derive(Serialize, ToSchema)]
pub struct LeaveRequestView {
    pub id: i64,
    pub meeting_id: i64,
    pub person_id: i64,
    pub name: String,
    pub reason: String,
    /// pending, approved or refused.
    pub state: String,
    pub state_label: String,
    /// RFC 3339, UTC.
    pub requested_at: String,
    pub decided_at: Option<String>,
}

fn leave_view(l: &LeaveRow) -> LeaveRequestView {
    LeaveRequestView {
        id: l.id.0,
        meeting_id: l.meeting.0,
        person_id: l.person.0,
        name: l.name.clone(),
        reason: l.reason.clone(),
        state: l.state.code().into(),
        state_label: l.state.label().into(),
        requested_at: l.requested_at.to_string(),
        decided_at: l.decided_at.map(|t| t.to_string()),
    }
}

#[derive(Serialize, ToSchema)]
pub struct NomineeView {
    pub person_id: i64,
    pub post_id: i64,
}

/// What is voted on: `text` (a draft, resolution or decision voted as a whole), `amendment`
/// (`to`: the text's item) or `personnel` (`action`, `nominees`, `joint`).
#[derive(Serialize, ToSchema)]
pub struct AgendaMatterView {
    pub kind: String,
    pub to: Option<i64>,
    /// appoint, remove, dismiss or accept_resignation.
    pub action: Option<String>,
    pub action_label: Option<String>,
    pub nominees: Vec<NomineeView>,
    pub joint: bool,
}

fn matter_view(m: &Matter) -> AgendaMatterView {
    let mut v = AgendaMatterView {
        kind: m.kind_code().into(),
        to: None,
        action: None,
        action_label: None,
        nominees: Vec::new(),
        joint: false,
    };
    match m {
        Matter::Amendment { to } => v.to = Some(to.0),
        Matter::Text => {}
        Matter::Personnel { action, nominees, joint } => {
            v.action = Some(code_of(action));
            v.action_label = Some(action.label().into());
            v.nominees = nominees.iter().map(|n| NomineeView { person_id: n.person.0, post_id: n.post.0 }).collect();
            v.joint = *joint;
        }
    }
    v
}

/// The result announced at the close: counted against all members, frozen.
#[derive(Serialize, ToSchema)]
pub struct AnnouncementView {
    pub yes: usize,
    pub no: usize,
    pub abstain: usize,
    /// Members present who did not vote.
    pub not_voted: usize,
    /// All members of the body on the day: the denominator.
    pub members: usize,
    /// The votes needed: more than half of all members.
    pub needed: usize,
    pub passed: bool,
    /// 通过 or 未通过.
    pub verdict: String,
}

/// A member who counted a vote in the room (监票人).
#[derive(Serialize, ToSchema)]
pub struct TellerView {
    pub person_id: i64,
    pub name: String,
}

/// How a vote taken without the devices was counted.
#[derive(Serialize, ToSchema)]
pub struct CountedView {
    /// show_of_hands (举手表决) or paper_ballot (纸质票表决).
    pub method: String,
    pub method_label: String,
    /// The two tellers.
    pub tellers: Vec<TellerView>,
    /// 举手表决，监票人：甲、乙
    pub text: String,
}

/// A matter on the agenda with its vote.
#[derive(Serialize, ToSchema)]
pub struct AgendaItemView {
    pub id: i64,
    pub meeting_id: i64,
    /// Its place in the order of votes (amendments before their text, removals before
    /// appointments to the same post).
    pub position: i64,
    pub title: String,
    pub matter: AgendaMatterView,
    /// open (the roll is kept) or secret.
    pub secrecy: String,
    pub secrecy_label: String,
    /// draft, open or closed.
    pub state: String,
    pub state_label: String,
    /// All members when the vote opened (0 before).
    pub members: usize,
    /// Members who have voted so far.
    pub voted: usize,
    /// Once closed.
    pub announcement: Option<AnnouncementView>,
    /// What the chair read out at the close.
    pub announced: Option<String>,
    /// How the vote was counted in the room, when the clerk recorded a count (such a vote has
    /// no roll).
    pub counted: Option<CountedView>,
}

fn item_view(i: &ItemRow) -> AgendaItemView {
    AgendaItemView {
        id: i.id.0,
        meeting_id: i.meeting.0,
        position: i.position,
        title: i.title.clone(),
        matter: matter_view(&i.matter),
        secrecy: i.secrecy.code().into(),
        secrecy_label: i.secrecy.label().into(),
        state: i.state.code().into(),
        state_label: i.state.label().into(),
        members: i.members,
        voted: i.voted,
        announcement: i.announcement.map(|a| AnnouncementView {
            yes: a.tally.yes,
            no: a.tally.no,
            abstain: a.tally.abstain,
            not_voted: a.tally.not_voted,
            members: a.members,
            needed: a.needed,
            passed: a.passed,
            verdict: a.verdict().into(),
        }),
        announced: i.announced.clone(),
        counted: i.counted.as_ref().map(|c| CountedView {
            method: c.method.code().into(),
            method_label: c.method.label().into(),
            tellers: c.tellers.iter().map(|(p, name)| TellerView { person_id: p.0, name: name.clone() }).collect(),
            text: c.text(),
        }),
    }
}

/// A meeting as its page shows it: the members on the day with their attendance, the quorum,
/// the leave requests and the agenda with each vote.
#[derive(Serialize, ToSchema)]
pub struct MeetingDetailView {
    pub meeting: MeetingView,
    pub attendance: Vec<AttendanceView>,
    /// Members present, the quorum (more than half of all members) and whether it is met.
    pub present: usize,
    pub quorum: usize,
    pub has_quorum: bool,
    pub leave_requests: Vec<LeaveRequestView>,
    pub items: Vec<AgendaItemView>,
}

async fn detail_of(state: &AppState, s: &Session, id: MeetingId) -> AppResult<MeetingDetailView> {
    let v = state.store.meeting(&actor(s), id).await?;
    Ok(MeetingDetailView {
        meeting: meeting_view(&v.meeting),
        attendance: v.attendance.iter().map(attendance_view).collect(),
        present: v.present,
        quorum: v.quorum,
        has_quorum: v.has_quorum,
        leave_requests: v.leave_requests.iter().map(leave_view).collect(),
        items: v.items.iter().map(item_view).collect(),
    })
}

/// The caller's congress's meetings, newest first (its staff).
#[utoipa::path(get, path = "/api/v1/meetings",
    responses((status = 200, body = Vec<MeetingView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, CurrentUser(s): CurrentUser) -> AppResult<Json<Vec<MeetingView>>> {
    let rows = state.store.list_meetings(&actor(&s), own_congress(&s)?).await?;
    Ok(Json(rows.iter().map(meeting_view).collect()))
}

/// A new meeting of the caller's congress.
#[derive(Deserialize, ToSchema)]
pub struct NewMeetingBody {
    /// standing_committee, directors, presidium or session.
    pub kind: String,
    /// Its number in the term, when it has one (a positive number).
    pub number: Option<i64>,
    pub title: String,
    /// YYYY-MM-DD.
    pub held_on: String,
    pub place: String,
    /// The day members were notified, when the notice is already out (at least 7 days ahead).
    pub notified_on: Option<String>,
}

/// Schedules a meeting (201 with the meeting). A kind the congress does not hold (a presidium
/// at city level) is 422 naming `kind`; a notice too late 422 `notice_too_short`.
#[utoipa::path(post, path = "/api/v1/meetings", request_body = NewMeetingBody,
    responses((status = 201, body = MeetingDetailView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<NewMeetingBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let congress = own_congress(&s)?;
    if b.number.is_some_and(|n| n < 1) {
        return Err(ValidationError::new("number", "会议的次数应为正整数。").into());
    }
    let new = NewMeeting {
        kind: kind_of(&b.kind)?,
        number: b.number,
        title: b.title,
        held_on: parse_date("held_on", &b.held_on)?,
        place: b.place,
        notified_on: b
            .notified_on
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| parse_date("notified_on", d))
            .transpose()?,
    };
    let id = state.store.create_meeting(&actor(&s), congress, &new).await?;
    Ok((StatusCode::CREATED, Json(detail_of(&state, &s, id).await?)).into_response())
}

/// One meeting, for its congress's staff (and those above) and the members of its body; for
/// anyone else it does not exist (404).
#[utoipa::path(get, path = "/api/v1/meetings/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = MeetingDetailView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<MeetingDetailView>> {
    Ok(Json(detail_of(&state, &s, MeetingId(id)).await?))
}

/// The day members were notified (YYYY-MM-DD); today when absent.
#[derive(Deserialize, ToSchema)]
pub struct NotifyBody {
    pub on: Option<String>,
}

/// Records the notice to members; later than the setting allows (7 days ahead) is 422
/// `notice_too_short`.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/notify", params(("id" = i64, Path)), request_body = NotifyBody,
    responses((status = 200, body = MeetingDetailView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn notify(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<NotifyBody>, AppError>,
) -> AppResult<Json<MeetingDetailView>> {
    let ApiJson(b) = body?;
    let on = match b.on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(raw) => parse_date("on", raw)?,
        None => state.today(),
    };
    state.store.notify_meeting(&actor(&s), MeetingId(id), on).await?;
    Ok(Json(detail_of(&state, &s, MeetingId(id)).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NomineeBody {
    pub person_id: i64,
    pub post_id: i64,
}

/// What is voted on: `{"kind": "text"}`, `{"kind": "amendment", "to": 12}` (the text's item on
/// the same agenda) or `{"kind": "personnel", "action": "appoint", "nominees": [{"person_id",
/// "post_id"}], "joint": false}` (several nominees only in a joint vote).
#[derive(Deserialize, ToSchema)]
pub struct AgendaMatterBody {
    pub kind: String,
    pub to: Option<i64>,
    /// appoint, remove, dismiss or accept_resignation.
    pub action: Option<String>,
    #[serde(default)]
    pub nominees: Vec<NomineeBody>,
    #[serde(default)]
    pub joint: bool,
}

fn matter_of(b: &AgendaMatterBody) -> AppResult<Matter> {
    const KINDS: [(&str, &str); 3] = [("text", "文本（整体表决）"), ("amendment", "修正案"), ("personnel", "人事任免")];
    let kinds: Vec<_> = KINDS.iter().map(|(code, label)| (*code, (*code).to_owned(), *label)).collect();
    match pick("matter.kind", "表决事项类型", &b.kind, &kinds)? {
        "amendment" => {
            let to = b.to.ok_or_else(|| ValidationError::new("matter.to", "请指明修正案所修正的草案（to）。"))?;
            Ok(Matter::Amendment { to: VoteId(to) })
        }
        "personnel" => {
            let action =
                b.action.as_deref().ok_or_else(|| ValidationError::new("matter.action", "请选择任免事项。"))?;
            Ok(Matter::Personnel {
                action: personnel_of(action)?,
                nominees: b
                    .nominees
                    .iter()
                    .map(|n| Nominee { person: PersonId(n.person_id), post: PostId(n.post_id) })
                    .collect(),
                joint: b.joint,
            })
        }
        _ => Ok(Matter::Text),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct NewAgendaItemBody {
    pub title: String,
    pub matter: AgendaMatterBody,
    /// open or secret; absent: what the matter requires (secret for personnel matters by the
    /// congress's setting, always for a dismissal).
    pub secrecy: Option<String>,
}

/// Puts a matter on the agenda (201 with the item, placed in the order the rules require). An
/// open vote on a dismissal is 422 `secret_vote_required`; several nominees without a joint
/// vote 422 `joint_vote_not_decided`.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/items", params(("id" = i64, Path)), request_body = NewAgendaItemBody,
    responses((status = 201, body = AgendaItemView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_item(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<NewAgendaItemBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let new = NewItem {
        title: b.title.clone(),
        matter: matter_of(&b.matter)?,
        secrecy: b.secrecy.as_deref().map(str::trim).filter(|x| !x.is_empty()).map(secrecy_of).transpose()?,
    };
    let item = state.store.add_agenda_item(&actor(&s), MeetingId(id), &new).await?;
    let view = state.store.meeting(&actor(&s), MeetingId(id)).await?;
    let row = view
        .items
        .iter()
        .find(|i| i.id == item)
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, "未找到该表决事项。"))?;
    Ok((StatusCode::CREATED, Json(item_view(row))).into_response())
}

/// A written request for leave: the member's own (`person_id` absent), or the clerk's for a
/// member.
#[derive(Deserialize, ToSchema)]
pub struct LeaveBody {
    pub person_id: Option<i64>,
    pub reason: String,
}

/// Asks for leave (201 with the request): a member of the body, with a reason, before the
/// meeting, once; for someone else's person 403, after the meeting 409 `wrong_state`.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/leave", params(("id" = i64, Path)), request_body = LeaveBody,
    responses((status = 201, body = LeaveRequestView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request_leave(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<LeaveBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let person = person_or_own(&s, b.person_id)?;
    let leave = state.store.request_leave(&actor(&s), MeetingId(id), person, &b.reason).await?;
    let view = state.store.meeting(&actor(&s), MeetingId(id)).await?;
    let row = view
        .leave_requests
        .iter()
        .find(|l| l.id == leave)
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, "未找到该请假申请。"))?;
    Ok((StatusCode::CREATED, Json(leave_view(row))).into_response())
}

/// The 主任's decision, recorded by the clerk.
#[derive(Deserialize, ToSchema)]
pub struct LeaveDecisionBody {
    pub approve: bool,
}

/// Approves or refuses a pending leave request; decided already, or for a member since signed
/// in, 409 `wrong_state`.
#[utoipa::path(post, path = "/api/v1/leave-requests/{id}/decision", params(("id" = i64, Path)), request_body = LeaveDecisionBody,
    responses((status = 200, body = LeaveRequestView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn decide_leave(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<LeaveDecisionBody>, AppError>,
) -> AppResult<Json<LeaveRequestView>> {
    let ApiJson(b) = body?;
    let row = state.store.decide_leave(&actor(&s), LeaveRequestId(id), b.approve).await?;
    Ok(Json(leave_view(&row)))
}

/// Who signs in: a member on their phone (`person_id` absent), or the clerk for a member.
#[derive(Deserialize, ToSchema)]
pub struct SignInBody {
    pub person_id: Option<i64>,
}

/// Signs a member in on the meeting day (then the meeting with its quorum); another day or
/// twice is 409 `wrong_state`, someone not a member 403 `not_entitled`.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/sign-in", params(("id" = i64, Path)), request_body = SignInBody,
    responses((status = 200, body = MeetingDetailView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn sign_in(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<SignInBody>, AppError>,
) -> AppResult<Json<MeetingDetailView>> {
    let ApiJson(b) = body?;
    let person = person_or_own(&s, b.person_id)?;
    state.store.sign_in(&actor(&s), MeetingId(id), person).await?;
    Ok(Json(detail_of(&state, &s, MeetingId(id)).await?))
}

// ---- Votes ----------------------------------------------------------------------------------

/// The chair opens the vote on a matter: without a quorum present 409 `no_quorum`; before a
/// matter that must be voted first 409 `vote_out_of_order`; opened or closed already 409
/// `wrong_state`.
#[utoipa::path(post, path = "/api/v1/meeting-items/{id}/open", params(("id" = i64, Path)),
    responses((status = 200, body = AgendaItemView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn open(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<AgendaItemView>> {
    Ok(Json(item_view(&state.store.open_vote(&actor(&s), VoteId(id)).await?)))
}

/// The chair closes the vote: those present who did not vote are 未表决, and the result —
/// passed with more than half of all members — is announced and frozen. Not open: 409
/// `wrong_state`.
#[utoipa::path(post, path = "/api/v1/meeting-items/{id}/close", params(("id" = i64, Path)),
    responses((status = 200, body = AgendaItemView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<AgendaItemView>> {
    Ok(Json(item_view(&state.store.close_vote(&actor(&s), VoteId(id)).await?)))
}

/// A vote counted in the room when the devices fail: `{"method": "show_of_hands", "yes": 8,
/// "no": 3, "abstain": 1, "tellers": [12, 15]}` — the method (show_of_hands or paper_ballot),
/// the counts and the two tellers' person ids.
#[derive(Deserialize, ToSchema)]
pub struct CountBody {
    pub method: String,
    pub yes: usize,
    pub no: usize,
    pub abstain: usize,
    pub tellers: Vec<i64>,
}

/// The clerk records a vote counted in the room (a show of hands or paper ballots, two
/// tellers) and the vote closes at once with its result announced and frozen; the members
/// present beyond the counts are 未表决. Refused: the vote not open (or counted already) 409
/// `wrong_state`; anyone has voted on a device 409 `device_votes_cast`; a show of hands on a
/// secret vote 422 `secret_vote_required`; tellers not two members present 422
/// `tellers_invalid` (naming `teller_1` or `teller_2`); more votes than members present 422
/// `count_exceeds_present`.
#[utoipa::path(post, path = "/api/v1/meeting-items/{id}/count", params(("id" = i64, Path)), request_body = CountBody,
    responses((status = 200, body = AgendaItemView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn count(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<CountBody>, AppError>,
) -> AppResult<Json<AgendaItemView>> {
    let ApiJson(b) = body?;
    let method =
        pick("method", "计票方式", &b.method, &options(&CountMethod::ALL, CountMethod::code, CountMethod::label))?;
    let [first, second] = b.tellers[..] else {
        return Err(ValidationError::new(
            "tellers",
            "请指定两名监票人（tellers：两名出席会议的组成人员的 person_id）。",
        )
        .into());
    };
    let count =
        NewCount { method, yes: b.yes, no: b.no, abstain: b.abstain, tellers: [PersonId(first), PersonId(second)] };
    Ok(Json(item_view(&state.store.record_count(&actor(&s), VoteId(id), &count).await?)))
}

/// A member's vote: yes, no or abstain.
#[derive(Deserialize, ToSchema)]
pub struct CastBody {
    pub choice: String,
}

/// The member's own vote as recorded (only ever answered to the member who cast it).
#[derive(Serialize, ToSchema)]
pub struct CastView {
    pub item_id: i64,
    pub choice: String,
    pub choice_label: String,
}

/// A member present votes, once (201). A second vote is 409 `already_voted`; the vote not open
/// (or closed) 409 `wrong_state`; someone not signed in or not a member 403 `not_entitled`.
#[utoipa::path(post, path = "/api/v1/meeting-items/{id}/votes", params(("id" = i64, Path)), request_body = CastBody,
    responses((status = 201, body = CastView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn cast(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<CastBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let choice = choice_of(&b.choice)?;
    state.store.cast_vote(&actor(&s), VoteId(id), choice).await?;
    let view = CastView { item_id: id, choice: choice.code().into(), choice_label: choice.label().into() };
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// One line of an open vote's roll.
#[derive(Serialize, ToSchema)]
pub struct VoteRollLineView {
    pub person_id: i64,
    pub name: String,
    /// yes, no, abstain, or not_voted (present at the close, did not vote).
    pub choice: String,
    pub choice_label: String,
}

/// Who chose what on an open vote, by rank (with 未表决 once closed), for whoever reads the
/// meeting. A secret vote, or one counted in the room, keeps no roll: 404.
#[utoipa::path(get, path = "/api/v1/meeting-items/{id}/roll", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<VoteRollLineView>), (status = 404, body = ErrorBody)))]
pub async fn roll(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<VoteRollLineView>>> {
    let Some(lines) = state.store.vote_roll(&actor(&s), VoteId(id)).await? else {
        return Err(AppError::new(ErrorCode::NotFound, "无记名表决和举手、纸质票表决不保留每人的表决情况。"));
    };
    Ok(Json(
        lines
            .into_iter()
            .map(|(person, name, c)| VoteRollLineView {
                person_id: person.0,
                name,
                choice: c.code().into(),
                choice_label: c.label().into(),
            })
            .collect(),
    ))
}
