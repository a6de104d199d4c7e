//! Deputy groups (代表小组): organisations of kind `DeputyGroup` under a congress, with their
//! members and leader, the liaison station they work from, the year's "十有" checklist and how
//! many 代表小组活动 they held.
//!
//! - [`Store::set_group_members`] replaces the members and names the leader: members must be
//!   deputies in office in the group's congress, the leader one of them.
//! - [`Store::set_group_station`] links a station of the same congress (or none).
//! - [`Store::install_checklist`] puts the year's list in place: the congress's configured list
//!   for that year ([`Store::set_checklist_config`]) or else the core's standard ten. The labels
//!   are stored with the group's year, so a later change of the list leaves that year alone.
//! - [`Store::mark_checklist_item`] marks an item met (evidence required, by the core's
//!   [`Checklist::mark_met`]) or unmet with a note; [`Store::group_checklist`] gives it back as
//!   the core's [`Checklist`] for its summary.
//! - [`Store::link_group_activity`] counts a 代表小组活动 of the congress as the group's
//!   (`activities.group_id`); [`Store::group_activity_count`] counts the year's.
//!
//! Groups are `Resource::Organisation` of their congress: its staff edit. Every change is one
//! [`crate::WriteTx`] with its audit entry.

use crate::activities::ActivityId;
use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use renda_core::archive::activity::ActivityKind;
use renda_core::archive::group::{self, Checklist, MAX_ITEMS};
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{OrgKind, Organisation};
use renda_core::policy::{Action, Resource, Target, decide};
use serde::Serialize;

/// A member of a group.
#[derive(Clone, Debug, Serialize)]
pub struct GroupMember {
    pub person: PersonId,
    pub name: String,
    pub leader: bool,
}

/// A group with what its page shows.
#[derive(Clone, Debug, Serialize)]
pub struct GroupInfo {
    pub id: OrgId,
    pub name: String,
    pub congress: OrgId,
    pub congress_name: String,
    pub members: Vec<GroupMember>,
    pub station: Option<(OrgId, String)>,
}

impl GroupInfo {
    pub fn leader_name(&self) -> &str {
        self.members.iter().find(|m| m.leader).map_or("", |m| m.name.as_str())
    }
}

impl Store {
    /// The group `id` and its congress, or not found when `id` is not a deputy group.
    async fn group_and_congress(&self, id: OrgId) -> Result<(Organisation, OrgId)> {
        let org = self.org(id).await?;
        if org.kind != OrgKind::DeputyGroup {
            return Err(StoreError::NotFound("该代表小组"));
        }
        let congress = org.parent.ok_or(StoreError::NotFound("该代表小组"))?;
        Ok((org, congress))
    }

    async fn check_group_edit(&self, actor: &Actor, congress: OrgId) -> Result<()> {
        let path = self.congress_path(congress).await?;
        decide(
            actor.role,
            Action::Edit,
            Resource::Organisation,
            &Target { congress_path: &path, ..Target::default() },
        )?;
        Ok(())
    }

    /// Whether `actor` may read the group's page: staff of its congress or above.
    pub async fn check_can_view_group(&self, actor: &Actor, id: OrgId) -> Result<()> {
        let (_, congress) = self.group_and_congress(id).await?;
        let path = self.congress_path(congress).await?;
        decide(actor.role, Action::View, Resource::Organisation, &Target { congress_path: &path, ..Target::default() })
            .map_err(|_| StoreError::NotFound("该代表小组"))
    }

