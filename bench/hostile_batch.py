"""A batch of hostile inputs mixed with good files (issue 5): it must finish in bounded time with
peak RSS under 2 GB, every bad file an errors row or a warned record, every good file present.

    .venv/bin/python bench/hostile_batch.py      (also run by `make bench`)

Prints what each hostile file gave and the batch's time and peak memory; saves bench/hostile.json.
Measured, never asserted in tests.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the hostile-input builders live with the reader tests

import test_readers as builders  # noqa: E402


def deep_numbering(depth: int) -> bytes:
    """A body whose items nest `depth` levels deep: 1. / 1.1. / 1.1.1. …"""
    lines = ["ỦY BAN NHÂN DÂN XÃ AN HÒA", "Số: 1/UBND", "Kính gửi: Các thôn.", "Yêu cầu:"]
    for level in range(1, depth + 1):
        lines.append(".".join(["1"] * level) + ". Nội dung cấp " + str(level) + ".")
    return "\n".join(lines).encode()


def hostile_files() -> dict[str, bytes]:
    files = {name.replace(" ", "_").replace(",", "") + "." + file_name.rsplit(".", 1)[1]: data
             for name, file_name, data, limits, error, words in builders.HOSTILE if data is not None and limits is None}
    files["zip_bomb_1GB.docx"] = builders.zip_bomb(1 << 30)
    files["nested_300_deep.txt"] = deep_numbering(300)
    files["bullets_500_deep.txt"] = ("Số: 2/UBND\nYêu cầu:\n" + "\n".join(
        ["- ", "+ ", "• ", "* "][k % 4] + f"mức {k}" for k in range(500))).encode()
    return files


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="hostile-"))
    corpus, out = work / "corpus", work / "out"
    corpus.mkdir()
    for path in sorted((ROOT / "corpus" / "seeds").glob("*.txt")):
        shutil.copy(path, corpus / path.name)
    bad = hostile_files()
    for name, data in bad.items():
        (corpus / name).write_bytes(data)
    cli = ROOT / ".venv" / "bin" / "directive-parser"
    start = time.perf_counter()
    run = subprocess.run([str(cli), "parse", str(corpus), "--out", str(out), "--jobs", "2", "--timeout", "60"],
                         capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    import pyarrow.parquet as pq  # after the run: the batch itself must not need us to import anything

    documents = pq.read_table(out / "documents").to_pylist() if (out / "documents").exists() else \
        pq.read_table(out / "documents.parquet").to_pylist()
    errors = pq.read_table(out / "errors").to_pylist() if (out / "errors").exists() else \
        pq.read_table(out / "errors.parquet").to_pylist()
    parsed = {Path(d["source_path"]).name: d for d in documents if not d.get("parent_doc_id")}
    failed = {Path(e["path"]).name: e for e in errors}
    outcome = {}
    for name in sorted(bad):
        if name in failed:
            outcome[name] = f"error row: {failed[name]['error_type']}: {failed[name]['message'][:90]}"
        elif name in parsed:
            outcome[name] = f"record with {len(parsed[name]['warnings'] or [])} warning(s): {(parsed[name]['warnings'] or [''])[0][:70]}"
        else:
            outcome[name] = "MISSING"
    good_present = all(p.name in parsed for p in (ROOT / "corpus" / "seeds").glob("*.txt"))
    result = {"files": len(bad) + 5, "hostile": len(bad), "seconds": round(seconds, 2), "peak_rss_mb": round(peak_mb, 1),
              "exit_code": run.returncode, "good_files_all_present": good_present, "outcome": outcome}
    for name, what in outcome.items():
        print(f"{name:40s} {what}")
    print(f"{len(bad)} hostile + 5 good files: {seconds:.1f} s, peak RSS {peak_mb:.0f} MB, exit {run.returncode}, "
          f"good files all present: {good_present}")
    (ROOT / "bench" / "hostile.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
