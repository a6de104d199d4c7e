//! Self-registration of the public (公众), in two steps: a mobile number or an e-mail address
//! and a server-drawn captcha, then the 6-digit code sent there with a name and a password.
//! On only when codes can be sent (SMS gateway or SMTP configured); otherwise /register, the
//! login page and every login wall give the congress office's phone instead.

use super::{Ctx, render};
use crate::AppState;
use crate::auth::{CSRF_COOKIE, ClientAddr, MaybeUser, cookie, safe_next, session_cookie, set_cookie, with_cookie};
use crate::error::{AppError, AppResult, too_many_requests};
use crate::extract::{Form, Query};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use renda_core::ErrorCode;
use renda_core::register::Contact;
use renda_core::value::NewPassword;
use renda_store::users::random_token;
use serde::Deserialize;

pub(crate) const FLOOD: &str = "注册请求过于频繁，请稍候再试。";

/// How a page without an account tells the reader to get one: a link to /register when it is
/// on, the office's phone when it is off.
#[derive(Clone, Debug)]
pub struct Door {
    pub open: bool,
    pub phone: String,
    /// Where to go once registered.
    pub next: String,
}

impl Door {
    pub fn of(state: &AppState, next: &str) -> Door {
        Door {
            open: state.deliverer.is_some(),
            phone: state.config.office_phone.clone().unwrap_or_default(),
            next: safe_next(Some(next)).to_owned(),
        }
    }
}

#[derive(Template)]
#[template(path = "register.html")]
pub struct RegisterPage {
    pub ctx: Ctx,
    pub door: Door,
    pub csrf: String,
    pub next: String,
    /// "start" (contact and captcha) or "code" (the code, a name, a password).
    pub step: &'static str,
    pub contact: String,
    pub captcha: String,
    pub error: String,
    pub by_mobile: bool,
    pub by_email: bool,
}

#[derive(Deserialize)]
pub struct NextQuery {
    pub next: Option<String>,
}

pub(crate) fn now(state: &AppState) -> i64 {
    state.now().as_second()
}

impl RegisterPage {
    async fn new(state: &AppState, csrf: String, next: &str, step: &'static str) -> AppResult<RegisterPage> {
        let door = Door::of(state, next);
        let captcha =
            if door.open && step == "start" { state.store.new_captcha(now(state)).await? } else { String::new() };
        let (by_mobile, by_email) = match &state.deliverer {
            Some(d) => (
                d.reaches(&Contact::Mobile(renda_core::value::Phone::parse("13800000000")?)),
                d.reaches(&Contact::Email(renda_core::value::Email::parse("a@b.cn")?)),
            ),
            None => (false, false),
        };
        Ok(RegisterPage {
            ctx: Ctx::new(state, None, "注册", "/register"),
            door,
            csrf,
            next: safe_next(Some(next)).to_owned(),
            step,
            contact: String::new(),
            captcha,
            error: String::new(),
            by_mobile,
            by_email,
        })
    }

    fn with_error(mut self, status: StatusCode, message: String) -> AppResult<Response> {
        self.error = message;
        let mut resp = render(&self)?;
        *resp.status_mut() = status;
        Ok(resp)
    }
}

/// The first step (or, when off, how to get an account).
pub async fn form(
    State(state): State<AppState>,
    MaybeUser(session): MaybeUser,
    headers: HeaderMap,
    ClientAddr(addr): ClientAddr,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    if session.is_some() {
        return Ok(Redirect::to(safe_next(q.next.as_deref())).into_response());
    }
    if state.deliverer.is_some()
        && let Err(wait) = state.register_limit.check(&addr)
    {
        return Ok(too_many_requests(FLOOD, wait));
    }
    let (csrf, fresh) = match cookie(&headers, CSRF_COOKIE) {
        Some(c) if c.len() == 64 => (c.to_owned(), false),
        _ => (random_token(), true),
    };
    let page = RegisterPage::new(&state, csrf.clone(), q.next.as_deref().unwrap_or("/"), "start").await?;
    let resp = render(&page)?;
    Ok(if fresh { with_cookie(resp, set_cookie(&state, CSRF_COOKIE, &csrf, 86_400)) } else { resp })
}

/// The captcha image: four digits drawn as distorted strokes in SVG (served from here, no
/// third-party service). Unknown or expired tokens get 404.
pub async fn captcha(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Path(token): Path<String>,
) -> AppResult<Response> {
    if let Err(wait) = state.register_limit.check(&addr) {
        return Ok(too_many_requests(FLOOD, wait));
    }
    let token = token.trim_end_matches(".svg");
    let digits = state
        .store
        .captcha_digits(token, now(&state))
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, "验证码图片已过期，请刷新页面"))?;
    let mut resp = crate::captcha::svg(&digits).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(rename = "_csrf")]
    pub csrf: String,
    pub contact: String,
    pub captcha_token: String,
    pub captcha: String,
    pub next: Option<String>,
}

