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
use renda_core::policy::{Role, RoleKind};
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
        congress_id: i64,
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
    /// Whose records it counts, as its list says: 本级, 含下级, 本人, 本单位.
    pub scope: &'static str,
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

/// One tile: its label, the query string of the list behind it, and whether a non-zero count
/// is urgent. The count is that list's total: the same `ListQuery` goes through the same
/// `filter_of` into the same store filter.
type TileSpec = (&'static str, &'static str, bool);

/// The suggestion tiles of a role's home page: what waits for them, each a link to its list.
async fn suggestion_tiles(state: &AppState, session: &renda_store::users::Session) -> AppResult<Vec<Tile>> {
    use super::suggestions::{ListQuery, filter_of, scope_label};
    let mut specs: Vec<TileSpec> = match session.user.role.kind() {
        RoleKind::Staff => vec![
            ("待审查立案", "state=submitted&scope=own", true),
            ("待交办", "state=registered&scope=own", true),
            ("办理中", "state=assigned,in_progress,rehandling&scope=own", false),
            ("临近期限", "due=near&scope=own", true),
            ("已逾期", "due=overdue&scope=own", true),
            ("待办结", "state=rated&scope=own", true),
            ("跟踪落实", "state=follow_up&scope=own", false),
        ],
        RoleKind::Deputy => vec![
            ("草稿", "state=draft", false),
            ("待联名确认", "state=cosigning", true),
            ("审查和办理中", "state=submitted,registered,assigned,in_progress,rehandling", false),
            ("待评价", "state=replied", true),
            ("已办结或跟踪中", "state=rated,follow_up,closed", false),
        ],
        RoleKind::Unit => vec![
            ("新交办", "state=assigned", true),
            ("办理中", "state=in_progress,rehandling", false),
            ("临近期限", "due=near", true),
            ("已逾期", "due=overdue", true),
        ],
        RoleKind::Admin | RoleKind::Public => return Ok(Vec::new()),
    };
    // Staff of a congress with congresses below also watch what is overdue there.
    if let Some(congress) = session.user.role.staff_congress()
        && state.store.congress_subtree(congress).await?.len() > 1
    {
        specs.push(("已逾期", "due=overdue", true));
    }
    let today = state.today();
    let mut tiles = Vec::with_capacity(specs.len());
    for (label, query, urgent) in specs {
        let q = ListQuery::parse(query);
        let filter = filter_of(session, &q, 1)?;
        let n = state.store.count_suggestions(&super::actor(session), &filter, today).await?;
        tiles.push(Tile {
            n,
            label,
            scope: scope_label(session, &q),
            href: format!("/suggestions?{}", q.query_string()),
            urgent: urgent && n > 0,
        });
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
        Some(role @ Role::Staff { congress }) => {
            let org = store.org(congress).await?;
            let level = match org.kind {
                renda_core::org::OrgKind::Congress(l) => l,
                _ => return Err(AppError::of(ErrorCode::Internal)),
            };
            let subtree = store.congress_subtree(congress).await?;
            let below: Vec<_> = subtree.iter().copied().filter(|c| *c != congress).collect();
            let staff = renda_store::Actor { user: None, role };
            let count = |congresses: Vec<_>| DeputyFilter {
                congresses,
                active_only: true,
                per_page: 1,
                ..DeputyFilter::default()
            };
            HomeView::Staff {
                congress_id: congress.0,
                congress: org.name.to_string(),
                body: level.permanent_body(),
                own_deputies: store.search_deputies(&staff, &count(vec![congress])).await?.total,
                below_deputies: store.search_deputies(&staff, &count(below.clone())).await?.total,
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

pub async fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, "您访问的页面不存在。")
}

/// A known address asked with a method it does not take (a GET of a form's target, say).
pub async fn method_not_allowed() -> Response {
    let mut resp =
        AppError::new(ErrorCode::NotFound, "该网址不支持这种访问方式，请从页面上的链接或按钮进入。").into_response();
    *resp.status_mut() = axum::http::StatusCode::METHOD_NOT_ALLOWED;
    resp
}
