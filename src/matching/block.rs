//! Blocking: which pairs of records are worth comparing at all. Each key puts
//! records that share a value in one block; candidate pairs are the union of the
//! pairs inside blocks, deduplicated. No step ever looks at all pairs.
//!
//! A block larger than `max_block` (thousands of `nguyen van hung` in a province)
//! is not expanded into all its pairs: its records are sorted by birth date and
//! name and each is paired with the next `window` ones (sorted neighbourhood), and
//! the block is counted as *capped* in the statistics. Finer keys (given name +
//! full birth date …) still bring the pairs that matter together.
//!
//! A key may also keep only some pairs of a block (`Key::keep`, module `keep`):
//! the folded-name and family-given keys drop namesakes whose birth dates
//! disagree; the birth-date-and-family and workplace-and-year keys drop given
//! names, and the family-given-year key middle names, more than a slip or two
//! apart. The dropped pairs' slots are still allocated, then cut off before the
//! next key: it saves scoring and sorting, not memory.

mod keep;

use super::Settings;
use super::prep::{Prepared, combine, date_key, hash_bytes};
use crate::normalize::{IdKind, Precision};
use keep::{Keep, Lists, dates_open, one_slip_apart};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;

/// One blocking key: its name (for `[match] blocking` and `run.json`) and how to
/// compute it.
pub(crate) struct Key {
    pub name: &'static str,
    key: fn(&Prepared) -> Option<u64>,
    /// Pairs of a block worth proposing; `None`: all of them.
    keep: Option<Keep>,
}

/// The birth year, or without a birth date the year of a date that cannot exist
/// (its slip was in the day or month), or the one a CCCD states (digit 4 gives
/// the century, digits 5–6 the year): a record whose date was left out or
/// mistyped still meets its namesakes of that year.
fn birth_year(p: &Prepared) -> Option<i16> {
    if let Some(d) = p.birth {
        return Some(d.year);
    }
    if let Some(d) = p
        .record
        .birth_slip
        .filter(|d| (1900..=2100).contains(&d.year))
    {
        return Some(d.year);
    }
    let id =
        p.id.as_ref()
            .filter(|i| i.kind == IdKind::Cccd && !i.damaged && !i.contested)?;
    // A century digit above 3 is a slip, not a year.
    let (century, year) = crate::normalize::ids::cccd_year(id.digits)?;
    (century < 4).then_some(year)
}

/// Day and month of the full birth date, or of a date that cannot exist whose
/// slip was in the year (`04/03/1360`).
fn day_month(p: &Prepared) -> Option<[u8; 2]> {
    let full = p.birth.filter(|d| d.precision() == Precision::Day);
    let slip = || {
        p.record
            .birth_slip
            .filter(|d| (1..=31).contains(&d.day) && (1..=12).contains(&d.month))
    };
    full.or_else(slip).map(|d| [d.day, d.month])
}

/// Three digits of an identifier's last six (its serial: the first three, or
/// with `head` false the last three), with the family and given name. One
/// slipped digit leaves one of the two whole; the leading digits (province,
/// century, year) are shared by too many namesakes to block on.
fn id_part(p: &Prepared, head: bool, tag: u8) -> Option<u64> {
    let id = p.id.as_ref().filter(|i| !i.damaged)?;
    let serial = id.digits.get(id.digits.len().checked_sub(6)?..)?;
    let part = if head {
        serial.get(..3)?
    } else {
        serial.get(3..)?
    };
    Some(combine(
        p.name.as_ref()?.ends,
        hash_bytes(tag, part.as_bytes()),
    ))
}

fn full_date(p: &Prepared) -> Option<u64> {
    p.birth
        .filter(|d| d.precision() == Precision::Day)
        .map(|d| hash_bytes(60, &date_key(d).to_le_bytes()))
}

