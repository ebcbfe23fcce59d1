//! Turning the population into files: each source's staff and Party rosters (grouped by
//! unit, leaders first, as exports are), its units file, the plan, and `truth.csv`
//! naming the true person behind every data row written.

use super::SynthError;
use super::corrupt::{self, DateOut, Rates, strip_marks};
use super::org::{Org, Plan};
use super::people::{Person, Shape};
use super::places;
use super::scenario::{Col, FileDef, GenderStyle, SourceDef};
use super::sink::{Cell, Sink};
pub use crate::record::Roster;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Everything the writers read.
pub struct World<'a> {
    pub people: &'a [Person],
    pub orgs: &'a [Org],
    pub plan: &'a Plan,
    pub srcs: &'a [SourceDef; 2],
    pub shape: Shape,
    pub messy: bool,
    pub rates: &'a Rates,
}

/// `truth.csv`: source, roster, record_id, person — one line per data row written.
pub struct Truth {
    path: PathBuf,
    out: BufWriter<File>,
}

impl Truth {
    pub fn create(path: &Path) -> Result<Truth, SynthError> {
        let err = |e| SynthError::Io(path.to_path_buf(), e);
        let mut out = BufWriter::with_capacity(1 << 16, File::create(path).map_err(err)?);
        out.write_all(b"source,roster,record_id,person\n")
            .map_err(err)?;
        Ok(Truth {
            path: path.to_path_buf(),
            out,
        })
    }
    fn add(
        &mut self,
        source: &str,
        roster: Roster,
        id: &str,
        person: usize,
    ) -> Result<(), SynthError> {
        writeln!(
            self.out,
            "{source},{},{id},{}",
            roster.as_str(),
            person_id(person)
        )
        .map_err(|e| SynthError::Io(self.path.clone(), e))
    }
    pub fn finish(mut self) -> Result<(), SynthError> {
        self.out
            .flush()
            .map_err(|e| SynthError::Io(self.path.clone(), e))
    }
}

/// The true person id written in truth.csv.
pub fn person_id(i: usize) -> String {
    format!("P{:07}", i + 1)
}

/// One row to write: who, in which slot, and whether it is their copy in the other source.
struct Entry {
    /// Rows are grouped by this: the staff unit's slot, or the chi bộ.
    group: u32,
    slot: u32,
    lead: u8,
    tie: u32,
    person: u32,
    away: bool,
}

/// Exports list a unit's leaders first: 0 the head, 1 deputies, 2 committee, 3 the rest.
fn lead_rank(p: &Person, roster: Roster) -> u8 {
    match roster {
        Roster::Staff if p.position.starts_with("Phó") => 1,
        Roster::Staff
            if ["Chánh", "Trưởng", "Giám đốc", "Chủ tịch"]
                .iter()
                .any(|t| p.position.starts_with(t)) =>
        {
            0
        }
        Roster::Staff => 3,
        Roster::Party => match p.role {
            "Bí thư" => 0,
            "Phó Bí thư" => 1,
            "Chi ủy viên" => 2,
            _ => 3,
        },
    }
}

/// Write one roster of source `s`; return the number of data rows.
pub fn write_roster(
    w: &World,
    rng: &mut fastrand::Rng,
    s: usize,
    roster: Roster,
    file: &FileDef,
    path: &Path,
    truth: &mut Truth,
) -> Result<usize, SynthError> {
    let src = &w.srcs[s];
    let nslots = w.orgs[s].slots.len().max(1);
    let mut entries = Vec::new();
    for (i, p) in w.people.iter().enumerate() {
        let home = p.source as usize == s;
        let listed = match roster {
            Roster::Staff => p.staff,
            Roster::Party => p.party,
        };
        // Transfers appear in the other source's staff rosters (office) or Party
        // rosters (province).
        let away_roster = if w.shape == Shape::Office {
            Roster::Staff
        } else {
            Roster::Party
        };
        let slot = match (home, p.transfer) {
            (true, _) if listed => p.slot,
            (false, Some(t)) if roster == away_roster && listed => t,
            _ => continue,
        };
        let lead = if home { lead_rank(p, roster) } else { 3 };
        let org = &w.orgs[s];
        let group = |slot: u32| match roster {
            Roster::Staff => slot,
            Roster::Party => org.slots.get(slot as usize).map_or(0, |x| x.cell as u32),
        };
        let e = |slot, lead, rng: &mut fastrand::Rng| Entry {
            group: group(slot),
            slot,
            lead,
            tie: rng.u32(..),
            person: i as u32,
            away: !home,
        };
        entries.push(e(slot, lead, rng));
        if rng.f32() < w.rates.duplicate {
            let again = if rng.bool() {
                slot
            } else {
                rng.u32(0..nslots as u32)
            };
            entries.push(e(again, 3, rng));
        }
    }
    entries.sort_unstable_by_key(|e| (e.group, e.lead, e.tie, e.person));
    let mut sink = Sink::create(path, file.enc, file.delim, src.dates)?;
    let header: Vec<Cell> = file.cols.iter().map(|(h, _)| Cell::from(*h)).collect();
    sink.row(&header)?;
    let mut cells = Vec::with_capacity(file.cols.len());
    for (n, e) in entries.iter().enumerate() {
        let id = file.ids.format(n + 1);
        cells.clear();
        record_cells(w, rng, s, roster, file, e, &id, &mut cells);
        sink.row(&cells)?;
        truth.add(src.key, roster, &id, e.person as usize)?;
    }
    sink.finish()?;
    Ok(entries.len())
}

