//! The Fellegi–Sunter model: for each field and agreement level a match weight
//! `log2(m / u)`, where `m` = P(level | same person) is a fixed default and `u` =
//! P(level | different people) comes, wherever a value is involved, from **term
//! frequencies in the data being merged** — a common name or a placeholder date
//! agrees by chance far more often than a rare one.
//!
//! Two kinds of `u`:
//! - *value-like* fields (name, dates, places): `u` ≈ the share of records holding
//!   the agreed value. Names are smoothed by the product of family, middle and given
//!   name frequencies, so `Nguyễn Văn Hùng` counts as common even in a small office.
//! - *identifier-like* fields (CCCD/CMND, phone, email, party card): different
//!   people share a value only by error, so `u = (ε + extra holders) / N`. These
//!   weights grow with `N`, as does the prior `log2(1/(N-1))`: the two cancel, and an
//!   agreeing CCCD is worth the same in an office and in a province.
//!
//! | field | level: m (u) |
//! |---|---|
//! | name | exact .95, i_y .90, no_diacritics .90 (u = name freq f); tone_only .10, partly_unmarked (a word typed without its marks) .3, diacritics (a vowel shape differs) .03, reordered .05 (u = f); missing_middle (also with the given name first), middle_initial .1 (u = family share × given share; for middle_initial also × the share of middle names starting with that letter, measured on the data); typo .05 (u = 3f); two_slips (a misspelt family or given name with a middle name missing or abbreviated, or the given name first) .01 (u = 3f); similar .01 (u .03); different .005 (u .97) |
//! | birth | exact .92 (u = year share/365 or the date's share if higher); exact_same_name, the names agreeing too (any order or marks, or family and given name): .92 (u + same-day namesake share × the name level's m/u; the namesake share measured on CCCD holders); month .95 (year/12); year_only .97 (year share); swap .01 (year/365; a month/year whose month is the full date's day: year/31); typo .03 (year/12); different .04 (.97); slip, a date that cannot exist (`35/12/1979`) one digit, one swap or day-for-month from the other's full date, .8 (year/12); impossible, any other such date: no evidence |
//! | gender | same .98 (.5); different .01 (.5) |
//! | national_id | exact .95 (ε .002); typo .03 (.05/N); damaged_agree .5 (.05); other_kind, damaged, contested, two_typos (two slips in the serial): no evidence; different .005 (.98) |
//! | phone, email | exact m (ε .01, .005); different 1 − m (.99), m measured on the data: the share of pairs of records one CCCD/CMND joins whose contacts agree, drawn toward .6 by 10 pairs' worth, within [.1, .95] (people change phones; agencies give their own addresses); exact_same_name, the names agreeing word for word: m (the share of namesakes, told apart by their CCCDs, holding one contact, when at least 100 such pairs tell and it exceeds the exact level's u); email exact_from_name (an address made from both names, no digit: `sonhc@`) .6 (.5) |
//! | party_card | exact .96 (ε .001); typo .02 (.05/N); different .02 (.98) |
//! | party_record | exact .90 (ε .002); typo .03 (.05/N); different .07 (.98) |
//! | joined_on, official_on | exact .85 (date share, ≥ 1/14610); month .9; year_only .9 (1/40); swap .01 (1/14610; a month/year against a full date 1/1240); typo .04; different .10 (.97) |
//! | hometown, birthplace | m measured on the pairs one CCCD/CMND joins, drawn toward the default by 10 pairs' worth, within [.01, .95] (see `places`); defaults: ward .6 (ward share); province (a ward unknown) .3 (province share); other_ward (both wards known, none shared) .1 (province share); text .6 (text share); different .1 (.8) |
//! | workplace | a staff record against a Party record of one source, by the unit both of the source's trees name (see `workplace`): exact m (the workplace's share of its source's records × how much more often namesakes share one), within (one inside the other, an agency's leader in a department's cell): no evidence, different 1 − m (1 − share); m measured on the pairs one CCCD/CMND joins, drawn toward .5 by 10 pairs' worth, within [.05, .995], and the field off below 20 such pairs |
//! | id_origin | one record's CCCD province digits (its holder's birth registration, mapped to 2025) against the other's hometown province, when neither two CCCDs nor two hometowns can be compared: exact m (province share), different 1−m (1 − share); m measured on the records holding both, and the field off unless m is ≥ .25 above chance |

use super::compare::{self, CodeLevel, DateLevel, IdLevel, NameLevel, PlaceLevel};
use super::places::PlaceM;
use super::prep::{Code, NameForms, PlaceForm, Prepared, date_key, hash_bytes};
use super::workplace::WorkplaceModel;
use crate::normalize::{Date, IdKind};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys are already well-mixed 64-bit hashes: use them as they are.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type HashMapU64<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

const BIRTH_DATE: u8 = 50;
const BIRTH_YEAR: u8 = 51;
const JOINED: u8 = 52;
const OFFICIAL: u8 = 53;

fn dhash(tag: u8, d: Date) -> u64 {
    hash_bytes(tag, &date_key(d).to_le_bytes())
}

fn yhash(d: Date) -> u64 {
    hash_bytes(BIRTH_YEAR, &d.year.to_le_bytes())
}

/// The keys whose frequencies the model counts, for one record, in two kinds:
/// values shared by many records (name parts, dates, places: a few tens of
/// thousands of distinct values even in a province), counted in hash maps, and
/// values most records hold alone (full names, numbers), counted by sorting.
fn shared_keys(p: &Prepared, mut k: impl FnMut(u64)) {
    if let Some(n) = &p.name {
        [n.family, n.middle, n.given].into_iter().for_each(&mut k);
    }
    if let Some(d) = p.birth {
        k(dhash(BIRTH_DATE, d));
        k(yhash(d));
    }
    let dates = [
        p.joined_on.map(|d| dhash(JOINED, d)),
        p.official_on.map(|d| dhash(OFFICIAL, d)),
    ];
    dates.into_iter().flatten().for_each(&mut k);
    for pl in [&p.hometown, &p.birthplace].into_iter().flatten() {
        pl.province.into_iter().for_each(&mut k);
        pl.wards().iter().copied().for_each(&mut k);
        k(pl.text);
    }
}

