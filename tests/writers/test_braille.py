"""Braille: a golden BRF for a small course, then every BRF read back with liblouis and measured."""

from __future__ import annotations

import dataclasses
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from builder.locale import locale_for
from builder.course import load_course
from builder.model import plain_text
from builder.walk import nodes
from builder.writers import get
from builder.writers.base import FormatSkipped, WriterError
from builder.writers.braille import layout, translate
from builder.writers.braille.segments import Segment, TableSegment
from builder.languages import known
from builder.writers.braille.tables import BLANK, from_brf, to_brf
from tests.conftest import COURSE_TOML, ROOT
from tests.golden import assert_golden

OPTIONS = {"grades": [2], "cells": 40, "lines": 25}
PEF = "{http://www.daisy.org/ns/2008/pef}"


def write(content: Path, lang: str = "en-GB", **options):
    course, _ = load_course(content)
    return {f.path: f for f in get("braille").write(course, locale_for(lang), {**OPTIONS, **options})}


def brf_pages(data: bytes) -> list[list[str]]:
    text = data.decode("ascii")
    return [page.split("\r\n")[:-1] for page in text.split("\f")]


def source_words(content: Path) -> Counter:
    course, _ = load_course(content)
    texts = [course.config.title, course.config.subtitle, course.config.organisation]
    for node in nodes(course):
        if hasattr(node, "children") and type(node).__name__ in ("Paragraph", "Heading", "Cell"):
            texts.append(plain_text(node.children))
        elif type(node).__name__ == "Figure":
            texts.append(node.alt)
        elif type(node).__name__ == "Module":
            texts += [node.title_text, node.summary or ""]
    return Counter(w for t in texts for w in re.findall(r"[^\W_]+", t.lower()))


def recovered_share(data: bytes, table: str, content: Path) -> float:
    back = []
    for page in brf_pages(data):
        cells = BLANK.join(from_brf(line) for line in page[1:])  # line 1 holds the page number
        cells = cells.replace("⠈⠨⠣", BLANK).replace("⠈⠨⠜", BLANK)  # transcriber's note indicators
        back.append(translate.back_translate(table, cells))
    found = Counter(w for t in back for w in re.findall(r"[^\W_]+", t.lower()))
    wanted = source_words(content)
    return sum((wanted & found).values()) / sum(wanted.values())


@pytest.fixture(scope="module")
def sample_files():
    return {grade: write(ROOT / "content", grades=[grade]) for grade in (1, 2)}


def test_golden_brf(mini_course):
    files = write(mini_course)
    assert sorted(files) == ["mini-course-braille-ueb-g2-proof.html", "mini-course-braille-ueb-g2.brf",
                             "mini-course-braille-ueb-g2.pef"]
    assert_golden("mini-braille-ueb-g2.brf", files["mini-course-braille-ueb-g2.brf"].data.decode("ascii"))


@pytest.mark.parametrize("grade, table", [(1, "en-ueb-g1.ctb"), (2, "en-ueb-g2.ctb")])
def test_back_translation_recovers_the_sample_course(sample_files, grade, table):
    data = sample_files[grade][f"confidence-and-assertiveness-braille-ueb-g{grade}.brf"].data
    share = recovered_share(data, table, ROOT / "content")
    assert share >= 0.99, share


@pytest.mark.parametrize("grade", [1, 2])
def test_line_and_page_limits_and_brf_form(sample_files, grade):
    data = sample_files[grade][f"confidence-and-assertiveness-braille-ueb-g{grade}.brf"].data
    text = data.decode("ascii")
    assert "\r\n" in text and not re.search(r"(?<!\r)\n", text)
    pages = brf_pages(data)
    assert len(pages) > 10
    for page in pages:
        assert len(page) <= 25
        assert all(len(line) <= 40 for line in page)
        assert all(line == line.rstrip() for line in page)


@pytest.mark.parametrize("grade", [1, 2])
def test_page_numbers_top_right_and_consecutive(sample_files, grade):
    pages = brf_pages(sample_files[grade][f"confidence-and-assertiveness-braille-ueb-g{grade}.brf"].data)
    for index, page in enumerate(pages, 1):
        first = page[0]
        number = first.strip()
        assert len(first) == 40, first
        assert re.fullmatch(r"#[A-J]+", number), first
        digits = "".join("JABCDEFGHI".index(ch) .__str__() for ch in number[1:])
        assert int(digits) == index
        assert first.startswith("   ")  # at least three blank cells before it


