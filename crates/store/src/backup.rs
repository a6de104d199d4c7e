//! Keeping a SQLite installation for years: scheduled backups, a restore that checks what it
//! restores before replacing anything, and whether an upgrade is pending.
//!
//! - [`Store::backup_due`]: the server's daily backup (`--backup-dir`, `--backup-keep`): once a
//!   Beijing day, from 02:00, `VACUUM INTO DIR/renda-YYYY-MM-DD.db` (a consistent snapshot of a
//!   database in use), then only the newest `keep` such files stay.
//! - [`restore_sqlite`]: copies the backup next to the target, opens the copy, verifies its audit
//!   chain and that its schema is not newer than this binary's, brings it up to date, and only
//!   then moves the current database aside (`….before-restore-…`, never deleted) and the copy in
//!   its place. A tampered or foreign file changes nothing.
//! - [`Store::pending_migrations`]: what `renda migrate --check` reports.
//!
//! PostgreSQL installations use pg_dump/pg_restore and WAL archiving (README).

use crate::{Backend, Result, Store, StoreError};
use renda_core::ErrorCode;
use std::path::{Path, PathBuf};

/// The hour (Beijing time) from which the day's backup is made.
const BACKUP_HOUR: i8 = 2;

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    pub chains: usize,
    pub entries: usize,
    /// Where the database that was replaced now is (`None` when there was none).
    pub previous: Option<PathBuf>,
}

impl Store {
    /// The migrations this binary has that the database has not run, as (version, description).
    pub async fn pending_migrations(&self) -> Result<Vec<(i64, String)>> {
        let applied = self.applied_migrations().await?;
        Ok(self.known_migrations().into_iter().filter(|(v, _)| !applied.contains(v)).collect())
    }

    /// The versions the database has run (none before the first migration).
    async fn applied_migrations(&self) -> Result<Vec<i64>> {
        let table = match self.backend() {
            Backend::Sqlite => {
                sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
                )
                .fetch_one(self.pool())
                .await?
            }
            Backend::Postgres => {
                sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '_sqlx_migrations'",
                )
                .fetch_one(self.pool())
                .await?
            }
        };
        if table == 0 {
            return Ok(Vec::new());
        }
        Ok(sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE ORDER BY version")
            .fetch_all(self.pool())
            .await?)
    }

    /// The day's backup into `dir`, when it is due (from 02:00 Beijing time, once a day), then
    /// the oldest beyond `keep` removed. Returns the file made, if any.
    pub async fn backup_due(&self, dir: &Path, keep: usize) -> Result<Option<PathBuf>> {
        let now = self.clock().beijing();
        if now.hour() < BACKUP_HOUR {
            return Ok(None);
        }
        let file = dir.join(format!("renda-{}.db", now.date()));
        if file.exists() {
            return Ok(None);
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Internal(format!("无法创建备份目录 {}：{e}", dir.display())))?;
        // Written under a temporary name first: a crash mid-way leaves no file that looks whole.
        let partial = dir.join(format!(".renda-{}.db.partial", now.date()));
        let _ = std::fs::remove_file(&partial);
        self.backup_sqlite(&partial).await?;
        std::fs::rename(&partial, &file)
            .map_err(|e| StoreError::Internal(format!("无法写入备份 {}：{e}", file.display())))?;
        prune(dir, keep)?;
        Ok(Some(file))
    }
}

/// Removes all but the newest `keep` daily backups (`renda-YYYY-MM-DD.db`) in `dir`.
fn prune(dir: &Path, keep: usize) -> Result<()> {
    let read = std::fs::read_dir(dir).map_err(|e| StoreError::Internal(format!("无法读取 {}：{e}", dir.display())))?;
    let mut files: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.strip_prefix("renda-")
                    .and_then(|r| r.strip_suffix(".db"))
                    .is_some_and(|d| d.parse::<jiff::civil::Date>().is_ok())
            })
        })
        .collect();
    files.sort();
    let surplus = files.len().saturating_sub(keep.max(1));
    for old in &files[..surplus] {
        std::fs::remove_file(old)
            .map_err(|e| StoreError::Internal(format!("无法删除旧备份 {}：{e}", old.display())))?;
    }
    Ok(())
}

