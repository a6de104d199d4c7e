//! Deputies' evaluation ballots (代表评议 / 工作评议) in the store.
//!
//! Staff prepare a ballot (departments of the congress and/or reports as subjects), open it —
//! which takes the snapshot of the deputies entitled to vote, those in office that day — and
//! close it. A deputy votes once: the core's `ballot::cast` checks the voter against the marks
//! already stored, and one transaction writes the mark (`ballot_marks`: who has voted) and the
//! paper (`ballot_papers`: the choices under a random key, with no person, time or sequence).
//! Nothing ever joins the two: results come from the papers and the number of marks only, and
//! the audit entry of a vote says who voted, never what they chose.

use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::Date;
use renda_core::ErrorCode;
use renda_core::event::{BallotReminder, Event};
pub use renda_core::ids::BallotId;
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::OrgKind;
use renda_core::oversight::ballot::{
    self, Ballot, BallotState, Results, SecretBallot, Subject, SubjectId, SubjectKind, VoterRoll,
};
use renda_core::policy::{Action, Resource, Role, Target, decide};
use renda_core::suggestion::Satisfaction;
use serde::Serialize;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeSet;

#[derive(Clone, Debug, Serialize)]
pub struct BallotRow {
    pub id: BallotId,
    pub congress: OrgId,
    pub title: String,
    pub state: BallotState,
    pub opens_on: jiff::civil::Date,
    pub closes_on: jiff::civil::Date,
    pub subjects: Vec<Subject>,
    /// Deputies entitled to vote (0 until it opens).
    pub electorate: i64,
    /// Deputies who have voted.
    pub voted: i64,
}

/// A new ballot as a form gives it.
#[derive(Clone, Debug)]
pub struct NewBallot {
    pub title: String,
    pub opens_on: Date,
    pub closes_on: Date,
    /// Departments (units of the congress) to evaluate, in this order, then
    pub departments: Vec<OrgId>,
    /// reports, by name.
    pub reports: Vec<String>,
}

async fn subjects_of(conn: &mut AnyConnection, id: BallotId) -> Result<Vec<Subject>> {
    let rows: Vec<(i64, String, Option<i64>)> =
        sqlx::query_as("SELECT id, name, org_id FROM ballot_subjects WHERE ballot_id = $1 ORDER BY position")
            .bind(id.0)
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(sid, name, org)| Subject {
            id: SubjectId(sid),
            name,
            kind: org.map_or(SubjectKind::Report, |o| SubjectKind::Department(OrgId(o))),
        })
        .collect())
}

async fn persons(conn: &mut AnyConnection, table: &'static str, id: BallotId) -> Result<BTreeSet<PersonId>> {
    let sql = match table {
        "marks" => "SELECT person_id FROM ballot_marks WHERE ballot_id = $1",
        _ => "SELECT person_id FROM ballot_electorate WHERE ballot_id = $1",
    };
    let rows: Vec<i64> = sqlx::query_scalar(sql).bind(id.0).fetch_all(conn).await?;
    Ok(rows.into_iter().map(PersonId).collect())
}

/// The electorate without a mark, by name: who has not voted.
async fn non_voters(conn: &mut AnyConnection, id: BallotId) -> Result<Vec<(PersonId, String)>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT e.person_id, p.name FROM ballot_electorate e JOIN persons p ON p.id = e.person_id
         WHERE e.ballot_id = $1
           AND NOT EXISTS (SELECT 1 FROM ballot_marks m WHERE m.ballot_id = e.ballot_id AND m.person_id = e.person_id)
         ORDER BY p.name, e.person_id",
    )
    .bind(id.0)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(p, n)| (PersonId(p), n)).collect())
}

/// The core's ballot as stored (an open or closed one has its electorate).
fn core_ballot(row: &BallotRow, electorate: BTreeSet<PersonId>) -> Result<Ballot> {
    let mut b = Ballot::new(row.subjects.clone(), electorate).map_err(StoreError::Refused)?;
    b.state = row.state;
    Ok(b)
}

impl Store {
    async fn check_ballot(&self, role: Role, action: Action, congress: OrgId) -> Result<()> {
        let path = self.congress_path(congress).await?;
        decide(role, action, Resource::Oversight, &Target { congress_path: &path, ..Target::default() })?;
        Ok(())
    }

