//! `sapnhap init DIR`: sniff every CSV/XLSX in DIR (and its sub-folders), guess each
//! file's role from its headers and its source from its folder or name, and write a
//! commented `DIR/merge.toml`. Never overwrites an existing one.

use super::{CmdError, Globals};
use crate::error::{InputError, Location};
use crate::project::{Encoding, FileSpec, Role};
use crate::read::headers::{self, Column};
use crate::read::table::{self, Format};
use crate::record::Field;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Thư mục chứa các tệp xuất / folder holding the exports.
    pub dir: PathBuf,
}

/// What init learned about one file.
#[derive(Debug, Clone)]
struct Sniffed {
    rel: String,
    role: Role,
    source: Option<String>,
    encoding: Option<Encoding>,
}

pub fn run(args: Args, g: Globals) -> Result<i32, CmdError> {
    let lang = g.lang;
    let out = args.dir.join("merge.toml");
    if out.exists() {
        return Err(CmdError::Input(InputError::new(
            Location::file(&out),
            lang.pick(
                "đã có merge.toml; không ghi đè (xoá hoặc đổi tên nếu muốn tạo lại)",
                "merge.toml already exists; not overwritten (remove or rename it to start again)",
            ),
        )));
    }
    let mut files = Vec::new();
    collect(&args.dir, 0, &mut files);
    files.sort();
    let mut sniffed = Vec::new();
    for path in files {
        let spec = FileSpec {
            path: path.clone(),
            role: Role::Staff,
            encoding: None,
            delimiter: None,
            sheet: None,
            columns: BTreeMap::new(),
        };
        let Ok(t) = table::read(&spec, lang) else {
            if !g.quiet {
                eprintln!(
                    "{}: {}",
                    lang.pick("bỏ qua (không đọc được)", "skipped (unreadable)"),
                    path.display()
                );
            }
            continue;
        };
        let Some(role) = guess_role(&t.headers) else {
            if !g.quiet {
                eprintln!(
                    "{}: {}",
                    lang.pick(
                        "bỏ qua (không nhận ra cột)",
                        "skipped (headers not recognised)"
                    ),
                    path.display()
                );
            }
            continue;
        };
        let rel = path
            .strip_prefix(&args.dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let encoding = match t.format {
            Format::Csv { encoding, .. }
                if matches!(
                    encoding,
                    Encoding::Tcvn3 | Encoding::Vni | Encoding::Windows1258
                ) =>
            {
                Some(encoding)
            }
            _ => None,
        };
        sniffed.push(Sniffed {
            source: guess_source(&rel),
            rel,
            role,
            encoding,
        });
    }
    let text = render(&sniffed, lang);
    std::fs::write(&out, text)
        .map_err(|e| CmdError::Input(InputError::new(Location::file(&out), e.to_string())))?;
    if !g.quiet {
        say!(
            "{} {} ({} {})",
            lang.pick("Đã ghi", "Wrote"),
            out.display(),
            sniffed.len(),
            lang.pick("tệp", "files")
        );
    }
    Ok(0)
}

fn collect(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_lowercase();
        if p.is_dir() {
            // Our own outputs are not inputs.
            if depth < 2 && name != "out" && !name.starts_with('.') {
                collect(&p, depth + 1, out);
            }
        } else if [".csv", ".tsv", ".txt", ".xlsx"]
            .iter()
            .any(|x| name.ends_with(x))
            && !name.starts_with("truth")
            && !name.starts_with("quyet-dinh")
            && !name.starts_with("conflicts")
        {
            out.push(p);
        }
    }
}

