"""The Markdown reader: each construct becomes the right model node, with its source line and language."""

import time
from pathlib import Path

import pytest

from builder import walk
from builder.check import run_checks
from builder.course import load_course, read_course
from builder.editions import for_participants
from builder.model import (CodeBlock, Container, DefinitionList, Emphasis, Figure, Heading, LineBreak, Link, ListBlock,
                           NoteRef, Paragraph, Quote, Rule, Strong, Table, Text, plain_text)


@pytest.fixture
def mini(mini_course: Path):
    course, problems = load_course(mini_course)
    assert problems.items == []
    return course


def test_modules_in_file_name_order_with_front_matter(mini):
    assert [m.slug for m in mini.modules] == ["01-first", "02-second"]
    first = mini.modules[0]
    assert first.number == 1
    assert first.title_text == "First module"
    assert first.summary == "The first module."
    assert first.duration == "30 minutes"
    assert first.source.line == 5
    assert first.lang == "en-GB"


def test_paragraph_with_inline_markup_and_lines(mini):
    paragraph = mini.modules[0].blocks[0]
    assert isinstance(paragraph, Paragraph)
    assert paragraph.source.line == 7
    kinds = [type(node) for node in paragraph.children]
    assert kinds == [Text, Strong, Text, Emphasis, Text, Link, Text]
    link = paragraph.children[5]
    assert link.href == "https://example.org" and plain_text(link.children) == "good link"
    # the text after the link continues on the next source line
    assert paragraph.children[6].source.line == 8
    assert plain_text(paragraph.children) == ("A paragraph with bold, emphasis, a good link and a second line.")


def test_headings_keep_levels_anchors_and_lines(mini):
    found = [(b.level, plain_text(b.children), b.anchor, b.source.line)
             for b in mini.modules[0].blocks if isinstance(b, Heading)]
    assert found == [(2, "Lists", "01-first-lists", 10),
                     (2, "Table and picture", "01-first-table-and-picture", 20),
                     (3, "Quote", "01-first-quote", 28)]


def test_bulleted_nested_and_numbered_lists(mini):
    lists = [b for b in mini.modules[0].blocks if isinstance(b, ListBlock)]
    bullets, numbers = lists
    assert not bullets.ordered and numbers.ordered
    assert [item.source.line for item in bullets.items] == [12, 13]
    pear = bullets.items[1]
    assert plain_text(pear.blocks[0].children) == "pear"
    nested = pear.blocks[1]
    assert isinstance(nested, ListBlock)
    assert [plain_text(i.blocks[0].children) for i in nested.items] == ["green pear", "brown pear"]
    assert [i.source.line for i in nested.items] == [14, 15]
    assert [plain_text(i.blocks[0].children) for i in numbers.items] == ["one", "two"]
    assert numbers.source.line == 17


def test_table_header_rows_and_alignment(mini):
    table = next(b for b in mini.modules[0].blocks if isinstance(b, Table))
    assert [plain_text(c.children) for c in table.header] == ["Name", "Number"]
    assert [[plain_text(c.children) for c in row] for row in table.rows] == [["Samaritans", "116 123"]]
    assert table.header[1].align == "right"
    assert table.source.line == 22
    assert table.rows[0][0].source.line == 24


def test_figure_resolves_path_and_keeps_alt(mini, mini_course):
    figure = next(b for b in mini.modules[0].blocks if isinstance(b, Figure))
    assert figure.alt == "A grey square"
    assert figure.title == "A caption"
    assert figure.path == (mini_course / "images" / "square.png").resolve()
    assert figure.source.line == 26
    assert mini.images == [figure.path]


def test_quote_holds_paragraphs(mini):
    quote = next(b for b in mini.modules[0].blocks if isinstance(b, Quote))
    assert [plain_text(p.children) for p in quote.blocks] == ["Be kind to yourself.", "A trainer"]
    assert quote.source.line == 30


