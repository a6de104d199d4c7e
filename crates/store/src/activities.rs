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
//! Every change is one `WriteTx` on the owning congress's chain with its audit entry. This file
//! holds the activity and its report; `invite.rs` the invitations; `roll.rs` the participation commands, the
//! archive items they earn and the QR check-in.

use crate::Page;
use crate::audit::Chain;
use crate::files::Upload;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::DateTime;
use renda_core::ErrorCode;
use renda_core::ValidationError;
use renda_core::archive::activity::{ActivityKind, Attendance, MediationOutcome, Phase};
pub use renda_core::ids::ActivityId;
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::OrgKind;
use renda_core::policy::{Action, Resource, Role, Target, decide};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

mod invite;
mod roll;

/// The record of a 社会矛盾化解 case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Mediation {
    pub parties: String,
    pub issue: String,
    pub steps: String,
    pub outcome: Option<MediationOutcome>,
}

/// An activity as the form gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewActivity {
    pub kind: ActivityKind,
    pub title: String,
    pub place: String,
    /// Who organises it, as people say it (市人大常委会办公室).
    pub organiser: String,
    /// Beijing civil times.
    pub starts_at: DateTime,
    pub ends_at: DateTime,
    pub description: String,
    /// The liaison station of a 联络站接待 or a mediation case.
    pub station: Option<OrgId>,
    /// Only for 社会矛盾化解.
    pub mediation: Option<Mediation>,
}

