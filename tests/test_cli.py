"""The command line as a user runs it: limits named in errors, eval's last line, schema, coverage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from directive_parser.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seeds" / "001_b4b932024a6b07ec.txt"
runner = CliRunner()


def test_parse_refuses_a_file_over_the_size_limit_and_keeps_the_good_one(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    (corpus / "big.txt").write_text("Việt Nam " * 200_000, encoding="utf-8")
    result = runner.invoke(app, ["parse", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1", "--max-mb", "1"])
    assert result.exit_code == 1
    errors = pq.read_table(tmp_path / "out" / "errors").to_pylist()
    assert [Path(e["path"]).name for e in errors] == ["big.txt"]
    assert "max_bytes" in errors[0]["message"]
    documents = pq.read_table(tmp_path / "out" / "documents").to_pylist()
    assert [d["number"] for d in documents] == ["1523"]


def test_eval_prints_the_table_and_a_last_micro_f1_line():
    result = runner.invoke(app, ["eval", "--gold", str(ROOT / "corpus" / "gold"), str(ROOT / "corpus" / "seeds")])
    assert result.exit_code == 0
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("micro-F1 ") and 0.0 <= float(last.split()[1]) <= 1.0
    assert "assignees" in result.output and "signatory.name" in result.output


def test_schema_is_the_directive_json_schema():
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.output)
    directive = schema["$defs"]["Directive"]  # recursive (attachments), so the root is a $ref
    assert schema["$ref"].endswith("/Directive")
    assert {"number", "symbol", "tasks", "signatory", "attachments", "copy_of"} <= set(directive["properties"])


def test_coverage_counts_fields_over_a_folder():
    result = runner.invoke(app, ["coverage", str(ROOT / "corpus" / "seeds")])
    assert result.exit_code == 0
    assert result.output.startswith("5 documents parsed, 0 failed")
    assert any(line.split()[:2] == ["number", "4"] for line in result.output.splitlines())  # the press report has none
