//! Bounded pools of worker threads for CPU- or memory-heavy work done on behalf of a request.
//!
//! tokio's blocking pool grows to 512 threads, and whatever runs there runs at once: 64 parallel
//! logins meant 64 argon2id checks of 19 MiB each, spread over as many threads and malloc arenas,
//! and the server grew to 12 GB. A [`Workers`] pool instead owns a fixed number of threads
//! (about the number of cores) and a bounded queue in front of them:
//!
//! - a job waits in the queue at most `wait` (5 s by default); a job still queued past that is
//!   dropped without running, and its caller gets [`Busy`];
//! - when the queue is full the caller gets [`Busy`] at once, without queueing;
//! - the web tier answers [`Busy`] with 503 and `Retry-After`, in Chinese.
//!
//! So the memory a pool's work holds is bounded by its thread count, not by the traffic, and a
//! burst is served in order as fast as the machine allows. A pool is a handle: cloning it clones
//! an `Arc`. Its threads end when the last handle is dropped.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The pool is at its bound: the queue was full, or the job waited longer than the pool allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("服务器繁忙，请稍后再试")]
pub struct Busy;

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed set of named threads behind a bounded queue. See the module documentation.
#[derive(Clone)]
pub struct Workers {
    inner: Arc<Inner>,
}

struct Inner {
    name: &'static str,
    threads: usize,
    queue: usize,
    wait: Duration,
    sender: Mutex<Option<SyncSender<Job>>>,
    running: AtomicUsize,
    peak: AtomicUsize,
}

impl std::fmt::Debug for Workers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workers")
            .field("name", &self.inner.name)
            .field("threads", &self.inner.threads)
            .field("queue", &self.inner.queue)
            .field("wait", &self.inner.wait)
            .finish()
    }
}

/// The number of cores this process may use (at least 1).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

impl Workers {
    /// A pool of `threads` threads named `renda-{name}-N`, at most `queue` jobs waiting, each at
    /// most `wait`.
    pub fn new(name: &'static str, threads: usize, queue: usize, wait: Duration) -> Self {
        let threads = threads.max(1);
        let (sender, receiver) = sync_channel::<Job>(queue);
        let receiver = Arc::new(Mutex::new(receiver));
        let inner = Arc::new(Inner {
            name,
            threads,
            queue,
            wait,
            sender: Mutex::new(Some(sender)),
            running: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        });
        for i in 0..threads {
            let receiver = Arc::clone(&receiver);
            let spawned = std::thread::Builder::new().name(format!("renda-{name}-{i}")).spawn(move || work(&receiver));
            if let Err(e) = spawned {
                tracing::error!(pool = name, error = %e, "could not start a worker thread");
            }
        }
        Self { inner }
    }

    /// The process-wide pool for password hashing: one thread per core, 64 logins waiting at most
    /// 5 s each (a hash takes ~20 ms of one core, so 200 logins a minute pass easily).
    pub fn passwords() -> Self {
        static POOL: OnceLock<Workers> = OnceLock::new();
        POOL.get_or_init(|| Workers::new("hash", cores(), 64, Duration::from_secs(5))).clone()
    }

    /// The process-wide pool for searches of the full-text index.
    pub fn searches() -> Self {
        static POOL: OnceLock<Workers> = OnceLock::new();
        POOL.get_or_init(|| Workers::new("search", cores(), 128, Duration::from_secs(5))).clone()
    }

