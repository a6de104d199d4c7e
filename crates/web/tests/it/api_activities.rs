//! 履职活动 in the API: organised with a joint host, deputies invited, their sign-up and leave
//! handled, the report and its photos, cancelled — the detail page's rules and codes.

use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_testkit::http::TestApp;
use renda_testkit::{deputy, org, testing, user};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn code(body: &Value) -> Option<&str> {
    body["error"]["code"].as_str()
}

#[tokio::test]
async fn an_activity_is_organised_and_run_through_the_api() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let east = org(&s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
        let west = org(&s, "西城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
        let li = deputy(&s, "李东", east).await;
        let ma = deputy(&s, "马东", east).await;
        let wang = deputy(&s, "王西", west).await;
        user(&s, "staff.east", Role::Staff { congress: east }).await;
        user(&s, "staff.west", Role::Staff { congress: west }).await;
        user(&s, "deputy.li", Role::Deputy { person: li }).await;
        user(&s, "deputy.ma", Role::Deputy { person: ma }).await;
        user(&s, "deputy.wang", Role::Deputy { person: wang }).await;
        let tomorrow = s.clock().beijing().date().tomorrow().expect("a tomorrow");
        let app = TestApp::new(t).await;
        let clerk = app.api_login("staff.east").await;
        let body = |ends: &str| {
            json!({"kind": "inspection", "title": "视察老旧小区改造", "place": "东湖街道", "organiser": "区人大常委会办公室",
                   "starts_at": format!("{tomorrow} 09:00"), "ends_at": format!("{tomorrow} {ends}"), "joint": west.0})
        };

        // Organised, held jointly with 西城区; a bad time is refused beside its field.
        let (status, made) = clerk.post("/api/v1/activities", body("08:00")).await;
        assert_eq!((status, made["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ends_at")));
        let (status, made) = clerk.post("/api/v1/activities", body("11:30")).await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!(
            (made["joint"].clone(), made["starts_at"].as_str()),
            (json!([west.0]), Some(&*format!("{tomorrow} 09:00")))
        );
        let id = made["id"].as_i64().expect("an id");
        let (url, actions) = (format!("/api/v1/activities/{id}"), format!("/api/v1/activities/{id}/actions"));
        let li_c = app.api_login("deputy.li").await;
        let (status, body_) = li_c.post("/api/v1/activities", body("11:30")).await;
        assert_eq!((status, code(&body_)), (StatusCode::FORBIDDEN, Some("forbidden")));
        let (status, _) = li_c.get(&url).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "not on the roll yet: not shown");

        // Invited from the list, again (nobody new), and 西城区's deputies as a whole, since it
        // hosts jointly.
        let (status, after) = clerk.post(&actions, json!({"command": "invite", "persons": [li.0, ma.0]})).await;
        assert_eq!((status, after["invited"].as_u64()), (StatusCode::OK, Some(2)), "{after}");
        let (_, after) = clerk.post(&actions, json!({"command": "invite", "persons": [li.0]})).await;
        assert_eq!(after["invited"].as_u64(), Some(0));
        let (status, body_) = clerk.post(&actions, json!({"command": "invite", "persons": []})).await;
        assert_eq!((status, body_["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("persons")));
        let group = json!({"command": "invite", "group": {"congress": west.0}});
        let (status, after) = clerk.post(&actions, group).await;
        assert_eq!((status, after["invited"].as_u64()), (StatusCode::OK, Some(1)), "{after}");

        // The deputies' own steps; the organiser decides leave; a deputy never checks in here.
        let (status, seen) = li_c.post(&actions, json!({"command": "sign_up"})).await;
        assert_eq!(status, StatusCode::OK, "{seen}");
        let ma_c = app.api_login("deputy.ma").await;
        let leave = json!({"command": "request_leave", "reason": "当天在外地出差"});
        assert_eq!(ma_c.post(&actions, leave).await.0, StatusCode::OK);
        let (status, body_) = li_c.post(&actions, json!({"command": "check_in"})).await;
        assert_eq!((status, code(&body_)), (StatusCode::FORBIDDEN, Some("forbidden")));
        let (status, body_) = clerk.post(&actions, json!({"command": "refuse_leave", "note": "请尽量参加"})).await;
        assert_eq!((status, body_["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("person")));
        let refuse = json!({"command": "refuse_leave", "person": ma.0, "note": "请尽量参加"});
        let (status, after) = clerk.post(&actions, refuse).await;
        assert_eq!(status, StatusCode::OK, "{after}");
        let line = |v: &Value, person: i64| {
            v["roll"].as_array().and_then(|r| r.iter().find(|l| l["person"] == person).cloned())
        };
        assert_eq!(line(&after, li.0).map(|l| l["attendance"].clone()), Some(json!("signed_up")));
        let ma_line = line(&after, ma.0).expect("马东 on the roll");
        assert_eq!(
            (ma_line["attendance"].as_str(), ma_line["leave_reason"].as_str()),
            (Some("leave_refused"), Some("当天在外地出差"))
        );
        let (_, as_li) = li_c.get(&url).await;
        assert_eq!(
            line(&as_li, ma.0).map(|l| l["leave_reason"].clone()),
            Some(Value::Null),
            "another's reason is not shown"
        );

        // Edited, reported with a photo; files go with photos only, and only pictures.
        let mut edited = body("12:00");
        edited["title"] = json!("视察老旧小区改造工作");
        let (status, after) = clerk.post(&url, edited).await;
        assert_eq!((status, after["title"].as_str()), (StatusCode::OK, Some("视察老旧小区改造工作")));
        let report = json!({"command": "report", "report": "代表们实地查看了三个小区的改造情况。", "published": true});
        let (status, body_) = clerk.post_files(&actions, report.clone(), &[("现场.png", PNG)]).await;
        assert_eq!((status, body_["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("files")));
        let (status, after) = clerk.post(&actions, report).await;
        assert_eq!((status, after["report_published"].as_bool()), (StatusCode::OK, Some(true)));
        let photos = json!({"command": "photos", "caption": "实地查看"});
        let (status, body_) = clerk.post_files(&actions, photos.clone(), &[("说明.txt", b"text")]).await;
        assert_eq!((status, body_["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("files")));
        let (status, after) = clerk.post_files(&actions, photos, &[("现场.png", PNG)]).await;
        assert_eq!((status, after["photos"].as_array().map(Vec::len)), (StatusCode::OK, Some(1)), "{after}");

        // The joint host reads it; a deputy may not cancel; once cancelled, nothing more.
        assert_eq!(app.api_login("staff.west").await.get(&url).await.0, StatusCode::OK);
        assert_eq!(li_c.post(&actions, json!({"command": "cancel"})).await.0, StatusCode::FORBIDDEN);
        let (status, after) = clerk.post(&actions, json!({"command": "cancel"})).await;
        assert_eq!((status, after["cancelled"].as_bool()), (StatusCode::OK, Some(true)));
        let (status, body_) = clerk.post(&actions, json!({"command": "cancel"})).await;
        assert_eq!((status, code(&body_)), (StatusCode::CONFLICT, Some("activity_cancelled")));
        let (status, body_) = clerk.post(&url, body("11:30")).await;
        assert_eq!((status, code(&body_)), (StatusCode::CONFLICT, Some("activity_cancelled")));
        assert_eq!(
            clerk.post("/api/v1/activities/999999/actions", json!({"command": "cancel"})).await.0,
            StatusCode::NOT_FOUND
        );
    }
}
