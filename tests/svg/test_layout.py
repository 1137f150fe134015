"""Labels laid out in small pictures (builder/svg/layout.py): measured in their font, broken inside their
shape, made smaller down to the picture's smallest words before their shape grows, the shape grown only where
there is room, a label that fits nowhere reported and printed over nothing; the sample's English pictures
as drawn."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from builder import svg
from builder.svg.layout import TooLong
from builder.svg.measure import extent, face_for
from tests.conftest import ROOT
from tests.svg.printed import pictures

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 {height}" font-family="Atkinson Hyperlegible">' \
       '<rect width="800" height="{height}" fill="#ffffff"/>'


def picture(body: str, height: int = 400) -> str:
    return HEAD.format(height=height) + body + "</svg>"


def lines(drawn: str) -> dict[str, list[str]]:
    """Each label's lines, by the label's id."""
    found = re.findall(r'<text[^>]*id="([^"]+)"[^>]*>(.*?)</text>', drawn)
    return {name: re.findall(r"<tspan[^>]*>([^<]*)</tspan>", inner) for name, inner in found}


def attribute(drawn: str, element: str, name: str) -> float:
    """A number of the first element of that name, or of the element with that id ("#heading")."""
    root = etree.fromstring(drawn.encode("utf-8"))
    found = root.find(f".//*[@id='{element[1:]}']" if element.startswith("#") else f".//{{{svg.SVG}}}{element}")
    return float(found.get(name))


def test_a_label_is_measured_not_guessed_from_how_many_letters_it_has():
    """Narrow letters fit the width the picture gives on one line, wide ones need two (a guess of half a letter
    each broke the first and not the second)."""
    drawn = svg.wrapped(picture(
        '<text x="200" y="200" font-size="46" text-anchor="middle" data-wrap="300" id="narrow">'
        'ill will, little lilt</text>'
        '<text x="600" y="200" font-size="46" text-anchor="middle" data-wrap="300" id="wide">WWW MMMMM</text>'))
    assert lines(drawn) == {"narrow": ["ill will, little lilt"], "wide": ["WWW", "MMMMM"]}


def test_a_label_wider_than_its_circle_is_broken_inside_it():
    drawn = svg.laid_out(picture(
        '<circle cx="400" cy="200" r="170" fill="#eeeeee" stroke="#111111" stroke-width="8"/>'
        '<text x="400" y="200" font-size="40" text-anchor="middle" dominant-baseline="middle" id="words">'
        'Comunicação assertiva e respeitosa</text>'))
    assert drawn.too_long == ()
    assert len(lines(drawn.svg)["words"]) >= 3
    face = face_for("Comunicação", "pt", False)
    for label in svg.labels(drawn.svg):
        measured = extent(face, label.text)
        left, right = label.x - measured.advance * 40 / 2, label.x + measured.advance * 40 / 2
        top, bottom = label.y + measured.top * 40, label.y + measured.bottom * 40
        assert all((x - 400) ** 2 + (y - 200) ** 2 < (170 - 4) ** 2 for x in (left, right) for y in (top, bottom))
    assert attribute(drawn.svg, "circle", "r") == 170  # there was room enough in it


def test_a_heading_is_made_smaller_down_to_the_smallest_words_before_its_shape_grows():
    drawn = svg.laid_out(picture(
        '<circle cx="400" cy="200" r="190" fill="#eeeeee" stroke="#111111" stroke-width="8"/>'
        '<text x="400" y="150" font-size="60" font-weight="bold" text-anchor="middle" dominant-baseline="middle" '
        'id="heading">Sentimentos</text>'
        '<text x="400" y="240" font-size="40" text-anchor="middle" dominant-baseline="middle" id="words">'
        'o que sinto</text>'))
    assert drawn.too_long == ()
    size = attribute(drawn.svg, "#heading", "font-size")
    assert 40 <= size < 60
    assert attribute(drawn.svg, "circle", "r") == 190
    assert svg.smallest_text(drawn.svg) == 40  # large print still draws the smallest words at the print size


def test_a_shape_grows_where_there_is_room_and_only_there():
    """The ellipse may grow down (nothing is there) but not to the right, where another shape is."""
    source = picture(
        '<ellipse cx="250" cy="200" rx="150" ry="90" fill="#eeeeee" stroke="#111111" stroke-width="8"/>'
        '<rect x="420" y="20" width="360" height="360" fill="#dce8fb" stroke="#111111" stroke-width="8"/>'
        '<text x="250" y="200" font-size="40" text-anchor="middle" dominant-baseline="middle" id="words">'
        'How my body and my mood react</text>', height=600)
    drawn = svg.laid_out(source)
    assert drawn.too_long == ()
    assert attribute(drawn.svg, "ellipse", "ry") > 90
    cx, rx = attribute(drawn.svg, "ellipse", "cx"), attribute(drawn.svg, "ellipse", "rx")
    assert cx + rx + 4 < 420 - 4  # clear of the rect beside it
    assert re.search(r'<rect x="420" y="20" width="360" height="360"', drawn.svg)


def test_laying_out_again_changes_nothing():
    once = svg.wrapped(picture('<circle cx="400" cy="200" r="120" fill="#eeeeee" stroke="#111111"/><text x="400" '
                               'y="200" font-size="40" text-anchor="middle">Say no clearly and kindly</text>'))
    assert svg.wrapped(once) == once


@pytest.mark.parametrize("path", sorted((ROOT / "content" / "images").glob("*.svg")), ids=lambda path: path.stem)
def test_the_samples_english_pictures_fit_as_drawn(path: Path):
    """The sample's own pictures need no shape grown and no label made smaller in English."""
    source = svg.checked_svg(path.read_bytes())
    drawn = svg.laid_out(source)
    assert drawn.too_long == ()
    shapes, sizes = r"<(?:rect|circle|ellipse)[^>]*>", r'<text[^>]*font-size="([^"]+)"'
    assert re.findall(shapes, drawn.svg) == re.findall(shapes, source)
    assert re.findall(sizes, drawn.svg) == re.findall(sizes, source)


