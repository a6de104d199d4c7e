//! Delivering notifications outside the platform, when configured: by e-mail through an SMTP
//! relay, and by webhook — a JSON POST that an SMS gateway (or any other system) turns into a
//! text message. Both are off unless their address is set (`RENDA_SMTP_URL`,
//! `RENDA_WEBHOOK_URL`). Every notification stays in the in-app inbox either way; delivery is
//! tried up to five times, and each failure is recorded on the notification.
//!
//! SMTP plain, with STARTTLS or over TLS from the start, and webhooks over HTTP or HTTPS
//! (rustls; the public roots plus an intranet CA's certificates when configured).

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use renda_core::register::Contact;
use renda_store::notifications::Delivery;
use renda_store::{Result, Store};
use serde::Serialize;
use std::time::Duration;

/// Where to deliver. `None` turns a channel off.
#[derive(Clone, Debug, Default)]
pub struct DeliveryConfig {
    /// `smtp://[user:password@]host[:port]` (plain, port 25), `smtp://…?tls=required`
    /// (STARTTLS, port 587) or `smtps://…` (TLS from the start, port 465).
    pub smtp_url: Option<String>,
    /// The sender, e.g. `示范市人大代表工作平台 <renda@example.gov.cn>`.
    pub smtp_from: String,
    /// `http(s)://host:port/path`, receiving [`WebhookMessage`] as JSON.
    pub webhook_url: Option<String>,
    /// Certificates (PEM) of an intranet CA trusted besides the public roots, for SMTP over TLS
    /// and an `https://` webhook.
    pub extra_ca_pem: Option<Vec<u8>>,
}

impl DeliveryConfig {
    pub fn is_on(&self) -> bool {
        self.smtp_url.is_some() || self.webhook_url.is_some()
    }
}

/// `smtp://[user:password@]host[:port]`, read by hand: lettre parses URLs only when built with
/// TLS, `smtp://…?tls=required` STARTTLS and `smtps://` TLS from the first byte. The port
/// defaults to 25, 587 and 465.
#[derive(Debug, PartialEq, Eq)]
struct SmtpRelay {
    host: String,
    port: u16,
    credentials: Option<(String, String)>,
    security: SmtpSecurity,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SmtpSecurity {
    Plain,
    StartTls,
    Tls,
}

impl SmtpRelay {
    fn parse(url: &str) -> std::result::Result<SmtpRelay, String> {
        let bad = || {
            format!(
                "RENDA_SMTP_URL 无效：应如 smtps://用户:密码@邮件服务器（TLS，465 端口）、smtp://用户:密码@邮件服务器:587?tls=required（STARTTLS）或 smtp://邮件服务器:25（不加密），实为“{url}”"
            )
        };
        let (security, rest) = if let Some(r) = url.strip_prefix("smtps://") {
            (SmtpSecurity::Tls, r)
        } else {
            let r = url.strip_prefix("smtp://").ok_or_else(bad)?;
            match r.split_once('?') {
                Some((r, "tls=required")) => (SmtpSecurity::StartTls, r),
                Some(_) => return Err(bad()),
                None => (SmtpSecurity::Plain, r),
            }
        };
        let rest = rest.trim_end_matches('/');
        let (credentials, hostport) = match rest.rsplit_once('@') {
            Some((creds, hp)) => {
                let (user, password) = creds.split_once(':').ok_or_else(bad)?;
                (Some((user.to_owned(), password.to_owned())), hp)
            }
            None => (None, rest),
        };
        let default_port = match security {
            SmtpSecurity::Plain => 25,
            SmtpSecurity::StartTls => 587,
            SmtpSecurity::Tls => 465,
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (h, p.parse::<u16>().map_err(|_| bad())?),
            None => (hostport, default_port),
        };
        if host.is_empty() {
            return Err(bad());
        }
        Ok(SmtpRelay { host: host.to_owned(), port, credentials, security })
    }
}

/// TLS towards the relay `host`: the public roots and the intranet CA, if configured.
fn tls_parameters(host: &str, config: &DeliveryConfig) -> std::result::Result<TlsParameters, String> {
    let mut builder = TlsParameters::builder(host.to_owned());
    if let Some(pem) = &config.extra_ca_pem {
        for one in split_pem(pem)? {
            let cert = lettre::transport::smtp::client::Certificate::from_pem(&one)
                .map_err(|e| format!("附加 CA 证书无效：{e}"))?;
            builder = builder.add_root_certificate(cert);
        }
    }
    builder.build_rustls().map_err(|e| format!("无法为邮件服务器 {host} 设置 TLS：{e}"))
}

/// The intranet CA's certificates for the webhook client.
fn extra_roots(config: &DeliveryConfig) -> std::result::Result<Vec<reqwest::Certificate>, String> {
    match &config.extra_ca_pem {
        None => Ok(Vec::new()),
        Some(pem) => reqwest::Certificate::from_pem_bundle(pem).map_err(|e| format!("附加 CA 证书无效：{e}")),
    }
}

/// Each certificate of a PEM bundle on its own (lettre takes one at a time).
fn split_pem(pem: &[u8]) -> std::result::Result<Vec<Vec<u8>>, String> {
    let text = std::str::from_utf8(pem).map_err(|_| "附加 CA 证书不是 PEM 文本".to_owned())?;
    let end = "-----END CERTIFICATE-----";
    let certs: Vec<Vec<u8>> = text
        .split_inclusive(end)
        .filter(|block| block.contains("-----BEGIN CERTIFICATE-----") && block.ends_with(end))
        .map(|block| block.trim_start().as_bytes().to_vec())
        .collect();
    if certs.is_empty() {
        return Err("附加 CA 证书文件中没有证书（应为 PEM 格式，以 -----BEGIN CERTIFICATE----- 开头）".into());
    }
    Ok(certs)
}

/// What the webhook receives.
#[derive(Clone, Debug, Serialize)]
pub struct WebhookMessage<'a> {
    pub phone: &'a str,
    pub text: String,
    pub kind: &'a str,
    pub login: &'a str,
    pub suggestion_id: Option<i64>,
}

