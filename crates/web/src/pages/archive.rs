//! The duty archive's pages (履职档案, issue 5): a deputy's archive for one term and year with
//! the score explained line by line, the declaration form with evidence files, staff's queue
//! of declarations to verify, the A4 print view, DOCX and XLSX exports, the item kinds a
//! congress publishes and the public part on the portal (代表法 Art. 58).
//!
//! Who sees what is the store's policy (`Resource::Deputy`): the deputy themself and staff of
//! the congress or above read; the deputy and staff of the congress declare; staff of the
//! congress verify. Pages only decide which forms to show; the store checks again.
//!
//! Its submodules: [`rules`], the rule books' page (评分细则), and [`rankings`], the ranking
//! of a congress's deputies by score.

pub mod rankings;
pub mod rules;

use super::{Ctx, actor, done, render};
use crate::AppState;
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use renda_core::ErrorCode;
use renda_core::archive::items::{DeclaredStatus, Origin};
use renda_core::archive::{ItemKind, Period, Points};
use renda_core::ids::{OrgId, PersonId};
use renda_core::policy::{Action, Resource, Target, allows};
use renda_office::archive::{ArchiveExport, ExportItem, ExportScore};
use renda_store::StoreError;
use renda_store::archive::{ArchiveItemId, ArchiveRow, ExplainedScore, NewDeclaration};
use renda_store::people::DeputyRow;
use renda_store::users::Session;
use serde::Deserialize;

/// Which seat and year of a deputy's archive: `?ship=&year=`.
#[derive(Deserialize, Default)]
pub struct ArchiveQuery {
    pub ship: Option<i64>,
    pub year: Option<i16>,
    pub notice: Option<String>,
}

/// One item as the pages show it.
#[derive(Clone, Debug)]
pub struct ItemView {
    pub id: i64,
    pub date: String,
    pub kind: String,
    pub quantity: String,
    pub source: String,
    /// A link to the record it comes from (a suggestion), when there is one.
    pub source_link: Option<String>,
    pub status: String,
    pub counted: bool,
    pub pending: bool,
    pub description: String,
    pub evidence: Vec<String>,
    pub files: Vec<(String, String)>,
}

/// The items of one kind.
#[derive(Clone, Debug)]
pub struct KindGroup {
    pub label: String,
    pub items: Vec<ItemView>,
}

/// The year's score as the pages show it.
#[derive(Clone, Debug)]
pub struct ScoreView {
    pub rules: String,
    pub version: u32,
    pub effective_from: String,
    pub period: String,
    pub base: String,
    pub lines: Vec<(String, String)>,
    pub total: String,
    pub band: String,
    /// The deputy's place in the congress's ranking as last recomputed.
    pub place: Option<rankings::Place>,
}

/// Everything a deputy's archive shows, loaded once for the page, the print view and exports.
pub struct ArchiveData {
    pub person: PersonId,
    pub name: String,
    pub ships: Vec<DeputyRow>,
    pub ship: DeputyRow,
    pub year: i16,
    pub years: Vec<i16>,
    pub groups: Vec<KindGroup>,
    pub score: Option<ScoreView>,
    pub no_score: String,
    /// The assessment period of the year so far, "2026-01-01 至 2026-06-15".
    pub period: String,
}

impl ArchiveData {
    pub fn basic(&self) -> Vec<(String, String)> {
        let s = &self.ship;
        let mut v = vec![
            ("姓名".to_owned(), s.name.clone()),
            ("性别".to_owned(), s.gender_label().to_owned()),
            ("民族".to_owned(), s.ethnicity.clone().unwrap_or_default()),
            ("党派".to_owned(), s.party.clone().unwrap_or_default()),
            ("职务".to_owned(), s.occupation.clone().unwrap_or_default()),
            ("人大".to_owned(), s.congress_name.clone()),
            ("届次".to_owned(), s.term_label()),
            ("代表团（选区）".to_owned(), s.delegation.clone()),
            ("任职起始".to_owned(), format!("{}（{}）", s.start_date, s.start_reason_label())),
        ];
        if let Some(end) = &s.end_date {
            v.push(("任职终止".to_owned(), format!("{end}（{}）", s.end_reason_label())));
        }
        v
    }

