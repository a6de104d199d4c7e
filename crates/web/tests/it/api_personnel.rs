//! Personnel cases through the API: a post, a case filed with its files (materials named in
//! order), the clerk's steps, the exam and the agenda; mismatched materials, unknown codes, a
//! second pending case and a nomination barred after a failure come back as 4xx with stable
//! codes, and nothing changes.

use jiff::civil::date;
use renda_core::meeting::MemberRole;
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_store::meetings::{NewMeeting, NewMembership};
use renda_testkit::http::TestApp;
use renda_testkit::{count, deputy, org, staff, testing, user};
use reqwest::StatusCode;
use serde_json::json;

const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";

#[tokio::test]
async fn a_case_is_filed_and_carried_to_the_agenda_through_the_api() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        sqlx::query("UPDATE organisations SET term = 18 WHERE id = $1")
            .bind(city.0)
            .execute(s.writer())
            .await
            .expect("term");
        let court = org(&s, "示范市中级人民法院", OrgKind::Unit(UnitKind::Court), Some(city)).await;
        for i in 0..5 {
            let p = deputy(&s, &format!("委员{i}"), city).await;
            let new = NewMembership { person: p, role: MemberRole::Member, from: date(2026, 1, 1), until: None };
            s.add_membership(&staff(city), city, &new).await.expect("member");
        }
        let new = NewMeeting {
            kind: renda_core::meeting::MeetingKind::StandingCommittee,
            number: None,
            title: "常委会第三十次会议".into(),
            held_on: date(2026, 3, 25),
            place: String::new(),
            notified_on: None,
        };
        let meeting = s.create_meeting(&staff(city), city, &new).await.expect("meeting");
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        user(&s, "unit.court", Role::Unit { unit: court }).await;
        let app = TestApp::new(t).await;
        let clerk = app.api_login("staff.city").await;

        let (status, post) =
            clerk.post("/api/v1/posts", json!({ "title": "示范市中级人民法院副院长", "organ_id": court.0 })).await;
        assert_eq!(status, StatusCode::CREATED, "{post}");
        let body = |materials: serde_json::Value| {
            json!({ "meeting_id": meeting.0, "action": "appoint", "proposer": "court", "name": "周八",
                    "post_id": post["id"], "filed_on": "2026-03-10", "materials": materials })
        };
        // Two files, one material named: refused on the field.
        let (status, answer) =
            clerk.post_files("/api/v1/personnel-cases", body(json!(["form"])), &[("a.pdf", PDF), ("b.pdf", PDF)]).await;
        assert_eq!((status, answer["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("materials")));
        let (status, answer) = clerk
            .post(
                "/api/v1/personnel-cases",
                json!({ "meeting_id": meeting.0, "action": "promote",
            "proposer": "court", "name": "周八", "post_id": post["id"], "filed_on": "2026-03-10" }),
            )
            .await;
        assert_eq!((status, answer["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("action")));
        assert_eq!(count(&s, "SELECT COUNT(*) FROM personnel_cases").await, 0);

        let (status, case) = clerk
            .post_files(
                "/api/v1/personnel-cases",
                body(json!(["form", "assessment"])),
                &[("呈报表.pdf", PDF), ("考察.pdf", b"%PDF-1.7\n%%EOF\n")],
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{case}");
        assert_eq!(case["case"]["state"], "filed");
        assert_eq!(case["missing"], json!([]));
        let id = case["case"]["id"].as_i64().expect("id");
        let (status, again) = clerk.post_files("/api/v1/personnel-cases", body(json!([])), &[]).await;
        assert_eq!((status, again["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("conflict")));

        let (status, accepted) =
            clerk.post(&format!("/api/v1/personnel-cases/{id}/steps"), json!({ "step": "accept" })).await;
        assert_eq!((status, accepted["case"]["state"].as_str()), (StatusCode::OK, Some("accepted")));
        let (status, exam) = clerk
            .post(
                &format!("/api/v1/personnel-cases/{id}/exam"),
                json!({ "sat_on": "2026-03-10", "score": 92, "passed": true }),
            )
            .await;
        assert_eq!((status, exam["exam_passed"].as_bool()), (StatusCode::OK, Some(true)));
        let (status, scheduled) = clerk.post(&format!("/api/v1/personnel-cases/{id}/schedule"), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{scheduled}");
        assert_eq!(scheduled["case"]["state"], "scheduled");
        assert!(scheduled["case"]["item_id"].is_i64());
        let (status, listed) = clerk.get("/api/v1/personnel-cases").await;
        assert_eq!(
            (status, listed[0]["title"].as_str()),
            (StatusCode::OK, Some("关于任命周八为示范市中级人民法院副院长的议案"))
        );
        // An oath before any vote is refused.
        let (status, refused) = clerk
            .post(
                &format!("/api/v1/personnel-cases/{id}/oath"),
                json!({ "sworn_on": "2026-03-10", "mode": "individual", "supervisor": "陈志远" }),
            )
            .await;
        assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("illegal_transition")));
        // A unit reads no case.
        let unit = app.api_login("unit.court").await;
        assert!(unit.get(&format!("/api/v1/personnel-cases/{id}")).await.0.is_client_error());
    }
}
