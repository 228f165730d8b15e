"""Normalisation: decoded text → clean text plus an exact map back to the input.

Two passes, both linear in the input:

1. characters: NFD → NFC, CRLF/CR → LF, odd spaces and tabs → space, zero-width
   marks, BOM and control characters removed, markdown residue removed (`**`,
   `*x*`, `__`, `_x_`, `#` heading marks, `\\*` escapes; a `|` cell border inside a
   line becomes a line break, one at a line's edge goes);
2. lines: leftover lines named in `data/leftovers.json` dropped (web-page widgets,
   a legal site's metadata box and trailer, rule lines, PDF page numbers), an
   accidentally doubled copy of the text dropped, trailing spaces stripped, blank
   lines at both ends dropped and runs of 3+ blank lines collapsed to one.

Lines are never joined and kept characters stay in order, so `to_source(i)` gives
for each character of the clean text the index in the input it came from.

>>> n = normalise("**ỦY BAN NHÂN DÂN**\\r\\nTỈNH NGHỆ AN\\r\\n-------\\r\\n")
>>> n.text
'ỦY BAN NHÂN DÂN\\nTỈNH NGHỆ AN\\n'
>>> n.to_source(0), n.to_source(16)
(2, 21)

A Party issuer's `*` line is kept when it stands under a line in capitals (a
Party-format cue for the segmenter); a lone `*` anywhere else is italic residue.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate, compress, count, repeat
from operator import add, and_, call, itemgetter, not_, truth
from typing import Callable

from .fast_regex import LineAlternation
from .lexicon import load_json

# --- the offset map ----------------------------------------------------------------


class OffsetMap:
    """Run-length map from clean-text index to input index.

    Run k covers clean indices [text_starts[k], text_starts[k+1]) and maps i to
    source_starts[k] + (i - text_starts[k]). The last run starts at len(text) and
    maps to len(raw), so `to_source(len(text)) == len(raw)`.

    The pipeline itself reads only the clean text, so `normalise` hands out maps
    whose runs are built on first use (`OffsetMap.lazy`): most never are.
    """

    __slots__ = ("_runs", "_build", "_lookup", "length")

    def __init__(self, text_starts: array, source_starts: array, length: int):
        self._runs = (text_starts, source_starts)
        self._build = self._lookup = None
        self.length = length

    @classmethod
    def lazy(
        cls, build: Callable[[], tuple[array, array]], length: int, lookup: Callable[[int], int] | None = None
    ) -> OffsetMap:
        """A map whose runs `build()` returns when first needed; `lookup`, when given,
        answers `to_source` as the runs would, without them."""
        offsets = cls.__new__(cls)
        offsets._runs = None
        offsets._build = build
        offsets._lookup = lookup
        offsets.length = length
        return offsets

    def runs(self) -> tuple[array, array]:
        """(text_starts, source_starts), built now if not yet."""
        if self._runs is None:
            self._runs = self._build()
            self._build = self._lookup = None  # let go of what the build needed
        return self._runs

    @property
    def text_starts(self) -> array:
        return self.runs()[0]

    @property
    def source_starts(self) -> array:
        return self.runs()[1]

    def to_source(self, i: int) -> int:
        if not 0 <= i <= self.length:
            raise IndexError(f"offset {i} outside 0..{self.length}")
        if self._lookup is not None:
            return self._lookup(i)
        text_starts, source_starts = self.runs()
        k = bisect_right(text_starts, i) - 1
        return source_starts[k] + (i - text_starts[k])

    def __len__(self) -> int:
        """One entry per clean character plus the final one."""
        return self.length + 1

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OffsetMap) and (self.length, *self.runs()) == (other.length, *other.runs())

    def __repr__(self) -> str:
        return f"OffsetMap(runs={len(self.text_starts)}, length={self.length})"


# --- data --------------------------------------------------------------------------


def _entry_pattern(entry: dict) -> str:
    return re.escape(entry["pattern"]) if entry.get("literal") else entry["pattern"]


def _alternation(entries: list[dict]) -> str:
    return "|".join("(?:" + _entry_pattern(e) + ")" for e in entries)


def _whole_line(entries: list[dict]) -> re.Pattern:
    return re.compile(_alternation(entries), re.IGNORECASE)


# rules under an issuer or motto: `-------`, `______`, `=====`
_RULE_LINE = "(?:[-_=—–~] *){3,}"
_RULE_LINE_RE = re.compile(_RULE_LINE)
# `Hạnh phúc---------------`: the rule glued to the line above it
_GLUED_RULE = re.compile(r"(?<=[^\s=-])\s*(?:-{3,}|={3,})$")
_FIRST_TWO = itemgetter(slice(2))
_MOTTO_CUES = ("CỘNG HÒA XÃ HỘI", "CỘNG HOÀ XÃ HỘI", "ĐẢNG CỘNG SẢN VIỆT NAM", "ĐỘC LẬP - TỰ DO")


@dataclass(frozen=True)
class _Leftovers:
    """`data/leftovers.json`, compiled."""

    special: LineAlternation  # any line some rule below may act on: the cheap first filter
    drop_line: re.Pattern
    drop_line_at_end: re.Pattern
    menu_item: re.Pattern
    menu_min_run: int
    box_opener: re.Pattern
    box_line: re.Pattern
    metadata_keys: frozenset[str]
    site_title: re.Pattern
    summary_end: re.Pattern
    summary_max_lines: int
    trailer_start: re.Pattern
    trailer_markers: tuple[re.Pattern, ...]
    trailer_lead_in: re.Pattern
    marker_lookahead: int
    translation_motto: re.Pattern
    translation_lookahead: int
    bare_page_number: re.Pattern
    page_min_gap: int
    page_number_not_after: re.Pattern
    page_table_window: int


@lru_cache(maxsize=1)
def _leftovers() -> _Leftovers:
    data = load_json("leftovers.json")
    box, trailer = data["site_box"], data["site_trailer"]
    keys = box["metadata_key"]
    special_parts = [
        _RULE_LINE,
        r"\*",
        data["bare_page_number"]["pattern"],
        *(re.escape(key) + r" *:.*" for key in keys),
        *map(_entry_pattern, data["drop_line"]),
        *map(_entry_pattern, data["drop_line_at_end"]),
        *map(_entry_pattern, data["menu_item"]),
        *map(_entry_pattern, box["opener"]),
        *map(_entry_pattern, trailer["start"]),
    ]
    return _Leftovers(
        special=LineAlternation(special_parts, re.IGNORECASE),

        drop_line=re.compile(f"{_RULE_LINE}|{_alternation(data['drop_line'])}", re.IGNORECASE),
        drop_line_at_end=_whole_line(data["drop_line_at_end"]),
        menu_item=_whole_line(data["menu_item"]),
        menu_min_run=data["menu_min_run"],
        box_opener=_whole_line(box["opener"]),
        box_line=_whole_line(box["line"]),
        metadata_keys=frozenset(k.casefold() for k in keys),
        site_title=re.compile(box["title"]["pattern"]),
        summary_end=_whole_line(box["summary_end"]),
        summary_max_lines=box["summary_max_lines"],
        trailer_start=_whole_line(trailer["start"]),
        trailer_markers=tuple(_whole_line([m]) for m in trailer["marker"]),
        trailer_lead_in=_whole_line(trailer["lead_in"]),
        marker_lookahead=trailer["marker_lookahead"],
        translation_motto=_whole_line([trailer["translation_motto"]]),
        translation_lookahead=trailer["translation_lookahead"],
        bare_page_number=re.compile(data["bare_page_number"]["pattern"]),
        page_min_gap=data["page_min_gap"],
        page_number_not_after=_whole_line([data["page_number_not_after"]]),
        page_table_window=data["page_table_window"],
    )


# --- pass 1: characters ------------------------------------------------------------

_SPACES = " \t\xa0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
_INVISIBLE = "\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f"
_COMBINING = "\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_COMBINING_CHAR = re.compile(f"[{_COMBINING}]")
_MD_ESCAPABLE = frozenset("\\`*_{}[]()#+-.!|<>~")
# Runs of the characters pass 1 may touch. One character class and no alternation
# keeps the scan at C speed; the few hits are sorted out in Python. Written `[c][c]*`,
# not `[c]+`: a pattern that opens with a class (not a repeat) gets the engine's fast
# skip to the first possible character, 2.5 times faster over a whole document.
_TOUCHED_CLASS = f"[{_INVISIBLE}{_COMBINING}\\\\*_#|{_SPACES[1:]}{_BREAKS[1:]}]"
_TOUCHED = re.compile(f"{_TOUCHED_CLASS}{_TOUCHED_CLASS}*")
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class _Pass1:
    text: str
    offsets: OffsetMap
    composed: bool  # NFD letters were composed
    markup_at: frozenset[int]  # where markup (`**`, `#`, `_`) was cut out of `text`
    cells_at: frozenset[int]  # where a `|` at a line's edge was cut out


def _clean_characters(raw: str) -> _Pass1:
    """Pass 1: characters. Same-length replacements keep offsets; cuts start new runs.

    The scan only lists edits (replace t[start:end] by `rep`, whose characters came
    from `rep_source`, at `clean_start` in the clean text); `_apply_edits` builds the
    text, and its map when needed.
    """
    t = raw
    n = len(t)
    edits: list[tuple[int, int, str, int, int]] = []
    edit = edits.append
    pos = 0  # next index of t not yet copied or skipped
    shrink = 0  # characters the edits so far removed: clean index = input index - shrink
    composed = False
    markup_at: list[int] = []
    cells_at: list[int] = []

    def at_line_start(i: int) -> bool:
        while i > 0 and t[i - 1] in _SPACES:
            i -= 1
        return i == 0 or t[i - 1] in _BREAKS

    def at_line_end(i: int) -> bool:
        while i < n and t[i] in _SPACES:
            i += 1
        return i == n or t[i] in _BREAKS

    def is_word(i: int) -> bool:
        return 0 <= i < n and _WORD.match(t, i) is not None

    for m in _TOUCHED.finditer(t):
        i, end = m.span()
        # Fast path for the runs that make most hits, a `**` bold mark and a lone `|`,
        # judged as the loop below would (no edit reaches past a run that starts with
        # either, so `i >= pos`).
        if end - i == 2 and t[i] == "*" == t[i + 1]:
            # `**bold**`: markup unless `(**)`
            if not (0 < i and t[i - 1] == "(" and end < n and t[end] == ")"):
                markup_at.append(i - shrink)
                edit((i, end, "", 0, i - shrink))
                shrink += 2
                pos = end
            continue
        while i < end:
            c = t[i]
            j = i + 1
            if c in "*_#":
                while j < end and t[j] == c:
                    j += 1
            if i < pos:  # already consumed by an edit (a pipe's spaces, an escape)
                i = j
                continue
            cut_to = -1  # drop t[i:cut_to]
            markup = False
            if c == "|":
                # table residue: a cell edge at a line's start or end goes; a cell
                # border inside a line becomes a line break, one cell per line
                left, right = i, j
                while left > pos and t[left - 1] in _SPACES:
                    left -= 1
                while right < n and t[right] in _SPACES:
                    right += 1
                # at_line_end(j) and at_line_start(i), inlined (a table has thousands
                # of pipes): only spaces lie between right / left and the tests' stops
                if right == n or t[right] in _BREAKS:
                    edge = True
                else:
                    k = left
                    while k > 0 and t[k - 1] in _SPACES:
                        k -= 1
                    edge = k == 0 or t[k - 1] in _BREAKS
                if edge:
                    cells_at.append(left - shrink)
                    edit((left, right, "", 0, left - shrink))
                    shrink += right - left
                else:
                    edit((left, right, "\n", i, left - shrink))
                    shrink += right - left - 1
                pos = right
            elif c == "*":
                if j - i == 2:  # `**bold**`, the common case: markup unless `(**)`
                    keep = 0 < i and t[i - 1] == "(" and j < n and t[j] == ")"
                else:
                    keep = _keep_stars(t, i, j, at_line_start, at_line_end)
                if not keep:
                    cut_to, markup = j, True
            elif c in _SPACES:
                edit((i, j, " ", i, i - shrink))
                pos = j
            elif c == "\r":
                if j < n and t[j] == "\n":
                    cut_to = j  # CRLF → LF
                else:
                    edit((i, j, "\n", i, i - shrink))
                    pos = j
            elif c in _BREAKS:
                edit((i, j, "\n", i, i - shrink))
                pos = j
            elif c == "_":
                # `__bold__` marks and `_x_` italics; `a_b` and `____` placeholders stay
                if j - i == 2 or (j - i == 1 and is_word(i - 1) != is_word(j)):
                    cut_to, markup = j, True
            elif c == "#":
                if j - i <= 6 and at_line_start(i) and (j == n or t[j] in _SPACES or at_line_end(j)):
                    cut_to, markup = j, True
                    while cut_to < n and t[cut_to] == " ":
                        cut_to += 1
            elif c == "\\":
                if j < n and t[j] in _MD_ESCAPABLE:  # `\*` → a literal `*`, not markup
                    edit((i, j + 1, t[j], j, i - shrink))
                    shrink += 1
                    pos = j + 1
            elif _COMBINING_CHAR.match(c):
                while j < end and _COMBINING_CHAR.match(t[j]):
                    j += 1
                base = i - 1 if i - 1 >= pos and t[i - 1] not in _BREAKS else i
                nfc = unicodedata.normalize("NFC", t[base:j])
                edit((base, j, nfc, base, base - shrink))
                shrink += j - base - len(nfc)
                pos = j
                composed = True
            else:  # zero-width, BOM, soft hyphen, control characters
                cut_to = j
            if cut_to >= 0:
                if markup:
                    markup_at.append(i - shrink)
                edit((i, cut_to, "", 0, i - shrink))
                shrink += cut_to - i
                pos = cut_to
            i = j
    text, offsets = _apply_edits(t, edits)
    return _Pass1(text, offsets, composed, frozenset(markup_at), frozenset(cells_at))


def _apply_edits(t: str, edits: list[tuple[int, int, str, int, int]]) -> tuple[str, OffsetMap]:
    """The text with each (start, end, rep, rep_source) applied, in order, and its map
    (built when first used)."""
    pieces: list[str] = []
    piece = pieces.append
    pos = 0
    for start, end, rep, _, _ in edits:
        piece(t[pos:start])
        piece(rep)
        pos = end
    piece(t[pos:])
    text = "".join(pieces)
    return text, OffsetMap.lazy(lambda: _edit_runs(len(t), edits), len(text), partial(_source_by_edits, edits))


_CLEAN_START = itemgetter(4)


def _source_by_edits(edits: list[tuple[int, int, str, int, int]], i: int) -> int:
    """`to_source(i)` as the runs of `_edit_runs` give it, from the last edit at or
    before clean index i (page numbers ask for a few indices: no runs built)."""
    k = bisect_right(edits, i, key=_CLEAN_START) - 1
    if k < 0:
        return i
    _, end, rep, rep_source, clean_start = edits[k]
    offset = i - clean_start
    return rep_source + offset if offset < len(rep) else end + offset - len(rep)


def _edit_runs(n: int, edits: list[tuple[int, int, str, int, int]]) -> tuple[array, array]:
    """The runs of `_apply_edits`' map, for an input of n characters."""
    text_starts = array("q")
    source_starts = array("q")
    size = 0
    pos = 0
    next_source = -1  # the source index that continues the current run
    for start, end, rep, rep_source, _ in edits:
        if start > pos:
            if pos != next_source:
                text_starts.append(size)
                source_starts.append(pos)
            size += start - pos
            next_source = start
        if rep:
            if rep_source != next_source:
                text_starts.append(size)
                source_starts.append(rep_source)
            size += len(rep)
            next_source = rep_source + len(rep)
        pos = end
    if pos < n:
        if pos != next_source:
            text_starts.append(size)
            source_starts.append(pos)
        size += n - pos
    text_starts.append(size)
    source_starts.append(n)
    return text_starts, source_starts


