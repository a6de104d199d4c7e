//! The public read path against a static server (issue 15).
//!
//! Starts `renda serve` (a release build) on the demo database and nginx on the very bytes each
//! page answers, and loads both with wrk in turns (nginx, renda, nginx, renda; 64 connections,
//! 2 threads): the anonymous seed speech's page (a login prompt), a public news article, the
//! portal home, the speech's page logged in, and a staff member's suggestion list (page 1,
//! filtered by state) over at least 10,000 suggestions. For the list it also runs the list's own
//! SELECT (and its count, as the page does) through the same driver, at the same concurrency,
//! and compares the percentiles. It prints requests per second, p50/p99 and the ratios, and the
//! server's resident memory idle and after the load.
//!
//! `cargo build --release -p renda-cli && cargo run --release -p renda-bench-web`
//! (needs `nginx` and `wrk`: Debian packages nginx-light and wrk). The demo database is made
//! once in `target/bench-web/` and topped up with copies of its suggestions.

use anyhow::{Context, Result, bail, ensure};
use clap::Parser;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Args {
    /// The renda binary (a release build).
    #[arg(long, default_value = "target/release/renda")]
    renda: PathBuf,
    /// Where the demo database, its index and nginx's files go.
    #[arg(long, default_value = "target/bench-web")]
    workdir: PathBuf,
    /// Seconds of each wrk run (each page runs four: nginx, renda, nginx, renda).
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// wrk connections.
    #[arg(long, default_value_t = 64)]
    connections: u32,
    /// Suggestions in the database at least (the demo's are copied into earlier years).
    #[arg(long, default_value_t = 10_000)]
    suggestions: i64,
    /// Internal: measure the server's parts one by one in this process, print them, and stop
    /// (the bench runs itself with it, so nothing else has grown this process's heap).
    #[arg(long, hide = true, num_args = 2, value_names = ["DATABASE_URL", "INDEX_DIR"])]
    memory_parts: Option<Vec<String>>,
}

const RENDA_ADDR: &str = "127.0.0.1:18181";
const NGINX_ADDR: &str = "127.0.0.1:18190";
const PASSWORD: &str = "renda2026";
/// The list's filter: the suggestions being handled.
const LIST_STATES: &str = "assigned,in_progress";

/// A child process killed when dropped.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One wrk run.
#[derive(Clone, Copy, Debug, Default)]
struct Load {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
}