    /// The deputy groups of a congress, by name.
    pub async fn groups_of_congress(&self, congress: OrgId) -> Result<Vec<GroupInfo>> {
        let ids: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, name FROM organisations WHERE parent_id = $1 AND kind = 'deputy_group' ORDER BY name, id",
        )
        .bind(congress.0)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(ids.len());
        for (id, _) in ids {
            out.push(self.group_info_unchecked(OrgId(id)).await?);
        }
        Ok(out)
    }

    /// A group with its members (leader first) and station, for staff of its congress or
    /// above; for anyone else it does not exist.
    pub async fn group_info(&self, actor: &Actor, id: OrgId) -> Result<GroupInfo> {
        self.check_can_view_group(actor, id).await?;
        self.group_info_unchecked(id).await
    }

    /// A group, unchecked: the store's own lists and write paths.
    pub(crate) async fn group_info_unchecked(&self, id: OrgId) -> Result<GroupInfo> {
        let (org, congress) = self.group_and_congress(id).await?;
        let congress_name = self.org(congress).await?.name.to_string();
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT g.person_id, p.name, g.leader FROM group_members g JOIN persons p ON p.id = g.person_id
             WHERE g.group_id = $1 ORDER BY g.leader DESC, p.name, p.id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        let station: Option<(i64, String)> = sqlx::query_as(
            "SELECT o.id, o.name FROM group_stations g JOIN organisations o ON o.id = g.station_id WHERE g.group_id = $1",
        )
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?;
        Ok(GroupInfo {
            id,
            name: org.name.to_string(),
            congress,
            congress_name,
            members: rows
                .into_iter()
                .map(|(p, name, l)| GroupMember { person: PersonId(p), name, leader: l != 0 })
                .collect(),
            station: station.map(|(i, n)| (OrgId(i), n)),
        })
    }

    /// Replaces the group's members and names its leader (one of them, or none).
    pub async fn set_group_members(
        &self,
        actor: &Actor,
        id: OrgId,
        members: &[PersonId],
        leader: Option<PersonId>,
    ) -> Result<()> {
        let (_, congress) = self.group_and_congress(id).await?;
        self.check_group_edit(actor, congress).await?;
        let members = group::check_members(members, leader)?;
        for p in &members {
            let sitting: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM deputyships WHERE person_id = $1 AND congress_id = $2 AND end_date IS NULL",
            )
            .bind(p.0)
            .bind(congress.0)
            .fetch_one(self.pool())
            .await?;
            if sitting == 0 {
                let name: Option<String> = sqlx::query_scalar("SELECT name FROM persons WHERE id = $1")
                    .bind(p.0)
                    .fetch_optional(self.pool())
                    .await?;
                group::check_sitting(Some(name.as_deref()))?;
            }
        }
        let before = self.group_info_unchecked(id).await?.members;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        sqlx::query("DELETE FROM group_members WHERE group_id = $1").bind(id.0).execute(w.conn()).await?;
        for p in &members {
            sqlx::query("INSERT INTO group_members (group_id, person_id, leader) VALUES ($1, $2, $3)")
                .bind(id.0)
                .bind(p.0)
                .bind(i64::from(leader == Some(*p)))
                .execute(w.conn())
                .await?;
        }
        let after = serde_json::json!({ "members": members, "leader": leader });
        w.record("group.members", "organisation", id.0, Some(&before), Some(&after)).await?;
        w.commit().await
    }

    /// Links the group to a liaison station of its congress, or unlinks it (`None`).
    pub async fn set_group_station(&self, actor: &Actor, id: OrgId, station: Option<OrgId>) -> Result<()> {
        let (_, congress) = self.group_and_congress(id).await?;
        self.check_group_edit(actor, congress).await?;
        if let Some(s) = station {
            let o = self.org(s).await?;
            group::check_station(o.kind == OrgKind::LiaisonStation && o.parent == Some(congress))?;
        }
        let before = self.group_info_unchecked(id).await?.station.map(|s| s.0);
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        sqlx::query("DELETE FROM group_stations WHERE group_id = $1").bind(id.0).execute(w.conn()).await?;
        if let Some(s) = station {
            sqlx::query("INSERT INTO group_stations (group_id, station_id) VALUES ($1, $2)")
                .bind(id.0)
                .bind(s.0)
                .execute(w.conn())
                .await?;
        }
        w.record("group.station", "organisation", id.0, Some(&before), Some(&station)).await?;
        w.commit().await
    }

    /// A congress's configured checklist labels for `year`, if it configured one.
    pub async fn checklist_config(&self, congress: OrgId, year: i16) -> Result<Option<Vec<String>>> {
        let labels: Vec<String> = sqlx::query_scalar(
            "SELECT label FROM checklist_configs WHERE congress_id = $1 AND year = $2 ORDER BY position",
        )
        .bind(congress.0)
        .bind(i64::from(year))
        .fetch_all(self.pool())
        .await?;
        Ok((!labels.is_empty()).then_some(labels))
    }

    /// Staff configure their congress's own checklist for `year` (groups that installed the
    /// year's list already keep theirs).
    pub async fn set_checklist_config(
        &self,
        actor: &Actor,
        congress: OrgId,
        year: i16,
        labels: &[String],
    ) -> Result<()> {
        let path = self.congress_path(congress).await?;
        group::check_config_owner(path.first() == Some(&congress))?;
        decide(actor.role, Action::Edit, Resource::Congress, &Target { congress_path: &path, ..Target::default() })?;
        // The core checks the list (size, empty or repeated labels).
        let list = Checklist::new(congress, year, labels)?;
        let before = self.checklist_config(congress, year).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        sqlx::query("DELETE FROM checklist_configs WHERE congress_id = $1 AND year = $2")
            .bind(congress.0)
            .bind(i64::from(year))
            .execute(w.conn())
            .await?;
        for (i, e) in list.entries().iter().enumerate() {
            sqlx::query("INSERT INTO checklist_configs (congress_id, year, position, label) VALUES ($1, $2, $3, $4)")
                .bind(congress.0)
                .bind(i64::from(year))
                .bind(i as i64 + 1)
                .bind(&e.label)
                .execute(w.conn())
                .await?;
        }
        let after: Vec<&str> = list.entries().iter().map(|e| e.label.as_str()).collect();
        w.record("checklist.config", "organisation", congress.0, before.as_ref(), Some(&after)).await?;
        w.commit().await
    }

    /// Puts the year's checklist in place for the group, every item unmet. Refused when the
    /// group has the year's list already.
    pub async fn install_checklist(&self, actor: &Actor, id: OrgId, year: i16) -> Result<Checklist> {
        let (_, congress) = self.group_and_congress(id).await?;
        self.check_group_edit(actor, congress).await?;
        group::check_new_checklist(self.group_checklist(id, year).await?.is_some(), year)?;
        let list = match self.checklist_config(congress, year).await? {
            Some(labels) => Checklist::new(id, year, &labels)?,
            None => Checklist::standard(id, year),
        };
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let now = self.now_text();
        for (i, e) in list.entries().iter().enumerate() {
            sqlx::query(
                "INSERT INTO group_checklists (group_id, year, position, label, met, evidence, updated_at)
                 VALUES ($1, $2, $3, $4, 0, '', $5)",
            )
            .bind(id.0)
            .bind(i64::from(year))
            .bind(i as i64 + 1)
            .bind(&e.label)
            .bind(&now)
            .execute(w.conn())
            .await?;
        }
        w.record("checklist.install", "organisation", id.0, None::<&()>, Some(&list)).await?;
        w.commit().await?;
        Ok(list)
    }

    /// The group's checklist of `year`, if installed.
    pub async fn group_checklist(&self, id: OrgId, year: i16) -> Result<Option<Checklist>> {
        let rows: Vec<(String, i64, String)> = sqlx::query_as(
            "SELECT label, met, evidence FROM group_checklists WHERE group_id = $1 AND year = $2 ORDER BY position",
        )
        .bind(id.0)
        .bind(i64::from(year))
        .fetch_all(self.pool())
        .await?;
        if rows.is_empty() {
            return Ok(None);
        }
        let labels: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        let mut list = Checklist::new(id, year, &labels)?;
        for (i, (_, met, evidence)) in rows.iter().enumerate() {
            if *met != 0 {
                list.mark_met(i + 1, evidence)?;
            } else {
                list.mark_unmet(i + 1, evidence)?;
            }
        }
        Ok(Some(list))
    }

    /// Marks item `number` (1-based) of the group's checklist met with its evidence, or unmet
    /// with a note of what is missing.
    pub async fn mark_checklist_item(
        &self,
        actor: &Actor,
        id: OrgId,
        year: i16,
        number: usize,
        met: bool,
        text: &str,
    ) -> Result<()> {
        let (_, congress) = self.group_and_congress(id).await?;
        self.check_group_edit(actor, congress).await?;
        let mut list = group::set_up(self.group_checklist(id, year).await?, year)?;
        group::check_evidence(text)?;
        let before = list.entries().get(number.wrapping_sub(1)).cloned();
        if met {
            list.mark_met(number, text)?;
        } else {
            list.mark_unmet(number, text)?;
        }
        let e = &list.entries()[number - 1];
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        sqlx::query(
            "UPDATE group_checklists SET met = $4, evidence = $5, updated_at = $6
             WHERE group_id = $1 AND year = $2 AND position = $3",
        )
        .bind(id.0)
        .bind(i64::from(year))
        .bind(number as i64)
        .bind(i64::from(e.met))
        .bind(&e.evidence)
        .bind(self.now_text())
        .execute(w.conn())
        .await?;
        w.record("checklist.mark", "organisation", id.0, before.as_ref(), Some(e)).await?;
        w.commit().await
    }

    /// Counts a 代表小组活动 of the group's congress as the group's (or takes it away with
    /// `None`).
    pub async fn link_group_activity(&self, actor: &Actor, activity: ActivityId, group: Option<OrgId>) -> Result<()> {
        let a = self.activity_unchecked(activity).await?;
        self.check_organiser(actor, &a).await?;
        let group_here = match group {
            Some(g) => Some(self.group_and_congress(g).await?.1 == a.congress),
            None => None,
        };
        group::check_link(a.kind == ActivityKind::GroupActivity, group_here)?;
        let before: Option<i64> = sqlx::query_scalar("SELECT group_id FROM activities WHERE id = $1")
            .bind(activity.0)
            .fetch_one(self.pool())
            .await?;
        let mut w = self.begin_write(Chain::Congress(a.congress), actor.user).await?;
        sqlx::query("UPDATE activities SET group_id = $2 WHERE id = $1")
            .bind(activity.0)
            .bind(group.map(|g| g.0))
            .execute(w.conn())
            .await?;
        w.record("activity.group", "activity", activity.0, Some(&before), Some(&group)).await?;
        w.commit().await
    }

    /// The group's 代表小组活动 of `year` (not cancelled): (id, title, starts_at), by date.
    pub async fn group_activities(&self, id: OrgId, year: i16) -> Result<Vec<(ActivityId, String, String)>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT id, title, starts_at FROM activities WHERE group_id = $1 AND kind = $2 AND cancelled = 0
               AND starts_at >= $3 AND starts_at < $4 ORDER BY starts_at, id",
        )
        .bind(id.0)
        .bind(ActivityKind::GroupActivity.code())
        .bind(format!("{year:04}-01-01"))
        .bind(format!("{:04}-01-01", year + 1))
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(i, t, s)| (ActivityId(i), t, s)).collect())
    }

    /// How many 代表小组活动 the group held in `year`.
    pub async fn group_activity_count(&self, id: OrgId, year: i16) -> Result<usize> {
        Ok(self.group_activities(id, year).await?.len())
    }

    /// The congress's 代表小组活动 of `year` not counted for any group yet (for the group page).
    pub async fn unlinked_group_activities(
        &self,
        congress: OrgId,
        year: i16,
    ) -> Result<Vec<(ActivityId, String, String)>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT id, title, starts_at FROM activities WHERE congress_id = $1 AND kind = $2 AND cancelled = 0
               AND group_id IS NULL AND starts_at >= $3 AND starts_at < $4 ORDER BY starts_at, id LIMIT 200",
        )
        .bind(congress.0)
        .bind(ActivityKind::GroupActivity.code())
        .bind(format!("{year:04}-01-01"))
        .bind(format!("{:04}-01-01", year + 1))
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(i, t, s)| (ActivityId(i), t, s)).collect())
    }
}

/// The most items a checklist may have (re-exported for forms).
pub const CHECKLIST_MAX: usize = MAX_ITEMS;
