"""Word: a golden dump of the document XML, then the .docx read back with python-docx and LibreOffice."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from builder.locale import locale_for
from builder.course import load_course
from builder.model import Figure, Heading, plain_text
from builder.walk import nodes
from builder.writers import get
from tests.conftest import ROOT
from tests.golden import assert_golden


def build(content: Path, lang: str = "en-GB", size: int = 18) -> bytes:
    course, _ = load_course(content)
    files = get("docx").write(course, locale_for(lang), {"size": size})
    assert [f.path for f in files] == [f"{course.config.slug}.docx"]
    return files[0].data


@pytest.fixture
def mini_docx(mini_course) -> bytes:
    return build(mini_course)


@pytest.fixture(scope="module")
def sample_docx() -> bytes:
    return build(ROOT / "content")


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def every_paragraph(container, into_tables: bool = True) -> list:
    """A document's (or a cell's) paragraphs in reading order, those in boxes and, unless told, in tables too."""
    found = []
    for item in container.iter_inner_content():
        if not isinstance(item, docx.table.Table):
            found.append(item)
        elif into_tables or is_box(item):
            found += [p for row in item.rows for cell in row.cells for p in every_paragraph(cell, into_tables)]
    return found


def every_table(container) -> list:
    """Every table in reading order, a table inside a box or a cell included."""
    found = []
    for table in container.tables:
        found.append(table)
        found += [inner for row in table.rows for cell in row.cells for inner in every_table(cell)]
    return found


def is_box(table) -> bool:
    """A box is a table of one column named by its title (builder/writers/word/boxes.py)."""
    return table._tbl.tblPr.find(qn("w:tblCaption")) is not None and len(table.columns) == 1


def held_in(box) -> tuple[list, list]:
    """What a box holds, its rows one after the other: its paragraphs, and its tables."""
    cells = [row.cells[0] for row in box.rows]
    return [p for cell in cells for p in every_paragraph(cell)], [table for cell in cells for table in cell.tables]


def line_around(paragraph) -> str:
    """The line Word draws beside a paragraph in a box: its cell's border, else (as boxes once were) its own."""
    cell = next(a for a in paragraph._p.iterancestors(qn("w:tc"), qn("w:body")))
    found = cell.find(f"{qn('w:tcPr')}/{qn('w:tcBorders')}/{qn('w:left')}")
    if found is None:
        found = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:left')}")
    return found.get(qn("w:val"))


