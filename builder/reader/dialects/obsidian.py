"""Obsidian's Markdown: `[[wikilinks]]` and `![[embeds]]` found by name among the course's modules, headings
and pictures, `==highlighted==` words, `%%comments%%` (an author's private notes: never shown), and block ids
(`^id` at the end of a paragraph)."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_inline import StateInline
from markdown_it.tree import SyntaxTreeNode

from builder.config import slugify
from builder.model import Inline, Link, Phrase, Text
from builder.reader.dialects.base import Dialect
from builder.reader.syntax import node_line
from builder.reader.targets import PICTURE_SUFFIXES

if TYPE_CHECKING:
    from builder.reader.interface import Reader

_SIZE = re.compile(r"^\d+(?:x\d+)?$")  # `![[x.png|300]]`: a width, not a description
_BLOCK_ID = re.compile(r"(?<=\s)\^[A-Za-z0-9-]+\s*$")


def extend(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "obsidian", _inline_rule)
    md.block.ruler.before("table", "comment_block", _comment_block_rule,  # first: MyST would take `%%` lines
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})


def _inline_rule(state: StateInline, silent: bool) -> bool:
    """Obsidian's inline marks, as one rule tried at each place (markdown-it tries every rule everywhere)."""
    first = state.src[state.pos]
    if first == "[" or first == "!":
        return _wikilink_rule(state, silent)
    if first == "=":
        return _highlight_rule(state, silent)
    return first == "%" and _comment_rule(state, silent)


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    embed = state.src.startswith("![[", start)
    if not embed and not state.src.startswith("[[", start):
        return False
    opening = start + (3 if embed else 2)
    end = state.src.find("]]", opening, state.posMax)
    if end < 0 or "\n" in state.src[opening:end] or "[" in state.src[opening:end] or end == opening \
            or state.src.startswith(("(", "]", ":"), end + 2) or (start and state.src[start - 1] == "["):
        return False  # `[[docs]](https://...)`, `[[[x]]]`, `[[x]]: ...`: CommonMark's brackets, not a wikilink
    label = normalizeReference(state.src[opening:end])
    if label in state.env.get("references", {}):
        return False  # `[[x]]` where `[x]` is a link the module defines: a link in brackets
    if not silent:
        target, _, alias = state.src[opening:end].partition("|")
        token = state.push("wikilink", "", 0)
        token.meta = {"target": target.strip(), "alias": alias.strip(), "embed": embed}
    state.pos = end + 2
    return True


def _highlight_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not state.src.startswith("==", start) or start + 2 >= state.posMax or state.src[start + 2].isspace() \
            or state.src[start + 2] == "=":
        return False
    end = state.src.find("==", start + 3, state.posMax)
    if end < 0 or state.src[end - 1].isspace():
        return False
    if not silent:
        state.push("mark_open", "mark", 1)
        old_max, state.pos, state.posMax = state.posMax, start + 2, end
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.push("mark_close", "mark", -1)
    state.pos = end + 2
    return True


def _comment_rule(state: StateInline, silent: bool) -> bool:
    """`%%a note to self%%` inside a paragraph: nothing is shown (an unclosed one hides the rest of it)."""
    if not state.src.startswith("%%", state.pos):
        return False
    end = state.src.find("%%", state.pos + 2, state.posMax)
    state.pos = state.posMax if end < 0 else end + 2
    return True


def _comment_block_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Lines from a `%%` to the next `%%`, blank lines and all: an author's notes, never shown."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    first = state.src[begin:state.eMarks[start_line]]
    if not first.startswith("%%"):
        return False
    if silent:
        return True
    line, closed = start_line, "%%" in first[2:]
    while not closed and line + 1 < end_line:
        line += 1
        closed = "%%" in state.src[state.bMarks[line]:state.eMarks[line]]
    token = state.push("obsidian_comment", "", 0)
    token.map = [start_line, line + 1]
    token.meta = {"closed": closed}
    state.line = line + 1
    return True


def comment(reader: Reader, node: SyntaxTreeNode, lang: str) -> list:
    if not node.meta.get("closed"):
        reader.warning(node_line(node, reader.line), "this '%%' comment is never closed, so everything after it is "
                                                     "hidden, as Obsidian hides it: add '%%' where it ends",
                       "markdown.comment")
    return []


def highlight(reader: Reader, node: SyntaxTreeNode, lang: str) -> list[Inline]:
    return [Phrase("mark", reader.inline_children(list(node.children), lang), reader.source(reader.line), lang)]


def wikilink(reader: Reader, node: SyntaxTreeNode, lang: str) -> list:
    """A wikilink to a module or a heading, found by name; an embed of a picture, the picture; an embed of a
    note, a link to it (its text is not copied in). Anything not in the course keeps its words."""
    target, alias, embed = node.meta["target"], node.meta["alias"], node.meta["embed"]
    source = reader.source(reader.line)
    name, _, heading = target.partition("#")
    shown = alias if alias and not (embed and _SIZE.match(alias)) else target.replace("#", " > ").lstrip(" >")
    if ".." in re.split(r"[/\\]", name) or name.startswith(("/", "\\")):
        reader.warning(reader.line, f"'[[{target}]]' names a place outside the course, which is never read: link "
                                    "to a module or picture inside the content folder", "link.outside")
        return [Text(shown, source, lang)]
    if embed and name.lower().endswith(PICTURE_SUFFIXES):
        found = reader.index.pictures_by_name.get(os.path.basename(name).lower())
        src = os.path.relpath(found, reader.path.parent).replace(os.sep, "/") if found else name
        description = alias if alias and not _SIZE.match(alias) else ""
        return reader.picture(src, description, None, {}, lang, reader.figures_allowed)
    module = reader.slug if not name else reader.index.module_named(name)
    fragment = slugify(heading.lstrip("^")) if heading else None
    if module is None:
        reader.warning(reader.line, f"'{'!' if embed else ''}[[{target}]]' names a note that is not in the course, "
                                    "so its words are shown without a link: add the note to the course, or link to "
                                    "a web address", "link.outside")
        return [Text(shown, source, lang)]
    if embed:
        reader.warning(reader.line, f"'![[{target}]]' copies in part of another note, which only Obsidian can do: it "
                                    "is shown as a link to it", "markdown.embed")
    return [Link(f"[[{target}]]", [Text(shown, source, lang)], source, lang, module, fragment)]


def block_ids(reader: Reader, text: str, line: int) -> str:
    """`^my-block` at the end of a paragraph names it for links; Obsidian does not show it."""
    return _BLOCK_ID.sub("", text) if "^" in text else text


DIALECT = Dialect("obsidian", "Obsidian: [[wikilinks]], ![[embeds]], ==highlights==, %%comments%%, ^block ids",
                  extend=extend, blocks={"obsidian_comment": comment},
                  inlines={"wikilink": wikilink, "mark": highlight}, text=block_ids)
