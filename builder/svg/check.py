"""An SVG picture checked so that drawing it can read no file and reach no address: no scripts, no entities,
no links outside itself, no pictures inside it but PNG, JPEG or GIF embedded in it (checked as the course's
own pictures are), and a cap on its size and number of elements."""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
from typing import Callable
from urllib.parse import unquote_to_bytes

from lxml import etree

from builder.svg.rebuild import rebuilt

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
MAX_BYTES = 2_000_000  # the drawing's own markup, without the pictures embedded in it
MAX_FILE_BYTES = 20_000_000  # the whole file, pictures in it included: builder.picture_bytes.MAX_BYTES
MAX_PIXELS = 40_000_000  # the pictures embedded in it, together: builder.pictures.MAX_PIXELS
MAX_ELEMENTS = 10_000
REFUSED_ELEMENTS = {"script": "a script", "handler": "a script", "foreignObject": "HTML inside it (foreignObject)",
                    "iframe": "a web page inside it", "use": None}
ANIMATIONS = ("set", "animate", "animateColor", "animateMotion", "animateTransform")
# The pictures an SVG may hold, by their media type: the bytes they start with, and Pillow's name for them
EMBEDDED = {"image/png": ((b"\x89PNG\r\n\x1a\n",), "PNG"), "image/jpeg": ((b"\xff\xd8\xff",), "JPEG"),
            "image/gif": ((b"GIF87a", b"GIF89a"), "GIF")}
_MEDIA_ALIASES = {"image/jpg": "image/jpeg"}
_PLAIN_DOCTYPE = re.compile(  # a DOCTYPE with at most an external identifier: no internal subset
    r"""<!DOCTYPE\s+[\w:.-]+(?:\s+(?:PUBLIC\s+(?:"[^"]*"|'[^']*')(?:\s+(?:"[^"]*"|'[^']*'))?"""
    r"""|SYSTEM\s+(?:"[^"]*"|'[^']*')))?\s*>""", re.IGNORECASE)
_DOCTYPE = re.compile(r"<!DOCTYPE\b", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"on[a-z]+", re.IGNORECASE)  # onload, onclick: what HTML and SVG run as scripts
_URL = re.compile(r"url\(\s*(?!['\"]?\s*#)", re.IGNORECASE)


class UnsafeSvg(ValueError):
    """Why an SVG cannot be used, in words for the trainer."""


def checked_svg(data: bytes) -> str:
    """The SVG, if it is safe to draw, as text written again through an allow-list (builder.svg.rebuild):
    only what a static drawing needs, each element on the line it had in the file, as a translation's
    reference to a line says. UnsafeSvg says what is wrong with one that is refused."""
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
    _check_size(root)
    if view_size(root) is None:
        raise UnsafeSvg("has no size: give its <svg> a viewBox, e.g. viewBox=\"0 0 800 450\"")
    return rebuilt(root)


MAX_EXTENT = 1_000_000  # user units: a drawing this many wide is a mistake (1e309 is infinite; 1e9 took a minute)
_LENGTH = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(?:px|pt|pc|mm|cm|in|em|ex|%)?\s*")


def _check_size(root) -> None:
    """The picture's size is numbers a drawing can have: finite, above 0 and at most MAX_EXTENT. Writers draw
    it at that size; an infinite one made large print loop for ever."""
    for name in ("width", "height"):
        value = root.get(name)
        if value is None:
            continue
        found = _LENGTH.fullmatch(value)
        if not found or not 0 < float(found.group(1)) <= MAX_EXTENT:
            raise UnsafeSvg(f"has {name}=\"{value[:30]}\", which is not a size a picture can have: give a number "
                            f"such as {name}=\"800\", or leave it out")
    box = root.get("viewBox")
    if box is not None:
        try:
            numbers = [float(part) for part in re.split(r"[\s,]+", box.strip())]
        except ValueError:
            numbers = []
        if len(numbers) != 4 or not all(abs(n) <= MAX_EXTENT for n in numbers) or min(numbers[2:]) <= 0:
            raise UnsafeSvg(f"has viewBox=\"{box[:40]}\", which is not four numbers a picture can have (left, top, "
                            f"width and height, at most {MAX_EXTENT:,}): e.g. viewBox=\"0 0 800 450\"")


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
