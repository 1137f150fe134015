"""HTML inside Markdown mapped into the model, never passed through.

markdown-it hands HTML over in pieces (a block of lines, a single tag) between the Markdown around it, so
`<details>` ... Markdown ... `</details>` or `<kbd>Ctrl</kbd>` arrive as separate tokens. A flow gathers the
pieces and the Markdown's model nodes into one tree (`html_tree`); the tree then becomes model nodes here.
Elements with a meaning in the model keep it; any other keeps its words, with a warning; no HTML reaches any
output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markdown_it.tree import SyntaxTreeNode

from builder import boxes
from builder.model import (Block, Cell, Code, CodeBlock, Container, Definition, DefinitionList, Emphasis, Figure,
                           Heading, LineBreak, ListBlock, ListItem, Paragraph, Phrase, Quote, Rule, Strong, Table,
                           Text, plain_text)
from builder.reader.dialects.cells import CELL_IN_TEXT
from builder.reader.html_tree import BLOCKS, PHRASES, PLAIN, Element, Made, Tree, Words, comment_only

if TYPE_CHECKING:
    from builder.reader.interface import Reader


class _Flow:
    """What a block list and a run of text share: HTML pieces and model nodes built into one tree, and the
    language the next node is in (an open `<div lang="pl">` says)."""

    def __init__(self, reader: Reader, lang: str):
        self.reader = reader
        self.base = lang
        self.tree = Tree(reader)

    @property
    def lang(self) -> str:
        tag = self.tree.lang
        return self.reader.language({"lang": tag}, self.base, 0) if tag else self.base

    def add(self, nodes: list[Any]) -> None:
        self.tree.add(nodes)

    def _made(self) -> list[Any] | None:
        """The model nodes as they came, when no HTML was read at all; else None."""
        if self.tree.used:
            return None
        return [node for made in self.tree.root.children if isinstance(made, Made) for node in made.nodes]


class BlockFlow(_Flow):
    """The blocks of one list (a module, a box, a list item), with the HTML among them."""

    def html(self, html: str, line: int) -> None:
        if not comment_only(html):
            self.tree.feed(html, line)

    def finish(self) -> list[Block]:
        made = self._made()
        return made if made is not None else _Mapper(self.reader).blocks(self.tree.root.children, self.base)


class InlineFlow(_Flow):
    """The inline nodes of one run of text (a paragraph, a heading, a cell), with the HTML tags among them."""

    def __init__(self, reader: Reader, lang: str, figures: bool):
        super().__init__(reader, lang)
        self.figures = figures

    @property
    def at_top(self) -> bool:
        """No element is open: a picture here may stand apart as a figure."""
        return len(self.tree.stack) == 1

    def last(self) -> Any:
        """The last model node added where the text goes now, for attributes straight after bold text."""
        children = self.tree.stack[-1].children
        return children[-1].nodes[-1] if children and isinstance(children[-1], Made) and children[-1].nodes else None

    def html(self, html: str) -> None:
        if not comment_only(html):
            self.tree.feed(html, self.reader.line)

    def finish(self) -> list[Any]:
        made = self._made()
        return made if made is not None else _Mapper(self.reader).inlines(self.tree.root.children, self.base,
                                                                          figures=self.figures)


class _Mapper:
    """A tree of elements made into model nodes."""

    def __init__(self, reader: Reader):
        self.reader = reader

    # ---- blocks ---------------------------------------------------------------------------------

    def blocks(self, children: list[Any], lang: str) -> list[Block]:
        blocks: list[Block] = []
        pending: list[Any] = []

        def flush() -> None:
            if pending:
                blocks.extend(self.reader.paragraphs(list(pending), lang))
                pending.clear()

        for child in children:
            if isinstance(child, Made):
                if child.nodes and not _is_block(child.nodes[0]):
                    pending.extend(child.nodes)
                    continue
                flush()
                blocks.extend(child.nodes)
            elif isinstance(child, Words) and "```{" in child.text and (cells := self._cells(child, lang)):
                flush()
                blocks.extend(cells)
            elif isinstance(child, Words):
                pending.extend(self._words(child, lang) if child.text.strip() else
                               ([Text(" ", self.reader.source(child.line), lang)] if pending else []))
            elif child.name in BLOCKS:
                flush()
                blocks.extend(self.block(child, lang))
            else:
                pending.extend(self.inline(child, lang, figures=True))
        flush()
        return blocks

    def _cells(self, words: Words, lang: str) -> list[Block]:
        """Code cells written inside HTML (R Markdown's `<figure>` around a ```` ```{r} ```` cell): knitr runs them
        before the Markdown is read, so they are read as cells, not shown as text; the words around stay words."""
        blocks: list[Block] = []
        at = 0
        for cell in CELL_IN_TEXT.finditer(words.text):
            before = words.text[at:cell.start()]
            if before.strip():
                blocks.extend(self.reader.paragraphs(self._words(Words(before, words.line + words.text.count(
                    "\n", 0, at)), lang), lang))
            line = words.line + words.text.count("\n", 0, cell.start())
            tree = SyntaxTreeNode(self.reader.parser.parse("\n" * (line - 1) + cell.group(0), {}))
            blocks.extend(self.reader.blocks(list(tree.children), lang))
            at = cell.end()
        if at and words.text[at:].strip():
            blocks.extend(self.reader.paragraphs(self._words(Words(words.text[at:], words.line + words.text.count(
                "\n", 0, at)), lang), lang))
        return blocks

    def block(self, element: Element, lang: str) -> list[Block]:
        name, line = element.name, element.line
        inner_lang = self._lang(element, lang)
        source = self.reader.source(line)
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            children = self.inlines(element.children, inner_lang)
            return self.reader.make_heading(int(name[1]), children, {"id": element.attrs.get("id", "")}, line,
                                            inner_lang)
        if name == "hr":
            return [Rule(source, lang)]
        if name == "pre":  # a line break straight after <pre> is not part of the text (HTML's rule)
            first = element.children[0] if element.children else None
            text = _text_of(element)[1 if isinstance(first, Words) and first.text.startswith("\n") else 0:]
            text = text.rstrip("\n")
            return [CodeBlock(text, "", source, inner_lang)] if text.strip() else []
        if name == "p":
            return self.reader.paragraphs(self.inlines(element.children, inner_lang, figures=True), inner_lang)
        return self.reader.nested(line, lambda: self._container(element, inner_lang))

    def _container(self, element: Element, lang: str) -> list[Block]:
        name, line = element.name, element.line
        source = self.reader.source(line)
        if name == "blockquote":
            return [Quote(self.blocks(element.children, lang), source, lang)]
        if name in ("ul", "ol", "menu"):
            items = [ListItem(self.blocks(child.children, self._lang(child, lang)), self.reader.source(child.line),
                              self._lang(child, lang)) for child in _elements(element, "li")]
            start = int(element.attrs["start"]) if element.attrs.get("start", "").isdigit() else 1
            return [ListBlock(name == "ol", items, source, lang, start)] if items else []
        if name == "dl":
            return self._definitions(element, lang)
        if name == "table":
            return self._table(element, lang)
        if name == "details":
            summary = next(iter(_elements(element, "summary")), None)
            title = self.inlines(summary.children, lang) if summary else []
            rest = [child for child in element.children if child is not summary]
            kind = boxes.kind_of(plain_text(title).strip(" :.!?").lower()) if title else boxes.GENERIC
            return [Container(kind, "details", title, self.blocks(rest, lang), source, lang)]
        if name == "figure":
            return self._figure(element, lang)
        if name == "aside":
            return [Container("note", "aside", [], self.blocks(element.children, lang), source, lang)]
        kind = next((boxes.kind_of(word) for word in element.attrs.get("class", "").split()
                     if boxes.kind_of(word) != boxes.GENERIC), None)
        blocks = self.blocks(element.children, lang)
        if kind:  # <div class="admonition note">, as Sphinx and others write a box
            title: list = []
            if blocks and isinstance(blocks[0], Heading):
                title = blocks.pop(0).children
            return [Container(kind, element.attrs["class"].split()[0], title, blocks, source, lang)]
        return blocks

    def _figure(self, element: Element, lang: str) -> list[Block]:
        caption = next(iter(_elements(element, "figcaption")), None)
        rest = [child for child in element.children if child is not caption]
        blocks = self.blocks(rest, lang)
        caption_text = plain_text(self.inlines(caption.children, lang)).strip() if caption else ""
        figures = [block for block in blocks if isinstance(block, Figure)]
        if caption_text and len(figures) == 1 and not figures[0].title:
            figures[0].title = caption_text
        elif caption_text:
            blocks.append(Paragraph([Text(caption_text, self.reader.source(caption.line), lang)],
                                    self.reader.source(caption.line), lang))
        return blocks

    def _definitions(self, element: Element, lang: str) -> list[Block]:
        items: list[Definition] = []
        for child in element.children:
            if isinstance(child, Element) and child.name == "dt":
                items.append(Definition(self.inlines(child.children, lang), [], self.reader.source(child.line), lang))
            elif isinstance(child, Element) and child.name == "dd" and items:
                items[-1].definitions.append(self.blocks(child.children, lang))
        return [DefinitionList(items, self.reader.source(element.line), lang)] if items else []

    def _table(self, element: Element, lang: str) -> list[Block]:
        rows: list[tuple[bool, list[Cell]]] = []
        for row in _rows(element):
            cells = []
            for cell in _elements(row, "td", "th"):
                if set(cell.attrs) & {"colspan", "rowspan"}:
                    self.reader.warning(cell.line, "a table cell joined across columns or rows is shown in its own "
                                                   "place: give each cell its own words", "table.complex")
                words = self.inlines(cell.children, self._lang(cell, lang))
                cells.append(Cell(words, self.reader.source(cell.line), lang, cell.attrs.get("align")))
            if cells:
                rows.append((any(c.name == "th" for c in _elements(row, "th")) or row.attrs.get("#head") == "1",
                             cells))
        fostered = self._fostered(element, lang)
        if not rows:
            return fostered
        width = max(len(cells) for _, cells in rows)
        padded = [cells + [Cell([], cells[-1].source, lang)] * (width - len(cells)) for _, cells in rows]
        caption = next(iter(_elements(element, "caption")), None)
        # A table whose first row is not <th> cells has no header row: a layout table, read row by row.
        header, body = (padded[0], padded[1:]) if rows[0][0] else ([], padded)
        table = [*fostered, Table(header, body, self.reader.source(element.line), lang)]
        if caption:
            words = self.inlines(caption.children, lang)
            return [Paragraph(words, self.reader.source(caption.line), lang), *table] if words else table
        return table

    def _fostered(self, table: Element, lang: str) -> list[Block]:
        """Blocks written inside a table but outside its cells (Markdown between rows): a browser shows them
        before the table, and so does every format."""
        found: list[Block] = []
        for child in table.children:
            if isinstance(child, Made):
                found.extend(node for node in child.nodes if _is_block(node))
            elif isinstance(child, Element) and child.name in ("thead", "tbody", "tfoot", "tr"):
                found.extend(self._fostered(child, lang))
        return found

    # ---- inlines --------------------------------------------------------------------------------

    def inlines(self, children: list[Any], lang: str, figures: bool = False) -> list[Any]:
        found: list[Any] = []
        for child in children:
            if isinstance(child, Made):
                found.extend(_as_inlines(child.nodes))
            elif isinstance(child, Words):
                found.extend(self._words(child, lang))
            else:
                found.extend(self.inline(child, lang, figures))
        return found

    def inline(self, element: Element, lang: str, figures: bool = False) -> list[Any]:
        name, line = element.name, element.line
        inner_lang = self._lang(element, lang)
        source = self.reader.source(line)
        if name in BLOCKS:  # a block inside text (<p> in a cell): its words, on a line of their own
            words = self.inlines(element.children, inner_lang)
            return [LineBreak(source, lang), *words, LineBreak(source, lang)] if words else []
        inner = lambda: self.inlines(element.children, inner_lang)  # noqa: E731
        if name == "br":
            return [LineBreak(source, lang)]
        if name in ("wbr",):
            return []
        if name == "img":
            saved, self.reader.line = self.reader.line, line
            try:
                attrs = {k: v for k, v in element.attrs.items() if k in ("lang", "width", "height", "align", "class")}
                return self.reader.picture(element.attrs.get("src", ""), element.attrs.get("alt", "").strip(),
                                           element.attrs.get("title"), attrs, lang, figures)
            finally:
                self.reader.line = saved
        if name in ("strong", "b"):
            return [Strong(inner(), source, inner_lang)]
        if name in ("em", "i"):
            return [Emphasis(inner(), source, inner_lang)]
        if name in ("code", "tt", "samp", "var"):
            return [Code(_text_of(element), source, inner_lang)]
        if name in PHRASES:
            return [Phrase(PHRASES[name], inner(), source, inner_lang, element.attrs.get("title") or None)]
        if name == "a" and element.attrs.get("href"):
            saved, self.reader.line = self.reader.line, line
            try:
                return self.reader.link(element.attrs["href"], inner(), source, inner_lang)
            finally:
                self.reader.line = saved
        if name in ("audio", "video", "textarea"):
            self.reader.warning(line, f"<{name}> cannot be used in print, braille or audio, so only the words "
                                      "inside it are shown: describe what it holds, or link to it", "markdown.html")
        elif name not in PLAIN:
            self.reader.warning(line, f"<{name}> is not HTML this builder knows, so only its words are shown",
                                "markdown.html")
        return inner()

    def _words(self, words: Words, lang: str) -> list[Any]:
        """Words written in HTML, with their own line (and what the dialects rewrite in text, as in Markdown)."""
        saved, self.reader.line = self.reader.line, words.line
        try:
            return self.reader.text(words.text, lang)
        finally:
            self.reader.line = saved

    def _lang(self, element: Element, lang: str) -> str:
        tag = element.attrs.get("lang") or element.attrs.get("xml:lang")
        return self.reader.language({"lang": tag}, lang, element.line) if tag else lang


def _is_block(node: Any) -> bool:
    return isinstance(node, (Heading, Paragraph, ListBlock, Table, Figure, Quote, Rule, CodeBlock, Container,
                             DefinitionList))


def _as_inlines(nodes: list[Any]) -> list[Any]:
    """Model nodes in a run of text: blocks the Markdown made inside an HTML element that holds text become
    their words."""
    found: list[Any] = []
    for node in nodes:
        if _is_block(node):
            found.extend(getattr(node, "children", []) if isinstance(node, (Paragraph, Heading)) else
                         [Text(plain_text(getattr(node, "children", [])), node.source, node.lang)])
        else:
            found.append(node)
    return found


def _elements(element: Element, *names: str) -> list[Element]:
    return [child for child in element.children if isinstance(child, Element) and child.name in names]


def _rows(table: Element) -> list[Element]:
    rows = []
    for child in table.children:
        if isinstance(child, Element) and child.name == "tr":
            rows.append(child)
        elif isinstance(child, Element) and child.name in ("thead", "tbody", "tfoot"):
            for row in _elements(child, "tr"):
                if child.name == "thead":
                    row.attrs["#head"] = "1"
                rows.append(row)
    return rows


def _text_of(element: Element) -> str:
    parts = []
    for child in element.children:
        if isinstance(child, Words):
            parts.append(child.text)
        elif isinstance(child, Element):
            parts.append("\n" if child.name == "br" else _text_of(child))
        elif isinstance(child, Made):
            parts.append("".join(plain_text([n]) if not _is_block(n) else plain_text(getattr(n, "children", []))
                                 for n in child.nodes))
    return "".join(parts)
