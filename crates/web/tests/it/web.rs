//! The web tier driven over real HTTP, as each role: every test starts the app on port 0 over a
//! fresh database (SQLite, and PostgreSQL too when `RENDA_TEST_PG_URL` is set).

use renda_core::ids::OrgId;
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::person::Term;
use renda_core::policy::Role;
use renda_core::value::{Ethnicity, Gender};
use renda_store::people::{NewDeputyship, NewPerson};
use renda_testkit::http::{TestApp, client, id_in, location_of};
use renda_testkit::{PW, TestStore, deputy_with, on_each_store, org, person, seat, testing, user};
use reqwest::StatusCode;

const TODAY: jiff::civil::Date = jiff::civil::date(2025, 3, 10);

struct App {
    app: TestApp,
    east: OrgId,
    west: OrgId,
    unit: OrgId,
    transport: OrgId,
    west_deputy: i64,
}

impl std::ops::Deref for App {
    type Target = TestApp;
    fn deref(&self) -> &TestApp {
        &self.app
    }
}

/// A woman deputy of the 19th term, of `ethnicity`.
async fn deputy(s: &renda_store::Store, name: &str, ethnicity: &str, congress: OrgId) -> i64 {
    let person = NewPerson {
        gender: Some(Gender::Female),
        ethnicity: Some(Ethnicity::parse(ethnicity).expect("eth")),
        ..person(name)
    };
    deputy_with(s, person, NewDeputyship { term: Term(19), ..seat(congress) }).await.0
}

/// A city with two districts, a unit, deputies and one account per role, served on port 0.
async fn spawn(db: TestStore) -> App {
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
    s.clock().set_on(TODAY);
    App { app: TestApp::new(db).await, east, west, unit, transport, west_deputy }
}

async fn apps() -> Vec<App> {
    on_each_store(spawn).await
}

