"""Markdown modules read into the document model, each node with its exact source line and language.

markdown-it-py parses the dialect in `builder.dialect`; this module walks its syntax tree and turns each
node into a model node, reporting every mistake a trainer can make as a `file:line` problem, so that no
construct reaches the writers unread and nothing is ever printed as raw markup.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from builder import boxes, languages
from builder.config import slugify
from builder.content_files import RefusedFile, read_content_file
from builder.dialect import box_heading, leading_attributes, make_parser, parse_attributes
from builder.front_matter import FrontMatter, read_front_matter
from builder.model import (Block, Cell, Code, CodeBlock, Container, Definition, DefinitionList, Emphasis, Figure,
                           Group, Heading, Inline, LineBreak, Link, ListBlock, ListItem, Module, Note, NoteRef,
                           Paragraph, Quote, Rule, Source, Strong, Table, Text, plain_text)
from builder.pictures import check_alt, resolve_picture
from builder.problems import Problems
from builder.text import hidden_character
from builder.timing import minutes

MODULE_NAME = re.compile(r"^(\d+)-([a-z0-9][a-z0-9-]*)\.md$")
EASY_NAME = re.compile(r"^(\d+)-([a-z0-9][a-z0-9-]*)\.easy\.md$")  # a module's Easy Read companion
MAX_NESTING = 10  # quotes, lists, boxes and definitions inside one another
MAX_MODULE_BYTES = 2_000_000  # about 300,000 words: a whole course, not one session
MAX_BRACKETS = 10_000
MAX_HEADING_LEVEL = 4  # `####`: every format has four levels (module title, sections, two below)
LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:", "sms:")
_PHONE_LINK = re.compile(r"^(?:tel|sms):\+?[0-9][0-9 ().-]*$", re.IGNORECASE)
_MODULE_LINK = re.compile(r"^(?:\./)?(\d+-[a-z0-9-]+)\.md(?:#([\w-]+))?$")
_TRAILING_ATTRIBUTES = re.compile(r"\s*(\{:?[^{}]*\})\s*$")
_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)
_BOX_IN_CELL = re.compile(r"\s*:{3,}")
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BARE_BOX_LINE = re.compile(r"^\s*:{3,}\s*$")
# Markup that CommonMark leaves as text when it cannot use it: each would reach participants as raw marks.
_LEFT_AS_TEXT = [
    (re.compile(r"\[\^([^\]\s]+)\]"), "note.undefined",
     "the note '[^{0}]' is referred to but never written: add a line '[^{0}]: the words of the note' at the end "
     "of the module"),
    (re.compile(r"\]\[([^\]]+)\]"), "link.undefined",
     "the link '[...][{0}]' names a link '{0}' that is not defined: add a line '[{0}]: https://...' at the end of "
     "the module, or write the address in the link: [words](https://...)"),
    (re.compile(r"(\{%.*?%\}|\{\{.*?\}\})"), "markdown.template",
     "'{0}' is a template tag of another tool (Jekyll, Liquid, Hugo): remove it, or copy in the text it stands "
     "for"),
    (re.compile(r"(\{:?\s*(?:[.#][\w-]+|[\w-]+\s*=)[^{}]*\})"), "markdown.attribute",
     "'{0}' is not understood here: '{{lang=xx}}' goes on the line under a paragraph, at the end of a heading, "
     "or straight after [some words]{{lang=xx}}"),
]
ONCE_A_LINE = {"markdown.html", "markdown.template", "markdown.attribute"}
_TEMPLATE_LINE = re.compile(r"^\s*\{%.*%\}\s*$")
# Attributes that only say how something looks: ignored, with a warning, wherever they are.
_PRESENTATION = {"class", "id", "width", "height", "align"}


def read_module(path: Path, content_dir: Path, course_lang: str, module_slugs: set[str], problems: Problems,
                parser: MarkdownIt | None = None) -> Module | None:
    """Read one `NN-slug.md` file (or its Easy Read companion, `NN-slug.easy.md`); every problem is
    recorded, and None returned if it cannot be used."""
    match = MODULE_NAME.match(path.name) or EASY_NAME.match(path.name)
    assert match, path
    try:
        raw = read_content_file(content_dir, path, MAX_MODULE_BYTES)
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
        for number, line in enumerate(lines, 1):
            hidden = hidden_character(line)
            if hidden:
                problems.error(path, number, f"this line holds an invisible control character (U+{ord(hidden):04X}), "
                                             "often brought along by copying from another program: delete it",
                               "text.control-character")
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
    reader = _ModuleReader(path, content_dir, course_lang, module_slugs, problems, parser, lines)
    reader.easy = bool(EASY_NAME.match(path.name))
    reader.slug = f"{match.group(1)}-{match.group(2)}"
    return reader.read(int(match.group(1)), reader.slug, front, tree, env)


class _ModuleReader:
    """Walks one module's syntax tree, building model nodes and recording problems."""

    def __init__(self, path: Path, content_dir: Path, course_lang: str, module_slugs: set[str],
                 problems: Problems, parser: MarkdownIt, lines: list[str]):
        self.path = path
        self.content_dir = content_dir
        self.course_lang = course_lang
        self.module_slugs = module_slugs
        self.problems = problems
        self.parser = parser
        self.lines = lines
        self.slug = path.stem
        self.anchors: set[str] = set()
        self.heading_level = 1
        self.depth = 0
        self.reported: set[tuple[int, str, str]] = set()
        self.easy = False  # an Easy Read companion: each line its own sentence, pictures grouped with text

    def error(self, line: int, message: str, code: str) -> None:
        key = (line, code, message if code not in ONCE_A_LINE else "")
        if key not in self.reported:  # `<span>x</span>` is one mistake, not two
            self.reported.add(key)
            self.problems.error(self.path, line, message, code)

    def warning(self, line: int, message: str, code: str) -> None:
        self.problems.warning(self.path, line, message, code)

    def source(self, line: int) -> Source:
        return Source(self.path, line)

    def read(self, number: int, slug: str, front: FrontMatter, tree: SyntaxTreeNode, env: dict) -> Module:
        self._template_lines(tree, front.body_line)
        children = [child for child in tree.children if child.type != "footnote_block"]
        note_blocks = [child for child in tree.children if child.type == "footnote_block"]
        lang = self.course_lang
        title: list[Inline] = []
        title_line = front.lines.get("title", front.body_line)
        if children and children[0].type == "heading" and children[0].tag == "h1":
            first = children.pop(0)
            title_line = _line(first, front.body_line)
            inline, attributes = self._heading_attributes(first)
            lang = self._language(attributes, lang, title_line)
            title = self._inlines(inline, title_line, lang)
            if "title" in front.values and plain_text(title).strip() != front.values["title"]:
                self.warning(title_line, f"the front matter says the title is '{front.values['title']}', but the "
                                         f"'#' heading says '{plain_text(title).strip()}': the module is called "
                                         "by the heading; make them the same, or delete one", "module.two-titles")
        elif "title" in front.values:
            title = [Text(front.values["title"], self.source(title_line), lang)]
        if not title:
            self.error(front.body_line, "this module has no title: start it with a '# Title' line, or add 'title:' "
                                        "front matter", "module.no-title")
            title = [Text(slug, self.source(title_line), lang)]
        blocks = self._blocks(children, lang)
        if self.easy:
            blocks = self._groups(blocks)
        notes = self._notes(note_blocks, lang, env, front.body_line)
        return Module(number=number, slug=slug, title=title, blocks=blocks, source=self.source(title_line),
                      lang=lang, summary=front.values.get("summary"), duration=front.values.get("duration"),
                      duration_minutes=minutes(front.values.get("duration", "")), notes=notes,
                      materials=front.materials,
                      answers_for_participants=front.values.get("answers") == "participants", easy_read=self.easy)

    def _groups(self, blocks: list[Block]) -> list[Block]:
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

    def _template_lines(self, tree: SyntaxTreeNode, first: int) -> None:
        """A line such as `{% include links.md %}` (Jekyll, Liquid) reads as an empty attribute list and
        would vanish without a word: report it, unless it is inside code, where it is shown as written."""
        code = {line for node in tree.walk() if node.type in ("fence", "code_block") and node.map
                for line in range(node.map[0] + 1, node.map[1] + 1)}
        for number, text in enumerate(self.lines[first - 1:], first):
            if number not in code and _TEMPLATE_LINE.match(text):
                self.error(number, _LEFT_AS_TEXT[2][2].format(text.strip()), "markdown.template")

    # ---- blocks ---------------------------------------------------------------------------------

    def _blocks(self, nodes: list[SyntaxTreeNode], lang: str) -> list[Block]:
        blocks: list[Block] = []
        for node in nodes:
            blocks.extend(self._block(node, lang))
        return blocks

    def _block(self, node: SyntaxTreeNode, lang: str) -> list[Block]:
        kind = node.type
        line = _line(node, 0)
        if kind == "heading":
            return [self._heading(node, lang)]
        if kind == "paragraph":
            return self._paragraph(node, lang)
        if kind == "fence" or kind == "code_block":
            if kind == "code_block":
                self.warning(line, "this text is indented by 4 spaces or more, so it is shown as preformatted "
                                   "text (like computer code): remove the indent if it is an ordinary paragraph",
                             "markdown.indented-code")
            block_lang = self._language(dict(node.attrs), lang, line)
            info = node.info.strip().split()[0] if node.info.strip() else ""
            return [CodeBlock(node.content.rstrip("\n"), info, self.source(line), block_lang)]
        if kind == "hr":
            return [Rule(self.source(line), lang)]
        if kind == "html_block":
            return self._html_block(node, line)
        nested = {"bullet_list": self._list, "ordered_list": self._list, "blockquote": self._quote,
                  "box": self._box, "dl": self._definitions, "table": self._table}
        if kind in nested:
            if self.depth >= MAX_NESTING:
                self.error(line, f"quotes, lists or boxes are nested more than {MAX_NESTING} deep here: nobody can "
                                 "follow that; take some levels out", "markdown.nesting")
                return []
            self.depth += 1
            try:
                return nested[kind](node, lang, line)
            finally:
                self.depth -= 1
        self.error(line, f"'{kind}' is not supported here: use Markdown (see README, 'Writing a module')",
                   "markdown.unsupported")
        return []

    def _heading(self, node: SyntaxTreeNode, lang: str) -> Heading:
        line = _line(node, 0)
        level = int(node.tag[1])
        if level == 1:
            self.error(line, "a module has one '#' title, at the top: use '##' for its sections",
                       "heading.extra-title")
        elif level > MAX_HEADING_LEVEL:
            self.error(line, f"'{'#' * level}' is too deep: use '##' for sections, '###' and '####' inside them",
                       "heading.too-deep")
        elif level > self.heading_level + 1:
            self.error(line, f"heading level skipped: '{'#' * level}' follows '{'#' * self.heading_level}'; use "
                             f"'{'#' * (self.heading_level + 1)}' here", "heading.skipped-level")
        self.heading_level = level
        inline, attributes = self._heading_attributes(node)
        heading_lang = self._language(attributes, lang, line, extra=("id", "duration"))
        children = self._inlines(inline, line, heading_lang)
        section_minutes = None
        if "duration" in attributes:
            if level != 2:
                self.error(line, "only a '##' section may have a {duration=...}: put the time on its '##' heading, "
                                 "or on an '::: activity {duration=...}' box", "plan.duration")
            else:
                section_minutes = self._minutes(attributes["duration"], line)
        base = f"{self.slug}-{slugify(attributes.get('id') or plain_text(children))}"
        anchor, count = base, 1
        while anchor in self.anchors:
            count += 1
            anchor = f"{base}-{count}"
        self.anchors.add(anchor)
        return Heading(min(max(level, 2), MAX_HEADING_LEVEL), children, anchor, self.source(line), heading_lang,
                       section_minutes)

    def _heading_attributes(self, node: SyntaxTreeNode) -> tuple[list[SyntaxTreeNode], dict[str, str]]:
        """A heading's inline nodes, and its `{lang=pl}` (written at the end of the heading, as in Pandoc)."""
        inline = list(node.children[0].children) if node.children else []
        attributes = dict(node.attrs)
        if inline and inline[-1].type == "text":
            found = _TRAILING_ATTRIBUTES.search(inline[-1].content)
            parsed = parse_attributes(found.group(1).replace("{:", "{", 1)) if found else None
            if parsed is not None:
                inline[-1].token.content = inline[-1].content[:found.start()]  # type: ignore[union-attr]
                attributes.update(parsed)
        return inline, attributes

    def _paragraph(self, node: SyntaxTreeNode, lang: str) -> list[Block]:
        """A paragraph; pictures in it become figures of their own, between the text around them."""
        line = _line(node, 0)
        inline = list(node.children[0].children) if node.children else []
        attributes = dict(node.attrs)
        # `{lang=pl}` on the line under the paragraph (the attribute list syntax this builder always read)
        if inline and inline[-1].type == "text" and (len(inline) == 1 or inline[-2].type == "softbreak"):
            parsed = parse_attributes(inline[-1].content.replace("{:", "{", 1))
            if parsed is not None:
                if len(inline) == 1:
                    self.error(line, f"'{inline[-1].content}' stands alone: put it on the line straight under "
                                     "the paragraph it is about", "markdown.attribute")
                    return []
                attributes.update(parsed)
                inline = inline[:-2]
        block_lang = self._language(attributes, lang, line)
        blocks: list[Block] = []
        pending: list[SyntaxTreeNode] = []
        position = [line]
        pending_line = line
        for index, child in enumerate(inline):
            if child.type == "image":
                if self.easy and index and inline[index - 1].type not in ("softbreak", "hardbreak"):
                    self.error(position[0], "a picture inside a sentence: in Easy Read each picture goes on a line "
                                            "of its own, before the sentences it goes with", "easy.picture-in-text")
                if pending:
                    blocks.extend(self._text_block(pending, pending_line, block_lang))
                following = inline[index + 1] if index + 1 < len(inline) else None
                found = leading_attributes(following.content) if following and following.type == "text" else None
                if found:  # `{alt='...'}` in single quotes, which markdown-it-py's plugin leaves as text
                    child.attrs.update(found[0])  # type: ignore[union-attr]
                    following.token.content = following.content[found[1]:]  # type: ignore[union-attr]
                blocks.append(self._figure(child, position[0], block_lang))
                pending, pending_line = [], position[0]
            else:
                if not pending and child.type == "softbreak":
                    pending_line = position[0] + 1
                if pending or child.type != "softbreak" or not self.easy:
                    pending.append(child)
            if child.type in ("softbreak", "hardbreak"):
                position[0] += 1
        if pending:
            blocks.extend(self._text_block(pending, pending_line, block_lang))
        return blocks

    def _text_block(self, inline: list[SyntaxTreeNode], line: int, lang: str) -> list[Block]:
        lines = self._line_texts(inline, line)
        for number, text in lines:
            if _BARE_BOX_LINE.match(text):
                self.error(number, "':::' ends a box, but no box is open here: delete this line, or add the "
                                   "'::: name' line where the box starts", "box.stray-end")
                return []
        children = self._inlines(inline, line, lang)
        if not plain_text(children).strip() and not any(isinstance(c, (Link, NoteRef, Code)) for c in children):
            return []
        return [Paragraph(children, self.source(line), lang)]

    def _line_texts(self, inline: list[SyntaxTreeNode], line: int) -> list[tuple[int, str]]:
        """The plain text of each source line of a paragraph, for spotting lines that are markup."""
        found: list[tuple[int, str]] = [(line, "")]
        for child in inline:
            if child.type in ("softbreak", "hardbreak"):
                found.append((found[-1][0] + 1, ""))
            elif child.type == "text":
                found[-1] = (found[-1][0], found[-1][1] + child.content)
            else:
                found[-1] = (found[-1][0], found[-1][1] + "x")
        return found

    def _list(self, node: SyntaxTreeNode, lang: str, line: int) -> list[Block]:
        list_lang = self._language(dict(node.attrs), lang, line, extra=("start",))
        items = []
        for item in node.children:
            item_line = _line(item, line)
            item_lang = self._language(dict(item.attrs), list_lang, item_line)
            items.append(ListItem(self._blocks(item.children, item_lang), self.source(item_line), item_lang))
        ordered = node.type == "ordered_list"
        start = int(node.attrs.get("start", 1)) if ordered else 1
        return [ListBlock(ordered, items, self.source(line), list_lang, start)]

    def _quote(self, node: SyntaxTreeNode, lang: str, line: int) -> list[Block]:
        quote_lang = self._language(dict(node.attrs), lang, line)
        return [Quote(self._blocks(node.children, quote_lang), self.source(line), quote_lang)]

    def _box(self, node: SyntaxTreeNode, lang: str, line: int) -> list[Block]:
        opening = node.info
        heading = box_heading(opening)
        if not node.meta.get("closed"):
            self.error(line, f"this '{node.markup} {opening}' box is never closed: add a line '{node.markup}' where "
                             "it ends", "box.unclosed")
        if heading is None:
            self.error(line, f"the braces in '{node.markup} {opening}' cannot be read: write it like "
                             "'::: exercise' or '::: {lang=pl}'", "markdown.attribute")
            return self._blocks(node.children, lang)
        name, attributes, title_text = heading
        title_text = title_text or attributes.get("title", "")
        inner_lang = self._language({k: v for k, v in attributes.items() if k == "lang"}, lang, line)
        blocks = self._blocks(node.children, inner_lang)
        if not name:  # `::: {lang=pl}`: a passage in another language, not a box
            return blocks
        title: list[Inline] = []
        if title_text:
            parsed = self.parser.parseInline(title_text)
            title = self._inlines(list(SyntaxTreeNode(parsed).children[0].children), line, inner_lang)
        anchor = None
        if not title and blocks and isinstance(blocks[0], Heading):
            first = blocks.pop(0)  # Carpentries and MyST boxes start with their title as a heading
            title, anchor = first.children, first.anchor
        kind = boxes.kind_of(name)
        if kind == boxes.GENERIC and not title:
            title = [Text(boxes.shown_name(name), self.source(line), inner_lang)]
        extra = {k: v for k, v in attributes.items() if k not in ("lang", "class", "id", "title", "duration")}
        box_minutes = self._minutes(attributes["duration"], line) if "duration" in attributes else None
        return [Container(kind, name, title, blocks, self.source(line), inner_lang, anchor, extra, box_minutes)]

    def _minutes(self, value: str, line: int) -> int | None:
        """A `{duration=...}` as whole minutes; anything else is reported."""
        found = minutes(value)
        if found is None:
            self.error(line, f"'{{duration={value}}}' is not a time: write the minutes as a number, e.g. "
                             "{duration=15}", "plan.duration")
        return found

    def _definitions(self, node: SyntaxTreeNode, lang: str, line: int) -> list[Block]:
        items: list[Definition] = []
        for child in node.children:
            child_line = _line(child, line)
            if child.type == "dt":
                inline = list(child.children[0].children) if child.children else []
                items.append(Definition(self._inlines(inline, child_line, lang), [], self.source(child_line), lang))
            elif child.type == "dd" and items:
                items[-1].definitions.append(self._blocks(child.children, lang))
        return [DefinitionList(items, self.source(line), lang)]

    def _table(self, node: SyntaxTreeNode, lang: str, line: int) -> list[Block]:
        table_lang = self._language(dict(node.attrs), lang, line)
        header: list[Cell] = []
        rows: list[list[Cell]] = []
        for section in node.children:
            for row in section.children:
                cells = []
                for cell in row.children:
                    cell_line = _line(cell.children[0], line) if cell.children else _line(row, line)
                    inline = list(cell.children[0].children) if cell.children else []
                    if inline and inline[0].type == "text" and _BOX_IN_CELL.match(inline[0].content):
                        self.error(cell_line, "a ':::' box cannot go inside a table cell (it would be printed as "
                                              "it is, for everyone): put the box before or after the table",
                                   "box.in-table")
                    align = re.search(r"text-align:\s*(\w+)", str(cell.attrs.get("style", "")))
                    cells.append(Cell(self._inlines(inline, cell_line, table_lang), self.source(cell_line),
                                      table_lang, align.group(1) if align else None))
                if section.type == "thead":
                    header = cells
                else:
                    rows.append(cells)
        if not any(plain_text(cell.children).strip() for cell in header):
            self.error(line, "this table has no header row: write the column names in its first row",
                       "table.no-header")
        return [Table(header, rows, self.source(line), table_lang)]

    def _html_block(self, node: SyntaxTreeNode, line: int) -> list[Block]:
        if not _COMMENTS.sub("", node.content).strip():
            return []  # a comment: editors show nothing, and neither does any format
        self.error(line, _html_message(node.content), "markdown.html")
        return []

    def _figure(self, node: SyntaxTreeNode, line: int, lang: str) -> Figure:
        src = str(node.attrs.get("src", ""))
        attributes = {k: str(v) for k, v in node.attrs.items() if k not in ("src", "alt", "title")}
        figure_lang = self._language(attributes, lang, line)
        alt = str(node.attrs.get("alt") or "")  # `{alt='...'}`, as Pandoc and Carpentries write it
        alt = (alt or plain_text(self._inlines(list(node.children), line, figure_lang))).strip()

        def report(message: str, code: str) -> None:
            self.error(line, message, code)

        check_alt(src, alt, report)
        found = resolve_picture(src, self.path, self.content_dir, report)
        title = node.attrs.get("title")
        return Figure(found[0] if found else Path(src), src, alt, str(title) if title else None, self.source(line),
                      figure_lang, found[1] if found else None)

    def _notes(self, note_blocks: list[SyntaxTreeNode], lang: str, env: dict, fallback: int) -> list[Note]:
        notes = []
        for block in note_blocks:
            for note in block.children:
                number = int(note.meta["id"]) + 1
                line = next((_line(child, 0) for child in note.children if child.map), fallback)
                notes.append(Note(number, self._note_anchor(number), self._blocks(note.children, lang),
                                  self.source(line), lang))
        for label, used in env.get("footnotes", {}).get("refs", {}).items():
            if used < 0:
                name = label.lstrip(":")
                where = next((n for n, text in enumerate(self.lines, 1)
                              if re.match(rf"\s*\[\^{re.escape(name)}\]:", text)), fallback)
                self.warning(where, f"the note '[^{name}]' is never referred to, so it is left out: refer to it "
                                    f"with [^{name}] where it belongs, or delete it", "note.unused")
        return notes

    def _note_anchor(self, number: int) -> str:
        return f"{self.slug}-note-{number}"

    # ---- attributes and languages ---------------------------------------------------------------

    def _language(self, attributes: dict[str, Any], lang: str, line: int, extra: tuple[str, ...] = ()) -> str:
        """The language given by `{lang=..}`, else the one around; other attributes are refused or ignored."""
        for name in attributes:
            if name == "lang" or name in extra:
                continue
            if name in _PRESENTATION:
                self.warning(line, f"'{{{name}=...}}' says how something looks, which each format decides: it is "
                                   "ignored", "markdown.attribute-ignored")
            else:
                self.error(line, f"'{{{name}=...}}' is not supported: only {{lang=xx}} may follow text",
                           "markdown.attribute")
        tag = attributes.get("lang")
        if tag is None:
            return lang
        canonical = languages.normalise_tag(str(tag))
        if canonical is None or languages.lookup(canonical) is None:
            self.error(line, f"unknown language '{tag}' in {{lang={tag}}}: use a BCP 47 tag such as 'pl' or 'ur'",
                       "language.unknown")
            return lang
        return canonical

    # ---- inlines ------------------------------------------------------------------------------

    def _inlines(self, nodes: list[SyntaxTreeNode], line: int, lang: str) -> list[Inline]:
        position = [line]
        converted = self._inline_children(nodes, position, lang)
        self._left_as_text(converted)
        return _tidy(converted)

    def _inline_children(self, nodes: list[SyntaxTreeNode], position: list[int], lang: str) -> list[Inline]:
        converted: list[Inline] = []
        for index, node in enumerate(nodes):
            kind = node.type
            source = self.source(position[0])
            if kind == "text":
                text = node.content
                previous = converted[-1] if converted else None
                found = leading_attributes(text) if isinstance(previous, (Strong, Emphasis)) else None
                if found:  # `**Dzień dobry**{lang=pl}`: attributes straight after bold text apply to it
                    previous.lang = self._language(found[0], previous.lang, position[0])
                    _relabel(previous.children, previous.lang)
                    text = text[found[1]:]
                converted.append(Text(text, source, lang))
            elif kind == "softbreak":  # in Easy Read each sentence is on its own line, in print too
                converted.append(LineBreak(source, lang) if self.easy else Text(" ", source, lang))
                position[0] += 1
            elif kind == "hardbreak":
                converted.append(LineBreak(source, lang))
                position[0] += 1
            elif kind in ("strong", "em"):
                inner = self._inline_children(list(node.children), position, lang)
                converted.append(Strong(inner, source, lang) if kind == "strong" else Emphasis(inner, source, lang))
            elif kind == "code_inline":
                converted.append(Code(node.content, source, lang))
            elif kind == "link":
                inner = self._inline_children(list(node.children), position, lang)
                converted.append(self._link(str(node.attrs.get("href", "")), inner, source, lang))
            elif kind == "span":
                span_lang = self._language(dict(node.attrs), lang, position[0])
                converted.extend(self._inline_children(list(node.children), position, span_lang))
            elif kind == "footnote_ref":
                number = int(node.meta["id"]) + 1
                converted.append(NoteRef(number, self._note_anchor(number), source, lang))
            elif kind == "html_inline":
                converted.extend(self._html_inline(node.content, source, lang))
            elif kind == "image":
                self.error(position[0], "a picture inside a link or heading is not supported: put it in a "
                                        "paragraph of its own", "image.inline")
            else:
                self.error(position[0], f"'{kind}' is not supported here: use Markdown", "markdown.unsupported")
                converted.extend(self._inline_children(list(node.children), position, lang))
        return converted

    def _html_inline(self, html: str, source: Source, lang: str) -> list[Inline]:
        if _COMMENTS.fullmatch(html):
            return []
        if _LINE_BREAK_TAG.fullmatch(html):
            return [LineBreak(source, lang)]  # common in tables, where Markdown has no line break
        self.error(source.line, _html_message(html), "markdown.html")
        return []

    def _left_as_text(self, nodes: list[Inline]) -> None:
        """Report markup that CommonMark could not use and left in the text, which would be printed raw."""
        runs: dict[int, str] = {}
        for node in nodes:
            if isinstance(node, Text):
                runs[node.source.line] = runs.get(node.source.line, "") + node.text
            elif isinstance(node, (Strong, Emphasis, Link)):
                self._left_as_text(node.children)
        for line, text in runs.items():
            for pattern, code, message in _LEFT_AS_TEXT:
                found = pattern.search(text)
                if found:
                    self.error(line, message.format(found.group(1)), code)

    def _link(self, href: str, children: list[Inline], source: Source, lang: str) -> Link:
        link = Link(href, children, source, lang)
        if not plain_text(children).strip():
            self.error(source.line, f"link to '{href}' has no text: write the words to show between the square "
                                    "brackets", "link.empty")
        module_match = _MODULE_LINK.match(href)
        if href.startswith("#"):
            link.module, link.fragment = self.slug, href[1:]
        elif module_match:
            link.module, link.fragment = module_match.group(1), module_match.group(2)
            if link.module not in self.module_slugs:
                self.error(source.line, f"link to '{href}', but there is no module file '{link.module}.md'",
                           "link.broken")
        elif re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href) and not href.lower().startswith(LINK_SCHEMES):
            self.error(source.line, f"link '{href}' is not allowed: links start with https://, http://, mailto:, "
                                    "tel: or sms:, or name another module like 03-saying-no.md", "link.scheme")
        elif href.lower().startswith(("tel:", "sms:")) and not _PHONE_LINK.match(unquote(href)):
            self.error(source.line, f"'{href}' is not a phone number: after {href[:4].lower()} write only the "
                                    "number's digits, e.g. [116 123](tel:116123)", "link.phone")
        elif not href.lower().startswith(LINK_SCHEMES):
            self.error(source.line, f"link '{href}' points at a file that is not a module of this course, which "
                                    "participants will not have: link to a module (03-saying-no.md) or a web "
                                    "address (https://...)", "link.scheme")
        return link


