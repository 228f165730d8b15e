"""The six Parquet tables: schemas, rows per record, inheritance of assignees, atomic writes."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from directive_parser.output import (
    TABLE_SCHEMAS,
    TABLES,
    DatasetWriter,
    ErrorRow,
    directive_to_rows,
    effective_assignees,
    read_dataset,
    read_manifest,
    write_dataset,
    write_jsonl,
)
from directive_parser.records import (
    SCHEMA_VERSION,
    Assignee,
    Copy,
    CopyMark,
    Deadline,
    Directive,
    Issuer,
    Reference,
    Signatory,
    Task,
)
from directive_parser.version import PARSER_VERSION


def _task(task_id: str, parent: str | None = None, *bodies: str, deadlines=()) -> Task:
    return Task(
        id=task_id,
        parent=parent,
        text=f"nội dung {task_id}",
        assignees=[Assignee(body=b, role="lead", span=(0, len(b))) for b in bodies],
        deadlines=list(deadlines),
        span=(10, 20),
    )


ATTACHED_CHI_THI = Directive(
    doc_id="att-1",
    form="party",
    issuer=Issuer(name="THÀNH ỦY HÀ NỘI"),
    number="06",
    symbol="CT/TU",
    doc_type="CT",
    text="CHỈ THỊ …",
    tasks=[_task("1", None, "Các quận ủy, huyện ủy"), _task("2")],
    copy_of=CopyMark(kind="SAO LỤC", number="26", symbol="BS/QU", issued_date="2021-09-02", signer="Nguyễn Sĩ Hoạt"),
)

LETTER = Directive(
    doc_id="doc-1",
    source_path="quan-ha-dong/cv-1523.txt",
    source_sha256="ab" * 32,
    parser_version=PARSER_VERSION,
    form="state",
    issuer=Issuer(name="ỦY BAN NHÂN DÂN QUẬN THANH XUÂN", parent=None, canonical="UBND quận Thanh Xuân",
                  level="district", branch="state"),
    number="1523",
    symbol="UBND-VP",
    doc_type="CV",
    place="Thanh Xuân",
    issued_date="2021-11-02",
    subject="triển khai biện pháp phòng, chống dịch",
    recipients=["Các phòng, ban, ngành thuộc Quận", "UBND 11 phường"],
    cc=[Copy(body="Thường trực Quận ủy", purpose="để báo cáo"), Copy(body="Lưu: VT")],
    signatory=Signatory(authority="TM", on_behalf_of="ỦY BAN NHÂN DÂN", titles=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
                        name="Đặng Khánh Hòa"),
    tasks=[
        _task("1", None, "Phòng Y tế quận", deadlines=[Deadline(kind="due", date="2021-11-10", raw="trước ngày 10/11")]),
        _task("1/a", "1"),
        _task("1/a/-1", "1/a"),
        _task("2", None, "Công an Quận", "Phòng Văn hóa và Thông tin",
              deadlines=[Deadline(kind="period", date="2021-10-01", end="2021-12-31", raw="trong quý IV/2021"),
                         Deadline(kind="recurring", raw="hằng ngày")]),
    ],
    references=[
        Reference(type="NQ", number="128", symbol="NQ-CP", date="2021-10-11", raw="Nghị quyết số 128/NQ-CP",
                  mentions=[(5, 20), (300, 315)]),
        Reference(number="08", raw="Đề án 08"),
    ],
    warnings=["subject: joined 2 lines"],
    text="ỦY BAN NHÂN DÂN …",
    spans={"number": (40, 44)},
    attachments=[ATTACHED_CHI_THI],
)


@pytest.mark.parametrize(
    "table, expected_rows",
    [("documents", 2), ("tasks", 6), ("assignments", 4), ("deadlines", 3), ("references", 2), ("errors", 0)],
)
def test_rows_per_table(table, expected_rows):
    assert len(directive_to_rows(LETTER)[table]) == expected_rows


def test_attachment_is_a_document_row_of_its_own_and_its_tasks_carry_its_id():
    rows = directive_to_rows(LETTER)
    letter_row, copy_row = rows["documents"]
    assert (letter_row["doc_id"], letter_row["parent_doc_id"]) == ("doc-1", None)
    assert (copy_row["doc_id"], copy_row["parent_doc_id"]) == ("att-1", "doc-1")
    assert (copy_row["copy_of_kind"], copy_row["copy_of_symbol"], copy_row["copy_of_issued_date"]) == (
        "SAO LỤC", "BS/QU", dt.date(2021, 9, 2))
    assert [(t["doc_id"], t["task_id"]) for t in rows["tasks"] if t["doc_id"] == "att-1"] == [("att-1", "1"), ("att-1", "2")]


@pytest.mark.parametrize(
    "tasks, expected",
    [
        # a sub-item that names nobody acts for the body of its item
        ([_task("1", None, "Phòng Y tế"), _task("1/a", "1")], {"1": ["Phòng Y tế"], "1/a": ["Phòng Y tế"]}),
        # the nearest ancestor with assignees wins, through a level that has none
        ([_task("2", None, "Công an"), _task("2/(1)", "2"), _task("2/(1)/-3", "2/(1)")],
         {"2": ["Công an"], "2/(1)": ["Công an"], "2/(1)/-3": ["Công an"]}),
        # an item's own bodies replace those of its parent
        ([_task("1", None, "UBND xã"), _task("1/a", "1", "Đoàn Thanh niên")],
         {"1": ["UBND xã"], "1/a": ["Đoàn Thanh niên"]}),
        # nobody anywhere: empty list, not null
        ([_task("¶1"), _task("¶2")], {"¶1": [], "¶2": []}),
        # a parent id that is not a task (damaged tree) ends the walk
        ([_task("3/a", "3")], {"3/a": []}),
    ],
)
def test_effective_assignees_inherit_from_nearest_ancestor(tasks, expected):
    assert effective_assignees(Directive(tasks=tasks)) == expected


def test_tables_have_the_explicit_schema_and_versions_in_metadata(tmp_path):
    write_dataset([LETTER, ErrorRow("scan.pdf", "read", "UnsupportedInput", "no text layer")], tmp_path)
    for table in TABLES:
        (part,) = (tmp_path / table).glob("part-*.parquet")  # an empty table has one empty part
        schema = pq.read_schema(part)
        assert schema.remove_metadata() == TABLE_SCHEMAS[table]
        assert schema.metadata[b"directive_parser.schema_version"] == SCHEMA_VERSION.encode()
        assert schema.metadata[b"directive_parser.parser_version"] == PARSER_VERSION.encode()
        assert schema.metadata[b"directive_parser.table"] == table.encode()


def test_values_survive_the_round_trip(tmp_path):
    write_dataset([LETTER], tmp_path)
    tables = read_dataset(tmp_path)
    doc = tables["documents"].to_pylist()[0]
    assert doc["issued_date"] == dt.date(2021, 11, 2)
    assert doc["cc"] == [{"body": "Thường trực Quận ủy", "purpose": "để báo cáo"}, {"body": "Lưu: VT", "purpose": None}]
    assert doc["signatory_titles"] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert doc["spans"] == [{"field": "number", "start": 40, "end": 44}]
    refs = tables["references"].to_pylist()
    assert [(r["number"], r["symbol"], r["mention_count"]) for r in refs] == [("128", "NQ-CP", 2), ("08", None, 1)]
    deadlines = tables["deadlines"].to_pylist()
    assert [(d["task_id"], d["kind"], d["date"], d["end"]) for d in deadlines] == [
        ("1", "due", dt.date(2021, 11, 10), None),
        ("2", "period", dt.date(2021, 10, 1), dt.date(2021, 12, 31)),
        ("2", "recurring", None, None),
    ]
    assert tables["tasks"].to_pylist()[2]["effective_assignees"] == ["Phòng Y tế quận"]


def test_an_impossible_date_becomes_null_not_a_crash(tmp_path):
    write_dataset([Directive(doc_id="x", issued_date="2021-02-30", text="…")], tmp_path)
    assert read_dataset(tmp_path)["documents"].column("issued_date").to_pylist() == [None]


def dataset_files(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())


def folder_tables(out: Path) -> dict[str, list]:
    """What a plain pyarrow reader of each table folder gets."""
    return {t: pq.read_table(out / t).to_pylist() for t in TABLES}


@pytest.mark.parametrize(
    "docs, flush_every, part_docs, task_row_groups_per_part",
    [
        (25, 10, 1000, [3]),  # one part, a row group per flush
        (25, 10, 10, [1, 1, 1]),  # a new part every 10 documents
        (7, 500, 3, [1]),  # part_docs below flush_every: parts roll at flushes only
    ],
)
def test_streaming_writes_row_groups_and_parts_and_leaves_no_temporaries(
        tmp_path, docs, flush_every, part_docs, task_row_groups_per_part):
    letters = [LETTER.model_copy(update={"doc_id": f"doc-{i}", "attachments": []}) for i in range(docs)]
    write_dataset(letters, tmp_path, flush_every=flush_every, part_docs=part_docs)
    tasks_parts = sorted((tmp_path / "tasks").glob("part-*.parquet"))
    assert [pq.ParquetFile(p).num_row_groups for p in tasks_parts] == task_row_groups_per_part
    assert not [f for f in dataset_files(tmp_path) if ".tmp-" in f]
    tables = read_dataset(tmp_path)
    assert tables["tasks"].num_rows == docs * 4
    assert tables["documents"].column("doc_id").to_pylist() == [f"doc-{i}" for i in range(docs)]
    assert folder_tables(tmp_path) == {t: tables[t].to_pylist() for t in TABLES}  # one reader serves both


def test_the_manifest_names_every_part_and_a_new_write_replaces_the_old_parts(tmp_path):
    write_dataset([LETTER], tmp_path)
    first = read_manifest(tmp_path)["tables"]
    write_dataset([LETTER.model_copy(update={"doc_id": "other", "attachments": []})], tmp_path)
    second = read_manifest(tmp_path)
    assert second["files"] == []
    for table in TABLES:
        assert sorted(p.name for p in (tmp_path / table).glob("part-*.parquet")) == second["tables"][table]
        assert not set(first[table]) & set(second["tables"][table])
    assert read_dataset(tmp_path)["documents"].column("doc_id").to_pylist() == ["other"]


def test_the_old_one_file_layout_is_replaced(tmp_path):
    for table in TABLES:
        pq.write_table(TABLE_SCHEMAS[table].empty_table(), tmp_path / f"{table}.parquet")
    write_dataset([LETTER], tmp_path)
    assert not list(tmp_path.glob("*.parquet"))
    assert read_dataset(tmp_path)["documents"].num_rows == 2


def test_a_failed_write_keeps_the_previous_dataset_and_removes_temporaries(tmp_path):
    write_dataset([LETTER], tmp_path)
    before = dataset_files(tmp_path)
    with pytest.raises(RuntimeError):
        with DatasetWriter(tmp_path, flush_every=1, part_docs=1) as writer:
            for i in range(3):
                writer.add(LETTER.model_copy(update={"doc_id": f"other-{i}"}))
            raise RuntimeError("killed half way")
    assert dataset_files(tmp_path) == before
    assert read_dataset(tmp_path)["documents"].column("doc_id").to_pylist() == ["doc-1", "att-1"]


def test_a_dataset_without_a_manifest_is_read_from_its_folders(tmp_path):
    write_dataset([LETTER], tmp_path)
    (tmp_path / "manifest.json").unlink()
    assert read_dataset(tmp_path)["documents"].column("doc_id").to_pylist() == ["doc-1", "att-1"]


def test_write_jsonl_writes_one_directive_per_line():
    stream = io.StringIO()
    assert write_jsonl([LETTER, ATTACHED_CHI_THI], stream) == 2
    lines = stream.getvalue().splitlines()
    assert Directive.model_validate_json(lines[0]) == LETTER
    assert "Đặng Khánh Hòa" in lines[0]  # UTF-8, not \u escapes
