//! The API twins of 会议与任免设置 and of a vote counted in the room: `GET`/`PUT` (or `POST`)
//! `/api/v1/meeting-settings` for the congress's staff, refused out of bounds beside the field;
//! `POST /api/v1/meeting-items/{id}/count` closing an open vote with a show of hands or paper
//! ballots and two tellers, with the core's codes when refused.

use super::{field, refused};
use renda_core::ids::{PersonId, PostId};
use renda_core::meeting::agenda::{Matter, Nominee};
use renda_core::meeting::vote::Choice;
use renda_core::meeting::{MeetingKind, MemberRole};
use renda_core::official::appointment::Action as Personnel;
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_store::meetings::{NewItem, NewMeeting, NewMembership};
use renda_testkit::http::TestApp;
use renda_testkit::{TEST_DAY, as_deputy, deputy, org, staff, testing, user};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_meeting_settings_are_read_and_saved_through_the_api_within_their_bounds() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        let p = deputy(&s, "委员0", city).await;
        user(&s, "member0", Role::Deputy { person: p }).await;
        let app = TestApp::new(t).await;
        let clerk = app.api_login("staff.city").await;

        let (status, got) = clerk.get("/api/v1/meeting-settings").await;
        assert_eq!(status, StatusCode::OK, "{got}");
        assert_eq!(
            (got["congress_id"].as_i64(), got["notice_days"].as_u64(), got["secret_appointments"].as_bool()),
            (Some(city.0), Some(7), Some(true))
        );
        let body = |notice_days: i64| {
            json!({"notice_days": notice_days, "filing_days": 10, "exam_required": true, "secret_appointments": false,
                   "renomination_months": 6, "bar_after_second_failure": true, "publish_days": 5})
        };
        for bad in [31, 0, -5] {
            let a = clerk.put("/api/v1/meeting-settings", body(bad)).await;
            assert_eq!(field(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("notice_days")), "{bad}: {}", a.1);
            assert!(a.1["error"]["message"].as_str().is_some_and(|m| m.contains("1至30天")), "{}", a.1);
        }
        let a = clerk.put("/api/v1/meeting-settings", json!({"notice_days": 10})).await;
        assert_eq!(refused(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_input")), "{}", a.1);
        assert_eq!(clerk.get("/api/v1/meeting-settings").await.1["notice_days"].as_u64(), Some(7), "unchanged");

        let (status, saved) = clerk.put("/api/v1/meeting-settings", body(10)).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!((saved["notice_days"].as_u64(), saved["secret_appointments"].as_bool()), (Some(10), Some(false)));
        let (status, saved) = clerk.post("/api/v1/meeting-settings", body(12)).await;
        assert_eq!((status, saved["notice_days"].as_u64()), (StatusCode::OK, Some(12)), "POST, as the page's twin");
        assert_eq!(app.store.meeting_settings(city).await.expect("read").notice_days, 12);

        let member = app.api_login("member0").await;
        assert_eq!(member.get("/api/v1/meeting-settings").await.0, StatusCode::FORBIDDEN);
        let a = member.put("/api/v1/meeting-settings", body(20)).await;
        assert_eq!(refused(&a), (StatusCode::FORBIDDEN, Some("forbidden")), "{}", a.1);
        assert_eq!(app.store.meeting_settings(city).await.expect("read").notice_days, 12, "unchanged");
    }
}

