//! Invitations to an activity: deputies in office on its day in one of its congresses, by id,
//! by name, or a whole delegation or congress (what clerks do for most activities).

use super::{ActivityId, ActivityRow, cancelled};
use crate::audit::Chain;
use crate::{Actor, Result, Store};
use jiff::civil::Date;
use renda_core::ValidationError;
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
        let on_roll: std::collections::HashSet<i64> =
            self.activity_roll(id).await?.into_iter().map(|r| r.person.0).collect();
        let mut out = self.eligible(&a, a.starts_at.date()).await?;
        out.retain(|e| !on_roll.contains(&e.0));
        out.dedup_by_key(|e| e.0);
        Ok(out)
    }

    /// Invites deputies of the activity's congresses (those already invited are skipped).
    /// Returns how many were added.
    pub async fn invite(&self, actor: &Actor, id: ActivityId, persons: &[PersonId]) -> Result<usize> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        if a.cancelled {
            return Err(cancelled());
        }
        let eligible = self.eligible(&a, a.starts_at.date()).await?;
        for p in persons {
            if !eligible.iter().any(|e| e.0 == p.0) {
                return Err(ValidationError::new(
                    "persons",
                    format!("人员（编号{}）不是本活动举办人大在活动当天在任的代表", p.0),
                )
                .into());
            }
        }
        self.write_invitations(actor, &a, persons).await
    }

    /// Invites deputies by name (names separated by commas, 、 or spaces). An unknown or
    /// ambiguous name refuses the whole list.
    pub async fn invite_by_names(&self, actor: &Actor, id: ActivityId, names: &str) -> Result<usize> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        let eligible = self.eligible(&a, a.starts_at.date()).await?;
        let mut persons = Vec::new();
        for name in names.split([',', '，', '、', ' ', '\n', ';', '；']).map(str::trim).filter(|n| !n.is_empty()) {
            let mut hits: Vec<i64> = eligible.iter().filter(|e| e.1 == name).map(|e| e.0).collect();
            hits.dedup();
            match hits.as_slice() {
                [one] => persons.push(PersonId(*one)),
                [] => {
                    return Err(ValidationError::new("names", format!("没有找到在任代表“{name}”，请核对姓名")).into());
                }
                _ => {
                    return Err(ValidationError::new(
                        "names",
                        format!("有{}名代表都叫“{name}”，请按代表团整体邀请后再调整", hits.len()),
                    )
                    .into());
                }
            }
        }
        if persons.is_empty() {
            return Err(ValidationError::new("names", "请填写要邀请的代表姓名").into());
        }
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
        if !a.congresses().contains(&congress) {
            return Err(ValidationError::new("congress", "只能邀请本活动举办人大的代表").into());
        }
        let day = a.starts_at.date().to_string();
        let persons: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT person_id FROM deputyships WHERE congress_id = $1 AND start_date <= $2
               AND (end_date IS NULL OR end_date > $2) AND ($3 = '' OR delegation = $3) ORDER BY person_id",
        )
        .bind(congress.0)
        .bind(&day)
        .bind(delegation.unwrap_or(""))
        .fetch_all(self.pool())
        .await?;
        if persons.is_empty() {
            return Err(ValidationError::new("delegation", "该范围内没有在任代表").into());
        }
        let persons: Vec<PersonId> = persons.into_iter().map(PersonId).collect();
        self.invite(actor, id, &persons).await
    }

    async fn write_invitations(&self, actor: &Actor, a: &ActivityRow, persons: &[PersonId]) -> Result<usize> {
        let already: Vec<i64> =
            sqlx::query_scalar("SELECT person_id FROM activity_participants WHERE activity_id = $1")
                .bind(a.id.0)
                .fetch_all(self.pool())
                .await?;
        let mut new: Vec<i64> = persons.iter().map(|p| p.0).filter(|p| !already.contains(p)).collect();
        new.sort_unstable();
        new.dedup();
        if new.is_empty() {
            return Ok(0);
        }
        let mut w = self.begin_write(Chain::Congress(a.congress), actor.user).await?;
        let now = self.now_text();
        for chunk in new.chunks(200) {
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
        w.record("activity.invite", "activity", a.id.0, None::<&()>, Some(&serde_json::json!({ "persons": new })))
            .await?;
        w.commit().await?;
        Ok(new.len())
    }
}
