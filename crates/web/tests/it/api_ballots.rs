//! 代表评议 in the API: the clerk prepares, opens and closes a ballot, the deputies vote from
//! their phones, with the pages' rules and codes; a deputy sees only a ballot they may vote in.

use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_testkit::http::TestApp;
use renda_testkit::{TEST_DAY, deputy, has_chinese, org, testing, user};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_ballot_is_prepared_voted_and_counted_through_the_api() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let health = org(&s, "示范市卫生健康委员会", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        let transport = org(&s, "示范市交通运输局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        let wang = deputy(&s, "王建国", city).await;
        let li = deputy(&s, "李秀英", city).await;
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        user(&s, "deputy.wang", Role::Deputy { person: wang }).await;
        user(&s, "deputy.li", Role::Deputy { person: li }).await;
        let app = TestApp::new(t).await;
        let clerk = app.api_login("staff.city").await;
        let wang_c = app.api_login("deputy.wang").await;
        let li_c = app.api_login("deputy.li").await;

        let new = json!({"title": "2026年度部门工作评议", "opens_on": TEST_DAY.to_string(), "closes_on": "2026-03-20",
            "departments": [health.0, transport.0]});
        let (status, body) = wang_c.post("/api/v1/ballots", new.clone()).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "a deputy");
        let (status, created) = clerk.post("/api/v1/ballots", new).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let id = created["ballot"]["id"].as_i64().expect("id");
        let subjects: Vec<i64> = created["ballot"]["subjects"]
            .as_array()
            .expect("subjects")
            .iter()
            .filter_map(|s| s["id"].as_i64())
            .collect();
        assert_eq!(subjects.len(), 2);
        // Prepared: the deputies do not see it yet.
        assert_eq!(wang_c.get(&format!("/api/v1/ballots/{id}")).await.0, StatusCode::NOT_FOUND);

        let (status, opened) = clerk.post(&format!("/api/v1/ballots/{id}/open"), json!({})).await;
        assert_eq!(
            (status, opened["ballot"]["state"].as_str(), opened["ballot"]["electorate"].as_i64()),
            (StatusCode::OK, Some("open"), Some(2)),
            "{opened}"
        );
        let (status, seen) = wang_c.get(&format!("/api/v1/ballots/{id}")).await;
        assert_eq!((status, seen["may_vote"].as_bool()), (StatusCode::OK, Some(true)), "{seen}");
        let (status, listed) = li_c.get("/api/v1/ballots").await;
        assert_eq!((status, listed.as_array().map(Vec::len)), (StatusCode::OK, Some(1)));

        let vote = |choices: [&str; 2]| json!({"marks": [{"subject": subjects[0], "choice": choices[0]}, {"subject": subjects[1], "choice": choices[1]}]});
        let url = format!("/api/v1/ballots/{id}/vote");
        let (status, body) =
            wang_c.post(&url, json!({"marks": [{"subject": subjects[0], "choice": "satisfied"}]})).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("subject_not_marked")),
            "{body}"
        );
        let (status, body) = wang_c.post(&url, json!({"marks": [{"subject": subjects[0], "choice": "很好"}]})).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("marks")));
        let (status, voted) = wang_c.post(&url, vote(["satisfied", "unsatisfied"])).await;
        assert_eq!(
            (status, voted["has_voted"].as_bool(), voted["may_vote"].as_bool()),
            (StatusCode::OK, Some(true), Some(false)),
            "{voted}"
        );
        let (status, body) = wang_c.post(&url, vote(["basic", "basic"])).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("already_voted")));
        assert!(has_chinese(body["error"]["message"].as_str().unwrap_or("")));
        // The clerk reminds whoever has not voted, once a day.
        let remind = format!("/api/v1/ballots/{id}/remind");
        let (status, reminded) = clerk.post(&remind, json!({})).await;
        assert_eq!((status, reminded["reminded"].as_u64()), (StatusCode::OK, Some(1)), "{reminded}");
        let (status, body) = clerk.post(&remind, json!({})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("already_reminded")));
        assert_eq!(li_c.post(&url, vote(["basic", "satisfied"])).await.0, StatusCode::OK);

        // Closing counts and cannot be undone: it needs the confirmation.
        let close = format!("/api/v1/ballots/{id}/close");
        let (status, body) = clerk.post(&close, json!({})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, closed) = clerk.post(&close, json!({"confirm": true})).await;
        assert_eq!((status, closed["ballot"]["state"].as_str()), (StatusCode::OK, Some("closed")), "{closed}");
        let r = &closed["results"];
        assert_eq!(
            (r["electorate"].as_u64(), r["cast"].as_u64(), r["turnout_per_mille"].as_u64()),
            (Some(2), Some(2), Some(1000))
        );
        let first = &r["subjects"][0];
        assert_eq!(
            (first["satisfied"].as_u64(), first["basic"].as_u64(), first["satisfaction_per_mille"].as_u64()),
            (Some(1), Some(1), Some(1000))
        );
        assert_eq!(r["subjects"][1]["satisfaction_per_mille"].as_u64(), Some(500));
    }
}
