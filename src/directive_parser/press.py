"""The press form: a news article that reports a directive (no header, the
issuer and the signer named in the prose).

    Bí thư Thành ủy Hà Nội Đinh Tiến Dũng vừa thay mặt Thường trực Thành ủy ký
    ban hành Điện về “Tiếp tục tăng cường công tác phòng, chống dịch …”.

Matched on the folded text, so an article that lost its accents reads the same.
"""

from __future__ import annotations

import regex as re

from .dates import nearest_year_date, parse_vn_date
from .fold import fold_lower as fold
from .header import Header
from .lexicon import layout
from .records import Signatory
from .zones import Line, is_person_name

_L = layout()
_AUTHORITY = _L["press_authority"]  # thay mặt → TM …
# Family names that never stand second in a name (unlike Văn, Thị, Đình …).
_FIRST_SURNAMES = frozenset(_L["first_only_surnames"])
_TYPES = {k: v for k, v in _L["type_titles"].items() if " " in k or k == "dien"}

# The signing clause, found from its verb: `[thay mặt X] [đã] ký [ban hành] Chỉ thị [số 15/CT-UBND] [của Y] [về …]`.
# What precedes it in the sentence (title and name of the signer) is read in `_signer_words`.
PRESS_RE = re.compile(
    rf"(?:\b(?P<auth>{'|'.join(_AUTHORITY)})\s+(?P<body>[^,.;:]{{1,80}}?)\s+)?(?:da\s+)?(?:\bky\s+(?:ban hanh\s+)?|\bban hanh\s+)"
    rf"(?P<type>{'|'.join(sorted(_TYPES, key=len, reverse=True))})\b"
    r"(?:\s+(?:so\s+)?(?P<num>\d+)\s*[-/]\s*(?P<sym>[\w/.-]*\w))?"
    r"(?:,?\s+(?:ngay\s+[\d/]+\s+)?(?:[^,.;\s]+\s+){0,2}?cua\s+(?P<of>[^,.;“\"]{1,80}?)(?=\s+ve\b|[,.;]|$))?"
    r"(?:\s+(?:ve viec|ve)\s+(?P<subject>[“\"][^”\"\n]{1,400}[”\"]|[^.\n]{1,400}))?"
)
_SCAN_CHARS = 3000  # the naming sentence is near the top: never scan a whole pathological line
# `Chiều 25/9, …` before the signing verb; the article's own date line gives the year.
SIGNING_DAY_RE = re.compile(r"\b(?:sang|chieu|toi|trua|ngay)\s+(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?")
ARTICLE_DATE_RE = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b")


def _press_match(body: list[Line]) -> tuple[Line | None, re.Match | None]:
    for ln in body[:6]:
        folded = ln.folded[:_SCAN_CHARS]
        if "ky" not in folded and "ban hanh" not in folded:
            continue
        m = PRESS_RE.search(folded)
        if m:
            return ln, m
    return None, None


def _signer_words(ln: Line, m: re.Match) -> str:
    """The words before the signing clause in its sentence, less `vừa`/`đã`/`mới`."""
    start = max(ln.folded.rfind(ch, 0, m.start()) for ch in ".;:\n") + 1
    before = ln.text[start : m.start()]
    return re.sub(r"\s+(?:vừa|đã|mới|vua|da|moi)\s*$", "", before.rstrip(), flags=re.IGNORECASE)


def _group(ln: Line, m: re.Match, name: str) -> str | None:
    """A group's text from the original (accented, cased) line."""
    return ln.text[m.start(name) : m.end(name)] if m.group(name) else None


