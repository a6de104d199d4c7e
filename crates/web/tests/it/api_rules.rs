//! Rule books in the API: a template installed, a table published and edited before its year,
//! a locked year refused, scores recomputed — the rules page's policy and codes.

use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_testkit::http::TestApp;
use renda_testkit::{deputy, org, testing, user};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_rule_book_is_kept_through_the_api() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let li = deputy(&s, "李秀英", city).await;
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        user(&s, "deputy.li", Role::Deputy { person: li }).await;
        let app = TestApp::new(t).await;
        let clerk = app.api_login("staff.city").await;
        let c = city.0;

        let install = |template: &str, year: i16, from: &str| json!({"congress": c, "year": year, "template": template, "effective_from": from});
        let (status, body) = clerk.post("/api/v1/rules/install", install("nowhere", 2027, "2027-01-01")).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("template")));
        let (status, body) = clerk.post("/api/v1/rules/install", install("jiangbei", 2027, "2027-01-01")).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        let book = app.store.rule_book(city, 2027).await.expect("book");
        let mut table = serde_json::to_value(&book.versions()[0].table).expect("json");

        // Before 2027 starts a version is edited in place; a table that does not read is 422.
        let (status, body) = clerk
            .post("/api/v1/rules/edit", json!({"congress": c, "year": 2027, "version": 1, "table": {"name": 3}}))
            .await;
        assert_eq!(
            (status, body["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("table")),
            "{body}"
        );
        table["name"] = json!("示范市人大代表履职积分细则（2027年）");
        let edit = json!({"congress": c, "year": 2027, "version": 1, "table": table.clone()});
        assert_eq!(clerk.post("/api/v1/rules/edit", edit).await.0, StatusCode::NO_CONTENT);
        let book = app.store.rule_book(city, 2027).await.expect("book");
        assert_eq!(
            (book.versions().len(), book.versions()[0].table.name.as_str()),
            (1, "示范市人大代表履职积分细则（2027年）")
        );
        let publish = json!({"congress": c, "year": 2027, "table": table.clone(), "effective_from": "2027-07-01"});
        assert_eq!(clerk.post("/api/v1/rules/publish", publish).await.0, StatusCode::NO_CONTENT);
        assert_eq!(app.store.rule_book(city, 2027).await.expect("book").versions().len(), 2);

        // 2026 has started: its versions are no longer edited in place.
        assert_eq!(
            clerk.post("/api/v1/rules/install", install("jiangbei", 2026, "2026-03-11")).await.0,
            StatusCode::NO_CONTENT
        );
        let edit = json!({"congress": c, "year": 2026, "version": 1, "table": table});
        let (status, body) = clerk.post("/api/v1/rules/edit", edit).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("table_locked")), "{body}");

        // Recomputing is the staff's; a deputy may not. Until a version is in force there is
        // nothing to score by.
        let recompute = json!({"congress": c, "year": 2026});
        let (status, body) = clerk.post("/api/v1/rules/recompute", recompute.clone()).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")), "{body}");
        app.store.clock().set_on(jiff::civil::date(2026, 3, 11));
        let clerk = app.api_login("staff.city").await;
        let (status, body) = clerk.post("/api/v1/rules/recompute", recompute.clone()).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        let deputy = app.api_login("deputy.li").await;
        assert_eq!(deputy.post("/api/v1/rules/recompute", recompute).await.0, StatusCode::FORBIDDEN);
    }
}