def libreoffice_pdf(data: bytes, folder: Path, timeout: float = 180) -> Path:
    """The Word file as LibreOffice lays it out, printed to PDF; a layout that never ends fails the test (and
    LibreOffice, which would go on using a core, is stopped)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: `make test` installs libreoffice-writer-nogui"
    source = folder / "course.docx"
    source.write_bytes(data)
    process = subprocess.Popen([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                                "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # soffice starts soffice.bin under it: the whole group
        process.communicate()
        pytest.fail(f"LibreOffice was still laying the file out after {timeout} s")
    assert process.returncode == 0, errors
    return folder / "course.pdf"


def test_golden_document_xml(mini_docx):
    xml = zipfile.ZipFile(io.BytesIO(mini_docx)).read("word/document.xml")
    pretty = etree.tostring(etree.fromstring(xml), pretty_print=True, encoding="unicode")
    assert_golden("mini-docx-document.xml", pretty)


def _headings(blocks, level: int) -> list[tuple[int, str]]:
    """The headings Word should show: sections at their level, and each box's label and title one level
    below the text around it."""
    from builder.model import Container

    found = []
    for block in blocks:
        if isinstance(block, Heading):
            level = block.level
            found.append((level, plain_text(block.children)))
        elif isinstance(block, Container):
            label = locale_for("en-GB").box(block.kind)[0]
            title = plain_text(block.title)
            found.append((level + 1, f"{label}: {title}" if label and title else label or title))
            found += _headings(block.blocks, level + 1)
    return found


def test_headings_use_built_in_styles_in_source_order(sample_docx):
    document = open_docx(sample_docx)
    found = [(int(p.style.name[-1]), p.text) for p in every_paragraph(document) if p.style.name.startswith("Heading")]
    course, _ = load_course(ROOT / "content")
    expected = []
    for module in course.modules:
        expected.append((1, module.title_text))
        expected += _headings(module.blocks, 1)
    assert [level for level, _ in found] == [level for level, _ in expected]
    assert [text for _, text in found] == [text for _, text in expected]
    levels = [level for level, _ in found]
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:]))
    outline = {p.style.name for p in every_paragraph(document) if p.style.name.startswith("Heading")}
    assert outline == {"Heading 1", "Heading 2", "Heading 3", "Heading 4"}  # 4: a trainer's note in an activity


def test_every_picture_has_alt_text(sample_docx):
    body = open_docx(sample_docx).element.body
    pictures = body.findall(".//" + qn("wp:docPr"))
    course, _ = load_course(ROOT / "content")
    figures = [n for n in nodes(course) if isinstance(n, Figure)]
    assert [p.get("descr") for p in pictures] == [f.alt for f in figures]


def test_an_svg_picture_is_a_print_resolution_png_with_the_svg_beside_it(sample_docx):
    package = zipfile.ZipFile(io.BytesIO(sample_docx))
    svgs = [name for name in package.namelist() if name.endswith(".svg")]
    assert len(svgs) == 4 and "Pause and breathe" in "".join(package.read(name).decode() for name in svgs)
    document = package.read("word/document.xml").decode()
    assert document.count("{96DAC541-7B7A-43D3-8B79-37D633B846F1}") == 4
    from PIL import Image
    pngs = [Image.open(io.BytesIO(package.read(name))) for name in package.namelist() if name.endswith(".png")]
    assert len(pngs) == 4 and all(png.width >= 1300 for png in pngs)  # 170 mm at 200 dpi
    assert "image/svg+xml" in package.read("[Content_Types].xml").decode()


def test_language_direction_and_core_properties(mini_docx):
    document = open_docx(mini_docx)
    lang = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "en-GB"
    properties = document.core_properties
    assert (properties.title, properties.subject, properties.author, properties.language) == (
        "Mini Course", "Every construct once", "Test Network", "en-GB")
    assert properties.created.year == 2026 and properties.modified == properties.created
    everything = b"".join(zipfile.ZipFile(io.BytesIO(mini_docx)).read(n)
                          for n in zipfile.ZipFile(io.BytesIO(mini_docx)).namelist())
    assert b"python-docx" not in everything and b"2013-12-23" not in everything
    polish = next(p for p in document.paragraphs if p.text == "Dzień dobry.")
    assert polish.runs[0]._r.rPr.find(qn("w:lang")).get(qn("w:val")) == "pl"


def effective_size(run, paragraph, document) -> float:
    if run.font.size:
        return run.font.size.pt
    if run.style is not None and run.style.font.size:
        return run.style.font.size.pt
    style = paragraph.style
    while style is not None:
        if style.font.size:
            return style.font.size.pt
        style = style.base_style
    size = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    return int(size.get(qn("w:val"))) / 2


@pytest.mark.parametrize("size", [18, 24])
def test_no_run_smaller_than_the_body_size(mini_course, size):
    document = open_docx(build(mini_course, size=size))
    paragraphs = list(document.paragraphs)
    paragraphs += [p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    paragraphs += document.sections[0].footer.paragraphs
    sizes = [effective_size(run, p, document) for p in paragraphs for run in p.runs]
    assert sizes and min(sizes) >= size
    assert document.styles["Normal"].font.size == Pt(size)


def test_no_italics_or_underline_anywhere(sample_docx):
    document = open_docx(sample_docx)
    used = {p.style.name for p in document.paragraphs} | {"Strong", "Hyperlink"}
    for style in document.styles:
        if getattr(style, "font", None) is not None and style.name in used:
            assert not style.font.italic and not style.font.underline, style.name
    xml = zipfile.ZipFile(io.BytesIO(sample_docx)).read("word/document.xml").decode()
    assert "<w:i/>" not in xml and "<w:u " not in xml


def test_lists_use_numbering_definitions_and_restart(sample_docx):
    document = open_docx(sample_docx)
    numbered = [p for p in document.paragraphs if p.style.name.startswith(("List Number", "List Bullet"))]
    assert numbered
    for paragraph in numbered:
        numpr = paragraph._p.pPr.find(qn("w:numPr"))
        assert numpr is not None, paragraph.text
        assert not re.match(r"^\s*(\d+[.)]|[•\-*–])\s", paragraph.text), paragraph.text
    numbering = document.part.numbering_part.element
    ordered_ids = {p._p.pPr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val"))
                   for p in numbered if p.style.name.startswith("List Number")}
    assert len(ordered_ids) > 3  # each numbered list is its own instance, so each restarts at 1
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) in ordered_ids:
            start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
            assert start.get(qn("w:val")) == "1"
    nested = [p for p in numbered if p.style.name.endswith(" 2")]
    assert nested and all(p._p.pPr.find(qn("w:numPr")).find(qn("w:ilvl")).get(qn("w:val")) == "1" for p in nested)


def test_tables_repeat_their_header_row(sample_docx):
    document = open_docx(sample_docx)
    tables = [table for table in every_table(document) if not is_box(table)]
    assert tables
    for table in tables:
        header = table.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None
        assert all(run.style.name == "Strong" for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)


def test_links_contents_and_page_numbers(mini_docx):
    document = open_docx(mini_docx)
    external = {rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")}
    assert external == {"https://example.org"}
    body = document.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = {h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))}
    assert anchors and anchors <= bookmarks
    instructions = " ".join(t.text for t in body.iter(qn("w:instrText")))
    assert 'TOC \\o "1-3"' in instructions
    footer = " ".join(t.text for t in document.sections[0].footer._element.iter(qn("w:instrText")))
    assert "PAGE" in footer


def test_no_empty_paragraphs_for_spacing(sample_docx):
    """None in the text or in a box, but the one Word needs between two tables and after a table ending a cell."""
    document = open_docx(sample_docx)
    for paragraph in every_paragraph(document, into_tables=False):
        has_picture = paragraph._p.find(".//" + qn("w:drawing")) is not None
        before, after = paragraph._p.getprevious(), paragraph._p.getnext()
        needed = before is not None and before.tag == qn("w:tbl") and (after is None or after.tag == qn("w:tbl"))
        assert paragraph.text.strip() or has_picture or needed, paragraph.style.name


def test_right_to_left_document(course_dir):
    toml = '[course]\ntitle = "عنوان"\norganisation = "تنظیم"\nlanguage = "ur"\nslug = "course"\n'
    content = course_dir({"01-a.md": "# پہلا\n\nیہ ایک جملہ ہے۔\n"}, course_toml=toml)
    document = open_docx(build(content, lang="ur"))
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:lang")).get(qn("w:bidi")) == "ur"
    assert defaults.find(qn("w:rFonts")).get(qn("w:cs")) == "Noto Naskh Arabic"
    normal = document.styles["Normal"].element
    assert normal.pPr.find(qn("w:bidi")) is not None
    assert normal.rPr.find(qn("w:szCs")).get(qn("w:val")) == "49"  # 18 pt x 1.35 (fonts.py)
    assert normal.pPr.find(qn("w:jc")) is None
    assert document.sections[0]._sectPr.find(qn("w:bidi")) is not None


def test_same_input_same_bytes_with_fixed_zip_dates(mini_course):
    first, second = build(mini_course), build(mini_course)
    assert first == second
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_libreoffice_opens_it_and_the_text_is_all_there(sample_docx, tmp_path):
    with pdfplumber.open(libreoffice_pdf(sample_docx, tmp_path)) as pdf:
        text = re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pdf.pages))
    course, _ = load_course(ROOT / "content")
    for node in nodes(course):
        if type(node).__name__ == "Paragraph":
            words = re.sub(r"\s+", " ", "".join(
                t.text for t in nodes_of(node) if hasattr(t, "text"))).strip()
            assert words[:40] in text, words
    assert "Samaritans" in text and "116 123" in text


def nodes_of(paragraph):
    from builder.walk import blocks
    return list(blocks([paragraph]))


# ---- Markdown as other tools write it (tests/fixtures/realworld) ------------------------------------------


@pytest.fixture(scope="module")
def realworld_docx():
    from builder.editions import for_participants

    course, _ = load_course(ROOT / "tests" / "fixtures" / "realworld")
    return open_docx(get("docx").write(for_participants(course), locale_for("en-GB"), {"size": 18})[0].data)


def test_boxes_are_headed_and_bordered(realworld_docx):
    paragraphs = every_paragraph(realworld_docx)
    headings = [(p.style.name, p.text) for p in paragraphs if p.style.name in ("Heading 3", "Heading 4")]
    assert headings == [("Heading 3", "Note"), ("Heading 3", "Exercise: Practise in pairs"),
                        ("Heading 4", "Answer"), ("Heading 3", "Prereq")]
    boxes = [table for table in every_table(realworld_docx) if is_box(table)]
    held = [[p.text for p in held_in(box)[0] if p.text] for box in boxes]
    assert held == [["Note", "Take a break whenever you need one 🌟."],
                    ["Exercise: Practise in pairs", "Take turns to say no to a request.", "Answer",
                     "There is no single right answer."],
                    ["Answer", "There is no single right answer."], ["Prereq", "Bring a pen."]]
    assert [box._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) for box in boxes] == [
        "Note", "Exercise: Practise in pairs", "Answer", "Prereq"]  # what Word's Alt Text names each box
    lines = [line_around(p) for p in paragraphs if p.text in ("Note", "Answer")]
    assert lines == ["single", "double"]  # a box inside a box has another line
    assert all("Watch the time" not in p.text for p in paragraphs)


def test_code_definitions_and_notes(realworld_docx):
    paragraphs = realworld_docx.paragraphs
    code = next(p for p in paragraphs if p.style.name == "Code")
    assert code.text == 'echo   "keep   my spaces"\n  indented line'
    assert {r.font.name for r in code.runs} <= {None} and code.style.font.name == "Consolas"
    terms = [p.text for p in paragraphs if p.style.name == "Definition Term"]
    assert terms == ["Assertive", "Passive"]
    definition = paragraphs[[p.text for p in paragraphs].index("Assertive") + 1]
    assert definition.text == "Saying what you need, clearly and calmly." and definition.style.name == (
        "List Continue")
    notes = paragraphs[[p.text for p in paragraphs].index("Notes"):]
    assert notes[0].style.name == "Heading 2" and notes[1].text == "Samaritans answer every call."
    assert notes[1]._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
    reference = next(p for p in paragraphs if p.text.startswith("Helplines"))
    assert reference.text == "Helplines (note 1) are open all day."
    link = reference._p.find(qn("w:hyperlink"))
    bookmark = notes[1]._p.find(qn("w:bookmarkStart")).get(qn("w:name"))
    assert link.get(qn("w:anchor")) == bookmark


def test_an_svg_drawn_for_older_word_has_its_words_set_in_the_versions_font():
    from PIL import Image

    from builder.writers.word.drawing import drawing_png
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200"><rect width="400" height="200" '
           'fill="#ffffff"/><text x="200" y="100" font-size="40" text-anchor="middle" dominant-baseline="middle" '
           'data-wrap="180">{}</text></svg>')
    for lang, words in (("en-GB", "Pause and breathe"), ("ur", "رکیں اور سانس لیں")):
        image = Image.open(io.BytesIO(drawing_png(svg.format(words), locale_for(lang), 50))).convert("L")
        assert image.width == round(50 / 25.4 * 200)
        inked = [x for x in range(image.width) for y in range(0, image.height, 4) if image.getpixel((x, y)) < 128]
        assert inked, lang  # the words are drawn, in two lines (wrapped at 180 units), centred on x = 200
        assert abs((min(inked) + max(inked)) / 2 - image.width / 2) < image.width * 0.1, lang
        assert max(inked) - min(inked) <= 180 / 400 * image.width + 4, lang


def test_a_drawing_keeps_its_colours_on_white_where_it_is_clear():
    """The drawing's pixels go from CairoSVG to Pillow as they are: the channels must land in order, and a
    clear background must come out white (some readers show it black)."""
    from PIL import Image

    from builder.writers.word.drawing import drawing_png
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"><rect x="0" y="0" width="100" height="100" '
           'fill="#d04010"/><rect x="100" y="0" width="100" height="100" fill="#1060c0"/></svg>')
    image = Image.open(io.BytesIO(drawing_png(svg, locale_for("en-GB"), 30))).convert("RGB")
    third = image.width // 3
    assert image.getpixel((third // 2, image.height // 2)) == (0xd0, 0x40, 0x10)
    assert image.getpixel((third + third // 2, image.height // 2)) == (0x10, 0x60, 0xc0)
    assert image.getpixel((image.width - 3, image.height // 2)) == (255, 255, 255)


def test_a_drawn_picture_is_kept_for_the_next_build_and_redrawn_when_its_words_change(tmp_path, monkeypatch):
    from builder.writers.word import drawing
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200"><rect width="400" height="200" '
           'fill="#ffffff"/><text x="20" y="100" font-size="40">{}</text></svg>')
    first = drawing.drawing_png(svg.format("Pause"), locale_for("en-GB"), 50, tmp_path)
    drawn = []
    monkeypatch.setattr(drawing, "_draw", lambda *args: drawn.append(args) or b"redrawn")
    assert drawing.drawing_png(svg.format("Pause"), locale_for("en-GB"), 50, tmp_path) == first and drawn == []
    assert drawing.drawing_png(svg.format("Stop"), locale_for("en-GB"), 50, tmp_path) == b"redrawn"
    assert drawing.drawing_png(svg.format("Pause"), locale_for("ur"), 50, tmp_path) == b"redrawn" and len(drawn) == 2


def test_a_picture_without_words_is_drawn_once_for_every_language(tmp_path, monkeypatch):
    """An Easy Read symbol has no words: its drawing is the same in every version."""
    from builder.writers.word import drawing
    symbol = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 72 72"><circle cx="36" cy="36" r="30" '
              'fill="#fcea2b" stroke="#000" stroke-width="2"/></svg>')
    english = drawing.drawing_png(symbol, locale_for("en-GB"), 45, tmp_path)
    assert drawing.drawing_png(symbol, locale_for("ur"), 45) == english  # drawn afresh in Urdu's font and direction: the same
    monkeypatch.setattr(drawing, "_draw", lambda *args: pytest.fail("drawn again"))
    assert all(drawing.drawing_png(symbol, locale_for(lang), 45, tmp_path) == english for lang in ("pl", "pt", "ur"))


def test_a_paragraph_introducing_a_list_keeps_with_it(sample_docx):
    document = open_docx(sample_docx)
    paragraphs = document.paragraphs
    introducing = next(i for i, p in enumerate(paragraphs) if p.text == "Over nine sessions we will look at:")
    assert paragraphs[introducing].paragraph_format.keep_with_next is True
    assert paragraphs[introducing + 1].style.name.startswith("List")
    ordinary = next(p for p in paragraphs if p.text.startswith("Welcome to the course."))
    assert not ordinary.paragraph_format.keep_with_next


@pytest.mark.parametrize("editor", ["inkscape", "drawio", "svg_edit"])
def test_editors_svg_files_are_drawn_with_their_words_and_embedded_picture(course_dir, editor):
    """Inkscape's words styled fill:#000000 in a layer styled fill:none, SVG-Edit's stroke-opacity="null" and
    draw.io's rgb() colours: the Word file is made, its PNG shows the embedded picture and the words in black."""
    from PIL import Image

    from tests import svg_samples

    content = course_dir({"01-a.md": "# A\n\n![Steps to saying no, with a photo](images/steps.svg)\n"})
    (content / "images").mkdir()
    (content / "images" / "steps.svg").write_text(getattr(svg_samples, editor)(), encoding="utf-8")
    package = zipfile.ZipFile(io.BytesIO(build(content)))
    [png] = [name for name in package.namelist() if name.endswith(".png")]
    [embedded_svg] = [name for name in package.namelist() if name.endswith(".svg")]
    assert "data:image/png;base64," in package.read(embedded_svg).decode() and b"<!DOCTYPE" not in package.read(
        embedded_svg)
    image = Image.open(io.BytesIO(package.read(png))).convert("RGB")
    scale = image.width / 800
    photo = image.crop((round(600 * scale), round(280 * scale), round(720 * scale), round(340 * scale)))
    assert {colour for _, colour in photo.getcolors()} == {svg_samples.RED}  # the embedded picture, in its place
    words = image.crop((0, round(60 * scale), round(400 * scale), round(140 * scale))).convert("L")
    assert words.getextrema()[0] < 40  # the words, drawn dark (not left out, not a traceback)


