//! The maps hold to the code (issue 16, point 8): every module a crate's `src/lib.rs` declares
//! is named in that file's `//!` map and has a bullet in the crate's section of
//! `docs/ARCHITECTURE.md`, and every bullet of a crate section that leads with a module name
//! names a module that exists.
//!
//! A crate section is a `## ` heading holding `` (`crates/<crate>`) ``. A bullet is a line
//! starting with `- `; its leading names are the backticked names before anything else
//! (`` - `liaison` and `oversight`: … ``, `` - `api`, `api_suggestions`: … ``). A leading name
//! starting with a lowercase letter claims to be a module: `name` must be declared in the
//! crate's `lib.rs`, and a path `a::b` must be the file `src/a/b.rs` or `src/a/b/mod.rs`.
//! Other bullets (`` - `AppState` … ``, `- Every response …`) are free text.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// One crate as the check sees it.
struct Crate {
    /// The directory name under `crates/` (`core`, `web`, …).
    name: String,
    /// The top-level modules its `lib.rs` declares, without `#[cfg(test)] mod tests`.
    modules: BTreeSet<String>,
    /// The `//!` lines of its `lib.rs`.
    map: String,
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The top-level modules declared in a `lib.rs`: `mod x;`, `pub mod x;`, `pub(crate) mod x;`
/// (or the same with a body), at the start of a line. A module named `tests` declared under
/// `#[cfg(test)]` is left out.
fn declared_modules(lib: &str) -> BTreeSet<String> {
    let mut modules = BTreeSet::new();
    let mut under_cfg_test = false;
    for line in lib.lines() {
        if line.starts_with(char::is_whitespace) || line.is_empty() || line.starts_with("//") {
            continue;
        }
        // Attributes, possibly on the line of the item itself: `#[cfg(test)] mod tests;`.
        let mut rest = line;
        while let Some(attribute) = rest.strip_prefix("#[") {
            let Some(end) = attribute.find(']') else { break };
            under_cfg_test |= attribute[..end].replace(' ', "") == "cfg(test)";
            rest = attribute[end + 1..].trim_start();
        }
        if rest.is_empty() {
            continue;
        }
        let item = rest
            .strip_prefix("pub(crate) ")
            .or_else(|| rest.strip_prefix("pub(super) "))
            .or_else(|| rest.strip_prefix("pub "))
            .unwrap_or(rest);
        if let Some(declaration) = item.strip_prefix("mod ") {
            let name: String = declaration.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let tail = declaration[name.len()..].trim_start();
            if !name.is_empty()
                && (tail.starts_with(';') || tail.starts_with('{'))
                && !(under_cfg_test && name == "tests")
            {
                modules.insert(name);
            }
        }
        under_cfg_test = false;
    }
    modules
}

/// The backticked names a bullet's text starts with: `` `a` ``, `` `a`, `b` `` or
/// `` `a` and `b` ``, up to the first thing that is not one of them.
fn leading_names(item: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = item;
    while let Some(quoted) = rest.strip_prefix('`') {
        let Some(end) = quoted.find('`') else { break };
        names.push(quoted[..end].to_string());
        let after = quoted[end + 1..].trim_start_matches([',', ' ']);
        let after = after.strip_prefix("and ").unwrap_or(after);
        if !after.starts_with('`') {
            break;
        }
        rest = after;
    }
    names
}

/// Whether a leading name claims to be a module (a lowercase identifier or path), rather than
/// a type (`AppState`) or a header (`Content-Security-Policy`).
fn claims_module(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
}

/// The crate sections of the architecture document: (crate, line of the heading, leading names
/// of each bullet with the bullet's line number).
struct Section {
    krate: String,
    line: usize,
    bullets: Vec<(usize, Vec<String>)>,
}

fn sections(architecture: &str) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut in_crate_section = false;
    let mut in_code = false;
    for (i, line) in architecture.lines().enumerate() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            let krate = heading
                .split_once("(`crates/")
                .and_then(|(_, rest)| rest.split_once("`)"))
                .map(|(krate, _)| krate.trim_end_matches('/').to_string());
            in_crate_section = krate.is_some();
            if let Some(krate) = krate {
                sections.push(Section { krate, line: i + 1, bullets: Vec::new() });
            }
            continue;
        }
        if let (true, Some(item)) = (in_crate_section, line.strip_prefix("- ")) {
            let section = sections.last_mut().expect("a crate section is open");
            section.bullets.push((i + 1, leading_names(item)));
        }
    }
    sections
}

