//! Delivery of notifications by e-mail and webhook, against a fake SMTP relay and a fake SMS
//! gateway on loopback.

use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::person::{StartReason, Term};
use renda_core::policy::Role;
use renda_core::suggestion::Command;
use renda_core::value::{Email, Label, Login, NewPassword, OrgName, PersonName, Phone};
use renda_store::orgs::NewOrganisation;
use renda_store::people::{NewDeputyship, NewPerson};
use renda_store::suggestions::{Extra, NewSuggestion, Period};
use renda_store::users::NewUser;
use renda_store::{Actor, Store, testing};
use renda_web::delivery::{Deliverer, DeliveryConfig};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const TODAY: jiff::civil::Date = jiff::civil::date(2025, 3, 10);

/// A minimal SMTP relay: accepts every message and keeps each session's transcript.
async fn fake_smtp() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let keep = seen.clone();
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            let keep = keep.clone();
            tokio::spawn(async move {
                let (r, mut w) = sock.into_split();
                let mut lines = BufReader::new(r).lines();
                let mut transcript = String::new();
                let _ = w.write_all(b"220 fake ESMTP\r\n").await;
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    transcript.push_str(&line);
                    transcript.push('\n');
                    let reply: &[u8] = if in_data {
                        if line == "." {
                            in_data = false;
                            b"250 queued\r\n"
                        } else {
                            continue;
                        }
                    } else {
                        let upper = line.to_ascii_uppercase();
                        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                            b"250-fake\r\n250 8BITMIME\r\n"
                        } else if upper.starts_with("DATA") {
                            in_data = true;
                            b"354 go ahead\r\n"
                        } else if upper.starts_with("QUIT") {
                            let _ = w.write_all(b"221 bye\r\n").await;
                            break;
                        } else {
                            b"250 ok\r\n"
                        }
                    };
                    if w.write_all(reply).await.is_err() {
                        break;
                    }
                }
                if let Ok(mut v) = keep.lock() {
                    v.push(transcript);
                }
            });
        }
    });
    (format!("smtp://{addr}"), seen)
}

