"""Assignees of one task: the bodies that must act (`lead`) and those named after
`phối hợp (với)` (`cooperate`).

A body is found where the grammar of a directive puts it, never by its name
alone: as the subject of a clause (`Sở Y tế chủ trì …`, `UBND 11 phường tiếp
tục …`), after `giao` anywhere or `đề nghị` / `yêu cầu` at a clause start, as
an item that is only a body heading (`Phòng Y tế quận`, `Ủy ban nhân dân
Quận:`), and after `phối hợp (với)`. A body's name runs from its head word
(`data/bodies.json`) to the first verb or adverbial; a list is split where each
part is a body of its own (`phòng Văn hóa và Thông tin, TTYT quận`) and kept
whole where a trailing scope covers every part (`Cấp ủy đảng, chính quyền từ
Quận đến cơ sở`). Bodies after action verbs (`đôn đốc UBND 11 phường`), after
`báo cáo` or `của` are objects and sources, and are never reached.

Words are compared by a key that ignores case and tone placement; a word
printed without any mark also matches by its accent-folded form, so texts that
lost their accents (`Uy ban nhan dan`, `phoi hop voi`) read the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress
from operator import attrgetter
from typing import NamedTuple

from .bodies import bodies_data, canonical_body, is_plain, word_key
from .fold import fold_lower
from .memo import remember
from .records import Assignee

# `M'Drắk`, `H'Mông`: an apostrophe between letters is inside a place name.
# Possessive quantifiers (`++`, `?+`): the greedy match never needs to give anything back (all
# that follows a run is optional, or cannot start with what the run takes), so they match the
# same tokens, a sixth faster.
_TOKEN = re.compile(r"\d++(?:[./\-]\d++)++|\w++(?:['’]\w++)?+(?:[/&]\w++)*+(?:-\d++)?+|\n|[^\w\s]")
_SEPARATORS = {",", ";"}
_LIST_LINKS = {",", "-", "–", "/", "&"}
_SENTENCE_ENDS = {".", "!", "?", "…"}
_CLAUSE_MARKS = frozenset({"\n", ":", ";", ","} | _SENTENCE_ENDS)
# Marks that end a name (`_Reader.scan_name`).
_SCAN_ENDS = frozenset({"\n", "“", "”", '"', "'", "[", "]"} | _SENTENCE_ENDS)
# Words that never end a line of a sentence: a line break after them is a wrap.
_WRAP_WORDS = frozenset({"va", "cua", "cac", "voi", "cho", "tai", "theo", "ve", "so", "ngay", "thuoc", "tu", "den", "la"})
# After a place word (`tỉnh`, `Quận` …) a name goes on only with these lower-case words.
_AFTER_PLACE = frozenset({"va", "cac", "cua", "thuoc", "truc", "tu", "den", "cung", "cap"})


class _Tok:
    """A word or mark as read by the reader. One object per distinct word, shared by every
    occurrence (words repeat a lot), so tokenizing builds nothing per token: where a token
    stands in the text is kept apart, in `_Reader.starts_to`."""

    __slots__ = ("text", "key", "fold", "plain", "is_word", "capitalised", "role", "strong")

    text: str
    key: str  # `word_key`: case and tone placement ignored
    fold: str  # accent-folded, lower case
    plain: bool  # printed without any Vietnamese mark
    is_word: bool
    capitalised: bool
    role: int  # the `_ROLES` bits of the word
    strong: bool  # the word starts a strong verb (`chủ trì` …): see `_Reader.last_strong_verb`


# The `_Tok` of each word seen. A plain dict is read faster than an `lru_cache`, and is emptied
# when full so memory stays bounded over a long batch run.
_WORDS: dict[str, _Tok] = {}
_WORDS_MAX = 65536

# Roles of a word that the reader looks for: tokenizing notes where they are, so no later pass
# over all tokens is needed.
_MARK, _LEAD_FIRST, _COOPERATE_FIRST, _THEO, _BRACKET = 1, 2, 4, 8, 16
_ROLES = (_MARK, _LEAD_FIRST, _COOPERATE_FIRST, _THEO, _BRACKET)
_GLUED = -1  # the role of a word that is two words glued (`_Chunks` reads it as two)
_ROLE_OF = attrgetter("role")
_STRONG_OF = attrgetter("strong")


def _no_word(word: str, role: int) -> _Tok:
    t = _Tok()
    t.text, t.key, t.fold, t.plain, t.is_word, t.capitalised, t.role = word, "", "", False, False, False, role
    t.strong = False
    return t


def _word(word: str) -> _Tok:
    """The `_Tok` of a word not in `_WORDS` yet, now kept there."""
    if _glue_point(word):
        return remember(_WORDS, word, _no_word(word, _GLUED), _WORDS_MAX)
    fold = fold_lower(word)
    lex = _lexicon()
    t = _Tok()
    t.text, t.key, t.fold, t.plain = word, word_key(word), fold, is_plain(word)
    t.is_word, t.capitalised = word[:1].isalnum(), word[:1].isupper()
    t.strong = fold in lex.strong_verbs.firsts
    t.role = (
        (_MARK if word in _CLAUSE_MARKS else 0)
        | (_LEAD_FIRST if fold in lex.lead_cues.firsts else 0)
        | (_COOPERATE_FIRST if fold in lex.cooperate_cues.firsts else 0)
        | (_THEO if fold == "theo" else 0)
        | (_BRACKET if word in ("(", ")") else 0)
    )
    return remember(_WORDS, word, t, _WORDS_MAX)


def _glue_point(word: str) -> int:
    """Where `word` splits into a name's last word and a verb's first (`huyệnchủ` → 6), else 0.

    Only the last words of place names (`data/bodies.json` `glue_ends`) and first words of
    verbs are tried, so an ordinary long word is never split."""
    if len(word) < 4 or not word[:1].islower():
        return 0
    ends, starts = _glue_words()
    folded = fold_lower(word)
    for end in ends:
        if folded.startswith(end) and folded[len(end) :] in starts:
            return len(end)
    return 0


@lru_cache(maxsize=1)
def _glue_words() -> tuple[tuple[str, ...], frozenset[str]]:
    d = bodies_data()
    ends = tuple(sorted({fold_lower(w) for w in d["glue_ends"]}, key=len, reverse=True))
    starts = frozenset(fold_lower(v).split()[0] for v in d["verbs"] if len(v.split()) > 1 or len(v) > 3)
    return ends, starts


def _glued_part(part: str) -> _Tok:
    t = _WORDS.get(part) or _word(part)
    if t.role == _GLUED:  # a part that is glued again is read as no word (as it always was)
        t = _no_word(part, 0)
    return t


class _Chunks(dict):
    """The tokens of each chunk of text between white space (as `str.split` cuts it), read by
    `_TOKEN`, with a glued word read as its two words (`huyệnchủ` → `huyện`, `chủ`). No token
    holds white space, and every other character starts one (`[^\\w\\s]`), so a line's tokens
    are its chunks' tokens in turn; chunks repeat as words do, so each is read once. Emptied
    when full, like `_WORDS`."""

    def __missing__(self, chunk: str) -> tuple[_Tok, ...]:
        words = _WORDS.get
        toks = tuple(words(w) or _word(w) for w in _TOKEN.findall(chunk))
        if any(t.role == _GLUED for t in toks):
            # `huyệnchủ trì`: a line glued on extraction; read as two words.
            split: list[_Tok] = []
            for t in toks:
                if t.role == _GLUED:
                    cut = _glue_point(t.text)
                    split += (_glued_part(t.text[:cut]), _glued_part(t.text[cut:]))
                else:
                    split.append(t)
            toks = tuple(split)
        return remember(self, chunk, toks, _WORDS_MAX)


_CHUNKS = _Chunks()


class _Tokens(NamedTuple):
    toks: list[_Tok]
    where: dict[int, list[int]]  # for each role (`_MARK` …) the indices of the tokens that have it
    newlines: dict[int, int]  # index of each line-break token → its offset in the text


def _tokenize(text: str) -> _Tokens:
    """The tokens of `text`, and for each role (`_MARK` …) the indices of the tokens that have it.

    A line break inside a sentence (hard-wrapped source) is a space and yields no token: the
    next line starts in lower case, or the line before ends with a list link (`_wraps`).

    Lines are read whole: their chunks' tokens are looked up in `_CHUNKS`, a line break is
    read at the line's edge, and only the tokens that have a role are then visited one by one
    in Python. Where each token starts is worked out only when a body is found
    (`_Reader.starts_to`)."""
    lines = text.split("\n")
    chunk_toks = _CHUNKS.__getitem__
    toks = list(chain.from_iterable(map(chunk_toks, lines[0].split())))
    newlines: dict[int, int] = {}
    if len(lines) > 1:
        break_tok = _WORDS.get("\n") or _word("\n")
        last = len(lines) - 1
        pos = -1  # offset of the line break after `before`
        start = 0  # index of the first token of `before`
        wrapped = False  # the line break before `before` was read as a space
        before = lines[0]
        for k in range(1, len(lines)):
            line = lines[k]
            pos += len(before) + 1
            if k == 1 and not toks:
                wrap = False  # a line break that opens the text
            elif line[:1].islower():
                wrap = True  # the common wrap, tested here without a call
            else:
                wrap = _wraps(toks, start, before, wrapped, line, k == last)
            if not wrap:
                newlines[len(toks)] = pos
                toks.append(break_tok)
            wrapped = wrap
            start = len(toks)
            toks += chain.from_iterable(map(chunk_toks, line.split()))
            before = line
    marks: list[int] = []
    where: dict[int, list[int]] = {1: marks, 2: [], 4: [], 8: [], 16: []}  # keyed by `_ROLES`
    for i in compress(range(len(toks)), map(_ROLE_OF, toks)):  # the tokens that have a role
        role = toks[i].role
        if role == 1:  # `_MARK` alone, the common case
            marks.append(i)
        elif role in where:  # one role (a word has one first-word role in nearly every case)
            where[role].append(i)
        else:
            _note_roles(where, role, i)
    return _Tokens(toks, where, newlines)


_SPACES = re.compile(r"\s+")
_WRAP_MARKS = frozenset({",", ";", "-", "–"})


def _wraps(toks: list[_Tok], start: int, before: str, wrapped: bool, line: str, is_last: bool) -> bool:
    """Is the line break between `before` (whose tokens are `toks[start:]`) and `line` a wrap
    (see `_tokenize`)? Not when nothing follows; `wrapped`: the line break before `before` was
    a wrap."""
    after = line[:1]
    if not after or after.isspace():
        after = line.lstrip()[:1] or ("" if is_last else "\n")
        if not after:
            return False
    if after.islower():
        return True
    if len(toks) == start:
        return False  # an empty line: nothing before the break can carry the sentence on
    prev = toks[-1]
    if not (prev.text in _WRAP_MARKS or (prev.text.islower() and prev.fold in _WRAP_WORDS)):
        return False
    # After a wrap, a line of glued words alone (`huyệnchủ`) leaves nothing before the break
    # (as it always read).
    return not (wrapped and all(_glue_point(w) for w in _TOKEN.findall(before)))


def _note_roles(where: dict[int, list[int]], role: int, i: int) -> None:
    for r in _ROLES:
        if role & r:
            where[r].append(i)


def _read_unmarked(toks: list[_Tok], p: int) -> bool:
    """May the unmarked word `toks[p]` match a marked one by its folded form? Only where accents
    were lost, that is in a run of at least three unmarked words (`Uy ban nhan dan huyen`,
    `phối hợp với Trung tam Y te huyen`); a lone unmarked word among accented ones is what it
    says (`thiên tai` is not `tại`, `cơ quan chuyên môn` has no `quận`). Asked only when such a
    match is about to be made, so it costs nothing on the other words."""
    run = 1
    q = p - 1
    while q >= 0 and _unmarked_word(toks[q]) and run < 3:
        run += 1
        q -= 1
    q = p + 1
    while q < len(toks) and _unmarked_word(toks[q]) and run < 3:
        run += 1
        q += 1
    return run >= 3


def _unmarked_word(t: _Tok) -> bool:
    return t.plain and t.text[:1].isalpha()


_NO_MATCH: tuple[int, str | None] = (0, None)


_Entry = tuple[int, tuple[str, ...], tuple[str, ...], str]  # (size, word keys, word folds, phrase)


class _Phrases:
    """A set of phrases matched at a token position, longest first.

    Phrases are grouped by the folded form of their first word (`by_first`), and in each group
    indexed by their second word, so that a match tries only the phrases whose second word the
    next token can be (`các` alone starts two dozen heads)."""

    def __init__(self, phrases: list[str]):
        groups: dict[str, list[_Entry]] = {}
        for phrase in phrases:
            words = [m.group() for m in _TOKEN.finditer(phrase)]
            keys = tuple(word_key(w) for w in words)
            folds = tuple(fold_lower(w) for w in words)
            groups.setdefault(folds[0], []).append((len(keys), keys, folds, phrase))
        # (all entries, one-word entries, by the second word's key, by the second word's key or fold)
        self.by_first: dict[str, tuple[list[_Entry], list[_Entry], dict[str, list[_Entry]], dict[str, list[_Entry]]]] = {}
        for first, entries in groups.items():
            entries.sort(key=lambda e: -e[0])
            singles = [e for e in entries if e[0] == 1]
            by_key: dict[str, list[_Entry]] = {}
            by_key_or_fold: dict[str, list[_Entry]] = {}
            for e in entries:
                if e[0] > 1:
                    by_key[e[1][1]] = [f for f in entries if f[0] == 1 or f[1][1] == e[1][1]]
                    for w in (e[1][1], e[2][1]):
                        by_key_or_fold[w] = [f for f in entries if f[0] == 1 or w in (f[1][1], f[2][1])]
            self.by_first[first] = (entries, singles, by_key, by_key_or_fold)

        self.firsts = frozenset(self.by_first)

    def match(self, toks: list[_Tok], i: int) -> tuple[int, str | None]:
        """(number of tokens matched, the phrase) at `toks[i]`, or (0, None)."""
        # Called at nearly every token and nine times in ten no phrase starts with the word:
        # a plain loop (no generator) and one dict look-up keep that case cheap.
        try:
            group = self.by_first.get(toks[i].fold)
        except IndexError:
            return _NO_MATCH
        if group is None:
            return _NO_MATCH
        n = len(toks)
        entries = group[1]
        if i + 1 < n:
            # A phrase's second word matches the next token by its key, or by its fold when the
            # token is unmarked (`_read_unmarked`): only those phrases (and one-word ones) can match.
            t = toks[i + 1]
            if not t.plain:
                entries = group[2].get(t.key, entries)
            elif t.key == t.fold:
                entries = group[3].get(t.key, entries)
            else:
                entries = [e for e in group[0] if e[0] == 1 or e[1][1] == t.key or e[2][1] == t.fold]
        for size, keys, folds, phrase in entries:
            if i + size > n:
                continue
            for k in range(size):
                t = toks[i + k]
                if t.key != keys[k] and not (t.plain and t.fold == folds[k] and _read_unmarked(toks, i + k)):
                    break
            else:
                return size, phrase
        return _NO_MATCH


@dataclass(frozen=True)
class _Lexicon:
    heads: _Phrases
    named: frozenset[str]
    generic: frozenset[str]
    titles: frozenset[str]
    abbreviations: frozenset[str]
    determiners: _Phrases
    places: _Phrases
    fragments: _Phrases
    fragments_after_head: _Phrases
    lead_cues: _Phrases
    request_cues: _Phrases
    giao_not_before: frozenset[str]
    giao_not_followed_by: frozenset[str]
    cooperate_cues: _Phrases
    object_verbs: _Phrases
    strong_verbs: _Phrases
    openers: _Phrases
    stops: _Phrases
    verbs: _Phrases
    scope_starts: _Phrases
    reference_types: _Phrases
    capital_named: frozenset[str]
    field_verbs: _Phrases
    relative_cues: _Phrases
    relative_not_before: _Phrases
    not_assigning: _Phrases
    scoped_heads: frozenset[str]
    bare_titles: frozenset[str]
    closing_cues: _Phrases
    person_cues: _Phrases
    people: _Phrases
    units: frozenset[str]
    starts: frozenset[str]  # first words of heads and determiners
    clause_firsts: frozenset[str]  # first words of what a clause start is read for


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    d = bodies_data()
    starts = _Phrases(d["heads"]).firsts | _Phrases(d["determiners"]).firsts
    return _Lexicon(
        heads=_Phrases(d["heads"]),
        named=frozenset(d["named_heads"]),
        generic=frozenset(d["generic_heads"]),
        titles=frozenset(d["title_heads"]),
        abbreviations=frozenset(k.lower() for k in d["abbreviations"]),
        determiners=_Phrases(d["determiners"]),
        places=_Phrases(d["place_words"]),
        fragments=_Phrases(d["name_fragments"]),
        fragments_after_head=_Phrases(d["fragments_after_head"]),
        lead_cues=_Phrases(d["lead_cues"]),
        request_cues=_Phrases(d["request_cues"]),
        giao_not_before=frozenset(fold_lower(w) for w in d["giao_not_before"]),
        giao_not_followed_by=frozenset(fold_lower(w) for w in d["giao_not_followed_by"]),
        cooperate_cues=_Phrases(d["cooperate_cues"]),
        object_verbs=_Phrases(d["object_verbs"]),
        strong_verbs=_Phrases(d["strong_verbs"]),
        openers=_Phrases(d["openers"]),
        stops=_Phrases(d["stops"]),
        verbs=_Phrases(d["verbs"]),
        scope_starts=_Phrases(d["scope_starts"]),
        reference_types=_Phrases(d["reference_types"]),
        capital_named=frozenset(d["capital_named_heads"]),
        field_verbs=_Phrases(d["field_verbs"]),
        relative_cues=_Phrases(d["relative_cues"]),
        relative_not_before=_Phrases(d["relative_not_before"]),
        not_assigning=_Phrases(d["not_assigning"]),
        scoped_heads=frozenset(d["scoped_heads"]),
        bare_titles=frozenset(d["bare_titles"]),
        closing_cues=_Phrases(d["closing_cues"]),
        person_cues=_Phrases(d["person_cues"]),
        people=_Phrases(d["people_heads"]),
        units=frozenset(d["unit_places"]),
        starts=starts,
        clause_firsts=starts | _Phrases(d["request_cues"]).firsts | _Phrases(d["lead_cues"]).firsts,
    )


@dataclass
class _Scan:
    """A run of tokens naming one or more bodies: `[start, end)`, how it stopped,
    and the token ranges that are one word of a name (heads, fragments)."""

    start: int
    end: int
    stop: str  # "verb", "prep", "end", "colon", "limit"
    stop_len: int
    atoms: list[tuple[int, int]]
    colon_list: bool = False


class _Reader:
    """Reads the bodies of one task's text."""

    MAX_NAME_TOKENS = 45
    MAX_LIST_TOKENS = 90  # `các Bộ, cơ quan: Tài chính, Xây dựng, …` names a dozen members

    def __init__(self, text: str):
        self.text = text
        self.lex = _lexicon()
        tokens = _tokenize(text)
        self.toks, self.where, self.newlines = tokens.toks, tokens.where, tokens.newlines
        self._breaks = list(tokens.newlines)  # indices of the line-break tokens, in order
        self._starts: list[int] = []
        self._walked = (0, 0)  # how far `_starts` has been worked out: see `starts_to`
        self._heads: dict[int, tuple[int, str | None]] = {}
        self._found_heads: dict[int, tuple[int, int, str | None]] = {}  # `find_head` by 2 × index + initial
        self.masked = self._mask()
        self._found_heads = {}  # those asked while masking saw the masks half done
        # `_head_info` of each part start: the list splitter asks for the same part many times.
        self._head_infos: dict[int, tuple[int, str | None, str | None]] = {}

    def last_strong_verb(self) -> int:
        """Index of the last strong verb (`chủ trì`, `chịu trách nhiệm` …), -1 if none: a body after
        a comma is read only before one, and most texts have none after most commas."""
        toks, match = self.toks, self.lex.strong_verbs.match
        # The words that start one are picked out in C; the last that starts one is looked for.
        for k in reversed(list(compress(range(len(toks)), map(_STRONG_OF, toks)))):
            if match(toks, k)[0]:
                return k
        return -1

    def starts_to(self, end: int) -> list[int]:
        """Where each token before `toks[end]` starts in the text (the list may go on further).

        Worked out only as far as asked, as only the bodies found need it. Between two tokens
        there is only white space (a line break read as a space among it), and no token starts
        with white space: each token is the first place its text is found after the one before
        (the two words of a glued word too). A line-break token's offset is in `newlines`."""
        starts = self._starts
        if len(starts) >= end:
            return starts
        toks, breaks = self.toks, self._breaks
        pos, b = self._walked  # where the last token read ended, the next line break in `breaks`
        find = self.text.find
        while len(starts) < end:
            # Tokens up to the next line-break token are found one by one.
            nxt = breaks[b] if b < len(breaks) else len(toks)
            for t in toks[len(starts) : min(nxt, end)]:
                pos = find(t.text, pos)
                starts.append(pos)
                pos += len(t.text)
            if len(starts) < end:  # `toks[nxt]` is a line break
                pos = self.newlines[nxt]
                starts.append(pos)
                pos += 1
                b += 1
        self._walked = (pos, b)
        return starts

    def head_match(self, i: int) -> tuple[int, str | None]:
        """`lex.heads.match` at `toks[i]`, memoised: heads are asked for at the same token again
        and again (by `find_head`, `scan_name`, the list splitter)."""
        found = self._heads.get(i)
        if found is None:
            found = self._heads[i] = self.lex.heads.match(self.toks, i)
        return found

    # --- masking: parentheses and `theo Quyết định số …` are not part of a name -------------

    def _mask(self) -> list[bool]:
        toks, n = self.toks, len(self.toks)
        masked = self.masked = [False] * n
        depth_start = None
        # Both passes visit only tokens that can start a mask ("(" or `theo`): most texts have none.
        # The brackets are read with the line breaks that close them, in order.
        brackets = self.where[_BRACKET]
        if brackets:
            brackets = sorted(brackets + [i for i in self.where[_MARK] if toks[i].text == "\n"])
        for i in brackets:
            t = toks[i]
            if t.text == "(" and depth_start is None:
                depth_start = i
            elif t.text == ")" and depth_start is not None:
                if not (i - depth_start == 2 and toks[i - 1].text.islower() and depth_start > 0 and toks[depth_start - 1].is_word):
                    # `các ông (bà)`, `xã (phường)`: one lower-case word in brackets is an alternative
                    # and stays in the name; anything else is an aside.
                    for k in range(depth_start, i + 1):
                        masked[k] = True
                depth_start = None
            elif t.text == "\n":
                depth_start = None
        for i in self.where[_THEO]:
            if masked[i]:
                continue
            length, _ = self.lex.reference_types.match(toks, i + 1)
            k = i + 1 + length
            if not length or k >= n or not (toks[k].fold == "so" or any(c.isdigit() for c in toks[k].text)):
                continue
            k += 1 if toks[k].fold == "so" else 0
            while k < n and (any(c.isdigit() for c in toks[k].text) or toks[k].text in {"-", "/"}
                             or (toks[k].text.isupper() and toks[k].is_word)):
                k += 1
            if k + 1 < n and toks[k].text == "," and toks[k + 1].fold == "ngay":
                k += 1
            if k + 1 < n and toks[k].fold == "ngay" and any(c.isdigit() for c in toks[k + 1].text):
                k += 2
            if k < n and toks[k].fold == "cua" and self.head_at(k + 1, initial=False):
                # `… của Ban Thường vụ Thành ủy`: the issuer of the cited document, up to the list's next part.
                end = self.scan_name(k + 1).end
                k = next((m for m in range(k + 1, end) if toks[m].text in _SEPARATORS), end)
            for m in range(i, k):
                masked[m] = True
        return masked

    # --- heads ----------------------------------------------------------------------------------

    def skip_determiners(self, i: int) -> tuple[int, str | None]:
        length, det = self.lex.determiners.match(self.toks, i)
        return i + length, det

    def find_head(self, i: int, initial: bool) -> tuple[int, int, str | None]:
        """(head start, head length, determiner) of a body starting at `toks[i]`; length 0 if none.

        A head may itself begin with `các` (`các cấp, các ngành`), so it is tried before
        the determiner is skipped. Memoised: a clause start is asked for by the clause loop and
        again by `scan_name`."""
        key = i + i + initial
        found = self._found_heads.get(key)
        if found is None:
            found = self._found_heads[key] = self._find_head(i, initial)
        return found

    def _find_head(self, i: int, initial: bool) -> tuple[int, int, str | None]:
        toks, lex = self.toks, self.lex
        while i < len(toks) and self.masked[i]:
            i += 1
        if i >= len(toks) or toks[i].fold not in lex.starts:
            return i, 0, None  # most words start neither a head nor a determiner
        fold = toks[i].fold
        length = self.head_at(i, initial=initial) if fold in lex.heads.by_first else 0
        if fold not in lex.determiners.by_first:
            return i, length, None
        k, det = self.skip_determiners(i)
        if det is None:
            return i, length, None
        det_length = self.head_at(k, initial=False, det=det)
        if length and k + det_length <= i + length:
            return i, length, None
        # `các tổ chức cơ sở đảng`: the determiner and a longer head beat the head `các tổ chức`.
        return k, det_length, det

    def head_at(self, i: int, initial: bool, det: str | None = None) -> int:
        """Length of a head word at `toks[i]` that can start a body there, else 0.

        `initial`: `toks[i]` opens a sentence, so its capital letter says nothing."""
        toks = self.toks
        if i >= len(toks) or not toks[i].is_word:
            return 0
        length, head = self.head_match(i)
        if not length:
            return 0
        head_key = head.lower()
        if head_key in self.lex.abbreviations and not toks[i].text.isupper():
            return 0
        if det and fold_lower(det) in {"dong chi", "đ/c", "d/c", "cac dong chi"} and head_key not in self.lex.titles:
            return 0
        if (
            head_key not in self.lex.named
            and det is None
            and toks[i].fold in self.lex.verbs.by_first
            and self.lex.verbs.match(toks, i)[0] >= length
        ):
            # `tổ chức` is a body only as a list's part (`cơ quan, tổ chức, cá nhân`), else a verb
            # (`…; tổ chức trực 24/24 giờ`, `…, tổ chức các đoàn công tác`).
            if not self._noun_in_list(i, length):
                return 0
        if head_key in self.lex.named:
            nxt = i + length
            nxt_ok = nxt < len(toks) and (
                (toks[nxt].capitalised and toks[nxt].is_word)
                or toks[nxt].text[:1].isdigit()
                or (toks[nxt].fold in self.lex.places.by_first and self.lex.places.match(toks, nxt)[0])
                or (toks[nxt].fold in self.lex.determiners.by_first and self.lex.determiners.match(toks, nxt)[0])
                or self.head_match(nxt)[0]
            )
            if head_key == "lãnh đạo":
                return length if nxt < len(toks) and self.head_match(nxt)[0] else 0
            if not (nxt_ok or det or (toks[i].capitalised and not initial)):
                return 0
        return length

    def _noun_in_list(self, i: int, length: int) -> bool:
        """A head that is also a verb is a noun as a list's member: after `,` / `và` that follow a
        body (`cơ quan, tổ chức ở trung ương`, `cơ quan, tổ chức, cá nhân`), unless a verb or
        `các` follows it (`…, tổ chức các đoàn công tác`, `…; tổ chức trực 24/24 giờ`)."""
        toks, n, lex = self.toks, len(self.toks), self.lex
        prev = toks[i - 1] if i > 0 else None
        if not (prev and (prev.text == "," or prev.fold == "va")):
            return False
        k = i + length
        if k >= n or not toks[k].is_word or toks[k].fold == "va":
            return True
        if lex.fragments.match(toks, k)[0] or self.head_match(k)[0] or toks[k].fold == "ca":
            return True
        if toks[k].fold in ("cac", "nhung", "lai", "tot"):
            return False
        # The member before the link names a body (`bộ, ngành, cơ quan, tổ chức ở …`, `Cơ quan chuyên
        # môn, tổ chức hành chính khác`): a list of bodies goes on.
        m = i - 2
        while m >= max(i - 10, 0) and toks[m].is_word:
            if self.head_match(m)[0]:
                return True
            m -= 1
        return False

    def is_verb_at(self, i: int) -> int:
        t = self.toks[i]
        if t.capitalised:  # `Ban Chỉ đạo`, `Sở Kế hoạch …`: a capital inside a name is a name
            return 0
        return self.lex.verbs.match(self.toks, i)[0]

    # --- scanning a name ------------------------------------------------------------------------

    def scan_name(self, i: int) -> _Scan | None:
        """From a head at `toks[i]`, read a body name or a list of them up to the first verb,
        adverbial or clause end."""
        toks, lex, n, masked = self.toks, self.lex, len(self.toks), self.masked
        fragment_firsts, verb_firsts, starts = lex.fragments.by_first, lex.verbs.by_first, lex.starts
        place_firsts, stop_firsts = lex.places.by_first, lex.stops.by_first
        atoms: list[tuple[int, int]] = []
        j = i
        colon_list = False
        last_head_plural = False
        after_place = False
        while j < n:
            if j - i > (self.MAX_LIST_TOKENS if colon_list else self.MAX_NAME_TOKENS):
                return _Scan(i, j, "limit", 0, atoms)
            t = toks[j]
            if masked[j]:
                j += 1
                continue
            if not t.is_word:
                if t.text in _SCAN_ENDS:
                    return _Scan(i, j, "end", 0, atoms, colon_list)
                if t.text == ":":
                    if (
                        last_head_plural
                        and j + 1 < n
                        and toks[j + 1].capitalised
                        and not lex.cooperate_cues.match(toks, j + 1)[0]
                        and (not lex.verbs.match(toks, j + 1)[0] or self._names_after_colon(j + 1))
                    ):
                        colon_list = True  # `các Bộ: Công an, Tài chính, Tư pháp` is one body
                        j += 1
                        continue
                    return _Scan(i, j, "colon", 0, atoms, colon_list)
                if t.text == ";":
                    if self.find_head(j + 1, initial=False)[1]:
                        j += 1
                        continue
                    return _Scan(i, j, "end", 0, atoms, colon_list)
                if t.text in _LIST_LINKS:
                    j += 1
                    continue
                return _Scan(i, j, "end", 0, atoms, colon_list)
            # A word. Each phrase set is asked only when the word can start one of its phrases.
            fold = t.fold
            if fold == "va":
                j += 1
                continue
            if fold in fragment_firsts:
                length, _ = lex.fragments.match(toks, j)
                if length:
                    atoms.append((j, j + length))
                    j += length
                    continue
            verb = 0 if t.capitalised or fold not in verb_firsts else lex.verbs.match(toks, j)[0]  # `is_verb_at`
            if verb and j - 1 > i and toks[j - 1].capitalised:
                compound = self._capitalised_compound(j - 1)
                if compound:
                    j += compound - 1  # `Văn phòng Đăng ký đất đai`: the verb's capital says it is a name's word
                    continue
            if verb and j > i and toks[j - 1].is_word and toks[j - 1].fold != "va":
                # A lower-case verb right after a name ends it even when it could head a body:
                # `Đảng ủy Công an tỉnh lãnh đạo lực lượng …` (only a list link lets a head in).
                if last_head_plural and self._relative_clause(j, verb):
                    j += lex.relative_cues.match(toks, j)[0]  # `các trường chưa có hồ bơi`
                    after_place = False
                    continue
                if self._field_verb_in_name(j):
                    j += lex.field_verbs.match(toks, j)[0]  # `Ban Quản lý dự án đầu tư xây dựng huyện`
                    continue
                return _Scan(i, j, "verb", verb, atoms, colon_list)
            if fold in starts:
                k, length, det = self.find_head(j, initial=False)
                if length:
                    head = self.head_match(k)[1].lower()
                    last_head_plural = last_head_plural or bool(det) or head.startswith("các")
                    atoms.append((j, k + length))
                    after_place = False
                    complement = k > i and toks[k - 1].is_word and toks[k - 1].fold != "va"
                    j = k + length
                    if head in lex.named and j < n and toks[j].is_word and not toks[j].capitalised:
                        flen = self._word_after_head(j, head, complement)
                        if flen:
                            atoms.append((j, j + flen))
                            j += flen
                    continue
            if verb:
                return _Scan(i, j, "verb", verb, atoms, colon_list)
            if fold in place_firsts:
                length, _ = lex.places.match(toks, j)
                if length:
                    after_place = True
                    j += length
                    continue
            if not t.capitalised:
                if after_place and not t.text[:1].isdigit() and (
                    fold not in _AFTER_PLACE or (fold == "den" and not any(toks[m].fold == "tu" for m in range(i, j)))
                ):
                    # `Trung tâm Chuyển đổi số Thành phố cấu hình …`: a name ends with its place; `đến`
                    # goes on only in a range (`từ tỉnh đến cơ sở`), not in `Chi đoàn thôn đến từng hộ`.
                    return _Scan(i, j, "prep", 0, atoms, colon_list)
                after_place = False
                if fold in stop_firsts:
                    length, _ = lex.stops.match(toks, j)
                    if length:
                        return _Scan(i, j, "prep", length, atoms, colon_list)
            j += 1
        return _Scan(i, n, "end", 0, atoms, colon_list)

    def _capitalised_compound(self, k: int) -> int:
        """Length of a verb of two or more words whose first word, `toks[k]`, is capitalised inside a
        name (`Văn phòng Đăng ký đất đai`, `Trung tâm Kiểm soát bệnh tật`), else 0. Not a cue that opens
        the action (`Phòng Y tế Chủ trì, phối hợp …` is sloppy capitals)."""
        toks, lex = self.toks, self.lex
        length = lex.verbs.match(toks, k)[0]
        if length < 2 or any(p.match(toks, k)[0] for p in (lex.strong_verbs, lex.cooperate_cues, lex.lead_cues)):
            return 0
        return length

    def _names_after_colon(self, j: int) -> bool:
        """`Giám đốc các sở: Xây dựng, Tài chính`: capitalised names that look like verbs (`Xây
        dựng`) still make a list when the part after the next comma is capitalised too (`Sở Y tế:
        Chủ trì, phối hợp …` is a task)."""
        toks = self.toks
        for k in range(j + 1, min(j + 6, len(toks) - 1)):
            if toks[k].text == ",":
                return toks[k + 1].is_word and toks[k + 1].capitalised
            if not toks[k].is_word:
                return False
        return False

    def _word_after_head(self, j: int, head: str, complement: bool) -> int:
        """Tokens after a head that only names with a complement (`Ban`, `Đoàn`, `Trung tâm`)
        which belong to the name though lower-case: `Ban chỉ đạo`, `Đoàn kiểm tra`, `Hội đồng`.

        A verb is read so only when it names a section (`fragments_after_head`), and not after a
        head that is itself the complement of a name and is named in capitals (`Thanh tra Sở xây
        dựng kế hoạch`, `Văn phòng Sở bố trí …`: the verb is the action)."""
        lex = self.lex
        flen = lex.fragments_after_head.match(self.toks, j)[0]
        if flen:
            return 0 if complement and head in lex.capital_named else flen
        if self.is_verb_at(j) or lex.stops.match(self.toks, j)[0] or lex.places.match(self.toks, j)[0]:
            return 0
        return 1

    def _relative_clause(self, j: int, verb: int) -> bool:
        """`có` / `chưa có` + a noun after a plural name restricts it (`các trường chưa có hồ bơi`,
        `UBND các huyện có vải thiều`) when a verb follows the clause; `có trách nhiệm`, `có thể`,
        `có kế hoạch` are the verb itself."""
        toks, lex = self.toks, self.lex
        length = lex.relative_cues.match(toks, j)[0]
        if not length or verb > length:
            return False
        k = j + length
        if k >= len(toks) or not toks[k].is_word or toks[k].capitalised or lex.relative_not_before.match(toks, k)[0]:
            return False
        for m in range(k, min(k + 8, len(toks))):
            if not toks[m].is_word or lex.stops.match(toks, m)[0]:
                return False
            if m > k and self.is_verb_at(m):
                return True
        return False

    def _field_verb_in_name(self, j: int) -> bool:
        """A verb that names a field of work (`đầu tư`, `xây dựng`, `phát triển`) is inside the name
        when lower-case words lead from it to a place word that ends the name:
        `Ban Quản lý dự án đầu tư xây dựng huyện kiểm tra …` (not `Sở … xây dựng kế hoạch`)."""
        toks, lex, n = self.toks, self.lex, len(self.toks)
        if toks[j].fold not in lex.field_verbs.by_first:
            return False
        length = lex.field_verbs.match(toks, j)[0]
        if not length:
            return False
        k = j + length
        for _ in range(6):
            if k >= n or not toks[k].is_word or toks[k].capitalised:
                return False
            fold = toks[k].fold
            plen, place = lex.places.match(toks, k) if fold in lex.places.by_first else _NO_MATCH
            if plen and place in lex.units:
                nxt = k + plen
                return nxt >= n or not toks[nxt].is_word or bool(self.is_verb_at(nxt) or lex.stops.match(toks, nxt)[0])
            if (fold in lex.stops.by_first and lex.stops.match(toks, k)[0]) or fold in _WRAP_WORDS:
                return False
            k += 1
        return False

    # --- splitting a list of names --------------------------------------------------------------

    def split(self, scan: _Scan, end: int) -> list[tuple[int, int]]:
        """Token ranges of the separate bodies in `toks[scan.start:end]`."""
        toks = self.toks
        starts = [scan.start]
        in_colon_list = False  # `các Bộ: Công an, Tài chính; …` is one body up to the `;`
        inside_atom = {k for a, b in scan.atoms for k in range(a, b)}
        for k in range(scan.start, end):
            if self.masked[k] or k in inside_atom:
                continue
            if toks[k].text == ":" and scan.colon_list:
                in_colon_list = True
            if toks[k].text == ";":
                in_colon_list = False
            if in_colon_list:
                continue
            if toks[k].text in _SEPARATORS or (toks[k].fold == "va" and not self._joint_office(k)):
                starts.append(k + 1)
        parts = [(s, e - 1) for s, e in zip(starts, starts[1:] + [end + 1])]
        groups: list[list[tuple[int, int]]] = []
        for s, e in parts:
            if not groups or not self._stands_alone(s, e, groups[-1][0]):
                if groups:
                    groups[-1].append((s, e))
                else:
                    groups.append([(s, e)])
            else:
                groups.append([(s, e)])
        # A trailing scope covers every part when the first part names no body of its own; a list
        # cut by `;` is never one body, and a scope other than `từ … đến …` covers two parts at most.
        scope = self._scope(groups[-1]) if len(groups) > 1 else None
        explicit = any(toks[k].text == ";" and not self.masked[k] for k in range(scan.start, end))
        if scope == "other" and self._plural(groups[0][0]):
            scope = None  # `các sở, ban, ngành và UBND các xã, phường`: the scope is the last body's own
        if scope and not explicit and self._is_generic(groups[0][0]) and (scope == "range" or len(groups) == 2):
            return [(scan.start, end)]
        if len(groups) == 2 and not explicit and self._shares_place(groups[0][0], groups[1][-1]):
            return [(scan.start, end)]
        return [(g[0][0], g[-1][1]) for g in groups]

    def _joint_office(self, k: int) -> bool:
        """`Văn phòng HĐND và UBND huyện`: a head whose name is two abbreviations joined by `và`."""
        toks, abbr = self.toks, self.lex.abbreviations
        if not (2 <= k < len(toks) - 1 and toks[k - 1].text.lower() in abbr and toks[k + 1].text.lower() in abbr):
            return False
        length, head = self.head_match(k - 2) if k >= 2 else (0, None)
        if length == 1 and head.lower() in self.lex.named:
            return True
        length, head = self.head_match(k - 3) if k >= 3 else (0, None)
        return length == 2 and head.lower() in self.lex.named

    def _head_info(self, s: int) -> tuple[int, str | None, str | None]:
        """(index after the head, the head, the determiner) of a part starting at `s`."""
        info = self._head_infos.get(s)
        if info is None:
            k, length, det = self.find_head(s, initial=False)
            if not length:
                info = k, None, det
            else:
                info = k + length, self.head_match(k)[1].lower(), det
            self._head_infos[s] = info
        return info

    def _stands_alone(self, s: int, e: int, group_first: tuple[int, int]) -> bool:
        after, head, det = self._head_info(s)
        if head is None:
            return False
        complement = any(self.toks[k].is_word and not self.masked[k] for k in range(after, e))
        first_tok = self.toks[after - 1] if after > 0 else None
        if not det and not head.startswith("các") and head not in self.lex.abbreviations and first_tok is not None:
            head_tok = self.toks[self.skip_determiners(s)[0]]
            if not head_tok.capitalised and not complement and not self._whole_after_and(s, head):
                return False  # a bare `ban`, `thị ủy` in a list shares the name before it
            if not head_tok.capitalised and self._enumerates(group_first[0], s, e):
                return False  # `Ban Tuyên giáo các huyện ủy, thị ủy, đảng ủy trực thuộc Tỉnh ủy`
        if not det and head in self.lex.generic and not head.startswith("các"):
            _, prev_head, prev_det = self._head_info(group_first[0])
            if prev_head and (prev_det or prev_head.startswith("các")) and self._generic_head(prev_head):
                return False  # `Các cơ quan, đơn vị chức năng`: one determiner for both
            if prev_head in self.lex.titles and self._starts_generic(group_first[0]):
                return False  # `Thủ trưởng cơ quan, đơn vị`: one title for both
        return True

    def _whole_after_and(self, s: int, head: str) -> bool:
        """`Chi cục Kiểm lâm và chính quyền địa phương`: after `và`, a head of several words that is
        not a generic noun names a body by itself (a bare `ban`, `thị ủy` does not)."""
        return (
            s > 0
            and self.toks[s - 1].fold == "va"
            and " " in head
            and head not in self.lex.generic
            and head not in self.lex.abbreviations
        )

    def _enumerates(self, group_start: int, s: int, e: int) -> bool:
        """True when the list so far was opened by `các` and this lower-case part has no `các` of
        its own: it is one more member of the same plural (`Thủ trưởng các cơ quan, đơn vị liên quan`)."""
        toks = self.toks
        return any(toks[k].fold == "cac" for k in range(group_start, s)) and not any(
            toks[k].fold == "cac" for k in range(s, e)
        )

    def _bare_generic(self, s: int, e: int) -> bool:
        """`Cơ quan`, `đơn vị`, `người đứng đầu` alone name no body (`Cơ quan thực hiện: …`,
        `người đứng đầu chịu trách nhiệm …`)."""
        after, head, det = self._head_info(s)
        if head is None or det or head.startswith("các") or head in self.lex.abbreviations:
            return False
        complement = any(self.toks[k].is_word and not self.masked[k] for k in range(after, e))
        return (head in self.lex.generic or head in self.lex.bare_titles) and not complement

    def _plural(self, part: tuple[int, int]) -> bool:
        _, head, det = self._head_info(part[0])
        return (det is not None and fold_lower(det).startswith(("cac", "nhung"))) or bool(head and head.startswith("các"))

    def _shares_place(self, first: tuple[int, int], last: tuple[int, int]) -> bool:
        """`Ủy ban Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội huyện`: a first part that
        needs a place to name one body (`data/bodies.json` `scoped_heads`) and has none takes the
        place that ends the list. `Sở Y tế và UBND huyện` names its first body in full."""
        toks, lex = self.toks, self.lex
        after, head, det = self._head_info(first[0])
        if head not in lex.scoped_heads or det:
            return False
        if any(toks[k].is_word and not self.masked[k] for k in range(after, first[1])):
            return False
        e = last[1]
        while e > last[0] and (self.masked[e - 1] or not toks[e - 1].is_word):
            e -= 1
        place = next((k for k in range(max(last[0], e - 2), e) if lex.places.match(toks, k)[0] == e - k), None)
        if place is None or toks[place].capitalised:
            return False
        # `Liên minh Hợp tác xã`: a place word inside a head is no scope.
        return not any(self.head_match(m)[0] > place - m for m in range(max(last[0], place - 3), place))

    def _starts_generic(self, s: int) -> bool:
        """True when the part's head is followed by a generic noun (`Thủ trưởng cơ quan`)."""
        after, _, _ = self._head_info(s)
        length, head = self.head_match(after)
        return bool(length) and head.lower() in self.lex.generic

    def _generic_head(self, head: str) -> bool:
        return head in self.lex.generic or head.removeprefix("các ") in self.lex.generic

    def _scope(self, group: list[tuple[int, int]]) -> str | None:
        """`range` for `từ Quận đến cơ sở`, `other` for `các quận, huyện`, `thuộc quận`; else None."""
        s, e = group[0][0], group[-1][1]
        after, _, _ = self._head_info(s)
        for k in range(after, e):
            if self.toks[k].fold == "tu" and any(self.toks[m].fold == "den" for m in range(k + 1, e)):
                return "range"
        scope_firsts = self.lex.scope_starts.by_first
        for k in range(after, e):
            if self.toks[k].fold in scope_firsts and self.lex.scope_starts.match(self.toks, k)[0]:
                return "other"
            if self.toks[k].fold == "cac" and self.lex.places.match(self.toks, k + 1)[0]:
                return "other"
        return None

    def _is_generic(self, part: tuple[int, int]) -> bool:
        """True when a part names no particular body: `Bí thư cấp ủy`, `Cấp ủy đảng` (no
        capitalised name after the head, `Đảng` aside, and the head is no abbreviation)."""
        s, e = part
        after, head, _ = self._head_info(s)
        if head is None or head in self.lex.abbreviations:
            return False
        return not any(
            (self.toks[k].is_word and self.toks[k].capitalised and self.toks[k].fold != "dang" and not self.masked[k])
            or self.toks[k].fold == "cac"  # `Giám đốc các sở` has its own scope
            for k in range(after, e)
        )

    # --- building records -----------------------------------------------------------------------

    def body_span(self, s: int, e: int) -> tuple[int, int] | None:
        toks = self.toks
        while s < e and (self.masked[s] or not toks[s].is_word):
            s += 1
        while e > s and (self.masked[e - 1] or not toks[e - 1].is_word or toks[e - 1].fold == "va"):
            e -= 1
        if s >= e:
            return None
        starts = self.starts_to(e)
        return starts[s], starts[e - 1] + len(toks[e - 1].text)

    def body_text(self, s: int, e: int) -> str:
        """The name as printed, without masked tokens, on one line."""
        out, prev_end = "", None
        starts = self.starts_to(e)
        for k in range(s, e):
            if self.masked[k]:
                prev_end = None
                continue
            t = self.toks[k]
            gap = self.text[prev_end : starts[k]] if prev_end is not None else (" " if out else "")
            out += (" " if "\n" in gap else gap) + t.text
            prev_end = starts[k] + len(t.text)
        return _SPACES.sub(" ", out).strip(" ,;:-–")

    def bodies(self, scan: _Scan, end: int) -> list[tuple[str, tuple[int, int]]]:
        found = []
        for s, e in self.split(scan, end):
            span = self.body_span(s, e)
            if span is None:
                continue
            k_first = s
            while k_first < e and self.masked[k_first]:
                k_first += 1
            last = e
            while last > s and (self.masked[last - 1] or not self.toks[last - 1].is_word or self.toks[last - 1].fold == "va"):
                last -= 1
            name = self.body_text(k_first, last)
            if name and not self._bare_generic(s, e):
                found.append((name, span))
        return found