def test_pef_structure(sample_files):
    files = sample_files[2]
    root = ET.fromstring(files["confidence-and-assertiveness-braille-ueb-g2.pef"].data)
    assert root.tag == f"{PEF}pef" and root.get("version") == "2008-1"
    meta = root.find(f"{PEF}head/{PEF}meta")
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert meta.find(f"{dc}format").text == "application/x-pef+xml"
    assert meta.find(f"{dc}language").text == "en-GB"
    volumes = root.findall(f"{PEF}body/{PEF}volume")
    assert len(volumes) == 1
    volume = volumes[0]
    assert (volume.get("cols"), volume.get("rows")) == ("40", "25")
    sections = volume.findall(f"{PEF}section")
    course, _ = load_course(ROOT / "content")
    assert len(sections) == 1 + len(course.modules)
    pages = [page for section in sections for page in section.findall(f"{PEF}page")]
    brf = brf_pages(files["confidence-and-assertiveness-braille-ueb-g2.brf"].data)
    assert len(pages) == len(brf)
    for page, brf_page in zip(pages, brf):
        rows = [row.text or "" for row in page.findall(f"{PEF}row")]
        assert len(rows) <= 25 and all(len(row) <= 40 for row in rows)
        assert all(0x2800 <= ord(ch) <= 0x283F for row in rows for ch in row)
        assert [to_brf(row) for row in rows] == brf_page


def test_proof_copy_shows_braille_beside_print(sample_files):
    proof = sample_files[2]["confidence-and-assertiveness-braille-ueb-g2-proof.html"].data.decode()
    assert proof.count("<section") == len(brf_pages(
        sample_files[2]["confidence-and-assertiveness-braille-ueb-g2.brf"].data))
    assert "Braille page 3" in proof and "Welcome and our respect agreement" in proof
    assert "⠠⠺⠑⠇⠉⠕⠍⠑" in proof


def test_brf_mapping_agrees_with_liblouis():
    import louis
    text = "Hello, world! Call 116 123 (free) & say \"no\"; 50% of #1 people."
    ours = to_brf(louis.translateString(["unicode.dis", "en-ueb-g2.ctb"], text))
    theirs = louis.translateString(["en-us-brf.dis", "en-ueb-g2.ctb"], text)
    assert ours == theirs.upper()


def test_modules_start_on_new_pages_and_headings_keep_their_text():
    from builder.model import Heading
    from builder.writers.braille import make_book
    course, _ = load_course(ROOT / "content")
    book = make_book(course, locale_for("en-GB"), 2, 40, 25)
    for module, start in zip(course.modules, book.sections[1:]):
        assert book.pages[start].sources[0] == module.title_text
        assert book.pages[start - 1].sources[-1] != module.title_text
    headings = {plain_text(n.children) for n in nodes(course) if isinstance(n, Heading)}
    headings |= {m.title_text for m in course.modules}
    for page in book.pages[book.sections[1]:]:  # the body; the contents page lists titles by design
        assert page.sources and page.sources[-1] not in headings, page.sources[-1]
        assert not page.sources[-1].startswith("(continued) ") or page.sources[-1][12:] not in headings


def seg(braille: str, kind: str = "paragraph", first: int = 2, runover: int = 0) -> Segment:
    return Segment(kind, "x", first=first, runover=runover, braille=braille, source=braille)


def test_wrap_never_splits_a_word_unless_longer_than_a_line():
    words = BLANK.join(["⠁" * 7] * 10)
    lines = layout.wrap(words, 20, 2, 0)
    assert all(len(line) <= 20 for line in lines)
    assert all(set(word) == {"⠁"} and len(word) == 7 for line in lines for word in line.split(BLANK) if word)
    long = layout.wrap("⠃" * 50, 20)
    assert [len(line) for line in long] == [20, 20, 10]


def test_heading_moves_to_the_next_page_with_its_first_line():
    page = layout.Layout(cells=20, rows=6)  # five text lines
    page.new_page()
    page.add(["⠁"] * 4)
    page.segment(seg("⠓⠓", "heading2"))
    page.segment(seg("⠏⠏"))
    assert page.pages[0].lines == ["⠁"] * 4
    assert page.pages[1].lines[0].strip(BLANK) == "⠓⠓"
    assert page.pages[1].lines[1].strip(BLANK) == "⠏⠏"