def _keep_stars(t: str, s: int, e: int, at_line_start, at_line_end) -> bool:
    """Stars that are text, not emphasis: `(*)` footnote marks, a `* ` bullet, a
    lone `*` line (the Party issuer's star; judged again on the line pass)."""
    if s > 0 and t[s - 1] == "(" and e < len(t) and t[e] == ")":
        return True
    if e - s != 1 or not at_line_start(s):
        return False
    if at_line_end(e):
        return True
    return e + 1 < len(t) and t[e] == " " and t[e + 1] not in "* \n"


# --- the result ----------------------------------------------------------------------


@dataclass(frozen=True)
class Normalised:
    """The clean text, where each of its characters came from, and what was removed."""

    text: str
    source_offsets: OffsetMap
    warnings: tuple[str, ...] = ()

    def to_source(self, i: int) -> int:
        """Index in the input of clean character i (`len(text)` → `len(raw)`)."""
        return self.source_offsets.to_source(i)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The input span of the clean span [start, end)."""
        if end <= start:
            s = self.to_source(start)
            return s, s
        return self.to_source(start), self.to_source(end - 1) + 1


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a text: `text == whole[start:end]`, without its newline."""

    start: int
    end: int
    text: str


def iter_lines(text: str) -> list[Line]:
    """The lines of `text` with their offsets.

    >>> iter_lines("Số: 15/QĐ-UBND\\nHà Nội")
    [Line(start=0, end=14, text='Số: 15/QĐ-UBND'), Line(start=15, end=21, text='Hà Nội')]
    """
    lines = []
    pos = 0
    for part in text.split("\n"):
        lines.append(Line(pos, pos + len(part), part))
        pos += len(part) + 1
    if text.endswith("\n"):
        lines.pop()  # nothing follows the final newline
    return lines


