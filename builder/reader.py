"""Markdown modules read into the document model, with front matter, source lines and languages.

Python-Markdown parses; this module turns its element tree into `builder.model` nodes and reports
every mistake a trainer can make as a `file:line` problem instead of passing it on to the writers.
"""

from __future__ import annotations

import contextlib
import difflib
import html
import re
import signal
import threading
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Iterator

import markdown
import yaml
from markdown.treeprocessors import Treeprocessor

from builder import languages
from builder.config import slugify
from builder.model import (Block, Cell, Code, Emphasis, Figure, Heading, Inline, LineBreak, Link, ListBlock, ListItem,
                           Module, Paragraph, Quote, Rule, Source, Strong, Table, Text, plain_text)
from builder.problems import Problems, display_path

MODULE_NAME = re.compile(r"^(\d+)-([a-z0-9][a-z0-9-]*)\.md$")
FRONT_MATTER_KEYS = {"title": "the module title", "summary": "one or two sentences about the module",
                     "duration": 'how long the session takes, e.g. "45 minutes"'}
FRONT_MATTER_MAX_BYTES = 16 * 1024
MAX_NESTING = 10
PARSE_SECONDS = 20
MAX_IMAGE_BYTES = 20_000_000
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
VAGUE_ALT = {"image", "picture", "photo", "diagram", "img", "graphic", "icon"}
LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:")
_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
_MODULE_LINK = re.compile(r"^(?:\./)?(\d+-[a-z0-9-]+)\.md(?:#([\w-]+))?$")


