"""Bytes of a text file → Unicode text, whatever Vietnamese encoding wrote it.

Real folders hold UTF-8 (with or without BOM), UTF-16 from Notepad, Windows-1258
with combining tone marks, and pre-Unicode 8-bit texts typed with the ABC
(TCVN3) or VNI fonts. When the bytes are not clean UTF-8, every candidate
decoding is scored by the share of its words that are well-formed Vietnamese
syllables, and the best one wins: mojibake is never a valid syllable.

    >>> decode_text_bytes("Việt Nam".encode("utf-8")).text
    'Việt Nam'
    >>> decode_text_bytes(b"Vie\\xe4t Nam").encoding   # VNI: "Vieät Nam"
    'vni'
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

# How many bytes the encoding guess looks at: enough words to decide, cheap on a 5 MB file.
SAMPLE_BYTES = 256 * 1024
# A file whose decoded text is more than this share of control characters is binary.
MAX_CONTROL_SHARE = 0.10

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_NUCLEUS = (
    r"(?:iêu|oai|oay|oao|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu|yêu"
    r"|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê"
    r"|[aăâeêioôơuưy])"
)
_CODA = r"(?:ch|ng|nh|[cmnpt])?"
SYLLABLE = re.compile(_ONSET + _NUCLEUS + _CODA)
_WORD = re.compile(r"\w+")
# Punctuation that real Vietnamese documents use outside ASCII; anything else
# non-ASCII and not a letter counts against a candidate decoding.
_NEUTRAL = frozenset("\u00a0“”‘’–—…•·°§€\ufeff")


class UndecodableText(ValueError):
    """The bytes are not text in any encoding we know (binary data)."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


@cache
def _load(name: str) -> dict:
    return json.loads(files("directive_parser").joinpath("data", name).read_text("utf-8"))


@cache
def tcvn3_table() -> dict[int, str]:
    """TCVN3 byte → Unicode (from data/tcvn3.json); bytes not listed are ASCII."""
    return {int(code, 16): char for code, char in _load("tcvn3.json")["bytes"].items()}


@cache
def vni_letters() -> dict[str, str]:
    """Vietnamese letter → its VNI spelling as Windows-1252 text (data/vni.json): 'ệ' → 'eä'."""
    return dict(_load("vni.json")["letters"])


@cache
def _vni_decoder() -> tuple[re.Pattern[str], dict[str, str]]:
    to_unicode = {spelling: letter for letter, spelling in vni_letters().items()}
    # Typists sometimes put a lower-case mark after a capital ("Aù" for "Á").
    for letter, spelling in vni_letters().items():
        if letter.isupper() and len(spelling) == 2:
            to_unicode.setdefault(spelling[0] + spelling[1].lower(), letter)
    keys = sorted(to_unicode, key=len, reverse=True)  # longest spelling first
    return re.compile("|".join(map(re.escape, keys))), to_unicode


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 (ABC) bytes → NFC text: b'Vi\\xd6t Nam' → 'Việt Nam'."""
    table = tcvn3_table()
    return unicodedata.normalize("NFC", data.decode("latin-1").translate(table))


def decode_vni(data: bytes) -> str:
    """VNI bytes → NFC text: b'Vie\\xe4t Nam' ('Vieät Nam') → 'Việt Nam'."""
    pattern, to_unicode = _vni_decoder()
    text = data.decode("cp1252", errors="replace")
    return unicodedata.normalize("NFC", pattern.sub(lambda m: to_unicode[m.group()], text))


def decode_cp1258(data: bytes) -> str:
    """Windows-1258 (base letter + combining tone) → NFC text."""
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def decode_utf8_lenient(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


LEGACY_DECODERS = {
    "utf-8-with-errors": decode_utf8_lenient,
    "cp1258": decode_cp1258,
    "tcvn3": decode_tcvn3,
    "vni": decode_vni,
}


def is_vietnamese_syllable(word: str) -> bool:
    """'Nghị' → True, 'Vieät' → False (ä is no Vietnamese letter), 'hỏỉ' → False (two tones)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(ch in TONE_MARKS for ch in decomposed) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS))
    return SYLLABLE.fullmatch(bare) is not None


