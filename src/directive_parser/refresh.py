"""The nightly refresh: keep a dataset in step with a corpus folder, parsing only what changed.

    directive-parser refresh /data/directives --out /data/dataset

Layout of the dataset folder:

    documents.parquet … errors.parquet   the six tables (see output.py)
    manifest.json                        one entry per corpus file: path, size, mtime_ns, sha256,
                                         parser_version, status, time, doc_ids, key
    .store/seg-<ns>-<pid>/               parsed results, one folder per batch of documents:
                                         keys.arrow + one <table>.arrow per table, every row keyed by
                                         `_key` = hash(path, sha256, parser_version)

How it stays safe when killed at any moment (kill -9):
- Parsed results go to the store first. A segment is written in a `.tmp-<pid>` folder and renamed
  into place, so a segment is either complete or absent; work already stored is never parsed again.
- The six tables are then rebuilt from the store for exactly the keys of the new manifest (no
  reparsing: the stored Arrow rows are filtered and concatenated), written under temporary names,
  renamed, and the manifest is renamed LAST. Until then the old manifest describes the old tables.
- A rerun compares the corpus with whichever manifest is in place, finds every result it needs in the
  store, and rebuilds; a key stored twice (a crash during compaction) is taken from one segment only.
  So each document ends up in the tables exactly once.
- Segments no longer referenced by the manifest are deleted only after the manifest is in place.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Iterable, Optional

import pyarrow as pa
import pyarrow.compute as pc

from .batch import Outcome, ParseFunction, ProgressReport, WorkItem, consume, iter_input_files, iter_outcomes
from .output import TABLES, TABLE_SCHEMAS, DatasetWriter, _pid_alive, remove_stale_temporaries, temporary_name
from .records import SCHEMA_VERSION
from . import version

MANIFEST = "manifest.json"
STORE = ".store"
KEY = "_key"
KEYS_SCHEMA = pa.schema(
    [(KEY, pa.string()), ("path", pa.string()), ("status", pa.string()),
     ("doc_ids", pa.list_(pa.string())), ("seconds", pa.float64())]
)
_IPC_OPTIONS = pa.ipc.IpcWriteOptions(compression="lz4")


@dataclass(frozen=True)
class ManifestEntry:
    """What the dataset holds for one corpus file."""

    path: str  # relative to the corpus folder, as in documents.source_path
    size: int
    mtime_ns: int
    sha256: str
    parser_version: str
    status: str  # "parsed" or "error"
    time: float  # seconds its parse took
    doc_ids: list[str]
    key: str  # where its rows live in the store


def result_key(path: str, sha256: str, parser_version: str) -> str:
    """The store key of one parse: the same file content at the same path with the same parser."""
    return hashlib.sha256(f"{path}\0{sha256}\0{parser_version}".encode("utf-8")).hexdigest()[:32]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_manifest(out: Path) -> dict[str, ManifestEntry]:
    """The manifest's entries by path; empty when there is none (first run) or it cannot be read."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return {e["path"]: ManifestEntry(**e) for e in data["files"]}
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return {}