/// The channels, built once from the configuration.
pub struct Deliverer {
    smtp: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
    webhook: Option<(reqwest::Client, String)>,
    site: String,
    /// The platform's current name (the one place pages take it from), once the server shares
    /// it with [`Deliverer::with_site`]; until then `site` as given.
    site_handle: Option<crate::SiteHandle>,
}

impl std::fmt::Debug for Deliverer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deliverer")
            .field("smtp", &self.smtp.is_some())
            .field("webhook", &self.webhook.is_some())
            .finish()
    }
}

impl Deliverer {
    /// Checks the configuration; a bad address is an error at start, not at the first message.
    pub fn new(config: &DeliveryConfig, site: &str) -> std::result::Result<Deliverer, String> {
        let smtp = match &config.smtp_url {
            None => None,
            Some(url) => {
                let relay = SmtpRelay::parse(url)?;
                let tls = match relay.security {
                    SmtpSecurity::Plain => Tls::None,
                    SmtpSecurity::StartTls => Tls::Required(tls_parameters(&relay.host, config)?),
                    SmtpSecurity::Tls => Tls::Wrapper(tls_parameters(&relay.host, config)?),
                };
                let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(relay.host)
                    .port(relay.port)
                    .tls(tls)
                    .timeout(Some(Duration::from_secs(20)));
                if let Some((user, password)) = relay.credentials {
                    builder =
                        builder.credentials(lettre::transport::smtp::authentication::Credentials::new(user, password));
                }
                let transport = builder.build();
                let from: Mailbox = config.smtp_from.parse().map_err(|e| format!("RENDA_SMTP_FROM 无效：{e}"))?;
                Some((transport, from))
            }
        };
        let webhook = match &config.webhook_url {
            None => None,
            Some(url) => {
                if !url.starts_with("http://") && !url.starts_with("https://") {
                    return Err("RENDA_WEBHOOK_URL 须以 https:// 或 http:// 开头".into());
                }
                let mut client = reqwest::Client::builder().timeout(Duration::from_secs(10));
                for cert in extra_roots(config)? {
                    client = client.add_root_certificate(cert);
                }
                let client = client.build().map_err(|e| format!("无法创建 HTTP 客户端：{e}"))?;
                Some((client, url.clone()))
            }
        };
        Ok(Deliverer { smtp, webhook, site: site.to_owned(), site_handle: None })
    }

