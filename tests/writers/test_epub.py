"""EPUB: built through the registry like any format, checked by EPUBCheck and Ace by DAISY, and read back:
navigation, accessibility metadata, and the read-along audio's SMIL against the XHTML and the MP3s."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import miniaudio
import pytest
from lxml import etree

from builder.locale import locale_for
from builder.build import build
from builder.writers.audio.encode import duration_ms
from builder.writers.audio.engines import ENGINES
from tests.conftest import FIXTURES, ROOT

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
ACE = ROOT / ".test-tools" / "node_modules" / ".bin" / "ace-puppeteer"
XHTML, OPF, SMIL = "{http://www.w3.org/1999/xhtml}", "{http://www.idpf.org/2007/opf}", "{http://www.w3.org/ns/SMIL}"
URDU = """# پہلا سبق

یہ پہلا جملہ ہے۔ ہم آہستہ بات کرتے ہیں۔

## اہم باتیں

- اپنی بات واضح کہیں
- مدد مانگنا ٹھیک ہے

| نام | وقت |
| --- | --- |
| وقفہ | دس منٹ |

::: tip
آہستہ سانس لیں۔
:::

::: tip
پانی پی لیں۔
:::
"""


def make_book(content: Path, out: Path, cache: Path, formats: str = '["html", "audio", "epub"]',
              extra: str = "") -> tuple[zipfile.ZipFile, object]:
    toml = content / "course.toml"
    toml.write_text(re.sub(r"formats = \[.*\]", f"formats = {formats}", toml.read_text()) + extra)
    result = build(content, out, report=lambda s: None, cache_dir=cache)
    books = list(out.glob("*/*/*.epub"))
    assert len(books) == 1, books
    return zipfile.ZipFile(books[0]), result


@pytest.fixture(scope="module")
def mini_book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("epub")
    shutil.copytree(FIXTURES / "mini", folder / "mini")
    book, _ = make_book(folder / "mini", folder / "out", folder / "cache",
                        extra='\n[epub]\ncertifier = "Test Network accessibility group"\n')
    return book, next((folder / "out").glob("*/*/*.epub"))


@pytest.fixture(scope="module")
def urdu_book(tmp_path_factory):
    from tests.conftest import write_course
    folder = tmp_path_factory.mktemp("epub-ur")
    toml = '[course]\ntitle = "خود اعتمادی"\norganisation = "نیٹ ورک"\nlanguage = "ur"\nformats = ["html"]\n'
    content = write_course(folder / "content", {"01-pehla.md": URDU}, toml)
    book, _ = make_book(content, folder / "out", folder / "cache")
    return book, next((folder / "out").glob("*/*/*.epub"))


def read(book: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(book.read(name))


def package(book: zipfile.ZipFile) -> etree._Element:
    return read(book, "EPUB/package.opf")


def properties(opf: etree._Element, name: str) -> list[str]:
    return [meta.text for meta in opf.iter(f"{OPF}meta") if meta.get("property") == name and not meta.get("refines")]


@pytest.mark.parametrize("which", ["mini_book", "urdu_book"])
def test_epubcheck_finds_no_error_and_no_warning(which, request):
    assert EPUBCHECK.exists(), "EPUBCheck is missing: `make test` installs the Debian package epubcheck"
    path = request.getfixturevalue(which)[1]
    # The quick-starting JIT: a third faster for one book, the same checks.
    checked = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(EPUBCHECK), "-q",
                              str(path)], capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0 and not re.search(r"ERROR|WARNING|FATAL", checked.stdout + checked.stderr), \
        checked.stdout + checked.stderr


@pytest.mark.parametrize("which", ["mini_book", "urdu_book"])
def test_ace_by_daisy_finds_no_violation(which, request, tmp_path):
    assert ACE.exists(), "Ace by DAISY is missing: `make test` installs it into .test-tools"
    path = request.getfixturevalue(which)[1]
    environment = {"PUPPETEER_EXECUTABLE_PATH": shutil.which("chromium") or "/usr/bin/chromium",
                   "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run([str(ACE), "-s", "-f", "-o", str(tmp_path / "ace"), str(path)], env=environment,
                   capture_output=True, timeout=300, check=True)
    report = json.loads((tmp_path / "ace" / "report.json").read_text())
    failures = []

    def walk(node: dict) -> None:
        for assertion in node.get("assertions", []):
            if assertion.get("earl:result", {}).get("earl:outcome") == "fail":
                failures.append(assertion["earl:test"]["dct:title"])
            walk(assertion)

    walk(report)
    assert failures == [] and report["earl:result"]["earl:outcome"] == "pass"


def test_accessibility_metadata_and_reader_settings(mini_book):
    book, _ = mini_book
    opf = package(book)
    assert properties(opf, "schema:accessMode") == ["textual", "visual", "auditory"]
    assert properties(opf, "schema:accessModeSufficient") == ["textual", "auditory"]
    assert {"structuralNavigation", "tableOfContents", "alternativeText", "synchronizedAudioText",
            "displayTransformability", "readingOrder"} <= set(properties(opf, "schema:accessibilityFeature"))
    assert properties(opf, "schema:accessibilityHazard") == ["none"]
    assert properties(opf, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert properties(opf, "a11y:certifiedBy") == ["Test Network accessibility group"]
    assert properties(opf, "media:active-class") == ["-epub-media-overlay-active"]
    css = book.read("EPUB/style.css").decode()
    assert not re.search(r"font-size:\s*[\d.]+(pt|px)", css) and not re.search(r"(^|[;{\s])color:", css)
    assert ".-epub-media-overlay-active" in css
    for name in book.namelist():
        if name.endswith(".xhtml"):
            root = read(book, name)
            assert root.get("lang") == "en-GB" and root.get("dir") == "ltr", name
    for image in read(book, "EPUB/01-first.xhtml").iter(f"{XHTML}img"):
        assert image.get("alt"), "every picture has its alt text"


def test_navigation_covers_every_module_and_section(mini_book):
    book, _ = mini_book
    links = {a.get("href") for a in read(book, "EPUB/nav.xhtml").iter(f"{XHTML}a")}
    opf = package(book)
    spine = [ref.get("idref") for ref in opf.iter(f"{OPF}itemref")]
    pages = {item.get("id"): item.get("href") for item in opf.iter(f"{OPF}item")}
    modules = [pages[ref] for ref in spine if pages[ref] not in ("title.xhtml", "nav.xhtml")]
    assert modules == ["01-first.xhtml", "02-second.xhtml"]
    for module in modules:
        page = read(book, f"EPUB/{module}")
        assert module in links
        for heading in page.iter(f"{XHTML}h2"):
            if heading.get("id") and "notes" not in heading.get("id"):
                assert f"{module}#{heading.get('id')}" in links, heading.get("id")


def test_read_along_points_at_real_text_in_order_within_each_recording(mini_book):
    book, _ = mini_book
    opf = package(book)
    items = {item.get("id"): item for item in opf.iter(f"{OPF}item")}
    overlays = [item for item in items.values() if item.get("media-overlay")]
    assert [item.get("href") for item in overlays] == ["title.xhtml", "01-first.xhtml", "02-second.xhtml"]
    total = 0.0
    for page in overlays:
        smil = read(book, "EPUB/" + items[page.get("media-overlay")].get("href"))
        ids = {element.get("id") for element in read(book, "EPUB/" + page.get("href")).iter() if element.get("id")}
        previous_end = 0.0
        pars = list(smil.iter(f"{SMIL}par"))
        assert len(pars) >= 3
        for par in pars:
            text, audio = par.find(f"{SMIL}text"), par.find(f"{SMIL}audio")
            target, fragment = text.get("src").split("#")
            assert target == f"../{page.get('href')}" and fragment in ids, fragment
            begin, end = (float(audio.get(key).rstrip("s")) for key in ("clipBegin", "clipEnd"))
            assert previous_end <= begin + 0.0005 < end
            previous_end = end
        mp3 = book.read("EPUB/" + audio.get("src").removeprefix("../"))
        decoded = miniaudio.decode(mp3, nchannels=1, sample_rate=22050)
        length = decoded.num_frames / 22050
        assert previous_end <= length + 0.05, (previous_end, length)
        total += length
    hours, minutes, seconds = properties(opf, "media:duration")[0].split(":")
    assert abs(int(hours) * 3600 + int(minutes) * 60 + float(seconds) - total) < 0.5


def test_a_sentences_clip_lasts_as_long_as_the_sentence_said_alone(mini_book):
    """The first paragraph of the first module: its clip, decoded, holds speech about as long as the same
    words spoken on their own by espeak-ng (plus the pauses that follow them). The words are the script's:
    audio says the web address the page's link hides."""
    from builder.course import load_course
    from builder.writers.audio.script import course_script
    book, _ = mini_book
    page = read(book, "EPUB/01-first.xhtml")
    paragraph = next(p for p in page.iter(f"{XHTML}p") if (p.get("id") or "").startswith("r"))
    shown = "".join(paragraph.itertext()).strip()
    _, tracks = course_script(load_course(FIXTURES / "mini")[0], locale_for("en-GB"), {})
    words = next(u.text for u in tracks[0].utterances if u.text.startswith(shown.split(",")[0]))
    smil = read(book, "EPUB/smil/01-first.smil")
    par = next(par for par in smil.iter(f"{SMIL}par")
               if par.find(f"{SMIL}text").get("src").endswith("#" + paragraph.get("id")))
    audio = par.find(f"{SMIL}audio")
    begin, end = (float(audio.get(key).rstrip("s")) for key in ("clipBegin", "clipEnd"))
    engine = ENGINES["espeak-ng"]()
    try:
        alone = duration_ms(len(engine.synthesise(words if words.endswith(".") else words + ".",
                                                  engine.voice_for(locale_for("en-GB")), 160))) / 1000
    finally:
        engine.close()
    # Plus the pauses after it and before the next heading (1.5 s), and the last MP3 frames of its chapter
    # (each chapter is encoded apart: up to two frames, 0.1 s).
    assert alone - 0.15 <= end - begin <= alone + 1.6, (words, end - begin, alone)
    samples = miniaudio.decode(book.read("EPUB/audio/01-first.mp3"), nchannels=1, sample_rate=22050,
                               output_format=miniaudio.SampleFormat.SIGNED16).samples
    clip = samples[int(begin * 22050):int((begin + alone) * 22050)]
    loud = sum(1 for sample in clip if abs(sample) > 1000) / max(1, len(clip))
    assert loud > 0.05, "the clip holds speech"


