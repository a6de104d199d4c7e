//! Meetings of a congress and their votes in the store (issue 17): the standing committee's
//! dated memberships, meetings with their agendas, written leave and sign-in, and — in
//! [`votes`] — each matter's vote opened, cast and closed through the core's `meeting::vote`;
//! in [`minutes`], the 列席 and 旁听 lists, speeches signed off by their speakers and the 简报.
//!
//! The policy is `Resource::Meeting`. The congress's staff run a meeting (`check_run`: a target
//! of the congress alone, so no member's own relation counts); the members of its body on the
//! meeting day — the core's `meeting::composition` over the memberships (for a session, the
//! deputies in office) — read it and take part in it (`check_take_part`: the members are the
//! target's persons), the core's `attendance::acts_for` and `attendance::voter` saying for whom;
//! staff above read it. Anyone else finds no such meeting.
//!
//! Every change is one `WriteTx` on the congress's chain with its audit entry, and what it
//! decides on is read inside that transaction, after the chain is claimed: two clerks or two
//! phones of one member at once are served one after the other, and the second sees the first.
//! Refusals are the core's (`meeting::check_new_meeting`, `Membership::check`,
//! `agenda::order`/`check_secrecy`, `attendance::check_*`, `vote::apply`). Each congress keeps
//! its own `meeting::Settings` ([`settings`]; the core's defaults until it saves some), read
//! inside the write that follows them.

use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::Date;
pub use renda_core::ids::{LeaveRequestId, MeetingId, MembershipId, VoteId};
use renda_core::ids::{OrgId, PersonId, UserId};
use renda_core::meeting::agenda::{self, Matter, VoteItem};
use renda_core::meeting::attendance::{self, LeaveState, Presence};
use renda_core::meeting::vote::{Announcement, CountMethod, Secrecy, Tally, VoteState};
use renda_core::meeting::{self, MeetingKind, MemberRole, Membership};
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::{Action, Resource, Role, Target, decide};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeSet;

pub mod minutes;
pub mod personnel;
pub mod settings;
pub mod votes;

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Internal(format!("meeting json: {e}"))
}

/// A membership as the form gives it.
#[derive(Clone, Copy, Debug)]
pub struct NewMembership {
    pub person: PersonId,
    pub role: MemberRole,
    pub from: Date,
    pub until: Option<Date>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MembershipRow {
    pub id: MembershipId,
    pub congress: OrgId,
    pub membership: Membership,
}

/// One member of a body on a day, with their name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemberRow {
    pub person: PersonId,
    pub name: String,
    pub role: MemberRole,
}

/// A new meeting as the form gives it.
#[derive(Clone, Debug)]
pub struct NewMeeting {
    pub kind: MeetingKind,
    /// 第三十次会议: its number in the term, when it has one.
    pub number: Option<i64>,
    pub title: String,
    pub held_on: Date,
    pub place: String,
    /// The day members were notified, when the notice is already out.
    pub notified_on: Option<Date>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MeetingRow {
    pub id: MeetingId,
    pub congress: OrgId,
    pub kind: MeetingKind,
    pub number: Option<i64>,
    pub title: String,
    pub held_on: Date,
    pub place: String,
    pub notified_on: Option<Date>,
}

/// A matter for the agenda as the form gives it; `secrecy` left out is the one the core requires
/// for the matter ([`agenda::required_secrecy`]).
#[derive(Clone, Debug)]
pub struct NewItem {
    pub title: String,
    pub matter: Matter,
    pub secrecy: Option<Secrecy>,
}

/// How a vote counted in the room was counted (举手表决 or 纸质票), with its two tellers
/// (监票人) and their names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CountedRow {
    pub method: CountMethod,
    pub tellers: [(PersonId, String); 2],
}

impl CountedRow {
    /// 举手表决，监票人：甲、乙
    pub fn text(&self) -> String {
        format!("{}，监票人：{}、{}", self.method.label(), self.tellers[0].1, self.tellers[1].1)
    }
}

/// One matter on the agenda with its vote: while it is open, only how many have voted; once
/// closed, the frozen tally and the announcement.
#[derive(Clone, Debug, Serialize)]
pub struct ItemRow {
    pub id: VoteId,
    pub meeting: MeetingId,
    pub position: i64,
    pub title: String,
    pub matter: Matter,
    pub secrecy: Secrecy,
    pub state: VoteState,
    /// All members when the vote opened (0 before).
    pub members: usize,
    /// Members who have voted so far.
    pub voted: usize,
    /// The result once closed (its tally, the votes needed, the verdict).
    pub announcement: Option<Announcement>,
    /// What the chair read out at the close.
    pub announced: Option<String>,
    /// How the vote was counted in the room, when the clerk recorded a count instead of the
    /// devices (such a vote has no roll).
    pub counted: Option<CountedRow>,
}

