//! Each matter's vote: opened by the chair with a quorum present and in the agenda's order,
//! cast once by each member present, closed with those present who did not vote recorded as
//! 未表决 and the result announced and frozen — every step the core's `vote::apply` on the vote
//! as [`stored_vote`] reads it back (through `Vote::from_stored`, which refuses parts that
//! disagree), inside the write transaction, after the congress's chain is claimed.
//!
//! An open vote's roll is `meeting_vote_roll (item, person, choice)`. A secret vote writes who
//! voted to `meeting_vote_voters (item, person)` and, in the same transaction, the choice to
//! `meeting_vote_choices (item, random key, choice)`; nothing joins the two, the audit entry of
//! a secret cast names the voter and never the choice, and the counts come from the choices and
//! the number of voters only.
//!
//! When the devices fail, [`Store::record_count`] records the vote as the clerk counted it in the
//! room with two tellers (the core's `vote::apply(Count)`): the method and the tellers go on the
//! item (`counted_by`, `teller_1`, `teller_2`) with the frozen tally, and no roll, voter or choice
//! is written — there is none.

use super::{ItemRow, Sitting, item_from};
use crate::audit::{Chain, WriteTx};
use crate::{Actor, Result, Store, StoreError};
use renda_core::ids::PersonId;
use renda_core::meeting::agenda::{self, VoteItem};
use renda_core::meeting::attendance;
use renda_core::meeting::vote::{
    self, Choice, Command, CountMethod, Counted, Event, Facts, Secrecy, StoredVote, Tally, Vote, VoteState,
};
use renda_core::policy::Action;
use sqlx::AnyConnection;
use std::collections::{BTreeMap, BTreeSet};

pub use renda_core::ids::VoteId;

/// One item's row, read on `conn`.
async fn item_on(conn: &mut AnyConnection, id: VoteId) -> Result<ItemRow> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {} FROM meeting_items WHERE id = $1", super::ITEM_COLS)))
        .bind(id.0)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound("该表决事项"))?;
    item_from(&r)
}

/// How many members have voted on an item: the roll's choices other than 未表决, or the secret
/// vote's voters.
pub(super) async fn voted_count(conn: &mut AnyConnection, item: &ItemRow) -> Result<usize> {
    let n: i64 = match item.secrecy {
        Secrecy::Open => {
            sqlx::query_scalar("SELECT COUNT(*) FROM meeting_vote_roll WHERE item_id = $1 AND choice <> $2")
                .bind(item.id.0)
                .bind(Choice::NotVoted.code())
                .fetch_one(conn)
                .await?
        }
        Secrecy::Secret => {
            sqlx::query_scalar("SELECT COUNT(*) FROM meeting_vote_voters WHERE item_id = $1")
                .bind(item.id.0)
                .fetch_one(conn)
                .await?
        }
    };
    Ok(usize::try_from(n).unwrap_or(0))
}

fn add(t: &mut Tally, c: Choice) {
    match c {
        Choice::Yes => t.yes += 1,
        Choice::No => t.no += 1,
        Choice::Abstain => t.abstain += 1,
        Choice::NotVoted => t.not_voted += 1,
    }
}

fn choice(code: &str) -> Result<Choice> {
    Choice::from_code(code).ok_or_else(|| StoreError::Internal(format!("vote choice {code}")))
}

/// The vote of an item as stored, checked by the core (`Vote::from_stored`). A secret vote's
/// tally before its close is counted from the choices alone.
pub(crate) async fn stored_vote(conn: &mut AnyConnection, item: &ItemRow) -> Result<Vote> {
    let mut voted = BTreeSet::new();
    let mut roll = BTreeMap::new();
    let mut counted = Tally::default();
    match item.secrecy {
        Secrecy::Open => {
            let rows: Vec<(i64, String)> =
                sqlx::query_as("SELECT person_id, choice FROM meeting_vote_roll WHERE item_id = $1")
                    .bind(item.id.0)
                    .fetch_all(&mut *conn)
                    .await?;
            for (p, c) in rows {
                let c = choice(&c)?;
                if c != Choice::NotVoted {
                    voted.insert(PersonId(p));
                }
                roll.insert(PersonId(p), c);
                add(&mut counted, c);
            }
        }
        Secrecy::Secret => {
            let voters: Vec<i64> = sqlx::query_scalar("SELECT person_id FROM meeting_vote_voters WHERE item_id = $1")
                .bind(item.id.0)
                .fetch_all(&mut *conn)
                .await?;
            voted = voters.into_iter().map(PersonId).collect();
            let choices: Vec<String> = sqlx::query_scalar("SELECT choice FROM meeting_vote_choices WHERE item_id = $1")
                .bind(item.id.0)
                .fetch_all(&mut *conn)
                .await?;
            for c in choices {
                add(&mut counted, choice(&c)?);
            }
        }
    }
    // Once closed the frozen tally is the record (the core checks the roll agrees with it); a
    // secret vote's 未表决 exist only there.
    let tally = match &item.announcement {
        Some(a) => a.tally,
        None => counted,
    };
    let stored = StoredVote {
        state: item.state,
        secrecy: item.secrecy,
        members: item.members,
        voted,
        roll,
        tally,
        announcement: item.announcement,
        counted: item.counted.as_ref().map(|c| Counted { method: c.method, tellers: [c.tellers[0].0, c.tellers[1].0] }),
    };
    Ok(Vote::from_stored(stored)?)
}

