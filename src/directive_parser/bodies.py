"""Names of bodies: a stable canonical key, word keys that ignore tone placement,
and the level and branch of an issuer.

`canonical_body("UBND Quận")` and `canonical_body("Uỷ ban nhân dân quận")` are the
same key, `"uỷ ban nhân dân quận"`: abbreviations spelt out (table in
`data/bodies.json`), tone marks on the second vowel of `oa`/`oe`/`uy` (the form
the scorer's `norm` uses), one space between words, lower case.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .fold import fold_lower
from .lexicon import load_json

# Combining tone marks: grave, acute, tilde, hook above, dot below.
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# Old tone placement → new: the mark moves from `o`/`u` to the vowel after it.
_OLD_TONE = re.compile(r"([oOuU])([\u0300\u0301\u0303\u0309\u0323])([aAeEyY])(?![\w])")


def bodies_data() -> dict:
    """The lexicon of `data/bodies.json`, loaded once."""
    return load_json("bodies.json")


def new_tone_placement(text: str) -> str:
    """`Hoà bình`, `Hòa bình` → `Hoà bình`; `Ủy ban` → `Uỷ ban` (NFC in, NFC out)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _OLD_TONE.sub(r"\1\3\2", decomposed))


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """A word's key that ignores case and tone placement: `Uỷ` and `ủy` → `uy\u0309`.

    The tone mark is taken off and appended, so wherever it was printed the key
    is the same; vowel shapes (`ư`, `ơ`, `â` …) and `đ` are kept.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = "".join(c for c in decomposed if c in _TONE_MARKS)
    bare = "".join(c for c in decomposed if c not in _TONE_MARKS)
    return unicodedata.normalize("NFC", bare) + tones


@lru_cache(maxsize=65536)
def is_plain(word: str) -> bool:
    """True for a word printed without any Vietnamese mark (`Uy`, `ban`): a lost-accent candidate."""
    return fold_lower(word) == word.lower()


@lru_cache(maxsize=1)
def _abbreviation_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {k: v for k, v in bodies_data()["abbreviations"].items()}
    # Longest first so `UBMTTQ` wins over `MTTQ`; whole words only, as printed (case-sensitive).
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w&])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w&])")
    return pattern, table


def expand_abbreviations(name: str) -> str:
    """`UBND 11 phường` → `Ủy ban nhân dân 11 phường`; `Ủy ban MTTQ` → `Ủy ban Mặt trận Tổ quốc`."""
    pattern, table = _abbreviation_pattern()
    return pattern.sub(lambda m: table[m.group(1)], name)


@lru_cache(maxsize=16384)
def canonical_body(name: str) -> str:
    """A stable key for a body's name.

    >>> canonical_body("UBND  Quận") == canonical_body("Uỷ ban nhân dân quận")
    True
    """
    text = unicodedata.normalize("NFC", name)
    text = text.replace("*", "").replace("_", " ")
    text = re.sub(r"\s+", " ", text).strip(" \t\n,;.:-–•+")
    text = expand_abbreviations(text)
    text = re.sub(r"\s*[–—]\s*", " - ", text)
    text = re.sub(r"\s+", " ", text)
    return new_tone_placement(text.lower())


def _has_words(folded: str, words: list[str]) -> bool:
    return any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", folded) for w in words)


# Words that contain a place word without naming a place: `xã hội`, `Đảng bộ`, `cơ quan`, `quân sự`.
_FALSE_PLACE = re.compile(r"(?<!\w)(xa hoi|dang bo|can bo|toan bo|co quan|quan su|quan doi|quan ly|quan khu|so chi huy)(?!\w)")


def issuer_level(name: str | None, parent: str | None = None, symbol: str | None = None) -> tuple[str, str]:
    """Level (central/province/district/commune/unknown) and branch (party/state/unknown) of an issuer.

    >>> issuer_level("QUẬN ỦY HAI BÀ TRUNG", "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "CV/QU")
    ('district', 'party')
    """
    table = bodies_data()["issuer_levels"]
    level, branch = "unknown", "unknown"
    # The code after the slash of a Party number (`CV/QU`, `QC/BTCTU-BDVTU`) names the body exactly.
    codes = re.split(r"[-/]", symbol) if symbol else []
    for code in (c.strip() for c in codes):
        hit = table["symbol_codes"].get(code) or table["symbol_codes"].get(code.upper())
        if hit:
            level = hit[0]
            branch = hit[1]
            break
    for text in (name, parent):
        if text and level == "unknown":
            level = _level_from_words(_FALSE_PLACE.sub(" ", fold_lower(text)), table)
    if branch == "unknown" and name:
        folded = fold_lower(name)
        party = re.search(r"(?<!\w)uy(?!\w)(?! ban)", folded) or _has_words(folded, table["party_words"][1:])
        branch = "party" if party else "state"
    return level, branch


def _level_from_words(folded: str, table: dict) -> str:
    """`uy ban nhan dan quan thanh xuan` → `district`. The most local word wins; a city
    (`thành phố`) is a province only when it is one of the cities under the centre."""
    is_city = _has_words(folded, ["thanh pho", "tp"])
    capital = _has_words(folded, table["capital_cities"])
    for level in ("commune", "district", "province", "central"):
        if _has_words(folded, table[level]):
            return level
        if level == "district" and is_city and not capital:
            return "district"
        if level == "province" and is_city and capital:
            return "province"
    return "unknown"
