//! The `renda` command line: one binary for serving, the demo, migrations, imports, accounts,
//! backups and audit checks.
//!
//! - this file: the clap definitions, configuration from flags and `RENDA_*` variables, logging,
//!   and `serve`, `demo`, `migrate`, `backup`, `audit verify`, `config default`;
//! - [`config`]: `renda.toml`, whose values become the command line's defaults (flag >
//!   `RENDA_*` variable > file > default), and the commented file `renda config default` prints;
//! - `renda calendar import|years`: the holiday calendar deadlines count working days with;
//! - [`install`]: `renda init` (the platform's name, top congress and first admin), `renda org
//!   list|add|rename|move|close`, and `renda import orgs|users` (the tree and accounts from sheets);
//! - [`user`]: `renda user add|passwd|list`;
//! - [`import`]: `renda import roster FILE` and `renda import page|jsonl|laws` (documents);
//! - `renda reindex`: rebuilds the search index (derived data) from the database;
//! - [`demo`]: the fictional city 示范市 that `renda demo` loads into an empty database.

pub mod config;
pub mod demo;
pub mod import;
pub mod install;
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
    /// Run the platform's clock from this Beijing time (YYYY-MM-DD or YYYY-MM-DDTHH:MM), for
    /// demonstrations and browser tests; without it, the system's clock read as Beijing time
    #[arg(long, global = true, env = "RENDA_NOW", hide_env_values = true)]
    pub now: Option<String>,
    /// The configuration file (renda.toml; `renda config default` prints one)
    #[arg(long, global = true, env = "RENDA_CONFIG")]
    pub config: Option<PathBuf>,
    /// Log filter (tracing syntax)
    #[arg(long, global = true, env = "RENDA_LOG", default_value = "info,sqlx=warn")]
    pub log: String,
    /// Log format: text or json
    #[arg(long, global = true, env = "RENDA_LOG_FORMAT", default_value = "text")]
    pub log_format: String,
}

/// The platform's clock: the system's, or one running from `--now` (a Beijing date or time).
pub fn clock_from(now: Option<&str>) -> Result<renda_core::clock::Clock> {
    use renda_core::clock::{Clock, from_beijing};
    let Some(text) = now.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(Clock::system()) };
    let civil = match text.parse::<jiff::civil::DateTime>() {
        Ok(dt) => dt,
        Err(_) => text
            .parse::<jiff::civil::Date>()
            .map(|d| d.to_datetime(jiff::civil::Time::constant(9, 0, 0, 0)))
            .map_err(|_| {
                anyhow::anyhow!(
                    "--now / RENDA_NOW 应为北京时间的日期或时刻，例如 2026-03-10 或 2026-03-10T09:30，而不是“{text}”"
                )
            })?,
    };
    Ok(Clock::running_from(from_beijing(civil)))
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
    /// The platform's name, fixing it by configuration (default: the name `renda init` set,
    /// which the admin can edit)
    #[arg(long, env = "RENDA_SITE_NAME")]
    pub site_name: Option<String>,
    /// Deliver notifications by e-mail through this relay: smtp://[user:password@]host[:port]
    #[arg(long, env = "RENDA_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of those e-mails
    #[arg(long, env = "RENDA_SMTP_FROM", default_value = "人大代表工作平台 <renda@localhost>")]
    pub smtp_from: String,
    /// Deliver notifications to this SMS gateway (JSON POST): http://host:port/path
    #[arg(long, env = "RENDA_WEBHOOK_URL")]
    pub webhook_url: Option<String>,
    /// The congress office's phone, shown to those without an account when self-registration
    /// is off (neither SMTP nor an SMS gateway configured)
    #[arg(long, env = "RENDA_OFFICE_PHONE")]
    pub office_phone: Option<String>,
    /// The search index folder (derived data; default ./data/index, ./data/demo-index for the demo)
    #[arg(long, env = "RENDA_INDEX_DIR")]
    pub index_dir: Option<PathBuf>,
    /// Serve HTTPS with this certificate chain (PEM), reloaded with its key on SIGHUP
    #[arg(long, env = "RENDA_TLS_CERT")]
    pub tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM)
    #[arg(long, env = "RENDA_TLS_KEY")]
    pub tls_key: Option<PathBuf>,
    /// With HTTPS: also answer plain HTTP on this address with a redirect to HTTPS (e.g. 0.0.0.0:80)
    #[arg(long, env = "RENDA_REDIRECT_HTTP")]
    pub redirect_http: Option<String>,
    /// An intranet CA's certificates (PEM) trusted besides the public roots, for SMTP over TLS
    /// and an https:// webhook
    #[arg(long, env = "RENDA_TLS_EXTRA_CA")]
    pub tls_extra_ca: Option<PathBuf>,
    /// With --trust-proxy: the proxies' addresses, comma-separated (default: loopback only)
    #[arg(long, env = "RENDA_PROXY_ADDRS")]
    pub proxy_addrs: Option<String>,
    /// Back the SQLite database up into this folder every day from 02:00 Beijing time
    /// (renda-YYYY-MM-DD.db; PostgreSQL: pg_dump, see the README)
    #[arg(long, env = "RENDA_BACKUP_DIR")]
    pub backup_dir: Option<PathBuf>,
    /// How many daily backups to keep
    #[arg(long, env = "RENDA_BACKUP_KEEP", default_value_t = 14)]
    pub backup_keep: usize,
}

