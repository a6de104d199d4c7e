//! Benchmark: renda-search (tantivy + jieba) against SQLite FTS5 with the trigram tokenizer.
//!
//! Both index the same corpus (real government work reports and laws, then documents
//! recombined from their paragraphs up to `--docs`), in the same batches, then answer the same
//! queries as a results page would (total + ten best with highlights). Printed: indexing rate,
//! size on disk, latency percentiles and hit counts, and the ratios ours/FTS5.
//!
//! `cargo run --release -p renda-bench-search -- --docs 1000000` (see README.md).

mod corpus;
mod engines;
mod queries;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Parser;

use crate::corpus::Sources;
use crate::engines::{Fts5, Ours};
use crate::queries::{LONG_WORDS, TWO_CHAR_WORDS};

#[derive(Parser, Debug)]
#[command(about = "renda-search vs SQLite FTS5 (trigram) / 全文检索基准")]
struct Args {
    /// Documents in the corpus (real ones first, then synthetic).
    #[arg(long, default_value_t = 1_000_000)]
    docs: usize,
    /// Directory holding documents/ and laws/ (default: ../shared/data beside the repository).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Documents per commit (one `apply` / one transaction).
    #[arg(long, default_value_t = 20_000)]
    batch: usize,
    /// Timed runs of each query (after one untimed warm-up run).
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Where to put the two indexes (a temporary directory inside it, removed at the end).
    #[arg(long)]
    tmp: Option<PathBuf>,
}

/// What one engine did.
#[derive(Default)]
struct Measured {
    index_time: Duration,
    optimize_time: Duration,
    size: u64,
    /// Per query set: every timed run's latency, and the hit count of each query.
    sets: Vec<(Vec<Duration>, Vec<usize>)>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let data =
        args.data.clone().unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let data = data.canonicalize().unwrap_or(data);
    let sources = Sources::read(&data)?;
    let tmp = match &args.tmp {
        Some(dir) => tempfile::tempdir_in(dir)?,
        None => tempfile::tempdir()?,
    };
    let batch = args.batch.max(1);
    eprintln!("corpus: {} real documents from {}; building {} …", sources.real.len(), data.display(), args.docs);

    let (docs, bytes) =
        sources.docs(args.docs).fold((0usize, 0u64), |(n, b), d| (n + 1, b + (d.title.len() + d.body.len()) as u64));
    let sets = [&TWO_CHAR_WORDS[..], &LONG_WORDS[..]];

    let mut ours = Measured::default();
    {
        let mut engine = Ours::open(&tmp.path().join("tantivy"))?;
        let mut done = 0;
        for chunk in chunks(sources.docs(args.docs), batch) {
            let records = engine.prepare(&chunk);
            done += chunk.len();
            let start = Instant::now();
            engine.index(records, done as u64)?;
            ours.index_time += start.elapsed();
            progress("ours", done, docs, ours.index_time);
        }
        let start = Instant::now();
        engine.optimize()?;
        ours.optimize_time = start.elapsed();
        ours.size = engine.size()?;
        for set in sets {
            ours.sets.push(run_queries(set, args.runs, |q| engine.search(q))?);
        }
    }
    eprintln!();

    let mut fts = Measured::default();
    {
        let mut engine = Fts5::open(&tmp.path().join("fts5.db")).await?;
        let mut done = 0;
        for chunk in chunks(sources.docs(args.docs), batch) {
            done += chunk.len();
            let start = Instant::now();
            engine.index(&chunk).await?;
            fts.index_time += start.elapsed();
            progress("fts5", done, docs, fts.index_time);
        }
        let start = Instant::now();
        engine.optimize().await?;
        fts.optimize_time = start.elapsed();
        fts.size = engine.size()?;
        for set in sets {
            let mut latencies = Vec::new();
            let mut totals = Vec::new();
            for q in set {
                totals.push(engine.search(q).await?);
                for _ in 0..args.runs {
                    let start = Instant::now();
                    engine.search(q).await?;
                    latencies.push(start.elapsed());
                }
            }
            fts.sets.push((latencies, totals));
        }
    }
    eprintln!();

    report(docs, bytes, &args, &ours, &fts, &sets);
    tmp.close()?;
    Ok(())
}

