//! Activities in the store, on SQLite and (when configured) PostgreSQL: the lifecycle of a roll,
//! refusals that change nothing, joint activities seen by each congress, the archive items an
//! attendance earns (and loses), and check-in tokens that expire and cannot be forged.

use jiff::civil::{DateTime, date};
use renda_core::archive::ItemKind;
use renda_core::archive::activity::{ActivityKind, Attendance, MediationOutcome, ParticipationCommand as P};
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind};
use renda_store::activities::{ActivityFilter, ActivityId, Mediation, NewActivity};
use renda_store::people::NewDeputyship;
use renda_store::{Actor, Store, StoreError, testing};
use renda_testkit::{
    as_deputy as dep, audit_count, deputy_with, label, org, person, public, scoring_code, seat, staff,
};

struct World {
    city: OrgId,
    east: OrgId,
    west: OrgId,
    /// Deputies of 东城区.
    a: PersonId,
    b: PersonId,
    c: PersonId,
    /// A deputy of 西城区.
    w: PersonId,
}

async fn deputy(s: &Store, name: &str, congress: OrgId, delegation: &str) -> PersonId {
    deputy_with(s, person(name), NewDeputyship { delegation: label(delegation), ..seat(congress) }).await
}

async fn world(s: &Store) -> World {
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let east = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let west = org(s, "西城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    World {
        city,
        east,
        west,
        a: deputy(s, "周建国", east, "第一选区").await,
        b: deputy(s, "吴丽", east, "第一选区").await,
        c: deputy(s, "郑平", east, "第二选区").await,
        w: deputy(s, "钱伟", west, "第一选区").await,
    }
}

fn at(h: i8) -> DateTime {
    date(2026, 3, 5).at(h, 0, 0, 0)
}
/// Before (the day before), underway (10:00) and over (next day) for an activity 09:00–12:00.
fn before() -> DateTime {
    date(2026, 3, 4).at(10, 0, 0, 0)
}
fn over() -> DateTime {
    date(2026, 3, 6).at(10, 0, 0, 0)
}

fn inspection() -> NewActivity {
    NewActivity {
        kind: ActivityKind::Inspection,
        title: "视察老旧小区改造".into(),
        place: "东湖街道".into(),
        organiser: "区人大常委会办公室".into(),
        starts_at: at(9),
        ends_at: at(12),
        description: "视察老旧小区改造进展。".into(),
        station: None,
        mediation: None,
    }
}

/// (congress, kind, date) of the archive item of `source`.
async fn item(s: &Store, source: &str) -> Option<(i64, String, String)> {
    sqlx::query_as("SELECT congress_id, kind, item_date FROM archive_items WHERE source = $1")
        .bind(source)
        .fetch_optional(s.pool())
        .await
        .expect("item")
}

async fn state(s: &Store, id: ActivityId, p: PersonId) -> Attendance {
    s.activity_roll(&Actor::system(), id)
        .await
        .expect("roll")
        .into_iter()
        .find(|r| r.person == p)
        .expect("on the roll")
        .attendance
}

