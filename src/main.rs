//! The `sapnhap` binary: parse the command line, run the command, turn any error into
//! one line and an exit code (SPEC §1). Everything else lives in the library.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: a run makes and frees millions of small strings from two threads; it is
/// markedly faster than the system allocator at that and returns memory as well.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = sapnhap::cmd::Cli::parse();
    let code = sapnhap::cmd::run(cli);
    ExitCode::from(code as u8)
}
