//! Sessions, CSRF and who is asking.
//!
//! `session_layer` runs on every request: it finds the session behind the `renda_session`
//! cookie and puts it in the request's extensions, then checks the CSRF token of every
//! state-changing request before any handler sees it — so no form can forget the check:
//!
//! - a form post must carry `_csrf` equal to the session's token, or, before login, to the
//!   `renda_csrf` cookie (double submit: another site can post to us but cannot read or set
//!   our cookie) — or, before login, a genuine signed form token (`_form`, which every page's
//!   forms carry) from a request the browser does not mark as cross-site: public pages are
//!   cached and shared by every anonymous reader, so their forms cannot carry a token of the
//!   reader's own, and an anonymous post carries no authority another site could borrow;
//! - an API call made with a session cookie must carry the same token in `X-CSRF-Token`.
//!
//! Handlers then ask for [`CurrentUser`] (a page that needs login) or [`MaybeUser`].

use crate::AppState;
use crate::echo;
use crate::error::AppError;
use crate::repeat::{self, Asked, Guard};
use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri, Request, State};
use axum::http::header::{CACHE_CONTROL, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use renda_core::ErrorCode;
use renda_store::users::{SESSION_SECONDS, Session};
use std::net::SocketAddr;
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "renda_session";
pub const CSRF_COOKIE: &str = "renda_csrf";
/// Largest body of a form without files, and of an API call: 1 MiB (a suggestion's text is at
/// most a few ten thousand characters).
pub const FORM_LIMIT: usize = 1024 * 1024;
/// Largest body of a form with files (`multipart/form-data`): five attachments of at most
/// 10 MB each, and the form around them.
pub const UPLOAD_LIMIT: usize = 52 * 1024 * 1024;
/// Bodies over [`FORM_LIMIT`] held in memory at once, across the process; more wait up to 5 s,
/// then are answered 503. So large uploads cannot take more than ~8 × 52 MB together.
const LARGE_BODIES: usize = 8;

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

/// The client's address: the connection's, or behind a trusted proxy the last address in
/// `X-Forwarded-For` (the one the proxy itself added; earlier ones are whatever the client
/// claimed, and would let it pick its own throttle and reader key).
pub(crate) fn client_addr(state: &AppState, req: &Request) -> String {
    if from_trusted_proxy(state, req) {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|s| s.trim().to_owned());
        if let Some(f) = forwarded.filter(|f| !f.is_empty()) {
            return f;
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |ConnectInfo(a)| a.ip().to_string())
}

/// Whether the request came through a proxy whose forwarding headers we believe: proxying is
/// on and the connection is from one of the configured proxies (loopback when none is named).
fn from_trusted_proxy(state: &AppState, req: &Request) -> bool {
    if !state.config.trust_proxy {
        return false;
    }
    let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>() else { return false };
    let ip = peer.ip().to_canonical();
    if state.config.proxies.is_empty() { ip.is_loopback() } else { state.config.proxies.contains(&ip) }
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

fn csrf_rejected() -> Response {
    AppError::of(ErrorCode::CsrfRejected).into_response()
}

/// Loads the session, enforces CSRF on state-changing requests, bounds request bodies, and sets
/// the headers that depend on who asks.
///
/// A body is refused before it is read when its declared length is over its limit
/// ([`FORM_LIMIT`], or [`UPLOAD_LIMIT`] for a form with files), and a form post without any
/// token to compare against (no session and no `renda_csrf` cookie) is refused before its body is
/// read. A body read here is bounded by its limit as it streams; at most [`LARGE_BODIES`] large
/// ones are held at once.
pub async fn session_layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let addr = client_addr(&state, &req);
    let https = forwarded_https(&state, &req);
    req.extensions_mut().insert(ClientAddr(addr.clone()));
    // Pages sign their forms' tokens with it (`Ctx::new` is synchronous).
    if let Err(e) = state.form_secret().await {
        return AppError::from(e).into_response();
    }
    // The platform's name and demo mark, for every page this request renders.
    if let Err(e) = state.refresh_site().await {
        return AppError::from(e).into_response();
    }
    let mut claim = None;
    // A form's body as posted, for `echo` should the handler refuse it.
    let mut form_body = None;
    let session = match cookie(req.headers(), SESSION_COOKIE) {
        Some(token) if !token.is_empty() => match state.store.session(token).await {
            Ok(s) => s,
            Err(e) => return AppError::from(e).into_response(),
        },
        _ => None,
    };
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let path = req.uri().path().to_owned();
    let api = is_api(&path);
    // An account given a one-time password sets its own before anything else.
    if session.as_ref().is_some_and(|s| s.must_change_password) && !may_pass_before_password_change(&path) {
        if api {
            return AppError::new(
                ErrorCode::Forbidden,
                "请先修改初始密码（网页“修改密码”，或 POST /api/v1/account/password），然后再使用本账号。",
            )
            .into_response();
        }
        return axum::response::Redirect::to("/account/password?notice=must_change_password").into_response();
    }
    let multipart = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("multipart/form-data"));
    let limit = if multipart { UPLOAD_LIMIT } else { FORM_LIMIT };
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return AppError::of(ErrorCode::PayloadTooLarge).into_response();
    }
    let mut _large_permit = None;
    if unsafe_method {
        if api {
            if multipart && declared.is_none_or(|n| n > FORM_LIMIT as u64) {
                // Files in an API call count with the pages' uploads.
                match large_body_permit().await {
                    Some(p) => _large_permit = Some(p),
                    None => return AppError::of(ErrorCode::Busy).into_response(),
                }
            }
            if let Some(s) = &session {
                let sent = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok());
                if sent != Some(s.csrf_token.as_str()) {
                    return csrf_rejected();
                }
            } else if cross_site(req.headers()) {
                // Without a session (a citizen's opinion, a like) a browser on another site
                // could still post for its visitor: a browser says where it comes from, a
                // mini-program or another system does not.
                return csrf_rejected();
            }
            if req.headers().contains_key("idempotency-key") {
                // A retried API call: its body is part of what makes it the same call.
                let (parts, body) = req.into_parts();
                let bytes = match to_bytes(body, limit).await {
                    Ok(b) => b,
                    Err(_) => return AppError::of(ErrorCode::PayloadTooLarge).into_response(),
                };
                let asked = Asked { session: session.as_ref(), headers: &parts.headers, addr: &addr, path: &path, api };
                match repeat::guard(&state, &asked, &bytes, false).await {
                    Guard::Answer(resp) => return resp,
                    Guard::Run(c) => claim = c,
                }
                req = Request::from_parts(parts, Body::from(bytes));
            }
        } else {
            let expected = match &session {
                Some(s) => Some(s.csrf_token.clone()),
                None => cookie(req.headers(), CSRF_COOKIE).map(str::to_owned),
            }
            .filter(|e| !e.is_empty());
            // Before login a signed form token may stand for the cookie, from this site only.
            let by_form_token = session.is_none() && !cross_site(req.headers());
            // Nothing to compare with: refused before a byte of the body is read.
            if expected.is_none() && !by_form_token {
                return csrf_rejected();
            }
            if declared.is_none_or(|n| n > FORM_LIMIT as u64) {
                match large_body_permit().await {
                    Some(p) => _large_permit = Some(p),
                    None => return AppError::of(ErrorCode::Busy).into_response(),
                }
            }
            let (parts, body) = req.into_parts();
            let bytes = match to_bytes(body, limit).await {
                Ok(b) => b,
                Err(_) => return AppError::of(ErrorCode::PayloadTooLarge).into_response(),
            };
            let field = |name| if multipart { multipart_field(&bytes, name) } else { form_field(&bytes, name) };
            let by_cookie = match (&expected, field("_csrf")) {
                (Some(e), Some(sent)) => constant_time_eq(e.as_bytes(), sent.as_bytes()),
                _ => false,
            };
            let accepted = by_cookie || (by_form_token && genuine_form_token(&state, field("_form")).await);
            if !accepted {
                return csrf_rejected();
            }
            let asked = Asked { session: session.as_ref(), headers: &parts.headers, addr: &addr, path: &path, api };
            match repeat::guard(&state, &asked, &bytes, multipart).await {
                Guard::Answer(resp) => return resp,
                Guard::Run(c) => claim = c,
            }
            form_body = Some((bytes.clone(), parts.headers.get(axum::http::header::CONTENT_TYPE).cloned()));
            req = Request::from_parts(parts, Body::from(bytes));
        }
    }
    if api || !unsafe_method {
        // Read later by the handler's extractor, which stops at the limit (413 in Chinese).
        let (parts, body) = req.into_parts();
        req = Request::from_parts(parts, Body::new(http_body_util::Limited::new(body, limit)));
    }
    let logged_in = session.is_some();
    req.extensions_mut().insert(Auth(session));
    let mut resp = match claim {
        Some(c) => {
            let resp = renda_store::idempotency::guarded(Arc::clone(&c), next.run(req)).await;
            repeat::finish(&state, Some(c), resp).await
        }
        None => next.run(req).await,
    };
    if let Some((bytes, content_type)) = form_body
        && resp.extensions().get::<echo::Refusal>().is_some()
    {
        let ct = content_type.as_ref().and_then(|v| v.to_str().ok()).unwrap_or("");
        let pairs = if multipart {
            crate::extract::read_multipart(ct, bytes).await.map(|(p, _)| p).unwrap_or_default()
        } else {
            serde_urlencoded::from_bytes(&bytes).unwrap_or_default()
        };
        resp.extensions_mut().insert(echo::Posted { pairs });
    }
    let headers = resp.headers_mut();
    if logged_in && !headers.contains_key(CACHE_CONTROL) {
        // What a logged-in user sees is theirs: no shared or back-button cache keeps it.
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
    if https {
        secure_cookies(headers);
    }
    resp
}

