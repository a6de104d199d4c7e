//! Official documents (公文, issue 21): the register of what the office issued (staff of its
//! congress and the congress above; a unit reads the documents addressed to it — its inbox of
//! 公文), a 交办函 previewed and issued for a unit's batch of assigned suggestions, voiding, and
//! the templates a congress adjusts. The layout is `renda_office::official`'s; the number is
//! taken by the store when the document is issued.

use super::oversight::Fields;
use super::{Ctx, actor, done, notice_text, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use renda_core::ErrorCode;
use renda_core::ids::{OfficialDocumentId, OrgId, ReviewId, SuggestionId};
use renda_core::official::Batch;
use renda_core::official::appointment::{CERTIFICATE, CERTIFICATE_PLACEHOLDERS, CertificateTemplate};
use renda_core::official::{Kind, Template as DocTemplate, number_to_come};
use renda_core::policy::{Action, Resource};
use renda_office::official::{batch_letter, letter_title, review_letter, review_title};
use renda_store::official::{Issue, IssuedDocument, OfficialFilter, Source};
use renda_store::users::Session;
use serde::Deserialize;

pub mod report;

/// The letters a clerk issues for a unit's batch.
pub(crate) fn batch_kind(raw: &str) -> AppResult<Kind> {
    match Kind::from_code(raw) {
        Some(k @ (Kind::Assignment | Kind::Reminder)) => Ok(k),
        _ => Err(renda_core::ValidationError::new("kind", "公文种类有误").into()),
    }
}

pub(crate) async fn batch_of(
    state: &AppState,
    s: &Session,
    kind: Kind,
    unit: OrgId,
    only: &[SuggestionId],
) -> AppResult<Batch> {
    let a = actor(s);
    Ok(match kind {
        Kind::Reminder => state.store.reminder_batch(&a, unit, only).await?,
        _ => state.store.assignment_batch(&a, unit, only).await?,
    })
}

/// The register a user opens: their congress's (staff), the documents addressed to them (a
/// unit), everything (the admin).
fn filter_of(s: &Session) -> AppResult<OfficialFilter> {
    let role = s.user.role;
    if let Some(congress) = role.staff_congress() {
        Ok(OfficialFilter { congress: Some(congress), ..Default::default() })
    } else if let Some(unit) = role.unit() {
        Ok(OfficialFilter { unit: Some(unit), ..Default::default() })
    } else if super::uses_admin_pages(role) {
        Ok(OfficialFilter::default())
    } else {
        Err(AppError::new(ErrorCode::Forbidden, "公文仅限人大工作人员和收文单位查阅。"))
    }
}

/// The congress whose documents a staff member issues.
fn issuing_congress(s: &Session) -> AppResult<OrgId> {
    s.user.role.staff_congress().ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以签发公文。"))
}

#[derive(Template)]
#[template(path = "official.html")]
pub struct RegisterPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    /// 收到的公文 (a unit) rather than the register (staff).
    pub inbox: bool,
    pub rows: Vec<IssuedDocument>,
    pub may_issue: bool,
    /// LibreOffice is installed: each document is offered as PDF too.
    pub pdf: bool,
    /// Units with suggestions waiting for a 交办函: (id, name, how many).
    pub pending: Vec<(OrgId, String, i64)>,
    /// The congress's open units, for a 催办函: (id, name).
    pub units: Vec<(i64, String)>,
}

impl RegisterPage {
    pub fn issued_on(&self, d: &IssuedDocument) -> String {
        super::local_time(d.issued_at.as_str())
    }
}

pub async fn register(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let filter = filter_of(&s)?;
    let a = actor(&s);
    let rows = state.store.official_documents(&a, &filter).await?;
    let (may_issue, pending, units) = match s.user.role.staff_congress() {
        Some(c) if super::may_in(&state, &s, Action::Create, Resource::OfficialDocument, c).await? => {
            let units = state.store.open_units_of(c).await?.into_iter().map(|u| (u.id.0, u.name.to_string())).collect();
            (true, state.store.assignment_pending(&a, c).await?, units)
        }
        _ => (false, Vec::new(), Vec::new()),
    };
    let inbox = s.user.role.unit().is_some();
    render(&RegisterPage {
        ctx: Ctx::new(&state, Some(&s), if inbox { "收到的公文" } else { "公文登记簿" }, "/official"),
        notice: notice_text(q.notice.as_deref()),
        inbox,
        rows,
        may_issue,
        pdf: pdf_available().await,
        pending,
        units,
    })
}

