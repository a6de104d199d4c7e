//! Duty archives and scores in the store, on SQLite and (when configured) PostgreSQL: rule
//! books and their locks, platform and declared items, recomputation against hand-worked
//! totals, the archive derived from suggestions, and refusals that leave everything as it was.

use jiff::civil::{Date, date};
use renda_core::ErrorCode;
use renda_core::archive::items::{DeclaredStatus, Review};
use renda_core::archive::templates::Template;
use renda_core::archive::{ItemKind, Points};
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::person::EndReason;
use renda_core::policy::Role;
use renda_core::suggestion::{Command, SuggestionState};
use renda_store::archive::{NewDeclaration, PlatformItem, RecordReport};
use renda_store::files::Upload;
use renda_store::suggestions::{Extra, NewSuggestion, Period, SuggestionId};
use renda_store::{Actor, Store, StoreError, testing};
use renda_testkit::{
    as_deputy, audit_count, count, deputy_with, org, person, public, scoring_code, seat_from, staff, unit,
};

struct World {
    city: OrgId,
    county: OrgId,
    other_county: OrgId,
    unit: OrgId,
    /// Deputies of the county: in office all along, all along, from 1 July 2025, and until
    /// the end of 2024.
    a: PersonId,
    b: PersonId,
    late: PersonId,
    gone: PersonId,
}

async fn deputy(s: &Store, name: &str, congress: OrgId, start: Date) -> PersonId {
    deputy_with(s, person(name), seat_from(congress, start)).await
}

async fn world(s: &Store) -> World {
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let other_county = org(s, "西城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let unit = org(s, "东城区教育局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(county)).await;
    let start = date(2022, 1, 10);
    let gone = deputy(s, "王刚", county, start).await;
    let ship = s.deputyships_of(gone).await.expect("ships")[0].deputyship;
    s.end_deputyship(&Actor::system(), ship, date(2024, 12, 31), EndReason::Resigned).await.expect("end");
    World {
        city,
        county,
        other_county,
        unit,
        a: deputy(s, "周建国", county, start).await,
        b: deputy(s, "吴丽", county, start).await,
        late: deputy(s, "郑平", county, date(2025, 7, 1)).await,
        gone,
    }
}

async fn item_count(s: &Store) -> i64 {
    count(s, "SELECT COUNT(*) FROM archive_items").await
}

async fn actions(s: &Store, prefix: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log WHERE action LIKE $1 ORDER BY id")
        .bind(format!("{prefix}%"))
        .fetch_all(s.pool())
        .await
        .expect("audit")
}

/// Every tally agrees with the items it sums.
async fn tallies_in_step(s: &Store) {
    assert_eq!(s.tallies_out_of_step().await.expect("tallies"), [], "tallies out of step with the items");
}

/// `n` platform items of one unit of `kind` for `person`, spread over `year`'s first months.
fn platform(person: PersonId, kind: ItemKind, n: u32, tag: &str) -> Vec<PlatformItem> {
    (0..n)
        .map(|i| PlatformItem {
            person,
            date: date(2025, i8::try_from(i % 12 + 1).expect("month"), 10),
            kind,
            quantity: 1,
            source: format!("activity:{}:{}:{tag}", i + 1, person.0),
        })
        .collect()
}

fn declaration(kind: ItemKind, day: Date) -> NewDeclaration {
    NewDeclaration {
        kind,
        date: day,
        quantity: 1,
        description: "随区人大常委会视察城区老旧小区改造".into(),
        evidence: vec!["现场照片.jpg".into(), "签到表.pdf".into()],
    }
}

/// Publishes `template` as the county's 2025 table, ahead of the year.
async fn rules_2025(s: &Store, w: &World, template: Template) {
    s.install_template(&staff(w.county), w.county, 2025, template, date(2025, 1, 1), date(2024, 12, 1))
        .await
        .expect("template");
}