def test_right_to_left_book(urdu_book):
    book, _ = urdu_book
    opf = package(book)
    assert opf.find(f"{OPF}spine").get("page-progression-direction") == "rtl"
    assert opf.get("dir") == "rtl" and properties(opf, "schema:accessibilitySummary")[0].startswith("اس کتاب")
    page = read(book, "EPUB/01-pehla.xhtml")
    assert page.get("lang") == "ur" and page.get("dir") == "rtl"
    fonts = [name for name in book.namelist() if name.startswith("EPUB/fonts/")]
    assert any("NotoNaskhArabic" in name and "1.35" in name for name in fonts), fonts
    assert any(name.endswith(".smil") for name in book.namelist())


def test_without_the_audio_format_the_book_has_no_overlays_and_says_so(tmp_path):
    shutil.copytree(FIXTURES / "mini", tmp_path / "mini")
    book, result = make_book(tmp_path / "mini", tmp_path / "out", tmp_path / "cache", formats='["epub"]')
    assert not [name for name in book.namelist() if name.endswith((".smil", ".mp3"))]
    assert "synchronizedAudioText" not in properties(package(book), "schema:accessibilityFeature")
    row = next(job for job in result.jobs if job.label.startswith("epub"))
    assert "no read-along audio" in row.detail
    assert book.namelist()[0] == "mimetype" and book.getinfo("mimetype").compress_type == zipfile.ZIP_STORED


def test_the_book_is_made_again_when_the_audio_it_reuses_changes(course_dir):
    from builder import jobs
    from builder.course import load_course

    def inputs(extra: str) -> dict[str, str]:
        toml = '[course]\ntitle = "T"\norganisation = "O"\nlanguage = "en-GB"\nformats = ["html", "audio", "epub"]\n'
        course, _ = load_course(course_dir({"01-a.md": "# A\n\nText.\n"}, course_toml=toml + extra))
        planned = jobs.plan(course, ["html", "epub"], ["en-GB"], ["participant"], {}, False)
        return {job.format: job.inputs for job in planned}

    before, slower = inputs(""), inputs("\n[audio]\nrate = 140\n")
    assert before["html"] == slower["html"] and before["epub"] != slower["epub"]
