//! Personnel cases (任免案) in the API: the posts, each case from its filing through the clerk's
//! check and the agenda to its vote, the exam, the statement, the defence, the oath, the 任命书,
//! the register and a meeting's 任免公告 — the pages' steps with the pages' rules and codes
//! (`crate::pages::personnel`), for the staff of the congress.

use crate::AppState;
use crate::api::ApiJson;
use crate::api::FilesForm;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, JsonWithFiles, Path};
use crate::pages::actor;
use crate::pages::personnel::{certificate_for, notice_for};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::ErrorCode;
use renda_core::ValidationError;
use renda_core::ids::{CaseId, MeetingId, OrgId, PersonId, PostId};
use renda_core::meeting::appointment::Proposer;
use renda_core::meeting::case::{Material, OathMode, StatementMode};
use renda_core::official::appointment::Action as Personnel;
use renda_store::files::Upload;
use renda_store::meetings::personnel::{CaseRow, CaseView, NewCase, NewExam, NomineeRef, PostRow, RegisterRow, Step};
use renda_store::users::Session;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

fn own_congress(s: &Session) -> AppResult<OrgId> {
    s.user
        .role
        .staff_congress()
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以办理人事任免。"))
}

fn code_of<T>(raw: &str, parse: impl Fn(&str) -> Option<T>, field: &'static str, what: &str) -> AppResult<T> {
    parse(raw.trim()).ok_or_else(|| ValidationError::new(field, format!("“{raw}”不是有效的{what}")).into())
}

fn date_of(raw: &str, field: &'static str) -> AppResult<jiff::civil::Date> {
    raw.trim().parse().map_err(|_| ValidationError::new(field, "日期格式应为 2026-03-20").into())
}

/// The files of a call, each as the material `materials` names in the same order.
fn with_materials(materials: &[String], files: Vec<Upload>) -> AppResult<Vec<(Material, Upload)>> {
    if materials.len() != files.len() {
        return Err(ValidationError::new(
            "materials",
            format!("materials 应为每个文件列出材料类别：{}个文件，{}个类别", files.len(), materials.len()),
        )
        .into());
    }
    materials
        .iter()
        .zip(files)
        .map(|(m, f)| Ok((code_of(m, Material::from_code, "materials", "材料类别")?, f)))
        .collect()
}

#[derive(Serialize, ToSchema)]
pub struct PostView {
    pub id: i64,
    pub title: String,
    pub organ_id: i64,
    pub organ_name: String,
}

impl From<PostRow> for PostView {
    fn from(p: PostRow) -> Self {
        PostView { id: p.id.0, title: p.title, organ_id: p.organ.0, organ_name: p.organ_name }
    }
}

/// A post: `{"title": "示范市教育局局长", "organ_id": 12}` (the unit it belongs to).
#[derive(Deserialize, ToSchema)]
pub struct NewPostBody {
    pub title: String,
    pub organ_id: i64,
}

#[utoipa::path(get, path = "/api/v1/posts",
    responses((status = 200, body = Vec<PostView>), (status = 403, body = ErrorBody)))]
pub async fn posts(State(state): State<AppState>, CurrentUser(s): CurrentUser) -> AppResult<Json<Vec<PostView>>> {
    let congress = own_congress(&s)?;
    Ok(Json(state.store.posts(&actor(&s), congress).await?.into_iter().map(PostView::from).collect()))
}

