//! Activities deputies are invited to (视察, 调研, 执法检查, 听审案看执行, 联络站接待,
//! 社会矛盾化解 …), their roll, report and photos, and check-in by a signed QR code.
//!
//! - Staff of the owning congress create, edit and cancel an activity, add congresses that hold
//!   it jointly (each sees it), invite deputies (by name or a whole delegation / congress), tick
//!   the list, decide on leave, write the report and attach photos.
//! - A deputy signs up, asks for leave and checks in by scanning the organiser's QR code
//!   ([`Store::check_in_by_token`]); a deputy of the activity's congresses who turns up without
//!   an invitation is added and checked in.
//! - Every participation command goes through the core's `participate` in the activity's
//!   [`Phase`] at `now` (Beijing civil time). The archive item an attendance earns
//!   (`Attendance::item_kind`, source `activity:{id}:{person}`) is written, updated or removed
//!   in the same [`crate::WriteTx`] as the attendance, so the duty archive never counts an
//!   attendance that no longer holds.
//!
//! Every rule is the core's `renda_core::activity` (the form, who organises and reads one, when
//! it may change, invitations, the roll, the item a line earns): the store loads what it needs,
//! calls it and applies the effects it returns — the rows, then one audit entry with the core's
//! action, then the archive items — in one `WriteTx` on the owning congress's chain. This file
//! holds the activity and its report; `invite.rs` the invitations; `roll.rs` the participation
//! commands, the archive items they earn and the QR check-in.

use crate::Page;
use crate::audit::Chain;
use crate::files::Upload;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::DateTime;
use renda_core::activity::{self, ActivityError, Effect, StationFound, StationLookup};
pub use renda_core::activity::{Mediation, NewActivity};
use renda_core::archive::activity::{ActivityKind, Attendance, MediationOutcome, Phase};
pub use renda_core::ids::ActivityId;
use renda_core::ids::{OrgId, PersonId};
use renda_core::policy::{Action, Resource, Role, Target, decide};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

mod invite;
mod roll;

impl From<ActivityError> for StoreError {
    fn from(e: ActivityError) -> Self {
        match e {
            ActivityError::Invalid(v) => StoreError::Invalid(v),
            ActivityError::Denied(d) => StoreError::Denied(d),
            ActivityError::Refused(r) => StoreError::Refused(r),
            ActivityError::Scoring(s) => StoreError::Scoring(s),
            ActivityError::NotFound(what) => StoreError::NotFound(what),
        }
    }
}

/// An activity with what the pages show.
#[derive(Clone, Debug, Serialize)]
pub struct ActivityRow {
    pub id: ActivityId,
    pub congress: OrgId,
    pub congress_name: String,
    pub kind: ActivityKind,
    pub title: String,
    pub place: String,
    pub organiser: String,
    pub starts_at: DateTime,
    pub ends_at: DateTime,
    pub description: String,
    pub cancelled: bool,
    pub station: Option<OrgId>,
    pub station_name: Option<String>,
    pub mediation: Option<Mediation>,
    pub report: Option<String>,
    pub report_published: bool,
    pub created_at: jiff::Timestamp,
    /// The other congresses holding it jointly (filled by [`Store::activity`] only).
    pub joint: Vec<(OrgId, String)>,
}

impl ActivityRow {
    pub fn phase(&self, now: DateTime) -> Phase {
        Phase::at(now, self.starts_at, self.ends_at)
    }

    /// The owning congress, then the joint ones.
    pub fn congresses(&self) -> Vec<OrgId> {
        std::iter::once(self.congress).chain(self.joint.iter().map(|j| j.0)).collect()
    }

    /// What the core's rules know of it.
    pub fn facts(&self) -> activity::Facts {
        activity::Facts {
            id: self.id,
            kind: self.kind,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            cancelled: self.cancelled,
            congresses: self.congresses(),
        }
    }
}

/// One line of an activity's roll.
#[derive(Clone, Debug, Serialize)]
pub struct RollRow {
    pub person: PersonId,
    pub name: String,
    pub attendance: Attendance,
    pub leave_reason: Option<String>,
    pub decision_note: Option<String>,
    pub checked_in_at: Option<jiff::Timestamp>,
    /// `qr` or `list`.
    pub checkin_method: Option<String>,
}