    fn export(&self) -> ArchiveExport {
        ArchiveExport {
            name: self.name.clone(),
            congress: self.ship.congress_name.clone(),
            term: self.ship.term_label(),
            year: self.year,
            basic: self.basic(),
            items: self
                .groups
                .iter()
                .flat_map(|g| g.items.iter())
                .map(|i| ExportItem {
                    date: i.date.clone(),
                    kind: i.kind.clone(),
                    quantity: i.quantity.clone(),
                    source: i.source.clone(),
                    status: i.status.clone(),
                })
                .collect(),
            score: self.score.as_ref().map(|s| ExportScore {
                rules: format!("{}（第{}版，{}起施行）", s.rules, s.version, s.effective_from),
                lines: s.lines.iter().map(|(e, _)| e.clone()).collect(),
                total: s.total.clone(),
                band: s.band.clone(),
            }),
        }
    }
}

fn source_of(row: &ArchiveRow) -> (String, Option<String>) {
    match (&row.origin, &row.source) {
        (Origin::Declared { by, .. }, _) => (by.label().to_owned(), None),
        (Origin::Platform, Some(src)) => {
            let mut parts = src.split(':');
            let kind = parts.next().unwrap_or("");
            let id = parts.next().and_then(|i| i.parse::<i64>().ok());
            match (kind, id) {
                ("suggestion", Some(id)) => ("平台记录（代表建议）".to_owned(), Some(format!("/suggestions/{id}"))),
                ("activity", _) => ("平台记录（履职活动）".to_owned(), None),
                ("roll", _) => ("平台记录（考勤登记）".to_owned(), None),
                ("motion", _) => ("平台记录（议案）".to_owned(), None),
                ("reception", _) => ("平台记录（联络站接待）".to_owned(), None),
                ("report", _) => ("平台记录（述职）".to_owned(), None),
                _ => ("平台记录".to_owned(), None),
            }
        }
        (Origin::Platform, None) => ("平台记录".to_owned(), None),
    }
}

fn status_of(row: &ArchiveRow, period: Option<Period>) -> (String, bool) {
    // An item dated after the period's last day (later this year than today) counts only once
    // the period reaches it: never 已计入 before.
    if let Some(p) = period
        && row.date > p.to()
        && !matches!(row.origin, Origin::Declared { status: DeclaredStatus::Rejected | DeclaredStatus::Declared, .. })
    {
        return (format!("不在本考核期（{}之后），暂不计入", p.to()), false);
    }
    match row.origin {
        Origin::Platform => ("已计入".to_owned(), false),
        Origin::Declared { status: DeclaredStatus::Declared, .. } => ("待审核（审核通过后计分）".to_owned(), true),
        Origin::Declared { status: DeclaredStatus::Verified, .. } => ("已核实，已计入".to_owned(), false),
        Origin::Declared { status: DeclaredStatus::Rejected, .. } => {
            (format!("未通过核实：{}", row.review_note.clone().unwrap_or_default()), false)
        }
    }
}

pub(crate) fn item_view(row: &ArchiveRow, files: Vec<(String, String)>) -> ItemView {
    item_view_in(row, files, None)
}

/// [`item_view`] as of an assessment period: an item after its end is shown as not counted.
fn item_view_in(row: &ArchiveRow, files: Vec<(String, String)>, period: Option<Period>) -> ItemView {
    let (source, source_link) = source_of(row);
    let (status, pending) = status_of(row, period);
    ItemView {
        id: row.id.0,
        date: row.date.to_string(),
        kind: row.kind.label().to_owned(),
        quantity: format!("{}{}", row.quantity, row.kind.unit()),
        source,
        source_link,
        status,
        counted: row.counts() && period.is_none_or(|p| p.contains(row.date)),
        pending,
        description: row.description.clone().unwrap_or_default(),
        evidence: row.evidence.clone(),
        files,
    }
}

