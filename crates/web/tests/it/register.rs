//! Self-registration of the public over real HTTP, against a fake SMS gateway on loopback: the
//! captcha (its answer computed here from the server secret, as only the server can), the code,
//! the limits, the new account reading a login-only text; registration by e-mail against a fake
//! SMTP relay (the code read from the mail); and, with no gateway and no SMTP,
//! registration off and the office's phone on every login wall. SQLite always, PostgreSQL too
//! when `RENDA_TEST_PG_URL` is set.

use renda_core::document::{DocumentDraft, DocumentInput};
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::register::captcha_answer;
use renda_store::register::REGISTER_SECRET;
use renda_store::{Actor, Store};
use renda_testkit::http::{TestApp, client, field_of};
use renda_testkit::{TestStore, count, on_each_store, org, testing};
use renda_web::AppState;
use renda_web::delivery::{Deliverer, DeliveryConfig};
use reqwest::StatusCode;
use std::sync::{Arc, Mutex};

const OFFICE: &str = "0571-87001234";
const TEXT: &str = "同志们：\n今天召开这次座谈会，听取大家意见。";

type Seen = Arc<Mutex<Vec<serde_json::Value>>>;

/// A fake SMS gateway keeping each JSON body.
async fn fake_gateway() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let keep = seen.clone();
    let app = axum::Router::new().route(
        "/sms",
        axum::routing::post(move |axum::Json(v): axum::Json<serde_json::Value>| {
            let keep = keep.clone();
            async move {
                if let Ok(mut k) = keep.lock() {
                    k.push(v);
                }
                axum::http::StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}/sms"), seen)
}

struct App {
    app: TestApp,
    doc: i64,
    sms: Seen,
}

impl std::ops::Deref for App {
    type Target = TestApp;
    fn deref(&self) -> &TestApp {
        &self.app
    }
}

/// A fake SMTP relay keeping each message's text (headers and body as sent).
async fn fake_relay() -> (String, Arc<Mutex<Vec<String>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let keep = seen.clone();
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            let keep = keep.clone();
            tokio::spawn(async move {
                let (r, mut w) = sock.into_split();
                let mut lines = BufReader::new(r).lines();
                let _ = w.write_all(b"220 fake\r\n").await;
                let (mut data, mut message) = (false, String::new());
                while let Ok(Some(line)) = lines.next_line().await {
                    let reply: &[u8] = if data {
                        if line == "." {
                            data = false;
                            if let Ok(mut k) = keep.lock() {
                                k.push(std::mem::take(&mut message));
                            }
                            b"250 queued\r\n"
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                            continue;
                        }
                    } else if line.to_ascii_uppercase().starts_with("EHLO") {
                        b"250-fake\r\n250 8BITMIME\r\n"
                    } else if line.to_ascii_uppercase().starts_with("DATA") {
                        data = true;
                        b"354 go ahead\r\n"
                    } else if line.to_ascii_uppercase().starts_with("QUIT") {
                        let _ = w.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    if w.write_all(reply).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    (format!("smtp://{addr}"), seen)
}

/// A message's body as text, whichever transfer encoding lettre chose (base64,
/// quoted-printable or none).
fn body_text(message: &str) -> String {
    let (head, body) = message.split_once("\n\n").expect("headers and a body");
    let head = head.to_ascii_lowercase();
    let bytes: Vec<u8> = if head.contains("content-transfer-encoding: base64") {
        let mut out = Vec::new();
        let (mut acc, mut bits) = (0u32, 0u32);
        for c in body.bytes() {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                _ => continue,
            };
            acc = (acc << 6) | u32::from(v);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        out
    } else if head.contains("content-transfer-encoding: quoted-printable") {
        let joined = body.replace("=\n", "");
        let mut out = Vec::new();
        let b = joined.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' && i + 2 < b.len() {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
                if let Ok(v) = u8::from_str_radix(hex, 16) {
                    out.push(v);
                    i += 3;
                    continue;
                }
            }
            out.push(b[i]);
            i += 1;
        }
        out
    } else {
        body.as_bytes().to_vec()
    };
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A city with one login-only speech; registration on (a gateway) or off.
async fn spawn(db: TestStore, on: bool) -> App {
    spawn_with(db, |store, url| {
        let config = renda_web::Config { office_phone: Some(OFFICE.into()), ..renda_web::Config::default() };
        let state = AppState::new(store, config);
        if !on {
            return state;
        }
        let delivery = DeliveryConfig { webhook_url: Some(url), ..DeliveryConfig::default() };
        state.with_deliverer(Arc::new(Deliverer::new(&delivery, "示范市人大").expect("deliverer")))
    })
    .await
}

/// A city with one login-only speech, served with the state `state` builds on its store and
/// the fake gateway's address.
async fn spawn_with(db: TestStore, state: impl FnOnce(Store, String) -> AppState) -> App {
    let s = db.store.clone();
    let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let draft = DocumentDraft::parse(&DocumentInput {
        kind: "speech",
        visibility: "users",
        title: "在座谈会上的讲话",
        text_date: "2026-03-01",
        organ: "示范市人大常委会办公室",
        lead: "本文导读。",
        body: TEXT,
        tags: "",
        featured: false,
    })
    .expect("draft");
    let doc = s.create_document(&Actor::system(), city, &draft, true).await.expect("doc").0;
    let (url, sms) = fake_gateway().await;
    let state = state(s.clone(), url);
    App { app: TestApp::with_state(db, state).await, doc, sms }
}

async fn apps(on: bool) -> Vec<App> {
    on_each_store(|db| spawn(db, on)).await
}

impl App {
    /// The captcha's answer, as the server computes it from its secret.
    async fn answer(&self, page: &str) -> (String, String) {
        let token = field_of(page, "captcha_token");
        let secret = self.store.server_secret(REGISTER_SECRET).await.expect("secret");
        let answer = captcha_answer(&secret, &token);
        (token, answer)
    }

    /// Asks for a code for `contact` from a fresh /register page, answering the captcha.
    async fn ask_code(&self, c: &reqwest::Client, contact: &str) -> (StatusCode, String) {
        let (_, page) = self.get(c, "/register").await;
        let (token, answer) = self.answer(&page).await;
        let csrf = field_of(&page, "_csrf");
        let form = [("_csrf", csrf.as_str()), ("contact", contact), ("captcha_token", &token), ("captcha", &answer)];
        self.post(c, "/register/code", &form).await
    }

    /// The code in the last text the gateway received for `phone`.
    fn last_code(&self, phone: &str) -> String {
        let seen = self.sms.lock().expect("lock");
        let m = seen.iter().rev().find(|m| m["phone"] == phone).expect("a text to the phone");
        let text = m["text"].as_str().expect("text");
        let at = text.find("验证码为").expect("the code is in the text") + "验证码为".len();
        text[at..].chars().take(6).collect()
    }

    async fn count(&self, sql: &str) -> i64 {
        count(&self.store, sql).await
    }
}

#[tokio::test]
async fn a_citizen_registers_with_a_mobile_through_the_captcha_and_the_code_and_reads_the_login_only_text() {
    for app in apps(true).await {
        let c = client();
        let doc = format!("/portal/docs/{}", app.doc);
        // The wall has a door.
        let (_, page) = app.get(&c, &doc).await;
        assert!(page.contains("阅读全文请先") && !page.contains("今天召开这次座谈会"));
        assert!(page.contains(&format!("/register?next={doc}")), "the wall links to registration");
        let (_, login) = app.get(&c, "/login").await;
        assert!(login.contains("/register?next="), "so does the login page");

        let (status, page) = app.get(&c, &format!("/register?next={doc}")).await;
        assert_eq!(status, StatusCode::OK);
        let (token, answer) = app.answer(&page).await;
        let csrf = field_of(&page, "_csrf");
        let r = c.get(app.url(&format!("/register/captcha/{token}.svg"))).send().await.expect("captcha");
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["content-type"], "image/svg+xml");
        let svg = r.text().await.expect("svg");
        // No character data anywhere: the digits are strokes only (coordinates and colours may
        // happen to contain the answer's digits, so the test looks for text, not for the string).
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
        assert!(
            svg.split('>').skip(1).all(|rest| rest.is_empty() || rest.starts_with('<')) && !svg.contains("<text"),
            "digits drawn, not written: {svg}"
        );

        // A wrong captcha is refused and used up: the right answer to it no longer works.
        let wrong = if answer == "0000" { "1111" } else { "0000" };
        let form = |captcha: &str, token: &str| {
            vec![
                ("_csrf", csrf.clone()),
                ("contact", "138 0013 8000".to_owned()),
                ("captcha_token", token.to_owned()),
                ("captcha", captcha.to_owned()),
                ("next", doc.clone()),
            ]
        };
        let r = c.post(app.url("/register/code")).form(&form(wrong, &token)).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.expect("body");
        assert!(page.contains("图形验证码不正确"), "{page}");
        let r = c.post(app.url("/register/code")).form(&form(&answer, &token)).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "a captcha is checked once");
        assert!(app.sms.lock().expect("lock").is_empty(), "no code sent yet");

        // The right answer to a fresh captcha sends the code.
        let (token, answer) = app.answer(&page).await;
        let r = c.post(app.url("/register/code")).form(&form(&answer, &token)).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::OK);
        let page = r.text().await.expect("body");
        assert!(page.contains("验证码已发送至 13800138000"));
        let code = app.last_code("13800138000");
        assert_eq!(code.len(), 6);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM register_codes WHERE code_hash LIKE '%' AND code_hash <> ''").await,
            1
        );
        let stored: String =
            sqlx::query_scalar("SELECT code_hash FROM register_codes").fetch_one(app.store.pool()).await.expect("row");
        assert!(!stored.contains(&code), "the code is kept hashed");

        let register = |code: &str| {
            vec![
                ("_csrf", csrf.clone()),
                ("contact", "13800138000".to_owned()),
                ("code", code.to_owned()),
                ("display_name", "王市民".to_owned()),
                ("password", "shimin-2026".to_owned()),
                ("password2", "shimin-2026".to_owned()),
                ("next", doc.clone()),
            ]
        };
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let r = c.post(app.url("/register")).form(&register(wrong)).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.expect("body").contains("验证码不正确，还可尝试4次"));
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE login = '13800138000'").await, 0);

        let r = c.post(app.url("/register")).form(&register(&code)).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], doc.as_str(), "back to the text");
        let (_, page) = app.get(&c, &doc).await;
        assert!(page.contains("今天召开这次座谈会") && !page.contains("阅读全文请先"), "the new account reads it");
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE login = '13800138000' AND role = 'public'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.register'").await, 1, "audited");
        assert!(app.store.verify_audit().await.expect("verify").is_ok());

        // The code is used up; the account logs in with the mobile and its password.
        let again = client();
        let r = again.post(app.url("/register")).form(&register(&code)).send().await;
        assert_ne!(r.expect("post").status(), StatusCode::SEE_OTHER, "a code is used once");
        let (_, page) = app.get(&again, "/login").await;
        let csrf2 = field_of(&page, "_csrf");
        let form = [("_csrf", csrf2.as_str()), ("login", "13800138000"), ("password", "shimin-2026"), ("next", "/")];
        assert_eq!(app.post(&again, "/login", &form).await.0, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn a_citizen_registers_with_an_email_address_and_the_code_comes_by_mail() {
    let (relay, mails) = fake_relay().await;
    // The same city, served with only an e-mail relay configured.
    let delivery = DeliveryConfig {
        smtp_url: Some(relay),
        smtp_from: "示范市人大 <renda@example.gov.cn>".into(),
        ..DeliveryConfig::default()
    };
    let app = spawn_with(testing::sqlite().await, |store, _| {
        AppState::new(store, renda_web::Config::default())
            .with_deliverer(Arc::new(Deliverer::new(&delivery, "示范市人大").expect("deliverer")))
    })
    .await;
    let c = client();
    let (_, page) = app.get(&c, "/register").await;
    assert!(page.contains("邮箱"), "e-mail is offered: {page}");
    // No SMS gateway: a mobile number is refused with the way that works.
    let (status, page) = app.ask_code(&c, "13800138000").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("请使用电子邮箱注册"), "{page}");
    let (status, page) = app.ask_code(&c, "wang.shimin@example.cn").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("验证码已发送至 wang.shimin@example.cn"), "{page}");
    let mail = mails.lock().expect("lock").last().cloned().expect("a mail was sent");
    assert!(mail.to_ascii_lowercase().contains("to: wang.shimin@example.cn"), "{mail}");
    let text = body_text(&mail);
    let at = text.find("验证码为").expect("the code is in the mail") + "验证码为".len();
    let code: String = text[at..].chars().take(6).collect();
    assert!(code.chars().all(|c| c.is_ascii_digit()), "{text}");
    let csrf = field_of(&page, "_csrf");
    let form = [
        ("_csrf", csrf.as_str()),
        ("contact", "wang.shimin@example.cn"),
        ("code", code.as_str()),
        ("display_name", "王市民"),
        ("password", "shimin-2026"),
        ("password2", "shimin-2026"),
        ("next", "/portal"),
    ];
    assert_eq!(app.post(&c, "/register", &form).await.0, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE login = 'wang.shimin@example.cn' AND role = 'public'").await,
        1
    );
}

