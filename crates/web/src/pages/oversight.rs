//! Oversight of 一府两院 (同力): the annual plan with its items, item pages (meetings, documents,
//! inquiry signatures with the threshold), review opinions (审议意见) step by step, the overdue
//! board and the congress's deadline setting for staff; the body overseen's opinions with the
//! handling-report form; published oversight for deputies; the portal page.
//!
//! The pages show the commands the core permits; the store checks the policy again on every
//! write.

use super::columns::{BoardPage, Columns, Table, day, days_overdue};
use super::{Ctx, actor, done, notice_text, render};
use crate::AppState;
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use renda_core::ErrorCode;
use renda_core::ValidationError;
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::OrgKind;
use renda_core::oversight::review::{Command, CommandKind, VoteResult};
use renda_core::oversight::{OversightForm, inquiry_threshold};
use renda_core::policy::{Action, Resource, Role};
use renda_core::value::parse_date;
use renda_store::oversight::{
    ItemForm, ItemRow, ItemState, Meeting, OversightFilter, PlanForm, PlanId, PlanItemId, PlanRow, ReviewFilter,
    ReviewId, ReviewRow,
};

/// The fields of an urlencoded form, repeated names kept (checkbox groups).
pub(crate) struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn parse(body: &Bytes) -> AppResult<Fields> {
        crate::extract::form_pairs(body).map(Fields)
    }

    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    pub fn int(&self, name: &str, what: &str) -> AppResult<i64> {
        self.get(name).trim().parse().map_err(|_| ValidationError::new(name, format!("请选择或填写{what}")).into())
    }

    pub fn opt_int(&self, name: &str) -> AppResult<Option<i64>> {
        super::opt_id(name, Some(self.get(name)))
    }

    pub fn date(&self, name: &str) -> AppResult<Date> {
        Ok(parse_date(name, self.get(name))?)
    }
}

/// The congress a staff member works for (the only one they write in).
pub(crate) fn own_congress(s: &renda_store::users::Session) -> AppResult<OrgId> {
    s.user
        .role
        .staff_congress()
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以办理监督工作。"))
}

/// The congresses a deputy sits in.
async fn deputy_congresses(state: &AppState, person: PersonId) -> AppResult<Vec<OrgId>> {
    let mut v: Vec<OrgId> = state.store.deputyships_of(person).await?.into_iter().map(|d| d.congress).collect();
    v.sort_unstable_by_key(|c| c.0);
    v.dedup();
    Ok(v)
}

/// The units of a congress (the bodies that may be overseen): (id, name).
pub(crate) async fn units_of(state: &AppState, congress: OrgId) -> AppResult<Vec<(i64, String)>> {
    Ok(state
        .store
        .orgs_of_congress(congress)
        .await?
        .into_iter()
        .filter(|o| matches!(o.kind, OrgKind::Unit(_)))
        .map(|o| (o.id.0, o.name.to_string()))
        .collect())
}

fn forms() -> Vec<(&'static str, &'static str)> {
    OversightForm::ALL.iter().map(|f| (f.code(), f.label())).collect()
}

fn item_states() -> Vec<(&'static str, &'static str)> {
    ItemState::ALL.iter().map(|s| (s.code(), s.label())).collect()
}

#[derive(Template)]
#[template(path = "oversight.html")]
pub struct HomePage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub is_staff: bool,
    pub is_unit: bool,
    pub plans: Vec<PlanRow>,
    pub items: Vec<ItemRow>,
    pub reviews: Vec<ReviewRow>,
    pub overdue: usize,
    pub months: i32,
    pub year: i16,
    pub today: Date,
}

impl HomePage {
    pub fn late(&self, r: &ReviewRow) -> bool {
        r.facts.is_overdue(self.today)
    }
}

