"""What one Markdown dialect adds to the reader, declared as data: the core asks every dialect, never names one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Mapping

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    from builder.model import Block, Inline
    from builder.reader.interface import Reader

# A rule for one kind of syntax-tree node: the model nodes it becomes, or None to leave it to the next rule.
BlockRule = Callable[["Reader", "SyntaxTreeNode", str], "list[Block] | None"]
InlineRule = Callable[["Reader", "SyntaxTreeNode", str], "list[Inline] | None"]
# Words markdown-it left as text, rewritten (an emoji shortcode made an emoji, a template tag taken out).
TextRule = Callable[["Reader", str, int], str]


@dataclass(frozen=True)
class Dialect:
    """A dialect: its name, a line saying what it reads, the parser rules it adds, and how its nodes and text
    become model nodes. Rules for the same node type are tried in registry order, the core's last."""

    name: str
    summary: str
    extend: Callable[[MarkdownIt], None] | None = None
    blocks: Mapping[str, BlockRule] = field(default_factory=dict)
    inlines: Mapping[str, InlineRule] = field(default_factory=dict)
    text: TextRule | None = None
