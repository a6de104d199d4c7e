//! Suggestion pages for every role: the lists (a deputy's own, a unit's inbox, the staff's
//! queue with filters and the near-due board), drafting, one suggestion with exactly the
//! actions the core permits now, and the one form endpoint every action posts to.

use super::{Ctx, actor, done, notice_text, render};
use crate::AppState;
use crate::auth::{CurrentUser, urlencode};
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use renda_core::ids::{OrgId, PersonId};
use renda_core::policy::{self, Action, Resource, RoleKind};
use renda_core::suggestion::{
    ClassScheme, Command, CommandKind, ExclusionReason, ReplyClass, Satisfaction, Settings, Standing, SuggestionState,
};
use renda_core::value::parse_date;
use renda_core::{ErrorCode, ValidationError};
use renda_store::Page;
use renda_store::audit::AuditEntry;
use renda_store::people::DeputyFilter;
use renda_store::suggestions::{
    ContactWay, Due, Extra, NewSuggestion, Period, Reading, SuggestionDetail, SuggestionFilter, SuggestionId,
    SuggestionRow,
};
use renda_store::users::Session;
use serde::Deserialize;

/// One line of a list, with what the list shows beside the row.
pub struct ListItem {
    pub row: SuggestionRow,
    /// 剩余12天 / 逾期3天 / empty.
    pub due_label: String,
    /// "overdue", "near" or "".
    pub due_class: &'static str,
}

