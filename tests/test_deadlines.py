"""find_deadlines on task sentences from many issuers: (text, date of issue, expected deadlines)."""

from __future__ import annotations

import pytest

from directive_parser.deadlines import find_deadlines

# (text, issued, [(kind, date, end)])
ROWS = [
    ("xây dựng Quy chế hoạt động; hoàn thành trước ngày **04/9/2021**.", "2021-09-02", [("due", "2021-09-04", None)]),
    ("báo cáo kết quả về Văn phòng Huyện ủy trước ngày 04/9", "2021-08-30", [("due", "2021-09-04", None)]),
    ("Các xã tổ chức ra quân dọn vệ sinh đến hết ngày 5/2", "2016-12-13", [("due", "2017-02-05", None)]),
    ("gửi báo cáo về Sở Y tế chậm nhất ngày 15/10/2021", "2021-10-01", [("due", "2021-10-15", None)]),
    ("Sở Tài chính tổng hợp, chậm nhất là ngày 20 tháng 12 năm 2022", "2022-11-30", [("due", "2022-12-20", None)]),
    ("nộp hồ sơ trước ngày 30 tháng 11 năm 2021", "2021-11-02", [("due", "2021-11-30", None)]),
    ("Thoi han: truoc ngay 10/9/2021", "2021-09-01", [("due", "2021-09-10", None)]),
    ("trong thời hạn 05 ngày làm việc kể từ ngày ký Công văn này", "2021-09-02", [("due", "2021-09-09", None)]),
    ("trong vòng 10 ngày kể từ ngày ban hành Kế hoạch", "2022-03-25", [("due", "2022-04-04", None)]),
    ("Thời gian hoàn thành: Trước ngày 15/4/2026.", "2026-03-01", [("due", "2026-04-15", None)]),
    ("Triển khai các Kế hoạch phục hồi kinh tế trong quý IV/2021 và các năm 2022, 2023;", "2021-11-02",
     [("period", "2021-10-01", "2021-12-31"), ("period", "2022-01-01", "2023-12-31")]),
    ("Sơ kết công tác 6 tháng đầu năm 2022", "2022-05-10", [("period", "2022-01-01", "2022-06-30")]),
    ("xây dựng chương trình công tác 6 tháng cuối năm", "2023-06-15", [("period", "2023-07-01", "2023-12-31")]),
    ("Hoàn thiện hồ sơ trình HĐND tỉnh trong tháng 01/2026", "2025-12-20", [("period", "2026-01-01", "2026-01-31")]),
    ("tổ chức tiêm vắc xin cho học sinh trong năm 2022", "2022-01-10", [("period", "2022-01-01", "2022-12-31")]),
    ("Kế hoạch dạy học năm học 2021 - 2022 của Phòng Giáo dục", "2021-08-20", [("period", "2021-09-01", "2022-05-31")]),
    ("áp dụng giãn cách từ ngày 01/10/2021 đến ngày 31/12/2021", "2021-09-28", [("period", "2021-10-01", "2021-12-31")]),
    ("báo cáo UBND huyện trước ngày 20 hằng tháng", "2022-02-01", [("recurring", None, None)]),
    ("báo cáo tình hình hằng ngày với Thường trực Thành ủy", "2021-10-11", [("recurring", None, None)]),
    ("Tổ công tác họp giao ban hàng tuần vào sáng thứ Hai", "2021-10-11", [("recurring", None, None)]),
    ("định kỳ hằng tháng báo cáo Ban Chỉ đạo tỉnh", "2021-10-11", [("recurring", None, None)]),
    ("lấy mẫu xét nghiệm cho toàn bộ người dân từ 2-3 ngày/lần", "2021-09-01", [("recurring", None, None)]),
    ("khử khuẩn khu vực công cộng 05 ngày/lần", "2021-09-01", [("recurring", None, None)]),
    ("cần thiết áp dụng cao hơn một mức giãn cách trong dịp nghỉ Lễ Quốc khánh 2/9;", "2021-09-02",
     [("event", None, None)]),
    ("nhất là dịp trước, trong và sau Tết Nguyên đán Nhâm Dần theo nguyên tắc", None, [("event", None, None)]),
    ("Chăm lo an sinh xã hội, nhất là dịp Tết Nguyên đán Quý Mão", "2023-01-05", [("event", None, None)]),
    ("Sở Xây dựng hướng dẫn lập quy hoạch; hoàn thành trong năm 2017.", "2017-04-10", [("period", "2017-01-01", "2017-12-31")]),
    # A bare year names a thing's year, not a time to act.
    ("Sở Tài chính tham mưu bố trí kinh phí từ nguồn dự phòng ngân sách tỉnh năm 2023 để hỗ trợ", "2023-03-01", []),
    ("Ủy ban nhân dân các xã xây dựng kế hoạch phòng, chống dịch bệnh năm 2026 của địa phương", "2026-01-20", []),
    # Negatives: past descriptions, citation dates, Căn cứ lines, effective dates, urgency words.
    ("số ca tăng cao (trong kỳ báo cáo từ ngày 4/1/2022-15/1/2022 số ca mắc tăng nhiều so với tuần trước)", None, []),
    ("Thông báo số 448-TB/QU ngày 25/8/2021 của Ban Thường vụ Quận ủy", "2021-09-02", []),
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", "2021-09-02", []),
    ("Luật Đất đai số 31/2024/QH15 có hiệu lực từ ngày 01/7/2025", "2025-06-01", []),
    ("Khẩn trương triển khai ngay, kịp thời, thường xuyên, trước mắt và lâu dài", "2021-09-02", []),
    ("trong khi Tết Nguyên đán Nhâm Dần 2022 sắp đến gần, nhân dân đón Tết", None, []),
    ("Tuân thủ quy định tại khoản 2 Điều 34 và Nghị định số 30/2020/NĐ-CP", "2021-09-02", []),
    ("đảm bảo sinh hoạt hàng ngày của người dân trong khu cách ly", "2021-09-02", []),
    ("Năm 2020, toàn tỉnh đã tiêm được 2 triệu liều", "2021-09-02", []),
]