/// 监督工作: staff see the plans and their settings; a unit its opinions; a deputy what was
/// published to deputies.
pub async fn home(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let today = state.today();
    let mut page = HomePage {
        ctx: Ctx::new(&state, Some(&s), "监督工作", "/oversight"),
        notice: notice_text(q.notice.as_deref()),
        is_staff: false,
        is_unit: false,
        plans: Vec::new(),
        items: Vec::new(),
        reviews: Vec::new(),
        overdue: 0,
        months: 0,
        year: today.year(),
        today,
    };
    match s.user.role {
        Role::Staff { congress } => {
            let me = actor(&s);
            let cs = state.store.listable_congresses(&me).await?;
            page.is_staff = true;
            page.plans = state.store.list_plans(&me, &OversightFilter { congresses: cs, ..Default::default() }).await?;
            let own = OversightFilter { congresses: vec![congress], ..Default::default() };
            page.items = state.store.list_items(&me, &own).await?;
            page.items.retain(|i| i.plan.is_none());
            page.months = state.store.review_settings(congress).await?.report_months();
            page.overdue = state
                .store
                .list_reviews(
                    &me,
                    &ReviewFilter { congresses: vec![congress], overdue_on: Some(today), ..Default::default() },
                )
                .await?
                .len();
        }
        Role::Admin => {
            page.plans = state.store.list_plans(&actor(&s), &OversightFilter::default()).await?;
        }
        Role::Unit { unit } => {
            page.is_unit = true;
            let me = actor(&s);
            page.items =
                state.store.list_items(&me, &OversightFilter { body: Some(unit), ..Default::default() }).await?;
            page.reviews =
                state.store.list_reviews(&me, &ReviewFilter { body: Some(unit), ..Default::default() }).await?;
        }
        Role::Deputy { person } => {
            let cs = deputy_congresses(&state, person).await?;
            if !cs.is_empty() {
                let me = actor(&s);
                let f = OversightFilter { congresses: cs.clone(), ..Default::default() };
                page.plans = state.store.list_plans(&me, &f).await?;
                page.reviews = state
                    .store
                    .list_reviews(&me, &ReviewFilter { congresses: cs, sent_only: true, ..Default::default() })
                    .await?;
            }
        }
        Role::Public => return Ok(Redirect::to("/portal/oversight").into_response()),
    }
    render(&page)
}

/// The congress's deadline setting (2 to 6 months).
pub async fn settings(State(state): State<AppState>, CurrentUser(s): CurrentUser, body: Bytes) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    set_months(&state, &s, f.int("months", "办理期限（月）")?).await?;
    Ok(done("/oversight", "oversight_settings"))
}

/// Sets the months a body has to report in the staff member's own congress (the page's form
/// and the API): 2 to 6.
pub(crate) async fn set_months(
    state: &AppState,
    s: &renda_store::users::Session,
    months: i64,
) -> AppResult<(OrgId, i32)> {
    let congress = own_congress(s)?;
    let months = i32::try_from(months).map_err(|_| ValidationError::new("months", "审议意见办理期限应为2至6个月"))?;
    let set = state.store.set_review_months(&actor(s), congress, months).await?;
    Ok((congress, set.report_months()))
}

fn plan_form(f: &Fields) -> AppResult<PlanForm> {
    Ok(PlanForm { year: f.int("year", "年度")?, title: f.get("title").to_owned(), body: f.get("body").to_owned() })
}

pub async fn create_plan(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Bytes,
) -> AppResult<Response> {
    let id = new_plan(&state, &s, &plan_form(&Fields::parse(&body)?)?).await?;
    Ok(done(&format!("/oversight/plans/{}", id.0), "plan_created"))
}

/// Makes the annual plan of the staff member's own congress (the page's form and the API).
pub(crate) async fn new_plan(state: &AppState, s: &renda_store::users::Session, f: &PlanForm) -> AppResult<PlanId> {
    let congress = own_congress(s)?;
    Ok(state.store.create_plan(&actor(s), congress, f).await?)
}

