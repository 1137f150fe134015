"""Large print PDF: the HTML given to WeasyPrint as a golden file, then the PDF read back."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from builder.locale import locale_for
from builder.course import load_course
from builder.model import Figure
from builder.problems import ContentError
from builder.writers import get
from builder.writers.base import WriterError
from builder.writers.large_print import render_document
from builder.writers.large_print.pdf import render_pdf
from tests.conftest import COURSE_TOML, ROOT, png_bytes, write_course
from tests.golden import assert_golden
from tests.pdf_pages import AREA_BOTTOM, AREA_TOP, ReadPage, nearly_empty_pages, read_pages, stranded_pages

BODY_TEXT = [
    "A paragraph with bold, emphasis, a good link (https://example.org) and a second line.",
    "apple", "pear", "green pear", "brown pear", "one", "two",
    "Be kind to yourself.", "A trainer", "Dzień dobry.", "The end.",
]


def build_pdf(course_dir: Path, size: int = 18, scheme: str = "standard") -> bytes:
    course, _ = load_course(course_dir)
    files = get("large-print").write(course, locale_for("en-GB"), {"sizes": [size], "colour-scheme": scheme})
    assert [f.path for f in files] == [f"{course.config.slug}-large-print-{size}pt.pdf"]
    return files[0].data


@pytest.fixture(scope="module")
def mini_pdf(tmp_path_factory) -> bytes:
    import shutil
    target = tmp_path_factory.mktemp("lp") / "mini"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", target)
    return build_pdf(target, 18)


@pytest.fixture(scope="module")
def sample_pdfs() -> dict[int, bytes]:
    """The real sample course at 18 and 24 point: the layout rules matter most on real text."""
    course, _ = load_course(ROOT / "content")
    files = get("large-print").write(course, locale_for("en-GB"), {"sizes": [18, 24], "colour-scheme": "cream"})
    return {f.options["size"]: f.data for f in files}


@pytest.fixture(scope="module")
def sample_pages(sample_pdfs) -> dict[int, list[ReadPage]]:
    return {size: read_pages(data) for size, data in sample_pdfs.items()}


def test_golden_html_given_to_weasyprint(mini_course):
    course, _ = load_course(mini_course)
    html, allowed = render_document(course, locale_for("en-GB"), 18, "standard")
    html = html.replace(mini_course.resolve().as_uri(), "file:///COURSE")
    html = re.sub(r"file:///[^\"]*/(AtkinsonHyperlegible-\w+\.ttf)", r"file:///FONTS/\1", html)
    assert_golden("mini-large-print-18pt.html", html)
    assert sorted(p.name for p in allowed) == ["AtkinsonHyperlegible-Bold.ttf", "AtkinsonHyperlegible-Regular.ttf",
                                               "square.png"]


# Words only the diagrams print (the module text says them otherwise), with their capitals.
DIAGRAM_WORDS = ("Feet flat, weight even", "How my body and mood react", "We both count", "Hands open and still")


def test_no_character_smaller_than_the_chosen_size(sample_pages):
    """Every character, the words of the sample's SVG diagrams among them (drawn so that their smallest
    words are at least the print size), and the page numbers at the body size."""
    for size, pages in sample_pages.items():
        chars = [char for page in pages for char in page.chars]
        page_numbers = [c for c in pages[3].chars if c.get("tag") == "Artifact"]
        assert min(round(char["size"], 2) for char in chars) >= size - 0.01, size
        assert page_numbers and all(abs(c["size"] - size) < 0.01 for c in page_numbers)
        drawn = "".join(c["text"] for c in chars if not c["text"].isspace())
        assert all(words.replace(" ", "") in drawn for words in DIAGRAM_WORDS), size  # the diagrams' words


def test_a_translated_diagram_has_the_versions_words(tmp_path):
    from builder.versions import version
    course, _ = load_course(ROOT / "content")
    polish = version(course, "participant", "pl")
    polish.modules = [m for m in polish.modules if any(isinstance(b, Figure) for b in m.blocks)]  # the diagrams
    data = get("large-print").write(polish, locale_for("pl"), {"sizes": [16], "colour-scheme": "high-contrast"})[0].data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
        page = next(p for p in pdf.pages if "Zatrzymaj się i oddychaj" in " ".join((p.extract_text() or "").split()))
        white = [r for r in page.rects if r["width"] > 300 and tuple(r.get("non_stroking_color") or ()) == (1, 1, 1)]
    for english in DIAGRAM_WORDS:
        assert english not in text
    assert "Co sobie mówię" in text and "Zatrzymaj się i oddychaj" in text
    assert not white  # the diagram takes the high-contrast scheme's colours: no white block on a black page


def test_text_is_all_there_in_order(mini_pdf):
    with pdfplumber.open(io.BytesIO(mini_pdf)) as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages)
    flat = re.sub(r"\s+", "", text)  # lines wrap anywhere, even inside a long web address
    position = 0
    for expected in BODY_TEXT:
        wanted = re.sub(r"\s+", "", expected)
        found = flat.find(wanted, position)
        assert found >= 0, (expected, flat)
        position = found + len(wanted)


def test_no_italic_or_oblique_fonts_and_all_embedded(sample_pdfs):
    with pikepdf.open(io.BytesIO(sample_pdfs[18])) as pdf:
        fonts = {}
        for page in pdf.pages:
            for name, font in page.Resources.Font.items():
                fonts[str(font.BaseFont)] = font
        assert fonts
        for base_name, font in fonts.items():
            assert not re.search(r"italic|oblique", base_name, re.I), base_name
            assert re.search(r"Atkinson-?Hyperlegible", base_name), base_name
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), base_name
            assert "/ToUnicode" in font


def test_pdf_ua_structure_metadata_and_alt(mini_pdf):
    with pikepdf.open(io.BytesIO(mini_pdf)) as pdf:
        root = pdf.Root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "en-GB"
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        assert "/StructTreeRoot" in root
        with pdf.open_metadata() as xmp:
            assert xmp.get("dc:title") == "Mini Course"
            assert xmp.get("pdfuaid:part") == "1"
        assert "/Outlines" in root  # bookmarks
        elements = list(_elements(root.StructTreeRoot.K))
        figures = [e for e in elements if e.S == "/Figure"]
        assert figures and all(str(e.Alt) for e in figures)
        assert [str(e.Alt) for e in figures] == ["A grey square"]
        headers = [e for e in elements if e.S == "/TH"]
        assert headers and all(e.A.Scope == "/Column" for e in headers)
        polish = [e for e in elements if "/Lang" in e]
        assert polish and all(str(e.Lang) == "pl" for e in polish)


def test_page_numbers_are_artifacts_not_content(mini_pdf):
    with pdfplumber.open(io.BytesIO(mini_pdf)) as pdf:
        for number, page in enumerate(pdf.pages[1:], start=2):
            footer = [c for c in page.chars if c["top"] > page.height - 25 * 72 / 25.4]  # bottom margin
            assert "".join(c["text"] for c in footer) == str(number)
            assert all(c.get("tag") == "Artifact" for c in footer)
            assert all(c.get("mcid") is None for c in footer)


def test_tags_are_mended_only_in_a_pdf_with_page_numbers(mini_course):
    """A part laid out without its numbers (as parts are) has nothing to mark as an artifact, so it is
    given back as WeasyPrint wrote it; the document laid out whole has its numbers marked."""
    from builder.writers.large_print.parts import _NO_NUMBERS
    from builder.writers.large_print.tagging import fix_tags

    html, files = render_document(load_course(mini_course)[0], locale_for("en-GB"), 18, "standard")
    numbered = render_pdf(html, files)
    mended = fix_tags(numbered)
    with pikepdf.open(io.BytesIO(mended)) as pdf:
        assert b"/Pagination" in pdf.pages[1].Contents.read_bytes()
    bare = render_pdf(html.replace("</style>", _NO_NUMBERS, 1), files)
    assert fix_tags(bare) is bare


def test_cover_and_contents(mini_pdf):
    with pdfplumber.open(io.BytesIO(mini_pdf)) as pdf:
        cover = pdf.pages[0].extract_text()
        contents = pdf.pages[1].extract_text()
    for expected in ("Mini Course", "Every construct once", "Test Network", "15 January 2026",
                     "Large print, 18 point"):
        assert expected in cover
    assert re.search(r"First module\s+3", contents) and re.search(r"Second module\s+\d+", contents)


def test_a_contents_that_runs_onto_another_page_never_leaves_its_last_entry_alone(tmp_path):
    """A course with one module more than the contents page holds: the last two entries go over together."""
    def contents_pages(count: int) -> list[list[str]]:
        modules = {f"{n:02d}-m.md": f"# Module number {n} of the course\n\nText.\n" for n in range(1, count + 1)}
        content = write_course(tmp_path / str(count), modules, COURSE_TOML, ())
        with pdfplumber.open(io.BytesIO(build_pdf(content, 24))) as pdf:
            pages = [page.extract_text().splitlines() for page in pdf.pages[1:3]]
        return [[line for line in lines if line.startswith("Module number")] for lines in pages]

    fits = len(contents_pages(16)[0])
    assert 3 < fits < 16
    first, second = contents_pages(fits + 1)
    assert (len(first), len(second)) == (fits - 1, 2)


def test_headings_never_end_a_page_and_phone_numbers_stay_whole(sample_pages):
    for size, pages in sample_pages.items():
        for page in pages[2:]:
            content = [c for c in page.chars if c.get("tag") != "Artifact"]
            if not content:
                continue
            bottom = max(c["top"] for c in content)
            if any(image["top"] > bottom for image in page.images) or any(
                    c.get("mcid") in page.in_figures for c in content if abs(c["top"] - bottom) < 2):
                continue  # the page ends with a picture (a PNG, or an SVG's words), not a heading
            last_line = [c for c in content if abs(c["top"] - bottom) < 2]
            assert max(c["size"] for c in last_line) < size * 1.1, (size, page.number)
        lines = [line for page in pages for line in page.text.splitlines()]
        for number in ("116 123", "0300 123 3393"):
            assert any(number in line for line in lines), (size, number)


def test_no_page_is_left_nearly_empty(sample_pdfs):
    for size, data in sample_pdfs.items():
        assert nearly_empty_pages(data) == [], size


# ---- Pages left nearly empty, boxes that run over a page (small courses that reproduce each) --------------


def edition_pdf(folder: Path, modules: dict[str, str], edition: str = "trainer", lang: str = "en-GB",
                images: dict[str, bytes] | None = None) -> bytes:
    """A small course as one edition, laid out at 18 point with `lang`'s labels (its text stays English)."""
    from builder.editions import finish, select

    content = write_course(folder, modules)
    for name, data in (images or {}).items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(data)
    course = finish(select(load_course(content)[0], edition))
    return get("large-print").write(course, locale_for(lang), {"sizes": [18], "colour-scheme": "standard"})[0].data


