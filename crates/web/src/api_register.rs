//! `/api/v1/register`: a citizen's self-registration in the API, in the page's two steps — a
//! captcha drawn here, the code sent to a mobile or an e-mail address once it is answered, then
//! the account with that code — with the page's limits, rules and codes. Off, as the page is,
//! when no code can be sent.

use crate::AppState;
use crate::api::{ApiJson, MeView, logged_in};
use crate::auth::ClientAddr;
use crate::error::{AppError, AppResult, ErrorBody, too_many_requests};
use crate::extract::Json;
use crate::pages::register::{FLOOD, now, register_with_code, send_code_to};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::ErrorCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

fn off() -> AppError {
    AppError::new(ErrorCode::Forbidden, "本平台未开通自助注册。")
}

/// A captcha to answer: its token, and its four digits drawn as SVG (also served at `image`).
#[derive(Serialize, ToSchema)]
pub struct CaptchaView {
    pub token: String,
    pub image: String,
    pub svg: String,
}

/// Draws a captcha (rate-limited per address, as the page is).
#[utoipa::path(post, path = "/api/v1/register/captcha",
    responses((status = 201, body = CaptchaView), (status = 403, description = "本平台未开通自助注册", body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn captcha(State(state): State<AppState>, ClientAddr(addr): ClientAddr) -> AppResult<Response> {
    if state.deliverer.is_none() {
        return Err(off());
    }
    if let Err(wait) = state.register_limit.check(&addr) {
        return Ok(too_many_requests(FLOOD, wait));
    }
    let token = state.store.new_captcha(now(&state)).await?;
    let digits = state.store.captcha_digits(&token, now(&state)).await?.unwrap_or_default();
    let view =
        CaptchaView { image: format!("/register/captcha/{token}.svg"), svg: crate::captcha::svg(&digits), token };
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// `{"contact": "13800138000", "captcha_token": "…", "captcha": "4821"}`: a mobile number or an
/// e-mail address, and the captcha's answer (each captcha is checked once).
#[derive(Deserialize, ToSchema)]
pub struct CodeBody {
    pub contact: String,
    pub captcha_token: String,
    pub captcha: String,
}

/// Sends the 6-digit code to the contact once the captcha is answered right.
#[utoipa::path(post, path = "/api/v1/register/code", request_body = CodeBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn code(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    body: Result<ApiJson<CodeBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let Some(deliverer) = state.deliverer.clone() else { return Err(off()) };
    if let Err(wait) = state.register_limit.check(&addr) {
        return Ok(too_many_requests(FLOOD, wait));
    }
    send_code_to(&state, &deliverer, &addr, &b.contact, &b.captcha_token, &b.captcha).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `{"contact": "13800138000", "code": "123456", "display_name": "王芳", "password": "…"}`.
#[derive(Deserialize, ToSchema)]
pub struct RegisterBody {
    pub contact: String,
    pub code: String,
    pub display_name: String,
    /// At least 8 characters, letters and digits.
    pub password: String,
}

/// Creates the public account with the code and logs it in (as `POST /api/v1/login` does).
#[utoipa::path(post, path = "/api/v1/register", request_body = RegisterBody,
    responses((status = 201, body = MeView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    body: Result<ApiJson<RegisterBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    if state.deliverer.is_none() {
        return Err(off());
    }
    let user = register_with_code(&state, &b.contact, &b.code, &b.display_name, &b.password, None).await?;
    logged_in(&state, &user, StatusCode::CREATED).await
}
