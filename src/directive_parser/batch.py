"""Batch parsing: folders in, tables (or JSON lines) out, in parallel, with progress.

    directive-parser parse corpus/ --out out --jobs 0 --timeout 60

The work for one file is `parse_one(path, root)`: it never raises; a file that
cannot be parsed (an `InputError`, a bug, the time limit) comes back as an
`ErrorRow`. Both engines (local processes here, Ray in `ray_engine.py`) call it,
and results are consumed in sorted path order whatever the number of workers,
so the output is the same for `--jobs 1` and `--jobs 8`.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

from .errors import InputError
from .readers import iter_input_files
from .output import DatasetWriter, ErrorRow, ParseResult, Rows, result_to_rows
from .records import Directive

ParseFunction = Callable[..., Directive]


class DocumentTimeout(Exception):
    """Raised inside a worker when one document takes longer than `--timeout`."""


@dataclass(frozen=True)
class WorkItem:
    """A file to parse and the folder its `source_path` is relative to."""

    path: str
    root: str

    @property
    def shown_path(self) -> str:
        return os.path.relpath(self.path, self.root)


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back for one file: table rows (or a JSON line), and how it went."""

    path: str
    rows: Optional[Rows]
    json: Optional[str]
    error: Optional[ErrorRow]
    attachments: int
    seconds: float

    @property
    def doc_ids(self) -> list[str]:
        return [row["doc_id"] for row in (self.rows or {}).get("documents", [])]


def collect_work(paths: Sequence[str | os.PathLike]) -> list[WorkItem]:
    """Files and folders from the command line → work items, each folder's files in sorted order.

    A folder's files are shown relative to that folder; a file given by name is shown by its name.
    Raises FileNotFoundError naming the first path that does not exist.
    """
    items: list[WorkItem] = []
    seen: set[str] = set()
    for given in paths:
        given = Path(given)
        if given.is_dir():
            found = [(str(p), str(given)) for p in iter_input_files(given)]
        elif given.is_file():
            found = [(str(given), str(given.parent))]
        else:
            raise FileNotFoundError(f"no such file or folder: {given}")
        for path, root in found:
            if path not in seen:
                seen.add(path)
                items.append(WorkItem(path, root))
    return items


