//! Requests and reports to the party committee (重大事项请示报告, issue 6, 同向) and the staff
//! grants that open them.
//!
//! Only staff of the congress who hold the grant `major_matters` read or write them (the admin
//! reads them and gives the grant; staff who hold it give it to colleagues of their congress).
//! The policy (`Resource::MajorMatter`) says "staff of the congress"; the core's
//! `major::party_of` says what the grant adds, on every read and write. Every step is load →
//! policy → the core's `major::act` (or `major::create`, `major::grant`) → its facts and
//! effects written → one audit entry with the core's action name, in one `WriteTx`; a sent item
//! takes the next number of its kind in the year's register (`2026-请示-003`), after the last
//! one the store found there. Attachments are stored once by content hash in `files`.

use crate::audit::Chain;
use crate::files::Upload;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::Date;
pub use renda_core::ids::MatterId;
use renda_core::ids::{OrgId, UserId};
use renda_core::oversight::major::{self, Command, CommandKind, Effect, Facts, MatterKind, MatterState, Party};
pub use renda_core::oversight::major::{GRANT_MAJOR_MATTERS, GRANTS};
use renda_core::policy::{Action, Resource, Target, decide};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A new request or report as the form gives it.
#[derive(Clone, Debug)]
pub struct NewMatter {
    pub kind: MatterKind,
    pub subject: String,
    pub body: String,
    pub files: Vec<Upload>,
}

impl NewMatter {
    pub fn new(kind: MatterKind, subject: &str, body: &str) -> Self {
        Self { kind, subject: subject.to_owned(), body: body.to_owned(), files: Vec::new() }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct MatterRow {
    pub id: MatterId,
    pub congress: OrgId,
    pub year: i64,
    pub facts: Facts,
    pub body: String,
    pub reply_text: Option<String>,
    /// The last reason for returning it for revision.
    pub note: Option<String>,
    /// (hash, file name, size)
    pub files: Vec<(String, String, i64)>,
    pub created_at: jiff::Timestamp,
}

impl MatterRow {
    pub fn number(&self) -> String {
        self.facts.number.map(|n| n.to_string()).unwrap_or_default()
    }
}

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Internal(format!("major matter json: {e}"))
}

fn matter_from(r: &AnyRow) -> Result<MatterRow> {
    let facts: String = r.try_get("facts")?;
    Ok(MatterRow {
        id: MatterId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        year: r.try_get("year")?,
        facts: serde_json::from_str(&facts).map_err(json_err)?,
        body: r.try_get("body")?,
        reply_text: r.try_get("reply_text")?,
        note: r.try_get("note")?,
        files: Vec::new(),
        created_at: crate::columns::instant(r, "created_at")?,
    })
}

impl Store {
    /// Whether this account holds `grant`.
    pub async fn has_grant(&self, user: UserId, grant: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staff_grants WHERE user_id = $1 AND grant_code = $2")
            .bind(user.0)
            .bind(grant)
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }

