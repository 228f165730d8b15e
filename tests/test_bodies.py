"""Canonical body keys and issuer level/branch, table-driven."""

from __future__ import annotations

import pytest

from directive_parser.bodies import canonical_body, issuer_level, new_tone_placement, word_key

SAME_KEY = [
    ("UBND Quận", "Ủy ban nhân dân quận"),
    ("Uỷ ban nhân dân  quận", "ỦY BAN NHÂN DÂN QUẬN"),
    ("HĐND tỉnh", "Hội đồng nhân dân tỉnh"),
    ("UBMTTQ huyện", "Ủy ban Mặt trận Tổ quốc huyện"),
    ("Ủy ban MTTQ Việt Nam tỉnh", "Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh"),
    ("TTYT quận", "Trung tâm Y tế quận"),
    ("BCĐ phòng, chống dịch", "Ban Chỉ đạo phòng, chống dịch"),
    ("Ban Thường vụ Thành uỷ", "Ban Thường vụ Thành ủy"),
    ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
    ("- Sở Y tế;", "Sở Y tế"),
    ("các tổ chức chính trị – xã hội", "các tổ chức chính trị - xã hội"),
]


@pytest.mark.parametrize("a, b", SAME_KEY)
def test_same_canonical_key(a: str, b: str) -> None:
    assert canonical_body(a) == canonical_body(b)


@pytest.mark.parametrize(
    "name, key",
    [
        ("UBND Quận", "uỷ ban nhân dân quận"),
        ("Phòng Y tế quận", "phòng y tế quận"),
        ("Công an Quận", "công an quận"),
        ("Đảng uỷ các phường", "đảng uỷ các phường"),
    ],
)
def test_canonical_key(name: str, key: str) -> None:
    assert canonical_body(name) == key


@pytest.mark.parametrize(
    "a, b",
    [("Sở Y tế", "Sở Y tế quận"), ("UBND tỉnh", "HĐND tỉnh"), ("Ban Tổ chức", "Ban Tuyên giáo"), ("Bộ Công an", "Công an")],
)
def test_different_bodies_keep_different_keys(a: str, b: str) -> None:
    assert canonical_body(a) != canonical_body(b)


@pytest.mark.parametrize(
    "old, new", [("Hòa Bình", "Hoà Bình"), ("thủy sản", "thuỷ sản"), ("khỏe", "khoẻ"), ("Quý", "Quý"), ("uy tín", "uy tín")]
)
def test_new_tone_placement(old: str, new: str) -> None:
    assert new_tone_placement(old) == new


@pytest.mark.parametrize("a, b", [("ủy", "uỷ"), ("Hòa", "hoà"), ("UBND", "ubnd")])
def test_word_key_ignores_case_and_tone_placement(a: str, b: str) -> None:
    assert word_key(a) == word_key(b)


def test_word_key_keeps_tones_apart() -> None:
    assert word_key("giao") != word_key("giáo")


LEVELS = [
    (("QUẬN ỦY HAI BÀ TRUNG", "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "CV/QU"), ("district", "party")),
    (("ỦY BAN NHÂN DÂN QUẬN THANH XUÂN", None, "UBND-VP"), ("district", "state")),
    (("THÀNH ỦY BẮC NINH", "ĐẢNG BỘ TỈNH BẮC NINH", "CV/TU"), ("province", "party")),
    (("TỈNH ỦY QUẢNG NINH", "ĐẢNG BỘ TỈNH QUẢNG NINH", "CT/TU"), ("province", "party")),
    (("BAN CHẤP HÀNH TRUNG ƯƠNG", None, "CT/TW"), ("central", "party")),
    (("BỘ Y TẾ", None, "BYT-MT"), ("central", "state")),
    (("THỦ TƯỚNG CHÍNH PHỦ", None, "CĐ-TTg"), ("central", "state")),
    (("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", None, "QĐ-UBND"), ("province", "state")),
    (("SỞ Y TẾ", "UBND TỈNH THANH HÓA", "SYT-NVY"), ("province", "state")),
    (("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", None, "UBND-KGVX"), ("province", "state")),
    (("ỦY BAN NHÂN DÂN THÀNH PHỐ BẮC NINH", None, "UBND-VP"), ("district", "state")),
    (("UBND HUYỆN GIA LÂM", None, None), ("district", "state")),
    (("ỦY BAN NHÂN DÂN XÃ AN BÌNH", "HUYỆN THUẬN THÀNH", "UBND"), ("commune", "state")),
    (("ĐẢNG ỦY XÃ TÂN LẬP", "ĐẢNG BỘ HUYỆN ĐAN PHƯỢNG", "CV/ĐU"), ("commune", "party")),
    (("HUYỆN ỦY ĐÔNG ANH", "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "TB/HU"), ("district", "party")),
    (("BẢO HIỂM XÃ HỘI VIỆT NAM", None, "BHXH-CSYT"), ("central", "state")),
    (("BỘ CHỈ HUY QUÂN SỰ TỈNH", None, None), ("province", "state")),
    ((None, None, None), ("unknown", "unknown")),
]


@pytest.mark.parametrize("args, expected", LEVELS, ids=[str(a[0]) for a, _ in LEVELS])
def test_issuer_level(args: tuple, expected: tuple[str, str]) -> None:
    assert issuer_level(*args) == expected
