//! Personnel cases in the store (任免案, issue 17): the posts a committee appoints to, each case
//! from its filing through the clerk's check and the agenda to its vote (the core's
//! `meeting::case`), the law exam, the nominee's statement and the defence of a dismissal, the
//! oath after appointment, the register of those appointed, and what a meeting decided about
//! people for its 任免公告 and 任命书.
//!
//! The policy is the meetings' (`Resource::Meeting`, run by the congress's staff: `check_run`).
//! A case's vote is its agenda item: scheduling creates the item in the same transaction, opening
//! the vote asks [`check_ready`] (exam, defence), and closing it decides the case
//! ([`decide_cases`]) in the vote's own transaction.

use super::settings::settings_on;
use super::{ItemRow, MeetingId, VoteId, items_on, meeting_on, memberships_of};
use crate::audit::{Chain, WriteTx};
use crate::files::Upload;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::Date;
use renda_core::ids::{CaseId, ExamId, OrgId, PersonId, PostId, UserId};
use renda_core::meeting::agenda::{Matter, Nominee};
use renda_core::meeting::appointment::{self, ExamSitting, FailedNomination, Proposer};
use renda_core::meeting::case::{self, CaseState, Command, Material, OathMode, StatementMode};
use renda_core::meeting::{self as rules, MeetingKind, Settings};
use renda_core::official::appointment::{Action as Personnel, Decision, Entry};
use renda_core::person::Term;
use renda_core::policy::Action;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A post as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PostRow {
    pub id: PostId,
    pub congress: OrgId,
    pub organ: OrgId,
    pub organ_name: String,
    pub title: String,
}

/// Who a case names: someone on record, or a new person by name.
#[derive(Clone, Debug)]
pub enum NomineeRef {
    Existing(PersonId),
    New { name: String },
}

/// A case as the proposing body files it (registered by the clerk).
#[derive(Clone, Debug)]
pub struct NewCase {
    pub meeting: MeetingId,
    pub action: Personnel,
    pub proposer: Proposer,
    /// Members' signatures, for a dismissal proposed by members jointly.
    pub signatures: usize,
    pub person: NomineeRef,
    pub post: PostId,
    pub filed_on: Date,
    /// The files filed with it, each as the material it is.
    pub files: Vec<(Material, Upload)>,
}

/// A sitting of the law exam as the clerk records it: who, for which post (the exam holds for
/// its organ), when, the score when one is kept, and whether it was passed.
#[derive(Clone, Copy, Debug)]
pub struct NewExam {
    pub person: PersonId,
    pub post: PostId,
    pub sat_on: Date,
    pub score: Option<u32>,
    pub passed: bool,
}

/// A step the clerk takes on a case by hand (scheduling and the vote are their own).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Accept it: its materials are complete.
    Accept,
    /// Send it back to the proposing body, saying why.
    Return(String),
    /// The proposing body files it again.
    Refile,
    /// The proposing body withdrew it, for this reason.
    Withdraw(String),
}

/// A case as listed.
#[derive(Clone, Debug, Serialize)]
pub struct CaseRow {
    pub id: CaseId,
    pub congress: OrgId,
    pub meeting: MeetingId,
    pub meeting_title: String,
    pub meeting_on: Date,
    pub term: Term,
    pub proposer: Proposer,
    pub action: Personnel,
    pub person: PersonId,
    pub name: String,
    pub post: PostId,
    pub post_title: String,
    /// The organ the nominee's law exam must hold for (`appointment::exam_organ`: the government
    /// as a whole for a department's post, else the court, procuratorate or 监委 itself).
    pub organ: OrgId,
    pub signatures: i64,
    pub filed_on: Date,
    pub state: CaseState,
    /// The reason of its last return, or of its withdrawal.
    pub reason: Option<String>,
    pub statement_mode: Option<StatementMode>,
    pub statement: Option<String>,
    pub defence: Option<String>,
    /// Its agenda item, once scheduled.
    pub item: Option<VoteId>,
}

impl CaseRow {
    /// The title the chair reads: 关于任命张三为示范市教育局局长的议案.
    pub fn title(&self) -> String {
        case::case_title(self.action, &self.name, &self.post_title)
    }

    fn nominee(&self) -> Nominee {
        Nominee { person: self.person, post: self.post }
    }
}

/// A file filed with a case.
#[derive(Clone, Debug, Serialize)]
pub struct CaseFile {
    pub material: Material,
    pub hash: String,
    pub filename: String,
}

/// A sitting of the law exam.
#[derive(Clone, Debug, Serialize)]
pub struct ExamRow {
    pub id: ExamId,
    pub person: PersonId,
    pub organ: OrgId,
    pub term: Term,
    pub sat_on: Date,
    pub score: Option<i64>,
    pub passed: bool,
}

impl ExamRow {
    fn sitting(&self) -> ExamSitting {
        ExamSitting { term: self.term, organ: self.organ, sat_on: self.sat_on, passed: self.passed }
    }
}

/// A 宪法宣誓 recorded.
#[derive(Clone, Debug, Serialize)]
pub struct OathRow {
    pub sworn_on: Date,
    pub mode: OathMode,
    pub supervisor: String,
}

/// A 任命书 issued.
#[derive(Clone, Debug, Serialize)]
pub struct CertificateRow {
    pub case: CaseId,
    pub number: String,
    pub filename: String,
    #[serde(skip)]
    pub file_hash: String,
    pub issued_at: String,
}

/// A case as its page shows it: the case, its files, the nominee's exam sittings for the term,
/// whether the exam holds for the post's organ, its vote once on the agenda, the oath and the
/// 任命书.
#[derive(Clone, Debug, Serialize)]
pub struct CaseView {
    pub case: CaseRow,
    pub files: Vec<CaseFile>,
    pub missing: Vec<Material>,
    pub exams: Vec<ExamRow>,
    pub exam_passed: bool,
    pub vote: Option<ItemRow>,
    pub oath: Option<OathRow>,
    pub certificate: Option<CertificateRow>,
}

