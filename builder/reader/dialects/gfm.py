"""GitHub Flavored Markdown beyond CommonMark: ~~struck out~~ words and `:shortcode:` emoji (GitHub's own
names, from the `emoji` package), as GitHub, Docusaurus and many editors show them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from builder.reader.dialects.base import Dialect

if TYPE_CHECKING:
    from builder.reader.module import ModuleReader

_SHORTCODE = re.compile(r":[\w+-]+:")


def extend(md: MarkdownIt) -> None:
    md.enable("strikethrough")


def shortcodes(reader: ModuleReader, text: str, line: int) -> str:
    """`:wave:` as 👋 (GitHub's names); a name GitHub does not know is left as it is written."""
    if ":" not in text or not _SHORTCODE.search(text):
        return text
    import emoji

    return emoji.emojize(text, language="alias")


DIALECT = Dialect("gfm", "GitHub: ~~struck out~~ words and :shortcode: emoji", extend=extend, text=shortcodes)
