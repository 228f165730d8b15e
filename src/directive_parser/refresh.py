"""The nightly refresh: keep a dataset in step with a corpus folder, parsing only what changed.

    directive-parser refresh /data/directives --out /data/dataset

Layout of the dataset folder:

    documents/ … errors/                 the six tables (see output.py), each a folder of parts
        part-<segment>-<chunk>-<digest>.parquet   the rows of up to `part_docs` files of one store
                                         segment; <digest> names exactly which files, so a part
                                         is never rewritten in place: new content, new name
    manifest.json                        the part files of each table (`tables`), and one entry per
                                         corpus file: path, size, mtime_ns, sha256, parser_version,
                                         status, time, doc_ids, key
    .store/seg-<ns>-<pid>/               parsed results, one folder per batch of documents:
                                         keys.arrow + one <table>.arrow per table, every row keyed by
                                         `_key` = hash(path, sha256, parser_version)

How it stays safe when killed at any moment (kill -9):
- Parsed results go to the store first. A segment is written in a `.tmp-<pid>` folder and renamed
  into place, so a segment is either complete or absent; work already stored is never parsed again.
- Parts are derived from the store (no reparsing: stored Arrow rows are filtered). A part whose
  files are unchanged keeps its name and is reused as it is; a changed chunk is written under a new
  name (temporary name, then rename; one sync flushes them all before the manifest). The manifest
  naming the new parts is renamed in LAST; until then the old manifest names the old parts, which
  are all still there.
- A rerun compares the corpus with whichever manifest is in place, finds every result it needs in the
  store and every complete part already written, and commits; a key stored twice is taken from one
  segment only. So each document ends up in the tables exactly once.
- Parts and segments no longer named by the manifest are deleted only after it is in place.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields, replace
from itertools import accumulate
from pathlib import Path
from typing import Optional

import pyarrow as pa

from .batch import Outcome, ParseFunction, ProgressReport, WorkItem, consume, iter_input_files, iter_outcomes
from .output import (
    MANIFEST, PART_GLOB, TABLES, TABLE_SCHEMAS, _pid_alive, commit_dataset, fsync_path, listed_parts, new_generation,
    part_path, read_manifest, remove_stale_temporaries, rows_to_table, write_part,
)
from .records import SCHEMA_VERSION
from . import version

STORE = ".store"
KEY = "_key"
KEYS_SCHEMA = pa.schema(
    [(KEY, pa.string()), ("path", pa.string()), ("status", pa.string()),
     ("doc_ids", pa.list_(pa.string())), ("seconds", pa.float64()),
     # rows per table, so the parts of a chunk are planned from keys.arrow alone
     ("rows", pa.struct([(t, pa.int32()) for t in TABLES]))]
)
_IPC_OPTIONS = pa.ipc.IpcWriteOptions(compression="lz4")
# Files per part. Smaller parts mean a scattered 1% change rewrites fewer rows (a part holding one
# changed file is rewritten whole) but more files to open; 64 rewrites about half the rows at 1%.
PART_DOCS = 64


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


_ENTRY_FIELDS = tuple(f.name for f in fields(ManifestEntry))


def _as_dict(entry: ManifestEntry) -> dict:
    """`dataclasses.asdict` without its deep copy (a tenth of the time over 10,000 entries)."""
    return {name: getattr(entry, name) for name in _ENTRY_FIELDS}


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
    """The manifest's file entries by path; empty when there is none (first run) or it cannot be read."""
    try:
        return {e["path"]: ManifestEntry(**e) for e in (read_manifest(out) or {}).get("files", [])}
    except (KeyError, TypeError):
        return {}


# --- the store -----------------------------------------------------------------------------------


def _store_schema(table: str) -> pa.Schema:
    return pa.schema([(KEY, pa.string()), *TABLE_SCHEMAS[table]])


def _write_ipc(path: Path, table: pa.Table) -> None:
    with pa.ipc.new_file(path, table.schema, options=_IPC_OPTIONS) as writer:
        writer.write_table(table)


def _read_ipc(path: Path) -> pa.Table:
    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


