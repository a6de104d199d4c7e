//! The liaison stations in the API: a citizen's opinion from the station's QR code to the
//! rating, as the pages do it, with the same rules and codes; personal data only for the
//! staff of the station's congress.

use renda_core::liaison::receipt::ReceiptCode;
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_store::liaison::opinions::OpinionId;
use renda_testkit::http::TestApp;
use renda_testkit::{has_chinese, org, testing, user};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn an_opinion_goes_from_the_station_to_the_rating_through_the_api() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let east = org(&s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
        let station = org(&s, "示范市人大代表联络站（中心站）", OrgKind::LiaisonStation, Some(city)).await;
        let housing =
            org(&s, "示范市住房和城乡建设局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        let water = org(&s, "示范市水务局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        user(&s, "staff.east", Role::Staff { congress: east }).await;
        user(&s, "unit.housing", Role::Unit { unit: housing }).await;
        user(&s, "unit.water", Role::Unit { unit: water }).await;
        let app = TestApp::new(t).await;
        let citizen = app.api_anonymous();

        // The station's form, without an account: a blank opinion says which field, in Chinese.
        let submit = format!("/api/v1/stations/{}/opinions", station.0);
        let (status, body) = citizen.post(&submit, json!({"content": " "})).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("content")));
        assert!(has_chinese(body["error"]["message"].as_str().unwrap_or("")), "{body}");
        let missing = json!({"content": "小区路灯坏了三个月没人修。"});
        let (status, body) = citizen.post("/api/v1/stations/999999/opinions", missing).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
        let opinion = json!({"title": "小区路灯损坏", "content": "青石街小区的路灯坏了三个月没人修，晚上出行不便。",
            "name": "张三", "phone": "13800138000", "consent_to_publish": true});
        let (status, created) = citizen.post(&submit, opinion).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!((created["state"].as_str(), created["may_rate"].as_bool()), (Some("received"), Some(false)));
        assert!(created.get("name").is_none() && created.get("phone").is_none(), "no personal data: {created}");
        let receipt = created["receipt"].as_str().expect("a receipt code").to_owned();
        let code = receipt.replace('-', "");
        let (status, looked) = citizen.get(&format!("/api/v1/opinions/receipt/{code}")).await;
        assert_eq!((status, looked["receipt"].as_str()), (StatusCode::OK, Some(receipt.as_str())));
        let parsed = ReceiptCode::parse(&code).expect("a code");
        let OpinionId(id) = app.store.opinion_by_receipt(parsed).await.expect("stored").id;

        // Staff of the congress see the name and phone and forward it; others do not see it.
        let staff = app.api_login("staff.city").await;
        let (status, seen) = staff.get(&format!("/api/v1/opinions/{id}")).await;
        assert_eq!(
            (status, seen["name"].as_str(), seen["phone"].as_str()),
            (StatusCode::OK, Some("张三"), Some("13800138000"))
        );
        assert!(seen["actions"].as_array().expect("actions").contains(&json!("forward")), "{seen}");
        let outsider = app.api_login("staff.east").await;
        let (status, _) = outsider.get(&format!("/api/v1/opinions/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "staff of another congress");
        let act = format!("/api/v1/opinions/{id}/actions");
        let (status, body) = staff.post(&act, json!({"command": {"command": "close"}})).await;
        assert_eq!(status, StatusCode::CONFLICT, "not answered yet: {body}");
        assert!(has_chinese(body["error"]["message"].as_str().unwrap_or("")));
        let forward = json!({"command": {"command": "forward", "unit": housing.0, "due": "2026-04-10"}});
        let (status, forwarded) = staff.post(&act, forward).await;
        assert_eq!(
            (status, forwarded["state"].as_str(), forwarded["unit_id"].as_i64()),
            (StatusCode::OK, Some("forwarded"), Some(housing.0)),
            "{forwarded}"
        );

        // The unit answers, without seeing who wrote; another unit does not see it at all.
        let water_client = app.api_login("unit.water").await;
        assert_eq!(water_client.get(&format!("/api/v1/opinions/{id}")).await.0, StatusCode::NOT_FOUND);
        let unit = app.api_login("unit.housing").await;
        let answer = json!({"command": {"command": "unit_answer", "answer": "已安排维修，本周内修复。"}});
        let (status, answered) = unit.post(&act, answer).await;
        assert_eq!((status, answered["state"].as_str()), (StatusCode::OK, Some("unit_answered")), "{answered}");
        assert!(answered["name"].is_null() && answered["phone"].is_null(), "{answered}");

        // Staff feed back; the citizen rates once.
        let back = json!({"command": {"command": "feed_back", "method": "online"}});
        assert_eq!(staff.post(&act, back).await.0, StatusCode::OK);
        let rate = format!("/api/v1/opinions/receipt/{code}/rating");
        let (status, rated) = citizen.post(&rate, json!({"rating": "satisfied"})).await;
        assert_eq!((status, rated["may_rate"].as_bool()), (StatusCode::OK, Some(false)), "{rated}");
        let (status, again) = citizen.post(&rate, json!({"rating": "unsatisfied", "comment": "再评"})).await;
        assert_eq!((status, again["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("already_rated")), "{again}");
    }
}
