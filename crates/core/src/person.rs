//! People and deputyships. A person is who they are; a deputyship is one seat they hold: in one
//! congress, for one term (届), within one delegation or electoral unit, between two dates.
//! One person may hold deputyships at several levels at once (a township deputy who is also a
//! county deputy). We never store 身份证号.

use crate::ValidationError;
use crate::error::{ErrorCode, Refusal};
use crate::ids::{DeputyshipId, OrgId, PersonId};
use crate::value::{Ethnicity, Gender, Label, PartialDate, PersonName, Phone};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A person as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: PersonName,
    pub gender: Option<Gender>,
    pub ethnicity: Option<Ethnicity>,
    pub birth: Option<PartialDate>,
    /// 政党 as the roster writes it (中共, 民盟, 无党派…).
    pub party: Option<Label>,
    /// 职务: job and title.
    pub occupation: Option<Label>,
    pub phone: Option<Phone>,
}

/// Why a deputyship began.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StartReason {
    /// 选举: elected at the general election of the term.
    Elected,
    /// 补选: elected in a by-election during the term.
    ByElection,
    /// 调入: transferred in from another delegation.
    TransferredIn,
}

impl StartReason {
    pub const ALL: [StartReason; 3] = [StartReason::Elected, StartReason::ByElection, StartReason::TransferredIn];

    pub fn label(self) -> &'static str {
        match self {
            StartReason::Elected => "选举",
            StartReason::ByElection => "补选",
            StartReason::TransferredIn => "调入",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            StartReason::Elected => "elected",
            StartReason::ByElection => "by_election",
            StartReason::TransferredIn => "transferred_in",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }
}

/// Why a deputyship ended (代表资格终止 or the term's end).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    TermExpired,
    Resigned,
    Recalled,
    TransferredOut,
    Deceased,
}

impl EndReason {
    pub const ALL: [EndReason; 5] = [
        EndReason::TermExpired,
        EndReason::Resigned,
        EndReason::Recalled,
        EndReason::TransferredOut,
        EndReason::Deceased,
    ];

    pub fn label(self) -> &'static str {
        match self {
            EndReason::TermExpired => "任期届满",
            EndReason::Resigned => "辞职",
            EndReason::Recalled => "罢免",
            EndReason::TransferredOut => "调离",
            EndReason::Deceased => "去世",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            EndReason::TermExpired => "term_expired",
            EndReason::Resigned => "resigned",
            EndReason::Recalled => "recalled",
            EndReason::TransferredOut => "transferred_out",
            EndReason::Deceased => "deceased",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }
}

/// The term (届) of a congress, e.g. 第十四届 → `Term(14)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Term(pub u16);

impl Term {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let err = || ValidationError::new("term", "届次须为1至99之间的数字");
        let s = raw.trim().trim_start_matches('第').trim_end_matches('届');
        let n: u16 = s.parse().ok().or_else(|| chinese_number(s)).ok_or_else(err)?;
        if (1..=99).contains(&n) { Ok(Term(n)) } else { Err(err()) }
    }

    /// 第十四届.
    pub fn label(self) -> String {
        format!("第{}届", chinese_numeral(self.0))
    }
}

/// Reads 一 … 九十九 as written in 届次.
fn chinese_number(s: &str) -> Option<u16> {
    let digit = |c: char| "〇一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u16);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

/// Writes 1–99 in Chinese numerals: 14 → 十四, 20 → 二十, 21 → 二十一.
pub fn chinese_numeral(n: u16) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_owned(),
        10..=19 => format!("十{}", if n.is_multiple_of(10) { "" } else { D[(n % 10) as usize] }),
        20..=99 => {
            format!("{}十{}", D[(n / 10) as usize], if n.is_multiple_of(10) { "" } else { D[(n % 10) as usize] })
        }
        _ => n.to_string(),
    }
}

/// One deputyship as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deputyship {
    pub id: DeputyshipId,
    pub person: PersonId,
    pub congress: OrgId,
    pub term: Term,
    /// 代表团 (at city level) or 选区/选举单位.
    pub delegation: Label,
    pub start: Date,
    pub start_reason: StartReason,
    pub end: Option<Date>,
    pub end_reason: Option<EndReason>,
}

impl Deputyship {
    /// Whether the seat is held on `day`.
    pub fn is_active_on(&self, day: Date) -> bool {
        self.start <= day && self.end.is_none_or(|e| day < e)
    }
}

