//! The public portal (人大门户): what a citizen, a deputy on a phone or a journalist reads
//! without working in the platform — news, notices, speeches, reports, decisions, laws and
//! model texts; the most read this week and this month; search; feeds; the deputy directory.
//!
//! A document's title and 导读 are public unless it is a staff document; its text follows
//! `renda_core::document::can_read_text` (a logged-in-users document asks an anonymous
//! reader to log in, as the page the speech was published on did). A view counts once per
//! reader per day, and a like once per reader: a signed-in user by account, anyone else by the
//! anonymous reader key (`renda_core::reader`: a keyed hash of address and browser, rotated
//! daily), so a client that drops its cookies cannot pump the counters.

use super::{Ctx, render};
use crate::AppState;
use crate::auth::{CSRF_COOKIE, ClientAddr, MaybeUser, cookie, set_cookie, with_cookie};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use renda_core::ErrorCode;
use renda_core::document::{self, Block, DocKind, Reader};
use renda_store::Page;
use renda_store::documents::{DocumentDetail, DocumentFilter, DocumentId, DocumentRow};
use renda_store::people::{DeputyFilter, DeputyRow};
use renda_store::users::{Session, random_token};
use serde::Deserialize;

/// A document in a list.
#[derive(Clone, Debug)]
pub struct Card {
    pub id: i64,
    pub title: String,
    pub kind: &'static str,
    pub date: String,
    pub lead: String,
    pub views: i64,
    /// Only the title is open: the text is for logged-in users.
    pub members_only: bool,
    /// Reads in the period of a hot list.
    pub reads: i64,
}

impl Card {
    pub fn of(d: &DocumentRow) -> Card {
        let lead: String = d.lead.chars().take(80).collect();
        Card {
            id: d.id.0,
            title: d.title.clone(),
            kind: d.kind.label(),
            date: d.shown_date(),
            lead: if d.lead.chars().count() > 80 { format!("{lead}…") } else { lead },
            views: d.views,
            members_only: d.visibility == document::Visibility::Users,
            reads: 0,
        }
    }
}

/// The portal's list filter: published documents, twenty a page; the store adds to the open
/// ones what the reader keeps.
pub fn portal_filter() -> DocumentFilter {
    DocumentFilter { published_only: true, per_page: 20, ..Default::default() }
}

fn reader(s: Option<&Session>) -> Reader {
    s.map_or(Reader::Anonymous, |s| Reader::User(s.user.role))
}

/// One kind's latest documents on the home page.
pub struct KindBox {
    pub code: &'static str,
    pub label: &'static str,
    pub cards: Vec<Card>,
}

#[derive(Template)]
#[template(path = "portal_home.html")]
pub struct HomePage {
    pub ctx: Ctx,
    pub featured: Vec<Card>,
    pub boxes: Vec<KindBox>,
    pub week: Vec<Card>,
    pub month: Vec<Card>,
    pub kinds: Vec<(&'static str, &'static str)>,
    /// The next receptions at the liaison stations.
    pub receptions: Vec<renda_store::liaison::stations::ReceptionRow>,
}

pub(crate) fn kinds() -> Vec<(&'static str, &'static str)> {
    DocKind::ALL.iter().map(|k| (k.code(), k.label())).collect()
}

fn hot(list: Vec<(DocumentRow, i64)>) -> Vec<Card> {
    list.into_iter().map(|(d, n)| Card { reads: n, ..Card::of(&d) }).collect()
}

/// The ten documents most read since `since` as this reader may list them, kept a while
/// (`crate::public::Memo`): not counted per request.
async fn most_read(
    state: &AppState,
    reader: &renda_store::Actor,
    base: &DocumentFilter,
    since: jiff::civil::Date,
) -> AppResult<Vec<(DocumentRow, i64)>> {
    let key = format!("{since}:{base:?}:{:?}", reader.role);
    Ok(state.pages.hot.get_or(state, key, || state.store.most_read(reader, base, since, 10)).await?)
}