/// A plan as this user may see it: the plan, the items of it they may read, and whether they
/// may edit it.
pub(crate) async fn plan_detail(
    state: &AppState,
    s: &renda_store::users::Session,
    id: PlanId,
) -> AppResult<(PlanRow, Vec<ItemRow>, bool)> {
    let p = state.store.plan(&actor(s), id).await?;
    let may_edit = super::may_in(state, s, Action::Edit, Resource::Oversight, p.congress).await?;
    let items = state.store.list_items(&actor(s), &OversightFilter { plan: Some(p.id), ..Default::default() }).await?;
    Ok((p, items, may_edit))
}

#[derive(Template)]
#[template(path = "oversight_plan.html")]
pub struct PlanPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub p: PlanRow,
    pub items: Vec<ItemRow>,
    pub may_edit: bool,
    pub forms: Vec<(&'static str, &'static str)>,
    pub states: Vec<(&'static str, &'static str)>,
    pub units: Vec<(i64, String)>,
}

pub async fn plan(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let (p, items, may_edit) = plan_detail(&state, &s, PlanId(id)).await?;
    render(&PlanPage {
        ctx: Ctx::new(&state, Some(&s), &p.title, "/oversight"),
        notice: notice_text(q.notice.as_deref()),
        units: if may_edit { units_of(&state, p.congress).await? } else { Vec::new() },
        p,
        items,
        may_edit,
        forms: forms(),
        states: item_states(),
    })
}

pub async fn update_plan(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    state.store.update_plan(&actor(&s), PlanId(id), &plan_form(&Fields::parse(&body)?)?).await?;
    Ok(done(&format!("/oversight/plans/{id}"), "plan_saved"))
}

pub async fn publish_plan(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    state.store.publish_plan(&actor(&s), PlanId(id), f.get("portal") == "1").await?;
    Ok(done(
        &format!("/oversight/plans/{id}"),
        if f.get("portal") == "1" { "published_portal" } else { "published_deputies" },
    ))
}

/// Meetings as typed, one a line: `2026-02-26 常委会第二十次会议`, as (day, note).
fn meeting_lines(raw: &str) -> Vec<(String, String)> {
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (d, note) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
            (d.to_owned(), note.trim().to_owned())
        })
        .collect()
}

/// An oversight item as the page's form and the API take it, before its codes and days are
/// read: `form` and `state` by code (an unknown state is 计划中), meetings as (day, note).
pub(crate) struct ItemInput {
    pub plan: Option<i64>,
    pub year: i64,
    pub form: String,
    pub title: String,
    pub body: Option<i64>,
    pub committee: String,
    pub summary: String,
    pub meetings: Vec<(String, String)>,
    pub state: String,
    pub documents: Vec<i64>,
}

impl ItemInput {
    pub(crate) fn form(self) -> AppResult<ItemForm> {
        let form =
            OversightForm::from_code(&self.form).ok_or_else(|| ValidationError::new("form", "请选择监督形式"))?;
        let state = ItemState::from_code(&self.state).unwrap_or(ItemState::Planned);
        let meetings = self
            .meetings
            .into_iter()
            .map(|(d, note)| Ok(Meeting { on: parse_date("meetings", d.trim())?, note: note.trim().to_owned() }))
            .collect::<AppResult<Vec<_>>>()?;
        Ok(ItemForm {
            plan: self.plan.map(PlanId),
            year: self.year,
            form,
            title: self.title,
            body_org: self.body.map(OrgId),
            committee: self.committee,
            summary: self.summary,
            meetings,
            state,
            documents: self.documents,
        })
    }
}

