"""A second, separately written reading of the "Scoring" section of RECORDS.md.

It shares no code with `directive_parser.evaluate` and is written in another
style on purpose (character loops, a precomposed tone table, a flow-based
matching), so that a test can check that both readings give the same counts:

    >>> independent_scores([({"number": "06"}, {"number": "6"})])["number"]
    (1, 0, 0)

The open choices are the same as evaluate.py's docstring lists (they are
decisions about the spec, not code): "" and form "unknown" are null, a null
signatory nulls its subfields, task ids compared after NFC + whitespace only,
first task per id, reference key `number-without-leading-zeros|SYMBOL`,
undated deadlines matched one-to-one on (kind, normed raw), ratios computed
gold first, attachments paired by position, copy_of not scored.
"""

from __future__ import annotations

import difflib
import unicodedata

FIELD_NAMES = [
    "form", "issuer.name", "issuer.parent", "number", "symbol", "doc_type", "place",
    "issued_date", "subject", "recipients", "tasks", "assignees", "deadlines",
    "references", "cc", "signatory.authority", "signatory.on_behalf_of",
    "signatory.titles", "signatory.name",
]

# Each row: a vowel with the five tones (grave, acute, hook, tilde, dot below), lower then upper.
_TONED = {
    "o": "òóỏõọ", "O": "ÒÓỎÕỌ",
    "a": "àáảãạ", "A": "ÀÁẢÃẠ",
    "e": "èéẻẽẹ", "E": "ÈÉẺẼẸ",
    "u": "ùúủũụ", "U": "ÙÚỦŨỤ",
    "y": "ỳýỷỹỵ", "Y": "ỲÝỶỸỴ",
}


def _old_to_new_tone_table():
    table = {}
    for first, seconds in (("o", "aAeE"), ("O", "aAeE"), ("u", "yY"), ("U", "yY")):
        for second in seconds:
            for tone in range(5):
                old = _TONED[first][tone] + second
                new = first + _TONED[second][tone]
                table[old] = new
    return table


_TONE_TABLE = _old_to_new_tone_table()


def _retone(text):
    out = []
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in _TONE_TABLE:
            out.append(_TONE_TABLE[pair])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _drop_emphasis(text):
    out = []
    i = 0
    n = len(text)
    while i < n:
        if text[i] in "*_":
            j = i
            while j < n and text[j] in "*_":
                j += 1
            left_is_word = i > 0 and text[i - 1].isalnum()
            right_is_word = j < n and text[j].isalnum()
            if left_is_word and right_is_word:
                out.append(text[i:j])
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def normalise(value):
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _drop_emphasis(text)
    text = " ".join(text.split())
    while text and (text[0] in "-–•+" or text[0] == " "):
        text = text[1:]
    while text and (text[-1] in ",;.:" or text[-1] == " "):
        text = text[:-1]
    text = text.lower()
    return unicodedata.normalize("NFC", _retone(text))


def _ratio(gold_text, predicted_text):
    return difflib.SequenceMatcher(None, gold_text, predicted_text).ratio()


# ------------------------------------------------------------------ reading one record


def _get(record, *keys):
    for key in keys:
        if not isinstance(record, dict):
            return None
        record = record.get(key)
    return record


def _scalar_values(record):
    """field -> raw value (None when absent) for every scalar field."""
    values = {}
    values["form"] = None if record.get("form") == "unknown" else record.get("form")
    values["issuer.name"] = _get(record, "issuer", "name")
    values["issuer.parent"] = _get(record, "issuer", "parent")
    for key in ("number", "symbol", "doc_type", "place", "issued_date", "subject"):
        values[key] = record.get(key)
    signature = record.get("signatory")
    if not isinstance(signature, dict):
        signature = {}
    values["signatory.authority"] = signature.get("authority")
    values["signatory.on_behalf_of"] = signature.get("on_behalf_of")
    values["signatory.name"] = signature.get("name")
    titles = []
    for title in signature.get("titles") or []:
        if title:
            titles.append(title)
    values["signatory.titles"] = " ".join(titles) if titles else None
    return values


def _scalar_is_right(name, gold, predicted):
    g = normalise(gold)
    p = normalise(predicted)
    if name in ("subject", "signatory.titles"):
        return _ratio(g, p) >= 0.9
    if g == p:
        return True
    if name == "number":
        while g.startswith("0"):
            g = g[1:]
        while p.startswith("0"):
            p = p[1:]
        return g == p
    return False


def _task_list(record):
    result = []
    for task in record.get("tasks") or []:
        if isinstance(task, dict):
            result.append(task)
    return result


def _reference_set(record):
    keys = set()
    for reference in record.get("references") or []:
        number = normalise(reference.get("number")).upper()
        if number == "":
            continue
        if number.isdigit() and number.isascii():
            number = str(int(number))
        else:
            while len(number) > 1 and number[0] == "0":
                number = number[1:]
        symbol = reference.get("symbol")
        symbol = "" if symbol is None else normalise(symbol).upper()
        keys.add(number + "|" + symbol)
    return keys


def _set_values(record):
    sets = {"recipients": set(), "cc": set(), "assignees": set()}
    for recipient in record.get("recipients") or []:
        if normalise(recipient):
            sets["recipients"].add(normalise(recipient))
    for copy in record.get("cc") or []:
        body = copy.get("body") if isinstance(copy, dict) else copy
        if normalise(body):
            sets["cc"].add(normalise(body))
    for task in _task_list(record):
        for assignee in task.get("assignees") or []:
            if normalise(assignee.get("body")):
                sets["assignees"].add((normalise(assignee.get("body")), normalise(assignee.get("role"))))
    sets["references"] = _reference_set(record)
    return sets


