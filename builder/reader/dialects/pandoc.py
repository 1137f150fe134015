"""Pandoc's and Quarto's Markdown: `:::` fenced divs (boxes, MyST colon fences too), `{...}` attributes,
footnotes, definition lists and grid tables. Quarto's callouts are boxes whose kind `builder.boxes` names."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from builder.reader.dialects.base import Dialect

if TYPE_CHECKING:
    from builder.reader.interface import Reader

_BOX_FENCE = re.compile(r":{3,}")
_CODE_FENCE = re.compile(r"(`{3,}|~{3,})")
# A MyST directive's opening after its fence: `{note} Title`, `{tip icon=false}`: its name, then its argument
MYST_DIRECTIVE = re.compile(r"^\{([A-Za-z][\w:-]*)(?:\s[^{}]*)?\}\s*(.*)$")
_OPTION = re.compile(r"^:([\w-]+):(?:\s+(.*))?$")  # a MyST directive's `:alt: A cat` line


def extend(md: MarkdownIt) -> None:
    md.use(footnote_plugin).use(deflist_plugin)
    # after pictures the reader reads attributes itself: in single quotes, or over several lines (Pandoc allows both)
    md.use(attrs_plugin, spans=True, after=("code_inline", "link_close", "span_close")).use(attrs_block_plugin)
    md.block.ruler.before("fence", "box", box_rule,
                          {"alt": ["paragraph", "reference", "blockquote", "list", "footnote_def"]})
    md.block.ruler.before("table", "grid_table", grid_table_rule)


_KRAMDOWN_SPAN = re.compile(r"\{:[^{}]*\}")
_LEFT_ATTRIBUTES = re.compile(r"\{\s*(?:[.#][\w-]+|[\w-]+\s*=)[^{}]*\}")


def left_attributes(reader: Reader, text: str, line: int) -> str:
    """An attribute list nothing took: kramdown's `{: .class}` after words only says how they look (taken out);
    a Pandoc one (`{lang=pl}`) after plain words belongs to nothing, and is shown as written and reported."""
    if "{" not in text:
        return text
    text = _KRAMDOWN_SPAN.sub("", text)
    found = _LEFT_ATTRIBUTES.search(text)
    if found:
        reader.warning(line, f"'{found.group(0)}' is not attached to anything, so it is shown as it is written: "
                             "'{lang=xx}' goes on the line under a paragraph, at the end of a heading, or straight "
                             "after [some words]{lang=xx}", "markdown.attribute")
    return text


DIALECT = Dialect("pandoc", "Pandoc and Quarto: ::: boxes and callouts, {attributes}, notes, definition lists, "
                            "grid tables",
                  extend=extend, text=left_attributes)


def directive_options(lines: list[str]) -> tuple[dict[str, str], int]:
    """A MyST directive's options at the top of its body, as `:key: value` lines or a `---` YAML block of
    `key: value` lines: the options and how many lines they take."""
    options: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        for index, line in enumerate(lines[1:], 1):
            if line.strip() == "---":
                return options, index + 1
            key, colon, value = line.partition(":")
            if colon and key.strip():
                options[key.strip()] = value.strip().strip("\"'")
        return {}, 0  # no closing line: not an options block after all
    used = 0
    for line in lines:
        found = _OPTION.match(line.strip())
        if not found:
            break
        options[found.group(1)] = (found.group(2) or "").strip()
        used += 1
    return options, used


def box_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """`::: name title` ... `:::`: a box. Pandoc pairs fences by counting the boxes opened and closed inside;
    a MyST colon fence (`:::{note}`) ends at the first line of at least as many colons, as MyST reads it. Code
    fences inside are skipped; the lines between are read as Markdown of their own, like a block quote's."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    line = state.src[start:state.eMarks[start_line]]
    fence = _BOX_FENCE.match(line)
    if not fence or not line[fence.end():].strip(": \t"):
        return False  # a bare `:::` closes a box; the reader reports one with no box to close
    if silent:
        return True
    info = line[fence.end():].strip()
    myst = bool(MYST_DIRECTIVE.match(info))
    closing, depth, code_fence = None, 1, None
    next_line = start_line
    while True:
        next_line += 1
        if next_line >= end_line:
            break
        begin, finish = state.bMarks[next_line] + state.tShift[next_line], state.eMarks[next_line]
        if begin < finish and state.sCount[next_line] < state.blkIndent:
            break  # a line less indented than the box's own ends the list item the box is in
        if state.sCount[next_line] - state.blkIndent >= 4:
            continue
        text = state.src[begin:finish]
        if code_fence:
            if text.startswith(code_fence) and not text.strip(code_fence[0]).strip():
                code_fence = None
            continue
        opening_code = _CODE_FENCE.match(text)
        if opening_code:
            code_fence = opening_code.group(1)
            continue
        box_line = _BOX_FENCE.match(text)
        if not box_line:
            continue
        bare = not text[box_line.end():].strip()
        if myst:
            if bare and len(box_line.group(0)) >= len(fence.group(0)):
                closing = next_line
                break
        elif not bare:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                closing = next_line
                break

    last = closing if closing is not None else next_line
    options, used = {}, 0
    if myst:
        body = [state.src[state.bMarks[n] + state.tShift[n]:state.eMarks[n]] for n in range(start_line + 1, last)]
        options, used = directive_options(body)
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "box"  # type: ignore[assignment]
    state.lineMax = last
    token = state.push("box_open", "div", 1)
    token.block = True
    token.markup = fence.group(0)
    token.info = info
    token.map = [start_line, last + (1 if closing is not None else 0)]
    token.meta = {"closed": closing is not None, "options": options, "myst": myst}
    state.md.block.tokenize(state, start_line + 1 + used, last)
    token = state.push("box_close", "div", -1)
    token.block = True
    state.parentType, state.lineMax = old_parent, old_max
    state.line = last + (1 if closing is not None else 0)
    return True