class SegmentWriter:
    """Collects outcomes and writes them to the store as one segment folder per `segment_docs` files."""

    def __init__(self, store: Path, segment_docs: int = 512):
        self.store, self.segment_docs = store, segment_docs
        self._keys: list[dict] = []
        self._rows: dict[str, list[dict]] = {t: [] for t in TABLES}
        self.added = 0  # outcomes added so far

    def add(self, key: str, outcome: Outcome) -> None:
        self.added += 1
        rows = outcome.rows or {}
        self._keys.append({KEY: key, "path": outcome.path, "status": "error" if outcome.error else "parsed",
                           "doc_ids": outcome.doc_ids, "seconds": round(outcome.seconds, 4),
                           "rows": {t: len(rows.get(t, ())) for t in TABLES}})
        for table, table_rows in rows.items():
            self._rows[table].extend({KEY: key, **row} for row in table_rows)
        if len(self._keys) >= self.segment_docs:
            self.flush()

    def flush(self) -> None:
        if not self._keys:
            return
        write_segment(self.store, rows_to_table("keys", self._keys, schema=KEYS_SCHEMA),
                      {t: rows_to_table(t, rows, schema=_store_schema(t)) for t, rows in self._rows.items()})
        for rows in self._rows.values():
            rows.clear()
        self._keys.clear()


def write_segment(store: Path, keys: pa.Table, tables: dict[str, pa.Table]) -> Path:
    """One new segment folder: written under a temporary name, synced, renamed (complete or absent)."""
    name = f"seg-{time.time_ns():020d}-{os.getpid()}"
    tmp = store / f"{name}.tmp-{os.getpid()}"
    tmp.mkdir(parents=True)
    _write_ipc(tmp / "keys.arrow", keys)
    for table, data in tables.items():
        _write_ipc(tmp / f"{table}.arrow", data)
    os.sync()  # its files' data on disk (an fsync of the folder would flush only its entries)
    os.rename(tmp, store / name)
    fsync_path(store)
    return store / name


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


class StoredResult:
    """Where one key's rows are: its segment, its row in keys.arrow (position and, read on demand,
    content). Only the keys and the row counts are read for every key: a refresh needs the whole
    row of a few, and converting every row was a tenth of a 1% run at 10,000 documents."""

    __slots__ = ("segment", "position", "_keys")

    def __init__(self, segment: Path, position: int, keys: "_SegmentKeys"):
        self.segment, self.position, self._keys = segment, position, keys

    @property
    def row(self) -> dict:
        return self._keys.table.slice(self.position, 1).to_pylist()[0]

    def count(self, table: str) -> int:
        """How many rows of `table` the key has."""
        return self._keys.counts[table][self.position]


class _SegmentKeys:
    """One segment's keys.arrow: the table, and its row counts per table as Python lists."""

    def __init__(self, table: pa.Table):
        self.table = table
        counts = table.column("rows").combine_chunks()
        self.counts = {t: counts.field(t).to_pylist() for t in TABLES}

    def row_starts(self, table: str) -> list[int]:
        """Where each key's rows of `table` start in the segment's table, plus the end. A segment
        holds its rows in the order of its keys (SegmentWriter and compact_store keep that order)."""
        return [0, *accumulate(self.counts[table])]


def index_segments(segments: list[Path]) -> dict[str, StoredResult]:
    """key → the newest of `segments` holding it (in name order, so the newest is last; a key stored
    twice has the same rows in both: a rerun after a crash, or `compact_store`'s copy, which must
    win). Only the small keys tables are read."""
    index: dict[str, StoredResult] = {}
    for segment in reversed(segments):
        keys = _SegmentKeys(_read_ipc(segment / "keys.arrow"))
        for position, key in enumerate(keys.table.column(KEY).to_pylist()):
            if key not in index:
                index[key] = StoredResult(segment, position, keys)
    return index


# --- parts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chunk:
    """Up to PART_DOCS consecutive results of one segment that the manifest uses: one part per table."""

    segment: Path
    number: int
    keys: tuple[str, ...]  # sorted
    rows: dict  # table → row count
    positions: tuple[int, ...] = ()  # the keys' rows in the segment's keys.arrow, ascending
    stored: _SegmentKeys | None = field(default=None, compare=False, repr=False)  # the segment's keys

    @property
    def part_name(self) -> str:
        # The digest names the exact files (and parser): a chunk that lost a file gets a new name.
        digest = hashlib.sha256("\0".join((version.PARSER_VERSION, SCHEMA_VERSION, *self.keys)).encode()).hexdigest()
        return f"part-{self.segment.name[len('seg-'):]}-{self.number:04d}-{digest[:12]}.parquet"


