//! `/api/v1/official-documents` and `/api/v1/official-templates`: official documents (公文) in
//! the API with the pages' rules and codes — the register (scoped by the policy: a congress's
//! staff and the congress above, the unit addressed, the admin), one document and its file, a
//! unit's batch for a 交办函 and issuing it, voiding, and a congress's templates.

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, Path, Query};
use crate::pages::actor;
use crate::pages::official::{batch_kind, batch_of, docx_of, issue_batch, issue_review_for, kind_of, pdf_of};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::ErrorCode;
use renda_core::ids::{OfficialDocumentId, OrgId, SuggestionId};
use renda_core::official::Template;
use renda_core::official::appointment::CertificateTemplate;
use renda_store::official::{IssuedDocument, OfficialFilter, Source};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub mod report;

#[derive(Serialize, ToSchema)]
pub struct OfficialView {
    pub id: i64,
    pub congress_id: i64,
    /// assignment, reminder, review_opinion, handling_report, reception_notice, appointment_notice.
    pub kind: String,
    pub kind_label: String,
    /// 示人常办〔2026〕12号.
    pub number: String,
    pub year: i64,
    pub seq: i64,
    pub title: String,
    pub unit_id: Option<i64>,
    pub addressee: String,
    pub filename: String,
    /// RFC 3339, UTC.
    pub issued_at: String,
    pub voided_at: Option<String>,
    pub void_reason: Option<String>,
    /// Where the DOCX is downloaded.
    pub file_url: String,
}

pub(crate) fn view(d: IssuedDocument) -> OfficialView {
    OfficialView {
        file_url: format!("/api/v1/official-documents/{}/file", d.id),
        id: d.id.0,
        congress_id: d.congress.0,
        kind: d.kind.code().into(),
        kind_label: d.kind.label().into(),
        number: d.number,
        year: d.year,
        seq: d.seq,
        title: d.title,
        unit_id: d.unit.map(|u| u.0),
        addressee: d.addressee,
        filename: d.filename,
        issued_at: d.issued_at,
        voided_at: d.voided_at,
        void_reason: d.void_reason,
    }
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// One congress's register.
    pub congress: Option<i64>,
    /// Addressed to one unit.
    pub unit: Option<i64>,
    /// Made from one suggestion.
    pub suggestion: Option<i64>,
}

/// The documents the caller may read, newest first (any filter given narrows the list).
#[utoipa::path(get, path = "/api/v1/official-documents", params(ListQuery),
    responses((status = 200, body = Vec<OfficialView>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Vec<OfficialView>>> {
    let filter = OfficialFilter {
        congress: q.congress.map(OrgId),
        unit: q.unit.map(OrgId),
        source: q.suggestion.map(|id| Source::Suggestion(SuggestionId(id))),
    };
    let rows = state.store.official_documents(&actor(&s), &filter).await?;
    Ok(Json(rows.into_iter().map(view).collect()))
}

/// One document.
#[utoipa::path(get, path = "/api/v1/official-documents/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = OfficialView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<OfficialView>> {
    Ok(Json(view(state.store.official_document(&actor(&s), OfficialDocumentId(id)).await?)))
}

/// The issued DOCX.
#[utoipa::path(get, path = "/api/v1/official-documents/{id}/file", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), (status = 404, body = ErrorBody)))]
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    docx_of(&state, &s, OfficialDocumentId(id)).await
}

/// The issued document as PDF, when the server has LibreOffice (else 404 `pdf_unavailable`).
#[utoipa::path(get, path = "/api/v1/official-documents/{id}/pdf", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = ErrorBody)))]
pub async fn pdf(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    pdf_of(&state, &s, OfficialDocumentId(id)).await
}

#[derive(Deserialize, IntoParams)]
pub struct BatchQuery {
    pub unit: i64,
}

#[derive(Serialize, ToSchema)]
pub struct BatchLineView {
    pub suggestion_id: i64,
    pub number: String,
    pub title: String,
    pub lead: String,
    /// 主办 or 会办.
    pub role: String,
    pub due_on: Option<String>,
    /// Past its reply deadline (a 催办函's line).
    pub overdue: bool,
}

