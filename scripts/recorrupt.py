#!/usr/bin/env python3
"""Re-corrupt a `sapnhap gen` project with an independent corruption model.

    scripts/recorrupt.py PROJECT OUT --seed N [--scale X] [--only K1,K2] [--set K=RATE] [--force]

Copies PROJECT to OUT (without PROJECT/out) and corrupts the *person rows* of every
staff and party roster named in merge.toml with a model written independently of
`src/synth/corrupt.rs`. Units, plan and truth.csv are left alone; no row is added,
removed or reordered and the record-id column is never touched, so truth.csv stays
valid. The corruption is stacked on top of what `gen` already did. Every change is
logged to OUT/recorrupt-changes.csv (source, roster, record_id, field, kind, before,
after). Python 3 standard library only.

File handling (encodings are kept honest):
  * UTF-8 (with or without BOM), UTF-16 (BOM) and Windows-1258 CSVs are written back in
    the same encoding, delimiter, BOM and line ending (Windows-1258 with combining tone
    marks, as the generator writes it).
  * TCVN3 and VNI-Windows CSVs (no Python codec) are decoded with the tables below and
    written as UTF-8 with BOM; merge.toml's `encoding` for them becomes "utf-8".
  * An .xlsx roster is converted to a UTF-8 (BOM) comma CSV next to it (date-formatted
    cells as dd/mm/yyyy, other numbers as Excel would show them in a CSV export) and
    merge.toml points at the CSV.

Corruption model. Each kind is drawn independently per record, from a generator seeded by
(seed, record, kind), so changing one rate changes only that kind (rate = probability per
record, multiplied by --scale, default 1; --only keeps the named kinds, --set changes
one rate; a kind that does not apply to the value, e.g. tone_moved on a name with no
oa/oe/uy syllable, leaves it alone):

  name (full-name column, or the family + given columns of a split-name file)
    name_swapped        0.030  given name first: "Hùng Nguyễn Văn" (split file: the two
                               columns swapped)
    middle_dropped      0.030  "Nguyễn Hùng" for "Nguyễn Văn Hùng"
    middle_abbrev       0.030  "Nguyễn V. Hùng"
    one_column          0.030  split file only: whole name in the family column, given empty
    tone_moved          0.080  old/new tone placement on one open oa/oe/uy syllable: hoà/hòa,
                               thuỷ/thủy (few names have one, so it strikes rarely)
    syllable_unmarked   0.050  one syllable loses its tone (half the time: all its marks, đ→d)
    telex_residue       0.010  one syllable left as Telex keystrokes: "Nguyeenx"
    upper               0.060  NGUYỄN VĂN HÙNG
    lower               0.030  nguyễn văn hùng
    extra_spaces        0.050  doubled inner space and/or leading/trailing space
    nbsp                0.030  one inner space is U+00A0
    honorific           0.010  "Đ/c " prefixed (split file: to the family column)
  birth date (only when the cell parses as a full date; serial numbers included)
    date_iso            0.050  1980-03-05 (half of them with " 00:00:00")
    date_dotted         0.030  05.03.1980
    date_two_digit_year 0.030  5/3/80
    date_words          0.020  "ngày 5 tháng 3 năm 1980"
    date_month_year     0.015  03/1980
    date_year_only      0.020  1980
    date_dm_swapped     0.020  month and day swapped (only when day <= 12 and day != month)
    date_missing        0.010  empty
  gender
    gender_missing      0.030  empty
    gender_unmarked     0.020  "Nu"/"NAM" style (text values only)
  national id (CCCD/CMND)
    id_missing          0.040  empty
    id_cmnd             0.030  12-digit CCCD replaced by the person's old 9-digit CMND: the
                               one another of their records already shows, else one
                               invented per person (truth.csv says who the person is)
    id_neighbour        0.005  the previous row's ID pasted in (another person; fill-down slip)
    id_typo             0.015  one digit changed
    id_transposed       0.010  two adjacent digits swapped
    id_excel_sci        0.010  Excel scientific notation: "3.00829E+11"
    id_spaces           0.030  "030 082 933 576"
    id_dots             0.020  "030.082.933.576"
    id_apostrophe       0.030  "'030082933576"
  phone
    phone_missing       0.060  empty
    phone_plus84        0.030  "+84 912 345 678" or "+84912345678"
    phone_84            0.010  "84912345678"
    phone_paren84       0.010  "(+84) 912345678"
    phone_dots          0.040  "0912.345.678"
    phone_spaces        0.030  "0912 345 678"
    phone_zero_lost     0.020  "912345678" (Excel number)
    phone_two           0.010  a second (random) number appended: "0912345678 - 0987654321"
  email
    email_missing       0.040  empty
    email_upper         0.020  upper case
  hometown
    hometown_missing    0.050  empty
    hometown_abbrev     0.120  "TP. HP", "H. Vĩnh Bảo", "T. Hải Dương", "X. Tứ Cường", "P. Bắc Hà"
    hometown_no_commune 0.030  first (commune) part dropped
    hometown_unmarked   0.020  diacritics removed
"""

import argparse
import csv
import hashlib
import io
import os
import random
import re
import shutil
import sys
import tomllib
import unicodedata
import zipfile
import xml.etree.ElementTree as ET
from datetime import date, timedelta

