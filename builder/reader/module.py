"""One module file read into the model: its text checked, its front matter, its Markdown in any dialect the
registry knows, its title and headings settled, its notes numbered. Every problem is reported with its line."""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from builder import boxes
from builder.boxes import TRAINER_ONLY
from builder.content_files import RefusedFile, read_content_file
from builder.reader.front_matter import read_front_matter
from builder.model import (Block, Container, DefinitionList, Figure, Group, Heading, Link, ListBlock, ListItem, Module,
                           Note, NoteRef, Paragraph, Quote, plain_text)
from builder.problems import Problems
from builder.reader.base import ModuleFile
from builder.reader.syntax import node_line
from builder.reader.blocks import BlockReader
from builder.reader.headings import even_levels, settle_title
from builder.reader.parser import make_parser
from builder.reader.targets import CourseIndex
from builder.text import hidden_character
from builder.timing import minutes
from builder.walk import block_lists, block_nodes, descendants, with_hider

MAX_MODULE_BYTES = 2_000_000  # about 300,000 words: a whole course, not one session
MAX_BRACKETS = 10_000


class ModuleReader(BlockReader):
    """Reads one module: the block and inline readers, with the dialects' rules."""

    def read(self, tree: SyntaxTreeNode, env: dict, front, lang: str) -> Module:
        children = [child for child in tree.children if child.type != "footnote_block"]
        note_blocks = [child for child in tree.children if child.type == "footnote_block"]
        blocks = self.blocks(children, lang)
        for_trainers = {*TRAINER_ONLY, *(() if front.values.get("answers") == "participants" else ("answer",))}
        self._participants_anchors_first(blocks, for_trainers)
        found = [node for node in block_nodes(blocks) if isinstance(node, Heading)]
        title, title_line, lang, title_level = settle_title(self, blocks, found, front, lang)
        even_levels(self, found, title_level)
        for placeholder in self.contents_lists:
            placeholder.items = [ListItem([Paragraph([Link(f"#{heading.anchor}", list(heading.children), heading.source,
                                                          heading.lang, self.slug, heading.anchor.removeprefix(
                                                              f"{self.slug}-"))], heading.source, heading.lang)],
                                          heading.source, heading.lang)
                                 for heading in blocks if isinstance(heading, Heading) and heading.level == 2]
        blocks = [*self._front_boxes(front, ("objectives", "questions"), lang), *blocks,
                  *self._front_boxes(front, ("keypoints",), lang)]
        if front.values.get("answers") != "participants":
            self._warn_lone_answers(blocks)
        if self.easy:
            blocks = _groups(blocks)
        notes = self._notes(note_blocks, lang, env, front.body_line)
        duration = front.values.get("duration")
        if duration and minutes(duration) is None:
            self.warning(front.lines.get("duration", 1), f"front matter 'duration: {duration}' is not a time, so it is "
                         "shown as written and left out of the session plan's totals: write it as e.g. "
                         "'duration: 90 minutes' or '1 hour 30 minutes'", "plan.duration")
        self._defined_in_boxes(blocks, notes, env, for_trainers)
        return Module(number=self.file.number, slug=self.slug, title=title, blocks=blocks,
                      source=self.source(title_line), lang=lang, summary=front.values.get("summary"),
                      duration=front.values.get("duration"), duration_minutes=minutes(front.values.get("duration", "")),
                      notes=notes, materials=front.materials,
                      answers_for_participants=front.values.get("answers") == "participants", easy_read=self.easy,
                      labels=dict(self.labels))

    def _participants_anchors_first(self, blocks: list[Block], for_trainers: set[str]) -> None:
        """Headings participants get take their anchors before those inside trainer boxes: a participant's
        `#steps-2` would otherwise tell that a hidden heading with the same words comes first."""
        # (hidden, heading): a box titled by its heading has that heading's anchor
        headings = [(hider is not None, block) for block, hider in with_hider(
                        blocks, lambda block: isinstance(block, Container) and block.kind in for_trainers)
                    if isinstance(block, (Heading, Container)) and id(block) in self.anchor_bases]
        if not any(hidden for hidden, _ in headings):
            return
        self.anchors -= {heading.anchor for _, heading in headings}
        self.anchor_counts.clear()
        renamed = {}
        for _, heading in sorted(headings, key=lambda pair: pair[0]):  # stable: document order within each
            anchor = self.unique_anchor(self.anchor_bases[id(heading)])
            if anchor != heading.anchor:
                renamed[heading.anchor] = anchor
        if not renamed:
            return
        for _, heading in headings:
            heading.anchor = renamed.get(heading.anchor, heading.anchor)
        prefix = f"{self.slug}-"
        self.labels = {label: renamed.get(prefix + fragment, prefix + fragment).removeprefix(prefix) if fragment
                       else fragment for label, fragment in self.labels.items()}

    def _box_at(self, line: int) -> str | None:
        """The kind of the innermost box whose lines hold `line` (None outside every box)."""
        holding = [(last - first, kind) for kind, first, last in self.box_lines if first <= line <= last]
        return min(holding)[1] if holding else None

    def _defined_in_boxes(self, blocks: list[Block], notes: list[Note], env: dict, for_trainers: set[str]) -> None:
        """Notes and link addresses written inside a box go with it: an edition that leaves the box out (a
        trainer note, for participants) leaves them out too. Text outside the box that uses them is told."""
        if not self.box_lines:
            return
        for note in notes:
            note.defined_in = self._box_at(note.source.line)
        hidden = {note.anchor: note for note in notes if note.defined_in in for_trainers}
        addresses = {}
        for label, found in env.get("references", {}).items():
            kind = self._box_at(found["map"][0] + 1) if found.get("map") else None
            if kind in for_trainers:
                addresses[found["href"]] = (found["map"][0] + 1, kind)
        if not hidden and not addresses:
            return
        for item in descendants(blocks):
            if not isinstance(item, (NoteRef, Link)) or self._box_at(item.source.line) in for_trainers:
                continue  # inside the box itself, it goes with the box
            line = item.source.line
            if isinstance(item, NoteRef) and item.anchor in hidden:
                self.warning(line, f"this refers to a note written inside a '{hidden[item.anchor].defined_in}' box, "
                             "which participants do not get, so its mark is left out of their text: write the note "
                             "outside the box if they need it", "note.trainer-only")
            elif isinstance(item, Link) and item.href in addresses and item.href not in self.lines[line - 1]:
                where, kind = addresses[item.href]
                item.defined_in = kind
                self.warning(line, f"this link's address is defined inside a '{kind}' box (line {where}), which "
                             "participants do not get, so they see only its words: define it outside the box",
                             "link.trainer-only")

    def _warn_lone_answers(self, blocks: list[Block]) -> None:
        """Answer boxes after no question are kept for the trainer, as every answer is: said once a module."""
        text = "\n".join(self.lines).lower()
        if "answer" not in text and "solution" not in text:  # every name of an answer box has one of these words
            return
        lone = _lone_answers(blocks, None)
        if lone:
            what = "this answer box follows" if len(lone) == 1 else f"{len(lone)} answer boxes (the first here) follow"
            self.warning(lone[0].source.line, f"{what} no exercise or question, and answers are kept for the trainer "
                         "edition: if participants need them (setup steps, say), add 'answers: participants' to the "
                         "front matter; if they answer a question, put it in an exercise box just before",
                         "box.lone-answer")

    def _front_boxes(self, front, kinds: tuple[str, ...], lang: str) -> list[Block]:
        """Front matter lists participants see (a lesson's objectives, questions, key points) as boxes."""
        found: list[Block] = []
        for kind in kinds:
            items = front.boxes.get(kind)
            if not items:
                continue
            line = front.lines.get(kind, front.lines.get("key_points", 1))
            source = self.source(line)
            entries = [ListItem([Paragraph(self.inlines(list(SyntaxTreeNode(self.parser.parseInline(item)).children[0]
                                                              .children), line, lang), source, lang)], source, lang)
                       for item in items]
            found.append(Container(kind, kind, [], [ListBlock(False, entries, source, lang)], source, lang))
        return found

    def _notes(self, note_blocks: list[SyntaxTreeNode], lang: str, env: dict, fallback: int) -> list[Note]:
        notes = []
        for block in note_blocks:
            for note in block.children:
                number = int(note.meta["id"]) + 1
                line = next((node_line(child, 0) for child in note.children if child.map), fallback)
                self.line = line
                notes.append(Note(number, self.note_anchor(number), self.blocks(list(note.children), lang),
                                  self.source(line), lang))
        for label, used in env.get("footnotes", {}).get("refs", {}).items():
            if used < 0:
                name = label.lstrip(":")
                where = next((n for n, text in enumerate(self.lines, 1)
                              if re.match(rf"\s*\[\^{re.escape(name)}\]:", text)), fallback)
                self.warning(where, f"the note '[^{name}]' is never referred to, so it is left out: refer to it "
                                    f"with [^{name}] where it belongs, or delete it", "note.unused")
        return notes


