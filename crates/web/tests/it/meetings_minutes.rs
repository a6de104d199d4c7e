//! A meeting's 列席 and 旁听, speeches and 简报 on the pages and in the API: the clerk lists who
//! sits in and who watches (the gallery full at its seats, the form coming back as typed), records
//! two speeches and returns them; a member signs theirs off on the phone — nobody else can —;
//! the clerk's 简报 with the other, unsigned speech is refused by name, the one with the signed
//! speech is published, numbered and frozen, and every member reads it.

use super::meetings::post;
use jiff::civil::Date;
use renda_core::ids::{OrgId, PersonId};
use renda_core::meeting::{MeetingKind, MemberRole};
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_store::Store;
use renda_store::meetings::{MeetingId, NewMeeting, NewMembership};
use renda_testkit::http::TestApp;
use renda_testkit::{TEST_DAY, deputy, has_chinese, org, staff, testing, user};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A city with a committee of five (委员0 … 委员4; logins `member0` and `member1`), its clerk
/// `staff.city`, a deputy on no committee (`outsider`) and a meeting on `day`.
async fn committee_meeting(s: &Store, day: Date) -> (OrgId, Vec<PersonId>, MeetingId) {
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    user(s, "staff.city", Role::Staff { congress: city }).await;
    let mut members = Vec::new();
    for i in 0..5 {
        let p = deputy(s, &format!("委员{i}"), city).await;
        let role = if i == 4 { MemberRole::Director } else { MemberRole::Member };
        let new = NewMembership { person: p, role, from: jiff::civil::date(2026, 1, 1), until: None };
        s.add_membership(&staff(city), city, &new).await.expect("member");
        if i < 2 {
            user(s, &format!("member{i}"), Role::Deputy { person: p }).await;
        }
        members.push(p);
    }
    let outsider = deputy(s, "列席代表", city).await;
    user(s, "outsider", Role::Deputy { person: outsider }).await;
    let new = NewMeeting {
        kind: MeetingKind::StandingCommittee,
        number: Some(21),
        title: "市人大常委会第二十一次会议".into(),
        held_on: day,
        place: "常委会议室".into(),
        notified_on: None,
    };
    let meeting = s.create_meeting(&staff(city), city, &new).await.expect("scheduled");
    (city, members, meeting)
}