/// A vote counted in the room as the clerk gives it: the method, the counts of 赞成, 反对 and 弃权
/// and the two tellers (监票人).
#[derive(Clone, Copy, Debug)]
pub struct NewCount {
    pub method: CountMethod,
    pub yes: usize,
    pub no: usize,
    pub abstain: usize,
    pub tellers: [PersonId; 2],
}

/// A vote's step, with what the store read for it.
struct Ready {
    sitting: Sitting,
    item: ItemRow,
    vote: Vote,
    present: BTreeSet<PersonId>,
}

impl Store {
    /// Inside `w`: the item, its meeting with the body on the day, its vote as stored and the
    /// members present.
    async fn ready(&self, conn: &mut AnyConnection, id: VoteId) -> Result<Ready> {
        let item = item_on(conn, id).await?;
        let sitting = self.sitting_on(conn, item.meeting).await?;
        let vote = stored_vote(conn, &item).await?;
        let present = super::present_on(conn, item.meeting).await?;
        Ok(Ready { sitting, item, vote, present })
    }

    /// The meeting a matter is on (for the page to go back to after a vote).
    pub async fn item_meeting(&self, id: VoteId) -> Result<super::MeetingId> {
        let meeting: Option<i64> = sqlx::query_scalar("SELECT meeting_id FROM meeting_items WHERE id = $1")
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?;
        meeting.map(super::MeetingId).ok_or(StoreError::NotFound("该表决事项"))
    }

    async fn congress_of_item(&self, id: VoteId) -> Result<renda_core::ids::OrgId> {
        let congress: Option<i64> = sqlx::query_scalar(
            "SELECT m.congress_id FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = $1",
        )
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?;
        congress.map(renda_core::ids::OrgId).ok_or(StoreError::NotFound("该表决事项"))
    }

    /// The chair opens the vote on a matter: the core's `agenda::check_open` (what must be voted
    /// first is closed) and `vote::apply(Open)` (a draft, a quorum of the members on the day
    /// signed in).
    pub async fn open_vote(&self, actor: &Actor, id: VoteId) -> Result<ItemRow> {
        let congress = self.congress_of_item(id).await?;
        self.check_run(actor.role, Action::Edit, congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let r = self.ready(w.conn(), id).await?;
        let items = super::items_on(w.conn(), r.item.meeting).await?;
        let list: Vec<VoteItem> = items.iter().map(ItemRow::vote_item).collect();
        let closed = items.iter().filter(|i| i.state == VoteState::Closed).map(|i| i.id).collect();
        agenda::check_open(&list, &closed, id)?;
        let open = items.iter().filter(|i| i.state == VoteState::Open).map(|i| i.id).collect();
        agenda::check_none_open(&list, &open, id)?;
        let settings = super::settings::settings_on(w.conn(), congress).await?;
        super::personnel::check_ready(w.conn(), id, &settings).await?;
        let members = r.sitting.member_set();
        let step = vote::apply(&r.vote, &Command::Open, &Facts { members: &members, present: &r.present })?;
        sqlx::query("UPDATE meeting_items SET vote_state = $2, members = $3, opened_at = $4 WHERE id = $1")
            .bind(id.0)
            .bind(step.vote.state().code())
            .bind(step.vote.members() as i64)
            .bind(w.at().to_owned())
            .execute(w.conn())
            .await?;
        w.record(
            "meeting.vote_open",
            "meeting_item",
            id.0,
            Some(&serde_json::json!({ "state": r.vote.state() })),
            Some(&serde_json::json!({ "state": step.vote.state(), "events": step.events })),
        )
        .await?;
        let item = item_on(w.conn(), id).await?;
        w.commit().await?;
        Ok(item)
    }

    /// The matters of meeting `meeting` the actor (a deputy) has voted on — so their page offers
    /// a vote only where they have none. Not what they chose: a secret vote cannot tell.
    pub async fn voted_in(&self, actor: &Actor, meeting: super::MeetingId) -> Result<BTreeSet<VoteId>> {
        let Some(person) = actor.role.deputy() else { return Ok(BTreeSet::new()) };
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT r.item_id FROM meeting_vote_roll r JOIN meeting_items i ON i.id = r.item_id
              WHERE i.meeting_id = $1 AND r.person_id = $2 AND r.choice <> $3
             UNION
             SELECT v.item_id FROM meeting_vote_voters v JOIN meeting_items i ON i.id = v.item_id
              WHERE i.meeting_id = $1 AND v.person_id = $2",
        )
        .bind(meeting.0)
        .bind(person.0)
        .bind(Choice::NotVoted.code())
        .fetch_all(self.pool())
        .await?;
        Ok(ids.into_iter().map(VoteId).collect())
    }