def filler(lines: int) -> str:
    """A paragraph of `lines` short lines, to bring what follows it down the page a line at a time."""
    return "\\\n".join(f"Filler line {number}." for number in range(1, lines + 1))


@pytest.mark.parametrize("lines, picture", [(2, (2, 2)), (4, (2, 2)), (0, (4, 5))])
def test_a_heading_and_a_picture_that_do_not_fit_never_leave_the_page_before_nearly_empty(tmp_path, lines, picture):
    """A square picture that fits under its heading once WeasyPrint no longer keeps the list after it with
    it; a tall one drawn smaller (not under 60% of its width) so that it fits."""
    md = f"# Pictures\n\n{filler(lines) or 'Intro.'}\n\n## A picture\n\n![A grey picture](images/p.png)\n\n1. one\n2. two\n"
    data = edition_pdf(tmp_path / "c", {"01-a.md": md}, "participant", images={"images/p.png": png_bytes(*picture)})
    assert stranded_pages(data) == []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        image = next(image for page in pdf.pages for image in page.images)
    assert image["width"] >= 0.6 * 170 * 72 / 25.4


def test_a_session_plan_too_tall_for_the_rest_of_the_first_page_splits_there_rather_than_strand_it(tmp_path):
    """The plan is kept whole when it fits on the page; when that would leave the title alone, it starts under
    it and goes on under "Session plan (continued)", its column headings repeated."""
    parts = "\n\n".join(f"## Part {number} {{duration=5}}\n\nText of part {number}." for number in range(1, 15))
    md = f"---\nsummary: {' '.join(['A summary of this session.'] * 4)}\nduration: 70 minutes\n---\n# A session\n\n{parts}\n"
    data = edition_pdf(tmp_path / "c", {"01-a.md": md})
    assert stranded_pages(data) == []
    pages = read_pages(data)
    first = next(page for page in pages if "Session plan" in page.text)
    after = pages[first.number].text.splitlines()
    assert "Start Section or activity" in first.text.replace("\n", " ")
    assert after[0] == "Session plan (continued)" and after[1] == "Start Section or activity Minutes"


