//! Oversight of 一府两院 in the store (issue 6, 同力): the congress's setting of the months a
//! body has to report, annual plans, oversight items with their meetings, linked documents and
//! inquiry signatures, and review opinions (审议意见) through the core's
//! `oversight::review::transition`, whose outcome (the facts and the texts a command fills) the
//! store writes as it is.
//!
//! Every change is one `WriteTx` on the congress's chain with its audit entry. The policy is
//! `Resource::Oversight`: staff of the congress write, staff above read, the body overseen reads
//! its items and opinions and submits its handling report; deputies read what is published to
//! them (and every opinion once sent), everyone what is on the portal. Evaluation ballots are in
//! [`crate::ballots`], the register of requests to the party committee in
//! [`crate::major_matters`].

use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::Date;
use renda_core::event::{Event, ReviewChange};
use renda_core::ids::{OrgId, PersonId};
pub use renda_core::ids::{PlanId, PlanItemId, ReviewId};
use renda_core::org::OrgKind;
pub use renda_core::oversight::plan::{ItemForm, ItemState, Meeting, PlanForm};
use renda_core::oversight::review::{self, Command, CommandKind, Context, Facts, ReviewSettings, ReviewState};
use renda_core::oversight::{OversightForm, may_file_inquiry, plan};
use renda_core::policy::{Action, Resource, Role, Target, decide};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};
use std::collections::HashMap;

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Internal(format!("oversight json: {e}"))
}

/// Who reads oversight records, with what the policy needs loaded once for a whole list: a
/// deputy's seats and the congress paths met so far.
struct Reader {
    role: Role,
    seats: Vec<OrgId>,
    paths: HashMap<OrgId, Vec<OrgId>>,
}

impl Reader {
    /// For a deputy: whether "published to deputies" reaches them, i.e. they hold (or held) a
    /// seat in `congress`. Other roles are not narrowed here.
    fn reaches(&self, congress: OrgId, published: bool) -> bool {
        match self.role {
            Role::Deputy { .. } => published && self.seats.contains(&congress),
            _ => published,
        }
    }
}

/// Which plans or items a list shows, within what its reader may read.
#[derive(Clone, Debug, Default)]
pub struct OversightFilter {
    /// The items of this plan.
    pub plan: Option<PlanId>,
    /// Of these congresses (empty: every congress the reader may read).
    pub congresses: Vec<OrgId>,
    /// The items overseeing this body.
    pub body: Option<OrgId>,
    pub year: Option<i64>,
    /// Only what the congress put on the public portal (the portal's pages).
    pub portal_only: bool,
}

/// Whether the role may read a plan or item before it is published (staff below their own
/// congress, the admin): for everyone else a list can leave out the unpublished in SQL.
fn may_see_unpublished(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Staff { .. })
}

