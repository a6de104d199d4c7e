//! The home page (each role's own), `/healthz` and the 404 page.

use super::{Ctx, NoticeQuery, notice_text, render};
use crate::AppState;
use crate::auth::MaybeUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Json, Query};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::ErrorCode;
use renda_core::policy::Role;
use renda_store::people::{DeputyFilter, DeputyRow};

/// What the home page shows, by role.
pub enum HomeView {
    Anonymous,
    Admin {
        orgs: i64,
        congresses: usize,
        deputies: i64,
        users: i64,
    },
    Staff {
        congress: String,
        body: &'static str,
        own_deputies: i64,
        below_deputies: i64,
        units: usize,
        below_congresses: usize,
    },
    Deputy {
        name: String,
        seats: Vec<DeputyRow>,
    },
    Unit {
        unit: String,
        congress: String,
    },
    Public,
}

/// One number on a home page, linking to the list behind it.
pub struct Tile {
    pub n: i64,
    pub label: &'static str,
    pub href: String,
    /// Draws attention (overdue, waiting for this user).
    pub urgent: bool,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub view: HomeView,
    /// The suggestion work waiting for this user.
    pub tiles: Vec<Tile>,
}

/// One tile's query: the states (none: any), a deadline window in days, its label, the list's
/// query string, and whether a non-zero count is urgent.
type TileSpec = (&'static [renda_core::suggestion::SuggestionState], Option<i32>, &'static str, &'static str, bool);

/// The suggestion tiles of a role's home page: what waits for them, each a link to its list.
async fn suggestion_tiles(state: &AppState, session: &renda_store::users::Session) -> AppResult<Vec<Tile>> {
    use renda_core::suggestion::SuggestionState as S;
    let (congresses, person, unit) = match session.user.role {
        Role::Staff { congress } => (vec![congress], None, None),
        Role::Deputy { person } => {
            (state.store.deputyships_of(person).await?.into_iter().map(|d| d.congress).collect(), Some(person), None)
        }
        Role::Unit { unit } => (state.store.org(unit).await?.parent.into_iter().collect(), None, Some(unit)),
        Role::Admin | Role::Public => return Ok(Vec::new()),
    };
    let today = super::suggestions::today(state);
    let base =
        renda_store::suggestions::SuggestionFilter { congresses, person, unit, per_page: 1, ..Default::default() };
    let specs: &[TileSpec] = match session.user.role {
        Role::Staff { .. } => &[
            (&[S::Submitted], None, "待审查立案", "state=submitted", true),
            (&[S::Registered], None, "待交办", "state=registered", true),
            (
                &[S::Assigned, S::InProgress, S::Rehandling],
                None,
                "办理中",
                "state=assigned,in_progress,rehandling",
                false,
            ),
            (&[], Some(10), "临近期限", "due=near", true),
            (&[], Some(-1), "已逾期", "due=overdue", true),
            (&[S::Rated], None, "待办结", "state=rated", true),
            (&[S::FollowUp], None, "跟踪落实", "state=follow_up", false),
        ],
        Role::Deputy { .. } => &[
            (&[S::Draft], None, "草稿", "state=draft", false),
            (&[S::Cosigning], None, "待联名确认", "state=cosigning", true),
            (
                &[S::Submitted, S::Registered, S::Assigned, S::InProgress, S::Rehandling],
                None,
                "审查和办理中",
                "state=submitted,registered,assigned,in_progress,rehandling",
                false,
            ),
            (&[S::Replied], None, "待评价", "state=replied", true),
            (&[S::Rated, S::FollowUp, S::Closed], None, "已办结或跟踪中", "state=rated,follow_up,closed", false),
        ],
        _ => &[
            (&[S::Assigned], None, "新交办", "state=assigned", true),
            (&[S::InProgress, S::Rehandling], None, "办理中", "state=in_progress,rehandling", false),
            (&[], Some(10), "临近期限", "due=near", true),
            (&[], Some(-1), "已逾期", "due=overdue", true),
        ],
    };
    let mut tiles = Vec::with_capacity(specs.len());
    for (states, due, label, query, urgent) in specs {
        let f = renda_store::suggestions::SuggestionFilter {
            states: states.to_vec(),
            due_within_days: *due,
            ..base.clone()
        };
        let n = state.store.list_suggestions(&f, today).await?.total;
        tiles.push(Tile { n, label, href: format!("/suggestions?{query}"), urgent: *urgent && n > 0 });
    }
    Ok(tiles)
}

pub async fn home(
    State(state): State<AppState>,
    MaybeUser(session): MaybeUser,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let store = &state.store;
    let view = match session.as_ref().map(|s| s.user.role) {
        None => HomeView::Anonymous,
        Some(Role::Admin) => HomeView::Admin {
            orgs: store.count_orgs().await?,
            congresses: store.congresses().await?.len(),
            deputies: store.count_deputyships().await?,
            users: store.count_users().await?,
        },
        Some(Role::Staff { congress }) => {
            let org = store.org(congress).await?;
            let level = match org.kind {
                renda_core::org::OrgKind::Congress(l) => l,
                _ => return Err(AppError::of(ErrorCode::Internal)),
            };
            let subtree = store.congress_subtree(congress).await?;
            let below: Vec<_> = subtree.iter().copied().filter(|c| *c != congress).collect();
            let count = |congresses: Vec<_>| DeputyFilter {
                congresses,
                active_only: true,
                per_page: 1,
                ..DeputyFilter::default()
            };
            HomeView::Staff {
                congress: org.name.to_string(),
                body: level.permanent_body(),
                own_deputies: store.search_deputies(&count(vec![congress])).await?.total,
                below_deputies: store.search_deputies(&count(below.clone())).await?.total,
                units: store.orgs_of_congress(congress).await?.len(),
                below_congresses: below.len(),
            }
        }
        Some(Role::Deputy { person }) => {
            let seats = store.deputyships_of(person).await?;
            let name = seats.first().map_or_else(
                || session.as_ref().map(|s| s.user.display_name.clone()).unwrap_or_default(),
                |s| s.name.clone(),
            );
            HomeView::Deputy { name, seats }
        }
        Some(Role::Unit { unit }) => {
            let org = store.org(unit).await?;
            let congress = match org.parent {
                Some(p) => store.org(p).await?.name.to_string(),
                None => String::new(),
            };
            HomeView::Unit { unit: org.name.to_string(), congress }
        }
        Some(Role::Public) => HomeView::Public,
    };
    let title = match &view {
        HomeView::Anonymous | HomeView::Public => "首页",
        HomeView::Admin { .. } => "系统管理",
        HomeView::Staff { .. } => "工作台",
        HomeView::Deputy { .. } => "我的履职",
        HomeView::Unit { .. } => "承办工作台",
    };
    let tiles = match &session {
        Some(s) => suggestion_tiles(&state, s).await?,
        None => Vec::new(),
    };
    let ctx = Ctx::new(&state, session.as_ref(), title, "/");
    render(&HomePage { ctx, notice: notice_text(q.notice.as_deref()), view, tiles })
}

/// Liveness and readiness: 200 with `{"status":"ok"}` when the database answers.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => Json(serde_json::json!({ "status": "ok" })).into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "database_unavailable" })))
                .into_response()
        }
    }
}

pub async fn not_found(uri: axum::http::Uri) -> AppError {
    let e = AppError::new(ErrorCode::NotFound, "您访问的页面不存在。");
    if uri.path().starts_with("/api/") { e.json() } else { e }
}

/// A known address asked with a method it does not take (a GET of a form's target, say).
pub async fn method_not_allowed(uri: axum::http::Uri) -> Response {
    let e = AppError::new(ErrorCode::NotFound, "该网址不支持这种访问方式，请从页面上的链接或按钮进入。");
    let mut resp = if uri.path().starts_with("/api/") { e.json() } else { e }.into_response();
    *resp.status_mut() = axum::http::StatusCode::METHOD_NOT_ALLOWED;
    resp
}