# --- pass 2: lines -------------------------------------------------------------------


class _Lines:
    """The lines of the pass-1 text and which of them stay."""

    def __init__(self, first: _Pass1):
        text = first.text
        self.raw_lines = raw_lines = text.split("\n")
        self.starts = starts = [0, *accumulate(map((1).__add__, map(len, raw_lines)))]
        # Pass 1 leaves no white space but " " and "\n", so only a line followed by
        # " \n" (or the text's last line) can have trailing spaces, and only a line
        # holding "---" or "===" a glued rule: found with str.find, not a test per line.
        content = raw_lines.copy()
        tails: set[int] = set()
        p = text.find(" \n")
        while p >= 0:
            i = bisect_right(starts, p) - 1
            content[i] = raw_lines[i].rstrip()
            tails.add(i)
            p = text.find(" \n", starts[i + 1])
        if text.endswith(" "):
            content[-1] = raw_lines[-1].rstrip()
            tails.add(len(raw_lines) - 1)
        glued: set[int] = set()
        for rule in ("---", "==="):
            p = text.find(rule)
            while p >= 0:
                i = bisect_right(starts, p) - 1
                if i not in glued and content[i].endswith(("---", "===")):
                    content[i] = _GLUED_RULE.sub("", content[i])
                    glued.add(i)
                p = text.find(rule, starts[i + 1])
        tails |= glued
        self.content = content  # each line without trailing spaces or a glued rule
        # the lines that lose a tail (trailing spaces, a glued rule)
        self.cut_tail = sorted(i for i in tails if len(content[i]) != len(raw_lines[i]))
        self.stripped = list(map(str.lstrip, content))
        self.keep = [True] * len(content)
        if first.markup_at:
            self._drop_markup_only_lines(first)
        # only the patterns a line's first two characters allow (None for most lines,
        # and for blank ones), looked up in C; the Python loop sees the rest
        stripped = self.stripped
        matches = list(map(_leftovers().special.by_start.__getitem__, map(_FIRST_TWO, stripped)))
        found = map(call, compress(matches, matches), compress(stripped, matches))
        self.special = list(compress(compress(count(), matches), found))
        self.warnings: list[str] = []

    def _drop_markup_only_lines(self, first: _Pass1) -> None:
        """A line that held only markup (`**`, `** **`) goes; one that held only a
        `|` cell edge stays as a blank line, the border between two cells."""
        text, n, starts = first.text, len(first.text), self.starts
        # a cut on a blank line has only spaces or line ends on either side of it:
        # a cheap test that spares most cuts (`**Điều 1.**`) the line search
        markup_lines = [
            i
            for p in first.markup_at
            if (p == n or text[p] in " \n") and (p == 0 or text[p - 1] in " \n")
            and not self.stripped[i := bisect_right(starts, p) - 1]
        ]
        if markup_lines:
            cells = sorted(first.cells_at)
            for i in markup_lines:
                k = bisect_left(cells, starts[i])
                if k == len(cells) or cells[k] >= starts[i + 1]:  # no cell edge on line i
                    self.keep[i] = False

    def drop(self, start: int, end: int) -> None:
        self.keep[start:end] = [False] * max(0, end - start)


