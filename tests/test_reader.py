"""The Markdown reader: each construct becomes the right model node, with its source line and language."""

from pathlib import Path

import pytest

from builder.course import load_course
from builder.model import (Emphasis, Figure, Heading, LineBreak, Link, ListBlock, Paragraph, Quote, Rule, Strong,
                           Table, Text, plain_text)
from builder.problems import ContentError


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


def test_image_inside_a_paragraph_becomes_its_own_figure(course_dir):
    content = course_dir({"01-a.md": "# A\n\nBefore ![A dot](images/dot.png) after.\n"}, images=("images/dot.png",))
    course, _ = load_course(content)
    kinds = [type(b).__name__ for b in course.modules[0].blocks]
    assert kinds == ["Paragraph", "Figure", "Paragraph"]


@pytest.mark.parametrize("markdown, message", [
    ("# A\n\n<div>x</div>\n", "01-a.md:3: error: HTML such as '<div>x</div>' is not allowed"),
    ("# A\n\n#### Deep\n", "01-a.md:3: error: '####' is too deep"),
    ("# A\n\n### Skipped\n", "01-a.md:3: error: heading level skipped: '###' follows '#'; use '##' here"),
    ("# A\n\n# B\n", "01-a.md:3: error: a module has one '#' title"),
    ("# A\n\n[x](javascript:alert(1))\n", "01-a.md:3: error: link 'javascript:alert(1)' is not allowed"),
    ("# A\n\n[](https://example.org)\n", "01-a.md:3: error: link to 'https://example.org' has no text"),
    ("# A\n\nSee [b](02-b.md).\n", "01-a.md:3: error: link to '02-b.md', but there is no module file '02-b.md'"),
    ("# A\n\nText {lang=pl}\n", "01-a.md:3: error: '{lang=pl}' is not understood here"),
    ("# A\n\nText\n{lang=xx-notreal-}\n", "01-a.md:3: error: unknown language"),
    ("# A\n\n![image](images/dot.png)\n", "01-a.md:3: error: image 'images/dot.png' has alt text 'image'"),
    ("# A\n\n![A dot](https://example.org/dot.png)\n", "01-a.md:3: error: image 'https://example.org/dot.png' is "
                                                     "a web address"),
    ("# A\n\n![A dot](../outside.png)\n", "01-a.md:3: error: image '../outside.png' is outside the content folder"),
    ("---\ntitle: A\n", "01-a.md:1: error: front matter starts with '---' but has no closing '---' line"),
])
def test_mistakes_are_reported_with_file_and_line(course_dir, markdown, message):
    content = course_dir({"01-a.md": markdown}, images=("images/dot.png",))
    (content.parent / "outside.png").write_bytes((content / "images" / "dot.png").read_bytes())
    with pytest.raises(ContentError) as caught:
        load_course(content)
    shown = [str(p).split("content/", 1)[-1] for p in caught.value.problems]
    assert any(line.startswith(message) for line in shown), shown


def test_every_problem_is_reported_not_just_the_first(course_dir):
    content = course_dir({"01-a.md": "# A\n\n![](images/none.png)\n\n### Skip\n", "02-b.md": "No title here.\n"})
    with pytest.raises(ContentError) as caught:
        load_course(content)
    codes = sorted(p.code for p in caught.value.problems)
    assert codes == ["heading.skipped-level", "image.missing", "image.no-alt", "module.no-title"]
