"""Batch parsing: failures become rows, exit codes, JSON lines, order independent of --jobs, time limit."""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from directive_parser.batch import collect_work, parse_one, run_parse
from directive_parser.output import ErrorRow, read_dataset
from directive_parser.records import Directive
from fake_parser import fake_parse, letter, real_parser_problem, write_corpus

REPO = Path(__file__).resolve().parents[1]
REAL_PARSER_PROBLEM = real_parser_problem()


@pytest.fixture
def corpus(tmp_path) -> Path:
    return write_corpus(
        tmp_path / "corpus",
        {
            "b-xa/cv-2.txt": letter(2),
            "a-huyen/cv-1.txt": letter(1),
            "a-huyen/cv-1.md": letter(11),
            "c-tinh/2024/cv-3.txt": letter(3, "@@ATTACH\n1. Các huyện ủy chủ trì học tập.\n"),
            "c-tinh/notes.csv": "not a directive",
        },
    )


def run(paths, out=None, **kwargs):
    kwargs.setdefault("progress", False)
    kwargs.setdefault("parse", fake_parse)
    kwargs.setdefault("timeout", 10)
    return run_parse([str(p) for p in paths], out=out, **kwargs)


def test_folders_are_walked_recursively_in_sorted_order_with_paths_relative_to_the_folder(corpus):
    shown = [item.shown_path for item in collect_work([corpus])]
    assert shown == ["a-huyen/cv-1.md", "a-huyen/cv-1.txt", "b-xa/cv-2.txt", "c-tinh/2024/cv-3.txt"]


def test_all_parsed_exit_0_and_every_table_written(corpus, tmp_path, capsys):
    assert run([corpus], tmp_path / "out", jobs=1) == 0
    tables = read_dataset(tmp_path / "out")
    assert tables["documents"].num_rows == 5  # four files, one attachment
    assert tables["errors"].num_rows == 0
    assert "4 documents, 1 attachments, 0 errors" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bad_file_becomes_an_error_row_and_the_others_are_written(corpus, tmp_path, capsys, jobs):
    (corpus / "b-xa/broken.txt").write_text("@@BUG", encoding="utf-8")
    assert run([corpus], tmp_path / "out", jobs=jobs) == 1
    tables = read_dataset(tmp_path / "out")
    assert tables["errors"].to_pylist() == [
        {"path": "b-xa/broken.txt", "stage": "parse", "error_type": "ValueError", "message": "a bug in the parser"}
    ]
    assert tables["documents"].num_rows == 5
    assert "b-xa/broken.txt" in capsys.readouterr().err


def test_an_input_error_keeps_its_stage_and_type(tmp_path):
    from directive_parser.errors import UnsupportedInput

    def refuse(path, root):
        raise UnsupportedInput(path, "read", "PDF without a text layer")

    assert parse_one(tmp_path / "scan.pdf", tmp_path, parse=refuse) == ErrorRow(
        "scan.pdf", "read", "UnsupportedInput", "PDF without a text layer")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_over_the_time_limit_becomes_a_timeout_row(corpus, tmp_path, jobs):
    (corpus / "a-huyen/slow.txt").write_text("@@SLOW", encoding="utf-8")
    assert run([corpus], tmp_path / "out", jobs=jobs, timeout=0.5) == 1
    tables = read_dataset(tmp_path / "out")
    assert [(e["path"], e["stage"], e["error_type"]) for e in tables["errors"].to_pylist()] == [
        ("a-huyen/slow.txt", "parse", "Timeout")]
    assert tables["documents"].num_rows == 5


def parse_stuck_in_c(path, root):
    """fake_parse, except that `@@HANG` blocks SIGALRM and sleeps (like C code that never returns to
    the interpreter's signal handling) and `@@CRASH` ends the process as a segfault would."""
    text = Path(path).read_text(encoding="utf-8")
    if "@@HANG" in text:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    if "@@CRASH" in text:
        os._exit(139)
    return fake_parse(path, root)


@pytest.mark.parametrize(
    "bad_files, jobs, expected_errors",
    [
        ({"a-huyen/hung.txt": "@@HANG"}, 1, [("a-huyen/hung.txt", "Timeout")]),
        ({"a-huyen/hung.txt": "@@HANG", "b-xa/hung-too.txt": "@@HANG"}, 2,
         [("a-huyen/hung.txt", "Timeout"), ("b-xa/hung-too.txt", "Timeout")]),
        ({"b-xa/crash.txt": "@@CRASH"}, 2, [("b-xa/crash.txt", "WorkerDied")]),
    ],
)
def test_a_worker_stuck_where_the_timer_cannot_reach_is_replaced_and_the_batch_goes_on(
        corpus, tmp_path, bad_files, jobs, expected_errors):
    write_corpus(corpus, bad_files)
    for i in range(20):  # enough files after the bad ones that a replacement worker must parse them
        write_corpus(corpus, {f"d-more/cv-{i:02d}.txt": letter(100 + i)})
    assert run([corpus], tmp_path / "out", jobs=jobs, timeout=0.5, parse=parse_stuck_in_c) == 1
    tables = read_dataset(tmp_path / "out")
    assert [(e["path"], e["error_type"]) for e in tables["errors"].to_pylist()] == expected_errors
    assert tables["documents"].num_rows == 5 + 20


