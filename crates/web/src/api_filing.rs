//! Filing review (备案审查) in the API: a maker files a document with its files and answers, the
//! receiving congress's staff register, return, send and review it, the year's figures, the
//! periods, and the 审查建议 received and acted on — the pages' steps with the pages' rules and
//! codes (`crate::pages::filing`).

use crate::AppState;
use crate::api::{ApiJson, FilesForm};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, JsonWithFiles, Path, Query};
use crate::pages::actor;
use crate::pages::meeting_settings::out_of_any_bound_as_zero;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::ErrorCode;
use renda_core::ValidationError;
use renda_core::filing::proposal::Command as ProposalCommand;
use renda_core::filing::review::{Command, Demand, ReviewKind};
use renda_core::filing::{Attachment, Settings};
use renda_core::ids::{FilingId, MeetingId, OrgId, ReviewProposalId};
use renda_store::files::Upload;
use renda_store::filing::proposals::ProposalRow;
use renda_store::filing::review::{FilingRow, FilingStep, FilingView, NewDocument};
use renda_store::users::Session;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

fn own_congress(s: &Session) -> AppResult<OrgId> {
    s.user
        .role
        .staff_congress()
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以办理备案审查。"))
}

/// The files of a call, each as the material `attachments` names in the same order.
fn with_attachments(attachments: &[String], files: Vec<Upload>) -> AppResult<Vec<(Attachment, Upload)>> {
    if attachments.len() != files.len() {
        return Err(ValidationError::new(
            "attachments",
            format!("attachments 应为每个文件列出材料类别：{}个文件，{}个类别", files.len(), attachments.len()),
        )
        .into());
    }
    attachments
        .iter()
        .zip(files)
        .map(|(a, f)| {
            let a = Attachment::from_code(a.trim())
                .ok_or_else(|| ValidationError::new("attachments", format!("“{a}”不是有效的材料类别")))?;
            Ok((a, f))
        })
        .collect()
}

#[derive(Serialize, ToSchema)]
pub struct FilingSummary {
    pub id: i64,
    pub congress_id: i64,
    pub maker_id: i64,
    pub maker_name: String,
    /// government, supervisory_commission, court, procuratorate, lower_congress.
    pub body: String,
    /// filed (by its maker) or gazette (found by the office).
    pub origin: String,
    pub title: String,
    pub published_on: String,
    pub filed_on: String,
    /// 示人常备〔2026〕1号, once registered.
    pub number: Option<String>,
    /// filed, returned, transferred, registered, under_review, communicating, opinion_sent,
    /// plan_received, disputed, no_problem, corrected, revocation_proposed, revoked, not_revoked.
    pub state: String,
    pub state_label: String,
    /// What is awaited now is due on this day.
    pub due_on: Option<String>,
    /// The steps taken late (逾期报送, 逾期登记 …).
    pub late: Vec<String>,
    /// The materials still missing.
    pub missing: Vec<String>,
    pub topic: Option<String>,
    /// The agenda item putting its revocation to the standing committee.
    pub item_id: Option<i64>,
    /// The 专门委员会 asked for their opinion during the review.
    pub opinions: Vec<CommitteeOpinionView>,
}

#[derive(Serialize, ToSchema)]
pub struct CommitteeOpinionView {
    pub committee: String,
    pub asked_on: String,
    /// 30 days after asking, 60 once extended.
    pub due_on: String,
    pub extended: bool,
    /// `null` while the opinion is awaited.
    pub given_on: Option<String>,
}

