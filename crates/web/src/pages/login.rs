//! Login and logout. Before login the form's CSRF token is a random value also set as the
//! `renda_csrf` cookie (double submit); after login every form carries the session's token.

use super::{Ctx, render};
use crate::AppState;
use crate::auth::{
    CSRF_COOKIE, ClientAddr, MaybeUser, SESSION_COOKIE, clear_session_cookie, cookie, safe_next, session_cookie,
    set_cookie, with_cookie,
};
use crate::error::AppResult;
use crate::extract::{Form, Query};
use askama::Template;
use axum::extract::State;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use renda_store::users::{LoginError, random_token};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub ctx: Ctx,
    pub csrf: String,
    pub next: String,
    pub login: String,
    pub error: String,
    /// How to get an account (registration or the office's phone).
    pub door: super::register::Door,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    pub next: Option<String>,
}

/// The login form. Sets the pre-login CSRF cookie when missing.
pub async fn form(
    State(state): State<AppState>,
    MaybeUser(session): MaybeUser,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> AppResult<Response> {
    if session.is_some() {
        return Ok(Redirect::to(safe_next(q.next.as_deref())).into_response());
    }
    let (csrf, fresh) = match cookie(&headers, CSRF_COOKIE) {
        Some(c) if c.len() == 64 => (c.to_owned(), false),
        _ => (random_token(), true),
    };
    let page = LoginPage {
        ctx: Ctx::new(&state, None, "登录", "/login"),
        csrf: csrf.clone(),
        next: safe_next(q.next.as_deref()).to_owned(),
        login: String::new(),
        error: String::new(),
        door: super::register::Door::of(&state, safe_next(q.next.as_deref())),
    };
    let resp = render(&page)?;
    Ok(if fresh { with_cookie(resp, set_cookie(&state, CSRF_COOKIE, &csrf, 86_400)) } else { resp })
}

#[derive(Deserialize)]
pub struct LoginForm {
    pub login: String,
    pub password: String,
    pub next: Option<String>,
    #[serde(rename = "_csrf")]
    pub csrf: String,
}

/// Checks the password (throttled), opens a session and redirects to `next`.
pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    match state.store.verify_login(&f.login, &f.password, &addr).await {
        Ok(user) => {
            let token = state.store.create_session(user.id).await?;
            tracing::info!(user = %user.login, "login");
            let resp = Redirect::to(safe_next(f.next.as_deref())).into_response();
            Ok(with_cookie(resp, session_cookie(&state, &token)))
        }
        Err(e @ (LoginError::BadCredentials | LoginError::Throttled(_))) => {
            let status = crate::error::status_of(e.code());
            let retry_after = match &e {
                LoginError::Throttled(r) => Some(r.retry_after_seconds),
                _ => None,
            };
            let page = LoginPage {
                ctx: Ctx::new(&state, None, "登录", "/login"),
                csrf: f.csrf,
                next: safe_next(f.next.as_deref()).to_owned(),
                login: f.login,
                error: e.to_string(),
                door: super::register::Door::of(&state, safe_next(f.next.as_deref())),
            };
            let mut resp = render(&page)?;
            *resp.status_mut() = status;
            if let Some(seconds) = retry_after {
                resp.headers_mut().insert(RETRY_AFTER, HeaderValue::from(seconds));
            }
            Ok(resp)
        }
        Err(e) => Err(e.into()),
    }
}

/// Ends the session.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.store.delete_session(token).await?;
    }
    let resp = (StatusCode::SEE_OTHER, Redirect::to("/")).into_response();
    Ok(with_cookie(resp, clear_session_cookie(&state)))
}
