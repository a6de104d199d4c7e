//! Running tallies of the duty archive (migration 0015): for each deputy, congress and year,
//! what the counted items — platform items and verified declarations — add up to per kind.
//!
//! Every write of an archive item refreshes the tallies it touches in the same transaction
//! ([`refresh`]), so a tally is never out of step with the items it sums, and recomputing a
//! score reads one row per deputy instead of every item. The refresh recomputes the tally from
//! that deputy's items of the year (a few dozen rows on the congress index) rather than adding a
//! difference: there is nothing to drift. [`crate::Store::rebuild_tallies`] derives every tally
//! again from the items (after a bulk load, or to repair a database edited by hand), and
//! [`crate::Store::tallies_out_of_step`] says which tallies disagree with the items.

use super::{day, kind_of};
use crate::audit::Chain;
use crate::{Backend, Result, Store, StoreError};
use jiff::civil::Date;
use renda_core::archive::KindTotal;
use renda_core::ids::{OrgId, PersonId};
use sqlx::AnyConnection;
use std::collections::{BTreeMap, BTreeSet};

/// (congress, year, person): whose tally an item counts in.
pub(crate) type TallyKey = (i64, i64, i64);

/// The tally an item of `person` in `congress` dated `date` counts in.
pub(crate) fn key(congress: OrgId, person: PersonId, date: Date) -> TallyKey {
    (congress.0, i64::from(date.year()), person.0)
}

/// What the items of one tally add up to, per kind: (kind code, quantity, items), by code.
type Totals = Vec<(String, i64, i64)>;

/// The stored form: `[["inspection",3,3],["survey",2,2]]`.
fn totals_json(totals: &Totals) -> Result<String> {
    serde_json::to_string(totals).map_err(|e| StoreError::Internal(format!("archive tally json: {e}")))
}

/// Reads a stored tally back into the core's per-kind totals.
pub(crate) fn parse_totals(json: &str) -> Result<Vec<KindTotal>> {
    let raw: Vec<(&str, u64, u64)> =
        serde_json::from_str(json).map_err(|e| StoreError::Internal(format!("archive: bad tally {json:?}: {e}")))?;
    raw.into_iter().map(|(kind, quantity, items)| Ok(KindTotal { kind: kind_of(kind)?, quantity, items })).collect()
}

/// The counted items of one tally, summed per kind, with the latest date among them.
async fn sum_items(conn: &mut AnyConnection, (congress, year, person): TallyKey) -> Result<(Totals, Option<String>)> {
    let rows: Vec<(String, i64, i64, String)> = sqlx::query_as(
        "SELECT kind, CAST(SUM(quantity) AS BIGINT), COUNT(*), MAX(item_date) FROM archive_items
         WHERE congress_id = $1 AND person_id = $2 AND item_date >= $3 AND item_date <= $4
           AND (origin = 'platform' OR status = 'verified')
         GROUP BY kind ORDER BY kind",
    )
    .bind(congress)
    .bind(person)
    .bind(format!("{year:04}-01-01"))
    .bind(format!("{year:04}-12-31"))
    .fetch_all(conn)
    .await?;
    let last = rows.iter().map(|r| r.3.clone()).max();
    Ok((rows.into_iter().map(|(k, q, n, _)| (k, q, n)).collect(), last))
}

