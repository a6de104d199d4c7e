//! The `renda` binary: parses the command line and hands it to the library.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = renda_cli::Cli::parse();
    renda_cli::main(cli)
}
