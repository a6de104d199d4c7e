//! The `renda` command line: one binary for serving, the demo, migrations, imports, accounts,
//! backups and audit checks.
//!
//! - this file: the clap definitions, configuration from flags and `RENDA_*` variables, logging,
//!   and `serve`, `demo`, `migrate`, `backup`, `audit verify`, `config default`;
//! - `renda calendar import|years`: the holiday calendar deadlines count working days with;
//! - [`user`]: `renda user add|passwd|list`;
//! - [`import`]: `renda import roster FILE` and `renda import page|jsonl|laws` (documents);
//! - `renda reindex`: rebuilds the search index (derived data) from the database;
//! - [`demo`]: the fictional city 示范市 that `renda demo` loads into an empty database.

pub mod demo;
pub mod import;
pub mod user;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use renda_store::{DEFAULT_URL, Store};
use std::path::PathBuf;
use std::process::ExitCode;

/// 人大代表工作平台 renda
#[derive(Debug, Parser)]
#[command(name = "renda", version, about = "renda：市、县、乡三级人大的工作平台", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct DbArgs {
    /// Database address: sqlite://PATH or postgres://USER:PASSWORD@HOST/DB
    #[arg(long, global = true, env = "RENDA_DATABASE_URL", default_value = DEFAULT_URL)]
    pub database_url: String,
}

