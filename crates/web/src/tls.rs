//! HTTPS served by renda itself (rustls with the ring provider), for an installation without a
//! reverse proxy: `renda serve --tls-cert FILE --tls-key FILE`.
//!
//! - [`Certificate`] holds the certificate and key read from PEM files, and [`Certificate::reload`]
//!   swaps in new ones (the CLI calls it on SIGHUP) without dropping a connection: a
//!   handshake uses the certificate current when it starts. A reload that fails keeps the old one.
//! - [`TlsListener`] is an `axum::serve::Listener`: it accepts TCP connections and completes
//!   each handshake in its own task (a slow or silent client holds up no one, and gives up after
//!   10 s), handing axum only finished TLS streams with the peer's address, so `ConnectInfo`
//!   and everything built on it (limits, audit addresses) work as over plain HTTP.
//! - [`redirect_router`] answers plain HTTP on another port with a permanent redirect to the
//!   same host and path over HTTPS.
//! - [`self_signed`] makes a certificate for a first start (`renda tls self-signed`); intranets
//!   have no ACME, so production uses one from the intranet's CA (README, 正式部署).

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// How long a client has to finish its handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The server's certificate and key, read from PEM files and swapped on [`Certificate::reload`].
#[derive(Clone, Debug)]
pub struct Certificate {
    current: Arc<RwLock<Arc<ServerConfig>>>,
    cert: PathBuf,
    key: PathBuf,
}

impl Certificate {
    /// Reads the certificate chain and the private key. Every failure is a Chinese sentence
    /// naming the file.
    pub fn load(cert: &Path, key: &Path) -> Result<Certificate, String> {
        let config = server_config(cert, key)?;
        Ok(Certificate { current: Arc::new(RwLock::new(config)), cert: cert.to_owned(), key: key.to_owned() })
    }

    /// Reads the files again and uses them for new connections; on failure the old
    /// certificate stays and the reason is returned.
    pub fn reload(&self) -> Result<(), String> {
        let config = server_config(&self.cert, &self.key)?;
        *self.current.write().unwrap_or_else(std::sync::PoisonError::into_inner) = config;
        Ok(())
    }

