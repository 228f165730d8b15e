"""Assemble a Directive: normalise → zones → header, recipients, tasks, closing →
entities → records. The only module that knows every stage; each stage stays
a pure function of its input.
"""

from __future__ import annotations

import hashlib

from .assignees import find_assignees
from .bodies import canonical_body, issuer_level
from .deadlines import find_deadlines
from .fold import fold
from .header import Header, parse_certificate, parse_closing, parse_header, parse_recipients
from .normalise import normalise
from .press import press_header, press_signatory
from .records import Directive, Issuer, Task
from .references import find_references
from .tasks import build_tasks
from .version import PARSER_VERSION
from .zones import DocumentZones, segment


def assemble_directive(raw: str, source_path: str | None = None) -> Directive:
    """Parse one document's text (already decoded) into its record."""
    clean = normalise(raw)
    text = clean.text
    documents = segment(text)
    main, copies = documents[0], documents[1:]
    ranges = _document_ranges(documents, len(text))
    folded = fold(text)  # once: the entity readers match on folded text, and folding keeps offsets
    attachments = []
    for k, zones in enumerate(copies, start=1):
        attachments.append(_directive(zones, text, folded, ranges[k], source_path))
    record = _directive(main, text, folded, ranges[0], source_path)
    attachments = [_fill_from_citation(a, record) for a in attachments]
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    attachments = [a.model_copy(update={"doc_id": f"{doc_id}-a{k}"}) for k, a in enumerate(attachments, start=1)]
    return record.model_copy(
        update={
            "doc_id": doc_id,
            "source_sha256": hashlib.sha256(raw.encode("utf-8")).hexdigest(),
            "text": text,
            "attachments": attachments,
            "warnings": [*clean.warnings, *record.warnings],
        }
    )


def _document_ranges(documents: list[DocumentZones], length: int) -> list[tuple[int, int]]:
    """Character range of each document (for the entities found anywhere in it)."""
    starts = []
    for d in documents:
        lines = d.header + d.recipients + d.body + d.closing + d.certificate
        starts.append(min((ln.start for ln in lines), default=0))
    ranges = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else length
        ranges.append((0 if k == 0 else s, e))
    return ranges


def _directive(
    zones: DocumentZones, text: str, folded: str, extent: tuple[int, int], source_path: str | None
) -> Directive:
    warnings: list[str] = []
    if zones.press:
        header = press_header(zones.body)
    else:
        header = parse_header(zones.header, text)
    warnings.extend(header.warnings)
    recipients = parse_recipients(zones.recipients)
    cc, signatory = parse_closing(zones.closing)
    copy_of = None
    if zones.certificate:
        copy_of, cert_cc = parse_certificate(zones.certificate)
        cc = cc + cert_cc  # the copy goes to the certificate's Nơi nhận as well as the original's
    if zones.press:
        signatory = press_signatory(zones.body) or signatory
    tasks = build_tasks(zones.body, text, press=zones.press)
    tasks = _with_entities(tasks, text, folded, header.issued_date)
    references = _references(text, folded, extent, header)
    issuer = _issuer(header)
    if not header.number and not zones.press:
        warnings.append("no document number found")
    if not header.issued_date:
        warnings.append("no date of issue found")
    if not tasks:
        warnings.append("no tasks found")
    return Directive(
        source_path=source_path,
        form="press" if zones.press else header.form,
        issuer=issuer,
        number=header.number,
        symbol=header.symbol,
        doc_type=header.doc_type,
        place=header.place,
        issued_date=header.issued_date,
        subject=header.subject,
        recipients=[r for r, _ in recipients],
        recipient_spans=[s for _, s in recipients],
        tasks=tasks,
        references=references,
        cc=cc,
        signatory=signatory,
        copy_of=copy_of,
        parser_version=PARSER_VERSION,
        spans=header.spans,
        warnings=warnings,
    )


def _issuer(header: Header) -> Issuer:
    level, branch = issuer_level(header.issuer_name, header.issuer_parent, header.symbol)
    return Issuer(
        name=header.issuer_name,
        parent=header.issuer_parent,
        canonical=canonical_body(header.issuer_name) if header.issuer_name else None,
        level=level,
        branch=branch,
    )


def _with_entities(tasks: list[Task], text: str, folded: str, issued: str | None) -> list[Task]:
    """Each task's assignees and deadlines, found in its own text (spans shifted into the document)."""
    out = []
    for t in tasks:
        start = t.span[0] if t.span else 0
        # A task's text is the document's text at its span (checked), so its fold is a slice.
        same = t.span is not None and t.span[1] - start == len(t.text) and text.startswith(t.text, start)
        out.append(t.model_copy(update={
            "assignees": find_assignees(t.text, offset=start),
            "deadlines": find_deadlines(
                t.text, issued=issued, offset=start, folded=folded[start : t.span[1]] if same else None
            ),
        }))
    return out


def _references(text: str, folded: str, extent: tuple[int, int], header: Header):
    start, end = extent
    return find_references(
        text[start:end], offset=start, own=(header.number, header.symbol), issued=header.issued_date,
        folded=folded[start:end],
    )


def _fill_from_citation(attachment: Directive, covering: Directive) -> Directive:
    """A copied document without its own number takes it from the covering letter's citation of it."""
    if attachment.number or not attachment.doc_type:
        return attachment
    for ref in covering.references:
        if ref.type == attachment.doc_type and ref.symbol:
            return attachment.model_copy(
                update={
                    "number": ref.number,
                    "symbol": ref.symbol,
                    "issued_date": attachment.issued_date or ref.date,
                    "form": attachment.form if attachment.form != "unknown" else covering.form,
                }
            )
    return attachment
