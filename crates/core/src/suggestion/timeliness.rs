//! 按期答复率, defined once: replies given on or before their due date ÷ (replies given +
//! suggestions still unreplied past their due date), for the period shown. Every statistic,
//! dashboard and report computes it here, so a page cannot show 100 % beside overdue items.
//!
//! Also the two deadline windows every count and list shares: overdue (a unit has it and its
//! due date has passed) and near due (a unit has it and `0..=near_due_days` days are left).

use super::Settings;
use jiff::civil::Date;
use serde::Serialize;

/// The parts of an on-time rate and the rate itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OnTimeRate {
    /// Replies given on or before the due date in force when they were given.
    pub on_time: u64,
    /// Replies given (each round of a re-handled suggestion is a reply).
    pub replied: u64,
    /// Suggestions still with a unit, unreplied, past their due date.
    pub overdue: u64,
}

impl OnTimeRate {
    /// The denominator: replies given plus unreplied past due.
    pub fn counted(&self) -> u64 {
        self.replied + self.overdue
    }

    /// Whole per cent, rounded down, so 100 % means nothing was late and nothing is overdue;
    /// `None` when there is nothing to count.
    pub fn percent(&self) -> Option<u64> {
        let of = self.counted();
        (of > 0).then(|| self.on_time.min(of) * 100 / of)
    }

    /// "93%" or "—".
    pub fn percent_text(&self) -> String {
        self.percent().map_or_else(|| "—".to_owned(), |p| format!("{p}%"))
    }

    /// Two rates together (units of one congress, congresses of a city).
    pub fn plus(self, other: OnTimeRate) -> OnTimeRate {
        OnTimeRate {
            on_time: self.on_time + other.on_time,
            replied: self.replied + other.replied,
            overdue: self.overdue + other.overdue,
        }
    }
}

/// The rate over replies given — `(replied_on, due_on)`, a reply without a due date counting
/// as late — and the number of suggestions unreplied past their due date.
pub fn on_time_rate(replies: impl IntoIterator<Item = (Date, Option<Date>)>, unreplied_past_due: u64) -> OnTimeRate {
    let mut rate = OnTimeRate { overdue: unreplied_past_due, ..OnTimeRate::default() };
    for (replied_on, due_on) in replies {
        rate.replied += 1;
        if due_on.is_some_and(|due| replied_on <= due) {
            rate.on_time += 1;
        }
    }
    rate
}

/// A suggestion with a unit is overdue when its due date is before this day (today).
pub fn overdue_before(today: Date) -> Date {
    today
}

/// A suggestion with a unit is near due when its due date falls in this window (both ends
/// included): from today to `near_due_days` days on. Agrees with [`super::Facts::is_near_due`].
pub fn near_due_window(today: Date, settings: &Settings) -> (Date, Date) {
    let last = today.checked_add(jiff::Span::new().days(i64::from(settings.near_due_days))).unwrap_or(today);
    (today, last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggestion::{Facts, SuggestionState};
    use jiff::civil::date;

    #[test]
    fn replies_by_their_due_date_count_and_late_or_undated_ones_do_not() {
        let r = on_time_rate(
            [
                (date(2025, 3, 1), Some(date(2025, 3, 1))),
                (date(2025, 3, 2), Some(date(2025, 3, 1))),
                (date(2025, 2, 1), None),
                (date(2025, 1, 1), Some(date(2025, 3, 1))),
            ],
            0,
        );
        assert_eq!(r, OnTimeRate { on_time: 2, replied: 4, overdue: 0 });
        assert_eq!(r.percent(), Some(50));
    }

    #[test]
    fn seven_overdue_cannot_be_a_hundred_per_cent() {
        let all_on_time = (0..20).map(|_| (date(2025, 3, 1), Some(date(2025, 4, 1))));
        let r = on_time_rate(all_on_time, 7);
        assert_eq!(r.counted(), 27);
        assert_eq!(r.percent(), Some(74), "20 of 27");
        assert_ne!(r.percent_text(), "100%");
        // However many replies were on time, one overdue item keeps the rate below 100 %.
        let many = on_time_rate((0..10_000).map(|_| (date(2025, 3, 1), Some(date(2025, 4, 1)))), 1);
        assert_eq!(many.percent(), Some(99));
    }

    #[test]
    fn only_overdue_is_zero_and_nothing_is_no_rate() {
        assert_eq!(on_time_rate([], 3).percent(), Some(0));
        assert_eq!(on_time_rate([], 0).percent(), None);
        assert_eq!(on_time_rate([], 0).percent_text(), "—");
        let whole = on_time_rate([(date(2025, 3, 1), Some(date(2025, 3, 1)))], 0);
        assert_eq!(whole.percent_text(), "100%");
        assert_eq!(whole.plus(on_time_rate([], 1)), OnTimeRate { on_time: 1, replied: 1, overdue: 1 });
    }

    #[test]
    fn the_windows_agree_with_the_facts_day_by_day() {
        let settings = Settings::default();
        let today = date(2025, 6, 15);
        let mut f = Facts::draft(0);
        f.state = SuggestionState::InProgress;
        f.assigned_on = Some(date(2025, 3, 1));
        for offset in -40i64..40 {
            let due = today.checked_add(jiff::Span::new().days(offset)).expect("date");
            f.due_on = Some(due);
            let (from, to) = near_due_window(today, &settings);
            assert_eq!(f.is_overdue(today), due < overdue_before(today), "{due}");
            assert_eq!(f.is_near_due(today, &settings), (from..=to).contains(&due), "{due}");
        }
    }
}