impl App {
    /// Moves the clock to 10:00 on `day`: a story that back-dates a step (an assignment dated
    /// before today) registers the suggestion on that day; `app.day(TODAY)` comes back.
    fn day(&self, day: jiff::civil::Date) {
        self.store.clock().set_on(day);
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
        let to = location_of(&r);
        assert!(to.starts_with("/login?next=/admin/deputies"), "{to}");
        // And after logging in, an offsite `next` is ignored.
        let (c, csrf) = app.login_page().await;
        let r = c
            .post(app.url("/login"))
            .form(&[("_csrf", csrf.as_str()), ("login", "admin"), ("password", PW), ("next", "//evil.example/")])
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
            let (_, r) = app.try_login("staff.east", "wrong-2026").await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
        let (c, csrf) = app.login_page().await;
        let (status, body) =
            app.post(&c, "/login", &[("_csrf", &csrf), ("login", "staff.east"), ("password", PW)]).await;
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
        assert!(body.contains("页面已过期") && !body.contains("csrf_rejected"), "the message, not the code: {body}");
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

/// An error's form is its route's, whoever raised it (a handler, an extractor, the session
/// layer): JSON with the error object under `/api/`, a Chinese page elsewhere.
#[tokio::test]
async fn an_error_is_json_under_the_api_and_a_page_elsewhere_whoever_raised_it() {
    let t = testing::sqlite().await;
    let app = spawn(t).await;
    let is_json = |r: &reqwest::Response| {
        r.headers().get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"))
    };
    // Too large, refused by the session layer before any handler.
    let big = "x".repeat(2 * 1024 * 1024);
    let r = client()
        .post(app.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big.clone())
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(!is_json(&r));
    assert!(r.text().await.expect("body").contains("提交的内容过大"));
    let r = client()
        .post(app.url("/api/v1/login"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(is_json(&r));
    let v: serde_json::Value = r.json().await.expect("json");
    assert_eq!(v["error"]["code"], "payload_too_large");
    // A body that is not JSON, refused by the extractor.
    let r = client()
        .post(app.url("/api/v1/login"))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .expect("post");
    assert!(r.status().is_client_error());
    assert!(is_json(&r));
    let v: serde_json::Value = r.json().await.expect("json");
    assert_eq!(v["error"]["code"], "invalid_input");
    // A form post without a token, refused by the session layer: a page.
    let r = client().delete(app.url("/login")).send().await.expect("delete");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(!is_json(&r));
    assert!(r.text().await.expect("body").contains("页面已过期"));
    // A method the API does not take, answered by the router's fallback.
    let r = client().delete(app.url("/api/v1/me")).send().await.expect("delete");
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    let v: serde_json::Value = r.json().await.expect("json");
    assert_eq!(v["error"]["code"], "not_found");
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
async fn assets_are_embedded_fingerprinted_precompressed_and_cacheable() {
    let app = spawn(testing::sqlite().await).await;
    let (_, login) = app.get(&client(), "/login").await;
    // Pages link the stylesheet by a name of its content, kept for a year.
    let at = login.find("href=\"/assets/app.").expect("the page links app.css by its fingerprint") + 6;
    let href = login[at..].split('"').next().unwrap_or_default().to_owned();
    assert!(href.ends_with(".css") && href.len() > "/assets/app.css".len(), "{href}");
    let r = client().get(app.url(&href)).send().await.expect("css");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("text/css; charset=utf-8"));
    assert_eq!(
        r.headers().get("cache-control").and_then(|v| v.to_str().ok()),
        Some("public, max-age=31536000, immutable")
    );
    let tag = r.headers().get("etag").cloned().expect("etag");
    let css = r.text().await.expect("body");
    assert!(css.contains("@media (max-width: 640px)"), "a phone layout exists");
    let again = client().get(app.url(&href)).header("if-none-match", tag).send().await.expect("css");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // The plain name still answers, for a shorter time; compressed when the browser says so.
    let plain = client().get(app.url("/assets/app.css")).header("accept-encoding", "gzip").send().await.expect("css");
    assert_eq!(plain.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("public, max-age=3600"));
    assert_eq!(plain.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
    let mut decoded = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&plain.bytes().await.expect("body")[..]),
        &mut decoded,
    )
    .expect("gzip");
    assert_eq!(decoded, css);
}

#[tokio::test]
async fn pages_forbid_outside_scripts_styles_and_framing() {
    let app = spawn(testing::sqlite().await).await;
    let r = client().get(app.url("/login")).send().await.expect("login page");
    let csp = r.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(csp.contains("script-src 'self'") && csp.contains("style-src 'self'"), "{csp}");
    assert_eq!(r.headers().get("x-frame-options").and_then(|v| v.to_str().ok()), Some("SAMEORIGIN"));
    let html = r.text().await.expect("body");
    assert!(!html.contains("style=\""), "no inline style");
    // Scripts only from this site's embedded assets, never inline.
    for script in html.split("<script").skip(1) {
        let tag = &script[..script.find("</script>").expect("closed")];
        assert!(tag.starts_with(" src=\"/assets/") && tag.ends_with('>'), "an embedded script file only: {tag}");
    }
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

impl App {
    async fn act(&self, c: &reqwest::Client, csrf: &str, id: i64, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let mut form = vec![("_csrf", csrf)];
        form.extend_from_slice(fields);
        // Sent from the suggestion's page, as a browser does.
        let r = c
            .post(self.url(&format!("/suggestions/{id}/act")))
            .header("referer", self.url(&format!("/suggestions/{id}")))
            .form(&form)
            .send()
            .await
            .expect("act");
        (r.status(), r.text().await.expect("body"))
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
        id_in(&location_of(&r), "/suggestions/")
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
        assert!(
            home.contains("<b>1</b><span>待审查立案<small class=\"scope\">（本级）</small></span>"),
            "the staff home counts what waits for screening, and says whose"
        );
        let (_, queue) = app.get(&staff, "/suggestions?state=submitted").await;
        assert!(queue.contains("护学岗"));
        app.day(jiff::civil::date(2025, 3, 3));
        assert_eq!(app.act(&staff, &staff_csrf, id, &[("command", "register")]).await.0, StatusCode::SEE_OTHER);
        let (main, assisting) = (app.unit.0.to_string(), app.transport.0.to_string());
        let assign =
            [("command", "assign"), ("main", main.as_str()), ("assisting", assisting.as_str()), ("on", "2025-03-03")];
        assert_eq!(app.act(&staff, &staff_csrf, id, &assign).await.0, StatusCode::SEE_OTHER);
        app.day(TODAY);

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
        // The 会办 view is still awaited: the reply waits for it, and the page says why.
        let (_, page) = app.get(&unit, &format!("/suggestions/{id}")).await;
        assert!(!page.contains("value=\"reply\""), "no reply button while the view is awaited");
        assert!(page.contains("本单位须待全部会办单位的意见送达后才能答复"), "the main unit is told why");
        let (status, body) = app.act(&unit, &unit_csrf, id, &reply).await;
        assert_eq!(status, StatusCode::CONFLICT, "no reply before the 会办 view");
        assert!(body.contains("还有1个会办单位未提交会办意见"), "the reason is shown");
        let (other, other_csrf) = app.login("unit.transport").await;
        let view = [("command", "submit_view"), ("text", "交通运输局同意在校门口施划斑马线并配合设立护学岗。")];
        assert_eq!(app.act(&other, &other_csrf, id, &view).await.0, StatusCode::SEE_OTHER);
        let (_, page) = app.get(&unit, &format!("/suggestions/{id}")).await;
        assert!(page.contains("value=\"reply\"") && page.contains("东城区交通运输局 会办意见"));
        assert_eq!(app.act(&unit, &unit_csrf, id, &reply).await.0, StatusCode::SEE_OTHER);

        // The assisting unit may read it but not reply.
        assert_eq!(app.get(&other, &format!("/suggestions/{id}")).await.0, StatusCode::OK);
        assert_eq!(app.act(&other, &other_csrf, id, &reply).await.0, StatusCode::FORBIDDEN);

        // The co-signer cannot rate; the lead can.
        let (_, lead_home) = app.get(&lead, "/").await;
        assert!(
            lead_home.contains("<b>1</b><span>待评价<small class=\"scope\">（本人）</small></span>"),
            "the lead's home asks for a rating"
        );
        let rate = [("command", "rate"), ("attitude", "satisfied"), ("result", "satisfied"), ("reason", "")];
        assert_eq!(app.act(&ma, &ma_csrf, id, &rate).await.0, StatusCode::FORBIDDEN);
        assert_eq!(app.act(&lead, &lead_csrf, id, &rate).await.0, StatusCode::SEE_OTHER);
        // 办结 cannot be undone: the form says what it does and asks to confirm.
        let (_, page) = app.get(&staff, &format!("/suggestions/{id}")).await;
        assert!(page.contains("办结后承办单位不能再答复"), "the consequence is said");
        let (status, body) = app.act(&staff, &staff_csrf, id, &[("command", "close")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "not without confirming");
        assert!(
            body.contains("name=\"confirm\" value=\"1\" required autofocus=\"\" aria-invalid=\"true\">"),
            "the box to tick takes the focus: {body}"
        );
        assert!(
            body.contains("<p class=\"alert error field-error\" role=\"alert\" tabindex=\"-1\">此操作不能撤销"),
            "the reason sits on top of the form, not between the box and its label"
        );
        let close = [("command", "close"), ("confirm", "1")];
        assert_eq!(app.act(&staff, &staff_csrf, id, &close).await.0, StatusCode::SEE_OTHER);
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
        let before = app.store.suggestion(&renda_store::Actor::system(), sid).await.expect("detail").row.facts;
        let (status, body) = app.act(&staff, &staff_csrf, id, &[("command", "close"), ("confirm", "1")]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body.contains("不能办结"));
        assert!(
            body.contains("role=\"alert\"") && body.contains("关于改善农贸市场环境的建议"),
            "the page is shown again with the reason"
        );
        assert_eq!(app.store.suggestion(&renda_store::Actor::system(), sid).await.expect("detail").row.facts, before);
    }
}

/// Logs in through the API; returns the client and its CSRF token.
async fn api_login(app: &App, login: &str) -> (reqwest::Client, String) {
    let user = app.api_login(login).await;
    (user.client, user.csrf)
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

        // The draft's text and the publication choice are commands like the others.
        let edit = json!({"command": {"command": "edit", "title": "关于延长社区图书室晚间开放时间的建议", "body": "社区图书室工作日下午五点关门，上班族无法借阅，建议晚间开放。"}});
        let (status, body) = api_act(&app, &lead, &lead_csrf, id, edit).await;
        assert_eq!(
            (status, body["title"].as_str()),
            (StatusCode::OK, Some("关于延长社区图书室晚间开放时间的建议")),
            "{body}"
        );
        let (status, body) =
            api_act(&app, &lead, &lead_csrf, id, json!({"command": {"command": "edit", "title": "短"}})).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("body")));
        let publish = json!({"command": {"command": "publish_reply", "publish": true}});
        assert_eq!(api_act(&app, &lead, &lead_csrf, id, publish).await.0, StatusCode::OK);
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
        assert_eq!(body["error"]["code"], "wrong_state");
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("已提交")));
        app.day(jiff::civil::date(2025, 3, 3));
        assert_eq!(
            api_act(&app, &staff, &staff_csrf, id, json!({"command": {"command": "register"}})).await.0,
            StatusCode::OK
        );
        app.day(TODAY);
        // An assignment dated before the registration makes no sense, and says why beside 交办日期.
        let early = json!({"command": {"command": "assign", "on": "2020-03-03", "complex": false}, "extra": {"extra": "assign", "main": [app.unit.0], "assisting": []}});
        let (status, body) = api_act(&app, &staff, &staff_csrf, id, early).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            (body["error"]["code"].as_str(), body["error"]["field"].as_str(), body["error"]["message"].as_str()),
            (Some("date_out_of_order"), Some("on"), Some("交办日期不能早于立案日期（2025-03-03）。"))
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
    let id = id_in(&location_of(&r), "/suggestions/");
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
    app.day(jiff::civil::date(2025, 3, 3));
    for id in [a, b] {
        app.act(&lead, &lead_csrf, id, &[("command", "submit")]).await;
        app.act(&staff, &csrf, id, &[("command", "register")]).await;
    }
    app.day(TODAY);
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
    assert!(list.contains("交办所选建议"));
    let (a_s, b_s, unit) = (a.to_string(), b.to_string(), app.unit.0.to_string());
    let bulk = [("_csrf", csrf.as_str()), ("id", &a_s), ("id", &b_s), ("main", &unit), ("on", "2025-03-03")];
    let (status, body) = app.post(&staff, "/suggestions/bulk-assign", &bulk).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("已交办2件。"), "one message says what was done");
    for id in [a, b] {
        let d = app
            .store
            .suggestion(&renda_store::Actor::system(), renda_store::suggestions::SuggestionId(id))
            .await
            .expect("detail");
        assert_eq!(d.row.facts.due_on, Some(jiff::civil::date(2025, 5, 3)), "two months under the congress's own rule");
    }
    let (again, body) = app.post(&staff, "/suggestions/bulk-assign", &bulk).await;
    assert_eq!(again, StatusCode::CONFLICT, "already assigned: nothing done");
    assert!(body.contains("已交办0件；") && body.matches("未能交办：").count() == 2, "each is named as not assigned");
}

