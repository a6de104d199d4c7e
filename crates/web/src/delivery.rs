//! Delivering notifications outside the platform, when configured: by e-mail through an SMTP
//! relay, and by webhook — a JSON POST that an SMS gateway (or any other system) turns into a
//! text message. Both are off unless their address is set (`RENDA_SMTP_URL`,
//! `RENDA_WEBHOOK_URL`). Every notification stays in the in-app inbox either way; delivery is
//! tried up to five times, and each failure is recorded on the notification.
//!
//! Plain SMTP only for now (an intranet relay on port 25 or 587 without TLS), and plain HTTP
//! webhooks: the binary carries no TLS library yet.

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use renda_store::notifications::Delivery;
use renda_store::{Result, Store};
use serde::Serialize;
use std::time::Duration;

/// Where to deliver. `None` turns a channel off.
#[derive(Clone, Debug, Default)]
pub struct DeliveryConfig {
    /// `smtp://host:port` or `smtp://user:password@host:port`.
    pub smtp_url: Option<String>,
    /// The sender, e.g. `示范市人大代表工作平台 <renda@example.gov.cn>`.
    pub smtp_from: String,
    /// `http://host:port/path`, receiving [`WebhookMessage`] as JSON.
    pub webhook_url: Option<String>,
}

impl DeliveryConfig {
    pub fn is_on(&self) -> bool {
        self.smtp_url.is_some() || self.webhook_url.is_some()
    }
}

/// `smtp://[user:password@]host[:port]`, read by hand: lettre parses URLs only when built with
/// TLS. The port defaults to 25.
#[derive(Debug, PartialEq, Eq)]
struct SmtpRelay {
    host: String,
    port: u16,
    credentials: Option<(String, String)>,
}

impl SmtpRelay {
    fn parse(url: &str) -> std::result::Result<SmtpRelay, String> {
        let bad = || format!("RENDA_SMTP_URL 无效：应如 smtp://用户:密码@邮件服务器:25，实为“{url}”");
        let rest = url.strip_prefix("smtp://").ok_or_else(bad)?.trim_end_matches('/');
        let (credentials, hostport) = match rest.rsplit_once('@') {
            Some((creds, hp)) => {
                let (user, password) = creds.split_once(':').ok_or_else(bad)?;
                (Some((user.to_owned(), password.to_owned())), hp)
            }
            None => (None, rest),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (h, p.parse::<u16>().map_err(|_| bad())?),
            None => (hostport, 25),
        };
        if host.is_empty() {
            return Err(bad());
        }
        Ok(SmtpRelay { host: host.to_owned(), port, credentials })
    }
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
                let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(relay.host)
                    .port(relay.port)
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
                if !url.starts_with("http://") {
                    return Err("RENDA_WEBHOOK_URL 须以 http:// 开头（暂不支持 https）".into());
                }
                let client = reqwest::Client::builder()
                    .timeout(Duration::from_secs(10))
                    .build()
                    .map_err(|e| format!("无法创建 HTTP 客户端：{e}"))?;
                Some((client, url.clone()))
            }
        };
        Ok(Deliverer { smtp, webhook, site: site.to_owned() })
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
                    .subject(format!("【{}】{}", self.site, subject_of(&d.kind)))
                    .header(ContentType::TEXT_PLAIN)
                    .body(format!(
                        "{}：\n\n{}\n\n（本邮件由{}自动发送，请登录平台办理。）\n",
                        d.display_name, d.text, self.site
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
                text: format!("【{}】{}", self.site, d.text),
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
    fn smtp_addresses_are_read_with_and_without_credentials_and_port() {
        assert_eq!(
            SmtpRelay::parse("smtp://mail.rd.example.cn").expect("plain"),
            SmtpRelay { host: "mail.rd.example.cn".into(), port: 25, credentials: None }
        );
        assert_eq!(
            SmtpRelay::parse("smtp://renda:p@ss:w0rd@10.1.2.3:587").expect("credentials"),
            SmtpRelay { host: "10.1.2.3".into(), port: 587, credentials: Some(("renda".into(), "p@ss:w0rd".into())) }
        );
        for bad in ["", "mail.example.cn", "smtps://mail.example.cn", "smtp://", "smtp://host:port", "smtp://user@host"]
        {
            assert!(SmtpRelay::parse(bad).is_err(), "{bad} accepted");
        }
    }
}
