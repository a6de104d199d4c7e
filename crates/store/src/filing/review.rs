//! Filed normative documents in the store: filing (by its maker, or from the gazette by the
//! office), each step of the core's `filing::review::apply` as one audited transaction with its
//! history, the 备案号 given on registering, the files, the lists each party works from, the
//! public list of registered documents and the year's statistics per filing body.
//!
//! A filing is kept as the core's `Filing` (JSON, `record`) beside the columns lists read; the
//! store never changes a filing but through `apply`. Who gives a command is the core's `Party`,
//! from the actor: the command's role says whether it is the maker's (a unit's user, or the
//! staff of the congress below for its own resolutions) or the receiving congress's staff's
//! (office and committee alike).

use super::settings::settings_on;
use crate::audit::{Chain, WriteTx};
use crate::files::Upload;
use crate::meetings::{MeetingId, VoteId};
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::Date;
use renda_core::filing::annual::{AnnualFigures, ProposalFigures, RegisteredLine};
use renda_core::filing::review::{self, Command, CommandKind, Event, Facts, Filing, NewFiling, Origin, Party, Role};
use renda_core::filing::{Attachment, FilingBody, FilingNumber, check_receives_filings, filed_with, filing_prefix};
use renda_core::ids::{FilingId, OrgId, UserId};
use renda_core::meeting::MeetingKind;
use renda_core::meeting::agenda::{Matter, required_secrecy};
use renda_core::org::OrgKind;
use renda_core::policy::{Action, Resource, Role as PolicyRole, Target, decide};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeSet;

/// A document as its maker files it (or as the office records it from the gazette): who made
/// it, its title, the day it was published and its files, each as the material it is.
#[derive(Clone, Debug)]
pub struct NewDocument {
    pub maker: OrgId,
    pub title: String,
    pub published_on: Date,
    pub files: Vec<(Attachment, Upload)>,
}

/// A step on a filing. The 备案号 of a registration is the store's to give (the next of the
/// year); the files supplied on a 补正 are their materials.
#[derive(Clone, Debug)]
pub enum FilingStep {
    Register,
    Resubmit(Vec<(Attachment, Upload)>),
    /// The committee proposes revocation, putting it on a standing committee meeting's agenda.
    ProposeRevocation {
        reason: String,
        meeting: MeetingId,
    },
    /// Any other command of the core (a `Register`, `Resubmit` or `ProposeRevocation` given
    /// here is taken as the variants above, without files or meeting).
    Act(Command),
}

/// A filing as lists show it.
#[derive(Clone, Debug, Serialize)]
pub struct FilingRow {
    pub id: FilingId,
    pub congress: OrgId,
    pub maker: OrgId,
    pub maker_name: String,
    pub body: FilingBody,
    pub origin: Origin,
    pub title: String,
    pub published_on: Date,
    /// The day it was first filed (or recorded from the gazette).
    pub filed_on: Date,
    pub number: Option<String>,
    /// What is awaited now is due on this day; `None` once final.
    pub due_on: Option<Date>,
    /// The 专项审查 topic, when sent for one.
    pub topic: Option<String>,
    /// The agenda item that puts its revocation to the standing committee.
    pub item: Option<VoteId>,
    pub filing: Filing,
}

/// A file of a filing.
#[derive(Clone, Debug, Serialize)]
pub struct FilingFile {
    pub attachment: Attachment,
    pub hash: String,
    pub filename: String,
}

/// One step of a filing's history.
#[derive(Clone, Debug, Serialize)]
pub struct FilingEvent {
    /// `file`, or the command's code.
    pub kind: String,
    pub event: Event,
    pub on: Date,
    pub by: Option<String>,
}

/// A filing with its files and history, and what the reader may do now.
#[derive(Clone, Debug, Serialize)]
pub struct FilingView {
    pub row: FilingRow,
    pub files: Vec<FilingFile>,
    pub events: Vec<FilingEvent>,
    /// The commands the reader may give now (the buttons).
    pub permitted: Vec<CommandKind>,
    /// Whether the reader is the receiving congress's staff.
    pub runs_it: bool,
}

/// A registered document as the public list shows it: never its review.
#[derive(Clone, Debug, Serialize)]
pub struct PublicFiling {
    pub number: String,
    pub title: String,
    pub maker_name: String,
    pub body: FilingBody,
    pub published_on: Date,
    pub registered_on: Option<Date>,
}

