"""Records → tables: the six Parquet tables of a dataset, and JSON lines.

A dataset is a folder with one file per table, joined by `doc_id`:

    out/documents.parquet    one row per document; an attachment is a row of its own
    out/tasks.parquet        one row per task, with the assignees it inherits
    out/assignments.parquet  one row per (task, body) named in the task itself
    out/deadlines.parquet    one row per deadline
    out/references.parquet   one row per distinct cited document
    out/errors.parquet       one row per input that could not be parsed (keyed by path)

Every table has an explicit Arrow schema (`TABLE_SCHEMAS`) and carries
`SCHEMA_VERSION` and the parser version in its file metadata. Files are
written under a temporary name and renamed when complete, so a reader sees
either the old file or the new one, never a half-written one. Rows are
flushed as row groups every few hundred documents, so memory does not grow
with the size of the run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Iterable, Mapping, Union

import pyarrow as pa
import pyarrow.parquet as pq

from .records import SCHEMA_VERSION, Directive
from . import version

TABLES = ("documents", "tasks", "assignments", "deadlines", "references", "errors")

_SPAN = [("span_start", pa.int32()), ("span_end", pa.int32())]

TABLE_SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("doc_id", pa.string()),
            ("parent_doc_id", pa.string()),
            ("source_path", pa.string()),
            ("source_sha256", pa.string()),
            ("parser_version", pa.string()),
            ("form", pa.string()),
            ("issuer_name", pa.string()),
            ("issuer_parent", pa.string()),
            ("issuer_canonical", pa.string()),
            ("issuer_level", pa.string()),
            ("issuer_branch", pa.string()),
            ("number", pa.string()),
            ("symbol", pa.string()),
            ("doc_type", pa.string()),
            ("place", pa.string()),
            ("issued_date", pa.date32()),
            ("subject", pa.string()),
            ("recipients", pa.list_(pa.string())),
            ("cc", pa.list_(pa.struct([("body", pa.string()), ("purpose", pa.string())]))),
            ("signatory_authority", pa.string()),
            ("signatory_on_behalf_of", pa.string()),
            ("signatory_titles", pa.list_(pa.string())),
            ("signatory_name", pa.string()),
            ("copy_of_kind", pa.string()),
            ("copy_of_number", pa.string()),
            ("copy_of_symbol", pa.string()),
            ("copy_of_issuer", pa.string()),
            ("copy_of_issued_date", pa.date32()),
            ("copy_of_signer", pa.string()),
            ("task_count", pa.int32()),
            ("attachment_count", pa.int32()),
            ("warnings", pa.list_(pa.string())),
            ("source_format", pa.string()),
            ("source_encoding", pa.string()),
            ("spans", pa.list_(pa.struct([("field", pa.string()), ("start", pa.int32()), ("end", pa.int32())]))),
            ("text", pa.large_string()),
        ]
    ),
    "tasks": pa.schema(
        [
            ("doc_id", pa.string()),
            ("task_id", pa.string()),
            ("parent_id", pa.string()),
            ("position", pa.int32()),
            ("text", pa.string()),
            *_SPAN,
            ("effective_assignees", pa.list_(pa.string())),
        ]
    ),
    "assignments": pa.schema(
        [
            ("doc_id", pa.string()),
            ("task_id", pa.string()),
            ("body", pa.string()),
            ("body_canonical", pa.string()),
            ("role", pa.string()),
            *_SPAN,
        ]
    ),
    "deadlines": pa.schema(
        [
            ("doc_id", pa.string()),
            ("task_id", pa.string()),
            ("kind", pa.string()),
            ("date", pa.date32()),
            ("end", pa.date32()),
            ("time", pa.string()),
            ("raw", pa.string()),
            *_SPAN,
        ]
    ),
    "references": pa.schema(
        [
            ("doc_id", pa.string()),
            ("type", pa.string()),
            ("number", pa.string()),
            ("symbol", pa.string()),
            ("date", pa.date32()),
            ("issuer", pa.string()),
            ("raw", pa.string()),
            *_SPAN,
            ("mention_count", pa.int32()),
        ]
    ),
    "errors": pa.schema(
        [
            ("path", pa.string()),
            ("stage", pa.string()),
            ("error_type", pa.string()),
            ("message", pa.string()),
        ]
    ),
}

Rows = dict[str, list[dict]]


@dataclass(frozen=True)
class ErrorRow:
    """An input that could not be parsed: one row of the `errors` table.

    >>> ErrorRow("scans/cv-12.pdf", "read", "UnsupportedInput", "PDF without a text layer")
    """

    path: str
    stage: str
    error_type: str
    message: str


ParseResult = Union[Directive, ErrorRow]


def _iso_date(value: str | None) -> dt.date | None:
    """`"2021-11-02"` → date; anything that is not a real calendar day → None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _span_columns(span) -> dict:
    return {"span_start": span[0] if span else None, "span_end": span[1] if span else None}