/// The issued DOCX. Shared with the API.
pub(crate) async fn docx_of(state: &AppState, s: &Session, id: OfficialDocumentId) -> AppResult<Response> {
    let (d, bytes) = state.store.official_document_file(&actor(s), id).await?;
    Ok(crate::download::file(&d.filename, renda_store::files::DOCX_MIME, bytes))
}

/// The issued file.
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    docx_of(&state, &s, OfficialDocumentId(id)).await
}

/// Whether this server converts documents to PDF (LibreOffice installed): asked once, off the
/// async threads (`soffice --version` takes about a second).
pub(crate) async fn pdf_available() -> bool {
    static AVAILABLE: tokio::sync::OnceCell<bool> = tokio::sync::OnceCell::const_new();
    *AVAILABLE
        .get_or_init(|| async { tokio::task::spawn_blocking(renda_office::pdf::available).await.unwrap_or(false) })
        .await
}

/// The PDFs made lately, by the hash of their DOCX: an issued file never changes, and a
/// conversion takes seconds.
static PDFS: std::sync::LazyLock<std::sync::Mutex<KeptPdfs>> = std::sync::LazyLock::new(Default::default);
type KeptPdfs = std::collections::VecDeque<(String, std::sync::Arc<Vec<u8>>)>;
const PDFS_KEPT: usize = 32;
static CONVERTING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

fn kept_pdf(hash: &str) -> Option<std::sync::Arc<Vec<u8>>> {
    let kept = PDFS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    kept.iter().find(|(h, _)| h == hash).map(|(_, pdf)| pdf.clone())
}

fn keep_pdf(hash: String, pdf: std::sync::Arc<Vec<u8>>) {
    let mut kept = PDFS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if kept.len() >= PDFS_KEPT {
        kept.pop_front();
    }
    kept.push_back((hash, pdf));
}

/// The issued document as PDF, through LibreOffice (each file converted once, then kept in
/// memory); without it a 404 saying only the DOCX is offered. Shared with the API.
pub(crate) async fn pdf_of(state: &AppState, s: &Session, id: OfficialDocumentId) -> AppResult<Response> {
    let (d, bytes) = state.store.official_document_file(&actor(s), id).await?;
    pdf_response(&d, bytes).await
}

/// An issued document's DOCX (`bytes`) as a PDF download: the register's, the API's and the
/// portal's (a public 公告).
pub(crate) async fn pdf_response(d: &IssuedDocument, bytes: Vec<u8>) -> AppResult<Response> {
    if !pdf_available().await {
        return Err(AppError::of(ErrorCode::PdfUnavailable));
    }
    let name = d.filename.strip_suffix(".docx").map_or_else(|| format!("{}.pdf", d.filename), |n| format!("{n}.pdf"));
    if let Some(pdf) = kept_pdf(&d.file_hash) {
        return Ok(crate::download::file(&name, "application/pdf", pdf.to_vec()));
    }
    // One conversion at a time (LibreOffice takes a core for seconds, and a public 公告 may be
    // asked for by many at once): who waited finds the file converted meanwhile.
    let _turn = CONVERTING.acquire().await.map_err(|_| AppError::of(ErrorCode::Internal))?;
    if let Some(pdf) = kept_pdf(&d.file_hash) {
        return Ok(crate::download::file(&name, "application/pdf", pdf.to_vec()));
    }
    let pdf = tokio::task::spawn_blocking(move || renda_office::pdf::docx_to_pdf(&bytes))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "pdf conversion task");
            AppError::of(ErrorCode::Internal)
        })?
        .map_err(|e| match e {
            renda_office::pdf::PdfError::Unavailable => AppError::of(ErrorCode::PdfUnavailable),
            renda_office::pdf::PdfError::Failed(why) => {
                tracing::error!(%why, "pdf conversion");
                AppError::of(ErrorCode::Internal)
            }
        })?;
    keep_pdf(d.file_hash.clone(), std::sync::Arc::new(pdf.clone()));
    Ok(crate::download::file(&name, "application/pdf", pdf))
}

/// The issued document as PDF.
pub async fn pdf(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    pdf_of(&state, &s, OfficialDocumentId(id)).await
}

