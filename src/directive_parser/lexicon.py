"""Data files under `data/`, loaded once. Code asks for words here instead of
keeping literal lists of its own."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load_json(name: str) -> dict:
    """`load_json("layout.json")` → the parsed data file."""
    return json.loads(resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def load_words(name: str) -> frozenset[str]:
    """A one-word-per-line data file (`#` starts a comment) as a set."""
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def layout() -> dict:
    return load_json("layout.json")
