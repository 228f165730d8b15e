"""Segmentation: documents in a file, annexes, copy certificates, press form."""

from __future__ import annotations

from directive_parser.zones import is_person_name, segment

LETTER = """ỦY BAN NHÂN DÂN
TỈNH LÀO CAI
Số: 88/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Lào Cai, ngày 10 tháng 01 năm 2024
QUYẾT ĐỊNH
Về việc ban hành Quy chế làm việc
Căn cứ Luật Tổ chức chính quyền địa phương;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.
Điều 2. Chánh Văn phòng chịu trách nhiệm thi hành./.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Hoàng Văn Thắng
"""


def test_annex_after_the_signature_is_not_an_attachment():
    annex = "QUY CHẾ\nLÀM VIỆC CỦA ỦY BAN NHÂN DÂN TỈNH\n(Ban hành kèm theo Quyết định số 88/QĐ-UBND)\nChương I\nĐiều 1. Phạm vi\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐƠN ĐỀ NGHỊ\n"
    docs = segment(LETTER + annex)
    assert len(docs) == 1
    assert any("Ban hành kèm theo" in ln.text for ln in docs[0].annex)
    assert [ln.text for ln in docs[0].body][-1].startswith("Điều 2.")


def test_copied_directive_with_its_certificate_is_an_attachment():
    copied = (
        "CHỈ THỊ\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\nvề tăng cường phòng chống thiên tai\n"
        "1. Các cấp ủy tập trung lãnh đạo.\n2. Ban Tuyên giáo Tỉnh ủy chủ trì tuyên truyền.\n"
        "T/M BAN THƯỜNG VỤ\nBÍ THƯ\nĐã ký: Lê Minh Hưng\n"
        "HUYỆN ỦY BẢO THẮNG\n*\nSố 12 - BS/HU\nSAO LỤC\nBảo Thắng, ngày 15 tháng 01 năm 2024\n"
        "Nơi nhận:\n- Các chi, đảng bộ cơ sở,\n- Lưu VPHU.\nNguyễn Thị Thu\n"
    )
    docs = segment(LETTER + copied)
    assert len(docs) == 2
    attachment = docs[1]
    assert attachment.header[0].text == "CHỈ THỊ"
    assert any(ln.text == "SAO LỤC" for ln in attachment.certificate)
    assert any("BÍ THƯ" == ln.text for ln in attachment.closing)


def test_article_without_header_is_press():
    article = "Chủ tịch UBND tỉnh vừa ký ban hành Chỉ thị về phòng chống cháy rừng.\nTheo đó, các huyện chủ động."
    assert segment(article)[0].press


NAMES = [
    ("Đặng Khánh Hòa", True),
    ("NGUYỄN VĂN AN", True),
    ("Trần Thị Phương", True),
    ("QUẬN ỦY HÀ ĐÔNG", False),
    ("QUAN UY HA DONG", False),
    ("CHỦ NGHĨA VIỆT NAM", False),
    ("Sở Y tế", False),
    ("Phó Chủ tịch", False),
]


def test_person_names():
    for text, expected in NAMES:
        assert is_person_name(text) is expected, text


def test_a_document_glued_into_one_line_gets_its_lines_back():
    """Text extracted with every line break lost: header, recipients, closing and signer are still read."""
    from pathlib import Path

    from directive_parser import parse_text

    seed = Path(__file__).resolve().parents[1] / "corpus" / "seeds" / "001_b4b932024a6b07ec.txt"
    glued = " ".join(line.strip() for line in seed.read_text(encoding="utf-8").splitlines() if line.strip())
    d = parse_text(glued)
    assert (d.issuer.name, d.number, d.symbol, d.place, d.issued_date) == (
        "ỦY BAN NHÂN DÂN QUẬN THANH XUÂN", "1523", "UBND-VP", "Thanh Xuân", "2022-09-06")
    assert d.subject.startswith("đẩy mạnh triển khai các biện pháp")
    assert len(d.recipients) == 6 and len(d.cc) == 7
    assert (d.signatory.authority, d.signatory.titles, d.signatory.name) == ("TM", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Đặng Khánh Hòa")
    assert [t.id for t in d.tasks][:1] == ["1"]