#[tokio::test]
async fn an_activity_goes_from_invitation_to_check_in_leave_and_absence_with_archive_items() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = s.create_activity(&staff(w.east), w.east, &inspection()).await.expect("create");
        assert_eq!(s.invite_by_names(&staff(w.east), id, "周建国、吴丽").await.expect("invite"), 2);
        assert_eq!(s.invite_delegation(&staff(w.east), id, w.east, Some("第二选区")).await.expect("bulk"), 1);
        // Inviting again adds nobody.
        assert_eq!(s.invite_delegation(&staff(w.east), id, w.east, None).await.expect("again"), 0);

        assert_eq!(
            s.participate(&dep(w.a), id, w.a, &P::SignUp, before()).await.expect("sign up"),
            Attendance::SignedUp
        );
        let leave = P::RequestLeave { reason: "出差".into() };
        assert_eq!(
            s.participate(&dep(w.b), id, w.b, &leave, before()).await.expect("leave"),
            Attendance::LeaveRequested
        );
        s.participate(&staff(w.east), id, w.b, &P::ApproveLeave, before()).await.expect("approve");

        assert_eq!(
            s.participate(&dep(w.a), id, w.a, &P::CheckIn, at(10)).await.expect("check in"),
            Attendance::CheckedIn
        );
        assert_eq!(
            item(s, &format!("activity:{}:{}", id.0, w.a.0)).await,
            Some((w.east.0, ItemKind::Inspection.code().to_owned(), "2026-03-05".to_owned()))
        );
        // Approved leave earns nothing.
        assert_eq!(item(s, &format!("activity:{}:{}", id.0, w.b.0)).await, None);

        s.participate(&staff(w.east), id, w.c, &P::MarkAbsent, over()).await.expect("absent");
        assert_eq!(
            item(s, &format!("activity:{}:{}", id.0, w.c.0)).await.map(|i| i.1),
            Some(ItemKind::ActivityAbsent.code().to_owned())
        );
        let roll = s.activity_roll(&Actor::system(), id).await.expect("roll");
        let a = roll.iter().find(|r| r.person == w.a).expect("a");
        assert_eq!((a.attendance, a.checkin_method.as_deref()), (Attendance::CheckedIn, Some("qr")));
        assert_eq!(roll.iter().find(|r| r.person == w.b).expect("b").leave_reason.as_deref(), Some("出差"));
        assert_eq!(state(s, id, w.c).await, Attendance::Absent);
        assert_eq!(s.activities_of_person(&dep(w.a), w.a, 10).await.expect("mine")[0].1, Attendance::CheckedIn);
    }
}

#[tokio::test]
async fn a_refused_command_changes_nothing() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = s.create_activity(&staff(w.east), w.east, &inspection()).await.expect("create");
        s.invite(&staff(w.east), id, &[w.a, w.b]).await.expect("invite");
        let n = audit_count(s).await;

        let e = s.participate(&dep(w.a), id, w.a, &P::SignUp, at(10)).await.expect_err("too late");
        assert_eq!(scoring_code(&e), "wrong_phase");
        let e = s.participate(&dep(w.a), id, w.a, &P::RequestLeave { reason: " ".into() }, before()).await;
        assert_eq!(scoring_code(&e.expect_err("no reason")), "required");
        let e = s.participate(&dep(w.a), id, w.b, &P::SignUp, before()).await.expect_err("for another");
        assert!(matches!(e, StoreError::Denied(_)), "{e:?}");
        let e = s.participate(&staff(w.west), id, w.a, &P::CheckIn, at(10)).await.expect_err("other county");
        assert!(matches!(e, StoreError::Denied(_)), "{e:?}");
        let e = s.participate(&dep(w.a), id, w.a, &P::ApproveLeave, before()).await.expect_err("not organiser");
        assert_eq!(scoring_code(&e), "not_permitted");
        let e = s.participate(&staff(w.east), id, w.c, &P::CheckIn, at(10)).await.expect_err("not invited");
        assert!(matches!(e, StoreError::NotFound(_)), "{e:?}");
        let e = s.invite(&staff(w.east), id, &[w.w]).await.expect_err("deputy of another county");
        assert!(matches!(e, StoreError::Invalid(_)), "{e:?}");
        let e = s.invite_by_names(&staff(w.east), id, "无此人").await.expect_err("unknown name");
        assert!(matches!(e, StoreError::Invalid(_)), "{e:?}");
        let mut bad = inspection();
        bad.ends_at = at(8);
        let e = s.create_activity(&staff(w.east), w.east, &bad).await.expect_err("ends before it starts");
        assert!(matches!(e, StoreError::Invalid(_)), "{e:?}");
        let e = s.create_activity(&staff(w.west), w.east, &inspection()).await.expect_err("other county's staff");
        assert!(matches!(e, StoreError::Denied(_)), "{e:?}");
        let e = s.create_activity(&dep(w.a), w.east, &inspection()).await.expect_err("a deputy");
        assert!(matches!(e, StoreError::Denied(_)), "{e:?}");

        assert_eq!(audit_count(s).await, n, "no refusal wrote anything");
        assert_eq!(state(s, id, w.a).await, Attendance::Invited);
        let items: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM archive_items").fetch_one(s.pool()).await.expect("n");
        assert_eq!(items, 0);
    }
}

