"""Benchmark: whole builds of the sample course, as a coordinator runs them.

Run: .venv/bin/python bench/build.py [--rounds N]   (about 10 minutes, and 6 minutes a round more;
prints a Markdown table for bench/RESULTS.md). With N rounds, (a) and the raw libraries take turns N times
and their medians are compared; each round's (c) follows its own (a), and (c) / (a) is the median of the
rounds' ratios (one edit timed against a median of cold builds moved with the machine's speed).
(a) cold build, every format and language; (b) rebuild with nothing changed; (c) rebuild after editing
one module; (d) a generated course ten times larger (English), against the sample in English alone.
Each build is a separate `python -m builder build` process; peak memory is the largest process of it.
(a) is also compared with the same work done by the raw libraries, one after another.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from builder.locale import locale_for  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed_build(content: Path, out: Path, cache: Path, *extra: str) -> tuple[float, float, dict[str, float], float]:
    """Seconds and peak memory (MB) of one build (the largest of its process and the workers it waited
    for), its jobs' seconds summed by format, and the CPU seconds of it and its workers."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([sys.executable, "-m", "builder", "build", "--content", str(content), "--output",
                                    str(out), "--cache", str(cache), "--allow-untranslated", *extra], cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        log.seek(0)
        lines = log.read().decode("utf-8", "replace").splitlines()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}): {content}")
    by_format: dict[str, float] = {}
    for line in lines:
        found = re.match(r"\[\d+/\d+\] (\S+) \(.*\): built in ([\d.]+) s", line)
        if found:
            by_format[found.group(1)] = by_format.get(found.group(1), 0.0) + float(found.group(2))
    return time.perf_counter() - started, usage.ru_maxrss / 1024, by_format, usage.ru_utime + usage.ru_stime


def ten_times(source: Path, target: Path) -> None:
    """The sample course with every module ten times over (90 modules), English only."""
    shutil.copytree(source, target)
    for path in [p for p in target.glob("[0-9][0-9]-*.md") if not p.name.endswith(".easy.md")]:
        text = path.read_text(encoding="utf-8").replace("](0", "](1")  # keep module links valid
        for copy in range(1, 10):
            number = copy * 10 + int(path.name[:2])
            (target / f"{number:03d}-{path.stem[3:]}-{copy}.md").write_text(text.replace("](1", "](0"),
                                                                              encoding="utf-8")
    toml = target / "course.toml"
    toml.write_text(toml.read_text().replace('translations = ["pl", "pt", "ur"]', "translations = []"))


def figures(course) -> list[tuple[object, float]]:
    """Every picture of a version's modules, in reading order, with its width in Word (mm): an Easy Read
    picture beside its sentences is narrower."""
    from builder.model import Figure, Group
    from builder.walk import descendants
    from builder.writers.word import EASY_READ_PICTURE_MM, TEXT_WIDTH_MM

    nodes = [node for module in course.modules for node in descendants([module])]
    beside = {id(node.figure) for node in nodes if isinstance(node, Group)}
    return [(node, EASY_READ_PICTURE_MM if id(node) in beside else TEXT_WIDTH_MM) for node in nodes
            if isinstance(node, Figure)]