/// Voids a document (its number stays, marked 作废).
pub async fn void(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    state.store.void_official(&actor(&s), OfficialDocumentId(id), f.get("reason")).await?;
    Ok(done("/official", "official_voided"))
}

#[derive(Deserialize)]
pub struct BatchQuery {
    pub unit: Option<String>,
}

#[derive(Template)]
#[template(path = "official_batch.html")]
pub struct BatchPage {
    pub ctx: Ctx,
    pub kind: Kind,
    pub batch: Batch,
    pub number: String,
    pub signatory: String,
}

fn unit_of(raw: &str) -> AppResult<OrgId> {
    raw.trim().parse().map(OrgId).map_err(|_| renda_core::ValidationError::new("unit", "请选择承办单位").into())
}

fn chosen_of(f: &Fields) -> AppResult<Vec<SuggestionId>> {
    f.all("s")
        .into_iter()
        .map(|v| {
            v.trim()
                .parse()
                .map(SuggestionId)
                .map_err(|_| renda_core::ValidationError::new("s", "所选建议有误，请刷新页面后重新选择").into())
        })
        .collect()
}

/// A unit's batch for a 交办函 or a 催办函, each suggestion ticked, with 预览 and 签发.
pub async fn batch(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(kind): Path<String>,
    Query(q): Query<BatchQuery>,
) -> AppResult<Response> {
    let kind = batch_kind(&kind)?;
    let unit = unit_of(q.unit.as_deref().unwrap_or(""))?;
    let congress = issuing_congress(&s)?;
    let batch = batch_of(&state, &s, kind, unit, &[]).await?;
    let t = state.store.official_template(&actor(&s), congress, kind).await?;
    render(&BatchPage {
        ctx: Ctx::new(&state, Some(&s), &format!("{} · {}", kind.label(), batch.unit_name), "/official"),
        kind,
        number: number_to_come(&t.code, state.today().year()),
        signatory: t.signatory,
        batch,
    })
}

/// 预览: the letter as it will be issued, its number still to come (nothing is kept).
pub async fn preview(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(kind): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    let (kind, unit, chosen) = posted(&kind, &body)?;
    let congress = issuing_congress(&s)?;
    let batch = batch_of(&state, &s, kind, unit, &chosen).await?;
    let t = state.store.official_template(&actor(&s), congress, kind).await?;
    let today = state.today();
    let doc = batch_letter(kind, &batch, &t, &number_to_come(&t.code, today.year()), today);
    let bytes = doc.to_docx().map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
    let name = format!("{}（预览）-{}.docx", kind.label(), batch.unit_name);
    Ok(crate::download::file(&name, renda_store::files::DOCX_MIME, bytes))
}

/// 签发: issues the letter for the suggestions ticked.
pub async fn issue(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(kind): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    let (kind, unit, chosen) = posted(&kind, &body)?;
    issue_batch(&state, &s, kind, unit, &chosen).await?;
    Ok(done("/official", "official_issued"))
}

/// What a batch's form posted: the letter's kind, the unit and the suggestions ticked (one at
/// least).
fn posted(kind: &str, body: &Bytes) -> AppResult<(Kind, OrgId, Vec<SuggestionId>)> {
    let kind = batch_kind(kind)?;
    let f = Fields::parse(body)?;
    let unit = unit_of(f.get("unit"))?;
    let chosen = chosen_of(&f)?;
    if chosen.is_empty() {
        return Err(renda_core::ValidationError::new("s", "请至少勾选一件建议").into());
    }
    Ok((kind, unit, chosen))
}

/// Issues the letter of `kind` for `chosen` (all of the unit's batch when empty): the page's
/// and the API's.
pub(crate) async fn issue_batch(
    state: &AppState,
    s: &Session,
    kind: Kind,
    unit: OrgId,
    chosen: &[SuggestionId],
) -> AppResult<IssuedDocument> {
    let congress = issuing_congress(s)?;
    let batch = batch_of(state, s, kind, unit, chosen).await?;
    if batch.lines.is_empty() {
        return Err(AppError::of(ErrorCode::NothingToIssue));
    }
    let today = state.today();
    let issue = Issue {
        congress,
        kind,
        title: letter_title(kind),
        unit: Some(unit),
        addressee: batch.unit_name.clone(),
        sources: batch.lines.iter().map(|l| Source::Suggestion(l.suggestion)).collect(),
        filename: format!("{}-{}", kind.label(), batch.unit_name),
    };
    let d = state
        .store
        .issue_official(&actor(s), issue, |t, number| {
            batch_letter(kind, &batch, t, number, today).to_docx().map_err(|e| e.to_string())
        })
        .await?;
    Ok(d)
}

