"""Regular expressions built for speed, matching exactly as their plain forms do.

`LineAlternation`: whole-line matching against many patterns, trying only those a
line can start. A long alternation such as `Lượt xem:? *\\d+|In bài|Chia sẻ|…` run
case-insensitively on every line of a document costs a failed branch per
alternative per line (the regex engine has no fast first-character test for
case-insensitive branches). The stdlib's own parser tells which characters can
start each alternative, so a line is tried only against the alternatives its first
character allows; the answer is the same as the whole alternation's.

>>> lines = LineAlternation(["In bài(?: viết)?", r"Trang:? *\\d{1,4}", r"\\d{1,3}"], re.IGNORECASE)
>>> [bool(lines.fullmatch(s)) for s in ("in bài viết", "Trang 4", "12", "Tin bài")]
[True, True, True, False]

`word_alternation`: a list of cue words as a trie (`ke(?:\\s+hoach|t\\s+luan)`), which
the engine walks one branch per character instead of trying every word.
"""

from __future__ import annotations

import re
from re import _constants as _sre  # the stdlib's regex parser and opcodes (stable since 3.11)
from re import _parser as _sre_parse

_CATEGORY_CLASS = {
    _sre.CATEGORY_DIGIT: r"\d",
    _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S",
    _sre.CATEGORY_WORD: r"\w",
    _sre.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT))
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)


def _first_of_sequence(items) -> tuple[list[str] | None, bool]:
    """Class fragments for the characters a parsed sequence can start with (None:
    any character), and whether it can match the empty string."""
    fragments: list[str] = []
    for op, av in items:
        first, nullable = _first_of(op, av)
        if first is None:
            return None, False
        fragments += first
        if not nullable:
            return fragments, False
    return fragments, True


def _first_of(op, av) -> tuple[list[str] | None, bool]:
    if op is _sre.LITERAL:
        return [re.escape(chr(av))], False
    if op is _sre.IN:
        fragments = []
        for item_op, item in av:
            if item_op is _sre.LITERAL:
                fragments.append(re.escape(chr(item)))
            elif item_op is _sre.RANGE:
                fragments.append(f"{re.escape(chr(item[0]))}-{re.escape(chr(item[1]))}")
            elif item_op is _sre.CATEGORY and item in _CATEGORY_CLASS:
                fragments.append(_CATEGORY_CLASS[item])
            else:  # a negated class and the like: any character
                return None, False
        return fragments, False
    if op is _sre.SUBPATTERN:
        return _first_of_sequence(av[-1])
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _first_of_sequence(av)
    if op in _REPEATS:
        low, _high, sub = av
        first, nullable = _first_of_sequence(sub)
        return first, nullable or low == 0
    if op is _sre.BRANCH:
        fragments, any_nullable = [], False
        for branch in av[1]:
            first, nullable = _first_of_sequence(branch)
            if first is None:
                return None, False
            fragments += first
            any_nullable = any_nullable or nullable
        return fragments, any_nullable
    if op in _ZERO_WIDTH:
        return [], True
    return None, False  # backreferences, `.` and the rest: any character


def first_char_gate(pattern: str, flags: int = 0) -> re.Pattern | None:
    """A one-character pattern that every non-empty match of `pattern` starts with
    (None when any character may start one): `first_char_gate("(?:Số )?lượt")` → `[Sl]`."""
    try:
        fragments, _ = _first_of_sequence(_sre_parse.parse(pattern, flags))
    except (re.error, TypeError, ValueError):
        return None
    if fragments is None:
        return None
    return re.compile("[" + "".join(fragments) + "]" if fragments else "(?!)", flags)


class LineAlternation:
    """`re.compile("|".join(patterns), flags).fullmatch` for non-empty lines, trying
    per line only the patterns its first character allows (grouped and cached by
    first character)."""

    def __init__(self, patterns: list[str], flags: int = 0):
        self._patterns = [f"(?:{p})" for p in patterns]
        self._flags = flags
        self._gates = [first_char_gate(p, flags) for p in patterns]
        self._compiled: dict[tuple[int, ...], object] = {}
        # first character → the fullmatch of its alternatives (None: no pattern can match)
        self.by_first_char: dict[str, object] = _MissingByFirstChar(self._for_char)

    def _for_char(self, c: str):
        chosen = tuple(k for k, gate in enumerate(self._gates) if gate is None or gate.match(c))
        if not chosen:
            return None
        if chosen not in self._compiled:
            pattern = re.compile("|".join(self._patterns[k] for k in chosen), self._flags)
            self._compiled[chosen] = pattern.fullmatch
        return self._compiled[chosen]

    def fullmatch(self, line: str) -> bool:
        """Whether some pattern matches the whole of `line` (False for an empty line)."""
        if not line:
            return False
        match = self.by_first_char[line[0]]
        return match is not None and match(line) is not None


class _MissingByFirstChar(dict):
    """A dict that fills itself from `build(key)` on a miss."""

    def __init__(self, build):
        super().__init__()
        self._build = build

    def __missing__(self, key):
        value = self[key] = self._build(key)
        return value


def word_alternation(words: list[str]) -> str:
    """The longest-first alternation of `words`, a space matching any run of white
    space, written as a trie: `word_alternation(["ke hoach", "ket luan"])` →
    `ke(?:\\s+hoach|t\\s+luan)`.

    It matches what `"|".join(longest first)` matches, trying longer words before
    shorter ones as that does (two words can both match at a position only when one
    is a prefix of the other), but tries one branch per next character instead of
    every word: several times faster in a scan over a whole text.
    """
    root: dict = {}
    for word in words:
        node = root
        for part_no, part in enumerate(word.split()):
            atoms = ([r"\s+"] if part_no else []) + [re.escape(c) for c in part]
            for atom in atoms:
                node = node.setdefault(atom, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [atom + build(child) for atom, child in node.items() if atom]
        if "" in node:
            branches.append("")  # a word ends here: tried after every longer word
        if len(branches) == 1:
            return branches[0]
        if len(branches) == 2 and branches[1] == "":
            return f"(?:{branches[0]})?"
        return "(?:" + "|".join(branches) + ")"

    return build(root)