# What to write instead of an HTML element, by its tag.
_INSTEAD_OF_HTML = {
    "aside": "a box: '::: note' ... ':::'", "div": "a box: '::: note' ... ':::'", "blockquote": "lines starting '> '",
    "img": "![what the picture shows](images/name.png)", "a": "[words](https://...)", "strong": "**bold**",
    "b": "**bold**", "em": "**bold**", "i": "**bold**", "sup": "a note: [^1] and a line '[^1]: ...'",
    "ul": "lines starting '- '", "ol": "lines starting '1. '", "table": "a table of | cells |", "p": "a blank line",
    "h1": "'# '", "h2": "'## '", "h3": "'### '", "code": "`code`", "pre": "a ``` fence",
}


def _html_message(html: str) -> str:
    shown = html.strip().split("\n")[0][:40]
    tag = re.match(r"</?([A-Za-z][\w-]*)", html.strip())
    instead = _INSTEAD_OF_HTML.get(tag.group(1).lower(), "Markdown, e.g. **bold**") if tag else "Markdown"
    return f"HTML such as '{shown}' is not allowed in course text: write {instead} instead"


def _line(node: SyntaxTreeNode, fallback: int) -> int:
    """A node's first source line, 1-based (markdown-it counts from 0)."""
    try:
        mapped = node.map
    except AttributeError:
        mapped = None
    return mapped[0] + 1 if mapped else fallback