#[tokio::test]
async fn a_declared_item_counts_only_after_verification_and_a_rejection_needs_a_reason() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        rules_2025(s, &w, Template::Jiangbei).await;
        let today = date(2025, 5, 1);
        let one = s
            .declare_item(&as_deputy(w.a), w.a, w.county, &declaration(ItemKind::Inspection, date(2025, 4, 1)), today)
            .await
            .expect("declare");
        let sheet = s.score_sheet(&as_deputy(w.a), w.a, w.county, 2025, today).await.expect("sheet");
        assert_eq!(sheet.total, Points::ZERO, "a declaration waiting for verification does not count");
        assert_eq!(s.recompute_scores(w.county, 2025, today).await.expect("recompute"), 2, "A and B are in office");
        let stored = s.scores(&staff(w.county), w.county, 2025).await.expect("scores");
        assert!(stored.iter().all(|x| x.total == Points::ZERO));

        // The deputy cannot verify their own declaration; an empty reason is no rejection.
        let before = audit_count(s).await;
        let e = s.verify_declaration(&as_deputy(w.a), one).await.expect_err("own");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        let e = s.reject_declaration(&staff(w.county), one, "  ").await.expect_err("no reason");
        assert_eq!((e.code(), scoring_code(&e)), (ErrorCode::Required, "required"));
        assert!(e.user_message().contains("不予核实的理由"), "{}", e.user_message());
        assert_eq!(audit_count(s).await, before, "refusals record nothing");
        assert_eq!(
            s.archive_item(&Actor::system(), one).await.expect("item").declaration().expect("declared").status,
            DeclaredStatus::Declared
        );

        assert_eq!(s.verify_declaration(&staff(w.county), one).await.expect("verify"), DeclaredStatus::Verified);
        let sheet = s.score_sheet(&as_deputy(w.a), w.a, w.county, 2025, today).await.expect("sheet");
        assert_eq!(sheet.total, Points::whole(3));
        assert!(sheet.lines.iter().any(|l| l.explanation == "参加视察 1 次 × 3 分 = 3 分"), "{:?}", sheet.lines);
        s.recompute_scores(w.county, 2025, today).await.expect("recompute");
        let stored = s.scores(&staff(w.county), w.county, 2025).await.expect("scores");
        assert_eq!(stored[0].person, w.a);
        assert_eq!(stored[0].total, Points::whole(3));
        let e = s.verify_declaration(&staff(w.county), one).await.expect_err("twice");
        assert_eq!((e.code(), scoring_code(&e)), (ErrorCode::WrongState, "wrong_state"));

        // Staff declare for a deputy; a rejection keeps its reason, and the deputy amends it.
        let two = s
            .declare_item(&staff(w.county), w.a, w.county, &declaration(ItemKind::Survey, date(2025, 4, 2)), today)
            .await
            .expect("declare");
        s.reject_declaration(&staff(w.county), two, "签到表与活动日期不符").await.expect("reject");
        let row = s.archive_item(&Actor::system(), two).await.expect("item");
        assert_eq!(row.review_note.as_deref(), Some("签到表与活动日期不符"));
        assert!(!row.counts());
        let amend = Review::Amend {
            description: "随区人大常委会调研农村饮水工程".into(),
            evidence: vec!["调研报告.docx".into()],
            quantity: 1,
        };
        assert_eq!(s.review_declaration(&as_deputy(w.a), two, &amend).await.expect("amend"), DeclaredStatus::Declared);
        assert_eq!(
            s.score_sheet(&staff(w.county), w.a, w.county, 2025, today).await.expect("sheet").total,
            Points::whole(3)
        );
        assert_eq!(
            actions(s, "archive.").await.into_iter().filter(|a| a != "archive.scores").collect::<Vec<_>>(),
            ["archive.declare", "archive.verify", "archive.declare", "archive.reject", "archive.amend"]
        );
        let mine = s.archive_of(&as_deputy(w.a), w.a, w.county, 2025).await.expect("archive");
        assert_eq!(mine.len(), 2);
        assert_eq!(s.pending_declarations(&staff(w.county), w.county).await.expect("queue").len(), 1);

        // What may not be declared, or not like this.
        let refused = [
            (declaration(ItemKind::SuggestionLed, date(2025, 4, 1)), "not_declarable"),
            (
                NewDeclaration { evidence: vec![" ".into()], ..declaration(ItemKind::Inspection, date(2025, 4, 1)) },
                "evidence_missing",
            ),
            (declaration(ItemKind::Inspection, date(2025, 6, 1)), "date_in_future"),
            (NewDeclaration { quantity: 0, ..declaration(ItemKind::Inspection, date(2025, 4, 1)) }, "zero_quantity"),
        ];
        let before = (audit_count(s).await, item_count(s).await);
        for (d, code) in refused {
            let e = s.declare_item(&as_deputy(w.a), w.a, w.county, &d, today).await.expect_err(code);
            assert_eq!(scoring_code(&e), code);
        }
        let e = s
            .declare_item(
                &as_deputy(w.late),
                w.late,
                w.county,
                &declaration(ItemKind::Inspection, date(2025, 4, 1)),
                today,
            )
            .await
            .expect_err("before the seat");
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert_eq!((audit_count(s).await, item_count(s).await), before);
        tallies_in_step(s).await;
    }
}

#[tokio::test]
async fn a_locked_years_rules_cannot_be_edited_and_a_new_version_takes_over_from_its_date() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let clerk = staff(w.county);
        let v1 = s
            .install_template(&clerk, w.county, 2025, Template::Jiangbei, date(2025, 1, 1), date(2024, 11, 1))
            .await
            .expect("publish");
        assert_eq!(v1, 1);
        // Before the year starts a version is corrected in place.
        let mut corrected = Template::Jiangbei.table();
        corrected.name = "东城区人大代表履职积分细则".into();
        s.edit_rules(&clerk, w.county, 2025, 1, corrected.clone(), date(2024, 12, 1)).await.expect("edit");

        // Once it has started, editing is refused and changes nothing.
        let before = audit_count(s).await;
        let mut changed = corrected.clone();
        changed.rules[0].formula = renda_core::archive::Formula::PerUnit { points: Points::whole(5) };
        let e = s.edit_rules(&clerk, w.county, 2025, 1, changed.clone(), date(2025, 2, 1)).await.expect_err("locked");
        assert_eq!((e.code(), scoring_code(&e)), (ErrorCode::TableLocked, "table_locked"));
        assert!(e.user_message().contains("已于2025年1月1日起锁定"), "{}", e.user_message());
        assert_eq!(audit_count(s).await, before);
        let book = s.rule_book(w.county, 2025).await.expect("book");
        assert_eq!(book.versions().len(), 1);
        assert_eq!(book.versions()[0].table, corrected);

        // A change is a new version from a later date, and not from a past one.
        let e = s
            .publish_rules(&clerk, w.county, 2025, changed.clone(), date(2025, 1, 15), date(2025, 2, 1))
            .await
            .expect_err("retroactive");
        assert_eq!(scoring_code(&e), "effective_date_not_future");
        assert_eq!(audit_count(s).await, before);
        let v2 = s
            .publish_rules(&clerk, w.county, 2025, changed.clone(), date(2025, 7, 1), date(2025, 2, 1))
            .await
            .expect("new version");
        assert_eq!(v2, 2);
        let e = s
            .publish_rules(&clerk, w.county, 2025, changed.clone(), date(2025, 7, 1), date(2025, 2, 2))
            .await
            .expect_err("same date");
        assert_eq!(scoring_code(&e), "effective_date_not_later");
        let book = s.rule_book(w.county, 2025).await.expect("book");
        assert_eq!(book.rules_for(date(2025, 6, 30)).map(|v| v.version), Some(1));
        assert_eq!(book.rules_for(date(2025, 7, 1)).map(|v| v.version), Some(2));
        let mut bad = corrected.clone();
        bad.name = " ".into();
        let e =
            s.publish_rules(&clerk, w.county, 2026, bad, date(2026, 1, 1), date(2025, 2, 1)).await.expect_err("bad");
        assert_eq!(scoring_code(&e), "table_name_missing");

        // The score of the year so far uses the version in force on its last day.
        s.record_platform_items(&clerk, w.county, &platform(w.a, ItemKind::SuggestionLed, 2, "s"))
            .await
            .expect("items");
        s.recompute_scores(w.county, 2025, date(2025, 3, 1)).await.expect("spring");
        let spring = s.scores(&clerk, w.county, 2025).await.expect("scores");
        assert_eq!((spring[0].version, spring[0].total), (1, Points::whole(6)));
        s.recompute_scores(w.county, 2025, date(2026, 1, 5)).await.expect("year");
        let year = s.scores(&clerk, w.county, 2025).await.expect("scores");
        assert_eq!((year[0].version, year[0].total, year[0].period_to), (2, Points::whole(10), date(2025, 12, 31)));
        assert_eq!(actions(s, "rules.").await, ["rules.publish", "rules.edit", "rules.publish"]);
    }
}

