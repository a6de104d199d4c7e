//! Liaison stations in detail (代表联络站/代表之家): the public profile, the deputies attached to
//! a station (各级代表进站), reception days posted ahead with their receiving deputies, and what
//! a station publishes of the opinions it received.
//!
//! - [`Store::set_station_profile`], [`Store::attach_station_deputy`] and
//!   [`Store::detach_station_deputy`] are staff's edits of the station (`Resource::Organisation`
//!   at the station's congress), each one [`crate::WriteTx`] with its audit entry.
//! - [`Store::schedule_reception`] posts a reception after the core's
//!   [`check_publication`] (a congress's notice, 3 days by default, a setting kept in
//!   `liaison_settings`); only deputies attached to the station receive there.
//!   [`Store::cancel_reception`] takes a reason; [`Store::hold_reception`] records that it took
//!   place, with how many citizens came, and in the same transaction puts a 联络站接待 item
//!   (`reception:{id}:{person}`) in each receiving deputy's duty archive.
//! - [`Store::upcoming_receptions`] is the portal's list, [`Store::station_info`] and
//!   [`Store::published_opinions`] are a station's public page: opinions shown only when the
//!   citizen agreed, redacted by the core's [`for_publication`].

use crate::archive::{PlatformItem, Terms, write_platform_items};
use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::{Date, Time};
use renda_core::archive::ItemKind;
pub use renda_core::ids::ReceptionId;
use renda_core::ids::{OrgId, PersonId};
use renda_core::liaison::form::{PublicOpinion, for_publication};
use renda_core::liaison::opinion::{Channel, OpinionState};
use renda_core::liaison::reception::{
    Reception, ReceptionSettings, ReceptionStatus, check_cancel, check_hold, check_opinion_heard, check_publication,
    check_receiving_deputies,
};
use renda_core::liaison::station::{StationProfile, check_posting, check_topic};
use renda_core::org::OrgKind;
use renda_core::policy::{Action, Resource, Target, decide};
use renda_core::value::Phone;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

/// The longest list of receptions or published opinions one call returns.
pub const LIST_MAX: i64 = 200;

/// A deputy attached to a station.
#[derive(Clone, Debug, Serialize)]
pub struct StationDeputy {
    pub person: PersonId,
    pub name: String,
    /// The congresses they sit in, e.g. 示范市人大、东城区人大.
    pub congresses: String,
    pub since: String,
}

/// A station with what its public page shows.
#[derive(Clone, Debug, Serialize)]
pub struct StationInfo {
    pub id: OrgId,
    pub name: String,
    pub congress: OrgId,
    pub congress_name: String,
    /// `None` until staff fill it in.
    pub profile: Option<StationProfile>,
    pub deputies: Vec<StationDeputy>,
}

/// A reception as posted.
#[derive(Clone, Debug, Serialize)]
pub struct ReceptionRow {
    pub id: ReceptionId,
    pub congress: OrgId,
    pub station: OrgId,
    pub station_name: String,
    pub on: Date,
    pub starts: Time,
    pub ends: Time,
    pub topic: String,
    pub published_on: Date,
    pub held_at: Option<jiff::Timestamp>,
    pub visitors: Option<i64>,
    pub cancelled_at: Option<jiff::Timestamp>,
    pub cancel_reason: Option<String>,
    /// Opinions staff recorded at it.
    pub opinions: i64,
    /// The receiving deputies, by name order.
    pub deputies: Vec<(PersonId, String)>,
}

impl ReceptionRow {
    /// 待接待 / 已接待 / 已取消.
    pub fn status(&self) -> ReceptionStatus {
        ReceptionStatus::of(self.cancelled_at.is_some(), self.held_at.is_some())
    }

    pub fn status_label(&self) -> &'static str {
        self.status().label()
    }

    /// "9:00—11:30".
    pub fn hours(&self) -> String {
        format!("{}:{:02}—{}:{:02}", self.starts.hour(), self.starts.minute(), self.ends.hour(), self.ends.minute())
    }

    pub fn deputy_names(&self) -> String {
        self.deputies.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join("、")
    }
}

/// An opinion as a station's public page shows it.
#[derive(Clone, Debug, Serialize)]
pub struct PublicOpinionRow {
    pub title: Option<String>,
    pub content: String,
    pub state: &'static str,
    pub answer: Option<String>,
    pub received_on: jiff::civil::Date,
}

