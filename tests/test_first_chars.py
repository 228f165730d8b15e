"""LineAlternation must answer exactly as the plain alternation it stands for."""

import re

import pytest

from directive_parser.first_chars import LineAlternation, first_char_gate

PATTERNS = [
    r"(?:[-_=—–~] *){3,}",
    r"\*",
    r"\d{1,3}",
    r"(?:Số )?lượt xem:? *\d[\d.,]*",
    r"Cỡ chữ:?(?: *[-+aA]+)*|Tăng cỡ chữ",
    r"- *\d{1,4} *-",
    r"Số hiệu *:.*",
    r"(?=Tags?)\w+:?.*",
    r"(?:THE )?SOCIALIST(?: REPUBLIC OF VIET ?NAM)?",
    r"[^a-z]{2}x",
]


@pytest.mark.parametrize(
    "line",
    [
        "-------", "— — —", "*", "12", "1234", "Số lượt xem 912", "lượt xem: 1.234", "LƯỢT XEM 5",
        "Cỡ chữ: - + a", "tăng cỡ chữ", "- 3 -", "số hiệu: 5348/CT-CS", "SỐ HIỆU :", "Tags: văn bản",
        "the socialist", "SOCIALIST REPUBLIC OF VIETNAM", "ÂÊx", "Ủy ban nhân dân tỉnh", "Kính gửi:", "x",
    ],
)
def test_same_answer_as_the_alternation(line):
    whole = re.compile("|".join(f"(?:{p})" for p in PATTERNS), re.IGNORECASE)
    assert LineAlternation(PATTERNS, re.IGNORECASE).fullmatch(line) == bool(whole.fullmatch(line))


@pytest.mark.parametrize(
    "pattern, starts, never",
    [
        (r"(?:Số )?lượt xem", ["S", "s", "l", "L"], ["x", "1"]),
        (r"- *\d{1,4} *-", ["-"], ["1", " "]),
        (r"\d{1,3}", ["7", "٣"], ["a"]),
        (r"(?:ĐỘC LẬP|Hạnh phúc)", ["đ", "Đ", "h"], ["d"]),
    ],
)
def test_gate_lets_through_every_possible_first_character(pattern, starts, never):
    gate = first_char_gate(pattern, re.IGNORECASE)
    assert all(gate.match(c) for c in starts)
    assert not any(gate.match(c) for c in never)


def test_gate_is_open_when_any_character_can_start():
    assert first_char_gate(r"[^a-z]x") is None
    assert first_char_gate(r".*:") is None
