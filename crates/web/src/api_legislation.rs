//! `/api/v1/regulations` and `/api/v1/legislative-points`: the consultation on draft regulations
//! (法规草案公开征求意见) in the API — the twins of the staff's and the portal's pages
//! (`crate::pages::legislation`), through the same helpers, so the rules and codes are the pages':
//! a county opening one is 403 `consultation_needs_city`, a comment after the period 409
//! `consultation_not_open`, an article the draft lacks 422 `no_such_article`.

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::{ClientAddr, CurrentUser, MaybeUser};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::pages::legislation::portal::number_in;
use crate::pages::legislation::{
    CommentInput, DraftInput, add_version_from, answer_from, comment_from, group_from, open_from, point_from,
};
use crate::pages::liaison::opinions::receipt_flood;
use crate::pages::{actor, reader_actor};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::filing::consultation::{Disposition, Source, Target};
use renda_core::liaison::receipt::ReceiptCode;
use renda_store::legislation::{
    CommentReceipt, CommentRow, GroupRow, PublishedReport, RegulationId, RegulationRow, RegulationSummary,
};
use renda_store::users::Session;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ArticleView {
    pub number: u32,
    /// 第五条
    pub heading: String,
    pub text: String,
    pub chapter: Option<String>,
    /// The portal's anchor: art-5.
    pub anchor: String,
}

#[derive(Serialize, ToSchema)]
pub struct VersionView {
    pub number: u32,
    pub opens_on: String,
    pub closes_on: String,
    /// not_yet, open or closed.
    pub phase: String,
    pub phase_label: String,
    /// Days left after today while open (0 on the last day).
    pub days_left: Option<i32>,
    pub text: String,
    pub explanation: String,
    pub articles: Vec<ArticleView>,
}

