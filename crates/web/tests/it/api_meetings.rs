//! The standing committee's meetings in the API: the clerk builds the committee and a meeting
//! with its agenda, members ask for leave, sign in on the day and vote from their phones; a vote
//! opens only with a quorum, passes only with more than half of all members, takes one vote per
//! member and nothing after its close; outsiders find nothing, and bad codes are 422 naming the
//! field.

use jiff::civil::date;
use renda_core::ids::PersonId;
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_testkit::http::{ApiUser, TestApp};
use renda_testkit::{deputy, has_chinese, org, testing, user};
use reqwest::StatusCode;
use serde_json::{Value, json};

mod fallback;

/// The meeting day: ten days after the test day (2026-03-10), when the notice goes out.
const DAY: &str = "2026-03-20";

fn refused(answer: &(StatusCode, Value)) -> (StatusCode, Option<&str>) {
    (answer.0, answer.1["error"]["code"].as_str())
}

fn field(answer: &(StatusCode, Value)) -> (StatusCode, Option<&str>) {
    (answer.0, answer.1["error"]["field"].as_str())
}

async fn item(clerk: &ApiUser, meeting: i64, body: Value) -> i64 {
    let (status, created) = clerk.post(&format!("/api/v1/meetings/{meeting}/items"), body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"].as_i64().expect("the item's id")
}

async fn vote(member: &ApiUser, item: i64, choice: &str) -> (StatusCode, Value) {
    member.post(&format!("/api/v1/meeting-items/{item}/votes"), json!({ "choice": choice })).await
}

#[tokio::test]
async fn a_meeting_is_built_attended_and_voted_through_the_api() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let health = org(&s, "示范市卫生健康委员会", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        let mut people: Vec<PersonId> = Vec::new();
        for i in 0..9 {
            let p = deputy(&s, &format!("委员{i}"), city).await;
            user(&s, &format!("member.{i}"), Role::Deputy { person: p }).await;
            people.push(p);
        }
        let outsider = deputy(&s, "列席代表", city).await;
        user(&s, "deputy.outsider", Role::Deputy { person: outsider }).await;
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        user(&s, "unit.health", Role::Unit { unit: health }).await;
        user(&s, "citizen", Role::Public).await;
        let app = TestApp::new(t).await;
        let clerk = app.api_login("staff.city").await;
        let mut members = Vec::new();
        for i in 0..9 {
            members.push(app.api_login(&format!("member.{i}")).await);
        }
        let outsider_c = app.api_login("deputy.outsider").await;
        let unit = app.api_login("unit.health").await;
        let citizen = app.api_login("citizen").await;

        // The committee: 主任, two 副主任, 秘书长 and five 委员.
        let roles = [
            "director",
            "deputy_director",
            "deputy_director",
            "secretary_general",
            "member",
            "member",
            "member",
            "member",
            "member",
        ];
        let join = |p: PersonId, role: &str| json!({"person_id": p.0, "role": role, "from": "2022-01-12"});
        let a = clerk.post("/api/v1/committee-memberships", join(people[0], "主任")).await;
        assert_eq!(field(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("role")), "{}", a.1);
        assert!(has_chinese(a.1["error"]["message"].as_str().unwrap_or("")));
        let a = members[0].post("/api/v1/committee-memberships", join(people[0], "director")).await;
        assert_eq!(a.0, StatusCode::FORBIDDEN, "a deputy does not keep the committee: {}", a.1);
        let a = clerk.post("/api/v1/committee-memberships", join(PersonId(999_999), "member")).await;
        assert_eq!(field(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("person_id")), "{}", a.1);
        let a = clerk
            .post(
                "/api/v1/committee-memberships",
                json!({"person_id": people[0].0, "role": "director", "from": "2022-01-12", "until": "2021-01-01"}),
            )
            .await;
        assert_eq!(refused(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("date_out_of_order")), "{}", a.1);
        let mut memberships = Vec::new();
        for (p, role) in people.iter().zip(roles) {
            let (status, m) = clerk.post("/api/v1/committee-memberships", join(*p, role)).await;
            assert_eq!((status, m["role"].as_str()), (StatusCode::CREATED, Some(role)), "{m}");
            memberships.push(m["id"].as_i64().expect("its id"));
        }
        let (status, committee) = clerk.get(&format!("/api/v1/committee-memberships?on={DAY}")).await;
        assert_eq!((status, committee.as_array().map(Vec::len)), (StatusCode::OK, Some(9)), "{committee}");
        assert_eq!(committee[0]["role_label"].as_str(), Some("主任"));
        let a = clerk.get("/api/v1/committee-memberships?on=明天").await;
        assert_eq!(field(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("on")), "{}", a.1);
        assert_eq!(unit.get("/api/v1/committee-memberships").await.0, StatusCode::FORBIDDEN);

        // The meeting, notified ten days ahead.
        let new = |kind: &str| {
            json!({"kind": kind, "number": 30, "title": "示范市第十八届人大常委会第三十次会议", "held_on": DAY,
                "place": "市人大常委会会议室"})
        };
        let a = clerk.post("/api/v1/meetings", new("board")).await;
        assert_eq!(field(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("kind")), "{}", a.1);
        let a = clerk.post("/api/v1/meetings", new("presidium")).await;
        assert_eq!(field(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("kind")), "a city has no presidium: {}", a.1);
        let a = members[0].post("/api/v1/meetings", new("standing_committee")).await;
        assert_eq!(a.0, StatusCode::FORBIDDEN, "{}", a.1);
        let (status, created) = clerk.post("/api/v1/meetings", new("standing_committee")).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!(
            (created["meeting"]["kind_label"].as_str(), created["quorum"].as_u64(), created["has_quorum"].as_bool()),
            (Some("常务委员会会议"), Some(5), Some(false))
        );
        let meeting = created["meeting"]["id"].as_i64().expect("the meeting's id");
        let (status, notified) = clerk.post(&format!("/api/v1/meetings/{meeting}/notify"), json!({})).await;
        assert_eq!((status, notified["meeting"]["notified_on"].as_str()), (StatusCode::OK, Some("2026-03-10")));
        let a = clerk.post(&format!("/api/v1/meetings/{meeting}/notify"), json!({"on": "2026-03-18"})).await;
        assert_eq!(refused(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("notice_too_short")), "{}", a.1);
        let (status, listed) = clerk.get("/api/v1/meetings").await;
        assert_eq!((status, listed.as_array().map(Vec::len)), (StatusCode::OK, Some(1)));

        // The agenda: two texts and an appointment (secret by the congress's setting).
        let text = |title: &str| json!({"title": title, "matter": {"kind": "text"}});
        let items = format!("/api/v1/meetings/{meeting}/items");
        let a = clerk.post(&items, json!({"title": "议案", "matter": {"kind": "motion"}})).await;
        assert_eq!(field(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("matter.kind")), "{}", a.1);
        let a = clerk.post(&items, json!({"title": "议案", "matter": {"kind": "text"}, "secrecy": "hidden"})).await;
        assert_eq!(field(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("secrecy")), "{}", a.1);
        let a = clerk
            .post(
                &items,
                json!({"title": "任命", "matter": {"kind": "personnel", "action": "promote",
                    "nominees": [{"person_id": outsider.0, "post_id": 1}]}}),
            )
            .await;
        assert_eq!(field(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("matter.action")), "{}", a.1);
        let a = unit.post(&items, text("关于示范市养老服务条例的决定")).await;
        assert_eq!(a.0, StatusCode::FORBIDDEN, "{}", a.1);
        let first = item(&clerk, meeting, text("关于加强生态环境保护的决议")).await;
        let second = item(&clerk, meeting, text("关于示范市养老服务条例的决定")).await;
        let appointment = item(
            &clerk,
            meeting,
            json!({"title": "关于任命列席代表为示范市教育局局长的议案", "matter": {"kind": "personnel",
                "action": "appoint", "nominees": [{"person_id": outsider.0, "post_id": 1}]}}),
        )
        .await;

        // Outsiders find nothing.
        assert_eq!(unit.get(&format!("/api/v1/meetings/{meeting}")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(outsider_c.get(&format!("/api/v1/meetings/{meeting}")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(citizen.get("/api/v1/meetings").await.0, StatusCode::FORBIDDEN);
        assert_eq!(citizen.get(&format!("/api/v1/meetings/{meeting}")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(app.api_anonymous().get(&format!("/api/v1/meetings/{meeting}")).await.0, StatusCode::UNAUTHORIZED);

        // Two members ask for leave before the day: one in their own name, one by the clerk.
        let (status, leave) =
            members[8].post(&format!("/api/v1/meetings/{meeting}/leave"), json!({"reason": "外出学习"})).await;
        assert_eq!((status, leave["state"].as_str()), (StatusCode::CREATED, Some("pending")), "{leave}");
        let a = members[8]
            .post(&format!("/api/v1/meetings/{meeting}/leave"), json!({"person_id": people[7].0, "reason": "病"}))
            .await;
        assert_eq!(a.0, StatusCode::FORBIDDEN, "a member asks only for themselves: {}", a.1);
        let (status, other) = clerk
            .post(&format!("/api/v1/meetings/{meeting}/leave"), json!({"person_id": people[7].0, "reason": "住院"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{other}");
        let decide = |id: &Value| format!("/api/v1/leave-requests/{}/decision", id.as_i64().unwrap_or(0));
        let a = members[8].post(&decide(&leave["id"]), json!({"approve": true})).await;
        assert_eq!(a.0, StatusCode::FORBIDDEN, "{}", a.1);
        let (status, decided) = clerk.post(&decide(&leave["id"]), json!({"approve": true})).await;
        assert_eq!((status, decided["state"].as_str()), (StatusCode::OK, Some("approved")), "{decided}");
        let a = clerk.post(&decide(&leave["id"]), json!({"approve": false})).await;
        assert_eq!(refused(&a), (StatusCode::CONFLICT, Some("wrong_state")), "{}", a.1);
        assert_eq!(clerk.post(&decide(&other["id"]), json!({"approve": true})).await.0, StatusCode::OK);

        // The day: four members sign in on their phones — no quorum of nine.
        let sign_in = format!("/api/v1/meetings/{meeting}/sign-in");
        let a = members[0].post(&sign_in, json!({})).await;
        assert_eq!(refused(&a), (StatusCode::CONFLICT, Some("wrong_state")), "not before the day: {}", a.1);
        // Ten days on, yesterday's sessions have lapsed: everyone logs in again.
        app.store.clock().set_on(date(2026, 3, 20));
        let clerk = app.api_login("staff.city").await;
        let mut members = Vec::new();
        for i in 0..9 {
            members.push(app.api_login(&format!("member.{i}")).await);
        }
        let outsider_c = app.api_login("deputy.outsider").await;
        let unit = app.api_login("unit.health").await;
        for m in &members[..4] {
            let (status, seen) = m.post(&sign_in, json!({})).await;
            assert_eq!(status, StatusCode::OK, "{seen}");
        }
        let a = members[0].post(&sign_in, json!({})).await;
        assert_eq!(refused(&a), (StatusCode::CONFLICT, Some("wrong_state")), "twice: {}", a.1);
        let a = outsider_c.post(&sign_in, json!({})).await;
        assert_eq!(a.0, StatusCode::FORBIDDEN, "{}", a.1);
        let open = |item: i64| format!("/api/v1/meeting-items/{item}/open");
        let a = clerk.post(&open(first), json!({})).await;
        assert_eq!(refused(&a), (StatusCode::CONFLICT, Some("no_quorum")), "{}", a.1);
        assert!(has_chinese(a.1["error"]["message"].as_str().unwrap_or("")));
        // Two more, one by the clerk: six of nine present.
        assert_eq!(members[4].post(&sign_in, json!({})).await.0, StatusCode::OK);
        let (status, seen) = clerk.post(&sign_in, json!({"person_id": people[5].0})).await;
        assert_eq!(
            (status, seen["present"].as_u64(), seen["quorum"].as_u64(), seen["has_quorum"].as_bool()),
            (StatusCode::OK, Some(6), Some(5), Some(true)),
            "{seen}"
        );

        // The first text: four yes, one no, one abstains — more yes than no, but not five of nine.
        assert_eq!(vote(&members[0], first, "yes").await.0, StatusCode::CONFLICT, "not open yet");
        let a = members[0].post(&open(first), json!({})).await;
        assert_eq!(a.0, StatusCode::FORBIDDEN, "the chair opens, through the clerk: {}", a.1);
        let (status, opened) = clerk.post(&open(first), json!({})).await;
        assert_eq!(
            (status, opened["state"].as_str(), opened["members"].as_u64()),
            (StatusCode::OK, Some("open"), Some(9))
        );
        for (m, choice) in members[..6].iter().zip(["yes", "yes", "yes", "yes", "no", "abstain"]) {
            let (status, cast) = vote(m, first, choice).await;
            assert_eq!((status, cast["choice"].as_str()), (StatusCode::CREATED, Some(choice)), "{cast}");
        }
        let a = vote(&members[0], first, "no").await;
        assert_eq!(refused(&a), (StatusCode::CONFLICT, Some("already_voted")), "{}", a.1);
        let a = vote(&members[8], first, "yes").await;
        assert_eq!(refused(&a), (StatusCode::FORBIDDEN, Some("not_entitled")), "on leave: {}", a.1);
        let a = vote(&members[6], first, "赞成").await;
        assert_eq!(field(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("choice")), "{}", a.1);
        let a = vote(&members[6], first, "not_voted").await;
        assert_eq!(field(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("choice")), "{}", a.1);
        let a = clerk.post(&format!("/api/v1/meeting-items/{first}/votes"), json!({"choice": "yes"})).await;
        assert_eq!(a.0, StatusCode::FORBIDDEN, "the clerk does not vote: {}", a.1);
        let close = |item: i64| format!("/api/v1/meeting-items/{item}/close");
        let (status, closed) = clerk.post(&close(first), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{closed}");
        let a = &closed["announcement"];
        assert_eq!(
            (a["yes"].as_u64(), a["no"].as_u64(), a["needed"].as_u64(), a["passed"].as_bool(), a["verdict"].as_str()),
            (Some(4), Some(1), Some(5), Some(false), Some("未通过"))
        );
        let a = vote(&members[0], first, "yes").await;
        assert_eq!(refused(&a), (StatusCode::CONFLICT, Some("wrong_state")), "after the close: {}", a.1);
        let a = clerk.post(&close(first), json!({})).await;
        assert_eq!(refused(&a), (StatusCode::CONFLICT, Some("wrong_state")), "{}", a.1);

        // The second: five yes of nine passes; the sixth present did not vote.
        assert_eq!(clerk.post(&open(second), json!({})).await.0, StatusCode::OK);
        for m in &members[..5] {
            assert_eq!(vote(m, second, "yes").await.0, StatusCode::CREATED);
        }
        assert_eq!(clerk.post(&close(second), json!({})).await.0, StatusCode::OK);

        // Read back from the meeting, as a member sees it.
        let (status, seen) = members[3].get(&format!("/api/v1/meetings/{meeting}")).await;
        assert_eq!(status, StatusCode::OK, "{seen}");
        let result = |id: i64| {
            seen["items"].as_array().and_then(|items| items.iter().find(|i| i["id"].as_i64() == Some(id))).cloned()
        };
        let (first_seen, second_seen) = (result(first).expect("the first"), result(second).expect("the second"));
        assert_eq!(
            (first_seen["state"].as_str(), first_seen["announcement"]["passed"].as_bool()),
            (Some("closed"), Some(false))
        );
        assert_eq!(
            (
                second_seen["announcement"]["yes"].as_u64(),
                second_seen["announcement"]["not_voted"].as_u64(),
                second_seen["announcement"]["passed"].as_bool()
            ),
            (Some(5), Some(1), Some(true)),
            "{second_seen}"
        );
        assert!(second_seen["announced"].as_str().is_some_and(|t| t.contains("通过")));
        let presence: Vec<&str> =
            seen["attendance"].as_array().expect("attendance").iter().filter_map(|a| a["presence"].as_str()).collect();
        assert_eq!(presence.iter().filter(|p| **p == "leave").count(), 2, "{presence:?}");
        assert_eq!(seen["leave_requests"].as_array().map(Vec::len), Some(2));

        // The open votes' rolls; the appointment's vote is secret and keeps none.
        let (status, roll) = members[3].get(&format!("/api/v1/meeting-items/{second}/roll")).await;
        assert_eq!((status, roll.as_array().map(Vec::len)), (StatusCode::OK, Some(6)), "{roll}");
        assert_eq!(roll[5]["choice"].as_str(), Some("not_voted"));
        let (status, seen_item) = (status, result(appointment).expect("the appointment"));
        assert_eq!((status, seen_item["secrecy"].as_str()), (StatusCode::OK, Some("secret")));
        let a = clerk.get(&format!("/api/v1/meeting-items/{appointment}/roll")).await;
        assert_eq!(refused(&a), (StatusCode::NOT_FOUND, Some("not_found")), "{}", a.1);
        assert_eq!(unit.get(&format!("/api/v1/meeting-items/{first}/roll")).await.0, StatusCode::NOT_FOUND);

        // A membership ends (after the meeting); before it began is refused.
        let end = format!("/api/v1/committee-memberships/{}/end", memberships[8]);
        let a = clerk.post(&end, json!({"until": "2020-01-01"})).await;
        assert_eq!(refused(&a), (StatusCode::UNPROCESSABLE_ENTITY, Some("date_out_of_order")), "{}", a.1);
        let (status, ended) = clerk.post(&end, json!({"until": "2026-06-30"})).await;
        assert_eq!((status, ended["until"].as_str()), (StatusCode::OK, Some("2026-06-30")), "{ended}");
        let (_, later) = clerk.get("/api/v1/committee-memberships?on=2026-07-01").await;
        assert_eq!(later.as_array().map(Vec::len), Some(8));
    }
}
