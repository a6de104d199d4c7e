//! Rankings (履职排名, issue 5): a congress's stored scores for a year, optionally one
//! delegation's, ranked with the core's `rank` — totals annualised for time in office so a
//! deputy who joined mid-year is compared on the same footing, and deputies below the
//! table's minimum of activity listed apart (未达排名门槛). Also an Excel of the whole list.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::pages::{Ctx, actor, render};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use renda_core::ErrorCode;
use renda_core::archive::score::Summary;
use renda_core::archive::{Entrant, Period, rank};
use renda_core::ids::OrgId;
use renda_office::table::Table;
use renda_store::users::Session;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct RankQuery {
    pub congress: Option<i64>,
    pub year: Option<i16>,
    pub delegation: Option<String>,
    pub notice: Option<String>,
}

/// One row of the ranking.
pub struct RankView {
    pub rank: String,
    pub person: i64,
    pub name: String,
    pub delegation: String,
    pub total: String,
    pub comparable: String,
    pub band: String,
    pub days: u32,
    pub activity: u32,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "rankings.html")]
pub struct RankingsPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub congress: i64,
    pub congress_name: String,
    pub congresses: Vec<(i64, String)>,
    pub year: i16,
    pub delegation: String,
    pub delegations: Vec<String>,
    pub period: String,
    pub period_days: u32,
    pub rules: String,
    pub ranked: Vec<RankView>,
    pub unranked: Vec<RankView>,
    pub bands: Vec<(String, u32)>,
    pub average: String,
    pub empty: bool,
    pub export_link: String,
}

struct Ranked {
    congress_name: String,
    delegations: Vec<String>,
    period: String,
    period_days: u32,
    rules: String,
    ranked: Vec<RankView>,
    unranked: Vec<RankView>,
    bands: Vec<(String, u32)>,
    average: String,
}

async fn compute(state: &AppState, s: &Session, congress: OrgId, year: i16, delegation: &str) -> AppResult<Ranked> {
    let scores = state.store.scores(&actor(s), congress, year).await?;
    let seats = state.store.seats_of(congress).await?;
    let mut delegations: Vec<String> = seats.values().map(|x| x.delegation.clone()).collect();
    delegations.sort_by(|a, b| renda_store::people::natural_cmp(a, b));
    delegations.dedup();
    let congress_name = state.store.org(congress).await?.name.to_string();
    let Some(first) = scores.first() else {
        return Ok(Ranked {
            congress_name,
            delegations,
            period: String::new(),
            period_days: 0,
            rules: String::new(),
            ranked: Vec::new(),
            unranked: Vec::new(),
            bands: Vec::new(),
            average: String::new(),
        });
    };
    let book = state.store.rule_book(congress, year).await?;
    let version = book
        .versions()
        .iter()
        .find(|v| v.version == first.version)
        .ok_or_else(|| AppError::new(ErrorCode::Conflict, "得分所用的细则版本已不存在，请重新计算。"))?;
    let table = version.table.clone().prepare().map_err(|e| AppError::new(e.code(), e.message()))?;
    let from = jiff::civil::Date::new(year, 1, 1).map_err(|_| AppError::new(ErrorCode::InvalidInput, "年度有误"))?;
    let period = Period::new(from, first.period_to).map_err(|e| AppError::new(e.code(), e.message()))?;
    let in_delegation = |ship: renda_core::ids::DeputyshipId| {
        delegation.is_empty() || seats.get(&ship).is_some_and(|x| x.delegation == delegation)
    };
    let entrants: Vec<Entrant> = scores
        .iter()
        .filter(|sc| in_delegation(sc.deputyship))
        .map(|sc| Entrant {
            deputy: sc.deputyship,
            summary: Summary { total: sc.total, band: None, activity: sc.activity },
            days_in_office: sc.days_in_office,
        })
        .collect();
    let ranking = rank(&entrants, &table, period);
    let (mut ranked, mut unranked) = (Vec::new(), Vec::new());
    for row in &ranking.rows {
        let seat = seats.get(&row.deputy);
        let activity = entrants.iter().find(|e| e.deputy == row.deputy).map_or(0, |e| e.summary.activity);
        let mut v = RankView {
            rank: String::new(),
            person: seat.map_or(0, |x| x.person.0),
            name: seat.map(|x| x.name.clone()).unwrap_or_default(),
            delegation: seat.map(|x| x.delegation.clone()).unwrap_or_default(),
            total: row.total.to_string(),
            comparable: row.comparable.to_string(),
            band: row.band.and_then(|b| table.band_label(b)).unwrap_or("").to_owned(),
            days: row.days_in_office,
            activity,
            reason: String::new(),
        };
        match row.standing {
            rank::Place::Ranked { rank } => {
                v.rank = rank.to_string();
                ranked.push(v);
            }
            rank::Place::Unranked(u) => {
                v.reason = u.reason();
                unranked.push(v);
            }
        }
    }
    Ok(Ranked {
        congress_name,
        delegations,
        period: format!("{} 至 {}", period.from(), period.to()),
        period_days: period.days(),
        rules: format!("{}（第{}版）", table.table().name, version.version),
        ranked,
        unranked,
        bands: ranking.bands.iter().map(|b| (b.label.to_owned(), b.count)).collect(),
        average: ranking.average.map(|a| a.to_string()).unwrap_or_default(),
    })
}