/// 预览 of a 审议意见书: the DOCX with its number still to come (nothing is kept).
pub async fn review_preview(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let congress = issuing_congress(&s)?;
    let r = state.store.review_source(&actor(&s), ReviewId(id)).await?;
    let t = state.store.official_template(&actor(&s), congress, Kind::ReviewOpinion).await?;
    let today = state.today();
    let doc = review_letter(&r, &t, &number_to_come(&t.code, today.year()), today);
    let bytes = doc.to_docx().map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
    let name = format!("审议意见书（预览）-{}.docx", r.body_name);
    Ok(crate::download::file(&name, renda_store::files::DOCX_MIME, bytes))
}

/// 签发 a 审议意见书 for approved review opinions.
pub async fn issue_review(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    issue_review_for(&state, &s, ReviewId(id)).await?;
    Ok(done(&format!("/oversight/reviews/{id}"), "official_issued"))
}

/// Issues the 审议意见书 of review opinions: the page's and the API's.
pub(crate) async fn issue_review_for(state: &AppState, s: &Session, id: ReviewId) -> AppResult<IssuedDocument> {
    let congress = issuing_congress(s)?;
    let r = state.store.review_source(&actor(s), id).await?;
    let today = state.today();
    let issue = Issue {
        congress,
        kind: Kind::ReviewOpinion,
        title: review_title(&r),
        unit: Some(r.body),
        addressee: r.body_name.clone(),
        sources: vec![Source::Review(r.review)],
        filename: format!("审议意见书-{}", r.body_name),
    };
    let d = state
        .store
        .issue_official(&actor(s), issue, |t, number| {
            review_letter(&r, t, number, today).to_docx().map_err(|e| e.to_string())
        })
        .await?;
    Ok(d)
}

#[derive(Deserialize)]
pub struct TemplateQuery {
    pub kind: Option<String>,
    pub notice: Option<String>,
}

#[derive(Template)]
#[template(path = "official_templates.html")]
pub struct TemplatesPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub kind: Kind,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub t: TemplateForm,
}

impl TemplatesPage {
    pub fn placeholders(&self) -> Vec<String> {
        self.kind.placeholders().iter().map(|(k, what)| format!("{{{k}}}：{what}")).collect()
    }
}

#[derive(Template)]
#[template(path = "official_certificate_template.html")]
pub struct CertificateTemplatePage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub t: CertificateTemplate,
}

impl CertificateTemplatePage {
    pub fn placeholders(&self) -> Vec<String> {
        CERTIFICATE_PLACEHOLDERS.iter().map(|(k, what)| format!("{{{k}}}：{what}")).collect()
    }
}

/// The 任命书 template as posted.
fn certificate_form(f: &Fields) -> CertificateTemplate {
    CertificateTemplate {
        title: f.get("title").into(),
        basis: f.get("basis").into(),
        signer_title: f.get("signer_title").into(),
        signer: f.get("signer").into(),
        code: f.get("code").into(),
    }
}

/// The template as the form shows it: 抄送 one per line, paragraphs separated by blank lines.
pub struct TemplateForm {
    pub mark: String,
    pub code: String,
    pub signature: String,
    pub signatory: String,
    pub printed_by: String,
    pub copy_to: String,
    pub paragraphs: String,
}

impl TemplateForm {
    fn of(t: &DocTemplate) -> TemplateForm {
        TemplateForm {
            mark: t.mark.clone(),
            code: t.code.clone(),
            signature: t.signature.clone(),
            signatory: t.signatory.clone(),
            printed_by: t.printed_by.clone(),
            copy_to: t.copy_to.join("\n"),
            paragraphs: t.paragraphs.join("\n\n"),
        }
    }

    fn read(f: &Fields) -> TemplateForm {
        TemplateForm {
            mark: f.get("mark").into(),
            code: f.get("code").into(),
            signature: f.get("signature").into(),
            signatory: f.get("signatory").into(),
            printed_by: f.get("printed_by").into(),
            copy_to: f.get("copy_to").into(),
            paragraphs: f.get("paragraphs").into(),
        }
    }

