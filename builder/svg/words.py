"""An SVG's size and words: the words to translate and their replacement, labels wrapped to a width, the
smallest words' size (large print draws them at the print size), where the picture may be cut between words,
and its labels as a page sets them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from lxml import etree

from builder.svg.check import _parse, SVG, _view_box, view_size
from builder.svg.style import _font_size, _inherited, _paint_colour

TEXT_ELEMENTS = ("text", "tspan", "title", "desc")
_NUMBER = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")


@dataclass(frozen=True)
class SvgText:
    """One run of words in a picture: its element's place in the document, and its source line."""

    index: int  # position among the picture's text-bearing elements, in document order
    text: str
    line: int
    element_id: str | None


def size_of(svg: str) -> tuple[float, float]:
    return view_size(_parse(svg)) or (1.0, 1.0)


def origin(svg: str) -> tuple[float, float]:
    """The user-unit point at the picture's top left corner (its viewBox's x and y)."""
    left, top, _, _ = _box(_parse(svg))
    return left, top


def _box(root) -> tuple[float, float, float, float]:
    """The viewBox: left, top, width, height (from width and height when there is none)."""
    box = _view_box(root)
    if box is not None:
        return box
    width, height = view_size(root) or (1.0, 1.0)
    return 0.0, 0.0, width, height


def texts(svg: str) -> list[SvgText]:
    """The picture's words to translate: each text, tspan, title and desc element's own words."""
    found = []
    for index, element in enumerate(_text_elements(_parse(svg))):
        if _has_words(element.text):
            found.append(SvgText(index, " ".join(element.text.split()), element.sourceline or 1, element.get("id")))
    return found


def _has_words(text: str) -> bool:
    """Whether there is anything to translate: a label "3" or "→" is the same in every language."""
    return any(character.isalpha() for character in text)


def _text_elements(root) -> list:
    return [element for element in root.iter(*(f"{{{SVG}}}{name}" for name in TEXT_ELEMENTS))
            if element.text and element.text.strip()]


def with_texts(svg: str, replace: Callable[[SvgText], str | None], lang: str | None = None) -> str:
    """The SVG with each run of words that `replace` gives a new text for replaced (and marked as `lang`)."""
    root = _parse(svg)
    changed = False
    for index, element in enumerate(_text_elements(root)):
        if not _has_words(element.text):
            continue
        new = replace(SvgText(index, " ".join(element.text.split()), element.sourceline or 1, element.get("id")))
        if new is not None:
            element.text, changed = new, True
            if lang:
                element.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    return etree.tostring(root, encoding="unicode") if changed else svg


def smallest_text(svg: str) -> float | None:
    """The smallest font size of any words in the picture that can be seen, in user units (None: it has none)."""
    root = _parse(svg)
    sizes = [size for element in _text_elements(root) if etree.QName(element).localname in ("text", "tspan")
             for size in [_font_size(element)] if size > 0]
    return min(sizes) if sizes else None


def wrapped(svg: str) -> str:
    """Labels written as one `<text data-wrap="300">` broken into lines no wider than that (user units),
    centred on their y: a label stays one sentence to translate, and a longer translation still fits."""
    root = _parse(svg)
    changed = False
    for element in root.iter(f"{{{SVG}}}text"):
        limit = _number(element.get("data-wrap"))
        size = _font_size(element)
        if not limit or limit <= 0 or size <= 0 or not element.text or len(element):
            continue
        lines: list[str] = []
        for word in element.text.split():
            if lines and len(lines[-1]) + 1 + len(word) <= limit / (size * 0.55):
                lines[-1] += " " + word
            else:
                lines.append(word)
        step = size * (_number(element.get("data-line-height")) or 1.2)
        x = element.get("x", "0")
        element.text = None
        for index, line in enumerate(lines):
            span = etree.SubElement(element, f"{{{SVG}}}tspan", x=x)
            span.set("dy", f"{-(len(lines) - 1) / 2 * step:g}" if index == 0 else f"{step:g}")
            span.text = line
        changed = True
    return etree.tostring(root, encoding="unicode") if changed else svg