def normalise(raw: str) -> Normalised:
    """Clean `raw` for segmentation, keeping an exact map back to it.

    >>> normalise("2021-10-12 08:28:02 Số lượt xem 912\\nCHỈ THỊ\\n").text
    'CHỈ THỊ\\n'
    """
    first = _clean_characters(raw)
    inter, inter_map = first.text, first.offsets
    lines = _Lines(first)
    if first.composed:
        lines.warnings.append("normalise: decomposed (NFD) letters composed to NFC")
    body_start = _drop_site_boxes(lines)
    _drop_site_trailer(lines, body_start)
    _drop_leftover_lines(lines)
    _drop_menu_runs(lines)
    _drop_page_numbers(lines, raw, inter_map)
    _drop_stray_stars(lines)
    _drop_repeated_copy(lines)
    _drop_trailing_leftovers(lines)
    _collapse_blank_lines(lines)
    text, offsets = _assemble(raw, inter, lines, inter_map)
    return Normalised(text, offsets, tuple(lines.warnings))


def _metadata_key(s: str) -> tuple[str, bool] | None:
    """`Số hiệu:` → ("số hiệu", False); `Số hiệu: 5348/CT-CS` → ("số hiệu", True)."""
    head, colon, value = s.partition(":")
    if not colon or len(head) > 30:
        return None
    key = head.strip().casefold()
    return (key, bool(value.strip())) if key in _leftovers().metadata_keys else None