#[tokio::test]
async fn a_confirmed_correction_reaches_back_to_the_start_of_the_year_and_recomputation_reranks() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        rules_2025(s, &w, Template::Jiangbei).await;
        let clerk = staff(w.county);
        // A leads 2 suggestions (6), B takes part in 3 surveys (9): B ranks first.
        let mut items = platform(w.a, ItemKind::SuggestionLed, 2, "led");
        items.extend(platform(w.b, ItemKind::Survey, 3, "survey"));
        s.record_platform_items(&clerk, w.county, &items).await.expect("items");
        let today = date(2025, 8, 1);
        s.recompute_scores(w.county, 2025, today).await.expect("recompute");
        let ranked = |v: &[renda_store::archive::StoredScore]| -> Vec<(PersonId, Points)> {
            v.iter().filter(|x| x.person == w.a || x.person == w.b).map(|x| (x.person, x.total)).collect()
        };
        let before = s.scores(&clerk, w.county, 2025).await.expect("scores");
        assert_eq!(ranked(&before), [(w.b, Points::whole(9)), (w.a, Points::whole(6))]);

        // The clerk finds that a suggestion led is worth 6, not 3.
        let mut fixed = Template::Jiangbei.table();
        fixed.rules[0].formula = renda_core::archive::Formula::PerUnit { points: Points::whole(6) };
        // An edit is still refused (table_locked); a correction needs a reason; another
        // congress's clerk may not correct. None of these writes anything.
        let audit = audit_count(s).await;
        let e = s.edit_rules(&clerk, w.county, 2025, 1, fixed.clone(), today).await.expect_err("locked");
        assert_eq!(scoring_code(&e), "table_locked");
        let e = s.correct_rules(&clerk, w.county, 2025, fixed.clone(), " ", today).await.expect_err("no reason");
        assert_eq!((e.code(), scoring_code(&e)), (ErrorCode::CorrectionReasonMissing, "correction_reason_missing"));
        let e = s
            .correct_rules(&staff(w.other_county), w.county, 2025, fixed.clone(), "笔误", today)
            .await
            .expect_err("other congress");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        assert_eq!(audit_count(s).await, audit);

        let reason = "“领衔提出建议”每件6分，发布时误录为3分";
        let v = s.correct_rules(&clerk, w.county, 2025, fixed.clone(), reason, today).await.expect("correct");
        assert_eq!(v, 2);
        let book = s.rule_book(w.county, 2025).await.expect("book");
        assert_eq!(book.versions().len(), 2, "the old version is kept");
        assert_eq!(book.versions()[0].table, Template::Jiangbei.table());
        let v2 = &book.versions()[1];
        assert_eq!(v2.effective_from, date(2025, 1, 1), "in force from the start of the period");
        assert_eq!(v2.correction.as_ref().map(|c| (c.corrects, c.reason.as_str())), Some((1, reason)));
        assert_eq!(book.rules_for(date(2025, 1, 1)).map(|v| v.version), Some(2));

        // Audited as a correction, with the reason and the table it replaced.
        assert_eq!(actions(s, "rules.").await, ["rules.publish", "rules.correct"]);
        let (before_json, after_json): (Option<String>, Option<String>) =
            sqlx::query_as("SELECT before_json, after_json FROM audit_log WHERE action = 'rules.correct'")
                .fetch_one(s.pool())
                .await
                .expect("entry");
        assert!(before_json.is_some_and(|b| b.contains("\"version\":1")));
        assert!(after_json.is_some_and(|a| a.contains(reason) && a.contains("\"corrects\":1")));

        // Recomputation applies it to the whole year: A now ranks first.
        s.recompute_scores(w.county, 2025, today).await.expect("recompute");
        let after = s.scores(&clerk, w.county, 2025).await.expect("scores");
        assert_eq!(ranked(&after), [(w.a, Points::whole(12)), (w.b, Points::whole(9))]);
        assert!(after.iter().all(|x| x.version == 2));
        let sheet = s.score_sheet(&as_deputy(w.a), w.a, w.county, 2025, today).await.expect("sheet");
        assert_eq!((sheet.version, sheet.total), (2, Points::whole(12)));

        // A later version still needs a future date, and follows the correction.
        let e =
            s.publish_rules(&clerk, w.county, 2025, fixed.clone(), date(2025, 7, 1), today).await.expect_err("past");
        assert_eq!(scoring_code(&e), "effective_date_not_future");
        assert_eq!(s.publish_rules(&clerk, w.county, 2025, fixed, date(2025, 9, 1), today).await.expect("v3"), 3);
    }
}

