//! Suggestion pages for every role: the lists (a deputy's own, a unit's inbox, the staff's
//! queue with filters and the near-due board), drafting, one suggestion with exactly the
//! actions the core permits now, and the one form endpoint every action posts to.

use super::{Ctx, actor, done, notice_text, render};
use crate::AppState;
use crate::auth::{CurrentUser, urlencode};
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use crate::scope::listable_congresses;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::OrgKind;
use renda_core::policy::Role;
use renda_core::suggestion::{
    ClassScheme, Command, CommandKind, ExclusionReason, ReplyClass, Satisfaction, Settings, SuggestionState,
};
use renda_core::value::parse_date;
use renda_core::{ErrorCode, ValidationError};
use renda_store::audit::AuditEntry;
use renda_store::people::{DeputyFilter, Page};
use renda_store::suggestions::{
    ContactWay, Extra, NewSuggestion, Period, SuggestionDetail, SuggestionFilter, SuggestionId, SuggestionRow,
    kind_code,
};
use renda_store::users::Session;
use serde::Deserialize;

/// Today, as deadlines count it (a fixed day in tests).
pub fn today(state: &AppState) -> Date {
    state.config.fixed_today.unwrap_or_else(|| jiff::ZonedDateTime::now().date())
}

/// One line of a list, with what the list shows beside the row.
pub struct ListItem {
    pub row: SuggestionRow,
    /// 剩余12天 / 逾期3天 / empty.
    pub due_label: String,
    /// "overdue", "near" or "".
    pub due_class: &'static str,
}

fn due_of(row: &SuggestionRow, today: Date, settings: &Settings) -> (String, &'static str) {
    match row.facts.days_left(today) {
        Some(d) if d < 0 => (format!("逾期{}天", -d), "overdue"),
        Some(d) if row.facts.is_near_due(today, settings) => (format!("剩余{d}天"), "near"),
        Some(d) => (format!("剩余{d}天"), ""),
        None => (String::new(), ""),
    }
}

/// Each congress's settings, read once per list rather than once per row (a list of 5,000
/// rows spans a handful of congresses).
#[derive(Default)]
struct SettingsCache(std::collections::HashMap<OrgId, Settings>);

impl SettingsCache {
    async fn get(&mut self, state: &AppState, congress: OrgId) -> AppResult<Settings> {
        if let Some(s) = self.0.get(&congress) {
            return Ok(*s);
        }
        let s = state.store.suggestion_settings(congress).await?;
        self.0.insert(congress, s);
        Ok(s)
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub due: String,
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub q: String,
    /// A main or assisting unit (drill-down from the statistics).
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub year: String,
    pub page: Option<i64>,
    pub notice: Option<String>,
}

impl ListQuery {
    /// The same filters as a query string (for paging and export links).
    pub fn query_string(&self) -> String {
        format!(
            "state={}&due={}&key={}&q={}&unit={}&topic={}&year={}",
            urlencode(&self.state),
            urlencode(&self.due),
            urlencode(&self.key),
            urlencode(&self.q),
            urlencode(&self.unit),
            urlencode(&self.topic),
            urlencode(&self.year)
        )
    }
}

#[derive(Template)]
#[template(path = "suggestions.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub heading: &'static str,
    pub q: ListQuery,
    pub items: Vec<ListItem>,
    pub page: Page<()>,
    pub states: Vec<(&'static str, &'static str)>,
    pub can_draft: bool,
    pub is_staff: bool,
    pub prev_link: String,
    pub next_link: String,
    pub export_query: String,
    /// Staff looking at registered suggestions may assign several at once to these units.
    pub bulk_units: Vec<(i64, String)>,
    pub today: String,
}

