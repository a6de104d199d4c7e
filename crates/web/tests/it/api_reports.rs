//! 代表述职 in the API: the clerk opens a meeting, registers and rates the voter
//! representatives and closes it; the deputy hands in the rectification plan the result asks
//! for — the pages' rules and codes.

use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_testkit::http::TestApp;
use renda_testkit::{deputy, org, testing, user};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_report_meeting_is_held_rated_and_answered_through_the_api() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let li = deputy(&s, "李秀英", city).await;
        let wang = deputy(&s, "王建国", city).await;
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        user(&s, "deputy.li", Role::Deputy { person: li }).await;
        user(&s, "deputy.wang", Role::Deputy { person: wang }).await;
        let app = TestApp::new(t).await;
        let clerk = app.api_login("staff.city").await;
        let li_c = app.api_login("deputy.li").await;
        let wang_c = app.api_login("deputy.wang").await;

        let settings = json!({"rectify_when_most_unsatisfied": true, "recommended_representatives": 3});
        let (status, body) = li_c.post("/api/v1/reports/settings", settings.clone()).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
        assert_eq!(clerk.post("/api/v1/reports/settings", settings).await.0, StatusCode::NO_CONTENT);
        let new = json!({"person": li.0, "on": "2026-03-09", "place": "东湖街道会议室"});
        let (status, created) = clerk.post("/api/v1/reports", new).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let id = created["id"].as_i64().expect("id");
        let act = format!("/api/v1/reports/{id}/actions");

        let (status, registered) =
            clerk.post(&act, json!({"command": "register", "names": "王大明 东湖村\n李小红 幸福社区\n赵四"})).await;
        assert_eq!(status, StatusCode::OK, "{registered}");
        let reps: Vec<i64> =
            registered["representatives"].as_array().expect("reps").iter().filter_map(|r| r["id"].as_i64()).collect();
        assert_eq!(reps.len(), 3);
        let ratings = json!({"command": "rate", "ratings": [
            {"representative": reps[0], "rating": "unsatisfied"}, {"representative": reps[1], "rating": "unsatisfied"},
            {"representative": reps[2], "rating": "basic"}]});
        assert_eq!(clerk.post(&act, ratings.clone()).await.0, StatusCode::OK);
        let (status, body) = clerk.post(&act, ratings).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("already_rated")), "{body}");
        let (status, body) = clerk
            .post(&act, json!({"command": "rate", "ratings": [{"representative": reps[0], "rating": "好"}]}))
            .await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ratings")));

        let (status, closed) = clerk.post(&act, json!({"command": "close"})).await;
        assert_eq!(status, StatusCode::OK, "{closed}");
        let r = &closed["result"];
        assert_eq!(
            (r["overall"].as_str(), r["unsatisfied"].as_u64(), r["rectification_required"].as_bool()),
            (Some("unsatisfied"), Some(2), Some(true)),
            "{closed}"
        );
        assert_eq!(closed["needs_plan"].as_bool(), Some(true));

        // The deputy reads their own meeting and hands in the plan; another deputy sees nothing.
        assert_eq!(wang_c.get(&format!("/api/v1/reports/{id}")).await.0, StatusCode::NOT_FOUND);
        let plan = json!({"command": "plan", "plan": "加强与选民联系，每季度走访一次选区。", "on": "2026-03-10"});
        let (status, answered) = li_c.post(&act, plan).await;
        assert_eq!(
            (status, answered["needs_plan"].as_bool(), answered["plan_date"].as_str()),
            (StatusCode::OK, Some(false), Some("2026-03-10")),
            "{answered}"
        );
    }
}