impl ItemRow {
    /// The matter as the core's agenda rules see it.
    pub fn vote_item(&self) -> VoteItem {
        VoteItem { id: self.id, title: self.title.clone(), matter: self.matter.clone() }
    }
}

/// A member's attendance: absent until they sign in or their leave is approved.
#[derive(Clone, Debug, Serialize)]
pub struct AttendanceRow {
    pub person: PersonId,
    pub name: String,
    pub role: MemberRole,
    pub presence: Presence,
    /// The reason of an approved leave.
    pub reason: Option<String>,
    pub signed_in_at: Option<jiff::Timestamp>,
    /// The account that recorded the sign-in or the leave.
    pub recorded_by: Option<UserId>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LeaveRow {
    pub id: LeaveRequestId,
    pub meeting: MeetingId,
    pub person: PersonId,
    pub name: String,
    pub reason: String,
    pub state: LeaveState,
    pub requested_at: jiff::Timestamp,
    pub decided_at: Option<jiff::Timestamp>,
}

/// A meeting as its page shows it: the members on the day with each one's attendance, the
/// quorum, the leave requests and the agenda with each matter's vote.
#[derive(Clone, Debug, Serialize)]
pub struct MeetingView {
    pub meeting: MeetingRow,
    /// The body's composition on the meeting day, by rank, each with their attendance.
    pub attendance: Vec<AttendanceRow>,
    /// Members present now, the quorum (more than half of all members) and whether it is met.
    pub present: usize,
    pub quorum: usize,
    pub has_quorum: bool,
    pub leave_requests: Vec<LeaveRow>,
    pub items: Vec<ItemRow>,
}

const MEETING_COLS: &str = "id, congress_id, kind, number, title, held_on, place, notified_on";
const ITEM_COLS: &str = "id, meeting_id, position, title, matter, secrecy, vote_state, members, yes, no, abstain, not_voted, needed, passed, announced, counted_by, teller_1, teller_2, (SELECT name FROM persons WHERE id = teller_1) AS teller_1_name, (SELECT name FROM persons WHERE id = teller_2) AS teller_2_name";

const MEMBERSHIP_COLS: &str = "id, congress_id, person_id, role, from_on, until_on";

fn membership_from(r: &AnyRow) -> Result<MembershipRow> {
    Ok(MembershipRow {
        id: MembershipId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        membership: Membership {
            person: PersonId(r.try_get("person_id")?),
            role: crate::columns::code(r, "role", MemberRole::from_code)?,
            from: crate::columns::date(r, "from_on")?,
            until: crate::columns::opt_date(r, "until_on")?,
        },
    })
}

fn meeting_from(r: &AnyRow) -> Result<MeetingRow> {
    Ok(MeetingRow {
        id: MeetingId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        kind: crate::columns::code(r, "kind", MeetingKind::from_code)?,
        number: r.try_get("number")?,
        title: r.try_get("title")?,
        held_on: crate::columns::date(r, "held_on")?,
        place: r.try_get("place")?,
        notified_on: crate::columns::opt_date(r, "notified_on")?,
    })
}

fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// An item as stored; `voted` is filled by the caller.
fn item_from(r: &AnyRow) -> Result<ItemRow> {
    let matter: String = r.try_get("matter")?;
    let state = crate::columns::code(r, "vote_state", VoteState::from_code)?;
    let members = count(r.try_get("members")?);
    let announcement = if state == VoteState::Closed {
        let n = |col: &str| -> Result<usize> { Ok(count(r.try_get::<Option<i64>, _>(col)?.unwrap_or(0))) };
        Some(Announcement {
            tally: Tally { yes: n("yes")?, no: n("no")?, abstain: n("abstain")?, not_voted: n("not_voted")? },
            members,
            needed: n("needed")?,
            passed: r.try_get::<Option<i64>, _>("passed")?.unwrap_or(0) != 0,
        })
    } else {
        None
    };
    let counted = match r.try_get::<Option<String>, _>("counted_by")? {
        None => None,
        Some(code) => {
            let method =
                CountMethod::from_code(&code).ok_or_else(|| StoreError::Internal(format!("count method {code}")))?;
            let teller = |n: u8| -> Result<(PersonId, String)> {
                let id: Option<i64> = r.try_get(format!("teller_{n}").as_str())?;
                let name: Option<String> = r.try_get(format!("teller_{n}_name").as_str())?;
                match (id, name) {
                    (Some(id), Some(name)) => Ok((PersonId(id), name)),
                    _ => Err(StoreError::Internal("a counted vote without its tellers".into())),
                }
            };
            Some(CountedRow { method, tellers: [teller(1)?, teller(2)?] })
        }
    };
    Ok(ItemRow {
        id: VoteId(r.try_get("id")?),
        meeting: MeetingId(r.try_get("meeting_id")?),
        position: r.try_get("position")?,
        title: r.try_get("title")?,
        matter: serde_json::from_str(&matter).map_err(json_err)?,
        secrecy: crate::columns::code(r, "secrecy", Secrecy::from_code)?,
        state,
        members,
        voted: 0,
        announcement,
        announced: r.try_get("announced")?,
        counted,
    })
}

/// The congress's level, or `None` for an organisation that is not a congress.
fn level_of(kind: OrgKind) -> Option<CongressLevel> {
    match kind {
        OrgKind::Congress(level) => Some(level),
        _ => None,
    }
}

/// The memberships of the body a meeting of `kind` draws on: the standing committee's (or
/// presidium's) dated memberships, or for a session the deputies' seats in the congress.
async fn memberships_of(conn: &mut AnyConnection, congress: OrgId, kind: MeetingKind) -> Result<Vec<Membership>> {
    let sql = match kind {
        MeetingKind::Session => {
            "SELECT person_id, 'member' AS role, start_date AS from_on, end_date AS until_on FROM deputyships
             WHERE congress_id = $1"
        }
        _ => "SELECT person_id, role, from_on, until_on FROM committee_memberships WHERE congress_id = $1",
    };
    let rows = sqlx::query(sql).bind(congress.0).fetch_all(conn).await?;
    rows.iter()
        .map(|r| {
            Ok(Membership {
                person: PersonId(r.try_get("person_id")?),
                role: crate::columns::code(r, "role", MemberRole::from_code)?,
                from: crate::columns::date(r, "from_on")?,
                until: crate::columns::opt_date(r, "until_on")?,
            })
        })
        .collect()
}

/// The names of `persons`, in the order given.
async fn named(conn: &mut AnyConnection, members: &[meeting::Member]) -> Result<Vec<MemberRow>> {
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        let name: String =
            sqlx::query_scalar("SELECT name FROM persons WHERE id = $1").bind(m.person.0).fetch_one(&mut *conn).await?;
        out.push(MemberRow { person: m.person, name, role: m.role });
    }
    Ok(out)
}