    /// The grants an account holds.
    pub async fn grants_of(&self, user: UserId) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT grant_code FROM staff_grants WHERE user_id = $1 ORDER BY grant_code")
            .bind(user.0)
            .fetch_all(self.pool())
            .await?)
    }

    /// Gives (`on`) or takes back a grant from a staff account. The admin may; so may staff of
    /// the same congress who hold the grant themselves. Audited on the congress's chain.
    pub async fn set_grant(&self, actor: &Actor, user: UserId, grant: &str, on: bool) -> Result<()> {
        major::check_grant_code(grant)?;
        let target = self.user_unchecked(user).await?;
        let actor_holds = match actor.user {
            Some(me) => self.has_grant(me, grant).await?,
            None => false,
        };
        let held = self.has_grant(user, grant).await?;
        let Some(change) = major::grant(actor.role, actor_holds, target.role, held, on)? else {
            return Ok(());
        };
        let mut w = self.begin_write(Chain::Congress(change.congress), actor.user).await?;
        if change.on {
            sqlx::query(
                "INSERT INTO staff_grants (user_id, grant_code, granted_by, granted_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(user.0)
            .bind(grant)
            .bind(actor.user.map(|u| u.0))
            .bind(self.now_text())
            .execute(w.conn())
            .await?;
        } else {
            sqlx::query("DELETE FROM staff_grants WHERE user_id = $1 AND grant_code = $2")
                .bind(user.0)
                .bind(grant)
                .execute(w.conn())
                .await?;
        }
        w.record(
            change.action(),
            "user",
            user.0,
            Some(&serde_json::json!({ "grant": grant, "held": held })),
            Some(&serde_json::json!({ "grant": grant, "held": change.on })),
        )
        .await?;
        w.commit().await
    }

    /// The policy for the congress, then who the user is to its register (the core's
    /// `major::party_of`: staff must hold the grant; the admin reads without one).
    pub async fn check_major(&self, actor: &Actor, action: Action, congress: OrgId) -> Result<()> {
        self.major_party(actor, action, congress).await.map(|_| ())
    }

    async fn major_party(&self, actor: &Actor, action: Action, congress: OrgId) -> Result<Party> {
        let path = self.congress_path(congress).await?;
        decide(actor.role, action, Resource::MajorMatter, &Target { congress_path: &path, ..Target::default() })?;
        let holds = match actor.user {
            Some(user) => self.has_grant(user, GRANT_MAJOR_MATTERS).await?,
            None => false,
        };
        Ok(major::party_of(actor.role, holds)?)
    }

    /// Whether this user may open the register of `congress` at all (for menus and links).
    pub async fn may_read_major(&self, actor: &Actor, congress: OrgId) -> bool {
        self.check_major(actor, Action::View, congress).await.is_ok()
    }

    /// Drafts a request or report, with attachments.
    pub async fn create_major_matter(
        &self,
        actor: &Actor,
        congress: OrgId,
        new: &NewMatter,
        today: Date,
    ) -> Result<MatterId> {
        let party = self.major_party(actor, Action::Create, congress).await?;
        let NewMatter { kind, subject, body, files } = new;
        let checked = files.iter().map(Upload::check).collect::<Result<Vec<_>>>()?;
        let draft = major::create(&party, *kind, subject, body, checked.len(), crate::files::MAX_FILES, today)?;
        let facts = &draft.facts;
        let now = self.now_text();
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO major_matters (congress_id, year, kind, state, facts, subject, body, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(congress.0)
        .bind(i64::from(draft.year))
        .bind(facts.kind.code())
        .bind(facts.state.code())
        .bind(serde_json::to_string(facts).map_err(json_err)?)
        .bind(&facts.subject)
        .bind(&draft.body)
        .bind(&now)
        .fetch_one(w.conn())
        .await?;
        let mut names = Vec::new();
        for f in &checked {
            f.save(w.conn(), &now).await?;
            sqlx::query("INSERT INTO major_matter_files (matter_id, hash, filename) VALUES ($1, $2, $3) ON CONFLICT (matter_id, hash) DO NOTHING")
                .bind(id)
                .bind(&f.hash)
                .bind(&f.filename)
                .execute(w.conn())
                .await?;
            names.push(serde_json::json!({ "name": f.filename, "hash": f.hash }));
        }
        w.record(
            major::CREATE_ACTION,
            "major_matter",
            id,
            None::<&()>,
            Some(&serde_json::json!({ "facts": facts, "files": names })),
        )
        .await?;
        w.commit().await?;
        Ok(MatterId(id))
    }

    /// One request or report, for a user who may read the register.
    pub async fn major_matter(&self, actor: &Actor, id: MatterId) -> Result<MatterRow> {
        let r = sqlx::query(
            "SELECT id, congress_id, year, facts, body, reply_text, note, created_at FROM major_matters WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("该请示报告"))?;
        let mut m = matter_from(&r)?;
        self.check_major(actor, Action::View, m.congress).await.map_err(|_| StoreError::NotFound("该请示报告"))?;
        m.files = sqlx::query_as(
            "SELECT f.hash, mf.filename, f.size FROM major_matter_files mf JOIN files f ON f.hash = mf.hash WHERE mf.matter_id = $1 ORDER BY mf.filename",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        Ok(m)
    }

    /// An attachment: (file name, type, bytes).
    pub async fn major_matter_file(
        &self,
        actor: &Actor,
        id: MatterId,
        hash: &str,
    ) -> Result<(String, String, Vec<u8>)> {
        self.major_matter(actor, id).await?;
        let row: Option<(String, String, Vec<u8>)> = sqlx::query_as(
            "SELECT mf.filename, f.mime, f.data FROM major_matter_files mf JOIN files f ON f.hash = mf.hash WHERE mf.matter_id = $1 AND mf.hash = $2",
        )
        .bind(id.0)
        .bind(hash)
        .fetch_optional(self.pool())
        .await?;
        row.ok_or(StoreError::NotFound("该文件"))
    }

    /// The register of one year: every request and report of the congress, in register order
    /// (numbered ones first), then drafts.
    pub async fn major_register(&self, actor: &Actor, congress: OrgId, year: i64) -> Result<Vec<MatterRow>> {
        self.check_major(actor, Action::View, congress).await?;
        let rows = sqlx::query(
            "SELECT id, congress_id, year, facts, body, reply_text, note, created_at FROM major_matters
             WHERE congress_id = $1 AND year = $2 ORDER BY seq IS NULL, kind, seq, id",
        )
        .bind(congress.0)
        .bind(year)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(matter_from).collect()
    }

    /// The commands a grant holder may give now (the core's `Party::KEEPER`).
    pub fn major_commands(&self, m: &MatterRow) -> Vec<CommandKind> {
        Party::KEEPER.commands(&m.facts)
    }

    /// One step: the core's `major::act` on what the store loaded (a sending: the last number
    /// of its register, found inside the transaction so numbers stay consecutive), its facts
    /// and effects written and audited.
    pub async fn act_on_major_matter(
        &self,
        actor: &Actor,
        id: MatterId,
        cmd: &Command,
        today: Date,
    ) -> Result<MatterRow> {
        let m = self.major_matter(actor, id).await?;
        let party = self.major_party(actor, Action::Edit, m.congress).await?;
        let mut w = self.begin_write(Chain::Congress(m.congress), actor.user).await?;
        let last_seq = match major::register_of(&m.facts, cmd) {
            Some((year, kind)) => {
                let last: Option<i64> = sqlx::query_scalar(
                    "SELECT MAX(seq) FROM major_matters WHERE congress_id = $1 AND year = $2 AND kind = $3",
                )
                .bind(m.congress.0)
                .bind(i64::from(year))
                .bind(kind.code())
                .fetch_one(w.conn())
                .await?;
                last.map(|n| n as u32)
            }
            None => None,
        };
        let outcome = major::act(&m.facts, &party, cmd, &major::Context { today, last_seq })?;
        let next = &outcome.facts;
        sqlx::query("UPDATE major_matters SET state = $2, facts = $3, updated_at = $4 WHERE id = $1")
            .bind(id.0)
            .bind(next.state.code())
            .bind(serde_json::to_string(next).map_err(json_err)?)
            .bind(self.now_text())
            .execute(w.conn())
            .await?;
        for effect in &outcome.effects {
            let q = match effect {
                Effect::Number { year, seq } => {
                    sqlx::query("UPDATE major_matters SET year = $2, seq = $3 WHERE id = $1")
                        .bind(id.0)
                        .bind(i64::from(*year))
                        .bind(i64::from(*seq))
                }
                Effect::KeepReply { text } => {
                    sqlx::query("UPDATE major_matters SET reply_text = $2 WHERE id = $1").bind(id.0).bind(text)
                }
                Effect::KeepNote { reason } => {
                    sqlx::query("UPDATE major_matters SET note = $2 WHERE id = $1").bind(id.0).bind(reason)
                }
            };
            q.execute(w.conn()).await?;
        }
        w.record(
            &outcome.action,
            "major_matter",
            id.0,
            Some(&serde_json::json!({ "facts": m.facts })),
            Some(&serde_json::json!({ "facts": next, "command": outcome.command })),
        )
        .await?;
        w.commit().await?;
        self.major_matter(actor, id).await
    }

    /// Requests sent and still waiting for the party committee's reply.
    pub async fn awaiting_reply(&self, actor: &Actor, congress: OrgId) -> Result<Vec<MatterRow>> {
        self.check_major(actor, Action::View, congress).await?;
        let rows = sqlx::query(
            "SELECT id, congress_id, year, facts, body, reply_text, note, created_at FROM major_matters
             WHERE congress_id = $1 AND kind = $2 AND state = $3 ORDER BY id",
        )
        .bind(congress.0)
        .bind(MatterKind::Request.code())
        .bind(MatterState::Sent.code())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(matter_from).collect()
    }
}
