"""The CommonMark specification's examples run through the reader: each is either read into the same
block structure and words as the spec's HTML, or refused with a `file:line` problem. Used by
tests/test_commonmark_spec.py and bench/commonmark.py."""

from __future__ import annotations

import html
import json
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from builder.dialect import make_parser
from builder.problems import Problems
from builder.reader import read_module
from builder.writers.html.render import HtmlRenderer

SPEC = Path(__file__).resolve().parent / "fixtures" / "commonmark" / "spec.json"
FRONT = "---\ntitle: Example\n---\n"  # the title comes from front matter, so every example is only body
CONTAINERS = {"ul", "ol", "li", "blockquote", "table", "thead", "tbody", "tr", "dl", "dd", "aside", "section"}
TEXT_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "th", "td", "dt", "figcaption"}


@dataclass
class Outcome:
    example: dict
    result: str  # "same", "refused" or "different"
    expected: list[tuple[str, str]]
    actual: list[tuple[str, str]]
    problems: list[str]


def load_examples() -> list[dict]:
    return json.loads(SPEC.read_text(encoding="utf-8"))["examples"]


class _Structure(HTMLParser):
    """HTML as a list of (container path, text) blocks: the block structure and its words, without the
    inline markup, attributes, or the tight/loose difference between `<li>text` and `<li><p>text`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.path: list[str] = []
        self.blocks: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.kind: str | None = None  # the text block being read

    def _flush(self) -> None:
        text = "".join(self.text)
        kind = self.kind or "p"
        shown = text.rstrip("\n") if kind == "pre" else " ".join(text.split())
        if shown or self.kind:
            self.blocks.append(("/".join(self.path) + ":" + kind, shown))
        self.text, self.kind = [], None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in CONTAINERS:
            self._flush_loose()
            self.path.append(tag)
        elif tag in TEXT_BLOCKS:
            self._flush_loose()
            self.kind = tag
        elif tag == "hr":
            self._flush_loose()
            self.blocks.append(("/".join(self.path) + ":hr", ""))
        elif tag == "br":
            self.text.append(" ")
        elif tag == "img":
            self.text.append(dict(attrs).get("alt") or "")

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in TEXT_BLOCKS and self.kind:
            self._flush()
        elif tag in CONTAINERS:
            self._flush_loose()
            if tag in self.path:
                del self.path[len(self.path) - 1 - self.path[::-1].index(tag):]

    def _flush_loose(self) -> None:
        """Text straight inside a list item (a tight list) counts as a paragraph."""
        if self.kind is None and "".join(self.text).strip():
            self._flush()
        elif self.kind is None:
            self.text = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def structure(markup: str) -> list[tuple[str, str]]:
    parser = _Structure()
    parser.feed(markup)
    parser.close()
    parser._flush_loose()
    return parser.blocks


def run_example(example: dict, folder: Path) -> Outcome:
    """Read one example as a module of a course in `folder`, and compare it with the spec's HTML."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    path = folder / "01-example.md"
    path.write_text(FRONT + example["markdown"], encoding="utf-8")
    problems = Problems()
    module = read_module(path, folder, "en", {"01-example"}, problems, make_parser())
    expected = structure(example["html"])
    errors = [str(p) for p in problems.errors]
    if errors:
        return Outcome(example, "refused", expected, [], errors)
    renderer = HtmlRenderer(image_src=lambda figure: figure.src, lang="en")
    # A first `#` heading is the module's title; otherwise the title is the front matter's
    actual = structure(str(renderer.module_title(module, "en")) + str(renderer.blocks(module.blocks, "en")))
    if not expected or expected[0][0] != ":h1":
        expected = [(":h1", "Example"), *expected]
    return Outcome(example, "same" if actual == expected else "different", expected, actual,
                   [str(p) for p in problems.items])


def run_all(folder: Path) -> list[Outcome]:
    return [run_example(example, folder) for example in load_examples()]


def unescape(text: str) -> str:
    return html.unescape(text)
