"""Vietnamese dates as printed → ISO `YYYY-MM-DD`; one reader for header and body.

Forms: `ngày 02 tháng 11 năm 2021`, `02/11/2021`, `2-11-2021`, `01.10.2021`,
a line break or emphasis marks inside (`ngày 20\\ntháng 11 năm 2025`,
`**04/9/2021**`), lost accents (`ngay 02 thang 11 nam 2021`). Patterns run on
`fold_lower(text)`, whose offsets are those of the text.
"""

from __future__ import annotations

import datetime as _dt
import re

from .fold import fold_lower

# Between the parts of a date: white space, line breaks, emphasis marks.
GAP = r"[\s*_]*"

def date_pattern(suffix: str = "") -> str:
    """A date with the year optional (`ngày 04/9`, `ngày 30 tháng 11`), for `fold_lower` text.

    Groups are `vd vm vy` (verbal) or `nd nm ny` (numeric), each name + `suffix`,
    so one pattern can hold two dates (`từ ngày … đến ngày …`).
    """
    x = suffix
    return (
        rf"(?:ngay{GAP}(?P<vd{x}>\d{{1,2}}){GAP}thang{GAP}(?P<vm{x}>\d{{1,2}})"
        rf"(?:{GAP},?{GAP}nam{GAP}(?P<vy{x}>\d{{4}}))?"
        rf"|(?<![\d/.,])(?P<nd{x}>\d{{1,2}}){GAP}(?P<sep{x}>[/.-]){GAP}(?P<nm{x}>\d{{1,2}})"
        rf"(?:{GAP}(?P=sep{x}){GAP}(?P<ny{x}>\d{{4}}))?(?![\d]|[.,]\d))"
    )


DATE_PATTERN = date_pattern()
DATE_RE = re.compile(DATE_PATTERN)


def date_parts(match: re.Match, suffix: str = "") -> tuple[int | None, int, int]:
    """(year or None, month, day) of a match of a pattern that embeds `date_pattern(suffix)`."""
    if match.group("vd" + suffix) is not None:
        names = ("vd", "vm", "vy")
    else:
        names = ("nd", "nm", "ny")
    day, month, year = (match.group(name + suffix) for name in names)
    return (int(year) if year else None), int(month), int(day)


def iso_date(year: int, month: int, day: int) -> str | None:
    """`iso_date(2021, 9, 4)` → `2021-09-04`; None for an impossible date (`31/2`)."""
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_vn_date(s: str) -> str | None:
    """The first complete date in `s` as ISO: `Hà Nội, ngày 02 tháng 11 năm 2021` → `2021-11-02`."""
    for match in DATE_RE.finditer(fold_lower(s)):
        year, month, day = date_parts(match)
        if year is not None and 1900 <= year <= 2100:
            found = iso_date(year, month, day)
            if found:
                return found
    return None


def nearest_year_date(month: int, day: int, issued: str | None) -> str | None:
    """A day and month without a year, in the year that puts it nearest to `issued`.

    `nearest_year_date(2, 5, "2016-12-13")` → `2017-02-05` (`đến hết ngày 5/2`).
    """
    if not issued:
        return None
    anchor = _dt.date.fromisoformat(issued)
    candidates = [iso_date(anchor.year + shift, month, day) for shift in (-1, 0, 1)]
    dated = [_dt.date.fromisoformat(c) for c in candidates if c]
    if not dated:
        return None
    return min(dated, key=lambda d: (abs((d - anchor).days), d)).isoformat()


def latest_year_date(month: int, day: int, issued: str | None) -> str | None:
    """A day and month without a year, cited as past: the latest one on or before `issued`."""
    if not issued:
        return None
    anchor = _dt.date.fromisoformat(issued)
    for year in (anchor.year, anchor.year - 1):
        found = iso_date(year, month, day)
        if found and found <= issued:
            return found
    return None
