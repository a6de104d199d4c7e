//! The web tier driven over real HTTP, as each role: every test starts the app on port 0 over a
//! fresh database (SQLite, and PostgreSQL too when `RENDA_TEST_PG_URL` is set).

use renda_core::ids::OrgId;
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::person::{StartReason, Term};
use renda_core::policy::Role;
use renda_core::value::{Ethnicity, Gender, Label, Login, NewPassword, OrgName, PersonName};
use renda_store::orgs::NewOrganisation;
use renda_store::people::{NewDeputyship, NewPerson};
use renda_store::users::NewUser;
use renda_store::{Actor, Store, testing};
use reqwest::StatusCode;
use reqwest::redirect::Policy;

const PW: &str = "renda-2026";
const TODAY: jiff::civil::Date = jiff::civil::date(2025, 3, 10);

struct App {
    base: String,
    store: Store,
    east: OrgId,
    west: OrgId,
    unit: OrgId,
    transport: OrgId,
    west_deputy: i64,
    _db: testing::TestStore,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

async fn org(s: &Store, name: &str, kind: OrgKind, parent: Option<OrgId>) -> OrgId {
    s.create_org(&Actor::system(), NewOrganisation { name: OrgName::parse(name).expect("name"), kind, parent })
        .await
        .expect("org")
        .id
}

async fn deputy(s: &Store, name: &str, ethnicity: &str, congress: OrgId) -> i64 {
    let person = NewPerson {
        name: PersonName::parse(name).expect("name"),
        gender: Some(Gender::Female),
        ethnicity: Some(Ethnicity::parse(ethnicity).expect("eth")),
        birth: None,
        party: None,
        occupation: None,
        phone: None,
    };
    let ship = NewDeputyship {
        congress,
        term: Term(19),
        delegation: Label::parse("第一选区").expect("label"),
        start: jiff::civil::date(2022, 1, 10),
        start_reason: StartReason::Elected,
        note: None,
    };
    s.create_deputy(&Actor::system(), person, ship).await.expect("deputy").0.0
}

async fn user(s: &Store, login: &str, role: Role) {
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
    .expect("user");
}

/// A city with two districts, a unit, deputies and one account per role, served on port 0.
async fn spawn(db: testing::TestStore) -> App {
    let s = db.store.clone();
    let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let east = org(&s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let west = org(&s, "西城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let unit = org(&s, "东城区教育局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(east)).await;
    let transport = org(&s, "东城区交通运输局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(east)).await;
    let east_deputy = deputy(&s, "李东", "汉族", east).await;
    let ma = deputy(&s, "马回", "回族", east).await;
    let west_deputy = deputy(&s, "王西", "汉族", west).await;
    user(&s, "admin", Role::Admin).await;
    user(&s, "staff.east", Role::Staff { congress: east }).await;
    user(&s, "deputy.east", Role::Deputy { person: renda_core::ids::PersonId(east_deputy) }).await;
    user(&s, "unit.east", Role::Unit { unit }).await;
    user(&s, "unit.transport", Role::Unit { unit: transport }).await;
    user(&s, "deputy.ma", Role::Deputy { person: renda_core::ids::PersonId(ma) }).await;
    user(&s, "citizen", Role::Public).await;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let config = renda_web::Config { fixed_today: Some(TODAY), ..renda_web::Config::default() };
    let app = renda_web::router(renda_web::AppState::new(s.clone(), config));
    tokio::spawn(renda_web::serve(listener, app, async move {
        let _ = rx.await;
    }));
    App { base, store: s, east, west, unit, transport, west_deputy, _db: db, _shutdown: tx }
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

    /// Logs in through the form; returns the client and a page's CSRF token.
    async fn login_with(&self, login: &str, password: &str) -> (reqwest::Client, StatusCode) {
        let c = client();
        let (_, page) = self.get(&c, "/login").await;
        let csrf = csrf_of(&page);
        let (status, _) =
            self.post(&c, "/login", &[("_csrf", &csrf), ("login", login), ("password", password), ("next", "/")]).await;
        (c, status)
    }

    async fn login(&self, login: &str) -> (reqwest::Client, String) {
        let (c, status) = self.login_with(login, PW).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{login} logs in");
        let (_, home) = self.get(&c, "/").await;
        let csrf = csrf_of(&home);
        (c, csrf)
    }
}

#[tokio::test]
async fn health_is_reported_as_json() {
    for app in apps().await {
        let (status, body) = app.get(&client(), "/healthz").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, r#"{"status":"ok"}"#);
    }
}

#[tokio::test]
async fn every_role_logs_in_and_sees_its_own_chinese_home_page() {
    for app in apps().await {
        for (login, heading, marker) in [
            ("admin", "<h1>系统管理</h1>", "审计日志"),
            ("staff.east", "<h1>工作台</h1>", "东城区人民代表大会常务委员会"),
            ("deputy.east", "<h1>我的履职</h1>", "李东 代表"),
            ("unit.east", "<h1>承办工作台</h1>", "东城区教育局"),
            ("citizen", "<h1>欢迎</h1>", "公众"),
        ] {
            let (c, _) = app.login(login).await;
            let (status, home) = app.get(&c, "/").await;
            assert_eq!(status, StatusCode::OK);
            assert!(home.contains(heading), "{login}: {heading} missing");
            assert!(home.contains(marker), "{login}: {marker} missing");
            assert!(home.contains("lang=\"zh-CN\"") && home.contains("name=\"viewport\""));
        }
        let (_, anonymous) = app.get(&client(), "/").await;
        assert!(anonymous.contains("href=\"/login\""));
    }
}

#[tokio::test]
async fn a_page_that_needs_login_sends_an_anonymous_visitor_to_the_login_page() {
    for app in apps().await {
        let r = client().get(app.url("/admin/deputies?name=李")).send().await.expect("get");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let to = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(to.starts_with("/login?next=/admin/deputies"), "{to}");
        // And after logging in, an offsite `next` is ignored.
        let c = client();
        let (_, page) = app.get(&c, "/login").await;
        let r = c
            .post(app.url("/login"))
            .form(&[
                ("_csrf", csrf_of(&page).as_str()),
                ("login", "admin"),
                ("password", PW),
                ("next", "//evil.example/"),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(r.headers().get("location").and_then(|v| v.to_str().ok()), Some("/"));
    }
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_even_against_the_right_one() {
    for app in apps().await {
        for _ in 0..5 {
            let (_, status) = app.login_with("staff.east", "wrong-2026").await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
        let c = client();
        let (_, page) = app.get(&c, "/login").await;
        let (status, body) =
            app.post(&c, "/login", &[("_csrf", &csrf_of(&page)), ("login", "staff.east"), ("password", PW)]).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(body.contains("登录失败次数过多"));
    }
}

#[tokio::test]
async fn a_form_without_the_right_csrf_token_is_refused_and_changes_nothing() {
    for app in apps().await {
        let (c, csrf) = app.login("admin").await;
        let before = app.store.count_orgs().await.expect("n");
        let east = app.east.0.to_string();
        let form = [("name", "无令牌单位"), ("kind", "unit:other"), ("parent", east.as_str())];
        let (status, body) = app.post(&c, "/admin/orgs", &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("页面已过期") && body.contains("csrf_rejected"));
        let (status, _) =
            app.post(&c, "/admin/orgs", &[("_csrf", "0".repeat(64).as_str()), form[0], form[1], form[2]]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(app.store.count_orgs().await.expect("n"), before);
        // With the token it goes through.
        let (status, _) = app.post(&c, "/admin/orgs", &[("_csrf", csrf.as_str()), form[0], form[1], form[2]]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(app.store.count_orgs().await.expect("n"), before + 1);
        // A login form posted without the pre-login cookie's token is refused too.
        let (status, _) = app.post(&client(), "/login", &[("_csrf", "x"), ("login", "admin"), ("password", PW)]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_script_in_a_name_is_shown_as_text() {
    for app in apps().await {
        let (c, csrf) = app.login("staff.east").await;
        let east = app.east.0.to_string();
        let name = "<script>alert('x')</script>局";
        let (status, _) = app
            .post(&c, "/admin/orgs", &[("_csrf", &csrf), ("name", name), ("kind", "unit:other"), ("parent", &east)])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, page) = app.get(&c, "/admin/orgs").await;
        assert!(page.contains("&#60;script&#62;") || page.contains("&lt;script&gt;"), "escaped name missing");
        assert!(!page.contains("<script>alert"), "raw script reached the page");
    }
}

#[tokio::test]
async fn staff_see_and_change_only_their_own_congress() {
    for app in apps().await {
        let (c, csrf) = app.login("staff.east").await;
        let (_, list) = app.get(&c, "/admin/deputies").await;
        assert!(list.contains("李东") && list.contains("马回"));
        assert!(!list.contains("王西"), "a sibling district's deputy is listed");
        let (status, _) = app.get(&c, &format!("/admin/deputies/{}", app.west_deputy)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let west = app.west.0.to_string();
        let (status, body) = app
            .post(
                &c,
                "/admin/orgs",
                &[("_csrf", &csrf), ("name", "越权单位"), ("kind", "unit:other"), ("parent", &west)],
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("无权"));
        let (status, _) = app.get(&c, &format!("/admin/deputies?congress={west}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Staff cannot make an admin.
        let (status, _) = app
            .post(
                &c,
                "/admin/users",
                &[("_csrf", &csrf), ("login", "boss"), ("display_name", "老板"), ("password", PW), ("role", "admin")],
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(app.store.user_by_login("boss").await.expect("lookup").is_none());
    }
}

#[tokio::test]
async fn deputies_units_and_the_public_are_kept_out_of_the_admin_pages() {
    for app in apps().await {
        for login in ["deputy.east", "unit.east", "citizen"] {
            let (c, _) = app.login(login).await;
            for path in ["/admin/deputies", "/admin/orgs", "/admin/users", "/admin/audit"] {
                let (status, body) = app.get(&c, path).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{login} {path}");
                assert!(body.contains("您没有执行此操作的权限"));
            }
        }
    }
}

#[tokio::test]
async fn the_roster_filters_by_ethnicity_and_pages() {
    for app in apps().await {
        let (c, _) = app.login("admin").await;
        let (_, page) = app.get(&c, "/admin/deputies?ethnicity=回族").await;
        assert!(page.contains("马回") && !page.contains("李东"));
        assert!(page.contains("<b class=\"total\">1</b>"));
        let (_, all) = app.get(&c, "/admin/deputies").await;
        assert!(all.contains("<b class=\"total\">3</b>"));
    }
}

#[tokio::test]
async fn an_invalid_deputy_form_is_refused_in_chinese_and_stores_nothing() {
    for app in apps().await {
        let (c, csrf) = app.login("staff.east").await;
        let east = app.east.0.to_string();
        let before = app.store.count_deputyships().await.expect("n");
        let mut form = vec![
            ("_csrf", csrf.as_str()),
            ("name", "赵新"),
            ("gender", "女"),
            ("ethnicity", "汉族"),
            ("phone", "12345"),
            ("congress", east.as_str()),
            ("term", "十九"),
            ("delegation", "第二选区"),
            ("start", "2024-05-01"),
            ("start_reason", "by_election"),
        ];
        let (status, body) = app.post(&c, "/admin/deputies/new", &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("电话号码格式不正确"));
        assert_eq!(app.store.count_deputyships().await.expect("n"), before);
        form[4] = ("phone", "13912345678");
        let (status, _) = app.post(&c, "/admin/deputies/new", &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(app.store.count_deputyships().await.expect("n"), before + 1);
    }
}

#[tokio::test]
async fn unknown_pages_answer_404_in_chinese() {
    for app in apps().await {
        let (status, body) = app.get(&client(), "/no/such/page").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("您访问的页面不存在"));
        let r = client().get(app.url("/api/v1/nothing")).send().await.expect("get");
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let v: serde_json::Value = r.json().await.expect("json");
        assert_eq!(v["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn the_api_logs_in_searches_and_demands_the_csrf_header_for_writes() {
    for app in apps().await {
        let c = client();
        let r = c.get(app.url("/api/v1/me")).send().await.expect("me");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let bad: serde_json::Value = c
            .post(app.url("/api/v1/login"))
            .json(&serde_json::json!({"login": "staff.east", "password": "nope-2026"}))
            .send()
            .await
            .expect("login")
            .json()
            .await
            .expect("json");
        assert_eq!(bad["error"]["code"], "bad_credentials");
        let me: serde_json::Value = c
            .post(app.url("/api/v1/login"))
            .json(&serde_json::json!({"login": "staff.east", "password": PW}))
            .send()
            .await
            .expect("login")
            .json()
            .await
            .expect("json");
        assert_eq!(me["role"], "staff");
        let csrf = me["csrf_token"].as_str().expect("csrf").to_owned();

        let page: serde_json::Value =
            c.get(app.url("/api/v1/deputies?name=马")).send().await.expect("search").json().await.expect("json");
        assert_eq!(page["total"], 1);
        assert_eq!(page["items"][0]["ethnicity"], "回族");

        let body =
            serde_json::json!({"name": "东城区司法局", "kind": "unit:government_department", "parent_id": app.east.0});
        let r = c.post(app.url("/api/v1/organisations")).json(&body).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = c
            .post(app.url("/api/v1/organisations"))
            .header("X-CSRF-Token", &csrf)
            .json(&body)
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::CREATED);
        let r = c
            .post(app.url("/api/v1/organisations"))
            .header("X-CSRF-Token", &csrf)
            .body("{not json")
            .header("content-type", "application/json")
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::BAD_REQUEST.max(r.status()));
        let v: serde_json::Value = r.json().await.expect("json");
        assert_eq!(v["error"]["code"], "invalid_input");
    }
}

#[tokio::test]
async fn the_openapi_document_lists_every_api_path() {
    let app = spawn(testing::sqlite().await).await;
    let doc: serde_json::Value =
        client().get(app.url("/api/v1/openapi.json")).send().await.expect("get").json().await.expect("json");
    let paths = doc["paths"].as_object().expect("paths");
    for p in [
        "/api/v1/login",
        "/api/v1/logout",
        "/api/v1/me",
        "/api/v1/organisations",
        "/api/v1/deputies",
        "/api/v1/deputies/{person}",
        "/api/v1/suggestions",
        "/api/v1/suggestions/{id}",
        "/api/v1/suggestions/{id}/actions",
        "/api/v1/notifications",
        "/api/v1/notifications/read",
    ] {
        assert!(paths.contains_key(p), "{p} missing from the OpenAPI document");
    }
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with('3')));
}

#[tokio::test]
async fn assets_are_embedded_and_cacheable() {
    let app = spawn(testing::sqlite().await).await;
    let r = client().get(app.url("/assets/app.css")).send().await.expect("css");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("text/css; charset=utf-8"));
    let tag = r.headers().get("etag").cloned().expect("etag");
    assert!(r.text().await.expect("body").contains("@media (max-width: 640px)"), "a phone layout exists");
    let again = client().get(app.url("/assets/app.css")).header("if-none-match", tag).send().await.expect("css");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn pages_forbid_outside_scripts_styles_and_framing() {
    let app = spawn(testing::sqlite().await).await;
    let r = client().get(app.url("/login")).send().await.expect("login page");
    let csp = r.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(csp.contains("script-src 'self'") && csp.contains("style-src 'self'"), "{csp}");
    assert_eq!(r.headers().get("x-frame-options").and_then(|v| v.to_str().ok()), Some("SAMEORIGIN"));
    let html = r.text().await.expect("body");
    assert!(!html.contains("style=\"") && !html.contains("<script"), "no inline style or script");
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = spawn(testing::sqlite().await).await;
    let (c, csrf) = app.login("admin").await;
    let (status, _) = app.post(&c, "/logout", &[("_csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = app.get(&c, "/admin/orgs").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "back to the login page");
}

/// The number at the end of a redirect such as `/suggestions/12?notice=…`.
fn suggestion_id_of(location: &str) -> i64 {
    location
        .trim_start_matches("/suggestions/")
        .split('?')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a suggestion id in the redirect")
}

impl App {
    async fn act(&self, c: &reqwest::Client, csrf: &str, id: i64, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let mut form = vec![("_csrf", csrf)];
        form.extend_from_slice(fields);
        self.post(c, &format!("/suggestions/{id}/act"), &form).await
    }

    /// A deputy's new draft through the form; returns its id.
    async fn draft(&self, c: &reqwest::Client, csrf: &str, title: &str, cosigners: &str) -> i64 {
        let east = self.east.0.to_string();
        let r = c
            .post(self.url("/suggestions/new"))
            .form(&[
                ("_csrf", csrf),
                ("congress", east.as_str()),
                ("period", "recess"),
                ("title", title),
                ("body", "东湖小学门前上下学时段车辆混行，建议增设护学岗并施划斑马线。"),
                ("cosigners", cosigners),
            ])
            .send()
            .await
            .expect("create");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        suggestion_id_of(r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default())
    }
}

#[tokio::test]
async fn a_joint_suggestion_is_handled_by_every_role_through_the_pages() {
    for app in apps().await {
        let (lead, lead_csrf) = app.login("deputy.east").await;
        let id = app.draft(&lead, &lead_csrf, "关于东湖小学门前增设护学岗的建议", "马回").await;
        let (_, page) = app.get(&lead, &format!("/suggestions/{id}")).await;
        assert!(page.contains("草稿") && page.contains("马回（待确认）"));
        assert!(page.contains("value=\"submit\""), "the lead may submit");
        assert!(page.contains("修改草稿"));
        let edit = [
            ("command", "edit"),
            ("title", "关于东湖小学门前增设护学岗和斑马线的建议"),
            ("body", "东湖小学门前上下学时段车辆混行，建议增设护学岗并施划斑马线。"),
        ];
        assert_eq!(app.act(&lead, &lead_csrf, id, &edit).await.0, StatusCode::SEE_OTHER);
        let short = [("command", "edit"), ("title", "短"), ("body", "太短")];
        let (status, body) = app.act(&lead, &lead_csrf, id, &short).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("建议内容不能少于10个字") && !body.contains("body:"),
            "the message without the field's code name"
        );
        assert_eq!(app.act(&lead, &lead_csrf, id, &[("command", "submit")]).await.0, StatusCode::SEE_OTHER);

        let (ma, ma_csrf) = app.login("deputy.ma").await;
        let (_, list) = app.get(&ma, "/suggestions").await;
        assert!(list.contains("护学岗"), "the co-signer sees it");
        assert_eq!(app.act(&ma, &ma_csrf, id, &[("command", "confirm_cosign")]).await.0, StatusCode::SEE_OTHER);

        let (staff, staff_csrf) = app.login("staff.east").await;
        let (_, home) = app.get(&staff, "/").await;
        assert!(home.contains("<b>1</b><span>待审查立案</span>"), "the staff home counts what waits for screening");
        let (_, queue) = app.get(&staff, "/suggestions?state=submitted").await;
        assert!(queue.contains("护学岗"));
        assert_eq!(app.act(&staff, &staff_csrf, id, &[("command", "register")]).await.0, StatusCode::SEE_OTHER);
        let (main, assisting) = (app.unit.0.to_string(), app.transport.0.to_string());
        let assign =
            [("command", "assign"), ("main", main.as_str()), ("assisting", assisting.as_str()), ("on", "2025-03-03")];
        assert_eq!(app.act(&staff, &staff_csrf, id, &assign).await.0, StatusCode::SEE_OTHER);

        app.store.catch_up_notifications().await.expect("notifications");
        let (unit, unit_csrf) = app.login("unit.east").await;
        let (_, page) = app.get(&unit, &format!("/suggestions/{id}")).await;
        assert!(
            page.contains("东城区交通运输局（会办）尚未提交会办意见，应于 2025-04-03 前送主办单位"),
            "the 会办 view is due a month after assignment"
        );
        let (_, home) = app.get(&unit, "/").await;
        assert!(home.contains("消息<span class=\"count\">1</span>"), "the header counts the unread notification");
        let (_, messages) = app.get(&unit, "/notifications").await;
        assert!(messages.contains("新交办建议《关于东湖小学门前增设护学岗和斑马线的建议》（主办）"));
        let note_id = app
            .store
            .notifications(
                renda_core::ids::UserId(
                    app.store.user_by_login("unit.east").await.expect("lookup").expect("user").id.0,
                ),
                1,
            )
            .await
            .expect("inbox")[0]
            .id
            .to_string();
        let then = format!("/suggestions/{id}");
        let r = unit
            .post(app.url("/notifications"))
            .form(&[("_csrf", unit_csrf.as_str()), ("id", note_id.as_str()), ("then", then.as_str())])
            .send()
            .await
            .expect("read");
        assert_eq!(
            r.headers().get("location").and_then(|v| v.to_str().ok()),
            Some(then.as_str()),
            "reading opens the suggestion"
        );
        let (_, home) = app.get(&unit, "/").await;
        assert!(!home.contains("class=\"count\""), "nothing unread");
        let (_, inbox) = app.get(&unit, "/suggestions").await;
        assert!(inbox.contains("护学岗") && inbox.contains("剩余"));
        let early = [
            ("command", "reply"),
            ("class", "B"),
            ("body", "已协调交警部门设立护学岗，斑马线将于下月施划完成。"),
            ("signer", "张校"),
        ];
        let (status, body) = app.act(&unit, &unit_csrf, id, &early).await;
        assert_eq!(status, StatusCode::CONFLICT, "no reply before a contact");
        assert!(body.contains("须先与代表联系沟通"));
        let contact = [
            ("command", "record_contact"),
            ("way", "phone"),
            ("summary", "电话联系李东代表听取意见"),
            ("on", "2025-03-05"),
        ];
        assert_eq!(app.act(&unit, &unit_csrf, id, &contact).await.0, StatusCode::SEE_OTHER);
        let reply = [
            ("command", "reply"),
            ("class", "A"),
            ("body", "已协调交警部门设立护学岗，斑马线已施划完成。"),
            ("signer", "张校"),
        ];
        assert_eq!(app.act(&unit, &unit_csrf, id, &reply).await.0, StatusCode::SEE_OTHER);

        // The assisting unit may read it but not reply.
        let (other, other_csrf) = app.login("unit.transport").await;
        assert_eq!(app.get(&other, &format!("/suggestions/{id}")).await.0, StatusCode::OK);
        assert_eq!(app.act(&other, &other_csrf, id, &reply).await.0, StatusCode::FORBIDDEN);

        // The co-signer cannot rate; the lead can.
        let (_, lead_home) = app.get(&lead, "/").await;
        assert!(lead_home.contains("<b>1</b><span>待评价</span>"), "the lead's home asks for a rating");
        let rate = [("command", "rate"), ("attitude", "satisfied"), ("result", "satisfied"), ("reason", "")];
        assert_eq!(app.act(&ma, &ma_csrf, id, &rate).await.0, StatusCode::FORBIDDEN);
        assert_eq!(app.act(&lead, &lead_csrf, id, &rate).await.0, StatusCode::SEE_OTHER);
        assert_eq!(app.act(&staff, &staff_csrf, id, &[("command", "close")]).await.0, StatusCode::SEE_OTHER);
        let (_, page) = app.get(&lead, &format!("/suggestions/{id}")).await;
        assert!(page.contains("已办结") && page.contains("A类：已解决或基本解决"));
        assert!(page.contains("办理记录") && page.contains("交办"));

        // The public sees the reply only once the lead agrees, and never the contacts.
        let anon = client();
        assert_eq!(app.get(&anon, &format!("/replies/{id}")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(
            app.act(&lead, &lead_csrf, id, &[("command", "publish_reply"), ("publish", "1")]).await.0,
            StatusCode::SEE_OTHER
        );
        let (_, public_list) = app.get(&anon, "/replies").await;
        assert!(public_list.contains("护学岗和斑马线"));
        let (status, public_page) = app.get(&anon, &format!("/replies/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(public_page.contains("斑马线已施划完成") && !public_page.contains("电话联系李东代表"));

        // The statistics and the exports see the same suggestion.
        let (status, stats) = app.get(&staff, "/suggestions/stats?year=2025").await;
        assert_eq!(status, StatusCode::OK);
        assert!(stats.contains("东城区教育局") && stats.contains("100%"), "on time and satisfied");
        assert_eq!(app.get(&lead, "/suggestions/stats").await.0, StatusCode::FORBIDDEN);
        let csv = staff.get(app.url("/suggestions/export/csv?state=closed")).send().await.expect("csv");
        assert_eq!(csv.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("text/csv; charset=utf-8"));
        let text = csv.text().await.expect("body");
        assert!(
            text.starts_with('\u{feff}')
                && text.contains("关于东湖小学门前增设护学岗和斑马线的建议")
                && text.contains("已办结")
        );
        let xlsx =
            staff.get(app.url("/suggestions/export/xlsx")).send().await.expect("xlsx").bytes().await.expect("bytes");
        assert!(xlsx.starts_with(b"PK"), "an xlsx is a zip");
        let unit_csv =
            unit.get(app.url("/suggestions/export/csv")).send().await.expect("csv").text().await.expect("body");
        assert!(unit_csv.contains("护学岗"), "a unit exports its own list");
        let other_csv =
            other.get(app.url("/suggestions/export/csv?unit=0")).send().await.expect("csv").text().await.expect("body");
        assert!(other_csv.contains("护学岗"), "the assisting unit's list holds it too");
    }
}

#[tokio::test]
async fn a_unit_never_sees_another_units_assignment_and_a_deputy_never_rates_anothers() {
    for app in apps().await {
        let (lead, csrf) = app.login("deputy.east").await;
        let id = app.draft(&lead, &csrf, "关于改善农贸市场环境的建议", "").await;
        app.act(&lead, &csrf, id, &[("command", "submit")]).await;
        let (staff, staff_csrf) = app.login("staff.east").await;
        app.act(&staff, &staff_csrf, id, &[("command", "register")]).await;
        let main = app.unit.0.to_string();
        app.act(&staff, &staff_csrf, id, &[("command", "assign"), ("main", &main)]).await;

        let (other, _) = app.login("unit.transport").await;
        assert_eq!(app.get(&other, &format!("/suggestions/{id}")).await.0, StatusCode::NOT_FOUND);
        let (_, inbox) = app.get(&other, "/suggestions").await;
        assert!(!inbox.contains("农贸市场"));

        let (ma, ma_csrf) = app.login("deputy.ma").await;
        assert_eq!(app.get(&ma, &format!("/suggestions/{id}")).await.0, StatusCode::NOT_FOUND);
        let rate = [("command", "rate"), ("attitude", "unsatisfied"), ("result", "unsatisfied"), ("reason", "x")];
        assert_eq!(app.act(&ma, &ma_csrf, id, &rate).await.0, StatusCode::NOT_FOUND);

        // An illegal step answers 409 in Chinese and changes nothing.
        let sid = renda_store::suggestions::SuggestionId(id);
        let before = app.store.suggestion(sid).await.expect("detail").row.facts;
        let (status, body) = app.act(&staff, &staff_csrf, id, &[("command", "close")]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body.contains("不能办结"));
        assert!(
            body.contains("role=\"alert\"") && body.contains("关于改善农贸市场环境的建议"),
            "the page is shown again with the reason"
        );
        assert_eq!(app.store.suggestion(sid).await.expect("detail").row.facts, before);
    }
}

/// Logs in through the API; returns the client and its CSRF token.
async fn api_login(app: &App, login: &str) -> (reqwest::Client, String) {
    let c = client();
    let me: serde_json::Value = c
        .post(app.url("/api/v1/login"))
        .json(&serde_json::json!({"login": login, "password": PW}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    (c, me["csrf_token"].as_str().expect("csrf").to_owned())
}

async fn api_act(
    app: &App,
    c: &reqwest::Client,
    csrf: &str,
    id: i64,
    body: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    let r = c
        .post(app.url(&format!("/api/v1/suggestions/{id}/actions")))
        .header("X-CSRF-Token", csrf)
        .json(&body)
        .send()
        .await
        .expect("act");
    (r.status(), r.json().await.expect("json"))
}

#[tokio::test]
async fn the_api_carries_a_suggestion_through_its_life_with_the_same_rules() {
    use serde_json::json;
    for app in apps().await {
        let (lead, lead_csrf) = api_login(&app, "deputy.east").await;
        let r = lead
            .post(app.url("/api/v1/suggestions"))
            .header("X-CSRF-Token", &lead_csrf)
            .json(&json!({"congress_id": app.east.0, "title": "关于延长社区图书室开放时间的建议", "body": "社区图书室工作日下午五点关门，上班族无法借阅，建议周末和晚间开放。", "period": "recess"}))
            .send()
            .await
            .expect("create");
        assert_eq!(r.status(), StatusCode::CREATED);
        let created: serde_json::Value = r.json().await.expect("json");
        let id = created["id"].as_i64().expect("id");
        assert_eq!(created["state"], "draft");
        assert!(created["actions"].as_array().expect("actions").contains(&json!("submit")));

        let (status, body) = api_act(&app, &lead, &lead_csrf, id, json!({"command": {"command": "close"}})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a deputy never closes");
        assert_eq!(body["error"]["code"], "forbidden");
        assert_eq!(
            api_act(&app, &lead, &lead_csrf, id, json!({"command": {"command": "submit"}})).await.0,
            StatusCode::OK
        );

        let (staff, staff_csrf) = api_login(&app, "staff.east").await;
        let (status, body) = api_act(&app, &staff, &staff_csrf, id, json!({"command": {"command": "close"}})).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["error"]["code"], "illegal_transition");
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("已提交")));
        assert_eq!(
            api_act(&app, &staff, &staff_csrf, id, json!({"command": {"command": "register"}})).await.0,
            StatusCode::OK
        );
        let (status, body) = api_act(
            &app,
            &staff,
            &staff_csrf,
            id,
            json!({"command": {"command": "assign", "on": "2025-03-03", "complex": false}, "extra": {"extra": "assign", "main": [app.unit.0], "assisting": []}}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!((body["due_on"].as_str(), body["days_left"].as_i64()), (Some("2025-06-03"), Some(85)));
        let (status, body) =
            api_act(&app, &staff, &staff_csrf, id, json!({"command": {"command": "assign", "on": "not a date"}})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_input")));

        let (unit, unit_csrf) = api_login(&app, "unit.east").await;
        let inbox: serde_json::Value =
            unit.get(app.url("/api/v1/suggestions")).send().await.expect("list").json().await.expect("json");
        assert_eq!(inbox["total"], 1);
        let (other, _) = api_login(&app, "unit.transport").await;
        let r = other.get(app.url(&format!("/api/v1/suggestions/{id}"))).send().await.expect("get");
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "another unit cannot see it");
        let contact = json!({"command": {"command": "record_contact"}, "extra": {"extra": "contact", "on": "2025-03-05", "way": "visit", "summary": "到社区走访听取代表意见"}});
        assert_eq!(api_act(&app, &unit, &unit_csrf, id, contact).await.0, StatusCode::OK);
        let reply = json!({"command": {"command": "reply", "class": "A"}, "extra": {"extra": "reply", "body": "经研究，社区图书室自四月起周末和工作日晚间开放。", "signer": "陈明", "on": "2025-03-08"}});
        let (status, body) = api_act(&app, &unit, &unit_csrf, id, reply).await;
        assert_eq!((status, body["state"].as_str()), (StatusCode::OK, Some("replied")));

        app.store.catch_up_notifications().await.expect("notifications");
        let notes: serde_json::Value =
            lead.get(app.url("/api/v1/notifications")).send().await.expect("notes").json().await.expect("json");
        assert_eq!(notes[0]["kind"], "please_rate");
        let rate =
            json!({"command": {"command": "rate", "attitude": "satisfied", "result": "satisfied", "reason": ""}});
        assert_eq!(api_act(&app, &lead, &lead_csrf, id, rate).await.0, StatusCode::OK);
    }
}

#[tokio::test]
async fn staff_enter_a_paper_suggestion_for_a_deputy_and_submit_it_with_its_signatures() {
    let app = spawn(testing::sqlite().await).await;
    let (staff, csrf) = app.login("staff.east").await;
    let east = app.east.0.to_string();
    let r = staff
        .post(app.url("/suggestions/new"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("congress", east.as_str()),
            ("period", "session"),
            ("lead", "李东"),
            ("cosigners", "马回"),
            ("from_motion", "1"),
            ("title", "关于加快老旧小区加装电梯的建议"),
            ("body", "老旧小区老年住户多，上下楼困难，建议简化加装电梯审批并给予补贴。"),
        ])
        .send()
        .await
        .expect("create");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = suggestion_id_of(r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default());
    let (_, page) = app.get(&staff, &format!("/suggestions/{id}")).await;
    assert!(page.contains("议案转建议") && !page.contains("待确认"), "paper signatures count as confirmed");
    assert_eq!(app.act(&staff, &csrf, id, &[("command", "submit")]).await.0, StatusCode::SEE_OTHER);
    let (_, page) = app.get(&staff, &format!("/suggestions/{id}")).await;
    assert!(page.contains("已提交"));
    // The lead deputy sees it as theirs.
    let (lead, _) = app.login("deputy.east").await;
    assert!(app.get(&lead, "/suggestions").await.1.contains("老旧小区加装电梯"));
    // An unknown lead is refused in Chinese.
    let (status, body) = app
        .post(
            &staff,
            "/suggestions/new",
            &[
                ("_csrf", &csrf),
                ("congress", &east),
                ("period", "session"),
                ("lead", "查无此人"),
                ("title", "标题"),
                ("body", "足够长的建议内容，十个字以上。"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("没有名为“查无此人”的在任代表"));
}

#[tokio::test]
async fn staff_set_their_congress_rules_and_assign_several_suggestions_at_once() {
    let app = spawn(testing::sqlite().await).await;
    let (lead, lead_csrf) = app.login("deputy.east").await;
    let a = app.draft(&lead, &lead_csrf, "关于增设社区食堂的建议", "").await;
    let b = app.draft(&lead, &lead_csrf, "关于修缮东湖公园步道的建议", "").await;
    let (staff, csrf) = app.login("staff.east").await;
    for id in [a, b] {
        app.act(&lead, &lead_csrf, id, &[("command", "submit")]).await;
        app.act(&staff, &csrf, id, &[("command", "register")]).await;
    }
    // Rules beyond the law are refused and change nothing.
    let mut form = vec![
        ("_csrf", csrf.as_str()),
        ("reply_months", "7"),
        ("complex_reply_months", "6"),
        ("max_months", "6"),
        ("rehandle_months", "1"),
        ("return_window_working_days", "7"),
        ("near_due_days", "10"),
        ("class_scheme", "jia_yi_bing"),
    ];
    let (status, body) = app.post(&staff, "/suggestions/settings", &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("答复期限应为1至6个月"));
    form[1] = ("reply_months", "2");
    assert_eq!(app.post(&staff, "/suggestions/settings", &form).await.0, StatusCode::SEE_OTHER);
    let settings = app.store.suggestion_settings(app.east).await.expect("settings");
    assert_eq!((settings.reply_months, settings.class_scheme), (2, renda_core::suggestion::ClassScheme::JiaYiBing));
    let mut lead_form = form.clone();
    lead_form[0] = ("_csrf", lead_csrf.as_str());
    assert_eq!(app.post(&lead, "/suggestions/settings", &lead_form).await.0, StatusCode::FORBIDDEN);

    let (_, list) = app.get(&staff, "/suggestions?state=registered").await;
    assert!(list.contains("批量交办"));
    let (a_s, b_s, unit) = (a.to_string(), b.to_string(), app.unit.0.to_string());
    let bulk = [("_csrf", csrf.as_str()), ("id", &a_s), ("id", &b_s), ("main", &unit), ("on", "2025-03-03")];
    assert_eq!(app.post(&staff, "/suggestions/bulk-assign", &bulk).await.0, StatusCode::SEE_OTHER);
    for id in [a, b] {
        let d = app.store.suggestion(renda_store::suggestions::SuggestionId(id)).await.expect("detail");
        assert_eq!(d.row.facts.due_on, Some(jiff::civil::date(2025, 5, 3)), "two months under the congress's own rule");
    }
    let (again, _) = app.post(&staff, "/suggestions/bulk-assign", &bulk).await;
    assert_eq!(again, StatusCode::UNPROCESSABLE_ENTITY, "already assigned: each is named as not assigned");
}

#[tokio::test]
async fn a_reply_carries_its_documents_and_only_those_who_may_read_it_download_them() {
    use reqwest::multipart::{Form, Part};
    let app = spawn(testing::sqlite().await).await;
    let (lead, lead_csrf) = app.login("deputy.east").await;
    let id = app.draft(&lead, &lead_csrf, "关于公园增设无障碍通道的建议", "").await;
    app.act(&lead, &lead_csrf, id, &[("command", "submit")]).await;
    let (staff, staff_csrf) = app.login("staff.east").await;
    app.act(&staff, &staff_csrf, id, &[("command", "register")]).await;
    let main = app.unit.0.to_string();
    app.act(&staff, &staff_csrf, id, &[("command", "assign"), ("main", &main)]).await;
    let (unit, unit_csrf) = app.login("unit.east").await;
    let contact = [("command", "record_contact"), ("way", "visit"), ("summary", "实地查看公园入口并听取意见")];
    app.act(&unit, &unit_csrf, id, &contact).await;

    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let reply_form = |file: Part| {
        Form::new()
            .text("_csrf", unit_csrf.clone())
            .text("command", "reply")
            .text("class", "A")
            .text("body", "经研究，公园东门和南门已增设无障碍坡道，并设置了指示标识。")
            .text("signer", "周主任")
            .part("files", file)
    };
    let url = app.url(&format!("/suggestions/{id}/act"));
    // A text file is refused whole, with the reason on the page.
    let bad = Part::bytes(b"just text".to_vec()).file_name("说明.txt");
    let r = unit.post(&url).multipart(reply_form(bad)).send().await.expect("post");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.expect("body").contains("类型不受支持"));
    // Without the CSRF token, a multipart form is refused like any other.
    let no_token = Form::new().text("command", "reply").part("files", Part::bytes(pdf.clone()).file_name("答复函.pdf"));
    assert_eq!(unit.post(&url).multipart(no_token).send().await.expect("post").status(), StatusCode::FORBIDDEN);

    let good = Part::bytes(pdf.clone()).file_name("答复函.pdf");
    let r = unit.post(&url).multipart(reply_form(good)).send().await.expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.get(&lead, &format!("/suggestions/{id}")).await;
    assert!(page.contains("答复函.pdf"));
    let href = page
        .split(&format!("/suggestions/{id}/files/"))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to the file")
        .to_owned();
    let file_url = app.url(&format!("/suggestions/{id}/files/{href}"));
    let got = lead.get(&file_url).send().await.expect("download");
    assert_eq!(got.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
    assert_eq!(got.bytes().await.expect("bytes").to_vec(), pdf, "the same bytes come back");
    let (other, _) = app.login("unit.transport").await;
    assert_eq!(other.get(&file_url).send().await.expect("download").status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_account_page_shows_the_accounts_own_role_as_chosen_so_saving_it_changes_nothing() {
    for app in apps().await {
        let (c, csrf) = app.login("admin").await;
        let deputy = app.store.user_by_login("deputy.east").await.expect("read").expect("exists");
        let (status, page) = app.get(&c, &format!("/admin/users/{}", deputy.id.0)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("<option value=\"deputy\" selected>"), "the deputy role is the chosen one");
        assert!(!page.contains("<option value=\"admin\" selected>"));
        let Role::Deputy { person } = deputy.role else { panic!("a deputy account") };
        assert!(page.contains(&format!("name=\"person\" inputmode=\"numeric\" value=\"{}\"", person.0)));
        let staff = app.store.user_by_login("staff.east").await.expect("read").expect("exists");
        let (_, page) = app.get(&c, &format!("/admin/users/{}", staff.id.0)).await;
        assert!(page.contains(&format!("<option value=\"{}\" selected>", app.east.0)), "the staff's congress");
        // Saving the role form as it comes keeps the role.
        let (status, _) = app
            .post(
                &c,
                &format!("/admin/users/{}", deputy.id.0),
                &[
                    ("_csrf", &csrf),
                    ("op", "role"),
                    ("role", "deputy"),
                    ("scope", ""),
                    ("person", &person.0.to_string()),
                ],
            )
            .await;
        assert!(status.is_redirection() || status == StatusCode::OK, "{status}");
        let after = app.store.user_by_login("deputy.east").await.expect("read").expect("exists");
        assert_eq!(after.role, deputy.role);
    }
}
