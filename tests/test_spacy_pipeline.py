"""The spaCy side: components found through entry points, spans on the text, the committed
body model loads offline and finds bodies in sentences it never saw."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from spacy.language import Language  # noqa: E402

from directive_parser import nlp as directive_nlp  # noqa: E402
from directive_parser.spacy_pipeline import body_model_path, build_nlp, load_body_model  # noqa: E402

FACTORIES = ["directive_references", "directive_deadlines", "directive_bodies"]


@pytest.fixture(scope="module")
def pipeline():
    return directive_nlp()


@pytest.fixture(scope="module")
def body_model():
    return load_body_model()


@pytest.mark.parametrize("name", FACTORIES)
def test_factory_is_declared_as_entry_point(name):
    entry_points = spacy.util.registry._entry_point_factories.get_entry_points()
    assert name in entry_points
    assert Language.has_factory(name)


def test_pipeline_builds_offline_with_the_three_components(pipeline):
    assert pipeline.lang == "vi"
    assert pipeline.pipe_names == FACTORIES


@pytest.mark.parametrize(
    "text, key, expected",
    [
        (
            "Thực hiện Nghị quyết số 128/NQ-CP, ngày 11/10/2021 của Chính phủ, UBND tỉnh yêu cầu:",
            "references",
            [("Nghị quyết số 128/NQ-CP, ngày 11/10/2021", "NQ")],
        ),
        (
            "Giao Sở Y tế chủ trì, phối hợp với Công an tỉnh triển khai, hoàn thành trước ngày 15/3/2022.",
            "bodies",
            [("Sở Y tế", "lead"), ("Công an tỉnh", "cooperate")],
        ),
        (
            "Đề nghị Phòng Văn hóa và Thông tin huyện Diễn Châu báo cáo định kỳ hằng tháng.",
            "bodies",
            [("Phòng Văn hóa và Thông tin huyện Diễn Châu", "lead")],
        ),
        (
            "Giao Sở Y tế chủ trì, phối hợp với Công an tỉnh triển khai, hoàn thành trước ngày 15/3/2022.",
            "deadlines",
            [("trước ngày 15/3/2022", "due")],
        ),
        (
            "Yeu cau UBND cac xa, thi tran to chuc thuc hien trong quy IV/2021.",
            "deadlines",
            [("quy IV/2021", "period")],
        ),
    ],
)
def test_spans_land_on_the_text(pipeline, text, key, expected):
    doc = pipeline(text)
    found = [(s.text, s.label_) for s in doc.spans[key]]
    for fragment, label in expected:
        assert any(fragment in got and got_label == label for got, got_label in found), found
    for span in doc.spans[key]:
        assert doc.text[span.start_char : span.end_char] == span.text


def test_spans_of_a_whole_document_use_its_header():
    text = (
        "ỦY BAN NHÂN DÂN\nHUYỆN LỤC NAM\nSố: 212/UBND-VP\nV/v phòng, chống dịch\n"
        "Lục Nam, ngày 30 tháng 8 năm 2021\nKính gửi: Các cơ quan, đơn vị\n"
        "Thực hiện Công văn số 1102/UBND-VX của UBND tỉnh, UBND huyện yêu cầu:\n"
        "1. Trung tâm Y tế huyện chủ trì, phối hợp với UBND các xã tổ chức xét nghiệm, hoàn thành trước ngày 04/9.\n"
        "2. Công an huyện tăng cường kiểm tra hằng ngày.\n"
    )
    doc = build_nlp()(text)
    references = [s.text for s in doc.spans["references"]]
    assert any("1102/UBND-VX" in r for r in references)
    assert not any("212/UBND-VP" in r for r in references)  # its own number
    bodies = {(s.text, s.label_) for s in doc.spans["bodies"]}
    assert ("Trung tâm Y tế huyện", "lead") in bodies
    assert ("Công an huyện", "lead") in bodies
    assert {s.label_ for s in doc.spans["deadlines"]} >= {"due", "recurring"}


def test_committed_model_loads_with_spacy_load():
    model = spacy.load(body_model_path())
    assert model.pipe_names == ["ner"]
    assert set(model.get_pipe("ner").labels) == {"LEAD", "COOP"}


@pytest.mark.parametrize(
    "text, body, label",
    [
        ("Giao Phòng Kinh tế thị xã Sa Pa chủ trì, phối hợp với các đơn vị kiểm tra các cơ sở lưu trú.",
         "Phòng Kinh tế thị xã Sa Pa", "LEAD"),
        ("Đề nghị Sở Công Thương tỉnh Bến Tre khẩn trương rà soát giá mặt hàng xăng dầu.",
         "Sở Công Thương tỉnh Bến Tre", "LEAD"),
        ("Ban Quản lý chợ Đông Ba chủ trì, phối hợp với Công an phường Phú Hòa bố trí lực lượng.",
         "Công an phường Phú Hòa", "COOP"),
        ("Yêu cầu Trung tâm Y tế huyện Mường Tè thực hiện nghiêm việc cách ly y tế.",
         "Trung tâm Y tế huyện Mường Tè", "LEAD"),
    ],
)
def test_model_finds_a_body_in_an_unseen_sentence(body_model, text, body, label):
    found = [(e.text, e.label_) for e in body_model(text).ents]
    assert any(got_label == label and (body in got or got in body) and len(got) >= len(body) // 2
               for got, got_label in found), found


def test_pipeline_with_model_adds_its_own_span_group():
    doc = build_nlp(use_model=True)("Đề nghị Sở Công Thương tỉnh Bến Tre khẩn trương rà soát giá xăng dầu.")
    assert "bodies_model" in doc.spans
    assert any("Sở Công Thương" in s.text for s in doc.spans["bodies"])
