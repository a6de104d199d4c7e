//! Statistics of suggestions for one congress (or a congress and those below it) in one year:
//! counts by state, class and topic, satisfaction with attitude and result, and per main unit
//! what was assigned, answered, answered on time, and is overdue now. Every number is a
//! `COUNT` (no `SUM`, whose type differs between the backends), and each links to the list
//! behind it in the pages. 按期答复率 is the core's `suggestion::on_time_rate` over the replies
//! given and the suggestions overdue now; "overdue" is the same condition as the lists'
//! `Due::Overdue`.

use crate::{Actor, Result, Store};
use jiff::civil::Date;
use renda_core::ids::OrgId;
use renda_core::suggestion::{OnTimeRate, on_time_rate};
use serde::Serialize;
use sqlx::AssertSqlSafe;

/// One unit's line.
#[derive(Clone, Debug, Serialize)]
pub struct UnitLine {
    pub unit: OrgId,
    pub name: String,
    /// Suggestions it leads (主办).
    pub assigned: i64,
    /// Of those, answered at least once.
    pub replied: i64,
    /// Still with the unit and past the deadline today.
    pub overdue: i64,
    /// 按期答复率 of the suggestions it leads: their replies and those overdue now.
    pub rate: OnTimeRate,
    /// Latest ratings of its replies: result 满意 or 基本满意.
    pub satisfied: i64,
    pub rated: i64,
}

impl UnitLine {
    /// 按期答复率 in whole per cent (`None` with no reply and nothing overdue).
    pub fn on_time_percent(&self) -> Option<i64> {
        self.rate.percent().map(|p| p as i64)
    }

    pub fn satisfied_percent(&self) -> Option<i64> {
        percent(self.satisfied, self.rated)
    }
}

fn percent(n: i64, of: i64) -> Option<i64> {
    (of > 0).then(|| (n * 100 + of / 2) / of)
}

/// The statistics page.
#[derive(Clone, Debug, Serialize)]
pub struct SuggestionStats {
    pub total: i64,
    pub by_state: Vec<(String, i64)>,
    pub by_class: Vec<(String, i64)>,
    pub by_topic: Vec<(String, i64)>,
    pub attitude: Vec<(String, i64)>,
    pub result: Vec<(String, i64)>,
    pub units: Vec<UnitLine>,
    /// Suggestions with a unit past their due date today (the list's `due=overdue`).
    pub overdue: i64,
    /// 按期答复率 over every reply given to the year's suggestions and those overdue now.
    pub rate: OnTimeRate,
}

impl SuggestionStats {
    pub fn on_time_percent(&self) -> Option<i64> {
        self.rate.percent().map(|p| p as i64)
    }

    /// Share of ratings that are 满意 or 基本满意, for attitude or result.
    pub fn satisfied_percent(counts: &[(String, i64)]) -> Option<i64> {
        let all: i64 = counts.iter().map(|(_, n)| n).sum();
        let good: i64 = counts.iter().filter(|(k, _)| k != "unsatisfied").map(|(_, n)| n).sum();
        percent(good, all)
    }
}

impl Store {
    /// Statistics over the suggestions made in `year` in the congresses `actor` may list (the
    /// staff's and those below, every congress for the admin), as of `today`.
    pub async fn suggestion_stats(&self, actor: &Actor, year: i64, today: Date) -> Result<SuggestionStats> {
        let congresses = self.listable_congresses(actor).await?;
        self.stats_over(&congresses, year, today).await
    }

