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
    # An occasion with no `dịp`/`Tết`, and no digit in the text: the season, the school year, New Year's Eve.
    ("Phòng Nông nghiệp kiểm tra các tuyến kè, hoàn thành trước mùa mưa lũ năm nay", "2023-04-02", [("event", None, None)]),
    ("Các trường sửa chữa phòng học, bàn ghế; hoàn thành trước ngày khai giảng năm học mới", "2024-07-15",
     [("event", None, None)]),
    ("UBND thành phố Vinh tổ chức bắn pháo hoa tầm thấp đêm giao thừa bảo đảm an toàn", "2024-01-20",
     [("event", None, None)]),
    ("tăng cường tuyên truyền, nhất là trong dịp kỷ niệm 50 năm Ngày giải phóng tỉnh", "2025-02-10",
     [("event", None, None)]),
    # `tăng`, `giảm` as orders (`tăng cường`, `tăng thời lượng`) do not make a period past.
    ("Đài Truyền thanh huyện tăng thời lượng phát sóng các chương trình trong tháng 9/2025", "2025-08-20",
     [("period", "2025-09-01", "2025-09-30")]),
    ("Tăng cường kiểm tra an toàn thực phẩm trong quý III/2024", "2024-06-25", [("period", "2024-07-01", "2024-09-30")]),
    ("Giảm thiểu rác thải nhựa tại các chợ trong năm 2025", "2025-01-08", [("period", "2025-01-01", "2025-12-31")]),
    # Two months of one year joined: one period over both.
    ("phun hóa chất diệt muỗi tại các ổ dịch cũ trong tháng 6 và tháng 7/2025", "2025-05-12",
     [("period", "2025-06-01", "2025-07-31")]),
    ("Tổ chức ra quân tổng vệ sinh môi trường trong tháng 3, 4/2024", "2024-02-20", [("period", "2024-03-01", "2024-04-30")]),
    ("thời gian quan trắc từ tháng 3 đến tháng 10 năm 2026", "2026-01-05", [("period", "2026-03-01", "2026-10-31")]),
    # Two months apart are two periods: sampling in April and in August.
    ("lấy mẫu quan trắc vào tháng 4 và tháng 8 năm 2026", "2026-01-05",
     [("period", "2026-04-01", "2026-04-30"), ("period", "2026-08-01", "2026-08-31")]),
    # A period the report covers, with its due date in the same phrase: only the due date.
    ("Các phòng báo cáo kết quả thực hiện 6 tháng đầu năm trước ngày 10/6/2025 và cả năm trước ngày 5/12/2025",
     "2025-03-01", [("due", "2025-06-10", None), ("due", "2025-12-05", None)]),
    ("Sở Nội vụ tổng hợp kết quả quý II/2024 trước ngày 20/6/2024", "2024-04-01", [("due", "2024-06-20", None)]),
    # A period followed by a due date after a comma, or with no report word before it, stays: two deadlines.
    ("Các xã triển khai trong tháng 6/2025 hoàn thành trước ngày 20/6/2025", "2025-05-02",
     [("period", "2025-06-01", "2025-06-30"), ("due", "2025-06-20", None)]),
    ("Triển khai trong quý II/2026, hoàn thành trước ngày 15/6/2026", "2026-03-01",
     [("period", "2026-04-01", "2026-06-30"), ("due", "2026-06-15", None)]),
    # A recurrence with its day in brackets is one recurring deadline.
    ("Các xã báo cáo định kỳ hằng tháng (trước ngày 20 hằng tháng) về Phòng Y tế", "2024-03-01",
     [("recurring", None, None)]),
    ("định kỳ hằng quý tổng hợp, báo cáo Chủ tịch UBND huyện (trước ngày 15 hằng quý).", "2024-03-01",
     [("recurring", None, None)]),
    ("Tổ giao ban hằng tuần; báo cáo Ban Chỉ đạo (trước ngày 25 hằng tháng).", "2024-03-01",
     [("recurring", None, None), ("recurring", None, None)]),
    # A programme's horizon is part of its name.
    ("Giao nhiệm vụ thực hiện Đề án phát triển nông nghiệp hữu cơ tỉnh Lào Cai đến năm 2030 như sau:", "2022-05-04", []),
    ("Triển khai Quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn đến năm 2050", "2023-09-01", []),
    ("Sửa đổi Quy định thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025",
     "2023-03-01", []),
    ("Chương trình phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi chỉ thực hiện đến năm 2030",
     "2025-10-01", []),
    ("Triển khai Đề án phát triển thanh toán không dùng tiền\nmặt giai đoạn 2025 - 2030.", "2025-06-01", []),
    ("Các sở, ngành tập trung thực hiện các nhiệm vụ trong giai đoạn 2026 - 2030", "2025-12-01",
     [("period", "2026-01-01", "2030-12-31")]),
    ("Phấn đấu đến năm 2025 có 80% số xã đạt chuẩn nông thôn mới", "2023-09-01", [("period", "2025-01-01", "2025-12-31")]),
    # Negatives: past descriptions, citation dates, Căn cứ lines, effective dates, urgency words.
    # A half year of the past is no deadline, nor is its year (`năm 2019` of `6 tháng đầu năm 2019`).
    ("Về kết quả 6 tháng đầu năm 2019", "2019-07-22", []),
    ("Số ca mắc sốt xuất huyết tăng trong tháng 5/2024", "2024-05-20", []),
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
        ("Báo cáo định kỳ hằng tháng (trước ngày 25 hằng tháng) về Sở.", "định kỳ hằng tháng (trước ngày 25 hằng tháng)"),
        ("hoàn thành trước ngày khai giảng năm học mới; khuyến khích", "trước ngày khai giảng năm học mới"),
        ("tăng thời lượng phát sóng trong tháng 4 và tháng 5/2026.", "tháng 4 và tháng 5/2026"),
        ("Các trường sửa chữa phòng học trước khi khai giảng năm học 2025-2026.",
         "trước khi khai giảng năm học 2025-2026"),
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
