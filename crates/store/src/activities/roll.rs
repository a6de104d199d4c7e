//! The roll of an activity: participation commands through the core (`activity::participant_of`,
//! `activity::attend`, `activity::scan`), the archive item each line earns (`activity::credit`)
//! written in the same transaction, and check-in by the organiser's signed QR code.

use super::{ActivityId, ActivityRow, CHECKIN_SECRET};
use crate::archive::{PlatformItem, remove_platform_item, write_platform_items};
use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::DateTime;
use renda_core::activity::{self, AttendanceChange, Scan};
use renda_core::archive::activity::{Attendance, Participant, ParticipationCommand, ParticipationKind};
use renda_core::archive::checkin;
use renda_core::ids::{OrgId, PersonId};

impl Store {
    // ---- participation -------------------------------------------------------------------

    /// One participation command for `person` at `now` (Beijing civil time): the deputy's own
    /// (sign up, leave, check-in) or the organiser's (decide on leave, tick, mark absent). The
    /// core decides in the activity's phase; the attendance and the archive item it earns (or
    /// no longer earns) are written in one transaction.
    pub async fn participate(
        &self,
        actor: &Actor,
        id: ActivityId,
        person: PersonId,
        cmd: &ParticipationCommand,
        now: DateTime,
    ) -> Result<Attendance> {
        let a = self.activity_unchecked(id).await?;
        let path = self.congress_path(a.congress).await?;
        let who = activity::participant_of(actor.role, person, &path)?;
        activity::not_cancelled(a.cancelled)?;
        let row = self.participant(id, person).await?.ok_or(StoreError::NotFound("该代表的活动邀请"))?;
        let change = activity::attend(&a.facts(), person, row.attendance, who, cmd, now)?;
        self.write_attendance(actor, &a, &change).await?;
        Ok(change.next)
    }

    /// The organiser's commands that may be given now for one line of the roll, and the
    /// deputy's own: exactly the buttons to show.
    pub fn buttons(a: &ActivityRow, state: Attendance, who: Participant, now: DateTime) -> Vec<ParticipationKind> {
        activity::buttons(&a.facts(), state, who, now)
    }