/// The scope of the lists for a role: (congresses, only-this-person, only-this-unit).
async fn list_scope(state: &AppState, s: &Session) -> AppResult<(Vec<OrgId>, Option<PersonId>, Option<OrgId>)> {
    Ok(match s.user.role {
        Role::Admin | Role::Staff { .. } => (listable_congresses(&state.store, s.user.role).await?, None, None),
        Role::Deputy { person } => {
            let congresses = state.store.deputyships_of(person).await?.into_iter().map(|d| d.congress).collect();
            (congresses, Some(person), None)
        }
        Role::Unit { unit } => {
            let congress = state.store.org(unit).await?.parent.into_iter().collect();
            (congress, None, Some(unit))
        }
        Role::Public => return Err(AppError::of(ErrorCode::Forbidden)),
    })
}

fn parse_states(raw: &str) -> Vec<SuggestionState> {
    raw.split(',').filter_map(SuggestionState::from_code).collect()
}

/// The store filter for a list request by this user.
pub async fn filter_of(state: &AppState, s: &Session, q: &ListQuery, per_page: i64) -> AppResult<SuggestionFilter> {
    let (congresses, person, own_unit) = list_scope(state, s).await?;
    let due_within_days = match q.due.as_str() {
        "overdue" => Some(-1),
        "near" => Some(10),
        _ => None,
    };
    // A unit always sees only its own; staff may narrow to one unit.
    let unit = match own_unit {
        Some(u) => Some(u),
        None => super::opt_id("unit", Some(&q.unit))?.map(OrgId),
    };
    Ok(SuggestionFilter {
        congresses,
        person,
        unit,
        states: parse_states(&q.state),
        key_only: q.key == "1",
        topic: Some(q.topic.clone()),
        published_only: false,
        due_within_days,
        text: Some(q.q.clone()),
        year: super::opt_id("year", Some(&q.year))?,
        page: q.page.unwrap_or(1).max(1) - 1,
        per_page,
    })
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let today = today(&state);
    let filter = filter_of(&state, &s, &q, 30).await?;
    let page = state.store.list_suggestions(&filter, today).await?;
    let mut items = Vec::with_capacity(page.items.len());
    let mut settings_of = SettingsCache::default();
    for row in page.items {
        let settings = settings_of.get(&state, row.congress).await?;
        let (due_label, due_class) = due_of(&row, today, &settings);
        items.push(ListItem { row, due_label, due_class });
    }
    let link = |p: i64| format!("/suggestions?{}&page={p}", q.query_string());
    let heading = match s.user.role {
        Role::Deputy { .. } => "我的建议",
        Role::Unit { .. } => "交办给本单位的建议",
        _ => "代表建议",
    };
    let bulk_units = match s.user.role {
        Role::Staff { congress } if q.state == "registered" => units_of(&state, congress).await?,
        _ => Vec::new(),
    };
    render(&ListPage {
        ctx: Ctx::new(&state, Some(&s), heading, "/suggestions"),
        bulk_units,
        today: today.to_string(),
        notice: notice_text(q.notice.as_deref()),
        heading,
        prev_link: link(page.page),
        next_link: link(page.page + 2),
        export_query: q.query_string(),
        page: Page { items: Vec::new(), total: page.total, page: page.page, per_page: page.per_page },
        items,
        states: SuggestionState::ALL.iter().map(|s| (s.code(), s.label())).collect(),
        can_draft: matches!(s.user.role, Role::Deputy { .. } | Role::Staff { .. }),
        is_staff: matches!(s.user.role, Role::Staff { .. } | Role::Admin),
        q,
    })
}

/// The most rows one export holds.
const EXPORT_LIMIT: i64 = 5000;