/// See [`shared_keys`].
fn single_keys(p: &Prepared, mut k: impl FnMut(u64)) {
    let single = [
        p.name.as_ref().map(|n| n.folded),
        p.id.as_ref().map(|i| i.hash),
        p.phone,
        p.email,
        p.party_card.as_ref().map(|c| c.1),
        p.party_record.as_ref().map(|c| c.1),
    ];
    single.into_iter().flatten().for_each(&mut k);
}

pub(super) fn w(m: f64, u: f64) -> f64 {
    (m / u.clamp(1e-15, 1.0)).log2()
}

/// One record's term frequencies, looked up once so that scoring a pair needs no
/// hash look-ups. Counts stay integers (half the size of a float; a province has
/// millions of records) and become `f64` exactly where used.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tf {
    // Shares as `f32`: seven significant digits are plenty for a weight, and
    // a province holds millions of these.
    name: f32,
    parts: f32,
    year: f32,
    birth: u32,
    id: u32,
    phone: u32,
    email: u32,
    card: u32,
    precord: u32,
    joined: u32,
    official: u32,
}

impl Tf {
    fn name(&self) -> f64 {
        f64::from(self.name)
    }
    fn parts(&self) -> f64 {
        f64::from(self.parts)
    }
    fn year(&self) -> f64 {
        f64::from(self.year)
    }
}

/// Term frequencies and totals over the records being merged.
pub(crate) struct Model {
    counts: HashMapU64<u32>,
    n: f64,
    n_name: f64,
    n_birth: f64,
    n_joined: f64,
    n_place: f64,
    /// Share of records holding a CCCD and a hometown whose CCCD names the
    /// hometown's province: `m` of `id_origin`, measured on the data (none when
    /// too few records hold both). Where CCCDs do not follow hometowns it comes
    /// out near chance and the field weighs nothing.
    origin_m: Option<f64>,
    /// `m` of each level of hometown and of birthplace, measured on the data
    /// (see [`PlaceM`]).
    pub hometown_m: PlaceM,
    pub birthplace_m: PlaceM,
    /// How often a record has a namesake born the same day, beyond chance: the
    /// share of pairs of CCCD holders with one name, one birth date and two
    /// different CCCDs, less what chance gives (see [`namesake_u`]). 0 where
    /// such namesakes are no more frequent than chance.
    namesake_u: f64,
    /// Share of one person's record pairs whose phones (emails) agree, both
    /// present: `m` of the contact agreeing, measured on the data (see
    /// [`contact_m`]); near the default .6 where few pairs tell.
    pub phone_m: f64,
    pub email_m: f64,
    /// How often two people of one name share a phone (an e-mail): addresses
    /// made from the name plus two digits collide among namesakes. Measured on
    /// namesakes whose CCCDs tell them apart (see [`namesake_contact_u`]); 0
    /// where too few pairs tell or none share.
    phone_namesake_u: f64,
    email_namesake_u: f64,
    /// Share of middle names starting with each letter `a`–`z` (folded): how
    /// often a random namesake's middle name would fit an abbreviated one.
    middle_initials: [f64; 26],
    /// The workplace field, where the data measure it.
    pub workplace: Option<WorkplaceModel>,
    /// log2 prior odds of a match for a random pair.
    pub prior: f64,
    /// Per field of [`FIELDS`], what its weight is multiplied by (`[match]
    /// field_weights`, default 1).
    scales: [f64; FIELDS.len()],
}

impl Model {
    pub fn new(prepared: &[Prepared], prior: Option<f64>) -> Model {
        // The counts and the measured parameters read the records independently:
        // side by side, so that the serial parts of each overlap.
        let measured = || {
            let contacts = || {
                let m = || {
                    rayon::join(
                        || contact_m(prepared, |p| p.phone),
                        || contact_m(prepared, |p| p.email),
                    )
                };
                let u = || {
                    rayon::join(
                        || namesake_contact_u(prepared, |p| p.phone),
                        || namesake_contact_u(prepared, |p| p.email),
                    )
                };
                rayon::join(m, u)
            };
            let others = || {
                rayon::join(
                    || rayon::join(|| namesake_u(prepared), || middle_initials(prepared)),
                    || WorkplaceModel::new(prepared),
                )
            };
            let places = || {
                rayon::join(
                    || PlaceM::measure(prepared, |p| p.hometown.as_ref()),
                    || PlaceM::measure(prepared, |p| p.birthplace.as_ref()),
                )
            };
            let origin = || rayon::join(|| origin_m(prepared), places);
            rayon::join(|| rayon::join(origin, contacts), others)
        };
        let (counts, (((origin_m, places), contacts), ((namesake_u, middle_initials), workplace))) =
            rayon::join(|| value_counts(prepared), measured);
        let (hometown_m, birthplace_m) = places;
        let ((phone_m, email_m), (phone_namesake_u, email_namesake_u)) = contacts;
        let count = |f: fn(&Prepared) -> bool| prepared.iter().filter(|p| f(p)).count() as f64;
        let n = prepared.len() as f64;
        Model {
            counts,
            n: n.max(1.0),
            n_name: count(|p| p.name.is_some()).max(1.0),
            n_birth: count(|p| p.birth.is_some()).max(1.0),
            n_joined: count(|p| p.joined_on.is_some() || p.official_on.is_some()).max(1.0),
            n_place: count(|p| p.hometown.is_some() || p.birthplace.is_some()).max(1.0),
            origin_m,
            hometown_m,
            birthplace_m,
            namesake_u,
            phone_m,
            email_m,
            phone_namesake_u,
            email_namesake_u,
            middle_initials,
            workplace,
            prior: prior.unwrap_or_else(|| -(n - 1.0).max(1.0).log2()),
            scales: [1.0; FIELDS.len()],
        }
    }

    /// `[match] field_weights`: each named field's weight multiplied (names
    /// checked by `Settings::check`; an unknown one changes nothing).
    pub fn scale_fields(&mut self, weights: &std::collections::BTreeMap<String, f64>) {
        for (i, f) in FIELDS.iter().enumerate() {
            if let (Some(&x), Some(slot)) = (weights.get(f.name), self.scales.get_mut(i)) {
                *slot = x;
            }
        }
    }