/// Every blocking key, in the order they are run.
pub(crate) const KEYS: &[Key] = &[
    Key {
        name: "national_id",
        key: |p| p.id.as_ref().filter(|i| !i.damaged).map(|i| i.hash),
        keep: None,
    },
    Key {
        name: "phone",
        key: |p| p.phone,
        keep: None,
    },
    Key {
        name: "email",
        key: |p| p.email,
        keep: None,
    },
    Key {
        name: "party_card",
        key: |p| p.party_card.as_ref().map(|c| c.1),
        keep: None,
    },
    Key {
        name: "party_record",
        key: |p| p.party_record.as_ref().map(|c| c.1),
        keep: None,
    },
    Key {
        // Folded, order-free: catches lost diacritics, i/y and reordered names.
        name: "name",
        key: |p| p.name.as_ref().map(|n| n.sorted),
        keep: Some(Keep::Slim(dates_open)),
    },
    Key {
        // Without the middle name: catches a missing or changed middle name.
        // Family and given name in either order (`NameForms::ends`): the keys
        // below all read the given or the family name, and a name written
        // given-first ("Dũng Phạm") swaps the two.
        name: "family_given_year",
        key: |p| {
            let n = p.name.as_ref()?;
            let y = birth_year(p)?;
            Some(combine(n.ends, hash_bytes(61, &y.to_le_bytes())))
        },
        keep: Some(Keep::MiddleClose(dates_open)),
    },
    Key {
        // Catches a typo in the birth year, with a missing or changed middle name.
        name: "family_given_day_month",
        key: |p| {
            let n = p.name.as_ref()?;
            Some(combine(n.ends, hash_bytes(63, &day_month(p)?)))
        },
        keep: Some(Keep::Slim(dates_open)),
    },
    Key {
        // A record without a birth date, with the records of its family and
        // given name (its middle name missing, abbreviated or changed): only
        // the exact `name` key brought such pairs together.
        name: "family_given_undated",
        key: |p| Some(p.name.as_ref()?.ends),
        keep: Some(Keep::Slim(|a, b| a.birth.is_none() || b.birth.is_none())),
    },
    Key {
        // Catches a typo in the family or middle name.
        name: "given_date",
        key: |p| Some(combine(p.name.as_ref()?.given, full_date(p)?)),
        keep: None,
    },
    Key {
        // Catches a typo in the given name.
        name: "date_family",
        key: |p| Some(combine(p.name.as_ref()?.family, full_date(p)?)),
        keep: Some(Keep::GivenClose(|_, _| true)),
    },
    Key {
        // A typo in the family and in the given name: one birth date, one
        // gender, the initials of both. (With the given initial alone, a 2M
        // province's blocks held 20 % of all candidates and added no pair.)
        name: "date_gender_initial",
        key: |p| {
            let n = p.name.as_ref()?;
            let i = n.given_initial()?;
            let f = n.text.bytes().next().unwrap_or(0);
            let g = p.gender? as u64;
            // The three as 24 bytes, on the stack (a key per record).
            let mut bytes = [0u8; 24];
            for (slot, v) in bytes.chunks_exact_mut(8).zip([i as u64, g, u64::from(f)]) {
                slot.copy_from_slice(&v.to_le_bytes());
            }
            Some(combine(full_date(p)?, hash_bytes(62, &bytes)))
        },
        keep: None,
    },
    Key {
        // A name written given name first with one more slip (`Linh Văn T.` /
        // `Văn Tùng Linh`, `Thái Vũ Văn` / `Vũ Vyn Thái`): every key above reads
        // the family or the given name by its place. The full birth date with
        // the name's initials in any order.
        name: "date_initials",
        key: |p| {
            let n = p.name.as_ref()?;
            let mut initials = [0u8; 8];
            let mut len = 0;
            for (slot, t) in initials.iter_mut().zip(n.tokens()) {
                *slot = t.bytes().next().unwrap_or(0);
                len += 1;
            }
            let initials = initials.get_mut(..len).filter(|i| i.len() >= 2)?;
            initials.sort_unstable();
            Some(combine(full_date(p)?, hash_bytes(70, initials)))
        },
        keep: None,
    },
    Key {
        // An identifier with a slip in its first digits and a name too mangled
        // for the name keys (`Lnog Nguyễn K`): the full birth date with the
        // number's last six digits.
        name: "date_id_tail",
        key: |p| {
            let id = p.id.as_ref().filter(|i| !i.damaged)?;
            let tail = id.digits.get(id.digits.len().checked_sub(6)?..)?;
            Some(combine(full_date(p)?, hash_bytes(64, tail.as_bytes())))
        },
        keep: None,
    },
    Key {
        // An identifier with one slipped digit and no birth date to meet by
        // (`143928304` / `143228304`), of a name too common for the name keys'
        // capped blocks: family and given name with part of the number.
        name: "name_id_serial_head",
        key: |p| id_part(p, true, 65),
        keep: Some(Keep::Full(one_slip_apart)),
    },
    Key {
        name: "name_id_serial_tail",
        key: |p| id_part(p, false, 66),
        keep: Some(Keep::Full(one_slip_apart)),
    },
    Key {
        // A staff record and a Party record of one workplace (see
        // `workplace`), by family and given name: in a province the name's
        // blocks are capped, and a CMND against a CCCD with the date missing
        // or year-only has no other key to meet by.
        name: "name_workplace",
        key: |p| {
            let w = p.workplace?;
            Some(combine(
                p.name.as_ref()?.ends,
                hash_bytes(67, &w.get().to_le_bytes()),
            ))
        },
        keep: Some(Keep::Slim(|a, b| a.roster != b.roster && dates_open(a, b))),
    },
    Key {
        // The same pair when the given name is damaged too (a typo, a lost
        // mark read as `?`): one workplace, family name and birth year (read
        // from the CCCD when the date is missing). A department holds few
        // people of one year; at a province the family name keeps a
        // commune's blocks small (candidates 546k → 642k; with the gender in
        // its place 919k, with neither 1.11M).
        name: "year_workplace",
        key: |p| {
            let w = p.workplace?;
            let year = birth_year(p)?;
            Some(combine(
                combine(p.name.as_ref()?.family, hash_bytes(68, &year.to_le_bytes())),
                hash_bytes(69, &w.get().to_le_bytes()),
            ))
        },
        keep: Some(Keep::GivenClose(|a, b| {
            a.roster != b.roster && a.source == b.source
        })),
    },
];

