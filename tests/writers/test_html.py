"""The HTML writer: a golden file for a small course, then the page read back as a browser would."""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from builder.locale import locale_for
from builder.colours import SCHEMES, contrast
from builder.course import load_course
from builder.writers import get
from builder.writers.html import render_page
from tests.conftest import ROOT
from tests.golden import assert_golden


def normalise_data_uris(html: str) -> str:
    """Embedded fonts and pictures are long base64: the golden file keeps a short hash of each."""
    def short(match: re.Match) -> str:
        return f"data:{match.group(1)};sha256={hashlib.sha256(match.group(2).encode()).hexdigest()[:16]}"
    return re.sub(r"data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)", short, html)


class Page(HTMLParser):
    """Collects what the tests read back: elements with their attributes, headings, text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[int, str]] = []
        self.text: list[str] = []
        self._heading: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [tag]

    def handle_endtag(self, tag):
        if self._heading and tag == self._heading[0]:
            self.headings.append((int(tag[1]), "".join(self._heading[1:]).strip()))
            self._heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.elements if name == tag]

    @property
    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.elements if attrs.get("id")}


@pytest.fixture
def mini_html(mini_course: Path) -> str:
    course, _ = load_course(mini_course)
    return render_page(course, locale_for("en-GB"), "standard")


def test_golden_html(mini_html):
    assert_golden("mini.html", normalise_data_uris(mini_html))


def test_language_title_and_skip_link(mini_html):
    page = Page(mini_html)
    html = page.all("html")[0]
    assert html["lang"] == "en-GB" and html["dir"] == "ltr"
    assert "<title>Mini Course</title>" in mini_html
    skip = page.all("a")[0]
    assert skip["href"] == "#main" and "main" in page.ids


def test_headings_in_order_without_skipped_levels(mini_html):
    page = Page(mini_html)
    levels = [level for level, _ in page.headings]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1
    assert [text for _, text in page.headings] == [
        "Mini Course", "Contents", "First module", "Lists", "Table and picture", "Quote", "Second module"]


def test_every_picture_has_alt_text_and_is_embedded(mini_html):
    images = Page(mini_html).all("img")
    assert [img["alt"] for img in images] == ["A grey square"]
    assert all(img["src"].startswith("data:image/png;base64,") for img in images)


def test_nothing_is_fetched_from_anywhere(mini_html):
    page = Page(mini_html)
    for tag, attrs in page.elements:
        for name in ("src", "srcset", "data"):
            value = attrs.get(name)
            assert value is None or value.startswith("data:"), (tag, attrs)
        if tag == "link":
            raise AssertionError(f"external resource {attrs}")
    assert not re.search(r"url\((?!\"?data:)", mini_html)
    assert "@import" not in mini_html


def test_internal_links_all_resolve(mini_html):
    page = Page(mini_html)
    targets = [a["href"][1:] for a in page.all("a") if a["href"].startswith("#")]
    assert targets, "contents links expected"
    assert set(targets) <= page.ids


def test_table_headers_have_scope_and_language_changes_are_marked(mini_html):
    page = Page(mini_html)
    assert [th.get("scope") for th in page.all("th")] == ["col", "col"]
    assert '<p lang="pl">Dzień dobry.</p>' in mini_html


def test_right_to_left_module_text_gets_dir(course_dir):
    content = course_dir({"01-a.md": "# A\n\nسلام\n{lang=ur}\n"})
    course, _ = load_course(content)
    assert '<p lang="ur" dir="rtl">سلام</p>' in render_page(course, locale_for("en-GB"), "standard")


def test_fonts_embedded(mini_html):
    faces = re.findall(r"@font-face \{[^}]*\}", mini_html)
    assert len(faces) == 2
    assert all('font-family: "Atkinson Hyperlegible"' in face and "data:font/ttf;base64," in face for face in faces)


@pytest.mark.parametrize("name", list(SCHEMES))
def test_colour_schemes_meet_wcag_contrast(name):
    scheme = SCHEMES[name]
    assert contrast(scheme.text, scheme.background) >= 7.0  # AAA for body text
    assert contrast(scheme.link, scheme.background) >= 4.5


def test_scheme_option_reaches_the_page(mini_course):
    course, _ = load_course(mini_course)
    files = get("html").write(course, locale_for("en-GB"), {"colour-scheme": "high-contrast"})
    assert files[0].path == "mini-course.html"
    assert b"--background: #000000" in files[0].data
    assert files[0].options == {"colour-scheme": "high-contrast"}


def test_sample_course_page():
    course, problems = load_course(ROOT / "content")
    assert problems.errors == []
    assert len(course.modules) >= 8
    html = render_page(course, locale_for(course.lang), "cream")
    page = Page(html)
    images = page.all("img")
    assert len(images) >= 3 and all(len(img["alt"]) > 20 for img in images)
    text = " ".join(page.text)
    for contact in ("116 123", "111", "85258", "999"):
        assert contact in text
    levels = [level for level, _ in page.headings]
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:]))
    assert 4 in levels  # a level-three heading inside a module


def test_right_to_left_pages_position_nothing_by_left_or_right():
    """A skip link hidden with `left: -999em` made Chromium show a blank right-to-left page."""
    css = (Path(__file__).resolve().parents[2] / "builder" / "writers" / "html" / "style.css").read_text()
    assert not re.search(r"(?<![-\w])(left|right)\s*:\s*-", css)
    assert "inset-inline-start: -999em" in css


def test_translated_pages_embed_a_font_for_latin_letters(course_dir):
    toml = '[course]\ntitle = "عنوان"\norganisation = "تنظیم"\nlanguage = "ur"\n'
    course, _ = load_course(course_dir({"01-a.md": "# پہلا\n\nمتن۔\n"}, course_toml=toml))
    page = render_page(course, locale_for("ur"), "standard")
    assert 'font-family: "Noto Naskh Arabic 1.35"' in page and 'font-family: "Atkinson Hyperlegible"' in page


# ---- Markdown as other tools write it (tests/fixtures/realworld) ------------------------------------------


@pytest.fixture(scope="module")
def realworld_page() -> str:
    from builder.editions import for_participants

    course, _ = load_course(ROOT / "tests" / "fixtures" / "realworld")
    return render_page(for_participants(course), locale_for("en-GB"), "standard")


def test_boxes_are_asides_with_their_label_and_title_as_a_heading(realworld_page):
    asides = re.findall(r'<aside class="box box-(\w+)" aria-labelledby="([\w-]+)">\s*<h(\d) class="box-title" '
                        r'id="([\w-]+)">(.*?)</h\3>', realworld_page)
    shown = [(kind, level, re.sub(r"<[^>]+>", "", title)) for kind, labelled, level, identifier, title in asides]
    assert shown == [("note", "4", "Note"), ("exercise", "4", "Exercise: Practise in pairs"),
                     ("answer", "5", "Answer"), ("box", "4", "Prereq")]
    assert all(labelled == identifier for _, labelled, _, identifier, _ in asides)
    assert "Watch the time" not in realworld_page  # a trainer's note never reaches participants


def test_code_lists_definitions_and_notes_keep_their_structure(realworld_page):
    assert '<pre class="code"><code>echo   &#34;keep   my spaces&#34;\n  indented line</code></pre>' in realworld_page
    assert "```" not in realworld_page and ">sh<" not in realworld_page and ":::" not in realworld_page
    assert re.search(r"<dl>\s*<dt>Assertive</dt>\s*<dd>Saying what you need, clearly and calmly.</dd>",
                     realworld_page)
    assert re.search(r'<a class="note-ref" href="#01-constructs-note-1" id="01-constructs-note-1-ref" '
                     r'role="doc-noteref">\(note 1\)</a>', realworld_page)
    assert re.search(r'<section class="notes" role="doc-endnotes" aria-labelledby="01-constructs-notes">\s*'
                     r'<h3 id="01-constructs-notes">Notes</h3>\s*<ol>\s*<li id="01-constructs-note-1">Samaritans '
                     r'answer every call. <a class="note-back" href="#01-constructs-note-1-ref"', realworld_page)
    assert '<a href="mailto:help@example.org"><span dir="ltr">help@example.org</span></a>' in realworld_page
    assert "[^" not in realworld_page and "{alt" not in realworld_page
    assert 'Take a break whenever you need one 🌟.' in realworld_page  # emoji stay as they are on screen
    assert '<span lang="pl">dzień dobry</span>' in realworld_page and '<p lang="pl">Dzień dobry wszystkim.</p>' in (
        realworld_page)


MEASURE = """<script>
window.addEventListener('load', () => {
  const body = document.body.getBoundingClientRect(), style = getComputedStyle(document.body);
  const tables = [...document.querySelectorAll('table')].map(table => {
    const box = table.closest('.table-scroll') || table, edges = box.getBoundingClientRect();
    return [edges.left, edges.right]; });
  parent.document.body.setAttribute('data-measure', JSON.stringify({width: window.innerWidth,
    page: document.documentElement.scrollWidth, left: body.left + parseFloat(style.paddingLeft),
    right: body.right - parseFloat(style.paddingRight), tables}));
});
</script>"""


def measured_at(page: str, width: int, folder, measure: str = MEASURE) -> dict:
    """The page laid out by headless Chromium in a frame `width` CSS pixels wide: what `measure` reports
    (by default, where its tables are)."""
    import html
    import json
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is missing: `make test` installs it (TEST_SYSTEM_PACKAGES)"
    framed = page.replace("</body>", measure + "</body>", 1)
    path = folder / f"frame-{width}.html"
    path.write_text(f'<!DOCTYPE html><html><body style="margin:0"><iframe width="{width}" height="900" '
                    f'style="border:0" srcdoc="{html.escape(framed, quote=True)}"></iframe></body></html>')
    done = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1000,1000",
                           "--virtual-time-budget=5000", "--dump-dom", path.as_uri()], capture_output=True,
                          text=True, timeout=120)
    found = re.search(r'data-measure="([^"]*)"', done.stdout)
    assert found, done.stderr[-500:]
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.parametrize("lang", ["en-GB", "ur"])
def test_tables_stay_inside_a_phone_screen_in_both_directions(lang, tmp_path):
    """WCAG 2.2 reflow: at 320 and 390 CSS pixels no table runs off the screen or past the text's margins;
    a table too wide for the screen scrolls inside its own box, never the page."""
    from builder.versions import version
    course, _ = load_course(ROOT / "content")
    page = render_page(version(course, "participant", lang), locale_for(lang), "standard")
    assert page.count('class="table-scroll" role="region" tabindex="0"') == page.count("<table")
    for width in (320, 390):
        found = measured_at(page, width, tmp_path)
        assert found["width"] == width and found["page"] <= width, found
        assert found["tables"] and all(found["left"] - 1 <= left and right <= found["right"] + 1
                                       for left, right in found["tables"]), (width, found)


WORDS = """<script>
window.addEventListener('load', () => {
  // Each word of each table cell (and each time or phone number, spaces and all) with the lines it is drawn on.
  const broken = [];
  for (const cell of document.querySelectorAll('td, th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const found of node.data.matchAll(/\\d[\\d :.]*\\d|[^\\s]+/g)) {
        const range = document.createRange();
        range.setStart(node, found.index);
        range.setEnd(node, found.index + found[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(found[0]);
      }
    }
  }
  parent.document.body.setAttribute('data-measure', JSON.stringify({broken,
    cells: document.querySelectorAll('td, th').length}));
});
</script>"""


@pytest.mark.parametrize("lang", ["en-GB", "pl", "ur"])
def test_no_word_time_or_phone_number_in_a_table_breaks_on_a_phone(lang, tmp_path):
    """At 320 CSS pixels a table keeps its words whole (it scrolls in its own region instead): a word split
    over two lines ("res/pon/ding", Urdu letters cut apart where they join), a time ("0:30") or a phone number
    ("116 123") over two lines is unreadable."""
    from builder.versions import version
    course, _ = load_course(ROOT / "content")
    for edition in ("participant", "trainer"):
        page = render_page(version(course, edition, lang), locale_for(lang), "standard")
        found = measured_at(page, 320, tmp_path, WORDS)
        assert found["cells"] > 20 and found["broken"] == [], (edition, found["broken"][:20])


SPACING = """<script>
window.addEventListener('load', () => {
  // Each element with its own text: its words, size, line height and (links) underline offset, in pixels.
  const found = [];
  for (const element of document.querySelectorAll('h1, h2, h3, p, li, td, th, a, .box-title')) {
    const text = [...element.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join('').trim();
    if (!text) continue;
    const style = getComputedStyle(element);
    found.push({tag: element.tagName, text, lang: element.closest('[lang]').lang,
                size: parseFloat(style.fontSize), line: parseFloat(style.lineHeight),
                underline: style.textDecorationLine.includes('underline') ? parseFloat(style.textUnderlineOffset) : null});
  }
  parent.document.body.setAttribute('data-measure', JSON.stringify(found));
});
</script>"""


def letter_ink(text: str, family: str, size_adjust: float) -> tuple[float, float]:
    """How far the letters of `text` reach above and below the baseline, in em of the text (the font's
    outlines, drawn `size_adjust` times larger as the page draws them)."""
    reach = [_letter_reach(family, char) for char in set(text) if char.isalpha()]
    above = max((up for up, _ in reach), default=0.0)
    below = max((down for _, down in reach), default=0.0)
    return above * size_adjust, below * size_adjust


@functools.lru_cache(maxsize=None)
def _letter_reach(family: str, char: str) -> tuple[float, float]:
    """One letter's reach above and below the baseline in em (0 for a letter the font has not)."""
    font, em, cmap, glyphs = _font(family)
    if ord(char) not in cmap:
        return 0.0, 0.0
    from fontTools.pens.boundsPen import BoundsPen
    pen = BoundsPen(glyphs)
    glyphs[cmap[ord(char)]].draw(pen)
    return (pen.bounds[3] / em, -pen.bounds[1] / em) if pen.bounds else (0.0, 0.0)


@functools.lru_cache(maxsize=None)
def _font(family: str):
    from fontTools.ttLib import TTFont

    from builder.fonts import font_files
    font = TTFont(font_files(family)[400])
    return font, font["head"].unitsPerEm, font.getBestCmap(), font.getGlyphSet()


@pytest.mark.parametrize("width", [320, 1280])
def test_urdu_lines_and_underlines_clear_the_letters_on_a_phone_and_a_desktop(width, tmp_path):
    """Naskh letters are drawn 1.35 times larger: each Urdu line (titles too) is taller than its letters reach
    above and below, so lines never touch, and a link's underline runs below the dots that tell ب, پ and ی
    apart, not through them."""
    from builder.versions import version
    course, _ = load_course(ROOT / "content")
    locale = locale_for("ur")
    page = render_page(version(course, "participant", "ur"), locale, "standard")
    elements = [e for e in measured_at(page, width, tmp_path, SPACING) if e["lang"] == "ur"]
    assert {"H1", "H2", "P", "A"} <= {e["tag"] for e in elements}
    for element in elements:
        above, below = letter_ink(element["text"], locale.font.family, locale.font.size_adjust)
        assert element["line"] >= (above + below + 0.1) * element["size"], element
        if element["underline"] is not None:
            assert element["underline"] >= (below + 0.05) * element["size"], element


@pytest.mark.parametrize("lang", ["en-GB", "ur"])
def test_contents_links_say_where_they_go_when_sections_share_a_title(lang):
    """The trainer's contents had nine identical "Break" links; a repeated section title says its module."""
    from builder.versions import version
    course, _ = load_course(ROOT / "content")
    trainer = version(course, "trainer", lang)
    page = render_page(trainer, locale_for(lang), "standard")
    contents = re.search(r'<nav aria-labelledby="contents">(.*?)</nav>', page, re.S).group(1)
    links = [re.sub(r"<[^>]+>", "", text) for text in re.findall(r"<a [^>]*>(.*?)</a>", contents, re.S)]
    assert len(links) > 40 and len(set(links)) == len(links), [t for t in links if links.count(t) > 1][:5]


ORDER = """<script>
window.addEventListener('load', () => {
  // Where each digit group of the help table's phone numbers starts, left to right on the screen.
  const found = [];
  for (const span of document.querySelectorAll('span.nowrap')) {
    const node = span.firstChild, groups = [...node.data.matchAll(/\\d+/g)];
    found.push(groups.map(group => {
      const range = document.createRange();
      range.setStart(node, group.index); range.setEnd(node, group.index + group[0].length);
      return [group[0], range.getBoundingClientRect().left]; }));
  }
  parent.document.body.setAttribute('data-measure', JSON.stringify(found));
});
</script>"""


def test_phone_numbers_read_left_to_right_in_urdu(tmp_path):
    """In the Urdu page "116 123" showed as "123 116", a number to dial wrongly: each keeps its order."""
    from builder.versions import version
    course, _ = load_course(ROOT / "content")
    page = render_page(version(course, "participant", "ur"), locale_for("ur"), "standard")
    numbers = measured_at(page, 1280, tmp_path, ORDER)
    assert [group for group, _ in numbers[0]] == ["116", "123"] and len(numbers) >= 2
    assert all([left for _, left in groups] == sorted(left for _, left in groups) for groups in numbers), numbers


BRACKETS = """<script>
window.addEventListener('load', () => {
  // Each "(" opening words all in Latin letters: is it drawn on the first letter's left, on the same line?
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\\((?=[A-Za-z][^()\\u0590-\\u08ff]*\\))/g)) {
      const rect = (start, end) => { const range = document.createRange();
        range.setStart(node, start); range.setEnd(node, end); return range.getBoundingClientRect(); };
      const bracket = rect(match.index, match.index + 1), letter = rect(match.index + 1, match.index + 2);
      found.push({text: node.data.slice(match.index, match.index + 20),
                  before: bracket.right <= letter.left + 1 && Math.abs(bracket.top - letter.top) < 2});
    }
  }
  parent.document.body.setAttribute('data-measure', JSON.stringify(found));
});
</script>"""


@pytest.mark.parametrize("width", [320, 1280])
def test_latin_words_in_brackets_keep_their_brackets_in_urdu(width, tmp_path):
    """"(Service User Network)" in Urdu text: its opening bracket stays on the left of its first word, on
    its line, however the line breaks (it showed as "(Service User" and "(Network" on a phone)."""
    from builder.versions import version
    course, _ = load_course(ROOT / "content")
    page = render_page(version(course, "participant", "ur"), locale_for("ur"), "standard")
    found = measured_at(page, width, tmp_path, BRACKETS)
    assert any(item["text"].startswith("(Service User") for item in found)
    assert [item for item in found if not item["before"]] == []
