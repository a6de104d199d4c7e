//! Backups for years: the daily backup and its rotation, a restore that checks the audit chain
//! before replacing anything, and pending migrations. SQLite only (PostgreSQL uses pg_dump).

use jiff::civil::{date, datetime};
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_store::backup::restore_sqlite;
use renda_store::{Store, testing};
use renda_testkit::{count, org};
use sqlx::Row;
use std::path::Path;

async fn some_records(s: &Store) {
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    for name in ["示范市教育局", "示范市交通运输局", "示范市卫生健康委员会"] {
        org(s, name, OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
    }
}

/// Every table of a SQLite file, each row as text, in rowid order.
async fn dump(path: &Path) -> Vec<(String, Vec<String>)> {
    let s = Store::connect(&format!("sqlite://{}", path.display())).await.expect("opens");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(s.pool())
    .await
    .expect("tables");
    let mut out = Vec::new();
    for t in tables {
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM \"{t}\" ORDER BY rowid"))).fetch_all(s.pool()).await;
        let rows: Vec<String> = match rows {
            Ok(rows) => rows
                .iter()
                .map(|r| {
                    (0..r.len())
                        .map(|i| {
                            r.try_get::<Option<String>, _>(i)
                                .map(|v| v.unwrap_or_default())
                                .or_else(|_| {
                                    r.try_get::<Option<i64>, _>(i).map(|v| v.map_or(String::new(), |v| v.to_string()))
                                })
                                .or_else(|_| {
                                    r.try_get::<Option<f64>, _>(i).map(|v| v.map_or(String::new(), |v| v.to_string()))
                                })
                                .or_else(|_| r.try_get::<Option<Vec<u8>>, _>(i).map(|v| format!("{v:?}")))
                                .unwrap_or_else(|_| "?".into())
                        })
                        .collect::<Vec<_>>()
                        .join("\u{1f}")
                })
                .collect(),
            Err(_) => vec![format!("{} rows", count(&s, &format!("SELECT COUNT(*) FROM \"{t}\"")).await)],
        };
        out.push((t, rows));
    }
    s.close().await;
    out
}

#[tokio::test]
async fn a_backup_restores_table_for_table_and_the_replaced_database_is_kept_aside() {
    let t = testing::sqlite().await;
    some_records(&t.store).await;
    let dir = tempfile::tempdir().expect("dir");
    let backup = dir.path().join("backup.db");
    t.store.backup_sqlite(&backup).await.expect("backup");

    // Restored over an existing database, which is moved aside rather than lost.
    let target = dir.path().join("renda.db");
    let other = Store::open(&format!("sqlite://{}", target.display())).await.expect("other");
    other.close().await;
    let clock = renda_core::clock::Clock::at_beijing(datetime(2026, 3, 10, 9, 30, 0, 0));
    let url = format!("sqlite://{}", target.display());
    let restored = restore_sqlite(&backup, &url, &clock).await.expect("restores");
    assert!(restored.entries >= 4, "{restored:?}");
    let aside = restored.previous.expect("the old database is kept");
    assert!(aside.to_string_lossy().ends_with("renda.db.before-restore-20260310-093000"), "{}", aside.display());
    assert!(aside.exists());
    assert_eq!(dump(&target).await, dump(&backup).await, "every table equal");
    let back = Store::open(&url).await.expect("opens");
    assert!(back.verify_audit().await.expect("verify").is_ok());
    assert!(back.pending_migrations().await.expect("pending").is_empty());
}

