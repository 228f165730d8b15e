"""The pipeline, stage by stage: read → normalise → zones → header, tasks →
entities → records. Each stage is a pure function; this module only wires them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterator

from .records import Directive
from .version import PARSER_VERSION


def parse_text(text: str, source_path: str | None = None) -> Directive:
    """Parse one directive given as text. Deterministic: same text, same record."""
    from .assemble import assemble_directive

    return assemble_directive(text, source_path=source_path)


# A small directive that passes through every stage, so that `warm_up` loads every lexicon.
_WARM_UP_TEXT = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
Số: 1/UBND-VX
An Giang, ngày 05 tháng 8 năm 2021
V/v phòng, chống dịch
Kính gửi: Sở Y tế
Thực hiện Nghị quyết số 128/NQ-CP ngày 11/10/2021 của Chính phủ:
1. Giao Sở Y tế chủ trì, phối hợp với Công an tỉnh hoàn thành trước ngày 04/9/2021.
Nơi nhận:
- Như trên;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
"""


def warm_up() -> None:
    """Import every stage and load its tables now: a process that forks workers afterwards shares
    them (copy-on-write) instead of each worker loading its own."""
    parse_text(_WARM_UP_TEXT)


def parse_bytes(data: bytes, source_path: str | None = None, limits=None) -> Directive:
    """Decode (format and encoding by content), then parse. `limits`: a `readers.Limits`."""
    from .readers import DEFAULT_LIMITS, decode_document

    decoded = decode_document(data, name=source_path, limits=limits or DEFAULT_LIMITS)
    directive = parse_text(decoded.text, source_path=source_path)
    return directive.model_copy(
        update={
            "source_sha256": hashlib.sha256(data).hexdigest(),
            "source_format": decoded.format,
            "source_encoding": decoded.encoding,
            "warnings": [*decoded.warnings, *directive.warnings],
        }
    )


def parse_file(path: str | os.PathLike, root: str | os.PathLike | None = None, limits=None) -> Directive:
    """Parse one file; `source_path` is relative to `root` when given. `limits`: a `readers.Limits`
    (bytes, inflated size, seconds); a file past one raises `LimitExceeded` naming it."""
    from .readers import DEFAULT_LIMITS, read_file

    path = Path(path)
    shown = str(path.relative_to(root)) if root else path.name
    data = read_file(path, limits or DEFAULT_LIMITS)
    return parse_bytes(data, source_path=shown, limits=limits)


def parse_folder(folder: str | os.PathLike) -> Iterator[Directive]:
    """Parse every supported file below `folder`, in sorted path order."""
    from .readers import iter_input_files

    for path in iter_input_files(folder):
        yield parse_file(path, root=folder)


__all__ = ["parse_text", "parse_bytes", "parse_file", "parse_folder", "PARSER_VERSION"]
