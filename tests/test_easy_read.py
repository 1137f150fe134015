"""Easy Read: companions read as groups of a picture and short sentences, checked, built as their own edition
in every format, and read back: pictures beside their words in print, a table in Word, one column on a phone,
the picture described before its sentences in the audio."""

from __future__ import annotations

import io
import json
import shutil
import zipfile

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from builder.build import build
from builder.course import load_course, read_course
from builder.easy_read import sentences_of
from builder.editions import EASY_READ, select
from builder.model import Figure, Group, LineBreak
from tests.conftest import FIXTURES, version_folder
from tests.writers.test_html import measured_at

MM = 72 / 25.4


@pytest.fixture
def easy_course(tmp_path):
    shutil.copytree(FIXTURES / "easy", tmp_path / "content")
    return tmp_path / "content"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("easy")
    shutil.copytree(FIXTURES / "easy", folder / "content")
    result = build(folder / "content", folder / "out", report=lambda s: None, cache_dir=folder / "cache")
    return result, version_folder(folder / "out", "en-GB", EASY_READ)


def test_a_companion_is_read_as_groups_of_a_picture_and_its_sentences(easy_course):
    course, _ = load_course(easy_course)
    [companion] = course.companions
    assert companion.slug == "01-welcome" and companion.easy_read
    groups = [block for block in companion.blocks if isinstance(block, Group)]
    assert [group.figure.alt for group in groups] == ["Two people talking", "A calendar", "A cup of tea",
                                                     "A telephone"]
    assert groups[0].figure.svg and groups[0].figure.src == "symbol:people-dialogue"
    assert any(isinstance(node, LineBreak) for node in groups[0].blocks[0].children)  # a sentence a line
    assert sentences_of(companion)[:2] == ["This course is about confidence.",
                                           "Confidence means feeling OK about yourself."]
    assert all(isinstance(block, Figure) is False for block in companion.blocks)
    edition = select(course, EASY_READ)
    assert [module.slug for module in edition.modules] == ["01-welcome"]


def check_lines(content) -> list[str]:
    course, problems = read_course(content)
    from builder.check import run_checks
    found = [*problems.items, *(run_checks(course, course.config.check_options) if course else [])]
    return [f"{p.path.split('/')[-1]}:{p.line}: {p.level}: [{p.code}]" for p in found]


def test_bad_companions_are_named_by_file_and_line(easy_course):
    (easy_course / "02-saying-no.easy.md").write_text(
        "# Saying no\n\n![A hand](symbol:raised-hand)\n"
        + "You can say no. " * 12 + "\n\nThese sentences have no picture.\n\n"
        "We talk ![a phone](symbol:telephone) about phones.\n\n![A phone](symbol:fone)\nCall us.\n\n"
        "![A hand](symbol:raised-hand)\nThis is a very long sentence that goes on and on with many more words than "
        "anybody needs.\n\n![A hand](symbol:raised-hand)\nWe discuss the psychotherapeutic ramifications.\n")
    (easy_course / "07-missing.easy.md").write_text("# Missing\n")
    found = check_lines(easy_course)
    for expected in ("02-saying-no.easy.md:3: warning: [easy.long-group]",
                     "02-saying-no.easy.md:6: warning: [easy.no-picture]",
                     "02-saying-no.easy.md:8: warning: [easy.picture-in-text]",
                     "02-saying-no.easy.md:10: warning: [image.symbol]",
                     "02-saying-no.easy.md:14: warning: [easy.long-sentence]",
                     "02-saying-no.easy.md:17: warning: [easy.hard-word]",
                     "07-missing.easy.md:0: warning: [easy.no-module]"):
        assert expected in found, (expected, found)
    _, problems = load_course(easy_course)  # each is a warning: the rest of the course builds
    assert "did you mean" in next(str(p) for p in problems.items if p.code == "image.symbol")


