//! Staff publish and edit the portal's documents: a list of their congress's documents
//! (drafts included), a form with a preview, publish and withdraw. Every save is audited by
//! the store. A form that fails its checks comes back with what was typed and the reason.

use super::portal::{BlockView, block_views};
use super::{Ctx, NoticeQuery, actor, done, notice_text, opt_id, render, require_admin_pages};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use renda_core::ErrorCode;
use renda_core::document::{DocKind, DocumentDraft, DocumentInput, Visibility};
use renda_core::ids::OrgId;
use renda_core::policy::{Action, Resource, Target, allows};
use renda_store::Page;
use renda_store::documents::{DocumentFilter, DocumentId, DocumentRow};
use renda_store::users::Session;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "documents.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub rows: Vec<DocumentRow>,
    pub page: Page<()>,
    pub prev_link: String,
    pub next_link: String,
    pub may_create: bool,
}

#[derive(Deserialize)]
pub struct ListQuery {
    pub page: Option<i64>,
    pub notice: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    require_admin_pages(&s)?;
    let f =
        DocumentFilter { kept_only: true, page: q.page.unwrap_or(1).max(1) - 1, per_page: 30, ..Default::default() };
    let page = state.store.list_documents(&crate::pages::actor(&s), &f).await?;
    render(&ListPage {
        ctx: Ctx::new(&state, Some(&s), "文档管理", "/admin/documents"),
        notice: notice_text(q.notice.as_deref()),
        prev_link: format!("/admin/documents?page={}", page.page),
        next_link: format!("/admin/documents?page={}", page.page + 2),
        page: Page { items: Vec::new(), total: page.total, page: page.page, per_page: page.per_page },
        rows: page.items,
        may_create: !writable_congresses(&state, &s).await?.is_empty(),
    })
}

/// The congresses where this user may create documents.
async fn writable_congresses(state: &AppState, s: &Session) -> AppResult<Vec<(i64, String)>> {
    let mut out = Vec::new();
    for c in state.store.congresses().await? {
        let path = state.store.congress_path(c.org.id).await?;
        if allows(
            s.user.role,
            Action::Create,
            Resource::Document,
            &Target { congress_path: &path, ..Default::default() },
        ) {
            out.push((c.org.id.0, c.org.name.to_string()));
        }
    }
    Ok(out)
}

/// The form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct DocForm {
    pub congress: Option<String>,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub visibility: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub text_date: String,
    #[serde(default)]
    pub organ: String,
    #[serde(default)]
    pub lead: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub tags: String,
    pub featured: Option<String>,
    /// Which button: `preview`, `draft`, `publish` (new) or `save` (edit).
    #[serde(default)]
    pub action: String,
}

impl DocForm {
    fn input(&self) -> DocumentInput<'_> {
        DocumentInput {
            kind: &self.kind,
            visibility: &self.visibility,
            title: &self.title,
            text_date: &self.text_date,
            organ: &self.organ,
            lead: &self.lead,
            body: &self.body,
            tags: &self.tags,
            featured: self.featured.is_some(),
        }
    }
}

#[derive(Template)]
#[template(path = "document_form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    /// `None` for a new document.
    pub id: Option<i64>,
    pub f: DocForm,
    pub congresses: Vec<(i64, String)>,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub visibilities: Vec<(&'static str, &'static str)>,
    pub error: String,
    pub preview: Vec<BlockView>,
    pub preview_title: String,
    pub published: bool,
    pub notice: &'static str,
    /// Attachments: (hash, file name, size in bytes).
    pub files: Vec<(String, String, i64)>,
}

impl FormPage {
    fn new(ctx: Ctx, id: Option<i64>, f: DocForm, congresses: Vec<(i64, String)>) -> Self {
        FormPage {
            ctx,
            id,
            f,
            congresses,
            kinds: DocKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
            visibilities: Visibility::ALL.iter().map(|v| (v.code(), v.label())).collect(),
            error: String::new(),
            preview: Vec::new(),
            preview_title: String::new(),
            published: false,
            notice: "",
            files: Vec::new(),
        }
    }

    pub fn is_kind(&self, code: &str) -> bool {
        self.f.kind == code
    }

    pub fn is_visibility(&self, code: &str) -> bool {
        self.f.visibility == code
    }

