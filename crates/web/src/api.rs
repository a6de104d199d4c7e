//! The JSON API under `/api/v1`, for a WeChat account, a mini-program or another system.
//!
//! It uses the same sessions as the pages: `POST /api/v1/login` sets the session cookie and
//! returns the CSRF token, which every later state-changing call sends back in `X-CSRF-Token`.
//! Every error is `{"error": {"code", "message", "field"}}` with a stable code and a Chinese
//! message. The OpenAPI document is served at `/api/v1/openapi.json`.

use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser, SESSION_COOKIE, clear_session_cookie, cookie, session_cookie, with_cookie};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::pages::deputies::SearchQuery;
use axum::Router;
use axum::extract::State;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::OrgKind;
use renda_core::policy::{Action, Resource, Target, allows};
use renda_core::value::OrgName;
use renda_core::{ErrorCode, ValidationError};
use renda_store::orgs::NewOrganisation;
use renda_store::people::DeputyRow;
use renda_store::users::{LoginError, User};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/login", post(login))
        .route("/logout", post(logout))
        .route("/me", get(me))
        .route("/account/password", post(change_password))
        .route("/organisations", get(organisations).post(create_organisation))
        .route("/organisations/{id}", post(crate::api_admin::rename_organisation))
        .route("/site", post(crate::api_admin::site))
        .route("/deputies", get(deputies).post(crate::api_admin::create_deputy))
        .route("/deputies/{person}", get(deputy))
        .route("/deputies/{person}/work-phone", post(crate::api_admin::work_phone))
        .route("/deputyships/{id}/end", post(crate::api_admin::end_deputyship))
        .route("/users", post(crate::api_admin::create_user))
        .route("/users/{id}", get(crate::api_admin::user).post(crate::api_admin::update_user))
        .route("/suggestions", get(crate::api_suggestions::list).post(crate::api_suggestions::create))
        .route("/suggestions/{id}", get(crate::api_suggestions::show))
        .route("/suggestions/{id}/actions", post(crate::api_suggestions::act))
        .route("/suggestions/settings", post(crate::api_suggestions::settings))
        .route("/register", post(crate::api_register::register))
        .route("/register/captcha", post(crate::api_register::captcha))
        .route("/register/code", post(crate::api_register::code))
        .route("/activities", post(crate::api_activities::create))
        .route("/regulations", get(crate::api_legislation::list).post(crate::api_legislation::open))
        .route("/regulations/receipt/{code}", get(crate::api_legislation::receipt))
        .route("/regulations/{id}", get(crate::api_legislation::show))
        .route("/regulations/{id}/versions", post(crate::api_legislation::add_version))
        .route(
            "/regulations/{id}/comments",
            get(crate::api_legislation::comments).post(crate::api_legislation::comment),
        )
        .route("/regulations/{id}/groups", get(crate::api_legislation::groups).post(crate::api_legislation::group))
        .route("/regulations/{id}/answers", post(crate::api_legislation::answer))
        .route("/regulations/{id}/report", get(crate::api_legislation::report).post(crate::api_legislation::publish))
        .route("/legislative-points", post(crate::api_legislation::point))
        .route("/major-matters", post(crate::api_major_matters::create))
        .route("/major-matters/grants", post(crate::api_major_matters::grant))
        .route("/major-matters/{id}", get(crate::api_major_matters::show))
        .route("/major-matters/{id}/actions", post(crate::api_major_matters::act))
        .route("/official-documents", get(crate::api_official::list))
        .route("/official-documents/batch/{kind}", get(crate::api_official::batch))
        .route("/official-documents/new/{kind}", post(crate::api_official::issue))
        .route("/official-documents/review/{id}", post(crate::api_official::issue_review))
        .route(
            "/official-documents/report",
            get(crate::api_official::report::draft).post(crate::api_official::report::issue),
        )
        .route("/official-documents/reception/{id}", post(crate::api_official::issue_reception))
        .route("/official-documents/{id}", get(crate::api_official::show))
        .route("/official-documents/{id}/file", get(crate::api_official::file))
        .route("/official-documents/{id}/pdf", get(crate::api_official::pdf))
        .route("/official-documents/{id}/void", post(crate::api_official::void))
        .route(
            "/official-templates/appointment_certificate",
            get(crate::api_official::certificate_template).post(crate::api_official::save_certificate_template),
        )
        .route(
            "/official-templates/{kind}",
            get(crate::api_official::template).post(crate::api_official::save_template),
        )
        .route("/activities/{id}", get(crate::api_activities::show).post(crate::api_activities::update))
        .route("/activities/{id}/actions", post(crate::api_activities::act))
        .route("/suggestions/bulk", post(crate::api_suggestions::bulk))
        .route("/documents", get(crate::api_portal::documents).post(crate::api_documents::create))
        .route("/documents/{id}", get(crate::api_portal::document).post(crate::api_documents::update))
        .route("/documents/{id}/publish", post(crate::api_documents::publish))
        .route("/documents/{id}/files", post(crate::api_documents::attach))
        .route("/documents/{id}/files/{hash}/delete", post(crate::api_documents::detach))
        .route("/documents/{id}/like", post(crate::api_portal::like))
        .route("/search", get(crate::api_portal::search))
        .route("/notifications", get(crate::api_suggestions::notifications))
        .route("/notifications/read", post(crate::api_suggestions::read))
        .route("/ballots", get(crate::api_ballots::list).post(crate::api_ballots::create))
        .route("/ballots/{id}", get(crate::api_ballots::show))
        .route("/ballots/{id}/open", post(crate::api_ballots::open))
        .route("/ballots/{id}/remind", post(crate::api_ballots::remind))
        .route("/ballots/{id}/close", post(crate::api_ballots::close))
        .route("/ballots/{id}/vote", post(crate::api_ballots::vote))
        .route("/committee-memberships", get(crate::api_meetings::committee).post(crate::api_meetings::add_membership))
        .route("/committee-memberships/{id}/end", post(crate::api_meetings::end_membership))
        .route("/meetings", get(crate::api_meetings::list).post(crate::api_meetings::create))
        .route("/meetings/{id}", get(crate::api_meetings::show))
        .route("/meetings/{id}/notify", post(crate::api_meetings::notify))
        .route("/meetings/{id}/items", post(crate::api_meetings::add_item))
        .route("/meetings/{id}/leave", post(crate::api_meetings::request_leave))
        .route("/meetings/{id}/sign-in", post(crate::api_meetings::sign_in))
        .route("/leave-requests/{id}/decision", post(crate::api_meetings::decide_leave))
        .route("/meeting-items/{id}/open", post(crate::api_meetings::open))
        .route("/meeting-items/{id}/close", post(crate::api_meetings::close))
        .route("/meeting-items/{id}/count", post(crate::api_meetings::count))
        .route(
            "/meeting-settings",
            get(crate::api_meeting_settings::show)
                .put(crate::api_meeting_settings::save)
                .post(crate::api_meeting_settings::save),
        )
        .route("/meeting-items/{id}/votes", post(crate::api_meetings::cast))
        .route("/meeting-items/{id}/roll", get(crate::api_meetings::roll))
        .route("/meetings/{id}/appointment-notice", post(crate::api_personnel::notice))
        .route("/posts", get(crate::api_personnel::posts).post(crate::api_personnel::add_post))
        .route("/filings", get(crate::api_filing::list).post(crate::api_filing::file))
        .route("/filings/stats", get(crate::api_filing::stats))
        .route("/filings/report", get(crate::api_filing::report_draft).post(crate::api_filing::issue_report))
        .route("/filings/{id}", get(crate::api_filing::show))
        .route("/filings/{id}/steps", post(crate::api_filing::step))
        .route(
            "/filing-settings",
            get(crate::api_filing::settings)
                .put(crate::api_filing::save_settings)
                .post(crate::api_filing::save_settings),
        )
        .route("/review-proposals", get(crate::api_filing::proposals).post(crate::api_filing::submit_proposal))
        .route("/review-proposals/{id}", post(crate::api_filing::act_on_proposal))
        .route("/personnel-cases", get(crate::api_personnel::cases).post(crate::api_personnel::file))
        .route("/personnel-cases/{id}", get(crate::api_personnel::show))
        .route("/personnel-cases/{id}/steps", post(crate::api_personnel::step))
        .route("/personnel-cases/{id}/files", post(crate::api_personnel::add_files))
        .route("/personnel-cases/{id}/schedule", post(crate::api_personnel::schedule))
        .route("/personnel-cases/{id}/statement", post(crate::api_personnel::statement))
        .route("/personnel-cases/{id}/defence", post(crate::api_personnel::defence))
        .route("/personnel-cases/{id}/exam", post(crate::api_personnel::exam))
        .route("/personnel-cases/{id}/oath", post(crate::api_personnel::oath))
        .route("/personnel-cases/{id}/certificate", post(crate::api_personnel::certificate))
        .route("/appointment-register", get(crate::api_personnel::register))
        .route("/meetings/{id}/minutes", get(crate::api_minutes::show))
        .route("/meetings/{id}/attendees", post(crate::api_minutes::add_attendee))
        .route("/meeting-attendees/{id}/remove", post(crate::api_minutes::remove_attendee))
        .route("/meetings/{id}/gallery", post(crate::api_minutes::gallery))
        .route("/meetings/{id}/visitors", post(crate::api_minutes::add_visitor))
        .route("/meeting-visitors/{id}/remove", post(crate::api_minutes::remove_visitor))
        .route("/meetings/{id}/speeches", post(crate::api_minutes::record_speech))
        .route("/meeting-speeches/{id}/actions", post(crate::api_minutes::act))
        .route("/meetings/{id}/bulletins", post(crate::api_minutes::create_bulletin))
        .route("/meeting-bulletins/{id}", get(crate::api_minutes::bulletin))
        .route("/meeting-bulletins/{id}/publish", post(crate::api_minutes::publish))
        .route("/meeting-bulletins/{id}/discard", post(crate::api_minutes::discard))
        .route("/groups/checklist", post(crate::api_groups::configure))
        .route("/groups/{id}/actions", post(crate::api_groups::act))
        .route("/rules/install", post(crate::api_rules::install))
        .route("/rules/publish", post(crate::api_rules::publish))
        .route("/rules/edit", post(crate::api_rules::edit))
        .route("/rules/recompute", post(crate::api_rules::recompute))
        .route("/archive/{person}/declare", post(crate::api_archive::declare))
        .route("/archive/items/{id}/review", post(crate::api_archive::review))
        .route("/archive/settings", post(crate::api_archive::settings))
        .route("/reports", post(crate::api_reports::create))
        .route("/reports/settings", post(crate::api_reports::settings))
        .route("/reports/{id}", get(crate::api_reports::show))
        .route("/reports/{id}/actions", post(crate::api_reports::act))
        .route("/stations/{id}/opinions", post(crate::api_opinions::submit))
        .route("/stations/{id}/actions", post(crate::api_stations::act))
        .route("/opinions/receipt/{code}", get(crate::api_opinions::receipt))
        .route("/opinions/receipt/{code}/rating", post(crate::api_opinions::rate))
        .route("/opinions/{id}", get(crate::api_opinions::show))
        .route("/opinions/{id}/actions", post(crate::api_opinions::act))
        .route("/oversight/settings", post(crate::api_oversight::settings))
        .route("/oversight/plans", post(crate::api_oversight::create_plan))
        .route("/oversight/plans/{id}", get(crate::api_oversight::show_plan).post(crate::api_oversight::update_plan))
        .route("/oversight/plans/{id}/publish", post(crate::api_oversight::publish_plan))
        .route("/oversight/items", post(crate::api_oversight::create_item))
        .route("/oversight/items/{id}", get(crate::api_oversight::show_item).post(crate::api_oversight::update_item))
        .route("/oversight/items/{id}/publish", post(crate::api_oversight::publish_item))
        .route("/oversight/items/{id}/sign", post(crate::api_oversight::sign))
        .route("/oversight/items/{id}/reviews", post(crate::api_oversight::create_review))
        .route("/oversight/reviews/{id}", get(crate::api_oversight::show_review))
        .route("/oversight/reviews/{id}/actions", post(crate::api_oversight::act))
}

