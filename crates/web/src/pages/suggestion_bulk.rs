//! Bulk work on the suggestion lists (issue 13, points 13 and 14): the rows a user ticked are
//! registered (立案), assigned to the same units (交办), reminded (催办) or exported. Each item is
//! its own command through the store's `act` — the policy and the core's rules decide, one
//! transaction and audit entry each — so a refused item is named with its reason and the others
//! stay done. Exports (and the overdue board) show the columns the user chose, remembered per
//! user: responsible units, co-signers, the dates and the days overdue among them.

use super::columns::{Columns, day, days_overdue};
use super::suggestions::{
    ActionFields, EXPORT_LIMIT, ListQuery, SettingsCache, due_of, filter_of, render_list, staff_congress,
};
use super::{actor, done};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use jiff::civil::Date;
use renda_core::ErrorCode;
use renda_core::ValidationError;
use renda_core::ids::OrgId;
use renda_core::suggestion::{Command, Settings};
use renda_store::suggestion_export::ExportDetails;
use renda_store::suggestions::{Extra, SuggestionFilter, SuggestionId, SuggestionRow};
use renda_store::users::Session;

/// The export's name for the remembered choice.
pub const EXPORT: &str = "suggestions";

/// Every column an export (and the overdue board) can show: (code, heading).
pub const COLUMNS: [(&str, &str); 19] = [
    ("number", "编号"),
    ("title", "标题"),
    ("lead", "领衔代表"),
    ("cosigners", "联名代表"),
    ("congress", "人大"),
    ("period", "提出时间"),
    ("state", "状态"),
    ("main_units", "主办单位"),
    ("assisting_units", "会办单位"),
    ("submitted_on", "提交日期"),
    ("assigned_on", "交办日期"),
    ("due_on", "答复期限"),
    ("replied_on", "答复日期"),
    ("days_overdue", "逾期天数"),
    ("due_label", "期限情况"),
    ("reply_class", "答复类别"),
    ("attitude", "办理态度评价"),
    ("result", "办理结果评价"),
    ("key_topic", "重点督办专题"),
];

/// The suggestions' board and exports.
pub const SUGGESTIONS: Columns = Columns { export: EXPORT, title: "代表建议", columns: &COLUMNS };

/// The columns this user chose (every column until they choose).
pub async fn chosen_columns(state: &AppState, s: &Session) -> AppResult<Vec<String>> {
    SUGGESTIONS.chosen(state, s).await
}

/// The overdue board as a table of the chosen columns.
pub struct Board {
    pub headers: Vec<&'static str>,
    pub rows: Vec<BoardRow>,
}

pub struct BoardRow {
    pub id: i64,
    pub cells: Vec<String>,
}

fn join(v: &[String]) -> String {
    v.join("、")
}

