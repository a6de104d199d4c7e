//! Benchmark: renda-search (tantivy + jieba) against SQLite FTS5 with the trigram tokenizer.
//!
//! Both index the same corpus (real government work reports and laws, then documents
//! recombined from their paragraphs up to `--docs`), in the same batches, then answer the same
//! queries as a results page would (total + ten best with highlights). Printed: indexing rate,
//! size on disk, latency percentiles and hit counts, and the ratios ours/FTS5; then the memory
//! of a fresh process that opens our index as the web server does and answers the same queries
//! (see `memory`).
//!
//! `cargo run --release -p renda-bench-search -- --docs 1000000` (see README.md).

mod corpus;
mod engines;
mod memory;
mod queries;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Parser, ValueEnum};

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
    /// Which engines to build and query (FTS5 takes about 10 minutes at 1 M documents).
    #[arg(long, value_enum, default_value_t = Engines::Both)]
    engines: Engines,
    /// Internal: open the built index in DIR as a reader, answer the query sets and print this
    /// process's memory on one line (the bench runs itself so for the memory measurement).
    #[arg(long, hide = true, value_name = "DIR")]
    measure_open: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Engines {
    Ours,
    Fts5,
    Both,
}

impl Engines {
    fn ours(self) -> bool {
        self != Self::Fts5
    }

    fn fts5(self) -> bool {
        self != Self::Ours
    }
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

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if let Some(dir) = &args.measure_open {
        // The measuring child: no async runtime, only what a reader of the index needs.
        return memory::child(dir, args.runs);
    }
    tokio::runtime::Runtime::new()?.block_on(bench(args))
}

async fn bench(args: Args) -> anyhow::Result<()> {
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

    let ours_dir = tmp.path().join("tantivy");
    let mut ours = None;
    let mut memory = None;
    if args.engines.ours() {
        let mut m = Measured::default();
        let mut engine = Ours::open(&ours_dir)?;
        let mut done = 0;
        for chunk in chunks(sources.docs(args.docs), batch) {
            let records = engine.prepare(&chunk);
            done += chunk.len();
            let start = Instant::now();
            engine.index(records, done as u64)?;
            m.index_time += start.elapsed();
            progress("ours", done, docs, m.index_time);
        }
        let start = Instant::now();
        engine.optimize()?;
        m.optimize_time = start.elapsed();
        m.size = engine.size()?;
        for set in sets {
            m.sets.push(run_queries(set, args.runs, |q| engine.search(q))?);
        }
        // Closes the index (and its directory lock) before another process opens it.
        drop(engine);
        eprintln!();
        eprintln!("ours: measuring the memory of a fresh reader process …");
        let measured = memory::measure(&ours_dir, args.runs)?;
        let expected: Vec<usize> = m.sets.iter().map(|(_, hits)| hits.iter().sum()).collect();
        if measured.hits != expected {
            eprintln!("warning: the reader process counted {:?} hits, this one {expected:?}", measured.hits);
        }
        memory = Some(measured);
        ours = Some(m);
    }

    let mut fts = None;
    if args.engines.fts5() {
        let mut m = Measured::default();
        let mut engine = Fts5::open(&tmp.path().join("fts5.db")).await?;
        let mut done = 0;
        for chunk in chunks(sources.docs(args.docs), batch) {
            done += chunk.len();
            let start = Instant::now();
            engine.index(&chunk).await?;
            m.index_time += start.elapsed();
            progress("fts5", done, docs, m.index_time);
        }
        let start = Instant::now();
        engine.optimize().await?;
        m.optimize_time = start.elapsed();
        m.size = engine.size()?;
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
            m.sets.push((latencies, totals));
        }
        eprintln!();
        fts = Some(m);
    }

    report(docs, bytes, &args, ours.as_ref(), fts.as_ref(), &sets);
    if let Some(memory) = &memory {
        report_memory(memory, args.runs);
    }
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

/// A number for the table, or "—" for an engine that was not run.
fn cell(value: Option<f64>, precision: usize) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.precision$}"))
}

