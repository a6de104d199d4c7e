//! The public read path: what an anonymous reader is served, rendered once and kept.
//!
//! The portal's pages are the same for every reader without a session, so [`layer`] keeps the
//! first rendering of each (with its gzip and brotli forms, its ETag and Last-Modified) and
//! [`fast`], the router's outermost layer, answers the next anonymous requests from memory: no
//! routing, session lookup, query, template or write. The lists those pages are made of (hot
//! lists, neighbours, related documents) are kept as [`Memo`]s under the same rule, for the
//! logged-in pages too. A kept page is rendered again when
//!
//! - this process committed any write since it was rendered ([`renda_store::Store::changes`]:
//!   a publish, an edit, a withdrawal, a like, the site's name),
//! - another process did ([`renda_store::Store::audit_mark`], polled every second by
//!   [`every_second`]), or
//! - it is older than [`FRESH_SECONDS`] (view counts and the hot lists move without an audited
//!   write).
//!
//! A hit on a document's page still notes the reader's view (in memory: `renda_store::views`).
//! Every answer on these addresses says `Vary: Cookie`; the anonymous one is `Cache-Control:
//! public` with a short lifetime, the logged-in one `private, no-store` (the session layer), so
//! a shared cache in front (the nginx of `deploy/`) never hands a member's page to the public.
//! A request with `If-None-Match` (or `If-Modified-Since`) of the kept page gets a 304.
//!
//! Memory is bounded: at most [`MAX_ENTRIES`] pages and [`MAX_BYTES`] bytes in all; when either
//! would be passed the cache starts afresh.

use crate::AppState;
use crate::auth::{SESSION_COOKIE, cookie};
use crate::pages::portal::Card;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH,
    LAST_MODIFIED, SET_COOKIE, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use renda_store::documents::DocumentRow;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

/// A kept page is rendered again after this many seconds (views and hot lists).
pub const FRESH_SECONDS: i64 = 30;
/// What a shared cache in front may keep an anonymous page for, in seconds.
const SHARED_MAX_AGE: &str = "public, max-age=10";
/// Pages kept at most.
pub const MAX_ENTRIES: usize = 4096;
/// Bytes kept at most (bodies with their compressed forms).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// A page larger than this is not kept.
const MAX_PAGE: usize = 2 * 1024 * 1024;

/// The kept pages of this process, and the lists their pages are made of.
#[derive(Debug, Default)]
pub struct PageCache {
    entries: RwLock<HashMap<String, Arc<Entry>>>,
    bytes: AtomicUsize,
    /// The newest audit entry any process wrote, as last polled.
    mark: AtomicI64,
    /// The portal's hot lists, by reader's filter and period.
    pub(crate) hot: Memo<Vec<(DocumentRow, i64)>>,
    /// A document's previous and next in its kind, by document and reader's filter.
    pub(crate) neighbours: Memo<(Option<DocumentRow>, Option<DocumentRow>)>,
    /// A document's related documents, by document and reader.
    pub(crate) related: Memo<Vec<Card>>,
}

/// When a value was computed: it is kept while no process has written since and it is younger
/// than [`FRESH_SECONDS`] (the rule of the kept pages).
#[derive(Clone, Copy, Debug)]
struct Made {
    at: i64,
    changes: u64,
    mark: i64,
}

impl Made {
    fn fresh(&self, changes: u64, mark: i64, now: i64) -> bool {
        self.changes == changes && self.mark == mark && now - self.at < FRESH_SECONDS && now >= self.at
    }
}

/// Values the portal's pages are made of (hot lists, neighbours, related documents), computed
/// once and kept under the same rule as the pages: anew after any write, by this process or
/// another, or after [`FRESH_SECONDS`]. The logged-in pages, which are rendered per request,
/// share them. At most [`MAX_ENTRIES`] values; when full it starts afresh.
#[derive(Debug)]
pub struct Memo<V> {
    entries: RwLock<HashMap<String, (Made, V)>>,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Self { entries: RwLock::default() }
    }
}

