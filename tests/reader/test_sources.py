"""Real lessons from ten public sources, one per dialect (tests/fixtures/sources, SOURCES.md says where each
file comes from), built as courses in every format and edition and read back: each builds, no dialect's syntax
reaches a participant, their words are kept, no instructor's note reaches a participant file, and the
warnings left are the sources' real problems, each with its line."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import emoji
import pytest
from markdown_it import MarkdownIt

from builder import walk
from builder.build import build
from builder.course import read_course
from builder.editions import for_participants, for_trainers_only
from builder.model import Code, CodeBlock, Paragraph, plain_text
from tests import readback
from tests.conftest import FIXTURES, version_folder

SOURCES = FIXTURES / "sources"
# Syntax of a dialect left in what a participant gets (code blocks, which show syntax as written, aside).
RAW = {"alert": r"\[!", "box": r":::", "liquid": r"\{%", "kramdown": r"\{:", "wikilink": r"\[\[",
       "role": r"\{[a-z][\w-]*\}`", "label": r"(?m)^\s*\(\w[\w-]*\)=", "directive": r"```\{",
       "admonition": r"(?:^|\s)(?:!!!|\?\?\?\+?) [a-z]", "tab": r'===\s*"', "grid": r"\+-{3,}\+", "icon": r":fontawesome-"}
# The sources' real problems, as the reader reports them: what is missing from the copy, or wrong in the file.
EXPECTED = {
    "github": {"image.url": "badges and pictures on the web", "image.vague-alt": "three pictures described 'image'",
               "image.inline": "a badge picture inside a link"},
    "obsidian": {"link.outside": "notes of the vault not in the copy",
                 "image.no-alt": "pictures in table cells, without alt text"},
    "myst": {},
    "kramdown": {"image.missing": "pictures the repository does not have", "image.vague-alt": "alt text 'n50'",
                 "markdown.template": "{% include %} of a snippet"},
    "quarto": {"link.outside": "pages of the site not in the copy", "markdown.template": "Quarto shortcodes",
               "image.url": "pictures on the web", "markdown.html": "inline <svg> and a misspelt <kdb>",
               "image.no-alt": "slide pictures without alt text", "image.outside": "a path from the site's top",
               "image.missing": "a picture left out of the copy (over 300 KB)"},
    "carpentries": {"link.undefined": "links defined in the lesson's links.md",
                    "link.outside": "a page of the lesson not in the copy"},
    "docusaurus": {"link.outside": "pages of the site not in the copy", "image.missing": "pictures left out",
                   "image.outside": "a path from the site's top"},
    "mkdocs": {"link.outside": "slides and pages of the site not in the copy", "html.unsafe": "an embedded video",
               "image.no-alt": "a screenshot without alt text"},
    "rmarkdown": {"markdown.code-cell": "R code whose results are left out"},
    "session-plans": {"link.broken": "anchors of the page this archive is included in",
                      "link.outside": "pages of the site", "markdown.template": "Jekyll includes and site variables",
                      "module.no-title": "an archive page with no title", "link.scheme": "a link with no address"},
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Every source's participant edition in every format, and the trainer's (which holds everything) as a web
    page and a Word file; the course.toml beside each source lists its files in order."""
    root = tmp_path_factory.mktemp("sources")
    outputs = {}
    for source in sorted(EXPECTED):
        for editions, formats in ((["participant"], None), (["trainer"], ["html", "docx"])):
            result = build(SOURCES / source, root / source, formats, editions=editions, report=lambda line: None,
                           cache_dir=root / "cache")
            assert [job.label for job in result.jobs if job.status != "built"] == [], source
        outputs[source] = root / source
    return outputs


def _files(out: Path) -> list[Path]:
    """Every file both builds of a source wrote: the participants' edition's, then the trainers'."""
    return [path for edition in ("participant", "trainer") for path in version_folder(out, "en-GB", edition).rglob("*")]


def _trainers(out: Path) -> Path:
    return version_folder(out, "en-GB", "trainer")


def test_every_source_in_the_corpus_is_tested():
    assert sorted(p.name for p in SOURCES.iterdir() if p.is_dir()) == sorted(EXPECTED)


@pytest.mark.parametrize("source", sorted(EXPECTED))
def test_no_dialect_syntax_reaches_any_output(built, source):
    course, _ = read_course(SOURCES / source)
    # Code shows syntax as written, by design: whole, and line by line (audio reads it a line at a time)
    code = {" ".join(n.text.split()) for n in walk.nodes(course) if isinstance(n, (CodeBlock, Code))}
    code |= {" ".join(line.split()) for n in walk.nodes(course) if isinstance(n, CodeBlock)
             for line in n.text.splitlines() if len(line.strip()) >= 12}
    code = sorted(code, key=len, reverse=True)
    files = [path for path in _files(built[source]) if path.suffix in readback.READABLE and "proof" not in path.name]
    assert len(files) == 9  # participants' HTML, PDF, Word, BRF, PEF, audio script and EPUB; trainers' HTML, Word
    lines = {line.strip() for n in walk.nodes(course) if isinstance(n, CodeBlock) for line in n.text.splitlines()}
    for path in files:
        text = readback.text(path)
        if path.suffix == ".txt":  # the audio script says code a line at a time, each line an utterance
            text = "\n".join(line for line in text.splitlines() if line.strip().rstrip(".") not in lines)
        text = " ".join(text.split())
        for shown in code:
            text = text.replace(shown, " ")
        left = {name: text[max(0, m.start() - 30):m.end() + 30] for name, pattern in RAW.items()
                for m in re.finditer(pattern, text)}
        shortcodes = [m for m in re.findall(r":[a-z0-9_+-]+:", text) if emoji.emojize(m, language="alias") != m]
        assert (left, shortcodes) == ({}, []), path.name


