"""Benchmark: whole builds of the sample course, as a coordinator runs them.

Run: .venv/bin/python bench/build.py   (several minutes; prints a Markdown table for bench/RESULTS.md)
(a) cold build, every format and language; (b) rebuild with nothing changed; (c) rebuild after editing
one module; (d) a generated course ten times larger (English), against the sample in English alone.
Each build is a separate `python -m builder build` process; peak memory is the largest process of it.
(a) is also compared with the same work done by the raw libraries, one after another.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed_build(content: Path, out: Path, cache: Path, *extra: str) -> tuple[float, float, dict[str, float]]:
    """Seconds and peak memory (MB) of one build (the largest of its process and the workers it waited
    for), and its jobs' seconds summed by format."""
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
    return time.perf_counter() - started, usage.ru_maxrss / 1024, by_format


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


def raw_libraries_seconds() -> float:
    """The same work as (a), done directly with the libraries, one after another: for each edition and
    language, WeasyPrint on the large print HTML at each size, liblouis on every braille segment for each
    grade, one espeak-ng run on the whole script and one lameenc pass, markdown-it and Jinja2 for the web
    page, python-docx for the Word file and zipfile for the EPUB."""
    import zipfile

    import docx
    import louis
    import weasyprint
    from jinja2 import Template
    from markdown_it import MarkdownIt

    from builder.course import load_course
    from builder.versions import version
    from builder.writers.audio.encode import encode_mp3
    from builder.writers.audio.script import course_script
    from builder.writers.audio.speech import _wav_data
    from builder.writers.braille.segments import all_segments, module_segments
    from builder.writers.braille.tables import table_for, table_list
    from builder.writers.large_print import render_document

    course, _ = load_course(ROOT / "content")
    config = course.config
    page = Template("<!DOCTYPE html><html lang='{{ lang }}'><body>{% for m in modules %}<section>{{ m }}</section>"
                    "{% endfor %}</body></html>")
    markdown = MarkdownIt("commonmark")
    started = time.perf_counter()
    for edition in config.editions:
        for lang in config.languages:
            made = version(course, edition, lang, allow_untranslated=True)
            for size in config.format_options["large-print"]["sizes"]:
                html, _ = render_document(made, lang, size, "cream")
                weasyprint.HTML(string=html).write_pdf()
            texts = [s.text for m in made.modules for s in all_segments(module_segments(m, lang)) if s.text]
            for grade in config.format_options["braille"]["grades"]:
                table = table_for(lang, grade) or table_for(lang, 1)
                for text in texts:
                    louis.translateString(table_list(table), text)
            intro, tracks = course_script(made, lang, made.pronunciations_for(lang))
            script = "\n".join(u.text for t in [intro, *tracks] for u in t.utterances if u.text)
            voice = {"en-GB": "en-gb"}.get(lang, lang)
            wav = subprocess.run(["espeak-ng", "-v", voice, "-s", "133", "--stdin", "--stdout"], input=script.encode(),
                                 capture_output=True, check=True).stdout
            encode_mp3(_wav_data(wav), 64)
            sections = [markdown.render("\n\n".join(texts))]
            web = page.render(lang=lang, modules=sections)
            document = docx.Document()
            for text in texts:
                document.add_paragraph(text)
            document.save(io.BytesIO())
            with zipfile.ZipFile(io.BytesIO(), "w", zipfile.ZIP_DEFLATED) as book:
                book.writestr("index.xhtml", web)
    return time.perf_counter() - started


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        content = work / "content"
        shutil.copytree(ROOT / "content", content)
        a = timed_build(content, work / "out", work / "cache")
        b = timed_build(content, work / "out", work / "cache")
        module = content / "05-saying-no.md"
        module.write_text(module.read_text().replace("Start small.", "Start with something small."))
        c = timed_build(content, work / "out", work / "cache")
        english = timed_build(ROOT / "content", work / "out-en", work / "cache-en", "--languages", "en-GB")
        ten_times(ROOT / "content", work / "ten")
        d = timed_build(work / "ten", work / "out-ten", work / "cache-ten")
        raw = raw_libraries_seconds()
    rows += [("(a) cold build: 6 formats x 3 editions x 4 languages", a), ("(b) rebuild, nothing changed", b),
             ("(c) rebuild after editing one module", c), ("sample course, English only, cold", english),
             ("(d) ten times the course (90 modules), English only, cold", d)]
    print("| build | seconds | peak memory of the largest process |")
    print("|---|---|---|")
    for name, (seconds, peak, _) in rows:
        print(f"| {name} | {seconds:.1f} | {peak:.0f} MB |")
    print()
    print(f"- (c) / (a): {c[0] / a[0]:.2f} (aim: at most 0.25)")
    print(f"- (d) / English-only sample: {d[0] / english[0]:.1f} (aim: at most 10)")
    print(f"- raw libraries doing (a)'s work one after another: {raw:.1f} s; (a) / raw = {a[0] / raw:.2f} "
          "(aim: at most 0.6)")
    for name, (_, _, by_format) in (("(a)", a), ("(c)", c)):
        print(f"- {name}'s jobs by format, seconds summed over editions and languages (two run at once): "
              + ", ".join(f"{key} {value:.0f}" for key, value in sorted(by_format.items(), key=lambda item: -item[1])))


if __name__ == "__main__":
    main()
