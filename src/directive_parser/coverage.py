"""Field coverage over a folder without gold: how often each field is found.

    directive-parser coverage /path/to/real/docs

Every file must parse into a valid record; a file that does not is counted and
named. This is how the parser is checked on real corpora that have no gold.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .pipeline import parse_file
from .readers import iter_input_files
from .records import Directive

FIELDS = {
    "form known": lambda d: d.form != "unknown",
    "issuer.name": lambda d: d.issuer.name,
    "issuer.parent": lambda d: d.issuer.parent,
    "number": lambda d: d.number,
    "symbol": lambda d: d.symbol,
    "doc_type": lambda d: d.doc_type,
    "place": lambda d: d.place,
    "issued_date": lambda d: d.issued_date,
    "subject": lambda d: d.subject,
    "recipients": lambda d: d.recipients,
    "tasks": lambda d: d.tasks,
    "assignees": lambda d: any(t.assignees for t in d.tasks),
    "deadlines": lambda d: any(t.deadlines for t in d.tasks),
    "references": lambda d: d.references,
    "cc": lambda d: d.cc,
    "signatory.name": lambda d: d.signatory and d.signatory.name,
    "attachments": lambda d: d.attachments,
}


@dataclass
class Coverage:
    documents: int = 0
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, d: Directive) -> None:
        self.documents += 1
        for name, test in FIELDS.items():
            self.found[name] += bool(test(d))

    def render(self) -> str:
        n = max(self.documents, 1)
        rows = [f"{self.documents} documents parsed, {len(self.failures)} failed, "
                f"{self.seconds:.1f} s ({self.documents / max(self.seconds, 1e-9):.1f} docs/s)",
                f"{'field':20s} {'found':>6s} {'share':>6s}"]
        rows += [f"{name:20s} {count:6d} {count / n:6.0%}" for name, count in self.found.items()]
        rows += [f"FAILED {path}: {message}" for path, message in self.failures]
        return "\n".join(rows)


def coverage_of(paths: list[Path]) -> Coverage:
    cov = Coverage()
    start = time.perf_counter()
    for root in paths:
        files = [root] if root.is_file() else list(iter_input_files(root))
        for path in files:
            try:
                cov.add(parse_file(path, root=root if root.is_dir() else path.parent))
            except InputError as exc:
                cov.failures.append((str(path), str(exc)))
            except Exception as exc:  # a bug: name the file, keep going
                cov.failures.append((str(path), f"{type(exc).__name__}: {exc}"))
    cov.seconds = time.perf_counter() - start
    return cov
