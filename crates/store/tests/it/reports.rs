//! 述职 meetings in the store, on SQLite and (when configured) PostgreSQL: representatives
//! registered and rating once, the paper tally, closing with the core's tally, the
//! rectification flag and the archive item written with the result. Refusals change nothing.

use jiff::civil::{Date, date};
use renda_core::ErrorCode;
use renda_core::archive::ItemKind;
use renda_core::archive::report::RatingCounts;
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::suggestion::Satisfaction;
use renda_store::people::NewDeputyship;
use renda_store::reports::{NewReportMeeting, PaperTally, ReportMeetingId, parse_representatives};
use renda_store::{Actor, Store, testing};
use renda_testkit::{as_deputy, audit_count, count, deputy_with, label, org, person, seat, staff};

const DAY: Date = date(2026, 6, 18);

async fn deputy(s: &Store, name: &str, congress: OrgId) -> PersonId {
    deputy_with(s, person(name), NewDeputyship { delegation: label("东湖选区"), ..seat(congress) }).await
}

struct World {
    county: OrgId,
    deputy: PersonId,
}

async fn world(s: &Store) -> World {
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    World { county, deputy: deputy(s, "李秀英", county).await }
}

async fn meeting(s: &Store, w: &World) -> ReportMeetingId {
    let new = NewReportMeeting { person: w.deputy, on: DAY, place: "东湖街道会议室".into(), activity: None };
    s.create_report_meeting(&staff(w.county), w.county, &new).await.expect("meeting")
}

/// Registers `n` representatives named 选民1… and returns their ids.
async fn register(s: &Store, w: &World, id: ReportMeetingId, n: usize) -> Vec<i64> {
    let text: String = (1..=n).map(|i| format!("选民{i} 东湖社区\n")).collect();
    assert_eq!(s.register_representatives(&staff(w.county), id, &text).await.expect("register"), n);
    s.report_meeting(&Actor::system(), id).await.expect("meeting").representatives.iter().map(|r| r.id).collect()
}

async fn rate(s: &Store, w: &World, id: ReportMeetingId, reps: &[i64], pattern: &[(usize, Satisfaction)]) {
    let mut ratings = Vec::new();
    let mut i = 0;
    for (n, r) in pattern {
        for _ in 0..*n {
            ratings.push((reps[i], *r));
            i += 1;
        }
    }
    s.rate_report_many(&staff(w.county), id, &ratings).await.expect("rate");
}

#[test]
fn bulk_registration_reads_one_representative_a_line() {
    let reps = parse_representatives("王大明 东湖村\n\n李小红，幸福社区\n赵四").expect("parse");
    assert_eq!(
        reps,
        vec![
            ("王大明".to_owned(), "东湖村".to_owned()),
            ("李小红".to_owned(), "幸福社区".to_owned()),
            ("赵四".to_owned(), String::new()),
        ]
    );
    assert!(parse_representatives("王大明 东湖村\n王大明 东湖村").is_err());
    assert!(parse_representatives("  \n").is_err());
}

#[tokio::test]
async fn more_than_half_unsatisfied_flags_rectification_and_archives_report_unsatisfied() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = meeting(s, &w).await;
        let reps = register(s, &w, id, 5).await;
        rate(
            s,
            &w,
            id,
            &reps,
            &[(1, Satisfaction::Satisfied), (1, Satisfaction::Basic), (3, Satisfaction::Unsatisfied)],
        )
        .await;
        let result = s.close_report_meeting(&staff(w.county), id).await.expect("close");
        assert_eq!(result.overall, Satisfaction::Unsatisfied);
        assert!(result.rectification_required);
        let m = s.report_meeting(&Actor::system(), id).await.expect("meeting");
        assert!(m.closed && m.needs_plan());
        assert_eq!(m.result.expect("result").counts, RatingCounts { satisfied: 1, basic: 1, unsatisfied: 3 });
        let items = s.archive_of(&staff(w.county), w.deputy, w.county, 2026).await.expect("archive");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].kind, ItemKind::ReportUnsatisfied);
        assert_eq!(items[0].date, DAY);

        // The deputy hands in the plan; they may read their own meeting, another deputy may not.
        let me = as_deputy(w.deputy);
        s.report_meeting(&me, id).await.expect("own meeting");
        let other = as_deputy(PersonId(w.deputy.0 + 1000));
        assert_eq!(s.report_meeting(&other, id).await.expect_err("not theirs").code(), ErrorCode::NotFound);
        s.submit_rectification_plan(&me, id, "一、加强联系选民……", date(2026, 7, 1)).await.expect("plan");
        let m = s.report_meeting(&Actor::system(), id).await.expect("meeting");
        assert!(!m.needs_plan());
        assert_eq!(m.plan_date, Some(date(2026, 7, 1)));
        // A deputy cannot run the meeting itself.
        assert_eq!(
            s.register_representatives(&me, id, "张三 东湖村").await.expect_err("deputy").code(),
            ErrorCode::Forbidden
        );
    }
}

#[tokio::test]
async fn exactly_half_unsatisfied_is_not_more_than_half() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = meeting(s, &w).await;
        let reps = register(s, &w, id, 4).await;
        rate(s, &w, id, &reps, &[(2, Satisfaction::Satisfied), (2, Satisfaction::Unsatisfied)]).await;
        let result = s.close_report_meeting(&staff(w.county), id).await.expect("close");
        assert!(!result.rectification_required);
        assert_eq!(result.overall, Satisfaction::Basic);
        let items = s.archive_of(&staff(w.county), w.deputy, w.county, 2026).await.expect("archive");
        assert_eq!(items[0].kind, ItemKind::ReportBasic);
        // No plan is asked for, so none is taken.
        let err = s.submit_rectification_plan(&staff(w.county), id, "整改", DAY).await.expect_err("no plan needed");
        assert_eq!(err.code(), ErrorCode::IllegalTransition);
    }
}

