"""Read stage: a file's bytes → the document's text, its format and encoding.

The format is decided by content, not by the name: a zip holding
word/document.xml is a .docx, `%PDF` is a PDF, `<html` or `<!DOCTYPE html` is a
web page, anything else is text (the extension only tells .md from .txt, and a
mismatch is warned about). Every input is bounded by `Limits`: bytes on disk,
bytes a .docx inflates to, seconds per document; a refusal names the limit.

    >>> decoded = decode_document("Số: 12/UBND-VP\\r\\n".encode("utf-16"), name="a.txt")
    >>> decoded.text, decoded.format, decoded.encoding
    ('Số: 12/UBND-VP\\n', 'txt', 'utf-16-le')
"""

from __future__ import annotations

import os
import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Iterator

from .errors import InputError, LimitExceeded, UnsupportedInput
from .text_encodings import UndecodableText, decode_text_bytes

INPUT_EXTENSIONS = {".txt": "txt", ".md": "md", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}
STAGE = "read"
# A single line longer than this is worth a warning (text glued without line breaks).
LONG_LINE_CHARS = 100_000


@dataclass(frozen=True)
class Limits:
    """Bounds on one document; each refusal names the field that was exceeded."""

    max_bytes: int = 50 * 1024 * 1024
    max_inflated_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: float = 100.0
    max_seconds: float = 60.0
    max_html_depth: int = 3000


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Decoded:
    """A document's text as read: NFC, '\\n' line ends; format txt/md/docx/pdf/html."""

    text: str
    format: str
    encoding: str
    warnings: tuple[str, ...] = ()


def read_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The file's bytes; LimitExceeded past `limits.max_bytes`, InputError when unreadable."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise LimitExceeded(str(path), STAGE, _over_bytes(size, limits))
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)  # the file may grow after stat
    except OSError as error:
        raise InputError(str(path), STAGE, f"cannot read file: {error.strerror or error}") from None
    if len(data) > limits.max_bytes:
        raise LimitExceeded(str(path), STAGE, _over_bytes(len(data), limits))
    return data


def _over_bytes(size: int, limits: Limits) -> str:
    return f"file is {size / 1e6:.1f} MB, over the max_bytes limit of {limits.max_bytes / 1e6:.0f} MB"


def iter_input_files(folder: str | os.PathLike) -> Iterator[Path]:
    """Supported files below `folder`, recursively, in sorted path order.

    Hidden files and folders (".git", ".~lock…") and Word's lock files ("~$bản.docx") are skipped.
    """
    root = Path(folder)
    found = []
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = [name for name in subdirs if not name.startswith(".")]
        parts = Path(directory).relative_to(root).parts  # once per folder: the sort key's stem
        for name in names:
            if name.startswith((".", "~$")):
                continue
            if os.path.splitext(name)[1].lower() in INPUT_EXTENSIONS:
                found.append(((*parts, name), directory, name))
    for _, directory, name in sorted(found):
        yield Path(directory, name)


def sniff_format(data: bytes) -> str:
    """'docx', 'pdf', 'html', 'doc', 'rtf' or 'text', from the first bytes."""
    head = data[:1024]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"  # any zip: the .docx reader says so when word/document.xml is missing
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    return "text"


_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(r"<(?:p|div|table|body|span|br)\b", re.IGNORECASE)


def _looks_like_html(text: str, extension_format: str | None) -> bool:
    head = text[:4096]
    return bool(_HTML_START.match(head)) or (extension_format == "html" and bool(_HTML_TAGS.search(head)))


class _Deadline:
    """Raises LimitExceeded once `max_seconds` have passed since the document was started."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.until = time.monotonic() + limits.max_seconds

    def __call__(self) -> None:
        if time.monotonic() > self.until:
            raise LimitExceeded(
                None, STAGE, f"reading took longer than the max_seconds limit of {self.limits.max_seconds:g} s"
            )


def decode_document(data: bytes, name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Decoded:
    """Decode a document's bytes by content; InputError (or a subclass) names `name` and why.

        >>> decode_document(b"Vie\\xe4t Nam", name="cu.txt").text   # VNI bytes
        'Việt Nam'
    """
    try:
        return _decode(data, name, limits)
    except InputError as error:
        if error.path is not None:
            raise
        raise type(error)(name, error.stage, error.message, error.error_type) from None


def _decode(data: bytes, name: str | None, limits: Limits) -> Decoded:
    if len(data) > limits.max_bytes:
        raise LimitExceeded(None, STAGE, _over_bytes(len(data), limits))
    if not data.strip():
        raise InputError(None, STAGE, "empty file (no bytes)" if not data else "empty file (only whitespace)")
    check_time = _Deadline(limits)
    extension_format = INPUT_EXTENSIONS.get(PurePath(name).suffix.lower()) if name else None
    sniffed = sniff_format(data)
    if sniffed == "docx":
        from .docx_reader import docx_lines

        lines = docx_lines(data, limits.max_inflated_bytes, limits.max_compression_ratio, check_time)
        decoded = Decoded("\n".join(lines), "docx", "utf-8")
    elif sniffed == "pdf":
        from .pdf_reader import pdf_pages

        pages, warnings = pdf_pages(data, check_time)
        decoded = Decoded("\n".join(page.rstrip("\n") for page in pages), "pdf", "pdf-text-layer", warnings)
    elif sniffed == "doc":
        raise UnsupportedInput(None, STAGE, "legacy Word .doc (97-2003) file: save it as .docx and parse that")
    elif sniffed == "rtf":
        raise UnsupportedInput(None, STAGE, "RTF file: save it as .docx or .txt and parse that")
    else:
        decoded = _decode_text(data, extension_format, limits)
    return _finish(decoded, extension_format, name)


def _decode_text(data: bytes, extension_format: str | None, limits: Limits) -> Decoded:
    try:
        text = decode_text_bytes(data)
    except UndecodableText as error:
        raise UnsupportedInput(None, STAGE, str(error)) from None
    if _looks_like_html(text.text, extension_format):
        from .html_reader import html_lines

        return Decoded("\n".join(html_lines(text.text, limits.max_html_depth)), "html", text.encoding, text.warnings)
    return Decoded(text.text, "md" if extension_format == "md" else "txt", text.encoding, text.warnings)


def _finish(decoded: Decoded, extension_format: str | None, name: str | None) -> Decoded:
    """One text form for every reader (NFC, '\\n'), plus warnings about the name and the text's shape."""
    text = decoded.text
    if decoded.format not in ("txt", "md"):  # the text decoder's output is NFC with '\n' line ends already
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    warnings = list(decoded.warnings)
    text_formats = ("txt", "md")
    if extension_format and extension_format != decoded.format and not (
        extension_format in text_formats and decoded.format in text_formats
    ):
        suffix = PurePath(name or "").suffix
        warnings.append(f"content is {decoded.format}, not what the {suffix} extension says: read as {decoded.format}")
    if not text.strip():
        raise InputError(None, STAGE, f"no text in this {decoded.format} document")
    if len(text) > LONG_LINE_CHARS:  # else no line can be that long: spares splitting the text
        longest = max(map(len, text.split("\n")))
        if longest > LONG_LINE_CHARS:
            warnings.append(f"a line of {longest} characters without line breaks")
    return Decoded(text, decoded.format, decoded.encoding, tuple(warnings))