def write_manifest(out: Path, entries: Iterable[ManifestEntry], generation: str) -> None:
    """Write the manifest under a temporary name, fsync, rename: the commit point of a refresh."""
    path = out / MANIFEST
    header = {"schema_version": SCHEMA_VERSION, "parser_version": version.PARSER_VERSION, "generation": generation}
    tmp = temporary_name(path)
    with open(tmp, "w", encoding="utf-8") as handle:
        # One entry per line: readable, and diffable between two nights.
        handle.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "files": [\n')
        handle.write(",\n".join(json.dumps(asdict(e), ensure_ascii=False) for e in entries))
        handle.write("\n]}\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


# --- the store -----------------------------------------------------------------------------------


def _store_schema(table: str) -> pa.Schema:
    return pa.schema([(KEY, pa.string()), *TABLE_SCHEMAS[table]])


def _write_ipc(path: Path, table: pa.Table) -> None:
    with pa.ipc.new_file(path, table.schema, options=_IPC_OPTIONS) as writer:
        writer.write_table(table)


def _read_ipc(path: Path, columns: list[str] | None = None) -> pa.Table:
    with pa.memory_map(str(path)) as source:
        table = pa.ipc.open_file(source).read_all()
    return table.select(columns) if columns else table


class SegmentWriter:
    """Collects outcomes and writes them to the store as one segment folder per `segment_docs` files."""

    def __init__(self, store: Path, segment_docs: int = 500):
        self.store, self.segment_docs = store, segment_docs
        self._keys: list[dict] = []
        self._rows: dict[str, list[dict]] = {t: [] for t in TABLES}

    def add(self, key: str, outcome: Outcome) -> None:
        self._keys.append({KEY: key, "path": outcome.path, "status": "error" if outcome.error else "parsed",
                           "doc_ids": outcome.doc_ids, "seconds": round(outcome.seconds, 4)})
        for table, rows in (outcome.rows or {}).items():
            self._rows[table].extend({KEY: key, **row} for row in rows)
        if len(self._keys) >= self.segment_docs:
            self.flush()

    def flush(self) -> None:
        if not self._keys:
            return
        name = f"seg-{time.time_ns():020d}-{os.getpid()}"
        tmp = self.store / f"{name}.tmp-{os.getpid()}"
        tmp.mkdir(parents=True)
        _write_ipc(tmp / "keys.arrow", pa.Table.from_pylist(self._keys, schema=KEYS_SCHEMA))
        for table, rows in self._rows.items():
            _write_ipc(tmp / f"{table}.arrow", pa.Table.from_pylist(rows, schema=_store_schema(table)))
            rows.clear()
        _fsync_dir(tmp)
        os.rename(tmp, self.store / name)  # the segment appears complete, or not at all
        _fsync_dir(self.store)
        self._keys.clear()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def list_segments(store: Path) -> list[Path]:
    if not store.is_dir():
        return []
    return sorted(p for p in store.iterdir() if p.is_dir() and p.name.startswith("seg-") and ".tmp-" not in p.name)


def remove_stale_segment_temporaries(store: Path) -> None:
    if not store.is_dir():
        return
    for leftover in store.glob("seg-*.tmp-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def index_store(store: Path) -> dict[str, tuple[Path, dict]]:
    """key → (the first segment holding it, its keys row). Only the small keys tables are read."""
    index: dict[str, tuple[Path, dict]] = {}
    for segment in list_segments(store):
        for row in _read_ipc(segment / "keys.arrow").to_pylist():
            index.setdefault(row[KEY], (segment, row))
    return index


def rebuild_tables(out: Path, index: dict[str, tuple[Path, dict]], live_keys: set[str], generation: str) -> dict:
    """Write the six tables for exactly `live_keys` from the store (temporary names, then renames)."""
    wanted_by_segment: dict[Path, list[str]] = {}
    for key in live_keys:
        wanted_by_segment.setdefault(index[key][0], []).append(key)
    with DatasetWriter(out, metadata={"directive_parser.generation": generation}) as writer:
        for segment in sorted(wanted_by_segment):
            wanted = pa.array(sorted(wanted_by_segment[segment]), type=pa.string())
            for table in TABLES:
                stored = _read_ipc(segment / f"{table}.arrow")
                writer.add_table(table, stored.filter(pc.is_in(stored[KEY], value_set=wanted)).drop_columns([KEY]))
    return writer.counts


def collect_garbage(store: Path, live_keys: set[str], index: dict[str, tuple[Path, dict]]) -> int:
    """Delete segments none of whose keys the manifest uses (safe only after the manifest is written)."""
    used = {index[k][0] for k in live_keys if k in index}
    removed = 0
    for segment in list_segments(store):
        if segment not in used:
            shutil.rmtree(segment, ignore_errors=True)
            removed += 1
    return removed


# --- the refresh ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A corpus file whose manifest entry cannot be kept as is."""

    item: WorkItem
    rel: str
    size: int
    mtime_ns: int
    sha256: str
    key: str


def plan(corpus: Path, old: dict[str, ManifestEntry]) -> tuple[list[ManifestEntry], list[Candidate]]:
    """Split the corpus into entries kept from the manifest (size and mtime equal, or the same sha256)
    and candidates to take from the store or parse."""
    kept: list[ManifestEntry] = []
    candidates: list[Candidate] = []
    current_version = version.PARSER_VERSION
    for path in iter_input_files(corpus):
        rel = os.path.relpath(path, corpus)
        stat = path.stat()
        entry = old.get(rel)
        if entry and entry.parser_version == current_version and (entry.size, entry.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            kept.append(entry)
            continue
        sha = file_sha256(path)
        if entry and entry.parser_version == current_version and entry.sha256 == sha:
            kept.append(replace(entry, size=stat.st_size, mtime_ns=stat.st_mtime_ns))  # touched, not changed
            continue
        key = result_key(rel, sha, current_version)
        candidates.append(Candidate(WorkItem(str(path), str(corpus)), rel, stat.st_size, stat.st_mtime_ns, sha, key))
    return kept, candidates


def _candidate_from(entry: ManifestEntry, corpus: Path) -> Candidate:
    path = corpus / entry.path
    return Candidate(WorkItem(str(path), str(corpus)), entry.path, entry.size, entry.mtime_ns, entry.sha256, entry.key)


def _entry(c: Candidate, keys_row: dict) -> ManifestEntry:
    return ManifestEntry(
        path=c.rel, size=c.size, mtime_ns=c.mtime_ns, sha256=c.sha256, parser_version=version.PARSER_VERSION,
        status=keys_row["status"], time=keys_row["seconds"], doc_ids=list(keys_row["doc_ids"]), key=c.key,
    )


def _log(message: str) -> None:
    print(f"refresh: {message}", file=sys.stderr, flush=True)


def run_refresh(
    corpus: Path,
    out: Path,
    jobs: int = 0,
    timeout: float | None = 60.0,
    progress: Optional[bool] = None,
    parse: ParseFunction | None = None,
    engine: str = "local",
    segment_docs: int = 500,
) -> int:
    """The `refresh` command. Returns 0 when every file parsed in this run succeeded, 1 when some
    failed (they are rows of `errors`), 2 on a usage error."""
    corpus, out = Path(corpus), Path(out)
    if not corpus.is_dir():
        print(f"error: not a folder: {corpus}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    store = out / STORE
    store.mkdir(exist_ok=True)
    remove_stale_temporaries(out)
    remove_stale_segment_temporaries(store)

    old = load_manifest(out)
    kept, candidates = plan(corpus, old)
    index = index_store(store)
    # An entry whose stored rows are gone (store deleted by hand) cannot be rebuilt: parse it again.
    lost = [e for e in kept if e.key not in index]
    if lost:
        kept = [e for e in kept if e.key in index]
        candidates += [_candidate_from(e, corpus) for e in lost]
        candidates.sort(key=lambda c: c.rel)
    to_parse = [c for c in candidates if c.key not in index]
    live_paths = {e.path for e in kept} | {c.rel for c in candidates}
    deleted = sorted(set(old) - live_paths)
    tables_present = all((out / f"{t}.parquet").exists() for t in TABLES)
    if not candidates and not deleted and tables_present:
        if any(old[e.path] != e for e in kept):
            write_manifest(out, sorted(kept, key=lambda e: e.path), _generation_of(out))
            _log("only modification times changed; manifest updated, nothing parsed")
        else:
            _log("nothing changed")
        collect_garbage(store, {e.key for e in kept}, index)
        return 0

    _log(f"{len(kept)} unchanged, {len(candidates)} new or changed ({len(to_parse)} to parse, "
         f"{len(candidates) - len(to_parse)} already in the store), {len(deleted)} deleted")
    failures = 0
    if to_parse:
        segments = SegmentWriter(store, segment_docs=segment_docs)
        key_of = {c.rel: c.key for c in to_parse}  # an outcome's path is the file's path in the corpus
        outcomes = iter_outcomes([c.item for c in to_parse], jobs, timeout, engine=engine, want="rows", parse=parse)
        summary = consume(outcomes, ProgressReport(len(to_parse), progress, "refresh"),
                          lambda outcome: segments.add(key_of[outcome.path], outcome))
        segments.flush()
        failures = summary["errors"]
        index = index_store(store)

    entries = sorted([*kept, *(_entry(c, index[c.key][1]) for c in candidates)], key=lambda e: e.path)
    live_keys = {e.key for e in entries}
    generation = f"{time.time_ns()}-{os.getpid()}"
    counts = rebuild_tables(out, index, live_keys, generation)
    write_manifest(out, entries, generation)
    removed = collect_garbage(store, live_keys, index)
    _log(f"dataset rebuilt: {counts['documents']} documents, {counts['errors']} errors; "
         f"{removed} store segments removed; {time.perf_counter() - started:.1f} s")
    return 1 if failures else 0


def _generation_of(out: Path) -> str:
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))["generation"]
    except (FileNotFoundError, ValueError, KeyError):
        return f"{time.time_ns()}-{os.getpid()}"