#[tokio::test]
async fn a_second_rating_by_the_same_representative_is_refused_and_nothing_is_stored() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = meeting(s, &w).await;
        let reps = register(s, &w, id, 3).await;
        s.rate_report(&staff(w.county), id, reps[0], Satisfaction::Satisfied).await.expect("first");
        let audit = audit_count(s).await;
        // Again alone, and again in a batch with a fresh one: all or nothing.
        let err = s.rate_report(&staff(w.county), id, reps[0], Satisfaction::Unsatisfied).await.expect_err("again");
        assert_eq!(err.code(), ErrorCode::AlreadyRated);
        let err = s
            .rate_report_many(&staff(w.county), id, &[(reps[1], Satisfaction::Basic), (reps[0], Satisfaction::Basic)])
            .await
            .expect_err("again in a batch");
        assert_eq!(err.code(), ErrorCode::AlreadyRated);
        let m = s.report_meeting(&Actor::system(), id).await.expect("meeting");
        assert_eq!(m.representatives[0].rating, Some(Satisfaction::Satisfied));
        assert_eq!(m.representatives[1].rating, None);
        assert_eq!(m.rated, 1);
        assert_eq!(audit_count(s).await, audit);
        // The same representative cannot be registered twice either.
        let err = s.register_representatives(&staff(w.county), id, "选民1 东湖社区").await.expect_err("twice");
        assert_eq!(err.code(), ErrorCode::VoterRepresentativeRegistered);
    }
}

#[tokio::test]
async fn closing_twice_is_refused_and_a_closed_meeting_takes_no_more_ratings() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = meeting(s, &w).await;
        let reps = register(s, &w, id, 3).await;
        // Nothing rated yet: nothing to close.
        assert_eq!(s.close_report_meeting(&staff(w.county), id).await.expect_err("empty").code(), ErrorCode::NoRatings);
        rate(s, &w, id, &reps[..2], &[(2, Satisfaction::Satisfied)]).await;
        s.close_report_meeting(&staff(w.county), id).await.expect("close");
        let items = count(s, "SELECT COUNT(*) FROM archive_items").await;
        let err = s.close_report_meeting(&staff(w.county), id).await.expect_err("twice");
        assert_eq!(err.code(), ErrorCode::IllegalTransition);
        let err = s.rate_report(&staff(w.county), id, reps[2], Satisfaction::Satisfied).await.expect_err("closed");
        assert_eq!(err.code(), ErrorCode::IllegalTransition);
        assert_eq!(count(s, "SELECT COUNT(*) FROM archive_items").await, items);
        assert_eq!(s.report_meeting(&Actor::system(), id).await.expect("m").representatives[2].rating, None);
    }
}

#[tokio::test]
async fn the_paper_tally_stands_for_ratings_one_by_one() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = meeting(s, &w).await;
        let tally = |registered, satisfied, basic, unsatisfied| PaperTally {
            registered,
            counts: RatingCounts { satisfied, basic, unsatisfied },
        };
        let err = s.record_paper_tally(&staff(w.county), id, tally(50, 40, 8, 5)).await.expect_err("too many");
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        s.record_paper_tally(&staff(w.county), id, tally(52, 40, 8, 4)).await.expect("tally");
        // Per-representative rating does not mix with the paper tally.
        let err = s.register_representatives(&staff(w.county), id, "王五 东湖村").await.expect_err("mixed");
        assert_eq!(err.code(), ErrorCode::IllegalTransition);
        let r = s.close_report_meeting(&staff(w.county), id).await.expect("close");
        assert_eq!(r.registered, 52);
        assert_eq!(r.overall, Satisfaction::Satisfied);
        assert!(!r.rectification_required);
        let list = s.report_meetings(&staff(w.county), w.county, 2026).await.expect("list");
        assert_eq!(list.len(), 1);
        assert!(s.report_meetings(&staff(w.county), w.county, 2025).await.expect("list").is_empty());
        assert_eq!(s.report_meetings_of(&as_deputy(w.deputy), w.deputy).await.expect("mine").len(), 1);
        // A deputy's own list is theirs; a congress's list its keepers'.
        let other = renda_core::ids::PersonId(w.deputy.0 + 1000);
        assert!(s.report_meetings_of(&as_deputy(other), w.deputy).await.is_err(), "another deputy's list");
        assert!(
            s.report_meetings(&as_deputy(w.deputy), w.county, 2026).await.is_err(),
            "a deputy reads no congress list"
        );
    }
}

#[tokio::test]
async fn only_a_deputy_in_office_in_the_congress_reports_there() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let other = org(s, "西城区人民代表大会", OrgKind::Congress(CongressLevel::County), None).await;
        let stranger = deputy(s, "王刚", other).await;
        let new = NewReportMeeting { person: stranger, on: DAY, place: "会议室".into(), activity: None };
        let err = s.create_report_meeting(&staff(w.county), w.county, &new).await.expect_err("not ours");
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        let before = count(s, "SELECT COUNT(*) FROM report_meetings").await;
        assert_eq!(before, 0);
    }
}