fn score_view(s: &ExplainedScore) -> ScoreView {
    ScoreView {
        rules: s.table_name.clone(),
        version: s.version,
        effective_from: s.effective_from.to_string(),
        period: format!("{} 至 {}", s.period.from(), s.period.to()),
        base: s.base.to_string(),
        lines: s
            .lines
            .iter()
            .filter(|l| l.count > 0 || l.subtotal != Points::ZERO)
            .map(|l| (l.explanation.clone(), l.subtotal.to_string()))
            .collect(),
        total: s.total.to_string(),
        band: s.band.clone().unwrap_or_default(),
        place: None,
    }
}

/// Loads a deputy's archive for one seat and year; the store refuses whoever may not read it.
pub async fn load(state: &AppState, s: &Session, person: PersonId, q: &ArchiveQuery) -> AppResult<ArchiveData> {
    let ships = state.store.deputyships_of(person).await?;
    let ship = match q.ship {
        Some(id) => ships.iter().find(|d| d.deputyship.0 == id).cloned(),
        // A person may sit in several congresses: staff first see the seat in their own.
        None => {
            let own =
                s.user.role.staff_congress().and_then(|c| ships.iter().find(|d| d.is_active() && d.congress == c));
            own.or_else(|| ships.iter().find(|d| d.is_active())).or(ships.first()).cloned()
        }
    }
    .ok_or_else(|| AppError::new(ErrorCode::NotFound, "未找到该代表的任职记录。"))?;
    let today = state.today();
    let first = ship.start_date.year();
    let last = ship.end_date.map_or(today.year(), |e| e.year()).min(today.year()).max(first);
    let year = q.year.unwrap_or(last).clamp(first, last);
    let who = actor(s);
    let rows = state.store.archive_of(&who, person, ship.congress, year).await?;
    let rows: Vec<ArchiveRow> = rows.into_iter().filter(|r| r.term.is_none_or(|t| t == ship.term)).collect();
    let ids: Vec<ArchiveItemId> = rows.iter().filter(|r| r.declaration().is_some()).map(|r| r.id).collect();
    let mut files = state.store.archive_files(&ids).await?;
    // The period the score covers: the year up to today (the whole year once it is over).
    let period = Date::new(year, 1, 1).ok().and_then(|from| Period::new(from, today.min(from.last_of_year())).ok());
    let mut groups: Vec<KindGroup> = Vec::new();
    for kind in ItemKind::ALL {
        let items: Vec<ItemView> = rows
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| {
                let f = files.remove(&r.id).unwrap_or_default().into_iter().map(|(h, n, _)| (h, n)).collect();
                item_view_in(r, f, period)
            })
            .collect();
        if !items.is_empty() {
            groups.push(KindGroup { label: kind.label().to_owned(), items });
        }
    }
    let (score, no_score) = match state.store.score_sheet(&who, person, ship.congress, year, today).await {
        Ok(sheet) => {
            let mut view = score_view(&sheet);
            let scores = state.store.scores_around(&who, person, ship.congress, year).await?;
            let book = state.store.rule_book(ship.congress, year).await?;
            view.place = rankings::place_of(&scores, &book, year, person);
            (Some(view), String::new())
        }
        Err(StoreError::NotFound(_)) => (None, format!("{year}年度尚未发布评分细则，暂不计分。")),
        Err(e) => return Err(e.into()),
    };
    Ok(ArchiveData {
        person,
        name: ship.name.clone(),
        years: (first..=last).rev().collect(),
        ships,
        ship,
        year,
        groups,
        score,
        no_score,
        period: period.map(|p| format!("{} 至 {}", p.from(), p.to())).unwrap_or_default(),
    })
}

