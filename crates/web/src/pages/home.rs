//! The home page (each role's own), `/healthz` and the 404 page.

use super::{Ctx, NoticeQuery, notice_text, render};
use crate::AppState;
use crate::auth::MaybeUser;
use crate::error::{AppError, AppResult};
use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
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

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub view: HomeView,
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
    let ctx = Ctx::new(&state, session.as_ref(), title, "/");
    render(&HomePage { ctx, notice: notice_text(q.notice.as_deref()), view })
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
