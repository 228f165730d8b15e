"""Records → tables: the six Parquet tables of a dataset, and JSON lines.

A dataset is a folder with one folder per table, joined by `doc_id`; each table is a
pyarrow dataset of one or more Parquet parts:

    out/documents/part-*.parquet    one row per document; an attachment is a row of its own
    out/tasks/part-*.parquet        one row per task, with the assignees it inherits
    out/assignments/part-*.parquet  one row per (task, body) named in the task itself
    out/deadlines/part-*.parquet    one row per deadline
    out/references/part-*.parquet   one row per distinct cited document
    out/errors/part-*.parquet       one row per input that could not be parsed (keyed by path)
    out/manifest.json               the part files of each table (`tables`), written last

Every part has the table's explicit Arrow schema (`TABLE_SCHEMAS`) and carries
`SCHEMA_VERSION` and the parser version in its file metadata. Parts are written
under a hidden temporary name (`.part-….parquet.tmp-<pid>`, which pyarrow's folder
discovery skips) and renamed when complete; the manifest naming the new parts is
renamed into place after them, and only then are parts it does not name deleted.
`read_dataset` follows the manifest, so it never sees a half-written dataset; see
docs/refresh.md for the reader contract. Rows are flushed as row groups every few
hundred documents, so memory does not grow with the size of the run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import time
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


def table_metadata(table: str) -> dict[bytes, bytes]:
    meta = {
        "directive_parser.schema_version": SCHEMA_VERSION,
        "directive_parser.parser_version": version.PARSER_VERSION,
        "directive_parser.table": table,
    }
    return {k.encode(): str(v).encode() for k, v in meta.items()}


def rows_to_table(name: str, rows: list[dict], schema: pa.Schema | None = None) -> pa.Table:
    # Column lists and `from_pydict`: the same table as `from_pylist(rows)`, about 15x faster,
    # which matters because the parent process builds every table of a parallel run.
    schema = schema or TABLE_SCHEMAS[name]
    return pa.Table.from_pydict({c: [row.get(c) for row in rows] for c in schema.names}, schema=schema)


def skip_pandas_probe() -> None:
    """Keep pyarrow from importing pandas (a quarter of a second) on its first conversion of
    Python values, in a process that never gives pyarrow a pandas object: the command line.

    pyarrow asks once per process whether pandas can be imported, only to recognise pandas
    objects passed to `pa.array` (our rows are plain lists and dicts). Asked once with pandas
    hidden, it answers "no pandas" from then on; `Table.to_pandas()` still imports it on demand.
    Nothing to do when pandas is already imported (asking is then free)."""
    if "pandas" in sys.modules:
        return
    sys.meta_path.insert(0, _NoPandas)
    try:
        pa.array([], type=pa.null())
    finally:
        sys.meta_path.remove(_NoPandas)


class _NoPandas:
    """An import hook under which `import pandas` fails as if it were not installed."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "pandas":
            raise ModuleNotFoundError("hidden from pyarrow's probe", name=name)
        return None


# --- files: parts, temporaries, the manifest -----------------------------------------------------

MANIFEST = "manifest.json"
PART_GLOB = "part-*.parquet"
# zstd level 1: the same size as the default level on these tables, a fifth faster to write.
_PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 1}
# Dictionary encoding only for the columns that take a few values (codes, kinds, roles). On texts,
# ids and names it made parts no smaller under zstd and cost 10-45% more time to encode.
_DICTIONARY_COLUMNS = frozenset({
    "parser_version", "form", "issuer_level", "issuer_branch", "doc_type", "copy_of_kind",
    "source_format", "source_encoding", "role", "kind", "type", "stage", "error_type",
})


def part_path(out_dir: Path, table: str, name: str) -> Path:
    """`(out, "tasks", "part-0001.parquet")` → `out/tasks/part-0001.parquet`."""
    return Path(out_dir) / table / name


def temporary_name(path: Path) -> Path:
    """`out/tasks/part-7.parquet` → `out/tasks/.part-7.parquet.tmp-4242`: hidden from pyarrow's folder
    discovery (it skips names starting with '.'), renamed when complete."""
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def remove_stale_temporaries(folder: Path) -> None:
    """Delete `.*.tmp-<pid>` files a killed run left behind (their pid no longer runs), in the
    dataset folder and its table folders."""
    folder = Path(folder)
    for place in (folder, *(folder / t for t in TABLES)):
        for leftover in place.glob(".*.tmp-*"):
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