impl ServeArgs {
    /// The certificate to serve HTTPS with, when both files are given; neither is plain HTTP.
    fn certificate(&self) -> Result<Option<renda_web::tls::Certificate>> {
        let given = |p: &Option<PathBuf>| p.clone().filter(|p| !p.as_os_str().is_empty());
        match (given(&self.tls_cert), given(&self.tls_key)) {
            (None, None) => Ok(None),
            (Some(cert), Some(key)) => {
                renda_web::tls::Certificate::load(&cert, &key).map(Some).map_err(|e| anyhow::anyhow!(e))
            }
            _ => Err(anyhow::anyhow!("启用 HTTPS 需要同时给出证书（--tls-cert）和私钥（--tls-key）")),
        }
    }
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
    /// Make an empty database this congress's own: the platform's name, the top congress and the
    /// first admin (password from standard input, or asked twice)
    Init {
        #[command(flatten)]
        args: install::InitArgs,
        #[command(flatten)]
        db: DbArgs,
    },
    /// The organisation tree: list, add, rename, move, close
    Org {
        #[command(subcommand)]
        command: install::OrgCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Bring the database schema up to date
    Migrate {
        /// Only say whether an upgrade is pending (exit code 2 when it is), changing nothing
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Restore a SQLite backup after checking its audit chain (stop the server first; the current
    /// database is moved aside, not deleted)
    Restore {
        file: PathBuf,
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
    /// Certificates for serving HTTPS
    Tls {
        #[command(subcommand)]
        command: TlsCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum TlsCommand {
    /// Make a self-signed certificate and key for a first start (browsers warn about it; use
    /// one from your intranet's CA in production)
    SelfSigned {
        /// A host name or IP address the certificate is for (repeat for more)
        #[arg(long = "name", required = true)]
        names: Vec<String>,
        /// Where to write the certificate (PEM)
        #[arg(long, default_value = "renda.crt")]
        cert: PathBuf,
        /// Where to write the private key (PEM, readable by its owner only)
        #[arg(long, default_value = "renda.key")]
        key: PathBuf,
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
    /// Print a commented configuration file (renda.toml) with every setting and its default
    Default,
}

/// Runs a command, printing errors in Chinese and returning the process's exit code.
pub fn main(cli: Cli) -> ExitCode {
    init_logging(&cli.log, &cli.log_format);
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

fn init_logging(filter: &str, format: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // Colours only on a terminal: a log file or journal gets plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    let json = format == "json";
    // A second initialisation (in tests) is harmless and ignored.
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}

pub async fn run(cli: Cli) -> Result<ExitCode> {
    let clock = clock_from(cli.now.as_deref())?;
    let open = |url: &str| open(url.to_owned(), clock.clone());
    match cli.command {
        Command::Serve { db, web } => {
            let store = open(&db.database_url).await?;
            let index_dir = web.index_dir.clone().unwrap_or_else(|| PathBuf::from("./data/index"));
            let index = IndexStart { dir: &index_dir, rebuild: false };
            let scheme =
                if web.tls_cert.as_ref().is_some_and(|p| !p.as_os_str().is_empty()) { "https" } else { "http" };
            serve(store, web, index, |addr| println!("renda 已启动：{scheme}://{addr}/")).await?;
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
                println!("已签发公文 {} 件（交办函和接待公告，见公文登记簿）。", s.official);
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
                // A demo database loaded before demo databases were marked.
                let top = store.congresses().await?.into_iter().find(|r| r.depth == 0);
                if !store.is_demo().await? && top.is_some_and(|t| t.org.name.as_str().starts_with("示范市")) {
                    store
                        .mark_demo(&renda_store::Actor::system(), &demo::demo_site_name())
                        .await
                        .map_err(|e| anyhow::anyhow!(e.user_message()))?;
                }
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
        Command::Migrate { check: true, db } => {
            let store = connect(&db.database_url).await?;
            let pending = store.pending_migrations().await.map_err(|e| anyhow::anyhow!(e.user_message()))?;
            if pending.is_empty() {
                println!("数据库结构已是最新，无需升级。");
            } else {
                println!(
                    "有 {} 项数据库升级待执行（运行 renda migrate，或启动 renda serve 时自动执行）：",
                    pending.len()
                );
                for (version, description) in pending {
                    println!("{version} {description}");
                }
                return Ok(ExitCode::from(2));
            }
        }
        Command::Restore { file, db } => {
            let restored = renda_store::backup::restore_sqlite(&file, &db.database_url, &clock)
                .await
                .map_err(|e| anyhow::anyhow!(e.user_message()))?;
            println!(
                "已从 {} 恢复：审计链完好（{} 条链，共 {} 条记录）。",
                file.display(),
                restored.chains,
                restored.entries
            );
            if let Some(previous) = restored.previous {
                println!("原数据库已移到 {}（确认无误后可自行删除）。", previous.display());
            }
        }
        Command::Migrate { check: false, db } => {
            let store = connect(&db.database_url).await?;
            store.migrate().await.context("迁移失败")?;
            for (version, description) in store.known_migrations() {
                println!("{version} {description}");
            }
            for (version, note) in store.migration_notes().await.context("无法读取数据迁移记录")? {
                println!("{version} 数据迁移：{note}");
            }
            println!("数据库结构已是最新。");
        }
        Command::Init { args, db } => {
            return install::init(&open(&db.database_url).await?, args).await;
        }
        Command::Org { command, db } => {
            return install::org(&open(&db.database_url).await?, command).await;
        }
        Command::User { command, db } => {
            return user::run(&open(&db.database_url).await?, command).await;
        }
        // The template needs no database (and makes none where it is written).
        Command::Import { command: import::ImportCommand::Orgs { file: None, template: Some(out) }, .. } => {
            return install::write_template(&out);
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
        Command::Config { command: ConfigCommand::Default } => print!("{}", config::default_file()),
        Command::Tls { command: TlsCommand::SelfSigned { names, cert, key } } => {
            self_signed(&names, &cert, &key)?;
            println!(
                "已生成自签名证书 {} 和私钥 {}（仅用于首次启动；浏览器会提示不受信任）。",
                cert.display(),
                key.display()
            );
            println!("启动：renda serve --tls-cert {} --tls-key {}", cert.display(), key.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The database without running its migrations (`migrate` reports and runs them itself).
async fn connect(url: &str) -> Result<Store> {
    Store::connect(url).await.with_context(|| format!("无法打开数据库 {}", redact(url)))
}

async fn open(url: String, clock: renda_core::clock::Clock) -> Result<Store> {
    Ok(Store::open(&url).await.with_context(|| format!("无法打开数据库 {}", redact(&url)))?.with_clock(clock))
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
    // A certificate that cannot be read stops the start, before anything listens.
    let certificate = args.certificate()?;
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .with_context(|| format!("无法监听 {}（端口可能已被占用，可用 --addr 指定其他地址）", args.addr))?;
    let addr = listener.local_addr()?;
    let redirect = match (&certificate, args.redirect_http.as_deref().filter(|a| !a.is_empty())) {
        (Some(_), Some(at)) => Some(
            tokio::net::TcpListener::bind(at)
                .await
                .with_context(|| format!("无法监听 {at}（用于把 HTTP 转到 HTTPS）"))?,
        ),
        (None, Some(_)) => anyhow::bail!("--redirect-http 只在启用 HTTPS（--tls-cert、--tls-key）时使用"),
        _ => None,
    };
    let delivery = renda_web::delivery::DeliveryConfig {
        smtp_url: args.smtp_url.filter(|u| !u.is_empty()),
        smtp_from: args.smtp_from,
        webhook_url: args.webhook_url.filter(|u| !u.is_empty()),
        extra_ca_pem: match args.tls_extra_ca.filter(|p| !p.as_os_str().is_empty()) {
            Some(path) => {
                Some(std::fs::read(&path).with_context(|| format!("无法读取附加 CA 证书文件 {}", path.display()))?)
            }
            None => None,
        },
    };
    let config = renda_web::Config {
        secure_cookies: args.secure_cookies || certificate.is_some(),
        trust_proxy: args.trust_proxy,
        proxies: proxies(args.proxy_addrs.as_deref())?,
        site_name: args.site_name.filter(|n| !n.trim().is_empty()),
        office_phone: args.office_phone.filter(|p| !p.trim().is_empty()),
    };
    let indexer = std::sync::Arc::new(open_index(index.dir)?);
    let mut state = renda_web::AppState::new(store.clone(), config).with_search(indexer);
    // The platform's name, shared by the pages and the e-mails.
    state.refresh_site().await.map_err(|e| anyhow::anyhow!(e.user_message()))?;
    let deliverer = if delivery.is_on() {
        Some(std::sync::Arc::new(
            renda_web::delivery::Deliverer::new(&delivery, &state.site_name())
                .map_err(|e| anyhow::anyhow!(e))?
                .with_site(state.site.clone()),
        ))
    } else {
        None
    };
    if let Some(d) = &deliverer {
        // Notifications and codes for self-registration go out through the same channels.
        state = state.with_deliverer(d.clone());
    }
    let mut worker = renda_web::worker::Worker::new(state.clone()).rebuilding(index.rebuild);
    match args.backup_dir.filter(|d| !d.as_os_str().is_empty()) {
        Some(_) if store.backend() != renda_store::Backend::Sqlite => {
            anyhow::bail!("--backup-dir 只用于 SQLite；PostgreSQL 请用 pg_dump 定时备份（见 README“正式部署”）")
        }
        Some(dir) => worker = worker.with_backups(renda_web::worker::Backups { dir, keep: args.backup_keep }),
        None => {}
    }
    let worker = tokio::spawn(worker.run());
    let last_flush = state.clone();
    let app = renda_web::router(state);
    on_ready(addr);
    tracing::info!(%addr, tls = certificate.is_some(), "listening");
    match certificate {
        Some(cert) => {
            tokio::spawn(reload_on_hangup(cert.clone()));
            if let Some(http) = redirect {
                tokio::spawn(renda_web::serve(http, renda_web::tls::redirect_router(addr.port()), shutdown_signal()));
            }
            renda_web::tls::serve_tls(listener, cert, app, shutdown_signal()).await?;
        }
        None => renda_web::serve(listener, app, shutdown_signal()).await?,
    }
    worker.abort();
    // The views of the last second (a kill -9 loses them; a stop does not).
    match last_flush.store.flush_views().await {
        Ok(f) => tracing::info!(views = f.counted, "views written at shutdown"),
        Err(e) => tracing::error!(error = %e.user_message(), "views not written at shutdown"),
    }
    Ok(())
}

/// The proxies named by `--proxy-addrs` (comma-separated IP addresses).
fn proxies(list: Option<&str>) -> Result<Vec<std::net::IpAddr>> {
    list.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| a.parse().map_err(|_| anyhow::anyhow!("--proxy-addrs 中的“{a}”不是 IP 地址（多个地址用逗号分隔）")))
        .collect()
}

/// Writes a self-signed certificate and its key; never over an existing file.
fn self_signed(names: &[String], cert: &std::path::Path, key: &std::path::Path) -> Result<()> {
    let (cert_pem, key_pem) = renda_web::tls::self_signed(names).map_err(|e| anyhow::anyhow!(e))?;
    for path in [cert, key] {
        if path.exists() {
            anyhow::bail!("{} 已存在，未做任何修改（请换一个文件名或先移走它）", path.display());
        }
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(
        &mut options.open(key).with_context(|| format!("无法写入 {}", key.display()))?,
        key_pem.as_bytes(),
    )?;
    std::fs::write(cert, cert_pem).with_context(|| format!("无法写入 {}", cert.display()))?;
    Ok(())
}

/// Reads the certificate again on every SIGHUP (a renewed certificate without a restart); a
/// failed reload keeps the one in use and says why in the log.
async fn reload_on_hangup(cert: renda_web::tls::Certificate) {
    #[cfg(unix)]
    {
        let Ok(mut hup) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else { return };
        while hup.recv().await.is_some() {
            match cert.reload() {
                Ok(()) => tracing::info!("certificate reloaded"),
                Err(e) => tracing::error!(error = %e, "certificate reload failed; the previous one stays in use"),
            }
        }
    }
    #[cfg(not(unix))]
    let _ = cert;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_takes_a_beijing_date_or_time_and_refuses_anything_else_in_chinese() {
        let c = clock_from(Some("2026-03-10T23:59")).expect("a time");
        assert_eq!(c.today(), jiff::civil::date(2026, 3, 10), "23:59 Beijing, whatever the host's zone");
        assert_eq!(clock_from(Some("2025-12-31")).expect("a day").today(), jiff::civil::date(2025, 12, 31));
        assert!(!clock_from(None).expect("system").is_manual());
        let e = clock_from(Some("明天")).expect_err("not a date").to_string();
        assert!(e.contains("北京时间") && e.contains("明天"), "{e}");
    }

    #[test]
    fn passwords_are_hidden_in_database_urls() {
        assert_eq!(redact("postgres://renda:s3cret@db/renda"), "postgres://renda:***@db/renda");
        assert_eq!(redact("postgres://renda@db/renda"), "postgres://renda@db/renda");
        assert_eq!(redact("sqlite://./data/renda.db"), "sqlite://./data/renda.db");
    }
}
