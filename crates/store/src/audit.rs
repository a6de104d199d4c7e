//! The audit chain, which is also the event log.
//!
//! Every write in the store goes through a [`WriteTx`]: `Store::begin_write(chain, actor)`
//! opens a transaction and *first* claims the chain's head row with an `UPDATE` — on PostgreSQL
//! that row lock serialises the writers of one congress and no others; on SQLite it takes the
//! write lock at once, so a transaction never has to upgrade a read lock (which is where SQLite
//! deadlocks). The caller does its writes on [`WriteTx::conn`], records what changed with
//! [`WriteTx::record`], and [`WriteTx::commit`] moves the head and commits. A transaction that
//! recorded nothing refuses to commit, so no write escapes the chain. Dropping a `WriteTx`
//! without committing rolls everything back, audit entries included.

use crate::{Actor, Result, Store, StoreError};
use renda_core::audit::{Broken, ChainWalker, EntryFields, GENESIS, StoredEntry, entry_hash};
use renda_core::event::{Event, Subject};
use renda_core::ids::{OrgId, UserId};
use renda_core::policy::{Action, Resource, Target, allows};
use serde::Serialize;
use sqlx::{Any, AnyConnection, AssertSqlSafe, Row, Transaction};

/// Which chain a write goes on: the congress the record belongs to, or the global chain for
/// records that belong to none (the admin's accounts, the top of the tree).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chain {
    Global,
    Congress(OrgId),
}

impl Chain {
    pub fn id(self) -> i64 {
        match self {
            Chain::Global => 0,
            Chain::Congress(c) => c.0,
        }
    }

    pub fn for_congress(c: Option<OrgId>) -> Chain {
        c.map_or(Chain::Global, Chain::Congress)
    }
}

/// A write transaction bound to one audit chain (or, for system tasks that touch many
/// congresses at once, to several: [`Store::begin_write_chains`]).
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    /// The chains claimed, by id; `record` appends to the first.
    heads: Vec<Head>,
    actor: Option<UserId>,
    /// When this transaction happens, from the store's clock: every stamp it writes.
    now: jiff::Timestamp,
    at: String,
    recorded: usize,
    /// The store's count of committed writes, moved at commit ([`Store::changes`]).
    changes: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// A claimed chain's head as this transaction moves it.
#[derive(Debug)]
struct Head {
    chain: i64,
    seq: i64,
    hash: String,
    moved: bool,
}

/// One audit entry of [`WriteTx::record_many`], its records already JSON.
#[derive(Clone, Debug)]
pub struct Entry {
    pub chain: Chain,
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl std::fmt::Debug for WriteTx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteTx").field("heads", &self.heads).finish()
    }
}

/// Audit entries per multi-row statement (11 parameters each) and chain heads per update or
/// claim. Smaller on SQLite, whose driver's cost per parameter grows with their number.
const ENTRIES_PER_STATEMENT: usize = 500;
const ENTRIES_PER_STATEMENT_SQLITE: usize = 50;

/// [`ENTRIES_PER_STATEMENT`] for the backend of `conn`.
fn entries_per_statement(conn: &AnyConnection) -> usize {
    if conn.backend_name().eq_ignore_ascii_case("sqlite") {
        ENTRIES_PER_STATEMENT_SQLITE
    } else {
        ENTRIES_PER_STATEMENT
    }
}

impl Store {
    /// Opens a write transaction on `chain` for `actor` (`None`: the system itself, e.g. the demo
    /// loader or a migration of data).
    pub async fn begin_write(&self, chain: Chain, actor: Option<UserId>) -> Result<WriteTx> {
        let mut tx = self.writer().begin().await?;
        let chain_id = chain.id();
        sqlx::query(
            "INSERT INTO audit_chains (chain_id, seq, head_hash) VALUES ($1, 0, $2) ON CONFLICT (chain_id) DO NOTHING",
        )
        .bind(chain_id)
        .bind(GENESIS)
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query("UPDATE audit_chains SET seq = seq WHERE chain_id = $1 RETURNING seq, head_hash")
            .bind(chain_id)
            .fetch_one(&mut *tx)
            .await?;
        let head = Head { chain: chain_id, seq: row.try_get(0)?, hash: row.try_get(1)?, moved: false };
        let now = self.clock().now();
        Ok(WriteTx {
            tx,
            heads: vec![head],
            actor,
            now,
            at: crate::stamp(now),
            recorded: 0,
            changes: self.changes.clone(),
        })
    }