    /// The same deliverer naming the platform as the pages do, edits included.
    pub fn with_site(mut self, handle: crate::SiteHandle) -> Self {
        self.site_handle = Some(handle);
        self
    }

    /// The platform's name for subjects and signatures.
    fn site_name(&self) -> String {
        match &self.site_handle {
            Some(h) => h.read().map(|s| s.name.clone()).unwrap_or_else(|p| p.into_inner().name.clone()),
            None => self.site.clone(),
        }
    }

    /// Sends one notification on every channel that can reach its user. `Ok` when every
    /// channel that applied succeeded (or none applied).
    async fn send(&self, d: &Delivery) -> std::result::Result<(), String> {
        let mut errors = Vec::new();
        if let (Some((transport, from)), Some(email)) = (&self.smtp, d.email.as_deref()) {
            let sent = async {
                let to: Mailbox =
                    format!("{} <{email}>", d.display_name).parse().map_err(|e| format!("收件地址无效：{e}"))?;
                let message = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(format!("【{}】{}", self.site_name(), subject_of(&d.kind)))
                    .header(ContentType::TEXT_PLAIN)
                    .body(format!(
                        "{}：\n\n{}\n\n（本邮件由{}自动发送，请登录平台办理。）\n",
                        d.display_name,
                        d.text,
                        self.site_name()
                    ))
                    .map_err(|e| format!("邮件无法生成：{e}"))?;
                transport.send(message).await.map(|_| ()).map_err(|e| format!("邮件发送失败：{e}"))
            };
            if let Err(e) = sent.await {
                errors.push(e);
            }
        }
        if let (Some((client, url)), Some(phone)) = (&self.webhook, d.phone.as_deref()) {
            let body = WebhookMessage {
                phone,
                text: format!("【{}】{}", self.site_name(), d.text),
                kind: &d.kind,
                login: &d.login,
                suggestion_id: d.suggestion.map(|s| s.0),
            };
            match client.post(url).json(&body).send().await {
                Ok(r) if r.status().is_success() => {}
                Ok(r) => errors.push(format!("短信网关返回 {}", r.status())),
                Err(e) => errors.push(format!("短信网关无法连接：{e}")),
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors.join("；")) }
    }

    /// Whether a text can reach this contact now: a mobile through the webhook, an e-mail
    /// address through SMTP.
    pub fn reaches(&self, to: &Contact) -> bool {
        match to {
            Contact::Mobile(_) => self.webhook.is_some(),
            Contact::Email(_) => self.smtp.is_some(),
        }
    }

    /// Sends one text to one mobile or e-mail address now (not through the inbox): the
    /// verification code of a registration. `kind` names it for the gateway.
    pub async fn send_now(
        &self,
        to: &Contact,
        subject: &str,
        text: &str,
        kind: &str,
    ) -> std::result::Result<(), String> {
        match to {
            Contact::Email(email) => {
                let (transport, from) = self.smtp.as_ref().ok_or("未配置邮件服务")?;
                let to: Mailbox = email.as_str().parse().map_err(|e| format!("收件地址无效：{e}"))?;
                let message = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(format!("【{}】{subject}", self.site_name()))
                    .header(ContentType::TEXT_PLAIN)
                    .body(format!("{text}\n\n（本邮件由{}自动发送，请勿回复。）\n", self.site_name()))
                    .map_err(|e| format!("邮件无法生成：{e}"))?;
                transport.send(message).await.map(|_| ()).map_err(|e| format!("邮件发送失败：{e}"))
            }
            Contact::Mobile(phone) => {
                let (client, url) = self.webhook.as_ref().ok_or("未配置短信网关")?;
                let body = WebhookMessage {
                    phone: phone.as_str(),
                    text: format!("【{}】{text}", self.site_name()),
                    kind,
                    login: phone.as_str(),
                    suggestion_id: None,
                };
                match client.post(url).json(&body).send().await {
                    Ok(r) if r.status().is_success() => Ok(()),
                    Ok(r) => Err(format!("短信网关返回 {}", r.status())),
                    Err(e) => Err(format!("短信网关无法连接：{e}")),
                }
            }
        }
    }

