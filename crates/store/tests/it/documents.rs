//! The document library in the store, on SQLite and (when configured) PostgreSQL: writing,
//! publishing, idempotent imports, lists by visibility, the most-read lists and counters.

use jiff::civil::date;
use renda_core::ErrorCode;
use renda_core::document::{DatePrecision, DocKind, DocumentDraft, DocumentInput, Visibility};
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_store::documents::{DocumentFilter, ImportReport, ImportedText};
use renda_store::{Actor, Store, testing};
use renda_testkit::{audit_count, count, org, staff};

fn draft(title: &str, kind: &str, visibility: &str) -> DocumentDraft {
    DocumentDraft::parse(&DocumentInput {
        kind,
        visibility,
        title,
        text_date: "2026-03-01",
        organ: "示范市人大常委会办公室",
        lead: "导读",
        body: "第一段。\n第二段。",
        tags: "代表建议",
        featured: false,
    })
    .expect("valid draft")
}

fn portal() -> DocumentFilter {
    DocumentFilter { published_only: true, per_page: 50, ..DocumentFilter::default() }
}

#[tokio::test]
async fn staff_write_publish_and_edit_documents_with_every_step_audited() {
    for t in testing::all().await {
        let s = &t.store;
        let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let staff = staff(city);
        let id =
            s.create_document(&staff, city, &draft("常委会会议召开", "news", "public"), false).await.expect("create");
        assert!(
            s.list_documents(&renda_testkit::public(), &portal()).await.expect("list").items.is_empty(),
            "a draft is not on the portal"
        );
        let staff_view = DocumentFilter { kept_only: true, per_page: 50, ..DocumentFilter::default() };
        assert_eq!(s.list_documents(&staff, &staff_view).await.expect("list").total, 1, "staff see their drafts");

        s.set_document_published(&staff, id, true).await.expect("publish");
        let page = s.list_documents(&renda_testkit::public(), &portal()).await.expect("list");
        assert_eq!(page.items.len(), 1);
        assert!(page.items[0].published_at.is_some());
        let again = s.set_document_published(&staff, id, true).await.expect_err("twice");
        assert_eq!(again.code(), ErrorCode::AlreadyPublished);

        s.update_document(&staff, id, &draft("常委会第十次会议召开", "news", "public")).await.expect("edit");
        assert_eq!(s.document(&Actor::system(), id).await.expect("doc").row.title, "常委会第十次会议召开");
        let actions: Vec<String> =
            sqlx::query_scalar("SELECT action FROM audit_log WHERE entity = 'document' ORDER BY id")
                .fetch_all(s.pool())
                .await
                .expect("audit");
        assert_eq!(actions, ["document.create", "document.publish", "document.update"]);
    }
}

#[tokio::test]
async fn only_staff_of_the_congress_may_write_and_a_refusal_changes_nothing() {
    for t in testing::all().await {
        let s = &t.store;
        let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
        let before = audit_count(s).await;
        for role in [Role::Public, Role::Staff { congress: county }] {
            let e = s
                .create_document(&Actor { user: None, role }, city, &draft("标题", "news", "public"), true)
                .await
                .expect_err("refused");
            assert_eq!(e.code(), ErrorCode::Forbidden);
        }
        assert_eq!(audit_count(s).await, before);
        assert_eq!(count(s, "SELECT COUNT(*) FROM documents").await, 0);
    }
}

#[tokio::test]
async fn lists_follow_visibility_kind_and_year() {
    for t in testing::all().await {
        let s = &t.store;
        let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
        let a = Actor::system();
        s.create_document(&a, city, &draft("公开新闻", "news", "public"), true).await.expect("doc");
        s.create_document(&a, city, &draft("登录可见讲话", "speech", "users"), true).await.expect("doc");
        s.create_document(&a, county, &draft("区内部通知", "notice", "staff"), true).await.expect("doc");

        let titles = |p: renda_store::Page<renda_store::documents::DocumentRow>| {
            p.items.into_iter().map(|r| r.title).collect::<Vec<_>>()
        };
        let mut open = titles(s.list_documents(&renda_testkit::public(), &portal()).await.expect("list"));
        open.sort();
        assert_eq!(open, ["公开新闻", "登录可见讲话"], "titles of users-only documents are public, staff ones are not");
        let county_staff = renda_testkit::staff(county);
        assert_eq!(s.list_documents(&county_staff, &portal()).await.expect("list").total, 3);
        let speeches = DocumentFilter { kinds: vec![DocKind::Speech], ..portal() };
        assert_eq!(
            titles(s.list_documents(&renda_testkit::public(), &speeches).await.expect("list")),
            ["登录可见讲话"]
        );
        assert_eq!(
            s.list_documents(&renda_testkit::public(), &DocumentFilter { year: Some(2026), ..portal() })
                .await
                .expect("y")
                .total,
            2
        );
        assert_eq!(
            s.list_documents(&renda_testkit::public(), &DocumentFilter { year: Some(2025), ..portal() })
                .await
                .expect("y")
                .total,
            0
        );
        let d = s.list_documents(&renda_testkit::public(), &speeches).await.expect("list").items.remove(0);
        assert_eq!(d.visibility, Visibility::Users);
    }
}