    /// A member's own vote (the core's `attendance::voter` and `vote::apply(Cast)`: the vote
    /// open, a member present, once). An open vote's choice goes on its roll; a secret one's
    /// voter and choice go to two tables that nothing joins.
    pub async fn cast_vote(&self, actor: &Actor, id: VoteId, chosen: Choice) -> Result<()> {
        let congress = self.congress_of_item(id).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let r = self.ready(w.conn(), id).await?;
        self.check_take_part(actor.role, Action::Edit, &r.sitting)?;
        let voter = attendance::voter(actor.role)?;
        let members = r.sitting.member_set();
        let command = Command::Cast { voter, choice: chosen };
        let step = vote::apply(&r.vote, &command, &Facts { members: &members, present: &r.present })?;
        for event in &step.events {
            match event {
                Event::Voted { voter, choice: Some(c) } => {
                    sqlx::query("INSERT INTO meeting_vote_roll (item_id, person_id, choice) VALUES ($1, $2, $3)")
                        .bind(id.0)
                        .bind(voter.0)
                        .bind(c.code())
                        .execute(w.conn())
                        .await?;
                }
                Event::Voted { voter, choice: None } => {
                    sqlx::query("INSERT INTO meeting_vote_voters (item_id, person_id) VALUES ($1, $2)")
                        .bind(id.0)
                        .bind(voter.0)
                        .execute(w.conn())
                        .await?;
                }
                Event::Chosen { choice } => {
                    let key = hex::encode(rand::random::<[u8; 16]>());
                    sqlx::query("INSERT INTO meeting_vote_choices (item_id, choice_key, choice) VALUES ($1, $2, $3)")
                        .bind(id.0)
                        .bind(&key)
                        .bind(choice.code())
                        .execute(w.conn())
                        .await?;
                }
                Event::Opened { .. } | Event::Closed { .. } | Event::Counted { .. } => {}
            }
        }
        // Who voted; what they chose only where the roll is kept.
        let after = match r.item.secrecy {
            Secrecy::Open => serde_json::json!({ "voter": voter, "choice": chosen }),
            Secrecy::Secret => serde_json::json!({ "voter": voter }),
        };
        w.record("meeting.vote_cast", "meeting_item", id.0, None::<&()>, Some(&after)).await?;
        w.commit().await
    }

    /// What a closed vote decides, in its transaction: the appointment or removal cases voted
    /// as `id`, and the revocation of a normative document it put.
    async fn after_vote(&self, w: &mut WriteTx, id: VoteId, passed: bool) -> Result<()> {
        super::personnel::decide_cases(w, id, passed).await?;
        crate::filing::review::decide_revocation(w, id, passed, self.today()).await
    }

