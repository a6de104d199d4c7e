//! `/api/v1/archive`: the duty archive in the API — an item declared with its evidence (by the
//! deputy, or by staff for them), a declared item verified or rejected, the item kinds a
//! congress publishes on the portal — with the archive pages' rules and codes.

use crate::AppState;
use crate::api::{ApiJson, FilesForm};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, JsonWithFiles, Path};
use crate::pages::actor;
use crate::pages::archive::{DeclareInput, declare_typed, ship_for};
use axum::extract::State;
use axum::http::StatusCode;
use renda_core::archive::ItemKind;
use renda_core::ids::{ArchiveItemId, OrgId, PersonId};
use serde::{Deserialize, Serialize};
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

/// A duty item declared for the archive:
/// `{"kind": "survey", "date": "2026-03-05", "quantity": 1, "description": "…", "evidence": ["…"], "ship": 3}`
/// (`ship`: the deputyship it counts for, the one in office when absent); evidence files as
/// files (multipart: this JSON as `body`, the files as `files`).
#[derive(Deserialize, ToSchema)]
pub struct DeclareBody {
    pub kind: String,
    pub date: String,
    #[serde(default = "one")]
    pub quantity: u32,
    #[serde(default)]
    pub description: String,
    /// Where the evidence is (a link, a document's title), one per entry.
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub ship: Option<i64>,
}

fn one() -> u32 {
    1
}

#[derive(Serialize, ToSchema)]
pub struct DeclaredView {
    pub id: i64,
    pub deputyship: i64,
}

/// Declares an item for `person`'s archive (the deputy themself, or staff for a deputy of
/// their congress); it waits for review.
#[utoipa::path(post, path = "/api/v1/archive/{person}/declare", params(("person" = i64, Path)),
    request_body(content((DeclareBody = "application/json"), (FilesForm = "multipart/form-data"))),
    responses((status = 201, body = DeclaredView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn declare(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(person): Path<i64>,
    body: Result<JsonWithFiles<DeclareBody>, AppError>,
) -> AppResult<(StatusCode, Json<DeclaredView>)> {
    let JsonWithFiles(b, files) = body?;
    let person = PersonId(person);
    let ship = ship_for(&state, person, b.ship).await?;
    let typed = DeclareInput {
        kind: b.kind,
        date: b.date,
        quantity: b.quantity.to_string(),
        description: b.description,
        evidence: b.evidence.join("\n"),
    };
    let (id, _) = declare_typed(&state, &s, person, ship.congress, &typed, &files).await?;
    Ok((StatusCode::CREATED, Json(DeclaredView { id: id.0, deputyship: ship.deputyship.0 })))
}
