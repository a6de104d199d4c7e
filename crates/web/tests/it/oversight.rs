//! Oversight pages over real HTTP, as each role, on a fresh database (SQLite, and PostgreSQL
//! too when `RENDA_TEST_PG_URL` is set): a review opinion from draft to the unit's handling
//! report, a deputy's ballot taken once, the grant-guarded register, and the 4xx refusals.

use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_store::people::NewDeputyship;
use renda_testkit::http::{TestApp, client, id_in};
use renda_testkit::{TestStore, deputy_with, label, on_each_store, org, person, seat, user};
use reqwest::StatusCode;

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 5, 10);

struct App {
    app: TestApp,
    city: OrgId,
}

impl std::ops::Deref for App {
    type Target = TestApp;
    fn deref(&self) -> &TestApp {
        &self.app
    }
}

/// A deputy in the 第一代表团 (the tests' own delegation).
async fn deputy(s: &renda_store::Store, name: &str, congress: OrgId) -> PersonId {
    deputy_with(s, person(name), NewDeputyship { delegation: label("第一代表团"), ..seat(congress) }).await
}

async fn spawn(db: TestStore) -> App {
    let s = db.store.clone();
    let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let county = org(&s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let health = org(&s, "示范市卫生健康委员会", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
    let transport = org(&s, "示范市交通运输局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
    let a = deputy(&s, "张代表", city).await;
    let b = deputy(&s, "刘代表", city).await;
    let outsider = deputy(&s, "区代表", county).await;
    user(&s, "admin", Role::Admin).await;
    user(&s, "city.staff", Role::Staff { congress: city }).await;
    user(&s, "city.keeper", Role::Staff { congress: city }).await;
    user(&s, "county.staff", Role::Staff { congress: county }).await;
    user(&s, "unit.health", Role::Unit { unit: health }).await;
    user(&s, "unit.transport", Role::Unit { unit: transport }).await;
    user(&s, "deputy.a", Role::Deputy { person: a }).await;
    user(&s, "deputy.b", Role::Deputy { person: b }).await;
    user(&s, "deputy.out", Role::Deputy { person: outsider }).await;

    s.clock().set_on(TODAY);
    App { app: TestApp::new(db).await, city }
}

async fn apps() -> Vec<App> {
    on_each_store(spawn).await
}

#[tokio::test]
async fn a_review_opinion_goes_from_staff_to_the_unit_and_back_with_its_handling_report() {
    for app in apps().await {
        let (staff, csrf) = app.login("city.staff").await;
        let (status, page) = app.get(&staff, "/oversight").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("新建年度监督工作计划"));
        let (status, loc, _) = app
            .post_with_location(
                &staff,
                "/oversight/plans",
                &[("_csrf", &csrf), ("year", "2026"), ("title", "2026年度监督工作计划"), ("body", "")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let plan = id_in(&loc, "/oversight/plans/").to_string();
        let (_, page) = app.get(&staff, &format!("/oversight/plans/{plan}")).await;
        let health = page
            .split("示范市卫生健康委员会")
            .next()
            .and_then(|s| s.rsplit("value=\"").next())
            .and_then(|s| s.split('"').next())
            .expect("unit option")
            .to_owned();
        let (status, loc, body) = app
            .post_with_location(
                &staff,
                "/oversight/items",
                &[
                    ("_csrf", &csrf),
                    ("plan", &plan),
                    ("year", "2026"),
                    ("form", "special_work_report"),
                    ("title", "听取和审议医疗卫生工作报告"),
                    ("body", &health),
                    ("committee", "教科文卫委员会"),
                    ("state", "underway"),
                    ("summary", ""),
                    ("meetings", "2026-04-28 常委会第二十次会议"),
                    ("documents", ""),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let item = id_in(&loc, "/oversight/items/");
        let (_, page) = app.get(&staff, &format!("/oversight/items/{item}")).await;
        assert!(page.contains("2026-04-28 常委会第二十次会议"));
        let (status, loc, _) = app
            .post_with_location(
                &staff,
                &format!("/oversight/items/{item}/reviews"),
                &[("_csrf", &csrf), ("text", "一、加快建设。")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let review = id_in(&loc, "/oversight/reviews/");
        let act = format!("/oversight/reviews/{review}/act");

        // The unit cannot see a draft, nor send it.
        let (unit, ucsrf) = app.login("unit.health").await;
        assert_eq!(app.get(&unit, &format!("/oversight/reviews/{review}")).await.0, StatusCode::NOT_FOUND);
        let (status, body) = app.post(&unit, &act, &[("_csrf", &ucsrf), ("command", "approve")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

        // Sending before approval is an illegal step, in Chinese.
        let (status, body) =
            app.post(&staff, &act, &[("_csrf", &csrf), ("command", "send"), ("on", "2026-05-10")]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body.contains("不能交办"), "{body}");
        assert_eq!(app.post(&staff, &act, &[("_csrf", &csrf), ("command", "approve")]).await.0, StatusCode::SEE_OTHER);
        assert_eq!(
            app.post(&staff, &act, &[("_csrf", &csrf), ("command", "send"), ("on", "2026-02-01")]).await.0,
            StatusCode::UNPROCESSABLE_ENTITY,
            "sent before approval"
        );
        assert_eq!(
            app.post(&staff, &act, &[("_csrf", &csrf), ("command", "send"), ("on", "2026-05-10")]).await.0,
            StatusCode::SEE_OTHER
        );
        let (_, page) = app.get(&staff, &format!("/oversight/reviews/{review}")).await;
        assert!(page.contains("2026-08-10"), "due three months after sending");

        // The overdue board: empty until the due date has passed, then the opinion in the columns
        // the clerk chose (remembered), and the export with the same headings and cells.
        let (_, board) = app.get(&staff, "/oversight/overdue").await;
        assert!(board.contains("没有逾期的审议意见"), "{board}");
        app.store.clock().set_on(jiff::civil::date(2026, 8, 20));
        // (A session of three months ago has expired: the clerk logs in again.)
        let (clerk, ccsrf) = app.login("city.staff").await;
        let (status, board) = app.get(&clerk, "/oversight/overdue").await;
        assert_eq!(status, StatusCode::OK);
        assert!(board.contains("<td>听取和审议医疗卫生工作报告</td>") && board.contains("<td>10</td>"), "{board}");
        assert!(
            board.contains("<th>承办机关</th>") && board.contains("<td>示范市卫生健康委员会</td>"),
            "every column at first"
        );
        let (status, loc, _) = app
            .post_with_location(
                &clerk,
                "/oversight/overdue/columns",
                &[("_csrf", &ccsrf), ("col", "days_overdue"), ("col", "item")],
            )
            .await;
        assert_eq!((status, loc.split('?').next()), (StatusCode::SEE_OTHER, Some("/oversight/overdue")));
        let (_, board) = app.get(&clerk, "/oversight/overdue").await;
        assert!(board.contains("<th>监督事项</th><th>逾期天数</th></tr>"), "the chosen, in the board's order: {board}");
        assert!(!board.contains("<th>承办机关</th>"));
        let r = clerk.get(app.url("/oversight/overdue/export/csv")).send().await.expect("csv");
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers()["content-type"].to_str().unwrap_or_default().starts_with("text/csv"));
        let csv = r.text().await.expect("body");
        assert!(csv.contains("监督事项,逾期天数\r\n听取和审议医疗卫生工作报告,10\r\n"), "{csv}");
        let r = clerk.get(app.url("/oversight/overdue/export/xlsx")).send().await.expect("xlsx");
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.bytes().await.expect("body").starts_with(b"PK"), "an Excel file");
        let (status, body) = app.get(&clerk, "/oversight/overdue/export/pdf").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("不支持的导出格式"));
        // Another congress's clerk does not see it; a deputy has no board.
        let (county, _) = app.login("county.staff").await;
        let (_, board) = app.get(&county, "/oversight/overdue").await;
        assert!(!board.contains("听取和审议医疗卫生工作报告"));
        let (dep, _) = app.login("deputy.a").await;
        assert_eq!(app.get(&dep, "/oversight/overdue/export/csv").await.0, StatusCode::FORBIDDEN);
        app.store.clock().set_on(TODAY);
        // Logging in at the later date ended the sessions it found expired: in again.
        let (staff, csrf) = app.login("city.staff").await;
        let (unit, ucsrf) = app.login("unit.health").await;

        // The unit sees it in its list, another unit does not, and the report closes its part.
        let (_, list) = app.get(&unit, "/oversight").await;
        assert!(list.contains("听取和审议医疗卫生工作报告"));
        let (other, ocsrf) = app.login("unit.transport").await;
        assert_eq!(app.get(&other, &format!("/oversight/reviews/{review}")).await.0, StatusCode::NOT_FOUND);
        let (status, _) =
            app.post(&other, &act, &[("_csrf", &ocsrf), ("command", "submit_report"), ("report", "x")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) =
            app.post(&unit, &act, &[("_csrf", &ucsrf), ("command", "submit_report"), ("report", " ")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("请填写研究处理情况报告"), "{body}");
        let (_, page) = app.get(&unit, &format!("/oversight/reviews/{review}")).await;
        assert!(page.contains("报送研究处理情况"), "the unit has the report form");
        let (status, _) = app
            .post(
                &unit,
                &act,
                &[("_csrf", &ucsrf), ("command", "submit_report"), ("report", "已新建社区卫生服务中心12个。")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, page) = app.get(&staff, &format!("/oversight/reviews/{review}")).await;
        assert!(page.contains("已报送办理情况") && page.contains("已新建社区卫生服务中心12个。"));

        // Deputies read the sent opinion; the public portal only once published.
        let (dep, _) = app.login("deputy.a").await;
        assert_eq!(app.get(&dep, &format!("/oversight/reviews/{review}")).await.0, StatusCode::OK);
        let (_, portal) = app.get(&client(), "/portal/oversight").await;
        assert!(!portal.contains("一、加快建设。"));
        assert_eq!(app.post(&staff, &act, &[("_csrf", &csrf), ("command", "publish")]).await.0, StatusCode::SEE_OTHER);
        let (status, portal) = app.get(&client(), "/portal/oversight").await;
        assert_eq!(status, StatusCode::OK);
        assert!(portal.contains("一、加快建设。") && portal.contains("已新建社区卫生服务中心12个。"));
    }
}

#[tokio::test]
async fn bad_oversight_input_and_forbidden_actions_are_refused_with_chinese_messages() {
    for app in apps().await {
        let (staff, csrf) = app.login("city.staff").await;
        let (status, body) = app.post(&staff, "/oversight/settings", &[("_csrf", &csrf), ("months", "9")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("2至6个月"), "{body}");
        assert_eq!(app.store.review_settings(app.city).await.expect("s").report_months(), 3, "unchanged");
        let (status, _) = app.post(&staff, "/oversight/settings", &[("_csrf", &csrf), ("months", "abc")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, body) =
            app.post(&staff, "/oversight/plans", &[("_csrf", &csrf), ("year", "2026"), ("title", " ")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("请填写计划标题"), "{body}");
        let (status, body) = app
            .post(
                &staff,
                "/oversight/items",
                &[("_csrf", &csrf), ("year", "2026"), ("form", "interpellation"), ("title", "质询案")],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("请选择被监督单位"), "{body}");

        let (unit, ucsrf) = app.login("unit.health").await;
        let (status, _) =
            app.post(&unit, "/oversight/plans", &[("_csrf", &ucsrf), ("year", "2026"), ("title", "x")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(app.get(&unit, "/ballots").await.0, StatusCode::FORBIDDEN);
        let (county, ccsrf) = app.login("county.staff").await;
        let (status, _) = app
            .post(
                &county,
                "/ballots",
                &[("_csrf", &ccsrf), ("title", "x"), ("opens_on", "2026-05-10"), ("closes_on", "2026-05-01")],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "closes before it opens");
        assert_eq!(app.get(&county, "/major-matters").await.0, StatusCode::FORBIDDEN, "no grant");

        // Without CSRF nothing is accepted.
        let (status, _) = app.post(&staff, "/oversight/settings", &[("months", "4")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Anonymous visitors are sent to log in, and to the portal page for oversight.
        let (status, _) = app.post(&client(), "/oversight/plans", &[("year", "2026")]).await;
        assert!(status.is_client_error() || status.is_redirection());
        assert_eq!(app.get(&client(), "/portal/oversight").await.0, StatusCode::OK);
    }
}

#[tokio::test]
async fn a_deputy_votes_once_on_the_phone_page_and_sees_the_results_after_close() {
    for app in apps().await {
        let (staff, csrf) = app.login("city.staff").await;
        let (_, page) = app.get(&staff, "/ballots").await;
        let ids: Vec<String> = page
            .split("name=\"department\" value=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(ids.len(), 2, "both departments offered");
        let (status, body) = app
            .post(
                &staff,
                "/ballots",
                &[("_csrf", &csrf), ("title", "部门工作评议"), ("opens_on", "2026-05-10"), ("closes_on", "2026-05-20")],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "no subject: {body}");
        let (status, loc, _) = app
            .post_with_location(
                &staff,
                "/ballots",
                &[
                    ("_csrf", &csrf),
                    ("title", "部门工作评议"),
                    ("opens_on", "2026-05-10"),
                    ("closes_on", "2026-05-20"),
                    ("department", &ids[0]),
                    ("department", &ids[1]),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let ballot = id_in(&loc, "/ballots/");
        assert_eq!(
            app.post(&staff, &format!("/ballots/{ballot}/open"), &[("_csrf", &csrf)]).await.0,
            StatusCode::SEE_OTHER
        );

        let (dep, dcsrf) = app.login("deputy.a").await;
        let (status, page) = app.get(&dep, &format!("/ballots/{ballot}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(page.matches("type=\"radio\"").count(), 6, "one group of three per department");
        assert!(page.contains("满意") && page.contains("基本满意") && page.contains("不满意"));
        let names: Vec<String> = page
            .split("type=\"radio\" name=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap_or_default().to_owned())
            .collect();
        let (s1, s2) = (names[0].clone(), names[3].clone());
        let vote = format!("/ballots/{ballot}/vote");
        let (status, body) = app.post(&dep, &vote, &[("_csrf", &dcsrf), (&s1, "satisfied")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a department left out");
        assert!(body.contains("请对"), "{body}");
        let (status, _) = app.post(&dep, &vote, &[("_csrf", &dcsrf), (&s1, "satisfied"), (&s2, "basic")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, body) =
            app.post(&dep, &vote, &[("_csrf", &dcsrf), (&s1, "unsatisfied"), (&s2, "unsatisfied")]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body.contains("您已经投过票，每位代表只能投一次"), "{body}");
        let (_, page) = app.get(&dep, &format!("/ballots/{ballot}")).await;
        assert!(page.contains("您已投票") && !page.contains("type=\"radio\""));

        // The clerk sees who has not voted yet and reminds them; deputies never see the list.
        assert!(!page.contains("尚未投票的代表") && !page.contains("刘代表"), "{page}");
        let (_, page) = app.get(&staff, &format!("/ballots/{ballot}")).await;
        let list = page.split("尚未投票的代表（1人）").nth(1).expect("the clerk's list").split("</section>").next();
        let list = list.unwrap_or_default();
        assert!(list.contains("刘代表") && !list.contains("张代表"), "{list}");
        assert!(page.contains("提醒未投票代表"));
        let remind = format!("/ballots/{ballot}/remind");
        let (status, _) = app.post(&dep, &remind, &[("_csrf", &dcsrf)]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a deputy cannot remind");
        let (status, loc, _) = app.post_with_location(&staff, &remind, &[("_csrf", &csrf)]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, page) = app.get(&staff, &loc).await;
        assert!(page.contains("已向尚未投票的代表发送投票提醒"), "{page}");
        let (status, body) = app.post(&staff, &remind, &[("_csrf", &csrf)]).await;
        assert_eq!(status, StatusCode::CONFLICT, "once a day");
        assert!(body.contains("今天已经提醒过") && !body.contains("conflict"), "{body}");
        app.store.catch_up_notifications().await.expect("consume");
        let (b, _) = app.login("deputy.b").await;
        let (_, page) = app.get(&b, "/notifications").await;
        assert!(page.contains("部门工作评议》正在投票，您尚未投票"), "{page}");
        assert!(page.contains(&format!("value=\"/ballots/{ballot}\"")), "the reminder links to the ballot");

        let (out, ocsrf) = app.login("deputy.out").await;
        assert_eq!(app.get(&out, &format!("/ballots/{ballot}")).await.0, StatusCode::NOT_FOUND);
        let (status, body) = app.post(&out, &vote, &[("_csrf", &ocsrf), (&s1, "satisfied"), (&s2, "basic")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("不在本次评议投票的代表名单中"), "{body}");

        // Ending the vote publishes the result and cannot be undone: the form asks first.
        let (_, page) = app.get(&staff, &format!("/ballots/{ballot}")).await;
        assert!(page.contains("计票结果随即公布") && page.contains("name=\"confirm\" value=\"1\" required"), "{page}");
        let (status, body) = app.post(&staff, &format!("/ballots/{ballot}/close"), &[("_csrf", &csrf)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "not without confirming");
        assert!(body.contains("并勾选确认"), "{body}");
        let (_, page) = app.get(&dep, &format!("/ballots/{ballot}")).await;
        assert!(!page.contains("参与率"), "the vote is still open: {page}");
        assert_eq!(
            app.post(&staff, &format!("/ballots/{ballot}/close"), &[("_csrf", &csrf), ("confirm", "1")]).await.0,
            StatusCode::SEE_OTHER
        );
        let (_, page) = app.get(&dep, &format!("/ballots/{ballot}")).await;
        assert!(page.contains("应参加2人，实际投票1人，参与率50.0%"), "{page}");
        let (status, _) = app.post(&dep, &vote, &[("_csrf", &dcsrf), (&s1, "satisfied"), (&s2, "basic")]).await;
        assert_eq!(status, StatusCode::CONFLICT, "closed");
    }
}

#[tokio::test]
async fn the_major_matter_register_opens_only_with_the_grant() {
    for app in apps().await {
        let (keeper, kcsrf) = app.login("city.keeper").await;
        assert_eq!(app.get(&keeper, "/major-matters").await.0, StatusCode::FORBIDDEN);
        let (status, _) = app
            .post(
                &keeper,
                "/major-matters",
                &[("_csrf", &kcsrf), ("kind", "request"), ("subject", "关于召开会议的请示"), ("body", "")],
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // The admin gives the grant from the register page.
        let (admin, acsrf) = app.login("admin").await;
        let (status, page) = app.get(&admin, "/major-matters").await;
        assert_eq!(status, StatusCode::OK);
        let keeper_id = page
            .split("city.keeper用户")
            .nth(1)
            .and_then(|s| s.split("name=\"user\" value=\"").nth(1))
            .and_then(|s| s.split('"').next())
            .expect("keeper row")
            .to_owned();
        let (status, _) =
            app.post(&admin, "/major-matters/grants", &[("_csrf", &acsrf), ("user", &keeper_id), ("on", "1")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);

        let (status, body) = app
            .post(&keeper, "/major-matters", &[("_csrf", &kcsrf), ("kind", "request"), ("subject", " "), ("body", "")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, loc, _) = app
            .post_with_location(
                &keeper,
                "/major-matters",
                &[("_csrf", &kcsrf), ("kind", "request"), ("subject", "关于召开会议的请示"), ("body", "市委：")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let id = id_in(&loc, "/major-matters/");
        let act = format!("/major-matters/{id}/act");
        let (status, _) = app.post(&keeper, &act, &[("_csrf", &kcsrf), ("command", "send")]).await;
        assert_eq!(status, StatusCode::CONFLICT, "not yet approved");
        for cmd in ["submit", "approve", "send"] {
            assert_eq!(
                app.post(&keeper, &act, &[("_csrf", &kcsrf), ("command", cmd)]).await.0,
                StatusCode::SEE_OTHER,
                "{cmd}"
            );
        }
        let (status, _) = app
            .post(
                &keeper,
                &act,
                &[("_csrf", &kcsrf), ("command", "record_reply"), ("reply", "同意。"), ("on", "2026-05-10")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, page) = app.get(&keeper, &format!("/major-matters/{id}")).await;
        assert!(page.contains("2026-请示-001") && page.contains("已批复") && page.contains("同意。"));
        let (_, register) = app.get(&keeper, "/major-matters?year=2026").await;
        assert!(register.contains("关于召开会议的请示"));

        // Colleagues without the grant still find nothing.
        let (staff, _) = app.login("city.staff").await;
        assert_eq!(app.get(&staff, &format!("/major-matters/{id}")).await.0, StatusCode::NOT_FOUND);
        let (county, _) = app.login("county.staff").await;
        assert_eq!(app.get(&county, &format!("/major-matters/{id}")).await.0, StatusCode::NOT_FOUND);

        // Taking the grant back says what it does and waits for the box to be ticked.
        let (_, page) = app.get(&admin, "/major-matters").await;
        assert!(page.contains("取消后该工作人员立即不能再查看和办理重大事项"), "{page}");
        let revoke = [("_csrf", acsrf.as_str()), ("user", keeper_id.as_str()), ("on", "0")];
        let (status, body) = app.post(&admin, "/major-matters/grants", &revoke).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(app.get(&keeper, &format!("/major-matters/{id}")).await.0, StatusCode::OK, "still granted");
        let mut confirmed = revoke.to_vec();
        confirmed.push(("confirm", "1"));
        assert_eq!(app.post(&admin, "/major-matters/grants", &confirmed).await.0, StatusCode::SEE_OTHER);
        assert_eq!(app.get(&keeper, &format!("/major-matters/{id}")).await.0, StatusCode::NOT_FOUND, "revoked");
    }
}

/// A plan the city put on the portal opens for a district's clerk, but its items the city has
/// not published stay with the city, on the page and in the API.
#[tokio::test]
async fn a_lower_congress_clerk_sees_a_published_plan_without_its_unpublished_items() {
    use renda_store::oversight::{ItemForm, ItemState, PlanForm};
    for app in apps().await {
        let s = &app.store;
        let clerk = renda_testkit::staff(app.city);
        let plan = PlanForm { year: 2026, title: "2026年度监督工作计划".into(), body: String::new() };
        let plan = s.create_plan(&clerk, app.city, &plan).await.expect("plan");
        s.publish_plan(&clerk, plan, true).await.expect("on the portal");
        let health = org(s, "示范市生态环境局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(app.city)).await;
        let item = ItemForm {
            plan: Some(plan),
            year: 2026,
            form: renda_core::oversight::OversightForm::SpecialWorkReport,
            title: "尚未公开的专项工作报告".into(),
            body_org: Some(health),
            committee: String::new(),
            summary: String::new(),
            meetings: Vec::new(),
            state: ItemState::Planned,
            documents: Vec::new(),
        };
        s.create_item(&clerk, app.city, &item).await.expect("item");

        let path = format!("/oversight/plans/{}", plan.0);
        let (staff, _) = app.login("city.staff").await;
        assert!(app.get(&staff, &path).await.1.contains("尚未公开的专项工作报告"), "the city's own clerk sees it");
        let (county, _) = app.login("county.staff").await;
        let (status, page) = app.get(&county, &path).await;
        assert_eq!(status, StatusCode::OK, "the plan is on the portal");
        assert!(page.contains("2026年度监督工作计划") && !page.contains("尚未公开的专项工作报告"), "{page}");
        let (status, body) = app.get(&county, &format!("/api/v1{path}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!body.contains("尚未公开的专项工作报告"), "{body}");
    }
}
