//! The outside probe's findings (issue 12), each as the request the probe sent and the answer it
//! must now get: bounded password hashing, no open redirect, bodies refused before they are
//! read, Chinese answers to bad input, clean text, rate-limited receipt lookups and the headers.

use renda_core::ids::OrgId;
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_store::Actor;
use renda_store::workers::Workers;
use renda_testkit::http::{TestApp, client, location_of};
use renda_testkit::{PW, TestStore, has_chinese, on_each_store, org, testing, user};
use reqwest::StatusCode;
use std::time::Duration;

struct App {
    app: TestApp,
    city: OrgId,
}

impl std::ops::Deref for App {
    type Target = TestApp;
    fn deref(&self) -> &TestApp {
        &self.app
    }
}

/// A city congress with an admin, its staff and a citizen, served on port 0. `hashing` sizes the
/// password pool; `trust_proxy` reads the client's address and scheme from the proxy's headers.
async fn spawn(db: TestStore, hashing: Option<Workers>, trust_proxy: bool) -> App {
    spawn_behind(db, hashing, trust_proxy, Vec::new()).await
}

/// As [`spawn`], believing forwarding headers from `proxies` only (empty: loopback).
async fn spawn_behind(
    mut db: TestStore,
    hashing: Option<Workers>,
    trust_proxy: bool,
    proxies: Vec<std::net::IpAddr>,
) -> App {
    if let Some(pool) = hashing {
        db.store = db.store.clone().with_password_workers(pool);
    }
    let s = db.store.clone();
    let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    user(&s, "admin", Role::Admin).await;
    user(&s, "staff.city", Role::Staff { congress: city }).await;
    user(&s, "public", Role::Public).await;
    s.clock().set_on(jiff::civil::date(2026, 3, 10));
    let config = renda_web::Config { trust_proxy, proxies, ..renda_web::Config::default() };
    let state = renda_web::AppState::new(s.clone(), config);
    App { app: TestApp::with_state(db, state).await, city }
}

async fn apps() -> Vec<App> {
    on_each_store(|db| spawn(db, None, false)).await
}

