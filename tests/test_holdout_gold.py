"""Well-formedness of the held-out gold files (corpus/holdout-gold/*.json).

These tests check only that each gold file is a sound annotation of its text:
the same keys as the seed gold (corpus/gold), unique task ids whose parents
exist, ISO dates, known enum values, and every string value findable in the
document text once white space is folded. They never run the parser.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TEXT_DIR = CORPUS / "holdout"
GOLD_DIR = CORPUS / "holdout-gold"
SEED_GOLD_DIR = CORPUS / "gold"

GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))

TASK_KEYS = {"id", "parent", "text", "assignees", "deadlines"}
ASSIGNEE_KEYS = {"body", "role"}
DEADLINE_KEYS = {"kind", "date", "end", "raw"}
REFERENCE_KEYS = {"type", "number", "symbol", "date", "raw"}
COPY_KEYS = {"body", "purpose"}
SIGNATORY_KEYS = {"authority", "on_behalf_of", "titles", "name"}
COPY_MARK_KEYS = {"kind", "number", "symbol", "issuer", "issued_date", "signer"}
FORMS = {"party", "state", "press", "unknown"}
ROLES = {"lead", "cooperate"}
KINDS = {"due", "period", "recurring", "event"}
AUTHORITIES = {None, "TM", "KT", "TL", "TUQ", "Q"}


def seed_top_keys() -> set[str]:
    """Keys every seed gold document carries (copy_of is optional, attachments only)."""
    key_sets = [set(json.loads(p.read_text(encoding="utf-8"))) for p in SEED_GOLD_DIR.glob("*.json")]
    return set.intersection(*key_sets)


def fold(text: str) -> str:
    """Text as the scorer sees spacing and emphasis: '*'/'_' dropped, white space runs made one space."""
    return re.sub(r"\s+", " ", text.replace("*", "").replace("_", "")).strip()


def is_iso_date(value: object) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def shape_problems(doc: dict, where: str, top_keys: set[str]) -> list[str]:
    """Keys, enums, ids, parents and dates of one gold document and its attachments."""
    problems: list[str] = []
    expected = top_keys | ({"copy_of"} if "copy_of" in doc else set())
    if set(doc) != expected:
        problems.append(f"{where}: keys {sorted(set(doc) ^ expected)} differ from the seed gold")
    if doc["form"] not in FORMS:
        problems.append(f"{where}: form {doc['form']!r}")
    if set(doc["issuer"]) != {"name", "parent"}:
        problems.append(f"{where}: issuer keys {sorted(doc['issuer'])}")
    if doc["issued_date"] is not None and not is_iso_date(doc["issued_date"]):
        problems.append(f"{where}: issued_date {doc['issued_date']!r}")
    ids = [task["id"] for task in doc["tasks"]]
    if len(ids) != len(set(ids)):
        problems.append(f"{where}: duplicate task ids")
    for task in doc["tasks"]:
        tid = task["id"]
        if set(task) != TASK_KEYS:
            problems.append(f"{where} task {tid}: keys {sorted(task)}")
        expected_parent = tid.rsplit("/", 1)[0] if "/" in tid else None
        if task["parent"] != expected_parent or (task["parent"] is not None and task["parent"] not in ids):
            problems.append(f"{where} task {tid}: parent {task['parent']!r}")
        if task["parent"] is not None and ids.index(task["parent"]) > ids.index(tid):
            problems.append(f"{where} task {tid}: parent listed after the child")
        for assignee in task["assignees"]:
            if set(assignee) != ASSIGNEE_KEYS or assignee["role"] not in ROLES:
                problems.append(f"{where} task {tid}: assignee {assignee}")
        for deadline in task["deadlines"]:
            problems += deadline_problems(deadline, f"{where} task {tid}")
    for ref in doc["references"]:
        if set(ref) != REFERENCE_KEYS or not str(ref["number"]).isdigit():
            problems.append(f"{where}: reference {ref}")
        if ref["date"] is not None and not is_iso_date(ref["date"]):
            problems.append(f"{where}: reference date {ref['date']!r}")
    ref_keys = [f"{int(r['number'])}|{(r['symbol'] or '').upper()}" for r in doc["references"]]
    if len(ref_keys) != len(set(ref_keys)):
        problems.append(f"{where}: a reference is recorded twice")
    for copy in doc["cc"]:
        if set(copy) != COPY_KEYS:
            problems.append(f"{where}: cc item {copy}")
    signatory = doc["signatory"]
    if signatory is not None:
        if set(signatory) != SIGNATORY_KEYS or signatory["authority"] not in AUTHORITIES:
            problems.append(f"{where}: signatory {signatory}")
    if "copy_of" in doc:
        mark = doc["copy_of"]
        if set(mark) != COPY_MARK_KEYS or not is_iso_date(mark["issued_date"]):
            problems.append(f"{where}: copy_of {mark}")
    for index, attachment in enumerate(doc["attachments"]):
        problems += shape_problems(attachment, f"{where} attachment {index}", top_keys)
    return problems


def deadline_problems(deadline: dict, where: str) -> list[str]:
    if set(deadline) != DEADLINE_KEYS or deadline["kind"] not in KINDS:
        return [f"{where}: deadline {deadline}"]
    kind, start, end = deadline["kind"], deadline["date"], deadline["end"]
    dated = is_iso_date(start) and (end is None or is_iso_date(end))
    well_formed = {
        "due": dated and end is None,
        "period": dated and end is not None and end >= start,
        "recurring": start is None and end is None,
        "event": start is None and end is None,
    }[kind]
    return [] if well_formed else [f"{where}: deadline {deadline}"]


def printed_strings(doc: dict) -> list[tuple[str, str]]:
    """(field, value) pairs of every gold value that must be printed in the text as it stands."""
    pairs = [("issuer.name", doc["issuer"]["name"]), ("issuer.parent", doc["issuer"]["parent"]),
             ("place", doc["place"]), ("subject", doc["subject"]), ("number", doc["number"])]
    pairs += [("recipient", r) for r in doc["recipients"]]
    for task in doc["tasks"]:
        pairs.append((f"task {task['id']} text", task["text"]))
        pairs += [(f"task {task['id']} assignee", a["body"]) for a in task["assignees"]]
        pairs += [(f"task {task['id']} deadline", d["raw"]) for d in task["deadlines"]]
    pairs += [("reference", r["raw"]) for r in doc["references"]]
    pairs += [("cc", c["body"]) for c in doc["cc"]] + [("cc purpose", c["purpose"]) for c in doc["cc"]]
    if doc["signatory"] is not None:
        sig = doc["signatory"]
        pairs += [("signatory.name", sig["name"]), ("signatory.on_behalf_of", sig["on_behalf_of"])]
        pairs += [("signatory.title", t) for t in sig["titles"]]
    if "copy_of" in doc:
        pairs += [("copy_of.issuer", doc["copy_of"]["issuer"]), ("copy_of.signer", doc["copy_of"]["signer"])]
    for attachment in doc["attachments"]:
        pairs += printed_strings(attachment)
    return [(field, value) for field, value in pairs if value is not None]


def test_every_holdout_text_has_gold_and_back():
    texts = {p.stem for p in TEXT_DIR.glob("*.txt")}
    golds = {p.stem for p in GOLD_FILES}
    assert texts == golds
    assert len(golds) >= 16


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_shape(gold_path: Path):
    doc = json.loads(gold_path.read_text(encoding="utf-8"))
    assert doc["source_path"] == gold_path.stem + ".txt"
    assert shape_problems(doc, gold_path.stem, seed_top_keys()) == []


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_strings_are_printed_in_the_text(gold_path: Path):
    doc = json.loads(gold_path.read_text(encoding="utf-8"))
    raw_text = (TEXT_DIR / doc["source_path"]).read_text(encoding="utf-8")
    text = fold(raw_text)
    missing = [(field, value) for field, value in printed_strings(doc) if fold(value) not in text]
    assert missing == []
    if doc["symbol"] is not None:
        assert doc["symbol"] in text.replace(" ", "")


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_task_texts_are_long_enough_to_score(gold_path: Path):
    """The scorer compares the first 40 normed characters of a task's text; shorter gold must be the whole item."""
    doc = json.loads(gold_path.read_text(encoding="utf-8"))
    raw_text = fold((TEXT_DIR / doc["source_path"]).read_text(encoding="utf-8"))
    for task in doc["tasks"]:
        text = fold(task["text"])
        if len(text) < 40:
            # a short gold text must be the whole line it stands on (a heading), not a truncation
            assert re.search(re.escape(text) + r"\s*[:.]?\s*(?:$|\n)", fold_lines(doc["source_path"])), task["id"]
        assert text in raw_text


def fold_lines(source_path: str) -> str:
    """The text with emphasis dropped and spaces folded inside each line, line breaks kept."""
    raw = (TEXT_DIR / source_path).read_text(encoding="utf-8")
    return "\n".join(re.sub(r"[ \t]+", " ", line.replace("*", "").replace("_", "")).strip() for line in raw.splitlines())
