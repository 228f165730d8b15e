"""The entity stages as a spaCy `Language`: references, deadlines and bodies land in
`doc.spans["references"]`, `doc.spans["deadlines"]`, `doc.spans["bodies"]`.

    >>> nlp = build_nlp()
    >>> doc = nlp("Giao Sở Y tế chủ trì, phối hợp với Công an tỉnh triển khai trước ngày 15/3/2022.")
    >>> [(s.text, s.label_) for s in doc.spans["bodies"]]
    [('Sở Y tế', 'lead'), ('Công an tỉnh', 'cooperate')]

The components are registered with `@Language.factory` and declared as
`spacy_factories` entry points (pyproject.toml), so a `config.cfg` can name them
(`directive_references`, `directive_deadlines`, `directive_bodies`,
`directive_body_model`). Each wraps the rule functions; tokens are syllables and
punctuation (spaCy's rule tokenizer, no pyvi), and span offsets come from the rules'
character offsets, snapped outwards to token edges.

spaCy imports this module whenever it builds any `Language` (entry points are
loaded eagerly), so the rule modules are imported lazily, inside the components.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

SPAN_KEYS = ("references", "deadlines", "bodies")
MODEL_SPAN_KEY = "bodies_model"
MODEL_ENV = "DIRECTIVE_PARSER_MODEL"
# Labels of the trained model → assignee roles.
MODEL_LABEL_ROLES = {"LEAD": "lead", "COOP": "cooperate"}


# ------------------------------------------------------------------------------------ document context


class _DocumentContext:
    """What every component needs from the document as a whole, computed once per doc:
    the date of issue and own number (from the header), and the tasks' text and offsets.

    A text without a header (one sentence) has no issue date, and is one task."""

    def __init__(self, text: str, issued: str | None, own: tuple[str | None, str | None]):
        from .header import parse_header
        from .tasks import build_tasks
        from .zones import segment

        documents = segment(text)
        zones = documents[0] if documents else None
        header = parse_header(zones.header, text) if zones and zones.header else None
        self.issued = issued or (header.issued_date if header else None)
        self.own = own if any(own) else ((header.number, header.symbol) if header else (None, None))
        tasks = build_tasks(zones.body, text, press=zones.press) if zones and zones.body else []
        # (text, offset) of each task: the rules read one task at a time.
        self.tasks: list[tuple[str, int]] = [(t.text, t.span[0] if t.span else 0) for t in tasks]
        if not self.tasks and text.strip():
            self.tasks = [(text, 0)]


def _context(doc: Doc) -> _DocumentContext:
    """The doc's context, cached in `doc.user_data`. Callers may set `doc.user_data["issued"]`
    (ISO date) and `doc.user_data["own"]` ((number, symbol)) before the pipeline runs."""
    cached = doc.user_data.get("directive_context")
    if cached is None:
        cached = _DocumentContext(doc.text, doc.user_data.get("issued"), tuple(doc.user_data.get("own") or (None, None)))
        doc.user_data["directive_context"] = cached
    return cached


def _spans(doc: Doc, items: Iterable[tuple[tuple[int, int], str]]) -> list[Span]:
    """`doc.char_span` for each (character span, label), expanded to whole tokens; items whose
    offsets fall outside the doc are dropped."""
    spans = []
    for (start, end), label in items:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    return spans


# -------------------------------------------------------------------------------------------- components


class _RuleComponent:
    """A component that writes the spans one rule function finds into `doc.spans[key]`."""

    key = ""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def found(self, doc: Doc, context: _DocumentContext) -> list[tuple[tuple[int, int], str]]:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.key] = _spans(doc, self.found(doc, _context(doc)))
        return doc


class ReferenceFinder(_RuleComponent):
    """`doc.spans["references"]`: one span per mention of a cited document, label = type code."""

    key = "references"

    def found(self, doc, context):
        from .references import find_references

        refs = find_references(doc.text, offset=0, own=context.own, issued=context.issued)
        return [
            (tuple(span), ref.type or "REF")
            for ref in refs
            for span in (getattr(ref, "mentions", None) or ([ref.span] if ref.span else []))
        ]


class DeadlineFinder(_RuleComponent):
    """`doc.spans["deadlines"]`: label = deadline kind (`due`, `period`, `recurring`, `event`)."""

    key = "deadlines"

    def found(self, doc, context):
        from .deadlines import find_deadlines

        return [
            (d.span, d.kind)
            for text, offset in context.tasks
            for d in find_deadlines(text, issued=context.issued, offset=offset)
            if d.span
        ]


class BodyFinder(_RuleComponent):
    """`doc.spans["bodies"]`: bodies assigned a task, label = role (`lead`, `cooperate`)."""

    key = "bodies"

    def found(self, doc, context):
        from .assignees import find_assignees

        return [(a.span, a.role) for text, offset in context.tasks for a in find_assignees(text, offset=offset) if a.span]


class BodyModel:
    """The trained body-mention model (labels LEAD / COOP), run task by task.

    Writes `doc.spans["bodies_model"]` (role labels); with `merge`, also adds to
    `doc.spans["bodies"]` every model span that overlaps no rule span (the model
    only adds what the rules missed)."""

    def __init__(self, nlp: Language, name: str, model_path: str, merge: bool):
        import spacy

        self.name = name
        self.merge = merge
        self.model = spacy.load(model_path or body_model_path())

    def body_spans(self, text: str) -> list[tuple[tuple[int, int], str]]:
        """((start, end), role) of the bodies the model finds in one task's text."""
        return [((e.start_char, e.end_char), MODEL_LABEL_ROLES.get(e.label_, e.label_)) for e in self.model(text).ents]

    def __call__(self, doc: Doc) -> Doc:
        items = []
        for text, offset in _context(doc).tasks:
            items += [((s + offset, e + offset), role) for (s, e), role in self.body_spans(text)]
        found = _spans(doc, items)
        doc.spans[MODEL_SPAN_KEY] = found
        if self.merge:
            rules = list(doc.spans["bodies"]) if "bodies" in doc.spans else []
            added = [s for s in found if not any(s.start < r.end and r.start < s.end for r in rules)]
            doc.spans["bodies"] = sorted(rules + added, key=lambda s: (s.start, s.end))
        return doc


