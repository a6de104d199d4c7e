//! `/api/v1/meeting-settings`: the caller's congress's settings for meetings and appointments
//! (会议与任免设置), the twin of the `/meetings/settings` page — read with `GET`, saved with
//! `PUT` (or `POST`, as every other action of this API). The bounds are the core's
//! (`meeting::Settings::check`): out of bounds is 422 naming the field, and changes nothing.

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::Json;
use crate::pages::actor;
use crate::pages::meeting_settings::out_of_any_bound_as_zero;
use axum::extract::State;
use renda_core::ErrorCode;
use renda_core::ids::OrgId;
use renda_core::meeting::Settings;
use renda_store::users::Session;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The staff's congress: the only one whose settings they keep.
fn own_congress(s: &Session) -> AppResult<OrgId> {
    s.user
        .role
        .staff_congress()
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有本级人大工作人员可以查看和修改会议与任免设置。"))
}

/// A congress's meeting and appointment settings. Defaults: notice 7 days, filing 10 days, the
/// law exam required, appointments by secret ballot, a failed nomination back after 6 months
/// and barred for the term after a second failure, decisions published within 5 days.
#[derive(Deserialize, ToSchema)]
pub struct MeetingSettingsBody {
    /// Members are notified at least this many days before a meeting (1–30).
    pub notice_days: i64,
    /// An appointment case is filed at least this many days before the meeting (1–60).
    pub filing_days: i64,
    /// A nominee must pass the law exam before the vote.
    pub exam_required: bool,
    /// Appointments, removals and resignations are voted by secret ballot (撤职 always is).
    pub secret_appointments: bool,
    /// A failed nomination returns only after this many months (1–60).
    pub renomination_months: i64,
    /// A second failure bars the nomination for the rest of the term.
    pub bar_after_second_failure: bool,
    /// Decisions and 公告 are published within this many days (1–30).
    pub publish_days: i64,
}

#[derive(Serialize, ToSchema)]
pub struct MeetingSettingsView {
    pub congress_id: i64,
    pub notice_days: u32,
    pub filing_days: u32,
    pub exam_required: bool,
    pub secret_appointments: bool,
    pub renomination_months: u32,
    pub bar_after_second_failure: bool,
    pub publish_days: u32,
}

fn view(congress: OrgId, s: &Settings) -> MeetingSettingsView {
    MeetingSettingsView {
        congress_id: congress.0,
        notice_days: s.notice_days,
        filing_days: s.filing_days,
        exam_required: s.exam_required,
        secret_appointments: s.secret_appointments,
        renomination_months: s.renomination_months,
        bar_after_second_failure: s.bar_after_second_failure,
        publish_days: s.publish_days,
    }
}

/// The caller's congress's settings (its staff): the defaults until it saved its own.
#[utoipa::path(get, path = "/api/v1/meeting-settings",
    responses((status = 200, body = MeetingSettingsView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, CurrentUser(s): CurrentUser) -> AppResult<Json<MeetingSettingsView>> {
    let congress = own_congress(&s)?;
    Ok(Json(view(congress, &state.store.meeting_settings(congress).await?)))
}

/// Saves the caller's congress's settings (its staff), audited: out of bounds is 422
/// `invalid_input` naming the field, and changes nothing.
#[utoipa::path(method(put, post), path = "/api/v1/meeting-settings", request_body = MeetingSettingsBody,
    responses((status = 200, body = MeetingSettingsView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<MeetingSettingsBody>, AppError>,
) -> AppResult<Json<MeetingSettingsView>> {
    let ApiJson(b) = body?;
    let congress = own_congress(&s)?;
    let new = Settings {
        notice_days: out_of_any_bound_as_zero(b.notice_days),
        filing_days: out_of_any_bound_as_zero(b.filing_days),
        exam_required: b.exam_required,
        secret_appointments: b.secret_appointments,
        renomination_months: out_of_any_bound_as_zero(b.renomination_months),
        bar_after_second_failure: b.bar_after_second_failure,
        publish_days: out_of_any_bound_as_zero(b.publish_days),
    };
    let saved = state.store.set_meeting_settings(&actor(&s), congress, new).await?;
    Ok(Json(view(congress, &saved)))
}