@contextmanager
def time_limit(seconds: float | None):
    """Raise DocumentTimeout in this (main) thread after `seconds`; a no-op where signals are unavailable."""
    usable = (
        seconds
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise DocumentTimeout(f"took longer than {seconds:g} s (--timeout)")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _default_parse(path: str, root: str) -> Directive:
    from .pipeline import parse_file

    return parse_file(path, root=root)


def parse_one(
    path: str | os.PathLike,
    root: str | os.PathLike,
    timeout: float | None = None,
    parse: ParseFunction | None = None,
) -> ParseResult:
    """Parse one file; never raises. Failures become an ErrorRow naming the file.

    >>> parse_one("corpus/seeds/000_01565d35c3f479d6.txt", "corpus/seeds").source_path
    '000_01565d35c3f479d6.txt'
    >>> parse_one("broken.docx", ".")
    ErrorRow(path='broken.docx', stage='read', error_type='InputError', message='not a zip file')
    """
    shown = os.path.relpath(path, root)
    try:
        with time_limit(timeout):
            return (parse or _default_parse)(str(path), str(root))
    except DocumentTimeout as exc:
        return ErrorRow(shown, "parse", "Timeout", str(exc))
    except InputError as exc:
        return ErrorRow(shown, exc.stage, exc.error_type, exc.message)
    except Exception as exc:  # a bug must not stop a night's batch: it becomes a row
        return ErrorRow(shown, "parse", type(exc).__name__, str(exc) or repr(exc))


def outcome_of(item: WorkItem, want: str, timeout: float | None, parse: ParseFunction | None) -> Outcome:
    """Run `parse_one` on one item and package the result for the consumer (`want`: rows or json)."""
    started = time.perf_counter()
    result = parse_one(item.path, item.root, timeout=timeout, parse=parse)
    seconds = time.perf_counter() - started
    if isinstance(result, ErrorRow):
        return Outcome(result.path, result_to_rows(result) if want == "rows" else None, None, result, 0, seconds)
    attachments = _count_attachments(result)
    if want == "json":
        return Outcome(item.shown_path, None, result.model_dump_json(), None, attachments, seconds)
    return Outcome(item.shown_path, result_to_rows(result), None, None, attachments, seconds)


def _count_attachments(directive: Directive) -> int:
    return sum(1 + _count_attachments(a) for a in directive.attachments)


# Worker processes get their settings once, at start, instead of with every item.
_worker_settings: dict = {}


def _init_worker(want: str, timeout: float | None, parse: ParseFunction | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _worker_settings.update(want=want, timeout=timeout, parse=parse)


def _work(item: WorkItem) -> Outcome:
    return outcome_of(item, _worker_settings["want"], _worker_settings["timeout"], _worker_settings["parse"])


def resolve_jobs(jobs: int) -> int:
    return jobs if jobs and jobs > 0 else (os.cpu_count() or 1)


def iter_outcomes_local(
    items: Sequence[WorkItem],
    jobs: int,
    timeout: float | None,
    want: str = "rows",
    parse: ParseFunction | None = None,
) -> Iterator[Outcome]:
    """Outcomes in the order of `items`, from `jobs` worker processes (in this process when 1)."""
    jobs = min(resolve_jobs(jobs), max(len(items), 1))
    if jobs == 1:
        for item in items:
            yield outcome_of(item, want, timeout, parse)
        return
    chunksize = max(1, min(16, len(items) // (jobs * 8)))
    with multiprocessing.get_context("fork").Pool(
        jobs, initializer=_init_worker, initargs=(want, timeout, parse)
    ) as pool:
        yield from pool.imap(_work, items, chunksize=chunksize)


def iter_outcomes(
    items: Sequence[WorkItem],
    jobs: int,
    timeout: float | None,
    engine: str = "local",
    want: str = "rows",
    parse: ParseFunction | None = None,
) -> Iterator[Outcome]:
    if engine == "ray":
        from .ray_engine import iter_outcomes_ray

        return iter_outcomes_ray(items, timeout=timeout, want=want, parse=parse)
    return iter_outcomes_local(items, jobs, timeout, want=want, parse=parse)


class ProgressReport:
    """A rich progress bar on a terminal; otherwise a plain line every `every` documents. Errors name the file."""

    def __init__(self, total: int, enabled: Optional[bool], label: str = "parsing"):
        self.total, self.label = total, label
        self.done = self.attachments = self.errors = 0
        self.started = time.perf_counter()
        self.every = max(1, min(1000, total // 10 or 1))
        use_bar = sys.stderr.isatty() if enabled is None else enabled
        self._bar = None
        if use_bar and total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self._bar = Progress(
                f"[bold]{label}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                console=Console(stderr=True), transient=False,
            )
            self._task = self._bar.add_task(label, total=total)
            self._bar.start()

    def advance(self, outcome: Outcome) -> None:
        self.done += 1
        self.attachments += outcome.attachments
        if outcome.error:
            self.errors += 1
            e = outcome.error
            message = f"error: {e.path}: {e.stage}: {e.error_type}: {e.message}"
            if self._bar:
                self._bar.console.print(message, markup=False, highlight=False)
            else:
                print(message, file=sys.stderr, flush=True)
        if self._bar:
            self._bar.advance(self._task)
        elif self.done % self.every == 0 or self.done == self.total:
            rate = self.done / max(time.perf_counter() - self.started, 1e-9)
            print(f"{self.label}: {self.done}/{self.total} documents, {self.errors} errors, {rate:.1f} docs/s",
                  file=sys.stderr, flush=True)

    def finish(self) -> dict:
        if self._bar:
            self._bar.stop()
        seconds = time.perf_counter() - self.started
        summary = {
            "documents": self.done - self.errors,
            "attachments": self.attachments,
            "errors": self.errors,
            "seconds": round(seconds, 3),
            "docs_per_s": round(self.done / seconds, 1) if seconds > 0 else 0.0,
        }
        print(
            f"{summary['documents']} documents, {summary['attachments']} attachments, {summary['errors']} errors "
            f"in {summary['seconds']:.1f} s ({summary['docs_per_s']:.1f} docs/s)",
            file=sys.stderr, flush=True,
        )
        return summary


def consume(outcomes: Iterable[Outcome], report: ProgressReport, sink: Callable[[Outcome], None]) -> dict:
    """Feed every outcome to `sink` and the progress report; return the run summary."""
    try:
        for outcome in outcomes:
            sink(outcome)
            report.advance(outcome)
    finally:
        summary = report.finish()
    return summary


def run_parse(
    paths: Sequence[str | os.PathLike],
    out: Optional[Path] = None,
    fmt: str = "parquet",
    jobs: int = 0,
    engine: str = "local",
    timeout: float | None = 60.0,
    progress: Optional[bool] = None,
    parse: ParseFunction | None = None,
    stdout=None,
) -> int:
    """The `parse` command. Returns the exit code: 0 all parsed, 1 some files failed, 2 usage error."""
    try:
        items = collect_work(paths)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if fmt == "parquet" and out is None:
        print("error: --out DIR is needed for --format parquet", file=sys.stderr)
        return 2
    if engine == "ray":
        from .ray_engine import ray_available_or_message

        problem = ray_available_or_message()
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
    want = "json" if fmt == "jsonl" else "rows"
    outcomes = iter_outcomes(items, jobs, timeout, engine=engine, want=want, parse=parse)
    report = ProgressReport(len(items), progress)
    if fmt == "jsonl":
        stream = stdout or sys.stdout

        def write_line(outcome: Outcome) -> None:
            if outcome.json is not None:
                stream.write(outcome.json + "\n")

        summary = consume(outcomes, report, write_line)
        stream.flush()
    else:
        with DatasetWriter(Path(out)) as writer:
            summary = consume(outcomes, report, lambda outcome: writer.add_rows(outcome.rows))
    return 1 if summary["errors"] else 0