#[tokio::test]
async fn recomputation_gives_the_hand_worked_totals_and_bands_of_a_template() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        rules_2025(s, &w, Template::Yinchuan).await;
        let clerk = staff(w.county);
        // Deputy A, 银川's table: 6 half-days at the session 24; 2 suggestions led 10; 6 co-signed
        // 12 → cap 6; 5 inspections (one declared and verified) 25 + 2 surveys 10 + 4 group
        // activities 20 = 55 → category cap 30 (−25); 1 absence −2. A pending reception, a
        // rejected training and a 2024 inspection do not count. 24 + 10 + 6 + 55 − 25 − 2 = 68: 较好.
        let mut items = vec![PlatformItem {
            person: w.a,
            date: date(2025, 3, 5),
            kind: ItemKind::SessionAttended,
            quantity: 6,
            source: "roll:1:1".into(),
        }];
        items.extend(platform(w.a, ItemKind::SuggestionLed, 2, "led"));
        items.extend(platform(w.a, ItemKind::SuggestionCosigned, 6, "co"));
        items.extend(platform(w.a, ItemKind::Inspection, 4, "insp"));
        items.extend(platform(w.a, ItemKind::Survey, 2, "survey"));
        items.extend(platform(w.a, ItemKind::GroupActivity, 4, "group"));
        items.extend(platform(w.a, ItemKind::ActivityAbsent, 1, "absent"));
        items.push(PlatformItem {
            person: w.a,
            date: date(2024, 12, 30),
            kind: ItemKind::Inspection,
            quantity: 1,
            source: "activity:99:1".into(),
        });
        // The deputy who joined on 1 July: one inspection, 5; nobody else has anything.
        items.extend(platform(w.late, ItemKind::Inspection, 1, "late").into_iter().map(|mut i| {
            i.date = date(2025, 9, 1);
            i
        }));
        assert_eq!(s.record_platform_items(&clerk, w.county, &items).await.expect("record").added, items.len());
        let today = date(2025, 12, 20);
        let verified = s
            .declare_item(&clerk, w.a, w.county, &declaration(ItemKind::Inspection, date(2025, 6, 6)), today)
            .await
            .expect("d");
        s.verify_declaration(&clerk, verified).await.expect("verify");
        s.declare_item(&clerk, w.a, w.county, &declaration(ItemKind::StationReception, date(2025, 6, 7)), today)
            .await
            .expect("pending");
        let rejected = s
            .declare_item(&clerk, w.a, w.county, &declaration(ItemKind::Training, date(2025, 6, 8)), today)
            .await
            .expect("d");
        s.reject_declaration(&clerk, rejected, "无培训通知").await.expect("reject");

        assert_eq!(s.recompute_scores(w.county, 2025, date(2026, 1, 10)).await.expect("recompute"), 3);
        let scores = s.scores(&clerk, w.county, 2025).await.expect("scores");
        let got: Vec<_> = scores.iter().map(|x| (x.person, x.total, x.band.as_deref(), x.days_in_office)).collect();
        assert_eq!(
            got,
            [
                (w.a, Points::whole(68), Some("较好"), 365),
                (w.late, Points::whole(5), Some("差"), 184),
                (w.b, Points::ZERO, Some("差"), 365),
            ],
            "the deputy who left at the end of 2024 is not scored"
        );
        assert!(!scores.iter().any(|x| x.person == w.gone));
        assert_eq!(scores[0].activity, 2 + 6 + 5 + 2 + 4 + 1, "absence is not activity; the roll is");
        // The stored lines: what counted, as computed; they add up to the total.
        let lines: Vec<(&str, u32, i64)> =
            scores[0].lines.iter().map(|l| (l.line.as_str(), l.count, l.subtotal.as_hundredths())).collect();
        assert_eq!(
            lines,
            [
                ("session_attended", 6, 2400),
                ("suggestion_led", 2, 1000),
                ("suggestion_cosigned", 6, 600),
                ("inspection", 5, 2500),
                ("survey", 2, 1000),
                ("group_activity", 4, 2000),
                ("activity_absent", 1, -200),
                ("category:闭会期间活动", 0, -2500),
            ]
        );
        assert_eq!(scores[0].lines.iter().fold(Points::ZERO, |a, l| a + l.subtotal), scores[0].total);
        assert!(scores[2].lines.is_empty(), "a deputy with nothing has no line that counted");

        // The explained sheet agrees with the stored score, line by line.
        let sheet = s.score_sheet(&as_deputy(w.a), w.a, w.county, 2025, date(2026, 1, 10)).await.expect("sheet");
        assert_eq!((sheet.total, sheet.band.as_deref()), (Points::whole(68), Some("较好")));
        let ex: Vec<&str> = sheet.lines.iter().map(|l| l.explanation.as_str()).collect();
        assert!(ex.contains(&"联名提出建议 6 件 × 2 分 = 12 分，超过上限，按 6 分计"), "{ex:?}");
        assert!(ex.contains(&"闭会期间活动类合计 55 分，超过类别上限 30 分，核减 25 分"), "{ex:?}");
        assert!(ex.contains(&"联络站接待选民 0 次 × 3 分 = 0 分（上限 9 分）"), "{ex:?}");
        let sum: Points = sheet.lines.iter().fold(sheet.base, |acc, l| acc + l.subtotal);
        assert_eq!(sum, sheet.total, "the total is the base plus the lines");

        // Recomputing again writes the same; a deputy no longer in office loses their row.
        let audit = audit_count(s).await;
        assert_eq!(s.recompute_scores(w.county, 2025, date(2026, 1, 10)).await.expect("again"), 3);
        assert_eq!(s.scores(&clerk, w.county, 2025).await.expect("scores").len(), 3);
        assert_eq!(audit_count(s).await, audit + 1, "one entry per batch of scores");
        let ship = s.deputyships_of(w.b).await.expect("ships")[0].deputyship;
        s.end_deputyship(&Actor::system(), ship, date(2025, 1, 1), EndReason::Resigned).await.expect("end");
        assert_eq!(s.recompute_scores(w.county, 2025, date(2026, 1, 10)).await.expect("again"), 2);
        assert!(!s.scores(&clerk, w.county, 2025).await.expect("scores").iter().any(|x| x.person == w.b));

        // No table in force, or a year not started: refused.
        let e = s.recompute_scores(w.county, 2026, date(2026, 1, 10)).await.expect_err("no table");
        assert_eq!(e.code(), ErrorCode::NotFound);
        let e = s.recompute_scores(w.county, 2025, date(2024, 6, 1)).await.expect_err("not started");
        assert_eq!(scoring_code(&e), "invalid_period");
        tallies_in_step(s).await;
    }
}

