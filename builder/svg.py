"""SVG pictures: checked so that drawing one can read no file and reach no address, then, for each
version, their words replaced (translation) and their colours moved to the colour scheme; measured so
that large print can draw their smallest words at the chosen size.

A picture is untrusted content like a module: no scripts, no entities, no links outside itself, no
pictures inside it, and a cap on its size and number of elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from lxml import etree

from builder.colours import SCHEMES

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
MAX_BYTES = 2_000_000
MAX_ELEMENTS = 10_000
DEFAULT_FONT_SIZE = 16.0  # user units, as browsers and WeasyPrint assume
REFUSED_ELEMENTS = {"script": "a script", "foreignObject": "HTML inside it (foreignObject)",
                    "image": "a picture inside it", "iframe": "a web page inside it", "use": None}
TEXT_ELEMENTS = ("text", "tspan", "title", "desc")
_URL = re.compile(r"url\(\s*(['\"]?)(?!#)", re.IGNORECASE)
_COLOUR_ATTRIBUTES = ("fill", "stroke", "stop-color", "flood-color", "lighting-color", "color")
_HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_NAMED = {"white": "#ffffff", "black": "#000000"}


class UnsafeSvg(ValueError):
    """Why an SVG cannot be used, in words for the trainer."""


@dataclass(frozen=True)
class SvgText:
    """One run of words in a picture: its element's place in the document, and its source line."""

    index: int  # position among the picture's text-bearing elements, in document order
    text: str
    line: int
    element_id: str | None


def checked_svg(data: bytes) -> str:
    """The SVG as text if it is safe to draw; UnsafeSvg says what is wrong."""
    if len(data) > MAX_BYTES:
        raise UnsafeSvg(f"is over {MAX_BYTES // 1_000_000} MB: simplify it")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise UnsafeSvg("is not UTF-8 text: save it again as SVG (UTF-8)") from None
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        raise UnsafeSvg("declares a DOCTYPE or entities, which can make a picture read files or grow without "
                        "end: save it again without them (Inkscape: Save as plain SVG)")
    root = _parse(text)
    if etree.QName(root).localname != "svg" or etree.QName(root).namespace != SVG:
        raise UnsafeSvg("is not an SVG picture (its first element is not <svg>)")
    count = 0
    for element in root.iter():
        count += 1
        if count > MAX_ELEMENTS:
            raise UnsafeSvg(f"has more than {MAX_ELEMENTS:,} elements: simplify it")
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name in REFUSED_ELEMENTS and (name != "use" or not _local_reference(element)):
            what = REFUSED_ELEMENTS[name] or "a reference to another file"
            raise UnsafeSvg(f"has {what}, which is not allowed: draw it in the picture itself")
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname
            if local.lower().startswith("on"):
                raise UnsafeSvg(f"has a script ({local}=...), which is not allowed: remove it")
            if local == "href" and not value.strip().startswith("#"):
                raise UnsafeSvg("links to another file or address, which is not allowed: keep everything inside "
                                "the picture")
            if _URL.search(value):
                raise UnsafeSvg("refers to another file or address (url(...)), which is not allowed")
        if name == "style" and (_URL.search(element.text or "") or "@import" in (element.text or "")):
            raise UnsafeSvg("has a style that loads another file, which is not allowed")
    if view_size(root) is None:
        raise UnsafeSvg("has no size: give its <svg> a viewBox, e.g. viewBox=\"0 0 800 450\"")
    return text