#[utoipa::path(post, path = "/api/v1/posts", request_body = NewPostBody,
    responses((status = 201, body = PostView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_post(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    ApiJson(b): ApiJson<NewPostBody>,
) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let id = state.store.add_post(&actor(&s), congress, OrgId(b.organ_id), &b.title).await?;
    let post = state.store.posts(&actor(&s), congress).await?.into_iter().find(|p| p.id == id);
    let post = post.ok_or_else(|| AppError::of(ErrorCode::NotFound))?;
    Ok((StatusCode::CREATED, Json(PostView::from(post))).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct CaseSummary {
    pub id: i64,
    pub title: String,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub meeting_on: String,
    /// The term (届次) it is counted in.
    pub term: u16,
    /// government, supervision, court, procuratorate, directors, members.
    pub proposer: String,
    /// appoint, remove, dismiss, accept_resignation.
    pub action: String,
    pub person_id: i64,
    pub name: String,
    pub post_id: i64,
    pub post_title: String,
    pub signatures: i64,
    pub filed_on: String,
    /// filed, returned, accepted, scheduled, passed, failed, withdrawn.
    pub state: String,
    pub state_label: String,
    pub reason: Option<String>,
    /// in_person or written.
    pub statement_mode: Option<String>,
    pub statement: Option<String>,
    pub defence: Option<String>,
    /// Its agenda item (`/api/v1/meetings/{id}` lists it), once scheduled.
    pub item_id: Option<i64>,
}

impl From<CaseRow> for CaseSummary {
    fn from(c: CaseRow) -> Self {
        CaseSummary {
            id: c.id.0,
            title: c.title(),
            meeting_id: c.meeting.0,
            meeting_title: c.meeting_title,
            meeting_on: c.meeting_on.to_string(),
            term: c.term.0,
            proposer: c.proposer.code().into(),
            action: c.action.code().into(),
            person_id: c.person.0,
            name: c.name,
            post_id: c.post.0,
            post_title: c.post_title,
            signatures: c.signatures,
            filed_on: c.filed_on.to_string(),
            state: c.state.code().into(),
            state_label: c.state.label().into(),
            reason: c.reason,
            statement_mode: c.statement_mode.map(|m| m.code().into()),
            statement: c.statement,
            defence: c.defence,
            item_id: c.item.map(|i| i.0),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CaseFileView {
    /// form, assessment, resignation, other.
    pub material: String,
    pub hash: String,
    pub filename: String,
}

#[derive(Serialize, ToSchema)]
pub struct ExamView {
    pub sat_on: String,
    pub score: Option<i64>,
    pub passed: bool,
}

#[derive(Serialize, ToSchema)]
pub struct OathView {
    pub sworn_on: String,
    /// individual or collective.
    pub mode: String,
    pub supervisor: String,
}

#[derive(Serialize, ToSchema)]
pub struct CaseDetail {
    pub case: CaseSummary,
    pub files: Vec<CaseFileView>,
    /// The materials still missing before it can be accepted.
    pub missing: Vec<String>,
    pub exams: Vec<ExamView>,
    pub exam_passed: bool,
    /// What the chair announced when its vote closed.
    pub announced: Option<String>,
    pub oath: Option<OathView>,
    /// The 任命书's number, once issued.
    pub certificate: Option<String>,
}

fn oath_view(o: renda_store::meetings::personnel::OathRow) -> OathView {
    OathView { sworn_on: o.sworn_on.to_string(), mode: o.mode.code().into(), supervisor: o.supervisor }
}

impl From<CaseView> for CaseDetail {
    fn from(v: CaseView) -> Self {
        CaseDetail {
            files: v
                .files
                .into_iter()
                .map(|f| CaseFileView { material: f.material.code().into(), hash: f.hash, filename: f.filename })
                .collect(),
            missing: v.missing.iter().map(|m| m.code().to_owned()).collect(),
            exams: v
                .exams
                .iter()
                .map(|e| ExamView { sat_on: e.sat_on.to_string(), score: e.score, passed: e.passed })
                .collect(),
            exam_passed: v.exam_passed,
            announced: v.vote.and_then(|i| i.announced),
            oath: v.oath.map(oath_view),
            certificate: v.certificate.map(|c| c.number),
            case: v.case.into(),
        }
    }
}

async fn detail(state: &AppState, s: &Session, id: CaseId) -> AppResult<CaseDetail> {
    Ok(state.store.case(&actor(s), id).await?.into())
}

#[utoipa::path(get, path = "/api/v1/personnel-cases",
    responses((status = 200, body = Vec<CaseSummary>), (status = 403, body = ErrorBody)))]
pub async fn cases(State(state): State<AppState>, CurrentUser(s): CurrentUser) -> AppResult<Json<Vec<CaseSummary>>> {
    let congress = own_congress(&s)?;
    Ok(Json(state.store.cases(&actor(&s), congress).await?.into_iter().map(CaseSummary::from).collect()))
}

/// A case as filed: `{"meeting_id": 3, "action": "appoint", "proposer": "government", "name": "张三",
/// "post_id": 2, "filed_on": "2026-03-09", "materials": ["form", "assessment"]}` — `person_id`
/// instead of `name` for someone on record, `signatures` for a dismissal proposed by members; the
/// files as multipart, `materials` naming each file's material in order.
#[derive(Deserialize, ToSchema)]
pub struct NewCaseBody {
    pub meeting_id: i64,
    pub action: String,
    pub proposer: String,
    #[serde(default)]
    pub signatures: usize,
    pub person_id: Option<i64>,
    #[serde(default)]
    pub name: String,
    pub post_id: i64,
    pub filed_on: String,
    #[serde(default)]
    pub materials: Vec<String>,
}

#[utoipa::path(post, path = "/api/v1/personnel-cases",
    request_body(content((NewCaseBody = "application/json"), (FilesForm = "multipart/form-data"))),
    responses((status = 201, body = CaseDetail), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<JsonWithFiles<NewCaseBody>, AppError>,
) -> AppResult<Response> {
    let congress = own_congress(&s)?;
    let JsonWithFiles(b, files) = body?;
    let person = match b.person_id {
        Some(p) => NomineeRef::Existing(PersonId(p)),
        None => NomineeRef::New { name: b.name.clone() },
    };
    let new = NewCase {
        meeting: MeetingId(b.meeting_id),
        action: code_of(&b.action, Personnel::from_code, "action", "任免类别")?,
        proposer: code_of(&b.proposer, Proposer::from_code, "proposer", "提请机关")?,
        signatures: b.signatures,
        person,
        post: PostId(b.post_id),
        filed_on: date_of(&b.filed_on, "filed_on")?,
        files: with_materials(&b.materials, files)?,
    };
    let id = state.store.file_case(&actor(&s), congress, new).await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &s, id).await?)).into_response())
}