    /// Opens one write transaction on several chains at once, for a system task whose writes
    /// belong to many congresses (recomputing the scores of every congress below a city). The
    /// heads are claimed in ascending order of chain, so two such transactions cannot deadlock
    /// each other, and a writer of one congress waits only for the chain it needs. Each entry
    /// goes on the chain of the congress it is about ([`WriteTx::record_many`]).
    pub(crate) async fn begin_write_chains(&self, chains: &[Chain], actor: Option<UserId>) -> Result<WriteTx> {
        let mut ids: Vec<i64> = chains.iter().map(|c| c.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Err(StoreError::Internal("a write transaction needs a chain".into()));
        }
        let mut tx = self.writer().begin().await?;
        let mut heads = Vec::with_capacity(ids.len());
        let per = entries_per_statement(&tx);
        for part in ids.chunks(per) {
            let values: Vec<String> = (1..=part.len()).map(|i| format!("(${i}, 0, '{GENESIS}')")).collect();
            let mut q = sqlx::query(AssertSqlSafe(format!(
                "INSERT INTO audit_chains (chain_id, seq, head_hash) VALUES {} ON CONFLICT (chain_id) DO NOTHING",
                values.join(",")
            )));
            for id in part {
                q = q.bind(*id);
            }
            q.execute(&mut *tx).await?;
            let marks = (1..=part.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(",");
            // PostgreSQL locks rows in the order the sort hands them over; SQLite's first write
            // takes the one write lock, so there is no order to keep.
            let sql = match self.backend() {
                crate::Backend::Postgres => format!(
                    "SELECT chain_id, seq, head_hash FROM audit_chains WHERE chain_id IN ({marks}) ORDER BY chain_id FOR UPDATE"
                ),
                crate::Backend::Sqlite => format!(
                    "UPDATE audit_chains SET seq = seq WHERE chain_id IN ({marks}) RETURNING chain_id, seq, head_hash"
                ),
            };
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for id in part {
                q = q.bind(*id);
            }
            for r in q.fetch_all(&mut *tx).await? {
                heads.push(Head { chain: r.try_get(0)?, seq: r.try_get(1)?, hash: r.try_get(2)?, moved: false });
            }
        }
        heads.sort_by_key(|h| h.chain);
        if heads.len() != ids.len() {
            return Err(StoreError::Internal("audit: a chain head is missing".into()));
        }
        let now = self.clock().now();
        Ok(WriteTx { tx, heads, actor, now, at: crate::stamp(now), recorded: 0, changes: self.changes.clone() })
    }
}

impl WriteTx {
    /// The connection to run this transaction's statements on.
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    pub fn actor(&self) -> Option<UserId> {
        self.actor
    }

    /// When this transaction happens, as stored (RFC 3339, UTC): its audit entries' time and
    /// every created/updated stamp it writes.
    pub fn at(&self) -> &str {
        &self.at
    }

    /// When this transaction happens, as an instant.
    pub fn now(&self) -> jiff::Timestamp {
        self.now
    }

    /// Appends the entry of an [`Event`] something follows (`renda_core::event`): its action,
    /// record and id come from the event; `after` is what the followers read back (for a
    /// command, the event's change).
    pub async fn record_event<B: Serialize, A: Serialize>(
        &mut self,
        event: &Event,
        before: Option<&B>,
        after: Option<&A>,
    ) -> Result<()> {
        let (entity, id) = event.subject().map_or(("", 0), |s| (s.entity(), s.id()));
        self.record(&event.action(), entity, id, before, after).await
    }

