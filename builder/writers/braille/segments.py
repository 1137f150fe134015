"""The model turned into segments: print text for liblouis plus how each piece is laid out in braille."""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.emoji import name_emoji
from builder.locale import Locale
from builder.model import (Block, Code, CodeBlock, Container, DefinitionList, Emphasis, Figure, Group, Heading,
                           Inline, LineBreak, Link, ListBlock, Module, NoteRef, Paragraph, Phrase, Quote, Rule, Strong, Table,
                           Text, address_to_add, plain_text)
from builder.walk import blocks as walk_blocks

BOLD = 4  # liblouis typeform for the third emphasis class, which UEB tables call bold
UNCONTRACTED = 4096  # liblouis typeform no_contract: code is written letter for letter
BULLET = "⠸⠲⠀"  # the UEB bullet and a space, placed as braille so every language's table gets it right
NOTE_OPEN, NOTE_CLOSE = "⠈⠨⠣", "⠈⠨⠜"  # UEB transcriber's note indicators
LINE = "\u2028"  # where an Easy Read paragraph's line ends, while its text is one string


@dataclass
class Segment:
    """One run of text to translate, and where its lines go (indents are 0-based cells)."""

    kind: str  # heading1-3, paragraph, item, quote, note, rule, centred, code, boxtop, boxtitle, boxbottom
    text: str
    typeform: list[int] = field(default_factory=list)
    first: int = 0
    runover: int = 0
    prefix: str = ""  # braille cells placed before the translated text
    suffix: str = ""
    source: str = ""  # the print text, for the proof copy
    braille: str = ""  # filled in by translation


@dataclass
class TableSegment:
    """A table: laid out in columns when it fits the line, else one row at a time as 'header: value'."""

    header: list[Segment]
    rows: list[list[Segment]]
    pairs: list[list[Segment]]  # for each row, "header: value" segments
    source: str = ""
    kind: str = "table"


Item = Segment | TableSegment


def module_segments(module: Module, locale: Locale) -> list[Item]:
    """Everything in a module, in reading order, as segments."""
    builder = _SegmentBuilder(locale, module.easy_read)
    title_text, title_form = builder.text(module.title)
    items: list[Item] = [Segment("heading1", title_text, title_form, source=title_text)]
    if module.summary:
        items.append(Segment("paragraph", module.summary, [], 2, 0, source=module.summary))
    if module.duration:
        line = f"{builder.labels['duration']}: {module.duration}"
        items.append(Segment("paragraph", line, [], 2, 0, source=line))
    for block in module.blocks:
        items.extend(builder.block(block, level=0))
    if module.notes:
        items.append(Segment("heading2", builder.labels["notes"], source=builder.labels["notes"]))
        for note in module.notes:
            items.extend(builder.numbered(note.number, note.blocks, level=0))
    return items


def all_segments(items: list[Item]) -> list[Segment]:
    """Every segment to translate, table cells included."""
    flat: list[Segment] = []
    for item in items:
        if isinstance(item, TableSegment):
            flat.extend(item.header)
            for row in item.rows:
                flat.extend(row)
            for pairs in item.pairs:
                flat.extend(pairs)
        else:
            flat.append(item)
    return flat