#[tokio::test]
async fn platform_items_are_recorded_once_by_source_and_updated_when_their_event_changes() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let clerk = staff(w.county);
        let items = platform(w.a, ItemKind::Inspection, 3, "x");
        let r = s.record_platform_items(&clerk, w.county, &items).await.expect("record");
        assert_eq!(r, RecordReport { added: 3, ..RecordReport::default() });
        let audit = audit_count(s).await;
        let r = s.record_platform_items(&clerk, w.county, &items).await.expect("again");
        assert_eq!(r, RecordReport { unchanged: 3, ..RecordReport::default() });
        assert_eq!(audit_count(s).await, audit, "recording nothing new records nothing");
        assert_eq!(item_count(s).await, 3);

        let mut changed = items.clone();
        changed[1].quantity = 2;
        let r = s.record_platform_items(&clerk, w.county, &changed).await.expect("changed");
        assert_eq!(r, RecordReport { updated: 1, unchanged: 2, ..RecordReport::default() });
        assert_eq!(
            actions(s, "archive.").await,
            ["archive.record", "archive.record", "archive.record", "archive.update"]
        );
        let rows = s.archive_of(&clerk, w.a, w.county, 2025).await.expect("archive");
        assert_eq!(rows.iter().map(|r| r.quantity).sum::<u32>(), 4);
        assert!(rows.iter().all(|r| r.term == Some(18) && r.counts()));

        // Malformed batches are refused whole.
        let before = (audit_count(s).await, item_count(s).await);
        let mut dup = platform(w.b, ItemKind::Survey, 1, "d");
        dup.push(dup[0].clone());
        assert_eq!(
            s.record_platform_items(&clerk, w.county, &dup).await.expect_err("dup").code(),
            ErrorCode::DuplicateSource
        );
        let mut bad = platform(w.b, ItemKind::Survey, 1, "b");
        bad[0].source = "somewhere:1".into();
        assert_eq!(
            s.record_platform_items(&clerk, w.county, &bad).await.expect_err("bad").code(),
            ErrorCode::InvalidInput
        );
        let stranger = platform(w.a, ItemKind::Survey, 1, "o");
        let e =
            s.record_platform_items(&staff(w.other_county), w.other_county, &stranger).await.expect_err("not theirs");
        assert_eq!(e.code(), ErrorCode::InvalidInput, "a deputy of another congress");
        let mut moved = items.clone();
        moved[0].person = w.b;
        assert_eq!(
            s.record_platform_items(&clerk, w.county, &moved).await.expect_err("moved").code(),
            ErrorCode::SourceRecordedElsewhere
        );
        assert_eq!((audit_count(s).await, item_count(s).await), before);
        tallies_in_step(s).await;
    }
}

async fn suggestion(s: &Store, w: &World, cosigners: Vec<PersonId>, today: Date) -> SuggestionId {
    s.create_suggestion(
        &staff(w.county),
        w.a,
        NewSuggestion {
            congress: w.county,
            title: "关于改善东城区中小学周边交通的建议".into(),
            body: "东城区多所中小学上下学时段交通拥堵，建议增设接送车位并优化信号灯配时。".into(),
            period: Period::Recess,
            from_motion: false,
            cosigners,
        },
        today,
    )
    .await
    .expect("suggestion")
}

#[tokio::test]
async fn the_archive_fills_itself_from_suggestions_once_and_follows_withdrawals() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let today = s.today();
        let year = today.year();
        let lead = as_deputy(w.a);
        let act = |id, cmd| async move { s.act(&lead, id, &cmd, &Extra::None, today).await.map(|f| f.state) };
        // A joint suggestion submitted (co-signatures entered by staff are confirmed), a draft,
        // and one submitted and later withdrawn.
        let joint = suggestion(s, &w, vec![w.b], today).await;
        assert_eq!(act(joint, Command::Submit).await.expect("submit"), SuggestionState::Submitted);
        suggestion(s, &w, vec![], today).await;
        let solo = suggestion(s, &w, vec![], today).await;
        act(solo, Command::Submit).await.expect("submit");

        let r = s.archive_from_suggestions(w.county, year).await.expect("derive");
        assert_eq!(r, RecordReport { added: 3, ..RecordReport::default() });
        let audit = audit_count(s).await;
        let r = s.archive_from_suggestions(w.county, year).await.expect("again");
        assert_eq!(r, RecordReport { unchanged: 3, ..RecordReport::default() });
        assert_eq!(audit_count(s).await, audit);
        let sources: Vec<String> = sqlx::query_scalar("SELECT source FROM archive_items ORDER BY source")
            .fetch_all(s.pool())
            .await
            .expect("q");
        assert_eq!(
            sources,
            [
                format!("suggestion:{}:cosigner:{}", joint.0, w.b.0),
                format!("suggestion:{}:lead", joint.0),
                format!("suggestion:{}:lead", solo.0)
            ]
        );
        let b_items = s.archive_of(&as_deputy(w.b), w.b, w.county, year).await.expect("archive");
        assert_eq!(
            b_items.iter().map(|i| (i.kind, i.date)).collect::<Vec<_>>(),
            [(ItemKind::SuggestionCosigned, today)]
        );

        act(solo, Command::Withdraw).await.expect("withdraw");
        let r = s.archive_from_suggestions(w.county, year).await.expect("after withdrawal");
        assert_eq!(r, RecordReport { unchanged: 2, removed: 1, ..RecordReport::default() });
        assert_eq!(s.archive_from_suggestions(w.other_county, year).await.expect("other"), RecordReport::default());
        assert_eq!(s.archive_from_suggestions(w.county, year - 1).await.expect("last year"), RecordReport::default());

        // They score: 江北's 3 per suggestion led; co-signing is not in its table.
        let eve = today.first_of_year().yesterday().expect("a day before");
        s.install_template(&staff(w.county), w.county, year, Template::Jiangbei, today.first_of_year(), eve)
            .await
            .expect("rules");
        s.recompute_scores(w.county, year, today).await.expect("recompute");
        let scores = s.scores(&staff(w.county), w.county, year).await.expect("scores");
        assert_eq!(scores[0].person, w.a);
        assert_eq!(scores[0].total, Points::whole(3));
        tallies_in_step(s).await;
    }
}

