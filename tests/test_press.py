"""Press reports: issuer, type, number, signing date and signer read from the prose."""

from __future__ import annotations

import pytest

from directive_parser import parse_text

ARTICLES = [
    (
        "Bí thư Tỉnh ủy Nguyễn Văn An vừa thay mặt Ban Thường vụ Tỉnh ủy ký ban hành Chỉ thị về “Tăng cường phòng, chống thiên tai”.\n"
        "1/ Các cấp ủy tập trung lãnh đạo.\n2/ Ban Tuyên giáo Tỉnh ủy chủ trì tuyên truyền.",
        dict(doc_type="CT", issuer="Ban Thường vụ Tỉnh ủy", subject="Tăng cường phòng, chống thiên tai", number=None,
             authority="TM", on_behalf_of="Ban Thường vụ Tỉnh ủy", titles=["Bí thư Tỉnh ủy"], name="Nguyễn Văn An"),
    ),
    (
        "Thứ Năm, 12/03/2020 - 09:10\n"
        "Chiều 11/3, Phó Chủ tịch UBND tỉnh Trần Thị Hoa đã ký ban hành Công văn số 815/UBND-VX của UBND tỉnh về phòng chống dịch.\n"
        "Theo đó, Sở Y tế chủ trì, phối hợp với các sở, ngành triển khai các biện pháp.",
        dict(doc_type="CV", issuer="UBND tỉnh", subject="phòng chống dịch", number="815", issued_date="2020-03-11",
             authority=None, on_behalf_of=None, titles=["Phó Chủ tịch UBND tỉnh"], name="Trần Thị Hoa"),
    ),
    (
        "(TTXVN) - Ngày 5/1, thay mặt Thường trực Thành ủy, đồng chí Lê Minh Tâm, Phó Bí thư Thường trực Thành ủy đã ký "
        "ban hành Thông báo số 88-TB/TU kết luận của Thường trực Thành ủy về công tác chuẩn bị Tết.\n"
        "1. Các cấp ủy chăm lo Tết cho người nghèo.",
        dict(doc_type="TB", issuer="Thường trực Thành ủy", number="88", symbol="TB/TU", authority="TM",
             on_behalf_of="Thường trực Thành ủy", titles=["Phó Bí thư Thường trực Thành ủy"], name="Lê Minh Tâm"),
    ),
    (  # the same article after a bad extraction lost its accents
        "Bi thu Tinh uy Nguyen Van An vua thay mat Ban Thuong vu Tinh uy ky ban hanh Chi thi ve tang cuong phong chong thien tai.\n"
        "1/ Cac cap uy tap trung lanh dao.",
        dict(doc_type="CT", issuer="Ban Thuong vu Tinh uy", authority="TM", name="Nguyen Van An"),
    ),
]


@pytest.mark.parametrize("text,expected", ARTICLES)
def test_press_fields(text, expected):
    d = parse_text(text)
    assert d.form == "press"
    got = dict(doc_type=d.doc_type, issuer=d.issuer.name, subject=d.subject, number=d.number, symbol=d.symbol,
               issued_date=d.issued_date)
    if d.signatory:
        got.update(authority=d.signatory.authority, on_behalf_of=d.signatory.on_behalf_of,
                   titles=d.signatory.titles, name=d.signatory.name)
    for key, value in expected.items():
        assert got.get(key) == value, key