fn main() -> Result<()> {
    let args = Args::parse();
    if let Some(at) = &args.memory_parts {
        return memory_parts(&at[0], Path::new(&at[1]));
    }
    for tool in ["nginx", "wrk"] {
        if Command::new("sh").args(["-c", &format!("command -v {tool}")]).output()?.stdout.is_empty() {
            bail!("{tool} is not installed (apt-get install nginx-light wrk); nothing was measured");
        }
    }
    ensure!(args.renda.exists(), "{} does not exist: cargo build --release -p renda-cli", args.renda.display());
    std::fs::create_dir_all(&args.workdir)?;
    let workdir = args.workdir.canonicalize()?;
    let db = workdir.join("demo.db");
    let url = format!("sqlite://{}", db.display());
    let index = workdir.join("index");
    if !db.exists() {
        println!("making the demo database in {} …", db.display());
        let status = Command::new(&args.renda)
            .args(["demo", "--no-serve", "--database-url", &url, "--index-dir"])
            .arg(&index)
            .stdout(Stdio::null())
            .status()?;
        ensure!(status.success(), "renda demo failed");
    }
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let total = rt.block_on(top_up(&url, args.suggestions))?;
    // Before the server holds the index: the parts of its memory, measured in a fresh process.
    let parts = Command::new(std::env::current_exe()?)
        .arg("--memory-parts")
        .arg(&url)
        .arg(&index)
        .output()
        .context("measuring the parts of the server's memory")?;
    ensure!(parts.status.success(), "--memory-parts failed: {}", String::from_utf8_lossy(&parts.stderr));
    let parts = String::from_utf8_lossy(&parts.stdout).into_owned();

    // A first start after the database was made or topped up brings the search index up to
    // date (and glibc keeps what that indexing freed): done in a start of its own, so the
    // server measured below idles as a server does on an index that is current.
    warm_up(&args, &url, &index)?;

    let server = Guard(
        Command::new(&args.renda)
            .args(["serve", "--database-url", &url, "--addr", RENDA_ADDR, "--index-dir"])
            .arg(&index)
            .env("RENDA_LOG", "warn")
            // As the packaged systemd unit runs it (deploy/renda.service).
            .env("MALLOC_ARENA_MAX", "2")
            .stdout(Stdio::null())
            .spawn()
            .context("starting renda serve")?,
    );
    let pid = server.0.id();
    rt.block_on(wait_healthy())?;
    std::thread::sleep(Duration::from_secs(5));
    let idle = memory(pid);

    let pages = rt.block_on(pages(&url))?;
    let www = workdir.join("www");
    std::fs::create_dir_all(&www)?;
    let _nginx = nginx(&workdir, &www)?;
    println!(
        "renda vs nginx on the same bytes, wrk -t2 -c{} -d{}s, twice each in turns; {} cores; {total} suggestions",
        args.connections,
        args.seconds,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:<34} {:>7} {:>9} {:>9} {:>7} {:>12} {:>12} {:>6}",
        "page", "bytes", "nginx/s", "renda/s", "ratio", "p50 n/r ms", "p99 n/r ms", "target"
    );
    let mut list_p = None;
    for (i, p) in pages.iter().enumerate() {
        let file = format!("{i}.html");
        std::fs::write(www.join(&file), &p.body)?;
        let nginx_url = format!("http://{NGINX_ADDR}/{file}");
        let renda_url = format!("http://{RENDA_ADDR}{}", p.path);
        let mut n = Vec::new();
        let mut r = Vec::new();
        for _ in 0..2 {
            n.push(wrk(&nginx_url, None, &args)?);
            r.push(wrk(&renda_url, p.cookie.as_deref(), &args)?);
        }
        let (n, r) = (mean(&n), mean(&r));
        println!(
            "{:<34} {:>7} {:>9.0} {:>9.0} {:>7.3} {:>5.2}/{:<6.2} {:>5.2}/{:<6.2} {:>6}",
            p.name,
            p.body.len(),
            n.rps,
            r.rps,
            r.rps / n.rps,
            n.p50_ms,
            r.p50_ms,
            n.p99_ms,
            r.p99_ms,
            p.target
        );
        if p.list {
            list_p = Some(r);
        }
    }
    if let Some(page) = list_p {
        let store = rt.block_on(renda_store::Store::connect(&url))?;
        let raw = rt.block_on(raw_list(&store, args.connections as usize, Duration::from_secs(args.seconds)))?;
        println!(
            "suggestion list, raw SELECT + COUNT through sqlx at {} tasks: {:.0}/s, p50 {:.2} ms, p99 {:.2} ms; page p99 / raw p99 = {:.2} (target ≤ 2)",
            args.connections,
            raw.rps,
            raw.p50_ms,
            raw.p99_ms,
            page.p99_ms / raw.p99_ms
        );
    }
    let after = memory(pid);
    println!(
        "renda serve memory: idle VmRSS {} MB (RssAnon {} MB; target < 60), after the runs VmRSS {} MB (RssAnon {} MB; target < 120)",
        idle.0, idle.1, after.0, after.1
    );
    print!("{parts}");
    Ok(())
}

/// The server's parts added one at a time to a fresh process, each with the resident anonymous
/// memory it adds: the word dictionary, the search index opened for reading, the store with
/// every connection open and its page cache filled by the list's queries.
fn memory_parts(url: &str, index: &Path) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let mut rows = Vec::new();
    let base = memory(std::process::id());
    let mut last = base;
    let mut note = |part: &str| {
        let now = memory(std::process::id());
        rows.push(format!(
            "  {part:<70} RssAnon +{:>4} MB (VmRSS +{:>4} MB)",
            now.1.saturating_sub(last.1),
            now.0.saturating_sub(last.0)
        ));
        last = now;
    };
    let _jieba = renda_search::tokenizer::jieba();
    note("jieba's dictionary (one per process, shared by both tokenizers)");
    let search = renda_search::SearchIndex::open(index)?;
    search.release_writer()?;
    let probe = renda_search::Query {
        text: "代表 建议".into(),
        principals: vec!["public".into(), "users".into()],
        limit: 10,
        ..Default::default()
    };
    search.search(&probe)?;
    note("search index open for reading, one search (segments are mmap: page cache)");
    let store = rt.block_on(renda_store::Store::open(url))?;
    note("store opened (writer connection, migrations checked)");
    rt.block_on(raw_list(&store, 64, Duration::from_secs(3)))?;
    note("eight read connections after 3 s of the list's queries at 64 tasks");
    drop(store);
    println!("parts of renda serve's memory, each added to a fresh process (base RssAnon {} MB):", base.1);
    for r in rows {
        println!("{r}");
    }
    Ok(())
}

fn mean(v: &[Load]) -> Load {
    let n = v.len() as f64;
    Load {
        rps: v.iter().map(|l| l.rps).sum::<f64>() / n,
        p50_ms: v.iter().map(|l| l.p50_ms).sum::<f64>() / n,
        p99_ms: v.iter().map(|l| l.p99_ms).sum::<f64>() / n,
    }
}

