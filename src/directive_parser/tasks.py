"""Task tree: the body's numbered and bulleted items as a flat list with parent links.

Ids follow RECORDS.md: the labels on the path from the top item joined by `/`
(`2/2.1`, `2/(1)/-3`, `Điều 3/1`), dash and plus bullets ranked among their
siblings (`-1`, `-2`), and `¶1`, `¶2`… for the paragraphs of a body without
item marks. Nesting comes from the order in which mark styles appear, as a
reader sees it: a style not yet open goes one level deeper, a style already
open closes everything below it.
"""

from __future__ import annotations

import re as stdlib_re
from dataclasses import dataclass

import regex as re

from .fast_regex import first_char_gate
from .fold import fold_lower as fold, is_upper_line
from .lexicon import layout
from .records import Task
from .zones import PRESS_CUE_RE, Line, is_person_name, split_line

_L = layout()
_CLOSING_CUES = tuple(_L["closing_cues"])
_TERMINATORS = ("./.", "./", "/.", "../..")
_BODY_HEADS = tuple(h.strip() for h in _L["issuer_body_heads"])
_OPEN_WORDS = frozenset(_L["open_words"])

MARK_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("dieu", re.compile(r"^(?P<label>(?:Điều|ĐIỀU|Dieu|DIEU)\s+\d+[a-z]?)\s*[.:]\s*")),
    ("roman", re.compile(r"^(?P<label>[IVXL]{1,5})\s*(?:[.)/]|\s-)\s+(?=\S)")),
    ("decimal", re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})+)\s*\.?\s+(?=\S)")),
    ("num", re.compile(r"^(?P<label>\d{1,2})\s*(?P<sep>[./)]|-(?=\s))\s*(?=[^\d\s.,/])")),
    ("pnum", re.compile(r"^(?P<label>\(\d{1,2}\))\s*(?=\S)")),
    ("alpha", re.compile(r"^(?P<label>[a-zđ])\s*(?P<sep>[)]|\.(?=\s))\s*(?=\S)")),
    ("-", re.compile(r"^[-–—•●▪◦○■□❖➢►*]\s*(?=\S)")),
    ("+", re.compile(r"^\+\s*(?=\S)")),
]
_BULLET_STYLE = {"-": "-", "–": "-", "—": "-", "*": "*"}
SECTION_RE = re.compile(r"^(?:phan|chuong|muc)\s+(?:[ivxl]+|\d+|thu\s+\w+)\b")
_SECTION_WORDS = ("phan", "chuong", "muc")  # SECTION_RE's own start: a cheap test first
_SPACES_RE = re.compile(r"\s+")


class _MarksByFirstChar(dict):
    """First character of a line → the MARK_PATTERNS that can match it, in order.

    Most lines start with a capital that no mark can start, so `_mark` tries no
    pattern at all on them instead of eight."""

    def __init__(self) -> None:
        super().__init__()
        self._gates = [first_char_gate(p.pattern) for _, p in MARK_PATTERNS]

    def __missing__(self, c: str) -> tuple[tuple[str, re.Pattern], ...]:
        value = self[c] = tuple(
            kp for kp, gate in zip(MARK_PATTERNS, self._gates) if gate is None or gate.match(c)
        )
        return value


_MARKS_BY_FIRST_CHAR = _MarksByFirstChar()


@dataclass
class Paragraph:
    start: int  # first character of the paragraph (its mark included)
    end: int
    lines: list[Line]
    kind: str | None = None  # mark style, or None for an unmarked paragraph
    label: str | None = None
    text_start: int = 0  # first character after the mark
    heading: bool = False

    @property
    def first(self) -> Line:
        return self.lines[0]


def build_tasks(body: list[Line], text: str, press: bool = False) -> list[Task]:
    """Tasks of a body zone; spans point into `text`."""
    paragraphs = paragraphs_of(body, text)
    if press:
        paragraphs = _press_body(paragraphs)
    paragraphs = [p for p in paragraphs if not p.heading]
    if not paragraphs:
        return []
    paragraphs = _drop_closing(paragraphs)
    if any(p.kind for p in paragraphs):
        return _marked_tasks(paragraphs, text)
    return _prose_tasks(paragraphs, text)


def paragraphs_of(body: list[Line], text: str) -> list[Paragraph]:
    """Join the source's wrapped lines into paragraphs; every item mark starts a new one."""
    lengths = sorted([len(ln.text) for ln in body]) or [0]
    wrap = max(60, lengths[int(len(lengths) * 0.9)] if len(lengths) >= 5 else 10_000)
    out: list[Paragraph] = []
    may_be_marked = _MAY_BE_MARKED  # by the line's first two characters
    for ln in _unglue_items(body):
        kind, label, skip = _mark(ln.text) if may_be_marked[ln.text[:2]] else (None, None, 0)
        heading = ln.folded.startswith(_SECTION_WORDS) and bool(SECTION_RE.match(ln.folded)) and len(ln.text) < 120
        if out and kind is None and not heading and _continues(out[-1], ln, text, wrap):
            out[-1].lines.append(ln)
            out[-1].end = ln.end
            continue
        out.append(Paragraph(ln.start, ln.end, [ln], kind, label, ln.start + skip, heading))
    return out


