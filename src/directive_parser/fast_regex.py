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


_WILDCARD = "(?s:.)"
_MAX_HEADS = 4000


def _heads_of_sequence(items, k: int) -> list[tuple[str, ...]] | None:
    """The ways a match of a parsed sequence can begin, each a tuple of one-character
    pattern fragments, k long, or shorter when the match can end sooner (None:
    unknown). Zero-width assertions are ignored, which only admits more."""
    heads: list[tuple[str, ...]] = [()]
    for op, av in items:
        if all(len(h) == k for h in heads):
            break
        grown: dict[tuple[str, ...], None] = {}
        for head in heads:
            if len(head) == k:
                grown[head] = None
                continue
            tails = _heads_of(op, av, k - len(head))
            if tails is None:
                return None
            for tail in tails:
                grown[head + tail] = None
        if len(grown) > _MAX_HEADS:
            return None
        heads = list(grown)
    return heads


def _heads_of(op, av, k: int) -> list[tuple[str, ...]] | None:
    if op is _sre.LITERAL:
        return [(re.escape(chr(av)),)]
    if op is _sre.IN:
        first, _ = _first_of(op, av)
        return [("[" + "".join(first) + "]" if first is not None else _WILDCARD,)]
    if op in (_sre.ANY, _sre.NOT_LITERAL):
        return [(_WILDCARD,)]
    if op is _sre.SUBPATTERN:
        if av[1] or av[2]:  # `(?i:…)`: flags of its own, which the gate would not have
            return None
        return _heads_of_sequence(av[-1], k)
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _heads_of_sequence(av, k)
    if op in _REPEATS:
        low, high, sub = av
        heads: dict[tuple[str, ...], None] = {}
        # k repeats cover k characters unless some are empty, and a match with empty
        # repeats begins as one without them does: 0..k repeats give every beginning
        for r in range(min(high, k) + 1):
            more = _heads_of_sequence(list(sub) * r, k)
            if more is None:
                return None
            heads.update(dict.fromkeys(more))
        return list(heads)
    if op is _sre.BRANCH:
        heads = {}
        for branch in av[1]:
            more = _heads_of_sequence(branch, k)
            if more is None:
                return None
            heads.update(dict.fromkeys(more))
        return list(heads)
    if op in _ZERO_WIDTH:
        return [()]
    return None  # backreferences, conditionals: unknown


def start_gate(pattern: str, flags: int = 0, k: int = 2):
    """The fullmatch of a pattern that the first k characters of every match of
    `pattern` at least k long satisfy (None when any may start one):
    `start_gate("Số hiệu *:.*")` → fullmatch of `Số`."""
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except (re.error, TypeError, ValueError):
        return None
    heads = _heads_of_sequence(parsed, k)
    if heads is None:
        return None
    full = ["".join(h) for h in heads if len(h) == k]
    return re.compile("|".join(full) if full else "(?!)", parsed.state.flags).fullmatch


class LineAlternation:
    """`re.compile("|".join(patterns), flags).fullmatch` for non-empty lines, trying
    per line only the patterns its first characters allow (grouped and cached by
    first character, and by first two)."""

    def __init__(self, patterns: list[str], flags: int = 0):
        self._patterns = [f"(?:{p})" for p in patterns]
        self._flags = flags
        self._gates = [first_char_gate(p, flags) for p in patterns]
        self._gates2 = [start_gate(p, flags) for p in patterns]
        self._compiled: dict[tuple[int, ...], object] = {}
        # first character → the fullmatch of its alternatives (None: no pattern can match)
        self.by_first_char: dict[str, object] = _MissingByFirstChar(self._for_char)
        # a line's first two characters (`s[:2]`) → the same, fewer alternatives: most
        # lines start with a letter some pattern starts with, but not with two
        self.by_start: dict[str, object] = _MissingByFirstChar(self._for_start)

    def _for_start(self, start: str):
        if len(start) < 2:  # a one-character line
            return self.by_first_char[start]
        chosen = tuple(
            k
            for k, (gate, gate2) in enumerate(zip(self._gates, self._gates2))
            if (gate is None or gate.match(start)) and (gate2 is None or gate2(start))
        )
        return self._compile(chosen)

    def _for_char(self, c: str):
        chosen = tuple(k for k, gate in enumerate(self._gates) if gate is None or gate.match(c))
        return self._compile(chosen)

    def _compile(self, chosen: tuple[int, ...]):
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
        match = self.by_start[line[:2]]
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
