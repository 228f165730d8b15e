"""The hand-made gold of the independent evaluation set (corpus/fixtures-gold/*.json) is well-formed.

Checks the gold files only, never the parser: every key of the seed gold
schema is present, task ids are unique and their parents exist, dates are ISO,
enumerations hold RECORDS.md values, and what the annotator copied from the
text (task starts, deadline and reference phrases, names) is printed there.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_GOLD = sorted((ROOT / "corpus" / "gold").glob("*.json"))
FIXTURES = ROOT / "corpus" / "fixtures"
GOLD_DIR = ROOT / "corpus" / "fixtures-gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))

FORMS = {"party", "state", "press", "unknown"}
ROLES = {"lead", "cooperate"}
KINDS = {"due", "period", "recurring", "event"}
AUTHORITIES = {None, "TM", "KT", "TL", "TUQ", "Q"}


def _schema(seed_paths: list[Path]) -> dict[str, set[str]]:
    """Keys each kind of object carries in the seed gold files (the format the fixtures must follow)."""
    keys: dict[str, set[str]] = {k: set() for k in ("doc", "issuer", "task", "assignee", "deadline", "reference", "cc", "signatory")}
    for path in seed_paths:
        doc = json.loads(path.read_text(encoding="utf-8"))
        for d in [doc, *doc["attachments"]]:
            keys["doc"] |= set(d) - {"copy_of"}
            keys["issuer"] |= set(d["issuer"])
            keys["signatory"] |= set(d["signatory"] or {})
            for t in d["tasks"]:
                keys["task"] |= set(t)
                for a in t["assignees"]:
                    keys["assignee"] |= set(a)
                for dl in t["deadlines"]:
                    keys["deadline"] |= set(dl)
            for r in d["references"]:
                keys["reference"] |= set(r)
            for c in d["cc"]:
                keys["cc"] |= set(c)
    return keys


SCHEMA = _schema(SEED_GOLD)
COPY_MARK_KEYS = {"kind", "number", "symbol", "issuer", "issued_date", "signer"}


def _flat(text: str) -> str:
    """NFC, one space for every run of white space: lets gold strings that join wrapped lines be found."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _documents(doc: dict):
    yield doc
    for attachment in doc["attachments"]:
        yield from _documents(attachment)


def _is_iso(value) -> bool:
    if value is None:
        return True
    try:
        return dt.date.fromisoformat(value).isoformat() == value
    except (TypeError, ValueError):
        return False


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_fixture_has_gold_and_every_gold_its_fixture():
    texts = {p.stem for p in FIXTURES.glob("*.txt")}
    golds = {p.stem for p in GOLD_FILES}
    assert texts and texts == golds


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_gold_has_every_key_of_the_seed_schema(path):
    doc = _load(path)
    assert doc["source_path"] == f"{path.stem}.txt"
    assert isinstance(doc.get("notes"), str) and doc["notes"].strip()
    for d in _documents(doc):
        assert SCHEMA["doc"] <= set(d), SCHEMA["doc"] - set(d)
        assert SCHEMA["issuer"] <= set(d["issuer"])
        if d["signatory"] is not None:
            assert SCHEMA["signatory"] <= set(d["signatory"])
        for t in d["tasks"]:
            assert SCHEMA["task"] <= set(t), t["id"]
            assert all(SCHEMA["assignee"] <= set(a) for a in t["assignees"]), t["id"]
            assert all(SCHEMA["deadline"] <= set(x) for x in t["deadlines"]), t["id"]
        assert all(SCHEMA["reference"] <= set(r) for r in d["references"])
        assert all(SCHEMA["cc"] <= set(c) for c in d["cc"])
        if d.get("copy_of") is not None:
            assert COPY_MARK_KEYS <= set(d["copy_of"])


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_gold_task_tree_is_consistent(path):
    for d in _documents(_load(path)):
        ids = [t["id"] for t in d["tasks"]]
        assert len(ids) == len(set(ids)), "duplicate task ids"
        seen: set[str] = set()
        for t in d["tasks"]:
            expected_parent = t["id"].rsplit("/", 1)[0] if "/" in t["id"] else None
            assert t["parent"] == expected_parent, t["id"]
            assert t["parent"] is None or t["parent"] in seen, f"{t['id']}: parent missing or after the child"
            assert t["text"].strip(), t["id"]
            seen.add(t["id"])


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_gold_values_are_iso_dates_and_known_enumerations(path):
    for d in _documents(_load(path)):
        assert d["form"] in FORMS
        assert _is_iso(d["issued_date"])
        assert d["signatory"] is None or d["signatory"]["authority"] in AUTHORITIES
        assert d["number"] is None or d["number"].isdigit()
        assert d["symbol"] is None or " " not in d["symbol"]
        for t in d["tasks"]:
            for a in t["assignees"]:
                assert a["role"] in ROLES and a["body"].strip(), t["id"]
            for x in t["deadlines"]:
                assert x["kind"] in KINDS and x["raw"].strip(), t["id"]
                assert _is_iso(x["date"]) and _is_iso(x["end"]), t["id"]
                assert (x["date"] is not None) == (x["kind"] in {"due", "period"}), t["id"]
                assert (x["end"] is not None) == (x["kind"] == "period"), t["id"]
                assert x["end"] is None or x["end"] >= x["date"], t["id"]
        for r in d["references"]:
            assert r["number"].isdigit() and _is_iso(r["date"]), r["raw"]
        if d.get("copy_of"):
            assert _is_iso(d["copy_of"]["issued_date"])


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_gold_strings_are_printed_in_the_text(path):
    text = _flat((FIXTURES / f"{path.stem}.txt").read_text(encoding="utf-8"))
    for d in _documents(_load(path)):
        printed = [t["text"][:40] for t in d["tasks"]]
        printed += [x["raw"] for t in d["tasks"] for x in t["deadlines"]]
        printed += [a["body"] for t in d["tasks"] for a in t["assignees"]]
        printed += [r["raw"] for r in d["references"]] + d["recipients"] + [c["body"] for c in d["cc"]]
        printed += [s for s in (d["subject"], d["place"], (d["signatory"] or {}).get("name")) if s]
        for s in printed:
            assert _flat(s) in text, s