#[tokio::test]
async fn a_vote_counted_in_the_room_is_recorded_through_the_api_with_the_cores_codes() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        let mut members: Vec<PersonId> = Vec::new();
        for i in 0..9 {
            let p = deputy(&s, &format!("委员{i}"), city).await;
            let role = if i == 0 { MemberRole::Director } else { MemberRole::Member };
            let new = NewMembership { person: p, role, from: jiff::civil::date(2026, 1, 1), until: None };
            s.add_membership(&staff(city), city, &new).await.expect("member");
            user(&s, &format!("member{i}"), Role::Deputy { person: p }).await;
            members.push(p);
        }
        let new = NewMeeting {
            kind: MeetingKind::StandingCommittee,
            number: None,
            title: "市人大常委会第二十次会议".into(),
            held_on: TEST_DAY,
            place: String::new(),
            notified_on: None,
        };
        let meeting = s.create_meeting(&staff(city), city, &new).await.expect("scheduled");
        let text =
            NewItem { title: "关于甲事项的决议（草案）".into(), matter: Matter::Text, secrecy: None };
        let resolution = s.add_agenda_item(&staff(city), meeting, &text).await.expect("on the agenda");
        let appointment = NewItem {
            title: "关于任命委员8为示范市教育局局长的议案".into(),
            matter: Matter::Personnel {
                action: Personnel::Appoint,
                nominees: vec![Nominee { person: members[8], post: PostId(1) }],
                joint: false,
            },
            secrecy: None,
        };
        let secret = s.add_agenda_item(&staff(city), meeting, &appointment).await.expect("on the agenda");
        for p in &members[..7] {
            s.sign_in(&staff(city), meeting, *p).await.expect("signed in");
        }
        let app = TestApp::new(t).await;
        let clerk = app.api_login("staff.city").await;
        let count = |method: &str, yes: u64, tellers: serde_json::Value| json!({"method": method, "yes": yes, "no": 1, "abstain": 0, "tellers": tellers});
        let tellers = json!([members[0].0, members[1].0]);
        let path = format!("/api/v1/meeting-items/{}/count", resolution.0);

        let a = clerk.post(&path, count("show_of_hands", 5, tellers.clone())).await;
        assert_eq!(refused(&a), (StatusCode::CONFLICT, Some("wrong_state")), "not open yet: {}", a.1);
        s.open_vote(&staff(city), resolution).await.expect("opens");
        let a = clerk.post(&path, count("举手", 5, tellers.clone())).await;
        assert_eq!(field(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("method")), "{}", a.1);
        let a = clerk.post(&path, count("show_of_hands", 5, json!([members[0].0]))).await;
        assert_eq!(field(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("tellers")), "{}", a.1);
        let a = clerk.post(&path, count("show_of_hands", 5, json!([members[0].0, members[7].0]))).await;
        assert_eq!(refused(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("tellers_invalid")), "absent: {}", a.1);
        assert_eq!(a.1["error"]["field"].as_str(), Some("teller_2"));
        let a = clerk.post(&path, count("show_of_hands", 7, tellers.clone())).await;
        assert_eq!(refused(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("count_exceeds_present")), "{}", a.1);
        let (status, item) = clerk.post(&path, count("show_of_hands", 5, tellers.clone())).await;
        assert_eq!(status, StatusCode::OK, "{item}");
        assert_eq!(
            (
                item["state"].as_str(),
                item["announcement"]["passed"].as_bool(),
                item["announcement"]["not_voted"].as_u64()
            ),
            (Some("closed"), Some(true), Some(1))
        );
        assert_eq!(item["counted"]["method"].as_str(), Some("show_of_hands"));
        assert_eq!(item["counted"]["text"].as_str(), Some("举手表决，监票人：委员0、委员1"));
        assert_eq!(item["counted"]["tellers"][1]["person_id"].as_i64(), Some(members[1].0));
        let a = clerk.post(&path, count("show_of_hands", 5, tellers.clone())).await;
        assert_eq!(refused(&a), (StatusCode::CONFLICT, Some("wrong_state")), "counted once: {}", a.1);
        let a = clerk.get(&format!("/api/v1/meeting-items/{}/roll", resolution.0)).await;
        assert_eq!(a.0, StatusCode::NOT_FOUND, "no roll: {}", a.1);

        // The secret appointment: no show of hands; after a device vote, no count at all.
        s.open_vote(&staff(city), secret).await.expect("opens");
        let path = format!("/api/v1/meeting-items/{}/count", secret.0);
        let a = clerk.post(&path, count("show_of_hands", 5, tellers.clone())).await;
        assert_eq!(refused(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("secret_vote_required")), "{}", a.1);
        s.cast_vote(&as_deputy(members[3]), secret, Choice::Yes).await.expect("a device vote");
        let a = clerk.post(&path, count("paper_ballot", 5, tellers.clone())).await;
        assert_eq!(refused(&a), (StatusCode::CONFLICT, Some("device_votes_cast")), "{}", a.1);
        let member = app.api_login("member0").await;
        let a = member.post(&path, count("paper_ballot", 5, tellers)).await;
        assert_eq!(a.0, StatusCode::FORBIDDEN, "{}", a.1);
    }
}
