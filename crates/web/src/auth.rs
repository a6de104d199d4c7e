//! Sessions, CSRF and who is asking.
//!
//! `session_layer` runs on every request: it finds the session behind the `renda_session`
//! cookie and puts it in the request's extensions, then checks the CSRF token of every
//! state-changing request before any handler sees it — so no form can forget the check:
//!
//! - a form post must carry `_csrf` equal to the session's token, or, before login, to the
//!   `renda_csrf` cookie (double submit: another site can post to us but cannot read or set
//!   our cookie);
//! - an API call made with a session cookie must carry the same token in `X-CSRF-Token`.
//!
//! Handlers then ask for [`CurrentUser`] (a page that needs login) or [`MaybeUser`].

use crate::AppState;
use crate::error::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri, Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use renda_core::ErrorCode;
use renda_store::users::{SESSION_SECONDS, Session};
use std::net::SocketAddr;

pub const SESSION_COOKIE: &str = "renda_session";
pub const CSRF_COOKIE: &str = "renda_csrf";
/// Largest form body accepted: a reply with its attachments (5 files of at most 10 MB).
const FORM_LIMIT: usize = 52 * 1024 * 1024;

/// The session of the request, if logged in. Put in the extensions by [`session_layer`].
#[derive(Clone, Debug)]
pub struct Auth(pub Option<Session>);

/// The client's address, for login throttling.
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

/// Reads one cookie from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value with our attributes: HttpOnly, SameSite=Lax, and Secure behind TLS.
pub fn set_cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let v = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static("renda_invalid=1"))
}

pub fn session_cookie(state: &AppState, token: &str) -> HeaderValue {
    set_cookie(state, SESSION_COOKIE, token, SESSION_SECONDS)
}

pub fn clear_session_cookie(state: &AppState) -> HeaderValue {
    set_cookie(state, SESSION_COOKIE, "", 0)
}

fn client_addr(state: &AppState, req: &Request) -> String {
    if state.config.trust_proxy {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|s| s.trim().to_owned());
        if let Some(f) = forwarded.filter(|f| !f.is_empty()) {
            return f;
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |ConnectInfo(a)| a.ip().to_string())
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

fn csrf_rejected(api: bool) -> Response {
    let e = AppError::of(ErrorCode::CsrfRejected);
    if api { e.json().into_response() } else { e.into_response() }
}

/// Loads the session and enforces CSRF on state-changing requests.
pub async fn session_layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let addr = client_addr(&state, &req);
    req.extensions_mut().insert(ClientAddr(addr));
    let session = match cookie(req.headers(), SESSION_COOKIE) {
        Some(token) if !token.is_empty() => match state.store.session(token).await {
            Ok(s) => s,
            Err(e) => return AppError::from(e).into_response(),
        },
        _ => None,
    };
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let path = req.uri().path().to_owned();
    if unsafe_method {
        if is_api(&path) {
            if let Some(s) = &session {
                let sent = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok());
                if sent != Some(s.csrf_token.as_str()) {
                    return csrf_rejected(true);
                }
            }
        } else {
            let expected = match &session {
                Some(s) => Some(s.csrf_token.clone()),
                None => cookie(req.headers(), CSRF_COOKIE).map(str::to_owned),
            };
            let (parts, body) = req.into_parts();
            let bytes = match to_bytes(body, FORM_LIMIT).await {
                Ok(b) => b,
                Err(_) => {
                    return AppError::new(ErrorCode::InvalidInput, "提交的内容过大").into_response();
                }
            };
            let multipart = parts
                .headers
                .get(axum::http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|ct| ct.starts_with("multipart/form-data"));
            let sent = if multipart { multipart_field(&bytes, "_csrf") } else { form_field(&bytes, "_csrf") };
            match (expected, sent) {
                (Some(e), Some(s)) if !e.is_empty() && constant_time_eq(e.as_bytes(), s.as_bytes()) => {}
                _ => return csrf_rejected(false),
            }
            req = Request::from_parts(parts, Body::from(bytes));
        }
    }
    req.extensions_mut().insert(Auth(session));
    next.run(req).await
}

/// The value of one small text field of a multipart body (the CSRF token sits in its own part:
/// `Content-Disposition: form-data; name="_csrf"`, a blank line, the value).
fn multipart_field(body: &[u8], name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\"");
    let at = body.windows(marker.len()).position(|w| w == marker.as_bytes())?;
    let rest = &body[at..];
    let start = rest.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let value = &rest[start..];
    let end = value.windows(2).position(|w| w == b"\r\n")?;
    String::from_utf8(value[..end].to_vec()).ok()
}

/// The value of one field of a urlencoded form body.
fn form_field(body: &[u8], name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A logged-in user, or the request is turned away: pages redirect to the login page, the API
/// answers 401.
#[derive(Clone, Debug)]
pub struct CurrentUser(pub Session);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Inside the nested API router `parts.uri` has lost its `/api/v1` prefix.
        let uri = parts.extensions.get::<OriginalUri>().map_or(&parts.uri, |o| &o.0);
        match parts.extensions.get::<Auth>() {
            Some(Auth(Some(s))) => Ok(CurrentUser(s.clone())),
            _ if is_api(uri.path()) => Err(AppError::of(ErrorCode::Unauthenticated).json().into_response()),
            _ => {
                let next = uri.path_and_query().map_or("/", |p| p.as_str());
                let target = format!("/login?next={}", urlencode(next));
                Err((StatusCode::SEE_OTHER, Redirect::to(&target)).into_response())
            }
        }
    }
}

/// The session if there is one.
#[derive(Clone, Debug)]
pub struct MaybeUser(pub Option<Session>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeUser(parts.extensions.get::<Auth>().and_then(|a| a.0.clone())))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<ClientAddr>().cloned().unwrap_or(ClientAddr("unknown".into())))
    }
}

/// Percent-encodes a path for a `next=` parameter.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Only local paths may be a `next=` target (no open redirects).
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/",
    }
}

/// Adds `Set-Cookie` to a response.
pub fn with_cookie(mut resp: Response, value: HeaderValue) -> Response {
    resp.headers_mut().append(SET_COOKIE, value);
    resp
}
