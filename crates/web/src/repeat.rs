//! Repeated submissions at the door: a form sent twice, an API call retried
//! (`renda_core::idempotency` says what a repeat is; `renda_store::idempotency` keeps the keys).
//!
//! [`auth::session_layer`](crate::auth::session_layer) asks [`guard`] about every POST before a
//! handler runs:
//!
//! - a form carrying a genuine `_form` token (every form of every page carries
//!   `ctx.form_token`) is keyed by the token's nonce and what was typed;
//! - an API call carrying `Idempotency-Key` is keyed by it (a bad key is a 422), and the body's
//!   fingerprint must match the first call's (else a 409 saying so).
//!
//! When the key already answered, the kept answer goes back at once — for a form that is the
//! first submission's redirect, so a refresh after sending an opinion shows the same receipt and
//! stores nothing. Otherwise the handler runs inside `renda_store::idempotency::guarded`, its
//! first committed write takes the key in the same transaction, and [`finish`] keeps the answer.
//! Keys belong to the user, or to the anonymous reader key of the address and browser.

use crate::AppState;
use crate::error::AppError;
use axum::body::{Body, Bytes, to_bytes};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use renda_core::idempotency::{self as rules, Repeat, Scope};
use renda_store::idempotency::{Answer, Claim};
use renda_store::users::Session;
use std::sync::Arc;

/// Replayed answers say so.
const REPLAYED: &str = "idempotent-replayed";
/// Answers larger than this are not kept (a repeat then gets "in progress"): pages are far
/// smaller, redirects and API answers tiny.
const KEEP_LIMIT: usize = 4 * 1024 * 1024;

/// What the layer does with a POST.
pub enum Guard {
    /// A repeat: this is the first request's answer (or why there is none).
    Answer(Response),
    /// Run the handler, guarded by the claim if there is one.
    Run(Option<Arc<Claim>>),
}

/// What [`guard`] needs to know of the request.
pub struct Asked<'a> {
    pub session: Option<&'a Session>,
    pub headers: &'a HeaderMap,
    pub addr: &'a str,
    pub path: &'a str,
    pub api: bool,
}

/// Decides about one POST whose body has been read (`fields`: the form's or the API body's
/// parts as name and bytes).
pub async fn guard(state: &AppState, asked: &Asked<'_>, body: &Bytes, multipart: bool) -> Guard {
    match key_of(state, asked, body, multipart).await {
        Ok(None) => Guard::Run(None),
        Ok(Some(claim)) => match state.store.kept_answer(&claim.scope, &claim.key).await {
            Ok(None) => Guard::Run(Some(claim)),
            Ok(Some(kept)) if kept.fingerprint != claim.fingerprint => Guard::Answer(refusal(Repeat::Mismatch)),
            Ok(Some(kept)) => Guard::Answer(match kept.answer {
                Some(a) => replay(a),
                None => refusal(Repeat::InProgress),
            }),
            Err(e) => Guard::Answer(AppError::from(e).into_response()),
        },
        Err(e) => Guard::Answer(e.into_response()),
    }
}

/// The claim of a request, if it carries a key.
async fn key_of(
    state: &AppState,
    asked: &Asked<'_>,
    body: &Bytes,
    multipart: bool,
) -> Result<Option<Arc<Claim>>, AppError> {
    let method = "POST";
    let (key, fingerprint) = if asked.api {
        let Some(raw) = asked.headers.get("idempotency-key") else { return Ok(None) };
        let raw = raw.to_str().map_err(|_| AppError::from(bad_key()))?;
        let key = rules::check_key(raw)?.to_owned();
        (key, rules::fingerprint(method, asked.path, [("body", body.as_ref())]))
    } else {
        let fields = form_fields(asked.headers, body, multipart).await;
        let Some(token) =
            fields.iter().find(|(k, _)| k == "_form").map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        else {
            return Ok(None);
        };
        let secret = state.form_secret().await?;
        let Some(nonce) = rules::verify_form_token(&secret, &token, state.now().as_second()) else {
            // Forged, altered or a day old: the form goes through unguarded; what was typed is
            // never refused for the page's age.
            return Ok(None);
        };
        let fp = rules::fingerprint(method, asked.path, fields.iter().map(|(k, v)| (k.as_str(), v.as_slice())));
        (rules::form_key(nonce, &fp), fp)
    };
    let scope = match asked.session {
        Some(s) => Scope::User(s.user.id.0),
        None => Scope::Reader(crate::pages::portal::reader_key(state, asked.headers, asked.addr, None).await?),
    };
    Ok(Some(Claim::new(scope.as_key(), key, fingerprint)))
}

fn bad_key() -> renda_core::ValidationError {
    rules::check_key("").expect_err("an empty key is refused")
}

/// A form's fields as sent, files as their names and contents (a file sent again is the same
/// file whatever boundary the browser drew).
async fn form_fields(headers: &HeaderMap, body: &Bytes, multipart: bool) -> Vec<(String, Vec<u8>)> {
    if !multipart {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
        return pairs.into_iter().map(|(k, v)| (k, v.into_bytes())).collect();
    }
    let ct = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    match crate::extract::read_multipart(ct, body.clone()).await {
        Ok((pairs, files)) => pairs
            .into_iter()
            .map(|(k, v)| (k, v.into_bytes()))
            .chain(files.into_iter().map(|f| (format!("file:{}", f.filename), f.bytes)))
            .collect(),
        // Unreadable: the handler refuses it; nothing to guard.
        Err(_) => Vec::new(),
    }
}

/// After the handler: keeps the answer of a request whose write took the key, and answers a
/// copy that lost the race with the first one's answer.
pub async fn finish(state: &AppState, claim: Option<Arc<Claim>>, resp: Response) -> Response {
    let Some(claim) = claim else { return resp };
    if claim.repeated() {
        return match state.store.kept_answer(&claim.scope, &claim.key).await {
            Ok(Some(kept)) => match kept.answer {
                Some(a) => replay(a),
                None => refusal(Repeat::InProgress),
            },
            _ => refusal(Repeat::InProgress),
        };
    }
    if !claim.taken() {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let Ok(bytes) = to_bytes(body, KEEP_LIMIT).await else {
        tracing::warn!(key = %claim.key, "an answer too large to keep for repeats");
        return AppError::of(renda_core::ErrorCode::Internal).into_response();
    };
    let header = |name| parts.headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_owned);
    let answer = Answer {
        status: parts.status.as_u16(),
        location: header(LOCATION),
        content_type: header(CONTENT_TYPE),
        body: bytes.to_vec(),
    };
    if let Err(e) = state.store.keep_answer(&claim.scope, &claim.key, &answer).await {
        // The write stands; a repeat will be told it is in progress.
        tracing::warn!(error = ?e, "keeping an answer for repeats");
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The first request's answer, again.
fn replay(a: Answer) -> Response {
    let mut resp = Response::new(Body::from(a.body));
    *resp.status_mut() = StatusCode::from_u16(a.status).unwrap_or(StatusCode::OK);
    let headers = resp.headers_mut();
    for (name, value) in [(LOCATION, a.location), (CONTENT_TYPE, a.content_type)] {
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            headers.insert(name, v);
        }
    }
    headers.insert(REPLAYED, HeaderValue::from_static("true"));
    resp
}

fn refusal(r: Repeat) -> Response {
    AppError::new(r.code(), r.message()).into_response()
}