def test_language_change_on_a_block(mini):
    polish = next(b for b in mini.modules[0].blocks
                  if isinstance(b, Paragraph) and plain_text(b.children) == "Dzień dobry.")
    assert polish.lang == "pl"
    assert polish.children[0].lang == "pl"
    assert polish.source.line == 34


def test_links_to_other_modules_and_headings(mini):
    last = mini.modules[0].blocks[-1]
    link = last.children[1]
    assert (link.module, link.fragment) == ("02-second", None)
    back = mini.modules[1].blocks[0].children[1]
    assert (back.module, back.fragment) == ("01-first", "lists")
    assert isinstance(mini.modules[1].blocks[1], Rule)


def test_title_from_front_matter_when_there_is_no_heading(course_dir):
    content = course_dir({"01-a.md": "---\ntitle: From front matter\n---\nJust text.\n"})
    course, _ = load_course(content)
    assert course.modules[0].title_text == "From front matter"
    assert course.modules[0].blocks[0].source.line == 4


def test_line_break_and_entities(course_dir):
    content = course_dir({"01-a.md": "# A\n\nOne  \ntwo A&amp;E &copy;\n"})
    course, _ = load_course(content)
    children = course.modules[0].blocks[0].children
    assert isinstance(children[1], LineBreak)
    assert children[2].text == "two A&E ©"


def test_numbers_to_call_or_text_are_links_every_format_can_use(course_dir):
    content = course_dir({"01-a.md": "# A\n\nCall [116 123](tel:116123), [0300 123 3393](tel:+44%20300%20123%203393) "
                                     "or text [85258](sms:85258).\n"})
    course, _ = load_course(content)
    links = [n for n in walk.module_nodes(course.modules[0]) if isinstance(n, Link)]
    assert [link.href for link in links] == ["tel:116123", "tel:+44%20300%20123%203393", "sms:85258"]


def test_image_inside_a_paragraph_becomes_its_own_figure(course_dir):
    content = course_dir({"01-a.md": "# A\n\nBefore ![A dot](images/dot.png) after.\n"}, images=("images/dot.png",))
    course, _ = load_course(content)
    kinds = [type(b).__name__ for b in course.modules[0].blocks]
    assert kinds == ["Paragraph", "Figure", "Paragraph"]


@pytest.mark.parametrize("markdown, line, code, shown", [
    ("# A\n\n### Skipped\n", 3, "heading.skipped-level", "Skipped"),
    ("# A\n\n# B\n", 3, "heading.extra-title", "B"),
    ("# A\n\n[x](javascript:alert(1))\n", 3, "link.scheme", "x"),
    ("# A\n\n[](https://example.org)\n", 3, "link.empty", "https://example.org"),
    ("# A\n\n[](#a)\n", 3, "link.empty", ""),
    ("# A\n\nCall [us](tel:SAMARITANS).\n", 3, "link.phone", "Call us."),
    ("# A\n\nText [us](sms:85258?body=hi).\n", 3, "link.phone", "Text us."),
    ("# A\n\nSee [b](02-b.md).\n", 3, "link.outside", "See b."),
    ("# A\n\nText {lang=pl}\n", 3, "markdown.attribute", "Text {lang=pl}"),
    ("# A\n\nText\n{lang=xx-notreal-}\n", 3, "language.unknown", "Text"),
    ("# A\n\n![A dot](https://example.org/dot.png)\n", 3, "image.url", "A dot (https://example.org/dot.png)"),
    ("# A\n\n![A dot](../outside.png)\n", 3, "image.outside", "A dot"),
    ("# A\n\n![A dot](/images/dot.png)\n", 3, "image.outside", "A dot"),
    ("# A\n\n![A dot](images/none.png)\n", 3, "image.missing", "A dot"),
    ("---\ntitle: A\n", 1, "front-matter.syntax", "title: A"),
])
def test_what_an_editor_shows_is_shown_and_reported_with_its_line(course_dir, markdown, line, code, shown):
    content = course_dir({"01-a.md": markdown}, images=("images/dot.png",))
    (content.parent / "outside.png").write_bytes((content / "images" / "dot.png").read_bytes())
    course, problems = load_course(content)  # a warning: nothing stops the build
    assert (line, code) in [(p.line, p.code) for p in problems.warnings], problems.items
    words = [plain_text(n.children) for n in walk.module_nodes(course.modules[0]) if isinstance(n, (Paragraph, Heading))]
    assert (shown in words) if shown else words == [], words
    assert not problems.errors


