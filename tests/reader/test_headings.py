"""A module's title and heading levels (builder/reader/headings.py): the title from front matter, else the first
heading of any level, else the file's name; headings evened out so none skips a level."""

from __future__ import annotations

import pytest

from builder import walk
from builder.course import read_course
from builder.model import Container, Heading, plain_text


def _headings(course_dir, files: dict[str, str]):
    course, problems = read_course(course_dir(files))
    module = course.modules[0]
    found = [(h.level, plain_text(h.children)) for h in walk.module_nodes(module) if isinstance(h, Heading)]
    return module.title_text, found, sorted((p.line, p.code) for p in problems.items)


@pytest.mark.parametrize("markdown, title, headings, problems", [
    # a GitHub step: the first heading, at any level, is the title; sections count from it
    ("## Step 1: Begin\n\n### What to do\n\n#### Detail\n", "Step 1: Begin", [(2, "What to do"), (3, "Detail")], []),
    # a note titled by its file name; its '#' headings are its sections
    ("Some text first.\n\n# One\n\n# Two\n", "A note", [(2, "One"), (2, "Two")], [(1, "module.no-title")]),
    # several '#' headings after the title: sections, said once
    ("# Title\n\n# Session 1\n\n# Session 2\n", "Title", [(2, "Session 1"), (2, "Session 2")],
     [(3, "heading.extra-title")]),
    # five and six levels are kept where they fit, and a skip is closed
    ("# T\n\n## A\n\n### B\n\n#### C\n\n##### D\n\n###### E\n\n# F\n\n#### G\n", "T",
     [(2, "A"), (3, "B"), (4, "C"), (5, "D"), (6, "E"), (2, "F"), (3, "G")],
     [(13, "heading.extra-title"), (15, "heading.skipped-level")]),
    # front matter's title, with Jekyll's '#' sections (GTN)
    ("---\ntitle: From front matter\n---\n# Part one\n\n## Detail\n\n# Part two\n", "From front matter",
     [(2, "Part one"), (3, "Detail"), (2, "Part two")], []),
    # front matter's title, with Docusaurus' '##' sections
    ("---\ntitle: Docs page\n---\n## Install\n\n## Use\n", "Docs page", [(2, "Install"), (2, "Use")], []),
    # a MyST label above the title heading
    ("(top)=\n# Labelled\n\nText.\n", "Labelled", [], []),
])
def test_titles_and_levels(course_dir, markdown, title, headings, problems):
    assert _headings(course_dir, {"01-a-note.md": markdown}) == (title, headings, problems)


def test_a_heading_that_opens_a_box_is_its_title_not_a_skipped_level(course_dir):
    course, problems = read_course(course_dir({"01-a.md": "# A\n\n::: {.callout-tip}\n#### Learning objectives\n\n"
                                                          "Learn.\n:::\n"}))
    box = course.modules[0].blocks[0]
    assert isinstance(box, Container) and plain_text(box.title) == "Learning objectives"
    assert problems.items == []


def test_a_duration_on_a_heading_that_is_not_a_section_is_left_out_with_a_warning(course_dir):
    course, problems = read_course(course_dir({"01-a.md": "# A\n\n## One {duration=10}\n\n### Two {duration=5}\n"}))
    assert [h.minutes for h in course.modules[0].blocks] == [10, None]
    assert [(p.line, p.code) for p in problems.items] == [(5, "plan.duration")]


def test_numbered_files_are_modules_however_their_names_are_written_and_others_are_skipped(course_dir):
    content = course_dir({"01-welcome.md": "# Welcome\n", "02 Saying no.md": "## Why it is hard\n\nText.\n",
                          "3_Self-care plan.qmd": "# Self-care plan\n", "2026-05-01 Session notes.md": "Notes.\n",
                          "ideas.md": "# Not for participants\n", "README.md": "# About this folder\n"})
    course, problems = read_course(content)
    assert [(m.slug, m.title_text) for m in course.modules] == [
        ("01-welcome", "Welcome"), ("02-saying-no", "Saying no"), ("3-self-care-plan", "Self-care plan"),
        ("2026-05-01-session-notes", "2026-05-01 Session notes")]
    # a note named in words is titled by its name (as Obsidian shows it): its headings are its sections
    assert [h.level for h in course.modules[1].blocks if isinstance(h, Heading)] == [2]
    assert [(p.path.rsplit("/", 1)[-1], p.code) for p in problems.items] == [("ideas.md", "module.file-name")]


def test_two_files_that_make_the_same_name_are_two_modules(course_dir):
    course, problems = read_course(course_dir({"03-saying-no.md": "# A\n", "03 Saying no.md": "# B\n"}))
    assert sorted(m.slug for m in course.modules) == ["03-saying-no", "03-saying-no-2"]
    assert [p.code for p in problems.items] == ["module.duplicate-number"]