def read_module(file: ModuleFile, index: CourseIndex, course_lang: str, problems: Problems,
                parser: MarkdownIt | None = None, web_pictures: list[str] | None = None) -> Module | None:
    """Read one module file (or its Easy Read companion); every problem is recorded, and None returned only
    if the file cannot be read at all. Web addresses of pictures not kept in the course go to `web_pictures`."""
    path = file.path
    try:
        raw = read_content_file(index.content_dir, path, MAX_MODULE_BYTES)
    except RefusedFile as refused:
        problems.error(path, 0, f"this module {refused}", "file.refused")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.error(path, line, "this file is not UTF-8 text: open it in your editor and save it as UTF-8",
                       "file.encoding")
        return None
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if hidden_character(text, "\t\n\r"):  # NUL, ESC, form feed: invisible in an editor, harmful in every format
        lines = [_without_hidden(path, number, line, problems) for number, line in enumerate(lines, 1)]
    front = read_front_matter(path, lines, problems)
    # The front matter's lines are blanked, not removed, so that token lines are the file's own lines.
    body = "\n".join([""] * (front.body_line - 1) + lines[front.body_line - 1:])
    if body.count("[") > MAX_BRACKETS:  # markdown-it-py retries a link at every '[': thousands take minutes
        seen, line = 0, 1
        for line, text in enumerate(lines, 1):
            seen += text.count("[")
            if seen > MAX_BRACKETS:
                break
        problems.error(path, line, f"this module has more than {MAX_BRACKETS:,} '[' brackets (a course module has "
                                   "a few hundred at most): look for a run of them around this line",
                       "markdown.brackets")
        return None
    parser = parser or make_parser()
    env: dict[str, Any] = {}
    tree = SyntaxTreeNode(parser.parse(body, env))
    reader = ModuleReader(file, index, course_lang, problems, parser, lines)
    if web_pictures is not None:
        reader.web_pictures = web_pictures
    return reader.read(tree, env, front, course_lang)