def test_a_drawing_fetches_nothing_and_draws_only_checked_pictures(monkeypatch):
    """CairoSVG is given the checked pictures' bytes by the builder; nothing is opened by address."""
    import urllib.request

    from PIL import Image

    from builder import svg
    from builder.writers.word.drawing import drawing_png
    from tests import svg_samples

    def refuse(*args, **kwargs):
        raise AssertionError(f"fetched {args}")
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr("cairosvg.url.urlopen", refuse)
    checked = svg.checked_svg(svg_samples.inkscape(svg_samples.data_uri("GIF", wrap=60)).encode())
    for drawn in (checked, svg.in_scheme(checked, "high-contrast"), svg.window(checked, 400, 800)):
        image = Image.open(io.BytesIO(drawing_png(drawn, locale_for("en-GB"), 80))).convert("RGB")
        assert svg_samples.RED in {colour for _, colour in image.getcolors(maxcolors=1 << 24)}
    with pytest.raises(ValueError, match="refused to fetch"):
        drawing_png(checked.replace("data:image/gif;base64,", "https://example.org/x.gif?"), locale_for("en-GB"), 80)


# ---- boxes as LibreOffice draws them, trainer notes, right-to-left tables ----------------------------------------

BOXES = """# Boxes

Before the box.

:::::: activity Sharing the work
Who does what:

| Task | Who |
|------|-----|
| Notes | Sam |

> Speak for yourself.

::: trainer
Keep it short.
:::

Last words of the activity.
::::::

::: trainer Session overview
Set out the chairs.
:::

After the boxes.
"""


