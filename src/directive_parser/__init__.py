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


def nlp():
    """The stages as a spaCy `Language` (loaded lazily: spaCy is slow to import)."""
    from .spacy_pipeline import build_nlp

    return build_nlp()