/// Everything that does not hold, in words. `file_exists(crate, path)` says whether
/// `crates/<crate>/<path>` exists (`path` is relative to the crate, as `src/pages/portal.rs`).
fn problems(crates: &[Crate], architecture: &str, file_exists: &dyn Fn(&str, &str) -> bool) -> Vec<String> {
    let mut problems = Vec::new();
    let sections = sections(architecture);
    for section in &sections {
        if !crates.iter().any(|c| c.name == section.krate) {
            problems.push(format!(
                "docs/ARCHITECTURE.md:{}: the section names crates/{}, which is no crate with a \
                 src/lib.rs",
                section.line, section.krate
            ));
        }
    }
    for krate in crates {
        let lib = format!("crates/{}/src/lib.rs", krate.name);
        for module in &krate.modules {
            if !krate.map.contains(&format!("`{module}`")) {
                problems.push(format!(
                    "{lib}: the `//!` map does not name the module `{module}` (as [`{module}`] \
                     or `{module}`)"
                ));
            }
        }
        let found: Vec<&Section> = sections.iter().filter(|s| s.krate == krate.name).collect();
        let Some(section) = found.first() else {
            problems.push(format!(
                "docs/ARCHITECTURE.md: no section for crates/{} (a `## ` heading holding \
                 (`crates/{}`))",
                krate.name, krate.name
            ));
            continue;
        };
        if found.len() > 1 {
            problems.push(format!(
                "docs/ARCHITECTURE.md:{}: a second section for crates/{} (the first is at line {})",
                found[1].line, krate.name, section.line
            ));
        }
        let bulleted: BTreeSet<&str> =
            section.bullets.iter().flat_map(|(_, names)| names.iter().map(String::as_str)).collect();
        for module in &krate.modules {
            if !bulleted.contains(module.as_str()) {
                problems.push(format!(
                    "docs/ARCHITECTURE.md:{}: the section of crates/{} has no bullet starting \
                     with `{module}` (\"- `{module}`: …\")",
                    section.line, krate.name
                ));
            }
        }
        for (line, names) in &section.bullets {
            for name in names.iter().filter(|n| claims_module(n)) {
                if !is_module(krate, name, file_exists) {
                    problems.push(format!(
                        "docs/ARCHITECTURE.md:{line}: the bullet leads with `{name}`, which is no \
                         module of crates/{} (a name declared in src/lib.rs, or a path a::b with \
                         the file src/a/b.rs or src/a/b/mod.rs)",
                        krate.name
                    ));
                }
            }
        }
    }
    problems
}

fn is_module(krate: &Crate, name: &str, file_exists: &dyn Fn(&str, &str) -> bool) -> bool {
    let parts: Vec<&str> = name.split("::").collect();
    let identifiers = parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    if !identifiers || !krate.modules.contains(parts[0]) {
        return false;
    }
    if parts.len() == 1 {
        return true;
    }
    let path = format!("src/{}", parts.join("/"));
    file_exists(&krate.name, &format!("{path}.rs")) || file_exists(&krate.name, &format!("{path}/mod.rs"))
}

fn workspace_crates() -> Vec<Crate> {
    let mut crates = Vec::new();
    let dir = workspace().join("crates");
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        let lib = path.join("src/lib.rs");
        if !lib.is_file() {
            continue;
        }
        let text = read(&lib);
        crates.push(Crate {
            name: path.file_name().expect("a name").to_string_lossy().into_owned(),
            modules: declared_modules(&text),
            map: text.lines().filter(|l| l.starts_with("//!")).collect::<Vec<_>>().join("\n"),
        });
    }
    crates.sort_by(|a, b| a.name.cmp(&b.name));
    crates
}

#[test]
fn every_crate_map_and_the_architecture_document_name_exactly_the_modules() {
    let root = workspace();
    let crates = workspace_crates();
    assert!(
        crates.iter().any(|c| c.name == "core") && crates.iter().any(|c| c.name == "cli"),
        "the crates were not found under {}",
        root.join("crates").display()
    );
    for krate in &crates {
        assert!(!krate.modules.is_empty(), "crates/{}/src/lib.rs declares no module", krate.name);
    }
    let architecture = read(&root.join("docs/ARCHITECTURE.md"));
    let exists = |krate: &str, path: &str| root.join("crates").join(krate).join(path).is_file();
    let problems = problems(&crates, &architecture, &exists);
    assert!(
        problems.is_empty(),
        "the maps do not match the code ({} problems):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn test_modules_are_left_out_and_every_declaration_form_is_read() {
    let lib = "//! Map.\n\npub mod a;\nmod b;\npub(crate) mod c;\n#[cfg(test)]\nmod tests;\n\
               #[cfg(test)] mod tests {}\n#[cfg(test)]\nmod helpers;\n    mod nested;\n\
               // mod commented;\npub mod d {\n}\n";
    let modules: Vec<String> = declared_modules(lib).into_iter().collect();
    assert_eq!(modules, ["a", "b", "c", "d", "helpers"]);
}

#[test]
fn the_check_names_a_missing_bullet_a_bogus_one_and_a_gap_in_the_map() {
    let krate = |map: &str| Crate {
        name: "web".into(),
        modules: ["pages", "public", "tls"].into_iter().map(String::from).collect(),
        map: map.into(),
    };
    let files = |krate: &str, path: &str| krate == "web" && path == "src/pages/portal.rs";
    let good = "# Doc\n\n## The web tier (`crates/web`)\n\nThe crate root.\n\n\
                - `pages`, `pages::portal`: the pages.\n- `public` and `tls`: the rest.\n\
                - `AppState::now()` is free text.\n- Every response is free text.\n\n\
                ## Tests\n\n- `bogus`: not a crate section.\n";
    let complete = "//! [`pages`], [`public`] and `tls`.";
    assert_eq!(problems(&[krate(complete)], good, &files), Vec::<String>::new());

    let missing = good.replace("- `public` and `tls`: the rest.\n", "- `public`: the rest.\n");
    let found = problems(&[krate(complete)], &missing, &files);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("no bullet starting with `tls`"), "{found:?}");

    let bogus = good.replace("- Every response", "- `public.rs`: wrong.\n- `pages::nowhere`: no.\n- Every");
    let found = problems(&[krate(complete)], &bogus, &files);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("`public.rs`, which is no module"), "{found:?}");
    assert!(found[1].contains("`pages::nowhere`, which is no module"), "{found:?}");

    let found = problems(&[krate("//! [`pages`] and [`public`].")], good, &files);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("does not name the module `tls`"), "{found:?}");

    let found = problems(&[krate(complete)], "## The web tier (crates/web)\n\n- `tls`: x.\n", &files);
    assert!(found.iter().any(|p| p.contains("no section for crates/web")), "{found:?}");
}
