//! The rows each of the core's [`Effect`]s names, written in the command's transaction. No rule
//! lives here: `renda_core::suggestion::transition` decided what changes; this says where.

use super::SuggestionDetail;
use crate::audit::WriteTx;
use crate::files::CheckedUpload;
use crate::{Result, StoreError};
use renda_core::ErrorCode;
use renda_core::ids::SuggestionId;
use renda_core::suggestion::{Effect, Refusal};
use serde_json::{Map, Value, json};

/// Writes one effect. What it replaces goes into `replaced` for the audit entry's "before" (the
/// facts say the rest).
pub(super) async fn apply(
    w: &mut WriteTx,
    detail: &SuggestionDetail,
    effect: &Effect,
    files: &[CheckedUpload<'_>],
    replaced: &mut Map<String, Value>,
) -> Result<()> {
    let id: SuggestionId = detail.row.id;
    let now = w.at().to_owned();
    let user = w.actor().map(|u| u.0);
    match effect {
        Effect::SetText { title, body } => {
            replaced.insert("title".into(), json!(detail.row.title));
            replaced.insert("body".into(), json!(detail.body));
            sqlx::query("UPDATE suggestions SET title = $2, body = $3 WHERE id = $1")
                .bind(id.0)
                .bind(title)
                .bind(body)
                .execute(w.conn())
                .await?;
        }
        Effect::ConfirmSignature { person } => {
            sqlx::query("UPDATE suggestion_signers SET confirmed_at = $3 WHERE suggestion_id = $1 AND person_id = $2")
                .bind(id.0)
                .bind(person.0)
                .bind(&now)
                .execute(w.conn())
                .await?;
        }
        Effect::RemoveCosigner { person } => {
            sqlx::query(
                "DELETE FROM suggestion_signers WHERE suggestion_id = $1 AND person_id = $2 AND role = 'cosigner'",
            )
            .bind(id.0)
            .bind(person.0)
            .execute(w.conn())
            .await?;
        }
        Effect::RemovePendingCosigners => {
            sqlx::query(
                "DELETE FROM suggestion_signers WHERE suggestion_id = $1 AND role = 'cosigner' AND confirmed_at IS NULL",
            )
            .bind(id.0)
            .execute(w.conn())
            .await?;
        }
        Effect::UnconfirmCosigners => {
            sqlx::query(
                "UPDATE suggestion_signers SET confirmed_at = NULL WHERE suggestion_id = $1 AND role = 'cosigner'",
            )
            .bind(id.0)
            .execute(w.conn())
            .await?;
        }
        Effect::Number => {
            // The chain's lock serialises numbering within the congress.
            let next: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM suggestions WHERE congress_id = $1 AND year = $2",
            )
            .bind(detail.row.congress.0)
            .bind(detail.row.year)
            .fetch_one(w.conn())
            .await?;
            sqlx::query("UPDATE suggestions SET number = $2 WHERE id = $1")
                .bind(id.0)
                .bind(next)
                .execute(w.conn())
                .await?;
        }
        Effect::AssignUnits { main, assisting, on } => {
            sqlx::query("DELETE FROM suggestion_units WHERE suggestion_id = $1").bind(id.0).execute(w.conn()).await?;
            for (role, list) in [("main", main), ("assisting", assisting)] {
                for u in list {
                    sqlx::query(
                        "INSERT INTO suggestion_units (suggestion_id, unit_id, role, assigned_on) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(id.0)
                    .bind(u.0)
                    .bind(role)
                    .bind(on.to_string())
                    .execute(w.conn())
                    .await?;
                }
            }
        }
        Effect::UnassignUnits => {
            sqlx::query("DELETE FROM suggestion_units WHERE suggestion_id = $1").bind(id.0).execute(w.conn()).await?;
        }
        Effect::AddContact { unit, on, way, summary } => {
            sqlx::query(
                "INSERT INTO suggestion_contacts (suggestion_id, unit_id, on_date, way, summary, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id.0)
            .bind(unit.0)
            .bind(on.to_string())
            .bind(way.code())
            .bind(summary)
            .bind(user)
            .bind(&now)
            .execute(w.conn())
            .await?;
        }
        Effect::AddView { unit, text } => {
            sqlx::query(
                "UPDATE suggestion_units SET view_text = $3, view_at = $4 WHERE suggestion_id = $1 AND unit_id = $2",
            )
            .bind(id.0)
            .bind(unit.0)
            .bind(text)
            .bind(&now)
            .execute(w.conn())
            .await?;
        }
        Effect::WaiveViews { reason } => {
            sqlx::query(
                "UPDATE suggestion_units SET view_waived_at = $2, view_waiver = $3
                 WHERE suggestion_id = $1 AND role = 'assisting' AND view_at IS NULL AND view_waived_at IS NULL",
            )
            .bind(id.0)
            .bind(&now)
            .bind(reason)
            .execute(w.conn())
            .await?;
        }
        Effect::AddReply { unit, round, class, body, signer, on, due_on } => {
            let reply_id: i64 = sqlx::query_scalar(
                "INSERT INTO suggestion_replies (suggestion_id, unit_id, round, class, body, signer, replied_on, created_by, created_at, due_on)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(id.0)
            .bind(unit.0)
            .bind(i64::from(*round))
            .bind(class.code())
            .bind(body)
            .bind(signer)
            .bind(on.to_string())
            .bind(user)
            .bind(&now)
            .bind(due_on.map(|d| d.to_string()))
            .fetch_one(w.conn())
            .await?;
            for f in files {
                f.save(w.conn(), &now).await?;
                sqlx::query(
                    "INSERT INTO reply_files (reply_id, hash, filename) VALUES ($1, $2, $3) ON CONFLICT (reply_id, hash) DO NOTHING",
                )
                .bind(reply_id)
                .bind(&f.hash)
                .bind(&f.filename)
                .execute(w.conn())
                .await?;
            }
        }
        Effect::AddRating { round, attitude, result, reason } => {
            sqlx::query(
                "INSERT INTO suggestion_ratings (suggestion_id, round, attitude, result, reason, rated_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id.0)
            .bind(i64::from(*round))
            .bind(attitude.code())
            .bind(result.code())
            .bind(reason)
            .bind(&now)
            .execute(w.conn())
            .await?;
        }
        Effect::Remind { on } => {
            let fresh = sqlx::query(
                "INSERT INTO suggestion_reminders (suggestion_id, on_date) VALUES ($1, $2)
                 ON CONFLICT (suggestion_id, on_date) DO NOTHING",
            )
            .bind(id.0)
            .bind(on.to_string())
            .execute(w.conn())
            .await?
            .rows_affected();
            // Another clerk's reminder of the same day committed since the facts were read.
            if fresh == 0 {
                return Err(StoreError::Refused(Refusal::of(ErrorCode::RemindedToday)));
            }
        }
        Effect::SetPublishReply { publish } => {
            replaced.insert("publish_reply".into(), json!(detail.row.publish_reply));
            sqlx::query("UPDATE suggestions SET publish_reply = $2 WHERE id = $1")
                .bind(id.0)
                .bind(i64::from(*publish))
                .execute(w.conn())
                .await?;
        }
    }
    Ok(())
}
