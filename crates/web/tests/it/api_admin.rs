//! The admin pages' twins in the API: organisations renamed, the platform's name, a deputy
//! registered, their work phone, their seat ended (once confirmed), accounts created and changed,
//! and the portal's documents written, published, given attachments and withdrawn — with the
//! pages' rules and codes, and their effect seen by the GET twins and the pages.

use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_testkit::http::TestApp;
use renda_testkit::{org, testing, user};
use reqwest::StatusCode;
use serde_json::json;

fn code(body: &serde_json::Value) -> Option<&str> {
    body["error"]["code"].as_str()
}

fn field(body: &serde_json::Value) -> Option<&str> {
    body["error"]["field"].as_str()
}

#[tokio::test]
async fn staff_keep_organisations_deputies_and_accounts_through_the_api() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let court = org(&s, "示范市中级法院", OrgKind::Unit(UnitKind::Court), Some(city)).await;
        user(&s, "admin", Role::Admin).await;
        user(&s, "city.staff", Role::Staff { congress: city }).await;
        user(&s, "court.clerk", Role::Unit { unit: court }).await;
        let app = TestApp::new(t).await;
        let staff = app.api_login("city.staff").await;
        let unit = app.api_login("court.clerk").await;
        let admin = app.api_login("admin").await;

        // An organisation renamed: the unit may not, an empty name is refused, the tree shows it.
        let rename = format!("/api/v1/organisations/{}", court.0);
        let (status, body) = unit.post(&rename, json!({"name": "示范市中级人民法院"})).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, Some("forbidden")));
        let (status, body) = staff.post(&rename, json!({"name": ""})).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("name")), "{body}");
        let (status, body) = staff.post(&rename, json!({"name": "示范市中级人民法院"})).await;
        assert_eq!((status, body["name"].as_str()), (StatusCode::OK, Some("示范市中级人民法院")), "{body}");
        let (_, tree) = staff.get("/api/v1/organisations").await;
        assert!(tree.as_array().expect("a list").iter().any(|o| o["name"] == "示范市中级人民法院"));

        // The platform's name: the admin's alone.
        let (status, body) = staff.post("/api/v1/site", json!({"site_name": "别的名字"})).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, Some("forbidden")));
        let (status, body) = admin.post("/api/v1/site", json!({"site_name": " "})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, body) = admin.post("/api/v1/site", json!({"site_name": "示范市人大代表履职平台"})).await;
        assert_eq!((status, body["site_name"].as_str()), (StatusCode::OK, Some("示范市人大代表履职平台")), "{body}");
        let (page, _) = app.login("city.staff").await;
        let (_, home) = app.get(&page, "/admin/orgs").await;
        assert!(home.contains("示范市人大代表履职平台"), "the pages follow the new name");

        // A deputy registered: a bad phone is refused by field; the roster has them.
        let mut deputy = json!({
            "name": "赵新", "gender": "女", "ethnicity": "汉族", "phone": "12345", "congress": city.0,
            "term": "十九", "delegation": "第二选区", "start": "2024-05-01", "start_reason": "by_election"
        });
        let (status, body) = staff.post("/api/v1/deputies", deputy.clone()).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("phone")), "{body}");
        deputy["phone"] = json!("13912345678");
        let (status, body) = unit.post("/api/v1/deputies", deputy.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, Some("forbidden")));
        let (status, made) = staff.post("/api/v1/deputies", deputy).await;
        assert_eq!((status, made["term"].as_i64()), (StatusCode::CREATED, Some(19)), "{made}");
        let person = made["person_id"].as_i64().expect("a person");
        let ship = made["deputyship_id"].as_i64().expect("a seat");
        let (_, seats) = staff.get(&format!("/api/v1/deputies/{person}")).await;
        assert_eq!(seats[0]["delegation"].as_str(), Some("第二选区"));

        // Their work phone, shown to units.
        let phone = format!("/api/v1/deputies/{person}/work-phone");
        let (status, _) = unit.post(&phone, json!({"work_phone": "13800138000", "to_units": true})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = staff.post(&phone, json!({"work_phone": "0571-8700 5678", "to_units": true})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body, json!({"work_phone": "0571-87005678", "to_units": true}));
        let (_, seat_page) = app.get(&page, &format!("/admin/deputies/{person}")).await;
        assert!(seat_page.contains("0571-87005678"), "the deputy's page shows it");

        // The seat ended: only once confirmed, and only once.
        let end = format!("/api/v1/deputyships/{ship}/end");
        let ending = json!({"end": "2026-01-31", "reason": "resigned"});
        let (status, body) = staff.post(&end, ending.clone()).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("confirm")), "{body}");
        let confirmed = json!({"end": "2026-01-31", "reason": "resigned", "confirm": true});
        let (status, body) = staff.post(&end, confirmed.clone()).await;
        assert_eq!((status, body["end_reason"].as_str()), (StatusCode::OK, Some("resigned")), "{body}");
        let (status, body) = staff.post(&end, confirmed).await;
        assert_eq!((status, code(&body)), (StatusCode::CONFLICT, Some("deputyship_ended")), "{body}");
        let (_, seats) = staff.get(&format!("/api/v1/deputies/{person}")).await;
        assert_eq!(seats[0]["end_date"].as_str(), Some("2026-01-31"));

        // Accounts: created with a role staff may grant, changed by a command.
        let clerk = json!({"login": "court.two", "display_name": "李四", "password": "short", "role": "unit", "scope": court.0});
        let (status, body) = staff.post("/api/v1/users", clerk.clone()).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("password")), "{body}");
        let clerk = json!({"login": "court.two", "display_name": "李四", "password": "court-pass-2026", "role": "unit", "scope": court.0});
        let (status, body) = unit.post("/api/v1/users", clerk.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, Some("forbidden")));
        let (status, made) = staff.post("/api/v1/users", clerk).await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!((made["role"].as_str(), made["scope"].as_i64()), (Some("unit"), Some(court.0)));
        assert_eq!((made["active"].as_bool(), made["can_edit"].as_bool()), (Some(true), Some(true)));
        let id = made["id"].as_i64().expect("an id");
        let url = format!("/api/v1/users/{id}");
        let (status, body) = staff.post(&url, json!({"command": "erase"})).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("command")));
        let (status, body) = staff.post(&url, json!({"command": "contact", "email": "not mail"})).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("email")));
        let (status, body) = staff.post(&url, json!({"command": "role", "role": "admin"})).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, Some("forbidden")), "{body}");
        let (status, body) = staff.post(&url, json!({"command": "disable"})).await;
        assert_eq!((status, body["active"].as_bool()), (StatusCode::OK, Some(false)), "{body}");
        let (_, shown) = staff.get(&url).await;
        assert_eq!(shown["active"].as_bool(), Some(false));
        assert_eq!(unit.get(&url).await.0, StatusCode::FORBIDDEN, "a unit has no admin pages");
        let (_, account_page) = app.get(&page, &format!("/admin/users/{id}")).await;
        assert!(account_page.contains("court.two") && account_page.contains("已停用"), "the page shows it");
    }
}

