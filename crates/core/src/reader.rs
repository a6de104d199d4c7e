//! Who a reader is, for counters that count once per reader (views of a day, likes).
//!
//! A logged-in user is their account. Anyone else is the **anonymous reader key**: a keyed hash
//! of the address and the browser's user agent under a server secret, with a key that changes
//! every (Beijing) day. It is the same for every request of one browser on one address on one
//! day, whatever cookies the client sends or drops — so a script without cookies counts once,
//! not once a request — and it is never the address or the user agent themselves: neither is
//! stored, and yesterday's keys cannot be linked to today's.

use crate::scoring::checkin::hmac_sha256;
use jiff::civil::Date;

/// The key of a logged-in user.
pub fn user_key(user: i64) -> String {
    format!("u{user}")
}

/// The key of an anonymous reader on `day`. See the module documentation.
pub fn anonymous_key(secret: &[u8], day: Date, address: &str, user_agent: &str) -> String {
    let day_key = hmac_sha256(secret, format!("renda-reader-key:{day}").as_bytes());
    let mac = hmac_sha256(&day_key, format!("{address}\n{user_agent}").as_bytes());
    format!("a{}", &hex::encode(mac)[..32])
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
    fn the_key_holds_neither_the_address_nor_the_user_agent() {
        let a = anonymous_key(SECRET, date(2026, 12, 3), "203.0.113.7", "Mozilla");
        assert!(!a.contains("203") && !a.contains("Mozilla"));
        assert_eq!(a.len(), 33);
        assert_ne!(a, user_key(7));
    }
}
