//! `/api/v1/oversight`: oversight of 一府两院 in the API — the congress's deadline for handling
//! reports, the annual plan and its oversight items (made, edited, published to deputies or the
//! portal), deputies' signatures on an inquiry, review opinions drafted on an item and carried
//! step by step to the body's handling report — with the oversight pages' rules and codes.

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::pages::actor;
use crate::pages::audit::code_of;
use crate::pages::oversight::{
    ItemDetail, ItemInput, ReviewStep, act_on_review, item_detail, new_item, new_plan, plan_detail, set_months,
    sign_for, visible_review,
};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::ids::PersonId;
use renda_core::policy::Role;
use renda_core::value::parse_date;
use renda_store::oversight::{ItemRow, PlanForm, PlanId, PlanItemId, PlanRow, ReviewId, ReviewRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The congress's setting: `{"months": 3}` — the months a body has to report on a review
/// opinion (2 to 6).
#[derive(Deserialize, ToSchema)]
pub struct OversightSettingsBody {
    pub months: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OversightSettingsView {
    pub congress_id: i64,
    pub months: i32,
}

/// Sets the months a body has to report on a review opinion (staff, for their own congress).
#[utoipa::path(post, path = "/api/v1/oversight/settings", request_body = OversightSettingsBody,
    responses((status = 200, body = OversightSettingsView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<OversightSettingsBody>, AppError>,
) -> AppResult<Json<OversightSettingsView>> {
    let ApiJson(b) = body?;
    let (congress, months) = set_months(&state, &s, b.months).await?;
    Ok(Json(OversightSettingsView { congress_id: congress.0, months }))
}

/// An annual plan: `{"year": 2026, "title": "2026年度监督工作计划", "body": "…"}`.
#[derive(Deserialize, ToSchema)]
pub struct PlanBody {
    pub year: i64,
    pub title: String,
    #[serde(default)]
    pub body: String,
}

impl PlanBody {
    fn form(self) -> PlanForm {
        PlanForm { year: self.year, title: self.title, body: self.body }
    }
}

/// An oversight item in a list.
#[derive(Serialize, ToSchema)]
pub struct ItemSummaryView {
    pub id: i64,
    pub year: i64,
    pub form: String,
    pub form_label: String,
    pub title: String,
    pub body_id: Option<i64>,
    pub body_name: Option<String>,
    pub committee: String,
    /// planned, underway, done.
    pub state: String,
    pub state_label: String,
    /// Published to deputies.
    pub published: bool,
    pub on_portal: bool,
}

fn item_summary(i: &ItemRow) -> ItemSummaryView {
    ItemSummaryView {
        id: i.id.0,
        year: i.year,
        form: i.form.code().into(),
        form_label: i.form.label().into(),
        title: i.title.clone(),
        body_id: i.body_org.map(|b| b.0),
        body_name: i.body_name.clone(),
        committee: i.committee.clone(),
        state: i.state.code().into(),
        state_label: i.state.label().into(),
        published: i.published_at.is_some(),
        on_portal: i.on_portal,
    }
}

#[derive(Serialize, ToSchema)]
pub struct PlanView {
    pub id: i64,
    pub congress_id: i64,
    pub congress_name: String,
    pub year: i64,
    pub title: String,
    pub body: String,
    /// Published to deputies.
    pub published: bool,
    pub on_portal: bool,
    /// Its items (for deputies and the public, only those published).
    pub items: Vec<ItemSummaryView>,
    /// Whether this user may edit and publish it.
    pub may_edit: bool,
}

fn plan_view(p: PlanRow, items: &[ItemRow], may_edit: bool) -> PlanView {
    PlanView {
        id: p.id.0,
        congress_id: p.congress.0,
        congress_name: p.congress_name,
        year: p.year,
        title: p.title,
        body: p.body,
        published: p.published_at.is_some(),
        on_portal: p.on_portal,
        items: items.iter().map(item_summary).collect(),
        may_edit,
    }
}

async fn read_plan(state: &AppState, s: &renda_store::users::Session, id: PlanId) -> AppResult<PlanView> {
    let (p, items, may_edit) = plan_detail(state, s, id).await?;
    Ok(plan_view(p, &items, may_edit))
}

/// Makes the annual plan of the staff member's congress (one a year).
#[utoipa::path(post, path = "/api/v1/oversight/plans", request_body = PlanBody,
    responses((status = 201, body = PlanView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_plan(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<PlanBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let id = new_plan(&state, &s, &b.form()).await?;
    Ok((StatusCode::CREATED, Json(read_plan(&state, &s, id).await?)).into_response())
}

/// A plan with its items, for whoever may see it (its congress's staff and those above; deputies
/// once published to them; everyone once on the portal).
#[utoipa::path(get, path = "/api/v1/oversight/plans/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = PlanView), (status = 404, body = ErrorBody)))]
pub async fn show_plan(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<PlanView>> {
    Ok(Json(read_plan(&state, &s, PlanId(id)).await?))
}

/// Edits a plan (staff of its congress).
#[utoipa::path(post, path = "/api/v1/oversight/plans/{id}", params(("id" = i64, Path)), request_body = PlanBody,
    responses((status = 200, body = PlanView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_plan(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<PlanBody>, AppError>,
) -> AppResult<Json<PlanView>> {
    let ApiJson(b) = body?;
    state.store.update_plan(&actor(&s), PlanId(id), &b.form()).await?;
    Ok(Json(read_plan(&state, &s, PlanId(id)).await?))
}

/// Publishing a plan or an item: `{"portal": true}` — to deputies, and on the portal when
/// `portal` (sent again with `false`, it leaves the portal but stays published to deputies).
#[derive(Deserialize, ToSchema)]
pub struct PublishBody {
    #[serde(default)]
    pub portal: bool,
}

/// Publishes a plan to deputies, and on the portal when asked (staff of its congress).
#[utoipa::path(post, path = "/api/v1/oversight/plans/{id}/publish", params(("id" = i64, Path)), request_body = PublishBody,
    responses((status = 200, body = PlanView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn publish_plan(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<PublishBody>, AppError>,
) -> AppResult<Json<PlanView>> {
    let ApiJson(b) = body?;
    state.store.publish_plan(&actor(&s), PlanId(id), b.portal).await?;
    Ok(Json(read_plan(&state, &s, PlanId(id)).await?))
}

/// A meeting at which the item was heard: `{"on": "2026-04-28", "note": "常委会第二十次会议"}`.
#[derive(Deserialize, Serialize, ToSchema)]
pub struct MeetingBody {
    pub on: String,
    #[serde(default)]
    pub note: String,
}

/// An oversight item:
/// `{"plan": 3, "year": 2026, "form": "special_work_report", "title": "听取和审议医疗卫生工作报告",
/// "body": 12, "committee": "教科文卫委员会", "state": "underway", "summary": "…",
/// "meetings": [{"on": "2026-04-28", "note": "常委会第二十次会议"}], "documents": [5, 8]}`
/// (`form`: special_work_report, plan_and_budget, audit_rectification, law_enforcement_inspection,
/// filing_review, inquiry, special_inquiry, interpellation, special_investigation, work_evaluation;
/// `body`: the unit overseen; `state`: planned, underway or done, planned when absent;
/// `documents`: library documents' ids).
#[derive(Deserialize, ToSchema)]
pub struct ItemBody {
    #[serde(default)]
    pub plan: Option<i64>,
    pub year: i64,
    pub form: String,
    pub title: String,
    #[serde(default)]
    pub body: Option<i64>,
    #[serde(default)]
    pub committee: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub meetings: Vec<MeetingBody>,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub documents: Vec<i64>,
}

impl ItemBody {
    fn input(self) -> ItemInput {
        ItemInput {
            plan: self.plan,
            year: self.year,
            form: self.form,
            title: self.title,
            body: self.body,
            committee: self.committee,
            summary: self.summary,
            meetings: self.meetings.into_iter().map(|m| (m.on, m.note)).collect(),
            state: self.state,
            documents: self.documents,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DocumentRefView {
    pub id: i64,
    pub title: String,
}

#[derive(Serialize, ToSchema)]
pub struct SignatureView {
    pub person: i64,
    pub name: String,
    pub signed_on: String,
}

/// A review opinion.
#[derive(Serialize, ToSchema)]
pub struct ReviewView {
    pub id: i64,
    pub congress_id: i64,
    pub item_id: i64,
    pub item_title: String,
    pub body_id: i64,
    pub body_name: String,
    pub text: String,
    /// drafted, approved, sent, reported, commented, voting, voted, closed.
    pub state: String,
    pub state_label: String,
    pub approved_on: Option<String>,
    pub sent_on: Option<String>,
    /// The handling report is due then.
    pub due_on: Option<String>,
    pub reported_on: Option<String>,
    /// satisfied or unsatisfied.
    pub vote: Option<String>,
    pub follow_ups: u32,
    /// On the portal.
    pub published: bool,
    pub report: Option<String>,
    pub committee_comment: Option<String>,
    pub follow_up_reason: Option<String>,
    pub overdue: bool,
    /// Days to the due date (negative once past).
    pub days_left: Option<i32>,
    /// The steps this user may take now: approve, send, submit_report, comment, put_to_vote,
    /// record_vote, order_follow_up, close, publish.
    pub actions: Vec<String>,
}

fn review_view(state: &AppState, role: Role, r: ReviewRow) -> ReviewView {
    let today = state.today();
    let actions = state.store.review_commands(&r, role).into_iter().map(code_of).collect();
    let f = &r.facts;
    ReviewView {
        id: r.id.0,
        congress_id: r.congress.0,
        item_id: r.item.0,
        body_id: f.body.0,
        state: f.state.code().into(),
        state_label: r.state_label().into(),
        approved_on: f.approved_on.map(|d| d.to_string()),
        sent_on: f.sent_on.map(|d| d.to_string()),
        due_on: f.due_on.map(|d| d.to_string()),
        reported_on: f.reported_on.map(|d| d.to_string()),
        vote: f.vote.map(|v| v.code().into()),
        follow_ups: f.follow_ups,
        published: f.published,
        overdue: f.is_overdue(today),
        days_left: f.days_left(today),
        actions,
        item_title: r.item_title,
        body_name: r.body_name,
        text: r.text,
        report: r.report_text,
        committee_comment: r.committee_comment,
        follow_up_reason: r.follow_up_reason,
    }
}

#[derive(Serialize, ToSchema)]
pub struct ItemView {
    #[serde(flatten)]
    pub item: ItemSummaryView,
    pub congress_id: i64,
    pub plan_id: Option<i64>,
    pub summary: String,
    pub meetings: Vec<MeetingBody>,
    pub documents: Vec<DocumentRefView>,
    /// The signers of a 质询 or 专题询问 (empty for other forms).
    pub signatures: Vec<SignatureView>,
    /// For a 质询: the signatures the law requires at this congress's level.
    pub threshold: Option<u32>,
    /// For a 质询: whether the signatures meet the threshold.
    pub filed: Option<bool>,
    /// The review opinions on it this user may see.
    pub reviews: Vec<ReviewView>,
    /// Whether this user may edit, publish and sign it.
    pub may_edit: bool,
    /// Whether this user may draft a review opinion on it.
    pub may_review: bool,
}

async fn read_item(state: &AppState, s: &renda_store::users::Session, id: PlanItemId) -> AppResult<ItemView> {
    let ItemDetail { i, documents, signs: _, signatures, threshold, filed, reviews, may_edit, may_review } =
        item_detail(state, s, id).await?;
    Ok(ItemView {
        item: item_summary(&i),
        congress_id: i.congress.0,
        plan_id: i.plan.map(|p| p.0),
        summary: i.summary,
        meetings: i.meetings.into_iter().map(|m| MeetingBody { on: m.on.to_string(), note: m.note }).collect(),
        documents: documents.into_iter().map(|(id, title)| DocumentRefView { id, title }).collect(),
        signatures: signatures
            .into_iter()
            .map(|(p, name, signed_on)| SignatureView { person: p.0, name, signed_on })
            .collect(),
        threshold,
        filed,
        reviews: reviews.into_iter().map(|r| review_view(state, s.user.role, r)).collect(),
        may_edit,
        may_review,
    })
}

/// Makes an oversight item in the staff member's congress, in a plan or on its own.
#[utoipa::path(post, path = "/api/v1/oversight/items", request_body = ItemBody,
    responses((status = 201, body = ItemView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_item(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<ItemBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let id = new_item(&state, &s, &b.input().form()?).await?;
    Ok((StatusCode::CREATED, Json(read_item(&state, &s, id).await?)).into_response())
}

/// An item with its documents, signatures and the review opinions the user may see (its
/// congress's staff and those above; the body overseen; deputies once published to them;
/// everyone once on the portal).
#[utoipa::path(get, path = "/api/v1/oversight/items/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = ItemView), (status = 404, body = ErrorBody)))]
pub async fn show_item(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ItemView>> {
    Ok(Json(read_item(&state, &s, PlanItemId(id)).await?))
}

/// Edits an item (staff of its congress); the documents and meetings are replaced by those sent.
#[utoipa::path(post, path = "/api/v1/oversight/items/{id}", params(("id" = i64, Path)), request_body = ItemBody,
    responses((status = 200, body = ItemView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_item(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<ItemBody>, AppError>,
) -> AppResult<Json<ItemView>> {
    let ApiJson(b) = body?;
    state.store.update_item(&actor(&s), PlanItemId(id), &b.input().form()?).await?;
    Ok(Json(read_item(&state, &s, PlanItemId(id)).await?))
}

/// Publishes an item to deputies, and on the portal when asked (staff of its congress).
#[utoipa::path(post, path = "/api/v1/oversight/items/{id}/publish", params(("id" = i64, Path)), request_body = PublishBody,
    responses((status = 200, body = ItemView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn publish_item(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<PublishBody>, AppError>,
) -> AppResult<Json<ItemView>> {
    let ApiJson(b) = body?;
    state.store.publish_item(&actor(&s), PlanItemId(id), b.portal).await?;
    Ok(Json(read_item(&state, &s, PlanItemId(id)).await?))
}

/// A deputy's signature on a 质询 or 专题询问: `{"person": 7, "on": "2026-05-10"}` (`on`: today
/// when absent; the signer must be in office in the item's congress that day).
#[derive(Deserialize, ToSchema)]
pub struct SignBody {
    pub person: i64,
    #[serde(default)]
    pub on: Option<String>,
}

/// Records a signature (staff of the item's congress); each deputy signs once (409
/// `already_signed`). The answer is the item with its signatures and, for a 质询, whether the
/// threshold is met.
#[utoipa::path(post, path = "/api/v1/oversight/items/{id}/sign", params(("id" = i64, Path)), request_body = SignBody,
    responses((status = 200, body = ItemView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn sign(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<SignBody>, AppError>,
) -> AppResult<Json<ItemView>> {
    let ApiJson(b) = body?;
    let on = b.on.as_deref().filter(|d| !d.trim().is_empty()).map(|d| parse_date("on", d)).transpose()?;
    sign_for(&state, &s, PlanItemId(id), PersonId(b.person), on).await?;
    Ok(Json(read_item(&state, &s, PlanItemId(id)).await?))
}

/// A review opinion drafted on an item: `{"text": "一、…"}`.
#[derive(Deserialize, ToSchema)]
pub struct NewReviewBody {
    pub text: String,
}

/// Drafts a review opinion to the item's body overseen (staff of its congress; only forms that
/// yield review opinions).
#[utoipa::path(post, path = "/api/v1/oversight/items/{id}/reviews", params(("id" = i64, Path)), request_body = NewReviewBody,
    responses((status = 201, body = ReviewView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_review(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<NewReviewBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let r = state.store.create_review(&actor(&s), PlanItemId(id), &b.text).await?;
    let r = visible_review(&state, &s, r).await?;
    Ok((StatusCode::CREATED, Json(review_view(&state, s.user.role, r))).into_response())
}

/// A review opinion, for whoever may see it (its congress's staff and those above; the body
/// and deputies once sent; everyone once published).
#[utoipa::path(get, path = "/api/v1/oversight/reviews/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = ReviewView), (status = 404, body = ErrorBody)))]
pub async fn show_review(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ReviewView>> {
    let r = visible_review(&state, &s, ReviewId(id)).await?;
    Ok(Json(review_view(&state, s.user.role, r)))
}

/// A step of a review opinion: `{"command": "approve"}`, `{"command": "send", "on": "2026-05-10"}`,
/// `{"command": "submit_report", "report": "…"}` (the body overseen), `{"command": "comment", "text": "…"}`,
/// `{"command": "put_to_vote"}`, `{"command": "record_vote", "result": "satisfied"}` (or unsatisfied),
/// `{"command": "order_follow_up", "on": "2026-09-01", "reason": "…"}`, `{"command": "close"}`,
/// `{"command": "publish"}` (`on`: today when absent).
#[derive(Deserialize, ToSchema)]
pub struct ReviewStepBody {
    pub command: String,
    #[serde(default)]
    pub on: Option<String>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub report: String,
}

/// Gives one step; the answer is the opinion as it now stands. A step not open now is 409 with
/// its reason.
#[utoipa::path(post, path = "/api/v1/oversight/reviews/{id}/actions", params(("id" = i64, Path)), request_body = ReviewStepBody,
    responses((status = 200, body = ReviewView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<ReviewStepBody>, AppError>,
) -> AppResult<Json<ReviewView>> {
    let ApiJson(b) = body?;
    let on = b.on.as_deref().filter(|d| !d.trim().is_empty()).map(|d| parse_date("on", d)).transpose()?;
    let step =
        ReviewStep { command: &b.command, on, text: &b.text, result: &b.result, reason: &b.reason, report: &b.report };
    act_on_review(&state, &s, ReviewId(id), step).await?;
    let r = visible_review(&state, &s, ReviewId(id)).await?;
    Ok(Json(review_view(&state, s.user.role, r)))
}