/// Whether a record published to deputies (and maybe the portal) counts as published for this
/// role: deputies read what was published to them, everyone else only what is on the portal.
fn published_for(role: Role, published: bool, on_portal: bool) -> bool {
    match role {
        Role::Deputy { .. } => published,
        _ => published && on_portal,
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct PlanRow {
    pub id: PlanId,
    pub congress: OrgId,
    pub congress_name: String,
    pub year: i64,
    pub title: String,
    pub body: String,
    pub published_at: Option<jiff::Timestamp>,
    pub on_portal: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ItemRow {
    pub id: PlanItemId,
    pub congress: OrgId,
    pub year: i64,
    pub plan: Option<PlanId>,
    pub form: OversightForm,
    pub title: String,
    pub body_org: Option<OrgId>,
    pub body_name: Option<String>,
    pub committee: String,
    pub summary: String,
    pub meetings: Vec<Meeting>,
    pub state: ItemState,
    pub published_at: Option<jiff::Timestamp>,
    pub on_portal: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReviewRow {
    pub id: ReviewId,
    pub congress: OrgId,
    pub item: PlanItemId,
    pub item_title: String,
    pub body_name: String,
    pub text: String,
    pub facts: Facts,
    pub report_text: Option<String>,
    pub committee_comment: Option<String>,
    pub follow_up_reason: Option<String>,
    pub created_at: jiff::Timestamp,
}

impl ReviewRow {
    pub fn state_label(&self) -> &'static str {
        self.facts.state.label()
    }
}

/// Which review opinions a list holds, within what its reader may read.
#[derive(Clone, Debug, Default)]
pub struct ReviewFilter {
    /// Opinions of these congresses (empty: every congress the reader may read).
    pub congresses: Vec<OrgId>,
    /// The opinions sent to this body.
    pub body: Option<OrgId>,
    pub item: Option<PlanItemId>,
    /// Only those sent and unanswered past their due date on this day.
    pub overdue_on: Option<Date>,
    /// Only those sent to the body.
    pub sent_only: bool,
    /// Only those published on the portal (the portal's pages, whoever reads them).
    pub published_only: bool,
}

const PLAN_COLS: &str =
    "p.id, p.congress_id, c.name AS congress_name, p.year, p.title, p.body, p.published_at, p.on_portal";
const ITEM_COLS: &str = "i.id, i.congress_id, i.year, i.plan_id, i.form, i.title, i.body_org_id, b.name AS body_name, \
     i.committee, i.summary, i.meetings, i.state, i.published_at, i.on_portal";
const REVIEW_COLS: &str = "r.id, r.congress_id, r.item_id, i.title AS item_title, b.name AS body_name, r.text, r.facts, \
     r.report_text, r.committee_comment, r.follow_up_reason, r.created_at";

fn plan_from(r: &AnyRow) -> Result<PlanRow> {
    Ok(PlanRow {
        id: PlanId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        congress_name: r.try_get("congress_name")?,
        year: r.try_get("year")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        published_at: crate::columns::opt_instant(r, "published_at")?,
        on_portal: r.try_get::<i64, _>("on_portal")? != 0,
    })
}

fn item_from(r: &AnyRow) -> Result<ItemRow> {
    let form: String = r.try_get("form")?;
    let state: String = r.try_get("state")?;
    let meetings: String = r.try_get("meetings")?;
    Ok(ItemRow {
        id: PlanItemId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        year: r.try_get("year")?,
        plan: r.try_get::<Option<i64>, _>("plan_id")?.map(PlanId),
        form: OversightForm::from_code(&form).ok_or_else(|| StoreError::Internal(format!("oversight form {form}")))?,
        title: r.try_get("title")?,
        body_org: r.try_get::<Option<i64>, _>("body_org_id")?.map(OrgId),
        body_name: r.try_get("body_name")?,
        committee: r.try_get("committee")?,
        summary: r.try_get("summary")?,
        meetings: serde_json::from_str(&meetings).map_err(json_err)?,
        state: ItemState::from_code(&state).ok_or_else(|| StoreError::Internal(format!("item state {state}")))?,
        published_at: crate::columns::opt_instant(r, "published_at")?,
        on_portal: r.try_get::<i64, _>("on_portal")? != 0,
    })
}

fn review_from(r: &AnyRow) -> Result<ReviewRow> {
    let facts: String = r.try_get("facts")?;
    Ok(ReviewRow {
        id: ReviewId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        item: PlanItemId(r.try_get("item_id")?),
        item_title: r.try_get("item_title")?,
        body_name: r.try_get("body_name")?,
        text: r.try_get("text")?,
        facts: serde_json::from_str(&facts).map_err(json_err)?,
        report_text: r.try_get("report_text")?,
        committee_comment: r.try_get("committee_comment")?,
        follow_up_reason: r.try_get("follow_up_reason")?,
        created_at: crate::columns::instant(r, "created_at")?,
    })
}

fn ints(v: &[OrgId]) -> String {
    if v.is_empty() { "0".into() } else { v.iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(",") }
}

impl Store {
    // ---- the congress's setting ----

    /// The months a body has to report on a review opinion in `congress` (the default until set).
    pub async fn review_settings(&self, congress: OrgId) -> Result<ReviewSettings> {
        let m: Option<i64> = sqlx::query_scalar("SELECT report_months FROM oversight_settings WHERE congress_id = $1")
            .bind(congress.0)
            .fetch_optional(self.pool())
            .await?;
        match m {
            Some(m) => ReviewSettings::new(m as i32).map_err(StoreError::Refused),
            None => Ok(ReviewSettings::default()),
        }
    }

    /// Sets the months (2..=6; anything else is refused and nothing is stored).
    pub async fn set_review_months(&self, actor: &Actor, congress: OrgId, months: i32) -> Result<ReviewSettings> {
        let path = self.congress_path(congress).await?;
        decide(actor.role, Action::Edit, Resource::Oversight, &Target { congress_path: &path, ..Target::default() })?;
        let settings = ReviewSettings::new(months).map_err(|r| StoreError::Refused(r.at("months")))?;
        let before = self.review_settings(congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        sqlx::query(
            "INSERT INTO oversight_settings (congress_id, report_months, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (congress_id) DO UPDATE SET report_months = $2, updated_at = $3",
        )
        .bind(congress.0)
        .bind(i64::from(months))
        .bind(self.now_text())
        .execute(w.conn())
        .await?;
        w.record(
            "oversight.settings",
            "congress",
            congress.0,
            Some(&serde_json::json!({ "report_months": before.report_months() })),
            Some(&serde_json::json!({ "report_months": months })),
        )
        .await?;
        w.commit().await?;
        Ok(settings)
    }

    /// Who reads oversight records, with what the policy needs about them: a deputy's seats.
    async fn reader(&self, role: Role) -> Result<Reader> {
        let seats = match role {
            Role::Deputy { person } => self.deputyships_of(person).await?.into_iter().map(|d| d.congress).collect(),
            _ => Vec::new(),
        };
        Ok(Reader { role, seats, paths: HashMap::new() })
    }

    /// Whether `r` may read a record of `congress` concerning `units`, `public` as it counts
    /// for them: the one test of the single-record getters and of the lists.
    async fn sees(&self, r: &mut Reader, congress: OrgId, units: &[OrgId], public: bool) -> Result<bool> {
        if let std::collections::hash_map::Entry::Vacant(e) = r.paths.entry(congress) {
            e.insert(self.congress_path(congress).await?);
        }
        let target = Target { congress_path: &r.paths[&congress], units, persons: &[], public };
        Ok(decide(r.role, Action::View, Resource::Oversight, &target).is_ok())
    }

    async fn sees_plan(&self, r: &mut Reader, p: &PlanRow) -> Result<bool> {
        let public = r.reaches(p.congress, published_for(r.role, p.published_at.is_some(), p.on_portal));
        self.sees(r, p.congress, &[], public).await
    }

    async fn sees_item(&self, r: &mut Reader, i: &ItemRow) -> Result<bool> {
        let units: Vec<OrgId> = i.body_org.into_iter().collect();
        let public = r.reaches(i.congress, published_for(r.role, i.published_at.is_some(), i.on_portal));
        self.sees(r, i.congress, &units, public).await
    }

    /// Staff of the congress and above; the body once it was sent to it; deputies once sent;
    /// everyone once published on the portal.
    async fn sees_review(&self, r: &mut Reader, v: &ReviewRow) -> Result<bool> {
        let sent = v.facts.state.is_sent();
        let units: Vec<OrgId> = if sent { vec![v.facts.body] } else { Vec::new() };
        let public = match r.role {
            Role::Deputy { .. } => r.reaches(v.congress, sent),
            _ => sent && v.facts.published,
        };
        self.sees(r, v.congress, &units, public).await
    }

    async fn check_oversight(
        &self,
        role: Role,
        action: Action,
        congress: OrgId,
        units: &[OrgId],
        public: bool,
    ) -> Result<()> {
        let path = self.congress_path(congress).await?;
        decide(role, action, Resource::Oversight, &Target { congress_path: &path, units, persons: &[], public })?;
        Ok(())
    }

    // ---- plans ----

    pub async fn create_plan(&self, actor: &Actor, congress: OrgId, f: &PlanForm) -> Result<PlanId> {
        self.check_oversight(actor.role, Action::Create, congress, &[], false).await?;
        if !self.org(congress).await?.kind.is_congress() {
            return Err(StoreError::NotFound("该人大"));
        }
        plan::check_plan(f)?;
        let taken: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM oversight_plans WHERE congress_id = $1 AND year = $2")
                .bind(congress.0)
                .bind(f.year)
                .fetch_one(self.pool())
                .await?;
        plan::check_year_free(taken > 0, f.year)?;
        let now = self.now_text();
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO oversight_plans (congress_id, year, title, body, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(congress.0)
        .bind(f.year)
        .bind(f.title.trim())
        .bind(f.body.trim())
        .bind(&now)
        .fetch_one(w.conn())
        .await?;
        w.record(
            "oversight_plan.create",
            "oversight_plan",
            id,
            None::<&()>,
            Some(&serde_json::json!({ "year": f.year, "title": f.title.trim() })),
        )
        .await?;
        w.commit().await?;
        Ok(PlanId(id))
    }

    pub async fn update_plan(&self, actor: &Actor, id: PlanId, f: &PlanForm) -> Result<()> {
        let p = self.plan_unchecked(id).await?;
        self.check_oversight(actor.role, Action::Edit, p.congress, &[], false).await?;
        plan::check_plan(f)?;
        let mut w = self.begin_write(Chain::Congress(p.congress), actor.user).await?;
        sqlx::query("UPDATE oversight_plans SET year = $2, title = $3, body = $4, updated_at = $5 WHERE id = $1")
            .bind(id.0)
            .bind(f.year)
            .bind(f.title.trim())
            .bind(f.body.trim())
            .bind(self.now_text())
            .execute(w.conn())
            .await?;
        w.record(
            "oversight_plan.edit",
            "oversight_plan",
            id.0,
            Some(&serde_json::json!({ "year": p.year, "title": p.title })),
            Some(&serde_json::json!({ "year": f.year, "title": f.title.trim() })),
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// Publishes the plan to deputies, and on the portal when `on_portal`.
    pub async fn publish_plan(&self, actor: &Actor, id: PlanId, on_portal: bool) -> Result<()> {
        let p = self.plan_unchecked(id).await?;
        self.check_oversight(actor.role, Action::Edit, p.congress, &[], false).await?;
        let mut w = self.begin_write(Chain::Congress(p.congress), actor.user).await?;
        sqlx::query("UPDATE oversight_plans SET published_at = COALESCE(published_at, $2), on_portal = $3, updated_at = $2 WHERE id = $1")
            .bind(id.0)
            .bind(self.now_text())
            .bind(i64::from(on_portal))
            .execute(w.conn())
            .await?;
        w.record(
            "oversight_plan.publish",
            "oversight_plan",
            id.0,
            Some(&serde_json::json!({ "published": p.published_at.is_some(), "on_portal": p.on_portal })),
            Some(&serde_json::json!({ "published": true, "on_portal": on_portal })),
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// One plan, for staff of its congress and above, its congress's deputies once published,
    /// everyone once on the portal; for anyone else it does not exist.
    pub async fn plan(&self, actor: &Actor, id: PlanId) -> Result<PlanRow> {
        let p = self.plan_unchecked(id).await?;
        self.check_can_view_plan(&p, actor.role).await?;
        Ok(p)
    }

    /// One plan, unchecked: the store's own write paths, which check the policy next.
    pub(crate) async fn plan_unchecked(&self, id: PlanId) -> Result<PlanRow> {
        let r = sqlx::query(AssertSqlSafe(format!(
            "SELECT {PLAN_COLS} FROM oversight_plans p JOIN organisations c ON c.id = p.congress_id WHERE p.id = $1"
        )))
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("该监督工作计划"))?;
        plan_from(&r)
    }

    async fn check_can_view_plan(&self, p: &PlanRow, role: Role) -> Result<()> {
        let mut r = self.reader(role).await?;
        if self.sees_plan(&mut r, p).await? { Ok(()) } else { Err(StoreError::NotFound("该监督工作计划")) }
    }

    /// The plans `actor` may read within `f` (its plan, body and year do not apply), newest
    /// year first: exactly those [`Store::plan`] opens for them.
    pub async fn list_plans(&self, actor: &Actor, f: &OversightFilter) -> Result<Vec<PlanRow>> {
        let mut wh = Vec::new();
        if !f.congresses.is_empty() {
            wh.push(format!("p.congress_id IN ({})", ints(&f.congresses)));
        }
        if f.portal_only || !may_see_unpublished(actor.role) {
            wh.push("p.published_at IS NOT NULL".into());
        }
        if f.portal_only {
            wh.push("p.on_portal = 1".into());
        }
        let wh = if wh.is_empty() { "1 = 1".to_owned() } else { wh.join(" AND ") };
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {PLAN_COLS} FROM oversight_plans p JOIN organisations c ON c.id = p.congress_id WHERE {wh} ORDER BY p.year DESC, p.id"
        )))
        .fetch_all(self.pool())
        .await?;
        let mut reader = self.reader(actor.role).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let p = plan_from(row)?;
            if self.sees_plan(&mut reader, &p).await? {
                out.push(p);
            }
        }
        Ok(out)
    }

    // ---- items ----

    /// Looks up what an item's form names and lets the core check it.
    async fn check_item_form(&self, congress: OrgId, f: &ItemForm) -> Result<()> {
        let level = match self.org(congress).await?.kind {
            OrgKind::Congress(level) => level,
            _ => return Err(StoreError::NotFound("该人大")),
        };
        let body_here = match f.body_org {
            Some(b) => {
                let o = self.org(b).await?;
                Some(matches!(o.kind, OrgKind::Unit(_)) && o.parent == Some(congress))
            }
            None => None,
        };
        let plan_here = match f.plan {
            Some(p) => Some(self.plan_unchecked(p).await?.congress == congress),
            None => None,
        };
        let mut missing_document = None;
        for d in &f.documents {
            let c: Option<i64> = sqlx::query_scalar("SELECT congress_id FROM documents WHERE id = $1")
                .bind(d)
                .fetch_optional(self.pool())
                .await?;
            if c.is_none() {
                missing_document = Some(*d);
                break;
            }
        }
        plan::check_item(f, &plan::ItemContext { level, body_here, plan_here, missing_document })?;
        Ok(())
    }

    async fn write_item(
        &self,
        actor: &Actor,
        congress: OrgId,
        id: Option<PlanItemId>,
        f: &ItemForm,
    ) -> Result<PlanItemId> {
        let meetings = serde_json::to_string(&f.meetings).map_err(json_err)?;
        let now = self.now_text();
        let before = match id {
            Some(i) => Some(self.item_unchecked(i).await?),
            None => None,
        };
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let id = match id {
            None => PlanItemId(
                sqlx::query_scalar(
                    "INSERT INTO oversight_items (congress_id, year, plan_id, form, title, body_org_id, committee, summary,
                        meetings, state, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
                )
                .bind(congress.0)
                .bind(f.year)
                .bind(f.plan.map(|p| p.0))
                .bind(f.form.code())
                .bind(f.title.trim())
                .bind(f.body_org.map(|b| b.0))
                .bind(f.committee.trim())
                .bind(f.summary.trim())
                .bind(&meetings)
                .bind(f.state.code())
                .bind(&now)
                .fetch_one(w.conn())
                .await?,
            ),
            Some(id) => {
                sqlx::query(
                    "UPDATE oversight_items SET year = $2, plan_id = $3, form = $4, title = $5, body_org_id = $6, committee = $7,
                        summary = $8, meetings = $9, state = $10, updated_at = $11 WHERE id = $1",
                )
                .bind(id.0)
                .bind(f.year)
                .bind(f.plan.map(|p| p.0))
                .bind(f.form.code())
                .bind(f.title.trim())
                .bind(f.body_org.map(|b| b.0))
                .bind(f.committee.trim())
                .bind(f.summary.trim())
                .bind(&meetings)
                .bind(f.state.code())
                .bind(&now)
                .execute(w.conn())
                .await?;
                sqlx::query("DELETE FROM oversight_item_documents WHERE item_id = $1").bind(id.0).execute(w.conn()).await?;
                id
            }
        };
        let mut docs = f.documents.clone();
        docs.sort_unstable();
        docs.dedup();
        for d in &docs {
            sqlx::query("INSERT INTO oversight_item_documents (item_id, document_id) VALUES ($1, $2)")
                .bind(id.0)
                .bind(d)
                .execute(w.conn())
                .await?;
        }
        let view = |form: OversightForm, title: &str, body: Option<OrgId>, state: ItemState, m: &[Meeting]| serde_json::json!({ "form": form.code(), "title": title, "body": body, "state": state.code(), "meetings": m });
        let after = view(f.form, f.title.trim(), f.body_org, f.state, &f.meetings);
        let before = before.map(|b| view(b.form, &b.title, b.body_org, b.state, &b.meetings));
        let action = if before.is_some() { "oversight_item.edit" } else { "oversight_item.create" };
        let mut after = after;
        after["documents"] = serde_json::json!(docs);
        w.record(action, "oversight_item", id.0, before.as_ref(), Some(&after)).await?;
        w.commit().await?;
        Ok(id)
    }

    pub async fn create_item(&self, actor: &Actor, congress: OrgId, f: &ItemForm) -> Result<PlanItemId> {
        self.check_oversight(actor.role, Action::Create, congress, &[], false).await?;
        self.check_item_form(congress, f).await?;
        self.write_item(actor, congress, None, f).await
    }

    pub async fn update_item(&self, actor: &Actor, id: PlanItemId, f: &ItemForm) -> Result<()> {
        let i = self.item_unchecked(id).await?;
        self.check_oversight(actor.role, Action::Edit, i.congress, &[], false).await?;
        self.check_item_form(i.congress, f).await?;
        self.write_item(actor, i.congress, Some(id), f).await?;
        Ok(())
    }

    pub async fn publish_item(&self, actor: &Actor, id: PlanItemId, on_portal: bool) -> Result<()> {
        let i = self.item_unchecked(id).await?;
        self.check_oversight(actor.role, Action::Edit, i.congress, &[], false).await?;
        let mut w = self.begin_write(Chain::Congress(i.congress), actor.user).await?;
        sqlx::query("UPDATE oversight_items SET published_at = COALESCE(published_at, $2), on_portal = $3, updated_at = $2 WHERE id = $1")
            .bind(id.0)
            .bind(self.now_text())
            .bind(i64::from(on_portal))
            .execute(w.conn())
            .await?;
        w.record(
            "oversight_item.publish",
            "oversight_item",
            id.0,
            Some(&serde_json::json!({ "published": i.published_at.is_some(), "on_portal": i.on_portal })),
            Some(&serde_json::json!({ "published": true, "on_portal": on_portal })),
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// One item, for staff of its congress and above, the body overseen, its congress's deputies
    /// once published, everyone once on the portal; for anyone else it does not exist.
    pub async fn item(&self, actor: &Actor, id: PlanItemId) -> Result<ItemRow> {
        let i = self.item_unchecked(id).await?;
        self.check_can_view_item(&i, actor.role).await?;
        Ok(i)
    }

    /// One item, unchecked: the store's own write paths, which check the policy next.
    pub(crate) async fn item_unchecked(&self, id: PlanItemId) -> Result<ItemRow> {
        let r = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ITEM_COLS} FROM oversight_items i LEFT JOIN organisations b ON b.id = i.body_org_id WHERE i.id = $1"
        )))
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("该监督事项"))?;
        item_from(&r)
    }

    async fn check_can_view_item(&self, i: &ItemRow, role: Role) -> Result<()> {
        let mut r = self.reader(role).await?;
        if self.sees_item(&mut r, i).await? { Ok(()) } else { Err(StoreError::NotFound("该监督事项")) }
    }

    /// The items `actor` may read within `f`, newest year first: exactly those
    /// [`Store::item`] opens for them.
    pub async fn list_items(&self, actor: &Actor, f: &OversightFilter) -> Result<Vec<ItemRow>> {
        let mut wh = Vec::new();
        if let Some(p) = f.plan {
            wh.push(format!("i.plan_id = {}", p.0));
        }
        if !f.congresses.is_empty() {
            wh.push(format!("i.congress_id IN ({})", ints(&f.congresses)));
        }
        if let Some(b) = f.body {
            wh.push(format!("i.body_org_id = {}", b.0));
        }
        if let Some(y) = f.year {
            wh.push(format!("i.year = {y}"));
        }
        if f.portal_only || !(may_see_unpublished(actor.role) || matches!(actor.role, Role::Unit { .. })) {
            wh.push("i.published_at IS NOT NULL".into());
        }
        if f.portal_only {
            wh.push("i.on_portal = 1".into());
        }
        let wh = if wh.is_empty() { "1 = 1".to_owned() } else { wh.join(" AND ") };
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ITEM_COLS} FROM oversight_items i LEFT JOIN organisations b ON b.id = i.body_org_id WHERE {wh} ORDER BY i.year DESC, i.id"
        )))
        .fetch_all(self.pool())
        .await?;
        let mut reader = self.reader(actor.role).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let i = item_from(row)?;
            if self.sees_item(&mut reader, &i).await? {
                out.push(i);
            }
        }
        Ok(out)
    }

    /// The library documents linked to an item: (id, title).
    pub async fn item_documents(&self, id: PlanItemId) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT d.id, d.title FROM oversight_item_documents x JOIN documents d ON d.id = x.document_id WHERE x.item_id = $1 ORDER BY d.id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?)
    }

    // ---- signatures of inquiries ----

    /// The signers of an inquiry item: (person, name, signed on).
    pub async fn signatures(&self, id: PlanItemId) -> Result<Vec<(PersonId, String, String)>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT s.person_id, p.name, s.signed_on FROM oversight_signatures s JOIN persons p ON p.id = s.person_id
             WHERE s.item_id = $1 ORDER BY s.signed_on, p.name",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(p, n, d)| (PersonId(p), n, d)).collect())
    }

    /// Staff record a member's signature on a 质询 or 专题询问 (each person once; the signer must
    /// be a deputy of the congress in office on `on`). Returns whether the threshold is now met
    /// (for 质询; `None` for forms without one) as the core says.
    pub async fn add_signature(
        &self,
        actor: &Actor,
        id: PlanItemId,
        person: PersonId,
        on: Date,
    ) -> Result<Option<bool>> {
        let i = self.item_unchecked(id).await?;
        self.check_oversight(actor.role, Action::Edit, i.congress, &[], false).await?;
        let seated: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM deputyships WHERE person_id = $1 AND congress_id = $2 AND start_date <= $3
             AND (end_date IS NULL OR end_date >= $3)",
        )
        .bind(person.0)
        .bind(i.congress.0)
        .bind(on.to_string())
        .fetch_one(self.pool())
        .await?;
        let already: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM oversight_signatures WHERE item_id = $1 AND person_id = $2")
                .bind(id.0)
                .bind(person.0)
                .fetch_one(self.pool())
                .await?;
        plan::check_signature(i.form, seated > 0, already > 0)?;
        let mut w = self.begin_write(Chain::Congress(i.congress), actor.user).await?;
        sqlx::query("INSERT INTO oversight_signatures (item_id, person_id, signed_on) VALUES ($1, $2, $3)")
            .bind(id.0)
            .bind(person.0)
            .bind(on.to_string())
            .execute(w.conn())
            .await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM oversight_signatures WHERE item_id = $1")
            .bind(id.0)
            .fetch_one(w.conn())
            .await?;
        w.record(
            "oversight_item.sign",
            "oversight_item",
            id.0,
            None::<&()>,
            Some(&serde_json::json!({ "person": person, "signed_on": on, "signatures": n })),
        )
        .await?;
        w.commit().await?;
        self.inquiry_filed(&i, n as u32).await
    }

    /// For a 质询: whether `signatures` meet the congress level's threshold.
    pub async fn inquiry_filed(&self, i: &ItemRow, signatures: u32) -> Result<Option<bool>> {
        if i.form != OversightForm::Interpellation {
            return Ok(None);
        }
        let OrgKind::Congress(level) = self.org(i.congress).await?.kind else {
            return Err(StoreError::NotFound("该人大"));
        };
        Ok(Some(may_file_inquiry(level, signatures).is_ok()))
    }

    // ---- review opinions ----

    /// Drafts a review opinion on an item to its body overseen.
    pub async fn create_review(&self, actor: &Actor, item: PlanItemId, text: &str) -> Result<ReviewId> {
        let i = self.item_unchecked(item).await?;
        self.check_oversight(actor.role, Action::Create, i.congress, &[], false).await?;
        let (facts, text) = review::draft(i.form, i.body_org, text)?;
        let body = facts.body;
        let now = self.now_text();
        let mut w = self.begin_write(Chain::Congress(i.congress), actor.user).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO oversight_reviews (congress_id, item_id, body_org_id, text, state, facts, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(i.congress.0)
        .bind(item.0)
        .bind(body.0)
        .bind(&text)
        .bind(facts.state.code())
        .bind(serde_json::to_string(&facts).map_err(json_err)?)
        .bind(&now)
        .fetch_one(w.conn())
        .await?;
        w.record("review.draft", "review", id, None::<&()>, Some(&serde_json::json!({ "item": item, "facts": facts })))
            .await?;
        w.commit().await?;
        Ok(ReviewId(id))
    }

    /// One review opinion, for whom [`Store::check_can_view_review`] lets read it; for anyone
    /// else it does not exist.
    pub async fn review(&self, actor: &Actor, id: ReviewId) -> Result<ReviewRow> {
        let r = self.review_unchecked(id).await?;
        self.check_can_view_review(&r, actor.role).await?;
        Ok(r)
    }

    /// One review opinion, unchecked: the store's own write paths, which check the policy next.
    pub(crate) async fn review_unchecked(&self, id: ReviewId) -> Result<ReviewRow> {
        let r = sqlx::query(AssertSqlSafe(format!(
            "SELECT {REVIEW_COLS} FROM oversight_reviews r JOIN oversight_items i ON i.id = r.item_id
             JOIN organisations b ON b.id = r.body_org_id WHERE r.id = $1"
        )))
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("该审议意见"))?;
        review_from(&r)
    }

    /// Whether `role` may read the review opinion ([`Store::review`]'s test).
    pub async fn check_can_view_review(&self, v: &ReviewRow, role: Role) -> Result<()> {
        let mut r = self.reader(role).await?;
        if self.sees_review(&mut r, v).await? { Ok(()) } else { Err(StoreError::NotFound("该审议意见")) }
    }

    /// The commands this user may give on a review now (the page's buttons).
    pub fn review_commands(&self, r: &ReviewRow, role: Role) -> Vec<CommandKind> {
        CommandKind::ALL
            .into_iter()
            .filter(|k| review::standing_of(role, r.congress, *k).is_ok_and(|a| review::check(&r.facts, a, *k).is_ok()))
            .collect()
    }

    /// One step of a review opinion: the policy, then the core's transition with the congress's
    /// setting, then the new facts and texts with one audit entry. `report` is the handling
    /// report's text (required with `SubmitReport`).
    pub async fn act_on_review(
        &self,
        actor: &Actor,
        id: ReviewId,
        cmd: &Command,
        report: Option<&str>,
        today: Date,
    ) -> Result<ReviewRow> {
        let r = self.review_unchecked(id).await?;
        let units: Vec<OrgId> = if r.facts.state.is_sent() { vec![r.facts.body] } else { Vec::new() };
        self.check_oversight(actor.role, Action::Edit, r.congress, &units, false).await?;
        let who = review::standing_of(actor.role, r.congress, cmd.kind())?;
        let cx = Context { today, settings: self.review_settings(r.congress).await? };
        let review::Outcome { facts: next, texts } = review::transition(&r.facts, who, cmd, report, &cx)?;
        let mut w = self.begin_write(Chain::Congress(r.congress), actor.user).await?;
        sqlx::query(
            "UPDATE oversight_reviews SET state = $2, facts = $3, due_on = $4, report_text = COALESCE($5, report_text),
                committee_comment = COALESCE($6, committee_comment), follow_up_reason = COALESCE($7, follow_up_reason),
                updated_at = $8 WHERE id = $1",
        )
        .bind(id.0)
        .bind(next.state.code())
        .bind(serde_json::to_string(&next).map_err(json_err)?)
        .bind(next.due_on.map(|d| d.to_string()))
        .bind(texts.report.as_deref())
        .bind(texts.comment.as_deref())
        .bind(texts.follow_up_reason.as_deref())
        .bind(self.now_text())
        .execute(w.conn())
        .await?;
        let change = ReviewChange { facts: next, command: cmd.clone() };
        let event = Event::Review { id, change: Box::new(change.clone()) };
        w.record_event(&event, Some(&serde_json::json!({ "facts": r.facts })), Some(&change)).await?;
        w.commit().await?;
        self.review_unchecked(id).await
    }

    /// The review opinions `actor` may read within `f`, oldest due first: exactly those
    /// [`Store::review`] opens for them.
    pub async fn list_reviews(&self, actor: &Actor, f: &ReviewFilter) -> Result<Vec<ReviewRow>> {
        let mut wh = vec!["1 = 1".to_owned()];
        if let Some(b) = f.body {
            wh.push(format!("r.body_org_id = {}", b.0));
        }
        if !f.congresses.is_empty() {
            wh.push(format!("r.congress_id IN ({})", ints(&f.congresses)));
        }
        if let Some(i) = f.item {
            wh.push(format!("r.item_id = {}", i.0));
        }
        if f.sent_only || f.published_only || !may_see_unpublished(actor.role) {
            wh.push(format!("r.state NOT IN ('{}', '{}')", ReviewState::Drafted.code(), ReviewState::Approved.code()));
        }
        let mut binds = Vec::new();
        if let Some(d) = f.overdue_on {
            wh.push(format!("r.state = '{}' AND r.due_on < $1", ReviewState::Sent.code()));
            binds.push(d.to_string());
        }
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {REVIEW_COLS} FROM oversight_reviews r JOIN oversight_items i ON i.id = r.item_id
             JOIN organisations b ON b.id = r.body_org_id WHERE {} ORDER BY r.due_on IS NULL, r.due_on, r.id",
            wh.join(" AND ")
        )));
        let rows = match binds.first() {
            Some(b) => rows.bind(b.clone()),
            None => rows,
        }
        .fetch_all(self.pool())
        .await?;
        let mut reader = self.reader(actor.role).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let r = review_from(row)?;
            if (!f.published_only || r.facts.published) && self.sees_review(&mut reader, &r).await? {
                out.push(r);
            }
        }
        Ok(out)
    }
}

