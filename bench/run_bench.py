"""`make bench`: throughput, memory and refresh cost on a generated corpus of realistic directives.

    make bench                            # 10,000 documents (275 MB), built under bench/corpus/; ~9 min on 2 cores
    BENCH_DOCS=2000 make bench            # a quicker run; BENCH_SEED=7 chooses the variations

10,000 by default: a nightly corpus holds tens of thousands of files, and at 2,000 a 1% refresh
(20 files) is mostly the fixed second of start-up, which says little about a night's run.

The corpus is made of variations of corpus/seeds and /work/shared/corpus-real/docs (when present):
bullet runs shuffled, numbers, dates and surnames changed; deterministic for a given seed. Measured:
parse → Parquet with --jobs 1 and with every core (docs/s, MB/s, peak RSS), a full refresh, a refresh
with 1% of the files changed and one with nothing changed, and underthesea's `word_tokenize` docs/s
on the same texts as the reference point. Printed, and saved to bench/results.json (and results-<N>.json). Never asserted.
"""

from __future__ import annotations

import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CORPUS = BENCH / "corpus"
SOURCES = [REPO / "corpus" / "seeds", Path("/work/shared/corpus-real/docs")]
CLI = [sys.executable, "-m", "directive_parser"]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
_SURNAME = re.compile(r"\b(" + "|".join(SURNAMES) + r")\b")
_NUMBER = re.compile(r"(Số:?\s*)(\d+)")
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(20\d\d)\b")
_LONG_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(20\d\d)")
_BULLET = re.compile(r"^\s*[-+]\s")


def source_texts() -> list[str]:
    texts = []
    for folder in SOURCES:
        if folder.is_dir():
            texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.*"))
                      if p.suffix in (".txt", ".md")]
    return texts


def shuffle_bullet_runs(text: str, rng: random.Random) -> str:
    """Reorder each run of consecutive `- …` lines: the same tasks, in another order."""
    lines, out, run = text.split("\n"), [], []
    for line in lines + [""]:
        if _BULLET.match(line):
            run.append(line)
            continue
        rng.shuffle(run)
        out += run + [line]
        run = []
    return "\n".join(out[:-1])


def vary(text: str, rng: random.Random) -> str:
    """One realistic variation: new number, dates moved within their year, other surnames, bullets shuffled."""
    year_shift = rng.randint(-3, 1)
    text = _NUMBER.sub(lambda m: f"{m.group(1)}{rng.randint(1, 9999)}", text, count=1)
    text = _SLASH_DATE.sub(lambda m: f"{rng.randint(1, 28)}/{m.group(2)}/{int(m.group(3)) + year_shift}", text)
    text = _LONG_DATE.sub(
        lambda m: f"ngày {rng.randint(1, 28)} tháng {m.group(2)} năm {int(m.group(3)) + year_shift}", text)
    text = _SURNAME.sub(lambda m: rng.choice(SURNAMES), text)
    return shuffle_bullet_runs(text, rng)


def build_corpus(n: int, seed: int, corpus: Path = CORPUS) -> list[Path]:
    """`n` variations of the source texts under `corpus`, reused when the folder already holds them."""
    stamp = corpus / ".stamp"
    wanted = f"{n} {seed} {len(source_texts())}"
    if stamp.exists() and stamp.read_text() == wanted:
        return sorted(p for p in corpus.rglob("*.txt"))
    shutil.rmtree(corpus, ignore_errors=True)
    texts, rng = source_texts(), random.Random(seed)
    paths = []
    for i in range(n):
        path = corpus / f"{i // 1000:03d}" / f"doc-{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(vary(texts[i % len(texts)], rng), encoding="utf-8")
        paths.append(path)
    stamp.write_text(wanted)
    return paths


