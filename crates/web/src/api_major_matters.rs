//! `/api/v1/major-matters`: the register of requests and reports to the party committee
//! (重大事项请示报告) in the API — a matter drafted with its attachments, read, carried through
//! 送审, 批准 or 退回修改, 报送 and 登记批复, and the grant that opens the register — for the staff
//! who hold the grant, with the pages' rules and codes.

use crate::AppState;
use crate::api::{ApiJson, FilesForm};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, JsonWithFiles, Path};
use crate::pages::actor;
use crate::pages::major_matters::{Step, act_on, create_matter, grant_to};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::ids::UserId;
use renda_core::policy::{Action, Resource, Role};
use renda_store::major_matters::{MatterId, MatterRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new matter: `{"kind": "request", "subject": "…", "body": "…"}` (`kind`: request 请示 or
/// report 报告); attachments as files (multipart: this JSON as `body`, the files as `files`).
#[derive(Deserialize, ToSchema)]
pub struct NewMatterBody {
    pub kind: String,
    pub subject: String,
    #[serde(default)]
    pub body: String,
}

#[derive(Serialize, ToSchema)]
pub struct MatterFileView {
    pub hash: String,
    pub name: String,
    pub size: i64,
}

#[derive(Serialize, ToSchema)]
pub struct MatterView {
    pub id: i64,
    pub congress_id: i64,
    pub year: i64,
    /// request or report.
    pub kind: String,
    pub kind_label: String,
    /// draft, submitted, returned, approved, sent, replied.
    pub state: String,
    pub state_label: String,
    pub subject: String,
    pub body: String,
    /// The register number, once sent.
    pub number: Option<String>,
    pub approved_on: Option<String>,
    pub sent_on: Option<String>,
    pub replied_on: Option<String>,
    pub reply: Option<String>,
    /// The last reason it was returned for revision.
    pub returned_because: Option<String>,
    pub files: Vec<MatterFileView>,
    /// The steps open now (for the staff holding the grant): submit, approve, return, send, record_reply.
    pub actions: Vec<String>,
}

fn view(state: &AppState, role: Role, m: MatterRow) -> MatterView {
    // The steps are for whoever may edit the matter (its congress's staff; the store checks
    // their grant on each step), not for the admin, who reads.
    let target = renda_core::policy::Target { congress_path: &[m.congress], ..Default::default() };
    let may_act = renda_core::policy::allows(role, Action::Edit, Resource::MajorMatter, &target);
    let actions = if may_act { state.store.major_commands(&m) } else { Vec::new() };
    let f = &m.facts;
    MatterView {
        id: m.id.0,
        congress_id: m.congress.0,
        year: m.year,
        kind: f.kind.code().into(),
        kind_label: f.kind.label().into(),
        state: f.state.code().into(),
        state_label: f.state.label().into(),
        subject: f.subject.clone(),
        number: f.number.map(|n| n.to_string()),
        approved_on: f.approved_on.map(|d| d.to_string()),
        sent_on: f.sent_on.map(|d| d.to_string()),
        replied_on: f.replied_on.map(|d| d.to_string()),
        body: m.body,
        reply: m.reply_text,
        returned_because: m.note,
        files: m.files.into_iter().map(|(hash, name, size)| MatterFileView { hash, name, size }).collect(),
        actions: actions.into_iter().map(|k| k.code().to_owned()).collect(),
    }
}

async fn read(state: &AppState, s: &renda_store::users::Session, id: MatterId) -> AppResult<MatterView> {
    let m = state.store.major_matter(&actor(s), id).await?;
    Ok(view(state, s.user.role, m))
}

/// Drafts a request or a report (staff holding the grant).
#[utoipa::path(post, path = "/api/v1/major-matters",
    request_body(content((NewMatterBody = "application/json"), (FilesForm = "multipart/form-data"))),
    responses((status = 201, body = MatterView), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<JsonWithFiles<NewMatterBody>, AppError>,
) -> AppResult<Response> {
    let JsonWithFiles(b, files) = body?;
    let id = create_matter(&state, &s, &b.kind, &b.subject, &b.body, files).await?;
    Ok((StatusCode::CREATED, Json(read(&state, &s, id).await?)).into_response())
}

/// One matter, for the staff holding the grant and the admin.
#[utoipa::path(get, path = "/api/v1/major-matters/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = MatterView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<MatterView>> {
    Ok(Json(read(&state, &s, MatterId(id)).await?))
}

/// A step: `{"command": "submit"}`, `{"command": "approve"}`, `{"command": "return", "reason": "…"}`,
/// `{"command": "send", "on": "2026-03-05"}` (the register number is taken then),
/// `{"command": "record_reply", "on": "2026-03-20", "reply": "…"}` (`on`: today when absent).
#[derive(Deserialize, ToSchema)]
pub struct MatterStepBody {
    pub command: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub on: Option<String>,
    #[serde(default)]
    pub reply: String,
}

/// Gives one step; the answer is the matter as it now stands. A step not open now is 409 with
/// its reason.
#[utoipa::path(post, path = "/api/v1/major-matters/{id}/actions", params(("id" = i64, Path)), request_body = MatterStepBody,
    responses((status = 200, body = MatterView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<MatterStepBody>, AppError>,
) -> AppResult<Json<MatterView>> {
    let ApiJson(b) = body?;
    let on = b.on.as_deref().map(|d| renda_core::value::parse_date("on", d)).transpose()?;
    let step = Step { command: &b.command, reason: &b.reason, on, reply: &b.reply };
    act_on(&state, &s, MatterId(id), step).await?;
    Ok(Json(read(&state, &s, MatterId(id)).await?))
}

/// `{"user": 12, "on": true}` gives a staff member the grant; `{"user": 12, "on": false, "confirm": true}`
/// takes it back (which must be confirmed).
#[derive(Deserialize, ToSchema)]
pub struct GrantBody {
    pub user: i64,
    pub on: bool,
    #[serde(default)]
    pub confirm: bool,
}

/// Gives or takes back the grant to the register (the admin, or staff who hold it).
#[utoipa::path(post, path = "/api/v1/major-matters/grants", request_body = GrantBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn grant(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<GrantBody>, AppError>,
) -> AppResult<StatusCode> {
    let ApiJson(b) = body?;
    grant_to(&state, &s, UserId(b.user), b.on, b.confirm).await?;
    Ok(StatusCode::NO_CONTENT)
}
