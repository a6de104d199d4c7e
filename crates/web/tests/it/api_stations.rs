//! Managing a liaison station in the API: deputies posted, a reception day scheduled with the
//! notice the congress asks, held, and an opinion heard there recorded — the page's rules and
//! codes.

use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_testkit::http::TestApp;
use renda_testkit::{deputy, org, testing, user};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_station_is_run_through_the_api() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let station = org(&s, "示范市人大代表联络站（中心站）", OrgKind::LiaisonStation, Some(city)).await;
        let li = deputy(&s, "李秀英", city).await;
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        user(&s, "deputy.li", Role::Deputy { person: li }).await;
        let app = TestApp::new(t).await;
        let clerk = app.api_login("staff.city").await;
        let url = format!("/api/v1/stations/{}/actions", station.0);
        let act = |body: Value| clerk.post(&url, body);

        assert_eq!(act(json!({"command": "attach", "person": li.0})).await.0, StatusCode::OK);
        let (status, body) = act(json!({"command": "attach", "person": li.0})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("deputy_already_posted")));
        let schedule = |on: &str, ends: &str| json!({"command": "schedule", "on": on, "starts": "9:00", "ends": ends, "topic": "老旧小区改造", "deputies": [li.0]});
        let (status, body) = act(schedule("2026-03-11", "11:30")).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("notice_too_short")),
            "{body}"
        );
        assert_eq!(act(json!({"command": "notice", "notice_days": 1})).await.0, StatusCode::OK);
        let (status, body) = act(schedule("2026-03-11", "8:00")).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("ends_before_start")),
            "{body}"
        );
        let (status, made) = act(schedule("2026-03-11", "11:30")).await;
        assert_eq!(status, StatusCode::OK, "{made}");
        let reception = made["reception_id"].as_i64().expect("a reception");

        // On the day: held, and an opinion heard there recorded with its receipt code.
        let (status, body) = act(json!({"command": "hold", "reception": reception, "visitors": 12})).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::CONFLICT, Some("reception_not_yet")),
            "{body}"
        );
        app.store.clock().set_on(jiff::civil::date(2026, 3, 11));
        // A day later the clerk's session has lapsed: a new one.
        let clerk = app.api_login("staff.city").await;
        let act = |body: Value| clerk.post(&url, body);
        assert_eq!(act(json!({"command": "hold", "reception": reception, "visitors": 12})).await.0, StatusCode::OK);
        let heard =
            json!({"command": "record_opinion", "reception": reception, "content": "希望增设社区食堂，方便老人就餐。"});
        let (status, made) = act(heard).await;
        assert_eq!(status, StatusCode::OK, "{made}");
        assert!(
            made["opinion_id"].as_i64().is_some() && made["receipt"].as_str().is_some_and(|r| r.len() == 11),
            "{made}"
        );
        let (status, body) =
            act(json!({"command": "record_opinion", "reception": 999_999, "content": "另一条意见内容。"})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));

        // A deputy does not run the station.
        let deputy_c = app.api_login("deputy.li").await;
        let (status, _) = deputy_c.post(&url, json!({"command": "notice", "notice_days": 5})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}