/// A meeting's row, read on `conn`.
pub(crate) async fn meeting_on(conn: &mut AnyConnection, id: MeetingId) -> Result<MeetingRow> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {MEETING_COLS} FROM meetings WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound("该会议"))?;
    meeting_from(&r)
}

/// The members present now: signed in and not since on leave.
async fn present_on(conn: &mut AnyConnection, id: MeetingId) -> Result<BTreeSet<PersonId>> {
    let rows: Vec<i64> =
        sqlx::query_scalar("SELECT person_id FROM meeting_attendance WHERE meeting_id = $1 AND presence = $2")
            .bind(id.0)
            .bind(Presence::Present.code())
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(PersonId).collect())
}

/// One member's attendance so far (`None`: no row, i.e. absent).
async fn presence_of(conn: &mut AnyConnection, id: MeetingId, person: PersonId) -> Result<Option<Presence>> {
    let code: Option<String> =
        sqlx::query_scalar("SELECT presence FROM meeting_attendance WHERE meeting_id = $1 AND person_id = $2")
            .bind(id.0)
            .bind(person.0)
            .fetch_optional(conn)
            .await?;
    code.map(|c| Presence::from_code(&c).ok_or_else(|| StoreError::Internal(format!("presence {c}")))).transpose()
}

/// The items of a meeting in agenda order, each with how many have voted.
async fn items_on(conn: &mut AnyConnection, id: MeetingId) -> Result<Vec<ItemRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {ITEM_COLS} FROM meeting_items WHERE meeting_id = $1 ORDER BY position, id"
    )))
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut items = rows.iter().map(item_from).collect::<Result<Vec<_>>>()?;
    for item in &mut items {
        item.voted = votes::voted_count(conn, item).await?;
    }
    Ok(items)
}

/// A meeting and its body on the day, as one read on `conn` sees them.
pub(crate) struct Sitting {
    pub(crate) meeting: MeetingRow,
    pub(crate) path: Vec<OrgId>,
    pub(crate) members: Vec<meeting::Member>,
}

impl Sitting {
    pub(crate) fn member_ids(&self) -> Vec<PersonId> {
        self.members.iter().map(|m| m.person).collect()
    }

    pub(crate) fn member_set(&self) -> BTreeSet<PersonId> {
        self.members.iter().map(|m| m.person).collect()
    }
}