#[derive(Template)]
#[template(path = "archive.html")]
pub struct ArchivePage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub a: ArchiveData,
    pub basic: Vec<(String, String)>,
    pub may_declare: bool,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub today: String,
    pub query: String,
    /// A refused declaration: the reason, and what was typed (files must be chosen again).
    pub error: String,
    pub typed: DeclareInput,
}

/// What the declaration form holds.
#[derive(Clone, Debug)]
pub struct DeclareInput {
    pub kind: String,
    pub date: String,
    pub quantity: String,
    pub description: String,
    pub evidence: String,
}

impl Default for DeclareInput {
    fn default() -> Self {
        DeclareInput {
            kind: String::new(),
            date: String::new(),
            quantity: "1".into(),
            description: String::new(),
            evidence: String::new(),
        }
    }
}

fn notice(code: Option<&str>) -> &'static str {
    match code {
        Some("declared") => "申报已提交，经人大工作人员审核通过后计入得分。",
        Some("verified") => "已核实，该事项计入得分。",
        Some("rejected") => "已退回申报，理由已告知代表。",
        Some("public_saved") => "公开设置已保存。",
        other => super::notice_text(other),
    }
}

/// `/archive`: a deputy's own archive; staff go to the rankings.
pub async fn index(CurrentUser(s): CurrentUser) -> AppResult<Response> {
    // Whoever reads a congress's deputies' records at large (its staff, the admin) ranks them.
    if let Some(person) = s.user.role.deputy() {
        Ok(Redirect::to(&format!("/archive/{}", person.0)).into_response())
    } else if renda_core::policy::may_congress_wide(s.user.role, Action::View, Resource::Deputy) {
        Ok(Redirect::to("/rankings").into_response())
    } else {
        Err(AppError::of(ErrorCode::Forbidden))
    }
}

fn may_declare(s: &Session, a: &ArchiveData, path: &[OrgId]) -> bool {
    let persons = [a.person];
    a.ship.is_active()
        && allows(
            s.user.role,
            Action::Edit,
            Resource::Deputy,
            &Target { congress_path: path, persons: &persons, ..Target::default() },
        )
}

/// `/archive/{person}`: the archive of one seat and year, with the score explained.
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(person): Path<i64>,
    Query(q): Query<ArchiveQuery>,
) -> AppResult<Response> {
    render(&archive_page(&state, &s, PersonId(person), &q, String::new(), DeclareInput::default()).await?)
}

async fn archive_page(
    state: &AppState,
    s: &Session,
    person: PersonId,
    q: &ArchiveQuery,
    error: String,
    typed: DeclareInput,
) -> AppResult<ArchivePage> {
    let a = load(state, s, person, q).await?;
    let path = state.store.congress_path(a.ship.congress).await?;
    let query = format!("ship={}&year={}", a.ship.deputyship.0, a.year);
    Ok(ArchivePage {
        ctx: Ctx::new(state, Some(s), &format!("{}的履职档案", a.name), "/archive"),
        notice: notice(q.notice.as_deref()),
        basic: a.basic(),
        may_declare: may_declare(s, &a, &path),
        kinds: ItemKind::ALL.into_iter().filter(|k| k.declarable()).map(|k| (k.code(), k.label())).collect(),
        today: state.today().to_string(),
        query,
        error,
        typed,
        a,
    })
}

#[derive(Template)]
#[template(path = "archive_print.html")]
pub struct PrintPage {
    pub site: String,
    pub a: ArchiveData,
    pub basic: Vec<(String, String)>,
    pub printed_on: String,
}

/// `/archive/{person}/print`: the A4 paper file (print stylesheet, a cover, no navigation).
pub async fn print(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(person): Path<i64>,
    Query(q): Query<ArchiveQuery>,
) -> AppResult<Response> {
    let a = load(&state, &s, PersonId(person), &q).await?;
    render(&PrintPage { site: state.site_name(), basic: a.basic(), printed_on: state.today().to_string(), a })
}

