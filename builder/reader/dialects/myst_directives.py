"""MyST and Sphinx directives mapped onto the model: admonitions and the boxes lessons use (exercise,
solution, instructor-note...), figures and images with `:alt:` and a caption, glossaries, tabs, dropdowns,
code, tables written as lists or CSV. A directive this builder does not know keeps its text in a box titled
with its name, and is reported."""

from __future__ import annotations

import csv
import io
import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from markdown_it.tree import SyntaxTreeNode

from builder import boxes
from builder.content_files import RefusedFile, read_content_file
from builder.model import (Block, Cell, CodeBlock, Definition, DefinitionList, Figure, ListBlock, Paragraph, Quote,
                           Table, Text, plain_text)

if TYPE_CHECKING:
    from builder.reader.interface import Reader

MAX_INCLUDED_BYTES = 200_000
_DEFINITION_LINE = re.compile(r"^[ \t]{0,3}[:~](?:[ \t]|$)", re.MULTILINE)  # `: a definition`, as MyST's lists write it


@dataclass
class Call:
    """One directive as written: its name, argument, options, body (text, from `body_line`), the body already
    read as Markdown where the fence was a `:::` box, and its own line."""

    name: str
    argument: str
    options: dict[str, str]
    body: str
    body_line: int
    children: list[SyntaxTreeNode] | None
    line: int
    lang: str

    def blocks(self, reader: Reader) -> list[Block]:
        """The body read as Markdown, with the lines it has in the file."""
        if self.children is None:
            tree = SyntaxTreeNode(reader.parser.parse("\n" * (self.body_line - 1) + self.body, {}))
            self.children = list(tree.children)
        return reader.blocks(self.children, self.lang)


def read(reader: Reader, call: Call) -> list[Block]:
    if "name" in call.options or "label" in call.options:  # `:name: fig-x` names the place for {ref}
        reader.pending_labels.append(call.options.get("name") or call.options["label"])
    handler = DIRECTIVES.get(call.name)
    if handler is not None:
        return handler(reader, call)
    kind = boxes.kind_of(call.name)
    if kind == boxes.GENERIC:
        reader.warning(call.line, f"the directive {{{call.name}}} is not one this builder knows, so its text is shown "
                                  "in a box titled with its name", "markdown.directive")
    return [reader.container(call.name, {}, call.argument, call.blocks(reader), call.line, call.lang)]


def _admonition(reader: Reader, call: Call) -> list[Block]:
    """`{admonition} Title` takes its kind from `:class:` (tip, warning...), else it is a note."""
    kind_name = next((word for word in call.options.get("class", "").split()
                      if boxes.kind_of(word) != boxes.GENERIC), "note")
    return [reader.container(kind_name, {}, call.argument, call.blocks(reader), call.line, call.lang)]


def _titled(reader: Reader, call: Call) -> list[Block]:
    """A box whose argument is its title (a tab, a dropdown), of no particular kind."""
    title = call.argument or boxes.shown_name(call.name)
    return [reader.container(call.name, {}, title, call.blocks(reader), call.line, call.lang)]


def _solution(reader: Reader, call: Call) -> list[Block]:
    """sphinx-exercise's `{solution} exercise-label`: its argument names the exercise, not a title."""
    return [reader.container("solution", {}, "", call.blocks(reader), call.line, call.lang)]


def _transparent(reader: Reader, call: Call) -> list[Block]:
    """A frame around other directives (a set of tabs, a grid of cards): only what it holds is shown."""
    return call.blocks(reader)


def _contents(reader: Reader, call: Call) -> list[Block]:
    """A table of contents: every format makes its own."""
    return []


def _figure(reader: Reader, call: Call) -> list[Block]:
    """`{figure} path` with `:alt:`, its caption the body's first paragraph and any legend after it."""
    blocks = call.blocks(reader) if call.name == "figure" else []
    caption = plain_text(blocks.pop(0).children).strip() if blocks and isinstance(blocks[0], Paragraph) else None
    saved, reader.line = reader.line, call.line
    try:
        found = reader.picture(call.argument, call.options.get("alt", "").strip(), caption, {}, call.lang, True)
    finally:
        reader.line = saved
    if found and isinstance(found[0], Figure):
        return [found[0], *blocks]
    shown = reader.paragraphs(found, call.lang)
    if caption:
        shown.append(Paragraph([Text(caption, reader.source(call.body_line), call.lang)],
                               reader.source(call.body_line), call.lang))
    return [*shown, *blocks]


def _code(reader: Reader, call: Call) -> list[Block]:
    body = call.body.rstrip("\n")
    if call.name == "math":
        reader.warning(call.line, "a formula is shown as it is written: print, braille and audio cannot lay it out",
                       "markdown.math")
    info = "math" if call.name == "math" else call.argument.split()[0] if call.argument else ""
    return [CodeBlock(body, info, reader.source(call.body_line), call.lang)] if body.strip() else []


