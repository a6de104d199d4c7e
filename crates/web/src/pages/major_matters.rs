//! The register of requests and reports to the party committee (重大事项请示报告, 同向): per
//! year, for staff of the congress holding the grant (the admin reads it and gives the grant).
//! Drafting with attachments, 送审, 批准 or 退回修改, 报送 (the register number is taken then),
//! 登记批复 for a request; every step audited by the store.

use super::oversight::Fields;
use super::{Ctx, actor, done, notice_text, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use renda_core::ErrorCode;
use renda_core::ValidationError;
use renda_core::ids::{OrgId, UserId};
use renda_core::oversight::major::{Command, CommandKind, MatterKind, RegisterNumber};
use renda_core::policy::{Action, Resource, Role};
use renda_store::major_matters::{GRANT_MAJOR_MATTERS, MatterId, MatterRow, NewMatter};
use renda_store::users::Session;
use serde::Deserialize;

/// The congress whose register a user opens: a staff member's own; the admin names one.
fn congress_of(role: Role, asked: Option<i64>) -> AppResult<OrgId> {
    // Whoever reads a congress's register at large: its staff (the store checks their grant),
    // and the admin, who names the congress.
    if !renda_core::policy::may_congress_wide(role, Action::View, Resource::MajorMatter) {
        return Err(AppError::new(ErrorCode::Forbidden, "重大事项请示报告仅限经授权的本级人大工作人员办理和查阅。"));
    }
    match role.staff_congress() {
        Some(congress) => Ok(congress),
        None => asked.map(OrgId).ok_or_else(|| ValidationError::new("congress", "请选择人大").into()),
    }
}

#[derive(Deserialize)]
pub struct RegisterQuery {
    pub year: Option<i16>,
    pub congress: Option<i64>,
    pub notice: Option<String>,
}

#[derive(Template)]
#[template(path = "major_matters.html")]
pub struct RegisterPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub year: i16,
    pub congress: i64,
    pub rows: Vec<MatterRow>,
    pub may_write: bool,
    pub kinds: Vec<(&'static str, &'static str)>,
    /// Staff of the congress: (user id, name, holds the grant).
    pub staff: Vec<(i64, String, bool)>,
}

pub async fn register(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<RegisterQuery>,
) -> AppResult<Response> {
    // The admin, who is of no congress, starts at the top one.
    let asked = match q.congress {
        None if s.user.role.staff_congress().is_none() => state.store.congresses().await?.first().map(|c| c.org.id.0),
        asked => asked,
    };
    let congress = congress_of(s.user.role, asked)?;
    let year = q.year.unwrap_or_else(|| state.today().year());
    let a = actor(&s);
    let rows = state.store.major_register(&a, congress, i64::from(year)).await?;
    let may_write = super::may_in(&state, &s, Action::Create, Resource::MajorMatter, congress).await?;
    let mut staff = Vec::new();
    for u in state.store.list_users(&a).await? {
        if super::own_staff(u.role, congress) {
            let holds = state.store.has_grant(u.id, GRANT_MAJOR_MATTERS).await?;
            staff.push((u.id.0, u.display_name, holds));
        }
    }
    render(&RegisterPage {
        ctx: Ctx::new(&state, Some(&s), "重大事项请示报告", "/major-matters"),
        notice: notice_text(q.notice.as_deref()),
        year,
        congress: congress.0,
        rows,
        may_write,
        kinds: MatterKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        staff,
    })
}

/// A new request or report: a multipart form with its attachments.
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    congress_of(s.user.role, None)?;
    let (pairs, files) = crate::extract::read_form(&headers, body).await?;
    let f = Fields(pairs);
    let id = create_matter(&state, &s, f.get("kind"), f.get("subject"), f.get("body"), files).await?;
    Ok(done(&format!("/major-matters/{}", id.0), "major_created"))
}

#[derive(Template)]
#[template(path = "major_matter.html")]
pub struct MatterPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub m: MatterRow,
    pub actions: Vec<CommandKind>,
    pub timeline: Vec<(String, String, String)>,
    pub today: jiff::civil::Date,
}

impl MatterPage {
    pub fn can(&self, kind: &str) -> bool {
        self.actions.iter().any(|k| k.code() == kind)
    }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let a = actor(&s);
    let m = state.store.major_matter(&a, MatterId(id)).await?;
    let may_act = super::may_in(&state, &s, Action::Edit, Resource::MajorMatter, m.congress).await?;
    let actions = if may_act { state.store.major_commands(&m) } else { Vec::new() };
    let timeline = state
        .store
        .audit_of("major_matter", &id.to_string())
        .await?
        .into_iter()
        .map(|e| (super::local_time(&e.at), step_label(&e.action).to_owned(), super::audit::who(&e)))
        .collect();
    render(&MatterPage {
        ctx: Ctx::new(&state, Some(&s), &m.facts.subject, "/major-matters"),
        notice: notice_text(q.notice.as_deref()),
        m,
        actions,
        timeline,
        today: state.today(),
    })
}

