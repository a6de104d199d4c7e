//! Who else is at a meeting and what was said there: the 列席 list, the citizens in the gallery
//! (旁听) under the meeting's cap, the speeches the clerk records and each speaker signs off, and
//! the 简报 assembled from signed-off speeches and published to the members — every rule the
//! core's `meeting::minutes`, applied to what is read inside the write, after the congress's
//! chain is claimed (so a speech returned to its speaker while a 简报 is being published is seen
//! by the one that comes second).
//!
//! The policy is `Resource::Meeting`, as for the rest of a meeting: its congress's staff keep
//! the lists, record speeches and assemble and publish the 简报 (`check_run`); the members of its
//! body read them (`check_take_part`), and a member acts on a speech only as its speaker (the
//! core's `minutes::apply`). What a reader sees depends on who reads, here and not in the
//! caller: a visitor's phone only for the congress's own staff; drafts of speeches and of 简报
//! only for staff; a member their own speeches once returned to them, and the published 简报.

use super::{MeetingId, MeetingRow, Sitting};
use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
pub use renda_core::ids::{AttendeeId, BulletinId, SpeechId, VisitorId};
use renda_core::ids::{OrgId, PersonId, VoteId};
use renda_core::meeting::minutes::{
    self, Attendee, AttendeeKind, BulletinState, Chosen, Command, Facts, Speaker, Speech, SpeechState,
};
use renda_core::policy::{Action, Role};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeSet;

/// A 列席 entry as the form gives it.
#[derive(Clone, Debug)]
pub struct NewAttendee {
    pub kind: AttendeeKind,
    pub name: String,
    pub organisation: String,
    pub post: String,
}

/// A citizen for the gallery as the form gives it (the phone may be empty).
#[derive(Clone, Debug)]
pub struct NewVisitor {
    pub name: String,
    pub phone: String,
}

/// A speech as the clerk records it: who, on which agenda item (none: the meeting in general),
/// what was said.
#[derive(Clone, Debug)]
pub struct NewSpeech {
    pub speaker: Speaker,
    pub item: Option<VoteId>,
    pub text: String,
}

