//! Explanations: the evidence of one pair field by field, with the values compared,
//! the level reached and its weight — the same model [`super::link`] uses, term
//! frequencies included — and the compact form of the `evidence` column of
//! `matches.csv` (`name=exact:+9.1;birth_date=exact:+13.7;national_id=missing:0`).

use super::model::Model;
use super::prep::Prepared;
use super::{Evidence, FieldEvidence, Settings};
use crate::i18n::Lang;
use crate::record::{Record, Ref};
use std::fmt::Write;

/// A field's value as a reviewer reads it.
pub fn value(r: &Record, field: &str) -> String {
    let date = |d: Option<crate::normalize::Date>| d.map(|d| d.vi()).unwrap_or_default();
    let place = |p: &Option<crate::normalize::Place>| {
        p.as_ref().map(|p| p.text.clone()).unwrap_or_default()
    };
    match field {
        "name" => r
            .name
            .as_ref()
            .map(|n| n.display.clone())
            .unwrap_or_default(),
        "birth_date" => date(r.birth.or(r.birth_slip)),
        "gender" => r.gender.map(|g| g.vi().to_string()).unwrap_or_default(),
        "national_id" => r
            .national_id
            .as_ref()
            .map(|i| i.digits.clone())
            .unwrap_or_default(),
        "phone" => r
            .phone
            .as_ref()
            .map(|p| p.number.clone())
            .unwrap_or_default(),
        "email" => r.email.clone().unwrap_or_default(),
        "party_card" => r.party_card.clone().unwrap_or_default(),
        "party_record" => r.party_record.clone().unwrap_or_default(),
        "joined_on" => date(r.joined_on),
        "official_on" => date(r.official_on),
        "hometown" => place(&r.hometown),
        "birthplace" => place(&r.birthplace),
        // What the field compares: a CCCD's province digits, or else the hometown.
        "id_origin" => match &r.national_id {
            Some(i) if i.kind == crate::normalize::IdKind::Cccd => {
                format!("CCCD {}", i.digits.get(..3).unwrap_or(""))
            }
            _ => place(&r.hometown),
        },
        _ => String::new(),
    }
}

/// Every field present in either record, in a fixed order.
pub(crate) fn evidence(model: &Model, a: &Prepared, b: &Prepared) -> Vec<Evidence> {
    let mut out = Vec::new();
    model.compare(a, b, |field, level, weight| {
        out.push(Evidence {
            field,
            level,
            weight,
        })
    });
    out
}

/// A weight as the evidence shows it: `0`, or signed with one decimal.
fn signed(w: f64) -> String {
    let mut s = String::new();
    push_signed(&mut s, w);
    s
}

fn push_signed(s: &mut String, w: f64) {
    if w == 0.0 {
        s.push('0');
    } else {
        push_tenths(s, w);
    }
}

/// `{w:+.1}` without the formatting machinery (a province's `matches.csv`
/// writes a million of these).
fn push_tenths(s: &mut String, w: f64) {
    push_fixed(s, w, 1, true);
}

/// `w` with `decimals` digits after the point (at most 6), a `+` before it too
/// when `plus`: the text of `{w:.N}` / `{w:+.N}`, without the formatting
/// machinery. Values within a hair of a tie, and any too large for the integer
/// path, go through `write!`, so the text is always the formatter's.
pub(crate) fn push_fixed(s: &mut String, w: f64, decimals: u32, plus: bool) {
    let decimals = decimals.min(6);
    let unit = 10i32.pow(decimals);
    let scaled = w.abs() * f64::from(unit);
    let fraction = scaled - scaled.trunc();
    // Scaled values below 2·10⁹ fit an `i32`, and a product that size is off
    // by far less than the 10⁻⁶ kept from a tie.
    let whole = (scaled.is_finite() && scaled < 2e9 && (fraction - 0.5).abs() >= 1e-6)
        .then(|| scaled.round() as i32);
    let Some(n) = whole else {
        let d = decimals as usize;
        let _ = if plus {
            write!(s, "{w:+.d$}")
        } else {
            write!(s, "{w:.d$}")
        };
        return;
    };
    if w.is_sign_negative() {
        s.push('-');
    } else if plus {
        s.push('+');
    }
    crate::normalize::push_padded(s, n / unit, 1);
    if unit > 1 {
        s.push('.');
        crate::normalize::push_padded(s, n % unit, decimals as usize);
    }
}

/// The `evidence` column: `field=level:weight` joined by `;`.
pub fn render_evidence(evidence: &[Evidence]) -> String {
    let mut s = String::new();
    render_evidence_into(evidence, &mut s);
    s
}

/// [`render_evidence`] appended to `s`: a province's `matches.csv` reuses one buffer.
pub fn render_evidence_into(evidence: &[Evidence], s: &mut String) {
    for (i, e) in evidence.iter().enumerate() {
        if i > 0 {
            s.push(';');
        }
        s.push_str(e.field());
        s.push('=');
        s.push_str(e.level);
        s.push(':');
        push_signed(s, e.weight);
    }
}

/// One pair explained: the prior, then each field with the running total.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub left: Ref,
    pub right: Ref,
    /// log2 prior odds the running total starts from.
    pub prior: f64,
    /// Each field's evidence and the total (prior included) after it.
    pub steps: Vec<(FieldEvidence, f64)>,
    /// Sum of field weights, without the prior.
    pub weight: f64,
    pub probability: f64,
    /// `match`, `review` or `apart` by the thresholds (decisions not applied).
    pub verdict: &'static str,
}

