"""A box (an activity, a note, a trainer's note) as a table of one column with the line on its cells: whatever the
box holds, a table, a quotation or another box, stays inside its line in Word and in LibreOffice, which a border
on each paragraph cannot do (a table or an indented paragraph broke the line).

Its heading and the paragraph or table after it are one row, the rest a second: LibreOffice never breaks a table's
first row across pages, so a box of one row would go whole to the next page and leave most of a page empty.

A screen reader meets a layout table, not a data table: no header row, no first-column or banded look, and the
box's name ("Activity: Saying no") as the table's title, so that Word's Alt Text and the checker name it."""

from __future__ import annotations

from docx.oxml.ns import qn

from builder.boxes import TRAINER_ONLY
from builder.writers.word.ooxml import element, set_child

PADDING_MM = 3  # line to words; under the last too (LibreOffice hides the paragraph a cell ends with after a table)
LINES = ("single", "double")  # a box inside a box has another line too
TRAINER_LINE = ("dashed", 18)  # never passes for participants' text (as in print): dashed, and heavier
LINE_EIGHTHS = 12  # 1.5 pt
COLOUR = "444444"
TWIPS_PER_MM = 1440 / 25.4


def line_of(kind: str, depth: int) -> tuple[str, int]:
    """The line around a box of `kind` inside `depth` other boxes: its style and width in eighths of a point."""
    if kind in TRAINER_ONLY:
        return TRAINER_LINE
    return LINES[min(depth, len(LINES) - 1)], LINE_EIGHTHS


def draw_box(table, width_mm: float, line: tuple[str, int], name: str) -> None:
    """Make a filled table of one column a box `width_mm` wide, its line on the edge of the text around it (a
    table's indent is measured to its border: ooxml.word_2013_layout), the words set in by the padding."""
    properties = table._tbl.tblPr
    width, padding = str(round(width_mm * TWIPS_PER_MM)), str(round(PADDING_MM * TWIPS_PER_MM))
    set_child(properties, "w:tblW", type="dxa", w=width)
    set_child(properties, "w:tblLayout", type="fixed")  # a long address in the box does not widen it
    margins = set_child(properties, "w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(element(f"w:{side}", type="dxa", w="0" if side in ("top", "bottom") else padding))
    set_child(properties, "w:tblLook", val="0600", firstRow="0", lastRow="0", firstColumn="0", lastColumn="0",
              noHBand="1", noVBand="1")
    set_child(properties, "w:tblCaption", val=name)
    cells = [row.find(qn("w:tc")) for row in table._tbl.findall(qn("w:tr"))]
    style, eighths = line
    for number, cell in enumerate(cells):
        borders = set_child(cell.get_or_add_tcPr(), "w:tcBorders")
        for side in ("top", "left", "bottom", "right"):  # one box: no line between its rows
            inside = (side == "top" and number > 0) or (side == "bottom" and number < len(cells) - 1)
            borders.append(element(f"w:{side}", val="nil") if inside else
                           element(f"w:{side}", val=style, sz=str(eighths), space="0", color=COLOUR))
    set_child(cells[-1].tcPr, "w:tcMar").append(element("w:bottom", type="dxa", w=padding))
