//! `/api/v1/archive`: the duty archive's staff actions in the API — a declared item verified or
//! rejected, the item kinds a congress publishes on the portal — with the archive pages' rules
//! and codes. (A declaration brings evidence files: its twin, a multipart call, is not done yet.)

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::Path;
use crate::pages::actor;
use axum::extract::State;
use axum::http::StatusCode;
use renda_core::ids::{ArchiveItemId, OrgId};
use renda_core::scoring::ItemKind;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct ReviewBody {
    /// verify or reject.
    pub action: String,
    /// Why, for a rejection (required there).
    #[serde(default)]
    pub reason: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PublicKindsBody {
    pub congress: i64,
    /// The item kinds shown on the portal's deputy pages (survey, inspection, …); the rest
    /// stay inside.
    pub kinds: Vec<String>,
}

/// Verifies or rejects a deputy's declared item (staff of its congress).
#[utoipa::path(post, path = "/api/v1/archive/items/{id}/review", params(("id" = i64, Path)), request_body = ReviewBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn review(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<ReviewBody>, AppError>,
) -> AppResult<StatusCode> {
    let ApiJson(b) = body?;
    let who = actor(&s);
    let id = ArchiveItemId(id);
    match b.action.as_str() {
        "verify" => state.store.verify_declaration(&who, id).await.map(|_| ())?,
        "reject" => state.store.reject_declaration(&who, id, &b.reason).await.map(|_| ())?,
        _ => return Err(renda_core::ValidationError::new("action", "未知的操作：请用 verify 或 reject").into()),
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Sets which item kinds the congress publishes on the portal.
#[utoipa::path(post, path = "/api/v1/archive/settings", request_body = PublicKindsBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<PublicKindsBody>, AppError>,
) -> AppResult<StatusCode> {
    let ApiJson(b) = body?;
    let kinds = b
        .kinds
        .iter()
        .map(|k| ItemKind::parse(k).map_err(|_| renda_core::ValidationError::new("kinds", "履职事项类别有误")))
        .collect::<Result<Vec<_>, _>>()?;
    state.store.set_public_kinds(&actor(&s), OrgId(b.congress), &kinds).await?;
    Ok(StatusCode::NO_CONTENT)
}
