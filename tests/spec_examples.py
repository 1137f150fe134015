"""The CommonMark specification's examples run through the reader: each is either read into the same
block structure and words as a browser shows the spec's HTML (heading levels evened out as the reader does),
or refused with a `file:line` problem. Used by
tests/test_commonmark_spec.py and bench/commonmark.py."""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import tinyhtml5

from builder.locale import locale_for
from builder.problems import Problems
from builder.reader import CourseIndex, ModuleFile, make_parser, read_module
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


class _Structure:
    """HTML as a browser reads it (tinyhtml5, a WHATWG parser), as a list of (container path, text) blocks:
    the block structure and its words, without the inline markup, attributes, empty paragraphs, or the
    tight/loose difference between `<li>text` and `<li><p>text`. Scripts and styles show nothing."""

    def __init__(self) -> None:
        self.path: list[str] = []
        self.blocks: list[tuple[str, str]] = []
        self.loose: list[str] = []

    def flush(self) -> None:
        """Text straight inside a container (a tight list item, a div) counts as a paragraph."""
        text = " ".join("".join(self.loose).split())
        if text:
            self.blocks.append(("/".join(self.path) + ":p", text))
        self.loose = []

    def element(self, element) -> None:
        tag = element.tag
        if tag in CONTAINERS:
            self.flush()
            self.path.append(tag)
            self.children(element)
            self.flush()
            self.path.pop()
        elif tag in TEXT_BLOCKS:
            self.flush()
            text = _inner_text(element, keep=tag == "pre")
            shown = text.rstrip("\n") if tag == "pre" else " ".join(text.split())
            if shown or tag != "p":
                self.blocks.append(("/".join(self.path) + ":" + tag, shown))
        elif tag == "hr":
            self.flush()
            self.blocks.append(("/".join(self.path) + ":hr", ""))
        elif tag in ("br", "img"):
            self.loose.append(" " if tag == "br" else element.get("alt") or "")
        elif tag not in HIDDEN:
            self.children(element)

    def children(self, element) -> None:
        if element.text:
            self.loose.append(element.text)
        for child in element:
            if isinstance(child.tag, str):
                self.element(child)
            if child.tail:
                self.loose.append(child.tail)


HIDDEN = {"script", "style", "template", "head", "title"}


def _inner_text(element, keep: bool) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in HIDDEN:
            if child.tag == "br":
                parts.append("\n" if keep else " ")
            elif child.tag == "img":
                parts.append(child.get("alt") or "")
            else:
                parts.append(_inner_text(child, keep))
        parts.append(child.tail or "")
    return "".join(parts)


def structure(markup: str) -> list[tuple[str, str]]:
    walker = _Structure()
    body = tinyhtml5.parse(f"<!DOCTYPE html><body>{markup}", namespace_html_elements=False).find("body")
    walker.children(body)
    walker.flush()
    return walker.blocks


def evened(blocks: list[tuple[str, str]], title_is_heading: bool) -> list[tuple[str, str]]:
    """Heading levels as the reader evens them out (README, "Writing a module"): sections count from the title
    (the first heading, or one level above the module's highest heading when the title is the front matter's),
    and no heading is more than one level below the heading before it."""
    levels = [int(where[-1]) for where, _ in blocks[1:] if re.search(r":h[1-6]$", where)]
    title = 1 if title_is_heading else min(levels, default=2) - 1
    found, previous = [blocks[0]], 1
    for where, text in blocks[1:]:
        container, _, kind = where.rpartition(":")
        if re.fullmatch(r"h[1-6]", kind):
            previous = min(max(int(kind[1]) - title + 1, 2), previous + 1)
            kind = f"h{previous}"
        found.append((f"{container}:{kind}", text))
    return found


def run_example(example: dict, folder: Path) -> Outcome:
    """Read one example as a module of a course in `folder`, and compare it with the spec's HTML."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    path = folder / "01-example.md"
    path.write_text(FRONT + example["markdown"], encoding="utf-8")
    problems = Problems()
    module = read_module(ModuleFile(path, 1, "01-example"), CourseIndex(folder, {"01-example.md": "01-example"}), "en",
                         problems, make_parser())
    expected = structure(example["html"])
    errors = [str(p) for p in problems.errors]
    if errors:
        return Outcome(example, "refused", expected, [], errors)
    renderer = HtmlRenderer(image_src=lambda figure: figure.src, locale=locale_for("en"))
    # A first `#` heading is the module's title; otherwise the title is the front matter's
    actual = structure(str(renderer.module_title(module, "en")) + str(renderer.blocks(module.blocks, "en")))
    # The title is the front matter's, unless the example starts with its only `#` heading (README: titles)
    title_is_heading = bool(expected) and expected[0][0] == ":h1" and [w for w, _ in expected].count(":h1") == 1
    if not title_is_heading:
        expected = [(":h1", "Example"), *expected]
    expected, actual = evened(expected, title_is_heading), evened(actual, True)
    return Outcome(example, "same" if actual == expected else "different", expected, actual,
                   [str(p) for p in problems.items])


def run_all(folder: Path) -> list[Outcome]:
    return [run_example(example, folder) for example in load_examples()]


def unescape(text: str) -> str:
    return html.unescape(text)
