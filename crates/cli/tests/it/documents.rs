//! `renda import page|jsonl|laws` and the demo's documents, run with the real binary against a
//! temporary SQLite database (in a temporary working directory). The imports of real texts read
//! `../shared/data` and `../shared/samples` beside the repository and skip with a message when
//! they are absent.

use crate::common::*;
use renda_core::document::{DocKind, Visibility};
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::value::OrgName;
use renda_store::Actor;
use renda_store::documents::DocumentFilter;
use renda_store::orgs::NewOrganisation;
use std::path::Path;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn shared(rel: &str) -> Option<String> {
    let p = Path::new(SHARED).join(rel);
    if p.exists() {
        Some(p.to_str().expect("the shared path is UTF-8").to_owned())
    } else {
        println!("skipping: {} is absent", p.display());
        None
    }
}

/// What these tests ask of a database besides [`crate::common::TempDb`].
impl TempDb {
    /// A database whose only organisation is a top congress, 测试市人民代表大会.
    fn with_congress() -> TempDb {
        let db = TempDb::new();
        db.with_store(async |s| {
            let name = OrgName::parse("测试市人民代表大会").expect("a valid name");
            s.create_org(
                &Actor::system(),
                NewOrganisation { name, kind: OrgKind::Congress(CongressLevel::City), parent: None },
            )
            .await
            .expect("the congress is created");
        });
        db
    }

    fn count(&self, sql: &'static str) -> i64 {
        self.with_store(async |s| sqlx::query_scalar(sql).fetch_one(s.pool()).await.expect("counted"))
    }

    fn documents(&self) -> i64 {
        self.count("SELECT COUNT(*) FROM documents")
    }
}

// ---------------------------------------------------------------------------------------------
// import page
// ---------------------------------------------------------------------------------------------

#[test]
fn import_page_adds_the_speech_once_with_its_views_and_lists_the_dropped_lines_when_verbose() {
    let Some(page) = shared("samples/000_284f5eaf7f680906.txt") else { return };
    let db = TempDb::with_congress();

    let first = db.ok(&["import", "page", &page]);
    assert!(first.contains("新增 1 篇，更新 0 篇，未变 0 篇"), "{first}");
    assert!(first.contains("测试市人民代表大会"), "{first}");
    assert!(first.contains("略去网页中的 30 行"), "{first}");
    assert!(!first.contains("略去第"), "the lines are listed only with -v:\n{first}");
    let rows = db.with_store(async |s| {
        let f = DocumentFilter { per_page: 10, ..DocumentFilter::default() };
        s.list_documents(&renda_store::Actor { user: None, role: renda_core::policy::Role::Public }, &f)
            .await
            .expect("listed")
            .items
    });
    assert_eq!(rows.len(), 1);
    let d = &rows[0];
    assert_eq!(d.title, "在全市县区人大主任座谈会上的讲话");
    assert_eq!(d.views, 125);
    assert_eq!(d.kind, DocKind::Speech);
    assert_eq!(d.visibility, Visibility::Users, "the source shows the text to logged-in readers only");
    assert_eq!(d.published_text(), "2022-10-24 13:43:49");
    assert_eq!(d.text_date.map(|t| t.to_string()).as_deref(), Some("2021-05-03"));
    assert!(d.published && !d.featured);

    let again = db.ok(&["import", "page", &page, "-v"]);
    assert!(again.contains("未变 1"), "{again}");
    assert!(again.contains("新增 0 篇"), "{again}");
    assert!(again.contains("略去第38行：“阅读全文”链接"), "{again}");
    assert!(again.contains("略去第12行：正文开头重复的标题"), "{again}");
    assert_eq!(db.documents(), 1, "imported twice");
}

