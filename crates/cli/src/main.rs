//! The `renda` binary: parses the command line and hands it to the library.

use clap::FromArgMatches;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The configuration file's values become the command line's defaults (flag > variable >
    // file > default); a bad file stops here with its reason.
    let command = match renda_cli::config::command(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("错误：{e:#}");
            return ExitCode::FAILURE;
        }
    };
    let matches = command.get_matches_from(args);
    let cli = renda_cli::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    renda_cli::main(cli)
}