@pytest.mark.parametrize(("text", "issued", "expected"), ROWS, ids=[r[0][:40] for r in ROWS])
def test_deadlines_as_written(text, issued, expected):
    found = [(d.kind, d.date, d.end) for d in find_deadlines(text, issued=issued)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("đặc biệt là trong dịp nghỉ Lễ Quốc khánh 2/9. Các quận", "dịp nghỉ Lễ Quốc khánh 2/9"),
        ("nhất là trong dịp Tết Nguyên đán, giúp người dân", "dịp Tết Nguyên đán"),
        ("huy động lực lượng, nhất là dịp trước, trong và sau Tết Nguyên đán Nhâm Dần theo",
         "dịp trước, trong và sau Tết Nguyên đán Nhâm Dần"),
        ("lấy mẫu xét nghiệm cho toàn bộ người dân từ 5-7 ngày/lần; các khu vực khác", "từ 5-7 ngày/lần"),
        ("Ban Chỉ đạo định kỳ hằng tháng báo cáo", "định kỳ hằng tháng"),
        ("UBND các xã hoàn thành trước ngày **04/9/2021**.", "hoàn thành trước ngày 04/9/2021"),
        ("gửi Sở Nội vụ trước 17h00 ngày 10/9/2021", "trước 17h00 ngày 10/9/2021"),
    ],
)
def test_raw_is_the_phrase_as_printed(text, raw):
    (deadline,) = find_deadlines(text, issued="2021-09-01")
    assert deadline.raw == raw
    start, end = deadline.span
    assert text[start:end].replace("*", "") == raw


def test_time_of_day_and_offset():
    text = "Các phòng gửi báo cáo trước 17h00 ngày 10/9/2021."
    (deadline,) = find_deadlines(text, issued="2021-09-01", offset=500)
    assert (deadline.kind, deadline.date, deadline.time) == ("due", "2021-09-10", "17:00")
    assert text[deadline.span[0] - 500 : deadline.span[1] - 500] == "trước 17h00 ngày 10/9/2021"


def test_working_days_skip_the_weekend():
    # Issued Friday 2021-09-03: five working days end Friday 2021-09-10.
    (deadline,) = find_deadlines("trong 05 ngày làm việc kể từ ngày ký", issued="2021-09-03")
    assert deadline.date == "2021-09-10"


def test_due_before_the_date_of_issue_is_dropped():
    assert find_deadlines("đã hoàn thành trước ngày 30/6/2021", issued="2021-09-02") == []