    fn scale(&self, i: usize) -> f64 {
        self.scales.get(i).copied().unwrap_or(1.0)
    }

    /// Keep only the counts scoring still reads once every record's [`Tf`] is
    /// filled: those of places (a province has tens of millions of other keys).
    pub fn keep_place_counts(&mut self, prepared: &[Prepared]) {
        let counts = &self.counts;
        let mut keep: Vec<(u64, u32)> = prepared
            .par_iter()
            .flat_map_iter(|p| [&p.hometown, &p.birthplace].into_iter().flatten())
            .flat_map_iter(|pl| {
                let keys = pl.province.into_iter().chain(pl.wards().iter().copied());
                keys.chain([pl.text])
            })
            .filter_map(|k| Some((k, *counts.get(&k)?)))
            .collect();
        keep.par_sort_unstable();
        keep.dedup();
        self.counts = keep.into_iter().collect();
    }

    /// Look up the record's term frequencies (see [`Tf`]).
    pub fn fill(&self, p: &mut Prepared) {
        let c = |k: Option<u64>| k.map_or(0, |k| self.counts.get(&k).copied().unwrap_or(1));
        p.tf = Tf {
            name: p.name.as_ref().map_or(1.0, |f| self.name_freq(f) as f32),
            parts: p.name.as_ref().map_or(1.0, |f| self.parts_freq(f) as f32),
            year: p.birth.map_or(1.0, |d| self.year_share(d) as f32),
            birth: c(p.birth.map(|d| dhash(BIRTH_DATE, d))),
            id: c(p.id.as_ref().map(|i| i.hash)),
            phone: c(p.phone),
            email: c(p.email),
            card: c(p.party_card.as_ref().map(|x| x.1)),
            precord: c(p.party_record.as_ref().map(|x| x.1)),
            joined: c(p.joined_on.map(|d| dhash(JOINED, d))),
            official: c(p.official_on.map(|d| dhash(OFFICIAL, d))),
        };
    }

    /// How many records hold the value `k` (one of theirs: see [`Model::new`]).
    fn count(&self, k: u64) -> f64 {
        f64::from(self.counts.get(&k).copied().unwrap_or(1))
    }

    /// Share of records with this name, smoothed by its parts' shares.
    fn name_freq(&self, f: &NameForms) -> f64 {
        let n = self.n_name;
        // A person's own records (up to three) should not make a name look common.
        let whole = (self.count(f.folded) - 3.0) / n;
        let parts =
            self.count(f.family) / n * (self.count(f.middle) / n) * (self.count(f.given) / n);
        whole.max(parts).max(1.0 / n)
    }

    /// Share of family name × share of given name.
    fn parts_freq(&self, f: &NameForms) -> f64 {
        let n = self.n_name;
        (self.count(f.family) / n * (self.count(f.given) / n)).max(1.0 / n)
    }

    fn year_share(&self, d: Date) -> f64 {
        (self.count(yhash(d)) / self.n_birth).max(0.005)
    }

    /// `u` of an identifier agreeing: only by error, or because more hold it.
    fn id_u(&self, count: f64, eps: f64) -> f64 {
        (eps + (count - 2.0).max(0.0)) / self.n
    }