pub async fn home(State(state): State<AppState>, MaybeUser(s): MaybeUser) -> AppResult<Response> {
    let base = portal_filter();
    let reader = super::reader_actor(s.as_ref());
    let featured = DocumentFilter { featured_only: true, per_page: 4, ..base.clone() };
    let featured = state.store.list_documents(&reader, &featured).await?.items.iter().map(Card::of).collect();
    let mut boxes = Vec::new();
    for kind in DocKind::ALL {
        let f = DocumentFilter { kinds: vec![kind], per_page: 6, ..base.clone() };
        let cards: Vec<Card> = state.store.list_documents(&reader, &f).await?.items.iter().map(Card::of).collect();
        if !cards.is_empty() {
            boxes.push(KindBox { code: kind.code(), label: kind.label(), cards });
        }
    }
    let today = state.today();
    let week = hot(most_read(&state, &reader, &base, today - jiff::Span::new().days(6)).await?);
    let month = hot(most_read(&state, &reader, &base, today - jiff::Span::new().days(29)).await?);
    render(&HomePage {
        ctx: Ctx::new(&state, s.as_ref(), "人大门户", "/portal"),
        featured,
        boxes,
        week,
        month,
        kinds: kinds(),
        receptions: state.store.upcoming_receptions(None, today, 5).await?,
    })
}

#[derive(Template)]
#[template(path = "portal_list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub code: String,
    pub label: String,
    pub year: String,
    pub cards: Vec<Card>,
    pub page: Page<()>,
    pub prev_link: String,
    pub next_link: String,
    pub kinds: Vec<(&'static str, &'static str)>,
}

#[derive(Deserialize)]
pub struct ListQuery {
    pub page: Option<i64>,
    pub year: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let kind = DocKind::from_code(&code).ok_or(AppError::of(ErrorCode::NotFound))?;
    let year = q.year.as_deref().map(str::trim).filter(|y| !y.is_empty()).and_then(|y| y.parse::<i32>().ok());
    let f = DocumentFilter { kinds: vec![kind], year, page: q.page.unwrap_or(1).max(1) - 1, ..portal_filter() };
    let page = state.store.list_documents(&super::reader_actor(s.as_ref()), &f).await?;
    let y = year.map(|y| format!("&year={y}")).unwrap_or_default();
    render(&ListPage {
        ctx: Ctx::new(&state, s.as_ref(), kind.label(), "/portal"),
        code: code.clone(),
        label: kind.label().into(),
        year: year.map(|y| y.to_string()).unwrap_or_default(),
        cards: page.items.iter().map(Card::of).collect(),
        prev_link: format!("/portal/k/{code}?page={}{y}", page.page),
        next_link: format!("/portal/k/{code}?page={}{y}", page.page + 2),
        page: Page { items: Vec::new(), total: page.total, page: page.page, per_page: page.per_page },
        kinds: kinds(),
    })
}

/// One block of an article as the template shows it.
#[derive(Clone, Debug)]
pub struct BlockView {
    /// 0 for a paragraph, else the heading level.
    pub level: u8,
    pub text: String,
    /// The article (第十条) a paragraph starts, as its anchor.
    pub anchor: String,
}

pub fn block_views(body: &str) -> Vec<BlockView> {
    document::blocks(body)
        .into_iter()
        .map(|b| match b {
            Block::Heading { level, text } => BlockView { level, text: text.into(), anchor: String::new() },
            Block::Paragraph(text) => BlockView {
                level: 0,
                text: text.into(),
                anchor: renda_office::documents::article_number(text).unwrap_or_default().into(),
            },
        })
        .collect()
}

