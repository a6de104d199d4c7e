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
use renda_core::ids::UserId;
use renda_core::register::{
    self, CAPTCHA_SECONDS, CODE_SECONDS, CodeCheck, Contact, StoredCode, captcha_answer, check_code, code_hash,
};
use renda_core::value::{Login, NewPassword};
use sha2::{Digest, Sha256};

/// The name of the server secret captchas and codes are keyed with.
pub const REGISTER_SECRET: &str = "register";

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
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
        Ok(register::check_captcha(found > 0, answer, &right)?)
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
        register::check_contact_free(self.user_by_login(contact.as_str()).await?.is_some())?;
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
        register::check_send(&to_contact, &from_address, now)?;
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
        let display = register::display_name(display_name)?;
        let latest: Option<(i64, String, i64, i64)> = sqlx::query_as(
            "SELECT id, code_hash, expires_unix, tries FROM register_codes
             WHERE contact = $1 AND used_unix IS NULL ORDER BY created_unix DESC, id DESC LIMIT 1",
        )
        .bind(contact.as_str())
        .fetch_optional(self.pool())
        .await?;
        // The row's id is used only when a code was found (accepted or tried wrong).
        let id = latest.as_ref().map_or(0, |l| l.0);
        let stored = match latest {
            Some((_, expected, expires, tries)) => {
                let secret = self.server_secret(REGISTER_SECRET).await?;
                let matches = code_hash(&secret, contact.as_str(), code.trim()) == expected;
                Some(StoredCode { expires, tries, matches })
            }
            None => None,
        };
        match check_code(stored, now) {
            CodeCheck::Accept => {}
            CodeCheck::Refuse(e) => return Err(e.into()),
            CodeCheck::WrongTry(e) => {
                sqlx::query("UPDATE register_codes SET tries = tries + 1 WHERE id = $1")
                    .bind(id)
                    .execute(self.writer())
                    .await?;
                return Err(e.into());
            }
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
            return Err(register::code_gone().into());
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
                StoreError::Invalid(register::contact_taken())
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