pub(crate) fn due_of(row: &SuggestionRow, today: Date, settings: &Settings) -> (String, &'static str) {
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
pub(crate) struct SettingsCache(std::collections::HashMap<OrgId, Settings>);

impl SettingsCache {
    pub(crate) async fn get(&mut self, state: &AppState, congress: OrgId) -> AppResult<Settings> {
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
    /// Staff: "own" for this congress only (本级); otherwise with the congresses below (含下级).
    #[serde(default)]
    pub scope: String,
    /// With `unit`: "main" for the suggestions it leads (主办) only.
    #[serde(default)]
    pub role: String,
    pub page: Option<i64>,
    pub notice: Option<String>,
}

impl ListQuery {
    /// The same filters as a query string (for paging and export links).
    pub fn query_string(&self) -> String {
        format!(
            "state={}&due={}&key={}&q={}&unit={}&topic={}&year={}&scope={}&role={}",
            urlencode(&self.state),
            urlencode(&self.due),
            urlencode(&self.key),
            urlencode(&self.q),
            urlencode(&self.unit),
            urlencode(&self.topic),
            urlencode(&self.year),
            urlencode(&self.scope),
            urlencode(&self.role)
        )
    }

    /// A query from a tile's or a form's query string (unknown fields ignored).
    pub fn parse(raw: &str) -> ListQuery {
        serde_urlencoded::from_str(raw).unwrap_or_default()
    }
}

/// Whose records a list (and the tile counting it) holds: 本级 or 含下级 for staff, the
/// deputy's or the unit's own otherwise.
pub fn scope_label(s: &Session, q: &ListQuery) -> &'static str {
    match s.user.role.kind() {
        RoleKind::Staff if q.scope == "own" => "本级",
        RoleKind::Staff => "含下级",
        RoleKind::Deputy => "本人",
        RoleKind::Unit => "本单位",
        RoleKind::Admin | RoleKind::Public => "全部",
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
    /// 本级 / 含下级 / 本人 / 本单位 / 全部.
    pub scope_label: &'static str,
    /// Staff with congresses below choose between 本级 and 含下级.
    pub scope_choice: bool,
    /// What a bulk action did (and why items were refused), shown above the list.
    pub message: String,
    pub message_ok: bool,
    /// Staff of a congress: 立案, 交办 and 催办 on the selection.
    pub can_bulk: bool,
    /// The overdue board (`due=overdue`) shows the export's chosen columns as a table.
    pub board: Option<super::suggestion_bulk::Board>,
    /// The export columns: (code, label, chosen).
    pub columns: Vec<(&'static str, &'static str, bool)>,
    /// The list's query, carried by the bulk and column forms to come back to it.
    pub back: String,
}

fn parse_states(raw: &str) -> Vec<SuggestionState> {
    raw.split(',').filter_map(SuggestionState::from_code).collect()
}

/// The store filter for a list request by this user.
pub fn filter_of(s: &Session, q: &ListQuery, per_page: i64) -> AppResult<SuggestionFilter> {
    // The store keeps every list within what the user may list (a deputy's own, a unit's
    // assignments); staff may narrow it to their own congress or to one unit.
    let congresses = match s.user.role.staff_congress() {
        Some(congress) if q.scope == "own" => vec![congress],
        _ => Vec::new(),
    };
    if !policy::may_at_all(s.user.role, Action::View, Resource::Suggestion) {
        return Err(AppError::of(ErrorCode::Forbidden));
    }
    Ok(SuggestionFilter {
        congresses,
        person: None,
        unit: super::opt_id("unit", Some(&q.unit))?.map(OrgId),
        main_unit_only: q.role == "main",
        states: parse_states(&q.state),
        key_only: q.key == "1",
        topic: Some(q.topic.clone()),
        published_only: false,
        due: Due::from_code(&q.due),
        ids: Vec::new(),
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
    render_list(&state, &s, q, None).await
}

/// The list page for `q`, with the outcome of a bulk action when there was one.
pub async fn render_list(
    state: &AppState,
    s: &Session,
    q: ListQuery,
    outcome: Option<(String, bool)>,
) -> AppResult<Response> {
    let today = state.today();
    let filter = filter_of(s, &q, 30)?;
    let page = state.store.list_suggestions(&actor(s), &filter, today).await?;
    let mut items = Vec::with_capacity(page.items.len());
    let mut settings_of = SettingsCache::default();
    for row in page.items {
        let settings = settings_of.get(state, row.congress).await?;
        let (due_label, due_class) = due_of(&row, today, &settings);
        items.push(ListItem { row, due_label, due_class });
    }
    let link = |p: i64| format!("/suggestions?{}&page={p}", q.query_string());
    let heading = match s.user.role.kind() {
        RoleKind::Deputy => "我的建议",
        RoleKind::Unit => "交办给本单位的建议",
        _ => "代表建议",
    };
    let (bulk_units, scope_choice) = match s.user.role.staff_congress() {
        Some(congress) => (units_of(state, congress).await?, state.store.congress_subtree(congress).await?.len() > 1),
        None => (Vec::new(), false),
    };
    let chosen = super::suggestion_bulk::chosen_columns(state, s).await?;
    let board = if filter.due == Some(Due::Overdue) {
        let rows: Vec<SuggestionRow> = items.iter().map(|i| i.row.clone()).collect();
        Some(super::suggestion_bulk::board(state, &rows, &chosen, today).await?)
    } else {
        None
    };
    let (message, message_ok) = outcome.unwrap_or_default();
    render(&ListPage {
        ctx: Ctx::new(state, Some(s), heading, "/suggestions"),
        // 立案, 交办 and 催办 change suggestions of a whole congress: its staff only.
        can_bulk: policy::may_congress_wide(s.user.role, Action::Edit, Resource::Suggestion),
        bulk_units,
        today: today.to_string(),
        notice: notice_text(q.notice.as_deref()),
        heading,
        prev_link: link(page.page),
        next_link: link(page.page + 2),
        export_query: q.query_string(),
        back: q.query_string(),
        page: Page { items: Vec::new(), total: page.total, page: page.page, per_page: page.per_page },
        items,
        states: SuggestionState::ALL.iter().map(|s| (s.code(), s.label())).collect(),
        can_draft: policy::may_at_all(s.user.role, Action::Create, Resource::Suggestion),
        is_staff: policy::may_congress_wide(s.user.role, Action::View, Resource::Suggestion),
        scope_label: scope_label(s, &q),
        scope_choice,
        message,
        message_ok,
        board,
        columns: super::suggestion_bulk::SUGGESTIONS.picks(&chosen),
        q,
    })
}

/// The most rows one export holds.
pub(crate) const EXPORT_LIMIT: i64 = 5000;

/// The list with the same filters as a CSV or Excel file, in the user's chosen columns.
pub async fn export(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(format): Path<String>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let today = state.today();
    let filter = SuggestionFilter { page: 0, ..filter_of(&s, &q, EXPORT_LIMIT)? };
    let page = state.store.list_suggestions(&actor(&s), &filter, today).await?;
    super::suggestion_bulk::export_rows(&state, &s, &page.items, &format).await
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
    // Statistics are over a whole congress's suggestions: its staff, and the admin.
    if !policy::may_congress_wide(s.user.role, Action::View, Resource::Suggestion) {
        return Err(AppError::of(ErrorCode::Forbidden));
    }
    let today = state.today();
    let year = q.year.unwrap_or(i64::from(today.year()));
    let stats = state.store.suggestion_stats(&actor(&s), year, today).await?;
    let scheme = match s.user.role.staff_congress() {
        Some(congress) => state.store.suggestion_settings(congress).await?.class_scheme,
        None => ClassScheme::Abcd,
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
    /// The sitting deputies of each congress offered, to pick the lead and co-signers from.
    pub deputies: Vec<crate::picker::Group>,
}

pub async fn new_form(State(state): State<AppState>, CurrentUser(s): CurrentUser) -> AppResult<Response> {
    let today = state.today();
    if !policy::may_at_all(s.user.role, Action::Create, Resource::Suggestion) {
        return Err(AppError::new(ErrorCode::Forbidden, "只有人大代表和人大工作人员可以提出或录入建议。"));
    }
    let mut congresses: Vec<(i64, String)> = Vec::new();
    let me = s.user.role.deputy();
    if let Some(person) = me {
        for d in state.store.deputyships_of(person).await? {
            let active = d.end_date.is_none_or(|e| e > today);
            if active && !congresses.iter().any(|(id, _)| *id == d.congress.0) {
                congresses.push((d.congress.0, d.congress_name));
            }
        }
    }
    if let Some(congress) = s.user.role.staff_congress() {
        congresses.push((congress.0, state.store.org(congress).await?.name.to_string()));
    }
    // Staff create for any deputy of their congress (paper, or 议案转建议); a deputy their own.
    let staff = policy::may_congress_wide(s.user.role, Action::Create, Resource::Suggestion);
    let title = if staff { "录入代表建议" } else { "提出建议" };
    let mut deputies = Vec::new();
    for (id, name) in &congresses {
        let choices = crate::picker::sitting_deputies(&state.store, &actor(&s), OrgId(*id))
            .await?
            .iter()
            .filter(|d| Some(d.person) != me)
            .map(crate::picker::deputy_choice)
            .collect();
        deputies.push(crate::picker::Group { label: name.clone(), scope: *id, choices });
    }
    render(&NewPage { ctx: Ctx::new(&state, Some(&s), title, "/suggestions"), congresses, staff, deputies })
}

/// Resolves deputies as the form sends them: picked from the list (each value a person id), or
/// typed as names separated by 、，, or spaces (an older page, a script) among the congress's
/// sitting deputies, where a name two deputies share must be written with the person number.
async fn resolve_cosigners(state: &AppState, s: &Session, congress: OrgId, raw: &str) -> AppResult<Vec<PersonId>> {
    let mut out = Vec::new();
    for name in raw.split(['、', '，', ',', ' ', '\n', '；', ';']).map(str::trim).filter(|n| !n.is_empty()) {
        if let Ok(id) = name.strip_prefix('#').unwrap_or(name).parse::<i64>() {
            out.push(PersonId(id));
            continue;
        }
        let found = state
            .store
            .search_deputies(
                &actor(s),
                &DeputyFilter {
                    congresses: vec![congress],
                    name: Some(name.to_owned()),
                    active_only: true,
                    per_page: 10,
                    ..DeputyFilter::default()
                },
            )
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

pub async fn create(State(state): State<AppState>, CurrentUser(s): CurrentUser, body: Bytes) -> AppResult<Response> {
    let f = ActionFields { pairs: crate::extract::form_pairs(&body)? };
    let congress = OrgId(
        f.get("congress").trim().parse().map_err(|_| ValidationError::new("congress", "请选择向哪一级人大提出"))?,
    );
    // A deputy leads their own; staff enter one for a deputy of their congress (the store checks
    // the congress again).
    let (lead, from_motion) = if let Some(person) = s.user.role.deputy() {
        (person, false)
    } else if policy::may_congress_wide(s.user.role, Action::Create, Resource::Suggestion) {
        let lead = resolve_cosigners(&state, &s, congress, f.get("lead")).await?;
        let [lead] = lead.as_slice() else {
            return Err(ValidationError::new("lead", "请选择一名领衔代表").into());
        };
        (*lead, f.get("from_motion") == "1")
    } else {
        return Err(AppError::new(ErrorCode::Forbidden, "只有人大代表和人大工作人员可以提出或录入建议。"));
    };
    let period = Period::from_code(f.get("period")).ok_or_else(|| ValidationError::new("period", "请选择提出时间"))?;
    let mut cosigners = Vec::new();
    for value in f.all("cosigners") {
        cosigners.extend(resolve_cosigners(&state, &s, congress, value).await?);
    }
    let new = NewSuggestion {
        congress,
        title: f.get("title").to_owned(),
        body: f.get("body").to_owned(),
        period,
        from_motion,
        cosigners,
    };
    let id = state.store.create_suggestion(&actor(&s), lead, new, state.today()).await?;
    Ok(done(&format!("/suggestions/{id}"), "suggestion_created"))
}

/// What the last action did and what comes next, computed from the suggestion as it stands now
/// (`code` is a command's code from the URL: only known codes say anything).
pub fn suggestion_notice(code: &str, d: &SuggestionDetail) -> String {
    let f = &d.row.facts;
    let lead = &d.row.lead_name;
    let due = f.due_on.map(|d| d.to_string()).unwrap_or_default();
    let pending: Vec<&str> =
        d.signers.iter().filter(|s| !s.lead && s.confirmed_at.is_none()).map(|s| s.name.as_str()).collect();
    let awaiting_review = format!("等待{}工作人员审查立案。", d.row.congress_name);
    let waiting = || {
        if f.state == SuggestionState::Cosigning && !pending.is_empty() {
            format!("等待{}代表确认联名。", pending.join("、"))
        } else {
            awaiting_review.clone()
        }
    };
    let main_units: Vec<&str> = d.units.iter().filter(|u| u.main).map(|u| u.name.as_str()).collect();
    let assisting: Vec<&str> = d.units.iter().filter(|u| !u.main).map(|u| u.name.as_str()).collect();
    match code {
        "suggestion_created" => "建议草稿已保存。确认无误后请点击“提交”。".to_owned(),
        "edit" => "建议已修改。确认无误后请点击“提交”。".to_owned(),
        "publish_reply" => "已同意在门户网站公开答复，公众可在“答复公开”中查阅。".to_owned(),
        "unpublish_reply" => "答复已不在门户网站公开。".to_owned(),
        "submit" | "revise" => format!("已提交，{}", waiting()),
        "confirm_cosign" => format!(
            "您已确认联名。{}",
            if f.state == SuggestionState::Cosigning {
                waiting()
            } else {
                format!("建议已提交，{awaiting_review}")
            }
        ),
        "decline_cosign" => format!("您已谢绝联名，{lead}代表会看到您的决定。"),
        "drop_pending_cosigners" => format!("已不再等待未确认的联名代表，建议已提交，{awaiting_review}"),
        "withdraw" => "建议已撤回，不再办理。".to_owned(),
        "register" => "已立案。下一步：选择承办单位交办。".to_owned(),
        "exclude" => format!("已不予立案并退回，{lead}代表会收到通知和理由。"),
        "convert_to_letter" => format!("已转为代表来信处理，{lead}代表会收到通知。"),
        "assign" => {
            let mut t = format!("已交办{}（主办）", main_units.join("、"));
            if !assisting.is_empty() {
                t.push_str(&format!("、{}（会办）", assisting.join("、")));
            }
            format!("{t}，答复期限为{due}。承办单位会收到通知。")
        }
        "record_contact" => format!("沟通情况已记录。下一步：在{due}前答复{lead}代表。"),
        "submit_view" => format!("会办意见已提交，由主办单位{}统一答复代表。", main_units.join("、")),
        "request_return" => "退回申请已提交，等待人大工作人员审核。".to_owned(),
        "approve_return" => "已同意退回。下一步：重新选择承办单位交办。".to_owned(),
        "refuse_return" => "已不同意退回，承办单位会收到通知并继续办理。".to_owned(),
        "request_extension" => "延期申请已提交，等待人大工作人员审核。".to_owned(),
        "grant_extension" => format!("已同意延期，答复期限改为{due}，承办单位会收到通知。"),
        "refuse_extension" => format!("已不同意延期，答复期限仍为{due}，承办单位会收到通知。"),
        "reply" => format!("答复已提交，等待{lead}代表评价。"),
        "rate" => "评价已提交，等待人大工作人员办结或交回重新办理。".to_owned(),
        "send_back" => format!("已交回重新办理，新的答复期限为{due}，承办单位会收到通知。"),
        "close" if f.state == SuggestionState::FollowUp => "建议已办结，答复中的承诺转入跟踪落实。".to_owned(),
        "close" => "建议已办结，代表会收到通知。".to_owned(),
        "end_follow_up" => "跟踪落实已结束，建议办理完毕。".to_owned(),
        "mark_key" => match f.key_topic.as_deref().filter(|t| !t.is_empty()) {
            Some(topic) => format!("已列为重点督办建议（专题：{topic}），可在建议列表中按“重点督办”筛选。"),
            None => "已列为重点督办建议，可在建议列表中按“重点督办”筛选。".to_owned(),
        },
        "unmark_key" => "已取消重点督办。".to_owned(),
        other => notice_text(Some(other)).to_owned(),
    }
}

/// One action the page offers, with what its form needs.
pub struct ActionForm {
    pub code: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "suggestion.html")]
pub struct DetailPage {
    pub ctx: Ctx,
    pub notice: String,
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
    /// The 主办 unit: told why it cannot reply yet while 会办 views are awaited.
    pub is_main_unit: bool,
    /// For a unit handling the suggestion: how to reach the lead deputy.
    pub deputy_contact: Option<DeputyContact>,
    pub max_months: i32,
    /// The official documents made from it (交办函 …) that the reader may open.
    pub documents: Vec<renda_store::official::IssuedDocument>,
}

/// The lead deputy as a handling unit sees them: name, delegation, and the work phone when
/// staff let units see it (otherwise the way through the congress office).
pub struct DeputyContact {
    pub name: String,
    pub delegation: String,
    pub work_phone: Option<String>,
    pub office_phone: String,
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
            other => CommandKind::from_code(other).map_or(other.to_owned(), |k| k.label().to_owned()),
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let notice = q.notice.as_deref().unwrap_or("");
    detail(&state, &s, SuggestionId(id), notice, String::new()).await
}

/// The detail page, with a notice after a successful action or the reason an action failed.
async fn detail(state: &AppState, s: &Session, id: SuggestionId, notice: &str, error: String) -> AppResult<Response> {
    let store = &state.store;
    let (d, reading) = store.suggestion_reading(&actor(s), id).await?;
    // Someone whose only claim on the suggestion is that its reply was published reads it
    // where the public does: the handling record stays with its parties.
    if reading == Reading::PublicReply {
        return Ok(Redirect::to(&format!("/replies/{id}")).into_response());
    }
    let notice = suggestion_notice(notice, &d);
    let today = state.today();
    let settings = store.suggestion_settings(d.row.congress).await?;
    let (due_label, due_class) = due_of(&d.row, today, &settings);
    let permitted = store.permitted_commands(&d, s.user.role, today).await?;
    let can_edit = permitted.contains(&CommandKind::Edit);
    // Editing and the publication choice have their own places on the page; the likeliest next
    // step comes first (its form opens): a unit that has talked to the deputy replies next;
    // everything else keeps the lifecycle's order.
    let mut permitted: Vec<CommandKind> =
        permitted.into_iter().filter(|k| !matches!(k, CommandKind::Edit | CommandKind::PublishReply)).collect();
    if d.row.facts.contacts > 0 {
        permitted.sort_by_key(|k| *k != CommandKind::Reply);
    }
    let actions = permitted.into_iter().map(|k| ActionForm { code: k.code(), label: k.label() }).collect();
    let units = units_of(state, d.row.congress).await?;
    let timeline = store.audit_of("suggestion", &id.to_string()).await?;
    let source = renda_store::official::Source::Suggestion(id);
    let filter = renda_store::official::OfficialFilter { source: Some(source), ..Default::default() };
    let documents = store.official_documents(&actor(s), &filter).await?;
    let standing = d.standing_of(s.user.role);
    let is_lead = standing == Some(Standing::Lead);
    let is_main_unit = standing == Some(Standing::MainUnit);
    let is_unit = is_main_unit || matches!(standing, Some(Standing::AssistingUnit { .. }));
    let deputy_contact = if is_unit && d.row.facts.state.is_with_unit() {
        let seats = store.deputyships_of(d.row.lead).await?;
        let seat = seats.iter().find(|r| r.congress == d.row.congress).or(seats.first());
        let work = store.work_phone(d.row.lead).await?;
        Some(DeputyContact {
            name: d.row.lead_name.clone(),
            delegation: seat.map(|r| r.delegation.clone()).unwrap_or_default(),
            work_phone: work.phone.filter(|_| work.to_units),
            office_phone: state.config.office_phone.clone().unwrap_or_default(),
        })
    } else {
        None
    };
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
        is_main_unit,
        deputy_contact,
        max_months: settings.max_months,
        documents,
        d,
    })
}

/// The fields of an action form (urlencoded, with repeated `main`/`assisting`).
#[derive(Debug, Default)]
pub(crate) struct ActionFields {
    pub(crate) pairs: Vec<(String, String)>,
}

impl ActionFields {
    pub(crate) fn get(&self, k: &str) -> &str {
        self.pairs.iter().find(|(key, _)| key == k).map_or("", |(_, v)| v.as_str())
    }

    pub(crate) fn all(&self, k: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(key, v)| key == k && !v.trim().is_empty()).map(|(_, v)| v.as_str()).collect()
    }

    pub(crate) fn ids(&self, k: &str) -> AppResult<Vec<OrgId>> {
        self.all(k)
            .into_iter()
            .map(|v| v.trim().parse::<i64>().map(OrgId).map_err(|_| ValidationError::new(k, "请选择有效的单位").into()))
            .collect()
    }

    pub(crate) fn date(&self, k: &str, default: Date) -> AppResult<Date> {
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
        let kind =
            CommandKind::from_code(self.get("command")).ok_or_else(|| ValidationError::new("command", "未知的操作"))?;
        if let Some(what) = renda_core::confirm::Irreversible::of_command(kind) {
            what.check(self.get(renda_core::confirm::FIELD) == "1")?;
        }
        let t = |k: &str| self.get(k).to_owned();
        let cmd = match kind {
            CommandKind::Edit => Command::Edit { title: t("title"), body: t("body") },
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
            CommandKind::Remind => Command::Remind,
            CommandKind::WaiveViews => Command::WaiveViews { reason: t("reason") },
            CommandKind::PublishReply => Command::PublishReply { publish: self.get("publish") == "1" },
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
    let (pairs, files) = crate::extract::read_form(&headers, body).await?;
    let fields = ActionFields { pairs };
    let today = state.today();
    let id = SuggestionId(id);
    let outcome = match fields.command(today) {
        Ok((cmd, extra)) => {
            state.store.act_with_files(&actor(&s), id, &cmd, &extra, today, &files).await.map_err(AppError::from).map(
                |_| match cmd {
                    Command::PublishReply { publish: false } => "unpublish_reply",
                    _ => cmd.kind().code(),
                },
            )
        }
        Err(e) => Err(e),
    };
    // The notice names the command; the page says what it did and what comes next. A refused
    // action comes back on the suggestion's page with the form as it was filled and the reason
    // beside the field (`crate::echo`).
    outcome.map(|kind| done(&format!("/suggestions/{id}"), kind))
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
pub(crate) fn staff_congress(s: &Session) -> AppResult<OrgId> {
    s.user
        .role
        .staff_congress()
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有本级人大工作人员可以修改建议办理设置。"))
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
    Ok(done("/suggestions/settings", "suggestion_settings"))
}

/// The former address of the bulk assignment form: the same as 交办 on `/suggestions/bulk`.
pub async fn bulk_assign(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Bytes,
) -> AppResult<Response> {
    let mut pairs = crate::extract::form_pairs(&body)?;
    pairs.retain(|(k, _)| k != "op");
    pairs.push(("op".into(), "assign".into()));
    super::suggestion_bulk::run(&state, &s, pairs).await
}

/// The units of a congress, for assignment forms.
pub async fn units_of(state: &AppState, congress: OrgId) -> AppResult<Vec<(i64, String)>> {
    // A closed unit (`renda org close`) takes no new work.
    Ok(state.store.open_units_of(congress).await?.into_iter().map(|o| (o.id.0, o.name.to_string())).collect())
}

/// A document attached to a reply, for whoever may open the suggestion (not for those who
/// only read its published reply: `/replies` offers no documents).
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path((id, hash)): Path<(i64, String)>,
) -> AppResult<Response> {
    let (filename, mime, bytes) = state.store.reply_file(s.user.role, SuggestionId(id), &hash).await?;
    Ok(crate::download::file(&filename, &mime, bytes))
}
