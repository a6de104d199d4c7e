//! A production installation (issue 14, migration 0022): its settings (the platform's name and
//! whether this is a demo database), `renda init` (the name, the top congress and the first
//! admin in one transaction), and the bulk imports of the organisation tree and of accounts,
//! each one transaction planned by the core's [`renda_core::install`] rules.
//!
//! These are installation-wide acts of the admin at the console: they are recorded on the
//! global chain (0), like the top congress and the admin's accounts.

use crate::audit::Chain;
use crate::users::hash_password;
use crate::{Actor, Result, Store, StoreError};
use renda_core::ValidationError;
use renda_core::ids::{OrgId, PersonId, UserId};
use renda_core::install::{
    ExistingOrg, OrgCode, OrgPlan, OrgRef, ParentRef, SheetError, SheetRole, SheetRow, SiteName, UserLine, plan_sheet,
};
use renda_core::org::{CongressLevel, OrgKind, check_placement};
use renda_core::person::Term;
use renda_core::policy::{Action, Resource, Role, Target, decide};
use renda_core::value::{Login, NewPassword, OrgName};
use serde::Serialize;
use sqlx::Row;
use std::collections::HashMap;

/// The installation's settings as the web tier shows them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiteSettings {
    /// The platform's name, when `renda init` or the admin set one.
    pub name: Option<String>,
    /// The database was loaded by `renda demo`.
    pub demo: bool,
}

/// What `renda init` creates.
#[derive(Clone, Debug)]
pub struct Installation {
    pub site_name: SiteName,
    pub congress: OrgName,
    pub level: CongressLevel,
    pub term: Term,
    pub admin_login: Login,
    pub admin_name: String,
    pub admin_password: NewPassword,
}

/// What an organisation import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OrgImportSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// An organisation with its code, term and whether it is closed (for `renda org list`).
#[derive(Clone, Debug, Serialize)]
pub struct OrgListing {
    pub id: OrgId,
    pub name: String,
    pub kind: OrgKind,
    pub parent: Option<OrgId>,
    pub code: Option<String>,
    pub term: Option<u16>,
    pub closed: bool,
    pub depth: usize,
}

/// An account made by an import, with its one-time password (shown once, never stored).
#[derive(Clone, Debug)]
pub struct IssuedLogin {
    pub row: usize,
    pub login: String,
    pub name: String,
    pub role: Role,
    pub password: String,
}

/// What an account import did.
#[derive(Clone, Debug, Default)]
pub struct UserImportSummary {
    pub created: Vec<IssuedLogin>,
    /// Logins that already existed, left as they are.
    pub skipped: Vec<String>,
}

/// A one-time password: 12 characters without look-alikes (0/O, 1/l/I), with digits and letters.
pub fn one_time_password() -> String {
    use rand::Rng;
    const LETTERS: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGITS: &[u8] = b"23456789";
    let mut rng = rand::rng();
    let out: Vec<u8> = (0..12)
        .map(|i| {
            // Every third character a digit, so each password has both kinds.
            if i % 3 == 2 {
                DIGITS[rng.random_range(0..DIGITS.len())]
            } else {
                LETTERS[rng.random_range(0..LETTERS.len())]
            }
        })
        .collect();
    String::from_utf8(out).unwrap_or_default()
}

/// The installation's settings are edits at the top of the tree: only the admin (or the system
/// at the console) makes them.
fn check_admin(actor: &Actor) -> Result<()> {
    decide(actor.role, Action::Edit, Resource::Congress, &Target::default())?;
    Ok(())
}