/// What one blocking key produced.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct KeyStats {
    pub key: String,
    /// Blocks with at least two records.
    pub blocks: u64,
    /// Pairs this key proposed (before the union with other keys).
    pub pairs: u64,
    /// Blocks larger than `max_block`, paired only within the window.
    pub capped_blocks: u64,
    pub largest_block: u64,
}

/// Candidate pairs of positions `(a, b)`, `a < b`, sorted and unique, packed in
/// one `u64` each ([`unpack`]), with the statistics of each key. A province has
/// tens of millions of pairs: they are counted before they are made, so the list
/// is allocated once at its size and never grown here.
pub(crate) fn candidates(prep: &[Prepared], settings: &Settings) -> (Vec<u64>, Vec<KeyStats>) {
    // Order inside a capped block: by birth date (a date that cannot exist by
    // its numbers: `35/10/1991` lands beside the last days of October), then
    // by the folded name's letters (in a block of one birth date, a misspelt
    // name beside its neighbours in the alphabet), then position.
    let order: Vec<(u64, &str)> = prep
        .par_iter()
        .map(|p| {
            (
                p.birth.or(p.record.birth_slip).map_or(u64::MAX, date_key),
                p.name.as_ref().map_or("", |n| &*n.text),
            )
        })
        .collect();
    let keys: Vec<&Key> = KEYS
        .iter()
        .filter(|k| settings.blocking.iter().any(|b| b == k.name))
        .collect();
    let lists = Lists::new(prep, &keys);
    // Each key's blocks of two or more: the positions of their records, run
    // after run, and the run lengths. Sorting once per key finds them; what is
    // kept is a fraction of the sorted list, so all keys' blocks are held at
    // once and the pairs counted before they are made.
    // Keys side by side too: each one's scan for runs is serial.
    let blocked: Vec<(Vec<u32>, Vec<u32>)> = keys
        .par_iter()
        .map(|key| {
            let mut keyed: Vec<Keyed> = prep
                .par_iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    Some(Keyed {
                        key: (key.key)(p)?,
                        at: u32::try_from(i).ok()?,
                    })
                })
                .collect();
            blocks_of(&mut keyed)
        })
        .collect();
    let capped = |n: usize| n > settings.max_block.max(2);
    let window = |n: usize| {
        if capped(n) { settings.window.max(1) } else { n }
    };
    let pairs_of = |n: usize| (0..n).map(|x| (n - x - 1).min(window(n))).sum::<usize>();
    // Counted first: growing the list key by key would copy it, and hold it
    // twice, at every key.
    let total: usize = blocked
        .iter()
        .flat_map(|(_, lens)| lens.iter().map(|&n| pairs_of(n as usize)))
        .sum();
    let mut all: Vec<u64> = Vec::with_capacity(total);
    let mut stats = Vec::new();
    for (key, (members, lens)) in keys.into_iter().zip(blocked) {
        let mut blocks: Vec<&[u32]> = Vec::with_capacity(lens.len());
        let mut rest = members.as_slice();
        for &n in &lens {
            let Some((block, tail)) = rest.split_at_checked(n as usize) else {
                break;
            };
            blocks.push(block);
            rest = tail;
        }
        let sizes: Vec<usize> = blocks.iter().map(|b| pairs_of(b.len())).collect();
        let before = all.len();
        all.resize(before + sizes.iter().sum::<usize>(), 0);
        // Each block writes its own stretch of the list, in parallel; the list is
        // the same as written block by block.
        let mut outs: Vec<&mut [u64]> = Vec::with_capacity(blocks.len());
        let mut rest = all.get_mut(before..).unwrap_or_default();
        for &n in &sizes {
            let Some((head, tail)) = rest.split_at_mut_checked(n) else {
                break;
            };
            outs.push(head);
            rest = tail;
        }
        blocks.par_iter().zip(outs).for_each(|(block, out)| {
            // Only a capped block is reordered (a copy); the others pair as listed.
            let members: Cow<[u32]> = if capped(block.len()) {
                let mut copy = block.to_vec();
                copy.sort_by(|&a, &b| (order.get(a as usize), a).cmp(&(order.get(b as usize), b)));
                Cow::Owned(copy)
            } else {
                Cow::Borrowed(block)
            };
            let window = window(members.len());
            let pairs = members.iter().enumerate().flat_map(|(x, &a)| {
                members
                    .iter()
                    .skip(x + 1)
                    .take(window)
                    .map(move |&b| (a, b))
            });
            // A pair the key does not keep leaves its slot at `DROPPED`, cut
            // off below.
            let kept = |a: u32, b: u32| key.keep.is_none_or(|k| k.keeps(&lists, a, b));
            for (slot, (a, b)) in out.iter_mut().zip(pairs) {
                *slot = if kept(a, b) { pack(a, b) } else { DROPPED };
            }
        });
        // The pairs the key dropped leave the list before the next key writes:
        // the final sort then handles only proposed pairs.
        let mut kept = before;
        for i in before..all.len() {
            if let Some(&p) = all.get(i)
                && p != DROPPED
            {
                all[kept] = p;
                kept += 1;
            }
        }
        all.truncate(kept);
        stats.push(KeyStats {
            key: key.name.to_string(),
            blocks: blocks.len() as u64,
            largest_block: blocks.iter().map(|b| b.len() as u64).max().unwrap_or(0),
            capped_blocks: blocks.iter().filter(|b| capped(b.len())).count() as u64,
            pairs: (kept - before) as u64,
        });
    }
    // Sorted in place; not shrunk after `dedup` (that would copy it once more).
    rdst::RadixSort::radix_sort_unstable(&mut all);
    all.dedup();
    (all, stats)
}