    /// Prepares a ballot. The core checks the subjects (at least one, none twice, each named).
    pub async fn create_ballot(&self, actor: &Actor, congress: OrgId, b: &NewBallot) -> Result<BallotId> {
        self.check_ballot(actor.role, Action::Create, congress).await?;
        let mut departments = Vec::with_capacity(b.departments.len());
        for d in &b.departments {
            departments.push(self.org(*d).await?);
        }
        let here: Vec<bool> =
            departments.iter().map(|o| matches!(o.kind, OrgKind::Unit(_)) && o.parent == Some(congress)).collect();
        let title = ballot::check_new(&b.title, b.opens_on, b.closes_on, &here)?;
        let title = title.as_str();
        let mut subjects = Vec::new();
        for (i, (d, o)) in b.departments.iter().zip(&departments).enumerate() {
            subjects.push(Subject {
                id: SubjectId(-(i as i64) - 1),
                name: o.name.to_string(),
                kind: SubjectKind::Department(*d),
            });
        }
        for (i, r) in b.reports.iter().filter(|r| !r.trim().is_empty()).enumerate() {
            subjects.push(Subject {
                id: SubjectId(-1000 - i as i64),
                name: r.trim().to_owned(),
                kind: SubjectKind::Report,
            });
        }
        // The electorate is taken at opening; a placeholder lets the core check the subjects now.
        Ballot::new(subjects.clone(), BTreeSet::from([PersonId(0)])).map_err(StoreError::Refused)?;
        let now = self.now_text();
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO ballots (congress_id, title, state, opens_on, closes_on, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(congress.0)
        .bind(title)
        .bind(BallotState::Prepared.code())
        .bind(b.opens_on.to_string())
        .bind(b.closes_on.to_string())
        .bind(&now)
        .fetch_one(w.conn())
        .await?;
        for (pos, s) in subjects.iter().enumerate() {
            let org = match s.kind {
                SubjectKind::Department(o) => Some(o.0),
                SubjectKind::Report => None,
            };
            sqlx::query("INSERT INTO ballot_subjects (ballot_id, position, name, org_id) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(pos as i64)
                .bind(&s.name)
                .bind(org)
                .execute(w.conn())
                .await?;
        }
        let names: Vec<&str> = subjects.iter().map(|s| s.name.as_str()).collect();
        w.record(
            "ballot.create",
            "ballot",
            id,
            None::<&()>,
            Some(&serde_json::json!({ "title": title, "subjects": names })),
        )
        .await?;
        w.commit().await?;
        Ok(BallotId(id))
    }

    /// One ballot, for staff of its congress and above, and for a deputy entitled to vote in it
    /// once it is open; for anyone else it does not exist.
    pub async fn ballot(&self, actor: &Actor, id: BallotId) -> Result<BallotRow> {
        let b = self.ballot_unchecked(id).await?;
        self.check_can_view_ballot(&b, actor.role).await?;
        Ok(b)
    }

    /// One ballot, unchecked: the store's own paths, which check the policy next or list what
    /// the caller may see.
    pub(crate) async fn ballot_unchecked(&self, id: BallotId) -> Result<BallotRow> {
        let mut conn = self.pool().acquire().await?;
        let r = sqlx::query("SELECT id, congress_id, title, state, opens_on, closes_on FROM ballots WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(StoreError::NotFound("该评议投票"))?;
        let state: String = r.try_get(3)?;
        let electorate: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ballot_electorate WHERE ballot_id = $1")
            .bind(id.0)
            .fetch_one(&mut *conn)
            .await?;
        let voted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ballot_marks WHERE ballot_id = $1")
            .bind(id.0)
            .fetch_one(&mut *conn)
            .await?;
        Ok(BallotRow {
            id,
            congress: OrgId(r.try_get(1)?),
            title: r.try_get(2)?,
            state: BallotState::from_code(&state)
                .ok_or_else(|| StoreError::Internal(format!("ballot state {state}")))?,
            opens_on: crate::columns::date(&r, 4)?,
            closes_on: crate::columns::date(&r, 5)?,
            subjects: subjects_of(&mut conn, id).await?,
            electorate,
            voted,
        })
    }

    /// Staff of the congress and above read a ballot; a deputy reads it once it is open and
    /// they are entitled to vote in it.
    async fn check_can_view_ballot(&self, b: &BallotRow, role: Role) -> Result<()> {
        if let Role::Deputy { person } = role {
            if b.state != BallotState::Prepared && self.is_entitled(b.id, person).await? {
                return Ok(());
            }
            return Err(StoreError::NotFound("该评议投票"));
        }
        self.check_ballot(role, Action::View, b.congress).await.map_err(|_| StoreError::NotFound("该评议投票"))
    }

    pub(crate) async fn is_entitled(&self, id: BallotId, person: PersonId) -> Result<bool> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM ballot_electorate WHERE ballot_id = $1 AND person_id = $2")
                .bind(id.0)
                .bind(person.0)
                .fetch_one(self.pool())
                .await?;
        Ok(n > 0)
    }

    pub async fn has_voted(&self, id: BallotId, person: PersonId) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ballot_marks WHERE ballot_id = $1 AND person_id = $2")
            .bind(id.0)
            .bind(person.0)
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }

    /// The deputies entitled to vote who have not voted yet (by name), for the clerk of the
    /// ballot's congress only. Read from the electorate and the marks: the papers are never
    /// looked at, so this says nothing about any choice.
    pub async fn ballot_non_voters(&self, actor: &Actor, id: BallotId) -> Result<Vec<(PersonId, String)>> {
        let row = self.ballot_unchecked(id).await?;
        self.check_ballot(actor.role, Action::Edit, row.congress).await?;
        let mut conn = self.pool().acquire().await?;
        non_voters(&mut conn, id).await
    }

    /// Sends each deputy who has not voted yet a reminder (through the notification consumer,
    /// which follows the audited `ballot.remind`). Once a day per ballot; only while it is open.
    /// Returns how many deputies are reminded.
    pub async fn remind_non_voters(&self, actor: &Actor, id: BallotId, today: Date) -> Result<usize> {
        let row = self.ballot_unchecked(id).await?;
        self.check_ballot(actor.role, Action::Edit, row.congress).await?;
        let mut w = self.begin_write(Chain::Congress(row.congress), actor.user).await?;
        // Read under the chain's lock: two clerks pressing at once remind once.
        let earlier: Vec<Option<String>> = sqlx::query_scalar(
            "SELECT after_json FROM audit_log WHERE entity = 'ballot' AND entity_id = $1 AND action = 'ballot.remind'",
        )
        .bind(id.0.to_string())
        .fetch_all(w.conn())
        .await?;
        let reminded_today =
            earlier.iter().flatten().any(|a| serde_json::from_str::<BallotReminder>(a).is_ok_and(|r| r.day == today));
        let persons: Vec<PersonId> = non_voters(w.conn(), id).await?.into_iter().map(|(p, _)| p).collect();
        ballot::check_reminder(row.state, reminded_today, persons.len())?;
        let reminder = BallotReminder { day: today, persons };
        let event = Event::BallotReminded { id, reminder: reminder.clone() };
        w.record_event(&event, None::<&()>, Some(&reminder)).await?;
        let persons = reminder.persons;
        w.commit().await?;
        Ok(persons.len())
    }

    /// Opens the vote on `today`: the deputies of the congress in office that day become the
    /// electorate (a snapshot: later changes of the roster do not change who may vote).
    pub async fn open_ballot(&self, actor: &Actor, id: BallotId, today: Date) -> Result<BallotRow> {
        let row = self.ballot_unchecked(id).await?;
        self.check_ballot(actor.role, Action::Edit, row.congress).await?;
        ballot::check_open(row.state)?;
        let day = today.to_string();
        let people: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT person_id FROM deputyships WHERE congress_id = $1 AND start_date <= $2
             AND (end_date IS NULL OR end_date >= $2)",
        )
        .bind(row.congress.0)
        .bind(&day)
        .fetch_all(self.pool())
        .await?;
        let electorate: BTreeSet<PersonId> = people.into_iter().map(PersonId).collect();
        let opened = core_ballot(&row, electorate.clone())?.open().map_err(StoreError::Refused)?;
        let mut w = self.begin_write(Chain::Congress(row.congress), actor.user).await?;
        let changed = sqlx::query("UPDATE ballots SET state = $2, updated_at = $3 WHERE id = $1 AND state = $4")
            .bind(id.0)
            .bind(opened.state.code())
            .bind(self.now_text())
            .bind(BallotState::Prepared.code())
            .execute(w.conn())
            .await?
            .rows_affected();
        if changed != 1 {
            return Err(StoreError::refused(ErrorCode::BallotAlreadyOpen, "评议投票已经开始。".into()));
        }
        for p in &electorate {
            sqlx::query("INSERT INTO ballot_electorate (ballot_id, person_id) VALUES ($1, $2)")
                .bind(id.0)
                .bind(p.0)
                .execute(w.conn())
                .await?;
        }
        w.record(
            "ballot.open",
            "ballot",
            id.0,
            Some(&serde_json::json!({ "state": row.state.code() })),
            Some(
                &serde_json::json!({ "state": opened.state.code(), "opened_on": day, "electorate": electorate.len() }),
            ),
        )
        .await?;
        w.commit().await?;
        self.ballot_unchecked(id).await
    }