#[tokio::test]
async fn the_api_sets_the_rules_works_a_selection_and_replies_with_documents_as_the_pages_do() {
    use serde_json::json;
    for app in apps().await {
        let (lead, lead_csrf) = app.login("deputy.east").await;
        let a = app.draft(&lead, &lead_csrf, "关于增设社区食堂的建议", "").await;
        let b = app.draft(&lead, &lead_csrf, "关于修缮东湖公园步道的建议", "").await;
        for id in [a, b] {
            app.act(&lead, &lead_csrf, id, &[("command", "submit")]).await;
        }
        let staff = app.api_login("staff.east").await;

        // 建议办理设置: beyond the law is refused beside its field, and changes nothing.
        let settings = |reply_months: i32, scheme: &str| {
            json!({"reply_months": reply_months, "complex_reply_months": 6, "max_months": 6, "rehandle_months": 1,
                   "return_window_working_days": 7, "near_due_days": 10, "class_scheme": scheme})
        };
        let (status, body) = staff.post("/api/v1/suggestions/settings", settings(7, "abcd")).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reply_months")));
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("答复期限应为1至6个月")), "{body}");
        let (status, body) = staff.post("/api/v1/suggestions/settings", settings(2, "甲乙丙")).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("class_scheme")));
        assert_eq!(app.store.suggestion_settings(app.east).await.expect("settings").reply_months, 3, "unchanged");
        assert_eq!(
            staff.post("/api/v1/suggestions/settings", settings(2, "jia_yi_bing")).await.0,
            StatusCode::NO_CONTENT
        );
        let saved = app.store.suggestion_settings(app.east).await.expect("settings");
        assert_eq!((saved.reply_months, saved.class_scheme), (2, renda_core::suggestion::ClassScheme::JiaYiBing));
        let deputy = app.api_login("deputy.east").await;
        let (status, body) = deputy.post("/api/v1/suggestions/settings", settings(3, "abcd")).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));

        // 批量立案 and 交办: each its own step; a refused one is named with its precise reason.
        app.day(jiff::civil::date(2025, 3, 3));
        let staff = app.api_login("staff.east").await;
        let (status, body) = staff.post("/api/v1/suggestions/bulk", json!({"op": "register", "ids": [a, b]})).await;
        assert_eq!((status, body["done"].clone()), (StatusCode::OK, json!([a, b])), "{body}");
        let (status, body) = staff.post("/api/v1/suggestions/bulk", json!({"op": "register", "ids": [a]})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("wrong_state")), "{body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.starts_with("已立案0件；")), "{body}");
        let assign = json!({"op": "assign", "ids": [a, 999_999], "main": [app.unit.0], "on": "2025-03-03"});
        let (status, body) = staff.post("/api/v1/suggestions/bulk", assign).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!((body["done"].clone(), body["refused"][0]["id"].as_i64()), (json!([a]), Some(999_999)));
        assert_eq!(body["refused"][0]["code"], "not_found");
        assert!(body["message"].as_str().is_some_and(|m| m.starts_with("已交办1件；")), "{body}");
        let d = app
            .store
            .suggestion(&renda_store::Actor::system(), renda_store::suggestions::SuggestionId(a))
            .await
            .expect("detail");
        assert_eq!(d.row.facts.due_on, Some(jiff::civil::date(2025, 5, 3)), "two months under the congress's rule");
        let (status, body) = staff.post("/api/v1/suggestions/bulk", json!({"op": "assign", "ids": [b]})).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("main")));
        let (status, body) = staff.post("/api/v1/suggestions/bulk", json!({"op": "close", "ids": [b]})).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("op")));
        let deputy = app.api_login("deputy.east").await;
        let (status, _) = deputy.post("/api/v1/suggestions/bulk", json!({"op": "register", "ids": [b]})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // A reply with its document, as a multipart call: the JSON as `body`, the file as `files`.
        let unit = app.api_login("unit.east").await;
        let url = format!("/api/v1/suggestions/{a}/actions");
        let contact = json!({"command": {"command": "record_contact"}, "extra": {"extra": "contact", "on": "2025-03-03", "way": "visit", "summary": "到社区走访听取代表意见"}});
        assert_eq!(unit.post(&url, contact).await.0, StatusCode::OK);
        let reply = json!({"command": {"command": "reply", "class": "A"}, "extra": {"extra": "reply", "body": "经研究，社区食堂将于四月开业，面向老人提供优惠。", "signer": "陈明", "on": "2025-03-03"}});
        let (status, body) = unit.post_files(&url, reply.clone(), &[("说明.txt", b"just text")]).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("files")));
        let (status, body) = unit.post_files(&url, json!("not an object"), &[]).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_input")));
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
        let (status, body) = unit.post_files(&url, reply, &[("答复函.pdf", pdf)]).await;
        assert_eq!((status, body["state"].as_str()), (StatusCode::OK, Some("replied")), "{body}");
        let (_, page) = app.get(&lead, &format!("/suggestions/{a}")).await;
        assert!(page.contains("答复函.pdf"), "the document is on the suggestion");
    }
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
        assert!(
            page.contains(&format!("<option value=\"{}\" selected>李东（第一选区）</option>", person.0)),
            "the deputy is shown by name in the searchable list"
        );
        let staff = app.store.user_by_login("staff.east").await.expect("read").expect("exists");
        let (_, page) = app.get(&c, &format!("/admin/users/{}", staff.id.0)).await;
        let option = page.split(&format!("<option value=\"{}\"", app.east.0)).nth(1).expect("the congress offered");
        assert!(option[..option.find('>').expect("tag end")].ends_with(" selected"), "the staff's congress: {option}");
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