/// The list with the same filters as a CSV or Excel file.
pub async fn export(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(format): Path<String>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let today = today(&state);
    let filter = SuggestionFilter { page: 0, ..filter_of(&state, &s, &q, EXPORT_LIMIT).await? };
    let page = state.store.list_suggestions(&filter, today).await?;
    let mut rows = Vec::with_capacity(page.items.len());
    let mut settings_of = SettingsCache::default();
    for r in &page.items {
        let settings = settings_of.get(&state, r.congress).await?;
        let (due_label, _) = due_of(r, today, &settings);
        rows.push(vec![
            r.number_label(),
            r.title.clone(),
            r.lead_name.clone(),
            r.congress_name.clone(),
            r.period.label().to_owned(),
            r.state_label().to_owned(),
            r.facts.assigned_on.map(|d| d.to_string()).unwrap_or_default(),
            r.facts.due_on.map(|d| d.to_string()).unwrap_or_default(),
            due_label,
            r.facts.reply_class.map(|c| c.label(settings.class_scheme).to_owned()).unwrap_or_default(),
            r.facts.attitude.map(|x| x.label().to_owned()).unwrap_or_default(),
            r.facts.result.map(|x| x.label().to_owned()).unwrap_or_default(),
            r.facts.key_topic.clone().unwrap_or_default(),
        ]);
    }
    let headers = [
        "编号",
        "标题",
        "领衔代表",
        "人大",
        "提出时间",
        "状态",
        "交办日期",
        "答复期限",
        "期限情况",
        "答复类别",
        "办理态度评价",
        "办理结果评价",
        "重点督办专题",
    ];
    let table = renda_office::table::Table {
        title: "代表建议".into(),
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    };
    let (bytes, mime, ext) = match format.as_str() {
        "csv" => (renda_office::table::to_csv(&table), "text/csv; charset=utf-8", "csv"),
        "xlsx" => (
            renda_office::table::to_xlsx(&table).map_err(|e| {
                tracing::error!(error = %e, "xlsx export");
                AppError::of(ErrorCode::Internal)
            })?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        _ => return Err(AppError::new(ErrorCode::NotFound, "不支持的导出格式。")),
    };
    let disposition = format!(
        "attachment; filename=\"suggestions-{today}.{ext}\"; filename*=UTF-8''%E4%BB%A3%E8%A1%A8%E5%BB%BA%E8%AE%AE-{today}.{ext}"
    );
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static(mime));
    if let Ok(v) = axum::http::HeaderValue::from_str(&disposition) {
        h.insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

#[derive(Template)]
#[template(path = "suggestion_stats.html")]
pub struct StatsPage {
    pub ctx: Ctx,
    pub year: i64,
    pub years: Vec<i64>,
    pub stats: renda_store::suggestion_stats::SuggestionStats,
    pub scheme: ClassScheme,
}

impl StatsPage {
    pub fn state_label(&self, code: &str) -> &'static str {
        SuggestionState::from_code(code).map_or("", SuggestionState::label)
    }

    pub fn class_label(&self, code: &str) -> &'static str {
        ReplyClass::from_code(code).map_or("", |c| c.label(self.scheme))
    }

    pub fn satisfaction_label(&self, code: &str) -> &'static str {
        Satisfaction::from_code(code).map_or("", Satisfaction::label)
    }

    /// The count of one satisfaction level in `counts`.
    pub fn count_of(&self, counts: &[(String, i64)], code: &str) -> i64 {
        counts.iter().find(|(k, _)| k == code).map_or(0, |(_, n)| *n)
    }

    pub fn percent(&self, p: Option<i64>) -> String {
        p.map_or_else(|| "—".to_owned(), |p| format!("{p}%"))
    }

    pub fn attitude_percent(&self) -> String {
        self.percent(renda_store::suggestion_stats::SuggestionStats::satisfied_percent(&self.stats.attitude))
    }

    pub fn result_percent(&self) -> String {
        self.percent(renda_store::suggestion_stats::SuggestionStats::satisfied_percent(&self.stats.result))
    }
}

#[derive(Deserialize)]
pub struct StatsQuery {
    pub year: Option<i64>,
}

/// Statistics for the staff's congress and those below (the admin: every congress).
pub async fn stats(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<StatsQuery>,
) -> AppResult<Response> {
    if !matches!(s.user.role, Role::Staff { .. } | Role::Admin) {
        return Err(AppError::of(ErrorCode::Forbidden));
    }
    let today = today(&state);
    let year = q.year.unwrap_or(i64::from(today.year()));
    let scope = listable_congresses(&state.store, s.user.role).await?;
    let stats = state.store.suggestion_stats(&scope, year, today).await?;
    let scheme = match s.user.role {
        Role::Staff { congress } => state.store.suggestion_settings(congress).await?.class_scheme,
        _ => ClassScheme::Abcd,
    };
    let this_year = i64::from(today.year());
    render(&StatsPage {
        ctx: Ctx::new(&state, Some(&s), "建议办理统计", "/suggestions"),
        year,
        years: (this_year - 4..=this_year).rev().collect(),
        stats,
        scheme,
    })
}

