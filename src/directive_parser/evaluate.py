"""Score parsed directives against gold files: the "Scoring" rules of RECORDS.md.

    >>> norm("- Văn phòng Thành ủy, ")
    'văn phòng thành uỷ'
    >>> report = score_documents([({"number": "06", "form": "party"}, {"number": "6", "form": "state"})])
    >>> (report.fields["number"].tp, report.fields["form"].fp, report.fields["form"].fn)
    (1, 1, 1)

Choices the spec leaves open, made here (tests/test_evaluate.py holds a row for each):
- A value is "set" when it is not null and `norm` leaves something of it; `""` counts as null.
  `form: "unknown"` is the model's "not determined", so it counts as null too.
- A null `signatory` means every `signatory.*` subfield is null; an empty `titles` list is null.
- `signatory.titles` is the list joined by one space, then normed. `SequenceMatcher` always gets the
  gold string first and the prediction second (its ratio is not quite symmetric), default autojunk.
- Task ids are compared after NFC and whitespace collapsing only, case kept: full `norm` would strip
  the leading `-` of a top-level bullet id `-1` and merge it with item `1`. When a document holds an id
  twice, its first task counts. A gold task with empty text matches any prediction with its id.
- References: key `number|SYMBOL`. The number is `int(number)` when it is all digits; any other number
  (`08a`, `1.102`) is kept, normed and upper-cased, with its leading zeros dropped (`8A`); a null symbol
  gives an empty symbol part (`8|`). A reference whose number norms to nothing is not a reference.
- Deadlines: dated ones are the set of `(kind, date)`; undated ones the set of `(kind, norm(raw))`,
  paired one-to-one with a maximum matching (so the count does not depend on order). An empty raw
  only matches an empty raw (containment of `""` would match everything).
- Set items that norm to `""` are dropped. Sets are sets: an item listed twice counts once.
- Attachments are paired by position, recursively; an unpaired one is scored against `{}`.
- `copy_of` is not scored: the spec's table leaves it out.
- Tone placement is derived with `unicodedata` (move the tone mark of `o`+`a|e` and `u`+`y` onto the
  second vowel), not read from a data file: the rule is a pattern over combining marks, not a lexicon.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".docx", ".pdf", ".html", ".htm"})
SIMILAR_TEXT_RATIO = 0.9
SIMILAR_RAW_RATIO = 0.8
TASK_PREFIX_CHARS = 40

_LIST_MARKS = "-–•+"
_TRAILING_PUNCTUATION = ",;.:"
_WHITESPACE = re.compile(r"\s+")
_EMPHASIS = re.compile(r"[*_]+")
# grave, acute, hook above, tilde, dot below: the five Vietnamese tone marks as combining characters
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"
# Old placement, in NFD: the tone sits on the glide (o of oa/oe, u of uy) and the second vowel is bare.
_OLD_TONE_PLACEMENT = re.compile(f"(?:[oO][{_TONE_MARKS}][aAeE]|[uU][{_TONE_MARKS}][yY])(?![\u0300-\u036f])")


def place_tone_on_second_vowel(text: str) -> str:
    """`hòa` → `hoà`, `Ủy` → `Uỷ`, `khóe` → `khoé`: one tone placement for `oa`, `oe`, `uy`."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_TONE_PLACEMENT.sub(lambda m: m[0][0] + m[0][2] + m[0][1], decomposed)
    return unicodedata.normalize("NFC", moved)


def _strip_emphasis(text: str) -> str:
    """Drop `*`/`_` runs used as emphasis (`**Kính gửi:**`), keep those inside a word (`snake_case`)."""

    def drop_unless_inside_word(match: re.Match) -> str:
        before = text[match.start() - 1] if match.start() > 0 else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return match[0] if before.isalnum() and after.isalnum() else ""

    return _EMPHASIS.sub(drop_unless_inside_word, text)


def norm(s: Optional[str]) -> str:
    """The form strings are compared in: `norm("**- Ủy ban nhân dân Quận;**")` → `'uỷ ban nhân dân quận'`."""
    if s is None:
        return ""
    text = _strip_emphasis(unicodedata.normalize("NFC", str(s)))
    text = _WHITESPACE.sub(" ", text).strip()
    text = text.lstrip(_LIST_MARKS + " ").rstrip(_TRAILING_PUNCTUATION + " ")
    return place_tone_on_second_vowel(text.lower())