/// A reception as a form gives it.
#[derive(Clone, Debug)]
pub struct NewReception {
    pub on: Date,
    pub starts: Time,
    pub ends: Time,
    pub topic: String,
    pub deputies: Vec<PersonId>,
}

fn parse_err(what: &str) -> StoreError {
    StoreError::Internal(format!("stations: bad stored {what}"))
}

const RECEPTION_COLUMNS: &str = "r.id, r.congress_id, r.station_id, s.name AS station_name, r.on_date, r.starts, r.ends, r.topic, \
     r.published_on, r.held_at, r.visitors, r.cancelled_at, r.cancel_reason, \
     (SELECT COUNT(*) FROM opinions o WHERE o.reception_id = r.id) AS opinions";

fn reception_from(r: &AnyRow) -> Result<ReceptionRow> {
    let d = |c: &str| -> Result<Date> { r.try_get::<String, _>(c)?.parse().map_err(|_| parse_err(c)) };
    let t = |c: &str| -> Result<Time> { r.try_get::<String, _>(c)?.parse().map_err(|_| parse_err(c)) };
    Ok(ReceptionRow {
        id: ReceptionId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        station: OrgId(r.try_get("station_id")?),
        station_name: r.try_get("station_name")?,
        on: d("on_date")?,
        starts: t("starts")?,
        ends: t("ends")?,
        topic: r.try_get("topic")?,
        published_on: d("published_on")?,
        held_at: crate::columns::opt_instant(r, "held_at")?,
        visitors: r.try_get("visitors")?,
        cancelled_at: crate::columns::opt_instant(r, "cancelled_at")?,
        cancel_reason: r.try_get("cancel_reason")?,
        opinions: r.try_get("opinions")?,
        deputies: Vec::new(),
    })
}

impl Store {
    /// The station `id` and its congress, or not found when `id` is not a station.
    async fn station_and_congress(&self, id: OrgId) -> Result<(renda_core::org::Organisation, OrgId)> {
        let org = self.org(id).await?;
        if org.kind != OrgKind::LiaisonStation {
            return Err(StoreError::NotFound("该联络站"));
        }
        let congress = org.parent.ok_or(StoreError::NotFound("该联络站"))?;
        Ok((org, congress))
    }

    /// Staff of the station's congress may edit it.
    async fn check_station_edit(&self, actor: &Actor, congress: OrgId) -> Result<Vec<OrgId>> {
        let path = self.congress_path(congress).await?;
        decide(
            actor.role,
            Action::Edit,
            Resource::Organisation,
            &Target { congress_path: &path, ..Target::default() },
        )?;
        Ok(path)
    }