/// The year's figures of one filing body (the annual report's table): the core's.
pub use renda_core::filing::annual::BodyFigures as BodyStats;

const COLUMNS: &str =
    "f.id, f.congress_id, f.maker_id, o.name AS maker_name, f.body, f.origin, f.title, f.published_on,
     f.filed_on, f.number, f.due_on, f.record, f.item_id, t.title AS topic
     FROM filings f JOIN organisations o ON o.id = f.maker_id LEFT JOIN filing_topics t ON t.id = f.topic_id";

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Internal(format!("filing json: {e}"))
}

fn row_from(r: &AnyRow) -> Result<FilingRow> {
    let record: String = r.try_get("record")?;
    let body: String = r.try_get("body")?;
    let origin: String = r.try_get("origin")?;
    Ok(FilingRow {
        id: FilingId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        maker: OrgId(r.try_get("maker_id")?),
        maker_name: r.try_get("maker_name")?,
        body: FilingBody::from_code(&body).ok_or_else(|| StoreError::Internal(format!("unknown body {body}")))?,
        origin: serde_json::from_value(serde_json::Value::String(origin)).map_err(json_err)?,
        title: r.try_get("title")?,
        published_on: crate::columns::date(r, "published_on")?,
        filed_on: crate::columns::date(r, "filed_on")?,
        number: r.try_get("number")?,
        due_on: crate::columns::opt_date(r, "due_on")?,
        topic: r.try_get("topic")?,
        item: r.try_get::<Option<i64>, _>("item_id")?.map(VoteId),
        filing: serde_json::from_str(&record).map_err(json_err)?,
    })
}

async fn filing_on(conn: &mut AnyConnection, id: FilingId) -> Result<FilingRow> {
    let sql = format!("SELECT {COLUMNS} WHERE f.id = $1");
    let r = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound("该备案文件"))?;
    row_from(&r)
}

fn origin_code(o: Origin) -> &'static str {
    match o {
        Origin::Filed => "filed",
        Origin::Gazette => "gazette",
    }
}

/// The organisation a maker's user acts for: a unit's user for the unit, a congress's staff for
/// their congress (its own resolutions).
fn acting_org(role: PolicyRole) -> Option<OrgId> {
    match role {
        PolicyRole::Unit { unit } => Some(unit),
        PolicyRole::Staff { congress } => Some(congress),
        _ => None,
    }
}

/// Writes the filing as `step` left it, its history line and its audit entry.
async fn write_step(
    w: &mut WriteTx,
    before: &FilingRow,
    filing: &Filing,
    event: &Event,
    kind: &str,
    today: Date,
    user: Option<UserId>,
) -> Result<()> {
    let at = w.at().to_owned();
    let number = filing.number();
    sqlx::query(
        "UPDATE filings SET state = $2, record = $3, number = $4, number_year = $5, number_seq = $6, due_on = $7,
                late = $8, updated_at = $9 WHERE id = $1",
    )
    .bind(before.id.0)
    .bind(filing.state().code())
    .bind(serde_json::to_string(filing).map_err(json_err)?)
    .bind(number.map(|n| n.to_string()))
    .bind(number.map(|n| i64::from(n.year())))
    .bind(number.map(|n| i64::from(n.seq())))
    .bind(filing.due_on().map(|d| d.to_string()))
    .bind(i64::from(!filing.late().is_empty()))
    .bind(&at)
    .execute(w.conn())
    .await?;
    insert_event(w, before.id, kind, event, today, user).await?;
    w.record(
        &format!("filing.{kind}"),
        "filing",
        before.id.0,
        Some(&serde_json::json!({ "state": before.filing.state() })),
        Some(&serde_json::json!({ "state": filing.state(), "event": event })),
    )
    .await
}