#[derive(Template)]
#[template(path = "portal_doc.html")]
pub struct DocPage {
    pub ctx: Ctx,
    pub d: DocumentRow,
    pub kind: &'static str,
    pub published: String,
    pub blocks: Vec<BlockView>,
    /// The text is withheld: ask the reader to log in.
    pub login_to_read: bool,
    /// How to get an account (registration or the office's phone).
    pub door: super::register::Door,
    pub related: Vec<Card>,
    pub prev: Option<Card>,
    pub next: Option<Card>,
    pub liked: bool,
    pub csrf: String,
    pub tags: String,
    /// Attachments, for readers of the text: (hash, file name, size in bytes).
    pub files: Vec<(String, String, i64)>,
}

/// The reader views and likes count by: the account of a logged-in user, else the anonymous
/// reader key of this address and browser today (`renda_core::reader`), whatever cookies the
/// client sends.
pub(crate) async fn reader_key(
    state: &AppState,
    headers: &HeaderMap,
    addr: &str,
    s: Option<&Session>,
) -> AppResult<String> {
    if let Some(s) = s {
        return Ok(renda_core::reader::user_key(s.user.id.0));
    }
    let key = state.reader_day_key(state.today()).await?;
    let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    Ok(key.anonymous_key(addr, agent))
}

/// The token a visitor's forms carry (the session's for a signed-in user, else the
/// `renda_csrf` cookie's, made now if the browser has none) and the cookie to set if new.
pub fn visitor_token(headers: &HeaderMap, s: Option<&Session>) -> (String, Option<String>) {
    if let Some(s) = s {
        return (s.csrf_token.clone(), None);
    }
    match cookie(headers, CSRF_COOKIE) {
        Some(c) if c.len() == 64 => (c.to_owned(), None),
        _ => {
            let fresh = random_token();
            (fresh.clone(), Some(fresh))
        }
    }
}

/// Sets the visitor cookie on a response when it was just made.
pub fn with_visitor_cookie(state: &AppState, resp: Response, fresh: Option<String>) -> AppResult<Response> {
    Ok(match fresh {
        Some(token) => with_cookie(resp, set_cookie(state, CSRF_COOKIE, &token, 86_400)),
        None => resp,
    })
}

/// A QR code of `url` as an SVG response.
pub fn svg_response(url: &str) -> AppResult<Response> {
    let svg = crate::qr::svg(url).map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml; charset=utf-8"))], svg).into_response())
}

/// Whether the reader is staff (or the admin) of this congress or of one above it: they see its
/// drafts and staff documents.
pub async fn works_for(state: &AppState, s: Option<&Session>, congress: renda_core::ids::OrgId) -> AppResult<bool> {
    Ok(state.store.listable_congresses(&super::reader_actor(s)).await?.contains(&congress))
}

/// The document if this reader may know it exists.
pub async fn visible_document(state: &AppState, s: Option<&Session>, id: i64) -> AppResult<DocumentDetail> {
    Ok(state.store.document(&super::reader_actor(s), DocumentId(id)).await?)
}

#[derive(Deserialize)]
pub struct ShowQuery {
    /// Set by the redirect after an anonymous reader's 点赞.
    #[serde(default)]
    pub liked: Option<u8>,
}