impl<V: Clone> Memo<V> {
    /// The value kept under `key`, else `make`'s (kept when it succeeds).
    pub async fn get_or<E, F: Future<Output = Result<V, E>>>(
        &self,
        state: &AppState,
        key: String,
        make: impl FnOnce() -> F,
    ) -> Result<V, E> {
        let made = Made { at: state.now().as_second(), changes: state.store.changes(), mark: state.pages.mark() };
        {
            let entries = self.entries.read().unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some((m, v)) = entries.get(&key)
                && m.fresh(made.changes, made.mark, made.at)
            {
                return Ok(v.clone());
            }
        }
        let value = make().await?;
        let mut entries = self.entries.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, (made, value.clone()));
        Ok(value)
    }
}

/// One kept page.
#[derive(Debug)]
struct Entry {
    body: Bytes,
    gzip: Bytes,
    br: Bytes,
    content_type: HeaderValue,
    etag: HeaderValue,
    last_modified: HeaderValue,
    /// When its rendering began: the clock's second, the store's write count, the audit mark.
    made: Made,
    /// The document whose page this is: a hit notes a view.
    document: Option<i64>,
}

impl Entry {
    fn size(&self) -> usize {
        self.body.len() + self.gzip.len() + self.br.len()
    }

    fn not_modified(&self, headers: &HeaderMap) -> bool {
        if let Some(tags) = headers.get(IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
            let mine = self.etag.to_str().unwrap_or_default();
            return tags.split(',').map(str::trim).any(|t| t == mine || t == "*" || t.strip_prefix("W/") == Some(mine));
        }
        let since = headers.get(IF_MODIFIED_SINCE).and_then(|v| v.to_str().ok()).and_then(parse_http_date);
        since.is_some_and(|s| s >= self.made.at)
    }

    /// The answer to one request: 304, or the body in the best encoding the client accepts.
    fn respond(&self, headers: &HeaderMap) -> Response {
        let mut resp = if self.not_modified(headers) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let accept = headers.get(ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
            let (body, encoding) = if accepts(accept, "br") {
                (self.br.clone(), Some("br"))
            } else if accepts(accept, "gzip") {
                (self.gzip.clone(), Some("gzip"))
            } else {
                (self.body.clone(), None)
            };
            let mut resp = Response::new(Body::from(body));
            resp.headers_mut().insert(CONTENT_TYPE, self.content_type.clone());
            if let Some(e) = encoding {
                resp.headers_mut().insert(CONTENT_ENCODING, HeaderValue::from_static(e));
            }
            resp
        };
        let h = resp.headers_mut();
        h.insert(ETAG, self.etag.clone());
        h.insert(LAST_MODIFIED, self.last_modified.clone());
        h.insert(CACHE_CONTROL, HeaderValue::from_static(SHARED_MAX_AGE));
        h.insert(VARY, HeaderValue::from_static("Cookie, Accept-Encoding"));
        resp
    }
}

/// Whether an `Accept-Encoding` value accepts `coding` (not with `q=0`).
pub(crate) fn accepts(accept: &str, coding: &str) -> bool {
    accept.split(',').any(|part| {
        let mut it = part.split(';').map(str::trim);
        it.next() == Some(coding)
            && it.filter_map(|p| p.strip_prefix("q=")).all(|q| q.parse::<f32>().is_ok_and(|q| q > 0.0))
    })
}

fn parse_http_date(s: &str) -> Option<i64> {
    jiff::fmt::rfc2822::parse(s).ok().map(|z| z.timestamp().as_second())
}

fn http_date(second: i64) -> HeaderValue {
    let text = jiff::Timestamp::from_second(second)
        .ok()
        .and_then(|t| jiff::fmt::rfc2822::DateTimePrinter::new().timestamp_to_rfc9110_string(&t).ok())
        .unwrap_or_default();
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"))
}

impl PageCache {
    fn get(&self, key: &str, changes: u64, now: i64) -> Option<Arc<Entry>> {
        let mark = self.mark.load(Ordering::Acquire);
        let entries = self.entries.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.get(key).filter(|e| e.made.fresh(changes, mark, now)).cloned()
    }