// ---- 1. logins cannot exhaust memory ----------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_logins_all_succeed_with_no_more_hashes_at_once_than_the_pool_has_threads() {
    let db = testing::sqlite().await;
    let pool = Workers::new("test-hash", 2, 64, Duration::from_secs(30));
    let app = spawn(db, Some(pool.clone()), false).await;
    pool.reset_peak();
    let logins = (0..32).map(|_| {
        let app = &app;
        async move {
            let (c, csrf) = app.login_page().await;
            c.post(app.url("/login"))
                .form(&[("_csrf", csrf.as_str()), ("login", "public"), ("password", PW), ("next", "/")])
                .send()
                .await
                .expect("login")
                .status()
        }
    });
    let statuses = futures_util::future::join_all(logins).await;
    assert!(statuses.iter().all(|s| *s == StatusCode::SEE_OTHER), "{statuses:?}");
    assert_eq!(pool.peak(), 2, "32 logins, two argon2 checks at a time");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_login_beyond_the_queue_is_answered_503_in_chinese_with_retry_after() {
    let db = testing::sqlite().await;
    let pool = Workers::new("test-hash", 1, 1, Duration::from_secs(5));
    let app = spawn(db, Some(pool.clone()), false).await;
    let (c, csrf) = app.login_page().await;
    // One job holds the only thread, another fills the queue.
    let (release, hold) = std::sync::mpsc::channel::<()>();
    let hold = std::sync::Arc::new(std::sync::Mutex::new(hold));
    let mut held = Vec::new();
    for _ in 0..2 {
        let (pool, hold) = (pool.clone(), hold.clone());
        held.push(tokio::spawn(async move {
            pool.run(move || {
                if let Ok(h) = hold.lock() {
                    let _ = h.recv_timeout(Duration::from_secs(5));
                }
            })
            .await
        }));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let r = c
        .post(app.url("/login"))
        .form(&[("_csrf", csrf.as_str()), ("login", "public"), ("password", PW), ("next", "/")])
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("5"));
    assert!(r.headers().get("set-cookie").is_none_or(|v| !v.to_str().unwrap_or("").contains("renda_session=")));
    let body = r.text().await.expect("body");
    assert!(body.contains("访问人数较多"), "{body}");
    let api = client()
        .post(app.url("/api/v1/login"))
        .json(&serde_json::json!({"login": "public", "password": PW}))
        .send()
        .await
        .expect("api login");
    assert_eq!(api.status(), StatusCode::SERVICE_UNAVAILABLE);
    let json: serde_json::Value = api.json().await.expect("json");
    assert_eq!(json["error"]["code"], "busy");
    for _ in 0..2 {
        release.send(()).expect("release");
    }
    for h in held {
        h.await.expect("joined").expect("ran");
    }
    // Once the burst has passed, the same login goes through.
    let (c, csrf) = app.login_page().await;
    let r = c
        .post(app.url("/login"))
        .form(&[("_csrf", csrf.as_str()), ("login", "public"), ("password", PW), ("next", "/")])
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

// ---- 2. no open redirect ----------------------------------------------------------------------

#[tokio::test]
async fn a_next_target_off_this_site_or_with_control_characters_lands_on_the_home_page() {
    for app in apps().await {
        let (_, page) = app.get(&client(), "/login?next=%2F%09%2Fevil.example%2F").await;
        assert!(page.contains("name=\"next\" value=\"/\""), "the form carries / as next");
        for next in ["/\t/evil.example/", "//evil.example/", "/\\evil.example", "/x\r\nSet-Cookie: a=b", "/ok\ny"] {
            let (c, csrf) = app.login_page().await;
            let r = c
                .post(app.url("/login"))
                .form(&[("_csrf", csrf.as_str()), ("login", "public"), ("password", PW), ("next", next)])
                .send()
                .await
                .expect("login");
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}: a normal login");
            assert_eq!(location_of(&r), "/", "{next:?}");
        }
        let (c, csrf) = app.login_page().await;
        let r = c
            .post(app.url("/login"))
            .form(&[("_csrf", csrf.as_str()), ("login", "public"), ("password", PW), ("next", "/portal?k=news")])
            .send()
            .await
            .expect("login");
        assert_eq!(location_of(&r), "/portal?k=news", "a path on this site is kept");
    }
}

// ---- 5. bodies refused before they are read ---------------------------------------------------