    /// The statistics of the suggestions made in `year` in `congresses`, as of `today` (the
    /// caller decided the actor may see them).
    pub(crate) async fn stats_over(&self, congresses: &[OrgId], year: i64, today: Date) -> Result<SuggestionStats> {
        let scope = if congresses.is_empty() {
            "0".to_owned()
        } else {
            congresses.iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(",")
        };
        let base = format!("FROM suggestions s WHERE s.congress_id IN ({scope}) AND s.year = {year}");
        let grouped =
            |col: &str| format!("SELECT {col}, COUNT(*) {base} AND {col} IS NOT NULL GROUP BY {col} ORDER BY {col}");
        let pairs = |sql: String| async move {
            sqlx::query_as::<_, (String, i64)>(AssertSqlSafe(sql)).fetch_all(self.pool()).await
        };
        let total: i64 =
            sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) {base}"))).fetch_one(self.pool()).await?;
        let mut by_state = pairs(grouped("s.state")).await?;
        // In the order of the lifecycle, not of the codes' spelling.
        let order = |code: &str| renda_core::suggestion::SuggestionState::ALL.iter().position(|s| s.code() == code);
        by_state.sort_by_key(|(code, _)| order(code));
        let by_class = pairs(grouped("s.reply_class")).await?;
        let by_topic = pairs(grouped("s.key_topic")).await?;
        let attitude = pairs(grouped("s.attitude")).await?;
        let result = pairs(grouped("s.result")).await?;
        let overdue_before = renda_core::suggestion::timeliness::overdue_before(today).to_string();
        let with_unit = renda_core::suggestion::SuggestionState::ALL
            .iter()
            .filter(|s| s.is_with_unit())
            .map(|s| format!("'{}'", s.code()))
            .collect::<Vec<_>>()
            .join(",");
        let overdue_sql = format!("s.state IN ({with_unit}) AND s.due_on < $1");
        let lines = sqlx::query_as::<_, (i64, String, i64, i64, i64, i64, i64)>(AssertSqlSafe(format!(
            "SELECT u.unit_id, o.name, COUNT(*),
                COUNT(CASE WHEN EXISTS (SELECT 1 FROM suggestion_replies r WHERE r.suggestion_id = s.id) THEN 1 END),
                COUNT(CASE WHEN {overdue_sql} THEN 1 END),
                COUNT(CASE WHEN s.result IN ('satisfied','basic') THEN 1 END),
                COUNT(s.result)
             FROM suggestions s JOIN suggestion_units u ON u.suggestion_id = s.id AND u.role = 'main'
             JOIN organisations o ON o.id = u.unit_id
             WHERE s.congress_id IN ({scope}) AND s.year = {year}
             GROUP BY u.unit_id, o.name ORDER BY COUNT(*) DESC, o.name"
        )))
        .bind(&overdue_before)
        .fetch_all(self.pool())
        .await?;
        // Every reply given to the year's suggestions, with the main units it counts for.
        let replies: Vec<(Option<i64>, String, Option<String>)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT u.unit_id, r.replied_on, r.due_on FROM suggestion_replies r
             JOIN suggestions s ON s.id = r.suggestion_id
             LEFT JOIN suggestion_units u ON u.suggestion_id = s.id AND u.role = 'main'
             WHERE s.congress_id IN ({scope}) AND s.year = {year}
             ORDER BY r.id"
        )))
        .fetch_all(self.pool())
        .await?;
        let day = |s: &str| s.parse::<Date>().ok();
        let pairs_of = |unit: Option<i64>| {
            replies
                .iter()
                .filter(move |(u, _, _)| unit.is_none_or(|x| *u == Some(x)))
                .filter_map(|(_, on, due)| Some((day(on)?, due.as_deref().and_then(day))))
        };
        let units = lines
            .into_iter()
            .map(|(unit, name, assigned, replied, overdue, satisfied, rated)| UnitLine {
                unit: OrgId(unit),
                name,
                assigned,
                replied,
                overdue,
                rate: on_time_rate(pairs_of(Some(unit)), overdue as u64),
                satisfied,
                rated,
            })
            .collect();
        let overdue: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) {base} AND {overdue_sql}")))
            .bind(&overdue_before)
            .fetch_one(self.pool())
            .await?;
        // Each reply once, whatever number of main units its suggestion has.
        let all_replies: Vec<(String, Option<String>)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT r.replied_on, r.due_on FROM suggestion_replies r JOIN suggestions s ON s.id = r.suggestion_id
             WHERE s.congress_id IN ({scope}) AND s.year = {year}"
        )))
        .fetch_all(self.pool())
        .await?;
        let rate = on_time_rate(
            all_replies.iter().filter_map(|(on, due)| Some((day(on)?, due.as_deref().and_then(day)))),
            overdue as u64,
        );
        Ok(SuggestionStats { total, by_state, by_class, by_topic, attitude, result, units, overdue, rate })
    }
}
