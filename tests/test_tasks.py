"""Task tree on bodies of many shapes: ids, parents, continuation paragraphs, closing formula."""

from __future__ import annotations

import pytest

from directive_parser.tasks import build_tasks, is_closing_formula
from directive_parser.zones import split_lines


def tasks_of(body: str, press: bool = False):
    lines = [ln for ln in split_lines(body) if ln.text]
    return build_tasks(lines, body, press=press)


BODIES = [
    (  # Quyết định: articles, clauses, points; the closing article is an item like the others
        "Căn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\nĐiều 1. Thành lập Ban Chỉ đạo.\n"
        "Điều 2. Nhiệm vụ của Ban Chỉ đạo\n1. Chỉ đạo các sở, ngành.\na) Xây dựng kế hoạch;\nb) Kiểm tra, đôn đốc.\n"
        "2. Tổng hợp, báo cáo.\nĐiều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các sở chịu trách nhiệm thi hành Quyết định này./.",
        ["Điều 1", "Điều 2", "Điều 2/1", "Điều 2/1/a", "Điều 2/1/b", "Điều 2/2", "Điều 3"],
    ),
    (  # Kế hoạch: Roman sections, numbers, points, plus bullets
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao nhận thức của người dân.\n2. Yêu cầu\n+ Bảo đảm tiến độ;\n"
        "+ Tiết kiệm.\nII. NỘI DUNG\n1. Tuyên truyền\na) Sở Thông tin và Truyền thông chủ trì.\n",
        ["I", "I/1", "I/2", "I/2/+1", "I/2/+2", "II", "II/1", "II/1/a"],
    ),
    (  # numbered items with nested (1) and dash bullets, the Party style of seed-like letters
        "Ban Thường vụ Huyện ủy yêu cầu:\n1. Tuyên truyền sâu rộng.\n2. Tập trung thực hiện:\n(1) UBND huyện:\n"
        "- Chủ trì rà soát.\n- Báo cáo kết quả.\n(2) Đảng ủy các xã:\n- Kiện toàn Ban Chỉ đạo.\n3. Văn phòng Huyện ủy theo dõi.\n"
        "Đề nghị các đồng chí tổ chức thực hiện./.",
        ["1", "2", "2/(1)", "2/(1)/-1", "2/(1)/-2", "2/(2)", "2/(2)/-1", "3"],
    ),
    (  # decimal sub-items nest under their number; 1/ marks of a press report
        "1/ Siết chặt kỷ luật.\n2/ Giao UBND huyện:\n2.1. Rà soát các đối tượng.\n2.2. Tổ chức tiêm chủng.\n3/ Tăng cường tuyên truyền.",
        ["1", "2", "2/2.1", "2/2.2", "3"],
    ),
    (  # a body without item marks: paragraphs, minus Căn cứ, the lead-in with a colon and the closing formula
        "Căn cứ Công văn số 12/UBND-VP ngày 02/3/2024 của UBND tỉnh;\nPhó Chủ tịch UBND tỉnh có ý kiến như sau:\n"
        "Giao Sở Tài chính chủ trì, phối hợp với các đơn vị liên quan rà soát, báo cáo trước ngày 15/3/2024.\n"
        "Sở Kế hoạch và Đầu tư tổng hợp, tham mưu UBND tỉnh.\nVăn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.",
        ["¶1", "¶2"],
    ),
    (  # items glued into one line by a bad extraction
        "Sở Y tế yêu cầu: 1. Trung tâm Y tế rà soát. 2. Các bệnh viện chuẩn bị giường bệnh; a) Khoa Nhi trực 24/24. b) Khoa Cấp cứu sẵn sàng.",
        ["1", "2", "2/a", "2/b"],
    ),
    (  # older typing habits: `1-` numbers, `•` and `*` bullets
        "Yêu cầu các đơn vị:\n1- Rà soát hồ sơ.\n• Lập danh sách;\n• Báo cáo.\n2- Tổ chức kiểm tra.\n* Đợt 1;\n* Đợt 2.",
        ["1", "1/-1", "1/-2", "2", "2/-1", "2/-2"],
    ),
    (  # dashes then round bullets: two levels, both labelled `-`
        "1. Sở Y tế:\n- Chỉ đạo các bệnh viện:\n• Bố trí giường;\n• Dự trữ thuốc.\n- Báo cáo kết quả.",
        ["1", "1/-1", "1/-1/-1", "1/-1/-2", "1/-2"],
    ),
    (  # commune letter with a) b) points
        "UBND xã đề nghị các thôn thực hiện:\na) Trưởng thôn rà soát hộ nghèo.\nb) Công an xã phối hợp kiểm tra.\n",
        ["a", "b"],
    ),
]


@pytest.mark.parametrize("body,ids", BODIES)
def test_task_ids(body, ids):
    assert [t.id for t in tasks_of(body)] == ids


def test_parents_and_text_without_mark():
    tasks = {t.id: t for t in tasks_of(BODIES[2][0])}
    assert tasks["2/(1)/-2"].parent == "2/(1)"
    assert tasks["2/(1)"].parent == "2"
    assert tasks["1"].parent is None
    assert tasks["2/(1)"].text == "UBND huyện:"
    assert tasks["3"].text == "Văn phòng Huyện ủy theo dõi."  # the closing formula is not kept


def test_continuation_paragraphs_and_page_break_stay_with_their_item():
    body = (
        "1. Khẩn trương rà soát, cập nhật số\n\nliệu tiêm chủng trên địa bàn.\n"
        "Phòng Y tế chủ trì, phối hợp với Trung tâm Y tế huyện theo dõi, báo cáo.\n2. Tuyên truyền."
    )
    tasks = tasks_of(body)
    assert [t.id for t in tasks] == ["1", "2"]
    assert "liệu tiêm chủng" in tasks[0].text and "Phòng Y tế chủ trì" in tasks[0].text


def test_spans_point_at_task_text():
    body = BODIES[0][0]
    for t in tasks_of(body):
        assert body[t.span[0] : t.span[1]] == t.text


CLOSING = [
    ("Đề nghị các cơ quan, đơn vị nghiêm túc tổ chức thực hiện./.", True),
    ("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo cáo về Sở Y tế để được hướng dẫn.", True),
    ("Chỉ thị này phổ biến đến chi bộ để tổ chức thực hiện nghiêm túc./.", True),
    ("Văn phòng Thành ủy phối hợp với các cơ quan liên quan theo dõi, đôn đốc, tổng hợp, báo cáo Thường trực.", False),
    ("Sở Y tế chủ trì, phối hợp với Sở Tài chính tổ chức thực hiện kế hoạch này, báo cáo kết quả trước ngày 30/6.", False),
]


@pytest.mark.parametrize("text,expected", CLOSING)
def test_closing_formula(text, expected):
    assert is_closing_formula(text) is expected


def test_press_body_skips_intro_and_captions():
    article = (
        "Chủ tịch UBND tỉnh Trần Văn Nam vừa ký ban hành Chỉ thị về tăng cường phòng chống cháy rừng.\n"
        "Ảnh: Minh họa\n"
        "Theo đó, các địa phương phải chủ động phương án chữa cháy rừng trong mùa khô.\n"
        "Sở Nông nghiệp và Phát triển nông thôn chủ trì kiểm tra việc thực hiện.\n"
        "Hoàng Anh\n"
    )
    assert [t.id for t in tasks_of(article, press=True)] == ["¶1", "¶2"]