#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port)
    #[arg(long, env = "RENDA_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Mark cookies Secure (when served over HTTPS)
    #[arg(long, env = "RENDA_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// Trust X-Forwarded-For for the client address (only behind your own proxy)
    #[arg(long, env = "RENDA_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
    /// The name shown in every page's header
    #[arg(long, env = "RENDA_SITE_NAME", default_value = "示范市人大代表工作平台")]
    pub site_name: String,
    /// Deliver notifications by e-mail through this relay: smtp://[user:password@]host[:port]
    #[arg(long, env = "RENDA_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of those e-mails
    #[arg(long, env = "RENDA_SMTP_FROM", default_value = "人大代表工作平台 <renda@localhost>")]
    pub smtp_from: String,
    /// Deliver notifications to this SMS gateway (JSON POST): http://host:port/path
    #[arg(long, env = "RENDA_WEBHOOK_URL")]
    pub webhook_url: Option<String>,
    /// The search index folder (derived data; default ./data/index, ./data/demo-index for the demo)
    #[arg(long, env = "RENDA_INDEX_DIR")]
    pub index_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the platform
    Serve {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        web: ServeArgs,
    },
    /// Load the demo city into ./data/demo.db (when empty), print the logins, and serve
    Demo {
        #[arg(long, env = "RENDA_DEMO_DATABASE_URL", default_value = "sqlite://./data/demo.db")]
        database_url: String,
        #[command(flatten)]
        web: ServeArgs,
        /// Load the data and exit without serving
        #[arg(long)]
        no_serve: bool,
    },
    /// Bring the database schema up to date
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Manage accounts
    User {
        #[command(subcommand)]
        command: user::UserCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Import data from files
    Import {
        #[command(subcommand)]
        command: import::ImportCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Copy a SQLite database to OUT while it is in use (PostgreSQL: use pg_dump)
    Backup {
        out: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Check the audit chain
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Public holidays and adjusted working days for legal deadlines
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Rebuild the search index from the database (stop the server first: it holds the index)
    Reindex {
        /// The search index folder
        #[arg(long, env = "RENDA_INDEX_DIR", default_value = "./data/index")]
        index_dir: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Show configuration
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk every chain; exit 1 and name the first broken entry if any
    Verify,
    /// Check that every deputy's archive tally agrees with the archive items; exit 1 and list
    /// those that do not. With --rebuild, derive every tally again from the items first.
    Tallies {
        #[arg(long)]
        rebuild: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Load a year's schedule (lines like `2027-02-06..2027-02-13 休 春节` or `2027-02-20 班 春节调休`)
    Import { file: PathBuf },
    /// List the years the calendar covers
    Years,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print every setting with its default, as environment variables
    Default,
}

/// Runs a command, printing errors in Chinese and returning the process's exit code.
pub fn main(cli: Cli) -> ExitCode {
    init_logging();
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("无法启动运行时：{e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("RENDA_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // Colours only on a terminal: a log file or journal gets plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    let json = std::env::var("RENDA_LOG_FORMAT").is_ok_and(|f| f == "json");
    // A second initialisation (in tests) is harmless and ignored.
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}

pub async fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Serve { db, web } => {
            let store = open(&db.database_url).await?;
            let index_dir = web.index_dir.clone().unwrap_or_else(|| PathBuf::from("./data/index"));
            let index = IndexStart { dir: &index_dir, rebuild: false };
            serve(store, web, index, |addr| println!("renda 已启动：http://{addr}/")).await?;
        }
        Command::Demo { database_url, web, no_serve } => {
            let store = open(&database_url).await?;
            let fresh = store.count_orgs().await? == 0;
            if fresh {
                println!("正在生成示范数据（示范市及其区县、乡镇）……");
                let s = demo::seed(&store).await?;
                println!(
                    "已生成：{} 个人大，{} 个承办单位，{} 个代表席位，{} 个用户，{} 件代表建议，{} 篇文档，{} 条群众意见。",
                    s.congresses, s.units, s.deputies, s.users, s.suggestions, s.documents, s.opinions
                );
                println!("代表联络站 {} 个，接待安排 {} 次。", s.stations.stations, s.stations.receptions);
                println!(
                    "{} 个人大已发布{}年度履职考核细则，计算履职得分 {} 人。",
                    s.archive.congresses, s.archive.year, s.archive.scores
                );
                if let Some(shared) = &s.shared {
                    println!(
                        "已从 {} 导入：讲话范文 {} 篇，政府工作报告及决议 {} 篇，法律法规 {} 部。",
                        shared.dir.display(),
                        shared.page,
                        shared.reports,
                        shared.laws
                    );
                    for p in &shared.problems {
                        println!("提示：未能导入 {p}");
                    }
                }
            } else {
                println!("示范数据库已存在：{database_url}（删除 ./data/demo.db 可重新生成）");
            }
            if no_serve {
                print_logins(None);
                return Ok(ExitCode::SUCCESS);
            }
            let index_dir = web.index_dir.clone().unwrap_or_else(|| PathBuf::from("./data/demo-index"));
            // A new demo database makes any index left from an earlier one meaningless.
            let index = IndexStart { dir: &index_dir, rebuild: fresh };
            serve(store, web, index, |addr| print_logins(Some(addr))).await?;
        }
        Command::Migrate { db } => {
            let store = Store::connect(&db.database_url)
                .await
                .with_context(|| format!("无法打开数据库 {}", redact(&db.database_url)))?;
            store.migrate().await.context("迁移失败")?;
            for (version, description) in store.known_migrations() {
                println!("{version} {description}");
            }
            println!("数据库结构已是最新。");
        }
        Command::User { command, db } => {
            return user::run(&open(&db.database_url).await?, command).await;
        }
        Command::Import { command, db } => {
            return import::run(&open(&db.database_url).await?, command).await;
        }
        Command::Backup { out, db } => {
            let store = open(&db.database_url).await?;
            match store.backup_sqlite(&out).await {
                Ok(()) => println!("已备份到 {}", out.display()),
                Err(e) => bail!("{}", e.user_message()),
            }
        }
        Command::Audit { command: AuditCommand::Verify, db } => {
            let store = open(&db.database_url).await?;
            match store.verify_audit().await? {
                Ok(v) => println!("审计链完好：{} 条链，共 {} 条记录。", v.chains, v.entries),
                Err(broken) => {
                    println!("{broken}");
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        Command::Audit { command: AuditCommand::Tallies { rebuild }, db } => {
            let store = open(&db.database_url).await?;
            if rebuild {
                let n = store.rebuild_tallies().await.map_err(|e| anyhow::anyhow!(e.user_message()))?;
                println!("已根据履职事项重新生成 {n} 份履职统计。");
            }
            let wrong = store.tallies_out_of_step().await?;
            if !wrong.is_empty() {
                for (congress, year, person) in wrong.iter().take(20) {
                    println!(
                        "人大（编号{}）{year}年 代表（人员编号{}）的履职统计与履职事项不一致",
                        congress.0, person.0
                    );
                }
                println!("共 {} 份不一致；运行 renda audit tallies --rebuild 可重新生成。", wrong.len());
                return Ok(ExitCode::FAILURE);
            }
            println!("履职统计与履职事项一致。");
        }
        Command::Calendar { command, db } => {
            let store = open(&db.database_url).await?;
            match command {
                CalendarCommand::Import { file } => {
                    let text =
                        std::fs::read_to_string(&file).with_context(|| format!("无法读取 {}", file.display()))?;
                    let cal =
                        renda_core::calendar::HolidayCalendar::parse(&text).map_err(|e| anyhow::anyhow!("{e}"))?;
                    let n = store
                        .import_holidays(&renda_store::Actor::system(), &cal)
                        .await
                        .map_err(|e| anyhow::anyhow!(e.user_message()))?;
                    println!(
                        "已载入 {n} 天（{}年）。",
                        cal.years().iter().map(i16::to_string).collect::<Vec<_>>().join("、")
                    );
                }
                CalendarCommand::Years => {
                    let years = store.holiday_calendar().await?.years();
                    println!("节假日安排已覆盖：{}年", years.iter().map(i16::to_string).collect::<Vec<_>>().join("、"));
                }
            }
        }
        Command::Reindex { index_dir, db } => {
            let store = open(&db.database_url).await?;
            let index = renda_search::SearchIndex::open(&index_dir).map_err(|e| {
                anyhow::anyhow!("无法打开检索索引 {}：{e}（服务运行时索引被占用，请先停止服务）", index_dir.display())
            })?;
            let indexer = renda_web::indexer::Indexer::new(index);
            let started = std::time::Instant::now();
            let n = indexer.rebuild(&store).await.map_err(|e| anyhow::anyhow!("重建索引失败：{e}"))?;
            println!(
                "检索索引已重建：{n} 条记录，用时 {:.1} 秒（{}）。",
                started.elapsed().as_secs_f64(),
                index_dir.display()
            );
        }
        Command::Config { command: ConfigCommand::Default } => print!("{}", default_config()),
    }
    Ok(ExitCode::SUCCESS)
}

async fn open(url: &str) -> Result<Store> {
    Store::open(url).await.with_context(|| format!("无法打开数据库 {}", redact(url)))
}

/// The URL with any password replaced, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Binds, reports the bound address, and serves until Ctrl-C or SIGTERM.
/// Where the server keeps its search index, and whether to rebuild it whatever it holds.
struct IndexStart<'a> {
    dir: &'a std::path::Path,
    rebuild: bool,
}

async fn serve(
    store: Store,
    args: ServeArgs,
    index: IndexStart<'_>,
    on_ready: impl FnOnce(std::net::SocketAddr),
) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .with_context(|| format!("无法监听 {}（端口可能已被占用，可用 --addr 指定其他地址）", args.addr))?;
    let addr = listener.local_addr()?;
    let delivery = renda_web::delivery::DeliveryConfig {
        smtp_url: args.smtp_url.filter(|u| !u.is_empty()),
        smtp_from: args.smtp_from,
        webhook_url: args.webhook_url.filter(|u| !u.is_empty()),
    };
    let deliverer = if delivery.is_on() {
        Some(renda_web::delivery::Deliverer::new(&delivery, &args.site_name).map_err(|e| anyhow::anyhow!(e))?)
    } else {
        None
    };
    let config = renda_web::Config {
        secure_cookies: args.secure_cookies,
        trust_proxy: args.trust_proxy,
        site_name: args.site_name,
        fixed_today: None,
    };
    let indexer = std::sync::Arc::new(open_index(index.dir)?);
    let worker = tokio::spawn(background(store.clone(), deliverer, indexer.clone(), index.rebuild));
    let app = renda_web::router(renda_web::AppState::new(store, config).with_search(indexer));
    on_ready(addr);
    tracing::info!(%addr, "listening");
    renda_web::serve(listener, app, shutdown_signal()).await?;
    worker.abort();
    Ok(())
}

/// The work derived from the event log, off the request path: notifications every few
/// seconds (from the consumer's saved position, so a restart resumes where it stopped), their
/// delivery by e-mail and SMS when configured, and deadline reminders once an hour.
async fn background(
    store: Store,
    deliverer: Option<renda_web::delivery::Deliverer>,
    indexer: std::sync::Arc<renda_web::indexer::Indexer>,
    rebuild: bool,
) {
    let mut last_sweep: Option<std::time::Instant> = None;
    // A new (or unreadable, hence recreated) index is rebuilt; otherwise it catches up.
    let started = if rebuild { indexer.rebuild(&store).await } else { indexer.start(&store).await };
    match started {
        Ok(n) => tracing::info!(records = n, "search index ready"),
        Err(e) => tracing::warn!(error = ?e, "search index start"),
    }
    loop {
        if let Err(e) = indexer.catch_up(&store).await {
            tracing::warn!(error = ?e, "search index follower");
        }
        if let Err(e) = store.catch_up_notifications().await {
            tracing::warn!(error = ?e, "notification consumer");
        }
        if let Some(d) = &deliverer
            && let Err(e) = d.deliver_pending(&store).await
        {
            tracing::warn!(error = ?e, "notification delivery");
        }
        if last_sweep.is_none_or(|t| t.elapsed() > std::time::Duration::from_secs(3600)) {
            match store.sweep_deadline_reminders(jiff::ZonedDateTime::now().date()).await {
                Ok(n) => tracing::info!(reminders = n, "deadline sweep"),
                Err(e) => tracing::warn!(error = ?e, "deadline sweep"),
            }
            last_sweep = Some(std::time::Instant::now());
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
}

/// The search index in `dir`; when another process holds it, this server keeps its own index
/// in memory (built from the store at start) and says so.
fn open_index(dir: &std::path::Path) -> Result<renda_web::indexer::Indexer> {
    match renda_search::SearchIndex::open(dir) {
        Ok(index) => Ok(renda_web::indexer::Indexer::new(index)),
        Err(e) => {
            tracing::warn!(error = %e, dir = %dir.display(), "search index folder unavailable; using an index in memory");
            eprintln!("注意：检索索引目录 {} 不可用（{e}），本次使用内存索引。", dir.display());
            renda_web::indexer::Indexer::in_memory().map_err(|e| anyhow::anyhow!("无法创建检索索引：{e}"))
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

fn print_logins(addr: Option<std::net::SocketAddr>) {
    if let Some(addr) = addr {
        println!();
        println!("示范平台已启动：http://{addr}/");
    }
    println!("演示账号（密码均为 {}）：", demo::DEMO_PASSWORD);
    for l in demo::demo_logins() {
        println!("  {:<14} {:<8} {}", l.login, l.role_label, l.who);
    }
    if addr.is_some() {
        println!("按 Ctrl+C 停止。");
    }
}

/// Every setting with its default, as a shell-sourceable environment file.
pub fn default_config() -> String {
    format!(
        "# renda 配置：命令行参数优先于环境变量。\n\
         # 数据库地址：sqlite://文件路径（默认，无需安装）或 postgres://用户:密码@主机/库名\n\
         RENDA_DATABASE_URL={DEFAULT_URL}\n\
         # renda demo 使用的示范数据库\n\
         RENDA_DEMO_DATABASE_URL=sqlite://./data/demo.db\n\
         # 监听地址（端口 0 表示自动选择）\n\
         RENDA_ADDR=127.0.0.1:8080\n\
         # 通过 HTTPS 访问时设为 true，Cookie 将带 Secure 标记\n\
         RENDA_SECURE_COOKIES=false\n\
         # 仅在自己的反向代理之后设为 true：从 X-Forwarded-For 读取客户端地址\n\
         RENDA_TRUST_PROXY=false\n\
         # 页面顶部显示的平台名称\n\
         RENDA_SITE_NAME=示范市人大代表工作平台\n\
         # 消息同时以邮件发送：smtp://用户:密码@邮件服务器:端口（默认关闭；暂不支持 TLS）\n\
         RENDA_SMTP_URL=\n\
         RENDA_SMTP_FROM=\"人大代表工作平台 <renda@localhost>\"\n\
         # 消息同时推送到短信网关（JSON POST：phone、text、kind、login、suggestion_id；默认关闭）\n\
         RENDA_WEBHOOK_URL=\n\
         # 全文检索索引目录（由数据库派生，可随时用 renda reindex 重建；演示默认 ./data/demo-index）\n\
         RENDA_INDEX_DIR=./data/index\n\
         # 日志级别（tracing 过滤语法）与格式（text 或 json）\n\
         RENDA_LOG=info,sqlx=warn\n\
         RENDA_LOG_FORMAT=text\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden_in_database_urls() {
        assert_eq!(redact("postgres://renda:s3cret@db/renda"), "postgres://renda:***@db/renda");
        assert_eq!(redact("postgres://renda@db/renda"), "postgres://renda@db/renda");
        assert_eq!(redact("sqlite://./data/renda.db"), "sqlite://./data/renda.db");
    }

    #[test]
    fn the_default_config_names_every_setting_the_cli_reads() {
        let c = default_config();
        for var in [
            "RENDA_DATABASE_URL",
            "RENDA_DEMO_DATABASE_URL",
            "RENDA_ADDR",
            "RENDA_SECURE_COOKIES",
            "RENDA_TRUST_PROXY",
            "RENDA_SITE_NAME",
            "RENDA_LOG",
            "RENDA_SMTP_URL",
            "RENDA_SMTP_FROM",
            "RENDA_WEBHOOK_URL",
            "RENDA_INDEX_DIR",
            "RENDA_LOG_FORMAT",
        ] {
            assert!(c.contains(&format!("{var}=")), "{var} missing");
        }
    }
}
