//! Document views, counted in memory and written in batches.
//!
//! A read of a public page must not write: a notice that goes viral would otherwise put a write
//! transaction on every request and grow a table at the pace of the crowd. So [`Store::note_view`]
//! only notes the view (document, reader, day) in this process, and [`Store::flush_views`] —
//! called every second by the server and once more at shutdown — writes what was noted in one
//! transaction: the rows go into `document_views` under its unique (document, reader, day) key,
//! so a view noted twice, or by two server processes, is one row, and each document's `views`
//! grows by the rows that were new. A process killed without its shutdown (kill -9, a power cut)
//! loses at most the views of its last second.
//!
//! Memory stays bounded: the set of views already noted (so that a reader reloading a page is
//! not written again every second) holds at most [`SEEN_LIMIT`] fingerprints and starts afresh
//! when full — the table's key still de-duplicates — and at most [`PENDING_LIMIT`] views wait for
//! a flush; beyond that, views are dropped and counted in the flush's report.
//!
//! The rows are needed only by the hot lists (this week, this month): [`Store::flush_views`]
//! deletes those older than [`KEEP_DAYS`] days once a day.

use crate::{Result, Store};
use jiff::civil::Date;
use sqlx::AssertSqlSafe;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::sync::Mutex;

/// Views noted but not yet written are dropped beyond this many (about 10 MB).
pub const PENDING_LIMIT: usize = 100_000;
/// Fingerprints of views already noted, at most (about 4 MB).
pub const SEEN_LIMIT: usize = 262_144;
/// Days of rows kept: the month's hot list counts the last 30 days.
pub const KEEP_DAYS: i64 = 31;
/// Rows per INSERT statement.
const ROWS_PER_STATEMENT: usize = 100;

/// The views noted in this process since the last flush.
#[derive(Debug, Default)]
pub struct ViewBuffer {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    hasher: std::collections::hash_map::RandomState,
    seen: HashSet<u64>,
    pending: Vec<(i64, String, Date)>,
    dropped: u64,
    pruned_on: Option<Date>,
}

/// What one flush wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flushed {
    /// Views taken from memory.
    pub noted: usize,
    /// New rows (views not counted before, by this or another process).
    pub counted: u64,
    /// Views dropped since the last flush because too many were waiting.
    pub dropped: u64,
    /// Rows deleted as older than the hot lists need.
    pub pruned: u64,
}

impl ViewBuffer {
    /// Notes a view; whether it is new to this process (a reload is not).
    fn note(&self, document: i64, reader: &str, day: Date) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let fingerprint = inner.hasher.hash_one((document, reader, day));
        if inner.seen.len() >= SEEN_LIMIT {
            inner.seen.clear();
        }
        if !inner.seen.insert(fingerprint) {
            return false;
        }
        if inner.pending.len() >= PENDING_LIMIT {
            inner.dropped += 1;
            return false;
        }
        inner.pending.push((document, reader.to_owned(), day));
        true
    }

    fn take(&self) -> (Vec<(i64, String, Date)>, u64) {
        let mut inner = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        (std::mem::take(&mut inner.pending), std::mem::take(&mut inner.dropped))
    }

    /// Puts views back after a failed write, so the next flush tries them again.
    fn put_back(&self, mut views: Vec<(i64, String, Date)>) {
        let mut inner = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let room = PENDING_LIMIT.saturating_sub(inner.pending.len());
        if views.len() > room {
            inner.dropped += (views.len() - room) as u64;
            views.truncate(room);
        }
        inner.pending.extend(views);
    }

    /// Whether the rows older than the hot lists need are due to be deleted today.
    fn prune_due(&self, today: Date) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if inner.pruned_on == Some(today) {
            return false;
        }
        inner.pruned_on = Some(today);
        true
    }

    /// Views waiting for a flush.
    pub fn pending(&self) -> usize {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pending.len()
    }
}

impl Store {
    /// Notes a read of a document by `reader` (an account's or an anonymous reader's key) on
    /// `day`, in memory: no database work. Returns whether it is new to this process; it is
    /// counted at the next [`flush_views`](Store::flush_views), once per reader per document per
    /// day whichever process noted it.
    pub fn note_view(&self, document: crate::documents::DocumentId, reader: &str, day: Date) -> bool {
        self.views.note(document.0, reader, day)
    }

    /// Views noted and not yet written.
    pub fn pending_views(&self) -> usize {
        self.views.pending()
    }

    /// Writes the views noted since the last flush in one transaction (rows under the unique
    /// (document, reader, day) key, each document's count by the rows that were new) and, once a
    /// day, deletes rows older than [`KEEP_DAYS`]. On a database error the views are kept for
    /// the next flush.
    pub async fn flush_views(&self) -> Result<Flushed> {
        let (views, dropped) = self.views.take();
        let mut done = Flushed { noted: views.len(), dropped, ..Flushed::default() };
        if !views.is_empty() {
            match self.write_views(&views).await {
                Ok(n) => done.counted = n,
                Err(e) => {
                    self.views.put_back(views);
                    return Err(e);
                }
            }
        }
        let today = self.today();
        if self.views.prune_due(today) {
            let cutoff = today - jiff::Span::new().days(KEEP_DAYS);
            done.pruned = sqlx::query("DELETE FROM document_views WHERE day < $1")
                .bind(cutoff.to_string())
                .execute(self.writer())
                .await?
                .rows_affected();
            // The day's maintenance of the planner's statistics goes with it.
            self.optimize().await?;
        }
        Ok(done)
    }

    async fn write_views(&self, views: &[(i64, String, Date)]) -> Result<u64> {
        let mut tx = self.writer().begin().await?;
        let mut new: HashMap<i64, i64> = HashMap::new();
        for part in views.chunks(ROWS_PER_STATEMENT) {
            let values: Vec<String> =
                (0..part.len()).map(|i| format!("(${}, ${}, ${})", i * 3 + 1, i * 3 + 2, i * 3 + 3)).collect();
            let sql = format!(
                "INSERT INTO document_views (document_id, reader, day) VALUES {}
                 ON CONFLICT DO NOTHING RETURNING document_id",
                values.join(",")
            );
            let mut q = sqlx::query_scalar::<_, i64>(AssertSqlSafe(sql));
            for (document, reader, day) in part {
                q = q.bind(*document).bind(reader.as_str()).bind(day.to_string());
            }
            for document in q.fetch_all(&mut *tx).await? {
                *new.entry(document).or_default() += 1;
            }
        }
        let mut counted = 0;
        for (document, n) in new {
            sqlx::query("UPDATE documents SET views = views + $2 WHERE id = $1")
                .bind(document)
                .bind(n)
                .execute(&mut *tx)
                .await?;
            counted += n as u64;
        }
        tx.commit().await?;
        Ok(counted)
    }
}
