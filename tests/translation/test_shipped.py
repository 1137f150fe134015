"""The translations shipped with the sample course: every format built from them and read back."""

from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess

import docx
import pdfplumber
import pikepdf
import pytest
from docx.oxml.ns import qn

from builder.locale import locale_for
from builder.course import load_course
from builder.translation.command import localise, status
from builder.writers import get
from tests.conftest import ROOT
from tests.pdf_pages import nearly_empty_pages

SHIPPED = {"pl": ("pl.tbl", "pl"), "pt": ("pt-pt-g2.ctb", "pt"), "ur": ("ur-pk-g2.ctb", "ur")}


@pytest.fixture(scope="module")
def sample():
    return load_course(ROOT / "content")[0]


@pytest.mark.parametrize("lang", sorted(SHIPPED))
def test_shipped_translation_is_complete_and_honestly_marked(sample, lang):
    counts = status(sample, lang)
    assert counts.missing == 0 and counts.reviewed == 0 and counts.machine > 300
    assert lang in sample.config.translations


@pytest.fixture(scope="module")
def localised(sample):
    return {lang: localise(sample, lang) for lang in SHIPPED}


@pytest.mark.parametrize("lang", sorted(SHIPPED))
def test_large_print_language_font_and_notice(localised, lang, tmp_path):
    short = copy.copy(localised[lang])
    short.modules = short.modules[:2]  # the cover, contents and the first modules say all this test asks
    files = get("large-print").write(short, locale_for(lang), {"sizes": [24], "colour-scheme": "standard"})
    with pikepdf.open(io.BytesIO(files[0].data)) as pdf:
        assert str(pdf.Root.Lang) == lang
        fonts = {str(f.BaseFont) for page in pdf.pages for f in page.Resources.Font.values()}
    if lang == "ur":
        assert any(re.search("Noto-?Naskh-?Arabic", f) for f in fonts), fonts  # not Nastaliq: see fonts.py
    with pdfplumber.open(io.BytesIO(files[0].data)) as pdf:
        cover = " ".join(pdf.pages[0].extract_text().split())
        contents = " ".join(pdf.pages[1].extract_text().split())  # the notice opens it: never alone on a page
        body = " ".join((page.extract_text() or "") for page in pdf.pages[2:4])
    # The whole cover on page 1, even at 24 pt (pdfplumber gives Urdu letters in drawing order: digits only).
    assert (locale_for(lang).labels["large_print"].format(size=24) if lang != "ur" else "24") in cover
    assert "This translation was made by machine and has not yet been checked" in contents
    assert (locale_for(lang).labels["contents"] if lang != "ur" else locale_for(lang).labels["contents"][::-1]) in contents
    if lang == "pl":
        assert "To tłumaczenie zostało wykonane maszynowo" in contents and "Witamy na kursie" in body
    if lang == "ur":
        assert "کورس میں خوش آمدید" in pdftotext(files[0].data, tmp_path)  # extracts in reading order
    assert nearly_empty_pages(files[0].data) == []  # the notice once stood alone on page 2


def pdftotext(data: bytes, folder) -> str:
    """Text as poppler's pdftotext reads it: right-to-left lines put in logical order."""
    assert shutil.which("pdftotext"), "pdftotext is missing: `make test` installs poppler-utils"
    path = folder / "doc.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)


@pytest.mark.parametrize("lang", sorted(SHIPPED))
def test_word_language_and_direction(localised, lang):
    data = get("docx").write(localised[lang], locale_for(lang), {"size": 18})[0].data
    document = docx.Document(io.BytesIO(data))
    rpr = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert rpr.find(qn("w:lang")).get(qn("w:val")) == lang
    bidi = document.styles["Normal"].element.pPr.find(qn("w:bidi"))
    assert (bidi is not None) == (lang == "ur")
    assert document.core_properties.language == lang
    assert locale_for(lang).labels["machine_notice"] in [p.text for p in document.paragraphs[:8]]
    # No italics in any script, and bold in both: Word draws Urdu with the complex-script properties.
    package = document.part.package
    xml = b"".join(part.blob for part in package.parts if part.partname.endswith(".xml"))
    assert not re.search(rb'<w:(i|iCs)(/>| w:val="(1|true|on)")', xml)
    for style in document.styles:
        rpr = style.element.rPr
        bold = rpr.find(qn("w:b")) if rpr is not None else None
        if bold is not None and bold.get(qn("w:val"), "1") in ("1", "true", "on"):
            assert rpr.find(qn("w:bCs")) is not None and rpr.find(qn("w:bCs")).get(qn("w:val"), "1") in (
                "1", "true", "on"), style.name
    title = document.styles["Title"].element.rPr
    assert title.find(qn("w:bCs")).get(qn("w:val")) == "1"