/// A 简报 as the clerk assembles it: a title and its speeches, in the order printed.
#[derive(Clone, Debug)]
pub struct NewBulletin {
    pub title: String,
    pub speeches: Vec<SpeechId>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AttendeeRow {
    pub id: AttendeeId,
    pub meeting: MeetingId,
    pub attendee: Attendee,
}

#[derive(Clone, Debug, Serialize)]
pub struct VisitorRow {
    pub id: VisitorId,
    pub meeting: MeetingId,
    pub name: String,
    /// Only for the congress's own staff; `None` for every other reader.
    pub phone: Option<String>,
}

/// A speech with what a list shows of it.
#[derive(Clone, Debug, Serialize)]
pub struct SpeechRow {
    pub id: SpeechId,
    pub meeting: MeetingId,
    pub item: Option<VoteId>,
    pub item_title: Option<String>,
    pub speaker: Speaker,
    pub speaker_name: String,
    /// A member's place in the committee (委员), or a 列席 entry's organisation and post.
    pub speaker_note: String,
    pub text: String,
    pub state: SpeechState,
    /// Signed off by the clerk on the speaker's written confirmation.
    pub written: bool,
    pub recorded_at: jiff::Timestamp,
    pub signed_off_at: Option<jiff::Timestamp>,
    /// In a published 简报: it changes no more.
    pub frozen: bool,
}

impl SpeechRow {
    /// 张三关于“……”的发言.
    pub fn label(&self) -> String {
        minutes::speech_label(&self.speaker_name, self.item_title.as_deref())
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct BulletinRow {
    pub id: BulletinId,
    pub meeting: MeetingId,
    pub congress: OrgId,
    pub title: String,
    pub state: BulletinState,
    /// The year and number (第N期) given when it was published.
    pub year: Option<i64>,
    pub number: Option<i64>,
    pub created_at: jiff::Timestamp,
    pub published_at: Option<jiff::Timestamp>,
    /// Its speeches, in the order printed.
    pub speeches: Vec<SpeechId>,
}

/// A meeting's lists, speeches and 简报 as the reader may see them.
#[derive(Clone, Debug, Serialize)]
pub struct MinutesView {
    pub meeting: MeetingId,
    /// The gallery's seats (`None`: not capped).
    pub gallery_seats: Option<u32>,
    pub attendees: Vec<AttendeeRow>,
    pub visitors: Vec<VisitorRow>,
    /// Every speech for staff; a member's own once returned to them.
    pub speeches: Vec<SpeechRow>,
    /// Every 简报 for staff; the published ones for a member.
    pub bulletins: Vec<BulletinRow>,
}

/// A 简报 to read or print: its meeting, the congress that issues it and its speeches in order.
#[derive(Clone, Debug, Serialize)]
pub struct BulletinView {
    pub bulletin: BulletinRow,
    pub meeting: MeetingRow,
    pub congress_name: String,
    pub speeches: Vec<SpeechRow>,
}

const ATTENDEE_COLS: &str = "id, meeting_id, kind, name, organisation, post";

fn attendee_from(r: &AnyRow) -> Result<AttendeeRow> {
    Ok(AttendeeRow {
        id: AttendeeId(r.try_get("id")?),
        meeting: MeetingId(r.try_get("meeting_id")?),
        attendee: Attendee {
            kind: crate::columns::code(r, "kind", AttendeeKind::from_code)?,
            name: r.try_get("name")?,
            organisation: r.try_get("organisation")?,
            post: r.try_get("post")?,
        },
    })
}

/// The speeches with their item, speaker and whether a published 简报 holds them; the caller
/// adds `WHERE …`.
fn speech_select() -> String {
    format!(
        "SELECT s.id, s.meeting_id, s.item_id, i.title AS item_title, s.person_id, s.attendee_id,
                COALESCE(p.name, a.name) AS speaker_name, a.organisation, a.post, s.body, s.state, s.written,
                s.recorded_at, s.signed_off_at,
                (SELECT COUNT(*) FROM meeting_bulletin_speeches bs JOIN meeting_bulletins b ON b.id = bs.bulletin_id
                  WHERE bs.speech_id = s.id AND b.state = '{}') AS published_in
         FROM meeting_speeches s
         LEFT JOIN meeting_items i ON i.id = s.item_id
         LEFT JOIN persons p ON p.id = s.person_id
         LEFT JOIN meeting_attendees a ON a.id = s.attendee_id",
        BulletinState::Published.code()
    )
}

/// A speech row; a member's note is their role in `sitting` (empty when they no longer sit).
fn speech_from(r: &AnyRow, sitting: &Sitting) -> Result<SpeechRow> {
    let person: Option<i64> = r.try_get("person_id")?;
    let attendee: Option<i64> = r.try_get("attendee_id")?;
    let (speaker, speaker_note) = match (person, attendee) {
        (Some(p), _) => {
            let role = sitting.members.iter().find(|m| m.person.0 == p).map_or("", |m| m.role.label());
            (Speaker::Member(PersonId(p)), role.to_owned())
        }
        (None, Some(a)) => {
            let organisation: Option<String> = r.try_get("organisation")?;
            let post: Option<String> = r.try_get("post")?;
            (
                Speaker::Attendee(AttendeeId(a)),
                format!("{}{}", organisation.unwrap_or_default(), post.unwrap_or_default()),
            )
        }
        (None, None) => return Err(StoreError::Internal("a speech without its speaker".into())),
    };
    Ok(SpeechRow {
        id: SpeechId(r.try_get("id")?),
        meeting: MeetingId(r.try_get("meeting_id")?),
        item: r.try_get::<Option<i64>, _>("item_id")?.map(VoteId),
        item_title: r.try_get("item_title")?,
        speaker,
        speaker_name: r.try_get::<Option<String>, _>("speaker_name")?.unwrap_or_default(),
        speaker_note,
        text: r.try_get("body")?,
        state: crate::columns::code(r, "state", SpeechState::from_code)?,
        written: r.try_get::<i64, _>("written")? != 0,
        recorded_at: crate::columns::instant(r, "recorded_at")?,
        signed_off_at: crate::columns::opt_instant(r, "signed_off_at")?,
        frozen: r.try_get::<i64, _>("published_in")? > 0,
    })
}

async fn speech_on(conn: &mut AnyConnection, sitting: &Sitting, id: SpeechId) -> Result<SpeechRow> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("{} WHERE s.id = $1", speech_select())))
        .bind(id.0)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound("该发言"))?;
    speech_from(&r, sitting)
}