def test_an_edition_of_its_own_in_every_format_saying_what_it_leaves_out(built):
    result, out = built
    names = {entry.path for entry in result.built}
    for made in ("speaking-up-en-gb-easy-read-large-print-18pt.pdf", "speaking-up-en-gb-easy-read.docx",
                 "speaking-up-en-gb-easy-read.html", "speaking-up-en-gb-easy-read.epub",
                 "audio/en-gb-easy-read-01-welcome.mp3", "speaking-up-en-gb-easy-read-braille-ueb-g2.brf"):
        assert f"easy-read/en-GB/{made}" in names, made
    assert any("02-saying-no.md" in reason for reason in result.skipped)


def test_a_course_without_companions_builds_no_easy_read(easy_course, tmp_path):
    (easy_course / "01-welcome.easy.md").unlink()
    result = build(easy_course, tmp_path / "out", formats=["html"], report=lambda s: None)
    assert not list((tmp_path / "out").rglob("*easy-read*"))  # neither the edition's folder nor a file
    assert any("no module has an Easy Read companion" in reason for reason in result.skipped)


def test_a_build_without_easy_read_leaves_the_companions_unread(easy_course, tmp_path):
    """Only a build that makes Easy Read reads the companions: a slip in one stops that build alone, and a
    picture only a companion shows is an input of the Easy Read edition, not of the others."""
    (easy_course / "images").mkdir()
    picture = easy_course / "images" / "phone.svg"
    picture.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>')
    companion = easy_course / "01-welcome.easy.md"
    companion.write_text(companion.read_text() + "\n![A phone](images/phone.svg)\nCall us.\n")
    out, quiet = tmp_path / "out", (lambda line: None)
    first = build(easy_course, out, formats=["html"], report=quiet)
    assert [job.status for job in first.jobs] == ["built", "built"]
    picture.write_text(picture.read_text().replace('width="5"', 'width="6"'))
    again = build(easy_course, out, formats=["html"], report=quiet)
    assert {job.label: job.status for job in again.jobs} == {"html (en-GB)": "up to date",
                                                            "html (en-GB, easy-read)": "built"}

    companion.write_text(companion.read_text() + "\n![A phone](symbol:fone)\nCall us.\n")
    alone = build(easy_course, out, formats=["html"], editions=["participant"], report=quiet)
    assert [job.status for job in alone.jobs] == ["up to date"]
    easy = build(easy_course, out, formats=["html"], report=quiet)  # a slip in a companion is a warning there
    assert "image.symbol" in [problem.code for problem in easy.warnings]
    assert {job.label: job.status for job in easy.jobs}["html (en-GB, easy-read)"] == "built"


def test_print_puts_each_picture_left_of_its_sentences_on_the_same_page(built):
    _, out = built
    with pdfplumber.open(out / "speaking-up-en-gb-easy-read-large-print-18pt.pdf") as pdf:
        sizes = [char["size"] for page in pdf.pages for char in page.chars if char.get("tag") != "Artifact"]
        assert min(sizes) >= 18 - 0.01  # no character under the chosen size
        checked = 0
        for page in pdf.pages:
            pictures = [c for c in page.curves + page.rects if 5 * MM < c["x1"] - c["x0"] < 50 * MM]
            lines = {}
            for char in page.chars:
                if char.get("tag") != "Artifact" and abs(char["size"] - 18) < 0.1:
                    lines.setdefault(round(char["top"]), []).append(char)
            for top, chars in lines.items():
                left = min(char["x0"] for char in chars)
                beside = [p for p in pictures if p["top"] - 15 * MM <= top <= p["bottom"] + 15 * MM]
                if left > 60 * MM:  # a group's sentence: its picture is on this page, to its left
                    assert beside and max(p["x1"] for p in beside) < left, (page.page_number, top)
                    checked += 1
        assert checked >= 6