@pytest.fixture(scope="module")
def boxes_docx(tmp_path_factory) -> bytes:
    from tests.conftest import write_course

    return build(write_course(tmp_path_factory.mktemp("boxes"), {"01-boxes.md": BOXES}))


@pytest.fixture(scope="module")
def boxes_pdf(boxes_docx, tmp_path_factory):
    with pdfplumber.open(libreoffice_pdf(boxes_docx, tmp_path_factory.mktemp("boxes-pdf"))) as pdf:
        yield pdf


def drawn_box(pdf, heading: str):
    """The page a box's heading is on, the rectangle of the lines drawn on its left and right (the pieces of a
    line that meet count as one line), and those pieces: None and [] when no line is beside the heading."""
    pattern = rf"(?m)^{re.escape(heading)}$"  # the heading, a line of its own
    page, [mark] = next((page, found) for page in pdf.pages if (found := page.search(pattern)))
    middle = (mark["top"] + mark["bottom"]) / 2
    upright = [line for line in page.lines if abs(line["x1"] - line["x0"]) < 1]
    left_of = [line for line in upright if line["x1"] < mark["x0"]]
    right_of = [line for line in upright if line["x0"] > mark["x1"]]
    sides = []
    for beside, nearest in ((left_of, max), (right_of, min)):
        at = [line for line in beside if line["top"] < middle < line["bottom"]]
        if not at:
            return page, None, []
        x = nearest(line["x0"] for line in at)
        pieces = sorted((line for line in beside if abs(line["x0"] - x) < 0.5), key=lambda line: line["top"])
        run = [next(line for line in pieces if line["top"] < middle < line["bottom"])]
        for piece in pieces:  # the pieces that meet the heading's, above and below it
            if piece["top"] <= run[-1]["bottom"] + 1 and piece["bottom"] > run[-1]["bottom"]:
                run.append(piece)
        for piece in reversed(pieces):
            if piece["bottom"] >= run[0]["top"] - 1 and piece["top"] < run[0]["top"]:
                run.insert(0, piece)
        sides.append((x, run[0]["top"], run[-1]["bottom"], run))
    (left, left_top, left_bottom, left_run), (right, right_top, right_bottom, right_run) = sides
    return page, (left, max(left_top, right_top), right, min(left_bottom, right_bottom)), left_run + right_run


