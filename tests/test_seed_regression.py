"""The five seed documents and their hand-made gold: the held regression set.

Header fields, recipients, cc, signatory and task ids must stay exactly right;
the whole scoring (RECORDS.md rules) must stay above the floor the issues set.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from directive_parser import parse_file
from directive_parser.evaluate import norm, score_documents

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
GOLD = ROOT / "corpus" / "gold"


def _pairs():
    for path in SEEDS:
        gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
        pred = parse_file(path, root=path.parent).model_dump(mode="json")
        yield path.stem, gold, pred


PAIRS = list(_pairs())
SCALARS = ["form", "number", "symbol", "doc_type", "place", "issued_date"]


def _flatten(gold: dict, pred: dict, prefix: str = ""):
    yield prefix, gold, pred
    for k, (g, p) in enumerate(zip(gold.get("attachments", []), pred.get("attachments", []))):
        yield from _flatten(g, p, f"{prefix}attachment{k + 1}.")


@pytest.mark.parametrize("stem,gold,pred", PAIRS, ids=[p[0] for p in PAIRS])
def test_header_fields_match_gold(stem, gold, pred):
    assert len(pred["attachments"]) == len(gold["attachments"])
    for where, g, p in _flatten(gold, pred):
        for field in SCALARS:
            assert norm(p[field] or "") == norm(g[field] or ""), where + field
        assert norm(p["issuer"]["name"] or "") == norm(g["issuer"]["name"] or ""), where + "issuer.name"
        assert [norm(r) for r in p["recipients"]] == [norm(r) for r in g["recipients"]], where + "recipients"
        assert [norm(c["body"]) for c in p["cc"]] == [norm(c["body"]) for c in g["cc"]], where + "cc"
        gs, ps = g["signatory"] or {}, p["signatory"] or {}
        for field in ("authority", "on_behalf_of", "name"):
            assert norm(ps.get(field) or "") == norm(gs.get(field) or ""), where + "signatory." + field


@pytest.mark.parametrize("stem,gold,pred", PAIRS, ids=[p[0] for p in PAIRS])
def test_task_ids_and_parents_match_gold(stem, gold, pred):
    for where, g, p in _flatten(gold, pred):
        assert [(t["id"], t["parent"]) for t in p["tasks"]] == [(t["id"], t["parent"]) for t in g["tasks"]], where


def test_every_span_points_into_the_text():
    for _, _, pred in PAIRS:
        text = pred["text"]
        for key, (start, end) in pred["spans"].items():
            assert 0 <= start < end <= len(text), key
        for task in pred["tasks"]:
            start, end = task["span"]
            assert text[start:end] == task["text"]


def test_micro_f1_on_the_seed_gold_stays_above_the_floor():
    report = score_documents([(g, p) for _, g, p in PAIRS])
    assert report.micro_f1 >= 0.90, report.render()