def plan_chunks(index: dict[str, StoredResult], live_keys: set[str], part_docs: int = PART_DOCS) -> list[Chunk]:
    """Group the live keys by (segment, position // part_docs): stable as long as the segment exists."""
    grouped: dict[tuple[Path, int], list[str]] = {}
    for key in live_keys:
        stored = index[key]
        grouped.setdefault((stored.segment, stored.position // part_docs), []).append(key)
    chunks = []
    for (segment, number), keys in sorted(grouped.items()):
        rows = {t: sum(index[k].count(t) for k in keys) for t in TABLES}
        positions = tuple(sorted(index[k].position for k in keys))
        chunks.append(Chunk(segment, number, tuple(sorted(keys)), rows, positions, index[keys[0]]._keys))
    return chunks


def _empty_part_name() -> str:
    digest = hashlib.sha256(f"{version.PARSER_VERSION}\0{SCHEMA_VERSION}".encode()).hexdigest()
    return f"part-empty-{digest[:12]}.parquet"


class PartWriter:
    """Writes the parts of chunks that do not exist yet (a part with its final name is complete),
    on `threads` threads (default: one per core): Arrow reads, slices and writes Parquet without
    holding the GIL, and after a night of scattered edits this writing is most of the run.

    `submit` may be called more than once: a refresh submits the old chunks that lost a file while
    the new files are still being parsed, then the chunks of the new results. Each part is its own
    file, so the order does not matter. The threads start with the first `submit` that has work:
    call it only after any worker processes are forked (forking a process that runs threads is unsafe)."""

    def __init__(self, out: Path, threads: int | None = None):
        self.out, self.threads = out, threads or os.cpu_count() or 1
        self._pool: ThreadPoolExecutor | None = None
        self._futures: list = []
        self._submitted: set[tuple[str, str]] = set()  # (table, part name): submitted once only

    def submit(self, chunks: list[Chunk]) -> None:
        missing: dict[tuple[str, Path], list[Chunk]] = {}  # (table, segment) → its chunks to write
        for table in TABLES:
            for chunk in chunks:
                if not chunk.rows[table] or (table, chunk.part_name) in self._submitted:
                    continue
                self._submitted.add((table, chunk.part_name))
                if not part_path(self.out, table, chunk.part_name).exists():
                    missing.setdefault((table, chunk.segment), []).append(chunk)
        if not missing:
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.threads)
        self._futures += [self._pool.submit(_write_segment_parts, self.out, *where, todo)
                          for where, todo in missing.items()]

    def finish(self, chunks: list[Chunk]) -> tuple[dict[str, list[str]], int]:
        """Wait for the submitted parts; returns each table's part names for `chunks` (all of the
        run's chunks, in order) and the number of parts written. A table with no rows at all gets
        one empty part, so it still has its schema."""
        try:
            written = sum(future.result() for future in self._futures)
        finally:
            self.close()
        parts: dict[str, list[str]] = {t: [c.part_name for c in chunks if c.rows[t]] for t in TABLES}
        for table, names in parts.items():
            if not names:
                names.append(_empty_part_name())
                if not part_path(self.out, table, names[0]).exists():
                    write_part(self.out, table, names[0], TABLE_SCHEMAS[table].empty_table())
                    written += 1
        return parts, written

    def close(self) -> None:
        """Stop: parts not started are not written; those being written are finished."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def _write_segment_parts(out: Path, table: str, segment: Path, chunks: list[Chunk]) -> int:
    stored = _read_ipc(segment / f"{table}.arrow")
    offsets = chunks[0].stored.row_starts(table)
    for chunk in chunks:
        write_part(out, table, chunk.part_name, _chunk_rows(stored, offsets, chunk))
    return len(chunks)


def _chunk_rows(stored: pa.Table, offsets: list[int], chunk: Chunk) -> pa.Table:
    """The rows of the chunk's keys: one zero-copy slice per run of consecutive positions, in
    stored order, so the same rows as filtering on the keys without hashing every key. Checked
    against the row count and the keys at both ends of each slice; a store that does not match
    is filtered on the keys instead."""
    slices, run_start = [], 0
    positions = chunk.positions
    for i, position in enumerate(positions):
        if i + 1 < len(positions) and positions[i + 1] == position + 1:
            continue  # the run goes on
        first, end = offsets[positions[run_start]], offsets[position + 1]
        if end > first:
            slices.append(stored.slice(first, end - first))
        run_start = i + 1
    keys = set(chunk.keys)
    if offsets[-1] != stored.num_rows or not all(
            piece[KEY][0].as_py() in keys and piece[KEY][-1].as_py() in keys for piece in slices):
        return _filter_keys(stored, chunk.keys)
    return pa.concat_tables(slices) if slices else stored.slice(0, 0)


def _filter_keys(stored: pa.Table, keys) -> pa.Table:
    import pyarrow.compute as pc  # imported only here: it costs a run that does not compact 0.05 s

    return stored.filter(pc.is_in(stored[KEY], value_set=pa.array(sorted(keys), type=pa.string())))


def compact_store(store: Path, index: dict[str, StoredResult], live_keys: set[str],
                  min_live: float = 0.5) -> Path | None:
    """Copy the rows still in use of every segment that is less than `min_live` in use into one new
    segment. Without this a nightly run under scattered edits keeps old versions' rows forever: a
    segment is deleted only when none of its rows is used. Safe when killed: the new segment appears
    whole or not at all, `index_segments` prefers it, and the old ones go with the garbage only after
    the manifest naming parts cut from the new one is in place. Returns the new segment, if any."""
    used: dict[Path, set[str]] = {}
    for key in live_keys:
        used.setdefault(index[key].segment, set()).add(key)
    keys_parts, table_parts = [], {t: [] for t in TABLES}
    for segment, keys in sorted(used.items()):
        stored_keys = index[next(iter(keys))]._keys.table
        if len(keys) >= min_live * stored_keys.num_rows:
            continue
        keys_parts.append(_filter_keys(stored_keys, keys))
        for table in TABLES:
            table_parts[table].append(_filter_keys(_read_ipc(segment / f"{table}.arrow"), keys))
    if not keys_parts:
        return None
    return write_segment(store, pa.concat_tables(keys_parts), {t: pa.concat_tables(p) for t, p in table_parts.items()})


def collect_garbage(store: Path, live_keys: set[str], index: dict[str, StoredResult]) -> int:
    """Delete segments none of whose keys the manifest uses (safe only after the manifest is written)."""
    used = {index[k].segment for k in live_keys if k in index}
    removed = 0
    for segment in list_segments(store):
        if segment not in used:
            shutil.rmtree(segment, ignore_errors=True)
            removed += 1
    return removed


def _parts_present(out: Path) -> bool:
    manifest = read_manifest(out)
    names = {t: listed_parts(manifest, t) for t in TABLES}
    return all(n and all(part_path(out, t, name).exists() for name in n) for t, n in names.items())


def _unlisted_parts_present(out: Path) -> bool:
    manifest = read_manifest(out)
    return any(set(p.name for p in (out / t).glob(PART_GLOB)) - set(listed_parts(manifest, t) or ())
               for t in TABLES)


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
    prefix = os.path.join(str(corpus), "")
    for path in iter_input_files(corpus):
        name = str(path)
        # Cutting the folder off is exact for the paths below it, and a tenth of relpath's cost.
        rel = name[len(prefix):] if name.startswith(prefix) else os.path.relpath(name, corpus)
        stat = os.stat(name)
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
    segment_docs: int = 512,
    part_docs: int = PART_DOCS,
) -> int:
    """The `refresh` command. Returns 0 when every file parsed in this run succeeded, 1 when some
    failed (they are rows of `errors`), 2 on a usage error."""
    corpus, out = Path(corpus), Path(out)
    if not corpus.is_dir():
        print(f"error: not a folder: {corpus}", file=sys.stderr)
        return 2
    from .ray_engine import engine_usable

    if not engine_usable(engine):
        return 2
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    store = out / STORE
    store.mkdir(exist_ok=True)
    remove_stale_temporaries(out)
    remove_stale_segment_temporaries(store)

    old = load_manifest(out)
    kept, candidates = plan(corpus, old)
    index = index_segments(list_segments(store))
    # An entry whose stored rows are gone (store deleted by hand) cannot be rebuilt: parse it again.
    lost = [e for e in kept if e.key not in index]
    if lost:
        kept = [e for e in kept if e.key in index]
        candidates += [_candidate_from(e, corpus) for e in lost]
        candidates.sort(key=lambda c: c.rel)
    to_parse = [c for c in candidates if c.key not in index]
    live_paths = {e.path for e in kept} | {c.rel for c in candidates}
    deleted = sorted(set(old) - live_paths)
    if not candidates and not deleted and _parts_present(out):
        manifest = read_manifest(out) or {}
        if any(old[e.path] != e for e in kept) or _unlisted_parts_present(out):
            tables = {t: listed_parts(manifest, t) for t in TABLES}
            commit_dataset(out, tables, (_as_dict(e) for e in sorted(kept, key=lambda e: e.path)),
                           manifest.get("generation"))
            _log("only modification times changed; manifest updated, nothing parsed")
        else:
            _log("nothing changed")
        collect_garbage(store, {e.key for e in kept}, index)
        return 0

    _log(f"{len(kept)} unchanged, {len(candidates)} new or changed ({len(to_parse)} to parse, "
         f"{len(candidates) - len(to_parse)} already in the store), {len(deleted)} deleted")
    # Everything but the new results is known before parsing: compact the store, plan the chunks
    # of the stored results, and write those that lost a file while the new files are parsed.
    stored_keys = {e.key for e in kept} | {c.key for c in candidates if c.key in index}
    compacted = compact_store(store, index, stored_keys)
    if compacted:  # the newest segment: its keys win
        index = {**index, **index_segments([compacted])}
    stored_chunks = plan_chunks(index, stored_keys, part_docs)
    writer = PartWriter(out)
    try:
        failures = 0
        if to_parse:
            segments_before = set(list_segments(store))
            segments = SegmentWriter(store, segment_docs=segment_docs)
            key_of = {c.rel: c.key for c in to_parse}  # an outcome's path is the file's path in the corpus
            outcomes = iter_outcomes([c.item for c in to_parse], jobs, timeout, engine=engine, want="rows", parse=parse)

            def store_outcome(outcome: Outcome) -> None:
                if not segments.added:  # the first result: the workers are forked, threads may start
                    writer.submit(stored_chunks)
                segments.add(key_of[outcome.path], outcome)

            summary = consume(outcomes, ProgressReport(len(to_parse), progress, "refresh"), store_outcome)
            segments.flush()
            failures = summary["errors"]
            # Only this run's segments are new, and they are the newest: their keys win.
            new_index = index_segments([s for s in list_segments(store) if s not in segments_before])
            index = {**index, **new_index}
        writer.submit(stored_chunks)  # when nothing was parsed (a second submit adds nothing)
        entries = sorted([*kept, *(_entry(c, index[c.key].row) for c in candidates)], key=lambda e: e.path)
        live_keys = {e.key for e in entries}
        new_chunks = plan_chunks(index, live_keys - stored_keys, part_docs)
        writer.submit(new_chunks)
        chunks = sorted([*stored_chunks, *new_chunks], key=lambda c: (c.segment, c.number))
        parts, written = writer.finish(chunks)
    finally:
        writer.close()
    removed_parts = commit_dataset(out, parts, (_as_dict(e) for e in entries), new_generation())
    removed = collect_garbage(store, live_keys, index)
    documents = sum(c.rows["documents"] for c in chunks)
    errors = sum(c.rows["errors"] for c in chunks)
    _log(f"dataset committed: {documents} documents, {errors} errors; {written} parts written, "
         f"{sum(map(len, parts.values())) - written} reused, {removed_parts} removed; "
         f"{removed} store segments removed; {time.perf_counter() - started:.1f} s")
    return 1 if failures else 0
