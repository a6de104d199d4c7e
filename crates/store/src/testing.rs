//! Fresh databases for tests: a SQLite file in a temporary folder always, and a new PostgreSQL
//! database when `RENDA_TEST_PG_URL` is set (CI sets it; it must name a role that may create
//! databases). Every call makes new, empty, migrated databases, so tests never share state. Each runs on a hand-set clock
//! starting at [`TEST_DAY`].

use crate::{Backend, Store};

/// A fresh store and what keeps it alive (the temporary folder of a SQLite file), and what
/// it leaves behind removed when it is dropped (its PostgreSQL database).
#[derive(Debug)]
pub struct TestStore {
    pub store: Store,
    pub url: String,
    _dir: Option<TempDir>,
    _database: Option<TempDatabase>,
}

/// A test's PostgreSQL database, dropped with the test: a long test run on a developer's
/// machine would otherwise leave hundreds behind until the next run's [`drop_leftovers`].
#[derive(Debug)]
struct TempDatabase {
    admin_url: String,
    name: String,
}

impl Drop for TempDatabase {
    fn drop(&mut self) {
        let (url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs inside the test's runtime: the database is dropped from a thread of its
        // own with a runtime of its own, and waited for. `FORCE` ends the store's connections,
        // which are closed with it anyway; failures only leave it to `drop_leftovers`.
        let dropped = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            rt.block_on(async {
                if let Ok(admin) = Store::connect(&url).await {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(admin.pool()).await;
                    admin.close().await;
                }
            });
        });
        let _ = dropped.join();
    }
}

/// A temporary folder removed on drop. (Kept here rather than pulling `tempfile` into the
/// library's dependencies.)
#[derive(Debug)]
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn unique_suffix() -> String {
    use rand::RngCore;
    format!("{}_{:08x}", std::process::id(), rand::rng().next_u32())
}

/// The day a test store's clock starts on (10:00 Beijing time): no test depends on the real
/// date. A test that needs another day sets it (`store.clock().set_on(day)`).
pub const TEST_DAY: jiff::civil::Date = jiff::civil::date(2026, 3, 10);

fn test_clock() -> renda_core::clock::Clock {
    renda_core::clock::Clock::on(TEST_DAY)
}

/// A fresh SQLite store.
pub async fn sqlite() -> TestStore {
    let dir = std::env::temp_dir().join(format!("renda_test_{}", unique_suffix()));
    std::fs::create_dir_all(&dir).expect("temp dir is writable");
    let url = format!("sqlite://{}/test.db", dir.display());
    let store = Store::open(&url).await.expect("fresh sqlite store opens").with_clock(test_clock());
    TestStore { store, url, _dir: Some(TempDir(dir)), _database: None }
}

/// A fresh PostgreSQL store, when `RENDA_TEST_PG_URL` is set.
pub async fn postgres() -> Option<TestStore> {
    let base = std::env::var("RENDA_TEST_PG_URL").ok().filter(|s| !s.is_empty())?;
    let admin = Store::connect(&base).await.expect("RENDA_TEST_PG_URL is reachable");
    drop_leftovers(&admin).await;
    let name = format!("renda_test_{}", unique_suffix());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(admin.pool())
        .await
        .expect("may create test databases");
    admin.close().await;
    let url = replace_db_name(&base, &name);
    let store = Store::open(&url).await.expect("fresh postgres store opens").with_clock(test_clock());
    assert_eq!(store.backend(), Backend::Postgres);
    Some(TestStore { store, url, _dir: None, _database: Some(TempDatabase { admin_url: base, name }) })
}

/// Drops the test databases that processes no longer running on this machine left behind
/// (a test database is named after its process, and nothing drops it when the test ends), once
/// per process. A database still in use is not dropped (no `FORCE`); where processes cannot be
/// told alive (no `/proc`), nothing is dropped.
async fn drop_leftovers(admin: &Store) {
    static DONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if DONE.swap(true, std::sync::atomic::Ordering::SeqCst) || !std::path::Path::new("/proc/self").exists() {
        return;
    }
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname::text FROM pg_database WHERE datname LIKE 'renda\\_test\\_%'")
            .fetch_all(admin.pool())
            .await
            .unwrap_or_default();
    for name in names {
        if leftover_pid(&name).is_some_and(|pid| !std::path::Path::new(&format!("/proc/{pid}")).exists()) {
            // Another process may be dropping it at the same moment: errors are expected.
            let _ =
                sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name}"))).execute(admin.pool()).await;
        }
    }
}

/// The process id in a test database's name `renda_test_{pid}_{random}`.
fn leftover_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("renda_test_")?;
    let (pid, random) = rest.split_once('_')?;
    (random.len() == 8 && random.bytes().all(|b| b.is_ascii_hexdigit())).then_some(())?;
    pid.parse().ok()
}

/// Every backend available here: SQLite always, PostgreSQL when configured. Prints once when
/// PostgreSQL is skipped, so a green run says what it did not cover.
pub async fn all() -> Vec<TestStore> {
    let mut v = vec![sqlite().await];
    match postgres().await {
        Some(pg) => v.push(pg),
        None => {
            static SAID: std::sync::Once = std::sync::Once::new();
            SAID.call_once(|| {
                eprintln!("RENDA_TEST_PG_URL is not set: skipping the PostgreSQL half of the store tests")
            });
        }
    }
    v
}

/// `postgres://u:p@h:5432/db?x=y` with the database name replaced.
fn replace_db_name(url: &str, db: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_names_made_here_give_a_process_id() {
        use super::leftover_pid as p;
        assert_eq!(p("renda_test_1234_0a1b2c3d"), Some(1234));
        assert_eq!(p("renda_test_1234_xyz"), None);
        assert_eq!(p("renda_test_abc_0a1b2c3d"), None);
        assert_eq!(p("renda_bench_scoring"), None);
        assert_eq!(p(&format!("renda_test_{}", super::unique_suffix())), Some(std::process::id()));
    }

    #[test]
    fn the_database_name_is_replaced_in_any_url_shape() {
        use super::replace_db_name as r;
        assert_eq!(r("postgres://u:p@h:5432/postgres", "x"), "postgres://u:p@h:5432/x");
        assert_eq!(r("postgres://u@h/postgres?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
        assert_eq!(r("postgres://h", "x"), "postgres://h/x");
        assert_eq!(r("postgres:///postgres?host=/run/postgresql", "x"), "postgres:///x?host=/run/postgresql");
    }
}