/// A document's page. For an anonymous reader it is the same for everyone (the public page
/// cache, [`crate::public`], serves it again to every anonymous reader): its 点赞 form carries
/// the signed form token rather than a token of the reader's own, and "已赞" shows only on the
/// page the like redirects to.
pub async fn show(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> AppResult<Response> {
    let d = visible_document(&state, s.as_ref(), id).await?;
    let may_read = document::can_read_text(d.row.visibility, reader(s.as_ref()), &d.congress_path);
    let key = reader_key(&state, &headers, &addr, s.as_ref()).await?;
    // Noted in memory and written within a second (`renda_store::views`): no write on a read.
    let counted = d.row.published && state.store.note_view(d.row.id, &key, state.today());
    let (csrf, liked) = match &s {
        Some(session) => (session.csrf_token.clone(), state.store.has_liked(d.row.id, &key).await?),
        None => (String::new(), q.liked == Some(1)),
    };
    let filter = portal_filter();
    let reader = super::reader_actor(s.as_ref());
    let key = format!("{}:{filter:?}:{:?}", d.row.id.0, reader.role);
    let (prev, next) = state
        .pages
        .neighbours
        .get_or(&state, key, || state.store.document_neighbours(&reader, &d.row, &filter))
        .await?;
    let key = format!("{}:{:?}", d.row.id.0, s.as_ref().map(|s| s.user.role));
    let related = state
        .pages
        .related
        .get_or(&state, key, || async { Ok::<_, AppError>(related(&state, s.as_ref(), &d).await) })
        .await?;
    let mut row = d.row.clone();
    row.views += i64::from(counted); // this view, without reading the document again
    let files = if may_read { state.store.document_files(d.row.id).await? } else { Vec::new() };
    let page = DocPage {
        ctx: Ctx::new(&state, s.as_ref(), &d.row.title, "/portal"),
        kind: row.kind.label(),
        published: row.published_text(),
        blocks: if may_read { block_views(&d.body) } else { Vec::new() },
        login_to_read: !may_read,
        door: super::register::Door::of(&state, &format!("/portal/docs/{}", d.row.id.0)),
        related,
        prev: prev.as_ref().map(Card::of),
        next: next.as_ref().map(Card::of),
        liked,
        csrf,
        tags: row.tags.join("、"),
        files,
        d: row,
    };
    render(&page)
}

/// An attachment, for whoever may read the document's text.
pub async fn file(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    Path((id, hash)): Path<(i64, String)>,
) -> AppResult<Response> {
    let d = visible_document(&state, s.as_ref(), id).await?;
    let staff = works_for(&state, s.as_ref(), d.row.congress).await?;
    if !staff && !document::can_read_text(d.row.visibility, reader(s.as_ref()), &d.congress_path) {
        return Err(AppError::new(ErrorCode::Unauthenticated, "请先登录后下载附件"));
    }
    let (name, mime, bytes) = state.store.document_file(d.row.id, &hash).await?;
    Ok(crate::download::file(&name, &mime, bytes))
}

/// Related documents: a more-like-this query over the index, as this reader may see them.
async fn related(state: &AppState, s: Option<&Session>, d: &DocumentDetail) -> Vec<Card> {
    let Some(indexer) = state.search.clone() else {
        return Vec::new();
    };
    let principals = crate::indexer::reader_principals(s.map(|s| s.user.role));
    let key = format!("document:{}", d.row.id.0);
    // Related documents are a garnish: when the search pool is busy the page goes without them.
    let hits = renda_store::workers::Workers::searches()
        .run(move || indexer.index().more_like_this(&key, &principals, 6))
        .await;
    let Ok(Ok(hits)) = hits else {
        return Vec::new();
    };
    let mut cards = Vec::new();
    for h in hits {
        let Some(id) = h.key.strip_prefix("document:").and_then(|i| i.parse::<i64>().ok()) else {
            continue;
        };
        if let Ok(doc) = visible_document(state, s, id).await {
            cards.push(Card::of(&doc.row));
        }
    }
    cards
}

#[derive(Deserialize)]
pub struct LikeForm {
    #[serde(rename = "_csrf")]
    pub _csrf: String,
}

/// 点赞 (the CSRF middleware has checked the token; the form carries nothing else).
pub async fn like(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    like_once(&state, s.as_ref(), &headers, &addr, id).await?;
    let shown = if s.is_some() { format!("/portal/docs/{id}#like") } else { format!("/portal/docs/{id}?liked=1#like") };
    Ok(Redirect::to(&shown).into_response())
}

/// 点赞 by this reader (an account, or an anonymous reader by the day's key) on a document they
/// may see: the document, and whether this added a like (a second one changes nothing).
pub(crate) async fn like_once(
    state: &AppState,
    s: Option<&Session>,
    headers: &HeaderMap,
    addr: &str,
    id: i64,
) -> AppResult<(DocumentDetail, bool)> {
    let d = visible_document(state, s, id).await?;
    let key = reader_key(state, headers, addr, s).await?;
    let added = state.store.like_document(d.row.id, &key).await?;
    Ok((d, added))
}

/// The address of this site as the browser reached it, for feeds and QR codes.
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let host: String =
        host.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']')).collect();
    let scheme = if state.config.secure_cookies { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// A QR code of the article's address, for sharing to WeChat from a desktop screen.
pub async fn qr(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let d = visible_document(&state, s.as_ref(), id).await?;
    svg_response(&format!("{}/portal/docs/{}", base_url(&state, &headers), d.row.id.0))
}

/// RSS 2.0 and Atom feeds per kind (`news.rss`, `law.atom`, `all.rss`). Feeds carry titles and
/// 导读 only, and only of documents open to everyone.
pub async fn feed(State(state): State<AppState>, headers: HeaderMap, Path(file): Path<String>) -> AppResult<Response> {
    let (name, ext) = file.rsplit_once('.').ok_or(AppError::of(ErrorCode::NotFound))?;
    let kind = match name {
        "all" => None,
        code => Some(DocKind::from_code(code).ok_or(AppError::of(ErrorCode::NotFound))?),
    };
    let f = DocumentFilter { kinds: kind.into_iter().collect(), per_page: 30, ..portal_filter() };
    let items = state.store.list_documents(&super::reader_actor(None), &f).await?.items;
    let site_name = state.site_name();
    let title = format!("{} · {}", site_name, kind.map_or("全部", DocKind::label));
    let base = base_url(&state, &headers);
    let self_path = format!("/portal/feeds/{file}");
    let html_path = kind.map_or("/portal".to_string(), |k| format!("/portal/k/{}", k.code()));
    let meta = crate::feeds::FeedMeta {
        site_name: &site_name,
        title: &title,
        base_url: &base,
        self_path: &self_path,
        html_path: &html_path,
        now: state.now(),
    };
    let (body, mime) = match ext {
        "rss" => (crate::feeds::rss(&meta, &items), "application/rss+xml; charset=utf-8"),
        "atom" => (crate::feeds::atom(&meta, &items), "application/atom+xml; charset=utf-8"),
        _ => return Err(AppError::of(ErrorCode::NotFound)),
    };
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static(mime))], body).into_response())
}

