"""Fingerprint of the parser's output: one hash per input text, to prove that a speed-up changes nothing.

    python bench/fingerprint.py --save /tmp/before.json        # on the old code
    python bench/fingerprint.py --against /tmp/before.json     # on the new code: lists every text whose record changed

Inputs: every .txt/.md under corpus/ and /work/shared/corpus-real/docs (when present), and for each
gold-set text two damaged variants that reach other code paths: all line breaks lost (glued, as from a
bad PDF) and all accents stripped. Records are parsed in-process with `parse_text` and dumped as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from directive_parser import parse_text  # noqa: E402

SOURCES = [REPO / "corpus", Path("/work/shared/corpus-real/docs")]


def strip_accents(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def inputs() -> dict[str, str]:
    texts: dict[str, str] = {}
    for folder in SOURCES:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".txt", ".md"):
                continue
            name = str(path.relative_to(folder.parent))
            text = path.read_text(encoding="utf-8", errors="replace")
            texts[name] = text
            if folder.name == "corpus":
                texts[name + "#glued"] = " ".join(text.split("\n"))
                texts[name + "#no-accents"] = strip_accents(text)
    return texts


def fingerprint() -> tuple[dict[str, str], float, int]:
    hashes, seconds, chars = {}, 0.0, 0
    for name, text in inputs().items():
        started = time.process_time()
        record = parse_text(text)
        seconds += time.process_time() - started
        chars += len(text)
        hashes[name] = hashlib.sha256(record.model_dump_json().encode("utf-8")).hexdigest()[:20]
    return hashes, seconds, chars


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--save", type=Path, help="write the per-text hashes here")
    ap.add_argument("--against", type=Path, help="compare with hashes saved earlier; exit 1 if any differ")
    args = ap.parse_args()
    hashes, seconds, chars = fingerprint()
    total = hashlib.sha256("".join(f"{k}={v}\n" for k, v in sorted(hashes.items())).encode()).hexdigest()[:20]
    print(f"{len(hashes)} texts, {chars / 1e6:.1f} M chars, parse CPU {seconds:.2f} s "
          f"({len(hashes) / seconds:.1f} texts/s), fingerprint {total}")
    if args.save:
        args.save.write_text(json.dumps(hashes, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    if args.against:
        before = json.loads(args.against.read_text(encoding="utf-8"))
        changed = sorted(k for k in before.keys() | hashes.keys() if before.get(k) != hashes.get(k))
        for name in changed:
            print("changed:", name)
        print(f"{len(changed)} of {len(hashes)} records differ")
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