    /// Runs `job` on one of the pool's threads and returns its result, or [`Busy`].
    pub async fn run<T, F>(&self, job: F) -> Result<T, Busy>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let deadline = Instant::now() + self.inner.wait;
        let inner = Arc::clone(&self.inner);
        let wrapped: Job = Box::new(move || {
            // A caller that went away, or a job that waited too long, is not worth the work.
            if tx.is_closed() || Instant::now() > deadline {
                return;
            }
            let now = inner.running.fetch_add(1, Ordering::SeqCst) + 1;
            inner.peak.fetch_max(now, Ordering::SeqCst);
            let out = job();
            inner.running.fetch_sub(1, Ordering::SeqCst);
            let _ = tx.send(out);
        });
        let sent = {
            let guard = self.inner.sender.lock().map_err(|_| Busy)?;
            match guard.as_ref() {
                Some(s) => s.try_send(wrapped),
                None => return Err(Busy),
            }
        };
        match sent {
            Ok(()) => {}
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                tracing::warn!(pool = self.inner.name, "work pool full, request turned away");
                return Err(Busy);
            }
        }
        // The job always either sends or drops `tx`, so this ends.
        rx.await.map_err(|_| Busy)
    }

    /// The most jobs that ever ran at the same time (never more than the thread count).
    pub fn peak(&self) -> usize {
        self.inner.peak.load(Ordering::SeqCst)
    }

    /// Forgets the peak (for a measurement that starts now).
    pub fn reset_peak(&self) {
        self.inner.peak.store(self.inner.running.load(Ordering::SeqCst), Ordering::SeqCst);
    }

    pub fn threads(&self) -> usize {
        self.inner.threads
    }

    /// How long a job may wait, which is also what `Retry-After` advises.
    pub fn wait(&self) -> Duration {
        self.inner.wait
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Dropping the sender ends every thread once the queue is drained.
        if let Ok(mut s) = self.sender.lock() {
            s.take();
        }
    }
}

fn work(receiver: &Mutex<Receiver<Job>>) {
    loop {
        let job = match receiver.lock() {
            Ok(r) => r.recv(),
            Err(_) => return,
        };
        match job {
            // A panicking job loses its own answer (its caller gets `Busy`), never the thread.
            Ok(job) => {
                let _ = catch_unwind(AssertUnwindSafe(job));
            }
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_jobs_run_at_once_than_the_pool_has_threads_and_every_queued_one_finishes() {
        let pool = Workers::new("test", 2, 64, Duration::from_secs(5));
        let jobs = (0..64).map(|i| {
            let pool = pool.clone();
            tokio::spawn(async move {
                pool.run(move || {
                    std::thread::sleep(Duration::from_millis(5));
                    i * 2
                })
                .await
            })
        });
        let results = futures_util::future::join_all(jobs).await;
        let sum: i32 = results.into_iter().map(|r| r.expect("joined").expect("ran")).sum();
        assert_eq!(sum, (0..64).map(|i| i * 2).sum::<i32>());
        assert_eq!(pool.peak(), 2, "two threads, so exactly two at a time under load");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_full_queue_turns_callers_away_at_once() {
        let pool = Workers::new("test", 1, 2, Duration::from_secs(5));
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let hold = Arc::new(Mutex::new(hold));
        // One job occupies the thread until released; two more fill the queue.
        let mut queued = Vec::new();
        for _ in 0..3 {
            let pool = pool.clone();
            let hold = Arc::clone(&hold);
            queued.push(tokio::spawn(async move {
                pool.run(move || {
                    if let Ok(h) = hold.lock() {
                        let _ = h.recv_timeout(Duration::from_secs(5));
                    }
                })
                .await
            }));
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let started = Instant::now();
        assert_eq!(pool.run(|| ()).await, Err(Busy));
        assert!(started.elapsed() < Duration::from_secs(1), "refused without waiting");
        for _ in 0..3 {
            release.send(()).expect("release");
        }
        for q in queued {
            assert_eq!(q.await.expect("joined"), Ok(()));
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_job_that_waited_past_the_limit_is_dropped_unrun() {
        let pool = Workers::new("test", 1, 8, Duration::from_millis(100));
        let ran = Arc::new(AtomicUsize::new(0));
        let slow = pool.run(|| std::thread::sleep(Duration::from_millis(400)));
        let ran2 = Arc::clone(&ran);
        let late = async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            pool.run(move || ran2.fetch_add(1, Ordering::SeqCst)).await
        };
        let (first, second) = tokio::join!(slow, late);
        assert_eq!(first, Ok(()));
        assert_eq!(second, Err(Busy));
        assert_eq!(ran.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn a_panicking_job_answers_busy_and_the_thread_lives_on() {
        let pool = Workers::new("test", 1, 8, Duration::from_secs(5));
        let r: Result<(), Busy> = pool.run(|| panic!("boom")).await;
        assert_eq!(r, Err(Busy));
        assert_eq!(pool.run(|| 7).await, Ok(7));
    }
}