SAFEGUARDING = [
    "Check in with each person as they arrive, and ask how their week has been so far.",
    "If someone tells you about a risk to themselves or to others, or about abuse, or is afraid of a person they "
    "live with, or is pressured for money, follow the safeguarding policy: tell the lead trainer the same day, "
    "and write down what was said in their own words.",
    "Keep the group to time. Give a two-minute warning before each round ends, and offer a break.",
    "Nobody has to share anything they do not want to share. Say this at the start and again at the end.",
]


@pytest.mark.parametrize("lang, lines, label", [("en-GB", 14, "Trainer note (continued)"),
                                                ("ur", 9, "تربیت کار کے لیے نوٹ (جاری)")])
def test_a_trainer_note_over_two_pages_is_open_at_the_cut_and_labelled_again(tmp_path, lang, lines, label):
    """A long trainer note crossing a page: cut between its paragraphs, never inside one (the safeguarding
    sentence stays whole), with no border across the cut, and "(continued)" in the document's language at the
    top of the next page."""
    md = f"# Notes\n\n{filler(lines)}\n\n::: trainer Safeguarding\n" + "\n\n".join(SAFEGUARDING) + "\n:::\n\nThe end.\n"
    data = edition_pdf(tmp_path / "c", {"01-a.md": md}, lang=lang)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [pdf.pages[2], pdf.pages[3]]
        texts = [" ".join(page.extract_text().split()) for page in pages]
        assert "Safeguarding" in texts[0] and SAFEGUARDING[-1] in texts[1]  # the note runs over the page
        for sentence in SAFEGUARDING:
            assert any(sentence in text for text in texts), sentence
        words = [[c for c in page.chars if c.get("tag") != "Artifact" and not c["text"].isspace()] for page in pages]
        top_line = [c for c in words[1] if c["top"] < min(c["bottom"] for c in words[1])]
        # Nothing drawn across the box below its last line on the first page, nor above its label on the next.
        assert not _ruled(pages[0], max(c["bottom"] for c in words[0]) + 2, AREA_BOTTOM + 6)
        assert not _ruled(pages[1], AREA_TOP - 6, min(c["top"] for c in top_line) - 2)
    assert sorted(c["text"] for c in top_line) == sorted(label.replace(" ", ""))