def test_a_table_a_quotation_and_a_box_inside_a_box_stay_inside_its_line(boxes_docx, boxes_pdf):
    """Word joined the borders of a box's paragraphs: a table, an indented quotation or a box inside a box broke
    the line, and the table was drawn below the box. The box is a table of one column now, holding them all."""
    page, box, _ = drawn_box(boxes_pdf, "Activity: Sharing the work")
    assert box is not None, "no line beside the box's heading"
    left, top, right, bottom = box
    for words in ("Who does what:", "Notes", "Sam", "Speak for yourself.", "Keep it short.", "Last words"):
        [found] = page.search(words, regex=False)
        assert left < found["x0"] and found["x1"] < right and top < found["top"] and found["bottom"] < bottom, (
            words, box, found)
    assert all(found["bottom"] < top for found in page.search("Before the box.", regex=False))
    assert all(found["top"] > bottom for found in page.search("Set out the chairs.", regex=False))
    document = open_docx(boxes_docx)
    [activity] = [table for table in every_table(document) if is_box(table) and table.cell(0, 0).paragraphs[0].text
                  == "Activity: Sharing the work"]
    paragraphs, tables = held_in(activity)
    assert [p.text for p in paragraphs if p.text] == [
        "Activity: Sharing the work", "Who does what:", "Task", "Who", "Notes", "Sam", "Speak for yourself.",
        "Trainer note", "Keep it short.", "Last words of the activity."]
    assert [table.rows[0].cells[0].paragraphs[0].text for table in tables] == ["Task", "Trainer note"]
    assert not is_box(tables[0]) and is_box(tables[1])  # a data table and a box, inside the box


