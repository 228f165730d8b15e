"""The nightly refresh: only changes are parsed, deletions leave, a new parser version reparses all,
and a run killed with SIGKILL at any point, then run again, leaves every document exactly once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from directive_parser import version
import pyarrow.parquet as pq

from directive_parser.output import TABLES, read_dataset
from directive_parser.refresh import MANIFEST, run_refresh
from fake_parser import fake_parse, letter, real_parser_problem, tasks_from_text, write_corpus

TESTS = Path(__file__).resolve().parent
REAL_PARSER_PROBLEM = real_parser_problem()


class CountingParse:
    """fake_parse that remembers which files it was asked to parse, in a log file (it runs in a
    worker process)."""

    def __init__(self, log: Path):
        self.log = log
        log.write_text("", encoding="utf-8")

    def __call__(self, path, root):
        with open(self.log, "a", encoding="utf-8") as handle:
            handle.write(os.path.relpath(path, root) + "\n")
        return fake_parse(path, root)

    @property
    def calls(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()


def refresh(corpus: Path, out: Path, **kwargs) -> tuple[int, list[str]]:
    parse = CountingParse(out.parent / f"{out.name}-parsed.log")
    code = run_refresh(corpus, out, jobs=1, timeout=10, progress=False, parse=parse, **kwargs)
    return code, sorted(parse.calls)


def corpus_files(corpus: Path) -> dict[str, str]:
    return {str(p.relative_to(corpus)): p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))}


def assert_dataset_matches(corpus: Path, out: Path) -> None:
    """Every corpus file is in the tables exactly once, with its current text and tasks, and nothing else is."""
    files = corpus_files(corpus)
    tables = read_dataset(out)
    top = tables["documents"].filter(tables["documents"]["parent_doc_id"].is_null()).to_pylist()
    assert Counter(d["source_path"] for d in top) == Counter(files.keys())
    for doc in top:
        assert doc["text"] == files[doc["source_path"]]
    expected_tasks = sum(len(tasks_from_text(text.partition("@@ATTACH")[0])) for text in files.values())
    top_ids = {d["doc_id"] for d in top}
    assert sum(doc_id in top_ids for doc_id in tables["tasks"].column("doc_id").to_pylist()) == expected_tasks
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert [e["path"] for e in manifest["files"]] == sorted(files)
    assert not [p.name for p in out.rglob("*") if ".tmp-" in p.name]
    for table in TABLES:  # the folder holds exactly the manifest's parts: a plain folder read agrees
        assert sorted(p.name for p in (out / table).glob("part-*.parquet")) == sorted(manifest["tables"][table])
        assert pq.read_table(out / table).to_pylist() == tables[table].to_pylist()


@pytest.fixture
def corpus(tmp_path) -> Path:
    return write_corpus(tmp_path / "corpus", {f"d{i // 4}/cv-{i:02d}.txt": letter(i) for i in range(12)})


def test_first_run_parses_everything_and_a_second_parses_nothing(corpus, tmp_path):
    out = tmp_path / "out"
    assert refresh(corpus, out) == (0, sorted(corpus_files(corpus)))
    assert refresh(corpus, out) == (0, [])
    assert_dataset_matches(corpus, out)


def test_a_touched_but_unchanged_file_is_not_parsed(corpus, tmp_path):
    out = tmp_path / "out"
    refresh(corpus, out)
    touched = corpus / "d0/cv-01.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    assert refresh(corpus, out) == (0, [])  # sha256 confirms nothing changed
    entry = next(e for e in json.loads((out / MANIFEST).read_text())["files"] if e["path"] == "d0/cv-01.txt")
    assert entry["mtime_ns"] == touched.stat().st_mtime_ns
    assert_dataset_matches(corpus, out)


def test_only_changed_and_new_files_are_parsed(corpus, tmp_path):
    out = tmp_path / "out"
    refresh(corpus, out)
    (corpus / "d1/cv-05.txt").write_text(letter(505), encoding="utf-8")
    (corpus / "d9/new.txt").parent.mkdir()
    (corpus / "d9/new.txt").write_text(letter(900), encoding="utf-8")
    assert refresh(corpus, out) == (0, ["d1/cv-05.txt", "d9/new.txt"])
    assert_dataset_matches(corpus, out)
    assert "505/UBND-VP" in "".join(read_dataset(out)["documents"].column("text").to_pylist())


def part_files(out: Path) -> dict[str, int]:
    """Every part file → its inode: a part reused as it is keeps its inode."""
    return {str(p.relative_to(out)): p.stat().st_ino for p in out.glob("*/part-*.parquet")}


@pytest.mark.parametrize(
    "change, rewritten_tables",
    [
        # an edited file: its chunk (files 4-7 at part_docs=4) gets new parts in the tables it has rows in
        (lambda c: (c / "d1/cv-05.txt").write_text(letter(505), encoding="utf-8"), {"documents", "tasks", "assignments"}),
        # a deleted file: the same chunk loses it
        (lambda c: (c / "d1/cv-05.txt").unlink(), {"documents", "tasks", "assignments"}),
        # a new file: a new chunk, the old parts all stay
        (lambda c: (c / "d1/new.txt").write_text(letter(77), encoding="utf-8"), set()),
    ],
)
def test_a_refresh_rewrites_only_the_parts_of_changed_chunks(corpus, tmp_path, change, rewritten_tables):
    out = tmp_path / "out"
    refresh(corpus, out, part_docs=4)
    before = part_files(out)
    assert len(before) == 3 * 3 + 3  # 3 chunks of 4 files in 3 tables, one empty part for the other 3
    change(corpus)
    refresh(corpus, out, part_docs=4)
    after = part_files(out)
    kept = {p for p in before if after.get(p) == before[p]}
    assert {p.split("/")[0] for p in set(before) - kept} == rewritten_tables
    assert len(before) - len(kept) == len(rewritten_tables)  # one chunk, not all of them
    assert_dataset_matches(corpus, out)


def test_deleted_and_renamed_files_leave_the_dataset(corpus, tmp_path):
    out = tmp_path / "out"
    refresh(corpus, out)
    (corpus / "d0/cv-00.txt").unlink()
    shutil.rmtree(corpus / "d2")
    (corpus / "d1/cv-04.txt").rename(corpus / "d1/cv-04-renamed.txt")
    assert refresh(corpus, out) == (0, ["d1/cv-04-renamed.txt"])
    assert_dataset_matches(corpus, out)
    assert len(read_dataset(out)["documents"]) == 12 - 1 - 4


def test_a_new_parser_version_reparses_everything(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    refresh(corpus, out)
    monkeypatch.setattr(version, "PARSER_VERSION", "99.0.0")
    assert refresh(corpus, out) == (0, sorted(corpus_files(corpus)))
    tables = read_dataset(out)
    assert set(tables["documents"].column("parser_version").to_pylist()) == {"99.0.0"}
    assert tables["documents"].schema.metadata[b"directive_parser.parser_version"] == b"99.0.0"
    assert_dataset_matches(corpus, out)
    assert refresh(corpus, out) == (0, [])


def test_a_failing_file_is_an_error_row_until_it_is_fixed(corpus, tmp_path):
    out = tmp_path / "out"
    (corpus / "d0/bad.txt").write_text("@@BUG", encoding="utf-8")
    assert refresh(corpus, out)[0] == 1
    assert read_dataset(out)["errors"].column("path").to_pylist() == ["d0/bad.txt"]
    assert refresh(corpus, out) == (0, [])  # same bytes, same parser: not retried every night
    (corpus / "d0/bad.txt").write_text(letter(77), encoding="utf-8")
    assert refresh(corpus, out) == (0, ["d0/bad.txt"])
    assert read_dataset(out)["errors"].num_rows == 0
    assert_dataset_matches(corpus, out)


def test_a_lost_store_is_rebuilt_by_parsing_again(corpus, tmp_path):
    out = tmp_path / "out"
    refresh(corpus, out)
    shutil.rmtree(out / ".store")
    (corpus / "d0/cv-00.txt").write_text(letter(1000), encoding="utf-8")
    assert refresh(corpus, out) == (0, sorted(corpus_files(corpus)))
    assert_dataset_matches(corpus, out)


def stored_rows(out: Path) -> int:
    from directive_parser.refresh import STORE, _read_ipc, list_segments

    return sum(_read_ipc(segment / "keys.arrow").num_rows for segment in list_segments(out / STORE))


def test_scattered_edits_night_after_night_do_not_grow_the_store(tmp_path):
    """Each night edits three files picked at random: without compaction the store keeps every
    old version whose segment still holds one live file (36 rows for 12 files after 10 nights)."""
    import random

    names = [f"cv-{i:02d}.txt" for i in range(12)]
    corpus = write_corpus(tmp_path / "corpus", {name: letter(i) for i, name in enumerate(names)})
    out = tmp_path / "out"
    refresh(corpus, out, part_docs=2)
    for night in range(1, 11):
        for name in random.Random(night).sample(names, 3):
            (corpus / name).write_text(letter(100 * night + names.index(name)), encoding="utf-8")
        code, parsed = refresh(corpus, out, part_docs=2)
        assert code == 0 and len(parsed) == 3
        assert_dataset_matches(corpus, out)
        # After a run every segment is at least half in use, so the store holds at most 2 rows a file.
        assert stored_rows(out) <= 2 * len(names)


# --- kill -9 at any moment, then run again -------------------------------------------------------

# Runs one refresh in a child process. DIE_AT=k sends SIGKILL to itself just before its k-th
# rename (store segments, table parts, the manifest): every commit point of a run.
CHILD = """
import os, signal, sys
sys.path.insert(0, {tests!r})
from fake_parser import fake_parse
from directive_parser.refresh import run_refresh
die_at, calls = int(os.environ.get("DIE_AT", "0")), [0]
def dying(rename):
    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == die_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return rename(*args, **kwargs)
    return wrapper