#[tokio::test]
async fn forbidden_actors_change_and_see_nothing() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        rules_2025(s, &w, Template::Jiangbei).await;
        let today = date(2025, 5, 1);
        let item = s
            .declare_item(&as_deputy(w.a), w.a, w.county, &declaration(ItemKind::Inspection, date(2025, 4, 1)), today)
            .await
            .expect("declare");
        let before = (audit_count(s).await, item_count(s).await);
        let outsiders = [
            public(),
            unit(w.unit),
            as_deputy(w.b),
            staff(w.other_county),
            // Staff of the city above read the county's records but do not write them.
            staff(w.city),
        ];
        for who in outsiders {
            let forbidden = |r: Result<(), StoreError>| {
                let e = r.expect_err("forbidden");
                assert_eq!(e.code(), ErrorCode::Forbidden, "{:?}: {e}", who.role);
            };
            let d = declaration(ItemKind::Survey, date(2025, 4, 2));
            forbidden(s.declare_item(&who, w.a, w.county, &d, today).await.map(drop));
            forbidden(s.verify_declaration(&who, item).await.map(drop));
            forbidden(s.reject_declaration(&who, item, "不符合").await.map(drop));
            forbidden(
                s.publish_rules(&who, w.county, 2026, Template::Dongbao.table(), date(2026, 1, 1), today)
                    .await
                    .map(drop),
            );
            forbidden(s.edit_rules(&who, w.county, 2025, 1, Template::Dongbao.table(), date(2024, 12, 2)).await);
            forbidden(
                s.record_platform_items(&who, w.county, &platform(w.a, ItemKind::Inspection, 1, "f")).await.map(drop),
            );
            if who.role != (Role::Staff { congress: w.city }) {
                forbidden(s.archive_of(&who, w.a, w.county, 2025).await.map(drop));
                forbidden(s.score_sheet(&who, w.a, w.county, 2025, today).await.map(drop));
                forbidden(s.scores(&who, w.county, 2025).await.map(drop));
            }
        }
        assert_eq!((audit_count(s).await, item_count(s).await), before);
        assert_eq!(s.rule_book(w.county, 2026).await.expect("book").versions().len(), 0);
        assert_eq!(
            s.archive_item(&Actor::system(), item).await.expect("item").declaration().expect("declared").status,
            DeclaredStatus::Declared
        );
        // The city's staff read below; a deputy reads their own archive, not a colleague's scores list.
        assert_eq!(s.archive_of(&staff(w.city), w.a, w.county, 2025).await.expect("read").len(), 1);
        assert_eq!(s.archive_of(&as_deputy(w.a), w.a, w.county, 2025).await.expect("own").len(), 1);
        let e = s.scores(&as_deputy(w.a), w.county, 2025).await.expect_err("list");
        assert_eq!(e.code(), ErrorCode::Forbidden);
    }
}

#[tokio::test]
async fn evidence_files_are_kept_with_their_declaration_and_a_bad_file_declares_nothing() {
    for db in testing::all().await {
        let s = &db.store;
        let w = world(s).await;
        let today = date(2025, 6, 30);
        let png = Upload { filename: "C:\\照片\\现场.png".into(), bytes: b"\x89PNG\r\n\x1a\nphoto".to_vec() };
        let mut d = declaration(ItemKind::Survey, date(2025, 6, 1));
        d.evidence = Vec::new();
        let id = s
            .declare_item_with_files(&as_deputy(w.a), w.a, w.county, &d, std::slice::from_ref(&png), today)
            .await
            .expect("a file alone is evidence enough");
        let row = s.archive_item(&Actor::system(), id).await.expect("row");
        assert_eq!(row.evidence, vec!["现场.png".to_owned()], "the file's name joins the evidence");
        let files = s.archive_files(&[id]).await.expect("files");
        let (hash, name, size) = &files[&id][0];
        assert_eq!((name.as_str(), *size), ("现场.png", 13));
        let (_, mime, bytes) = s.archive_file(&as_deputy(w.a), id, hash).await.expect("own evidence");
        assert_eq!((mime.as_str(), bytes.as_slice()), ("image/png", png.bytes.as_slice()));
        assert!(matches!(s.archive_file(&as_deputy(w.b), id, hash).await, Err(StoreError::Denied(_))));
        assert!(matches!(s.archive_file(&staff(w.other_county), id, hash).await, Err(StoreError::Denied(_))));
        s.archive_file(&staff(w.city), id, hash).await.expect("staff above read");

        let (items, audits) = (item_count(s).await, audit_count(s).await);
        let exe = Upload { filename: "证明.exe".into(), bytes: b"MZ\x90\x00".to_vec() };
        let err = s
            .declare_item_with_files(
                &as_deputy(w.a),
                w.a,
                w.county,
                &declaration(ItemKind::Survey, date(2025, 6, 2)),
                &[exe],
                today,
            )
            .await
            .expect_err("not a document");
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert_eq!((item_count(s).await, audit_count(s).await), (items, audits), "nothing written");
    }
}

