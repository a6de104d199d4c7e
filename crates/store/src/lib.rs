//! renda's persistence: one [`Store`] over SQLite or PostgreSQL.
//!
//! - [`Store`] (this file): connecting by URL scheme (`sqlite://…` or `postgres://…`), running
//!   the embedded migrations of that backend, and the [`StoreError`] every call returns.
//! - [`activities`]: activities deputies are invited to, their roll (sign-up, leave, check-in by
//!   a signed QR code or the organiser's list), report and photos; attendance feeds the archive.
//! - [`archive`]: deputies' duty archives (履职档案) and assessment (履职考核): rule tables per
//!   congress and year as versions, platform and declared items (declared ones count once
//!   verified), scores recomputed in bulk with the core's scorer and explained on demand.
//!   [`archive::pages`]: what the archive's pages add: the item kinds published on the portal,
//!   the public part of an archive, declarations' evidence files, the seats a ranking names.
//! - [`audit`]: [`audit::WriteTx`], the only way to write: a transaction that claims its
//!   congress's audit chain first and cannot commit without at least one audit entry; and
//!   `verify`, which walks every chain.
//! - `columns`: typed reads of the text columns dates, instants and codes are kept in, so rows
//!   carry `jiff` values and the core's enums, never strings.
//! - [`backup`]: SQLite's daily backup, a restore that checks the copy before replacing
//!   anything, and the pending migrations `renda migrate --check` reports.
//! - [`documents`]: the document library behind the portal: documents written or imported,
//!   the portal's lists, view and like counters.
//! - [`files`]: uploads — the checks a file must pass and the table keeping each file once by
//!   its hash — for every module that takes files.
//! - [`filing`]: filing review of normative documents (issue 18) — each congress's periods,
//!   filings through the core's `filing::review` with their files and history, the 备案号, the
//!   lists, the public register and the year's figures, and citizens' 审查建议.
//! - [`idempotency`]: the keys of repeated submissions, claimed in the same transaction as the
//!   write they guard, with the answer kept for the next copy.
//! - [`install`]: a production installation — the site's settings, `renda init`, and the
//!   imports of the organisation tree and of accounts, each one transaction.
//! - [`groups`]: deputy groups (代表小组): members and leader, station, the yearly "十有"
//!   checklist with evidence, the group's activities.
//! - [`official`]: official documents issued from the records (issue 21) — a congress's
//!   templates, the register that numbers what it issues without gaps, the records each was
//!   made from, voiding.
//! - [`meetings`]: meetings of a congress (issue 17) — the committee's dated memberships, meetings
//!   and their agendas in the core's order, leave and sign-in, and in [`meetings::votes`] each
//!   matter's vote opened with a quorum, cast once, closed and frozen; a secret vote's voters and
//!   choices kept apart.
//! - [`legislation`]: public consultation on draft regulations (issue 18) — regulations and their
//!   versions with the articles split from the text, comments by every channel with receipt
//!   codes, duplicate groups and their answers, the published 征求意见情况, the stations flagged
//!   as 基层立法联系点.
//! - [`notifications`]: the in-app inbox, derived from the event log by a consumer, and
//!   deadline reminders.
//! - [`liaison`]: the records of the core's `liaison` rules. [`liaison::opinions`]: citizens'
//!   opinions at liaison stations — the public form (rate-limited), receipt codes, staff
//!   sorting, units' answers, feedback and rating. [`liaison::stations`]: liaison stations in
//!   detail — the public profile, attached deputies, reception days with their receiving
//!   deputies, the opinions a station publishes.
//! - [`oversight`], [`ballots`], [`major_matters`]: oversight plans and items, review opinions
//!   (审议意见) with their deadline and overdue board; secret evaluation ballots; the register of
//!   requests and reports to the party committee, behind a staff grant.
//! - [`orgs`]: the organisation tree and the congress paths the policy needs.
//! - [`people`]: persons and deputyships, the deputy search, roster imports.
//! - [`register`]: self-registration of the public (公众) — captchas, verification codes, the
//!   new account.
//! - [`reports`]: 述职 meetings: voter representatives, their ratings (or the paper tally), the
//!   result with the rectification flag, archived in the same transaction.
//! - [`testing`]: fresh SQLite and PostgreSQL databases for tests (used by this crate and web).
//! - [`suggestions`]: deputies' suggestions — drafts, commands through the core's transition
//!   function with what they bring (units, contacts, replies, ratings), the role lists.
//! - [`suggestion_stats`]: counts by state, class, topic, satisfaction and unit, on-time rates.
//! - [`suggestion_export`]: units, co-signers and dates for exports; remembered export columns.
//! - [`users`]: accounts, argon2id passwords, database-backed sessions with their CSRF token,
//!   login throttling.
//! - [`views`]: document views noted in memory and written in batches (a read writes nothing).
//! - [`workers`]: bounded pools of threads for heavy work done for a request (password hashing,
//!   searches), with a bounded queue and a wait limit instead of tokio's unbounded blocking pool.
//!
//! Both backends run the same SQL through sqlx's `Any` driver: placeholders are `$1`, integers
//! are 64-bit, booleans are 0/1 integers and times are RFC 3339 text. Each backend keeps its own
//! `migrations/` folder, because DDL is where the two dialects differ.