@Language.factory("directive_references")
def make_references(nlp: Language, name: str) -> ReferenceFinder:
    return ReferenceFinder(nlp, name)


@Language.factory("directive_deadlines")
def make_deadlines(nlp: Language, name: str) -> DeadlineFinder:
    return DeadlineFinder(nlp, name)


@Language.factory("directive_bodies")
def make_bodies(nlp: Language, name: str) -> BodyFinder:
    return BodyFinder(nlp, name)


@Language.factory("directive_body_model", default_config={"model_path": "", "merge": True})
def make_body_model(nlp: Language, name: str, model_path: str, merge: bool) -> BodyModel:
    return BodyModel(nlp, name, model_path, merge)


# ------------------------------------------------------------------------------------------- building


# spaCy's Vietnamese language with its rule tokenizer: syllables, with punctuation split off.
# The `vi` default tokenizer wants pyvi, and without it (`use_pyvi = false`) it splits on white
# space only, gluing `,` `:` `)` to words (`UBND Quận:`), so no span could end before them.
TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}}


def blank_vietnamese() -> Language:
    """spaCy's Vietnamese language on syllables and punctuation: no pyvi, nothing downloaded."""
    import spacy

    return spacy.blank("vi", config=TOKENIZER_CONFIG)


def build_nlp(use_model: bool = False) -> Language:
    """The rule components; with `use_model`, the trained body model after them (it adds the
    bodies the rules missed to `doc.spans["bodies"]`, and keeps its own in `bodies_model`).

    The model stays out of the default: on the seed gold and on held-out synthetic text it
    does not beat the rules (figures in the training report, `models/bodies/meta.json`)."""
    nlp = blank_vietnamese()
    nlp.add_pipe("directive_references")
    nlp.add_pipe("directive_deadlines")
    nlp.add_pipe("directive_bodies")
    if use_model:
        nlp.add_pipe("directive_body_model", config={"model_path": str(body_model_path())})
    return nlp


def body_model_path() -> Path:
    """Where the trained body model lives: `$DIRECTIVE_PARSER_MODEL`, else `models/bodies` at the
    top of the repository (this file is `src/directive_parser/spacy_pipeline.py`)."""
    configured = os.environ.get(MODEL_ENV)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "models" / "bodies"


def load_body_model(path: str | os.PathLike | None = None) -> Language:
    """The trained body model as a spaCy pipeline (`spacy.load`, offline).

    >>> doc = load_body_model()("Giao Phòng Tài nguyên và Môi trường huyện chủ trì thực hiện.")
    >>> [(e.text, e.label_) for e in doc.ents]
    [('Phòng Tài nguyên và Môi trường huyện', 'LEAD')]
    """
    import spacy

    where = Path(path) if path else body_model_path()
    if not (where / "config.cfg").is_file():
        raise FileNotFoundError(f"no trained body model at {where}: run `make model` or set ${MODEL_ENV}")
    return spacy.load(where)


__all__ = ["build_nlp", "load_body_model", "body_model_path", "blank_vietnamese", "SPAN_KEYS"]
