"""MkDocs and Material for MkDocs (Python-Markdown's extensions): admonitions `!!! note "Title"`, collapsible
blocks `??? tip "Title"` (`???+` starts open), content tabs `=== "Windows"`, each with its text indented by
four spaces, and Material's icon shortcodes (`:fontawesome-solid-file-pdf:`), which are decoration."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.admon.index import admonition as admonition_rule

from builder import boxes
from builder.model import Block
from builder.reader.dialects.base import Dialect
from builder.reader.syntax import node_line

if TYPE_CHECKING:
    from builder.reader.interface import Reader

_ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?) ?[\w-]+(?: +[\w-]+)*(?: +"[^"]*")? *$')  # Python-Markdown's form
_TAB = re.compile(r'^===(!?)\s+"([^"]*)"\s*$')
_ICON_NAME = re.compile(r":(?:fontawesome|material|octicons|simple)-[a-z0-9-]+:")  # found fast: ':' starts it
_ICON = re.compile(r"[ \t]*" + _ICON_NAME.pattern)  # with the space before it


def extend(md: MarkdownIt) -> None:
    md.block.ruler.before("fence", "mkdocs", _block_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]})


def _block_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """An admonition or a content tab (one rule, asked at every line, that looks at its first character)."""
    begin = state.bMarks[start_line] + state.tShift[start_line]
    first = state.src[begin:begin + 1]
    if first in ("!", "?"):
        return _admonition_rule(state, start_line, end_line, silent)
    return first == "=" and _tab_rule(state, start_line, end_line, silent)


def _admonition_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """An admonition only as Python-Markdown reads one: kind words and a quoted title alone on the line, and words
    indented under it (a sentence that starts '!!! Please read' is a sentence)."""
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not _ADMONITION.match(state.src[begin:state.eMarks[start_line]]):
        return False
    return _indented_below(state, start_line, end_line) and admonition_rule(state, start_line, end_line, silent)


def _indented_below(state: StateBlock, start_line: int, end_line: int) -> bool:
    """The first line with words after this one is indented four spaces more."""
    for line in range(start_line + 1, end_line):
        if state.bMarks[line] + state.tShift[line] < state.eMarks[line]:
            return state.sCount[line] - state.sCount[start_line] >= 4
    return False


def _tab_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """`=== "Title"` and the lines under it indented by four spaces (a blank line may come between)."""
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    found = _TAB.match(state.src[begin:state.eMarks[start_line]])
    if not found or not _indented_below(state, start_line, end_line):
        return False
    if silent:
        return True
    old_indent, old_max = state.blkIndent, state.lineMax
    state.blkIndent += 4
    line = start_line
    while line + 1 < end_line:
        empty = state.bMarks[line + 1] + state.tShift[line + 1] >= state.eMarks[line + 1]
        if not empty and state.sCount[line + 1] < state.blkIndent:
            break
        line += 1
    while line > start_line and state.bMarks[line] + state.tShift[line] >= state.eMarks[line]:
        line -= 1  # blank lines at the end belong to what follows
    state.lineMax = line + 1
    token = state.push("content_tab_open", "div", 1)
    token.info, token.map, token.block = found.group(2), [start_line, line + 1], True
    state.md.block.tokenize(state, start_line + 1, line + 1)
    token = state.push("content_tab_close", "div", -1)
    token.block = True
    state.blkIndent, state.lineMax, state.line = old_indent, old_max, line + 1
    return True


def admonition(reader: Reader, node: SyntaxTreeNode, lang: str) -> list[Block]:
    """A box of the kind its tag names, titled by its quoted title; a title that names a kind ("Answer",
    "Exercise") is that kind, as a collapsible "Answer" holds an answer."""
    line = node_line(node, reader.line)
    children = list(node.children)
    title_node = children.pop(0) if children and children[0].type == "admonition_title" else None
    title = reader.inlines(list(title_node.children[0].children), line, lang) if title_node and \
        title_node.children else []
    named = boxes.kind_of(node.meta.get("tag", ""))
    said = boxes.kind_of(" ".join(str(node.content).split()))
    name = str(node.content) if said != boxes.GENERIC and said != named else node.meta.get("tag", "box")

    def read() -> list[Block]:
        return [reader.container(name, {}, "", reader.blocks(children, lang), line, lang, title=title)]

    return reader.nested(line, read)


def content_tab(reader: Reader, node: SyntaxTreeNode, lang: str) -> list[Block]:
    """A content tab: a box titled by its label (print shows every tab, one after another)."""
    line = node_line(node, reader.line)
    return reader.nested(line, lambda: [reader.container("tab", {}, str(node.info), reader.blocks(
        list(node.children), lang), line, lang)])


def icons(reader: Reader, text: str, line: int) -> str:
    """Material's icons (`:fontawesome-solid-file-pdf:`) are decoration, left out as a screen reader skips them."""
    return _ICON.sub("", text) if ":" in text and _ICON_NAME.search(text) else text


DIALECT = Dialect("mkdocs", "MkDocs: !!! admonitions, ??? collapsible blocks, === content tabs, icon shortcodes",
                  extend=extend, blocks={"admonition": admonition, "content_tab": content_tab}, text=icons)
