"""GitHub Flavored Markdown beyond CommonMark: ~~struck out~~ words, task lists (`- [ ] Bring a pen`) and
`:shortcode:` emoji (GitHub's own names, from the `emoji` package), as GitHub, Docusaurus and many editors
show them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from builder.emoji import TICK_BOX, TICKED_BOX
from builder.reader.dialects.base import Dialect

if TYPE_CHECKING:
    from builder.reader.interface import Reader

_SHORTCODE = re.compile(r":[\w+-]+:")
_TASK = re.compile(r"^\[([ xX])\]\s")
BOXES = {" ": TICK_BOX, "x": TICKED_BOX}  # named in braille and audio in every language


def extend(md: MarkdownIt) -> None:
    md.enable("strikethrough")
    md.core.ruler.after("inline", "task_lists", task_lists)


def task_lists(state: StateCore) -> None:
    """A list item that starts `[ ]` or `[x]` starts with a box to tick, or a ticked one, as GitHub and Obsidian
    show a task (not brackets read out one by one)."""
    if "[ ]" not in state.src and "[x]" not in state.src and "[X]" not in state.src:
        return
    tokens = state.tokens
    for index in range(2, len(tokens)):
        token = tokens[index]
        if token.type != "inline" or tokens[index - 2].type != "list_item_open" or not token.children:
            continue
        first = token.children[0]
        found = _TASK.match(first.content) if first.type == "text" else None
        if found:
            box = BOXES[found.group(1).lower()]
            first.content = box + " " + first.content[found.end():]
            token.content = box + " " + token.content[found.end():]


def shortcodes(reader: Reader, text: str, line: int) -> str:
    """`:wave:` as 👋 (GitHub's names); a name GitHub does not know is left as it is written."""
    if ":" not in text or not _SHORTCODE.search(text):
        return text
    import emoji

    return emoji.emojize(text, language="alias")


DIALECT = Dialect("gfm", "GitHub: ~~struck out~~ words, task lists and :shortcode: emoji", extend=extend,
                  text=shortcodes)