/// The blocks of two or more among `keyed`: their positions block after block,
/// each block in input order, and the block lengths; blocks in value order.
fn blocks_of(keyed: &mut [Keyed]) -> (Vec<u32>, Vec<u32>) {
    rdst::RadixSort::radix_sort_unstable(keyed);
    let (mut members, mut lens) = (Vec::new(), Vec::new());
    // Sorted by the values' top halves: the few values sharing one are
    // put in order within their stretch, which then is in value order.
    for same_top in keyed
        .chunk_by_mut(|a, b| a.key >> 32 == b.key >> 32)
        .filter(|b| b.len() >= 2)
    {
        same_top.sort_unstable_by_key(|k| k.key);
        for run in same_top
            .chunk_by(|a, b| a.key == b.key)
            .filter(|b| b.len() >= 2)
        {
            let from = members.len();
            members.extend(run.iter().map(|k| k.at));
            // In input order within the block, as a sort on (key, position) gave.
            if let Some(block) = members.get_mut(from..) {
                block.sort_unstable();
            }
            lens.push(u32::try_from(run.len()).unwrap_or(u32::MAX));
        }
    }
    (members, lens)
}

/// A record's position under one key's value, radix-sorted by the value: the
/// values are hashes, so a radix sort (a few passes over the bytes) beats
/// comparing them (a key's sort was a third of the key's time).
#[derive(Debug, Clone, Copy)]
struct Keyed {
    key: u64,
    at: u32,
}

