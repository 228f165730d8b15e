"""Every real document (../shared/corpus-real, no gold) parses into a valid record whose spans
point into its text; the header fields are found in most of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from directive_parser import parse_file
from directive_parser.coverage import coverage_of
from directive_parser.records import Directive

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpus-real" / "docs"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason=f"{REAL} not present (it sits beside the clone in CI)")


def _spans(d: Directive):
    yield from d.spans.values()
    for t in d.tasks:
        yield t.span
        yield from (a.span for a in t.assignees)
        yield from (x.span for x in t.deadlines)
    yield from (r.span for r in d.references)
    yield from (c.span for c in d.cc)


def test_every_real_document_parses_with_spans_inside_its_text():
    for path in sorted(REAL.glob("*.md")):
        d = parse_file(path, root=REAL)
        Directive.model_validate(d.model_dump())  # the record round-trips through its schema
        for span in _spans(d):
            if span is not None:
                assert 0 <= span[0] <= span[1] <= len(d.text), (path.name, span)


def test_header_fields_are_found_in_most_real_documents():
    cov = coverage_of([REAL])
    assert not cov.failures
    share = {name: count / cov.documents for name, count in cov.found.items()}
    for name in ("number", "symbol", "doc_type", "issued_date", "issuer.name", "cc", "tasks"):
        assert share[name] >= 0.95, (name, share[name])
    for name in ("place", "subject", "signatory.name"):
        assert share[name] >= 0.90, (name, share[name])
