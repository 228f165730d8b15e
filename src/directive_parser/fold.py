"""Accent folding that keeps character offsets: `Nghị quyết` → `Nghi quyet`.

Real texts lose their accents (`Quyet dinh so 12/QĐ-UBND`, `ngay 02 thang 11`)
or mix them (`Chi thị`), so cue words are matched on a folded copy of the text.
Folding maps each precomposed character to one base character, so a match at
(start, end) in the folded copy is the same span in the original text.
"""

from __future__ import annotations

import unicodedata


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for block in (range(0x00C0, 0x0250), range(0x1E00, 0x1F00)):
        for code in block:
            base = unicodedata.normalize("NFD", chr(code))[0]
            if base.isascii() and base.isalpha() and base != chr(code):
                table[code] = base
    return table


_FOLD_TABLE = _build_fold_table()
# As a string indexed by code point: str.translate reads it twice as fast as a dict;
# code points past its end raise IndexError, which translate reads as "keep". That error is
# slow, so the table runs on through punctuation and shapes (`…`, `“`, `–`, `□`, U+2000-26FF)
# that are common in these texts: a third faster on real documents.
_FOLD_SEQUENCE = "".join(_FOLD_TABLE.get(code, chr(code)) for code in range(max(max(_FOLD_TABLE) + 1, 0x2700)))


def fold(text: str) -> str:
    """Strip Vietnamese diacritics, one character for one: `Thông báo số` → `Thong bao so`."""
    return text.translate(_FOLD_SEQUENCE)


def fold_lower(text: str) -> str:
    """`fold` then lower-case, still one character for one: `Ngày 02` → `ngay 02`."""
    lowered = text.translate(_FOLD_SEQUENCE).lower()  # `fold` inlined: called for every line
    if len(lowered) != len(text):
        return fold_and_lower(text)[1]
    return lowered


def fold_and_lower(text: str) -> tuple[str, str]:
    """(`fold(text)`, `fold_lower(text)`) with one fold, for readers that need both."""
    folded = fold(text)
    lowered = folded.lower()
    if len(lowered) != len(text):  # a rare character whose lower case is longer
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
    return folded, lowered


# Folding keeps letters letters and their case (every table entry maps a letter to an ASCII
# letter of the same case), so on a line that folds to ASCII the letters and capitals can be
# counted by deleting bytes in C instead of testing each character in Python.
_ASCII_NOT_LETTERS = bytes(c for c in range(256) if not (c < 128 and chr(c).isalpha()))
_ASCII_CAPITALS = bytes(range(ord("A"), ord("Z") + 1))
# Layout readers test the same lines again and again (a third of the calls repeat one).
_UPPER_LINES: dict[int, dict[str, bool]] = {}  # min_letters → line → answer
_UPPER_LINES_MAX = 16384


def is_upper_line(s: str, min_letters: int = 3) -> bool:
    """True for a line written in capitals (`QUẬN ỦY HAI BÀ TRUNG`), ignoring marks."""
    cache = _UPPER_LINES.get(min_letters)
    if cache is None:
        cache = _UPPER_LINES[min_letters] = {}
    known = cache.get(s)
    if known is not None:
        return known
    folded = s.translate(_FOLD_SEQUENCE)
    if folded.isascii():
        letters = folded.encode("ascii").translate(None, _ASCII_NOT_LETTERS)
        count = len(letters)
        upper = count - len(letters.translate(None, _ASCII_CAPITALS))
    else:  # other scripts: their letters may have no case
        chars = [c for c in s if c.isalpha()]
        count = len(chars)
        upper = sum(1 for c in chars if c.isupper())
    answer = count >= min_letters and upper / count >= 0.85
    if len(cache) >= _UPPER_LINES_MAX:
        cache.clear()
    cache[s] = answer
    return answer
