"""An SVG picture as a PNG at print resolution for Word: the drawing by CairoSVG, its words by Pillow with
HarfBuzz and FriBiDi (raqm), in the version's font, so that Urdu letters join and run right to left.

CairoSVG gets the picture as a browser would draw it (`svg.drawable`: no value it would stop on) and fetches
nothing: the pictures embedded in it are handed over from their checked bytes, any other address is refused."""

from __future__ import annotations

import hashlib
import io
import json
import sys
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from builder.fonts import face_data, font_files
from builder.locale import Locale
from builder import cache
from builder import svg as svg_module
from builder.svg import Label, drawable, embedded_picture, labels, origin, size_of, without_words

PRINT_DPI = 200
LINE_HEIGHT = 1.2


def drawing_png(svg: str, locale: Locale, width_mm: float, cache_dir: Path | None = None) -> bytes:
    """The picture `width_mm` wide at 200 dots per inch, its labels set in `locale`'s font. Kept in
    `cache_dir`: drawing takes a third of a second a picture, and loading the SVG library half a second."""
    font = locale.font
    files = font_files(font.family)
    # A picture without words (an Easy Read symbol) is the same in every language: drawn once for all.
    fonts = [locale.tag, font.family, font.size_adjust, sorted((weight, str(path)) for weight, path in files.items())]
    key = hashlib.sha256(json.dumps([svg, width_mm, PRINT_DPI, fonts if labels(svg) else None, _drawn_by()]
                                    ).encode()).hexdigest()
    cached = cache_dir / "drawings" / key[:2] / f"{key}.png" if cache_dir else None
    found = cache.read(cached) if cached is not None else None
    if found is not None:
        return found
    png = _draw(svg, locale, width_mm, {weight: face_data(path, font.size_adjust) for weight, path in files.items()})
    if cached is not None:
        cache.keep(cached, png)
    return png


@lru_cache(maxsize=1)
def _drawn_by() -> list[str]:
    """What draws a picture, for its cache key: the libraries' versions, this code and the code that reads the
    SVG's styles and words (builder/svg/). Read once a process, not for every picture."""
    code = [Path(__file__), *sorted(Path(svg_module.__file__).parent.glob("*.py"))]
    return [version("cairosvg"), version("pillow")] + [hashlib.sha256(path.read_bytes()).hexdigest() for path in code]


def _draw(svg: str, locale: Locale, width_mm: float, files: dict[int, bytes]) -> bytes:
    from PIL import ImageDraw

    width_px = round(width_mm / 25.4 * PRINT_DPI)
    scale = width_px / size_of(svg)[0]
    image = _drawing(without_words(drawable(svg)), width_px)
    pen = ImageDraw.Draw(image)
    direction = "rtl" if locale.rtl else "ltr"
    left, top = origin(svg)
    for label in labels(svg):
        _write(pen, label, scale, files, direction, left, top)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)  # optimize=True: 4% smaller, three times the time
    return out.getvalue()


def _drawing(svg: str, width_px: int):
    """The SVG drawn by CairoSVG on white (a clear background is black to some readers), as a Pillow image:
    its pixels handed over as they are, not written to a PNG and read back (half the time of a drawing)."""
    from cairosvg.parser import Tree
    from cairosvg.surface import PNGSurface
    from PIL import Image

    tree = Tree(bytestring=_sized(svg).encode("utf-8"), unsafe=False, url_fetcher=_embedded_only)
    surface = PNGSurface(tree, None, 96, output_width=width_px, background_color="#ffffff")
    pixels = surface.cairo  # ARGB32 in the machine's byte order, opaque on white
    pixels.flush()
    order = "BGRX" if sys.byteorder == "little" else "XRGB"
    image = Image.frombuffer("RGB", (pixels.get_width(), pixels.get_height()), bytes(pixels.get_data()), "raw",
                             order, pixels.get_stride(), 1)
    surface.finish()
    return image


def _sized(svg: str) -> str:
    """The picture with its width and height those of its drawing (`size_of`), as the page draws it: CairoSVG
    works out a size of its own from a width alone (width="1e6" and a viewBox) and stopped on it."""
    from lxml import etree

    root = etree.fromstring(svg.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    width, height = size_of(svg)
    root.set("width", f"{width:g}")
    root.set("height", f"{height:g}")
    return etree.tostring(root, encoding="unicode")


def _embedded_only(url: str, resource_type: str) -> bytes:
    """CairoSVG's fetcher: a picture embedded in the SVG (a data: address, checked when the course was read)
    from its own bytes; any other address is refused (the check lets none through: this is the last guard)."""
    if not url.lower().startswith("data:"):
        raise ValueError(f"refused to fetch {url[:80]}: a picture may only hold pictures embedded in it")
    return embedded_picture(url)[1]


def _write(pen, label: Label, scale: float, files: dict, direction: str, left: float, top_edge: float) -> None:
    from PIL import ImageFont

    size = max(1, round(label.size * scale))
    font = ImageFont.truetype(io.BytesIO(files[700 if label.bold else 400]), size, layout_engine=ImageFont.Layout.RAQM)
    lines = _lines(label.text, font, label.wrap * scale if label.wrap else None, direction)
    step = size * LINE_HEIGHT
    top = (label.y - top_edge) * scale - (len(lines) * step / 2 if label.middle else size * 0.8)
    anchor = {"middle": "m", "end": "r"}.get(label.anchor, "l")
    for index, line in enumerate(lines):
        pen.text(((label.x - left) * scale, top + (index + 0.5) * step), line, font=font,
                 fill=label.colour or "#111111", anchor=f"{anchor}m", direction=direction)


def _lines(text: str, font, width: float | None, direction: str) -> list[str]:
    """Words broken into lines no wider than `width` pixels, measured in the font."""
    if not width:
        return [text]
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(trial, direction=direction) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines
