//! A vote counted in the room on the meeting page: for an open vote nobody has voted on, the
//! clerk's 人工计票 form (the method, the counts, two tellers among those present, the
//! irreversible confirmation); a refused count comes back as typed with the reason beside its
//! field; a good one closes the vote and the page shows the method and the tellers; a secret
//! vote offers paper ballots only, and a device vote withdraws the form.

use super::post;
use renda_core::ids::PersonId;
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

#[tokio::test]
async fn the_clerk_records_a_show_of_hands_with_two_tellers_and_the_page_shows_it() {
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
            number: Some(20),
            title: "市人大常委会第二十次会议".into(),
            held_on: TEST_DAY,
            place: "常委会议室".into(),
            notified_on: None,
        };
        let meeting = s.create_meeting(&staff(city), city, &new).await.expect("scheduled");
        let text =
            NewItem { title: "关于甲事项的决议（草案）".into(), matter: Matter::Text, secrecy: None };
        let resolution = s.add_agenda_item(&staff(city), meeting, &text).await.expect("on the agenda");
        let nominees = vec![Nominee { person: members[8], post: renda_core::ids::PostId(1) }];
        let appointment = NewItem {
            title: "关于任命委员8为示范市教育局局长的议案".into(),
            matter: Matter::Personnel { action: Personnel::Appoint, nominees, joint: false },
            secrecy: None,
        };
        let secret = s.add_agenda_item(&staff(city), meeting, &appointment).await.expect("on the agenda");
        for p in &members[..7] {
            s.sign_in(&staff(city), meeting, *p).await.expect("signed in");
        }
        let app = TestApp::new(t).await;
        let (clerk, csrf) = app.login("staff.city").await;
        let page_of = format!("/meetings/{}", meeting.0);
        s.open_vote(&staff(city), resolution).await.expect("opens");

        // The form, for an open vote nobody has voted on: both methods, tellers among those present.
        let count = format!("/meetings/items/{}/count", resolution.0);
        let (_, page) = app.get(&clerk, &page_of).await;
        assert!(page.contains(&format!("action=\"{count}\"")) && page.contains("人工计票"), "{page}");
        assert!(page.contains("value=\"show_of_hands\"") && page.contains("value=\"paper_ballot\""));
        assert!(page.contains(&format!("<option value=\"{}\">委员6</option>", members[6].0)), "present: {page}");
        assert!(!page.contains(&format!("<option value=\"{}\">委员7</option>", members[7].0)), "absent: {page}");
        // A member's phone offers no such form.
        let (mc, _) = app.login("member0").await;
        let (_, theirs) = app.get(&mc, &page_of).await;
        assert!(!theirs.contains(&format!("action=\"{count}\"")), "{theirs}");

        let (t0, t1) = (members[0].0.to_string(), members[1].0.to_string());
        let typed = |yes: &'static str| {
            vec![
                ("method", "show_of_hands".to_owned()),
                ("yes", yes.to_owned()),
                ("no", "1".to_owned()),
                ("abstain", "1".to_owned()),
                ("teller_1", t0.clone()),
                ("teller_2", t1.clone()),
            ]
        };
        let fields = |v: &[(&'static str, String)], confirm: bool| {
            let mut out: Vec<(&str, String)> = v.to_vec();
            if confirm {
                out.push(("confirm", "1".to_owned()));
            }
            out
        };
        let send = |v: Vec<(&'static str, String)>| {
            let (app, clerk, csrf, page_of, count) = (&app, &clerk, &csrf, &page_of, &count);
            async move {
                let borrowed: Vec<(&str, &str)> = v.iter().map(|(k, v)| (*k, v.as_str())).collect();
                post(app, clerk, csrf, page_of, count, &borrowed).await
            }
        };
        // Without the confirmation: refused on the box, the counts kept.
        let (status, _, body) = send(fields(&typed("4"), false)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            body.contains("此操作不能撤销")
                && body.contains(
                    "name=\"yes\" type=\"number\" min=\"0\" max=\"7\" required inputmode=\"numeric\" value=\"4\""
                ),
            "{body}"
        );
        // More votes than the seven present: refused beside 赞成, all kept as typed.
        let (status, _, body) = send(fields(&typed("6"), true)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            body.contains("value=\"6\" autofocus=\"\" aria-invalid=\"true\"><span class=\"field-error\" role=\"alert\">赞成、反对、弃权合计8票，多于出席会议的组成人员7人，请重新清点。"),
            "{body}"
        );
        assert!(
            body.contains(&format!("<option value=\"{t1}\" selected=\"\">委员1</option>")),
            "the tellers as chosen: {body}"
        );
        // One teller twice: refused beside the second.
        let mut twice = typed("4");
        twice[5] = ("teller_2", t0.clone());
        let (status, _, body) = send(fields(&twice, true)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("</select><span class=\"field-error\" role=\"alert\">监票人应为两名不同的组成人员。"),
            "{body}"
        );
        let view = app.store.meeting(&staff(city), meeting).await.expect("read");
        assert!(view.items[0].announcement.is_none(), "nothing recorded");

        // 5 yes of 9 members: passes; the page shows the result, the method and the tellers.
        let (status, to, body) = send(fields(&typed("5"), true)).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        assert!(to.contains("notice=vote_counted"), "{to}");
        let (_, page) = app.get(&mc, &page_of).await;
        assert!(page.contains("应到9人，实到7人；赞成5票，反对1票，弃权1票，未表决0人。"), "{page}");
        assert!(
            page.contains("通过（须全体组成人员过半数，即5票）") && page.contains("举手表决，监票人：委员0、委员1"),
            "{page}"
        );
        let (_, page) = app.get(&clerk, &page_of).await;
        assert!(!page.contains(&format!("action=\"{count}\"")), "no second count: {page}");
        let (status, _, _) = send(fields(&typed("1"), true)).await;
        assert_eq!(status, StatusCode::CONFLICT, "a second count is refused");

        // The secret appointment: paper ballots only; once a member voted on a device, no count.
        s.open_vote(&staff(city), secret).await.expect("opens");
        let (_, page) = app.get(&clerk, &page_of).await;
        assert!(page.contains(&format!("action=\"/meetings/items/{}/count\"", secret.0)), "{page}");
        assert!(!page.contains("value=\"show_of_hands\"") && page.contains("只能使用纸质票"), "{page}");
        s.cast_vote(&as_deputy(members[2]), secret, Choice::Yes).await.expect("a device vote");
        let (_, page) = app.get(&clerk, &page_of).await;
        assert!(!page.contains(&format!("action=\"/meetings/items/{}/count\"", secret.0)), "{page}");
    }
}
