"""Text layer of a .pdf, pages in order.

Which extraction keeps a two-column header's lines whole? pypdf's plain mode
follows the content stream: Word and LibreOffice draw a table cell by cell, so
the issuer's lines come out, then the motto's, each line whole. Layout mode
places text by position and puts both columns of a baseline on one line
("ĐẢNG BỘ TỈNH BẮC NINH          ĐẢNG CỘNG SẢN VIỆT NAM"). So plain mode is
used; but a producer that draws row by row across both columns makes plain
mode glue the two halves with one space ("ĐẢNG BỘ TỈNH BẮC NINH ĐẢNG CỘNG SẢN
VIỆT NAM"). On the first and last pages (header, signature block) the layout
text shows where the column gap is, and such glued lines are split there.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Callable

from .errors import InputError, UnsupportedInput

# Fewer visible characters than this per page on average: no text layer worth reading.
MIN_CHARS_PER_PAGE = 20
OCR_HINT = "run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, then parse out.pdf"


def pdf_pages(data: bytes, check_time: Callable[[], None]) -> tuple[list[str], tuple[str, ...]]:
    """Text of each page and warnings (pages without text).

    Raises UnsupportedInput for an encrypted or scanned PDF, InputError for a broken one.
    """
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # broken files are reported as errors, not log noise
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnsupportedInput(None, "read", "encrypted PDF (needs a password): save an unprotected copy")
        pages = []
        last = len(reader.pages) - 1
        for number, page in enumerate(reader.pages):
            check_time()
            text = page.extract_text() or ""
            if number in (0, last) and text.strip():
                text = unglue_columns(text, page.extract_text(extraction_mode="layout") or "")
            pages.append(text)
    except InputError:
        raise
    except Exception as error:  # pypdf raises many types (and RecursionError) on broken files
        raise InputError(None, "read", f"corrupt or truncated PDF: {type(error).__name__}: {error}") from None
    visible = sum(len("".join(text.split())) for text in pages)
    if not pages or visible < MIN_CHARS_PER_PAGE * len(pages) / 4:
        raise UnsupportedInput(None, "read", f"PDF has no text layer (scanned PDF?): {OCR_HINT}")
    empty = [str(number) for number, text in enumerate(pages, 1) if not text.strip()]
    warnings = (f"PDF pages without text (scanned?): {', '.join(empty)}; {OCR_HINT}",) if empty else ()
    return pages, warnings


_COLUMN_GAP = re.compile(r" {6,}")


def unglue_columns(plain: str, layout: str) -> str:
    """Split plain-mode lines that join two columns, where the layout text shows a gap.

    >>> unglue_columns("THÀNH ỦY BẮC NINH ĐẢNG CỘNG SẢN VIỆT NAM",
    ...                "THÀNH ỦY BẮC NINH          ĐẢNG CỘNG SẢN VIỆT NAM")
    'THÀNH ỦY BẮC NINH\nĐẢNG CỘNG SẢN VIỆT NAM'
    """
    for line in layout.splitlines():
        segments = _COLUMN_GAP.split(line.strip())
        for left, right in zip(segments, segments[1:]):
            for glue in (" ", ""):
                if left + glue + right in plain:
                    plain = plain.replace(left + glue + right, f"{left}\n{right}", 1)
                    break
    return plain