/// Copies the demo's suggestions into earlier years until there are `want`.
async fn top_up(url: &str, want: i64) -> Result<i64> {
    let store = renda_store::Store::connect(url).await?;
    let pool = store.writer();
    let have: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM suggestions").fetch_one(pool).await?;
    let base: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM suggestions WHERE year >= 2024").fetch_one(pool).await?;
    let mut total = have;
    let mut back = 3;
    while total < want && base > 0 {
        let cols = "congress_id, number, title, body, period, from_motion, lead_person_id, state, pending_cosigners, \
                    cosigners, assigned_on, due_on, complex, contacts, reply_class, attitude, result, return_requested, \
                    extension_requested, key_topic, rehandled, follow_up_fulfilled, publish_reply, created_at, updated_at";
        let sql = format!(
            "INSERT INTO suggestions (year, {cols}) SELECT year - {back}, {cols} FROM suggestions WHERE year >= 2024"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await?;
        total += base;
        back += 3;
    }
    store.close().await;
    Ok(total)
}

/// Starts `renda serve` until it logs that its search index is up to date, then stops it.
fn warm_up(args: &Args, url: &str, index: &Path) -> Result<()> {
    use std::io::BufRead;
    let mut child = Guard(
        Command::new(&args.renda)
            .args(["serve", "--database-url", url, "--addr", RENDA_ADDR, "--index-dir"])
            .arg(index)
            .env("RENDA_LOG", "info,sqlx=warn")
            .env("RENDA_LOG_FORMAT", "text")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("starting renda serve to bring its index up to date")?,
    );
    // The log goes to stdout or stderr depending on the build: read both.
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let readers: Vec<Box<dyn std::io::Read + Send>> = vec![
        Box::new(child.0.stdout.take().context("no stdout")?),
        Box::new(child.0.stderr.take().context("no stderr")?),
    ];
    for stream in readers {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stream).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
    }
    drop(tx);
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) if line.contains("search index ready") => break,
            Ok(line) if line.contains("search index start") => bail!("renda serve: {line}"),
            Ok(_) => {}
            Err(_) => bail!("renda serve did not report its search index ready within 10 minutes"),
        }
    }
    Ok(())
}

async fn wait_healthy() -> Result<()> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if reqwest::get(format!("http://{RENDA_ADDR}/healthz")).await.is_ok_and(|r| r.status().is_success()) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    bail!("renda serve did not answer /healthz within 120 s")
}

struct Page {
    name: &'static str,
    path: String,
    cookie: Option<String>,
    body: Vec<u8>,
    target: &'static str,
    list: bool,
}

/// The pages measured, each fetched once as wrk will ask for it (same cookie, no compression).
async fn pages(url: &str) -> Result<Vec<Page>> {
    let store = renda_store::Store::connect(url).await?;
    let pool = store.pool();
    let speech: i64 = sqlx::query_scalar(
        "SELECT id FROM documents WHERE title LIKE '%人大主任座谈会%' AND visibility = 'users' ORDER BY id LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .context("the seed speech is in the demo")?;
    let news: i64 = sqlx::query_scalar(
        "SELECT id FROM documents WHERE kind = 'news' AND visibility = 'public' AND published = 1 ORDER BY id LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .context("a public news article is in the demo")?;
    store.close().await;
    let deputy = login("deputy").await?;
    let staff = login("city.staff").await?;
    let list = |name, path: String, cookie: Option<&String>, target, list| Page {
        name,
        path,
        cookie: cookie.cloned(),
        body: Vec::new(),
        target,
        list,
    };
    let mut pages = vec![
        list("speech page, anonymous (login prompt)", format!("/portal/docs/{speech}"), None, "≥ 1.0", false),
        list("news article, anonymous", format!("/portal/docs/{news}"), None, "≥ 1.0", false),
        list("portal home, anonymous", "/portal".into(), None, "≥ 0.5", false),
        list("speech page, logged in", format!("/portal/docs/{speech}"), Some(&deputy), "≥ 0.5", false),
        list(
            "suggestion list p.1, staff, filtered",
            format!("/suggestions?state={LIST_STATES}"),
            Some(&staff),
            "p99",
            true,
        ),
    ];
    let client = reqwest::Client::builder().no_gzip().no_brotli().build()?;
    for p in &mut pages {
        let mut req = client.get(format!("http://{RENDA_ADDR}{}", p.path));
        if let Some(c) = &p.cookie {
            req = req.header("cookie", c);
        }
        let r = req.send().await?;
        ensure!(r.status().is_success(), "{} answered {}", p.path, r.status());
        p.body = r.bytes().await?.to_vec();
    }
    Ok(pages)
}

/// Logs a demo account in; its session cookie.
async fn login(user: &str) -> Result<String> {
    let client = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build()?;
    let page = client.get(format!("http://{RENDA_ADDR}/login")).send().await?.text().await?;
    let csrf = field(&page, "_csrf").context("the login form has a token")?;
    let r = client
        .post(format!("http://{RENDA_ADDR}/login"))
        .form(&[("_csrf", csrf.as_str()), ("login", user), ("password", PASSWORD), ("next", "/")])
        .send()
        .await?;
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("renda_session="))
        .and_then(|v| v.split(';').next())
        .with_context(|| format!("{user} logs in"))?;
    Ok(cookie.to_owned())
}

fn field(html: &str, name: &str) -> Option<String> {
    let key = format!("name=\"{name}\" value=\"");
    let at = html.find(&key)? + key.len();
    html[at..].split('"').next().map(str::to_owned)
}

/// nginx serving `www` with two workers, as the page_vs_nginx tool does.
fn nginx(workdir: &Path, www: &Path) -> Result<Guard> {
    let conf = workdir.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "worker_processes 2;\ndaemon off;\npid {dir}/nginx.pid;\nerror_log {dir}/nginx-error.log;\n\
             events {{ worker_connections 1024; }}\n\
             http {{ access_log off; types {{ text/html html; }} server {{ listen {NGINX_ADDR}; root {www}; }} }}\n",
            dir = workdir.display(),
            www = www.display()
        ),
    )?;
    let child = Command::new("nginx").arg("-c").arg(&conf).stderr(Stdio::null()).spawn()?;
    std::thread::sleep(Duration::from_secs(1));
    Ok(Guard(child))
}