#[tokio::test]
async fn a_joint_activity_is_seen_by_each_congress_and_credits_each_deputy_at_home() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = s.create_activity(&staff(w.east), w.east, &inspection()).await.expect("create");
        let list = |c: OrgId| ActivityFilter { congresses: vec![c], per_page: 20, ..Default::default() };
        assert_eq!(s.list_activities(&Actor::system(), &list(w.west)).await.expect("west").total, 0);
        s.activity(&staff(w.east), id).await.expect("the owner's staff see it");
        assert!(s.activity(&staff(w.west), id).await.is_err());

        s.add_joint_congress(&staff(w.east), id, w.west).await.expect("joint");
        let e = s.add_joint_congress(&staff(w.west), id, w.city).await.expect_err("only the owner adds");
        assert!(matches!(e, StoreError::Denied(_)), "{e:?}");
        let a = s.activity(&staff(w.east), id).await.expect("activity");
        assert_eq!(a.joint.len(), 1);
        let page = s.list_activities(&Actor::system(), &list(w.west)).await.expect("west");
        assert_eq!((page.total, page.items[0].id), (1, id));
        assert_eq!(s.list_activities(&Actor::system(), &list(w.east)).await.expect("east").total, 1);
        s.activity(&staff(w.west), id).await.expect("west staff see it");
        s.activity(&staff(w.city), id).await.expect("the city sees it");
        assert!(s.activity(&dep(w.w), id).await.is_err(), "not invited yet");
        // Staff of the joint congress read but do not organise.
        assert!(s.invite(&staff(w.west), id, &[w.w]).await.is_err());

        s.invite(&staff(w.east), id, &[w.a, w.w]).await.expect("invite across the county line");
        s.activity(&dep(w.w), id).await.expect("invited");
        s.participate(&dep(w.w), id, w.w, &P::CheckIn, at(10)).await.expect("check in");
        let (congress, kind, _) = item(s, &format!("activity:{}:{}", id.0, w.w.0)).await.expect("item");
        assert_eq!((congress, kind.as_str()), (w.west.0, ItemKind::Inspection.code()), "counted at home");
        assert_eq!(s.tallies_out_of_step().await.expect("check"), [], "in the tally at home too");
    }
}

#[tokio::test]
async fn archive_items_follow_corrections_moves_and_cancellation() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = s.create_activity(&staff(w.east), w.east, &inspection()).await.expect("create");
        s.invite(&staff(w.east), id, &[w.a]).await.expect("invite");
        let source = format!("activity:{}:{}", id.0, w.a.0);
        s.participate(&staff(w.east), id, w.a, &P::MarkAbsent, over()).await.expect("absent");
        assert_eq!(item(s, &source).await.map(|i| i.1), Some(ItemKind::ActivityAbsent.code().to_owned()));
        // The deputy was there after all: the organiser ticks the list; the absence gives way.
        s.participate(&staff(w.east), id, w.a, &P::CheckIn, over()).await.expect("correct");
        assert_eq!(item(s, &source).await.map(|i| i.1), Some(ItemKind::Inspection.code().to_owned()));
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM archive_items WHERE source = $1")
            .bind(&source)
            .fetch_one(s.pool())
            .await
            .expect("n");
        assert_eq!(n, 1);
        assert_eq!(state(s, id, w.a).await, Attendance::CheckedIn);

        // Moved to another day: the item moves with it.
        let mut moved = inspection();
        moved.starts_at = date(2026, 3, 9).at(9, 0, 0, 0);
        moved.ends_at = date(2026, 3, 9).at(12, 0, 0, 0);
        s.update_activity(&staff(w.east), id, &moved).await.expect("move");
        assert_eq!(item(s, &source).await.map(|i| i.2), Some("2026-03-09".to_owned()));
        let tally: Option<String> =
            sqlx::query_scalar("SELECT totals FROM archive_tallies WHERE person_id = $1 AND year = 2026")
                .bind(w.a.0)
                .fetch_optional(s.pool())
                .await
                .expect("tally");
        assert_eq!(tally.as_deref(), Some(r#"[["inspection",1,1]]"#), "the tally follows the corrections");
        assert_eq!(s.tallies_out_of_step().await.expect("check"), []);

        s.cancel_activity(&staff(w.east), id).await.expect("cancel");
        assert_eq!(item(s, &source).await, None, "a cancelled activity counts for nobody");
        assert_eq!(s.tallies_out_of_step().await.expect("check"), [], "and its tally is gone with it");
        let e = s.participate(&staff(w.east), id, w.a, &P::MarkAbsent, over()).await.expect_err("cancelled");
        assert_eq!(e.code(), renda_core::ErrorCode::ActivityCancelled, "{e:?}");
    }
}

