//! Bytes of a CSV file → NFC text. Detects the encoding (BOM, valid UTF-8, then the
//! legacy Vietnamese encodings scored by how Vietnamese the result reads) unless the
//! project forces one, and refuses files that are not text at all.

use crate::normalize::syllable::vietnamese_score;
use crate::normalize::text::{nfc, nfc_text};
use crate::project::Encoding;
use crate::read::legacy;
use std::borrow::Cow;

/// A decoded file.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    /// Whether the file started with a byte-order mark.
    pub bom: bool,
    /// Whether the encoding was detected (false: forced by merge.toml).
    pub detected: bool,
}

/// Why a file is not text we can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    Pdf,
    Zip,
    Binary,
    /// Invalid bytes in a file declared or detected as UTF-8/UTF-16: (line, byte column).
    Invalid {
        line: u64,
        column: u64,
    },
}

/// Decode `bytes` with `forced`, or detect the encoding.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<Decoded, NotText> {
    if bytes.starts_with(b"%PDF") {
        return Err(NotText::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(NotText::Zip);
    }
    let (enc, bom, detected) = match forced {
        Some(e) => (e, bom_of(bytes).is_some_and(|b| b == e), false),
        None => match bom_of(bytes) {
            Some(e) => (e, true, true),
            None => (sniff(bytes)?, false, true),
        },
    };
    // UTF-8 text is borrowed from the bytes until it is made NFC: one copy of a
    // province's file instead of two.
    let text: Cow<str> = match enc {
        Encoding::Utf8 => utf8(bytes)?,
        Encoding::Utf16le => strict(encoding_rs::UTF_16LE, bytes)?.into(),
        Encoding::Utf16be => strict(encoding_rs::UTF_16BE, bytes)?.into(),
        Encoding::Windows1258 => {
            let body = strip_utf8_bom(bytes);
            encoding_rs::WINDOWS_1258
                .decode_without_bom_handling(body)
                .0
                .into_owned()
                .into()
        }
        Encoding::Tcvn3 => legacy::decode_tcvn3(strip_utf8_bom(bytes)).into(),
        Encoding::Vni => legacy::decode_vni(strip_utf8_bom(bytes)).into(),
    };
    if text.contains('\0') {
        return Err(NotText::Binary);
    }
    Ok(Decoded {
        text: nfc_text(text),
        encoding: enc,
        bom,
        detected,
    })
}

fn strip_utf8_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn bom_of(bytes: &[u8]) -> Option<Encoding> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        Some(Encoding::Utf8)
    } else if bytes.starts_with(b"\xFF\xFE") {
        Some(Encoding::Utf16le)
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some(Encoding::Utf16be)
    } else {
        None
    }
}

/// UTF-8, validated with SIMD (a province's files are tens of megabytes of
/// mostly multi-byte text); the strict decoder runs only to say where a bad byte is.
fn utf8(bytes: &[u8]) -> Result<Cow<'_, str>, NotText> {
    match simdutf8::basic::from_utf8(strip_utf8_bom(bytes)) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(_) => strict(encoding_rs::UTF_8, bytes).map(Cow::Owned),
    }
}

/// Decode strictly: a malformed sequence is an error naming where it is.
fn strict(enc: &'static encoding_rs::Encoding, bytes: &[u8]) -> Result<String, NotText> {
    let (text, had_errors) = enc.decode_with_bom_removal(bytes);
    if !had_errors {
        return Ok(text.into_owned());
    }
    // Find the first replacement character to say where the damage is.
    let mut line = 1;
    let mut column = 1;
    for c in text.chars() {
        if c == '\u{FFFD}' {
            break;
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    Err(NotText::Invalid { line, column })
}

/// No BOM: UTF-8 if valid, else the legacy encoding whose text reads most Vietnamese.
fn sniff(bytes: &[u8]) -> Result<Encoding, NotText> {
    let sample = &bytes[..bytes.len().min(256 * 1024)];
    let zeros = sample.iter().filter(|&&b| b == 0).count();
    if zeros * 4 > sample.len() {
        // Many NULs and no BOM: UTF-16 without BOM, or binary. Guess by position.
        let odd = sample
            .iter()
            .skip(1)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count();
        let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
        return if odd > even * 4 {
            Ok(Encoding::Utf16le)
        } else if even > odd * 4 {
            Ok(Encoding::Utf16be)
        } else {
            Err(NotText::Binary)
        };
    }
    if zeros > 0 {
        return Err(NotText::Binary);
    }
    match simdutf8::compat::from_utf8(bytes) {
        Ok(_) => return Ok(Encoding::Utf8),
        // A file cut in the middle of a character is still UTF-8.
        Err(e) if e.error_len().is_none() => return Ok(Encoding::Utf8),
        Err(_) => {}
    }
    if looks_like_broken_utf8(sample) {
        return Ok(Encoding::Utf8); // let the strict decoder name the bad byte
    }
    let candidates = [
        (
            Encoding::Windows1258,
            nfc(&encoding_rs::WINDOWS_1258
                .decode_without_bom_handling(sample)
                .0),
        ),
        (Encoding::Tcvn3, legacy::decode_tcvn3(sample)),
        (Encoding::Vni, legacy::decode_vni(sample)),
    ];
    let mut best = (Encoding::Windows1258, f64::MIN);
    for (enc, text) in candidates {
        let score = vietnamese_score(&text);
        if score > best.1 {
            best = (enc, score);
        }
    }
    Ok(best.0)
}

/// Mostly valid multi-byte UTF-8 with a few bad bytes: a damaged UTF-8 file rather
/// than a legacy one (legacy files have no valid multi-byte sequences at all).
fn looks_like_broken_utf8(sample: &[u8]) -> bool {
    let mut valid_multibyte = 0usize;
    let mut rest = sample;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid_multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                valid_multibyte += std::str::from_utf8(good)
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                let skip = e.error_len().unwrap_or(bad.len()).max(1);
                rest = bad.get(skip..).unwrap_or(&[]);
                if rest.is_empty() {
                    break;
                }
            }
        }
    }
    valid_multibyte >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_are_detected() {
        let d = decode(b"\xEF\xBB\xBFH\xE1\xBB\x8D", None).unwrap();
        assert_eq!(
            (d.encoding, d.bom, d.text.as_str()),
            (Encoding::Utf8, true, "Họ")
        );
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Họ".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let d = decode(&le, None).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), (Encoding::Utf16le, "Họ"));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Họ".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode(&be, None).unwrap().encoding, Encoding::Utf16be);
    }

    #[test]
    fn plain_utf8_without_bom() {
        let d = decode("Nguyễn".as_bytes(), None).unwrap();
        assert_eq!((d.encoding, d.bom), (Encoding::Utf8, false));
    }

    #[test]
    fn pdf_zip_and_nul_are_refused() {
        assert_eq!(decode(b"%PDF-1.4 ...", None).unwrap_err(), NotText::Pdf);
        assert_eq!(decode(b"PK\x03\x04junk", None).unwrap_err(), NotText::Zip);
        assert_eq!(
            decode(b"a,b\n\0\x01,c\n", None).unwrap_err(),
            NotText::Binary
        );
    }

    #[test]
    fn damaged_utf8_names_line_and_column() {
        let bytes = "Họ tên,Ngày\nNguyễn Văn A,1\nTrần \u{1EA0}"
            .as_bytes()
            .to_vec();
        let mut bad = bytes.clone();
        bad.extend_from_slice(b"\xFF\xFEx\n");
        let err = decode(&bad, None).unwrap_err();
        assert_eq!(err, NotText::Invalid { line: 3, column: 7 });
    }
}
