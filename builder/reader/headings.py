"""A module's title and the levels of its headings, settled once the whole module is read.

The title is the front matter's, else the module's first heading at any level (a GitHub step starts with
`## Step 1: ...`), else the file's name. Headings under it are evened out so that none skips a level, as
PDF/UA and screen readers need: another heading at the title's level becomes a section, `###` straight after
the title becomes `##`; `#####` and `######` are kept where they fit.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from builder.config import module_stem
from builder.model import Block, Heading, Inline, Text, plain_text

if TYPE_CHECKING:
    from builder.reader.front_matter import FrontMatter
    from builder.reader.base import ReaderBase


def settle_title(reader: ReaderBase, blocks: list[Block], headings: list[Heading], front: FrontMatter,
                 lang: str) -> tuple[list[Inline], int, str, int]:
    """The module's title, its line and language, and the level its sections count from (the title heading's
    level; else one above the module's highest heading); a heading that is the title is taken out of `blocks`
    and `headings` (every heading of the module, in reading order).

    With a `title:` in front matter, a first `#` heading is still the title (as Docusaurus and Quarto show
    it) unless the module has several `#` headings, which are then its sections (as Jekyll lessons write)."""
    first = blocks[0] if blocks and isinstance(blocks[0], Heading) else None
    levels = [node.level for node in headings]
    above = min(levels, default=2) - 1
    if "title" in front.values:
        line = front.lines.get("title", front.body_line)
        title: list[Inline] = [Text(front.values["title"], reader.source(line), lang)]
        if first is not None and first.level == 1 and levels.count(1) == 1:
            blocks.pop(0)
            headings.pop(0)
            _labels_to_top(reader, first)
            if plain_text(first.children).strip() != front.values["title"]:
                reader.warning(first.source.line, f"the front matter says the title is '{front.values['title']}', but "
                                                  f"the '#' heading says '{plain_text(first.children).strip()}': the "
                                                  "module is called by the heading; make them the same, or delete "
                                                  "one", "module.two-titles")
            return first.children, first.source.line, first.lang, 1
        return title, line, lang, above
    name = file_title(reader.path.name)
    if " " in _stem(reader.path.name) and (first is None or first.level > 1):
        # a note named in words (Obsidian shows its file name as its title): its headings are its sections
        if first is not None and plain_text(first.children).strip().lower() == name.lower():
            blocks.pop(0)
            headings.pop(0)
            _labels_to_top(reader, first)
            return first.children, first.source.line, first.lang, first.level
        return [Text(name, reader.source(front.body_line), lang)], front.body_line, lang, above
    if first is not None:
        blocks.pop(0)
        headings.pop(0)
        _labels_to_top(reader, first)
        return first.children, first.source.line, first.lang, first.level
    reader.warning(front.body_line, f"this module has no title, so it is called '{name}' after its file: start it "
                                    "with a '# Title' line, or add 'title:' front matter", "module.no-title")
    return [Text(name, reader.source(front.body_line), lang)], front.body_line, lang, above


def even_levels(reader: ReaderBase, headings: list[Heading], title_level: int) -> None:
    """Every heading's level counted from the title, one below the heading before it at most."""
    previous = 1
    for node in headings:
        written = node.level
        level = max(written - title_level + 1, 2)
        if written <= title_level:
            reader.warn_once(node.source.line, f"'{'#' * written}' is the level of the module's title, which comes "
                                               "first: this heading and any like it are shown as sections ('##')",
                             "heading.extra-title")
        if level > previous + 1:
            reader.warning(node.source.line, f"heading level skipped: '{'#' * written}' comes after a heading "
                                             f"{level - previous} levels above it, so it is shown one level below "
                                             "that: use one more '#' than the heading before", "heading.skipped-level")
            level = previous + 1
        node.level = previous = level
        if node.minutes is not None and level != 2:
            reader.warning(node.source.line, "only a '##' section may have a {duration=...}, so this one is left out "
                                             "of the session plan: put the time on its '##' heading, or on an "
                                             "'::: activity {duration=...}' box", "plan.duration")
            node.minutes = None


def file_title(name: str) -> str:
    """A title made from a file name: `03-saying-no.md` -> `Saying no`; a name in words (`Self-care plan.md`,
    `2026-05-01 Session notes.md`) as it is."""
    stem = _stem(name)
    words = re.sub(r"^\d+[-_ ]+(?=[^\W\d])", "", stem)
    if " " not in words:  # a slug: saying-no, saying_no
        words = words.replace("-", " ").replace("_", " ")
    words = words.strip() or stem
    return words[:1].upper() + words[1:]


def _stem(name: str) -> str:
    """A module's or its Easy Read companion's file name without `.md` or `.easy.md`."""
    stem = module_stem(name)
    return stem[:-len(".easy")] if stem.lower().endswith(".easy") else stem


def _labels_to_top(reader: ReaderBase, heading: Heading) -> None:
    """MyST labels above the heading that became the title point at the top of the module."""
    fragment = heading.anchor.removeprefix(f"{reader.slug}-")
    for label, target in list(reader.labels.items()):
        if target == fragment:
            reader.labels[label] = ""
