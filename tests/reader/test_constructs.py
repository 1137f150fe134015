"""One small fixture per dialect construct (tests/fixtures/dialects), built in every format and edition and read
back with real readers: each construct's words reach every format, in the form the format has for it; trainer
notes and answers reach only the trainer's edition; comments, scripts and handlers reach nothing."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pikepdf
import pytest

from builder.build import build
from tests import readback
from tests.conftest import FIXTURES, version_folder
from tests.reader.test_sources import RAW

# Words every participant format must give (braille is read back word by word: contractions come back whole).
SHOWN = {
    "html": ["to open a file", "A hint about breathing", "Breathe in slowly", "A grey square for the HTML "
             "test", "A caption under the square", "Samaritans", "A paragraph with a blinking word"],
    "github": ["Step 1: Say hello", "Notes say something useful", "Tips help you do better",
               "Warnings keep you safe"],
    "obsidian": ["the HTML heading", "Folded callout title", "The folded callout's words", "Can you answer this?",
                 "A grey square embedded by name", "Words to highlight here and a private note"],
    "myst": ["A MyST note in backticks", "Titled admonition", "The admonition's words", "See Breathing", "and this page",
             "A grey square in a MyST figure", "Practise breathing", "Words in the first tab", "Words in the second "
             "tab", "A dropdown title", "Saying what you need, clearly and calmly"],
    "kramdown": ["How do you say no?", "Say no clearly", "Say no to a request", "Take a breath first",
                 "A comment box's words", "Saying no is a skill"],
    "quarto": ["A titled tip", "The tip's words", "Exercise heading as title", "Do the exercise", "A hint's words"],
    "mkdocs": ["An admonition's title", "The admonition's words.", "A collapsed tip", "The collapsed tip's words",
               "An open warning's words", "On a phone", "Words for a phone", "On a computer", "Words for a computer"],
    "cells": ["Code cells and grid tables", "feelings", "A grey circle from a code cell", "Slow breathing and a short "
              "walk", "Counting to ten"],
}
TRAINER_ONLY = ["INSTRUCTORSECRET", "GTNSOLUTIONSECRET", "QUARTOANSWERSECRET", "SPEAKERSECRET", "FACILITATORSECRET",
                "MKDOCSSECRET"]
NOWHERE = ["SCRIPTSECRET", "HANDLERSECRET", "COMMENTSECRET", "BLOCKCOMMENTSECRET", "MYSTCOMMENTSECRET",
           "HIDDENCELLSECRET", "ECHOFALSESECRET"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dialects")
    content = root / "content"
    shutil.copytree(FIXTURES / "dialects", content)
    result = build(content, root / "out", report=lambda line: None, cache_dir=root / "cache")
    assert [job.label for job in result.jobs if job.status != "built"] == []
    return root / "out"


def _outputs(out: Path, trainer: bool) -> list[Path]:
    folder = version_folder(out, "en-GB", "trainer" if trainer else "participant")
    found = [path for path in folder.rglob("*") if path.suffix in readback.READABLE and "proof" not in path.name
             and ("-trainer" in path.name) == trainer]
    assert len(found) == 7  # HTML, large print, Word, BRF, PEF, audio script, EPUB
    return found


def _plain(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


@pytest.mark.parametrize("dialect", sorted(SHOWN))
def test_each_constructs_words_reach_every_format(built, dialect):
    for path in _outputs(built, trainer=False):
        text = _plain(readback.text(path))
        if path.suffix in (".brf", ".pef"):  # back-translated contracted braille: each word, not each phrase
            words = set(re.findall(r"[a-z0-9]+", text.lower()))
            missing = [w for phrase in SHOWN[dialect] for w in re.findall(r"[a-z]{5,}", phrase.lower())
                       if w not in words]
        else:
            missing = [phrase for phrase in SHOWN[dialect] if phrase not in text]
        assert missing == [], path.name


def test_no_dialect_syntax_and_no_secret_reaches_a_participant(built):
    for path in _outputs(built, trainer=False):
        text = _plain(readback.text(path))
        assert {name: re.findall(pattern, text) for name, pattern in RAW.items() if re.search(pattern, text)} == {}
        assert [secret for secret in TRAINER_ONLY + NOWHERE if secret in text] == [], path.name
        assert not re.search(r":[a-z_]+:", text), path.name  # :wave: is an emoji, or its name


def test_the_trainers_edition_has_its_notes_and_nothing_hidden(built):
    for path in _outputs(built, trainer=True):
        text = _plain(readback.text(path))
        assert [secret for secret in TRAINER_ONLY if secret not in text] == [], path.name
        assert [secret for secret in NOWHERE if secret in text] == [], path.name


def test_each_format_shows_what_html_marks_in_its_own_way(built):
    participants = version_folder(built, "en-GB")
    page = (participants / "dialects-en-gb.html").read_text(encoding="utf-8")
    for markup in ("<kbd>Ctrl</kbd>+<kbd>O</kbd>", "H<sub>2</sub>O", "1<sup>st</sup>",
                   '<abbr title="National Health Service">NHS</abbr>', "<mark>free at the point of use</mark>",
                   "<del>always closed</del>", "<mark>highlight here</mark>", "<kbd>Ctrl+C</kbd>", "👋", "🎉"):
        assert markup in page
    assert '<span lang="pl" xml:lang="pl">dzień dobry</span>' in page or '<span lang="pl">dzień dobry</span>' in page
    assert "<script" not in page.split("</style>")[-1] and "onclick" not in page
    document = docx.Document(str(participants / "dialects-en-gb.docx"))
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    raised = {run.text for run in runs if run._r.rPr is not None and run._r.rPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}position") is not None}
    assert {"2", "st"} <= raised  # raised and lowered at the body size, not shrunk
    assert any(run.text == "free at the point of use" and run.font.highlight_color for run in runs)
    assert any(run.text == "always closed" and run.font.strike for run in runs)
    script = (participants / "dialects-en-gb-audio-script.txt").read_text(encoding="utf-8")
    assert "Welcome waving hand to the course party popper." in script  # emoji said by their names
    assert "[pl: dzień dobry]" in script  # a passage in Polish, said in Polish


def test_a_gif_from_a_code_cell_is_a_picture_where_pictures_are_shown(built):
    participants = version_folder(built, "en-GB")
    assert "data:image/gif;base64," in (participants / "dialects-en-gb.html").read_text(encoding="utf-8")
    for name in ("dialects-en-gb.docx", "dialects-en-gb.epub"):
        with zipfile.ZipFile(participants / name) as package:
            assert any(item.endswith(".gif") for item in package.namelist()), name
    pdf = next(participants.glob("dialects-en-gb-large-print-*.pdf"))
    with pikepdf.open(pdf) as document:
        sizes = {(image.width, image.height) for page in document.pages
                 for image in (pikepdf.PdfImage(x) for x in page.get_images().values())}
    assert (64, 64) in sizes  # the circle, drawn (the alt text alone would draw no picture)
