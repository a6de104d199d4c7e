//! Login throttling over real HTTP (SQLite, and PostgreSQL too when `RENDA_TEST_PG_URL` is set):
//! a locked login says how long to wait, in the page, in the API's JSON and in `Retry-After`;
//! colleagues behind the same address keep logging in; the account page shows the lock and lets
//! those who may edit the account lift it.

use renda_core::ids::OrgId;
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_core::value::{Login, NewPassword, OrgName};
use renda_store::orgs::NewOrganisation;
use renda_store::users::NewUser;
use renda_store::{Actor, Store, testing};
use reqwest::StatusCode;
use reqwest::redirect::Policy;

const PW: &str = "renda-2026";
const WRONG: &str = "wrong-2026";

struct App {
    base: String,
    store: Store,
    _db: testing::TestStore,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

async fn org(s: &Store, name: &str, kind: OrgKind, parent: Option<OrgId>) -> OrgId {
    s.create_org(&Actor::system(), NewOrganisation { name: OrgName::parse(name).expect("name"), kind, parent })
        .await
        .expect("org")
        .id
}

async fn user(s: &Store, login: &str, role: Role) -> i64 {
    s.create_user(
        &Actor::system(),
        NewUser {
            login: Login::parse(login).expect("login"),
            display_name: format!("{login}用户"),
            password: NewPassword::parse(PW).expect("pw"),
            role,
        },
    )
    .await
    .expect("user")
    .id
    .0
}

/// A city with a district and one of its units, an admin, the district's staff and the unit's
/// clerk, served on port 0.
async fn spawn(db: testing::TestStore) -> App {
    let s = db.store.clone();
    let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let east = org(&s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let unit = org(&s, "东城区教育局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(east)).await;
    user(&s, "admin", Role::Admin).await;
    user(&s, "staff.east", Role::Staff { congress: east }).await;
    user(&s, "unit.east", Role::Unit { unit }).await;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let app = renda_web::router(renda_web::AppState::new(s.clone(), renda_web::Config::default()));
    tokio::spawn(renda_web::serve(listener, app, async move {
        let _ = rx.await;
    }));
    App { base, store: s, _db: db, _shutdown: tx }
}

async fn apps() -> Vec<App> {
    let mut v = Vec::new();
    for db in testing::all().await {
        v.push(spawn(db).await);
    }
    v
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().expect("client")
}

/// The `_csrf` value of the first form in a page.
fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").expect("page has a CSRF field") + "name=\"_csrf\" value=\"".len();
    html[at..].split('"').next().unwrap_or_default().to_owned()
}

/// The `Retry-After` seconds of a response.
fn retry_after(r: &reqwest::Response) -> i64 {
    r.headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After header in seconds")
}

impl App {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get(&self, c: &reqwest::Client, path: &str) -> (StatusCode, String) {
        let r = c.get(self.url(path)).send().await.expect("get");
        (r.status(), r.text().await.expect("body"))
    }

    async fn post(&self, c: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
        let r = c.post(self.url(path)).form(form).send().await.expect("post");
        (r.status(), r.text().await.expect("body"))
    }

    /// Posts the login form with a fresh client; returns the client and the response.
    async fn login_with(&self, login: &str, password: &str) -> (reqwest::Client, reqwest::Response) {
        let c = client();
        let (_, page) = self.get(&c, "/login").await;
        let csrf = csrf_of(&page);
        let r = c
            .post(self.url("/login"))
            .form(&[("_csrf", csrf.as_str()), ("login", login), ("password", password), ("next", "/")])
            .send()
            .await
            .expect("post");
        (c, r)
    }

    async fn login(&self, login: &str) -> (reqwest::Client, String) {
        let (c, r) = self.login_with(login, PW).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{login} logs in");
        let (_, home) = self.get(&c, "/").await;
        let csrf = csrf_of(&home);
        (c, csrf)
    }

    async fn fail_five_times(&self, login: &str) {
        for _ in 0..renda_core::throttle::PAIR_LIMIT {
            let (_, r) = self.login_with(login, WRONG).await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
    }
}

#[tokio::test]
async fn a_locked_login_says_how_long_to_wait_in_the_page_the_api_and_retry_after() {
    for app in apps().await {
        app.fail_five_times("staff.east").await;

        let (_, r) = app.login_with("staff.east", PW).await;
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

        app.fail_five_times("staff.east").await;
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
        app.fail_five_times("unit.east").await;
        let (staff, csrf) = app.login("staff.east").await;
        let (_, page) = app.get(&staff, &path).await;
        assert!(page.contains("解除登录锁定"), "{page}");
        let (status, _) = app.post(&staff, &path, &[("_csrf", &csrf), ("op", "unlock")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        app.login("unit.east").await;
    }
}