async fn insert_event(
    w: &mut WriteTx,
    id: FilingId,
    kind: &str,
    event: &Event,
    today: Date,
    user: Option<UserId>,
) -> Result<()> {
    let at = w.at().to_owned();
    sqlx::query(
        "INSERT INTO filing_events (filing_id, kind, event, on_day, user_id, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.0)
    .bind(kind)
    .bind(serde_json::to_string(event).map_err(json_err)?)
    .bind(today.to_string())
    .bind(user.map(|u| u.0))
    .bind(&at)
    .execute(w.conn())
    .await?;
    Ok(())
}

async fn save_files(
    w: &mut WriteTx,
    id: FilingId,
    checked: &[(Attachment, crate::files::CheckedUpload<'_>)],
) -> Result<Vec<serde_json::Value>> {
    let at = w.at().to_owned();
    let mut saved = Vec::with_capacity(checked.len());
    for (attachment, f) in checked {
        f.save(w.conn(), &at).await?;
        sqlx::query(
            "INSERT INTO filing_files (filing_id, attachment, hash, filename) VALUES ($1, $2, $3, $4)
             ON CONFLICT (filing_id, attachment, hash) DO NOTHING",
        )
        .bind(id.0)
        .bind(attachment.code())
        .bind(&f.hash)
        .bind(&f.filename)
        .execute(w.conn())
        .await?;
        saved.push(serde_json::json!({ "attachment": attachment, "hash": f.hash, "filename": f.filename }));
    }
    Ok(saved)
}

/// The year's figures per filing body from the received rows, then the total (the core's
/// `body_figures`): the statistics page and the annual report count these rows.
pub fn stats_of(rows: &[FilingRow], year: i16) -> Vec<BodyStats> {
    renda_core::filing::annual::body_figures(rows.iter().map(FilingRow::filed), year)
}

impl FilingRow {
    /// The row as the year's counts read it.
    pub fn filed(&self) -> renda_core::filing::annual::Filed<'_> {
        renda_core::filing::annual::Filed { body: self.body, filed_on: self.filed_on, filing: &self.filing }
    }
}

/// The policy's answer for a filing whose receiving congress has the congress path `path`:
/// with `maker`, as its maker may stand to it; without, as the receiving congress's staff.
fn filing_decision(
    role: PolicyRole,
    action: Action,
    path: &[OrgId],
    maker: Option<OrgId>,
) -> std::result::Result<(), renda_core::policy::Denied> {
    let units: Vec<OrgId> = maker.into_iter().collect();
    decide(role, action, Resource::Filing, &Target { congress_path: path, units: &units, ..Target::default() })
}

impl Store {
    /// The policy for a filing of `congress` made by `maker`: the receiving congress's staff
    /// (with the congress alone as target, so no maker relation counts), or its maker.
    async fn check_filing(
        &self,
        role: PolicyRole,
        action: Action,
        congress: OrgId,
        maker: Option<OrgId>,
    ) -> Result<()> {
        let path = self.congress_path(congress).await?;
        Ok(filing_decision(role, action, &path, maker)?)
    }

    /// Files a normative document with the congress its maker files with (the core's
    /// `filed_with`): by its maker, or recorded from the gazette by the receiving congress's
    /// staff. The text is required; a late filing is flagged, not refused. Returns the filing.
    pub async fn file_document(&self, actor: &Actor, new: NewDocument) -> Result<FilingId> {
        let maker = self.org(new.maker).await?;
        let path = self.congress_path(new.maker).await?;
        let (body, congress) = filed_with(maker.kind, &path)?;
        let receiving = self.org(congress).await?;
        if let OrgKind::Congress(level) = receiving.kind {
            check_receives_filings(level)?;
        }
        let office = actor.role.staff_congress() == Some(congress);
        let (origin, party) = if office {
            self.check_filing(actor.role, Action::Create, congress, None).await?;
            (Origin::Gazette, Party::Office)
        } else {
            self.check_filing(actor.role, Action::Create, congress, Some(new.maker)).await?;
            if acting_org(actor.role) != Some(new.maker) {
                return Err(StoreError::NotFound("该制定机关"));
            }
            (Origin::Filed, Party::Maker(new.maker))
        };
        let checked = new.files.iter().map(|(a, u)| Ok((*a, u.check()?))).collect::<Result<Vec<_>>>()?;
        let attachments: BTreeSet<Attachment> = checked.iter().map(|(a, _)| *a).collect();
        let calendar = self.holiday_calendar().await?;
        let today = self.today();
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let settings = settings_on(w.conn(), congress).await?;
        let facts = Facts { today, party, settings: &settings, calendar: &calendar };
        let step = review::file(
            &NewFiling {
                maker: new.maker,
                body,
                title: new.title.clone(),
                published_on: new.published_on,
                attachments,
                origin,
            },
            &facts,
        )?;
        let at = w.at().to_owned();
        let f = &step.filing;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO filings (congress_id, maker_id, body, origin, title, published_on, state, due_on, late, record,
                                  filed_by, created_at, updated_at, filed_on)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) RETURNING id",
        )
        .bind(congress.0)
        .bind(new.maker.0)
        .bind(body.code())
        .bind(origin_code(origin))
        .bind(f.title())
        .bind(new.published_on.to_string())
        .bind(f.state().code())
        .bind(f.due_on().map(|d| d.to_string()))
        .bind(i64::from(!f.late().is_empty()))
        .bind(serde_json::to_string(f).map_err(json_err)?)
        .bind(actor.user.map(|u| u.0))
        .bind(&at)
        .bind(today.to_string())
        .fetch_one(w.conn())
        .await?;
        let id = FilingId(id);
        let files = save_files(&mut w, id, &checked).await?;
        insert_event(&mut w, id, "file", &step.event, today, actor.user).await?;
        let after = serde_json::json!({
            "maker": new.maker, "body": body, "origin": origin, "title": f.title(),
            "published_on": new.published_on.to_string(), "late": !f.late().is_empty(), "files": files,
        });
        w.record("filing.file", "filing", id.0, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(id)
    }

    async fn filing_congress(&self, id: FilingId) -> Result<(OrgId, OrgId)> {
        let row: Option<(i64, i64)> = sqlx::query_as("SELECT congress_id, maker_id FROM filings WHERE id = $1")
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?;
        row.map(|(c, m)| (OrgId(c), OrgId(m))).ok_or(StoreError::NotFound("该备案文件"))
    }

    /// One step of a filing (the core's `review::apply`), as its maker or the receiving
    /// congress's staff, in one audited transaction with its history line: registering gives the
    /// year's next 备案号; a 补正 saves its files; a proposal to revoke puts the document on a
    /// standing committee meeting's agenda in the same transaction.
    pub async fn filing_step(&self, actor: &Actor, id: FilingId, step: FilingStep) -> Result<FilingRow> {
        let (congress, maker) = self.filing_congress(id).await?;
        let kind = match &step {
            FilingStep::Register => CommandKind::Register,
            FilingStep::Resubmit(_) => CommandKind::Resubmit,
            FilingStep::ProposeRevocation { .. } => CommandKind::ProposeRevocation,
            FilingStep::Act(c) => c.kind(),
        };
        let party = match review::rule(kind).by {
            Role::Maker => {
                self.check_filing(actor.role, Action::Edit, congress, Some(maker)).await?;
                Party::Maker(acting_org(actor.role).ok_or(StoreError::NotFound("该备案文件"))?)
            }
            // The standing committee's decision comes from its vote ([`decide_revocation`]): staff
            // giving it stand as the committee, whom the core refuses.
            Role::Office | Role::Committee | Role::StandingCommittee => {
                self.check_filing(actor.role, Action::Edit, congress, None).await?;
                if review::rule(kind).by == Role::Office { Party::Office } else { Party::Committee }
            }
        };
        enum Plan {
            Register,
            Resubmit,
            Given(Command),
        }
        let (plan, files, revocation) = match step {
            FilingStep::Register | FilingStep::Act(Command::Register { .. }) => (Plan::Register, Vec::new(), None),
            FilingStep::Resubmit(files) => (Plan::Resubmit, files, None),
            FilingStep::Act(Command::Resubmit { .. }) => (Plan::Resubmit, Vec::new(), None),
            FilingStep::ProposeRevocation { reason, meeting } => (
                Plan::Given(Command::ProposeRevocation { reason: reason.clone() }),
                Vec::new(),
                Some((reason, meeting)),
            ),
            FilingStep::Act(Command::ProposeRevocation { .. }) => {
                return Err(StoreError::NotFound("提请审议的常委会会议"));
            }
            FilingStep::Act(c) => (Plan::Given(c), Vec::new(), None),
        };
        let checked = files.iter().map(|(a, u)| Ok((*a, u.check()?))).collect::<Result<Vec<_>>>()?;
        let calendar = self.holiday_calendar().await?;
        let today = self.today();
        let congress_name = self.org(congress).await?.name.as_str().to_owned();
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let settings = settings_on(w.conn(), congress).await?;
        let before = filing_on(w.conn(), id).await?;
        let command = match plan {
            Plan::Register => {
                let year = today.year();
                let last: Option<i64> = sqlx::query_scalar(
                    "SELECT MAX(number_seq) FROM filings WHERE congress_id = $1 AND number_year = $2",
                )
                .bind(congress.0)
                .bind(i64::from(year))
                .fetch_one(w.conn())
                .await?;
                let seq = u32::try_from(last.unwrap_or(0)).unwrap_or(0) + 1;
                Command::Register { number: FilingNumber::new(&filing_prefix(&congress_name), year, seq)? }
            }
            Plan::Resubmit => Command::Resubmit { added: checked.iter().map(|(a, _)| *a).collect() },
            Plan::Given(c) => c,
        };
        let facts = Facts { today, party, settings: &settings, calendar: &calendar };
        let next = review::apply(&before.filing, &command, &facts)?;
        if let Command::Send { kind: review::ReviewKind::Special, .. } = &command
            && let Some(topic) = next.filing.topic()
        {
            let topic_id = topic_of(&mut w, congress, today.year(), topic).await?;
            sqlx::query("UPDATE filings SET topic_id = $2 WHERE id = $1")
                .bind(id.0)
                .bind(topic_id)
                .execute(w.conn())
                .await?;
        }
        if !checked.is_empty() {
            let saved = save_files(&mut w, id, &checked).await?;
            w.record("filing.files_add", "filing", id.0, None::<&()>, Some(&serde_json::json!({ "files": saved })))
                .await?;
        }
        if let Some((reason, meeting)) = revocation {
            let item = revocation_item(&mut w, congress, meeting, &before, &reason).await?;
            sqlx::query("UPDATE filings SET item_id = $2 WHERE id = $1")
                .bind(id.0)
                .bind(item.0)
                .execute(w.conn())
                .await?;
        }
        write_step(&mut w, &before, &next.filing, &next.event, kind.code(), today, actor.user).await?;
        let row = filing_on(w.conn(), id).await?;
        w.commit().await?;
        Ok(row)
    }

    /// One filing with its files and history: for the receiving congress's staff and those
    /// above, and for its maker. For anyone else it does not exist.
    pub async fn filing(&self, actor: &Actor, id: FilingId) -> Result<FilingView> {
        let (congress, maker) = self.filing_congress(id).await?;
        let path = self.congress_path(congress).await?;
        filing_decision(actor.role, Action::View, &path, Some(maker))
            .map_err(|_| StoreError::NotFound("该备案文件"))?;
        let mut conn = self.pool().acquire().await?;
        let row = filing_on(&mut conn, id).await?;
        let files = sqlx::query(
            "SELECT attachment, hash, filename FROM filing_files WHERE filing_id = $1 ORDER BY attachment, filename",
        )
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(FilingFile {
                attachment: crate::columns::code(r, "attachment", Attachment::from_code)?,
                hash: r.try_get("hash")?,
                filename: r.try_get("filename")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let events = sqlx::query(
            "SELECT e.kind, e.event, e.on_day, u.display_name FROM filing_events e LEFT JOIN users u ON u.id = e.user_id
              WHERE e.filing_id = $1 ORDER BY e.id",
        )
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            let event: String = r.try_get("event")?;
            Ok(FilingEvent {
                kind: r.try_get("kind")?,
                event: serde_json::from_str(&event).map_err(json_err)?,
                on: crate::columns::date(r, "on_day")?,
                by: r.try_get("display_name")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let runs_it = filing_decision(actor.role, Action::Edit, &path, None).is_ok();
        let is_maker = acting_org(actor.role) == Some(maker)
            && filing_decision(actor.role, Action::Edit, &path, Some(maker)).is_ok();
        let mut permitted = Vec::new();
        if runs_it {
            permitted.extend(review::permitted(&row.filing, Party::Office));
            permitted.extend(review::permitted(&row.filing, Party::Committee));
        }
        if is_maker && !runs_it {
            permitted.extend(review::permitted(&row.filing, Party::Maker(maker)));
        }
        Ok(FilingView { row, files, events, permitted, runs_it })
    }

    /// A file of a filing, for whoever reads the filing: (filename, media type, bytes).
    pub async fn filing_file(&self, actor: &Actor, id: FilingId, hash: &str) -> Result<(String, String, Vec<u8>)> {
        let (congress, maker) = self.filing_congress(id).await?;
        self.check_filing(actor.role, Action::View, congress, Some(maker))
            .await
            .map_err(|_| StoreError::NotFound("该备案文件"))?;
        let row = sqlx::query(
            "SELECT ff.filename, f.mime, f.data FROM filing_files ff JOIN files f ON f.hash = ff.hash
              WHERE ff.filing_id = $1 AND ff.hash = $2",
        )
        .bind(id.0)
        .bind(hash)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("该文件"))?;
        Ok((row.try_get("filename")?, row.try_get("mime")?, row.try_get("data")?))
    }

    /// The filings a congress received, newest first: for its staff and those above.
    pub async fn filings_received(&self, actor: &Actor, congress: OrgId) -> Result<Vec<FilingRow>> {
        self.check_filing(actor.role, Action::View, congress, None).await?;
        if let OrgKind::Congress(level) = self.org(congress).await?.kind {
            check_receives_filings(level)?;
        }
        let sql = format!("SELECT {COLUMNS} WHERE f.congress_id = $1 ORDER BY f.id DESC");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(congress.0).fetch_all(self.pool()).await?;
        rows.iter().map(row_from).collect()
    }

    /// The filings of a congress whose awaited step is past its day on `today` (the core's
    /// `Filing::is_overdue`), soonest due first: the overdue board, counted from these rows.
    pub async fn filings_overdue(&self, actor: &Actor, congress: OrgId, today: Date) -> Result<Vec<FilingRow>> {
        let mut rows: Vec<FilingRow> =
            self.filings_received(actor, congress).await?.into_iter().filter(|f| f.filing.is_overdue(today)).collect();
        rows.sort_by_key(|f| (f.due_on, f.id.0));
        Ok(rows)
    }

    /// The filings the actor's organisation made (a unit's, or a congress's own resolutions filed
    /// above), newest first; empty for anyone who makes none.
    pub async fn filings_made(&self, actor: &Actor) -> Result<Vec<FilingRow>> {
        let Some(maker) = acting_org(actor.role) else { return Ok(Vec::new()) };
        let sql = format!("SELECT {COLUMNS} WHERE f.maker_id = $1 AND f.origin = 'filed' ORDER BY f.id DESC");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(maker.0).fetch_all(self.pool()).await?;
        rows.iter().map(row_from).collect()
    }

    /// The documents `congress` registered in `year`, in 备案号 order: the list published on the
    /// portal (title, maker, number, days — never the review).
    pub async fn public_filings(&self, congress: OrgId, year: i16) -> Result<Vec<PublicFiling>> {
        let sql = format!("SELECT {COLUMNS} WHERE f.congress_id = $1 AND f.number_year = $2 ORDER BY f.number_seq");
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(congress.0).bind(i64::from(year)).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                let f = row_from(r)?;
                Ok(PublicFiling {
                    number: f.number.unwrap_or_default(),
                    title: f.title,
                    maker_name: f.maker_name,
                    body: f.body,
                    published_on: f.published_on,
                    registered_on: f.filing.registered_on(),
                })
            })
            .collect()
    }

    /// The year's figures per filing body, then the total (`body: None`): filings received that
    /// year (by the day they were filed), on time and late, returned, sent a 审查意见, corrected.
    pub async fn filing_stats(&self, actor: &Actor, congress: OrgId, year: i16) -> Result<Vec<BodyStats>> {
        Ok(stats_of(&self.filings_received(actor, congress).await?, year))
    }

    /// What the year's 备案审查工作情况报告 is written from, for the receiving congress's staff:
    /// the figures per body, the reviews by kind and where the year's filings stand, the
    /// 审查建议 received that year, and the documents registered that year — counted from the
    /// rows the lists show.
    pub async fn filing_annual(&self, actor: &Actor, congress: OrgId, year: i16) -> Result<AnnualFigures> {
        let received = self.filings_received(actor, congress).await?;
        let proposals = self.review_proposals(actor, congress).await?;
        // The documents registered that year, from the same rows (the public list's query by
        // number year, read once here), in the order of their 备案号.
        let mut numbered: Vec<(&FilingRow, &FilingNumber)> =
            received.iter().filter_map(|f| Some((f, f.filing.number().filter(|n| n.year() == year)?))).collect();
        numbered.sort_by_key(|(_, n)| n.seq());
        let registered = numbered
            .into_iter()
            .map(|(f, n)| RegisteredLine {
                number: n.to_string(),
                title: f.title.clone(),
                maker_name: f.maker_name.clone(),
                published_on: f.published_on,
            })
            .collect();
        Ok(AnnualFigures {
            congress_name: self.org(congress).await?.name.to_string(),
            year,
            bodies: stats_of(&received, year),
            by_kind: AnnualFigures::by_kind(received.iter().map(FilingRow::filed), year),
            by_state: AnnualFigures::by_state(received.iter().map(FilingRow::filed), year),
            proposals: ProposalFigures::of(
                proposals.iter().filter(|p| p.received_on.year() == year).map(|p| &p.progress),
            ),
            registered,
        })
    }

    /// Every filing's id, for rebuilding the search index.
    pub async fn filing_ids(&self) -> Result<Vec<FilingId>> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM filings ORDER BY id").fetch_all(self.pool()).await?;
        Ok(ids.into_iter().map(FilingId).collect())
    }

    /// Where a registered filing is listed publicly: its congress and the year of its 备案号;
    /// `None` for one not registered (or not there).
    pub async fn public_filing_place(&self, id: FilingId) -> Result<Option<(OrgId, i16)>> {
        let row: Option<(i64, Option<i64>)> =
            sqlx::query_as("SELECT congress_id, number_year FROM filings WHERE id = $1")
                .bind(id.0)
                .fetch_optional(self.pool())
                .await?;
        Ok(row.and_then(|(c, y)| Some((OrgId(c), i16::try_from(y?).ok()?))))
    }

    /// The 专项审查 topics of a congress's year (those migrated from oversight items among them).
    pub async fn filing_topics(&self, actor: &Actor, congress: OrgId, year: i16) -> Result<Vec<String>> {
        self.check_filing(actor.role, Action::View, congress, None).await?;
        let titles: Vec<String> =
            sqlx::query_scalar("SELECT title FROM filing_topics WHERE congress_id = $1 AND year = $2 ORDER BY id")
                .bind(congress.0)
                .bind(i64::from(year))
                .fetch_all(self.pool())
                .await?;
        Ok(titles)
    }
}

/// The id of `congress`'s topic `title` of `year`, made when new.
async fn topic_of(w: &mut WriteTx, congress: OrgId, year: i16, title: &str) -> Result<i64> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM filing_topics WHERE congress_id = $1 AND year = $2 AND title = $3")
            .bind(congress.0)
            .bind(i64::from(year))
            .bind(title)
            .fetch_optional(w.conn())
            .await?;
    if let Some(id) = found {
        return Ok(id);
    }
    let at = w.at().to_owned();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO filing_topics (congress_id, year, title, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(congress.0)
    .bind(i64::from(year))
    .bind(title)
    .bind(&at)
    .fetch_one(w.conn())
    .await?;
    w.record("filing_topic.create", "filing_topic", id, None::<&()>, Some(&serde_json::json!({ "title": title })))
        .await?;
    Ok(id)
}

/// Feeds the standing committee's vote on agenda item `item` back to the filing whose
/// revocation it put (if any), as the core's `Decide` given by the meeting, inside the vote's
/// transaction: revoked when the vote passed, not revoked when it failed.
pub(crate) async fn decide_revocation(w: &mut WriteTx, item: VoteId, passed: bool, today: Date) -> Result<()> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM filings WHERE item_id = $1").bind(item.0).fetch_optional(w.conn()).await?;
    let Some(id) = id else { return Ok(()) };
    let before = filing_on(w.conn(), FilingId(id)).await?;
    let settings = settings_on(w.conn(), before.congress).await?;
    let calendar = crate::suggestions::calendar_on(w.conn()).await?;
    let facts = Facts { today, party: Party::StandingCommittee, settings: &settings, calendar: &calendar };
    let next = review::apply(&before.filing, &Command::Decide { revoked: passed }, &facts)?;
    let user = w.actor();
    write_step(w, &before, &next.filing, &next.event, CommandKind::Decide.code(), today, user).await
}

/// Puts the revocation of `f` on `meeting`'s agenda (a standing committee meeting of the same
/// congress): a text voted as a whole, secret as the congress's meeting settings say.
async fn revocation_item(
    w: &mut WriteTx,
    congress: OrgId,
    meeting: MeetingId,
    f: &FilingRow,
    _reason: &str,
) -> Result<VoteId> {
    let m = crate::meetings::meeting_on(w.conn(), meeting).await?;
    if m.congress != congress || m.kind != MeetingKind::StandingCommittee {
        return Err(StoreError::NotFound("提请审议的常委会会议"));
    }
    let settings = crate::meetings::settings::settings_on(w.conn(), congress).await?;
    let matter = Matter::Text;
    let title = format!("关于撤销《{}》的决定（草案）", f.title);
    crate::meetings::insert_item(w, meeting, &title, &matter, required_secrecy(&matter, &settings)).await
}
