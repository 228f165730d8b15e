"""The document's text out of a saved web page, without the site around it.

Legal and government sites wrap a directive in menus, visit counters, share
buttons and footers. Those elements go (by tag, and by class or id words such
as menu, footer, counter); when one container obviously holds the document —
it contains the "Số:" line or "Nơi nhận" — only that container is read.
Block elements end lines; the cells of a table row come one per line, so a
header table reads issuer first, then motto.

    >>> html_lines("<nav>Trang chủ</nav><div><p>Số: 12/UBND-VP</p><p>V/v phòng chống dịch</p></div>")
    ['Số: 12/UBND-VP', 'V/v phòng chống dịch']
"""

from __future__ import annotations

import re

from selectolax.parser import HTMLParser, Node

from .errors import LimitExceeded

DROPPED_TAGS = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe",
    "svg", "button", "select", "object", "embed", "head", "title", "meta", "link",
)
BLOCK_TAGS = frozenset(
    "p div br tr td th li ul ol dl dt dd table tbody thead tfoot h1 h2 h3 h4 h5 h6 blockquote pre "
    "section article main center address hr body html".split()
)
# Words in class or id that mark site furniture, not the document.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:menu|nav|navbar|navigation|footer|breadcrumbs?|sidebar|share|social|counter|visitors?|"
    r"luot-?xem|luotxem|advert|ads|banner|related|comments?|login|search|cookie|topbar|toolbar)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Text that marks the directive itself: the number line or the recipients block.
# "Số:" may end a text node, its number in the next element ("<b>Số:</b> <span>12</span>").
_DOCUMENT_MARKERS = re.compile(r"(?:^|\n)\s*Số\s*:?\s*(?:\d|$)|Nơi\s+nhận", re.IGNORECASE)
_CONTAINER_TAGS = frozenset({"article", "main", "section", "div", "td", "body"})
_SPACES = re.compile(r"[ \t\n\r\f]+")  # HTML white space: a no-break space is kept, as browsers do
# The chosen container must hold this share of the text of the largest one with as many markers.
MIN_SHARE_OF_PAGE = 0.4


def html_lines(html: str, max_depth: int = 3000) -> list[str]:
    """Visible lines of the page's main text, stripped, empty lines dropped.

    Raises LimitExceeded for pages nested deeper than `max_depth`: the HTML
    parser's time grows with the square of the depth (80,000 deep: 16 s).
    """
    depth = nesting_depth(html)
    if depth > max_depth:
        raise LimitExceeded(
            None, "read", f"HTML nested {depth} elements deep, over the max_html_depth limit of {max_depth}"
        )
    tree = HTMLParser(html)
    for tag in DROPPED_TAGS:
        for node in tree.css(tag):
            node.decompose()
    for node in tree.css("[class], [id]"):
        words = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if node.tag not in ("body", "html") and _FURNITURE.search(words):
            node.decompose()
    root = main_container(tree) or tree.body or tree.root
    if root is None:
        return []
    text = _block_text(root)
    return [line.strip() for line in text.split("\n") if line.strip()]


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")
# Elements that never hold others, or whose end tag the parser supplies itself.
_NOT_NESTING = frozenset(
    "area base br col embed hr img input link meta param source track wbr p li dt dd tr td th option".split()
)


def nesting_depth(html: str) -> int:
    """Deepest element nesting the tags spell out, estimated without parsing."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(html):
        if self_closing or name.lower() in _NOT_NESTING:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def main_container(tree: HTMLParser) -> Node | None:
    """The tightest container around the directive, or None when no container shows its markers.

    Of the containers whose text has the most markers ("Số: 12", "Nơi nhận"),
    the smallest that still holds 40 % of the text of the largest such
    container: the document's box, not the page body, nor a header cell.
    Text sizes and markers are summed bottom-up in one pass (deep pages stay linear).
    """
    if tree.body is None:
        return None
    found = []
    totals: dict[int, list[int]] = {}  # mem_id → [text length, markers]
    stack: list[tuple[Node, bool]] = [(tree.body, False)]
    while stack:
        node, closing = stack.pop()
        if not closing:
            stack.append((node, True))
            stack.extend((child, False) for child in node.iter(include_text=False))
            continue
        own = node.text(deep=False)
        size, markers = len(own), len(_DOCUMENT_MARKERS.findall(own))
        for child in node.iter(include_text=False):
            child_size, child_markers = totals.pop(child.mem_id, (0, 0))
            size, markers = size + child_size, markers + child_markers
        totals[node.mem_id] = [size, markers]
        if markers and node.tag in _CONTAINER_TAGS:
            found.append((markers, size, node))
    if not found:
        return None
    most = max(markers for markers, _, _ in found)
    sizes = [(size, node) for markers, size, node in found if markers == most]
    largest = max(size for size, _ in sizes)
    return min(
        ((size, index, node) for index, (size, node) in enumerate(sizes) if size >= MIN_SHARE_OF_PAGE * largest),
        key=lambda item: item[:2],
    )[2]


def _block_text(root: Node) -> str:
    """Text with a line break around every block element; iterative, so deep nesting cannot overflow."""
    parts: list[str] = []
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag
        if closing:
            parts.append("\n")
            continue
        if tag == "-text":
            parts.append(_SPACES.sub(" ", node.text(deep=False)))
            continue
        if tag.startswith("_") or tag.startswith("!"):
            continue  # comments, doctype
        if tag in BLOCK_TAGS:
            parts.append("\n")
            stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
    return "".join(parts)
