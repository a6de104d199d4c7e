//! Requests and reports to the party committee (重大事项请示报告, issue 6, 同向) and the staff
//! grants that open them.
//!
//! Only staff of the congress who hold the grant `major_matters` read or write them (the admin
//! reads them and gives the grant; staff who hold it give it to colleagues of their congress).
//! The policy (`Resource::MajorMatter`) says "staff of the congress"; the grant is checked here,
//! on every read and write. Every step is the core's `oversight::major::transition` in one
//! `WriteTx` with its audit entry; a sent item takes the next number of its kind in the year's
//! register (`2026-请示-003`). Attachments are stored once by content hash in `files`.

use crate::audit::Chain;
use crate::files::Upload;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::Date;
use renda_core::ValidationError;
pub use renda_core::ids::MatterId;
use renda_core::ids::{OrgId, UserId};
use renda_core::oversight::major::{self, Command, CommandKind, Facts, MatterKind, MatterState, RegisterNumber};
use renda_core::policy::{Action, Denied, Resource, Role, Target, decide};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

/// The grant that opens the register of major matters.
pub const GRANT_MAJOR_MATTERS: &str = "major_matters";

/// Grants staff may hold, with their labels.
pub const GRANTS: [(&str, &str); 1] = [(GRANT_MAJOR_MATTERS, "重大事项请示报告")];

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

fn no_grant() -> StoreError {
    StoreError::Denied(Denied {
        message: "重大事项请示报告仅限经授权的本级人大工作人员办理和查阅。".into()
    })
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
        if !GRANTS.iter().any(|(g, _)| *g == grant) {
            return Err(ValidationError::new("grant", "未知的授权").into());
        }
        let target = self.user_unchecked(user).await?;
        let Role::Staff { congress } = target.role else {
            return Err(ValidationError::new("grant", "只能授权给人大工作人员").into());
        };
        let may = match actor.role {
            Role::Admin => true,
            Role::Staff { congress: c } if c == congress => match actor.user {
                Some(me) => self.has_grant(me, grant).await?,
                None => false,
            },
            _ => false,
        };
        if !may {
            return Err(StoreError::Denied(Denied {
                message: "只有系统管理员或已获此授权的本级人大工作人员可以授权。".into(),
            }));
        }
        let held = self.has_grant(user, grant).await?;
        if held == on {
            return Ok(());
        }
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        if on {
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
            if on { "grant.give" } else { "grant.take" },
            "user",
            user.0,
            Some(&serde_json::json!({ "grant": grant, "held": held })),
            Some(&serde_json::json!({ "grant": grant, "held": on })),
        )
        .await?;
        w.commit().await
    }

    /// The policy for the congress, then the grant for staff (the admin reads without one).
    pub async fn check_major(&self, actor: &Actor, action: Action, congress: OrgId) -> Result<()> {
        let path = self.congress_path(congress).await?;
        decide(actor.role, action, Resource::MajorMatter, &Target { congress_path: &path, ..Target::default() })?;
        if let Role::Staff { .. } = actor.role {
            let Some(user) = actor.user else { return Err(no_grant()) };
            if !self.has_grant(user, GRANT_MAJOR_MATTERS).await? {
                return Err(no_grant());
            }
        }
        Ok(())
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
        self.check_major(actor, Action::Create, congress).await?;
        let NewMatter { kind, subject, body, files } = new;
        let kind = *kind;
        let checked = files.iter().map(Upload::check).collect::<Result<Vec<_>>>()?;
        if checked.len() > crate::files::MAX_FILES {
            return Err(ValidationError::new("files", format!("最多附加{}个文件", crate::files::MAX_FILES)).into());
        }
        if body.chars().count() > 20_000 {
            return Err(ValidationError::new("body", "正文不能超过20000个字").into());
        }
        let facts = major::transition(
            &Facts::draft(kind),
            major::Role::Drafter,
            &Command::Edit { subject: subject.to_owned(), attachments: checked.len() as u32 },
            today,
        )
        .map_err(StoreError::Refused)?;
        let now = self.now_text();
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO major_matters (congress_id, year, kind, state, facts, subject, body, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(congress.0)
        .bind(i64::from(today.year()))
        .bind(kind.code())
        .bind(facts.state.code())
        .bind(serde_json::to_string(&facts).map_err(json_err)?)
        .bind(&facts.subject)
        .bind(body.trim())
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
            "major_matter.create",
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

    /// The commands a grant holder may give now (both drafter and approver: the grant is the
    /// role; the 党组 approving is recorded by the staff who keep the register).
    pub fn major_commands(&self, m: &MatterRow) -> Vec<CommandKind> {
        let mut v = major::permitted(&m.facts, major::Role::Drafter);
        v.extend(major::permitted(&m.facts, major::Role::Approver));
        v.retain(|k| *k != CommandKind::Edit);
        v
    }

    /// One step. `Send` takes the next register number of its kind in the send date's year;
    /// `RecordReply` keeps the reply's text; `Return` its reason.
    pub async fn act_on_major_matter(
        &self,
        actor: &Actor,
        id: MatterId,
        cmd: &Command,
        today: Date,
    ) -> Result<MatterRow> {
        let m = self.major_matter(actor, id).await?;
        self.check_major(actor, Action::Edit, m.congress).await?;
        let role = major::rule(cmd.kind()).by;
        let mut w = self.begin_write(Chain::Congress(m.congress), actor.user).await?;
        let cmd = match cmd {
            Command::Send { on, .. } => {
                let last: Option<i64> = sqlx::query_scalar(
                    "SELECT MAX(seq) FROM major_matters WHERE congress_id = $1 AND year = $2 AND kind = $3",
                )
                .bind(m.congress.0)
                .bind(i64::from(on.year()))
                .bind(m.facts.kind.code())
                .fetch_one(w.conn())
                .await?;
                Command::Send { on: *on, number: RegisterNumber::next(on.year(), m.facts.kind, last.map(|n| n as u32)) }
            }
            other => other.clone(),
        };
        let next = major::transition(&m.facts, role, &cmd, today).map_err(StoreError::Refused)?;
        let (reply, note) = match &cmd {
            Command::RecordReply { summary, .. } => (Some(summary.trim().to_owned()), None),
            Command::Return { reason } => (None, Some(reason.trim().to_owned())),
            _ => (None, None),
        };
        if reply.as_ref().is_some_and(|r| r.chars().count() > 10_000) {
            return Err(ValidationError::new("reply", "批复内容不能超过10000个字").into());
        }
        let year = next.number.map_or(m.year, |n| i64::from(n.year));
        sqlx::query(
            "UPDATE major_matters SET state = $2, facts = $3, year = $4, seq = $5, reply_text = COALESCE($6, reply_text),
                note = COALESCE($7, note), updated_at = $8 WHERE id = $1",
        )
        .bind(id.0)
        .bind(next.state.code())
        .bind(serde_json::to_string(&next).map_err(json_err)?)
        .bind(year)
        .bind(next.number.map(|n| i64::from(n.seq)))
        .bind(reply)
        .bind(note)
        .bind(self.now_text())
        .execute(w.conn())
        .await?;
        let kind =
            serde_json::to_value(cmd.kind()).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        w.record(
            &format!("major_matter.{kind}"),
            "major_matter",
            id.0,
            Some(&serde_json::json!({ "facts": m.facts })),
            Some(&serde_json::json!({ "facts": next, "command": cmd })),
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