    /// Writes one line of the roll as the core changed it, its audit entry, and the archive
    /// item it now earns.
    async fn write_attendance(&self, actor: &Actor, a: &ActivityRow, c: &AttendanceChange) -> Result<()> {
        let mut w = self.begin_write(Chain::Congress(a.congress), actor.user).await?;
        let now = w.at().to_owned();
        let checked = c.checkin_method.map(|m| (now.clone(), m));
        match c.before {
            None => {
                sqlx::query(
                    "INSERT INTO activity_participants (activity_id, person_id, attendance, checked_in_at, checkin_method, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(a.id.0)
                .bind(c.person.0)
                .bind(c.next.code())
                .bind(checked.as_ref().map(|c| c.0.clone()))
                .bind(checked.map(|c| c.1))
                .bind(&now)
                .execute(w.conn())
                .await?;
            }
            Some(_) => {
                sqlx::query(
                    "UPDATE activity_participants SET attendance = $3, leave_reason = COALESCE($4, leave_reason),
                        decision_note = COALESCE($5, decision_note), checked_in_at = $6, checkin_method = $7, updated_at = $8
                     WHERE activity_id = $1 AND person_id = $2",
                )
                .bind(a.id.0)
                .bind(c.person.0)
                .bind(c.next.code())
                .bind(c.leave_reason.as_deref())
                .bind(c.decision_note.as_deref())
                .bind(checked.as_ref().map(|c| c.0.clone()))
                .bind(checked.map(|c| c.1))
                .bind(&now)
                .execute(w.conn())
                .await?;
            }
        }
        let b = c.before.map(|s| serde_json::json!({ "person": c.person, "attendance": s.code() }));
        let after = serde_json::json!({ "person": c.person, "attendance": c.next.code(), "method": c.checkin_method });
        w.record(&c.action, "activity", a.id.0, b.as_ref(), Some(&after)).await?;
        self.sync_item(&mut w, a, c.person, Some(c.next)).await?;
        w.commit().await
    }

    /// Makes the archive agree with one line of the roll: the item the core's
    /// `activity::credit` says it earns, or no item. `None`: the line no longer counts at all
    /// (a cancelled activity).
    pub(super) async fn sync_item(
        &self,
        w: &mut crate::WriteTx,
        a: &ActivityRow,
        person: PersonId,
        state: Option<Attendance>,
    ) -> Result<()> {
        let source = activity::source_of(a.id, person);
        let seats: Vec<OrgId> =
            sqlx::query_scalar::<_, i64>("SELECT DISTINCT congress_id FROM deputyships WHERE person_id = $1")
                .bind(person.0)
                .fetch_all(w.conn())
                .await?
                .into_iter()
                .map(OrgId)
                .collect();
        let Some(credit) = activity::credit(&a.facts(), state, &seats) else {
            remove_platform_item(w, &source).await?;
            return Ok(());
        };
        let congress = credit.congress;
        let terms = self.terms_of(congress, &[person.0]).await?;
        let item = PlatformItem { person, date: credit.date, kind: credit.kind, quantity: 1, source: source.clone() };
        // An item once recorded in another of the activity's congresses moves with the deputy.
        let elsewhere: Option<i64> =
            sqlx::query_scalar("SELECT congress_id FROM archive_items WHERE source = $1 AND congress_id <> $2")
                .bind(&source)
                .bind(congress.0)
                .fetch_optional(w.conn())
                .await?;
        if elsewhere.is_some() {
            remove_platform_item(w, &source).await?;
        }
        write_platform_items(w, congress, std::slice::from_ref(&item), &terms, None).await?;
        Ok(())
    }

    // ---- QR check-in -----------------------------------------------------------------------

    /// The server's check-in key: generated from the OS's random bytes the first time it is
    /// asked for, then kept in the database so every server process signs alike.
    pub async fn checkin_secret(&self) -> Result<Vec<u8>> {
        self.server_secret(CHECKIN_SECRET).await
    }

    /// A check-in token for the organiser's screen, valid for [`checkin::TOKEN_SECONDS`] from
    /// `now`. Returns the token and its expiry (Unix seconds).
    pub async fn checkin_token(&self, actor: &Actor, id: ActivityId, now: jiff::Timestamp) -> Result<(String, i64)> {
        let a = self.activity_unchecked(id).await?;
        self.check_organiser(actor, &a).await?;
        activity::not_cancelled(a.cancelled)?;
        let expiry = now.as_second() + checkin::TOKEN_SECONDS;
        Ok((checkin::sign(&self.checkin_secret().await?, id.0, expiry), expiry))
    }

    /// A deputy scanned the organiser's QR code at `now`. The token must be genuine and
    /// unexpired; the core's `activity::scan` decides: an invited deputy is checked in, a
    /// deputy of one of the activity's congresses who was not invited is added and checked in;
    /// scanning again after checking in changes nothing. Returns the activity and the deputy's
    /// standing.
    pub async fn check_in_by_token(
        &self,
        actor: &Actor,
        token: &str,
        now: jiff::Timestamp,
    ) -> Result<(ActivityRow, Attendance)> {
        let id = checkin::verify(&self.checkin_secret().await?, token, now.as_second())?;
        let a = self.activity_unchecked(ActivityId(id)).await?;
        let person = activity::scanner(actor.role)?;
        activity::not_cancelled(a.cancelled)?;
        let civil_now = renda_core::clock::beijing(now);
        let line = self.participant(a.id, person).await?.map(|r| r.attendance);
        let eligible = line.is_some() || self.eligible(&a, civil_now.date()).await?.iter().any(|e| e.0 == person.0);
        match activity::scan(&a.facts(), person, line, eligible, civil_now)? {
            Scan::Already(state) => Ok((a, state)),
            Scan::Attend(change) => {
                self.write_attendance(actor, &a, &change).await?;
                Ok((a, change.next))
            }
        }
    }
}
