"""MyST Markdown (Jupyter Book, Sphinx lessons): directives written as ```` ```{name} ```` or `:::{name}` with
their options, roles (`` {ref}`label` ``), labels (`(name)=`) and `%` comments, each mapped onto the model
(the directives themselves are in `myst_directives`)."""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_blocks.index import line_comment
from mdit_py_plugins.myst_role import myst_role_plugin
from mdit_py_plugins.myst_role.index import myst_role

from builder.model import Block, Code, Inline, Link, Phrase, Text
from builder.reader.dialects import myst_directives
from builder.reader.dialects.base import Dialect
from builder.reader.dialects.pandoc import MYST_DIRECTIVE, directive_options
from builder.reader.syntax import node_line

if TYPE_CHECKING:
    from builder.reader.interface import Reader

_EXPLICIT = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.DOTALL)  # `text <target>` in a role


def extend(md: MarkdownIt) -> None:
    md.use(myst_role_plugin).use(myst_block_plugin)
    md.inline.ruler.at("myst_role", _role_rule)
    # A `%` comment starts a block of its own: a line of a paragraph that starts with `%` stays words.
    md.block.ruler.at("myst_line_comment", line_comment, {"alt": ["reference", "blockquote", "list"]})
    # `+++` only separates a notebook's cells; in CommonMark it is words, which is what every editor shows.
    md.block.ruler.disable("myst_block_break")


def _role_rule(state: StateInline, silent: bool) -> bool:
    """The plugin's rule, tried only where a role can start: it copies the rest of the text at every place it is
    tried, which made a long paragraph quadratic (200,000 tags took 3.5 s in it alone)."""
    return state.src.startswith("{", state.pos) and myst_role(state, silent)


def fence(reader: Reader, node: SyntaxTreeNode, lang: str) -> list[Block] | None:
    """```` ```{note} A title ````: the fence's lines are the directive's options and body."""
    found = MYST_DIRECTIVE.match(node.info.strip())
    if not found:
        return None
    line = node_line(node, reader.line)
    lines = node.content.split("\n")
    options, used = directive_options(lines)
    body = "\n".join(lines[used:])
    call = myst_directives.Call(found.group(1).lower(), found.group(2).strip(), options, body, line + 1 + used,
                                None, line, lang)
    return reader.nested(line, lambda: myst_directives.read(reader, call))


def colon_fence(reader: Reader, node: SyntaxTreeNode, lang: str) -> list[Block] | None:
    """`:::{figure} images/x.png` ... `:::`: the box rule has read its options; its lines are kept too, for the
    directives whose body is not Markdown (a glossary, code)."""
    found = MYST_DIRECTIVE.match(node.info.strip()) if node.meta.get("myst") else None
    if not found:
        return None
    line = node_line(node, reader.line)
    options = dict(node.meta.get("options", {}))
    first = node.map[0] + 1 if node.map else line
    last = node.map[1] - (1 if node.meta.get("closed") else 0) if node.map else line
    raw = reader.lines[first:last]
    used = _options_used(raw)
    body = textwrap.dedent("\n".join(raw[used:]))
    call = myst_directives.Call(found.group(1).lower(), found.group(2).strip(), options, body, first + used + 1,
                                list(node.children), line, lang)
    return reader.nested(line, lambda: myst_directives.read(reader, call))


def _options_used(raw: list[str]) -> int:
    return directive_options([text.strip() for text in raw])[1]


def target(reader: Reader, node: SyntaxTreeNode, lang: str) -> list[Block]:
    """`(name)=` above a heading names it, for `{ref}` links from anywhere in the course."""
    reader.pending_labels.append(node.content.strip())
    return []


def nothing(reader: Reader, node: SyntaxTreeNode, lang: str) -> list[Block]:
    """A `%` comment: nothing to show."""
    return []


def role(reader: Reader, node: SyntaxTreeNode, lang: str) -> list[Inline]:
    name, content = node.meta["name"].lower(), node.content
    source = reader.source(reader.line)
    explicit = _EXPLICIT.match(content)
    text, target = (explicit.group(1), explicit.group(2)) if explicit else (content, content)
    words = [Text(text, source, lang)] if text else []
    if name in ("ref", "numref", "eq"):
        return [Link(f"#{target}", words if explicit else [], source, lang, target=target.strip())]
    if name == "doc":
        module = reader.index.module_at(target.strip() + ("" if target.endswith(".md") else ".md"), reader.path)
        if module is None:
            reader.warning(reader.line, f"{{doc}}`{content}` names a page that is not in the course, so its words are "
                                        "shown without a link: add the page to the course", "link.outside")
            return words
        return [Link(target, words if explicit else [], source, lang, module)]
    if name in ("kbd", "sup", "sub", "abbr"):
        title = None
        if name == "abbr":  # {abbr}`NHS (National Health Service)`
            found = re.match(r"^(.*?)\s*\((.+)\)$", content)
            text, title = (found.group(1), found.group(2)) if found else (content, None)
        return [Phrase(name, [Text(text, source, lang)], source, lang, title)]
    if name in ("code", "math", "samp", "file", "command", "literal", "envvar", "program", "option", "guilabel",
                "menuselection"):
        return [Code(text.replace("-->", "→") if name == "menuselection" else text, source, lang)]
    if name in ("term", "dfn", "index", "emphasis", "strong", "title-reference"):
        return words
    if name == "download":
        reader.warning(reader.line, f"{{download}}`{content}` offers a file that no format can hold, so only its "
                                    "words are shown: put the file where participants can get it, and link to that",
                       "link.outside")
        return words
    reader.warning(reader.line, f"the role {{{name}}}`{content}` is not one this builder knows, so its words are "
                                "shown as they are", "markdown.role")
    return words


DIALECT = Dialect("myst", "MyST: ```{directive} and :::{directive} with options, {role}`...`, (label)=, % comments",
                  extend=extend,
                  blocks={"fence": fence, "box": colon_fence, "myst_target": target, "myst_line_comment": nothing},
                  inlines={"myst_role": role})
