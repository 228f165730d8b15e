"""Bounded memos: plain dicts (read faster than `lru_cache`) emptied when full, so a batch run over
a large corpus keeps a flat memory; and a one-entry memo for whole documents, which several stages
transform in the same way."""

from __future__ import annotations

from typing import Callable, Hashable, TypeVar

V = TypeVar("V")


def remember(memo: dict, key: Hashable, value: V, limit: int = 16384) -> V:
    """`memo[key] = value` (emptying `memo` first when it holds `limit` entries); returns `value`."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value


class LastResult:
    """`compute(text)`, kept for the last text given: `fold(document)` asked by zones, then by
    references, is computed once."""

    def __init__(self, compute: Callable[[str], str]):
        self.compute = compute
        self.text, self.result = "", compute("")

    def __call__(self, text: str) -> str:
        if text != self.text:
            self.text, self.result = text, self.compute(text)
        return self.result