/// A suggestion of 李东 (deputy.east) carried through the API to a reply from 东城区教育局.
async fn replied_suggestion(app: &App) -> i64 {
    use serde_json::json;
    let (lead, lead_csrf) = api_login(app, "deputy.east").await;
    let r = lead
        .post(app.url("/api/v1/suggestions"))
        .header("X-CSRF-Token", &lead_csrf)
        .json(&json!({"congress_id": app.east.0, "title": "关于增设公交站台雨棚的建议", "body": "东湖路公交站台没有雨棚，雨天候车群众淋雨，建议增设。", "period": "recess"}))
        .send()
        .await
        .expect("create");
    let id = r.json::<serde_json::Value>().await.expect("json")["id"].as_i64().expect("id");
    let (staff, staff_csrf) = api_login(app, "staff.east").await;
    let (unit, unit_csrf) = api_login(app, "unit.east").await;
    let steps = [
        (&lead, &lead_csrf, json!({"command": {"command": "submit"}})),
        (&staff, &staff_csrf, json!({"command": {"command": "register"}})),
        (
            &staff,
            &staff_csrf,
            json!({"command": {"command": "assign", "on": "2025-03-03", "complex": false}, "extra": {"extra": "assign", "main": [app.unit.0], "assisting": []}}),
        ),
        (
            &unit,
            &unit_csrf,
            json!({"command": {"command": "record_contact"}, "extra": {"extra": "contact", "on": "2025-03-05", "way": "visit", "summary": "到站台现场听取代表意见"}}),
        ),
        (
            &unit,
            &unit_csrf,
            json!({"command": {"command": "reply", "class": "B"}, "extra": {"extra": "reply", "body": "经研究，东湖路站台雨棚已列入明年建设计划，届时一并实施。", "signer": "陈明", "on": "2025-03-08"}}),
        ),
    ];
    // Registered and assigned on 2025-03-03, handled since.
    app.day(jiff::civil::date(2025, 3, 3));
    for (i, (c, csrf, step)) in steps.into_iter().enumerate() {
        if i == 3 {
            app.day(TODAY);
        }
        let (status, body) = api_act(app, c, csrf, id, step).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    id
}

#[tokio::test]
async fn a_refused_rating_comes_back_as_chosen_with_the_reason_beside_its_field() {
    for app in apps().await {
        let id = replied_suggestion(&app).await;
        let (lead, csrf) = app.login("deputy.east").await;
        let page = format!("/suggestions/{id}");
        assert!(app.get(&lead, &page).await.1.contains("value=\"rate\""), "the lead may rate");
        let r = lead
            .post(app.url(&format!("/suggestions/{id}/act")))
            .header("referer", app.url(&page))
            .form(&[
                ("_csrf", csrf.as_str()),
                ("command", "rate"),
                ("attitude", "satisfied"),
                ("result", "unsatisfied"),
                ("reason", ""),
            ])
            .send()
            .await
            .expect("rate");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.expect("body");
        // The suggestion's page itself, with the rating form as it was filled.
        assert!(html.contains("关于增设公交站台雨棚的建议") && html.contains("办理记录"), "{html}");
        let form = &html[html.find("value=\"rate\"").expect("the rating form")..];
        let form = &form[..form.find("</form>").expect("its end")];
        let result = &form[form.find("name=\"result\"").expect("result")..];
        let result = &result[..result.find("</select>").expect("select end")];
        assert!(result.contains("<option value=\"unsatisfied\" selected=\"\">"), "不满意 stays chosen: {result}");
        assert!(!result.contains("<option value=\"satisfied\" selected"), "{result}");
        assert!(
            form.contains(
                "<textarea name=\"reason\" rows=\"3\" autofocus=\"\" aria-invalid=\"true\"></textarea><span class=\"field-error\" role=\"alert\">请填写不满意的理由。</span>"
            ),
            "the reason is asked for beside its field, which takes the focus: {form}"
        );
        assert_eq!(html.matches("autofocus").count(), 1);
        let detail = app
            .store
            .suggestion(&renda_store::Actor::system(), renda_store::suggestions::SuggestionId(id))
            .await
            .expect("suggestion");
        assert_eq!(detail.row.facts.state, renda_core::suggestion::SuggestionState::Replied, "nothing was rated");
    }
}

#[tokio::test]
async fn an_api_post_repeated_with_its_idempotency_key_answers_the_same_and_writes_once() {
    use serde_json::json;
    for app in apps().await {
        let (lead, csrf) = api_login(&app, "deputy.east").await;
        let body = json!({"congress_id": app.east.0, "title": "关于老旧小区加装电梯的建议", "body": "东城区多个老旧小区没有电梯，老年居民上下楼困难，建议加快加装。", "period": "recess"});
        let send = |key: &str, body: &serde_json::Value| {
            lead.post(app.url("/api/v1/suggestions"))
                .header("X-CSRF-Token", &csrf)
                .header("Idempotency-Key", key)
                .json(body)
                .send()
        };
        let first = send("create-lift-1", &body).await.expect("first");
        assert_eq!(first.status(), StatusCode::CREATED);
        assert!(first.headers().get("idempotent-replayed").is_none());
        let first: serde_json::Value = first.json().await.expect("json");
        let again = send("create-lift-1", &body).await.expect("again");
        assert_eq!(again.status(), StatusCode::CREATED, "the original status");
        assert_eq!(again.headers().get("idempotent-replayed").map(|v| v.as_bytes()), Some(&b"true"[..]));
        assert_eq!(again.json::<serde_json::Value>().await.expect("json"), first, "the original body");
        let mine: serde_json::Value =
            lead.get(app.url("/api/v1/suggestions")).send().await.expect("list").json().await.expect("json");
        assert_eq!(mine["total"], 1, "one suggestion however often it was sent");

        // The same key with another body is a mistake, said so; a bad key is refused.
        let other = json!({"congress_id": app.east.0, "title": "关于老旧小区加装电梯的建议（修改）", "body": "东城区多个老旧小区没有电梯，老年居民上下楼困难，建议加快加装。", "period": "recess"});
        let r = send("create-lift-1", &other).await.expect("mismatch");
        assert_eq!(r.status(), StatusCode::CONFLICT);
        let e: serde_json::Value = r.json().await.expect("json");
        assert!(e["error"]["message"].as_str().is_some_and(|m| m.contains("Idempotency-Key")), "{e}");
        assert_eq!(e["error"]["code"], "idempotency_key_reused", "the precise reason, not only its class");
        let r = send("有空格 的键", &body).await.expect("bad key");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        // Another user's identical key is theirs alone.
        let (ma, ma_csrf) = api_login(&app, "deputy.ma").await;
        let r = ma
            .post(app.url("/api/v1/suggestions"))
            .header("X-CSRF-Token", &ma_csrf)
            .header("Idempotency-Key", "create-lift-1")
            .json(&body)
            .send()
            .await
            .expect("another user");
        assert_eq!(r.status(), StatusCode::CREATED);
        assert!(r.headers().get("idempotent-replayed").is_none());
        // A refused call is not kept: corrected, the same key goes through.
        let (staff, staff_csrf) = api_login(&app, "staff.east").await;
        let id = first["id"].as_i64().expect("id");
        let act = |cmd: serde_json::Value| {
            staff
                .post(app.url(&format!("/api/v1/suggestions/{id}/actions")))
                .header("X-CSRF-Token", &staff_csrf)
                .header("Idempotency-Key", "register-1")
                .json(&cmd)
                .send()
        };
        assert_eq!(act(json!({"command": {"command": "close"}})).await.expect("close").status(), StatusCode::CONFLICT);
        let submit = lead
            .post(app.url(&format!("/api/v1/suggestions/{id}/actions")))
            .header("X-CSRF-Token", &csrf)
            .json(&json!({"command": {"command": "submit"}}))
            .send()
            .await
            .expect("submit");
        assert_eq!(submit.status(), StatusCode::OK);
        let ok = act(json!({"command": {"command": "register"}})).await.expect("register");
        assert_eq!(ok.status(), StatusCode::OK, "a refused call kept nothing under its key");
    }
}

#[tokio::test]
async fn ending_a_deputyship_says_what_it_does_and_waits_for_the_box_to_be_ticked() {
    for app in apps().await {
        let (admin, csrf) = app.login("admin").await;
        let page_path = format!("/admin/deputies/{}", app.west_deputy);
        let (_, page) = app.get(&admin, &page_path).await;
        assert!(page.contains("终止后该代表资格自终止日期起结束"), "the consequence is said: {page}");
        let action = page
            .split("action=\"/admin/deputyships/")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .map(|rest| format!("/admin/deputyships/{rest}"))
            .expect("the end form");
        let form = [("_csrf", csrf.as_str()), ("end", "2025-03-01"), ("reason", "resigned")];
        let r =
            admin.post(app.url(&action)).header("referer", app.url(&page_path)).form(&form).send().await.expect("end");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "not without confirming");
        let body = r.text().await.expect("body");
        assert!(body.contains("并勾选确认"), "{body}");
        assert!(
            body.contains("<input name=\"end\" type=\"date\" required value=\"2025-03-01\">"),
            "the date stays: {body}"
        );
        let (_, page) = app.get(&admin, &page_path).await;
        assert!(!page.contains("2025-03-01"), "nothing ended");
        let mut confirmed = form.to_vec();
        confirmed.push(("confirm", "1"));
        assert_eq!(app.post(&admin, &action, &confirmed).await.0, StatusCode::SEE_OTHER);
        let (_, page) = app.get(&admin, &page_path).await;
        assert!(page.contains("2025-03-01（"), "ended on the day given: {page}");
    }
}