LONG = "Nie musisz niczego wyjaśniać ani nikogo przepraszać za swoją odmowę"
NO_ROOM = picture(
    '<rect x="20" y="20" width="760" height="110" fill="#eeeeee" stroke="#111111" stroke-width="8"/>'
    '<rect x="20" y="150" width="760" height="100" fill="#dce8fb" stroke="#111111" stroke-width="8"/>'
    '<rect x="20" y="270" width="760" height="110" fill="#eeeeee" stroke="#111111" stroke-width="8"/>'
    '<text x="400" y="75" font-size="46" text-anchor="middle" dominant-baseline="middle" id="above">Say it once</text>'
    '<text x="400" y="200" font-size="46" text-anchor="middle" dominant-baseline="middle" xml:lang="pl" id="long">'
    f'{LONG}</text>'
    '<text x="400" y="325" font-size="46" text-anchor="middle" dominant-baseline="middle" id="below">Then stop</text>')


def test_a_label_too_long_even_at_the_smallest_size_is_reported():
    drawn = svg.laid_out(NO_ROOM)
    assert drawn.too_long == (TooLong(LONG, "pl"),)
    assert lines(drawn.svg)["above"] == ["Say it once"] and lines(drawn.svg)["below"] == ["Then stop"]


def test_a_label_too_long_is_printed_over_no_other_words(course_dir):
    """In the printed page too: it crosses its own box's edges, never another label."""
    from builder.course import load_course
    from builder.locale import locale_for
    from builder.writers import get

    content = course_dir({"01-a.md": "# A\n\n![Three boxes, one above another](images/boxes.svg)\n"})
    (content / "images").mkdir()
    (content / "images" / "boxes.svg").write_text(NO_ROOM, encoding="utf-8")
    course, _ = load_course(content)
    [output] = get("large-print").write(course, locale_for("en-GB"), {"sizes": [18], "colour-scheme": "standard"})
    [printed] = pictures(output.data)
    assert len(printed.lines) >= 4 and printed.overlapping() == []
