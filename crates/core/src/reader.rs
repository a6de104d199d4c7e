//! Who a reader is, for counters that count once per reader (views of a day, likes).
//!
//! A logged-in user is their account. Anyone else is the **anonymous reader key**: a keyed hash
//! of the address and the browser's user agent under a server secret, with a key that changes
//! every (Beijing) day. It is the same for every request of one browser on one address on one
//! day, whatever cookies the client sends or drops — so a script without cookies counts once,
//! not once a request — and it is never the address or the user agent themselves: neither is
//! stored, and yesterday's keys cannot be linked to today's.

use crate::archive::checkin::hmac_sha256;
use jiff::civil::Date;
use sha2::{Digest, Sha256};

/// The key of a logged-in user.
pub fn user_key(user: i64) -> String {
    format!("u{user}")
}

/// The key of an anonymous reader on `day`. See the module documentation.
pub fn anonymous_key(secret: &[u8], day: Date, address: &str, user_agent: &str) -> String {
    DayKey::new(secret, day).anonymous_key(address, user_agent)
}

/// The day's part of the anonymous reader key, made once a day and kept by a server: the
/// keyed hash (HMAC-SHA256) under that day's key with its two padded key blocks already
/// hashed, so a request hashes only its address and user agent.
#[derive(Clone)]
pub struct DayKey {
    day: Date,
    inner: Sha256,
    outer: Sha256,
}

impl DayKey {
    pub fn new(secret: &[u8], day: Date) -> DayKey {
        let key = hmac_sha256(secret, format!("renda-reader-key:{day}").as_bytes());
        let mut block = [0u8; 64];
        block[..32].copy_from_slice(&key);
        let mut inner = Sha256::new();
        inner.update(block.map(|b| b ^ 0x36));
        let mut outer = Sha256::new();
        outer.update(block.map(|b| b ^ 0x5c));
        DayKey { day, inner, outer }
    }

    /// The day this key is for.
    pub fn day(&self) -> Date {
        self.day
    }

    /// The key of the reader at `address` with `user_agent` on this day.
    pub fn anonymous_key(&self, address: &str, user_agent: &str) -> String {
        let mut inner = self.inner.clone();
        inner.update(address.as_bytes());
        inner.update(b"\n");
        inner.update(user_agent.as_bytes());
        let mut outer = self.outer.clone();
        outer.update(inner.finalize());
        let mac = outer.finalize();
        format!("a{}", hex::encode(&mac[..16]))
    }
}

impl std::fmt::Debug for DayKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DayKey").field("day", &self.day).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn one_browser_on_one_address_is_one_reader_for_the_day() {
        let day = date(2026, 12, 3);
        let a = anonymous_key(SECRET, day, "203.0.113.7", "Mozilla/5.0");
        assert_eq!(a, anonymous_key(SECRET, day, "203.0.113.7", "Mozilla/5.0"));
        assert_ne!(a, anonymous_key(SECRET, day, "203.0.113.8", "Mozilla/5.0"));
        assert_ne!(a, anonymous_key(SECRET, day, "203.0.113.7", "curl/8.0"));
    }

    #[test]
    fn the_key_changes_every_day_and_with_the_secret() {
        let a = anonymous_key(SECRET, date(2026, 12, 3), "203.0.113.7", "UA");
        assert_ne!(a, anonymous_key(SECRET, date(2026, 12, 4), "203.0.113.7", "UA"));
        assert_ne!(a, anonymous_key(b"another secret", date(2026, 12, 3), "203.0.113.7", "UA"));
    }

    #[test]
    fn a_kept_day_key_gives_the_keyed_hash_of_address_and_agent() {
        let day = date(2026, 12, 3);
        let kept = DayKey::new(SECRET, day);
        assert_eq!(kept.day(), day);
        // The same as HMAC-SHA256 computed from scratch under the day's key.
        let day_key = hmac_sha256(SECRET, b"renda-reader-key:2026-12-03");
        let mac = hmac_sha256(&day_key, b"203.0.113.7\nMozilla/5.0");
        assert_eq!(kept.anonymous_key("203.0.113.7", "Mozilla/5.0"), format!("a{}", &hex::encode(mac)[..32]));
        assert_eq!(
            kept.anonymous_key("203.0.113.7", "Mozilla/5.0"),
            anonymous_key(SECRET, day, "203.0.113.7", "Mozilla/5.0")
        );
    }

    #[test]
    fn the_key_holds_neither_the_address_nor_the_user_agent() {
        let a = anonymous_key(SECRET, date(2026, 12, 3), "203.0.113.7", "Mozilla");
        assert!(!a.contains("203") && !a.contains("Mozilla"));
        assert_eq!(a.len(), 33);
        assert_ne!(a, user_key(7));
    }
}
