//! `sapnhap gen OUT`: write a synthetic merger project and its truth file.

use super::{CmdError, Globals};
use crate::synth::{self, Formats, Options, Scenario, Shape, SynthError};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Thư mục sẽ tạo (phải trống) / folder to create (must be empty).
    pub out: PathBuf,
    /// Số người khác nhau / number of distinct people.
    #[arg(long, default_value_t = 1000)]
    pub people: usize,
    /// Hạt giống ngẫu nhiên / random seed (same seed → same bytes).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Kịch bản / scenario.
    #[arg(long, value_enum, default_value = "hai-phong")]
    pub scenario: Scenario,
    /// messy: mỗi nguồn một kiểu tệp (mặc định khi ≤ 20.000 người); csv: toàn bộ UTF-8 CSV
    /// / messy: per-source encodings and XLSX (default up to 20,000 people); csv: all UTF-8 CSV.
    #[arg(long, value_enum)]
    pub formats: Option<Formats>,
}

pub fn run(args: Args, g: Globals) -> Result<i32, CmdError> {
    if args.people < 2 {
        return Err(CmdError::Usage(
            g.lang
                .pick("--people phải ≥ 2", "--people must be at least 2")
                .to_string(),
        ));
    }
    let opts = Options {
        people: args.people,
        seed: args.seed,
        scenario: args.scenario,
        formats: args
            .formats
            .unwrap_or(Options::default_formats(args.people)),
    };
    let summary = synth::generate(&args.out, &opts).map_err(|e| match e {
        SynthError::NotEmpty(_) => CmdError::Usage(e.to_string()),
        e => CmdError::Other(e.to_string()),
    })?;
    if !g.quiet {
        for (file, rows) in &summary.files {
            say!("{file:<24} {rows:>9}");
        }
        let shape = match (summary.shape, g.lang) {
            (Some(Shape::Province), crate::i18n::Lang::Vi) => "quy mô tỉnh",
            (Some(Shape::Province), _) => "province scale",
            (_, crate::i18n::Lang::Vi) => "quy mô văn phòng",
            _ => "office scale",
        };
        say!(
            "{} {} ({shape}): {} {}, {} {}",
            g.lang.pick("đã tạo", "wrote"),
            args.out.display(),
            opts.people,
            g.lang.pick("người", "people"),
            summary.records,
            g.lang.pick("hồ sơ", "records"),
        );
    }
    Ok(0)
}