    /// Ends the vote; results may be read from now on.
    pub async fn close_ballot(&self, actor: &Actor, id: BallotId) -> Result<BallotRow> {
        let row = self.ballot_unchecked(id).await?;
        self.check_ballot(actor.role, Action::Edit, row.congress).await?;
        let mut w = self.begin_write(Chain::Congress(row.congress), actor.user).await?;
        let electorate = persons(w.conn(), "electorate", id).await?;
        ballot::check_close(row.state)?;
        let closed = core_ballot(&row, electorate)?.close()?;
        sqlx::query("UPDATE ballots SET state = $2, updated_at = $3 WHERE id = $1")
            .bind(id.0)
            .bind(closed.state.code())
            .bind(self.now_text())
            .execute(w.conn())
            .await?;
        w.record(
            "ballot.close",
            "ballot",
            id.0,
            Some(&serde_json::json!({ "state": row.state.code() })),
            Some(&serde_json::json!({ "state": closed.state.code(), "voted": row.voted })),
        )
        .await?;
        w.commit().await?;
        self.ballot_unchecked(id).await
    }

    /// A deputy's vote: one choice per subject. The mark and the paper are written in one
    /// transaction; a second vote, a deputy not entitled, a closed ballot or an incomplete
    /// paper are refused and store nothing.
    pub async fn cast_ballot(&self, actor: &Actor, id: BallotId, marks: &[(SubjectId, Satisfaction)]) -> Result<()> {
        let person = ballot::voter(actor.role)?;
        let row = self.ballot_unchecked(id).await?;
        // Claiming the congress's chain first serialises the votes of one ballot, so the roll
        // read below cannot miss a vote committed in between.
        let mut w = self.begin_write(Chain::Congress(row.congress), actor.user).await?;
        let state: String =
            sqlx::query_scalar("SELECT state FROM ballots WHERE id = $1").bind(id.0).fetch_one(w.conn()).await?;
        let row = BallotRow { state: BallotState::from_code(&state).unwrap_or(row.state), ..row };
        let electorate = persons(w.conn(), "electorate", id).await?;
        ballot::check_opened(row.state, !electorate.is_empty())?;
        let roll = VoterRoll::new(persons(w.conn(), "marks", id).await?);
        let cast = ballot::cast(&core_ballot(&row, electorate)?, &roll, person, marks).map_err(StoreError::Refused)?;
        sqlx::query("INSERT INTO ballot_marks (ballot_id, person_id) VALUES ($1, $2)")
            .bind(id.0)
            .bind(cast.mark.voter.0)
            .execute(w.conn())
            .await?;
        let key = hex::encode(rand::random::<[u8; 16]>());
        for (s, choice) in row.subjects.iter().zip(cast.ballot.choices()) {
            sqlx::query("INSERT INTO ballot_papers (ballot_id, paper_key, subject_id, choice) VALUES ($1, $2, $3, $4)")
                .bind(id.0)
                .bind(&key)
                .bind(s.id.0)
                .bind(choice.code())
                .execute(w.conn())
                .await?;
        }
        // Who voted, never what: the entry names the voter and nothing of the paper.
        w.record("ballot.vote", "ballot", id.0, None::<&()>, Some(&serde_json::json!({ "voter": person }))).await?;
        w.commit().await?;
        Ok(())
    }