#[derive(Template)]
#[template(path = "suggestion_new.html")]
pub struct NewPage {
    pub ctx: Ctx,
    pub congresses: Vec<(i64, String)>,
    /// Staff enter a suggestion for a deputy (paper, or 议案转建议).
    pub staff: bool,
}

pub async fn new_form(State(state): State<AppState>, CurrentUser(s): CurrentUser) -> AppResult<Response> {
    let today = today(&state);
    let mut congresses: Vec<(i64, String)> = Vec::new();
    match s.user.role {
        Role::Deputy { person } => {
            for d in state.store.deputyships_of(person).await? {
                let active = d.end_date.as_deref().is_none_or(|e| e > today.to_string().as_str());
                if active && !congresses.iter().any(|(id, _)| *id == d.congress.0) {
                    congresses.push((d.congress.0, d.congress_name));
                }
            }
        }
        Role::Staff { congress } => congresses.push((congress.0, state.store.org(congress).await?.name.to_string())),
        _ => return Err(AppError::new(ErrorCode::Forbidden, "只有人大代表和人大工作人员可以提出或录入建议。")),
    }
    let staff = matches!(s.user.role, Role::Staff { .. });
    let title = if staff { "录入代表建议" } else { "提出建议" };
    render(&NewPage { ctx: Ctx::new(&state, Some(&s), title, "/suggestions"), congresses, staff })
}

#[derive(Deserialize)]
pub struct NewForm {
    pub congress: String,
    pub title: String,
    pub body: String,
    pub period: String,
    #[serde(default)]
    pub cosigners: String,
    /// Staff only: the lead deputy's name.
    #[serde(default)]
    pub lead: String,
    /// Staff only: a motion turned into a suggestion.
    #[serde(default)]
    pub from_motion: String,
}

/// Resolves co-signers typed as names (separated by 、，, or spaces) among the congress's
/// sitting deputies. A name two deputies share must be written with the person number.
async fn resolve_cosigners(state: &AppState, congress: OrgId, raw: &str) -> AppResult<Vec<PersonId>> {
    let mut out = Vec::new();
    for name in raw.split(['、', '，', ',', ' ', '\n', '；', ';']).map(str::trim).filter(|n| !n.is_empty()) {
        if let Some(id) = name.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
            out.push(PersonId(id));
            continue;
        }
        let found = state
            .store
            .search_deputies(&DeputyFilter {
                congresses: vec![congress],
                name: Some(name.to_owned()),
                active_only: true,
                per_page: 10,
                ..DeputyFilter::default()
            })
            .await?;
        let exact: Vec<_> = found.items.iter().filter(|d| d.name == name).collect();
        match exact.as_slice() {
            [one] => out.push(one.person),
            [] => return Err(ValidationError::new("cosigners", format!("本级人大没有名为“{name}”的在任代表")).into()),
            many => {
                let ids = many.iter().map(|d| format!("#{}", d.person)).collect::<Vec<_>>().join("、");
                return Err(
                    ValidationError::new("cosigners", format!("有多名代表名为“{name}”，请改写为编号：{ids}")).into()
                );
            }
        }
    }
    Ok(out)
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Form(f): Form<NewForm>,
) -> AppResult<Response> {
    let congress =
        OrgId(f.congress.trim().parse().map_err(|_| ValidationError::new("congress", "请选择向哪一级人大提出"))?);
    let (lead, from_motion) = match s.user.role {
        Role::Deputy { person } => (person, false),
        Role::Staff { .. } => {
            let lead = resolve_cosigners(&state, congress, &f.lead).await?;
            let [lead] = lead.as_slice() else {
                return Err(ValidationError::new("lead", "请填写一名领衔代表的姓名").into());
            };
            (*lead, f.from_motion == "1")
        }
        _ => return Err(AppError::new(ErrorCode::Forbidden, "只有人大代表和人大工作人员可以提出或录入建议。")),
    };
    let period = Period::from_code(&f.period).ok_or_else(|| ValidationError::new("period", "请选择提出时间"))?;
    let cosigners = resolve_cosigners(&state, congress, &f.cosigners).await?;
    let new = NewSuggestion { congress, title: f.title, body: f.body, period, from_motion, cosigners };
    let id = state.store.create_suggestion(&actor(&s), lead, new, today(&state)).await?;
    Ok(done(&format!("/suggestions/{id}"), "suggestion_created"))
}