def test_a_missing_braille_grade_is_said_not_hidden(localised):
    from builder.jobs import Job, run
    outcome = run(Job("braille", "pl", {"grades": [2], "cells": 40, "lines": 25}, ""), localised["pl"], None)
    assert outcome.notes == ["no grade 2 table for pl: made grade 1"]


@pytest.mark.parametrize("lang", sorted(SHIPPED))
def test_braille_uses_the_language_table(localised, lang):
    files = get("braille").write(localised[lang], locale_for(lang), {"grades": [2], "cells": 40, "lines": 25})
    brf = next(f for f in files if f.path.endswith(".brf"))
    table, code = SHIPPED[lang]
    assert brf.options["table"] == table
    assert f"-braille-{code}-g" in brf.path
    from tests.writers.test_braille import brf_pages
    assert all(len(line) <= 40 for page in brf_pages(brf.data) for line in page)
    proof = next(f for f in files if f.path.endswith("-proof.html")).data.decode()
    direction = "rtl" if lang == "ur" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in proof
    assert '<pre aria-hidden="true" dir="ltr">' in proof  # braille cells run left to right in every language


@pytest.mark.parametrize("lang, voice", [("pl", "pl"), ("pt", "pt"), ("ur", "ur")])
def test_audio_speaks_with_the_language_voice(localised, lang, voice, tmp_path):
    short = copy.copy(localised[lang])
    short.modules = short.modules[:1]
    files = {f.path: f for f in get("audio", tmp_path).write(short, locale_for(lang), {"engine": "espeak-ng", "rate": 160,
                                                                           "bitrate": 64, "part-name": "module", "voices": {}})}
    mp3 = files[f"audio/{lang}-01-welcome.mp3"]
    assert mp3.options["voice"] == voice
    from mutagen.id3 import ID3
    assert str(ID3(io.BytesIO(mp3.data))["TLAN"]) == {"pl": "pol", "pt": "por", "ur": "urd"}[lang]
    script = files["confidence-and-assertiveness-audio-script.txt"].data.decode()
    assert locale_for(lang).labels["machine_notice"] in script


def test_html_is_marked_with_language_and_direction(localised):
    from builder.writers.html import render_page
    page = render_page(localised["ur"], locale_for("ur"), "standard")
    assert '<html lang="ur" dir="rtl">' in page
    assert '<p lang="en" dir="ltr">This translation was made by machine' in page
    assert 'font-family: "Noto Naskh Arabic 1.35"' in page


def phonemes(text: str, voice: str) -> str:
    """What espeak-ng will say, as its phoneme mnemonics (-x): the real engine, not our script's text."""
    return subprocess.run(["espeak-ng", "-v", voice, "-q", "-x", text], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("lang", sorted(SHIPPED))
def test_help_numbers_are_said_digit_by_digit_in_each_language(localised, lang):
    """999, 116 123 and 85258 as a caller needs them: each digit in the version's own voice, never a
    quantity ("dziewięćset dziewięćdziesiąt dziewięć")."""
    from builder.writers.audio.script import course_script
    course = localised[lang]
    _, tracks = course_script(course, locale_for(lang), course.pronunciations_for(lang))
    lines = [u.text for u in tracks[-1].utterances]
    voice = SHIPPED[lang][1]
    for number, digits, digit in (("999", "9 9 9", "9"), ("116 123", "1 1 6, 1 2 3", "1"),
                                  ("85258", "8 5 2 5 8", "8")):
        line = next(text for text in lines if digits in text)
        said = phonemes(line, voice)
        core = phonemes(digit, voice).strip()[:5]  # the digit on its own, before any sound change at its end
        assert said.count(core) >= number.count(digit), (lang, number, said)
        assert phonemes(number, voice).strip() not in said, (lang, number, said)  # not said as a quantity