pub mod activities;
pub mod archive;
pub mod audit;
pub mod backup;
pub mod ballots;
mod columns;
pub mod documents;
pub mod files;
pub mod filing;
pub mod groups;
pub mod idempotency;
pub mod install;
pub mod legislation;
pub mod liaison;
pub mod major_matters;
pub mod meetings;
pub mod notifications;
pub mod official;
pub mod orgs;
pub mod oversight;
pub mod people;
pub mod register;
pub mod reports;
pub mod suggestion_export;
pub mod suggestion_stats;
pub mod suggestions;
pub mod testing;
pub mod users;
pub mod views;
pub mod workers;

use renda_core::clock::Clock;
use renda_core::policy::Denied;
use renda_core::{ErrorCode, ValidationError};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::path::Path;
use std::time::Duration;

pub use audit::WriteTx;

/// The last page number a list serves (0-based): a link with a larger page number shows an empty
/// page instead of overflowing the offset.
pub const MAX_PAGE: i64 = 1_000_000;

/// One page of a list and the total behind it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> i64 {
        if self.per_page <= 0 { 1 } else { ((self.total + self.per_page - 1) / self.per_page).max(1) }
    }
}

/// Which database is behind the pool. Only DDL and a few statements differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A handle to the database. Cloning it is shallow (the pool is reference-counted).
#[derive(Clone, Debug)]
pub struct Store {
    /// Where reads run. On SQLite its connections are read-only (`PRAGMA query_only`), so a
    /// write sent here by mistake fails at once instead of racing the writer.
    pool: AnyPool,
    /// Where every write and transaction runs: on SQLite a pool of one connection, so this
    /// process's writers queue here in order instead of meeting `SQLITE_BUSY` inside the
    /// database (a deferred transaction that turns into a write cannot wait for the lock); on
    /// PostgreSQL the same pool as the reads.
    writer: AnyPool,
    backend: Backend,
    /// Where passwords are hashed and checked: a bounded pool (see [`workers`]).
    hashing: workers::Workers,
    /// The one clock every stamp and "today" of this store comes from.
    clock: Clock,
    /// Document views noted in memory until the next flush ([`views`]).
    views: std::sync::Arc<views::ViewBuffer>,
    /// Committed writes of this process (audited transactions and likes), so that caches of
    /// what they show know they are stale ([`Store::changes`]).
    pub(crate) changes: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// Everything a store call can fail with. Each maps to one [`ErrorCode`].
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Invalid(#[from] ValidationError),
    #[error("{0}")]
    Denied(#[from] Denied),
    #[error("未找到{0}")]
    NotFound(&'static str),
    #[error("不支持的数据库地址“{0}”：请使用 sqlite:// 或 postgres:// 开头的地址")]
    UnsupportedUrl(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Internal(String),
    /// A rule of the core refused a command or a form (its code says precisely why).
    #[error("{0}")]
    Refused(#[from] renda_core::Refusal),
    /// The scoring rules refused (a locked year's table, a declaration without evidence…); the
    /// error's own `code()` is the stable snake_case reason.
    #[error("{0}")]
    Scoring(#[from] renda_core::archive::ScoringError),
    /// A bounded work pool is full (see [`workers`]).
    #[error("{0}")]
    Busy(#[from] workers::Busy),
}

impl StoreError {
    /// A refusal with its precise reason and the sentence the user reads.
    pub fn refused(code: ErrorCode, message: String) -> StoreError {
        StoreError::Refused(renda_core::Refusal::new(code, message))
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::Invalid(_) | StoreError::UnsupportedUrl(_) => ErrorCode::InvalidInput,
            StoreError::Denied(_) => ErrorCode::Forbidden,
            StoreError::NotFound(_) => ErrorCode::NotFound,
            StoreError::Db(e) if is_unique_violation(e) => ErrorCode::Conflict,
            StoreError::Refused(r) => r.code,
            StoreError::Scoring(e) => e.code(),
            StoreError::Busy(_) => ErrorCode::Busy,
            StoreError::Db(_) | StoreError::Migrate(_) | StoreError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The Chinese sentence for the user. Internal errors say nothing internal.
    pub fn user_message(&self) -> String {
        if let StoreError::Invalid(v) = self {
            return v.message.clone();
        }
        match self.code() {
            ErrorCode::Internal | ErrorCode::Busy => self.code().message().to_owned(),
            ErrorCode::Conflict if matches!(self, StoreError::Db(_)) => ErrorCode::Conflict.message().to_owned(),
            _ => self.to_string(),
        }
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The default database of `renda serve`.
pub const DEFAULT_URL: &str = "sqlite://./data/renda.db";

/// The settings of every SQLite connection: WAL, foreign keys, a 5 s busy timeout (for other
/// processes: the CLI, a backup), and for the read pool `query_only`.
async fn sqlite_pragmas(conn: &mut sqlx::AnyConnection, read_only: bool) -> std::result::Result<(), sqlx::Error> {
    conn.execute(
        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;",
    )
    .await?;
    if read_only {
        conn.execute("PRAGMA query_only = ON").await?;
    }
    Ok(())
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    /// Opens a pool on `url`. A SQLite file (and its folder) is created when missing and opened
    /// in WAL mode with foreign keys on and a 5 s busy timeout.
    pub async fn connect(url: &str) -> Result<Store> {
        install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        };
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let options = |connections: u32| {
            AnyPoolOptions::new()
                .max_connections(connections)
                .acquire_timeout(Duration::from_secs(10))
                // A SQLite connection is a file handle in this process: checking it before each
                // use is one more round trip to its worker thread per query, for nothing. A
                // PostgreSQL connection can be cut by the network, so it is checked.
                .test_before_acquire(backend == Backend::Postgres)
        };
        let (pool, writer) = match backend {
            Backend::Sqlite => {
                // The writer first: it creates the file and switches it to WAL, which the
                // read-only connections could not do.
                let writer = options(1)
                    .after_connect(|conn, _meta| Box::pin(async move { sqlite_pragmas(conn, false).await }))
                    .connect(&url)
                    .await?;
                let pool = options(8)
                    .after_connect(|conn, _meta| Box::pin(async move { sqlite_pragmas(conn, true).await }))
                    .connect(&url)
                    .await?;
                (pool, writer)
            }
            Backend::Postgres => {
                let pool = options(16).connect(&url).await?;
                (pool.clone(), pool)
            }
        };
        Ok(Store {
            pool,
            writer,
            backend,
            hashing: workers::Workers::passwords(),
            clock: Clock::system(),
            views: Default::default(),
            changes: Default::default(),
        })
    }

    /// The same store on another clock (a hand-set one in tests and demonstrations).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The clock this store stamps with; the web and the CLI take "now" and "today" from it.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Now, as stored: RFC 3339 in UTC with microseconds.
    pub(crate) fn now_text(&self) -> String {
        stamp(self.clock.now())
    }

    /// Now in seconds since the epoch (session and code expiries).
    pub(crate) fn now_unix(&self) -> i64 {
        self.clock.now().as_second()
    }

    /// How many writes this process has committed: a cache of pages compares it with the
    /// count it rendered at. Writes of other processes show in [`Store::audit_mark`].
    pub fn changes(&self) -> u64 {
        self.changes.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Counts a committed write (see [`Store::changes`]).
    pub(crate) fn changed(&self) {
        self.changes.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// A mark that moves whenever any process commits an audited write (the newest audit
    /// entry's id): a node polls it to learn that its cached pages may be stale.
    pub async fn audit_mark(&self) -> Result<i64> {
        Ok(sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetch_one(self.pool()).await?)
    }

    /// Today in Beijing.
    pub fn today(&self) -> jiff::civil::Date {
        self.clock.today()
    }

    /// The same store with its password hashing on `pool` instead of the process-wide one
    /// (tests and benchmarks size it).
    pub fn with_password_workers(mut self, pool: workers::Workers) -> Self {
        self.hashing = pool;
        self
    }

    /// A server secret by name: 32 bytes from the OS's random generator the first time it is
    /// asked for, then kept in the database, so every server process signs and hashes alike.
    pub async fn server_secret(&self, name: &str) -> Result<Vec<u8>> {
        let fresh = hex::encode(rand::random::<[u8; 32]>());
        sqlx::query(
            "INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(&fresh)
        .bind(self.now_text())
        .execute(self.writer())
        .await?;
        let value: String = sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(self.pool())
            .await?;
        hex::decode(&value).map_err(|_| StoreError::Internal(format!("server secret {name} is not hex")))
    }

    /// The pool passwords are hashed and checked on.
    pub fn password_workers(&self) -> &workers::Workers {
        &self.hashing
    }

    /// Connects and brings the schema up to date.
    pub async fn open(url: &str) -> Result<Store> {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Runs the migrations embedded for this backend that have not run yet.
    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.writer).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.writer).await?,
        }
        Ok(())
    }

    /// Runs the migrations up to and including `last` only: a test of a data migration fills the
    /// schema as it was before it, then runs the rest with [`Store::migrate`].
    pub async fn migrate_until(&self, last: i64) -> Result<()> {
        let all = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        let mut some = sqlx::migrate::Migrator::DEFAULT;
        some.migrations = all.iter().filter(|m| m.version <= last).cloned().collect::<Vec<_>>().into();
        some.run(&self.writer).await?;
        Ok(())
    }

    /// What one-off data migrations did, in their own words (`migration_notes`), by version.
    pub async fn migration_notes(&self) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as("SELECT version, note FROM migration_notes ORDER BY version").fetch_all(self.pool()).await?)
    }

    /// Gives SQLite's planner statistics where they are missing or stale (`PRAGMA optimize`,
    /// as SQLite advises for long-running processes; quick when they are fresh): with them the
    /// first page of a filtered list reads its rows in index order instead of sorting every
    /// match. Run at start and once a day by the views' flush. PostgreSQL's autovacuum does it
    /// there.
    pub async fn optimize(&self) -> Result<()> {
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA optimize = 0x10002").execute(&self.writer).await?;
        }
        Ok(())
    }

    /// The migrations this backend has, as (version, description), for `renda migrate`.
    pub fn known_migrations(&self) -> Vec<(i64, String)> {
        let m = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        m.iter().map(|x| (x.version, x.description.to_string())).collect()
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool reads run on (read-only connections on SQLite).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The pool writes and transactions run on (one connection on SQLite; see [`Store`]).
    pub fn writer(&self) -> &AnyPool {
        &self.writer
    }

    /// Closes the pools, waiting for connections to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }

    /// Copies a SQLite database to `out` while it is in use (`VACUUM INTO`, a consistent
    /// snapshot). PostgreSQL databases are backed up with `pg_dump`, which knows far more about
    /// them than we do; this returns an explanation instead.
    pub async fn backup_sqlite(&self, out: &Path) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::refused(ErrorCode::BackupRefused,
                "PostgreSQL 数据库请使用 pg_dump 备份，例如：pg_dump --format=custom --file=renda.dump \"$RENDA_DATABASE_URL\"".into(),
            ));
        }
        if out.exists() {
            return Err(StoreError::refused(
                ErrorCode::BackupRefused,
                format!("备份文件 {} 已存在，请换一个文件名", out.display()),
            ));
        }
        let path = out
            .to_str()
            .ok_or_else(|| StoreError::refused(ErrorCode::BackupRefused, "备份文件路径须为 UTF-8 字符".into()))?;
        // Not on the writer, which it would hold for the whole copy, and not on a read-only
        // connection, which SQLite does not let write the copy: on a read connection taken out
        // of the pool for good (it closes after), with `query_only` lifted.
        let mut conn = self.pool.acquire().await?.detach();
        conn.execute("PRAGMA query_only = OFF").await?;
        sqlx::query("VACUUM INTO $1").bind(path).execute(&mut conn).await?;
        Ok(())
    }

    /// Whether the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// Makes sure the SQLite file's folder exists and that the file is created when missing.
fn prepare_sqlite_url(url: &str) -> Result<String> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let dir = Path::new(path).parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir.filter(|_| path != ":memory:") {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Internal(format!("cannot create {}: {e}", dir.display())))?;
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// An instant as stored: RFC 3339 in UTC with microseconds (PostgreSQL and clients agree on
/// that precision).
pub(crate) fn stamp(ts: jiff::Timestamp) -> String {
    format!("{:.6}", ts)
}

/// Who is acting: the account (for the audit entry) and its role (for the policy). The system
/// itself (demo loader, command-line imports run by the operator) acts as the admin with no
/// account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user: Option<renda_core::ids::UserId>,
    pub role: renda_core::policy::Role,
}

impl Actor {
    pub fn system() -> Actor {
        Actor { user: None, role: renda_core::policy::Role::Admin }
    }
}