    /// Calls `emit(field, level, weight)` for every field present in either record,
    /// in a fixed order; a field present on one side only is `missing` with 0.
    pub fn compare(
        &self,
        a: &Prepared,
        b: &Prepared,
        mut emit: impl FnMut(FieldId, &'static str, f64),
    ) {
        for (i, f) in FIELDS.iter().enumerate() {
            let id = FieldId(i as u8);
            match ((f.present)(a), (f.present)(b)) {
                (true, true) => {
                    if let Some((level, wt)) = (f.eval)(self, a, b) {
                        emit(id, level, wt * self.scale(i));
                    }
                }
                (false, false) => {}
                _ => emit(id, "missing", 0.0),
            }
        }
    }

    /// The total weight of a pair if it reaches `floor`, else `None`. Every field but
    /// the name is cheap integer work and goes first; the name comparison (string
    /// work) is skipped when even an exact name could not lift the pair to `floor`.
    /// When it returns a weight, it is exactly [`Model::weight`].
    pub fn weight_above(&self, a: &Prepared, b: &Prepared, floor: f64) -> Option<f64> {
        let mut total = 0.0;
        for (i, f) in FIELDS.iter().enumerate().skip(1) {
            if let Some((_, wt)) = (f.eval)(self, a, b) {
                total += wt * self.scale(i);
            }
        }
        if let (Some(x), Some(y)) = (&a.name, &b.name) {
            let s = self.scale(0);
            if total + self.name_max(&a.tf, &b.tf) * s < floor {
                return None;
            }
            total += self.name_weight(x, y, &a.tf, &b.tf).1 * s;
        }
        (total >= floor).then_some(total)
    }

    /// The highest weight any name level can give this pair.
    fn name_max(&self, ta: &Tf, tb: &Tf) -> f64 {
        let f = ta.name().max(tb.name());
        w(M_NAME_EXACT, f).max(w(M_NAME_MIDDLE, ta.parts().min(tb.parts())))
    }

    fn id_weight(&self, a: &Prepared, b: &Prepared) -> Option<(&'static str, f64)> {
        let (x, y) = (a.id.as_ref()?, b.id.as_ref()?);
        let l = compare::ids(x, y);
        let wt = match l {
            IdLevel::Exact => w(0.95, self.id_u(f64::from(a.tf.id), 0.002)),
            IdLevel::Typo => w(0.03, 0.05 / self.n),
            IdLevel::DamagedAgree => w(0.5, 0.05),
            IdLevel::Damaged | IdLevel::OtherKind | IdLevel::Contested | IdLevel::TwoTypos => 0.0,
            // Two valid numbers of one kind, further apart than a typo: one
            // person holds one CCCD for life, so only a number typed into the
            // wrong row explains it.
            IdLevel::Different => w(0.005, 0.98),
        };
        Some((l.as_str(), wt))
    }

    /// A phone or e-mail. Agreeing between records of one name, it is worth only
    /// what namesakes' sharing leaves (`namesake_u`, level `exact_same_name`).
    #[allow(clippy::too_many_arguments)]
    fn contact_weight(
        &self,
        (a, b): (&Prepared, &Prepared),
        x: Option<u64>,
        y: Option<u64>,
        m: f64,
        namesake_u: f64,
        eps: f64,
        count: f64,
    ) -> Option<(&'static str, f64)> {
        let (x, y) = (x?, y?);
        Some(if x == y {
            let u = self.id_u(count, eps);
            if namesake_u > u && same_name(a, b) {
                return Some(("exact_same_name", w(m, namesake_u)));
            }
            ("exact", w(m, u))
        } else {
            ("different", w(1.0 - m, 0.99))
        })
    }

    fn code_weight(
        &self,
        x: &Option<Code>,
        y: &Option<Code>,
        m: [f64; 3],
        eps: f64,
        count: f64,
    ) -> Option<(&'static str, f64)> {
        let (x, y) = (x.as_ref()?, y.as_ref()?);
        let l = compare::codes(x, y);
        let wt = match l {
            CodeLevel::Exact => w(m[0], self.id_u(count, eps)),
            CodeLevel::Typo => w(m[1], 0.05 / self.n),
            CodeLevel::Different => w(m[2], 0.98),
        };
        Some((l.as_str(), wt))
    }

    fn event_weight(
        &self,
        x: Option<Date>,
        y: Option<Date>,
        count: f64,
    ) -> Option<(&'static str, f64)> {
        let (x, y) = (x?, y?);
        let l = compare::dates(x, y);
        let wt = match l {
            DateLevel::Exact => w(0.85, (1.0 / 14610.0f64).max((count - 5.0) / self.n_joined)),
            DateLevel::Month => w(0.9, 1.0 / 480.0),
            DateLevel::YearOnly => w(0.9, 1.0 / 40.0),
            // A month/year against a full date: one day of ~31 (see birth_weight).
            DateLevel::Swap if x.day == 0 || y.day == 0 => w(0.01, 1.0 / (40.0 * 31.0)),
            DateLevel::Swap => w(0.01, 1.0 / 14610.0),
            DateLevel::Typo => w(0.04, 1.0 / 480.0),
            DateLevel::Different => w(0.1, 0.97),
        };
        Some((l.as_str(), wt))
    }

    fn name_weight(&self, a: &NameForms, b: &NameForms, ta: &Tf, tb: &Tf) -> (NameLevel, f64) {
        let l = compare::names(a, b);
        let (m, u) = self.name_mu(l, a, b, ta, tb);
        (l, w(m, u))
    }

    /// [`base_name_mu`], with a `middle_initial` pair's `u` narrowed: a namesake by
    /// family and given name fits the abbreviated middle name only as often as
    /// middle names start with that letter.
    fn name_mu(&self, l: NameLevel, a: &NameForms, b: &NameForms, ta: &Tf, tb: &Tf) -> (f64, f64) {
        let (m, mut u) = base_name_mu(l, ta, tb);
        if l == NameLevel::MiddleInitial {
            for c in compare::abbreviated(a, b) {
                let at = (c as usize).wrapping_sub('a' as usize);
                u *= self.middle_initials.get(at).copied().unwrap_or(1.0);
            }
        }
        (m, u)
    }

    /// How much more often a same-person pair than a chance pair shows these
    /// two names (`m / u` of their level), when the level is one that hashes
    /// decide — the same tokens in some order and with some marks — or family
    /// and given name agree, in either order, whatever the middle. `None`
    /// otherwise. Hash comparisons first: only names that agree on family and
    /// given name alone are read as text (a `middle_initial` pair has its own
    /// `u`, see [`Model::name_mu`]).
    fn name_ratio(&self, a: &NameForms, b: &NameForms, ta: &Tf, tb: &Tf) -> Option<f64> {
        let level = compare::names_by_hash(a, b).or_else(|| {
            (a.ends == b.ends).then(|| match compare::names(a, b) {
                NameLevel::MiddleInitial => NameLevel::MiddleInitial,
                _ => NameLevel::MissingMiddle,
            })
        })?;
        let (m, u) = self.name_mu(level, a, b, ta, tb);
        Some(m / u.max(1e-15))
    }

    /// When the names agree as one name ([`Model::name_ratio`]: `m / u` of how), the
    /// date agreeing by chance is not the whole `u`:
    /// a record may have a namesake born the same day, whose records show the
    /// name as a person's own records do (`m`), while chance pairs show it `u`
    /// of the time. So a date agreeing on top of that name has `u = date share
    /// + namesake_u · m / u` (level `exact_same_name`): name and date together
    /// can never say more than `log2(.92 / namesake_u)`, however rare the name.
    fn birth_weight(
        &self,
        a: Date,
        b: Date,
        ta: &Tf,
        tb: &Tf,
        names: Option<(&NameForms, &NameForms)>,
    ) -> (&'static str, f64) {
        let l = compare::dates(a, b);
        let y = ta.year().max(tb.year());
        let wt = match l {
            DateLevel::Exact => {
                // Only a date far more frequent than one person's records (a
                // placeholder such as 01/01/1970) loses weight.
                let share = (f64::from(ta.birth) - 5.0) / self.n_birth;
                let u = (y / 365.25).max(share);
                // Looked at only here: most scored pairs never get this far.
                let ratio = names
                    .filter(|_| self.namesake_u > 0.0)
                    .and_then(|(x, y)| self.name_ratio(x, y, ta, tb));
                if let Some(ratio) = ratio {
                    let namesake = self.namesake_u * ratio;
                    return ("exact_same_name", w(0.92, (u + namesake).min(0.5)));
                }
                w(0.92, u)
            }
            DateLevel::Month => w(0.95, y / 12.0),
            DateLevel::YearOnly => w(0.97, y),
            DateLevel::Swap => {
                // A month/year against a full date agrees by chance on one day
                // of ~31, not of 365.
                let days = if a.day == 0 || b.day == 0 {
                    31.0
                } else {
                    365.25
                };
                w(0.01, y / days)
            }
            DateLevel::Typo => w(0.03, y / 12.0),
            DateLevel::Different => w(0.04, 0.97),
        };
        (l.as_str(), wt)
    }

    /// One record's CCCD against the other's hometown, when that is all there is
    /// to link them by place: two CCCDs are compared as numbers, two hometowns as
    /// places, and the CCCD holder's own hometown already speaks for it.
    fn origin_weight(&self, a: &Prepared, b: &Prepared) -> Option<(&'static str, f64)> {
        let m = self.origin_m?;
        // Exactly one CCCD (checked first: most pairs stop here, without
        // reading the records).
        let (holder, other) = match (a.id_origin, b.id_origin) {
            (Some(_), None) => (a, b),
            (None, Some(_)) => (b, a),
            _ => return None,
        };
        if holder.home_province().is_some() {
            return None;
        }
        let (origin, home) = (holder.id_origin?, other.home_province()?);
        // The hometown's province share, as the place comparison counts it.
        let key = other.hometown.as_ref()?.province?;
        let u = (self.count(key) / self.n_place).clamp(0.01, 0.5);
        Some(if origin == home {
            ("exact", w(m, u))
        } else {
            ("different", w(1.0 - m, 1.0 - u))
        })
    }

    fn place_weight(&self, a: &PlaceForm, b: &PlaceForm, m: &PlaceM) -> (PlaceLevel, f64) {
        let (l, k) = compare::places(a, b);
        let share = |floor: f64| (self.count(k) / self.n_place).max(floor);
        let wt = match l {
            PlaceLevel::Ward | PlaceLevel::Text => w(m.of(l), share(0.001)),
            // Another ward of the same province: by chance as often as the
            // province is shared.
            PlaceLevel::Province | PlaceLevel::OtherWard => w(m.of(l), share(0.01)),
            PlaceLevel::Different => w(m.of(l), 0.8),
            PlaceLevel::Unknown => 0.0,
        };
        (l, wt)
    }

    /// Total match weight of a pair (without the prior).
    pub fn weight(&self, a: &Prepared, b: &Prepared) -> f64 {
        let mut total = 0.0;
        self.compare(a, b, |_, _, wt| total += wt);
        total
    }
}

const M_NAME_EXACT: f64 = 0.95;
const M_NAME_MIDDLE: f64 = 0.1;

type Eval = fn(&Model, &Prepared, &Prepared) -> Option<(&'static str, f64)>;

/// A compared field by its place in the model's field list: one byte where a name
/// would take sixteen (a run keeps one per field of every scored pair).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldId(u8);

impl FieldId {
    /// The field's name (`birth_date`), as in `matches.csv` and the report.
    pub fn name(self) -> &'static str {
        FIELDS.get(usize::from(self.0)).map_or("?", |f| f.name)
    }
}

/// One compared field: its name, whether a record has it, and its evaluation
/// (level and weight; `None` when either side lacks it).
struct FieldDef {
    name: &'static str,
    present: fn(&Prepared) -> bool,
    eval: Eval,
}

/// The compared fields' names, as `[match] field_weights` and the evidence
/// name them.
pub fn field_names() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().map(|f| f.name)
}