os.replace, os.rename = dying(os.replace), dying(os.rename)
sys.exit(run_refresh(sys.argv[1], sys.argv[2], jobs=int(sys.argv[3]), timeout=10, progress=False,
                     parse=fake_parse, segment_docs=3, part_docs={part_docs}))
"""


KILL_PART_DOCS = 3  # 4 chunks of 3 files before the night's changes


def run_child(corpus: Path, out: Path, die_at: int = 0, kill_after: float | None = None, jobs: int = 1) -> int:
    command = [sys.executable, "-c", CHILD.format(tests=str(TESTS), part_docs=KILL_PART_DOCS), str(corpus), str(out), str(jobs)]
    child = subprocess.Popen(command, env={**os.environ, "DIE_AT": str(die_at)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if kill_after is not None:
        time.sleep(kill_after)
        child.send_signal(signal.SIGKILL)
    return child.wait(timeout=120)


def change_corpus(corpus: Path) -> None:
    """A night's worth of changes: edits, deletions, additions (some slow to parse, to be killed in)."""
    for i in (1, 6, 9):
        (corpus / f"d{i // 4}/cv-{i:02d}.txt").write_text(letter(200 + i, "@@SLEEP"), encoding="utf-8")
    (corpus / "d0/cv-02.txt").unlink()
    (corpus / "d2/cv-10.txt").unlink()
    for i in range(3):
        (corpus / f"d5/added-{i}.txt").parent.mkdir(exist_ok=True)
        (corpus / f"d5/added-{i}.txt").write_text(letter(300 + i, "@@SLEEP\n@@ATTACH\n1. Phòng Y tế chủ trì."),
                                                  encoding="utf-8")