RATES = {
    "name_swapped": 0.03,
    "middle_dropped": 0.03,
    "middle_abbrev": 0.03,
    "one_column": 0.03,
    "tone_moved": 0.08,
    "syllable_unmarked": 0.05,
    "telex_residue": 0.01,
    "upper": 0.06,
    "lower": 0.03,
    "extra_spaces": 0.05,
    "nbsp": 0.03,
    "honorific": 0.01,
    "date_iso": 0.05,
    "date_dotted": 0.03,
    "date_two_digit_year": 0.03,
    "date_words": 0.02,
    "date_month_year": 0.015,
    "date_year_only": 0.02,
    "date_dm_swapped": 0.02,
    "date_missing": 0.01,
    "gender_missing": 0.03,
    "gender_unmarked": 0.02,
    "id_missing": 0.04,
    "id_cmnd": 0.03,
    "id_neighbour": 0.005,
    "id_typo": 0.015,
    "id_transposed": 0.01,
    "id_excel_sci": 0.01,
    "id_spaces": 0.03,
    "id_dots": 0.02,
    "id_apostrophe": 0.03,
    "phone_missing": 0.06,
    "phone_plus84": 0.03,
    "phone_84": 0.01,
    "phone_paren84": 0.01,
    "phone_dots": 0.04,
    "phone_spaces": 0.03,
    "phone_zero_lost": 0.02,
    "phone_two": 0.01,
    "email_missing": 0.04,
    "email_upper": 0.02,
    "hometown_missing": 0.05,
    "hometown_abbrev": 0.12,
    "hometown_no_commune": 0.03,
    "hometown_unmarked": 0.02,
}

# ---------------------------------------------------------------------------------
# Legacy Vietnamese encodings
# ---------------------------------------------------------------------------------

# TCVN3 (TCVN 5712:1993, "ABC"/.VnTime): bytes 0x80..0xFF. Bytes below 0x80 are ASCII.
TCVN3_HIGH = (
    "\xc0\u1ea2\xc3\xc1\u1ea0\u1eb6\u1eac\xc8\u1eba\u1ebc\xc9\u1eb8\u1ec6\xcc\u1ec8\u0128"
    "\xcd\u1eca\xd2\u1ece\xd5\xd3\u1ecc\u1ed8\u1edc\u1ede\u1ee0\u1eda\u1ee2\xd9\u1ee6\u0168"
    "\xa0\u0102\xc2\xca\xd4\u01a0\u01af\u0110\u0103\xe2\xea\xf4\u01a1\u01b0\u0111\u1eb0"
    "\u0300\u0309\u0303\u0301\u0323\xe0\u1ea3\xe3\xe1\u1ea1\u1eb2\u1eb1\u1eb3\u1eb5\u1eaf\u1eb4"
    "\u1eae\u1ea6\u1ea8\u1eaa\u1ea4\u1ec0\u1eb7\u1ea7\u1ea9\u1eab\u1ea5\u1ead\xe8\u1ec2\u1ebb\u1ebd"
    "\xe9\u1eb9\u1ec1\u1ec3\u1ec5\u1ebf\u1ec7\xec\u1ec9\u1ec4\u1ebe\u1ed2\u0129\xed\u1ecb\xf2"
    "\u1ed4\u1ecf\xf5\xf3\u1ecd\u1ed3\u1ed5\u1ed7\u1ed1\u1ed9\u1edd\u1edf\u1ee1\u1edb\u1ee3\xf9"
    "\u1ed6\u1ee7\u0169\xfa\u1ee5\u1eeb\u1eed\u1eef\u1ee9\u1ef1\u1ef3\u1ef7\u1ef9\xfd\u1ef5\u1ed0"
)
assert len(TCVN3_HIGH) == 128


def decode_tcvn3(data):
    text = "".join(chr(b) if b < 0x80 else TCVN3_HIGH[b - 0x80] for b in data)
    return unicodedata.normalize("NFC", text)


# VNI-Windows: a base letter followed by mark bytes (Latin-1 positions).
GRAVE, ACUTE, HOOK, TILDE, DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
CIRC, BREVE, HORN = "\u0302", "\u0306", "\u031b"
TONE_MARKS = (GRAVE, ACUTE, HOOK, TILDE, DOT)
VNI_LETTERS = {  # stand-alone letters
    0xF4: "ơ", 0xD4: "Ơ", 0xF6: "ư", 0xD6: "Ư", 0xF1: "đ", 0xD1: "Đ",
    0xEC: "ì", 0xED: "í", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị",
    0xCC: "Ì", 0xCD: "Í", 0xC6: "Ỉ", 0xD3: "Ĩ", 0xD2: "Ị",
    0xEE: "ỵ", 0xCE: "Ỵ",
}
VNI_MARKS = {  # marks that follow a vowel; lower- and upper-case byte forms
    0xF8: GRAVE, 0xD8: GRAVE, 0xF9: ACUTE, 0xD9: ACUTE, 0xFB: HOOK, 0xDB: HOOK,
    0xF5: TILDE, 0xD5: TILDE, 0xEF: DOT, 0xCF: DOT,
    0xE2: CIRC, 0xC2: CIRC, 0xE0: CIRC + GRAVE, 0xC0: CIRC + GRAVE,
    0xE1: CIRC + ACUTE, 0xC1: CIRC + ACUTE, 0xE5: CIRC + HOOK, 0xC5: CIRC + HOOK,
    0xE3: CIRC + TILDE, 0xC3: CIRC + TILDE, 0xE4: CIRC + DOT, 0xC4: CIRC + DOT,
    0xEA: BREVE, 0xCA: BREVE, 0xE8: BREVE + GRAVE, 0xC8: BREVE + GRAVE,
    0xE9: BREVE + ACUTE, 0xC9: BREVE + ACUTE, 0xFA: BREVE + HOOK, 0xDA: BREVE + HOOK,
    0xFC: BREVE + TILDE, 0xDC: BREVE + TILDE, 0xEB: BREVE + DOT, 0xCB: BREVE + DOT,
}
VNI_BASES = set("aeiouyAEIOUYơƠưƯ")