    /// Appends one audit entry: what was done (`org.create`), to what (`organisation`, id), and
    /// the record before and after as JSON (`None` where it did not exist).
    pub async fn record<B: Serialize, A: Serialize>(
        &mut self,
        action: &str,
        entity: &str,
        entity_id: impl ToString,
        before: Option<&B>,
        after: Option<&A>,
    ) -> Result<()> {
        let json_err = |e: serde_json::Error| StoreError::Internal(format!("audit json: {e}"));
        let before = before.map(serde_json::to_string).transpose().map_err(json_err)?;
        let after = after.map(serde_json::to_string).transpose().map_err(json_err)?;
        let entity_id = entity_id.to_string();
        let (actor, at) = (self.actor.map(|a| a.0), self.at.clone());
        let head = &mut self.heads[0];
        let seq = head.seq + 1;
        let fields = EntryFields {
            chain: head.chain,
            seq,
            at: &at,
            actor,
            action,
            entity,
            entity_id: &entity_id,
            before: before.as_deref(),
            after: after.as_deref(),
        };
        let hash = entry_hash(&head.hash, &fields);
        sqlx::query(
            "INSERT INTO audit_log (chain_id, seq, at, actor_id, action, entity, entity_id, before_json, after_json, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(head.chain)
        .bind(seq)
        .bind(&at)
        .bind(actor)
        .bind(action)
        .bind(entity)
        .bind(&entity_id)
        .bind(before)
        .bind(after)
        .bind(&head.hash)
        .bind(&hash)
        .execute(&mut *self.tx)
        .await?;
        head.seq = seq;
        head.hash = hash;
        head.moved = true;
        self.recorded += 1;
        Ok(())
    }

    /// Appends many entries, each on its own chain (which this transaction must have claimed),
    /// in a few multi-row statements: a task touching thousands of congresses records each.
    pub async fn record_many(&mut self, entries: &[Entry]) -> Result<()> {
        let actor = self.actor.map(|a| a.0);
        let mut rows = Vec::with_capacity(entries.len());
        for e in entries {
            let chain = e.chain.id();
            let i = self
                .heads
                .binary_search_by_key(&chain, |h| h.chain)
                .map_err(|_| StoreError::Internal(format!("audit: chain {chain} was not claimed")))?;
            let head = &mut self.heads[i];
            let seq = head.seq + 1;
            let fields = EntryFields {
                chain,
                seq,
                at: &self.at,
                actor,
                action: e.action,
                entity: e.entity,
                entity_id: &e.entity_id,
                before: e.before.as_deref(),
                after: e.after.as_deref(),
            };
            let hash = entry_hash(&head.hash, &fields);
            rows.push((chain, seq, std::mem::replace(&mut head.hash, hash.clone()), hash, e));
            head.seq = seq;
            head.moved = true;
        }
        let per = entries_per_statement(&self.tx);
        for part in rows.chunks(per) {
            let values: Vec<String> = (0..part.len())
                .map(|i| {
                    let b = i * 11;
                    let m: Vec<String> = (1..=11).map(|k| format!("${}", b + k)).collect();
                    format!("({})", m.join(", "))
                })
                .collect();
            let mut q = sqlx::query(AssertSqlSafe(format!(
                "INSERT INTO audit_log (chain_id, seq, at, actor_id, action, entity, entity_id, before_json, after_json, prev_hash, hash)
                 VALUES {}",
                values.join(",")
            )));
            for (chain, seq, prev, hash, e) in part {
                q = q
                    .bind(*chain)
                    .bind(*seq)
                    .bind(self.at.as_str())
                    .bind(actor)
                    .bind(e.action)
                    .bind(e.entity)
                    .bind(e.entity_id.as_str())
                    .bind(e.before.as_deref())
                    .bind(e.after.as_deref())
                    .bind(prev.as_str())
                    .bind(hash.as_str());
            }
            q.execute(&mut *self.tx).await?;
        }
        self.recorded += entries.len();
        Ok(())
    }

    /// Moves the heads of the chains written to and commits. Refuses when nothing was recorded.
    pub async fn commit(mut self) -> Result<()> {
        if self.recorded == 0 {
            return Err(StoreError::Internal("a write transaction recorded no audit entry".into()));
        }
        let per = entries_per_statement(&self.tx);
        let moved: Vec<&Head> = self.heads.iter().filter(|h| h.moved).collect();
        for part in moved.chunks(per) {
            if let [h] = part {
                sqlx::query("UPDATE audit_chains SET seq = $2, head_hash = $3 WHERE chain_id = $1")
                    .bind(h.chain)
                    .bind(h.seq)
                    .bind(&h.hash)
                    .execute(&mut *self.tx)
                    .await?;
                continue;
            }
            let values: Vec<String> = (0..part.len())
                .map(|i| format!("(CAST(${} AS BIGINT), CAST(${} AS BIGINT), ${})", i * 3 + 1, i * 3 + 2, i * 3 + 3))
                .collect();
            let mut q = sqlx::query(AssertSqlSafe(format!(
                "UPDATE audit_chains SET seq = v.column2, head_hash = v.column3
                 FROM (VALUES {}) AS v WHERE audit_chains.chain_id = v.column1",
                values.join(",")
            )));
            for h in part {
                q = q.bind(h.chain).bind(h.seq).bind(h.hash.as_str());
            }
            q.execute(&mut *self.tx).await?;
        }
        // A request guarded by a key takes it with its first write, in this transaction.
        let claim = crate::idempotency::claim_in(&mut self.tx, self.now.as_second()).await?;
        self.tx.commit().await?;
        self.changes.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        crate::idempotency::committed(claim);
        Ok(())
    }
}

/// The outcome of walking every chain.
#[derive(Debug, PartialEq, Eq)]
pub struct Verified {
    pub chains: usize,
    pub entries: usize,
}

/// One audit entry as listed in the admin pages.
#[derive(Clone, Debug, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub chain: i64,
    pub seq: i64,
    pub at: String,
    pub actor: Option<i64>,
    pub actor_login: Option<String>,
    /// The actor's display name, role code and the name of what the role is scoped to (the
    /// staff's congress, the unit, the deputy's person), for histories that name people.
    pub actor_name: Option<String>,
    pub actor_role: Option<String>,
    pub actor_scope: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
}

impl Store {
    /// Walks every chain from its first entry, recomputing each hash, and checks that each
    /// chain's head row agrees with its last entry. Names the first broken entry.
    pub async fn verify_audit(&self) -> Result<std::result::Result<Verified, Broken>> {
        let chains: Vec<(i64, i64, String)> =
            sqlx::query_as("SELECT chain_id, seq, head_hash FROM audit_chains ORDER BY chain_id")
                .fetch_all(self.pool())
                .await?;
        let mut entries = 0;
        for (chain, head_seq, head_hash) in &chains {
            let mut walker = ChainWalker::new(*chain);
            let mut last_id = 0;
            let mut rows = sqlx::query(
                "SELECT id, chain_id, seq, at, actor_id, action, entity, entity_id, before_json, after_json, prev_hash, hash
                 FROM audit_log WHERE chain_id = $1 ORDER BY seq",
            )
            .bind(*chain)
            .fetch_all(self.pool())
            .await?;
            for row in rows.drain(..) {
                let e = StoredEntry {
                    id: row.try_get(0)?,
                    chain: row.try_get(1)?,
                    seq: row.try_get(2)?,
                    at: row.try_get(3)?,
                    actor: row.try_get(4)?,
                    action: row.try_get(5)?,
                    entity: row.try_get(6)?,
                    entity_id: row.try_get(7)?,
                    before: row.try_get(8)?,
                    after: row.try_get(9)?,
                    prev_hash: row.try_get(10)?,
                    hash: row.try_get(11)?,
                };
                if let Err(b) = walker.check(&e) {
                    return Ok(Err(b));
                }
                last_id = e.id;
                entries += 1;
            }
            if walker.head() != head_hash || (*head_seq > 0 && last_id == 0) {
                return Ok(Err(Broken {
                    chain: *chain,
                    id: last_id,
                    reason: format!("链头记录（序号 {head_seq}）与最后一条记录不符（末尾记录被删除或链头被改动）"),
                }));
            }
        }
        Ok(Ok(Verified { chains: chains.len(), entries }))
    }