# An item mark inside a line, after the end of a sentence: `… như sau: 1. Sở Y tế … 2. Các bệnh viện …`
# (lines glued by a bad extraction). The capital after the mark keeps `năm 2023. 2 ngày` whole.
GLUED_MARK_RE = re.compile(
    r"(?:(?<=[.;:!?])\s+|(?<=[^\d\s.][.;:!?]))(?=(?:\d{1,2}(?:\.\d{1,2})*\s*[./)]|[a-zđ]\)|\(\d{1,2}\)|Điều\s+\d+\s*\.|[-–+]\s)\s*[A-ZĐÀ-Ỹ])"
)


# GLUED_MARK_RE can only match right after one of these (both its branches look
# behind for one), and where the next character past the spaces can start a mark
# (a digit, `a)`, `(1)`, `Điều`, a dash): it is tried there alone instead of scanned
# along the line. Characters past the BMP are let through too: the `regex` module
# knows digits of a newer Unicode than this `re` (its `\s` is within this one's).
_GLUE_CANDIDATE_RE = stdlib_re.compile(r"[.;:!?](?=\s*[\d(a-zđĐ+\-–\U00010000-\U0010FFFF])")


def _unglue_items(body: list[Line]) -> list[Line]:
    out = []
    match = GLUED_MARK_RE.match
    candidate = _GLUE_CANDIDATE_RE.search
    for ln in body:
        t = ln.text
        # most lines hold no sentence end with a mark after it (a match never starts at the
        # line's end: it needs a mark after it)
        if not candidate(t):
            out.append(ln)
            continue
        cuts = [m.end() for e in _GLUE_CANDIDATE_RE.finditer(t) if (m := match(t, e.end()))]
        out.extend(split_line(ln, cuts) if cuts else [ln])
    return out


def _continues(prev: Paragraph, ln: Line, text: str, wrap: int) -> bool:
    last = prev.lines[-1]
    if last.text.rstrip("*_ ").endswith((".", ":", ";", "!", "?", "./.")):
        return False
    if prev.heading:
        return False
    first = ln.text.lstrip("*_\"“( ")
    if first[:1].islower() or first[:1].isdigit():
        return True  # `… rà soát lại các số` / `liệu về …`, `Thông tư số` / `219/2013/TT-BTC`
    if is_upper_line(ln.text):
        return False
    if fold(last.text.rsplit(" ", 1)[-1]) in _OPEN_WORDS:
        return True  # a line cannot end a paragraph on `của`, `và`, `số` …
    blank_between = text.count("\n", last.end, ln.start) >= 2
    return not blank_between and len(last.text) >= 0.75 * wrap


def _may_be_marked(line: str) -> bool:
    """False when `_mark` surely finds no mark: most lines start with a capital no
    mark starts with, or with a lower-case word (`các`), which is an `a)` / `b.`
    mark only with `)`, `.` or a space after its letter."""
    marks = _MARKS_BY_FIRST_CHAR[line[:1]]
    if len(marks) == 1 and marks[0][0] == "alpha":
        second = line[1:2]
        return second in ")." or second.isspace()
    return bool(marks)


class _ByStart(dict):
    """`_may_be_marked`, cached by a line's first two characters (all it reads)."""

    def __missing__(self, start: str) -> bool:
        value = self[start] = _may_be_marked(start)
        return value


_MAY_BE_MARKED = _ByStart()


def _mark(line: str) -> tuple[str | None, str | None, int]:
    """(style, label, length of the mark) of a paragraph's first line."""
    for kind, pattern in _MARKS_BY_FIRST_CHAR[line[:1]]:
        m = pattern.match(line)
        if not m:
            continue
        if kind == "roman" and not _is_roman(m.group("label")):
            continue
        label = m.group("label") if "label" in pattern.groupindex else None  # no dict per match
        style = kind
        if kind in ("num", "alpha"):
            style = f"{kind}{m.group('sep')}"
        if kind == "decimal":
            style = f"decimal{label.count('.')}"
        if kind == "dieu":
            label = _SPACES_RE.sub(" ", label)
            label = "Điều " + label.split(" ", 1)[1]
        if kind == "-":
            # Every bullet is labelled `-`, but dashes, round bullets and stars nest as levels of their own.
            label, style = "-", "-" + _BULLET_STYLE.get(line[0], "•")
        if kind == "+":
            label = "+"
        return style, label, m.end()
    return None, None, 0