def _clause_starts(reader: _Reader) -> tuple[set[int], set[int], set[int]]:
    """Token indices that open a clause, weaker ones (after a comma), and sentence starts
    (text start, after a line break, `.` or `:`), where `Đề nghị` / `Yêu cầu` address the assignee.

    Only starts that `find_assignees` reads are kept: a masked token, or a word that starts a
    cue, a determiner or a head (`lex.clause_firsts`); the text start always."""
    toks, lex, masked = reader.toks, reader.lex, reader.masked
    strong: set[int] = {0}
    weak: set[int] = set()
    sentences: set[int] = {0}
    # Where a sentence starts, a word that starts no opener needs no look-up.
    openers, opener_firsts, clause_firsts, n = lex.openers, lex.openers.by_first, lex.clause_firsts, len(toks)
    fragments, request_cues = lex.fragments, lex.request_cues

    # `opener`: the sentence begins with an opener (`Để …`, `Trong …`); read where each sentence
    # starts, so the loop needs only the marks (words change nothing here).
    opener = opened = n > 0 and toks[0].fold in opener_firsts and bool(openers.match(toks, 0)[0])
    for i in reader.where[_MARK]:
        k = i + 1
        if k < n:
            nxt = toks[k]
            fold = nxt.fold  # "" for a mark: it starts nothing
            read = masked[k] or fold in clause_firsts
        else:
            nxt, fold, read = None, "", False
        text = toks[i].text
        if text == ",":  # the commonest mark
            if not (read or opener):
                continue  # nothing to note, nothing changes
            if toks[max(i - 1, 0)].fold in fragments.by_first and fragments.match(toks, max(i - 1, 0))[0] >= 2:
                continue  # the comma of `phòng, chống`
            # (A request or a head starts only at a word that is read.)
            if opener or (opened and read and request_cues.match(toks, k)[0]):
                # `Đối với …, …, đề nghị UBND tỉnh …`: after an opener the main clause starts at
                # the first comma, or later at a request while no body has opened it (`Trên cơ sở
                # …, các Đoàn kiểm tra …, đôn đốc, yêu cầu các phường …` asks the object).
                if read:
                    strong.add(k)
                    sentences.add(k)
                opener = False
                opened = opened and not (read and reader.find_head(k, initial=False)[1])
            elif read:
                weak.add(k)
        elif text == "\n":
            if read:
                if i > 0 and toks[i - 1].is_word and reader.newlines[i] - _line_start(reader.text, reader.newlines[i]) >= 60:
                    weak.add(k)  # a long line cut without punctuation: probably a wrap, not a new clause
                else:
                    strong.add(k)
                    sentences.add(k)
            opener = opened = fold in opener_firsts and bool(openers.match(toks, k)[0])
        elif text == ";":
            if read:
                strong.add(k)
        elif text == ":" or (text in _SENTENCE_ENDS and nxt is not None and (nxt.capitalised or nxt.text == "\n")):
            if read:
                strong.add(k)
                sentences.add(k)
            opener = opened = fold in opener_firsts and bool(openers.match(toks, k)[0])
    return strong, weak, sentences


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _sentence_start(reader: _Reader, i: int) -> int:
    toks = reader.toks
    k = i - 1
    while k >= 0 and toks[k].text not in _SENTENCE_ENDS and toks[k].text not in {"\n", ":"}:
        k -= 1
    return k + 1