impl Store {
    /// The policy for running a congress's meetings: its staff (`Edit`, `Create`), with a
    /// target of the congress alone, so a member's own relation never counts here.
    async fn check_run(&self, role: Role, action: Action, congress: OrgId) -> Result<Vec<OrgId>> {
        let path = self.congress_path(congress).await?;
        decide(role, action, Resource::Meeting, &Target { congress_path: &path, ..Target::default() })?;
        Ok(path)
    }

    /// The policy for reading (`View`) or taking part in (`Edit`) a meeting: the members of its
    /// body on the day are the record's persons.
    fn check_take_part(&self, role: Role, action: Action, s: &Sitting) -> Result<()> {
        let persons = s.member_ids();
        decide(
            role,
            action,
            Resource::Meeting,
            &Target { congress_path: &s.path, persons: &persons, ..Target::default() },
        )?;
        Ok(())
    }

    /// A meeting with its body on the day, read on `conn` (inside a write, after its chain).
    pub(crate) async fn sitting_on(&self, conn: &mut AnyConnection, id: MeetingId) -> Result<Sitting> {
        let meeting = meeting_on(conn, id).await?;
        let level = level_of(self.org(meeting.congress).await?.kind);
        let memberships = memberships_of(conn, meeting.congress, meeting.kind).await?;
        let members = match level {
            Some(level) => meeting::composition(meeting.kind, level, &memberships, meeting.held_on),
            None => Vec::new(),
        };
        let path = self.congress_path(meeting.congress).await?;
        Ok(Sitting { meeting, path, members })
    }

