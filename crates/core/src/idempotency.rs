//! Repeated submissions: the platform's one definition of "the same request again".
//!
//! A request that changes something may arrive twice — a refresh after a form was sent, a Back
//! and send again, a phone that retries on a bad network, an API client that lost the answer.
//! The second must change nothing and get the first one's answer. Two carriers say that two
//! requests are the same:
//!
//! - **API calls** send an `Idempotency-Key` header of their own choosing ([`check_key`]).
//! - **Forms** carry a **form token** ([`form_token`]) rendered into the page: a random nonce, an
//!   expiry and an HMAC under a server secret. It is signed and stateless — nothing is stored when
//!   a page is shown, so a page cached for many anonymous readers can carry one — and it is
//!   checked once, when the form is submitted. Its key is the nonce together with the
//!   [`fingerprint`] of what was typed ([`form_key`]): the same page sent again with the same
//!   content is a repeat; a second, different opinion written on a cached page is not.
//!
//! Keys belong to a [`Scope`]: the user, or the anonymous reader (`crate::reader`), so one
//! person's key never answers another's request. A key is kept [`KEEP_SECONDS`] (24 hours),
//! stored in the same transaction as the write it guards; a repeat within that time returns the
//! original status and body.

use crate::archive::checkin::hmac_sha256;
use crate::{ErrorCode, ValidationError};
use sha2::{Digest, Sha256};

/// How long a key and the answer it guards are kept.
pub const KEEP_SECONDS: i64 = 24 * 60 * 60;

/// How long a form token is honoured after the page was shown. A form submitted later still
/// goes through, without protection against a repeat: what was typed is never refused for age.
pub const FORM_TOKEN_SECONDS: i64 = 24 * 60 * 60;

/// Longest `Idempotency-Key` accepted.
pub const MAX_KEY_LEN: usize = 255;

/// Whose key it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// A logged-in user.
    User(i64),
    /// An anonymous reader, by `crate::reader::anonymous_key`.
    Reader(String),
}

impl Scope {
    /// The stored form: `u{id}` or the reader key (which starts with `a`).
    pub fn as_key(&self) -> String {
        match self {
            Scope::User(id) => crate::reader::user_key(*id),
            Scope::Reader(k) => k.clone(),
        }
    }
}

/// Checks an `Idempotency-Key` header: 1 to 255 visible ASCII characters (a UUID is typical).
pub fn check_key(raw: &str) -> Result<&str, ValidationError> {
    if raw.is_empty() || raw.len() > MAX_KEY_LEN || !raw.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ValidationError::new(
            "Idempotency-Key",
            "Idempotency-Key 须为1至255个可见 ASCII 字符（例如一个 UUID）",
        ));
    }
    Ok(raw)
}

/// The form token for a page shown at `now` (Unix seconds): `{nonce}.{expiry}.{mac}`, the
/// nonce 16 random bytes in hex, the MAC HMAC-SHA256 over `"form:{nonce}:{expiry}"`.
pub fn form_token(secret: &[u8], nonce: [u8; 16], now: i64) -> String {
    let nonce = hex::encode(nonce);
    let expiry = now + FORM_TOKEN_SECONDS;
    format!("{nonce}.{expiry}.{}", form_mac(secret, &nonce, expiry))
}

fn form_mac(secret: &[u8], nonce: &str, expiry: i64) -> String {
    hex::encode(hmac_sha256(secret, format!("form:{nonce}:{expiry}").as_bytes()))
}

/// The nonce of a genuine, unexpired form token; `None` for anything else (forged, altered,
/// expired or malformed), which then simply guards nothing.
pub fn verify_form_token<'a>(secret: &[u8], token: &'a str, now: i64) -> Option<&'a str> {
    let mut parts = token.split('.');
    let (nonce, expiry, mac) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || nonce.len() != 32 || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let expiry: i64 = expiry.parse().ok()?;
    if expiry < now {
        return None;
    }
    let expected = form_mac(secret, nonce, expiry);
    // Constant time: the comparison must not tell how much of a forged MAC was right.
    let same = expected.len() == mac.len() && expected.bytes().zip(mac.bytes()).fold(0u8, |d, (a, b)| d | (a ^ b)) == 0;
    same.then_some(nonce)
}