#[allow(clippy::too_many_arguments)]
fn record_cells(
    w: &World,
    rng: &mut fastrand::Rng,
    s: usize,
    roster: Roster,
    file: &FileDef,
    e: &Entry,
    id: &str,
    cells: &mut Vec<Cell>,
) {
    let r = w.rates;
    let src = &w.srcs[s];
    let p = &w.people[e.person as usize];
    let org = &w.orgs[s];
    let slot = org.slots[(e.slot as usize).min(org.slots.len().saturating_sub(1))];
    let (mut head, mut given) = corrupt::name(rng, p, r);
    if w.messy && file.enc.is_unicode() && rng.f32() < r.legacy_cell {
        let vni = rng.bool();
        head = corrupt::legacy(&head, vni);
        given = corrupt::legacy(&given, vni);
    }
    let date = |rng: &mut fastrand::Rng, t| match corrupt::date(rng, t, src.dates, r) {
        DateOut::Clean(t) => Cell::Date(t),
        DateOut::Text(s) => Cell::Text(s),
        DateOut::Serial(n) => Cell::Num(n),
        DateOut::Missing => Cell::Empty,
    };
    for (_, col) in file.cols {
        let cell = match col {
            Col::RecordId => Cell::from(id),
            Col::FullName => Cell::Text(format!("{head} {given}")),
            Col::FamilyMiddle => Cell::from(head.as_str()),
            Col::Given => Cell::from(given.as_str()),
            Col::Birth => date(rng, p.birth),
            Col::Gender => Cell::from(match (src.gender, p.male) {
                (GenderStyle::NamNu, true) => "Nam",
                (GenderStyle::NamNu, false) => "Nữ",
                (GenderStyle::LowerNamNu, true) => "nam",
                (GenderStyle::LowerNamNu, false) => "nữ",
                (GenderStyle::OneZero, true) => "1",
                (GenderStyle::OneZero, false) => "0",
            }),
            Col::NationalId => Cell::from(corrupt::national_id(rng, p, r)),
            Col::Phone => Cell::from(corrupt::phone(rng, p.phone, r)),
            Col::Email => p
                .email
                .map_or(Cell::Empty, |n| Cell::Text(email(p, n, src))),
            Col::Hometown => {
                let place = &places::all()[p.place as usize];
                let x = rng.f32();
                if x < r.hometown_missing {
                    Cell::Empty
                } else if x < r.hometown_missing + r.hometown_new {
                    Cell::Text(place.new_form())
                } else {
                    Cell::Text(place.old_form())
                }
            }
            Col::UnitCode => Cell::from(org.units[slot.unit].code.as_str()),
            Col::UnitName => Cell::from(org.units[slot.unit].name.as_str()),
            Col::Position => Cell::from(p.position),
            Col::Grade => Cell::from(p.grade),
            Col::CellCode => Cell::from(org.units[slot.cell].code.as_str()),
            Col::CellName => Cell::from(org.units[slot.cell].name.as_str()),
            Col::PartyCard => Cell::Text(format!("{:08}", p.card)),
            Col::PartyRecord => {
                let prov = w.srcs[p.source as usize].cccd_code.get(1..).unwrap_or("00");
                Cell::Text(format!("{prov}.{:06}", p.party_record))
            }
            Col::Joined => date(rng, p.joined),
            Col::Official => p.official.map_or(Cell::Empty, |t| date(rng, t)),
            Col::PartyRole if e.away => Cell::from("Đảng viên"),
            Col::PartyRole => Cell::from(p.role),
            Col::Qualification => Cell::from(p.qualification),
            Col::Note if e.away => Cell::from(match roster {
                Roster::Staff => "Biệt phái",
                Roster::Party => "Sinh hoạt tạm thời",
            }),
            Col::Note => Cell::from(match rng.u32(0..100) {
                0..3 if !p.male => "Nghỉ thai sản",
                3..6 => "Đang đi học",
                6..8 => "Hợp đồng 68",
                _ => "",
            }),
            Col::Theory => Cell::from(match (p.role, rng.u32(0..10)) {
                ("Bí thư" | "Phó Bí thư", _) | (_, 0) => "Cao cấp",
                (_, 1..6) => "Trung cấp",
                _ => "Sơ cấp",
            }),
            Col::Code | Col::Name | Col::ParentCode | Col::ParentName | Col::Kind => Cell::Empty,
        };
        cells.push(cell);
    }
}