/// Runs each query once untimed, then `runs` times timed.
fn run_queries(
    set: &[&str],
    runs: usize,
    mut search: impl FnMut(&str) -> anyhow::Result<usize>,
) -> anyhow::Result<(Vec<Duration>, Vec<usize>)> {
    let mut latencies = Vec::new();
    let mut totals = Vec::new();
    for q in set {
        totals.push(search(q)?);
        for _ in 0..runs {
            let start = Instant::now();
            search(q)?;
            latencies.push(start.elapsed());
        }
    }
    Ok((latencies, totals))
}

fn chunks<T>(mut items: impl Iterator<Item = T>, size: usize) -> impl Iterator<Item = Vec<T>> {
    std::iter::from_fn(move || {
        let chunk: Vec<T> = items.by_ref().take(size).collect();
        (!chunk.is_empty()).then_some(chunk)
    })
}

fn progress(engine: &str, done: usize, total: usize, elapsed: Duration) {
    eprint!("\r{engine}: {done}/{total} documents indexed, {:.1} s", elapsed.as_secs_f64());
}

fn percentile(latencies: &[Duration], p: f64) -> Duration {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(docs: usize, bytes: u64, args: &Args, ours: &Measured, fts: &Measured, sets: &[&[&str]]) {
    let rate = |m: &Measured| docs as f64 / m.index_time.as_secs_f64();
    let mbs = |m: &Measured| mb(bytes) / m.index_time.as_secs_f64();
    println!();
    println!("renda-search (tantivy + jieba) vs SQLite FTS5 trigram / 全文检索基准");
    println!(
        "documents 文档数: {docs}   corpus 语料: {:.1} MB   batch 每批: {}   runs 每个查询: {}",
        mb(bytes),
        args.batch,
        args.runs
    );
    println!();
    println!("{:<40} {:>14} {:>14} {:>12}", "", "ours 本系统", "FTS5 trigram", "ours/FTS5");
    let row = |label: &str, a: f64, b: f64, unit: &str| {
        println!("{:<40} {:>11.1} {unit:<2} {:>11.1} {unit:<2} {:>12.2}", label, a, b, a / b);
    };
    row("indexing rate 索引速度 (docs/s)", rate(ours), rate(fts), "");
    row("indexing throughput 吞吐 (MB/s)", mbs(ours), mbs(fts), "");
    row("indexing time 索引耗时 (s)", ours.index_time.as_secs_f64(), fts.index_time.as_secs_f64(), "");
    row("optimize/merge 合并 (s)", ours.optimize_time.as_secs_f64(), fts.optimize_time.as_secs_f64(), "");
    row("index size 索引大小 (MB)", mb(ours.size), mb(fts.size), "");
    row("index size / corpus 索引/语料", ours.size as f64 / bytes as f64, fts.size as f64 / bytes as f64, "");
    let names = ["two-character words 双字词", "words of 3+ characters 三字以上词"];
    for (i, set) in sets.iter().enumerate() {
        let (ol, oh) = &ours.sets[i];
        let (fl, fh) = &fts.sets[i];
        println!();
        println!(
            "queries 查询: {} ({} queries × {} runs; total + top {} with highlights)",
            names[i],
            set.len(),
            args.runs,
            engines::PAGE
        );
        row("latency p50 延迟 (ms)", ms(percentile(ol, 50.0)), ms(percentile(fl, 50.0)), "");
        row("latency p99 延迟 (ms)", ms(percentile(ol, 99.0)), ms(percentile(fl, 99.0)), "");
        let (os, fs): (usize, usize) = (oh.iter().sum(), fh.iter().sum());
        println!("{:<40} {:>14} {:>14}", "hits, all queries 命中总数", os, fs);
        let zero = |h: &[usize]| h.iter().filter(|&&n| n == 0).count();
        println!("{:<40} {:>14} {:>14}", "queries with no hit 零命中查询", zero(oh), zero(fh));
        println!("  per query 各查询命中 (ours / FTS5):");
        for (j, q) in set.iter().enumerate() {
            print!("  {q}: {}/{}", oh[j], fh[j]);
            if j % 4 == 3 || j + 1 == set.len() {
                println!();
            } else {
                print!(" ·");
            }
        }
    }
    println!();
    println!("ratios are ours/FTS5: above 1 means ours is larger (faster for rates, slower for latency).");
    println!(
        "比值为 本系统/FTS5：速度类越大越好，延迟、大小类越小越好。FTS5 trigram 无法匹配两个字的词，故双字词查询零命中。"
    );
}
