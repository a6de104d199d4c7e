//! The organisation tree. Organisations are few (a city with its districts and townships has
//! a few hundred), so whole-tree reads are cheap and the tree is walked in SQL with recursive
//! CTEs, which both backends support.

use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use renda_core::ValidationError;
use renda_core::ids::OrgId;
use renda_core::org::{OrgKind, Organisation, check_placement};
use renda_core::policy::{Action, Resource, Role, Target, decide};
use renda_core::value::OrgName;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A new organisation as a form gives it.
#[derive(Clone, Debug)]
pub struct NewOrganisation {
    pub name: OrgName,
    pub kind: OrgKind,
    pub parent: Option<OrgId>,
}

/// An organisation with what pages show beside it.
#[derive(Clone, Debug, Serialize)]
pub struct OrgRow {
    pub org: Organisation,
    /// The congress it belongs to (itself for a congress).
    pub congress: Option<OrgId>,
    /// Depth in the tree, 0 at the top.
    pub depth: usize,
}

fn org_from_row(r: &AnyRow) -> Result<(Organisation, Option<OrgId>)> {
    let kind: String = r.try_get("kind")?;
    let name: String = r.try_get("name")?;
    let org = Organisation {
        id: OrgId(r.try_get("id")?),
        name: OrgName::parse(&name)?,
        kind: OrgKind::from_code(&kind).ok_or_else(|| StoreError::Internal(format!("unknown org kind {kind}")))?,
        parent: r.try_get::<Option<i64>, _>("parent_id")?.map(OrgId),
    };
    Ok((org, r.try_get::<Option<i64>, _>("congress_id")?.map(OrgId)))
}