    /// Results of a closed ballot, per subject with the turnout, from the papers and the number
    /// of marks (never matched to each other).
    pub async fn ballot_results(&self, role: Role, id: BallotId) -> Result<Results> {
        let row = self.ballot_unchecked(id).await?;
        self.check_can_view_ballot(&row, role).await?;
        let mut conn = self.pool().acquire().await?;
        let electorate = persons(&mut conn, "electorate", id).await?;
        ballot::check_results(!electorate.is_empty())?;
        let b = core_ballot(&row, electorate)?;
        let voted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ballot_marks WHERE ballot_id = $1")
            .bind(id.0)
            .fetch_one(&mut *conn)
            .await?;
        // The roll is only counted: fresh ids of the right number, no person of the real roll.
        let roll = VoterRoll::new((1..=voted).map(PersonId));
        let rows: Vec<(String, i64, String)> = sqlx::query_as(
            "SELECT p.paper_key, s.position, p.choice FROM ballot_papers p JOIN ballot_subjects s ON s.id = p.subject_id
             WHERE p.ballot_id = $1 ORDER BY p.paper_key, s.position",
        )
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?;
        let mut papers = Vec::new();
        let mut current: Option<(String, Vec<Satisfaction>)> = None;
        for (key, _, choice) in rows {
            let c = Satisfaction::from_code(&choice)
                .ok_or_else(|| StoreError::Internal(format!("ballot choice {choice}")))?;
            match &mut current {
                Some((k, v)) if *k == key => v.push(c),
                _ => {
                    if let Some((_, v)) = current.take() {
                        papers.push(SecretBallot::from_stored(&b, v).map_err(StoreError::Refused)?);
                    }
                    current = Some((key, vec![c]));
                }
            }
        }
        if let Some((_, v)) = current {
            papers.push(SecretBallot::from_stored(&b, v).map_err(StoreError::Refused)?);
        }
        ballot::tally(&b, &roll, &papers).map_err(StoreError::Refused)
    }