class _SegmentBuilder:
    def __init__(self, locale: Locale, easy_read: bool = False):
        self.locale = locale
        self.labels = locale.labels
        self.ueb = locale.code == "en"
        self.easy_read = easy_read

    def text(self, nodes: list[Inline]) -> tuple[str, list[int]]:
        return _text_and_typeform(nodes, self.labels)

    def paragraph(self, nodes: list[Inline], kind: str, first: int, runover: int) -> list[Segment]:
        """A paragraph as one segment; in Easy Read one for each of its lines (one sentence a line, as the
        trainer wrote it), so that each sentence starts a braille line of its own."""
        if not self.easy_read:
            text, form = self.text(nodes)
            return [Segment(kind, text, form, first, runover, source=text)]
        text, form = _text_and_typeform(nodes, self.labels, line_break=LINE)
        segments, start = [], 0
        for line in text.split(LINE):
            end = start + len(line)
            if line.strip():
                segments.append(Segment(kind, line, form[start:end], first, runover, source=line))
            start = end + len(LINE)
        return segments

    def block(self, block: Block, level: int, quoted: bool = False) -> list[Item]:
        if isinstance(block, Heading):
            text, form = self.text(block.children)
            return [Segment(f"heading{block.level}", text, form, source=text)]
        if isinstance(block, Paragraph):
            if quoted:
                return self.paragraph(block.children, "quote", 2, 2)
            return self.paragraph(block.children, "paragraph", 2, 0)
        if isinstance(block, ListBlock):
            return self._list(block, level)
        if isinstance(block, Table):
            return [self._table(block)]
        if isinstance(block, Figure):  # its description as a transcriber's note, then the caption print shows
            text = f"{self.labels['picture']}: {block.alt}"
            found = [] if not block.alt else [Segment("note", text, [], 6, 4, NOTE_OPEN, NOTE_CLOSE, source=text)
                                              if self.ueb else Segment("note", f"({text})", [], 6, 4, source=text)]
            if block.title:
                found.append(Segment("paragraph", block.title, [], 2, 0, source=block.title))
            return found
        if isinstance(block, Quote):
            items: list[Item] = []
            for child in block.blocks:
                items.extend(self.block(child, level, quoted=True))
            return items
        if isinstance(block, Rule):
            return [Segment("rule", "", source="---")]
        if isinstance(block, CodeBlock):
            segments = []
            for line in block.text.split("\n"):  # each line on a line of its own, its indent kept (up to 10)
                indent = min(len(line) - len(line.lstrip(" ")), 10)
                text = line.strip()
                segments.append(Segment("code", text, [UNCONTRACTED] * len(text), indent, indent + 2, source=line))
            return segments
        if isinstance(block, Container):
            return self._box(block, level)
        if isinstance(block, Group):  # Easy Read: the picture's description, then its sentences
            return [item for child in [block.figure, *block.blocks] for item in self.block(child, level)]
        if isinstance(block, DefinitionList):
            items = []
            for entry in block.items:
                text, form = self.text(entry.term)
                items.append(Segment("paragraph", text, [BOLD] * len(text), 0, 2, source=text))
                for definition in entry.definitions:
                    items.extend(self._indented(definition, level))
            return items
        raise TypeError(f"no braille for {type(block).__name__}")

    def _box(self, box: Container, level: int) -> list[Item]:
        """Boxed material (BANA Braille Formats 2016, section 7): a top box line of dots 2356, a bottom one of
        dots 1245; a box holding other boxes has full-cell lines. Its label and title are centred under the top."""
        nested = any(isinstance(node, Container) for node in walk_blocks(box.blocks))
        label, _ = self.locale.box(box.kind)
        title, form = self.text(box.title)
        if label:
            prefix = f"{label}: " if title else label
            title, form = prefix + title, [0] * len(prefix) + form
        items: list[Item] = [Segment("boxtop", "", prefix="⠿" if nested else "⠶", source=f"::: {box.name}")]
        if title:
            items.append(Segment("boxtitle", title, form, source=title))
        for child in box.blocks:
            items.extend(self.block(child, level))
        items.append(Segment("boxbottom", "", prefix="⠿" if nested else "⠛", source=":::"))
        return items

    def _indented(self, blocks: list[Block], level: int) -> list[Item]:
        """Blocks set in two cells (a definition, the rest of a note)."""
        items: list[Item] = []
        for child in blocks:
            if isinstance(child, Paragraph):
                text, form = self.text(child.children)
                items.append(Segment("paragraph", text, form, 2, 2, source=text))
            else:
                items.extend(self.block(child, level))
        return items

    def numbered(self, number: int, blocks: list[Block], level: int) -> list[Item]:
        """A note: its number, then its first paragraph, the rest set in."""
        marker = f"{number}. "
        first = next((b for b in blocks if isinstance(b, Paragraph)), None)
        text, form = self.text(first.children) if first else ("", [])
        items: list[Item] = [Segment("item", marker + text, [0] * len(marker) + form, 0, 2, source=marker + text)]
        return items + self._indented([b for b in blocks if b is not first], level)

    def _list(self, block: ListBlock, level: int) -> list[Item]:
        items: list[Item] = []
        indent = 2 * level
        for number, item in enumerate(block.items, block.start):
            first = True
            for child in item.blocks:
                if isinstance(child, Paragraph):
                    text, form = self.text(child.children)
                    if first and block.ordered:
                        marker = f"{number}. "
                        items.append(Segment("item", marker + text, [0] * len(marker) + form, indent, indent + 2,
                                             source=marker + text))
                    elif first:
                        items.append(Segment("item", text, form, indent, indent + 2, prefix=BULLET,
                                             source="• " + text))
                    else:
                        items.append(Segment("item", text, form, indent + 2, indent + 2, source=text))
                    first = False
                elif isinstance(child, ListBlock):
                    items.extend(self._list(child, level + 1))
                else:
                    items.extend(self.block(child, level))
        return items

    def _table(self, table: Table) -> TableSegment:
        def cell_segment(cell) -> Segment:
            text, form = self.text(cell.children)
            return Segment("cell", text, form, source=text)

        header = [cell_segment(c) for c in table.header]
        rows = [[cell_segment(c) for c in row] for row in table.rows]
        pairs = []
        for row in table.rows:
            row_pairs = []
            for column, cell in enumerate(row):
                value, form = self.text(cell.children)
                name = plain_text(table.header[column].children) if column < len(table.header) else ""
                label = f"{name}: " if name else ""
                indent = (0, 2) if column == 0 else (2, 4)
                row_pairs.append(Segment("pair", label + value, [0] * len(label) + form, indent[0], indent[1],
                                         source=label + value))
            pairs.append(row_pairs)
        source = " | ".join(plain_text(c.children) for c in table.header)
        return TableSegment(header, rows, pairs, source)


