//! The synthetic merger generator behind `sapnhap gen`: a complete project (merge.toml,
//! per source a staff roster, a Party roster and a units file, the plan) plus
//! `truth.csv`, which names the true person behind every data row, so `sapnhap eval`
//! can score a merge. Output is byte-for-byte deterministic for a seed: one
//! `fastrand::Rng` per stage, people and rows iterated in a fixed order, no hash-map
//! iteration anywhere.
//!
//! **Shape by size.** Below [`Shape::PROVINCE_FROM`] people it is two offices (*Văn
//! phòng UBND*): departments and one chi bộ each; ≈92% of people are staff, ≈85% of
//! staff are Party members, 3% of staff are also on the other office's staff roster
//! (transfers) — about 1.85 records per person. From there on it is two provinces'
//! Party rosters: everyone is a member of a chi bộ thôn/ấp under a Đảng bộ xã (or of a
//! Sở's chi bộ), 40% are also on the staff roster, 2% also on the other province's
//! Party roster — about 1.45 records per person.
//!
//! **Corruption model** (rates in [`corrupt::RATES`], drawn independently per record
//! copy, so two records of one person differ in small ways):
//!
//! | what | rate |
//! |---|---|
//! | name without diacritics / UPPER CASE / NFD | 4% / 4% / 2% |
//! | old↔new tone placement (Hoà/Hòa, Thuỷ/Thủy), where the name allows | 15% |
//! | i/y (Lý/Lí, Kỳ/Kì), where the name allows | 10% |
//! | Ð (U+00D0) for Đ | 3% |
//! | double space between name parts | 3% |
//! | one-letter typo in the given (or middle) name | 2% |
//! | middle name missing | 1.5% |
//! | name cell typed in a TCVN3 / VNI font (Unicode files, messy format) | 0.6% |
//! | date: missing / Excel serial / year only (`1965`, `00/00/1965`) / day↔month / one-digit typo | 1% / 2% / 2% / 1% / 1% |
//! | national ID: missing / one-digit typo | 3% / 1% |
//! | national ID: leading zero stripped by Excel / spaced / leading `'` | 6% / 2% / 2% |
//! | CMND instead of CCCD (people who still have one, born before 1990) | 50% |
//! | phone: missing / `+84` / spaced / old 11-digit prefix | 8% / 5% / 5% / 5% |
//! | hometown: new (2025) name / missing, else old name | 25% / 10% |
//! | same person entered twice in one roster (new record id) | 1% |
//! | namesakes: a person copies another's full name (35% of them also the birth year, 15% the birth date) | 3% of people |
//!
//! Dates follow each source's style (dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy); the XLSX roster
//! has real date cells. `--formats csv` keeps dialects and corruption but writes every
//! file as UTF-8 CSV with `,`, for benchmarks at scale.

mod corrupt;
mod manifest;
mod names;
mod org;
mod people;
mod places;
mod rosters;
mod scenario;
mod sink;

pub use corrupt::{RATES, Rates};
pub use people::{MAX_PEOPLE, Shape};
pub use scenario::Scenario;

use std::path::{Path, PathBuf};

/// File layout of the generated project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Formats {
    /// Per-source encodings, delimiters and one XLSX, like real exports.
    Messy,
    /// Every file UTF-8 CSV with `,`.
    Csv,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub people: usize,
    pub seed: u64,
    pub scenario: Scenario,
    pub formats: Formats,
}

