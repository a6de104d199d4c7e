//! A liaison station's public profile (代表联络站/代表之家): where it is, when it opens, on which
//! days deputies receive citizens, a phone and a short introduction. [`StationForm::validate`]
//! turns what a clerk typed into a [`StationProfile`] or the Chinese reasons it cannot be one.

use crate::ValidationError;
use crate::value::Phone;
use serde::{Deserialize, Serialize};

pub const ADDRESS_MAX: usize = 100;
pub const HOURS_MAX: usize = 100;
pub const DAYS_MAX: usize = 100;
pub const INTRO_MAX: usize = 1000;
/// The longest reception topic (接待主题).
pub const TOPIC_MAX: usize = 60;

/// The form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct StationForm {
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub opening_hours: String,
    #[serde(default)]
    pub reception_days: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub intro: String,
}

/// A station's profile, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationProfile {
    pub address: String,
    /// 开放时间, e.g. 工作日 9:00—17:00.
    pub opening_hours: String,
    /// 接待日, e.g. 每月5日、20日上午.
    pub reception_days: String,
    pub phone: Option<Phone>,
    pub intro: String,
}

fn text(field: &str, label: &str, raw: &str, max: usize, required: bool, errors: &mut Vec<ValidationError>) -> String {
    let v = raw.trim();
    if required && v.is_empty() {
        errors.push(ValidationError::new(field, format!("请填写{label}。")));
    } else if v.chars().count() > max {
        errors.push(ValidationError::new(field, format!("{label}最多{max}字。")));
    } else if v.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        errors.push(ValidationError::new(field, format!("{label}含有无法显示的字符。")));
    }
    v.to_owned()
}

impl StationForm {
    pub fn from_profile(p: &StationProfile) -> StationForm {
        StationForm {
            address: p.address.clone(),
            opening_hours: p.opening_hours.clone(),
            reception_days: p.reception_days.clone(),
            phone: p.phone.as_ref().map(|p| p.to_string()).unwrap_or_default(),
            intro: p.intro.clone(),
        }
    }

    pub fn validate(&self) -> Result<StationProfile, Vec<ValidationError>> {
        let mut errors = Vec::new();
        let address = text("address", "地址", &self.address, ADDRESS_MAX, true, &mut errors);
        let opening_hours = text("opening_hours", "开放时间", &self.opening_hours, HOURS_MAX, true, &mut errors);
        let reception_days = text("reception_days", "接待日", &self.reception_days, DAYS_MAX, true, &mut errors);
        let intro = text("intro", "简介", &self.intro, INTRO_MAX, false, &mut errors);
        let phone = match self.phone.trim() {
            "" => None,
            p => match Phone::parse(p) {
                Ok(p) => Some(p),
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
        };
        if errors.is_empty() {
            Ok(StationProfile { address, opening_hours, reception_days, phone, intro })
        } else {
            Err(errors)
        }
    }
}

/// A reception's topic: optional (接待 without a theme is the usual case), one line, short.
pub fn check_topic(raw: &str) -> Result<String, ValidationError> {
    let v = raw.trim();
    if v.chars().count() > TOPIC_MAX {
        return Err(ValidationError::new("topic", format!("接待主题最多{TOPIC_MAX}字。")));
    }
    if v.chars().any(char::is_control) {
        return Err(ValidationError::new("topic", "接待主题应为一行文字。"));
    }
    Ok(v.to_owned())
}

/// A deputy posted at a station sits (now) in the station's congress or one above it
/// (`sits_on_path`: deputies of every level enter the stations where they live), once.
pub fn check_posting(sits_on_path: bool, already_posted: bool) -> Result<(), crate::liaison::Refusal> {
    use crate::{ErrorCode, liaison::Refusal};
    if !sits_on_path {
        return Err(Refusal::invalid("person", "只能安排本级或上级人大的在任代表进站。"));
    }
    if already_posted {
        return Err(Refusal::new(ErrorCode::DeputyAlreadyPosted, "该代表已进驻本联络站。"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> StationForm {
        StationForm {
            address: "示范市人民路1号市民中心二楼".into(),
            opening_hours: "工作日 9:00—17:00".into(),
            reception_days: "每月5日、20日上午".into(),
            phone: "0571-88886666".into(),
            intro: "市人大代表联络站".into(),
        }
    }

    #[test]
    fn a_complete_form_is_a_profile() {
        let p = form().validate().expect("valid");
        assert_eq!(p.address, "示范市人民路1号市民中心二楼");
        assert!(p.phone.is_some());
        assert_eq!(StationForm::from_profile(&p).validate(), Ok(p));
    }

    #[test]
    fn missing_and_oversized_fields_are_named() {
        let f =
            StationForm { address: " ".into(), opening_hours: "x".repeat(HOURS_MAX + 1), phone: "12".into(), ..form() };
        let errors = f.validate().expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["address", "opening_hours", "phone"]);
        assert!(errors[0].message.contains("地址"));
    }

    #[test]
    fn a_phone_is_optional_and_the_topic_is_one_short_line() {
        assert_eq!(StationForm { phone: String::new(), ..form() }.validate().map(|p| p.phone), Ok(None));
        assert_eq!(check_topic("  医保报销  "), Ok("医保报销".into()));
        assert!(check_topic("一\n二").is_err());
        assert!(check_topic(&"长".repeat(TOPIC_MAX + 1)).is_err());
    }

    #[test]
    fn a_deputy_of_the_station_s_congress_or_above_is_posted_once() {
        assert!(check_posting(true, false).is_ok());
        assert_eq!(check_posting(false, false).expect_err("not on the path").field, Some("person"));
        assert_eq!(check_posting(true, true).expect_err("twice").code, crate::ErrorCode::DeputyAlreadyPosted);
    }
}
