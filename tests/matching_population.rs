//! A synthetic population, corrupted the way real exports are (lost diacritics,
//! typos, missing middle names, year-only dates, swapped day/month, CMND instead of
//! CCCD, spreadsheet-mangled IDs, changed phones, namesakes), linked and scored
//! pairwise against the truth.
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests may panic

use sapnhap::matching::{Constraints, Settings, link};
use sapnhap::normalize::text::fold;
use sapnhap::normalize::{Date, Gender, IdKind, NationalId, Phone, PhoneKind, name};
use sapnhap::record::{Record, Ref, Roster};
use std::collections::HashMap;
use std::time::Instant;

const FAMILY: &[(&str, u32)] = &[
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 50),
    ("Huỳnh", 40),
    ("Phan", 40),
    ("Vũ", 40),
    ("Võ", 40),
    ("Đặng", 20),
    ("Bùi", 20),
    ("Đỗ", 15),
    ("Hồ", 15),
    ("Ngô", 15),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 10),
    ("Lâm", 5),
    ("Trịnh", 5),
    ("Mai", 5),
];
const MIDDLE_M: &[(&str, u32)] = &[
    ("Văn", 40),
    ("Đức", 10),
    ("Minh", 10),
    ("Quang", 8),
    ("Hữu", 8),
    ("Thanh", 6),
    ("Xuân", 5),
    ("Ngọc", 4),
    ("Công", 4),
    ("Đình", 5),
];
const MIDDLE_F: &[(&str, u32)] = &[
    ("Thị", 60),
    ("Ngọc", 8),
    ("Thu", 6),
    ("Thanh", 6),
    ("Minh", 4),
    ("Kim", 4),
    ("Thùy", 4),
    ("Hồng", 4),
    ("Phương", 4),
];
const GIVEN_M: &[&str] = &[
    "Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Hải", "Long", "Sơn", "Thắng", "Cường", "Quang",
    "Trung", "Hiếu", "Đức", "Khánh", "Phong", "Huy", "Việt", "Tâm", "Bình", "Kiên", "Lâm", "Khiêm",
    "Thịnh", "Vĩnh", "Toản", "Quý", "Kỳ", "Duy", "Hưng", "Hoà", "Thuỷ", "Khôi",
];
const GIVEN_F: &[&str] = &[
    "Hương", "Lan", "Hà", "Linh", "Trang", "Thảo", "Mai", "Hằng", "Nga", "Hoa", "Yến", "Thủy",
    "Huyền", "Ngọc", "Anh", "Phương", "Hạnh", "Loan", "Nhung", "Vân", "Thúy", "Oanh", "Duyên",
    "Lý", "Quyên", "Diệp", "Khuê", "Thoa",
];

fn weighted<'a>(rng: &mut fastrand::Rng, items: &[(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|i| i.1).sum();
    let mut x = rng.u32(0..total);
    for &(s, w) in items {
        if x < w {
            return s;
        }
        x -= w;
    }
    items[0].0
}

/// Zipf-like: earlier names are much more common.
fn zipf<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    let ws: Vec<(&str, u32)> = items
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, 1000 / (i as u32 + 1)))
        .collect();
    weighted(rng, &ws)
}

struct Person {
    name: String,
    male: bool,
    birth: Date,
    cccd: String,
    cmnd: String,
    phone: String,
    card: String,
}

fn digits(rng: &mut fastrand::Rng, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.u8(0..10))).collect()
}

fn person(rng: &mut fastrand::Rng, people: &[Person]) -> Person {
    let male = rng.bool();
    let mut p = Person {
        name: String::new(),
        male,
        birth: Date {
            year: rng.i16(1960..2003),
            month: rng.u8(1..13),
            day: rng.u8(1..29),
        },
        cccd: String::new(),
        cmnd: digits(rng, 9),
        phone: format!("09{}", digits(rng, 8)),
        card: digits(rng, 8),
    };
    // Namesakes: same full name, sometimes the same birth date too.
    if !people.is_empty() && rng.f64() < 0.05 {
        let other = &people[rng.usize(..people.len())];
        p.name = other.name.clone();
        p.male = other.male;
        if rng.f64() < 0.1 {
            p.birth = other.birth;
        }
    } else {
        let (mid, given) = if male {
            (MIDDLE_M, GIVEN_M)
        } else {
            (MIDDLE_F, GIVEN_F)
        };
        let mut n = format!("{} {}", weighted(rng, FAMILY), weighted(rng, mid));
        if rng.f64() < 0.25 {
            n = format!("{n} {}", weighted(rng, mid));
        }
        p.name = format!("{n} {}", zipf(rng, given));
    }
    let century = u8::from(!p.male) + if p.birth.year >= 2000 { 2 } else { 0 };
    p.cccd = format!("031{century}{:02}{}", p.birth.year % 100, digits(rng, 6));
    p
}

