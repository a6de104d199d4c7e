//! The one clock: every instant the platform stamps and every civil date it decides or shows.
//!
//! Instants are stored as such (UTC). Civil dates and times — deadlines, working-day windows,
//! "today" in forms, assessment periods, history lines, exports — are Beijing's (UTC+8, no
//! daylight saving since 1991): the law's dates are Beijing's, and a stored civil date would
//! change its meaning if the zone could change, so the zone is fixed here and never taken from
//! the host. The offset is fixed rather than looked up as `Asia/Shanghai` so that a server
//! without a time-zone database agrees.
//!
//! A [`Clock`] is a cheap value handed to whoever needs the time: the system's clock in
//! production, a hand-set one in tests and demonstrations ([`Clock::starting_at`]), which never
//! reads the real date. Reading the system time is the only thing here that touches the world.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Beijing time: UTC+8.
pub const BEIJING: Offset = jiff::tz::offset(8);

/// The Beijing civil date and time of an instant.
pub fn beijing(t: Timestamp) -> DateTime {
    BEIJING.to_datetime(t)
}

/// The Beijing civil date of an instant.
pub fn beijing_date(t: Timestamp) -> Date {
    beijing(t).date()
}

/// The instant of a Beijing civil date and time.
pub fn from_beijing(dt: DateTime) -> Timestamp {
    // A fixed offset has no gaps or folds: the conversion cannot fail within jiff's range.
    BEIJING.to_timestamp(dt).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The Beijing civil date of a stored instant (RFC 3339 text), if it is one.
pub fn beijing_date_of(stored: &str) -> Option<Date> {
    stored.parse::<Timestamp>().ok().map(beijing_date)
}

/// Where "now" comes from. Clones share the same hand: setting a test clock moves every clone.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    source: Source,
}

#[derive(Clone, Debug, Default)]
enum Source {
    /// The system's clock.
    #[default]
    System,
    /// The system's clock moved by a fixed amount: a demonstration that runs from a chosen day.
    Shifted(SignedDuration),
    /// Microseconds since the epoch, set by hand.
    Hand(Arc<AtomicI64>),
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Clock {
        Clock { source: Source::System }
    }

    /// A clock that reads `t` now and runs on at the system clock's pace (`renda serve --now`,
    /// for demonstrations and browser tests on a chosen day).
    pub fn running_from(t: Timestamp) -> Clock {
        Clock { source: Source::Shifted(t.duration_since(Timestamp::now())) }
    }

    /// A clock set by hand at `t`. It moves forward one microsecond each time it is read, so
    /// instants stamped one after another stay in order, and otherwise only when set.
    pub fn starting_at(t: Timestamp) -> Clock {
        Clock { source: Source::Hand(Arc::new(AtomicI64::new(t.as_microsecond()))) }
    }

    /// A clock set by hand at a Beijing date and time.
    pub fn at_beijing(dt: DateTime) -> Clock {
        Clock::starting_at(from_beijing(dt))
    }

    /// A clock set by hand at 10:00 Beijing time on `day` (a working morning).
    pub fn on(day: Date) -> Clock {
        Clock::at_beijing(day.to_datetime(Time::constant(10, 0, 0, 0)))
    }

    /// Whether this clock is set by hand.
    pub fn is_manual(&self) -> bool {
        matches!(self.source, Source::Hand(_))
    }

    /// Sets a hand-set clock to `t`. The system's clock cannot be set: it is left alone.
    pub fn set(&self, t: Timestamp) {
        debug_assert!(self.is_manual(), "only a hand-set clock can be set");
        if let Source::Hand(hand) = &self.source {
            hand.store(t.as_microsecond(), Ordering::SeqCst);
        }
    }

    /// Sets a hand-set clock to a Beijing date and time.
    pub fn set_beijing(&self, dt: DateTime) {
        self.set(from_beijing(dt));
    }

    /// Sets a hand-set clock to 10:00 Beijing time on `day`.
    pub fn set_on(&self, day: Date) {
        self.set_beijing(day.to_datetime(Time::constant(10, 0, 0, 0)));
    }

    /// Moves a hand-set clock forward (or back) by `d`.
    pub fn advance(&self, d: SignedDuration) {
        debug_assert!(self.is_manual(), "only a hand-set clock can be moved");
        if let Source::Hand(hand) = &self.source {
            let micros = i64::try_from(d.as_micros()).unwrap_or(i64::MAX);
            hand.fetch_add(micros, Ordering::SeqCst);
        }
    }

    /// The instant now.
    pub fn now(&self) -> Timestamp {
        match &self.source {
            Source::System => Timestamp::now(),
            Source::Shifted(by) => Timestamp::now().saturating_add(*by).unwrap_or(Timestamp::MAX),
            Source::Hand(hand) => {
                let micros = hand.fetch_add(1, Ordering::SeqCst);
                Timestamp::from_microsecond(micros).unwrap_or(Timestamp::UNIX_EPOCH)
            }
        }
    }

    /// The Beijing civil date and time now.
    pub fn beijing(&self) -> DateTime {
        beijing(self.now())
    }

    /// Today in Beijing.
    pub fn today(&self) -> Date {
        self.beijing().date()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, datetime};

    #[test]
    fn today_is_beijings_on_either_side_of_its_midnight() {
        // 15:59 UTC is 23:59 in Beijing; 16:01 UTC is already 00:01 the next day there.
        let c = Clock::starting_at("2026-12-03T15:59:00Z".parse().expect("instant"));
        assert_eq!(c.today(), date(2026, 12, 3));
        c.set("2026-12-03T16:01:00Z".parse().expect("instant"));
        assert_eq!(c.today(), date(2026, 12, 4));
        assert_eq!(c.beijing().time().hour(), 0);
    }

    #[test]
    fn a_hand_set_clock_keeps_stamps_in_order_and_clones_share_it() {
        let c = Clock::at_beijing(datetime(2026, 3, 10, 23, 59, 0, 0));
        let shared = c.clone();
        let (a, b) = (c.now(), c.now());
        assert!(a < b, "two stamps in a row differ");
        assert_eq!(beijing(a).date(), date(2026, 3, 10));
        shared.advance(SignedDuration::from_mins(2));
        assert_eq!(c.today(), date(2026, 3, 11), "moving a clone moves the clock");
        assert!(c.is_manual() && !Clock::system().is_manual());
    }

    #[test]
    fn a_demonstration_clock_starts_on_the_chosen_day_and_runs_on() {
        let c = Clock::running_from(from_beijing(datetime(2025, 3, 10, 9, 0, 0, 0)));
        let (a, b) = (c.now(), c.now());
        assert!(a <= b);
        assert_eq!(c.today(), date(2025, 3, 10));
        assert!(!c.is_manual());
    }

    #[test]
    fn stored_instants_read_as_beijing_dates() {
        assert_eq!(beijing_date_of("2026-12-03T18:56:00.000000Z"), Some(date(2026, 12, 4)));
        assert_eq!(beijing_date_of("2026-12-03T15:00:00Z"), Some(date(2026, 12, 3)));
        assert_eq!(beijing_date_of("not a time"), None);
        assert_eq!(from_beijing(datetime(2026, 12, 4, 0, 0, 0, 0)).to_string(), "2026-12-03T16:00:00Z");
    }
}
