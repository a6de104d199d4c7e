//! Bulk loading of the generated archive into a fresh store: PostgreSQL by `COPY … FROM STDIN`
//! on a connection of its own, SQLite by multi-row `INSERT`s in large transactions. Both drop
//! `archive_items`' secondary indexes first and build them again afterwards from the
//! definitions the database reports (so the migration stays the one source of the schema), and
//! skip foreign-key checks while loading: the generated rows are consistent by construction.

use crate::data::{CREATED_AT, ITEM_COLUMNS, Item, Plan, YEAR, copy_row, day_texts, items_of, values_row};
use anyhow::{Context, Result};
use renda_store::Store;
use sqlx::postgres::PgConnection;
use sqlx::{AssertSqlSafe, Connection, Executor};
use std::time::Instant;

/// How many bytes of `COPY` data go in one message.
const COPY_CHUNK: usize = 4 << 20;
/// Rows per `INSERT` and per transaction on SQLite.
const INSERT_ROWS: u64 = 500;
const TX_ROWS: u64 = 200_000;

/// The rows around the items: the city (id 1), its county congresses, the deputies as persons
/// and deputyships (ids equal), and each congress's rule table for the year (`table_json`).
struct Frame<'a> {
    plan: Plan,
    table_json: &'a str,
}

impl Frame<'_> {
    fn organisations(&self) -> impl Iterator<Item = [String; 6]> + '_ {
        let city = [
            "1".into(),
            "基准市人民代表大会".into(),
            "congress:city".into(),
            "\\N".into(),
            "1".into(),
            CREATED_AT.into(),
        ];
        std::iter::once(city).chain((0..self.plan.congresses()).map(|i| {
            let id = (i + 2).to_string();
            [
                id.clone(),
                format!("基准县{}人民代表大会", i + 1),
                "congress:county".into(),
                "1".into(),
                id,
                CREATED_AT.into(),
            ]
        }))
    }

    fn persons(&self) -> impl Iterator<Item = [String; 3]> + '_ {
        (1..=self.plan.deputies).map(|p| [p.to_string(), format!("代表{p}"), CREATED_AT.into()])
    }

    fn deputyships(&self) -> impl Iterator<Item = [String; 7]> + '_ {
        (1..=self.plan.deputies).map(|p| {
            [
                p.to_string(),
                p.to_string(),
                self.plan.congress_of(p).to_string(),
                "18".into(),
                format!("第{}选区", (p - 1) % self.plan.per_congress / 5 + 1),
                "2022-01-10".into(),
                "elected".into(),
            ]
        })
    }

    fn rule_versions(&self) -> impl Iterator<Item = [String; 8]> + '_ {
        (0..self.plan.congresses()).map(|i| {
            [
                (i + 2).to_string(),
                YEAR.to_string(),
                "1".into(),
                format!("{YEAR}-01-01"),
                self.table_json.to_owned(),
                format!("{}-12-01", YEAR - 1),
                CREATED_AT.into(),
                CREATED_AT.into(),
            ]
        })
    }
}

const ORG_COLUMNS: &str = "organisations (id, name, kind, parent_id, congress_id, created_at)";
const PERSON_COLUMNS: &str = "persons (id, name, created_at)";
const SHIP_COLUMNS: &str = "deputyships (id, person_id, congress_id, term, delegation, start_date, start_reason)";
const RULE_COLUMNS: &str =
    "rule_book_versions (congress_id, year, version, effective_from, table_json, published_on, created_at, updated_at)";

/// Calls `row` for every item of the plan, in deputy order, with its id.
fn for_each_item(plan: &Plan, mut row: impl FnMut(u64, u64, u64, &Item, &str)) {
    let days = day_texts();
    let mut items = Vec::with_capacity(plan.items as usize);
    let mut id = 0;
    for person in 1..=plan.deputies {
        items_of(person, plan.items, &mut items);
        let congress = plan.congress_of(person);
        for it in &items {
            id += 1;
            row(id, person, congress, it, &days[usize::from(it.day)]);
        }
    }
}

