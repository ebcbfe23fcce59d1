//! `sapnhap check [PROJECT] [--show-values N]`: read and validate every input, write
//! nothing. Prints per file the encoding, delimiter, header → field mapping, kept
//! columns, row counts and rejected rows; with `--show-values`, raw → normalised
//! values of the first rows so a user sees what the tool understood.

use super::{CmdError, Globals};
use crate::i18n::Lang;
use crate::normalize::record::{FileContext, file_context, normalize};
use crate::project::Project;
use crate::read::records::{Inputs, read_project};
use crate::record::{Field, RawRecord, Ref};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Thư mục dự án hoặc tệp .toml / project folder or .toml file.
    #[arg(default_value = ".")]
    pub project: PathBuf,
    /// In giá trị gốc → chuẩn hoá của N dòng đầu mỗi danh sách / print raw → normalised
    /// values of the first N rows of each roster.
    #[arg(long, num_args = 0..=1, default_missing_value = "5", value_name = "N")]
    pub show_values: Option<usize>,
}

pub fn run(args: Args, g: Globals) -> Result<i32, CmdError> {
    let project = Project::load(&args.project, g.lang)?;
    let inputs = read_project(&project, g.lang)?;
    if !g.quiet {
        super::write_stdout(format_args!(
            "{}",
            render(&project, &inputs, args.show_values.unwrap_or(0), g.lang)
        ));
    }
    Ok(0)
}

/// A path as the user wrote it: relative to the project folder when possible.
pub fn shown(project: &Project, path: &Path) -> String {
    path.strip_prefix(&project.dir)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn render(project: &Project, inputs: &Inputs, show: usize, lang: Lang) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", lang.pick("Dự án", "Project"), project.name);
    for (fi, f) in inputs.files.iter().enumerate() {
        let src = f
            .source
            .and_then(|s| project.sources.get(s))
            .map_or_else(|| "plan".to_string(), |s| s.key.clone());
        let _ = writeln!(
            out,
            "\n[{src}] {} {} — {} — {} {}, {} {}",
            f.role.as_str(),
            shown(project, &f.path),
            f.format.describe(),
            f.rows,
            lang.pick("dòng", "rows"),
            f.rejected,
            lang.pick("bị loại", "rejected"),
        );
        for (i, h) in f.headers.iter().enumerate() {
            let target = match f.mapping.columns.get(i).copied().flatten() {
                Some(c) => c.name().to_string(),
                None if f.mapping.kept.contains(&i) => {
                    lang.pick("(giữ nguyên)", "(kept)").to_string()
                }
                None => lang
                    .pick("(bỏ qua: cột trống)", "(ignored: empty header)")
                    .to_string(),
            };
            let _ = writeln!(out, "    {h} → {target}");
        }
        for r in inputs.rejected.iter().filter(|r| r.file == fi) {
            let _ = writeln!(
                out,
                "    {} {}: {}",
                lang.pick("dòng", "line"),
                r.line,
                r.reason.get(lang)
            );
        }
        if show > 0 {
            let recs: Vec<&RawRecord> = inputs
                .records
                .iter()
                .filter(|r| r.origin.file == fi)
                .collect();
            let ctx = file_context(&recs);
            for raw in recs.iter().take(show) {
                show_values(&mut out, project, raw, ctx, lang);
            }
        }
    }
    let repaired = inputs
        .conflicts
        .iter()
        .filter(|c| c.kind == crate::conflict::ConflictKind::LegacyTextRepaired)
        .count();
    let _ = writeln!(
        out,
        "\n{}: {} {}, {} {}, {} {}",
        lang.pick("Tổng", "Total"),
        inputs.records.len(),
        lang.pick("hồ sơ", "records"),
        inputs.rejected.len(),
        lang.pick("dòng bị loại", "rejected rows"),
        repaired,
        lang.pick("ô phông cũ đã chuyển", "legacy-font cells repaired"),
    );
    out
}

fn show_values(out: &mut String, project: &Project, raw: &RawRecord, ctx: FileContext, lang: Lang) {
    use std::fmt::Write;
    let reference = Ref {
        source: project
            .sources
            .get(raw.origin.source)
            .map_or(smol_str::SmolStr::default(), |s| s.key.as_str().into()),
        roster: raw.origin.roster,
        record_id: smol_str::SmolStr::new(&raw.record_id),
    };
    let _ = writeln!(
        out,
        "    — {} ({} {})",
        reference,
        lang.pick("dòng", "line"),
        raw.origin.line
    );
    let (rec, bad) = normalize(raw, 0, reference, ctx);
    let date = |d: Option<crate::normalize::Date>| d.map(|d| d.vi());
    let shown: [(Field, Option<String>); 8] = [
        (
            Field::FullName,
            rec.name
                .as_ref()
                .map(|n| format!("{} [{}]", n.display, n.folded)),
        ),
        (Field::BirthDate, date(rec.birth)),
        (
            Field::Gender,
            rec.gender.map(|g| lang.pick(g.vi(), g.en()).to_string()),
        ),
        (
            Field::NationalId,
            rec.national_id
                .as_ref()
                .map(|i| format!("{} ({:?})", i.digits, i.kind)),
        ),
        (Field::Phone, rec.phone.as_ref().map(|p| p.number.clone())),
        (
            Field::Hometown,
            rec.hometown.as_ref().map(|p| {
                format!(
                    "{} → {}",
                    p.text,
                    p.province_code().unwrap_or_else(|| "?".into())
                )
            }),
        ),
        (Field::PartyCard, rec.party_card.clone()),
        (Field::JoinedOn, date(rec.joined_on)),
    ];
    for (field, value) in shown {
        let Some(raw_value) = raw.get(field) else {
            continue;
        };
        let value = value.unwrap_or_else(|| "—".to_string());
        let _ = writeln!(out, "      {:<12} {raw_value:?} → {value}", field.name());
    }
    for b in bad {
        let _ = writeln!(
            out,
            "      {:<12} {:?} ⚠ {}",
            b.field.name(),
            b.raw,
            b.invalid.message.get(lang)
        );
    }
}