/// One action the page offers, with what its form needs.
pub struct ActionForm {
    pub code: String,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "suggestion.html")]
pub struct DetailPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    /// Why the last action failed (the page is shown again with it).
    pub error: String,
    /// The lead may still edit the draft.
    pub can_edit: bool,
    pub d: SuggestionDetail,
    pub due_label: String,
    pub due_class: &'static str,
    pub scheme: ClassScheme,
    pub actions: Vec<ActionForm>,
    pub units: Vec<(i64, String)>,
    pub classes: Vec<(&'static str, &'static str)>,
    pub exclusions: Vec<(&'static str, &'static str)>,
    pub satisfactions: Vec<(&'static str, &'static str)>,
    pub ways: Vec<(&'static str, &'static str)>,
    pub timeline: Vec<AuditEntry>,
    pub today: String,
    pub is_lead: bool,
    pub max_months: i32,
}

impl DetailPage {
    pub fn has(&self, code: &str) -> bool {
        self.actions.iter().any(|a| a.code == code)
    }

    pub fn label_of(&self, code: &str) -> &'static str {
        self.actions.iter().find(|a| a.code == code).map_or("", |a| a.label)
    }

    /// A timeline line's Chinese description.
    pub fn event_label(&self, action: &str) -> String {
        let code = action.strip_prefix("suggestion.").unwrap_or(action);
        match code {
            "create" => "起草".to_owned(),
            "edit" => "修改".to_owned(),
            "publish_reply" => "设置答复是否公开".to_owned(),
            other => CommandKind::ALL
                .iter()
                .find(|k| kind_code(**k) == other)
                .map_or(other.to_owned(), |k| k.label().to_owned()),
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    detail(&state, &s, SuggestionId(id), notice_text(q.notice.as_deref()), String::new()).await
}

/// The detail page, with a notice after a successful action or the reason an action failed.
async fn detail(
    state: &AppState,
    s: &Session,
    id: SuggestionId,
    notice: &'static str,
    error: String,
) -> AppResult<Response> {
    let store = &state.store;
    let d = store.suggestion(id).await?;
    if let Err(e) = renda_store::Store::check_can_view(&d, s.user.role) {
        // Someone whose only claim on the suggestion is that its reply was published reads it
        // where the public does: the handling record stays with its parties.
        if renda_store::Store::check_can_read_public_reply(&d, s.user.role).is_ok() {
            return Ok(Redirect::to(&format!("/replies/{id}")).into_response());
        }
        return Err(e.into());
    }
    let today = today(state);
    let settings = store.suggestion_settings(d.row.congress).await?;
    let (due_label, due_class) = due_of(&d.row, today, &settings);
    let permitted = store.permitted_commands(&d, s.user.role, today).await?;
    let can_edit = permitted.contains(&CommandKind::Edit);
    // The likeliest next step first (its form opens): a unit that has talked to the deputy
    // replies next; everything else keeps the lifecycle's order.
    let mut permitted: Vec<CommandKind> = permitted.into_iter().filter(|k| *k != CommandKind::Edit).collect();
    if d.row.facts.contacts > 0 {
        permitted.sort_by_key(|k| *k != CommandKind::Reply);
    }
    let actions = permitted.into_iter().map(|k| ActionForm { code: kind_code(k), label: k.label() }).collect();
    let units = units_of(state, d.row.congress).await?;
    let timeline = store.audit_of("suggestion", &id.to_string()).await?;
    let is_lead = d.actor_of(s.user.role) == Some(renda_core::suggestion::Actor::Lead);
    render(&DetailPage {
        ctx: Ctx::new(state, Some(s), &d.row.title, "/suggestions"),
        notice,
        error,
        can_edit,
        due_label,
        due_class,
        scheme: settings.class_scheme,
        actions,
        units,
        classes: settings.class_scheme.classes().iter().map(|c| (c.code(), c.label(settings.class_scheme))).collect(),
        exclusions: ExclusionReason::ALL.iter().map(|r| (r.code(), r.label())).collect(),
        satisfactions: Satisfaction::ALL.iter().map(|x| (x.code(), x.label())).collect(),
        ways: ContactWay::ALL.iter().map(|w| (w.code(), w.label())).collect(),
        timeline,
        today: today.to_string(),
        is_lead,
        max_months: settings.max_months,
        d,
    })
}

/// The fields of an action form (urlencoded, with repeated `main`/`assisting`).
#[derive(Debug, Default)]
struct ActionFields {
    pairs: Vec<(String, String)>,
}

impl ActionFields {
    fn get(&self, k: &str) -> &str {
        self.pairs.iter().find(|(key, _)| key == k).map_or("", |(_, v)| v.as_str())
    }

    fn all(&self, k: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(key, v)| key == k && !v.trim().is_empty()).map(|(_, v)| v.as_str()).collect()
    }

    fn ids(&self, k: &str) -> AppResult<Vec<OrgId>> {
        self.all(k)
            .into_iter()
            .map(|v| v.trim().parse::<i64>().map(OrgId).map_err(|_| ValidationError::new(k, "请选择有效的单位").into()))
            .collect()
    }

    fn date(&self, k: &str, default: Date) -> AppResult<Date> {
        match self.get(k).trim() {
            "" => Ok(default),
            v => Ok(parse_date(k, v)?),
        }
    }

    fn satisfaction(&self, k: &str, label: &str) -> AppResult<Satisfaction> {
        Satisfaction::from_code(self.get(k))
            .ok_or_else(|| ValidationError::new(k, format!("请选择对{label}的评价")).into())
    }

    /// Builds the command and what it brings from the form.
    fn command(&self, today: Date) -> AppResult<(Command, Extra)> {
        let kind = CommandKind::ALL
            .into_iter()
            .find(|k| kind_code(*k) == self.get("command"))
            .ok_or_else(|| ValidationError::new("command", "未知的操作"))?;
        let t = |k: &str| self.get(k).to_owned();
        let cmd = match kind {
            CommandKind::Edit => Command::Edit,
            CommandKind::Submit => Command::Submit,
            CommandKind::ConfirmCosign => Command::ConfirmCosign,
            CommandKind::DeclineCosign => Command::DeclineCosign,
            CommandKind::DropPendingCosigners => Command::DropPendingCosigners,
            CommandKind::Withdraw => Command::Withdraw,
            CommandKind::Revise => Command::Revise,
            CommandKind::Register => Command::Register,
            CommandKind::Exclude => Command::Exclude {
                reason: ExclusionReason::from_code(self.get("reason"))
                    .ok_or_else(|| ValidationError::new("reason", "请选择不予立案的原因"))?,
                note: t("note"),
            },
            CommandKind::ConvertToLetter => Command::ConvertToLetter { note: t("note") },
            CommandKind::Assign => Command::Assign { on: self.date("on", today)?, complex: self.get("complex") == "1" },
            CommandKind::RecordContact => Command::RecordContact,
            CommandKind::SubmitView => Command::SubmitView,
            CommandKind::RequestReturn => Command::RequestReturn { reason: t("reason") },
            CommandKind::ApproveReturn => Command::ApproveReturn,
            CommandKind::RefuseReturn => Command::RefuseReturn { note: t("note") },
            CommandKind::RequestExtension => Command::RequestExtension { reason: t("reason") },
            CommandKind::GrantExtension => Command::GrantExtension {
                months: self
                    .get("months")
                    .trim()
                    .parse()
                    .map_err(|_| ValidationError::new("months", "请选择延期后的期限"))?,
            },
            CommandKind::RefuseExtension => Command::RefuseExtension { note: t("note") },
            CommandKind::Reply => Command::Reply {
                class: ReplyClass::from_code(self.get("class"))
                    .ok_or_else(|| ValidationError::new("class", "请选择答复类别"))?,
            },
            CommandKind::Rate => Command::Rate {
                attitude: self.satisfaction("attitude", "办理态度")?,
                result: self.satisfaction("result", "办理结果")?,
                reason: t("reason"),
            },
            CommandKind::SendBack => Command::SendBack,
            CommandKind::Close => Command::Close,
            CommandKind::EndFollowUp => {
                Command::EndFollowUp { fulfilled: self.get("fulfilled") == "1", note: t("note") }
            }
            CommandKind::MarkKey => Command::MarkKey { topic: t("topic") },
            CommandKind::UnmarkKey => Command::UnmarkKey,
        };
        let extra = match kind {
            CommandKind::Assign => Extra::Assign { main: self.ids("main")?, assisting: self.ids("assisting")? },
            CommandKind::RecordContact => Extra::Contact {
                on: self.date("on", today)?,
                way: ContactWay::from_code(self.get("way"))
                    .ok_or_else(|| ValidationError::new("way", "请选择沟通方式"))?,
                summary: t("summary"),
            },
            CommandKind::SubmitView => Extra::View { text: t("text") },
            CommandKind::Reply => Extra::Reply { body: t("body"), signer: t("signer"), on: self.date("on", today)? },
            _ => Extra::None,
        };
        Ok((cmd, extra))
    }
}