def fallback_doc_id(directive: Directive) -> str:
    """The id used when the parser left `doc_id` empty: a hash of the text (stable, from the content)."""
    return hashlib.sha256(directive.text.encode("utf-8")).hexdigest()[:16]


def effective_assignees(directive: Directive) -> dict[str, list[str]]:
    """Task id → the bodies that act on it: its own assignees, else those of the nearest ancestor that has some.

    A sub-item `2/a` under `2. Phòng Y tế quận chủ trì …` that names nobody is Phòng Y tế's task.
    """
    own = {task.id: [a.body for a in task.assignees] for task in directive.tasks}
    parents = {task.id: task.parent for task in directive.tasks}
    result: dict[str, list[str]] = {}
    for task in directive.tasks:
        current, seen = task.id, set()
        while current is not None and current not in seen and not own.get(current):
            seen.add(current)
            current = parents.get(current)
        result[task.id] = list(own.get(current, [])) if current is not None else []
    return result


def directive_to_rows(directive: Directive, parent_doc_id: str | None = None) -> Rows:
    """One directive (and its attachments, recursively) → rows for each table.

    >>> rows = directive_to_rows(parse_text(letter))
    >>> rows["tasks"][0]["task_id"], rows["tasks"][0]["effective_assignees"]
    ('1', ['Công an Quận'])
    """
    rows: Rows = {name: [] for name in TABLES}
    doc_id = directive.doc_id or fallback_doc_id(directive)
    issuer, signatory, copy_of = directive.issuer, directive.signatory, directive.copy_of
    rows["documents"].append(
        {
            "doc_id": doc_id,
            "parent_doc_id": parent_doc_id,
            "source_path": directive.source_path,
            "source_sha256": directive.source_sha256,
            "parser_version": directive.parser_version,
            "form": directive.form,
            "issuer_name": issuer.name,
            "issuer_parent": issuer.parent,
            "issuer_canonical": issuer.canonical,
            "issuer_level": issuer.level,
            "issuer_branch": issuer.branch,
            "number": directive.number,
            "symbol": directive.symbol,
            "doc_type": directive.doc_type,
            "place": directive.place,
            "issued_date": _iso_date(directive.issued_date),
            "subject": directive.subject,
            "recipients": list(directive.recipients),
            "cc": [{"body": c.body, "purpose": c.purpose} for c in directive.cc],
            "signatory_authority": signatory.authority if signatory else None,
            "signatory_on_behalf_of": signatory.on_behalf_of if signatory else None,
            "signatory_titles": list(signatory.titles) if signatory else [],
            "signatory_name": signatory.name if signatory else None,
            "copy_of_kind": copy_of.kind if copy_of else None,
            "copy_of_number": copy_of.number if copy_of else None,
            "copy_of_symbol": copy_of.symbol if copy_of else None,
            "copy_of_issuer": copy_of.issuer if copy_of else None,
            "copy_of_issued_date": _iso_date(copy_of.issued_date) if copy_of else None,
            "copy_of_signer": copy_of.signer if copy_of else None,
            "task_count": len(directive.tasks),
            "attachment_count": len(directive.attachments),
            "warnings": list(directive.warnings),
            "source_format": directive.source_format,
            "source_encoding": directive.source_encoding,
            "spans": [{"field": k, "start": v[0], "end": v[1]} for k, v in sorted(directive.spans.items())],
            "text": directive.text,
        }
    )
    inherited = effective_assignees(directive)
    for position, task in enumerate(directive.tasks):
        rows["tasks"].append(
            {
                "doc_id": doc_id,
                "task_id": task.id,
                "parent_id": task.parent,
                "position": position,
                "text": task.text,
                **_span_columns(task.span),
                "effective_assignees": inherited[task.id],
            }
        )
        for a in task.assignees:
            rows["assignments"].append(
                {
                    "doc_id": doc_id,
                    "task_id": task.id,
                    "body": a.body,
                    "body_canonical": a.body_canonical,
                    "role": a.role,
                    **_span_columns(a.span),
                }
            )
        for d in task.deadlines:
            rows["deadlines"].append(
                {
                    "doc_id": doc_id,
                    "task_id": task.id,
                    "kind": d.kind,
                    "date": _iso_date(d.date),
                    "end": _iso_date(d.end),
                    "time": d.time,
                    "raw": d.raw,
                    **_span_columns(d.span),
                }
            )
    for ref in directive.references:
        rows["references"].append(
            {
                "doc_id": doc_id,
                "type": ref.type,
                "number": ref.number,
                "symbol": ref.symbol,
                "date": _iso_date(ref.date),
                "issuer": ref.issuer,
                "raw": ref.raw,
                **_span_columns(ref.span),
                "mention_count": max(len(ref.mentions), 1),
            }
        )
    for attachment in directive.attachments:
        merge_rows(rows, directive_to_rows(attachment, parent_doc_id=doc_id))
    return rows


def error_to_rows(error: ErrorRow) -> Rows:
    rows: Rows = {name: [] for name in TABLES}
    rows["errors"].append(asdict(error))
    return rows


