//! The memory of a reader process: a fresh process that opens the built index as the web server
//! does and answers the two query sets, measured from inside it.
//!
//! The bench re-executes itself with the hidden `--measure-open DIR`; the child reads its own
//! `/proc/self/status` before opening, after opening and after the queries, and prints one line
//! of `key=value` pairs, which the parent parses. What matters is `RssAnon`: the index files are
//! memory-mapped, so their resident pages are page cache (`RssFile`), shared and evictable,
//! while anonymous memory (heap, stacks, what tantivy or jieba copy into memory) is the
//! process's own.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::engines::Ours;
use crate::queries::{LONG_WORDS, TWO_CHAR_WORDS};

/// What issue 15 asks of a reader process at 1 M documents, in MB (10^6 bytes) of `RssAnon`.
pub const TARGET_ANON_MB: f64 = 400.0;

/// The first word of the child's line, so the parent finds it whatever else is printed.
const TAG: &str = "renda-measure-open";

/// One reading of `/proc/self/status`, in KiB as the kernel gives them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Status {
    /// Resident set: anonymous + file-backed + shared memory.
    pub rss_kb: u64,
    /// Resident anonymous memory.
    pub anon_kb: u64,
    /// Resident file-backed pages (the memory-mapped index, the executable).
    pub file_kb: u64,
    /// Peak resident set so far.
    pub hwm_kb: u64,
}

impl Status {
    /// Reads this process's `/proc/self/status` (Linux only).
    pub fn read() -> anyhow::Result<Self> {
        let text = std::fs::read_to_string("/proc/self/status")
            .context("reading /proc/self/status (the memory measurement needs Linux)")?;
        let field = |name: &str| -> anyhow::Result<u64> {
            let line = text
                .lines()
                .find_map(|l| l.strip_prefix(name).and_then(|rest| rest.strip_prefix(':')))
                .with_context(|| format!("no {name} in /proc/self/status"))?;
            let kb = line.trim().trim_end_matches("kB").trim();
            kb.parse().with_context(|| format!("{name} in /proc/self/status: {line:?}"))
        };
        Ok(Self {
            rss_kb: field("VmRSS")?,
            anon_kb: field("RssAnon")?,
            file_kb: field("RssFile")?,
            hwm_kb: field("VmHWM")?,
        })
    }
}

/// What the child measured.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub before_open: Status,
    /// After loading jieba's dictionary (and ours), which `open` would load anyway: it is
    /// loaded once per process, so loading it first only shows its share of `after_open`.
    pub after_jieba: Status,
    pub after_open: Status,
    pub after_queries: Status,
    /// The time `SearchIndex::open` took in the child (jieba's dictionary included).
    pub open_time: Duration,
    /// Whether `open` left a writer that had to be released (it should not).
    pub released_writer: bool,
    /// Searches run (each query once untimed plus `runs` times).
    pub searches: usize,
    /// The sum of the hit counts of each query set, to check against the parent's.
    pub hits: Vec<usize>,
}

/// The child: opens `dir` as the web server does, with no writer, answers both query sets and
/// prints one line. The segmenter is loaded just before the index, to show its share.
pub fn child(dir: &Path, runs: usize) -> anyhow::Result<()> {
    let before_open = Status::read()?;
    let start = Instant::now();
    drop(renda_search::tokenizer::jieba());
    let after_jieba = Status::read()?;
    let (engine, released_writer) = Ours::open_reader(dir)?;
    // jieba's loading included, as in a server's first open.
    let open_time = start.elapsed();
    let after_open = Status::read()?;
    let mut hits = Vec::new();
    let mut searches = 0;
    for set in [&TWO_CHAR_WORDS[..], &LONG_WORDS[..]] {
        let (latencies, totals) = crate::run_queries(set, runs, |q| engine.search(q))?;
        searches += set.len() + latencies.len();
        hits.push(totals.iter().sum::<usize>());
    }
    let after_queries = Status::read()?;
    let mut line = format!(
        "{TAG} open_ms={} released_writer={} searches={searches} hits={}",
        open_time.as_millis(),
        u8::from(released_writer),
        hits.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
    );
    for (stage, s) in [
        ("before_open", before_open),
        ("after_jieba", after_jieba),
        ("after_open", after_open),
        ("after_queries", after_queries),
    ] {
        line.push_str(&format!(
            " {stage}.rss={} {stage}.anon={} {stage}.file={} {stage}.hwm={}",
            s.rss_kb, s.anon_kb, s.file_kb, s.hwm_kb
        ));
    }
    println!("{line}");
    Ok(())
}