/// Every compared field, in the order evidence is shown. The name comes first.
const FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "name",
        present: |p| p.name.is_some(),
        eval: |m, a, b| {
            let (x, y) = (a.name.as_ref()?, b.name.as_ref()?);
            let (l, wt) = m.name_weight(x, y, &a.tf, &b.tf);
            Some((l.as_str(), wt))
        },
    },
    FieldDef {
        name: "birth_date",
        present: |p| p.birth.is_some() || p.record.birth_slip.is_some(),
        eval: |m, a, b| match (a.birth, b.birth) {
            (Some(x), Some(y)) => {
                let names = a.name.as_ref().zip(b.name.as_ref());
                Some(m.birth_weight(x, y, &a.tf, &b.tf, names))
            }
            (Some(x), None) => Some(slip_weight(b.record.birth_slip?, x, &a.tf)),
            (None, Some(y)) => Some(slip_weight(a.record.birth_slip?, y, &b.tf)),
            // Two dates that cannot exist: shown, but they say nothing.
            (None, None) => a
                .record
                .birth_slip
                .and(b.record.birth_slip)
                .map(|_| ("impossible", 0.0)),
        },
    },
    FieldDef {
        name: "gender",
        present: |p| p.gender.is_some(),
        eval: |_, a, b| {
            let (x, y) = (a.gender?, b.gender?);
            Some(if x == y {
                ("exact", w(0.98, 0.5))
            } else {
                ("different", w(0.01, 0.5))
            })
        },
    },
    FieldDef {
        name: "national_id",
        present: |p| p.id.is_some(),
        eval: |m, a, b| m.id_weight(a, b),
    },
    FieldDef {
        name: "phone",
        present: |p| p.phone.is_some(),
        eval: |m, a, b| {
            let (x, y, u) = (a.phone, b.phone, m.phone_namesake_u);
            m.contact_weight((a, b), x, y, m.phone_m, u, 0.01, f64::from(a.tf.phone))
        },
    },
    FieldDef {
        name: "email",
        present: |p| p.email.is_some(),
        eval: |m, a, b| {
            // An address made from the name (`sonhc@…`) is shared by namesakes of
            // one agency as readily as by one person's records: its agreement
            // adds nothing to the name's.
            if a.email_from_name && b.email_from_name && a.email.is_some() && a.email == b.email {
                return Some(("exact_from_name", w(0.6, 0.5)));
            }
            let (x, y, u) = (a.email, b.email, m.email_namesake_u);
            m.contact_weight((a, b), x, y, m.email_m, u, 0.005, f64::from(a.tf.email))
        },
    },
    FieldDef {
        name: "party_card",
        present: |p| p.party_card.is_some(),
        eval: |m, a, b| {
            m.code_weight(
                &a.party_card,
                &b.party_card,
                [0.96, 0.02, 0.02],
                0.001,
                f64::from(a.tf.card),
            )
        },
    },
    FieldDef {
        name: "party_record",
        present: |p| p.party_record.is_some(),
        eval: |m, a, b| {
            m.code_weight(
                &a.party_record,
                &b.party_record,
                [0.9, 0.03, 0.07],
                0.002,
                f64::from(a.tf.precord),
            )
        },
    },
    FieldDef {
        name: "joined_on",
        present: |p| p.joined_on.is_some(),
        eval: |m, a, b| m.event_weight(a.joined_on, b.joined_on, f64::from(a.tf.joined)),
    },
    FieldDef {
        name: "official_on",
        present: |p| p.official_on.is_some(),
        eval: |m, a, b| m.event_weight(a.official_on, b.official_on, f64::from(a.tf.official)),
    },
    FieldDef {
        name: "hometown",
        present: |p| p.hometown.is_some(),
        eval: |m, a, b| {
            let (l, wt) = m.place_weight(a.hometown.as_ref()?, b.hometown.as_ref()?, &m.hometown_m);
            Some((l.as_str(), wt))
        },
    },
    FieldDef {
        name: "birthplace",
        present: |p| p.birthplace.is_some(),
        eval: |m, a, b| {
            let (l, wt) = m.place_weight(
                a.birthplace.as_ref()?,
                b.birthplace.as_ref()?,
                &m.birthplace_m,
            );
            Some((l.as_str(), wt))
        },
    },
    FieldDef {
        name: "id_origin",
        present: |p| p.id_origin.is_some() || p.home_province().is_some(),
        eval: |m, a, b| m.origin_weight(a, b),
    },
    FieldDef {
        name: "workplace",
        // Shown only where it compares (one source, two rosters): a record of
        // another source has no place in this one's trees.
        present: |_| true,
        eval: |m, a, b| m.workplace.as_ref()?.weight(a, b),
    },
];