def test_every_problem_is_reported_not_just_the_first(course_dir):
    content = course_dir({"01-a.md": "# A\n\n![](images/none.png)\n\n### Skip\n", "02-b.md": "No title here.\n"})
    _, problems = load_course(content)
    codes = sorted(p.code for p in problems.items)
    assert codes == ["heading.skipped-level", "image.missing", "image.no-alt", "module.no-title"]


# ---- Markdown as other tools and editors write it (tests/fixtures/realworld) ------------------------------


@pytest.fixture
def realworld(realworld_course: Path):
    course, problems = load_course(realworld_course)
    return course, sorted((p.path.rsplit("/", 1)[-1], p.line, p.code) for p in problems.items)


def _items(block: ListBlock) -> list[tuple[str, list]]:
    """A list as (first paragraph's text, nested lists' items), to compare structure."""
    found = []
    for item in block.items:
        text = plain_text(item.blocks[0].children) if isinstance(item.blocks[0], Paragraph) else ""
        nested = [_items(b) for b in item.blocks if isinstance(b, ListBlock)]
        found.append((text, nested))
    return found


def test_lists_nest_as_every_commonmark_editor_shows_them(realworld):
    course, _ = realworld
    blocks = course.modules[0].blocks
    assert isinstance(blocks[0], Paragraph) and plain_text(blocks[0].children) == "Then you can:"
    bullets, numbers = blocks[1], blocks[2]  # a list straight after a paragraph is a list, not more paragraph
    assert _items(bullets) == [("ask for help", [[("nested by two spaces under a bullet", [])]]), ("say no", [])]
    assert numbers.ordered and _items(numbers) == [
        ("Plan", [[("nested by three spaces", []), ("under the first item", [])]]),
        ("Do", [[("nested by four spaces", [])]]),
        ("Review", []),
    ]
    assert [item.source.line for item in numbers.items] == [14, 17, 19]


def test_code_keeps_its_lines_and_spaces_and_hides_its_fence_word(realworld):
    course, problems = realworld
    fenced = next(b for b in course.modules[0].blocks if isinstance(b, CodeBlock))
    assert fenced.text == 'echo   "keep   my spaces"\n  indented line' and fenced.info == "sh"
    assert fenced.source.line == 30
    indented = course.modules[1].blocks[-1]
    assert isinstance(indented, CodeBlock) and indented.text == "Hello, my name is ...\nI would like to say no."
    assert ("02-languages.md", 11, "markdown.indented-code") in problems


def test_boxes_have_kinds_titles_and_nest(realworld):
    course, _ = realworld
    boxes = [b for b in course.modules[0].blocks if isinstance(b, Container)]
    assert [(b.kind, b.name, plain_text(b.title), b.source.line) for b in boxes] == [
        ("note", "note", "", 35),
        ("exercise", "challenge", "Practise in pairs", 39),  # the heading it starts with is its title
        ("trainer", "instructor", "", 51),
        ("box", "prereq", "Prereq", 55),
    ]
    exercise = boxes[1]
    assert exercise.anchor == "01-constructs-practise-in-pairs"
    assert [type(b).__name__ for b in exercise.blocks] == ["Paragraph", "Container"]
    assert exercise.blocks[1].kind == "answer" and plain_text(exercise.blocks[1].blocks[0].children) == (
        "There is no single right answer.")


def test_trainer_notes_never_reach_participants(realworld):
    course, _ = realworld
    participants = for_participants(course)
    kinds = {node.kind for node in walk.nodes(participants) if isinstance(node, Container)}
    assert "trainer" not in kinds and {"note", "exercise", "answer", "box"} <= kinds
    assert "Watch the time" not in " ".join(plain_text(n.children) for n in walk.nodes(participants)
                                            if isinstance(n, Paragraph))
    assert any(isinstance(n, Container) and n.kind == "trainer" for n in walk.nodes(course))  # the source keeps it