class TreeRss:
    """Samples the summed RSS of a process and its descendants every 0.1 s; keeps the peak. Needs Linux
    /proc with `task/*/children` (CONFIG_PROC_CHILDREN, on in common distribution kernels)."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        # Each thread's `children` file lists the processes it forked: a walk of the tree alone,
        # far cheaper than reading every process's stat (the sampler shares the cores it measures).
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            for children in Path(f"/proc/{pid}/task").glob("*/children"):
                try:
                    todo += [int(child) for child in children.read_text().split()]
                except OSError:
                    pass
        return tree

    def _rss_kb(self, pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(self._rss_kb(p) for p in self._tree()))
            self._stop.wait(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_cli(args: list[str]) -> dict:
    """Run the CLI; wall seconds, CPU seconds (its own and its workers', from wait4: comparable when
    other jobs load the machine), exit code, the largest single process RSS and the summed tree RSS."""
    started = time.perf_counter()
    child = subprocess.Popen(CLI + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = TreeRss(child.pid) if Path("/proc").is_dir() else None
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    summary = re.search(r"([\d.]+) docs/s\)", stderr)
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "exit_code": child.returncode,
        "in_run_docs_per_s": float(summary.group(1)) if summary else None,
        "max_process_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "peak_tree_rss_mb": round(sampler.stop() / 1024, 1) if sampler else None,
        "stderr_tail": stderr.strip().splitlines()[-1:] if stderr.strip() else [],
    }


def throughput(run: dict, docs: int, megabytes: float) -> dict:
    return {**run, "docs_per_s": round(docs / run["seconds"], 1), "mb_per_s": round(megabytes / run["seconds"], 2)}


def underthesea_rate(paths: list[Path], limit: int) -> dict:
    from underthesea import word_tokenize

    sample = [p.read_text(encoding="utf-8") for p in paths[:limit]]
    word_tokenize(sample[0][:200])  # load its model before the clock starts
    started, cpu_started = time.perf_counter(), time.process_time()
    for text in sample:
        word_tokenize(text)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    return {"docs": len(sample), "seconds": round(seconds, 3), "docs_per_s": round(len(sample) / seconds, 2),
            "cpu_seconds": round(cpu_seconds, 3), "docs_per_cpu_s": round(len(sample) / cpu_seconds, 2)}


def change_one_percent(paths: list[Path], seed: int) -> int:
    rng = random.Random(seed + 1)
    chosen = rng.sample(paths, max(1, len(paths) // 100))
    for path in chosen:
        path.write_text(vary(path.read_text(encoding="utf-8"), rng) + "\n", encoding="utf-8")
    return len(chosen)


def main() -> None:
    n = int(os.environ.get("BENCH_DOCS", "10000"))
    seed = int(os.environ.get("BENCH_SEED", "7"))
    cores = os.cpu_count() or 1
    print(f"building {n} documents under {CORPUS} …", file=sys.stderr)
    paths = build_corpus(n, seed)
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    # Datasets go to a scratch folder (BENCH_WORK to choose it), removed at the end.
    work = Path(tempfile.mkdtemp(prefix="directive-bench-", dir=os.environ.get("BENCH_WORK")))
    results: dict = {
        "docs": n, "corpus_mb": round(megabytes, 2), "seed": seed, "cores": cores,
        "python": platform.python_version(), "machine": platform.machine(),
    }
    common = [str(CORPUS), "--no-progress", "--timeout", "60"]
    print("parse --jobs 1 …", file=sys.stderr)
    results["parse_jobs_1"] = throughput(run_cli(["parse", *common, "--out", str(work / "p1"), "--jobs", "1"]), n, megabytes)
    print(f"parse --jobs {cores} …", file=sys.stderr)
    results["parse_all_cores"] = throughput(
        run_cli(["parse", *common, "--out", str(work / "pn"), "--jobs", str(cores)]), n, megabytes)
    results["scaling"] = round(results["parse_all_cores"]["docs_per_s"] / results["parse_jobs_1"]["docs_per_s"], 2)

    dataset = work / "dataset"
    refresh = ["refresh", str(CORPUS), "--out", str(dataset), "--jobs", str(cores)]
    print("refresh: full …", file=sys.stderr)
    results["refresh_full"] = run_cli(refresh)
    changed = change_one_percent(paths, seed)
    print(f"refresh: {changed} files changed …", file=sys.stderr)
    results["refresh_1pct"] = {**run_cli(refresh), "changed_files": changed}
    print("refresh: nothing changed …", file=sys.stderr)
    results["refresh_unchanged"] = run_cli(refresh)
    results["refresh_1pct_over_full"] = round(results["refresh_1pct"]["seconds"] / results["refresh_full"]["seconds"], 3)
    results["refresh_1pct_over_full_cpu"] = round(
        results["refresh_1pct"]["cpu_seconds"] / results["refresh_full"]["cpu_seconds"], 3)
    (CORPUS / ".stamp").unlink(missing_ok=True)  # the corpus was changed: rebuild it next time

    limit = int(os.environ.get("BENCH_UNDERTHESEA_DOCS", str(min(n, 200))))
    print(f"underthesea word_tokenize on {limit} documents …", file=sys.stderr)
    results["underthesea_word_tokenize"] = underthesea_rate(paths, limit)
    reference = results["underthesea_word_tokenize"]["docs_per_s"]
    results["parse_jobs_1_over_underthesea"] = round(results["parse_jobs_1"]["docs_per_s"] / reference, 1)
    # The same ratio in CPU time (the parse's includes its parent process): steadier than wall time
    # on a shared or virtual machine, where the two measurements minutes apart see different loads.
    results["parse_jobs_1_over_underthesea_cpu"] = round(
        n / results["parse_jobs_1"]["cpu_seconds"] / results["underthesea_word_tokenize"]["docs_per_cpu_s"], 1)
    results["targets"] = {
        "parse_jobs_1 >= 30x underthesea": results["parse_jobs_1_over_underthesea"] >= 30,
        "refresh 1% < 5% of full": results["refresh_1pct_over_full"] < 0.05,
        "refresh 1% < 5% of full (CPU time)": results["refresh_1pct_over_full_cpu"] < 0.05,
        "peak tree RSS < 1 GB": (results["parse_all_cores"]["peak_tree_rss_mb"] or 0) < 1024,
    }
    shutil.rmtree(work, ignore_errors=True)
    saved = json.dumps(results, ensure_ascii=False, indent=1) + "\n"
    (BENCH / "results.json").write_text(saved, encoding="utf-8")  # the latest run
    (BENCH / f"results-{n}.json").write_text(saved, encoding="utf-8")  # the latest run at this size
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
