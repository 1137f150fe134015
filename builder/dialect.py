"""The Markdown dialect trainers write: CommonMark, plus GFM tables, footnotes, definition lists,
`{lang=pl}` attributes and `:::` boxes, parsed by markdown-it-py into tokens that keep their lines.

Raw HTML is parsed (not passed through) only so that the reader can refuse it with its line.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

# markdown-it-py stops descending at this depth and drops what is deeper; the reader reports it.
MAX_TOKEN_NESTING = 60

_BOX_FENCE = re.compile(r":{3,}")
_CODE_FENCE = re.compile(r"(`{3,}|~{3,})")
_NAME = re.compile(r"[A-Za-z][\w-]*")


def make_parser() -> MarkdownIt:
    """A new parser for the dialect (parsers keep no state between documents, but hold no globals)."""
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_TOKEN_NESTING})
    md.enable("table")
    md.use(footnote_plugin).use(deflist_plugin)
    md.use(attrs_plugin, spans=True).use(attrs_block_plugin)
    md.block.ruler.before("fence", "box", _box_rule,
                          {"alt": ["paragraph", "reference", "blockquote", "list", "footnote_def"]})
    # Every link becomes a link token, whatever its scheme, so that the reader can refuse a
    # `javascript:` address with its line; markdown-it would otherwise print it as plain text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_ATTRIBUTE = re.compile(r"""\s*(?:\#([\w:-]+)|\.([\w:-]+)|([A-Za-z_][\w:-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"'{}]+)))""")


def leading_attributes(text: str) -> tuple[dict[str, str], int] | None:
    """`{lang=pl .note #id alt='It says "no"'}` at the start of `text`: the attributes (classes under
    "class", the id under "id") and where they end; None if `text` does not start with one.

    Pandoc accepts single or double quotes; markdown-it-py's attribute plugin only double, so real lessons
    (`![](x.png){alt='...'}`) need this."""
    if not text.startswith("{"):
        return None
    found: dict[str, str] = {}
    position = 1
    while True:
        end = re.match(r"\s*\}", text[position:])
        if end:
            return found, position + end.end()
        match = _ATTRIBUTE.match(text, position)
        if not match:
            return None
        identifier, name, key = match.group(1), match.group(2), match.group(3)
        if identifier:
            found["id"] = identifier
        elif name:
            found["class"] = f"{found['class']} {name}" if "class" in found else name
        else:
            value = next(v for v in (match.group(4), match.group(5), match.group(6)) if v is not None)
            found[key] = value.replace('\\"', '"') if match.group(4) is not None else value
        position = match.end()


def parse_attributes(text: str) -> dict[str, str] | None:
    """`text` as one attribute list, e.g. `{lang=pl}`; None if it is not exactly one."""
    parsed = leading_attributes(text.strip())
    return parsed[0] if parsed and parsed[1] == len(text.strip()) else None


def box_heading(info: str) -> tuple[str, dict[str, str], str] | None:
    """A box's opening line after its colons, e.g. `exercise {duration=15} Practise` or `{.callout-tip}`:
    its name, attributes and title. None when the braces cannot be read."""
    info = info.strip().rstrip(":").strip()
    attributes: dict[str, str] = {}
    name = ""
    if info.startswith("{"):
        end = info.find("}")
        inside = info[1:end].strip() if end > 0 else ""
        if end > 0 and _NAME.fullmatch(inside):  # MyST writes `:::{note}`
            name, info = inside, info[end + 1:].strip()
    else:
        match = _NAME.match(info)
        if match:
            name, info = match.group(0), info[match.end():].strip()
    if info.startswith("{"):
        parsed = leading_attributes(info)
        if parsed is None:
            return None
        attributes, info = parsed[0], info[parsed[1]:].strip()
    if not name and attributes.get("class"):
        name = attributes["class"].split()[0]
    return name, attributes, info


def _box_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """`::: name title` ... `:::`: a box, nestable with any number of colons (as Pandoc pairs fenced divs).

    The closing line is found by counting the box lines opened and closed after it, skipping code fences;
    the lines between are read as Markdown of their own, like a block quote's."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    line = state.src[start:state.eMarks[start_line]]
    fence = _BOX_FENCE.match(line)
    if not fence or not line[fence.end():].strip(": \t"):
        return False  # a bare `:::` closes a box; the reader reports one with no box to close
    if silent:
        return True
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
        if box_line:
            if text[box_line.end():].strip():
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    closing = next_line
                    break

    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "box"  # type: ignore[assignment]
    last = closing if closing is not None else next_line
    state.lineMax = last
    token = state.push("box_open", "div", 1)
    token.block = True
    token.markup = fence.group(0)
    token.info = line[fence.end():].strip()
    token.map = [start_line, last + (1 if closing is not None else 0)]
    token.meta = {"closed": closing is not None}
    state.md.block.tokenize(state, start_line + 1, last)
    token = state.push("box_close", "div", -1)
    token.block = True
    state.parentType, state.lineMax = old_parent, old_max
    state.line = last + (1 if closing is not None else 0)
    return True