fn today_year(state: &AppState) -> i16 {
    state.today().year()
}

/// `/rankings?congress=&year=&delegation=`.
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<RankQuery>,
) -> AppResult<Response> {
    crate::pages::require_admin_pages(&s)?;
    let congress = super::rules::congress_for(&state, &s, q.congress).await?;
    let year = q.year.unwrap_or(today_year(&state));
    let delegation = q.delegation.unwrap_or_default().trim().to_owned();
    let r = compute(&state, &s, congress, year, &delegation).await?;
    let mut congresses = Vec::new();
    for c in state.store.listable_congresses(&crate::pages::actor(&s)).await? {
        congresses.push((c.0, state.store.org(c).await?.name.to_string()));
    }
    let export_link = format!(
        "/rankings/export.xlsx?congress={}&year={year}&delegation={}",
        congress.0,
        crate::auth::urlencode(&delegation)
    );
    render(&RankingsPage {
        ctx: Ctx::new(&state, Some(&s), "履职排名", "/rankings"),
        notice: match q.notice.as_deref() {
            Some("recomputed") => "得分已重新计算。",
            Some("recomputed_below") => "本级及下级人大的得分已重新计算（未发布评分细则的人大未计算）。",
            other => crate::pages::notice_text(other),
        },
        congress: congress.0,
        congress_name: r.congress_name,
        congresses,
        year,
        empty: r.ranked.is_empty() && r.unranked.is_empty(),
        delegation,
        delegations: r.delegations,
        period: r.period,
        period_days: r.period_days,
        rules: r.rules,
        ranked: r.ranked,
        unranked: r.unranked,
        bands: r.bands,
        average: r.average,
        export_link,
    })
}

/// `/rankings/export.xlsx`: the same list as a workbook.
pub async fn export(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<RankQuery>,
) -> AppResult<Response> {
    crate::pages::require_admin_pages(&s)?;
    let congress = super::rules::congress_for(&state, &s, q.congress).await?;
    let year = q.year.unwrap_or(today_year(&state));
    let delegation = q.delegation.unwrap_or_default().trim().to_owned();
    let r = compute(&state, &s, congress, year, &delegation).await?;
    let headers =
        ["名次", "姓名", "代表团（选区）", "得分", "按在任时间折算", "等次", "在任天数", "履职活动次数", "备注"];
    let row = |v: &RankView, note: &str| {
        vec![
            v.rank.clone(),
            v.name.clone(),
            v.delegation.clone(),
            v.total.clone(),
            v.comparable.clone(),
            v.band.clone(),
            v.days.to_string(),
            v.activity.to_string(),
            note.to_owned(),
        ]
    };
    let mut rows: Vec<Vec<String>> = r.ranked.iter().map(|v| row(v, "")).collect();
    rows.extend(r.unranked.iter().map(|v| row(v, &format!("未达排名门槛：{}", v.reason))));
    let t = Table {
        title: format!("{year}年度履职得分"),
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    };
    let bytes = renda_office::table::to_xlsx(&t).map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
    Ok(crate::download::file(
        &format!("{}{year}年度代表履职得分.xlsx", r.congress_name),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
    ))
}

/// A deputy's place in their congress's ranking as last recomputed, for the top of their
/// archive page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// "第 3 名（共 366 名）", or "不参与排名".
    pub text: String,
    /// Why not ranked, when not.
    pub reason: String,
    /// The day the ranking was recomputed up to.
    pub as_of: String,
}

/// Where `person` stands among `scores` (the congress's stored scores for `year`), ranked as
/// the rankings page ranks them (annualised, with the minimum of activity). `None` when the
/// person has no stored score or the version is gone.
pub(crate) fn place_of(
    scores: &[renda_store::archive::StoredScore],
    book: &renda_core::archive::RuleBook,
    year: i16,
    person: renda_core::ids::PersonId,
) -> Option<Place> {
    let own = scores.iter().find(|sc| sc.person == person)?;
    let version = book.versions().iter().find(|v| v.version == own.version)?;
    let table = version.table.clone().prepare().ok()?;
    let from = jiff::civil::Date::new(year, 1, 1).ok()?;
    let period = Period::new(from, own.period_to).ok()?;
    let entrants: Vec<Entrant> = scores
        .iter()
        .map(|sc| Entrant {
            deputy: sc.deputyship,
            summary: Summary { total: sc.total, band: None, activity: sc.activity },
            days_in_office: sc.days_in_office,
        })
        .collect();
    let ranking = rank(&entrants, &table, period);
    let row = ranking.rows.iter().find(|r| r.deputy == own.deputyship)?;
    let (text, reason) = match row.standing {
        rank::Place::Ranked { rank } => (format!("第 {rank} 名（共 {} 名）", ranking.ranked), String::new()),
        rank::Place::Unranked(u) => (u.label().to_owned(), u.reason()),
    };
    Some(Place { text, reason, as_of: own.period_to.to_string() })
}