fn item_form(f: &Fields) -> AppResult<ItemForm> {
    let documents = f
        .get("documents")
        .split([',', '，', ' ', '、'])
        .filter(|x| !x.trim().is_empty())
        .map(|x| {
            x.trim().parse::<i64>().map_err(|_| ValidationError::new("documents", "关联文档请填写文档编号，用逗号分隔"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    ItemInput {
        plan: f.opt_int("plan")?,
        year: f.int("year", "年度")?,
        form: f.get("form").to_owned(),
        title: f.get("title").to_owned(),
        body: f.opt_int("body")?,
        committee: f.get("committee").to_owned(),
        summary: f.get("summary").to_owned(),
        meetings: meeting_lines(f.get("meetings")),
        state: f.get("state").to_owned(),
        documents,
    }
    .form()
}

pub async fn create_item(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Bytes,
) -> AppResult<Response> {
    let id = new_item(&state, &s, &item_form(&Fields::parse(&body)?)?).await?;
    Ok(done(&format!("/oversight/items/{}", id.0), "item_created"))
}

/// Makes an oversight item in the staff member's own congress (the page's form and the API).
pub(crate) async fn new_item(state: &AppState, s: &renda_store::users::Session, f: &ItemForm) -> AppResult<PlanItemId> {
    let congress = own_congress(s)?;
    Ok(state.store.create_item(&actor(s), congress, f).await?)
}

/// An item as this user may see it (the page and the API): its documents, the signatures of
/// an inquiry with the threshold of a 质询, and the review opinions the user may see.
pub(crate) struct ItemDetail {
    pub i: ItemRow,
    pub documents: Vec<(i64, String)>,
    pub signs: bool,
    pub signatures: Vec<(PersonId, String, String)>,
    pub threshold: Option<u32>,
    pub filed: Option<bool>,
    pub reviews: Vec<ReviewRow>,
    pub may_edit: bool,
    pub may_review: bool,
}

pub(crate) async fn item_detail(
    state: &AppState,
    s: &renda_store::users::Session,
    id: PlanItemId,
) -> AppResult<ItemDetail> {
    let i = state.store.item(&actor(s), id).await?;
    let may_edit = super::may_in(state, s, Action::Edit, Resource::Oversight, i.congress).await?;
    let signs = matches!(i.form, OversightForm::Interpellation | OversightForm::SpecialInquiry);
    let signatures = if signs { state.store.signatures(i.id).await? } else { Vec::new() };
    let threshold = if i.form == OversightForm::Interpellation {
        match state.store.org(i.congress).await?.kind {
            OrgKind::Congress(level) => inquiry_threshold(level),
            _ => None,
        }
    } else {
        None
    };
    let filed = state.store.inquiry_filed(&i, signatures.len() as u32).await?;
    let visible = state.store.list_reviews(&actor(s), &ReviewFilter { item: Some(i.id), ..Default::default() }).await?;
    Ok(ItemDetail {
        documents: state.store.item_documents(i.id).await?,
        signs,
        signatures,
        threshold,
        filed,
        reviews: visible,
        may_edit,
        may_review: may_edit && i.form.yields_review_opinions() && i.body_org.is_some(),
        i,
    })
}

impl ItemPage {
    pub fn late(&self, r: &ReviewRow) -> bool {
        r.facts.is_overdue(self.today)
    }

    pub fn body_is(&self, id: &i64) -> bool {
        self.i.body_org.is_some_and(|b| b.0 == *id)
    }
}

#[derive(Template)]
#[template(path = "oversight_item.html")]
pub struct ItemPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub i: ItemRow,
    pub documents: Vec<(i64, String)>,
    pub signatures: Vec<(PersonId, String, String)>,
    pub signs: bool,
    pub threshold: Option<u32>,
    pub filed: Option<bool>,
    pub reviews: Vec<ReviewRow>,
    pub may_edit: bool,
    pub may_review: bool,
    pub forms: Vec<(&'static str, &'static str)>,
    pub states: Vec<(&'static str, &'static str)>,
    pub units: Vec<(i64, String)>,
    pub meetings_text: String,
    pub deputies: Vec<(i64, String)>,
    pub today: Date,
}

pub async fn item(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let ItemDetail { i, documents, signs, signatures, threshold, filed, reviews, may_edit, may_review } =
        item_detail(&state, &s, PlanItemId(id)).await?;
    let deputies = if may_edit && signs {
        let f = renda_store::people::DeputyFilter {
            congresses: vec![i.congress],
            active_only: true,
            per_page: 200,
            ..Default::default()
        };
        state.store.search_deputies(&actor(&s), &f).await?.items.into_iter().map(|d| (d.person.0, d.name)).collect()
    } else {
        Vec::new()
    };
    render(&ItemPage {
        ctx: Ctx::new(&state, Some(&s), &i.title, "/oversight"),
        notice: notice_text(q.notice.as_deref()),
        documents,
        signatures,
        signs,
        threshold,
        filed,
        reviews,
        may_edit,
        may_review,
        forms: forms(),
        states: item_states(),
        units: if may_edit { units_of(&state, i.congress).await? } else { Vec::new() },
        meetings_text: i.meetings.iter().map(|m| format!("{} {}", m.on, m.note)).collect::<Vec<_>>().join("\n"),
        deputies,
        today: state.today(),
        i,
    })
}

pub async fn update_item(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    state.store.update_item(&actor(&s), PlanItemId(id), &item_form(&Fields::parse(&body)?)?).await?;
    Ok(done(&format!("/oversight/items/{id}"), "item_saved"))
}

pub async fn publish_item(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    state.store.publish_item(&actor(&s), PlanItemId(id), f.get("portal") == "1").await?;
    Ok(done(
        &format!("/oversight/items/{id}"),
        if f.get("portal") == "1" { "published_portal" } else { "published_deputies" },
    ))
}

pub async fn sign(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let person = PersonId(f.int("person", "联名代表")?);
    let on = if f.get("on").trim().is_empty() { None } else { Some(f.date("on")?) };
    sign_for(&state, &s, PlanItemId(id), person, on).await?;
    Ok(done(&format!("/oversight/items/{id}"), "item_signed"))
}

/// Records a deputy's signature on an inquiry, on `on` or today (the page's form and the
/// API); whether a 质询 now has enough signatures.
pub(crate) async fn sign_for(
    state: &AppState,
    s: &renda_store::users::Session,
    id: PlanItemId,
    person: PersonId,
    on: Option<Date>,
) -> AppResult<Option<bool>> {
    let on = on.unwrap_or_else(|| state.today());
    Ok(state.store.add_signature(&actor(s), id, person, on).await?)
}

pub async fn create_review(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let r = state.store.create_review(&actor(&s), PlanItemId(id), f.get("text")).await?;
    Ok(done(&format!("/oversight/reviews/{}", r.0), "review_drafted"))
}

#[derive(Template)]
#[template(path = "oversight_review.html")]
pub struct ReviewPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub r: ReviewRow,
    pub actions: Vec<CommandKind>,
    pub overdue: bool,
    pub days_left: Option<i32>,
    pub today: Date,
    pub timeline: Vec<(String, String, String)>,
    pub staff_view: bool,
    /// Its 审议意见书 issued, and whether this user may issue one (its congress's staff, once
    /// the opinions are approved).
    pub documents: Vec<renda_store::official::IssuedDocument>,
    pub may_issue_letter: bool,
}

impl ReviewPage {
    /// 剩余12天 / 已逾期, beside the due date.
    pub fn left_label(&self) -> String {
        match self.days_left {
            Some(n) if n >= 0 => format!("（剩余{n}天）"),
            Some(_) => "（已逾期）".into(),
            None => String::new(),
        }
    }

    pub fn can(&self, kind: &str) -> bool {
        self.actions
            .iter()
            .any(|k| serde_json::to_value(k).ok().and_then(|v| v.as_str().map(|s| s == kind)) == Some(true))
    }
}

pub async fn review(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let r = visible_review(&state, &s, ReviewId(id)).await?;
    let today = state.today();
    // The step-by-step history is an audit trail: for whoever reads audit trails at large.
    let staff_view = renda_core::policy::may_congress_wide(s.user.role, Action::View, Resource::AuditLog);
    let timeline = if staff_view {
        state
            .store
            .audit_of("review", &id.to_string())
            .await?
            .into_iter()
            .map(|a| (super::local_time(&a.at), step_label(&a.action).to_owned(), super::audit::who(&a)))
            .collect()
    } else {
        Vec::new()
    };
    let filter = renda_store::official::OfficialFilter {
        source: Some(renda_store::official::Source::Review(r.id)),
        ..Default::default()
    };
    let documents = state.store.official_documents(&actor(&s), &filter).await?;
    let may_issue_letter = r.facts.approved_on.is_some()
        && super::may_in(&state, &s, Action::Create, Resource::OfficialDocument, r.congress).await?;
    render(&ReviewPage {
        ctx: Ctx::new(&state, Some(&s), "审议意见", "/oversight"),
        documents,
        may_issue_letter,
        notice: notice_text(q.notice.as_deref()),
        actions: state.store.review_commands(&r, s.user.role),
        overdue: r.facts.is_overdue(today),
        days_left: r.facts.days_left(today),
        today,
        timeline,
        staff_view,
        r,
    })
}

fn step_label(action: &str) -> &'static str {
    match action {
        "review.draft" => "起草",
        "review.approve" => CommandKind::Approve.label(),
        "review.send" => CommandKind::Send.label(),
        "review.submit_report" => CommandKind::SubmitReport.label(),
        "review.comment" => CommandKind::Comment.label(),
        "review.put_to_vote" => CommandKind::PutToVote.label(),
        "review.record_vote" => CommandKind::RecordVote.label(),
        "review.order_follow_up" => CommandKind::OrderFollowUp.label(),
        "review.close" => CommandKind::Close.label(),
        "review.publish" => CommandKind::Publish.label(),
        _ => "其他",
    }
}

/// A review opinion this user may see (the page and the API); 404 otherwise.
pub(crate) async fn visible_review(
    state: &AppState,
    s: &renda_store::users::Session,
    id: ReviewId,
) -> AppResult<ReviewRow> {
    let r = state.store.review(&actor(s), id).await?;
    Ok(r)
}

pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let on = if f.get("on").trim().is_empty() { None } else { Some(f.date("on")?) };
    let step = ReviewStep {
        command: f.get("command"),
        on,
        text: f.get("text"),
        result: f.get("result"),
        reason: f.get("reason"),
        report: f.get("report"),
    };
    let kind = act_on_review(&state, &s, ReviewId(id), step).await?;
    let notice = format!("review_{}", super::audit::code_of(kind));
    Ok(done(&format!("/oversight/reviews/{id}"), &notice))
}

