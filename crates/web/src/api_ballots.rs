//! `/api/v1/ballots`: 代表评议 in the API — the clerk prepares, opens, reminds and closes a
//! ballot, a deputy votes from the phone — with the pages' rules (the store's policy and the
//! core's ballot checks) and codes; the secret ballot stays secret (no one reads who marked what).

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::pages::actor;
use crate::pages::audit::code_of;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::ErrorCode;
use renda_core::ids::OrgId;
use renda_core::oversight::ballot::{Results, SubjectId};
use renda_core::policy::{Action, Resource};
use renda_core::suggestion::Satisfaction;
use renda_store::ballots::{BallotId, BallotRow, NewBallot};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct SubjectView {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct BallotView {
    pub id: i64,
    pub congress_id: i64,
    pub title: String,
    /// prepared, open or closed.
    pub state: String,
    pub state_label: String,
    pub opens_on: String,
    pub closes_on: String,
    pub subjects: Vec<SubjectView>,
    /// Deputies entitled to vote (0 until it opens) and those who have voted.
    pub electorate: i64,
    pub voted: i64,
}

#[derive(Serialize, ToSchema)]
pub struct SubjectResultView {
    pub subject_id: i64,
    pub satisfied: u32,
    pub basic: u32,
    pub unsatisfied: u32,
    /// (满意 + 基本满意) / ballots cast, in tenths of a percent (875 = 87.5 %).
    pub satisfaction_per_mille: Option<u32>,
    /// 满意 / ballots cast, in tenths of a percent.
    pub satisfied_per_mille: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct ResultsView {
    pub electorate: u32,
    pub cast: u32,
    pub turnout_per_mille: Option<u32>,
    pub subjects: Vec<SubjectResultView>,
}

/// A ballot as its reader may see it: a deputy whether they may vote and whether they have;
/// everyone the results once it is closed.
#[derive(Serialize, ToSchema)]
pub struct BallotDetailView {
    pub ballot: BallotView,
    pub may_vote: bool,
    pub has_voted: bool,
    pub results: Option<ResultsView>,
}

/// A new ballot: departments of the congress (units) and reports to evaluate, in this order.
#[derive(Deserialize, ToSchema)]
pub struct NewBallotBody {
    pub title: String,
    /// YYYY-MM-DD.
    pub opens_on: String,
    pub closes_on: String,
    #[serde(default)]
    pub departments: Vec<i64>,
    #[serde(default)]
    pub reports: Vec<String>,
}

/// Closing counts the votes and cannot be undone: `confirm` must be true.
#[derive(Deserialize, ToSchema)]
pub struct CloseBody {
    #[serde(default)]
    pub confirm: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct MarkBody {
    pub subject: i64,
    /// satisfied, basic or unsatisfied.
    pub choice: String,
}

/// A deputy's ballot: one mark for every subject.
#[derive(Deserialize, ToSchema)]
pub struct VoteBody {
    pub marks: Vec<MarkBody>,
}

#[derive(Serialize, ToSchema)]
pub struct RemindedView {
    /// Deputies reminded (those who had not voted).
    pub reminded: usize,
}

fn ballot_view(b: &BallotRow) -> BallotView {
    BallotView {
        id: b.id.0,
        congress_id: b.congress.0,
        title: b.title.clone(),
        state: code_of(b.state),
        state_label: b.state.label().to_owned(),
        opens_on: b.opens_on.to_string(),
        closes_on: b.closes_on.to_string(),
        subjects: b.subjects.iter().map(|s| SubjectView { id: s.id.0, name: s.name.clone() }).collect(),
        electorate: b.electorate,
        voted: b.voted,
    }
}

fn results_view(r: &Results) -> ResultsView {
    ResultsView {
        electorate: r.electorate,
        cast: r.cast,
        turnout_per_mille: r.turnout.per_mille(),
        subjects: r
            .subjects
            .iter()
            .map(|s| SubjectResultView {
                subject_id: s.subject.0,
                satisfied: s.satisfied,
                basic: s.basic,
                unsatisfied: s.unsatisfied,
                satisfaction_per_mille: s.satisfaction_rate.per_mille(),
                satisfied_per_mille: s.satisfied_rate.per_mille(),
            })
            .collect(),
    }
}

async fn detail(state: &AppState, s: &renda_store::users::Session, id: BallotId) -> AppResult<BallotDetailView> {
    let b = state.store.ballot(&actor(s), id).await?;
    let r = crate::pages::ballots::reader_standing(state, s.user.role, &b).await?;
    let results = r.results.as_ref().map(results_view);
    Ok(BallotDetailView { ballot: ballot_view(&b), may_vote: r.may_vote, has_voted: r.voted, results })
}

/// The ballots this user may see: a deputy's own, the staff's congresses' (and those below).
#[utoipa::path(get, path = "/api/v1/ballots",
    responses((status = 200, body = Vec<BallotView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, CurrentUser(s): CurrentUser) -> AppResult<Json<Vec<BallotView>>> {
    // As the ballots page: a deputy's own, or a congress's at large for whoever reads its oversight.
    let rows = if let Some(person) = s.user.role.deputy() {
        state.store.ballots_of_deputy(&actor(&s), person).await?.into_iter().map(|(b, _)| b).collect()
    } else if renda_core::policy::may_congress_wide(s.user.role, Action::View, Resource::Oversight) {
        state.store.list_ballots(&actor(&s)).await?
    } else {
        return Err(AppError::of(ErrorCode::Forbidden));
    };
    Ok(Json(rows.iter().map(ballot_view).collect()))
}

/// Prepares a ballot (staff of a congress): the twin of the ballots page's form.
#[utoipa::path(post, path = "/api/v1/ballots", request_body = NewBallotBody,
    responses((status = 201, body = BallotDetailView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<NewBallotBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let congress = s
        .user
        .role
        .staff_congress()
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以组织评议投票。"))?;
    let new = NewBallot {
        title: b.title,
        opens_on: renda_core::value::parse_date("opens_on", &b.opens_on)?,
        closes_on: renda_core::value::parse_date("closes_on", &b.closes_on)?,
        departments: b.departments.into_iter().map(OrgId).collect(),
        reports: b.reports,
    };
    let id = state.store.create_ballot(&actor(&s), congress, &new).await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &s, id).await?)).into_response())
}

/// One ballot; a deputy sees it once it opens, and only one they are entitled to.
#[utoipa::path(get, path = "/api/v1/ballots/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = BallotDetailView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<BallotDetailView>> {
    Ok(Json(detail(&state, &s, BallotId(id)).await?))
}

