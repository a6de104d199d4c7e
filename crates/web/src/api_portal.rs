//! The portal's JSON endpoints, for a WeChat official account or mini-program: documents by
//! kind, one document (its text only where the reader may read it), and full-text search —
//! with the same visibility rules as the pages (`crate::pages::portal`, `crate::pages::search`).

use crate::AppState;
use crate::api::ApiQuery;
use crate::auth::{ClientAddr, MaybeUser};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::pages::portal::{like_once, portal_filter, visible_document};
use crate::pages::search::{HitView, PER_PAGE, find};
use axum::extract::State;
use axum::http::HeaderMap;
use renda_core::ErrorCode;
use renda_core::document::{self, DocKind, Reader};
use renda_store::documents::DocumentRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct DocumentView {
    pub id: i64,
    /// news, notice, speech, report, decision, law, model
    pub kind: String,
    pub kind_label: String,
    pub title: String,
    /// Date of the text, YYYY-MM-DD (1 January when only the year is known, see
    /// `date_precision`).
    pub text_date: Option<String>,
    /// `day`, or `year` when the text is known only by its year.
    pub date_precision: String,
    /// The date as the portal shows it: the text's date (`2021-05-03`, or `1954年`), else the
    /// day of publication.
    pub date: String,
    /// Publication time, Beijing time, `2022-10-24 13:43:49`.
    pub published_at: String,
    pub organ: String,
    /// 导读.
    pub lead: String,
    pub tags: Vec<String>,
    pub views: i64,
    pub likes: i64,
    /// The text is for logged-in readers only.
    pub members_only: bool,
}

impl From<&DocumentRow> for DocumentView {
    fn from(d: &DocumentRow) -> Self {
        DocumentView {
            id: d.id.0,
            kind: d.kind.code().into(),
            kind_label: d.kind.label().into(),
            title: d.title.clone(),
            text_date: d.text_date.map(|t| t.to_string()),
            date_precision: d.date_precision.code().into(),
            date: d.shown_date(),
            published_at: d.published_text(),
            organ: d.organ.clone(),
            lead: d.lead.clone(),
            tags: d.tags.clone(),
            views: d.views,
            likes: d.likes,
            members_only: d.visibility == document::Visibility::Users,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DocumentPage {
    pub items: Vec<DocumentView>,
    pub total: i64,
    /// One-based.
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize)]
pub struct DocumentQuery {
    pub kind: Option<String>,
    pub year: Option<i32>,
    pub page: Option<i64>,
}

/// Published documents this reader may see, newest first.
#[utoipa::path(get, path = "/api/v1/documents",
    params(("kind" = Option<String>, Query, description = "news、notice、speech、report、decision、law、model"),
           ("year" = Option<i32>, Query), ("page" = Option<i64>, Query)),
    responses((status = 200, body = DocumentPage), (status = 422, body = ErrorBody)))]
pub async fn documents(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    q: Result<ApiQuery<DocumentQuery>, AppError>,
) -> AppResult<Json<DocumentPage>> {
    let ApiQuery(q) = q?;
    let kinds = match q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => Vec::new(),
        Some(k) => {
            vec![DocKind::from_code(k).ok_or_else(|| AppError::new(ErrorCode::InvalidInput, "未知的文档类别"))?]
        }
    };
    let base = portal_filter();
    let f =
        renda_store::documents::DocumentFilter { kinds, year: q.year, page: q.page.unwrap_or(1).max(1) - 1, ..base };
    let reader = crate::pages::reader_actor(s.as_ref());
    let page = state.store.list_documents(&reader, &f).await.map_err(AppError::from)?;
    Ok(Json(DocumentPage {
        items: page.items.iter().map(DocumentView::from).collect(),
        total: page.total,
        page: page.page + 1,
        per_page: page.per_page,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct DocumentDetailView {
    #[serde(flatten)]
    pub document: DocumentView,
    /// The text in blocks (`# ` and `## ` start headings); absent when the reader must log in.
    pub body: Option<String>,
    pub login_required: bool,
}

/// One document; its text only for readers who may read it.
#[utoipa::path(get, path = "/api/v1/documents/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = DocumentDetailView), (status = 404, body = ErrorBody)))]
pub async fn document(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    Path(id): Path<i64>,
) -> AppResult<Json<DocumentDetailView>> {
    let d = visible_document(&state, s.as_ref(), id).await?;
    let reader = s.as_ref().map_or(Reader::Anonymous, |s| Reader::User(s.user.role));
    let may_read = document::can_read_text(d.row.visibility, reader, &d.congress_path) || !d.row.published;
    Ok(Json(DocumentDetailView {
        document: DocumentView::from(&d.row),
        body: may_read.then(|| d.body.clone()),
        login_required: !may_read,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct LikedView {
    /// The document's likes, this one included.
    pub likes: i64,
    /// Whether this call added a like (false: this reader had liked it already).
    pub added: bool,
}

/// 点赞: the twin of the article page's button. Once per reader (an account, or an anonymous
/// reader by the day's key); a second like changes nothing.
#[utoipa::path(post, path = "/api/v1/documents/{id}/like", params(("id" = i64, Path)),
    responses((status = 200, body = LikedView), (status = 404, body = ErrorBody)))]
pub async fn like(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Json<LikedView>> {
    let (d, added) = like_once(&state, s.as_ref(), &headers, &addr, id).await?;
    Ok(Json(LikedView { likes: d.row.likes + i64::from(added), added }))
}

#[derive(Deserialize)]
pub struct SearchParams {
    pub q: String,
    pub kind: Option<String>,
    pub year: Option<i32>,
    pub page: Option<usize>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchResult {
    pub total: usize,
    /// One-based.
    pub page: usize,
    pub per_page: usize,
    /// `title_html` and `snippet_html` are escaped text with `<mark>` around matched words.
    pub hits: Vec<HitView>,
}

/// Full-text search over documents and suggestions, as this reader may see them.
#[utoipa::path(get, path = "/api/v1/search",
    params(("q" = String, Query, description = "检索词，如：代表建议"), ("kind" = Option<String>, Query),
           ("year" = Option<i32>, Query), ("page" = Option<usize>, Query)),
    responses((status = 200, body = SearchResult), (status = 422, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    q: Result<ApiQuery<SearchParams>, AppError>,
) -> AppResult<Json<SearchResult>> {
    let ApiQuery(q) = q?;
    let text: String = q.q.trim().chars().take(100).collect();
    if text.is_empty() {
        return Err(AppError::new(ErrorCode::InvalidInput, "请输入检索词"));
    }
    let page = q.page.unwrap_or(1).clamp(1, 100);
    let kinds = q.kind.into_iter().filter(|k| !k.trim().is_empty()).collect();
    let (total, hits) = find(&state, s.as_ref(), &text, kinds, q.year, None, page).await?;
    Ok(Json(SearchResult { total, page, per_page: PER_PAGE, hits }))
}