def image_dimensions(head: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR or a JPEG's frame header, without decoding the picture."""
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if head.startswith(b"\xff\xd8"):
        position = 2
        while position + 9 < len(head):
            if head[position] != 0xFF:
                return None
            marker = head[position + 1]
            length = int.from_bytes(head[position + 2:position + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return (int.from_bytes(head[position + 7:position + 9], "big"),
                        int.from_bytes(head[position + 5:position + 7], "big"))
            position += 2 + length
    return None


def image_type(data: bytes) -> str | None:
    """The MIME type of PNG or JPEG bytes, judged by their signature; None for anything else."""
    for magic, mime in IMAGE_TYPES.items():
        if data.startswith(magic):
            return mime
    return None


class _Capture(Treeprocessor):
    """Keeps the finished element tree, which Python-Markdown otherwise only serialises."""

    def run(self, root: ET.Element) -> None:
        self.md.captured_root = root  # type: ignore[attr-defined]


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["tables", "attr_list", "sane_lists"])
    md.treeprocessors.register(_Capture(md), "capture", -100)
    return md


def read_module(path: Path, content_dir: Path, course_lang: str, module_slugs: set[str],
                problems: Problems) -> Module | None:
    """Read one `NN-slug.md` file; problems are recorded, and None returned if it cannot be used."""
    match = MODULE_NAME.match(path.name)
    assert match, path
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.error(path, line, "this file is not UTF-8 text: open it in your editor and save it as UTF-8",
                       "file.encoding")
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    front, body, body_line = _split_front_matter(path, text, problems)
    if front is None:
        return None
    reader = _ModuleReader(path, content_dir, course_lang, module_slugs, problems, body, body_line)
    return reader.read(int(match.group(1)), path.stem, front)


def _split_front_matter(path: Path, text: str, problems: Problems) -> tuple[dict[str, Any] | None, str, int]:
    """Separate YAML front matter (between `---` lines) from the Markdown body."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, 1
    for end, line in enumerate(lines[1:], 1):
        if line.strip() in ("---", "..."):
            break
    else:
        problems.error(path, 1, "front matter starts with '---' but has no closing '---' line: add one after the "
                                "last key", "front-matter.syntax")
        return None, "", 1
    yaml_text = "\n".join(lines[1:end])
    if len(yaml_text.encode()) > FRONT_MATTER_MAX_BYTES:
        problems.error(path, 1, f"front matter is longer than {FRONT_MATTER_MAX_BYTES // 1024} KB: keep it to "
                                "title, summary and duration", "front-matter.size")
        return None, "", 1
    try:
        data = yaml.load(yaml_text, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader without aliases
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(err, "problem", None) or "it could not be read"
        problems.error(path, line, f"front matter is not valid YAML ({reason}): write each key as "
                                   "'key: value', e.g. 'title: Saying no'", "front-matter.syntax")
        return None, "", 1
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.error(path, 2, "front matter must be 'key: value' lines, e.g. 'title: Saying no'",
                       "front-matter.syntax")
        return None, "", 1
    ok = True
    for key, value in data.items():
        key_line = next((n for n, line in enumerate(lines[1:end], 2) if line.startswith(f"{key}:")), 2)
        if key not in FRONT_MATTER_KEYS:
            close = difflib.get_close_matches(str(key), FRONT_MATTER_KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.error(path, key_line, f"unknown front matter key '{key}'{hint}; keys are: "
                                           f"{', '.join(FRONT_MATTER_KEYS)}", "front-matter.unknown-key")
            ok = False
        elif key == "duration" and isinstance(value, int) and not isinstance(value, bool):
            data[key] = f"{value} minutes"
        elif not isinstance(value, str) or not value.strip():
            problems.error(path, key_line, f"front matter '{key}' must be text ({FRONT_MATTER_KEYS[key]})",
                           "front-matter.value")
            ok = False
    return (data if ok else None), "\n".join(lines[end + 1:]), end + 2


class _TooSlow(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop Markdown parsing that runs too long (some inputs are quadratic in Python-Markdown).

    Uses a timer signal, so it only applies on the main thread; elsewhere parsing is not limited."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise _TooSlow()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing aliases: even the safe loader expands them, so a few hundred bytes
    of nested aliases ("billion laughs") can fill the memory."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


class _LineFinder:
    """Finds the source line of each element by matching its text against the lines, in order.

    Python-Markdown keeps no positions, so each block's leading letters and digits are looked for
    from the previous block's line onwards; inline nodes add the newlines inside their block.
    """

    def __init__(self, body: str, first_line: int):
        self.raw = body.split("\n")
        self.norm = [_letters(_strip_markers(html.unescape(line))) for line in self.raw]
        self.first_line = first_line
        self.cursor = 0

    def find(self, text: str) -> int:
        key = _letters(text)[:16]
        if key:
            for index in range(self.cursor, len(self.norm)):
                if self._starts_here(index, key):
                    self.cursor = index
                    break
        return self.cursor + self.first_line

    def find_raw(self, needle: str) -> int:
        for index in range(self.cursor, len(self.raw)):
            if needle in self.raw[index]:
                self.cursor = index
                break
        return self.cursor + self.first_line

    def _starts_here(self, index: int, key: str) -> bool:
        here = self.norm[index]
        if not here:
            return False
        joined = here + "".join(self.norm[index + 1:index + 4])
        position = joined.find(key)
        return 0 <= position < len(here)


def _letters(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFC", text).lower() if ch.isalnum())


def _strip_markers(line: str) -> str:
    """Drop what Markdown shows nowhere: list numbers, link targets."""
    line = re.sub(r"^\s*(>\s*)*([-*+]|\d+[.)])\s+", " ", line)
    return re.sub(r"\]\([^)]*\)", " ", line)


class _ModuleReader:
    """Walks one module's element tree, building model nodes and recording problems."""

    def __init__(self, path: Path, content_dir: Path, course_lang: str, module_slugs: set[str],
                 problems: Problems, body: str, body_line: int):
        self.path = path
        self.content_dir = content_dir
        self.course_lang = course_lang
        self.module_slugs = module_slugs
        self.problems = problems
        self.body = body
        self.lines = _LineFinder(body, body_line)
        self.body_line = body_line
        self.anchors: set[str] = set()
        self.stash: list[str] = []
        self.slug = path.stem
        self.heading_level = 1

    def error(self, line: int, message: str, code: str) -> None:
        self.problems.error(self.path, line, message, code)

    def read(self, number: int, slug: str, front: dict[str, Any]) -> Module | None:
        self._check_indented_lists()
        if not self._nesting_is_sane():
            return None
        md = _markdown()
        try:
            with _time_limit(PARSE_SECONDS):
                md.convert(self.body)
        except RecursionError:
            self.error(self.body_line, "quotes or lists are nested too deeply to read", "markdown.nesting")
            return None
        except _TooSlow:
            self.error(self.body_line, f"this file took over {PARSE_SECONDS} s to read: look for very long runs of "
                                       "[brackets], *stars* or other Markdown marks", "markdown.too-slow")
            return None
        root = getattr(md, "captured_root", None)
        if root is None:  # Python-Markdown skips its tree for an empty text
            root = ET.Element("div")
        self.stash = list(md.htmlStash.rawHtmlBlocks)
        children = list(root)
        title: list[Inline] | None = None
        title_source = Source(self.path, self.body_line)
        lang = self.course_lang
        if children and children[0].tag == "h1":
            first = children.pop(0)
            line = self.lines.find(self._text_of(first))
            title_source = Source(self.path, line)
            lang = self._lang(first, lang, line)
            title = self._inlines(first, line, lang)
        if "title" in front:
            title = [Text(front["title"].strip(), Source(self.path, 2), lang)]
            title_source = Source(self.path, 2)
        if not title:
            self.error(self.body_line, "this module has no title: start it with a '# Title' line, or add "
                                       "'title:' front matter", "module.no-title")
            title = [Text(slug, title_source, lang)]
        blocks = self._blocks(children, lang)
        return Module(number=number, slug=slug, title=title, blocks=blocks, source=title_source, lang=lang,
                      summary=front.get("summary"), duration=front.get("duration"))

    def _nesting_is_sane(self) -> bool:
        """Quotes in quotes, or lists in lists, more than MAX_NESTING deep: nobody writes that on purpose,
        and Python-Markdown would run out of stack on it."""
        for number, line in enumerate(self.body.split("\n"), self.body_line):
            quotes = len(re.match(r"^(?:\s*>)*", line).group(0).replace(" ", ""))
            indent = (len(line) - len(line.lstrip(" "))) // 4
            if quotes > MAX_NESTING or indent > MAX_NESTING:
                self.error(number, f"this line is nested {max(quotes, indent)} levels deep (quotes or indented "
                                   f"lists): use at most {MAX_NESTING}", "markdown.nesting")
                return False
        return True

    def _check_indented_lists(self) -> None:
        """Python-Markdown nests list items only at 4 spaces; 2 or 3 would silently join the items."""
        previous = ""
        for number, line in enumerate(self.body.split("\n"), self.body_line):
            if re.match(r"^ {1,3}([-*+]|\d+[.)]) ", line) and re.match(r"^\s*([-*+]|\d+[.)]) ", previous):
                indent = len(line) - len(line.lstrip())
                self.error(number, f"this list item is indented by {indent} space{'s' * (indent > 1)}: indent "
                                   "items inside another item by 4 spaces", "list.indent")
            if line.strip():
                previous = line

    def _text_of(self, element: ET.Element) -> str:
        """The element's text with raw HTML and entities put back as written, for finding its line."""
        text = "".join(element.itertext())
        return _PLACEHOLDER.sub(lambda m: self.stash[int(m.group(1))], text)

    # ---- blocks ---------------------------------------------------------------------------------

    def _blocks(self, elements: list[ET.Element], lang: str) -> list[Block]:
        blocks: list[Block] = []
        for element in elements:
            blocks.extend(self._block(element, lang))
        return blocks

    def _block(self, element: ET.Element, lang: str) -> list[Block]:
        tag = element.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return [self._heading(element, lang)]
        if tag == "p":
            return self._paragraph(element, lang)
        if tag in ("ul", "ol"):
            return [self._list(element, lang)]
        if tag == "table":
            return [self._table(element, lang)]
        if tag == "blockquote":
            line = self.lines.find(self._text_of(element))
            block_lang = self._lang(element, lang, line)
            return [Quote(self._blocks(list(element), block_lang), Source(self.path, line), block_lang)]
        if tag == "hr":
            return [Rule(Source(self.path, self.lines.find_raw("---")), lang)]
        if tag == "pre":
            line = self.lines.find(self._text_of(element))
            self.error(line, "this text is indented by 4 spaces or more, so Markdown treats it as computer code: "
                             "remove the indent", "markdown.code-block")
            return []
        line = self.lines.find(self._text_of(element))
        self.error(line, f"<{tag}> is not supported here: use Markdown (see README, 'Writing a module')",
                   "markdown.unsupported")
        return []

    def _heading(self, element: ET.Element, lang: str) -> Heading:
        line = self.lines.find(self._text_of(element))
        level = int(element.tag[1])
        if level == 1:
            self.error(line, "a module has one '#' title, at the top: use '##' for its sections",
                       "heading.extra-title")
        elif level > 3:
            self.error(line, f"'{'#' * level}' is too deep: use '##' for sections and '###' inside them",
                       "heading.too-deep")
        elif level > self.heading_level + 1:
            self.error(line, f"heading level skipped: '{'#' * level}' follows '{'#' * self.heading_level}'; use "
                             f"'{'#' * (self.heading_level + 1)}' here", "heading.skipped-level")
        self.heading_level = level
        heading_lang = self._lang(element, lang, line)
        children = self._inlines(element, line, heading_lang)
        base = f"{self.slug}-{slugify(self._text_of(element))}"
        anchor, count = base, 1
        while anchor in self.anchors:
            count += 1
            anchor = f"{base}-{count}"
        self.anchors.add(anchor)
        return Heading(min(max(level, 2), 3), children, anchor, Source(self.path, line), heading_lang)

    def _paragraph(self, element: ET.Element, lang: str) -> list[Block]:
        """A paragraph; images in it become figures of their own, between the text around them."""
        text = self._text_of(element)
        line = self.lines.find(text) if text.strip() else self.lines.find_raw(_first_target(element))
        block_lang = self._lang(element, lang, line)
        blocks: list[Block] = []
        pending = ET.Element("p")
        pending.text = element.text
        newlines = (element.text or "").count("\n")
        pending_line = line
        for child in list(element):
            if child.tag == "img":
                if self._text_of(pending).strip() or len(pending):
                    blocks.append(self._text_block(pending, pending_line, block_lang))
                blocks.append(self._figure(child, line + newlines, block_lang))
                pending = ET.Element("p")
                pending.text = child.tail
                pending_line = line + newlines
            else:
                pending.append(child)
            newlines += ET.tostring(child, encoding="unicode").count("\n")
        if self._text_of(pending).strip() or len(pending):
            blocks.append(self._text_block(pending, pending_line, block_lang))
        return blocks

    def _text_block(self, element: ET.Element, line: int, lang: str) -> Paragraph:
        return Paragraph(self._inlines(element, line, lang), Source(self.path, line), lang)

    def _list(self, element: ET.Element, lang: str) -> ListBlock:
        line = self.lines.find(self._text_of(element))
        list_lang = self._lang(element, lang, line)
        items = []
        for li in element:
            item_line = self.lines.find(self._text_of(li))
            item_lang = self._lang(li, list_lang, item_line)
            items.append(ListItem(self._item_blocks(li, item_line, item_lang), Source(self.path, item_line),
                                  item_lang))
        start = int(element.get("start", "1")) if element.tag == "ol" else 1
        return ListBlock(element.tag == "ol", items, Source(self.path, line), list_lang, start)

    def _item_blocks(self, li: ET.Element, line: int, lang: str) -> list[Block]:
        """A tight item holds text and inline tags directly; a loose one holds paragraphs."""
        blocks: list[Block] = []
        run = ET.Element("p")
        run.text = li.text
        block_tags = {"p", "ul", "ol", "blockquote", "table", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "div"}
        for child in li:
            if child.tag in block_tags:
                if (run.text or "").strip() or len(run):
                    blocks.extend(self._paragraph_at(run, line, lang))
                blocks.extend(self._block(child, lang))
                run = ET.Element("p")
                run.text = child.tail
            else:
                run.append(child)
        if (run.text or "").strip() or len(run):
            blocks.extend(self._paragraph_at(run, line, lang))
        return blocks

    def _paragraph_at(self, element: ET.Element, line: int, lang: str) -> list[Block]:
        cursor = self.lines.cursor
        self.lines.cursor = max(0, line - self.lines.first_line)
        blocks = self._paragraph(element, lang)
        self.lines.cursor = max(cursor, self.lines.cursor)
        return blocks

    def _table(self, element: ET.Element, lang: str) -> Table:
        header = element.find("thead")
        header_text = self._text_of(header) if header is not None else ""
        line = self.lines.find(header_text) if header_text.strip() else self.lines.find_raw("|")
        table_lang = self._lang(element, lang, line)
        header_cells: list[Cell] = []
        rows: list[list[Cell]] = []
        row_line = line
        for section in element:
            for tr in section:
                cells = []
                for cell in tr:
                    align = re.search(r"text-align:\s*(\w+)", cell.get("style", ""))
                    cells.append(Cell(self._inlines(cell, row_line, table_lang), Source(self.path, row_line),
                                      table_lang, align.group(1) if align else None))
                if section.tag == "thead":
                    header_cells = cells
                    row_line += 1  # the |---| line under the header
                else:
                    rows.append(cells)
                row_line += 1
        self.lines.cursor = max(self.lines.cursor, row_line - self.lines.first_line - 1)
        if not any(plain_text(cell.children).strip() for cell in header_cells):
            self.error(line, "this table has no header row: write the column names in its first row",
                       "table.no-header")
        return Table(header_cells, rows, Source(self.path, line), table_lang)

    def _figure(self, img: ET.Element, line: int, lang: str) -> Figure | list[Block]:
        src = img.get("src", "")
        alt = (img.get("alt") or "").strip()
        line = self.lines.find_raw(src) if src else line
        path = self._image_path(src, line)
        if path is not None:
            if not alt:
                self.error(line, f"image '{src}' has no alt text: describe it between the square brackets, e.g. "
                                 f"![A person saying no calmly]({src})", "image.no-alt")
            elif alt.lower() in VAGUE_ALT or alt.lower() in (Path(src).name.lower(), Path(src).stem.lower()):
                self.error(line, f"image '{src}' has alt text '{alt}', which says nothing about it: describe what "
                                 "the picture shows", "image.vague-alt")
        return Figure(path or Path(src), src, alt, img.get("title"), Source(self.path, line), lang)

    def _image_path(self, src: str, line: int) -> Path | None:
        if not src:
            self.error(line, "image has no file name: write ![description](images/name.png)", "image.missing")
            return None
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) or src.startswith("//"):
            self.error(line, f"image '{src}' is a web address: save the picture in content/images and use "
                             "images/name.png", "image.url")
            return None
        if src.startswith("/") or src.startswith("\\"):
            self.error(line, f"image '{src}' is an absolute path: use a path inside the content folder, e.g. "
                             "images/name.png", "image.outside")
            return None
        content = self.content_dir.resolve()
        candidate = (self.path.parent / src)
        resolved = candidate.resolve()
        if not resolved.is_relative_to(content):
            self.error(line, f"image '{src}' is outside the content folder: keep pictures in content/images",
                       "image.outside")
            return None
        if not resolved.exists():
            folder = display_path(candidate.parent)
            self.error(line, f"image '{src}' not found in {folder}: check the file name and its capital letters",
                       "image.missing")
            return None
        if not resolved.is_file():
            self.error(line, f"image '{src}' is not a file", "image.missing")
            return None
        size = resolved.stat().st_size
        if size > MAX_IMAGE_BYTES:
            self.error(line, f"image '{src}' is {size // 1_000_000} MB: make it smaller than "
                             f"{MAX_IMAGE_BYTES // 1_000_000} MB (e.g. 2000 pixels wide is plenty)", "image.too-large")
            return None
        with resolved.open("rb") as handle:
            head = handle.read(64 * 1024)
        if image_type(head) is None:
            self.error(line, f"image '{src}' is not a PNG or JPEG picture: save it as PNG or JPEG",
                       "image.type")
            return None
        dimensions = image_dimensions(head)
        if dimensions is None:
            self.error(line, f"image '{src}' could not be read: save it again as PNG or JPEG", "image.type")
            return None
        if dimensions[0] * dimensions[1] > MAX_IMAGE_PIXELS:
            self.error(line, f"image '{src}' is {dimensions[0]} x {dimensions[1]} pixels: make it smaller (at most "
                             f"{MAX_IMAGE_PIXELS // 1_000_000} million pixels)", "image.too-large")
            return None
        return resolved

    # ---- inlines ------------------------------------------------------------------------------

    def _lang(self, element: ET.Element, lang: str, line: int) -> str:
        """The language of an element: its `{lang=..}` attribute, else the one around it."""
        for attribute in element.keys():
            if element.tag == "img" and attribute in ("src", "alt", "title"):
                continue
            if element.tag == "a" and attribute in ("href", "title"):
                continue
            if element.tag in ("th", "td") and attribute == "style":
                continue
            if element.tag == "ol" and attribute == "start":
                continue
            if attribute != "lang":
                self.error(line, f"'{{{attribute}=...}}' is not supported: only {{lang=xx}} may follow text",
                           "markdown.attribute")
        tag = element.get("lang")
        if tag is None:
            return lang
        canonical = languages.normalise_tag(tag)
        if canonical is None or languages.lookup(canonical) is None:
            self.error(line, f"unknown language '{tag}' in {{lang={tag}}}: use a BCP 47 tag such as 'pl' or 'ur'",
                       "language.unknown")
            return lang
        return canonical

    def _inlines(self, element: ET.Element, line: int, lang: str) -> list[Inline]:
        state = {"line": line}
        nodes = self._inline_children(element, state, lang)
        return _tidy(nodes)

    def _inline_children(self, element: ET.Element, state: dict[str, int], lang: str) -> list[Inline]:
        nodes: list[Inline] = []
        nodes.extend(self._text(element.text, state, lang))
        for child in element:
            nodes.extend(self._inline(child, state, lang))
            nodes.extend(self._text(child.tail, state, lang))
        return nodes

    def _text(self, text: str | None, state: dict[str, int], lang: str) -> list[Inline]:
        if not text:
            return []
        nodes: list[Inline] = []
        position = 0
        for match in _PLACEHOLDER.finditer(text):
            nodes.extend(self._plain(text[position:match.start()], state, lang))
            raw = self.stash[int(match.group(1))]
            if re.fullmatch(r"&(#\d+|#x[0-9a-fA-F]+|\w+);", raw):
                nodes.extend(self._plain(html.unescape(raw), state, lang))
            else:
                shown = raw.strip().split("\n")[0][:40]
                self.error(state["line"], f"HTML such as '{shown}' is not allowed in course text: use Markdown "
                                          "(e.g. **bold**)", "markdown.html")
                state["line"] += raw.count("\n")
            position = match.end()
        nodes.extend(self._plain(text[position:], state, lang))
        return nodes

    def _plain(self, text: str, state: dict[str, int], lang: str) -> list[Inline]:
        if not text:
            return []
        if re.search(r"\{:?\s*[\w-]+\s*=[^}]*\}", text):
            self.error(state["line"], "'{lang=..}' is only understood on a line of its own under the paragraph, or "
                                      "straight after **bold** text", "markdown.attribute")
        leading = text[: len(text) - len(text.lstrip())].count("\n")
        node = Text(re.sub(r"\s+", " ", text), Source(self.path, state["line"] + leading), lang)
        state["line"] += text.count("\n")
        return [node]

    def _inline(self, element: ET.Element, state: dict[str, int], lang: str) -> list[Inline]:
        source = Source(self.path, state["line"])
        tag = element.tag
        inner_lang = self._lang(element, lang, state["line"])
        if tag in ("strong", "b"):
            return [Strong(self._inline_children(element, state, inner_lang), source, inner_lang)]
        if tag in ("em", "i"):
            return [Emphasis(self._inline_children(element, state, inner_lang), source, inner_lang)]
        if tag == "code":
            return [Code(element.text or "", source, inner_lang)]
        if tag == "br":
            return [LineBreak(source, inner_lang)]
        if tag == "a":
            children = self._inline_children(element, state, inner_lang)
            return [self._link(element.get("href", ""), children, source, inner_lang)]
        if tag == "img":
            self.error(state["line"], "a picture inside a link, heading or list text is not supported: put it in "
                                      "a paragraph of its own", "image.inline")
            return []
        self.error(state["line"], f"<{tag}> is not supported here: use Markdown", "markdown.unsupported")
        return self._inline_children(element, state, inner_lang)

    def _link(self, href: str, children: list[Inline], source: Source, lang: str) -> Link:
        link = Link(href, _tidy(children), source, lang)
        if not _letters_or_symbols(children):
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
        elif not href.lower().startswith(LINK_SCHEMES):
            self.error(source.line, f"link '{href}' is not allowed: links start with https://, http://, mailto: or "
                                    "tel:, or name another module like 03-saying-no.md", "link.scheme")
        return link




def _first_target(element: ET.Element) -> str:
    """The first link or image address in an element, to find a block that has no text."""
    for child in element.iter():
        target = child.get("href") or child.get("src")
        if target:
            return target
    return "\0"


def _letters_or_symbols(children: list[Inline]) -> bool:
    return bool(plain_text(children).strip())


def _tidy(nodes: list[Inline]) -> list[Inline]:
    """Merge neighbouring text and trim white space at the ends of a block and around line breaks."""
    merged: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(re.sub(r"\s+", " ", merged[-1].text + node.text), merged[-1].source, merged[-1].lang)
        else:
            merged.append(node)
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
