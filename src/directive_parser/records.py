"""The record models: the contract of ../shared/spec/RECORDS.md as pydantic v2.

Field names are those of the spec, the gold files, `--format jsonl` and the
Parquet tables. Every extracted item carries `span`: `[start, end)` character
offsets into `Directive.text` (the normalised text). Scalar header values keep
their spans in `Directive.spans`, keyed by field path (`"number"`,
`"issuer.name"`, `"signatory.name"` …), so the scalar fields themselves stay
plain strings, exactly as in the gold files.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

Span = tuple[int, int]
Form = Literal["party", "state", "press", "unknown"]
Role = Literal["lead", "cooperate"]
DeadlineKind = Literal["due", "period", "recurring", "event"]
IssuerLevel = Literal["central", "province", "district", "commune", "unknown"]
IssuerBranch = Literal["party", "state", "unknown"]


class Record(BaseModel):
    """Immutable base: records are values, stages build new ones."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Issuer(Record):
    name: Optional[str] = None
    parent: Optional[str] = None
    canonical: Optional[str] = None  # `UBND` ↔ `Ủy ban nhân dân`, tone placement, case
    level: IssuerLevel = "unknown"
    branch: IssuerBranch = "unknown"


class Assignee(Record):
    body: str
    role: Role
    body_canonical: Optional[str] = None
    span: Optional[Span] = None


class Deadline(Record):
    kind: DeadlineKind
    date: Optional[str] = None  # ISO YYYY-MM-DD
    end: Optional[str] = None
    raw: str
    time: Optional[str] = None  # "17:00" where the text gives a time of day
    span: Optional[Span] = None


class Reference(Record):
    type: Optional[str] = None
    number: str
    symbol: Optional[str] = None
    date: Optional[str] = None
    raw: str
    issuer: Optional[str] = None  # `của Bộ Y tế` → "Bộ Y tế"
    span: Optional[Span] = None
    mentions: list[Span] = Field(default_factory=list)  # every place it is cited


class Task(Record):
    id: str
    parent: Optional[str] = None
    text: str
    assignees: list[Assignee] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    span: Optional[Span] = None


class Copy(Record):
    body: str
    purpose: Optional[str] = None
    span: Optional[Span] = None


class Signatory(Record):
    authority: Optional[str] = None
    on_behalf_of: Optional[str] = None
    titles: list[str] = Field(default_factory=list)
    name: Optional[str] = None
    span: Optional[Span] = None


class CopyMark(Record):
    kind: str  # "SAO Y", "SAO LỤC", "TRÍCH SAO", "SAO Y BẢN CHÍNH"
    number: Optional[str] = None
    symbol: Optional[str] = None
    issuer: Optional[str] = None
    issued_date: Optional[str] = None
    signer: Optional[str] = None
    span: Optional[Span] = None


class Directive(Record):
    source_path: Optional[str] = None
    form: Form = "unknown"
    issuer: Issuer = Field(default_factory=Issuer)
    number: Optional[str] = None
    symbol: Optional[str] = None
    doc_type: Optional[str] = None
    place: Optional[str] = None
    issued_date: Optional[str] = None
    subject: Optional[str] = None
    recipients: list[str] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    cc: list[Copy] = Field(default_factory=list)
    signatory: Optional[Signatory] = None
    attachments: list["Directive"] = Field(default_factory=list)
    copy_of: Optional[CopyMark] = None
    # The parser's own fields (never in gold):
    doc_id: Optional[str] = None
    source_sha256: Optional[str] = None
    parser_version: Optional[str] = None
    source_format: Optional[str] = None  # txt, docx, pdf, html
    source_encoding: Optional[str] = None  # utf-8, utf-16, cp1258, tcvn3, vni …
    text: str = ""
    spans: dict[str, Span] = Field(default_factory=dict)
    recipient_spans: list[Span] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


Directive.model_rebuild()