fn attachment(bytes: Vec<u8>, mime: &str, filename: &str) -> Response {
    crate::download::file(filename, mime, bytes)
}

/// `/archive/{person}/export.docx` and `/export.xlsx`.
pub async fn export(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path((person, file)): Path<(i64, String)>,
    Query(q): Query<ArchiveQuery>,
) -> AppResult<Response> {
    let a = load(&state, &s, PersonId(person), &q).await?;
    let e = a.export();
    let bad = |m: String| AppError::new(ErrorCode::Internal, m);
    match file.as_str() {
        "export.docx" => {
            let bytes = renda_office::archive::archive_docx(&e).map_err(|x| bad(x.to_string()))?;
            Ok(attachment(
                bytes,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                &format!("{}.docx", e.title()),
            ))
        }
        "export.xlsx" => {
            let bytes = renda_office::archive::archive_xlsx(&e).map_err(|x| bad(x.to_string()))?;
            Ok(attachment(
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &format!("{}.xlsx", e.title()),
            ))
        }
        _ => Err(AppError::new(ErrorCode::NotFound, "没有这种导出格式。")),
    }
}

/// `/archive/{person}/declare`: a declaration with evidence (multipart: files optional).
pub async fn declare(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(person): Path<i64>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    let (pairs, files) = crate::extract::read_form(&headers, body).await?;
    let field =
        |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let ship_id = super::opt_id("ship", Some(field("ship").as_str()))?;
    let ship = ship_for(&state, PersonId(person), ship_id).await?;
    let typed = DeclareInput {
        kind: field("kind"),
        date: field("date"),
        quantity: field("quantity"),
        description: field("description"),
        evidence: field("evidence"),
    };
    match declare_typed(&state, &s, PersonId(person), ship.congress, &typed, &files).await {
        Ok((_, date)) => {
            Ok(done(&format!("/archive/{person}?ship={}&year={}", ship.deputyship.0, date.year()), "declared"))
        }
        // A refused form comes back with the reason and what was typed; a deputy the user may
        // not see, or our own failure, stays an error.
        Err(e) if !matches!(e.code.class(), ErrorCode::NotFound | ErrorCode::Forbidden | ErrorCode::Internal) => {
            let status = e.status();
            let q = ArchiveQuery { ship: Some(ship.deputyship.0), ..ArchiveQuery::default() };
            let mut resp = render(&archive_page(&state, &s, PersonId(person), &q, e.message, typed).await?)?;
            *resp.status_mut() = status;
            Ok(resp)
        }
        Err(e) => Err(e),
    }
}

/// The deputyship a declaration goes to: the one asked for, or else the one in office.
pub(crate) async fn ship_for(state: &AppState, person: PersonId, asked: Option<i64>) -> AppResult<DeputyRow> {
    let ships = state.store.deputyships_of(person).await?;
    let found =
        ships.iter().position(|d| Some(d.deputyship.0) == asked).or_else(|| ships.iter().position(|d| d.is_active()));
    found
        .and_then(|i| ships.into_iter().nth(i))
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, "未找到该代表的任职记录。"))
}

/// Declares the item `typed` (as a form or an API call gives it) with its evidence files, to
/// the archive `person` keeps at `congress`: the item and its date.
pub(crate) async fn declare_typed(
    state: &AppState,
    s: &Session,
    person: PersonId,
    congress: OrgId,
    typed: &DeclareInput,
    files: &[crate::extract::Upload],
) -> AppResult<(ArchiveItemId, Date)> {
    let kind = ItemKind::parse(&typed.kind)
        .map_err(|_| AppError::from(renda_core::ValidationError::new("kind", "请选择履职事项类别")))?;
    let date = renda_core::value::parse_date("date", &typed.date)?;
    let quantity = typed
        .quantity
        .parse::<u32>()
        .map_err(|_| AppError::from(renda_core::ValidationError::new("quantity", "数量须为正整数")))?;
    let evidence: Vec<String> = typed.evidence.lines().map(str::to_owned).collect();
    let new = NewDeclaration { kind, date, quantity, description: typed.description.clone(), evidence };
    let id = state.store.declare_item_with_files(&actor(s), person, congress, &new, files, state.today()).await?;
    Ok((id, date))
}

