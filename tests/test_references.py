"""find_references on citations as real directives print them (many issuers, typos, OCR damage)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from directive_parser.references import (
    doc_type_from_symbol,
    find_references,
    reference_key,
    split_number_symbol,
)

ROOT = Path(__file__).resolve().parents[1]

# (text, [(type, number, symbol, date)]) in order of first mention
ROWS = [
    ("Thực hiện Thông báo số 540-TB/TU, ngày 30/10/2021 kết luận của Ban Thường vụ Thành ủy",
     [("TB", "540", "TB/TU", "2021-10-30")]),
    ("Tiếp tục thực hiện Nghị quyết số 128/NQ-CP, ngày 11/10/2021 của Chính phủ về việc ban hành",
     [("NQ", "128", "NQ-CP", "2021-10-11")]),
    ("Căn cứ Nghị định 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;",
     [("NĐ", "30", "2020/NĐ-CP", "2020-03-05")]),
    ("Căn cứ Luật số 03/2022/QH15 sửa đổi, bổ sung một số điều của Luật Đầu tư công",
     [("LUẬT", "03", "2022/QH15", None)]),
    ("theo quy định của Luật Doanh nghiệp số 59/2020/QH14 và các văn bản hướng dẫn",
     [("LUẬT", "59", "2020/QH14", None)]),
    ("quán triệt Chỉ thị 08-CT/TU, ngày 14/10/2021 của Ban Thường vụ Thành ủy Hà Nội",
     [("CT", "08", "CT/TU", "2021-10-14")]),
    ("nhất là Công điện số 1102/CĐ-TTg, số 1103/CĐ-TTg của Thủ tướng Chính phủ",
     [("CĐ", "1102", "CĐ-TTg", None), ("CĐ", "1103", "CĐ-TTg", None)]),
    ("Bãi bỏ các Nghị định số 15/2018/NĐ-CP và 77/2016/NĐ-CP của Chính phủ.",
     [("NĐ", "15", "2018/NĐ-CP", None), ("NĐ", "77", "2016/NĐ-CP", None)]),
    ("tiếp tục thực hiện nghiêm Chi thị 05-CT/TU, ngày 30/7/2021 của Ban Thường vụ Thành ủy",
     [("CT", "05", "CT/TU", "2021-07-30")]),
    ("Thuc hien Cong van so 2846/UBND-KGVX ngay 30/8/2022 cua UBND thanh pho",
     [("CV", "2846", "UBND-KGVX", "2022-08-30")]),
    ("Theo Quyet dinh so 12/QĐ-UBND ngày 05/01/2023 của UBND xã Tân Phú",
     [("QĐ", "12", "QĐ-UBND", "2023-01-05")]),
    ("Thực hiện Thông báo số 540 - TB/TU của Thành ủy Bắc Ninh", [("TB", "540", "TB/TU", None)]),
    ("Chỉ thị số 26 - CT/HU ngày 02-10-1997 của Ban Thường vụ Huyện ủy", [("CT", "26", "CT/HU", "1997-10-02")]),
    ("hướng dẫn tại Thông tư số\n219/2013/TT-BTC ngày 31/12/2013 của Bộ Tài chính",
     [("TT", "219", "2013/TT-BTC", "2013-12-31")]),
    ("Căn cứ Quyết định số 3531/QĐ-BTC ngày 17 tháng 10 năm 2025 của Bộ trưởng Bộ Tài chính;",
     [("QĐ", "3531", "QĐ-BTC", "2025-10-17")]),
    ("theo Kế hoạch số 51-KH/QU, Thông báo số 448-TB/QU ngày 25/8/2021 của Ban Thường vụ Quận uỷ",
     [("KH", "51", "KH/QU", None), ("TB", "448", "TB/QU", "2021-08-25")]),
    ("Triển khai Đề án 08 về phát triển ứng dụng dữ liệu dân cư", [("ĐA", "08", None, None)]),
    ("Thực hiện Kế hoạch số 51 của Ban Chỉ đạo huyện Gia Lâm", [("KH", "51", None, None)]),
    ("theo Văn bản số 14612-CV/VPTW ngày 29/4/2025 về hướng dẫn", [("CV", "14612", "CV/VPTW", "2025-04-29")]),
    ("Nghị quyết số 1314/NQ- UBTVQH15 về việc sắp xếp đơn vị hành chính",
     [("NQ", "1314", "NQ-UBTVQH15", None)]),
    ("Thực hiện Hướng dẫn số 7886/HD-BNV ngày 30/10/2025 của Bộ Nội vụ", [("HD", "7886", "HD-BNV", "2025-10-30")]),
    ("Xét Tờ trình số 393/TTr-UBND ngày 18 tháng 11 năm 2025 của Ủy ban nhân dân tỉnh",
     [("TTr", "393", "TTr-UBND", "2025-11-18")]),
    ("Căn cứ Quy định số 399-QĐ/TW của Ban Chấp hành Trung ương", [("QĐ", "399", "QĐ/TW", None)]),
    ("theo Kết luận số 12-KL/TW ngày 06/6/2021 của Bộ Chính trị", [("KL", "12", "KL/TW", "2021-06-06")]),
    ("Công văn số 7020/BYT-MT ngày 25/8/2021 của Bộ Y tế hướng dẫn cách ly",
     [("CV", "7020", "BYT-MT", "2021-08-25")]),
    ("thực hiện Chương trình số 05-CTr/HU của Huyện ủy Đông Anh", [("CTr", "05", "CTr/HU", None)]),
    ("Giấy mời số 45/GM-UBND của UBND phường Nghĩa Đô", [("GM", "45", "GM-UBND", None)]),
    ("Căn cứ Nghị quyết số 16/2024/NQ-\nHĐND ngày 12/7/2024 của HĐND tỉnh", [("NQ", "16", "2024/NQ-HĐND", "2024-07-12")]),
    ("Quyết định 1037/QĐ- UBND ngày 14/5/2025 của Chủ tịch UBND tỉnh", [("QĐ", "1037", "QĐ-UBND", "2025-05-14")]),
    # Negatives: no number, article and clause numbers, phone numbers, amounts, quantities.
    ("Triển khai thực hiện các Kế hoạch của UBND Thành phố về phục hồi kinh tế", []),
    ("theo quy định tại khoản 2 Điều 34 của Luật Đất đai", []),
    ("Mọi ý kiến xin liên hệ số điện thoại 0243.3825.123 hoặc Văn bản điện tử", []),
    ("Tổng kinh phí thực hiện Kế hoạch 1.250 triệu đồng", []),
    ("Xây dựng Kế hoạch 5 năm giai đoạn 2021-2025 và báo cáo 6 tháng đầu năm", []),
    ("Luật Giám định tư pháp năm 2020 quy định", []),
    ("Số 26 - BS/QU\nHà Đông, ngày 2 tháng 9 năm 2021", []),
]


@pytest.mark.parametrize(("text", "expected"), ROWS, ids=[r[0][:40] for r in ROWS])
def test_references_as_printed(text, expected):
    found = [(r.type, r.number, r.symbol, r.date) for r in find_references(text)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "raw", "issuer"),
    [
        ("Tiếp tục triển khai Nghị quyết số 128/NQ-CP, ngày 11/10/2021 của Chính phủ về việc",
         "Nghị quyết số 128/NQ-CP, ngày 11/10/2021", "Chính phủ"),
        ("Thực hiện Công văn số 7020/BYT-MT ngày 25/8/2021 của Bộ Y tế.", "Công văn số 7020/BYT-MT ngày 25/8/2021", "Bộ Y tế"),
        ("theo Chỉ thị số 35/CT-TTg ngày 31/12/2021 và Công văn số 58/BVHTTDL-VHCS ngày 7/1/2022 "
         "của Bộ Văn hóa, Thể thao và Du lịch.", "Chỉ thị số 35/CT-TTg ngày 31/12/2021", None),
        ("Công văn số 58/BVHTTDL-VHCS ngày 7/1/2022 của Bộ Văn hóa, Thể thao và Du lịch.",
         "Công văn số 58/BVHTTDL-VHCS ngày 7/1/2022", "Bộ Văn hóa, Thể thao và Du lịch"),
        ("theo Quyết định số 679-QĐ/QU ngày 26/7/2021), UBND Quận", "Quyết định số 679-QĐ/QU ngày 26/7/2021", None),
        ("Thông báo số 477-TB/TU của Thường trực Thành uỷ, Công điện", "Thông báo số 477-TB/TU", "Thường trực Thành uỷ"),
        ("Nghị quyết số 46/NQ-CP của Chính phủ ngày 08 tháng 3 năm 2025 và", "Nghị quyết số 46/NQ-CP", "Chính phủ"),
    ],
)
def test_raw_and_issuer(text, raw, issuer):
    first = find_references(text)[0]
    assert (first.raw, first.issuer) == (raw, issuer)


def test_date_after_issuer_fills_date():
    (ref,) = find_references("Nghị quyết số 46/NQ-CP của Chính phủ ngày 08 tháng 3 năm 2025 về")
    assert ref.date == "2025-03-08"


def test_repeated_mentions_merge_and_fill_date():
    text = "Quán triệt Chỉ thị số 06-CT/TU của Thành ủy. Tuyên truyền Chỉ thị số 6-CT/TU ngày 01/9/2021 đến chi bộ."
    (ref,) = find_references(text, offset=100)
    assert ref.raw == "Chỉ thị số 06-CT/TU"
    assert ref.date == "2021-09-01"
    assert ref.span == (111, 130)
    assert len(ref.mentions) == 2 and ref.mentions[0] == ref.span
    assert text[ref.mentions[1][0] - 100 : ref.mentions[1][1] - 100] == "Chỉ thị số 6-CT/TU ngày 01/9/2021"


def test_own_number_is_not_a_reference():
    text = "Công văn số 636-CV/QU này thực hiện Công văn 621-CV/QU, ngày 21/10/2021."
    keys = [reference_key(r.number, r.symbol) for r in find_references(text, own=("636", "CV/QU"))]
    assert keys == ["621|CV/QU"]


def test_yearless_citation_date_is_in_the_past_of_issue():
    (ref,) = find_references("Thực hiện Công văn số 12/UBND-VP ngày 28/12 của UBND huyện", issued="2022-01-05")
    assert ref.date == "2021-12-28"


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("636 -CV/QU", ("636", "CV/QU")),
        ("Số: 1523/UBND-VP", ("1523", "UBND-VP")),
        ("55/2025/NQ-HĐND", ("55", "2025/NQ-HĐND")),
        ("Số 26 - BS/QU", ("26", "BS/QU")),
        ("Số: 05", ("05", None)),
        ("V/v phòng chống dịch", None),
    ],
)
def test_split_number_symbol(printed, expected):
    assert split_number_symbol(printed) == expected


@pytest.mark.parametrize(
    ("symbol", "form", "expected"),
    [
        ("CT/TU", "party", "CT"),
        ("CV/QU", "party", "CV"),
        ("2020/NĐ-CP", "state", "NĐ"),
        ("UBND-KGVX", "state", "CV"),
        ("UBND-VP", None, "CV"),
        ("QD-UBND", "state", "QĐ"),
        ("BS/QU", "party", None),
        ("2022/QH15", "state", None),
        ("ĐA-UBND", "state", "ĐA"),
    ],
)
def test_doc_type_from_symbol(symbol, form, expected):
    assert doc_type_from_symbol(symbol, form) == expected


def _gold_keys(doc: dict) -> set[str]:
    keys = {reference_key(r["number"], r["symbol"]) for r in doc["references"]}
    for attachment in doc.get("attachments", []):
        keys |= _gold_keys(attachment)
    return keys


@pytest.mark.parametrize("gold_path", sorted((ROOT / "corpus" / "gold").glob("*.json")), ids=lambda p: p.stem)
def test_seed_reference_keys_match_gold(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (ROOT / "corpus" / "seeds" / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
    refs = find_references(text, own=(gold.get("number"), gold.get("symbol")), issued=gold.get("issued_date"))
    assert {reference_key(r.number, r.symbol) for r in refs} == _gold_keys(gold)


def test_issuer_stops_where_the_next_citation_begins():
    text = "Chỉ thị số 05-CT/TU của Ban Thường vụ Thành ủy và Công văn số 190-CV/TU ngày 30/8/2021"
    refs = find_references(text)
    assert [(r.number, r.issuer) for r in refs] == [("05", "Ban Thường vụ Thành ủy"), ("190", None)]