#[test]
fn import_page_takes_the_kind_visibility_and_congress_given_and_refuses_unknown_codes_in_chinese() {
    let Some(page) = shared("samples/000_284f5eaf7f680906.txt") else { return };
    let db = TempDb::with_congress();
    let out = db.fails(&["import", "page", &page, "--visibility", "everyone"]);
    assert!(stderr(&out).contains("可见范围“everyone”无效"), "{}", show(&out));
    let out = db.fails(&["import", "page", &page, "--kind", "blog"]);
    assert!(stderr(&out).contains("文档类别“blog”无效"), "{}", show(&out));
    let out = db.fails(&["import", "page", &page, "--congress", "没有这个人大"]);
    assert!(stderr(&out).contains("没有名为“没有这个人大”的机构"), "{}", show(&out));
    assert_eq!(db.documents(), 0);

    let text = db.ok(&[
        "import",
        "page",
        &page,
        "--kind",
        "model",
        "--visibility",
        "public",
        "--congress",
        "测试市人民代表大会",
    ]);
    assert!(text.contains("新增 1 篇"), "{text}");
    let (kind, vis): (String, String) = db.with_store(async |s| {
        sqlx::query_as("SELECT kind, visibility FROM documents").fetch_one(s.pool()).await.expect("read")
    });
    assert_eq!((kind.as_str(), vis.as_str()), ("model", "public"));
}

#[test]
fn import_page_refuses_a_page_without_its_title_line_naming_the_line() {
    let db = TempDb::with_congress();
    let file = db.path("page.txt");
    std::fs::write(&file, "在全市县区人大主任座谈会上的讲话\n2022-10-24 13:43:49 125\n同志们:\n").expect("written");
    let out = db.fails(&["import", "page", file.to_str().expect("UTF-8")]);
    assert!(stderr(&out).contains("网页第1行"), "{}", show(&out));
    assert!(stderr(&out).contains("未导入任何文档"), "{}", show(&out));
    assert_eq!(db.documents(), 0);
}

#[test]
fn importing_without_any_congress_says_to_create_one_or_run_the_demo() {
    let db = TempDb::new();
    let file = db.path("r.jsonl");
    std::fs::write(&file, GOOD_LINE).expect("written");
    let out = db.fails(&["import", "jsonl", file.to_str().expect("UTF-8")]);
    let err = stderr(&out);
    assert!(err.contains("数据库中还没有人大") && err.contains("renda demo"), "{}", show(&out));
}

// ---------------------------------------------------------------------------------------------
// import jsonl
// ---------------------------------------------------------------------------------------------

const GOOD_LINE: &str = r#"{"title":"测试市政府工作报告","url":"https://example.org/report/1","content":"各位代表：\n\n现在，我代表市人民政府向大会报告工作。","year":"2024"}"#;

#[test]
fn import_jsonl_adds_the_72_reports_once() {
    let Some(file) = shared("data/documents/government_work_reports.jsonl") else { return };
    let db = TempDb::with_congress();
    let first = db.ok(&["import", "jsonl", &file]);
    assert!(first.contains("新增 72 篇，更新 0 篇，未变 0 篇"), "{first}");
    assert_eq!(db.documents(), 72);
    assert_eq!(db.count("SELECT COUNT(*) FROM documents WHERE visibility = 'public' AND published = 1"), 72);
    let second = db.ok(&["import", "jsonl", &file]);
    assert!(second.contains("未变 72"), "{second}");
    assert_eq!(db.documents(), 72);
}

#[test]
fn import_jsonl_with_a_broken_line_names_it_and_imports_nothing() {
    let db = TempDb::with_congress();
    let broken = format!("{GOOD_LINE}\n\n{}\n{{\"title\": \"断行\n", GOOD_LINE.replace("/1", "/2"));
    let file = db.path("broken.jsonl");
    std::fs::write(&file, broken).expect("written");
    let out = db.fails(&["import", "jsonl", file.to_str().expect("UTF-8")]);
    let err = stderr(&out);
    assert!(err.contains("工作报告数据第4行"), "{}", show(&out));
    assert!(err.contains("未导入"), "{}", show(&out));
    assert_eq!(db.documents(), 0, "a broken file was partly imported");

    // The real file with its 40th line cut short: the 39 good lines before it stay out too.
    let Some(real) = shared("data/documents/government_work_reports.jsonl") else { return };
    let text = std::fs::read_to_string(real).expect("the reports are read");
    let cut = |l: &str| l.chars().take(l.chars().count() / 2).collect::<String>();
    let lines: Vec<String> =
        text.lines().enumerate().map(|(i, l)| if i == 39 { cut(l) } else { l.to_owned() }).collect();
    std::fs::write(&file, lines.join("\n")).expect("written");
    let out = db.fails(&["import", "jsonl", file.to_str().expect("UTF-8")]);
    assert!(stderr(&out).contains("第40行"), "{}", show(&out));
    assert_eq!(db.documents(), 0, "a broken file was partly imported");
}

