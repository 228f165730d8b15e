"""fast_regex patterns must answer exactly as the plain patterns they stand for."""

import re

import pytest

from directive_parser.fast_regex import LineAlternation, first_char_gate, word_alternation

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


CUE_WORDS = ["truoc", "cham nhat", "cham nhat la", "cham nhat vao", "den het", "den", "ke hoach", "ket luan", "quy", "quy che"]


@pytest.mark.parametrize(
    "text",
    [
        "hoan thanh truoc ngay 5/9, cham nhat la ngay 10",
        "cham  nhat\nvao thang 9; den het nam; den   ngay",
        "ke hoach so 12 va ket luan 5, quy che, quy iv",
        "chamnhat denhet ketluan",
        "",
    ],
)
def test_trie_matches_as_the_longest_first_alternation(text):
    longest_first = "|".join(
        r"\s+".join(re.escape(w) for w in word.split()) for word in sorted(set(CUE_WORDS), key=len, reverse=True)
    )
    for tail in ("", r"(?![a-z])", r"\s+(?:ngay|thang)"):
        plain = re.compile(f"(?:{longest_first}){tail}")
        trie = re.compile(f"{word_alternation(CUE_WORDS)}{tail}")
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
