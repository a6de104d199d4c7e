//! No rule left in the store (issue 16, point 1): the core decides, the store applies. Every
//! refusal the store builds itself — a `ValidationError::new(`, `Refusal::new(`,
//! `Refusal::invalid(`, `Refusal::of(`, `StoreError::Conflict(` or `StoreError::refused(` in
//! `crates/store/src/**/*.rs` — is either gone into the core module of its concept (the store
//! passes what it looked up to a `check_*` function there) or listed in [`ALLOW`] with the
//! reason it is no rule: a unique index's violation named for the user, a write that lost a race
//! with another (its `UPDATE … WHERE` matched no row), the backup's file checks. A listed site
//! that no longer exists fails too, so the list stays as short as it is honest.

use std::path::{Path, PathBuf};

/// The constructors of a refusal the scan looks for.
const CONSTRUCTORS: &[&str] = &[
    "ValidationError::new(",
    "Refusal::new(",
    "Refusal::invalid(",
    "Refusal::of(",
    "StoreError::Conflict(",
    "StoreError::refused(",
];

/// The sites allowed to stay: (file under `src/`, a snippet of the site — its line or the two
/// after it —, why it is no rule). One entry may cover several sites of one file.
const ALLOW: &[(&str, &str, &str)] = &[
    (
        "lib.rs",
        "renda_core::Refusal::new(code, message)",
        "StoreError::refused itself: its callers are the sites scanned",
    ),
    // A unique index refused the write: the store names the clash for the user.
    ("users.rs", "登录名“{}”已被使用", "unique-violation mapping: the login's index"),
    ("install.rs", "登录名“{}”已被使用", "unique-violation mapping: the login's index"),
    ("install.rs", "新的上级下已有名为", "unique-violation mapping: the name under one parent"),
    ("orgs.rs", "已被其他机构使用", "unique-violation mapping: the organisation code's index"),
    ("orgs.rs", "同一上级下已有名为", "unique-violation mapping: the name under one parent"),
    ("official.rs", "Refusal::of(ErrorCode::DocumentVoided)", "race: another clerk voided the document meanwhile"),
    // A concurrent write got there first: the guarded UPDATE/INSERT matched no row.
    ("archive.rs", "ErrorCode::ChangedMeanwhile", "race: the item's status changed since it was read"),
    ("reports.rs", "ErrorCode::AlreadyRated", "race: the representative's rating was written meanwhile"),
    ("reports.rs", "该述职测评已结束", "race: the meeting was closed meanwhile"),
    ("ballots.rs", "ErrorCode::BallotAlreadyOpen", "race: the ballot was opened meanwhile"),
    ("suggestions/effects.rs", "ErrorCode::RemindedToday", "race: another clerk's reminder of the day committed"),
    ("idempotency.rs", "ErrorCode::RequestInProgress", "the same request is running: the key's row is taken"),
    // Lists scoped by role in SQL: a role that has no such list (the policy refused it before).
    ("suggestions.rs", "Role::Public => return Err", "a list's SQL scope: the public has no suggestion list"),
    (
        "liaison/opinions.rs",
        "Role::Deputy { .. } | Role::Public => return Err",
        "a list's SQL scope: no forwarded-opinion list for them",
    ),
    // Backups: what the file system and the database URL answer, not a rule of the domain.
    ("backup.rs", "ErrorCode::BackupRefused", "backup and restore: the file's and the path's checks"),
    ("lib.rs", "ErrorCode::BackupRefused", "backup: the database URL's and the path's checks"),
];

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the store's source folder is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A refusal built in the store: its file (under `src/`, with `/`), line number and text (the
/// line and the two after it, for a call written over several lines).
struct Site {
    file: String,
    line: usize,
    text: String,
}

fn sites(root: &Path) -> Vec<Site> {
    let mut files = Vec::new();
    sources(root, &mut files);
    let mut out = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("a source file");
        let file = f.strip_prefix(root).expect("under src").to_string_lossy().replace('\\', "/");
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for c in CONSTRUCTORS {
                if line.contains(c) {
                    let window = lines[i..lines.len().min(i + 3)].join("\n");
                    out.push(Site { file: file.clone(), line: i + 1, text: window });
                }
            }
        }
    }
    out
}

#[test]
fn every_refusal_the_store_builds_is_the_cores_or_says_why_not() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = sites(&root);
    // The scanner works: it sees the unique-violation mappings and the races it allows.
    assert!(found.len() >= ALLOW.len(), "only {} sites found: is the scanner broken?", found.len());
    assert!(found.iter().any(|s| s.file == "orgs.rs" && s.text.contains("同一上级下已有名为")));
    let allowed = |s: &Site| ALLOW.iter().any(|(file, snippet, _)| *file == s.file && s.text.contains(snippet));
    let unlisted: Vec<String> = found
        .iter()
        .filter(|s| !allowed(s))
        .map(|s| format!("{}:{}: {}", s.file, s.line, s.text.lines().next().unwrap_or("").trim()))
        .collect();
    assert!(
        unlisted.is_empty(),
        "the store builds these refusals itself: move the rule into the core module of its concept (a \
         check_* function over what the store looked up), or, if it is no rule (a unique violation, a race \
         with a concurrent write), list it in ALLOW with the reason:\n{}",
        unlisted.join("\n")
    );
    let stale: Vec<String> = ALLOW
        .iter()
        .filter(|(file, snippet, _)| !found.iter().any(|s| s.file == *file && s.text.contains(snippet)))
        .map(|(file, snippet, _)| format!("{file}: {snippet}"))
        .collect();
    assert!(stale.is_empty(), "these ALLOW entries match no site any more: remove them: {stale:?}");
    for (file, snippet, reason) in ALLOW {
        assert!(!reason.trim().is_empty(), "ALLOW gives {file}: {snippet} no reason");
    }
}