def _governed_by_object_verb(reader: _Reader, cue: int, leads: list[int]) -> bool:
    """True when, earlier in the sentence, an action verb takes a body as its object
    (`Chỉ đạo Mặt trận Tổ quốc các phường … và phối hợp với …`): the cooperation is the object's."""
    toks = reader.toks
    start = max([_sentence_start(reader, cue)] + [s for s in leads if s < cue])
    start = max([start] + [k + 1 for k in range(start, cue) if toks[k].text == ";"])  # `…; phối hợp với` is the subject's
    object_verbs = reader.lex.object_verbs
    for k in range(start, cue):
        if toks[k].fold not in object_verbs.by_first:
            continue
        length, _ = object_verbs.match(toks, k)
        if length and not (k in leads):
            if reader.find_head(k + length, initial=False)[1]:
                # `Chỉ đạo Phòng X phối hợp với Y`: a body right after the object's name is still
                # named after `phối hợp với` and counts (RECORDS.md reads the cue literally).
                scan = reader.scan_name(k + length)
                return not (scan is not None and scan.end == cue)
    return False


def find_assignees(text: str, offset: int = 0) -> list[Assignee]:
    """Bodies named in one task's text (item text without its mark, with its continuation
    paragraphs after "\\n"), in order of appearance.

    >>> [(a.body, a.role) for a in find_assignees(
    ...     "Giao Công an Quận làm nòng cốt phối hợp với các đơn vị liên quan phát động")]
    [('Công an Quận', 'lead'), ('các đơn vị liên quan', 'cooperate')]
    """
    text = _without_closing_formula(text)
    if not text.strip():
        return []
    reader = _Reader(text)
    toks, lex, n = reader.toks, reader.lex, len(reader.toks)
    found: list[tuple[str, str, tuple[int, int]]] = []
    covered = bytearray(n)  # 1 for each token read as (part of) a body's name
    lead_starts: list[int] = []
    strong, weak, sentences = _clause_starts(reader)
    last_strong = None  # `reader.last_strong_verb()`, when first needed

    def take(i: int, role: str, need: str) -> _Scan | None:
        """Read the body at `toks[i]` (after determiners); `need` says which stops make it valid."""
        nonlocal last_strong
        if need == "strong":
            if last_strong is None:
                last_strong = reader.last_strong_verb()
            if i >= last_strong:
                return None  # the name would end at a strong verb (below), and none follows
        if not reader.find_head(i, initial=(need != "any"))[1]:
            return None
        scan = reader.scan_name(i)
        if scan is None or scan.stop == "limit":
            return None
        if need == "strong" and not (
            scan.stop == "verb" and lex.strong_verbs.match(toks, scan.end)[0] and toks[scan.end - 1].is_word
        ):
            return None  # after a comma only `X chủ trì`, `X chịu trách nhiệm` … open a clause
        if need == "clause" and scan.stop in {"end", "colon"}:
            if not _is_heading(reader, i, scan):
                return None
        if need != "any" and scan.stop == "verb" and _not_assigning(reader, scan.end):
            return None  # `… đã tập trung lãnh đạo`, `Tổ công tác được sử dụng con dấu`: no task
        if need == "strong" and _list_member_after_comma(reader, i):
            return None  # `phối hợp với các cơ quan, đơn vị liên quan tham mưu …`: one more member
        if need == "strong" and _after_person(reader, i):
            return None  # `đồng chí Trương Công Khải, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp`
        if need != "any" and lex.people.match(toks, i)[0] and (i not in sentences or scan.end - i > 14):
            return None  # `Cán bộ, đảng viên gương mẫu …` opens a sentence; mid-sentence it is an object
        for name, span in reader.bodies(scan, scan.end):
            found.append((name, role, span))
        covered[i : scan.end] = b"\1" * (scan.end - i)
        if role == "lead":
            lead_starts.append(i)
        return scan

    # Cue phrases are tried only where their first word is (most tokens start none).
    for i in reader.where[_LEAD_FIRST]:
        length, _ = lex.lead_cues.match(toks, i)
        if not length or covered[i]:
            continue
        if i > 0 and toks[i - 1].fold in lex.giao_not_before:
            continue
        nxt = toks[i + 1] if i + 1 < n else None
        if nxt and nxt.fold in lex.giao_not_followed_by and not nxt.capitalised and length == 1:
            continue
        if nxt and not nxt.capitalised and lex.people.match(toks, i + length)[0]:
            continue  # `phân công cán bộ, đảng viên tham gia …`: staff given a duty, not a body
        take(i + length, "lead", "any")

    masked, clause_firsts = reader.masked, lex.clause_firsts
    for i in sorted(strong | weak):
        if i >= n or (not masked[i] and toks[i].fold not in clause_firsts):
            continue  # no cue, determiner or head starts here: nothing below would read it
        if covered[i]:
            continue
        need = "clause" if i in strong else "strong"
        fold = toks[i].fold
        length = lex.request_cues.match(toks, i)[0] if fold in lex.request_cues.by_first else 0
        if length and i in sentences:
            take(i + length, "lead", "any")
            continue
        if fold in lex.lead_cues.by_first and lex.lead_cues.match(toks, i)[0]:
            continue  # read by the `giao` pass below
        before = len(found)
        scan = take(i, "lead", need)
        request = _request_after(reader, scan) if scan and scan.stop == "verb" else None
        if request is not None:
            cue, is_request = request
            # `UBND tỉnh đề nghị Sở Y tế …`, `HĐND Thành phố thống nhất giao UBND …`:
            # the requester is not the assignee, the requested is. `Các cơ quan, đơn vị phân
            # công lãnh đạo, cán bộ trực Tết` names no body after the cue: the subject stays.
            requester = found[before:]
            del found[before:]
            if take(cue, "lead", "any") is None and not is_request:
                found.extend(requester)

    for i in reader.where[_COOPERATE_FIRST]:
        length, _ = lex.cooperate_cues.match(toks, i)
        if not length:
            continue
        if _governed_by_object_verb(reader, i, lead_starts):
            continue
        take(i + length, "cooperate", "any")

    return _dedupe(found, offset)