# ---------------------------------------------------------------------------------------------- counts


@dataclass(frozen=True)
class Counts:
    """True positives, false positives, false negatives of one field (or of all)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> Optional[float]:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> Optional[float]:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> Optional[float]:
        scored = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / scored if scored else None

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


def _set_counts(gold: set, predicted: set) -> Counts:
    matched = len(gold & predicted)
    return Counts(matched, len(predicted) - matched, len(gold) - matched)


# ------------------------------------------------------------------------------------------ field rules


def _at(doc: dict, path: str):
    """`_at(d, "signatory.name")`: the value at a dotted path, None where any step is missing."""
    value = doc
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _form(doc: dict) -> Optional[str]:
    form = doc.get("form")
    return None if form == "unknown" else form


def _joined_titles(doc: dict) -> Optional[str]:
    titles = _at(doc, "signatory.titles") or []
    return " ".join(t for t in titles if t) or None


def _equal(gold: str, predicted: str) -> bool:
    return norm(gold) == norm(predicted)


def _equal_number(gold: str, predicted: str) -> bool:
    return _equal(gold, predicted) or norm(gold).lstrip("0") == norm(predicted).lstrip("0")


def _similar(gold: str, predicted: str) -> bool:
    return SequenceMatcher(None, norm(gold), norm(predicted)).ratio() >= SIMILAR_TEXT_RATIO


def _scalar_scorer(read: Callable[[dict], Optional[str]], right: Callable[[str, str], bool]):
    def score(gold_doc: dict, predicted_doc: dict) -> Counts:
        gold, predicted = read(gold_doc), read(predicted_doc)
        gold_set, predicted_set = bool(norm(gold)), bool(norm(predicted))
        if gold_set and predicted_set and right(gold, predicted):
            return Counts(tp=1)
        return Counts(fp=int(predicted_set), fn=int(gold_set))

    return score


def _set_scorer(keys_of: Callable[[dict], Iterable]):
    return lambda gold_doc, predicted_doc: _set_counts(set(keys_of(gold_doc)), set(keys_of(predicted_doc)))


def _tasks(doc: dict) -> list[dict]:
    return [t for t in doc.get("tasks") or [] if isinstance(t, dict)]


def _recipient_keys(doc: dict) -> Iterator[str]:
    return (k for k in map(norm, doc.get("recipients") or []) if k)


def _cc_keys(doc: dict) -> Iterator[str]:
    # a bare string is read as the body: hand-written gold sometimes lists cc like recipients
    bodies = (c.get("body") if isinstance(c, dict) else c for c in doc.get("cc") or [])
    return (k for k in map(norm, bodies) if k)


def _reference_keys(doc: dict) -> Iterator[str]:
    for reference in doc.get("references") or []:
        number = norm(reference.get("number")).upper()
        if number:
            yield f"{number.lstrip('0') or '0'}|{norm(reference.get('symbol')).upper()}"


def _assignee_keys(doc: dict) -> Iterator[tuple[str, str]]:
    for task in _tasks(doc):
        for assignee in task.get("assignees") or []:
            body = norm(assignee.get("body"))
            if body:
                yield body, norm(assignee.get("role"))


def _task_id(raw) -> str:
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", str(raw or ""))).strip()


def _tasks_by_id(doc: dict) -> dict[str, dict]:
    tasks: dict[str, dict] = {}
    for task in _tasks(doc):
        tasks.setdefault(_task_id(task.get("id")), task)
    tasks.pop("", None)
    return tasks


def _score_tasks(gold_doc: dict, predicted_doc: dict) -> Counts:
    """Set F1 over ids; a shared id counts only when the predicted text starts like the gold one."""
    gold, predicted = _tasks_by_id(gold_doc), _tasks_by_id(predicted_doc)
    matched = sum(
        1
        for task_id, task in gold.items()
        if task_id in predicted
        and norm(predicted[task_id].get("text")).startswith(norm(task.get("text"))[:TASK_PREFIX_CHARS])
    )
    return Counts(matched, len(predicted) - matched, len(gold) - matched)


def _deadline_keys(doc: dict) -> tuple[set, set]:
    """(dated `(kind, date)` pairs, undated `(kind, normed raw)` pairs) pooled over the tasks."""
    dated, undated = set(), set()
    for task in _tasks(doc):
        for deadline in task.get("deadlines") or []:
            kind, date = norm(deadline.get("kind")), norm(deadline.get("date"))
            if date:
                dated.add((kind, date))
            else:
                undated.add((kind, norm(deadline.get("raw"))))
    return dated, undated


def _same_occasion(gold: tuple[str, str], predicted: tuple[str, str]) -> bool:
    (gold_kind, gold_raw), (predicted_kind, predicted_raw) = gold, predicted
    if gold_kind != predicted_kind:
        return False
    if not gold_raw or not predicted_raw:
        return gold_raw == predicted_raw
    return (
        gold_raw in predicted_raw
        or predicted_raw in gold_raw
        or SequenceMatcher(None, gold_raw, predicted_raw).ratio() >= SIMILAR_RAW_RATIO
    )


def _maximum_matching(left: list, right: list, compatible: Callable) -> int:
    """Size of a largest one-to-one pairing of `left` with `right` (Kuhn's augmenting paths)."""
    partners = [[j for j, r in enumerate(right) if compatible(l, r)] for l in left]
    owner: list[Optional[int]] = [None] * len(right)

    def augment(i: int, seen: set[int]) -> bool:
        for j in partners[i]:
            if j not in seen:
                seen.add(j)
                if owner[j] is None or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return sum(augment(i, set()) for i in range(len(left)))


def _score_deadlines(gold_doc: dict, predicted_doc: dict) -> Counts:
    gold_dated, gold_undated = _deadline_keys(gold_doc)
    predicted_dated, predicted_undated = _deadline_keys(predicted_doc)
    matched = len(gold_dated & predicted_dated) + _maximum_matching(
        sorted(gold_undated), sorted(predicted_undated), _same_occasion
    )
    gold_total = len(gold_dated) + len(gold_undated)
    predicted_total = len(predicted_dated) + len(predicted_undated)
    return Counts(matched, predicted_total - matched, gold_total - matched)


def _field(path: str) -> Callable[[dict], Optional[str]]:
    return lambda doc: _at(doc, path)


# The report's rows, in this order.
FIELD_SCORERS: dict[str, Callable[[dict, dict], Counts]] = {
    "form": _scalar_scorer(_form, _equal),
    "issuer.name": _scalar_scorer(_field("issuer.name"), _equal),
    "issuer.parent": _scalar_scorer(_field("issuer.parent"), _equal),
    "number": _scalar_scorer(_field("number"), _equal_number),
    "symbol": _scalar_scorer(_field("symbol"), _equal),
    "doc_type": _scalar_scorer(_field("doc_type"), _equal),
    "place": _scalar_scorer(_field("place"), _equal),
    "issued_date": _scalar_scorer(_field("issued_date"), _equal),
    "subject": _scalar_scorer(_field("subject"), _similar),
    "recipients": _set_scorer(_recipient_keys),
    "tasks": _score_tasks,
    "assignees": _set_scorer(_assignee_keys),
    "deadlines": _score_deadlines,
    "references": _set_scorer(_reference_keys),
    "cc": _set_scorer(_cc_keys),
    "signatory.authority": _scalar_scorer(_field("signatory.authority"), _equal),
    "signatory.on_behalf_of": _scalar_scorer(_field("signatory.on_behalf_of"), _equal),
    "signatory.titles": _scalar_scorer(_joined_titles, _similar),
    "signatory.name": _scalar_scorer(_field("signatory.name"), _equal),
}


def score_document(gold: dict, predicted: dict) -> dict[str, Counts]:
    """Counts per field for one document and, paired by position, its attachments."""
    counts = {name: score(gold or {}, predicted or {}) for name, score in FIELD_SCORERS.items()}
    gold_attachments = (gold or {}).get("attachments") or []
    predicted_attachments = (predicted or {}).get("attachments") or []
    for i in range(max(len(gold_attachments), len(predicted_attachments))):
        attachment_counts = score_document(
            gold_attachments[i] if i < len(gold_attachments) else {},
            predicted_attachments[i] if i < len(predicted_attachments) else {},
        )
        counts = {name: counts[name] + attachment_counts[name] for name in counts}
    return counts


# ---------------------------------------------------------------------------------------------- report


def _shown(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.3f}"


@dataclass(frozen=True)
class Report:
    """Per-field counts summed over documents (micro-average), and the overall micro-F1."""

    fields: dict[str, Counts]
    documents: int = 0
    warnings: tuple[str, ...] = field(default=())

    @property
    def total(self) -> Counts:
        return sum(self.fields.values(), Counts())

    @property
    def micro_f1(self) -> float:
        return self.total.f1 or 0.0

    def render(self) -> str:
        width = max(len(name) for name in [*self.fields, "field"]) + 2
        header = f"{'field':<{width}}{'TP':>6}{'FP':>6}{'FN':>6}{'P':>7}{'R':>7}{'F1':>7}"

        def row(name: str, c: Counts) -> str:
            return (f"{name:<{width}}{c.tp:>6}{c.fp:>6}{c.fn:>6}"
                    f"{_shown(c.precision):>7}{_shown(c.recall):>7}{_shown(c.f1):>7}")

        rule = "-" * len(header)
        lines = [f"documents {self.documents}", header, rule]
        lines += [row(name, counts) for name, counts in self.fields.items()]
        lines += [rule, row("all", self.total), f"micro-F1 {self.micro_f1:.3f}"]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "fields": {name: counts.as_dict() for name, counts in self.fields.items()},
            "all": self.total.as_dict(),
            "micro_f1": self.micro_f1,
            "warnings": list(self.warnings),
        }