/// The parent: runs this executable again on `dir` (which no process may hold open: one process
/// at a time has an index directory open) and parses what the child printed.
pub fn measure(dir: &Path, runs: usize) -> anyhow::Result<Report> {
    let exe = std::env::current_exe().context("finding the bench's own executable")?;
    let output = Command::new(&exe)
        .arg("--measure-open")
        .arg(dir)
        .arg("--runs")
        .arg(runs.to_string())
        .stderr(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("running {} --measure-open", exe.display()))?;
    if !output.status.success() {
        bail!("the measuring process failed ({})", output.status);
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with(TAG))
        .with_context(|| format!("no `{TAG}` line in the measuring process's output: {stdout:?}"))?;
    parse(line)
}

fn parse(line: &str) -> anyhow::Result<Report> {
    let pairs: HashMap<&str, &str> = line.split_whitespace().skip(1).filter_map(|p| p.split_once('=')).collect();
    let get = |key: &str| pairs.get(key).copied().with_context(|| format!("no {key} in {line:?}"));
    let num = |key: &str| -> anyhow::Result<u64> {
        let value = get(key)?;
        value.parse().with_context(|| format!("{key}={value} is not a number"))
    };
    let status = |stage: &str| -> anyhow::Result<Status> {
        Ok(Status {
            rss_kb: num(&format!("{stage}.rss"))?,
            anon_kb: num(&format!("{stage}.anon"))?,
            file_kb: num(&format!("{stage}.file"))?,
            hwm_kb: num(&format!("{stage}.hwm"))?,
        })
    };
    let hits = get("hits")?
        .split(',')
        .map(|h| h.parse().with_context(|| format!("hits: {h:?} is not a number")))
        .collect::<anyhow::Result<_>>()?;
    Ok(Report {
        before_open: status("before_open")?,
        after_jieba: status("after_jieba")?,
        after_open: status("after_open")?,
        after_queries: status("after_queries")?,
        open_time: Duration::from_millis(num("open_ms")?),
        released_writer: num("released_writer")? != 0,
        searches: usize::try_from(num("searches")?)?,
        hits,
    })
}

/// KiB to MB (10^6 bytes), the unit of the rest of the table.
pub fn kb_to_mb(kb: u64) -> f64 {
    kb as f64 * 1024.0 / 1_000_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_childs_line_parses_back() -> anyhow::Result<()> {
        let line = format!(
            "{TAG} open_ms=250 released_writer=0 searches=372 hits=10,20 \
             before_open.rss=1 before_open.anon=2 before_open.file=3 before_open.hwm=4 \
             after_jieba.rss=1 after_jieba.anon=2 after_jieba.file=3 after_jieba.hwm=4 \
             after_open.rss=5 after_open.anon=6 after_open.file=7 after_open.hwm=8 \
             after_queries.rss=9 after_queries.anon=10 after_queries.file=11 after_queries.hwm=12"
        );
        let r = parse(&line)?;
        assert_eq!((r.after_open.anon_kb, r.after_queries.hwm_kb, r.searches), (6, 12, 372));
        assert_eq!(r.hits, vec![10, 20]);
        assert!(!r.released_writer);
        Ok(())
    }

    #[test]
    fn this_process_has_a_status() -> anyhow::Result<()> {
        if cfg!(target_os = "linux") {
            let s = Status::read()?;
            assert!(s.rss_kb > 0 && s.anon_kb <= s.rss_kb);
        }
        Ok(())
    }
}