@pytest.mark.parametrize("source", sorted(EXPECTED))
def test_words_are_kept_in_the_web_page_and_word(built, source):
    """At least 98% of the words an editor shows (the source rendered as CommonMark, each dialect's own marks
    taken out) are in the trainer edition's HTML and Word file, which hold everything."""
    course, _ = read_course(SOURCES / source)
    shown = sum((_editor_words(SOURCES / source / name) for name in course.config.modules), collections.Counter())
    for suffix in (".html", ".docx"):
        path = next(_trainers(built[source]).glob(f"*-en-gb-trainer{suffix}"))
        got = _words(readback.text(path))
        kept = sum(min(count, got[word]) for word, count in shown.items()) / sum(shown.values())
        assert kept >= 0.98, (path.name, kept, collections.Counter(
            {w: c - got[w] for w, c in shown.items() if c > got[w]}).most_common(10))


@pytest.mark.parametrize("source", sorted(EXPECTED))
def test_no_trainer_note_or_kept_answer_reaches_a_participant_file(built, source):
    course, _ = read_course(SOURCES / source)
    hidden = {" ".join(plain_text(p.children).split()[:8]) for module in course.modules
              for c in walk.module_nodes(module) if for_trainers_only(c, module) for p in walk.blocks(c.blocks)
              if isinstance(p, Paragraph) and len(plain_text(p.children).split()) >= 6}
    visible = {" ".join(plain_text(p.children).split()[:8]) for p in walk.nodes(for_participants(course))
               if isinstance(p, Paragraph)}
    hidden -= visible  # the same words also in participants' text are theirs too
    trainer = " ".join(readback.text(next(_trainers(built[source]).glob("*-en-gb-trainer.html"))).split())
    assert all(snippet in trainer for snippet in hidden)  # real words, which the trainer's edition shows
    for path in _files(built[source]):
        if path.suffix in readback.READABLE and "trainer" not in path.name and "proof" not in path.name:
            text = " ".join(readback.text(path).split())
            assert [snippet for snippet in hidden if snippet in text] == [], path.name
    assert source in ("github", "obsidian", "docusaurus", "session-plans", "kramdown") or hidden  # some to find


@pytest.mark.parametrize("source", sorted(EXPECTED))
def test_the_warnings_left_are_the_sources_real_problems_each_with_its_line(source):
    _, problems = read_course(SOURCES / source)
    assert problems.errors == []
    assert all(p.line > 0 for p in problems.warnings), [str(p) for p in problems.warnings if not p.line]
    assert {p.code for p in problems.warnings} == set(EXPECTED[source]), [str(p) for p in problems.warnings]


def _words(text: str) -> collections.Counter:
    return collections.Counter(re.findall(r"\w+", text.lower()))


# A dialect's own marks, which its editor shows as no words: box fences and directive options, attribute lists,
# template tags, labels, callout markers, roles' names, comments; a wikilink shows its alias.
_MARKS = [r"^\s*(?:>\s*)*:{3,}.*$", r"^\s*(?:>\s*)*:[\w-]+:.*$", r"\{%.*?%\}", r"\{\{.*?\}\}", r"^\s*\(\S+\)=\s*$",
          r"\[![\w-]+\][+-]?", r"\{[\w-]+\}(?=`)", r"\{:?\s*[#.][^{}]*\}", r"\{:?\s*[\w-]+=[^{}]*\}", r"\{:[^{}]*\}",
          r"%%.*?%%"]


_HIDDEN_CELL = re.compile(r"^```\{[a-z]+[^}\n]*(?:include|echo)\s*=\s*(?:FALSE|F)\b[^}\n]*\}.*?^```", re.M | re.S)
_MKDOCS_BLOCK = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?|===)\s*[\w-]*\s*(?:"([^"]*)")?\s*$')
_ICON = re.compile(r":(?:fontawesome|material|octicons|simple)-[a-z0-9-]+:")


def _unindented(text: str) -> str:
    """MkDocs' admonitions and tabs as their editor shows them: the title, then the words indented under it."""
    lines, out, index = text.split("\n"), [], 0
    while index < len(lines):
        block = _MKDOCS_BLOCK.match(lines[index])
        index += 1
        if not block:
            out.append(lines[index - 1])
            continue
        indent = len(block.group(1))
        out += [block.group(1) + (block.group(2) or ""), ""]
        while index < len(lines) and (not lines[index].strip() or
                                      len(lines[index]) - len(lines[index].lstrip()) >= indent + 4):
            out.append(lines[index][:indent] + lines[index][indent + 4:] if lines[index].strip() else "")
            index += 1
    return "\n".join(out)


def _editor_words(path: Path) -> collections.Counter:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n") and text.find("\n---", 4) > 0:
        text = text[text.find("\n---", 4) + 4:]
    text = _HIDDEN_CELL.sub(" ", text)  # what R Markdown and Quarto readers never see
    while (unindented := _unindented(text)) != text:  # once for each level of nesting
        text = unindented
    text = _ICON.sub(" ", text)
    text = re.sub(r"!?\[\[([^\]|]*)\|([^\]]*)\]\]", r"\2", text)
    for mark in _MARKS:
        text = re.sub(mark, " ", text, flags=re.MULTILINE)
    return _words(readback.html_words(MarkdownIt("commonmark", {"html": True}).enable("table").render(text)))