#[derive(Template)]
#[template(path = "portal_deputies.html")]
pub struct DeputiesPage {
    pub ctx: Ctx,
    pub rows: Vec<DeputyRow>,
    pub page: Page<()>,
    pub name: String,
    pub prev_link: String,
    pub next_link: String,
}

#[derive(Deserialize)]
pub struct DeputiesQuery {
    pub name: Option<String>,
    pub page: Option<i64>,
}

/// The deputy directory: the public fields of every serving deputy (代表法 Art. 58: basic
/// information is public; phone numbers and birth dates are not shown here).
pub async fn deputies(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    Query(q): Query<DeputiesQuery>,
) -> AppResult<Response> {
    let congresses = state.store.congresses().await?.into_iter().map(|r| r.org.id).collect();
    let name = q.name.unwrap_or_default().trim().to_string();
    let f = DeputyFilter {
        congresses,
        name: Some(name.clone()).filter(|n| !n.is_empty()),
        active_only: true,
        page: q.page.unwrap_or(1).max(1) - 1,
        per_page: 30,
        ..Default::default()
    };
    let page = state.store.search_deputies(&super::reader_actor(s.as_ref()), &f).await?;
    let n = if name.is_empty() { String::new() } else { format!("&name={}", crate::auth::urlencode(&name)) };
    render(&DeputiesPage {
        ctx: Ctx::new(&state, s.as_ref(), "代表名录", "/portal/deputies"),
        prev_link: format!("/portal/deputies?page={}{n}", page.page),
        next_link: format!("/portal/deputies?page={}{n}", page.page + 2),
        page: Page { items: Vec::new(), total: page.total, page: page.page, per_page: page.per_page },
        rows: page.items,
        name,
    })
}