impl rdst::RadixKey for Keyed {
    // The top four bytes only: half the passes, and values are hashes, so few
    // distinct ones share them (sorted apart where the blocks are read).
    const LEVELS: usize = 4;

    #[inline]
    fn get_level(&self, level: usize) -> u8 {
        (self.key >> (32 + level * 8)) as u8
    }
}

/// A slot of a pair the key does not keep: never a packed pair (`a < b`).
const DROPPED: u64 = u64::MAX;

pub(crate) fn pack(a: u32, b: u32) -> u64 {
    let (a, b) = if a < b { (a, b) } else { (b, a) };
    (u64::from(a) << 32) | u64::from(b)
}

pub(crate) fn unpack(p: u64) -> (u32, u32) {
    ((p >> 32) as u32, p as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::prep::prepare_all;
    use crate::normalize::{Date, name};
    use crate::record::Record;

    /// Namesakes in crowds and small groups, so some blocks are capped.
    fn records() -> Vec<Record> {
        let names = [
            "Nguyễn Văn Hùng",
            "Trần Thị Lan",
            "Lê Văn Anh",
            "Phạm Minh Đức",
        ];
        (0..120u32)
            .map(|i| Record {
                idx: i,
                name: name::parse(names[(i % 4) as usize]),
                birth: Some(Date {
                    year: 1960 + (i % 7) as i16,
                    month: 1 + (i % 3) as u8,
                    day: 1 + (i % 5) as u8,
                }),
                ..Record::default()
            })
            .collect()
    }

    /// The candidates of one key with the default settings, the same whether
    /// blocks are filled in parallel or one after another.
    fn one_key(records: &[Record], key: &str) -> Vec<u64> {
        let prep = prepare_all(records);
        let settings = Settings {
            blocking: vec![key.to_string()],
            ..Settings::default()
        };
        let pairs = candidates(&prep, &settings).0;
        assert_eq!(pairs, block_by_block(&prep, &settings), "{key}");
        pairs
    }

    /// The list written block by block, one pair after another.
    fn block_by_block(prep: &[Prepared], settings: &Settings) -> Vec<u64> {
        let mut all = Vec::new();
        let keys: Vec<&Key> = KEYS
            .iter()
            .filter(|k| settings.blocking.iter().any(|b| b == k.name))
            .collect();
        let lists = Lists::new(prep, &keys);
        for key in keys {
            let mut keyed: Vec<(u64, u32)> = prep
                .iter()
                .enumerate()
                .filter_map(|(i, p)| Some(((key.key)(p)?, i as u32)))
                .collect();
            keyed.sort_unstable();
            for block in keyed.chunk_by(|a, b| a.0 == b.0) {
                let mut members: Vec<u32> = block.iter().map(|&(_, i)| i).collect();
                let capped = members.len() > settings.max_block.max(2);
                let window = if capped {
                    settings.window.max(1)
                } else {
                    members.len()
                };
                if capped {
                    let order = |i: u32| {
                        let p = &prep[i as usize];
                        (
                            p.birth.or(p.record.birth_slip).map_or(u64::MAX, date_key),
                            p.name.as_ref().map_or("", |n| &*n.text),
                        )
                    };
                    members.sort_by_key(|&i| (order(i), i));
                }
                for (x, &a) in members.iter().enumerate() {
                    for &b in members.iter().skip(x + 1).take(window) {
                        if key.keep.is_none_or(|k| k.keeps(&lists, a, b)) {
                            all.push(pack(a, b));
                        }
                    }
                }
            }
        }
        all.sort_unstable();
        all.dedup();
        all
    }

    #[test]
    fn blocks_filled_in_parallel_give_the_block_by_block_list() {
        let records = records();
        let prep = prepare_all(&records);
        let settings = Settings {
            max_block: 6,
            window: 3,
            ..Settings::default()
        };
        let (pairs, stats) = candidates(&prep, &settings);
        assert_eq!(pairs, block_by_block(&prep, &settings));
        assert!(
            stats.iter().any(|k| k.capped_blocks > 0),
            "a capped block is tested"
        );
        assert!(pairs.iter().all(|&p| unpack(p).0 < unpack(p).1));
    }

    /// One man per name, all born on 30/04/1975.
    fn born_on_one_day(names: &[impl AsRef<str>]) -> Vec<Record> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| Record {
                idx: i as u32,
                name: name::parse(n.as_ref()),
                gender: Some(crate::normalize::Gender::Male),
                birth: Some(Date {
                    year: 1975,
                    month: 4,
                    day: 30,
                }),
                ..Record::default()
            })
            .collect()
    }

    /// Regression: a capped block was ordered by the name's hash, so a
    /// misspelt given name sat anywhere among its birth date's crowd, seldom
    /// within the window of its own record.
    #[test]
    fn a_crowded_birth_date_pairs_a_misspelt_name_with_its_neighbour_in_the_alphabet() {
        let given = [
            "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hiếu", "Hoa", "Huy", "Khánh",
            "Lâm", "Long", "Minh", "Nam", "Ngọc", "Phong", "Quân", "Sơn", "Tâm", "Thắng", "Thịnh",
            "Trung", "Tuấn", "Vinh", "Xuân",
        ];
        let mut names: Vec<String> = given.iter().map(|g| format!("Lê Văn {g}")).collect();
        names.push("Lê Văn Hảu".into()); // `Hải` misspelt
        let records = born_on_one_day(&names);
        let prep = prepare_all(&records);
        let settings = Settings {
            blocking: vec!["date_family".to_string()],
            max_block: 20,
            window: 2,
            ..Settings::default()
        };
        let (pairs, stats) = candidates(&prep, &settings);
        assert_eq!(stats[0].capped_blocks, 1);
        let hai = given.iter().position(|g| *g == "Hải").unwrap() as u32;
        let misspelt = given.len() as u32;
        assert!(pairs.contains(&pack(hai, misspelt)), "{pairs:?}");
    }

    /// One birth date and family name are shared by many people; only a given
    /// name a slip or two away from the other is worth a pair.
    #[test]
    fn date_family_pairs_only_given_names_a_slip_or_two_apart() {
        let records = born_on_one_day(&[
            "Nguyễn Văn Khánh",
            "Nguyễn Văn Kháhn",
            "Nguyễn Thị Lan",
            "Nguyễn Văn Thường",
            "Nguyễn Văn Thuận",
            "Nguyễn Văn Nghiêmmmm",
            "Nguyễn Văn K.",
        ]);
        // Khánh/Kháhn: a swap; Thường/Thuận: two edits folded; K.: Khánh's
        // initial; the nine-letter name is too long to read and pairs with all.
        let want = vec![
            pack(0, 1),
            pack(0, 5),
            pack(0, 6),
            pack(1, 5),
            pack(1, 6),
            pack(2, 5),
            pack(3, 4),
            pack(3, 5),
            pack(4, 5),
            pack(5, 6),
        ];
        assert_eq!(one_key(&records, "date_family"), want);
    }

    /// A family and given name with a birth year are shared by many people with
    /// other middle names; a missing, cut or slipped middle name still pairs.
    #[test]
    fn family_given_year_pairs_only_middle_names_a_slip_or_two_apart() {
        let records = born_on_one_day(&[
            "Nguyễn Văn An",
            "Nguyễn Thị An",
            "Nguyễn An",
            "Nguyễn V. An",
            "Nguyễn Hữu Thành An",
            "Nguyễn Vĩnh An",
        ]);
        // Văn/Thị and Thị/V. are other people; Văn/Vĩnh two edits apart; no
        // middle name, or two, leaves the pair open.
        let all = (0..6u32).flat_map(|a| (a + 1..6).map(move |b| pack(a, b)));
        let want: Vec<u64> = all
            .filter(|&p| p != pack(0, 1) && p != pack(1, 3) && p != pack(1, 5))
            .collect();
        assert_eq!(one_key(&records, "family_given_year"), want);
    }

    #[test]
    fn date_gender_initial_key_needs_both_initials() {
        let records = born_on_one_day(&["Nguyễn Văn Hùng", "Nguyễm Văn Hùmg", "Trần Văn Hiếu"]);
        let prep = prepare_all(&records);
        let settings = Settings {
            blocking: vec!["date_gender_initial".to_string()],
            ..Settings::default()
        };
        // The misspelt family and given name meet their record; another
        // family's `H…` born that day does not.
        assert_eq!(candidates(&prep, &settings).0, vec![pack(0, 1)]);
    }

    #[test]
    fn name_key_skips_namesakes_whose_birth_dates_disagree() {
        let date = |year, month, day| Some(Date { year, month, day });
        let births = [
            date(1960, 3, 1),
            date(1987, 11, 20), // years apart from the first: not proposed
            date(1960, 3, 2),   // one digit off the first: proposed
            None,               // missing: proposed with every other
        ];
        let records: Vec<Record> = births
            .iter()
            .enumerate()
            .map(|(i, &birth)| Record {
                idx: i as u32,
                name: name::parse("Nguyễn Văn Hùng"),
                birth,
                ..Record::default()
            })
            .collect();
        let prep = prepare_all(&records);
        let settings = Settings {
            blocking: vec!["name".to_string()],
            ..Settings::default()
        };
        let (pairs, stats) = candidates(&prep, &settings);
        let pairs: Vec<(u32, u32)> = pairs.into_iter().map(unpack).collect();
        assert_eq!(pairs, [(0, 2), (0, 3), (1, 3), (2, 3)]);
        assert_eq!(stats[0].pairs, 4, "dropped pairs are not counted");
    }

    /// Pairs one key proposes among `records`, by position.
    fn proposed(key: &str, records: &[Record]) -> Vec<(u32, u32)> {
        let prep = prepare_all(records);
        let settings = Settings {
            blocking: vec![key.to_string()],
            ..Settings::default()
        };
        candidates(&prep, &settings)
            .0
            .into_iter()
            .map(unpack)
            .collect()
    }

    fn person(name: &str, birth: Option<Date>, cccd: Option<&str>) -> Record {
        Record {
            name: name::parse(name),
            birth,
            national_id: cccd.map(|d| crate::normalize::NationalId {
                kind: crate::normalize::IdKind::Cccd,
                digits: d.to_string(),
            }),
            ..Record::default()
        }
    }

    #[test]
    fn an_impossible_date_still_meets_by_the_parts_it_got_right() {
        let d = |year, month, day| Date { year, month, day };
        let with_slip = |slip| Record {
            birth_slip: Some(slip),
            ..person("Nguyễn Văn Trung", None, None)
        };
        let records = [
            person("Nguyễn Văn Trung", Some(d(1979, 12, 30)), None),
            with_slip(d(1979, 12, 35)), // the day slipped: the year holds
            with_slip(d(1379, 12, 30)), // the year slipped: day and month hold
        ];
        assert_eq!(proposed("family_given_year", &records), [(0, 1)]);
        assert_eq!(proposed("family_given_day_month", &records), [(0, 2)]);
    }

    #[test]
    fn an_impossible_date_sorts_by_its_numbers_in_a_capped_block() {
        let d = |month, day| {
            Some(Date {
                year: 1979,
                month,
                day,
            })
        };
        // 40 namesakes born in 1979 (one a month and a few days apart), the
        // pair under test among them: born 25/10, and typed 55/10.
        let mut records: Vec<Record> = (0..40u8)
            .map(|i| person("Nguyễn Văn Trung", d(1 + i % 12, 1 + i / 12 * 7), None))
            .collect();
        records.push(person("Nguyễn Văn Trung", d(10, 25), None));
        records.push(Record {
            birth_slip: d(10, 55),
            ..person("Nguyễn Văn Trung", None, None)
        });
        let records: Vec<Record> = records
            .into_iter()
            .enumerate()
            .map(|(i, r)| Record { idx: i as u32, ..r })
            .collect();
        assert!(proposed("family_given_year", &records).contains(&(40, 41)));
    }

    #[test]
    fn an_id_with_one_slip_meets_its_record_among_undated_namesakes() {
        // One name, no dates, CCCDs that share no three digits of their serials
        // but for the pair under test (0, 1), a digit apart; 2 holds 0's number.
        let mut records = vec![
            person("Phạm Văn Minh", None, Some("001085123456")),
            person("Phạm Văn Minh", None, Some("001085123956")),
            person("Phạm Văn Minh", None, Some("001085123456")),
        ];
        records.extend((0..50).map(|i| {
            let serial = format!("{:03}{:03}", 200 + i, 300 + i);
            person("Phạm Văn Minh", None, Some(&format!("001085{serial}")))
        }));
        let records: Vec<Record> = records
            .into_iter()
            .enumerate()
            .map(|(i, r)| Record { idx: i as u32, ..r })
            .collect();
        // Equal numbers are the national_id key's pairs, not these keys'.
        assert_eq!(proposed("name_id_serial_head", &records), [(0, 1), (1, 2)]);
        assert_eq!(proposed("name_id_serial_tail", &records), []);
    }

    #[test]
    fn a_record_without_birth_date_meets_its_abbreviated_namesake() {
        let day = Some(Date {
            year: 1986,
            month: 7,
            day: 27,
        });
        let records = [
            person("Nguyễn M Duyên", None, None),
            person("Nguyễn Mĩ Duyên", day, None),
            person("Nguyễn Thị Duyên", day, None), // both dated: left to the dated keys
        ];
        assert_eq!(proposed("family_given_undated", &records), [(0, 1), (0, 2)]);
        assert_eq!(proposed("name", &records), []);
    }

    #[test]
    fn a_cccd_stands_for_a_missing_birth_year() {
        // 0910634…: born in 1963 (digit 4: a man of the 1900s; digits 5-6: 63).
        let records = [
            person("Phạm Văn Khánh", None, Some("091063498247")),
            person(
                "Phạm Vin Khánh",
                Some(Date {
                    year: 1963,
                    month: 11,
                    day: 12,
                }),
                None,
            ),
            person(
                "Phạm Văn Khánh",
                Some(Date {
                    year: 1964,
                    month: 1,
                    day: 1,
                }),
                None,
            ),
        ];
        assert_eq!(proposed("family_given_year", &records), [(0, 1)]);
    }

    #[test]
    fn a_typo_in_the_birth_year_with_a_missing_middle_name_is_proposed() {
        let date = |year| {
            Some(Date {
                year,
                month: 2,
                day: 13,
            })
        };
        let records = [
            person("Hứa Thị Khuê", date(1960), None),
            person("Hứa Khuê", date(1963), None),
            person("Hứa Khuê", date(1985), None), // years apart: not proposed
        ];
        assert_eq!(proposed("family_given_day_month", &records), [(0, 1)]);
        assert_eq!(proposed("family_given_year", &records), []);
    }

    proptest::proptest! {
        /// Sorting on the values' top halves finds the blocks a sort on whole
        /// values finds, in the same order, even where distinct values share a
        /// top half (drawn from a few tops and a few bottoms so they often do).
        #[test]
        fn blocks_are_those_of_a_whole_value_sort(
            parts in proptest::collection::vec((0u64..4, 0u64..3), 0..60)
        ) {
            let values: Vec<u64> = parts.iter().map(|&(top, low)| (top << 32) | low).collect();
            let mut keyed: Vec<Keyed> = values
                .iter()
                .enumerate()
                .map(|(i, &key)| Keyed { key, at: i as u32 })
                .collect();
            let mut plain: Vec<(u64, u32)> = keyed.iter().map(|k| (k.key, k.at)).collect();
            plain.sort_unstable();
            let (mut members, mut lens) = (Vec::new(), Vec::new());
            for run in plain.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() >= 2) {
                members.extend(run.iter().map(|&(_, at)| at));
                lens.push(run.len() as u32);
            }
            proptest::prop_assert_eq!(blocks_of(&mut keyed), (members, lens));
        }
    }
}
