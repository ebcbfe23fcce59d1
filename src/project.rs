//! `merge.toml`: the sources, their files (path, encoding, delimiter, sheet, column
//! overrides), the plan, match settings and decision files. Paths are resolved
//! against the project file's folder; every mistake is an [`InputError`] naming the
//! key or path.

use crate::error::{InputError, Location};
use crate::i18n::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How a CSV file is encoded, as `encoding = "…"` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    #[serde(alias = "utf-8", alias = "UTF-8")]
    Utf8,
    #[serde(alias = "utf-16le", alias = "utf16le")]
    Utf16le,
    #[serde(alias = "utf-16be", alias = "utf16be")]
    Utf16be,
    #[serde(alias = "windows-1258", alias = "cp1258")]
    Windows1258,
    #[serde(alias = "tcvn", alias = "tcvn5712", alias = "abc")]
    Tcvn3,
    #[serde(alias = "vni-windows", alias = "vni-win")]
    Vni,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16le => "utf-16le",
            Encoding::Utf16be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
        }
    }
}

/// One input file: a path, or a table with options.
#[derive(Debug, Clone)]
enum FileSpecToml {
    Path(String),
    Table(FileTable),
}

/// By hand rather than `untagged`, so a mistake inside the table (`delimiter = 5`,
/// an unknown encoding or key) is reported as itself, not as "data did not match any
/// variant of untagged enum".
impl<'de> Deserialize<'de> for FileSpecToml {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = FileSpecToml;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a file path, or a table { path = \"…\", encoding, delimiter, sheet, columns }",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(FileSpecToml::Path(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                FileTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(FileSpecToml::Table)
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileTable {
    path: String,
    encoding: Option<Encoding>,
    delimiter: Option<String>,
    sheet: Option<String>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceToml {
    key: String,
    name: Option<String>,
    staff: Option<FileSpecToml>,
    party: Option<FileSpecToml>,
    units: Option<FileSpecToml>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PlanToml {
    units: Option<FileSpecToml>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectToml {
    name: Option<String>,
    target: Option<String>,
    #[serde(default)]
    decisions: Vec<String>,
    sources: Vec<SourceToml>,
    #[serde(default)]
    plan: PlanToml,
    #[serde(default, rename = "match")]
    matching: crate::matching::Settings,
    #[serde(default)]
    org: crate::org::Settings,
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Staff,
    Party,
    Units,
    Plan,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Party => "party",
            Role::Units => "units",
            Role::Plan => "plan",
        }
    }
}

/// One input file, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct FileSpec {
    pub path: PathBuf,
    pub role: Role,
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
    pub sheet: Option<String>,
    /// Header (as written in the file) → field name.
    pub columns: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub key: String,
    pub name: String,
    pub staff: Option<FileSpec>,
    pub party: Option<FileSpec>,
    pub units: Option<FileSpec>,
}

impl Source {
    pub fn files(&self) -> impl Iterator<Item = &FileSpec> {
        [&self.staff, &self.party, &self.units]
            .into_iter()
            .flatten()
    }
}

/// A loaded, checked `merge.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// The project file itself.
    pub file: PathBuf,
    /// Its folder: relative paths start here.
    pub dir: PathBuf,
    pub name: String,
    /// Index of the surviving unit in `sources`.
    pub target: usize,
    pub sources: Vec<Source>,
    pub plan: Option<FileSpec>,
    pub decisions: Vec<PathBuf>,
    pub matching: crate::matching::Settings,
    pub org: crate::org::Settings,
    /// SHA-256 of the project file's text, for `run.json`.
    pub sha256: String,
}

impl Project {
    /// Load `PROJECT`: a folder holding `merge.toml`, or a `.toml` file.
    pub fn load(path: &Path, lang: Lang) -> Result<Project, InputError> {
        let file = if path.is_dir() {
            path.join("merge.toml")
        } else {
            path.to_path_buf()
        };
        let text = std::fs::read_to_string(&file).map_err(|e| {
            InputError::new(
                Location::file(&file),
                lang.pick(
                    &format!("không đọc được tệp dự án ({e}); chạy `sapnhap init THƯ_MỤC` để tạo"),
                    &format!(
                        "cannot read the project file ({e}); run `sapnhap init DIR` to create one"
                    ),
                )
                .to_string(),
            )
        })?;
        let dir = file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Self::parse(&text, &file, &dir, lang)
    }

    /// Parse the text of a project file located at `file`.
    pub fn parse(text: &str, file: &Path, dir: &Path, lang: Lang) -> Result<Project, InputError> {
        let raw: ProjectToml = toml::from_str(text).map_err(|e| toml_error(e, text, file, lang))?;
        let loc = || Location::file(file);
        if raw.sources.len() < 2 {
            return Err(InputError::new(
                loc(),
                lang.pick(
                    "cần ít nhất hai [[sources]] (hai đơn vị được hợp nhất)",
                    "at least two [[sources]] are needed (the units being merged)",
                ),
            ));
        }
        let mut sources = Vec::new();
        for s in raw.sources {
            let key = s.key.trim().to_string();
            if key.is_empty() || key.contains([':', '|', ' ']) {
                return Err(InputError::new(
                    loc(),
                    format!(
                        "{}: \"{}\"",
                        lang.pick(
                            "mã nguồn `key` phải khác rỗng, không chứa `:`, `|` hay dấu cách",
                            "source `key` must be non-empty without `:`, `|` or spaces"
                        ),
                        s.key
                    ),
                ));
            }
            if sources.iter().any(|o: &Source| o.key == key) {
                return Err(InputError::new(
                    loc(),
                    format!(
                        "{} \"{key}\"",
                        lang.pick("trùng mã nguồn", "duplicate source key")
                    ),
                ));
            }
            let file_spec = |spec: Option<FileSpecToml>, role: Role| {
                spec.map(|f| resolve_file(f, role, dir, &s.columns, file, lang))
                    .transpose()
            };
            sources.push(Source {
                name: s.name.clone().unwrap_or_else(|| key.clone()),
                staff: file_spec(s.staff.clone(), Role::Staff)?,
                party: file_spec(s.party.clone(), Role::Party)?,
                units: file_spec(s.units.clone(), Role::Units)?,
                key,
            });
        }
        if !sources
            .iter()
            .any(|s| s.staff.is_some() || s.party.is_some())
        {
            return Err(InputError::new(
                loc(),
                lang.pick(
                    "không nguồn nào có danh sách `staff` hoặc `party`",
                    "no source has a `staff` or `party` roster",
                ),
            ));
        }
        let target = match raw.target {
            None => 0,
            Some(t) => sources.iter().position(|s| s.key == t).ok_or_else(|| {
                InputError::new(
                    loc(),
                    format!(
                        "target = \"{t}\": {}",
                        lang.pick("không có nguồn nào mang mã này", "no source has this key")
                    ),
                )
            })?,
        };
        let plan = raw
            .plan
            .units
            .map(|f| resolve_file(f, Role::Plan, dir, &BTreeMap::new(), file, lang))
            .transpose()?;
        let mut decisions = Vec::new();
        for d in raw.decisions {
            decisions.push(existing(dir.join(&d), file, "decisions", lang)?);
        }
        if !(0.0..=1.0).contains(&raw.matching.review)
            || !(0.0..=1.0).contains(&raw.matching.accept)
            || raw.matching.review > raw.matching.accept
        {
            return Err(InputError::new(
                loc(),
                lang.pick(
                    "[match]: cần 0 ≤ review ≤ accept ≤ 1",
                    "[match]: need 0 ≤ review ≤ accept ≤ 1",
                ),
            ));
        }
        if let Some(problem) = raw.matching.check().into_iter().next() {
            return Err(InputError::new(loc(), problem));
        }
        Ok(Project {
            file: file.to_path_buf(),
            dir: dir.to_path_buf(),
            name: raw.name.unwrap_or_else(|| "sapnhap".to_string()),
            target,
            sources,
            plan,
            decisions,
            matching: raw.matching,
            org: raw.org,
            sha256: crate::read::table::sha256_hex(text.as_bytes()),
        })
    }

    /// Every input file with the index of its source (`None` for the plan).
    pub fn files(&self) -> Vec<(Option<usize>, &FileSpec)> {
        let mut out: Vec<(Option<usize>, &FileSpec)> = Vec::new();
        for (i, s) in self.sources.iter().enumerate() {
            out.extend(s.files().map(|f| (Some(i), f)));
        }
        if let Some(p) = &self.plan {
            out.push((None, p));
        }
        out
    }
}

fn existing(path: PathBuf, project: &Path, key: &str, lang: Lang) -> Result<PathBuf, InputError> {
    if path.is_file() {
        Ok(path)
    } else if path.is_dir() {
        Err(InputError::new(
            Location::file(project),
            format!(
                "{key} = \"{}\": {}",
                path.display(),
                lang.pick(
                    "là một thư mục, cần một tệp",
                    "is a folder, a file is needed"
                )
            ),
        ))
    } else {
        Err(InputError::new(
            Location::file(project),
            format!(
                "{key} = \"{}\": {}",
                path.display(),
                lang.pick(
                    "không tìm thấy tệp; sửa đường dẫn (tính từ thư mục của merge.toml)",
                    "file not found; fix the path (relative to the folder of merge.toml)"
                )
            ),
        ))
    }
}

fn resolve_file(
    spec: FileSpecToml,
    role: Role,
    dir: &Path,
    source_columns: &BTreeMap<String, String>,
    project: &Path,
    lang: Lang,
) -> Result<FileSpec, InputError> {
    let table = match spec {
        FileSpecToml::Path(path) => FileTable {
            path,
            encoding: None,
            delimiter: None,
            sheet: None,
            columns: BTreeMap::new(),
        },
        FileSpecToml::Table(t) => t,
    };
    let path = existing(dir.join(&table.path), project, role.as_str(), lang)?;
    let delimiter = match table.delimiter.as_deref() {
        None => None,
        Some("\\t") | Some("\t") | Some("tab") => Some(b'\t'),
        // A quote or a line break cannot separate cells: every row would break.
        Some(d) if d.len() == 1 && !matches!(d, "\"" | "\n" | "\r") => d.bytes().next(),
        Some(d) => {
            return Err(InputError::new(
                Location::file(project),
                format!(
                    "delimiter = {d:?}: {}",
                    lang.pick(
                        "cần một ký tự: \",\", \";\" hoặc \"\\t\"",
                        "must be one character: \",\", \";\" or \"\\t\""
                    )
                ),
            ));
        }
    };
    let mut columns = source_columns.clone();
    columns.extend(table.columns);
    Ok(FileSpec {
        path,
        role,
        encoding: table.encoding,
        delimiter,
        sheet: table.sheet,
        columns,
    })
}

/// Turn a TOML error into one line with the line and column it points at.
fn toml_error(e: toml::de::Error, text: &str, file: &Path, lang: Lang) -> InputError {
    let (line, col) = match e.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or(text);
            let line = before.matches('\n').count() as u64 + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
            (Some(line), Some(col))
        }
        None => (None, None),
    };
    let message = e.message().replace('\n', " ");
    InputError::new(
        Location {
            file: file.to_path_buf(),
            line,
            column: col,
        },
        format!(
            "{}: {message}",
            lang.pick("merge.toml không hợp lệ", "invalid merge.toml")
        ),
    )
}