def press_header(body: list[Line]) -> Header:
    """Issuer, type, subject and signing date of the directive an article reports."""
    h = Header(form="press")
    ln, m = _press_match(body)
    if not m:
        return h
    h.doc_type = _TYPES.get(m.group("type"))
    if m.group("num"):
        h.number, h.symbol = _group(ln, m, "num"), _group(ln, m, "sym")
    issuer = "of" if m.group("of") else "body" if m.group("body") else None
    if issuer:  # `… Chỉ thị số 15/CT-UBND của Ủy ban nhân dân tỉnh X`, else `thay mặt Thường trực Thành ủy`
        h.issuer_name = _group(ln, m, issuer).strip()
        h.spans["issuer.name"] = (ln.start + m.start(issuer), ln.start + m.end(issuer))
    if m.group("subject"):
        subject = _group(ln, m, "subject").strip().strip("“”\"").strip()
        h.subject = re.sub(r"\s+", " ", subject)
        h.spans["subject"] = (ln.start + m.start("subject"), ln.start + m.end("subject"))
    h.issued_date = _signing_date(body, ln, m)
    return h


def _signing_date(body: list[Line], ln: Line, m: re.Match) -> str | None:
    day = SIGNING_DAY_RE.search(ln.folded[: m.end("type")][-400:])
    if not day:
        return None
    d, mo, y = day.groups()
    if y:
        return parse_vn_date(f"{d}/{mo}/{y}")
    for other in body[:4]:
        dated = ARTICLE_DATE_RE.search(other.folded)
        if dated and other is not ln:
            article = parse_vn_date(dated.group(0))
            return nearest_year_date(int(mo), int(d), article) if article else None
    return None


def press_signatory(body: list[Line]) -> Signatory | None:
    """The signer as the sentence gives it: `Bí thư Thành ủy Hà Nội Đinh Tiến Dũng vừa thay mặt … ký`,
    or in parts: `Ngày 12/1, thay mặt Thường trực Tỉnh ủy, đồng chí Lâm Văn Phước, Phó Bí thư … đã ký`."""
    ln, m = _press_match(body)
    if not m:
        return None
    authority = _AUTHORITY.get(m.group("auth") or "")
    on_behalf_of = _group(ln, m, "body").strip() if m.group("body") else None
    titles: list[str] = []
    name = None
    for part in re.split(r"[,;]\s*", _signer_words(ln, m)):
        part = part.strip()
        folded = fold(part)
        cue = next((c for c in _AUTHORITY if folded.startswith(c + " ")), None)
        if cue:  # `thay mặt Thường trực Tỉnh ủy`
            authority, on_behalf_of = _AUTHORITY[cue], part[len(cue) + 1 :].strip()
            continue
        if SIGNING_DAY_RE.search(folded) or not part:
            continue
        bare = re.sub(r"^(?:đồng chí|đ/c|ông|bà|dong chi|ong|ba)\s+", "", part, flags=re.IGNORECASE)
        if name is None and bare != part and is_person_name(bare):
            name = bare  # `đồng chí Lâm Văn Phước`
            continue
        title, found = _title_and_name(part)
        if name is None and found:
            name = found
        if title:
            titles.append(title)
    if not name:
        return None
    return Signatory(
        authority=authority,
        on_behalf_of=on_behalf_of,
        titles=titles,
        name=name,
        span=(ln.start + m.start(), ln.start + m.end()),
    )


def _title_and_name(pre: str) -> tuple[str, str | None]:
    """`Bí thư Thành ủy Hà Nội Đinh Tiến Dũng` → (`Bí thư Thành ủy Hà Nội`, `Đinh Tiến Dũng`):
    the name is the leftmost family name that leaves 2-4 capitalised words at the end."""
    words = pre.strip().split()
    words = [w for w in words if not SIGNING_DAY_RE.fullmatch(fold(w))]
    tail = len(words)
    while tail > 0 and words[tail - 1][:1].isupper():
        tail -= 1
    for i in range(tail, len(words)):
        if i + 1 < len(words) and words[i + 1].lower() in _FIRST_SURNAMES:
            continue  # `… tỉnh Lâm Đồng Trịnh Minh Phương`: the name starts at the second family name
        if 2 <= len(words) - i <= 4 and is_person_name(" ".join(words[i:])):
            return " ".join(words[:i]), " ".join(words[i:])
    return " ".join(words), None
