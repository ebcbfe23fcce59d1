//! One file per subcommand, each a thin layer over the library: parse arguments,
//! call the pipeline, print. [`run`] maps errors to the exit codes of SPEC §1.

/// `println!` for a command's results: see [`write_stdout`].
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cmd::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub mod check;
pub mod eval;
pub mod explain;
pub mod generate;
pub mod init;
pub mod merge;

use crate::error::{InputError, exit};
use crate::i18n::Lang;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "sapnhap",
    version,
    about = "Hợp nhất nhân sự và tổ chức của các cơ quan sáp nhập / Consolidate people and organisation of merged agencies"
)]
pub struct Cli {
    /// Ngôn ngữ / language of messages and reports (vi, en).
    #[arg(
        long,
        global = true,
        value_enum,
        env = "SAPNHAP_LANG",
        default_value = "vi"
    )]
    pub lang: Lang,
    /// Chỉ in lỗi / print nothing but errors.
    #[arg(long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Hợp nhất các danh sách / run the merge and write the outputs.
    Merge(merge::Args),
    /// Đọc và kiểm tra đầu vào, không ghi gì / read and validate every input, write nothing.
    Check(check::Args),
    /// Giải thích điểm ghép một cặp hồ sơ / per-field evidence for one pair of records.
    Explain(explain::Args),
    /// Tạo merge.toml từ các tệp trong thư mục / sniff the files in DIR, write DIR/merge.toml.
    Init(init::Args),
    /// Sinh dự án sáp nhập giả lập / generate a synthetic merger project + truth.csv.
    Gen(generate::Args),
    /// Đo độ chính xác / pairwise precision, recall, F1 against a truth file.
    Eval(eval::Args),
}

/// What every command gets besides its own arguments.
#[derive(Debug, Clone, Copy)]
pub struct Globals {
    pub lang: Lang,
    pub quiet: bool,
}

/// A command's failure.
#[derive(Debug, thiserror::Error)]
pub enum CmdError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Other(String),
}

/// Run the parsed command line; return the process exit code.
pub fn run(cli: Cli) -> i32 {
    let g = Globals {
        lang: cli.lang,
        quiet: cli.quiet,
    };
    let result = match cli.command {
        Command::Merge(a) => merge::run(a, g),
        Command::Check(a) => check::run(a, g),
        Command::Explain(a) => explain::run(a, g),
        Command::Init(a) => init::run(a, g),
        Command::Gen(a) => generate::run(a, g),
        Command::Eval(a) => eval::run(a, g),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let prefix = g.lang.pick("lỗi", "error");
            eprintln!("{prefix}: {e}");
            match e {
                CmdError::Input(_) => exit::INPUT,
                CmdError::Usage(_) => exit::USAGE,
                CmdError::Other(_) => exit::INPUT,
            }
        }
    }
}

/// Write a command's results to standard output. A reader that has gone away
/// (`sapnhap eval … | head`) ends the process quietly with success: the rest was
/// not wanted. Any other failure to write is reported, not a panic.
pub fn write_stdout(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(exit::OK);
        }
        eprintln!("lỗi / error: không ghi được ra màn hình / cannot write to stdout: {e}");
        std::process::exit(exit::INPUT);
    }
}