#[tokio::test]
async fn check_in_tokens_expire_cannot_be_forged_and_add_a_deputy_who_turns_up() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        // Underway now, in Beijing time.
        let now = s.clock().now();
        let civil = renda_core::clock::beijing(now);
        let mut new = inspection();
        new.starts_at = civil - jiff::Span::new().hours(1);
        new.ends_at = civil + jiff::Span::new().hours(2);
        let id = s.create_activity(&staff(w.east), w.east, &new).await.expect("create");
        s.invite(&staff(w.east), id, &[w.a]).await.expect("invite");
        let e = s.checkin_token(&dep(w.a), id, now).await.expect_err("deputies do not make codes");
        assert!(matches!(e, StoreError::Denied(_)), "{e:?}");
        let (token, expiry) = s.checkin_token(&staff(w.east), id, now).await.expect("token");
        assert_eq!(expiry, now.as_second() + renda_core::archive::checkin::TOKEN_SECONDS);
        let n = audit_count(s).await;

        let late = now + jiff::SignedDuration::from_secs(200);
        let e = s.check_in_by_token(&dep(w.a), &token, late).await.expect_err("expired");
        assert_eq!(scoring_code(&e), "checkin_token_expired");
        let forged = token.replacen(&format!("{}.", id.0), &format!("{}.", id.0 + 1), 1);
        let e = s.check_in_by_token(&dep(w.a), &forged, now).await.expect_err("forged");
        assert_eq!(scoring_code(&e), "checkin_token_invalid");
        let e = s.check_in_by_token(&staff(w.east), &token, now).await.expect_err("staff do not scan");
        assert!(matches!(e, StoreError::Denied(_)), "{e:?}");
        let e = s.check_in_by_token(&dep(w.w), &token, now).await.expect_err("another county's deputy");
        assert!(matches!(e, StoreError::Denied(_)), "{e:?}");
        assert_eq!(audit_count(s).await, n, "refused scans store nothing");
        assert_eq!(state(s, id, w.a).await, Attendance::Invited);

        let soon = now + jiff::SignedDuration::from_secs(30);
        let (a, st) = s.check_in_by_token(&dep(w.a), &token, soon).await.expect("scan");
        assert_eq!((a.id, st), (id, Attendance::CheckedIn));
        // Scanning again is harmless.
        assert_eq!(s.check_in_by_token(&dep(w.a), &token, soon).await.expect("again").1, Attendance::CheckedIn);
        // 吴丽 was not invited but came: added and checked in.
        assert_eq!(s.check_in_by_token(&dep(w.b), &token, soon).await.expect("walk-in").1, Attendance::CheckedIn);
        assert!(item(s, &format!("activity:{}:{}", id.0, w.b.0)).await.is_some());
        // The same secret signs on every call.
        let (again, _) = s.checkin_token(&staff(w.east), id, now).await.expect("token");
        assert_eq!(again, token);
    }
}