/// Which activities a list holds, within what its reader may read.
#[derive(Clone, Debug, Default)]
pub struct ActivityFilter {
    /// Activities of these congresses, or held jointly with them (none: the reader's whole
    /// scope).
    pub congresses: Vec<OrgId>,
    pub year: Option<i16>,
    pub kind: Option<ActivityKind>,
    /// 0-based.
    pub page: i64,
    pub per_page: i64,
}

const COLUMNS: &str = "a.id, a.congress_id, c.name AS congress_name, a.kind, a.title, a.place, a.organiser, \
     a.starts_at, a.ends_at, a.description, a.cancelled, a.station_id, s.name AS station_name, a.mediation_parties, \
     a.mediation_issue, a.mediation_steps, a.mediation_outcome, a.report, a.report_published, a.created_at";
const FROM: &str = "FROM activities a JOIN organisations c ON c.id = a.congress_id \
     LEFT JOIN organisations s ON s.id = a.station_id";

fn internal(what: &str, v: &str) -> StoreError {
    StoreError::Internal(format!("activity: bad {what} {v:?}"))
}

fn civil(s: &str) -> Result<DateTime> {
    s.parse::<DateTime>().map_err(|_| internal("time", s))
}

fn row_from(r: &AnyRow) -> Result<ActivityRow> {
    let kind: String = r.try_get("kind")?;
    let outcome: Option<String> = r.try_get("mediation_outcome")?;
    let kind = ActivityKind::from_code(&kind).ok_or_else(|| internal("kind", &kind))?;
    let outcome =
        outcome.map(|o| MediationOutcome::from_code(&o).ok_or_else(|| internal("outcome", &o))).transpose()?;
    let parties: Option<String> = r.try_get("mediation_parties")?;
    let issue: Option<String> = r.try_get("mediation_issue")?;
    let steps: Option<String> = r.try_get("mediation_steps")?;
    let mediation = (kind == ActivityKind::Mediation).then(|| Mediation {
        parties: parties.unwrap_or_default(),
        issue: issue.unwrap_or_default(),
        steps: steps.unwrap_or_default(),
        outcome,
    });
    Ok(ActivityRow {
        id: ActivityId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        congress_name: r.try_get("congress_name")?,
        kind,
        title: r.try_get("title")?,
        place: r.try_get("place")?,
        organiser: r.try_get("organiser")?,
        starts_at: civil(&r.try_get::<String, _>("starts_at")?)?,
        ends_at: civil(&r.try_get::<String, _>("ends_at")?)?,
        description: r.try_get("description")?,
        cancelled: r.try_get::<i64, _>("cancelled")? != 0,
        station: r.try_get::<Option<i64>, _>("station_id")?.map(OrgId),
        station_name: r.try_get("station_name")?,
        mediation,
        report: r.try_get("report")?,
        report_published: r.try_get::<i64, _>("report_published")? != 0,
        created_at: crate::columns::instant(r, "created_at")?,
        joint: Vec::new(),
    })
}

fn roll_from(r: &AnyRow) -> Result<RollRow> {
    let code: String = r.try_get("attendance")?;
    Ok(RollRow {
        person: PersonId(r.try_get("person_id")?),
        name: r.try_get("name")?,
        attendance: Attendance::from_code(&code).ok_or_else(|| internal("attendance", &code))?,
        leave_reason: r.try_get("leave_reason")?,
        decision_note: r.try_get("decision_note")?,
        checked_in_at: crate::columns::opt_instant(r, "checked_in_at")?,
        checkin_method: r.try_get("checkin_method")?,
    })
}

/// The secret's name in `server_secrets`.
const CHECKIN_SECRET: &str = "activity_checkin";

impl Store {
    // ---- reading -------------------------------------------------------------------------

    /// One activity with its joint congresses, for staff of any of its congresses (or above
    /// one of them), an invited deputy, and everyone once its report is published; for anyone
    /// else it does not exist.
    pub async fn activity(&self, actor: &Actor, id: ActivityId) -> Result<ActivityRow> {
        let a = self.activity_unchecked(id).await?;
        self.check_can_view_activity(&a, actor.role).await?;
        Ok(a)
    }

