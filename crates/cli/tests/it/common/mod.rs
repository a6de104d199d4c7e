//! What the CLI tests share: the real binary run in a temporary folder with no `RENDA_*`
//! variable inherited and its clock running from [`NOW`], and a fresh database there.

use renda_store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_renda");

/// The Beijing time the binary's clock runs from in these tests (`RENDA_NOW`): none depends
/// on the real date.
pub const NOW: &str = "2026-03-10T09:00";
/// [`NOW`]'s day.
pub const TODAY: jiff::civil::Date = jiff::civil::date(2026, 3, 10);

/// `renda` in `dir`, with no `RENDA_*` variable inherited from whoever runs the tests and its
/// clock running from [`NOW`].
pub fn renda(dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("RENDA_") {
            cmd.env_remove(key);
        }
    }
    cmd.current_dir(dir).stdin(Stdio::null()).env("RENDA_NOW", NOW);
    cmd
}

/// Everything a finished run said, for assertion messages.
pub fn show(out: &Output) -> String {
    format!(
        "{}\n--- stdout ---\n{}--- stderr ---\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `f` against the database at `url` opened with renda_store, then closes it.
pub fn with_store<T>(url: &str, f: impl AsyncFnOnce(&Store) -> T) -> T {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime starts").block_on(
        async {
            let store = Store::open(url).await.expect("the database opens");
            let value = f(&store).await;
            store.close().await;
            value
        },
    )
}

/// A fresh database in a temporary folder, which is also the working directory of every run.
pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub url: String,
}

impl TempDb {
    /// `x.db` in a new temporary folder.
    pub fn new() -> TempDb {
        TempDb::named("x.db")
    }

    pub fn named(file: &str) -> TempDb {
        let dir = tempfile::tempdir().expect("a temporary folder can be made");
        let url = format!("sqlite://{}/{file}", dir.path().display());
        TempDb { dir, url }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `renda ARGS[0] --database-url URL ARGS[1..]`: the flag belongs to the first subcommand
    /// (`renda user --database-url … add …`).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = renda(self.dir.path());
        let (first, rest) = args.split_first().expect("a subcommand is given");
        cmd.arg(first).args(["--database-url", &self.url]).args(rest);
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("renda runs")
    }

    /// Runs with `input` on standard input (a password).
    pub fn run_with_stdin(&self, args: &[&str], input: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("renda runs");
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(input.as_bytes())
            .expect("renda reads its standard input");
        child.wait_with_output().expect("renda finishes")
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "renda {args:?} failed: {}", show(&out));
        stdout(&out)
    }

    /// Runs and asserts failure; returns the whole output.
    pub fn fails(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert!(!out.status.success(), "renda {args:?} succeeded: {}", show(&out));
        out
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).expect("the temporary folder is writable");
        path
    }

    /// Runs `f` against the database opened with renda_store, then closes it.
    pub fn with_store<T>(&self, f: impl AsyncFnOnce(&Store) -> T) -> T {
        with_store(&self.url, f)
    }
}