/// Every action of the detail page posts here: urlencoded, or multipart when a reply brings
/// files.
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let content_type = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let (pairs, files) = if content_type.starts_with("multipart/form-data") {
        crate::extract::read_multipart(content_type, body).await?
    } else {
        (crate::extract::form_pairs(&body)?, Vec::new())
    };
    let fields = ActionFields { pairs };
    let today = today(&state);
    let id = SuggestionId(id);
    if fields.get("command") == "publish_reply" {
        state.store.set_publish_reply(&actor(&s), id, fields.get("publish") == "1").await?;
        return Ok(done(&format!("/suggestions/{id}"), "done"));
    }
    if fields.get("command") == "edit" {
        state.store.edit_suggestion(&actor(&s), id, fields.get("title"), fields.get("body"), today).await?;
        return Ok(done(&format!("/suggestions/{id}"), "done"));
    }
    let outcome = match fields.command(today) {
        Ok((cmd, extra)) => {
            state.store.act_with_files(&actor(&s), id, &cmd, &extra, today, &files).await.map_err(AppError::from)
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => Ok(done(&format!("/suggestions/{id}"), "done")),
        // A refused action shows the suggestion again with the reason, not a bare error page;
        // a suggestion the user may not see, and our own failures, stay errors.
        Err(e) if !matches!(e.code, ErrorCode::NotFound | ErrorCode::Internal) => {
            let status = e.status();
            let mut page = detail(&state, &s, id, "", e.message).await?;
            *page.status_mut() = status;
            Ok(page)
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "suggestion_settings.html")]
pub struct SettingsPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub congress: String,
    pub s: Settings,
    pub jia_yi_bing: bool,
}