/// Records holding both a CCCD and a hometown needed to measure `origin_m`.
const ORIGIN_MIN_RECORDS: usize = 50;
/// How far above chance `origin_m` must be for `id_origin` to count.
const ORIGIN_MIN_LIFT: f64 = 0.25;

/// How many records hold each value key held more than once. Counts never
/// depend on thread timing: shared values are counted in one map per rayon
/// task and the maps summed; the keys of values mostly held once (tens of
/// millions in a province) are written in place and counted through a sort.
fn value_counts(prepared: &[Prepared]) -> HashMapU64<u32> {
    let (mut counts, keys) = rayon::join(
        || {
            prepared
                .par_iter()
                .with_min_len(4096)
                .fold(HashMapU64::default, |mut m, p| {
                    shared_keys(p, |k| *m.entry(k).or_insert(0) += 1);
                    m
                })
                .reduce(HashMapU64::default, |mut a, mut b| {
                    if a.len() < b.len() {
                        std::mem::swap(&mut a, &mut b);
                    }
                    for (k, c) in b {
                        *a.entry(k).or_insert(0) += c;
                    }
                    a
                })
        },
        || sorted_single_keys(prepared),
    );
    // A value both kinds hold (a hash collision between them) counts once over both.
    for chunk in keys.chunk_by(|a, b| a == b) {
        if let Some(&k) = chunk.first() {
            let n = u32::try_from(chunk.len()).unwrap_or(u32::MAX);
            if n > 1 || counts.contains_key(&k) {
                let c: &mut u32 = counts.entry(k).or_insert(0);
                *c = c.saturating_add(n);
            }
        }
    }
    // Only values held more than once are stored: every key looked up is one
    // some record holds, so a missing key counts 1.
    counts.retain(|_, c| *c > 1);
    counts
}

/// Every record's [`single_keys`], sorted.
fn sorted_single_keys(prepared: &[Prepared]) -> Vec<u64> {
    let lens: Vec<usize> = prepared
        .par_iter()
        .map(|p| {
            let mut n = 0;
            single_keys(p, |_| n += 1);
            n
        })
        .collect();
    let mut keys = vec![0u64; lens.iter().sum()];
    let mut parts: Vec<(&[Prepared], &mut [u64])> = Vec::new();
    let mut rest = keys.as_mut_slice();
    for (records, lens) in prepared.chunks(4096).zip(lens.chunks(4096)) {
        let (part, tail) = std::mem::take(&mut rest).split_at_mut(lens.iter().sum());
        parts.push((records, part));
        rest = tail;
    }
    parts.into_par_iter().for_each(|(records, part)| {
        let mut slots = part.iter_mut();
        for p in records {
            single_keys(p, |k| {
                if let Some(slot) = slots.next() {
                    *slot = k;
                }
            });
        }
    });
    keys.par_sort_unstable();
    keys
}

/// See [`Model::origin_m`]; at most .95 so one field never decides alone. None
/// unless CCCDs name their holder's hometown clearly more often than chance (the
/// share a CCCD's province and an unrelated hometown would agree by): where the
/// digits do not follow hometowns, agreement says nothing.
fn origin_m(prepared: &[Prepared]) -> Option<f64> {
    let both: Vec<(u8, u8)> = prepared
        .iter()
        .filter_map(|p| Some((p.id_origin?, p.home_province()?)))
        .collect();
    let n = both.len() as f64;
    if both.len() < ORIGIN_MIN_RECORDS {
        return None;
    }
    let (mut origins, mut homes) = ([0u32; 256], [0u32; 256]);
    let mut same = 0u32;
    for &(o, h) in &both {
        origins[usize::from(o)] += 1;
        homes[usize::from(h)] += 1;
        same += u32::from(o == h);
    }
    let chance: f64 = origins
        .iter()
        .zip(&homes)
        .map(|(&o, &h)| f64::from(o) * f64::from(h) / (n * n))
        .sum();
    let m = f64::from(same) / n;
    (m - chance >= ORIGIN_MIN_LIFT).then_some(m.min(0.95))
}

/// The weight at which the probability reaches `p`, given a prior.
pub(crate) fn weight_for(p: f64, prior: f64) -> f64 {
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    (p / (1.0 - p)).log2() - prior
}

