//! `/api/v1/suggestions` and `/api/v1/notifications`: every suggestion action of the pages,
//! with the same rules (the store checks the policy and the core's transition function on
//! every call), for a mini-program or another system.

use crate::AppState;
use crate::api::{ApiJson, ApiQuery, FilesForm};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, JsonWithFiles, Path};
use crate::pages::actor;
use crate::pages::suggestion_bulk::{BulkOp, apply as bulk_apply};
use crate::pages::suggestions::ListQuery;
use crate::pages::suggestions::staff_congress;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::ErrorCode;
use renda_core::ids::{OrgId, PersonId};
use renda_core::policy::Role;
use renda_core::suggestion::{ClassScheme, Command, Settings};
use renda_store::suggestions::{Extra, NewSuggestion, Period, Reading, SuggestionDetail, SuggestionId, SuggestionRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

fn api<T>(r: Result<T, renda_store::StoreError>) -> AppResult<T> {
    r.map_err(AppError::from)
}

#[derive(Serialize, ToSchema)]
pub struct SuggestionView {
    pub id: i64,
    /// 2025年第12号, or 未编号.
    pub number: String,
    pub title: String,
    pub congress_id: i64,
    pub congress_name: String,
    pub lead_name: String,
    /// draft, cosigning, submitted, registered, returned, converted, withdrawn, assigned,
    /// in_progress, replied, rated, rehandling, follow_up, closed.
    pub state: String,
    pub state_label: String,
    pub assigned_on: Option<String>,
    pub due_on: Option<String>,
    /// Days until the reply is due (negative: overdue); absent when no deadline runs.
    pub days_left: Option<i32>,
    pub key_topic: Option<String>,
    pub reply_class: Option<String>,
}

fn view(r: &SuggestionRow, today: jiff::civil::Date) -> SuggestionView {
    SuggestionView {
        id: r.id.0,
        number: r.number_label(),
        title: r.title.clone(),
        congress_id: r.congress.0,
        congress_name: r.congress_name.clone(),
        lead_name: r.lead_name.clone(),
        state: r.facts.state.code().into(),
        state_label: r.facts.state.label().into(),
        assigned_on: r.facts.assigned_on.map(|d| d.to_string()),
        due_on: r.facts.due_on.map(|d| d.to_string()),
        days_left: r.facts.days_left(today),
        key_topic: r.facts.key_topic.clone(),
        reply_class: r.facts.reply_class.map(|c| c.code().into()),
    }
}

#[derive(Serialize, ToSchema)]
pub struct SuggestionPage {
    pub items: Vec<SuggestionView>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// The suggestions this user works with (a deputy's own, a unit's assignments, the staff's
/// congress and those below): never another's suggestion merely because its reply is published.
#[utoipa::path(get, path = "/api/v1/suggestions",
    params(("state" = Option<String>, Query, description = "状态代码，可用逗号分隔多个"), ("due" = Option<String>, Query, description = "near 或 overdue"),
           ("key" = Option<String>, Query, description = "1：仅重点督办"), ("q" = Option<String>, Query), ("page" = Option<i64>, Query)),
    responses((status = 200, body = SuggestionPage), (status = 401, body = ErrorBody), (status = 403, description = "公众账号没有建议列表", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    q: Result<ApiQuery<ListQuery>, AppError>,
) -> AppResult<Json<SuggestionPage>> {
    let ApiQuery(q) = q?;
    let today = state.today();
    let filter = crate::pages::suggestions::filter_of(&s, &q, 50)?;
    let page = api(state.store.list_suggestions(&actor(&s), &filter, today).await)?;
    Ok(Json(SuggestionPage {
        items: page.items.iter().map(|r| view(r, today)).collect(),
        total: page.total,
        page: page.page + 1,
        per_page: page.per_page,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct SuggestionDetailView {
    #[serde(flatten)]
    pub summary: SuggestionView,
    pub body: String,
    pub signers: Vec<String>,
    /// Units as "name（主办）" or "name（会办）".
    pub units: Vec<String>,
    pub replies: Vec<ReplyView>,
    /// The commands this user may give now (snake_case), as the pages show them.
    pub actions: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReplyView {
    pub round: i64,
    pub unit: String,
    pub class: String,
    pub body: String,
    pub signer: String,
    pub replied_on: String,
}

async fn detail_view(state: &AppState, d: &SuggestionDetail, role: Role) -> AppResult<SuggestionDetailView> {
    let today = state.today();
    let actions =
        api(state.store.permitted_commands(d, role, today).await)?.into_iter().map(|k| k.code().to_owned()).collect();
    Ok(SuggestionDetailView {
        summary: view(&d.row, today),
        body: d.body.clone(),
        signers: d.signers.iter().map(|g| g.name.clone()).collect(),
        units: d.units.iter().map(|u| format!("{}（{}）", u.name, if u.main { "主办" } else { "会办" })).collect(),
        replies: d
            .replies
            .iter()
            .map(|r| ReplyView {
                round: r.round,
                unit: r.unit_name.clone(),
                class: r.class.code().to_owned(),
                body: r.body.clone(),
                signer: r.signer.clone(),
                replied_on: r.replied_on.to_string(),
            })
            .collect(),
        actions,
    })
}

/// One suggestion's handling record, with the actions this user may take now. Only its
/// parties read it: its signers, the staff of its congress and those above, its units (and
/// the admin). For everyone else it does not exist (404 `not_found`), published or not; a reply
/// the lead deputy agreed to publish is read at `/replies/{id}`, as the public reads it.
#[utoipa::path(get, path = "/api/v1/suggestions/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = SuggestionDetailView),
              (status = 404, description = "建议不存在，或您不是此建议的办理相关方（已公开的答复见 /replies/{id}）", body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<SuggestionDetailView>> {
    let (d, reading) = state.store.suggestion_reading(&actor(&s), SuggestionId(id)).await?;
    if reading == Reading::PublicReply {
        return Err(AppError::new(
            ErrorCode::NotFound,
            format!("您不是此建议的办理相关方，不能查看办理情况；已公开的答复请见 /replies/{id}。"),
        ));
    }
    Ok(Json(detail_view(&state, &d, s.user.role).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewSuggestionBody {
    pub congress_id: i64,
    pub title: String,
    pub body: String,
    /// session (大会期间) or recess (闭会期间).
    pub period: String,
    #[serde(default)]
    pub cosigner_ids: Vec<i64>,
}

/// A deputy's new draft.
#[utoipa::path(post, path = "/api/v1/suggestions", request_body = NewSuggestionBody,
    responses((status = 201, body = SuggestionDetailView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<NewSuggestionBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let person =
        s.user.role.deputy().ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大代表可以提出建议。"))?;
    let period = Period::from_code(&b.period)
        .ok_or_else(|| AppError::from(renda_core::ValidationError::new("period", "提出时间应为 session 或 recess")))?;
    let new = NewSuggestion {
        congress: OrgId(b.congress_id),
        title: b.title,
        body: b.body,
        period,
        from_motion: false,
        cosigners: b.cosigner_ids.into_iter().map(PersonId).collect(),
    };
    let id = api(state.store.create_suggestion(&actor(&s), person, new, state.today()).await)?;
    let d = api(state.store.suggestion(&actor(&s), id).await)?;
    Ok((StatusCode::CREATED, Json(detail_view(&state, &d, s.user.role).await?)).into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct ActionBody {
    /// The command with its fields, e.g. `{"command":"assign","on":"2025-03-03","complex":false}`,
    /// `{"command":"reply","class":"B"}`, `{"command":"rate","attitude":"satisfied","result":"basic","reason":""}`,
    /// `{"command":"edit","title":"…","body":"…"}` (the lead, on a draft),
    /// `{"command":"publish_reply","publish":true}` (the lead: whether the replies may be read on the portal).
    #[schema(value_type = Object)]
    pub command: serde_json::Value,
    /// What the command brings, when it brings something: `{"extra":"assign","main":[12],"assisting":[]}`,
    /// `{"extra":"contact","on":"2025-03-05","way":"phone","summary":"…"}`, `{"extra":"view","text":"…"}`,
    /// `{"extra":"reply","body":"…","signer":"…","on":"2025-03-20"}`.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub extra: Option<serde_json::Value>,
}

/// Gives one command (the same commands as the pages' buttons). An action not allowed now is
/// 409 with its reason (`wrong_state`, `contact_before_reply`, `views_pending`, …); one this
/// user may never give is 403 `forbidden`; a suggestion this user may not open (see
/// `GET /api/v1/suggestions/{id}`) is 404; bad fields are 422 (`required`, `date_in_future`, …).
/// A reply may bring its documents: send the same JSON as the `body` part of a multipart form
/// with the files as `files` parts.
#[utoipa::path(post, path = "/api/v1/suggestions/{id}/actions", params(("id" = i64, Path)),
    request_body(content((ActionBody = "application/json"), (FilesForm = "multipart/form-data"))),
    responses((status = 200, body = SuggestionDetailView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<JsonWithFiles<ActionBody>, AppError>,
) -> AppResult<Json<SuggestionDetailView>> {
    let JsonWithFiles(b, files) = body?;
    let bad = |what: &str, e: serde_json::Error| {
        AppError::from(renda_core::ValidationError::new(what, format!("{what} 字段有误：{e}")))
    };
    let cmd: Command = serde_json::from_value(b.command).map_err(|e| bad("command", e))?;
    let extra: Extra = match b.extra {
        Some(v) => serde_json::from_value(v).map_err(|e| bad("extra", e))?,
        None => Extra::None,
    };
    let id = SuggestionId(id);
    api(state.store.act_with_files(&actor(&s), id, &cmd, &extra, state.today(), &files).await)?;
    let d = api(state.store.suggestion(&actor(&s), id).await)?;
    Ok(Json(detail_view(&state, &d, s.user.role).await?))
}

/// A congress's deadlines and reply classes (建议办理设置), as its settings page sets them:
/// `{"reply_months": 3, "complex_reply_months": 6, "max_months": 6, "rehandle_months": 1,
/// "return_window_working_days": 7, "near_due_days": 10, "class_scheme": "abcd"}`
/// (`class_scheme`: `abcd` or `jia_yi_bing`).
#[derive(Deserialize, ToSchema)]
pub struct SettingsBody {
    pub reply_months: i32,
    pub complex_reply_months: i32,
    pub max_months: i32,
    pub rehandle_months: i32,
    pub return_window_working_days: u32,
    pub near_due_days: i32,
    pub class_scheme: String,
}

/// Sets the staff's congress's suggestion settings (the settings page's twin); numbers out of
/// the law's bounds are 422 naming the field.
#[utoipa::path(post, path = "/api/v1/suggestions/settings", request_body = SettingsBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<SettingsBody>, AppError>,
) -> AppResult<StatusCode> {
    let ApiJson(b) = body?;
    let congress = staff_congress(&s)?;
    let class_scheme = match b.class_scheme.as_str() {
        "abcd" => ClassScheme::Abcd,
        "jia_yi_bing" => ClassScheme::JiaYiBing,
        _ => return Err(renda_core::ValidationError::new("class_scheme", "答复类别应为 abcd 或 jia_yi_bing").into()),
    };
    let new = Settings {
        reply_months: b.reply_months,
        complex_reply_months: b.complex_reply_months,
        max_months: b.max_months,
        rehandle_months: b.rehandle_months,
        return_window_working_days: b.return_window_working_days,
        near_due_days: b.near_due_days,
        class_scheme,
    };
    api(state.store.set_suggestion_settings(&actor(&s), congress, new).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// One step over several suggestions (the list's bulk bar): `{"op": "register", "ids": [3, 4]}`,
/// `{"op": "remind", "ids": [3]}`, or
/// `{"op": "assign", "ids": [3, 4], "main": [12], "assisting": [13], "on": "2026-03-03", "complex": false}`.
#[derive(Deserialize, ToSchema)]
pub struct BulkBody {
    /// register, remind or assign.
    pub op: String,
    pub ids: Vec<i64>,
    #[serde(default)]
    pub main: Vec<i64>,
    #[serde(default)]
    pub assisting: Vec<i64>,
    /// The assignment's date (today when absent).
    #[serde(default)]
    pub on: Option<String>,
    #[serde(default)]
    pub complex: bool,
}

/// A suggestion a bulk step left as it was, and why.
#[derive(Serialize, ToSchema)]
pub struct BulkRefusal {
    pub id: i64,
    pub code: String,
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct BulkView {
    pub done: Vec<i64>,
    pub refused: Vec<BulkRefusal>,
    /// What the list page says: 已交办2件；…
    pub message: String,
}

/// Gives the same command to each suggestion, each its own transaction with its own audit
/// entry: the others stay done when one is refused. When none could be done, the answer is the
/// first one's error (its status and code), its message naming every refusal.
#[utoipa::path(post, path = "/api/v1/suggestions/bulk", request_body = BulkBody,
    responses((status = 200, body = BulkView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn bulk(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<BulkBody>, AppError>,
) -> AppResult<Json<BulkView>> {
    let ApiJson(b) = body?;
    let op = match b.op.as_str() {
        "register" => BulkOp::Register,
        "remind" => BulkOp::Remind,
        "assign" => BulkOp::Assign {
            main: b.main.into_iter().map(OrgId).collect(),
            assisting: b.assisting.into_iter().map(OrgId).collect(),
            on: match b.on.as_deref() {
                Some(text) => renda_core::value::parse_date("on", text)?,
                None => state.today(),
            },
            complex: b.complex,
        },
        _ => return Err(renda_core::ValidationError::new("op", "请选择要执行的批量操作").into()),
    };
    let outcome = bulk_apply(&state, &s, &b.ids, op).await?;
    if let Some(e) = outcome.nothing_done() {
        return Err(e);
    }
    Ok(Json(BulkView {
        done: outcome.done.iter().map(|id| id.0).collect(),
        message: outcome.message(),
        refused: outcome
            .refused
            .into_iter()
            .map(|r| BulkRefusal { id: r.id, code: r.error.code.as_str().into(), message: r.error.message })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct NotificationView {
    pub id: i64,
    pub kind: String,
    pub suggestion_id: Option<i64>,
    pub text: String,
    pub created_at: String,
    pub read: bool,
}

/// The user's notifications, unread first.
#[utoipa::path(get, path = "/api/v1/notifications", responses((status = 200, body = Vec<NotificationView>)))]
pub async fn notifications(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
) -> AppResult<Json<Vec<NotificationView>>> {
    let items = api(state.store.notifications(s.user.id, 200).await)?;
    Ok(Json(
        items
            .into_iter()
            .map(|n| NotificationView {
                id: n.id,
                kind: n.kind,
                suggestion_id: n.suggestion.map(|x| x.0),
                text: n.text,
                created_at: format!("{:.6}", n.created_at),
                read: n.read,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ReadBody {
    /// One notification; all when absent.
    pub id: Option<i64>,
}

/// Marks notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read", request_body = ReadBody, responses((status = 204)))]
pub async fn read(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<ReadBody>, AppError>,
) -> AppResult<StatusCode> {
    let ApiJson(b) = body?;
    api(state.store.mark_notifications_read(s.user.id, b.id).await)?;
    Ok(StatusCode::NO_CONTENT)
}