#[tokio::test]
async fn a_tampered_or_foreign_backup_is_refused_and_nothing_changes() {
    let t = testing::sqlite().await;
    some_records(&t.store).await;
    let dir = tempfile::tempdir().expect("dir");
    let backup = dir.path().join("backup.db");
    t.store.backup_sqlite(&backup).await.expect("backup");
    // Someone edits an entry of the audit log in the backup.
    let b = Store::connect(&format!("sqlite://{}", backup.display())).await.expect("opens");
    sqlx::query("UPDATE audit_log SET after_json = '{\"name\":\"篡改\"}' WHERE id = (SELECT MAX(id) FROM audit_log)")
        .execute(b.writer())
        .await
        .expect("tamper");
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(b.writer()).await.expect("checkpoint");
    b.close().await;

    let target = dir.path().join("renda.db");
    t.store.backup_sqlite(&target).await.expect("a current database");
    let before = std::fs::read(&target).expect("read");
    let clock = renda_core::clock::Clock::on(date(2026, 3, 10));
    let url = format!("sqlite://{}", target.display());
    let e = restore_sqlite(&backup, &url, &clock).await.expect_err("tampered").to_string();
    assert!(e.contains("审计链校验未通过"), "{e}");
    assert_eq!(std::fs::read(&target).expect("read"), before, "the current database is untouched");
    let left: Vec<_> =
        std::fs::read_dir(dir.path()).expect("dir").filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    assert_eq!(left.len(), 2, "no staging file or moved database left: {left:?}");

    let foreign = dir.path().join("notes.db");
    std::fs::write(&foreign, b"not a database at all").expect("write");
    let e = restore_sqlite(&foreign, &url, &clock).await.expect_err("foreign").to_string();
    assert!(e.contains("不是 renda 的 SQLite 数据库"), "{e}");
    assert_eq!(std::fs::read(&target).expect("read"), before);
    let e = restore_sqlite(&backup, "postgres://u:p@localhost/renda", &clock).await.expect_err("pg").to_string();
    assert!(e.contains("pg_restore"), "{e}");
}

#[tokio::test]
async fn the_daily_backup_is_made_once_from_two_in_the_morning_and_the_newest_are_kept() {
    let t = testing::sqlite().await;
    let s = &t.store;
    some_records(s).await;
    let dir = tempfile::tempdir().expect("dir");
    let backups = dir.path().join("backups");
    s.clock().set_beijing(datetime(2026, 3, 1, 1, 59, 0, 0));
    assert!(s.backup_due(&backups, 3).await.expect("not yet").is_none(), "before 02:00");
    for day in 1..=5 {
        s.clock().set_beijing(datetime(2026, 3, day, 2, 0, 0, 0));
        let made = s.backup_due(&backups, 3).await.expect("backup").expect("due");
        assert!(made.ends_with(format!("renda-2026-03-0{day}.db")), "{}", made.display());
        s.clock().set_beijing(datetime(2026, 3, day, 23, 0, 0, 0));
        assert!(s.backup_due(&backups, 3).await.expect("again").is_none(), "once a day");
    }
    let mut kept: Vec<String> = std::fs::read_dir(&backups)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    kept.sort();
    assert_eq!(kept, ["renda-2026-03-03.db", "renda-2026-03-04.db", "renda-2026-03-05.db"]);
    // Each is a whole database whose chain verifies.
    let last =
        Store::connect(&format!("sqlite://{}", backups.join("renda-2026-03-05.db").display())).await.expect("opens");
    assert!(last.verify_audit().await.expect("verify").is_ok());
}

/// A database made with the schema of migration 0022 (`renda init` of 样例县 and three
/// organisations, committed as a fixture) opens with every later version: the migrations run, the
/// audit chain still verifies, and its records and login are there. When a migration is added,
/// this test upgrades the old database with it.
#[tokio::test]
async fn a_database_from_schema_0022_upgrades_to_this_version_with_its_records_and_chain_intact() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("old.db");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-0022.db"), &file).expect("fixture");
    let url = format!("sqlite://{}", file.display());
    let old = Store::connect(&url).await.expect("opens");
    let known = old.known_migrations().len();
    let pending = old.pending_migrations().await.expect("pending");
    assert_eq!(pending.len(), known - 22, "the fixture has run 0001..=0022: {pending:?}");
    old.close().await;

    let s = Store::open(&url).await.expect("upgrades");
    assert!(s.pending_migrations().await.expect("pending").is_empty());
    let v = s.verify_audit().await.expect("verify").expect("the chain verifies after the upgrade");
    assert_eq!(v.entries, 4);
    let names: Vec<String> =
        sqlx::query_scalar("SELECT name FROM organisations ORDER BY id").fetch_all(s.pool()).await.expect("orgs");
    assert_eq!(names, ["样例县人民代表大会", "东湖镇人民代表大会", "样例县教育局", "东湖镇人大代表联络站"]);
    assert!(s.verify_login("admin", "fixture-pass-2026", "127.0.0.1").await.is_ok(), "the admin still logs in");
}
