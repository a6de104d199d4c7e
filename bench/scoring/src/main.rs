//! Benchmark: recomputing every deputy's score with the store's own
//! `Store::recompute_scores_below` from the top of the tree (read each chunk of congresses'
//! rule books, deputies in office and archive tallies, score each deputy with the core's scorer
//! and the rule version in force, write the scores and their lines back in audited
//! transactions) against a bare SQL `SELECT person_id, SUM(points) … GROUP BY person_id` over
//! the archive items. Also times `Store::rebuild_tallies`, deriving every tally from the items.
//! Prints rows, seconds, rows/s and the ratio ours/baseline.
//!
//! `cargo run --release -p renda-bench-scoring -- --pg postgres://…/postgres` or
//! `-- --sqlite /tmp/bench.db` (see README.md).

mod data;
mod load;

use anyhow::{Context, Result, bail};
use clap::Parser;
use data::{Plan, YEAR};
use futures_util::TryStreamExt;
use jiff::civil::date;
use renda_core::archive::templates::Template;
use renda_core::archive::{Formula, RuleTable};
use renda_core::ids::OrgId;
use renda_store::{Backend, Store};
use sqlx::{AssertSqlSafe, Row};
use std::time::{Duration, Instant};

#[derive(Parser, Debug)]
#[command(about = "Recomputing duty scores vs a bare SQL GROUP BY / 履职评分重算基准")]
struct Args {
    /// A PostgreSQL server (any database on it): the bench creates its own database there.
    #[arg(long, conflicts_with = "sqlite", required_unless_present = "sqlite")]
    pg: Option<String>,
    /// A SQLite file to create (refused if it exists).
    #[arg(long)]
    sqlite: Option<String>,
    /// Deputies (default: 2,600,000 on PostgreSQL — every county and township deputy in the
    /// country — and 200,000 on SQLite).
    #[arg(long)]
    deputies: Option<u64>,
    /// Archive items per deputy.
    #[arg(long, default_value_t = 50)]
    items: u32,
    /// Deputies per congress: 63 is the national average (about 2.6 M deputies in 41,600
    /// county and township congresses).
    #[arg(long, default_value_t = 63)]
    per_congress: u64,
    /// The rule table every congress uses: jiangbei (per unit only, so the bare SQL computes
    /// exactly the same totals and the bench checks them), dongbao, yinchuan, township_group.
    #[arg(long, default_value = "jiangbei")]
    template: String,
    /// Name of the database the bench creates on the PostgreSQL server (dropped first).
    #[arg(long, default_value = "renda_bench_scoring")]
    db_name: String,
    /// Keep the database afterwards (default: drop it / delete the file).
    #[arg(long)]
    keep: bool,
    /// Time again on a database kept by an earlier run (`--keep`) instead of generating one;
    /// implies `--keep`.
    #[arg(long)]
    reuse: bool,
}