#[tokio::test]
async fn importing_the_same_texts_twice_adds_nothing_and_a_changed_text_is_updated() {
    for t in testing::all().await {
        let s = &t.store;
        let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let a = Actor::system();
        let texts = vec![
            ImportedText {
                source: "page:讲话".into(),
                draft: draft("在座谈会上的讲话", "speech", "users"),
                published_at: Some(date(2022, 10, 24).at(13, 43, 49, 0)),
                views: 125,
            },
            ImportedText {
                source: "law:a.md".into(),
                draft: draft("某法", "law", "public"),
                published_at: None,
                views: 0,
            },
        ];
        let r = s.import_documents(&a, city, &texts).await.expect("import");
        assert_eq!(r, ImportReport { added: 2, updated: 0, unchanged: 0 });
        let audit = audit_count(s).await;
        let r = s.import_documents(&a, city, &texts).await.expect("again");
        assert_eq!(r, ImportReport { added: 0, updated: 0, unchanged: 2 });
        assert_eq!(audit_count(s).await, audit, "an import that changes nothing records nothing");

        let mut changed = texts.clone();
        changed[1].draft.title = "某法（修正）".into();
        let r = s.import_documents(&a, city, &changed).await.expect("changed");
        assert_eq!(r, ImportReport { added: 0, updated: 1, unchanged: 1 });
        let page = s.list_documents(&renda_testkit::public(), &portal()).await.expect("list");
        assert_eq!(page.total, 2);
        let speech = page.items.iter().find(|d| d.kind == DocKind::Speech).expect("speech");
        assert_eq!(speech.views, 125);
        assert_eq!(speech.published_text(), "2022-10-24 13:43:49");
        let law = page.items.iter().find(|d| d.kind == DocKind::Law).expect("law");
        assert_eq!(law.published_at, None, "an import without a publication time is not given the import's");
        assert_eq!(law.shown_date(), "2026-03-01", "the text's date stands for it");

        let mut dup = texts.clone();
        dup.push(texts[0].clone());
        assert!(s.import_documents(&a, city, &dup).await.is_err(), "a file naming a source twice is refused");
    }
}

#[tokio::test]
async fn reports_are_listed_by_the_date_of_the_text_and_a_report_without_a_day_shows_its_year() {
    for t in testing::all().await {
        let s = &t.store;
        let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let a = Actor::system();
        let report = |source: &str, title: &str, day: Option<jiff::civil::Date>, precision: DatePrecision| {
            let mut d = draft(title, "report", "public");
            d.text_date = day;
            d.date_precision = precision;
            ImportedText { source: source.into(), draft: d, published_at: None, views: 0 }
        };
        // Imported oldest first, as the reports file lists them.
        let texts = vec![
            report("report:1954", "1954年政府工作报告", Some(date(1954, 1, 1)), DatePrecision::Year),
            report("report:1985", "1985年政府工作报告", Some(date(1985, 1, 1)), DatePrecision::Year),
            report("report:2024", "2024年政府工作报告", Some(date(2024, 3, 5)), DatePrecision::Day),
            report("report:2023", "2023年政府工作报告", Some(date(2023, 3, 5)), DatePrecision::Day),
        ];
        s.import_documents(&a, city, &texts).await.expect("import");
        // A news item published today by the staff, its text dated 2025: after the 2024 report.
        let mut news = draft("常委会会议召开", "news", "public");
        news.text_date = Some(date(2025, 6, 1));
        s.create_document(&a, city, &news, true).await.expect("news");

        let reports = DocumentFilter { kinds: vec![DocKind::Report], ..portal() };
        let page = s.list_documents(&renda_testkit::public(), &reports).await.expect("list");
        let seen: Vec<(String, String)> = page.items.iter().map(|d| (d.title.clone(), d.shown_date())).collect();
        assert_eq!(
            seen,
            [
                ("2024年政府工作报告".to_string(), "2024-03-05".to_string()),
                ("2023年政府工作报告".to_string(), "2023-03-05".to_string()),
                ("1985年政府工作报告".to_string(), "1985年".to_string()),
                ("1954年政府工作报告".to_string(), "1954年".to_string()),
            ],
            "newest text first, a report without a day shown by its year, never the import day"
        );
        assert_eq!(page.items[3].date_precision, DatePrecision::Year);
        let all = s.list_documents(&renda_testkit::public(), &portal()).await.expect("all");
        assert_eq!(all.items[0].title, "常委会会议召开", "the newest text leads, whatever its kind");
        assert_eq!(
            s.list_documents(&renda_testkit::public(), &DocumentFilter { year: Some(1954), ..reports })
                .await
                .expect("y")
                .total,
            1
        );

        // Neighbours follow the same order.
        let d1985 = page.items[2].id;
        let detail = s.document(&Actor::system(), d1985).await.expect("read");
        let (older, newer) =
            s.document_neighbours(&renda_testkit::public(), &detail.row, &portal()).await.expect("neighbours");
        assert_eq!(newer.map(|d| d.title).as_deref(), Some("2023年政府工作报告"));
        assert_eq!(older.map(|d| d.title).as_deref(), Some("1954年政府工作报告"));
    }
}