    /// One activity, unchecked: the store's own write paths, which check the policy next.
    pub(crate) async fn activity_unchecked(&self, id: ActivityId) -> Result<ActivityRow> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} {FROM} WHERE a.id = $1")))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("该活动"))?;
        let mut a = row_from(&r)?;
        let joint: Vec<(i64, String)> = sqlx::query_as(
            "SELECT o.id, o.name FROM activity_congresses ac JOIN organisations o ON o.id = ac.congress_id
             WHERE ac.activity_id = $1 AND ac.congress_id <> $2 ORDER BY o.id",
        )
        .bind(id.0)
        .bind(a.congress.0)
        .fetch_all(self.pool())
        .await?;
        a.joint = joint.into_iter().map(|(i, n)| (OrgId(i), n)).collect();
        Ok(a)
    }

    /// The roll of an activity, by name, for who may read the activity.
    pub async fn activity_roll(&self, actor: &Actor, id: ActivityId) -> Result<Vec<RollRow>> {
        self.activity(actor, id).await?;
        self.roll_unchecked(id).await
    }

    /// The roll, unchecked: the store's own write paths, after their policy check.
    pub(crate) async fn roll_unchecked(&self, id: ActivityId) -> Result<Vec<RollRow>> {
        let rows = sqlx::query(
            "SELECT p.person_id, pe.name, p.attendance, p.leave_reason, p.decision_note, p.checked_in_at, p.checkin_method
             FROM activity_participants p JOIN persons pe ON pe.id = p.person_id
             WHERE p.activity_id = $1 ORDER BY pe.name, p.person_id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(roll_from).collect()
    }

    async fn participant(&self, id: ActivityId, person: PersonId) -> Result<Option<RollRow>> {
        let r = sqlx::query(
            "SELECT p.person_id, pe.name, p.attendance, p.leave_reason, p.decision_note, p.checked_in_at, p.checkin_method
             FROM activity_participants p JOIN persons pe ON pe.id = p.person_id
             WHERE p.activity_id = $1 AND p.person_id = $2",
        )
        .bind(id.0)
        .bind(person.0)
        .fetch_optional(self.pool())
        .await?;
        r.as_ref().map(roll_from).transpose()
    }

    /// Staff of any of the activity's congresses (or above one of them), an invited deputy, and
    /// everyone once its report is published may read it (the core's `activity::may_view`);
    /// for anyone else it does not exist.
    async fn check_can_view_activity(&self, a: &ActivityRow, role: Role) -> Result<()> {
        let on_roll = match role {
            Role::Deputy { person } => self.participant(a.id, person).await?.is_some(),
            _ => false,
        };
        let mut paths = Vec::new();
        for c in a.congresses() {
            paths.push(self.congress_path(c).await?);
        }
        if activity::may_view(role, &paths, on_roll, a.report_published) {
            Ok(())
        } else {
            Err(StoreError::NotFound("该活动"))
        }
    }

    /// Whether `actor` organises the activity: staff of its owning congress.
    pub async fn check_organiser(&self, actor: &Actor, a: &ActivityRow) -> Result<()> {
        let path = self.congress_path(a.congress).await?;
        activity::organises(actor.role, &path)?;
        Ok(())
    }

    /// One activity, for its organiser (staff of its owning congress) only: refused for anyone
    /// else, as [`Store::check_organiser`] refuses.
    pub async fn organised_activity(&self, actor: &Actor, id: ActivityId) -> Result<ActivityRow> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        Ok(a)
    }

    /// A page of the activities `actor` may read (what [`Store::activity`] opens), of the
    /// filter's congresses (owned or joint; none: all of them), latest first. The scope: every
    /// activity for the admin; for staff those of their congress and the congresses below; for
    /// a deputy those they are on the roll of; and for everyone those whose report is
    /// published.
    pub async fn list_activities(&self, actor: &Actor, f: &ActivityFilter) -> Result<Page<ActivityRow>> {
        let ints = |v: &[OrgId]| v.iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(",");
        let held_by = |v: &[OrgId]| {
            if v.is_empty() {
                "1 = 0".to_owned()
            } else {
                format!("a.id IN (SELECT activity_id FROM activity_congresses WHERE congress_id IN ({}))", ints(v))
            }
        };
        let scope = match actor.role {
            Role::Admin => "1 = 1".to_owned(),
            Role::Staff { .. } => {
                format!("({} OR a.report_published = 1)", held_by(&self.listable_congresses(actor).await?))
            }
            Role::Deputy { person } => format!(
                "(a.id IN (SELECT activity_id FROM activity_participants WHERE person_id = {}) OR a.report_published = 1)",
                person.0
            ),
            Role::Unit { .. } | Role::Public => "a.report_published = 1".to_owned(),
        };
        let mut wh = vec![scope];
        if !f.congresses.is_empty() {
            wh.push(held_by(&f.congresses));
        }
        if let Some(y) = f.year {
            wh.push(format!("a.starts_at >= '{y:04}-01-01' AND a.starts_at < '{:04}-01-01'", y + 1));
        }
        if let Some(k) = f.kind {
            wh.push(format!("a.kind = '{}'", k.code()));
        }
        let wh = wh.join(" AND ");
        let total: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM activities a WHERE {wh}")))
                .fetch_one(self.pool())
                .await?;
        let per_page = f.per_page.clamp(1, 200);
        let page = f.page.clamp(0, crate::MAX_PAGE);
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} {FROM} WHERE {wh} ORDER BY a.starts_at DESC, a.id DESC LIMIT {per_page} OFFSET {}",
            page * per_page
        )))
        .fetch_all(self.pool())
        .await?;
        Ok(Page { items: rows.iter().map(row_from).collect::<Result<_>>()?, total, page, per_page })
    }

    /// A deputy's activities (我的活动) with their standing, latest first: for the deputy (and
    /// the admin).
    pub async fn activities_of_person(
        &self,
        actor: &Actor,
        person: PersonId,
        limit: i64,
    ) -> Result<Vec<(ActivityRow, Attendance)>> {
        decide(actor.role, Action::View, Resource::Deputy, &Target { persons: &[person], ..Target::default() })?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS}, p.attendance {FROM} JOIN activity_participants p ON p.activity_id = a.id
             WHERE p.person_id = $1 ORDER BY a.starts_at DESC, a.id DESC LIMIT {}",
            limit.clamp(1, 500)
        )))
        .bind(person.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let code: String = r.try_get("attendance")?;
                Ok((row_from(r)?, Attendance::from_code(&code).ok_or_else(|| internal("attendance", &code))?))
            })
            .collect()
    }

    /// The delegations (代表团/选区) of a congress's deputies in office, for the bulk invitation:
    /// for those who keep the congress's roster.
    pub async fn delegations(&self, actor: &Actor, congress: OrgId) -> Result<Vec<String>> {
        let path = self.congress_path(congress).await?;
        decide(actor.role, Action::View, Resource::Deputy, &Target { congress_path: &path, ..Target::default() })?;
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT delegation FROM deputyships WHERE congress_id = $1 AND end_date IS NULL ORDER BY delegation",
        )
        .bind(congress.0)
        .fetch_all(self.pool())
        .await?)
    }

    // ---- writing the activity ------------------------------------------------------------

    /// The liaison station the form names, as looked up (the core refuses a missing one in
    /// its turn among the form's checks).
    async fn station_of(&self, new: &NewActivity) -> Result<StationLookup> {
        let Some(st) = new.station else { return Ok(None) };
        Ok(Some(match self.org(st).await {
            Ok(o) => Ok(StationFound { kind: o.kind, parent: o.parent }),
            Err(StoreError::NotFound(what)) => Err(what),
            Err(e) => return Err(e),
        }))
    }

    /// Creates an activity of `congress` (staff of that congress).
    pub async fn create_activity(&self, actor: &Actor, congress: OrgId, new: &NewActivity) -> Result<ActivityId> {
        let path = self.congress_path(congress).await?;
        let station = self.station_of(new).await?;
        let outcome = activity::create(actor.role, congress, &path, new, station)?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let mut id = 0;
        for effect in &outcome.effects {
            if let Effect::Insert { congress, form } = effect {
                id = insert_activity(&mut w, *congress, form).await?;
            }
        }
        w.record(outcome.action, "activity", id, None::<&()>, Some(new)).await?;
        w.commit().await?;
        Ok(ActivityId(id))
    }

    /// Edits an activity (its organiser). Moving it to other days moves the archive items its
    /// roll earned with it.
    pub async fn update_activity(&self, actor: &Actor, id: ActivityId, new: &NewActivity) -> Result<()> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        let station = self.station_of(new).await?;
        let outcome = activity::edit(&a.facts(), new, station)?;
        let before = serde_json::json!({ "kind": a.kind, "title": a.title, "starts_at": a.starts_at,
            "ends_at": a.ends_at, "place": a.place });
        let moved = ActivityRow { kind: new.kind, starts_at: new.starts_at, ends_at: new.ends_at, ..a.clone() };
        self.apply_activity(actor, &a, &moved, &outcome, Some(&before), Some(new)).await
    }

    /// Cancels an activity (its organiser): nothing on it counts any more, so the archive items
    /// its roll earned are removed.
    pub async fn cancel_activity(&self, actor: &Actor, id: ActivityId) -> Result<()> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        let outcome = activity::cancel(&a.facts())?;
        let after = serde_json::json!({ "cancelled": true });
        let gone = ActivityRow { cancelled: true, ..a.clone() };
        self.apply_activity(actor, &a, &gone, &outcome, None::<&()>, Some(&after)).await
    }

    /// Writes `outcome` on the activity `a` in one transaction: its rows, its audit entry
    /// (`before`, `after`), then the archive items of its roll as `now` (the activity as it
    /// stands after) earns them, when the outcome says so.
    async fn apply_activity<B: Serialize, A: Serialize>(
        &self,
        actor: &Actor,
        a: &ActivityRow,
        now: &ActivityRow,
        outcome: &activity::Outcome,
        before: Option<&B>,
        after: Option<&A>,
    ) -> Result<()> {
        let roll =
            if outcome.effects.contains(&Effect::Recredit) { self.roll_unchecked(a.id).await? } else { Vec::new() };
        let mut w = self.begin_write(Chain::Congress(a.congress), actor.user).await?;
        let at = w.at().to_owned();
        for effect in &outcome.effects {
            match effect {
                Effect::SetDetails(form) => update_activity_row(&mut w, a.id, form, &at).await?,
                Effect::Cancel => {
                    sqlx::query("UPDATE activities SET cancelled = 1, updated_at = $2 WHERE id = $1")
                        .bind(a.id.0)
                        .bind(&at)
                        .execute(w.conn())
                        .await?;
                }
                Effect::AddCongress(c) => {
                    sqlx::query("INSERT INTO activity_congresses (activity_id, congress_id) VALUES ($1, $2)")
                        .bind(a.id.0)
                        .bind(c.0)
                        .execute(w.conn())
                        .await?;
                }
                Effect::SetReport { text, published } => {
                    sqlx::query(
                        "UPDATE activities SET report = $2, report_published = $3, updated_at = $4 WHERE id = $1",
                    )
                    .bind(a.id.0)
                    .bind(text.as_deref())
                    .bind(i64::from(*published))
                    .bind(&at)
                    .execute(w.conn())
                    .await?;
                }
                Effect::Recredit
                | Effect::Insert { .. }
                | Effect::AttachPhotos { .. }
                | Effect::Invite(_)
                | Effect::Attend(_) => {}
            }
        }
        w.record(outcome.action, "activity", a.id.0, before, after).await?;
        if outcome.effects.contains(&Effect::Recredit) {
            let state = |r: &RollRow| (!now.cancelled).then_some(r.attendance);
            for r in &roll {
                self.sync_item(&mut w, now, r.person, state(r)).await?;
            }
        }
        w.commit().await
    }

    /// Adds a congress that holds the activity jointly (跨县区联合活动): its staff and deputies
    /// see it, and its deputies may be invited.
    pub async fn add_joint_congress(&self, actor: &Actor, id: ActivityId, congress: OrgId) -> Result<()> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        let outcome = activity::join(&a.facts(), congress, self.org(congress).await?.kind.is_congress())?;
        let after = serde_json::json!({ "congress": congress });
        self.apply_activity(actor, &a, &a, &outcome, None::<&()>, Some(&after)).await
    }

    /// Writes the report (活动报道/总结) and whether it is published.
    pub async fn set_activity_report(
        &self,
        actor: &Actor,
        id: ActivityId,
        report: &str,
        published: bool,
    ) -> Result<()> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        let outcome = activity::report(report, published)?;
        let after = serde_json::json!({ "report_chars": report.trim().chars().count(), "published": published });
        self.apply_activity(actor, &a, &a, &outcome, None::<&()>, Some(&after)).await
    }

    /// Attaches photos (PNG or JPEG) to the activity's report.
    pub async fn attach_activity_photos(
        &self,
        actor: &Actor,
        id: ActivityId,
        uploads: &[Upload],
        caption: &str,
    ) -> Result<usize> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        let checked = uploads.iter().map(Upload::check).collect::<Result<Vec<_>>>()?;
        let files: Vec<(&str, &[u8])> =
            uploads.iter().zip(&checked).map(|(u, c)| (c.filename.as_str(), u.bytes.as_slice())).collect();
        let outcome = activity::attach_photos(&files, caption)?;
        let caption = outcome.effects.iter().find_map(|e| match e {
            Effect::AttachPhotos { caption } => Some(caption.as_str()),
            _ => None,
        });
        let mut w = self.begin_write(Chain::Congress(a.congress), actor.user).await?;
        let now = self.now_text();
        for f in &checked {
            f.save(w.conn(), &now).await?;
            sqlx::query(
                "INSERT INTO activity_photos (activity_id, hash, caption) VALUES ($1, $2, $3)
                 ON CONFLICT (activity_id, hash) DO UPDATE SET caption = EXCLUDED.caption",
            )
            .bind(id.0)
            .bind(&f.hash)
            .bind(caption.unwrap_or_default())
            .execute(w.conn())
            .await?;
        }
        let names: Vec<_> =
            checked.iter().map(|f| serde_json::json!({ "name": f.filename, "sha256": f.hash })).collect();
        w.record(outcome.action, "activity", id.0, None::<&()>, Some(&serde_json::json!({ "files": names }))).await?;
        w.commit().await?;
        Ok(checked.len())
    }

    /// The activity's photos: (hash, caption), for who may read the activity.
    pub async fn activity_photos(&self, actor: &Actor, id: ActivityId) -> Result<Vec<(String, String)>> {
        self.activity(actor, id).await?;
        Ok(sqlx::query_as("SELECT hash, caption FROM activity_photos WHERE activity_id = $1 ORDER BY hash")
            .bind(id.0)
            .fetch_all(self.pool())
            .await?)
    }

    /// One photo: (type, bytes), for who may read the activity.
    pub async fn activity_photo(&self, actor: &Actor, id: ActivityId, hash: &str) -> Result<(String, Vec<u8>)> {
        self.activity(actor, id).await?;
        let row: Option<(String, Vec<u8>)> = sqlx::query_as(
            "SELECT f.mime, f.data FROM activity_photos p JOIN files f ON f.hash = p.hash
             WHERE p.activity_id = $1 AND p.hash = $2",
        )
        .bind(id.0)
        .bind(hash)
        .fetch_optional(self.pool())
        .await?;
        row.ok_or(StoreError::NotFound("该照片"))
    }
}