/// Checks the dates and reasons of a deputyship: an end needs a reason and may not precede the
/// start; a reason needs an end.
pub fn check_tenure(start: Date, end: Option<Date>, end_reason: Option<EndReason>) -> Result<(), ValidationError> {
    match (end, end_reason) {
        (Some(e), Some(_)) if e < start => Err(ValidationError::new("end", "终止日期不能早于起始日期")),
        (Some(_), None) => Err(ValidationError::new("end_reason", "请选择代表资格终止的原因")),
        (None, Some(_)) => Err(ValidationError::new("end", "已选择终止原因，请填写终止日期")),
        _ => Ok(()),
    }
}

/// Deputies are deputies of a congress: `is_congress` of the organisation named.
pub fn check_congress(is_congress: bool) -> Result<(), ValidationError> {
    if is_congress { Ok(()) } else { Err(ValidationError::new("congress", "代表只能属于某一级人大")) }
}

/// A deputyship ends once: `ended` says whether it has an end date already.
pub fn check_not_ended(ended: bool) -> Result<(), Refusal> {
    if ended { Err(Refusal::new(ErrorCode::DeputyshipEnded, "该代表资格已经终止")) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).expect("valid date")
    }

    #[test]
    fn terms_are_read_in_arabic_or_chinese_numerals() {
        assert_eq!(Term::parse("14").expect("14"), Term(14));
        assert_eq!(Term::parse("第十四届").expect("十四"), Term(14));
        assert_eq!(Term::parse("第二十一届").expect("二十一"), Term(21));
        assert_eq!(Term::parse("十").expect("十"), Term(10));
        assert_eq!(Term::parse("第三届").expect("三"), Term(3));
        assert!(Term::parse("0").is_err());
        assert!(Term::parse("第百届").is_err());
        assert_eq!(Term(14).label(), "第十四届");
        assert_eq!(Term(20).label(), "第二十届");
        assert_eq!(Term(3).label(), "第三届");
    }

    #[test]
    fn a_tenure_that_ends_needs_a_reason_and_cannot_end_before_it_starts() {
        assert!(check_tenure(d(2022, 1, 1), None, None).is_ok());
        assert!(check_tenure(d(2022, 1, 1), Some(d(2024, 5, 1)), Some(EndReason::Resigned)).is_ok());
        assert!(check_tenure(d(2022, 1, 1), Some(d(2021, 5, 1)), Some(EndReason::Resigned)).is_err());
        assert!(check_tenure(d(2022, 1, 1), Some(d(2024, 5, 1)), None).is_err());
        assert!(check_tenure(d(2022, 1, 1), None, Some(EndReason::Deceased)).is_err());
    }

    #[test]
    fn a_deputyship_is_active_from_its_start_until_the_day_it_ends() {
        let mut ship = Deputyship {
            id: DeputyshipId(1),
            person: PersonId(1),
            congress: OrgId(1),
            term: Term(5),
            delegation: Label::parse("第一选区").expect("label"),
            start: d(2022, 1, 10),
            start_reason: StartReason::Elected,
            end: None,
            end_reason: None,
        };
        assert!(!ship.is_active_on(d(2022, 1, 9)));
        assert!(ship.is_active_on(d(2022, 1, 10)));
        ship.end = Some(d(2024, 3, 1));
        assert!(ship.is_active_on(d(2024, 2, 29)));
        assert!(!ship.is_active_on(d(2024, 3, 1)));
    }

    #[test]
    fn reasons_round_trip_through_their_codes() {
        for r in StartReason::ALL {
            assert_eq!(StartReason::from_code(r.code()), Some(r));
        }
        for r in EndReason::ALL {
            assert_eq!(EndReason::from_code(r.code()), Some(r));
        }
    }
}

#[cfg(test)]
mod checks {
    use super::*;

    #[test]
    fn deputies_sit_in_congresses_and_a_seat_ends_once() {
        assert!(check_congress(true).is_ok());
        assert_eq!(check_congress(false).expect_err("a unit").message, "代表只能属于某一级人大");
        assert!(check_not_ended(false).is_ok());
        let e = check_not_ended(true).expect_err("ended");
        assert_eq!((e.code, e.message.as_str()), (ErrorCode::DeputyshipEnded, "该代表资格已经终止"));
    }
}
