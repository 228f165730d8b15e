"""Header, recipients, closing and copy-certificate fields of one document.

Each function takes the lines of one zone (see `zones.py`) and returns plain
values with their spans into the normalised text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from .dates import parse_vn_date
from .fold import fold_lower as fold, is_upper_line
from .lexicon import layout
from .records import Copy, CopyMark, Signatory, Span
from .references import doc_type_from_symbol
from .zones import (
    AUTH_RE,
    KINH_GUI_RE,
    split_line,
    NUMBER_RE,
    Line,
    copy_heading,
    is_kinh_gui,
    is_motto,
    is_noi_nhan,
    is_name_word,
    is_number_line,
    is_person_name,
    is_place_date,
    is_signed_mark,
    is_title_line,
    type_title,
)

_L = layout()
_BODY_HEADS = tuple(_L["issuer_body_heads"])
_PARTY_PARENTS = tuple(_L["issuer_heads_party_parent"])
_AUTHORITY = _L["authority_marks"]
_ENACTING_WORDS = frozenset(_L["enacting_words"])
_COLLECTIVE_BODIES = tuple(_L["collective_bodies"])
_PURPOSES = sorted(_L["cc_purposes"], key=len, reverse=True)

SYMBOL_PART = r"(?:[^\W_]|[&.])+"  # letters of any script (`ĐIỆN`, `HĐND`), digits, `&`, `.`
NUMBER_VALUE_RE = re.compile(
    r"S[ốốoỐO]\s*[:.]?\s*(?P<num>\d+[a-zA-Z]?)?[\s.…_]*(?P<sep>[-/])\s*"
    rf"(?P<sym>{SYMBOL_PART}(?:\s*[-/]\s*{SYMBOL_PART})*)"
)
_WS_RE = re.compile(r"\s+")
_TRAILING_PUNCT_RE = re.compile(r"[\s,;.:/]+$")
_DASH_START_RE = re.compile(r"^[-–+•]")
_END_MARKS_RE = re.compile(r"(?:\s*\./\.|\s*/\.)+\s*$")
_PAREN_PURPOSE_RE = re.compile(r"[,;]?\s*\(([^()]{1,40})\)\s*[,;.]*\s*$")
_BARE_PURPOSE_RE = re.compile(r"\s+(để\s+[^,;()]{2,40}|b/c|t/h)\s*[,;.]*\s*$")
_TRAILING_PAREN_RE = re.compile(r"\s*\([^()]*\)?\s*$")


@dataclass
class Header:
    form: str = "unknown"
    issuer_name: str | None = None
    issuer_parent: str | None = None
    number: str | None = None
    symbol: str | None = None
    doc_type: str | None = None
    place: str | None = None
    issued_date: str | None = None
    subject: str | None = None
    spans: dict[str, Span] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # What stands between number and symbol (`-` in Party numbers `636-CV/QU`); not a record field.
    number_separator: str | None = field(default=None, repr=False, compare=False)


def parse_header(lines: list[Line], text: str) -> Header:
    """Fields of a header zone, whatever the order of its lines."""
    h = Header()
    issuer_lines: list[Line] = []
    subject_lines: list[Line] = []
    of_issuer: Line | None = None  # `CỦA BAN THƯỜNG VỤ THÀNH ỦY` under a type title
    after_type = False
    party_motto = state_motto = False
    for idx, ln in enumerate(lines):
        f = ln.folded
        nxt = lines[idx + 1] if idx + 1 < len(lines) else None
        if is_motto(f, ln.text):
            party_motto |= "dang cong san" in f
            state_motto |= not party_motto
            rest = _outside_motto(ln)
            if rest is not None and h.issued_date is None and is_place_date(rest):
                _read_place_date(rest, None, h)  # `Độc lập - Tự do - Hạnh phúc   Tiên Du, ngày 3 tháng 6 năm 2019`
            elif rest is not None and is_upper_line(rest.text):
                issuer_lines.append(rest)
            after_type = False
            continue
        if is_number_line(ln):
            prefix = _number_prefix(ln)
            if prefix is not None:
                issuer_lines.append(prefix)
            _read_number(ln, h)
            tail = _after_number(ln)
            if tail is not None and fold(tail.text).startswith(("v/v", "ve viec", "ve ")):
                subject_lines.append(tail)
            elif tail is not None and h.issued_date is None and is_place_date(tail):
                _read_place_date(tail, None, h)  # `Số: 1245/SYT-NVY   Hà Tĩnh, ngày 12 tháng 4 năm 2023`
            after_type = False
            continue
        if h.issued_date is None and is_place_date(ln, nxt):
            _read_place_date(ln, nxt, h)
            continue
        if idx and h.issued_date and _wrapped_date(lines[idx - 1], ln):
            continue  # second half of a wrapped date line
        if copy_heading(ln):
            continue
        code = type_title(ln)
        if code and h.doc_type is None:
            h.doc_type = code
            h.spans["doc_type"] = (ln.start, ln.end)
            after_type = True
            continue
        if after_type and f.startswith("cua ") and not subject_lines:
            of_issuer = ln  # `CHỈ THỊ` / `của Ban Thường vụ Tỉnh ủy` / `về …`
            continue
        caption = bool(h.doc_type or subject_lines) and _is_authority_caption(ln) or (
            # a subject in lower case ends where the capitals of the enacting body start
            subject_lines and is_upper_line(ln.text) and not is_upper_line(subject_lines[-1].text)
        )
        if f.startswith(("v/v", "ve viec", "ve ")) or (after_type and not caption) or (
            subject_lines and not is_upper_line(ln.text)
        ):
            subject_lines.append(ln)
            continue
        if caption:
            after_type = False
            continue
        if is_upper_line(ln.text) and not (h.doc_type and _is_authority_caption(ln)):
            issuer_lines.append(ln)  # `CHỦ TỊCH ỦY BAN NHÂN DÂN` above the motto is the issuer itself
    _group_issuer(issuer_lines, h)
    if h.issuer_name is None and of_issuer is not None:
        name = re.sub(r"^\s*\S+\s+", "", of_issuer.text)  # drop `CỦA`
        h.issuer_name = name
        h.spans["issuer.name"] = (of_issuer.end - len(name), of_issuer.end)
    if subject_lines:
        h.subject = _subject_text(subject_lines)
        h.spans["subject"] = (subject_lines[0].start, subject_lines[-1].end)
    if h.doc_type is None and subject_lines and fold(subject_lines[0].text).startswith("v/v"):
        h.doc_type = "CV"  # a V/v subject under the number is the công văn layout (NĐ 30, box 5b)
    h.form = "party" if party_motto or _party_number(h) else "state" if (state_motto or h.symbol) else "unknown"
    if h.form == "unknown" and h.issuer_name and re.search(r"\b(?:Ủy|ỦY|ủy|uỷ|ỦY)\b", h.issuer_name):
        h.form = "party"
    if h.doc_type is None and h.symbol:
        h.doc_type = doc_type_from_symbol(h.symbol, h.form if h.form != "unknown" else None)
    if h.doc_type in (None, "CV") and h.symbol and fold(h.symbol).startswith("dien"):
        h.doc_type = "ĐIỆN"  # a Party telegram numbered `Số 12-ĐIỆN/TU`
    return h


def _wrapped_date(prev: Line, ln: Line) -> bool:
    """`Hà Nội, ngày 20` / `tháng 11 năm 2025`: true for the second line."""
    return not is_place_date(prev) and is_place_date(prev, ln)


def _is_authority_caption(ln: Line) -> bool:
    """`CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH` or `ỦY BAN NHÂN DÂN TỈNH X` above a Quyết định's `Căn cứ` lines,
    or `QUYẾT ĐỊNH:`."""
    f = ln.folded.strip(" *:")
    return is_title_line(ln) or f in _ENACTING_WORDS or (is_upper_line(ln.text) and f.startswith(_COLLECTIVE_BODIES))


def _outside_motto(ln: Line) -> Line | None:
    """What a glued two-column line holds besides the motto: `ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …`."""
    f = ln.folded
    for motto in _L["motto_state"] + _L["motto_party"]:
        k = f.find(motto)
        if k < 0:
            continue
        before, after = ln.text[:k].strip(), ln.text[k + len(motto) :].strip()
        for part, start in ((before, ln.start + ln.text.find(before)), (after, ln.end - len(after))):
            if len(part) >= 4:
                return Line(start, start + len(part), part, fold(part))
    return None


def _number_prefix(ln: Line) -> Line | None:
    m = NUMBER_RE.search(ln.text)
    before = ln.text[: m.start()].strip(" |*") if m else ""
    if len(before) >= 4 and is_upper_line(before):
        start = ln.start + ln.text.find(before)
        return Line(start, start + len(before), before, fold(before))
    return None


def _symbol_end(m: re.Match) -> int:
    """Where the symbol ends: before a glued `V/v` (`Số: 386/UBND-YTV/v tăng cường …`)."""
    glued = re.search(r"V/[vV](?=\s|$)", m.group("sym"))
    return m.start("sym") + glued.start() if glued and glued.start() > 0 else m.end()


def _after_number(ln: Line) -> Line | None:
    m = NUMBER_VALUE_RE.search(ln.text)
    if not m:
        return None
    rest = ln.text[_symbol_end(m) :].strip()
    if not rest:
        return None
    start = ln.end - len(rest)
    return Line(start, ln.end, rest, fold(rest))


def _read_number(ln: Line, h: Header) -> None:
    m = NUMBER_VALUE_RE.search(ln.text)
    if not m:
        h.warnings.append(f"number line without a readable symbol: {ln.text[:60]!r}")
        return
    if m.group("num"):
        h.number = m.group("num")
        h.spans["number"] = (ln.start + m.start("num"), ln.start + m.end("num"))
    end = _symbol_end(m)
    symbol = re.sub(r"\s+", "", ln.text[m.start("sym") : end]).rstrip(".")
    if symbol:
        h.symbol = symbol
        h.spans["symbol"] = (ln.start + m.start("sym"), ln.start + end)
    h.number_separator = m.group("sep")


def _party_number(h: Header) -> bool:
    """Party numbers put `-` after the number and `/` before the body: `636-CV/QU`."""
    return h.number_separator == "-" and bool(h.symbol and "/" in h.symbol)


def _read_place_date(ln: Line, nxt: Line | None, h: Header) -> None:
    joined = ln.text if parse_vn_date(ln.text) else ln.text + " " + (nxt.text if nxt else "")
    h.issued_date = parse_vn_date(joined)
    if h.issued_date:
        h.spans["issued_date"] = (ln.start, ln.end if parse_vn_date(ln.text) or not nxt else nxt.end)
    comma = re.search(r",\s*(?:ngày|ngay|Ngày|NGÀY)", ln.text)
    if comma:
        place = ln.text[: comma.start()].strip(" |*_")
        if place and len(place) <= 60:
            h.place = place
            start = ln.start + ln.text.find(place)
            h.spans["place"] = (start, start + len(place))


def _subject_text(lines: list[Line]) -> str:
    text = " ".join(ln.text for ln in lines)
    text = re.sub(r"^[\s*_]*(?:v/v\s*:?|về việc\s*:?|ve viec\s*:?|về\s+|ve\s+)\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip(" *_\"“”")
    return text


def _group_issuer(lines: list[Line], h: Header) -> None:
    """Issuer lines → (parent, name): a line that starts with a body head begins a new body."""
    bodies: list[list[Line]] = []
    for ln in lines:
        f = ln.folded.strip(" *")
        starts_body = f.startswith(_BODY_HEADS) or f.startswith(_PARTY_PARENTS)
        previous = bodies[-1][-1].folded if bodies else ""
        incomplete = previous.endswith(("nhan dan", "uy ban", "hoi dong", "ban chi dao", "nhan")) and not starts_body
        if bodies and (not starts_body or incomplete) and not previous.startswith(_PARTY_PARENTS):
            bodies[-1].append(ln)
        else:
            bodies.append([ln])
    if not bodies:
        return
    name = bodies[-1]
    h.issuer_name = _join_caps(name)
    h.spans["issuer.name"] = (name[0].start, name[-1].end)
    if len(bodies) >= 2:
        parent = bodies[-2]
        h.issuer_parent = _join_caps(parent)
        h.spans["issuer.parent"] = (parent[0].start, parent[-1].end)


def _join_caps(lines: list[Line]) -> str:
    text = ""
    for ln in lines:
        part = ln.text.strip(" *|")
        # A word cut by the source's wrapping (`HỘI ĐỒNG NHÂN` / `DÂN`) is still a word of its own.
        text = f"{text} {part}" if text else part
    return re.sub(r"\s+", " ", text)


# --- recipients -------------------------------------------------------------

_MARK_RE = re.compile(r"^[-–+•*]+\s*")


def parse_recipients(lines: list[Line]) -> list[tuple[str, Span]]:
    """`Kính gửi:` items without list marks and trailing `,` `;` `.`; unmarked lines continue the item above."""
    items: list[tuple[str, int, int]] = []
    if not lines:
        return []
    first = lines[0]
    m = KINH_GUI_RE.match(first.folded)
    inline = first.text[m.end() :].lstrip(" :") if m else ""
    if inline.strip():
        start = first.end - len(inline)
        for part, s, e in _split_inline(inline, start):
            items.append((part, s, e))
    dashed = any(_MARK_RE.match(ln.text) for ln in lines[1:])
    open_paren = False
    for ln in lines[1:]:
        marked = bool(_MARK_RE.match(ln.text))
        continues = ln.text[:1].islower() or ln.text.startswith("(") or open_paren
        open_paren = (open_paren or ln.text.startswith("(")) and ")" not in ln.text
        if items and (dashed and not marked or continues):
            text, s, _ = items[-1]
            items[-1] = (f"{text.rstrip()} {ln.text}", s, ln.end)
        else:
            body = _MARK_RE.sub("", ln.text)
            items.append((body, ln.end - len(body), ln.end))
    out = []
    for text, s, e in items:
        clean = _clean_item(_TRAILING_PAREN_RE.sub("", text))  # `(Địa chỉ: …)` after a name
        if clean:
            out.append((clean, (s, e)))
    return out


def _split_inline(inline: str, start: int) -> list[tuple[str, int, int]]:
    """`Kính gửi: Sở Y tế; Sở Tài chính.` → two items (split on `;` only: commas live inside names)."""
    parts = []
    pos = 0
    for piece in re.split(r"(;)", inline):
        if piece != ";" and piece.strip():
            off = inline.find(piece, pos)
            parts.append((piece.strip(), start + off, start + off + len(piece)))
        pos += len(piece)
    return parts


def _clean_item(text: str) -> str:
    text = _WS_RE.sub(" ", text).strip()
    text = _MARK_RE.sub("", text)
    text = _TRAILING_PUNCT_RE.sub("", text)
    return text.strip(" *")


# --- closing: Nơi nhận and signature -----------------------------------------


def parse_closing(lines: list[Line]) -> tuple[list[Copy], Signatory | None]:
    """Nơi nhận items (dash lines and their continuations) and the signature block, interleaved or not."""
    cc_items: list[tuple[str, int, int]] = []
    sig_lines: list[Line] = []
    in_cc = False
    for ln in _unglue_signature(lines):
        f = ln.folded
        if is_noi_nhan(f):
            in_cc = True
            rest = re.sub(r"^n[ơo]i\s*nh[ậa]n\s*:?\s*", "", ln.text, flags=re.IGNORECASE)
            if rest.strip():
                body = _MARK_RE.sub("", rest)
                cc_items.append((body, ln.end - len(body), ln.end))
            continue
        marked = bool(_DASH_START_RE.match(ln.text))
        if in_cc and marked:
            body = _MARK_RE.sub("", ln.text)
            cc_items.append((body, ln.end - len(body), ln.end))
            continue
        if in_cc and f.startswith("luu") and len(ln.text) < 60:
            cc_items.append((ln.text, ln.start, ln.end))
            continue
        if (
            in_cc
            and cc_items
            and not cc_items[-1][0].rstrip().endswith((".", "./.", ";"))
            and not _is_signature_line(ln)
            and not is_upper_line(ln.text)
        ):
            text, s, _ = cc_items[-1]
            cc_items[-1] = (f"{text.rstrip()} {ln.text}", s, ln.end)
            continue
        sig_lines.append(ln)
    cc = [c for c in (_copy_item(t, s, e) for t, s, e in cc_items) if c]
    return cc, parse_signature(sig_lines)


# Two columns glued by extraction: `- Như trên; PHÓ GIÁM ĐỐC`, `Nơi nhận: KT. GIÁM ĐỐC`, `- Lưu: VT. (Đã ký)`.
GLUED_SIGNATURE_RE = re.compile(
    r"(?:(?<=[;:,.])|(?<=\S\s{2}))\s*(?=(?:(?:TM|KT|TL|TUQ|T/M|K/T|T/L)\.?\s+)?[A-ZĐÀ-Ỹ]{2,}(?:\s+[A-ZĐÀ-Ỹ]{1,}){0,8}\s*$|\(?Đã ký\)?\s*$)"
)


def _may_end_signature(text: str) -> bool:
    """False when GLUED_SIGNATURE_RE cannot match: it needs the line to end (before spaces) with a
    capital, `ký` or `)`. (Its `\\s` is within `str.isspace`, so `rstrip` drops no more than it skips.)"""
    last = text.rstrip()[-1:]
    return "A" <= last <= "Z" or "À" <= last <= "Ỹ" or last in ("Đ", ")")


def _unglue_signature(lines: list[Line]) -> list[Line]:
    out = []
    for ln in lines:
        m = (
            GLUED_SIGNATURE_RE.search(ln.text)
            if (ln.text[:1] in "-–" or is_noi_nhan(ln.folded)) and _may_end_signature(ln.text)
            else None
        )
        if m and m.start() > 0:
            tail = ln.text[m.start() :].strip()
            if _is_signature_line(Line(0, 0, tail, fold(tail))) or is_signed_mark(fold(tail)):
                out.extend(split_line(ln, [m.start()]))
                continue
        out.append(ln)
    return out


def _is_signature_line(ln: Line) -> bool:
    return bool(AUTH_RE.match(ln.folded)) or is_title_line(ln) or is_signed_mark(ln.folded) or is_person_name(ln.text)


def _copy_item(text: str, start: int, end: int) -> Copy | None:
    text = _WS_RE.sub(" ", text).strip()
    # Each pattern below is tried only if the text holds a string it cannot match without.
    if "/." in text:
        text = _END_MARKS_RE.sub("", text)
    purpose = None
    m = _PAREN_PURPOSE_RE.search(text) if ")" in text else None
    if m and _is_purpose(m.group(1)):
        purpose = m.group(1).strip()
        text = text[: m.start()]
    elif "để" in text or "b/c" in text or "t/h" in text:
        m2 = _BARE_PURPOSE_RE.search(text)
        if m2 and _is_purpose(m2.group(1)):
            purpose = m2.group(1).strip()
            text = text[: m2.start()]
    body = _clean_item(text)
    if not body:
        return None
    return Copy(body=body, purpose=purpose, span=(start, end))


def _is_purpose(s: str) -> bool:
    f = fold(s).strip()
    return f.startswith("de ") or f in _PURPOSES or any(f == p for p in _PURPOSES)


def parse_signature(lines: list[Line]) -> Signatory | None:
    """`TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Name`; seal text and `Đã ký` left out."""
    authority = on_behalf_of = name = None
    titles: list[str] = []
    start = end = None
    for ln in lines:
        f = ln.folded
        text = ln.text.strip(" *")
        m = AUTH_RE.match(f)
        if m and authority is None and not titles and is_upper_line(text, 2):
            authority = _AUTHORITY.get(m.group(1).replace(".", ""), m.group(1).upper())
            on_behalf_of = text[m.end() :].strip(" .,:;") or None
            start = start if start is not None else ln.start
            end = ln.end
            continue
        if is_signed_mark(f):
            rest = re.sub(r"^(?:\(?đã ký\)?|\(?da ky\)?|Đã ký|ĐÃ KÝ)\s*:?\s*", "", text, flags=re.IGNORECASE)
            if rest and is_person_name(rest.strip(" *")):
                name = rest.strip(" *")
                start = start if start is not None else ln.start
                end = ln.end
            continue
        if is_title_line(ln) and name is None:
            titles.append(text)
            start = start if start is not None else ln.start
            end = ln.end
            continue
        if authority and not titles and on_behalf_of and is_upper_line(text, 2) and len(text.split()) <= 2 and name is None:
            on_behalf_of = f"{on_behalf_of} {text}"
            continue
        if name is None and (is_person_name(text) or (titles and _name_shaped(text))):
            name = text
            start = start if start is not None else ln.start
            end = ln.end
    if not (authority or titles or name):
        return None
    return Signatory(authority=authority, on_behalf_of=on_behalf_of, titles=titles, name=name, span=(start, end))


def _name_shaped(text: str) -> bool:
    """Under the titles, 2-5 capitalised words are the signer even with a family name we do not list."""
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and is_name_word(w) for w in words) and not is_upper_line(text)



# --- copy certificate ---------------------------------------------------------


def parse_certificate(lines: list[Line]) -> tuple[CopyMark | None, list[Copy]]:
    """`QUẬN ỦY HÀ ĐÔNG / Số 26 - BS/QU / Nơi nhận … / SAO LỤC / Hà Đông, ngày 2 tháng 9 năm 2021 / Name`."""
    if not lines:
        return None, []
    kind = next((copy_heading(ln) for ln in lines if copy_heading(ln)), None)
    h = Header()
    issuer = None
    for idx, ln in enumerate(lines):
        if is_number_line(ln):
            _read_number(ln, h)
        elif h.issued_date is None and is_place_date(ln, lines[idx + 1] if idx + 1 < len(lines) else None):
            _read_place_date(ln, None, h)
        elif issuer is None and is_upper_line(ln.text) and not copy_heading(ln) and not is_title_line(ln):
            if not AUTH_RE.match(ln.folded):
                issuer = ln.text.strip(" *")
    cc_start = next((k for k, ln in enumerate(lines) if is_noi_nhan(ln.folded)), None)
    cc: list[Copy] = []
    sig_lines = lines
    if cc_start is not None:
        cc_zone = [lines[cc_start]]
        for ln in lines[cc_start + 1 :]:
            if copy_heading(ln) or is_place_date(ln) or _is_signature_line(ln) and not ln.text.startswith(("-", "–")):
                break
            cc_zone.append(ln)
        cc, _ = parse_closing(cc_zone)
        sig_lines = [ln for ln in lines if ln not in cc_zone]
    signature = parse_signature(sig_lines)
    mark = CopyMark(
        kind=kind or "SAO Y",
        number=h.number,
        symbol=h.symbol,
        issuer=issuer,
        issued_date=h.issued_date,
        signer=signature.name if signature else None,
        span=(lines[0].start, lines[-1].end),
    )
    return mark, cc


__all__ = [
    "Header",
    "parse_header",
    "parse_recipients",
    "parse_closing",
    "parse_signature",
    "parse_certificate",
    "is_kinh_gui",
]
