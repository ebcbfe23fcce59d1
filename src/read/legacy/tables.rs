//! The TCVN3 / VNI-Windows / Windows-1258 letter tables, built once from the embedded
//! `data/encodings/vn_legacy_charsets.tsv`, and the byte-level codecs over them.
//!
//! Windows-1252 and Windows-1258 byte ↔ char tables come from `encoding_rs`; they are
//! how legacy bytes look once a Unicode reader has decoded them.

use std::collections::HashMap;
use std::sync::OnceLock;

use encoding_rs::{WINDOWS_1252, WINDOWS_1258};

const TSV: &str = include_str!("../../../data/encodings/vn_legacy_charsets.tsv");

/// Byte sequences of one letter: one or two bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Bytes {
    pub first: u8,
    pub second: Option<u8>,
}

pub(super) struct Tables {
    /// TCVN3 byte → letter; a byte shared by a capital and a small letter gives the small.
    pub tcvn3_dec: HashMap<u8, char>,
    pub tcvn3_enc: HashMap<char, u8>,
    /// VNI single-byte letters (ư ơ đ í …) and base + mark pairs.
    pub vni_single: HashMap<u8, char>,
    pub vni_pair: HashMap<(u8, u8), char>,
    pub vni_enc: HashMap<char, Bytes>,
    pub cp1258_enc: HashMap<char, Bytes>,
    /// Every byte as Windows-1252 shows it (undefined bytes as C1 controls).
    pub cp1252: [char; 256],
    /// Char → byte for text that was decoded from single bytes: Windows-1252, Latin-1
    /// C1 controls and Windows-1258 all together (readers differ, the bytes do not).
    pub to_byte: HashMap<char, u8>,
    /// `to_byte` as a table indexed by char (byte + 1, 0 for none): every cell of
    /// every roster with a letter below U+2123 is looked up char by char.
    dense: Vec<u16>,
    /// Bytes each charset uses for letters and marks.
    pub tcvn3_used: [bool; 256],
    pub vni_used: [bool; 256],
    /// Rows loaded from the table (186 when intact).
    pub rows: usize,
}

pub(super) fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(build)
}

fn hex(s: &str) -> Option<u8> {
    u8::from_str_radix(s.strip_prefix("0x")?, 16).ok()
}

fn bytes(field: &str) -> Option<Bytes> {
    let mut it = field.split(' ');
    let first = hex(it.next()?)?;
    let second = match it.next() {
        Some(b) => Some(hex(b)?),
        None => None,
    };
    Some(Bytes { first, second })
}

fn build() -> Tables {
    let mut t = Tables {
        tcvn3_dec: HashMap::new(),
        tcvn3_enc: HashMap::new(),
        vni_single: HashMap::new(),
        vni_pair: HashMap::new(),
        vni_enc: HashMap::new(),
        cp1258_enc: HashMap::new(),
        cp1252: ['\0'; 256],
        to_byte: HashMap::new(),
        dense: Vec::new(),
        tcvn3_used: [false; 256],
        vni_used: [false; 256],
        rows: 0,
    };
    for line in TSV.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(letter), Some(tcvn3), Some(vni), Some(cp1258)) = (
            f.first().and_then(|s| s.chars().next()),
            f.get(3).and_then(|s| hex(s)),
            f.get(4).and_then(|s| bytes(s)),
            f.get(5).and_then(|s| bytes(s)),
        ) else {
            continue;
        };
        t.rows += 1;
        t.tcvn3_enc.insert(letter, tcvn3);
        t.tcvn3_used[usize::from(tcvn3)] = true;
        t.vni_used[usize::from(vni.first)] = true;
        if let Some(mark) = vni.second {
            t.vni_used[usize::from(mark)] = true;
        }
        if letter.is_lowercase() || !t.tcvn3_dec.contains_key(&tcvn3) {
            t.tcvn3_dec.insert(tcvn3, letter);
        }
        match vni.second {
            Some(mark) => t.vni_pair.insert((vni.first, mark), letter),
            None => t.vni_single.insert(vni.first, letter),
        };
        t.vni_enc.insert(letter, vni);
        t.cp1258_enc.insert(letter, cp1258);
    }
    for b in 0..=255u8 {
        let one = [b];
        let (c1252, _) = WINDOWS_1252.decode_without_bom_handling(&one);
        let (c1258, _) = WINDOWS_1258.decode_without_bom_handling(&one);
        let c1252 = c1252.chars().next().unwrap_or('\u{FFFD}');
        t.cp1252[usize::from(b)] = c1252;
        t.to_byte.insert(c1252, b);
        t.to_byte.entry(char::from(b)).or_insert(b);
        if let Some(c) = c1258.chars().next() {
            t.to_byte.entry(c).or_insert(b);
        }
    }
    let top = t.to_byte.keys().map(|&c| c as usize).max().unwrap_or(0);
    t.dense = vec![0; top + 1];
    for (&c, &b) in &t.to_byte {
        if let Some(slot) = t.dense.get_mut(c as usize) {
            *slot = u16::from(b) + 1;
        }
    }
    t
}