fn wrk(url: &str, cookie: Option<&str>, args: &Args) -> Result<Load> {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t2", &format!("-c{}", args.connections), &format!("-d{}s", args.seconds), "--latency"]);
    if let Some(c) = cookie {
        cmd.args(["-H", &format!("Cookie: {c}")]);
    }
    let out = cmd.arg(url).output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut load = Load::default();
    for line in text.lines().map(str::trim) {
        let mut parts = line.split_whitespace();
        match (parts.next(), parts.next()) {
            (Some("Requests/sec:"), Some(v)) => load.rps = v.parse().unwrap_or(0.0),
            (Some("50%"), Some(v)) => load.p50_ms = millis(v),
            (Some("99%"), Some(v)) => load.p99_ms = millis(v),
            _ => {}
        }
    }
    if text.contains("Non-2xx") {
        bail!("{url} answered errors under load:\n{text}");
    }
    Ok(load)
}

/// wrk's `1.23ms`, `456.00us`, `1.02s` in milliseconds.
fn millis(v: &str) -> f64 {
    let (n, factor) = if let Some(n) = v.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = v.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (v, 1.0)
    };
    n.parse::<f64>().unwrap_or(f64::NAN) * factor
}

/// The list page's own queries (its count and its first page, as `Store::list_suggestions`
/// runs them for a city clerk) through the store's pool, `tasks` at a time, for `run`.
async fn raw_list(store: &renda_store::Store, tasks: usize, run: Duration) -> Result<Load> {
    let congresses: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM organisations WHERE kind LIKE 'congress:%'").fetch_all(store.pool()).await?;
    let scope = congresses.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let states = LIST_STATES.split(',').map(|s| format!("'{s}'")).collect::<Vec<_>>().join(",");
    let wh = format!("s.congress_id IN ({scope}) AND s.state IN ({states})");
    let count = format!("SELECT COUNT(*) FROM suggestions s WHERE {wh}");
    let page = format!(
        "SELECT {} {} WHERE {wh} ORDER BY s.updated_at DESC, s.id DESC LIMIT 30 OFFSET 0",
        renda_store::suggestions::ROW_COLUMNS,
        renda_store::suggestions::ROW_FROM
    );
    let started = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..tasks {
        let (store, count, page) = (store.clone(), count.clone(), page.clone());
        handles.push(tokio::spawn(async move {
            let mut times = Vec::new();
            while started.elapsed() < run {
                let t = Instant::now();
                let _: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(count.clone())).fetch_one(store.pool()).await?;
                let rows = sqlx::query(sqlx::AssertSqlSafe(page.clone())).fetch_all(store.pool()).await?;
                anyhow::ensure!(!rows.is_empty(), "the filtered list is not empty");
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            Ok::<_, anyhow::Error>(times)
        }));
    }
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.await??);
    }
    all.sort_by(f64::total_cmp);
    let at = |q: f64| all[((all.len() as f64 - 1.0) * q).round() as usize];
    ensure!(!all.is_empty(), "no query finished");
    Ok(Load { rps: all.len() as f64 / started.elapsed().as_secs_f64(), p50_ms: at(0.5), p99_ms: at(0.99) })
}

/// VmRSS and RssAnon of a process, in MB.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (field("VmRSS:"), field("RssAnon:"))
}
