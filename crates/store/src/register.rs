//! Self-registration of the public (公众): captchas, verification codes and the new account.
//!
//! A captcha is a random token whose SHA-256 is kept with its expiry; its four digits are derived
//! from the token under the server secret `register` ([`renda_core::register::captcha_answer`]),
//! so the answer is stored nowhere. A captcha is deleted when it is checked: one try each. A
//! verification code is kept as its MAC under the same secret, valid ten minutes and five tries,
//! used once. The rows of sent codes are what the per-contact and per-address limits count.

use crate::audit::Chain;
use crate::users::{User, hash_password, random_token};
use crate::{Result, Store, StoreError};
use rand::Rng;
use renda_core::ErrorCode;
use renda_core::ValidationError;
use renda_core::ids::UserId;
use renda_core::register::{
    CAPTCHA_SECONDS, CODE_SECONDS, CODE_TRIES, Contact, captcha_answer, code_hash, may_send_code, wait_message,
};
use renda_core::suggestion::Refusal;
use renda_core::value::{Login, NewPassword, PersonName};
use sha2::{Digest, Sha256};

/// The name of the server secret captchas and codes are keyed with.
pub const REGISTER_SECRET: &str = "register";

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn refuse(code: ErrorCode, message: impl Into<String>) -> StoreError {
    StoreError::Refused(Refusal::new(code, message))
}

impl Store {
    /// A new captcha's token (the web draws its digits from [`Store::captcha_digits`]).
    pub async fn new_captcha(&self, now: i64) -> Result<String> {
        let token = random_token();
        sqlx::query("DELETE FROM register_challenges WHERE expires_unix < $1").bind(now).execute(self.writer()).await?;
        sqlx::query("INSERT INTO register_challenges (token_hash, created_unix, expires_unix) VALUES ($1, $2, $3)")
            .bind(hash(&token))
            .bind(now)
            .bind(now + CAPTCHA_SECONDS)
            .execute(self.writer())
            .await?;
        Ok(token)
    }

    /// The digits a captcha shows, or `None` when its token is unknown or expired.
    pub async fn captcha_digits(&self, token: &str, now: i64) -> Result<Option<String>> {
        let live: Option<i64> = sqlx::query_scalar(
            "SELECT expires_unix FROM register_challenges WHERE token_hash = $1 AND expires_unix >= $2",
        )
        .bind(hash(token))
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        match live {
            Some(_) => Ok(Some(captcha_answer(&self.server_secret(REGISTER_SECRET).await?, token))),
            None => Ok(None),
        }
    }

    /// Checks a captcha's answer once: the captcha is gone afterwards, right or wrong.
    async fn take_captcha(&self, token: &str, answer: &str, now: i64) -> Result<()> {
        let found = sqlx::query("DELETE FROM register_challenges WHERE token_hash = $1 AND expires_unix >= $2")
            .bind(hash(token))
            .bind(now)
            .execute(self.writer())
            .await?
            .rows_affected();
        let right = captcha_answer(&self.server_secret(REGISTER_SECRET).await?, token);
        if found == 0 || answer.trim() != right {
            return Err(ValidationError::new("captcha", "图形验证码不正确或已过期，请看新的图片重新填写").into());
        }
        Ok(())
    }

    /// Checks the captcha and the limits, and keeps a new 6-digit code for `contact`; returns
    /// the code for the caller to send. Refused (429) when the contact or the address asked
    /// too often; refused when the contact already has an account.
    pub async fn issue_register_code(
        &self,
        contact: &Contact,
        captcha_token: &str,
        captcha: &str,
        address: &str,
        now: i64,
    ) -> Result<String> {
        self.take_captcha(captcha_token, captcha, now).await?;
        if self.user_by_login(contact.as_str()).await?.is_some() {
            return Err(ValidationError::new("contact", "该手机号或邮箱已注册，请直接登录").into());
        }
        let to_contact: Vec<i64> =
            sqlx::query_scalar("SELECT created_unix FROM register_codes WHERE contact = $1 AND created_unix > $2")
                .bind(contact.as_str())
                .bind(now - 3600)
                .fetch_all(self.pool())
                .await?;
        let from_address: Vec<i64> =
            sqlx::query_scalar("SELECT created_unix FROM register_codes WHERE address = $1 AND created_unix > $2")
                .bind(address)
                .bind(now - 3600)
                .fetch_all(self.pool())
                .await?;
        if let Err(seconds) = may_send_code(&to_contact, &from_address, now) {
            return Err(refuse(ErrorCode::TooManyAttempts, wait_message(seconds)));
        }
        let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
        let secret = self.server_secret(REGISTER_SECRET).await?;
        sqlx::query("DELETE FROM register_codes WHERE created_unix < $1")
            .bind(now - 86_400)
            .execute(self.writer())
            .await?;
        sqlx::query(
            "INSERT INTO register_codes (contact, code_hash, address, created_unix, expires_unix, tries)
             VALUES ($1, $2, $3, $4, $5, 0)",
        )
        .bind(contact.as_str())
        .bind(code_hash(&secret, contact.as_str(), &code))
        .bind(address)
        .bind(now)
        .bind(now + CODE_SECONDS)
        .execute(self.writer())
        .await?;
        Ok(code)
    }

