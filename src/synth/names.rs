//! Name-token tables embedded from `data/names` (MIT, see its README) and weighted
//! sampling from them: family names by their counted frequency, "middle given" pairs
//! by the frequency of the given name, Văn / Thị swapped in as the common middle.

use std::sync::OnceLock;

const TOKENS: &str = include_str!("../../data/names/vi_name_tokens.csv");
const GIVEN_MALE: &str = include_str!("../../data/names/given_male.txt");
const GIVEN_FEMALE: &str = include_str!("../../data/names/given_female.txt");

/// A weighted list: `cum[i]` is the sum of the weights of items `0..=i`.
pub struct Weighted<T> {
    items: Vec<T>,
    cum: Vec<u64>,
}

impl<T: Copy> Weighted<T> {
    fn new(pairs: impl IntoIterator<Item = (T, u64)>) -> Self {
        let mut items = Vec::new();
        let mut cum = Vec::new();
        let mut total = 0;
        for (item, w) in pairs {
            total += w.max(1);
            items.push(item);
            cum.push(total);
        }
        Weighted { items, cum }
    }

    pub fn pick(&self, rng: &mut fastrand::Rng) -> T {
        let total = self.cum.last().copied().unwrap_or(1);
        let x = rng.u64(0..total);
        let i = self.cum.partition_point(|&c| c <= x);
        self.items[i.min(self.items.len() - 1)]
    }
}

/// Everything the people generator samples names from.
pub struct NameTables {
    pub family: Weighted<&'static str>,
    /// (middle, given) for men and for women.
    pub male: Weighted<(&'static str, &'static str)>,
    pub female: Weighted<(&'static str, &'static str)>,
}

/// The tables, parsed once from the embedded files.
pub fn tables() -> &'static NameTables {
    static TABLES: OnceLock<NameTables> = OnceLock::new();
    TABLES.get_or_init(build)
}

fn build() -> NameTables {
    let mut family = Vec::new();
    let mut given_count = std::collections::BTreeMap::new();
    for line in TOKENS.lines().skip(1) {
        let mut f = line.split(',');
        let (Some(part), Some(token), _, Some(count)) = (f.next(), f.next(), f.next(), f.next())
        else {
            continue;
        };
        let count: u64 = count.trim().parse().unwrap_or(1);
        match part {
            "family" => family.push((token, count)),
            "given" => {
                *given_count.entry(token).or_insert(0) += count;
            }
            _ => {}
        }
    }
    let pairs = |text: &'static str| {
        let given_count = &given_count;
        Weighted::new(text.lines().filter_map(move |l| {
            let l = l.trim();
            let (middle, given) = l.rsplit_once(' ')?;
            // A given name seen often in real names is drawn often; +1 keeps the rare ones.
            let w = given_count.get(given).copied().unwrap_or(0) + 1;
            Some(((middle, given), w))
        }))
    };
    NameTables {
        family: Weighted::new(family),
        male: pairs(GIVEN_MALE),
        female: pairs(GIVEN_FEMALE),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn nguyen_is_the_most_drawn_family_name() {
        let t = tables();
        let mut rng = fastrand::Rng::with_seed(3);
        let n = 5000;
        let nguyen = (0..n)
            .filter(|_| t.family.pick(&mut rng) == "Nguyễn")
            .count();
        let share = nguyen as f64 / n as f64;
        assert!((0.2..0.45).contains(&share), "{share}");
        let (m, g) = t.female.pick(&mut rng);
        assert!(!m.is_empty() && !g.is_empty());
    }
}
