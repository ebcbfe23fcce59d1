//! `sapnhap merge [PROJECT] [--out DIR] [--decisions FILE]… [--xlsx] [--strict]
//! [--threads N] [--mask-ids]`: run the whole pipeline and write the outputs.

use super::{CmdError, Globals};
use crate::conflict::Severity;
use crate::error::{InputError, Location, exit};
use crate::output::emit::emit;
use crate::output::folder::holds_inputs;
use crate::output::write::Style;
use crate::pipeline::{self, Options};
use crate::progress::Progress;
use crate::project::Project;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Thư mục dự án hoặc tệp .toml / project folder or .toml file.
    #[arg(default_value = ".")]
    pub project: PathBuf,
    /// Thư mục kết quả (mặc định PROJECT/out) / output folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Tệp quyết định (CSV/XLSX), có thể lặp lại / decisions file, repeatable.
    #[arg(long)]
    pub decisions: Vec<PathBuf>,
    /// Ghi thêm review.xlsx / also write review.xlsx.
    #[arg(long)]
    pub xlsx: bool,
    /// Mã thoát 3 nếu còn xung đột mức lỗi / exit 3 while error conflicts remain.
    #[arg(long)]
    pub strict: bool,
    /// Số luồng / worker threads (output is the same for any N).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Chỉ hiện 4 số cuối CCCD/CMND trong báo cáo / show only the last 4 ID digits.
    #[arg(long)]
    pub mask_ids: bool,
}

pub fn run(args: Args, g: Globals) -> Result<i32, CmdError> {
    let lang = g.lang;
    let project = Project::load(&args.project, lang)?;
    let out = args.out.clone().unwrap_or_else(|| project.dir.join("out"));
    // merge.toml is an input too: an output folder holding only it would delete it.
    let inputs: Vec<PathBuf> = std::iter::once(project.file.clone())
        .chain(project.files().iter().map(|(_, f)| f.path.clone()))
        .chain(project.decisions.iter().cloned())
        .chain(args.decisions.iter().cloned())
        .collect();
    if let Some(p) = holds_inputs(&out, &inputs) {
        return Err(CmdError::Input(InputError::new(
            Location::file(&out),
            format!(
                "{} ({}); {}",
                lang.pick(
                    "thư mục kết quả chứa tệp đầu vào",
                    "the output folder holds an input file"
                ),
                p.display(),
                lang.pick(
                    "chọn thư mục khác với --out: kết quả thay thế cả thư mục",
                    "choose another folder with --out: outputs replace the whole folder"
                )
            ),
        )));
    }
    // Outputs replace a folder; an existing file of that name is not ours to replace.
    if out.exists() && !out.is_dir() {
        return Err(CmdError::Input(InputError::new(
            Location::file(&out),
            lang.pick(
                "đã có một tệp mang tên này; --out phải là một thư mục",
                "a file of this name exists; --out must be a folder",
            ),
        )));
    }
    let threads = args.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| CmdError::Other(e.to_string()))?;
    let opts = Options {
        decisions: args.decisions.clone(),
        lang,
    };
    let style = Style {
        lang,
        mask_ids: args.mask_ids,
        xlsx: args.xlsx,
    };
    let progress = if g.quiet {
        Progress::hidden()
    } else {
        Progress::on_stderr(lang)
    };
    let result = pool.install(|| -> Result<_, CmdError> {
        let run = pipeline::run_with(project, &opts, &progress)?;
        let counts = emit(&run, &out, style).map_err(|e| {
            CmdError::Input(InputError::new(
                Location::file(&out),
                format!(
                    "{}: {e}; {}",
                    lang.pick("không ghi được kết quả", "cannot write the outputs"),
                    lang.pick(
                        "kết quả cũ được giữ nguyên",
                        "previous outputs are untouched"
                    )
                ),
            ))
        })?;
        Ok((run, counts))
    });
    progress.finish();
    let (run, counts) = result?;
    let errors = run
        .conflicts
        .iter()
        .filter(|c| c.severity == Severity::Error)
        .count();
    if !g.quiet {
        say!(
            "{}: {} {} → {} {} ({} {}, {} {})",
            lang.pick("Xong", "Done"),
            counts.read,
            lang.pick("dòng", "rows"),
            counts.persons,
            lang.pick("người", "persons"),
            counts.merged,
            lang.pick("hồ sơ gộp", "records merged"),
            counts.rejected,
            lang.pick("dòng bị loại", "rows rejected"),
        );
        say!(
            "{}: {} ({} {})",
            lang.pick("Xung đột cần xem", "Conflicts to review"),
            run.conflicts.len(),
            errors,
            lang.pick("mức lỗi", "errors"),
        );
        say!(
            "{}: {}",
            lang.pick("Báo cáo", "Report"),
            out.join("report.html").display()
        );
    }
    // The process ends here: freeing a province's worth of records one by one costs
    // more than half a second for nothing.
    std::mem::forget(run);
    Ok(if args.strict && errors > 0 {
        exit::STRICT
    } else {
        exit::OK
    })
}
