//! 会议与任免设置 on its page: the clerk reaches it from the meetings list, sees the defaults,
//! gets a refused form back with every value as typed and the reason beside its field (nothing
//! saved), saves good values, and the meeting page follows them; a member may not change them.

use super::post;
use renda_core::meeting::Settings;
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_store::meetings::NewMeeting;
use renda_testkit::http::TestApp;
use renda_testkit::{TEST_DAY, deputy, org, staff, testing, user};
use reqwest::StatusCode;

#[tokio::test]
async fn the_clerk_keeps_the_meeting_settings_and_a_refused_form_comes_back_as_typed() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        let member = deputy(&s, "委员0", city).await;
        user(&s, "member0", Role::Deputy { person: member }).await;
        let app = TestApp::new(t).await;
        let (clerk, csrf) = app.login("staff.city").await;

        let (_, list) = app.get(&clerk, "/meetings").await;
        assert!(list.contains("href=\"/meetings/settings\""), "linked from the meetings list: {list}");
        let (status, page) = app.get(&clerk, "/meetings/settings").await;
        assert_eq!(status, StatusCode::OK);
        for label in [
            "会议通知提前天数（默认7天）",
            "任免案提请提前天数（默认10天）",
            "任前法律知识考试是否必需",
            "人事任免是否无记名表决（撤职案一律无记名）",
            "未获通过提名再次提请间隔（月，默认6）",
            "两次未获通过本届内不再提请",
            "决定和公告发布期限（天，默认5）",
        ] {
            assert!(page.contains(label), "{label}: {page}");
        }
        assert!(page.contains("name=\"notice_days\" type=\"number\" min=\"1\" max=\"30\" required value=\"7\""));
        assert!(page.contains("name=\"exam_required\" value=\"1\" checked"), "the default is ticked: {page}");

        // 31 days is beyond the bound: refused beside its field, everything else as typed (the
        // exam left unticked stays unticked), nothing saved.
        let typed = [
            ("notice_days", "31"),
            ("filing_days", "12"),
            ("secret_appointments", "1"),
            ("renomination_months", "9"),
            ("bar_after_second_failure", "1"),
            ("publish_days", "3"),
        ];
        let (status, _, body) = post(&app, &clerk, &csrf, "/meetings/settings", "/meetings/settings", &typed).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            body.contains(
                "value=\"31\" autofocus=\"\" aria-invalid=\"true\"><span class=\"field-error\" role=\"alert\">会议通知提前的天数应为1至30天"
            ),
            "the reason beside the notice days, which take the focus: {body}"
        );
        for kept in [
            "value=\"12\"",
            "value=\"9\"",
            "name=\"publish_days\" type=\"number\" min=\"1\" max=\"30\" required value=\"3\"",
        ] {
            assert!(body.contains(kept), "{kept} as typed: {body}");
        }
        assert!(!body.contains("name=\"exam_required\" value=\"1\" checked"), "unticked as posted: {body}");
        assert!(body.contains("name=\"secret_appointments\" value=\"1\" checked"));
        assert_eq!(app.store.meeting_settings(city).await.expect("read"), Settings::default(), "nothing saved");
        // Not a number at all: refused beside its field too.
        let mut words = typed;
        words[5] = ("publish_days", "五天");
        let (status, _, body) = post(&app, &clerk, &csrf, "/meetings/settings", "/meetings/settings", &words).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("value=\"五天\" autofocus=\"\" aria-invalid=\"true\"><span class=\"field-error\" role=\"alert\">请填写整数"), "{body}");

        // Ten days: saved, shown, and followed by the meeting page.
        let mut good = typed;
        good[0] = ("notice_days", "10");
        let (status, to, body) = post(&app, &clerk, &csrf, "/meetings/settings", "/meetings/settings", &good).await;
        assert_eq!(
            (status, to.as_str()),
            (StatusCode::SEE_OTHER, "/meetings/settings?notice=meeting_settings"),
            "{body}"
        );
        let saved = app.store.meeting_settings(city).await.expect("read");
        let expected = Settings {
            notice_days: 10,
            filing_days: 12,
            exam_required: false,
            secret_appointments: true,
            renomination_months: 9,
            bar_after_second_failure: true,
            publish_days: 3,
        };
        assert_eq!(saved, expected);
        let (_, page) = app.get(&clerk, "/meetings/settings?notice=meeting_settings").await;
        assert!(page.contains("会议与任免设置已保存") && page.contains("required value=\"10\""), "{page}");
        let new = NewMeeting {
            kind: renda_core::meeting::MeetingKind::StandingCommittee,
            number: None,
            title: "市人大常委会第二十次会议".into(),
            held_on: TEST_DAY,
            place: String::new(),
            notified_on: None,
        };
        let meeting = s.create_meeting(&staff(city), city, &new).await.expect("scheduled");
        let (_, page) = app.get(&clerk, &format!("/meetings/{}", meeting.0)).await;
        assert!(page.contains("会议通知应在会议举行10日前送达组成人员"), "{page}");

        // A member does not change the congress's settings.
        let (mc, mcsrf) = app.login("member0").await;
        assert_eq!(app.get(&mc, "/meetings/settings").await.0, StatusCode::FORBIDDEN);
        let mut form = vec![("_csrf", mcsrf.as_str())];
        form.extend_from_slice(&good);
        assert_eq!(app.post(&mc, "/meetings/settings", &form).await.0, StatusCode::FORBIDDEN);
        assert_eq!(app.store.meeting_settings(city).await.expect("read"), expected, "unchanged");
    }
}
