//! A user's own password.

use super::{Ctx, NoticeQuery, actor, done, notice_text, render};
use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser};
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use renda_core::ValidationError;
use renda_core::value::NewPassword;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "password.html")]
pub struct PasswordPage {
    pub ctx: Ctx,
    pub notice: &'static str,
}

pub async fn form(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    render(&PasswordPage {
        ctx: Ctx::new(&state, Some(&s), "修改密码", "/account"),
        notice: notice_text(q.notice.as_deref()),
    })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    pub current: String,
    pub password: String,
    pub confirm: String,
}

/// Changes one's own password after checking the current one (which counts towards throttling,
/// so a stolen session cannot be used to guess it).
pub async fn submit(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    ClientAddr(addr): ClientAddr,
    Form(f): Form<PasswordForm>,
) -> AppResult<Response> {
    if f.password != f.confirm {
        return Err(ValidationError::new("confirm", "两次输入的新密码不一致").into());
    }
    let new = NewPassword::parse(&f.password)?;
    state.store.verify_login(&s.user.login, &f.current, &addr).await.map_err(|e| match e {
        renda_store::users::LoginError::BadCredentials => {
            AppError::from(ValidationError::new("current", "当前密码不正确"))
        }
        other => other.into(),
    })?;
    state.store.set_password(&actor(&s), s.user.id, new).await?;
    // The password change ended every session, this one included: log in again.
    Ok(done("/login", "password_changed"))
}
