"""Header, recipients and closing stages on real-shaped fragments (table-driven)."""

from __future__ import annotations

import pytest

from directive_parser.header import parse_closing, parse_header, parse_recipients
from directive_parser.zones import segment

# (header text as extracted, expected fields). Layouts vary: Party and state,
# two-column headers arriving in either order, lines cut by the source.
HEADERS = [
    (
        "ĐẢNG BỘ TỈNH NGHỆ AN\nHUYỆN ỦY NAM ĐÀN\n*\nSố 215-CV/HU\nV/v tăng cường công tác\nphòng chống lụt bão\n\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\n\nNam Đàn, ngày 05 tháng 10 năm 2020\n",
        dict(form="party", issuer_name="HUYỆN ỦY NAM ĐÀN", issuer_parent="ĐẢNG BỘ TỈNH NGHỆ AN", number="215",
             symbol="CV/HU", doc_type="CV", place="Nam Đàn", issued_date="2020-10-05",
             subject="tăng cường công tác phòng chống lụt bão"),
    ),
    (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\n"
        "Quảng Trị, ngày 14 tháng 02 năm 2023\nSố: 45/QĐ-UBND\n\nQUYẾT ĐỊNH\nVề việc thành lập Ban Chỉ đạo\n",
        dict(form="state", issuer_name="ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", issuer_parent=None, number="45",
             symbol="QĐ-UBND", doc_type="QĐ", place="Quảng Trị", issued_date="2023-02-14",
             subject="thành lập Ban Chỉ đạo"),
    ),
    (
        "UBND HUYỆN TIÊN DU      Số: 1207/UBND-VP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc      Tiên Du, ngày 3 tháng 6 năm 2019\nV/v triển khai Tháng hành động\n",
        dict(form="state", issuer_name="UBND HUYỆN TIÊN DU", number="1207", symbol="UBND-VP", doc_type="CV",
             place="Tiên Du", issued_date="2019-06-03", subject="triển khai Tháng hành động"),
    ),
    (
        "BỘ TÀI CHÍNH\nCỤC THUẾ\n\nCỘNG HÒA XÃ HỘI CHỦ\nNGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Số:\n5664/CT-CS\nV/v chính sách thuế\n\nHà Nội, ngày\n01 tháng 12 năm 2025\n",
        dict(form="state", issuer_name="CỤC THUẾ", issuer_parent="BỘ TÀI CHÍNH", number="5664", symbol="CT-CS",
             doc_type="CV", place="Hà Nội", issued_date="2025-12-01", subject="chính sách thuế"),
    ),
    (
        "HỘI ĐỒNG NHÂN\nDÂN\nTHÀNH PHỐ HUẾ\n\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n\nSố:\n37/2025/NQ-HĐND\n\n"
        "Thành phố Huế,\nngày 18 tháng 11 năm 2025\n\nNGHỊ QUYẾT\n\nSỬA ĐỔI MỘT SỐ ĐIỀU CỦA QUY ĐỊNH\n",
        dict(form="state", issuer_name="HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HUẾ", number="37", symbol="2025/NQ-HĐND",
             doc_type="NQ", place="Thành phố Huế", issued_date="2025-11-18", subject="SỬA ĐỔI MỘT SỐ ĐIỀU CỦA QUY ĐỊNH"),
    ),
    (
        "BỘ Y TẾ\nSố: 12/CĐ-BYT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà\nNội, ngày 19 tháng 11 năm 2024\n"
        "CÔNG ĐIỆN\nVề việc tăng cường phòng, chống dịch sốt xuất huyết\n",
        dict(form="state", issuer_name="BỘ Y TẾ", number="12", symbol="CĐ-BYT", doc_type="CĐ", place="Hà Nội",
             issued_date="2024-11-19", subject="tăng cường phòng, chống dịch sốt xuất huyết"),
    ),
    (
        "TINH UY THAI BINH\nBAN TUYEN GIAO\nSo 412-CV/BTGTU\nDANG CONG SAN VIET NAM\nThai Binh, ngay 09 thang 3 nam 2022\n",
        dict(form="party", issuer_name="BAN TUYEN GIAO", issuer_parent="TINH UY THAI BINH", number="412",
             symbol="CV/BTGTU", doc_type="CV", place="Thai Binh", issued_date="2022-03-09"),
    ),
]


@pytest.mark.parametrize("text,expected", HEADERS, ids=[f"header{i}" for i in range(len(HEADERS))])
def test_header_fields(text, expected):
    doc = segment(text + "\nThực hiện chỉ đạo của cấp trên, đề nghị các đơn vị triển khai như sau:\n1. Nội dung.\n")[0]
    header = parse_header(doc.header, text)
    for field, value in expected.items():
        assert getattr(header, field) == value, field


def test_header_spans_point_at_values():
    text = HEADERS[0][0]
    doc = segment(text + "\n1. Việc thứ nhất.\n")[0]
    header = parse_header(doc.header, text)
    for field in ("number", "symbol", "place", "issuer.name"):
        start, end = header.spans[field]
        value = header.number if field == "number" else header.symbol if field == "symbol" else header.place if field == "place" else header.issuer_name
        assert text[start:end].replace("\n", " ") == value


