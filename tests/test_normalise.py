"""Normalisation: clean text, exact offsets back to the input, leftovers gone and
real content kept. Fragments marked "corpus-real" are copied from
/work/shared/corpus-real/docs (legal-site pages turned into markdown)."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_parser.normalise import Line, iter_lines, normalise

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "seeds"
REAL_DOCS = Path("/work/shared/corpus-real/docs")


def clean(raw: str) -> str:
    return normalise(raw).text


def assert_offsets_exact(raw: str, n) -> None:
    """Every clean character maps into raw, in order, and is the character it came
    from, or what it was turned into (a line break, a space, a composed letter)."""
    previous = -1
    for i, ch in enumerate(n.text):
        src = n.to_source(i)
        assert previous < src < len(raw), (i, src)
        previous = src
        if raw[src] != ch:
            if ch == "\n":
                assert raw[src] in "\r|\x0b\x0c\x85\u2028\u2029", (i, raw[src])
            elif ch == " ":
                assert raw[src].isspace(), (i, raw[src])
            elif not unicodedata.combining(ch):  # marks may be reordered inside a cluster
                assert unicodedata.normalize("NFD", ch)[0] == raw[src], (i, ch, raw[src])
    assert n.to_source(len(n.text)) == len(raw)


# --- characters ----------------------------------------------------------------------

NFD_DATE = unicodedata.normalize("NFD", "Hà Nội, ngày 05 tháng 01 năm 2020")

CHARACTER_ROWS = [
    # encoding-level damage
    (NFD_DATE, "Hà Nội, ngày 05 tháng 01 năm 2020"),
    ("Số: 15/QĐ-UBND\r\nHà Nội\r\n", "Số: 15/QĐ-UBND\nHà Nội\n"),
    ("CHỈ THỊ\rVề việc", "CHỈ THỊ\nVề việc"),
    ("\ufeffỦY BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
    ("Số:\xa015/QĐ-UBND", "Số: 15/QĐ-UBND"),
    ("Kính\u202fgửi:\u2003Sở Y tế", "Kính gửi: Sở Y tế"),
    ("Quyết\u200b định\u200d số\u2060 12", "Quyết định số 12"),
    ("phòng\u00ad, chống dịch", "phòng, chống dịch"),
    ("Số: 331-CV/TU\tTP. Bắc Ninh", "Số: 331-CV/TU TP. Bắc Ninh"),
    ("Điều 1. Phạm vi\x0cĐiều 2. Đối tượng", "Điều 1. Phạm vi\nĐiều 2. Đối tượng"),
    # spaces and blank lines
    ("Nơi nhận:   \n- Như trên;  \n", "Nơi nhận:\n- Như trên;\n"),
    ("\n\n\n**ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI"),
    ("1. Điều một\n\n\n\n\n2. Điều hai", "1. Điều một\n\n2. Điều hai"),
    ("1. Điều một\n\n\n2. Điều hai", "1. Điều một\n\n\n2. Điều hai"),  # two blank lines stay
    ("Đã ký\n\n\n\n", "Đã ký\n"),
    # markdown residue (corpus-real, seeds 000, 001, 003)
    ("**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc**",
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"),
    ("*Căn cứ Luật Tổ chức chính quyền địa phương số\n72/2025/QH15;*",
     "Căn cứ Luật Tổ chức chính quyền địa phương số\n72/2025/QH15;"),
    ("KT. TRƯỞNG BAN CH**ÍNH SÁCH,**", "KT. TRƯỞNG BAN CHÍNH SÁCH,"),
    ("__Ghi chú:__ số liệu các chỉ tiêu", "Ghi chú: số liệu các chỉ tiêu"),
    ("theo mẫu _Phụ lục I_ kèm theo", "theo mẫu Phụ lục I kèm theo"),
    ("# QUYẾT ĐỊNH:", "QUYẾT ĐỊNH:"),
    ("## Văn bản này", "Văn bản này"),
    ("Giá trị \\*5 và \\_x\\_", "Giá trị *5 và _x_"),
    ("(**) Miêu tả ngắn gọn đặc điểm", "(**) Miêu tả ngắn gọn đặc điểm"),
    ("Ghi chú: (*) chỉ tiêu bắt buộc", "Ghi chú: (*) chỉ tiêu bắt buộc"),
    ("* Về công tác tuyên truyền", "* Về công tác tuyên truyền"),
    ("* *Quy định tại Điểm d Khoản", " Quy định tại Điểm d Khoản"),
    ("tệp ho_so_2024.pdf, mã #1", "tệp ho_so_2024.pdf, mã #1"),
    ("Số: ______/QĐ-UBND", "Số: ______/QĐ-UBND"),  # a blank number to fill in stays
    ("Đã ký: **Đinh Tiến Dũng**", "Đã ký: Đinh Tiến Dũng"),
    ("**ỦY BAN NHÂN DÂN\n**\nTỈNH ĐỒNG NAI", "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI"),  # a markup-only line goes
    ("Phùng Thị Hồng Hà\n\n** **", "Phùng Thị Hồng Hà\n"),  # a kept line keeps its newline
    # `|` table residue: edges go, an inner border splits the cells onto lines
    ("| Số: 15/QĐ-UBND | Hà Nội, ngày 05 tháng 01 năm 2020 |",
     "Số: 15/QĐ-UBND\nHà Nội, ngày 05 tháng 01 năm 2020"),
    ("CHÍNH PHỦ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc--------------- |",
     "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc"),
    ("|\n**ỦY BAN NHÂN DÂN**\nTỈNH NGHỆ AN\n-------\n|\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\n"
     "Độc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố:\n97/2025/QĐ-UBND\n|\n*Nghệ An, ngày 25\n"
     "tháng 11 năm 2025*\n|\n",
     "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\n\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n\n"
     "Số:\n97/2025/QĐ-UBND\n\nNghệ An, ngày 25\ntháng 11 năm 2025\n"),
    # the Party issuer's `*` stays; a `*` closing an italic line goes
    ("ĐẢNG BỘ THÀNH PHỐ HÀ NỘI\nQUẬN ỦY HAI BÀ TRUNG**\n\n*\n\nSố 636 -CV/QU",
     "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI\nQUẬN ỦY HAI BÀ TRUNG\n\n*\n\nSố 636 -CV/QU"),
    ("**BAN CHẤP HÀNH\nTRUNG ƯƠNG**\n*\n|\n**ĐẢNG CỘNG SẢN\nVIỆT NAM**",
     "BAN CHẤP HÀNH\nTRUNG ƯƠNG\n*\n\nĐẢNG CỘNG SẢN\nVIỆT NAM"),
    ("*Lý do điều chỉnh:\n.............\n*\n\nNgười lập", "Lý do điều chỉnh:\n.............\n\nNgười lập"),
]




# --- leftover lines ------------------------------------------------------------------------

PARTY_HEAD = "ĐẢNG BỘ TỈNH BẮC NINH\nTHÀNH ỦY BẮC NINH\n"


def filler(part: int) -> str:
    """Nine lines of body text, different for each part."""
    return "".join(f"- Nhiệm vụ {part}.{k} của các cơ quan, đơn vị trên địa bàn;\n" for k in range(1, 10))


FILLER = filler(0)

LEFTOVER_ROWS = [
    # province Party web page (seed 004): counter on top, widgets at the bottom
    ("2021-10-12 08:28:02 Số lượt xem 912\n" + PARTY_HEAD, PARTY_HEAD),
    ("Lượt xem: 1.234\n" + PARTY_HEAD, PARTY_HEAD),
    ("Nguyễn Hoàng Long\n \n \n \nVideo\nThống kê truy cập\nĐang online43\nTất cả1674327\n", "Nguyễn Hoàng Long\n"),
    ("Nơi nhận:\n- Như trên;\nIn bài viết\nChia sẻ\nFacebook\nTrở về đầu trang\n", "Nơi nhận:\n- Như trên;\n"),
    # press byline: only at the very end
    ("các lễ hội theo đúng tinh thần chỉ đạo.\nNguồn: Suckhoedoisong.vn", "các lễ hội theo đúng tinh thần chỉ đạo.\n"),
    ("Nguồn: Suckhoedoisong.vn\nThường trực Thành ủy yêu cầu", "Nguồn: Suckhoedoisong.vn\nThường trực Thành ủy yêu cầu"),
    ("Bảng 1. Dân số\nNguồn: Tổng cục Thống kê", "Bảng 1. Dân số\nNguồn: Tổng cục Thống kê"),
    ("Video hướng dẫn được đăng tải trên Cổng thông tin", "Video hướng dẫn được đăng tải trên Cổng thông tin"),
    # rules under issuers and mottos
    ("BỘ TÀI CHÍNH\n-------\nCỤC THUẾ\n_______________\n=====\n", "BỘ TÀI CHÍNH\nCỤC THUẾ\n"),
    ("- Như trên;\n- Lưu: VT.", "- Như trên;\n- Lưu: VT."),
    # a legal site's tab row; a table header with two of the same words stays
    ("Toàn văn\nThuộc tính\nLịch sử\nVăn bản liên quan\nLược đồ\nTải về\nQUYẾT ĐỊNH", "QUYẾT ĐỊNH"),
    ("STT\n\nNội dung\n\nGhi chú\n\n1\n\nRà soát", "STT\n\nNội dung\n\nGhi chú\n\n1\n\nRà soát"),
    # page numbers from PDF extraction
    ("Kính gửi: Sở Y tế\n- 2 -\nthực hiện nghiêm", "Kính gửi: Sở Y tế\nthực hiện nghiêm"),
    ("các đơn vị\nTrang 4/12\nphối hợp", "các đơn vị\nphối hợp"),
    ("I. MỤC ĐÍCH\n" + filler(1) + "2\n" + filler(2) + "3\n" + filler(3) + "Nơi nhận:",
     "I. MỤC ĐÍCH\n" + filler(1) + filler(2) + filler(3) + "Nơi nhận:"),
    ("CHỈ THỊ\n" + filler(1) + "2\n" + filler(2) + "Nơi nhận:", "CHỈ THỊ\n" + filler(1) + filler(2) + "Nơi nhận:"),
    # numbers that are not page numbers: wrapped labels, table cells, a list
    ("**CHƯƠNG\n1**\n" + filler(1) + "**CHƯƠNG\n2**\n" + filler(2) + "**CHƯƠNG\n3**",
     "CHƯƠNG\n1\n" + filler(1) + "CHƯƠNG\n2\n" + filler(2) + "CHƯƠNG\n3"),
    ("|\n1\n|\nThu hồi chứng chỉ\n" + filler(1) + "|\n2\n|\nCấp lại chứng chỉ\n" + filler(2) + "|",
     "1\n\nThu hồi chứng chỉ\n" + filler(1) + "\n2\n\nCấp lại chứng chỉ\n" + filler(2)),
    ("Số lượng\n1\nhai\n2\nba\n3\n", "Số lượng\n1\nhai\n2\nba\n3\n"),
]




# --- a legal site's boxes (corpus-real 005d8820eb95c1cb, shortened) ------------------------

SITE_HEAD = """|
|
Bản dịch này thuộc quyền sở hữu của **
THƯ VIỆN PHÁP LUẬT**. Mọi hành vi sao chép, đăng tải lại mà không có sự đồng ý của **
THƯ VIỆN PHÁP LUẬT** là vi phạm pháp luật về Sở hữu trí tuệ.
**
THƯ VIỆN PHÁP LUẬT** has the copyright on this translation. Copying or reposting it without the consent of **
THƯ VIỆN PHÁP LUẬT** is a violation against the Law on Intellectual Property.
X
**
CÁC NỘI DUNG ĐƯỢC SỬA ĐỔI, HƯỚNG DẪN
**
Các nội dung của VB này được VB khác thay đổi, hướng dẫn sẽ được làm nổi bật bằng
các màu sắc:
: Sửa đổi, thay thế,
hủy bỏ
Click vào phần bôi vàng để xem chi tiết.
|
|
Đang tải văn bản...
#
**Số hiệu:**
|
5348/CT-CS
|
|
**Loại văn bản:**
|
Công văn
|
**Nơi ban hành:**
|
Cục Thuế
|
|
**Người ký:**
|
Phạm Thị Minh Hiền
|
**Ngày ban hành:**
|
20/11/2025
|
|
**
Ngày hiệu lực:**
|
Đã biết
|
|
**Tình trạng:**
|
Đã biết
|
|
"""
SITE_DOC = """BỘ TÀI CHÍNH
**CỤC THUẾ**
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 5348/CT-CS
*V/v hướng dẫn góp vốn điều lệ*
|
*Hà Nội, ngày 20
tháng 11 năm 2025*
|
**Kính gửi:** Thuế tỉnh Quảng Trị.
Cục Thuế có ý kiến để Thuế tỉnh Quảng Trị biết được
biết./.
|
Nơi nhận:
- Như trên;
- Lưu: VT, CS.
|
**TL. CỤC TRƯỞNG**
PHÓ TRƯỞNG BAN
Phạm Thị Minh Hiền
|
"""
SITE_TRAILER = """Công văn 5348/CT-CS năm 2025 hướng dẫn góp vốn điều lệ do Cục Thuế ban hành
Văn bản này chưa cập nhật nội dung Tiếng Anh
Công văn 5348/CT-CS ngày 20/11/2025 hướng dẫn góp vốn điều lệ do Cục Thuế ban hành
## Văn bản liên quan
Ban hành:
11/11/2025
Hiệu lực: Đã biết
Tình trạng: Đã biết
Cập nhật:
12/11/2025
111
|
NỘI DUNG SỬA ĐỔI, HƯỚNG DẪN
Văn bản bị thay thế
**Địa chỉ:**
|
17 Nguyễn Gia Thiều, P. Xuân Hòa, TP.HCM
|
Cảm ơn đã dùng ThuVienPhapLuat.vn
|
"""
SITE_DOC_CLEAN = """BỘ TÀI CHÍNH
CỤC THUẾ

CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc


Số: 5348/CT-CS
V/v hướng dẫn góp vốn điều lệ

Hà Nội, ngày 20
tháng 11 năm 2025

Kính gửi: Thuế tỉnh Quảng Trị.
Cục Thuế có ý kiến để Thuế tỉnh Quảng Trị biết được
biết./.

Nơi nhận:
- Như trên;
- Lưu: VT, CS.

TL. CỤC TRƯỞNG
PHÓ TRƯỞNG BAN
Phạm Thị Minh Hiền
"""
# corpus-real 5d196a776ae817c7: a news-style summary between the box and the document
SITE_SUMMARY = """## Các mặt hàng nhập khẩu từ Lào về Việt Nam được ưu đãi về thuế
**Ngày 2/12/2025, Bộ trưởng Bộ Công Thương ban hành Thông tư 61/2025/TT-BCT quy định về hạn ngạch.**
Theo đó, nội dung văn bản quy định về hạn ngạch thuế quan nhập khẩu đối với mặt hàng lá thuốc lá.
Xem chi tiết nội dung tại Thông tư 61/2025/TT-BCT có hiệu lực từ ngày 2/12/2025 đến hết ngày 24/02/2030.
|
"""
# corpus-real 39db3d8c3cc4571d: an English translation between the document and the trailer
SITE_TRANSLATION = """Circular No. 110/2025/TT-BTC dated November 19, 2025 on fees for licensing karaoke
|
**MINISTRY OF FINANCE OF VIETNAM**
-------
|
**SOCIALIST REPUBLIC OF VIETNAM**
Independence – Freedom – Happiness
No. 110/2025/TT-BTC
**PP. MINISTER**
Cao Anh Tuan
"""
INLINE_BOX = (
    "Số hiệu: | 15/2024/QĐ-UBND | Loại văn bản: | Quyết định |\n"
    "Nơi ban hành: | Tỉnh Cao Bằng | Người ký: | Nguyễn Văn A |\n"
    "Ngày ban hành: | 01/02/2024 | Ngày hiệu lực: | Đã biết |\n"
    "Tình trạng: | Đã biết |\n"
)

SITE_ROWS = [
    (SITE_HEAD + SITE_DOC + SITE_TRAILER, SITE_DOC_CLEAN),
    (SITE_HEAD + SITE_SUMMARY + SITE_DOC + SITE_TRAILER, SITE_DOC_CLEAN),
    (SITE_HEAD + SITE_DOC + SITE_TRANSLATION + SITE_TRAILER, SITE_DOC_CLEAN),
    (INLINE_BOX + SITE_DOC, SITE_DOC_CLEAN),
    # corpus-real 8180ae…: a key seen in consolidated texts; 65dec8…: the attachment box above the title
    (SITE_HEAD.replace("**Tình trạng:**", "**\nNgày hợp nhất:**\n|\nĐã biết\n|\n**Tình trạng:**") + SITE_DOC
     + "** **\n**FILE ĐƯỢC\nĐÍNH KÈM THEO VĂN BẢN**\n|\n** **\n" + SITE_TRAILER, SITE_DOC_CLEAN),
    # corpus-real 8018a6…: the summary ends with `Xem thêm chi tiết tại …`
    (SITE_HEAD + SITE_SUMMARY.replace("Xem chi tiết nội dung tại", "Xem thêm chi tiết tại") + SITE_DOC, SITE_DOC_CLEAN),
    # a district portal's menu above the document
    ("Trang chủ\nGiới thiệu\nTin tức - Sự kiện\nVăn bản\nLiên hệ\n" + SITE_DOC, SITE_DOC_CLEAN),
    # one key in a document is text, not a box
    ("Người ký: Nguyễn Văn A\nChức vụ: Phó Chủ tịch", "Người ký: Nguyễn Văn A\nChức vụ: Phó Chủ tịch"),
    # `Ghi chú` heading a table column is not the site's trailer, even above related-document lines
    ("Tỷ lệ (%)\n\nGhi chú\n\n" + FILLER + "Ban hành:\nHiệu lực: 2025\nTình trạng: mới",
     "Tỷ lệ (%)\n\nGhi chú\n\n" + FILLER + "Ban hành:\nHiệu lực: 2025\nTình trạng: mới"),
]




# --- a text saved twice ------------------------------------------------------------------------

PRESS = [
    "Bí thư Thành ủy vừa ký ban hành Điện về tăng cường công tác phòng, chống dịch bệnh COVID-19.",
    "Theo đó, trước diễn biến ngày càng phức tạp, số ca mắc tăng cao trên địa bàn thành phố.",
    "1/ Siết chặt kỷ luật, kỷ cương trong công tác phòng, chống dịch.",
    "2/ Tiếp tục khẩn trương rà soát để triển khai tiêm vắc xin cho các đối tượng.",
]
REPEATED_PARAGRAPH = "Đề nghị các cơ quan, đơn vị nghiêm túc tổ chức thực hiện, báo cáo kết quả về Văn phòng."

DUPLICATE_ROWS = [
    ("\n".join(PRESS * 2), "\n".join(PRESS) + "\n"),
    ("\n".join(PRESS * 3), "\n".join(PRESS) + "\n"),
    ("Trang chủ > Tin tức\n" + "\n\n".join(PRESS) + "\n\n" + "\n\n".join(PRESS),
     "Trang chủ > Tin tức\n" + "\n\n".join(PRESS) + "\n"),
    # a paragraph that really is said twice stays twice
    ("\n".join([PRESS[0], REPEATED_PARAGRAPH, PRESS[1], PRESS[2], REPEATED_PARAGRAPH, PRESS[3]]),
     "\n".join([PRESS[0], REPEATED_PARAGRAPH, PRESS[1], PRESS[2], REPEATED_PARAGRAPH, PRESS[3]])),
    # two paragraphs pasted twice back to back inside a longer text: a slip, not a doubled file
    ("\n".join(PRESS[:2] * 2) + "\n" + filler(1) + filler(2), "\n".join(PRESS[:2] * 2) + "\n" + filler(1) + filler(2)),
]




ROWS = [
    pytest.param(raw, expected, id=f"{kind}-{k}")
    for kind, table in [
        ("characters", CHARACTER_ROWS),
        ("leftovers", LEFTOVER_ROWS),
        ("site", SITE_ROWS),
        ("doubled", DUPLICATE_ROWS),
    ]
    for k, (raw, expected) in enumerate(table)
]


@pytest.mark.parametrize("raw, expected", ROWS)
def test_clean_text_and_exact_offsets(raw, expected):
    n = normalise(raw)
    assert n.text == expected
    assert_offsets_exact(raw, n)


def test_seed_002_saved_twice_comes_out_once():
    raw = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
    text = normalise(raw).text
    first_line = raw.splitlines()[0]
    assert raw.count(first_line) == 2
    assert text.count(first_line) == 1
    assert text.rstrip().endswith("Bộ Văn hóa, Thể thao và Du lịch.")
    assert "8/ Đối với việc tổ chức các lễ hội" in text
    assert "Nguồn:" not in text


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_keep_offsets_survive_nfd_and_doubling(seed):
    raw = seed.read_text(encoding="utf-8")
    n = normalise(raw)
    assert_offsets_exact(raw, n)
    decomposed = unicodedata.normalize("NFD", raw)
    nd = normalise(decomposed)
    assert nd.text == n.text
    assert_offsets_exact(decomposed, nd)
    assert any("NFC" in w for w in nd.warnings)
    twice = "\n".join([raw, raw])  # the whole file saved twice
    assert normalise(twice).text.rstrip() == n.text.rstrip()


# --- offsets on arbitrary input ---------------------------------------------------------------

NASTY = "ab Đệ1\n\r\t |*_#\\-=(): \xa0\u200b\ufeff\u0301\u0323\u2028"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(NASTY), max_size=200) | st.text(max_size=100))
def test_any_text_maps_back_exactly(raw):
    n = normalise(raw)
    assert_offsets_exact(raw, n)
    assert len(n.source_offsets) == len(n.text) + 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(CHARACTER_ROWS + LEFTOVER_ROWS), min_size=1, max_size=6))
def test_fragments_glued_together_map_back(rows):
    raw = "\n".join(r for r, _ in rows)
    assert_offsets_exact(raw, normalise(raw))


@pytest.mark.parametrize(
    "raw",
    [
        "Số: 15/QĐ-UBND " * 330_000,  # 5 MB on one line
        "**" * 1_000_000 + "x" + "**" * 1_000_000,
        "(" * 200_000 + "**x**" + ")" * 200_000,
        "| " * 1_000_000,
        "*a* " * 500_000,
    ],
    ids=["one-long-line", "deep-bold", "deep-brackets", "pipes", "italics"],
)
def test_huge_lines_do_not_blow_up(raw):
    n = normalise(raw)
    assert "*" not in n.text and "|" not in n.text
    for i in random.Random(0).sample(range(len(n.text)), min(200, len(n.text))):
        assert raw[n.to_source(i)] == n.text[i] or n.text[i] == "\n"


# --- lines -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Số: 15/QĐ-UBND\nHà Nội", [Line(0, 14, "Số: 15/QĐ-UBND"), Line(15, 21, "Hà Nội")]),
        ("CHỈ THỊ\n\nVề việc\n", [Line(0, 7, "CHỈ THỊ"), Line(8, 8, ""), Line(9, 16, "Về việc")]),
        ("", [Line(0, 0, "")]),
    ],
)
def test_iter_lines(text, expected):
    lines = iter_lines(text)
    assert lines == expected
    assert all(text[ln.start : ln.end] == ln.text for ln in lines)


# --- the 284 real documents -------------------------------------------------------------------

REAL = sorted(REAL_DOCS.glob("*.md")) if REAL_DOCS.is_dir() else []
METADATA_LINE = re.compile(r"^\s*(?:Số hiệu|Loại văn bản|Nơi ban hành|Người ký|Ngày ban hành|Tình trạng)\s*:", re.M)
MOTTO = re.compile(r"CỘNG H[OÒ][AÀ] XÃ HỘI CHỦ NGHĨA VIỆT NAM|ĐẢNG CỘNG SẢN VIỆT NAM", re.I)


@pytest.mark.skipif(not REAL, reason="corpus-real not present")
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_real_documents_lose_site_boxes_and_keep_the_document(path):
    raw = path.read_text(encoding="utf-8")
    n = normalise(raw)
    assert not METADATA_LINE.search(n.text)
    assert "THƯ VIỆN PHÁP LUẬT" not in n.text
    assert "Đang tải văn bản" not in n.text
    assert MOTTO.search(" ".join(n.text.split()))
    assert "Nơi nhận" in n.text
    rng = random.Random(path.stem)
    for i in rng.sample(range(len(n.text)), min(300, len(n.text))):
        src = n.to_source(i)
        assert raw[src] == n.text[i] or (n.text[i] == "\n" and raw[src] in "\r|")
