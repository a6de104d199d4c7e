//! `/api/v1/stations/{id}/opinions` and `/api/v1/opinions`: the liaison stations' actions of the
//! pages — a citizen's opinion, the receipt code's lookup and rating, and the handling by staff
//! and units — with the same rules (the core's form check and transition, the store's policy and
//! rate limits), for a WeChat mini-program at the station's QR code or another system.

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::{ClientAddr, CurrentUser, MaybeUser};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::pages::actor;
use crate::pages::audit::code_of;
use crate::pages::liaison::opinions::{handler_of, receipt_flood, sees_personal_data};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::ids::OrgId;
use renda_core::liaison::form::OpinionForm;
use renda_core::liaison::opinion::{self, Channel, Command, CommandKind};
use renda_core::liaison::receipt::ReceiptCode;
use renda_core::policy::Role;
use renda_core::suggestion::Satisfaction;
use renda_store::liaison::opinions::{OpinionId, OpinionRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A citizen's opinion as the station's form takes it.
#[derive(Deserialize, ToSchema)]
pub struct NewOpinionBody {
    #[serde(default)]
    pub title: String,
    pub content: String,
    /// Optional, seen only by the staff of the station's congress.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    /// 同意公开: the opinion (without name and phone) may be published.
    #[serde(default)]
    pub consent_to_publish: bool,
}

/// What the citizen reads with the receipt code: the opinion without personal data, where it
/// stands and its answer.
#[derive(Serialize, ToSchema)]
pub struct ReceiptView {
    /// The receipt code, grouped for reading (ABCD-EFGH).
    pub receipt: String,
    pub station_name: String,
    pub title: Option<String>,
    pub content: String,
    /// received, answered_on_spot, forwarded, unit_answered, fed_back, rejected, converted,
    /// closed, …
    pub state: String,
    pub state_label: String,
    pub received_on: String,
    pub answer: Option<String>,
    /// Whether the citizen may rate the handling now.
    pub may_rate: bool,
}

/// One opinion as staff and units see it; `name` and `phone` only for staff of its congress.
#[derive(Serialize, ToSchema)]
pub struct OpinionView {
    pub id: i64,
    pub receipt: String,
    pub congress_id: i64,
    pub station_id: i64,
    pub station_name: String,
    pub title: Option<String>,
    pub content: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub consent_to_publish: bool,
    pub state: String,
    pub state_label: String,
    pub received_on: String,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub due_on: Option<String>,
    pub answer: Option<String>,
    pub note: Option<String>,
    /// The commands this user may give now (`answer_on_spot`, `forward`, `unit_answer`, …).
    pub actions: Vec<String>,
}

/// A command on an opinion: `{"command": "forward", "unit": 12, "due": "2026-04-10"}`,
/// `{"command": "answer_on_spot", "answer": "…"}`, `{"command": "close"}`, ….
#[derive(Deserialize, ToSchema)]
pub struct OpinionActionBody {
    #[schema(value_type = Object)]
    pub command: serde_json::Value,
}

/// The citizen's rating of the handling.
#[derive(Deserialize, ToSchema)]
pub struct RatingBody {
    /// satisfied, basic or unsatisfied.
    pub rating: String,
    #[serde(default)]
    pub comment: String,
}

fn receipt_view(o: &OpinionRow) -> ReceiptView {
    let code = o.facts.receipt;
    ReceiptView {
        receipt: code.grouped(),
        station_name: o.station_name.clone(),
        title: o.title.clone(),
        content: o.content.clone(),
        state: code_of(o.facts.state),
        state_label: o.state_label().to_owned(),
        received_on: o.facts.received_on.to_string(),
        answer: o.answer.clone(),
        may_rate: opinion::check(&o.facts, opinion::Standing::Citizen(code), CommandKind::Rate).is_ok(),
    }
}

fn opinion_view(o: &OpinionRow, role: Role) -> OpinionView {
    let personal = sees_personal_data(o, role);
    let who = handler_of(o, role);
    OpinionView {
        id: o.id.0,
        receipt: o.facts.receipt.grouped(),
        congress_id: o.congress.0,
        station_id: o.station.0,
        station_name: o.station_name.clone(),
        title: o.title.clone(),
        content: o.content.clone(),
        name: if personal { o.name.clone() } else { None },
        phone: if personal { o.phone.clone() } else { None },
        consent_to_publish: o.consent,
        state: code_of(o.facts.state),
        state_label: o.state_label().to_owned(),
        received_on: o.facts.received_on.to_string(),
        unit_id: o.facts.forwarded_to.map(|u| u.0),
        unit_name: o.unit_name.clone(),
        due_on: o.facts.due_on.map(|d| d.to_string()),
        answer: o.answer.clone(),
        note: o.note.clone(),
        actions: who
            .map(|w| opinion::permitted(&o.facts, w))
            .unwrap_or_default()
            .into_iter()
            .map(|k| k.code().to_owned())
            .collect(),
    }
}

/// Leaves an opinion at a liaison station (with or without an account): the twin of the
/// station page's form. Answers 201 with the receipt code the citizen keeps; too many from one
/// address in an hour is 429 `too_many_opinions`; bad fields are 422 with the field.
#[utoipa::path(post, path = "/api/v1/stations/{id}/opinions", params(("id" = i64, Path)), request_body = NewOpinionBody,
    responses((status = 201, body = ReceiptView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<i64>,
    body: Result<ApiJson<NewOpinionBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    crate::pages::liaison::opinions::station_of(&state, id).await?;
    let form = OpinionForm {
        title: b.title,
        content: b.content,
        name: b.name,
        phone: b.phone,
        consent_to_publish: b.consent_to_publish,
    };
    let checked = form.validate().map_err(AppError::of_fields)?;
    let who = renda_store::Actor { user: s.as_ref().map(|s| s.user.id), role: Role::Public };
    let (_, code) =
        state.store.submit_opinion(&who, OrgId(id), Channel::Online, &checked, &addr, state.today()).await?;
    let o = state.store.opinion_by_receipt(code).await?;
    Ok((StatusCode::CREATED, Json(receipt_view(&o))).into_response())
}

/// The citizen's view of their opinion by its receipt code (回执查询); asking too often from one
/// address is 429, an unknown code 404.
#[utoipa::path(get, path = "/api/v1/opinions/receipt/{code}", params(("code" = String, Path)),
    responses((status = 200, body = ReceiptView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn receipt(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Path(code): Path<String>,
) -> AppResult<Response> {
    if let Some(refused) = receipt_flood(&state, &addr) {
        return Ok(refused);
    }
    let code = ReceiptCode::parse(&code)?;
    let o = state.store.opinion_by_receipt(code).await?;
    Ok(Json(receipt_view(&o)).into_response())
}

/// The citizen rates the handling once it is fed back: the twin of the receipt page's rating.
#[utoipa::path(post, path = "/api/v1/opinions/receipt/{code}/rating", params(("code" = String, Path)), request_body = RatingBody,
    responses((status = 200, body = ReceiptView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn rate(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Path(code): Path<String>,
    body: Result<ApiJson<RatingBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    if let Some(refused) = receipt_flood(&state, &addr) {
        return Ok(refused);
    }
    let code = ReceiptCode::parse(&code)?;
    let rating = Satisfaction::from_code(&b.rating)
        .ok_or_else(|| renda_core::ValidationError::new("rating", "请选择满意、基本满意或不满意"))?;
    state.store.rate_opinion(code, rating, &b.comment, state.today()).await?;
    let o = state.store.opinion_by_receipt(code).await?;
    Ok(Json(receipt_view(&o)).into_response())
}

/// One opinion, for the staff of its congress (and those above) and the unit it went to; 404
/// for anyone else.
#[utoipa::path(get, path = "/api/v1/opinions/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = OpinionView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<OpinionView>> {
    let o = state.store.opinion(&actor(&s), OpinionId(id)).await?;
    Ok(Json(opinion_view(&o, s.user.role)))
}

/// Gives one command on an opinion (the detail page's buttons): an action not allowed now is
/// 409 with its reason, one this user may never give 403, an opinion they may not open 404,
/// bad fields 422.
#[utoipa::path(post, path = "/api/v1/opinions/{id}/actions", params(("id" = i64, Path)), request_body = OpinionActionBody,
    responses((status = 200, body = OpinionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<OpinionActionBody>, AppError>,
) -> AppResult<Json<OpinionView>> {
    let ApiJson(b) = body?;
    let cmd: Command = serde_json::from_value(b.command)
        .map_err(|e| AppError::from(renda_core::ValidationError::new("command", format!("command 字段有误：{e}"))))?;
    let id = OpinionId(id);
    let me = actor(&s);
    state.store.opinion(&me, id).await?;
    let o = state.store.act_on_opinion(&me, id, &cmd, state.today()).await?;
    Ok(Json(opinion_view(&o, s.user.role)))
}
