"""A minimal PDF writer for test fixtures: positioned lines of Vietnamese text.

The .venv has no PDF writer (no reportlab, no fpdf2) and pypdf cannot lay out
text, so this writes the PDF objects by hand: a Type0/CIDFontType2 font with
Identity-H codes (= glyph ids of the embedded TrueType font), widths from its
hmtx table and a ToUnicode map, which is what a text extractor reads.

    >>> pdf = write_pdf([[(50, 800, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]], DEJAVU)
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PAGE_WIDTH, PAGE_HEIGHT = 595, 842


class TrueTypeFont:
    """Glyph ids and advance widths of a TrueType font (cmap format 4, hmtx)."""

    def __init__(self, path: Path):
        self.data = path.read_bytes()
        tables = {}
        (count,) = struct.unpack(">H", self.data[4:6])
        for index in range(count):
            tag, _, offset, length = struct.unpack(">4sIII", self.data[12 + 16 * index: 28 + 16 * index])
            tables[tag.decode("latin-1")] = self.data[offset: offset + length]
        (self.units_per_em,) = struct.unpack(">H", tables["head"][18:20])
        (metrics,) = struct.unpack(">H", tables["hhea"][34:36])
        widths = [struct.unpack(">H", tables["hmtx"][4 * i: 4 * i + 2])[0] for i in range(metrics)]
        self.widths = widths
        self.glyph_of = self._cmap4(tables["cmap"])

    @staticmethod
    def _cmap4(cmap: bytes) -> dict[int, int]:
        (count,) = struct.unpack(">H", cmap[2:4])
        for index in range(count):
            platform, encoding, offset = struct.unpack(">HHI", cmap[4 + 8 * index: 12 + 8 * index])
            if (platform, encoding) == (3, 1) and struct.unpack(">H", cmap[offset: offset + 2])[0] == 4:
                break
        else:
            raise ValueError("font has no Unicode BMP cmap")
        sub = cmap[offset:]
        segments = struct.unpack(">H", sub[6:8])[0] // 2
        ends = struct.unpack(f">{segments}H", sub[14: 14 + 2 * segments])
        base = 16 + 2 * segments
        starts = struct.unpack(f">{segments}H", sub[base: base + 2 * segments])
        deltas = struct.unpack(f">{segments}h", sub[base + 2 * segments: base + 4 * segments])
        range_at = base + 4 * segments
        ranges = struct.unpack(f">{segments}H", sub[range_at: range_at + 2 * segments])
        glyphs = {}
        for seg in range(segments):
            for code in range(starts[seg], ends[seg] + 1):
                if code == 0xFFFF:
                    continue
                if ranges[seg] == 0:
                    glyph = (code + deltas[seg]) & 0xFFFF
                else:
                    at = range_at + 2 * seg + ranges[seg] + 2 * (code - starts[seg])
                    glyph = struct.unpack(">H", sub[at: at + 2])[0]
                    glyph = (glyph + deltas[seg]) & 0xFFFF if glyph else 0
                if glyph:
                    glyphs[code] = glyph
        return glyphs

    def width(self, glyph: int) -> int:
        """Advance width in 1/1000 em."""
        raw = self.widths[min(glyph, len(self.widths) - 1)]
        return round(raw * 1000 / self.units_per_em)

    def text_width(self, text: str, size: float) -> float:
        return sum(self.width(self.glyph_of.get(ord(ch), 0)) for ch in text) * size / 1000


def wrap(text: str, font: TrueTypeFont, size: float, width: float) -> list[str]:
    """Greedy word wrap to `width` points."""
    lines, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and font.text_width(candidate, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current]


def write_pdf(pages: list[list[tuple[float, float, str]]], font_path: Path = DEJAVU, size: float = 10) -> bytes:
    """A PDF whose pages draw the given (x, y, text) lines, in the order given."""
    font = TrueTypeFont(font_path)
    used: dict[int, str] = {}
    streams = []
    for lines in pages:
        ops = []
        for x, y, text in lines:
            codes = []
            for ch in text:
                glyph = font.glyph_of.get(ord(ch), 0)
                used.setdefault(glyph, ch)
                codes.append(f"{glyph:04X}")
            ops.append(f"BT /F1 {size} Tf {x:.1f} {y:.1f} Td <{''.join(codes)}> Tj ET")
        streams.append("\n".join(ops).encode("ascii"))

    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(content: bytes, extra: str = "") -> bytes:
        packed = zlib.compress(content)
        return f"<< /Length {len(packed)} /Filter /FlateDecode {extra}>>\nstream\n".encode() + packed + b"\nendstream"

    catalog = add(b"")  # filled in below, once the pages object exists
    pages_id = add(b"")
    font_file = add(stream(font.data, f"/Length1 {len(font.data)} "))
    descriptor = add(
        f"<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /FontBBox [-1021 -463 1793 1232] "
        f"/ItalicAngle 0 /Ascent 928 /Descent -236 /CapHeight 729 /StemV 80 /FontFile2 {font_file} 0 R >>".encode()
    )
    widths = " ".join(f"{glyph} [{font.width(glyph)}]" for glyph in sorted(used))
    cid_font = add(
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans "
        f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        f"/FontDescriptor {descriptor} 0 R /DW 600 /W [{widths}] /CIDToGIDMap /Identity >>".encode()
    )
    to_unicode = add(stream(_to_unicode_cmap(used)))
    type0 = add(
        f"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H "
        f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>".encode()
    )
    page_ids = []
    for content in streams:
        content_id = add(stream(content))
        page_ids.append(
            add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                f"/Resources << /Font << /F1 {type0} 0 R >> >> /Contents {content_id} 0 R >>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
    kids = " ".join(f"{page} 0 R" for page in page_ids)
    objects[pages_id - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _to_unicode_cmap(used: dict[int, str]) -> bytes:
    entries = sorted(used.items())
    blocks = []
    for start in range(0, len(entries), 100):
        chunk = entries[start: start + 100]
        body = "\n".join(f"<{glyph:04X}> <{ord(ch):04X}>" for glyph, ch in chunk)
        blocks.append(f"{len(chunk)} beginbfchar\n{body}\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend\n"
    ).encode("ascii")