    /// Delivers what is pending; returns how many were delivered.
    pub async fn deliver_pending(&self, store: &Store) -> Result<usize> {
        let mut delivered = 0;
        for d in store.pending_deliveries(100).await? {
            match self.send(&d).await {
                Ok(()) => {
                    store.record_delivery(d.id, None).await?;
                    delivered += 1;
                }
                Err(e) => {
                    tracing::warn!(notification = d.id, error = %e, "delivery failed");
                    store.record_delivery(d.id, Some(&e)).await?;
                }
            }
        }
        Ok(delivered)
    }
}

fn subject_of(kind: &str) -> &'static str {
    match kind {
        "assigned" => "新交办的代表建议",
        "please_rate" => "请评价建议的办理",
        "please_cosign" => "请确认联名",
        "near_due" => "建议答复临近期限",
        "overdue" => "建议答复已逾期",
        "remind" => "建议办理催办",
        "sent_back" => "建议交回重新办理",
        "returned" => "建议未予立案",
        "request" => "承办单位的申请待审核",
        _ => "代表建议办理通知",
    }
}

#[cfg(test)]
mod tests {
    use super::SmtpRelay;

    #[test]
    fn messages_name_the_platform_as_the_pages_do_edits_included() {
        let config = super::DeliveryConfig { smtp_from: "x <x@localhost>".into(), ..Default::default() };
        let d = super::Deliverer::new(&config, "启动时的名称").expect("config");
        assert_eq!(d.site_name(), "启动时的名称");
        let site = crate::Site { name: "某县人大代表工作平台".into(), fixed: false, demo: false };
        let handle: crate::SiteHandle = std::sync::Arc::new(std::sync::RwLock::new(site));
        let d = d.with_site(handle.clone());
        assert_eq!(d.site_name(), "某县人大代表工作平台");
        handle.write().expect("lock").name = "某县人大常委会代表履职平台".into();
        assert_eq!(d.site_name(), "某县人大常委会代表履职平台");
    }

    #[test]
    fn smtp_addresses_are_read_with_and_without_credentials_and_port() {
        use super::SmtpSecurity::{Plain, StartTls, Tls};
        assert_eq!(
            SmtpRelay::parse("smtp://mail.rd.example.cn").expect("plain"),
            SmtpRelay { host: "mail.rd.example.cn".into(), port: 25, credentials: None, security: Plain }
        );
        assert_eq!(
            SmtpRelay::parse("smtp://renda:p@ss:w0rd@10.1.2.3:587").expect("credentials"),
            SmtpRelay {
                host: "10.1.2.3".into(),
                port: 587,
                credentials: Some(("renda".into(), "p@ss:w0rd".into())),
                security: Plain
            }
        );
        assert_eq!(SmtpRelay::parse("smtps://mail.example.cn").expect("tls").port, 465);
        assert_eq!(SmtpRelay::parse("smtps://mail.example.cn").expect("tls").security, Tls);
        let starttls = SmtpRelay::parse("smtp://u:p@mail.example.cn?tls=required").expect("starttls");
        assert_eq!((starttls.port, starttls.security), (587, StartTls));
        for bad in
            ["", "mail.example.cn", "smtp://", "smtp://host:port", "smtp://user@host", "smtp://h?tls=maybe", "smtps://"]
        {
            assert!(SmtpRelay::parse(bad).is_err(), "{bad} accepted");
        }
    }
}
