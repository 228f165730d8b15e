"""Synthetic task sentences whose assignees are known by construction, for training and
judging the body model.

    >>> row = synthetic_rows(2, split="train", seed=1)[0]
    >>> row.text[:49], [(row.text[s:e], label) for s, e, label in row.bodies]
    ('Trên cơ sở hướng dẫn, các trường học trên địa bàn', [('các trường học trên địa bàn', 'LEAD')])

A row is built from a template of `synthetic.json` (`Giao {L} chủ trì, phối hợp với {C}
{A}.`) filled with body names of many issuers and levels; the spans of `{L}` (label
LEAD) and `{C}` (COOP) are recorded as they are written, so the labels do not come from
the rules. Bodies that are only objects (`báo cáo {O}`) stay unlabelled. Noise that real
texts carry is added: lost accents, lines cut in the middle of a sentence, old tone
placement (`Uỷ`), a lower-case start.

Every list (templates, names of each kind, actions) is cut in two by position: even
positions feed `split="train"`, odd ones `split="heldout"`, so held-out rows have
phrasings and names the model never saw.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..fold import fold

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Kinds of body a list of several may mix; the generic ones (`các đơn vị liên quan`) stand alone.
_LISTABLE = ("ministry", "department", "province", "district", "commune", "party")


@dataclass
class SyntheticRow:
    text: str
    bodies: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, LEAD|COOP)


@lru_cache(maxsize=1)
def _material() -> dict:
    return json.loads((Path(__file__).parent / "synthetic.json").read_text(encoding="utf-8"))


def _half(items: list, split: str) -> list:
    return items[0::2] if split == "train" else items[1::2]


class _Writer:
    """Writes a row left to right, recording the spans of the bodies it puts in."""

    def __init__(self, rng: random.Random, split: str):
        self.rng, self.split = rng, split
        m = _material()
        self.bodies = {kind: _half(names, split) for kind, names in m["bodies"].items()}
        self.places = {"P": m["provinces"], "D": m["districts"], "X": m["communes"]}
        self.text = ""
        self.spans: list[tuple[int, int, str]] = []

    def name(self, kind: str | None = None, alone: bool = True) -> str:
        kind = kind or self.rng.choice(list(self.bodies))
        name = self.rng.choice([n for n in self.bodies[kind] if alone or "," not in n])
        name = _PLACEHOLDER.sub(lambda m: self.rng.choice(self.places[m.group(1)]), name)
        if self.rng.random() < 0.25:
            name = name.replace("Ủy", "Uỷ").replace("ủy", "uỷ")
        return name

    def write(self, piece: str) -> None:
        self.text += piece

    def write_bodies(self, label: str) -> None:
        """One body, or a list of two or three that each act on their own."""
        if self.rng.random() < 0.65:
            names = [self.name()]
        else:
            # Names with a comma of their own (`UBND các xã, thị trấn`) stay out of lists: where such
            # a list splits is a guess even for a reader.
            kinds = self.rng.sample(_LISTABLE, self.rng.choice((2, 3)))
            names = [self.name(kind, alone=False) for kind in kinds]
        for k, name in enumerate(names):
            if self.text and not self.text.endswith(("\n", ". ")) and name.startswith("Các "):
                name = "c" + name[1:]  # `Các` is capitalised only where a sentence starts
            if k:
                self.write(" và " if k == len(names) - 1 and self.rng.random() < 0.6 else ", ")
            start = len(self.text)
            self.write(name)
            self.spans.append((start, len(self.text), label))


def _fill(writer: _Writer, template: str, material: dict) -> None:
    rng = writer.rng
    pos = 0
    for m in _PLACEHOLDER.finditer(template):
        writer.write(template[pos : m.start()])
        slot = m.group(1)
        if slot == "L":
            writer.write_bodies("LEAD")
        elif slot == "C":
            writer.write_bodies("COOP")
        elif slot == "O":
            writer.write(writer.name())
        elif slot == "O_PHRASE":
            phrase = rng.choice(material["object_phrases"])
            writer.write(phrase.replace("{O}", writer.name()))
        elif slot == "A":
            writer.write(rng.choice(_half(material["actions"], writer.split)))
        elif slot == "T":
            writer.write(rng.choice(material["times"]))
        pos = m.end()
    writer.write(template[pos:])


def _noisy(row: SyntheticRow, rng: random.Random) -> SyntheticRow:
    """Damage real texts carry, each keeping character offsets (one character for one)."""
    text = row.text
    if rng.random() < 0.12:
        text = fold(text)  # lost accents
    if rng.random() < 0.12:
        spaces = [i for i, c in enumerate(text) if c == " "]
        if spaces:
            cut = rng.choice(spaces)  # a line cut by the source's wrapping
            text = text[:cut] + "\n" + text[cut + 1 :]
    if rng.random() < 0.05 and text[:1].isupper():
        text = text[0].lower() + text[1:]
    return SyntheticRow(text, row.bodies)


def synthetic_rows(count: int, split: str = "train", seed: int = 0) -> list[SyntheticRow]:
    """`count` rows from the `split` half ("train" or "heldout") of the material, reproducibly."""
    material = _material()
    rng = random.Random(f"{seed}-{split}")
    templates = _half(material["templates"], split)
    negatives = _half(material["negative_templates"], split) or material["negative_templates"]
    rows = []
    for _ in range(count):
        writer = _Writer(rng, split)
        template = rng.choice(negatives) if rng.random() < 0.08 else rng.choice(templates)
        _fill(writer, template, material)
        text = writer.text
        if text[:1].islower():
            text = text[0].upper() + text[1:]
        rows.append(_noisy(SyntheticRow(text, writer.spans), rng))
    return rows
