//! Invitations to an activity: deputies in office on its day in one of its congresses, by id,
//! by name, or a whole delegation or congress (what clerks do for most activities). The core's
//! `activity::{invite, resolve_names, …}` decide; the store finds the deputies and writes.

use super::{ActivityId, ActivityRow};
use crate::audit::Chain;
use crate::{Actor, Result, Store};
use jiff::civil::Date;
use renda_core::activity::{self, Effect};
use renda_core::ids::{OrgId, PersonId};

impl Store {
    // ---- invitations -----------------------------------------------------------------------

    /// Deputies in office on `day` in the activity's congresses: (person, name, delegation).
    pub(super) async fn eligible(&self, a: &ActivityRow, day: Date) -> Result<Vec<(i64, String, String)>> {
        let ints = a.congresses().iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(",");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT d.person_id, p.name, d.delegation FROM deputyships d JOIN persons p ON p.id = d.person_id
             WHERE d.congress_id IN ({ints}) AND d.start_date <= $1 AND (d.end_date IS NULL OR d.end_date > $1)
             ORDER BY d.person_id"
        )))
        .bind(day.to_string())
        .fetch_all(self.pool())
        .await?)
    }

    /// Who the organiser may invite: the deputies in office on the activity's day in its
    /// congresses, not yet on its roll, as (person, name, delegation).
    pub async fn invitable(&self, actor: &Actor, id: ActivityId) -> Result<Vec<(i64, String, String)>> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        let on_roll: Vec<PersonId> = self.roll_unchecked(id).await?.into_iter().map(|r| r.person).collect();
        let eligible: Vec<(PersonId, (String, String))> =
            self.eligible(&a, a.starts_at.date()).await?.into_iter().map(|(p, n, d)| (PersonId(p), (n, d))).collect();
        Ok(activity::invitable(&eligible, &on_roll).into_iter().map(|(p, (n, d))| (p.0, n, d)).collect())
    }

    /// Invites deputies of the activity's congresses (those already invited are skipped).
    /// Returns how many were added.
    pub async fn invite(&self, actor: &Actor, id: ActivityId, persons: &[PersonId]) -> Result<usize> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        activity::not_cancelled(a.cancelled)?;
        let eligible: Vec<PersonId> =
            self.eligible(&a, a.starts_at.date()).await?.into_iter().map(|e| PersonId(e.0)).collect();
        let already: Vec<PersonId> =
            sqlx::query_scalar::<_, i64>("SELECT person_id FROM activity_participants WHERE activity_id = $1")
                .bind(a.id.0)
                .fetch_all(self.pool())
                .await?
                .into_iter()
                .map(PersonId)
                .collect();
        let Some(outcome) = activity::invite(&a.facts(), persons, &eligible, &already)? else {
            return Ok(0);
        };
        let mut w = self.begin_write(Chain::Congress(a.congress), actor.user).await?;
        let now = w.at().to_owned();
        let mut added: Vec<i64> = Vec::new();
        for effect in &outcome.effects {
            let Effect::Invite(new) = effect else { continue };
            added = new.iter().map(|p| p.0).collect();
            for chunk in added.chunks(200) {
                let values =
                    (0..chunk.len()).map(|i| format!("($1, ${}, 'invited', $2)", i + 3)).collect::<Vec<_>>().join(", ");
                let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO activity_participants (activity_id, person_id, attendance, updated_at) VALUES {values}
                     ON CONFLICT (activity_id, person_id) DO NOTHING"
                )))
                .bind(a.id.0)
                .bind(&now);
                for p in chunk {
                    q = q.bind(*p);
                }
                q.execute(w.conn()).await?;
            }
        }
        w.record(outcome.action, "activity", a.id.0, None::<&()>, Some(&serde_json::json!({ "persons": added })))
            .await?;
        w.commit().await?;
        Ok(added.len())
    }

    /// Invites deputies by name (names separated by commas, 、 or spaces). An unknown or
    /// ambiguous name refuses the whole list.
    pub async fn invite_by_names(&self, actor: &Actor, id: ActivityId, names: &str) -> Result<usize> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        let eligible: Vec<(PersonId, String)> =
            self.eligible(&a, a.starts_at.date()).await?.into_iter().map(|(p, n, _)| (PersonId(p), n)).collect();
        let persons = activity::resolve_names(names, &eligible)?;
        self.invite(actor, id, &persons).await
    }

    /// Invites every deputy in office of `congress` (one of the activity's congresses), or only
    /// of its `delegation`: what clerks do for most activities.
    pub async fn invite_delegation(
        &self,
        actor: &Actor,
        id: ActivityId,
        congress: OrgId,
        delegation: Option<&str>,
    ) -> Result<usize> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        activity::check_delegation_congress(&a.facts(), congress)?;
        let day = a.starts_at.date().to_string();
        let persons: Vec<PersonId> = sqlx::query_scalar::<_, i64>(
            "SELECT DISTINCT person_id FROM deputyships WHERE congress_id = $1 AND start_date <= $2
               AND (end_date IS NULL OR end_date > $2) AND ($3 = '' OR delegation = $3) ORDER BY person_id",
        )
        .bind(congress.0)
        .bind(&day)
        .bind(delegation.unwrap_or(""))
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(PersonId)
        .collect();
        activity::check_delegation_found(&persons)?;
        self.invite(actor, id, &persons).await
    }
}