def _glossary(reader: Reader, call: Call) -> list[Block]:
    """Terms and their definitions, written as MyST's definition lists (`term` then `: definition`) or as
    Sphinx writes them: terms on lines of their own (several may share one), each definition indented under."""
    if _DEFINITION_LINE.search(call.body):  # read as Markdown only when written as MyST's lists
        written = call.blocks(reader)
        if any(isinstance(block, DefinitionList) for block in written):
            return written
    items: list[Definition] = []
    terms: list[tuple[str, int]] = []
    definition: list[str] = []
    first_line = call.body_line

    def finish() -> None:
        if terms and definition:
            text = "\n".join(definition)
            blocks = Call("", "", {}, textwrap.dedent(text), first_line, None, call.line, call.lang).blocks(reader)
            for term, line in terms:
                items.append(Definition([Text(term, reader.source(line), call.lang)], [blocks],
                                        reader.source(line), call.lang))
        terms.clear()
        definition.clear()

    for number, text in enumerate(call.body.split("\n"), call.body_line):
        if not text.strip():
            if definition:
                definition.append("")
            continue
        if text[:1].isspace():
            if not definition:
                first_line = number
            definition.append(text)
        else:
            if definition:
                finish()
            terms.append((text.strip(), number))
    finish()
    return [DefinitionList(items, reader.source(call.line), call.lang)] if items else call.blocks(reader)


def _list_table(reader: Reader, call: Call) -> list[Block]:
    """`{list-table}`: a list of rows, each a list of cells; `:header-rows: 1` makes the first the header."""
    blocks = call.blocks(reader)
    rows = []
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                cells = next((b for b in item.blocks if isinstance(b, ListBlock)), None)
                if cells is not None:
                    rows.append([Cell(next((b.children for b in cell.blocks if isinstance(b, Paragraph)), []),
                                      cell.source, cell.lang) for cell in cells.items])
    return _table(reader, call, rows)


def _csv_table(reader: Reader, call: Call) -> list[Block]:
    source = reader.source(call.body_line)
    rows = [[Cell([Text(value.strip(), source, call.lang)], source, call.lang) for value in row]
            for row in csv.reader(io.StringIO(call.body)) if row]
    if "header" in call.options:
        header = next(csv.reader(io.StringIO(call.options["header"])), [])
        rows.insert(0, [Cell([Text(value.strip(), source, call.lang)], source, call.lang) for value in header])
        call.options.setdefault("header-rows", "1")
    return _table(reader, call, rows)


def _table(reader: Reader, call: Call, rows: list[list[Cell]]) -> list[Block]:
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [Cell([], row[-1].source, call.lang)] * (width - len(row)) for row in rows]
    has_header = call.options.get("header-rows", "0").strip() not in ("", "0")
    title = [Paragraph([Text(call.argument, reader.source(call.line), call.lang)], reader.source(call.line),
                       call.lang)] if call.argument else []
    return [*title, Table(rows[0] if has_header else [], rows[1:] if has_header else rows,
                          reader.source(call.line), call.lang)]


def _quote(reader: Reader, call: Call) -> list[Block]:
    return [Quote(call.blocks(reader), reader.source(call.line), call.lang)]


def _include(reader: Reader, call: Call) -> list[Block]:
    """`{literalinclude}` shows a file of the course as preformatted text; `{include}` (another page's text)
    is not copied in. A path outside the course is never read."""
    relative = reader.index.relative_path(call.argument, reader.path)
    if relative is None:
        reader.warning(call.line, f"{{{call.name}}} names '{call.argument}', outside the course, which is never read",
                       "link.outside")
        return []
    if call.name == "include":
        reader.warning(call.line, f"{{include}} '{call.argument}' copies in another page, which this builder does "
                                  "not do: add that page to the course as a module of its own", "markdown.directive")
        return []
    try:
        data = read_content_file(reader.content_dir, reader.content_dir / relative, MAX_INCLUDED_BYTES)
        text = data.decode("utf-8")
    except (RefusedFile, UnicodeDecodeError) as why:
        reader.warning(call.line, f"{{literalinclude}} '{call.argument}' could not be read ({why}), so it is left "
                                  "out", "markdown.directive")
        return []
    return [CodeBlock(text.rstrip("\n"), call.options.get("language", ""), reader.source(call.line), call.lang)]


def _left_out(reader: Reader, call: Call) -> list[Block]:
    reader.warning(call.line, f"{{{call.name}}} holds something to run or raw markup for another tool, so it is left "
                              "out of every format", "markdown.directive")
    return []


DIRECTIVES: dict[str, Callable[[Reader, Call], list[Block]]] = {
    "admonition": _admonition, "figure": _figure, "image": _figure, "glossary": _glossary,
    "tab-item": _titled, "tab": _titled, "group-tab": _titled, "code-tab": _titled, "dropdown": _titled,
    "card": _titled, "grid-item-card": _titled,
    "tab-set": _transparent, "tabs": _transparent, "grid": _transparent, "container": _transparent,
    "div": _transparent, "toctree": _contents, "contents": _contents, "tableofcontents": _contents,
    "solution": _solution, "code-block": _code, "code": _code, "sourcecode": _code, "code-cell": _code,
    "math": _code, "list-table": _list_table, "csv-table": _csv_table,
    "epigraph": _quote, "pull-quote": _quote, "highlights": _quote,
    "include": _include, "literalinclude": _include,
    "raw": _left_out, "eval-rst": _left_out, "jupyter-execute": _left_out, "exec": _left_out,
}