def _number(value: str | None) -> float | None:
    """The number a coordinate starts with ("120", "120px", "1e2", the first of "10 20 30")."""
    found = _NUMBER.match(value or "")
    return float(found.group(1)) if found else None


def word_spans(svg: str) -> list[tuple[float, float]]:
    """Roughly where each run of words lies across the picture (left, right, in user units), from its x,
    its anchor and its length: where the picture may not be cut."""
    spans = []
    for element in _text_elements(_parse(svg)):
        if etree.QName(element).localname not in ("text", "tspan"):
            continue
        x = _number(element.get("x")) if element.get("x") else _inherited_x(element)
        if x is None:
            continue
        size = _font_size(element)
        width = len(element.text.strip()) * size * 0.62  # a sans serif letter's average width, with room
        anchor = _inherited(element, "text-anchor") or "start"
        left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
        spans.append((left - size * 0.2, left + width + size * 0.2))
    return spans


def _inherited_x(element) -> float | None:
    parent = element.getparent()
    return _number(parent.get("x")) if parent is not None and parent.get("x") else None


def cut_points(svg: str, widest: float) -> list[float]:
    """Where to cut the picture into side-by-side parts no wider than `widest` user units, never through
    a run of words where it can be helped: the left edge, each cut, the right edge."""
    root = _parse(svg)
    left, _, width, _ = _box(root)
    spans = sorted(word_spans(svg))
    cuts = [left]
    while left + width - cuts[-1] > widest:
        limit = cuts[-1] + widest
        candidates = [limit] + [edge for span in spans for edge in span if cuts[-1] < edge < limit]
        clear = [c for c in candidates if not any(start < c < end for start, end in spans)]
        cut = max(clear, default=limit)
        if cut <= cuts[-1] + widest * 0.25:  # words wider than a part: cut through them after all
            cut = limit
        cuts.append(cut)
    return cuts + [left + width]


def window(svg: str, left: float, right: float) -> str:
    """The part of the picture between `left` and `right` (user units), full height."""
    root = _parse(svg)
    _, top, _, height = _box(root)
    root.set("viewBox", f"{left:g} {top:g} {right - left:g} {height:g}")
    for attribute in ("width", "height"):
        if attribute in root.attrib:
            del root.attrib[attribute]
    return etree.tostring(root, encoding="unicode")


@dataclass(frozen=True)
class Label:
    """A run of words as the page lays it out over the picture: where (user units), how big, which way."""

    text: str
    x: float
    y: float
    size: float
    anchor: str  # start, middle or end
    wrap: float | None  # the width to break lines at, when the picture gives one
    middle: bool  # y is the middle of the words (dominant-baseline: middle), else their baseline
    bold: bool
    colour: str | None  # #rrggbb, or None: the page's text colour


def labels(svg: str) -> list[Label]:
    """The picture's `<text>` elements as labels, for a page to set with its own text engine (which shapes
    Arabic, Urdu and Bengali and orders right-to-left words, as WeasyPrint's SVG text does not). Words a
    browser would not show (no fill and no stroke, or size 0) are left out."""
    found = []
    for element in _parse(svg).iter(f"{{{SVG}}}text"):
        words = " ".join("".join(element.itertext()).split())
        x, y = _number(element.get("x")), _number(element.get("y"))
        size = _font_size(element)
        colour = _paint_colour(element, "fill")
        if colour == "none":
            colour = _paint_colour(element, "stroke")  # outlined words: drawn in their outline's colour
            if colour in (None, "none"):
                continue
        if not words or x is None or y is None or size <= 0:
            continue
        weight = _inherited(element, "font-weight") or ""
        found.append(Label(words, x, y, size, _inherited(element, "text-anchor") or "start",
                           _number(element.get("data-wrap")), _inherited(element, "dominant-baseline") in (
                               "middle", "central"), weight in ("bold", "bolder") or _is_bold(weight), colour))
    return found


def _is_bold(weight: str) -> bool:
    number = _number(weight)
    return number is not None and number >= 600


def without_words(svg: str) -> str:
    """The picture with its `<text>` elements taken out (the page sets them: see `labels`)."""
    root = _parse(svg)
    for element in list(root.iter(f"{{{SVG}}}text")):
        element.getparent().remove(element)
    return etree.tostring(root, encoding="unicode")