def _request_after(reader: _Reader, scan: _Scan) -> tuple[int, bool] | None:
    """Where the requested body starts when the subject's verb (or one of the next
    two words) is `đề nghị`, `yêu cầu` (True) or `giao`, `phân công` (False); else None."""
    for k in range(scan.end, min(scan.end + 3, len(reader.toks))):
        fold = reader.toks[k].fold
        for phrases in (reader.lex.request_cues, reader.lex.lead_cues):
            length = phrases.match(reader.toks, k)[0] if fold in phrases.by_first else 0
            if length:
                return k + length, phrases is reader.lex.request_cues
    return None


def _not_assigning(reader: _Reader, k: int) -> bool:
    """The subject's verb tells what was done or is allowed, not a task: `đã`, `được` (but
    `được giao`, `được phân công` assign)."""
    length = reader.lex.not_assigning.match(reader.toks, k)[0]
    return bool(length) and not reader.lex.lead_cues.match(reader.toks, k + length)[0]


_OWNER_WORDS = frozenset({"cua", "toi", "tu"})  # a body after these belongs to an opener, not to a list
_LIST_SEGMENT_ENDS = frozenset({",", ";", ":", "\n"} | _SENTENCE_ENDS)


def _list_member_after_comma(reader: _Reader, i: int) -> bool:
    """After a comma that ends a body (`các cơ quan, đơn vị liên quan tham mưu …`), a lower-case
    generic noun with no determiner of its own is one more member of that list; it opens no
    clause. After an opener (`Trong thời hạn 03 ngày …, cơ quan chuyên môn … có trách nhiệm`) it does."""
    toks = reader.toks
    if i < 2 or toks[i - 1].text != "," or not toks[i].is_word or toks[i].capitalised:
        return False
    k, length, det = reader.find_head(i, initial=False)
    if not length or det is not None or k != i or reader.head_match(k)[1].lower() not in reader.lex.generic:
        return False
    segment = i - 2  # the words back to the comma (or clause mark) before: do they name a body?
    while segment > 0 and toks[segment - 1].text not in _LIST_SEGMENT_ENDS and i - segment <= 12:
        segment -= 1
    starts = reader.lex.starts
    return any(
        toks[m].fold in starts
        and (reader.find_head(m, initial=False)[1] or _bare_list_word(reader, m, i - 1))
        and not (m > 0 and toks[m - 1].fold in _OWNER_WORDS)  # `… thông báo của cơ quan X, tổ chức, cá nhân có trách nhiệm`
        for m in range(segment, i - 1)
    )