def _relabel(nodes: list[Inline], lang: str) -> None:
    for node in nodes:
        node.lang = lang
        if isinstance(node, (Strong, Emphasis, Link)):
            _relabel(node.children, lang)


def _tidy(nodes: list[Inline]) -> list[Inline]:
    """Join neighbouring text on the same line, and trim white space at the ends and around line breaks.

    Text on different source lines stays in separate nodes, so a warning about a word names its line."""
    merged: list[Inline] = []
    for node in nodes:
        previous = merged[-1] if merged else None
        if (isinstance(node, Text) and isinstance(previous, Text) and previous.lang == node.lang
                and (previous.source.line == node.source.line or not node.text.strip()
                     or not previous.text.strip())):
            source = previous.source if previous.text.strip() else node.source
            merged[-1] = Text(previous.text + node.text, source, previous.lang)
        else:
            merged.append(node)
    for node in merged:
        if isinstance(node, Text):
            node.text = re.sub(r"[ \t\n]+", " ", node.text)
    if merged and isinstance(merged[0], Text):
        merged[0].text = merged[0].text.lstrip()
    if merged and isinstance(merged[-1], Text):
        merged[-1].text = merged[-1].text.rstrip()
    for index, node in enumerate(merged):
        if isinstance(node, LineBreak):
            if index > 0 and isinstance(merged[index - 1], Text):
                merged[index - 1].text = merged[index - 1].text.rstrip()
            if index + 1 < len(merged) and isinstance(merged[index + 1], Text):
                merged[index + 1].text = merged[index + 1].text.lstrip()
    return [node for node in merged if not (isinstance(node, Text) and not node.text)]