/// One step of a review opinion as the page's forms and the API give it: the command by its
/// code with what it takes (`on` is today when absent; `report` is the handling report of
/// `submit_report`).
pub(crate) struct ReviewStep<'a> {
    pub command: &'a str,
    pub on: Option<Date>,
    pub text: &'a str,
    pub result: &'a str,
    pub reason: &'a str,
    pub report: &'a str,
}

/// Gives the step (the page and the API); the kind of command given.
pub(crate) async fn act_on_review(
    state: &AppState,
    s: &renda_store::users::Session,
    id: ReviewId,
    step: ReviewStep<'_>,
) -> AppResult<CommandKind> {
    let today = state.today();
    let on = step.on.unwrap_or(today);
    let cmd = match step.command {
        "approve" => Command::Approve,
        "send" => Command::Send { on },
        "submit_report" => Command::SubmitReport,
        "comment" => Command::Comment { text: step.text.to_owned() },
        "put_to_vote" => Command::PutToVote,
        "record_vote" => Command::RecordVote {
            result: VoteResult::from_code(step.result)
                .ok_or_else(|| ValidationError::new("result", "请选择表决结果"))?,
        },
        "order_follow_up" => Command::OrderFollowUp { on, reason: step.reason.to_owned() },
        "close" => Command::Close,
        "publish" => Command::Publish,
        _ => return Err(ValidationError::new("command", "未知的操作").into()),
    };
    state.store.act_on_review(&actor(s), id, &cmd, Some(step.report), today).await?;
    Ok(cmd.kind())
}

