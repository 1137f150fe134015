"""Block Markdown (headings, paragraphs, lists, quotes, tables, code, boxes) read into model nodes."""

from __future__ import annotations

import re
from typing import Any, Callable

from markdown_it.tree import SyntaxTreeNode

from builder import boxes
from builder.config import slugify
from builder.locale import locale_for
from builder.model import (Block, Cell, CodeBlock, Container, Definition, DefinitionList, Figure, Heading, Inline,
                           LineBreak, ListBlock, ListItem, Paragraph, Quote, Rule, Table, Text, plain_text)
from builder.reader.attributes import box_heading, parse_attributes
from builder.reader.base import MAX_NESTING
from builder.reader.syntax import node_line
from builder.reader.html import BlockFlow
from builder.reader.inlines import InlineReader, tidy
from builder.timing import minutes

_ATTRIBUTES_TAIL = re.compile(r"(\{:?[^{}]*\})\s*")  # `{lang=pl}` at a heading's end, from its opening brace
_BOX_IN_CELL = re.compile(r"^\s*:{3,}\s*")
_BARE_BOX_LINE = re.compile(r"^\s*:{3,}\s*$")
# Nodes that hold blocks, and the method that reads each (no deeper than MAX_NESTING)
_NESTED = {"bullet_list": "list", "ordered_list": "list", "blockquote": "quote", "box": "box", "dl": "definitions",
           "table": "table"}