fn progress(label: &str, done: u64, total: u64, start: Instant) {
    let s = start.elapsed().as_secs_f64();
    #[expect(clippy::cast_precision_loss, reason = "a progress line")]
    let rate = done as f64 / s.max(1e-9);
    eprint!("\r  {label}: {done}/{total} rows, {s:.0} s, {rate:.0} rows/s   ");
}

// ---- PostgreSQL ---------------------------------------------------------------------------

async fn copy_rows<const N: usize>(
    conn: &mut PgConnection,
    table: &str,
    rows: impl Iterator<Item = [String; N]>,
) -> Result<()> {
    let mut copy = conn.copy_in_raw(&format!("COPY {table} FROM STDIN")).await?;
    let mut buf = Vec::with_capacity(COPY_CHUNK + 4096);
    for r in rows {
        for (i, cell) in r.iter().enumerate() {
            if i > 0 {
                buf.push(b'\t');
            }
            if cell == "\\N" {
                buf.extend_from_slice(cell.as_bytes());
            } else {
                // COPY's text format gives backslashes, tabs and newlines a meaning: escape them.
                for b in cell.bytes() {
                    match b {
                        b'\\' => buf.extend_from_slice(b"\\\\"),
                        b'\t' => buf.extend_from_slice(b"\\t"),
                        b'\n' => buf.extend_from_slice(b"\\n"),
                        _ => buf.push(b),
                    }
                }
            }
        }
        buf.push(b'\n');
        if buf.len() >= COPY_CHUNK {
            copy.send(std::mem::take(&mut buf)).await?;
            buf.reserve(COPY_CHUNK + 4096);
        }
    }
    if !buf.is_empty() {
        copy.send(buf).await?;
    }
    copy.finish().await?;
    Ok(())
}

pub async fn postgres(url: &str, plan: Plan, table_json: &str) -> Result<()> {
    let mut conn = PgConnection::connect(url).await.context("connecting for COPY")?;
    // Skips the foreign-key triggers while loading (needs a superuser, as the bench's database
    // owner usually is): the generated rows reference only rows generated before them.
    conn.execute("SET session_replication_role = replica").await.context("SET session_replication_role (superuser)")?;
    conn.execute("SET maintenance_work_mem = '512MB'").await?;
    conn.execute("SET synchronous_commit = off").await?;
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'archive_items' AND indexname <> 'archive_items_pkey'",
    )
    .fetch_all(&mut conn)
    .await?;
    for (name, _) in &indexes {
        conn.execute(AssertSqlSafe(format!("DROP INDEX {name}"))).await?;
    }

    let frame = Frame { plan, table_json };
    copy_rows(&mut conn, ORG_COLUMNS, frame.organisations()).await?;
    copy_rows(&mut conn, PERSON_COLUMNS, frame.persons()).await?;
    copy_rows(&mut conn, SHIP_COLUMNS, frame.deputyships()).await?;
    copy_rows(&mut conn, RULE_COLUMNS, frame.rule_versions()).await?;

    // The items: generated on a thread of their own while the connection sends the chunks.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let generator = tokio::task::spawn_blocking(move || {
        let mut buf = Vec::with_capacity(COPY_CHUNK + 4096);
        for_each_item(&plan, |id, person, congress, item, day| {
            copy_row(&mut buf, id, person, congress, item, day);
            if buf.len() >= COPY_CHUNK {
                let full = std::mem::replace(&mut buf, Vec::with_capacity(COPY_CHUNK + 4096));
                // The receiver only goes away on an error, which the sender reports.
                let _ = tx.blocking_send(full);
            }
        });
        let _ = tx.blocking_send(buf);
    });
    let start = Instant::now();
    let mut copy = conn.copy_in_raw(&format!("COPY archive_items ({ITEM_COLUMNS}) FROM STDIN")).await?;
    let mut sent_rows = 0u64;
    while let Some(chunk) = rx.recv().await {
        sent_rows += chunk.iter().filter(|b| **b == b'\n').count() as u64;
        copy.send(chunk).await?;
        progress("archive_items (COPY)", sent_rows, plan.rows(), start);
    }
    copy.finish().await?;
    generator.await?;
    eprintln!();

    let start = Instant::now();
    for (name, def) in &indexes {
        eprintln!("  index {name} …");
        conn.execute(AssertSqlSafe(def.clone())).await?;
    }
    eprintln!("  indexes rebuilt in {:.0} s; ANALYZE …", start.elapsed().as_secs_f64());
    for table in ["organisations", "persons", "deputyships", "archive_items"] {
        conn.execute(AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        )))
        .await?;
    }
    conn.execute("ANALYZE").await?;
    conn.close().await?;
    Ok(())
}

