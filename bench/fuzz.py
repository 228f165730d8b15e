"""Fuzz the whole pipeline (issue 5): N inputs built from the corpus texts — random windows, byte
mutations, shuffled and glued lines, stripped accents, random Unicode — through `parse_bytes`.

    .venv/bin/python bench/fuzz.py 100000          (not in CI: it takes minutes)

A run passes when nothing but `InputError` is raised and every span lies inside the record's text.
Prints the counts and any failing input (saved under bench/fuzz-failures/).
"""

from __future__ import annotations

import json
import multiprocessing
import random
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from directive_parser.errors import InputError  # noqa: E402
from directive_parser.pipeline import parse_bytes  # noqa: E402

SOURCES = sorted((ROOT / "corpus").glob("*/*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in SOURCES]
ALPHABET = "ĐđƯưƠơÂâÊêÔôĂăáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ0123456789-/.,;:()*|#\n \t" + "\u0300\u0301\u0303\u0309\u0323\u00a0\u200b\ufeff"


def make_input(rng: random.Random) -> bytes:
    text = rng.choice(TEXTS)
    start = rng.randrange(len(text))
    window = text[start : start + rng.choice([50, 300, 2000, 8000, 30000])]
    kind = rng.randrange(8)
    if kind == 0:  # random Unicode noise
        window = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 3000)))
    elif kind == 1:  # shuffled lines
        lines = window.split("\n")
        rng.shuffle(lines)
        window = "\n".join(lines)
    elif kind == 2:  # glued lines
        window = window.replace("\n", rng.choice(["", " ", "  "]))
    elif kind == 3:  # lost accents
        window = "".join(c for c in unicodedata.normalize("NFD", window) if unicodedata.category(c) != "Mn")
    elif kind == 4:  # deep numbering
        depth = rng.randrange(1, 400)
        window += "\n" + "\n".join(".".join(["1"] * k) + ". x" for k in range(1, depth))
    data = window.encode(rng.choice(["utf-8", "utf-8", "utf-16"]))
    if kind == 5 and data:  # byte flips
        buf = bytearray(data)
        for _ in range(rng.randrange(1, 20)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        data = bytes(buf)
    return data


def check(seed: int) -> tuple[str, int, str]:
    rng = random.Random(seed)
    data = make_input(rng)
    try:
        d = parse_bytes(data, source_path=f"fuzz-{seed}.txt")
    except InputError:
        return "input_error", seed, ""
    except Exception as exc:  # the thing we look for
        return "crash", seed, f"{type(exc).__name__}: {exc}"[:300]
    n = len(d.text)
    spans = list(d.spans.values()) + [t.span for t in d.tasks] + [r.span for r in d.references]
    spans += [a.span for t in d.tasks for a in t.assignees] + [x.span for t in d.tasks for x in t.deadlines]
    if any(s is not None and not (0 <= s[0] <= s[1] <= n) for s in spans):
        return "bad_span", seed, ""
    return "record", seed, ""


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    start = time.perf_counter()
    counts: dict[str, int] = {}
    failures = []
    with multiprocessing.Pool(2) as pool:
        for outcome, seed, message in pool.imap_unordered(check, range(n), chunksize=64):
            counts[outcome] = counts.get(outcome, 0) + 1
            if outcome in ("crash", "bad_span"):
                failures.append({"seed": seed, "outcome": outcome, "message": message})
    seconds = time.perf_counter() - start
    result = {"inputs": n, "seconds": round(seconds, 1), "counts": counts, "failures": failures[:50]}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    (ROOT / "bench" / "fuzz.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