def decode_vni(data):
    out = []
    for b in data:
        mark = VNI_MARKS.get(b)
        if mark is not None and out and out[-1] and out[-1][0] in VNI_BASES:
            out[-1] = out[-1] + mark
        elif b in VNI_LETTERS:
            out.append(VNI_LETTERS[b])
        else:
            try:
                out.append(bytes([b]).decode("cp1252"))
            except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D
                out.append(chr(b))
    return unicodedata.normalize("NFC", "".join(out))


def encode_cp1258(text):
    """Windows-1258 as the generator writes it: base letters with circumflex, breve and
    horn precomposed, tone marks as combining characters."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        # 'à', 'á' … also exist precomposed in cp1258; written decomposed, like gen does.
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in d if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONE_MARKS))
        try:
            out += (base + tones).encode("cp1258")
        except UnicodeEncodeError:
            raise SystemExit(f"recorrupt: {ch!r} cannot be written in Windows-1258")
    return bytes(out)


# ---------------------------------------------------------------------------------
# Tables: CSV in and out, XLSX in
# ---------------------------------------------------------------------------------


class Table:
    def __init__(self, rows, encoding, bom, delimiter, newline, final_newline):
        self.rows = rows
        self.encoding = encoding  # utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni
        self.bom = bom
        self.delimiter = delimiter
        self.newline = newline
        self.final_newline = final_newline


def decode_bytes(data, declared):
    enc = (declared or "").lower()
    aliases = {"utf8": "utf-8", "utf16le": "utf-16le", "utf16be": "utf-16be", "cp1258": "windows-1258",
               "tcvn": "tcvn3", "tcvn5712": "tcvn3", "abc": "tcvn3", "vni-windows": "vni", "vni-win": "vni"}
    enc = aliases.get(enc, enc)
    if data.startswith(b"\xef\xbb\xbf") and enc in ("", "utf-8"):
        return data[3:].decode("utf-8"), "utf-8", True
    if data.startswith(b"\xff\xfe") and enc in ("", "utf-16le"):
        return data[2:].decode("utf-16-le"), "utf-16le", True
    if data.startswith(b"\xfe\xff") and enc in ("", "utf-16be"):
        return data[2:].decode("utf-16-be"), "utf-16be", True
    if enc in ("", "utf-8"):
        return data.decode("utf-8"), "utf-8", False  # undeclared legacy files are not guessed
    if enc in ("utf-16le", "utf-16be"):
        return data.decode(enc), enc, False
    if enc == "windows-1258":
        return unicodedata.normalize("NFC", data.decode("cp1258")), enc, False
    if enc == "tcvn3":
        return decode_tcvn3(data), enc, False
    if enc == "vni":
        return decode_vni(data), enc, False
    raise SystemExit(f"recorrupt: unsupported encoding {declared!r}")


def read_csv(path, declared_encoding, declared_delimiter):
    with open(path, "rb") as f:
        data = f.read()
    text, enc, bom = decode_bytes(data, declared_encoding)
    newline = "\r\n" if "\r\n" in text else "\n"
    final_newline = text.endswith("\n")
    first = text.split("\n", 1)[0]
    delim = declared_delimiter or max([",", ";", "\t"], key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    return Table(rows, enc, bom, delim, newline, final_newline)


def write_csv(path, table, encoding=None, bom=None):
    enc = encoding or table.encoding
    bom = table.bom if bom is None else bom
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=table.delimiter, lineterminator=table.newline, quoting=csv.QUOTE_MINIMAL)
    w.writerows(table.rows)
    text = buf.getvalue()
    if not table.final_newline and text.endswith(table.newline):
        text = text[: -len(table.newline)]
    if enc == "utf-8":
        data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    elif enc == "utf-16le":
        data = (b"\xff\xfe" if bom else b"") + text.encode("utf-16-le")
    elif enc == "utf-16be":
        data = (b"\xfe\xff" if bom else b"") + text.encode("utf-16-be")
    elif enc == "windows-1258":
        data = encode_cp1258(text)
    else:
        raise SystemExit(f"recorrupt: cannot write {enc}")
    with open(path, "wb") as f:
        f.write(data)


NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "pr": "http://schemas.openxmlformats.org/package/2006/relationships"}
DATE_BUILTIN_FORMATS = set(range(14, 23)) | {45, 46, 47}


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for c in letters:
        n = n * 26 + ord(c) - 64
    return n - 1


def excel_number_text(v):
    x = float(v)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def read_xlsx(path, sheet):
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    sheets = wb.findall("m:sheets/m:sheet", NS)
    chosen = next((s for s in sheets if sheet is None or s.get("name") == sheet), None)
    if chosen is None:
        raise SystemExit(f"recorrupt: {path}: no sheet {sheet!r}")
    rid = chosen.get("{%s}id" % NS["r"])
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels.findall("pr:Relationship", NS) if r.get("Id") == rid)
    target = target.lstrip("/")
    sheet_path = target if target.startswith("xl/") else "xl/" + target
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    date_styles = set()
    if "xl/styles.xml" in z.namelist():
        st = ET.fromstring(z.read("xl/styles.xml"))
        custom = {int(n.get("numFmtId")): n.get("formatCode") for n in st.findall("m:numFmts/m:numFmt", NS)}
        for i, xf in enumerate(st.findall("m:cellXfs/m:xf", NS)):
            fid = int(xf.get("numFmtId", "0"))
            code = re.sub(r'"[^"]*"|\[[^]]*\]', "", custom.get(fid, "")).lower()
            if fid in DATE_BUILTIN_FORMATS or ("d" in code and "y" in code):
                date_styles.add(i)
    rows = []
    for row in ET.fromstring(z.read(sheet_path)).findall("m:sheetData/m:row", NS):
        cells = {}
        for c in row.findall("m:c", NS):
            t = c.get("t", "n")
            v = c.find("m:v", NS)
            if t == "s":
                val = shared[int(v.text)]
            elif t == "inlineStr":
                val = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
            elif v is None:
                val = ""
            elif t in ("str", "e"):
                val = v.text or ""
            elif t == "b":
                val = "TRUE" if v.text == "1" else "FALSE"
            elif int(c.get("s", "0")) in date_styles:
                d = date(1899, 12, 30) + timedelta(days=int(float(v.text)))
                val = f"{d.day:02d}/{d.month:02d}/{d.year}"
            else:
                val = excel_number_text(v.text)
            cells[col_index(c.get("r"))] = val
        width = max(cells) + 1 if cells else 0
        rows.append([cells.get(i, "") for i in range(width)])
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    while rows and not any(rows[-1]):
        rows.pop()
    return Table(rows, "utf-8", True, ",", "\r\n", True)


# ---------------------------------------------------------------------------------
# Columns
# ---------------------------------------------------------------------------------


def strip_marks(s):
    d = unicodedata.normalize("NFD", s)
    d = "".join(c for c in d if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", d.replace("đ", "d").replace("Đ", "D").replace("Ð", "D"))


def header_field(h):
    k = re.sub(r"\s+", " ", strip_marks(h).lower()).strip()
    if "cccd" in k or "cmnd" in k or "dinh danh" in k:
        return "id"
    if "sinh" in k and ("ngay" in k or "nam" in k) and "khai sinh" not in k:
        return "birth"
    if k in ("gioi tinh", "nam/nu", "phai", "gioi"):
        return "gender"
    if "dien thoai" in k or "di dong" in k or k in ("sdt", "dt", "so dt"):
        return "phone"
    if "email" in k or "thu dien tu" in k or k == "e-mail":
        return "email"
    if "que quan" in k or "nguyen quan" in k:
        return "hometown"
    if k.startswith("ho") and "dem" in k:
        return "family"
    if k in ("ten", "ten goi"):
        return "given"
    if k.startswith("ho") and "ten" in k:
        return "name"
    return None


# ---------------------------------------------------------------------------------
# Corruptions
# ---------------------------------------------------------------------------------


class Corruptor:
    def __init__(self, seed, scale, person_of, cmnd_of, log):
        self.seed = seed
        self.scale = scale
        self.person_of = person_of
        self.cmnd_of = cmnd_of
        self.log = log
        self.counts = {}
        self.rng = random.Random()
        self.ref = None

    def hit(self, kind, field=""):
        # One generator per (record, kind, field): whether and how a kind strikes a
        # record does not depend on the other kinds' rates or on the row order.
        self.rng = random.Random(f"recorrupt:{self.seed}:{':'.join(self.ref)}:{kind}:{field}")
        return self.rng.random() < RATES[kind] * self.scale

    def note(self, field, kind, before, after):
        if before != after:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            self.log.append(self.ref + (field, kind, before, after))

    def blanked(self, field, text):
        """Whether `<field>_missing` strikes: then the change is logged."""
        if self.hit(f"{field}_missing"):
            self.note(field, f"{field}_missing", text, "")
            return True
        return False

    # --- names ----------------------------------------------------------------------

    @staticmethod
    def move_tone(word):
        d = unicodedata.normalize("NFD", word)
        tones = [c for c in d if c in TONE_MARKS]
        if len(tones) != 1:
            return None
        bare = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONE_MARKS))
        low = bare.lower()
        if low.startswith("qu") or not any(low.endswith(x) for x in ("oa", "oe", "uy")):
            return None
        i = len(bare) - 2
        variants = [bare[:k] + unicodedata.normalize("NFC", bare[k] + tones[0]) + bare[k + 1:] for k in (i, i + 1)]
        other = [v for v in variants if v != unicodedata.normalize("NFC", word)]
        return other[0] if len(other) == 1 else None

    @staticmethod
    def unmark_syllable(word, all_marks):
        if all_marks:
            return strip_marks(word)
        d = unicodedata.normalize("NFD", word)
        return unicodedata.normalize("NFC", "".join(c for c in d if c not in TONE_MARKS))

    @staticmethod
    def telex(word):
        keys = {GRAVE: "f", ACUTE: "s", HOOK: "r", TILDE: "x", DOT: "j"}
        out, tone = [], ""
        for ch in word:
            d = unicodedata.normalize("NFD", ch)
            base, marks = d[0], d[1:]
            if base in "đĐ":
                out.append(base.replace("đ", "dd").replace("Đ", "DD"))
                continue
            for m in marks:
                if m in keys:
                    tone = keys[m]
            if CIRC in marks:
                out.append(base + base.lower())
            elif BREVE in marks or HORN in marks:
                out.append(base + "w")
            else:
                out.append(base)
        return "".join(out) + tone

    def spell(self, field, text):
        """Spelling-level corruptions on a name string (any column)."""
        words = text.split()
        if not words:
            return text
        before = text
        changed = False
        if self.hit("tone_moved", field):
            idx = [i for i, w in enumerate(words) if self.move_tone(w)]
            if idx:
                i = self.rng.choice(idx)
                words[i] = self.move_tone(words[i])
                self.note(field, "tone_moved", before, " ".join(words))
                before, changed = " ".join(words), True
        if self.hit("syllable_unmarked", field):
            idx = [i for i, w in enumerate(words) if strip_marks(w) != w]
            if idx:
                i = self.rng.choice(idx)
                words[i] = self.unmark_syllable(words[i], self.rng.random() < 0.5)
                self.note(field, "syllable_unmarked", before, " ".join(words))
                before, changed = " ".join(words), True
        if self.hit("telex_residue", field):
            idx = [i for i, w in enumerate(words) if strip_marks(w) != w]
            if idx:
                i = self.rng.choice(idx)
                words[i] = self.telex(words[i])
                self.note(field, "telex_residue", before, " ".join(words))
                changed = True
        return " ".join(words) if changed else text

    def case_and_space(self, field, text, words_allowed=True):
        if not text.strip():
            return text
        before = text
        if self.hit("upper", field):
            text = text.upper()
            self.note(field, "upper", before, text)
        elif self.hit("lower", field):
            text = text.lower()
            self.note(field, "lower", before, text)
        before = text
        if self.hit("extra_spaces", field):
            words = text.split(" ")
            if len(words) > 1 and self.rng.random() < 0.6:
                i = self.rng.randrange(len(words) - 1)
                words[i] += " "
            text = " ".join(words)
            if text == before or self.rng.random() < 0.5:
                text = self.rng.choice([" " + text, text + " ", text + "  "])
            self.note(field, "extra_spaces", before, text)
        before = text
        if self.hit("nbsp", field):
            spots = [m.start() for m in re.finditer(r"(?<=\S) (?=\S)", text)]
            if spots:
                i = self.rng.choice(spots)
                text = text[:i] + "\u00a0" + text[i + 1:]
                self.note(field, "nbsp", before, text)
        return text

    def full_name(self, text):
        words = text.split()
        before = text
        original = list(words)
        if len(words) >= 3 and self.hit("middle_dropped"):
            words = [words[0], words[-1]]
            self.note("name", "middle_dropped", before, " ".join(words))
        elif len(words) >= 3 and self.hit("middle_abbrev"):
            words = [words[0]] + [w[0] + "." for w in words[1:-1]] + [words[-1]]
            self.note("name", "middle_abbrev", before, " ".join(words))
        b2 = " ".join(words)
        if len(words) >= 2 and self.hit("name_swapped"):
            words = [words[-1]] + words[:-1]
            self.note("name", "name_swapped", b2, " ".join(words))
        if words != original:  # otherwise keep the cell's own spacing
            text = " ".join(words)
        text = self.spell("name", text)
        text = self.case_and_space("name", text)
        if text.strip() and self.hit("honorific"):
            b = text
            text = "Đ/c " + text
            self.note("name", "honorific", b, text)
        return text

    def split_name(self, family, given):
        fam, giv = family.split(), given.split()
        before = (family, given)
        show = lambda f, g: " ".join(f) + " | " + " ".join(g)
        if len(fam) >= 2 and self.hit("middle_dropped"):
            fam = fam[:1]
            self.note("name", "middle_dropped", show(*[b.split() for b in before]), show(fam, giv))
        elif len(fam) >= 2 and self.hit("middle_abbrev"):
            fam = fam[:1] + [w[0] + "." for w in fam[1:]]
            self.note("name", "middle_abbrev", show(*[b.split() for b in before]), show(fam, giv))
        b2 = (fam, giv)
        if fam and giv and self.hit("name_swapped"):
            fam, giv = giv, fam
            self.note("name", "name_swapped", show(*b2), show(fam, giv))
        elif fam and giv and self.hit("one_column"):
            fam, giv = fam + giv, []
            self.note("name", "one_column", show(*b2), show(fam, giv))
        if (fam, giv) != (family.split(), given.split()):
            family, given = " ".join(fam), " ".join(giv)
        family = self.case_and_space("family", self.spell("family", family))
        given = self.case_and_space("given", self.spell("given", given))
        if family.strip() and self.hit("honorific"):  # family column only
            b = family
            family = "Đ/c " + family
            self.note("family", "honorific", b, family)
        return family, given

    # --- dates ----------------------------------------------------------------------

    @staticmethod
    def parse_date(s):
        s = s.strip()
        m = re.fullmatch(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})", s)
        try:
            if m:
                return date(int(m.group(4)), int(m.group(3)), int(m.group(1))), m.group(2)
            m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
            if m:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "-"
            m = re.fullmatch(r"(\d{5})(?:\.0+)?", s)
            if m and 10000 < int(m.group(1)) < 50000:
                return date(1899, 12, 30) + timedelta(days=int(m.group(1))), "/"
        except ValueError:
            return None
        return None

    def birth(self, text):
        parsed = self.parse_date(text)
        if not parsed:
            return text
        d, sep = parsed
        kinds = ["date_iso", "date_dotted", "date_two_digit_year", "date_words", "date_month_year",
                 "date_year_only", "date_dm_swapped", "date_missing"]
        for kind in kinds:
            if not self.hit(kind):
                continue
            if kind == "date_iso":
                out = d.isoformat() + (" 00:00:00" if self.rng.random() < 0.5 else "")
            elif kind == "date_dotted":
                out = f"{d.day:02d}.{d.month:02d}.{d.year}"
            elif kind == "date_two_digit_year":
                out = f"{d.day}/{d.month}/{d.year % 100:02d}"
            elif kind == "date_words":
                out = f"ngày {d.day} tháng {d.month} năm {d.year}"
            elif kind == "date_month_year":
                out = f"{d.month:02d}/{d.year}"
            elif kind == "date_year_only":
                out = str(d.year)
            elif kind == "date_dm_swapped":
                if d.day > 12 or d.day == d.month:
                    continue
                out = f"{d.month:02d}{sep}{d.day:02d}{sep}{d.year}"
            else:
                out = ""
            self.note("birth", kind, text, out)
            return out
        return text

    # --- gender ---------------------------------------------------------------------

    def gender(self, text):
        if not text.strip():
            return text
        if self.blanked("gender", text):
            return ""
        if self.hit("gender_unmarked") and not text.strip().isdigit():
            out = strip_marks(text)
            out = out.upper() if self.rng.random() < 0.5 else out
            self.note("gender", "gender_unmarked", text, out)
            return out
        return text

    # --- national id ----------------------------------------------------------------

    def national_id(self, text, prev_raw):
        digits = re.sub(r"\D", "", text)
        if not digits:
            return text
        before = text
        if self.blanked("id", before):
            return ""
        if prev_raw is not None and re.sub(r"\D", "", prev_raw) and self.hit("id_neighbour"):
            self.note("id", "id_neighbour", before, prev_raw)
            return prev_raw
        if len(digits) == 12 and self.hit("id_cmnd"):
            person = self.person_of.get(self.ref)
            if person:
                cmnd = self.cmnd_of(person)
                self.note("id", "id_cmnd", before, cmnd)
                digits = cmnd
        d = list(digits)
        if self.hit("id_typo"):
            i = self.rng.randrange(len(d))
            d[i] = self.rng.choice([c for c in "0123456789" if c != d[i]])
            self.note("id", "id_typo", digits, "".join(d))
        if len(d) > 1 and self.hit("id_transposed"):
            i = self.rng.randrange(len(d) - 1)
            if d[i] != d[i + 1]:
                b = "".join(d)
                d[i], d[i + 1] = d[i + 1], d[i]
                self.note("id", "id_transposed", b, "".join(d))
        digits = "".join(d)
        out = text if digits == re.sub(r"\D", "", text) else digits
        if len(digits) >= 12 and self.hit("id_excel_sci"):
            mant = f"{int(digits):.5E}"  # Excel "General" in a narrow column
            m, e = mant.split("E")
            out = m.rstrip("0").rstrip(".") + "E+" + str(int(e))
            self.note("id", "id_excel_sci", digits, out)
            return out
        if self.hit("id_spaces"):
            out = " ".join(digits[i:i + 3] for i in range(0, len(digits), 3))
            self.note("id", "id_spaces", digits, out)
        elif self.hit("id_dots"):
            out = ".".join(digits[i:i + 3] for i in range(0, len(digits), 3))
            self.note("id", "id_dots", digits, out)
        elif self.hit("id_apostrophe"):
            out = "'" + digits
            self.note("id", "id_apostrophe", digits, out)
        return out

    # --- phone ----------------------------------------------------------------------

    def phone(self, text):
        digits = re.sub(r"\D", "", text)
        if not digits:
            return text
        if digits.startswith("84") and len(digits) == 11:
            digits = "0" + digits[2:]
        if self.blanked("phone", text):
            return ""
        if len(digits) != 10 or not digits.startswith("0"):
            return text
        n = digits[1:]
        fmts = [
            ("phone_plus84", lambda: self.rng.choice([f"+84 {n[:3]} {n[3:6]} {n[6:]}", f"+84{n}"])),
            ("phone_84", lambda: "84" + n),
            ("phone_paren84", lambda: f"(+84) {n}"),
            ("phone_dots", lambda: f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"),
            ("phone_spaces", lambda: f"{digits[:4]} {digits[4:7]} {digits[7:]}"),
            ("phone_zero_lost", lambda: n),
        ]
        out = text
        for kind, f in fmts:
            if self.hit(kind):
                out = f()
                self.note("phone", kind, text, out)
                break
        if self.hit("phone_two"):
            other = "0" + self.rng.choice("389") + "".join(self.rng.choice("0123456789") for _ in range(8))
            b = out
            out = f"{out} - {other}"
            self.note("phone", "phone_two", b, out)
        return out

    def email(self, text):
        if not text.strip():
            return text
        if self.blanked("email", text):
            return ""
        if self.hit("email_upper"):
            self.note("email", "email_upper", text, text.upper())
            return text.upper()
        return text

    # --- hometown -------------------------------------------------------------------

    ABBREV = [
        (r"\bthành phố Hải Phòng\b", "TP. HP"), (r"\bTP Hải Phòng\b", "TP. HP"),
        (r"\bthành phố Hồ Chí Minh\b", "TP. HCM"), (r"\bTP Hồ Chí Minh\b", "TP.HCM"),
        (r"\bthành phố Hà Nội\b", "TP. HN"), (r"\bthành phố Cần Thơ\b", "TP. CT"),
        (r"\bthành phố\s", "TP. "), (r"\bthị xã\s", "TX. "), (r"\bthị trấn\s", "TT. "),
        (r"\btỉnh\s", "T. "), (r"\bhuyện\s", "H. "), (r"\bquận\s", "Q. "),
        (r"\bphường\s", "P. "), (r"\bxã\s", "X. "),
    ]

    def hometown(self, text):
        if not text.strip():
            return text
        if self.blanked("hometown", text):
            return ""
        out = text
        if self.hit("hometown_abbrev"):
            for pat, rep in self.ABBREV:
                out = re.sub(pat, rep, out, flags=re.IGNORECASE)
            self.note("hometown", "hometown_abbrev", text, out)
        parts = out.split(", ")
        if len(parts) >= 3 and self.hit("hometown_no_commune"):
            b = out
            out = ", ".join(parts[1:])
            self.note("hometown", "hometown_no_commune", b, out)
        if self.hit("hometown_unmarked"):
            b = out
            out = strip_marks(out)
            self.note("hometown", "hometown_unmarked", b, out)
        return out

    # --- one roster -----------------------------------------------------------------

    def roster(self, source, roster, table, id_col):
        header = table.rows[0]
        fields = {i: header_field(h) for i, h in enumerate(header)}
        cols = {f: i for i, f in fields.items() if f}
        prev_raw = None
        prev_person = None
        for row in table.rows[1:]:
            if not any(c.strip() for c in row):
                continue
            width = len(row)
            row += [""] * (len(header) - len(row))
            rid = row[id_col]
            self.ref = (source, roster, rid)
            person = self.person_of.get(self.ref)
            if "name" in cols:
                row[cols["name"]] = self.full_name(row[cols["name"]])
            elif "family" in cols and "given" in cols:
                row[cols["family"]], row[cols["given"]] = self.split_name(row[cols["family"]], row[cols["given"]])
            if "birth" in cols:
                row[cols["birth"]] = self.birth(row[cols["birth"]])
            if "gender" in cols:
                row[cols["gender"]] = self.gender(row[cols["gender"]])
            if "id" in cols:
                raw = row[cols["id"]]
                neighbour = prev_raw if prev_person is not None and prev_person != person else None
                row[cols["id"]] = self.national_id(raw, neighbour)
                prev_raw, prev_person = raw, person
            if "phone" in cols:
                row[cols["phone"]] = self.phone(row[cols["phone"]])
            if "email" in cols:
                row[cols["email"]] = self.email(row[cols["email"]])
            if "hometown" in cols:
                row[cols["hometown"]] = self.hometown(row[cols["hometown"]])
            while len(row) > width and row[-1] == "":
                row.pop()
        return cols


# ---------------------------------------------------------------------------------
# Project
# ---------------------------------------------------------------------------------


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


def toml_inline(spec):
    parts = []
    for k, v in spec.items():
        if isinstance(v, dict):
            parts.append(f"{k} = " + toml_inline(v))
        else:
            parts.append(f"{k} = {toml_str(v)}")
    return "{ " + ", ".join(parts) + " }"


def rewrite_toml_entry(toml_text, source_key, roster, new_spec, comment):
    """Replace `roster = …` (one line) inside the [[sources]] block whose key is source_key."""
    lines = toml_text.split("\n")
    in_block, key_seen = False, False
    block_start = None
    for i, line in enumerate(lines):
        s = line.strip()
        if s.startswith("["):
            in_block = s == "[[sources]]"
            key_seen = False
            block_start = i
            continue
        if in_block and re.match(r"key\s*=", s):
            key_seen = tomllib.loads(s)["key"] == source_key
        if in_block and re.match(rf"{roster}\s*=", s):
            # the key line may come after the roster line: check the whole block
            j = i + 1
            block_key = key_seen
            while not block_key and j < len(lines) and not lines[j].strip().startswith("["):
                m = re.match(r"\s*key\s*=", lines[j])
                if m:
                    block_key = tomllib.loads(lines[j].strip())["key"] == source_key
                j += 1
            if block_key:
                lines[i] = f"# recorrupt.py: {comment}\n{roster} = {toml_inline(new_spec)}"
                return "\n".join(lines)
    raise SystemExit(f"recorrupt: merge.toml: no one-line `{roster} =` for source {source_key}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("project")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every rate (default 1)")
    ap.add_argument("--only", help="comma-separated kinds: set every other rate to 0")
    ap.add_argument("--set", action="append", default=[], metavar="KIND=RATE", help="override one rate")
    ap.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = ap.parse_args()
    if args.only:
        only = set(args.only.split(","))
        unknown = only - set(RATES)
        if unknown:
            raise SystemExit(f"recorrupt: unknown kinds {sorted(unknown)}")
        for k in RATES:
            RATES[k] = RATES[k] if k in only else 0.0
    for kv in args.set:
        k, _, v = kv.partition("=")
        if k not in RATES:
            raise SystemExit(f"recorrupt: unknown kind {k!r}")
        RATES[k] = float(v)

    src = os.path.abspath(args.project)
    out = os.path.abspath(args.out)
    if not os.path.isfile(os.path.join(src, "merge.toml")):
        raise SystemExit(f"recorrupt: {src}/merge.toml not found")
    if os.path.exists(out):
        if not args.force:
            raise SystemExit(f"recorrupt: {out} exists (use --force)")
        if os.listdir(out) and not os.path.isfile(os.path.join(out, "recorrupt-changes.csv")):
            raise SystemExit(f"recorrupt: {out} is not an earlier recorrupt.py output; not replacing it")
        shutil.rmtree(out)
    shutil.copytree(src, out, ignore=lambda d, names: ["out"] if os.path.samefile(d, src) else [])

    toml_path = os.path.join(out, "merge.toml")
    with open(toml_path, encoding="utf-8") as f:
        toml_text = f.read()
    project = tomllib.loads(toml_text)

    person_of = {}
    truth_path = os.path.join(out, "truth.csv")
    if os.path.isfile(truth_path):
        with open(truth_path, encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                person_of[(r["source"], r["roster"], r["record_id"])] = r["person"]
    else:
        print("recorrupt: no truth.csv; id_cmnd and id_neighbour are skipped", file=sys.stderr)

    # Load every roster first: a person's old CMND, where one of their records already
    # shows it, is the CMND that id_cmnd uses for that person.
    loaded = []
    known_cmnd = {}
    for source in project.get("sources", []):
        for roster in ("staff", "party"):
            spec = source.get(roster)
            if spec is None:
                continue
            spec = {"path": spec} if isinstance(spec, str) else dict(spec)
            path = os.path.join(out, spec["path"])
            is_xlsx = spec["path"].lower().endswith((".xlsx", ".xlsm"))
            if is_xlsx:
                table = read_xlsx(path, spec.get("sheet"))
            else:
                table = read_csv(path, spec.get("encoding"), spec.get("delimiter"))
            ids = {k[2] for k in person_of if k[0] == source["key"] and k[1] == roster}
            header = table.rows[0]
            width = len(header)
            id_col = 0
            if ids:
                hits = [sum(1 for r in table.rows[1:] if i < len(r) and r[i] in ids) for i in range(width)]
                id_col = max(range(width), key=lambda i: hits[i])
                data_rows = sum(1 for r in table.rows[1:] if any(c.strip() for c in r))
                if hits[id_col] != data_rows:
                    print(f"recorrupt: {spec['path']}: only {hits[id_col]} of {data_rows} record ids found "
                          f"in truth.csv", file=sys.stderr)
            nid = next((i for i, h in enumerate(header) if header_field(h) == "id"), None)
            if nid is not None:
                for r in table.rows[1:]:
                    person = person_of.get((source["key"], roster, r[id_col] if id_col < len(r) else ""))
                    digits = re.sub(r"\D", "", r[nid]) if nid < len(r) else ""
                    if person and len(digits) == 9:
                        known_cmnd.setdefault(person, digits)
            loaded.append((source, roster, spec, path, is_xlsx, table, id_col))

    def cmnd_of(person):
        if person in known_cmnd:
            return known_cmnd[person]
        h = hashlib.sha256(f"cmnd:{args.seed}:{person}".encode()).hexdigest()
        return "0" + str(int(h, 16) % 10**8).zfill(8)  # 9 digits, old CMND style

    log = []
    corr = Corruptor(args.seed, args.scale, person_of, cmnd_of, log)
    for source, roster, spec, path, is_xlsx, table, id_col in loaded:
        header = table.rows[0]
        cols = corr.roster(source["key"], roster, table, id_col)
        if id_col in cols.values():
            raise SystemExit(f"recorrupt: {spec['path']}: record-id column would be corrupted")
        if is_xlsx:
            new_rel = re.sub(r"\.xls[xm]$", "", spec["path"], flags=re.I) + ".recorrupt.csv"
            write_csv(os.path.join(out, new_rel), table, "utf-8", True)
            os.remove(path)
            new_spec = {k: v for k, v in spec.items() if k not in ("sheet", "encoding", "delimiter")}
            new_spec["path"] = new_rel
            new_spec["encoding"] = "utf-8"
            new_spec["delimiter"] = ","
            toml_text = rewrite_toml_entry(toml_text, source["key"], roster, new_spec,
                                           f"was {spec['path']} (XLSX), converted to UTF-8 CSV")
        elif table.encoding in ("tcvn3", "vni"):
            write_csv(path, table, "utf-8", True)
            new_spec = dict(spec)
            new_spec["encoding"] = "utf-8"
            toml_text = rewrite_toml_entry(toml_text, source["key"], roster, new_spec,
                                           f"was {table.encoding}, re-encoded to UTF-8 with BOM")
        else:
            write_csv(path, table)
        print(f"recorrupt: {source['key']} {roster}: {spec['path']} ({table.encoding}"
              f"{', xlsx' if is_xlsx else ''}) columns "
              + ", ".join(f"{f}={header[i]!r}" for f, i in sorted(cols.items())), file=sys.stderr)

    tomllib.loads(toml_text)  # still valid
    with open(toml_path, "w", encoding="utf-8") as f:
        f.write(toml_text)
    with open(os.path.join(out, "recorrupt-changes.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["source", "roster", "record_id", "field", "kind", "before", "after"])
        w.writerows(log)
    summary = ", ".join(f"{k} {v}" for k, v in sorted(corr.counts.items()))
    print(f"recorrupt: {len(log)} changes: {summary}", file=sys.stderr)


if __name__ == "__main__":
    main()