// ---- SQLite -------------------------------------------------------------------------------

fn values<const N: usize>(r: &[String; N]) -> String {
    let cells: Vec<String> = r.iter().map(|c| if c == "\\N" { "NULL".to_owned() } else { format!("'{c}'") }).collect();
    format!("({})", cells.join(","))
}

pub async fn sqlite(store: &Store, plan: Plan, table_json: &str) -> Result<()> {
    let mut conn = store.writer().acquire().await?;
    conn.execute("PRAGMA foreign_keys = OFF").await?;
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'archive_items' AND sql IS NOT NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    for (name, _) in &indexes {
        conn.execute(AssertSqlSafe(format!("DROP INDEX {name}"))).await?;
    }
    let frame = Frame { plan, table_json };
    conn.execute("BEGIN").await?;
    // The rule table's JSON holds quotes of its own: escape them for the literal.
    let escaped = table_json.replace('\'', "''");
    let escaped_frame = Frame { plan, table_json: &escaped };
    for (table, rows) in [
        (ORG_COLUMNS, frame.organisations().map(|r| values(&r)).collect::<Vec<_>>()),
        (PERSON_COLUMNS, frame.persons().map(|r| values(&r)).collect()),
        (SHIP_COLUMNS, frame.deputyships().map(|r| values(&r)).collect()),
        (RULE_COLUMNS, escaped_frame.rule_versions().map(|r| values(&r)).collect()),
    ] {
        for chunk in rows.chunks(INSERT_ROWS as usize) {
            conn.execute(AssertSqlSafe(format!("INSERT INTO {table} VALUES {}", chunk.join(",")))).await?;
        }
    }
    conn.execute("COMMIT").await?;

    // Statements are built on a thread of their own while this one runs them.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<(String, u64)>(8);
    let generator = tokio::task::spawn_blocking(move || {
        let head = format!("INSERT INTO archive_items ({ITEM_COLUMNS}) VALUES ");
        let mut buf: Vec<u8> = head.clone().into_bytes();
        let mut n = 0u64;
        for_each_item(&plan, |id, person, congress, item, day| {
            if n > 0 {
                buf.push(b',');
            }
            values_row(&mut buf, id, person, congress, item, day);
            n += 1;
            if n == INSERT_ROWS {
                let sql = String::from_utf8(std::mem::replace(&mut buf, head.clone().into_bytes())).unwrap_or_default();
                let _ = tx.blocking_send((sql, n));
                n = 0;
            }
        });
        if n > 0 {
            let _ = tx.blocking_send((String::from_utf8(buf).unwrap_or_default(), n));
        }
    });
    let start = Instant::now();
    let mut done = 0u64;
    conn.execute("BEGIN").await?;
    while let Some((sql, n)) = rx.recv().await {
        conn.execute(AssertSqlSafe(sql)).await?;
        done += n;
        if done % TX_ROWS < n {
            conn.execute("COMMIT").await?;
            conn.execute("BEGIN").await?;
            progress("archive_items (INSERT)", done, plan.rows(), start);
        }
    }
    conn.execute("COMMIT").await?;
    generator.await?;
    eprintln!();
    let start = Instant::now();
    for (name, def) in &indexes {
        eprintln!("  index {name} …");
        conn.execute(AssertSqlSafe(def.clone())).await?;
    }
    eprintln!("  indexes rebuilt in {:.0} s; ANALYZE …", start.elapsed().as_secs_f64());
    conn.execute("ANALYZE").await?;
    conn.execute("PRAGMA foreign_keys = ON").await?;
    Ok(())
}