/// `/archive/items/{id}/files/{hash}`: an evidence file, for whoever may read the archive.
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path((id, hash)): Path<(i64, String)>,
) -> AppResult<Response> {
    let (name, mime, bytes) = state.store.archive_file(&actor(&s), ArchiveItemId(id), &hash).await?;
    Ok(attachment(bytes, &mime, &name))
}

/// One declaration in staff's queue.
pub struct PendingView {
    pub item: ItemView,
    pub person: i64,
    pub name: String,
}

#[derive(Template)]
#[template(path = "archive_pending.html")]
pub struct PendingPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub congress_name: String,
    pub rows: Vec<PendingView>,
}

#[derive(Deserialize)]
pub struct CongressQuery {
    pub congress: Option<i64>,
    pub notice: Option<String>,
}

/// `/archive/pending`: staff's queue of declarations to verify or reject.
pub async fn pending(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<CongressQuery>,
) -> AppResult<Response> {
    super::require_admin_pages(&s)?;
    let congress = rules::congress_for(&state, &s, q.congress).await?;
    let rows = state.store.pending_declarations(&actor(&s), congress).await?;
    let seats = state.store.seats_of(congress).await?;
    let ids: Vec<ArchiveItemId> = rows.iter().map(|r| r.id).collect();
    let mut files = state.store.archive_files(&ids).await?;
    let rows = rows
        .iter()
        .map(|r| {
            let f = files.remove(&r.id).unwrap_or_default().into_iter().map(|(h, n, _)| (h, n)).collect();
            PendingView {
                item: item_view(r, f),
                person: r.person.0,
                name: seats.values().find(|seat| seat.person == r.person).map(|x| x.name.clone()).unwrap_or_default(),
            }
        })
        .collect();
    render(&PendingPage {
        ctx: Ctx::new(&state, Some(&s), "待审核的履职申报", "/rankings"),
        notice: notice(q.notice.as_deref()),
        congress_name: state.store.org(congress).await?.name.to_string(),
        rows,
    })
}

#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub reason: String,
}

/// `/archive/items/{id}/review`: staff verify or reject (with a reason) a declaration.
pub async fn review(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> AppResult<Response> {
    let who = actor(&s);
    let code = match f.action.as_str() {
        "verify" => {
            state.store.verify_declaration(&who, ArchiveItemId(id)).await?;
            "verified"
        }
        "reject" => {
            state.store.reject_declaration(&who, ArchiveItemId(id), &f.reason).await?;
            "rejected"
        }
        _ => return Err(renda_core::ValidationError::new("action", "未知的操作").into()),
    };
    // Read after the review, which checked the policy: staff who reviewed it may read it.
    let row = state.store.archive_item(&who, ArchiveItemId(id)).await?;
    Ok(done(&format!("/archive/pending?congress={}", row.congress.0), code))
}

#[derive(Template)]
#[template(path = "archive_settings.html")]
pub struct SettingsPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub congress: i64,
    pub congress_name: String,
    pub kinds: Vec<(&'static str, &'static str, bool)>,
    pub may_edit: bool,
}