async fn speeches_on(conn: &mut AnyConnection, sitting: &Sitting) -> Result<Vec<SpeechRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{} WHERE s.meeting_id = $1 ORDER BY COALESCE(i.position, -1), s.id",
        speech_select()
    )))
    .bind(sitting.meeting.id.0)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| speech_from(r, sitting)).collect()
}

const BULLETIN_COLS: &str = "id, meeting_id, congress_id, title, state, year, number, created_at, published_at";

async fn bulletin_from(conn: &mut AnyConnection, r: &AnyRow) -> Result<BulletinRow> {
    let id: i64 = r.try_get("id")?;
    let speeches: Vec<i64> =
        sqlx::query_scalar("SELECT speech_id FROM meeting_bulletin_speeches WHERE bulletin_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(conn)
            .await?;
    Ok(BulletinRow {
        id: BulletinId(id),
        meeting: MeetingId(r.try_get("meeting_id")?),
        congress: OrgId(r.try_get("congress_id")?),
        title: r.try_get("title")?,
        state: crate::columns::code(r, "state", BulletinState::from_code)?,
        year: r.try_get("year")?,
        number: r.try_get("number")?,
        created_at: crate::columns::instant(r, "created_at")?,
        published_at: crate::columns::opt_instant(r, "published_at")?,
        speeches: speeches.into_iter().map(SpeechId).collect(),
    })
}

async fn bulletin_on(conn: &mut AnyConnection, id: BulletinId) -> Result<BulletinRow> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {BULLETIN_COLS} FROM meeting_bulletins WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("该期简报"))?;
    bulletin_from(conn, &r).await
}

/// What a 简报 needs to know of the speeches `ids`, read on `conn`; an id that names no speech
/// is not found.
async fn chosen_on(conn: &mut AnyConnection, sitting: &Sitting, ids: &[SpeechId]) -> Result<Vec<Chosen>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let s = speech_on(conn, sitting, *id).await?;
        out.push(Chosen { id: s.id, meeting: s.meeting, state: s.state, label: s.label() });
    }
    Ok(out)
}