#[tokio::test]
async fn co_signers_are_picked_from_the_congresses_deputies_found_by_pinyin() {
    for app in apps().await {
        let (lead, csrf) = app.login("deputy.east").await;
        let (_, page) = app.get(&lead, "/suggestions/new").await;
        assert!(
            page.contains("<script src=\"/assets/picker.") && page.contains(".js\" defer></script>"),
            "the search box script"
        );
        let ma = page
            .split("data-name=\"马回\" data-keys=\"mahui mh ")
            .next()
            .and_then(|before| before.rsplit("<option value=\"").next())
            .and_then(|s| s.split('"').next())
            .expect("马回 is offered with his pinyin")
            .to_owned();
        assert!(!page.contains("data-name=\"李东\""), "a deputy does not co-sign their own suggestion");
        assert!(!page.contains("data-name=\"王西\""), "another congress's deputy is not offered");
        assert!(page.contains(&format!("data-scope=\"{}\"", app.east.0)), "grouped by congress");

        let east = app.east.0.to_string();
        let west = app.west_deputy.to_string();
        let form = |cosigner: &str| {
            vec![
                ("_csrf", csrf.clone()),
                ("congress", east.clone()),
                ("period", "recess".to_owned()),
                ("title", "关于东湖公园增设无障碍通道的建议".to_owned()),
                ("body", "东湖公园多个入口只有台阶，轮椅和婴儿车无法通行，建议增设无障碍通道。".to_owned()),
                ("cosigners", cosigner.to_owned()),
            ]
        };
        // A deputy of another congress, posted anyway: refused beside the list, the text kept.
        let r = lead
            .post(app.url("/suggestions/new"))
            .header("referer", app.url("/suggestions/new"))
            .form(&form(&west))
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.expect("body");
        assert!(html.contains("value=\"关于东湖公园增设无障碍通道的建议\""), "the title stays: {html}");
        assert!(html.contains("轮椅和婴儿车无法通行，建议增设无障碍通道。</textarea>"), "the text stays");
        assert!(
            html.contains("</select><span class=\"field-error\" role=\"alert\">联名代表须为本级人大的在任代表</span>"),
            "the reason is beside the list: {html}"
        );
        // Picked from the list, the co-signer is who was chosen.
        let r = lead.post(app.url("/suggestions/new")).form(&form(&ma)).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let id = id_in(&location_of(&r), "/suggestions/");
        let (_, page) = app.get(&lead, &format!("/suggestions/{id}")).await;
        assert!(page.contains("马回（待确认）"), "{page}");
    }
}