def test_a_trainer_note_is_drawn_dashed_under_its_label(boxes_docx, boxes_pdf):
    """A trainer adapting the file must see what is not to be handed out: a trainer's note has a dashed line
    (as in print), in a box or not, and its label; other boxes keep a solid one."""
    paragraphs = every_paragraph(open_docx(boxes_docx))
    headings = [p for p in paragraphs if p.style.name.startswith("Heading") and p.style.name != "Heading 1"]
    assert [(p.text, line_around(p)) for p in headings] == [
        ("Activity: Sharing the work", "single"), ("Trainer note", "dashed"),
        ("Trainer note: Session overview", "dashed")]
    for heading, dashed in (("Activity: Sharing the work", False), ("Trainer note", True),
                            ("Trainer note: Session overview", True)):
        _, box, lines = drawn_box(boxes_pdf, heading)
        assert box is not None and lines, heading
        assert all(bool(line.get("dash") and line["dash"][0]) == dashed for line in lines), (heading, lines)


def test_every_table_in_a_right_to_left_version_runs_right_to_left(course_dir, tmp_path):
    """An Urdu table's first column is on the right: every table of a right-to-left version carries
    w:bidiVisual, a data table, a box, and a table in a box, and LibreOffice draws the columns so."""
    toml = '[course]\ntitle = "عنوان"\norganisation = "تنظیم"\nlanguage = "ur"\nslug = "course"\n'
    content = course_dir({"01-a.md": "# پہلا\n\nیہ ایک جملہ ہے۔\n\n| Alpha | Beta |\n|---|---|\n| ایک | دو |\n\n"
                                     "::: activity سرگرمی\n| Gamma | Delta |\n|---|---|\n| تین | چار |\n:::\n"},
                         course_toml=toml)
    data = build(content, lang="ur")
    tables = every_table(open_docx(data))
    assert tables and all(table._tbl.tblPr.find(qn("w:bidiVisual")) is not None for table in tables)
    assert [is_box(table) for table in tables] == [False, True, False]
    with pdfplumber.open(libreoffice_pdf(data, tmp_path)) as pdf:
        words = {w["text"]: w for page in pdf.pages for w in page.extract_words() if w["text"].isascii()}
    assert words["Alpha"]["x0"] > words["Beta"]["x1"] and words["Gamma"]["x0"] > words["Delta"]["x1"]