/// Plan, units or roster (party when it has Party columns) from the headers.
fn guess_role(headers: &[String]) -> Option<Role> {
    let has = |role: Role, c: Column| {
        headers::map(
            role,
            headers,
            &BTreeMap::new(),
            Path::new(""),
            crate::i18n::Lang::En,
        )
        .is_ok_and(|m| m.index_of(c).is_some())
    };
    if has(Role::Plan, Column::PlanNewUnit) && has(Role::Plan, Column::PlanUnit) {
        return Some(Role::Plan);
    }
    let roster = |f: Field| has(Role::Staff, Column::Roster(f));
    let named = roster(Field::FullName) || (roster(Field::FamilyName) && roster(Field::GivenName));
    if named {
        let party = [
            Field::PartyCard,
            Field::PartyRecord,
            Field::Cell,
            Field::JoinedOn,
            Field::OfficialOn,
        ]
        .into_iter()
        .any(roster);
        return Some(if party { Role::Party } else { Role::Staff });
    }
    if headers::fit(Role::Units, headers) >= 2 {
        return Some(Role::Units);
    }
    None
}

/// The source key: the first folder under DIR, else the file name's first word.
fn guess_source(rel: &str) -> Option<String> {
    let mut parts = rel.split('/');
    let first = parts.next()?;
    let key = if parts.next().is_some() {
        first.to_string()
    } else {
        first.split(['_', '-', '.', ' ']).next()?.to_string()
    };
    let key: String = key.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    (!key.is_empty()).then(|| key.to_uppercase())
}

fn render(files: &[Sniffed], lang: crate::i18n::Lang) -> String {
    let mut by_source: BTreeMap<String, Vec<&Sniffed>> = BTreeMap::new();
    let mut plan = None;
    for f in files {
        if f.role == Role::Plan {
            plan.get_or_insert(f);
        } else if let Some(s) = &f.source {
            by_source.entry(s.clone()).or_default().push(f);
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# merge.toml — {}",
        lang.pick(
            "tạo bởi `sapnhap init`; kiểm tra lại trước khi chạy",
            "written by `sapnhap init`; check it before running"
        )
    );
    let _ = writeln!(
        out,
        "name = \"{}\"",
        lang.pick("Hợp nhất (đặt tên)", "Merger (name it)")
    );
    if let Some(first) = by_source.keys().next() {
        let _ = writeln!(
            out,
            "# {}",
            lang.pick(
                "đơn vị tiếp nhận: mã và giá trị của nó thắng khi hoà",
                "the surviving unit: its codes and values win ties"
            )
        );
        let _ = writeln!(out, "target = \"{first}\"");
    }
    let _ = writeln!(out, "# decisions = [\"quyet-dinh.csv\"]");
    for (key, fs) in &by_source {
        let _ = writeln!(out, "\n[[sources]]\nkey = \"{key}\"\nname = \"{key}\"");
        for role in [Role::Staff, Role::Party, Role::Units] {
            // One file per role; extra files of the same role are listed as comments.
            for (i, f) in fs.iter().filter(|f| f.role == role).enumerate() {
                let value = match f.encoding {
                    Some(e) => format!("{{ path = \"{}\", encoding = \"{}\" }}", f.rel, e.as_str()),
                    None => format!("\"{}\"", f.rel),
                };
                let hash = if i == 0 { "" } else { "# " };
                let _ = writeln!(out, "{hash}{} = {value}", role.as_str());
            }
        }
    }
    if let Some(p) = plan {
        let _ = writeln!(out, "\n[plan]\nunits = \"{}\"", p.rel);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn roles_from_headers() {
        assert_eq!(
            guess_role(&h(&["Mã cán bộ", "Họ và tên", "Ngày sinh"])),
            Some(Role::Staff)
        );
        assert_eq!(
            guess_role(&h(&["Mã đảng viên", "Họ tên", "Số thẻ đảng viên"])),
            Some(Role::Party)
        );
        assert_eq!(
            guess_role(&h(&["Mã đơn vị", "Tên đơn vị", "Cấp trên", "Loại"])),
            Some(Role::Units)
        );
        assert_eq!(
            guess_role(&h(&["Nguồn", "Mã đơn vị cũ", "Mã đơn vị mới"])),
            Some(Role::Plan)
        );
        assert_eq!(guess_role(&h(&["foo", "bar"])), None);
    }

    #[test]
    fn sources_from_folders_and_names() {
        assert_eq!(guess_source("hd/nhan-su.csv").as_deref(), Some("HD"));
        assert_eq!(guess_source("hp_can-bo.csv").as_deref(), Some("HP"));
    }
}
