//! 重大事项请示报告 in the API: the grant opens the register, a request is drafted with its
//! attachment, approved, sent under the register's number and its reply recorded — the pages'
//! rules and codes; colleagues without the grant find nothing.

use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_testkit::http::TestApp;
use renda_testkit::{org, testing, user};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_request_goes_through_the_register_in_the_api_once_the_grant_is_given() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        user(&s, "admin", Role::Admin).await;
        let keeper = user(&s, "city.keeper", Role::Staff { congress: city }).await;
        user(&s, "city.staff", Role::Staff { congress: city }).await;
        let app = TestApp::new(t).await;
        let k = app.api_login("city.keeper").await;
        let draft = json!({"kind": "request", "subject": "关于召开常委会会议的请示", "body": "市委："});
        let (status, body) = k.post("/api/v1/major-matters", draft.clone()).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("forbidden")),
            "no grant yet"
        );

        // The admin gives the grant; taking it back must be confirmed.
        let admin = app.api_login("admin").await;
        let grant = |on: bool, confirm: bool| json!({"user": keeper.0, "on": on, "confirm": confirm});
        assert_eq!(admin.post("/api/v1/major-matters/grants", grant(true, false)).await.0, StatusCode::NO_CONTENT);
        let (status, body) = k.post("/api/v1/major-matters", json!({"kind": "motion", "subject": "x"})).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("kind")));

        // Drafted with its attachment, then carried through.
        let pdf: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
        let (status, made) = k.post_files("/api/v1/major-matters", draft, &[("会议方案.pdf", pdf)]).await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!((made["state"].as_str(), made["files"][0]["name"].as_str()), (Some("draft"), Some("会议方案.pdf")));
        assert_eq!(made["actions"], json!(["submit"]));
        let id = made["id"].as_i64().expect("an id");
        let url = format!("/api/v1/major-matters/{id}/actions");
        let (status, body) = k.post(&url, json!({"command": "send"})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("wrong_state")), "{body}");
        let (status, body) = k.post(&url, json!({"command": "withdraw"})).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("command")));
        for step in ["submit", "approve", "send"] {
            let (status, body) = k.post(&url, json!({"command": step})).await;
            assert_eq!(status, StatusCode::OK, "{step}: {body}");
        }
        let (_, sent) = k.get(&format!("/api/v1/major-matters/{id}")).await;
        let year = s.clock().beijing().date().year();
        assert_eq!(
            (sent["state"].as_str(), sent["number"].as_str()),
            (Some("sent"), Some(&*format!("{year}-请示-001")))
        );
        let (status, body) =
            k.post(&url, json!({"command": "record_reply", "reply": "同意。", "on": "not a day"})).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("on")));
        let (status, done) = k.post(&url, json!({"command": "record_reply", "reply": "同意。"})).await;
        assert_eq!(
            (status, done["state"].as_str(), done["reply"].as_str()),
            (StatusCode::OK, Some("replied"), Some("同意。"))
        );

        // A colleague without the grant finds nothing; taken back, the keeper neither.
        let (status, _) = app.api_login("city.staff").await.get(&format!("/api/v1/major-matters/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, body) = admin.post("/api/v1/major-matters/grants", grant(false, false)).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("confirm")));
        assert_eq!(admin.post("/api/v1/major-matters/grants", grant(false, true)).await.0, StatusCode::NO_CONTENT);
        assert_eq!(k.get(&format!("/api/v1/major-matters/{id}")).await.0, StatusCode::NOT_FOUND);
    }
}
