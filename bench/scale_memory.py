"""Peak memory at corpus scale: is RSS independent of the number of documents?

Builds N documents (default 100,000, `BENCH_MEMORY_DOCS`) the way `run_bench.py` does, in a scratch
folder (`BENCH_WORK`, default the system temp folder; about 27 KB per document), then runs
`parse --jobs <all cores>` and a full `refresh` on it, sampling the summed RSS of the CLI process and
its workers every 0.1 s. Prints and saves `bench/memory-<N>.json`; nothing is asserted.

    .venv/bin/python bench/scale_memory.py            # 100,000 documents, ~2.7 GB of text, ~25 min on 2 cores
    BENCH_MEMORY_DOCS=20000 .venv/bin/python bench/scale_memory.py
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_bench import BENCH, build_corpus, run_cli  # noqa: E402


def main() -> None:
    n = int(os.environ.get("BENCH_MEMORY_DOCS", "100000"))
    seed = int(os.environ.get("BENCH_SEED", "7"))
    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="directive-memory-", dir=os.environ.get("BENCH_WORK")))
    try:
        corpus = work / "corpus"
        print(f"building {n} documents under {corpus} …", file=sys.stderr)
        paths = build_corpus(n, seed, corpus)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        common = [str(corpus), "--no-progress", "--timeout", "60", "--jobs", str(cores)]
        results: dict = {"docs": n, "corpus_mb": round(megabytes, 1), "cores": cores}
        print(f"parse --jobs {cores} …", file=sys.stderr)
        results["parse_all_cores"] = run_cli(["parse", *common, "--out", str(work / "parsed")])
        shutil.rmtree(work / "parsed", ignore_errors=True)
        print("refresh: full …", file=sys.stderr)
        results["refresh_full"] = run_cli(["refresh", *common, "--out", str(work / "dataset")])
        results["peak_tree_rss_mb"] = max(results[k]["peak_tree_rss_mb"] or 0 for k in ("parse_all_cores", "refresh_full"))
        results["peak tree RSS < 1 GB"] = results["peak_tree_rss_mb"] < 1024
    finally:
        shutil.rmtree(work, ignore_errors=True)
    saved = json.dumps(results, ensure_ascii=False, indent=1) + "\n"
    (BENCH / f"memory-{n}.json").write_text(saved, encoding="utf-8")
    print(saved)


if __name__ == "__main__":
    main()
