"""An SVG in a colour scheme, and in terms every drawing library reads: each colour, opacity or number a
browser ignores left out, colours written as CairoSVG and WeasyPrint read them."""

from __future__ import annotations

from typing import Callable

import tinycss2
from lxml import etree

from builder.colours import SCHEMES

from builder.svg.check import _parse
from builder.svg.style import _COLOUR_ATTRIBUTES, _each_colour, _GLOBAL_KEYWORDS, _inherited_tokens, _keyword, _OPACITIES, _opacity, _rewritten, _rewritten_sheet, _rgba, _tokens, _valid, _written
from builder.svg.layout import wrapped


def _restyled(svg: str, rewrite: Callable[[object, str, str], str | None]) -> str:
    """The SVG with each colour and opacity value, in attributes, style attributes and style sheets, replaced by
    `rewrite(element, property, value)` (None: left out). A sheet's values are given with element None."""
    root = _parse(svg)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in _COLOUR_ATTRIBUTES + _OPACITIES + ("stroke-miterlimit",):
            if element.get(name) is not None:
                value = rewrite(element, name, element.get(name))
                if value is None:
                    del element.attrib[name]
                else:
                    element.set(name, value)
        if element.get("style") is not None:
            element.set("style", _rewritten(element.get("style"), lambda name, value: rewrite(element, name, value)))
        if etree.QName(element).localname == "style" and element.text:
            element.text = _rewritten_sheet(element.text, lambda name, value: rewrite(None, name, value))
    return etree.tostring(root, encoding="unicode")


def recoloured(svg: str, text: str, background: str, accent: str) -> str:
    """The picture in a colour scheme: light colours become the background, dark ones the text colour, and
    the rest the scheme's accent, so that a high-contrast reader does not get a white block on black. Every
    colour a browser reads (#fff, rgb(), hsl(), names) is moved, in style sheets too."""
    def swap(colour: tuple[float, float, float, float]) -> str:
        red, green, blue, alpha = colour
        level = 0.2126 * red + 0.7152 * green + 0.0722 * blue
        new = background if level > 0.75 else text if level < 0.35 else accent
        return new if alpha >= 1 else _written(*_rgba(tinycss2.parse_one_component_value(new))[:3], alpha)

    def rewrite(element, name: str, value: str) -> str | None:
        if name in (*_COLOUR_ATTRIBUTES, *_OPACITIES, "stroke-miterlimit") and not _valid(name, _tokens(value)):
            return None  # ignored by a browser: left out
        return _each_colour(value, swap) if name in _COLOUR_ATTRIBUTES else value

    return _restyled(svg, rewrite)


def drawable(svg: str) -> str:
    """The picture as a browser draws it, in terms every drawing library reads: each colour, opacity or number
    a browser ignores left out (CairoSVG stops on `stroke-opacity="null"`, WeasyPrint leaves the picture out),
    opacities as numbers from 0 to 1, colours as #rrggbb or rgba(), currentColor as the colour it stands for."""
    def rewrite(element, name: str, value: str) -> str | None:
        tokens = _tokens(value)
        if name not in (*_COLOUR_ATTRIBUTES, *_OPACITIES, "stroke-miterlimit"):
            return value
        if not _valid(name, tokens):
            return None
        if _keyword(tokens) in _GLOBAL_KEYWORDS:
            return value
        if name in _OPACITIES:
            return f"{_opacity(tokens):g}"
        if _keyword(tokens) == "currentcolor" and element is not None:
            current = _inherited_tokens(element, "color")
            found = _rgba(current[0]) if current and len(current) == 1 else None
            return _written(*found) if found else value
        return _each_colour(value, lambda colour: _written(*colour))

    return _restyled(svg, rewrite)


def in_scheme(svg: str, scheme_name: str, wrap: bool = True) -> str:
    """The picture as drawn on a page in the named colour scheme, its words laid out for their language (see
    `laid_out`): as authored on the standard (white) page; in the others, its background, lines and words take
    the scheme's colours. `wrap` is kept for writers that passed False when a page set the words itself from
    the unbroken text: every writer now draws the laid-out picture, whose shapes may have grown."""
    svg = wrapped(svg)
    if scheme_name == "standard":
        return svg
    scheme = SCHEMES[scheme_name]
    return recoloured(svg, scheme.text, scheme.background, scheme.link)