/// `/archive/settings`: which item kinds the congress publishes on the portal.
pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<CongressQuery>,
) -> AppResult<Response> {
    super::require_admin_pages(&s)?;
    let congress = rules::congress_for(&state, &s, q.congress).await?;
    let path = state.store.congress_path(congress).await?;
    let target = Target { congress_path: &path, ..Target::default() };
    if !allows(s.user.role, Action::View, Resource::Congress, &target) {
        return Err(AppError::of(ErrorCode::Forbidden));
    }
    let public = state.store.public_kinds(congress).await?;
    render(&SettingsPage {
        ctx: Ctx::new(&state, Some(&s), "履职信息公开设置", "/rankings"),
        notice: notice(q.notice.as_deref()),
        congress: congress.0,
        congress_name: state.store.org(congress).await?.name.to_string(),
        kinds: ItemKind::ALL.into_iter().map(|k| (k.code(), k.label(), public.contains(&k))).collect(),
        may_edit: allows(s.user.role, Action::Edit, Resource::Congress, &target),
    })
}

/// Saves the public kinds: every checked `kind` field.
pub async fn settings_save(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let congress = pairs
        .iter()
        .find(|(k, _)| k == "congress")
        .and_then(|(_, v)| v.parse::<i64>().ok())
        .ok_or_else(|| AppError::new(ErrorCode::InvalidInput, "请选择人大。"))?;
    let mut kinds = Vec::new();
    for (_, v) in pairs.iter().filter(|(k, _)| k == "kind") {
        kinds.push(
            ItemKind::parse(v)
                .map_err(|_| AppError::from(renda_core::ValidationError::new("kind", "履职事项类别有误")))?,
        );
    }
    state.store.set_public_kinds(&actor(&s), OrgId(congress), &kinds).await?;
    Ok(done(&format!("/archive/settings?congress={congress}"), "public_saved"))
}

/// One public item on the portal.
pub struct PublicItem {
    pub date: String,
    pub kind: String,
    pub quantity: String,
    pub congress: String,
}

#[derive(Template)]
#[template(path = "portal_deputy.html")]
pub struct PortalDeputyPage {
    pub ctx: Ctx,
    pub id: i64,
    pub name: String,
    pub ships: Vec<DeputyRow>,
    pub items: Vec<PublicItem>,
    /// The stations where citizens meet this deputy, and their next receptions (码上见代表).
    pub stations: Vec<(OrgId, String)>,
    pub receptions: Vec<renda_store::liaison::stations::ReceptionRow>,
}

/// `/portal/deputies/{person}`: a deputy's public fields and the public kinds' counted items —
/// never declarations waiting for review, never evidence.
pub async fn portal_deputy(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    Path(person): Path<i64>,
) -> AppResult<Response> {
    let ships = state.store.deputyships_of(PersonId(person)).await?;
    let Some(first) = ships.first() else {
        return Err(AppError::new(ErrorCode::NotFound, "未找到该代表。"));
    };
    let name = first.name.clone();
    let items = state
        .store
        .public_archive(PersonId(person))
        .await?
        .into_iter()
        .map(|r| PublicItem {
            date: r.date.to_string(),
            kind: r.kind.label().to_owned(),
            quantity: format!("{}{}", r.quantity, r.kind.unit()),
            congress: ships
                .iter()
                .find(|d| d.congress == r.congress)
                .map(|d| d.congress_name.clone())
                .unwrap_or_default(),
        })
        .collect();
    let today = state.today();
    render(&PortalDeputyPage {
        ctx: Ctx::new(&state, s.as_ref(), &format!("{name}代表"), "/portal/deputies"),
        id: person,
        name,
        ships,
        items,
        stations: state.store.stations_of_deputy(PersonId(person)).await?,
        receptions: state.store.upcoming_receptions_of_deputy(PersonId(person), today, 5).await?,
    })
}

/// The QR code of a deputy's public page (码上见代表), to print on a card or a station's wall.
pub async fn portal_deputy_qr(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Path(person): Path<i64>,
) -> AppResult<Response> {
    if state.store.deputyships_of(PersonId(person)).await?.is_empty() {
        return Err(AppError::new(ErrorCode::NotFound, "未找到该代表。"));
    }
    let url = format!("{}/portal/deputies/{person}", super::portal::base_url(&state, &headers));
    super::portal::svg_response(&url)
}