    /// A station's public page: its profile and attached deputies.
    pub async fn station_info(&self, id: OrgId) -> Result<StationInfo> {
        let (org, congress) = self.station_and_congress(id).await?;
        let congress_name = self.org(congress).await?.name;
        let profile = sqlx::query(
            "SELECT address, opening_hours, reception_days, phone, intro FROM station_profiles WHERE station_id = $1",
        )
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?
        .map(|r| -> Result<StationProfile> {
            let phone: Option<String> = r.try_get("phone")?;
            Ok(StationProfile {
                address: r.try_get("address")?,
                opening_hours: r.try_get("opening_hours")?,
                reception_days: r.try_get("reception_days")?,
                phone: phone.as_deref().map(Phone::parse).transpose().map_err(|_| parse_err("phone"))?,
                intro: r.try_get("intro")?,
            })
        })
        .transpose()?;
        let rows = sqlx::query(
            "SELECT sd.person_id, p.name, sd.since FROM station_deputies sd JOIN persons p ON p.id = sd.person_id
             WHERE sd.station_id = $1 ORDER BY p.name, p.id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        let mut deputies = Vec::with_capacity(rows.len());
        for r in rows {
            let person = PersonId(r.try_get("person_id")?);
            deputies.push(StationDeputy {
                person,
                name: r.try_get("name")?,
                congresses: self.current_congress_names(person).await?.join("、"),
                since: r.try_get("since")?,
            });
        }
        Ok(StationInfo {
            id,
            name: org.name.to_string(),
            congress,
            congress_name: congress_name.to_string(),
            profile,
            deputies,
        })
    }

    /// The names of the congresses a person currently sits in, highest level first.
    async fn current_congress_names(&self, person: PersonId) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT DISTINCT o.name, o.kind FROM deputyships d JOIN organisations o ON o.id = d.congress_id
             WHERE d.person_id = $1 AND d.end_date IS NULL ORDER BY o.kind DESC, o.name",
        )
        .bind(person.0)
        .fetch_all(self.pool())
        .await
        .or_else(|_| Ok::<_, sqlx::Error>(Vec::new()))?;
        Ok(rows.into_iter().map(|(n,)| n).collect())
    }

    /// Staff fill in or correct a station's profile.
    pub async fn set_station_profile(&self, actor: &Actor, id: OrgId, p: &StationProfile) -> Result<()> {
        let (_, congress) = self.station_and_congress(id).await?;
        self.check_station_edit(actor, congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let before: Option<(String, String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT address, opening_hours, reception_days, phone, intro FROM station_profiles WHERE station_id = $1",
        )
        .bind(id.0)
        .fetch_optional(w.conn())
        .await?;
        let phone = p.phone.as_ref().map(|p| p.to_string());
        let now = self.now_text();
        if before.is_some() {
            sqlx::query(
                "UPDATE station_profiles SET address = $2, opening_hours = $3, reception_days = $4, phone = $5, intro = $6,
                    updated_at = $7 WHERE station_id = $1",
            )
        } else {
            sqlx::query(
                "INSERT INTO station_profiles (station_id, address, opening_hours, reception_days, phone, intro, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
        }
        .bind(id.0)
        .bind(&p.address)
        .bind(&p.opening_hours)
        .bind(&p.reception_days)
        .bind(phone.as_deref())
        .bind(&p.intro)
        .bind(&now)
        .execute(w.conn())
        .await?;
        let before = before.map(|b| serde_json::json!({"address": b.0, "opening_hours": b.1, "reception_days": b.2, "phone": b.3, "intro": b.4}));
        w.record("station.profile", "organisation", id.0, before.as_ref(), Some(p)).await?;
        w.commit().await
    }

    /// Attaches a deputy to a station: someone currently sitting in the station's congress or
    /// a congress above it (deputies of every level enter the stations where they live).
    pub async fn attach_station_deputy(&self, actor: &Actor, id: OrgId, person: PersonId, today: Date) -> Result<()> {
        let (_, congress) = self.station_and_congress(id).await?;
        let path = self.check_station_edit(actor, congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let congresses: Vec<(i64,)> =
            sqlx::query_as("SELECT congress_id FROM deputyships WHERE person_id = $1 AND end_date IS NULL")
                .bind(person.0)
                .fetch_all(w.conn())
                .await?;
        let taken: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM station_deputies WHERE station_id = $1 AND person_id = $2")
                .bind(id.0)
                .bind(person.0)
                .fetch_one(w.conn())
                .await?;
        check_posting(congresses.iter().any(|(c,)| path.contains(&OrgId(*c))), taken > 0)?;
        sqlx::query("INSERT INTO station_deputies (station_id, person_id, since) VALUES ($1, $2, $3)")
            .bind(id.0)
            .bind(person.0)
            .bind(today.to_string())
            .execute(w.conn())
            .await?;
        let after = serde_json::json!({ "person": person, "since": today });
        w.record("station.attach_deputy", "organisation", id.0, None::<&()>, Some(&after)).await?;
        w.commit().await
    }

    /// Detaches a deputy from a station. Receptions already posted keep their deputies.
    pub async fn detach_station_deputy(&self, actor: &Actor, id: OrgId, person: PersonId) -> Result<()> {
        let (_, congress) = self.station_and_congress(id).await?;
        self.check_station_edit(actor, congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let n = sqlx::query("DELETE FROM station_deputies WHERE station_id = $1 AND person_id = $2")
            .bind(id.0)
            .bind(person.0)
            .execute(w.conn())
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound("该进站代表"));
        }
        let before = serde_json::json!({ "person": person });
        w.record("station.detach_deputy", "organisation", id.0, Some(&before), None::<&()>).await?;
        w.commit().await
    }

    /// A congress's reception setting (the default when never set).
    pub async fn reception_settings(&self, congress: OrgId) -> Result<ReceptionSettings> {
        let days: Option<i64> = sqlx::query_scalar("SELECT notice_days FROM liaison_settings WHERE congress_id = $1")
            .bind(congress.0)
            .fetch_optional(self.pool())
            .await?;
        match days {
            None => Ok(ReceptionSettings::default()),
            Some(d) => u32::try_from(d)
                .ok()
                .and_then(|d| ReceptionSettings::new(d).ok())
                .ok_or_else(|| parse_err("notice_days")),
        }
    }

    /// Staff of a congress change how many days ahead its receptions are posted.
    pub async fn set_reception_notice(&self, actor: &Actor, congress: OrgId, days: u32) -> Result<ReceptionSettings> {
        let settings = ReceptionSettings::new(days).map_err(StoreError::Refused)?;
        let path = self.congress_path(congress).await?;
        decide(actor.role, Action::Edit, Resource::Congress, &Target { congress_path: &path, ..Target::default() })?;
        let before = self.reception_settings(congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let n = sqlx::query("UPDATE liaison_settings SET notice_days = $2 WHERE congress_id = $1")
            .bind(congress.0)
            .bind(i64::from(days))
            .execute(w.conn())
            .await?
            .rows_affected();
        if n == 0 {
            sqlx::query("INSERT INTO liaison_settings (congress_id, notice_days) VALUES ($1, $2)")
                .bind(congress.0)
                .bind(i64::from(days))
                .execute(w.conn())
                .await?;
        }
        w.record("liaison.settings", "organisation", congress.0, Some(&before), Some(&settings)).await?;
        w.commit().await?;
        Ok(settings)
    }

    /// Posts a reception at a station: the core's notice rule, deputies attached to the station.
    pub async fn schedule_reception(
        &self,
        actor: &Actor,
        station: OrgId,
        new: &NewReception,
        today: Date,
    ) -> Result<ReceptionId> {
        let (_, congress) = self.station_and_congress(station).await?;
        self.check_station_edit(actor, congress).await?;
        let topic = check_topic(&new.topic)?;
        let settings = self.reception_settings(congress).await?;
        let reception =
            Reception { station, on: new.on, starts: new.starts, ends: new.ends, deputies: new.deputies.clone() };
        check_publication(&reception, today, settings).map_err(StoreError::Refused)?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let mut attached = Vec::with_capacity(new.deputies.len());
        for p in &new.deputies {
            let n: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM station_deputies WHERE station_id = $1 AND person_id = $2")
                    .bind(station.0)
                    .bind(p.0)
                    .fetch_one(w.conn())
                    .await?;
            attached.push(n > 0);
        }
        check_receiving_deputies(&attached)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO receptions (congress_id, station_id, on_date, starts, ends, topic, published_on, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(congress.0)
        .bind(station.0)
        .bind(new.on.to_string())
        .bind(new.starts.strftime("%H:%M").to_string())
        .bind(new.ends.strftime("%H:%M").to_string())
        .bind(&topic)
        .bind(today.to_string())
        .bind(actor.user.map(|u| u.0))
        .bind(self.now_text())
        .fetch_one(w.conn())
        .await?;
        for p in &new.deputies {
            sqlx::query("INSERT INTO reception_deputies (reception_id, person_id) VALUES ($1, $2)")
                .bind(id)
                .bind(p.0)
                .execute(w.conn())
                .await?;
        }
        let after = serde_json::json!({ "station": station, "reception": reception, "topic": topic });
        w.record("reception.schedule", "reception", id, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(ReceptionId(id))
    }

    /// One reception with its deputies.
    pub async fn reception(&self, id: ReceptionId) -> Result<ReceptionRow> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {RECEPTION_COLUMNS} FROM receptions r JOIN organisations s ON s.id = r.station_id WHERE r.id = $1"
        )))
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("该接待安排"))?;
        let mut row = reception_from(&r)?;
        self.fill_reception_deputies(std::slice::from_mut(&mut row)).await?;
        Ok(row)
    }

    async fn fill_reception_deputies(&self, rows: &mut [ReceptionRow]) -> Result<()> {
        for row in rows {
            let ds: Vec<(i64, String)> = sqlx::query_as(
                "SELECT p.id, p.name FROM reception_deputies rd JOIN persons p ON p.id = rd.person_id
                 WHERE rd.reception_id = $1 ORDER BY p.name, p.id",
            )
            .bind(row.id.0)
            .fetch_all(self.pool())
            .await?;
            row.deputies = ds.into_iter().map(|(id, n)| (PersonId(id), n)).collect();
        }
        Ok(())
    }

    /// Cancels a reception not yet held; the reason is shown where it was listed, and its
    /// standing 接待公告 is voided with the same reason, in the same transaction.
    pub async fn cancel_reception(&self, actor: &Actor, id: ReceptionId, reason: &str) -> Result<()> {
        let r = self.reception(id).await?;
        self.check_station_edit(actor, r.congress).await?;
        let reason = check_cancel(r.status(), reason)?;
        let mut w = self.begin_write(Chain::Congress(r.congress), actor.user).await?;
        sqlx::query("UPDATE receptions SET cancelled_at = $2, cancel_reason = $3 WHERE id = $1")
            .bind(id.0)
            .bind(self.now_text())
            .bind(&reason)
            .execute(w.conn())
            .await?;
        let after = serde_json::json!({ "cancelled": true, "reason": reason });
        w.record("reception.cancel", "reception", id.0, None::<&()>, Some(&after)).await?;
        // Its 接待公告, if one stands, no longer announces anything: voided with it.
        let why = renda_core::official::reception_cancelled_void_reason(&reason);
        crate::official::void_standing_for(&mut w, crate::official::Source::Reception(id), &why).await?;
        w.commit().await
    }

    /// Records that a reception took place on its day (or later), with how many citizens came.
    pub async fn hold_reception(&self, actor: &Actor, id: ReceptionId, visitors: u32, today: Date) -> Result<()> {
        let r = self.reception(id).await?;
        self.check_station_edit(actor, r.congress).await?;
        check_hold(r.status(), r.on, today)?;
        // Each receiving deputy's archive counts the reception, in the congress of the
        // station's path they sit in (a city deputy at a district's station: the city's).
        let path = self.congress_path(r.congress).await?;
        let mut items: Vec<(OrgId, PlatformItem, Terms)> = Vec::new();
        for (person, _) in &r.deputies {
            let seats: Vec<i64> =
                sqlx::query_scalar("SELECT DISTINCT congress_id FROM deputyships WHERE person_id = $1")
                    .bind(person.0)
                    .fetch_all(self.pool())
                    .await?;
            let Some(congress) = path.iter().copied().find(|c| seats.contains(&c.0)) else { continue };
            let item = PlatformItem {
                person: *person,
                date: r.on,
                kind: ItemKind::StationReception,
                quantity: 1,
                source: format!("reception:{}:{}", id.0, person.0),
            };
            items.push((congress, item, self.terms_of(congress, &[person.0]).await?));
        }
        let mut w = self.begin_write(Chain::Congress(r.congress), actor.user).await?;
        sqlx::query("UPDATE receptions SET held_at = $2, visitors = $3 WHERE id = $1")
            .bind(id.0)
            .bind(self.now_text())
            .bind(i64::from(visitors))
            .execute(w.conn())
            .await?;
        let after = serde_json::json!({ "held": true, "visitors": visitors });
        w.record("reception.hold", "reception", id.0, None::<&()>, Some(&after)).await?;
        for (congress, item, terms) in &items {
            write_platform_items(&mut w, *congress, std::slice::from_ref(item), terms, None).await?;
        }
        w.commit().await
    }

    /// Staff record an opinion a citizen brought to a reception that has taken place or is
    /// taking place today; it enters the opinions' lifecycle like any other, linked to the
    /// reception.
    pub async fn record_reception_opinion(
        &self,
        actor: &Actor,
        id: ReceptionId,
        form: &PublicOpinion,
        today: Date,
    ) -> Result<(crate::liaison::opinions::OpinionId, renda_core::liaison::receipt::ReceiptCode)> {
        let r = self.reception(id).await?;
        self.check_station_edit(actor, r.congress).await?;
        check_opinion_heard(r.status(), r.on, today)?;
        self.receive_opinion(actor, r.station, Channel::Reception, form, "", today, Some(id.0)).await
    }

    /// Receptions on or after `today`, not cancelled, soonest first: the portal's list, or one
    /// station's when `station` is given.
    pub async fn upcoming_receptions(
        &self,
        station: Option<OrgId>,
        today: Date,
        limit: i64,
    ) -> Result<Vec<ReceptionRow>> {
        let sql = format!(
            "SELECT {RECEPTION_COLUMNS} FROM receptions r JOIN organisations s ON s.id = r.station_id
             WHERE r.on_date >= $1 AND r.cancelled_at IS NULL AND ($2 = 0 OR r.station_id = $2)
             ORDER BY r.on_date, r.starts, r.id LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(today.to_string())
            .bind(station.map_or(0, |s| s.0))
            .bind(limit.clamp(1, LIST_MAX))
            .fetch_all(self.pool())
            .await?;
        let mut out = rows.iter().map(reception_from).collect::<Result<Vec<_>>>()?;
        self.fill_reception_deputies(&mut out).await?;
        Ok(out)
    }

    /// The stations a deputy is attached to, by name: where a citizen can meet them.
    pub async fn stations_of_deputy(&self, person: PersonId) -> Result<Vec<(OrgId, String)>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT o.id, o.name FROM station_deputies sd JOIN organisations o ON o.id = sd.station_id
             WHERE sd.person_id = $1 ORDER BY o.name, o.id",
        )
        .bind(person.0)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(id, n)| (OrgId(id), n)).collect())
    }

    /// The receptions a deputy will hold from `today`, soonest first.
    pub async fn upcoming_receptions_of_deputy(
        &self,
        person: PersonId,
        today: Date,
        limit: i64,
    ) -> Result<Vec<ReceptionRow>> {
        let sql = format!(
            "SELECT {RECEPTION_COLUMNS} FROM receptions r JOIN organisations s ON s.id = r.station_id
             WHERE r.on_date >= $1 AND r.cancelled_at IS NULL
               AND r.id IN (SELECT reception_id FROM reception_deputies WHERE person_id = $2)
             ORDER BY r.on_date, r.starts, r.id LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(today.to_string())
            .bind(person.0)
            .bind(limit.clamp(1, LIST_MAX))
            .fetch_all(self.pool())
            .await?;
        let mut out = rows.iter().map(reception_from).collect::<Result<Vec<_>>>()?;
        self.fill_reception_deputies(&mut out).await?;
        Ok(out)
    }

    /// A station's receptions, newest first (staff's list, with the cancelled and held ones).
    pub async fn receptions_of_station(&self, station: OrgId, limit: i64) -> Result<Vec<ReceptionRow>> {
        let sql = format!(
            "SELECT {RECEPTION_COLUMNS} FROM receptions r JOIN organisations s ON s.id = r.station_id
             WHERE r.station_id = $1 ORDER BY r.on_date DESC, r.starts DESC, r.id DESC LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(station.0)
            .bind(limit.clamp(1, LIST_MAX))
            .fetch_all(self.pool())
            .await?;
        let mut out = rows.iter().map(reception_from).collect::<Result<Vec<_>>>()?;
        self.fill_reception_deputies(&mut out).await?;
        Ok(out)
    }

    /// The opinions a station shows publicly: the citizen agreed, staff have sorted it (an
    /// opinion not yet looked at, or not accepted, is not published), personal data removed by
    /// the core's [`for_publication`]; newest first, with the answer once it reached the citizen.
    pub async fn published_opinions(&self, station: OrgId, limit: i64) -> Result<Vec<PublicOpinionRow>> {
        let rows = sqlx::query(
            "SELECT title, content, name, answer, state, received_on FROM opinions
             WHERE station_id = $1 AND consent = 1 AND state NOT IN ('received', 'rejected')
             ORDER BY received_on DESC, id DESC LIMIT $2",
        )
        .bind(station.0)
        .bind(limit.clamp(1, LIST_MAX))
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::new();
        for r in rows {
            let name: Option<String> = r.try_get("name")?;
            let answer: Option<String> = r.try_get("answer")?;
            let op = PublicOpinion {
                title: r.try_get("title")?,
                content: r.try_get("content")?,
                name: name.clone(),
                phone: None,
                consent_to_publish: true,
            };
            let state = OpinionState::from_code(&r.try_get::<String, _>("state")?).ok_or_else(|| parse_err("state"))?;
            let Some(p) = for_publication(&op) else { continue };
            let answer = answer.filter(|_| {
                matches!(state, OpinionState::AnsweredOnSpot | OpinionState::FedBack | OpinionState::Closed)
            });
            // The answer is cleaned like the opinion (it may quote the citizen).
            let answer = answer.and_then(|a| {
                for_publication(&PublicOpinion { title: None, content: a, ..op.clone() }).map(|p| p.content)
            });
            out.push(PublicOpinionRow {
                title: p.title,
                content: p.content,
                state: state.label(),
                answer,
                received_on: crate::columns::date(&r, "received_on")?,
            });
        }
        Ok(out)
    }
}
