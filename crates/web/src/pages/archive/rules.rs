//! Rule books (评分细则, issue 5): a congress's versions for a year with their tables, installing
//! one of DOMAIN.md's four templates, publishing a new version with an effective date, editing
//! a version before its year starts, and recomputing the year's scores. Rules are public to
//! anyone logged in (deputies must know them); staff of the congress change them. Every
//! refusal — a locked year above all — is the core's, in its Chinese words, and changes nothing.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Query};
use crate::pages::{Ctx, actor, done, render};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use renda_core::ErrorCode;
use renda_core::ValidationError;
use renda_core::archive::rules::{Band, Formula, Rule, RuleTable};
use renda_core::archive::templates::Template as RuleTemplate;
use renda_core::archive::{ItemKind, Points};
use renda_core::ids::OrgId;
use renda_core::policy::{Action, Resource, Target, allows};
use renda_store::users::Session;
use serde::Deserialize;

/// One rule as the page shows it.
pub struct RuleView {
    pub kind: String,
    pub formula: String,
    pub cap: String,
    pub category: String,
}

/// One editable row of the form: an item kind and its per-unit points and cap, or a rule with
/// another formula kept as it is.
pub struct EditRow {
    pub code: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub points: String,
    pub cap: String,
    /// A target or full-attendance rule: shown, kept unchanged.
    pub kept: Option<String>,
}

/// A version and its table.
pub struct VersionView {
    pub version: u32,
    pub effective_from: String,
    pub published_on: String,
    pub name: String,
    pub note: String,
    pub base: String,
    pub max_total: String,
    pub min_activity: u32,
    pub bands: Vec<String>,
    pub categories: Vec<String>,
    pub rules: Vec<RuleView>,
    pub cadence: String,
    /// A correction: "更正第1版，理由：…".
    pub correction: String,
    /// Superseded by a later correction: kept for the record, no longer in force.
    pub superseded: bool,
}

#[derive(Template)]
#[template(path = "rules.html")]
pub struct RulesPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub congress: i64,
    pub congress_name: String,
    pub congresses: Vec<(i64, String)>,
    pub year: i16,
    pub versions: Vec<VersionView>,
    pub locked: bool,
    pub may_edit: bool,
    pub templates: Vec<(&'static str, &'static str)>,
    /// The form, filled from the latest version (or the first template).
    pub form: TableForm,
    pub rows: Vec<EditRow>,
    pub last_version: u32,
    pub suggested_from: String,
    /// The year has started and is this year: a confirmed correction may reach back to 1 January.
    pub may_correct: bool,
}

#[derive(Deserialize)]
pub struct RulesQuery {
    pub congress: Option<i64>,
    pub year: Option<i16>,
    pub notice: Option<String>,
}

fn formula_text(kind: ItemKind, f: &Formula) -> String {
    let unit = kind.unit();
    match f {
        Formula::PerUnit { points } if points.is_negative() => format!("每{unit}扣 {} 分", points.abs()),
        Formula::PerUnit { points } => format!("每{unit} {points} 分"),
        Formula::Target { target, points, per_extra, per_missing } => {
            format!(
                "基准 {target} {unit}得 {points} 分，每多 1 {unit}加 {per_extra} 分，每少 1 {unit}减 {per_missing} 分"
            )
        }
        Formula::Full { points, spoiled_by } => {
            let names: Vec<&str> = spoiled_by.iter().map(|k| k.label()).collect();
            format!("全勤 {points} 分（有{}记录不计）", names.join("、"))
        }
    }
}

fn band_text(b: &Band) -> String {
    match (b.at_least, b.below) {
        (Some(a), Some(u)) => format!("{}：{a} 分至不足 {u} 分", b.label),
        (Some(a), None) => format!("{}：{a} 分及以上", b.label),
        (None, Some(u)) => format!("{}：不足 {u} 分", b.label),
        (None, None) => b.label.clone(),
    }
}

