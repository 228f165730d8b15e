"""A stand-in parser for the batch, output and refresh tests: fast, deterministic, and able to fail.

It reads a file the way `parse_file` does (bytes → text, `source_path` relative to the root,
`doc_id` and `source_sha256` from the content) and turns `1.`/`1.1.`/`-` lines into tasks, so the
tests exercise the real row building without depending on the real parser being finished.
Markers in the text steer it: `@@SLOW` sleeps 30 s, `@@BUG` raises, `@@SLEEP` sleeps 0.05 s,
`@@ATTACH` starts an attached copy (everything after it).
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

from directive_parser import version
from directive_parser.records import Assignee, CopyMark, Directive, Task

_ITEM = re.compile(r"^(\d+(?:\.\d+)*)\.\s+(.*)$")
_BULLET = re.compile(r"^-\s+(.*)$")
_LEAD = re.compile(r"^(Phòng [^,.;]+?|Công an [^,.;]+?|UBND [^,.;]+?) chủ trì")


def tasks_from_text(text: str) -> list[Task]:
    """`1. Phòng Y tế chủ trì …` / `1.1. …` / `- …` lines → a task tree with ids as RECORDS.md spells them."""
    tasks: list[Task] = []
    current_item: str | None = None
    bullets = 0
    for line in text.splitlines():
        line = line.strip()
        item, bullet = _ITEM.match(line), _BULLET.match(line)
        if item:
            label, body = item.groups()
            parent = label.rsplit(".", 1)[0] if "." in label else None
            task_id = f"{parent}/{label}" if parent else label
            current_item, bullets = task_id, 0
        elif bullet and current_item:
            bullets += 1
            body, parent, task_id = bullet.group(1), current_item, f"{current_item}/-{bullets}"
        else:
            continue
        lead = _LEAD.match(body)
        assignees = [Assignee(body=lead.group(1), role="lead")] if lead else []
        tasks.append(Task(id=task_id, parent=parent, text=body, assignees=assignees))
    return tasks


def directive_from_text(text: str, source_path: str | None = None) -> Directive:
    main, _, attached = text.partition("@@ATTACH")
    attachments = []
    if attached:
        copy = Directive(text=attached, tasks=tasks_from_text(attached), copy_of=CopyMark(kind="SAO LỤC"),
                         doc_id=hashlib.sha256(attached.encode()).hexdigest()[:16])
        attachments.append(copy)
    return Directive(
        source_path=source_path,
        text=text,
        tasks=tasks_from_text(main),
        attachments=attachments,
        doc_id=hashlib.sha256(text.encode()).hexdigest()[:16],
        parser_version=version.PARSER_VERSION,
    )


def fake_parse(path: str, root: str) -> Directive:
    data = Path(path).read_bytes()
    text = data.decode("utf-8")
    if "@@BUG" in text:
        raise ValueError("a bug in the parser")
    if "@@SLOW" in text:
        time.sleep(30)
    if "@@SLEEP" in text:
        time.sleep(0.05)
    directive = directive_from_text(text, os.path.relpath(path, root))
    return directive.model_copy(update={"source_sha256": hashlib.sha256(data).hexdigest()})


def write_corpus(folder: Path, docs: dict[str, str]) -> Path:
    for name, text in docs.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def letter(n: int, extra: str = "") -> str:
    """A small công văn with two items, one bullet under the first, and a different number each time."""
    return (
        f"ỦY BAN NHÂN DÂN\nXÃ TÂN PHÚ\nSố: {n}/UBND-VP\n\n"
        f"1. Phòng Văn hóa chủ trì tuyên truyền đợt {n}.\n- Treo băng rôn tại trụ sở.\n"
        f"2. Công an xã chủ trì bảo đảm an ninh.\n{extra}\n"
    )


def real_parser_problem() -> str | None:
    """Why the real parser cannot run yet (a stage module still missing), or None when it parses a seed."""
    from directive_parser.pipeline import parse_file

    seed = sorted((Path(__file__).resolve().parents[1] / "corpus" / "seeds").glob("*.txt"))[0]
    try:
        parse_file(seed)
    except ImportError as exc:
        return f"the real parser is not complete yet: {exc}"
    except Exception:
        return None  # a bug, not a missing stage: let the end-to-end test fail and show it
    return None
