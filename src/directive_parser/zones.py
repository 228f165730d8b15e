"""Segmentation: classify each line into a zone, then group the zones of each
document in the file (the main one, documents copied inside it, and the copy
certificate that follows a copied document).

Nothing here depends on the order of the header lines: a two-column header
arrives issuer-then-motto or motto-then-issuer, place-date before or after
the number, and each line is recognised by what it says, not where it is.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import islice
from operator import attrgetter

import regex as re

from .fold import fold_lower as fold, is_upper_line
from .lexicon import layout, load_words
from .memo import remember


@dataclass(unsafe_hash=True, slots=True)
class Line:
    """One line of the normalised text: `text[start:end]` is the stripped content.

    Read-only by convention: not `frozen`, because a frozen dataclass is built through
    `object.__setattr__` field by field, twice as slow, and a text has hundreds of lines.
    Equality and hashing are those of the frozen class. Slots: built a little faster
    (no instance dict) and read faster, and a document makes one per line."""

    start: int
    end: int
    text: str
    folded: str


@dataclass
class DocumentZones:
    """The zones of one document; each a list of lines of the normalised text."""

    header: list[Line] = field(default_factory=list)
    recipients: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    closing: list[Line] = field(default_factory=list)  # Nơi nhận, signature, seal text
    certificate: list[Line] = field(default_factory=list)  # SAO Y / SAO LỤC block for this document
    annex: list[Line] = field(default_factory=list)
    press: bool = False


def split_lines(text: str) -> list[Line]:
    """Lines with offsets; leading/trailing spaces are outside the span."""
    return _split_lines(text)[0]


def _split_lines(text: str) -> tuple[list[Line], str]:
    """`split_lines(text)`, and the folded text the lines' `folded` are cut from."""
    lines: list[Line] = []
    append = lines.append
    pos = 0
    # The whole text folded once; folding keeps offsets and line breaks, so its lines match the text's.
    folded = fold(text)
    for raw, folded_raw in zip(text.split("\n"), folded.split("\n")):
        size = len(raw)
        stripped = raw.strip()
        if len(stripped) == size:  # most lines: nothing to strip
            append(Line(pos, pos + size, raw, folded_raw))
        else:
            lead = size - len(raw.lstrip())
            end = lead + len(stripped)
            append(Line(pos + lead, pos + end, stripped, folded_raw[lead:end]))
        pos += size + 1
    return lines, folded


def split_line(ln: Line, cuts: list[int]) -> list[Line]:
    """`ln` cut at the given offsets (relative to `ln.text`), each part stripped, empty parts dropped."""
    parts = []
    bounds = [0, *sorted(cuts), len(ln.text)]
    for a, b in zip(bounds, bounds[1:]):
        piece = ln.text[a:b]
        stripped = piece.strip()
        if stripped:
            start = ln.start + a + (len(piece) - len(piece.lstrip()))
            parts.append(Line(start, start + len(stripped), stripped, fold(stripped)))
    return parts


# --- line kinds -------------------------------------------------------------

_L = layout()
_MOTTOS = [m for m in _L["motto_state"] + _L["motto_party"]]
_MOTTO_PARTS = tuple(_L["motto_fragments"])
_TYPE_TITLES = _L["type_titles"]
_TITLE_WORDS = sorted(_L["signature_titles"], key=len, reverse=True)
_TITLE_STARTS = tuple(_TITLE_WORDS)  # for one `startswith` over them all
_SIGNED = tuple(_L["signed_marks"])
_COPY_HEADINGS = _L["copy_headings"]
_SURNAMES = load_words("surnames.txt")
_NOT_NAME_WORDS = frozenset(_L["not_name_words"])
_NOT_NAME_FOLDED = frozenset(_L["not_name_words_folded"])
_ANNEX_CUES = tuple(_L["annex_cues"])

