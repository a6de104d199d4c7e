//! The `renda` binary, run for real: every subcommand, each test against its own temporary
//! SQLite database (and its own working directory, so a default `./data/…` path can never touch
//! the repository). The servers are started on port 0, read back from what they print, and
//! always killed, even when an assertion fails; every wait has a deadline, so no test can hang.

use crate::common::*;
use renda_core::policy::Role;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long a server may take to print its address (the demo loads the city first).
const STARTUP: Duration = Duration::from_secs(60);

/// The national roster of the 14th NPC, kept beside the repository (not in it).
const NPC14: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/rosters/npc14_deputies.csv");

const ROSTER_HEADER: [&str; 8] = ["代表团", "姓名", "政党", "性别", "民族", "出生日期", "职务", "备注"];

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// What these tests ask of a database besides [`crate::common::TempDb`].
impl TempDb {
    /// Loads the demo city (which makes 示范市人民代表大会 the top congress).
    fn with_demo(self) -> TempDb {
        let out = self.ok(&["demo", "--no-serve"]);
        assert!(out.contains("已生成"), "{out}");
        self
    }

    fn count_orgs(&self) -> i64 {
        self.with_store(async |s| s.count_orgs().await.expect("orgs are counted"))
    }

    fn count_deputyships(&self) -> i64 {
        self.with_store(async |s| s.count_deputyships().await.expect("deputyships are counted"))
    }

    fn count_users(&self) -> usize {
        self.with_store(async |s| s.list_users(&renda_store::Actor::system()).await.expect("users are listed").len())
    }

    fn can_log_in(&self, login: &str, password: &str) -> bool {
        self.with_store(async |s| s.verify_login(login, password, "127.0.0.1").await.is_ok())
    }

    fn user(&self, login: &str) -> Option<renda_store::users::User> {
        self.with_store(async |s| s.user_by_login(login).await.expect("users are read"))
    }
}

/// A `renda serve` or `renda demo` child: killed on drop, whatever happened.
struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`, as printed.
    url: String,
    /// Every line read so far (stderr lines prefixed), for failure messages.
    seen: Vec<String>,
    lines: mpsc::Receiver<String>,
}

impl Server {
    /// Spawns `cmd` and waits until it prints a line with its `http://` (or `https://`) address.
    fn start(mut cmd: Command) -> Server {
        let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("renda starts");
        let out = child.stdout.take().expect("stdout is piped");
        let err = child.stderr.take().expect("stderr is piped");
        let (tx, lines) = mpsc::channel();
        let tx_err = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                if tx_err.send(format!("[stderr] {line}")).is_err() {
                    break;
                }
            }
        });
        let mut server = Server { child, url: String::new(), seen: Vec::new(), lines };
        let line = server.wait_for("://", STARTUP);
        let at = line.find("http").expect("the line holds the address");
        server.url = line[at..].trim().to_owned();
        server
    }

    /// Reads stdout until a line contains `needle`; fails after `timeout`.
    fn wait_for(&mut self, needle: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if !line.starts_with("[stderr]") && line.contains(needle) {
                        return line;
                    }
                }
                Err(RecvTimeoutError::Timeout) => panic!(
                    "renda printed no line with {needle:?} within {timeout:?}; so far:\n{}",
                    self.seen.join("\n")
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "renda exited ({:?}) before printing {needle:?}:\n{}",
                    self.child.try_wait(),
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Reads the output until a log line (stderr) contains `needle`; fails after `timeout`.
    fn wait_for_log(&mut self, needle: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.starts_with("[stderr]") && line.contains(needle) => return,
                Ok(line) => self.seen.push(line),
                Err(e) => panic!("no log line with {needle:?} ({e:?}); so far:\n{}", self.seen.join("\n")),
            }
        }
    }

    /// `GET PATH` against the server: (status, body).
    fn get(&self, path: &str) -> (u16, String) {
        http_get(&self.url, path)
    }

    /// Sends SIGTERM and waits (at most 30 s) for the process to end.
    #[cfg(unix)]
    fn terminate(&mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
        assert!(sent.success(), "kill -TERM {pid} failed");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().expect("the child can be polled") {
                return status;
            }
            assert!(Instant::now() < deadline, "renda did not stop within 30 s of SIGTERM:\n{}", self.seen.join("\n"));
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.1 GET with `Connection: close`: (status, body). Times out after 20 s.
fn http_get(base: &str, path: &str) -> (u16, String) {
    let host = base.trim_start_matches("http://").trim_end_matches('/').to_owned();
    let path = path.trim_start_matches('/');
    let mut stream = TcpStream::connect(&host).expect("the server accepts connections");
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("a read timeout can be set");
    stream.set_write_timeout(Some(Duration::from_secs(20))).expect("a write timeout can be set");
    write!(stream, "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").expect("the request is sent");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("the response arrives in time");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("the response has a head and a body");
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("the status line has a code");
    (status, body.to_owned())
}

/// A three-row roster whose second deputy (spreadsheet row 3) has an invalid 性别.
const ROSTER_WITH_A_BAD_ROW: &str = "\
代表团,姓名,政党,性别,民族,出生日期,职务,备注
测试一组,欧阳明远,中共,男,汉族,1970年5月,中学教师,
测试一组,司马青,无党派,未知,汉族,1980年1月,医生,
测试二组,诸葛兰,民盟,女,回族,1975年12月,工程师,连任
";

// ---------------------------------------------------------------------------------------------
// config default
// ---------------------------------------------------------------------------------------------

#[test]
fn config_default_prints_a_commented_file_that_renda_reads_back() {
    let dir = tempfile::tempdir().expect("a temporary folder can be made");
    let out = renda(dir.path()).args(["config", "default"]).output().expect("renda runs");
    assert!(out.status.success(), "{}", show(&out));
    let text = stdout(&out);
    for line in [
        "database_url = \"sqlite://./data/renda.db\"",
        "demo_database_url = \"sqlite://./data/demo.db\"",
        "addr = \"127.0.0.1:8080\"",
        "secure_cookies = false",
        "trust_proxy = false",
        "log = \"info,sqlx=warn\"",
        "log_format = \"text\"",
        "# smtp_url = \"smtp://renda:密码@mail.example.gov.cn:25\"",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} missing:\n{text}");
    }
    // Every line is a comment, blank, or `key = value`, and each key says its variable.
    for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        assert!(line.contains(" = "), "not a setting: {line}");
    }
    assert!(text.contains("（环境变量 RENDA_ADDR）"), "{text}");
    // Printing the configuration opens no database.
    assert!(!dir.path().join("data").exists(), "config default made ./data");
    // The printed file is a valid configuration: `migrate` with it uses its database.
    std::fs::write(dir.path().join("renda.toml"), &text).expect("write");
    let out = renda(dir.path()).args(["--config", "renda.toml", "migrate"]).output().expect("renda runs");
    assert!(out.status.success(), "{}", show(&out));
    assert!(dir.path().join("data/renda.db").exists(), "the file's database_url was used");
}

