"""Text of a .docx in document order, after checking the archive is safe to open.

Real directives put their header in a borderless two-column table (issuer,
number and subject left; motto, place and date right). The body is read block
by block — paragraphs and tables as they come — and a table is read row by
row, each cell's lines in turn, so the header comes out as issuer lines, then
motto lines:

    ĐẢNG BỘ TỈNH BẮC NINH        | ĐẢNG CỘNG SẢN VIỆT NAM
    THÀNH ỦY BẮC NINH            | TP. Bắc Ninh, ngày 11 tháng 10 năm 2021
    → "ĐẢNG BỘ TỈNH BẮC NINH\\nTHÀNH ỦY BẮC NINH\\nĐẢNG CỘNG SẢN VIỆT NAM\\nTP. Bắc Ninh, …"
"""

from __future__ import annotations

import io
import zipfile
from typing import Callable, Iterator

from .errors import InputError, LimitExceeded, UnsupportedInput

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Members smaller than this may compress as well as they like (tiny repetitive XML).
RATIO_CHECK_FROM_BYTES = 1 << 20
# DOCTYPE and ENTITY declarations, as UTF-8 and as UTF-16 (an XML part may be either).
_DECLARATIONS = tuple(
    word.encode(codec) for word in ("<!DOCTYPE", "<!ENTITY") for codec in ("utf-8", "utf-16-le", "utf-16-be")
)


def check_archive(archive: zipfile.ZipFile, max_inflated_bytes: int, max_ratio: float) -> None:
    """Refuse a zip bomb from the sizes the archive declares, before inflating anything.

    zipfile never returns more than a member's declared size, so the declared
    sizes bound what reading can cost.
    """
    members = archive.infolist()
    inflated = sum(member.file_size for member in members)
    if inflated > max_inflated_bytes:
        raise LimitExceeded(
            None, "read",
            f"archive inflates to {inflated / 1e6:.0f} MB, over the max_inflated_bytes limit "
            f"of {max_inflated_bytes / 1e6:.0f} MB (zip bomb?)",
        )
    for member in members:
        if member.file_size >= RATIO_CHECK_FROM_BYTES:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > max_ratio:
                raise LimitExceeded(
                    None, "read",
                    f"member {member.filename} compresses {ratio:.0f}:1, over the "
                    f"max_compression_ratio limit of {max_ratio:.0f}:1 (zip bomb?)",
                )
    if "word/document.xml" not in archive.namelist():
        raise UnsupportedInput(None, "read", "zip archive without word/document.xml: not a .docx")


def check_no_entity_declarations(archive: zipfile.ZipFile) -> None:
    """Refuse XML parts that declare a DOCTYPE or entities (billion laughs); Word never writes them."""
    for member in archive.infolist():
        if not member.filename.endswith((".xml", ".rels")):
            continue
        part = archive.read(member)
        if any(declaration in part for declaration in _DECLARATIONS):
            raise InputError(
                None, "read",
                f"XML part {member.filename} declares a DOCTYPE or ENTITY; refused (no entity expansion in .docx)",
            )


def docx_lines(data: bytes, max_inflated_bytes: int, max_ratio: float, check_time: Callable[[], None]) -> list[str]:
    """Lines of a .docx: one per paragraph, table cells one after another, in document order."""
    import docx  # python-docx: imported here, it is slow to import and only .docx needs it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive, max_inflated_bytes, max_ratio)
            check_no_entity_declarations(archive)
        document = docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except Exception as error:  # zipfile, lxml and python-docx raise many types on broken files
        raise InputError(None, "read", f"corrupt or truncated .docx: {type(error).__name__}: {error}") from None
    lines: list[str] = []
    for line in _block_lines(document.element.body):
        check_time()
        lines.append(line)
    return lines


def _block_lines(container) -> Iterator[str]:
    """Lines of the paragraphs and tables directly inside a body, cell or content control."""
    for child in container.iterchildren():
        if child.tag == W + "p":
            yield from paragraph_text(child).split("\n")
        elif child.tag == W + "tbl":
            for row in _rows(child):
                for cell in row.iterchildren(W + "tc"):
                    yield from _block_lines(cell)
        elif child.tag in (W + "sdt", W + "customXml", W + "ins"):
            yield from _block_lines(_unwrapped(child))


def _rows(table) -> Iterator:
    for child in table.iterchildren():
        if child.tag == W + "tr":
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            yield from _rows(_unwrapped(child))


def _unwrapped(wrapper):
    """The content of a content control (w:sdt → w:sdtContent) or other transparent wrapper."""
    if wrapper.tag == W + "sdt":
        content = wrapper.find(W + "sdtContent")
        return content if content is not None else wrapper.makeelement(W + "sdtContent")
    return wrapper


_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_CHARACTERS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-", W + "softHyphen": ""}


def paragraph_text(paragraph) -> str:
    """The visible text of a w:p, tracked insertions included, deletions and field codes left out.

    Text boxes inside the paragraph come out as lines of their own.
    """
    parts: list[str] = []
    stack = list(reversed(paragraph))
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag == W + "t":
            parts.append(element.text or "")
        elif tag in _CHARACTERS:
            parts.append(_CHARACTERS[tag])
        elif tag == _FALLBACK:
            continue  # the same drawing again, for old readers
        else:
            if tag == W + "p":
                parts.append("\n")
            stack.extend(reversed(element))
    return "".join(parts)