def test_notes_definitions_links_emoji_and_attributes(realworld):
    course, _ = realworld
    module = course.modules[0]
    reference = next(n for n in walk.module_nodes(module) if isinstance(n, NoteRef))
    assert (reference.number, reference.anchor, reference.source.line) == (1, "01-constructs-note-1", 59)
    assert [(n.number, plain_text(n.blocks[0].children), n.source.line) for n in module.notes] == [
        (1, "Samaritans answer every call.", 73)]
    definitions = next(b for b in module.blocks if isinstance(b, DefinitionList))
    assert [(plain_text(d.term), [plain_text(b.children) for blocks in d.definitions for b in blocks])
            for d in definitions.items] == [("Assertive", ["Saying what you need, clearly and calmly."]),
                                            ("Passive", ["Putting other people's needs first."])]
    links = [n for n in walk.module_nodes(module) if isinstance(n, Link)]
    assert [(link.href, plain_text(link.children)) for link in links] == [
        ("mailto:help@example.org", "help@example.org"), ("https://example.org/help", "https://example.org/help")]
    assert any("🌟" in n.text for n in walk.module_nodes(module) if isinstance(n, Text))
    figure = next(b for b in module.blocks if isinstance(b, Figure))
    assert figure.alt == 'A plain grey square, "for testing"'  # {alt='...'} as Pandoc and Carpentries write it
    cell = next(b for b in module.blocks if isinstance(b, Table)).rows[0][1]
    assert [type(n).__name__ for n in cell.children] == ["Text", "LineBreak", "Text"]  # <br> in a table cell


def test_languages_from_spans_and_divs(realworld):
    course, _ = realworld
    paragraph, polish = course.modules[1].blocks[:2]
    assert [(n.text, n.lang) for n in paragraph.children if isinstance(n, Text)] == [
        ("People say ", "en-GB"), ("dzień dobry", "pl"), (" in Polish.", "en-GB")]
    assert isinstance(polish, Paragraph) and polish.lang == "pl" and polish.source.line == 6


def test_both_titles_are_a_warning_and_the_carpentries_minutes_are_the_duration(realworld):
    course, problems = realworld
    assert course.modules[0].title_text == "Working with others"
    assert ("01-constructs.md", 7, "module.two-titles") in problems
    assert course.modules[0].duration == "20 minutes"  # `teaching: 20`, as The Carpentries write it


def test_lines_are_exact_when_the_same_text_comes_before(course_dir):
    content = course_dir({"01-a.md": "# A\n\nSaying no\nis hard.\n\n### Saying no\n\nSaying no\n"
                                     "again, ask your CPN\nor GP.\n"})
    course, problems = read_course(content)
    assert [(p.line, p.code) for p in problems.items] == [(6, "heading.skipped-level")]
    warnings = run_checks(course, course.config.check_options)
    assert [(p.line, p.message.split(":")[0]) for p in warnings if p.code == "audio.pronunciation"] == [
        (9, "'CPN' has no pronunciation entry"), (10, "'GP' has no pronunciation entry")]