    /// The deputies entitled to vote (empty until the vote opens).
    pub async fn ballot_electorate(&self, id: BallotId) -> Result<Vec<PersonId>> {
        let mut conn = self.pool().acquire().await?;
        Ok(persons(&mut conn, "electorate", id).await?.into_iter().collect())
    }

    /// The ballots of the congresses `actor` may list ([`Store::listable_congresses`]: staff
    /// of a congress and those below, the admin everywhere), newest first; none for the others
    /// (a deputy's are [`Store::ballots_of_deputy`]).
    pub async fn list_ballots(&self, actor: &Actor) -> Result<Vec<BallotRow>> {
        let congresses = self.listable_congresses(actor).await?;
        if congresses.is_empty() {
            return Ok(Vec::new());
        }
        let list = congresses.iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(",");
        let ids: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT id FROM ballots WHERE congress_id IN ({list}) ORDER BY id DESC"
        )))
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.ballot_unchecked(BallotId(id)).await?);
        }
        Ok(out)
    }

    /// The open or closed ballots a deputy is entitled to, newest first, with whether they
    /// voted: for the deputy (and the admin).
    pub async fn ballots_of_deputy(&self, actor: &Actor, person: PersonId) -> Result<Vec<(BallotRow, bool)>> {
        decide(actor.role, Action::View, Resource::Deputy, &Target { persons: &[person], ..Target::default() })?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT b.id FROM ballots b JOIN ballot_electorate e ON e.ballot_id = b.id WHERE e.person_id = $1 ORDER BY b.id DESC",
        )
        .bind(person.0)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let b = self.ballot_unchecked(BallotId(id)).await?;
            let voted = self.has_voted(b.id, person).await?;
            out.push((b, voted));
        }
        Ok(out)
    }
}
