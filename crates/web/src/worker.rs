//! The background worker: one loop for everything derived from the event log or the clock, off
//! the request path.
//!
//! | follower | every | where its position is kept |
//! |---|---|---|
//! | views and the kept pages' mark ([`crate::public::every_second`]) | 1 s | in memory (a kill -9 loses at most a second of views) |
//! | search index ([`crate::indexer`]) | 2 s | the index's own commit |
//! | notifications (`Store::run_notification_consumer`) | 2 s | `consumer_positions` |
//! | delivery by e-mail and webhook, when configured | 2 s | each delivery's row |
//! | deadline reminders, old idempotency keys | 1 h | one reminder per deadline |
//! | the daily SQLite backup, when a folder is given | 1 min | the day's file |
//!
//! The loop ticks every second. Each follower runs as a task of its own when it is due, and
//! never twice at once: a long index rebuild at start does not hold back the views written
//! every second, and a slow SMTP server does not hold back the notifications. A follower that
//! fails logs why and tries again at its next turn; its position did not move, so nothing is
//! lost or done twice.

use crate::AppState;
use renda_store::StoreError;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;

/// The daily backups of a SQLite database: the folder and how many files to keep.
#[derive(Clone, Debug)]
pub struct Backups {
    pub dir: PathBuf,
    pub keep: usize,
}

/// What runs in the background of one `renda serve`.
#[derive(Clone)]
pub struct Worker {
    state: AppState,
    backups: Option<Backups>,
    rebuild: bool,
}

/// The followers, each with its cadence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Follower {
    Views,
    Index,
    Notifications,
    Delivery,
    Sweep,
    Backup,
}

impl Follower {
    const ALL: [Follower; 6] = [
        Follower::Views,
        Follower::Index,
        Follower::Notifications,
        Follower::Delivery,
        Follower::Sweep,
        Follower::Backup,
    ];

    fn every(self) -> Duration {
        Duration::from_secs(match self {
            Follower::Views => 1,
            Follower::Index | Follower::Notifications | Follower::Delivery => 2,
            Follower::Backup => 60,
            Follower::Sweep => 3600,
        })
    }
}

/// How far each follower of the event log has read, against the log's newest entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Positions {
    /// The newest entry of the event log.
    pub log: i64,
    /// The search index's position (`None`: this server keeps no index).
    pub index: Option<i64>,
    pub notifications: i64,
}

impl Positions {
    /// Whether every follower has read the whole log.
    pub fn caught_up(&self) -> bool {
        self.notifications >= self.log && self.index.is_none_or(|i| i >= self.log)
    }
}

impl Worker {
    /// The worker of `state`: its store, its search index and its deliverer when it has them.
    pub fn new(state: AppState) -> Self {
        Self { state, backups: None, rebuild: false }
    }

    /// Writes the daily backup into `backups.dir` (SQLite only; the caller checks).
    pub fn with_backups(mut self, backups: Backups) -> Self {
        self.backups = Some(backups);
        self
    }

    /// Rebuilds the search index at start instead of catching it up (a new index).
    pub fn rebuilding(mut self, rebuild: bool) -> Self {
        self.rebuild = rebuild;
        self
    }

    /// How far the followers have read.
    pub async fn positions(&self) -> Result<Positions, StoreError> {
        let store = &self.state.store;
        Ok(Positions {
            log: store.last_event_id().await?,
            index: self.state.search.as_ref().map(|s| i64::try_from(s.index().position()).unwrap_or(i64::MAX)),
            notifications: store.notification_position().await?,
        })
    }

    /// Runs the followers until the task is dropped.
    pub async fn run(self) {
        let mut running: Vec<(Follower, Option<JoinHandle<()>>, Option<Instant>)> =
            Follower::ALL.into_iter().map(|f| (f, None, None)).collect();
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            for (follower, task, last) in &mut running {
                if task.as_ref().is_some_and(|t| !t.is_finished()) {
                    continue;
                }
                if last.is_some_and(|l| l.elapsed() < follower.every()) {
                    continue;
                }
                // The index's first run brings it up to date at start (a rebuild if need be).
                let first = last.is_none();
                let worker = self.clone();
                let follower = *follower;
                *task = Some(tokio::spawn(async move { worker.run_one(follower, first).await }));
                *last = Some(Instant::now());
            }
        }
    }

    /// One turn of one follower.
    async fn run_one(&self, follower: Follower, first: bool) {
        let store = &self.state.store;
        match follower {
            Follower::Views => crate::public::every_second(&self.state).await,
            Follower::Index => {
                let Some(indexer) = &self.state.search else { return };
                if first {
                    // A new (or unreadable, hence recreated) index is rebuilt; otherwise it catches up.
                    let started = if self.rebuild { indexer.rebuild(store).await } else { indexer.start(store).await };
                    match started {
                        Ok(n) => tracing::info!(records = n, "search index ready"),
                        Err(e) => tracing::warn!(error = ?e, "search index start"),
                    }
                } else if let Err(e) = indexer.catch_up(store).await {
                    tracing::warn!(error = ?e, "search index follower");
                }
            }
            Follower::Notifications => {
                if let Err(e) = store.catch_up_notifications().await {
                    tracing::warn!(error = ?e, "notification consumer");
                }
            }
            Follower::Delivery => {
                if let Some(d) = &self.state.deliverer
                    && let Err(e) = d.deliver_pending(store).await
                {
                    tracing::warn!(error = ?e, "notification delivery");
                }
            }
            Follower::Sweep => {
                // Deadlines count Beijing civil days, whatever the host's time zone.
                match store.sweep_deadline_reminders(store.today()).await {
                    Ok(n) => tracing::info!(reminders = n, "deadline sweep"),
                    Err(e) => tracing::warn!(error = ?e, "deadline sweep"),
                }
                if let Err(e) = store.purge_idempotency_keys().await {
                    tracing::warn!(error = ?e, "idempotency keys");
                }
            }
            Follower::Backup => {
                // Made once a Beijing day, from 02:00.
                let Some(b) = &self.backups else { return };
                match store.backup_due(&b.dir, b.keep).await {
                    Ok(Some(file)) => tracing::info!(file = %file.display(), "daily backup written"),
                    Ok(None) => {}
                    Err(e) => tracing::error!(error = %e.user_message(), "daily backup failed"),
                }
            }
        }
    }
}