    /// The rustls configuration in use now (for a TLS server of another protocol).
    pub fn server_config(&self) -> Arc<ServerConfig> {
        self.current.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}

fn server_config(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>, String> {
    let read = |path: &Path, what: &str| {
        std::fs::read(path).map_err(|e| format!("无法读取{what}文件 {}：{e}", path.display()))
    };
    let cert_pem = read(cert, "证书")?;
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<_, _>>()
        .map_err(|_| format!("证书文件 {} 的内容有误（应为 PEM 格式）", cert.display()))?;
    if certs.is_empty() {
        return Err(format!(
            "证书文件 {} 中没有证书（应为 PEM 格式，以 -----BEGIN CERTIFICATE----- 开头）",
            cert.display()
        ));
    }
    let key_pem = read(key, "私钥")?;
    let private = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|_| {
        format!("私钥文件 {} 中没有可用的私钥（应为 PEM 格式的 PKCS#8、RSA 或 EC 私钥）", key.display())
    })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS 设置有误：{e}"))?
        .with_no_client_auth()
        .with_single_cert(certs, private)
        .map_err(|e| format!("证书 {} 与私钥 {} 不匹配或不可用：{e}", cert.display(), key.display()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Accepts TCP connections and hands axum the TLS streams whose handshake completed.
#[derive(Debug)]
pub struct TlsListener {
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
    acceptor: tokio::task::JoinHandle<()>,
}

impl TlsListener {
    pub fn new(tcp: TcpListener, cert: Certificate) -> std::io::Result<TlsListener> {
        let local = tcp.local_addr()?;
        let (tx, ready) = mpsc::channel(64);
        let acceptor = tokio::spawn(accept_loop(tcp, cert, tx));
        Ok(TlsListener { ready, local, acceptor })
    }
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        self.acceptor.abort();
    }
}

async fn accept_loop(tcp: TcpListener, cert: Certificate, tx: mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>) {
    loop {
        let (stream, peer) = match tcp.accept().await {
            Ok(c) => c,
            Err(e) => {
                // Out of file descriptors and the like: wait rather than spin.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        if tx.is_closed() {
            return;
        }
        let acceptor = TlsAcceptor::from(cert.server_config());
        let tx = tx.clone();
        tokio::spawn(async move {
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                Ok(Ok(tls)) => {
                    let _ = tx.send((tls, peer)).await;
                }
                Ok(Err(e)) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
                Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
            }
        });
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(conn) => conn,
            // The accepting task is gone (the listener is being dropped): accept nothing more.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}

/// The peer of a TLS connection (axum knows the peer of a TCP listener only).
#[derive(Clone, Copy, Debug)]
struct TlsPeer(SocketAddr);

impl axum::extract::connect_info::Connected<axum::serve::IncomingStream<'_, TlsListener>> for TlsPeer {
    fn connect_info(stream: axum::serve::IncomingStream<'_, TlsListener>) -> Self {
        TlsPeer(*stream.remote_addr())
    }
}

/// Serves `router` over HTTPS on `listener` until `shutdown`, with the peer's address as
/// `ConnectInfo<SocketAddr>` (as [`crate::serve`] does over HTTP).
pub async fn serve_tls(
    listener: TcpListener,
    cert: Certificate,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = router.layer(axum::middleware::map_request(|mut req: axum::extract::Request| async move {
        if let Some(ConnectInfo(TlsPeer(peer))) = req.extensions().get::<ConnectInfo<TlsPeer>>().copied() {
            req.extensions_mut().insert(ConnectInfo(peer));
        }
        req
    }));
    axum::serve(TlsListener::new(listener, cert)?, router.into_make_service_with_connect_info::<TlsPeer>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// Plain HTTP that sends every request to the same host and path over HTTPS on `https_port`
/// (308: the method and body are kept).
pub fn redirect_router(https_port: u16) -> Router {
    Router::new().fallback(move |headers: HeaderMap, uri: Uri| async move { to_https(&headers, &uri, https_port) })
}

fn to_https(headers: &HeaderMap, uri: &Uri, https_port: u16) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.parse::<axum::http::uri::Authority>().ok());
    let Some(host) = host else {
        return (StatusCode::BAD_REQUEST, "请求缺少主机名（Host），请使用 https:// 地址访问。").into_response();
    };
    let port = if https_port == 443 { String::new() } else { format!(":{https_port}") };
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let location = format!("https://{}{port}{path}", host.host());
    (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, location)]).into_response()
}

/// A self-signed certificate and its key (PEM) for `names` (host names or IP addresses), for a
/// first start before the intranet's CA issues one. Browsers warn about it.
pub fn self_signed(names: &[String]) -> Result<(String, String), String> {
    let names: Vec<String> = names.iter().map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()).collect();
    if names.is_empty() {
        return Err("请至少给出一个主机名或 IP 地址，例如 --name renda.example.gov.cn".into());
    }
    let made = rcgen::generate_simple_self_signed(names).map_err(|e| format!("无法生成证书：{e}"))?;
    Ok((made.cert.pem(), made.signing_key.serialize_pem()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_sent_to_the_same_host_and_path_over_https() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "renda.example.gov.cn:8080".parse().expect("header"));
        let uri: Uri = "/portal/search?q=%E9%A2%84%E7%AE%97".parse().expect("uri");
        let r = to_https(&h, &uri, 443);
        assert_eq!(r.status(), StatusCode::PERMANENT_REDIRECT);
        assert_eq!(r.headers()[header::LOCATION], "https://renda.example.gov.cn/portal/search?q=%E9%A2%84%E7%AE%97");
        let r = to_https(&h, &"/".parse().expect("uri"), 8443);
        assert_eq!(r.headers()[header::LOCATION], "https://renda.example.gov.cn:8443/");
        assert_eq!(to_https(&HeaderMap::new(), &uri, 443).status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn unreadable_or_mismatched_files_are_named_in_chinese() {
        let dir = std::env::temp_dir().join(format!("renda_tls_{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let (cert, key) = self_signed(&["localhost".into()]).expect("made");
        let (_, other_key) = self_signed(&["localhost".into()]).expect("made");
        let write = |name: &str, text: &str| {
            let p = dir.join(name);
            std::fs::write(&p, text).expect("write");
            p
        };
        let (c, k, k2, junk) =
            (write("c.pem", &cert), write("k.pem", &key), write("k2.pem", &other_key), write("j.pem", "not pem"));
        assert!(Certificate::load(&c, &k).is_ok());
        let e = Certificate::load(&dir.join("none.pem"), &k).expect_err("missing");
        assert!(e.contains("无法读取证书文件") && e.contains("none.pem"), "{e}");
        let e = Certificate::load(&junk, &k).expect_err("not a certificate");
        assert!(e.contains("中没有证书"), "{e}");
        let e = Certificate::load(&c, &junk).expect_err("not a key");
        assert!(e.contains("中没有可用的私钥"), "{e}");
        let e = Certificate::load(&c, &k2).expect_err("another key");
        assert!(e.contains("不匹配"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