# `Số: 15/QĐ-UBND`, `Số 636 -CV/QU`, `Số:    /KH-UBND`, also after the issuer on one line; capital S,
# because `số 128/NQ-CP` in running text is a citation, not the document's number.
NUMBER_RE = re.compile(r"(?:^|(?<=[\s|*]))S[ốốoỐO]\s*[:.]?\s*(?:\d|[.…_ ]{0,12}[-/]\s*[A-ZĐ])")
PLACEDATE_RE = re.compile(
    r"(?:^|,\s*|\s)ngay\s*(?:\d{1,2}|\.{2,}|…+|_+|\s)\s*thang\s*(?:\d{1,2}|\.{2,}|…+|_+|\s)\s*nam\s*\d{4}"
)
_AUTH_MARKS = ("t/m", "tm", "k/t", "kt", "t/l", "tl", "tuq", "ttl", "q")
AUTH_RE = re.compile(r"^(" + "|".join(_AUTH_MARKS) + r")\s*[.:]?\s+(?=\S)")
ITEM_MARK_RE = re.compile(
    r"^(?:dieu\s+\d+[a-z]?\s*[.:]|[ivxlc]+\s*[./)]\s|\d+(?:\.\d+)*\s*[./)]\s|\(\d+\)|[a-zđ]\s*\)\s|[-–+•]\s?)"
)
BODY_START_RE = re.compile(
    r"^(?:can cu|thuc hien|xet de nghi|xet to trinh|theo de nghi|theo (?:chi dao|y kien)|truoc tinh hinh|"
    r"nham |ngay \d+ thang|vua qua|hien nay|trong thoi gian|de (?:tiep tuc|trien khai|thuc hien|chu dong|dam bao|bao dam|kip thoi|tang cuong))"
)
# Words that show prose reports a signing (the full clause is read in press.py).
PRESS_CUE_RE = re.compile(r"\b(?:ky ban hanh|vua ban hanh|da ban hanh|vua ky|thay mat)\b")


def is_number_line(ln: Line) -> bool:
    if "S" not in ln.text:  # NUMBER_RE starts with a capital S: a C test spares most lines the regex
        return False
    m = NUMBER_RE.search(ln.text)
    return bool(m) and m.start() < 60


_DATE_CUT_RE = re.compile(r"ngay\s*\d{0,2}\s*$")  # a place-date wrapped after `ngày`


def is_place_date(ln: Line, next_line: Line | None = None) -> bool:
    """`Hà Nội, ngày 05 tháng 01 năm 2020`, also wrapped over two lines."""
    if len(ln.text) > 110 or "ngay" not in ln.folded:  # both regexes below need `ngay`
        return False
    if _ends_with_date(ln.folded):
        return True
    if next_line is not None and _DATE_CUT_RE.search(ln.folded):
        return _ends_with_date(ln.folded + " " + next_line.folded)
    return False


def _ends_with_date(folded: str) -> bool:
    # The date closes the line and a place at most precedes it: `… ngày 21 tháng 12 năm 2016 của Chính phủ`
    # and `Căn cứ Luật … ngày 21 tháng 11 năm 2007;` are running text.
    m = PLACEDATE_RE.search(folded)
    if not m or BODY_START_RE.match(folded.lstrip(" *_")):
        return False
    return len(folded[m.end() :].strip(" *_.)")) == 0 and len(folded[: m.start()].strip(" *_|")) <= 45


# Every motto ends with one of these: a line without any of them holds no whole motto (one `in` test
# or two instead of one per motto, on every line the scans below look at).
_MOTTO_TAILS = tuple({m[-8:] for m in _MOTTOS})

# The line tests below keep memos (`memo.remember`): several scans (and header.py, tasks.py) run
# them on the same lines.


# Strings one of which every motto line (see `_motto_kind`) holds: the parts, the mottos and `doc lap`,
# less those that hold another. Folding differs between a line and the text it is cut from only in
# `Σ`'s lower case (`σ`, `ς` at a word's end), so these ASCII keys are found in both alike.
_MOTTO_CUES = {*_MOTTO_PARTS, *_MOTTOS, "doc lap"}
_MOTTO_KEYS = tuple(sorted(key for key in _MOTTO_CUES if not any(k != key and k in key for k in _MOTTO_CUES)))
_MOTTO_KINDS: dict[str, int] = {}  # folded line → 2: a motto, 1: a motto if in capitals, 0: none


def _motto_kind(folded: str) -> int:
    kind = _MOTTO_KINDS.get(folded)
    if kind is None:
        if folded.strip(" *").startswith(_MOTTO_PARTS) or "doc lap" in folded and "hanh phuc" in folded:
            kind = 2
        elif any(t in folded for t in _MOTTO_TAILS) and any(m in folded for m in _MOTTOS):
            kind = 1
        else:
            kind = 0
        remember(_MOTTO_KINDS, folded, kind)
    return kind