/// A unit's batch for a letter (`kind`: `assignment`, the suggestions of the caller's congress
/// assigned to it and on no standing 交办函 yet; `reminder`, those it leads near due or overdue).
#[utoipa::path(get, path = "/api/v1/official-documents/batch/{kind}", params(("kind" = String, Path), BatchQuery),
    responses((status = 200, body = Vec<BatchLineView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn batch(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(kind): Path<String>,
    Query(q): Query<BatchQuery>,
) -> AppResult<Json<Vec<BatchLineView>>> {
    let b = batch_of(&state, &s, batch_kind(&kind)?, OrgId(q.unit), &[]).await?;
    Ok(Json(
        b.lines
            .into_iter()
            .map(|l| BatchLineView {
                suggestion_id: l.suggestion.0,
                number: l.number,
                title: l.title,
                lead: l.lead,
                role: l.role.into(),
                due_on: l.due_on.map(|d| d.to_string()),
                overdue: l.overdue,
            })
            .collect(),
    ))
}

/// `{"unit": 12, "suggestions": [3, 4]}`: the letter for those of the unit's batch (all of it
/// when `suggestions` is empty or absent).
#[derive(Deserialize, ToSchema)]
pub struct BatchBody {
    pub unit: i64,
    #[serde(default)]
    pub suggestions: Vec<i64>,
}

/// Issues a letter for a unit's batch (`kind`: `assignment` 交办函 or `reminder` 催办函): the
/// register's next number, the DOCX, its records. The same letter twice (a 催办函: twice on one
/// day) is 409 `already_issued`; a template without its signatory 422.
#[utoipa::path(post, path = "/api/v1/official-documents/new/{kind}", params(("kind" = String, Path)), request_body = BatchBody,
    responses((status = 201, body = OfficialView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn issue(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(kind): Path<String>,
    body: Result<ApiJson<BatchBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let kind = batch_kind(&kind)?;
    let chosen: Vec<SuggestionId> = b.suggestions.into_iter().map(SuggestionId).collect();
    let d = issue_batch(&state, &s, kind, OrgId(b.unit), &chosen).await?;
    Ok((StatusCode::CREATED, Json(view(d))).into_response())
}

/// Issues the 审议意见书 of approved review opinions to the body overseen. Not yet approved: 409
/// `illegal_transition`; the same letter twice: 409 `already_issued`.
#[utoipa::path(post, path = "/api/v1/official-documents/review/{id}", params(("id" = i64, Path)),
    responses((status = 201, body = OfficialView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn issue_review(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let d = issue_review_for(&state, &s, renda_core::ids::ReviewId(id)).await?;
    Ok((StatusCode::CREATED, Json(view(d))).into_response())
}

/// Issues the 接待公告 of a reception day at a liaison station (a 公告: no addressee, public
/// once issued). Cancelled or held already: 409 `illegal_transition`; the same notice twice: 409
/// `already_issued`; a template without its signatory 422.
#[utoipa::path(post, path = "/api/v1/official-documents/reception/{id}", params(("id" = i64, Path)),
    responses((status = 201, body = OfficialView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn issue_reception(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let d = crate::pages::liaison::notices::issue_for(&state, &s, renda_core::ids::ReceptionId(id)).await?;
    Ok((StatusCode::CREATED, Json(view(d))).into_response())
}

/// `{"reason": "…"}`.
#[derive(Deserialize, ToSchema)]
pub struct VoidBody {
    pub reason: String,
}

/// Voids a document: its number stays, marked 作废. Voided already: 409 `document_voided`.
#[utoipa::path(post, path = "/api/v1/official-documents/{id}/void", params(("id" = i64, Path)), request_body = VoidBody,
    responses((status = 200, body = OfficialView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn void(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<VoidBody>, AppError>,
) -> AppResult<Json<OfficialView>> {
    let ApiJson(b) = body?;
    Ok(Json(view(state.store.void_official(&actor(&s), OfficialDocumentId(id), &b.reason).await?)))
}

/// A template: the red mark, 机关代字, signature, signatory, 印发机关, 抄送 and the fixed
/// paragraphs with their `{placeholders}`.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct TemplateBody {
    pub mark: String,
    pub code: String,
    pub signature: String,
    #[serde(default)]
    pub signatory: String,
    #[serde(default)]
    pub printed_by: String,
    #[serde(default)]
    pub copy_to: Vec<String>,
    #[serde(default)]
    pub paragraphs: Vec<String>,
}

impl From<Template> for TemplateBody {
    fn from(t: Template) -> Self {
        TemplateBody {
            mark: t.mark,
            code: t.code,
            signature: t.signature,
            signatory: t.signatory,
            printed_by: t.printed_by,
            copy_to: t.copy_to,
            paragraphs: t.paragraphs,
        }
    }
}

/// The 任命书 template: its title, the legal basis with `{人大}`, `{会议}`, `{日期}`, the
/// signer's title and name (required to issue), and the number's 机关代字.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct CertificateTemplateBody {
    pub title: String,
    pub basis: String,
    pub signer_title: String,
    #[serde(default)]
    pub signer: String,
    pub code: String,
}

impl From<CertificateTemplate> for CertificateTemplateBody {
    fn from(t: CertificateTemplate) -> Self {
        CertificateTemplateBody {
            title: t.title,
            basis: t.basis,
            signer_title: t.signer_title,
            signer: t.signer,
            code: t.code,
        }
    }
}

/// The caller's congress's 任命书 template (its default until saved).
#[utoipa::path(get, path = "/api/v1/official-templates/appointment_certificate",
    responses((status = 200, body = CertificateTemplateBody), (status = 403, body = ErrorBody)))]
pub async fn certificate_template(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
) -> AppResult<Json<CertificateTemplateBody>> {
    Ok(Json(state.store.certificate_template(&actor(&s), own_congress(&s)?).await?.into()))
}

/// Saves the 任命书 template; an unknown placeholder in the basis or a code with a year in it
/// is 422 naming the field.
#[utoipa::path(post, path = "/api/v1/official-templates/appointment_certificate", request_body = CertificateTemplateBody,
    responses((status = 200, body = CertificateTemplateBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_certificate_template(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<CertificateTemplateBody>, AppError>,
) -> AppResult<Json<CertificateTemplateBody>> {
    let ApiJson(b) = body?;
    let t = CertificateTemplate {
        title: b.title,
        basis: b.basis,
        signer_title: b.signer_title,
        signer: b.signer,
        code: b.code,
    };
    Ok(Json(state.store.save_certificate_template(&actor(&s), own_congress(&s)?, t).await?.into()))
}

fn own_congress(s: &renda_store::users::Session) -> AppResult<OrgId> {
    s.user
        .role
        .staff_congress()
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以管理公文模板。"))
}

/// The caller's congress's template for a kind (its default until saved).
#[utoipa::path(get, path = "/api/v1/official-templates/{kind}", params(("kind" = String, Path)),
    responses((status = 200, body = TemplateBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn template(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(kind): Path<String>,
) -> AppResult<Json<TemplateBody>> {
    let kind = kind_of(Some(&kind))?;
    let t = state.store.official_template(&actor(&s), own_congress(&s)?, kind).await?;
    Ok(Json(t.into()))
}

/// Saves the template; an unknown placeholder or a code with a year in it is 422 naming the field.
#[utoipa::path(post, path = "/api/v1/official-templates/{kind}", params(("kind" = String, Path)), request_body = TemplateBody,
    responses((status = 200, body = TemplateBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_template(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(kind): Path<String>,
    body: Result<ApiJson<TemplateBody>, AppError>,
) -> AppResult<Json<TemplateBody>> {
    let ApiJson(b) = body?;
    let kind = kind_of(Some(&kind))?;
    let t = Template {
        mark: b.mark,
        code: b.code,
        signature: b.signature,
        signatory: b.signatory,
        printed_by: b.printed_by,
        copy_to: b.copy_to,
        paragraphs: b.paragraphs,
    };
    let kept = state.store.save_official_template(&actor(&s), own_congress(&s)?, kind, t).await?;
    Ok(Json(kept.into()))
}