/// The columns of a checked form, in the order both writes bind them from `$2`.
fn bind_form<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    form: &NewActivity,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    let m = form.mediation.as_ref();
    q.bind(form.kind.code())
        .bind(form.title.as_str())
        .bind(form.place.as_str())
        .bind(form.organiser.as_str())
        .bind(form.starts_at.to_string())
        .bind(form.ends_at.to_string())
        .bind(form.description.as_str())
        .bind(form.station.map(|s| s.0))
        .bind(m.map(|m| m.parties.clone()))
        .bind(m.map(|m| m.issue.clone()))
        .bind(m.map(|m| m.steps.clone()))
        .bind(m.and_then(|m| m.outcome).map(|o| o.code()))
}

/// A new activity of `congress` from a checked form, held by its owner. Returns its id.
async fn insert_activity(w: &mut crate::WriteTx, congress: OrgId, form: &NewActivity) -> Result<i64> {
    let at = w.at().to_owned();
    let user = w.actor().map(|u| u.0);
    let q = sqlx::query(
        "INSERT INTO activities (congress_id, kind, title, place, organiser, starts_at, ends_at, description,
            station_id, mediation_parties, mediation_issue, mediation_steps, mediation_outcome, created_by,
            created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
    )
    .bind(congress.0);
    let id: i64 = bind_form(q, form).bind(user).bind(&at).fetch_one(w.conn()).await?.try_get(0)?;
    sqlx::query("INSERT INTO activity_congresses (activity_id, congress_id) VALUES ($1, $2)")
        .bind(id)
        .bind(congress.0)
        .execute(w.conn())
        .await?;
    Ok(id)
}

/// The activity's details from a checked form.
async fn update_activity_row(w: &mut crate::WriteTx, id: ActivityId, form: &NewActivity, at: &str) -> Result<()> {
    let q = sqlx::query(
        "UPDATE activities SET kind = $2, title = $3, place = $4, organiser = $5, starts_at = $6, ends_at = $7,
            description = $8, station_id = $9, mediation_parties = $10, mediation_issue = $11,
            mediation_steps = $12, mediation_outcome = $13, updated_at = $14 WHERE id = $1",
    )
    .bind(id.0);
    bind_form(q, form).bind(at).execute(w.conn()).await?;
    Ok(())
}