def vietnamese_score(text: str) -> float:
    """Share of non-ASCII words that are Vietnamese syllables, minus stray symbols.

    1.0 for clean Vietnamese, near or below 0 for mojibake; 0.0 when there is
    nothing non-ASCII to judge.
    """
    valid = invalid = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        if is_vietnamese_syllable(word):
            valid += 1
        else:
            invalid += 1
    stray = sum(
        1
        for ch in text
        if not ch.isascii() and ch not in _NEUTRAL and not ch.isalpha() and not unicodedata.combining(ch)
    )
    judged = valid + invalid + stray
    return (valid - invalid - stray) / judged if judged else 0.0


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on one side of every other byte (ASCII in UTF-16)."""
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    nul_even = sample[0::2].count(0) / half
    nul_odd = sample[1::2].count(0) / half
    if nul_odd > 0.3 and nul_even < 0.05:
        return "utf-16-le"
    if nul_even > 0.3 and nul_odd < 0.05:
        return "utf-16-be"
    return None


def _unicode_by_bom(data: bytes) -> DecodedText | None:
    for bom, encoding, label in (
        (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
    ):
        if data.startswith(bom):
            return _decode_unicode(data[len(bom):], encoding, label)
    guessed = _utf16_without_bom(data[:4096])
    if guessed:
        return _decode_unicode(data, guessed, guessed, ("UTF-16 without BOM, guessed from NUL bytes",))
    return None


def _decode_unicode(data: bytes, codec: str, label: str, warnings: tuple[str, ...] = ()) -> DecodedText:
    if codec.startswith("utf-16") and len(data) % 2:
        data = data[:-1]
        warnings += ("odd number of bytes in UTF-16 text: last byte dropped",)
    try:
        return DecodedText(data.decode(codec), label, warnings)
    except UnicodeDecodeError as error:
        text = data.decode(codec, errors="replace")
        return DecodedText(text, f"{label}-with-errors", (*warnings, _bad_bytes_warning(label, error, text)))


def _bad_bytes_warning(label: str, error: UnicodeDecodeError, text: str) -> str:
    return (
        f"invalid {label} bytes (first at byte {error.start}); "
        f"{text.count(chr(0xFFFD))} replaced with U+FFFD"
    )


def _best_legacy_decoding(data: bytes) -> tuple[str, float]:
    """The candidate encoding whose decoding of a sample reads most like Vietnamese."""
    sample = data[:SAMPLE_BYTES]
    scored = [(vietnamese_score(decode(sample)), -rank, name) for rank, (name, decode) in enumerate(LEGACY_DECODERS.items())]
    score, _, name = max(scored)
    return name, score


def decode_text_bytes(data: bytes) -> DecodedText:
    """Decode a text file's bytes to NFC text with '\\n' line ends, naming the encoding found.

    Raises UndecodableText for binary data (NUL bytes or mostly control characters).
    """
    decoded = _unicode_by_bom(data)
    maybe_controls = True
    if decoded is None:
        if b"\x00" in data[:SAMPLE_BYTES]:
            raise UndecodableText("binary data (NUL bytes), not a text document")
        try:
            decoded = DecodedText(data.decode("utf-8"), "utf-8")
            # UTF-8 writes a control character as its own byte, and no other character
            # uses such a byte: the bytes tell, faster than a search of the text
            maybe_controls = len(data.translate(None, _CONTROL_BYTES)) != len(data)
        except UnicodeDecodeError as error:
            encoding, score = _best_legacy_decoding(data)
            text = LEGACY_DECODERS[encoding](data)
            if encoding == "utf-8-with-errors":
                warnings = (_bad_bytes_warning("utf-8", error, text),)
            else:
                warnings = (f"not UTF-8: read as {encoding} (Vietnamese score {score:.2f}) and converted to Unicode",)
            if score < 0.5:
                warnings += (f"encoding uncertain: best guess {encoding} reads poorly as Vietnamese",)
            decoded = DecodedText(text, encoding, warnings)
    return _clean_text(decoded, maybe_controls)


_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])  # what _CONTROLS matches


def _clean_text(decoded: DecodedText, maybe_controls: bool = True) -> DecodedText:
    """NFC, '\\n' line ends, no BOM or stray control characters (refuse mostly-control text).
    `maybe_controls` False: the caller knows the text has no control characters."""
    text = decoded.text
    # The regex scans are slow next to `in`: run them only on texts that have something to change.
    if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = _LINE_BREAKS.sub("\n", text)
    text = text.lstrip("\ufeff")
    # most texts have none: a search (which stops at the first) is cheaper than findall
    control_chars = _CONTROLS.findall(text) if maybe_controls and _CONTROLS.search(text) else ()
    controls = len(control_chars) + text.count("\ufffd")
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise UndecodableText(f"binary data ({controls} of {len(text)} characters are control or undecodable)")
    warnings = decoded.warnings
    cleaned = _CONTROLS.sub("", text) if control_chars else text
    if len(cleaned) != len(text):
        warnings += (f"removed {len(text) - len(cleaned)} control characters",)
    return DecodedText(unicodedata.normalize("NFC", cleaned), decoded.encoding, warnings)