def _bare_list_word(reader: _Reader, m: int, comma: int) -> bool:
    """A bare generic head right before the comma: `ban` of `các phòng, ban, đơn vị liên quan`."""
    length, head = reader.head_match(m)
    return bool(length) and m + length == comma and head.lower() in reader.lex.generic


def _after_person(reader: _Reader, i: int) -> bool:
    """`đồng chí Nguyễn Văn A, Phó Chủ tịch UBND tỉnh …`: a title in apposition to a person."""
    toks = reader.toks
    m = i - 1
    if m < 1 or toks[m].text != ",":
        return False
    names = 0
    while m > 0 and toks[m - 1].is_word and toks[m - 1].capitalised and not reader.head_match(m - 1)[0]:
        m -= 1
        names += 1
    if names < 2:
        return False
    return any(reader.lex.person_cues.match(toks, m - back)[0] == back for back in (1, 2) if m - back >= 0)


@lru_cache(maxsize=1)
def _closing_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    def pattern(cues: list[str]) -> re.Pattern[str]:
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(fold_lower(c)) for c in cues) + r")(?!\w)")

    d = bodies_data()
    return pattern(d["closing_cues"]), pattern(d["closing_cues_at_end"])


# A paragraph break inside a task's text: a blank line, or a line break after a sentence's end
# (hard-wrapped sources break lines anywhere, so a bare line break may be a wrap).
def _last_paragraph_break(text: str) -> tuple[int, int] | None:
    """(start, end) of the last paragraph break: a blank line, or a line break after a sentence's
    end (hard-wrapped sources break lines anywhere, so a bare line break may be a wrap)."""
    # The text read backwards: the first line break found there, with only spaces before it
    # back to a line break or a sentence's end, is the last one.
    m = _PARAGRAPH_BREAK_BACKWARDS.search(text[::-1])
    if m is None:
        return None
    pos, j = len(text) - 1 - m.start(), len(text) - m.end()  # the line break, the mark before it
    return (j, pos + 1) if text[j] == "\n" else (j + 1, pos + 1)


