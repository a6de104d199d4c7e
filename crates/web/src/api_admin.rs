//! The admin pages' twins in the API: an organisation renamed, the platform's name, a deputy
//! registered, their work phone, a deputyship ended, accounts created, read and changed — with
//! the pages' rules and codes, through the pages' own functions (`pages::orgs`,
//! `pages::deputies`, `pages::users`). The documents' twins are in `api_documents`.

use crate::AppState;
use crate::api::{ApiJson, DeputyView, OrgView};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::pages::deputies::{NewDeputyForm, end_seat, register_deputy, save_work_phone};
use crate::pages::orgs::{rename_org, set_site_name};
use crate::pages::users::{AccountChange, CreateForm, RoleFields, change_account, create_account, visible_user};
use axum::extract::State;
use axum::http::StatusCode;
use renda_core::ErrorCode;
use renda_core::ids::{DeputyshipId, OrgId, PersonId, UserId};
use renda_store::users::User;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new name: `{"name": "示范市人民代表大会常务委员会"}`.
#[derive(Deserialize, ToSchema)]
pub struct RenameBody {
    pub name: String,
}

/// Renames an organisation (staff within their congress; the admin anywhere).
#[utoipa::path(post, path = "/api/v1/organisations/{id}", params(("id" = i64, Path)), request_body = RenameBody,
    responses((status = 200, body = OrgView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn rename_organisation(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<RenameBody>, AppError>,
) -> AppResult<Json<OrgView>> {
    let ApiJson(b) = body?;
    let org = rename_org(&state, &s, OrgId(id), &b.name).await?;
    let depth = state.store.org_tree().await?.into_iter().find(|r| r.org.id == org.id).map_or(0, |r| r.depth);
    Ok(Json(OrgView {
        id: org.id.0,
        name: org.name.to_string(),
        kind: org.kind.code(),
        kind_label: org.kind.label().into(),
        parent_id: org.parent.map(|p| p.0),
        depth,
    }))
}

/// The platform's name: `{"site_name": "某县人大常委会代表履职平台"}`.
#[derive(Deserialize, ToSchema)]
pub struct SiteBody {
    pub site_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct SiteView {
    pub site_name: String,
    /// Fixed by the server's configuration (`RENDA_SITE_NAME`): not editable here.
    pub fixed: bool,
}

/// Sets the platform's name (the admin only; 409 when the server's configuration fixes it).
#[utoipa::path(post, path = "/api/v1/site", request_body = SiteBody,
    responses((status = 200, body = SiteView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn site(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<SiteBody>, AppError>,
) -> AppResult<Json<SiteView>> {
    let ApiJson(b) = body?;
    set_site_name(&state, &s, &b.site_name).await?;
    let site = state.site();
    Ok(Json(SiteView { site_name: site.name, fixed: site.fixed }))
}

/// A new deputy and their first deputyship, as the roster's form takes them:
/// `{"name": "张三", "gender": "男", "ethnicity": "汉族", "birth": "1967-03", "party": "中共党员",
/// "occupation": "…", "phone": "13800000000", "congress": 2, "term": "14", "delegation": "第1选区",
/// "start": "2022-01-01", "start_reason": "elected"}` (`gender`: 男 or 女; `birth`: 1967,
/// 1967-03 or 1967-03-05; `term`: 14 or 第十四届).
#[derive(Deserialize, ToSchema)]
pub struct NewDeputyBody {
    pub name: String,
    pub gender: String,
    #[serde(default)]
    pub ethnicity: String,
    #[serde(default)]
    pub birth: String,
    #[serde(default)]
    pub party: String,
    #[serde(default)]
    pub occupation: String,
    #[serde(default)]
    pub phone: String,
    pub congress: i64,
    pub term: String,
    pub delegation: String,
    pub start: String,
    pub start_reason: String,
}

/// Registers a deputy (staff of the congress, or the admin); the answer is the new deputyship.
#[utoipa::path(post, path = "/api/v1/deputies", request_body = NewDeputyBody,
    responses((status = 201, body = DeputyView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_deputy(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<NewDeputyBody>, AppError>,
) -> AppResult<(StatusCode, Json<DeputyView>)> {
    let ApiJson(b) = body?;
    let form = NewDeputyForm {
        name: b.name,
        gender: b.gender,
        ethnicity: b.ethnicity,
        birth: b.birth,
        party: b.party,
        occupation: b.occupation,
        phone: b.phone,
        congress: b.congress.to_string(),
        term: b.term,
        delegation: b.delegation,
        start: b.start,
        start_reason: b.start_reason,
    };
    let (person, ship) = register_deputy(&state, &s, &form).await?;
    let row = state
        .store
        .deputyships_of(person)
        .await?
        .into_iter()
        .find(|r| r.deputyship == ship)
        .ok_or_else(|| AppError::of(ErrorCode::Internal))?;
    Ok((StatusCode::CREATED, Json(DeputyView::from(row))))
}

/// The deputy's work phone: `{"work_phone": "0571-85000000", "to_units": true}` (empty clears
/// it; `to_units`: units handling the deputy's suggestions see it).
#[derive(Deserialize, ToSchema)]
pub struct WorkPhoneBody {
    #[serde(default)]
    pub work_phone: String,
    #[serde(default)]
    pub to_units: bool,
}

#[derive(Serialize, ToSchema)]
pub struct WorkPhoneView {
    pub work_phone: Option<String>,
    /// Units see it (never without a phone).
    pub to_units: bool,
}

/// Sets a deputy's work phone (staff who may edit the deputy's latest seat).
#[utoipa::path(post, path = "/api/v1/deputies/{person}/work-phone", params(("person" = i64, Path)), request_body = WorkPhoneBody,
    responses((status = 200, body = WorkPhoneView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn work_phone(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(person): Path<i64>,
    body: Result<ApiJson<WorkPhoneBody>, AppError>,
) -> AppResult<Json<WorkPhoneView>> {
    let ApiJson(b) = body?;
    let w = save_work_phone(&state, &s, PersonId(person), &b.work_phone, b.to_units).await?;
    Ok(Json(WorkPhoneView { work_phone: w.phone, to_units: w.to_units }))
}

/// The end of a deputyship: `{"end": "2026-03-05", "reason": "resigned", "confirm": true}` —
/// irreversible, so it must be confirmed.
#[derive(Deserialize, ToSchema)]
pub struct EndBody {
    pub end: String,
    pub reason: String,
    #[serde(default)]
    pub confirm: bool,
}

/// Ends a deputyship (staff of its congress); the answer is the deputyship as it now stands.
/// One already ended is 409 `deputyship_ended`.
#[utoipa::path(post, path = "/api/v1/deputyships/{id}/end", params(("id" = i64, Path)), request_body = EndBody,
    responses((status = 200, body = DeputyView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn end_deputyship(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<EndBody>, AppError>,
) -> AppResult<Json<DeputyView>> {
    let ApiJson(b) = body?;
    let row = end_seat(&state, &s, DeputyshipId(id), &b.end, &b.reason, b.confirm).await?;
    Ok(Json(DeputyView::from(row)))
}

#[derive(Serialize, ToSchema)]
pub struct UserView {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    /// admin, staff, deputy, unit or public.
    pub role: String,
    pub role_label: String,
    /// The congress (staff) or unit (unit) of the role.
    pub scope: Option<i64>,
    /// The deputy's person, for a deputy's account.
    pub person: Option<i64>,
    /// The name of the role's organisation or person.
    pub scope_name: Option<String>,
    pub active: bool,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Whether the caller may change this account.
    pub can_edit: bool,
}

fn user_view(u: User, can_edit: bool) -> UserView {
    let scope = u.role.staff_congress().or(u.role.unit()).map(|o| o.0);
    let person = u.role.deputy().map(|p| p.0);
    UserView {
        id: u.id.0,
        login: u.login,
        display_name: u.display_name,
        role: u.role.kind().code().into(),
        role_label: u.role.label().into(),
        scope,
        person,
        scope_name: u.scope_name,
        active: u.active,
        email: u.email,
        phone: u.phone,
        can_edit,
    }
}

/// A role: `"role"` (admin, staff, deputy, unit, public), with `"scope"` (the congress for
/// staff, the unit for a unit) or `"person"` (a deputy's).
fn role_fields(role: String, scope: Option<i64>, person: Option<i64>) -> RoleFields {
    let text = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    RoleFields { role, scope: text(scope), person: text(person) }
}

/// A new account: `{"login": "city.clerk", "display_name": "王五", "password": "court-pass-2026",
/// "role": "staff", "scope": 2}` (`scope`: the congress of staff, the unit of a unit account;
/// `"person": 7` instead for a deputy's account).
#[derive(Deserialize, ToSchema)]
pub struct NewUserBody {
    pub login: String,
    pub display_name: String,
    /// At least 8 characters, letters and digits.
    pub password: String,
    pub role: String,
    #[serde(default)]
    pub scope: Option<i64>,
    #[serde(default)]
    pub person: Option<i64>,
}

/// Creates an account with a role this user may grant.
#[utoipa::path(post, path = "/api/v1/users", request_body = NewUserBody,
    responses((status = 201, body = UserView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<NewUserBody>, AppError>,
) -> AppResult<(StatusCode, Json<UserView>)> {
    let ApiJson(b) = body?;
    let form = CreateForm {
        login: b.login,
        display_name: b.display_name,
        password: b.password,
        role: role_fields(b.role, b.scope, b.person),
    };
    let user = create_account(&state, &s, form).await?;
    let (user, can_edit) = visible_user(&state, &s, user.id).await?;
    Ok((StatusCode::CREATED, Json(user_view(user, can_edit))))
}

/// One account, for those who may see it (none other is found).
#[utoipa::path(get, path = "/api/v1/users/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = UserView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn user(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<UserView>> {
    let (user, can_edit) = visible_user(&state, &s, UserId(id)).await?;
    Ok(Json(user_view(user, can_edit)))
}

/// One change to an account, as the account page's forms make them:
/// `{"command": "password", "password": "新密码123a"}`, `{"command": "contact", "email": "…", "phone": "…"}`
/// (empty clears), `{"command": "disable"}`, `{"command": "enable"}`, `{"command": "unlock"}` (lifts
/// the login lock), `{"command": "role", "role": "unit", "scope": 5}` (or `"person": 7` for a deputy's).
#[derive(Deserialize, ToSchema)]
pub struct UserCommandBody {
    pub command: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub scope: Option<i64>,
    #[serde(default)]
    pub person: Option<i64>,
}

/// Changes an account (not one's own; a role this user may grant); the answer is the account
/// as it now stands.
#[utoipa::path(post, path = "/api/v1/users/{id}", params(("id" = i64, Path)), request_body = UserCommandBody,
    responses((status = 200, body = UserView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_user(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<UserCommandBody>, AppError>,
) -> AppResult<Json<UserView>> {
    let ApiJson(b) = body?;
    crate::pages::require_admin_pages(&s)?;
    let change = match b.command.as_str() {
        "password" => AccountChange::Password(b.password),
        "contact" => AccountChange::Contact { email: b.email, phone: b.phone },
        "disable" => AccountChange::Active(false),
        "enable" => AccountChange::Active(true),
        "unlock" => AccountChange::Unlock,
        "role" => AccountChange::Role(role_fields(b.role, b.scope, b.person)),
        _ => return Err(renda_core::ValidationError::new("command", "未知的操作").into()),
    };
    change_account(&state, &s, UserId(id), change).await?;
    let (user, can_edit) = visible_user(&state, &s, UserId(id)).await?;
    Ok(Json(user_view(user, can_edit)))
}