/// One appointed official in the register (任命人员名册).
#[derive(Clone, Debug, Serialize)]
pub struct RegisterRow {
    pub case: CaseId,
    pub term: Term,
    pub person: PersonId,
    pub name: String,
    pub post_title: String,
    pub organ_name: String,
    pub meeting_title: String,
    pub decided_on: Date,
    pub yes: i64,
    pub no: i64,
    pub abstain: i64,
    pub members: i64,
    /// The day the exam was passed, for the term and organ.
    pub exam_on: Option<Date>,
    pub oath: Option<OathRow>,
    pub certificate: Option<String>,
    /// The day a later decision removed them from the post (免职, 撤职, 辞职), if one did.
    pub until: Option<Date>,
}

const CASE_SELECT: &str = "SELECT c.id, c.congress_id, c.meeting_id, m.title AS meeting_title, m.held_on, c.term,
        c.proposer, c.action, c.person_id, p.name, c.post_id, po.title AS post_title, po.organ_id, o.kind AS organ_kind,
        c.signatures, c.filed_on, c.state, c.reason, c.statement_mode, c.statement, c.defence, c.item_id
   FROM personnel_cases c
   JOIN meetings m ON m.id = c.meeting_id
   JOIN persons p ON p.id = c.person_id
   JOIN posts po ON po.id = c.post_id
   JOIN organisations o ON o.id = po.organ_id";

/// The organ a law exam for a post in unit `unit` (of kind code `kind`) holds for (the core's
/// `appointment::exam_organ`).
fn exam_organ_of(kind: &str, unit: OrgId, congress: OrgId) -> Result<OrgId> {
    let kind =
        renda_core::org::OrgKind::from_code(kind).ok_or_else(|| StoreError::Internal(format!("org kind {kind}")))?;
    Ok(appointment::exam_organ(kind, unit, congress))
}

fn term_from(n: i64) -> Result<Term> {
    u16::try_from(n).map(Term).map_err(|_| StoreError::Internal(format!("term {n}")))
}

fn case_from(r: &AnyRow) -> Result<CaseRow> {
    let mode: Option<String> = r.try_get("statement_mode")?;
    Ok(CaseRow {
        id: CaseId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        meeting: MeetingId(r.try_get("meeting_id")?),
        meeting_title: r.try_get("meeting_title")?,
        meeting_on: crate::columns::date(r, "held_on")?,
        term: term_from(r.try_get("term")?)?,
        proposer: crate::columns::code(r, "proposer", Proposer::from_code)?,
        action: crate::columns::code(r, "action", Personnel::from_code)?,
        person: PersonId(r.try_get("person_id")?),
        name: r.try_get("name")?,
        post: PostId(r.try_get("post_id")?),
        post_title: r.try_get("post_title")?,
        organ: exam_organ_of(
            &r.try_get::<String, _>("organ_kind")?,
            OrgId(r.try_get("organ_id")?),
            OrgId(r.try_get("congress_id")?),
        )?,
        signatures: r.try_get("signatures")?,
        filed_on: crate::columns::date(r, "filed_on")?,
        state: crate::columns::code(r, "state", CaseState::from_code)?,
        reason: r.try_get("reason")?,
        statement_mode: mode.as_deref().and_then(StatementMode::from_code),
        statement: r.try_get("statement")?,
        defence: r.try_get("defence")?,
        item: r.try_get::<Option<i64>, _>("item_id")?.map(VoteId),
    })
}

async fn case_on(conn: &mut AnyConnection, id: CaseId) -> Result<CaseRow> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!("{CASE_SELECT} WHERE c.id = $1")))
        .bind(id.0)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound("该任免案"))?;
    case_from(&r)
}

async fn materials_on(conn: &mut AnyConnection, id: CaseId) -> Result<Vec<CaseFile>> {
    let rows = sqlx::query(
        "SELECT material, hash, filename FROM personnel_case_files WHERE case_id = $1 ORDER BY material, filename",
    )
    .bind(id.0)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CaseFile {
                material: crate::columns::code(r, "material", Material::from_code)?,
                hash: r.try_get("hash")?,
                filename: r.try_get("filename")?,
            })
        })
        .collect()
}

async fn exams_on(conn: &mut AnyConnection, person: PersonId, term: Term) -> Result<Vec<ExamRow>> {
    let rows = sqlx::query(
        "SELECT id, person_id, organ_id, term, sat_on, score, passed FROM law_exams WHERE person_id = $1 AND term = $2
         ORDER BY sat_on, id",
    )
    .bind(person.0)
    .bind(i64::from(term.0))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ExamRow {
                id: ExamId(r.try_get("id")?),
                person: PersonId(r.try_get("person_id")?),
                organ: OrgId(r.try_get("organ_id")?),
                term: term_from(r.try_get("term")?)?,
                sat_on: crate::columns::date(r, "sat_on")?,
                score: r.try_get("score")?,
                passed: r.try_get::<i64, _>("passed")? != 0,
            })
        })
        .collect()
}

async fn oath_on(conn: &mut AnyConnection, id: CaseId) -> Result<Option<OathRow>> {
    let r = sqlx::query("SELECT sworn_on, mode, supervisor FROM oaths WHERE case_id = $1")
        .bind(id.0)
        .fetch_optional(conn)
        .await?;
    r.map(|r| {
        Ok(OathRow {
            sworn_on: crate::columns::date(&r, "sworn_on")?,
            mode: crate::columns::code(&r, "mode", OathMode::from_code)?,
            supervisor: r.try_get("supervisor")?,
        })
    })
    .transpose()
}

