//! The generated project's `merge.toml`, with Vietnamese comments a clerk can follow:
//! legacy encodings and non-comma delimiters are written out (TCVN3 and VNI cannot be
//! told apart reliably), Unicode files are left to the reader's sniffing.

use super::Options;
use super::people::Shape;
use super::scenario::{Enc, FileDef, SourceDef};
use std::fmt::Write;

pub const PLAN: &str = "phuong-an.csv";

fn spec(dir: &str, f: &FileDef) -> String {
    let path = format!("{dir}/{}", f.file_name());
    let mut keys = vec![format!("path = \"{path}\"")];
    if let Enc::Xlsx(sheet) = f.enc {
        keys.push(format!("sheet = \"{sheet}\""));
    }
    if let Some(e) = f.enc.toml_name() {
        keys.push(format!("encoding = \"{e}\""));
    }
    if f.enc.toml_name().is_some() && f.delim != b',' {
        keys.push(format!("delimiter = \"{}\"", char::from(f.delim)));
    }
    if keys.len() == 1 {
        format!("\"{path}\"")
    } else {
        format!("{{ {} }}", keys.join(", "))
    }
}

fn delim_label(d: u8) -> &'static str {
    match d {
        b';' => "dấu chấm phẩy",
        b'\t' => "tab",
        _ => "dấu phẩy",
    }
}

pub fn merge_toml(opts: &Options, srcs: &[SourceDef; 2], shape: Shape) -> String {
    let mut t = String::new();
    let scale = match shape {
        Shape::Office => "quy mô văn phòng",
        Shape::Province => "quy mô tỉnh: chủ yếu danh sách đảng viên",
    };
    let _ = writeln!(
        t,
        "# Dự án sáp nhập giả lập do `sapnhap gen` tạo ({scale})."
    );
    let _ = writeln!(
        t,
        "# {} người, hạt giống (seed) {}. truth.csv ghi người thật đứng sau mỗi dòng dữ liệu.",
        opts.people, opts.seed
    );
    let _ = writeln!(
        t,
        "name = \"Hợp nhất {} và {}\"",
        srcs[0].name, srcs[1].name
    );
    let _ = writeln!(
        t,
        "target = \"{}\"                # đơn vị tiếp nhận: mã và giá trị của đơn vị này được ưu tiên",
        srcs[0].key
    );
    for s in srcs {
        let _ = writeln!(t, "\n[[sources]]");
        let _ = writeln!(t, "key = \"{}\"", s.key);
        let _ = writeln!(t, "name = \"{}\"", s.name);
        for (role, label, f) in [
            ("staff", "danh sách cán bộ, công chức", &s.staff),
            ("party", "danh sách đảng viên", &s.party),
            ("units", "danh mục đơn vị, chi bộ", &s.units),
        ] {
            let form = match f.enc {
                Enc::Xlsx(_) => f.enc.label().to_string(),
                e => format!("{}, {}", e.label(), delim_label(f.delim)),
            };
            let _ = writeln!(t, "# {label}: {form}");
            let _ = writeln!(t, "{role} = {}", spec(s.dir, f));
        }
    }
    let _ = writeln!(t, "\n[plan]");
    let _ = writeln!(t, "# phương án sắp xếp: đơn vị cũ → đơn vị mới");
    let _ = writeln!(t, "units = \"{PLAN}\"");
    t
}