def is_motto(folded: str, text: str | None = None) -> bool:
    """The national or Party motto, also cut over two lines (`CỘNG HÒA XÃ HỘI` / `CHỦ NGHĨA VIỆT NAM`)
    or glued to the issuer. Inside a sentence (`… thành lập Đảng Cộng sản Việt Nam`) it is not the motto:
    a motto is printed in capitals, or starts its line."""
    kind = _motto_kind(folded)
    return kind == 2 or kind == 1 and (text is None or is_upper_line(text, 4))


_TITLE_KEY_RE = re.compile(r"[\s:.*]+$")
_SPACES_RE = re.compile(r"\s+")


def _title_key(line: Line) -> str:
    return _SPACES_RE.sub(" ", _TITLE_KEY_RE.sub("", line.folded).strip())


def type_title(line: Line) -> str | None:
    """`CHỈ THỊ` → `CT` when the line is a document-type title in capitals."""
    if len(line.text) > 40 or not is_upper_line(line.text, 2):
        return None
    return _TYPE_TITLES.get(_title_key(line))


def copy_heading(line: Line) -> str | None:
    if len(line.text) > 40 or not is_upper_line(line.text, 4):
        return None
    return _COPY_HEADINGS.get(_title_key(line))


def is_signed_mark(folded: str) -> bool:
    return folded.startswith(_SIGNED)


def is_title_line(line: Line) -> bool:
    """A signature title in capitals: `PHÓ CHỦ TỊCH`, `KT. CHỦ TỊCH`, `BÍ THƯ`."""
    if not is_upper_line(line.text, 2) or len(line.text.split()) > 9:
        return False
    folded = AUTH_RE.sub("", line.folded)
    return folded.startswith(_TITLE_STARTS)


def is_name_word(word: str) -> bool:
    """Letters, and the apostrophe of Tây Nguyên names (`H'Lan`, `M'Drắk`)."""
    return word.replace("'", "").replace("’", "").isalpha()


_PERSON_NAMES: dict[str, bool] = {}


def is_person_name(text: str) -> bool:
    """`Đặng Khánh Hòa`, `Trịnh Xuân Cường` (also in capitals): 2-5 words, a family name first."""
    known = _PERSON_NAMES.get(text)
    if known is None:
        known = remember(_PERSON_NAMES, text, _is_person_name(text))
    return known


def _is_person_name(text: str) -> bool:
    # The cheap and selective tests first (capitals, a known family name); all are pure, so the order
    # changes no answer.
    words = text.split()
    if not 2 <= len(words) <= 5 or not all(w[0].isupper() for w in words):
        return False
    if fold(words[0]) not in _SURNAMES or not all(is_name_word(w) for w in words):
        return False
    if is_motto(fold(text), text):
        return False
    if any(w.lower() in _NOT_NAME_WORDS for w in words):
        return False  # `QUẬN ỦY HÀ ĐÔNG`: seal or issuer text, not a person
    if text.isupper() and any(fold(w) in _NOT_NAME_FOLDED for w in words):
        return False  # the same in capitals without accents: `QUAN UY HA DONG`
    return True


_CLOSING_STARTS = ("noi nhan", *_SIGNED)  # is_noi_nhan or is_signed_mark in one startswith
_MARK_OR_TITLE_STARTS = _AUTH_MARKS + _TITLE_STARTS  # how a line with AUTH_RE's mark or a title starts


