"""Accent folding that keeps character offsets: `Nghị quyết` → `Nghi quyet`.

Real texts lose their accents (`Quyet dinh so 12/QĐ-UBND`, `ngay 02 thang 11`)
or mix them (`Chi thị`), so cue words are matched on a folded copy of the text.
Folding maps each precomposed character to one base character, so a match at
(start, end) in the folded copy is the same span in the original text.
"""

from __future__ import annotations

import re as stdlib_re
import unicodedata

from .memo import LastResult, remember


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


# `translate` with a table takes ~50 ns a character (a lookup per character, ASCII ones too).
# A long text is folded instead by one `str.replace` per Vietnamese letter (134 of them: 12 vowels
# in 6 tones, both cases, and `đ`): each is a C scan, which makes the whole 2-3× faster. Any other
# letter of the table left afterwards (`ç`, `ö`, rare in these texts) sends the text through
# `translate` too; folded letters are ASCII and fold to themselves, so the result is the same.
_VIETNAMESE = [
    unicodedata.normalize("NFC", base + tone)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
]
_VIETNAMESE_FOLDS = [(c, _FOLD_TABLE[ord(c)]) for c in [*_VIETNAMESE, "đ", "Đ"] if not c.isascii()]
_OTHER_FOLDED_RE = stdlib_re.compile(
    "[" + "".join(stdlib_re.escape(chr(code)) for code in sorted(set(_FOLD_TABLE) - {ord(c) for c, _ in _VIETNAMESE_FOLDS})) + "]"
)


def _fold_by_letters(text: str) -> str:
    for letter, base in _VIETNAMESE_FOLDS:
        text = text.replace(letter, base)
    if _OTHER_FOLDED_RE.search(text):
        text = text.translate(_FOLD_SEQUENCE)
    return text


# A whole document is folded, and its fold lower-cased, by more than one stage (zones, then
# references): the last long text is kept, so the next stage gets it for the cost of a comparison.
_LONG = 2048
_fold_long = LastResult(_fold_by_letters)
_lower_long = LastResult(str.lower)


def fold(text: str) -> str:
    """Strip Vietnamese diacritics, one character for one: `Thông báo số` → `Thong bao so`."""
    return text.translate(_FOLD_SEQUENCE) if len(text) < _LONG else _fold_long(text)


def lower_folded(folded: str) -> str:
    """`folded.lower()`, for a text already folded; a document's is lowered once for all stages."""
    return folded.lower() if len(folded) < _LONG else _lower_long(folded)


def fold_lower(text: str) -> str:
    """`fold` then lower-case, still one character for one: `Ngày 02` → `ngay 02`."""
    # `fold` inlined for short texts: called for every line
    lowered = text.translate(_FOLD_SEQUENCE).lower() if len(text) < _LONG else lower_folded(fold(text))
    if len(lowered) != len(text):
        return fold_and_lower(text)[1]
    return lowered


def fold_and_lower(text: str) -> tuple[str, str]:
    """(`fold(text)`, `fold_lower(text)`) with one fold, for readers that need both."""
    folded = fold(text)
    lowered = lower_folded(folded)
    if len(lowered) != len(text):  # a rare character whose lower case is longer
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
    return folded, lowered


# Folding keeps letters letters and their case (every table entry maps a letter to an ASCII
# letter of the same case), so on a line that folds to ASCII the letters and capitals can be
# counted by deleting bytes in C instead of testing each character in Python.
_ASCII_NOT_LETTERS = bytes(c for c in range(256) if not (c < 128 and chr(c).isalpha()))
_ASCII_CAPITALS = bytes(range(ord("A"), ord("Z") + 1))
# Layout readers test the same lines again and again (a third of the calls repeat one), with
# different `min_letters`: one memo holds what every threshold needs.
_UPPER_LETTERS: dict[str, int] = {}  # line → its letter count if at least 85% are capitals, else 0


def is_upper_line(s: str, min_letters: int = 3) -> bool:
    """True for a line written in capitals (`QUẬN ỦY HAI BÀ TRUNG`), ignoring marks."""
    letters = _UPPER_LETTERS.get(s)
    if letters is None:
        if s.islower() or _lower_ascii(s) * 20 > 3 * len(s):
            # Most prose lines: no capital at all, or more small ASCII letters than 15% of the line's
            # length, so fewer than 85% of its letters can be capitals. C tests, no folding needed.
            letters = 0
        else:
            count, upper = _letters_and_capitals(s)
            letters = count if count and upper / count >= 0.85 else 0
        remember(_UPPER_LETTERS, s, letters)
    if min_letters > 0:
        return letters >= min_letters
    count, upper = _letters_and_capitals(s)  # a threshold of 0 accepts a line without letters
    return count >= min_letters and upper / count >= 0.85


_ALL_BUT_ASCII_SMALL = bytes(c for c in range(256) if not ord("a") <= c <= ord("z"))


def _lower_ascii(s: str) -> int:
    """How many of `s`'s characters are small ASCII letters."""
    return len(s.encode("utf-8", "surrogatepass").translate(None, _ALL_BUT_ASCII_SMALL))


def _letters_and_capitals(s: str) -> tuple[int, int]:
    folded = s.translate(_FOLD_SEQUENCE)
    if folded.isascii():
        letters = folded.encode("ascii").translate(None, _ASCII_NOT_LETTERS)
        return len(letters), len(letters) - len(letters.translate(None, _ASCII_CAPITALS))
    # other scripts: their letters may have no case
    chars = [c for c in s if c.isalpha()]
    return len(chars), sum(1 for c in chars if c.isupper())