def test_in_right_to_left_print_each_picture_is_right_of_its_sentences(easy_course, tmp_path):
    toml = easy_course / "course.toml"
    toml.write_text(toml.read_text().replace('language = "en-GB"', 'language = "ur"'))
    (easy_course / "01-welcome.easy.md").write_text(
        "# خوش آمدید\n\n![دو لوگ بات کر رہے ہیں](symbol:people-dialogue)\nیہ کورس اعتماد کے بارے میں ہے۔\n"
        "ہم ہر ہفتے ملتے ہیں۔\n\n![ایک کپ چائے](symbol:teacup-without-handle)\nچائے کا وقفہ ہوتا ہے۔\n")
    build(easy_course, tmp_path / "out", formats=["large-print"], editions=["easy-read"], report=lambda line: None)
    [made] = version_folder(tmp_path / "out", "ur", EASY_READ).glob("*-ur-easy-read-large-print-18pt.pdf")
    with pdfplumber.open(made) as pdf:
        [page] = [page for page in pdf.pages if page.curves]  # the module's page, with its two pictures
        pictures = [c for c in page.curves + page.rects if 5 * MM < c["x1"] - c["x0"] < 50 * MM]
        lines = {}
        for char in page.chars:
            if char.get("tag") != "Artifact" and abs(char["size"] - 18) < 0.1:
                lines.setdefault(round(char["top"]), []).append(char)
        beside = [max(char["x1"] for char in chars) for top, chars in lines.items()
                  if any(p["top"] - 15 * MM <= top <= p["bottom"] + 15 * MM for p in pictures)]
        assert pictures and len(beside) >= 3
        assert max(beside) < min(p["x0"] for p in pictures)


def test_every_picture_in_print_is_a_tagged_figure_with_its_description(built):
    import pikepdf

    from tests.writers.test_large_print import _elements
    _, out = built
    with pikepdf.open(out / "speaking-up-en-gb-easy-read-large-print-18pt.pdf") as pdf:
        figures = [e for e in _elements(pdf.Root.StructTreeRoot.K) if e.S == "/Figure"]
        # one figure a picture, described once (the picture inside a drawing is not a second figure)
        assert [str(e.Alt) for e in figures] == ["Two people talking", "A calendar", "A cup of tea", "A telephone"]


def test_word_shows_the_groups_as_a_two_column_table_without_a_header(built):
    _, out = built
    document = docx.Document(out / "speaking-up-en-gb-easy-read.docx")
    [table] = document.tables[:1]
    assert len(table.columns) == 2 and len(table.rows) == 3  # the three groups before "Getting help"
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    assert look.get(qn("w:firstRow")) == "0"
    first = table.rows[0].cells
    picture = first[0]._tc.find(".//" + qn("wp:docPr"))
    assert picture.get("descr") == "Two people talking"
    assert first[1].text.startswith("This course is about confidence.")
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    from PIL import Image
    pngs = [part.blob for part in document.part.package.parts if part.content_type == "image/png"]
    corners = [Image.open(io.BytesIO(png)).convert("RGB").getpixel((1, 1)) for png in pngs]
    assert pngs and all(corner == (255, 255, 255) for corner in corners)  # on white, not a reader's black


MEASURE_GROUPS = """<script>
window.addEventListener('load', () => {
  const groups = [...document.querySelectorAll('.easy-group')].map(group => {
    const picture = group.querySelector('.easy-picture').getBoundingClientRect();
    const text = group.querySelector('.easy-text').getBoundingClientRect();
    return {picture: [picture.left, picture.right, picture.top, picture.bottom],
            text: [text.left, text.right, text.top, text.bottom]}; });
  parent.document.body.setAttribute('data-measure', JSON.stringify({width: window.innerWidth,
    page: document.documentElement.scrollWidth, groups}));
});
</script>"""


def test_the_web_page_puts_pictures_beside_the_words_and_above_them_on_a_phone(built, tmp_path):
    _, out = built
    page = (out / "speaking-up-en-gb-easy-read.html").read_text()
    wide, phone = (measured_at(page, width, tmp_path, MEASURE_GROUPS) for width in (1000, 320))
    assert len(wide["groups"]) == 4 and len(phone["groups"]) == 4
    for group in wide["groups"]:
        assert group["picture"][1] <= group["text"][0]  # side by side
    for group in phone["groups"]:
        assert group["picture"][3] <= group["text"][2] + 1  # one column: the picture above its words
    assert phone["page"] <= 320


def test_the_audio_describes_each_picture_before_its_sentences(built):
    _, out = built
    script = (out / "speaking-up-en-gb-easy-read-audio-script.txt").read_text()
    # (said once a track, then each picture's description alone: "Picture:" before each was dropped in 9f4fe84)
    assert ("Each part starts with what its picture shows.\nTwo people talking.\nThis course is about confidence. "
            "Confidence means feeling OK") in script
    assert script.startswith("# 00-introduction: Speaking Up: Easy Read\n")