    pub fn is_congress(&self, id: &i64) -> bool {
        self.f.congress.as_deref() == Some(id.to_string().as_str())
    }
}

pub async fn new_form(State(state): State<AppState>, CurrentUser(s): CurrentUser) -> AppResult<Response> {
    require_admin_pages(&s)?;
    let congresses = writable_congresses(&state, &s).await?;
    if congresses.is_empty() {
        return Err(AppError::of(ErrorCode::Forbidden));
    }
    let f = DocForm {
        congress: congresses.first().map(|c| c.0.to_string()),
        kind: "news".into(),
        visibility: "public".into(),
        ..Default::default()
    };
    render(&FormPage::new(Ctx::new(&state, Some(&s), "新建文档", "/admin/documents"), None, f, congresses))
}

/// Renders the form again with the reason and what was typed.
fn again(mut page: FormPage, e: AppError) -> AppResult<Response> {
    if e.status().is_server_error() {
        return Err(e);
    }
    page.error = e.message.clone();
    let mut resp = render(&page)?;
    *resp.status_mut() = e.status();
    Ok(resp)
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Form(f): Form<DocForm>,
) -> AppResult<Response> {
    require_admin_pages(&s)?;
    let congresses = writable_congresses(&state, &s).await?;
    let page = FormPage::new(Ctx::new(&state, Some(&s), "新建文档", "/admin/documents"), None, f.clone(), congresses);
    if f.action == "preview" {
        return preview(page, &f);
    }
    match create_from(&state, &s, &f, f.action == "publish").await {
        Ok(id) => Ok(done(&format!("/admin/documents/{}", id.0), "document_saved")),
        Err(e) => again(page, e),
    }
}

/// The form again with the text as it will read, or with the reason it cannot.
fn preview(mut page: FormPage, f: &DocForm) -> AppResult<Response> {
    match DocumentDraft::parse(&f.input()) {
        Ok(draft) => {
            page.preview = block_views(&draft.body);
            page.preview_title = draft.title;
            render(&page)
        }
        Err(e) => again(page, e.into()),
    }
}

/// Saves a new document as the form typed it, published at once or as a draft (the page's
/// form and the API's `POST /api/v1/documents`).
pub(crate) async fn create_from(state: &AppState, s: &Session, f: &DocForm, publish: bool) -> AppResult<DocumentId> {
    require_admin_pages(s)?;
    let draft = DocumentDraft::parse(&f.input())?;
    let congress = opt_id("congress", f.congress.as_deref())?
        .map(OrgId)
        .ok_or_else(|| renda_core::ValidationError::new("congress", "请选择所属人大"))?;
    Ok(state.store.create_document(&actor(s), congress, &draft, publish).await?)
}

/// A document this user may edit, with its text (none other is found: the edit page and the
/// API's answers).
pub(crate) async fn editable_document(
    state: &AppState,
    s: &Session,
    id: DocumentId,
) -> AppResult<renda_store::documents::DocumentDetail> {
    require_admin_pages(s)?;
    let d = state.store.document(&actor(s), id).await?;
    if !allows(
        s.user.role,
        Action::Edit,
        Resource::Document,
        &Target { congress_path: &d.congress_path, ..Default::default() },
    ) {
        return Err(AppError::of(ErrorCode::NotFound));
    }
    Ok(d)
}

pub async fn edit_form(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let d = editable_document(&state, &s, DocumentId(id)).await?;
    let f = DocForm {
        congress: Some(d.row.congress.0.to_string()),
        kind: d.row.kind.code().into(),
        visibility: d.row.visibility.code().into(),
        title: d.row.title.clone(),
        text_date: d
            .row
            .text_date
            .map(|t| match d.row.date_precision {
                renda_core::document::DatePrecision::Day => t.to_string(),
                renda_core::document::DatePrecision::Year => t.year().to_string(),
            })
            .unwrap_or_default(),
        organ: d.row.organ.clone(),
        lead: d.row.lead.clone(),
        body: d.body.clone(),
        tags: d.row.tags.join("、"),
        featured: d.row.featured.then(|| "on".into()),
        action: String::new(),
    };
    let congress_name = state.store.org(d.row.congress).await?.name.to_string();
    let mut page = FormPage::new(
        Ctx::new(&state, Some(&s), "编辑文档", "/admin/documents"),
        Some(id),
        f,
        vec![(d.row.congress.0, congress_name)],
    );
    page.published = d.row.published;
    page.notice = notice_text(q.notice.as_deref());
    page.files = state.store.document_files(d.row.id).await?;
    render(&page)
}