#[tokio::test]
async fn the_clerk_returns_speeches_a_member_signs_off_on_the_phone_and_the_published_bulletin_holds_only_signed_ones()
{
    for t in testing::all().await {
        let s = t.store.clone();
        let (city, members, meeting) = committee_meeting(&s, TEST_DAY).await;
        let app = TestApp::new(t).await;
        let (clerk, ccsrf) = app.login("staff.city").await;
        let page = format!("/meetings/{}", meeting.0);

        // 列席 and 旁听: one seat in the gallery; the second citizen is refused, the form comes
        // back as typed with the reason.
        let fields = [("kind", "government"), ("name", "王五"), ("organisation", "示范市人民政府"), ("post", "副市长")];
        let (status, _, body) = post(&app, &clerk, &ccsrf, &page, &format!("{page}/attendees"), &fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let (status, _, body) =
            post(&app, &clerk, &ccsrf, &page, &format!("{page}/gallery"), &[("gallery_seats", "1")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let citizen = [("name", "孙七"), ("phone", "13800138000")];
        let (status, _, body) = post(&app, &clerk, &ccsrf, &page, &format!("{page}/visitors"), &citizen).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let second = [("name", "周八"), ("phone", "13900139000")];
        let (status, _, body) = post(&app, &clerk, &ccsrf, &page, &format!("{page}/visitors"), &second).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(body.contains("旁听席1个，已全部登记") && body.contains("value=\"周八\""), "refilled: {body}");

        // Two speeches recorded and returned to their speakers.
        let regulation = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM meeting_items").fetch_one(s.pool()).await;
        assert_eq!(regulation.expect("count"), 0, "the speeches are on the meeting in general");
        let mut speeches = Vec::new();
        for (i, text) in [(0, "建议加快社区养老服务设施建设。"), (1, "建议加大对农村养老的投入。")]
        {
            let speaker = format!("m:{}", members[i].0);
            let fields = [("speaker", speaker.as_str()), ("item", ""), ("text", text)];
            let (status, _, body) = post(&app, &clerk, &ccsrf, &page, &format!("{page}/speeches"), &fields).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
            let id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM meeting_speeches")
                .fetch_one(s.pool())
                .await
                .expect("the speech");
            let act = format!("/meetings/speeches/{id}/act");
            let (status, _, body) = post(&app, &clerk, &ccsrf, &page, &act, &[("do", "send_back")]).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
            speeches.push(id);
        }
        let (_, clerk_page) = app.get(&clerk, &page).await;
        assert!(clerk_page.contains("2篇发言等待发言人确认") && clerk_page.contains("13800138000"), "{clerk_page}");

        // On the phone: 委员0 sees their speech waiting, 委员1's is not theirs to sign.
        let (m0, csrf0) = app.login("member0").await;
        let (m1, csrf1) = app.login("member1").await;
        let (_, phone) = app.get(&m0, &page).await;
        assert!(phone.contains("您有1篇发言记录待确认") && phone.contains("建议加快社区养老服务设施建设。"), "{phone}");
        assert!(phone.contains("王五") && phone.contains("孙七") && !phone.contains("13800138000"), "{phone}");
        assert!(!phone.contains("建议加大对农村养老的投入。"), "another member's speech: {phone}");
        let act0 = format!("/meetings/speeches/{}/act", speeches[0]);
        let (status, _, body) = post(&app, &m1, &csrf1, &page, &act0, &[("do", "sign_off"), ("text", "改")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let corrected = "建议加快社区养老服务设施建设，补齐农村短板。";
        let (status, _, body) = post(&app, &m0, &csrf0, &page, &act0, &[("do", "sign_off"), ("text", corrected)]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");

        // The clerk's 简报 with the unsigned speech is refused by name, the form as typed.
        let both =
            [("title", "分组审议情况"), ("speeches", &speeches[0].to_string()), ("speeches", &speeches[1].to_string())];
        let bulletins = format!("{page}/bulletins");
        let (status, _, body) = post(&app, &clerk, &ccsrf, &page, &bulletins, &both).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(body.contains("委员1的发言") && body.contains("尚未经发言人确认"), "{body}");
        assert!(body.contains("value=\"分组审议情况\""), "refilled: {body}");
        assert_eq!(s.minutes(&staff(city), meeting).await.expect("read").bulletins.len(), 0);
        let one = [("title", "分组审议情况"), ("speeches", &speeches[0].to_string())];
        let (status, to, body) = post(&app, &clerk, &ccsrf, &page, &bulletins, &one).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let bulletin = to.split('?').next().expect("its page").to_owned();
        let publish = format!("{bulletin}/publish");
        let (status, _, body) = post(&app, &clerk, &ccsrf, &bulletin, &publish, &[]).await;
        assert!(status.is_client_error() && body.contains("勾选确认"), "{status}: {body}");
        let (status, _, body) = post(&app, &clerk, &ccsrf, &bulletin, &publish, &[("confirm", "1")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");

        // Every member reads it; the signed speech is frozen.
        let (status, read) = app.get(&m1, &bulletin).await;
        assert_eq!(status, StatusCode::OK, "{read}");
        assert!(read.contains("第1期") && read.contains(corrected) && read.contains("委员0"), "{read}");
        assert!(!read.contains("建议加大对农村养老的投入。"));
        let (_, phone) = app.get(&m1, &page).await;
        assert!(phone.contains("简报第1期 · 分组审议情况") && phone.contains("您有1篇发言记录待确认"), "{phone}");
        let (status, _, body) = post(&app, &clerk, &ccsrf, &page, &act0, &[("do", "reopen")]).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        let (outsider, _) = app.login("outsider").await;
        assert_eq!(app.get(&outsider, &bulletin).await.0, StatusCode::NOT_FOUND);
    }
}

fn code(answer: &(StatusCode, Value)) -> (StatusCode, Option<&str>) {
    (answer.0, answer.1["error"]["code"].as_str())
}

#[tokio::test]
async fn speeches_and_bulletins_go_through_the_api_with_the_cores_codes() {
    for t in testing::all().await {
        let s = t.store.clone();
        let (_, members, meeting) = committee_meeting(&s, TEST_DAY).await;
        let app = TestApp::new(t).await;
        let clerk = app.api_login("staff.city").await;
        let speaker = app.api_login("member0").await;
        let other = app.api_login("member1").await;
        let m = meeting.0;

        let bad = clerk
            .post(
                &format!("/api/v1/meetings/{m}/attendees"),
                json!({"kind": "army", "name": "王五", "organisation": "某部"}),
            )
            .await;
        assert_eq!(bad.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.1);
        assert_eq!(bad.1["error"]["field"], "kind");
        assert!(has_chinese(bad.1["error"]["message"].as_str().unwrap_or("")));
        let court = json!({"kind": "court", "name": "赵六", "organisation": "示范市中级人民法院", "post": "院长"});
        let a = clerk.post(&format!("/api/v1/meetings/{m}/attendees"), court).await;
        assert_eq!(a.0, StatusCode::CREATED, "{}", a.1);
        let seats = clerk.post(&format!("/api/v1/meetings/{m}/gallery"), json!({"seats": 0})).await;
        assert_eq!(seats.0, StatusCode::OK, "{}", seats.1);
        let full = clerk.post(&format!("/api/v1/meetings/{m}/visitors"), json!({"name": "孙七"})).await;
        assert_eq!(code(&full), (StatusCode::CONFLICT, Some("gallery_full")), "{}", full.1);

        // A member's speech and a 列席 speech, both returned.
        let mut ids = Vec::new();
        for speaker_body in
            [json!({"type": "member", "id": members[0].0}), json!({"type": "attendee", "id": a.1["id"]})]
        {
            let body = json!({"speaker": speaker_body, "text": "关于审判工作的意见。"});
            let r = clerk.post(&format!("/api/v1/meetings/{m}/speeches"), body).await;
            assert_eq!((r.0, r.1["state"].as_str()), (StatusCode::CREATED, Some("draft")), "{}", r.1);
            let id = r.1["id"].as_i64().expect("its id");
            let r = clerk.post(&format!("/api/v1/meeting-speeches/{id}/actions"), json!({"action": "send_back"})).await;
            assert_eq!(r.1["state"], "sent_back", "{}", r.1);
            ids.push(id);
        }
        let stranger = json!({"speaker": {"type": "member", "id": 99_999}, "text": "发言"});
        let r = clerk.post(&format!("/api/v1/meetings/{m}/speeches"), stranger).await;
        assert_eq!((r.0, r.1["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("speaker")));

        let sign = |written: bool| json!({"action": "sign_off", "written": written});
        let speech0 = format!("/api/v1/meeting-speeches/{}/actions", ids[0]);
        let r = other.post(&speech0, sign(false)).await;
        assert_eq!(code(&r), (StatusCode::FORBIDDEN, Some("not_the_speaker")), "{}", r.1);
        let r = clerk.post(&speech0, sign(false)).await;
        assert_eq!(code(&r), (StatusCode::FORBIDDEN, Some("not_the_speaker")), "{}", r.1);
        let r = speaker.post(&speech0, json!({"action": "sign_off", "text": "关于审判工作的意见（本人改定）。"})).await;
        assert_eq!((r.0, r.1["state"].as_str()), (StatusCode::OK, Some("signed_off")), "{}", r.1);

        // The 列席 speech is not signed off yet: a 简报 with it is refused, naming it.
        let both = json!({"title": "会议简报", "speech_ids": ids});
        let r = clerk.post(&format!("/api/v1/meetings/{m}/bulletins"), both.clone()).await;
        assert_eq!(code(&r), (StatusCode::CONFLICT, Some("speech_not_signed_off")), "{}", r.1);
        assert!(r.1["error"]["message"].as_str().unwrap_or("").contains("赵六"), "{}", r.1);
        let r = clerk.post(&format!("/api/v1/meeting-speeches/{}/actions", ids[1]), sign(true)).await;
        assert_eq!((r.1["state"].as_str(), r.1["written"].as_bool()), (Some("signed_off"), Some(true)), "{}", r.1);
        let r = clerk.post(&format!("/api/v1/meetings/{m}/bulletins"), both).await;
        assert_eq!(r.0, StatusCode::CREATED, "{}", r.1);
        let b = r.1["id"].as_i64().expect("its id");
        assert_eq!(speaker.get(&format!("/api/v1/meeting-bulletins/{b}")).await.0, StatusCode::NOT_FOUND, "a draft");
        let r = clerk.post(&format!("/api/v1/meeting-bulletins/{b}/publish"), json!({})).await;
        assert_eq!((r.0, r.1["issue"].as_str()), (StatusCode::OK, Some("第1期")), "{}", r.1);

        // Frozen: no step on its speeches, no second publication, no discarding.
        let r = clerk.post(&speech0, json!({"action": "reopen"})).await;
        assert_eq!(code(&r), (StatusCode::CONFLICT, Some("speech_frozen")), "{}", r.1);
        let r = clerk.post(&format!("/api/v1/meeting-bulletins/{b}/discard"), json!({})).await;
        assert_eq!(code(&r), (StatusCode::CONFLICT, Some("bulletin_published")), "{}", r.1);
        let (status, read) = other.get(&format!("/api/v1/meeting-bulletins/{b}")).await;
        assert_eq!(status, StatusCode::OK, "{read}");
        assert_eq!(read["speeches"].as_array().map(Vec::len), Some(2));
        assert_eq!(read["speeches"][0]["text"], "关于审判工作的意见（本人改定）。");
        let (_, mine) = speaker.get(&format!("/api/v1/meetings/{m}/minutes")).await;
        assert_eq!(mine["speeches"].as_array().map(Vec::len), Some(1), "only their own: {mine}");
        assert_eq!(mine["bulletins"][0]["number"], 1);
    }
}
