"""Deadlines in a task's text: `hoàn thành trước ngày 04/9/2021` → Deadline(due, 2021-09-04).

Four kinds (RECORDS.md): `due` (a date to finish by, also a duration counted
from the date of issue), `period` (a span: `quý IV/2021`, `năm 2022`,
`từ ngày … đến ngày …`), `recurring` (`hằng ngày`, `từ 2-3 ngày/lần`) and
`event` (`dịp nghỉ Lễ Quốc khánh 2/9`). Cue words are in data/deadline_cues.json;
patterns run on `fold_lower(text)`, so lost accents (`truoc ngay`) still match.

Not deadlines: dates of a cited document (`số 448-TB/QU ngày 25/8/2021`),
`Căn cứ` lines, an effective date (`có hiệu lực từ ngày …`), dates that
describe the past (`từ ngày 4/1/2022-15/1/2022 số ca mắc tăng`; anything that
ends before the date of issue).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .dates import DATE_RE, GAP, date_parts, date_pattern, iso_date, nearest_year_date
from .fast_regex import word_alternation
from .fold import fold_and_lower
from .records import Deadline, Span
from .references import citation_extents

_CUES = json.loads((Path(__file__).parent / "data" / "deadline_cues.json").read_text(encoding="utf-8"))


def _alt(words: list[str]) -> str:
    """Longest first, any white space between words: `den het` → `den\\s+het`; written
    as a trie (`fast_regex.word_alternation`), one branch per character."""
    return word_alternation(words)


_D1, _D2 = date_pattern("1"), date_pattern("2")
_TIME = r"(?P<hh>\d{1,2})\s*(?:h|gio|:)\s*(?P<mm>\d{2})?(?:\s*phut)?(?![a-z])"
_E = r"(?![a-z0-9])"  # a word ends here

_RANGE_RE = re.compile(
    rf"tu\s*(?:{_TIME}\s*,?\s*)?(?:ngay{GAP})?{_D1}{GAP}(?:den|toi|-|–){GAP}(?:het\s*)?"
    rf"(?:ngay{GAP})?{_D2}"
)
_RECURRING_DAY_RE = re.compile(
    rf"(?:ngay\s*\d{{1,2}}|(?:thu\s*(?:hai|ba|tu|nam|sau|bay)|chu nhat))"
    rf"\s*(?:cua\s*)?(?:hang|moi)\s*(?:tuan|thang|quy|nam){_E}"
)
_DUE_RE = re.compile(
    rf"(?:(?P<cue>{_alt(_CUES['due_cues'])})\s*:?\s*(?:(?:la|vao)\s+)?"
    rf"(?:{_TIME}\s*,?\s*)?|(?P<cue2>{_alt(_CUES['due_cues_with_ngay'])})\s+(?=ngay))(?:ngay{GAP})?(?P<date>{_D1})"
)
_YEARLY_AFTER_RE = re.compile(rf"\s*(?:{_alt(_CUES['yearly_after_date'])}){_E}")
_DURATION_RE = re.compile(
    rf"(?:{_alt(_CUES['duration_leads'])})\s*(?:la\s*)?(?P<n>\d{{1,3}})\s*ngay(?P<work>\s+lam\s+viec)?\s*,?\s*"
    rf"(?:ke\s*)?tu\s*(?:ngay|khi)\s+(?P<filler>(?:[a-z]+\s+){{0,5}}?)(?:{_alt(_CUES['duration_anchors'])}){_E}"
)
_SCHOOL_YEAR_RE = re.compile(rf"nam\s*hoc\s*(?P<y1>\d{{4}})\s*[-–/]\s*(?P<y2>\d{{4}}){_E}")
_QUARTER_RE = re.compile(rf"quy\s*(?P<q>iv|iii|ii|i|[1-4])(?![a-z0-9])(?:\s*(?:/|nam|-)\s*(?P<y>\d{{4}}){_E})?")
_HALF_RE = re.compile(
    rf"(?P<n>\d{{1,2}}|{_alt(list(_CUES['half_year_numbers']))})\s*thang\s*(?P<side>dau|cuoi)\s*nam"
    rf"(?:\s*/?\s*(?P<y>\d{{4}}){_E})?"
)
# `tháng 5/2026`; `tháng 4 và tháng 5/2026`, `tháng 4, 5/2026`, `tháng 3 đến tháng 10/2026`: one period
# over both months (`tháng 4 và tháng 8` are two).
_MONTH_RE = re.compile(
    rf"thang\s*(?:(?P<m0>\d{{1,2}})\s*(?P<join>,|va|-|–|den)\s*(?:thang\s*)?)?"
    rf"(?P<m>\d{{1,2}})\s*(?:/|nam|-)\s*(?P<y>\d{{4}}){_E}"
)
_MONTH_NO_YEAR_RE = re.compile(
    rf"(?P<cue>{_alt(_CUES['month_cues_without_year'])})\s+thang\s*(?P<m>\d{{1,2}})(?![0-9/.-]|\s*nam\s*\d)"
)
_YEAR_RE = re.compile(
    rf"(?:cac\s+nam|nam|giai\s+doan(?:\s+tu)?(?:\s+nam)?|tu\s+nam)\s*(?P<y1>\d{{4}}){_E}"
    rf"(?:\s*(?:,|va|-|–|den)\s*(?:nam\s*)?(?P<y2>\d{{4}}){_E})*"
)
_RECURRING_RE = re.compile(
    rf"hang\s*(?:{_alt(_CUES['recurring_units'])}){_E}"
    rf"|dinh\s*ky\s*\d{{1,2}}\s*(?:{_alt(_CUES['recurring_units'])}){_E}"
    rf"|\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s*(?:ngay|tuan|thang|gio)\s*/\s*(?:1\s*)?lan{_E}"
    rf"|\d{{1,2}}\s*lan\s*/\s*(?:{_alt(_CUES['recurring_units'])}){_E}"
)
_CAN_CHI = rf"(?:{_alt(_CUES['can_chi_stems'])})\s+(?:{_alt(_CUES['can_chi_branches'])}){_E}"
_EVENT_SUFFIX = (
    rf"(?:\s+(?:\d{{1,2}}\s*/\s*\d{{1,2}}(?:\s*(?:va|-|–)\s*\d{{1,2}}\s*/\s*\d{{1,2}})?{_E}"
    rf"|{_CAN_CHI}|nam\s+hoc\s+\d{{4}}\s*[-–]\s*\d{{4}}{_E}|nam\s+\d{{4}}{_E}|\d{{4}}{_E}))*"
)
_EVENT_NAME = (
    rf"(?:nghi\s+)?(?:{_alt(_CUES['event_names'] + _CUES['event_names_after_dip'])}){_E}"
)
_EVENT_RE = re.compile(
    rf"(?:dip\s+(?:(?:{_alt(_CUES['event_leads_kept'])})\s+)?(?:dip\s+)?{_EVENT_NAME}"
    rf"|(?:{_alt(_CUES['event_leads_kept'])})\s+(?:dip\s+|ngay\s+|khi\s+)?{_EVENT_NAME}"
    rf"|(?P<bare>{_alt(_CUES['event_names'])}){_E})"
    rf"{_EVENT_SUFFIX}"
)
_EVENT_DROPPED_LEAD_RE = re.compile(rf"(?:{_alt(_CUES['event_leads_dropped'])})\s+$")
_DUE_LEAD_RE = re.compile(rf"(?:{_alt(_CUES['due_leads'])})\s+$")
_RECURRING_DAY_LEAD_RE = re.compile(r"(?:truoc|vao|cham nhat|den)\s+$")
_RECURRING_LEAD_RE = re.compile(r"(?:dinh\s*ky|tu)\s*$")
_EFFECTIVE_RE = re.compile(rf"hieu\s*luc(?:\s*thi\s*hanh)?\s*(?:ke\s*)?(?:tu|den)\s*(?:ngay{GAP})?{_D1}")
_CAN_CU_LINE_RE = re.compile(r"^[\s*_\-–+•]*can\s+cu\b.*$", re.MULTILINE)
_PERIOD_DUE_START_RE = re.compile(rf"(?:{_alt(_CUES['period_to_due_start'])})\s+$")
_PERIOD_DUE_END_RE = re.compile(rf"(?:{_alt(_CUES['period_to_due_end'])})\s+$")
_YEAR_NOT_AFTER_RE = re.compile(rf"(?<![a-z0-9])(?:{_alt(_CUES['year_not_in_clause_after'])}){_E}")
# `Đề án phát triển du lịch tỉnh … đến năm 2020`, `tầm nhìn đến năm 2045`: a programme's horizon, part of its name.
_STAGE_RE = re.compile(r"giai\s+doan")
_BLANKS_RE = re.compile(r"\s*")
_HORIZON_RE = re.compile(
    rf"(?<![a-z0-9])(?:{_alt(_CUES['horizon_names'])}){_E}[^,;:.()]*?(?<![a-z])(?:den\s+|giai\s+doan)$"
)
# A year is a time to act only after a lead: `trong năm 2024`, `đến hết năm 2019`, `hoàn thành năm 2025`.
_YEAR_LEAD_RE = re.compile(rf"(?<![a-z0-9])(?:{_alt(_CUES['year_leads'])})\s+$")
_YEAR_NOT_RIGHT_AFTER_RE = re.compile(rf"(?<![a-z0-9])(?:{_alt(_CUES['year_not_right_after'])})\s+$")
_RECURRING_NOT_AFTER = tuple(f"{w} " for w in _CUES["recurring_not_after"])
_PAST_MARKERS_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(w) for w in _CUES["past_markers_accented"]) + r")(?!\w)"
    r"(?!\s+(?:" + "|".join(re.escape(w) for w in _CUES["past_markers_not_before_accented"]) + r")(?!\w))"
)
_HALF_NUMBERS = _CUES["half_year_numbers"]
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_CLAUSE_BREAK = re.compile(r"[.;:()\n]")
# A cheap pre-check: without a digit or one of these words, a text has no deadline. Two
# searches, each starting with a plain character set, which the engine skips through in C.
_DIGIT_RE = re.compile(r"\d")
_EVENT_NAME_RE = re.compile(rf"{_alt(_CUES['event_names'])}{_E}")
_CUE_WORD_RE = re.compile(r"hang |dip |tet |nghi ")  # with _EVENT_NAME_RE: every undated deadline
_SPACES_RE = re.compile(r"\s+")
_NUMBER_END_RE = re.compile(r"\d\s?$")
_YEAR_DIGITS_RE = re.compile(r"\d{4}")
# Literal pre-checks per pattern: every match of the pattern contains one of these words, so a
# text without any of them is not scanned (`in` runs at C speed; the scans cost per character).
_NEEDS: dict[re.Pattern, tuple[str, ...]] = {
    _EFFECTIVE_RE: ("hieu",),
    _YEAR_RE: ("nam", "giai"),
    _SCHOOL_YEAR_RE: ("hoc",),
    _RECURRING_DAY_RE: ("hang", "moi"),
    _DURATION_RE: ("ngay",),
    _RECURRING_RE: ("hang", "dinh", "lan"),
}
# Patterns whose every match holds a digit: not scanned in a text without one.
_NEEDS_DIGIT = (_RANGE_RE, _DUE_RE, _EFFECTIVE_RE, _DURATION_RE, _SCHOOL_YEAR_RE, _MONTH_RE, _MONTH_NO_YEAR_RE, _YEAR_RE)
# Gates: every match of the pattern contains a match of its gate, which starts with a literal
# or a plain character set and so is searched fast; a text without one is not scanned. The
# main patterns start with groups or lookbehinds, so the engine tries them at every position.
_DATEISH_RE = re.compile(rf"\d{GAP}(?:thang|[/.-]){GAP}\d")  # the day and month of every date
_LAST_LEAD_WORDS = sorted({lead.split()[-1] for lead in _CUES["event_leads_kept"]})
assert all(w.isalpha() for w in _LAST_LEAD_WORDS)
_GATES: dict[re.Pattern, tuple[re.Pattern, ...]] = {
    _CAN_CU_LINE_RE: (re.compile(r"can\s+cu\b"),),
    _EFFECTIVE_RE: (_DATEISH_RE,),
    _RANGE_RE: (_DATEISH_RE,),
    _DUE_RE: (_DATEISH_RE,),
    _RECURRING_DAY_RE: (re.compile(rf"(?:hang|moi)\s*(?:tuan|thang|quy|nam){_E}"),),
    _DURATION_RE: (re.compile(r"\d\s*ngay"),),
    # `dịp …`; an event name (every bare match, and the lead + name of the second branch);
    # a lead's last word + a name that only follows a lead (`trước Tết`).
    _EVENT_RE: (
        re.compile("dip"),
        _EVENT_NAME_RE,
        re.compile(
            "|".join(
                rf"{word}\s+(?:nghi\s+)?(?:{_alt(_CUES['event_names_after_dip'])}){_E}" for word in _LAST_LEAD_WORDS
            )
        ),
    ),
    _HALF_RE: (re.compile(r"thang\s*(?:dau|cuoi)\s*nam"),),
    _MONTH_RE: (re.compile(r"thang\s*\d"),),
    _MONTH_NO_YEAR_RE: (re.compile(r"thang\s*\d"),),
    # The four branches: `hằng tuần`, `định kỳ 2 tháng`, `2 ngày/lần`, `2 lần/tuần`.
    _RECURRING_RE: (
        re.compile(rf"hang\s*(?:{_alt(_CUES['recurring_units'])}){_E}|dinh\s*ky\s*\d|/\s*(?:1\s*)?lan|lan\s*/"),
    ),
}
# Keyed by id: hashing a compiled pattern hashes its whole program, on every look-up.
_SCAN_PLANS: dict[int, tuple[bool, tuple[str, ...], tuple[re.Pattern, ...]]] = {
    id(p): (p in _NEEDS_DIGIT, _NEEDS.get(p, ()), _GATES.get(p, ())) for p in {**_NEEDS, **_GATES}
}
assert all(id(p) in _SCAN_PLANS for p in _NEEDS_DIGIT)


class _Found:
    """A deadline found at [start, end); the record is built only for those kept."""

    __slots__ = ("start", "end", "kind", "date", "until", "time")

    def __init__(self, start: int, end: int, kind: str, date: str | None, until: str | None, time: str | None):
        self.start, self.end, self.kind, self.date, self.until, self.time = start, end, kind, date, until, time


def find_deadlines(
    text: str, issued: str | None = None, offset: int = 0, folded: str | None = None
) -> list[Deadline]:
    """Every deadline in `text`, in order; `issued` (ISO) resolves years and durations.

    `… hoàn thành trước ngày 04/9/2021.` → [Deadline(kind="due", date="2021-09-04",
    raw="hoàn thành trước ngày 04/9/2021")]; `trong quý IV/2021` → period
    2021-10-01 … 2021-12-31; `hằng ngày` → recurring. `folded` is `fold(text)` when the
    caller has it already.
    """
    if folded is None:
        folded, low = fold_and_lower(text)
    else:
        low = folded.lower()
        if len(low) != len(folded):  # as fold_and_lower does it
            folded, low = fold_and_lower(text)
    has_digit = _DIGIT_RE.search(low) is not None
    if not has_digit and not _CUE_WORD_RE.search(low) and not _EVENT_NAME_RE.search(low):
        return []
    context = _Context(text, folded, low, issued, has_digit)
    taken: list[tuple[int, int]] = []
    found: list[_Found] = []
    for finder in _FINDERS:
        for item in finder(context):
            if item is None or _overlaps(item.start, item.end, taken):
                continue
            if item.kind in ("due", "period"):
                if _overlaps(item.start, item.end, context.masks()):
                    continue
                if context.is_past(item):
                    taken.append((item.start, item.end))  # nor is a part of it (`năm 2015` of `6 tháng đầu năm 2015`)
                    continue
            taken.append((item.start, item.end))
            found.append(item)
    found.sort(key=lambda f: f.start)
    if len(found) > 1:
        found = _merge_recurring_details(text, context.low, _without_reported_periods(text, context.low, found))
    return [
        Deadline(
            kind=f.kind, date=f.date, end=f.until, raw=_raw(text, f.start, f.end), time=f.time,
            span=(f.start + offset, f.end + offset),
        )
        for f in found
    ]


_PHRASE_BREAK_RE = re.compile(r"[,;:.()\n]")


_REPORTED_RE = re.compile(rf"(?<![a-z])(?:{_alt(_CUES['report_words'])}){_E}")


def _without_reported_periods(text: str, low: str, found: list[_Found]) -> list[_Found]:
    """`báo cáo kết quả 6 tháng đầu năm trước ngày 15/6/2026`: a period after a report word and
    followed in the same phrase by a due date inside it is what the report covers; the due date
    is the deadline (`triển khai trong tháng 6 hoàn thành trước ngày 20/6` keeps both)."""
    dropped = set()
    for i, item in enumerate(found[:-1]):
        after = found[i + 1]
        if (
            item.kind == "period"
            and after.kind == "due"
            and item.date <= after.date <= item.until
            and not _PHRASE_BREAK_RE.search(text, item.end, after.start)
        ):
            phrase_start = max((m.end() for m in _PHRASE_BREAK_RE.finditer(text, max(0, item.start - 80), item.start)), default=max(0, item.start - 80))
            if _REPORTED_RE.search(low, phrase_start, item.start):
                dropped.add(i)
    return [f for i, f in enumerate(found) if i not in dropped] if dropped else found


_OPEN_BRACKET_RE = re.compile(r"\(\s*$")
_CLOSE_BRACKET_RE = re.compile(r"\s*\)")
_SENTENCE_END_RE = re.compile(r"[.!?]\s|\n")


def _merge_recurring_details(text: str, low: str, found: list[_Found]) -> list[_Found]:
    """`định kỳ hằng tháng (trước ngày 25 hằng tháng)`: a recurrence in brackets after another one
    of the same unit, in the same sentence, gives its day; it is not a second deadline. Right after
    it, the two become one, brackets included; further on, the bracketed one is dropped."""
    kept: list[_Found] = [found[0]]
    for item in found[1:]:
        closed = _CLOSE_BRACKET_RE.match(text, item.end)
        opened = _OPEN_BRACKET_RE.search(text, max(0, item.start - 3), item.start)
        if item.kind == "recurring" and opened and closed:
            unit = low[item.start : item.end].split()[-1]
            earlier = next((f for f in reversed(kept) if f.kind == "recurring"), None)
            if (
                earlier is not None
                and low[earlier.start : earlier.end].split()[-1] == unit
                and not _SENTENCE_END_RE.search(text, earlier.end, opened.start())
            ):
                if not text[earlier.end : opened.start()].strip():
                    earlier.end = closed.end()
                continue
        kept.append(item)
    return kept


def _raw(text: str, start: int, end: int) -> str:
    return _SPACES_RE.sub(" ", text[start:end].replace("*", "")).strip()


class _Context:
    """The text, its folded copy and what the finders share (computed when first asked for)."""

    def __init__(self, text: str, folded: str, low: str, issued: str | None, has_digit: bool):
        self.text, self.folded, self.low, self.issued, self.has_digit = text, folded, low, issued, has_digit
        self._masks: list[tuple[int, int]] | None = None
        self._full_dates: list[tuple[int, int]] | None = None
        self._gates: dict[int, bool] = {}  # id(gate) → whether it matches

    def finditer(self, pattern: re.Pattern) -> Iterable[re.Match]:
        """`pattern.finditer(low)`, skipped when `low` lacks every word the pattern needs
        or matches none of its gates."""
        plan = _SCAN_PLANS.get(id(pattern))
        if plan is not None:
            low = self.low
            digit, needs, gates = plan
            if digit and not self.has_digit:
                return ()
            if needs:
                for word in needs:
                    if word in low:
                        break
                else:
                    return ()
            if gates:
                for gate in gates:
                    if self._passes(gate):
                        break
                else:
                    return ()
        return pattern.finditer(self.low)

    def _passes(self, gate: re.Pattern) -> bool:
        """Whether `gate` matches somewhere in the text (searched once per text)."""
        known = self._gates.get(id(gate))
        if known is None:
            known = self._gates[id(gate)] = gate.search(self.low) is not None
        return known

    def masks(self) -> list[tuple[int, int]]:
        """`Căn cứ` lines, effective dates and cited documents: no due or period there."""
        if self._masks is None:
            masks = [(m.start(), m.end()) for m in self.finditer(_CAN_CU_LINE_RE)]
            masks += [(m.start(), m.end()) for m in self.finditer(_EFFECTIVE_RE)]
            if self.has_digit:
                masks += citation_extents(self.text, self.folded)
            self._masks = masks
        return self._masks

    def full_dates(self) -> list[tuple[int, int]]:
        """Full dates, so `năm 2016` of `ngày 21 tháng 12 năm 2016` is no period of its own
        (every date has a day and month: `_DATEISH_RE`)."""
        if self._full_dates is None:
            self._full_dates = (
                [(m.start(), m.end()) for m in DATE_RE.finditer(self.low) if date_parts(m)[0]]
                if self._passes(_DATEISH_RE)
                else []
            )
        return self._full_dates

    def found(self, kind: str, start: int, end: int, date=None, until=None, time=None) -> _Found:
        start, end = _trim(self.text, start, end)
        return _Found(start, end, kind, date, until, time)

    def is_past(self, item: _Found) -> bool:
        """A date before the date of issue, or in a clause that tells what happened."""
        last = item.until or item.date
        if self.issued and last and last < self.issued:
            return True
        if item.kind != "period":
            return False
        left = max((m.end() for m in _CLAUSE_BREAK.finditer(self.low, max(0, item.start - 200), item.start)), default=0)
        right_match = _CLAUSE_BREAK.search(self.low, item.end)
        right = right_match.start() if right_match else len(self.low)
        clause = self.text[left:right].lower()
        return bool(_PAST_MARKERS_RE.search(clause))

    def resolve(self, year: int | None, month: int, day: int) -> str | None:
        if year is not None:
            return iso_date(year, month, day)
        return nearest_year_date(month, day, self.issued)

    def issue_year(self) -> int | None:
        return int(self.issued[:4]) if self.issued else None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n*_,":
        start += 1
    while end > start and text[end - 1] in " \t\n*_,":
        end -= 1
    return start, end


def _word_start(low: str, i: int) -> bool:
    return i == 0 or not low[i - 1].isalnum()


def _extend_left(low: str, start: int, lead: re.Pattern, window: int = 25) -> int:
    """Start of a lead word just before `start` (`hoàn thành` of `hoàn thành trước ngày`), else `start`.

    Leads are looked up backwards so that the main patterns begin with a literal: much faster.
    """
    found = lead.search(low, max(0, start - window), start)
    return found.start() if found and _word_start(low, found.start()) else start


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _time_of(match: re.Match) -> str | None:
    if match.groupdict().get("hh") is None:
        return None
    hour, minute = int(match.group("hh")), int(match.group("mm") or 0)
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def _month_end(year: int, month: int) -> str:
    following = _dt.date(year + (month == 12), month % 12 + 1, 1)
    return (following - _dt.timedelta(days=1)).isoformat()


def _ranges(c: _Context) -> Iterator[_Found | None]:
    for m in c.finditer(_RANGE_RE):
        if not _word_start(c.low, m.start()):
            continue
        y2, m2, d2 = date_parts(m, "2")
        y1, m1, d1 = date_parts(m, "1")
        if y1 is None and y2 is not None:
            y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
        end = c.resolve(y2, m2, d2)
        start = c.resolve(y1, m1, d1)
        if start and end:
            yield c.found("period", m.start(), m.end(), start, end, _time_of(m))


def _recurring_days(c: _Context) -> Iterator[_Found | None]:
    for m in c.finditer(_RECURRING_DAY_RE):
        if _word_start(c.low, m.start()):
            yield c.found("recurring", _extend_left(c.low, m.start(), _RECURRING_DAY_LEAD_RE), m.end())


def _dues(c: _Context) -> Iterator[_Found | None]:
    for m in c.finditer(_DUE_RE):
        if not _word_start(c.low, m.start()):
            continue
        start = _extend_left(c.low, m.start(), _DUE_LEAD_RE)
        year, month, day = date_parts(m, "1")
        yearly = _YEARLY_AFTER_RE.match(c.low, m.end())
        if yearly:
            yield c.found("recurring", start, yearly.end())
            continue
        date = c.resolve(year, month, day)
        if date:
            yield c.found("due", start, m.end(), date, None, _time_of(m))


def _durations(c: _Context) -> Iterator[_Found | None]:
    if not c.issued:
        return
    excluded = _CUES["duration_anchor_excluded"]
    for m in c.finditer(_DURATION_RE):
        if not _word_start(c.low, m.start()) or any(word in m.group("filler") for word in excluded):
            continue
        days = int(m.group("n"))
        date = _dt.date.fromisoformat(c.issued)
        if m.group("work"):
            counted = 0
            while counted < days:
                date += _dt.timedelta(days=1)
                counted += date.weekday() < 5
        else:
            date += _dt.timedelta(days=days)
        yield c.found("due", m.start(), m.end(), date.isoformat())


def _events(c: _Context) -> Iterator[_Found | None]:
    for m in c.finditer(_EVENT_RE):
        if not _word_start(c.low, m.start()):
            continue
        # A bare name (`Tết Nguyên đán`) is an occasion only after `trong`, `nhất là` …
        if m.group("bare") and _extend_left(c.low, m.start(), _EVENT_DROPPED_LEAD_RE) == m.start():
            continue
        yield c.found("event", m.start(), m.end())


def _school_years(c: _Context) -> Iterator[_Found | None]:
    for m in c.finditer(_SCHOOL_YEAR_RE):
        if not _word_start(c.low, m.start()):
            continue
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        if y2 == y1 + 1:
            # A school year runs from September to May (our choice; summer courses excluded).
            yield c.found("period", m.start(), m.end(), f"{y1}-09-01", f"{y2}-05-31")


def _calendar_periods(c: _Context) -> Iterator[_Found | None]:
    """Quarters, halves, months and years, each turned into a due where `trước` / `đến hết` leads."""
    for start, end, first, last in _period_spans(c):
        if not _word_start(c.low, start) or _overlaps(start, end, c.full_dates()):
            continue
        before = c.low[max(0, start - 20) : start]
        lead_start = _PERIOD_DUE_START_RE.search(before)
        lead_end = _PERIOD_DUE_END_RE.search(before)
        if lead_end:
            yield c.found("due", start - (len(before) - lead_end.start()), end, last)
        elif lead_start:
            day_before = (_dt.date.fromisoformat(first) - _dt.timedelta(days=1)).isoformat()
            yield c.found("due", start - (len(before) - lead_start.start()), end, day_before)
        else:
            yield c.found("period", start, end, first, last)


def _period_spans(c: _Context) -> Iterator[tuple[int, int, str, str]]:
    issue_year = c.issue_year()
    for m in c.finditer(_QUARTER_RE):
        quarter = _ROMAN.get(m.group("q")) or int(m.group("q"))
        year = int(m.group("y")) if m.group("y") else issue_year
        if year:
            yield m.start(), m.end(), f"{year}-{3 * quarter - 2:02d}-01", _month_end(year, 3 * quarter)
    for m in c.finditer(_HALF_RE):
        months = int(_HALF_NUMBERS.get(m.group("n"), m.group("n")))
        year = int(m.group("y")) if m.group("y") else issue_year
        if year and 1 <= months <= 11:
            first_month = 1 if m.group("side") == "dau" else 13 - months
            last_month = months if m.group("side") == "dau" else 12
            yield m.start(), m.end(), f"{year}-{first_month:02d}-01", _month_end(year, last_month)
    for m in c.finditer(_MONTH_RE):
        month, year = int(m.group("m")), int(m.group("y"))
        first = int(m.group("m0") or month)
        after_number = _NUMBER_END_RE.search(c.low[max(0, m.start() - 2) : m.start()])  # `6 tháng`
        if not (1 <= first <= month <= 12) or after_number:
            continue
        if m.group("join") in (",", "va") and month > first + 1:  # `vào tháng 4 và tháng 8 năm 2026`
            yield m.start(), m.end("m0"), f"{year}-{first:02d}-01", _month_end(year, first)
            second = _BLANKS_RE.match(c.low, m.end("join")).end()  # where `tháng 8` starts
            yield second, m.end(), f"{year}-{month:02d}-01", _month_end(year, month)
        else:
            yield m.start(), m.end(), f"{year}-{first:02d}-01", _month_end(year, month)
    for m in c.finditer(_MONTH_NO_YEAR_RE):
        month = int(m.group("m"))
        nearest = nearest_year_date(month, 1, c.issued) if 1 <= month <= 12 else None
        if nearest:
            year = int(nearest[:4])
            yield m.start("cue") + len(m.group("cue")) + 1, m.end(), f"{year}-{month:02d}-01", _month_end(year, month)
    for m in c.finditer(_YEAR_RE):
        left = max((b.end() for b in _CLAUSE_BREAK.finditer(c.low, max(0, m.start() - 80), m.start())), default=0)
        if _YEAR_NOT_AFTER_RE.search(c.low, max(left, m.start() - 80), m.start()):
            continue  # `Luật Giám định tư pháp năm 2020` names a law
        stage = _STAGE_RE.match(c.low, m.start())  # `Chương trình … giai đoạn 2021-2025` names it too
        if _HORIZON_RE.search(c.low, max(0, m.start() - 240), stage.end() if stage else m.start()):
            continue  # `Chiến lược … đến năm 2030` names a programme
        if _YEAR_NOT_RIGHT_AFTER_RE.search(c.low, max(0, m.start() - 12), m.start()):
            continue  # `sinh năm 1990`, `thành lập năm 1945`
        if c.low.startswith("nam", m.start()) and not _YEAR_LEAD_RE.search(c.low, max(0, m.start() - 16), m.start()):
            continue  # a bare `năm 2023` names a thing's year (`ngân sách tỉnh năm 2023`, `Kế hoạch … năm 2026`)
        years = [int(y) for y in _YEAR_DIGITS_RE.findall(c.low[m.start() : m.end()])]
        if all(1900 <= y <= 2100 for y in years):
            yield m.start(), m.end(), f"{min(years)}-01-01", f"{max(years)}-12-31"


def _recurrences(c: _Context) -> Iterator[_Found | None]:
    for m in c.finditer(_RECURRING_RE):
        if not _word_start(c.low, m.start()):
            continue
        start = _extend_left(c.low, m.start(), _RECURRING_LEAD_RE)
        if start == m.start() and c.low[max(0, start - 12) : start].endswith(_RECURRING_NOT_AFTER):
            continue  # `sinh hoạt hằng ngày`, `ngân hàng năm …`
        yield c.found("recurring", start, m.end())


# In priority order: a span taken by an earlier finder is not read again.
_FINDERS: list[Callable[[_Context], Iterator[_Found | None]]] = [
    _ranges,
    _recurring_days,
    _dues,
    _durations,
    _events,
    _school_years,
    _calendar_periods,
    _recurrences,
]

__all__ = ["find_deadlines", "Span"]