    fn put(&self, key: String, entry: Arc<Entry>) {
        let mut entries = self.entries.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        let size = entry.size();
        if entries.len() >= MAX_ENTRIES || self.bytes.load(Ordering::Acquire) + size > MAX_BYTES {
            entries.clear();
            self.bytes.store(0, Ordering::Release);
        }
        if let Some(old) = entries.insert(key, entry) {
            self.bytes.fetch_sub(old.size(), Ordering::AcqRel);
        }
        self.bytes.fetch_add(size, Ordering::AcqRel);
    }

    /// Pages kept and their bytes (with their compressed forms).
    pub fn usage(&self) -> (usize, usize) {
        (
            self.entries.read().unwrap_or_else(std::sync::PoisonError::into_inner).len(),
            self.bytes.load(Ordering::Acquire),
        )
    }

    /// The audit mark last polled.
    pub fn mark(&self) -> i64 {
        self.mark.load(Ordering::Acquire)
    }

    /// Records the audit mark polled from the database: pages rendered before another process
    /// wrote are stale.
    pub fn set_mark(&self, mark: i64) {
        self.mark.store(mark, Ordering::Release);
    }
}

/// The anonymous pages that are kept: the portal's reading pages. A query string is kept only
/// when it is a page number.
fn kept_address(path: &str, query: Option<&str>) -> bool {
    let page =
        |q: &str| q.split('&').all(|p| p.strip_prefix("page=").is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())));
    if query.is_some_and(|q| !page(q)) {
        return false;
    }
    matches!(path, "/portal" | "/portal/oversight" | "/portal/deputies" | "/portal/receptions")
        || path.strip_prefix("/portal/k/").is_some_and(|k| !k.contains('/'))
        || path.strip_prefix("/portal/feeds/").is_some_and(|f| !f.contains('/'))
        || document_of(path).is_some()
}

/// The document of a `/portal/docs/{id}` address.
fn document_of(path: &str) -> Option<i64> {
    path.strip_prefix("/portal/docs/").and_then(|id| id.parse().ok())
}

/// Whether this address serves the public a page that may differ once logged in.
fn public_address(path: &str) -> bool {
    path == "/portal" || path.starts_with("/portal/")
}

/// The kept page for an anonymous GET or HEAD, while it is fresh.
fn kept_entry(state: &AppState, req: &Request) -> Option<Arc<Entry>> {
    if !matches!(*req.method(), Method::GET | Method::HEAD)
        || !cookie(req.headers(), SESSION_COOKIE).is_none_or(str::is_empty)
        || !kept_address(req.uri().path(), req.uri().query())
    {
        return None;
    }
    let key = req.uri().path_and_query().map_or(req.uri().path(), |p| p.as_str());
    state.pages.get(key, state.store.changes(), state.now().as_second())
}

/// Answers anonymous requests for kept pages from memory, before any other layer of the router
/// ([`crate::router`] puts it outermost), with the headers every page carries
/// (`SECURITY_HEADERS` in `lib.rs`); everything else goes on to the router.
pub async fn fast(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(entry) = kept_entry(&state, &req) else {
        return next.run(req).await;
    };
    if let Some(document) = entry.document {
        let addr = crate::auth::client_addr(&state, &req);
        note_view(&state, req.headers(), &addr, document).await;
    }
    let mut resp = entry.respond(req.headers());
    for (name, value) in crate::SECURITY_HEADERS {
        resp.headers_mut().insert(name, HeaderValue::from_static(value));
    }
    resp
}