/// `hungnv@haiphong.gov.vn`, or a private address for some.
fn email(p: &Person, n: u16, src: &SourceDef) -> String {
    let given = strip_marks(p.given).to_lowercase();
    let initials: String = [p.family, p.middle]
        .iter()
        .flat_map(|s| s.split(' '))
        .filter_map(|w| strip_marks(w).chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    if n.is_multiple_of(3) {
        format!("{given}{initials}{}@gmail.com", n % 100)
    } else {
        format!(
            "{given}{initials}{}@{}",
            if n.is_multiple_of(5) {
                String::new()
            } else {
                (n % 97).to_string()
            },
            src.email_domain
        )
    }
}

/// The units file of source `s`.
pub fn write_units(w: &World, s: usize, file: &FileDef, path: &Path) -> Result<usize, SynthError> {
    let org = &w.orgs[s];
    let mut sink = Sink::create(path, file.enc, file.delim, w.srcs[s].dates)?;
    sink.row(
        &file
            .cols
            .iter()
            .map(|(h, _)| Cell::from(*h))
            .collect::<Vec<_>>(),
    )?;
    for u in &org.units {
        let parent = u.parent.map(|i| &org.units[i]);
        let row: Vec<Cell> = file
            .cols
            .iter()
            .map(|(_, c)| match c {
                Col::Code => Cell::from(u.code.as_str()),
                Col::Name => Cell::from(u.name.as_str()),
                Col::ParentCode => Cell::from(parent.map_or("", |p| p.code.as_str())),
                Col::ParentName => Cell::from(parent.map_or("", |p| p.name.as_str())),
                Col::Kind => Cell::from(u.kind),
                _ => Cell::Empty,
            })
            .collect();
        sink.row(&row)?;
    }
    sink.finish()?;
    Ok(org.units.len())
}

/// `phuong-an.csv`: every old unit of every source → its new unit.
pub fn write_plan(w: &World, path: &Path) -> Result<usize, SynthError> {
    use super::scenario::{DateStyle, Enc};
    let mut sink = Sink::create(path, Enc::Utf8Bom, b',', DateStyle::Dmy)?;
    let header = [
        "Nguồn",
        "Mã đơn vị cũ",
        "Mã đơn vị mới",
        "Tên đơn vị mới",
        "Đơn vị cấp trên mới",
        "Loại",
    ];
    sink.row(&header.map(Cell::from))?;
    let mut n = 0;
    for (s, org) in w.orgs.iter().enumerate() {
        for u in &org.units {
            let new = &w.plan.units[u.new];
            let parent = new.parent.map_or("", |i| w.plan.units[i].code.as_str());
            sink.row(&[
                Cell::from(w.srcs[s].key),
                Cell::from(u.code.as_str()),
                Cell::from(new.code.as_str()),
                Cell::from(new.name.as_str()),
                Cell::from(parent),
                Cell::from(new.kind),
            ])?;
            n += 1;
        }
    }
    sink.finish()?;
    Ok(n)
}
