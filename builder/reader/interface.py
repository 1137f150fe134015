"""What a dialect (and the HTML mapping) may ask of the module reader: its place in the course, problem
reporting, and reading nested syntax back into the model. Dialects are written against this, not against
the reader's classes, so that the reader can ask the dialects for their rules without an import circle."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Protocol

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    from builder.model import Block, Container, Inline, ListBlock, Source
    from builder.reader.targets import CourseIndex


class Reader(Protocol):
    """The reader of one module, as builder.reader.module.ModuleReader provides it."""

    path: Path  # the module's file
    slug: str  # what the course calls it (`03-saying-no`)
    index: CourseIndex  # the course's files, for links and pictures
    content_dir: Path
    parser: MarkdownIt  # for Markdown held inside another construct (a directive's body)
    lines: list[str]  # the module's source lines
    line: int  # the source line of the inline text being read
    labels: dict[str, str]  # MyST `(name)=` targets: name -> heading anchor
    pending_labels: list[str]  # labels waiting for the heading under them
    figures_allowed: bool  # whether a picture read now may stand apart as a figure
    web_pictures: list[str]  # addresses of pictures on the web the course keeps no copy of

    # problems, each with its line; each is reported once
    def error(self, line: int, message: str, code: str) -> None: ...
    def warning(self, line: int, message: str, code: str) -> None: ...
    def warn_once(self, line: int, message: str, code: str) -> None: ...
    def source(self, line: int) -> Source: ...
    def language(self, attributes: dict[str, Any], lang: str, line: int) -> str: ...

    # reading nested syntax into model nodes
    def blocks(self, nodes: list[SyntaxTreeNode], lang: str) -> list[Block]: ...
    def nested(self, line: int, read: Callable[[], list[Block]]) -> list[Block]: ...
    def paragraphs(self, run: list[Any], lang: str) -> list[Block]: ...
    def make_heading(self, level: int, children: list[Inline], attributes: dict[str, str], line: int,
                     lang: str) -> list[Block]: ...
    def container(self, name: str, attributes: dict[str, str], title_text: str, blocks: list[Block], line: int,
                  lang: str, title: list[Inline] | None = None) -> Container: ...
    def contents(self, line: int, lang: str) -> ListBlock: ...
    def inlines(self, nodes: list[SyntaxTreeNode], line: int, lang: str) -> list[Inline]: ...
    def inline_children(self, nodes: list[SyntaxTreeNode], lang: str, figures: bool = False) -> list[Any]: ...
    def text(self, text: str, lang: str) -> list[Inline]: ...
    def picture(self, src: str, alt: str, title: str | None, attributes: dict[str, str], lang: str,
                shown: bool) -> list[Any]: ...
    def link(self, href: str, children: list[Inline], source: Source, lang: str) -> list[Inline]: ...