def test_the_book_and_the_credit(built):
    """The symbols' credit is on every cover, a line of its own, and not read aloud (the audio has no
    symbols to credit, and a listener would hear a web address and a licence code)."""
    _, out = built
    credit = "Symbols: OpenMoji, openmoji.org, CC BY-SA 4.0"
    with zipfile.ZipFile(out / "speaking-up-en-gb-easy-read.epub") as book:
        page = book.read("EPUB/01-welcome.xhtml").decode()
        assert page.count('class="easy-group"') == 4 and 'alt="A calendar"' in page
        assert f'<p id="credit">{credit}</p>' in book.read("EPUB/title.xhtml").decode()
    assert f'<p class="credit">{credit}</p>' in (out / "speaking-up-en-gb-easy-read.html").read_text()
    assert credit in [p.text for p in docx.Document(out / "speaking-up-en-gb-easy-read.docx").paragraphs[:4]]
    with pdfplumber.open(out / "speaking-up-en-gb-easy-read-large-print-18pt.pdf") as pdf:
        assert "OpenMoji, openmoji.org" in pdf.pages[0].extract_text()
    script = (out / "speaking-up-en-gb-easy-read-audio-script.txt").read_text()
    assert "OpenMoji" not in script and "A short course" in script
    manifest = json.loads((out.parent.parent / "manifest.json").read_text())
    assert any(entry.get("edition") == "easy-read" for entry in manifest["files"])


def test_a_long_title_in_urdu_at_24_point_keeps_the_cover_on_one_page(easy_course, tmp_path):
    toml = easy_course / "course.toml"
    toml.write_text(toml.read_text().replace('language = "en-GB"', 'language = "ur"')
                    .replace('title = "Speaking Up"', 'title = "خود اعتمادی اور پُراعتماد اظہار"')
                    .replace('subtitle = "A short course"',
                             'subtitle = "ذہنی صحت کی خدمات استعمال کرنے والے لوگوں کے لیے نو نشستوں کا کورس"'))
    build(easy_course, tmp_path / "out", formats=["large-print"], editions=["easy-read"], report=lambda line: None,
          overrides={"large-print": {"sizes": [24]}})
    [made] = version_folder(tmp_path / "out", "ur", EASY_READ).glob("*-ur-easy-read-large-print-24pt.pdf")
    with pdfplumber.open(made) as pdf:
        cover, after = (pdf.pages[0].extract_text() or ""), (pdf.pages[1].extract_text() or "")
    assert "24" in cover and "24" not in after  # the format note ("large print, 24 point") ends the cover


def test_an_urdu_group_in_an_english_course_has_its_picture_on_the_right(easy_course, tmp_path):
    """The picture floats to the start of its own group's direction, not the page's."""
    companion = easy_course / "01-welcome.easy.md"
    companion.write_text(companion.read_text() + "\n::: {lang=ur}\n![ایک ٹیلی فون](symbol:telephone)\n"
                         "آپ کسی بھی وقت ہمیں فون کر سکتے ہیں۔\nہم آپ کی مدد کریں گے۔\n:::\n")
    build(easy_course, tmp_path / "out", formats=["large-print"], editions=["easy-read"], report=lambda line: None)
    folder = version_folder(tmp_path / "out", "en-GB", EASY_READ)
    [made] = folder.glob("*-en-gb-easy-read-large-print-18pt.pdf")
    with pdfplumber.open(made) as pdf:
        [page] = [page for page in pdf.pages if any("\u0600" <= char["text"] <= "\u06ff" for char in page.chars)]
        urdu = [char for char in page.chars if "\u0600" <= char["text"] <= "\u06ff"]
        top, bottom = min(c["top"] for c in urdu), max(c["bottom"] for c in urdu)
        beside = [c for c in page.curves + page.rects if 5 * MM < c["x1"] - c["x0"] < 50 * MM
                  and c["top"] < bottom and c["bottom"] > top - 10 * MM]
    assert beside and max(char["x1"] for char in urdu) < min(c["x0"] for c in beside)