fn step_label(action: &str) -> &'static str {
    match action {
        "major_matter.create" => "起草",
        "major_matter.submit" => CommandKind::Submit.label(),
        "major_matter.approve" => CommandKind::Approve.label(),
        "major_matter.return" => CommandKind::Return.label(),
        "major_matter.send" => CommandKind::Send.label(),
        "major_matter.record_reply" => CommandKind::RecordReply.label(),
        _ => "其他",
    }
}

pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let on = if f.get("on").trim().is_empty() { None } else { Some(f.date("on")?) };
    let step = Step { command: f.get("command"), reason: f.get("reason"), on, reply: f.get("reply") };
    let kind = act_on(&state, &s, MatterId(id), step).await?;
    let notice = format!("major_{}", super::audit::code_of(kind));
    Ok(done(&format!("/major-matters/{id}"), &notice))
}

/// A step on a matter as a form or an API call gives it: `command` (submit, approve, return,
/// send, record_reply), the reason for returning it, the day sent or replied (today when
/// absent), the reply's summary.
pub(crate) struct Step<'a> {
    pub command: &'a str,
    pub reason: &'a str,
    pub on: Option<jiff::civil::Date>,
    pub reply: &'a str,
}

/// Gives `step` on the matter (the page and the API).
pub(crate) async fn act_on(state: &AppState, s: &Session, id: MatterId, step: Step<'_>) -> AppResult<CommandKind> {
    let today = state.today();
    let on = step.on.unwrap_or(today);
    let cmd = match step.command {
        "submit" => Command::Submit,
        "approve" => Command::Approve,
        "return" => Command::Return { reason: step.reason.to_owned() },
        // The core gives it the register's next number (major::act).
        "send" => Command::Send { on, number: RegisterNumber::next(today.year(), MatterKind::Request, None) },
        "record_reply" => Command::RecordReply { on, summary: step.reply.to_owned() },
        _ => return Err(ValidationError::new("command", "未知的操作").into()),
    };
    state.store.act_on_major_matter(&actor(s), id, &cmd, today).await?;
    Ok(cmd.kind())
}

/// A new request or report (`kind`: request or report) with its attachments, for the staff of
/// the congress holding the grant (the page and the API).
pub(crate) async fn create_matter(
    state: &AppState,
    s: &Session,
    kind: &str,
    subject: &str,
    body: &str,
    files: Vec<crate::extract::Upload>,
) -> AppResult<MatterId> {
    let congress = congress_of(s.user.role, None)?;
    let kind = MatterKind::from_code(kind).ok_or_else(|| ValidationError::new("kind", "请选择请示或报告"))?;
    let new = NewMatter { kind, subject: subject.to_owned(), body: body.to_owned(), files };
    Ok(state.store.create_major_matter(&actor(s), congress, &new, state.today()).await?)
}

/// Gives (`on`) or takes back the grant of `user`; taking it back must be confirmed. The
/// user's role, for where to go back to.
pub(crate) async fn grant_to(
    state: &AppState,
    s: &Session,
    user: UserId,
    on: bool,
    confirmed: bool,
) -> AppResult<Role> {
    if !on {
        renda_core::confirm::Irreversible::RevokeGrant.check(confirmed)?;
    }
    let me = actor(s);
    state.store.set_grant(&me, user, GRANT_MAJOR_MATTERS, on).await?;
    // Read after the grant, which checked the policy: who may grant may see the account.
    Ok(state.store.user(&me, user).await?.role)
}

pub async fn file(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path((id, hash)): Path<(i64, String)>,
) -> AppResult<Response> {
    let (name, mime, bytes) = state.store.major_matter_file(&actor(&s), MatterId(id), &hash).await?;
    Ok(crate::download::file(&name, &mime, bytes))
}

/// Gives or takes back the grant (`user`, `on` = 1 or 0): the admin, or staff who hold it.
pub async fn grant(State(state): State<AppState>, CurrentUser(s): CurrentUser, body: Bytes) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let user = UserId(f.int("user", "工作人员")?);
    let target = grant_to(&state, &s, user, f.get("on") == "1", f.get(renda_core::confirm::FIELD) == "1").await?;
    // Staff come back to their own register; the admin to the one of the staff they granted.
    let back = match (s.user.role.staff_congress(), target.staff_congress()) {
        (None, Some(congress)) => format!("/major-matters?congress={}", congress.0),
        _ => "/major-matters".to_owned(),
    };
    Ok(done(&back, if f.get("on") == "1" { "grant_given" } else { "grant_taken" }))
}