#[tokio::test]
async fn staff_write_publish_and_attach_to_documents_through_the_api() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let other = org(&s, "别市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let court = org(&s, "示范市中级人民法院", OrgKind::Unit(UnitKind::Court), Some(city)).await;
        user(&s, "city.staff", Role::Staff { congress: city }).await;
        user(&s, "other.staff", Role::Staff { congress: other }).await;
        user(&s, "court.clerk", Role::Unit { unit: court }).await;
        let app = TestApp::new(t).await;
        let staff = app.api_login("city.staff").await;
        let stranger = app.api_login("other.staff").await;
        let unit = app.api_login("court.clerk").await;

        let mut doc = json!({
            "congress": city.0, "kind": "memo", "visibility": "public", "title": "关于召开代表座谈会的通知",
            "text_date": "2026-03-05", "lead": "座谈会安排", "body": "# 安排\n三月五日上午九时。",
            "tags": ["座谈会", "通知"]
        });
        let (status, body) = staff.post("/api/v1/documents", doc.clone()).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("kind")), "{body}");
        doc["kind"] = json!("notice");
        let (status, body) = unit.post("/api/v1/documents", doc.clone()).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, Some("forbidden")));
        let (status, made) = staff.post("/api/v1/documents", doc.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!((made["published"].as_bool(), made["tags"].clone()), (Some(false), json!(["座谈会", "通知"])));
        let id = made["id"].as_i64().expect("an id");
        let anon = app.api_anonymous();
        assert_eq!(anon.get(&format!("/api/v1/documents/{id}")).await.0, StatusCode::NOT_FOUND, "a draft");

        // Edited (by its congress's staff only), then published once.
        doc["title"] = json!("关于召开代表座谈会的通知（更正）");
        let (status, _) = stranger.post(&format!("/api/v1/documents/{id}"), doc.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = staff.post(&format!("/api/v1/documents/{id}"), doc).await;
        assert_eq!((status, body["title"].as_str()), (StatusCode::OK, Some("关于召开代表座谈会的通知（更正）")));
        let publish = format!("/api/v1/documents/{id}/publish");
        let (status, body) = staff.post(&publish, json!({"action": "print"})).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("action")));
        let (status, body) = staff.post(&publish, json!({"action": "publish"})).await;
        assert_eq!((status, body["published"].as_bool()), (StatusCode::OK, Some(true)), "{body}");
        let (status, body) = staff.post(&publish, json!({"action": "publish"})).await;
        assert_eq!((status, code(&body)), (StatusCode::CONFLICT, Some("already_published")), "{body}");
        let (status, read) = anon.get(&format!("/api/v1/documents/{id}")).await;
        assert_eq!((status, read["title"].as_str()), (StatusCode::OK, Some("关于召开代表座谈会的通知（更正）")));

        // Attachments as files: judged by their content, listed, removed.
        let files = format!("/api/v1/documents/{id}/files");
        let (status, body) = staff.post(&files, json!({})).await;
        assert_eq!((status, field(&body)), (StatusCode::UNPROCESSABLE_ENTITY, Some("files")), "{body}");
        let (status, _) = staff.post_files(&files, json!({}), &[("伪装.pdf", b"<html>not a pdf</html>")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, body) = staff.post_files(&files, json!({}), &[("议程.pdf", b"%PDF-1.7 agenda")]).await;
        assert_eq!((status, body["files"][0]["name"].as_str()), (StatusCode::OK, Some("议程.pdf")), "{body}");
        let (page, _) = app.login("city.staff").await;
        let (_, edit) = app.get(&page, &format!("/admin/documents/{id}")).await;
        assert!(edit.contains("议程.pdf"), "the edit page lists it");
        let hash = body["files"][0]["hash"].as_str().expect("a hash").to_owned();
        let (status, body) = staff.post(&format!("{files}/{hash}/delete"), json!({})).await;
        assert_eq!((status, body["files"].clone()), (StatusCode::OK, json!([])), "{body}");

        // Withdrawn: readers no longer find it.
        let (status, body) = staff.post(&publish, json!({"action": "withdraw"})).await;
        assert_eq!((status, body["published"].as_bool()), (StatusCode::OK, Some(false)));
        assert_eq!(anon.get(&format!("/api/v1/documents/{id}")).await.0, StatusCode::NOT_FOUND);
    }
}