fn version_view(v: &renda_core::archive::RuleVersion, book: &renda_core::archive::RuleBook) -> VersionView {
    let t = &v.table;
    VersionView {
        version: v.version,
        effective_from: v.effective_from.to_string(),
        published_on: v.published_on.to_string(),
        name: t.name.clone(),
        note: t.note.clone(),
        base: t.base.to_string(),
        max_total: t.max_total.map(|m| format!("{m} 分")).unwrap_or_else(|| "不设上限".into()),
        min_activity: t.min_activity,
        bands: t.bands.iter().map(band_text).collect(),
        categories: t.categories.iter().map(|c| format!("{}：合计不超过 {} 分", c.name, c.cap)).collect(),
        rules: t
            .rules
            .iter()
            .map(|r| RuleView {
                kind: r.kind.label().to_owned(),
                formula: formula_text(r.kind, &r.formula),
                cap: r.cap.map(|c| format!("{c} 分")).unwrap_or_default(),
                category: r.category.clone().unwrap_or_default(),
            })
            .collect(),
        cadence: t.cadence.label().to_owned(),
        correction: v
            .correction
            .as_ref()
            .map(|c| format!("更正第{}版，自{}起施行。更正理由：{}", c.corrects, v.effective_from, c.reason))
            .unwrap_or_default(),
        superseded: !book.live().iter().any(|l| l.version == v.version),
    }
}

/// The table's editable fields as the form sends them (the per-kind fields `p_CODE`, `c_CODE`
/// come as extra pairs).
#[derive(Clone, Debug, Default)]
pub struct TableForm {
    pub name: String,
    pub note: String,
    pub base: String,
    pub max_total: String,
    pub min_activity: String,
    /// One band a line: `好,80,` (label, at least, below).
    pub bands: String,
}

fn form_of(t: &RuleTable) -> (TableForm, Vec<EditRow>) {
    let form = TableForm {
        name: t.name.clone(),
        note: t.note.clone(),
        base: t.base.to_string(),
        max_total: t.max_total.map(|m| m.to_string()).unwrap_or_default(),
        min_activity: t.min_activity.to_string(),
        bands: t
            .bands
            .iter()
            .map(|b| {
                format!(
                    "{},{},{}",
                    b.label,
                    b.at_least.map(|p| p.to_string()).unwrap_or_default(),
                    b.below.map(|p| p.to_string()).unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let rows = ItemKind::ALL
        .into_iter()
        .map(|k| {
            let rule = t.rules.iter().find(|r| r.kind == k);
            let (points, kept) = match rule.map(|r| &r.formula) {
                Some(Formula::PerUnit { points }) => (points.to_string(), None),
                Some(f) => (String::new(), Some(formula_text(k, f))),
                None => (String::new(), None),
            };
            EditRow {
                code: k.code(),
                label: k.label(),
                unit: k.unit(),
                points,
                cap: rule.and_then(|r| r.cap).map(|c| c.to_string()).unwrap_or_default(),
                kept,
            }
        })
        .collect();
    (form, rows)
}

/// "2.5" → 250 hundredths; empty → None.
fn points_field(field: &str, raw: &str) -> AppResult<Option<Points>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let bad = || AppError::from(ValidationError::new(field.to_owned(), "分值须为数字，最多保留两位小数"));
    let (neg, digits) = match raw.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, raw),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || frac.len() > 2 || !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    if whole > 100_000 {
        return Err(bad());
    }
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let h = whole * 100 + frac;
    Ok(Some(Points::hundredths(if neg { -h } else { h })))
}

/// Builds a table from the form over `previous` (categories and non per-unit rules kept).
fn table_from(pairs: &[(String, String)], previous: Option<&RuleTable>) -> AppResult<RuleTable> {
    let field =
        |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let mut rules: Vec<Rule> = Vec::new();
    for k in ItemKind::ALL {
        let old = previous.and_then(|t| t.rules.iter().find(|r| r.kind == k));
        let points = points_field(&format!("p_{}", k.code()), &field(&format!("p_{}", k.code())))?;
        let cap = points_field(&format!("c_{}", k.code()), &field(&format!("c_{}", k.code())))?;
        match (points, old) {
            (Some(p), old) => rules.push(Rule {
                kind: k,
                formula: Formula::PerUnit { points: p },
                cap,
                category: old.and_then(|r| r.category.clone()),
            }),
            (None, Some(old)) if !matches!(old.formula, Formula::PerUnit { .. }) => rules.push(old.clone()),
            (None, _) => {}
        }
    }
    let mut bands = Vec::new();
    for (i, line) in field("bands").lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        let parts: Vec<&str> = line.split([',', '，']).map(str::trim).collect();
        let label = parts.first().copied().unwrap_or("");
        if label.is_empty() || parts.len() > 3 {
            return Err(
                ValidationError::new("bands", format!("第{}行等次的格式应为“等次,最低分,不足分”", i + 1)).into()
            );
        }
        bands.push(Band {
            label: label.to_owned(),
            at_least: points_field("bands", parts.get(1).copied().unwrap_or(""))?,
            below: points_field("bands", parts.get(2).copied().unwrap_or(""))?,
        });
    }
    let min_activity = match field("min_activity").as_str() {
        "" => 0,
        s => s.parse::<u32>().map_err(|_| ValidationError::new("min_activity", "参与排名的最低活动次数须为整数"))?,
    };
    let name = field("name");
    if name.is_empty() {
        return Err(ValidationError::new("name", "请填写细则名称").into());
    }
    Ok(RuleTable {
        name,
        note: field("note"),
        base: points_field("base", &field("base"))?.unwrap_or(Points::ZERO),
        rules,
        categories: previous.map(|t| t.categories.clone()).unwrap_or_default(),
        max_total: points_field("max_total", &field("max_total"))?,
        bands,
        min_activity,
        cadence: previous.map(|t| t.cadence).unwrap_or_default(),
    })
}

/// The congress a page is about: asked, else the staff member's, else the deputy's seat, else
/// (the admin) the top congress.
pub(crate) async fn congress_for(state: &AppState, s: &Session, asked: Option<i64>) -> AppResult<OrgId> {
    if let Some(c) = asked {
        return Ok(OrgId(c));
    }
    if let Some(congress) = s.user.role.staff_congress() {
        return Ok(congress);
    }
    if let Some(person) = s.user.role.deputy() {
        return state
            .store
            .deputyships_of(person)
            .await?
            .iter()
            .find(|d| d.is_active())
            .map(|d| d.congress)
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, "未找到您的任职记录。"));
    }
    state
        .store
        .congresses()
        .await?
        .first()
        .map(|c| c.org.id)
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, "尚未建立人大。"))
}