    /// Every entry about one record, oldest first: its history (a suggestion's timeline).
    pub async fn audit_of(&self, entity: &str, entity_id: &str) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} WHERE a.entity = $1 AND a.entity_id = $2 ORDER BY a.id"
        )))
        .bind(entity)
        .bind(entity_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// Event-log entries after `after` (oldest first), as the log's followers read them: which
    /// record each one changed. The search index follows the log this way.
    pub async fn events_after(&self, after: i64, limit: i64) -> Result<Vec<EventRef>> {
        let rows: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, entity, entity_id FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2")
                .bind(after)
                .bind(limit)
                .fetch_all(self.pool())
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, entity, entity_id)| EventRef { id, subject: Subject::read(&entity, &entity_id) })
            .collect())
    }

    /// The entries with these ids that exist now: a follower asks again for ids it saw missing,
    /// because on PostgreSQL a transaction that took a lower id can commit after a higher one.
    pub async fn events_by_ids(&self, ids: &[i64]) -> Result<Vec<EventRef>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows: Vec<(i64, String, String)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT id, entity, entity_id FROM audit_log WHERE id IN ({list}) ORDER BY id"
        )))
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, entity, entity_id)| EventRef { id, subject: Subject::read(&entity, &entity_id) })
            .collect())
    }

    /// The newest entry's id (0 for an empty log).
    pub async fn last_event_id(&self) -> Result<i64> {
        Ok(sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM audit_log")
            .fetch_one(self.pool())
            .await?
            .unwrap_or(0))
    }

    /// The latest entries (newest first) of the chains `actor` may read, for the audit page:
    /// those of the congresses they may list ([`Store::listable_congresses`]), and chain 0 (the
    /// records of no congress) for whom the policy lets read the audit log of no congress (the
    /// admin).
    pub async fn recent_audit(&self, actor: &Actor, limit: i64) -> Result<Vec<AuditEntry>> {
        let mut chains: Vec<i64> = self.listable_congresses(actor).await?.into_iter().map(|c| c.0).collect();
        if allows(actor.role, Action::View, Resource::AuditLog, &Target::default()) {
            chains.push(0);
        }
        if chains.is_empty() {
            return Ok(Vec::new());
        }
        let list = chains.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = format!("SELECT {ENTRY_COLUMNS} WHERE a.chain_id IN ({list}) ORDER BY a.id DESC LIMIT $1");
        let rows = sqlx::query(AssertSqlSafe(sql)).bind(limit).fetch_all(self.pool()).await?;
        rows.iter().map(entry_from_row).collect()
    }
}

/// The columns of an [`AuditEntry`] with the tables they come from (the actor's account and
/// what it is scoped to).
const ENTRY_COLUMNS: &str = "a.id, a.chain_id, a.seq, a.at, a.actor_id, u.login, a.action, a.entity, a.entity_id,
    u.display_name, u.role, COALESCE(o.name, p.name)
    FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
    LEFT JOIN organisations o ON o.id = u.scope_org_id LEFT JOIN persons p ON p.id = u.person_id";

fn entry_from_row(r: &sqlx::any::AnyRow) -> Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.try_get(0)?,
        chain: r.try_get(1)?,
        seq: r.try_get(2)?,
        at: r.try_get(3)?,
        actor: r.try_get(4)?,
        actor_login: r.try_get(5)?,
        action: r.try_get(6)?,
        entity: r.try_get(7)?,
        entity_id: r.try_get(8)?,
        actor_name: r.try_get(9)?,
        actor_role: r.try_get(10)?,
        actor_scope: r.try_get(11)?,
    })
}

/// Which record one event-log entry changed (`None`: one no follower follows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRef {
    pub id: i64,
    pub subject: Option<Subject>,
}