@pytest.mark.parametrize("markdown, expected, shown", [
    ("# A\n\n::: note\nNever closed.\n", [(3, "box.unclosed")], "Never closed."),
    ("# A\n\nText.\n\n:::\n", [(5, "box.stray-end")], "Text."),
    ("# A\n\nText.\n:::\nMore.\n", [(4, "box.stray-end")], "Text. More."),
    ("# A\n\nSee [the guide][guide].\n", [(3, "link.undefined")], "See [the guide][guide]."),
    ("# A\n\nA note[^missing].\n", [(3, "note.undefined")], "A note[^missing]."),
    ("# A\n\n{% include links.md %}\n\nText.\n", [(3, "markdown.template")], "Text."),
    ("# A\n\nText {% if x %}yes{% endif %}\n", [(3, "markdown.template")], "Text yes"),
    ("# A\n\nText <blink>x</blink>\n", [(3, "markdown.html")], "Text x"),
    ("# A\n\n::: {lang=xx-notreal-}\nText\n:::\n", [(3, "language.unknown")], "Text"),
    ("# A\n\n[Next](notes/setup.md)\n", [(3, "link.outside")], "Next"),
])
def test_markup_an_editor_shows_as_written_is_shown_so_and_reported(course_dir, markdown, expected, shown):
    content = course_dir({"01-a.md": markdown})
    course, problems = read_course(content)
    assert sorted((p.line, p.code) for p in problems.items) == expected
    assert shown in [plain_text(b.children) for b in walk.module_nodes(course.modules[0])
                     if isinstance(b, Paragraph)]


def test_comments_are_dropped_and_never_printed(course_dir):
    content = course_dir({"01-a.md": "# A\n\n<!-- a note to self -->\n\nText <!-- inline --> here.\n"})
    course, problems = load_course(content)
    assert problems.items == []
    assert [plain_text(b.children) for b in course.modules[0].blocks] == ["Text here."]


def test_a_reading_problem_hides_nothing_else(course_dir):
    content = course_dir({
        "01-a.md": "---\ntitle: [unclosed\n---\n# A\n\nSee [b](02-b.md#nowhere) and *this*.\n",
        "02-b.md": "---\ntitel: A typo\n---\n# B\n\n![](images/none.png)\n",
    })
    course, problems = read_course(content)
    found = sorted((p.path.rsplit("/", 1)[-1], p.line, p.code) for p in problems.items)
    assert found == [("01-a.md", 2, "front-matter.syntax"), ("01-a.md", 6, "link.broken"),
                     ("02-b.md", 2, "front-matter.unknown-key"), ("02-b.md", 6, "image.missing"),
                     ("02-b.md", 6, "image.no-alt")]
    assert [(p.line, p.code) for p in run_checks(course, course.config.check_options)] == [(6, "style.italic")]
    typo = next(p for p in problems.items if p.code == "front-matter.unknown-key")
    assert "did you mean 'title'?" in typo.message


def test_pathological_nesting_and_brackets_are_bounded(course_dir):
    content = course_dir({"01-a.md": "# A\n\n" + "> " * 10_000 + "x\n\n" + "[" * 5_000 + "\n",
                          "02-b.md": "# B\n\n" + "[a] " * 5_000 + "\n\n" + "[" * 100_000 + "\n"})
    started = time.perf_counter()
    _, problems = read_course(content)
    assert [(p.path[-7:], p.line, p.code) for p in problems.errors] == [("01-a.md", 3, "markdown.nesting"),
                                                                       ("02-b.md", 5, "markdown.brackets")]
    assert time.perf_counter() - started < 10  # about 1 s here; quadratic parsing would take minutes


@pytest.mark.parametrize("markdown, expected", [
    ("# A\n\nText with \x1b[31m colour.\n", [(3, "text.control-character")]),
    ("# A\n\nA form\x0cfeed.\n", [(3, "text.control-character")]),
    ('---\nsummary: "broken \\ud800 half"\n---\n# A\n', [(2, "front-matter.value")]),
    ('---\nsummary: "escape \\x1b[2J"\n---\n# A\n', [(2, "front-matter.value")]),
    ("---\ntitle: " + "[" * 5000 + "\n---\n# A\n", [(1, "front-matter.syntax")]),
])
def test_hostile_text_is_taken_out_and_reported_with_its_line_not_a_traceback(course_dir, markdown, expected):
    content = course_dir({"01-a.md": markdown})
    course, problems = read_course(content)
    assert sorted((p.line, p.code) for p in problems.items) == expected
    words = " ".join(plain_text(n.children) for n in walk.module_nodes(course.modules[0]) if hasattr(n, "children"))
    assert "\x1b" not in words and "\x0c" not in words and course.modules[0].summary is None