#[tokio::test]
async fn codes_are_limited_per_mobile_and_a_code_dies_after_five_wrong_tries() {
    for app in apps(true).await {
        let c = client();
        let (status, _) = app.ask_code(&c, "13900139000").await;
        assert_eq!(status, StatusCode::OK);
        let (status, page) = app.ask_code(&c, "13900139000").await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "one code a minute");
        assert!(page.contains("发送验证码过于频繁") && page.contains("秒后再试"), "said in Chinese");
        assert_eq!(app.sms.lock().expect("lock").len(), 1, "the second was not sent");
        // Another mobile is not held up by the first.
        assert_eq!(app.ask_code(&c, "13700137000").await.0, StatusCode::OK);

        let code = app.last_code("13900139000");
        let (_, page) = app.get(&c, "/register").await;
        let csrf = field_of(&page, "_csrf");
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let register = |code: &str| {
            vec![
                ("_csrf", csrf.clone()),
                ("contact", "13900139000".to_owned()),
                ("code", code.to_owned()),
                ("display_name", "赵市民".to_owned()),
                ("password", "shimin-2026".to_owned()),
                ("password2", "shimin-2026".to_owned()),
            ]
        };
        for _ in 0..5 {
            let r = c.post(app.url("/register")).form(&register(wrong)).send().await.expect("post");
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        }
        let r = c.post(app.url("/register")).form(&register(&code)).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "five wrong tries end the code");
        assert!(r.text().await.expect("body").contains("验证码已失效"));
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE login = '13900139000'").await, 0);
    }
}