/// What a request asked for, to tell a repeat from a different request under the same key:
/// SHA-256 over the method, the path and the fields (name and value, in order, each
/// length-prefixed so no two lists collide). Fields whose name starts with `_` (the CSRF and
/// form tokens) are left out.
pub fn fingerprint<'a>(method: &str, path: &str, fields: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut h = Sha256::new();
    for part in [method.as_bytes(), path.as_bytes()] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    for (name, value) in fields.into_iter().filter(|(n, _)| !n.starts_with('_')) {
        h.update((name.len() as u64).to_be_bytes());
        h.update(name.as_bytes());
        h.update((value.len() as u64).to_be_bytes());
        h.update(value);
    }
    hex::encode(h.finalize())
}

/// The key a form submission is kept under: its token's nonce and what was typed.
pub fn form_key(nonce: &str, fingerprint: &str) -> String {
    format!("form:{nonce}:{fingerprint}")
}

/// Whether a key made at `created` (Unix seconds) still answers at `now`.
pub fn is_live(created: i64, now: i64) -> bool {
    now - created < KEEP_SECONDS
}

/// What a repeat gets while the first request is still being answered (its write committed, its
/// answer not yet kept), or when an API key comes back with a different request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeat {
    /// The first is still in progress.
    InProgress,
    /// The key was used for a different request.
    Mismatch,
}

impl Repeat {
    pub fn code(self) -> ErrorCode {
        match self {
            Repeat::InProgress => ErrorCode::RequestInProgress,
            Repeat::Mismatch => ErrorCode::IdempotencyKeyReused,
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Repeat::InProgress => "同一请求已经提交，正在处理。请稍后刷新页面查看结果，不要重复提交。",
            Repeat::Mismatch => "这个 Idempotency-Key 已用于另一个内容不同的请求，请为新的请求使用新的 Key。",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
    const NOW: i64 = 1_796_000_000;

    #[test]
    fn a_form_token_verifies_until_it_expires() {
        let t = form_token(SECRET, [7; 16], NOW);
        assert_eq!(verify_form_token(SECRET, &t, NOW), Some("07070707070707070707070707070707"));
        assert!(verify_form_token(SECRET, &t, NOW + FORM_TOKEN_SECONDS).is_some());
        assert_eq!(verify_form_token(SECRET, &t, NOW + FORM_TOKEN_SECONDS + 1), None);
    }

    #[test]
    fn an_altered_or_foreign_token_guards_nothing() {
        let t = form_token(SECRET, [7; 16], NOW);
        assert_eq!(verify_form_token(b"another secret", &t, NOW), None);
        let later =
            t.replacen(&(NOW + FORM_TOKEN_SECONDS).to_string(), &(NOW + 10 * FORM_TOKEN_SECONDS).to_string(), 1);
        assert_eq!(verify_form_token(SECRET, &later, NOW), None);
        let other_nonce = format!("08{}", &t[2..]);
        assert_eq!(verify_form_token(SECRET, &other_nonce, NOW), None);
        for bad in ["", "a.b.c", "..", &format!("{t}.x")] {
            assert_eq!(verify_form_token(SECRET, bad, NOW), None, "{bad}");
        }
    }

    #[test]
    fn the_fingerprint_ignores_tokens_and_tells_contents_apart() {
        let a = fingerprint("POST", "/x", [("_csrf", &b"1"[..]), ("title", b"t"), ("_form", b"f")]);
        let b = fingerprint("POST", "/x", [("_csrf", &b"2"[..]), ("title", b"t")]);
        assert_eq!(a, b);
        assert_ne!(a, fingerprint("POST", "/x", [("title", &b"u"[..])]));
        assert_ne!(a, fingerprint("POST", "/y", [("title", &b"t"[..])]));
        // Length prefixes: moving a byte from a name to a value changes the fingerprint.
        assert_ne!(fingerprint("POST", "/x", [("ab", &b"c"[..])]), fingerprint("POST", "/x", [("a", &b"bc"[..])]));
    }

    #[test]
    fn keys_are_visible_ascii_of_bounded_length() {
        assert!(check_key("3f1c2b9e-6d7a-4e8f-9a0b-1c2d3e4f5a6b").is_ok());
        for bad in ["", "有中文", "a b", "tab\t", &"k".repeat(256)] {
            assert!(check_key(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn keys_live_a_day() {
        assert!(is_live(NOW, NOW + KEEP_SECONDS - 1));
        assert!(!is_live(NOW, NOW + KEEP_SECONDS));
    }

    #[test]
    fn scopes_keep_users_and_readers_apart() {
        assert_eq!(Scope::User(3).as_key(), "u3");
        assert_eq!(Scope::Reader("a00ff".into()).as_key(), "a00ff");
    }
}
