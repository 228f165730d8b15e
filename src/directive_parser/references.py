"""Cited documents: `Nghị quyết số 128/NQ-CP, ngày 11/10/2021 của Chính phủ` → Reference.

A citation is a type word (`Nghị quyết`, `Chỉ thị`, `Công văn` … from
data/doc_types.json), an optional law name (`Luật Doanh nghiệp`), an optional
`số`, a number with its symbol (`128/NQ-CP`, `540 - TB/TU`, `30/2020/NĐ-CP`),
then optionally more numbers of the same type (`, số 1103/CĐ-TTg`,
`và 77/2016/NĐ-CP`), a date (`, ngày 11/10/2021`) and the issuer
(`của Bộ Y tế`). Words are matched on accent-folded text, so `Chi thị`,
`Cong van`, `Quyet dinh so` are found too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .dates import DATE_PATTERN, GAP, date_parts, iso_date, latest_year_date
from .fast_regex import word_alternation
from .fold import fold, fold_lower, lower_folded
from .records import Reference, Span

_DATA = Path(__file__).parent / "data"
_DOC_TYPES = json.loads((_DATA / "doc_types.json").read_text(encoding="utf-8"))
_CUES = json.loads((_DATA / "reference_cues.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class _TypeWord:
    code: str | None
    party_code: str | None
    prefer_symbol: bool
    named: bool


_TYPE_WORDS: dict[str, _TypeWord] = {}
for _entry in _DOC_TYPES["types"]:
    if _entry.get("cited", True) is False:
        continue
    for _word in _entry["words"]:
        _TYPE_WORDS[fold_lower(_word)] = _TypeWord(
            _entry["code"], _entry.get("party_code"), bool(_entry.get("prefer_symbol")), bool(_entry.get("named"))
        )

_SYMBOL_CODES = {code.upper(): code for code in _DOC_TYPES["symbol_type_codes"]}
# Lost accents: `QD-UBND` means QĐ. An exact code wins over a folded one (DA vs ĐA).
_FOLDED_SYMBOL_CODES = {fold(code).upper(): code for code in reversed(_DOC_TYPES["symbol_type_codes"])}
_FOLDED_SYMBOL_CODES.update(_SYMBOL_CODES)
_COPY_CODES = {code.upper() for code in _DOC_TYPES["copy_codes"]}
_PARTY_BODIES = {fold(code).upper() for code in _DOC_TYPES["party_bodies"]}
_LAW_SYMBOL_RE = re.compile(_DOC_TYPES["law_symbol_pattern"])
_ISSUER_STOP = set(_CUES["issuer_stop_words"])
_ISSUER_STOP_PHRASES = set(_CUES["issuer_stop_phrases"])
_ISSUER_MAX_WORDS = int(_CUES["issuer_max_words"])
_COUNT_UNITS = set(_CUES["count_units"])



# Patterns run on `fold(text)`: accents gone, case kept (symbols need case).
# Run on the folded, lower-cased text; a literal start (word start checked in code) is fast.
_HEAD_RE = re.compile(rf"{word_alternation(list(_TYPE_WORDS))}(?![a-z])")
# A head can start a citation only if a digit ends its stretch of letters, spaces and
# `*.:` (the only characters `_DIRECT_RE` and `_NAMED_RE` cross before the number);
# the lookahead drops the other heads in C. Heads never cross such a stretch, so
# the heads it keeps are found exactly as `_HEAD_RE` finds them. The stretch is written
# unrolled, runs of letters between runs of `\s*.:` (the two classes are disjoint), so
# the engine loops over a letter run in one step instead of trying a branch per
# character: the same maximal stretch, a third less time over a document.
# `digit` marks that digit, where a cited number must start (see `_may_cite`).
_CITING_HEAD_RE = re.compile(_HEAD_RE.pattern + r"(?=[^\W\d]*+(?:[\s*.:]++[^\W\d]*+)*+(?P<digit>)\d)")
# A symbol group: capitals and digits, at most one small letter (`TTg`, `ThU`, `QĐi`);
# this keeps `- Ban Thường vụ` out of `08-CT/TU - Ban`.
_CODE = r"[A-Z0-9]+[a-z]?[A-Z0-9]*(?![A-Za-z0-9])"
_SEP = r"[ \t]*[/\-–][ \t]*\n?[ \t]*"
_NUMSYM = rf"(?P<num>\d{{1,5}})(?!\d|[.,]\d)(?:(?P<sep>{_SEP})(?P<sym>{_CODE}(?:{_SEP}{_CODE})*))?"
_SO = rf"(?i:s[oố]\b\.?){GAP}:?{GAP}"
_DIRECT_RE = re.compile(rf"{GAP}(?P<so>{_SO})?{_NUMSYM}")
_NAMED_RE = re.compile(rf"(?P<name>(?:[ \t\n]+[^\W\d_]+){{1,8}}?)[ \t\n]+(?P<so>{_SO}){_NUMSYM}")
_NEXT_RE = re.compile(rf"[ \t]*(?:,|;|&|(?i:va|hoac)\b)[ \t]*(?i:va\b)?[ \t]*(?P<so>{_SO})?{_NUMSYM}")
_DATE_AFTER_RE = re.compile(rf"[\s*_,(]*(?i:(?:ban hanh{GAP})?(?P<ngay>ngay{GAP})?(?:{DATE_PATTERN}))")
_OF_RE = re.compile(r"[\s,]*(?i:cua)[ \t]+")
_WORD_RE = re.compile(r"[^\s,;.:()\"“”'‘’*_]+|[,;.:()\"“”'‘’*_]")
# `Bộ Văn hóa, Thể thao và Du lịch`: a comma inside a ministry's name.
_NAME_COMMA_RE = re.compile(r",[ \t]+[A-Z]\w*(?:[ \t]+\w+)?[ \t]+va[ \t]+[A-Z]")
_SPLIT_RE = re.compile(rf"{GAP}(?:{_SO})?{_NUMSYM}")
# Matched at a position of the whole text (no slice of the rest of the text per word).
_CAPITAL_AFTER_RE = re.compile(r"\s+[A-Z]")
_NEXT_WORD_RE = re.compile(r"\s*(\w+)")
# Compiled once (the module-level `re` functions look each pattern up in a cache per call).
_SPACES_RE = re.compile(r"\s+")
_LATIN_RE = re.compile("[A-Za-z]")
_SYMBOL_SPLIT_RE = re.compile(r"\s*[/\-–]\s*")
_YEAR_RE = re.compile(r"\d{4}")


def split_number_symbol(s: str) -> tuple[str, str | None] | None:
    """A document number as printed → (number, symbol): `636 -CV/QU` → ("636", "CV/QU").

    Accepts a leading `Số:`; `55/2025/NQ-HĐND` → ("55", "2025/NQ-HĐND"); `Số 12` → ("12", None).
    """
    match = _SPLIT_RE.match(fold(s))
    if not match:
        return None
    number, symbol = _number_and_symbol(s, match)
    return number, symbol


def doc_type_from_symbol(symbol: str | None, form: str | None = None) -> str | None:
    """The type code a symbol carries: `CT/TU` → CT, `2020/NĐ-CP` → NĐ.

    A state symbol without a type code is a công văn: `UBND-KGVX` → CV (form "state",
    or form None and no Party body after the slash). `BS/QU` (a copy mark) → None.
    """
    if not symbol:
        return None
    groups = [g for g in _SYMBOL_SPLIT_RE.split(symbol.strip()) if g]
    groups = [g for g in groups if not _YEAR_RE.fullmatch(g)]
    if not groups:
        return None
    first = groups[0]
    code = _SYMBOL_CODES.get(first.upper()) or _FOLDED_SYMBOL_CODES.get(fold(first).upper())
    if code:
        return code
    if first.upper() in _COPY_CODES or _LAW_SYMBOL_RE.match(fold(first).upper()):
        return None
    if form is None:
        form = "party" if fold(groups[-1]).upper() in _PARTY_BODIES else "state"
    return "CV" if form == "state" else None


def reference_key(number: str, symbol: str | None) -> str:
    """Identity of a cited document: `int(number)|SYMBOL` (`08`, `CT/TU` → `8|CT/TU`)."""
    compact = "".join(symbol.split()).upper() if symbol else ""
    return f"{int(number)}|{compact}"


@dataclass
class _Citation:
    type: str | None
    number: str
    symbol: str | None
    date: str | None
    raw: str
    issuer: str | None
    span: Span
    extent_end: int  # through the issuer and a date after it; used to mask citation dates
    mentions: list[Span] = field(default_factory=list)


def find_references(
    text: str,
    offset: int = 0,
    own: tuple[str | None, str | None] = (None, None),
    issued: str | None = None,
    folded: str | None = None,
) -> list[Reference]:
    """Every numbered document cited in `text`, once per document, in order of first mention.

    `Thực hiện Thông báo số 540-TB/TU, ngày 30/10/2021 của Ban Thường vụ Thành ủy`
    → [Reference(type="TB", number="540", symbol="TB/TU", date="2021-10-30",
    raw="Thông báo số 540-TB/TU, ngày 30/10/2021", issuer="Ban Thường vụ Thành ủy")].
    `own` is the document's own (number, symbol), never a reference of itself;
    `folded` is `fold(text)` when the caller has it already.
    """
    own_key = reference_key(own[0], own[1]) if own[0] and own[1] and own[0].isdigit() else None
    merged: dict[str, _Citation] = {}
    for cite in _citations(text, issued, folded):
        key = reference_key(cite.number, cite.symbol)
        if key == own_key:
            continue
        first = merged.get(key)
        if first is None:
            cite.mentions = [cite.span]
            merged[key] = cite
            continue
        first.mentions.append(cite.span)
        first.date = first.date or cite.date
        first.issuer = first.issuer or cite.issuer
        first.type = first.type or cite.type
    return [
        Reference(
            type=c.type,
            number=c.number,
            symbol=c.symbol,
            date=c.date,
            raw=c.raw,
            issuer=c.issuer,
            span=(c.span[0] + offset, c.span[1] + offset),
            mentions=[(s + offset, e + offset) for s, e in c.mentions],
        )
        for c in merged.values()
    ]


def citation_extents(text: str, folded: str | None = None) -> list[Span]:
    """Where citations stand, through their dates and issuer: dates there are not deadlines.

    `folded` is `fold(text)` when the caller has it already."""
    return [(c.span[0], c.extent_end) for c in _citations(text, None, folded)]


def _has_digit(text: str) -> bool:
    """`any(ch.isdigit() for ch in text)`, with `in` tests for ASCII digits first (C speed)."""
    if any(d in text for d in "0123456789"):
        return True
    return not text.isascii() and any(ch.isdigit() for ch in text)


def _citations(text: str, issued: str | None, folded: str | None = None) -> list[_Citation]:
    if not _has_digit(text):
        return []
    folded = fold(text) if folded is None else folded
    found: list[_Citation] = []
    covered = 0
    lowered = lower_folded(folded)  # the document's, lowered by zones already
    if len(lowered) != len(folded):
        lowered = fold_lower(text)
    for head in _CITING_HEAD_RE.finditer(lowered):
        if head.start() < covered or (head.start() > 0 and folded[head.start() - 1].isalpha()):
            continue
        if not _may_cite(lowered[head.end() : head.start("digit")]):
            continue
        word = _TYPE_WORDS[_SPACES_RE.sub(" ", head.group())]
        items = _cited_items(text, folded, head, word, issued)
        if not items:
            continue
        end = items[-1].span[1]
        issuer, extent_end, issuer_date = _issuer_after(text, folded, end, issued, lowered)
        for item in items:
            item.issuer = issuer
            item.date = item.date or issuer_date
            item.extent_end = extent_end
        found.extend(items)
        covered = extent_end
    return found


def _may_cite(between: str) -> bool:
    """False when `_cited_items` surely finds nothing: `between` runs from a head's end to the
    digit its lookahead found (lower-cased). `_DIRECT_RE` and `_NAMED_RE` cross only characters of
    that stretch before the number, so their number starts at that digit, and what they cross is
    `[\\s*_]` alone or holds `số` (`s`, or `ſ`, which `(?i:s)` matches too)."""
    return "s" in between or "ſ" in between or not between or between.replace("*", " ").replace("_", " ").isspace()


def _cited_items(text: str, folded: str, head: re.Match, word: _TypeWord, issued: str | None) -> list[_Citation]:
    """The numbers cited after one type word: the first, then `, số …` / `và …` ones."""
    match = _DIRECT_RE.match(folded, head.end())
    if match and not _plausible(text, folded, head, match, word):
        match = None
    if match is None:
        match = _NAMED_RE.match(folded, head.end())
        if not match or _HEAD_RE.search(match.group("name").lower()) or not _plausible(text, folded, head, match, word):
            return []
    items = [_item(text, folded, head.start(), match, word, issued)]
    position = items[0].span[1]
    while True:
        more = _NEXT_RE.match(folded, position)
        if not more or not more.group("sym") or not _LATIN_RE.search(more.group("sym")):
            break
        items.append(_item(text, folded, more.start("so") if more.group("so") else more.start("num"), more, word, issued))
        position = items[-1].span[1]
    return items


def _plausible(text: str, folded: str, head: re.Match, match: re.Match, word: _TypeWord) -> bool:
    """Reject numbers that are not document numbers: `Kế hoạch 5 năm`, `báo cáo 2021`."""
    has_symbol = bool(match.group("sym") and _LATIN_RE.search(match.group("sym")))
    if has_symbol:
        return True
    if "name" in match.groupdict() and match.group("name") and not word.named:
        return False
    number = match.group("num")
    following = _WORD_RE.search(folded, match.end("num"))
    if following and following.group().lower() in _COUNT_UNITS:
        return False
    if match.group("so"):
        return True
    # Without `số` and symbol only a proper name counts: `Đề án 08`, not `kế hoạch 2022`.
    is_year = len(number) == 4 and number[:2] in ("19", "20")
    return text[head.start()].isupper() and not is_year


def _item(text: str, folded: str, start: int, match: re.Match, word: _TypeWord, issued: str | None) -> _Citation:
    number, symbol = _number_and_symbol(text, match)
    end = match.end("sym") if symbol else match.end("num")
    date = None
    dated = _DATE_AFTER_RE.match(folded, end)
    if dated:
        date = _cited_date(dated, issued)
        if date:
            end = dated.end()
    raw = _SPACES_RE.sub(" ", text[start:end]).strip()
    return _Citation(
        type=_type_of(word, symbol, match.group("sep")),
        number=number,
        symbol=symbol,
        date=date,
        raw=raw,
        issuer=None,
        span=(start, end),
        extent_end=end,
    )


def _number_and_symbol(text: str, match: re.Match) -> tuple[str, str | None]:
    symbol = match.group("sym")
    if symbol and _LATIN_RE.search(symbol):
        return match.group("num"), _SPACES_RE.sub("", text[match.start("sym") : match.end("sym")])
    return match.group("num"), None


def _cited_date(match: re.Match, issued: str | None) -> str | None:
    year, month, day = date_parts(match)
    if year is None:
        # `ngày 5/9` without a year: only after `ngày`, and in the past of the citing text.
        said_ngay = match.group("ngay") or match.group("vd")
        return latest_year_date(month, day, issued) if said_ngay else None
    return iso_date(year, month, day)


def _type_of(word: _TypeWord, symbol: str | None, sep: str | None) -> str | None:
    form = "party" if sep and sep.strip().startswith(("-", "–")) else "state"
    if word.code and not word.prefer_symbol:
        return word.code
    from_symbol = doc_type_from_symbol(symbol, form)
    if word.prefer_symbol:
        code = from_symbol if from_symbol in _SYMBOL_CODES.values() and from_symbol != "CV" else None
        return code or (word.party_code if form == "party" and word.party_code else word.code)
    return from_symbol


def _issuer_after(
    text: str, folded: str, end: int, issued: str | None, lowered: str | None = None
) -> tuple[str | None, int, str | None]:
    """`của Ban Thường vụ Thành ủy về …` → ("Ban Thường vụ Thành ủy", end of it, date after it).

    `lowered` is `folded.lower()` when the caller has it (folded text lower-cases one
    character for one)."""
    of = _OF_RE.match(folded, end)
    if not of:
        return None, end, None
    if lowered is None:
        lowered = folded.lower()
    words: list[re.Match] = []
    last_end = of.end()
    for token in _WORD_RE.finditer(folded, of.end()):
        word = token.group()
        start = token.start()
        if folded.count("\n", last_end, start) > 1 or len(words) >= _ISSUER_MAX_WORDS:
            break
        if word == "," and words and _NAME_COMMA_RE.match(folded, start):
            continue
        first = word[0]
        if not first.isalnum():
            break
        if not words and not text[start].isupper():
            return None, end, None
        if _HEAD_RE.match(lowered, start, start + 30):
            break  # the next citation begins: `… Thành ủy và Công văn số …`
        low = word.lower()
        # `Sở Giáo dục và Đào tạo`: `và` before a capital joins one name.
        if low == "va" and _CAPITAL_AFTER_RE.match(folded, token.end()):
            words.append(token)
            last_end = token.end()
            continue
        if first.islower():
            if low in _ISSUER_STOP:
                break
            pair = _NEXT_WORD_RE.match(folded, token.end())
            if pair and f"{low} {pair.group(1).lower()}" in _ISSUER_STOP_PHRASES:
                break
        words.append(token)
        last_end = token.end()
    while words and words[-1].group().lower() == "va":
        words.pop()
    if not words:
        return None, end, None
    issuer_end = words[-1].end()
    issuer = text[words[0].start() : issuer_end]
    dated = _DATE_AFTER_RE.match(folded, issuer_end)
    date = _cited_date(dated, issued) if dated else None
    return _SPACES_RE.sub(" ", issuer), (dated.end() if date else issuer_end), date
