//! Delivery of notifications by e-mail and webhook, against a fake SMTP relay and a fake SMS
//! gateway on loopback.

use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_core::suggestion::Command;
use renda_core::value::{Email, Phone};
use renda_store::people::NewDeputyship;
use renda_store::suggestions::{Extra, NewSuggestion, Period};
use renda_store::users::NewUser;
use renda_store::{Actor, Store};
use renda_testkit::{account_with, as_deputy, deputy_with, label, new_user, org, person, seat, staff, testing};
use renda_web::delivery::{Deliverer, DeliveryConfig};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const TODAY: jiff::civil::Date = jiff::civil::date(2025, 3, 10);

/// How a fake relay speaks: plain, TLS from the first byte (smtps), or plain offering STARTTLS.
#[derive(Clone)]
enum Relay {
    Plain,
    Tls(tokio_rustls::TlsAcceptor),
    StartTls(tokio_rustls::TlsAcceptor),
}

/// A minimal SMTP relay: accepts every message and keeps each session's transcript.
async fn fake_smtp_on(relay: Relay) -> (std::net::SocketAddr, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let keep = seen.clone();
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            let keep = keep.clone();
            let relay = relay.clone();
            tokio::spawn(async move {
                let transcript = smtp_session(sock, relay).await;
                if let Ok(mut v) = keep.lock() {
                    v.push(transcript);
                }
            });
        }
    });
    (addr, seen)
}

async fn fake_smtp() -> (String, Arc<Mutex<Vec<String>>>) {
    let (addr, seen) = fake_smtp_on(Relay::Plain).await;
    (format!("smtp://{addr}"), seen)
}

async fn smtp_session(sock: tokio::net::TcpStream, relay: Relay) -> String {
    let mut transcript = String::new();
    match relay {
        Relay::Plain | Relay::StartTls(_) => {
            let offer = matches!(relay, Relay::StartTls(_));
            let (r, mut w) = tokio::io::split(sock);
            let mut r = BufReader::new(r);
            let _ = w.write_all(b"220 fake ESMTP\r\n").await;
            if converse(&mut r, &mut w, &mut transcript, offer).await
                && let Relay::StartTls(acceptor) = relay
            {
                // The client asked to start TLS: the same connection goes on encrypted.
                match acceptor.accept(r.into_inner().unsplit(w)).await {
                    Ok(tls) => {
                        transcript.push_str("--- TLS ---\n");
                        let (r, mut w) = tokio::io::split(tls);
                        converse(&mut BufReader::new(r), &mut w, &mut transcript, false).await;
                    }
                    Err(e) => transcript.push_str(&format!("handshake failed: {e}\n")),
                }
            }
        }
        Relay::Tls(acceptor) => match acceptor.accept(sock).await {
            Ok(tls) => {
                let (r, mut w) = tokio::io::split(tls);
                let _ = w.write_all(b"220 fake ESMTP\r\n").await;
                converse(&mut BufReader::new(r), &mut w, &mut transcript, false).await;
            }
            Err(e) => transcript.push_str(&format!("handshake failed: {e}\n")),
        },
    }
    transcript
}

/// Answers SMTP commands until QUIT or the end (false), or until the client asks for STARTTLS
/// when it is offered (true).
async fn converse(
    r: &mut (impl tokio::io::AsyncBufRead + Unpin),
    w: &mut (impl tokio::io::AsyncWrite + Unpin),
    transcript: &mut String,
    offer_starttls: bool,
) -> bool {
    let mut in_data = false;
    loop {
        let mut line = String::new();
        match r.read_line(&mut line).await {
            Ok(0) | Err(_) => return false,
            Ok(_) => {}
        }
        let line = line.trim_end_matches(['\r', '\n']);
        transcript.push_str(line);
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
                if offer_starttls {
                    b"250-fake\r\n250-STARTTLS\r\n250 8BITMIME\r\n"
                } else {
                    b"250-fake\r\n250 8BITMIME\r\n"
                }
            } else if offer_starttls && upper.starts_with("STARTTLS") {
                let _ = w.write_all(b"220 ready to start TLS\r\n").await;
                return true;
            } else if upper.starts_with("DATA") {
                in_data = true;
                b"354 go ahead\r\n"
            } else if upper.starts_with("QUIT") {
                let _ = w.write_all(b"221 bye\r\n").await;
                return false;
            } else {
                b"250 ok\r\n"
            }
        };
        if w.write_all(reply).await.is_err() {
            return false;
        }
    }
}

/// A fake SMS gateway: keeps each JSON body; answers `status` (200, or 500 to fail). With a
/// certificate, over HTTPS (renda's own TLS listener) at `localhost`.
async fn fake_gateway_on(
    status: u16,
    tls: Option<renda_web::tls::Certificate>,
) -> (String, Arc<Mutex<Vec<serde_json::Value>>>) {
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
    match tls {
        None => {
            tokio::spawn(async move {
                let _ = axum::serve(listener, app).await;
            });
            (format!("http://{addr}/sms"), seen)
        }
        Some(cert) => {
            tokio::spawn(renda_web::tls::serve_tls(listener, cert, app, std::future::pending()));
            (format!("https://localhost:{}/sms", addr.port()), seen)
        }
    }
}

