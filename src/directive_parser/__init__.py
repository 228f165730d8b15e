"""directive-parser: Vietnamese administrative directives → typed records.

    >>> from directive_parser import parse_text
    >>> d = parse_text("ỦY BAN NHÂN DÂN\\nQUẬN THANH XUÂN\\nSố: 1523/UBND-VP\\n...")

The public API is small: `parse_text`, `parse_file`, `parse_folder`, the record
models in `directive_parser.records`, and `nlp()` for the spaCy pipeline.
"""

from .version import __version__
from .pipeline import parse_text, parse_file, parse_folder
from .records import Directive

__all__ = ["__version__", "parse_text", "parse_file", "parse_folder", "Directive", "nlp"]


def nlp(use_model: bool = False):
    """The entity stages as a spaCy `Language` (`doc.spans["references"]`, `["deadlines"]`, `["bodies"]`).

    `use_model=True` adds the trained body-mention model from `models/bodies` (off by default: on the
    gold it does not beat the rules). spaCy is imported only here, because it is slow to import.
    """
    from .spacy_pipeline import build_nlp

    return build_nlp(use_model=use_model)
