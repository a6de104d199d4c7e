//! Pages ask the policy, not `Role`: a page or API handler decides what to show or allow with
//! `renda_core::policy` (`allows` with the record's `Target`, `may_at_all`, `may_congress_wide`)
//! and reads who the user is with `Role`'s accessors (`staff_congress`, `deputy`, `unit`).
//! Matching on `Role::` itself is left to the places shaped by the role's kind, listed in
//! [`ALLOW`] with how many times and why.
//!
//! The rule, read from the web crate's source (`crates/web/src/**/*.rs`): every occurrence of
//! `Role::` counts (`RoleKind::` does not); a file may hold exactly as many as [`ALLOW`] says.
//! More fails (convert the new one or say why here); fewer fails too (lower the count), so the
//! list stays as short as it is honest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The files that match on `Role::`, how often, and why no policy question fits.
const ALLOW: &[(&str, usize, &str)] = &[
    ("pages/mod.rs", 5, "the navigation as data: each role kind's groups of menu items"),
    ("pages/mod.rs", 1, "reader_actor: the anonymous reader is the Public actor"),
    ("pages/home.rs", 5, "the home dashboards: one view per role with its own counts"),
    (
        "pages/oversight.rs",
        5,
        "the oversight desk, a dashboard per role: the congress's plans, the unit's items, the deputy's",
    ),
    ("pages/users.rs", 5, "the role form: building the Role that RoleFields names"),
    ("pages/users.rs", 1, "the role form: offers the admin role to whom may_grant lets give it"),
    ("indexer.rs", 5, "the search index's permission keys: one principal per role"),
    ("pages/liaison/opinions.rs", 1, "a citizen's opinion is submitted as the Public actor, signed in or not"),
    ("api_opinions.rs", 1, "a citizen's opinion is submitted as the Public actor, signed in or not"),
];

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the web crate's source folder is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// How many times `Role::` occurs in `text` (`RoleKind::` is not `Role::`).
fn role_matches(text: &str) -> usize {
    text.match_indices("Role::")
        .filter(|(i, _)| {
            // `Role::` as a whole word: not the tail of another name (`SomeRole::`).
            !text[..*i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .count()
}

#[test]
fn the_scan_counts_role_but_not_rolekind() {
    assert_eq!(role_matches("Role::Admin | RoleKind::Staff | policy::Role::Public"), 2);
    assert_eq!(role_matches("MyRole::X Role::Staff { congress }"), 1);
}

#[test]
fn pages_match_on_role_only_where_the_allow_list_says_why() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(files.len() > 40, "only {} source files found: is the scanner broken?", files.len());
    let mut found: BTreeMap<String, usize> = BTreeMap::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("a source file");
        let n = role_matches(&text);
        if n > 0 {
            let rel = f.strip_prefix(&root).expect("under src").to_string_lossy().replace('\\', "/");
            found.insert(rel, n);
        }
    }
    let mut allowed: BTreeMap<&str, usize> = BTreeMap::new();
    for (file, count, reason) in ALLOW {
        assert!(!reason.trim().is_empty(), "ALLOW gives {file} no reason");
        assert!(*count > 0, "ALLOW lists {file} with no occurrence");
        *allowed.entry(file).or_default() += count;
    }
    let mut wrong = Vec::new();
    for (file, n) in &found {
        let may = allowed.get(file.as_str()).copied().unwrap_or(0);
        if *n > may {
            wrong.push(format!(
                "{file}: {n} × `Role::`, {may} allowed — ask renda_core::policy (allows with the record's Target, \
                 may_at_all, may_congress_wide) or read the id with Role::staff_congress/deputy/unit, or list it \
                 in ALLOW with the reason"
            ));
        } else if *n < may {
            wrong.push(format!("{file}: {n} × `Role::`, ALLOW says {may}: lower the count"));
        }
    }
    for file in allowed.keys() {
        if !found.contains_key(*file) {
            wrong.push(format!("{file}: no `Role::` left: remove it from ALLOW"));
        }
    }
    assert!(wrong.is_empty(), "`Role::` in the web crate differs from ALLOW:\n{}", wrong.join("\n"));
}