/// The API's extractors are the platform's own (`crate::extract`): bad input is a JSON error
/// with a stable code and a Chinese message, and every string passes the core's text check.
pub use crate::extract::{Json as ApiJson, Query as ApiQuery};

fn api<T>(r: AppResult<T>) -> AppResult<T> {
    r
}

/// The multipart form of a call that brings files (`extract::JsonWithFiles`): the `body` part
/// is the call's JSON as text, each `files` part a file (PDF, PNG, JPEG or DOCX; at most 5, each
/// at most 10 MB).
#[derive(ToSchema)]
pub struct FilesForm {
    /// The call's JSON, as it would be sent alone.
    pub body: String,
    #[schema(value_type = Vec<String>, format = Binary)]
    pub files: Vec<Vec<u8>>,
}

#[derive(Serialize, ToSchema)]
pub struct MeView {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    /// admin, staff, deputy, unit or public.
    pub role: String,
    pub role_label: String,
    /// The congress or unit of the role (the deputy's name for a deputy).
    pub scope_name: Option<String>,
    /// Send back in `X-CSRF-Token` on every POST.
    pub csrf_token: String,
}

fn me_view(u: &User, csrf: &str) -> MeView {
    MeView {
        id: u.id.0,
        login: u.login.clone(),
        display_name: u.display_name.clone(),
        role: u.role.kind().code().into(),
        role_label: u.role.label().into(),
        scope_name: u.scope_name.clone(),
        csrf_token: csrf.into(),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct LoginBody {
    pub login: String,
    pub password: String,
}

/// Logs in; sets the session cookie. A throttled attempt is a 429 `too_many_attempts` whose
/// message says how long to wait, and whose `Retry-After` header gives it in seconds.
#[utoipa::path(post, path = "/api/v1/login", request_body = LoginBody,
    responses((status = 200, body = MeView), (status = 401, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    body: Result<ApiJson<LoginBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let user = match state.store.verify_login(&b.login, &b.password, &addr).await {
        Ok(user) => user,
        Err(LoginError::Throttled(r)) => {
            let mut resp = AppError::from(LoginError::Throttled(r)).into_response();
            resp.headers_mut().insert(RETRY_AFTER, HeaderValue::from(r.retry_after_seconds));
            return Ok(resp);
        }
        Err(e) => return Err(AppError::from(e)),
    };
    logged_in(&state, &user, StatusCode::OK).await
}

/// Starts a session for `user`: the answer with `status` carries the user, the session's CSRF
/// token, and the cookie (after a login, or a registration).
pub(crate) async fn logged_in(state: &AppState, user: &User, status: StatusCode) -> AppResult<Response> {
    let token = state.store.create_session(user.id).await?;
    let session = state.store.session(&token).await?.ok_or_else(|| AppError::of(ErrorCode::Internal))?;
    let resp = (status, Json(me_view(user, &session.csrf_token))).into_response();
    Ok(with_cookie(resp, session_cookie(state, &token)))
}

/// Ends the session.
#[utoipa::path(post, path = "/api/v1/logout", responses((status = 204)))]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(t) = cookie(&headers, SESSION_COOKIE) {
        api(state.store.delete_session(t).await.map_err(AppError::from))?;
    }
    Ok(with_cookie(StatusCode::NO_CONTENT.into_response(), clear_session_cookie(&state)))
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordBody {
    pub current: String,
    /// At least 8 characters, letters and digits.
    pub password: String,
}

/// Changes one's own password (the twin of 修改密码; also what an account with a one-time
/// password must do first). The current password counts towards throttling; the change ends
/// every session of the account, this one included: log in again with the new one.
#[utoipa::path(post, path = "/api/v1/account/password", request_body = PasswordBody,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    ClientAddr(addr): ClientAddr,
    body: Result<ApiJson<PasswordBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let new = renda_core::value::NewPassword::parse(&b.password)?;
    state.store.verify_login(&s.user.login, &b.current, &addr).await.map_err(|e| match e {
        LoginError::BadCredentials => AppError::from(renda_core::ValidationError::new("current", "当前密码不正确")),
        other => other.into(),
    })?;
    state.store.set_password(&crate::pages::actor(&s), s.user.id, new).await?;
    Ok(with_cookie(StatusCode::NO_CONTENT.into_response(), clear_session_cookie(&state)))
}

/// Who is logged in.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = MeView), (status = 401, body = ErrorBody)))]
pub async fn me(CurrentUser(s): CurrentUser) -> Json<MeView> {
    Json(me_view(&s.user, &s.csrf_token))
}

#[derive(Serialize, ToSchema)]
pub struct OrgView {
    pub id: i64,
    pub name: String,
    /// e.g. congress:city, unit:court, liaison_station, deputy_group.
    pub kind: String,
    pub kind_label: String,
    pub parent_id: Option<i64>,
    pub depth: usize,
}

/// Every organisation, in tree order (organisation names are public).
#[utoipa::path(get, path = "/api/v1/organisations", responses((status = 200, body = Vec<OrgView>), (status = 401, body = ErrorBody)))]
pub async fn organisations(
    State(state): State<AppState>,
    CurrentUser(_s): CurrentUser,
) -> AppResult<Json<Vec<OrgView>>> {
    let tree = api(state.store.org_tree().await.map_err(AppError::from))?;
    Ok(Json(
        tree.into_iter()
            .map(|r| OrgView {
                id: r.org.id.0,
                name: r.org.name.to_string(),
                kind: r.org.kind.code(),
                kind_label: r.org.kind.label().into(),
                parent_id: r.org.parent.map(|p| p.0),
                depth: r.depth,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct NewOrgBody {
    pub name: String,
    pub kind: String,
    pub parent_id: Option<i64>,
}

/// Creates an organisation (staff within their congress; the admin anywhere).
#[utoipa::path(post, path = "/api/v1/organisations", request_body = NewOrgBody,
    responses((status = 201, body = OrgView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_organisation(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<NewOrgBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let kind =
        OrgKind::from_code(&b.kind).ok_or_else(|| AppError::from(ValidationError::new("kind", "机构类型无效")))?;
    let name = OrgName::parse(&b.name).map_err(AppError::from)?;
    let org = api(state
        .store
        .create_org(&crate::pages::actor(&s), NewOrganisation { name, kind, parent: b.parent_id.map(OrgId) })
        .await
        .map_err(AppError::from))?;
    let view = OrgView {
        id: org.id.0,
        name: org.name.to_string(),
        kind: org.kind.code(),
        kind_label: org.kind.label().into(),
        parent_id: org.parent.map(|p| p.0),
        depth: 0,
    };
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct DeputyView {
    pub person_id: i64,
    pub deputyship_id: i64,
    pub name: String,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    /// 1967, 1967-03 or 1967-03-05.
    pub birth: Option<String>,
    pub party: Option<String>,
    pub occupation: Option<String>,
    pub congress_id: i64,
    pub congress_name: String,
    pub term: i64,
    pub delegation: String,
    pub start_date: String,
    pub end_date: Option<String>,
    pub end_reason: Option<String>,
}

impl From<DeputyRow> for DeputyView {
    fn from(d: DeputyRow) -> Self {
        Self {
            person_id: d.person.0,
            deputyship_id: d.deputyship.0,
            name: d.name,
            gender: d.gender,
            ethnicity: d.ethnicity,
            birth: d.birth,
            party: d.party,
            occupation: d.occupation,
            congress_id: d.congress.0,
            congress_name: d.congress_name,
            term: d.term,
            delegation: d.delegation,
            start_date: d.start_date.to_string(),
            end_date: d.end_date.map(|e| e.to_string()),
            end_reason: d.end_reason,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DeputyPage {
    pub items: Vec<DeputyView>,
    pub total: i64,
    /// One-based.
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize)]
pub struct DeputyQuery {
    #[serde(flatten)]
    pub search: SearchQuery,
    pub per_page: Option<i64>,
}

/// Searches the deputies the user may list (staff: their congress and below).
#[utoipa::path(get, path = "/api/v1/deputies",
    params(("name" = Option<String>, Query, description = "姓名中的字"), ("congress" = Option<i64>, Query), ("delegation" = Option<String>, Query),
           ("ethnicity" = Option<String>, Query), ("gender" = Option<String>, Query, description = "male 或 female"),
           ("active" = Option<String>, Query, description = "1：仅在任"), ("page" = Option<i64>, Query), ("per_page" = Option<i64>, Query)),
    responses((status = 200, body = DeputyPage), (status = 403, body = ErrorBody)))]
pub async fn deputies(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    q: Result<ApiQuery<DeputyQuery>, AppError>,
) -> AppResult<Json<DeputyPage>> {
    let ApiQuery(q) = q?;
    if !crate::pages::uses_admin_pages(s.user.role) {
        return Err(AppError::of(ErrorCode::Forbidden));
    }
    let scope = api(state.store.listable_congresses(&crate::pages::actor(&s)).await.map_err(AppError::from))?;
    let filter = api(q.search.filter(scope, q.per_page.unwrap_or(50).clamp(1, 500)))?;
    let page = api(state.store.search_deputies(&crate::pages::actor(&s), &filter).await.map_err(AppError::from))?;
    Ok(Json(DeputyPage {
        total: page.total,
        page: page.page + 1,
        per_page: page.per_page,
        items: page.items.into_iter().map(DeputyView::from).collect(),
    }))
}

/// One person's deputyships that the user may see (a deputy may see their own).
#[utoipa::path(get, path = "/api/v1/deputies/{person}", params(("person" = i64, Path)),
    responses((status = 200, body = Vec<DeputyView>), (status = 404, body = ErrorBody)))]
pub async fn deputy(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(person): Path<i64>,
) -> AppResult<Json<Vec<DeputyView>>> {
    let rows = api(state.store.deputyships_of(PersonId(person)).await.map_err(AppError::from))?;
    let mut out = Vec::new();
    for row in rows {
        let path = api(state.store.congress_path(row.congress).await.map_err(AppError::from))?;
        let t = Target { congress_path: &path, persons: &[row.person], ..Target::default() };
        if allows(s.user.role, Action::View, Resource::Deputy, &t) {
            out.push(DeputyView::from(row));
        }
    }
    if out.is_empty() {
        return Err(AppError::of(ErrorCode::NotFound));
    }
    Ok(Json(out))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "renda API",
        description = "人大代表工作平台接口。所有错误均为 {\"error\": {\"code\", \"message\", \"field\"}}。"
    ),
    paths(
        login,
        logout,
        me,
        change_password,
        organisations,
        create_organisation,
        deputies,
        deputy,
        crate::api_admin::rename_organisation,
        crate::api_admin::site,
        crate::api_admin::create_deputy,
        crate::api_admin::work_phone,
        crate::api_admin::end_deputyship,
        crate::api_admin::create_user,
        crate::api_admin::user,
        crate::api_admin::update_user,
        crate::api_documents::create,
        crate::api_documents::update,
        crate::api_documents::publish,
        crate::api_documents::attach,
        crate::api_documents::detach,
        crate::api_suggestions::list,
        crate::api_suggestions::show,
        crate::api_suggestions::create,
        crate::api_suggestions::act,
        crate::api_suggestions::settings,
        crate::api_suggestions::bulk,
        crate::api_activities::create,
        crate::api_activities::show,
        crate::api_activities::update,
        crate::api_activities::act,
        crate::api_legislation::list,
        crate::api_legislation::open,
        crate::api_legislation::show,
        crate::api_legislation::add_version,
        crate::api_legislation::comment,
        crate::api_legislation::comments,
        crate::api_legislation::groups,
        crate::api_legislation::group,
        crate::api_legislation::answer,
        crate::api_legislation::publish,
        crate::api_legislation::report,
        crate::api_legislation::receipt,
        crate::api_legislation::point,
        crate::api_major_matters::create,
        crate::api_major_matters::show,
        crate::api_major_matters::act,
        crate::api_major_matters::grant,
        crate::api_official::list,
        crate::api_official::show,
        crate::api_official::file,
        crate::api_official::pdf,
        crate::api_official::batch,
        crate::api_official::issue,
        crate::api_official::issue_review,
        crate::api_official::report::draft,
        crate::api_official::report::issue,
        crate::api_official::issue_reception,
        crate::api_official::void,
        crate::api_official::template,
        crate::api_official::save_template,
        crate::api_official::certificate_template,
        crate::api_official::save_certificate_template,
        crate::api_archive::declare,
        crate::api_register::captcha,
        crate::api_register::code,
        crate::api_register::register,
        crate::api_suggestions::notifications,
        crate::api_suggestions::read,
        crate::api_portal::documents,
        crate::api_portal::document,
        crate::api_portal::search,
        crate::api_portal::like,
        crate::api_opinions::submit,
        crate::api_opinions::receipt,
        crate::api_opinions::rate,
        crate::api_opinions::show,
        crate::api_opinions::act,
        crate::api_ballots::list,
        crate::api_ballots::create,
        crate::api_ballots::show,
        crate::api_ballots::open,
        crate::api_ballots::remind,
        crate::api_ballots::close,
        crate::api_ballots::vote,
        crate::api_meetings::committee,
        crate::api_meetings::add_membership,
        crate::api_meetings::end_membership,
        crate::api_meetings::list,
        crate::api_meetings::create,
        crate::api_meetings::show,
        crate::api_meetings::notify,
        crate::api_meetings::add_item,
        crate::api_meetings::request_leave,
        crate::api_meetings::decide_leave,
        crate::api_meetings::sign_in,
        crate::api_meetings::open,
        crate::api_meetings::close,
        crate::api_meetings::count,
        crate::api_meeting_settings::show,
        crate::api_meeting_settings::save,
        crate::api_meetings::cast,
        crate::api_filing::list,
        crate::api_filing::file,
        crate::api_filing::show,
        crate::api_filing::step,
        crate::api_filing::stats,
        crate::api_filing::report_draft,
        crate::api_filing::issue_report,
        crate::api_filing::settings,
        crate::api_filing::save_settings,
        crate::api_filing::proposals,
        crate::api_filing::submit_proposal,
        crate::api_filing::act_on_proposal,
        crate::api_personnel::notice,
        crate::api_personnel::posts,
        crate::api_personnel::add_post,
        crate::api_personnel::cases,
        crate::api_personnel::file,
        crate::api_personnel::show,
        crate::api_personnel::step,
        crate::api_personnel::add_files,
        crate::api_personnel::schedule,
        crate::api_personnel::statement,
        crate::api_personnel::defence,
        crate::api_personnel::exam,
        crate::api_personnel::oath,
        crate::api_personnel::certificate,
        crate::api_personnel::register,
        crate::api_meetings::roll,
        crate::api_minutes::show,
        crate::api_minutes::bulletin,
        crate::api_minutes::add_attendee,
        crate::api_minutes::remove_attendee,
        crate::api_minutes::gallery,
        crate::api_minutes::add_visitor,
        crate::api_minutes::remove_visitor,
        crate::api_minutes::record_speech,
        crate::api_minutes::act,
        crate::api_minutes::create_bulletin,
        crate::api_minutes::publish,
        crate::api_minutes::discard,
        crate::api_reports::create,
        crate::api_reports::settings,
        crate::api_reports::show,
        crate::api_reports::act,
        crate::api_stations::act,
        crate::api_groups::configure,
        crate::api_groups::act,
        crate::api_rules::install,
        crate::api_rules::publish,
        crate::api_rules::edit,
        crate::api_rules::recompute,
        crate::api_archive::review,
        crate::api_archive::settings,
        crate::api_oversight::settings,
        crate::api_oversight::create_plan,
        crate::api_oversight::show_plan,
        crate::api_oversight::update_plan,
        crate::api_oversight::publish_plan,
        crate::api_oversight::create_item,
        crate::api_oversight::show_item,
        crate::api_oversight::update_item,
        crate::api_oversight::publish_item,
        crate::api_oversight::sign,
        crate::api_oversight::create_review,
        crate::api_oversight::show_review,
        crate::api_oversight::act
    ),
    components(schemas(
        MeView,
        LoginBody,
        PasswordBody,
        crate::api_portal::LikedView,
        OrgView,
        NewOrgBody,
        DeputyView,
        DeputyPage,
        ErrorBody,
        crate::api_admin::RenameBody,
        crate::api_admin::SiteBody,
        crate::api_admin::SiteView,
        crate::api_admin::NewDeputyBody,
        crate::api_admin::WorkPhoneBody,
        crate::api_admin::WorkPhoneView,
        crate::api_admin::EndBody,
        crate::api_admin::UserView,
        crate::api_admin::NewUserBody,
        crate::api_admin::UserCommandBody,
        crate::api_documents::DocumentBody,
        crate::api_documents::AttachmentView,
        crate::api_documents::StaffDocumentView,
        crate::api_documents::PublishBody,
        crate::api_documents::AttachBody,
        crate::api_suggestions::SuggestionView,
        crate::api_suggestions::SuggestionPage,
        crate::api_suggestions::SuggestionDetailView,
        crate::api_suggestions::ReplyView,
        crate::api_suggestions::NewSuggestionBody,
        crate::api_suggestions::ActionBody,
        crate::api_suggestions::SettingsBody,
        crate::api_suggestions::BulkBody,
        crate::api_suggestions::BulkRefusal,
        crate::api_suggestions::BulkView,
        FilesForm,
        crate::api_activities::ActivityBody,
        crate::api_activities::ActivityView,
        crate::api_activities::RollLineView,
        crate::api_activities::ActivityCommand,
        crate::api_activities::InviteGroup,
        crate::pages::legislation::DraftInput,
        crate::pages::legislation::CommentInput,
        crate::api_legislation::ArticleView,
        crate::api_legislation::VersionView,
        crate::api_legislation::RegulationView,
        crate::api_legislation::RegulationSummaryView,
        crate::api_legislation::CommentView,
        crate::api_legislation::CommentReceiptView,
        crate::api_legislation::GroupView,
        crate::api_legislation::CountView,
        crate::api_legislation::ReportGroupView,
        crate::api_legislation::ReportView,
        crate::api_legislation::GroupBody,
        crate::api_legislation::AnswerBody,
        crate::api_legislation::ReportBody,
        crate::api_legislation::PointBody,
        crate::api_major_matters::NewMatterBody,
        crate::api_major_matters::MatterFileView,
        crate::api_major_matters::MatterView,
        crate::api_major_matters::MatterStepBody,
        crate::api_major_matters::GrantBody,
        crate::api_archive::DeclareBody,
        crate::api_archive::DeclaredView,
        crate::api_register::CaptchaView,
        crate::api_register::CodeBody,
        crate::api_register::RegisterBody,
        crate::api_suggestions::NotificationView,
        crate::api_suggestions::ReadBody,
        crate::api_portal::DocumentView,
        crate::api_portal::DocumentPage,
        crate::api_portal::DocumentDetailView,
        crate::api_portal::SearchResult,
        crate::pages::search::HitView,
        crate::api_opinions::NewOpinionBody,
        crate::api_opinions::ReceiptView,
        crate::api_opinions::OpinionView,
        crate::api_opinions::OpinionActionBody,
        crate::api_opinions::RatingBody,
        crate::api_ballots::SubjectView,
        crate::api_ballots::BallotView,
        crate::api_ballots::SubjectResultView,
        crate::api_ballots::ResultsView,
        crate::api_ballots::BallotDetailView,
        crate::api_ballots::NewBallotBody,
        crate::api_ballots::CloseBody,
        crate::api_ballots::MarkBody,
        crate::api_ballots::VoteBody,
        crate::api_ballots::RemindedView,
        crate::api_meetings::CommitteeMemberView,
        crate::api_meetings::MembershipView,
        crate::api_meetings::MembershipBody,
        crate::api_meetings::MembershipEndBody,
        crate::api_meetings::MeetingView,
        crate::api_meetings::AttendanceView,
        crate::api_meetings::LeaveRequestView,
        crate::api_meetings::NomineeView,
        crate::api_meetings::AgendaMatterView,
        crate::api_meetings::AnnouncementView,
        crate::api_meetings::AgendaItemView,
        crate::api_meetings::MeetingDetailView,
        crate::api_meetings::NewMeetingBody,
        crate::api_meetings::NotifyBody,
        crate::api_meetings::NomineeBody,
        crate::api_meetings::AgendaMatterBody,
        crate::api_meetings::NewAgendaItemBody,
        crate::api_meetings::LeaveBody,
        crate::api_meetings::LeaveDecisionBody,
        crate::api_meetings::SignInBody,
        crate::api_meetings::CastBody,
        crate::api_meetings::CastView,
        crate::api_meetings::VoteRollLineView,
        crate::api_personnel::PostView,
        crate::api_personnel::NewPostBody,
        crate::api_personnel::CaseSummary,
        crate::api_personnel::CaseFileView,
        crate::api_personnel::ExamView,
        crate::api_personnel::OathView,
        crate::api_personnel::CaseDetail,
        crate::api_personnel::NewCaseBody,
        crate::api_personnel::StepBody,
        crate::api_personnel::FilesBody,
        crate::api_personnel::StatementBody,
        crate::api_personnel::DefenceBody,
        crate::api_personnel::ExamBody,
        crate::api_personnel::OathBody,
        crate::api_personnel::RegisterView,
        crate::api_personnel::NoticeView,
        crate::api_meetings::CountBody,
        crate::api_meetings::TellerView,
        crate::api_meetings::CountedView,
        crate::api_meeting_settings::MeetingSettingsBody,
        crate::api_meeting_settings::MeetingSettingsView,
        crate::api_minutes::AttendeeView,
        crate::api_minutes::VisitorView,
        crate::api_minutes::SpeakerBody,
        crate::api_minutes::SpeechView,
        crate::api_minutes::BulletinView,
        crate::api_minutes::MinutesDetailView,
        crate::api_minutes::BulletinDetailView,
        crate::api_minutes::AttendeeBody,
        crate::api_minutes::GalleryBody,
        crate::api_minutes::VisitorBody,
        crate::api_minutes::SpeechBody,
        crate::api_minutes::SpeechActionBody,
        crate::api_minutes::NewBulletinBody,
        crate::api_reports::RepresentativeView,
        crate::api_reports::ReportResultView,
        crate::api_reports::ReportMeetingView,
        crate::api_reports::NewReportBody,
        crate::api_reports::ReportSettingsBody,
        crate::api_reports::RatingEntry,
        crate::api_reports::ReportCommand,
        crate::api_stations::StationCommand,
        crate::api_stations::StationActionView,
        crate::api_groups::ChecklistConfigBody,
        crate::api_groups::GroupCommand,
        crate::api_rules::InstallBody,
        crate::api_rules::PublishBody,
        crate::api_rules::EditBody,
        crate::api_rules::RecomputeBody,
        crate::api_archive::ReviewBody,
        crate::api_archive::PublicKindsBody,
        crate::api_oversight::OversightSettingsBody,
        crate::api_oversight::OversightSettingsView,
        crate::api_oversight::PlanBody,
        crate::api_oversight::ItemSummaryView,
        crate::api_oversight::PlanView,
        crate::api_oversight::PublishBody,
        crate::api_oversight::MeetingBody,
        crate::api_oversight::ItemBody,
        crate::api_oversight::DocumentRefView,
        crate::api_oversight::SignatureView,
        crate::api_oversight::ReviewView,
        crate::api_oversight::ItemView,
        crate::api_oversight::SignBody,
        crate::api_oversight::NewReviewBody,
        crate::api_oversight::ReviewStepBody
    ))
)]
pub struct ApiDoc;

/// The OpenAPI 3.1 document.
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