fn report(docs: usize, bytes: u64, args: &Args, ours: Option<&Measured>, fts: Option<&Measured>, sets: &[&[&str]]) {
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
    // One row: each engine's figure, "—" for an engine not run, and the ratio when both ran.
    let row = |label: &str, of: &dyn Fn(&Measured) -> f64| {
        let (a, b) = (ours.map(of), fts.map(of));
        let ratio = a.zip(b).map(|(a, b)| a / b);
        println!("{:<40} {:>14} {:>14} {:>12}", label, cell(a, 1), cell(b, 1), cell(ratio, 2));
    };
    row("indexing rate 索引速度 (docs/s)", &rate);
    row("indexing throughput 吞吐 (MB/s)", &mbs);
    row("indexing time 索引耗时 (s)", &|m| m.index_time.as_secs_f64());
    row("optimize/merge 合并 (s)", &|m| m.optimize_time.as_secs_f64());
    row("index size 索引大小 (MB)", &|m| mb(m.size));
    row("index size / corpus 索引/语料", &|m| m.size as f64 / bytes as f64);
    let names = ["two-character words 双字词", "words of 3+ characters 三字以上词"];
    let count = |n: Option<usize>| n.map_or_else(|| "—".to_string(), |n| n.to_string());
    for (i, set) in sets.iter().enumerate() {
        println!();
        println!(
            "queries 查询: {} ({} queries × {} runs; total + top {} with highlights)",
            names[i],
            set.len(),
            args.runs,
            engines::PAGE
        );
        row("latency p50 延迟 (ms)", &|m| ms(percentile(&m.sets[i].0, 50.0)));
        row("latency p99 延迟 (ms)", &|m| ms(percentile(&m.sets[i].0, 99.0)));
        let (oh, fh) = (ours.map(|m| &m.sets[i].1[..]), fts.map(|m| &m.sets[i].1[..]));
        let sum = |h: Option<&[usize]>| count(h.map(|h| h.iter().sum()));
        println!("{:<40} {:>14} {:>14}", "hits, all queries 命中总数", sum(oh), sum(fh));
        let zero = |h: Option<&[usize]>| count(h.map(|h| h.iter().filter(|&&n| n == 0).count()));
        println!("{:<40} {:>14} {:>14}", "queries with no hit 零命中查询", zero(oh), zero(fh));
        println!("  per query 各查询命中 (ours / FTS5):");
        for (j, q) in set.iter().enumerate() {
            print!("  {q}: {}/{}", count(oh.map(|h| h[j])), count(fh.map(|h| h[j])));
            if j % 4 == 3 || j + 1 == set.len() {
                println!();
            } else {
                print!(" ·");
            }
        }
    }
    println!();
    if ours.is_some() && fts.is_some() {
        println!("ratios are ours/FTS5: above 1 means ours is larger (faster for rates, slower for latency).");
        println!(
            "比值为 本系统/FTS5：速度类越大越好，延迟、大小类越小越好。FTS5 trigram 无法匹配两个字的词，故双字词查询零命中。"
        );
    } else {
        println!("one engine was skipped (--engines): its column and the ratios show \"—\". 仅运行了一个引擎。");
    }
}

/// The memory of the fresh reader process, and issue 15's target.
fn report_memory(m: &memory::Report, runs: usize) {
    use memory::kb_to_mb;
    println!();
    println!(
        "memory of a reader process 读取进程内存: a fresh process, SearchIndex::open on the index directory \
         (no writer{}), then {} searches (each query once + {runs} runs), from /proc/self/status; MB = 10^6 bytes",
        if m.released_writer { "; open left one, released" } else { "" },
        m.searches
    );
    println!("{:<40} {:>14} {:>14} {:>14}", "", "VmRSS (MB)", "RssAnon (MB)", "RssFile (MB)");
    for (label, s) in [
        ("before open 打开前", &m.before_open),
        ("  jieba dictionary loaded 词典载入后", &m.after_jieba),
        ("after open 打开后", &m.after_open),
        ("after the queries 查询后", &m.after_queries),
    ] {
        println!(
            "{:<40} {:>14.1} {:>14.1} {:>14.1}",
            label,
            kb_to_mb(s.rss_kb),
            kb_to_mb(s.anon_kb),
            kb_to_mb(s.file_kb)
        );
    }
    println!("{:<40} {:>14.1}", "peak VmRSS (VmHWM) 峰值", kb_to_mb(m.after_queries.hwm_kb));
    println!("{:<40} {:>14.2}", "open, jieba included 打开耗时 (s)", m.open_time.as_secs_f64());
    let anon = kb_to_mb(m.after_queries.anon_kb.max(m.after_open.anon_kb));
    println!(
        "target 目标 (issue 15, at 1 M documents): RssAnon < {:.0} MB — {:.1} MB, {}",
        memory::TARGET_ANON_MB,
        anon,
        if anon < memory::TARGET_ANON_MB { "met 达标" } else { "NOT met 未达标" }
    );
}
