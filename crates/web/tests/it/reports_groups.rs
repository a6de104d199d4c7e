//! 述职 and 代表小组 over real HTTP (SQLite, and PostgreSQL when `RENDA_TEST_PG_URL` is set):
//! refusals answer 4xx with a Chinese message and store nothing; the meeting page shows the
//! result with the rectification flag; the group page shows members, the checklist and its
//! evidence.

use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::person::Term;
use renda_core::policy::Role;
use renda_store::people::NewDeputyship;
use renda_testkit::http::{TestApp, id_in};
use renda_testkit::{TestStore, audit_count, deputy_with, on_each_store, org, person, seat, staff, user};
use reqwest::StatusCode;

struct App {
    app: TestApp,
    east: OrgId,
    group: OrgId,
    deputy: PersonId,
    deputy2: PersonId,
}

impl std::ops::Deref for App {
    type Target = TestApp;
    fn deref(&self) -> &TestApp {
        &self.app
    }
}

/// A deputy of the 19th term (the tests' own seat).
async fn deputy(s: &renda_store::Store, name: &str, congress: OrgId) -> PersonId {
    deputy_with(s, person(name), NewDeputyship { term: Term(19), ..seat(congress) }).await
}

async fn spawn(db: TestStore) -> App {
    let s = db.store.clone();
    let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let east = org(&s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let west = org(&s, "西城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let d = deputy(&s, "李东", east).await;
    let w = deputy(&s, "王西", west).await;
    let d2 = deputy(&s, "马东", east).await;
    let group = org(&s, "东城区第一代表小组", OrgKind::DeputyGroup, Some(east)).await;
    user(&s, "staff.east", Role::Staff { congress: east }).await;
    user(&s, "staff.west", Role::Staff { congress: west }).await;
    user(&s, "deputy.east", Role::Deputy { person: d }).await;
    user(&s, "deputy.west", Role::Deputy { person: w }).await;
    user(&s, "deputy.east2", Role::Deputy { person: d2 }).await;
    App { app: TestApp::new(db).await, east, group, deputy: d, deputy2: d2 }
}

impl App {
    async fn audit_count(&self) -> i64 {
        audit_count(&self.store).await
    }
}

async fn apps() -> Vec<App> {
    on_each_store(spawn).await
}

#[tokio::test]
async fn a_report_meeting_runs_from_registration_to_the_flagged_result_and_refusals_are_4xx() {
    for app in apps().await {
        let (sc, csrf) = app.login("staff.east").await;
        let person = app.deputy.0.to_string();
        // Opening a meeting with no place: 422, nothing stored.
        let n = app.audit_count().await;
        let (status, body) = app
            .post(&sc, "/reports", &[("_csrf", &csrf), ("person", &person), ("on", "2026-06-18"), ("place", " ")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("请填写述职地点"), "{body}");
        assert_eq!(app.audit_count().await, n);

        let r = sc
            .post(app.url("/reports"))
            .form(&[("_csrf", csrf.as_str()), ("person", &person), ("on", "2026-06-18"), ("place", "东湖街道会议室")])
            .send()
            .await
            .expect("create");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let loc = r.headers()["location"].to_str().expect("location").to_owned();
        let id = id_in(&loc, "/reports/");
        let page = format!("/reports/{id}");
        let (status, _) = app
            .post(
                &sc,
                &page,
                &[("_csrf", &csrf), ("command", "register"), ("names", "王大明 东湖村\n李小红 幸福社区\n赵四 东湖村")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let m = app
            .store
            .report_meeting(&renda_store::Actor::system(), renda_store::reports::ReportMeetingId(id))
            .await
            .expect("meeting");
        let reps: Vec<String> = m.representatives.iter().map(|r| format!("r{}", r.id)).collect();
        let (status, _) = app
            .post(
                &sc,
                &page,
                &[
                    ("_csrf", &csrf),
                    ("command", "rate"),
                    (&reps[0], "satisfied"),
                    (&reps[1], "unsatisfied"),
                    (&reps[2], "unsatisfied"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        // A second rating by the same representative: 409 with the reason, the first one kept.
        let n = app.audit_count().await;
        let (status, body) = app.post(&sc, &page, &[("_csrf", &csrf), ("command", "rate"), (&reps[0], "basic")]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body.contains("每人只能测评一次"), "{body}");
        assert_eq!(app.audit_count().await, n);
        // A deputy may not run the meeting.
        let (dc, dcsrf) = app.login("deputy.east").await;
        let (status, body) = app.post(&dc, &page, &[("_csrf", &dcsrf), ("command", "close")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        // Close: more than half 不满意, flagged.
        let (status, _) = app.post(&sc, &page, &[("_csrf", &csrf), ("command", "close")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, body) = app.get(&sc, &page).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("测评结果：不满意") && body.contains("须提交书面整改报告"), "{body}");
        let (status, body) = app.post(&sc, &page, &[("_csrf", &csrf), ("command", "close")]).await;
        assert_eq!(status, StatusCode::CONFLICT, "closing twice");
        assert!(body.contains("已结束"), "{body}");
        // The deputy sees their own result (without who rated what) and hands in the plan.
        let (status, body) = app.get(&dc, "/reports").await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("我的述职") && body.contains("须提交整改报告"), "{body}");
        let (status, body) = app.get(&dc, &page).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!body.contains("王大明"), "ratings stay anonymous to the deputy");
        let (status, _) = app
            .post(
                &dc,
                &page,
                &[("_csrf", &dcsrf), ("command", "plan"), ("plan", "一、每月走访选民"), ("plan_date", "2026-07-01")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, body) = app.get(&sc, &page).await;
        assert!(body.contains("一、每月走访选民"), "{body}");
        // Another deputy does not see it at all.
        let (oc, _) = app.login("deputy.east2").await;
        let (status, _) = app.get(&oc, &page).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn the_paper_tally_is_checked_and_exactly_half_is_not_flagged() {
    for app in apps().await {
        let (sc, csrf) = app.login("staff.east").await;
        let staff = staff(app.east);
        let new = renda_store::reports::NewReportMeeting {
            person: app.deputy,
            on: jiff::civil::date(2026, 6, 18),
            place: "会议室".into(),
            activity: None,
        };
        let id = app.store.create_report_meeting(&staff, app.east, &new).await.expect("meeting").0;
        let page = format!("/reports/{id}");
        let n = app.audit_count().await;
        let (status, body) = app
            .post(
                &sc,
                &page,
                &[
                    ("_csrf", &csrf),
                    ("command", "paper"),
                    ("registered", "10"),
                    ("satisfied", "8"),
                    ("unsatisfied", "5"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("不能多于到会选民代表人数"), "{body}");
        let (status, body) =
            app.post(&sc, &page, &[("_csrf", &csrf), ("command", "paper"), ("registered", "多")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("应为不小于0的整数"), "{body}");
        assert_eq!(app.audit_count().await, n);
        let (status, _) = app
            .post(
                &sc,
                &page,
                &[
                    ("_csrf", &csrf),
                    ("command", "paper"),
                    ("registered", "52"),
                    ("satisfied", "26"),
                    ("unsatisfied", "26"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _) = app.post(&sc, &page, &[("_csrf", &csrf), ("command", "close")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, body) = app.get(&sc, &page).await;
        assert!(
            body.contains("满意 26 票、基本满意 0 票、不满意 26 票") && body.contains("测评结果：基本满意"),
            "{body}"
        );
        assert!(!body.contains("须提交书面整改报告"), "exactly half is not more than half");
        let (_, body) = app.get(&sc, "/reports?year=2026").await;
        assert!(body.contains("李东 代表述职"), "{body}");
    }
}

#[tokio::test]
async fn the_group_page_keeps_members_in_the_congress_and_the_checklist_with_evidence() {
    for app in apps().await {
        let (sc, csrf) = app.login("staff.east").await;
        let page = format!("/groups/{}", app.group.0);
        let (d1, d2) = (app.deputy.0.to_string(), app.deputy2.0.to_string());
        let (status, _) = app
            .post(
                &sc,
                &page,
                &[
                    ("_csrf", &csrf),
                    ("command", "members"),
                    ("year", "2026"),
                    ("member", &d1),
                    ("member", &d2),
                    ("leader", &d2),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        // 王西 sits in 西城区: refused with his name.
        let west = app
            .store
            .search_deputies(
                &renda_store::Actor::system(),
                &renda_store::people::DeputyFilter {
                    congresses: app.store.congresses().await.expect("c").iter().map(|c| c.org.id).collect(),
                    name: Some("王西".into()),
                    per_page: 5,
                    ..Default::default()
                },
            )
            .await
            .expect("search")
            .items[0]
            .person
            .0
            .to_string();
        let n = app.audit_count().await;
        let (status, body) = app
            .post(&sc, &page, &[("_csrf", &csrf), ("command", "members"), ("year", "2026"), ("member", &west)])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("王西不是本级人大的在任代表"), "{body}");
        let (status, _) = app.post(&sc, &page, &[("_csrf", &csrf), ("command", "install"), ("year", "2026")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let n2 = app.audit_count().await;
        assert_eq!(n2, n + 1, "the refusal stored nothing");
        let (status, body) = app
            .post(
                &sc,
                &page,
                &[("_csrf", &csrf), ("command", "mark"), ("year", "2026"), ("number", "2"), ("met", "1"), ("text", "")],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("佐证"), "{body}");
        assert_eq!(app.audit_count().await, n2);
        let (status, _) = app
            .post(
                &sc,
                &page,
                &[
                    ("_csrf", &csrf),
                    ("command", "mark"),
                    ("year", "2026"),
                    ("number", "2"),
                    ("met", "1"),
                    ("text", "东湖街道代表之家"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, body) = app.get(&sc, &format!("{page}?year=2026")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("共 10 项，已达标 1 项") && body.contains("东湖街道代表之家"), "{body}");
        assert!(body.contains("组长"), "{body}");
        let (_, body) = app.get(&sc, "/groups?year=2026").await;
        assert!(body.contains("东城区第一代表小组") && body.contains("组长 马东"), "{body}");
        // Another congress's staff and a deputy are turned away.
        let (wc, wcsrf) = app.login("staff.west").await;
        let (status, _) = app.post(&wc, &page, &[("_csrf", &wcsrf), ("command", "install"), ("year", "2027")]).await;
        assert!(status.is_client_error(), "{status}");
        let (dc, _) = app.login("deputy.east").await;
        let (status, _) = app.get(&dc, "/groups").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}
