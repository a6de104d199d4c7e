//! `/api/v1/reports`: 代表述职 in the API — the clerk opens a meeting, registers the voter
//! representatives and their ratings (by name or as a paper tally) and closes it; the deputy
//! hands in the rectification plan when the result asks for one — with the pages' rules and
//! codes.

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::pages::actor;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::ErrorCode;
use renda_core::archive::report::{RatingCounts, ReportSettings};
use renda_core::ids::{ActivityId, PersonId, ReportMeetingId};
use renda_core::suggestion::Satisfaction;
use renda_store::reports::{NewReportMeeting, PaperTally, ReportMeeting};
use renda_store::users::Session;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct RepresentativeView {
    pub id: i64,
    pub name: String,
    pub unit: String,
    /// satisfied, basic, unsatisfied, or none yet.
    pub rating: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReportResultView {
    pub registered: u32,
    pub satisfied: u32,
    pub basic: u32,
    pub unsatisfied: u32,
    /// satisfied, basic or unsatisfied.
    pub overall: String,
    /// (满意 + 基本满意) / ratings, in tenths of a percent.
    pub approval_per_mille: u32,
    pub rectification_required: bool,
    pub few_representatives: bool,
}

/// A 述职 meeting as the clerk and the deputy see it.
#[derive(Serialize, ToSchema)]
pub struct ReportMeetingView {
    pub id: i64,
    pub congress_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub on: String,
    pub place: String,
    pub activity_id: Option<i64>,
    pub closed: bool,
    pub state_label: String,
    pub representatives: Vec<RepresentativeView>,
    pub result: Option<ReportResultView>,
    pub plan: Option<String>,
    pub plan_date: Option<String>,
    /// Whether the deputy still owes the rectification plan.
    pub needs_plan: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct NewReportBody {
    pub person: i64,
    /// YYYY-MM-DD.
    pub on: String,
    #[serde(default)]
    pub place: String,
    /// The activity the meeting was held as, if any.
    pub activity: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
pub struct ReportSettingsBody {
    /// A result of mostly 不满意 requires a rectification plan.
    pub rectify_when_most_unsatisfied: bool,
    pub recommended_representatives: u32,
}

#[derive(Deserialize, ToSchema)]
pub struct RatingEntry {
    pub representative: i64,
    /// satisfied, basic or unsatisfied.
    pub rating: String,
}

/// A step of the meeting: `{"command": "register", "names": "张三 东城区教育局\n李四"}`,
/// `{"command": "rate", "ratings": [{"representative": 1, "rating": "satisfied"}]}`,
/// `{"command": "paper", "registered": 30, "satisfied": 20, "basic": 8, "unsatisfied": 2}`,
/// `{"command": "close"}`, `{"command": "plan", "plan": "…", "on": "2026-04-01"}`.
#[derive(Deserialize, ToSchema)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum ReportCommand {
    Register { names: String },
    Rate { ratings: Vec<RatingEntry> },
    Paper { registered: u32, satisfied: u32, basic: u32, unsatisfied: u32 },
    Close,
    Plan { plan: String, on: String },
}

fn view(m: &ReportMeeting) -> ReportMeetingView {
    ReportMeetingView {
        id: m.id.0,
        congress_id: m.congress.0,
        person_id: m.person.0,
        person_name: m.person_name.clone(),
        on: m.on.to_string(),
        place: m.place.clone(),
        activity_id: m.activity.map(|a| a.0),
        closed: m.closed,
        state_label: m.state_label().to_owned(),
        representatives: m
            .representatives
            .iter()
            .map(|r| RepresentativeView {
                id: r.id,
                name: r.name.clone(),
                unit: r.unit.clone(),
                rating: r.rating.map(|s| s.code().to_owned()),
            })
            .collect(),
        result: m.result.map(|r| ReportResultView {
            registered: r.registered,
            satisfied: r.counts.satisfied,
            basic: r.counts.basic,
            unsatisfied: r.counts.unsatisfied,
            overall: r.overall.code().to_owned(),
            approval_per_mille: r.approval_permille,
            rectification_required: r.rectification_required,
            few_representatives: r.few_representatives,
        }),
        plan: m.plan_text.clone(),
        plan_date: m.plan_date.map(|d| d.to_string()),
        needs_plan: m.needs_plan(),
    }
}

fn staff_congress(s: &Session) -> AppResult<renda_core::ids::OrgId> {
    s.user.role.staff_congress().ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以组织述职。"))
}

/// Opens a 述职 meeting for a deputy of the clerk's congress.
#[utoipa::path(post, path = "/api/v1/reports", request_body = NewReportBody,
    responses((status = 201, body = ReportMeetingView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<NewReportBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let congress = staff_congress(&s)?;
    let new = NewReportMeeting {
        person: PersonId(b.person),
        on: renda_core::value::parse_date("on", &b.on)?,
        place: b.place,
        activity: b.activity.map(ActivityId),
    };
    let id = state.store.create_report_meeting(&actor(&s), congress, &new).await?;
    let m = state.store.report_meeting(&actor(&s), id).await?;
    Ok((StatusCode::CREATED, Json(view(&m))).into_response())
}

/// The congress's 述职 settings (the twin of the settings form on the meetings page).
#[utoipa::path(post, path = "/api/v1/reports/settings", request_body = ReportSettingsBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<ReportSettingsBody>, AppError>,
) -> AppResult<StatusCode> {
    let ApiJson(b) = body?;
    let congress = staff_congress(&s)?;
    let settings = ReportSettings {
        rectify_when_most_unsatisfied: b.rectify_when_most_unsatisfied,
        recommended_representatives: b.recommended_representatives,
    };
    state.store.set_report_settings(&actor(&s), congress, settings).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One meeting, for its congress's staff and the deputy; 404 for anyone else.
#[utoipa::path(get, path = "/api/v1/reports/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = ReportMeetingView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ReportMeetingView>> {
    let m = state.store.report_meeting(&actor(&s), ReportMeetingId(id)).await?;
    Ok(Json(view(&m)))
}

/// One step of the meeting (the meeting page's forms).
#[utoipa::path(post, path = "/api/v1/reports/{id}/actions", params(("id" = i64, Path)), request_body = ReportCommand,
    responses((status = 200, body = ReportMeetingView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<ReportCommand>, AppError>,
) -> AppResult<Json<ReportMeetingView>> {
    let ApiJson(cmd) = body?;
    let me = actor(&s);
    let id = ReportMeetingId(id);
    state.store.report_meeting(&me, id).await?;
    match cmd {
        ReportCommand::Register { names } => state.store.register_representatives(&me, id, &names).await.map(|_| ())?,
        ReportCommand::Rate { ratings } => {
            let ratings = ratings
                .iter()
                .map(|r| {
                    Satisfaction::from_code(&r.rating)
                        .map(|s| (r.representative, s))
                        .ok_or_else(|| renda_core::ValidationError::new("ratings", "测评意见有误。"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            state.store.rate_report_many(&me, id, &ratings).await?
        }
        ReportCommand::Paper { registered, satisfied, basic, unsatisfied } => {
            let tally = PaperTally { registered, counts: RatingCounts { satisfied, basic, unsatisfied } };
            state.store.record_paper_tally(&me, id, tally).await?
        }
        ReportCommand::Close => state.store.close_report_meeting(&me, id).await.map(|_| ())?,
        ReportCommand::Plan { plan, on } => {
            let on = renda_core::value::parse_date("on", &on)?;
            state.store.submit_rectification_plan(&me, id, &plan, on).await?
        }
    }
    Ok(Json(view(&state.store.report_meeting(&me, id).await?)))
}
