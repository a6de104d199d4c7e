//! Liaison stations and citizens' opinions (与人民群众同心): the public station pages with their
//! QR code (码上见代表), the anonymous opinion form and its receipt, the receipt lookup where the
//! citizen reads the answer and rates it; staff's list and sorting; units' answers.
//!
//! A citizen's name and phone are shown only to staff of the opinion's own congress.

use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser, MaybeUser};
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use crate::pages::columns::{BoardPage, Columns, Table, day, days_overdue};
use crate::pages::{Ctx, actor, done, notice_text, opt_id, render};
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use renda_core::ErrorCode;
use renda_core::ids::OrgId;
use renda_core::liaison::form::OpinionForm;
use renda_core::liaison::opinion::{
    self, Channel, Command, CommandKind, FeedbackMethod, RejectionReason, SuggestionRef,
};
use renda_core::liaison::receipt::ReceiptCode;
use renda_core::org::OrgKind;
use renda_core::policy::{Role, RoleKind};
use renda_core::suggestion::Satisfaction;
use renda_store::Page;
use renda_store::liaison::opinions::{OpinionFilter, OpinionId, OpinionRow};
use renda_store::liaison::stations::{PublicOpinionRow, ReceptionRow, StationInfo};
use serde::Deserialize;

/// Every liaison station, for the public list.
async fn stations(state: &AppState) -> AppResult<Vec<(i64, String, String)>> {
    let tree = state.store.org_tree().await?;
    let name_of = |id: Option<OrgId>| {
        tree.iter().find(|r| Some(r.org.id) == id).map(|r| r.org.name.to_string()).unwrap_or_default()
    };
    Ok(tree
        .iter()
        .filter(|r| r.org.kind == OrgKind::LiaisonStation)
        .map(|r| (r.org.id.0, r.org.name.to_string(), name_of(r.org.parent)))
        .collect())
}

#[derive(Template)]
#[template(path = "stations.html")]
pub struct StationsPage {
    pub ctx: Ctx,
    pub stations: Vec<(i64, String, String)>,
}

pub async fn station_list(State(state): State<AppState>, MaybeUser(s): MaybeUser) -> AppResult<Response> {
    render(&StationsPage {
        ctx: Ctx::new(&state, s.as_ref(), "代表联络站", "/stations"),
        stations: stations(&state).await?,
    })
}

#[derive(Template)]
#[template(path = "station.html")]
pub struct StationPage {
    pub ctx: Ctx,
    pub id: i64,
    pub name: String,
    pub congress: String,
    pub csrf: String,
    pub f: OpinionForm,
    pub errors: Vec<String>,
    /// The profile and the deputies attached.
    pub info: StationInfo,
    pub receptions: Vec<ReceptionRow>,
    /// The receptions' standing 接待公告, to download.
    pub notices: super::notices::Notices,
    pub published: Vec<PublicOpinionRow>,
    /// Staff of the station's congress see a link to manage it.
    pub can_manage: bool,
}

impl StationPage {
    /// The page with the form as given.
    async fn build(
        state: &AppState,
        s: Option<&renda_store::users::Session>,
        id: i64,
        csrf: String,
        f: OpinionForm,
        errors: Vec<String>,
    ) -> AppResult<StationPage> {
        let info = state.store.station_info(OrgId(id)).await?;
        let receptions = state.store.upcoming_receptions(Some(OrgId(id)), state.today(), 10).await?;
        let published = state.store.published_opinions(OrgId(id), 20).await?;
        let notices = super::notices::Notices::of_receptions(state, &receptions).await?;
        let can_manage = s.is_some_and(|s| crate::pages::own_staff(s.user.role, info.congress));
        Ok(StationPage {
            ctx: Ctx::new(state, s, &info.name, "/stations"),
            id,
            name: info.name.clone(),
            congress: info.congress_name.clone(),
            csrf,
            f,
            errors,
            info,
            receptions,
            notices,
            published,
            can_manage,
        })
    }
}

