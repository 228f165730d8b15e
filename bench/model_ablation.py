"""Assignee F1 on every gold set: rules only, the trained body model only, rules + model.

    .venv/bin/python bench/model_ablation.py      (after `make model`)

The model stays out of the default parse path unless it beats the rules here.
"""
import json, sys
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from directive_parser.train import _with_model_assignees, _f1
from directive_parser.spacy_pipeline import load_body_model
from directive_parser.evaluate import score_documents
from directive_parser.pipeline import parse_file
model = load_body_model()
for gold_dir, doc_dir in [("corpus/gold","corpus/seeds"),("corpus/fixtures-gold","corpus/fixtures"),("corpus/holdout-gold","corpus/holdout"),("corpus/holdout2-gold","corpus/holdout2")]:
    pairs = []
    for gp in sorted((ROOT / gold_dir).glob("*.json")):
        doc = next((ROOT / doc_dir).glob(gp.stem + ".*"))
        pairs.append((json.loads(gp.read_text()), parse_file(doc).model_dump(mode="json")))
    row = []
    for mode in ("rules", "model", "union"):
        scored = pairs if mode == "rules" else [(g, _with_model_assignees(p, model, mode)) for g, p in pairs]
        c = score_documents(scored).fields["assignees"]
        row.append(f"{mode} F1 {_f1(c.tp, c.fp, c.fn)['f1']:.3f}")
    print(doc_dir, " | ".join(row))
