//! The document pages' twins in the API (文档管理): a document created (a draft or published at
//! once), edited, published or withdrawn, its attachments added as files and removed — for the
//! staff who may edit their congress's documents, with the pages' rules and codes, through
//! `pages::documents`. Readers read them through `api_portal`.

use crate::AppState;
use crate::api::{ApiJson, FilesForm};
use crate::api_portal::DocumentView;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, JsonWithFiles, Path};
use crate::pages::documents::{
    DocForm, attach_files, create_from, detach_file, editable_document, publish_or_withdraw, update_from,
};
use axum::extract::State;
use axum::http::StatusCode;
use renda_store::documents::DocumentId;
use renda_store::users::Session;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A document as its form takes it:
/// `{"congress": 2, "kind": "news", "visibility": "public", "title": "…", "text_date": "2026-03-05",
/// "organ": "…", "lead": "…", "body": "# 标题\n正文……", "tags": ["代表建议", "监督"], "featured": false,
/// "publish": true}` — `kind`: news, notice, speech, report, decision, law, model; `visibility`:
/// public, or users (logged-in readers only); `text_date`: a day or a year (`1954`); `publish`:
/// published at once, else kept as a draft. `congress` and `publish` are taken when creating only.
#[derive(Deserialize, ToSchema)]
pub struct DocumentBody {
    #[serde(default)]
    pub congress: Option<i64>,
    pub kind: String,
    pub visibility: String,
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
    pub tags: Vec<String>,
    #[serde(default)]
    pub featured: bool,
    #[serde(default)]
    pub publish: bool,
}

impl DocumentBody {
    fn form(self) -> DocForm {
        DocForm {
            congress: self.congress.map(|c| c.to_string()),
            kind: self.kind,
            visibility: self.visibility,
            title: self.title,
            text_date: self.text_date,
            organ: self.organ,
            lead: self.lead,
            body: self.body,
            tags: self.tags.join("、"),
            featured: self.featured.then(|| "on".into()),
            action: String::new(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AttachmentView {
    pub hash: String,
    pub name: String,
    pub size: i64,
}

/// A document as its editors see it: drafts too, with its text and attachments.
#[derive(Serialize, ToSchema)]
pub struct StaffDocumentView {
    #[serde(flatten)]
    pub document: DocumentView,
    pub congress_id: i64,
    /// public, or users (logged-in readers only).
    pub visibility: String,
    pub featured: bool,
    pub published: bool,
    pub body: String,
    pub files: Vec<AttachmentView>,
}

async fn staff_view(state: &AppState, s: &Session, id: DocumentId) -> AppResult<StaffDocumentView> {
    let d = editable_document(state, s, id).await?;
    let files = state.store.document_files(id).await?;
    Ok(StaffDocumentView {
        document: DocumentView::from(&d.row),
        congress_id: d.row.congress.0,
        visibility: d.row.visibility.code().into(),
        featured: d.row.featured,
        published: d.row.published,
        body: d.body,
        files: files.into_iter().map(|(hash, name, size)| AttachmentView { hash, name, size }).collect(),
    })
}

/// Creates a document of a congress where this user may (its staff; the admin), published at
/// once or kept as a draft.
#[utoipa::path(post, path = "/api/v1/documents", request_body = DocumentBody,
    responses((status = 201, body = StaffDocumentView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<DocumentBody>, AppError>,
) -> AppResult<(StatusCode, Json<StaffDocumentView>)> {
    let ApiJson(b) = body?;
    let publish = b.publish;
    let id = create_from(&state, &s, &b.form(), publish).await?;
    Ok((StatusCode::CREATED, Json(staff_view(&state, &s, id).await?)))
}

/// Replaces a document's fields (its congress, publication and counters stay).
#[utoipa::path(post, path = "/api/v1/documents/{id}", params(("id" = i64, Path)), request_body = DocumentBody,
    responses((status = 200, body = StaffDocumentView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<DocumentBody>, AppError>,
) -> AppResult<Json<StaffDocumentView>> {
    let ApiJson(b) = body?;
    let id = DocumentId(id);
    update_from(&state, &s, id, &b.form()).await?;
    Ok(Json(staff_view(&state, &s, id).await?))
}

/// `{"action": "publish"}` or `{"action": "withdraw"}`.
#[derive(Deserialize, ToSchema)]
pub struct PublishBody {
    pub action: String,
}

/// Publishes a draft or withdraws a published document; doing it twice is 409
/// (`already_published`, `not_published`).
#[utoipa::path(post, path = "/api/v1/documents/{id}/publish", params(("id" = i64, Path)), request_body = PublishBody,
    responses((status = 200, body = StaffDocumentView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<PublishBody>, AppError>,
) -> AppResult<Json<StaffDocumentView>> {
    let ApiJson(b) = body?;
    let id = DocumentId(id);
    publish_or_withdraw(&state, &s, id, &b.action).await?;
    Ok(Json(staff_view(&state, &s, id).await?))
}

/// Nothing but the files: `{}` as the multipart form's `body`, the attachments as `files`.
#[derive(Deserialize, ToSchema)]
pub struct AttachBody {}

/// Attaches files to a document (PDF, images, DOCX; a limited number in all).
#[utoipa::path(post, path = "/api/v1/documents/{id}/files", params(("id" = i64, Path)),
    request_body(content((FilesForm = "multipart/form-data"))),
    responses((status = 200, body = StaffDocumentView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn attach(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<JsonWithFiles<AttachBody>, AppError>,
) -> AppResult<Json<StaffDocumentView>> {
    let JsonWithFiles(AttachBody {}, files) = body?;
    let id = DocumentId(id);
    attach_files(&state, &s, id, &files).await?;
    Ok(Json(staff_view(&state, &s, id).await?))
}

/// Removes one attachment (by its SHA-256 hash) from a document.
#[utoipa::path(post, path = "/api/v1/documents/{id}/files/{hash}/delete", params(("id" = i64, Path), ("hash" = String, Path)),
    responses((status = 200, body = StaffDocumentView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn detach(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path((id, hash)): Path<(i64, String)>,
) -> AppResult<Json<StaffDocumentView>> {
    let id = DocumentId(id);
    detach_file(&state, &s, id, &hash).await?;
    Ok(Json(staff_view(&state, &s, id).await?))
}