RECIPIENTS = [
    ("Kính gửi:\n- Sở Y tế;\n- Sở Giáo dục và Đào tạo;\n- UBND các huyện, thị xã, thành phố.\n\nThực hiện ...",
     ["Sở Y tế", "Sở Giáo dục và Đào tạo", "UBND các huyện, thị xã, thành phố"]),
    ("Kính gửi: Thuế tỉnh Quảng Trị.\nCục Thuế nhận được công văn số 324/QTR-KTr2 của Thuế tỉnh Quảng Trị.",
     ["Thuế tỉnh Quảng Trị"]),
    ("Kính gửi:\n- Các Ban xây dựng Đảng,\nVăn phòng Huyện ủy,\n- Các chi, đảng bộ trực thuộc.\nTrước tình hình …",
     ["Các Ban xây dựng Đảng, Văn phòng Huyện ủy", "Các chi, đảng bộ trực thuộc"]),
    ("Kính gửi: Bà Trần Thị Mai\n(Địa chỉ: 12 Lê Lợi, phường 1;\nSố ĐT: 0912000000)\nCục Thuế nhận được câu hỏi của bà …",
     ["Bà Trần Thị Mai"]),
    ("Kinh gui:\n- Phong Noi vu;\n- Phong Tai chinh - Ke hoach.\n\nDe trien khai ...",
     ["Phong Noi vu", "Phong Tai chinh - Ke hoach"]),
]


@pytest.mark.parametrize("text,expected", RECIPIENTS)
def test_recipients(text, expected):
    doc = segment("UBND XÃ AN BÌNH\nSố: 12/UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n" + text)[0]
    assert [r for r, _ in parse_recipients(doc.recipients)] == expected


CLOSINGS = [
    (
        "Nơi nhận:\n- Như trên;\n- TT HĐND tỉnh (để b/c);\n- Lưu: VT, KGVX.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\n"
        "PHÓ CHỦ TỊCH\n(Đã ký)\nLê Văn Hùng",
        [("Như trên", None), ("TT HĐND tỉnh", "để b/c"), ("Lưu: VT, KGVX", None)],
        dict(authority="TM", on_behalf_of="ỦY BAN NHÂN DÂN", titles=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], name="Lê Văn Hùng"),
    ),
    (
        "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nHUYỆN ỦY\nNAM ĐÀN\nNguyễn Thị Lan\nNơi nhận:\n- Thường trực Tỉnh ủy,\n"
        "- Các đồng chí Huyện ủy viên,\n- Lưu Văn phòng Huyện ủy.",
        [("Thường trực Tỉnh ủy", None), ("Các đồng chí Huyện ủy viên", None), ("Lưu Văn phòng Huyện ủy", None)],
        dict(authority="TM", on_behalf_of="BAN THƯỜNG VỤ", titles=["PHÓ BÍ THƯ"], name="Nguyễn Thị Lan"),
    ),
    (
        "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nTrần Văn Thuấn",
        [("Như Điều 3", None), ("Lưu: VT", None)],
        dict(authority="KT", on_behalf_of="BỘ TRƯỞNG", titles=["THỨ TRƯỞNG"], name="Trần Văn Thuấn"),
    ),
    (
        "Nơi nhận:\n- Sở Nội vụ;\n- Lưu: VT.\nCHỦ TỊCH\nPhạm Minh Tuấn",
        [("Sở Nội vụ", None), ("Lưu: VT", None)],
        dict(authority=None, on_behalf_of=None, titles=["CHỦ TỊCH"], name="Phạm Minh Tuấn"),
    ),
]


@pytest.mark.parametrize("text,cc,signatory", CLOSINGS)
def test_closing(text, cc, signatory):
    doc = segment("ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 9/UBND-NC\n\nĐề nghị các đơn vị thực hiện nghiêm túc.\n" + text)[0]
    copies, sig = parse_closing(doc.closing)
    assert [(c.body, c.purpose) for c in copies] == cc
    for field, value in signatory.items():
        assert getattr(sig, field) == value, field


def test_two_columns_glued_by_extraction():
    """Issuer and motto, number and place-date, cc and signature each glued on one line."""
    from pathlib import Path

    from directive_parser import parse_text

    d = parse_text((Path(__file__).parent / "fixtures" / "glued_two_columns.txt").read_text(encoding="utf-8"))
    assert (d.issuer.name, d.issuer.parent) == ("SỞ Y TẾ", "UBND TỈNH HÀ TĨNH")
    assert (d.number, d.symbol, d.place, d.issued_date) == ("1245", "SYT-NVY", "Hà Tĩnh", "2023-04-12")
    assert [c.body for c in d.cc] == ["Như trên", "Giám đốc Sở", "Lưu: VT, NVY"]
    assert (d.signatory.authority, d.signatory.on_behalf_of, d.signatory.titles, d.signatory.name) == (
        "KT", "GIÁM ĐỐC", ["PHÓ GIÁM ĐỐC"], "Nguyễn Văn Hải")
    assert [t.id for t in d.tasks] == ["1", "2", "3"]


def test_party_telegram_number_gives_dien():
    from directive_parser import parse_text

    d = parse_text("THÀNH ỦY VINH\n*\nSố 05-ĐIỆN/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nVinh, ngày 2 tháng 1 năm 2022\n"
                   "Kính gửi: Các đảng ủy trực thuộc.\n1. Tăng cường phòng dịch.\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nĐinh Văn Dũng")
    assert (d.form, d.number, d.symbol, d.doc_type) == ("party", "05", "ĐIỆN/TU", "ĐIỆN")


def test_signature_of_only_a_signed_mark_and_a_name_has_a_span():
    """Found by the fuzz run: `Đã ký: Name` alone made a signatory without a span start."""
    from directive_parser import parse_text

    d = parse_text("Số: 3/UBND\nKính gửi: Các xã.\n1. Rà soát hộ nghèo.\n\nHà Đông, ngày 2 tháng 9 năm 2021\nĐã ký: Đinh Tiến Dũng")
    assert d.signatory.name == "Đinh Tiến Dũng"
    start, end = d.signatory.span
    assert d.text[start:end].endswith("Đinh Tiến Dũng")