#[test]
fn a_flag_beats_a_variable_which_beats_the_file_which_beats_the_default() {
    let dir = tempfile::tempdir().expect("a temporary folder can be made");
    let p = dir.path();
    std::fs::write(p.join("renda.toml"), "database_url = \"sqlite://./from-file.db\"\n").expect("write");
    let migrate = |cmd: &mut Command| {
        let out = cmd.output().expect("renda runs");
        assert!(out.status.success(), "{}", show(&out));
    };
    // The file, named by RENDA_CONFIG, over the default.
    migrate(renda(p).args(["migrate"]).env("RENDA_CONFIG", "renda.toml"));
    assert!(p.join("from-file.db").exists() && !p.join("data").exists());
    // The variable over the file.
    migrate(renda(p).args(["migrate", "--config", "renda.toml"]).env("RENDA_DATABASE_URL", "sqlite://./from-env.db"));
    assert!(p.join("from-env.db").exists());
    // The flag over the variable.
    migrate(
        renda(p)
            .args(["migrate", "--config", "renda.toml", "--database-url", "sqlite://./from-flag.db"])
            .env("RENDA_DATABASE_URL", "sqlite://./from-env2.db"),
    );
    assert!(p.join("from-flag.db").exists() && !p.join("from-env2.db").exists());
}

