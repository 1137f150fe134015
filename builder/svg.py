"""SVG pictures: checked so that drawing one can read no file and reach no address, then, for each
version, their words replaced (translation) and their colours moved to the colour scheme; measured so
that large print can draw their smallest words at the chosen size.

A picture is untrusted content like a module: no scripts, no entities, no links outside itself, no
pictures inside it but PNG, JPEG or GIF embedded in it (checked as the course's own pictures are), and a
cap on its size and number of elements. Its styles are read as a browser reads them (with tinycss2): a
value a browser ignores (`stroke-opacity="null"`) is ignored here too, and taken out before drawing.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
from dataclasses import dataclass
from typing import Callable
from urllib.parse import unquote_to_bytes

import tinycss2
import tinycss2.color4
from lxml import etree

from builder.colours import SCHEMES

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
MAX_BYTES = 2_000_000  # the drawing's own markup, without the pictures embedded in it
MAX_FILE_BYTES = 20_000_000  # the whole file, pictures in it included: builder.pictures.MAX_BYTES
MAX_PIXELS = 40_000_000  # the pictures embedded in it, together: builder.pictures.MAX_PIXELS
MAX_ELEMENTS = 10_000
DEFAULT_FONT_SIZE = 16.0  # user units, as browsers and WeasyPrint assume
REFUSED_ELEMENTS = {"script": "a script", "handler": "a script", "foreignObject": "HTML inside it (foreignObject)",
                    "iframe": "a web page inside it", "use": None}
ANIMATIONS = ("set", "animate", "animateColor", "animateMotion", "animateTransform")
TEXT_ELEMENTS = ("text", "tspan", "title", "desc")
# The pictures an SVG may hold, by their media type: the bytes they start with, and Pillow's name for them
EMBEDDED = {"image/png": ((b"\x89PNG\r\n\x1a\n",), "PNG"), "image/jpeg": ((b"\xff\xd8\xff",), "JPEG"),
            "image/gif": ((b"GIF87a", b"GIF89a"), "GIF")}
_MEDIA_ALIASES = {"image/jpg": "image/jpeg"}
_PLAIN_DOCTYPE = re.compile(  # a DOCTYPE with at most an external identifier: no internal subset
    r"""<!DOCTYPE\s+[\w:.-]+(?:\s+(?:PUBLIC\s+(?:"[^"]*"|'[^']*')(?:\s+(?:"[^"]*"|'[^']*'))?"""
    r"""|SYSTEM\s+(?:"[^"]*"|'[^']*')))?\s*>""", re.IGNORECASE)
_DOCTYPE = re.compile(r"<!DOCTYPE\b", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"on[a-z]+", re.IGNORECASE)  # onload, onclick: what HTML and SVG run as scripts
_URL = re.compile(r"url\(\s*(['\"]?)(?!#)", re.IGNORECASE)
_NUMBER = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")
# Properties whose values are checked: colours and paints, opacities, and a number CairoSVG reads with float()
_PAINTS = ("fill", "stroke")
_COLOURS = ("stop-color", "flood-color", "lighting-color", "color")
_COLOUR_ATTRIBUTES = _PAINTS + _COLOURS
_OPACITIES = ("opacity", "fill-opacity", "stroke-opacity", "stop-opacity", "flood-opacity")
_GLOBAL_KEYWORDS = ("inherit", "initial", "unset", "revert")
_ABSOLUTE_UNITS = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6}
_SIZE_KEYWORDS = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0, "x-large": 24.0,
                  "xx-large": 32.0, "xxx-large": 48.0}


class UnsafeSvg(ValueError):
    """Why an SVG cannot be used, in words for the trainer."""


@dataclass(frozen=True)
class SvgText:
    """One run of words in a picture: its element's place in the document, and its source line."""

    index: int  # position among the picture's text-bearing elements, in document order
    text: str
    line: int
    element_id: str | None


# ---- checking --------------------------------------------------------------------------------------------

def checked_svg(data: bytes) -> str:
    """The SVG as text if it is safe to draw, without its DOCTYPE (blanked out, so that every line stays where
    it was in the file, as a translation's reference to a line says); UnsafeSvg says what is wrong."""
    if len(data) > MAX_FILE_BYTES:
        raise UnsafeSvg(f"is over {MAX_FILE_BYTES // 1_000_000} MB: simplify it")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise UnsafeSvg("is not UTF-8 text: save it again as SVG (UTF-8)") from None
    text = _without_doctype(text)
    root = _parse(text)
    if root.getroottree().docinfo.doctype:  # the text said none was left: never draw one the parser found
        raise UnsafeSvg(_ENTITIES)
    if etree.QName(root).localname != "svg" or etree.QName(root).namespace != SVG:
        raise UnsafeSvg("is not an SVG picture (its first element is not <svg>)")
    pixels = embedded = 0
    for count, element in enumerate(root.iter(), 1):
        if count > MAX_ELEMENTS:
            raise UnsafeSvg(f"has more than {MAX_ELEMENTS:,} elements: simplify it")
        if not isinstance(element.tag, str):
            continue
        _check_element(element)
        for address in _picture_addresses(element):
            pixels += _checked_picture(address, pixels)
            embedded += len(address)
    if len(data) - embedded > MAX_BYTES:
        raise UnsafeSvg(f"is over {MAX_BYTES // 1_000_000} MB without the pictures in it: simplify it")
    if view_size(root) is None:
        raise UnsafeSvg("has no size: give its <svg> a viewBox, e.g. viewBox=\"0 0 800 450\"")
    return text