/// Keeps what anonymous readers are served on the kept addresses (their next requests are
/// answered by [`fast`]) and marks every portal answer `Vary: Cookie`. See the module
/// documentation.
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let anonymous = cookie(req.headers(), SESSION_COOKIE).is_none_or(str::is_empty);
    let kept =
        matches!(*req.method(), Method::GET | Method::HEAD) && anonymous && kept_address(&path, req.uri().query());
    if !kept {
        let mut resp = next.run(req).await;
        if public_address(&path) {
            resp.headers_mut().insert(VARY, HeaderValue::from_static("Cookie"));
        }
        return resp;
    }
    let key = req.uri().path_and_query().map_or_else(|| path.clone(), |p| p.as_str().to_owned());
    let now = state.now().as_second();
    let changes = state.store.changes();
    let headers = req.headers().clone();
    let mark = state.pages.mark.load(Ordering::Acquire);
    // A HEAD is answered without a body: only a GET's rendering is kept.
    let head = req.method() == Method::HEAD;
    let resp = next.run(req).await;
    if head {
        return resp;
    }
    let html_or_feed = resp
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html") || t.contains("xml"));
    if resp.status() != StatusCode::OK || resp.headers().contains_key(SET_COOKIE) || !html_or_feed {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let Ok(body) = to_bytes(body, MAX_PAGE).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let content_type = parts.headers.get(CONTENT_TYPE).cloned().unwrap_or(HeaderValue::from_static("text/html"));
    let entry = Arc::new(Entry {
        gzip: gzip(&body),
        br: brotli(&body),
        etag: etag(&body),
        body,
        content_type,
        last_modified: http_date(now),
        made: Made { at: now, changes, mark },
        document: document_of(&path),
    });
    state.pages.put(key, entry.clone());
    entry.respond(&headers)
}

/// A hit on a document's page counts as a read, as the page's handler would count it.
async fn note_view(state: &AppState, headers: &HeaderMap, addr: &str, document: i64) {
    if let Ok(key) = crate::pages::portal::reader_key(state, headers, addr, None).await {
        state.store.note_view(renda_store::documents::DocumentId(document), &key, state.today());
    }
}

fn etag(body: &[u8]) -> HeaderValue {
    let hash = Sha256::digest(body);
    HeaderValue::from_str(&format!("\"{}\"", &hex::encode(hash)[..20])).unwrap_or(HeaderValue::from_static("\"\""))
}

/// gzip at the default level, as precompressed once per rendering.
pub fn gzip(body: &[u8]) -> Bytes {
    let mut e = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), flate2::Compression::default());
    let _ = e.write_all(body);
    e.finish().map(Bytes::from).unwrap_or_default()
}

/// brotli at quality 6 (quick, yet smaller than gzip).
pub fn brotli(body: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(body.len() / 3);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 6, 22);
        let _ = w.write_all(body);
    }
    Bytes::from(out)
}

/// The public read path's work off the request path, once a second: the views noted in memory
/// are written ([`renda_store::Store::flush_views`]) and the audit mark is polled, so pages kept
/// before another process wrote are rendered again.
pub async fn every_second(state: &AppState) {
    if let Err(e) = state.store.flush_views().await {
        tracing::warn!(error = %e, "views flush");
    }
    match state.store.audit_mark().await {
        Ok(mark) => state.pages.set_mark(mark),
        Err(e) => tracing::warn!(error = %e, "audit mark"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_portal_reading_pages_and_their_page_numbers_are_kept() {
        assert!(kept_address("/portal", None));
        assert!(kept_address("/portal/docs/12", None));
        assert!(kept_address("/portal/k/news", Some("page=2")));
        assert!(kept_address("/portal/feeds/news.xml", None));
        assert!(!kept_address("/portal/docs/12", Some("liked=1")), "the page after a like is the reader's own");
        assert!(!kept_address("/portal/search", Some("q=人大")));
        assert!(!kept_address("/portal/docs/12/like", None));
        assert!(!kept_address("/suggestions", None));
        assert!(!kept_address("/portal/k/news", Some("page=2&x=1")));
    }

    #[test]
    fn an_encoding_refused_with_q_zero_is_not_sent() {
        assert!(accepts("gzip, deflate, br", "br"));
        assert!(accepts("gzip;q=0.5", "gzip"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(!accepts("identity", "gzip"));
    }

    #[test]
    fn the_last_modified_date_reads_back() {
        let v = http_date(1_780_000_000);
        assert_eq!(parse_http_date(v.to_str().expect("ascii")), Some(1_780_000_000));
        assert!(v.to_str().expect("ascii").ends_with(" GMT"));
    }
}