/// `m` and `u` of a name level, from the term frequencies alone.
fn base_name_mu(l: NameLevel, ta: &Tf, tb: &Tf) -> (f64, f64) {
    let f = ta.name().max(tb.name());
    match l {
        NameLevel::Exact => (M_NAME_EXACT, f),
        NameLevel::IY | NameLevel::NoDiacritics => (0.9, f),
        NameLevel::ToneOnly => (0.1, f),
        // One word typed without its marks: an error of the kind that loses
        // all of them (no_diacritics .9), on one word.
        NameLevel::PartlyUnmarked => (0.3, f),
        NameLevel::Diacritics => (0.03, f),
        NameLevel::Reordered => (0.05, f),
        // Different people agree on family and given name as often as those
        // two parts are common.
        NameLevel::MissingMiddle | NameLevel::MiddleInitial => {
            (M_NAME_MIDDLE, ta.parts().min(tb.parts()))
        }
        NameLevel::Typo => (0.05, 3.0 * f),
        // Two errors at once, rarer than one (m); a misspelt word is seldom
        // another person's own name, so `u` stays the typo's.
        NameLevel::TwoSlips => (0.01, 3.0 * f),
        NameLevel::Similar => (0.01, 0.03),
        NameLevel::Different => (0.005, 0.97),
    }
}

/// See [`Model::middle_initials`]; each letter's share is at least 1 %, and 1
/// for all when too few names have a middle name to tell.
fn middle_initials(prepared: &[Prepared]) -> [f64; 26] {
    let counts = prepared
        .par_iter()
        .filter_map(|p| p.name.as_ref())
        .fold(
            || [0u32; 26],
            |mut acc, n| {
                // The words between the first and the last.
                let middle = usize::from(n.len).saturating_sub(2);
                for t in n.tokens().skip(1).take(middle) {
                    let c = t.bytes().next().unwrap_or(0);
                    if let Some(slot) = acc.get_mut(usize::from(c.wrapping_sub(b'a'))) {
                        *slot += 1;
                    }
                }
                acc
            },
        )
        .reduce(
            || [0u32; 26],
            |mut x, y| {
                for (a, b) in x.iter_mut().zip(y) {
                    *a += b;
                }
                x
            },
        );
    let total: u32 = counts.iter().sum();
    if total < 100 {
        return [1.0; 26];
    }
    counts.map(|c| (f64::from(c) / f64::from(total)).max(0.01))
}

/// A date that cannot exist against the other record's full date. Such a date
/// is almost always the true one with a digit slipped, so a slip of the
/// other's date says much (m .8, u as a typo's: the year's share / 12); any
/// other impossible date says nothing.
fn slip_weight(slip: Date, valid: Date, valid_tf: &Tf) -> (&'static str, f64) {
    if compare::slipped(slip, valid) {
        ("slip", w(0.8, valid_tf.year() / 12.0))
    } else {
        ("impossible", 0.0)
    }
}

/// `m` of a contact agreeing where the data cannot tell: people change phones.
const CONTACT_M: f64 = 0.6;

/// Weight of [`CONTACT_M`] in the measured `m`, in pairs: an office has a few
/// dozen pairs to tell, a province thousands.
const CONTACT_PRIOR_PAIRS: f64 = 10.0;

/// See [`Model::phone_m`]. Records sharing an undamaged, uncontested CCCD or
/// CMND are one person (a number held by more than four records is shared by
/// mistake and tells nothing); among their pairs that both hold the contact, the
/// share that agree, drawn toward [`CONTACT_M`] as if [`CONTACT_PRIOR_PAIRS`]
/// more pairs had agreed at that rate. Kept within [.1, .95]: no contact
/// decides alone.
fn contact_m(prepared: &[Prepared], contact: fn(&Prepared) -> Option<u64>) -> f64 {
    let mut held: Vec<(u64, u64)> = prepared
        .par_iter()
        .filter_map(|p| {
            let id = p.id.as_ref().filter(|i| !i.damaged && !i.contested)?;
            Some((id.hash, contact(p)?))
        })
        .collect();
    held.par_sort_unstable();
    let (mut pairs, mut agree) = (0u64, 0u64);
    for person in held.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() <= 4) {
        let k = person.len() as u64;
        pairs += k * (k - 1) / 2;
        for same in person.chunk_by(|a, b| a.1 == b.1) {
            let c = same.len() as u64;
            agree += c * (c - 1) / 2;
        }
    }
    let m = (agree as f64 + CONTACT_M * CONTACT_PRIOR_PAIRS) / (pairs as f64 + CONTACT_PRIOR_PAIRS);
    m.clamp(0.1, 0.95)
}

/// The two records' names agree word for word, in any order, marks aside.
fn same_name(a: &Prepared, b: &Prepared) -> bool {
    match (&a.name, &b.name) {
        (Some(x), Some(y)) => x.sorted == y.sorted,
        _ => false,
    }
}

/// Pairs of namesakes told apart by their CCCDs, both holding the contact,
/// needed to measure how often namesakes share it.
const NAMESAKE_CONTACT_MIN_PAIRS: u64 = 100;

/// Records of one name looked at for [`namesake_contact_u`]: enough pairs of a
/// common name, without all the pairs of `Nguyễn Văn Hùng`.
const NAMESAKE_CONTACT_GROUP: usize = 64;

/// See [`Model::email_namesake_u`]. Records of one name (any order, marks
/// aside) whose undamaged, uncontested CCCDs differ by more than two slips are
/// two people; among their pairs that both hold the contact, the share that
/// hold the same one. 0 when fewer than [`NAMESAKE_CONTACT_MIN_PAIRS`] tell.
fn namesake_contact_u(prepared: &[Prepared], contact: fn(&Prepared) -> Option<u64>) -> f64 {
    let mut held: Vec<(u64, usize)> = prepared
        .par_iter()
        .enumerate()
        .filter(|(_, p)| contact(p).is_some())
        .filter(|(_, p)| {
            p.id.as_ref()
                .is_some_and(|i| i.kind == IdKind::Cccd && !i.damaged && !i.contested)
        })
        .filter_map(|(i, p)| Some((p.name.as_ref()?.sorted, i)))
        .collect();
    held.par_sort_unstable();
    let (name, at) = (|h: &(u64, usize)| h.0, |h: &(u64, usize)| h.1);
    let same = namesake_pairs(prepared, &held, name, at, NAMESAKE_CONTACT_GROUP, |x, y| {
        contact(x) == contact(y)
    });
    let pairs = same.len() as u64;
    let shared = same.iter().filter(|&&s| s).count() as u64;
    if pairs < NAMESAKE_CONTACT_MIN_PAIRS {
        return 0.0;
    }
    shared as f64 / pairs as f64
}

