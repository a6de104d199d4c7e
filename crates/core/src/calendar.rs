//! Legal deadlines: calendar months and working days.
//!
//! 代表法 Art. 51 counts reply deadlines in calendar months from the assignment date, clamped
//! to the month's end: assigned 2024-11-30, three months later is 2025-02-28 (2024-02-29 in a
//! leap year, from 2023-11-30). Assignment and return periods count working days: weekends and
//! public holidays are skipped, and the adjusted working days (调休, a Saturday or Sunday worked
//! to make a long holiday) count. The holidays are data — the State Council publishes them each
//! year — so a [`HolidayCalendar`] is built from lines of text, and one for 2024–2026 ships with
//! the platform ([`HolidayCalendar::builtin`]).

use crate::ValidationError;
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use std::collections::BTreeMap;

/// `months` calendar months after `from`, clamped to the end of a shorter month.
pub fn add_months(from: Date, months: i32) -> Date {
    // jiff clamps the day when the target month is shorter (2024-11-30 + 3 months = 2025-02-28).
    from.checked_add(months.months()).unwrap_or(from)
}

/// What kind of day a date is when counting working days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayKind {
    /// 法定节假日 (or a day of its break).
    Holiday,
    /// 调休: a weekend day that is worked.
    AdjustedWorkday,
}

/// Public holidays and adjusted working days, by date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    days: BTreeMap<Date, DayKind>,
}

/// The State Council's schedules for 2024, 2025 and 2026 (国务院办公厅关于部分节假日安排的通知).
pub const BUILTIN_CALENDAR: &str = include_str!("holidays.txt");

impl HolidayCalendar {
    /// Parses the text form: one date or range per line, `休` (holiday) or `班` (worked weekend
    /// day), an optional name after it; `#` starts a comment.
    ///
    /// ```text
    /// 2025-01-28..2025-02-04 休 春节
    /// 2025-01-26 班 春节调休
    /// ```
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let mut days = BTreeMap::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let err = |what: &str| ValidationError::new(format!("第{}行", n + 1), format!("{what}：“{}”", raw.trim()));
            let mut parts = line.split_whitespace();
            let range = parts.next().ok_or_else(|| err("缺少日期"))?;
            let kind = match parts.next() {
                Some("休") => DayKind::Holiday,
                Some("班") => DayKind::AdjustedWorkday,
                _ => return Err(err("日期后应写“休”或“班”")),
            };
            let (a, b) = range.split_once("..").unwrap_or((range, range));
            let parse =
                |s: &str| s.parse::<Date>().map_err(|_| err("日期格式应为 2025-01-28 或 2025-01-28..2025-02-04"));
            let (start, end) = (parse(a)?, parse(b)?);
            if end < start || (end - start).get_days() > 31 {
                return Err(err("日期范围不正确"));
            }
            let mut d = start;
            while d <= end {
                if kind == DayKind::AdjustedWorkday && !is_weekend(d) {
                    return Err(err("调休上班日应为周六或周日"));
                }
                days.insert(d, kind);
                d = d.tomorrow().map_err(|_| err("日期超出范围"))?;
            }
        }
        Ok(Self { days })
    }

    /// The calendar shipped with the platform (2024–2026).
    pub fn builtin() -> Self {
        Self::parse(BUILTIN_CALENDAR).expect("the shipped holiday calendar parses (tested)")
    }

    /// Adds another year's schedule; its days replace any the calendar had for the same dates.
    pub fn merge(&mut self, other: HolidayCalendar) {
        self.days.extend(other.days);
    }

    /// Every listed day, in date order.
    pub fn days(&self) -> impl Iterator<Item = (Date, DayKind)> + '_ {
        self.days.iter().map(|(d, k)| (*d, *k))
    }

    /// A calendar of the given days (as stored).
    pub fn from_days(days: impl IntoIterator<Item = (Date, DayKind)>) -> Self {
        Self { days: days.into_iter().collect() }
    }

    /// The years the calendar has any day for.
    pub fn years(&self) -> Vec<i16> {
        let mut ys: Vec<i16> = self.days.keys().map(|d| d.year()).collect();
        ys.dedup();
        ys
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        match self.days.get(&d) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::AdjustedWorkday) => true,
            None => !is_weekend(d),
        }
    }

    /// The date `n` working days after `from` (the day itself does not count): assigned on a
    /// Friday, 1 working day later is the Monday.
    pub fn add_working_days(&self, from: Date, n: u32) -> Date {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            match d.tomorrow() {
                Ok(next) => d = next,
                Err(_) => return d,
            }
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Whether `day` is still within a window of `n` working days after `from`: the window ends
    /// at the end of its `n`-th working day, so a rest day that follows it is already late.
    pub fn within_working_days(&self, from: Date, n: u32, day: Date) -> bool {
        day <= self.add_working_days(from, n)
    }

    /// Working days from `from` (exclusive) to `to` (inclusive); 0 when `to` is not after `from`.
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut n = 0;
        let mut d = from;
        while d < to {
            match d.tomorrow() {
                Ok(next) => d = next,
                Err(_) => break,
            }
            if self.is_working_day(d) {
                n += 1;
            }
        }
        n
    }
}

fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn three_months_from_the_last_of_november_is_the_end_of_february() {
        assert_eq!(add_months(date(2024, 11, 30), 3), date(2025, 2, 28));
        assert_eq!(add_months(date(2023, 11, 30), 3), date(2024, 2, 29), "leap year");
        assert_eq!(add_months(date(2024, 8, 31), 6), date(2025, 2, 28));
        assert_eq!(add_months(date(2025, 1, 15), 3), date(2025, 4, 15));
        assert_eq!(add_months(date(2025, 12, 31), 1), date(2026, 1, 31));
    }

    #[test]
    fn the_shipped_calendar_covers_2024_to_2026() {
        let c = HolidayCalendar::builtin();
        assert_eq!(c.years(), vec![2024, 2025, 2026]);
        assert!(!c.is_working_day(date(2025, 1, 29)), "春节");
        assert!(c.is_working_day(date(2025, 1, 26)), "a Sunday worked before 春节");
        assert!(!c.is_working_day(date(2025, 10, 8)), "国庆中秋");
        assert!(c.is_working_day(date(2025, 10, 11)), "a Saturday worked after 国庆");
        assert!(!c.is_working_day(date(2026, 2, 23)), "春节 2026");
    }

    #[test]
    fn seven_working_days_skip_a_holiday_week_and_count_the_worked_weekend() {
        let c = HolidayCalendar::builtin();
        // Assigned Thursday 2024-09-26. 9-27 Fri (1), 9-29 Sun worked (2), 9-30 Mon (3),
        // 10-1..10-7 holiday, 10-8 Tue (4), 10-9 (5), 10-10 (6), 10-11 Fri (7).
        assert_eq!(c.add_working_days(date(2024, 9, 26), 7), date(2024, 10, 11));
        // 10-12 is a Saturday worked: the eighth.
        assert_eq!(c.add_working_days(date(2024, 9, 26), 8), date(2024, 10, 12));
        // Without holidays it is just weekdays: Fri 2025-03-07 + 1 = Mon 03-10.
        assert_eq!(c.add_working_days(date(2025, 3, 7), 1), date(2025, 3, 10));
        assert_eq!(c.working_days_between(date(2024, 9, 26), date(2024, 10, 12)), 8);
        assert_eq!(c.working_days_between(date(2024, 10, 12), date(2024, 9, 26)), 0);
    }

    #[test]
    fn a_window_of_working_days_ends_with_its_last_working_day() {
        let c = HolidayCalendar::builtin();
        // From Wed 2025-03-05, 7 working days end on Fri 03-14: the weekend after is outside.
        assert!(c.within_working_days(date(2025, 3, 5), 7, date(2025, 3, 14)));
        assert!(!c.within_working_days(date(2025, 3, 5), 7, date(2025, 3, 15)));
        assert!(!c.within_working_days(date(2025, 3, 5), 7, date(2025, 3, 17)));
        // Before the 7th working day, a rest day inside the window is within it.
        assert!(c.within_working_days(date(2025, 3, 5), 7, date(2025, 3, 8)));
    }

    #[test]
    fn a_bad_calendar_line_is_named_in_chinese() {
        let e = HolidayCalendar::parse("2027-01-01 休 元旦\n2027-01-05 班 不是周末\n").expect_err("weekday 班");
        assert_eq!(e.field, "第2行");
        assert!(e.message.contains("周六或周日"));
        assert!(HolidayCalendar::parse("2027-13-01 休").is_err());
        assert!(HolidayCalendar::parse("2027-01-01 放假").is_err());
        assert!(HolidayCalendar::parse("2027-02-01..2027-01-01 休").is_err());
    }

    #[test]
    fn a_later_year_can_be_merged_in() {
        let mut c = HolidayCalendar::builtin();
        c.merge(HolidayCalendar::parse("2027-01-01 休 元旦\n").expect("parses"));
        assert!(!c.is_working_day(date(2027, 1, 1)));
        assert_eq!(c.years(), vec![2024, 2025, 2026, 2027]);
    }
}
