"""SVG files as Inkscape, draw.io and SVG-Edit save them (issue 31), through every writer that draws them:
large print (WeasyPrint, whole and cut into parts, in the standard and high-contrast schemes), the web page
(Chromium) and the EPUB (EPUBCheck). Each output is read back: the embedded picture's pixels and the words."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from builder.locale import locale_for
from builder import svg
from builder.course import load_course
from builder.writers import get
from builder.writers.large_print import render_document
from tests import svg_samples
from tests.conftest import COURSE_TOML, write_course

EDITORS = ["inkscape", "drawio", "svg_edit"]
WORDS = {"inkscape": "Pause and breathe", "drawio": "Say no clearly", "svg_edit": "Offer another idea"}
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")  # Debian's epubcheck, as tests/writers/test_epub.py runs it
MODULE = "# A\n\nText.\n\n![Steps to saying no, with a photo of a group](images/steps.svg)\n"


def course_with(folder: Path, editor: str, toml: str = COURSE_TOML) -> Path:
    content = write_course(folder, {"01-a.md": MODULE}, toml)
    (content / "images").mkdir()
    (content / "images" / "steps.svg").write_text(getattr(svg_samples, editor)(), encoding="utf-8")
    return content


def colours(image: Image.Image) -> dict[tuple[int, int, int], int]:
    return {colour: count for count, colour in image.convert("RGB").getcolors(maxcolors=1 << 24)}


def pdf_page_images(pdf: bytes, folder: Path) -> list[Image.Image]:
    (folder / "out.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(folder / "out.pdf"), str(folder / "page")], check=True,
                   timeout=120)
    return [Image.open(path).convert("RGB") for path in sorted(folder.glob("page-*.png"))]


@pytest.mark.parametrize("editor", EDITORS)
@pytest.mark.parametrize("size, scheme, parts", [(18, "standard", 1), (24, "high-contrast", 2)])
def test_large_print_draws_the_embedded_picture_and_the_words(editor, size, scheme, parts, tmp_path):
    """At 24 point the 40-unit words need the picture cut in two (see large_print._picture): the embedded
    picture is in the second part. WeasyPrint gets it from the build's own files, as it gets the SVG."""
    course, _ = load_course(course_with(tmp_path / "content", editor))
    [pdf] = get("large-print").write(course, locale_for("en-GB"), {"sizes": [size], "colour-scheme": scheme})
    with pdfplumber.open(io.BytesIO(pdf.data)) as document:
        text = " ".join(page.extract_text() or "" for page in document.pages)
        drawn = sum(len(page.images) for page in document.pages)
    assert " ".join(text.split()).count(WORDS[editor]) == 1
    assert drawn >= 1  # the embedded picture, in each part it reaches into (the drawing itself is vector)
    assert render_document(course, locale_for("en-GB"), size, scheme)[0].count('class="drawing"') == parts
    red = sum(found.get(svg_samples.RED, 0) for found in map(colours, pdf_page_images(pdf.data, tmp_path)))
    assert red > 100  # the embedded picture's own pixels, drawn (at 40 dpi, a 200 x 100 unit photo is ~1500)


def test_every_scheme_cut_and_word_removal_keeps_the_embedded_picture():
    checked = svg.checked_svg(svg_samples.inkscape().encode("utf-8"))
    for made in (svg.in_scheme(checked, "cream"), svg.in_scheme(checked, "high-contrast"), svg.window(checked, 400, 800),
                 svg.without_words(checked), svg.drawable(checked)):
        found = []
        svg.with_pictures_at(made, lambda kind, data: found.append((kind, data)) or "x.png")
        assert found == [svg.embedded_picture(svg_samples.data_uri())]


@pytest.mark.parametrize("editor", EDITORS)
def test_the_web_page_shows_the_embedded_picture(editor, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is missing: `make test` installs it (TEST_SYSTEM_PACKAGES)"
    course, _ = load_course(course_with(tmp_path / "content", editor))
    [page] = get("html").write(course, locale_for("en-GB"), {"colour-scheme": "standard"})
    image = re.search(r'<img[^>]*src="(data:image/svg\+xml;base64,[^"]+)"', page.data.decode()).group(1)
    assert "<!DOCTYPE" not in base64.b64decode(image.split(",", 1)[1]).decode()
    (tmp_path / "page.html").write_text(f'<html><body style="margin:0"><img src="{image}" width="800"></body></html>')
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=800,400",
                    "--hide-scrollbars", f"--screenshot={tmp_path / 'shot.png'}", (tmp_path / "page.html").as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert colours(Image.open(tmp_path / "shot.png")).get(svg_samples.RED, 0) > 10_000  # 200 x 100 at 800 wide


def test_the_book_holds_the_picture_and_passes_epubcheck(tmp_path):
    from builder.build import build

    toml = COURSE_TOML + 'formats = ["epub"]\n'
    content = course_with(tmp_path / "content", "inkscape", toml)
    build(content, tmp_path / "out", report=lambda line: None, cache_dir=tmp_path / "cache")
    [book] = (tmp_path / "out").glob("*/*/*.epub")
    package = zipfile.ZipFile(book)
    [drawing] = [name for name in package.namelist() if name.endswith(".svg")]
    assert "data:image/png;base64," in package.read(drawing).decode()
    checked = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(EPUBCHECK), "-q",
                              str(book)], capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0 and not re.search(r"ERROR|WARNING|FATAL", checked.stdout + checked.stderr), \
        checked.stdout + checked.stderr