#[tokio::test]
async fn the_public_archive_holds_only_counted_items_of_the_kinds_staff_made_public() {
    for db in testing::all().await {
        let s = &db.store;
        let w = world(s).await;
        let today = date(2025, 6, 30);
        s.record_platform_items(&staff(w.county), w.county, &platform(w.a, ItemKind::Inspection, 2, "p"))
            .await
            .expect("items");
        s.record_platform_items(&staff(w.county), w.county, &platform(w.a, ItemKind::Survey, 1, "s"))
            .await
            .expect("items");
        let pending = s
            .declare_item(&as_deputy(w.a), w.a, w.county, &declaration(ItemKind::Inspection, date(2025, 5, 5)), today)
            .await
            .expect("declared");
        assert!(s.public_archive(w.a).await.expect("public").is_empty(), "nothing is public until staff choose");

        let audits = audit_count(s).await;
        for refused in [as_deputy(w.a), staff(w.other_county), staff(w.city)] {
            let err = s.set_public_kinds(&refused, w.county, &[ItemKind::Survey]).await.expect_err("not theirs");
            assert_eq!(err.code(), ErrorCode::Forbidden);
        }
        assert_eq!(audit_count(s).await, audits);
        s.set_public_kinds(&staff(w.county), w.county, &[ItemKind::Inspection]).await.expect("set");
        assert_eq!(actions(s, "archive.public").await, vec!["archive.public_kinds".to_owned()]);
        assert_eq!(s.public_kinds(w.county).await.expect("kinds"), vec![ItemKind::Inspection]);

        let public = s.public_archive(w.a).await.expect("public");
        assert_eq!(public.len(), 2, "the two recorded inspections, not the survey nor the pending one");
        assert!(public.iter().all(|r| r.kind == ItemKind::Inspection && r.counts()));
        s.verify_declaration(&staff(w.county), pending).await.expect("verify");
        assert_eq!(s.public_archive(w.a).await.expect("public").len(), 3, "verified, it is public too");
    }
}

/// The stored tally of one deputy for one year: (kind code, quantity, items), by code.
async fn tally(s: &Store, congress: OrgId, person: PersonId, year: i64) -> Option<Vec<(String, u64, u64)>> {
    let json: Option<String> = sqlx::query_scalar(
        "SELECT totals FROM archive_tallies WHERE congress_id = $1 AND person_id = $2 AND year = $3",
    )
    .bind(congress.0)
    .bind(person.0)
    .bind(year)
    .fetch_optional(s.pool())
    .await
    .expect("tally");
    json.map(|j| serde_json::from_str(&j).expect("tally json"))
}

fn t(kind: &str, quantity: u64, items: u64) -> (String, u64, u64) {
    (kind.to_owned(), quantity, items)
}

#[tokio::test]
async fn tallies_follow_every_change_to_the_items_and_a_rebuild_repairs_a_tampered_one() {
    for t_ in testing::all().await {
        let s = &t_.store;
        let w = world(s).await;
        rules_2025(s, &w, Template::Jiangbei).await;
        let clerk = staff(w.county);
        let mut items = platform(w.a, ItemKind::Inspection, 3, "x");
        items.extend(platform(w.a, ItemKind::Survey, 1, "y"));
        s.record_platform_items(&clerk, w.county, &items).await.expect("record");
        assert_eq!(tally(s, w.county, w.a, 2025).await, Some(vec![t("inspection", 3, 3), t("survey", 1, 1)]));
        assert_eq!(tally(s, w.county, w.b, 2025).await, None, "no items, no tally");

        // An item changes quantity, another moves to the year before, a third changes kind.
        let mut changed = items.clone();
        changed[0].quantity = 4;
        changed[1].date = date(2024, 12, 30);
        changed[2].kind = ItemKind::Survey;
        s.record_platform_items(&clerk, w.county, &changed).await.expect("changed");
        assert_eq!(tally(s, w.county, w.a, 2025).await, Some(vec![t("inspection", 4, 1), t("survey", 2, 2)]));
        assert_eq!(tally(s, w.county, w.a, 2024).await, Some(vec![t("inspection", 1, 1)]));
        tallies_in_step(s).await;

        // A declaration counts in the tally once verified, and only then.
        let today = date(2025, 5, 1);
        let d = s
            .declare_item(&as_deputy(w.b), w.b, w.county, &declaration(ItemKind::Inspection, date(2025, 4, 1)), today)
            .await
            .expect("declare");
        assert_eq!(tally(s, w.county, w.b, 2025).await, None, "waiting for verification");
        s.verify_declaration(&clerk, d).await.expect("verify");
        assert_eq!(tally(s, w.county, w.b, 2025).await, Some(vec![t("inspection", 1, 1)]));
        let r = s
            .declare_item(&as_deputy(w.b), w.b, w.county, &declaration(ItemKind::Survey, date(2025, 4, 2)), today)
            .await
            .expect("declare");
        s.reject_declaration(&clerk, r, "无佐证").await.expect("reject");
        assert_eq!(tally(s, w.county, w.b, 2025).await, Some(vec![t("inspection", 1, 1)]));
        tallies_in_step(s).await;

        // A tally changed behind the platform's back is found, and the rebuild puts it right.
        let right = s.score_sheet(&clerk, w.a, w.county, 2025, date(2026, 1, 5)).await.expect("sheet").total;
        sqlx::query("UPDATE archive_tallies SET totals = '[]' WHERE person_id = $1 AND year = 2025")
            .bind(w.a.0)
            .execute(s.writer())
            .await
            .expect("tamper");
        sqlx::query("DELETE FROM archive_tallies WHERE person_id = $1")
            .bind(w.b.0)
            .execute(s.writer())
            .await
            .expect("x");
        assert_eq!(
            s.tallies_out_of_step().await.expect("check"),
            [(w.county, 2025, w.a), (w.county, 2025, w.b)],
            "the emptied tally and the missing one"
        );
        assert_eq!(s.rebuild_tallies().await.expect("rebuild"), 3, "A in 2024 and 2025, B in 2025");
        tallies_in_step(s).await;
        s.recompute_scores(w.county, 2025, date(2026, 1, 5)).await.expect("recompute");
        let scores = s.scores(&clerk, w.county, 2025).await.expect("scores");
        assert_eq!(scores.iter().find(|x| x.person == w.a).map(|x| x.total), Some(right));
        assert_eq!(right, Points::whole(3 * 4 + 3 * 2), "江北: 3 per unit of inspection and survey");
        assert!(actions(s, "archive.tallies_rebuilt").await.len() == 1, "the rebuild is audited");
    }
}