#[test]
fn an_unknown_key_or_a_missing_file_is_named_in_chinese_and_nothing_runs() {
    let dir = tempfile::tempdir().expect("a temporary folder can be made");
    let p = dir.path();
    std::fs::write(p.join("bad.toml"), "database_url = \"sqlite://./x.db\"\nadress = \"0.0.0.0:80\"\n").expect("write");
    let out = renda(p).args(["--config", "bad.toml", "migrate"]).output().expect("renda runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(err.contains("bad.toml") && err.contains("未知的设置项“adress”"), "{err}");
    assert!(!p.join("x.db").exists(), "nothing ran");
    let out = renda(p).args(["--config", "none.toml", "migrate"]).output().expect("renda runs");
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success() && err.contains("无法读取配置文件 none.toml"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// HTTPS
// ---------------------------------------------------------------------------------------------

/// A client that trusts exactly the certificate in `pem` (a self-signed one is its own root).
fn https_client(pem: &[u8]) -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(pem).expect("pem"))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

#[cfg(unix)]
#[test]
fn serve_over_https_with_a_self_signed_certificate_reloaded_on_sighup() {
    let db = TempDb::new();
    let dir = db.dir.path();
    let tls = |args: &[&str]| renda(dir).arg("tls").args(args).output().expect("renda runs");
    assert!(tls(&["self-signed", "--name", "localhost"]).status.success());
    let first = std::fs::read(dir.join("renda.crt")).expect("cert written");
    let key_mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(dir.join("renda.key")).expect("key").permissions());
    assert_eq!(key_mode & 0o777, 0o600, "the key is its owner's only");
    // Never over an existing file.
    let again = tls(&["self-signed", "--name", "localhost"]);
    assert!(!again.status.success() && String::from_utf8_lossy(&again.stderr).contains("已存在"));
    assert_eq!(std::fs::read(dir.join("renda.crt")).expect("cert"), first, "unchanged");

    let mut server = Server::start(db.command(&[
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--tls-cert",
        "renda.crt",
        "--tls-key",
        "renda.key",
        "--redirect-http",
        "127.0.0.1:0",
    ]));
    assert!(server.url.starts_with("https://127.0.0.1:"), "{}", server.url);
    let url = server.url.replace("127.0.0.1", "localhost");
    let r = https_client(&first).get(format!("{url}login")).send().expect("https");
    assert_eq!(r.status(), 200);
    let cookie = r.headers().get("set-cookie").map(|v| v.to_str().unwrap_or("").to_owned()).unwrap_or_default();
    assert!(cookie.is_empty() || cookie.contains("Secure"), "cookies are Secure over HTTPS: {cookie}");

    // A renewed certificate is written and the server told with SIGHUP.
    assert!(tls(&["self-signed", "--name", "localhost", "--cert", "new.crt", "--key", "new.key"]).status.success());
    std::fs::rename(dir.join("new.crt"), dir.join("renda.crt")).expect("rename");
    std::fs::rename(dir.join("new.key"), dir.join("renda.key")).expect("rename");
    let second = std::fs::read(dir.join("renda.crt")).expect("cert");
    let pid = server.child.id().to_string();
    assert!(Command::new("kill").args(["-HUP", &pid]).status().expect("kill runs").success());
    server.wait_for_log("certificate reloaded", STARTUP);
    assert_eq!(https_client(&second).get(format!("{url}login")).send().expect("the new one").status(), 200);
    assert!(https_client(&first).get(format!("{url}login")).send().is_err(), "the old one is gone");
    assert!(server.terminate().success());
}

#[test]
fn an_unreadable_certificate_stops_the_start_with_a_chinese_message() {
    let db = TempDb::new();
    std::fs::write(db.dir.path().join("bad.crt"), "not a certificate").expect("write");
    std::fs::write(db.dir.path().join("bad.key"), "not a key").expect("write");
    let out = db
        .command(&["serve", "--addr", "127.0.0.1:0", "--tls-cert", "bad.crt", "--tls-key", "bad.key"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("证书文件 bad.crt") && err.contains("PEM"), "{err}");
    let out = db.command(&["serve", "--addr", "127.0.0.1:0", "--tls-cert", "bad.crt"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stderr).contains("同时给出证书（--tls-cert）和私钥（--tls-key）"));
}

// ---------------------------------------------------------------------------------------------
// backup, restore, migrate --check
// ---------------------------------------------------------------------------------------------

/// Row counts and a digest of every table's rows, from a SQLite file.
fn tables_of(path: &Path) -> Vec<(String, i64, String)> {
    let url = format!("sqlite://{}", path.display());
    with_store(&url, async |s| {
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .fetch_all(s.pool())
        .await
        .expect("tables");
        let mut out = Vec::new();
        for t in names {
            // Every column of every row, as SQLite quotes it, the rows sorted.
            let cols: Vec<String> =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT name FROM pragma_table_info('{t}')")))
                    .fetch_all(s.pool())
                    .await
                    .expect("columns");
            let row = cols.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || ',' || ");
            let sql = format!(
                "SELECT COUNT(*), COALESCE(group_concat(r, char(10)), '') FROM (SELECT {row} AS r FROM \"{t}\" ORDER BY r)"
            );
            let (n, all): (i64, String) =
                sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_one(s.pool()).await.expect("rows");
            out.push((t, n, all));
        }
        out
    })
}

#[test]
fn a_demo_database_round_trips_through_backup_and_restore_and_a_tampered_one_is_refused() {
    let db = TempDb::new();
    let out = renda(db.dir.path())
        .args(["demo", "--no-serve"])
        .env("RENDA_DEMO_DATABASE_URL", &db.url)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", show(&out));
    db.ok(&["backup", "backup.db"]);
    let restored = format!("sqlite://{}", db.path("restored.db").display());
    let out = renda(db.dir.path()).args(["restore", "backup.db", "--database-url", &restored]).output().expect("runs");
    assert!(out.status.success(), "{}", show(&out));
    assert!(stdout(&out).contains("审计链完好"), "{}", show(&out));
    let (original, copy) = (tables_of(&db.path("x.db")), tables_of(&db.path("restored.db")));
    assert!(original.iter().any(|(t, n, _)| t == "suggestions" && *n > 100), "the demo is there");
    assert_eq!(original.len(), copy.len());
    for (a, b) in original.iter().zip(&copy) {
        assert!(a == b, "table {} differs after the round trip ({} rows against {})", a.0, a.1, b.1);
    }

    // A backup whose audit log was edited is refused, and the database in place is untouched.
    with_store(&format!("sqlite://{}", db.path("backup.db").display()), async |s| {
        sqlx::query("UPDATE audit_log SET after_json = '{\"篡改\":1}' WHERE id = 10")
            .execute(s.writer())
            .await
            .expect("tamper");
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(s.writer()).await.expect("checkpoint");
    });
    let before = std::fs::read(db.path("restored.db")).expect("read");
    let out = renda(db.dir.path()).args(["restore", "backup.db", "--database-url", &restored]).output().expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("审计链校验未通过"), "{}", show(&out));
    assert_eq!(std::fs::read(db.path("restored.db")).expect("read"), before, "nothing changed");
}

#[test]
fn migrate_check_says_whether_an_upgrade_is_pending_and_changes_nothing() {
    let db = TempDb::new();
    let out = db.run(&["migrate", "--check"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(stdout(&out).contains("数据库升级待执行") && stdout(&out).contains("1 foundation"), "{}", show(&out));
    let again = db.run(&["migrate", "--check"]);
    assert_eq!(again.status.code(), Some(2), "checking ran nothing");
    db.ok(&["migrate"]);
    let out = db.run(&["migrate", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(stdout(&out).contains("无需升级"));
}

#[test]
fn serve_writes_the_days_backup_into_the_backup_folder() {
    let db = TempDb::new();
    db.ok(&["migrate"]);
    let mut server =
        Server::start(db.command(&["serve", "--addr", "127.0.0.1:0", "--backup-dir", "backups", "--backup-keep", "3"]));
    server.wait_for_log("daily backup written", STARTUP);
    // RENDA_NOW runs the clock from 2026-03-10 09:00 Beijing time: past 02:00, so due at once.
    assert!(db.path("backups/renda-2026-03-10.db").exists());
    assert!(server.terminate().success());
}

// ---------------------------------------------------------------------------------------------
// migrate
// ---------------------------------------------------------------------------------------------

#[test]
fn migrate_creates_the_schema_lists_the_migrations_and_can_run_twice() {
    let db = TempDb::new();
    let first = db.ok(&["migrate"]);
    assert!(db.path("x.db").exists(), "no database file after migrate");
    let known = db.with_store(async |s| s.known_migrations());
    assert!(!known.is_empty());
    for (version, description) in &known {
        let line = format!("{version} {description}");
        assert!(first.lines().any(|l| l == line), "{line} missing:\n{first}");
    }
    assert!(first.contains("1 foundation"), "{first}");
    assert!(first.contains("数据库结构已是最新。"), "{first}");

    let second = db.ok(&["migrate"]);
    assert_eq!(first, second, "a second migrate says the same");
    // The schema is usable: the organisations table exists and is empty.
    assert_eq!(db.count_orgs(), 0);
}

// ---------------------------------------------------------------------------------------------
// demo
// ---------------------------------------------------------------------------------------------

#[test]
fn demo_no_serve_loads_the_city_once_and_prints_the_logins() {
    let db = TempDb::new();
    // The first run finds its database through RENDA_DEMO_DATABASE_URL …
    let out = renda(db.dir.path())
        .args(["demo", "--no-serve"])
        .env("RENDA_DEMO_DATABASE_URL", &db.url)
        .output()
        .expect("renda runs");
    assert!(out.status.success(), "{}", show(&out));
    let first = stdout(&out);
    assert!(first.contains("已生成"), "{first}");
    assert!(first.contains("renda2026"), "{first}");
    let logins = renda_cli::demo::demo_logins();
    assert!(logins.iter().any(|l| l.login == "admin"));
    for l in &logins {
        assert!(
            first.lines().any(|line| line.split_whitespace().next() == Some(&l.login)),
            "login {} not printed:\n{first}",
            l.login
        );
    }
    assert!(!db.path("data").exists(), "RENDA_DEMO_DATABASE_URL was ignored: ./data/demo.db was made");
    let orgs = db.count_orgs();
    let seats = db.count_deputyships();
    assert!(orgs > 30, "{orgs} organisations");
    assert!(seats > 1000, "{seats} deputyships");
    assert_eq!(db.count_users(), logins.len());
    assert!(db.can_log_in("admin", "renda2026"));

    // … the second through --database-url, and finds it already loaded.
    let second = db.ok(&["demo", "--no-serve"]);
    assert!(second.contains("示范数据库已存在"), "{second}");
    assert!(!second.contains("已生成"), "{second}");
    assert!(second.contains("renda2026"), "the logins are printed again:\n{second}");
    assert_eq!(db.count_orgs(), orgs, "the demo was loaded twice");
    assert_eq!(db.count_deputyships(), seats, "the demo was loaded twice");
    assert_eq!(db.count_users(), logins.len(), "the demo was loaded twice");
}

#[test]
fn demo_serves_the_platform_at_the_address_it_prints() {
    let db = TempDb::new();
    let mut server = Server::start(db.command(&["demo", "--addr", "127.0.0.1:0"]));
    assert!(server.url.starts_with("http://127.0.0.1:") && server.url.ends_with('/'), "{}", server.url);
    assert!(!server.url.ends_with(":0/"), "port 0 was printed, not the bound port");
    assert!(server.seen.iter().any(|l| l.contains("已生成")), "{:?}", server.seen);
    // The logins follow the address.
    server.wait_for("admin", Duration::from_secs(10));
    server.wait_for("按 Ctrl+C 停止", Duration::from_secs(10));
    assert!(server.seen.iter().any(|l| l.contains("renda2026")));

    let (status, body) = server.get("/healthz");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body.trim(), r#"{"status":"ok"}"#);
    let (status, body) = server.get("/login");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("登录"), "{body}");
}

// ---------------------------------------------------------------------------------------------
// serve
// ---------------------------------------------------------------------------------------------

#[test]
fn serve_prints_its_address_answers_healthz_and_stops_on_sigterm() {
    let db = TempDb::new();
    let mut server = Server::start(db.command(&["serve", "--addr", "127.0.0.1:0"]));
    let started = server.seen.iter().rev().find(|l| l.contains("http://")).cloned().unwrap_or_default();
    assert!(started.starts_with("renda 已启动：http://127.0.0.1:"), "{started}");
    assert!(!server.url.ends_with(":0/"), "{}", server.url);
    let (status, body) = server.get("/healthz");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body.trim(), r#"{"status":"ok"}"#);
    let (status, body) = server.get("/login");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("登录"), "{body}");
    // serve migrated the empty database it was given.
    assert_eq!(db.count_orgs(), 0);

    #[cfg(unix)]
    {
        let status = server.terminate();
        assert!(status.success(), "SIGTERM should stop renda cleanly: {status}\n{}", server.seen.join("\n"));
    }
}

#[test]
fn serve_on_an_address_in_use_fails_with_a_chinese_message() {
    let db = TempDb::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port can be bound");
    let addr = taken.local_addr().expect("the port is known").to_string();
    let mut cmd = db.command(&["serve", "--addr", &addr]);
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("renda starts");
    // Bounded wait: it must give up on its own, quickly.
    let deadline = Instant::now() + STARTUP;
    while child.try_wait().expect("the child can be polled").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("renda serve on a busy port did not exit");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("renda finishes");
    assert!(!out.status.success(), "{}", show(&out));
    assert!(stderr(&out).contains("无法监听"), "{}", show(&out));
    drop(taken);
}

// ---------------------------------------------------------------------------------------------
// user add | passwd | list
// ---------------------------------------------------------------------------------------------

#[test]
fn user_add_creates_admin_and_public_accounts_that_can_log_in() {
    let db = TempDb::new();
    let out = db.run_with_stdin(
        &["user", "add", "root", "--name", "管理员", "--role", "admin", "--password-stdin"],
        "correct-horse-42\n",
    );
    assert!(out.status.success(), "{}", show(&out));
    assert!(stdout(&out).contains("已创建用户 root（系统管理员）"), "{}", show(&out));
    assert!(db.can_log_in("root", "correct-horse-42"));
    let root = db.user("root").expect("root exists");
    assert_eq!(root.role, Role::Admin);
    assert_eq!(root.display_name, "管理员");

    // A password with a Windows line ending is read without the \r.
    let out = db.run_with_stdin(
        &["user", "add", "citizen", "--name", "市民", "--role", "public", "--password-stdin"],
        "opensesame7\r\n",
    );
    assert!(out.status.success(), "{}", show(&out));
    assert!(db.can_log_in("citizen", "opensesame7"));
    assert_eq!(db.user("citizen").expect("citizen exists").role, Role::Public);

    let list = db.ok(&["user", "list"]);
    assert!(list.contains("root") && list.contains("系统管理员"), "{list}");
    assert!(list.contains("citizen"), "{list}");
}

#[test]
fn user_add_scopes_staff_unit_and_deputy_accounts_to_what_they_name() {
    let db = TempDb::new().with_demo();

    let out = db.run_with_stdin(
        &[
            "user",
            "add",
            "newstaff",
            "--name",
            "新同事",
            "--role",
            "staff",
            "--org",
            "东城区人民代表大会",
            "--password-stdin",
        ],
        "staffpass2026\n",
    );
    assert!(out.status.success(), "{}", show(&out));
    assert!(stdout(&out).contains("已创建用户 newstaff（人大工作人员）"), "{}", show(&out));
    let staff = db.user("newstaff").expect("newstaff exists");
    assert!(matches!(staff.role, Role::Staff { .. }), "{:?}", staff.role);
    assert_eq!(staff.scope_name.as_deref(), Some("东城区人民代表大会"));
    assert!(db.can_log_in("newstaff", "staffpass2026"));

    let out = db.run_with_stdin(
        &[
            "user",
            "add",
            "newunit",
            "--name",
            "住建局联络员",
            "--role",
            "unit",
            "--org",
            "示范市住房和城乡建设局",
            "--password-stdin",
        ],
        "unitpass2026\n",
    );
    assert!(out.status.success(), "{}", show(&out));
    let unit = db.user("newunit").expect("newunit exists");
    assert!(matches!(unit.role, Role::Unit { .. }), "{:?}", unit.role);
    assert_eq!(unit.scope_name.as_deref(), Some("示范市住房和城乡建设局"));

    // A deputy is named by person id: one who has no account yet.
    let person: i64 = db.with_store(async |s| {
        sqlx::query_scalar(
            "SELECT MIN(p.id) FROM persons p \
             WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id)",
        )
        .fetch_one(s.pool())
        .await
        .expect("a person without an account exists")
    });
    let person_arg = person.to_string();
    let out = db.run_with_stdin(
        &[
            "user",
            "add",
            "newdeputy",
            "--name",
            "新代表",
            "--role",
            "deputy",
            "--person",
            &person_arg,
            "--password-stdin",
        ],
        "deputypass2026\n",
    );
    assert!(out.status.success(), "{}", show(&out));
    let deputy = db.user("newdeputy").expect("newdeputy exists");
    match deputy.role {
        Role::Deputy { person: p } => assert_eq!(p.0, person),
        other => panic!("newdeputy has role {other:?}"),
    }

    // Staff without --org, an unknown org and an unknown role are refused in Chinese.
    let users = db.count_users();
    let out = db.run_with_stdin(
        &["user", "add", "noorg", "--name", "无名", "--role", "staff", "--password-stdin"],
        "staffpass2026\n",
    );
    assert!(!out.status.success(), "{}", show(&out));
    assert!(stderr(&out).contains("须用 --org"), "{}", show(&out));
    let out = db.run_with_stdin(
        &[
            "user",
            "add",
            "badorg",
            "--name",
            "无名",
            "--role",
            "staff",
            "--org",
            "不存在人民代表大会",
            "--password-stdin",
        ],
        "staffpass2026\n",
    );
    assert!(!out.status.success(), "{}", show(&out));
    assert!(stderr(&out).contains("没有名为“不存在人民代表大会”的机构"), "{}", show(&out));
    let out = db.run_with_stdin(
        &["user", "add", "boss", "--name", "老板", "--role", "boss", "--password-stdin"],
        "bosspass2026\n",
    );
    assert!(!out.status.success(), "{}", show(&out));
    assert!(stderr(&out).contains("角色“boss”无效"), "{}", show(&out));
    assert_eq!(db.count_users(), users, "a refused account was created");
}

#[test]
fn user_add_refuses_a_weak_password_in_chinese_and_creates_nothing() {
    let db = TempDb::new();
    for (password, message) in [
        ("short1", "密码长度须为8至128位"),
        ("abcdefghij", "密码须同时包含数字和字母"),
        ("1234567890", "密码须同时包含数字和字母"),
        ("", "密码长度须为8至128位"),
    ] {
        let out = db.run_with_stdin(
            &["user", "add", "weak", "--name", "弱密码", "--role", "admin", "--password-stdin"],
            &format!("{password}\n"),
        );
        assert!(!out.status.success(), "{password:?} accepted: {}", show(&out));
        assert!(stderr(&out).contains(message), "{password:?}: expected {message}: {}", show(&out));
        assert!(db.user("weak").is_none(), "{password:?} created the account");
    }
    assert_eq!(db.count_users(), 0);
    assert_eq!(db.ok(&["user", "list"]).trim(), "");
}

#[test]
fn user_add_refuses_a_login_that_is_taken() {
    let db = TempDb::new();
    let add = |password: &str| {
        db.run_with_stdin(
            &["user", "add", "Clerk", "--name", "书记员", "--role", "admin", "--password-stdin"],
            &format!("{password}\n"),
        )
    };
    let out = add("firstpass1");
    assert!(out.status.success(), "{}", show(&out));
    let out = add("secondpass2");
    assert!(!out.status.success(), "{}", show(&out));
    assert!(stderr(&out).contains("已被使用"), "{}", show(&out));
    assert_eq!(db.count_users(), 1);
    assert!(db.can_log_in("clerk", "firstpass1"), "the first password still works");
    assert!(!db.can_log_in("clerk", "secondpass2"));
}

#[test]
fn user_passwd_changes_the_password() {
    let db = TempDb::new();
    let out = db.run_with_stdin(
        &["user", "add", "clerk", "--name", "书记员", "--role", "admin", "--password-stdin"],
        "oldpassword1\n",
    );
    assert!(out.status.success(), "{}", show(&out));

    let out = db.run_with_stdin(&["user", "passwd", "clerk", "--password-stdin"], "newpassword2\n");
    assert!(out.status.success(), "{}", show(&out));
    assert!(stdout(&out).contains("已修改 clerk 的密码"), "{}", show(&out));
    assert!(db.can_log_in("clerk", "newpassword2"));
    assert!(!db.can_log_in("clerk", "oldpassword1"));

    // A weak new password is refused and the current one stays.
    let out = db.run_with_stdin(&["user", "passwd", "clerk", "--password-stdin"], "weak\n");
    assert!(!out.status.success(), "{}", show(&out));
    assert!(stderr(&out).contains("密码长度须为8至128位"), "{}", show(&out));
    assert!(db.can_log_in("clerk", "newpassword2"));

    // An unknown login is named.
    let out = db.run_with_stdin(&["user", "passwd", "nobody", "--password-stdin"], "whatever123\n");
    assert!(!out.status.success(), "{}", show(&out));
    assert!(stderr(&out).contains("没有登录名为“nobody”的用户"), "{}", show(&out));
}

#[test]
fn user_list_shows_every_account_with_its_role_and_scope() {
    let db = TempDb::new().with_demo();
    let list = db.ok(&["user", "list"]);
    let logins = renda_cli::demo::demo_logins();
    assert_eq!(list.lines().count(), logins.len(), "{list}");
    for l in &logins {
        let line = list
            .lines()
            .find(|line| line.split_whitespace().next() == Some(&l.login))
            .unwrap_or_else(|| panic!("{} not listed:\n{list}", l.login));
        assert!(line.contains(&l.role_label), "{line}");
    }
    let east = list.lines().find(|l| l.starts_with("east.staff ")).expect("east.staff is listed");
    assert!(east.contains("东城区人民代表大会"), "{east}");
}

// ---------------------------------------------------------------------------------------------
// import roster
// ---------------------------------------------------------------------------------------------

#[test]
fn import_roster_loads_the_national_roster_once() {
    let file = Path::new(NPC14);
    if !file.exists() {
        println!("skipping: ../shared/data is absent");
        return;
    }
    let file = file.to_str().expect("the roster path is UTF-8");
    let db = TempDb::new().with_demo();
    let before = db.count_deputyships();

    let args = ["import", "roster", file, "--term", "14", "--start", "2023-03-05"];
    let first = db.ok(&args);
    assert!(first.contains("已导入 2953 名代表"), "{first}");
    assert!(first.contains("示范市人民代表大会第十四届"), "{first}");
    assert!(first.lines().any(|l| l.starts_with("提示：第1431行")), "the repaired row is not pointed out:\n{first}");
    assert_eq!(db.count_deputyships(), before + 2953);

    let second = db.ok(&args);
    assert!(second.contains("已导入 0 名代表"), "{second}");
    assert!(second.contains("2953 名已存在"), "{second}");
    assert_eq!(db.count_deputyships(), before + 2953, "imported twice");
}

#[test]
fn import_roster_with_a_bad_row_imports_nothing_unless_told_to_skip_it() {
    let db = TempDb::new().with_demo();
    let file = db.write("roster.csv", ROSTER_WITH_A_BAD_ROW);
    let file = file.to_str().expect("the temporary path is UTF-8");
    let before = db.count_deputyships();

    let out = db.fails(&["import", "roster", file, "--term", "1", "--start", "2024-01-01"]);
    let text = stdout(&out);
    assert!(text.contains("第3行“性别”"), "{}", show(&out));
    assert!(text.contains("未导入任何数据"), "{}", show(&out));
    assert!(!text.contains("第2行") && !text.contains("第4行"), "{text}");
    assert_eq!(db.count_deputyships(), before, "a bad file was partly imported");

    let text = db.ok(&["import", "roster", file, "--term", "1", "--start", "2024-01-01", "--skip-invalid"]);
    assert!(text.contains("第3行“性别”"), "the bad row is still listed:\n{text}");
    assert!(text.contains("已导入 2 名代表"), "{text}");
    assert!(text.contains("1 行有错误未导入"), "{text}");
    assert_eq!(db.count_deputyships(), before + 2);
    // The file's delegations are not the demo's: these are exactly the imported seats.
    let names: Vec<String> = db.with_store(async |s| {
        sqlx::query_scalar(
            "SELECT p.name FROM deputyships d JOIN persons p ON p.id = d.person_id \
             WHERE d.delegation IN ('测试一组', '测试二组') ORDER BY d.id",
        )
        .fetch_all(s.pool())
        .await
        .expect("deputyships are read")
    });
    assert_eq!(names, ["欧阳明远", "诸葛兰"]);
}

#[test]
fn import_roster_reads_xlsx_into_the_congress_and_term_given() {
    let db = TempDb::new().with_demo();
    let file = db.path("roster.xlsx");
    let rows = vec![
        vec![
            "测试一组".to_owned(),
            "欧阳明远".to_owned(),
            "中共".to_owned(),
            "男".to_owned(),
            "汉族".to_owned(),
            "1970年5月".to_owned(),
            "中学教师".to_owned(),
            String::new(),
        ],
        vec![
            "测试二组".to_owned(),
            "诸葛兰".to_owned(),
            "民盟".to_owned(),
            "女".to_owned(),
            "回族".to_owned(),
            "1975年12月".to_owned(),
            "工程师".to_owned(),
            "连任".to_owned(),
        ],
    ];
    renda_office::roster::write_roster_xlsx(&file, &ROSTER_HEADER, &rows).expect("the .xlsx roster is written");
    let file = file.to_str().expect("the temporary path is UTF-8");
    let before = db.count_deputyships();

    let text = db.ok(&[
        "import",
        "roster",
        file,
        "--congress",
        "东城区人民代表大会",
        "--term",
        "十七",
        "--start",
        "2024-01-01",
    ]);
    assert!(text.contains("已导入 2 名代表到东城区人民代表大会第十七届"), "{text}");
    assert_eq!(db.count_deputyships(), before + 2);
    let congresses: Vec<String> = db.with_store(async |s| {
        sqlx::query_scalar(
            "SELECT o.name FROM deputyships d \
             JOIN organisations o ON o.id = d.congress_id \
             WHERE d.delegation IN ('测试一组', '测试二组')",
        )
        .fetch_all(s.pool())
        .await
        .expect("deputyships are read")
    });
    assert_eq!(congresses, ["东城区人民代表大会", "东城区人民代表大会"]);
}

#[test]
fn import_roster_without_a_congress_fails_in_chinese() {
    let db = TempDb::new();
    let good = ROSTER_WITH_A_BAD_ROW.replace("未知", "女");
    let file = db.write("roster.csv", &good);
    let file = file.to_str().expect("the temporary path is UTF-8");
    let out = db.fails(&["import", "roster", file, "--term", "1"]);
    assert!(stderr(&out).contains("数据库中还没有人大"), "{}", show(&out));
    assert_eq!(db.count_deputyships(), 0);

    // A file of an unsupported kind is refused too, in Chinese.
    let txt = db.write("roster.txt", &good);
    let out = db.fails(&["import", "roster", txt.to_str().expect("the temporary path is UTF-8")]);
    assert!(stderr(&out).contains("错误："), "{}", show(&out));
}

// ---------------------------------------------------------------------------------------------
// backup
// ---------------------------------------------------------------------------------------------

#[test]
fn backup_writes_a_copy_that_opens_and_verifies_and_never_overwrites() {
    let db = TempDb::new().with_demo();
    let out_path = db.path("backup.db");
    let out_arg = out_path.to_str().expect("the temporary path is UTF-8");
    let text = db.ok(&["backup", out_arg]);
    assert!(text.contains("已备份到"), "{text}");
    assert!(out_path.exists());

    let copy = format!("sqlite://{out_arg}");
    let (verified, orgs, users) = with_store(&copy, async |s| {
        (
            s.verify_audit().await.expect("the audit chain is read"),
            s.count_orgs().await.expect("orgs are counted"),
            s.list_users(&renda_store::Actor::system()).await.expect("users are listed").len(),
        )
    });
    let verified = verified.expect("the copy's audit chain is intact");
    assert!(verified.entries > 0);
    assert_eq!(orgs, db.count_orgs());
    assert_eq!(users, db.count_users());

    let size = std::fs::metadata(&out_path).expect("the copy exists").len();
    let out = db.fails(&["backup", out_arg]);
    assert!(stderr(&out).contains("已存在"), "{}", show(&out));
    assert_eq!(std::fs::metadata(&out_path).expect("the copy exists").len(), size, "the existing backup was touched");
}

// ---------------------------------------------------------------------------------------------
// audit verify
// ---------------------------------------------------------------------------------------------

#[test]
fn audit_verify_passes_on_the_demo_and_names_an_edited_entry() {
    let db = TempDb::new().with_demo();
    let text = db.ok(&["audit", "verify"]);
    assert!(text.contains("审计链完好"), "{text}");

    let id: i64 = db.with_store(async |s| {
        let id: i64 = sqlx::query_scalar("SELECT MIN(id) FROM audit_log WHERE after_json IS NOT NULL")
            .fetch_one(s.pool())
            .await
            .expect("the demo wrote audit entries");
        sqlx::query(
            "UPDATE audit_log SET after_json = '{}' \
             WHERE id = (SELECT MIN(id) FROM audit_log WHERE after_json IS NOT NULL)",
        )
        .execute(s.writer())
        .await
        .expect("the entry is edited");
        id
    });

    let out = db.run(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let text = stdout(&out);
    assert!(text.contains(&format!("#{id}")), "entry #{id} not named:\n{text}");
    assert!(!text.contains("审计链完好"), "{text}");
}

#[test]
fn audit_tallies_agree_on_the_demo_name_an_edited_one_and_rebuild_repairs_it() {
    let db = TempDb::new().with_demo();
    let text = db.ok(&["audit", "tallies"]);
    assert!(text.contains("履职统计与履职事项一致"), "{text}");

    let person: i64 = db.with_store(async |s| {
        let person: i64 = sqlx::query_scalar("SELECT MIN(person_id) FROM archive_tallies")
            .fetch_one(s.pool())
            .await
            .expect("the demo's archives have tallies");
        sqlx::query("UPDATE archive_tallies SET totals = '[]' WHERE person_id = $1")
            .bind(person)
            .execute(s.writer())
            .await
            .expect("the tally is edited");
        person
    });
    let out = db.run(&["audit", "tallies"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let text = stdout(&out);
    assert!(text.contains(&format!("人员编号{person}")), "the edited tally is named:\n{text}");

    let text = db.ok(&["audit", "tallies", "--rebuild"]);
    assert!(text.contains("重新生成") && text.contains("履职统计与履职事项一致"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// database URLs
// ---------------------------------------------------------------------------------------------

#[test]
fn an_unsupported_database_url_is_refused_in_chinese() {
    let dir = tempfile::tempdir().expect("a temporary folder can be made");
    for args in [
        vec!["migrate"],
        vec!["user", "list"],
        vec!["audit", "verify"],
        vec!["backup", "out.db"],
        vec!["serve", "--addr", "127.0.0.1:0"],
        vec!["demo", "--no-serve"],
    ] {
        let (first, rest) = args.split_first().expect("a subcommand");
        let out =
            renda(dir.path()).arg(first).args(["--database-url", "mysql://x"]).args(rest).output().expect("renda runs");
        assert!(!out.status.success(), "{args:?}: {}", show(&out));
        assert!(stderr(&out).contains("不支持的数据库地址“mysql://x”"), "{args:?}: {}", show(&out));
    }
    assert!(!dir.path().join("out.db").exists(), "a backup was written from nothing");
}

#[test]
fn the_database_url_flag_also_works_after_the_nested_subcommand_as_the_readme_shows() {
    // README: `renda import roster FILE --database-url sqlite://./data/demo.db --term 14 …`.
    let db = TempDb::new();
    let out = db.run_with_stdin(
        &["user", "add", "root", "--name", "管理员", "--role", "admin", "--password-stdin"],
        "correct-horse-42\n",
    );
    assert!(out.status.success(), "{}", show(&out));
    for args in [vec!["user", "list", "--database-url", &db.url], vec!["audit", "verify", "--database-url", &db.url]] {
        let out = renda(db.dir.path()).args(&args).output().expect("renda runs");
        assert!(out.status.success(), "{args:?}: {}", show(&out));
        assert!(!db.path("data").exists(), "{args:?} used ./data/renda.db");
    }
    let list = renda(db.dir.path()).args(["user", "list", "--database-url", &db.url]).output().expect("renda runs");
    assert!(stdout(&list).contains("root"), "{}", show(&list));
}

#[test]
fn a_database_password_is_never_printed() {
    // Nothing listens on port 1: the pool gives up after its 10 s acquire timeout.
    let dir = tempfile::tempdir().expect("a temporary folder can be made");
    let out = renda(dir.path())
        .args(["user", "--database-url", "postgres://renda:s3cret@127.0.0.1:1/renda", "list"])
        .output()
        .expect("renda runs");
    assert!(!out.status.success(), "{}", show(&out));
    let all = show(&out);
    assert!(!all.contains("s3cret"), "the password was printed: {all}");
    assert!(stderr(&out).contains("无法打开数据库 postgres://renda:***@127.0.0.1:1/renda"), "{all}");
}

#[test]
fn calendar_import_adds_a_later_year_and_refuses_a_bad_line() {
    let db = TempDb::new();
    let before = db.ok(&["calendar", "years"]);
    assert!(before.contains("2024、2025、2026"), "{before}");
    let good = db.write("2027.txt", "2027-01-01 休 元旦\n2027-02-06..2027-02-13 休 春节\n2027-02-20 班 春节调休\n");
    let out = db.ok(&["calendar", "import", good.to_str().expect("utf-8 path")]);
    assert!(out.contains("已载入 10 天（2027年）"), "{out}");
    assert!(db.ok(&["calendar", "years"]).contains("2024、2025、2026、2027"));
    let bad = db.write("bad.txt", "2028-01-01 休 元旦\n2028-01-05 班 周三不是周末\n");
    let out = db.fails(&["calendar", "import", bad.to_str().expect("utf-8 path")]);
    assert!(stderr(&out).contains("第2行") && stderr(&out).contains("周六或周日"), "{}", show(&out));
    assert!(!db.ok(&["calendar", "years"]).contains("2028"), "nothing of the bad file was stored");
}

// ---------------------------------------------------------------------------------------------
// reindex and the search index of a running server
// ---------------------------------------------------------------------------------------------

#[test]
fn reindex_rebuilds_the_index_and_the_server_searches_it_and_follows_new_documents() {
    let db = TempDb::new().with_demo();
    let out = db.ok(&["reindex", "--index-dir", "idx"]);
    assert!(out.contains("检索索引已重建"), "{out}");
    assert!(db.path("idx/meta.json").exists(), "the index is on disk");

    let server = Server::start(db.command(&["serve", "--addr", "127.0.0.1:0", "--index-dir", "idx"]));
    let (status, body) = server.get("/portal/search?q=%E4%BB%A3%E8%A1%A8%E5%BB%BA%E8%AE%AE"); // 代表建议
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<mark>"), "the demo's documents are found with highlights: {body}");

    // While the server holds the index, a second writer is refused with a Chinese message.
    let busy = db.fails(&["reindex", "--index-dir", "idx"]);
    assert!(stderr(&busy).contains("无法打开检索索引"), "{}", show(&busy));

    // A document written now reaches the running server's index through the event log.
    db.with_store(async |s| {
        let draft = renda_core::document::DocumentDraft::parse(&renda_core::document::DocumentInput {
            kind: "news",
            visibility: "public",
            title: "示范市人大常委会检查饮用水源保护条例实施情况",
            body: "检查组察看了水源地一级保护区。",
            ..Default::default()
        })
        .expect("draft");
        let city = s.congresses().await.expect("congresses")[0].org.id;
        s.create_document(&renda_store::Actor::system(), city, &draft, true).await.expect("document");
    });
    let mut found = false;
    for _ in 0..30 {
        let (_, body) = server.get("/portal/search?q=%E6%B0%B4%E6%BA%90%E5%9C%B0"); // 水源地
        if body.contains("饮用水源保护条例") {
            found = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    assert!(found, "the background follower indexed the new document");
}
