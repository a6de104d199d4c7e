//! Repeated submissions, kept (the rules are `renda_core::idempotency`).
//!
//! The web tier runs a request that carries a key (an API call's `Idempotency-Key`, a form's
//! token) inside [`guarded`], with a [`Claim`]. The first [`WriteTx`](crate::audit::WriteTx) the
//! request commits claims the key in the same transaction, so the write and the key land
//! together or not at all: a second request with the key finds the row ([`Store::kept_answer`])
//! and gets the first one's answer, which the web tier keeps once it is built
//! ([`Store::keep_answer`]). Two copies racing past that lookup both reach the commit; the
//! second finds the key taken, writes nothing, and its claim says [`Claim::repeated`].
//!
//! The claim travels as a task-local, not as a parameter of every write: every way the
//! platform changes state goes through `WriteTx::commit`, so every one is guarded without each
//! of them knowing. A request that commits nothing (a refused form) claims nothing and may be
//! sent again.

use crate::{Result, Store, StoreError};
use renda_core::ErrorCode;
use renda_core::idempotency::{KEEP_SECONDS, Repeat};
use sqlx::{Any, Row, Transaction};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

tokio::task_local! {
    static CLAIM: Arc<Claim>;
}

const OPEN: u8 = 0;
const TAKEN: u8 = 1;
const REPEATED: u8 = 2;

/// A key a request may claim: whose, which, and what was asked.
#[derive(Debug)]
pub struct Claim {
    pub scope: String,
    pub key: String,
    pub fingerprint: String,
    state: AtomicU8,
}

impl Claim {
    pub fn new(scope: String, key: String, fingerprint: String) -> Arc<Claim> {
        Arc::new(Claim { scope, key, fingerprint, state: AtomicU8::new(OPEN) })
    }

    /// A write of this request committed and took the key.
    pub fn taken(&self) -> bool {
        self.state.load(Ordering::SeqCst) == TAKEN
    }

    /// The key was already taken by an earlier copy of this request; this one wrote nothing.
    pub fn repeated(&self) -> bool {
        self.state.load(Ordering::SeqCst) == REPEATED
    }
}

/// Runs `f` (a request's handler) with `claim`: its first committed write takes the key.
pub async fn guarded<F: Future>(claim: Arc<Claim>, f: F) -> F::Output {
    CLAIM.scope(claim, f).await
}

/// Called by `WriteTx::commit` inside its transaction: takes the request's key, if it has one
/// not yet taken. Err when an earlier copy of the request already took it (the caller's
/// transaction then rolls back).
pub(crate) async fn claim_in(tx: &mut Transaction<'static, Any>, now: i64) -> Result<Option<Arc<Claim>>> {
    let Ok(claim) = CLAIM.try_with(Arc::clone) else { return Ok(None) };
    if claim.state.load(Ordering::SeqCst) != OPEN {
        return Ok(None);
    }
    // A key past its day may be used again.
    sqlx::query("DELETE FROM idempotency_keys WHERE scope = $1 AND idem_key = $2 AND created_unix <= $3")
        .bind(&claim.scope)
        .bind(&claim.key)
        .bind(now - KEEP_SECONDS)
        .execute(&mut **tx)
        .await?;
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, created_unix) VALUES ($1, $2, $3, $4)
         ON CONFLICT (scope, idem_key) DO NOTHING",
    )
    .bind(&claim.scope)
    .bind(&claim.key)
    .bind(&claim.fingerprint)
    .bind(now)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        claim.state.store(REPEATED, Ordering::SeqCst);
        return Err(StoreError::refused(ErrorCode::RequestInProgress, Repeat::InProgress.message().to_owned()));
    }
    Ok(Some(claim))
}

/// Marks a claim taken once its transaction committed.
pub(crate) fn committed(claim: Option<Arc<Claim>>) {
    if let Some(c) = claim {
        c.state.store(TAKEN, Ordering::SeqCst);
    }
}

/// A key found, with the answer kept for it (none yet while the first request is answered).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub fingerprint: String,
    pub answer: Option<Answer>,
}

/// The answer given to the first request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Store {
    /// The live key `key` of `scope`, if one was taken in the last 24 hours.
    pub async fn kept_answer(&self, scope: &str, key: &str) -> Result<Option<Kept>> {
        let row = sqlx::query(
            "SELECT fingerprint, status, location, content_type, body FROM idempotency_keys
             WHERE scope = $1 AND idem_key = $2 AND created_unix > $3",
        )
        .bind(scope)
        .bind(key)
        .bind(self.now_unix() - KEEP_SECONDS)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| {
            let status: Option<i64> = r.get("status");
            Kept {
                fingerprint: r.get("fingerprint"),
                answer: status.map(|s| Answer {
                    status: u16::try_from(s).unwrap_or(500),
                    location: r.get("location"),
                    content_type: r.get("content_type"),
                    body: r.get::<Option<Vec<u8>>, _>("body").unwrap_or_default(),
                }),
            }
        }))
    }

    /// Keeps the answer of the request that took `key`.
    pub async fn keep_answer(&self, scope: &str, key: &str, answer: &Answer) -> Result<()> {
        sqlx::query(
            "UPDATE idempotency_keys SET status = $3, location = $4, content_type = $5, body = $6
             WHERE scope = $1 AND idem_key = $2",
        )
        .bind(scope)
        .bind(key)
        .bind(i64::from(answer.status))
        .bind(answer.location.as_deref())
        .bind(answer.content_type.as_deref())
        .bind(answer.body.as_slice())
        .execute(self.writer())
        .await?;
        Ok(())
    }

    /// Drops keys older than a day; returns how many. Run with the hourly sweep.
    pub async fn purge_idempotency_keys(&self) -> Result<u64> {
        let n = sqlx::query("DELETE FROM idempotency_keys WHERE created_unix <= $1")
            .bind(self.now_unix() - KEEP_SECONDS)
            .execute(self.writer())
            .await?
            .rows_affected();
        Ok(n)
    }
}