def _drop_site_boxes(lines: _Lines) -> int:
    """Drop each metadata box (and the site's summary under it); return the line
    after the first one, where the document begins (0 without a box)."""
    L = _leftovers()
    body_start = 0
    done = 0
    for i in lines.special:
        s = lines.stripped[i]
        if i < done or not (L.box_opener.fullmatch(s) or (":" in s and _metadata_key(s))):
            continue
        end, n_keys, opened = _scan_box(lines.stripped, i)
        if opened or n_keys >= 3:
            end = _site_summary_end(lines.stripped, end)
            lines.drop(i, end)
            lines.warnings.append(f"normalise: dropped a site metadata box ({end - i} lines)")
            body_start = body_start or end
            done = end
    return body_start


def _scan_box(stripped: list[str], i: int) -> tuple[int, int, bool]:
    """From line i, the box's end, its count of distinct keys, whether it opened
    with the site's notice. A box line is a key, the one value after a key, a
    separator, or one of the box's own literal lines."""
    L = _leftovers()
    keys: set[str] = set()
    opened = False
    values_left = 0
    last = i
    for j in range(i, len(stripped)):
        s = stripped[j]
        if not s:
            continue
        key = _metadata_key(s)
        if L.box_opener.fullmatch(s):
            opened, values_left = True, 0
        elif key:
            keys.add(key[0])
            values_left = 0 if key[1] else 1
        elif L.box_line.fullmatch(s):
            values_left = 0
        elif values_left:
            values_left -= 1
        elif not (opened and not keys and L.site_title.fullmatch(s)):  # the site's `# <title>`
            break
        last = j
    return last + 1, len(keys), opened