/// `postgres://u:p@h:5432/db?x` with the database name replaced.
fn with_db(url: &str, db: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

/// The bare SQL baseline: points per unit of each kind as a `CASE`, summed per deputy over the
/// counted items of the year. Exact (the same totals as ours) when the table has only per-unit
/// rules without caps, categories or full marks. On SQLite the table is read straight through
/// (`NOT INDEXED`): left to itself, SQLite walks the index on `person_id` to avoid sorting and
/// fetches every row from the table in index order, which at national scale (34 GB, more than
/// memory) is a random read per row and ran for over ten minutes without finishing.
fn baseline_sql(table: &RuleTable, backend: Backend) -> (String, bool) {
    let mut cases = String::new();
    let mut exact = table.categories.is_empty() && table.max_total.is_none();
    for r in &table.rules {
        match &r.formula {
            Formula::PerUnit { points } => {
                cases.push_str(&format!(" WHEN '{}' THEN {}", r.kind.code(), points.as_hundredths()));
                exact &= r.cap.is_none();
            }
            _ => exact = false,
        }
    }
    let hint = if backend == Backend::Sqlite { " NOT INDEXED" } else { "" };
    let points = if cases.is_empty() { "0".to_owned() } else { format!("CASE kind{cases} ELSE 0 END") };
    let sql = format!(
        "SELECT person_id, CAST(SUM(quantity * {points}) AS BIGINT) AS points FROM archive_items{hint}
         WHERE item_date >= '{YEAR}-01-01' AND item_date <= '{YEAR}-12-31' AND (origin = 'platform' OR status = 'verified')
         GROUP BY person_id"
    );
    (sql, exact)
}

#[expect(clippy::cast_precision_loss, reason = "rates for printing")]
fn rate(rows: u64, d: Duration) -> f64 {
    rows as f64 / d.as_secs_f64().max(1e-9)
}

struct Run {
    name: &'static str,
    time: Duration,
    /// Σ max(0, base + points) over deputies, in hundredths: compared between the two.
    total: i64,
    deputies: u64,
}

/// The bare SQL over the same rows, every result row fetched.
async fn baseline(store: &Store, sql: &str, base: i64) -> Result<Run> {
    let start = Instant::now();
    let mut rows = sqlx::query(AssertSqlSafe(sql.to_owned())).fetch(store.pool());
    let (mut total, mut deputies) = (0i64, 0u64);
    while let Some(r) = rows.try_next().await? {
        let points: i64 = r.try_get(1)?;
        total += (base + points).max(0);
        deputies += 1;
    }
    Ok(Run { name: "bare SQL GROUP BY", time: start.elapsed(), total, deputies })
}

/// `Store::recompute_scores_below` the city: every congress.
async fn ours(store: &Store) -> Result<Run> {
    let start = Instant::now();
    let report = store.recompute_scores_below(OrgId(1), YEAR, date(YEAR + 1, 1, 10)).await?;
    let time = start.elapsed();
    let total: Option<i64> =
        sqlx::query_scalar("SELECT CAST(SUM(total) AS BIGINT) FROM archive_scores WHERE year = $1")
            .bind(i64::from(YEAR))
            .fetch_one(store.pool())
            .await?;
    eprintln!(
        "  {} congresses, {} deputies, {} scored from their items, {} without rules",
        report.congresses,
        report.deputies,
        report.from_items,
        report.without_rules.len()
    );
    Ok(Run { name: "ours: recompute_scores_below", time, total: total.unwrap_or(0), deputies: report.deputies as u64 })
}

async fn size_of(store: &Store, sqlite: Option<&str>) -> Result<u64> {
    Ok(match store.backend() {
        Backend::Postgres => {
            let n: i64 =
                sqlx::query_scalar("SELECT pg_database_size(current_database())").fetch_one(store.pool()).await?;
            u64::try_from(n).unwrap_or(0)
        }
        Backend::Sqlite => {
            let path = sqlite.unwrap_or_default();
            ["", "-wal"].iter().filter_map(|s| std::fs::metadata(format!("{path}{s}")).ok()).map(|m| m.len()).sum()
        }
    })
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let template =
        Template::from_code(&args.template).with_context(|| format!("unknown template {:?}", args.template))?;
    let table = template.table();
    let table_json = serde_json::to_string(&table)?;
    let default_n = if args.pg.is_some() { 2_600_000 } else { 200_000 };
    let plan = Plan {
        deputies: args.deputies.unwrap_or(default_n),
        items: args.items,
        per_congress: args.per_congress.max(1),
    };
    if plan.deputies == 0 || plan.items == 0 {
        bail!("nothing to do: --deputies and --items must be positive");
    }

    let keep = args.keep || args.reuse;
    let (store, url) = match (&args.pg, &args.sqlite) {
        (Some(server), _) => {
            if !args.reuse {
                let admin = Store::connect(server).await?;
                sqlx::query(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {}", args.db_name)))
                    .execute(admin.pool())
                    .await?;
                sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {}", args.db_name))).execute(admin.pool()).await?;
                admin.close().await;
            }
            let url = with_db(server, &args.db_name);
            (Store::open(&url).await?, url)
        }
        (None, Some(path)) => {
            if std::path::Path::new(path).exists() != args.reuse {
                bail!("{path}: give a new file, or an existing one with --reuse");
            }
            let url = format!("sqlite://{path}");
            (Store::open(&url).await?, url)
        }
        (None, None) => bail!("give --pg URL or --sqlite PATH"),
    };
    let plan = if args.reuse {
        let deputies: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM deputyships").fetch_one(store.pool()).await?;
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM archive_items").fetch_one(store.pool()).await?;
        let congresses: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations WHERE kind = 'congress:county'")
            .fetch_one(store.pool())
            .await?;
        let deputies = u64::try_from(deputies)?.max(1);
        let congresses = u64::try_from(congresses)?.max(1);
        Plan {
            deputies,
            items: u32::try_from(u64::try_from(rows)? / deputies)?,
            per_congress: deputies.div_ceil(congresses),
        }
    } else {
        plan
    };
    eprintln!(
        "{:?}: {} deputies × {} items = {} rows in {} congresses, rule table {}",
        store.backend(),
        plan.deputies,
        plan.items,
        plan.rows(),
        plan.congresses(),
        template.code()
    );

    let start = Instant::now();
    if !args.reuse {
        match store.backend() {
            Backend::Postgres => load::postgres(&url, plan, &table_json).await?,
            Backend::Sqlite => load::sqlite(&store, plan, &table_json).await?,
        }
    }
    let load_time = start.elapsed();
    // The platform keeps each deputy's tally in step with every item it writes; the items
    // were loaded in bulk, so the tallies are derived from them all at once — timed, as what a
    // from-scratch recomputation over the items would cost on top of ours.
    let start = Instant::now();
    let tallies = if args.reuse {
        u64::try_from(
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM archive_tallies").fetch_one(store.pool()).await?,
        )?
    } else {
        store.rebuild_tallies().await?
    };
    let rebuild_time = (!args.reuse).then(|| start.elapsed());
    let size = size_of(&store, args.sqlite.as_deref()).await?;
    eprintln!(
        "loaded in {:.0} s, {tallies} tallies in {:.0} s; database {:.1} GB",
        load_time.as_secs_f64(),
        rebuild_time.unwrap_or_default().as_secs_f64(),
        size as f64 / 1e9
    );

    let (sql, exact) = baseline_sql(&table, store.backend());
    let base = table.base.as_hundredths();
    eprintln!("baseline (first run, reads the table once) …");
    let first = baseline(&store, &sql, base).await?;
    eprintln!("ours …");
    let ours = ours(&store).await?;
    eprintln!("baseline (second run) …");
    let second = baseline(&store, &sql, base).await?;
    let bare = if second.time < first.time { second } else { first };

    let rows = plan.rows();
    println!(
        "backend: {:?}, {} deputies × {} items, {} congresses, template {}",
        store.backend(),
        plan.deputies,
        plan.items,
        plan.congresses(),
        template.code()
    );
    if args.reuse {
        println!("load: reused, database {:.2} GB", size as f64 / 1e9);
    } else {
        println!(
            "load: {:.1} s ({:.0} rows/s), database {:.2} GB",
            load_time.as_secs_f64(),
            rate(rows, load_time),
            size as f64 / 1e9
        );
    }
    println!("{:<26} {:>12} {:>10} {:>14} {:>11}", "", "rows", "seconds", "rows/s", "deputies");
    for r in [&ours, &bare] {
        println!(
            "{:<26} {:>12} {:>10.2} {:>14.0} {:>11}",
            r.name,
            rows,
            r.time.as_secs_f64(),
            rate(rows, r.time),
            r.deputies
        );
    }
    if let Some(t) = rebuild_time {
        println!(
            "{:<26} {:>12} {:>10.2} {:>14.0} {:>11}",
            "tallies rebuilt from items",
            rows,
            t.as_secs_f64(),
            rate(rows, t),
            tallies
        );
    }
    let ratio = |d: Duration| d.as_secs_f64() / bare.time.as_secs_f64().max(1e-9);
    println!("ratio ours/baseline: {:.2}", ratio(ours.time));
    if let Some(t) = rebuild_time {
        println!("ratio (tallies rebuilt + ours)/baseline: {:.2}", ratio(t + ours.time));
    }
    if exact {
        let ok = ours.total == bare.total && ours.deputies == bare.deputies;
        println!(
            "check: Σ totals ours {} vs bare SQL {} ({} deputies each): {}",
            ours.total,
            bare.total,
            ours.deputies,
            if ok { "equal" } else { "DIFFERENT" }
        );
        if !ok {
            bail!("the two computations disagree");
        }
    } else {
        println!("check: skipped (the {} table has caps or targets the bare SQL does not model)", template.code());
    }

    if !keep {
        store.close().await;
        match (&args.pg, &args.sqlite) {
            (Some(server), _) => {
                let admin = Store::connect(server).await?;
                sqlx::query(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {}", args.db_name)))
                    .execute(admin.pool())
                    .await?;
                admin.close().await;
            }
            (None, Some(path)) => {
                for s in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{path}{s}"));
                }
            }
            (None, None) => {}
        }
    }
    Ok(())
}