    /// Adds a member to the congress's standing committee (or presidium) for a period.
    pub async fn add_membership(&self, actor: &Actor, congress: OrgId, new: &NewMembership) -> Result<MembershipId> {
        self.check_run(actor.role, Action::Create, congress).await?;
        let m = Membership { person: new.person, role: new.role, from: new.from, until: new.until };
        m.check()?;
        let seats: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM deputyships WHERE person_id = $1 AND congress_id = $2")
                .bind(new.person.0)
                .bind(congress.0)
                .fetch_one(self.pool())
                .await?;
        Membership::check_seat(seats > 0)?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO committee_memberships (congress_id, person_id, role, from_on, until_on, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(congress.0)
        .bind(m.person.0)
        .bind(m.role.code())
        .bind(m.from.to_string())
        .bind(m.until.map(|d| d.to_string()))
        .bind(w.at().to_owned())
        .fetch_one(w.conn())
        .await?;
        w.record("meeting.membership_add", "committee_membership", id, None::<&()>, Some(&m)).await?;
        w.commit().await?;
        Ok(MembershipId(id))
    }

    /// Ends a membership on `until` (the last day served, included).
    pub async fn end_membership(&self, actor: &Actor, id: MembershipId, until: Date) -> Result<MembershipRow> {
        let before = self.membership_unchecked(id).await?;
        self.check_run(actor.role, Action::Edit, before.congress).await?;
        let m = Membership { until: Some(until), ..before.membership };
        m.check()?;
        let mut w = self.begin_write(Chain::Congress(before.congress), actor.user).await?;
        sqlx::query("UPDATE committee_memberships SET until_on = $2 WHERE id = $1")
            .bind(id.0)
            .bind(until.to_string())
            .execute(w.conn())
            .await?;
        w.record("meeting.membership_end", "committee_membership", id.0, Some(&before.membership), Some(&m)).await?;
        w.commit().await?;
        Ok(MembershipRow { membership: m, ..before })
    }

    pub(crate) async fn membership_unchecked(&self, id: MembershipId) -> Result<MembershipRow> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {MEMBERSHIP_COLS} FROM committee_memberships WHERE id = $1"
        )))
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("该任职记录"))?;
        membership_from(&r)
    }

    /// Every membership of `congress`'s committee, past and present, newest first (the page
    /// lists them to end one). For the congress's staff and those above.
    pub async fn memberships(&self, actor: &Actor, congress: OrgId) -> Result<Vec<MembershipRow>> {
        self.check_run(actor.role, Action::View, congress).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {MEMBERSHIP_COLS} FROM committee_memberships WHERE congress_id = $1 ORDER BY from_on DESC, id DESC"
        )))
        .bind(congress.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(membership_from).collect()
    }

    /// The standing committee (or presidium) of `congress` on `day`, by rank: the core's
    /// `members_on` over the dated memberships. For the congress's staff and those above.
    pub async fn committee_on(&self, actor: &Actor, congress: OrgId, day: Date) -> Result<Vec<MemberRow>> {
        self.check_run(actor.role, Action::View, congress).await?;
        let mut conn = self.pool().acquire().await?;
        let memberships = memberships_of(&mut conn, congress, MeetingKind::StandingCommittee).await?;
        named(&mut conn, &meeting::members_on(&memberships, day)).await
    }

    /// Schedules a meeting: the core checks that the congress holds this kind of meeting, the
    /// title and, when the notice is out, that it went out early enough.
    pub async fn create_meeting(&self, actor: &Actor, congress: OrgId, new: &NewMeeting) -> Result<MeetingId> {
        self.check_run(actor.role, Action::Create, congress).await?;
        let level = level_of(self.org(congress).await?.kind);
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let settings = settings::settings_on(w.conn(), congress).await?;
        let title = meeting::check_new_meeting(level, new.kind, &new.title, new.held_on, new.notified_on, &settings)?;
        let place = new.place.trim();
        let at = w.at().to_owned();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO meetings (congress_id, kind, number, title, held_on, place, notified_on, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(congress.0)
        .bind(new.kind.code())
        .bind(new.number)
        .bind(&title)
        .bind(new.held_on.to_string())
        .bind(place)
        .bind(new.notified_on.map(|d| d.to_string()))
        .bind(&at)
        .fetch_one(w.conn())
        .await?;
        let after = serde_json::json!({
            "kind": new.kind, "number": new.number, "title": title, "held_on": new.held_on,
            "place": place, "notified_on": new.notified_on,
        });
        w.record("meeting.create", "meeting", id, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(MeetingId(id))
    }

    /// Records the day members were notified (the core's `check_notice`: early enough).
    pub async fn notify_meeting(&self, actor: &Actor, id: MeetingId, on: Date) -> Result<()> {
        let m = self.meeting_unchecked(id).await?;
        self.check_run(actor.role, Action::Edit, m.congress).await?;
        let mut w = self.begin_write(Chain::Congress(m.congress), actor.user).await?;
        meeting::check_notice(on, m.held_on, &settings::settings_on(w.conn(), m.congress).await?)?;
        sqlx::query("UPDATE meetings SET notified_on = $2, updated_at = $3 WHERE id = $1")
            .bind(id.0)
            .bind(on.to_string())
            .bind(w.at().to_owned())
            .execute(w.conn())
            .await?;
        w.record(
            "meeting.notify",
            "meeting",
            id.0,
            Some(&serde_json::json!({ "notified_on": m.notified_on })),
            Some(&serde_json::json!({ "notified_on": on })),
        )
        .await?;
        w.commit().await
    }

    /// The meetings the actor (a deputy) sits in — those of a congress whose committee (or,
    /// for a session, whose deputies) they belong to on the meeting's day, as the core draws
    /// each body — newest first. Nothing for an actor who is no deputy.
    pub async fn meetings_of_member(&self, actor: &Actor) -> Result<Vec<MeetingRow>> {
        let Some(person) = actor.role.deputy() else { return Ok(Vec::new()) };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {MEETING_COLS} FROM meetings WHERE congress_id IN (
                 SELECT congress_id FROM committee_memberships WHERE person_id = $1
                 UNION SELECT congress_id FROM deputyships WHERE person_id = $1)
             ORDER BY held_on DESC, id DESC"
        )))
        .bind(person.0)
        .fetch_all(self.pool())
        .await?;
        // Each body is drawn as `sitting_on` draws it, its level and memberships read once per
        // congress and kind rather than once per meeting.
        let mut conn = self.pool().acquire().await?;
        let mut bodies: std::collections::HashMap<(OrgId, MeetingKind), (Option<CongressLevel>, Vec<Membership>)> =
            std::collections::HashMap::new();
        let mut out = Vec::new();
        for r in &rows {
            let m = meeting_from(r)?;
            if let std::collections::hash_map::Entry::Vacant(e) = bodies.entry((m.congress, m.kind)) {
                let level = level_of(self.org(m.congress).await?.kind);
                e.insert((level, memberships_of(&mut conn, m.congress, m.kind).await?));
            }
            let (level, memberships) = &bodies[&(m.congress, m.kind)];
            let sits = level.is_some_and(|level| {
                meeting::composition(m.kind, level, memberships, m.held_on).iter().any(|x| x.person == person)
            });
            if sits {
                out.push(m);
            }
        }
        Ok(out)
    }

    pub(crate) async fn meeting_unchecked(&self, id: MeetingId) -> Result<MeetingRow> {
        let mut conn = self.pool().acquire().await?;
        meeting_on(&mut conn, id).await
    }

    /// Puts a matter on the agenda. The core checks the title, the secrecy the matter requires
    /// and the matters together, and gives the order they are voted in (`agenda::order`: an
    /// amendment before its text, a removal before an appointment to the same post), which the
    /// positions follow.
    pub async fn add_agenda_item(&self, actor: &Actor, meeting_id: MeetingId, new: &NewItem) -> Result<VoteId> {
        let m = self.meeting_unchecked(meeting_id).await?;
        self.check_run(actor.role, Action::Edit, m.congress).await?;
        let title = meeting::check_title(&new.title)?;
        let mut w = self.begin_write(Chain::Congress(m.congress), actor.user).await?;
        let settings = settings::settings_on(w.conn(), m.congress).await?;
        let secrecy = new.secrecy.unwrap_or_else(|| agenda::required_secrecy(&new.matter, &settings));
        agenda::check_secrecy(&new.matter, secrecy, &settings)?;
        let id = insert_item(&mut w, meeting_id, &title, &new.matter, secrecy).await?;
        w.commit().await?;
        Ok(id)
    }

    /// A meeting with its members on the day and their attendance, the quorum, the leave
    /// requests and the agenda with each vote's state (and, once closed, its result): for the
    /// congress's staff and those above, and for the members of its body. For anyone else it
    /// does not exist.
    pub async fn meeting(&self, actor: &Actor, id: MeetingId) -> Result<MeetingView> {
        let mut conn = self.pool().acquire().await?;
        let s = self.sitting_on(&mut conn, id).await?;
        self.check_take_part(actor.role, Action::View, &s).map_err(|_| StoreError::NotFound("该会议"))?;
        let named_members = named(&mut conn, &s.members).await?;
        let rows = sqlx::query(
            "SELECT person_id, presence, reason, signed_in_at, recorded_by FROM meeting_attendance WHERE meeting_id = $1",
        )
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?;
        let mut attendance = Vec::with_capacity(named_members.len());
        for m in named_members {
            let row = rows.iter().find(|r| r.try_get::<i64, _>("person_id").is_ok_and(|p| p == m.person.0));
            let a = match row {
                Some(r) => AttendanceRow {
                    person: m.person,
                    name: m.name,
                    role: m.role,
                    presence: crate::columns::code(r, "presence", Presence::from_code)?,
                    reason: r.try_get("reason")?,
                    signed_in_at: crate::columns::opt_instant(r, "signed_in_at")?,
                    recorded_by: r.try_get::<Option<i64>, _>("recorded_by")?.map(UserId),
                },
                None => AttendanceRow {
                    person: m.person,
                    name: m.name,
                    role: m.role,
                    presence: Presence::Absent,
                    reason: None,
                    signed_in_at: None,
                    recorded_by: None,
                },
            };
            attendance.push(a);
        }
        let present = attendance.iter().filter(|a| a.presence == Presence::Present).count();
        let total = attendance.len();
        let leave = sqlx::query(
            "SELECT l.id, l.meeting_id, l.person_id, p.name, l.reason, l.state, l.requested_at, l.decided_at
             FROM meeting_leave_requests l JOIN persons p ON p.id = l.person_id WHERE l.meeting_id = $1 ORDER BY l.id",
        )
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?;
        let leave_requests = leave.iter().map(leave_from).collect::<Result<Vec<_>>>()?;
        let items = items_on(&mut conn, id).await?;
        Ok(MeetingView {
            meeting: s.meeting,
            attendance,
            present,
            quorum: meeting::quorum(total),
            has_quorum: meeting::has_quorum(present, total),
            leave_requests,
            items,
        })
    }

    /// The meetings of `congress`, newest first, for its staff and those above.
    pub async fn list_meetings(&self, actor: &Actor, congress: OrgId) -> Result<Vec<MeetingRow>> {
        self.check_run(actor.role, Action::View, congress).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {MEETING_COLS} FROM meetings WHERE congress_id = $1 ORDER BY held_on DESC, id DESC"
        )))
        .bind(congress.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(meeting_from).collect()
    }

    /// A member's written request for leave, by the member or by the clerk for them (the core's
    /// `attendance::check_leave_request`: a member, a reason, before the meeting, once).
    pub async fn request_leave(
        &self,
        actor: &Actor,
        meeting_id: MeetingId,
        person: PersonId,
        reason: &str,
    ) -> Result<LeaveRequestId> {
        let congress = self.meeting_unchecked(meeting_id).await?.congress;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let s = self.sitting_on(w.conn(), meeting_id).await?;
        self.check_take_part(actor.role, Action::Edit, &s)?;
        attendance::acts_for(actor.role, person)?;
        let presence = presence_of(w.conn(), meeting_id, person).await?;
        let earlier: Vec<String> =
            sqlx::query_scalar("SELECT state FROM meeting_leave_requests WHERE meeting_id = $1 AND person_id = $2")
                .bind(meeting_id.0)
                .bind(person.0)
                .fetch_all(w.conn())
                .await?;
        let earlier: Vec<LeaveState> = earlier.iter().filter_map(|c| LeaveState::from_code(c)).collect();
        let today = self.today();
        let reason = attendance::check_leave_request(
            &s.member_set(),
            person,
            reason,
            s.meeting.held_on,
            today,
            presence,
            &earlier,
        )?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO meeting_leave_requests (meeting_id, person_id, reason, state, requested_at, requested_by)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(meeting_id.0)
        .bind(person.0)
        .bind(&reason)
        .bind(LeaveState::Pending.code())
        .bind(w.at().to_owned())
        .bind(actor.user.map(|u| u.0))
        .fetch_one(w.conn())
        .await?;
        let after = serde_json::json!({ "meeting": meeting_id, "person": person, "reason": reason });
        w.record("meeting.leave_request", "meeting_leave_request", id, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(LeaveRequestId(id))
    }

    /// The 主任's decision on a leave request, recorded by the clerk: approved, the member is on
    /// leave with its reason (the core's `attendance::check_leave_decision`: a pending request of
    /// a member not signed in).
    pub async fn decide_leave(&self, actor: &Actor, id: LeaveRequestId, approve: bool) -> Result<LeaveRow> {
        let (meeting_id, congress): (i64, i64) = sqlx::query_as(
            "SELECT l.meeting_id, m.congress_id FROM meeting_leave_requests l JOIN meetings m ON m.id = l.meeting_id
             WHERE l.id = $1",
        )
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("该请假申请"))?;
        let meeting_id = MeetingId(meeting_id);
        self.check_run(actor.role, Action::Edit, OrgId(congress)).await?;
        let mut w = self.begin_write(Chain::Congress(OrgId(congress)), actor.user).await?;
        let before = leave_on(w.conn(), id).await?;
        let presence = presence_of(w.conn(), meeting_id, before.person).await?;
        attendance::check_leave_decision(before.state, presence)?;
        let state = if approve { LeaveState::Approved } else { LeaveState::Refused };
        let at = w.at().to_owned();
        sqlx::query("UPDATE meeting_leave_requests SET state = $2, decided_at = $3, decided_by = $4 WHERE id = $1")
            .bind(id.0)
            .bind(state.code())
            .bind(&at)
            .bind(actor.user.map(|u| u.0))
            .execute(w.conn())
            .await?;
        if approve {
            sqlx::query(
                "INSERT INTO meeting_attendance (meeting_id, person_id, presence, reason, signed_in_at, recorded_by, updated_at)
                 VALUES ($1, $2, $3, $4, NULL, $5, $6)
                 ON CONFLICT (meeting_id, person_id) DO UPDATE SET presence = excluded.presence, reason = excluded.reason,
                     signed_in_at = NULL, recorded_by = excluded.recorded_by, updated_at = excluded.updated_at",
            )
            .bind(meeting_id.0)
            .bind(before.person.0)
            .bind(Presence::Leave.code())
            .bind(&before.reason)
            .bind(actor.user.map(|u| u.0))
            .bind(&at)
            .execute(w.conn())
            .await?;
        }
        w.record(
            "meeting.leave_decide",
            "meeting_leave_request",
            id.0,
            Some(&serde_json::json!({ "state": before.state, "person": before.person })),
            Some(&serde_json::json!({ "state": state, "person": before.person })),
        )
        .await?;
        w.commit().await?;
        let mut conn = self.pool().acquire().await?;
        leave_on(&mut conn, id).await
    }

    /// Signs a member in on the meeting day: by the clerk, or by the member on their phone (the
    /// core's `attendance::check_sign_in`: a member of the body, on the day, once).
    pub async fn sign_in(&self, actor: &Actor, meeting_id: MeetingId, person: PersonId) -> Result<()> {
        let congress = self.meeting_unchecked(meeting_id).await?.congress;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let s = self.sitting_on(w.conn(), meeting_id).await?;
        self.check_take_part(actor.role, Action::Edit, &s)?;
        attendance::acts_for(actor.role, person)?;
        let presence = presence_of(w.conn(), meeting_id, person).await?;
        attendance::check_sign_in(&s.member_set(), person, s.meeting.held_on, self.today(), presence)?;
        let at = w.at().to_owned();
        sqlx::query(
            "INSERT INTO meeting_attendance (meeting_id, person_id, presence, reason, signed_in_at, recorded_by, updated_at)
             VALUES ($1, $2, $3, NULL, $4, $5, $4)
             ON CONFLICT (meeting_id, person_id) DO UPDATE SET presence = excluded.presence, reason = NULL,
                 signed_in_at = excluded.signed_in_at, recorded_by = excluded.recorded_by, updated_at = excluded.updated_at",
        )
        .bind(meeting_id.0)
        .bind(person.0)
        .bind(Presence::Present.code())
        .bind(&at)
        .bind(actor.user.map(|u| u.0))
        .execute(w.conn())
        .await?;
        let present = present_on(w.conn(), meeting_id).await?.intersection(&s.member_set()).count();
        self.credit_attendance(&mut w, &s.meeting, person).await?;
        w.record(
            "meeting.sign_in",
            "meeting",
            meeting_id.0,
            Some(&serde_json::json!({ "person": person, "presence": presence })),
            Some(&serde_json::json!({
                "person": person, "presence": Presence::Present, "present": present, "members": s.members.len(),
            })),
        )
        .await?;
        w.commit().await
    }
}