def raw_libraries_seconds() -> tuple[float, float, dict[str, float]]:
    """The same work as (a), done directly with the libraries, one after another: for each edition and
    language, WeasyPrint making tagged PDF (PDF/UA-1) of the large print HTML at each size, with its fonts
    and pictures; liblouis on every braille segment for each grade; one espeak-ng run on the whole script
    and one lameenc pass; markdown-it and Jinja2 for the web page; python-docx for the Word file, with
    each picture (an SVG drawn by CairoSVG at the Word writer's width and resolution, for each version); zipfile for the
    EPUB. Until 2026-11-27 WeasyPrint here made untagged PDF without the pictures (the files drawn for
    the version were not served to it) and Word had no pictures: less than the builder does. Returns the
    seconds, the CPU seconds, and the CPU seconds of each format's libraries (named as the builder's
    formats; "versions" is making each edition in each language, which the builder does once per job)."""
    import zipfile

    import cairosvg
    import docx
    import docx.shared
    import louis
    import weasyprint
    from jinja2 import Template
    from markdown_it import MarkdownIt
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    from builder.course import load_course
    from builder.versions import version
    from builder.writers.audio.encode import encode_mp3
    from builder.writers.audio.script import course_script
    from builder.writers.audio.speech import _wav_data
    from builder.writers.braille.segments import all_segments, module_segments
    from builder.writers.braille.tables import table_list
    from builder.writers.large_print import render_document
    from builder.writers.large_print.pdf import MemoryFile, file_url
    from builder.writers.word.drawing import PRINT_DPI

    course, _ = load_course(ROOT / "content")
    config = course.config
    page = Template("<!DOCTYPE html><html lang='{{ lang }}'><body>{% for m in modules %}<section>{{ m }}</section>"
                    "{% endfor %}</body></html>")
    markdown = MarkdownIt("commonmark")

    class Served(URLFetcher):
        """The version's fonts and pictures (some drawn for it, in memory), as the builder gives them."""

        def __init__(self, served):
            super().__init__()
            self.served = served

        def fetch(self, url, headers=None):
            item = self.served[url]
            data = item.data if isinstance(item, MemoryFile) else item.read_bytes()
            return URLFetcherResponse(url, data, {}, 200)

    def large_print(made, lang: str) -> None:
        for size in config.format_options["large-print"]["sizes"]:
            html, files = render_document(made, locale_for(lang), size, config.format_options["large-print"]["colour-scheme"])
            served = {(item.url if isinstance(item, MemoryFile) else file_url(item)): item for item in files}
            weasyprint.HTML(string=html, url_fetcher=Served(served)).write_pdf(pdf_variant="pdf/ua-1")

    def braille(made, lang: str) -> list[str]:
        texts = [s.text for m in made.modules for s in all_segments(module_segments(m, locale_for(lang))) if s.text]
        for grade in config.format_options["braille"]["grades"]:
            table = locale_for(lang).braille_table(grade) or locale_for(lang).braille_table(1)
            for text in texts:
                louis.translateString(table_list(table), text)
        return texts

    def audio(made, lang: str) -> None:
        intro, tracks = course_script(made, locale_for(lang), made.pronunciations_for(lang),
                                      config.format_options["audio"]["part-name"])  # "Session 3", as the builder says
        script = "\n".join(u.text for t in [intro, *tracks] for u in t.utterances if u.text)
        voice = {"en-GB": "en-gb"}.get(lang, lang)
        wav = subprocess.run(["espeak-ng", "-v", voice, "-s", "133", "--stdin", "--stdout"], input=script.encode(),
                             capture_output=True, check=True).stdout
        encode_mp3(_wav_data(wav), 64)

    def word(made, texts: list[str]) -> None:
        document = docx.Document()
        for text in texts:
            document.add_paragraph(text)
        for figure, width_mm in figures(made):
            picture = figure.path.read_bytes() if figure.svg is None else cairosvg.svg2png(
                bytestring=figure.svg.encode("utf-8"), output_width=round(width_mm / 25.4 * PRINT_DPI))
            document.add_picture(io.BytesIO(picture), width=docx.shared.Mm(width_mm))
        document.save(io.BytesIO())

    stages: dict[str, float] = {}

    @contextmanager
    def stage(name: str):
        begun = _cpu_seconds()
        yield
        stages[name] = stages.get(name, 0.0) + _cpu_seconds() - begun

    started, cpu = time.perf_counter(), _cpu_seconds()
    for edition in config.editions:
        for lang in config.languages:
            with stage("versions"):
                made = version(course, edition, lang, allow_untranslated=True)
            with stage("large-print"):
                large_print(made, lang)
            with stage("braille"):
                texts = braille(made, lang)
            with stage("audio"):
                audio(made, lang)
            with stage("html"):
                web = page.render(lang=lang, modules=[markdown.render("\n\n".join(texts))])
            with stage("docx"):
                word(made, texts)
            with stage("epub"):
                with zipfile.ZipFile(io.BytesIO(), "w", zipfile.ZIP_DEFLATED) as book:
                    book.writestr("index.xhtml", web)
    return time.perf_counter() - started, _cpu_seconds() - cpu, stages