/// `f` of each pair of records of one group of `held` (sorted so that a
/// group's entries are together; `group` gives an entry's group, `at` its
/// record's position; at most `cap` entries of a group, in the order given)
/// whose CCCDs differ by more than two slips: two people of one name. Groups
/// side by side; the results in the order of a pass group by group, so that
/// a sum over them is the same whatever the threads.
pub(super) fn namesake_pairs<T: Sync, K: PartialEq, A: Send>(
    prepared: &[Prepared],
    held: &[T],
    group: impl Fn(&T) -> K + Sync,
    at: impl Fn(&T) -> usize + Sync,
    cap: usize,
    f: impl Fn(&Prepared, &Prepared) -> A + Sync,
) -> Vec<A> {
    held.par_chunk_by(|a, b| group(a) == group(b))
        .flat_map_iter(|name| {
            let name = name.get(..cap).unwrap_or(name);
            let pairs = name
                .iter()
                .enumerate()
                .flat_map(move |(k, x)| name.iter().skip(k + 1).map(move |y| (x, y)));
            pairs.filter_map(|(x, y)| {
                let (a, b) = (prepared.get(at(x))?, prepared.get(at(y))?);
                let (i, j) = (a.id.as_ref()?, b.id.as_ref()?);
                (compare::ids(i, j) == IdLevel::Different).then(|| f(a, b))
            })
        })
        .collect()
}

/// CCCD holders needed to measure [`Model::namesake_u`].
const NAMESAKE_MIN_PEOPLE: usize = 50;

/// See [`Model::namesake_u`]. People are told apart by CCCD: records of one
/// folded name whose CCCDs differ by more than a typo are two people. Among the
/// pairs of such people, those born the same full date are counted; chance
/// gives `pairs × P(two of them share a date)`; the excess, over all pairs of
/// CCCD holders, is the share of pairs that are same-day namesakes.
fn namesake_u(prepared: &[Prepared]) -> f64 {
    let mut people: Vec<(u64, Date, &str)> = prepared
        .par_iter()
        .filter_map(|p| {
            let id =
                p.id.as_ref()
                    .filter(|i| i.kind == IdKind::Cccd && !i.damaged)?;
            let birth = p.birth.filter(|d| d.day != 0)?;
            Some((p.name.as_ref()?.folded, birth, id.digits))
        })
        .collect();
    // One entry per name, date and number: a person's other records add nothing.
    people.par_sort_unstable();
    people.dedup();
    if people.len() < NAMESAKE_MIN_PEOPLE {
        return 0.0;
    }
    let (mut pairs, mut same_day) = (0u64, 0u64);
    let mut seen: Vec<&str> = Vec::new();
    for name in people.chunk_by(|a, b| a.0 == b.0) {
        let k = name.len() as u64;
        pairs += k * (k - 1) / 2;
        for day in name.chunk_by(|a, b| a.1 == b.1) {
            // A number one typo from one already seen is that person again
            // (only here does it matter: a typed-twice CCCD keeps its date).
            seen.clear();
            for &(_, _, id) in day {
                let again = seen
                    .iter()
                    .any(|o| compare::within_one_edit_slice(o.as_bytes(), id.as_bytes()));
                if !again {
                    seen.push(id);
                }
            }
            let c = seen.len() as u64;
            same_day += c * c.saturating_sub(1) / 2;
        }
    }
    // Chance: two of these people share a full birth date.
    let mut dates: Vec<Date> = people.iter().map(|p| p.1).collect();
    dates.par_sort_unstable();
    let n = dates.len() as f64;
    let collide: f64 = dates
        .chunk_by(|a, b| a == b)
        .map(|d| (d.len() * (d.len() - 1)) as f64)
        .sum::<f64>()
        / (n * (n - 1.0));
    let excess = same_day as f64 - pairs as f64 * collide;
    (excess.max(0.0) / (n * (n - 1.0) / 2.0)).min(0.01)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::prep::prepare_all;
    use crate::normalize::{NationalId, name};
    use crate::record::Record;

    /// Four names of 100 records each, told apart by their CCCDs.
    fn records() -> Vec<Record> {
        let names = [
            "Nguyễn Văn Hùng",
            "Trần Thị Lan",
            "Lê Văn Anh",
            "Phạm Minh Đức",
        ];
        (0..400u32)
            .map(|i| Record {
                idx: i,
                name: name::parse(names[(i % 4) as usize]),
                national_id: Some(NationalId {
                    kind: IdKind::Cccd,
                    // Every fifth record repeats the number of the next record
                    // of its name: one person's two records, not a pair.
                    digits: format!("0311{:08}", if i % 5 == 0 { i + 4 } else { i } * 7919),
                }),
                ..Record::default()
            })
            .collect()
    }

    #[test]
    fn namesake_pairs_come_in_one_order_whatever_the_threads() {
        let records = records();
        let prep = prepare_all(&records);
        let mut held: Vec<(u64, usize)> = prep
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some((p.name.as_ref()?.sorted, i)))
            .collect();
        held.sort_unstable();
        let (name, at) = (|h: &(u64, usize)| h.0, |h: &(u64, usize)| h.1);
        let position = |p: &Prepared| p.record.idx;
        let pairs = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool")
                .install(|| {
                    namesake_pairs(&prep, &held, name, at, 16, |a, b| {
                        (position(a), position(b))
                    })
                })
        };
        // The pass group by group, one pair after another.
        let mut serial = Vec::new();
        for group in held.chunk_by(|a, b| a.0 == b.0) {
            let group = group.get(..16).unwrap_or(group);
            for (k, x) in group.iter().enumerate() {
                for y in &group[k + 1..] {
                    let (a, b) = (&prep[x.1], &prep[y.1]);
                    let (i, j) = (a.id.as_ref().unwrap(), b.id.as_ref().unwrap());
                    if compare::ids(i, j) == IdLevel::Different {
                        serial.push((position(a), position(b)));
                    }
                }
            }
        }
        // Four names, each capped at 16 records (120 pairs each), less one
        // person's records.
        assert!(
            serial.len() > 100 && serial.len() < 4 * 120,
            "{}",
            serial.len()
        );
        assert_eq!(pairs(1), serial);
        assert_eq!(pairs(3), serial);
    }
}