/// The station `id`, or 404: its name and its congress's name.
pub(crate) async fn station_of(state: &AppState, id: i64) -> AppResult<(String, String)> {
    stations(state)
        .await?
        .into_iter()
        .find(|s| s.0 == id)
        .map(|s| (s.1, s.2))
        .ok_or(AppError::new(ErrorCode::NotFound, "未找到该联络站"))
}

/// The station's public page: what a citizen's phone opens from the QR code.
pub async fn station(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (csrf, fresh) = crate::pages::portal::visitor_token(&headers, s.as_ref());
    let page = StationPage::build(&state, s.as_ref(), id, csrf, OpinionForm::default(), Vec::new()).await?;
    crate::pages::portal::with_visitor_cookie(&state, render(&page)?, fresh)
}

/// The QR code of a station's public page, to print and put up at the station.
pub async fn station_qr(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<i64>) -> AppResult<Response> {
    station_of(&state, id).await?;
    let url = format!("{}/stations/{id}", crate::pages::portal::base_url(&state, &headers));
    crate::pages::portal::svg_response(&url)
}

#[derive(Deserialize)]
pub struct OpinionPost {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    pub consent: Option<String>,
}

#[derive(Template)]
#[template(path = "receipt.html")]
pub struct ReceiptPage {
    pub ctx: Ctx,
    /// What just happened (a rating given), from the redirect's notice code.
    pub notice: &'static str,
    pub o: Option<OpinionRow>,
    pub code: String,
    pub fresh: bool,
    pub error: String,
    pub csrf: String,
    pub may_rate: bool,
    pub ratings: Vec<(&'static str, &'static str)>,
}

/// The public form: validated by the core, rate-limited by the store; every problem comes back
/// in Chinese with what was typed, and nothing is stored.
pub async fn submit(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(p): Form<OpinionPost>,
) -> AppResult<Response> {
    station_of(&state, id).await?;
    let f = OpinionForm {
        title: p.title,
        content: p.content,
        name: p.name,
        phone: p.phone,
        consent_to_publish: p.consent.is_some(),
    };
    let (csrf, _) = crate::pages::portal::visitor_token(&headers, s.as_ref());
    let back = async |errors: Vec<String>, f: OpinionForm, status: axum::http::StatusCode| -> AppResult<Response> {
        let page = StationPage::build(&state, s.as_ref(), id, csrf.clone(), f, errors).await?;
        let mut resp = render(&page)?;
        *resp.status_mut() = status;
        Ok(resp)
    };
    // Every problem at once, beside the first field at fault: the form comes back as typed on
    // the station's page (`crate::echo`).
    let checked = f.validate().map_err(AppError::of_fields)?;
    let who = renda_store::Actor { user: s.as_ref().map(|s| s.user.id), role: Role::Public };
    match state.store.submit_opinion(&who, OrgId(id), Channel::Online, &checked, &addr, state.today()).await {
        // Post/redirect/get: a refresh shows the receipt again and sends nothing; the form's
        // token answers a resubmission with this same redirect (`crate::repeat`).
        Ok((_, receipt)) => Ok(done(&format!("/opinions/receipt?code={}", receipt.as_str()), "opinion_received")),
        Err(e) => {
            let e = AppError::from(e);
            if e.status().is_server_error() {
                return Err(e);
            }
            let status = e.status();
            back(vec![e.message], f, status).await
        }
    }
}

fn ratings() -> Vec<(&'static str, &'static str)> {
    Satisfaction::ALL.iter().map(|r| (r.code(), r.label())).collect()
}

#[derive(Deserialize)]
pub struct ReceiptQuery {
    pub code: Option<String>,
    pub notice: Option<String>,
}

