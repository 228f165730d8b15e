"""`--engine ray` on a local Ray instance writes the same tables as the local engine."""

from __future__ import annotations

from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="ray is not installed: pip install 'directive-parser[ray]' to run this test")
pytest.importorskip("ray.data", reason="ray[data] is not installed: pip install 'directive-parser[ray]'")

from directive_parser.batch import run_parse  # noqa: E402
from directive_parser.output import read_dataset  # noqa: E402
from fake_parser import fake_parse, letter, real_parser_problem, write_corpus  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
# Runs in `make test` (the Makefile installs the ray extra): it starts a local Ray instance, ~20 s.


@pytest.fixture(scope="module")
def local_ray():
    import os

    # Ray's workers import the fake parser by name, as pickled: put tests/ on their path.
    path = os.pathsep.join(filter(None, [str(REPO / "tests"), os.environ.get("PYTHONPATH")]))
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True,
             runtime_env={"env_vars": {"PYTHONPATH": path}})
    yield
    ray.shutdown()


def _same_tables(left: Path, right: Path) -> None:
    a, b = read_dataset(left), read_dataset(right)
    for table in a:
        assert a[table].schema == b[table].schema, table
        assert a[table].equals(b[table]), table


def test_ray_engine_writes_the_same_tables_as_the_local_engine(local_ray, tmp_path):
    docs = {f"xa-{i % 3}/cv-{i:02d}.txt": letter(i, "@@ATTACH\n1. Phòng Y tế chủ trì." if i % 5 == 0 else "")
            for i in range(40)}
    corpus = write_corpus(tmp_path / "corpus", {**docs, "xa-0/broken.txt": "@@BUG"})
    local = run_parse([str(corpus)], out=tmp_path / "local", jobs=2, parse=fake_parse, progress=False)
    remote = run_parse([str(corpus)], out=tmp_path / "ray", engine="ray", parse=fake_parse, progress=False)
    assert local == remote == 1  # the broken file is an error row on both engines
    _same_tables(tmp_path / "local", tmp_path / "ray")
    assert read_dataset(tmp_path / "ray")["documents"].num_rows == 40 + 8


@pytest.mark.skipif(real_parser_problem() is not None, reason=str(real_parser_problem()))
def test_ray_engine_with_the_real_parser_on_the_seeds(local_ray, tmp_path):
    seeds = REPO / "corpus" / "seeds"
    local = run_parse([str(seeds)], out=tmp_path / "local", jobs=1, progress=False)
    remote = run_parse([str(seeds)], out=tmp_path / "ray", engine="ray", progress=False)
    assert local == remote
    _same_tables(tmp_path / "local", tmp_path / "ray")
