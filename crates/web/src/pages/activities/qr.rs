//! The organiser's QR page (a fresh signed code every minute through a `Refresh` header, no
//! script), its image, and the check-in a deputy's phone opens from it.

use super::show_time;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::pages::{Ctx, actor, render};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use renda_core::ErrorCode;
use renda_core::clock::beijing;
use renda_store::StoreError;
use renda_store::activities::{ActivityId, ActivityRow};
use serde::Deserialize;

// ---- QR check-in ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "activity_qr.html")]
pub struct QrPage {
    pub ctx: Ctx,
    pub a: ActivityRow,
    pub link: String,
    pub token: String,
    pub expires: String,
}

/// The organiser's screen: a fresh code every minute (a `Refresh` header reloads the page).
pub async fn qr_page(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let a = state.store.activity(&actor(&s), ActivityId(id)).await?;
    let (token, expiry) = state.store.checkin_token(&actor(&s), a.id, state.now()).await?;
    let link = format!("{}/activities/checkin?t={token}", crate::pages::portal::base_url(&state, &headers));
    let expires =
        jiff::Timestamp::from_second(expiry).map(|t| beijing(t).strftime("%H:%M:%S").to_string()).unwrap_or_default();
    let mut resp =
        render(&QrPage { ctx: Ctx::new(&state, Some(&s), "签到二维码", "/activities"), a, link, token, expires })?;
    resp.headers_mut().insert("refresh", HeaderValue::from_static("60"));
    resp.headers_mut().insert(axum::http::header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    pub t: String,
}

/// The QR image of a token the organiser's page holds (the organiser only; the token must be
/// this activity's and still valid, so the image cannot be used to sign anything).
pub async fn qr_svg(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    state.store.organised_activity(&actor(&s), ActivityId(id)).await?;
    let secret = state.store.checkin_secret().await?;
    let named =
        renda_core::archive::checkin::verify(&secret, &q.t, state.now().as_second()).map_err(StoreError::from)?;
    if named != id {
        return Err(AppError::new(ErrorCode::InvalidInput, "该二维码不属于本活动"));
    }
    let url = format!("{}/activities/checkin?t={}", crate::pages::portal::base_url(&state, &headers), q.t);
    crate::pages::portal::svg_response(&url)
}

#[derive(Template)]
#[template(path = "activity_checkin.html")]
pub struct CheckinPage {
    pub ctx: Ctx,
    pub ok: bool,
    pub code: String,
    pub message: String,
    pub a: Option<ActivityRow>,
    pub when: String,
    pub state: String,
}

/// What a deputy's phone opens from the QR code (after logging in, if need be).
pub async fn checkin(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let ctx = Ctx::new(&state, Some(&s), "扫码签到", "/activities");
    match state.store.check_in_by_token(&actor(&s), &q.t, state.now()).await {
        Ok((a, st)) => render(&CheckinPage {
            ctx,
            ok: true,
            code: String::new(),
            message: String::new(),
            when: format!("{} 至 {}", show_time(&a.starts_at), show_time(&a.ends_at)),
            state: st.label().to_owned(),
            a: Some(a),
        }),
        Err(e) => {
            let code = e.code().as_str().to_owned();
            let err = AppError::from(e);
            if err.status().is_server_error() {
                return Err(err);
            }
            let status: StatusCode = err.status();
            let mut resp = render(&CheckinPage {
                ctx,
                ok: false,
                code,
                message: err.message,
                a: None,
                when: String::new(),
                state: String::new(),
            })?;
            *resp.status_mut() = status;
            Ok(resp)
        }
    }
}