#[tokio::test]
async fn staff_register_assign_and_remind_a_selection_and_each_refusal_is_named() {
    use renda_store::suggestions::SuggestionId;
    let app = spawn(testing::sqlite().await).await;
    let (lead, lead_csrf) = app.login("deputy.east").await;
    let a = app.draft(&lead, &lead_csrf, "关于增设社区食堂的建议", "").await;
    let b = app.draft(&lead, &lead_csrf, "关于修缮东湖公园步道的建议", "").await;
    let c = app.draft(&lead, &lead_csrf, "关于延长图书馆开放时间的建议", "").await;
    let (staff, csrf) = app.login("staff.east").await;
    for id in [a, b, c] {
        app.act(&lead, &lead_csrf, id, &[("command", "submit")]).await;
    }
    // Registered on 2024-11-01 and assigned that day, so overdue today.
    app.day(jiff::civil::date(2024, 11, 1));
    app.act(&staff, &csrf, c, &[("command", "register")]).await;
    let (a_s, b_s, c_s, unit) = (a.to_string(), b.to_string(), c.to_string(), app.unit.0.to_string());
    let state_of = async |id: i64| {
        app.store.suggestion(&renda_store::Actor::system(), SuggestionId(id)).await.expect("detail").row.facts.state
    };

    // 立案: two are submitted, the third is registered already and is named with its reason.
    let (_, list) = app.get(&staff, "/suggestions?state=submitted").await;
    assert!(list.contains("name=\"op\" value=\"register\"") && list.contains(&format!("name=\"id\" value=\"{a}\"")));
    let form = [("_csrf", csrf.as_str()), ("op", "register"), ("id", &a_s), ("id", &b_s), ("id", &c_s)];
    let (status, body) = app.post(&staff, "/suggestions/bulk", &form).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("已立案2件；") && body.matches("未能立案：").count() == 1, "one message says what happened");
    let number_c =
        app.store.suggestion(&renda_store::Actor::system(), SuggestionId(c)).await.expect("c").row.number_label();
    assert!(body.contains(&format!("{number_c}未能立案：")), "the refused one is named by its number");
    for id in [a, b] {
        assert_eq!(state_of(id).await, renda_core::suggestion::SuggestionState::Registered);
    }

    // 交办 a and b to the same unit, long enough ago that they are overdue today.
    let form =
        [("_csrf", csrf.as_str()), ("op", "assign"), ("id", &a_s), ("id", &b_s), ("main", &unit), ("on", "2024-11-01")];
    let (status, body) = app.post(&staff, "/suggestions/bulk", &form).await;
    app.day(TODAY);
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("已交办2件。"), "{body}");
    assert_eq!(state_of(b).await, renda_core::suggestion::SuggestionState::Assigned);

    // 催办 the overdue a; c is not with a unit and is refused.
    let (_, board) = app.get(&staff, "/suggestions?due=overdue").await;
    assert!(board.contains("东城区教育局") && board.contains("<th>逾期天数</th>"), "the board names units and days");
    let form = [("_csrf", csrf.as_str()), ("op", "remind"), ("id", &a_s), ("id", &c_s)];
    let (status, body) = app.post(&staff, "/suggestions/bulk", &form).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("已催办1件；") && body.contains(&format!("{number_c}未能催办：")), "{body}");
    app.store.catch_up_notifications().await.expect("notified");
    let unit_user = app.store.user_by_login("unit.east").await.expect("read").expect("unit user");
    let notes = app.store.notifications(unit_user.id, 50).await.expect("notifications");
    let reminders: Vec<_> = notes.iter().filter(|n| n.kind == "remind").collect();
    assert_eq!(reminders.len(), 1, "the unit is reminded of a once");
    assert_eq!(reminders[0].suggestion, Some(SuggestionId(a)));
    // At most once a day: the second 催办 today is refused and nothing is sent.
    let form = [("_csrf", csrf.as_str()), ("op", "remind"), ("id", &a_s)];
    let (status, body) = app.post(&staff, "/suggestions/bulk", &form).await;
    assert!(status.is_client_error(), "{status}");
    assert!(body.contains("已催办0件；"), "{body}");
    app.store.catch_up_notifications().await.expect("notified");
    let notes = app.store.notifications(unit_user.id, 50).await.expect("notifications");
    assert_eq!(notes.iter().filter(|n| n.kind == "remind").count(), 1);
    let audit = app.store.audit_of("suggestion", &a_s).await.expect("audit");
    assert_eq!(audit.iter().filter(|e| e.action == "suggestion.remind").count(), 1, "on the audit chain");

    // Bulk work is staff's: a deputy's 立案 is refused.
    let form = [("_csrf", lead_csrf.as_str()), ("op", "register"), ("id", &a_s)];
    assert_eq!(app.post(&lead, "/suggestions/bulk", &form).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn exports_show_the_chosen_columns_and_remember_them() {
    let app = spawn(testing::sqlite().await).await;
    let (lead, lead_csrf) = app.login("deputy.east").await;
    let a = app.draft(&lead, &lead_csrf, "关于增设社区食堂的建议", "马回").await;
    let (ma, ma_csrf) = app.login("deputy.ma").await;
    app.act(&lead, &lead_csrf, a, &[("command", "submit")]).await;
    app.act(&ma, &ma_csrf, a, &[("command", "confirm_cosign")]).await;
    let (staff, csrf) = app.login("staff.east").await;
    app.day(jiff::civil::date(2024, 11, 1));
    app.act(&staff, &csrf, a, &[("command", "register")]).await;
    let (unit, transport) = (app.unit.0.to_string(), app.transport.0.to_string());
    let assign =
        [("command", "assign"), ("main", unit.as_str()), ("assisting", transport.as_str()), ("on", "2024-11-01")];
    assert_eq!(app.act(&staff, &csrf, a, &assign).await.0, StatusCode::SEE_OTHER);
    app.day(TODAY);

    // By default every column: units, co-signers, dates and days overdue among them.
    let r = staff.get(app.url("/suggestions/export/csv?due=overdue")).send().await.expect("get");
    let csv = r.text().await.expect("csv");
    let header = csv.trim_start_matches('\u{feff}').lines().next().unwrap_or_default().to_owned();
    for h in ["主办单位", "会办单位", "联名代表", "提交日期", "交办日期", "答复期限", "答复日期", "逾期天数"]
    {
        assert!(header.contains(h), "{h} in {header}");
    }
    let row = csv.lines().nth(1).unwrap_or_default();
    assert!(row.contains("东城区教育局") && row.contains("东城区交通运输局") && row.contains("马回"), "{row}");
    assert!(row.contains("2024-11-01") && row.contains(",37,"), "assigned 2024-11-01, due 2025-02-01: {row}");

    // The clerk chooses four columns; exports and the board use them from now on.
    let cols = [("_csrf", csrf.as_str()), ("back", "due=overdue"), ("col", "number"), ("col", "title")];
    let cols = [&cols[..], &[("col", "main_units"), ("col", "days_overdue")]].concat();
    assert_eq!(app.post(&staff, "/suggestions/columns", &cols).await.0, StatusCode::SEE_OTHER);
    let csv = staff.get(app.url("/suggestions/export/csv")).send().await.expect("get").text().await.expect("csv");
    assert_eq!(csv.trim_start_matches('\u{feff}').lines().next(), Some("编号,标题,主办单位,逾期天数"));
    let a_s = a.to_string();
    let form = [("_csrf", csrf.as_str()), ("op", "export_csv"), ("id", a_s.as_str())];
    let r = staff.post(app.url("/suggestions/bulk")).form(&form).send().await.expect("post");
    let csv = r.text().await.expect("csv");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some("编号,标题,主办单位,逾期天数"), "the selection's export too");
    assert!(lines.next().is_some_and(|l| l.ends_with(",东城区教育局,37")));
    let (_, board) = app.get(&staff, "/suggestions?due=overdue").await;
    assert!(board.contains("<th>主办单位</th>") && !board.contains("<th>联名代表</th>"), "the board shows the choice");
    // Another clerk's choice is their own.
    let (other, _) = app.login("admin").await;
    let csv = other.get(app.url("/suggestions/export/csv")).send().await.expect("get").text().await.expect("csv");
    assert!(csv.contains("联名代表"));
}