def test_table_in_columns_when_it_fits_else_header_value_pairs():
    def table(width: int) -> TableSegment:
        header = [seg("⠁" * width), seg("⠃" * width)]
        rows = [[seg("⠉" * width), seg("⠙" * width)]]
        pairs = [[seg("⠁⠒⠀" + "⠉" * width, "pair", 0, 2), seg("⠃⠒⠀" + "⠙" * width, "pair", 2, 4)]]
        return TableSegment(header, rows, pairs, "table")

    narrow = layout.Layout(40, 25)
    narrow.new_page()
    narrow._table(table(5))
    assert narrow.pages[0].lines == ["⠁" * 5 + BLANK * 2 + "⠃" * 5, "⠒" * 5 + BLANK * 2 + "⠒" * 5,
                                     "⠉" * 5 + BLANK * 2 + "⠙" * 5]
    wide = layout.Layout(40, 25)
    wide.new_page()
    wide._table(table(25))
    assert wide.pages[0].lines[0].startswith("⠁⠒")
    assert wide.pages[0].lines[1].startswith(BLANK * 2 + "⠃⠒")


def crash_on_second_module(table, items):
    """Stands in for liblouis dying inside ctypes: the worker process aborts."""
    if any("Back to the" in text for text, _ in items):
        import faulthandler
        faulthandler.disable()  # pytest's handler would print a scary (expected) dump to the log
        os.abort()
    return [""] * len(items)


def test_a_liblouis_crash_is_reported_with_the_module(mini_course, monkeypatch):
    monkeypatch.setattr(translate, "translate_batch", crash_on_second_module)
    with pytest.raises(WriterError, match="liblouis crashed while translating module 02-second"):
        write(mini_course)


def test_language_without_a_six_dot_table_is_skipped(course_dir):
    toml = '[course]\ntitle = "Curs"\norganisation = "O"\nlanguage = "ro"\n'
    with pytest.raises(FormatSkipped, match="8-dot Romanian"):
        write(course_dir({"01-a.md": "# Bună ziua\n\nText.\n"}, course_toml=toml), lang="ro")


def test_polish_uses_the_polish_table_and_round_trips(course_dir):
    toml = '[course]\ntitle = "Pewność siebie"\norganisation = "Sieć"\nlanguage = "pl"\n'
    content = course_dir({"01-a.md": "# Witamy\n\nCieszymy się, że jesteś z nami. Możesz powiedzieć nie.\n"},
                         course_toml=toml)
    files = write(content, lang="pl", grades=[2])
    assert sorted(files) == ["pewnosc-siebie-braille-pl-g1-proof.html", "pewnosc-siebie-braille-pl-g1.brf",
                             "pewnosc-siebie-braille-pl-g1.pef"]
    brf = files["pewnosc-siebie-braille-pl-g1.brf"]
    assert brf.options["table"] == "pl.tbl"
    assert recovered_share(brf.data, "pl.tbl", content) >= 0.99


def test_tables_come_only_from_the_allow_list():
    import louis
    for language in known().values():
        for table in language.braille.values():
            assert "/" not in table and louis.checkTable(["unicode.dis", table]) is None


# ---- Markdown as other tools write it (tests/fixtures/realworld) ------------------------------------------


@pytest.fixture(scope="module")
def realworld_brf() -> list[list[str]]:
    from builder.editions import for_participants

    course, _ = load_course(ROOT / "tests" / "fixtures" / "realworld")
    files = get("braille").write(for_participants(course), locale_for("en-GB"), OPTIONS)
    return brf_pages(next(f for f in files if f.path.endswith(".brf")).data)


def test_boxes_have_box_lines_and_nested_boxes_full_cells(realworld_brf):
    lines = [from_brf(line) for page in realworld_brf for line in page]
    tops = [i for i, line in enumerate(lines) if line == "⠶" * 40]
    bottoms = [i for i, line in enumerate(lines) if line == "⠛" * 40]
    outer = [i for i, line in enumerate(lines) if line == "⠿" * 40]
    assert len(tops) == len(bottoms) == 3 and len(outer) == 2  # note, answer, prereq; the exercise holds a box
    assert outer[0] < tops[1] < bottoms[1] < outer[1]
    back = translate.back_translate("en-ueb-g2.ctb", lines[tops[0] + 1].strip(BLANK))
    assert back == "Note"
    back = translate.back_translate("en-ueb-g2.ctb", lines[outer[0] + 1].strip(BLANK))
    assert back == "Exercise: Practise in pairs"


