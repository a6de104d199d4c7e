//! Liaison stations in the store, on SQLite and (when configured) PostgreSQL: the profile, the
//! deputies attached, receptions posted ahead, and what a station publishes of its opinions.
//! Every refusal leaves the database as it was.

use jiff::civil::{Date, date, time};
use renda_core::ErrorCode;
use renda_core::ids::{OrgId, PersonId};
use renda_core::liaison::form::OpinionForm;
use renda_core::liaison::opinion::{Channel, Command};
use renda_core::liaison::station::StationForm;
use renda_core::org::{CongressLevel, OrgKind};
use renda_store::liaison::stations::NewReception;
use renda_store::people::NewDeputyship;
use renda_store::{Store, testing};
use renda_testkit::{count, deputy_with, label, org, person, public, seat, staff};

const TODAY: Date = date(2026, 11, 20);

struct World {
    city: OrgId,
    county: OrgId,
    station: OrgId,
    city_deputy: PersonId,
    county_deputy: PersonId,
}

async fn deputy(s: &Store, name: &str, congress: OrgId) -> PersonId {
    deputy_with(s, person(name), NewDeputyship { delegation: label("东城区代表团"), ..seat(congress) }).await
}

async fn world(s: &Store) -> World {
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let station = org(s, "东城区人大代表联络站（东湖街道）", OrgKind::LiaisonStation, Some(county)).await;
    World {
        city,
        county,
        station,
        city_deputy: deputy(s, "周建国", city).await,
        county_deputy: deputy(s, "李秀英", county).await,
    }
}

fn profile_form() -> StationForm {
    StationForm {
        address: "东城区东湖街道幸福路8号".into(),
        opening_hours: "工作日 9:00—17:00".into(),
        reception_days: "每月5日、20日上午".into(),
        phone: "0571-88886666".into(),
        intro: "东湖街道的人大代表联络站。".into(),
    }
}

fn reception(on: Date, deputies: &[PersonId]) -> NewReception {
    NewReception {
        on,
        starts: time(9, 0, 0, 0),
        ends: time(11, 30, 0, 0),
        topic: "老旧小区改造".into(),
        deputies: deputies.to_vec(),
    }
}

#[tokio::test]
async fn a_station_keeps_its_profile_and_deputies_of_its_congress_and_above() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let info = s.station_info(w.station).await.expect("info");
        assert!(info.profile.is_none() && info.deputies.is_empty());
        assert_eq!(info.congress, w.county);

        let p = profile_form().validate().expect("valid");
        let e = s.set_station_profile(&staff(w.city), w.station, &p).await.expect_err("the city's staff only read");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        s.set_station_profile(&staff(w.county), w.station, &p).await.expect("profile");
        let info = s.station_info(w.station).await.expect("info");
        assert_eq!(info.profile.as_ref().map(|p| p.address.as_str()), Some("东城区东湖街道幸福路8号"));

        // A city deputy enters a district's station; the county's own deputy too.
        s.attach_station_deputy(&staff(w.county), w.station, w.city_deputy, TODAY).await.expect("city deputy");
        s.attach_station_deputy(&staff(w.county), w.station, w.county_deputy, TODAY).await.expect("county deputy");
        let e = s.attach_station_deputy(&staff(w.county), w.station, w.county_deputy, TODAY).await.expect_err("twice");
        assert_eq!(e.code(), ErrorCode::DeputyAlreadyPosted);
        let info = s.station_info(w.station).await.expect("info");
        let names: Vec<&str> = info.deputies.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names.len(), 2);
        assert!(names.contains(&"周建国") && names.contains(&"李秀英"));
        assert!(info.deputies.iter().any(|d| d.congresses == "示范市人民代表大会"));

        // A city station cannot take a district deputy: the district is below the city.
        let city_station = org(s, "示范市人大代表联络站（市民中心）", OrgKind::LiaisonStation, Some(w.city)).await;
        let before = count(s, "SELECT COUNT(*) FROM station_deputies").await;
        let e = s
            .attach_station_deputy(&staff(w.city), city_station, w.county_deputy, TODAY)
            .await
            .expect_err("a district deputy at the city's station");
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert!(e.to_string().contains("本级或上级"));
        assert_eq!(count(s, "SELECT COUNT(*) FROM station_deputies").await, before);

        s.detach_station_deputy(&staff(w.county), w.station, w.city_deputy).await.expect("detach");
        assert_eq!(s.station_info(w.station).await.expect("info").deputies.len(), 1);
        let audit = s.audit_of("organisation", &w.station.0.to_string()).await.expect("audit");
        let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
        for a in ["station.profile", "station.attach_deputy", "station.detach_deputy"] {
            assert!(actions.contains(&a), "{a} audited: {actions:?}");
        }
    }
}

