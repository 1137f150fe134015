"""An SVG's styles read as a browser reads them (with tinycss2): colours of every syntax, opacities, font sizes
with their units, inherited values; a value a browser ignores (`stroke-opacity="null"`) is ignored here too."""

from __future__ import annotations

from typing import Callable

import tinycss2
import tinycss2.color4

from builder.svg.check import SVG


DEFAULT_FONT_SIZE = 16.0  # user units, as browsers and WeasyPrint assume


# Properties whose values are checked: colours and paints, opacities, and a number CairoSVG reads with float()
_PAINTS = ("fill", "stroke")


_COLOURS = ("stop-color", "flood-color", "lighting-color", "color")


_COLOUR_ATTRIBUTES = _PAINTS + _COLOURS


_OPACITIES = ("opacity", "fill-opacity", "stroke-opacity", "stop-opacity", "flood-opacity")


_GLOBAL_KEYWORDS = ("inherit", "initial", "unset", "revert")


_ABSOLUTE_UNITS = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6}


_SIZE_KEYWORDS = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0, "x-large": 24.0,
                  "xx-large": 32.0, "xxx-large": 48.0}


def _declarations(css: str) -> list:
    """The declarations of a style attribute or a rule's block (tinycss2's): a broken one is left out."""
    return [item for item in tinycss2.parse_declaration_list(css, skip_comments=True, skip_whitespace=True)
            if item.type == "declaration"]


def _tokens(value) -> list:
    """A value's tokens without white space or comments, from its text or tinycss2's component values."""
    if isinstance(value, str):
        value = tinycss2.parse_component_value_list(value, skip_comments=True)
    return [token for token in value if token.type not in ("whitespace", "comment")]


def _keyword(tokens: list) -> str | None:
    return tokens[0].lower_value if len(tokens) == 1 and tokens[0].type == "ident" else None


def _valid(name: str, tokens: list) -> bool:
    """Whether a browser takes `tokens` as a value of the property `name` (colours, paints, opacities and font
    sizes are checked, as the words and drawings depend on them; any other value is taken as it is)."""
    if not tokens:
        return False
    if _keyword(tokens) in _GLOBAL_KEYWORDS:
        return True
    if name in _OPACITIES:
        return _opacity(tokens) is not None
    if name in _PAINTS:
        return _is_paint(tokens)
    if name in _COLOURS:
        return len(tokens) == 1 and tinycss2.color4.parse_color(tokens[0]) is not None
    if name == "font-size":
        return _size_in_units(tokens, DEFAULT_FONT_SIZE) is not None
    if name == "stroke-miterlimit":
        return len(tokens) == 1 and tokens[0].type == "number" and tokens[0].value >= 1
    return True


def _is_paint(tokens: list) -> bool:
    """none, a colour, currentColor, context-fill or context-stroke, or url(#...) with a fallback of none or a colour."""
    first, rest = tokens[0], tokens[1:]
    if _is_url(first):
        return not rest or (len(rest) == 1 and (_keyword(rest) == "none" or
                                                tinycss2.color4.parse_color(rest[0]) is not None))
    return not rest and (_keyword(tokens) in ("none", "context-fill", "context-stroke") or
                         tinycss2.color4.parse_color(first) is not None)


def _is_url(token) -> bool:
    return token.type == "url" or (token.type == "function" and token.lower_name == "url")


def _opacity(tokens: list) -> float | None:
    """An opacity as a number from 0 to 1 (a number, or a percentage as SVG 2 allows)."""
    if len(tokens) != 1 or tokens[0].type not in ("number", "percentage"):
        return None
    value = tokens[0].value / (100 if tokens[0].type == "percentage" else 1)
    return min(1.0, max(0.0, value))


def _size_in_units(tokens: list, parent: float) -> float | None:
    """A font size in user units from its CSS value (px, pt, mm..., em, %, a keyword); None if a browser
    would ignore it (a negative size, "null", two numbers)."""
    if len(tokens) != 1:
        return None
    token = tokens[0]
    if token.type == "ident":
        keyword = token.lower_value
        return {"larger": parent * 1.2, "smaller": parent / 1.2}.get(keyword, _SIZE_KEYWORDS.get(keyword))
    if token.type not in ("number", "dimension", "percentage") or token.value < 0:
        return None
    if token.type == "number":
        return float(token.value)  # user units, as SVG's attributes (and browsers' SVG styles) allow
    if token.type == "percentage":
        return parent * token.value / 100
    unit = token.lower_unit
    relative = {"em": parent, "ex": parent / 2, "ch": parent / 2, "rem": DEFAULT_FONT_SIZE}
    factor = _ABSOLUTE_UNITS.get(unit, relative.get(unit))
    return token.value * factor if factor is not None else None