    /// Creates a 公众 account whose login is the contact, once its latest code is right (within
    /// ten minutes and five tries; each wrong try counts, the right one uses the code up).
    pub async fn register_public(
        &self,
        contact: &Contact,
        code: &str,
        display_name: &str,
        password: &NewPassword,
        now: i64,
    ) -> Result<User> {
        let display =
            PersonName::parse(display_name).map_err(|_| ValidationError::new("display_name", "称呼须为1至30个字"))?;
        let latest: Option<(i64, String, i64, i64)> = sqlx::query_as(
            "SELECT id, code_hash, expires_unix, tries FROM register_codes
             WHERE contact = $1 AND used_unix IS NULL ORDER BY created_unix DESC, id DESC LIMIT 1",
        )
        .bind(contact.as_str())
        .fetch_optional(self.pool())
        .await?;
        let again = "验证码已失效，请重新获取";
        let Some((id, expected, expires, tries)) = latest else {
            return Err(ValidationError::new("code", again).into());
        };
        if expires < now || tries >= CODE_TRIES {
            return Err(ValidationError::new("code", again).into());
        }
        let secret = self.server_secret(REGISTER_SECRET).await?;
        if code_hash(&secret, contact.as_str(), code.trim()) != expected {
            sqlx::query("UPDATE register_codes SET tries = tries + 1 WHERE id = $1")
                .bind(id)
                .execute(self.writer())
                .await?;
            let left = CODE_TRIES - tries - 1;
            let message = if left > 0 {
                format!("验证码不正确，还可尝试{left}次")
            } else {
                "验证码不正确，请重新获取".into()
            };
            return Err(ValidationError::new("code", message).into());
        }
        let login = Login::parse(contact.as_str())?;
        let password = password.clone();
        let hash_ = self.hashing.run(move || hash_password(&password)).await??;
        let mut w = self.begin_write(Chain::for_congress(None), None).await?;
        // Used once: a second request with the same code finds it gone.
        let used = sqlx::query("UPDATE register_codes SET used_unix = $2 WHERE id = $1 AND used_unix IS NULL")
            .bind(id)
            .bind(now)
            .execute(w.conn())
            .await?
            .rows_affected();
        if used == 0 {
            return Err(ValidationError::new("code", again).into());
        }
        let (email, phone) = match contact {
            Contact::Email(e) => (Some(e.as_str()), None),
            Contact::Mobile(p) => (None, Some(p.as_str())),
        };
        let user: i64 = sqlx::query_scalar(
            "INSERT INTO users (login, display_name, password_hash, role, scope_org_id, person_id, active, created_at, email, phone)
             VALUES ($1, $2, $3, 'public', NULL, NULL, 1, $4, $5, $6) RETURNING id",
        )
        .bind(login.as_str())
        .bind(display.as_str())
        .bind(&hash_)
        .bind(self.now_text())
        .bind(email)
        .bind(phone)
        .fetch_one(w.conn())
        .await
        .map_err(|e| {
            if e.as_database_error().is_some_and(|d| d.is_unique_violation()) {
                StoreError::Invalid(ValidationError::new("contact", "该手机号或邮箱已注册，请直接登录"))
            } else {
                StoreError::Db(e)
            }
        })?;
        let view = serde_json::json!({
            "login": login.as_str(), "display_name": display.as_str(), "role": "public", "via": if contact.is_mobile() { "sms" } else { "email" },
        });
        w.record("user.register", "user", user, None::<&()>, Some(&view)).await?;
        w.commit().await?;
        self.user_unchecked(UserId(user)).await
    }
}
