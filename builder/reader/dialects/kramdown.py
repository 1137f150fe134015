"""kramdown and Jekyll, as the Galaxy Training Network and other Jekyll lessons write them: a block attribute
line (`{: .hands_on}`) straight after a block gives it a class, so a quote marked `.hands_on`, `.question`,
`.solution`, `.comment`, `.tip`, `.details` or `.agenda` is a box of that kind, titled by its first heading;
`{:toc}` marks a list the contents replace (every format makes its own). Liquid tags (`{% icon x %}`,
`{% include ... %}`, `{{ site.x }}`) are Jekyll's to fill in: an icon is dropped, any other is reported."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from builder import boxes
from builder.model import Block
from builder.reader.attributes import parse_attributes
from builder.reader.dialects.base import Dialect
from builder.reader.syntax import node_line

if TYPE_CHECKING:
    from builder.reader.interface import Reader

_IAL_LINE = re.compile(r"^\s*\{:[^{}]*\}\s*$")
_QUOTE_MARKS = re.compile(r"^(?:\s{0,3}>)*")
_LIQUID_LINE = re.compile(r"^\s*(\{%.*?%\}|\{\{.*?\}\})\s*$")
_LIQUID = re.compile(r"\{%-?\s*(\w+)([^%]*?)-?%\}|\{\{(.*?)\}\}")
_SILENT = {"icon", "raw", "endraw"}  # an icon is decoration; raw only stops Liquid reading what is inside


def extend(md: MarkdownIt) -> None:
    md.block.ruler.before("table", "liquid", _liquid_block_rule)  # first: the attribute rule would take it
    md.core.ruler.after("block", "kramdown_attributes", _attributes_rule)


def _liquid_block_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A line that is one Liquid tag (`{% include x.md %}`), and a `{% comment %}` up to its end."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    text = state.src[state.bMarks[start_line] + state.tShift[start_line]:state.eMarks[start_line]]
    found = _LIQUID_LINE.match(text)
    if not found:
        return False
    if silent:
        return True
    line = start_line
    if re.match(r"\{%-?\s*comment\b", found.group(1)):
        while line + 1 < end_line and "endcomment" not in state.src[state.bMarks[line]:state.eMarks[line]]:
            line += 1
    token = state.push("liquid", "", 0)
    token.content = found.group(1)
    token.map = [start_line, line + 1]
    state.line = line + 1
    return True


def _attributes_rule(state: StateCore) -> None:
    """Move each `{: ...}` line that ends a paragraph to the block it is about."""
    if "{:" not in state.src:
        return
    tokens = state.tokens
    lines = state.src.split("\n")
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "inline" and token.map and index and tokens[index - 1].type == "paragraph_open":
            index += _move_attributes(tokens, index, lines)
        index += 1


def _move_attributes(tokens: list[Token], index: int, lines: list[str]) -> int:
    """The paragraph at `index` loses its trailing attribute lines to their blocks; how many tokens went."""
    token = tokens[index]
    content = token.content.split("\n")
    first_line = token.map[0]
    taken = 0
    while content and _IAL_LINE.match(content[-1]):
        written = lines[first_line + len(content) - 1] if first_line + len(content) - 1 < len(lines) else ""
        attributes = parse_attributes(content.pop().strip()) or {}
        taken += 1
        depth = len(_QUOTE_MARKS.match(written).group(0).replace(" ", ""))
        target = _list_of(tokens, index) if "toc" in attributes else _target(tokens, index, depth, bool(content))
        if target is not None:
            _add(target, attributes)
    if not taken:
        return 0
    token.content = "\n".join(content)
    if content:
        return 0
    del tokens[index - 1:index + 2]  # the paragraph held nothing else
    return -2


def _target(tokens: list[Token], index: int, depth: int, has_words: bool) -> Token | None:
    """The block an attribute line is about: the quote it closes (its `>` marks are fewer than the
    paragraph's), the paragraph itself, or, when it stands alone, the block just before it."""
    opened: list[Token] = []
    for token in tokens[:index]:
        if token.nesting == 1 and token.type != "paragraph_open":
            opened.append(token)
        elif token.nesting == -1 and token.type != "paragraph_close" and opened:
            opened.pop()
    quotes = [token for token in opened if token.type == "blockquote_open"]
    if depth < len(quotes):
        return quotes[depth]
    if has_words:
        return tokens[index - 1]
    level, position = 0, index - 2  # the block closed just before this paragraph
    while position >= 0:
        token = tokens[position]
        level += -token.nesting
        if token.nesting == 1 and level == 0:
            return token
        if token.nesting == 0 and level == 0:
            return token
        position -= 1
    return None


def _list_of(tokens: list[Token], index: int) -> Token | None:
    """The list a paragraph is in (kramdown's `{:toc}` is about the list it ends)."""
    opened: list[Token] = []
    for token in tokens[:index]:
        if token.nesting == 1:
            opened.append(token)
        elif token.nesting == -1 and opened:
            opened.pop()
    return next((token for token in reversed(opened) if token.type in ("bullet_list_open", "ordered_list_open")),
                None)


def _add(target: Token, attributes: dict[str, str]) -> None:
    for key, value in attributes.items():
        if key == "class" and target.attrs.get("class"):
            target.attrs["class"] = f"{target.attrs['class']} {value}"
        else:
            target.attrs[key] = value


def quote_box(reader: Reader, node: SyntaxTreeNode, lang: str) -> list[Block] | None:
    """A quote given a class (`{: .hands_on}`, `{: .agenda}`): a box of the kind the class names (or a box of
    its own, titled by it), titled by its first heading, as Jekyll lessons' themes show them."""
    classes = str(node.attrs.get("class", "")).split()
    names = [name for name in classes if boxes.kind_of(name) != boxes.GENERIC] or classes
    if not names:
        return None
    line = node_line(node, reader.line)

    def read() -> list[Block]:
        blocks = reader.blocks(list(node.children), lang)
        return [reader.container(names[0], {}, "", blocks, line, lang)]

    return reader.nested(line, read)


def toc_list(reader: Reader, node: SyntaxTreeNode, lang: str) -> list[Block] | None:
    """`1. TOC` with `{:toc}`: where kramdown puts a list of the module's sections, and so does the reader."""
    return [reader.contents(node_line(node, reader.line), lang)] if "toc" in node.attrs else None


def liquid_line(reader: Reader, node: SyntaxTreeNode, lang: str) -> list[Block]:
    _report(reader, node.content, node_line(node, reader.line))
    return []


def liquid_text(reader: Reader, text: str, line: int) -> str:
    """Liquid tags inside text taken out: an icon silently, any other with a warning."""
    if "{%" not in text and "{{" not in text:
        return text
    kept, position = [], 0
    for start, end in liquid_spans(text):
        _report(reader, text[start:end], line)
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return re.sub(r"\s{2,}", " ", "".join(kept))


def liquid_spans(text: str) -> list[tuple[int, int]]:
    """Where each Liquid tag is, as `_LIQUID` finds them from left to right (`{% name ... %}` with no % inside;
    `{{ ... }}` on one line), in one pass: the regular expression tried every opening against the rest of the
    text, which took time growing with the square of a line of unclosed openings (issue 38)."""
    spans: list[tuple[int, int]] = []
    openings = (_Next(text, "{%"), _Next(text, "{{"))
    ends = {"{%": _Next(text, "%}"), "{{": _Next(text, "}}")}
    percent, newline = _Next(text, "%"), _Next(text, "\n")
    position = 0
    while True:
        start = min(opening.at(position) for opening in openings)
        if start >= len(text):
            return spans
        kind = text[start:start + 2]
        end = ends[kind].at(start + 2)
        if kind == "{%":
            valid = end < len(text) and percent.at(start + 2) == end and _NAMED.match(text, start + 2, end)
        else:
            valid = end < len(text) and newline.at(start + 2) > end
        if valid:
            spans.append((start, end + 2))
            position = end + 2
        else:
            position = start + 1


_NAMED = re.compile(r"-?\s*\w")  # a Liquid tag starts with its name


class _Next:
    """The first place of `what` at or after a position, for positions that only grow: each search starts
    where the last one ended, so all of them together read the text once."""

    def __init__(self, text: str, what: str):
        self.text, self.what, self.found = text, what, -1

    def at(self, position: int) -> int:
        """The first index of `what` at or after `position`, or the text's length when there is none."""
        if self.found < position:
            found = self.text.find(self.what, position)
            self.found = found if found >= 0 else len(self.text)
        return self.found


def _report(reader: Reader, tag: str, line: int) -> None:
    found = _LIQUID.match(tag.strip())
    name = found.group(1) if found and found.group(1) else ""
    if name in _SILENT or name == "endcomment":
        return
    if name == "include":
        reader.warning(line, f"'{tag.strip()}' copies in another file when Jekyll builds the site, which this builder "
                             "does not do, so it is left out: copy in the text it stands for", "markdown.template")
    else:
        reader.warning(line, f"'{tag.strip()}' is a template tag of another tool (Jekyll, Liquid, Hugo), filled in "
                             "when that tool builds its site, so it is left out: remove it, or write the words it "
                             "stands for", "markdown.template")


DIALECT = Dialect("kramdown", "kramdown and Jekyll: {: .hands_on} boxes, {:toc}, Liquid tags",
                  extend=extend,
                  blocks={"blockquote": quote_box, "bullet_list": toc_list, "ordered_list": toc_list,
                          "liquid": liquid_line},
                  text=liquid_text)