def fsync_path(path: Path) -> None:
    """Flush a file's data (or a folder's entries, after renames in it) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _part_writer(path: Path, table: str) -> pq.ParquetWriter:
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = TABLE_SCHEMAS[table].with_metadata(table_metadata(table))
    dictionary = [name for name in schema.names if name in _DICTIONARY_COLUMNS]
    return pq.ParquetWriter(temporary_name(path), schema, use_dictionary=dictionary, **_PARQUET_OPTIONS)


def _publish(path: Path) -> None:
    """Move a complete temporary part to its final name. Not fsynced one by one: `write_manifest`
    flushes every part to disk in one call before the manifest names them."""
    os.replace(temporary_name(path), path)


def write_part(out_dir: Path, table: str, name: str, data: pa.Table) -> None:
    """Write one complete part (Arrow rows cast to the table's schema) under `name`, atomically."""
    path = part_path(out_dir, table, name)
    schema = TABLE_SCHEMAS[table]
    writer = _part_writer(path, table)
    try:
        if data.num_rows:
            data = data.select(schema.names)
            # A cast only when a type differs: it would import pyarrow.compute, 0.05 s of a small run.
            writer.write_table(data if data.schema.equals(schema) else data.cast(schema))
    finally:
        writer.close()
    _publish(path)


def read_manifest(out_dir: Path) -> dict | None:
    """The dataset's manifest as a dict, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_manifest(out_dir: Path, tables: Mapping[str, list[str]], files: Iterable[dict] = (),
                   generation: str | None = None) -> None:
    """Write the manifest under a temporary name, fsync, rename: the commit point of a run.

    `tables` names each table's current part files; `files` are refresh's per-file entries
    (empty for `parse --out`), one per line so two nights' manifests diff well."""
    path = Path(out_dir) / MANIFEST
    # The parts the manifest will name must be on disk first (against a power cut; a killed process
    # loses nothing already written). One sync for all of them costs less than an fsync per part.
    os.sync()
    header = {"schema_version": SCHEMA_VERSION, "parser_version": version.PARSER_VERSION,
              "generation": generation or new_generation()}
    tmp = temporary_name(path)
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(header, ensure_ascii=False)[:-1] + ',\n "tables": {\n')
        handle.write(",\n".join(f"  {json.dumps(t)}: {json.dumps(list(tables[t]))}" for t in TABLES))
        handle.write('\n },\n "files": [')
        separator = "\n"  # one entry per line, written as it comes: no 100,000-entry string in memory
        for entry in files:
            handle.write(separator + json.dumps(entry, ensure_ascii=False))
            separator = ",\n"
        handle.write("\n]}\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fsync_path(path.parent)


def new_generation() -> str:
    return f"{time.time_ns()}-{os.getpid()}"


def listed_parts(manifest: Mapping | None, table: str) -> list[str] | None:
    tables = (manifest or {}).get("tables")
    return list(tables[table]) if isinstance(tables, dict) and table in tables else None


def remove_unlisted_parts(out_dir: Path, tables: Mapping[str, list[str]]) -> int:
    """After the manifest is in place: delete parts it does not name, and tables of the old
    one-file layout (`out/tasks.parquet`). Returns the number of files removed."""
    removed = 0
    for table in TABLES:
        keep = set(tables[table])
        for part in (Path(out_dir) / table).glob(PART_GLOB):
            if part.name not in keep:
                part.unlink(missing_ok=True)
                removed += 1
        (Path(out_dir) / f"{table}.parquet").unlink(missing_ok=True)
    return removed


def commit_dataset(out_dir: Path, tables: Mapping[str, list[str]], files: Iterable[dict] = (),
                   generation: str | None = None) -> int:
    """The end of every run: manifest (the commit point), then the parts it replaced go."""
    write_manifest(out_dir, tables, files, generation)
    return remove_unlisted_parts(out_dir, tables)


class DatasetWriter:
    """Streams rows into the six tables of `out_dir`, a row group every `flush_every` documents and a
    new part every `part_docs` documents.

    Use as a context manager: the parts get their final names and the manifest naming them is
    written only when the block ends without an exception; otherwise the temporaries are removed
    and the previous dataset stays as it was.

    >>> with DatasetWriter(Path("out")) as writer:
    ...     for result in results:
    ...         writer.add(result)
    """

    def __init__(self, out_dir: Path, flush_every: int = 500, part_docs: int = 20_000):
        self.out_dir = Path(out_dir)
        self.flush_every, self.part_docs = flush_every, max(part_docs, flush_every)
        self.generation = new_generation()
        self.counts = {name: 0 for name in TABLES}
        self.parts: dict[str, list[str]] = {name: [] for name in TABLES}
        self._pending: Rows = {name: [] for name in TABLES}
        self._pending_docs = self._part_docs_written = self._part_number = 0
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._closed = False

    def _part_name(self) -> str:
        return f"part-{self.generation}-{self._part_number:05d}.parquet"

    def _writer(self, table: str) -> pq.ParquetWriter:
        if table not in self._writers:
            name = self._part_name()
            self._writers[table] = _part_writer(part_path(self.out_dir, table, name), table)
            self.parts[table].append(name)
        return self._writers[table]

    def add(self, result: ParseResult) -> None:
        self.add_rows(result_to_rows(result))

    def add_rows(self, rows: Mapping[str, list[dict]]) -> None:
        merge_rows(self._pending, rows)
        self._pending_docs += 1
        if self._pending_docs >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        for table, table_rows in self._pending.items():
            if table_rows:
                self._writer(table).write_table(rows_to_table(table, table_rows))
                self.counts[table] += len(table_rows)
                table_rows.clear()
        self._part_docs_written += self._pending_docs
        self._pending_docs = 0
        if self._part_docs_written >= self.part_docs:  # the next rows start new parts
            self._close_writers()
            self._part_number += 1
            self._part_docs_written = 0

    def _close_writers(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()

    def commit(self) -> None:
        """Flush, close, give every part its final name (an empty table gets one empty part: the
        schema is the contract), then commit the manifest and drop the previous dataset's parts."""
        self.flush()
        for table in TABLES:
            if not self.parts[table]:
                self._writer(table)
        self._close_writers()
        for table, names in self.parts.items():
            for name in names:
                _publish(part_path(self.out_dir, table, name))
        commit_dataset(self.out_dir, self.parts, generation=self.generation)
        self._closed = True

    def abort(self) -> None:
        try:
            self._close_writers()
        finally:
            for table, names in self.parts.items():
                for name in names:
                    temporary_name(part_path(self.out_dir, table, name)).unlink(missing_ok=True)
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


def write_dataset(results: Iterable[ParseResult], out_dir: Path, flush_every: int = 500,
                  part_docs: int = 20_000) -> dict[str, int]:
    """Write parse results as the six tables of `out_dir`; returns the row count per table."""
    with DatasetWriter(out_dir, flush_every=flush_every, part_docs=part_docs) as writer:
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


def table_part_paths(out_dir: Path, table: str, manifest: Mapping | None = None) -> list[Path]:
    """The part files of one table: those the manifest names, else every part in its folder."""
    names = listed_parts(manifest if manifest is not None else read_manifest(out_dir), table)
    if names is None:
        return sorted((Path(out_dir) / table).glob(PART_GLOB))
    return [part_path(out_dir, table, name) for name in names]


def read_table(out_dir: Path, table: str, manifest: Mapping | None = None) -> pa.Table:
    """One table of a dataset folder, following its manifest (the reader contract of docs/refresh.md).

    >>> read_table("out", "tasks").num_rows
    """
    paths = table_part_paths(out_dir, table, manifest)
    parts = [pq.read_table(p) for p in paths]
    if not parts:
        return TABLE_SCHEMAS[table].with_metadata(table_metadata(table)).empty_table()
    return pa.concat_tables(parts) if len(parts) > 1 else parts[0]


def read_dataset(out_dir: Path) -> dict[str, pa.Table]:
    """The six tables of a dataset folder, as Arrow tables, all from one manifest (one generation)."""
    manifest = read_manifest(out_dir)
    return {table: read_table(out_dir, table, manifest) for table in TABLES}