#[tokio::test]
async fn without_sms_or_smtp_registration_is_off_and_every_wall_gives_the_office_phone() {
    for app in apps(false).await {
        let c = client();
        let (_, page) = app.get(&c, &format!("/portal/docs/{}", app.doc)).await;
        assert!(page.contains("阅读全文请先") && page.contains(OFFICE), "the wall gives the phone");
        assert!(!page.contains("/register?"), "and no link to a closed door");
        let (_, login) = app.get(&c, "/login").await;
        assert!(login.contains(OFFICE) && login.contains("暂未开放自助注册"));
        let (status, page) = app.get(&c, "/register").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("暂未开放自助注册") && page.contains(OFFICE) && !page.contains("captcha_token"));
        let csrf = field_of(&login, "_csrf");
        let form = [("_csrf", csrf.as_str()), ("contact", "13800138000"), ("captcha_token", "x"), ("captcha", "1234")];
        assert_eq!(app.post(&c, "/register/code", &form).await.0, StatusCode::FORBIDDEN);
        // The API's door is closed too.
        let api = app.api_anonymous();
        assert_eq!(api.post("/api/v1/register/captcha", serde_json::Value::Null).await.0, StatusCode::FORBIDDEN);
        let body = serde_json::json!({"contact": "13800138000", "captcha_token": "x", "captcha": "1234"});
        assert_eq!(api.post("/api/v1/register/code", body).await.0, StatusCode::FORBIDDEN);
        assert_eq!(app.count("SELECT COUNT(*) FROM register_codes").await, 0);
    }
}