def _cpu_seconds() -> float:
    """CPU time of this process and the processes it has waited for (espeak-ng)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(rounds: int) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        content = work / "content"
        shutil.copytree(ROOT / "content", content)
        # (a) and the raw libraries take turns, so that the machine's changing speed touches both alike. The
        # raw libraries run first (a mistake there shows early) and in a process of their own, whose memory
        # the builds (started from this one) would otherwise report as their own peak.
        raws, colds, edits = [], [], []
        module = content / "05-saying-no.md"
        original = module.read_text()
        for number in range(rounds):
            raws.append(json.loads(subprocess.run([sys.executable, __file__, "--raw"], capture_output=True, text=True,
                                                  check=True).stdout.splitlines()[-1]))
            module.write_text(original)
            colds.append(timed_build(content, work / f"out{number}", work / f"cache{number}"))
            if number == rounds - 1:
                b = timed_build(content, work / f"out{number}", work / f"cache{number}")
            # (c) right after its own (a), on that build's outputs and cache: the machine's speed the same for both.
            module.write_text(original.replace("Start small.", "Start with something small."))
            edits.append(timed_build(content, work / f"out{number}", work / f"cache{number}"))
        a = sorted(colds, key=lambda build: build[0])[rounds // 2]  # the median by time
        c = sorted(edits, key=lambda build: build[0])[rounds // 2]
        edit_ratios = sorted(edit[0] / cold[0] for edit, cold in zip(edits, colds))
        raw, raw_cpu, raw_stages = sorted(raws, key=lambda run: run[0])[rounds // 2]
        english = timed_build(ROOT / "content", work / "out-en", work / "cache-en", "--languages", "en-GB")
        ten_times(ROOT / "content", work / "ten")
        d = timed_build(work / "ten", work / "out-ten", work / "cache-ten")
    median = f", median of {rounds}" if rounds > 1 else ""
    rows += [("(a) cold build: 6 formats x 3 editions x 4 languages" + median, a),
             ("(b) rebuild, nothing changed", b), ("(c) rebuild after editing one module" + median, c),
             ("sample course, English only, cold", english),
             ("(d) ten times the course (90 modules), English only, cold", d)]
    print("| build | seconds | CPU seconds | peak memory of the largest process |")
    print("|---|---|---|---|")
    for name, (seconds, peak, _, cpu) in rows:
        print(f"| {name} | {seconds:.1f} | {cpu:.1f} | {peak:.0f} MB |")
    print()
    print(f"- (c) / (a): {edit_ratios[rounds // 2]:.3f}, the median of each round's edit over its own cold build "
          f"(aim: at most 0.25); each round: " + ", ".join(f"{edit[0]:.1f} / {cold[0]:.1f} = {edit[0] / cold[0]:.3f}"
                                                          for edit, cold in zip(edits, colds)))
    print(f"- (d) / English-only sample: {d[0] / english[0]:.1f} (aim: at most 10)")
    print(f"- raw libraries doing (a)'s work one after another: {raw:.1f} s ({raw_cpu:.1f} s of CPU); "
          f"(a) / raw = {a[0] / raw:.2f} (aim: at most 0.6); (a)'s CPU / raw's CPU = {a[3] / raw_cpu:.2f}")
    if rounds > 1:
        print("- each round, (a) / raw: " + ", ".join(f"{cold[0]:.1f} / {raw_seconds:.1f} = {cold[0] / raw_seconds:.2f}"
                                                     for cold, (raw_seconds, *_) in zip(colds, raws)))
    print("- the raw libraries' CPU seconds by format (the median run), to set beside (a)'s jobs: "
          + ", ".join(f"{key} {value:.0f}" for key, value in sorted(raw_stages.items(), key=lambda item: -item[1])))
    for name, (_, _, by_format, _) in (("(a)", a), ("(c)", c)):
        print(f"- {name}'s jobs by format, seconds summed over editions and languages (two run at once): "
              + ", ".join(f"{key} {value:.0f}" for key, value in sorted(by_format.items(), key=lambda item: -item[1])))


if __name__ == "__main__":
    if sys.argv[1:] == ["--raw"]:
        print(json.dumps(raw_libraries_seconds()))
    else:
        main(int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 1)
