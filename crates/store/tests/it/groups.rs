//! Deputy groups in the store, on SQLite and (when configured) PostgreSQL: members who sit in
//! the group's congress, the leader, the station, the yearly "十有" checklist with evidence and
//! the group's activities. Refusals change nothing.

use jiff::civil::date;
use renda_core::ErrorCode;
use renda_core::archive::activity::ActivityKind;
use renda_core::archive::group::STANDARD;
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind};
use renda_store::activities::NewActivity;
use renda_store::people::NewDeputyship;
use renda_store::{Actor, Store, testing};
use renda_testkit::{deputy_with, label, org, person, seat, staff};

async fn deputy(s: &Store, name: &str, congress: OrgId) -> PersonId {
    deputy_with(s, person(name), NewDeputyship { delegation: label("东湖选区"), ..seat(congress) }).await
}

struct World {
    city: OrgId,
    county: OrgId,
    group: OrgId,
    station: OrgId,
    a: PersonId,
    b: PersonId,
    city_deputy: PersonId,
}

async fn world(s: &Store) -> World {
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    World {
        city,
        county,
        group: org(s, "东城区第一代表小组", OrgKind::DeputyGroup, Some(county)).await,
        station: org(s, "东湖街道代表联络站", OrgKind::LiaisonStation, Some(county)).await,
        a: deputy(s, "李秀英", county).await,
        b: deputy(s, "张伟", county).await,
        city_deputy: deputy(s, "周建国", city).await,
    }
}

#[tokio::test]
async fn members_must_sit_in_the_groups_congress_and_the_leader_is_one_of_them() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let st = staff(w.county);
        s.set_group_members(&st, w.group, &[w.a, w.b], Some(w.b)).await.expect("members");
        let info = s.group_info(&Actor::system(), w.group).await.expect("info");
        assert_eq!(info.members.len(), 2);
        assert_eq!(info.leader_name(), "张伟");
        // A city deputy does not sit in the district's congress: refused, members unchanged.
        let err = s.set_group_members(&st, w.group, &[w.a, w.city_deputy], None).await.expect_err("city deputy");
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert!(err.user_message().contains("周建国"));
        let err = s.set_group_members(&st, w.group, &[w.a], Some(w.b)).await.expect_err("leader outside");
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert_eq!(s.group_info(&Actor::system(), w.group).await.expect("info").members.len(), 2);
        // Staff of the city may look but not edit.
        let err = s.set_group_members(&staff(w.city), w.group, &[w.a], None).await.expect_err("city staff");
        assert_eq!(err.code(), ErrorCode::Forbidden);
        // The station must be the congress's own.
        s.set_group_station(&st, w.group, Some(w.station)).await.expect("station");
        assert_eq!(s.group_info(&Actor::system(), w.group).await.expect("info").station.map(|s| s.0), Some(w.station));
        let err = s.set_group_station(&st, w.group, Some(w.county)).await.expect_err("not a station");
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert_eq!(s.groups_of_congress(w.county).await.expect("groups").len(), 1);
    }
}

#[tokio::test]
async fn checklist_marks_need_evidence_and_the_summary_counts_them() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let st = staff(w.county);
        let err = s.mark_checklist_item(&st, w.group, 2026, 1, true, "组长张伟").await.expect_err("not installed");
        assert_eq!(err.code(), ErrorCode::ChecklistMissing);
        let list = s.install_checklist(&st, w.group, 2026).await.expect("install");
        assert_eq!(list.entries().len(), STANDARD.len());
        assert_eq!(
            s.install_checklist(&st, w.group, 2026).await.expect_err("twice").code(),
            ErrorCode::ChecklistExists
        );
        let err = s.mark_checklist_item(&st, w.group, 2026, 2, true, "  ").await.expect_err("no evidence");
        assert_eq!(err.code(), ErrorCode::EvidenceMissing);
        s.mark_checklist_item(&st, w.group, 2026, 2, true, "东湖街道代表之家二楼").await.expect("met");
        s.mark_checklist_item(&st, w.group, 2026, 5, false, "经费尚未落实").await.expect("unmet");
        let err = s.mark_checklist_item(&st, w.group, 2026, 11, true, "x").await.expect_err("no item 11");
        assert_eq!(err.code(), ErrorCode::NoSuchChecklistItem);
        let list = s.group_checklist(w.group, 2026).await.expect("read").expect("installed");
        let sum = list.summary();
        assert_eq!((sum.met, sum.total), (1, 10));
        assert_eq!(list.entries()[1].evidence, "东湖街道代表之家二楼");
        assert_eq!(list.entries()[4].evidence, "经费尚未落实");
        assert!(!list.entries()[4].met);
    }
}

#[tokio::test]
async fn a_congress_configures_its_own_list_for_a_year() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let st = staff(w.county);
        let labels = vec!["有组长".to_owned(), "有场所".to_owned(), "有计划".to_owned()];
        let dup = vec!["有组长".to_owned(), "有组长".to_owned()];
        assert!(s.set_checklist_config(&st, w.county, 2027, &dup).await.is_err());
        s.set_checklist_config(&st, w.county, 2027, &labels).await.expect("config");
        let list = s.install_checklist(&st, w.group, 2027).await.expect("install");
        assert_eq!(list.entries().iter().map(|e| e.label.clone()).collect::<Vec<_>>(), labels);
        // Another year keeps the standard ten.
        assert_eq!(s.install_checklist(&st, w.group, 2026).await.expect("install").entries().len(), 10);
    }
}

#[tokio::test]
async fn the_groups_activities_are_counted_by_year() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let st = staff(w.county);
        let activity = |kind, day: i8| NewActivity {
            kind,
            title: "小组活动：走访东湖村".into(),
            place: "东湖村".into(),
            organiser: "东城区第一代表小组".into(),
            starts_at: date(2026, 3, day).at(9, 0, 0, 0),
            ends_at: date(2026, 3, day).at(11, 0, 0, 0),
            description: String::new(),
            station: None,
            mediation: None,
        };
        let a1 = s.create_activity(&st, w.county, &activity(ActivityKind::GroupActivity, 3)).await.expect("a1");
        let a2 = s.create_activity(&st, w.county, &activity(ActivityKind::GroupActivity, 9)).await.expect("a2");
        let other = s.create_activity(&st, w.county, &activity(ActivityKind::Inspection, 12)).await.expect("other");
        assert_eq!(s.unlinked_group_activities(w.county, 2026).await.expect("unlinked").len(), 2);
        s.link_group_activity(&st, a1, Some(w.group)).await.expect("link");
        s.link_group_activity(&st, a2, Some(w.group)).await.expect("link");
        let err = s.link_group_activity(&st, other, Some(w.group)).await.expect_err("not a group activity");
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert_eq!(s.group_activity_count(w.group, 2026).await.expect("count"), 2);
        assert_eq!(s.group_activity_count(w.group, 2025).await.expect("count"), 0);
        s.cancel_activity(&st, a2).await.expect("cancel");
        assert_eq!(s.group_activity_count(w.group, 2026).await.expect("count"), 1);
    }
}