async fn count(conn: &mut AnyConnection, sql: &'static str, id: i64) -> Result<usize> {
    let n: i64 = sqlx::query_scalar(sql).bind(id).fetch_one(conn).await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

async fn gallery_seats_on(conn: &mut AnyConnection, meeting: MeetingId) -> Result<Option<u32>> {
    let seats: Option<i64> =
        sqlx::query_scalar("SELECT gallery_seats FROM meetings WHERE id = $1").bind(meeting.0).fetch_one(conn).await?;
    Ok(seats.map(|s| u32::try_from(s).unwrap_or(0)))
}

/// The meeting and congress of the row `id` that `sql` looks up (a 列席 entry, a visitor, a
/// speech, a 简报), or not found as `what`.
async fn owner_of(store: &Store, sql: &'static str, id: i64, what: &'static str) -> Result<(MeetingId, OrgId)> {
    let (meeting, congress): (i64, i64) =
        sqlx::query_as(sql).bind(id).fetch_optional(store.pool()).await?.ok_or(StoreError::NotFound(what))?;
    Ok((MeetingId(meeting), OrgId(congress)))
}

impl Store {
    // ---- 列席 and 旁听 --------------------------------------------------------------------

    /// Adds an entry to a meeting's 列席 list (the core's `check_attendee`; until the meeting day).
    pub async fn add_attendee(&self, actor: &Actor, meeting: MeetingId, new: &NewAttendee) -> Result<AttendeeId> {
        let m = self.meeting_unchecked(meeting).await?;
        self.check_run(actor.role, Action::Edit, m.congress).await?;
        let a = minutes::check_attendee(new.kind, &new.name, &new.organisation, &new.post)?;
        minutes::check_list_open(m.held_on, self.today())?;
        let mut w = self.begin_write(Chain::Congress(m.congress), actor.user).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO meeting_attendees (meeting_id, kind, name, organisation, post, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(meeting.0)
        .bind(a.kind.code())
        .bind(&a.name)
        .bind(&a.organisation)
        .bind(&a.post)
        .bind(w.at().to_owned())
        .fetch_one(w.conn())
        .await?;
        let after = serde_json::json!({ "attendee": id, "entry": a });
        w.record("meeting.attendee_add", "meeting", meeting.0, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(AttendeeId(id))
    }

    /// Takes an entry off the 列席 list, until the meeting day, unless they have spoken.
    pub async fn remove_attendee(&self, actor: &Actor, id: AttendeeId) -> Result<MeetingId> {
        let sql = "SELECT a.meeting_id, m.congress_id FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id
                   WHERE a.id = $1";
        let (meeting, congress) = owner_of(self, sql, id.0, "该列席人员").await?;
        self.check_run(actor.role, Action::Edit, congress).await?;
        let m = self.meeting_unchecked(meeting).await?;
        minutes::check_list_open(m.held_on, self.today())?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let r =
            sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {ATTENDEE_COLS} FROM meeting_attendees WHERE id = $1")))
                .bind(id.0)
                .fetch_optional(w.conn())
                .await?
                .ok_or(StoreError::NotFound("该列席人员"))?;
        let before = attendee_from(&r)?;
        let spoke = count(w.conn(), "SELECT COUNT(*) FROM meeting_speeches WHERE attendee_id = $1", id.0).await?;
        minutes::check_remove_attendee(spoke)?;
        sqlx::query("DELETE FROM meeting_attendees WHERE id = $1").bind(id.0).execute(w.conn()).await?;
        let before = serde_json::json!({ "attendee": id, "entry": before.attendee });
        w.record("meeting.attendee_remove", "meeting", meeting.0, Some(&before), None::<&()>).await?;
        w.commit().await?;
        Ok(meeting)
    }

    /// Sets the gallery's seats for a meeting (`None`: not capped): the core's
    /// `check_gallery_seats` against the citizens already registered.
    pub async fn set_gallery_seats(&self, actor: &Actor, meeting: MeetingId, seats: Option<u32>) -> Result<()> {
        let m = self.meeting_unchecked(meeting).await?;
        self.check_run(actor.role, Action::Edit, m.congress).await?;
        minutes::check_list_open(m.held_on, self.today())?;
        let mut w = self.begin_write(Chain::Congress(m.congress), actor.user).await?;
        let before = gallery_seats_on(w.conn(), meeting).await?;
        let registered =
            count(w.conn(), "SELECT COUNT(*) FROM meeting_visitors WHERE meeting_id = $1", meeting.0).await?;
        minutes::check_gallery_seats(seats, registered)?;
        sqlx::query("UPDATE meetings SET gallery_seats = $2, updated_at = $3 WHERE id = $1")
            .bind(meeting.0)
            .bind(seats.map(i64::from))
            .bind(w.at().to_owned())
            .execute(w.conn())
            .await?;
        w.record(
            "meeting.gallery_seats",
            "meeting",
            meeting.0,
            Some(&serde_json::json!({ "gallery_seats": before })),
            Some(&serde_json::json!({ "gallery_seats": seats })),
        )
        .await?;
        w.commit().await
    }

    /// Registers a citizen for the gallery (the core's `check_visitor`: a seat left under the
    /// meeting's cap, counted inside the write so two clerks at once never pass it).
    pub async fn add_visitor(&self, actor: &Actor, meeting: MeetingId, new: &NewVisitor) -> Result<VisitorId> {
        let m = self.meeting_unchecked(meeting).await?;
        self.check_run(actor.role, Action::Edit, m.congress).await?;
        minutes::check_list_open(m.held_on, self.today())?;
        let mut w = self.begin_write(Chain::Congress(m.congress), actor.user).await?;
        let seats = gallery_seats_on(w.conn(), meeting).await?;
        let registered =
            count(w.conn(), "SELECT COUNT(*) FROM meeting_visitors WHERE meeting_id = $1", meeting.0).await?;
        let v = minutes::check_visitor(&new.name, &new.phone, seats, registered)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO meeting_visitors (meeting_id, name, phone, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(meeting.0)
        .bind(&v.name)
        .bind(v.phone.as_deref())
        .bind(w.at().to_owned())
        .fetch_one(w.conn())
        .await?;
        // A citizen's phone stays out of the audit log, which more people read than the list.
        let after = serde_json::json!({ "visitor": id, "name": v.name, "phone_given": v.phone.is_some() });
        w.record("meeting.visitor_add", "meeting", meeting.0, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(VisitorId(id))
    }

    /// Takes a citizen off the gallery list, until the meeting day.
    pub async fn remove_visitor(&self, actor: &Actor, id: VisitorId) -> Result<MeetingId> {
        let sql = "SELECT v.meeting_id, m.congress_id FROM meeting_visitors v JOIN meetings m ON m.id = v.meeting_id
                   WHERE v.id = $1";
        let (meeting, congress) = owner_of(self, sql, id.0, "该旁听人员").await?;
        self.check_run(actor.role, Action::Edit, congress).await?;
        let m = self.meeting_unchecked(meeting).await?;
        minutes::check_list_open(m.held_on, self.today())?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let name: String = sqlx::query_scalar("SELECT name FROM meeting_visitors WHERE id = $1")
            .bind(id.0)
            .fetch_optional(w.conn())
            .await?
            .ok_or(StoreError::NotFound("该旁听人员"))?;
        sqlx::query("DELETE FROM meeting_visitors WHERE id = $1").bind(id.0).execute(w.conn()).await?;
        let before = serde_json::json!({ "visitor": id, "name": name });
        w.record("meeting.visitor_remove", "meeting", meeting.0, Some(&before), None::<&()>).await?;
        w.commit().await?;
        Ok(meeting)
    }

    // ---- speeches -----------------------------------------------------------------------------

    /// The clerk records a speech, as a draft: by a member of the body or someone on the 列席
    /// list, on an item of the agenda or the meeting in general (the core's `check_speaker`,
    /// `check_item` and `Speech::record`).
    pub async fn record_speech(&self, actor: &Actor, meeting: MeetingId, new: &NewSpeech) -> Result<SpeechId> {
        let congress = self.meeting_unchecked(meeting).await?.congress;
        self.check_run(actor.role, Action::Edit, congress).await?;
        let speech = Speech::record(new.speaker, &new.text)?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let s = self.sitting_on(w.conn(), meeting).await?;
        let attendees: Vec<i64> = sqlx::query_scalar("SELECT id FROM meeting_attendees WHERE meeting_id = $1")
            .bind(meeting.0)
            .fetch_all(w.conn())
            .await?;
        let attendees: BTreeSet<AttendeeId> = attendees.into_iter().map(AttendeeId).collect();
        minutes::check_speaker(new.speaker, &s.member_set(), &attendees)?;
        let agenda: Vec<VoteId> = super::items_on(w.conn(), meeting).await?.iter().map(|i| i.id).collect();
        minutes::check_item(new.item, &agenda)?;
        let (person, attendee) = match speech.speaker() {
            Speaker::Member(p) => (Some(p.0), None),
            Speaker::Attendee(a) => (None, Some(a.0)),
        };
        let at = w.at().to_owned();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO meeting_speeches (meeting_id, item_id, person_id, attendee_id, body, state, written,
                                           recorded_at, recorded_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $7) RETURNING id",
        )
        .bind(meeting.0)
        .bind(new.item.map(|i| i.0))
        .bind(person)
        .bind(attendee)
        .bind(speech.text())
        .bind(speech.state().code())
        .bind(&at)
        .bind(actor.user.map(|u| u.0))
        .fetch_one(w.conn())
        .await?;
        let after = serde_json::json!({
            "meeting": meeting, "item": new.item, "speaker": speech.speaker(), "state": speech.state(),
            "text": speech.text(),
        });
        w.record("meeting.speech_record", "meeting_speech", id, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(SpeechId(id))
    }

    /// One step of a speech (the core's `minutes::apply`): the clerk edits a draft, returns it to
    /// the speaker, records a written confirmation or returns a signed-off speech once more; the
    /// speaker — a member, on their phone — corrects it and signs it off. Nothing changes a
    /// speech in a published 简报.
    pub async fn act_on_speech(&self, actor: &Actor, id: SpeechId, command: &Command) -> Result<SpeechRow> {
        let (meeting, congress) = owner_of(
            self,
            "SELECT s.meeting_id, m.congress_id FROM meeting_speeches s JOIN meetings m ON m.id = s.meeting_id
             WHERE s.id = $1",
            id.0,
            "该发言",
        )
        .await?;
        // Staff act as the clerk of the meeting's congress; anyone else only as a member of its body.
        let clerk = !matches!(actor.role, Role::Deputy { .. });
        if clerk {
            self.check_run(actor.role, Action::Edit, congress).await?;
        }
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let s = self.sitting_on(w.conn(), meeting).await?;
        if !clerk {
            self.check_take_part(actor.role, Action::Edit, &s)?;
        }
        let before = speech_on(w.conn(), &s, id).await?;
        let speech = Speech::from_stored(before.state, before.speaker, before.text.clone(), before.written);
        let next = minutes::apply(&speech, command, &Facts { role: actor.role, frozen: before.frozen })?;
        let at = w.at().to_owned();
        let signed_off_at = match next.state() {
            SpeechState::SignedOff if before.state == SpeechState::SignedOff => {
                before.signed_off_at.map(|t| t.to_string())
            }
            SpeechState::SignedOff => Some(at.clone()),
            _ => None,
        };
        sqlx::query(
            "UPDATE meeting_speeches SET body = $2, state = $3, written = $4, signed_off_at = $5, updated_at = $6
             WHERE id = $1",
        )
        .bind(id.0)
        .bind(next.text())
        .bind(next.state().code())
        .bind(i64::from(next.written()))
        .bind(signed_off_at)
        .bind(&at)
        .execute(w.conn())
        .await?;
        let action = match command {
            Command::Edit { .. } => "meeting.speech_edit",
            Command::SendBack => "meeting.speech_send_back",
            Command::Correct { .. } => "meeting.speech_correct",
            Command::SignOff { .. } => "meeting.speech_sign_off",
            Command::Reopen => "meeting.speech_reopen",
        };
        w.record(
            action,
            "meeting_speech",
            id.0,
            Some(&serde_json::json!({ "state": before.state, "text": before.text })),
            Some(&serde_json::json!({ "state": next.state(), "text": next.text(), "written": next.written() })),
        )
        .await?;
        let row = speech_on(w.conn(), &s, id).await?;
        w.commit().await?;
        Ok(row)
    }

    // ---- the 简报 -------------------------------------------------------------------------------

    /// The clerk assembles a 简报 of a meeting, as a draft: a title and signed-off speeches of
    /// this meeting only (the core's `check_assembly`, which names a speech not signed off).
    pub async fn create_bulletin(&self, actor: &Actor, meeting: MeetingId, new: &NewBulletin) -> Result<BulletinId> {
        let congress = self.meeting_unchecked(meeting).await?.congress;
        self.check_run(actor.role, Action::Edit, congress).await?;
        let title = renda_core::meeting::check_title(&new.title)?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let s = self.sitting_on(w.conn(), meeting).await?;
        let chosen = chosen_on(w.conn(), &s, &new.speeches).await?;
        minutes::check_assembly(meeting, &chosen)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO meeting_bulletins (meeting_id, congress_id, title, state, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(meeting.0)
        .bind(congress.0)
        .bind(&title)
        .bind(BulletinState::Draft.code())
        .bind(w.at().to_owned())
        .fetch_one(w.conn())
        .await?;
        for (position, speech) in new.speeches.iter().enumerate() {
            sqlx::query("INSERT INTO meeting_bulletin_speeches (bulletin_id, speech_id, position) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(speech.0)
                .bind(position as i64)
                .execute(w.conn())
                .await?;
        }
        let after = serde_json::json!({ "meeting": meeting, "title": title, "speeches": new.speeches });
        w.record("meeting.bulletin_create", "meeting_bulletin", id, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(BulletinId(id))
    }

    /// Publishes a draft 简报 to the members: its speeches checked again (one may have been
    /// returned to its speaker since), numbered 第N期 of the congress's year, and frozen with
    /// every speech in it.
    pub async fn publish_bulletin(&self, actor: &Actor, id: BulletinId) -> Result<BulletinRow> {
        let (meeting, congress) =
            owner_of(self, "SELECT meeting_id, congress_id FROM meeting_bulletins WHERE id = $1", id.0, "该期简报")
                .await?;
        self.check_run(actor.role, Action::Edit, congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let s = self.sitting_on(w.conn(), meeting).await?;
        let before = bulletin_on(w.conn(), id).await?;
        let chosen = chosen_on(w.conn(), &s, &before.speeches).await?;
        minutes::check_publish(before.state, meeting, &chosen)?;
        let year = i64::from(self.today().year());
        let taken: Vec<i64> = sqlx::query_scalar(
            "SELECT number FROM meeting_bulletins WHERE congress_id = $1 AND year = $2 AND number IS NOT NULL",
        )
        .bind(congress.0)
        .bind(year)
        .fetch_all(w.conn())
        .await?;
        let number = minutes::next_number(&taken);
        sqlx::query(
            "UPDATE meeting_bulletins SET state = $2, year = $3, number = $4, published_at = $5, published_by = $6
             WHERE id = $1",
        )
        .bind(id.0)
        .bind(BulletinState::Published.code())
        .bind(year)
        .bind(number)
        .bind(w.at().to_owned())
        .bind(actor.user.map(|u| u.0))
        .execute(w.conn())
        .await?;
        w.record(
            "meeting.bulletin_publish",
            "meeting_bulletin",
            id.0,
            Some(&serde_json::json!({ "state": before.state })),
            Some(&serde_json::json!({
                "state": BulletinState::Published, "year": year, "number": number, "speeches": before.speeches,
            })),
        )
        .await?;
        let row = bulletin_on(w.conn(), id).await?;
        w.commit().await?;
        Ok(row)
    }

    /// Discards a draft 简报 (a published one stays: the core's `check_discard`).
    pub async fn discard_bulletin(&self, actor: &Actor, id: BulletinId) -> Result<MeetingId> {
        let (meeting, congress) =
            owner_of(self, "SELECT meeting_id, congress_id FROM meeting_bulletins WHERE id = $1", id.0, "该期简报")
                .await?;
        self.check_run(actor.role, Action::Edit, congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let before = bulletin_on(w.conn(), id).await?;
        minutes::check_discard(before.state)?;
        sqlx::query("DELETE FROM meeting_bulletin_speeches WHERE bulletin_id = $1")
            .bind(id.0)
            .execute(w.conn())
            .await?;
        sqlx::query("DELETE FROM meeting_bulletins WHERE id = $1").bind(id.0).execute(w.conn()).await?;
        let before = serde_json::json!({ "title": before.title, "speeches": before.speeches });
        w.record("meeting.bulletin_discard", "meeting_bulletin", id.0, Some(&before), None::<&()>).await?;
        w.commit().await?;
        Ok(meeting)
    }

    // ---- reads --------------------------------------------------------------------------------

    /// What the reader of a meeting (its congress's staff and those above, the members of its
    /// body) may see of its lists, speeches and 简报: a visitor's phone for the congress's own
    /// staff; every speech and every 简报 for staff; for a member their own speeches once
    /// returned to them, and the published 简报. For anyone else the meeting does not exist.
    pub async fn minutes(&self, actor: &Actor, meeting: MeetingId) -> Result<MinutesView> {
        let mut conn = self.pool().acquire().await?;
        let s = self.sitting_on(&mut conn, meeting).await?;
        self.check_take_part(actor.role, Action::View, &s).map_err(|_| StoreError::NotFound("该会议"))?;
        let runs = self.check_run(actor.role, Action::Edit, s.meeting.congress).await.is_ok();
        let staff = self.check_run(actor.role, Action::View, s.meeting.congress).await.is_ok();
        let me = actor.role.deputy();
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ATTENDEE_COLS} FROM meeting_attendees WHERE meeting_id = $1 ORDER BY id"
        )))
        .bind(meeting.0)
        .fetch_all(&mut *conn)
        .await?;
        let mut attendees = rows.iter().map(attendee_from).collect::<Result<Vec<_>>>()?;
        attendees.sort_by_key(|a| (AttendeeKind::ALL.iter().position(|k| *k == a.attendee.kind), a.id));
        let rows =
            sqlx::query("SELECT id, meeting_id, name, phone FROM meeting_visitors WHERE meeting_id = $1 ORDER BY id")
                .bind(meeting.0)
                .fetch_all(&mut *conn)
                .await?;
        let visitors = rows
            .iter()
            .map(|r| {
                Ok(VisitorRow {
                    id: VisitorId(r.try_get("id")?),
                    meeting: MeetingId(r.try_get("meeting_id")?),
                    name: r.try_get("name")?,
                    phone: if runs { r.try_get("phone")? } else { None },
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut speeches = speeches_on(&mut conn, &s).await?;
        if !staff {
            speeches.retain(|sp| {
                sp.state != SpeechState::Draft && matches!(sp.speaker, Speaker::Member(p) if Some(p) == me)
            });
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {BULLETIN_COLS} FROM meeting_bulletins WHERE meeting_id = $1 ORDER BY id"
        )))
        .bind(meeting.0)
        .fetch_all(&mut *conn)
        .await?;
        let mut bulletins = Vec::with_capacity(rows.len());
        for r in &rows {
            let b = bulletin_from(&mut conn, r).await?;
            if staff || b.state == BulletinState::Published {
                bulletins.push(b);
            }
        }
        Ok(MinutesView {
            meeting,
            gallery_seats: gallery_seats_on(&mut conn, meeting).await?,
            attendees,
            visitors,
            speeches,
            bulletins,
        })
    }

    /// A 简报 to read or print, with its speeches in order: for whoever reads its meeting —
    /// a draft only for staff.
    pub async fn bulletin(&self, actor: &Actor, id: BulletinId) -> Result<BulletinView> {
        let mut conn = self.pool().acquire().await?;
        let bulletin = bulletin_on(&mut conn, id).await?;
        let s = self.sitting_on(&mut conn, bulletin.meeting).await?;
        self.check_take_part(actor.role, Action::View, &s).map_err(|_| StoreError::NotFound("该期简报"))?;
        let staff = self.check_run(actor.role, Action::View, s.meeting.congress).await.is_ok();
        if !staff && bulletin.state != BulletinState::Published {
            return Err(StoreError::NotFound("该期简报"));
        }
        let mut speeches = Vec::with_capacity(bulletin.speeches.len());
        for sid in &bulletin.speeches {
            speeches.push(speech_on(&mut conn, &s, *sid).await?);
        }
        let congress_name = self.org(s.meeting.congress).await?.name.to_string();
        Ok(BulletinView { bulletin, meeting: s.meeting, congress_name, speeches })
    }
}
