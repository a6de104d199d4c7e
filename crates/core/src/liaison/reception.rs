//! Reception days (接待日): a station's reception is posted ahead — 3 days by default, a setting
//! of each congress (DOMAIN.md) — with the deputies who will receive, so that citizens can plan
//! to come. [`check_publication`] is the one rule the store calls before posting one.

use crate::ErrorCode;
use crate::ids::{OrgId, PersonId};
use crate::liaison::Refusal;
use jiff::ToSpan;
use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};

/// A congress's setting: how many days ahead a reception must be posted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct ReceptionSettings {
    notice_days: u32,
}

impl ReceptionSettings {
    /// DOMAIN.md's default.
    pub const DEFAULT_NOTICE_DAYS: u32 = 3;
    /// A month: more than that is a planning horizon, not a notice period.
    pub const MAX_NOTICE_DAYS: u32 = 30;

    pub fn new(notice_days: u32) -> Result<Self, Refusal> {
        if notice_days > Self::MAX_NOTICE_DAYS {
            return Err(Refusal::new(
                ErrorCode::NoticeDaysOutOfRange,
                format!("接待活动提前公布的天数应在0至{}天之间。", Self::MAX_NOTICE_DAYS),
            ));
        }
        Ok(Self { notice_days })
    }

    pub fn notice_days(self) -> u32 {
        self.notice_days
    }

    /// The last day a reception on `on` may be posted.
    pub fn latest_publication(self, on: Date) -> Date {
        on.checked_sub(i64::from(self.notice_days).days()).unwrap_or(on)
    }

    /// The first day a reception posted on `published_on` may take place.
    pub fn earliest_reception(self, published_on: Date) -> Date {
        published_on.checked_add(i64::from(self.notice_days).days()).unwrap_or(published_on)
    }
}

impl Default for ReceptionSettings {
    fn default() -> Self {
        Self { notice_days: Self::DEFAULT_NOTICE_DAYS }
    }
}

impl TryFrom<u32> for ReceptionSettings {
    type Error = Refusal;
    fn try_from(days: u32) -> Result<Self, Refusal> {
        Self::new(days)
    }
}

impl From<ReceptionSettings> for u32 {
    fn from(s: ReceptionSettings) -> u32 {
        s.notice_days
    }
}

/// A planned reception at a station.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reception {
    pub station: OrgId,
    pub on: Date,
    pub starts: Time,
    pub ends: Time,
    /// The receiving deputies (by person).
    pub deputies: Vec<PersonId>,
}

impl Reception {
    /// Listed on the portal as upcoming: today or later.
    pub fn is_upcoming(&self, today: Date) -> bool {
        self.on >= today
    }
}

/// May `reception` be posted on `published_on`? It needs at least one receiving deputy (each
/// named once), a time span that ends after it starts, and `settings`' notice.
pub fn check_publication(
    reception: &Reception,
    published_on: Date,
    settings: ReceptionSettings,
) -> Result<(), Refusal> {
    if reception.deputies.is_empty() {
        return Err(Refusal::new(ErrorCode::NoReceivingDeputy, "请至少安排一名接待代表。"));
    }
    let mut seen = reception.deputies.clone();
    seen.sort_unstable();
    seen.dedup();
    if seen.len() != reception.deputies.len() {
        return Err(Refusal::new(ErrorCode::DuplicateDeputy, "同一名代表不能重复安排接待。"));
    }
    if reception.ends <= reception.starts {
        return Err(Refusal::new(ErrorCode::EndsBeforeStart, "接待结束时间应晚于开始时间。"));
    }
    if reception.on < published_on {
        return Err(Refusal::new(ErrorCode::ReceptionInPast, "接待日期已过，不能再公布。"));
    }
    if reception.on < settings.earliest_reception(published_on) {
        let latest = settings.latest_publication(reception.on);
        return Err(Refusal::new(
            ErrorCode::NoticeTooShort,
            format!(
                "接待活动须至少提前{}天公布：{}年{}月{}日的接待最迟应于{}年{}月{}日公布。",
                settings.notice_days(),
                reception.on.year(),
                reception.on.month(),
                reception.on.day(),
                latest.year(),
                latest.month(),
                latest.day(),
            ),
        ));
    }
    Ok(())
}