def _parse(text: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as err:
        raise UnsafeSvg(f"cannot be read (line {err.lineno}: {err.msg}): save it again as SVG") from None


def _local_reference(element) -> bool:
    href = element.get("href") or element.get(f"{{{XLINK}}}href") or ""
    return href.startswith("#")


def view_size(root) -> tuple[float, float] | None:
    """Width and height in user units: the viewBox, else numeric width and height."""
    box = root.get("viewBox")
    if box:
        parts = re.split(r"[\s,]+", box.strip())
        try:
            width, height = float(parts[2]), float(parts[3])
        except (IndexError, ValueError):
            return None
        return (width, height) if width > 0 and height > 0 else None
    try:
        width = float(re.sub(r"px$", "", root.get("width", "")))
        height = float(re.sub(r"px$", "", root.get("height", "")))
    except ValueError:
        return None
    return (width, height) if width > 0 and height > 0 else None


def size_of(svg: str) -> tuple[float, float]:
    return view_size(_parse(svg)) or (1.0, 1.0)


def origin(svg: str) -> tuple[float, float]:
    """The user-unit point at the picture's top left corner (its viewBox's x and y)."""
    left, top, _, _ = _box(_parse(svg))
    return left, top


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
    """The smallest font size of any words in the picture, in user units (None: it has no words)."""
    root = _parse(svg)
    sizes = [_font_size(element) for element in _text_elements(root)
             if etree.QName(element).localname in ("text", "tspan")]
    return min(sizes) if sizes else None


def _font_size(element) -> float:
    while element is not None:
        value = element.get("font-size")
        style = re.search(r"font-size\s*:\s*([\d.]+)", element.get("style", ""))
        found = style.group(1) if style else value
        if found:
            number = re.match(r"[\d.]+", found)
            if number:
                return float(number.group(0))
        element = element.getparent()
    return DEFAULT_FONT_SIZE


def recoloured(svg: str, text: str, background: str, accent: str) -> str:
    """The picture in a colour scheme: light colours become the background, dark ones the text colour, and
    the rest the scheme's accent, so that a high-contrast reader does not get a white block on black."""
    def swap(colour: str) -> str:
        value = _NAMED.get(colour.strip().lower(), colour.strip())
        found = _HEX.fullmatch(value)
        if not found:
            return colour
        digits = found.group(1)
        if len(digits) == 3:
            digits = "".join(ch * 2 for ch in digits)
        level = _lightness(digits)
        return background if level > 0.75 else text if level < 0.35 else accent

    root = _parse(svg)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in _COLOUR_ATTRIBUTES:
            if element.get(attribute):
                element.set(attribute, swap(element.get(attribute)))
        if element.get("style"):
            element.set("style", re.sub(r"((?:fill|stroke|stop-color|color)\s*:\s*)([^;]+)",
                                        lambda m: m.group(1) + swap(m.group(2)), element.get("style")))
    return etree.tostring(root, encoding="unicode")


def in_scheme(svg: str, scheme_name: str, wrap: bool = True) -> str:
    """The picture as drawn on a page in the named colour scheme, its labels wrapped: as authored on the
    standard (white) page; in the others, its background, lines and words take the scheme's colours."""
    svg = wrapped(svg) if wrap else svg
    if scheme_name == "standard":
        return svg
    scheme = SCHEMES[scheme_name]
    return recoloured(svg, scheme.text, scheme.background, scheme.link)


def wrapped(svg: str) -> str:
    """Labels written as one `<text data-wrap="300">` broken into lines no wider than that (user units),
    centred on their y: a label stays one sentence to translate, and a longer translation still fits."""
    root = _parse(svg)
    changed = False
    for element in root.iter(f"{{{SVG}}}text"):
        limit = _number(element.get("data-wrap"))
        if not limit or not element.text or len(element):
            continue
        size = _font_size(element)
        lines: list[str] = []
        for word in element.text.split():
            if lines and len(lines[-1]) + 1 + len(word) <= limit / (size * 0.55):
                lines[-1] += " " + word
            else:
                lines.append(word)
        step = size * float(element.get("data-line-height") or 1.2)
        x = element.get("x", "0")
        element.text = None
        for index, line in enumerate(lines):
            span = etree.SubElement(element, f"{{{SVG}}}tspan", x=x)
            span.set("dy", f"{-(len(lines) - 1) / 2 * step:g}" if index == 0 else f"{step:g}")
            span.text = line
        changed = True
    return etree.tostring(root, encoding="unicode") if changed else svg


def _lightness(digits: str) -> float:
    red, green, blue = (int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


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


def _number(value: str | None) -> float | None:
    found = re.match(r"\s*(-?[\d.]+)", value or "")
    return float(found.group(1)) if found else None


def _inherited_x(element) -> float | None:
    parent = element.getparent()
    return _number(parent.get("x")) if parent is not None and parent.get("x") else None


def _inherited(element, attribute: str) -> str | None:
    while element is not None:
        if element.get(attribute):
            return element.get(attribute)
        style = re.search(rf"{attribute}\s*:\s*([\w-]+)", element.get("style", ""))
        if style:
            return style.group(1)
        element = element.getparent()
    return None


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


def _box(root) -> tuple[float, float, float, float]:
    """The viewBox: left, top, width, height (from width and height when there is none)."""
    width, height = view_size(root) or (1.0, 1.0)
    box = root.get("viewBox")
    if box:
        parts = re.split(r"[\s,]+", box.strip())
        return float(parts[0]), float(parts[1]), width, height
    return 0.0, 0.0, width, height


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
    colour: str | None


def labels(svg: str) -> list[Label]:
    """The picture's `<text>` elements as labels, for a page to set with its own text engine (which shapes
    Arabic, Urdu and Bengali and orders right-to-left words, as WeasyPrint's SVG text does not)."""
    found = []
    for element in _parse(svg).iter(f"{{{SVG}}}text"):
        words = " ".join("".join(element.itertext()).split())
        x, y = _number(element.get("x")), _number(element.get("y"))
        if not words or x is None or y is None:
            continue
        found.append(Label(words, x, y, _font_size(element), _inherited(element, "text-anchor") or "start",
                           _number(element.get("data-wrap")), _inherited(element, "dominant-baseline") in (
                               "middle", "central"), (_inherited(element, "font-weight") or "") in ("bold", "700"),
                           _inherited(element, "fill")))
    return found


def without_words(svg: str) -> str:
    """The picture with its `<text>` elements taken out (the page sets them: see `labels`)."""
    root = _parse(svg)
    for element in list(root.iter(f"{{{SVG}}}text")):
        element.getparent().remove(element)
    return etree.tostring(root, encoding="unicode")