#[utoipa::path(get, path = "/api/v1/personnel-cases/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = CaseDetail), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<CaseDetail>> {
    Ok(Json(detail(&state, &s, CaseId(id)).await?))
}

/// The clerk's step: `{"step": "accept"}`, `{"step": "return", "reason": "缺少考察材料"}`,
/// `{"step": "refile"}` or `{"step": "withdraw", "reason": "…"}`.
#[derive(Deserialize, ToSchema)]
pub struct StepBody {
    pub step: String,
    #[serde(default)]
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/personnel-cases/{id}/steps", params(("id" = i64, Path)), request_body = StepBody,
    responses((status = 200, body = CaseDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn step(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<StepBody>,
) -> AppResult<Json<CaseDetail>> {
    let step = match b.step.as_str() {
        "accept" => Step::Accept,
        "return" => Step::Return(b.reason),
        "refile" => Step::Refile,
        "withdraw" => Step::Withdraw(b.reason),
        other => return Err(ValidationError::new("step", format!("“{other}”不是有效的办理操作")).into()),
    };
    state.store.case_step(&actor(&s), CaseId(id), step).await?;
    Ok(Json(detail(&state, &s, CaseId(id)).await?))
}

/// Materials supplied: multipart, `{"materials": ["assessment"]}` as `body` and the files.
#[derive(Deserialize, ToSchema)]
pub struct FilesBody {
    #[serde(default)]
    pub materials: Vec<String>,
}

#[utoipa::path(post, path = "/api/v1/personnel-cases/{id}/files", params(("id" = i64, Path)),
    request_body(content((FilesForm = "multipart/form-data"))),
    responses((status = 200, body = CaseDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_files(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<JsonWithFiles<FilesBody>, AppError>,
) -> AppResult<Json<CaseDetail>> {
    let JsonWithFiles(b, files) = body?;
    if files.is_empty() {
        return Err(ValidationError::new("files", "请选择要上传的材料").into());
    }
    state.store.add_case_files(&actor(&s), CaseId(id), with_materials(&b.materials, files)?).await?;
    Ok(Json(detail(&state, &s, CaseId(id)).await?))
}

#[utoipa::path(post, path = "/api/v1/personnel-cases/{id}/schedule", params(("id" = i64, Path)),
    responses((status = 200, body = CaseDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn schedule(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<CaseDetail>> {
    state.store.schedule_case(&actor(&s), CaseId(id)).await?;
    Ok(Json(detail(&state, &s, CaseId(id)).await?))
}

/// `{"mode": "in_person", "statement": "…"}`.
#[derive(Deserialize, ToSchema)]
pub struct StatementBody {
    pub mode: String,
    pub statement: String,
}

#[utoipa::path(post, path = "/api/v1/personnel-cases/{id}/statement", params(("id" = i64, Path)), request_body = StatementBody,
    responses((status = 200, body = CaseDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn statement(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<StatementBody>,
) -> AppResult<Json<CaseDetail>> {
    let mode = code_of(&b.mode, StatementMode::from_code, "mode", "发言方式")?;
    state.store.record_statement(&actor(&s), CaseId(id), mode, &b.statement).await?;
    Ok(Json(detail(&state, &s, CaseId(id)).await?))
}

/// `{"defence": "…"}`.
#[derive(Deserialize, ToSchema)]
pub struct DefenceBody {
    pub defence: String,
}

#[utoipa::path(post, path = "/api/v1/personnel-cases/{id}/defence", params(("id" = i64, Path)), request_body = DefenceBody,
    responses((status = 200, body = CaseDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn defence(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<DefenceBody>,
) -> AppResult<Json<CaseDetail>> {
    state.store.record_defence(&actor(&s), CaseId(id), &b.defence).await?;
    Ok(Json(detail(&state, &s, CaseId(id)).await?))
}

/// A sitting of the law exam of the case's nominee: `{"sat_on": "2026-03-12", "score": 86, "passed": true}`.
#[derive(Deserialize, ToSchema)]
pub struct ExamBody {
    pub sat_on: String,
    pub score: Option<u32>,
    pub passed: bool,
}

#[utoipa::path(post, path = "/api/v1/personnel-cases/{id}/exam", params(("id" = i64, Path)), request_body = ExamBody,
    responses((status = 200, body = CaseDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn exam(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ExamBody>,
) -> AppResult<Json<CaseDetail>> {
    let c = state.store.case(&actor(&s), CaseId(id)).await?.case;
    let exam = NewExam {
        person: c.person,
        post: c.post,
        sat_on: date_of(&b.sat_on, "sat_on")?,
        score: b.score,
        passed: b.passed,
    };
    state.store.record_exam(&actor(&s), c.congress, &exam).await?;
    Ok(Json(detail(&state, &s, CaseId(id)).await?))
}

/// `{"sworn_on": "2026-03-20", "mode": "collective", "supervisor": "陈志远"}`.
#[derive(Deserialize, ToSchema)]
pub struct OathBody {
    pub sworn_on: String,
    pub mode: String,
    pub supervisor: String,
}

#[utoipa::path(post, path = "/api/v1/personnel-cases/{id}/oath", params(("id" = i64, Path)), request_body = OathBody,
    responses((status = 200, body = CaseDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn oath(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<OathBody>,
) -> AppResult<Json<CaseDetail>> {
    let mode = code_of(&b.mode, OathMode::from_code, "mode", "宣誓方式")?;
    state.store.record_oath(&actor(&s), CaseId(id), date_of(&b.sworn_on, "sworn_on")?, mode, &b.supervisor).await?;
    Ok(Json(detail(&state, &s, CaseId(id)).await?))
}

/// Issues the 任命书 of a passed appointment (once).
#[utoipa::path(post, path = "/api/v1/personnel-cases/{id}/certificate", params(("id" = i64, Path)),
    responses((status = 201, body = CaseDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn certificate(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    certificate_for(&state, &s, CaseId(id)).await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &s, CaseId(id)).await?)).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct RegisterView {
    pub case_id: i64,
    pub term: u16,
    pub person_id: i64,
    pub name: String,
    pub post_title: String,
    pub organ_name: String,
    pub meeting_title: String,
    pub decided_on: String,
    pub yes: i64,
    pub no: i64,
    pub abstain: i64,
    pub members: i64,
    pub exam_on: Option<String>,
    pub oath: Option<OathView>,
    pub certificate: Option<String>,
    pub until: Option<String>,
}

impl From<RegisterRow> for RegisterView {
    fn from(r: RegisterRow) -> Self {
        RegisterView {
            case_id: r.case.0,
            term: r.term.0,
            person_id: r.person.0,
            name: r.name,
            post_title: r.post_title,
            organ_name: r.organ_name,
            meeting_title: r.meeting_title,
            decided_on: r.decided_on.to_string(),
            yes: r.yes,
            no: r.no,
            abstain: r.abstain,
            members: r.members,
            exam_on: r.exam_on.map(|d| d.to_string()),
            oath: r.oath.map(oath_view),
            certificate: r.certificate,
            until: r.until.map(|d| d.to_string()),
        }
    }
}

/// The register of officials the congress appointed.
#[utoipa::path(get, path = "/api/v1/appointment-register",
    responses((status = 200, body = Vec<RegisterView>), (status = 403, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
) -> AppResult<Json<Vec<RegisterView>>> {
    let congress = own_congress(&s)?;
    Ok(Json(
        state.store.appointment_register(&actor(&s), congress).await?.into_iter().map(RegisterView::from).collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct NoticeView {
    pub id: i64,
    pub number: String,
    pub title: String,
    /// Where anyone downloads it.
    pub public_url: String,
}

/// Issues the 任免公告 of what a meeting decided about people (public on the portal).
#[utoipa::path(post, path = "/api/v1/meetings/{id}/appointment-notice", params(("id" = i64, Path)),
    responses((status = 201, body = NoticeView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn notice(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let d = notice_for(&state, &s, MeetingId(id)).await?;
    let view =
        NoticeView { id: d.id.0, number: d.number, title: d.title, public_url: format!("/portal/notices/{}", d.id.0) };
    Ok((StatusCode::CREATED, Json(view)).into_response())
}
