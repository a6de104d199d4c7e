//! Deputy groups in the API: members and leader, the "十有" checklist installed and marked,
//! the items configured for a year — the group pages' rules and codes.

use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_testkit::http::TestApp;
use renda_testkit::{deputy, org, testing, user};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_group_is_kept_through_the_api() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let county = org(&s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
        let group = org(&s, "东城区第一代表小组", OrgKind::DeputyGroup, Some(county)).await;
        let a = deputy(&s, "李秀英", county).await;
        let b = deputy(&s, "张伟", county).await;
        let outsider = deputy(&s, "周建国", city).await;
        user(&s, "staff.east", Role::Staff { congress: county }).await;
        user(&s, "deputy.li", Role::Deputy { person: a }).await;
        let app = TestApp::new(t).await;
        let clerk = app.api_login("staff.east").await;
        let url = format!("/api/v1/groups/{}/actions", group.0);

        let (status, body) = clerk.post(&url, json!({"command": "members", "members": [a.0, outsider.0]})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a city deputy in a district group: {body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("周建国")), "{body}");
        let (status, _) = clerk.post(&url, json!({"command": "members", "members": [a.0, b.0], "leader": b.0})).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            app.store.group_info(&renda_store::Actor::system(), group).await.expect("info").leader_name(),
            "张伟"
        );

        let mark = |number: usize, text: &str| json!({"command": "mark", "year": 2026, "number": number, "met": true, "text": text});
        let (status, body) = clerk.post(&url, mark(1, "组长张伟")).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::CONFLICT, Some("checklist_missing")),
            "{body}"
        );
        assert_eq!(clerk.post(&url, json!({"command": "install", "year": 2026})).await.0, StatusCode::NO_CONTENT);
        let (status, body) = clerk.post(&url, mark(2, "  ")).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("evidence_missing"))
        );
        assert_eq!(clerk.post(&url, mark(2, "东湖街道代表之家二楼")).await.0, StatusCode::NO_CONTENT);
        let list = app.store.group_checklist(group, 2026).await.expect("read").expect("installed");
        assert!(list.entries()[1].met, "item 2 marked met");

        // The items for another year, set by the clerk; a deputy may not.
        let config = json!({"year": 2027, "labels": ["有组长", "有活动场所"]});
        let deputy_c = app.api_login("deputy.li").await;
        let checklist = "/api/v1/groups/checklist".to_owned();
        assert_eq!(deputy_c.post(&checklist, config.clone()).await.0, StatusCode::FORBIDDEN);
        assert_eq!(clerk.post(&checklist, config).await.0, StatusCode::NO_CONTENT);
        assert_eq!(clerk.post(&url, json!({"command": "install", "year": 2027})).await.0, StatusCode::NO_CONTENT);
        let list = app.store.group_checklist(group, 2027).await.expect("read").expect("installed");
        assert_eq!(list.entries().len(), 2);
    }
}