def score_documents(pairs: list[tuple[dict, dict]], warnings: Iterable[str] = ()) -> Report:
    """Score (gold, predicted) dict pairs; the predicted dict is `Directive.model_dump(mode="json")`."""
    totals = {name: Counts() for name in FIELD_SCORERS}
    for gold, predicted in pairs:
        counts = score_document(gold, predicted)
        totals = {name: totals[name] + counts[name] for name in totals}
    return Report(fields=totals, documents=len(pairs), warnings=tuple(warnings))


# ------------------------------------------------------------------------------------------ file level


def _input_documents(paths: Iterable[Path]) -> Iterator[tuple[Path, Path]]:
    """(document, the folder it was found under), folders walked recursively in sorted order."""
    for given in map(Path, paths):
        if given.is_dir():
            for path in sorted(given.rglob("*")):
                hidden = any(part.startswith(".") for part in path.relative_to(given).parts)
                if path.is_file() and not hidden and path.suffix.lower() in DOCUMENT_SUFFIXES:
                    yield path, given
        elif given.is_file():
            yield given, given.parent


def _predicted_record(path: Path, root: Path, warn: Callable[[str], None]) -> dict:
    try:
        from .pipeline import parse_file

        return parse_file(path, root=root).model_dump(mode="json")
    except Exception as error:  # a document the parser fails on scores as an empty prediction, not a crash
        warn(f"{path}: not parsed ({type(error).__name__}: {error}); scored as an empty prediction")
        return {}