def _by_first_char(prefixes: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """First character → the prefixes that start with it: `s.startswith(table.get(s[:1], ()))` is
    `s.startswith(prefixes)`, testing a handful of prefixes instead of all (57 marks and titles)."""
    assert all(prefixes)  # an empty prefix would match a line of any first character
    table: dict[str, list[str]] = {}
    for prefix in prefixes:
        table.setdefault(prefix[0], []).append(prefix)
    return {c: tuple(group) for c, group in table.items()}


_MARK_OR_TITLE_BY_FIRST = _by_first_char(_MARK_OR_TITLE_STARTS)


class _StartsByFirstTwo(dict):
    """For `_body_end`: a line's first two characters → (the closing starts, the mark or title
    starts) it may start with, None when neither; most body lines skip both tests."""

    def __missing__(self, key: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        # a prefix can start a line that starts with `key` if it extends `key` or `key` extends it
        def fitting(prefixes):
            return tuple(p for p in prefixes if p.startswith(key) or key.startswith(p))

        closing, mark_or_title = fitting(_CLOSING_STARTS), fitting(_MARK_OR_TITLE_STARTS)
        value = self[key] = (closing, mark_or_title) if closing or mark_or_title else None
        return value


_BODY_END_STARTS = _StartsByFirstTwo()


def is_noi_nhan(folded: str) -> bool:
    return folded.startswith("noi nhan")


# `Kính gửi:`, and the công điện's `THỦ TƯỚNG CHÍNH PHỦ điện:` / `BỘ Y TẾ điện:` that names its addressees.
KINH_GUI_RE = re.compile(r"^(?:kinh\s*g[uo]i|[^:]{0,60}?\bdien\s*:)")


def is_kinh_gui(folded: str) -> bool:
    if "kinh" not in folded and "dien" not in folded:  # KINH_GUI_RE needs one of them
        return False
    return bool(KINH_GUI_RE.match(folded)) and not folded.startswith("dien thoai")


def starts_item(folded: str) -> bool:
    return bool(ITEM_MARK_RE.match(folded))


# --- segmentation -----------------------------------------------------------


# Where a document that lost its line breaks (a whole page glued into one line) had them: before the
# motto, the number, `V/v`, `Kính gửi`, `Nơi nhận`, a signing mark, a list dash after punctuation; after
# `Hạnh phúc`, a date of issue, the closing `./.`. Only lines that hold two of the anchors are cut.
# Each anchor is a lookahead with the cut `offset` characters into it: a cut after `Hạnh phúc` is written
# `(?=Hạnh phúc)` + 9, not `(?<=Hạnh phúc)`, and each anchor is its own regex, so the engine jumps to
# the places that can match instead of trying one alternation of lookbehinds at every character (10×
# slower); the set of cuts is the same.
_GLUED_ANCHORS = [
    (re.compile(pattern), offset)
    for pattern, offset in (
        (
            r"(?=CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|ĐẢNG CỘNG SẢN VIỆT NAM"
            r"|Độc lập\s*[-–]\s*Tự do|(?<![\w/])Số\s*:?\s*\d+\s*[-/]|V/v\s|Kính gửi\s*:|Nơi nhận\s*:"
            r"|(?<![\w/])(?:TM|KT|TL|TUQ|T/M|K/T|T/L)\.?\s+[A-ZĐÀ-Ỹ]{2,})",
            0,
        ),
        (r"(?=Hạnh phúc)", 9),
        (r"(?=năm \d{4}\s+[A-ZĐÀ-Ỹ]{2,})", 8),
        (r"(?=\./\.)", 3),
        (r"(?=[;:,.]\s+[-–+•]\s)", 1),
        (r"(?=\.\s+(?:Thực hiện|Căn cứ|Trước tình hình|Để|Nhằm|Theo đề nghị)\s)", 1),  # the body after the last recipient
        (r"(?=[A-ZĐÀ-Ỹ]{2}\s+PHÓ\s)", 2),  # `KT. CHỦ TỊCH PHÓ CHỦ TỊCH`
        (r"(?=[A-ZĐÀ-Ỹ]{2}\s+[A-ZĐÀ-Ỹ][a-zà-ỹ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹ]+){1,3}\s*$)", 2),  # the signer's name last
    )
]
# A place-date glued into the run (`… Covid-19 TP. Bắc Ninh, ngày 11 tháng 10 năm 2021 Kính gửi …`),
# and a Party committee or a department after its parent (`ĐẢNG BỘ TỈNH X THÀNH ỦY Y`, `UBND TỈNH X SỞ Y TẾ`).
_GLUED_PLACE_DATE_RE = re.compile(
    r"(?:[A-ZĐÀ-Ỹ][\w.]*\s+){0,3}[A-ZĐÀ-Ỹ][\w.]*,\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
)
_GLUED_BODY_RE = re.compile(
    r"(?<=[A-ZĐÀ-Ỹ]{2})\s+(?=(?:THÀNH ỦY|TỈNH ỦY|QUẬN ỦY|HUYỆN ỦY|THỊ ỦY|ĐẢNG ỦY|SỞ|CỤC|CHI CỤC)\s+[A-ZĐÀ-Ỹ])"
)
_GLUED_MIN_ANCHORS = 2


def _glued_cues(t: str) -> int:
    """How many of the cues of a glued header or closing the line holds (`in` tests written out:
    asked of every long line)."""
    return ("Kính gửi" in t) + ("Nơi nhận" in t) + ("CỘNG HÒA" in t) + ("CỘNG HOÀ" in t) + ("ĐẢNG CỘNG SẢN" in t)


def relineate(lines: list[Line]) -> list[Line]:
    """Cut lines that hold a glued header or closing (see `_GLUED_ANCHORS`); other lines pass as they are."""
    out: list[Line] = []
    for ln in lines:
        t = ln.text
        if len(t) < 200 or _glued_cues(t) + bool(NUMBER_RE.search(t)) < 2:
            out.append(ln)  # a paragraph of prose: the big anchor scan is only for glued pages
            continue
        cuts = {m.start() + offset for anchor, offset in _GLUED_ANCHORS for m in anchor.finditer(ln.text)}
        strong = sum(1 for c in cuts if ln.text.startswith(("Kính gửi", "Nơi nhận", "CỘNG H", "ĐẢNG CỘNG", "Số"), c))
        if strong < _GLUED_MIN_ANCHORS:
            out.append(ln)
            continue
        for m in _GLUED_PLACE_DATE_RE.finditer(ln.text):
            cuts.update((m.start(), m.end()))
        head = ln.text[: min(cuts | {len(ln.text)}) + 200]  # parent and issuer stand at the top
        cuts.update(m.end() for m in _GLUED_BODY_RE.finditer(head))
        out.extend(split_line(ln, sorted(c for c in cuts if 0 < c < len(ln.text))))
    return out


def segment(text: str) -> list[DocumentZones]:
    """Zones of every document in the text: the main one first, then the ones copied inside it."""
    lines, folded = _split_lines(text)
    lines = relineate(lines)
    if _looks_like_press(lines):
        return [DocumentZones(body=[ln for ln in lines if ln.text], press=True)]
    documents: list[DocumentZones] = []
    start = 0
    while start < len(lines):
        doc, start = _read_document(lines, start, text, folded, attached=bool(documents))
        if doc is None:
            break
        if documents and not _is_real_attachment(doc):
            # An annex runs to the end: its forms and tables carry mottos and titles of their own.
            documents[-1].annex.extend([ln for ln in lines[_first_line(doc, lines) :] if ln.text])
            break
        documents.append(doc)
    return documents or [DocumentZones()]


_START = attrgetter("start")


def _first_line(doc: DocumentZones, lines: list[Line]) -> int:
    # Each zone's lines and `lines` ascend by start: the zones' first lines, and a bisection.
    first = min((zone[0].start for zone in (doc.header, doc.recipients, doc.body, doc.closing) if zone), default=len(lines))
    return bisect_left(lines, first, key=_START)


def _looks_like_press(lines: list[Line]) -> bool:
    """No header anchor among the first lines, and prose that reports a signing."""
    head = list(islice((ln for ln in lines if ln.text), 12))
    for ln in head:
        if is_motto(ln.folded, ln.text) or is_number_line(ln) or is_kinh_gui(ln.folded) or type_title(ln):
            return False
        if is_place_date(ln):
            return False
    return bool(head)


def _read_document(
    lines: list[Line], start: int, text: str, folded: str, attached: bool = False
) -> tuple[DocumentZones | None, int]:
    """The document that starts at `start`. `attached`: one after the main document, which
    `_is_real_attachment` tells from an annex."""
    n = len(lines)
    while start < n and not lines[start].text:
        start += 1
    if start >= n:
        return None, n
    doc = DocumentZones()
    i = _read_header(lines, start, doc, text)
    if i < n and is_kinh_gui(lines[i].folded):
        i = _read_recipients(lines, i, doc)
    if attached and i < n and _annex_by_its_head(lines, i, folded, doc):
        return doc, n
    j = _body_end(lines, i, folded)
    doc.body = [ln for ln in lines[i:j] if ln.text]
    k = _closing_end(lines, j)
    closing = [ln for ln in lines[j:k] if ln.text]
    doc.closing, doc.certificate = _split_certificate(closing)
    return doc, k


def _annex_by_its_head(lines: list[Line], i: int, folded: str, doc: DocumentZones) -> bool:
    """True when `_is_real_attachment` would say "annex" whatever the rest of the document: it holds
    no copy heading (every one has `sao`), so no certificate, and its first ten lines carry an annex
    cue. `doc.body` then gets those first lines only: an annex runs to the end, and finding where
    its "body" ends would scan all its lines (a table of one cell per line) for nothing."""
    if folded.find("sao", lines[i].start) >= 0:
        return False
    need = 10 - len(doc.header) - len(doc.recipients)
    if need > 0:
        # the index after the body's first `need` lines, if the text has them
        k, seen = i, 0
        while k < len(lines) and seen < need:
            seen += bool(lines[k].text)
            k += 1
        if seen < need or _body_end(lines, i, folded, k) < k:
            return False  # a short body: its end is known, read the document in full
        head = [ln for ln in lines[i:k] if ln.text]
    else:
        head = []
    if not _has_annex_cue(doc.header + doc.recipients + head):
        return False
    doc.body = head
    return True


_SUBJECT_RE = re.compile(r"v/v\b|\bve viec\b")


def _read_header(lines: list[Line], i: int, doc: DocumentZones, text: str) -> int:
    """Header lines from `i` up to the recipients or the body; returns the first index after."""
    n = len(lines)
    in_subject = False
    subject_lines = 0
    limit = min(n, i + 80)
    while i < limit:
        ln, width = _header_line(lines, i, text)
        f = ln.folded
        if not ln.text.strip("*-_=|. "):  # blank, or a rule drawn with these characters
            if in_subject and subject_lines:
                in_subject = False
            i += width
            continue
        if is_kinh_gui(f):
            return i
        if is_motto(f, ln.text) or is_number_line(ln) or is_place_date(ln) or copy_heading(ln):
            doc.header.append(ln)
            in_subject = is_number_line(ln) and bool(_SUBJECT_RE.search(f))
            i += width
            continue
        if type_title(ln):
            doc.header.append(ln)
            in_subject, subject_lines = True, 0
            i += width
            continue
        if f.startswith(("v/v", "ve viec", "ve ")) and not BODY_START_RE.match(f):
            doc.header.append(ln)
            in_subject, subject_lines = True, 1
            i += width
            continue
        if in_subject and not BODY_START_RE.match(f) and not starts_item(f) and not is_title_line(ln):
            doc.header.append(ln)
            subject_lines += 1
            i += width
            continue
        if is_upper_line(ln.text, 2) and not starts_item(f):
            doc.header.append(ln)
            in_subject = False
            i += width
            continue
        if not doc.header and _anchor_ahead(lines, i + 1):
            i += width  # page leftovers above the header
            continue
        return i
    return i


_ALONE_RE = re.compile(r"so\s*[:.]?|(?:v/v|ve viec|ve)\s*:?")  # `Số:` or `V/v` alone on its line
_PLACE_THEN_DATE_RE = re.compile(r"[\w .]{1,25},\s*ngay\b")
_NGAY_RE = re.compile(r"(?:,\s*|^)ngay\b")
_DATE_REST_RE = re.compile(r"(?:thang|nam|\d)")
_THANG_END_RE = re.compile(r"thang\s*\d{1,2}$")
_SPACE_RE = re.compile(r"\s")


def _joins_next(cur_line: Line, nxt_line: Line) -> bool:
    """Header lines cut by the source's wrapping: `Số:` / `37/2025/NQ-HĐND`, `Thành phố Huế,` / `ngày 18 …`."""
    cur, nxt = cur_line.folded.strip(" *_"), nxt_line.folded
    if _ALONE_RE.fullmatch(cur):
        return True
    if cur.endswith(",") and nxt.startswith("ngay"):
        return True
    if len(cur) < 30 and not is_upper_line(cur_line.text, 2) and not cur.endswith((".", ";", ":")) and _PLACE_THEN_DATE_RE.match(nxt):
        return True  # `Thành phố Hồ Chí` / `Minh, ngày 21 tháng 11 năm 2025`
    if "ngay" in cur and _NGAY_RE.search(cur) and not PLACEDATE_RE.search(cur) and _DATE_REST_RE.match(nxt):
        return True
    if nxt.startswith("nam") and _THANG_END_RE.search(cur):
        return True
    return False


def _header_line(lines: list[Line], i: int, text: str) -> tuple[Line, int]:
    """The line at `i`, joined with the lines that finish it; and how many lines that took."""
    k = i
    while k + 1 < len(lines) and k - i < 3 and lines[k + 1].text and _joins_next(lines[k], lines[k + 1]):
        k += 1
    if k == i:
        return lines[i], 1
    start, end = lines[i].start, lines[k].end
    joined = _SPACE_RE.sub(" ", text[start:end])  # same length: spans stay valid
    return Line(start, end, joined, fold(joined)), k - i + 1


def _anchor_ahead(lines: list[Line], i: int, window: int = 8) -> bool:
    for ln in lines[i : i + window]:
        if is_motto(ln.folded, ln.text) or is_number_line(ln) or type_title(ln):
            return True
    return False


def _read_recipients(lines: list[Line], i: int, doc: DocumentZones) -> int:
    """`Kính gửi:` and its items; returns the index where the body starts.

    Items are dash lines, or (in a list without marks) short lines of their own; an
    unmarked line inside a dashed list continues the item above it. The list ends at
    an item closed by `.`, at a blank line followed by prose, or at a sentence.
    """
    n = len(lines)
    first = lines[i]
    doc.recipients.append(first)
    inline = first.folded[KINH_GUI_RE.match(first.folded).end() :].strip(" :")
    last_ended = inline.rstrip("* ").endswith(".")
    dashed = False
    items = 1 if inline else 0
    in_paren = False
    i += 1
    blank_before = False
    while i < n and not last_ended:
        ln = lines[i]
        f = ln.folded
        if not ln.text:
            blank_before = True
            i += 1
            continue
        continues = ln.text[:1].islower() or f.startswith("(") or in_paren
        in_paren = (in_paren or f.startswith("(")) and ")" not in f
        if f[:1] in "-–+•":
            dashed = True
        elif continues and items:
            pass  # a wrapped item, or `(Địa chỉ: …)` under a person's name: part of that item
        elif inline and not dashed:
            break  # `Kính gửi: Sở Y tế.` then the body
        elif (
            BODY_START_RE.match(f)
            or len(ln.text) > 100
            or (blank_before and items)
            or (inline and not dashed and len(ln.text) > 40)
            or starts_item(f)
            or is_motto(f, ln.text)
            or is_place_date(ln)
        ):
            break
        doc.recipients.append(ln)
        items += 1
        last_ended = ln.text.rstrip("* ").endswith(".")
        blank_before = False
        i += 1
    return i


def _body_end(lines: list[Line], i: int, folded: str, end: int | None = None) -> int:
    """The first line of the closing: Nơi nhận, an authority mark, a signature title, `Đã ký`.
    `folded` is the folded text the lines were cut from. With `end`, only lines before it are
    looked at (`end` returned if none is the closing's)."""
    # Every line of the body passes here once: the tests are ordered cheapest first (all are pure).
    n = len(lines) if end is None else end
    # A motto's line holds one of `_MOTTO_KEYS`: the first of them after the body's start is found once
    # in the whole text, and the lines that end before it are not tested.
    after = lines[i].start if i < len(lines) else 0
    found = [at for at in (folded.find(key, after) for key in _MOTTO_KEYS) if at >= 0]
    first_key = min(found) if found else len(folded)
    prev_text = ""
    starts_with = _BODY_END_STARTS
    for j in range(i, n):
        ln = lines[j]
        text = ln.text
        if not text:
            continue
        f = ln.folded
        starts = starts_with[f[:2]]
        if starts is not None and f.startswith(starts[0]):  # is_noi_nhan or is_signed_mark
            return j
        if len(text) > 120 and not f.startswith(_MOTTO_PARTS):
            prev_text = text  # a paragraph of prose: no mark, title, motto or name is this long
            continue
        # An authority mark and a title start the line and are in capitals (is_title_line: a title
        # word starts the line, after a mark if any); the capitals are the dearer test.
        if starts is not None and f.startswith(starts[1]) and is_upper_line(text, 2):
            if AUTH_RE.match(f):
                return j
            if is_title_line(ln) and _signature_follows(lines, j):
                return j
        if j > i and ln.end > first_key and is_motto(f, text):
            return j
        if prev_text.endswith(("./.", "./", "/.")) and is_person_name(text):
            return j
        prev_text = text
    return n


def _signature_follows(lines: list[Line], j: int) -> bool:
    """A title line ends the body only when a name, a mark or Nơi nhận comes within a few lines."""
    seen = 0
    for ln in lines[j + 1 :]:
        if not ln.text:
            continue
        seen += 1
        if is_person_name(ln.text) or is_signed_mark(ln.folded) or is_noi_nhan(ln.folded) or is_title_line(ln):
            return True
        if seen >= 6:
            return False
    return True


def _closing_end(lines: list[Line], j: int) -> int:
    """The closing runs until a new document starts (a type title, a motto, an annex) or, once the
    signer is named, until a line that belongs to no closing (prose, a heading of an annex)."""
    n = len(lines)
    seen_signature = named = False
    for k in range(j, n):
        ln = lines[k]
        if not ln.text:
            continue
        if k > j and seen_signature and (type_title(ln) or is_motto(ln.folded, ln.text) or _is_annex_start(ln)):
            return k
        if named and not _closing_kind(ln):
            return k
        if not named:  # once named, a signature was seen too: nothing left to learn from the line
            named = is_person_name(ln.text)
            seen_signature = (
                seen_signature
                or named
                or is_signed_mark(ln.folded)
                or ln.folded.startswith(_MARK_OR_TITLE_BY_FIRST.get(ln.folded[:1], ()))
                and is_title_line(ln)  # see _body_end
            )
    return n


def _closing_kind(ln: Line) -> bool:
    """Lines a closing or a copy certificate is made of: Nơi nhận and its items, seal text,
    marks, titles, names, the certificate's number, heading and date."""
    f = ln.folded
    short_caps = is_upper_line(ln.text, 2) and len(ln.text.split()) <= 8
    return (
        is_noi_nhan(f) or f[:1] in "-–+•*" or short_caps or is_signed_mark(f) or is_person_name(ln.text)
        or is_number_line(ln) or is_place_date(ln) or bool(copy_heading(ln)) or bool(AUTH_RE.match(f))
        or f.startswith("luu") or ln.text[:1].islower() or ln.text.endswith((",", ";"))
    )


def _is_annex_start(ln: Line) -> bool:
    return ln.folded.startswith(("phu luc", "danh muc", "bieu mau", "mau so")) and is_upper_line(ln.text)


def _split_certificate(closing: list[Line]) -> tuple[list[Line], list[Line]]:
    """Lines after the signer's name that carry a SAO Y / SAO LỤC heading are the copy certificate."""
    heading = next((k for k, ln in enumerate(closing) if copy_heading(ln)), None)
    if heading is None:
        return closing, []
    start = heading
    # The certificate starts after the copied document's signer: its own issuer and number come first.
    names = [k for k, ln in enumerate(closing[:heading]) if is_person_name(ln.text) or is_signed_mark(ln.folded)]
    if names:
        start = names[-1] + 1
        if is_signed_mark(closing[names[-1]].folded) and names[-1] + 1 < heading:
            # `Đã ký: Name` or `Đã ký` then the name on the next line
            if is_person_name(closing[names[-1] + 1].text):
                start = names[-1] + 2
    else:
        numbers = [k for k, ln in enumerate(closing[:heading]) if is_number_line(ln)]
        if numbers:
            start = numbers[-1]
            while start > 0 and is_upper_line(closing[start - 1].text, 2):
                start -= 1
    return closing[:start], closing[start:]


def _has_annex_cue(lines: list[Line]) -> bool:
    """An annex cue (`PHỤ LỤC`, `ban hành kèm theo`, …) in the first ten of these lines."""
    head = " ".join(ln.folded for ln in lines[:10])
    return any(cue in head for cue in _ANNEX_CUES)


def _is_real_attachment(doc: DocumentZones) -> bool:
    """A copied document signs itself or is certified; an annex (`PHỤ LỤC`, `ban hành kèm theo`, a form) is neither."""
    if doc.certificate:
        return True
    if _has_annex_cue(doc.header + doc.recipients + doc.body):
        return False
    signed = any(
        AUTH_RE.match(ln.folded) or is_signed_mark(ln.folded) or is_title_line(ln) or is_person_name(ln.text)
        for ln in doc.closing
    )
    return bool(doc.certificate) or (signed and len(doc.body) >= 2)