#[tokio::test]
async fn a_view_counts_once_per_reader_per_day_and_feeds_the_most_read_lists() {
    for t in testing::all().await {
        let s = &t.store;
        let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let a = Actor::system();
        let one = s.create_document(&a, city, &draft("甲", "news", "public"), true).await.expect("doc");
        let two = s.create_document(&a, city, &draft("乙", "news", "public"), true).await.expect("doc");
        let day = date(2026, 11, 20);
        assert!(s.note_view(one, "r1", day));
        assert!(!s.note_view(one, "r1", day), "the same reader on the same day");
        assert!(s.note_view(one, "r1", date(2026, 11, 21)));
        assert!(s.note_view(two, "r2", date(2026, 11, 1)));
        assert!(s.note_view(two, "r3", date(2026, 11, 1)));
        assert!(s.note_view(two, "r4", date(2026, 11, 2)));
        assert_eq!(
            s.document(&Actor::system(), one).await.expect("doc").row.views,
            0,
            "noted in memory, not yet written"
        );
        let flushed = s.flush_views().await.expect("flush");
        assert_eq!((flushed.noted, flushed.counted, flushed.dropped), (5, 5, 0));
        assert_eq!(s.document(&Actor::system(), one).await.expect("doc").row.views, 2);
        assert_eq!(s.pending_views(), 0);

        let week = s.most_read(&renda_testkit::public(), &portal(), date(2026, 11, 15), 10).await.expect("week");
        assert_eq!(week.iter().map(|(d, n)| (d.title.as_str(), *n)).collect::<Vec<_>>(), [("甲", 2)]);
        let month = s.most_read(&renda_testkit::public(), &portal(), date(2026, 10, 30), 10).await.expect("month");
        assert_eq!(month.iter().map(|(d, n)| (d.title.as_str(), *n)).collect::<Vec<_>>(), [("乙", 3), ("甲", 2)]);

        assert!(s.like_document(one, "r1").await.expect("like"));
        assert!(!s.like_document(one, "r1").await.expect("like"), "one like per reader");
        assert!(s.has_liked(one, "r1").await.expect("liked"));
        assert_eq!(s.document(&Actor::system(), one).await.expect("doc").row.likes, 1);

        let (prev, next) = s
            .document_neighbours(
                &renda_testkit::public(),
                &s.document(&Actor::system(), two).await.expect("d").row,
                &portal(),
            )
            .await
            .expect("n");
        assert_eq!(prev.map(|d| d.id), Some(one));
        assert!(next.is_none());
    }
}

async fn view_rows(s: &Store) -> i64 {
    count(s, "SELECT COUNT(*) FROM document_views").await
}

/// Two server processes on one database each note a reader's view in memory; the rows' unique
/// (document, reader, day) key makes it one view, whichever flushes first.
#[tokio::test]
async fn two_processes_noting_the_same_view_count_it_once() {
    for t in testing::all().await {
        let s = &t.store;
        let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let doc = s.create_document(&Actor::system(), city, &draft("甲", "news", "public"), true).await.expect("doc");
        let other = Store::connect(&t.url).await.expect("a second process").with_clock(s.clock().clone());
        let day = s.today();
        assert!(s.note_view(doc, "a-reader", day));
        assert!(other.note_view(doc, "a-reader", day), "the other process has not seen it");
        assert!(other.note_view(doc, "u7", day));
        assert_eq!(s.flush_views().await.expect("flush").counted, 1);
        let second = other.flush_views().await.expect("flush");
        assert_eq!((second.noted, second.counted), (2, 1), "the shared view was counted by the first");
        assert_eq!(s.document(&Actor::system(), doc).await.expect("doc").row.views, 2);
        assert_eq!(view_rows(s).await, 2);
        other.close().await;
    }
}