def _site_summary_end(stripped: list[str], j: int) -> int:
    """The news-style summary a site prints under its box ends with `Xem chi tiết …`;
    it counts only when no header line of the document comes first."""
    L = _leftovers()
    for k in range(j, min(len(stripped), j + L.summary_max_lines)):
        s = stripped[k]
        if L.summary_end.fullmatch(s):
            return k + 1
        if any(cue in s.upper() for cue in _MOTTO_CUES):
            break
    return j


def _drop_site_trailer(lines: _Lines, body_start: int) -> None:
    """Drop, to the end, what a legal site prints after the document."""
    L = _leftovers()
    stripped = lines.stripped
    n = len(stripped)
    for i in lines.special:
        if i < body_start or not L.trailer_start.fullmatch(stripped[i]):
            continue
        window = [s for s in stripped[i + 1 : i + 1 + L.marker_lookahead] if s]
        seen = {k for s in window for k, marker in enumerate(L.trailer_markers) if marker.fullmatch(s)}
        if len(seen) < 2:
            continue
        start = i
        while start - 1 > body_start and _trailer_lead_in(stripped[start - 1]):
            start -= 1
        start = _translation_start(stripped, body_start, start)
        lines.drop(start, n)
        lines.warnings.append(f"normalise: dropped the site's trailer ({n - start} lines)")
        return


def _trailer_lead_in(s: str) -> bool:
    """Blank, the site's title of the document, or its attachment box."""
    L = _leftovers()
    return not s or bool(L.site_title.fullmatch(s) or L.trailer_lead_in.fullmatch(s))


def _translation_start(stripped: list[str], lo: int, start: int) -> int:
    """An English translation before the trailer starts at a site title line with
    `SOCIALIST REPUBLIC OF VIET NAM` a few lines below it."""
    L = _leftovers()
    # the site's titles among these lines, found in C; the lookahead runs only on those
    for k in compress(range(lo, start), map(L.site_title.fullmatch, stripped[lo:start])):
        if stripped[k]:
            ahead = stripped[k + 1 : min(start, k + 1 + L.translation_lookahead)]
            if any(L.translation_motto.fullmatch(a) for a in ahead if a):
                return k
    return start


def _drop_leftover_lines(lines: _Lines) -> None:
    drop_line = _leftovers().drop_line.fullmatch
    dropped = [i for i in lines.special if lines.keep[i] and drop_line(lines.stripped[i])]
    for i in dropped:
        lines.keep[i] = False
    furniture = [i for i in dropped if not _RULE_LINE_RE.fullmatch(lines.stripped[i])]  # rules are routine
    if furniture:
        lines.warnings.append(f"normalise: dropped {len(furniture)} page-furniture lines (counters, buttons, notices)")


def _drop_menu_runs(lines: _Lines) -> None:
    """Menus and tab rows: `menu_min_run` menu entries in a row, blank lines between."""
    L = _leftovers()
    run: list[int] = []

    def flush() -> None:
        if len(run) >= L.menu_min_run:
            for k in run:
                lines.keep[k] = False
            lines.warnings.append(f"normalise: dropped a menu of {len(run)} entries")
        run.clear()

    for i in lines.special:
        if not lines.keep[i] or not L.menu_item.fullmatch(lines.stripped[i]):
            continue
        if run and any(lines.stripped[run[-1] + 1 : i]):  # text between: not one menu
            flush()
        run.append(i)
    flush()