_GRID_BORDER = re.compile(r"^\+(?:[-=:]+\+)+\s*$")


def grid_table_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Pandoc's grid table (as RStudio's and Quarto's visual editors save tables): `+---+---+` borders, `|`
    between cells, `+===+` under the header row. A cell's lines are its words; cells joined across columns are
    read in the columns of the first border."""
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if state.src[begin:begin + 1] != "+" or state.sCount[start_line] - state.blkIndent >= 4:
        return False
    first = state.src[begin:state.eMarks[start_line]]
    if not _GRID_BORDER.match(first):
        return False
    lines, line = [], start_line
    while line < end_line:
        text = state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]].rstrip()
        if not text.startswith(("+", "|")):
            break
        lines.append(text)
        line += 1
    if len(lines) < 3 or not _GRID_BORDER.match(lines[-1]):
        return False
    if silent:
        return True
    edges = [i for i, ch in enumerate(first.rstrip()) if ch == "+"]
    rows: list[tuple[bool, list[str]]] = []  # (a header row, its cells' words)
    cells: list[list[str]] = []
    for text in lines[1:]:
        if _GRID_BORDER.match(text):
            if cells:
                rows.append(("=" in text, [" ".join(" ".join(part).split()) for part in cells]))
            cells = []
            continue
        parts = [text[a + 1:b].strip(" |") for a, b in zip(edges, edges[1:])]
        cells = [old + [new] for old, new in zip(cells, parts)] if cells else [[part] for part in parts]
    header = rows[0][1] if rows and rows[0][0] else None
    body = [cells for is_header, cells in rows if not (is_header and cells is header)]
    _push_table(state, header, body, [start_line, line])
    state.line = line
    return True


def _push_table(state: StateBlock, header: list[str] | None, body: list[list[str]], where: list[int]) -> None:
    """Tokens of a table, as markdown-it's own table rule makes them (so the reader reads it as any table)."""
    token = state.push("table_open", "table", 1)
    token.map = where
    for section, rows, cell in (("thead", [header] if header else [], "th"), ("tbody", body, "td")):
        if not rows:
            continue
        state.push(f"{section}_open", section, 1)
        for row in rows:
            state.push("tr_open", "tr", 1).map = where
            for words in row:
                state.push(f"{cell}_open", cell, 1)
                inline = state.push("inline", "", 0)
                inline.content, inline.map, inline.children = words, where, []
                state.push(f"{cell}_close", cell, -1)
            state.push("tr_close", "tr", -1)
        state.push(f"{section}_close", section, -1)
    state.push("table_close", "table", -1)