/// Whether the browser says the request comes from another site: `Sec-Fetch-Site` other than
/// same-origin (or none, typed by the user), or an `Origin` whose host is not this request's.
fn cross_site(headers: &HeaderMap) -> bool {
    let text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    if text("sec-fetch-site").is_some_and(|v| !matches!(v, "same-origin" | "none")) {
        return true;
    }
    match (text("origin"), text("host")) {
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, h)| h) != Some(host),
        (Some(_), None) => true,
        _ => false,
    }
}

/// Whether `token` is a form token this server signed and that has not expired.
async fn genuine_form_token(state: &AppState, token: Option<String>) -> bool {
    let (Some(token), Ok(secret)) = (token, state.form_secret().await) else { return false };
    renda_core::idempotency::verify_form_token(&secret, &token, state.now().as_second()).is_some()
}

/// What an account that must change its one-time password may still reach: the password page,
/// logging out, the stylesheet and icons, and the health check.
fn may_pass_before_password_change(path: &str) -> bool {
    matches!(path, "/account/password" | "/logout" | "/healthz" | "/api/v1/account/password" | "/api/v1/logout")
        || path.starts_with("/assets/")
}

/// One of the [`LARGE_BODIES`] permits, waiting at most 5 s.
async fn large_body_permit() -> Option<tokio::sync::OwnedSemaphorePermit> {
    static PERMITS: std::sync::OnceLock<std::sync::Arc<tokio::sync::Semaphore>> = std::sync::OnceLock::new();
    let sem = PERMITS.get_or_init(|| std::sync::Arc::new(tokio::sync::Semaphore::new(LARGE_BODIES))).clone();
    tokio::time::timeout(std::time::Duration::from_secs(5), sem.acquire_owned()).await.ok()?.ok()
}