_PARAGRAPH_BREAK_BACKWARDS = re.compile(r"\n[ \t\r]*[\n.!?]")
_SENTENCE_END_CHARS = frozenset(".!?…;")
_DOCUMENT_END = re.compile(r"\.\s*/\s*\.?\s*$|/\s*\.\s*$")


def _without_closing_formula(text: str) -> str:
    """The task's text without a closing formula that was read as its last paragraph.

    A continuation paragraph that asks for the whole document to be carried out (`… chịu trách
    nhiệm thi hành Quyết định này./.`, `Ban Thường vụ Huyện ủy thông báo để … biết, thực hiện.`)
    names no assignee of the item (RECORDS.md). A last paragraph with a task of its own (`Văn
    phòng Thành ủy phối hợp … theo dõi, đôn đốc …`) stays. The first paragraph is never cut."""
    if "\n" not in text:
        return text
    while True:
        found = _last_paragraph_break(text.rstrip())
        if not found:
            return text
        start, end = found
        if text[:start].rstrip(" \t\n\"”’')*")[-1:] not in _SENTENCE_END_CHARS:
            return text  # `Tổ chức thực hiện` / `Chánh Văn phòng …`: a heading and its article's text
        last = fold_lower(text[end:].strip())
        strong, at_end = _closing_patterns()
        if not (strong.search(last) or (at_end.search(last) and _DOCUMENT_END.search(last))):
            return text
        text = text[:start]


def _is_heading(reader: _Reader, i: int, scan: _Scan) -> bool:
    """A clause with no verb is a body only as a heading: the whole paragraph, or ending in `:`."""
    toks = reader.toks
    paragraph_start = i == 0 or toks[i - 1].text == "\n"
    ends_paragraph = scan.end >= len(toks) or toks[scan.end].text in {"\n", ":"}
    return paragraph_start and ends_paragraph and scan.end - i <= 30


def _dedupe(found: list[tuple[str, str, tuple[int, int]]], offset: int) -> list[Assignee]:
    if not found:
        return []  # most tasks name no body
    seen: set[tuple[str, str]] = set()
    out: list[Assignee] = []
    for name, role, (s, e) in sorted(found, key=lambda f: (f[2][0], f[1])):
        canonical = canonical_body(name)
        if (canonical, role) in seen:
            continue
        seen.add((canonical, role))
        out.append(Assignee(body=name, role=role, body_canonical=canonical, span=(s + offset, e + offset)))
    return out
