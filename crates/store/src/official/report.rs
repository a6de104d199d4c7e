//! What the year's 代表建议办理情况报告 is written from: the statistics of one congress's own
//! suggestions (`Store::stats_over`, the statistics page's counts), labelled in its class scheme,
//! with its 重点督办 topics.

use crate::suggestion_stats::SuggestionStats;
use crate::{Actor, Result, Store};
use jiff::civil::Date;
use renda_core::ids::OrgId;
use renda_core::official::report::{HandlingFigures, TopicFigure, UnitFigure};
use renda_core::policy::Action;
use renda_core::suggestion::{ReplyClass, SuggestionState};

impl Store {
    /// The figures of the suggestions made in `year` in `congress` (its own, not those below),
    /// as of `today`, for its staff who issue the report.
    pub async fn handling_figures(
        &self,
        actor: &Actor,
        congress: OrgId,
        year: i64,
        today: Date,
    ) -> Result<HandlingFigures> {
        self.check_official(actor, Action::Create, congress, None).await?;
        let stats = self.stats_over(&[congress], year, today).await?;
        let scheme = self.suggestion_settings(congress).await?.class_scheme;
        let states = |pairs: &[(String, i64)]| -> Vec<(SuggestionState, i64)> {
            pairs.iter().filter_map(|(code, n)| Some((SuggestionState::from_code(code)?, *n))).collect()
        };
        let mut by_class: Vec<(String, i64)> = Vec::new();
        for (code, n) in &stats.by_class {
            let Some(class) = ReplyClass::from_code(code) else { continue };
            let label = class.label(scheme).to_owned();
            match by_class.iter_mut().find(|(l, _)| *l == label) {
                Some((_, m)) => *m += n,
                None => by_class.push((label, *n)),
            }
        }
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT key_topic, state, COUNT(*) FROM suggestions
              WHERE congress_id = $1 AND year = $2 AND key_topic IS NOT NULL
              GROUP BY key_topic, state ORDER BY key_topic",
        )
        .bind(congress.0)
        .bind(year)
        .fetch_all(self.pool())
        .await?;
        let mut topics: Vec<TopicFigure> = Vec::new();
        let mut names: Vec<&str> = rows.iter().map(|(t, _, _)| t.as_str()).collect();
        names.dedup();
        for name in names {
            let of: Vec<(String, i64)> =
                rows.iter().filter(|(t, _, _)| t == name).map(|(_, s, n)| (s.clone(), *n)).collect();
            topics.push(TopicFigure::of(name.to_owned(), &states(&of)));
        }
        Ok(HandlingFigures {
            congress_name: self.org(congress).await?.name.to_string(),
            year,
            by_state: states(&stats.by_state),
            by_class,
            rate: stats.rate,
            overdue: stats.overdue,
            attitude: SuggestionStats::satisfied_percent(&stats.attitude),
            result: SuggestionStats::satisfied_percent(&stats.result),
            topics,
            units: stats
                .units
                .iter()
                .map(|u| UnitFigure {
                    name: u.name.clone(),
                    assigned: u.assigned,
                    replied: u.replied,
                    overdue: u.overdue,
                    rate: u.rate,
                    satisfied: u.satisfied_percent(),
                })
                .collect(),
        })
    }
}