def _specified(element, name: str) -> list | None:
    """The element's own value for a property, as a browser takes it: its style attribute's last valid
    declaration (an earlier !important one wins), else its presentation attribute if valid; None if neither."""
    chosen: tuple[list, bool] | None = None
    for declaration in _declarations(element.get("style", "")):
        if declaration.lower_name == name:
            tokens = _tokens(declaration.value)
            if _valid(name, tokens) and (chosen is None or declaration.important or not chosen[1]):
                chosen = tokens, declaration.important
    if chosen is not None:
        return chosen[0]
    attribute = element.get(name)
    tokens = _tokens(attribute) if attribute is not None else []
    return tokens if _valid(name, tokens) else None


def _inherited_tokens(element, name: str) -> list | None:
    """The value a property has on the element: its own, else its nearest ancestor's (`inherit` looks up)."""
    while element is not None:
        tokens = _specified(element, name)
        keyword = _keyword(tokens) if tokens else None
        if keyword in ("initial", "revert"):
            return None
        if tokens is not None and keyword not in ("inherit", "unset"):
            return tokens
        element = element.getparent()
    return None


def _inherited(element, name: str) -> str | None:
    """A property's value on the element as lower-case text ("middle", "bold", "700")."""
    tokens = _inherited_tokens(element, name)
    return tinycss2.serialize(tokens).strip().lower() if tokens else None


def _font_size(element) -> float:
    """The element's font size in user units: each size from the outermost element in, with its units (a
    size in em or % is its parent's times that), a value a browser ignores left out."""
    size = DEFAULT_FONT_SIZE
    for ancestor in reversed([element, *element.iterancestors()]):
        tokens = _specified(ancestor, "font-size")
        if tokens is not None and _keyword(tokens) not in _GLOBAL_KEYWORDS:
            size = _size_in_units(tokens, size)
    return size


def _rgba(token) -> tuple[float, float, float, float] | None:
    """A colour token as sRGB red, green, blue and alpha from 0 to 1; None if it is not a colour, or is one
    only a CSS Color 4 space names (lab(), oklch()), which is left as written."""
    colour = tinycss2.color4.parse_color(token)
    if colour is None or isinstance(colour, str):
        return None
    try:
        red, green, blue = (min(1.0, max(0.0, channel)) for channel in colour.to("srgb").coordinates)
    except NotImplementedError:
        return None
    return red, green, blue, colour.alpha


def _hex(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in (red, green, blue))


def _written(red: float, green: float, blue: float, alpha: float) -> str:
    """A colour as every drawing library reads it: #rrggbb, or rgba() when it lets some through."""
    if alpha >= 1:
        return _hex(red, green, blue)
    return f"rgba({round(red * 255)}, {round(green * 255)}, {round(blue * 255)}, {alpha:g})"


def _paint_colour(element, name: str) -> str | None:
    """The colour a fill or stroke paints the element with, as #rrggbb: "none" if it paints nothing, None if
    no colour is given (or only a gradient without a fallback colour)."""
    tokens = _inherited_tokens(element, name)
    if not tokens:
        return None
    if _is_url(tokens[0]):
        tokens = tokens[1:]  # the colour to use where the gradient or pattern cannot be
        if not tokens:
            return None
    if _keyword(tokens) == "none":
        return "none"
    if _keyword(tokens) == "currentcolor":
        tokens = _inherited_tokens(element, "color") or []
    found = _rgba(tokens[0]) if len(tokens) == 1 else None
    return _hex(*found[:3]) if found else None


def _rewritten(css: str, rewrite: Callable[[str, str], str | None]) -> str:
    """A style attribute's (or rule's) declarations, each value replaced by `rewrite(name, value)`, or left out
    when it gives None; a declaration a browser cannot parse is left out, as a browser leaves it out."""
    kept = []
    for declaration in _declarations(css):
        value = rewrite(declaration.lower_name, tinycss2.serialize(declaration.value).strip())
        if value is not None:
            kept.append(f"{declaration.lower_name}:{value}" + ("!important" if declaration.important else ""))
    return ";".join(kept)


def _rewritten_sheet(css: str, rewrite: Callable[[str, str], str | None]) -> str:
    """A `<style>` element's rules with each declaration rewritten (see `_rewritten`), in @media too."""
    rules = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            rules.append(f"{tinycss2.serialize(rule.prelude).strip()} {{ "
                         f"{_rewritten(tinycss2.serialize(rule.content), rewrite)} }}")
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
            rules.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{ "
                         f"{_rewritten_sheet(tinycss2.serialize(rule.content), rewrite)} }}")
        elif rule.type == "at-rule":
            rules.append(rule.serialize())
    return "\n".join(rules)


def _each_colour(value: str, change: Callable[[tuple[float, float, float, float]], str]) -> str:
    """The value with each colour in it replaced by `change(red, green, blue, alpha)`; the rest as it was."""
    tokens = tinycss2.parse_component_value_list(value, skip_comments=True)
    return "".join(change(found) if (found := _rgba(token)) else tinycss2.serialize([token])
                   for token in tokens).strip()
