"""An SVG picture as a PNG at print resolution for Word: the drawing by CairoSVG, its words by Pillow with
HarfBuzz and FriBiDi (raqm), in the version's font, so that Urdu letters join and run right to left."""

from __future__ import annotations

import io

from builder.fonts import face_data, font_files, font_for
from builder.languages import lookup
from builder.svg import Label, labels, origin, size_of, without_words

PRINT_DPI = 200
LINE_HEIGHT = 1.2


def drawing_png(svg: str, lang: str, width_mm: float) -> bytes:
    """The picture `width_mm` wide at 200 dots per inch, its labels set in `lang`'s font."""
    import cairosvg
    from PIL import Image, ImageDraw

    width_px = round(width_mm / 25.4 * PRINT_DPI)
    scale = width_px / size_of(svg)[0]
    drawn = cairosvg.svg2png(bytestring=without_words(svg).encode("utf-8"), output_width=width_px, unsafe=False)
    image = Image.open(io.BytesIO(drawn)).convert("RGB")
    pen = ImageDraw.Draw(image)
    language = lookup(lang)
    direction = "rtl" if language and language.rtl else "ltr"
    font = font_for(lang)
    files = {weight: face_data(path, font.size_adjust) for weight, path in font_files(font.family).items()}
    left, top = origin(svg)
    for label in labels(svg):
        _write(pen, label, scale, files, direction, left, top)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


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
