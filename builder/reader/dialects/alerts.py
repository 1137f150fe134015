"""GitHub alerts (`> [!NOTE]`) and Obsidian callouts (`> [!tip]- A title`): a quote whose first line names a
kind becomes a box of that kind, titled by the rest of the line (the fold mark, `+` or `-`, only says whether
it starts open on screen)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it.tree import SyntaxTreeNode

from builder.model import Block, Paragraph, Quote, Strong
from builder.reader.syntax import node_line
from builder.reader.dialects.base import Dialect

if TYPE_CHECKING:
    from builder.reader.interface import Reader

_MARKER = re.compile(r"^\[!([A-Za-z][\w-]*)\]([+-]?)[ \t]*")
QUOTES = {"quote", "cite"}  # Obsidian's quotation callouts: a quotation, not a box


def callout(reader: Reader, node: SyntaxTreeNode, lang: str) -> list[Block] | None:
    first = node.children[0] if node.children else None
    if first is None or first.type != "paragraph" or not first.children:
        return None
    inline = list(first.children[0].children)
    found = _MARKER.match(inline[0].content) if inline and inline[0].type == "text" else None
    if not found:
        return None
    line = node_line(node, reader.line)
    return reader.nested(line, lambda: _box(reader, node, inline, found, lang, line))


def _box(reader: Reader, node: SyntaxTreeNode, inline: list[SyntaxTreeNode], found: re.Match, lang: str,
         line: int) -> list[Block]:
    kind = found.group(1).lower()
    inline[0].token.content = inline[0].content[found.end():]  # type: ignore[union-attr]
    end = next((i for i, child in enumerate(inline) if child.type in ("softbreak", "hardbreak")), len(inline))
    quote_lang = reader.language(dict(node.attrs), lang, line)
    title = reader.inlines(inline[:end], line, quote_lang)
    blocks: list[Block] = []
    if end < len(inline):
        blocks += reader.paragraphs(reader.inline_run(inline[end + 1:], line + 1, quote_lang, figures=True),
                                    quote_lang)
    blocks += reader.blocks(list(node.children[1:]), quote_lang)
    if kind in QUOTES:
        heading = [Paragraph([Strong(title, reader.source(line), quote_lang)], reader.source(line), quote_lang)]
        return [Quote([*(heading if title else []), *blocks], reader.source(line), quote_lang)]
    attributes = {"collapse": "true"} if found.group(2) == "-" else {}
    return [reader.container(kind, attributes, "", blocks, line, quote_lang, title=title)]


DIALECT = Dialect("alerts", "GitHub alerts (> [!NOTE]) and Obsidian callouts (> [!tip]- Title), as boxes",
                  blocks={"blockquote": callout})