fn corrupt_name(rng: &mut fastrand::Rng, s: &str) -> String {
    let mut s = s.to_string();
    let tokens: Vec<&str> = s.split(' ').collect();
    if tokens.len() >= 3 && rng.f64() < 0.04 {
        s = format!("{} {}", tokens[0], tokens[tokens.len() - 1]);
    }
    if rng.f64() < 0.03 {
        // One character of the given name replaced.
        let mut cs: Vec<char> = s.chars().collect();
        let at = cs.len() - 1 - rng.usize(..2);
        cs[at] = ['a', 'n', 'h', 'g', 'e'][rng.usize(..5)];
        s = cs.into_iter().collect();
    }
    if rng.f64() < 0.3 {
        // i/y at the end of a syllable only (Lý/Lí, Kỳ/Kì), never inside `uyê`.
        s = s
            .split(' ')
            .map(|t| match t.chars().last() {
                Some('y') => format!("{}i", &t[..t.len() - 1]),
                Some('ý') => format!("{}í", &t[..t.len() - 'ý'.len_utf8()]),
                Some('ỳ') => format!("{}ì", &t[..t.len() - 'ỳ'.len_utf8()]),
                _ => t.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    if rng.f64() < 0.12 {
        // Lost diacritics, case kept.
        s = s
            .split(' ')
            .map(|t| {
                let f = fold(t);
                let mut c = f.chars();
                c.next()
                    .map(|x| x.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    s
}

fn corrupt_date(rng: &mut fastrand::Rng, d: Date, year_only: f64) -> Date {
    let x = rng.f64();
    if x < year_only {
        Date {
            month: 0,
            day: 0,
            ..d
        }
    } else if x < year_only + 0.02 && d.day <= 12 {
        Date {
            month: d.day,
            day: d.month,
            ..d
        }
    } else if x < year_only + 0.04 {
        Date {
            day: (d.day % 28) + 1,
            ..d
        }
    } else {
        d
    }
}

fn corrupt_id(rng: &mut fastrand::Rng, id: &str) -> String {
    let x = rng.f64();
    if x < 0.02 {
        let mut b = id.as_bytes().to_vec();
        let at = rng.usize(4..b.len());
        b[at] = b'0' + (b[at] - b'0' + 1) % 10;
        String::from_utf8(b).unwrap_or_default()
    } else if x < 0.04 && id.len() == 12 {
        // Excel: a number with six significant digits.
        format!("{}000000", &id[..6])
    } else {
        id.to_string()
    }
}

fn id(digits: String) -> Option<NationalId> {
    let kind = match digits.len() {
        12 => IdKind::Cccd,
        9 => IdKind::Cmnd,
        _ => IdKind::Unknown,
    };
    Some(NationalId { kind, digits })
}

/// Records and, for each, the index of the person it belongs to.
fn population(people: usize, seed: u64) -> (Vec<Record>, Vec<usize>) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut ps: Vec<Person> = Vec::with_capacity(people);
    for _ in 0..people {
        let p = person(&mut rng, &ps);
        ps.push(p);
    }
    let mut records = Vec::new();
    let mut truth = Vec::new();
    for (pi, p) in ps.iter().enumerate() {
        // Most records come from the person's own agency; some were transferred.
        let home = if pi % 2 == 0 { "HP" } else { "HD" };
        let mut rosters = Vec::new();
        if rng.f64() < 0.85 {
            rosters.push(Roster::Staff);
            if rng.f64() < 0.08 {
                rosters.push(Roster::Staff);
            }
        }
        if rng.f64() < 0.55 || rosters.is_empty() {
            rosters.push(Roster::Party);
        }
        for roster in rosters {
            let idx = records.len() as u32;
            let staff = roster == Roster::Staff;
            let national = if staff {
                if rng.f64() < 0.85 {
                    Some(p.cccd.clone())
                } else {
                    Some(p.cmnd.clone())
                }
            } else {
                match rng.u8(0..10) {
                    0..7 => Some(p.cccd.clone()),
                    7..9 => Some(p.cmnd.clone()),
                    _ => None,
                }
            };
            let gender = if p.male { Gender::Male } else { Gender::Female };
            let source = if rng.f64() < 0.9 { home } else { "TB" };
            records.push(Record {
                idx,
                reference: Ref {
                    source: source.into(),
                    roster,
                    record_id: format!("R{idx}").into(),
                },
                // The index of the source in the project, as the pipeline sets it.
                source: ["HP", "HD", "TB"]
                    .iter()
                    .position(|s| *s == source)
                    .unwrap_or(0),
                roster,
                name: name::parse(&corrupt_name(&mut rng, &p.name)),
                birth: Some(corrupt_date(
                    &mut rng,
                    p.birth,
                    if staff { 0.03 } else { 0.08 },
                )),
                gender: (rng.f64() > 0.03).then_some(gender),
                national_id: national.map(|n| corrupt_id(&mut rng, &n)).and_then(id),
                phone: (staff && rng.f64() < 0.7).then(|| Phone {
                    kind: PhoneKind::Mobile,
                    number: if rng.f64() < 0.25 {
                        format!("03{}", digits(&mut rng, 8))
                    } else {
                        p.phone.clone()
                    },
                }),
                party_card: (!staff).then(|| corrupt_id(&mut rng, &p.card)),
                ..Record::default()
            });
            truth.push(pi);
        }
    }
    (records, truth)
}

/// Pairwise precision, recall, F1 of clusters against the truth.
fn score(clusters: &[Vec<u32>], truth: &[usize]) -> (f64, f64, f64) {
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let mut by_person: HashMap<usize, u64> = HashMap::new();
    for &p in truth {
        *by_person.entry(p).or_default() += 1;
    }
    let true_pairs: u64 = by_person.values().map(|&n| pairs(n)).sum();
    let (mut found, mut right) = (0u64, 0u64);
    for c in clusters {
        found += pairs(c.len() as u64);
        let mut inside: HashMap<usize, u64> = HashMap::new();
        for &i in c {
            *inside.entry(truth[i as usize]).or_default() += 1;
        }
        right += inside.values().map(|&n| pairs(n)).sum::<u64>();
    }
    let precision = right as f64 / found.max(1) as f64;
    let recall = right as f64 / true_pairs.max(1) as f64;
    (
        precision,
        recall,
        2.0 * precision * recall / (precision + recall).max(1e-12),
    )
}

fn run(people: usize, seed: u64) -> (f64, f64, f64) {
    let (records, truth) = population(people, seed);
    let t = Instant::now();
    let mut settings = Settings::default();
    if let Some(a) = std::env::var("ACCEPT").ok().and_then(|s| s.parse().ok()) {
        settings.accept = a;
    }
    let l = link(&records, &settings, &Constraints::default());
    let elapsed = t.elapsed();
    let mut seen = vec![0u8; records.len()];
    for &i in l.clusters.iter().flatten() {
        seen[i as usize] += 1;
    }
    assert!(seen.iter().all(|&s| s == 1), "every record exactly once");
    let (p, r, f) = score(&l.clusters, &truth);
    eprintln!(
        "{} records: precision {p:.4} recall {r:.4} F1 {f:.4} in {elapsed:?}; {} candidate pairs, {} conflicts\n{:?}",
        records.len(),
        l.stats.candidate_pairs,
        l.conflicts.len(),
        l.stats.timings
    );
    for k in &l.stats.keys {
        eprintln!("  {k:?}");
    }
    (p, r, f)
}

/// F1 ≥ 0.985, not 0.99: this population scatters a tenth of all records to a
/// third source at random, so one person's two staff records often stand in two
/// sources without matching each other (a changed phone, a date typo). Such a
/// "transfer" joins only through its own pair (`Settings::direct_transfers`),
/// which costs seed 1 two pairs (F1 0.9917 → 0.9884). Over seeds 1–30 at 500
/// and 1,000 people the rule changed three runs: two lost a pair group, one lost
/// a false merge. On gen's and the re-corrupted office projects it removed six
/// false merges for one lost (BENCHMARKS.md, session 12).
#[test]
fn office_sized_population_reaches_f1() {
    for seed in [1, 2] {
        let (p, _, f) = run(500, seed);
        assert!(f >= 0.985, "seed {seed}: F1 {f}");
        assert!(p >= 0.995, "seed {seed}: precision {p}");
    }
}

/// `cargo test --release --test matching_population -- --ignored --nocapture`
#[test]
#[ignore]
fn province_sized_population() {
    let (p, _, f) = run(130_000, 7);
    assert!(f >= 0.99 && p >= 0.995, "F1 {f}, precision {p}");
}

/// Prints the worst mistakes with their evidence, to tune the model:
/// `cargo test --test matching_population mistakes -- --ignored --nocapture`
#[test]
#[ignore]
fn mistakes() {
    let people: usize = std::env::var("PEOPLE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(500);
    let (records, truth) = population(people, 1);
    let s = Settings::default();
    let l = link(&records, &s, &Constraints::default());
    let mut label = vec![0usize; records.len()];
    for (c, members) in l.clusters.iter().enumerate() {
        for &i in members {
            label[i as usize] = c;
        }
    }
    let show = |a: usize, b: usize| {
        if let Some(e) = sapnhap::matching::explain(&records, a as u32, b as u32, &s) {
            eprintln!("{}", e.render(sapnhap::i18n::Lang::En));
        }
    };
    let mut fp = 0;
    for c in &l.clusters {
        for (x, &a) in c.iter().enumerate() {
            for &b in &c[x + 1..] {
                if truth[a as usize] != truth[b as usize] && fp < 15 {
                    fp += 1;
                    eprint!("FALSE MATCH ");
                    show(a as usize, b as usize);
                }
            }
        }
    }
    let mut by_person: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &p) in truth.iter().enumerate() {
        by_person.entry(p).or_default().push(i);
    }
    let mut fnn = 0;
    let mut persons: Vec<_> = by_person.into_iter().collect();
    persons.sort();
    for (_, rs) in persons {
        for (x, &a) in rs.iter().enumerate() {
            for &b in &rs[x + 1..] {
                if label[a] != label[b] && fnn < 25 {
                    fnn += 1;
                    eprint!("MISSED ");
                    show(a, b);
                }
            }
        }
    }
}