/// The staff's congress: the only one whose settings they change.
fn staff_congress(s: &Session) -> AppResult<OrgId> {
    match s.user.role {
        Role::Staff { congress } => Ok(congress),
        _ => Err(AppError::new(ErrorCode::Forbidden, "只有本级人大工作人员可以修改建议办理设置。")),
    }
}

pub async fn settings_form(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let congress = staff_congress(&s)?;
    let settings = state.store.suggestion_settings(congress).await?;
    render(&SettingsPage {
        ctx: Ctx::new(&state, Some(&s), "建议办理设置", "/suggestions"),
        notice: notice_text(q.notice.as_deref()),
        congress: state.store.org(congress).await?.name.to_string(),
        jia_yi_bing: settings.class_scheme == ClassScheme::JiaYiBing,
        s: settings,
    })
}

#[derive(Deserialize)]
pub struct SettingsForm {
    pub reply_months: String,
    pub complex_reply_months: String,
    pub max_months: String,
    pub rehandle_months: String,
    pub return_window_working_days: String,
    pub near_due_days: String,
    pub class_scheme: String,
}

pub async fn settings_save(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Form(f): Form<SettingsForm>,
) -> AppResult<Response> {
    let congress = staff_congress(&s)?;
    let num = |field: &str, v: &str| -> AppResult<i32> {
        v.trim().parse().map_err(|_| ValidationError::new(field, "请填写整数").into())
    };
    let new = Settings {
        reply_months: num("reply_months", &f.reply_months)?,
        complex_reply_months: num("complex_reply_months", &f.complex_reply_months)?,
        max_months: num("max_months", &f.max_months)?,
        rehandle_months: num("rehandle_months", &f.rehandle_months)?,
        return_window_working_days: num("return_window_working_days", &f.return_window_working_days)?.max(0) as u32,
        near_due_days: num("near_due_days", &f.near_due_days)?,
        class_scheme: if f.class_scheme == "jia_yi_bing" { ClassScheme::JiaYiBing } else { ClassScheme::Abcd },
    };
    state.store.set_suggestion_settings(&actor(&s), congress, new).await?;
    Ok(done("/suggestions/settings", "done"))
}

