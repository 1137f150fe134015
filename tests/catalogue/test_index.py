"""The index page, "Choose your version": made by the build from its manifest, every link a file, what each
version is for in plain words, accessible in a real browser on a phone and a desktop, printable."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from builder import writers
from builder.build import build
from builder.catalogue import index_page
from builder.course import load_course
from builder.locale import locale_for
from builder.outputs import ManifestEntry, read_manifest
from tests.conftest import ROOT, mini_copy

AXE = ROOT / ".test-tools" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The mini course built for participants and trainers, as web page, braille and audio."""
    folder = tmp_path_factory.mktemp("catalogue")
    mini_copy(folder, ["html", "braille", "audio"], ["participant", "trainer"])
    build(folder / "mini", folder / "out", cache_dir=folder / "cache", report=lambda line: None)
    return folder / "out"


def links(page: str) -> list[str]:
    return [unquote(href) for href in re.findall(r'<a href="([^"#][^"]*)"', page)]


def test_every_link_is_a_built_file_and_every_readers_file_is_linked(built):
    page = (built / "index.html").read_text(encoding="utf-8")
    linked = links(page)
    assert linked and all((built / path).is_file() for path in linked), [p for p in linked if not (built / p).is_file()]
    manifest = read_manifest(built)
    for entry in manifest.values():
        suffixes = writers.get(entry.format).pack_suffixes
        if not suffixes or entry.path.endswith(suffixes):
            assert entry.path in linked, entry.path
        else:  # a proof copy or a spoken script: for checkers and trainers
            assert entry.path not in linked, entry.path
    assert "Web page</strong>: to read on a phone" in page and "Braille, grade 2</strong>" in page
    assert re.search(r"MP3</a> <span class=\"facts\">\(\d+ min, [\d.]+ (KB|MB)\)", page)
    assert re.search(r"BRF, to emboss</a> <span class=\"facts\">\(\d+ pages, \d+ KB\)", page)
    trainer = page.index("Trainer&#39;s edition")
    assert page.index("For participants") < trainer and "never hand these to participants" in page
    assert all("/trainer/" not in href or page.index(href) > trainer for href in re.findall(r'href="([^"]+)"', page))


def test_a_build_with_nothing_to_do_leaves_the_index_alone(built, tmp_path):
    before = (built / "index.html").stat().st_mtime_ns
    build(built.parent / "mini", built, cache_dir=built.parent / "cache", report=lambda line: None)
    assert (built / "index.html").stat().st_mtime_ns == before


def test_each_language_is_named_in_its_own_script_with_the_machine_translation_notice():
    """Synthetic manifest entries: an Urdu version made by machine, a Polish one checked by a person."""
    course, _ = load_course(ROOT / "content")
    entries = [ManifestEntry("participant/ur/c-ur.html", "html", "ur", size=2000, machine_translated=True),
               ManifestEntry("participant/pl/c-pl.html", "html", "pl", size=2000)]
    page = index_page(course.config, entries, [{"format": "braille", "language": "ur", "edition": "participant",
                                                "reason": "no table"}])
    assert '<span lang="ur" dir="rtl">اردو</span> (Urdu)' in page and '<span lang="pl" dir="ltr">Polski</span> (Polish)' in page
    urdu = page[page.index('id="lang-ur"'):]
    for tag, text in locale_for("ur").notices(True, 0):
        assert text in urdu
    assert "Not made: braille (no table)" in urdu
    assert "machine" not in page[page.index('id="lang-pl"'):page.index('id="lang-ur"')]



@pytest.mark.parametrize("width", [320, 1280])
def test_axe_finds_no_violation_on_a_phone_or_a_desktop(built, browser, width):
    assert AXE.exists(), "axe-core is missing: `make test` installs it (test-setup)"
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((built / "index.html").as_uri())
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => { const r = await axe.run(); return {violations: r.violations.map("
                           "v => [v.id, v.help, v.nodes.slice(0, 3).map(n => n.target)]), passes: r.passes.length,"
                           " wide: document.documentElement.scrollWidth}; }")
    page.close()
    assert result["violations"] == [] and result["passes"] >= 10
    assert result["wide"] <= width  # nothing runs off a phone's screen


def test_it_prints_as_a_catalogue_with_each_files_place(built, browser):
    """Printed for a coordinator who posts letters: each file's place in the folder is printed after it."""
    import io

    import pdfplumber
    page = browser.new_page()
    page.goto((built / "index.html").as_uri())
    pdf = page.pdf(format="A4")
    page.close()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "".join((p.extract_text() or "") for p in document.pages).replace("\n", "")
    assert "participant/en-GB/mini-course-en-gb.html" in text and "choose your version" in text
