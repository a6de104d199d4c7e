//! Self-registration of the public (公众): who may register with what, the captcha's answer,
//! the verification code's hash and the limits on sending codes. No I/O: the store keeps the
//! rows, the web draws the captcha and sends the code.

use crate::ValidationError;
use crate::archive::checkin::hmac_sha256;
use crate::error::{ErrorCode, Refusal};
use crate::value::{Email, PersonName, Phone};

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

/// Whether another code may be sent now ([`may_send_code`]), refused with the time to wait.
pub fn check_send(to_contact: &[i64], from_address: &[i64], now: i64) -> Result<(), Refusal> {
    may_send_code(to_contact, from_address, now)
        .map_err(|seconds| Refusal::new(ErrorCode::TooManyAttempts, wait_message(seconds)))
}

/// A captcha is answered once: `found` says whether its token was live (it is gone now), `right`
/// is its answer.
pub fn check_captcha(found: bool, typed: &str, right: &str) -> Result<(), ValidationError> {
    if !found || typed.trim() != right {
        return Err(ValidationError::new("captcha", "图形验证码不正确或已过期，请看新的图片重新填写"));
    }
    Ok(())
}

/// A contact registers once: `registered` says whether an account has it as its login.
pub fn check_contact_free(registered: bool) -> Result<(), ValidationError> {
    if registered { Err(contact_taken()) } else { Ok(()) }
}

/// The contact already has an account.
pub fn contact_taken() -> ValidationError {
    ValidationError::new("contact", "该手机号或邮箱已注册，请直接登录")
}

/// The name a new account is greeted by.
pub fn display_name(raw: &str) -> Result<PersonName, ValidationError> {
    PersonName::parse(raw).map_err(|_| ValidationError::new("display_name", "称呼须为1至30个字"))
}

/// What the store read of the latest unused code sent to a contact: when it expires, how many
/// wrong tries it had, and whether the code typed is it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredCode {
    pub expires: i64,
    pub tries: i64,
    pub matches: bool,
}

/// What to do with a code typed to register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeCheck {
    /// Right and live: use it up and create the account.
    Accept,
    /// Wrong: count the try, then refuse with this.
    WrongTry(ValidationError),
    /// No live code (none sent, expired, or its tries used up): refuse, counting nothing.
    Refuse(ValidationError),
}

/// The code typed against the latest one sent (`None`: none is unused), at `now`: a code is
/// live [`CODE_SECONDS`] and [`CODE_TRIES`] wrong tries.
pub fn check_code(stored: Option<StoredCode>, now: i64) -> CodeCheck {
    let Some(code) = stored else { return CodeCheck::Refuse(code_gone()) };
    if code.expires < now || code.tries >= CODE_TRIES {
        return CodeCheck::Refuse(code_gone());
    }
    if code.matches {
        return CodeCheck::Accept;
    }
    let left = CODE_TRIES - code.tries - 1;
    let message = if left > 0 {
        format!("验证码不正确，还可尝试{left}次")
    } else {
        "验证码不正确，请重新获取".into()
    };
    CodeCheck::WrongTry(ValidationError::new("code", message))
}

/// The code is gone: expired, tried out, or used up (also by a request that won the race).
pub fn code_gone() -> ValidationError {
    ValidationError::new("code", "验证码已失效，请重新获取")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_live_ten_minutes_and_five_wrong_tries() {
        let now = 50_000;
        let code = |expires, tries, matches| Some(StoredCode { expires, tries, matches });
        assert_eq!(check_code(code(now + 1, 0, true), now), CodeCheck::Accept);
        assert_eq!(check_code(code(now, 4, true), now), CodeCheck::Accept);
        assert_eq!(check_code(None, now), CodeCheck::Refuse(code_gone()));
        assert_eq!(check_code(code(now - 1, 0, true), now), CodeCheck::Refuse(code_gone()));
        assert_eq!(check_code(code(now + 1, CODE_TRIES, true), now), CodeCheck::Refuse(code_gone()));
        assert_eq!(code_gone().message, "验证码已失效，请重新获取");
        assert_eq!(
            check_code(code(now + 1, 0, false), now),
            CodeCheck::WrongTry(ValidationError::new("code", "验证码不正确，还可尝试4次"))
        );
        assert_eq!(
            check_code(code(now + 1, CODE_TRIES - 1, false), now),
            CodeCheck::WrongTry(ValidationError::new("code", "验证码不正确，请重新获取"))
        );
        // An expired code is gone even when the wrong code is typed: no try is counted.
        assert_eq!(check_code(code(now - 1, 0, false), now), CodeCheck::Refuse(code_gone()));
    }

    #[test]
    fn captchas_contacts_and_names() {
        assert!(check_captcha(true, " 0427 ", "0427").is_ok());
        assert_eq!(check_captcha(true, "0428", "0427").expect_err("wrong").field, "captcha");
        assert!(check_captcha(false, "0427", "0427").is_err(), "an expired captcha refuses its right answer");
        assert!(check_contact_free(false).is_ok());
        assert_eq!(check_contact_free(true).expect_err("taken").message, "该手机号或邮箱已注册，请直接登录");
        assert_eq!(display_name(" 李明 ").expect("a name").as_str(), "李明");
        assert_eq!(display_name("").expect_err("empty").message, "称呼须为1至30个字");
        assert_eq!(display_name(&"李".repeat(31)).expect_err("long").field, "display_name");
        assert!(check_send(&[], &[], 100_000).is_ok());
        let refused = check_send(&[100_000 - 20], &[], 100_000).expect_err("too soon");
        assert_eq!(
            (refused.code, refused.message.as_str()),
            (ErrorCode::TooManyAttempts, "发送验证码过于频繁，请40秒后再试。")
        );
    }

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
