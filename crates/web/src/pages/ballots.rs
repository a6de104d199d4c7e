//! Deputies' evaluation of departments (代表评议): staff prepare, open and close a ballot; an
//! entitled deputy votes once on a phone-friendly page (one radio group per subject,
//! 满意/基本满意/不满意); results per subject with the turnout once closed. Nobody's page shows
//! who chose what: the store cannot tell.

use super::oversight::{Fields, units_of};
use super::{Ctx, actor, done, notice_text, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use renda_core::ErrorCode;
use renda_core::ValidationError;
use renda_core::ids::OrgId;
use renda_core::oversight::ballot::{BallotState, Results, SubjectId};
use renda_core::policy::{self, Action, Resource, Role};
use renda_core::suggestion::Satisfaction;
use renda_store::ballots::{BallotId, BallotRow, NewBallot};

#[derive(Template)]
#[template(path = "ballots.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub is_staff: bool,
    pub rows: Vec<(BallotRow, bool)>,
    pub units: Vec<(i64, String)>,
    pub today: jiff::civil::Date,
}

/// Staff: the ballots of their congress (and below) and the form for a new one; deputies: the
/// ballots they are entitled to.
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    // A deputy sees the ballots they vote in; who reads a congress's oversight at large (its
    // staff, the admin) sees its ballots, and its staff the form for a new one.
    let (is_staff, rows, units) = if let Some(person) = s.user.role.deputy() {
        (false, state.store.ballots_of_deputy(&actor(&s), person).await?, Vec::new())
    } else if policy::may_congress_wide(s.user.role, Action::View, Resource::Oversight) {
        let rows = state.store.list_ballots(&actor(&s)).await?.into_iter().map(|b| (b, false)).collect();
        match s.user.role.staff_congress() {
            Some(congress) if policy::may_congress_wide(s.user.role, Action::Create, Resource::Oversight) => {
                (true, rows, units_of(&state, congress).await?)
            }
            _ => (false, rows, Vec::new()),
        }
    } else {
        return Err(AppError::of(ErrorCode::Forbidden));
    };
    render(&ListPage {
        ctx: Ctx::new(&state, Some(&s), "代表评议", "/ballots"),
        notice: notice_text(q.notice.as_deref()),
        is_staff,
        rows,
        units,
        today: state.today(),
    })
}

pub async fn create(State(state): State<AppState>, CurrentUser(s): CurrentUser, body: Bytes) -> AppResult<Response> {
    let congress = s
        .user
        .role
        .staff_congress()
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以组织评议投票。"))?;
    let f = Fields::parse(&body)?;
    let departments = f
        .all("department")
        .into_iter()
        .map(|d| d.parse::<i64>().map(OrgId).map_err(|_| ValidationError::new("department", "请选择评议的部门")))
        .collect::<Result<Vec<_>, _>>()?;
    let new = NewBallot {
        title: f.get("title").to_owned(),
        opens_on: f.date("opens_on")?,
        closes_on: f.date("closes_on")?,
        departments,
        reports: f.get("reports").lines().map(str::to_owned).collect(),
    };
    let id = state.store.create_ballot(&actor(&s), congress, &new).await?;
    Ok(done(&format!("/ballots/{}", id.0), "ballot_created"))
}

#[derive(Template)]
#[template(path = "ballot.html")]
pub struct BallotPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub b: BallotRow,
    pub may_manage: bool,
    pub may_vote: bool,
    pub voted: bool,
    /// The clerk's list of deputies who have not voted yet (never shown to deputies).
    pub non_voters: Vec<String>,
    pub results: Option<Results>,
    pub choices: Vec<(&'static str, &'static str)>,
}

impl BallotPage {
    pub fn subject_name(&self, id: &SubjectId) -> &str {
        self.b.subjects.iter().find(|s| s.id == *id).map_or("", |s| s.name.as_str())
    }
}

/// Where a reader of a ballot they may see stands: whether they voted, whether they may vote
/// now, and the results once it is closed.
pub(crate) struct Standing {
    pub voted: bool,
    pub may_vote: bool,
    pub results: Option<Results>,
}

pub(crate) async fn reader_standing(state: &AppState, role: Role, b: &BallotRow) -> AppResult<Standing> {
    // Deputies vote (the store checks the electorate): the ballot was read with the actor, so
    // a deputy who reads it is in it.
    let deputy = role.deputy();
    let voted = match deputy {
        Some(person) => state.store.has_voted(b.id, person).await?,
        None => false,
    };
    let may_vote = deputy.is_some() && b.state == BallotState::Open && !voted;
    let results =
        if b.state == BallotState::Closed { Some(state.store.ballot_results(role, b.id).await?) } else { None };
    Ok(Standing { voted, may_vote, results })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let b = state.store.ballot(&actor(&s), BallotId(id)).await?;
    let may_manage = super::may_in(&state, &s, Action::Edit, Resource::Oversight, b.congress).await?;
    let Standing { voted, may_vote, results } = reader_standing(&state, s.user.role, &b).await?;
    let non_voters = if may_manage && b.state == BallotState::Open {
        state.store.ballot_non_voters(&actor(&s), b.id).await?.into_iter().map(|(_, name)| name).collect()
    } else {
        Vec::new()
    };
    render(&BallotPage {
        ctx: Ctx::new(&state, Some(&s), &b.title, "/ballots"),
        notice: notice_text(q.notice.as_deref()),
        b,
        may_manage,
        may_vote,
        voted,
        non_voters,
        results,
        choices: Satisfaction::ALL.iter().map(|c| (c.code(), c.label())).collect(),
    })
}

pub async fn open(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    state.store.open_ballot(&actor(&s), BallotId(id), state.today()).await?;
    Ok(done(&format!("/ballots/{id}"), "ballot_opened"))
}

/// The clerk reminds every deputy who has not voted yet (once a day per ballot).
pub async fn remind(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    state.store.remind_non_voters(&actor(&s), BallotId(id), state.today()).await?;
    Ok(done(&format!("/ballots/{id}"), "ballot_reminded"))
}

pub async fn close(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    super::check_confirmed(&body, renda_core::confirm::Irreversible::CloseBallot)?;
    state.store.close_ballot(&actor(&s), BallotId(id)).await?;
    Ok(done(&format!("/ballots/{id}"), "ballot_closed"))
}

/// A deputy's ballot: `s{subject id}` = satisfied | basic | unsatisfied for every subject.
pub async fn vote(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let mut marks = Vec::new();
    for (k, v) in &f.0 {
        let Some(sid) = k.strip_prefix('s').and_then(|n| n.parse::<i64>().ok()) else { continue };
        let c = Satisfaction::from_code(v).ok_or_else(|| ValidationError::new(k, "请选择满意、基本满意或不满意"))?;
        marks.push((SubjectId(sid), c));
    }
    state.store.cast_ballot(&actor(&s), BallotId(id), &marks).await?;
    Ok(done(&format!("/ballots/{id}"), "ballot_cast"))
}
