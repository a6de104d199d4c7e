//! Recomputing scores, for one congress or for every congress below one, a few hundred
//! congresses at a time.
//!
//! For each chunk of congresses it reads, in one query each, the rule books of the year, the
//! deputies in office and their tallies ([`super::tally`]: one row per deputy with the counted
//! items summed per kind); scores every deputy with the core's `score_totals` under the version
//! in force on the period's last day; and writes the scores with their lines in one transaction
//! that claims the chunk's congress chains and records one audit entry on each. A deputy whose
//! tally holds an item dated after the period (recomputing a past part of the year) is scored
//! from their items instead. Two chunks are in flight at once, so the database writes one while
//! the next is read and scored.

use super::tally::parse_totals;
use super::{InOffice, correction_of, day, kind_of, lines_json, year_so_far};
use crate::audit::{Chain, Entry};
use crate::{Result, Store, StoreError};
use futures_util::{StreamExt, TryStreamExt};
use jiff::civil::Date;
use renda_core::archive::{KindTotal, Period, PreparedTable, RuleBook, RuleTable, RuleVersion, Summary, score_totals};
use renda_core::ids::OrgId;
use serde::Serialize;
use sqlx::{AssertSqlSafe, Row};
use std::collections::HashMap;
use std::sync::Arc;

/// Congresses read and written together (one transaction, one query per table).
const CHUNK_CONGRESSES: usize = 256;
/// Chunks in flight at once.
const JOBS: usize = 2;
/// Scores per multi-row upsert (9 parameters each). SQLite's driver binds each parameter by
/// looking its name up among all of the statement's, so its cost grows with the square of the
/// parameters: 1,000 rows a statement ran at 9,000 rows/s there, 20 at 50,000 (measured with
/// `bench/scoring`); PostgreSQL is as fast at 200 as at 1,000.
const ROWS_PER_STATEMENT: usize = 500;
const ROWS_PER_STATEMENT_SQLITE: usize = 20;

/// What a recomputation did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RecomputeReport {
    /// Congresses whose deputies were scored.
    pub congresses: usize,
    /// Deputies scored.
    pub deputies: usize,
    /// Congresses left alone: no rule table for the year, or none in force yet.
    pub without_rules: Vec<OrgId>,
    /// Deputies scored from their items because their tally holds an item dated after the period.
    pub from_items: usize,
    /// Scores removed: deputies no longer in office during the period.
    pub removed: usize,
}

impl RecomputeReport {
    fn add(&mut self, o: RecomputeReport) {
        self.congresses += o.congresses;
        self.deputies += o.deputies;
        self.without_rules.extend(o.without_rules);
        self.from_items += o.from_items;
        self.removed += o.removed;
    }
}

/// One deputy's computed score: who, the summary, the band's label and the lines' JSON.
type Scored = (InOffice, Summary, Option<String>, String);

/// One congress of a chunk with the version of its table in force.
struct Run {
    congress: i64,
    version: u32,
    table: Arc<PreparedTable>,
    deputies: Vec<InOffice>,
    /// (person, totals) by person.
    tallies: Vec<(i64, Vec<KindTotal>)>,
    scored: Vec<Scored>,
}

/// A version row of a chunk: (congress, version, effective from, published on, table, corrects,
/// reason).
type BookRow = (i64, i64, String, String, String, Option<i64>, Option<String>);

