"""A picture named in a module: a Figure where it can be shown, else its description (and, for a picture on
the web, its address) in its place, as an editor shows a picture it cannot load."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from builder.model import Figure, Link, Text
from builder.pictures import PictureProblem, alt_problems, resolve_picture

if TYPE_CHECKING:
    from builder.reader.base import ReaderBase


def picture(reader: ReaderBase, src: str, alt: str, title: str | None, attributes: dict[str, str], lang: str,
            shown: bool = True) -> list[Any]:
    """The picture as a Figure, or the nodes to show in its place; every problem reported with its line.
    Without `shown` (inside a link or a heading, where no format can put a picture) it is its description."""
    line = reader.line
    figure_lang = reader.language(attributes, lang, line)
    source = reader.source(line)
    if not shown:
        if alt:
            reader.warning(line, f"a picture inside a link, heading or table cell ('{src}') is shown as its "
                                 f"description ({alt!r}): put it in a paragraph of its own to show it", "image.inline")
            return [Text(alt, source, figure_lang)]
        for problem in alt_problems(src, alt, left_out=True):
            reader.warning(line, problem.message, problem.code)
        return []
    for problem in alt_problems(src, alt):
        reader.warning(line, problem.message, problem.code)
    found = resolve_picture(src, reader.path, reader.content_dir, reader.index.published_at)
    if isinstance(found, PictureProblem):
        (reader.error if found.unsafe else reader.warning)(line, found.message, found.code)
        if found.address:
            reader.web_pictures.append(found.address)
            shown_address = [Link(found.address, [Text(found.address, source, figure_lang)], source, figure_lang)]
            return [Text(f"{alt} (" if alt else "(", source, figure_lang), *shown_address,
                    Text(")", source, figure_lang)]
        return [Text(alt, source, figure_lang)] if alt else []
    path, svg = found
    return [Figure(path, src, alt, title, source, figure_lang, svg)]