def test_killed_at_each_rename_then_rerun_leaves_every_document_exactly_once(tmp_path):
    """Kill the run before its 1st, 2nd, … rename until a run gets through; after each kill, a rerun
    must give the full dataset, and parse at most the files that changed."""
    changed = {"d0/cv-01.txt", "d1/cv-06.txt", "d2/cv-09.txt", "d5/added-0.txt", "d5/added-1.txt", "d5/added-2.txt"}
    kill_points = 0
    for die_at in range(1, 40):
        corpus = write_corpus(tmp_path / f"corpus-{die_at}", {f"d{i // 4}/cv-{i:02d}.txt": letter(i) for i in range(12)})
        out = tmp_path / f"out-{die_at}"
        refresh(corpus, out, part_docs=KILL_PART_DOCS)
        before = read_dataset(out)
        change_corpus(corpus)
        code = run_child(corpus, out, die_at=die_at)
        if code == 0:
            break
        assert code == -signal.SIGKILL
        kill_points += 1
        # A reader following the manifest finds the dataset as it was before the run, whole.
        after_crash = read_dataset(out)
        assert {t: after_crash[t].to_pylist() for t in TABLES} == {t: before[t].to_pylist() for t in TABLES}
        rerun_code, parsed = refresh(corpus, out, part_docs=KILL_PART_DOCS)
        assert rerun_code == 0 and set(parsed) <= changed
        assert_dataset_matches(corpus, out)
        assert refresh(corpus, out, part_docs=KILL_PART_DOCS) == (0, [])
    # 2 store segments; 3 chunks that lost files and 2 new ones, each in 3 tables (documents,
    # tasks, assignments; the other three stay empty and keep their part); the manifest
    assert kill_points == 2 + 5 * 3 + 1