#[tokio::test]
async fn a_mediation_case_keeps_its_record_and_a_report_with_photos_is_published() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let mut new = inspection();
        new.kind = ActivityKind::Mediation;
        new.title = "化解东湖小区物业纠纷".into();
        new.mediation = Some(Mediation {
            parties: "业主委员会；物业公司".into(),
            issue: "物业费上涨".into(),
            steps: "代表约谈双方，召开协调会".into(),
            outcome: Some(MediationOutcome::Resolved),
        });
        let id = s.create_activity(&staff(w.east), w.east, &new).await.expect("create");
        let a = s.activity(&staff(w.east), id).await.expect("read");
        assert_eq!(a.mediation.expect("record").outcome, Some(MediationOutcome::Resolved));
        let mut wrong = inspection();
        wrong.mediation = new.mediation.clone();
        assert!(matches!(s.create_activity(&staff(w.east), w.east, &wrong).await, Err(StoreError::Invalid(_))));

        assert!(s.activity(&public(), id).await.is_err());
        s.set_activity_report(&staff(w.east), id, "双方达成一致。", true).await.expect("report");
        let png = b"\x89PNG\r\n\x1a\n0000".to_vec();
        let up = renda_store::files::Upload { filename: "现场.png".into(), bytes: png.clone() };
        assert_eq!(s.attach_activity_photos(&staff(w.east), id, &[up], "协调会现场").await.expect("photo"), 1);
        let pdf = renda_store::files::Upload { filename: "x.pdf".into(), bytes: b"%PDF-1.4".to_vec() };
        assert!(s.attach_activity_photos(&staff(w.east), id, &[pdf], "").await.is_err(), "photos only");
        let photos = s.activity_photos(&Actor::system(), id).await.expect("photos");
        assert_eq!(photos.len(), 1);
        assert_eq!(s.activity_photo(&Actor::system(), id, &photos[0].0).await.expect("bytes").1, png);
        s.activity(&public(), id).await.expect("published");
    }
}

#[tokio::test]
async fn an_activity_is_listed_exactly_when_its_getter_opens_it() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let health = org(
            s,
            "示范市卫生健康委员会",
            OrgKind::Unit(renda_core::org::UnitKind::GovernmentDepartment),
            Some(w.city),
        )
        .await;
        // East's own (a invited), west's with its report published, east's held jointly with west.
        let own = s.create_activity(&staff(w.east), w.east, &inspection()).await.expect("east");
        s.invite(&staff(w.east), own, &[w.a]).await.expect("invite");
        let published = s.create_activity(&staff(w.west), w.west, &inspection()).await.expect("west");
        s.set_activity_report(&staff(w.west), published, "视察报道", true).await.expect("publish");
        let joint = s.create_activity(&staff(w.east), w.east, &inspection()).await.expect("joint");
        s.add_joint_congress(&staff(w.east), joint, w.west).await.expect("joint");
        let all = [own, published, joint];
        let actors = [
            ("admin", Actor::system()),
            ("city staff", staff(w.city)),
            ("east staff", staff(w.east)),
            ("west staff", staff(w.west)),
            ("invited deputy", dep(w.a)),
            ("deputy not invited", dep(w.b)),
            ("unit", renda_testkit::unit(health)),
            ("public", public()),
        ];
        let everything = ActivityFilter { per_page: 200, ..Default::default() };
        for (who, a) in &actors {
            let listed: Vec<ActivityId> =
                s.list_activities(a, &everything).await.expect("list").items.into_iter().map(|r| r.id).collect();
            let mut opened = Vec::new();
            for id in all {
                if s.activity(a, id).await.is_ok() {
                    opened.push(id);
                }
            }
            let mut listed_sorted = listed.clone();
            listed_sorted.sort();
            opened.sort();
            assert_eq!(listed_sorted, opened, "{who}: listed exactly what the getter opens");
            let expected = match *who {
                "admin" | "east staff" | "city staff" => 3,
                "invited deputy" | "west staff" => 2,
                _ => 1,
            };
            assert_eq!(opened.len(), expected, "{who}: the published one for everyone, and their own");
            // A filter's congresses narrow the scope, never widen it.
            let east = ActivityFilter { congresses: vec![w.east], ..everything.clone() };
            for r in s.list_activities(a, &east).await.expect("east").items {
                assert!(opened.contains(&r.id) && r.id != published, "{who}: only east's within the scope");
            }
        }
    }
}