def _is_roman(s: str) -> bool:
    return bool(re.fullmatch(r"X{0,3}(IX|IV|V?I{0,3})", s)) and s != ""


def _drop_closing(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Trailing unmarked paragraphs that only ask for the document to be carried out."""
    k = len(paragraphs)
    while k > 0:
        p = paragraphs[k - 1]
        if p.kind is not None or not is_closing_formula(_para_text(p)):
            break
        k -= 1
    return paragraphs[:k]


def is_closing_formula(text: str) -> bool:
    """`Đề nghị các cơ quan, đơn vị nghiêm túc tổ chức thực hiện./.` — generic, no task of its own."""
    f = fold(re.sub(r"\s+", " ", text)).strip()
    terminated = f.rstrip(" *").endswith(_TERMINATORS)
    cued = any(c in f for c in _CLOSING_CUES)
    if not cued:
        return terminated and len(f) < 120
    names_a_body = f.startswith(_BODY_HEADS) and not terminated
    return not names_a_body and (terminated or len(f) < 400)


def _para_text(p: Paragraph) -> str:
    return " ".join(ln.text for ln in p.lines)


def _marked_tasks(paragraphs: list[Paragraph], text: str) -> list[Task]:
    first = next(i for i, p in enumerate(paragraphs) if p.kind)
    stack: list[tuple[str, str]] = []  # (style, task id)
    bullet_rank: dict[tuple[str | None, str], int] = {}
    tasks: list[dict] = []
    for p in paragraphs[first:]:
        if p.kind is None:
            if tasks:
                tasks[-1]["end"] = p.end
            continue
        style = p.kind
        if style == "dieu":
            stack.clear()
        elif any(s == style for s, _ in stack):
            while stack and stack[-1][0] != style:
                stack.pop()
            stack.pop()
        parent = stack[-1][1] if stack else None
        if p.label in ("-", "+"):
            key = (parent, style)
            bullet_rank[key] = bullet_rank.get(key, 0) + 1
            label = f"{p.label}{bullet_rank[key]}"
        else:
            label = p.label
        task_id = f"{parent}/{label}" if parent else label
        stack.append((style, task_id))
        tasks.append({"id": task_id, "parent": parent, "start": p.text_start, "end": p.end})
    return [_task(t["id"], t["parent"], t["start"], t["end"], text) for t in tasks]


def _prose_tasks(paragraphs: list[Paragraph], text: str) -> list[Task]:
    tasks = []
    for p in paragraphs:
        body = _para_text(p)
        f = fold(body)
        if f.startswith("can cu") or body.rstrip(" *").endswith(":"):
            continue
        tasks.append(_task(f"¶{len(tasks) + 1}", None, p.start, p.end, text))
    return tasks


def _task(task_id: str, parent: str | None, start: int, end: int, text: str) -> Task:
    while start < end and text[start] in " \t":
        start += 1
    return Task(id=task_id, parent=parent, text=text[start:end], span=(start, end))


# --- press reports -------------------------------------------------------------

_CAPTION_RE = re.compile(r"^(?:\(?ảnh|\(?anh|ảnh minh họa|nguồn|theo\s+\S+$|video|xem thêm|tin liên quan)", re.IGNORECASE)


_CREDIT_RE = re.compile(r"(?:\(|\.\s*|\s)(?:Ảnh|Anh|Ảnh minh họa|Nguồn ảnh)\s*:\s*[^\n:]{0,30}\)?\s*$")


_FOOTER_RE = re.compile(r"^(?:tin lien quan|bai lien quan|tin cung chuyen muc|binh luan|tags?\s*:|xem them|chia se)", re.I)


def _is_byline(t: str) -> bool:
    """`HOÀNG YẾN`, `Minh Anh`, `Theo TTXVN`, `Tin liên quan`: the article's end."""
    words = t.split()
    if _FOOTER_RE.match(fold(t)):
        return True
    if len(words) > 4 or t.endswith((".", ":", ";", "?", "!")):
        return False
    return is_upper_line(t, 2) or is_person_name(t) or fold(t).startswith("theo ")


def _press_body(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The article's body: after the paragraph that names the reported document, without captions or byline."""
    start = next((i + 1 for i, p in enumerate(paragraphs[:6]) if PRESS_CUE_RE.search(fold(_para_text(p)))), 0)
    kept = []
    for p in paragraphs[start:]:
        t = _para_text(p).strip()
        if kept and p.kind is None and _is_byline(t):
            break  # what follows the byline is the site's: related links, comments, the paper's footer
        if _CAPTION_RE.match(t) or _CREDIT_RE.search(t):
            continue
        if p.kind is None and len(t) < 60 and not t.endswith((".", ":", ";")):
            continue  # subheading, photo credit or byline
        kept.append(p)
    if any(p.kind for p in kept):
        first = next(i for i, p in enumerate(kept) if p.kind)
        kept = kept[first:]
    return kept
