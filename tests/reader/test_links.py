"""Modules in the order course.toml lists them, with their own names and folders, and links between them by
path (as lessons write them); links to pages that are not in the course, and where the lesson is published."""

from __future__ import annotations

from builder import walk
from builder.build import build
from builder.course import load_course, read_course
from builder.model import Figure, Link, Paragraph, plain_text
from tests.conftest import COURSE_TOML, version_folder

LISTED = COURSE_TOML + 'modules = ["episodes/introduction.md", "episodes/setup.qmd", "extras/guide.md"]\n'


def _links(module) -> list[tuple[str, str | None, str | None, str]]:
    return [(plain_text(n.children), n.module, n.fragment, n.href) for n in walk.module_nodes(module)
            if isinstance(n, Link)]


def test_modules_in_the_listed_order_keep_their_names_and_link_by_path(course_dir, tmp_path):
    content = course_dir({"episodes/introduction.md": "# Introduction\n\nFirst [set up](setup.qmd#before-you-start) "
                                                      "and read [the guide](../extras/guide.html).\n",
                          "episodes/setup.qmd": "# Setup\n\n## Before you start\n\nBack to "
                                                "[the start](./introduction.md).\n",
                          "extras/guide.md": "# Guide\n\nSee [setup](../episodes/setup.qmd).\n",
                          "01-ignored.md": "# Not listed\n"}, course_toml=LISTED)
    course, problems = load_course(content)
    assert [(m.number, m.slug, m.title_text) for m in course.modules] == [
        (1, "01-introduction", "Introduction"), (2, "02-setup", "Setup"), (3, "03-guide", "Guide")]
    assert _links(course.modules[0]) == [("set up", "02-setup", "before-you-start", "setup.qmd#before-you-start"),
                                         ("the guide", "03-guide", None, "../extras/guide.html")]
    assert _links(course.modules[1])[0][1] == "01-introduction"
    assert problems.items == []
    result = build(content, tmp_path / "out", formats=["html"], report=lambda line: None)
    assert [entry.path for entry in result.built] == ["participant/en-GB/test-course-en-gb.html"]
    page = (version_folder(tmp_path / "out", "en-GB") / "test-course-en-gb.html").read_text(encoding="utf-8")
    assert 'href="#02-setup-before-you-start"' in page and "Not listed" not in page


def test_a_listed_file_that_is_not_there_or_outside_is_a_settings_error(course_dir):
    toml = COURSE_TOML + 'modules = ["intro.md", "../outside.md", "notes.txt", "intro.md"]\n'
    _, problems = read_course(course_dir({"intro.md": "# Intro\n"}, course_toml=toml))
    messages = [p.message for p in problems.errors]
    assert any('"../outside.md", which is not a file inside the content folder' in m for m in messages)
    assert any('"notes.txt", which is not a Markdown file' in m for m in messages)
    assert any('"intro.md" twice' in m for m in messages)


def test_links_to_pages_not_in_the_course_keep_their_words_unless_the_lesson_is_published(course_dir):
    markdown = ("# A\n\nSee [the setup page](../learners/setup.md), [the data](data/file.csv) and "
                "[the site](/about/).\n\n![The lesson's emblem](/img/logo.png)\n")
    course, problems = read_course(course_dir({"01-a.md": markdown}))
    assert _links(course.modules[0]) == []
    assert plain_text(course.modules[0].blocks[0].children) == "See the setup page, the data and the site."
    assert sorted((p.line, p.code) for p in problems.items) == [(3, "link.outside"), (3, "link.outside"),
                                                                (3, "link.outside"), (5, "image.outside")]
    published = COURSE_TOML + 'published-at = "https://example.org/lesson"\n'
    course, problems = read_course(course_dir({"01-a.md": markdown}, course_toml=published))
    assert [href for *_, href in _links(course.modules[0])] == [
        "https://example.org/learners/setup.html", "https://example.org/lesson/data/file.csv",
        "https://example.org/lesson/about/", "https://example.org/img/logo.png"]
    logo = course.modules[0].blocks[1]
    assert isinstance(logo, Paragraph)
    assert plain_text(logo.children) == "The lesson's emblem (https://example.org/img/logo.png)"
    assert course.web_pictures == ["https://example.org/img/logo.png"]
    assert [(p.line, p.code) for p in problems.items] == [(5, "image.url")]


def test_a_link_to_a_module_by_its_html_name_works(course_dir):
    course, problems = read_course(course_dir({"01-a.md": "# A\n\n[Next](02-b.html) and [part](02-b.html#part).\n",
                                               "02-b.md": "# B\n\n## Part\n"}))
    assert [(module, fragment) for _, module, fragment, _ in _links(course.modules[0])] == [("02-b", None),
                                                                                             ("02-b", "part")]
    assert problems.items == []


def test_a_picture_on_the_web_shows_its_description_and_address(course_dir):
    course, problems = read_course(course_dir({"01-a.md": "# A\n\n![A chart of feelings](https://example.org/c.png)\n"}))
    block = course.modules[0].blocks[0]
    assert not isinstance(block, Figure)
    assert plain_text(block.children) == "A chart of feelings (https://example.org/c.png)"
    assert [n.href for n in block.children if isinstance(n, Link)] == ["https://example.org/c.png"]
    assert [(p.line, p.code) for p in problems.items] == [(3, "image.url")]