/// A crawler without cookies requesting a page ten thousand times is one reader (its anonymous
/// key is the same all day): one row, and nothing waits in memory after the first.
#[tokio::test]
async fn a_crawler_reading_a_page_ten_thousand_times_is_one_row() {
    for t in testing::all().await {
        let s = &t.store;
        let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let doc = s.create_document(&Actor::system(), city, &draft("甲", "news", "public"), true).await.expect("doc");
        let day = s.today();
        let counted = (0..10_000).filter(|_| s.note_view(doc, "a0123456789abcdef", day)).count();
        assert_eq!(counted, 1);
        assert_eq!(s.pending_views(), 1);
        s.flush_views().await.expect("flush");
        for _ in 0..100 {
            s.note_view(doc, "a0123456789abcdef", day);
        }
        assert_eq!(s.flush_views().await.expect("flush").noted, 0, "a reload is not written again");
        assert_eq!(view_rows(s).await, 1);
        assert_eq!(s.document(&Actor::system(), doc).await.expect("doc").row.views, 1);
    }
}

/// Rows older than the month's hot list needs go at the first flush of a day; the counts stay.
#[tokio::test]
async fn view_rows_older_than_the_hot_lists_need_are_deleted_once_a_day() {
    for t in testing::all().await {
        let s = &t.store;
        let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let doc = s.create_document(&Actor::system(), city, &draft("甲", "news", "public"), true).await.expect("doc");
        let today = s.today();
        for back in [0, 29, 31, 32, 90] {
            s.note_view(doc, "r", today - jiff::Span::new().days(back));
        }
        let first = s.flush_views().await.expect("flush");
        assert_eq!(
            (first.counted, first.pruned),
            (5, 2),
            "32 and 90 days back are past {} days",
            renda_store::views::KEEP_DAYS
        );
        assert_eq!(view_rows(s).await, 3);
        assert_eq!(s.document(&Actor::system(), doc).await.expect("doc").row.views, 5, "the document keeps its count");
        s.note_view(doc, "r", today - jiff::Span::new().days(60));
        assert_eq!(s.flush_views().await.expect("flush").pruned, 0, "once a day");
        s.clock().advance(jiff::SignedDuration::from_hours(24));
        assert_eq!(s.flush_views().await.expect("flush").pruned, 2, "the row of 60 days and the one now 32 days old");
        if s.backend() == renda_store::Backend::Sqlite {
            // The day's maintenance gave the planner statistics of the tables that have rows.
            let stats = count(s, "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'document_views'").await;
            assert!(stats > 0, "PRAGMA optimize ran with the flush");
        }
    }
}

#[tokio::test]
async fn attachments_are_checked_by_content_stored_once_and_audited() {
    for t in testing::all().await {
        let s = &t.store;
        let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
        let a = Actor::system();
        let id = s.create_document(&a, city, &draft("通知", "notice", "public"), true).await.expect("doc");
        let pdf = renda_store::files::Upload { filename: "议程.pdf".into(), bytes: b"%PDF-1.7 agenda".to_vec() };
        let fake = renda_store::files::Upload { filename: "病毒.pdf".into(), bytes: b"MZ not a pdf".to_vec() };
        let before = audit_count(s).await;
        let e = s.attach_document_files(&a, id, &[pdf.clone(), fake]).await.expect_err("refused");
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert!(s.document_files(id).await.expect("files").is_empty(), "a bad file stops the whole upload");
        let other = staff(county);
        assert_eq!(
            s.attach_document_files(&other, id, std::slice::from_ref(&pdf)).await.expect_err("x").code(),
            ErrorCode::Forbidden
        );
        assert_eq!(audit_count(s).await, before);

        assert_eq!(s.attach_document_files(&a, id, std::slice::from_ref(&pdf)).await.expect("attach"), 1);
        let files = s.document_files(id).await.expect("files");
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].1, "议程.pdf");
        let (name, mime, bytes) = s.document_file(id, &files[0].0).await.expect("file");
        assert_eq!(
            (name.as_str(), mime.as_str(), bytes.as_slice()),
            ("议程.pdf", "application/pdf", pdf.bytes.as_slice())
        );
        s.remove_document_file(&a, id, &files[0].0).await.expect("remove");
        assert!(s.document_files(id).await.expect("files").is_empty());
        assert_eq!(audit_count(s).await, before + 2);
    }
}
