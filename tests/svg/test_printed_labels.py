"""The sample's diagrams as large print prints them in Polish, Portuguese and Urdu, at 18 and 24 point, read
back from the PDF (tests/svg/printed.py): no line of words over another, each inside its shape, clear of its
outline, and the scale read right to left in Urdu; and the Urdu Word drawing's labels apart."""

from __future__ import annotations

import dataclasses

import pytest

from builder.course import load_course
from builder.locale import locale_for
from builder.model import Figure
from builder.versions import version
from builder.walk import descendants
from builder.writers import get
from tests.conftest import ROOT
from tests.svg.printed import Picture, pictures

PICTURES = ("images/thoughts-feelings-actions.svg", "images/assertiveness-scale.svg")
LANGUAGES = ("pl", "pt", "ur")
SIZES = (18, 24)


def _figures(lang: str):
    """The version's two reviewed diagrams, each alone in its module, in the sample's order."""
    course, _ = load_course(ROOT / "content")
    translated = version(course, "participant", lang)
    modules, figures = [], []
    for module in translated.modules:
        found = [block for block in descendants(module.blocks) if isinstance(block, Figure) and block.src in PICTURES]
        if found:
            modules.append(dataclasses.replace(module, blocks=found))
            figures += found
    assert sorted(figure.src for figure in figures) == sorted(PICTURES)
    return dataclasses.replace(translated, modules=modules), figures


@pytest.fixture(scope="module")
def printed() -> dict[tuple[str, int], dict[str, Picture]]:
    """Each language's large print at each size: its pictures by file, read back."""
    found = {}
    for lang in LANGUAGES:
        translated, _ = _figures(lang)
        options = {"sizes": list(SIZES), "colour-scheme": "standard"}
        files = get("large-print").write(translated, locale_for(lang), options)
        for output in files:
            drawn = pictures(output.data)
            assert len(drawn) == len(PICTURES), (lang, output.options["size"])  # each drawn whole, in one part
            found[lang, output.options["size"]] = dict(zip(("scale", "thoughts"), drawn))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_no_line_of_a_pictures_words_is_printed_over_another(printed, lang, size):
    """Urdu's احساسات was printed over its description (its lines centred on the same place)."""
    for name, picture in printed[lang, size].items():
        assert picture.overlapping() == [], (name, lang, size)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_every_line_of_a_pictures_words_lies_inside_its_shape(printed, lang, size):
    """"My needs don't count" ran through its box's edges in Urdu; Portuguese "Pensamentos" and "humor reagem"
    crossed their circles (their widths were guessed from their letter counts)."""
    for name, picture in printed[lang, size].items():
        assert picture.crossing() == [], (name, lang, size)


@pytest.mark.parametrize("size", SIZES)
def test_the_scale_is_mirrored_for_urdu_and_only_for_urdu(printed, size):
    """The scale allows mirroring (data-mirror="allowed"): in Urdu each row's name (bold) is read first, on the
    right of what it means; in Polish, on the left."""
    for lang, name_on_the_right in (("ur", True), ("pl", False)):
        picture = printed[lang, size]["scale"]
        rows = [[line for line in picture.lines if outline.contains(*_middle(line))] for outline in picture.outlines]
        assert len(rows) == 3 and all(rows), lang
        for row in rows:
            names, meanings = [line for line in row if line.bold], [line for line in row if not line.bold]
            assert names and meanings, (lang, [line.text for line in row])
            if name_on_the_right:
                assert min(line.box[0] for line in names) > max(line.box[2] for line in meanings), lang
            else:
                assert max(line.box[2] for line in names) < min(line.box[0] for line in meanings), lang


def _middle(line) -> tuple[float, float]:
    return (line.box[0] + line.box[2]) / 2, (line.box[1] + line.box[3]) / 2


def test_words_are_printed_as_wide_as_they_were_measured(printed):
    """The layout measures each line in the font and shaper that print it (Pillow's raqm, WeasyPrint's Pango:
    both HarfBuzz): the PDF's line is as wide as measured, within a few hundredths (Urdu's spaces are
    Atkinson's)."""
    from builder.svg.measure import extent, face_for

    for (lang, size), drawn in printed.items():
        for picture in drawn.values():
            for line in picture.lines:
                measured = extent(face_for(line.text, lang, line.bold), line.text).advance * line.size
                assert line.width == pytest.approx(measured, rel=0.03), (lang, size, line.text)


def test_the_urdu_word_drawing_keeps_its_labels_apart():
    """Word's drawing of the Urdu picture set احساسات over its description too: each label drawn alone by
    the Word writer (Pillow, HarfBuzz) covers pixels no other label covers."""
    from PIL import Image, ImageDraw, ImageOps

    from builder import svg
    from builder.fonts import face_data, font_files
    from builder.writers.word import drawing

    _, figures = _figures("ur")
    locale = locale_for("ur")
    files = {weight: face_data(path, locale.font.size_adjust)
             for weight, path in font_files(locale.font.family).items()}
    for figure in figures:
        laid = svg.in_scheme(figure.svg, "standard", wrap=False)
        width = 1000
        scale = width / svg.size_of(laid)[0]
        boxes = []
        for label in svg.labels(laid):
            image = Image.new("L", (width, round(svg.size_of(laid)[1] * scale)), 255)
            drawing._write(ImageDraw.Draw(image), label, scale, files, "rtl", *svg.origin(laid))
            boxes.append((label.text, ImageOps.invert(image).point(lambda value: 255 if value > 64 else 0).getbbox()))
        overlapping = [(a, b) for index, (a, first) in enumerate(boxes) for b, second in boxes[index + 1:]
                       if first[0] < second[2] and second[0] < first[2]
                       and first[1] < second[3] and second[1] < first[3]]
        assert len(boxes) > 6 and overlapping == [], figure.src