#[tokio::test]
async fn recomputing_below_a_city_scores_every_congress_with_rules_like_one_at_a_time() {
    for t_ in testing::all().await {
        let s = &t_.store;
        let w = world(s).await;
        rules_2025(s, &w, Template::Jiangbei).await;
        let west = deputy(s, "陈静", w.other_county, date(2022, 1, 10)).await;
        s.install_template(
            &staff(w.other_county),
            w.other_county,
            2025,
            Template::Dongbao,
            date(2025, 1, 1),
            date(2024, 12, 1),
        )
        .await
        .expect("west rules");
        let clerk = staff(w.county);
        // A: inspections in January and February, one survey in June; the western deputy a
        // few suggestions. The city has no table of its own.
        let mut items = platform(w.a, ItemKind::Inspection, 2, "i");
        items.push(PlatformItem {
            person: w.a,
            date: date(2025, 6, 10),
            kind: ItemKind::Survey,
            quantity: 1,
            source: "activity:77:1".into(),
        });
        s.record_platform_items(&clerk, w.county, &items).await.expect("east");
        s.record_platform_items(
            &staff(w.other_county),
            w.other_county,
            &platform(west, ItemKind::SuggestionLed, 2, "w"),
        )
        .await
        .expect("west");

        // In spring, the June survey is not counted: A's tally reaches past the period, so A is
        // scored from the items.
        let spring = date(2025, 3, 1);
        let r = s.recompute_scores_below(w.city, 2025, spring).await.expect("below");
        assert_eq!((r.congresses, r.deputies, r.from_items), (2, 3, 1), "{r:?}");
        assert_eq!(r.without_rules, [w.city]);
        for (congress, person) in [(w.county, w.a), (w.county, w.b), (w.other_county, west)] {
            let stored = s.scores(&staff(congress), congress, 2025).await.expect("scores");
            let got = stored.iter().find(|x| x.person == person).expect("scored");
            let sheet = s.score_sheet(&staff(congress), person, congress, 2025, spring).await.expect("sheet");
            assert_eq!((got.total, got.period_to), (sheet.total, spring), "{person:?}");
        }
        let a = s.scores(&clerk, w.county, 2025).await.expect("scores");
        assert_eq!(a[0].total, Points::whole(6), "two inspections, not yet the survey");

        // At the year's end: the same as one congress at a time, and every chain still whole,
        // with one entry on each congress's chain.
        let end = date(2026, 1, 10);
        let r = s.recompute_scores_below(w.city, 2025, end).await.expect("below");
        assert_eq!((r.congresses, r.deputies, r.from_items), (2, 4, 0), "the deputy who joined in July too");
        let below: Vec<_> = [w.county, w.other_county]
            .into_iter()
            .map(|c| async move { s.scores(&staff(c), c, 2025).await.expect("scores") })
            .collect();
        let mut together = Vec::new();
        for f in below {
            together.push(f.await.into_iter().map(|x| (x.person, x.total, x.lines)).collect::<Vec<_>>());
        }
        for c in [w.county, w.other_county] {
            s.recompute_scores(c, 2025, end).await.expect("one");
        }
        let mut apart = Vec::new();
        for c in [w.county, w.other_county] {
            let got = s.scores(&staff(c), c, 2025).await.expect("scores");
            apart.push(got.into_iter().map(|x| (x.person, x.total, x.lines)).collect::<Vec<_>>());
        }
        assert_eq!(together, apart);
        assert_eq!(together[0][0].1, Points::whole(9));
        assert!(s.verify_audit().await.expect("verify").is_ok(), "every chain verifies");
        let entries: Vec<(i64, String)> =
            sqlx::query_as("SELECT chain_id, entity_id FROM audit_log WHERE action = 'archive.scores' ORDER BY id")
                .fetch_all(s.pool())
                .await
                .expect("entries");
        let first_run: Vec<(i64, String)> = entries[..2].to_vec();
        assert_eq!(
            first_run,
            [(w.county.0, format!("{}:2025", w.county.0)), (w.other_county.0, format!("{}:2025", w.other_county.0))]
        );

        // Below a county: only that county. Not a congress: refused.
        let r = s.recompute_scores_below(w.county, 2025, end).await.expect("county");
        assert_eq!((r.congresses, r.deputies), (1, 3));
        let e = s.recompute_scores_below(w.unit, 2025, end).await.expect_err("a unit");
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        tallies_in_step(s).await;
    }
}