def _drop_page_numbers(lines: _Lines, raw: str, inter_map: OffsetMap) -> None:
    """Bare numbers that count pages: 2, 3, 4 … far apart, not cells of a table."""
    L = _leftovers()
    candidates: list[tuple[int, int]] = []  # (line, value)
    has_pipe = "|" in raw  # without one no number is near a table
    for i in lines.special:
        s = lines.stripped[i]
        if lines.keep[i] and len(s) <= 3 and L.bare_page_number.fullmatch(s):
            above = next((lines.stripped[k] for k in range(i - 1, -1, -1) if lines.stripped[k]), "")
            if L.page_number_not_after.fullmatch(above):
                continue
            if not (has_pipe and _near_table(raw, inter_map.to_source(lines.starts[i]), L.page_table_window)):
                candidates.append((i, int(s)))
    if not candidates:
        return
    # a run of pages 2, 3, 4 …: chain[k] is the length of the run ending at candidate k
    chain: list[int] = []
    previous: dict[int, tuple[int, int]] = {}  # value → (candidate index, its chain length)
    for k, (line_no, value) in enumerate(candidates):
        before = previous.get(value - 1)
        ok = before is not None and line_no - candidates[before[0]][0] >= L.page_min_gap
        chain.append(before[1] + 1 if ok else 1)
        previous[value] = (k, chain[-1])
    pages: set[int] = set()
    for k in range(len(candidates) - 1, -1, -1):
        if chain[k] >= 2 and k not in pages:
            j = k
            while True:
                pages.add(j)
                if chain[j] == 1:
                    break
                j = max(x for x in range(j) if candidates[x][1] == candidates[j][1] - 1 and chain[x] == chain[j] - 1)
    if not pages and len(candidates) == 1 and candidates[0][1] == 2 and candidates[0][0] >= L.page_min_gap:
        pages.add(0)  # a two-page document numbers its second page only
    for k in pages:
        lines.keep[candidates[k][0]] = False
    if pages:
        lines.warnings.append(f"normalise: dropped {len(pages)} page numbers")


def _near_table(raw: str, r: int, window: int) -> bool:
    """Whether a `|` is on the input line at index r or within `window` lines of it."""
    start = r
    for _ in range(window + 1):
        start = raw.rfind("\n", 0, max(start - 1, 0)) + 1 if start > 0 else 0
    end = r
    for _ in range(window + 1):
        found = raw.find("\n", end + 1)
        end = len(raw) if found < 0 else found
    return "|" in raw[start:end]


def _drop_stray_stars(lines: _Lines) -> None:
    """A lone `*` stays only right under a line in capitals (the Party issuer's star)."""
    for i in lines.special:
        if lines.stripped[i] != "*" or not lines.keep[i]:
            continue
        above = next((lines.stripped[k] for k in range(i - 1, -1, -1) if lines.keep[k] and lines.stripped[k]), "")
        if not (above.upper() == above and any(c.isalpha() for c in above)):
            lines.keep[i] = False


