"""Word documents built from built-in styles, so screen readers and Word's navigation pane see the
structure; large body text, real lists, repeating table headers, alt text, language and direction."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path
from typing import Any, Mapping

from builder.editions import site_address, site_words
from builder.locale import Locale
from builder.model import (Block, Code, CodeBlock, Container, Course, DefinitionList, Emphasis, Figure, Group,
                           Heading, Inline, LineBreak, Link, ListBlock, Module, NoteRef, Paragraph, Phrase, Quote, Rule,
                           Strong, Table, Text, plain_text)
from builder import walk
from builder.options import PRINT_SIZE, Option
from builder.svg import in_scheme
from builder.text import left_to_right_spans, one_line
from builder.writers.base import BaseWriter, OutputFile, WriterError

TEXT_WIDTH_MM = 170  # A4 less two 20 mm margins
EASY_READ_PICTURE_MM = 45  # an Easy Read picture, beside its sentences (UK guidance: 4 to 5 cm)
MAX_PICTURE_HEIGHT_MM = 200
BULLET_LIST, NUMBERED_LIST = 90, 91  # our abstractNum ids, clear of the template's


def _undrawable(figure, failed: Exception) -> WriterError:
    """A picture the drawing library could not draw (uses that point at each other, sizes scaled past what
    it can hold), as the trainer's error at the picture's line."""
    return WriterError(f"picture '{figure.src}' could not be drawn for Word ({type(failed).__name__}): simplify "
                       "it (shapes that use each other in a loop, or sizes scaled thousands of times)", figure.source)


class Writer(BaseWriter):
    name = "docx"
    description = "Word document built from styles: editable, navigable by headings, large text"
    offer = ("Word document, {size} point", "to read on a computer, or to change the text size, font and colours")
    options = (
        Option("size", "body text size in points (headings are larger)", 18, kind="int", minimum=12, maximum=48),
    )
    choices = {PRINT_SIZE: "size"}
    pack_step = "print or give the Word file"
    cache_folders = ("drawings",)
    cost = 0.3

    def write(self, course: Course, locale: Locale, options: Mapping[str, Any]) -> list[OutputFile]:
        size = options["size"]
        data = WordDocument(course, locale, size, self.cache_dir).build()
        return [OutputFile(f"{course.config.slug}.docx", data, {"size": size})]


def _look_up_styles_once(document) -> None:
    """python-docx finds a style by its name by reading every style, and the style type's default again,
    each time a paragraph or run is given one (0.7 s of the sample's 1.6 s): the style list is read once
    per document, after the styles are set. A name not found there is left to python-docx, which says why."""
    part = document.part
    look_up = part.get_style_id
    ids: dict[tuple[str, object], str] = {}
    defaults: dict[object, str] = {}
    for style in document.styles:
        ids.setdefault((style.name, style.type), style.style_id)  # the first of a name, as in python-docx
        if style.element.default:
            defaults[style.type] = style.style_id  # the last default of a type counts, as in python-docx

    def get_style_id(style, style_type):
        if not isinstance(style, str) or (style, style_type) not in ids:
            return look_up(style, style_type)
        found = ids[style, style_type]
        return None if found == defaults.get(style_type) else found

    part.get_style_id = get_style_id


def _add_run(paragraph, text: str, style: str | None = None):
    """`paragraph.add_run`, with text that holds no tab or line break set in one piece (python-docx looks at
    it a character at a time: 17,000 calls for the sample)."""
    if "\t" in text or "\n" in text or "\r" in text:
        return paragraph.add_run(text, style=style)
    run = paragraph.add_run(style=style)
    if text:
        run._r.add_t(text)
    return run


class WordDocument:
    """Walks the model once, adding paragraphs, runs, lists and tables to a python-docx Document."""

    def __init__(self, course: Course, locale: Locale, size: int, cache_dir: Path | None = None):
        import docx

        from builder.writers.word.styles import apply_styles

        self.course = course
        self.locale = locale
        self.lang = locale.tag
        self.size = size
        self.cache_dir = cache_dir  # where drawn pictures are kept between builds
        self.rtl = locale.rtl
        self.labels = locale.labels
        self.document = docx.Document()
        self.numbering = self.document.part.numbering_part.element
        self.bookmarks: dict[str, str] = {}  # model anchor -> Word bookmark name
        self.next_bookmark = 1
        self.level = 1  # the level of the heading the text is under, for a box's own heading
        self.box_depth = 0  # how many boxes the text is inside
        self.here = self.document._body  # where blocks go: the body, or the cell of the box they are in
        self.width_mm = TEXT_WIDTH_MM  # the width of the text there
        self.box_tables: set = set()  # each box's w:tbl (lxml keeps one proxy per element while it is referenced)
        self.second_rows: dict = {}  # a box's first cell -> what starts its second row (_box)
        apply_styles(self.document, locale, size)
        _look_up_styles_once(self.document)

    def build(self) -> bytes:
        from builder.writers.word import ooxml

        font = self.locale.font.family
        ooxml.add_list_definitions(self.numbering, False, BULLET_LIST, font)
        ooxml.add_list_definitions(self.numbering, True, NUMBERED_LIST, font)
        self._page_setup()
        self._name_bookmarks()
        self._cover()
        self._contents()
        for module in self.course.modules:
            heading = self._paragraph(style="Heading 1")
            self._inlines(heading, module.title, module.lang)
            self._bookmark(heading, module.anchor)
            self.level = 1
            if module.summary:
                self._inlines(self._paragraph(), [Text(module.summary, module.source, module.lang)],
                              module.lang)
            if module.duration:
                paragraph = self._paragraph()
                paragraph.add_run(f"{self.labels['duration']}: ", style="Strong")
                paragraph.add_run(module.duration)
            self._blocks(module.blocks, module.lang)
            self._notes(module)
        self._properties()
        out = io.BytesIO()
        self.document.save(out)
        return ooxml.fixed_zip(out.getvalue(), {
            "docProps/app.xml": (r"<Application>.*?</Application>",
                                 "<Application>Accessible Training Builder</Application>"),
        })

    # ---- document parts ------------------------------------------------------------------------

    def _page_setup(self) -> None:
        from docx.shared import Mm

        from builder.writers.word import ooxml

        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(20))
        if self.rtl:
            ooxml.set_child(section._sectPr, "w:bidi")
        ooxml.word_2013_layout(self.document.settings.element)
        footer = section.footer.paragraphs[0]
        footer.style = self.document.styles["Footer"]
        ooxml.add_field(footer, "PAGE", "1")

    def _name_bookmarks(self) -> None:
        """Word bookmark names: a letter first, letters, digits and _ only, at most 40 characters."""
        for number, module in enumerate(self.course.modules, 1):
            self.bookmarks[module.anchor] = f"m{number}"
            for index, anchor in enumerate(_anchors(module.blocks), 1):
                self.bookmarks[anchor] = f"m{number}_h{index}"
            for note in module.notes:
                self.bookmarks[note.anchor] = f"m{number}_n{note.number}"

    def _cover(self) -> None:
        config = self.course.config
        self.document.add_paragraph(config.title, style="Title")
        if config.subtitle:
            self.document.add_paragraph(config.subtitle, style="Subtitle")
        if self.course.credit:
            self.document.add_paragraph(self.course.credit)
        self.document.add_paragraph(_left_to_right(config.organisation) if self.locale.rtl else config.organisation)
        self.document.add_paragraph(self.locale.date(config.publication_date()))
        note = self.document.add_paragraph()
        note.add_run(self.labels["word_version"].format(size=self.size), style="Strong")
        address = site_address(self.course)
        if address:  # the version's page on the published site, to listen to it too (`make site`)
            source, lang = self.course.modules[0].source, self.course.lang
            self._inlines(self.document.add_paragraph(), [Text(site_words(self.labels) + " ", source, lang),
                                                          Link(address, [Text(address, source, lang)], source, lang)],
                          lang)
        for tag, text in self.locale.notices(self.course.machine_translated, self.course.untranslated):
            self._inlines(self.document.add_paragraph(), [Strong([Text(text, self.course.modules[0].source, tag)],
                                                                 self.course.modules[0].source, tag)], tag)

    def _contents(self) -> None:
        from builder.writers.word import ooxml

        self.document.add_paragraph(self.labels["contents"], style="TOC Heading")
        entries = []
        for module in self.course.modules:
            paragraph = self.document.add_paragraph(style="toc 1")
            entries.append(paragraph)
            runs = self._inline_runs(paragraph, module.title, module.lang, style="Hyperlink")
            ooxml.add_hyperlink(paragraph, runs, anchor=self.bookmarks[module.anchor])
        ooxml.wrap_in_toc_field(entries)

    def _properties(self) -> None:
        config = self.course.config
        when = config.publication_date()
        moment = datetime.datetime(when.year, when.month, when.day, tzinfo=datetime.timezone.utc)
        properties = self.document.core_properties
        properties.title = one_line(config.title)
        properties.subject = config.subtitle
        properties.author = config.organisation
        properties.last_modified_by = config.organisation
        properties.language = self.lang
        properties.comments = ""
        properties.keywords = ""
        properties.category = ""
        properties.content_status = ""
        properties.identifier = ""
        properties.version = ""
        properties.revision = 1
        properties.created = moment
        properties.modified = moment
        properties.last_printed = moment

    # ---- blocks ------------------------------------------------------------------------------

    def _blocks(self, blocks: list[Block], lang: str, quote: bool = False) -> None:
        for index, (block, following) in enumerate(zip(blocks, [*blocks[1:], None])):
            if isinstance(block, Group):  # Easy Read groups in a row make one table: picture, sentences
                if index == 0 or not isinstance(blocks[index - 1], Group):
                    run = blocks[index:]
                    self._groups(run[:next((n for n, b in enumerate(run) if not isinstance(b, Group)), len(run))])
                continue
            self._block(block, lang, quote)
            if isinstance(block, Paragraph) and isinstance(following, (ListBlock, Table, Figure, DefinitionList)):
                # "We will look at:" stays on the page with the list, table or picture it introduces
                self.last_paragraph.paragraph_format.keep_with_next = True

    def _block(self, block: Block, lang: str, quote: bool = False) -> None:
        if isinstance(block, Heading):
            paragraph = self._paragraph(style=f"Heading {block.level}")
            self._inlines(paragraph, block.children, block.lang)
            self._bookmark(paragraph, block.anchor)
            self.level = block.level
        elif isinstance(block, Paragraph):
            paragraph = self._paragraph(style="Quote" if quote else None)
            self._inlines(paragraph, block.children, block.lang)
            self.last_paragraph = paragraph
        elif isinstance(block, ListBlock):
            self._list(block, level=0)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Figure):
            self._figure(block)
        elif isinstance(block, Quote):
            self._blocks(block.blocks, block.lang, quote=True)
        elif isinstance(block, Rule):
            self._rule()
        elif isinstance(block, CodeBlock):
            paragraph = self._paragraph(style="Code")
            run = paragraph.add_run()
            run.text = _xml_safe(block.text.replace("\t", "    "))  # python-docx makes "\n" a line break
        elif isinstance(block, Container):
            self._box(block)
        elif isinstance(block, DefinitionList):
            for item in block.items:
                term = self._paragraph(style="Definition Term")
                self._inlines(term, item.term, item.lang)
                for definition in item.definitions:
                    self._indented(definition, item.lang)
        else:
            raise TypeError(f"no Word output for {type(block).__name__}")

    def _indented(self, blocks: list[Block], lang: str) -> None:
        """Blocks set in from the margin (a definition, a note), paragraphs in the List Continue style."""
        for child in blocks:
            if isinstance(child, Paragraph):
                self._inlines(self._paragraph(style="List Continue"), child.children, child.lang)
            else:
                self._block(child, lang)

    def _box(self, box: Container) -> None:
        """A box: a table of one column drawn with the box's line (boxes.py), holding its label as a heading one
        level below the text around it, then its blocks, tables and boxes inside it included."""
        from builder.writers.word import boxes

        label, _ = self.locale.box(box.kind)
        table = self._new_table(1, 1)
        outer = self.here, self.width_mm, self.level
        self.here, self.width_mm = _emptied(table.cell(0, 0)), self.width_mm - 2 * boxes.PADDING_MM
        self.level = min(self.level + 1, 5)
        self.box_depth += 1
        heading = self._paragraph(style=f"Heading {self.level}")
        if label:
            heading.add_run(f"{label}: " if box.title else label)
        self._inlines(heading, box.title, box.lang)
        if box.anchor:
            self._bookmark(heading, box.anchor)

        def second_row() -> None:  # the rest of the box, which LibreOffice may break across pages (boxes.py)
            self._after_table()
            self.here = _emptied(table.add_row().cells[0])

        self.second_rows[self.here._element] = second_row  # after the heading and one paragraph or table
        self._blocks(box.blocks, box.lang)
        self.second_rows.pop(self.here._element, None)
        self._after_table()
        self.here, self.width_mm, self.level = outer
        self.box_depth -= 1
        name = ": ".join(part for part in (label, plain_text(box.title)) if part)
        boxes.draw_box(table, self.width_mm, boxes.line_of(box.kind, self.box_depth), name)
        self.box_tables.add(table._tbl)

    def _paragraph(self, style: str | None = None):
        """A new paragraph where the text is (the body or a box), set apart from a box just before it."""
        from docx.shared import Pt

        self._next_row_if_due()
        paragraph = self.here.add_paragraph(style=style)
        if paragraph._p.getprevious() in self.box_tables:
            paragraph.paragraph_format.space_before = Pt(self.size)
        return paragraph

    def _new_table(self, rows: int, columns: int):
        """A table where the text is, as wide as the text there, its columns right to left in a right-to-left
        version; after a paragraph if a table is just before it (Word would join the two)."""
        from docx.blkcntnr import BlockItemContainer
        from docx.shared import Mm

        from builder.writers.word import ooxml

        self._next_row_if_due()
        self._after_table()
        # BlockItemContainer's own, for a cell's would add an empty paragraph after the table
        table = BlockItemContainer.add_table(self.here, rows, columns, Mm(self.width_mm))
        if self.rtl:
            ooxml.set_child(table._tbl.tblPr, "w:bidiVisual")
        return table

    def _next_row_if_due(self) -> None:
        """Start a box's second row before its third paragraph or table (its heading and one more are the first)."""
        from docx.oxml.ns import qn

        cell = self.here._element
        if cell in self.second_rows and len(cell.findall(qn("w:p")) + cell.findall(qn("w:tbl"))) >= 2:
            self.second_rows.pop(cell)()

    def _after_table(self) -> None:
        """After a table last where the text is, the empty paragraph Word needs before another table (it would
        join the two) and at the end of a cell: no space around it, a line of the body size (between two boxes)."""
        from docx.oxml.ns import qn
        from docx.shared import Pt

        last = next((child for child in reversed(self.here._element) if child.tag in (qn("w:p"), qn("w:tbl"))), None)
        if last is not None and last.tag == qn("w:tbl"):
            spacing = self.here.add_paragraph().paragraph_format
            spacing.space_before = spacing.space_after = Pt(0)
            spacing.line_spacing = Pt(self.size)

    def _notes(self, module: Module) -> None:
        """The module's notes after its text: a "Notes" heading, then each note numbered, as a link target."""
        from builder.writers.word import ooxml

        if not module.notes:
            return
        self._paragraph("Heading 2").add_run(self.labels["notes"])
        num_id = ooxml.new_list_instance(self.numbering, NUMBERED_LIST, module.notes[0].number)
        for note in module.notes:
            opening = next((b for b in note.blocks if isinstance(b, Paragraph)), None)
            first = self._paragraph(style="List Number")
            ooxml.set_numbering(first, num_id, 0)
            if opening:
                self._inlines(first, opening.children, opening.lang)
            self._bookmark(first, note.anchor)
            self._indented([b for b in note.blocks if b is not opening], note.lang)

    def _list(self, block: ListBlock, level: int) -> None:
        from builder.writers.word import ooxml

        level = min(level, 2)
        abstract = NUMBERED_LIST if block.ordered else BULLET_LIST
        num_id = ooxml.new_list_instance(self.numbering, abstract, block.start)
        kind = "List Number" if block.ordered else "List Bullet"
        suffix = "" if level == 0 else f" {level + 1}"
        for item in block.items:
            first = True
            for child in item.blocks:
                if isinstance(child, Paragraph):
                    style = f"{kind}{suffix}" if first else f"List Continue{suffix}"
                    paragraph = self._paragraph(style=style)
                    if first:
                        ooxml.set_numbering(paragraph, num_id, level)
                    self._inlines(paragraph, child.children, child.lang)
                    first = False
                elif isinstance(child, ListBlock):
                    self._list(child, level + 1)
                else:
                    self._block(child, item.lang)

    def _table(self, block: Table) -> None:
        from builder.writers.word import ooxml

        columns = max([len(block.header), *(len(row) for row in block.rows)])
        rows = [block.header, *block.rows] if block.header else block.rows  # a layout table has no header row
        table = self._new_table(len(rows), columns)
        table.style = self.document.styles["Table Grid"]
        if block.header:
            ooxml.repeat_header_row(table.rows[0])
        for row_index, cells in enumerate(rows):
            row = table.rows[row_index]
            header = row_index == 0 and bool(block.header)
            if not header:
                self._keep_together(row)
            for column, cell in enumerate(cells):
                paragraph = row.cells[column].paragraphs[0]
                self._inlines(paragraph, cell.children, cell.lang, style="Strong" if header else None)

    def _keep_together(self, row) -> None:
        """A row never split across pages, but in a box: LibreOffice lays a page out for ever when a row kept
        together is in a table in a box that must break across pages after a heading (a session's activity)."""
        from builder.writers.word import ooxml

        if not self.box_depth:
            ooxml.keep_row_together(row)

    def _groups(self, groups: list[Group]) -> None:
        """Easy Read groups as a borderless table of two columns, no header row: each picture (with its alt
        text) in the first column, its sentences beside it; a row never split across pages."""
        from docx.shared import Mm

        from builder.writers.word import ooxml

        table = self._new_table(len(groups), 2)
        ooxml.set_child(table._tbl.tblPr, "w:tblLook", val="0000", firstRow="0", lastRow="0", firstColumn="0",
                        lastColumn="0", noHBand="1", noVBand="1")
        for row, group in zip(table.rows, groups):
            self._keep_together(row)
            picture, text = row.cells
            picture.width, text.width = Mm(EASY_READ_PICTURE_MM + 5), Mm(self.width_mm - EASY_READ_PICTURE_MM - 5)
            self._figure(group.figure, picture.paragraphs[0], EASY_READ_PICTURE_MM)
            for number, child in enumerate(group.blocks):
                paragraph = text.paragraphs[0] if number == 0 else text.add_paragraph()
                if isinstance(child, Paragraph):
                    self._inlines(paragraph, child.children, child.lang)
        self.here.add_paragraph()  # Word joins two tables that touch

    def _figure(self, block: Figure, paragraph=None, width_mm: float | None = None) -> None:
        from docx.shared import Mm

        from builder.writers.word import ooxml

        paragraph = paragraph or self._paragraph()
        width_mm = width_mm or self.width_mm
        run = paragraph.add_run()
        if block.svg is not None:  # a PNG at print resolution for any reader, the SVG for those that draw it
            from builder.writers.word.drawing import drawing_png

            drawing = in_scheme(block.svg, "standard")
            try:
                png = drawing_png(in_scheme(block.svg, "standard", wrap=False), self.locale, width_mm, self.cache_dir)
            except (RecursionError, OverflowError, MemoryError, ArithmeticError) as failed:
                raise _undrawable(block, failed) from None
            except Exception as failed:  # noqa: BLE001 - CairoSVG's and cairo's own errors have no common class
                if type(failed).__module__.split(".")[0] not in ("cairosvg", "cairocffi"):
                    raise
                raise _undrawable(block, failed) from None
            picture = run.add_picture(io.BytesIO(png), width=Mm(width_mm))
            ooxml.add_svg(picture, self.document.part, drawing.encode("utf-8"))
        else:
            picture = run.add_picture(str(block.path), width=Mm(width_mm))
        if picture.height > Mm(MAX_PICTURE_HEIGHT_MM):
            ratio = Mm(MAX_PICTURE_HEIGHT_MM) / picture.height
            picture.height = Mm(MAX_PICTURE_HEIGHT_MM)
            picture.width = int(picture.width * ratio)
        ooxml.alt_text(picture, block.alt)
        if block.title:
            paragraph.paragraph_format.keep_with_next = True
            self._inlines(self._paragraph(style="Caption"),
                          [Text(block.title, block.source, block.lang)], block.lang)

    def _rule(self) -> None:
        """A change of topic: a line under the previous paragraph, never an empty paragraph."""
        from builder.writers.word import ooxml

        previous = self.here.paragraphs[-1]
        borders = ooxml.set_child(previous._p.get_or_add_pPr(), "w:pBdr")
        borders.append(ooxml.element("w:bottom", val="single", sz="12", space="12", color="444444"))

    def _bookmark(self, paragraph, anchor: str) -> None:
        from builder.writers.word import ooxml

        ooxml.add_bookmark(paragraph, self.next_bookmark, self.bookmarks[anchor])
        self.next_bookmark += 1

    # ---- inlines -----------------------------------------------------------------------------

    def _inlines(self, paragraph, nodes: list[Inline], lang: str, style: str | None = None) -> None:
        from builder.writers.word import ooxml

        if lang != self.lang:
            ooxml.set_child(paragraph._p.get_or_add_pPr(), "w:bidi", val="1" if self.locale.of(lang).rtl else "0")
        self._inline_runs(paragraph, nodes, lang, style)

    def _inline_runs(self, paragraph, nodes: list[Inline], lang: str, style: str | None = None) -> list:
        """Add runs for `nodes` to the paragraph and return them (links wrap theirs in a hyperlink)."""
        from builder.writers.word import ooxml

        runs = []
        for node in nodes:
            if isinstance(node, (Text, Code)):
                text = _xml_safe(node.text)
                run = _add_run(paragraph, _left_to_right(text) if self.locale.of(node.lang).rtl else text, style)
                if node.lang != self.lang:
                    ooxml.set_run_language(run._r.get_or_add_rPr(), node.lang, self.locale.of(node.lang).rtl)
                runs.append(run)
            elif isinstance(node, (Strong, Emphasis)):
                runs.extend(self._inline_runs(paragraph, node.children, node.lang, style or "Strong"))
            elif isinstance(node, Phrase):
                inner = self._inline_runs(paragraph, node.children, node.lang,
                                          style or ("Strong" if node.kind == "kbd" else None))
                for run in inner:
                    _phrase_look(run, node.kind, self.size)
                runs.extend(inner)
            elif isinstance(node, LineBreak):
                run = paragraph.add_run(style=style)
                run.add_break()
                runs.append(run)
            elif isinstance(node, NoteRef):
                run = paragraph.add_run(" (" + self.labels["note_ref"].format(number=node.number) + ")",
                                        style="Hyperlink")
                ooxml.add_hyperlink(paragraph, [run], anchor=self.bookmarks.get(node.anchor))
                runs.append(run)
            elif isinstance(node, Link):
                link_runs = self._inline_runs(paragraph, node.children, node.lang, "Hyperlink")
                if node.module:
                    target = f"{node.module}-{node.fragment}" if node.fragment else f"module-{node.module}"
                    ooxml.add_hyperlink(paragraph, link_runs, anchor=self.bookmarks.get(target))
                else:
                    ooxml.add_hyperlink(paragraph, link_runs, url=node.href)
                runs.extend(link_runs)
            else:
                raise TypeError(f"no Word output for {type(node).__name__}")
        return runs


def _left_to_right(text: str) -> str:
    """Right-to-left text with each phone number and web address between left-to-right marks (U+200E): Word
    orders them as the sentence around them otherwise ("123 116" for 116 123)."""
    parts, position = [], 0
    for start, end, _ in left_to_right_spans(text):
        parts += [text[position:start], LRM, text[start:end], LRM]
        position = end
    return "".join(parts) + text[position:]


LRM = "\u200e"


def _emptied(cell):
    """A new cell without the empty paragraph python-docx gives it: the box's own blocks come first."""
    for paragraph in cell.paragraphs:
        cell._tc.remove(paragraph._p)
    return cell


def _anchors(blocks: list[Block]) -> list[str]:
    """Every heading's anchor, and every box's that took its title from a heading, in order."""
    return [node.anchor for node in walk.blocks(blocks) if isinstance(node, (Heading, Container)) and node.anchor]


def _phrase_look(run, kind: str, size: int) -> None:
    """How Word shows words HTML marks: raised or lowered at the body size (Word's own superscript shrinks
    them below large print), highlighted, struck out; a key is bold, as the web page shows it."""
    from docx.enum.text import WD_COLOR_INDEX

    from builder.writers.word import ooxml

    if kind in ("sup", "sub"):
        half_points = round(size * 0.7) * (1 if kind == "sup" else -1)
        ooxml.set_child(run._r.get_or_add_rPr(), "w:position", val=str(half_points))
    elif kind == "mark":
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    elif kind == "del":
        run.font.strike = True


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f]")  # all below a space but tab and line feed


def _xml_safe(text: str) -> str:
    """python-docx refuses control characters that XML cannot hold; they carry no meaning here."""
    return CONTROL_CHARACTERS.sub("", text)
