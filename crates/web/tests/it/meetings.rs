//! The standing committee's meeting on its pages: the clerk schedules it and puts two texts on
//! the agenda, members sign in and vote on their phones; the quorum and the result count all
//! members — a text with more yes than no but not a majority of all members fails, one with a
//! majority of all members passes; a second vote and a vote after the close are refused.

use renda_core::meeting::MemberRole;
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_store::meetings::NewMembership;
use renda_testkit::http::{TestApp, field_of};
use renda_testkit::{TEST_DAY, deputy, org, staff, testing, user};
use reqwest::StatusCode;

mod counts;
mod settings;

/// Posts a form of the page at `page` (its tokens read from it), as the browser does.
pub(super) async fn post(
    app: &TestApp,
    c: &reqwest::Client,
    csrf: &str,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let (_, html) = app.get(c, page).await;
    let token = field_of(&html, "_form");
    let mut all = vec![("_csrf", csrf), ("_form", token.as_str())];
    all.extend_from_slice(fields);
    let r = c.post(app.url(action)).header("referer", app.url(page)).form(&all).send().await.expect("answered");
    let status = r.status();
    let to = r.headers().get("location").map(|l| l.to_str().expect("ascii").to_string()).unwrap_or_default();
    (status, to, r.text().await.expect("a body"))
}

#[tokio::test]
async fn members_vote_on_their_phones_and_a_majority_of_all_members_decides() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let unit = org(&s, "示范市教育局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        user(&s, "unit.edu", Role::Unit { unit }).await;
        let mut logins = Vec::new();
        for i in 0..9 {
            let p = deputy(&s, &format!("委员{i}"), city).await;
            let role = if i == 0 { MemberRole::Director } else { MemberRole::Member };
            let new = NewMembership { person: p, role, from: jiff::civil::date(2026, 1, 1), until: None };
            s.add_membership(&staff(city), city, &new).await.expect("member");
            let login = format!("member{i}");
            user(&s, &login, Role::Deputy { person: p }).await;
            logins.push(login);
        }
        let app = TestApp::new(t).await;
        let (clerk, ccsrf) = app.login("staff.city").await;

        // The committee page counts the nine.
        let (status, page) = app.get(&clerk, "/meetings/members").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("在任 9 人") && page.contains("委员0") && page.contains("主任"), "{page}");

        // The meeting today, with two texts.
        let day = TEST_DAY.to_string();
        let fields = [
            ("kind", "standing_committee"),
            ("title", "市人大常委会第二十次会议"),
            ("number", "20"),
            ("held_on", day.as_str()),
            ("place", "常委会议室"),
        ];
        let (status, to, body) = post(&app, &clerk, &ccsrf, "/meetings", "/meetings", &fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let meeting = to.split('?').next().expect("path").to_string();
        for title in ["关于甲事项的决议（草案）", "关于乙事项的决议（草案）"] {
            let (status, _, body) = post(
                &app,
                &clerk,
                &ccsrf,
                &meeting,
                &format!("{meeting}/items"),
                &[("title", title), ("matter", "text"), ("secrecy", "open")],
            )
            .await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        }
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM meeting_items ORDER BY position")
            .fetch_all(s.pool())
            .await
            .expect("items");
        assert_eq!(ids.len(), 2);

        // Four members sign in on their phones: no quorum (5 of 9), the vote cannot open.
        let mut members = Vec::new();
        for login in &logins {
            members.push(app.login(login).await);
        }
        for (c, csrf) in &members[..4] {
            let (status, _, body) = post(&app, c, csrf, &meeting, &format!("{meeting}/sign-in"), &[]).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        }
        let (_, page) = app.get(&clerk, &meeting).await;
        assert!(page.contains("应到9人，实到4人") && page.contains("未达到法定人数"), "{page}");
        let open_a = format!("/meetings/items/{}/open", ids[0]);
        let (status, _, body) = post(&app, &clerk, &ccsrf, &meeting, &open_a, &[]).await;
        assert!(status.is_client_error() && body.contains("法定人数"), "{status}: {body}");

        // The clerk signs the fifth in: the quorum is there and the vote opens.
        let fifth = sqlx::query_scalar::<_, i64>("SELECT id FROM persons WHERE name = '委员4'")
            .fetch_one(s.pool())
            .await
            .expect("p");
        let (status, _, body) =
            post(&app, &clerk, &ccsrf, &meeting, &format!("{meeting}/sign-in"), &[("person", &fifth.to_string())])
                .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let (status, _, body) = post(&app, &clerk, &ccsrf, &meeting, &open_a, &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");

        // 甲: four yes, one no — more yes than no, not a majority of all nine: fails.
        let vote_a = format!("/meetings/items/{}/vote", ids[0]);
        for (i, (c, csrf)) in members[..5].iter().enumerate() {
            let (_, page) = app.get(c, &meeting).await;
            assert!(page.contains(&format!("action=\"{vote_a}\"")), "member {i} is offered the vote: {page}");
            let choice = if i < 4 { "yes" } else { "no" };
            let (status, _, body) = post(&app, c, csrf, &meeting, &vote_a, &[("choice", choice)]).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        }
        // A second vote is refused and changes nothing.
        let (c0, csrf0) = &members[0];
        let (status, _, body) = post(&app, c0, csrf0, &meeting, &vote_a, &[("choice", "no")]).await;
        assert!(status.is_client_error() && body.contains("已经表决"), "{status}: {body}");
        let close_a = format!("/meetings/items/{}/close", ids[0]);
        let (status, _, body) = post(&app, &clerk, &ccsrf, &meeting, &close_a, &[("confirm", "1")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let (_, page) = app.get(&clerk, &meeting).await;
        assert!(
            page.contains(
                "应到9人，实到5人；赞成4票，反对1票，弃权0票，未表决0人。未通过（须全体组成人员过半数，即5票）。"
            ),
            "{page}"
        );
        // After the close, no vote.
        let (status, _, body) = post(&app, c0, csrf0, &meeting, &vote_a, &[("choice", "yes")]).await;
        assert!(status.is_client_error(), "{status}: {body}");

        // 乙: five yes of nine passes.
        let open_b = format!("/meetings/items/{}/open", ids[1]);
        assert_eq!(post(&app, &clerk, &ccsrf, &meeting, &open_b, &[]).await.0, StatusCode::SEE_OTHER);
        let vote_b = format!("/meetings/items/{}/vote", ids[1]);
        for (c, csrf) in &members[..5] {
            assert_eq!(post(&app, c, csrf, &meeting, &vote_b, &[("choice", "yes")]).await.0, StatusCode::SEE_OTHER);
        }
        let close_b = format!("/meetings/items/{}/close", ids[1]);
        assert_eq!(post(&app, &clerk, &ccsrf, &meeting, &close_b, &[("confirm", "1")]).await.0, StatusCode::SEE_OTHER);
        let (_, page) = app.get(c0, &meeting).await;
        assert!(page.contains("赞成5票，反对0票，弃权0票，未表决0人。通过（须全体组成人员过半数，即5票）。"), "{page}");
        assert!(page.contains("委员0：赞成"), "the roll of an open vote: {page}");

        // A member's list shows the meeting; a unit reads nothing of it.
        let (_, list) = app.get(c0, "/meetings").await;
        assert!(list.contains("市人大常委会第二十次会议"), "{list}");
        let (uc, _) = app.login("unit.edu").await;
        let (status, _) = app.get(&uc, &meeting).await;
        assert!(status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN, "{status}");
        assert_eq!(app.get(&uc, "/meetings").await.0, StatusCode::FORBIDDEN);
    }
}