    /// The chair closes the vote (the core's `vote::apply(Close)`): those present who did not
    /// vote are recorded as 未表决 (on the roll of an open vote; counted for a secret one), and
    /// the tally, the votes needed, the verdict and the text read out are frozen.
    pub async fn close_vote(&self, actor: &Actor, id: VoteId) -> Result<ItemRow> {
        let congress = self.congress_of_item(id).await?;
        self.check_run(actor.role, Action::Edit, congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let r = self.ready(w.conn(), id).await?;
        let members = r.sitting.member_set();
        let step = vote::apply(&r.vote, &Command::Close, &Facts { members: &members, present: &r.present })?;
        let Some(a) = step.vote.announcement() else {
            return Err(StoreError::Internal("a closed vote without its announcement".into()));
        };
        if r.item.secrecy == Secrecy::Open {
            for event in &step.events {
                if let Event::Closed { not_voted, .. } = event {
                    for p in not_voted {
                        sqlx::query("INSERT INTO meeting_vote_roll (item_id, person_id, choice) VALUES ($1, $2, $3)")
                            .bind(id.0)
                            .bind(p.0)
                            .bind(Choice::NotVoted.code())
                            .execute(w.conn())
                            .await?;
                    }
                }
            }
        }
        let t = a.tally;
        sqlx::query(
            "UPDATE meeting_items SET vote_state = $2, yes = $3, no = $4, abstain = $5, not_voted = $6, needed = $7,
                 passed = $8, announced = $9, closed_at = $10 WHERE id = $1",
        )
        .bind(id.0)
        .bind(step.vote.state().code())
        .bind(t.yes as i64)
        .bind(t.no as i64)
        .bind(t.abstain as i64)
        .bind(t.not_voted as i64)
        .bind(a.needed as i64)
        .bind(i64::from(a.passed))
        .bind(a.text())
        .bind(w.at().to_owned())
        .execute(w.conn())
        .await?;
        self.after_vote(&mut w, id, a.passed).await?;
        w.record(
            "meeting.vote_close",
            "meeting_item",
            id.0,
            Some(&serde_json::json!({ "state": r.vote.state() })),
            Some(&serde_json::json!({ "state": step.vote.state(), "events": step.events, "announced": a.text() })),
        )
        .await?;
        let mut item = item_on(w.conn(), id).await?;
        item.voted = voted_count(w.conn(), &item).await?;
        w.commit().await?;
        Ok(item)
    }

    /// The clerk records a vote counted in the room — a show of hands or paper ballots, counted
    /// by two tellers — when nobody has voted on a device (the core's `vote::apply(Count)`: the
    /// vote open, no device vote, paper only for a secret vote, two members present as tellers,
    /// no more votes than members present). The vote closes at once: the tally (those present
    /// beyond the counts are 未表决), the votes needed, the verdict, the text read out, the
    /// method and the tellers are frozen.
    pub async fn record_count(&self, actor: &Actor, id: VoteId, count: &NewCount) -> Result<ItemRow> {
        let congress = self.congress_of_item(id).await?;
        self.check_run(actor.role, Action::Edit, congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let r = self.ready(w.conn(), id).await?;
        let members = r.sitting.member_set();
        let command = Command::Count {
            method: count.method,
            yes: count.yes,
            no: count.no,
            abstain: count.abstain,
            tellers: count.tellers,
        };
        let step = vote::apply(&r.vote, &command, &Facts { members: &members, present: &r.present })?;
        let (Some(a), Some(c)) = (step.vote.announcement(), step.vote.counted()) else {
            return Err(StoreError::Internal("a counted vote without its announcement".into()));
        };
        let t = a.tally;
        sqlx::query(
            "UPDATE meeting_items SET vote_state = $2, yes = $3, no = $4, abstain = $5, not_voted = $6, needed = $7,
                 passed = $8, announced = $9, closed_at = $10, counted_by = $11, teller_1 = $12, teller_2 = $13
             WHERE id = $1",
        )
        .bind(id.0)
        .bind(step.vote.state().code())
        .bind(t.yes as i64)
        .bind(t.no as i64)
        .bind(t.abstain as i64)
        .bind(t.not_voted as i64)
        .bind(a.needed as i64)
        .bind(i64::from(a.passed))
        .bind(a.text())
        .bind(w.at().to_owned())
        .bind(c.method.code())
        .bind(c.tellers[0].0)
        .bind(c.tellers[1].0)
        .execute(w.conn())
        .await?;
        self.after_vote(&mut w, id, a.passed).await?;
        w.record(
            "meeting.vote_count",
            "meeting_item",
            id.0,
            Some(&serde_json::json!({ "state": r.vote.state() })),
            Some(&serde_json::json!({ "state": step.vote.state(), "events": step.events, "announced": a.text() })),
        )
        .await?;
        let item = item_on(w.conn(), id).await?;
        w.commit().await?;
        Ok(item)
    }

    /// Who chose what on an open vote, by rank (with 未表决 once closed), for whoever reads the
    /// meeting; `None` for a secret vote, whose roll is never kept, and for a vote counted in
    /// the room, which has none.
    pub async fn vote_roll(&self, actor: &Actor, id: VoteId) -> Result<Option<Vec<(PersonId, String, Choice)>>> {
        let mut conn = self.pool().acquire().await?;
        let item = item_on(&mut conn, id).await?;
        let s = self.sitting_on(&mut conn, item.meeting).await?;
        self.check_take_part(actor.role, Action::View, &s).map_err(|_| StoreError::NotFound("该表决事项"))?;
        let vote = stored_vote(&mut conn, &item).await?;
        let Some(roll) = vote.roll() else { return Ok(None) };
        let mut out = Vec::with_capacity(roll.len());
        for (person, c) in roll {
            let name: String = sqlx::query_scalar("SELECT name FROM persons WHERE id = $1")
                .bind(person.0)
                .fetch_one(&mut *conn)
                .await?;
            out.push((*person, name, *c));
        }
        let rank = |p: &PersonId| s.members.iter().position(|m| m.person == *p).unwrap_or(usize::MAX);
        out.sort_by_key(|(p, _, _)| (rank(p), *p));
        Ok(Some(out))
    }
}