async fn certificate_on(conn: &mut AnyConnection, id: CaseId) -> Result<Option<CertificateRow>> {
    let r = sqlx::query(
        "SELECT case_id, number, filename, file_hash, issued_at FROM appointment_certificates WHERE case_id = $1",
    )
    .bind(id.0)
    .fetch_optional(conn)
    .await?;
    r.map(|r| {
        Ok(CertificateRow {
            case: CaseId(r.try_get("case_id")?),
            number: r.try_get("number")?,
            filename: r.try_get("filename")?,
            file_hash: r.try_get("file_hash")?,
            issued_at: r.try_get("issued_at")?,
        })
    })
    .transpose()
}

/// The nominations of `congress` that failed (appointments voted down), for the bar on
/// proposing them again.
async fn failures_on(conn: &mut AnyConnection, congress: OrgId) -> Result<Vec<FailedNomination>> {
    let rows = sqlx::query(
        "SELECT c.person_id, c.post_id, c.term, m.held_on FROM personnel_cases c JOIN meetings m ON m.id = c.meeting_id
         WHERE c.congress_id = $1 AND c.action = $2 AND c.state = $3",
    )
    .bind(congress.0)
    .bind(Personnel::Appoint.code())
    .bind(CaseState::Failed.code())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(FailedNomination {
                nominee: Nominee { person: PersonId(r.try_get("person_id")?), post: PostId(r.try_get("post_id")?) },
                term: term_from(r.try_get("term")?)?,
                voted_on: crate::columns::date(r, "held_on")?,
            })
        })
        .collect()
}

/// Writes a case's new state (and the reason of a return or withdrawal) with its audit entry.
async fn set_state(w: &mut WriteTx, c: &CaseRow, next: CaseState, reason: Option<&str>, event: &str) -> Result<()> {
    let at = w.at().to_owned();
    sqlx::query("UPDATE personnel_cases SET state = $2, reason = COALESCE($3, reason), updated_at = $4 WHERE id = $1")
        .bind(c.id.0)
        .bind(next.code())
        .bind(reason)
        .bind(&at)
        .execute(w.conn())
        .await?;
    w.record(
        event,
        "personnel_case",
        c.id.0,
        Some(&serde_json::json!({ "state": c.state })),
        Some(&serde_json::json!({ "state": next, "reason": reason })),
    )
    .await
}

/// Whether the cases voted as `item` may be voted now (the core's `case::check_ready`: the exam
/// of an appointment, the defence of a dismissal), read inside the vote's transaction.
pub(crate) async fn check_ready(conn: &mut AnyConnection, item: VoteId, settings: &Settings) -> Result<()> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM personnel_cases WHERE item_id = $1 AND state = $2")
        .bind(item.0)
        .bind(CaseState::Scheduled.code())
        .fetch_all(&mut *conn)
        .await?;
    for id in ids {
        let c = case_on(conn, CaseId(id)).await?;
        let sittings: Vec<ExamSitting> = exams_on(conn, c.person, c.term).await?.iter().map(ExamRow::sitting).collect();
        case::check_ready(c.action, settings, &sittings, c.term, c.organ, c.defence.is_some())?;
    }
    Ok(())
}

/// Decides the cases voted as `item` with the vote's verdict, inside the vote's transaction.
pub(crate) async fn decide_cases(w: &mut WriteTx, item: VoteId, passed: bool) -> Result<()> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM personnel_cases WHERE item_id = $1 AND state = $2")
        .bind(item.0)
        .bind(CaseState::Scheduled.code())
        .fetch_all(w.conn())
        .await?;
    for id in ids {
        let c = case_on(w.conn(), CaseId(id)).await?;
        let next = case::apply(c.state, c.action, &Command::Decide { passed }, &[])?;
        set_state(w, &c, next, None, "personnel.decide").await?;
    }
    Ok(())
}