#[tokio::test]
async fn a_citizen_registers_through_the_api_in_the_page_s_two_steps() {
    use serde_json::json;
    for app in apps(true).await {
        let api = app.api_anonymous();
        let (status, drawn) = api.post("/api/v1/register/captcha", serde_json::Value::Null).await;
        assert_eq!(status, StatusCode::CREATED, "{drawn}");
        let token = drawn["token"].as_str().expect("a token").to_owned();
        assert!(drawn["svg"].as_str().is_some_and(|svg| svg.starts_with("<svg") && !svg.contains("<text")));
        let secret = app.store.server_secret(REGISTER_SECRET).await.expect("secret");
        let answer = captcha_answer(&secret, &token);
        let wrong = if answer == "0000" { "1111" } else { "0000" };

        // A wrong answer uses the captcha up; a bad contact is named.
        let ask = |contact: &str, token: &str, captcha: &str| json!({"contact": contact, "captcha_token": token, "captcha": captcha});
        let (status, body) = api.post("/api/v1/register/code", ask("138 0013 8001", &token, wrong)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("图形验证码不正确")), "{body}");
        let (status, _) = api.post("/api/v1/register/code", ask("138 0013 8001", &token, &answer)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a captcha is checked once");
        let (_, drawn) = api.post("/api/v1/register/captcha", serde_json::Value::Null).await;
        let token = drawn["token"].as_str().expect("a token").to_owned();
        let answer = captcha_answer(&secret, &token);
        let (status, body) = api.post("/api/v1/register/code", ask("no contact", &token, &answer)).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("contact")));
        let (_, drawn) = api.post("/api/v1/register/captcha", serde_json::Value::Null).await;
        let token = drawn["token"].as_str().expect("a token").to_owned();
        let answer = captcha_answer(&secret, &token);
        let (status, body) = api.post("/api/v1/register/code", ask("138 0013 8001", &token, &answer)).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        let code = app.last_code("13800138001");

        // The account, logged in at once; a short password is refused beside its field.
        let account = |password: &str| json!({"contact": "13800138001", "code": code, "display_name": "王芳", "password": password});
        let (status, body) = api.post("/api/v1/register", account("short")).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("password")));
        let (status, me) = api.post("/api/v1/register", account("huiyuan2026")).await;
        assert_eq!((status, me["role"].as_str()), (StatusCode::CREATED, Some("public")), "{me}");
        let (status, me) = api.get("/api/v1/me").await;
        assert_eq!((status, me["display_name"].as_str()), (StatusCode::OK, Some("王芳")), "the session is on");
        let (status, _) = app.api_anonymous().post("/api/v1/register", account("huiyuan2026")).await;
        assert!(status.is_client_error(), "the code is spent: {status}");
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE login = '13800138001'").await, 1);
    }
}
