//! The in-app inbox: every role's notifications, newest unread first.

use super::{Ctx, done, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Form;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use renda_store::notifications::Notification;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "notifications.html")]
pub struct InboxPage {
    pub ctx: Ctx,
    pub items: Vec<Notification>,
}

pub async fn list(State(state): State<AppState>, CurrentUser(s): CurrentUser) -> AppResult<Response> {
    let items = state.store.notifications(s.user.id, 200).await?;
    render(&InboxPage { ctx: Ctx::new(&state, Some(&s), "消息", "/notifications"), items })
}

#[derive(Deserialize)]
pub struct ReadForm {
    /// One notification, or all when absent.
    pub id: Option<i64>,
    /// Where to go next: the suggestion the notification is about.
    pub then: Option<String>,
}

pub async fn mark_read(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Form(f): Form<ReadForm>,
) -> AppResult<Response> {
    state.store.mark_notifications_read(s.user.id, f.id).await?;
    let to = crate::auth::safe_next(f.then.as_deref());
    Ok(if to == "/" {
        done("/notifications", if f.id.is_some() { "notification_read" } else { "notifications_read" })
    } else {
        axum::response::IntoResponse::into_response(axum::response::Redirect::to(to))
    })
}