/// Where a posted reception stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceptionStatus {
    Scheduled,
    Held,
    Cancelled,
}

impl ReceptionStatus {
    /// From the times it was cancelled or recorded as held (cancelled wins).
    pub fn of(cancelled: bool, held: bool) -> Self {
        match (cancelled, held) {
            (true, _) => ReceptionStatus::Cancelled,
            (false, true) => ReceptionStatus::Held,
            (false, false) => ReceptionStatus::Scheduled,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReceptionStatus::Cancelled => "已取消",
            ReceptionStatus::Held => "已接待",
            ReceptionStatus::Scheduled => "待接待",
        }
    }
}

/// The receiving deputies are posted at the station (`attached`: for each, whether they are).
pub fn check_receiving_deputies(attached: &[bool]) -> Result<(), Refusal> {
    if attached.iter().any(|a| !a) {
        return Err(Refusal::invalid("deputies", "接待代表须是已进驻本联络站的代表。"));
    }
    Ok(())
}

/// A reception not yet held may be cancelled, with its reason (up to 200 characters, shown
/// where it was listed). Returns the reason trimmed.
pub fn check_cancel(status: ReceptionStatus, reason: &str) -> Result<String, Refusal> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(Refusal::invalid("reason", "请填写取消原因（200字以内）。"));
    }
    if status != ReceptionStatus::Scheduled {
        return Err(Refusal::new(ErrorCode::ReceptionClosed, format!("该接待安排{}，不能取消。", status.label())));
    }
    Ok(reason.to_owned())
}

/// A reception is recorded as held once, on its day or later, unless it was cancelled.
pub fn check_hold(status: ReceptionStatus, on: Date, today: Date) -> Result<(), Refusal> {
    if status != ReceptionStatus::Scheduled {
        return Err(Refusal::new(
            ErrorCode::ReceptionClosed,
            format!("该接待安排{}，不能再登记接待情况。", status.label()),
        ));
    }
    if on > today {
        return Err(Refusal::new(ErrorCode::ReceptionNotYet, "接待日尚未到，不能登记接待情况。"));
    }
    Ok(())
}