def _ruled(page, top: float, bottom: float) -> bool:
    """Whether a line is drawn across the text area (a border, solid or dashed) between `top` and `bottom`."""
    scale = 2  # pixels a point
    picture = page.crop((70, top, 525, bottom)).to_image(resolution=72 * scale).original.convert("L")
    width, height = picture.size
    pixels = picture.load()
    return any(sum(pixels[x, y] < 128 for x in range(width)) > width * 0.3 for y in range(height))


@pytest.mark.parametrize("lines", [16, 19])
def test_a_box_of_a_few_lines_never_splits(tmp_path, lines):
    """A trainer note of four lines near the foot of a page goes over whole, however near."""
    md = (f"# Notes\n\n{filler(lines)}\n\n::: trainer\nA short note of one line.\n\nA second short line.\n\n"
          "A third short line.\n:::\n\nThe end.\n")
    pages = read_pages(edition_pdf(tmp_path / "c", {"01-a.md": md}))
    holding = {page.number for page in pages for words in ("Trainer note", "A short note", "A third short")
               if words in page.text}
    assert len(holding) == 1


def test_a_right_to_left_pdf_opens_right_to_left(mini_course):
    """Urdu reads from right to left: a viewer showing pages side by side puts the first on the right."""
    course, _ = load_course(mini_course)
    options = {"sizes": [18], "colour-scheme": "standard"}
    for lang, direction in (("ur", "/R2L"), ("en-GB", None)):
        data = get("large-print").write(course, locale_for(lang), options)[0].data
        with pikepdf.open(io.BytesIO(data)) as pdf:
            found = pdf.Root.ViewerPreferences.get("/Direction")
            assert (str(found) if found is not None else None) == direction, lang
            assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)


