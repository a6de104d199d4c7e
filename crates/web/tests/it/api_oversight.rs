//! 监督工作 in the API: the deadline setting, the annual plan and its items made and published,
//! an inquiry's signatures, and a review opinion carried from its draft to the body's handling
//! report — the pages' rules and codes, and what the API did shows on the pages.

use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_store::people::NewDeputyship;
use renda_testkit::http::TestApp;
use renda_testkit::{deputy_with, label, org, person, seat, testing, user};
use reqwest::StatusCode;
use serde_json::{Value, json};

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 5, 10);

fn code(body: &Value) -> Option<&str> {
    body["error"]["code"].as_str()
}

fn field(body: &Value) -> Option<&str> {
    body["error"]["field"].as_str()
}

#[tokio::test]
async fn a_plan_its_items_and_a_review_opinion_go_through_the_api_with_the_pages_rules() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let county = org(&s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
        let health = org(&s, "示范市卫生健康委员会", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        let transport = org(&s, "示范市交通运输局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        let seat_in = |c| NewDeputyship { delegation: label("第一代表团"), ..seat(c) };
        let a = deputy_with(&s, person("张代表"), seat_in(city)).await;
        let outsider = deputy_with(&s, person("区代表"), seat_in(county)).await;
        user(&s, "city.staff", Role::Staff { congress: city }).await;
        user(&s, "county.staff", Role::Staff { congress: county }).await;
        user(&s, "unit.health", Role::Unit { unit: health }).await;
        user(&s, "unit.transport", Role::Unit { unit: transport }).await;
        user(&s, "deputy.a", Role::Deputy { person: a }).await;
        s.clock().set_on(TODAY);
        let app = TestApp::new(t).await;
        let staff = app.api_login("city.staff").await;
        let unit = app.api_login("unit.health").await;
        let dep = app.api_login("deputy.a").await;

        // The deadline: 2 to 6 months, for staff only.
        let (status, body) = staff.post("/api/v1/oversight/settings", json!({"months": 9})).await;
        assert_eq!(
            (status, code(&body), field(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("report_months_out_of_range"), Some("months")),
            "{body}"
        );
        assert!(body["error"]["message"].as_str().unwrap_or_default().contains("2至6个月"), "{body}");
        let (status, body) = unit.post("/api/v1/oversight/settings", json!({"months": 4})).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, Some("forbidden")));
        let (status, body) = staff.post("/api/v1/oversight/settings", json!({"months": 4})).await;
        assert_eq!((status, body["months"].as_i64()), (StatusCode::OK, Some(4)), "{body}");
        assert_eq!(s.review_settings(city).await.expect("settings").report_months(), 4);

        // The plan: staff only, a title, one a year.
        let plan = json!({"year": 2026, "title": "2026年度监督工作计划", "body": "全年安排。"});
        let (status, body) = unit.post("/api/v1/oversight/plans", plan.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, Some("forbidden")));
        let (status, body) = staff.post("/api/v1/oversight/plans", json!({"year": 2026, "title": " "})).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("title")), "{body}");
        let (status, made) = staff.post("/api/v1/oversight/plans", plan.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!((made["published"].as_bool(), made["may_edit"].as_bool()), (Some(false), Some(true)));
        let plan_id = made["id"].as_i64().expect("an id");
        let (status, body) = staff.post("/api/v1/oversight/plans", plan).await;
        assert_eq!((status, code(&body)), (StatusCode::CONFLICT, Some("plan_exists")), "{body}");
        let plan_url = format!("/api/v1/oversight/plans/{plan_id}");
        let (status, edited) =
            staff.post(&plan_url, json!({"year": 2026, "title": "2026年度监督工作计划（修订）"})).await;
        assert_eq!((status, edited["title"].as_str()), (StatusCode::OK, Some("2026年度监督工作计划（修订）")));

        // An item in the plan, with its meeting; bad codes and days are named.
        let item = |form: &str, title: &str| {
            json!({"plan": plan_id, "year": 2026, "form": form, "title": title, "body": health.0,
                "committee": "教科文卫委员会", "state": "underway",
                "meetings": [{"on": "2026-04-28", "note": "常委会第二十次会议"}]})
        };
        let (status, body) = staff.post("/api/v1/oversight/items", item("hearing", "x")).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("form")), "{body}");
        let mut bad_day = item("special_work_report", "x");
        bad_day["meetings"][0]["on"] = json!("4月28日");
        let (status, body) = staff.post("/api/v1/oversight/items", bad_day).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("meetings")), "{body}");
        let (status, body) = staff
            .post("/api/v1/oversight/items", json!({"year": 2026, "form": "interpellation", "title": "质询案"}))
            .await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("body")), "{body}");
        let (status, made) =
            staff.post("/api/v1/oversight/items", item("special_work_report", "听取和审议医疗卫生工作报告")).await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!(
            (made["state"].as_str(), made["body_name"].as_str(), made["meetings"][0]["on"].as_str()),
            (Some("underway"), Some("示范市卫生健康委员会"), Some("2026-04-28"))
        );
        assert_eq!((made["may_review"].as_bool(), made["plan_id"].as_i64()), (Some(true), Some(plan_id)));
        let item_id = made["id"].as_i64().expect("an id");
        let item_url = format!("/api/v1/oversight/items/{item_id}");
        let (page_client, _) = app.login("city.staff").await;
        let (_, page) = app.get(&page_client, &format!("/oversight/items/{item_id}")).await;
        assert!(page.contains("2026-04-28 常委会第二十次会议"), "the page shows the API's item");

        // Published to deputies: the plan and then the item; another congress's deputy sees neither.
        assert_eq!(dep.get(&plan_url).await.0, StatusCode::NOT_FOUND, "not yet published");
        let (status, body) = dep.post(&format!("{plan_url}/publish"), json!({"portal": false})).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, Some("forbidden")));
        let (status, published) = staff.post(&format!("{plan_url}/publish"), json!({"portal": false})).await;
        assert_eq!((status, published["published"].as_bool()), (StatusCode::OK, Some(true)), "{published}");
        let (status, seen) = dep.get(&plan_url).await;
        assert_eq!((status, seen["items"].as_array().map(Vec::len)), (StatusCode::OK, Some(0)), "{seen}");
        let (status, _) = staff.post(&format!("{item_url}/publish"), json!({"portal": true})).await;
        assert_eq!(status, StatusCode::OK);
        let (_, seen) = dep.get(&plan_url).await;
        assert_eq!(seen["items"][0]["id"].as_i64(), Some(item_id), "{seen}");
        user(&s, "deputy.out", Role::Deputy { person: outsider }).await;
        let out = app.api_login("deputy.out").await;
        assert_eq!(out.get(&plan_url).await.0, StatusCode::NOT_FOUND);

        // An interpellation's signatures: each deputy once, only in office in the congress.
        let (_, inquiry) = staff.post("/api/v1/oversight/items", item("interpellation", "关于医保的质询案")).await;
        let sign = format!("/api/v1/oversight/items/{}/sign", inquiry["id"].as_i64().expect("an id"));
        let (status, signed) = staff.post(&sign, json!({"person": a.0})).await;
        assert_eq!(status, StatusCode::OK, "{signed}");
        assert_eq!(
            (signed["signatures"][0]["name"].as_str(), signed["signatures"][0]["signed_on"].as_str()),
            (Some("张代表"), Some("2026-05-10"))
        );
        assert_eq!(signed["filed"].as_bool(), Some(false), "one is not enough: {signed}");
        assert!(signed["threshold"].as_u64().is_some_and(|n| n > 1), "{signed}");
        let (status, body) = staff.post(&sign, json!({"person": a.0})).await;
        assert_eq!((status, code(&body)), (StatusCode::CONFLICT, Some("already_signed")), "{body}");
        let (status, body) = staff.post(&sign, json!({"person": outsider.0})).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("person")), "{body}");
        let (status, body) = staff.post(&format!("{item_url}/sign"), json!({"person": a.0})).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("person")), "no signing a report");

        // A review opinion: drafted, approved, sent, reported on by the body overseen.
        let (status, body) = staff.post(&format!("{item_url}/reviews"), json!({"text": " "})).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("text")), "{body}");
        let (status, review) = staff.post(&format!("{item_url}/reviews"), json!({"text": "一、加快建设。"})).await;
        assert_eq!(status, StatusCode::CREATED, "{review}");
        assert_eq!((review["state"].as_str(), &review["actions"]), (Some("drafted"), &json!(["approve"])));
        let review_id = review["id"].as_i64().expect("an id");
        let review_url = format!("/api/v1/oversight/reviews/{review_id}");
        let act = format!("{review_url}/actions");
        assert_eq!(unit.get(&review_url).await.0, StatusCode::NOT_FOUND, "a draft is the congress's own");
        let (status, body) = unit.post(&act, json!({"command": "approve"})).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, Some("forbidden")));
        let (status, body) = staff.post(&act, json!({"command": "send"})).await;
        assert_eq!((status, code(&body)), (StatusCode::CONFLICT, Some("wrong_state")), "{body}");
        assert!(body["error"]["message"].as_str().unwrap_or_default().contains("不能交办"), "{body}");
        let (status, body) = staff.post(&act, json!({"command": "withdraw"})).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("command")));
        let (status, body) = staff.post(&act, json!({"command": "record_vote", "result": "maybe"})).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("result")));
        assert_eq!(staff.post(&act, json!({"command": "approve"})).await.0, StatusCode::OK);
        let (status, body) = staff.post(&act, json!({"command": "send", "on": "10 May"})).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("on")));
        let (status, sent) = staff.post(&act, json!({"command": "send"})).await;
        assert_eq!(status, StatusCode::OK, "{sent}");
        assert_eq!(
            (sent["state"].as_str(), sent["sent_on"].as_str(), sent["due_on"].as_str()),
            (Some("sent"), Some("2026-05-10"), Some("2026-09-10")),
            "due four months later, as set"
        );

        let other = app.api_login("unit.transport").await;
        assert_eq!(other.get(&review_url).await.0, StatusCode::NOT_FOUND);
        let (status, _) = other.post(&act, json!({"command": "submit_report", "report": "x"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, mine) = unit.get(&review_url).await;
        assert_eq!((status, &mine["actions"]), (StatusCode::OK, &json!(["submit_report"])), "{mine}");
        let (status, body) = unit.post(&act, json!({"command": "submit_report", "report": " "})).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("report")), "{body}");
        assert!(body["error"]["message"].as_str().unwrap_or_default().contains("请填写研究处理情况报告"));
        let (status, reported) =
            unit.post(&act, json!({"command": "submit_report", "report": "已新建社区卫生服务中心12个。"})).await;
        assert_eq!(
            (status, reported["state"].as_str(), reported["report"].as_str()),
            (StatusCode::OK, Some("reported"), Some("已新建社区卫生服务中心12个。")),
            "{reported}"
        );

        // The page shows what the API did; the item lists the opinion for a deputy too.
        let (_, page) = app.get(&page_client, &format!("/oversight/reviews/{review_id}")).await;
        assert!(page.contains("已报送办理情况") && page.contains("已新建社区卫生服务中心12个。"), "{page}");
        let (status, seen) = dep.get(&item_url).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!((seen["reviews"][0]["id"].as_i64(), &seen["reviews"][0]["actions"]), (Some(review_id), &json!([])));
        let county_staff = app.api_login("county.staff").await;
        let (status, body) = county_staff.post(&act, json!({"command": "publish"})).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, Some("forbidden")), "{body}");
        let (status, public) = staff.post(&act, json!({"command": "publish"})).await;
        assert_eq!((status, public["published"].as_bool()), (StatusCode::OK, Some(true)), "{public}");
        let (_, portal) = app.get(&renda_testkit::http::client(), "/portal/oversight").await;
        assert!(portal.contains("一、加快建设。") && portal.contains("听取和审议医疗卫生工作报告"), "{portal}");
    }
}
