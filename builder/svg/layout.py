"""A picture's words laid out in the language they are in: each label measured in the font that draws it
(measure.py), broken into lines inside the shape that holds it (shapes.py: the smallest rect, circle or ellipse
round its anchor, else the picture), moved within it, made smaller down to the picture's smallest words (which
the writers draw at the print size), or its shape grown where there is room, so that no two labels overlap and
none crosses an outline. A right-to-left version is first mirrored where the picture allows it (mirror.py). A
label that fits nowhere is drawn at the smallest size, clear of the others, and reported (`LaidOut.too_long`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from lxml import etree

from builder.svg.check import SVG, _parse, _view_box, view_size
from builder.svg.fitting import ROW_GAP, Fitter, TooLong, canvas
from builder.svg.lines import Piece, ways_of
from builder.svg.measure import baseline_below_middle, face_for, half_height
from builder.svg.mirror import XML_LANG, language, mirrored, set_property
from builder.svg.shapes import NOT_DRAWN, drawing
from builder.svg.style import _font_size, _inherited, _paint_colour

MARK = "data-laid-out"  # on a picture laid out already: laying it out again would move its words twice


@dataclass(frozen=True)
class LaidOut:
    svg: str
    too_long: tuple[TooLong, ...] = ()


def wrapped(svg: str) -> str:
    """The picture with its labels laid out (see `laid_out`)."""
    return laid_out(svg).svg


# Bounds on the work of fitting labels (each is tried in several ways against every shape and label): a
# diagram's labels are a few words each and a few dozen in all; 3,000 words in one or 4,900 labels took minutes.
MOST_WORDS = 60
MOST_LABELS = 300


@lru_cache(maxsize=64)
def laid_out(svg: str) -> LaidOut:
    """The picture with its words laid out for the language they are in, and the labels too long to fit."""
    root = _parse(svg)
    if root.get(MARK) is not None:
        return LaidOut(svg)
    flipped = mirrored(root)
    pieces = _pieces(root)
    if len(pieces) > MOST_LABELS:  # a picture of hundreds of labels is not a diagram to fit: drawn as written
        pieces = []
    if not pieces:
        return LaidOut(_written(root)) if flipped else LaidOut(svg)
    floor = min(_smallest(root), *(piece.size for piece in pieces))
    fitter = Fitter(drawing(root), floor, pieces)
    too_long = fitter.fit(pieces)
    _write(root, fitter)
    return LaidOut(_written(root), tuple(too_long))


def _written(root) -> str:
    root.set(MARK, "")
    return etree.tostring(root, encoding="unicode")


def _smallest(root) -> float:
    """The smallest words in the picture: what the writers draw at the print size, and no label goes below."""
    sizes = [_font_size(element) for element in root.iter(f"{{{SVG}}}text", f"{{{SVG}}}tspan")
             if (element.text or "").strip() and _font_size(element) > 0]
    return min(sizes, default=math.inf)


def _pieces(root) -> list[Piece]:
    """The labels to lay out: each `<text>` drawn with words in it, at a place it gives with numbers."""
    found = []
    for element in root.iter(f"{{{SVG}}}text"):
        words = " ".join("".join(element.itertext()).split()).split()
        x, y = _number(element.get("x")), _number(element.get("y"))
        size = _font_size(element)
        if not words or len(words) > MOST_WORDS or x is None or y is None or size <= 0 or not _shown(element):
            continue  # (a paragraph in a picture is not a label: left as written)
        lang = language(element) or next((language(span) for span in element.iter(f"{{{SVG}}}tspan")
                                           if span.get(XML_LANG)), None)
        weight = _inherited(element, "font-weight") or ""
        bold = weight in ("bold", "bolder") or ((_number(weight) or 0) >= 600)
        face = face_for(" ".join(words), lang, bold)
        baseline = _inherited(element, "dominant-baseline") or "auto"
        middle = y if baseline in ("middle", "central") else (
            y + half_height(face) * size if baseline in ("hanging", "text-before-edge", "text-top") else
            y - half_height(face) * size if baseline in ("text-after-edge", "text-bottom", "ideographic") else
            y - baseline_below_middle(face) * size)
        wrap = _number(element.get("data-wrap"))
        piece = Piece(element, words, face, size, _inherited(element, "text-anchor") or "start", x, middle,
                       wrap if wrap and wrap > 0 else None, lang)
        piece.ways = ways_of(piece)
        found.append(piece)
    return found


def _shown(element) -> bool:
    """Drawn at all: not inside a definition, with a fill or an outline (the words a page sets, see labels)."""
    if any(not isinstance(node.tag, str) or etree.QName(node).localname in NOT_DRAWN
           for node in element.iterancestors()):
        return False
    fill = _paint_colour(element, "fill")
    return fill != "none" or _paint_colour(element, "stroke") not in (None, "none")


def _number(value: str | None) -> float | None:
    try:
        return float((value or "").replace(",", " ").split()[0].removesuffix("px"))
    except (ValueError, IndexError):
        return None


def _write(root, fitter: Fitter) -> None:
    """Each label's size, place and lines put into the picture, and the shapes that grew."""
    for shape in fitter.grown.values():
        shape.write()
    for placed in fitter.placed:
        element, block = placed.piece.element, placed.block
        if block.size != placed.piece.size:
            set_property(element, "font-size", f"{block.size:.4g}")
        set_property(element, "dominant-baseline", "central")
        lang = placed.piece.lang
        for child in list(element):
            element.remove(child)
        element.text = None
        if lang and not element.get(XML_LANG):
            element.set(XML_LANG, lang)
        first = placed.middle - (len(block.lines) - 1) / 2 * block.step
        element.set("x", f"{placed.x:.2f}")
        element.set("y", f"{first:.2f}")
        for index, line in enumerate(block.lines):
            span = etree.SubElement(element, f"{{{SVG}}}tspan", x=f"{placed.x:.2f}")
            span.set("y", f"{first + index * block.step:.2f}")
            span.text = line
    _extend(root, fitter)


def _extend(root, fitter: Fitter) -> None:
    """The picture made taller where a shape grew past its bottom edge, or labels that did not fit were moved
    down past it (its background, a rect that fills it, with it)."""
    margin = ROW_GAP * fitter.floor
    lowest = max([box[3] + margin for placed in fitter.placed for box in placed.boxes]
                 + [shape.bottom + shape.stroke / 2 + margin for shape in fitter.grown.values()])
    picture = fitter.shapes[0]
    if lowest <= picture.bottom:
        return
    extra = lowest - picture.bottom
    left, top, width, height = _view_box(root) or (0.0, 0.0, *(view_size(root) or (1.0, 1.0)))
    root.set("viewBox", f"{left:g} {top:g} {width:g} {height + extra:g}")
    if root.get("height") is not None:
        root.attrib.pop("height")
    for shape in fitter.shapes[1:]:
        if canvas(shape, picture) and shape.element is not None:
            replace(shape, bottom=shape.bottom + extra).write()
