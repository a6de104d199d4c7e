//! Each congress's settings for meetings and appointments (会议与任免设置): the core's
//! `meeting::Settings`, one row of `meeting_settings` per congress, the core's defaults where a
//! congress keeps none. The law's thresholds (quorum, majority of all members) are not settings.
//!
//! The writes that follow a setting — scheduling or notifying a meeting, putting a matter on the
//! agenda — read it with [`settings_on`] inside their own transaction, after the congress's chain
//! is claimed; a change of the settings is written on that chain too, so a write sees the settings
//! as they were when it ran, never half of a change.

use crate::audit::Chain;
use crate::{Actor, Result, Store};
use renda_core::ids::OrgId;
use renda_core::meeting::Settings;
use renda_core::policy::Action;
use sqlx::AnyConnection;

type Row = (i64, i64, i64, i64, i64, i64, i64);

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

/// The settings of `congress` as read on `conn`: its row, or the core's defaults.
pub(crate) async fn settings_on(conn: &mut AnyConnection, congress: OrgId) -> Result<Settings> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT notice_days, filing_days, exam_required, secret_appointments, renomination_months,
                bar_after_second_failure, publish_days FROM meeting_settings WHERE congress_id = $1",
    )
    .bind(congress.0)
    .fetch_optional(conn)
    .await?;
    Ok(match row {
        None => Settings::default(),
        Some((notice, filing, exam, secret, renomination, bar, publish)) => Settings {
            notice_days: count(notice),
            filing_days: count(filing),
            exam_required: exam != 0,
            secret_appointments: secret != 0,
            renomination_months: count(renomination),
            bar_after_second_failure: bar != 0,
            publish_days: count(publish),
        },
    })
}

impl Store {
    /// The meeting and appointment settings of a congress (the core's defaults when it keeps
    /// none): its published rules, read by whoever schedules, notifies or reads its meetings.
    pub async fn meeting_settings(&self, congress: OrgId) -> Result<Settings> {
        let mut conn = self.pool().acquire().await?;
        settings_on(&mut conn, congress).await
    }

    /// Saves a congress's meeting and appointment settings: its staff only (the policy that runs
    /// its meetings), within the core's bounds (`Settings::check`), audited with the settings
    /// before and after. A refused change writes nothing.
    pub async fn set_meeting_settings(&self, actor: &Actor, congress: OrgId, new: Settings) -> Result<Settings> {
        self.check_run(actor.role, Action::Edit, congress).await?;
        new.check()?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let before = settings_on(w.conn(), congress).await?;
        sqlx::query(
            "INSERT INTO meeting_settings (congress_id, notice_days, filing_days, exam_required, secret_appointments,
                 renomination_months, bar_after_second_failure, publish_days)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (congress_id) DO UPDATE SET notice_days = excluded.notice_days,
                 filing_days = excluded.filing_days, exam_required = excluded.exam_required,
                 secret_appointments = excluded.secret_appointments,
                 renomination_months = excluded.renomination_months,
                 bar_after_second_failure = excluded.bar_after_second_failure, publish_days = excluded.publish_days",
        )
        .bind(congress.0)
        .bind(i64::from(new.notice_days))
        .bind(i64::from(new.filing_days))
        .bind(i64::from(new.exam_required))
        .bind(i64::from(new.secret_appointments))
        .bind(i64::from(new.renomination_months))
        .bind(i64::from(new.bar_after_second_failure))
        .bind(i64::from(new.publish_days))
        .execute(w.conn())
        .await?;
        w.record("meeting_settings.update", "congress", congress.0, Some(&before), Some(&new)).await?;
        w.commit().await?;
        Ok(new)
    }
}