def test_killed_at_each_rename_of_a_compacting_run_then_rerun_leaves_every_document_exactly_once(tmp_path):
    """Seven of twelve files edited: the first segment falls under half in use and is compacted
    (its five live rows copied into a new segment) in the same run. Kill before each rename."""
    edited = {f"d{i // 4}/cv-{i:02d}.txt" for i in (0, 2, 3, 5, 7, 8, 11)}
    for die_at in range(1, 60):
        corpus = write_corpus(tmp_path / f"corpus-{die_at}", {f"d{i // 4}/cv-{i:02d}.txt": letter(i) for i in range(12)})
        out = tmp_path / f"out-{die_at}"
        refresh(corpus, out, part_docs=KILL_PART_DOCS)
        before = read_dataset(out)
        for name in sorted(edited):
            (corpus / name).write_text(letter(500 + int(name[-6:-4])), encoding="utf-8")
        code = run_child(corpus, out, die_at=die_at)
        if code == 0:
            break
        assert code == -signal.SIGKILL
        after_crash = read_dataset(out)
        assert {t: after_crash[t].to_pylist() for t in TABLES} == {t: before[t].to_pylist() for t in TABLES}
        rerun_code, parsed = refresh(corpus, out, part_docs=KILL_PART_DOCS)
        assert rerun_code == 0 and set(parsed) <= edited
        assert_dataset_matches(corpus, out)
        assert stored_rows(out) <= 2 * 12
    else:
        pytest.fail("the run never got through")
    assert_dataset_matches(corpus, out)
    assert stored_rows(out) == 12  # the old segment is gone: only the copy of its five live rows remains
    assert die_at > 5  # it was killed at the compaction's rename, among others


@pytest.mark.parametrize("kill_after", [0.4, 0.9, 1.4])
def test_killed_at_a_random_moment_twice_then_rerun_leaves_every_document_exactly_once(corpus, tmp_path, kill_after):
    out = tmp_path / "out"
    refresh(corpus, out)
    change_corpus(corpus)
    run_child(corpus, out, kill_after=kill_after, jobs=2)
    run_child(corpus, out, kill_after=kill_after / 2, jobs=2)
    assert run_child(corpus, out, jobs=2) == 0
    assert_dataset_matches(corpus, out)


@pytest.mark.skipif(REAL_PARSER_PROBLEM is not None, reason=str(REAL_PARSER_PROBLEM))
def test_real_cli_killed_mid_run_then_rerun(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(TESTS.parent / "corpus" / "seeds", corpus)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "directive_parser", "refresh", str(corpus), "--out", str(out), "--jobs", "1"]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert subprocess.run(command, capture_output=True).returncode == 0
    top = read_dataset(out)["documents"].to_pylist()
    paths = [d["source_path"] for d in top if d["parent_doc_id"] is None]
    assert Counter(paths) == Counter(p.name for p in corpus.glob("*.txt"))


@pytest.mark.parametrize(
    "arguments, expected_code, expected_in_output",
    [
        (["--no-progress"], 0, "refresh: 12/12 documents"),  # plain log lines, not a bar
        (["--progress"], 0, "12/12"),
        (["--engine", "spark"], 2, "--engine must be local or ray"),
        (["--engine", "ray", "--no-progress"], 2, "pip install 'directive-parser[ray]'"),
    ],
)
def test_cli_refresh_options(corpus, tmp_path, monkeypatch, arguments, expected_code, expected_in_output):
    from typer.testing import CliRunner

    from directive_parser import batch
    from directive_parser.cli import app

    monkeypatch.setattr(batch, "_default_parse", fake_parse)
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray → ImportError, whether or not it is installed
    result = CliRunner().invoke(
        app, ["refresh", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1", *arguments])
    assert result.exit_code == expected_code, result.output
    assert expected_in_output in result.output