@pytest.mark.parametrize("scheme", ["standard", "cream", "high-contrast"])
def test_colour_scheme_paints_the_page(mini_course, scheme):
    from builder.colours import SCHEMES

    data = build_pdf(mini_course, 16, scheme)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        picture = pdf.pages[2].to_image(resolution=20).original.convert("RGB")
    expected = SCHEMES[scheme].background.lstrip("#")
    corner = picture.getpixel((2, 2))  # a margin: nothing but the page's own colour is drawn there
    assert "%02x%02x%02x" % corner == expected.lower()


def test_refused_fetch_fails_instead_of_being_logged():
    html = '<html lang="en"><head><title>x</title></head><body><img src="file:///etc/hostname" alt="x"></body></html>'
    with pytest.raises(WriterError, match="not part of the course: file:///etc/hostname"):
        render_pdf(html, [])


def test_missing_font_for_a_script_names_the_package(course_dir, monkeypatch):
    from builder import fonts
    monkeypatch.setattr(fonts, "font_files", lambda family: {} if "CJK" in family else {400: Path("x")})
    content = course_dir({"01-a.md": "# A\n\n你好\n{lang=zh}\n"})
    course, _ = load_course(content)
    with pytest.raises(WriterError, match=r"no installed font covers Chinese \(zh\): install it with: "
                                          r"sudo apt-get install fonts-noto-cjk"):
        get("large-print").write(course, locale_for("en-GB"), {"sizes": [18], "colour-scheme": "standard"})


@pytest.mark.parametrize("value, message", [
    ("[12]", "large-print.sizes must be between 16 and 48, not 12"),
    ("[18, 50]", "large-print.sizes must be between 16 and 48, not 50"),
    ("18", "large-print.sizes must be a non-empty list"),
])
def test_size_outside_the_range_is_a_config_error(course_dir, value, message):
    toml = f'[course]\ntitle = "T"\norganisation = "O"\nlanguage = "en-GB"\n[large-print]\nsizes = {value}\n'
    with pytest.raises(ContentError, match=re.escape(message)):
        load_course(course_dir({"01-a.md": "# A\n"}, course_toml=toml))


def test_same_input_same_bytes(mini_course):
    assert build_pdf(mini_course, 20) == build_pdf(mini_course, 20)


def _elements(node):
    if isinstance(node, pikepdf.Array):
        for child in node:
            yield from _elements(child)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        yield node
        yield from _elements(node.get("/K"))


def test_cover_date_from_course_then_source_date_epoch(course_dir, monkeypatch):
    course, _ = load_course(course_dir({"01-a.md": "# A\n"}))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1785110400")
    assert str(course.config.publication_date()) == "2026-07-27"


# ---- Markdown as other tools write it (tests/fixtures/realworld) ------------------------------------------


@pytest.fixture(scope="module")
def realworld_pdf() -> bytes:
    from builder.editions import for_participants

    course, _ = load_course(ROOT / "tests" / "fixtures" / "realworld")
    return get("large-print").write(for_participants(course), locale_for("en-GB"),
                                    {"sizes": [18], "colour-scheme": "standard"})[0].data


def structure_types(pdf_bytes: bytes) -> list[str]:
    found = []
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        def walk(node):
            if isinstance(node, pikepdf.Array):
                for child in node:
                    walk(child)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                found.append(str(node.S))
                walk(node.get("/K"))
        walk(pdf.Root.StructTreeRoot.K)
    return found