impl Store {
    pub async fn org(&self, id: OrgId) -> Result<Organisation> {
        let row = sqlx::query("SELECT id, name, kind, parent_id, congress_id FROM organisations WHERE id = $1")
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("该机构"))?;
        Ok(org_from_row(&row)?.0)
    }

    /// The congress an organisation belongs to, then the congresses above it: `[own, parent, …]`.
    /// This is the `congress_path` of a policy [`Target`].
    pub async fn congress_path(&self, id: OrgId) -> Result<Vec<OrgId>> {
        let rows = sqlx::query(
            "WITH RECURSIVE up(id, parent_id, kind, depth) AS (
                SELECT id, parent_id, kind, 0 FROM organisations WHERE id = $1
                UNION ALL
                SELECT o.id, o.parent_id, o.kind, up.depth + 1 FROM organisations o JOIN up ON o.id = up.parent_id
             )
             SELECT id, kind FROM up ORDER BY depth",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        let mut path = Vec::with_capacity(rows.len());
        for r in rows {
            let kind: String = r.try_get(1)?;
            if kind.starts_with("congress:") {
                path.push(OrgId(r.try_get(0)?));
            }
        }
        Ok(path)
    }

    /// A congress and every congress below it.
    pub async fn congress_subtree(&self, congress: OrgId) -> Result<Vec<OrgId>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "WITH RECURSIVE down(id) AS (
                SELECT id FROM organisations WHERE id = $1
                UNION ALL
                SELECT o.id FROM organisations o JOIN down ON o.parent_id = down.id WHERE o.kind LIKE 'congress:%'
             )
             SELECT id FROM down",
        )
        .bind(congress.0)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(id,)| OrgId(id)).collect())
    }

    /// The whole tree in display order (each organisation followed by what sits under it),
    /// congresses before the units, stations and groups at each level.
    pub async fn org_tree(&self) -> Result<Vec<OrgRow>> {
        let rows = sqlx::query("SELECT id, name, kind, parent_id, congress_id FROM organisations ORDER BY id")
            .fetch_all(self.pool())
            .await?;
        let mut all = Vec::with_capacity(rows.len());
        for r in &rows {
            all.push(org_from_row(r)?);
        }
        let mut out = Vec::with_capacity(all.len());
        fn visit(all: &[(Organisation, Option<OrgId>)], parent: Option<OrgId>, depth: usize, out: &mut Vec<OrgRow>) {
            let mut children: Vec<&(Organisation, Option<OrgId>)> =
                all.iter().filter(|(o, _)| o.parent == parent).collect();
            children.sort_by_key(|(o, _)| (!o.kind.is_congress(), o.id));
            for (o, c) in children {
                out.push(OrgRow { org: o.clone(), congress: *c, depth });
                if depth < 8 {
                    visit(all, Some(o.id), depth + 1, out);
                }
            }
        }
        visit(&all, None, 0, &mut out);
        Ok(out)
    }

    /// All organisations of the given kinds under one congress (its units, say).
    pub async fn orgs_of_congress(&self, congress: OrgId) -> Result<Vec<Organisation>> {
        let rows = sqlx::query(
            "SELECT id, name, kind, parent_id, congress_id FROM organisations WHERE congress_id = $1 AND id <> $1 ORDER BY kind, id",
        )
        .bind(congress.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|r| org_from_row(r).map(|x| x.0)).collect()
    }

    /// The congresses, in tree order.
    pub async fn congresses(&self) -> Result<Vec<OrgRow>> {
        Ok(self.org_tree().await?.into_iter().filter(|r| r.org.kind.is_congress()).collect())
    }

    /// The congresses whose records `actor` may list (deputies, organisations, users, and the
    /// lists of every module): every congress for the admin, their own congress and those below
    /// it for staff, none for the others (a deputy, a unit and the public reach their own
    /// records through their own pages, not through these lists). The policy
    /// (`renda_core::policy`) decides about one record; this is the set of congresses a list
    /// fetches.
    pub async fn listable_congresses(&self, actor: &Actor) -> Result<Vec<OrgId>> {
        match actor.role {
            Role::Admin => Ok(self.congresses().await?.into_iter().map(|r| r.org.id).collect()),
            Role::Staff { congress } => self.congress_subtree(congress).await,
            Role::Deputy { .. } | Role::Unit { .. } | Role::Public => Ok(Vec::new()),
        }
    }

    /// Creates an organisation under `parent`, checking where it may sit and who may put it
    /// there. A congress is created on its parent's chain; anything else on its congress's.
    pub async fn create_org(&self, actor: &Actor, new: NewOrganisation) -> Result<Organisation> {
        self.create_org_with(actor, new, None, None).await
    }

    /// [`Store::create_org`] with the organisation's code (机构代码) and, for a congress, its
    /// current term, in the same transaction (`renda org add`).
    pub async fn create_org_with(
        &self,
        actor: &Actor,
        new: NewOrganisation,
        code: Option<&renda_core::install::OrgCode>,
        term: Option<renda_core::person::Term>,
    ) -> Result<Organisation> {
        renda_core::org::check_term(new.kind.is_congress(), term.is_some())?;
        let parent = match new.parent {
            Some(p) => Some(self.org(p).await?),
            None => None,
        };
        check_placement(new.kind, parent.as_ref().map(|p| p.kind))?;
        let parent_path = match new.parent {
            Some(p) => self.congress_path(p).await?,
            None => Vec::new(),
        };
        let resource = if new.kind.is_congress() { Resource::Congress } else { Resource::Organisation };
        // A new congress is created by the congress above it; anything else within its congress.
        decide(actor.role, Action::Create, resource, &Target { congress_path: &parent_path, ..Target::default() })?;

        let mut w = self.begin_write(Chain::for_congress(parent_path.first().copied()), actor.user).await?;
        let now = self.now_text();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO organisations (name, kind, parent_id, congress_id, created_at, code, term)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(new.name.as_str())
        .bind(new.kind.code())
        .bind(new.parent.map(|p| p.0))
        .bind(if new.kind.is_congress() { None } else { new.parent.map(|p| p.0) })
        .bind(&now)
        .bind(code.map(|c| c.as_str().to_owned()))
        .bind(term.map(|t| i64::from(t.0)))
        .fetch_one(w.conn())
        .await
        .map_err(|e| match code {
            Some(c) if e.as_database_error().is_some_and(|d| d.is_unique_violation()) && self_code_taken(&e) => {
                StoreError::Invalid(ValidationError::new("code", format!("机构代码“{c}”已被其他机构使用")))
            }
            _ => duplicate_name(e, &new.name),
        })?;
        if new.kind.is_congress() {
            sqlx::query("UPDATE organisations SET congress_id = id WHERE id = $1").bind(id).execute(w.conn()).await?;
        }
        let org = Organisation { id: OrgId(id), name: new.name, kind: new.kind, parent: new.parent };
        match (code, term) {
            (None, None) => w.record("org.create", "organisation", id, None::<&()>, Some(&org)).await?,
            _ => {
                let after =
                    serde_json::json!({ "org": &org, "code": code.map(|c| c.as_str()), "term": term.map(|t| t.0) });
                w.record("org.create", "organisation", id, None::<&()>, Some(&after)).await?
            }
        }
        w.commit().await?;
        Ok(org)
    }

    /// Renames an organisation.
    pub async fn rename_org(&self, actor: &Actor, id: OrgId, name: OrgName) -> Result<Organisation> {
        let before = self.org(id).await?;
        let path = self.congress_path(id).await?;
        let resource = if before.kind.is_congress() { Resource::Congress } else { Resource::Organisation };
        decide(actor.role, Action::Edit, resource, &Target { congress_path: &path, ..Target::default() })?;
        let mut w = self.begin_write(Chain::for_congress(path.first().copied()), actor.user).await?;
        sqlx::query("UPDATE organisations SET name = $2 WHERE id = $1")
            .bind(id.0)
            .bind(name.as_str())
            .execute(w.conn())
            .await
            .map_err(|e| duplicate_name(e, &name))?;
        let after = Organisation { name, ..before.clone() };
        w.record("org.rename", "organisation", id, Some(&before), Some(&after)).await?;
        w.commit().await?;
        Ok(after)
    }

    /// Finds an organisation by its exact name (imports and the CLI name congresses by name).
    pub async fn org_by_name(&self, name: &str) -> Result<Option<Organisation>> {
        let row = sqlx::query(
            "SELECT id, name, kind, parent_id, congress_id FROM organisations WHERE name = $1 ORDER BY id LIMIT 1",
        )
        .bind(name.trim())
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| org_from_row(&r).map(|x| x.0)).transpose()
    }

    pub async fn count_orgs(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM organisations").fetch_one(self.pool()).await?)
    }
}

/// Whether a unique violation is the code's index (`organisations_code`) rather than the name's.
fn self_code_taken(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.constraint() == Some("organisations_code") || d.message().contains("organisations.code"))
}

fn duplicate_name(e: sqlx::Error, name: &OrgName) -> StoreError {
    if e.as_database_error().is_some_and(|d| d.is_unique_violation()) {
        StoreError::Invalid(ValidationError::new("name", format!("同一上级下已有名为“{name}”的机构")))
    } else {
        StoreError::Db(e)
    }
}