/// Explain the pair of records with idx `a` and `b`; `None` if either is unknown.
/// Term frequencies and the prior of the pair's category come from all of
/// `records`, exactly as in [`super::link`].
pub fn explain(records: &[Record], a: u32, b: u32, settings: &Settings) -> Option<Explanation> {
    let pa = records.iter().position(|r| r.idx == a)? as u32;
    let pb = records.iter().position(|r| r.idx == b)? as u32;
    let fitted = super::fit(records, settings, &[(pa, pb)]);
    let (x, y) = (pa.min(pb), pa.max(pb));
    let prior = fitted.prior(x, y);
    let (ra, rb) = (fitted.prep.get(pa as usize)?, fitted.prep.get(pb as usize)?);
    let mut total = prior;
    let steps: Vec<(FieldEvidence, f64)> = evidence(&fitted.model, ra, rb)
        .into_iter()
        .map(|e| {
            total += e.weight;
            let shown = FieldEvidence {
                field: e.field(),
                left: value(ra.record, e.field()),
                right: value(rb.record, e.field()),
                level: e.level,
                weight: e.weight,
            };
            (shown, total)
        })
        .collect();
    let weight = total - prior;
    let probability = super::logistic(total);
    let verdict = if probability >= settings.accept {
        "match"
    } else if probability >= settings.review {
        "review"
    } else {
        "apart"
    };
    Some(Explanation {
        left: ra.record.reference.clone(),
        right: rb.record.reference.clone(),
        prior,
        steps,
        weight,
        probability,
        verdict,
    })
}

impl Explanation {
    /// A plain-text table for the terminal.
    pub fn render(&self, lang: Lang) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{}  ↔  {}", self.left, self.right);
        let _ = writeln!(
            s,
            "{:<13} {:>7} {:>8}",
            lang.pick("tiên nghiệm", "prior"),
            "",
            format!("{:.1}", self.prior)
        );
        for (e, run) in &self.steps {
            let _ = writeln!(
                s,
                "{:<13} {:<15} {:>6} {:>8}  {} | {}",
                e.field,
                e.level,
                signed(e.weight),
                format!("{run:.1}"),
                e.left,
                e.right
            );
        }
        let verdict = match (self.verdict, lang) {
            ("match", Lang::Vi) => "gộp",
            ("review", Lang::Vi) => "cần xem xét",
            (_, Lang::Vi) => "khác người",
            (v, Lang::En) => v,
        };
        let _ = writeln!(
            s,
            "{}: {:.1}  {}: {:.4}  → {verdict}",
            lang.pick("trọng số", "weight"),
            self.weight,
            lang.pick("xác suất", "probability"),
            self.probability
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tenths(w: f64) -> String {
        let mut s = String::new();
        push_tenths(&mut s, w);
        s
    }

    #[test]
    fn tenths_are_written_as_the_formatter_writes_them() {
        // Ties in decimal that are not ties in binary, exact ties, values that
        // round to zero, carries into a new digit, and the fallbacks.
        for w in [
            0.05,
            -0.05,
            0.25,
            -0.25,
            0.35,
            0.15,
            0.45,
            1.25,
            2.675,
            9.95,
            99.95,
            -9.96,
            0.04,
            -0.04,
            1e-9,
            26.7,
            -57.988,
            1e14,
            1e15,
            1e300,
            5e-324,
            f64::MAX,
        ] {
            assert_eq!(tenths(w), format!("{w:+.1}"), "{w}");
            for d in 0..=6 {
                assert_eq!(
                    fixed(w, d, false),
                    format!("{w:.0$}", d as usize),
                    "{w} {d}"
                );
            }
        }
        // Ties in six decimals, and probabilities at their ends.
        for p in [
            0.0,
            1.0,
            0.0000005,
            0.9999995,
            0.1234565,
            0.5,
            1e-7,
            0.999_999_9,
        ] {
            assert_eq!(fixed(p, 6, false), format!("{p:.6}"), "{p}");
        }
    }

    fn fixed(w: f64, decimals: u32, plus: bool) -> String {
        let mut s = String::new();
        push_fixed(&mut s, w, decimals, plus);
        s
    }

    proptest! {
        /// `matches.csv`'s probability and weight columns.
        #[test]
        fn fixed_matches_the_formatter(w in -1e3f64..1e3, p in 0f64..=1.0, bits in any::<u64>()) {
            prop_assert_eq!(fixed(p, 6, false), format!("{p:.6}"));
            prop_assert_eq!(fixed(w, 3, false), format!("{w:.3}"));
            prop_assert_eq!(fixed(w, 2, false), format!("{w:.2}"));
            prop_assert_eq!(fixed(w, 0, true), format!("{w:+.0}"));
            let any = f64::from_bits(bits);
            prop_assume!(any.is_finite());
            prop_assert_eq!(fixed(any, 6, false), format!("{any:.6}"));
            prop_assert_eq!(fixed(any, 3, true), format!("{any:+.3}"));
        }

        #[test]
        fn tenths_match_the_formatter(w in -1e4f64..1e4) {
            prop_assert_eq!(tenths(w), format!("{w:+.1}"));
        }

        #[test]
        fn tenths_match_the_formatter_on_any_finite_value(bits in any::<u64>()) {
            let w = f64::from_bits(bits);
            prop_assume!(w.is_finite());
            prop_assert_eq!(tenths(w), format!("{w:+.1}"));
        }
    }
}