// ---------------------------------------------------------------------------------------------
// import laws
// ---------------------------------------------------------------------------------------------

#[test]
fn import_laws_adds_every_law_and_reports_the_seven_skipped_files() {
    let Some(dir) = shared("data/laws") else { return };
    let db = TempDb::with_congress();
    let first = db.ok(&["import", "laws", &dir]);
    assert!(first.contains("已读取 1165 部法律法规，跳过 7 个文件"), "{first}");
    assert!(first.contains("新增 1165 篇，更新 0 篇，未变 0 篇"), "{first}");
    assert!(!first.contains("_index.md"), "the skipped files are listed only with -v:\n{first}");
    assert_eq!(db.documents(), 1165);
    assert_eq!(db.count("SELECT COUNT(*) FROM documents WHERE kind = 'law' AND visibility = 'public'"), 1165);

    let second = db.ok(&["import", "laws", &dir, "--verbose"]);
    assert!(second.contains("未变 1165"), "{second}");
    let skipped: Vec<&str> = second.lines().filter(|l| l.trim_start().starts_with("跳过 ")).collect();
    assert_eq!(skipped.len(), 7, "{second}");
    assert!(skipped.iter().any(|l| l.contains("宪法/_index.md") && l.contains("front matter")), "{second}");
    assert!(skipped.iter().any(|l| l.contains("db.sqlite3") && l.contains("不是 Markdown")), "{second}");
    assert_eq!(db.documents(), 1165);
}

#[test]
fn import_laws_from_a_missing_directory_fails_in_chinese() {
    let db = TempDb::with_congress();
    let missing = db.path("no-such-dir");
    let out = db.fails(&["import", "laws", missing.to_str().expect("UTF-8")]);
    assert!(stderr(&out).contains("找不到目录"), "{}", show(&out));
}

// ---------------------------------------------------------------------------------------------
// demo
// ---------------------------------------------------------------------------------------------

#[test]
fn the_demo_seeds_its_own_documents_with_reads_and_the_shared_texts_when_present() {
    let db = TempDb::new();
    let out = db.ok(&["demo", "--no-serve"]);
    assert!(out.contains("13 篇文档"), "{out}");
    let own = db.count("SELECT COUNT(*) FROM documents WHERE source IS NULL OR source LIKE 'demo:%'");
    assert_eq!(own, 13);
    // One staff-only draft, of 东城区.
    let drafts: Vec<(String, String)> = db.with_store(async |s| {
        sqlx::query_as(
            "SELECT o.name, d.visibility FROM documents d JOIN organisations o ON o.id = d.congress_id \
             WHERE d.published = 0",
        )
        .fetch_all(s.pool())
        .await
        .expect("read")
    });
    assert_eq!(drafts, [("东城区人民代表大会".to_owned(), "staff".to_owned())]);
    assert!(db.count("SELECT COUNT(*) FROM documents WHERE featured = 1") >= 3);
    // The portal's most-read lists of the week and the month are not empty.
    let (week, month) = db.with_store(async |s| {
        let today = TODAY;
        let f = DocumentFilter { published_only: true, ..DocumentFilter::default() };
        let since = |days: i64| today.checked_sub(jiff::Span::new().days(days)).expect("a date");
        (
            s.most_read(&renda_store::Actor { user: None, role: renda_core::policy::Role::Public }, &f, since(7), 100)
                .await
                .expect("week")
                .len(),
            s.most_read(&renda_store::Actor { user: None, role: renda_core::policy::Role::Public }, &f, since(30), 100)
                .await
                .expect("month")
                .len(),
        )
    });
    assert!(week >= 3 && month >= week.max(10), "{week} read this week, {month} this month");

    if Path::new(SHARED).join("data/laws").is_dir() {
        assert!(out.contains("法律法规 1165 部"), "{out}");
        assert_eq!(db.count("SELECT COUNT(*) FROM documents WHERE source LIKE 'law:%'"), 1165);
        assert_eq!(db.count("SELECT COUNT(*) FROM documents WHERE source LIKE 'report:%'"), 72);
        assert_eq!(db.count("SELECT COUNT(*) FROM documents WHERE source LIKE 'page:%' AND visibility = 'users'"), 1);
    } else {
        println!("skipping the shared part: ../shared/data is absent");
        assert!(!out.contains("法律法规"), "{out}");
    }
}