#[derive(Serialize, ToSchema)]
pub struct RegulationView {
    pub id: i64,
    pub congress_id: i64,
    pub congress_name: String,
    pub title: String,
    pub versions: Vec<VersionView>,
    /// The versions whose 征求意见情况 is published.
    pub reported: Vec<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct RegulationSummaryView {
    pub id: i64,
    pub congress_name: String,
    pub title: String,
    pub version: u32,
    pub opens_on: String,
    pub closes_on: String,
    pub phase_label: String,
    pub comments: i64,
    pub reported: bool,
}

/// A comment as its congress's staff read it: who sent it included (never published).
#[derive(Serialize, ToSchema)]
pub struct CommentView {
    pub id: i64,
    pub receipt: String,
    pub version: u32,
    /// online, letter, email, liaison_point or deputy.
    pub channel: String,
    /// The article commented on; none for the whole draft.
    pub article: Option<u32>,
    pub text: String,
    pub on: String,
    pub group: Option<i64>,
    pub name: String,
    pub contact: String,
    pub station: Option<i64>,
    pub people: u32,
    pub person: Option<i64>,
}

/// What the holder of a receipt code reads.
#[derive(Serialize, ToSchema)]
pub struct CommentReceiptView {
    pub receipt: String,
    pub regulation_id: i64,
    pub title: String,
    pub version: u32,
    pub article: Option<u32>,
    pub text: String,
    pub on: String,
    pub channel: String,
    /// Whether the 征求意见情况 of its version is published.
    pub reported: bool,
    /// Its group's number in the published report.
    pub group_number: Option<usize>,
    /// adopted, partly_adopted or not_adopted, once published.
    pub disposition: Option<String>,
    pub reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct GroupView {
    pub id: i64,
    pub version: u32,
    pub summary: String,
    pub size: i64,
    pub disposition: Option<String>,
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct CountView {
    /// A channel's or a disposition's code ("unanswered" for none), or "whole" / "article".
    pub key: String,
    pub label: String,
    /// The article for a count by article.
    pub article: Option<u32>,
    pub count: usize,
}

#[derive(Serialize, ToSchema)]
pub struct ReportGroupView {
    pub number: usize,
    pub summary: String,
    pub size: usize,
    /// The articles the group's comments are on (0: the whole draft).
    pub articles: Vec<u32>,
    pub disposition: Option<String>,
    pub reason: String,
}

/// The published 征求意见情况 of one version.
#[derive(Serialize, ToSchema)]
pub struct ReportView {
    pub version: u32,
    pub published_on: String,
    pub comments: usize,
    pub opinions: usize,
    pub people: u64,
    pub by_channel: Vec<CountView>,
    pub by_target: Vec<CountView>,
    pub by_disposition: Vec<CountView>,
    pub groups: Vec<ReportGroupView>,
}

#[derive(Deserialize, ToSchema)]
pub struct GroupBody {
    /// The comments to put in one new group (of one version).
    pub comments: Vec<i64>,
}

#[derive(Deserialize, ToSchema)]
pub struct AnswerBody {
    pub group: i64,
    /// adopted, partly_adopted or not_adopted.
    pub disposition: String,
    /// Required unless adopted.
    #[serde(default)]
    pub reason: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ReportBody {
    pub version: u32,
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct PointBody {
    pub station: i64,
    /// true: a 基层立法联系点; false: no longer.
    pub on: bool,
}

fn article_of(t: Target) -> Option<u32> {
    match t {
        Target::Whole => None,
        Target::Article(n) => Some(n),
    }
}

fn regulation_view(state: &AppState, r: RegulationRow) -> RegulationView {
    let today = state.today();
    RegulationView {
        id: r.id.0,
        congress_id: r.congress.0,
        congress_name: r.congress_name,
        title: r.title,
        reported: r.reported,
        versions: r
            .versions
            .into_iter()
            .map(|v| {
                let phase = v.version.phase(today);
                VersionView {
                    number: v.version.number,
                    opens_on: v.version.opens_on.to_string(),
                    closes_on: v.version.closes_on.to_string(),
                    phase: match phase {
                        renda_core::filing::consultation::Phase::NotYet => "not_yet",
                        renda_core::filing::consultation::Phase::Open { .. } => "open",
                        renda_core::filing::consultation::Phase::Closed => "closed",
                    }
                    .to_owned(),
                    phase_label: phase.label(),
                    days_left: v.version.days_left(today),
                    text: v.draft.text,
                    explanation: v.draft.explanation,
                    articles: v
                        .draft
                        .articles
                        .into_iter()
                        .map(|a| ArticleView {
                            anchor: a.anchor(),
                            number: a.number,
                            heading: a.heading,
                            text: a.text,
                            chapter: a.chapter,
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

fn summary_view(state: &AppState, r: RegulationSummary) -> RegulationSummaryView {
    RegulationSummaryView {
        id: r.id.0,
        congress_name: r.congress_name,
        title: r.title,
        version: r.latest.number,
        opens_on: r.latest.opens_on.to_string(),
        closes_on: r.latest.closes_on.to_string(),
        phase_label: r.latest.phase(state.today()).label(),
        comments: r.comments,
        reported: r.reported,
    }
}

fn comment_view(c: CommentRow) -> CommentView {
    let channel = c.comment.source.channel().code().to_owned();
    let (mut name, mut contact, mut station, mut people, mut person) = (String::new(), String::new(), None, 1, None);
    match c.comment.source {
        Source::Online { name: n, contact: k } => (name, contact) = (n, k),
        Source::Letter { name: n } => name = n,
        Source::Email { name: n, address } => (name, contact) = (n, address),
        Source::LiaisonPoint { station: s, people: p } => (station, people) = (Some(s.0), p),
        Source::Deputy { person: p } => person = Some(p.0),
    }
    CommentView {
        id: c.id.0,
        receipt: c.receipt,
        version: c.comment.version,
        channel,
        article: article_of(c.comment.target),
        text: c.comment.text,
        on: c.comment.on.to_string(),
        group: c.comment.group.map(|g| g.0),
        name,
        contact,
        station,
        people,
        person,
    }
}

fn group_view(g: GroupRow) -> GroupView {
    GroupView {
        id: g.id.0,
        version: g.version,
        summary: g.summary,
        size: g.size,
        disposition: g.answer.as_ref().map(|a| a.disposition.code().to_owned()),
        reason: g.answer.map(|a| a.reason).unwrap_or_default(),
    }
}

fn report_view(p: &PublishedReport) -> ReportView {
    let r = &p.report;
    let disposition = |d: Option<Disposition>| CountView {
        key: d.map_or("unanswered", Disposition::code).to_owned(),
        label: d.map_or("未答复", Disposition::label).to_owned(),
        article: None,
        count: 0,
    };
    ReportView {
        version: p.version,
        published_on: p.published_on.to_string(),
        comments: r.comments,
        opinions: r.opinions,
        people: r.people,
        by_channel: r
            .by_channel
            .iter()
            .map(|(c, n)| CountView { key: c.code().to_owned(), label: c.label().to_owned(), article: None, count: *n })
            .collect(),
        by_target: r
            .by_target
            .iter()
            .map(|(t, n)| CountView {
                key: if article_of(*t).is_some() { "article" } else { "whole" }.to_owned(),
                label: t.label(),
                article: article_of(*t),
                count: *n,
            })
            .collect(),
        by_disposition: r.by_disposition.iter().map(|(d, n)| CountView { count: *n, ..disposition(*d) }).collect(),
        groups: r
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| ReportGroupView {
                number: i + 1,
                summary: p.summaries.get(&g.group.0).cloned().unwrap_or_default(),
                size: g.size,
                articles: g.targets.iter().map(|t| article_of(*t).unwrap_or(0)).collect(),
                disposition: g.disposition.map(|d| d.code().to_owned()),
                reason: g.reason.clone(),
            })
            .collect(),
    }
}

async fn receipt_view(state: &AppState, code: ReceiptCode, c: CommentReceipt) -> AppResult<CommentReceiptView> {
    let number = if c.reported {
        number_in(&state.store.regulation_reports(&reader_actor(None), c.regulation).await?, &c)
    } else {
        None
    };
    Ok(CommentReceiptView {
        receipt: code.grouped(),
        regulation_id: c.regulation.0,
        title: c.title,
        version: c.version,
        article: article_of(c.target),
        text: c.text,
        on: c.on.to_string(),
        channel: c.channel.code().to_owned(),
        reported: c.reported,
        group_number: number,
        disposition: c.answer.as_ref().map(|a| a.disposition.code().to_owned()),
        reason: c.answer.map(|a| a.reason),
    })
}

async fn read(state: &AppState, s: Option<&Session>, id: RegulationId) -> AppResult<RegulationView> {
    Ok(regulation_view(state, state.store.regulation(&reader_actor(s), id).await?))
}

/// The draft regulations the caller may list: staff their congress's (and those below), anyone
/// else those published.
#[utoipa::path(get, path = "/api/v1/regulations", responses((status = 200, body = Vec<RegulationSummaryView>)))]
pub async fn list(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
) -> AppResult<Json<Vec<RegulationSummaryView>>> {
    let rows = state.store.list_regulations(&reader_actor(s.as_ref())).await?;
    Ok(Json(rows.into_iter().map(|r| summary_view(&state, r)).collect()))
}

/// Opens a consultation on a first draft in the caller's congress (a 设区的市's staff): the
/// twin of `/legislation`'s form.
#[utoipa::path(post, path = "/api/v1/regulations", request_body = DraftInput,
    responses((status = 201, body = RegulationView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<DraftInput>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let id = open_from(&state, &s, &b).await?;
    Ok((StatusCode::CREATED, Json(read(&state, Some(&s), id).await?)).into_response())
}

/// One regulation: its staff see every version, anyone else those opened.
#[utoipa::path(get, path = "/api/v1/regulations/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = RegulationView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    Path(id): Path<i64>,
) -> AppResult<Json<RegulationView>> {
    Ok(Json(read(&state, s.as_ref(), RegulationId(id)).await?))
}

/// Publishes the next draft for comment (once the last one's period closed).
#[utoipa::path(post, path = "/api/v1/regulations/{id}/versions", params(("id" = i64, Path)), request_body = DraftInput,
    responses((status = 201, body = RegulationView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_version(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<DraftInput>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    add_version_from(&state, &s, RegulationId(id), &b).await?;
    Ok((StatusCode::CREATED, Json(read(&state, Some(&s), RegulationId(id)).await?)).into_response())
}

/// A comment on the version open today: a citizen's (name and contact required, never
/// published; limited per address), a deputy's own, or a letter, e-mail or 联系点 meeting entered
/// by the congress's staff. 201 with the receipt code.
#[utoipa::path(post, path = "/api/v1/regulations/{id}/comments", params(("id" = i64, Path)), request_body = CommentInput,
    responses((status = 201, body = CommentReceiptView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn comment(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<i64>,
    body: Result<ApiJson<CommentInput>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let (_, code) = comment_from(&state, s.as_ref(), RegulationId(id), &b, &addr).await?;
    let c = state.store.comment_by_receipt(code).await?;
    Ok((StatusCode::CREATED, Json(receipt_view(&state, code, c).await?)).into_response())
}

/// Every comment with who sent it: the congress's staff and those above.
#[utoipa::path(get, path = "/api/v1/regulations/{id}/comments", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<CommentView>), (status = 404, body = ErrorBody)))]
pub async fn comments(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<CommentView>>> {
    let rows = state.store.regulation_comments(&actor(&s), RegulationId(id)).await?;
    Ok(Json(rows.into_iter().map(comment_view).collect()))
}

/// The groups of duplicate comments and their answers: the congress's staff and those above.
#[utoipa::path(get, path = "/api/v1/regulations/{id}/groups", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<GroupView>), (status = 404, body = ErrorBody)))]
pub async fn groups(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<GroupView>>> {
    let rows = state.store.comment_groups(&actor(&s), RegulationId(id)).await?;
    Ok(Json(rows.into_iter().map(group_view).collect()))
}

async fn group_of(state: &AppState, s: &Session, id: RegulationId, group: i64) -> AppResult<GroupView> {
    let rows = state.store.comment_groups(&actor(s), id).await?;
    rows.into_iter()
        .find(|g| g.id.0 == group)
        .map(group_view)
        .ok_or_else(|| renda_store::StoreError::NotFound("该组意见").into())
}

/// Puts comments of one version in one new group (they leave their former groups).
#[utoipa::path(post, path = "/api/v1/regulations/{id}/groups", params(("id" = i64, Path)), request_body = GroupBody,
    responses((status = 201, body = GroupView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn group(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<GroupBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let g = group_from(&state, &s, RegulationId(id), &b.comments).await?;
    Ok((StatusCode::CREATED, Json(group_of(&state, &s, RegulationId(id), g.0).await?)).into_response())
}

/// Answers a group: adopted, or partly_adopted / not_adopted with the reason (422
/// `reason_required` without one).
#[utoipa::path(post, path = "/api/v1/regulations/{id}/answers", params(("id" = i64, Path)), request_body = AnswerBody,
    responses((status = 200, body = GroupView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn answer(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<AnswerBody>, AppError>,
) -> AppResult<Json<GroupView>> {
    let ApiJson(b) = body?;
    answer_from(&state, &s, RegulationId(id), b.group, &b.disposition, &b.reason).await?;
    Ok(Json(group_of(&state, &s, RegulationId(id), b.group).await?))
}

/// Publishes a version's 征求意见情况 once its period has closed (409
/// `consultation_still_open` before, `report_already_published` a second time).
#[utoipa::path(post, path = "/api/v1/regulations/{id}/report", params(("id" = i64, Path)), request_body = ReportBody,
    responses((status = 201, body = ReportView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<ReportBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let p = state.store.publish_regulation_report(&actor(&s), RegulationId(id), b.version, state.today()).await?;
    Ok((StatusCode::CREATED, Json(report_view(&p))).into_response())
}

/// The published 征求意见情况, by version: whoever may read the regulation.
#[utoipa::path(get, path = "/api/v1/regulations/{id}/report", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ReportView>), (status = 404, body = ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<ReportView>>> {
    let reports = state.store.regulation_reports(&reader_actor(s.as_ref()), RegulationId(id)).await?;
    Ok(Json(reports.iter().map(report_view).collect()))
}

/// A comment by its receipt code (limited per address, as opinions' codes are).
#[utoipa::path(get, path = "/api/v1/regulations/receipt/{code}", params(("code" = String, Path)),
    responses((status = 200, body = CommentReceiptView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn receipt(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Path(code): Path<String>,
) -> AppResult<Response> {
    if let Some(refused) = receipt_flood(&state, &addr) {
        return Ok(refused);
    }
    let code = ReceiptCode::parse(&code)?;
    let c = state.store.comment_by_receipt(code).await?;
    Ok(Json(receipt_view(&state, code, c).await?).into_response())
}

/// Flags a liaison station as a 基层立法联系点, or takes the flag away (its congress's staff).
#[utoipa::path(post, path = "/api/v1/legislative-points", request_body = PointBody,
    responses((status = 200, body = PointBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn point(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<PointBody>, AppError>,
) -> AppResult<Json<PointBody>> {
    let ApiJson(b) = body?;
    point_from(&state, &s, b.station, b.on).await?;
    Ok(Json(b))
}