/// The review opinions' overdue board and its exports.
pub const OVERDUE: Columns = Columns {
    export: "review_overdue",
    title: "审议意见逾期",
    columns: &[
        ("item", "监督事项"),
        ("body", "承办机关"),
        ("state", "状态"),
        ("sent_on", "交办日期"),
        ("due_on", "报送期限"),
        ("days_overdue", "逾期天数"),
        ("follow_ups", "跟踪监督次数"),
        ("text", "审议意见"),
    ],
};

fn overdue_cell(code: &str, r: &ReviewRow, today: Date) -> String {
    match code {
        "item" => r.item_title.clone(),
        "body" => r.body_name.clone(),
        "state" => r.state_label().to_owned(),
        "sent_on" => day(r.facts.sent_on),
        "due_on" => day(r.facts.due_on),
        "days_overdue" => days_overdue(r.facts.days_left(today)),
        "follow_ups" => r.facts.follow_ups.to_string(),
        "text" => r.text.clone(),
        _ => String::new(),
    }
}

/// The overdue review opinions this user may list, as a table of their chosen columns.
async fn overdue_table(
    state: &AppState,
    s: &renda_store::users::Session,
) -> AppResult<(Table, Vec<(&'static str, &'static str, bool)>, Date)> {
    let me = actor(s);
    let cs = state.store.listable_congresses(&me).await?;
    if cs.is_empty() {
        return Err(AppError::of(ErrorCode::Forbidden));
    }
    let today = state.today();
    let rows = state
        .store
        .list_reviews(&me, &ReviewFilter { congresses: cs, overdue_on: Some(today), ..Default::default() })
        .await?;
    let href = |r: &ReviewRow| format!("/oversight/reviews/{}", r.id.0);
    let (table, picks) = OVERDUE.table(state, s, &rows, href, |code, r| overdue_cell(code, r, today)).await?;
    Ok((table, picks, today))
}

