"""Fonts: letters of every script look the same size as the Latin beside them, measured in what is made."""

from __future__ import annotations

import io
import statistics

import pdfplumber
import pikepdf
import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from builder.locale import locale_for
from builder.course import load_course
from builder.writers import get

LATIN_BODY = "xzvwnu"  # letters without ascenders or descenders: their height is the x-height
ARABIC_BODY = "درسصمهوی"  # letters standing on the line without tall strokes or dots above
MODULE = ("# Sizes\n\nx z v w n u sample words\n\n"
          f"[{' '.join(ARABIC_BODY)} یہ اردو متن ہے]{{lang=ur}}\n")


def letter_heights(pdf: bytes) -> dict[str, float]:
    """Height in points above the baseline of each letter as drawn: its outline in the font the PDF embeds,
    at the size the page sets it (so a font drawn larger than its stated size is measured as drawn)."""
    fonts = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for font in page.Resources.Font.values():
                descendant = font.DescendantFonts[0]
                data = descendant.FontDescriptor.FontFile2.read_bytes()
                fonts[str(font.BaseFont)[1:]] = TTFont(io.BytesIO(data))
    heights: dict[str, float] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for char in (char for page in document.pages for char in page.chars):
            font = fonts[char["fontname"]]
            glyph = font.getBestCmap().get(ord(char["text"]))
            if glyph is None or char["text"] in heights:
                continue
            pen = BoundsPen(font.getGlyphSet())
            font.getGlyphSet()[glyph].draw(pen)
            if pen.bounds:
                heights[char["text"]] = pen.bounds[3] / font["head"].unitsPerEm * char["size"]
    return heights


@pytest.mark.parametrize("size", [18, 24])
def test_urdu_letters_in_the_pdf_stand_as_tall_as_latin_ones(course_dir, size):
    course, _ = load_course(course_dir({"01-sizes.md": MODULE}))
    pdf = get("large-print").write(course, locale_for("en-GB"), {"sizes": [size], "colour-scheme": "standard"})[0].data
    heights = letter_heights(pdf)
    latin = statistics.median(heights[letter] for letter in LATIN_BODY)
    arabic = statistics.median(heights[letter] for letter in ARABIC_BODY)
    assert latin == pytest.approx(size * 0.496, rel=0.02)  # Atkinson's x-height, at the size asked for
    assert 0.9 <= arabic / latin <= 1.1, (arabic, latin)



def test_a_font_drawn_larger_is_the_same_file_every_build(monkeypatch):
    """Its bytes are an input of the large print cache and go into every PDF and EPUB: a save time inside
    them would make no two builds alike."""
    import time

    from builder.fonts import face_data, font_files

    path = next(iter(font_files("Noto Naskh Arabic").values()))
    first = face_data.__wrapped__(path, 1.35)  # not the copy kept for this process
    later = time.time() + 86_400
    monkeypatch.setattr(time, "time", lambda: later)
    assert face_data.__wrapped__(path, 1.35) == first
    assert TTFont(io.BytesIO(first))["head"].unitsPerEm == round(TTFont(path)["head"].unitsPerEm / 1.35)