#[tokio::test]
async fn receptions_are_posted_ahead_with_attached_deputies_and_listed_until_their_day() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let county = staff(w.county);
        s.attach_station_deputy(&county, w.station, w.county_deputy, TODAY).await.expect("attach");

        // Two days ahead is too short under the default three.
        let e = s
            .schedule_reception(&county, w.station, &reception(date(2026, 11, 22), &[w.county_deputy]), TODAY)
            .await
            .expect_err("short notice");
        assert_eq!(e.code(), ErrorCode::NoticeTooShort);
        assert!(e.to_string().contains("至少提前3天"), "{e}");
        // A deputy not attached to the station does not receive there.
        let e = s
            .schedule_reception(&county, w.station, &reception(date(2026, 11, 25), &[w.city_deputy]), TODAY)
            .await
            .expect_err("not attached");
        assert!(e.to_string().contains("已进驻"), "{e}");
        assert_eq!(count(s, "SELECT COUNT(*) FROM receptions").await, 0, "refusals store nothing");
        assert_eq!(count(s, "SELECT COUNT(*) FROM reception_deputies").await, 0);

        // The county shortens its notice to one day; then two days ahead is fine.
        let e = s.set_reception_notice(&county, w.county, 31).await.expect_err("more than a month");
        assert_eq!(e.code(), ErrorCode::NoticeDaysOutOfRange);
        s.set_reception_notice(&county, w.county, 1).await.expect("setting");
        assert_eq!(s.reception_settings(w.county).await.expect("s").notice_days(), 1);
        let soon = s
            .schedule_reception(&county, w.station, &reception(date(2026, 11, 22), &[w.county_deputy]), TODAY)
            .await
            .expect("posted");
        let later = s
            .schedule_reception(&county, w.station, &reception(date(2026, 12, 5), &[w.county_deputy]), TODAY)
            .await
            .expect("posted");

        let upcoming = s.upcoming_receptions(None, TODAY, 10).await.expect("upcoming");
        assert_eq!(upcoming.iter().map(|r| r.id).collect::<Vec<_>>(), vec![soon, later], "soonest first");
        assert_eq!(upcoming[0].deputy_names(), "李秀英");
        assert_eq!(upcoming[0].hours(), "9:00—11:30");
        assert_eq!(upcoming[0].status_label(), "待接待");

        // Held only once its day has come; cancelled with a reason; neither twice.
        let e = s.hold_reception(&county, soon, 12, TODAY).await.expect_err("not yet");
        assert_eq!(e.code(), ErrorCode::ReceptionNotYet);
        s.hold_reception(&county, soon, 12, date(2026, 11, 22)).await.expect("held");
        // The receiving deputy's archive counts it, in the same transaction.
        let items: Vec<(String, String, i64)> =
            sqlx::query_as("SELECT source, kind, congress_id FROM archive_items WHERE person_id = $1")
                .bind(w.county_deputy.0)
                .fetch_all(s.pool())
                .await
                .expect("items");
        assert_eq!(
            items,
            vec![(format!("reception:{}:{}", soon.0, w.county_deputy.0), "station_reception".to_owned(), w.county.0)]
        );
        let e = s.cancel_reception(&county, soon, "下雨").await.expect_err("already held");
        assert_eq!(e.code(), ErrorCode::ReceptionClosed);
        let e = s.cancel_reception(&county, later, "  ").await.expect_err("no reason");
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        let e = s.cancel_reception(&staff(w.city), later, "代表出差").await.expect_err("not the city's");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        s.cancel_reception(&county, later, "代表出差，另行安排").await.expect("cancel");

        // Staff record what a citizen brought to the reception; a cancelled one takes nothing.
        let brought = OpinionForm {
            title: String::new(),
            content: "小区里的健身器材坏了，老人锻炼不方便。".into(),
            name: "王大妈".into(),
            phone: String::new(),
            consent_to_publish: false,
        }
        .validate()
        .expect("valid");
        let (opinion, _) =
            s.record_reception_opinion(&county, soon, &brought, date(2026, 11, 22)).await.expect("recorded");
        let o = s.opinion(&county, opinion).await.expect("opinion");
        assert_eq!((o.facts.channel, o.station), (Channel::Reception, w.station));
        let e = s.record_reception_opinion(&county, later, &brought, date(2026, 12, 6)).await.expect_err("cancelled");
        assert_eq!(e.code(), ErrorCode::ReceptionClosed);
        let e = s.record_reception_opinion(&staff(w.city), soon, &brought, TODAY).await.expect_err("not the city's");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        assert_eq!(count(s, "SELECT COUNT(*) FROM opinions").await, 1);

        let upcoming = s.upcoming_receptions(Some(w.station), date(2026, 11, 23), 10).await.expect("upcoming");
        assert!(upcoming.is_empty(), "past and cancelled receptions are not upcoming");
        let all = s.receptions_of_station(w.station, 10).await.expect("all");
        let labels: Vec<&str> = all.iter().map(|r| r.status_label()).collect();
        assert_eq!(labels, ["已取消", "已接待"]);
        assert_eq!(all[1].visitors, Some(12));
        assert_eq!((all[1].opinions, all[0].opinions), (1, 0), "the opinion is linked to its reception");
        assert_eq!(s.audit_of("reception", &soon.0.to_string()).await.expect("audit").len(), 2);
    }
}