#[tokio::test]
async fn a_post_without_a_token_or_over_its_limit_is_refused_before_its_body_is_read() {
    for app in apps().await {
        // 50 MB declared, nothing sent: a server that read the body first would wait for it.
        let big = vec![b'a'; 50 * 1024 * 1024];
        let r = client()
            .post(app.url("/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(big.clone())
            .timeout(Duration::from_secs(20))
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE, "over the form limit");
        assert!(has_chinese(&r.text().await.expect("body")));
        let r = client()
            .post(app.url("/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("login=public&password=x")
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "no CSRF cookie: refused");
        // A logged-in form over 1 MiB without files is refused as too large, in Chinese.
        let (c, csrf) = app.login("admin").await;
        let long = "甲".repeat(400_000);
        let r = c
            .post(app.url("/admin/orgs"))
            .form(&[("_csrf", csrf.as_str()), ("name", long.as_str()), ("kind", "congress:city")])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert!(r.text().await.expect("body").contains("提交的内容过大"));
    }
}

#[tokio::test]
async fn an_attachment_of_five_megabytes_is_accepted_as_the_form_promises() {
    for app in apps().await {
        let (c, csrf) = app.login("staff.city").await;
        let draft = renda_core::document::DocumentDraft::parse(&renda_core::document::DocumentInput {
            kind: "notice",
            visibility: "public",
            title: "附件测试通知",
            text_date: "2026-03-01",
            organ: "示范市人大常委会办公室",
            lead: "导读。",
            body: "正文。",
            tags: "",
            featured: false,
        })
        .expect("draft");
        let id = app.store.create_document(&Actor::system(), app.city, &draft, true).await.expect("doc");
        let mut pdf = b"%PDF-1.4\n".to_vec();
        pdf.resize(5 * 1024 * 1024, b' ');
        pdf.extend_from_slice(b"\n%%EOF\n");
        let form = reqwest::multipart::Form::new().text("_csrf", csrf.clone()).part(
            "files",
            reqwest::multipart::Part::bytes(pdf).file_name("附件.pdf").mime_str("application/pdf").expect("mime"),
        );
        let r =
            c.post(app.url(&format!("/admin/documents/{}/files", id.0))).multipart(form).send().await.expect("post");
        let status = r.status();
        let body = r.text().await.expect("body");
        assert!(!body.contains("Failed to buffer"), "{body}");
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        assert_eq!(app.store.document_files(id).await.expect("files").len(), 1);
    }
}

// ---- 6. every rejection in Chinese ------------------------------------------------------------

#[tokio::test]
async fn bad_paths_queries_forms_and_methods_are_answered_in_chinese_with_a_stable_code() {
    for app in apps().await {
        let (c, csrf) = app.login("staff.city").await;
        for (path, status) in [
            ("/suggestions/abc", StatusCode::NOT_FOUND),
            ("/suggestions?page=abc", StatusCode::UNPROCESSABLE_ENTITY),
            ("/portal/search?q=代表&page=-1", StatusCode::UNPROCESSABLE_ENTITY),
            ("/admin/orgs/12x", StatusCode::NOT_FOUND),
        ] {
            let r = c.get(app.url(path)).send().await.expect("get");
            assert_eq!(r.status(), status, "{path}");
            assert!(
                r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").starts_with("text/html")
            );
            let body = r.text().await.expect("body");
            assert!(has_chinese(&body), "{path}: {body}");
            assert!(!body.contains("Failed to") && !body.contains("Invalid URL"), "{path}: {body}");
        }
        let r = c.get(app.url("/api/v1/suggestions/abc")).send().await.expect("get");
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let json: serde_json::Value = r.json().await.expect("json");
        assert_eq!(json["error"]["code"], "not_found");
        assert!(has_chinese(json["error"]["message"].as_str().unwrap_or("")));
        let r = c.get(app.url("/api/v1/deputies?page=abc")).send().await.expect("get");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let json: serde_json::Value = r.json().await.expect("json");
        assert_eq!(json["error"]["code"], "invalid_input");
        // A form missing a field names it in Chinese.
        let r = c
            .post(app.url("/admin/orgs"))
            .form(&[("_csrf", csrf.as_str()), ("kind", "unit:government_department")])
            .send()
            .await;
        let r = r.expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = r.text().await.expect("body");
        assert!(body.contains("请填写“名称”"), "{body}");
        // A method the address does not take.
        let r = c.delete(app.url("/suggestions")).header("x-csrf-token", &csrf).send().await.expect("delete");
        assert!(r.status().is_client_error());
        assert!(has_chinese(&r.text().await.expect("body")));
        let r = c.put(app.url("/portal")).form(&[("_csrf", csrf.as_str())]).send().await.expect("put");
        assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert!(has_chinese(&r.text().await.expect("body")));
    }
}

// ---- 7. text hygiene --------------------------------------------------------------------------

#[tokio::test]
async fn a_name_with_a_direction_override_or_a_nul_is_refused_and_nothing_is_created() {
    for app in apps().await {
        let (c, csrf) = app.login("admin").await;
        let city = app.city.0.to_string();
        let before = app.store.orgs_of_congress(app.city).await.expect("orgs").len();
        for bad in ["示范\u{202e}局", "示范\0局", "示范\u{2067}局"] {
            let r = c
                .post(app.url("/admin/orgs"))
                .form(&[
                    ("_csrf", csrf.as_str()),
                    ("name", bad),
                    ("kind", "unit:government_department"),
                    ("parent", city.as_str()),
                ])
                .send()
                .await
                .expect("post");
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
            let body = r.text().await.expect("body");
            assert!(body.contains("名称") && body.contains("请删除后重新提交"), "{body}");
        }
        // Invalid UTF-8 bytes arrive as U+FFFD and are refused too.
        let body = format!("_csrf={csrf}&name=%E7%A4%BA%FF%FE&kind=unit_gov&parent={city}");
        let r = c
            .post(app.url("/admin/orgs"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.store.orgs_of_congress(app.city).await.expect("orgs").len(), before, "nothing created");
        // The same name, clean and with spaces around it, is created trimmed and in NFC.
        let r = c
            .post(app.url("/admin/orgs"))
            .form(&[
                ("_csrf", csrf.as_str()),
                ("name", "  示范市Cafe\u{301}局 "),
                ("kind", "unit:government_department"),
                ("parent", city.as_str()),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let orgs = app.store.orgs_of_congress(app.city).await.expect("orgs");
        assert!(orgs.iter().any(|o| o.name.to_string() == "示范市Caf\u{e9}局"), "trimmed and composed");
    }
}

// ---- 10. receipt lookups, headers, cookies ----------------------------------------------------

#[tokio::test]
async fn receipt_lookups_are_limited_per_address() {
    for app in apps().await {
        let c = client();
        let mut statuses = Vec::new();
        for _ in 0..14 {
            let r = c.get(app.url("/opinions/receipt?code=ABCDEFGHJK")).send().await.expect("get");
            statuses.push((r.status(), r.headers().get("retry-after").is_some()));
        }
        assert!(statuses[..10].iter().all(|(s, _)| *s == StatusCode::OK), "{statuses:?}");
        assert_eq!(statuses[13], (StatusCode::TOO_MANY_REQUESTS, true), "{statuses:?}");
        let (status, page) = app.get(&c, "/opinions/receipt?code=ABCDEFGHJK").await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(page.contains("查询过于频繁"));
        // The page without a code still opens.
        assert_eq!(app.get(&c, "/opinions/receipt").await.0, StatusCode::OK);
    }
}

#[tokio::test]
async fn pages_carry_the_referrer_policy_and_csp_and_logged_in_pages_are_not_stored() {
    for app in apps().await {
        let r = client().get(app.url("/portal")).send().await.expect("get");
        let h = r.headers();
        assert_eq!(h.get("referrer-policy").and_then(|v| v.to_str().ok()), Some("same-origin"));
        assert!(
            h.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("").contains("base-uri 'none'")
        );
        assert!(h.get("cache-control").is_none_or(|v| v != "no-store"), "anonymous portal pages may be cached");
        let (c, _) = app.login("staff.city").await;
        let r = c.get(app.url("/")).send().await.expect("get");
        assert_eq!(r.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("private, no-store"));
        let r = c.get(app.url("/assets/app.css")).send().await.expect("asset");
        assert_ne!(r.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    }
}

#[tokio::test]
async fn cookies_are_secure_when_a_trusted_proxy_says_the_browser_came_over_https() {
    let app = spawn(testing::sqlite().await, None, true).await;
    let r = client().get(app.url("/login")).header("x-forwarded-proto", "https").send().await.expect("get");
    let cookie = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(cookie.starts_with("renda_csrf=") && cookie.contains("; Secure"), "{cookie}");
    let r = client().get(app.url("/login")).send().await.expect("get");
    let cookie = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    // Without a trusted proxy the header is the client's word and changes nothing.
    let untrusted = spawn(testing::sqlite().await, None, false).await;
    let r = client().get(untrusted.url("/login")).header("x-forwarded-proto", "https").send().await.expect("get");
    let cookie = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(!cookie.contains("Secure"), "{cookie}");
    // With the proxy named as another machine, a request straight from here is not the proxy's.
    let elsewhere = "10.9.9.9".parse().expect("ip");
    let behind = spawn_behind(testing::sqlite().await, None, true, vec![elsewhere]).await;
    let r = client().get(behind.url("/login")).header("x-forwarded-proto", "https").send().await.expect("get");
    let cookie = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(!cookie.contains("Secure"), "not from the named proxy: {cookie}");
}