/// Whether the browser reached us over HTTPS: renda's own setting, or a trusted proxy's
/// `X-Forwarded-Proto: https`.
fn forwarded_https(state: &AppState, req: &Request) -> bool {
    from_trusted_proxy(state, req)
        && req
            .headers()
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

/// Adds `Secure` to every cookie the response sets that lacks it.
fn secure_cookies(headers: &mut HeaderMap) {
    let cookies: Vec<HeaderValue> = headers.get_all(SET_COOKIE).iter().cloned().collect();
    if cookies.is_empty() {
        return;
    }
    headers.remove(SET_COOKIE);
    for c in cookies {
        let secured = match c.to_str() {
            Ok(text) if !text.contains("; Secure") => {
                HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or_else(|_| c.clone())
            }
            _ => c,
        };
        headers.append(SET_COOKIE, secured);
    }
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
            _ if is_api(uri.path()) => Err(AppError::of(ErrorCode::Unauthenticated).into_response()),
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

/// Only a path on this site may be a `next=` target (no open redirects), otherwise `/`.
///
/// The target must parse as a URI path (with its query) and hold printable ASCII only: browsers
/// drop tabs and newlines from a `Location` (so `/\t/evil.example/` became `//evil.example/`,
/// another site), read `\` as `/`, and treat a leading `//` as another host; a newline also
/// cannot go into a header at all. Paths the app builds for `next=` are percent-encoded by
/// [`urlencode`], so a legitimate target never needs anything else.
pub fn safe_next(next: Option<&str>) -> &str {
    let Some(n) = next else { return "/" };
    let printable = n.bytes().all(|b| (0x21..=0x7e).contains(&b)) && !n.contains('\\');
    if !printable || !n.starts_with('/') || n.starts_with("//") {
        return "/";
    }
    match n.parse::<axum::http::uri::PathAndQuery>() {
        Ok(pq) if pq.as_str() == n && !pq.path().starts_with("//") => n,
        _ => "/",
    }
}

/// Adds `Set-Cookie` to a response.
pub fn with_cookie(mut resp: Response, value: HeaderValue) -> Response {
    resp.headers_mut().append(SET_COOKIE, value);
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_next_target_is_a_path_on_this_site_or_the_home_page() {
        assert_eq!(safe_next(Some("/suggestions?page=2")), "/suggestions?page=2");
        assert_eq!(safe_next(Some("/portal/search?q=%E4%BB%A3%E8%A1%A8")), "/portal/search?q=%E4%BB%A3%E8%A1%A8");
        for bad in [
            "/\t/evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "/ok\r\nSet-Cookie: x=1",
            "/a b",
            "/代表",
            "",
            "evil.example",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
