//! The true population: distinct people with realistic names (frequencies from
//! `data/names`), birth dates 1960–2003, CCCD consistent with birth year, gender and a
//! province, some old 9-digit CMND, phones, e-mails, hometowns, a home source, a place
//! in the org and Party data. Some people are namesakes of another on purpose — same
//! full name, sometimes the same birth year, a few the same birth date — because that
//! is the case a matcher most easily gets wrong. Identifiers are unique per person.

use super::names::tables;
use super::org::{Head, Org};
use super::places;
use std::collections::HashSet;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ymd {
    pub y: u16,
    pub m: u8,
    pub d: u8,
}

pub fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Ymd {
    fn random_in(rng: &mut fastrand::Rng, y: u16) -> Ymd {
        let m = rng.u8(1..=12);
        let d = rng.u8(1..=days_in_month(y, m));
        Ymd { y, m, d }
    }
    /// The same day `months` later (clamped to the month's length).
    pub fn plus_months(self, months: u32) -> Ymd {
        let total = self.y as u32 * 12 + (self.m as u32 - 1) + months;
        let (y, m) = ((total / 12) as u16, (total % 12) as u8 + 1);
        Ymd {
            y,
            m,
            d: self.d.min(days_in_month(y, m)),
        }
    }
    /// Days since 1899-12-30: what Excel shows when a date cell loses its format.
    pub fn excel_serial(self) -> i64 {
        days_from_civil(self)
            - days_from_civil(Ymd {
                y: 1899,
                m: 12,
                d: 30,
            })
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(t: Ymd) -> i64 {
    let (m, d) = (t.m as i64, t.d as i64);
    let y = t.y as i64 - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// One human being, as the generator knows them.
#[derive(Debug, Clone)]
pub struct Person {
    pub family: &'static str,
    pub middle: &'static str,
    pub given: &'static str,
    pub male: bool,
    pub birth: Ymd,
    /// 12-digit CCCD as a number (write with `{:012}`).
    pub cccd: u64,
    /// 9-digit CMND some older people still have on file.
    pub cmnd: Option<u32>,
    /// 10-digit mobile as a number (write with `{:010}`).
    pub phone: u64,
    /// A number that makes the e-mail address unique, when they have one.
    pub email: Option<u16>,
    pub place: u16,
    pub source: u8,
    pub slot: u32,
    /// Also listed in the other source (transferred or seconded): slot there.
    pub transfer: Option<u32>,
    pub staff: bool,
    pub party: bool,
    pub position: &'static str,
    pub grade: &'static str,
    pub qualification: &'static str,
    /// 8-digit party card (write with `{:08}`).
    pub card: u32,
    pub party_record: u32,
    pub joined: Ymd,
    pub official: Option<Ymd>,
    pub role: &'static str,
}

/// Which kind of roster set a project of this size has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Two offices: most people staff, most staff Party members.
    Office,
    /// Two provinces' Party rosters: everyone a member, a minority also staff.
    Province,
}

impl Shape {
    pub const PROVINCE_FROM: usize = 50_000;
    pub fn for_people(n: usize) -> Shape {
        if n >= Self::PROVINCE_FROM {
            Shape::Province
        } else {
            Shape::Office
        }
    }
}

/// Share of people who copy another person's full name.
pub const NAMESAKE_RATE: f32 = 0.03;
/// Share of staff (office) / members (province) also listed in the other source.
pub const TRANSFER_RATE: [f32; 2] = [0.03, 0.02];

const PHONE_PREFIXES: &[u64] = &[
    32, 33, 34, 35, 36, 37, 38, 39, 70, 76, 77, 78, 79, 81, 82, 83, 84, 85, 86, 88, 89, 90, 91, 93,
    94, 96, 97, 98, 56, 58, 59,
];
const QUALIFICATIONS: &[&str] = &[
    "Đại học",
    "Đại học",
    "Đại học",
    "Thạc sĩ",
    "Thạc sĩ",
    "Cử nhân Luật",
    "Kỹ sư",
    "Cao đẳng",
    "Tiến sĩ",
    "Trung cấp",
];

/// Generate `n` people for two sources placed in `orgs`.
pub fn generate(
    rng: &mut fastrand::Rng,
    n: usize,
    shape: Shape,
    north: bool,
    orgs: &[Org],
    src: &[super::scenario::SourceDef; 2],
) -> Vec<Person> {
    let t = tables();
    let all = places::all();
    let regional: Vec<u16> = (0..all.len() as u16)
        .filter(|&i| {
            let c = all[i as usize].province_code;
            let n_code = c.parse::<u8>().unwrap_or(0) < 50;
            n_code == north
        })
        .collect();
    let mut used = HashSet::with_capacity(n * 3);
    let mut unique = |rng: &mut fastrand::Rng, space: u64, make: &dyn Fn(u64) -> u64| loop {
        let v = make(rng.u64(0..space));
        if used.insert(v) {
            return v;
        }
    };
    let mut people: Vec<Person> = Vec::with_capacity(n);
    for i in 0..n {
        let mut male = rng.f32() < if shape == Shape::Office { 0.55 } else { 0.6 };
        let year = rng.u16(1960..=2003);
        let mut birth = Ymd::random_in(rng, year);
        let family = t.family.pick(rng);
        let (mut middle, given) = if male {
            t.male.pick(rng)
        } else {
            t.female.pick(rng)
        };
        // Văn / Thị were the usual middle names of the older generation.
        let plain = if birth.y < 1980 { 0.35 } else { 0.15 };
        if rng.f32() < plain {
            middle = if male { "Văn" } else { "Thị" };
        }
        let mut name = (family, middle, given);
        if i > 0 && rng.f32() < NAMESAKE_RATE {
            let o = &people[rng.usize(0..i)];
            name = (o.family, o.middle, o.given);
            male = o.male;
            let r = rng.f32();
            if r < 0.15 {
                birth = o.birth;
            } else if r < 0.5 {
                birth = Ymd::random_in(rng, o.birth.y);
            }
        }
        let place = if rng.f32() < 0.9 && !regional.is_empty() {
            regional[rng.usize(0..regional.len())]
        } else {
            rng.u16(0..all.len() as u16)
        };
        let source = u8::from(rng.f32() >= if shape == Shape::Office { 0.55 } else { 0.5 });
        let home = &src[source as usize];
        let (staff, party) = match shape {
            Shape::Office => {
                let staff = rng.f32() < 0.92;
                (staff, !staff || rng.f32() < 0.85)
            }
            Shape::Province => (rng.f32() < 0.40, true),
        };
        let transfer_rate = TRANSFER_RATE[usize::from(shape == Shape::Province)];
        let transfer = (staff || shape == Shape::Province) && rng.f32() < transfer_rate;
        // CCCD: province of birth registration, century/gender digit, year, 6 digits.
        let prov: u64 = if rng.f32() < 0.75 {
            all[place as usize].province_code.parse().unwrap_or(1)
        } else {
            home.cccd_code.parse().unwrap_or(1)
        };
        let century = u64::from(birth.y >= 2000) * 2 + u64::from(!male);
        let head = ((prov * 10 + century) * 100 + birth.y as u64 % 100) * 1_000_000;
        let cccd = unique(rng, 1_000_000, &|r| head + r);
        let cmnd = (birth.y < 1990 && rng.f32() < 0.35).then(|| {
            let p: u64 = home.cmnd_prefix.parse().unwrap_or(1);
            // Offset keeps CMNDs apart from CCCDs in the shared uniqueness set.
            (unique(rng, 10_000_000, &|r| 10u64.pow(13) + p * 10_000_000 + r) % 10u64.pow(9)) as u32
        });
        let pre = PHONE_PREFIXES[rng.usize(0..PHONE_PREFIXES.len())];
        let phone = unique(rng, 10_000_000, &|r| {
            2 * 10u64.pow(13) + pre * 10_000_000 + r
        }) % 10u64.pow(10);
        let email =
            (rng.f32() < if shape == Shape::Office { 0.55 } else { 0.2 }).then(|| rng.u16(..));
        let joined_year = (birth.y + rng.u16(19..=38)).min(2025);
        let joined = Ymd::random_in(rng, joined_year).min(Ymd {
            y: 2025,
            m: 5,
            d: 15,
        });
        let official = if joined.plus_months(12)
            > (Ymd {
                y: 2025,
                m: 6,
                d: 30,
            }) {
            None // still a probationary member (đảng viên dự bị)
        } else if rng.f32() < 0.88 {
            Some(joined.plus_months(12))
        } else {
            Some(joined.plus_months(12 + rng.u32(1..=4)))
        };
        // Many card numbers start with 0; they must survive as text.
        let card_space = if rng.f32() < 0.4 {
            10_000_000
        } else {
            100_000_000
        };
        let card = (unique(rng, card_space, &|r| 3 * 10u64.pow(13) + r) % 100_000_000) as u32;
        // Six digits hold a million numbers: a run of more people (the 2M-record
        // benchmark) would draw forever, so it gets seven; smaller runs are unchanged.
        let record_space = if n > 500_000 { 10_000_000 } else { 1_000_000 };
        let party_record =
            (unique(rng, record_space, &|r| 4 * 10u64.pow(13) + r) % record_space) as u32;
        people.push(Person {
            family: name.0,
            middle: name.1,
            given: name.2,
            male,
            birth,
            cccd,
            cmnd,
            phone,
            email,
            place,
            source,
            slot: 0,
            transfer: transfer.then_some(0),
            staff,
            party,
            position: "",
            grade: "",
            qualification: QUALIFICATIONS[rng.usize(0..QUALIFICATIONS.len())],
            card,
            party_record,
            joined,
            official,
            role: "",
        });
    }
    place_people(rng, &mut people, shape, orgs);
    people
}

/// Put everyone in a slot, then hand out posts in order: the first in a slot heads it,
/// the next are deputies; the first members of a chi bộ are its committee.
fn place_people(rng: &mut fastrand::Rng, people: &mut [Person], shape: Shape, orgs: &[Org]) {
    let sector = super::org::SO_COUNT;
    let mut leaders = [0usize; 2];
    for p in people.iter_mut() {
        let s = p.source as usize;
        let slots = orgs[s].slots.len().max(1);
        p.slot = match shape {
            // Four office leaders sit in the agency itself (slot 0).
            Shape::Office if p.staff && leaders[s] < 4 => {
                leaders[s] += 1;
                0
            }
            Shape::Office => rng.usize(1.min(slots - 1)..slots) as u32,
            Shape::Province if rng.f32() < 0.15 || slots <= sector => {
                rng.usize(0..sector.min(slots)) as u32
            }
            Shape::Province => rng.usize(sector..slots) as u32,
        };
        if p.transfer.is_some() {
            let o = &orgs[1 - s];
            let n = o.slots.len().max(1);
            p.transfer = Some(rng.usize(1.min(n - 1)..n) as u32);
        }
    }
    let mut staff_rank: Vec<Vec<u32>> = orgs.iter().map(|o| vec![0; o.slots.len()]).collect();
    let mut cell_rank: Vec<Vec<u32>> = orgs.iter().map(|o| vec![0; o.units.len()]).collect();
    for p in people.iter_mut() {
        let s = p.source as usize;
        let slot = orgs[s].slots[p.slot as usize];
        if p.staff {
            let r = &mut staff_rank[s][p.slot as usize];
            (p.position, p.grade) = position(rng, slot.head, *r);
            *r += 1;
        }
        if p.party {
            let r = &mut cell_rank[s][slot.cell];
            p.role = match *r {
                0 => "Bí thư",
                1 => "Phó Bí thư",
                2 | 3 => "Chi ủy viên",
                _ => "Đảng viên",
            };
            *r += 1;
        }
    }
}

fn position(rng: &mut fastrand::Rng, head: Head, rank: u32) -> (&'static str, &'static str) {
    let (chief, deputy, deputies) = match head {
        Head::Office => ("Chánh Văn phòng", "Phó Chánh Văn phòng", 3),
        Head::Dept => ("Trưởng phòng", "Phó Trưởng phòng", 2),
        Head::Center => ("Giám đốc", "Phó Giám đốc", 2),
        Head::Board => ("Trưởng ban", "Phó Trưởng ban", 1),
        Head::Department => ("Giám đốc Sở", "Phó Giám đốc Sở", 3),
        Head::Commune => ("Chủ tịch UBND xã", "Phó Chủ tịch UBND xã", 2),
    };
    match rank {
        0 if head == Head::Office => (chief, "01.001"),
        0 => (chief, "01.002"),
        r if r <= deputies => (deputy, if rng.bool() { "01.002" } else { "01.003" }),
        _ => match rng.u32(0..100) {
            0..45 => ("Chuyên viên", "01.003"),
            45..65 => ("Chuyên viên chính", "01.002"),
            65..67 => ("Chuyên viên cao cấp", "01.001"),
            67..76 => ("Cán sự", "01.004"),
            76..86 => ("Nhân viên", "01.005"),
            86..93 => ("Văn thư", "02.008"),
            _ => ("Kế toán viên", "06.031"),
        },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn excel_serial_matches_excel() {
        assert_eq!(
            Ymd {
                y: 1900,
                m: 3,
                d: 1
            }
            .excel_serial(),
            61
        );
        assert_eq!(
            Ymd {
                y: 1972,
                m: 3,
                d: 5
            }
            .excel_serial(),
            26363
        );
        assert_eq!(
            Ymd {
                y: 2024,
                m: 1,
                d: 31
            }
            .plus_months(1),
            Ymd {
                y: 2024,
                m: 2,
                d: 29
            }
        );
    }
}
