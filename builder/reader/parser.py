"""The markdown-it-py parser for every dialect in the registry (CommonMark with GFM tables, then each
dialect's rules), and the rules by which the dialects turn its nodes into model nodes. Its tokens keep their
source lines, which every problem and node carries."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

from builder.reader.dialects import REGISTRY
from builder.reader.dialects.base import BlockRule, InlineRule, TextRule

# markdown-it-py stops descending at this depth and drops what is deeper; the reader reports it.
MAX_TOKEN_NESTING = 60


def make_parser() -> MarkdownIt:
    """A new parser (parsers keep no state between documents, but hold no globals either)."""
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_TOKEN_NESTING})
    md.enable("table")
    # Every link becomes a link token, whatever its scheme, so that the reader can say what it does with a
    # `javascript:` address, with its line; markdown-it would otherwise print it as plain text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    for dialect in REGISTRY:
        if dialect.extend is not None:
            dialect.extend(md)
    return md


@lru_cache(maxsize=1)
def rules() -> tuple[dict[str, tuple[BlockRule, ...]], dict[str, tuple[InlineRule, ...]], tuple[TextRule, ...]]:
    """Every dialect's rules by node type, in registry order (read once: they are declared, not made)."""
    blocks: dict[str, tuple[BlockRule, ...]] = {}
    inlines: dict[str, tuple[InlineRule, ...]] = {}
    for dialect in REGISTRY:
        for kind, rule in dialect.blocks.items():
            blocks[kind] = (*blocks.get(kind, ()), rule)
        for kind, rule in dialect.inlines.items():
            inlines[kind] = (*inlines.get(kind, ()), rule)
    return blocks, inlines, tuple(d.text for d in REGISTRY if d.text)
