//! The roll of an activity: participation commands through the core's `participate`, the
//! archive item each attendance earns written in the same transaction, and check-in by the
//! organiser's signed QR code.

use super::{ActivityId, ActivityRow, CHECKIN_SECRET, cancelled};
use crate::archive::{PlatformItem, remove_platform_item, write_platform_items};
use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::DateTime;
use renda_core::archive::activity::{self, Attendance, Participant, ParticipationCommand, ParticipationKind};
use renda_core::archive::checkin;
use renda_core::ids::PersonId;
use renda_core::policy::{Denied, Role};

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
        let who = match actor.role {
            Role::Deputy { person: me } if me == person => Participant::Deputy,
            Role::Deputy { .. } => {
                return Err(Denied { message: "代表只能为自己报名、请假或签到。".into() }.into());
            }
            _ => {
                self.check_organiser(actor, &a).await?;
                Participant::Organiser
            }
        };
        if a.cancelled {
            return Err(cancelled());
        }
        let row = self.participant(id, person).await?.ok_or(StoreError::NotFound("该代表的活动邀请"))?;
        let next = activity::participate(row.attendance, who, cmd, a.phase(now))?;
        let method = match who {
            Participant::Deputy => "qr",
            Participant::Organiser => "list",
        };
        self.write_attendance(actor, &a, person, Some(row.attendance), next, cmd, method).await?;
        Ok(next)
    }

    /// The organiser's commands that may be given now for one line of the roll, and the
    /// deputy's own: exactly the buttons to show.
    pub fn buttons(a: &ActivityRow, state: Attendance, who: Participant, now: DateTime) -> Vec<ParticipationKind> {
        if a.cancelled { Vec::new() } else { activity::permitted(state, who, a.phase(now)) }
    }

    #[expect(clippy::too_many_arguments, reason = "one write with what it needs; called from two places")]
    async fn write_attendance(
        &self,
        actor: &Actor,
        a: &ActivityRow,
        person: PersonId,
        before: Option<Attendance>,
        next: Attendance,
        cmd: &ParticipationCommand,
        method: &str,
    ) -> Result<()> {
        let now = self.now_text();
        let mut w = self.begin_write(Chain::Congress(a.congress), actor.user).await?;
        let (reason, note) = match cmd {
            ParticipationCommand::RequestLeave { reason } => (Some(reason.trim().to_owned()), None),
            ParticipationCommand::RefuseLeave { note } => (None, Some(note.trim().to_owned())),
            _ => (None, None),
        };
        let checked = (next == Attendance::CheckedIn).then(|| (now.clone(), method.to_owned()));
        match before {
            None => {
                sqlx::query(
                    "INSERT INTO activity_participants (activity_id, person_id, attendance, checked_in_at, checkin_method, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(a.id.0)
                .bind(person.0)
                .bind(next.code())
                .bind(checked.as_ref().map(|c| c.0.clone()))
                .bind(checked.as_ref().map(|c| c.1.clone()))
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
                .bind(person.0)
                .bind(next.code())
                .bind(reason)
                .bind(note)
                .bind(checked.as_ref().map(|c| c.0.clone()))
                .bind(checked.as_ref().map(|c| c.1.clone()))
                .bind(&now)
                .execute(w.conn())
                .await?;
            }
        }
        let action = format!(
            "activity.{}",
            serde_json::to_value(cmd.kind()).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
        );
        let b = before.map(|s| serde_json::json!({ "person": person, "attendance": s.code() }));
        let after = serde_json::json!({ "person": person, "attendance": next.code(), "method": checked.map(|c| c.1) });
        w.record(&action, "activity", a.id.0, b.as_ref(), Some(&after)).await?;
        self.sync_item(&mut w, a, person, Some(next)).await?;
        w.commit().await
    }

    /// Makes the archive agree with one line of the roll: the item the attendance earns (in
    /// the deputy's own congress among the activity's, dated the activity's first day), or no
    /// item. `None`: the line no longer counts at all (a cancelled activity).
    pub(super) async fn sync_item(
        &self,
        w: &mut crate::WriteTx,
        a: &ActivityRow,
        person: PersonId,
        state: Option<Attendance>,
    ) -> Result<()> {
        let source = a.source_of(person);
        let kind = state.and_then(|s| s.item_kind(a.kind));
        let Some(kind) = kind else {
            remove_platform_item(w, &source).await?;
            return Ok(());
        };
        let seats: Vec<i64> = sqlx::query_scalar("SELECT DISTINCT congress_id FROM deputyships WHERE person_id = $1")
            .bind(person.0)
            .fetch_all(w.conn())
            .await?;
        let Some(congress) = a.congresses().into_iter().find(|c| seats.contains(&c.0)) else {
            // Not a deputy of any congress holding it (left office since): nothing to count.
            remove_platform_item(w, &source).await?;
            return Ok(());
        };
        let terms = self.terms_of(congress, &[person.0]).await?;
        let item = PlatformItem { person, date: a.starts_at.date(), kind, quantity: 1, source: source.clone() };
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
        if a.cancelled {
            return Err(cancelled());
        }
        let expiry = now.as_second() + checkin::TOKEN_SECONDS;
        Ok((checkin::sign(&self.checkin_secret().await?, id.0, expiry), expiry))
    }

    /// A deputy scanned the organiser's QR code at `now`. The token must be genuine and
    /// unexpired; an invited deputy is checked in, a deputy of one of the activity's
    /// congresses who was not invited is added and checked in; scanning again after checking in
    /// changes nothing. Returns the activity and the deputy's standing.
    pub async fn check_in_by_token(
        &self,
        actor: &Actor,
        token: &str,
        now: jiff::Timestamp,
    ) -> Result<(ActivityRow, Attendance)> {
        let id = checkin::verify(&self.checkin_secret().await?, token, now.as_second())?;
        let a = self.activity_unchecked(ActivityId(id)).await?;
        let Role::Deputy { person } = actor.role else {
            return Err(Denied {
                message: "扫码签到须由代表本人登录后操作；工作人员请在活动名单上勾选签到。".into()
            }
            .into());
        };
        if a.cancelled {
            return Err(cancelled());
        }
        let civil_now = renda_core::clock::beijing(now);
        match self.participant(a.id, person).await? {
            Some(r) if r.attendance == Attendance::CheckedIn => Ok((a, r.attendance)),
            Some(_) => {
                let s = self.participate(actor, a.id, person, &ParticipationCommand::CheckIn, civil_now).await?;
                Ok((a, s))
            }
            None => {
                if !self.eligible(&a, civil_now.date()).await?.iter().any(|e| e.0 == person.0) {
                    return Err(Denied {
                        message: "您不是本活动举办人大的在任代表，不能签到。".into()
                    }
                    .into());
                }
                activity::check(
                    Attendance::Invited,
                    Participant::Deputy,
                    ParticipationKind::CheckIn,
                    a.phase(civil_now),
                )?;
                self.write_attendance(
                    actor,
                    &a,
                    person,
                    None,
                    Attendance::CheckedIn,
                    &ParticipationCommand::CheckIn,
                    "qr",
                )
                .await?;
                Ok((a, Attendance::CheckedIn))
            }
        }
    }
}