/// A fake SMS gateway: keeps each JSON body; answers `status` (200, or 500 to fail).
async fn fake_gateway(status: u16) -> (String, Arc<Mutex<Vec<serde_json::Value>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let keep = seen.clone();
    let app = axum::Router::new().route(
        "/sms",
        axum::routing::post(move |axum::Json(v): axum::Json<serde_json::Value>| {
            let keep = keep.clone();
            async move {
                if let Ok(mut k) = keep.lock() {
                    k.push(v);
                }
                axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::OK)
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

/// A city with a unit whose user has an e-mail and a mobile, and one suggestion assigned to it.
async fn assigned(s: &Store) -> renda_core::ids::UserId {
    let sys = Actor::system();
    let org = |name: &str, kind, parent| {
        let s = s.clone();
        let name = name.to_owned();
        async move {
            s.create_org(&sys, NewOrganisation { name: OrgName::parse(&name).expect("n"), kind, parent })
                .await
                .expect("org")
                .id
        }
    };
    let city: OrgId = org("示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let unit = org("示范市交通运输局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
    let person = NewPerson {
        name: PersonName::parse("孙红").expect("n"),
        gender: None,
        ethnicity: None,
        birth: None,
        party: None,
        occupation: None,
        phone: None,
    };
    let ship = NewDeputyship {
        congress: city,
        term: Term(18),
        delegation: Label::parse("东城区代表团").expect("l"),
        start: jiff::civil::date(2022, 1, 10),
        start_reason: StartReason::Elected,
        note: None,
    };
    let (lead, _): (PersonId, _) = s.create_deputy(&sys, person, ship).await.expect("deputy");
    let user = s
        .create_user(
            &sys,
            NewUser {
                login: Login::parse("unit.transport").expect("l"),
                display_name: "交通局".into(),
                password: NewPassword::parse("renda-2026").expect("p"),
                role: Role::Unit { unit },
            },
        )
        .await
        .expect("user");
    s.set_contact(
        &sys,
        user.id,
        Some(Email::parse("jt@example.gov.cn").expect("e")),
        Some(Phone::parse("13912345678").expect("p")),
    )
    .await
    .expect("contact");
    let new = NewSuggestion {
        congress: city,
        title: "关于优化夜间公交线路的建议".into(),
        body: "夜间公交班次少，建议增开夜班线路方便群众出行。".into(),
        period: Period::Recess,
        from_motion: false,
        cosigners: vec![],
    };
    let deputy = Actor { user: None, role: Role::Deputy { person: lead } };
    let staff = Actor { user: None, role: Role::Staff { congress: city } };
    let id = s.create_suggestion(&deputy, lead, new, TODAY).await.expect("draft");
    s.act(&deputy, id, &Command::Submit, &Extra::None, TODAY).await.expect("submit");
    s.act(&staff, id, &Command::Register, &Extra::None, TODAY).await.expect("register");
    let extra = Extra::Assign { main: vec![unit], assisting: vec![] };
    s.act(&staff, id, &Command::Assign { on: TODAY, complex: false }, &extra, TODAY).await.expect("assign");
    s.catch_up_notifications().await.expect("notifications");
    user.id
}

#[tokio::test]
async fn a_new_assignment_reaches_the_unit_by_mail_and_by_sms_once() {
    let t = testing::sqlite().await;
    let s = &t.store;
    assigned(s).await;
    let (smtp_url, mails) = fake_smtp().await;
    let (hook_url, texts) = fake_gateway(200).await;
    let config = DeliveryConfig {
        smtp_url: Some(smtp_url),
        smtp_from: "示范市人大 <renda@example.gov.cn>".into(),
        webhook_url: Some(hook_url),
    };
    assert!(config.is_on() && !DeliveryConfig::default().is_on(), "off unless configured");
    let d = Deliverer::new(&config, "示范市人大代表工作平台").expect("config");
    assert_eq!(d.deliver_pending(s).await.expect("deliver"), 1);
    let mails = mails.lock().expect("lock").clone();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("RCPT TO:<jt@example.gov.cn>"), "{}", mails[0]);
    assert!(mails[0].contains("MAIL FROM:<renda@example.gov.cn>"));
    let texts = texts.lock().expect("lock").clone();
    assert_eq!(texts.len(), 1);
    assert_eq!(texts[0]["phone"], "13912345678");
    assert!(texts[0]["text"].as_str().is_some_and(|t| t.contains("新交办建议《关于优化夜间公交线路的建议》")));
    assert_eq!(texts[0]["kind"], "assigned");
    assert_eq!(d.deliver_pending(s).await.expect("again"), 0, "delivered once");
}

#[tokio::test]
async fn a_failing_gateway_is_retried_and_its_error_kept() {
    let t = testing::sqlite().await;
    let s = &t.store;
    assigned(s).await;
    let (hook_url, texts) = fake_gateway(500).await;
    let config = DeliveryConfig { webhook_url: Some(hook_url), ..DeliveryConfig::default() };
    let d = Deliverer::new(&config, "示范市人大").expect("config");
    assert_eq!(d.deliver_pending(s).await.expect("deliver"), 0);
    assert_eq!(texts.lock().expect("lock").len(), 1, "tried");
    let pending = s.pending_deliveries(10).await.expect("pending");
    assert_eq!(pending.iter().map(|p| p.attempts).collect::<Vec<_>>(), vec![1], "still pending, one attempt");
    let error: Option<String> =
        sqlx::query_scalar("SELECT send_error FROM notifications").fetch_one(s.pool()).await.expect("error");
    assert!(error.is_some_and(|e| e.contains("500")));
    for _ in 0..4 {
        d.deliver_pending(s).await.expect("retry");
    }
    assert!(s.pending_deliveries(10).await.expect("pending").is_empty(), "given up after five attempts");
    assert!(
        Deliverer::new(&DeliveryConfig { webhook_url: Some("https://x".into()), ..Default::default() }, "x").is_err()
    );
    assert!(
        Deliverer::new(&DeliveryConfig { smtp_url: Some("mail.example.cn".into()), ..Default::default() }, "x")
            .is_err()
    );
}