async fn fake_gateway(status: u16) -> (String, Arc<Mutex<Vec<serde_json::Value>>>) {
    fake_gateway_on(status, None).await
}

/// A city with a unit whose user has an e-mail and a mobile, and one suggestion assigned to it.
async fn assigned(s: &Store) -> renda_core::ids::UserId {
    let sys = Actor::system();
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let unit = org(s, "示范市交通运输局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
    let ship = NewDeputyship { delegation: label("东城区代表团"), ..seat(city) };
    let lead = deputy_with(s, person("孙红"), ship).await;
    let user =
        account_with(s, NewUser { display_name: "交通局".into(), ..new_user("unit.transport", Role::Unit { unit }) })
            .await;
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
    let deputy = as_deputy(lead);
    let staff = staff(city);
    s.clock().set_on(TODAY);
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
        extra_ca_pem: None,
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
        Deliverer::new(&DeliveryConfig { webhook_url: Some("ftp://x".into()), ..Default::default() }, "x").is_err()
    );
    assert!(
        Deliverer::new(&DeliveryConfig { smtp_url: Some("mail.example.cn".into()), ..Default::default() }, "x")
            .is_err()
    );
}

/// A test CA and a certificate it issued for localhost: (CA PEM, the server's certificate).
fn test_ca() -> (String, renda_web::tls::Certificate) {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("ca params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().expect("key")).expect("ca");
    let key = KeyPair::generate().expect("key");
    let cert =
        CertificateParams::new(vec!["localhost".to_owned()]).expect("params").signed_by(&key, &ca).expect("cert");
    let dir = tempfile::tempdir().expect("dir");
    let (c, k) = (dir.path().join("c.pem"), dir.path().join("k.pem"));
    std::fs::write(&c, cert.pem()).expect("write");
    std::fs::write(&k, key.serialize_pem()).expect("write");
    (ca.pem(), renda_web::tls::Certificate::load(&c, &k).expect("loads"))
}

#[tokio::test]
async fn mail_over_smtps_and_texts_over_https_reach_servers_signed_by_the_intranet_ca() {
    let t = testing::sqlite().await;
    let s = &t.store;
    assigned(s).await;
    let (ca, cert) = test_ca();
    let acceptor = tokio_rustls::TlsAcceptor::from(cert.server_config());
    let (smtp_addr, mails) = fake_smtp_on(Relay::Tls(acceptor.clone())).await;
    let (hook_url, texts) = fake_gateway_on(200, Some(cert)).await;
    assert!(hook_url.starts_with("https://localhost:"), "{hook_url}");
    let config = |extra: Option<Vec<u8>>| DeliveryConfig {
        smtp_url: Some(format!("smtps://localhost:{}", smtp_addr.port())),
        smtp_from: "示范市人大 <renda@example.gov.cn>".into(),
        webhook_url: Some(hook_url.clone()),
        extra_ca_pem: extra,
    };
    // Without the intranet CA, neither server is trusted: nothing is delivered, it stays pending.
    let d = Deliverer::new(&config(None), "示范市人大代表工作平台").expect("config");
    assert_eq!(d.deliver_pending(s).await.expect("deliver"), 0);
    assert!(texts.lock().expect("lock").is_empty(), "no text to an untrusted gateway");
    assert!(mails.lock().expect("lock").iter().all(|m| !m.contains("RCPT TO")), "no mail to an untrusted relay");
    // With it, both go through, encrypted.
    let d = Deliverer::new(&config(Some(ca.clone().into_bytes())), "示范市人大代表工作平台").expect("config");
    assert_eq!(d.deliver_pending(s).await.expect("deliver"), 1);
    assert!(mails.lock().expect("lock").iter().any(|m| m.contains("RCPT TO:<jt@example.gov.cn>")));
    assert_eq!(texts.lock().expect("lock").len(), 1);
    // STARTTLS: the relay offers it, the message goes only after the upgrade.
    let (starttls_addr, starttls_mails) = fake_smtp_on(Relay::StartTls(acceptor)).await;
    s.catch_up_notifications().await.expect("notifications");
    sqlx::query("UPDATE notifications SET sent_at = NULL, send_attempts = 0").execute(s.writer()).await.expect("again");
    let mut c = config(Some(ca.clone().into_bytes()));
    c.smtp_url = Some(format!("smtp://localhost:{}?tls=required", starttls_addr.port()));
    c.webhook_url = None;
    let d = Deliverer::new(&c, "示范市人大代表工作平台").expect("config");
    assert_eq!(d.deliver_pending(s).await.expect("deliver"), 1);
    let t = starttls_mails.lock().expect("lock").concat();
    let (before, after) = t.split_once("--- TLS ---").expect("upgraded");
    assert!(before.contains("STARTTLS") && !before.contains("RCPT TO"), "nothing before TLS: {before}");
    assert!(after.contains("RCPT TO:<jt@example.gov.cn>"), "{after}");
    // A CA file that holds no certificate is refused at start, in Chinese.
    let e = Deliverer::new(&config(Some(b"not pem".to_vec())), "x").expect_err("bad CA");
    assert!(e.contains("附加 CA 证书"), "{e}");
}