/// The opinions heard at a reception are recorded from its day on (after it was held too),
/// unless it was cancelled.
pub fn check_opinion_heard(status: ReceptionStatus, on: Date, today: Date) -> Result<(), Refusal> {
    if status == ReceptionStatus::Cancelled {
        return Err(Refusal::new(ErrorCode::ReceptionClosed, "该接待安排已取消，不能登记意见。"));
    }
    if on > today {
        return Err(Refusal::new(ErrorCode::ReceptionNotYet, "接待日尚未到，不能登记接待意见。"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::liaison::assert_well_formed;
    use jiff::civil::{date, time};

    fn reception(on: Date, deputies: &[i64]) -> Reception {
        Reception {
            station: OrgId(5),
            on,
            starts: time(9, 0, 0, 0),
            ends: time(11, 30, 0, 0),
            deputies: deputies.iter().map(|d| PersonId(*d)).collect(),
        }
    }

    #[test]
    fn a_reception_is_posted_at_least_three_days_ahead_by_default() {
        let r = reception(date(2026, 3, 10), &[1, 2]);
        let s = ReceptionSettings::default();
        assert!(check_publication(&r, date(2026, 3, 7), s).is_ok(), "exactly three days ahead");
        let e = check_publication(&r, date(2026, 3, 8), s).expect_err("two days ahead");
        assert_well_formed(&e);
        assert_eq!(e.code, ErrorCode::NoticeTooShort);
        assert!(e.message.contains("至少提前3天") && e.message.contains("2026年3月7日"), "{e}");
    }

    #[test]
    fn the_notice_period_is_a_setting_within_a_month() {
        let r = reception(date(2026, 3, 10), &[1]);
        let week = ReceptionSettings::new(7).expect("a week");
        assert!(check_publication(&r, date(2026, 3, 3), week).is_ok());
        assert!(check_publication(&r, date(2026, 3, 4), week).is_err());
        let same_day = ReceptionSettings::new(0).expect("allowed");
        assert!(check_publication(&r, date(2026, 3, 10), same_day).is_ok());
        let e = ReceptionSettings::new(31).expect_err("too long");
        assert_eq!(e.code, ErrorCode::NoticeDaysOutOfRange);
        assert_eq!(ReceptionSettings::try_from(31).map(u32::from), Err(e));
        assert_eq!(ReceptionSettings::try_from(5).map(u32::from), Ok(5));
    }

    #[test]
    fn a_reception_needs_a_receiving_deputy_named_once() {
        let s = ReceptionSettings::default();
        let e = check_publication(&reception(date(2026, 3, 20), &[]), date(2026, 3, 1), s).expect_err("nobody");
        assert_eq!(e.code, ErrorCode::NoReceivingDeputy);
        assert!(e.message.contains("接待代表"));
        let e = check_publication(&reception(date(2026, 3, 20), &[3, 3]), date(2026, 3, 1), s).expect_err("twice");
        assert_eq!(e.code, ErrorCode::DuplicateDeputy);
    }

    #[test]
    fn a_past_or_backwards_reception_is_refused() {
        let s = ReceptionSettings::default();
        let e = check_publication(&reception(date(2026, 2, 1), &[1]), date(2026, 3, 1), s).expect_err("past");
        assert_eq!(e.code, ErrorCode::ReceptionInPast);
        let backwards = Reception { ends: time(8, 0, 0, 0), ..reception(date(2026, 3, 20), &[1]) };
        assert_eq!(
            check_publication(&backwards, date(2026, 3, 1), s).map_err(|e| e.code),
            Err(ErrorCode::EndsBeforeStart)
        );
        assert!(reception(date(2026, 3, 1), &[1]).is_upcoming(date(2026, 3, 1)));
        assert!(!reception(date(2026, 3, 1), &[1]).is_upcoming(date(2026, 3, 2)));
    }

    #[test]
    fn a_scheduled_reception_is_cancelled_with_a_reason_or_held_from_its_day() {
        use ReceptionStatus::{Cancelled, Held, Scheduled};
        let on = jiff::civil::date(2026, 5, 20);
        assert_eq!(check_cancel(Scheduled, " 代表临时公务 ").as_deref(), Ok("代表临时公务"));
        assert_eq!(check_cancel(Scheduled, " ").expect_err("no reason").field, Some("reason"));
        assert_eq!(check_cancel(Held, "改期").expect_err("held").message, "该接待安排已接待，不能取消。");
        assert!(check_hold(Scheduled, on, on).is_ok());
        assert_eq!(
            check_hold(Scheduled, on, on.yesterday().expect("d")).expect_err("early").code,
            ErrorCode::ReceptionNotYet
        );
        assert_eq!(check_hold(Cancelled, on, on).expect_err("cancelled").code, ErrorCode::ReceptionClosed);
        assert!(check_opinion_heard(Held, on, on).is_ok(), "opinions are recorded after it was held too");
        assert_eq!(check_opinion_heard(Cancelled, on, on).expect_err("cancelled").code, ErrorCode::ReceptionClosed);
        assert_eq!(ReceptionStatus::of(true, true), Cancelled);
        assert_eq!(check_receiving_deputies(&[true, false]).expect_err("not posted").field, Some("deputies"));
        assert!(check_receiving_deputies(&[true, true]).is_ok());
    }
}