/// 逾期看板: sent review opinions past their due date without a handling report, in the columns
/// the user chose.
pub async fn overdue(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let (table, columns, today) = overdue_table(&state, &s).await?;
    render(&BoardPage {
        ctx: Ctx::new(&state, Some(&s), "审议意见逾期看板", "/oversight"),
        heading: "审议意见逾期看板",
        summary: format!("截至{today}，已交办、超过期限仍未报送研究处理情况的审议意见共{}件。", table.rows.len()),
        base: "/oversight/overdue",
        back: ("/oversight", "返回监督工作"),
        columns,
        table,
        empty: "没有逾期的审议意见。",
        notice: notice_text(q.notice.as_deref()),
        also: None,
    })
}

/// The overdue board as CSV or Excel.
pub async fn overdue_export(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(format): Path<String>,
) -> AppResult<Response> {
    let (table, _, today) = overdue_table(&state, &s).await?;
    OVERDUE.download_table(today, table, &format)
}

/// Saves the overdue board's columns.
pub async fn overdue_columns(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Bytes,
) -> AppResult<Response> {
    OVERDUE.save_form(&state, &s, &body, "/oversight/overdue").await
}

#[derive(Template)]
#[template(path = "portal_oversight.html")]
pub struct PortalPage {
    pub ctx: Ctx,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub plans: Vec<PlanRow>,
    pub items: Vec<ItemRow>,
    pub reviews: Vec<ReviewRow>,
}

/// The public portal's 监督工作: plans and items the congress put on the portal, and published
/// review opinions with the handling reports.
pub async fn portal(State(state): State<AppState>, MaybeUser(s): MaybeUser) -> AppResult<Response> {
    let public = super::reader_actor(None);
    let on_portal = OversightFilter { portal_only: true, ..Default::default() };
    let plans = state.store.list_plans(&public, &on_portal).await?;
    let items = state.store.list_items(&public, &on_portal).await?;
    let reviews =
        state.store.list_reviews(&public, &ReviewFilter { published_only: true, ..Default::default() }).await?;
    render(&PortalPage {
        ctx: Ctx::new(&state, s.as_ref(), "监督工作", "/portal"),
        kinds: super::portal::kinds(),
        plans,
        items,
        reviews,
    })
}