/// `$from, $from+1, …` for `n` parameters.
fn marks(from: usize, n: usize) -> String {
    (from..from + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(",")
}

impl Store {
    /// Recomputes the scores of every deputy of `congress` in office during `year` (up to
    /// `today`), with the version of the year's table in force on the period's last day;
    /// deputies with no counted items get the table's base, scores of deputies no longer in
    /// office are removed. Refused when the congress has no table in force. Returns how many
    /// deputies were scored.
    pub async fn recompute_scores(&self, congress: OrgId, year: i16, today: Date) -> Result<usize> {
        self.ensure_congress(congress).await?;
        let period = year_so_far(year, today)?;
        let report = self.recompute_chunk(vec![congress.0], year, period, self.now_text()).await?;
        if !report.without_rules.is_empty() {
            return Err(StoreError::NotFound("考核期末生效的评分细则"));
        }
        Ok(report.deputies)
    }

    /// [`Store::recompute_scores`] for `root` and every congress below it (a city and all its
    /// counties and townships), skipping congresses without a table in force (listed in the
    /// report). Each chunk of congresses commits on its own: a failure leaves the chunks
    /// before it recomputed and the rest as they were.
    pub async fn recompute_scores_below(&self, root: OrgId, year: i16, today: Date) -> Result<RecomputeReport> {
        self.ensure_congress(root).await?;
        let period = year_so_far(year, today)?;
        let mut congresses: Vec<i64> = self.congress_subtree(root).await?.into_iter().map(|c| c.0).collect();
        congresses.sort_unstable();
        let computed_at = self.now_text();
        let chunks: Vec<Vec<i64>> = congresses.chunks(CHUNK_CONGRESSES).map(<[i64]>::to_vec).collect();
        let mut reports = futures_util::stream::iter(chunks)
            .map(|chunk| self.recompute_chunk(chunk, year, period, computed_at.clone()))
            .buffer_unordered(JOBS);
        let mut total = RecomputeReport::default();
        while let Some(r) = reports.try_next().await? {
            total.add(r);
        }
        total.without_rules.sort_unstable();
        Ok(total)
    }

    /// Reads, scores and writes one chunk of congresses (ids ascending).
    async fn recompute_chunk(
        &self,
        congresses: Vec<i64>,
        year: i16,
        period: Period,
        computed_at: String,
    ) -> Result<RecomputeReport> {
        let mut report = RecomputeReport::default();
        let mut runs = self.chunk_books(&congresses, year, period, &mut report).await?;
        if runs.is_empty() {
            return Ok(report);
        }
        self.chunk_deputies(&mut runs, period).await?;
        report.from_items = self.chunk_tallies(&mut runs, year, period).await?;
        for run in &mut runs {
            run.score(period);
        }
        report.congresses = runs.len();
        report.deputies = runs.iter().map(|r| r.scored.len()).sum();
        report.removed = self.write_chunk(&runs, year, period, &computed_at).await?;
        Ok(report)
    }

    /// The version in force at the period's end of each congress's table; congresses without
    /// one go to `report.without_rules`. Identical tables (a template many congresses share) are
    /// parsed and prepared once.
    async fn chunk_books(
        &self,
        congresses: &[i64],
        year: i16,
        period: Period,
        report: &mut RecomputeReport,
    ) -> Result<Vec<Run>> {
        let sql = format!(
            "SELECT congress_id, version, effective_from, published_on, table_json, corrects, correction_reason
             FROM rule_book_versions
             WHERE year = $1 AND congress_id IN ({}) ORDER BY congress_id, version",
            marks(2, congresses.len())
        );
        let mut q = sqlx::query_as::<_, BookRow>(AssertSqlSafe(sql)).bind(i64::from(year));
        for c in congresses {
            q = q.bind(*c);
        }
        let rows = q.fetch_all(self.pool()).await?;
        let mut parsed: HashMap<String, RuleTable> = HashMap::new();
        let mut prepared: HashMap<String, Arc<PreparedTable>> = HashMap::new();
        let mut runs = Vec::new();
        let mut i = 0;
        for &congress in congresses {
            let mut versions = Vec::new();
            let mut texts = Vec::new();
            while let Some((c, version, from, published, json, corrects, reason)) = rows.get(i) {
                if *c != congress {
                    break;
                }
                i += 1;
                if !parsed.contains_key(json) {
                    let t: RuleTable = serde_json::from_str(json)
                        .map_err(|e| StoreError::Internal(format!("archive: bad table: {e}")))?;
                    parsed.insert(json.clone(), t);
                }
                let version = u32::try_from(*version)
                    .map_err(|_| StoreError::Internal(format!("archive: bad version {version}")))?;
                versions.push(RuleVersion {
                    version,
                    effective_from: day(from)?,
                    published_on: day(published)?,
                    table: parsed[json].clone(),
                    correction: correction_of(*corrects, reason.clone())?,
                });
                texts.push((version, json));
            }
            let book = RuleBook::from_versions(OrgId(congress), year, versions)?;
            let Some(v) = book.for_period(period) else {
                report.without_rules.push(OrgId(congress));
                continue;
            };
            let json = texts.iter().find(|(n, _)| *n == v.version).map(|(_, j)| (*j).clone()).unwrap_or_default();
            let table = match prepared.get(&json) {
                Some(t) => t.clone(),
                None => {
                    let t = Arc::new(v.table.clone().prepare()?);
                    prepared.insert(json, t.clone());
                    t
                }
            };
            runs.push(Run {
                congress,
                version: v.version,
                table,
                deputies: Vec::new(),
                tallies: Vec::new(),
                scored: Vec::new(),
            });
        }
        Ok(runs)
    }

    /// The deputies of each run's congress in office during `period`, by person: the latest
    /// deputyship and the days in office (all of the person's seats in the congress that year).
    async fn chunk_deputies(&self, runs: &mut [Run], period: Period) -> Result<()> {
        let sql = format!(
            "SELECT congress_id, id, person_id, start_date, end_date FROM deputyships
             WHERE congress_id IN ({}) AND start_date <= $2 AND (end_date IS NULL OR end_date > $1)
             ORDER BY congress_id, person_id, start_date, id",
            marks(3, runs.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(period.from().to_string()).bind(period.to().to_string());
        for r in runs.iter() {
            q = q.bind(r.congress);
        }
        let rows = q.fetch_all(self.pool()).await?;
        for row in rows {
            let congress: i64 = row.try_get(0)?;
            let Ok(at) = runs.binary_search_by_key(&congress, |r| r.congress) else { continue };
            let (id, person): (i64, i64) = (row.try_get(1)?, row.try_get(2)?);
            let (start, end): (String, Option<String>) = (row.try_get(3)?, row.try_get(4)?);
            // The seat ends on `end_date`: the last day in office is the day before.
            let last = end.as_deref().map(day).transpose()?.map(|e| e.yesterday().unwrap_or(e));
            let days = period.days_in_office(day(&start)?, last);
            let out = &mut runs[at].deputies;
            match out.last_mut() {
                Some(o) if o.person == person => {
                    o.deputyship = id;
                    o.days = (o.days + days).min(period.days());
                }
                _ => out.push(InOffice { person, deputyship: id, days }),
            }
        }
        for r in runs.iter_mut() {
            r.deputies.retain(|o| o.days > 0);
        }
        Ok(())
    }

    /// Each run's tallies of the year, by person. A tally holding an item dated after the
    /// period is replaced by that deputy's counted items of the period, summed per kind.
    /// Returns how many were.
    async fn chunk_tallies(&self, runs: &mut [Run], year: i16, period: Period) -> Result<usize> {
        let sql = format!(
            "SELECT congress_id, person_id, last_date, totals FROM archive_tallies
             WHERE year = $1 AND congress_id IN ({}) ORDER BY congress_id, person_id",
            marks(2, runs.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(i64::from(year));
        for r in runs.iter() {
            q = q.bind(r.congress);
        }
        let rows = q.fetch_all(self.pool()).await?;
        let mut late: Vec<(usize, i64)> = Vec::new();
        let to = period.to();
        for row in rows {
            let congress: i64 = row.try_get(0)?;
            let Ok(at) = runs.binary_search_by_key(&congress, |r| r.congress) else { continue };
            let person: i64 = row.try_get(1)?;
            let last: &str = row.try_get(2)?;
            if day(last)? > to {
                late.push((at, person));
                continue;
            }
            let totals: &str = row.try_get(3)?;
            runs[at].tallies.push((person, parse_totals(totals)?));
        }
        for (at, person) in &late {
            let run = &mut runs[*at];
            let totals = self.totals_from_items(run.congress, *person, period).await?;
            let i = run.tallies.partition_point(|(p, _)| p < person);
            run.tallies.insert(i, (*person, totals));
        }
        Ok(late.len())
    }

    /// One deputy's counted items in a congress during `period`, summed per kind.
    async fn totals_from_items(&self, congress: i64, person: i64, period: Period) -> Result<Vec<KindTotal>> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT kind, CAST(SUM(quantity) AS BIGINT), COUNT(*) FROM archive_items
             WHERE congress_id = $1 AND person_id = $2 AND item_date >= $3 AND item_date <= $4
               AND (origin = 'platform' OR status = 'verified')
             GROUP BY kind",
        )
        .bind(congress)
        .bind(person)
        .bind(period.from().to_string())
        .bind(period.to().to_string())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(kind, quantity, items)| {
                Ok(KindTotal {
                    kind: kind_of(&kind)?,
                    quantity: u64::try_from(quantity)
                        .map_err(|_| StoreError::Internal("archive: negative quantity".into()))?,
                    items: u64::try_from(items).unwrap_or(0),
                })
            })
            .collect()
    }

    /// Writes a chunk's scores in one transaction on the chunk's congress chains: upserts every
    /// score, removes the scores of the year this run did not write (deputies no longer in
    /// office), and records one entry per congress. Returns how many scores were removed.
    async fn write_chunk(&self, runs: &[Run], year: i16, period: Period, computed_at: &str) -> Result<usize> {
        let chains: Vec<Chain> = runs.iter().map(|r| Chain::Congress(OrgId(r.congress))).collect();
        let mut w = self.begin_write_chains(&chains, None).await?;
        // Scores are derived and recomputed at will: on PostgreSQL their commit need not wait for
        // the disk. A crash may lose the last fraction of a second of them — with their audit
        // entries and the chain heads, in the same transaction, so the chains stay whole.
        if self.backend() == crate::Backend::Postgres {
            sqlx::query("SET LOCAL synchronous_commit = off").execute(w.conn()).await?;
        }
        let rows: Vec<(&Run, &Scored)> = runs.iter().flat_map(|r| r.scored.iter().map(move |s| (r, s))).collect();
        let per = match self.backend() {
            crate::Backend::Postgres => ROWS_PER_STATEMENT,
            crate::Backend::Sqlite => ROWS_PER_STATEMENT_SQLITE,
        };
        for part in rows.chunks(per) {
            let values: Vec<String> = (0..part.len())
                .map(|i| {
                    let b = 3 + i * 9;
                    let p: Vec<String> = (1..=9).map(|k| format!("${}", b + k)).collect();
                    format!(
                        "({}, $1, {}, {}, {}, {}, $2, {}, {}, {}, {}, $3)",
                        p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]
                    )
                })
                .collect();
            let sql = format!(
                "INSERT INTO archive_scores (congress_id, year, person_id, deputyship_id, days_in_office, version, period_to,
                    total, band, activity, lines, computed_at)
                 VALUES {}
                 ON CONFLICT (congress_id, year, person_id) DO UPDATE SET deputyship_id = excluded.deputyship_id,
                    days_in_office = excluded.days_in_office, version = excluded.version, period_to = excluded.period_to,
                    total = excluded.total, band = excluded.band, activity = excluded.activity, lines = excluded.lines,
                    computed_at = excluded.computed_at",
                values.join(",")
            );
            let mut q =
                sqlx::query(AssertSqlSafe(sql)).bind(i64::from(year)).bind(period.to().to_string()).bind(computed_at);
            for (run, (o, s, band, lines)) in part {
                q = q
                    .bind(run.congress)
                    .bind(o.person)
                    .bind(o.deputyship)
                    .bind(i64::from(o.days))
                    .bind(i64::from(run.version))
                    .bind(s.total.as_hundredths())
                    .bind(band.as_deref())
                    .bind(i64::from(s.activity))
                    .bind(lines.as_str());
            }
            q.execute(w.conn()).await?;
        }
        let sql = format!(
            "DELETE FROM archive_scores WHERE year = $1 AND computed_at <> $2 AND congress_id IN ({}) RETURNING congress_id",
            marks(3, runs.len())
        );
        let mut q = sqlx::query_scalar::<_, i64>(AssertSqlSafe(sql)).bind(i64::from(year)).bind(computed_at);
        for r in runs {
            q = q.bind(r.congress);
        }
        let mut removed: HashMap<i64, usize> = HashMap::new();
        for c in q.fetch_all(w.conn()).await? {
            *removed.entry(c).or_default() += 1;
        }
        let entries = runs
            .iter()
            .map(|r| {
                let after = serde_json::json!({
                    "year": year, "version": r.version, "period_to": period.to(), "computed_at": computed_at,
                    "deputies": r.scored.len(), "removed": removed.get(&r.congress).copied().unwrap_or(0),
                });
                Entry {
                    chain: Chain::Congress(OrgId(r.congress)),
                    action: "archive.scores",
                    entity: "archive_scores",
                    entity_id: format!("{}:{year}", r.congress),
                    before: None,
                    after: Some(after.to_string()),
                }
            })
            .collect::<Vec<_>>();
        w.record_many(&entries).await?;
        w.commit().await?;
        Ok(removed.values().sum())
    }
}

impl Run {
    /// Scores every deputy in office, on their tally (none: no counted items); tallies of
    /// persons not in office are not scored.
    fn score(&mut self, period: Period) {
        let mut tallies = self.tallies.iter().peekable();
        for d in &self.deputies {
            while tallies.next_if(|(p, _)| *p < d.person).is_some() {}
            let totals = tallies.next_if(|(p, _)| *p == d.person).map_or(&[][..], |(_, t)| t.as_slice());
            let sheet = score_totals(totals, &self.table, period);
            let band = sheet.band_label.map(str::to_owned);
            self.scored.push((*d, sheet.summary(), band, lines_json(&sheet)));
        }
    }
}
