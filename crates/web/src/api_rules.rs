//! `/api/v1/rules`: a congress's rule books (评分细则) in the API — a template installed, a
//! table published, edited or corrected, and the year's scores recomputed — with the rules page's
//! policy, locks and codes. A table travels as the core's `RuleTable` JSON (what
//! `GET /rules?congress=…&year=…` shows as a form).

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::pages::actor;
use axum::extract::State;
use axum::http::StatusCode;
use renda_core::ErrorCode;
use renda_core::archive::rules::RuleTable;
use renda_core::archive::templates::Template as RuleTemplate;
use renda_core::ids::OrgId;
use renda_core::policy::{Action, Resource, Target, allows};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct InstallBody {
    pub congress: i64,
    pub year: i16,
    /// A template's code (the rules page lists them).
    pub template: String,
    /// YYYY-MM-DD.
    pub effective_from: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PublishBody {
    pub congress: i64,
    pub year: i16,
    #[schema(value_type = Object)]
    pub table: serde_json::Value,
    pub effective_from: String,
}

/// Edits version `version` in place before its year starts; once it has started, send
/// `"confirm": true` with a `reason` to correct it as a new version in force from 1 January.
#[derive(Deserialize, ToSchema)]
pub struct EditBody {
    pub congress: i64,
    pub year: i16,
    pub version: u32,
    #[schema(value_type = Object)]
    pub table: serde_json::Value,
    #[serde(default)]
    pub confirm: bool,
    #[serde(default)]
    pub reason: String,
}

#[derive(Deserialize, ToSchema)]
pub struct RecomputeBody {
    pub congress: i64,
    pub year: i16,
    /// Also every congress below this one.
    #[serde(default)]
    pub below: bool,
}

fn table(v: serde_json::Value) -> AppResult<RuleTable> {
    serde_json::from_value(v)
        .map_err(|e| renda_core::ValidationError::new("table", format!("评分细则的格式有误：{e}")).into())
}

/// Installs a template as a new version of the year's rule book.
#[utoipa::path(post, path = "/api/v1/rules/install", request_body = InstallBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn install(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<InstallBody>, AppError>,
) -> AppResult<StatusCode> {
    let ApiJson(b) = body?;
    let template = RuleTemplate::from_code(&b.template)
        .ok_or_else(|| renda_core::ValidationError::new("template", "请选择模板"))?;
    let from = renda_core::value::parse_date("effective_from", &b.effective_from)?;
    state.store.install_template(&actor(&s), OrgId(b.congress), b.year, template, from, state.today()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Publishes a table as a new version from its effective date.
#[utoipa::path(post, path = "/api/v1/rules/publish", request_body = PublishBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<PublishBody>, AppError>,
) -> AppResult<StatusCode> {
    let ApiJson(b) = body?;
    let from = renda_core::value::parse_date("effective_from", &b.effective_from)?;
    state.store.publish_rules(&actor(&s), OrgId(b.congress), b.year, table(b.table)?, from, state.today()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Edits a version in place, or corrects it once its year has started (see [`EditBody`]).
#[utoipa::path(post, path = "/api/v1/rules/edit", request_body = EditBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<EditBody>, AppError>,
) -> AppResult<StatusCode> {
    let ApiJson(b) = body?;
    let (congress, t) = (OrgId(b.congress), table(b.table)?);
    if b.confirm {
        state.store.correct_rules(&actor(&s), congress, b.year, t, &b.reason, state.today()).await?;
    } else {
        state.store.edit_rules(&actor(&s), congress, b.year, b.version, t, state.today()).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Derives the year's suggestion items and recomputes every score of the congress (and, with
/// `below`, of every congress under it).
#[utoipa::path(post, path = "/api/v1/rules/recompute", request_body = RecomputeBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn recompute(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<RecomputeBody>, AppError>,
) -> AppResult<StatusCode> {
    let ApiJson(b) = body?;
    let congress = OrgId(b.congress);
    let path = state.store.congress_path(congress).await?;
    if path.first() != Some(&congress)
        || !allows(s.user.role, Action::Edit, Resource::Congress, &Target { congress_path: &path, ..Target::default() })
    {
        return Err(AppError::of(ErrorCode::Forbidden));
    }
    if b.below {
        for c in state.store.congress_subtree(congress).await? {
            state.store.archive_from_suggestions(c, b.year).await?;
        }
        state.store.recompute_scores_below(congress, b.year, state.today()).await?;
    } else {
        state.store.archive_from_suggestions(congress, b.year).await?;
        state.store.recompute_scores(congress, b.year, state.today()).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