#[tokio::test]
async fn a_station_publishes_only_sorted_opinions_the_citizen_agreed_to_without_personal_data() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let public = public();
        let submit = |content: &'static str, consent: bool, addr: &'static str| {
            let form = OpinionForm {
                title: "路灯".into(),
                content: content.into(),
                name: "张三丰".into(),
                phone: "13800138000".into(),
                consent_to_publish: consent,
            }
            .validate()
            .expect("valid");
            async move { s.submit_opinion(&public, w.station, Channel::Online, &form, addr, TODAY).await.expect("submit") }
        };
        let (agreed, _) = submit("我是张三丰，电话13800138000，幸福路路灯坏了。", true, "10.0.0.1").await;
        let (private, _) = submit("幸福路的井盖松动了，晚上很危险。", false, "10.0.0.2").await;
        let (unsorted, _) = submit("公园的长椅需要修理，已经坏了很久。", true, "10.0.0.3").await;
        let answer =
            Command::AnswerOnSpot { answer: "已联系街道，张三丰反映的路灯本周修复。".into() };
        for id in [agreed, private] {
            s.act_on_opinion(&staff(w.county), id, &answer, TODAY).await.expect("answer");
        }
        let shown = s.published_opinions(w.station, 10).await.expect("published");
        assert_eq!(shown.len(), 1, "not the private one, nor the one not yet sorted ({unsorted:?})");
        let o = &shown[0];
        assert!(o.content.contains("张某") && !o.content.contains("张三丰"), "{}", o.content);
        assert!(o.content.contains("138****8000"), "{}", o.content);
        let a = o.answer.as_deref().expect("answered on the spot");
        assert!(a.contains("张某") && !a.contains("张三丰"), "{a}");
        assert_eq!(o.state, "当场答复");
    }
}

#[tokio::test]
async fn the_overdue_board_lists_only_forwarded_opinions_past_their_due_date() {
    use renda_core::org::UnitKind;
    use renda_store::liaison::opinions::OpinionFilter;
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let unit =
            org(s, "东城区住房和城乡建设局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(w.county)).await;
        let public = public();
        let mut ids = Vec::new();
        for (k, addr) in ["10.0.1.1", "10.0.1.2", "10.0.1.3"].into_iter().enumerate() {
            let form = OpinionForm {
                title: format!("意见{k}"),
                content: "小区门口的下水道经常堵塞，雨天积水严重。".into(),
                name: String::new(),
                phone: String::new(),
                consent_to_publish: false,
            }
            .validate()
            .expect("valid");
            ids.push(
                s.submit_opinion(&public, w.station, Channel::Online, &form, addr, TODAY).await.expect("submit").0,
            );
        }
        // Two forwarded: one due before the 25th, one after; the third never forwarded.
        for (id, due) in [(ids[0], date(2026, 11, 24)), (ids[1], date(2026, 12, 20))] {
            s.act_on_opinion(&staff(w.county), id, &Command::Forward { unit, due }, TODAY).await.expect("forward");
        }
        let board = |day| OpinionFilter {
            congresses: vec![w.county],
            overdue_on: Some(day),
            per_page: 10,
            ..Default::default()
        };
        let on_25th = s.list_opinions(&staff(w.county), &board(date(2026, 11, 25))).await.expect("board");
        assert_eq!(on_25th.items.iter().map(|o| o.id).collect::<Vec<_>>(), vec![ids[0]]);
        assert!(on_25th.items[0].facts.is_overdue(date(2026, 11, 25)));
        assert_eq!(
            s.list_opinions(&staff(w.county), &board(date(2026, 11, 24))).await.expect("board").total,
            0,
            "due today is not late"
        );
        // Answered, it leaves the board.
        let answer = Command::UnitAnswer { answer: "已疏通。".into() };
        s.act_on_opinion(&renda_testkit::unit(unit), ids[0], &answer, TODAY).await.expect("answer");
        assert_eq!(s.list_opinions(&staff(w.county), &board(date(2026, 11, 25))).await.expect("board").total, 0);
    }
}
