//! Self-registration of the public (公众): who may register with what, the captcha's answer,
//! the verification code's hash and the limits on sending codes. No I/O: the store keeps the
//! rows, the web draws the captcha and sends the code.

use crate::ValidationError;
use crate::archive::checkin::hmac_sha256;
use crate::value::{Email, Phone};

/// A captcha is answered within this many seconds of being drawn.
pub const CAPTCHA_SECONDS: i64 = 600;
/// A verification code is valid this long…
pub const CODE_SECONDS: i64 = 600;
/// …and for this many tries.
pub const CODE_TRIES: i64 = 5;
/// Codes sent to one mobile or address: one a minute, five an hour.
pub const CODES_PER_HOUR: usize = 5;
pub const CODE_INTERVAL_SECONDS: i64 = 60;
/// Codes requested from one network address in an hour (many contacts from one place).
pub const CODES_PER_ADDRESS_HOUR: usize = 10;

/// Where the code goes, and the account's login: a mobile number or an e-mail address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Contact {
    Mobile(Phone),
    Email(Email),
}

impl Contact {
    /// A mobile number (11 digits) or an e-mail address; a landline cannot receive a code.
    pub fn parse(raw: &str) -> Result<Contact, ValidationError> {
        let raw = raw.trim();
        let err = || ValidationError::new("contact", "请填写11位手机号码或电子邮箱地址");
        if raw.contains('@') {
            let email = Email::parse(&raw.to_ascii_lowercase()).map_err(|_| err())?;
            if email.as_str().len() > 64 {
                return Err(ValidationError::new("contact", "电子邮箱地址过长（不超过64个字符）"));
            }
            return Ok(Contact::Email(email));
        }
        let phone = Phone::parse(raw).map_err(|_| err())?;
        if phone.as_str().len() != 11 || !phone.as_str().starts_with('1') {
            return Err(err());
        }
        Ok(Contact::Mobile(phone))
    }

    /// The account's login and the key codes are counted under.
    pub fn as_str(&self) -> &str {
        match self {
            Contact::Mobile(p) => p.as_str(),
            Contact::Email(e) => e.as_str(),
        }
    }

    pub fn is_mobile(&self) -> bool {
        matches!(self, Contact::Mobile(_))
    }
}

/// The captcha's four digits, derived from its random token under the server's secret: the
/// answer is never stored, and nobody without the secret can compute it.
pub fn captcha_answer(secret: &[u8], token: &str) -> String {
    let mac = hmac_sha256(secret, format!("renda-captcha:{token}").as_bytes());
    let n = u32::from_be_bytes([mac[0], mac[1], mac[2], mac[3]]) % 10_000;
    format!("{n:04}")
}

/// What the store keeps of a verification code: its MAC, bound to the contact.
pub fn code_hash(secret: &[u8], contact: &str, code: &str) -> String {
    let mac = hmac_sha256(secret, format!("renda-register-code:{contact}\n{code}").as_bytes());
    mac.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether another code may be sent now, given when earlier codes went to this contact and
/// from this address (seconds since the epoch). `Err` holds the seconds to wait.
pub fn may_send_code(to_contact: &[i64], from_address: &[i64], now: i64) -> Result<(), i64> {
    let within = |times: &[i64], window: i64| times.iter().filter(|t| **t > now - window).count();
    if let Some(last) = to_contact.iter().max()
        && *last > now - CODE_INTERVAL_SECONDS
    {
        return Err(last + CODE_INTERVAL_SECONDS - now);
    }
    let oldest_in_hour = |times: &[i64]| times.iter().filter(|t| **t > now - 3600).min().copied();
    if within(to_contact, 3600) >= CODES_PER_HOUR {
        return Err(oldest_in_hour(to_contact).map_or(3600, |t| t + 3600 - now).max(1));
    }
    if within(from_address, 3600) >= CODES_PER_ADDRESS_HOUR {
        return Err(oldest_in_hour(from_address).map_or(3600, |t| t + 3600 - now).max(1));
    }
    Ok(())
}

/// The sentence for a refused code request.
pub fn wait_message(seconds: i64) -> String {
    if seconds < 120 {
        format!("发送验证码过于频繁，请{seconds}秒后再试。")
    } else {
        format!("发送验证码次数过多，请{}分钟后再试。", (seconds + 59) / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_and_emails_register_and_landlines_do_not() {
        assert_eq!(Contact::parse(" 138 0013 8000 ").expect("mobile").as_str(), "13800138000");
        assert_eq!(Contact::parse("Li.Ming@Example.CN").expect("email").as_str(), "li.ming@example.cn");
        for bad in ["", "010-12345678", "12345", "a@b", "li ming@example.cn"] {
            assert!(Contact::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn the_captcha_answer_needs_the_secret() {
        let a = captcha_answer(b"one", "token");
        assert_eq!(a.len(), 4);
        assert!(a.chars().all(|c| c.is_ascii_digit()));
        assert_eq!(a, captcha_answer(b"one", "token"));
        let others: Vec<_> = (0..20).map(|i| captcha_answer(format!("k{i}").as_bytes(), "token")).collect();
        assert!(others.iter().any(|o| *o != a), "the answer depends on the secret");
        assert_ne!(code_hash(b"s", "13800138000", "123456"), code_hash(b"s", "13800138001", "123456"));
    }

    #[test]
    fn one_code_a_minute_and_five_an_hour_per_contact_ten_per_address() {
        let now = 100_000;
        assert_eq!(may_send_code(&[], &[], now), Ok(()));
        assert_eq!(may_send_code(&[now - 20], &[], now), Err(40));
        assert_eq!(may_send_code(&[now - 61], &[], now), Ok(()));
        let five: Vec<i64> = (1..=5).map(|i| now - 600 * i).collect();
        assert_eq!(may_send_code(&five, &[], now), Err(600));
        let ten: Vec<i64> = (1..=10).map(|i| now - 100 * i).collect();
        assert_eq!(may_send_code(&[], &ten, now), Err(2600));
        assert!(wait_message(40).contains("40秒"));
        assert!(wait_message(600).contains("10分钟"));
    }
}