class BlockReader(InlineReader):
    """Block nodes: each kind of syntax-tree node to model nodes, asking the dialects first."""

    def blocks(self, nodes: list[SyntaxTreeNode], lang: str) -> list[Block]:
        if not any(node.type == "html_block" for node in nodes):  # most blocks have no HTML among them
            return [block for node in nodes for block in self.block(node, lang)]
        flow = BlockFlow(self, lang)
        for node in nodes:
            if node.type == "html_block":
                flow.html(node.content, node_line(node, self.line))
            else:
                flow.add(self.block(node, flow.lang))
        return flow.finish()

    def block(self, node: SyntaxTreeNode, lang: str) -> list[Block]:
        self.node_lines.append(node.map)  # a box records the lines of the node it is made from
        try:
            return self._block(node, lang)
        finally:
            self.node_lines.pop()

    def _block(self, node: SyntaxTreeNode, lang: str) -> list[Block]:
        for rule in self.block_rules.get(node.type, ()):
            found = rule(self, node, lang)
            if found is not None:
                return found
        kind = node.type
        line = node_line(node, self.line)
        if kind == "heading":
            return self.heading(node, lang)
        if kind == "paragraph":
            return self.paragraph(node, lang)
        if kind in ("fence", "code_block"):
            return self.code(node, lang, line)
        if kind == "hr":
            return [Rule(self.source(line), lang)]
        if kind == "footnote_anchor":  # the back link markdown-it adds where a note does not end with a
            return []  # paragraph (a box closes it): every format makes its own
        if kind in _NESTED:
            read: Callable[[SyntaxTreeNode, str, int], list[Block]] = getattr(self, _NESTED[kind])
            return self.nested(line, lambda: read(node, lang, line))
        self.warning(line, f"'{kind}' is not a kind of Markdown this builder knows: its words are shown as they are",
                     "markdown.unsupported")
        return self.blocks(list(node.children), lang)

    def nested(self, line: int, read: Callable[[], list[Block]]) -> list[Block]:
        """Read something that holds blocks, no deeper than anyone could follow."""
        if self.depth >= MAX_NESTING:
            self.error(line, f"quotes, lists or boxes are nested more than {MAX_NESTING} deep here: nobody can "
                             "follow that; take some levels out", "markdown.nesting")
            return []
        self.depth += 1
        try:
            return read()
        finally:
            self.depth -= 1

    # ---- headings -------------------------------------------------------------------------------

    def heading(self, node: SyntaxTreeNode, lang: str) -> list[Block]:
        line = node_line(node, self.line)
        inline, attributes = self.heading_attributes(node)
        heading_lang = self.language(attributes, lang, line)
        children = self.inlines(inline, line, heading_lang)
        return self.make_heading(int(node.tag[1]), children, attributes, line, heading_lang)

    def make_heading(self, level: int, children: list[Inline], attributes: dict[str, str], line: int,
                     lang: str) -> list[Block]:
        """A heading at the level its author wrote (the module evens levels out once it is all read), with an
        anchor unique in the module, and any MyST labels written above it. A heading with no words (a Quarto
        slide's `## {background-image=...}`) shows nothing, and is no heading."""
        if not plain_text(children).strip():
            return []
        section_minutes = self.minutes(attributes["duration"], line) if "duration" in attributes else None
        base = f"{self.slug}-{slugify(attributes.get('id') or plain_text(children))}"
        anchor = self.unique_anchor(base)
        for label in self.pending_labels:
            self.labels[label] = anchor.removeprefix(f"{self.slug}-")
        self.pending_labels.clear()
        heading = Heading(level, children, anchor, self.source(line), lang, section_minutes)
        self.anchor_bases[id(heading)] = base
        return [heading]

    def unique_anchor(self, base: str) -> str:
        """`base`, or `base-2`, `base-3`... : the first not yet taken in the module (counted on from the last)."""
        count = self.anchor_counts.get(base, 1)
        anchor = base if count == 1 else f"{base}-{count}"
        while anchor in self.anchors:
            count += 1
            anchor = f"{base}-{count}"
        self.anchor_counts[base] = count
        self.anchors.add(anchor)
        return anchor

    def heading_attributes(self, node: SyntaxTreeNode) -> tuple[list[SyntaxTreeNode], dict[str, str]]:
        """A heading's inline nodes, and its `{lang=pl}` (written at the end of the heading, as in Pandoc)."""
        inline = list(node.children[0].children) if node.children else []
        attributes = dict(node.attrs)
        if inline and inline[-1].type == "text":
            text = inline[-1].content
            # found from the last opening brace: a search from each space of a long run before it took
            # time growing with the square of the run (issue 38)
            opening = text.rfind("{")
            found = _ATTRIBUTES_TAIL.fullmatch(text, opening) if opening >= 0 else None
            parsed = parse_attributes(found.group(1)) if found else None
            if parsed is not None:
                inline[-1].token.content = text[:opening].rstrip()  # type: ignore[union-attr]
                attributes.update(parsed)
        return inline, attributes

    # ---- paragraphs and pictures -----------------------------------------------------------------

    def paragraph(self, node: SyntaxTreeNode, lang: str) -> list[Block]:
        """A paragraph; pictures in it become figures of their own, between the text around them."""
        line = node_line(node, self.line)
        inline = list(node.children[0].children) if node.children else []
        attributes = dict(node.attrs)
        # `{lang=pl}` on the line under the paragraph (the attribute list syntax this builder always read)
        if inline and inline[-1].type == "text" and (len(inline) == 1 or inline[-2].type == "softbreak"):
            parsed = parse_attributes(inline[-1].content)
            if parsed is not None:
                if len(inline) == 1:
                    self.warning(line, f"'{inline[-1].content}' stands alone, so it is ignored: put it on the line "
                                       "straight under the paragraph it is about", "markdown.attribute")
                    return []
                attributes.update(parsed)
                inline = inline[:-2]
        inline = self._without_stray_box_ends(inline, line)
        block_lang = self.language(attributes, lang, line)
        return self.paragraphs(self.inline_run(inline, line, block_lang, figures=True), block_lang)

    def paragraphs(self, run: list[Any], lang: str) -> list[Block]:
        """A run of inline nodes as paragraphs, with each Figure in it standing apart between them."""
        blocks: list[Block] = []
        pending: list[Any] = []
        for node in run:
            if isinstance(node, Figure):
                if self.easy and pending and not isinstance(pending[-1], LineBreak) and \
                        (plain_text([n for n in pending if not isinstance(n, Figure)]).strip()):
                    self.warning(node.source.line, "a picture inside a sentence: in Easy Read each picture goes on a "
                                                   "line of its own, before the sentences it goes with",
                                 "easy.picture-in-text")
                blocks.extend(self._paragraph_of(pending, lang))
                blocks.append(node)
                pending = []
            else:
                pending.append(node)
        blocks.extend(self._paragraph_of(pending, lang))
        return blocks

    def _paragraph_of(self, run: list[Any], lang: str) -> list[Block]:
        children = tidy(run)
        if not plain_text(children).strip() and not any(not isinstance(c, (Text, LineBreak)) for c in children):
            return []
        return [Paragraph(children, children[0].source if children else self.source(self.line), lang)]

    def _without_stray_box_ends(self, inline: list[SyntaxTreeNode], line: int) -> list[SyntaxTreeNode]:
        """A `:::` line inside a paragraph closes no box: its colons are taken out, never printed (the line
        stays, empty, so that the lines after it keep their numbers)."""
        if not any(child.type == "text" and ":::" in child.content for child in inline):
            return inline
        number = line
        for index, child in enumerate(inline):
            if child.type in ("softbreak", "hardbreak"):
                number += 1
            alone = (index == 0 or inline[index - 1].type in ("softbreak", "hardbreak")) and \
                (index + 1 == len(inline) or inline[index + 1].type in ("softbreak", "hardbreak"))
            if child.type == "text" and alone and _BARE_BOX_LINE.match(child.content):
                self.warning(number, "':::' ends a box, but no box is open here, so the line is left out: delete "
                                     "it, or add the '::: name' line where the box starts", "box.stray-end")
                child.token.content = ""  # type: ignore[union-attr]
        return inline

    # ---- code, lists, quotes, definitions, tables --------------------------------------------------

    def code(self, node: SyntaxTreeNode, lang: str, line: int) -> list[Block]:
        if node.type == "code_block":
            self.warning(line, "this text is indented by 4 spaces or more, so it is shown as preformatted text "
                               "(like computer code): remove the indent if it is an ordinary paragraph",
                         "markdown.indented-code")
        block_lang = self.language(dict(node.attrs), lang, line)
        info = node.info.strip().split()[0] if node.info.strip() else ""
        return [CodeBlock(node.content.rstrip("\n"), info, self.source(line), block_lang)]

    def list(self, node: SyntaxTreeNode, lang: str, line: int) -> list[Block]:
        list_lang = self.language(dict(node.attrs), lang, line)
        items = []
        for item in node.children:
            item_line = node_line(item, line)
            item_lang = self.language(dict(item.attrs), list_lang, item_line)
            items.append(ListItem(self.blocks(list(item.children), item_lang), self.source(item_line), item_lang))
        ordered = node.type == "ordered_list"
        start = int(node.attrs.get("start", 1)) if ordered else 1
        return [ListBlock(ordered, items, self.source(line), list_lang, start)]

    def quote(self, node: SyntaxTreeNode, lang: str, line: int) -> list[Block]:
        quote_lang = self.language(dict(node.attrs), lang, line)
        return [Quote(self.blocks(list(node.children), quote_lang), self.source(line), quote_lang)]

    def definitions(self, node: SyntaxTreeNode, lang: str, line: int) -> list[Block]:
        items: list[Definition] = []
        for child in node.children:
            child_line = node_line(child, line)
            if child.type == "dt":
                inline = list(child.children[0].children) if child.children else []
                items.append(Definition(self.inlines(inline, child_line, lang), [], self.source(child_line), lang))
            elif child.type == "dd" and items:
                items[-1].definitions.append(self.blocks(list(child.children), lang))
        return [DefinitionList(items, self.source(line), lang)]

    def table(self, node: SyntaxTreeNode, lang: str, line: int) -> list[Block]:
        table_lang = self.language(dict(node.attrs), lang, line)
        header: list[Cell] = []
        rows: list[list[Cell]] = []
        for section in node.children:
            for row in section.children:
                cells = []
                for cell in row.children:
                    cell_line = node_line(cell.children[0], line) if cell.children else node_line(row, line)
                    inline = list(cell.children[0].children) if cell.children else []
                    if inline and inline[0].type == "text" and _BOX_IN_CELL.match(inline[0].content):
                        words = _BOX_IN_CELL.sub("", inline[0].content)
                        if boxes.kind_of((words.split() or [""])[0]) in boxes.TRAINER_ONLY:
                            # the words would reach participants: a cell cannot be left out of one edition
                            self.error(cell_line, "a ':::' trainer box cannot go inside a table cell (its words would "
                                                  "reach participants): put the box before or after the table",
                                       "box.in-table")
                        else:
                            self.warning(cell_line, "a ':::' box cannot go inside a table cell, so its colons are left "
                                                    "out: put the box before or after the table", "box.in-table")
                        inline[0].token.content = words  # type: ignore[union-attr]
                    align = re.search(r"text-align:\s*(\w+)", str(cell.attrs.get("style", "")))
                    cells.append(Cell(self.inlines(inline, cell_line, table_lang), self.source(cell_line),
                                      table_lang, align.group(1) if align else None))
                if section.type == "thead":
                    header = cells
                else:
                    rows.append(cells)
        if not any(plain_text(cell.children).strip() for cell in header):
            self.warning(line, "this table's header row is empty, so its columns have no names for a screen reader "
                               "or the audio: write the column names in its first row", "table.no-header")
        return [Table(header, rows, self.source(line), table_lang)]

    # ---- boxes ----------------------------------------------------------------------------------

    def box(self, node: SyntaxTreeNode, lang: str, line: int) -> list[Block]:
        opening = node.info
        heading = box_heading(opening)
        if not node.meta.get("closed"):
            self.warning(line, f"this '{node.markup} {opening}' box is never closed, so it runs to the end of what "
                               f"holds it: add a line '{node.markup}' where it ends", "box.unclosed")
        if heading is None:
            self.warning(line, f"the braces in '{node.markup} {opening}' cannot be read, so the box's text is shown "
                               "without a box: write it like '::: exercise' or '::: {lang=pl}'", "markdown.attribute")
            return self.blocks(list(node.children), lang)
        name, attributes, title_text = heading
        title_text = title_text or attributes.get("title", "")
        inner_lang = self.language({k: v for k, v in attributes.items() if k == "lang"}, lang, line)
        blocks = self.blocks(list(node.children), inner_lang)
        if not name:  # `::: {lang=pl}`: a passage in another language, not a box
            return blocks
        return [self.container(name, attributes, title_text, blocks, line, inner_lang)]

    def container(self, name: str, attributes: dict[str, str], title_text: str, blocks: list[Block], line: int,
                  lang: str, title: list[Inline] | None = None) -> Container:
        """A box of the kind its name says, titled by the words after its name (or `title`, read already),
        else by the heading it starts with, else (a kind not known here) by its name."""
        title = list(title or [])
        if title_text and not title:
            parsed = self.parser.parseInline(title_text)
            title = self.inlines(list(SyntaxTreeNode(parsed).children[0].children), line, lang)
        anchor = None
        if not title and blocks and isinstance(blocks[0], Heading):
            first = blocks.pop(0)  # Carpentries, MyST and GTN boxes start with their title as a heading
            title, anchor = first.children, first.anchor
        kind = boxes.kind_of(name)
        # `{.note .trainer}`: any class that says the box is for the trainer (or an answer) keeps it from
        # participants, whichever comes first (a trainer box shown as a note went to participants: issue 38)
        classes = {boxes.kind_of(other) for other in attributes.get("class", "").split()}
        if "trainer" in classes:
            kind = "trainer"
        elif "answer" in classes and kind != "trainer":
            kind = "answer"
        if boxes.guessed(name):
            edition = "the trainer edition only" if kind == "trainer" else "the trainer edition (answers are)"
            self.warning(line, f"a box named '{name}' is read as a '{kind}' box, for {edition}: name it "
                         f"'{kind}' to be sure", "box.guessed")
        title = _without_kind(title, name, locale_for(lang).box(kind)[0])
        if kind == boxes.GENERIC and not title:
            title = [Text(boxes.shown_name(name), self.source(line), lang)]
        extra = {k: v for k, v in attributes.items()
                 if k not in ("lang", "class", "id", "title", "duration", "collapse", "icon", "appearance")}
        box_minutes = self.minutes(attributes["duration"], line) if "duration" in attributes else None
        lines = self.node_lines[-1] if self.node_lines else None
        if lines:  # all of it, footnote and link definitions inside it too (markdown-it moves those out)
            self.box_lines.append((kind, lines[0] + 1, lines[1]))
        box = Container(kind, name, title, blocks, self.source(line), lang, anchor, extra, box_minutes)
        if anchor and id(first) in self.anchor_bases:  # the anchor of the heading it took its title from
            self.anchor_bases[id(box)] = self.anchor_bases[id(first)]
        return box

    def contents(self, line: int, lang: str) -> ListBlock:
        """A list of the module's sections, filled in once the module is read (kramdown's `{:toc}` list)."""
        placeholder = ListBlock(False, [], self.source(line), lang)
        self.contents_lists.append(placeholder)
        return placeholder

    def minutes(self, value: str, line: int) -> int | None:
        """A `{duration=...}` as whole minutes; anything else is reported and left out of the plan."""
        found = minutes(value)
        if found is None:
            self.warning(line, f"'{{duration={value}}}' is not a time, so it is left out of the session plan: write "
                               "the minutes as a number, e.g. {duration=15}", "plan.duration")
        return found


def _without_kind(title: list[Inline], name: str, label: str) -> list[Inline]:
    """A title that starts by naming the box's kind (GTN's "Tip: Breathe", "Questions") without that name: every
    format shows the kind's label before the title already."""
    if not title or not isinstance(title[0], Text):
        return title
    first = title[0].text.lstrip()
    for said in sorted({name.replace("_", "-"), name.replace("_", " "), label}, key=len, reverse=True):
        found = re.match(rf"{re.escape(said)}s?\s*(?::\s*|$)", first, re.IGNORECASE)
        if found and (found.end() < len(first) or len(title) == 1):
            rest = first[found.end():]
            return ([Text(rest, title[0].source, title[0].lang)] if rest else []) + title[1:]
    return title