/// 回执查询: the citizen types the receipt code and sees the state and the answer.
pub async fn receipt(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Query(q): Query<ReceiptQuery>,
) -> AppResult<Response> {
    let (csrf, fresh_cookie) = crate::pages::portal::visitor_token(&headers, s.as_ref());
    let raw = q.code.unwrap_or_default();
    if !raw.trim().is_empty()
        && let Some(refused) = receipt_flood(&state, &addr)
    {
        return Ok(refused);
    }
    let fresh = q.notice.as_deref() == Some("opinion_received");
    let mut page = ReceiptPage {
        ctx: Ctx::new(&state, s.as_ref(), if fresh { "意见已收到" } else { "意见办理查询" }, "/stations"),
        notice: if fresh { "" } else { notice_text(q.notice.as_deref()) },
        o: None,
        code: raw.trim().to_string(),
        fresh,
        error: String::new(),
        csrf,
        may_rate: false,
        ratings: ratings(),
    };
    if !raw.trim().is_empty() {
        match ReceiptCode::parse(&raw) {
            Err(e) => page.error = e.message,
            Ok(code) => match state.store.opinion_by_receipt(code).await {
                Ok(o) => {
                    page.may_rate =
                        opinion::check(&o.facts, opinion::Standing::Citizen(code), CommandKind::Rate).is_ok();
                    page.code = code.grouped();
                    page.o = Some(o);
                }
                Err(_) => page.error = "没有找到该回执码对应的意见，请核对后重试。".into(),
            },
        }
    }
    crate::pages::portal::with_visitor_cookie(&state, render(&page)?, fresh_cookie)
}

#[derive(Deserialize)]
pub struct RatePost {
    pub code: String,
    pub rating: String,
    #[serde(default)]
    pub comment: String,
}

/// The answer to a reader who asks for receipt codes too fast (30 a minute per address), or
/// `None` when this one may go on.
pub(crate) fn receipt_flood(state: &AppState, addr: &str) -> Option<Response> {
    let wait = state.receipt_limit.check(addr).err()?;
    Some(crate::error::too_many_requests("查询过于频繁，请稍后再试。", wait))
}

pub async fn rate(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Form(p): Form<RatePost>,
) -> AppResult<Response> {
    if let Some(refused) = receipt_flood(&state, &addr) {
        return Ok(refused);
    }
    let code = ReceiptCode::parse(&p.code)?;
    let rating = Satisfaction::from_code(&p.rating)
        .ok_or_else(|| renda_core::ValidationError::new("rating", "请选择满意、基本满意或不满意"))?;
    state.store.rate_opinion(code, rating, &p.comment, state.today()).await?;
    Ok(done(&format!("/opinions/receipt?code={}", code.as_str()), "opinion_rated"))
}

// ---- staff and units ----

#[derive(Template)]
#[template(path = "opinions.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<OpinionRow>,
    pub page: Page<()>,
    pub is_unit: bool,
    /// Showing the overdue board, and how many are overdue.
    pub overdue_view: bool,
    pub overdue: i64,
    pub today: jiff::civil::Date,
}