/// The file of a `sqlite://` URL.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split_once('?').map_or(rest, |(p, _)| p);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// Restores the SQLite backup `from` as the database at `to_url`, after checking it (see the
/// module). Stop the server first: it holds the database open. `clock` names the file the
/// replaced database is moved to.
pub async fn restore_sqlite(from: &Path, to_url: &str, clock: &renda_core::clock::Clock) -> Result<Restored> {
    let Some(target) = sqlite_file(to_url) else {
        return Err(StoreError::refused(
            ErrorCode::BackupRefused,
            "只能恢复到 SQLite 数据库文件；PostgreSQL 请使用 pg_restore（见 README“正式部署”）".into(),
        ));
    };
    if !from.is_file() {
        return Err(StoreError::refused(ErrorCode::BackupRefused, format!("找不到备份文件 {}", from.display())));
    }
    let mut header = [0u8; 16];
    let is_sqlite = std::fs::File::open(from)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header))
        .is_ok_and(|()| &header == b"SQLite format 3\0");
    if !is_sqlite {
        return Err(StoreError::refused(
            ErrorCode::BackupRefused,
            format!("{} 不是 renda 的 SQLite 数据库备份", from.display()),
        ));
    }
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| StoreError::Internal(format!("无法创建 {}：{e}", dir.display())))?;
    let staging = dir.join(format!(".restore-{}.db", std::process::id()));
    let cleanup = |p: &Path| {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
        }
    };
    cleanup(&staging);
    std::fs::copy(from, &staging).map_err(|e| {
        StoreError::refused(ErrorCode::BackupRefused, format!("无法读取备份文件 {}：{e}", from.display()))
    })?;
    let now = clock.beijing();
    let verified = match check_staged(&staging).await {
        Ok(v) => v,
        Err(e) => {
            cleanup(&staging);
            return Err(e);
        }
    };
    // Only now is anything replaced: the current database is moved aside, never deleted.
    let previous = if target.exists() {
        let aside = PathBuf::from(format!("{}.before-restore-{}", target.display(), now.strftime("%Y%m%d-%H%M%S")));
        std::fs::rename(&target, &aside)
            .map_err(|e| StoreError::Internal(format!("无法移开当前数据库 {}：{e}", target.display())))?;
        for suffix in ["-wal", "-shm"] {
            let side = format!("{}{suffix}", target.display());
            if Path::new(&side).exists() {
                let _ = std::fs::rename(&side, format!("{}{suffix}", aside.display()));
            }
        }
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&staging, &target)
        .map_err(|e| StoreError::Internal(format!("无法把恢复的数据库放到 {}：{e}", target.display())))?;
    Ok(Restored { chains: verified.chains, entries: verified.entries, previous })
}

/// Opens the staged copy, refuses it unless its audit chain verifies and its schema is one this
/// binary knows, then brings it up to date and folds its journal in.
async fn check_staged(staging: &Path) -> Result<crate::audit::Verified> {
    let store = Store::connect(&format!("sqlite://{}", staging.display())).await?;
    let result = async {
        let looks_like_renda: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('_sqlx_migrations', 'audit_log')",
        )
        .fetch_one(store.pool())
        .await
        .map_err(|_| StoreError::refused(ErrorCode::BackupRefused, "备份文件不是 renda 的 SQLite 数据库".into()))?;
        if looks_like_renda < 2 {
            return Err(StoreError::refused(ErrorCode::BackupRefused, "备份文件不是 renda 的 SQLite 数据库".into()));
        }
        let known: Vec<i64> = store.known_migrations().into_iter().map(|(v, _)| v).collect();
        if let Some(newer) = store.applied_migrations().await?.into_iter().find(|v| !known.contains(v)) {
            return Err(StoreError::refused(
                ErrorCode::BackupRefused,
                format!("备份来自更新版本的 renda（数据库结构版本 {newer}），请先升级 renda 再恢复"),
            ));
        }
        let verified = match store.verify_audit().await? {
            Ok(v) => v,
            Err(broken) => {
                return Err(StoreError::refused(
                    ErrorCode::BackupRefused,
                    format!(
                        "备份文件的审计链校验未通过，未做任何恢复：{}（链 {}，记录 {}）",
                        broken.reason, broken.chain, broken.id
                    ),
                ));
            }
        };
        store.migrate().await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(store.writer()).await?;
        Ok(verified)
    }
    .await;
    store.close().await;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sqlite_files_are_restore_targets() {
        assert_eq!(sqlite_file("sqlite://./data/renda.db"), Some(PathBuf::from("./data/renda.db")));
        assert_eq!(
            sqlite_file("sqlite:///var/lib/renda/renda.db?mode=rwc"),
            Some(PathBuf::from("/var/lib/renda/renda.db"))
        );
        assert_eq!(sqlite_file("postgres://u:p@h/db"), None);
        assert_eq!(sqlite_file("sqlite://:memory:"), None);
    }
}