/// Assigns several registered suggestions to the same units at once. Each is its own command
/// (one transaction and audit entry each); the ones that fail are named, the others stay done.
pub async fn bulk_assign(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Bytes,
) -> AppResult<Response> {
    staff_congress(&s)?;
    let pairs = crate::extract::form_pairs(&body)?;
    let fields = ActionFields { pairs };
    let ids: Vec<i64> = fields.all("id").iter().filter_map(|v| v.trim().parse().ok()).collect();
    if ids.is_empty() {
        return Err(ValidationError::new("id", "请至少勾选一件建议").into());
    }
    let today = today(&state);
    let cmd = Command::Assign { on: fields.date("on", today)?, complex: fields.get("complex") == "1" };
    let extra = Extra::Assign { main: fields.ids("main")?, assisting: fields.ids("assisting")? };
    let mut failed = Vec::new();
    for id in &ids {
        if let Err(e) = state.store.act(&actor(&s), SuggestionId(*id), &cmd, &extra, today).await {
            failed.push(format!("第{id}件：{}", e.user_message()));
        }
    }
    if failed.is_empty() {
        Ok(done("/suggestions?state=registered", "bulk_assigned"))
    } else {
        let done_n = ids.len() - failed.len();
        Err(AppError::new(ErrorCode::InvalidInput, format!("已交办{done_n}件；以下未能交办：{}", failed.join("；"))))
    }
}

/// The units of a congress, for assignment forms.
pub async fn units_of(state: &AppState, congress: OrgId) -> AppResult<Vec<(i64, String)>> {
    Ok(state
        .store
        .orgs_of_congress(congress)
        .await?
        .into_iter()
        .filter(|o| matches!(o.kind, OrgKind::Unit(_)))
        .map(|o| (o.id.0, o.name.to_string()))
        .collect())
}

/// A document attached to a reply, for whoever may open the suggestion (not for those who
/// only read its published reply: `/replies` offers no documents).
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path((id, hash)): Path<(i64, String)>,
) -> AppResult<Response> {
    let (filename, mime, bytes) = state.store.reply_file(s.user.role, SuggestionId(id), &hash).await?;
    Ok(download(&filename, &mime, bytes))
}

/// A stored file as a download with its original name.
pub(crate) fn download(filename: &str, mime: &str, bytes: Vec<u8>) -> Response {
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    if let Ok(v) = axum::http::HeaderValue::from_str(mime) {
        h.insert(axum::http::header::CONTENT_TYPE, v);
    }
    let encoded = crate::auth::urlencode(filename);
    if let Ok(v) =
        axum::http::HeaderValue::from_str(&format!("attachment; filename=\"file\"; filename*=UTF-8''{encoded}"))
    {
        h.insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    resp
}