fn cell(code: &str, r: &SuggestionRow, d: &ExportDetails, today: Date, settings: &Settings) -> String {
    let f = &r.facts;
    match code {
        "number" => r.number_label(),
        "title" => r.title.clone(),
        "lead" => r.lead_name.clone(),
        "cosigners" => join(&d.cosigners),
        "congress" => r.congress_name.clone(),
        "period" => r.period.label().to_owned(),
        "state" => r.state_label().to_owned(),
        "main_units" => join(&d.main_units),
        "assisting_units" => join(&d.assisting_units),
        "submitted_on" => day(d.submitted_on),
        "assigned_on" => day(f.assigned_on),
        "due_on" => day(f.due_on),
        "replied_on" => day(d.replied_on),
        "days_overdue" => days_overdue(f.days_left(today)),
        "due_label" => due_of(r, today, settings).0,
        "reply_class" => f.reply_class.map(|c| c.label(settings.class_scheme).to_owned()).unwrap_or_default(),
        "attitude" => f.attitude.map(|x| x.label().to_owned()).unwrap_or_default(),
        "result" => f.result.map(|x| x.label().to_owned()).unwrap_or_default(),
        "key_topic" => f.key_topic.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// The headings and cells of `rows` in the chosen columns (in the columns' own order).
async fn table(
    state: &AppState,
    rows: &[SuggestionRow],
    chosen: &[String],
    today: Date,
) -> AppResult<(Vec<&'static str>, Vec<Vec<String>>)> {
    let ids: Vec<SuggestionId> = rows.iter().map(|r| r.id).collect();
    let details = state.store.suggestion_export_details(&ids).await?;
    let cols = SUGGESTIONS.selected(chosen);
    let mut settings_of = SettingsCache::default();
    let none = ExportDetails::default();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let settings = settings_of.get(state, r.congress).await?;
        let d = details.get(&r.id).unwrap_or(&none);
        out.push(cols.iter().map(|(code, _)| cell(code, r, d, today, &settings)).collect());
    }
    Ok((cols.iter().map(|(_, label)| *label).collect(), out))
}

/// The overdue board's table.
pub async fn board(state: &AppState, rows: &[SuggestionRow], chosen: &[String], today: Date) -> AppResult<Board> {
    let (headers, cells) = table(state, rows, chosen, today).await?;
    Ok(Board { headers, rows: rows.iter().zip(cells).map(|(r, cells)| BoardRow { id: r.id.0, cells }).collect() })
}

/// `rows` as a CSV or Excel download in the user's chosen columns.
pub async fn export_rows(state: &AppState, s: &Session, rows: &[SuggestionRow], format: &str) -> AppResult<Response> {
    let today = state.today();
    let chosen = chosen_columns(state, s).await?;
    let (headers, cells) = table(state, rows, &chosen, today).await?;
    SUGGESTIONS.download(today, &headers, cells, format)
}

/// Saves the user's export columns and goes back to the list.
pub async fn save_columns(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Bytes,
) -> AppResult<Response> {
    let fields = ActionFields { pairs: crate::extract::form_pairs(&body)? };
    SUGGESTIONS.save(&state, &s, &fields).await?;
    let back = ListQuery::parse(fields.get("back"));
    Ok(done(&format!("/suggestions?{}", back.query_string()), "columns_saved"))
}

/// The bulk bar's one form: `op` (register, assign, remind, export_csv, export_xlsx) over the
/// ticked `id`s.
pub async fn bulk(State(state): State<AppState>, CurrentUser(s): CurrentUser, body: Bytes) -> AppResult<Response> {
    run(&state, &s, crate::extract::form_pairs(&body)?).await
}

/// How a suggestion is named in a bulk message: its number, or its title before it has one.
fn name_of(r: &SuggestionRow) -> String {
    match r.number {
        Some(_) => r.number_label(),
        None => format!("《{}》", r.title),
    }
}

pub(crate) async fn run(state: &AppState, s: &Session, pairs: Vec<(String, String)>) -> AppResult<Response> {
    let fields = ActionFields { pairs };
    let back = ListQuery::parse(fields.get("back"));
    let mut ids = Vec::new();
    for v in fields.all("id") {
        ids.push(v.trim().parse::<i64>().map_err(|_| ValidationError::new("id", "所选建议有误，请重新勾选"))?);
    }
    let op = fields.get("op");
    if let "export_csv" | "export_xlsx" = op {
        let rows = selected(state, s, &mut ids).await?;
        // In the order the user saw them ticked.
        let ordered: Vec<SuggestionRow> =
            ids.iter().filter_map(|id| rows.iter().find(|r| r.id.0 == *id).cloned()).collect();
        return export_rows(state, s, &ordered, op.trim_start_matches("export_")).await;
    }
    let today = state.today();
    let op = match op {
        "register" => BulkOp::Register,
        "remind" => BulkOp::Remind,
        "assign" => BulkOp::Assign {
            main: fields.ids("main")?,
            assisting: fields.ids("assisting")?,
            on: fields.date("on", today)?,
            complex: fields.get("complex") == "1",
        },
        _ => return Err(ValidationError::new("op", "请选择要执行的批量操作").into()),
    };
    let outcome = apply(state, s, &ids, op).await?;
    let mut page = render_list(state, s, back, Some((outcome.message(), outcome.refused.is_empty()))).await?;
    // Nothing done: the status says why (a 4xx), the page still shows the list and the reasons.
    if let Some(e) = outcome.nothing_done() {
        *page.status_mut() = e.status();
    }
    Ok(page)
}

/// What a bulk step does to each ticked suggestion: 立案, 催办, or 交办 to the same units.
pub enum BulkOp {
    Register,
    Remind,
    Assign { main: Vec<OrgId>, assisting: Vec<OrgId>, on: Date, complex: bool },
}

/// A suggestion a bulk step did not change: its id, how it is named, and why.
pub struct Refusal {
    pub id: i64,
    pub name: String,
    pub error: AppError,
}

/// What a bulk step did: the suggestions changed, and the refused ones with their reasons.
pub struct BulkOutcome {
    pub verb: &'static str,
    pub done: Vec<SuggestionId>,
    pub refused: Vec<Refusal>,
}

impl BulkOutcome {
    /// 已交办3件；2025年第5号未能交办：…。
    pub fn message(&self) -> String {
        let verb = self.verb;
        let mut message = format!("已{verb}{}件", self.done.len());
        for r in &self.refused {
            message.push('；');
            message.push_str(&format!("{}未能{verb}：{}", r.name, r.error.message));
        }
        if !message.ends_with('。') {
            message.push('。');
        }
        message
    }

    /// When nothing was done: the first reason, as the answer's error.
    pub fn nothing_done(&self) -> Option<AppError> {
        match (self.done.is_empty(), self.refused.first()) {
            (true, Some(r)) => Some(AppError { message: self.message(), ..r.error.clone() }),
            _ => None,
        }
    }
}

/// The ticked ids (deduplicated, at least one) narrowed to what this user may list: another's
/// suggestion is not found.
async fn selected(state: &AppState, s: &Session, ids: &mut Vec<i64>) -> AppResult<Vec<SuggestionRow>> {
    ids.dedup();
    if ids.is_empty() {
        return Err(ValidationError::new("id", "请至少勾选一件建议").into());
    }
    let scope = filter_of(s, &ListQuery::default(), EXPORT_LIMIT)?;
    let selected = SuggestionFilter { ids: ids.iter().copied().map(SuggestionId).collect(), page: 0, ..scope };
    Ok(state.store.list_suggestions(&actor(s), &selected, state.today()).await?.items)
}

/// Gives `op` to each of `ids` as its own command through the store's `act` (the page's bulk bar
/// and `POST /api/v1/suggestions/bulk`).
pub async fn apply(state: &AppState, s: &Session, ids: &[i64], op: BulkOp) -> AppResult<BulkOutcome> {
    let mut ids = ids.to_vec();
    let rows = selected(state, s, &mut ids).await?;
    let today = state.today();
    let (cmd, extra, verb) = match op {
        BulkOp::Register => (Command::Register, Extra::None, "立案"),
        BulkOp::Remind => (Command::Remind, Extra::None, "催办"),
        BulkOp::Assign { main, assisting, on, complex } => {
            if main.is_empty() {
                return Err(ValidationError::new("main", "请至少选择一个主办单位").into());
            }
            (Command::Assign { on, complex }, Extra::Assign { main, assisting }, "交办")
        }
    };
    staff_congress(s)?;
    let mut outcome = BulkOutcome { verb, done: Vec::new(), refused: Vec::new() };
    for id in &ids {
        let Some(row) = rows.iter().find(|r| r.id.0 == *id) else {
            let error = AppError::new(ErrorCode::NotFound, "未找到该建议");
            outcome.refused.push(Refusal { id: *id, name: format!("第{id}件"), error });
            continue;
        };
        match state.store.act(&actor(s), row.id, &cmd, &extra, today).await {
            Ok(_) => outcome.done.push(row.id),
            Err(e) => outcome.refused.push(Refusal { id: *id, name: name_of(row), error: AppError::from(e) }),
        }
    }
    Ok(outcome)
}
