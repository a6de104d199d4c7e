//! HTTPS served by renda itself, against a loopback client that trusts a test CA: pages over
//! TLS, a client without the CA refused, a certificate reloaded in place, plain HTTP redirected.

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use renda_store::testing;
use renda_web::tls::{Certificate, redirect_router, serve_tls};
use std::path::{Path, PathBuf};

/// A test CA and a certificate it issued for localhost and 127.0.0.1, as PEM.
struct Issued {
    ca: String,
    cert: String,
    key: String,
}

fn issue(ca_name: &str) -> Issued {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("ca params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(rcgen::DnType::CommonName, ca_name);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().expect("ca key")).expect("ca");
    let key = KeyPair::generate().expect("server key");
    let params = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).expect("params");
    let cert = params.signed_by(&key, &ca).expect("issued");
    Issued { ca: ca.pem(), cert: cert.pem(), key: key.serialize_pem() }
}

fn write(dir: &Path, issued: &Issued) -> (PathBuf, PathBuf) {
    let (c, k) = (dir.join("renda.crt"), dir.join("renda.key"));
    std::fs::write(&c, &issued.cert).expect("write cert");
    std::fs::write(&k, &issued.key).expect("write key");
    (c, k)
}

fn trusting(ca: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(ca.as_bytes()).expect("ca pem"))
        .https_only(true)
        .build()
        .expect("client")
}

#[tokio::test]
async fn pages_are_served_over_https_to_whoever_trusts_the_ca_and_a_reloaded_certificate_takes_over() {
    let db = testing::sqlite().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let first = issue("renda test CA 1");
    let (cert_file, key_file) = write(dir.path(), &first);
    let cert = Certificate::load(&cert_file, &key_file).expect("loads");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let app = renda_web::router(renda_web::AppState::new(db.store.clone(), renda_web::Config::default()));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve_tls(listener, cert.clone(), app, async move {
        let _ = rx.await;
    }));
    let url = format!("https://localhost:{port}/login");

    // A client that trusts the CA gets the page, over TLS.
    let r = trusting(&first.ca).get(&url).send().await.expect("https works");
    assert_eq!(r.status(), reqwest::StatusCode::OK);
    assert!(r.text().await.expect("body").contains("登录"));
    // One that does not is refused by its own TLS check.
    let other = issue("someone else's CA");
    assert!(trusting(&other.ca).get(&url).send().await.is_err(), "an unknown CA is not trusted");
    // A POST goes through the whole stack, the client's address included (the login
    // throttle keys on it): a wrong password is refused in Chinese, not a 500.
    let login = trusting(&first.ca)
        .post(format!("https://localhost:{port}/login"))
        .form(&[("login", "nobody"), ("password", "wrong-2026")])
        .send()
        .await
        .expect("post");
    assert!(login.status().is_client_error(), "{}", login.status());

    // A new certificate from another CA is written over the files and reloaded (SIGHUP).
    write(dir.path(), &other);
    cert.reload().expect("reloads");
    let r = trusting(&other.ca).get(&url).send().await.expect("the new certificate is served");
    assert_eq!(r.status(), reqwest::StatusCode::OK);
    assert!(trusting(&first.ca).get(&url).send().await.is_err(), "the old one is gone");
    // A reload of a broken file keeps the certificate in use.
    std::fs::write(&key_file, "not a key").expect("write");
    let e = cert.reload().expect_err("a broken key");
    assert!(e.contains("私钥"), "{e}");
    assert!(trusting(&other.ca).get(&url).send().await.is_ok(), "still served");
    let _ = tx.send(());
}

#[tokio::test]
async fn plain_http_is_redirected_to_https() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(renda_web::serve(listener, redirect_router(8443), async move {
        let _ = rx.await;
    }));
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let r = client.get(format!("http://127.0.0.1:{port}/portal?page=2")).send().await.expect("http");
    assert_eq!(r.status(), reqwest::StatusCode::PERMANENT_REDIRECT);
    assert_eq!(r.headers()["location"], "https://127.0.0.1:8443/portal?page=2");
    let _ = tx.send(());
}
