//! What the public reads without an account: the replies to deputies' suggestions that the
//! lead deputy agreed to publish (the portal of the next issue will carry them too).

use super::{Ctx, render};
use crate::AppState;
use crate::auth::MaybeUser;
use crate::error::AppResult;
use crate::extract::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use renda_core::suggestion::ClassScheme;
use renda_store::Page;
use renda_store::suggestions::{SuggestionDetail, SuggestionFilter, SuggestionId, SuggestionRow};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "public_replies.html")]
pub struct RepliesPage {
    pub ctx: Ctx,
    pub page: Page<SuggestionRow>,
    pub prev_link: String,
    pub next_link: String,
}

#[derive(Deserialize)]
pub struct PageQuery {
    pub page: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    // Published replies of every congress: everyone's to list.
    let public = super::reader_actor(None);
    let filter = SuggestionFilter {
        published_only: true,
        page: q.page.unwrap_or(1).max(1) - 1,
        per_page: 20,
        ..SuggestionFilter::default()
    };
    let page = state.store.list_suggestions(&public, &filter, state.today()).await?;
    render(&RepliesPage {
        ctx: Ctx::new(&state, s.as_ref(), "建议办理答复公开", "/replies"),
        prev_link: format!("/replies?page={}", page.page),
        next_link: format!("/replies?page={}", page.page + 2),
        page,
    })
}

#[derive(Template)]
#[template(path = "public_reply.html")]
pub struct ReplyPage {
    pub ctx: Ctx,
    pub d: SuggestionDetail,
    pub scheme: ClassScheme,
}

pub async fn show(State(state): State<AppState>, MaybeUser(s): MaybeUser, Path(id): Path<i64>) -> AppResult<Response> {
    // Read as the public, whoever is logged in: only what was agreed to be published, and of
    // it only the text and the replies (the template shows nothing else of the detail).
    let d = state.store.public_reply(&super::reader_actor(None), SuggestionId(id)).await?;
    let scheme = state.store.suggestion_settings(d.row.congress).await?.class_scheme;
    render(&ReplyPage { ctx: Ctx::new(&state, s.as_ref(), &d.row.title, "/replies"), d, scheme })
}
