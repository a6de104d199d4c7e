//! Typed reads of the columns dates, instants and codes are kept in. Both backends store a civil
//! date as `YYYY-MM-DD` text and an instant as RFC 3339 UTC text ([`crate::stamp`]); rows hand
//! them to the rest of the platform as `jiff` values and the core's enums, never as strings.

use crate::{Result, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::{ColumnIndex, Row};
use std::fmt::Debug;

/// `text` as stored in `col`, read back (a date, an instant).
pub(crate) fn parse<T: std::str::FromStr>(col: impl Debug, text: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    text.parse::<T>().map_err(|e| StoreError::Internal(format!("bad value {text:?} in column {col:?}: {e}")))
}

/// A civil date column.
pub(crate) fn date<I: ColumnIndex<AnyRow> + Debug + Copy>(r: &AnyRow, col: I) -> Result<Date> {
    let text: String = r.try_get(col)?;
    parse(col, &text)
}

/// A civil date column that may be empty.
pub(crate) fn opt_date<I: ColumnIndex<AnyRow> + Debug + Copy>(r: &AnyRow, col: I) -> Result<Option<Date>> {
    let text: Option<String> = r.try_get(col)?;
    text.map(|t| parse(col, &t)).transpose()
}

/// An instant column.
pub(crate) fn instant<I: ColumnIndex<AnyRow> + Debug + Copy>(r: &AnyRow, col: I) -> Result<Timestamp> {
    let text: String = r.try_get(col)?;
    parse(col, &text)
}

/// An instant column that may be empty.
pub(crate) fn opt_instant<I: ColumnIndex<AnyRow> + Debug + Copy>(r: &AnyRow, col: I) -> Result<Option<Timestamp>> {
    let text: Option<String> = r.try_get(col)?;
    text.map(|t| parse(col, &t)).transpose()
}

/// A column holding one of the core's codes (`from_code` reads it back).
pub(crate) fn code<T, I: ColumnIndex<AnyRow> + Debug + Copy>(
    r: &AnyRow,
    col: I,
    from_code: impl Fn(&str) -> Option<T>,
) -> Result<T> {
    let text: String = r.try_get(col)?;
    from_code(&text).ok_or_else(|| StoreError::Internal(format!("unknown code {text:?} in column {col:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_stored_value_is_an_internal_error_naming_its_column() {
        let e = parse::<Date>("on_date", "2025-13-01").expect_err("no 13th month");
        assert!(matches!(&e, StoreError::Internal(m) if m.contains("on_date") && m.contains("2025-13-01")), "{e:?}");
        assert_eq!(parse::<Date>("on_date", "2025-03-05").ok(), Some(jiff::civil::date(2025, 3, 5)));
        let t = parse::<Timestamp>("at", "2025-03-05T01:02:03.000004Z").expect("an instant");
        assert_eq!(crate::stamp(t), "2025-03-05T01:02:03.000004Z");
    }
}
