"""Well-formedness of the hand-made gold in corpus/holdout2-gold.

Checks only the gold itself (keys as in corpus/gold, ids and parents, ISO
dates, deadline shapes, strings that can be found in the document after
white space is folded); it never runs the parser.
"""

import datetime
import json
import re
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TEXTS = CORPUS / "holdout2"
GOLDS = CORPUS / "holdout2-gold"
SEED_GOLD = sorted((CORPUS / "gold").glob("*.json"))

GOLD_FILES = sorted(GOLDS.glob("*.json"))
GOLD_IDS = [p.stem for p in GOLD_FILES]


def seed_keys() -> dict[str, set[str]]:
    """Key sets of each record kind, read off the seed gold (the format to follow)."""
    seeds = [json.loads(p.read_text(encoding="utf-8")) for p in SEED_GOLD]
    tasks = [t for s in seeds for t in s["tasks"]]
    return {
        "top": set(seeds[0]),
        "task": set(tasks[0]),
        "assignee": set(next(a for t in tasks for a in t["assignees"])),
        "deadline": set(next(d for t in tasks for d in t["deadlines"])),
        "reference": set(next(r for s in seeds for r in s["references"])),
        "copy": set(next(c for s in seeds for c in s["cc"])),
        "signatory": set(next(s["signatory"] for s in seeds if s["signatory"])),
    }


KEYS = seed_keys()
# which of date / end a deadline of each kind carries (True: set, False: null)
DEADLINE_SHAPE = {
    "due": (True, False),
    "period": (True, True),
    "recurring": (False, False),
    "event": (False, False),
}
LABEL = re.compile(r"^(?:\d+(?:\.\d+)*|\(\d+\)|[a-zđ]|[IVXLC]+|[-+]\d+|¶\d+|Điều \d+)$")


def fold(text: str) -> str:
    """One space for every run of white space: 'a \\n b' → 'a b'."""
    return re.sub(r"\s+", " ", text).strip()


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def document_text(gold: dict) -> str:
    return fold((TEXTS / gold["source_path"]).read_text(encoding="utf-8"))


def is_iso_date(value: str) -> bool:
    return (
        re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None
        and datetime.date.fromisoformat(value).year in range(1945, 2031)
    )


def printed_strings(gold: dict) -> list[tuple[str, str]]:
    """(where, value) for every gold value that must be printed in the text."""
    rows = [("issuer.name", gold["issuer"]["name"]), ("issuer.parent", gold["issuer"]["parent"]),
            ("place", gold["place"]), ("subject", gold["subject"]), ("number", gold["number"])]
    rows += [("recipient", r) for r in gold["recipients"]]
    rows += [("cc", c["body"]) for c in gold["cc"]]
    rows += [("cc.purpose", c["purpose"]) for c in gold["cc"]]
    rows += [("reference", r["raw"]) for r in gold["references"]]
    if gold["signatory"]:
        sig = gold["signatory"]
        rows += [("signatory.name", sig["name"]), ("signatory.on_behalf_of", sig["on_behalf_of"])]
        rows += [("signatory.title", t) for t in sig["titles"]]
    for task in gold["tasks"]:
        rows.append((f"task {task['id']} text", task["text"]))
        rows += [(f"task {task['id']} assignee", a["body"]) for a in task["assignees"]]
        rows += [(f"task {task['id']} deadline", d["raw"]) for d in task["deadlines"]]
    return [(where, value) for where, value in rows if value is not None]


def test_every_text_has_a_gold_and_back():
    assert sorted(p.stem for p in TEXTS.glob("*.txt")) == GOLD_IDS
    assert len(GOLD_IDS) == 10


@pytest.mark.parametrize("path", GOLD_FILES, ids=GOLD_IDS)
def test_top_level_keys_match_the_seed_gold(path):
    gold = load(path)
    assert set(gold) == KEYS["top"]
    assert gold["source_path"] == path.stem + ".txt"
    assert gold["form"] in {"party", "state", "press", "unknown"}
    assert set(gold["issuer"]) == {"name", "parent"}
    assert gold["attachments"] == []
    assert gold["notes"].strip()


@pytest.mark.parametrize("path", GOLD_FILES, ids=GOLD_IDS)
def test_nested_records_have_the_contract_keys(path):
    gold = load(path)
    for task in gold["tasks"]:
        assert set(task) == KEYS["task"], task["id"]
        assert task["text"].strip(), task["id"]
        for assignee in task["assignees"]:
            assert set(assignee) == KEYS["assignee"] and assignee["role"] in {"lead", "cooperate"}, task["id"]
        for deadline in task["deadlines"]:
            assert set(deadline) == KEYS["deadline"] and deadline["kind"] in DEADLINE_SHAPE, task["id"]
    for reference in gold["references"]:
        assert set(reference) == KEYS["reference"]
    for copy in gold["cc"]:
        assert set(copy) == KEYS["copy"]
    if gold["signatory"] is not None:
        assert set(gold["signatory"]) == KEYS["signatory"]


@pytest.mark.parametrize("path", GOLD_FILES, ids=GOLD_IDS)
def test_task_ids_are_unique_label_paths_with_parents_before_them(path):
    seen: set[str] = set()
    for task in load(path)["tasks"]:
        tid, parent = task["id"], task["parent"]
        assert tid not in seen, f"duplicate id {tid}"
        assert all(LABEL.match(label) for label in tid.split("/")), tid
        expected_parent = tid.rsplit("/", 1)[0] if "/" in tid else None
        assert parent == expected_parent, tid
        assert parent is None or parent in seen, f"{tid}: parent {parent} missing or later"
        seen.add(tid)


@pytest.mark.parametrize("path", GOLD_FILES, ids=GOLD_IDS)
def test_dates_are_iso_and_deadlines_have_their_kind_shape(path):
    gold = load(path)
    assert gold["issued_date"] is None or is_iso_date(gold["issued_date"])
    for reference in gold["references"]:
        assert reference["date"] is None or is_iso_date(reference["date"]), reference["raw"]
    for task in gold["tasks"]:
        for deadline in task["deadlines"]:
            has_date, has_end = DEADLINE_SHAPE[deadline["kind"]]
            assert (deadline["date"] is not None) == has_date, (task["id"], deadline["raw"])
            assert (deadline["end"] is not None) == has_end, (task["id"], deadline["raw"])
            if has_date:
                assert is_iso_date(deadline["date"]), deadline
            if has_end:
                assert is_iso_date(deadline["end"]) and deadline["end"] >= deadline["date"], deadline


@pytest.mark.parametrize("path", GOLD_FILES, ids=GOLD_IDS)
def test_gold_strings_are_printed_in_the_text(path):
    gold = load(path)
    text = document_text(gold)
    missing = [(where, value) for where, value in printed_strings(gold) if fold(value) not in text]
    assert missing == []
    if gold["symbol"] is not None:
        assert gold["symbol"] in text.replace(" ", ""), gold["symbol"]


@pytest.mark.parametrize("path", GOLD_FILES, ids=GOLD_IDS)
def test_tasks_appear_in_document_order(path):
    gold = load(path)
    text = document_text(gold)
    starts = [text.find(fold(task["text"])) for task in gold["tasks"]]
    assert starts == sorted(starts)