_ENTITIES = ("declares entities or other definitions in its DOCTYPE, which can make a picture read files or grow "
             "without end: save it again without them (Inkscape: Save as plain SVG; Illustrator: untick Preserve "
             "Illustrator Editing Capabilities)")
_PICTURE = ("has a picture inside it, which is not allowed unless it is embedded in the SVG as PNG, JPEG or GIF "
            "(Inkscape: Import, then Embed): not a link to another file or address")


def _without_doctype(text: str) -> str:
    """The text with its DOCTYPE line blanked out, its line breaks kept: a DOCTYPE that only names SVG's DTD
    (as SVG 1.1 exports write it) is harmless, but one with an internal subset can declare entities."""
    if re.search(r"<!ENTITY", text, re.IGNORECASE):
        raise UnsafeSvg(_ENTITIES)
    plain = _PLAIN_DOCTYPE.sub(lambda found: "\n" * found.group(0).count("\n"), text)
    if _DOCTYPE.search(plain):
        raise UnsafeSvg(_ENTITIES)
    return plain


def _check_element(element) -> None:
    """Refuse what could run a script or reach outside the picture; a picture inside it is checked apart."""
    name = etree.QName(element).localname
    if name in REFUSED_ELEMENTS and (name != "use" or not _local_reference(element)):
        what = REFUSED_ELEMENTS[name] or "a reference to another file"
        raise UnsafeSvg(f"has {what}, which is not allowed: draw it in the picture itself")
    target = element.get("attributeName", "").rpartition(":")[2]
    if name in ANIMATIONS and (target == "href" or _EVENT_HANDLER.fullmatch(target)):
        raise UnsafeSvg(f"has an animation that changes a link or a script ({target}), which is not allowed: "
                        "remove it")
    for attribute, value in element.attrib.items():
        qualified = etree.QName(attribute)
        # Only HTML's and SVG's own event attributes run: inkscape:onion-skin or only_selected (a path effect's
        # setting, without a namespace) are data.
        if qualified.namespace in (None, SVG) and _EVENT_HANDLER.fullmatch(qualified.localname):
            raise UnsafeSvg(f"has a script ({qualified.localname}=...), which is not allowed: remove it")
        if qualified.localname == "href" and name != "image" and not value.strip().startswith("#"):
            raise UnsafeSvg("links to another file or address, which is not allowed: keep everything inside "
                            "the picture")
        if _URL.search(value):
            raise UnsafeSvg("refers to another file or address (url(...)), which is not allowed")
    if name == "style" and (_URL.search(element.text or "") or "@import" in (element.text or "")):
        raise UnsafeSvg("has a style that loads another file, which is not allowed")


def _picture_addresses(element) -> list[str]:
    """An `<image>`'s addresses (href, xlink:href): each must be a picture embedded as data."""
    if etree.QName(element).localname != "image":
        return []
    found = [value for attribute, value in element.attrib.items() if etree.QName(attribute).localname == "href"]
    if any(not value.strip().lower().startswith("data:") for value in found):
        raise UnsafeSvg(_PICTURE)
    return found


def _checked_picture(address: str, pixels_before: int) -> int:
    """The pixels of a picture embedded as a data: address, checked as the course's own pictures are: PNG,
    JPEG or GIF by its bytes, within the pixel cap with the pictures before it, and whole (decoded in full,
    every PNG chunk's checksum too, so that no drawing library meets a broken one)."""
    from PIL import Image

    media, data = embedded_picture(address)
    signatures, kind = EMBEDDED[media]
    if not data.startswith(signatures):
        raise UnsafeSvg(f"has a picture inside it that is not the {kind} it says it is: embed it again")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as picture:
                width, height = picture.size
            if pixels_before + width * height <= MAX_PIXELS:
                with Image.open(io.BytesIO(data), formats=[kind]) as picture:
                    picture.load()
                if kind == "PNG":
                    with Image.open(io.BytesIO(data), formats=[kind]) as picture:
                        picture.verify()
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise UnsafeSvg("has a picture inside it that is damaged (cut short or corrupt): embed it again from a "
                        "good copy") from None
    if pixels_before + width * height > MAX_PIXELS:
        raise UnsafeSvg(f"has pictures inside it of {pixels_before + width * height:,} pixels in all (the last "
                        f"{width} x {height}), over {MAX_PIXELS // 1_000_000} million pixels: make them smaller")
    return width * height