impl ListPage {
    pub fn late(&self, o: &OpinionRow) -> bool {
        o.facts.is_overdue(self.today)
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    pub page: Option<i64>,
    /// `overdue`: only opinions a unit has not answered by their due date.
    pub view: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let today = state.today();
    let overdue_view = q.view.as_deref() == Some("overdue");
    let f = OpinionFilter {
        overdue_on: overdue_view.then_some(today),
        page: q.page.unwrap_or(1).max(1) - 1,
        per_page: 30,
        ..Default::default()
    };
    let me = actor(&s);
    let page = state.store.list_opinions(&me, &f).await?;
    let overdue = if overdue_view {
        page.total
    } else {
        state
            .store
            .list_opinions(&me, &OpinionFilter { overdue_on: Some(today), per_page: 1, ..f.clone() })
            .await?
            .total
    };
    render(&ListPage {
        ctx: Ctx::new(&state, Some(&s), "群众意见", "/opinions"),
        page: Page { items: Vec::new(), total: page.total, page: page.page, per_page: page.per_page },
        rows: page.items,
        is_unit: s.user.role.kind() == RoleKind::Unit,
        overdue_view,
        overdue,
        today,
    })
}

/// The citizens' opinions' overdue board and its exports (no citizen's name or phone: those stay
/// on the opinion's own page for its congress's staff).
pub const OVERDUE: Columns = Columns {
    export: "opinion_overdue",
    title: "群众意见逾期未答复",
    columns: &[
        ("receipt", "回执码"),
        ("title", "标题"),
        ("station", "联络站"),
        ("unit", "承办单位"),
        ("state", "状态"),
        ("received_on", "收到日期"),
        ("forwarded_on", "转办日期"),
        ("due_on", "答复期限"),
        ("days_overdue", "逾期天数"),
        ("returns", "退回次数"),
        ("content", "意见内容"),
    ],
};

fn overdue_cell(code: &str, o: &OpinionRow, today: jiff::civil::Date) -> String {
    let f = &o.facts;
    match code {
        "receipt" => f.receipt.as_str().to_owned(),
        "title" => o.title.clone().unwrap_or_default(),
        "station" => o.station_name.clone(),
        "unit" => o.unit_name.clone().unwrap_or_default(),
        "state" => o.state_label().to_owned(),
        "received_on" => f.received_on.to_string(),
        "forwarded_on" => day(f.forwarded_on),
        "due_on" => day(f.due_on),
        "days_overdue" => days_overdue(f.days_left(today)),
        "returns" => f.returns.to_string(),
        "content" => o.content.clone(),
        _ => String::new(),
    }
}

/// The overdue opinions this user may list (the store scopes them: a unit's own, the staff's
/// congresses),
/// as a table of their chosen columns; the same filter as the list's 逾期未答复 tab.
async fn overdue_table(
    state: &AppState,
    s: &renda_store::users::Session,
) -> AppResult<(Table, Vec<(&'static str, &'static str, bool)>, jiff::civil::Date)> {
    let today = state.today();
    let f = OpinionFilter {
        overdue_on: Some(today),
        per_page: crate::pages::suggestions::EXPORT_LIMIT,
        ..Default::default()
    };
    let rows = state.store.list_opinions(&actor(s), &f).await?.items;
    let href = |o: &OpinionRow| format!("/opinions/{}", o.id.0);
    let (table, picks) = OVERDUE.table(state, s, &rows, href, |code, o| overdue_cell(code, o, today)).await?;
    Ok((table, picks, today))
}

/// 逾期看板: opinions forwarded to a unit and not answered by their due date, in the columns the
/// user chose.
pub async fn overdue(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<crate::pages::NoticeQuery>,
) -> AppResult<Response> {
    let (table, columns, today) = overdue_table(&state, &s).await?;
    render(&BoardPage {
        ctx: Ctx::new(&state, Some(&s), "群众意见逾期看板", "/opinions"),
        heading: "群众意见逾期看板",
        summary: format!("截至{today}，已转办、超过办理期限仍未答复的意见共{}条。", table.rows.len()),
        base: "/opinions/overdue",
        back: ("/opinions", "返回群众意见"),
        columns,
        table,
        empty: "没有逾期未答复的意见。",
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
    body: axum::body::Bytes,
) -> AppResult<Response> {
    OVERDUE.save_form(&state, &s, &body, "/opinions/overdue").await
}

#[derive(Template)]
#[template(path = "opinion.html")]
pub struct DetailPage {
    pub ctx: Ctx,
    pub o: OpinionRow,
    pub notice: &'static str,
    /// Staff of the opinion's own congress: they see the citizen's name and phone.
    pub personal: bool,
    pub actions: Vec<CommandKind>,
    pub units: Vec<(i64, String)>,
    pub reasons: Vec<(&'static str, &'static str)>,
    pub methods: Vec<(&'static str, &'static str)>,
    pub overdue: bool,
}

impl DetailPage {
    pub fn can(&self, kind: &str) -> bool {
        self.actions.iter().any(|k| k.code() == kind)
    }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<crate::pages::NoticeQuery>,
) -> AppResult<Response> {
    let o = state.store.opinion(&actor(&s), OpinionId(id)).await?;
    let who = handler_of(&o, s.user.role);
    let units = state
        .store
        .org_tree()
        .await?
        .into_iter()
        .filter(|r| matches!(r.org.kind, OrgKind::Unit(_)) && r.org.parent == Some(o.congress))
        .map(|r| (r.org.id.0, r.org.name.to_string()))
        .collect();
    let today = state.today();
    render(&DetailPage {
        ctx: Ctx::new(&state, Some(&s), "群众意见", "/opinions"),
        notice: notice_text(q.notice.as_deref()),
        personal: sees_personal_data(&o, s.user.role),
        actions: who.map(|w| opinion::permitted(&o.facts, w)).unwrap_or_default(),
        units,
        reasons: RejectionReason::ALL.iter().map(|r| (r.code(), r.label())).collect(),
        methods: FeedbackMethod::ALL.iter().map(|m| (m.code(), m.label())).collect(),
        overdue: o.facts.is_overdue(today),
        o,
    })
}

/// How `role` stands to the opinion `o` when handling it (the core's `standing_of`): staff of
/// its congress, or the unit it went to.
pub(crate) fn handler_of(o: &OpinionRow, role: Role) -> Option<opinion::Standing> {
    opinion::standing_of(role, o.congress, o.facts.forwarded_to)
}

/// Name and phone are for the staff of the opinion's congress only.
pub(crate) fn sees_personal_data(o: &OpinionRow, role: Role) -> bool {
    crate::pages::own_staff(role, o.congress)
}

#[derive(Deserialize)]
pub struct ActPost {
    pub command: String,
    #[serde(default)]
    pub answer: String,
    pub unit: Option<String>,
    #[serde(default)]
    pub due: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub method: String,
    pub suggestion: Option<String>,
}

pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Form(p): Form<ActPost>,
) -> AppResult<Response> {
    let bad = |field: &str, msg: &str| AppError::from(renda_core::ValidationError::new(field, msg));
    let cmd = match p.command.as_str() {
        "answer_on_spot" => Command::AnswerOnSpot { answer: p.answer },
        "forward" => Command::Forward {
            unit: OrgId(opt_id("unit", p.unit.as_deref())?.ok_or_else(|| bad("unit", "请选择承办单位"))?),
            due: renda_core::value::parse_date("due", &p.due)?,
        },
        "convert_to_suggestion" => Command::ConvertToSuggestion {
            suggestion: SuggestionRef(
                opt_id("suggestion", p.suggestion.as_deref())?
                    .ok_or_else(|| bad("suggestion", "请填写代表建议的编号"))?,
            ),
        },
        "reject" => Command::Reject {
            reason: RejectionReason::from_code(&p.reason).ok_or_else(|| bad("reason", "请选择不予受理的理由"))?,
            note: p.note,
        },
        "unit_answer" => Command::UnitAnswer { answer: p.answer },
        "unit_return" => Command::UnitReturn { reason: p.note },
        "feed_back" => Command::FeedBack {
            method: FeedbackMethod::from_code(&p.method).ok_or_else(|| bad("method", "请选择反馈方式"))?,
        },
        "close" => Command::Close,
        _ => return Err(bad("command", "未知的操作")),
    };
    state.store.act_on_opinion(&actor(&s), OpinionId(id), &cmd, state.today()).await?;
    let notice = format!("opinion_{}", cmd.kind().code());
    Ok(done(&format!("/opinions/{id}"), &notice))
}
