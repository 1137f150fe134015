"""The translatable units of a course (metadata, titles, headings, paragraphs, list items, table cells,
alt text) found by one walk, which both lists them for the PO file and applies translations to a copy."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from builder import svg
from builder.editions import for_trainers_only, trainers_kind
from builder.model import (Block, CodeBlock, Container, Course, DefinitionList, Figure, Group, Heading, Inline,
                           ListBlock, Module, Paragraph, Quote, Source, Table, Text)
from builder.problems import display_path
from builder.text import LINE_BREAKS, one_line
from builder.translation.inline import from_tagged, to_tagged
from builder.walk import descendants

COURSE_CONTEXT = "course"


@dataclass(frozen=True)
class Segment:
    """One unit to translate: its context (module or "course"), its text with tags, and where it is."""

    context: str
    text: str
    path: str
    line: int
    trainer: bool = False  # shown only in the trainer edition (marked `#. trainer` for translators)


# Given a segment, return its translation (tagged text), or None to keep the source text.
Lookup = Callable[[Segment], str | None]


def course_segments(course: Course) -> list[Segment]:
    """Every translatable unit, in reading order (duplicates included; the catalogue merges them)."""
    found: list[Segment] = []

    def record(segment: Segment) -> None:
        found.append(segment)
        return None

    _Walker(course, record, course.lang).walk(_copy(course))
    return found


def translated_course(course: Course, lang: str, lookup: Lookup) -> Course:
    """A copy of the course in `lang`: each unit that `lookup` translates is replaced and marked as `lang`;
    the others keep their source text and language, so every format still says which language it is."""
    result = _copy(course)
    _Walker(course, lookup, lang).walk(result)
    result.lang = lang
    return result


def _copy(course: Course) -> Course:
    """A copy of the whole course to change: through pickle, a third of copy.deepcopy's time (every
    translated version of a build begins as one)."""
    return pickle.loads(pickle.dumps(course, pickle.HIGHEST_PROTOCOL))


class _Walker:
    def __init__(self, course: Course, lookup: Lookup, target: str):
        self.source_lang = course.lang
        self.lookup = lookup
        self.target = target
        self.root = course.content_dir.resolve().parent
        self._places: dict[Path, str] = {}  # each file's path as `_where` gives it, worked out once
        self.config_path = self._where(course.config.path)
        self.trainer = False  # inside something only trainers see
        self.module: Module | None = None

    def _where(self, path: Path) -> str:
        """A path that does not depend on the working folder: content/01-welcome.md."""
        if path not in self._places:
            try:
                self._places[path] = path.resolve().relative_to(self.root).as_posix()
            except ValueError:
                self._places[path] = display_path(path)
        return self._places[path]

    def walk(self, course: Course) -> None:
        config = course.config
        changes = {}
        for field_name in ("title", "subtitle", "organisation"):
            value = getattr(config, field_name)
            if value:
                translated = self._plain(COURSE_CONTEXT, value, self.config_path, 0)
                if translated is not None:
                    changes[field_name] = translated
        course.config = dataclasses.replace(config, **changes)
        for module in course.modules:
            context = module.slug
            path = self._where(module.source.path)
            module.title = _one_line(self._inlines(context, module.title, module.source, module.lang))
            if module.summary:
                module.summary = self._plain(context, module.summary, path, 1) or module.summary
            if module.duration:
                module.duration = self._plain(context, module.duration, path, 1) or module.duration
            self.trainer = True
            module.materials = [self._plain(context, item, path, 1) or item for item in module.materials]
            self.trainer = False
            if module.lang == self.source_lang:
                module.lang = self.target
            self.module = module
            self._blocks(context, module.blocks)
            for note in module.notes:
                self.trainer = trainers_kind(note.defined_in, module)  # a note written in a trainer's box
                self._blocks(context, note.blocks)
                self.trainer = False
                if note.lang == self.source_lang:
                    note.lang = self.target

    def _blocks(self, context: str, blocks: list[Block]) -> None:
        for block in blocks:
            in_source = block.lang == self.source_lang
            if isinstance(block, (Heading, Paragraph)):
                translated = self._inlines(context, block.children, block.source, block.lang)
                if translated is not block.children:
                    block.children = translated
                    block.lang = self.target
            elif isinstance(block, ListBlock):
                for item in block.items:
                    self._blocks(context, item.blocks)
                    if item.lang == self.source_lang:
                        item.lang = self.target
            elif isinstance(block, Quote):
                self._blocks(context, block.blocks)
            elif isinstance(block, Group):  # Easy Read: the picture's description, then its sentences
                self._blocks(context, [block.figure, *block.blocks])
                if in_source:
                    block.lang = self.target
            elif isinstance(block, Container):
                outer = self.trainer
                self.trainer = outer or for_trainers_only(block, self.module)
                block.title = self._inlines(context, block.title, block.source, block.lang)
                self._blocks(context, block.blocks)
                self.trainer = outer
            elif isinstance(block, DefinitionList):
                for item in block.items:
                    item.term = self._inlines(context, item.term, item.source, item.lang)
                    for definition in item.definitions:
                        self._blocks(context, definition)
                    if item.lang == self.source_lang:
                        item.lang = self.target
            elif isinstance(block, CodeBlock):
                continue  # preformatted text (code, an example to type) is kept as written, in its language
            elif isinstance(block, Table):
                for cell in [*block.header, *(c for row in block.rows for c in row)]:
                    translated = self._inlines(context, cell.children, cell.source, cell.lang)
                    if translated is not cell.children:
                        cell.children = translated
                        cell.lang = self.target
            elif isinstance(block, Figure):
                path = self._where(block.source.path)
                if block.lang == self.source_lang:
                    block.alt = self._plain(context, block.alt, path, block.source.line) or block.alt
                    if block.title:
                        block.title = self._plain(context, block.title, path, block.source.line) or block.title
                    if block.svg is not None:  # the words in the picture, each referred to by its file and line
                        picture = self._where(block.path)
                        block.svg = svg.with_texts(block.svg, lambda found: self._plain(
                            context, found.text, picture, found.line), self.target)
            if in_source and not isinstance(block, (Heading, Paragraph)):
                block.lang = self.target

    def _inlines(self, context: str, nodes: list[Inline], source: Source, lang: str) -> list[Inline]:
        """The translated nodes, or the very same list when there is no translation."""
        if lang != self.source_lang or not nodes:
            return nodes
        tagged = to_tagged(nodes)
        translation = self.lookup(Segment(context, tagged, self._where(source.path), source.line, self.trainer))
        if translation is None:
            return nodes
        return from_tagged(translation, nodes, source, self.target)

    def _plain(self, context: str, text: str, path: str, line: int) -> str | None:
        tagged = to_tagged([Text(text, Source(Path(path), line), self.source_lang)])
        translation = self.lookup(Segment(context, tagged, path, line, self.trainer))
        if translation is None:
            return None
        return "".join(node.text for node in from_tagged(translation, [], Source(Path(path), line), self.target)
                       if isinstance(node, Text))


def _one_line(inlines: list[Inline]) -> list[Inline]:
    """A translated title kept on one line, as its source was: a line break in a translation (a PO entry, a
    machine's answer) would otherwise become a line of its own in a playlist or an audio script."""
    for node in descendants(inlines):
        if isinstance(node, Text) and LINE_BREAKS.search(node.text):
            node.text = one_line(node.text)
    return inlines
