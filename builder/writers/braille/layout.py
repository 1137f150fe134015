"""Braille pages in UK layout from translated segments: pure text work, no liblouis.

Cells are Unicode braille characters, one per cell. Line 1 of every page holds the braille page
number at the right; headings are centred (main) or at fixed margins; a heading always has at
least one line of text after it on the same page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.writers.braille.segments import Item, Segment, TableSegment
from builder.writers.braille.tables import BLANK, number

HEADING_MARGINS = {"heading2": 4, "heading3": 6, "heading4": 6}  # cell 5, cell 7 (the lowest BANA heading)
RULE = "⠒" * 12
GUIDE_DOT = "⠐"
CONTINUED = "(continued) "


@dataclass
class Page:
    lines: list[str] = field(default_factory=list)  # text lines, without the page-number line
    sources: list[str] = field(default_factory=list)  # print text placed on this page, for the proof


def wrap(braille: str, width: int, first: int = 0, runover: int = 0) -> list[str]:
    """Wrap at blank cells, never splitting a braille word unless it is longer than a whole line."""
    lines: list[str] = []
    current = BLANK * first
    indent = first
    for word in (w for w in braille.split(BLANK) if w):
        while True:
            has_text = len(current) > indent
            needed = len(word) + (1 if has_text else 0)
            if len(current) + needed <= width:
                current += (BLANK if has_text else "") + word
                break
            if has_text:
                lines.append(current)
                current, indent = BLANK * runover, runover
                continue
            room = width - len(current)  # a word longer than the line: split it
            lines.append(current + word[:room])
            word = word[room:]
            current, indent = BLANK * runover, runover
            if not word:
                break
    if len(current) > indent or not lines:
        lines.append(current)
    return [line.rstrip(BLANK) for line in lines]


def centre(braille: str, width: int) -> list[str]:
    return [BLANK * ((width - len(line)) // 2) + line for line in wrap(braille, width - 4)]


class Layout:
    """Places lines on pages of `cells` x `rows`, the first row of each page kept for its number."""

    def __init__(self, cells: int, rows: int):
        self.cells = cells
        self.text_rows = rows - 1
        self.pages: list[Page] = []

    def new_page(self) -> None:
        self.pages.append(Page())

    @property
    def page(self) -> Page:
        if not self.pages:
            self.new_page()
        return self.pages[-1]

    def room(self) -> int:
        return self.text_rows - len(self.page.lines)

    def add(self, lines: list[str], source: str = "", keep_with: int = 0, together: bool = False,
            blank_before: bool = False) -> None:
        """Add lines, flowing onto new pages. With `together` the lines (plus `keep_with` following
        lines, as for a heading and its first line of text) start a new page rather than split."""
        needed = len(lines) + keep_with if (together or keep_with) else 1
        if blank_before and self.page.lines:
            needed += 1
        if needed > self.room() and needed <= self.text_rows:
            self.new_page()
        elif blank_before and self.page.lines:
            self.page.lines.append("")
        if source:
            self.page.sources.append(source)
        for line in lines:
            if self.room() <= 0:
                self.new_page()
                if source:  # the whole text is on the page where it starts; here only a pointer to it
                    self.page.sources.append(CONTINUED + source[:60] + ("…" if len(source) > 60 else ""))
            self.page.lines.append(line)

    def items(self, items: list[Item]) -> None:
        """Lay out a module's segments; the first is its title, on a new page."""
        self.new_page()
        for index, item in enumerate(items):
            if isinstance(item, TableSegment):
                self._table(item)
            else:
                self.segment(item, _opening_lines(items[index + 1] if index + 1 < len(items) else None))

    def segment(self, segment: Segment, following: int = 1) -> None:
        """Lay out one segment; a heading keeps `following` lines (what the next item needs to start) with it."""
        braille = segment.prefix + segment.braille + segment.suffix
        if segment.kind == "heading1":
            self.add(centre(braille, self.cells) + [""], segment.source, keep_with=following)
        elif segment.kind in HEADING_MARGINS:
            margin = HEADING_MARGINS[segment.kind]
            self.add(wrap(braille, self.cells, margin, margin), segment.source, keep_with=following,
                     blank_before=True)
        elif segment.kind == "rule":
            self.add([BLANK * ((self.cells - len(RULE)) // 2) + RULE], segment.source)
        elif segment.kind == "centred":
            self.add(centre(braille, self.cells) if braille else [""], segment.source)
        elif segment.kind == "boxtop":  # kept with the box's first line of text (Braille Formats 7.5)
            self.add([segment.prefix * self.cells], segment.source, keep_with=2, blank_before=True)
        elif segment.kind == "boxtitle":
            self.add(centre(braille, self.cells), segment.source, keep_with=1)
        elif segment.kind == "boxbottom":
            if self.room() <= 0 and self.page.lines:  # never alone at the top of a page: take a line with it
                moved = self.page.lines.pop()
                self.new_page()
                self.page.lines.append(moved)
            self.add([segment.prefix * self.cells], segment.source)
        else:
            self.add(wrap(braille, self.cells, segment.first, segment.runover), segment.source)

    def _table(self, table: TableSegment) -> None:
        columns = max([len(table.header), *(len(row) for row in table.rows)])
        widths = [0] * columns
        for row in [table.header, *table.rows]:
            for column, cell in enumerate(row):
                widths[column] = max(widths[column], len(cell.braille))
        if sum(widths) + 2 * (columns - 1) <= self.cells:
            def line(cells: list[Segment]) -> str:
                padded = [cell.braille + BLANK * (widths[i] - len(cell.braille)) for i, cell in enumerate(cells)]
                return (BLANK * 2).join(padded).rstrip(BLANK)

            separator = (BLANK * 2).join("⠒" * width for width in widths)
            if table.header:  # a table with no header row (a layout table in HTML) starts with its first row
                self.add([line(table.header), separator], table.source, keep_with=1)
            for row in table.rows:
                self.add([line(row)], " | ".join(cell.source for cell in row))
            return
        for pairs in table.pairs:  # too wide for columns: each row as "header: value" lines, kept together
            lines = []
            for pair in pairs:
                lines += wrap(pair.braille, self.cells, pair.first, pair.runover)
            self.add(lines, " | ".join(pair.source for pair in pairs), together=True)


def page_number_line(value: int, cells: int) -> str:
    """Line 1: the braille page number at the right margin (never less than 3 blank cells before it)."""
    label = number(value)
    return BLANK * (cells - len(label)) + label


def contents_entry(title: str, page: int, cells: int) -> list[str]:
    """A contents line: the title, guide dots, and the braille page number at the right margin."""
    label = number(page)
    lines = wrap(title, cells - len(label) - 3, 0, 2)
    last = lines[-1]
    dots = cells - len(last) - len(label) - 2
    if dots < 2:
        lines.append(BLANK * (cells - len(label) - 4) + GUIDE_DOT * 2 + BLANK + label)
    else:
        lines[-1] = last + BLANK + GUIDE_DOT * dots + BLANK + label
    return lines


def _opening_lines(item: Item | None) -> int:
    """How many lines the item needs on a page to start (a box: a blank, its top line and two more; a
    table: its header, the line under it and a row), so that a heading is never left alone above it."""
    if isinstance(item, TableSegment):
        return 3
    if item is not None and item.kind == "boxtop":
        return 4
    return 1