/// The notification consumer's part for review opinions: the body's unit users hear that an
/// opinion was sent to them (or follow-up ordered) and when their report is due.
pub(crate) async fn notify_review_sent(
    conn: &mut sqlx::AnyConnection,
    now: &str,
    audit_id: i64,
    id: ReviewId,
) -> Result<usize> {
    let Some(r) = sqlx::query(
        "SELECT r.body_org_id, r.due_on, i.title FROM oversight_reviews r JOIN oversight_items i ON i.id = r.item_id WHERE r.id = $1",
    )
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(0);
    };
    let body: i64 = r.try_get(0)?;
    let due: Option<String> = r.try_get(1)?;
    let title: String = r.try_get(2)?;
    let users: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE active = 1 AND role = 'unit' AND scope_org_id = $1")
            .bind(body)
            .fetch_all(&mut *conn)
            .await?;
    let text = format!(
        "人大常委会就“{title}”提出的审议意见已交贵单位研究处理，请于{}前报送研究处理情况。",
        due.unwrap_or_default()
    );
    let mut made = 0;
    for u in users {
        made += sqlx::query(
            "INSERT INTO notifications (user_id, kind, suggestion_id, text, source, created_at)
             VALUES ($1, 'review_sent', NULL, $2, $3, $4) ON CONFLICT (user_id, source) DO NOTHING",
        )
        .bind(u)
        .bind(&text)
        .bind(format!("audit:{audit_id}"))
        .bind(now)
        .execute(&mut *conn)
        .await?
        .rows_affected() as usize;
    }
    Ok(made)
}