/// Checks the captcha and the limits, sends the code, and shows the second step.
pub async fn send_code(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Form(f): Form<CodeForm>,
) -> AppResult<Response> {
    let Some(deliverer) = state.deliverer.clone() else {
        return Err(AppError::new(ErrorCode::Forbidden, "本平台未开通自助注册。"));
    };
    if let Err(wait) = state.register_limit.check(&addr) {
        return Ok(too_many_requests(FLOOD, wait));
    }
    let next = f.next.clone().unwrap_or_default();
    let mut page = RegisterPage::new(&state, f.csrf.clone(), &next, "start").await?;
    page.contact = f.contact.trim().to_owned();
    let contact = match send_code_to(&state, &deliverer, &addr, &f.contact, &f.captcha_token, &f.captcha).await {
        Ok(c) => c,
        Err(e) if e.code != ErrorCode::Internal => return page.with_error(e.status(), e.message),
        Err(e) => return Err(e),
    };
    let mut page = RegisterPage::new(&state, f.csrf, &next, "code").await?;
    page.contact = contact.as_str().to_owned();
    render(&page)
}

/// Sends a registration code to `contact` once the captcha `token` is answered with `answer`
/// (the page's first step and the API's): the contact as understood.
pub(crate) async fn send_code_to(
    state: &AppState,
    deliverer: &crate::delivery::Deliverer,
    addr: &str,
    contact: &str,
    token: &str,
    answer: &str,
) -> AppResult<Contact> {
    let contact = Contact::parse(contact)?;
    if !deliverer.reaches(&contact) {
        let message = if contact.is_mobile() {
            "本平台暂不能发送短信验证码，请使用电子邮箱注册。"
        } else {
            "本平台暂不能发送邮件验证码，请使用手机号码注册。"
        };
        return Err(renda_core::ValidationError::new("contact", message).into());
    }
    let code = state.store.issue_register_code(&contact, token, answer, addr, now(state)).await?;
    let text = format!("您的注册验证码为{code}，10分钟内有效。如非本人操作，请忽略。");
    if let Err(e) = deliverer.send_now(&contact, "注册验证码", &text, "register_code").await {
        tracing::warn!(error = %e, "registration code not sent");
        return Err(AppError::new(ErrorCode::Busy, "验证码发送失败，请稍后再试。"));
    }
    tracing::info!(via = if contact.is_mobile() { "sms" } else { "email" }, "registration code sent");
    Ok(contact)
}

/// Creates a public account with the code sent to `contact` (and, from the page, the password
/// typed twice); the caller logs it in.
pub(crate) async fn register_with_code(
    state: &AppState,
    contact: &str,
    code: &str,
    display_name: &str,
    password: &str,
    again: Option<&str>,
) -> AppResult<renda_store::users::User> {
    let contact = Contact::parse(contact)?;
    let checked = NewPassword::parse(password)?;
    if again.is_some_and(|again| again != password) {
        return Err(renda_core::ValidationError::new("password2", "两次输入的密码不一致").into());
    }
    let user = state.store.register_public(&contact, code, display_name, &checked, now(state)).await?;
    tracing::info!(user = %user.login, "registered");
    Ok(user)
}

#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(rename = "_csrf")]
    pub csrf: String,
    pub contact: String,
    pub code: String,
    pub display_name: String,
    pub password: String,
    pub password2: String,
    pub next: Option<String>,
}

/// Creates the account, logs it in and goes on to `next`.
pub async fn submit(State(state): State<AppState>, Form(f): Form<RegisterForm>) -> AppResult<Response> {
    if state.deliverer.is_none() {
        return Err(AppError::new(ErrorCode::Forbidden, "本平台未开通自助注册。"));
    }
    let next = f.next.clone().unwrap_or_default();
    let mut page = RegisterPage::new(&state, f.csrf.clone(), &next, "code").await?;
    page.contact = f.contact.trim().to_owned();
    let registered =
        register_with_code(&state, &f.contact, &f.code, &f.display_name, &f.password, Some(&f.password2)).await;
    let user = match registered {
        Ok(u) => u,
        Err(e) if e.code != ErrorCode::Internal => return page.with_error(e.status(), e.message),
        Err(e) => return Err(e),
    };
    let token = state.store.create_session(user.id).await?;
    let resp = Redirect::to(safe_next(Some(&next))).into_response();
    Ok(with_cookie(resp, session_cookie(&state, &token)))
}