impl Store {
    /// Adds a post the committee appoints to, in its organ (a unit of the congress).
    pub async fn add_post(&self, actor: &Actor, congress: OrgId, organ: OrgId, title: &str) -> Result<PostId> {
        self.check_run(actor.role, Action::Edit, congress).await?;
        let title = case::check_post_title(title)?;
        let unit = self.org(organ).await?;
        if unit.kind.is_congress() || unit.parent != Some(congress) {
            return Err(StoreError::NotFound("该单位"));
        }
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM posts WHERE congress_id = $1 AND title = $2")
            .bind(congress.0)
            .bind(&title)
            .fetch_optional(w.conn())
            .await?;
        if let Some(id) = taken {
            return Ok(PostId(id));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO posts (congress_id, organ_id, title, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(congress.0)
        .bind(organ.0)
        .bind(&title)
        .bind(w.at().to_owned())
        .fetch_one(w.conn())
        .await?;
        let after = serde_json::json!({ "title": title, "organ": organ });
        w.record("personnel.post_add", "post", id, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(PostId(id))
    }

    /// The posts of `congress`, by title.
    pub async fn posts(&self, actor: &Actor, congress: OrgId) -> Result<Vec<PostRow>> {
        self.check_run(actor.role, Action::View, congress).await?;
        let rows = sqlx::query(
            "SELECT p.id, p.congress_id, p.organ_id, o.name AS organ_name, p.title FROM posts p
               JOIN organisations o ON o.id = p.organ_id WHERE p.congress_id = $1 ORDER BY p.title",
        )
        .bind(congress.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PostRow {
                    id: PostId(r.try_get("id")?),
                    congress: OrgId(r.try_get("congress_id")?),
                    organ: OrgId(r.try_get("organ_id")?),
                    organ_name: r.try_get("organ_name")?,
                    title: r.try_get("title")?,
                })
            })
            .collect()
    }

    /// Registers a case the proposing body filed, for a meeting of the standing committee (the
    /// core's `case::check_filing`: proposer, days before the meeting, the re-nomination bar;
    /// the members' signatures counted against the committee on the filing day), with its
    /// files. A new nominee is added to the persons on record in the same transaction.
    pub async fn file_case(&self, actor: &Actor, congress: OrgId, new: NewCase) -> Result<CaseId> {
        self.check_run(actor.role, Action::Edit, congress).await?;
        let checked = new.files.iter().map(|(m, u)| Ok((*m, u.check()?))).collect::<Result<Vec<_>>>()?;
        case::check_file_count(checked.len())?;
        let level = super::level_of(self.org(congress).await?.kind);
        let term = self.current_term(congress).await?;
        let name = match &new.person {
            NomineeRef::New { name } => Some(case::check_name(name)?),
            NomineeRef::Existing(_) => None,
        };
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let settings = settings_on(w.conn(), congress).await?;
        let meeting = meeting_on(w.conn(), new.meeting).await?;
        if meeting.congress != congress {
            return Err(StoreError::NotFound("该会议"));
        }
        case::check_meeting_kind(meeting.kind)?;
        let post_congress: Option<i64> = sqlx::query_scalar("SELECT congress_id FROM posts WHERE id = $1")
            .bind(new.post.0)
            .fetch_optional(w.conn())
            .await?;
        if post_congress != Some(congress.0) {
            return Err(StoreError::NotFound("该职务"));
        }
        let new_name = name.clone();
        let person = match (&new.person, name) {
            (NomineeRef::Existing(p), _) => {
                let found: Option<i64> = sqlx::query_scalar("SELECT id FROM persons WHERE id = $1")
                    .bind(p.0)
                    .fetch_optional(w.conn())
                    .await?;
                PersonId(found.ok_or(StoreError::NotFound("该人员"))?)
            }
            (NomineeRef::New { .. }, Some(name)) => PersonId(
                sqlx::query_scalar("INSERT INTO persons (name, created_at) VALUES ($1, $2) RETURNING id")
                    .bind(&name)
                    .bind(w.at().to_owned())
                    .fetch_one(w.conn())
                    .await?,
            ),
            (NomineeRef::New { .. }, None) => return Err(StoreError::Internal("a new nominee without a name".into())),
        };
        let memberships = memberships_of(w.conn(), congress, MeetingKind::StandingCommittee).await?;
        let total_members = level
            .map(|l| rules::composition(MeetingKind::StandingCommittee, l, &memberships, new.filed_on).len())
            .unwrap_or(0);
        let failures = failures_on(w.conn(), congress).await?;
        let nominee = Nominee { person, post: new.post };
        case::check_filing(&case::Filing {
            action: new.action,
            proposer: new.proposer,
            signatures: new.signatures,
            nominee,
            term,
            filed_on: new.filed_on,
            meeting_on: meeting.held_on,
            today: self.today(),
            total_members,
            failures: &failures,
            settings: &settings,
        })?;
        // One pending case per person, post and action: for a new nominee, per name (the same
        // name filed twice for the same post is the same case registered twice).
        let pending: Option<i64> = sqlx::query_scalar(
            "SELECT c.id FROM personnel_cases c JOIN persons p ON p.id = c.person_id
              WHERE (c.person_id = $1 OR p.name = $2) AND c.post_id = $3 AND c.action = $4 AND c.state IN ($5, $6, $7, $8)",
        )
        .bind(person.0)
        .bind(new_name.as_deref().unwrap_or(""))
        .bind(new.post.0)
        .bind(new.action.code())
        .bind(CaseState::Filed.code())
        .bind(CaseState::Returned.code())
        .bind(CaseState::Accepted.code())
        .bind(CaseState::Scheduled.code())
        .fetch_optional(w.conn())
        .await?;
        case::check_not_pending(pending.is_some())?;
        let at = w.at().to_owned();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO personnel_cases (congress_id, meeting_id, term, proposer, action, person_id, post_id, signatures,
                                          filed_on, state, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
        )
        .bind(congress.0)
        .bind(new.meeting.0)
        .bind(i64::from(term.0))
        .bind(new.proposer.code())
        .bind(new.action.code())
        .bind(person.0)
        .bind(new.post.0)
        .bind(new.signatures as i64)
        .bind(new.filed_on.to_string())
        .bind(CaseState::Filed.code())
        .bind(&at)
        .fetch_one(w.conn())
        .await?;
        let files = save_files(&mut w, CaseId(id), &checked).await?;
        let after = serde_json::json!({
            "meeting": new.meeting, "action": new.action, "proposer": new.proposer, "person": person, "post": new.post,
            "term": term.0, "filed_on": new.filed_on.to_string(), "signatures": new.signatures, "files": files,
        });
        w.record("personnel.file", "personnel_case", id, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(CaseId(id))
    }

    /// Adds files to a case still with its proposer or the clerk (待审查 or 已退回).
    pub async fn add_case_files(&self, actor: &Actor, id: CaseId, files: Vec<(Material, Upload)>) -> Result<()> {
        let congress = self.case_congress(id).await?;
        self.check_run(actor.role, Action::Edit, congress).await?;
        let checked = files.iter().map(|(m, u)| Ok((*m, u.check()?))).collect::<Result<Vec<_>>>()?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let c = case_on(w.conn(), id).await?;
        case::check_more_files(c.state, checked.len())?;
        let saved = save_files(&mut w, id, &checked).await?;
        w.record(
            "personnel.files_add",
            "personnel_case",
            id.0,
            None::<&()>,
            Some(&serde_json::json!({ "files": saved })),
        )
        .await?;
        w.commit().await
    }

    async fn case_congress(&self, id: CaseId) -> Result<OrgId> {
        let congress: Option<i64> = sqlx::query_scalar("SELECT congress_id FROM personnel_cases WHERE id = $1")
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?;
        congress.map(OrgId).ok_or(StoreError::NotFound("该任免案"))
    }

    /// A step of a case the clerk takes: accept it (its materials complete), return it, refile it
    /// or record its withdrawal (the core's `case::apply`). Scheduling is [`Store::schedule_case`].
    pub async fn case_step(&self, actor: &Actor, id: CaseId, step: Step) -> Result<CaseRow> {
        let congress = self.case_congress(id).await?;
        self.check_run(actor.role, Action::Edit, congress).await?;
        let (command, event) = match step {
            Step::Accept => (Command::Accept, "personnel.accept"),
            Step::Return(reason) => (Command::Return { reason }, "personnel.return"),
            Step::Refile => (Command::Refile, "personnel.refile"),
            Step::Withdraw(reason) => (Command::Withdraw { reason }, "personnel.withdraw"),
        };
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let c = case_on(w.conn(), id).await?;
        let filed: Vec<Material> = materials_on(w.conn(), id).await?.iter().map(|f| f.material).collect();
        let next = case::apply(c.state, c.action, &command, &filed)?;
        let reason = match &command {
            Command::Return { reason } | Command::Withdraw { reason } => Some(reason.trim()),
            _ => None,
        };
        set_state(&mut w, &c, next, reason, event).await?;
        let c = case_on(w.conn(), id).await?;
        w.commit().await?;
        Ok(c)
    }

    /// Puts an accepted case on its meeting's agenda: the core's `case::apply(Schedule)`, then
    /// the matter (one person, the secrecy the settings require) added where the agenda's order
    /// puts it — one transaction. Returns the item.
    pub async fn schedule_case(&self, actor: &Actor, id: CaseId) -> Result<VoteId> {
        let congress = self.case_congress(id).await?;
        self.check_run(actor.role, Action::Edit, congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let settings = settings_on(w.conn(), congress).await?;
        let c = case_on(w.conn(), id).await?;
        let next = case::apply(c.state, c.action, &Command::Schedule, &[])?;
        // Filed for this meeting in time (checked at filing; the settings may have changed).
        appointment::check_filed(c.filed_on, c.meeting_on, settings.filing_days)?;
        let matter = Matter::Personnel { action: c.action, nominees: vec![c.nominee()], joint: false };
        let secrecy = renda_core::meeting::agenda::required_secrecy(&matter, &settings);
        let item = super::insert_item(&mut w, c.meeting, &c.title(), &matter, secrecy).await?;
        sqlx::query("UPDATE personnel_cases SET item_id = $2 WHERE id = $1")
            .bind(id.0)
            .bind(item.0)
            .execute(w.conn())
            .await?;
        set_state(&mut w, &c, next, None, "personnel.schedule").await?;
        w.commit().await?;
        Ok(item)
    }

    /// Records the nominee's statement (拟任职发言), in person or in writing.
    pub async fn record_statement(&self, actor: &Actor, id: CaseId, mode: StatementMode, text: &str) -> Result<()> {
        let congress = self.case_congress(id).await?;
        self.check_run(actor.role, Action::Edit, congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let c = case_on(w.conn(), id).await?;
        let text = case::check_statement(c.action, c.state, text)?;
        sqlx::query("UPDATE personnel_cases SET statement_mode = $2, statement = $3, updated_at = $4 WHERE id = $1")
            .bind(id.0)
            .bind(mode.code())
            .bind(&text)
            .bind(w.at().to_owned())
            .execute(w.conn())
            .await?;
        w.record(
            "personnel.statement",
            "personnel_case",
            id.0,
            Some(&serde_json::json!({ "mode": c.statement_mode, "statement": c.statement })),
            Some(&serde_json::json!({ "mode": mode, "statement": text })),
        )
        .await?;
        w.commit().await
    }

    /// Records the defence (申辩) of the person proposed for dismissal, or that they declined.
    pub async fn record_defence(&self, actor: &Actor, id: CaseId, text: &str) -> Result<()> {
        let congress = self.case_congress(id).await?;
        self.check_run(actor.role, Action::Edit, congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let c = case_on(w.conn(), id).await?;
        let text = case::check_defence(c.action, c.state, text)?;
        sqlx::query("UPDATE personnel_cases SET defence = $2, updated_at = $3 WHERE id = $1")
            .bind(id.0)
            .bind(&text)
            .bind(w.at().to_owned())
            .execute(w.conn())
            .await?;
        w.record(
            "personnel.defence",
            "personnel_case",
            id.0,
            Some(&serde_json::json!({ "defence": c.defence })),
            Some(&serde_json::json!({ "defence": text })),
        )
        .await?;
        w.commit().await
    }

    /// Records a sitting of the law exam for `person`, for the congress's current term and the
    /// organ of `post` (the core's `appointment::check_sitting`: not after a pass, one resit).
    pub async fn record_exam(&self, actor: &Actor, congress: OrgId, exam: &NewExam) -> Result<ExamId> {
        let NewExam { person, post, sat_on, score, passed } = *exam;
        self.check_run(actor.role, Action::Edit, congress).await?;
        case::check_score(score)?;
        case::check_sat_on(sat_on, self.today())?;
        let term = self.current_term(congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let unit: Option<(i64, String)> = sqlx::query_as(
            "SELECT po.organ_id, o.kind FROM posts po JOIN organisations o ON o.id = po.organ_id
              WHERE po.id = $1 AND po.congress_id = $2",
        )
        .bind(post.0)
        .bind(congress.0)
        .fetch_optional(w.conn())
        .await?;
        let (unit, kind) = unit.ok_or(StoreError::NotFound("该职务"))?;
        let organ = exam_organ_of(&kind, OrgId(unit), congress)?;
        let sittings: Vec<ExamSitting> = exams_on(w.conn(), person, term).await?.iter().map(ExamRow::sitting).collect();
        let attempt = appointment::check_sitting(&sittings, term, organ)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO law_exams (congress_id, person_id, organ_id, term, sat_on, score, passed, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(congress.0)
        .bind(person.0)
        .bind(organ.0)
        .bind(i64::from(term.0))
        .bind(sat_on.to_string())
        .bind(score.map(i64::from))
        .bind(i64::from(passed))
        .bind(w.at().to_owned())
        .fetch_one(w.conn())
        .await?;
        let after = serde_json::json!({
            "person": person, "organ": organ, "term": term.0, "sat_on": sat_on.to_string(), "score": score,
            "passed": passed, "attempt": attempt,
        });
        w.record("personnel.exam", "law_exam", id, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(ExamId(id))
    }

    /// Records the 宪法宣誓 of a person appointed (the core's `case::check_oath`: once, after the
    /// decision, not ahead of today).
    pub async fn record_oath(
        &self,
        actor: &Actor,
        id: CaseId,
        sworn_on: Date,
        mode: OathMode,
        supervisor: &str,
    ) -> Result<()> {
        let congress = self.case_congress(id).await?;
        self.check_run(actor.role, Action::Edit, congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let c = case_on(w.conn(), id).await?;
        let already = oath_on(w.conn(), id).await?.is_some();
        let supervisor =
            case::check_oath(c.state, c.action, c.meeting_on, sworn_on, self.today(), supervisor, already)?;
        sqlx::query(
            "INSERT INTO oaths (case_id, sworn_on, mode, supervisor, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.0)
        .bind(sworn_on.to_string())
        .bind(mode.code())
        .bind(&supervisor)
        .bind(w.at().to_owned())
        .bind(actor.user.map(|u| u.0))
        .execute(w.conn())
        .await?;
        let after = serde_json::json!({ "sworn_on": sworn_on.to_string(), "mode": mode, "supervisor": supervisor });
        w.record("personnel.oath", "personnel_case", id.0, None::<&()>, Some(&after)).await?;
        w.commit().await
    }

    /// The cases of `congress`, newest meeting first, for its staff and those above.
    pub async fn cases(&self, actor: &Actor, congress: OrgId) -> Result<Vec<CaseRow>> {
        self.check_run(actor.role, Action::View, congress).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{CASE_SELECT} WHERE c.congress_id = $1 ORDER BY m.held_on DESC, c.id"
        )))
        .bind(congress.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(case_from).collect()
    }

    /// The cases on `meeting`'s way to its votes, in filing order (for the meeting's page).
    pub async fn meeting_cases(&self, actor: &Actor, meeting: MeetingId) -> Result<Vec<CaseRow>> {
        let m = self.meeting_unchecked(meeting).await?;
        self.check_run(actor.role, Action::View, m.congress).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{CASE_SELECT} WHERE c.meeting_id = $1 ORDER BY c.id")))
            .bind(meeting.0)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(case_from).collect()
    }

    /// One case with its files, exams, vote, oath and 任命书, for its congress's staff.
    pub async fn case(&self, actor: &Actor, id: CaseId) -> Result<CaseView> {
        let congress = self.case_congress(id).await?;
        self.check_run(actor.role, Action::View, congress).await.map_err(|_| StoreError::NotFound("该任免案"))?;
        let mut conn = self.pool().acquire().await?;
        let c = case_on(&mut conn, id).await?;
        let files = materials_on(&mut conn, id).await?;
        let filed: Vec<Material> = files.iter().map(|f| f.material).collect();
        let exams = exams_on(&mut conn, c.person, c.term).await?;
        let sittings: Vec<ExamSitting> = exams.iter().map(ExamRow::sitting).collect();
        let vote = match c.item {
            Some(item) => items_on(&mut conn, c.meeting).await?.into_iter().find(|i| i.id == item),
            None => None,
        };
        Ok(CaseView {
            missing: case::missing_materials(c.action, &filed),
            exam_passed: appointment::exam_passed(&sittings, c.term, c.organ),
            files,
            exams,
            vote,
            oath: oath_on(&mut conn, id).await?,
            certificate: certificate_on(&mut conn, id).await?,
            case: c,
        })
    }

    /// A file filed with a case, for its congress's staff.
    pub async fn case_file(&self, actor: &Actor, id: CaseId, hash: &str) -> Result<(String, String, Vec<u8>)> {
        let congress = self.case_congress(id).await?;
        self.check_run(actor.role, Action::View, congress).await.map_err(|_| StoreError::NotFound("该文件"))?;
        let r = sqlx::query(
            "SELECT cf.filename, f.mime, f.data FROM personnel_case_files cf JOIN files f ON f.hash = cf.hash
              WHERE cf.case_id = $1 AND cf.hash = $2 LIMIT 1",
        )
        .bind(id.0)
        .bind(hash)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("该文件"))?;
        Ok((r.try_get("filename")?, r.try_get("mime")?, r.try_get("data")?))
    }

    /// The register of the officials `congress` appointed (任命人员名册), by term then decision
    /// day: each passed appointment with its vote, exam, oath and 任命书, and the day a later
    /// decision removed them from the post.
    pub async fn appointment_register(&self, actor: &Actor, congress: OrgId) -> Result<Vec<RegisterRow>> {
        self.check_run(actor.role, Action::View, congress).await?;
        let rows = sqlx::query(
            "SELECT c.id, c.term, c.person_id, p.name, po.title AS post_title, o.name AS organ_name, po.organ_id, o.kind AS organ_kind,
                    c.congress_id, c.post_id,
                    m.title AS meeting_title, m.held_on, i.yes, i.no, i.abstain, i.members, ac.number
               FROM personnel_cases c
               JOIN meetings m ON m.id = c.meeting_id
               JOIN persons p ON p.id = c.person_id
               JOIN posts po ON po.id = c.post_id
               JOIN organisations o ON o.id = po.organ_id
               LEFT JOIN meeting_items i ON i.id = c.item_id
               LEFT JOIN appointment_certificates ac ON ac.case_id = c.id
              WHERE c.congress_id = $1 AND c.action = $2 AND c.state = $3
              ORDER BY c.term DESC, m.held_on, c.id",
        )
        .bind(congress.0)
        .bind(Personnel::Appoint.code())
        .bind(CaseState::Passed.code())
        .fetch_all(self.pool())
        .await?;
        let ended = sqlx::query(
            "SELECT c.person_id, c.post_id, m.held_on FROM personnel_cases c JOIN meetings m ON m.id = c.meeting_id
              WHERE c.congress_id = $1 AND c.action <> $2 AND c.state = $3",
        )
        .bind(congress.0)
        .bind(Personnel::Appoint.code())
        .bind(CaseState::Passed.code())
        .fetch_all(self.pool())
        .await?;
        let mut ends: Vec<(i64, i64, Date)> = Vec::with_capacity(ended.len());
        for r in &ended {
            ends.push((r.try_get("person_id")?, r.try_get("post_id")?, crate::columns::date(r, "held_on")?));
        }
        let mut conn = self.pool().acquire().await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let id = CaseId(r.try_get("id")?);
            let person = PersonId(r.try_get("person_id")?);
            let post: i64 = r.try_get("post_id")?;
            let term = term_from(r.try_get("term")?)?;
            let organ = exam_organ_of(
                &r.try_get::<String, _>("organ_kind")?,
                OrgId(r.try_get("organ_id")?),
                OrgId(r.try_get("congress_id")?),
            )?;
            let decided_on = crate::columns::date(r, "held_on")?;
            let exam_on = exams_on(&mut conn, person, term)
                .await?
                .iter()
                .find(|e| e.passed && e.organ == organ)
                .map(|e| e.sat_on);
            let until =
                ends.iter().filter(|(p, q, on)| *p == person.0 && *q == post && *on >= decided_on).map(|e| e.2).min();
            let n = |col: &str| -> Result<i64> { Ok(r.try_get::<Option<i64>, _>(col)?.unwrap_or(0)) };
            out.push(RegisterRow {
                case: id,
                term,
                person,
                name: r.try_get("name")?,
                post_title: r.try_get("post_title")?,
                organ_name: r.try_get("organ_name")?,
                meeting_title: r.try_get("meeting_title")?,
                decided_on,
                yes: n("yes")?,
                no: n("no")?,
                abstain: n("abstain")?,
                members: n("members")?,
                exam_on,
                oath: oath_on(&mut conn, id).await?,
                certificate: r.try_get("number")?,
                until,
            });
        }
        Ok(out)
    }

    /// What `meeting` decided about people, for its 任免公告 and 任命书: every case passed at it,
    /// appointments first (the core's order of a decision), each with its post as named.
    /// Refused while nothing passed.
    pub async fn appointment_decision(&self, actor: &Actor, meeting: MeetingId) -> Result<(Decision, Vec<CaseId>)> {
        let m = self.meeting_unchecked(meeting).await?;
        self.check_run(actor.role, Action::View, m.congress).await?;
        self.decision_of(&m).await
    }

    /// The standing 任免公告 `id` with what its meeting decided, for anyone (a 公告 is public):
    /// the portal shows its text. Any other document, or one voided, is not found.
    pub async fn public_appointment_notice(
        &self,
        id: renda_core::ids::OfficialDocumentId,
    ) -> Result<(crate::official::IssuedDocument, Decision)> {
        let d = match self.official_row(id).await {
            Ok(d) if d.kind == renda_core::official::Kind::AppointmentNotice && !d.is_void() => d,
            Ok(_) | Err(StoreError::NotFound(_)) => return Err(StoreError::NotFound("该公告")),
            Err(e) => return Err(e),
        };
        let meeting: Option<i64> = sqlx::query_scalar(
            "SELECT entity_id FROM official_document_records WHERE document_id = $1 AND entity = 'meeting'",
        )
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?;
        let m = self.meeting_unchecked(MeetingId(meeting.ok_or(StoreError::NotFound("该公告"))?)).await?;
        let (decision, _) = self.decision_of(&m).await?;
        Ok((d, decision))
    }

    /// Issues the 任免公告 of what `meeting` decided about people (`Kind::AppointmentNotice`, made
    /// from the meeting, public while it stands): `render` lays out the decision on the template
    /// with the number. Refused while nothing passed, and once it stands.
    pub async fn issue_appointment_notice<F>(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        render: F,
    ) -> Result<crate::official::IssuedDocument>
    where
        F: FnOnce(&Decision, &renda_core::official::Template, &str) -> std::result::Result<Vec<u8>, String>,
    {
        let m = self.meeting_unchecked(meeting).await?;
        self.check_run(actor.role, Action::View, m.congress).await?;
        let (decision, _) = self.decision_of(&m).await?;
        let issue = crate::official::Issue {
            congress: m.congress,
            kind: renda_core::official::Kind::AppointmentNotice,
            title: format!("{}任免公告", decision.meeting),
            unit: None,
            addressee: String::new(),
            sources: vec![crate::official::Source::Meeting(meeting)],
            filename: format!("任免公告-{}", decision.meeting),
        };
        self.issue_official(actor, issue, |t, number| render(&decision, t, number)).await
    }

    /// The congress's current term (届次), which its cases and exams are counted in (the core's
    /// `case::term_of` refuses while it has none).
    async fn current_term(&self, congress: OrgId) -> Result<Term> {
        let term: Option<i64> = sqlx::query_scalar("SELECT term FROM organisations WHERE id = $1")
            .bind(congress.0)
            .fetch_one(self.pool())
            .await?;
        Ok(case::term_of(term.map(term_from).transpose()?)?)
    }

    async fn decision_of(&self, m: &super::MeetingRow) -> Result<(Decision, Vec<CaseId>)> {
        let meeting = m.id;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{CASE_SELECT} WHERE c.meeting_id = $1 AND c.state = $2 ORDER BY c.id"
        )))
        .bind(meeting.0)
        .bind(CaseState::Passed.code())
        .fetch_all(self.pool())
        .await?;
        let cases = rows.iter().map(case_from).collect::<Result<Vec<_>>>()?;
        let mut entries = Vec::with_capacity(cases.len());
        let mut ids = Vec::with_capacity(cases.len());
        for a in Personnel::ALL {
            for c in cases.iter().filter(|c| c.action == a) {
                entries.push(Entry { name: c.name.clone(), post: c.post_title.clone(), action: c.action });
                ids.push(c.id);
            }
        }
        let congress = self.org(m.congress).await?.name.to_string();
        let decision = renda_core::official::appointment::check_decision(Decision {
            congress,
            meeting: m.title.clone(),
            decided_on: m.held_on,
            entries,
        })?;
        Ok((decision, ids))
    }

    /// Issues the 任命书 of a passed appointment: numbered on the congress's certificate
    /// template's code (示人常任〔2026〕5号, its own sequence per year), rendered by `render`
    /// with the number, kept with its file and audited — one transaction; once per case.
    pub async fn issue_certificate<F>(&self, actor: &Actor, id: CaseId, render: F) -> Result<CertificateRow>
    where
        F: FnOnce(
            &renda_core::official::appointment::CertificateTemplate,
            &Entry,
            &Decision,
            &str,
        ) -> std::result::Result<Vec<u8>, String>,
    {
        let congress = self.case_congress(id).await?;
        self.check_run(actor.role, Action::Create, congress).await?;
        let template = self.certificate_template(actor, congress).await?;
        template.check_issue()?;
        let c = {
            let mut conn = self.pool().acquire().await?;
            case_on(&mut conn, id).await?
        };
        let (decision, _) = self.appointment_decision(actor, c.meeting).await?;
        let entry = Entry { name: c.name.clone(), post: c.post_title.clone(), action: c.action };
        let year_short = self.today().year();
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let c = case_on(w.conn(), id).await?;
        let done = certificate_on(w.conn(), id).await?;
        case::check_certificate(c.state, c.action, done.as_ref().map(|d| d.number.as_str()))?;
        let taken: Vec<i64> = sqlx::query_scalar(
            "SELECT seq FROM appointment_certificates WHERE congress_id = $1 AND code = $2 AND year = $3",
        )
        .bind(congress.0)
        .bind(&template.code)
        .bind(i64::from(year_short))
        .fetch_all(w.conn())
        .await?;
        let seq = renda_core::official::next_number(taken.into_iter().map(|s| u32::try_from(s).unwrap_or(0)));
        let number = renda_core::official::number(&template.code, year_short, seq);
        let bytes = render(&template, &entry, &decision, &number).map_err(StoreError::Internal)?;
        let at = w.at().to_owned();
        let hash = crate::files::save_generated(w.conn(), &bytes, crate::files::DOCX_MIME, &at).await?;
        let filename = format!("任命书（{}）（{}）.docx", c.name, number);
        sqlx::query(
            "INSERT INTO appointment_certificates (case_id, congress_id, code, year, seq, number, file_hash, filename, issued_by, issued_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id.0)
        .bind(congress.0)
        .bind(&template.code)
        .bind(i64::from(year_short))
        .bind(i64::from(seq))
        .bind(&number)
        .bind(&hash)
        .bind(&filename)
        .bind(actor.user.map(|u: UserId| u.0))
        .bind(&at)
        .execute(w.conn())
        .await
        .map_err(|e| match e.as_database_error() {
            Some(d) if d.is_unique_violation() => case::certificate_issued("刚刚已由他人制发").into(),
            _ => StoreError::Db(e),
        })?;
        let after = serde_json::json!({ "number": number, "file": hash, "signer": template.signer });
        w.record("personnel.certificate", "personnel_case", id.0, None::<&()>, Some(&after)).await?;
        let row = certificate_on(w.conn(), id).await?.ok_or(StoreError::Internal("certificate just issued".into()))?;
        w.commit().await?;
        Ok(row)
    }

    /// A 任命书's file, for its congress's staff.
    pub async fn certificate_file(&self, actor: &Actor, id: CaseId) -> Result<(CertificateRow, Vec<u8>)> {
        let congress = self.case_congress(id).await?;
        self.check_run(actor.role, Action::View, congress).await.map_err(|_| StoreError::NotFound("该任命书"))?;
        let mut conn = self.pool().acquire().await?;
        let row = certificate_on(&mut conn, id).await?.ok_or(StoreError::NotFound("该任命书"))?;
        let bytes: Vec<u8> = sqlx::query_scalar("SELECT data FROM files WHERE hash = $1")
            .bind(&row.file_hash)
            .fetch_one(&mut *conn)
            .await?;
        Ok((row, bytes))
    }
}

/// Keeps checked uploads and links each to the case as its material; returns what was linked.
async fn save_files(
    w: &mut WriteTx,
    id: CaseId,
    checked: &[(Material, crate::files::CheckedUpload<'_>)],
) -> Result<Vec<serde_json::Value>> {
    let at = w.at().to_owned();
    let mut saved = Vec::with_capacity(checked.len());
    for (material, f) in checked {
        f.save(w.conn(), &at).await?;
        sqlx::query(
            "INSERT INTO personnel_case_files (case_id, material, hash, filename) VALUES ($1, $2, $3, $4)
             ON CONFLICT (case_id, material, hash) DO NOTHING",
        )
        .bind(id.0)
        .bind(material.code())
        .bind(&f.hash)
        .bind(&f.filename)
        .execute(w.conn())
        .await?;
        saved.push(serde_json::json!({ "material": material, "hash": f.hash, "filename": f.filename }));
    }
    Ok(saved)
}