pub async fn update(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<DocForm>,
) -> AppResult<Response> {
    require_admin_pages(&s)?;
    let d = state.store.document(&actor(&s), DocumentId(id)).await?;
    let congress_name = state.store.org(d.row.congress).await?.name.to_string();
    let mut page = FormPage::new(
        Ctx::new(&state, Some(&s), "编辑文档", "/admin/documents"),
        Some(id),
        DocForm { congress: Some(d.row.congress.0.to_string()), ..f.clone() },
        vec![(d.row.congress.0, congress_name)],
    );
    page.published = d.row.published;
    page.files = state.store.document_files(d.row.id).await?;
    if f.action == "preview" {
        return preview(page, &f);
    }
    match update_from(&state, &s, DocumentId(id), &f).await {
        Ok(()) => Ok(done(&format!("/admin/documents/{id}"), "document_saved")),
        Err(e) => again(page, e),
    }
}

/// Replaces a document's fields with the form's (the page's form and the API's
/// `POST /api/v1/documents/{id}`); its congress and publication stay.
pub(crate) async fn update_from(state: &AppState, s: &Session, id: DocumentId, f: &DocForm) -> AppResult<()> {
    require_admin_pages(s)?;
    let draft = DocumentDraft::parse(&f.input())?;
    Ok(state.store.update_document(&actor(s), id, &draft).await?)
}

#[derive(Deserialize)]
pub struct PublishForm {
    /// `publish` or `withdraw`.
    pub action: String,
}

pub async fn publish(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<PublishForm>,
) -> AppResult<Response> {
    let publish = publish_or_withdraw(&state, &s, DocumentId(id), &f.action).await?;
    Ok(done(&format!("/admin/documents/{id}"), if publish { "document_published" } else { "document_withdrawn" }))
}

/// Publishes (`publish`) or withdraws (`withdraw`) a document; `true` when published (the
/// page's buttons and the API's `POST /api/v1/documents/{id}/publish`).
pub(crate) async fn publish_or_withdraw(
    state: &AppState,
    s: &Session,
    id: DocumentId,
    action: &str,
) -> AppResult<bool> {
    require_admin_pages(s)?;
    let publish = match action {
        "publish" => true,
        "withdraw" => false,
        _ => return Err(renda_core::ValidationError::new("action", "未知的操作").into()),
    };
    state.store.set_document_published(&actor(s), id, publish).await?;
    Ok(publish)
}

/// Attaches the files of a multipart form (the CSRF middleware has read its token).
pub async fn attach(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    require_admin_pages(&s)?;
    let content_type = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.starts_with("multipart/form-data") {
        return Err(AppError::new(ErrorCode::InvalidInput, "请通过上传表单选择文件"));
    }
    let (_, files) = crate::extract::read_multipart(content_type, body).await?;
    attach_files(&state, &s, DocumentId(id), &files).await?;
    Ok(done(&format!("/admin/documents/{id}"), "files_attached"))
}

/// Attaches files to a document (the page's upload form and the API's
/// `POST /api/v1/documents/{id}/files`); how many.
pub(crate) async fn attach_files(
    state: &AppState,
    s: &Session,
    id: DocumentId,
    files: &[renda_store::files::Upload],
) -> AppResult<usize> {
    require_admin_pages(s)?;
    Ok(state.store.attach_document_files(&actor(s), id, files).await?)
}

pub async fn detach(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path((id, hash)): Path<(i64, String)>,
) -> AppResult<Response> {
    detach_file(&state, &s, DocumentId(id), &hash).await?;
    Ok(done(&format!("/admin/documents/{id}"), "file_removed"))
}

/// Removes one attachment from a document (the page's button and the API's
/// `POST /api/v1/documents/{id}/files/{hash}/delete`).
pub(crate) async fn detach_file(state: &AppState, s: &Session, id: DocumentId, hash: &str) -> AppResult<()> {
    require_admin_pages(s)?;
    Ok(state.store.remove_document_file(&actor(s), id, hash).await?)
}