def result_to_rows(result: ParseResult) -> Rows:
    """A parse result, success or failure, as table rows."""
    if isinstance(result, ErrorRow):
        return error_to_rows(result)
    return directive_to_rows(result)


def merge_rows(into: Rows, more: Mapping[str, list[dict]]) -> Rows:
    for name, table_rows in more.items():
        into.setdefault(name, []).extend(table_rows)
    return into


def table_metadata(table: str, extra: Mapping[str, str] | None = None) -> dict[bytes, bytes]:
    meta = {
        "directive_parser.schema_version": SCHEMA_VERSION,
        "directive_parser.parser_version": version.PARSER_VERSION,
        "directive_parser.table": table,
        **(extra or {}),
    }
    return {k.encode(): str(v).encode() for k, v in meta.items()}


def rows_to_table(name: str, rows: list[dict], schema: pa.Schema | None = None) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema or TABLE_SCHEMAS[name])


def temporary_name(path: Path) -> Path:
    """`out/tasks.parquet` → `out/tasks.parquet.tmp-4242`: never read as a table, renamed when complete."""
    return path.with_name(f"{path.name}.tmp-{os.getpid()}")


def remove_stale_temporaries(folder: Path) -> None:
    """Delete `*.tmp-<pid>` files a killed run left behind (their pid no longer runs)."""
    for leftover in folder.glob("*.tmp-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _pid_alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class DatasetWriter:
    """Streams rows into the six tables of `out_dir`, flushing a row group every `flush_every` documents.

    Use as a context manager: the files appear under their final names only when
    the block ends without an exception; otherwise the temporaries are removed.

    >>> with DatasetWriter(Path("out")) as writer:
    ...     for result in results:
    ...         writer.add(result)
    """

    def __init__(self, out_dir: Path, flush_every: int = 500, metadata: Mapping[str, str] | None = None):
        self.out_dir = Path(out_dir)
        self.flush_every = flush_every
        self.metadata = dict(metadata or {})
        self.counts = {name: 0 for name in TABLES}
        self._pending: Rows = {name: [] for name in TABLES}
        self._pending_docs = 0
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._closed = False

    def final_path(self, table: str) -> Path:
        return self.out_dir / f"{table}.parquet"

    def _writer(self, table: str) -> pq.ParquetWriter:
        if table not in self._writers:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            schema = TABLE_SCHEMAS[table].with_metadata(table_metadata(table, self.metadata))
            self._writers[table] = pq.ParquetWriter(
                temporary_name(self.final_path(table)), schema, compression="zstd"
            )
        return self._writers[table]

    def add(self, result: ParseResult) -> None:
        self.add_rows(result_to_rows(result))

    def add_rows(self, rows: Mapping[str, list[dict]]) -> None:
        merge_rows(self._pending, rows)
        self._pending_docs += 1
        if self._pending_docs >= self.flush_every:
            self.flush()

    def add_table(self, table: str, data: pa.Table) -> None:
        """Append rows already in Arrow form (the refresh rebuild), cast to the table's schema."""
        if data.num_rows:
            data = data.select(TABLE_SCHEMAS[table].names).cast(TABLE_SCHEMAS[table])
            self._writer(table).write_table(data)
            self.counts[table] += data.num_rows

    def flush(self) -> None:
        for table, table_rows in self._pending.items():
            if table_rows:
                self._writer(table).write_table(rows_to_table(table, table_rows))
                self.counts[table] += len(table_rows)
                table_rows.clear()
        self._pending_docs = 0

    def commit(self) -> None:
        """Flush, close, and move every table to its final name (empty tables too: the schema is the contract)."""
        self.flush()
        for table in TABLES:
            self._writer(table)
        for writer in self._writers.values():
            writer.close()
        for table in TABLES:
            os.replace(temporary_name(self.final_path(table)), self.final_path(table))
        self._closed = True

    def abort(self) -> None:
        for table, writer in self._writers.items():
            try:
                writer.close()
            finally:
                temporary_name(self.final_path(table)).unlink(missing_ok=True)
        self._closed = True

    def __enter__(self) -> "DatasetWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._closed:
            return
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def write_dataset(results: Iterable[ParseResult], out_dir: Path, flush_every: int = 500) -> dict[str, int]:
    """Write parse results as the six tables of `out_dir`; returns the row count per table."""
    with DatasetWriter(out_dir, flush_every=flush_every) as writer:
        for result in results:
            writer.add(result)
    return writer.counts


def write_jsonl(directives: Iterable[Directive], stream: IO[str]) -> int:
    """One Directive JSON object per line (UTF-8, unescaped); returns the number of lines."""
    count = 0
    for directive in directives:
        stream.write(directive.model_dump_json())
        stream.write("\n")
        count += 1
    return count


def read_dataset(out_dir: Path) -> dict[str, pa.Table]:
    """The six tables of a dataset folder, as Arrow tables (for tests, comparison and small datasets)."""
    return {table: pq.read_table(Path(out_dir) / f"{table}.parquet") for table in TABLES}