HEADING_THEN_BOX = """# پہلا

## ایک مہربان خیال ڈھونڈنا

:::::: activity میں کسی دوست سے کیا کہتا؟
خود سے پوچھیں: «اگر کوئی دوست ایسا سوچتا تو میں اس سے کیا کہتا؟»

| غیر مددگار خیال | مہربان خیال |
|---|---|
| «میں کسی کام کا نہیں۔» | «آج مجھے یہ مشکل لگ رہا ہے۔ اس سے میں بے کار نہیں ہو جاتا۔» |
| «سب مجھ پر ہنسیں گے۔» | «میں نہیں جان سکتا کہ وہ کیا سوچتے ہیں۔ زیادہ تر لوگ اپنی فکروں میں مصروف ہوتے ہیں۔» |
| «میں ہمیشہ غلط کرتا ہوں۔» | «کبھی میں غلطی کرتا ہوں۔ کبھی میں ٹھیک کرتا ہوں۔» |
| «میں یہ نہیں کر سکتا۔» | «میں ایک چھوٹا قدم اٹھانے کی کوشش کر سکتا ہوں۔» |

::: trainer
- پہلی سطر مل کر پڑھیں۔ پوچھیں کہ اگر کوئی دوست سوچتا «میں کسی کام کا نہیں» تو لوگ اس سے کیا کہتے۔
- پھر لوگ اکیلے یا جوڑوں میں اپنا کوئی ایک خیال چنیں اور اس کی جگہ ایک مہربان خیال ڈھونڈیں۔
- کسی کو اپنا خیال بلند آواز میں بتانے کی ضرورت نہیں۔
:::
::::::
"""