def _text_and_typeform(nodes: list[Inline], labels: dict[str, str], bold: bool = False,
                       line_break: str = " ") -> tuple[str, list[int]]:
    """Inline nodes as one string, with a liblouis typeform marking bold characters. Emoji are given by
    their names (liblouis writes them as escape codes), note references as "(note 1)", a line break as
    `line_break`."""
    text, form = [], []
    for node in nodes:
        if isinstance(node, (Text, Code)):
            piece = name_emoji(node.text, node.lang)
        elif isinstance(node, LineBreak):
            piece = line_break
        elif isinstance(node, NoteRef):
            piece = " (" + labels["note_ref"].format(number=node.number) + ")"
        elif isinstance(node, (Strong, Emphasis)):
            inner, inner_form = _text_and_typeform(node.children, labels, True, line_break)
            text.append(inner)
            form.extend(inner_form)
            continue
        elif isinstance(node, Phrase):  # a key, raised or marked words: their letters, as print has them
            inner, inner_form = _text_and_typeform(node.children, labels, bold, line_break)
            text.append(inner)
            form.extend(inner_form)
            continue
        elif isinstance(node, Link):
            inner, inner_form = _text_and_typeform(node.children, labels, bold, line_break)
            text.append(inner)
            form.extend(inner_form)
            target = address_to_add(node, inner)
            if target:
                extra = f" ({target})"
                text.append(extra)
                form.extend([0] * len(extra))
            continue
        else:
            raise TypeError(f"no braille for {type(node).__name__}")
        text.append(piece)
        form.extend([BOLD if bold else 0] * len(piece))
    return "".join(text), form