def evaluate_paths(gold_dir: Path, paths: list[Path]) -> Report:
    """Parse every document that has `<stem>.json` in `gold_dir` and score it; gold without a document
    counts as all missed. Warnings go to stderr and into the report."""
    gold_dir = Path(gold_dir)
    warnings: list[str] = []

    def warn(message: str) -> None:
        warnings.append(message)
        print(f"warning: {message}", file=sys.stderr)

    for given in map(Path, paths):
        if not given.exists():
            warn(f"{given}: no such file or folder")
    pairs: list[tuple[dict, dict]] = []
    scored_stems: set[str] = set()
    for path, root in _input_documents(paths):
        gold_file = gold_dir / f"{path.stem}.json"
        if not gold_file.is_file():
            continue
        if path.stem in scored_stems:
            warn(f"{path}: another document with stem {path.stem!r} was already scored; skipped")
            continue
        scored_stems.add(path.stem)
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        pairs.append((gold, _predicted_record(path, root, warn)))
    for gold_file in sorted(gold_dir.glob("*.json")):
        if gold_file.stem not in scored_stems:
            warn(f"{gold_file}: no document given for this gold file; all its values count as missed")
            pairs.append((json.loads(gold_file.read_text(encoding="utf-8")), {}))
    return score_documents(pairs, warnings)
