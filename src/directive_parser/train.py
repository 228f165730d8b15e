"""Train the body-mention model (spaCy NER, labels LEAD / COOP) and measure it against the rules.

    python -m directive_parser.train --out models/bodies      # `make model`

Training data, none of it from the seed documents (they are the held regression set):
- synthetic task sentences with assignees known by construction
  (`training/synthetic.py`, the "train" half of its templates and names);
- silver: the rules' assignees on the tasks of the real documents in
  `../shared/corpus-real/docs` (`--real`), 85 % of the documents by a hash of their name.

Measured after training and stored in the model's `meta.json` under `ablation`:
assignee F1 on the seeds (`evaluate.score_documents`, the eval's own scorer) and
pooled `(norm(body), role)` F1 on the held-out synthetic half, for the rules alone,
the model alone and rules + model (the model's spans that overlap no rule span
added). Reproducible: fixed seeds everywhere, CPU only, a few minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

from .training.synthetic import synthetic_rows

REPO = Path(__file__).resolve().parents[2]
DEFAULT_REAL = REPO.parent / "shared" / "corpus-real" / "docs"
SEEDS, GOLD = REPO / "corpus" / "seeds", REPO / "corpus" / "gold"
LABEL_OF_ROLE = {"lead": "LEAD", "cooperate": "COOP"}
ROLE_OF_LABEL = {v: k for k, v in LABEL_OF_ROLE.items()}
MAX_TASK_CHARS = 1500  # longer tasks are whole articles of law; they teach the model little

# Small on purpose: hashed embeddings of 2000 rows, width 64, no vectors, nothing downloaded.
CONFIG = """
[nlp]
lang = "vi"
pipeline = ["ner"]

[nlp.tokenizer]
@tokenizers = "spacy.Tokenizer.v1"

[components]

[components.ner]
factory = "ner"

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
@architectures = "spacy.HashEmbedCNN.v2"
pretrained_vectors = null
width = 64
depth = 4
embed_size = 2000
window_size = 1
maxout_pieces = 3
subword_features = true
"""

Row = tuple[str, list[tuple[int, int, str]]]  # text, [(start, end, LEAD|COOP)]


# ------------------------------------------------------------------------------------------------ data


def _held_document(name: str) -> bool:
    """15 % of the real documents, chosen by a hash of the name, are not trained on."""
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % 100 < 15


def _task_rows(directive) -> Iterable[Row]:
    """(task text, the rules' assignees as spans into it) of a parsed directive and its attachments."""
    for task in directive.tasks:
        start = task.span[0] if task.span else 0
        spans = [(a.span[0] - start, a.span[1] - start, LABEL_OF_ROLE[a.role]) for a in task.assignees if a.span]
        if task.text.strip() and len(task.text) <= MAX_TASK_CHARS:
            yield task.text, spans
    for attachment in directive.attachments:
        yield from _task_rows(attachment)


def real_rows(folder: Path, held: bool, rng: random.Random, keep_empty: float = 0.2) -> list[Row]:
    """Silver rows from the real documents of `folder` (the held 15 % or the rest); tasks without
    any assignee are sampled (`keep_empty`) so that they do not swamp the others."""
    from .pipeline import parse_file

    rows: list[Row] = []
    for path in sorted(Path(folder).glob("*")):
        if not path.is_file() or _held_document(path.name) != held:
            continue
        for text, spans in _task_rows(parse_file(path)):
            if spans or rng.random() < keep_empty:
                rows.append((text, spans))
    return rows


def synthetic(count: int, split: str, seed: int) -> list[Row]:
    return [(r.text, r.bodies) for r in synthetic_rows(count, split=split, seed=seed)]


def _examples(nlp, rows: list[Row]):
    """spaCy Examples; an entity whose edges fall inside a token is snapped to token edges."""
    from spacy.tokens import Span
    from spacy.training import Example
    from spacy.util import filter_spans

    examples = []
    for text, spans in rows:
        doc = nlp.make_doc(text)
        ents = [doc.char_span(s, e, label=label, alignment_mode="expand") for s, e, label in spans]
        ents = filter_spans([Span(doc, e.start, e.end, e.label_) for e in ents if e is not None and len(e)])
        reference = doc.copy()
        reference.ents = ents
        examples.append(Example(nlp.make_doc(text), reference))
    return examples


# ---------------------------------------------------------------------------------------------- training


def new_model():
    from spacy.util import load_config_from_str, load_model_from_config

    return load_model_from_config(load_config_from_str(CONFIG), auto_fill=True, validate=True)


def train(rows: list[Row], epochs: int, seed: int, log: Callable[[str], None] = print):
    from spacy.training import Example  # noqa: F401  (spaCy's training helpers load here)
    from spacy.util import compounding, fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = new_model()
    examples = _examples(nlp, rows)
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for epoch in range(epochs):
        started = time.time()
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=compounding(8.0, 64.0, 1.001)):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
        log(f"epoch {epoch + 1}/{epochs}: loss {losses.get('ner', 0):.1f} ({time.time() - started:.0f} s)")
    return nlp


