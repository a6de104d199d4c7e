//! Each congress's periods for filing review and consultation (备案审查与征求意见设置): the core's
//! `filing::Settings`, one row of `filing_settings` per congress (JSON), the core's defaults
//! where a congress keeps none.
//!
//! The writes that follow a period — filing, registering, returning, sending, the maker's answers,
//! opening a consultation — read it with [`settings_on`] inside their own transaction, after the
//! congress's chain is claimed; a change is written on that chain too, so a write sees the
//! settings as they were when it ran, never half of a change.

use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use renda_core::filing::Settings;
use renda_core::ids::OrgId;
use renda_core::policy::{Action, Resource, Target, decide};
use sqlx::AnyConnection;

/// The settings of `congress` as read on `conn`: its row, or the core's defaults.
pub(crate) async fn settings_on(conn: &mut AnyConnection, congress: OrgId) -> Result<Settings> {
    let row: Option<String> = sqlx::query_scalar("SELECT settings FROM filing_settings WHERE congress_id = $1")
        .bind(congress.0)
        .fetch_optional(conn)
        .await?;
    match row {
        None => Ok(Settings::default()),
        Some(json) => {
            serde_json::from_str(&json).map_err(|e| StoreError::Internal(format!("filing settings of {congress}: {e}")))
        }
    }
}

impl Store {
    /// The filing-review and consultation periods of a congress (the core's defaults when it
    /// keeps none): published rules, read by whoever files, reviews or comments.
    pub async fn filing_settings(&self, congress: OrgId) -> Result<Settings> {
        let mut conn = self.pool().acquire().await?;
        settings_on(&mut conn, congress).await
    }

    /// Saves a congress's periods: its staff only, within the core's bounds (`Settings::check`),
    /// audited with the settings before and after. A refused change writes nothing.
    pub async fn set_filing_settings(&self, actor: &Actor, congress: OrgId, new: Settings) -> Result<Settings> {
        let path = self.congress_path(congress).await?;
        decide(actor.role, Action::Edit, Resource::Filing, &Target { congress_path: &path, ..Target::default() })?;
        new.check()?;
        let json = serde_json::to_string(&new).map_err(|e| StoreError::Internal(format!("filing settings: {e}")))?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let before = settings_on(w.conn(), congress).await?;
        sqlx::query(
            "INSERT INTO filing_settings (congress_id, settings) VALUES ($1, $2)
             ON CONFLICT (congress_id) DO UPDATE SET settings = excluded.settings",
        )
        .bind(congress.0)
        .bind(&json)
        .execute(w.conn())
        .await?;
        w.record("filing_settings.update", "congress", congress.0, Some(&before), Some(&new)).await?;
        w.commit().await?;
        Ok(new)
    }
}
