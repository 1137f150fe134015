"""The model turned into segments: print text for liblouis plus how each piece is laid out in braille."""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.labels import labels_for
from builder.model import (Block, Code, Emphasis, Figure, Heading, Inline, LineBreak, Link, ListBlock, Module,
                           Paragraph, Quote, Rule, Strong, Table, Text, plain_text)

BOLD = 4  # liblouis typeform for the third emphasis class, which UEB tables call bold
BULLET = "⠸⠲⠀"  # the UEB bullet and a space, placed as braille so every language's table gets it right
NOTE_OPEN, NOTE_CLOSE = "⠈⠨⠣", "⠈⠨⠜"  # UEB transcriber's note indicators


@dataclass
class Segment:
    """One run of text to translate, and where its lines go (indents are 0-based cells)."""

    kind: str  # heading1, heading2, heading3, paragraph, item, quote, note, rule, centred, entry
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


def module_segments(module: Module, lang: str) -> list[Item]:
    """Everything in a module, in reading order, as segments."""
    builder = _SegmentBuilder(lang)
    title_text, title_form = _text_and_typeform(module.title)
    items: list[Item] = [Segment("heading1", title_text, title_form, source=title_text)]
    if module.summary:
        items.append(Segment("paragraph", module.summary, [], 2, 0, source=module.summary))
    if module.duration:
        line = f"{builder.labels['duration']}: {module.duration}"
        items.append(Segment("paragraph", line, [], 2, 0, source=line))
    for block in module.blocks:
        items.extend(builder.block(block, level=0))
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
    def __init__(self, lang: str):
        self.lang = lang
        self.labels = labels_for(lang)
        self.ueb = lang.split("-")[0] == "en"

    def block(self, block: Block, level: int, quoted: bool = False) -> list[Item]:
        if isinstance(block, Heading):
            text, form = _text_and_typeform(block.children)
            return [Segment(f"heading{block.level}", text, form, source=text)]
        if isinstance(block, Paragraph):
            text, form = _text_and_typeform(block.children)
            if quoted:
                return [Segment("quote", text, form, 2, 2, source=text)]
            return [Segment("paragraph", text, form, 2, 0, source=text)]
        if isinstance(block, ListBlock):
            return self._list(block, level)
        if isinstance(block, Table):
            return [self._table(block)]
        if isinstance(block, Figure):
            text = f"{self.labels['picture']}: {block.alt}"
            if self.ueb:
                return [Segment("note", text, [], 6, 4, NOTE_OPEN, NOTE_CLOSE, source=text)]
            return [Segment("note", f"({text})", [], 6, 4, source=text)]
        if isinstance(block, Quote):
            items: list[Item] = []
            for child in block.blocks:
                items.extend(self.block(child, level, quoted=True))
            return items
        if isinstance(block, Rule):
            return [Segment("rule", "", source="---")]
        raise TypeError(f"no braille for {type(block).__name__}")

    def _list(self, block: ListBlock, level: int) -> list[Item]:
        items: list[Item] = []
        indent = 2 * level
        for number, item in enumerate(block.items, block.start):
            first = True
            for child in item.blocks:
                if isinstance(child, Paragraph):
                    text, form = _text_and_typeform(child.children)
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
            text, form = _text_and_typeform(cell.children)
            return Segment("cell", text, form, source=text)

        header = [cell_segment(c) for c in table.header]
        rows = [[cell_segment(c) for c in row] for row in table.rows]
        pairs = []
        for row in table.rows:
            row_pairs = []
            for column, cell in enumerate(row):
                value, form = _text_and_typeform(cell.children)
                name = plain_text(table.header[column].children) if column < len(table.header) else ""
                label = f"{name}: " if name else ""
                indent = (0, 2) if column == 0 else (2, 4)
                row_pairs.append(Segment("pair", label + value, [0] * len(label) + form, indent[0], indent[1],
                                         source=label + value))
            pairs.append(row_pairs)
        source = " | ".join(plain_text(c.children) for c in table.header)
        return TableSegment(header, rows, pairs, source)


def _text_and_typeform(nodes: list[Inline], bold: bool = False) -> tuple[str, list[int]]:
    """Inline nodes as one string, with a liblouis typeform marking bold characters."""
    text, form = [], []
    for node in nodes:
        if isinstance(node, (Text, Code)):
            piece = node.text
        elif isinstance(node, LineBreak):
            piece = " "
        elif isinstance(node, (Strong, Emphasis)):
            inner, inner_form = _text_and_typeform(node.children, True)
            text.append(inner)
            form.extend(inner_form)
            continue
        elif isinstance(node, Link):
            inner, inner_form = _text_and_typeform(node.children, bold)
            text.append(inner)
            form.extend(inner_form)
            target = node.href.removeprefix("mailto:").removeprefix("tel:")
            if not node.module and target.rstrip("/") not in inner:
                extra = f" ({target})"
                text.append(extra)
                form.extend([0] * len(extra))
            continue
        else:
            raise TypeError(f"no braille for {type(node).__name__}")
        text.append(piece)
        form.extend([BOLD if bold else 0] * len(piece))
    return "".join(text), form