# ------------------------------------------------------------------------------------------- evaluation


def model_spans(model, text: str) -> list[tuple[int, int, str]]:
    """(start, end, role) of the bodies the model finds in one task's text."""
    return [(e.start_char, e.end_char, ROLE_OF_LABEL[e.label_]) for e in model(text).ents]


def merged(rule: list[tuple[int, int, str]], extra: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The rule spans, plus the model spans that overlap none of them."""
    return rule + [m for m in extra if not any(m[0] < r[1] and r[0] < m[1] for r in rule)]


def _f1(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def score_rows(rows: list[Row], predict: Callable[[str], list[tuple[int, int, str]]]) -> dict:
    """Pooled set F1 over each row's `(norm(body), role)` pairs."""
    from .evaluate import norm

    tp = fp = fn = 0
    for text, spans in rows:
        gold = {(norm(text[s:e]), ROLE_OF_LABEL[label]) for s, e, label in spans}
        predicted = {(norm(text[s:e]), role) for s, e, role in predict(text)}
        tp, fp, fn = tp + len(gold & predicted), fp + len(predicted - gold), fn + len(gold - predicted)
    return _f1(tp, fp, fn)


def rule_spans(text: str) -> list[tuple[int, int, str]]:
    from .assignees import find_assignees

    return [(a.span[0], a.span[1], a.role) for a in find_assignees(text) if a.span]


def _with_model_assignees(record: dict, model, mode: str) -> dict:
    """A parsed record (`model_dump(mode="json")`) with each task's assignees replaced by the
    model's (`mode="model"`) or with the model's additions (`mode="union"`)."""
    tasks = []
    for task in record.get("tasks") or []:
        start = (task.get("span") or [0])[0]
        rule = [(a["span"][0] - start, a["span"][1] - start, a["role"]) for a in task["assignees"] if a.get("span")]
        found = model_spans(model, task["text"])
        chosen = found if mode == "model" else merged(rule, found)
        assignees = [{"body": task["text"][s:e], "role": role} for s, e, role in chosen]
        tasks.append({**task, "assignees": assignees})
    attachments = [_with_model_assignees(a, model, mode) for a in record.get("attachments") or []]
    return {**record, "tasks": tasks, "attachments": attachments}


def seed_ablation(model) -> dict:
    """Assignee P/R/F1 on the seed gold: rules, model alone, rules + model."""
    from .evaluate import score_documents
    from .pipeline import parse_file

    pairs = []
    for gold_path in sorted(GOLD.glob("*.json")):
        seed = SEEDS / f"{gold_path.stem}.txt"
        if seed.is_file():
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            pairs.append((gold, parse_file(seed).model_dump(mode="json")))
    out = {}
    for mode in ("rules", "model", "union"):
        scored = pairs if mode == "rules" else [(g, _with_model_assignees(p, model, mode)) for g, p in pairs]
        c = score_documents(scored).fields["assignees"]
        out[mode] = _f1(c.tp, c.fp, c.fn)
    return out


def row_ablation(model, rows: list[Row]) -> dict:
    return {
        "rules": score_rows(rows, rule_spans),
        "model": score_rows(rows, lambda t: model_spans(model, t)),
        "union": score_rows(rows, lambda t: merged(rule_spans(t), model_spans(model, t))),
    }


# ------------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "models" / "bodies")
    parser.add_argument("--real", type=Path, default=DEFAULT_REAL, help="folder of real documents (silver)")
    parser.add_argument("--synthetic", type=int, default=2500, help="synthetic training rows")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    rng = random.Random(args.seed)
    rows = synthetic(args.synthetic, "train", args.seed)
    real_train = real_rows(args.real, held=False, rng=rng) if args.real.is_dir() else []
    if not real_train:
        log(f"no real documents at {args.real}: training on synthetic rows only")
    rows += real_train
    log(f"training rows: {len(rows)} ({len(rows) - len(real_train)} synthetic, {len(real_train)} real silver)")
    model = train(rows, epochs=args.epochs, seed=args.seed, log=log)

    heldout = synthetic(1000, "heldout", args.seed)
    ablation = {"seeds": seed_ablation(model), "synthetic_heldout": row_ablation(model, heldout)}
    if args.real.is_dir():
        # Against the rules' own output: agreement, not accuracy.
        ablation["real_heldout_agreement_with_rules"] = score_rows(
            real_rows(args.real, held=True, rng=random.Random(args.seed), keep_empty=1.0),
            lambda t: model_spans(model, t),
        )
    model.meta.update({
        "name": "directive_bodies",
        "version": "0.1.0",
        "description": "Body mentions in Vietnamese directive tasks: LEAD (must act) and COOP (phối hợp).",
        "ablation": ablation,
        "training": {"synthetic_rows": args.synthetic, "real_silver_rows": len(real_train),
                     "epochs": args.epochs, "seed": args.seed},
    })
    args.out.mkdir(parents=True, exist_ok=True)
    model.to_disk(args.out)
    print(json.dumps(ablation, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