#[tokio::test]
async fn staff_waive_a_missing_assisting_view_with_a_reason_and_the_main_unit_replies() {
    for app in apps().await {
        let (lead, lead_csrf) = app.login("deputy.east").await;
        let id = app.draft(&lead, &lead_csrf, "关于东湖小学门前施划斑马线的建议", "").await;
        assert_eq!(app.act(&lead, &lead_csrf, id, &[("command", "submit")]).await.0, StatusCode::SEE_OTHER);
        let (staff, staff_csrf) = app.login("staff.east").await;
        app.day(jiff::civil::date(2025, 3, 3));
        assert_eq!(app.act(&staff, &staff_csrf, id, &[("command", "register")]).await.0, StatusCode::SEE_OTHER);
        let (main, assisting) = (app.unit.0.to_string(), app.transport.0.to_string());
        let assign =
            [("command", "assign"), ("main", main.as_str()), ("assisting", assisting.as_str()), ("on", "2025-03-03")];
        assert_eq!(app.act(&staff, &staff_csrf, id, &assign).await.0, StatusCode::SEE_OTHER);
        app.day(TODAY);
        let (unit, unit_csrf) = app.login("unit.east").await;
        let contact = [
            ("command", "record_contact"),
            ("way", "visit"),
            ("summary", "登门听取李东代表意见"),
            ("on", "2025-03-05"),
        ];
        assert_eq!(app.act(&unit, &unit_csrf, id, &contact).await.0, StatusCode::SEE_OTHER);
        let reply = [
            ("command", "reply"),
            ("class", "B"),
            ("body", "斑马线已列入本年度道路标线施划计划，将于暑假期间完成。"),
            ("signer", "张校"),
        ];
        assert_eq!(app.act(&unit, &unit_csrf, id, &reply).await.0, StatusCode::CONFLICT);
        // The unit cannot waive; staff can, with a reason.
        let waive = [("command", "waive_views"), ("reason", "交通运输局逾期未复，经协调不再等待")];
        assert_eq!(app.act(&unit, &unit_csrf, id, &waive).await.0, StatusCode::FORBIDDEN);
        let (_, page) = app.get(&staff, &format!("/suggestions/{id}")).await;
        assert!(page.contains("value=\"waive_views\""), "staff are offered the waiver");
        assert_eq!(
            app.act(&staff, &staff_csrf, id, &[("command", "waive_views"), ("reason", " ")]).await.0,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a reason is required"
        );
        assert_eq!(app.act(&staff, &staff_csrf, id, &waive).await.0, StatusCode::SEE_OTHER);
        let (_, page) = app.get(&unit, &format!("/suggestions/{id}")).await;
        assert!(page.contains("人大工作人员已决定不再等待：交通运输局逾期未复"), "the waiver is shown");
        assert!(page.contains("免于等待会办意见"), "and in the timeline");
        assert_eq!(app.act(&unit, &unit_csrf, id, &reply).await.0, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn a_unit_sees_the_lead_deputys_work_phone_only_when_staff_allow_it() {
    for app in apps().await {
        let (lead, lead_csrf) = app.login("deputy.east").await;
        let id = app.draft(&lead, &lead_csrf, "关于东湖小学门前增设护学岗的建议", "").await;
        assert_eq!(app.act(&lead, &lead_csrf, id, &[("command", "submit")]).await.0, StatusCode::SEE_OTHER);
        let (staff, staff_csrf) = app.login("staff.east").await;
        app.day(jiff::civil::date(2025, 3, 3));
        assert_eq!(app.act(&staff, &staff_csrf, id, &[("command", "register")]).await.0, StatusCode::SEE_OTHER);
        let main = app.unit.0.to_string();
        let assign = [("command", "assign"), ("main", main.as_str()), ("on", "2025-03-03")];
        assert_eq!(app.act(&staff, &staff_csrf, id, &assign).await.0, StatusCode::SEE_OTHER);
        app.day(TODAY);
        let person: i64 = sqlx::query_scalar("SELECT id FROM persons WHERE name = '李东'")
            .fetch_one(app.store.pool())
            .await
            .expect("person");

        // No work phone yet: the unit is told to go through the office.
        let (unit, unit_csrf) = app.login("unit.east").await;
        let (_, page) = app.get(&unit, &format!("/suggestions/{id}")).await;
        assert!(page.contains("联系领衔代表") && page.contains("李东（第一选区）"), "name and delegation");
        assert!(page.contains("请通过人大常委会办公室联系代表"));

        // Staff keep a work phone but do not show it: still the office.
        let path = format!("/admin/deputies/{person}/work-phone");
        let r = staff
            .post(format!("{}{path}", app.base))
            .form(&[("_csrf", staff_csrf.as_str()), ("work_phone", "0571-8700 5678")])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let (_, page) = app.get(&unit, &format!("/suggestions/{id}")).await;
        assert!(!page.contains("0571-87005678") && page.contains("请通过人大常委会办公室联系代表"));
        // A unit cannot change it; a bad number is refused in Chinese.
        let r = unit
            .post(format!("{}{path}", app.base))
            .form(&[("_csrf", unit_csrf.as_str()), ("work_phone", "13800138000"), ("to_units", "1")])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = staff
            .post(format!("{}{path}", app.base))
            .form(&[("_csrf", staff_csrf.as_str()), ("work_phone", "12345"), ("to_units", "1")])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.expect("body").contains("电话号码格式不正确"));

        // Shown to units: the unit sees it; the deputy page says so; the change is audited.
        let r = staff
            .post(format!("{}{path}", app.base))
            .form(&[("_csrf", staff_csrf.as_str()), ("work_phone", "0571-87005678"), ("to_units", "1")])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let (_, page) = app.get(&unit, &format!("/suggestions/{id}")).await;
        assert!(page.contains("工作电话 <a href=\"tel:0571-87005678\">0571-87005678</a>"), "the unit sees the phone");
        assert!(!page.contains("请通过人大常委会办公室联系代表"));
        let (_, deputy_page) = app.get(&staff, &format!("/admin/deputies/{person}")).await;
        assert!(deputy_page.contains("0571-87005678（承办单位可见）"));
        let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'person.work_phone'")
            .fetch_one(app.store.pool())
            .await
            .expect("count");
        assert_eq!(audited, 2, "two changes, the refused ones wrote nothing");
    }
}

/// A command on a suggestion; returns the status and where it redirects to.
async fn act_to(app: &App, c: &reqwest::Client, csrf: &str, id: i64, command: &str) -> (StatusCode, String) {
    let r = c
        .post(app.url(&format!("/suggestions/{id}/act")))
        .form(&[("_csrf", csrf), ("command", command)])
        .send()
        .await
        .expect("act");
    (r.status(), location_of(&r))
}

#[tokio::test]
async fn pages_speak_in_sentences_and_names_not_codes_and_logins() {
    for app in apps().await {
        let (lead, lead_csrf) = app.login("deputy.east").await;
        let id = app.draft(&lead, &lead_csrf, "关于东湖小学门前增设护学岗的建议", "马回").await;
        // After submitting, the notice names the co-signer still to confirm.
        let (status, loc) = act_to(&app, &lead, &lead_csrf, id, "submit").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, page) = app.get(&lead, &loc).await;
        assert!(page.contains("已提交，等待马回代表确认联名。"), "{page}");
        assert!(!page.contains("操作已完成"), "no generic notice");
        let (ma, ma_csrf) = app.login("deputy.ma").await;
        let (_, loc) = act_to(&app, &ma, &ma_csrf, id, "confirm_cosign").await;
        let (_, page) = app.get(&ma, &loc).await;
        assert!(page.contains("您已确认联名。建议已提交，等待东城区人民代表大会工作人员审查立案。"), "{page}");

        // The timeline names people, not their logins.
        let (staff, staff_csrf) = app.login("staff.east").await;
        let (_, loc) = act_to(&app, &staff, &staff_csrf, id, "register").await;
        let (_, page) = app.get(&staff, &loc).await;
        assert!(page.contains("已立案。下一步：选择承办单位交办。"), "{page}");
        let timeline = page.split("class=\"timeline\"").nth(1).expect("a timeline").split("</ul>").next();
        let timeline = timeline.unwrap_or_default();
        assert!(timeline.contains("李东代表") && timeline.contains("马回代表"), "{timeline}");
        assert!(timeline.contains("staff.east用户（东城区人民代表大会）"), "{timeline}");
        assert!(!timeline.contains("deputy.east") && !timeline.contains("deputy.ma"), "{timeline}");

        // The audit log reads in Chinese: action names and the record, not codes.
        let (_, audit) = app.get(&staff, "/admin/audit").await;
        assert!(audit.contains(&format!("建议 第{id}号")), "{audit}");
        assert!(audit.contains("李东代表"), "{audit}");
        for code in ["suggestion.submit", "suggestion.register", "suggestion.confirm_cosign", "deputy.east"] {
            assert!(!audit.contains(code), "{code} shows in the audit log");
        }

        // A refused form and an unknown page show the Chinese message, never the code.
        let short = [("command", "edit"), ("title", "短"), ("body", "太短")];
        let draft = app.draft(&lead, &lead_csrf, "关于东湖公园增设公共厕所的建议", "").await;
        let (status, body) = app.act(&lead, &lead_csrf, draft, &short).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("建议内容不能少于10个字") && !body.contains("invalid_input"), "{body}");
        let (status, body) =
            app.post(&ma, &format!("/suggestions/{id}/act"), &[("_csrf", &ma_csrf), ("command", "register")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(!body.contains("forbidden"), "{body}");
        let (status, body) = app.get(&lead, "/suggestions/999999").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(!body.contains("not_found"), "{body}");
    }
}

#[tokio::test]
async fn a_deputy_account_is_made_for_a_deputy_found_by_name_not_by_number() {
    for app in apps().await {
        let (staff, _) = app.login("staff.east").await;
        let (_, page) = app.get(&staff, "/admin/users").await;
        assert!(
            page.contains(
                "<select name=\"person\" data-picker=\"输入代表姓名查找\" data-picker-src=\"/admin/deputy-choices\">"
            ),
            "the deputy is picked from a search, not typed as a number"
        );
        let (status, body) = app.get(&staff, "/admin/deputy-choices?q=马").await;
        assert_eq!(status, StatusCode::OK);
        let found: serde_json::Value = serde_json::from_str(&body).expect("json");
        let found = found.as_array().expect("a list");
        assert_eq!(found.len(), 1, "{body}");
        assert_eq!(found[0]["name"], "马回");
        assert_eq!(found[0]["label"], "马回（第一选区 · 东城区人民代表大会）");
        assert!(found[0]["keys"].as_str().is_some_and(|k| k.contains("mahui")));
        // Typed as pinyin, by its initials or its full reading from the start, as in the browser.
        for typed in ["mh", "mahui", "MaH"] {
            let (_, body) = app.get(&staff, &format!("/admin/deputy-choices?q={typed}")).await;
            assert!(body.contains("\"马回\""), "{typed}: {body}");
        }
        assert!(
            !app.get(&staff, "/admin/deputy-choices?q=ahui").await.1.contains("马回"),
            "full pinyin from its start"
        );
        // Only this congress's deputies, and only for those who make accounts.
        assert_eq!(app.get(&staff, "/admin/deputy-choices?q=王西").await.1, "[]");
        let (deputy, _) = app.login("deputy.east").await;
        assert_eq!(app.get(&deputy, "/admin/deputy-choices?q=马").await.0, StatusCode::FORBIDDEN);
    }
}
