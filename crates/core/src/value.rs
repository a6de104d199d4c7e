//! Value types built only by parsing ("parse, don't validate"): once you hold a `PersonName`
//! it is a valid name, so nothing downstream checks again. Every parse error is a
//! [`ValidationError`] with a Chinese message naming what is wrong.

use crate::ValidationError;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{feff}')
}

/// Trims, rejects empty, over-long or control-character text. Shared by the text newtypes.
fn bounded_text(field: &str, label: &str, raw: &str, max_chars: usize) -> Result<String, ValidationError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(ValidationError::new(field, format!("{label}不能为空")));
    }
    if s.chars().count() > max_chars {
        return Err(ValidationError::new(field, format!("{label}不能超过{max_chars}个字")));
    }
    if s.chars().any(is_control) {
        return Err(ValidationError::new(field, format!("{label}含有不可见的控制字符")));
    }
    Ok(s.to_owned())
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $field:literal, $label:literal, $max:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            pub fn parse(raw: &str) -> Result<Self, ValidationError> {
                bounded_text($field, $label, raw, $max).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = ValidationError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_type!(
    /// A person's name: 1–30 characters (minority names such as 嘉木样·洛桑久美·图丹却吉尼玛 are long).
    PersonName, "name", "姓名", 30
);
text_type!(
    /// An organisation's name, e.g. 示范市人民代表大会 or 示范市住房和城乡建设局.
    OrgName, "name", "名称", 60
);
text_type!(
    /// A short free-text label: a delegation, an electoral unit, a party, a job title.
    Label, "label", "内容", 120
);

/// A login name: 3–32 ASCII letters, digits, `.`, `_` or `-`, or an e-mail address (up to 64
/// characters), stored lowercase.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Login(String);

impl Login {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim().to_ascii_lowercase();
        // The public register with their e-mail address as login (see `register`).
        if s.contains('@') && s.len() <= 64 && Email::parse(&s).is_ok() {
            return Ok(Self(s));
        }
        let ok_chars = s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !(3..=32).contains(&s.len()) || !ok_chars {
            return Err(ValidationError::new("login", "登录名须为3至32位英文字母、数字或 . _ - 符号"));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Login {
    type Error = ValidationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Login> for String {
    fn from(v: Login) -> String {
        v.0
    }
}

impl fmt::Display for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password as typed: 8–128 characters, not all of one kind (letters and digits at least).
/// It is never stored; the store keeps only its argon2id hash.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let n = raw.chars().count();
        if !(8..=128).contains(&n) {
            return Err(ValidationError::new("password", "密码长度须为8至128位"));
        }
        let has_digit = raw.chars().any(|c| c.is_ascii_digit());
        let has_other = raw.chars().any(|c| !c.is_ascii_digit());
        if !(has_digit && has_other) {
            return Err(ValidationError::new("password", "密码须同时包含数字和字母（或其他字符）"));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// A Chinese phone number: an 11-digit mobile (1[3-9]…) or a landline with area code
/// (0xx-xxxxxxxx or 0xxx-xxxxxxx, an optional extension after `-` or `转`). Spaces and hyphens
/// in mobiles are dropped; landlines keep one hyphen after the area code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let err = || ValidationError::new("phone", "电话号码格式不正确（手机号11位，座机需带区号）");
        let compact: String = raw
            .trim()
            .trim_start_matches("+86")
            .chars()
            .filter(|c| !matches!(c, ' ' | '(' | ')' | '（' | '）'))
            .collect();
        let digits: String = compact.chars().filter(|c| *c != '-').collect();
        if !digits.chars().all(|c| c.is_ascii_digit() || c == '转') {
            return Err(err());
        }
        if digits.len() == 11 && digits.starts_with('1') && matches!(digits.as_bytes()[1], b'3'..=b'9') {
            return Ok(Self(digits));
        }
        if digits.starts_with('0') {
            let (main, ext) = match digits.split_once('转') {
                Some((m, e)) => (m.to_owned(), Some(e.to_owned())),
                None => (digits.clone(), None),
            };
            // Area codes: 3 digits for the big cities (010, 02x), otherwise 4.
            let area_len = if main.starts_with("01") || main.starts_with("02") { 3 } else { 4 };
            if main.len() < area_len + 7 || main.len() > area_len + 8 || !main.is_ascii() {
                return Err(err());
            }
            let (area, local) = main.split_at(area_len);
            if ext.as_deref().is_some_and(|e| e.is_empty() || e.len() > 6 || !e.chars().all(|c| c.is_ascii_digit())) {
                return Err(err());
            }
            return Ok(Self(match ext {
                Some(e) => format!("{area}-{local}转{e}"),
                None => format!("{area}-{local}"),
            }));
        }
        Err(err())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Phone {
    type Error = ValidationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Phone> for String {
    fn from(v: Phone) -> String {
        v.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An e-mail address: one `@`, something on each side, a dot in the domain, no spaces;
/// stored as typed but trimmed. (Full RFC 5322 is not the point: the mail server decides.)
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim();
        let ok = s.len() <= 254
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            && s.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(ValidationError::new("email", "电子邮箱格式不正确，应如 name@example.gov.cn"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = ValidationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Email> for String {
    fn from(v: Email) -> String {
        v.0
    }
}

/// The years a date of the platform's work may fall in: from the founding of the People's
/// Republic (every people's congress, law and deputy is later) to 2100. A year outside is a typo
/// (`25-3-5`, `0202-03-05`, `20255-…`), refused rather than stored.
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1949..=2100;

/// Parses a full calendar date as clerks write it: `2025-03-05`, `2025/3/5`, `2025.3.5` or
/// `2025年3月5日`, in [`DATE_YEARS`].
pub fn parse_date(field: &str, raw: &str) -> Result<Date, ValidationError> {
    let err =
        || ValidationError::new(field, format!("日期“{}”格式不正确，应如 2025-03-05 或 2025年3月5日", raw.trim()));
    let parts = split_date(raw.trim()).ok_or_else(err)?;
    let [y, m, d] = parts.as_slice() else {
        return Err(err());
    };
    if !DATE_YEARS.contains(y) {
        return Err(ValidationError::new(
            field,
            format!(
                "日期“{}”的年份不合理，应在{}年至{}年之间（请写四位年份）",
                raw.trim(),
                DATE_YEARS.start(),
                DATE_YEARS.end()
            ),
        ));
    }
    Date::new(*y as i16, *m as i8, *d as i8).map_err(|_| err())
}

/// Splits `2025-03-05`, `2025/3/5`, `2025.3.5`, `2025年3月5日`, `2025年3月` or `2025年` into numbers.
fn split_date(s: &str) -> Option<Vec<i32>> {
    let s = s.strip_suffix('日').unwrap_or(s);
    let s = s.strip_suffix(['月', '年']).unwrap_or(s);
    if s.is_empty() {
        return None;
    }
    s.split(['-', '/', '.', '年', '月'])
        .map(|p| if p.is_empty() || p.len() > 4 { None } else { p.parse::<i32>().ok() })
        .collect()
}

/// A birth date as rosters give it: often only the year and month (`1967年3月`), sometimes only
/// the year. Stored and shown at the precision it was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PartialDate {
    pub year: i16,
    pub month: Option<i8>,
    pub day: Option<i8>,
}

impl PartialDate {
    pub fn parse(field: &str, raw: &str) -> Result<Self, ValidationError> {
        let err =
            || ValidationError::new(field, format!("日期“{}”格式不正确，应如 1967年3月 或 1967-03-05", raw.trim()));
        let parts = split_date(raw.trim()).ok_or_else(err)?;
        let year = |y: i32| {
            if (1850..=2100).contains(&y) { Ok(y as i16) } else { Err(err()) }
        };
        match parts.as_slice() {
            [y] => Ok(Self { year: year(*y)?, month: None, day: None }),
            [y, m] if (1..=12).contains(m) => Ok(Self { year: year(*y)?, month: Some(*m as i8), day: None }),
            [y, m, d] => {
                let date = Date::new(year(*y)?, *m as i8, *d as i8).map_err(|_| err())?;
                Ok(Self { year: date.year(), month: Some(date.month()), day: Some(date.day()) })
            }
            _ => Err(err()),
        }
    }

    /// The sortable, parseable storage form: `1967`, `1967-03` or `1967-03-05`.
    pub fn to_iso(self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// The Chinese display form: `1967年3月`.
    pub fn to_chinese(self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{}年{m}月{d}日", self.year),
            (Some(m), None) => format!("{}年{m}月", self.year),
            _ => format!("{}年", self.year),
        }
    }
}

/// 性别.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw.trim() {
            "男" | "男性" | "M" | "m" | "male" => Ok(Gender::Male),
            "女" | "女性" | "F" | "f" | "female" => Ok(Gender::Female),
            other => Err(ValidationError::new("性别", format!("性别“{other}”不正确，应为“男”或“女”"))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    pub fn from_db(s: &str) -> Option<Self> {
        match s {
            "male" => Some(Gender::Male),
            "female" => Some(Gender::Female),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
}

/// The 56 recognised ethnic groups. An ethnicity is one of these, written with its 族 suffix
/// (a bare 汉 is read as 汉族).
pub const ETHNIC_GROUPS: [&str; 56] = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
];

/// 民族: one of [`ETHNIC_GROUPS`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Ethnicity(String);

impl Ethnicity {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim();
        let with_suffix = if s.ends_with('族') { s.to_owned() } else { format!("{s}族") };
        if ETHNIC_GROUPS.contains(&with_suffix.as_str()) {
            Ok(Self(with_suffix))
        } else {
            Err(ValidationError::new("民族", format!("民族“{s}”不在56个民族名称之中")))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Ethnicity {
    type Error = ValidationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Ethnicity> for String {
    fn from(v: Ethnicity) -> String {
        v.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed_and_keeps_the_middle_dot_of_minority_names() {
        let n = PersonName::parse("  嘉木样·洛桑久美·图丹却吉尼玛 ").expect("valid");
        assert_eq!(n.as_str(), "嘉木样·洛桑久美·图丹却吉尼玛");
    }

    #[test]
    fn an_empty_or_overlong_or_control_character_name_is_rejected_in_chinese() {
        assert!(PersonName::parse("   ").expect_err("empty").message.contains("不能为空"));
        assert!(PersonName::parse(&"王".repeat(31)).expect_err("long").message.contains("30"));
        assert!(PersonName::parse("王\u{0}五").is_err());
        assert!(PersonName::parse("王\u{200b}五").is_err());
    }

    #[test]
    fn mobile_and_landline_numbers_are_normalised() {
        assert_eq!(Phone::parse("138 0013 8000").expect("mobile").as_str(), "13800138000");
        assert_eq!(Phone::parse("+86 13800138000").expect("mobile").as_str(), "13800138000");
        assert_eq!(Phone::parse("010-12345678").expect("landline").as_str(), "010-12345678");
        assert_eq!(Phone::parse("（0571）8765432").expect("landline").as_str(), "0571-8765432");
        assert_eq!(Phone::parse("0571-87654321转123").expect("ext").as_str(), "0571-87654321转123");
    }

    #[test]
    fn malformed_phone_numbers_are_rejected() {
        for bad in ["", "12345", "12800138000", "1380013800", "138001380001", "abc", "010-123", "0571-87654321转"] {
            assert!(Phone::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn dates_are_read_in_the_forms_clerks_write() {
        let want = Date::new(2025, 3, 5).expect("date");
        for s in ["2025-03-05", "2025/3/5", "2025.3.5", "2025年3月5日", " 2025-3-5 "] {
            assert_eq!(parse_date("d", s).expect(s), want);
        }
        for bad in ["2025-02-30", "2025-13-01", "2025", "昨天", "", "2025--03"] {
            assert!(parse_date("d", bad).is_err(), "{bad} accepted");
        }
        // A year no congress worked in is a typo, named as such.
        for typo in ["25-3-5", "0202-03-05", "1900-01-01", "2202-03-05"] {
            let e = parse_date("on", typo).expect_err(typo);
            assert!(e.message.contains("年份不合理") && e.message.contains("1949"), "{typo}: {}", e.message);
        }
        assert!(parse_date("d", "1954-09-20").is_ok(), "the first NPC's constitution day");
    }

    #[test]
    fn roster_birth_dates_keep_their_precision() {
        let d = PartialDate::parse("出生日期", "1967年3月").expect("ym");
        assert_eq!((d.year, d.month, d.day), (1967, Some(3), None));
        assert_eq!(d.to_iso(), "1967-03");
        assert_eq!(d.to_chinese(), "1967年3月");
        assert_eq!(PartialDate::parse("出生日期", "1988年").expect("y").to_iso(), "1988");
        assert_eq!(PartialDate::parse("出生日期", "1970-01-31").expect("ymd").to_chinese(), "1970年1月31日");
        assert!(PartialDate::parse("出生日期", "1967年13月").is_err());
        assert!(PartialDate::parse("出生日期", "3月").is_err());
    }

    #[test]
    fn ethnicity_must_be_one_of_the_56() {
        assert_eq!(Ethnicity::parse("汉").expect("han").as_str(), "汉族");
        assert_eq!(Ethnicity::parse("维吾尔族").expect("uyghur").as_str(), "维吾尔族");
        assert!(Ethnicity::parse("火星族").is_err());
        assert_eq!(ETHNIC_GROUPS.len(), 56);
    }

    #[test]
    fn email_addresses_need_a_local_part_and_a_dotted_domain() {
        assert_eq!(Email::parse(" li.ming@rd.example.gov.cn ").expect("ok").as_str(), "li.ming@rd.example.gov.cn");
        for bad in ["", "li", "li@", "@example.cn", "li@example", "li@@example.cn", "li ming@example.cn", "li@.cn"] {
            assert!(Email::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn logins_are_lowercased_and_restricted() {
        assert_eq!(Login::parse("Staff.City").expect("ok").as_str(), "staff.city");
        assert!(Login::parse("ab").is_err());
        assert!(Login::parse("张三").is_err());
        assert!(Login::parse("a b c").is_err());
    }

    #[test]
    fn weak_passwords_are_rejected() {
        assert!(NewPassword::parse("short1").is_err());
        assert!(NewPassword::parse("12345678").is_err());
        assert!(NewPassword::parse("abcdefgh").is_err());
        assert!(NewPassword::parse("renda2026!").is_ok());
        assert_eq!(format!("{:?}", NewPassword::parse("renda2026!").expect("ok")), "NewPassword(***)");
    }
}