def _drop_repeated_copy(lines: _Lines) -> None:
    """The text, or its body after a header, saved twice: keep the first copy.

    Only a block of 2+ lines and 200+ characters repeated whole, back to back, and
    covering most of the text counts, so a paragraph quoted twice is never cut.
    """
    stripped = lines.stripped
    # The copies after the first repeat earlier lines, and they hold at least half of
    # the 60% of the kept text they must cover: without that many repeated characters
    # there is no copy. Counted over all lines, dropped ones too, the repeated
    # characters can only be more, so the test stays safe (and runs in C).
    repeated = sum(map(len, stripped)) - sum(map(len, set(stripped)))  # in lines seen before
    if 2 * repeated < 0.6 * sum(map(len, compress(stripped, lines.keep))):
        return
    idx = list(compress(count(), map(and_, map(truth, stripped), lines.keep)))  # kept lines with text
    keys = list(map(stripped.__getitem__, idx))
    n = len(keys)
    if n < 4:
        return
    cumulative = [0, *accumulate(map(len, keys))]
    anchors = {key for key in keys[: min(n // 2, 200)] if len(key) >= 20}
    places: dict[str, list[int]] = {}
    for k in range(min(n, 200 + n // 2 + 1)):  # a second copy starts in the first half
        if keys[k] in anchors:
            places.setdefault(keys[k], []).append(k)
    for a in range(min(n // 2, 200)):
        seen_at = places.get(keys[a], [])
        later = bisect_right(seen_at, a)
        for b in seen_at[later : later + 8]:  # the nearest repeats give the period
            p = b - a
            start = a  # the copies may begin above the anchor (short lines are no anchors)
            while start > 0 and keys[start - 1] == keys[start - 1 + p]:
                start -= 1
            if p < 2 or start + 2 * p > n:
                continue
            r = 0
            while start + r + p < n and keys[start + r] == keys[start + r + p]:
                r += 1
            copies = 1 + r // p
            block = cumulative[start + p] - cumulative[start]
            if copies >= 2 and block >= 200 and block * copies >= 0.6 * cumulative[n]:
                lines.drop(idx[start + p], idx[start + p * copies - 1] + 1)
                lines.warnings.append(f"normalise: dropped {copies - 1} repeated copies of a {p}-line text")
                return


def _drop_trailing_leftovers(lines: _Lines) -> None:
    """Bylines and page furniture after the last real line."""
    at_end = _leftovers().drop_line_at_end.fullmatch
    for i in range(len(lines.stripped) - 1, -1, -1):
        s = lines.stripped[i]
        if not lines.keep[i] or not s:
            continue
        if not at_end(s):
            return
        lines.keep[i] = False
        lines.warnings.append(f"normalise: dropped trailing page furniture {s[:40]!r}")


def _collapse_blank_lines(lines: _Lines) -> None:
    """No blank lines at either end; a run of 3+ blank lines becomes one."""
    keep, stripped = lines.keep, lines.stripped
    kept = list(compress(count(), keep))
    # one byte per kept line, 1 for a blank one: the runs are then found in C
    blank = bytes(map(not_, compress(stripped, keep)))
    first_text = blank.find(0)
    if first_text < 0:
        lines.drop(0, len(keep))
        return
    last_text = blank.rfind(0)
    drop = kept[:first_text] + kept[last_text + 1 :]
    for m in _BLANK_RUN.finditer(blank, first_text, last_text):
        drop += kept[m.start() + 1 : m.end()]
    for i in drop:
        keep[i] = False


_BLANK_RUN = re.compile(rb"\x01{3,}")


def _assemble(raw: str, inter: str, lines: _Lines, inter_map: OffsetMap) -> tuple[str, OffsetMap]:
    """Copy the kept lines (content, then newline) and compose the two maps."""
    keep, starts, content, raw_lines = lines.keep, lines.starts, lines.content, lines.raw_lines
    # only dropped lines and lines that lose their tail break the copy
    breaks = list(compress(range(len(keep)), map(not_, keep)))
    cut = [i for i in lines.cut_tail if keep[i]]
    if cut:
        breaks = sorted(breaks + cut)
    ranges: list[tuple[int, int]] = []
    open_at = 0
    for i in breaks:
        if keep[i]:
            ranges.append((open_at, starts[i] + len(content[i])))
            open_at = starts[i] + len(raw_lines[i])  # its newline
        else:
            ranges.append((open_at, starts[i]))
            open_at = starts[i + 1]
    ranges.append((open_at, len(inter)))
    ranges = [r for r in ranges if r[0] < r[1]]
    text = "".join([inter[a:b] for a, b in ranges])
    return text, OffsetMap.lazy(lambda: _composed_runs(ranges, inter_map, len(raw)), len(text))


def _composed_runs(ranges: list[tuple[int, int]], inter_map: OffsetMap, raw_length: int) -> tuple[array, array]:
    """The runs of the final map: the kept ranges of the pass-1 text, through its map."""
    # Each range runs through runs k..last of the pass-1 map. Its start begins a run
    # of the final map unless the source continues the last one; so does the start of
    # each later run, since runs of the pass-1 map never continue one another.
    text_starts, sources = inter_map.runs()
    out_starts, out_sources = array("q"), array("q")
    size = 0
    next_source = -1
    k = 0
    for a, b in ranges:
        k = bisect_right(text_starts, a, k) - 1  # the ranges ascend, so the search does too
        last = bisect_right(text_starts, b - 1, k) - 1
        source = sources[k] + (a - text_starts[k])
        if source != next_source:
            out_starts.append(size)
            out_sources.append(source)
        if last > k:
            out_starts.extend(map(add, text_starts[k + 1 : last + 1], repeat(size - a)))
            out_sources.extend(sources[k + 1 : last + 1])
        next_source = sources[last] + (b - text_starts[last])
        size += b - a
        k = last
    out_starts.append(size)
    out_sources.append(raw_length)
    return out_starts, out_sources