def _without_hidden(path, number: int, line: str, problems: Problems) -> str:
    """The line without its control characters, each reported: they are invisible in an editor and harmful in
    every format (ESC moves a terminal's cursor; Word refuses a file that holds one)."""
    hidden = hidden_character(line)
    if hidden is None:
        return line
    problems.warning(path, number, f"this line holds an invisible control character (U+{ord(hidden):04X}), often "
                                   "brought along by copying from another program: it is left out; delete it",
                     "text.control-character")
    while hidden is not None:
        line = line.replace(hidden, "")
        hidden = hidden_character(line)
    return line


ASKING = {"exercise", "activity", "questions", "discussion"}  # boxes an answer box answers


def _lone_answers(blocks: list[Block], around: str | None) -> list[Container]:
    """Answer boxes that answer nothing: no exercise or question box holds them, and none comes before them in
    their section, nor a paragraph that asks something ("What has happened?", "**Exercise:** Build it"). The
    Carpentries' setup steps for each system are `solution` boxes, for one."""
    found: list[Container] = []
    asked = around in ASKING
    said: list[Paragraph] = []  # the section's paragraphs, read only where an answer needs them
    for block in blocks:
        if isinstance(block, Heading):
            asked, said = around in ASKING, []
        elif isinstance(block, Paragraph):
            said.append(block)
        if not isinstance(block, (Container, Quote, ListItem, ListBlock, DefinitionList, Group)):
            continue  # holds no boxes
        if isinstance(block, Container) and block.kind == "answer":
            asked = asked or any(_asks(plain_text(paragraph.children)) for paragraph in said)
            said = []
            if not asked:
                found.append(block)
        asked = asked or (isinstance(block, Container) and block.kind in ASKING)
        inner = block.kind if isinstance(block, Container) else around
        for children in block_lists(block):
            found.extend(_lone_answers(children, inner))
    return found


def _asks(text: str) -> bool:
    """A paragraph that asks something: a question, or words that start with an exercise's name."""
    first = text.strip().split(maxsplit=1)[0].strip(":*.").lower() if text.strip() else ""
    return text.rstrip().endswith("?") or boxes.kind_of(first) in ASKING


def _groups(blocks: list[Block]) -> list[Block]:
    """Easy Read: each picture with the sentences straight after it (the same paragraph, or the next)."""
    grouped: list[Block] = []
    for block in blocks:
        previous = grouped[-1] if grouped else None
        if isinstance(block, Figure):
            grouped.append(Group(block, [], block.source, block.lang))
        elif isinstance(block, Paragraph) and isinstance(previous, Group) and not previous.blocks:
            previous.blocks.append(block)
        else:
            grouped.append(block)
    return grouped