def test_boxes_code_and_notes_in_the_pdf(realworld_pdf):
    with pdfplumber.open(io.BytesIO(realworld_pdf)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
        sizes = {round(char["size"]) for page in pdf.pages for char in page.chars}
        code_font = {char["fontname"].split("+")[-1] for page in pdf.pages for char in page.chars
                     if char["text"] == "o" and "echo" in page.extract_text()}
    assert "Exercise: Practise in pairs" in text and "Answer" in text and "Prereq" in text
    assert 'echo "keep my spaces"' in " ".join(text.split()) and "indented line" in text
    assert "Saying what you need, clearly and calmly." in text and "Samaritans answer every call." in text
    assert "(note 1)" in text and "Notes" in text
    for raw in (":::", "```", "[^", "{alt", "Watch the time"):
        assert raw not in text
    assert min(sizes) >= 18  # boxes, code and notes at the body size or larger
    assert "DejaVu-Sans-Mono" in code_font
    types = structure_types(realworld_pdf)
    assert types.count("/H4") == 1 and "/H3" in types  # the answer box's heading is one below the exercise's


def test_emoji_are_drawn_from_an_emoji_font(realworld_pdf):
    with pikepdf.open(io.BytesIO(realworld_pdf)) as pdf:
        fonts = {str(font.get("/BaseFont")) for page in pdf.pages
                 for font in page.obj.Resources.get("/Font", {}).values()}
    assert any("Noto-Color-Emoji" in name for name in fonts), fonts


def _read_back(data: bytes) -> dict:
    """What a reader meets: each page's text, where each link and bookmark lands, the tag tree."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = [page.extract_text() for page in pdf.pages]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        index = {page.objgen: number for number, page in enumerate(pdf.pages)}
        flat = list(pdf.Root.Names.Dests.Names)
        dests = {str(flat[i]): index[flat[i + 1][0].objgen] for i in range(0, len(flat), 2)}
        links = [[str(link.Dest) for link in page.get("/Annots", []) if "/Dest" in link] for page in pdf.pages]
        with pdf.open_outline() as outline:
            def marks(items):
                return [(item.title, index[item.destination[0].objgen], marks(item.children)) for item in items]
            bookmarks = marks(outline.root)
        tags = [str(element.S) for element in _elements(pdf.Root.StructTreeRoot.K)]
        objects = [(str(element.S), kid.Obj.objgen in {a.objgen for a in kid.Pg.Annots})
                   for element in _elements(pdf.Root.StructTreeRoot.K) if isinstance(element.get("/K"), pikepdf.Array)
                   for kid in element.K if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"]
    return {"text": text, "dests": dests, "links": links, "bookmarks": bookmarks, "tags": tags, "objects": objects}


def test_modules_laid_out_apart_read_back_as_the_document_laid_out_whole(mini_course):
    """Each module is laid out on its own and the parts joined: page numbers, the contents, links between
    modules both ways, bookmarks and the tag tree are those of the whole document laid out in one go."""
    from builder.writers.large_print.tagging import fix_tags

    course, _ = load_course(mini_course)
    joined = get("large-print").write(course, locale_for("en-GB"), {"sizes": [18], "colour-scheme": "standard"})[0].data
    whole = fix_tags(render_pdf(*render_document(course, locale_for("en-GB"), 18, "standard")))
    found, expected = _read_back(joined), _read_back(whole)
    assert found == expected
    assert "(page 3)" in found["text"][-1] and any("01-first-lists" in page for page in found["links"])
    assert all(inside for _, inside in found["objects"]) and found["objects"]  # each link's tag holds its own


def test_a_module_edit_lays_out_only_that_module(mini_course, tmp_path):
    """A module edit lays out that module's pages again and no other part; a module that grows moves the
    page numbers and the contents, not the layout of the modules after it."""
    options = {"sizes": [18], "colour-scheme": "standard"}

    def made() -> tuple[bytes, int]:
        writer = get("large-print", tmp_path / "cache")
        data = writer.write(load_course(mini_course)[0], locale_for("en-GB"), options)[0].data
        return data, writer.pages_laid_out

    first, laid_out = made()
    pages = len(read_pages(first))
    assert laid_out >= pages
    assert made() == (first, 0)  # nothing changed: nothing laid out
    second = mini_course / "02-second.md"
    second.write_text(second.read_text().replace("The end.", "The very end."))
    data, laid_out = made()
    assert "The very end." in read_pages(data)[-1].text and laid_out == 1  # module 2 is one page
    first_module = mini_course / "01-first.md"
    first_module.write_text(first_module.read_text() + "\n".join(f"\nMore words, paragraph {n}." for n in range(40)))
    data, laid_out = made()
    grown = read_pages(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        contents = pdf.pages[1].extract_text()
        numbers = ["".join(c["text"] for c in page.chars if c["top"] > page.height - 25 * 72 / 25.4)
                   for page in pdf.pages]
    assert len(grown) > pages
    assert numbers == [""] + [str(n) for n in range(2, len(grown) + 1)]
    assert re.search(rf"Second module\s+{len(grown)}", contents)
    module_one_pages = len(grown) - 2 - 1  # all but the cover, the contents and the second module
    # The contents, and the first module twice (its link to the second shows that module's new page); the
    # second module is not laid out again.
    assert laid_out == 2 + 2 * module_one_pages


def test_a_first_build_writes_each_parts_pdf_once_and_only_counts_the_pages_of_one_pointing_forward(
        mini_course, monkeypatch):
    """The first module links to the second: its "(page N)" counts its own pages, so its first layout is
    only counted (no PDF written); every part's PDF is then written once, with the right numbers."""
    from builder.writers import large_print

    written, counted = [], []
    render, count = large_print.render_pdf, large_print.page_anchors
    monkeypatch.setattr(large_print, "render_pdf", lambda html, files, tagged=True, *args: (
        written.append(html) if tagged else None) or render(html, files, tagged, *args))
    monkeypatch.setattr(large_print, "page_anchors", lambda html, *args: counted.append(html) or count(html, *args))
    data = get("large-print").write(load_course(mini_course)[0], locale_for("en-GB"), {"sizes": [18], "colour-scheme": "standard"})
    assert len(written) == 3 and len(set(written)) == 3  # the cover and contents, and each module, once
    assert len(counted) == 1 and "First module" in counted[0] and counted[0] not in written
    pages = read_pages(data[0].data)
    second = next(page for page in pages if "Back to the lists" in page.text)  # the second module's page
    assert re.search(rf"See the second module \(page {second.number}\)", "".join(page.text for page in pages))


def test_versions_of_about_the_same_length_share_one_layout_of_their_page_numbers(mini_course, tmp_path, monkeypatch):
    """The page numbers are laid out for a round number of pages, in no language: an English and an Urdu
    version of the mini course (a few pages each, each with its own title, as a translation has) share
    them, and each shows its own pages' numbers."""
    import dataclasses

    from builder.writers import large_print

    folios = []
    render = large_print.render_pdf
    monkeypatch.setattr(large_print, "render_pdf", lambda html, files, tagged=True, *args: (
        folios.append(html) if not tagged else None) or render(html, files, tagged, *args))
    english = load_course(mini_course)[0]
    urdu = dataclasses.replace(english, config=dataclasses.replace(english.config, title="مختصر کورس"))
    for lang, course in (("en-GB", english), ("ur", urdu)):
        data = get("large-print", tmp_path / "cache").write(course, locale_for(lang), {"sizes": [18], "colour-scheme": "standard"})
        with pdfplumber.open(io.BytesIO(data[0].data)) as pdf:
            numbers = ["".join(c["text"] for c in page.chars if c["top"] > page.height - 25 * 72 / 25.4)
                       for page in pdf.pages]
        assert numbers == [""] + [str(n) for n in range(2, len(numbers) + 1)], lang
    assert len(folios) == 1 and 'lang="zxx"' in folios[0]


def test_numbers_that_never_settle_fall_back_to_the_document_laid_out_whole(mini_course, monkeypatch):
    """If the parts' page numbers do not agree within the rounds allowed, the document is laid out in one go."""
    from builder.writers.large_print import parts

    from builder.writers.large_print.tagging import fix_tags

    monkeypatch.setattr(parts, "MAX_ROUNDS", 1)  # the first round always lays out, so never agrees
    course, _ = load_course(mini_course)
    writer = get("large-print")
    data = writer.write(course, locale_for("en-GB"), {"sizes": [18], "colour-scheme": "standard"})[0].data
    assert data == fix_tags(render_pdf(*render_document(course, locale_for("en-GB"), 18, "standard")))
    assert writer.pages_laid_out > len(read_pages(data))  # the parts, then the whole


@pytest.mark.parametrize("lang, size", [("en-GB", 18), ("ur", 24)])
def test_the_cover_gives_the_versions_page_with_a_qr_code_that_reads_back(course_dir, tmp_path, lang, size):
    """With a [site] url, a printed copy says where to listen online: the address in words and a QR code,
    which a decoder (zbar) reads back as exactly that address; the cover stays one page, even Urdu at 24 pt."""
    from pyzbar.pyzbar import decode

    from builder.editions import finish, select
    title = {"en-GB": ('Confidence and Assertiveness',
                       'A nine-session course for people who use mental health services'),
             "ur": ('خود اعتمادی اور پُراعتماد اظہار',
                    'ذہنی صحت کی خدمات استعمال کرنے والے لوگوں کے لیے نو نشستوں کا کورس')}[lang]  # the sample's
    toml = COURSE_TOML.replace('language = "en-GB"', f'language = "{lang}"').replace(
        'title = "Test Course"', f'title = "{title[0]}"\nsubtitle = "{title[1]}"\nslug = "c"') + \
        '\n[site]\nurl = "https://example.org/our-course"\n'
    content = course_dir({"01-a.md": "# A\n\nText.\n"}, course_toml=toml)
    course = finish(select(load_course(content)[0], "participant"))
    [pdf] = get("large-print").write(course, locale_for(lang), {"sizes": [size], "colour-scheme": "cream"})
    address = f"https://example.org/our-course/participant/{lang}/"
    path = tmp_path / "cover.pdf"
    path.write_bytes(pdf.data)
    with pdfplumber.open(path) as document:
        cover, second = (document.pages[0].extract_text() or ""), (document.pages[1].extract_text() or "")
        images = [page.to_image(resolution=150).original.convert("L") for page in document.pages[:2]]
    assert address in cover.replace("\n", "") and address not in second
    assert [found.data.decode() for found in decode(images[0])] == [address]
    assert decode(images[1]) == []  # the code on the cover, not spilt onto the next page


def test_phone_numbers_and_addresses_read_left_to_right_in_urdu(course_dir, tmp_path):
    """Inside Urdu text, "116 123" printed as "123 116" and a shown address's "/" jumped to its other end."""
    toml = '[course]\ntitle = "عنوان"\norganisation = "تنظیم"\nlanguage = "ur"\nslug = "c"\n'
    content = course_dir({"01-a.md": "# پہلا\n\nسماریٹنز کو 116 123 پر فون کریں یا [ویب سائٹ](https://www.gov.uk/help/) "
                                     "دیکھیں۔\n"}, course_toml=toml)
    course, _ = load_course(content)
    [pdf] = get("large-print").write(course, locale_for("ur"), {"sizes": [18], "colour-scheme": "standard"})
    with pdfplumber.open(io.BytesIO(pdf.data)) as document:
        words = [w for page in document.pages for w in page.extract_words() if w["text"].isascii()]
    x = {w["text"]: w["x0"] for w in words}
    assert x["116"] < x["123"], words
    shown = " ".join(w["text"] for w in words)
    assert "https://" in shown and re.search(r"gov\.uk/help/\)?( |$)", shown), shown  # its "/" at its end
    assert "/https" not in shown and "(/" not in shown, shown


def test_a_note_inside_an_activity_cut_over_two_pages_says_both_go_on(tmp_path):
    """An activity holding a long trainer note that crosses a page: both boxes go on on the next page, and its
    first line says so for both ("Activity (continued)", then "Trainer note (continued)"), not for the inner
    one alone."""
    md = (f"# Notes\n\n{filler(12)}\n\n:::: activity Breathing together\nSit comfortably.\n\n::: trainer\n"
          + "\n\n".join(SAFEGUARDING) + "\n:::\n::::\n\nThe end.\n")
    pages = read_pages(edition_pdf(tmp_path / "c", {"01-a.md": md}, "trainer"))
    cut = next(page for page in pages if "Breathing together" in page.text)
    top = " ".join(pages[cut.number].text.splitlines()[:2])  # the label, which may take two lines
    assert top.startswith("Activity (continued) · Trainer note (continued)"), top
