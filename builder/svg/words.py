"""An SVG's size and words: the words to translate and their replacement, the smallest words' size (large
print draws them at the print size), where the picture may be cut between words (measured in their font), and
its labels line by line as a page sets them (once `layout` has broken them into lines)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from lxml import etree

from builder.svg.check import _parse, SVG, _view_box, view_size
from builder.svg.measure import extent, face_for
from builder.svg.mirror import language
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


def _number(value: str | None) -> float | None:
    """The number a coordinate starts with ("120", "120px", "1e2", the first of "10 20 30")."""
    found = _NUMBER.match(value or "")
    return float(found.group(1)) if found else None


def word_spans(svg: str) -> list[tuple[float, float]]:
    """Where each line of words lies across the picture (left, right, in user units), measured in the font
    that draws it, with a fifth of a letter's room each side: where the picture may not be cut."""
    spans = []
    for line, words, x, _ in _lines(_parse(svg)):
        size = _font_size(line)
        face = face_for(words, language(line), _bold(line))
        width = extent(face, words).advance * size
        anchor = _inherited(line, "text-anchor") or "start"
        left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
        spans.append((left - size * 0.2, left + width + size * 0.2))
    return spans


def _lines(root):
    """Each line of words a `<text>` draws, with the element that styles it, its words, x and y: a text's
    `<tspan>`s placed each on a line of its own (with y or dy, as a laid-out picture's are) one by one,
    any other text whole."""
    for element in root.iter(f"{{{SVG}}}text"):
        x, y = _number(element.get("x")), _number(element.get("y"))
        spans = list(element.iterchildren(f"{{{SVG}}}tspan"))
        if spans and not (element.text or "").strip() and all(
                span.get("y") is not None or span.get("dy") is not None for span in spans):
            for span in spans:
                x = _number(span.get("x")) if span.get("x") is not None else x
                y = _number(span.get("y")) if span.get("y") is not None else (
                    (y or 0.0) + (_number(span.get("dy")) or 0.0))
                words = " ".join("".join(span.itertext()).split())
                if words and x is not None and y is not None:
                    yield span, words, x, y
        else:
            words = " ".join("".join(element.itertext()).split())
            if words and x is not None and y is not None:
                yield element, words, x, y


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
    """The picture's words as labels, one a line (a laid-out picture's lines are its text's `<tspan>`s), for
    a page to set with its own text engine (which shapes Arabic, Urdu and Bengali and orders right-to-left
    words, as WeasyPrint's SVG text does not). Words a browser would not show (no fill and no stroke, or
    size 0) are left out."""
    found = []
    for line, words, x, y in _lines(_parse(svg)):
        size = _font_size(line)
        colour = _paint_colour(line, "fill")
        if colour == "none":
            colour = _paint_colour(line, "stroke")  # outlined words: drawn in their outline's colour
            if colour in (None, "none"):
                continue
        if size <= 0:
            continue
        text = line if etree.QName(line).localname == "text" else line.getparent()
        wrap = _number(text.get("data-wrap")) if line is text else None  # a line of its own is not broken again
        found.append(Label(words, x, y, size, _inherited(line, "text-anchor") or "start", wrap,
                           _inherited(line, "dominant-baseline") in ("middle", "central"), _bold(line), colour))
    return found


def _bold(element) -> bool:
    weight = _inherited(element, "font-weight") or ""
    number = _number(weight)
    return weight in ("bold", "bolder") or (number is not None and number >= 600)


def without_words(svg: str) -> str:
    """The picture with its `<text>` elements taken out (the page sets them: see `labels`)."""
    root = _parse(svg)
    for element in list(root.iter(f"{{{SVG}}}text")):
        element.getparent().remove(element)
    return etree.tostring(root, encoding="unicode")