def test_output_is_the_same_with_one_or_two_workers(corpus, tmp_path):
    for i in range(30):
        (corpus / f"many/cv-{i:02d}.txt").parent.mkdir(exist_ok=True)
        (corpus / f"many/cv-{i:02d}.txt").write_text(letter(100 + i), encoding="utf-8")
    run([corpus], tmp_path / "one", jobs=1)
    run([corpus], tmp_path / "two", jobs=2)
    one, two = read_dataset(tmp_path / "one"), read_dataset(tmp_path / "two")
    for table in one:
        assert one[table].equals(two[table]), table


def test_jsonl_goes_to_stdout_one_directive_per_line(corpus):
    stdout = io.StringIO()
    assert run([corpus], fmt="jsonl", jobs=2, stdout=stdout) == 0
    records = [Directive.model_validate_json(line) for line in stdout.getvalue().splitlines()]
    assert [r.source_path for r in records] == [
        "a-huyen/cv-1.md", "a-huyen/cv-1.txt", "b-xa/cv-2.txt", "c-tinh/2024/cv-3.txt"]
    assert len(records[3].attachments) == 1


@pytest.mark.parametrize(
    "arguments, expected_code",
    [
        (["parse", "{corpus}", "--format", "jsonl"], 0),
        (["parse", "{corpus}/no-such-folder", "--out", "{out}"], 2),
        (["parse", "{corpus}", "--format", "xml"], 2),
        (["parse", "{corpus}"], 2),  # parquet needs --out
    ],
)
def test_cli_exit_codes(corpus, tmp_path, monkeypatch, arguments, expected_code):
    from typer.testing import CliRunner

    from directive_parser import batch
    from directive_parser.cli import app

    monkeypatch.setattr(batch, "_default_parse", fake_parse)
    args = [a.format(corpus=corpus, out=tmp_path / "out") for a in arguments]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == expected_code, result.output


def test_engine_ray_without_ray_exits_2_naming_the_extra(corpus, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray → ImportError
    assert run([corpus], tmp_path / "out", engine="ray") == 2
    assert "pip install 'directive-parser[ray]'" in capsys.readouterr().err


@pytest.mark.skipif(REAL_PARSER_PROBLEM is not None, reason=str(REAL_PARSER_PROBLEM))
def test_real_parser_end_to_end_on_the_seeds(tmp_path):
    seeds = REPO / "corpus" / "seeds"
    code = run_parse([str(seeds)], out=tmp_path / "out", jobs=2, progress=False)
    tables = read_dataset(tmp_path / "out")
    assert code == 0, tables["errors"].to_pylist()
    paths = tables["documents"].filter(tables["documents"]["parent_doc_id"].is_null()).column("source_path")
    assert sorted(paths.to_pylist()) == sorted(p.name for p in seeds.glob("*.txt"))
    gold_tasks = sum(len(json.loads(p.read_text(encoding="utf-8"))["tasks"]) for p in (REPO / "corpus/gold").glob("*.json"))
    assert tables["tasks"].num_rows >= gold_tasks // 2  # the tables are filled, not just created


def test_the_warm_up_text_reaches_every_entity_stage_so_forked_workers_inherit_their_tables():
    # warm_up runs once in the parent before the workers fork; if its text stopped yielding a
    # reference, an assignee of each role and a deadline, those stages' lexicons would load per worker.
    from directive_parser.pipeline import _WARM_UP_TEXT, parse_text

    record = parse_text(_WARM_UP_TEXT)
    roles = {a.role for t in record.tasks for a in t.assignees}
    assert (record.number, record.symbol, record.issued_date) == ("1", "UBND-VX", "2021-08-05")
    assert roles == {"lead", "cooperate"}
    assert [d.date for t in record.tasks for d in t.deadlines] == ["2021-09-04"]
    assert [r.symbol for r in record.references] == ["NQ-CP"]
    assert record.recipients and record.cc and record.signatory.name


def parse_and_note_the_time(path: str, root: str) -> Directive:
    """`fake_parse`, noting when each parse starts in the file named by $NOTE_PARSES (workers are forked)."""
    with open(os.environ["NOTE_PARSES"], "a", encoding="utf-8") as notes:
        notes.write(f"{time.monotonic()}\n")
    return fake_parse(path, root)


def test_a_worker_keeps_parsing_while_the_parent_is_busy(tmp_path, monkeypatch):
    """While the parent does not read (writing a row group, say), a worker goes on: its outcomes wait
    in its sending thread instead of blocking it once the socket is full (each outcome here is larger
    than a socket's buffer), and it already holds the next chunk of files."""
    from directive_parser.batch import WorkItem, iter_outcomes_local

    folder = write_corpus(tmp_path / "corpus", {f"cv-{i:03d}.txt": letter(i) + "Nội dung." * 40_000 for i in range(120)})
    notes = tmp_path / "parse-starts.txt"
    monkeypatch.setenv("NOTE_PARSES", str(notes))
    items = [WorkItem(str(p), str(folder)) for p in sorted(folder.glob("*.txt"))]
    outcomes = iter_outcomes_local(items, jobs=1, timeout=30, parse=parse_and_note_the_time)
    first = next(outcomes)
    busy_from = time.monotonic()
    time.sleep(1.5)  # the parent is busy and reads nothing
    busy_to = time.monotonic()
    rest = list(outcomes)
    starts = [float(line) for line in notes.read_text().split()]
    parsed_meanwhile = sum(busy_from <= t < busy_to for t in starts)
    assert first.error is None and len(rest) == 119 and all(o.error is None for o in rest)
    assert parsed_meanwhile > 16, parsed_meanwhile  # more than one chunk (16 files at this size)