/// Opens the vote today: the deputies in office become its electorate.
#[utoipa::path(post, path = "/api/v1/ballots/{id}/open", params(("id" = i64, Path)),
    responses((status = 200, body = BallotDetailView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn open(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<BallotDetailView>> {
    state.store.open_ballot(&actor(&s), BallotId(id), state.today()).await?;
    Ok(Json(detail(&state, &s, BallotId(id)).await?))
}

/// Reminds every deputy who has not voted yet (once a day per ballot; 409 `already_reminded`).
#[utoipa::path(post, path = "/api/v1/ballots/{id}/remind", params(("id" = i64, Path)),
    responses((status = 200, body = RemindedView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn remind(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<RemindedView>> {
    let reminded = state.store.remind_non_voters(&actor(&s), BallotId(id), state.today()).await?;
    Ok(Json(RemindedView { reminded }))
}

/// Closes the vote and counts it; without `"confirm": true` it is 422 and nothing changes.
#[utoipa::path(post, path = "/api/v1/ballots/{id}/close", params(("id" = i64, Path)), request_body = CloseBody,
    responses((status = 200, body = BallotDetailView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<CloseBody>, AppError>,
) -> AppResult<Json<BallotDetailView>> {
    let ApiJson(b) = body?;
    renda_core::confirm::Irreversible::CloseBallot.check(b.confirm)?;
    state.store.close_ballot(&actor(&s), BallotId(id)).await?;
    Ok(Json(detail(&state, &s, BallotId(id)).await?))
}

/// A deputy's ballot, once: a mark (satisfied, basic or unsatisfied) for every subject.
#[utoipa::path(post, path = "/api/v1/ballots/{id}/vote", params(("id" = i64, Path)), request_body = VoteBody,
    responses((status = 200, body = BallotDetailView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn vote(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<VoteBody>, AppError>,
) -> AppResult<Json<BallotDetailView>> {
    let ApiJson(b) = body?;
    let marks = b
        .marks
        .iter()
        .map(|m| {
            Satisfaction::from_code(&m.choice)
                .map(|c| (SubjectId(m.subject), c))
                .ok_or_else(|| renda_core::ValidationError::new("marks", "请选择满意、基本满意或不满意"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    state.store.cast_ballot(&actor(&s), BallotId(id), &marks).await?;
    Ok(Json(detail(&state, &s, BallotId(id)).await?))
}
