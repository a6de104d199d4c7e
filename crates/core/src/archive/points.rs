//! Points and assessment periods: the two quantities every other scoring module shares.

use super::ScoringError;
use jiff::civil::{Date, date};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::{Add, AddAssign, Neg, Sub};

/// A number of points, held in hundredths so that 0.5 and 0.25 (both found in real tables)
/// add up exactly and in any order. Arithmetic saturates rather than wrapping: a sum of
/// absurd quantities is wrong but never negative by accident.
///
/// In JSON a value is a plain number (`3`, `2.5`); more than two decimals are refused.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(i64);

impl Points {
    pub const ZERO: Points = Points(0);

    /// Whole points: `Points::whole(3)` is 3 分.
    pub const fn whole(n: i64) -> Points {
        Points(n.saturating_mul(100))
    }

    /// `Points::hundredths(250)` is 2.5 分.
    pub const fn hundredths(n: i64) -> Points {
        Points(n)
    }

    pub const fn as_hundredths(self) -> i64 {
        self.0
    }

    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub const fn abs(self) -> Points {
        Points(self.0.saturating_abs())
    }

    /// `self` × `n`, saturating.
    pub const fn times(self, n: u32) -> Points {
        Points(self.0.saturating_mul(n as i64))
    }
}

impl Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Points {
    fn add_assign(&mut self, rhs: Points) {
        *self = *self + rhs;
    }
}

impl Sub for Points {
    type Output = Points;
    fn sub(self, rhs: Points) -> Points {
        Points(self.0.saturating_sub(rhs.0))
    }
}

impl Neg for Points {
    type Output = Points;
    fn neg(self) -> Points {
        Points(self.0.saturating_neg())
    }
}

/// `3`, `2.5`, `0.25`, `-1`: as a clerk writes it, without trailing zeros.
impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / 100, abs % 100);
        match frac {
            0 => write!(f, "{sign}{whole}"),
            f10 if f10 % 10 == 0 => write!(f, "{sign}{whole}.{}", f10 / 10),
            _ => write!(f, "{sign}{whole}.{frac:02}"),
        }
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 {
            s.serialize_i64(self.0 / 100)
        } else {
            #[expect(clippy::cast_precision_loss, reason = "table values are far below 2^52 hundredths")]
            s.serialize_f64(self.0 as f64 / 100.0)
        }
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        let scaled = v * 100.0;
        let rounded = scaled.round();
        if !rounded.is_finite() || rounded.abs() > 1e15 {
            return Err(serde::de::Error::custom("分值超出范围"));
        }
        if (scaled - rounded).abs() > 1e-6 {
            return Err(serde::de::Error::custom("分值最多保留两位小数"));
        }
        #[expect(clippy::cast_possible_truncation, reason = "checked finite and within ±1e15 just above")]
        Ok(Points(rounded as i64))
    }
}

/// An assessment period: both days included. Items dated outside it do not count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PeriodDto", into = "PeriodDto")]
pub struct Period {
    from: Date,
    to: Date,
}

#[derive(Serialize, Deserialize)]
struct PeriodDto {
    from: Date,
    to: Date,
}

impl TryFrom<PeriodDto> for Period {
    type Error = ScoringError;
    fn try_from(d: PeriodDto) -> Result<Self, ScoringError> {
        Period::new(d.from, d.to)
    }
}

impl From<Period> for PeriodDto {
    fn from(p: Period) -> Self {
        PeriodDto { from: p.from, to: p.to }
    }
}

impl Period {
    pub fn new(from: Date, to: Date) -> Result<Period, ScoringError> {
        if from > to {
            return Err(ScoringError::InvalidPeriod { from, to });
        }
        Ok(Period { from, to })
    }

    /// The calendar year that `day` falls in.
    pub fn year_of(day: Date) -> Period {
        Period { from: day.first_of_year(), to: day.last_of_year() }
    }

    /// From 1 January to the end of quarter `q` (1–4, clamped) of `day`'s year: what a congress
    /// publishing quarterly scores (东宝区) shows — the year so far.
    pub fn year_to_quarter(day: Date, q: u8) -> Period {
        let month = 3 * i8::try_from(q.clamp(1, 4)).unwrap_or(4);
        // The year comes from a valid date and the month is 3, 6, 9 or 12: always a valid date.
        let end = date(day.year(), month, 1).last_of_month();
        Period { from: day.first_of_year(), to: end }
    }

    pub fn from(self) -> Date {
        self.from
    }

    pub fn to(self) -> Date {
        self.to
    }

    pub fn contains(self, day: Date) -> bool {
        self.from <= day && day <= self.to
    }

    /// Days in the period, both ends included (365 or 366 for a year).
    pub fn days(self) -> u32 {
        let d = (self.to - self.from).get_days();
        u32::try_from(d).unwrap_or(0) + 1
    }

    /// Days of the period a deputyship from `start` to `end` (inclusive; `None` = still in
    /// office) covers. 0 when it lies wholly outside.
    pub fn days_in_office(self, start: Date, end: Option<Date>) -> u32 {
        let from = start.max(self.from);
        let to = end.map_or(self.to, |e| e.min(self.to));
        if from > to { 0 } else { Period { from, to }.days() }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = (self.from, self.to);
        write!(f, "{}年{}月{}日至{}年{}月{}日", a.year(), a.month(), a.day(), b.year(), b.month(), b.day())
    }
}