/// Recomputes the tallies of `keys` from the items, in the caller's transaction (after its
/// writes to the items). Each tally row is claimed before the items are summed: on PostgreSQL
/// a second transaction changing the same deputy's items waits for the first to commit and
/// then sums what it wrote too, so neither overwrites the other's count.
pub(crate) async fn refresh(conn: &mut AnyConnection, keys: &BTreeSet<TallyKey>) -> Result<()> {
    for &key in keys {
        let (congress, year, person) = key;
        // Inserting a placeholder, or on conflict writing the row as it is, takes its lock
        // either way.
        sqlx::query(
            "INSERT INTO archive_tallies (congress_id, year, person_id, last_date, totals) VALUES ($1, $2, $3, '', '[]')
             ON CONFLICT (congress_id, year, person_id) DO UPDATE SET totals = archive_tallies.totals",
        )
        .bind(congress)
        .bind(year)
        .bind(person)
        .execute(&mut *conn)
        .await?;
        let (totals, last) = sum_items(conn, key).await?;
        match last {
            None => {
                sqlx::query("DELETE FROM archive_tallies WHERE congress_id = $1 AND year = $2 AND person_id = $3")
                    .bind(congress)
                    .bind(year)
                    .bind(person)
                    .execute(&mut *conn)
                    .await?;
            }
            Some(last) => {
                sqlx::query(
                    "UPDATE archive_tallies SET last_date = $4, totals = $5
                     WHERE congress_id = $1 AND year = $2 AND person_id = $3",
                )
                .bind(congress)
                .bind(year)
                .bind(person)
                .bind(last)
                .bind(totals_json(&totals)?)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(())
}

/// The migration that made the tallies: its last statement derives every tally from the items.
const MIGRATION_POSTGRES: &str = include_str!("../../migrations/postgres/0015_archive_tallies.sql");
const MIGRATION_SQLITE: &str = include_str!("../../migrations/sqlite/0015_archive_tallies.sql");

/// The statement that derives every tally from the items: migration 0015's own, so a rebuild
/// gives exactly what the migration gave.
fn rebuild_sql(backend: Backend) -> Result<&'static str> {
    let migration = match backend {
        Backend::Postgres => MIGRATION_POSTGRES,
        Backend::Sqlite => MIGRATION_SQLITE,
    };
    migration
        .find("INSERT INTO archive_tallies")
        .map(|i| migration[i..].trim_end().trim_end_matches(';'))
        .ok_or_else(|| StoreError::Internal("archive: migration 0015 has no INSERT".into()))
}

impl Store {
    /// Derives every tally again from the archive items, in one audited transaction on the
    /// global chain. For a database filled by bulk load (the scoring benchmark) or edited by
    /// hand; the platform's own writes keep the tallies in step. Returns how many tallies there are.
    pub async fn rebuild_tallies(&self) -> Result<u64> {
        let mut w = self.begin_write(Chain::Global, None).await?;
        let removed = sqlx::query("DELETE FROM archive_tallies").execute(w.conn()).await?.rows_affected();
        let rows = sqlx::query(rebuild_sql(self.backend())?).execute(w.conn()).await?.rows_affected();
        let after = serde_json::json!({ "removed": removed, "tallies": rows });
        w.record("archive.tallies_rebuilt", "archive_tallies", "all", None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(rows)
    }

    /// The tallies that do not agree with the items they sum — (congress, year, person), a
    /// tally missing or left over included. Empty when all is well; a check for tests and for
    /// an operator who edited the database by hand ([`Store::rebuild_tallies`] repairs).
    pub async fn tallies_out_of_step(&self) -> Result<Vec<(OrgId, i16, PersonId)>> {
        let rows: Vec<(i64, i64, i64, String, i64, i64, String)> = sqlx::query_as(
            "SELECT congress_id, CAST(substr(item_date, 1, 4) AS BIGINT), person_id, kind,
                    CAST(SUM(quantity) AS BIGINT), COUNT(*), MAX(item_date)
             FROM archive_items WHERE origin = 'platform' OR status = 'verified'
             GROUP BY congress_id, CAST(substr(item_date, 1, 4) AS BIGINT), person_id, kind",
        )
        .fetch_all(self.pool())
        .await?;
        let mut expected: BTreeMap<TallyKey, (Vec<KindTotal>, String)> = BTreeMap::new();
        for (congress, year, person, kind, quantity, items, last) in rows {
            let e = expected.entry((congress, year, person)).or_default();
            let (quantity, items) = (u64::try_from(quantity).unwrap_or(0), u64::try_from(items).unwrap_or(0));
            e.0.push(KindTotal { kind: kind_of(&kind)?, quantity, items });
            e.1 = e.1.clone().max(last);
        }
        let stored: Vec<(i64, i64, i64, String, String)> =
            sqlx::query_as("SELECT congress_id, year, person_id, last_date, totals FROM archive_tallies")
                .fetch_all(self.pool())
                .await?;
        let mut wrong = BTreeSet::new();
        let mut seen = BTreeSet::new();
        for (congress, year, person, last, totals) in stored {
            let key = (congress, year, person);
            seen.insert(key);
            let mut got = parse_totals(&totals)?;
            got.sort_by_key(|t| t.kind.code());
            // The stored date may be later than the items' (an upper bound), never earlier.
            let ok = expected.get_mut(&key).is_some_and(|(want, want_last)| {
                want.sort_by_key(|t| t.kind.code());
                *want == got && day(&last).ok() >= day(want_last).ok()
            });
            if !ok {
                wrong.insert(key);
            }
        }
        wrong.extend(expected.keys().filter(|k| !seen.contains(*k)));
        Ok(wrong.into_iter().map(|(c, y, p)| (OrgId(c), i16::try_from(y).unwrap_or(i16::MAX), PersonId(p))).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rebuild_is_the_migrations_last_statement_on_each_backend() {
        for backend in [Backend::Postgres, Backend::Sqlite] {
            let sql = rebuild_sql(backend).expect("found");
            assert!(
                sql.starts_with("INSERT INTO archive_tallies")
                    && sql.ends_with("GROUP BY congress_id, year, person_id")
            );
            assert!(!sql.contains(';'), "one statement: {sql}");
        }
    }

    #[test]
    fn stored_totals_read_back_and_bad_ones_are_refused() {
        let t = parse_totals(r#"[["inspection", 3, 3], ["survey",2,1]]"#).expect("reads");
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].kind.code(), t[0].quantity, t[0].items), ("inspection", 3, 3));
        assert_eq!((t[1].kind.code(), t[1].quantity, t[1].items), ("survey", 2, 1));
        assert!(parse_totals(r#"[["no_such_kind",1,1]]"#).is_err());
        assert!(parse_totals("{").is_err());
    }
}
