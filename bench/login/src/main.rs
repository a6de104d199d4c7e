//! The memory a burst of parallel logins costs (issue 12, finding 1).
//!
//! Runs the same load twice, each in its own process so that each peak RSS is its own: 64
//! clients logging in as fast as they can for 20 s against `renda serve`'s router over a fresh
//! SQLite database,
//!
//! - **bounded**: password checks on the store's pool (one thread per core, 64 waiting at most
//!   5 s each, 503 beyond), as the server runs;
//! - **unbounded**: the same pool with 512 threads and a queue of 4,096, which is what
//!   `tokio::task::spawn_blocking` gave before: every login hashing at once.
//!
//! Each prints its logins, its 503s, its peak RSS and its RSS 5 s after the load; the parent
//! prints both and the ratio of the peaks. `cargo run --release -p renda-bench-login`.

use anyhow::{Context, Result};
use clap::Parser;
use renda_core::policy::Role;
use renda_core::value::{Login, NewPassword};
use renda_store::users::NewUser;
use renda_store::workers::{Workers, cores};
use renda_store::{Actor, Store};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Args {
    /// Parallel clients.
    #[arg(long, default_value_t = 64)]
    connections: usize,
    /// Seconds of load.
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Run one variant in this process (the parent runs both as children).
    #[arg(long)]
    variant: Option<String>,
}

const PASSWORD: &str = "renda-bench-2026";

fn main() -> Result<()> {
    let args = Args::parse();
    match args.variant.as_deref() {
        Some(v) => {
            let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            let out = rt.block_on(run(v, args.connections, args.seconds))?;
            println!("{out}");
            Ok(())
        }
        None => parent(&args),
    }
}

fn parent(args: &Args) -> Result<()> {
    let exe = std::env::current_exe()?;
    println!(
        "{} clients logging in for {} s, {} cores; password hashing bounded vs unbounded, each in its own process",
        args.connections,
        args.seconds,
        cores()
    );
    let mut results = Vec::new();
    for variant in ["bounded", "unbounded"] {
        let out = std::process::Command::new(&exe)
            .args(["--variant", variant, "--connections", &args.connections.to_string()])
            .args(["--seconds", &args.seconds.to_string()])
            .output()
            .with_context(|| format!("running the {variant} variant"))?;
        anyhow::ensure!(out.status.success(), "{variant}: {}", String::from_utf8_lossy(&out.stderr));
        let line = String::from_utf8_lossy(&out.stdout);
        let v: serde_json::Value = serde_json::from_str(line.trim()).context("child output")?;
        println!(
            "{variant:>9}: {:>6} logins ({:>5.0}/s), {:>5} answered 503, peak RSS {:>6} MB, RSS 5 s after {:>6} MB",
            v["logins"],
            v["logins"].as_f64().unwrap_or(0.0) / args.seconds as f64,
            v["busy"],
            v["peak_mb"],
            v["after_mb"]
        );
        results.push(v);
    }
    let peak = |i: usize| results[i]["peak_mb"].as_f64().unwrap_or(f64::NAN);
    println!("ratio of peak RSS, bounded / unbounded: {:.3}", peak(0) / peak(1));
    Ok(())
}

/// Resident and peak resident memory of this process, in MB.
fn rss_mb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

async fn run(variant: &str, connections: usize, seconds: u64) -> Result<serde_json::Value> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let pool = match variant {
        "bounded" => Workers::passwords(),
        "unbounded" => Workers::new("hash-unbounded", 512, 4096, Duration::from_secs(3600)),
        other => anyhow::bail!("unknown variant {other}"),
    };
    let store = Store::open(&url).await?.with_password_workers(pool);
    store
        .create_user(
            &Actor::system(),
            NewUser {
                login: Login::parse("public")?,
                display_name: "公众".into(),
                password: NewPassword::parse(PASSWORD)?,
                role: Role::Public,
            },
        )
        .await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let app = renda_web::router(renda_web::AppState::new(store.clone(), renda_web::Config::default()));
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(renda_web::serve(listener, app, async move {
        let _ = stop_rx.await;
    }));
    let (base_rss, _) = rss_mb();
    let logins = Arc::new(AtomicU64::new(0));
    let busy = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + Duration::from_secs(seconds);
    let clients = (0..connections).map(|i| {
        let (base, logins, busy) = (base.clone(), logins.clone(), busy.clone());
        tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client builds");
            // The pre-login double-submit token: any 64 hex characters, as a browser keeps it.
            let token = format!("{i:064x}");
            while Instant::now() < until {
                let r = client
                    .post(format!("{base}/login"))
                    .header("cookie", format!("renda_csrf={token}"))
                    .form(&[("_csrf", token.as_str()), ("login", "public"), ("password", PASSWORD), ("next", "/")])
                    .send()
                    .await;
                match r.map(|r| r.status().as_u16()) {
                    Ok(303) => logins.fetch_add(1, Ordering::Relaxed),
                    Ok(503) => busy.fetch_add(1, Ordering::Relaxed),
                    _ => 0,
                };
            }
        })
    });
    futures_util::future::join_all(clients).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let (after, peak) = rss_mb();
    let _ = stop_tx.send(());
    Ok(serde_json::json!({
        "variant": variant,
        "logins": logins.load(Ordering::Relaxed),
        "busy": busy.load(Ordering::Relaxed),
        "base_mb": base_rss,
        "peak_mb": peak,
        "after_mb": after,
    }))
}