async fn put_setting(conn: &mut sqlx::AnyConnection, key: &str, value: &str, now: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(value)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// The platform's name and whether this is a demo database (one small read).
    pub async fn site_settings(&self) -> Result<SiteSettings> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT key, value FROM settings WHERE key IN ('site_name', 'demo')")
                .fetch_all(self.pool())
                .await?;
        let mut s = SiteSettings::default();
        for (k, v) in rows {
            match k.as_str() {
                "site_name" => s.name = Some(v),
                "demo" => s.demo = v == "1",
                _ => {}
            }
        }
        Ok(s)
    }

    /// Whether `renda demo` loaded this database.
    pub async fn is_demo(&self) -> Result<bool> {
        Ok(self.site_settings().await?.demo)
    }

    /// Marks this database as the demo's, with the demo's name (`renda demo`, before it loads
    /// anything).
    pub async fn mark_demo(&self, actor: &Actor, name: &SiteName) -> Result<()> {
        check_admin(actor)?;
        let mut w = self.begin_write(Chain::Global, actor.user).await?;
        put_setting(w.conn(), "demo", "1", &self.now_text()).await?;
        put_setting(w.conn(), "site_name", name.as_str(), &self.now_text()).await?;
        let after = serde_json::json!({ "demo": true, "site_name": name.as_str() });
        w.record("settings.demo", "settings", "demo", None::<&()>, Some(&after)).await?;
        w.commit().await
    }

    /// Sets the platform's name (the admin's settings page).
    pub async fn set_site_name(&self, actor: &Actor, name: &SiteName) -> Result<()> {
        check_admin(actor)?;
        let before = self.site_settings().await?.name;
        let mut w = self.begin_write(Chain::Global, actor.user).await?;
        put_setting(w.conn(), "site_name", name.as_str(), &self.now_text()).await?;
        w.record("settings.site_name", "settings", "site_name", before.as_ref(), Some(&name.as_str())).await?;
        w.commit().await
    }

    /// `renda init`: the platform's name, the top congress and the first admin, in one
    /// transaction. Refused, changing nothing, on a database that already has a congress or is
    /// a demo database.
    pub async fn init_installation(&self, actor: &Actor, new: Installation) -> Result<(OrgId, UserId)> {
        check_admin(actor)?;
        check_placement(OrgKind::Congress(new.level), None)?;
        let display = renda_core::install::admin_name(&new.admin_name)?;
        let password = new.admin_password.clone();
        let hash = self.hashing.run(move || hash_password(&password)).await??;
        let mut w = self.begin_write(Chain::Global, actor.user).await?;
        let demo: Option<String> =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = 'demo'").fetch_optional(w.conn()).await?;
        let congresses: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations WHERE kind LIKE 'congress:%'")
            .fetch_one(w.conn())
            .await?;
        let top: Option<String> = if congresses > 0 {
            let name: Option<String> =
                sqlx::query_scalar("SELECT name FROM organisations WHERE parent_id IS NULL ORDER BY id LIMIT 1")
                    .fetch_optional(w.conn())
                    .await?;
            Some(name.unwrap_or_default())
        } else {
            None
        };
        renda_core::install::check_uninitialised(demo.as_deref() == Some("1"), top.as_deref())?;
        let now = self.now_text();
        put_setting(w.conn(), "site_name", new.site_name.as_str(), &now).await?;
        let kind = OrgKind::Congress(new.level);
        let org_id: i64 = sqlx::query_scalar(
            "INSERT INTO organisations (name, kind, parent_id, congress_id, created_at, term) VALUES ($1, $2, NULL, NULL, $3, $4) RETURNING id",
        )
        .bind(new.congress.as_str())
        .bind(kind.code())
        .bind(&now)
        .bind(i64::from(new.term.0))
        .fetch_one(w.conn())
        .await?;
        sqlx::query("UPDATE organisations SET congress_id = id WHERE id = $1").bind(org_id).execute(w.conn()).await?;
        let user_id: i64 = sqlx::query_scalar(
            "INSERT INTO users (login, display_name, password_hash, role, scope_org_id, person_id, active, created_at)
             VALUES ($1, $2, $3, 'admin', NULL, NULL, 1, $4) RETURNING id",
        )
        .bind(new.admin_login.as_str())
        .bind(display.as_str())
        .bind(&hash)
        .bind(&now)
        .fetch_one(w.conn())
        .await
        .map_err(|e| {
            if e.as_database_error().is_some_and(|d| d.is_unique_violation()) {
                StoreError::Invalid(ValidationError::new("login", format!("登录名“{}”已被使用", new.admin_login)))
            } else {
                StoreError::Db(e)
            }
        })?;
        let after = serde_json::json!({
            "site_name": new.site_name.as_str(),
            "congress": { "id": org_id, "name": new.congress.as_str(), "kind": kind, "term": new.term.0 },
            "admin": { "id": user_id, "login": new.admin_login.as_str(), "display_name": display.as_str() },
        });
        w.record("installation.init", "settings", "installation", None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok((OrgId(org_id), UserId(user_id)))
    }

    /// Every organisation with its code, term and whether it is closed, in tree order.
    pub async fn org_listing(&self) -> Result<Vec<OrgListing>> {
        let tree = self.org_tree().await?;
        let rows = sqlx::query("SELECT id, code, term, closed_at FROM organisations").fetch_all(self.pool()).await?;
        let mut extra: HashMap<i64, (Option<String>, Option<i64>, bool)> = HashMap::new();
        for r in rows {
            let closed: Option<String> = r.try_get("closed_at")?;
            extra.insert(r.try_get("id")?, (r.try_get("code")?, r.try_get("term")?, closed.is_some()));
        }
        Ok(tree
            .into_iter()
            .map(|row| {
                let (code, term, closed) = extra.remove(&row.org.id.0).unwrap_or_default();
                OrgListing {
                    id: row.org.id,
                    name: row.org.name.as_str().to_owned(),
                    kind: row.org.kind,
                    parent: row.org.parent,
                    code,
                    term: term.and_then(|t| u16::try_from(t).ok()),
                    closed,
                    depth: row.depth,
                }
            })
            .collect())
    }

    /// The units of a congress that may be given new work: all but those closed with `renda org
    /// close` (assignment forms offer these).
    pub async fn open_units_of(&self, congress: OrgId) -> Result<Vec<renda_core::org::Organisation>> {
        let closed: Vec<(i64,)> =
            sqlx::query_as("SELECT id FROM organisations WHERE congress_id = $1 AND closed_at IS NOT NULL")
                .bind(congress.0)
                .fetch_all(self.pool())
                .await?;
        let closed: std::collections::HashSet<i64> = closed.into_iter().map(|(id,)| id).collect();
        Ok(self
            .orgs_of_congress(congress)
            .await?
            .into_iter()
            .filter(|o| matches!(o.kind, OrgKind::Unit(_)) && !closed.contains(&o.id.0))
            .collect())
    }

    /// A congress's current term, when known (`renda init`, the organisation sheet).
    pub async fn org_term(&self, id: OrgId) -> Result<Option<Term>> {
        let term: Option<Option<i64>> = sqlx::query_scalar("SELECT term FROM organisations WHERE id = $1")
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?;
        Ok(term.flatten().and_then(|t| u16::try_from(t).ok()).map(Term))
    }

    /// The organisation with this code.
    pub async fn org_by_code(&self, code: &OrgCode) -> Result<Option<OrgId>> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM organisations WHERE code = $1")
            .bind(code.as_str())
            .fetch_optional(self.pool())
            .await?;
        Ok(id.map(OrgId))
    }

    async fn existing_orgs(conn: &mut sqlx::AnyConnection) -> Result<Vec<ExistingOrg>> {
        let rows = sqlx::query(
            "SELECT o.id, o.code, o.kind, o.name, o.parent_id, o.term, s.address
             FROM organisations o LEFT JOIN station_profiles s ON s.station_id = o.id ORDER BY o.id",
        )
        .fetch_all(conn)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let kind: String = r.try_get("kind")?;
            let code: Option<String> = r.try_get("code")?;
            out.push(ExistingOrg {
                id: OrgId(r.try_get("id")?),
                code: code.and_then(|c| OrgCode::parse(&c).ok()),
                kind: OrgKind::from_code(&kind)
                    .ok_or_else(|| StoreError::Internal(format!("unknown org kind {kind}")))?,
                name: r.try_get("name")?,
                parent: r.try_get::<Option<i64>, _>("parent_id")?.map(OrgId),
                term: r.try_get::<Option<i64>, _>("term")?.and_then(|t| u16::try_from(t).ok()).map(Term),
                address: r.try_get("address")?,
            });
        }
        Ok(out)
    }

    /// Imports an organisation sheet in one transaction: checked and planned against what
    /// exists inside it, so either every row lands or, with all the sheet's errors, nothing does.
    pub async fn import_orgs(
        &self,
        actor: &Actor,
        rows: &[SheetRow],
    ) -> Result<std::result::Result<OrgImportSummary, Vec<SheetError>>> {
        check_admin(actor)?;
        let mut w = self.begin_write(Chain::Global, actor.user).await?;
        let existing = Self::existing_orgs(w.conn()).await?;
        let plan: OrgPlan = match plan_sheet(rows, &existing) {
            Ok(p) => p,
            // Dropping the transaction rolls it back: nothing was written.
            Err(errors) => return Ok(Err(errors)),
        };
        let summary =
            OrgImportSummary { created: plan.creates.len(), updated: plan.updates.len(), unchanged: plan.unchanged };
        if plan.changes_nothing() {
            return Ok(Ok(summary));
        }
        let now = self.now_text();
        let mut ids: HashMap<OrgCode, OrgId> = HashMap::new();
        let resolve = |p: &ParentRef, ids: &HashMap<OrgCode, OrgId>| -> Result<OrgId> {
            match p {
                ParentRef::Existing(id) => Ok(*id),
                ParentRef::New(code) => {
                    ids.get(code).copied().ok_or_else(|| StoreError::Internal(format!("parent {code} not created yet")))
                }
            }
        };
        // The creations in their planned order (parents first), then the updates (whose new
        // parent may be one just created).
        for u in &plan.updates {
            ids.insert(u.line.code.clone(), u.before.id);
        }
        for c in &plan.creates {
            let parent = c.parent.as_ref().map(|p| resolve(p, &ids)).transpose()?;
            let term = c.line.term.map(|t| i64::from(t.0));
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO organisations (name, kind, parent_id, congress_id, created_at, code, term)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(c.line.name.as_str())
            .bind(c.line.kind.code())
            .bind(parent.map(|p| p.0))
            .bind(if c.line.kind.is_congress() { None } else { parent.map(|p| p.0) })
            .bind(&now)
            .bind(c.line.code.as_str())
            .bind(term)
            .fetch_one(w.conn())
            .await?;
            if c.line.kind.is_congress() {
                sqlx::query("UPDATE organisations SET congress_id = id WHERE id = $1")
                    .bind(id)
                    .execute(w.conn())
                    .await?;
            }
            if let Some(address) = &c.line.address {
                put_station_address(w.conn(), id, address.as_str(), &now).await?;
            }
            ids.insert(c.line.code.clone(), OrgId(id));
            let after = serde_json::json!({
                "code": c.line.code.as_str(), "name": c.line.name.as_str(), "kind": c.line.kind,
                "parent": parent.map(|p| p.0), "term": c.line.term.map(|t| t.0),
                "address": c.line.address.as_ref().map(|a| a.as_str()),
            });
            w.record("org.import", "organisation", id, None::<&()>, Some(&after)).await?;
        }
        for u in &plan.updates {
            let id = u.before.id;
            let parent = match (&u.parent, u.moves) {
                (Some(p), true) => Some(resolve(p, &ids)?),
                _ => u.before.parent,
            };
            let term = u.line.term.or(u.before.term).map(|t| i64::from(t.0));
            sqlx::query("UPDATE organisations SET name = $2, parent_id = $3, code = $4, term = $5 WHERE id = $1")
                .bind(id.0)
                .bind(u.line.name.as_str())
                .bind(parent.map(|p| p.0))
                .bind(u.line.code.as_str())
                .bind(term)
                .execute(w.conn())
                .await?;
            if !u.line.kind.is_congress() {
                sqlx::query("UPDATE organisations SET congress_id = $2 WHERE id = $1")
                    .bind(id.0)
                    .bind(parent.map(|p| p.0))
                    .execute(w.conn())
                    .await?;
            }
            if let Some(address) = &u.line.address {
                put_station_address(w.conn(), id.0, address.as_str(), &now).await?;
            }
            let before = serde_json::json!({
                "code": u.before.code.as_ref().map(OrgCode::as_str), "name": u.before.name,
                "parent": u.before.parent.map(|p| p.0), "term": u.before.term.map(|t| t.0), "address": u.before.address,
            });
            let after = serde_json::json!({
                "code": u.line.code.as_str(), "name": u.line.name.as_str(), "parent": parent.map(|p| p.0),
                "term": term, "address": u.line.address.as_ref().map(|a| a.as_str()).or(u.before.address.as_deref()),
            });
            w.record("org.import", "organisation", id.0, Some(&before), Some(&after)).await?;
        }
        w.commit().await?;
        Ok(Ok(summary))
    }

    /// Moves an organisation under another parent (a unit to another congress, a township to
    /// another county), checking where it may sit.
    pub async fn move_org(&self, actor: &Actor, id: OrgId, parent: OrgId) -> Result<()> {
        check_admin(actor)?;
        let org = self.org(id).await?;
        let new_parent = self.org(parent).await?;
        check_placement(org.kind, Some(new_parent.kind))?;
        renda_core::org::check_movable(org.parent.is_some())?;
        let mut w = self.begin_write(Chain::Global, actor.user).await?;
        sqlx::query("UPDATE organisations SET parent_id = $2 WHERE id = $1")
            .bind(id.0)
            .bind(parent.0)
            .execute(w.conn())
            .await
            .map_err(|e| duplicate(e, &org.name))?;
        if !org.kind.is_congress() {
            sqlx::query("UPDATE organisations SET congress_id = $2 WHERE id = $1")
                .bind(id.0)
                .bind(parent.0)
                .execute(w.conn())
                .await?;
        }
        w.record("org.move", "organisation", id.0, Some(&org.parent.map(|p| p.0)), Some(&parent.0)).await?;
        w.commit().await
    }

    /// Closes (撤销) an organisation: it stays for the records that name it, marked closed, and
    /// its accounts are disabled. A congress with open organisations under it is not closed.
    pub async fn close_org(&self, actor: &Actor, id: OrgId) -> Result<usize> {
        check_admin(actor)?;
        let org = self.org(id).await?;
        let mut w = self.begin_write(Chain::Global, actor.user).await?;
        let closed: Option<String> = sqlx::query_scalar("SELECT closed_at FROM organisations WHERE id = $1")
            .bind(id.0)
            .fetch_one(w.conn())
            .await?;
        let open_children: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM organisations WHERE parent_id = $1 AND closed_at IS NULL")
                .bind(id.0)
                .fetch_one(w.conn())
                .await?;
        renda_core::org::check_closable(org.name.as_str(), closed.is_some(), open_children)?;
        sqlx::query("UPDATE organisations SET closed_at = $2 WHERE id = $1")
            .bind(id.0)
            .bind(self.now_text())
            .execute(w.conn())
            .await?;
        let users: Vec<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE scope_org_id = $1 AND active = 1")
            .bind(id.0)
            .fetch_all(w.conn())
            .await?;
        for (user,) in &users {
            sqlx::query("UPDATE users SET active = 0 WHERE id = $1").bind(user).execute(w.conn()).await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user).execute(w.conn()).await?;
        }
        let after = serde_json::json!({ "closed": true, "accounts_disabled": users.len() });
        w.record("org.close", "organisation", id.0, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(users.len())
    }

    /// Creates accounts from an account sheet's lines in one transaction, each with a one-time
    /// password it must change at first login. Logins that exist are skipped; any row that
    /// cannot be resolved (unknown organisation, no such deputy) refuses the whole sheet.
    pub async fn import_users(
        &self,
        actor: &Actor,
        lines: &[UserLine],
    ) -> Result<std::result::Result<UserImportSummary, Vec<SheetError>>> {
        check_admin(actor)?;
        let mut errors = Vec::new();
        let mut planned: Vec<(&UserLine, Role)> = Vec::new();
        let mut summary = UserImportSummary::default();
        for l in lines {
            if self.user_by_login(l.login.as_str()).await?.is_some() {
                summary.skipped.push(l.login.as_str().to_owned());
                continue;
            }
            let org = match &l.org {
                None => None,
                Some(r) => match self.resolve_org_ref(r).await? {
                    Some(o) => Some(o),
                    None => {
                        let column = if matches!(r, OrgRef::Code(_)) { "机构代码" } else { "机构名称" };
                        errors.push(SheetError::new(l.row, column, format!("找不到{r}")));
                        continue;
                    }
                },
            };
            let column = if matches!(l.org, Some(OrgRef::Name(_))) { "机构名称" } else { "机构代码" };
            let role = match (l.role, org) {
                (SheetRole::Staff, Some(o)) if o.kind.is_congress() => Role::Staff { congress: o.id },
                (SheetRole::Staff, Some(o)) => {
                    errors.push(SheetError::new(
                        l.row,
                        column,
                        format!("工作人员须属于一级人大，“{}”不是人大", o.name),
                    ));
                    continue;
                }
                (SheetRole::Unit, Some(o)) if !o.kind.is_congress() => Role::Unit { unit: o.id },
                (SheetRole::Unit, Some(o)) => {
                    errors.push(SheetError::new(
                        l.row,
                        column,
                        format!("承办单位用户须属于承办单位，“{}”是人大", o.name),
                    ));
                    continue;
                }
                (SheetRole::Staff | SheetRole::Unit, None) => {
                    errors.push(SheetError::new(l.row, "机构代码", "须填写机构代码或机构名称"));
                    continue;
                }
                (SheetRole::Deputy, congress) => {
                    let delegation = l.delegation.as_ref().map(|d| d.as_str()).unwrap_or_default();
                    let persons: Vec<(i64,)> = sqlx::query_as(
                        "SELECT DISTINCT p.id FROM persons p JOIN deputyships d ON d.person_id = p.id
                         WHERE p.name = $1 AND d.delegation = $2 AND ($3 = 0 OR d.congress_id = $3)",
                    )
                    .bind(l.name.as_str())
                    .bind(delegation)
                    .bind(congress.map_or(0, |c| c.id.0))
                    .fetch_all(self.pool())
                    .await?;
                    match persons.as_slice() {
                        [(p,)] => Role::Deputy { person: PersonId(*p) },
                        [] => {
                            errors.push(SheetError::new(
                                l.row,
                                "姓名",
                                format!(
                                    "名册中没有{}代表团的代表“{}”，请先导入名册（renda import roster）",
                                    delegation, l.name
                                ),
                            ));
                            continue;
                        }
                        _ => {
                            errors.push(SheetError::new(
                                l.row,
                                "姓名",
                                format!(
                                    "名册中{}代表团有不止一位“{}”，请用 renda user add --person 逐个创建",
                                    delegation, l.name
                                ),
                            ));
                            continue;
                        }
                    }
                }
            };
            planned.push((l, role));
        }
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        if planned.is_empty() {
            return Ok(Ok(summary));
        }
        // Hash first (slow), then write everything in one transaction.
        let mut hashed = Vec::with_capacity(planned.len());
        for (l, role) in planned {
            let password = one_time_password();
            let np = NewPassword::parse(&password)?;
            let hash = self.hashing.run(move || hash_password(&np)).await??;
            hashed.push((l, role, password, hash));
        }
        let mut w = self.begin_write(Chain::Global, actor.user).await?;
        let now = self.now_text();
        for (l, role, password, hash) in hashed {
            let (code, scope, person) = match role {
                Role::Staff { congress } => ("staff", Some(congress.0), None),
                Role::Unit { unit } => ("unit", Some(unit.0), None),
                Role::Deputy { person } => ("deputy", None, Some(person.0)),
                Role::Admin => ("admin", None, None),
                Role::Public => ("public", None, None),
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (login, display_name, password_hash, role, scope_org_id, person_id, active, created_at, must_change_password)
                 VALUES ($1, $2, $3, $4, $5, $6, 1, $7, 1) RETURNING id",
            )
            .bind(l.login.as_str())
            .bind(l.name.as_str())
            .bind(&hash)
            .bind(code)
            .bind(scope)
            .bind(person)
            .bind(&now)
            .fetch_one(w.conn())
            .await?;
            let after = serde_json::json!({ "login": l.login.as_str(), "display_name": l.name.as_str(), "role": role, "must_change_password": true });
            w.record("user.import", "user", id, None::<&()>, Some(&after)).await?;
            summary.created.push(IssuedLogin {
                row: l.row,
                login: l.login.as_str().to_owned(),
                name: l.name.as_str().to_owned(),
                role,
                password,
            });
        }
        w.commit().await?;
        Ok(Ok(summary))
    }

    async fn resolve_org_ref(&self, r: &OrgRef) -> Result<Option<renda_core::org::Organisation>> {
        let id = match r {
            OrgRef::Code(c) => self.org_by_code(c).await?,
            OrgRef::Name(n) => self.org_by_name(n).await?.map(|o| o.id),
        };
        match id {
            Some(id) => Ok(Some(self.org(id).await?)),
            None => Ok(None),
        }
    }
}

/// Writes a station's address, creating its profile (the rest left for staff to fill in).
async fn put_station_address(conn: &mut sqlx::AnyConnection, station: i64, address: &str, now: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO station_profiles (station_id, address, opening_hours, reception_days, phone, intro, updated_at)
         VALUES ($1, $2, '', '', NULL, '', $3)
         ON CONFLICT (station_id) DO UPDATE SET address = excluded.address, updated_at = excluded.updated_at",
    )
    .bind(station)
    .bind(address)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

fn duplicate(e: sqlx::Error, name: &OrgName) -> StoreError {
    if e.as_database_error().is_some_and(|d| d.is_unique_violation()) {
        StoreError::Invalid(ValidationError::new("parent", format!("新的上级下已有名为“{name}”的机构")))
    } else {
        StoreError::Db(e)
    }
}