impl NewActivity {
    fn check(&self) -> Result<()> {
        let bad = |f: &str, m: &str| Err(StoreError::from(ValidationError::new(f, m)));
        for (field, text, label, limit) in [
            ("title", &self.title, "活动名称", 200),
            ("place", &self.place, "地点", 200),
            ("organiser", &self.organiser, "组织单位", 100),
        ] {
            if text.trim().is_empty() {
                return bad(field, &format!("请填写{label}"));
            }
            if text.chars().count() > limit {
                return bad(field, &format!("{label}不能超过{limit}个字"));
            }
        }
        if self.description.chars().count() > 4000 {
            return bad("description", "活动内容不能超过4000个字");
        }
        if self.ends_at < self.starts_at {
            return bad("ends_at", "结束时间不能早于开始时间");
        }
        if self.mediation.is_some() && self.kind != ActivityKind::Mediation {
            return bad("kind", "只有“社会矛盾化解”活动才登记调解情况");
        }
        if let Some(m) = &self.mediation {
            for (field, text, label) in
                [("parties", &m.parties, "当事人"), ("issue", &m.issue, "矛盾纠纷"), ("steps", &m.steps, "化解过程")]
            {
                if text.chars().count() > 2000 {
                    return bad(field, &format!("{label}不能超过2000个字"));
                }
            }
        }
        Ok(())
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

    fn source_of(&self, person: PersonId) -> String {
        format!("activity:{}:{}", self.id.0, person.0)
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

/// Which activities a staff list holds.
#[derive(Clone, Debug, Default)]
pub struct ActivityFilter {
    /// Activities of these congresses, or held jointly with them.
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

fn cancelled() -> StoreError {
    StoreError::refused(ErrorCode::ActivityCancelled, "该活动已取消，不能再办理。".into())
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

    /// The roll of an activity, by name.
    pub async fn activity_roll(&self, id: ActivityId) -> Result<Vec<RollRow>> {
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
    /// everyone once its report is published may read it; for anyone else it does not exist.
    async fn check_can_view_activity(&self, a: &ActivityRow, role: Role) -> Result<()> {
        let persons: Vec<PersonId> = match role {
            Role::Deputy { person } if self.participant(a.id, person).await?.is_some() => vec![person],
            _ => Vec::new(),
        };
        for c in a.congresses() {
            let path = self.congress_path(c).await?;
            let target = Target { congress_path: &path, persons: &persons, public: a.report_published, units: &[] };
            if decide(role, Action::View, Resource::Activity, &target).is_ok() {
                return Ok(());
            }
        }
        Err(StoreError::NotFound("该活动"))
    }

    /// Whether `actor` organises the activity: staff of its owning congress.
    pub async fn check_organiser(&self, actor: &Actor, a: &ActivityRow) -> Result<()> {
        let path = self.congress_path(a.congress).await?;
        decide(actor.role, Action::Edit, Resource::Activity, &Target { congress_path: &path, ..Target::default() })?;
        Ok(())
    }

    /// One activity, for its organiser (staff of its owning congress) only: refused for anyone
    /// else, as [`Store::check_organiser`] refuses.
    pub async fn organised_activity(&self, actor: &Actor, id: ActivityId) -> Result<ActivityRow> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        Ok(a)
    }

    /// A page of activities of the filter's congresses (owned or joint), latest first.
    pub async fn list_activities(&self, f: &ActivityFilter) -> Result<Page<ActivityRow>> {
        let ints = f.congresses.iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(",");
        let mut wh = vec![if ints.is_empty() {
            "1 = 0".to_owned()
        } else {
            format!("a.id IN (SELECT activity_id FROM activity_congresses WHERE congress_id IN ({ints}))")
        }];
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

    /// A deputy's activities (我的活动) with their standing, latest first.
    pub async fn activities_of_person(&self, person: PersonId, limit: i64) -> Result<Vec<(ActivityRow, Attendance)>> {
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

    /// The delegations (代表团/选区) of a congress's deputies in office, for the bulk invitation.
    pub async fn delegations(&self, congress: OrgId) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT delegation FROM deputyships WHERE congress_id = $1 AND end_date IS NULL ORDER BY delegation",
        )
        .bind(congress.0)
        .fetch_all(self.pool())
        .await?)
    }

    // ---- writing the activity ------------------------------------------------------------

    async fn check_station(&self, congress: OrgId, new: &NewActivity) -> Result<()> {
        if let Some(st) = new.station {
            let o = self.org(st).await?;
            if o.kind != OrgKind::LiaisonStation || o.parent != Some(congress) {
                return Err(ValidationError::new("station", "请选择本级人大的代表联络站").into());
            }
        }
        Ok(())
    }

    /// Creates an activity of `congress` (staff of that congress).
    pub async fn create_activity(&self, actor: &Actor, congress: OrgId, new: &NewActivity) -> Result<ActivityId> {
        let path = self.congress_path(congress).await?;
        if path.first() != Some(&congress) {
            return Err(ValidationError::new("congress", "活动只能属于某一级人大").into());
        }
        decide(actor.role, Action::Create, Resource::Activity, &Target { congress_path: &path, ..Target::default() })?;
        new.check()?;
        self.check_station(congress, new).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let now = self.now_text();
        let m = new.mediation.clone().unwrap_or_default();
        let med = new.mediation.is_some();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO activities (congress_id, kind, title, place, organiser, starts_at, ends_at, description,
                station_id, mediation_parties, mediation_issue, mediation_steps, mediation_outcome, created_by,
                created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
        )
        .bind(congress.0)
        .bind(new.kind.code())
        .bind(new.title.trim())
        .bind(new.place.trim())
        .bind(new.organiser.trim())
        .bind(new.starts_at.to_string())
        .bind(new.ends_at.to_string())
        .bind(new.description.trim())
        .bind(new.station.map(|s| s.0))
        .bind(med.then(|| m.parties.trim().to_owned()))
        .bind(med.then(|| m.issue.trim().to_owned()))
        .bind(med.then(|| m.steps.trim().to_owned()))
        .bind(m.outcome.map(|o| o.code()))
        .bind(actor.user.map(|u| u.0))
        .bind(&now)
        .fetch_one(w.conn())
        .await?;
        sqlx::query("INSERT INTO activity_congresses (activity_id, congress_id) VALUES ($1, $2)")
            .bind(id)
            .bind(congress.0)
            .execute(w.conn())
            .await?;
        w.record("activity.create", "activity", id, None::<&()>, Some(new)).await?;
        w.commit().await?;
        Ok(ActivityId(id))
    }

    /// Edits an activity (its organiser). Moving it to other days moves the archive items its
    /// roll earned with it.
    pub async fn update_activity(&self, actor: &Actor, id: ActivityId, new: &NewActivity) -> Result<()> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        if a.cancelled {
            return Err(cancelled());
        }
        new.check()?;
        self.check_station(a.congress, new).await?;
        let roll = self.activity_roll(id).await?;
        let mut w = self.begin_write(Chain::Congress(a.congress), actor.user).await?;
        let m = new.mediation.clone().unwrap_or_default();
        let med = new.mediation.is_some();
        sqlx::query(
            "UPDATE activities SET kind = $2, title = $3, place = $4, organiser = $5, starts_at = $6, ends_at = $7,
                description = $8, station_id = $9, mediation_parties = $10, mediation_issue = $11,
                mediation_steps = $12, mediation_outcome = $13, updated_at = $14 WHERE id = $1",
        )
        .bind(id.0)
        .bind(new.kind.code())
        .bind(new.title.trim())
        .bind(new.place.trim())
        .bind(new.organiser.trim())
        .bind(new.starts_at.to_string())
        .bind(new.ends_at.to_string())
        .bind(new.description.trim())
        .bind(new.station.map(|s| s.0))
        .bind(med.then(|| m.parties.trim().to_owned()))
        .bind(med.then(|| m.issue.trim().to_owned()))
        .bind(med.then(|| m.steps.trim().to_owned()))
        .bind(m.outcome.map(|o| o.code()))
        .bind(self.now_text())
        .execute(w.conn())
        .await?;
        let before = serde_json::json!({ "kind": a.kind, "title": a.title, "starts_at": a.starts_at,
            "ends_at": a.ends_at, "place": a.place });
        w.record("activity.update", "activity", id.0, Some(&before), Some(new)).await?;
        let moved = ActivityRow { kind: new.kind, starts_at: new.starts_at, ends_at: new.ends_at, ..a };
        for r in &roll {
            self.sync_item(&mut w, &moved, r.person, Some(r.attendance)).await?;
        }
        w.commit().await
    }

    /// Cancels an activity (its organiser): nothing on it counts any more, so the archive items
    /// its roll earned are removed.
    pub async fn cancel_activity(&self, actor: &Actor, id: ActivityId) -> Result<()> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        if a.cancelled {
            return Err(cancelled());
        }
        let roll = self.activity_roll(id).await?;
        let mut w = self.begin_write(Chain::Congress(a.congress), actor.user).await?;
        sqlx::query("UPDATE activities SET cancelled = 1, updated_at = $2 WHERE id = $1")
            .bind(id.0)
            .bind(self.now_text())
            .execute(w.conn())
            .await?;
        w.record("activity.cancel", "activity", id.0, None::<&()>, Some(&serde_json::json!({ "cancelled": true })))
            .await?;
        for r in &roll {
            self.sync_item(&mut w, &a, r.person, None).await?;
        }
        w.commit().await
    }

    /// Adds a congress that holds the activity jointly (跨县区联合活动): its staff and deputies
    /// see it, and its deputies may be invited.
    pub async fn add_joint_congress(&self, actor: &Actor, id: ActivityId, congress: OrgId) -> Result<()> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        if !self.org(congress).await?.kind.is_congress() {
            return Err(ValidationError::new("congress", "联合举办方须是某一级人大").into());
        }
        if a.congresses().contains(&congress) {
            return Err(StoreError::refused(ErrorCode::AlreadyHost, "该人大已是本活动的举办方。".into()));
        }
        let mut w = self.begin_write(Chain::Congress(a.congress), actor.user).await?;
        sqlx::query("INSERT INTO activity_congresses (activity_id, congress_id) VALUES ($1, $2)")
            .bind(id.0)
            .bind(congress.0)
            .execute(w.conn())
            .await?;
        w.record(
            "activity.add_congress",
            "activity",
            id.0,
            None::<&()>,
            Some(&serde_json::json!({ "congress": congress })),
        )
        .await?;
        w.commit().await
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
        if report.chars().count() > 20_000 {
            return Err(ValidationError::new("report", "活动报道不能超过20000个字").into());
        }
        if published && report.trim().is_empty() {
            return Err(ValidationError::new("report", "请先填写活动报道再发布").into());
        }
        let mut w = self.begin_write(Chain::Congress(a.congress), actor.user).await?;
        sqlx::query("UPDATE activities SET report = $2, report_published = $3, updated_at = $4 WHERE id = $1")
            .bind(id.0)
            .bind(Some(report.trim()).filter(|r| !r.is_empty()))
            .bind(i64::from(published))
            .bind(self.now_text())
            .execute(w.conn())
            .await?;
        let after = serde_json::json!({ "report_chars": report.trim().chars().count(), "published": published });
        w.record("activity.report", "activity", id.0, None::<&()>, Some(&after)).await?;
        w.commit().await
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
        if checked.is_empty() {
            return Err(ValidationError::new("files", "请选择要上传的照片").into());
        }
        for (u, c) in uploads.iter().zip(&checked) {
            let image = u.bytes.starts_with(b"\x89PNG\r\n\x1a\n") || u.bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
            if !image {
                return Err(
                    ValidationError::new("files", format!("“{}”不是照片：只接受 PNG、JPEG 图片", c.filename)).into()
                );
            }
        }
        if caption.chars().count() > 200 {
            return Err(ValidationError::new("caption", "照片说明不能超过200个字").into());
        }
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
            .bind(caption.trim())
            .execute(w.conn())
            .await?;
        }
        let names: Vec<_> =
            checked.iter().map(|f| serde_json::json!({ "name": f.filename, "sha256": f.hash })).collect();
        w.record("activity.photos", "activity", id.0, None::<&()>, Some(&serde_json::json!({ "files": names })))
            .await?;
        w.commit().await?;
        Ok(checked.len())
    }

    /// The activity's photos: (hash, caption).
    pub async fn activity_photos(&self, id: ActivityId) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as("SELECT hash, caption FROM activity_photos WHERE activity_id = $1 ORDER BY hash")
            .bind(id.0)
            .fetch_all(self.pool())
            .await?)
    }

    /// One photo: (type, bytes). The caller has checked the reader may see the activity.
    pub async fn activity_photo(&self, id: ActivityId, hash: &str) -> Result<(String, Vec<u8>)> {
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