impl From<FilingRow> for FilingSummary {
    fn from(f: FilingRow) -> Self {
        FilingSummary {
            id: f.id.0,
            congress_id: f.congress.0,
            maker_id: f.maker.0,
            maker_name: f.maker_name,
            body: f.body.code().into(),
            origin: serde_json::to_value(f.origin).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
            title: f.title,
            published_on: f.published_on.to_string(),
            filed_on: f.filed_on.to_string(),
            number: f.number,
            state: f.filing.state().code().into(),
            state_label: f.filing.state().label().into(),
            due_on: f.due_on.map(|d| d.to_string()),
            late: f.filing.late().iter().map(|l| l.label().to_owned()).collect(),
            missing: f.filing.missing().iter().map(|a| a.code().to_owned()).collect(),
            topic: f.topic,
            item_id: f.item.map(|i| i.0),
            opinions: f
                .filing
                .opinions()
                .iter()
                .map(|o| CommitteeOpinionView {
                    committee: o.committee.clone(),
                    asked_on: o.asked_on.to_string(),
                    due_on: o.due_on.to_string(),
                    extended: o.extended,
                    given_on: o.given_on.map(|d| d.to_string()),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FilingFileView {
    /// report, text, drafting_note, legal_basis, announcement.
    pub attachment: String,
    pub hash: String,
    pub filename: String,
}

#[derive(Serialize, ToSchema)]
pub struct FilingEventView {
    /// file, or the step's command.
    pub kind: String,
    pub on: String,
    pub by: Option<String>,
    /// What the step recorded (the 审查意见, the plan, the correction…), as the core's event.
    #[schema(value_type = Object)]
    pub event: serde_json::Value,
}

#[derive(Serialize, ToSchema)]
pub struct FilingDetail {
    pub filing: FilingSummary,
    pub files: Vec<FilingFileView>,
    pub events: Vec<FilingEventView>,
    /// The commands the caller may give now.
    pub permitted: Vec<String>,
}

impl From<FilingView> for FilingDetail {
    fn from(v: FilingView) -> Self {
        FilingDetail {
            files: v
                .files
                .into_iter()
                .map(|f| FilingFileView { attachment: f.attachment.code().into(), hash: f.hash, filename: f.filename })
                .collect(),
            events: v
                .events
                .into_iter()
                .map(|e| FilingEventView {
                    kind: e.kind,
                    on: e.on.to_string(),
                    by: e.by,
                    event: serde_json::to_value(&e.event).unwrap_or_default(),
                })
                .collect(),
            permitted: v.permitted.iter().map(|k| k.code().to_owned()).collect(),
            filing: v.row.into(),
        }
    }
}

async fn detail(state: &AppState, s: &Session, id: FilingId) -> AppResult<FilingDetail> {
    Ok(state.store.filing(&actor(s), id).await?.into())
}

#[derive(Deserialize, ToSchema, utoipa::IntoParams)]
pub struct ListQuery {
    /// received (filed with the caller's congress; its staff) or made (by the caller's unit or
    /// congress). Default: received for staff of a congress with a standing committee.
    pub scope: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/filings", params(ListQuery),
    responses((status = 200, body = Vec<FilingSummary>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Vec<FilingSummary>>> {
    let a = actor(&s);
    let rows = match (q.scope.as_deref(), s.user.role.staff_congress()) {
        (Some("made"), _) => state.store.filings_made(&a).await?,
        (None | Some("received"), Some(congress)) => state.store.filings_received(&a, congress).await?,
        (None, None) => state.store.filings_made(&a).await?,
        (Some("received"), None) => {
            return Err(AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以查看收到的备案文件。"));
        }
        (Some(other), _) => return Err(ValidationError::new("scope", format!("“{other}”应为 received 或 made")).into()),
    };
    Ok(Json(rows.into_iter().map(FilingSummary::from).collect()))
}

/// A document filed: `{"title": "…", "published_on": "2026-03-01", "attachments": ["report",
/// "text"]}` with the files as multipart (`attachments` naming each file's material in order);
/// `maker_id` only when the office records a document found in the gazette.
#[derive(Deserialize, ToSchema)]
pub struct NewFilingBody {
    pub maker_id: Option<i64>,
    pub title: String,
    pub published_on: String,
    #[serde(default)]
    pub attachments: Vec<String>,
}

#[utoipa::path(post, path = "/api/v1/filings",
    request_body(content((NewFilingBody = "application/json"), (FilesForm = "multipart/form-data"))),
    responses((status = 201, body = FilingDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<JsonWithFiles<NewFilingBody>, AppError>,
) -> AppResult<Response> {
    let JsonWithFiles(b, files) = body?;
    let maker = match b.maker_id {
        Some(m) => OrgId(m),
        None => s
            .user
            .role
            .unit()
            .or_else(|| s.user.role.staff_congress())
            .ok_or_else(|| AppError::of(ErrorCode::Forbidden))?,
    };
    let new = NewDocument {
        maker,
        title: b.title,
        published_on: b
            .published_on
            .trim()
            .parse()
            .map_err(|_| ValidationError::new("published_on", "日期格式应为 2026-03-20"))?,
        files: with_attachments(&b.attachments, files)?,
    };
    let id = state.store.file_document(&actor(&s), new).await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &s, id).await?)).into_response())
}

#[utoipa::path(get, path = "/api/v1/filings/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = FilingDetail), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<FilingDetail>> {
    Ok(Json(detail(&state, &s, FilingId(id)).await?))
}

/// A step: `{"command": "register"}`, `{"command": "return", "missing": ["drafting_note"], "note":
/// "…"}`, `{"command": "transfer", "to": "…", "reason": "…"}`, `{"command": "send", "kind":
/// "active|on_request|special", "topic": "…"}`, `{"command": "extend", "reason": "…"}`,
/// `{"command": "find_no_problem"}`, `{"command": "communicate", "note": "…"}`, `{"command":
/// "send_opinion", "demand": "correct|repeal", "text": "…"}`, `{"command": "answer", "agrees":
/// true, "text": "…"}`, `{"command": "report_correction", "text": "…"}`, `{"command":
/// "propose_revocation", "reason": "…", "meeting_id": 3}`, `{"command": "ask_opinion",
/// "committee": "财政经济委员会"}`, `{"command": "extend_opinion", "committee": "…", "reason":
/// "…"}`, `{"command": "record_opinion", "committee": "…", "text": "…"}`; a `resubmit` as
/// multipart with `attachments` naming each file. The standing committee's decision on a
/// proposed revocation is not a step: it is recorded when the agenda item's vote closes.
#[derive(Deserialize, ToSchema)]
pub struct StepBody {
    pub command: String,
    #[serde(default)]
    pub missing: Vec<String>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub demand: String,
    #[serde(default)]
    pub text: String,
    pub agrees: Option<bool>,
    pub meeting_id: Option<i64>,
    /// The 专门委员会 asked for, or giving, its opinion.
    #[serde(default)]
    pub committee: String,
    #[serde(default)]
    pub attachments: Vec<String>,
}

fn step_of(b: StepBody, files: Vec<Upload>) -> AppResult<FilingStep> {
    Ok(match b.command.as_str() {
        "register" => FilingStep::Register,
        "resubmit" => FilingStep::Resubmit(with_attachments(&b.attachments, files)?),
        "return" => FilingStep::Act(Command::Return {
            missing: b
                .missing
                .iter()
                .map(|m| {
                    Attachment::from_code(m.trim())
                        .ok_or_else(|| ValidationError::new("missing", format!("“{m}”不是有效的材料类别")))
                })
                .collect::<Result<_, _>>()?,
            note: b.note,
        }),
        "transfer" => FilingStep::Act(Command::Transfer { to: b.to, reason: b.reason }),
        "send" => FilingStep::Act(Command::Send {
            kind: ReviewKind::from_code(b.kind.trim())
                .ok_or_else(|| ValidationError::new("kind", "kind 应为 active、on_request 或 special"))?,
            topic: b.topic,
        }),
        "extend" => FilingStep::Act(Command::Extend { reason: b.reason }),
        "find_no_problem" => FilingStep::Act(Command::FindNoProblem),
        "communicate" => FilingStep::Act(Command::Communicate { note: b.note }),
        "send_opinion" => FilingStep::Act(Command::SendOpinion {
            demand: Demand::from_code(b.demand.trim())
                .ok_or_else(|| ValidationError::new("demand", "demand 应为 correct 或 repeal"))?,
            text: b.text,
        }),
        "answer" => FilingStep::Act(Command::Answer {
            agrees: b.agrees.ok_or_else(|| ValidationError::new("agrees", "请说明是否同意审查意见"))?,
            text: b.text,
        }),
        "report_correction" => FilingStep::Act(Command::ReportCorrection { text: b.text }),
        "ask_opinion" => FilingStep::Act(Command::AskOpinion { committee: b.committee }),
        "extend_opinion" => FilingStep::Act(Command::ExtendOpinion { committee: b.committee, reason: b.reason }),
        "record_opinion" => FilingStep::Act(Command::RecordOpinion { committee: b.committee, text: b.text }),
        "propose_revocation" => FilingStep::ProposeRevocation {
            reason: b.reason,
            meeting: MeetingId(
                b.meeting_id.ok_or_else(|| ValidationError::new("meeting_id", "请选择提请审议的常委会会议"))?,
            ),
        },
        other => return Err(ValidationError::new("command", format!("“{other}”不是有效的办理操作")).into()),
    })
}

#[utoipa::path(post, path = "/api/v1/filings/{id}/steps", params(("id" = i64, Path)),
    request_body(content((StepBody = "application/json"), (FilesForm = "multipart/form-data"))),
    responses((status = 200, body = FilingDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn step(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<JsonWithFiles<StepBody>, AppError>,
) -> AppResult<Json<FilingDetail>> {
    let JsonWithFiles(b, files) = body?;
    state.store.filing_step(&actor(&s), FilingId(id), step_of(b, files)?).await?;
    Ok(Json(detail(&state, &s, FilingId(id)).await?))
}

#[derive(Serialize, ToSchema)]
pub struct BodyStatsView {
    /// The filing body's code; `null` for the total.
    pub body: Option<String>,
    pub filed: usize,
    pub on_time: usize,
    pub late: usize,
    pub returned: usize,
    pub opinions: usize,
    pub corrected: usize,
    /// Revoked by the standing committee's vote.
    pub revoked: usize,
}

#[derive(Deserialize, ToSchema, utoipa::IntoParams)]
pub struct YearQuery {
    pub year: Option<i16>,
}

#[utoipa::path(get, path = "/api/v1/filings/stats", params(YearQuery),
    responses((status = 200, body = Vec<BodyStatsView>), (status = 403, body = ErrorBody)))]
pub async fn stats(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<Vec<BodyStatsView>>> {
    let congress = own_congress(&s)?;
    let year = q.year.unwrap_or_else(|| state.today().year());
    let rows = state.store.filing_stats(&actor(&s), congress, year).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| BodyStatsView {
                body: r.body.map(|b| b.code().to_owned()),
                filed: r.filed,
                on_time: r.on_time,
                late: r.late,
                returned: r.returned,
                opinions: r.opinions,
                corrected: r.corrected,
                revoked: r.revoked,
            })
            .collect(),
    ))
}

/// The figures the year's 备案审查工作情况报告 is written from (as the stats, per body, with the
/// reviews by kind, the states, the 审查建议 and the documents registered) and its draft text.
#[derive(Serialize, ToSchema)]
pub struct FilingReportDraft {
    #[schema(value_type = Object)]
    pub figures: renda_core::filing::annual::AnnualFigures,
    /// One paragraph a line; `一、` lines are headings; `【请填写……】` must be written before
    /// issuing.
    pub text: String,
}

#[utoipa::path(get, path = "/api/v1/filings/report", params(YearQuery),
    responses((status = 200, body = FilingReportDraft), (status = 403, body = ErrorBody)))]
pub async fn report_draft(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<FilingReportDraft>> {
    let congress = own_congress(&s)?;
    let a = actor(&s);
    let year = q.year.unwrap_or_else(|| state.today().year());
    let figures = state.store.filing_annual(&a, congress, year).await?;
    let t = state.store.official_template(&a, congress, renda_core::official::Kind::FilingReport).await?;
    let text = renda_core::filing::annual::annual_draft(&figures, &t);
    Ok(Json(FilingReportDraft { figures, text }))
}

/// `{"year": 2026, "text": "…"}`.
#[derive(Deserialize, ToSchema)]
pub struct FilingReportBody {
    pub year: i64,
    pub text: String,
}

/// Issues the year's 备案审查工作情况报告 upward to the standing committee with the caller's text
/// (the page's rules): a passage still marked `【请填写……】` is 422 on `text`, the year's report
/// standing already 409 `already_issued`, a year with nothing filed or proposed 422
/// `nothing_to_issue`.
#[utoipa::path(post, path = "/api/v1/filings/report", request_body = FilingReportBody,
    responses((status = 201, body = crate::api_official::OfficialView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn issue_report(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<FilingReportBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let year = renda_core::official::report::check_year(&b.year.to_string(), state.today())?;
    let d =
        crate::pages::filing::issue_filing_report(&state, &s, i16::try_from(year).unwrap_or_default(), &b.text).await?;
    Ok((StatusCode::CREATED, Json(crate::api_official::view(d))).into_response())
}

/// A congress's filing-review and consultation periods (defaults in brackets): filing 30 days,
/// register 10, 补正 10, 移送 10, to the committee 5 working days, review 3 months + 3, committee
/// opinion 30 + 30 days, a 审查建议 answered in 10, the maker's plan and correction 30 each,
/// consultation 30 days.
#[derive(Deserialize, Serialize, ToSchema)]
pub struct FilingSettingsBody {
    pub filing_days: i64,
    pub register_days: i64,
    pub resubmit_days: i64,
    pub transfer_days: i64,
    pub send_working_days: i64,
    pub review_months: i64,
    pub review_extension_months: i64,
    pub committee_opinion_days: i64,
    pub committee_extension_days: i64,
    pub proposal_answer_days: i64,
    pub plan_days: i64,
    pub correction_days: i64,
    pub consultation_days: i64,
}

fn settings_view(s: &Settings) -> FilingSettingsBody {
    FilingSettingsBody {
        filing_days: s.filing_days.into(),
        register_days: s.register_days.into(),
        resubmit_days: s.resubmit_days.into(),
        transfer_days: s.transfer_days.into(),
        send_working_days: s.send_working_days.into(),
        review_months: s.review_months.into(),
        review_extension_months: s.review_extension_months.into(),
        committee_opinion_days: s.committee_opinion_days.into(),
        committee_extension_days: s.committee_extension_days.into(),
        proposal_answer_days: s.proposal_answer_days.into(),
        plan_days: s.plan_days.into(),
        correction_days: s.correction_days.into(),
        consultation_days: s.consultation_days.into(),
    }
}

#[utoipa::path(get, path = "/api/v1/filing-settings",
    responses((status = 200, body = FilingSettingsBody), (status = 403, body = ErrorBody)))]
pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
) -> AppResult<Json<FilingSettingsBody>> {
    let congress = own_congress(&s)?;
    Ok(Json(settings_view(&state.store.filing_settings(congress).await?)))
}

/// Saves the caller's congress's periods (its staff), within the core's bounds: out of bounds is
/// 422 naming the field, and changes nothing.
#[utoipa::path(method(put, post), path = "/api/v1/filing-settings", request_body = FilingSettingsBody,
    responses((status = 200, body = FilingSettingsBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_settings(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<FilingSettingsBody>, AppError>,
) -> AppResult<Json<FilingSettingsBody>> {
    let ApiJson(b) = body?;
    let congress = own_congress(&s)?;
    let months = |n: i64| i32::try_from(n).unwrap_or(-1);
    let new = Settings {
        filing_days: out_of_any_bound_as_zero(b.filing_days),
        register_days: out_of_any_bound_as_zero(b.register_days),
        resubmit_days: out_of_any_bound_as_zero(b.resubmit_days),
        transfer_days: out_of_any_bound_as_zero(b.transfer_days),
        send_working_days: out_of_any_bound_as_zero(b.send_working_days),
        review_months: months(b.review_months),
        review_extension_months: months(b.review_extension_months),
        committee_opinion_days: out_of_any_bound_as_zero(b.committee_opinion_days),
        committee_extension_days: u32::try_from(b.committee_extension_days).unwrap_or(u32::MAX),
        proposal_answer_days: out_of_any_bound_as_zero(b.proposal_answer_days),
        plan_days: out_of_any_bound_as_zero(b.plan_days),
        correction_days: out_of_any_bound_as_zero(b.correction_days),
        consultation_days: out_of_any_bound_as_zero(b.consultation_days),
    };
    let saved = state.store.set_filing_settings(&actor(&s), congress, new).await?;
    Ok(Json(settings_view(&saved)))
}

#[derive(Serialize, ToSchema)]
pub struct ProposalView {
    pub id: i64,
    pub receipt: String,
    pub document: String,
    pub provision: String,
    pub reasons: String,
    pub name: String,
    /// Never published.
    pub contact: String,
    pub consent_to_publish: bool,
    /// received, declined, under_review, answered.
    pub state: String,
    pub received_on: String,
    pub due_on: Option<String>,
    pub filing_id: Option<i64>,
    pub answer: Option<String>,
    pub published: bool,
}

impl From<ProposalRow> for ProposalView {
    fn from(p: ProposalRow) -> Self {
        ProposalView {
            id: p.id.0,
            receipt: p.receipt,
            document: p.proposal.document,
            provision: p.proposal.provision,
            reasons: p.proposal.reasons,
            name: p.proposal.name,
            contact: match p.proposal.contact {
                renda_core::filing::proposal::Contact::Phone(ph) => ph.to_string(),
                renda_core::filing::proposal::Contact::Email(e) => e,
            },
            consent_to_publish: p.proposal.consent_to_publish,
            state: p.progress.state().code().into(),
            received_on: p.received_on.to_string(),
            due_on: p.progress.due_on().map(|d| d.to_string()),
            filing_id: p.progress.filing().map(|f| f.0),
            answer: p.answer,
            published: p.progress.published(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/review-proposals",
    responses((status = 200, body = Vec<ProposalView>), (status = 403, body = ErrorBody)))]
pub async fn proposals(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
) -> AppResult<Json<Vec<ProposalView>>> {
    let congress = own_congress(&s)?;
    Ok(Json(state.store.review_proposals(&actor(&s), congress).await?.into_iter().map(ProposalView::from).collect()))
}

/// What the office does: `{"command": "decline", "reason": "…"}`, `{"command": "open_review",
/// "filing_id": 3}`, `{"command": "answer", "result": "…"}` or `{"command": "publish"}`.
#[derive(Deserialize, ToSchema)]
pub struct ProposalStepBody {
    pub command: String,
    #[serde(default)]
    pub reason: String,
    pub filing_id: Option<i64>,
    #[serde(default)]
    pub result: String,
}

#[utoipa::path(post, path = "/api/v1/review-proposals/{id}", params(("id" = i64, Path)), request_body = ProposalStepBody,
    responses((status = 200, body = ProposalView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act_on_proposal(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ProposalStepBody>,
) -> AppResult<Json<ProposalView>> {
    let command = match b.command.as_str() {
        "decline" => ProposalCommand::Decline { reason: b.reason },
        "open_review" => ProposalCommand::OpenReview {
            filing: FilingId(b.filing_id.ok_or_else(|| ValidationError::new("filing_id", "请选择审查的备案文件"))?),
        },
        "answer" => ProposalCommand::Answer { result: b.result },
        "publish" => ProposalCommand::Publish,
        other => return Err(ValidationError::new("command", format!("“{other}”不是有效的办理操作")).into()),
    };
    let row = state.store.act_on_review_proposal(&actor(&s), ReviewProposalId(id), &command).await?;
    Ok(Json(row.into()))
}

/// A 审查建议 from anyone (no login; rate-limited per address as opinions are): `{"congress_id":
/// 1, "document": "…", "provision": "第五条", "reasons": "…", "name": "…", "contact":
/// "13900139000", "consent_to_publish": true}`. Every problem at once, beside the first field.
#[derive(Deserialize, ToSchema)]
pub struct NewProposalBody {
    pub congress_id: i64,
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub provision: String,
    #[serde(default)]
    pub reasons: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub consent_to_publish: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ProposalReceipt {
    /// The code the proposer follows the proposal by (`/portal/review-proposal/{code}`).
    pub receipt: String,
}

#[utoipa::path(post, path = "/api/v1/review-proposals", request_body = NewProposalBody,
    responses((status = 201, body = ProposalReceipt), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn submit_proposal(
    State(state): State<AppState>,
    crate::auth::ClientAddr(addr): crate::auth::ClientAddr,
    ApiJson(b): ApiJson<NewProposalBody>,
) -> AppResult<Response> {
    let form = renda_core::filing::proposal::ProposalForm {
        document: b.document,
        provision: b.provision,
        reasons: b.reasons,
        name: b.name,
        contact: b.contact,
        consent_to_publish: b.consent_to_publish,
    };
    let proposal = form.check().map_err(AppError::of_refusals)?;
    let (_, receipt) = state.store.submit_review_proposal(OrgId(b.congress_id), &proposal, &addr).await?;
    Ok((StatusCode::CREATED, Json(ProposalReceipt { receipt: receipt.as_str().to_owned() })).into_response())
}
