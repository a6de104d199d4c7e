//! Statistics of suggestions for one congress (or a congress and those below it) in one year:
//! counts by state, class and topic, satisfaction with attitude and result, and per main unit
//! what was assigned, answered, answered on time, and is overdue now. Every number is a
//! `COUNT` (no `SUM`, whose type differs between the backends), and each links to the list
//! behind it in the pages.

use crate::{Result, Store};
use jiff::civil::Date;
use renda_core::ids::OrgId;
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
    /// First replies given by the deadline then in force.
    pub on_time: i64,
    /// Still with the unit and past the deadline today.
    pub overdue: i64,
    /// Latest ratings of its replies: result 满意 or 基本满意.
    pub satisfied: i64,
    pub rated: i64,
}

impl UnitLine {
    /// On-time rate of first replies, in whole per cent (`None` before any reply).
    pub fn on_time_percent(&self) -> Option<i64> {
        percent(self.on_time, self.replied)
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
    pub first_replies: i64,
    pub first_replies_on_time: i64,
}

impl SuggestionStats {
    pub fn on_time_percent(&self) -> Option<i64> {
        percent(self.first_replies_on_time, self.first_replies)
    }

    /// Share of ratings that are 满意 or 基本满意, for attitude or result.
    pub fn satisfied_percent(counts: &[(String, i64)]) -> Option<i64> {
        let all: i64 = counts.iter().map(|(_, n)| n).sum();
        let good: i64 = counts.iter().filter(|(k, _)| k != "unsatisfied").map(|(_, n)| n).sum();
        percent(good, all)
    }
}

impl Store {
    /// Statistics over the suggestions of `congresses` made in `year`, as of `today`.
    pub async fn suggestion_stats(&self, congresses: &[OrgId], year: i64, today: Date) -> Result<SuggestionStats> {
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
        let today = today.to_string();
        let units = sqlx::query_as::<_, (i64, String, i64, i64, i64, i64, i64, i64)>(AssertSqlSafe(format!(
            "SELECT u.unit_id, o.name, COUNT(*),
                COUNT(CASE WHEN EXISTS (SELECT 1 FROM suggestion_replies r WHERE r.suggestion_id = s.id) THEN 1 END),
                COUNT(CASE WHEN EXISTS (SELECT 1 FROM suggestion_replies r WHERE r.suggestion_id = s.id AND r.round = 1
                                        AND r.due_on IS NOT NULL AND r.replied_on <= r.due_on) THEN 1 END),
                COUNT(CASE WHEN s.state IN ('assigned','in_progress','rehandling') AND s.due_on < $1 THEN 1 END),
                COUNT(CASE WHEN s.result IN ('satisfied','basic') THEN 1 END),
                COUNT(s.result)
             FROM suggestions s JOIN suggestion_units u ON u.suggestion_id = s.id AND u.role = 'main'
             JOIN organisations o ON o.id = u.unit_id
             WHERE s.congress_id IN ({scope}) AND s.year = {year}
             GROUP BY u.unit_id, o.name ORDER BY COUNT(*) DESC, o.name"
        )))
        .bind(&today)
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(|(unit, name, assigned, replied, on_time, overdue, satisfied, rated)| UnitLine {
            unit: OrgId(unit),
            name,
            assigned,
            replied,
            on_time,
            overdue,
            satisfied,
            rated,
        })
        .collect();
        let (first_replies, first_replies_on_time): (i64, i64) = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT COUNT(*), COUNT(CASE WHEN r.due_on IS NOT NULL AND r.replied_on <= r.due_on THEN 1 END)
             FROM suggestion_replies r JOIN suggestions s ON s.id = r.suggestion_id
             WHERE r.round = 1 AND s.congress_id IN ({scope}) AND s.year = {year}"
        )))
        .fetch_one(self.pool())
        .await?;
        Ok(SuggestionStats {
            total,
            by_state,
            by_class,
            by_topic,
            attitude,
            result,
            units,
            first_replies,
            first_replies_on_time,
        })
    }
}