impl Options {
    /// The default format: messy at office scale, plain CSV beyond 20,000 people.
    pub fn default_formats(people: usize) -> Formats {
        if people <= 20_000 {
            Formats::Messy
        } else {
            Formats::Csv
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub shape: Option<Shape>,
    /// (relative path, data rows).
    pub files: Vec<(String, usize)>,
    /// Staff and Party records, all rosters.
    pub records: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("{path}: {source}", path = .0.display(), source = .1)]
    Io(PathBuf, std::io::Error),
    #[error("{path}: {msg}", path = .0.display(), msg = .1)]
    Xlsx(PathBuf, String),
    #[error("{}: thư mục đã có dữ liệu, hãy chọn thư mục trống / folder is not empty, choose an empty one", .0.display())]
    NotEmpty(PathBuf),
}

/// Write a synthetic project into `out` (created; must be absent or empty).
pub fn generate(out: &Path, opts: &Options) -> Result<Summary, SynthError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| SynthError::Io(p.clone(), e)
    };
    if out.exists() {
        let mut entries = std::fs::read_dir(out).map_err(io(out))?;
        if entries.next().is_some() {
            return Err(SynthError::NotEmpty(out.to_path_buf()));
        }
    }
    let srcs = scenario::sources(opts.scenario);
    let srcs = match opts.formats {
        Formats::Messy => srcs,
        Formats::Csv => srcs.map(|mut s| {
            s.staff = scenario::plain(s.staff);
            s.party = scenario::plain(s.party);
            s.units = scenario::plain(s.units);
            s
        }),
    };
    let shape = Shape::for_people(opts.people);
    let (orgs, plan) = match shape {
        Shape::Office => org::office(&srcs),
        Shape::Province => {
            let half = opts.people / 2 + 1;
            org::province(&srcs, [half, half], 33)
        }
    };
    // The scenario is part of the seed: the two samples must not share their people.
    let mut rng = fastrand::Rng::with_seed(opts.seed ^ ((opts.scenario as u64 + 1) << 40));
    let people = people::generate(
        &mut rng,
        opts.people,
        shape,
        opts.scenario == Scenario::HaiPhong,
        &orgs,
        &srcs,
    );
    let world = rosters::World {
        people: &people,
        orgs: &orgs,
        plan: &plan,
        srcs: &srcs,
        shape,
        messy: opts.formats == Formats::Messy,
        rates: &RATES,
    };
    std::fs::create_dir_all(out).map_err(io(out))?;
    let mut summary = Summary {
        shape: Some(shape),
        ..Summary::default()
    };
    let mut truth = rosters::Truth::create(&out.join("truth.csv"))?;
    for (s, src) in srcs.iter().enumerate() {
        let dir = out.join(src.dir);
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        for (k, roster) in [(0u64, rosters::Roster::Staff), (1, rosters::Roster::Party)] {
            let file = if roster == rosters::Roster::Staff {
                &src.staff
            } else {
                &src.party
            };
            // A stage of its own per file: changing one roster leaves the others' bytes alone.
            let mut rng = fastrand::Rng::with_seed(
                opts.seed ^ (0x9E37_79B9_7F4A_7C15u64.wrapping_mul(s as u64 * 2 + k + 1)),
            );
            let name = file.file_name();
            let n = rosters::write_roster(
                &world,
                &mut rng,
                s,
                roster,
                file,
                &dir.join(&name),
                &mut truth,
            )?;
            summary.records += n;
            summary.files.push((format!("{}/{name}", src.dir), n));
        }
        let name = src.units.file_name();
        let n = rosters::write_units(&world, s, &src.units, &dir.join(&name))?;
        summary.files.push((format!("{}/{name}", src.dir), n));
    }
    truth.finish()?;
    let n = rosters::write_plan(&world, &out.join(manifest::PLAN))?;
    summary.files.push((manifest::PLAN.to_string(), n));
    let toml = manifest::merge_toml(opts, &srcs, shape);
    let path = out.join("merge.toml");
    std::fs::write(&path, toml).map_err(io(&path))?;
    summary
        .files
        .push(("truth.csv".to_string(), summary.records));
    Ok(summary)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn opts(people: usize, formats: Formats, scenario: Scenario) -> Options {
        Options {
            people,
            seed: 7,
            scenario,
            formats,
        }
    }

    fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        for sub in ["", "hp", "hd", "ag", "kg"] {
            let Ok(rd) = std::fs::read_dir(dir.join(sub)) else {
                continue;
            };
            for e in rd.flatten() {
                if e.path().is_file() {
                    out.insert(
                        format!("{sub}/{}", e.file_name().to_string_lossy()),
                        std::fs::read(e.path()).unwrap(),
                    );
                }
            }
        }
        out
    }

    #[test]
    fn same_seed_same_bytes() {
        for scenario in [Scenario::HaiPhong, Scenario::AnGiang] {
            let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
            generate(a.path(), &opts(200, Formats::Messy, scenario)).unwrap();
            generate(b.path(), &opts(200, Formats::Messy, scenario)).unwrap();
            let (fa, fb) = (files(a.path()), files(b.path()));
            assert_eq!(fa.len(), 9);
            assert_eq!(fa, fb);
        }
    }

    #[test]
    fn refuses_a_folder_with_files() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("x"), "x").unwrap();
        assert!(matches!(
            generate(d.path(), &opts(10, Formats::Csv, Scenario::HaiPhong)),
            Err(SynthError::NotEmpty(_))
        ));
    }

    /// Every roster row is in truth.csv exactly once, and nothing else is.
    #[test]
    fn truth_covers_every_row_once() {
        for scenario in [Scenario::HaiPhong, Scenario::AnGiang] {
            let d = tempfile::tempdir().unwrap();
            let sum = generate(d.path(), &opts(400, Formats::Csv, scenario)).unwrap();
            let mut truth = csv::Reader::from_path(d.path().join("truth.csv")).unwrap();
            let mut seen = std::collections::BTreeSet::new();
            let mut persons = std::collections::BTreeSet::new();
            for r in truth.records() {
                let r = r.unwrap();
                assert!(
                    seen.insert((r[0].to_string(), r[1].to_string(), r[2].to_string())),
                    "twice: {r:?}"
                );
                persons.insert(r[3].to_string());
            }
            let mut written = std::collections::BTreeSet::new();
            for (s, src) in scenario::sources(scenario).iter().enumerate() {
                for (roster, stem) in [("staff", src.staff.stem), ("party", src.party.stem)] {
                    let path = d.path().join(src.dir).join(format!("{stem}.csv"));
                    let mut rdr = csv::Reader::from_path(&path).unwrap();
                    for r in rdr.records() {
                        let id = r.unwrap()[0].to_string();
                        assert!(
                            written.insert((src.key.to_string(), roster.to_string(), id)),
                            "{s} {roster}"
                        );
                    }
                }
            }
            assert_eq!(seen, written);
            assert_eq!(seen.len(), sum.records);
            // Nearly every person has a record; most have two or more.
            assert!(persons.len() > 380, "{}", persons.len());
            assert!(sum.records as f64 / 400.0 > 1.6);
        }
    }

    #[test]
    fn province_scale_is_party_rosters() {
        let d = tempfile::tempdir().unwrap();
        let sum = generate(
            d.path(),
            &opts(Shape::PROVINCE_FROM, Formats::Csv, Scenario::AnGiang),
        )
        .unwrap();
        assert_eq!(sum.shape, Some(Shape::Province));
        let rows = |f: &str| sum.files.iter().find(|(n, _)| n == f).map_or(0, |x| x.1);
        let party = rows("ag/dang-vien.csv") + rows("kg/dang-vien.csv");
        let staff = rows("ag/nhan-su.csv") + rows("kg/can-bo.csv");
        assert!(
            party >= Shape::PROVINCE_FROM && staff < party / 2,
            "{party} {staff}"
        );
    }
}
