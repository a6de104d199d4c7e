//! `/api/v1/official-documents/report`: the year's 代表建议办理情况报告 in the API — its figures
//! and the draft to edit, and issuing it with the caller's text (the page's rules and codes).

use super::{OfficialView, view};
use crate::AppState;
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, Query};
use crate::pages::actor;
use crate::pages::official::report::issue_report;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::ErrorCode;
use renda_core::official::Kind;
use renda_core::official::report::{check_year, report_draft};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct ReportQuery {
    /// The year (this year when absent).
    pub year: Option<String>,
}

/// The figures a report is written from (the caller's congress only, as of today) and its draft.
#[derive(Serialize, ToSchema)]
pub struct ReportDraft {
    pub year: i64,
    pub submitted: i64,
    pub assigned: i64,
    pub replied: i64,
    pub closed: i64,
    pub overdue: i64,
    /// 按期答复率, whole per cent; null when nothing is counted.
    pub on_time_percent: Option<u64>,
    pub attitude_percent: Option<i64>,
    pub result_percent: Option<i64>,
    /// One paragraph a line; `一、` and `（一）` lines are headings; `【请填写……】` must be written
    /// before issuing.
    pub text: String,
}

fn staff_congress(s: &renda_store::users::Session) -> AppResult<renda_core::ids::OrgId> {
    s.user.role.staff_congress().ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以签发公文。"))
}

/// The year's figures and the draft of its report.
#[utoipa::path(get, path = "/api/v1/official-documents/report", params(ReportQuery),
    responses((status = 200, body = ReportDraft), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn draft(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<ReportQuery>,
) -> AppResult<Json<ReportDraft>> {
    let today = state.today();
    let year = match q.year.as_deref() {
        Some(y) => check_year(y, today)?,
        None => i64::from(today.year()),
    };
    let congress = staff_congress(&s)?;
    let a = actor(&s);
    let f = state.store.handling_figures(&a, congress, year, today).await?;
    let t = state.store.official_template(&a, congress, Kind::HandlingReport).await?;
    Ok(Json(ReportDraft {
        year,
        submitted: f.submitted(),
        assigned: f.assigned(),
        replied: f.replied(),
        closed: f.closed(),
        overdue: f.overdue,
        on_time_percent: f.rate.percent(),
        attitude_percent: f.attitude,
        result_percent: f.result,
        text: report_draft(&f, &t),
    }))
}

/// `{"year": 2026, "text": "…"}`.
#[derive(Deserialize, ToSchema)]
pub struct ReportBody {
    pub year: i64,
    pub text: String,
}

/// Issues the year's report to the standing committee with the caller's text. A passage still
/// marked `【请填写……】` is 422 on `text`; the year's report standing already 409 `already_issued`;
/// a year without suggestions 422 `nothing_to_issue`.
#[utoipa::path(post, path = "/api/v1/official-documents/report", request_body = ReportBody,
    responses((status = 201, body = OfficialView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn issue(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<ReportBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let year = check_year(&b.year.to_string(), state.today())?;
    let d = issue_report(&state, &s, year, &b.text).await?;
    Ok((StatusCode::CREATED, Json(view(d))).into_response())
}