/// Puts a matter on a meeting's agenda inside `w`, where the core's `agenda::order` puts it among
/// those there (an amendment before its text, a removal before an appointment to the same post),
/// with its audit entry. The title and secrecy are checked by the caller.
pub(crate) async fn insert_item(
    w: &mut crate::audit::WriteTx,
    meeting_id: MeetingId,
    title: &str,
    matter: &Matter,
    secrecy: Secrecy,
) -> Result<VoteId> {
    let existing = items_on(w.conn(), meeting_id).await?;
    // The new matter has no id yet: 0 stands for it (no stored id is 0, and nothing on the
    // list can name it).
    let placeholder = VoteId(0);
    let mut all: Vec<VoteItem> = existing.iter().map(ItemRow::vote_item).collect();
    all.push(VoteItem { id: placeholder, title: title.to_owned(), matter: matter.clone() });
    let ordered = agenda::order(&all)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO meeting_items (meeting_id, position, title, matter_kind, matter, secrecy, vote_state, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(meeting_id.0)
    .bind(existing.len() as i64)
    .bind(title)
    .bind(matter.kind_code())
    .bind(serde_json::to_string(matter).map_err(json_err)?)
    .bind(secrecy.code())
    .bind(VoteState::Draft.code())
    .bind(w.at().to_owned())
    .fetch_one(w.conn())
    .await?;
    for (position, item) in ordered.iter().enumerate() {
        let item_id = if item.id == placeholder { id } else { item.id.0 };
        sqlx::query("UPDATE meeting_items SET position = $2 WHERE id = $1")
            .bind(item_id)
            .bind(position as i64)
            .execute(w.conn())
            .await?;
    }
    let after = serde_json::json!({ "meeting": meeting_id, "title": title, "matter": matter, "secrecy": secrecy });
    w.record("meeting.item_add", "meeting_item", id, None::<&()>, Some(&after)).await?;
    Ok(VoteId(id))
}

impl Store {
    /// The duty-archive item a member who is a deputy of the congress earns by signing in (the
    /// core's `attendance::archive_credit`), written in the sign-in's own transaction with its
    /// audit entry; nothing for a kind of meeting that earns none or a member with no seat.
    async fn credit_attendance(&self, w: &mut crate::audit::WriteTx, m: &MeetingRow, person: PersonId) -> Result<()> {
        let Some(kind) = attendance::archive_credit(m.kind) else { return Ok(()) };
        let terms = self.terms_of(m.congress, &[person.0]).await?;
        if !terms.contains_key(&person.0) {
            return Ok(());
        }
        let item = crate::archive::PlatformItem {
            person,
            date: m.held_on,
            kind,
            quantity: 1,
            source: attendance::archive_source(m.id, person),
        };
        crate::archive::write_platform_items(w, m.congress, std::slice::from_ref(&item), &terms, None).await?;
        Ok(())
    }
}

fn leave_from(r: &AnyRow) -> Result<LeaveRow> {
    Ok(LeaveRow {
        id: LeaveRequestId(r.try_get("id")?),
        meeting: MeetingId(r.try_get("meeting_id")?),
        person: PersonId(r.try_get("person_id")?),
        name: r.try_get("name")?,
        reason: r.try_get("reason")?,
        state: crate::columns::code(r, "state", LeaveState::from_code)?,
        requested_at: crate::columns::instant(r, "requested_at")?,
        decided_at: crate::columns::opt_instant(r, "decided_at")?,
    })
}

async fn leave_on(conn: &mut AnyConnection, id: LeaveRequestId) -> Result<LeaveRow> {
    let r = sqlx::query(
        "SELECT l.id, l.meeting_id, l.person_id, p.name, l.reason, l.state, l.requested_at, l.decided_at
         FROM meeting_leave_requests l JOIN persons p ON p.id = l.person_id WHERE l.id = $1",
    )
    .bind(id.0)
    .fetch_optional(conn)
    .await?
    .ok_or(StoreError::NotFound("该请假申请"))?;
    leave_from(&r)
}