fn notice(code: Option<&str>) -> &'static str {
    match code {
        Some("installed") => "模板已发布为新版本，请按本级细则原文核对修改。",
        Some("published") => "新版本已发布。",
        Some("edited") => "细则已修改。",
        Some("corrected") => "细则已更正并自年初起施行，原版本已保留。请重新计算得分，排名随之更新。",
        Some("recomputed") => "得分已重新计算。",
        Some("recomputed_below") => "本级及下级人大的得分已重新计算（未发布评分细则的人大未计算）。",
        other => crate::pages::notice_text(other),
    }
}

/// `/rules?congress=&year=`.
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<RulesQuery>,
) -> AppResult<Response> {
    let congress = congress_for(&state, &s, q.congress).await?;
    let org = state.store.org(congress).await?;
    if !org.kind.is_congress() {
        return Err(ValidationError::new("congress", "评分细则只能属于某一级人大").into());
    }
    let today = state.today();
    let year = q.year.unwrap_or(today.year());
    let book = state.store.rule_book(congress, year).await?;
    let path = state.store.congress_path(congress).await?;
    let may_edit =
        allows(s.user.role, Action::Edit, Resource::Congress, &Target { congress_path: &path, ..Target::default() });
    let last = book.versions().last();
    let (form, rows) = form_of(&last.map_or_else(|| RuleTemplate::Jiangbei.table(), |v| v.table.clone()));
    let congresses = state.store.listable_congresses(&crate::pages::actor(&s)).await?;
    let mut names = Vec::new();
    for c in congresses {
        names.push((c.0, state.store.org(c).await?.name.to_string()));
    }
    let suggested = if book.is_locked(today) { today.tomorrow().unwrap_or(today) } else { today.first_of_year() };
    render(&RulesPage {
        ctx: Ctx::new(&state, Some(&s), "评分细则", "/rankings"),
        notice: notice(q.notice.as_deref()),
        congress: congress.0,
        congress_name: org.name.to_string(),
        congresses: names,
        year,
        versions: book.versions().iter().map(|v| version_view(v, &book)).collect(),
        may_correct: book.is_locked(today) && year == today.year() && last.is_some(),
        locked: book.is_locked(today),
        may_edit,
        templates: RuleTemplate::ALL.into_iter().map(|t| (t.code(), t.label())).collect(),
        form,
        rows,
        last_version: last.map_or(0, |v| v.version),
        suggested_from: if year == today.year() {
            suggested.to_string()
        } else {
            jiff::civil::Date::new(year, 1, 1).unwrap_or(today).to_string()
        },
    })
}

