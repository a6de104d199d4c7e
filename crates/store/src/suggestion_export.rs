//! What exports and the overdue board show beside a suggestion's row: its responsible units
//! (主办, 会办), co-signers, the day it was submitted and last answered; and each user's
//! remembered choice of export columns (migration 0017).

use crate::audit::Chain;
use crate::suggestions::SuggestionId;
use crate::{Actor, Result, Store};
use jiff::civil::Date;
use serde::Serialize;
use sqlx::AssertSqlSafe;
use std::collections::HashMap;

/// The facts of one suggestion an export adds to its list row.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ExportDetails {
    pub main_units: Vec<String>,
    pub assisting_units: Vec<String>,
    /// Co-signers by name (confirmed or not).
    pub cosigners: Vec<String>,
    /// The Beijing day of its last submission (absent for a draft).
    pub submitted_on: Option<Date>,
    /// The day of its latest reply.
    pub replied_on: Option<Date>,
}

impl Store {
    /// [`ExportDetails`] of these suggestions (callers pass ids they listed for the user).
    pub async fn suggestion_export_details(
        &self,
        ids: &[SuggestionId],
    ) -> Result<HashMap<SuggestionId, ExportDetails>> {
        let mut out: HashMap<SuggestionId, ExportDetails> = HashMap::new();
        for chunk in ids.chunks(500) {
            let list = chunk.iter().map(|i| i.0.to_string()).collect::<Vec<_>>().join(",");
            let units: Vec<(i64, String, String)> = sqlx::query_as(AssertSqlSafe(format!(
                "SELECT u.suggestion_id, u.role, o.name FROM suggestion_units u JOIN organisations o ON o.id = u.unit_id
                 WHERE u.suggestion_id IN ({list}) ORDER BY u.suggestion_id, o.name"
            )))
            .fetch_all(self.pool())
            .await?;
            for (id, role, name) in units {
                let d = out.entry(SuggestionId(id)).or_default();
                if role == "main" { d.main_units.push(name) } else { d.assisting_units.push(name) }
            }
            let signers: Vec<(i64, String)> = sqlx::query_as(AssertSqlSafe(format!(
                "SELECT g.suggestion_id, p.name FROM suggestion_signers g JOIN persons p ON p.id = g.person_id
                 WHERE g.suggestion_id IN ({list}) AND g.role = 'cosigner' ORDER BY g.suggestion_id, p.name"
            )))
            .fetch_all(self.pool())
            .await?;
            for (id, name) in signers {
                out.entry(SuggestionId(id)).or_default().cosigners.push(name);
            }
            let replied: Vec<(i64, String)> = sqlx::query_as(AssertSqlSafe(format!(
                "SELECT suggestion_id, MAX(replied_on) FROM suggestion_replies WHERE suggestion_id IN ({list})
                 GROUP BY suggestion_id"
            )))
            .fetch_all(self.pool())
            .await?;
            for (id, on) in replied {
                out.entry(SuggestionId(id)).or_default().replied_on = on.parse().ok();
            }
            let text_ids = chunk.iter().map(|i| format!("'{}'", i.0)).collect::<Vec<_>>().join(",");
            let submitted: Vec<(String, String)> = sqlx::query_as(AssertSqlSafe(format!(
                "SELECT entity_id, MAX(at) FROM audit_log WHERE entity = 'suggestion' AND action = $1
                 AND entity_id IN ({text_ids}) GROUP BY entity_id"
            )))
            .bind(renda_core::event::suggestion_action(renda_core::suggestion::CommandKind::Submit))
            .fetch_all(self.pool())
            .await?;
            for (id, at) in submitted {
                if let Ok(id) = id.parse::<i64>() {
                    out.entry(SuggestionId(id)).or_default().submitted_on = renda_core::clock::beijing_date_of(&at);
                }
            }
        }
        Ok(out)
    }

    /// The columns `user` chose for `export` (`None`: never chosen, so every column).
    pub async fn export_columns(&self, user: renda_core::ids::UserId, export: &str) -> Result<Option<Vec<String>>> {
        let cols: Option<String> =
            sqlx::query_scalar("SELECT columns FROM export_columns WHERE user_id = $1 AND export = $2")
                .bind(user.0)
                .bind(export)
                .fetch_optional(self.pool())
                .await?;
        Ok(cols.map(|c| c.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()))
    }

    /// Remembers the acting user's choice of columns for `export`, audited. `known` is the
    /// export's column codes: the choice keeps their order, and at least one is required.
    pub async fn set_export_columns(
        &self,
        actor: &Actor,
        export: &str,
        chosen: &[String],
        known: &[&str],
    ) -> Result<Vec<String>> {
        let (user, cols) = renda_core::suggestion::export_columns(actor.user, chosen, known)?;
        let before = self.export_columns(user, export).await?;
        let mut w = self.begin_write(Chain::Global, Some(user)).await?;
        sqlx::query("DELETE FROM export_columns WHERE user_id = $1 AND export = $2")
            .bind(user.0)
            .bind(export)
            .execute(w.conn())
            .await?;
        sqlx::query("INSERT INTO export_columns (user_id, export, columns) VALUES ($1, $2, $3)")
            .bind(user.0)
            .bind(export)
            .bind(cols.join(","))
            .execute(w.conn())
            .await?;
        w.record(
            "export_columns.update",
            "user",
            user.0,
            before.as_ref(),
            Some(&serde_json::json!({ "export": export, "columns": cols })),
        )
        .await?;
        w.commit().await?;
        Ok(cols)
    }
}