    pub(crate) fn template(&self) -> DocTemplate {
        DocTemplate {
            mark: self.mark.clone(),
            code: self.code.clone(),
            signature: self.signature.clone(),
            signatory: self.signatory.clone(),
            printed_by: self.printed_by.clone(),
            copy_to: self.copy_to.lines().map(String::from).collect(),
            paragraphs: self
                .paragraphs
                .replace("\r\n", "\n")
                .split("\n\n")
                .map(|p| p.split('\n').map(str::trim).collect::<Vec<_>>().join(""))
                .collect(),
        }
    }
}

pub(crate) fn kind_of(raw: Option<&str>) -> AppResult<Kind> {
    match raw.map(str::trim).filter(|k| !k.is_empty()) {
        None => Ok(Kind::Assignment),
        Some(k) => Kind::from_code(k)
            .ok_or_else(|| renda_core::ValidationError::new("kind", "公文种类有误，请从列表中选择").into()),
    }
}

/// The tabs of the templates page: each kind of 公文, then the 任命书.
fn template_tabs() -> Vec<(&'static str, &'static str)> {
    Kind::ALL.iter().map(|k| (k.code(), k.label())).chain([CERTIFICATE]).collect()
}

/// Whether a posted or asked `kind` is the 任命书's template rather than a 公文's.
fn is_certificate(raw: Option<&str>) -> bool {
    raw.map(str::trim) == Some(CERTIFICATE.0)
}

pub async fn templates(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<TemplateQuery>,
) -> AppResult<Response> {
    let congress = issuing_congress(&s)?;
    if is_certificate(q.kind.as_deref()) {
        let t = state.store.certificate_template(&actor(&s), congress).await?;
        return render(&CertificateTemplatePage {
            ctx: Ctx::new(&state, Some(&s), "公文模板", "/official"),
            notice: notice_text(q.notice.as_deref()),
            kinds: template_tabs(),
            t,
        });
    }
    let kind = kind_of(q.kind.as_deref())?;
    let t = state.store.official_template(&actor(&s), congress, kind).await?;
    render(&TemplatesPage {
        ctx: Ctx::new(&state, Some(&s), "公文模板", "/official"),
        notice: notice_text(q.notice.as_deref()),
        kind,
        kinds: template_tabs(),
        t: TemplateForm::of(&t),
    })
}

/// 预览样张: the document the template being edited makes, filled from fictional records of the
/// congress's place (`renda_office::official::specimen`), before it is saved; nothing is kept.
/// A template the core refuses comes back as typed, the reason beside its field.
pub async fn specimen(State(state): State<AppState>, CurrentUser(s): CurrentUser, body: Bytes) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let congress = issuing_congress(&s)?;
    let name = state.store.org(congress).await?.name.to_string();
    let today = state.today();
    if is_certificate(Some(f.get("kind"))) {
        let t = certificate_form(&f).check()?;
        let number = number_to_come(&t.code, today.year());
        let bytes = renda_office::official::certificate_specimen(&name, &t, &number, today)
            .map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
        return Ok(crate::download::file("任命书（样张）.docx", renda_store::files::DOCX_MIME, bytes));
    }
    let kind = kind_of(Some(f.get("kind")))?;
    let t = TemplateForm::read(&f).template().check(kind)?;
    let doc = renda_office::official::specimen(kind, &name, &t, &number_to_come(&t.code, today.year()), today);
    let bytes = doc.to_docx().map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
    Ok(crate::download::file(&format!("{}（样张）.docx", kind.label()), renda_store::files::DOCX_MIME, bytes))
}

/// Saves a template (a refused one comes back as typed, the reason beside its field: `echo`).
pub async fn save_template(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let congress = issuing_congress(&s)?;
    if is_certificate(Some(f.get("kind"))) {
        state.store.save_certificate_template(&actor(&s), congress, certificate_form(&f)).await?;
        return Ok(done(&format!("/official/templates?kind={}", CERTIFICATE.0), "template_saved"));
    }
    let kind = kind_of(Some(f.get("kind")))?;
    let form = TemplateForm::read(&f);
    state.store.save_official_template(&actor(&s), congress, kind, form.template()).await?;
    Ok(done(&format!("/official/templates?kind={}", kind.code()), "template_saved"))
}