fn congress_year(pairs: &[(String, String)]) -> AppResult<(OrgId, i16)> {
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let congress = get("congress").parse::<i64>().map_err(|_| ValidationError::new("congress", "请选择人大"))?;
    let year = get("year").parse::<i16>().map_err(|_| ValidationError::new("year", "年度有误"))?;
    Ok((OrgId(congress), year))
}

fn back(congress: OrgId, year: i16) -> String {
    format!("/rules?congress={}&year={year}", congress.0)
}

/// Installs a template as a new version.
pub async fn install(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (congress, year) = congress_year(&pairs)?;
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let template =
        RuleTemplate::from_code(&get("template")).ok_or_else(|| ValidationError::new("template", "请选择模板"))?;
    let from = renda_core::value::parse_date("effective_from", &get("effective_from"))?;
    state.store.install_template(&actor(&s), congress, year, template, from, state.today()).await?;
    Ok(done(&back(congress, year), "installed"))
}

/// Publishes the form's table as a new version from its effective date.
pub async fn publish(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (congress, year) = congress_year(&pairs)?;
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let book = state.store.rule_book(congress, year).await?;
    let table = table_from(&pairs, book.versions().last().map(|v| &v.table))?;
    let from = renda_core::value::parse_date("effective_from", &get("effective_from"))?;
    state.store.publish_rules(&actor(&s), congress, year, table, from, state.today()).await?;
    Ok(done(&back(congress, year), "published"))
}

/// Corrects a version in place: only before its year starts (the core refuses after, with
/// `table_locked`). Once the year has started, a correction confirmed with `confirm=1` and a
/// `reason` becomes a new version in force from 1 January, the old versions kept.
pub async fn edit(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (congress, year) = congress_year(&pairs)?;
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let version = get("version").parse::<u32>().map_err(|_| ValidationError::new("version", "版本有误"))?;
    let book = state.store.rule_book(congress, year).await?;
    let previous = book.versions().iter().find(|v| v.version == version).map(|v| &v.table);
    let table = table_from(&pairs, previous)?;
    if get("confirm") == "1" {
        state.store.correct_rules(&actor(&s), congress, year, table, &get("reason"), state.today()).await?;
        return Ok(done(&back(congress, year), "corrected"));
    }
    state.store.edit_rules(&actor(&s), congress, year, version, table, state.today()).await?;
    Ok(done(&back(congress, year), "edited"))
}

/// Derives the year's suggestion items and recomputes every score (staff of the congress).
pub async fn recompute(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (congress, year) = congress_year(&pairs)?;
    let path = state.store.congress_path(congress).await?;
    if path.first() != Some(&congress)
        || !allows(s.user.role, Action::Edit, Resource::Congress, &Target { congress_path: &path, ..Target::default() })
    {
        return Err(AppError::of(ErrorCode::Forbidden));
    }
    if !pairs.iter().any(|(k, v)| k == "below" && v == "1") {
        state.store.archive_from_suggestions(congress, year).await?;
        state.store.recompute_scores(congress, year, state.today()).await?;
        return Ok(done(&format!("/rankings?congress={}&year={year}", congress.0), "recomputed"));
    }
    // This congress and every congress below it: the scores are derived from each congress's
    // own rules and records, so staff above may bring them up to date.
    for c in state.store.congress_subtree(congress).await? {
        state.store.archive_from_suggestions(c, year).await?;
    }
    state.store.recompute_scores_below(congress, year, state.today()).await?;
    Ok(done(&format!("/rankings?congress={}&year={year}", congress.0), "recomputed_below"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_read_with_up_to_two_decimals() {
        assert_eq!(points_field("p", "2.5").expect("ok"), Some(Points::hundredths(250)));
        assert_eq!(points_field("p", "-1").expect("ok"), Some(Points::whole(-1)));
        assert_eq!(points_field("p", " ").expect("ok"), None);
        assert!(points_field("p", "1.234").is_err());
        assert!(points_field("p", "三").is_err());
        assert!(points_field("p", ".5").is_err());
    }
}