def test_libreoffice_lays_out_a_table_in_a_box_that_breaks_across_pages(course_dir, tmp_path):
    """Session 7 of the Urdu trainer's edition: LibreOffice laid its page out for ever when a table's rows, each
    kept together, were in a box that had to break across pages after a heading. In a box, rows may break."""
    toml = '[course]\ntitle = "عنوان"\norganisation = "تنظیم"\nlanguage = "ur"\nslug = "course"\n'
    data = build(course_dir({"01-a.md": HEADING_THEN_BOX}, course_toml=toml), lang="ur")
    [box] = [table for table in every_table(open_docx(data)) if is_box(table) and table.rows[0].cells[0].paragraphs[0]
             .text.startswith("سرگرمی")]
    [table, _] = held_in(box)[1]
    assert [row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in table.rows] == [
        True, False, False, False, False]  # the header row alone is kept whole, as Word repeats it
    with pdfplumber.open(libreoffice_pdf(data, tmp_path, timeout=120)) as pdf:
        words = " ".join(page.extract_text() or "" for page in pdf.pages)
    assert len(pdf.pages) >= 4 and "کسی کو اپنا خیال"[::-1] in words  # the box's last words (read back as drawn)


def test_the_cover_links_the_versions_page_on_the_published_site(course_dir):
    """With a [site] url, the Word version's cover gives its page there, as a link a reader can follow."""
    from tests.conftest import COURSE_TOML
    content = course_dir({"01-a.md": "# A\n\nText.\n"},
                         course_toml=COURSE_TOML + '\n[site]\nurl = "https://example.org/our-course"\n')
    document = open_docx(build(content))
    address = "https://example.org/our-course/participant/en-GB/"
    assert any(p.text == f"Listen and read online: {address}" for p in document.paragraphs[:8])
    targets = [rel.target_ref for rel in document.part.rels.values() if "hyperlink" in rel.reltype]
    assert address in targets


def test_phone_numbers_and_addresses_read_left_to_right_in_urdu(course_dir, tmp_path):
    """Inside Urdu text, "116 123" showed as "123 116" and an address's "/" jumped to its other end: each is
    kept left to right (between left-to-right marks), as LibreOffice draws it."""
    toml = '[course]\ntitle = "عنوان"\norganisation = "تنظیم"\nlanguage = "ur"\nslug = "course"\n'
    content = course_dir({"01-a.md": "# پہلا\n\nسماریٹنز کو 116 123 پر فون کریں یا gov.uk/help/ دیکھیں۔\n"},
                         course_toml=toml)
    with pdfplumber.open(libreoffice_pdf(build(content, lang="ur"), tmp_path)) as pdf:
        words = [w for page in pdf.pages for w in page.extract_words() if w["text"].strip("\u200e").isascii()]
    x = {w["text"].strip("\u200e"): w["x0"] for w in words}
    assert x["116"] < x["123"], words
    assert "gov.uk/help/" in x, words  # one piece, its slash at its end