_DATA = re.compile(r"data:([^,]*),(.*)", re.IGNORECASE | re.DOTALL)


def embedded_picture(address: str) -> tuple[str, bytes]:
    """The media type and bytes of a picture embedded as a data: address, read as a browser reads one
    (white space in the base64 ignored, as Inkscape 0.92 broke it into lines); UnsafeSvg if it is not a
    PNG, JPEG or GIF, or cannot be read."""
    found = _DATA.fullmatch(address.strip())
    if not found:
        raise UnsafeSvg(_PICTURE)
    header = [part.strip().lower() for part in found.group(1).split(";")]
    media = _MEDIA_ALIASES.get(header[0], header[0])
    if media not in EMBEDDED:
        raise UnsafeSvg(f"has a picture inside it of type {media or 'unknown'}, which is not allowed: embed "
                        "pictures as PNG, JPEG or GIF")
    payload = unquote_to_bytes(found.group(2))
    if header[-1] != "base64":
        return media, payload
    core = b"".join(payload.split()).rstrip(b"=")
    try:
        if len(core) % 4 == 1:
            raise binascii.Error("cut short")
        return media, base64.b64decode(core + b"=" * (-len(core) % 4), validate=True)
    except binascii.Error:
        raise UnsafeSvg("has a picture inside it that is damaged (its base64 text cannot be read): embed it "
                        "again") from None


def with_pictures_at(svg: str, place: Callable[[str, bytes], str]) -> str:
    """The SVG with each embedded picture's address replaced by the one `place(media type, bytes)` gives: for
    a drawing library that fetches nothing but the build's own files."""
    root = _parse(svg)
    changed = False
    for element in root.iter(f"{{{SVG}}}image"):
        for attribute, value in element.attrib.items():
            if etree.QName(attribute).localname == "href":
                element.set(attribute, place(*embedded_picture(value)))
                changed = True
    return etree.tostring(root, encoding="unicode") if changed else svg


def _parse(text: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as err:
        if "Resource limit exceeded" in err.msg:  # libxml2's cap on one text or attribute, 10 MB
            raise UnsafeSvg("has a text or a picture inside it over 10 MB: make it smaller") from None
        raise UnsafeSvg(f"cannot be read (line {err.lineno}: {err.msg}): save it again as SVG") from None


def _local_reference(element) -> bool:
    href = element.get("href") or element.get(f"{{{XLINK}}}href") or ""
    return href.startswith("#")


# ---- size ------------------------------------------------------------------------------------------------

def view_size(root) -> tuple[float, float] | None:
    """Width and height in user units: the viewBox, else numeric width and height."""
    box = _view_box(root)
    if box is not None:
        return box[2], box[3]
    try:
        width = float(re.sub(r"px$", "", root.get("width", "").strip()))
        height = float(re.sub(r"px$", "", root.get("height", "").strip()))
    except ValueError:
        return None
    return (width, height) if width > 0 and height > 0 else None


def _view_box(root) -> tuple[float, float, float, float] | None:
    """The viewBox's four numbers when it has them, with a width and height above 0."""
    parts = re.split(r"[\s,]+", (root.get("viewBox") or "").strip())
    try:
        left, top, width, height = (float(part) for part in parts)
    except ValueError:
        return None
    return (left, top, width, height) if width > 0 and height > 0 else None


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


# ---- words -----------------------------------------------------------------------------------------------

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


# ---- styles, read as a browser reads them ------------------------------------------------------------------

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


def _each_colour(value: str, change: Callable[[tuple[float, float, float, float]], str]) -> str:
    """The value with each colour in it replaced by `change(red, green, blue, alpha)`; the rest as it was."""
    tokens = tinycss2.parse_component_value_list(value, skip_comments=True)
    return "".join(change(found) if (found := _rgba(token)) else tinycss2.serialize([token])
                   for token in tokens).strip()


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
    """The picture as drawn on a page in the named colour scheme, its labels wrapped: as authored on the
    standard (white) page; in the others, its background, lines and words take the scheme's colours."""
    svg = wrapped(svg) if wrap else svg
    if scheme_name == "standard":
        return svg
    scheme = SCHEMES[scheme_name]
    return recoloured(svg, scheme.text, scheme.background, scheme.link)


# ---- cutting and laying out ------------------------------------------------------------------------------

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