def test_code_lines_emoji_and_notes_read_back(realworld_brf):
    text = "\n".join(translate.back_translate("en-ueb-g2.ctb", from_brf(line)) for page in realworld_brf
                     for line in page[1:])
    assert 'echo "keep my spaces"' in text and "  indented line" in text  # line and indent kept
    assert "Take a break whenever you need one glowing star." in text  # an emoji by its name, not an escape
    assert "\\x" not in text and "'\\" not in text and "🌟" not in text
    assert "Helplines (note 1) are open all day." in text and "1. Samaritans answer every call." in text
    assert "help@example.org" in text
    assert "Watch the time" not in text and ":::" not in text


def test_code_is_uncontracted():
    from builder.model import CodeBlock, Source
    from builder.writers.braille.segments import UNCONTRACTED, _SegmentBuilder

    segments = _SegmentBuilder(locale_for("en-GB")).block(CodeBlock("  indented line", "", Source(Path("x"), 1), "en"), 0)
    assert [(s.text, s.first, s.runover, set(s.typeform)) for s in segments] == [
        ("indented line", 2, 4, {UNCONTRACTED})]


def test_golden_brf_of_real_world_markdown(realworld_brf):
    assert_golden("realworld-braille-ueb-g2.brf", "\f".join("\r\n".join(page) + "\r\n" for page in realworld_brf))


def test_a_missing_liblouis_table_is_a_plain_error():
    with pytest.raises(WriterError, match="liblouis could not load its table no-such-table.ctb for module x: "
                                          "reinstall the braille tables"):
        translate.translate_all("no-such-table.ctb", {"module x": [("Hello", [])]})


# ---- what a reader reads: Easy Read lines, the translation notice, the grade ------------------------------


def read_lines(page: list[str], table: str) -> list[str]:
    """A BRF page's text lines (the page-number line left out) back-translated one by one with liblouis."""
    return [translate.back_translate(table, from_brf(line).strip(BLANK)) for line in page[1:]]


def book(content: Path, lang: str, grade: int, edition=None) -> list[list[str]]:
    """The BRF pages of one grade of the course in `content`, as `edition` (a function of the course) has it."""
    course, _ = load_course(content)
    course = edition(course) if edition else course
    files = get("braille").write(course, locale_for(lang), {**OPTIONS, "grades": [grade]})
    return brf_pages(next(f for f in files if f.path.endswith(".brf")).data)


def test_easy_read_braille_keeps_one_sentence_a_line(course_dir):
    from builder.editions import EASY_READ, finish, select

    sentences = ["Welcome to the course.", "We are glad you are here.",
                 "This sentence is long enough to need a second line of braille to hold it.",
                 "You can stop at any time."]
    content = course_dir({"01-welcome.md": "# Welcome\n\nThe module.\n",
                          "01-welcome.easy.md": "# Welcome\n\n![A hand waving](images/hand.png)\n"
                                                + "\n".join(sentences) + "\n"}, images=("images/hand.png",))
    pages = book(content, "en-GB", 1, lambda course: finish(select(course, EASY_READ)))
    lines = [line.strip() for page in pages[2:] for line in read_lines(page, "en-ueb-g1.ctb")]
    at = lines.index(sentences[0])
    for sentence in sentences:  # each sentence starts a line; lines of a long one hold nothing of the next
        taken = [lines[at]]
        while " ".join(taken) != sentence:
            assert sentence.startswith(" ".join(taken)), (sentence, taken)
            at += 1
            taken.append(lines[at])
        at += 1
        assert len(taken) == (2 if sentence == sentences[2] else 1), taken


def test_urdu_braille_carries_the_machine_translation_notice_in_urdu_and_english(course_dir):
    toml = '[course]\ntitle = "خود اعتمادی"\norganisation = "نیٹ ورک"\nlanguage = "ur"\n'
    content = course_dir({"01-a.md": "# خوش آمدید\n\nہمیں خوشی ہے کہ آپ یہاں ہیں۔\n"}, course_toml=toml)
    for grade, table in ((1, "ur-pk-g1.utb"), (2, "ur-pk-g2.ctb")):
        title_page = book(content, "ur", grade, lambda course: dataclasses.replace(course, machine_translated=True))[0]
        urdu = " ".join(line.strip() for line in read_lines(title_page, table))
        assert "یہ ترجمہ مشین سے کیا گیا ہے اور" in urdu and "کی جانچ نہیں" in urdu, urdu
        # The Urdu table writes Latin letters in the cells English uncontracted braille gives them (without
        # capitals, which Urdu braille has not), so the English line is read back with the English table.
        english = " ".join(line.strip() for line in read_lines(title_page, "en-ueb-g1.ctb"))
        assert "this translation was made by machine and has not yet been checked." in english.lower(), english


