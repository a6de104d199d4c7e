//! Login throttling over real HTTP (SQLite, and PostgreSQL too when `RENDA_TEST_PG_URL` is set):
//! a locked login says how long to wait, in the page, in the API's JSON and in `Retry-After`;
//! colleagues behind the same address keep logging in; the account page shows the lock and lets
//! those who may edit the account lift it.

use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_testkit::http::{TestApp, client};
use renda_testkit::{PW, TestStore, on_each_store, org, user};
use reqwest::StatusCode;

const WRONG: &str = "wrong-2026";

/// A city with a district and one of its units, an admin, the district's staff and the unit's
/// clerk, served on port 0.
async fn spawn(db: TestStore) -> TestApp {
    let s = db.store.clone();
    let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let east = org(&s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let unit = org(&s, "东城区教育局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(east)).await;
    user(&s, "admin", Role::Admin).await;
    user(&s, "staff.east", Role::Staff { congress: east }).await;
    user(&s, "unit.east", Role::Unit { unit }).await;
    TestApp::new(db).await
}

async fn apps() -> Vec<TestApp> {
    on_each_store(spawn).await
}

/// The `Retry-After` seconds of a response.
fn retry_after(r: &reqwest::Response) -> i64 {
    r.headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After header in seconds")
}

/// As many wrong passwords for `login` as lock it, each refused.
async fn fail_five_times(app: &TestApp, login: &str) {
    for _ in 0..renda_core::throttle::PAIR_LIMIT {
        let (_, r) = app.try_login(login, WRONG).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn a_locked_login_says_how_long_to_wait_in_the_page_the_api_and_retry_after() {
    for app in apps().await {
        fail_five_times(&app, "staff.east").await;

        let (_, r) = app.try_login("staff.east", PW).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait = retry_after(&r);
        assert!((880..=900).contains(&wait), "Retry-After {wait}");
        let page = r.text().await.expect("body");
        assert!(page.contains("登录失败次数过多，请在 15 分钟后再试。"), "{page}");

        let r = client()
            .post(app.url("/api/v1/login"))
            .json(&serde_json::json!({ "login": "staff.east", "password": PW }))
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!((880..=900).contains(&retry_after(&r)));
        let body: serde_json::Value = r.json().await.expect("json");
        assert_eq!(body["error"]["code"], "too_many_attempts");
        assert_eq!(body["error"]["message"], "登录失败次数过多，请在 15 分钟后再试。");

        // A colleague behind the same address is not locked out.
        app.login("unit.east").await;
    }
}

#[tokio::test]
async fn the_admin_sees_the_lock_on_the_account_page_and_lifts_it() {
    for app in apps().await {
        let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE login = 'staff.east'")
            .fetch_one(app.store.pool())
            .await
            .expect("id");
        let path = format!("/admin/users/{id}");
        let (admin, csrf) = app.login("admin").await;
        let (_, page) = app.get(&admin, &path).await;
        assert!(page.contains("近15分钟登录失败</dt><dd>0 次"), "{page}");
        assert!(!page.contains("解除登录锁定"), "nothing to unlock yet");

        fail_five_times(&app, "staff.east").await;
        let (_, page) = app.get(&admin, &path).await;
        assert!(page.contains("近15分钟登录失败</dt><dd>5 次"), "{page}");
        assert!(page.contains("从某一地址登录已被锁定，15 分钟后自动解除"), "{page}");
        assert!(page.contains("解除登录锁定"), "{page}");

        let r =
            admin.post(app.url(&path)).form(&[("_csrf", csrf.as_str()), ("op", "unlock")]).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let (_, page) = app.get(&admin, &path).await;
        assert!(page.contains("近15分钟登录失败</dt><dd>0 次") && !page.contains("解除登录锁定"), "{page}");
        let history = app.store.audit_of("user", &id.to_string()).await.expect("audit");
        assert_eq!(history.last().map(|e| e.action.as_str()), Some("user.unlock"));

        app.login("staff.east").await;
    }
}

#[tokio::test]
async fn staff_lift_the_lock_of_an_account_of_their_own_congress() {
    for app in apps().await {
        let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE login = 'unit.east'")
            .fetch_one(app.store.pool())
            .await
            .expect("id");
        let path = format!("/admin/users/{id}");
        fail_five_times(&app, "unit.east").await;
        let (staff, csrf) = app.login("staff.east").await;
        let (_, page) = app.get(&staff, &path).await;
        assert!(page.contains("解除登录锁定"), "{page}");
        let (status, _) = app.post(&staff, &path, &[("_csrf", &csrf), ("op", "unlock")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        app.login("unit.east").await;
    }
}