impl Tables {
    /// The byte a single-byte reading turned into `c`, if any (see `to_byte`).
    pub fn byte_of(&self, c: char) -> Option<u8> {
        let v = *self.dense.get(c as usize)?;
        u8::try_from(v.checked_sub(1)?).ok()
    }
}

/// TCVN3 bytes → text (NFC). Letters with tone marks come out lower case (TCVN3 has no
/// such capitals); bytes that are no letter are read as Windows-1252.
pub fn decode_tcvn3(bytes: &[u8]) -> String {
    let t = tables();
    bytes
        .iter()
        .map(|&b| match t.tcvn3_dec.get(&b) {
            Some(&c) => c,
            None => t.cp1252[usize::from(b)],
        })
        .collect()
}

/// VNI-Windows bytes → text (NFC): base letter + mark byte pairs, the single-byte
/// letters, anything else as Windows-1252.
pub fn decode_vni(bytes: &[u8]) -> String {
    let t = tables();
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(&c) = bytes.get(i + 1).and_then(|&m| t.vni_pair.get(&(b, m))) {
            out.push(c);
            i += 2;
            continue;
        }
        out.push(match t.vni_single.get(&b) {
            Some(&c) => c,
            None => t.cp1252[usize::from(b)],
        });
        i += 1;
    }
    out
}

/// Windows-1258 bytes → NFC text (the tone bytes are combining marks).
pub fn decode_cp1258(bytes: &[u8]) -> String {
    let (text, _) = WINDOWS_1258.decode_without_bom_handling(bytes);
    crate::normalize::text::nfc(&text)
}

/// Byte for a char outside the letter table, when the charset leaves that byte free
/// for it; else `?`.
fn other_byte(c: char, used: &[bool; 256]) -> u8 {
    let t = tables();
    match t.byte_of(c) {
        Some(b) if c.is_ascii() || (t.cp1252[usize::from(b)] == c && !used[usize::from(b)]) => b,
        _ => b'?',
    }
}

/// NFC text → TCVN3 bytes. Capitals with tone marks share the small letter's byte (so
/// they decode lower case); chars TCVN3 cannot write become `?`.
pub fn encode_tcvn3(text: &str) -> Vec<u8> {
    let t = tables();
    text.chars()
        .map(|c| match t.tcvn3_enc.get(&c) {
            Some(&b) => b,
            None => other_byte(c, &t.tcvn3_used),
        })
        .collect()
}

/// NFC text → VNI-Windows bytes; chars VNI cannot write become `?`.
pub fn encode_vni(text: &str) -> Vec<u8> {
    let t = tables();
    let mut out = Vec::with_capacity(text.len() + text.len() / 2);
    for c in text.chars() {
        match t.vni_enc.get(&c) {
            Some(b) => {
                out.push(b.first);
                out.extend(b.second);
            }
            None => out.push(other_byte(c, &t.vni_used)),
        }
    }
    out
}

/// NFC text → Windows-1258 bytes: precomposed base + combining tone byte, as Windows
/// writes it; chars Windows-1258 cannot write become `?`.
pub fn encode_cp1258(text: &str) -> Vec<u8> {
    let t = tables();
    let mut out = Vec::with_capacity(text.len() + text.len() / 2);
    for c in text.chars() {
        match t.cp1258_enc.get(&c) {
            Some(b) => {
                out.push(b.first);
                out.extend(b.second);
            }
            None => out.push(cp1258_byte(c)),
        }
    }
    out
}

/// Windows-1258 byte of a char outside the letter table (punctuation, €, …).
fn cp1258_byte(c: char) -> u8 {
    if c.is_ascii() {
        return c as u8;
    }
    let mut buf = [0u8; 4];
    let mut enc = WINDOWS_1258.new_encoder();
    let (res, _, written) =
        enc.encode_from_utf8_without_replacement(c.encode_utf8(&mut [0; 4]), &mut buf, true);
    match res {
        encoding_rs::EncoderResult::InputEmpty if written == 1 => buf[0],
        _ => b'?',
    }
}