def _task_texts(record):
    by_id = {}
    for task in _task_list(record):
        key = " ".join(unicodedata.normalize("NFC", str(task.get("id") or "")).split())
        if key and key not in by_id:
            by_id[key] = task.get("text")
    return by_id


def _deadline_pool(record):
    with_date = set()
    without_date = set()
    for task in _task_list(record):
        for deadline in task.get("deadlines") or []:
            kind = normalise(deadline.get("kind"))
            date = normalise(deadline.get("date"))
            if date != "":
                with_date.add((kind, date))
            else:
                without_date.add((kind, normalise(deadline.get("raw"))))
    return with_date, without_date


def _occasions_match(gold, predicted):
    if gold[0] != predicted[0]:
        return False
    a, b = gold[1], predicted[1]
    if a == "" or b == "":
        return a == b
    if a in b or b in a:
        return True
    return _ratio(a, b) >= 0.8


def _largest_pairing(gold_items, predicted_items):
    """Maximum bipartite matching as a unit-capacity max flow, breadth-first augmenting paths."""
    gold_items = list(gold_items)
    predicted_items = list(predicted_items)
    ng, npred = len(gold_items), len(predicted_items)
    # nodes: 0 source, 1..ng gold, ng+1..ng+npred predicted, ng+npred+1 sink
    sink = ng + npred + 1
    capacity = {}

    def add_edge(u, v):
        capacity[(u, v)] = 1
        capacity.setdefault((v, u), 0)

    for gi in range(ng):
        add_edge(0, 1 + gi)
        for pi in range(npred):
            if _occasions_match(gold_items[gi], predicted_items[pi]):
                add_edge(1 + gi, ng + 1 + pi)
    for pi in range(npred):
        add_edge(ng + 1 + pi, sink)
    neighbours = {}
    for (u, v) in capacity:
        neighbours.setdefault(u, []).append(v)
    flow = 0
    while True:
        came_from = {0: None}
        queue = [0]
        while queue and sink not in came_from:
            u = queue.pop(0)
            for v in neighbours.get(u, []):
                if v not in came_from and capacity[(u, v)] > 0:
                    came_from[v] = u
                    queue.append(v)
        if sink not in came_from:
            return flow
        v = sink
        while came_from[v] is not None:
            u = came_from[v]
            capacity[(u, v)] -= 1
            capacity[(v, u)] += 1
            v = u
        flow += 1


# ------------------------------------------------------------------ scoring


def _add(totals, name, tp, fp, fn):
    old = totals[name]
    totals[name] = (old[0] + tp, old[1] + fp, old[2] + fn)


def _score_into(totals, gold, predicted):
    gold = gold or {}
    predicted = predicted or {}

    gold_scalars = _scalar_values(gold)
    predicted_scalars = _scalar_values(predicted)
    for name in gold_scalars:
        g, p = gold_scalars[name], predicted_scalars[name]
        has_g = normalise(g) != ""
        has_p = normalise(p) != ""
        if has_g and has_p:
            if _scalar_is_right(name, g, p):
                _add(totals, name, 1, 0, 0)
            else:
                _add(totals, name, 0, 1, 1)
        elif has_g:
            _add(totals, name, 0, 0, 1)
        elif has_p:
            _add(totals, name, 0, 1, 0)

    gold_sets = _set_values(gold)
    predicted_sets = _set_values(predicted)
    for name in gold_sets:
        both = 0
        for item in gold_sets[name]:
            if item in predicted_sets[name]:
                both += 1
        _add(totals, name, both, len(predicted_sets[name]) - both, len(gold_sets[name]) - both)

    gold_tasks = _task_texts(gold)
    predicted_tasks = _task_texts(predicted)
    good = 0
    for task_id in gold_tasks:
        if task_id in predicted_tasks:
            head = normalise(gold_tasks[task_id])[:40]
            if normalise(predicted_tasks[task_id])[: len(head)] == head:
                good += 1
    _add(totals, "tasks", good, len(predicted_tasks) - good, len(gold_tasks) - good)

    gold_dated, gold_open = _deadline_pool(gold)
    predicted_dated, predicted_open = _deadline_pool(predicted)
    hits = len([pair for pair in gold_dated if pair in predicted_dated])
    hits += _largest_pairing(gold_open, predicted_open)
    _add(totals, "deadlines", hits,
         len(predicted_dated) + len(predicted_open) - hits,
         len(gold_dated) + len(gold_open) - hits)

    gold_attachments = gold.get("attachments") or []
    predicted_attachments = predicted.get("attachments") or []
    index = 0
    while index < len(gold_attachments) or index < len(predicted_attachments):
        g = gold_attachments[index] if index < len(gold_attachments) else {}
        p = predicted_attachments[index] if index < len(predicted_attachments) else {}
        _score_into(totals, g, p)
        index += 1


def independent_scores(pairs):
    """field -> (tp, fp, fn) summed over all (gold, predicted) pairs."""
    totals = {}
    for name in FIELD_NAMES:
        totals[name] = (0, 0, 0)
    for gold, predicted in pairs:
        _score_into(totals, gold, predicted)
    return totals
