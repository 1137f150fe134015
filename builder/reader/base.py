"""What every part of the module reader shares: where it is, what it has reported, and the languages text is in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from builder import languages
from builder.model import Source
from builder.problems import Problems
from builder.reader.parser import rules
from builder.reader.targets import CourseIndex

MAX_NESTING = 10  # quotes, lists, boxes and definitions inside one another
ONCE_A_LINE = {"markdown.html", "markdown.template", "markdown.attribute"}


@dataclass(frozen=True)
class ModuleFile:
    """A module's file and what the course calls it: its number and slug (`03-saying-no`), and whether it is
    an Easy Read companion (`03-saying-no.easy.md`)."""

    path: Path
    number: int
    slug: str
    easy: bool = False


class ReaderBase:
    """One module's reading: its file, the course around it, and every problem found, each reported once."""

    def __init__(self, file: ModuleFile, index: CourseIndex, course_lang: str, problems: Problems,
                 parser: MarkdownIt, lines: list[str]):
        self.file = file
        self.path = file.path
        self.slug = file.slug
        self.easy = file.easy  # an Easy Read companion: each line its own sentence, pictures grouped with text
        self.index = index
        self.content_dir = index.content_dir
        self.course_lang = course_lang
        self.problems = problems
        self.parser = parser
        self.lines = lines
        self.anchors: set[str] = set()
        self.anchor_counts: dict[str, int] = {}  # each base anchor's last number: a line of equal headings is linear
        self.anchor_bases: dict[int, str] = {}  # each heading's anchor before it was made unique, by id(heading)
        self.labels: dict[str, str] = {}  # MyST `(name)=` targets: name -> heading anchor ("" for the top)
        self.pending_labels: list[str] = []  # labels waiting for the heading under them
        self.depth = 0
        self.line = 0  # the source line of the inline text being read
        self.figures_allowed = False  # whether a picture read now may stand apart as a figure
        self.reported: set[tuple[int, str, str]] = set()
        self.web_pictures: list[str] = []  # addresses of pictures on the web the course keeps no copy of
        self.contents_lists: list = []  # lists that are to hold the module's sections (kramdown's `{:toc}`)
        self.node_lines: list[list[int] | None] = []  # the source lines of each syntax node being read, outermost first
        self.box_lines: list[tuple[str, int, int]] = []  # each box's kind and its first and last lines
        self.block_rules, self.inline_rules, self.text_rules = rules()

    def error(self, line: int, message: str, code: str) -> None:
        if self._first(line, message, code):
            self.problems.error(self.path, line, message, code)

    def warning(self, line: int, message: str, code: str) -> None:
        if self._first(line, message, code):
            self.problems.warning(self.path, line, message, code)

    def warn_once(self, line: int, message: str, code: str) -> None:
        """A warning said once a module: the first place is enough to find the rest."""
        if self._first(0, "", code):
            self.warning(line, message, code)

    def _first(self, line: int, message: str, code: str) -> bool:
        key = (line, code, message if code not in ONCE_A_LINE else "")
        if key in self.reported:  # `<span>x</span>` is one mistake, not two
            return False
        self.reported.add(key)
        return True

    def source(self, line: int) -> Source:
        return Source(self.path, line)

    def language(self, attributes: dict[str, Any], lang: str, line: int) -> str:
        """The language given by `{lang=..}`, else the one around. Other attributes say how something looks, or
        set another tool's options (a slide's background, a column's width): each format decides those here."""
        for name in attributes:
            if name.lower().startswith("on"):
                self.warning(line, f"'{{{name}=...}}' would run a script: it is left out of every format",
                             "html.unsafe")
        tag = attributes.get("lang") or attributes.get("xml:lang")
        if tag is None:
            return lang
        canonical = languages.normalise_tag(str(tag))
        if canonical is None or languages.lookup(canonical) is None:
            self.warning(line, f"unknown language '{tag}' in {{lang={tag}}}, so the text is read as the language "
                               f"around it: use a BCP 47 tag such as 'pl' or 'ur' (known: {languages.known_tags()})",
                         "language.unknown")
            return lang
        return canonical