@pytest.mark.parametrize("lang, grade, table, note", [
    ("en-GB", 1, "en-ueb-g1.ctb", "Braille, grade 1 (uncontracted)"),
    ("en-GB", 2, "en-ueb-g2.ctb", "Braille, grade 2 (contracted)"),
    ("pl", 1, "pl.tbl", "Braille, stopień 1 (bez skrótów)"),
    ("pt", 2, "pt-pt-g2.ctb", "Braille, grau 2 (abreviado)"),
    ("ur", 1, "ur-pk-g1.utb", "بریل، درجہ ۱، غیر مختصر"),
    ("ur", 2, "ur-pk-g2.ctb", "بریل، درجہ ۲، مختصر"),
])
def test_title_page_names_the_grade_in_words_in_the_books_language(course_dir, lang, grade, table, note):
    toml = f'[course]\ntitle = "Course"\norganisation = "Network"\nlanguage = "{lang}"\n'
    content = course_dir({"01-a.md": "# A\n\nText.\n"}, course_toml=toml)
    lines = [line.strip() for line in read_lines(book(content, lang, grade)[0], table)]
    found = [line for line in lines if line.startswith(note.split()[0])]
    words = re.compile(r"[^\W_]+")  # pl.tbl reads a closing bracket back as an opening one: words compared
    assert [words.findall(line) for line in found] == [words.findall(note)], lines


def test_english_notice_in_a_contracted_translation_is_written_letter_for_letter(course_dir):
    """Portuguese grade 2 contracts what it translates as Portuguese: the English notice in a Portuguese book
    is written in its grade 1 letters, so it reads back as English ("made by machine"), not "anteas made bos maclhine"."""
    toml = '[course]\ntitle = "Confiança"\norganisation = "Rede"\nlanguage = "pt"\n'
    content = course_dir({"01-a.md": "# Bem-vindo\n\nEstamos contentes.\n"}, course_toml=toml)
    title_page = book(content, "pt", 2, lambda course: dataclasses.replace(course, machine_translated=True))[0]
    english = " ".join(line.strip() for line in read_lines(title_page, "pt-pt-g1.utb"))
    assert "This translation was made by machine and has not yet been checked." in english, english


@pytest.mark.parametrize("grade, table", [(1, "en-ueb-g1.ctb"), (2, "en-ueb-g2.ctb")])
def test_the_title_page_gives_the_versions_page_on_the_published_site(course_dir, grade, table):
    """With a [site] url, a braille reader can also find the course to listen to: its address, exactly."""
    toml = COURSE_TOML + '\n[site]\nurl = "https://example.org/our-course"\n'
    content = course_dir({"01-a.md": "# A\n\nText.\n"}, course_toml=toml)
    title_page = "".join("".join(line.split()) for line in read_lines(book(content, "en-GB", grade)[0], table))
    # (liblouis reads UEB's colon back as grade 2's "cc": the address is compared after the scheme)
    assert "Listenandreadonline:http" in title_page and "//example.org/our-course/participant/en-GB/" in title_page, \
        title_page


def test_liblouis_process_ends_when_the_build_is_killed(tmp_path):
    """A build killed outright (SIGKILL) while liblouis translates: its liblouis process ends too, where it
    once translated on and then waited for ever on a pipe it held both ends of."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    script = ("from builder.writers.braille.translate import translate_all\n"
              "translate_all('en-ueb-g2.ctb', {f'module {n}': [('Say no kindly. ' * 4000, [])] for n in range(200)})\n")
    build = subprocess.Popen([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[2])

    def children() -> list[int]:
        found = []
        for process in Path("/proc").iterdir():
            try:
                if process.name.isdigit() and (process / "stat").read_text().rsplit(")", 1)[1].split()[1] == str(build.pid):
                    found.append(int(process.name))
            except OSError:
                continue
        return found

    deadline = time.monotonic() + 60
    while not children() and time.monotonic() < deadline:
        time.sleep(0.05)
    [liblouis] = children()
    time.sleep(0.5)  # well into translating
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=10)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{liblouis}/cmdline").exists() and Path(f"/proc/{liblouis}/cmdline").read_bytes() \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = Path(f"/proc/{liblouis}/cmdline").exists() and Path(f"/proc/{liblouis}/cmdline").read_bytes()
    if alive:
        os.kill(liblouis, signal.SIGKILL)
    assert not alive
