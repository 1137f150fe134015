"""The document model rendered as semantic HTML fragments; shared by the HTML and large print writers."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable

from markupsafe import Markup, escape

from builder.fonts import fonts_for_languages
from builder.labels import notices
from builder.languages import lookup
from builder.model import (Block, Code, Course, Emphasis, Figure, Heading, Inline, LineBreak, Link, ListBlock,
                           Module, Paragraph, Quote, Rule, Strong, Table, Text, headings)
from builder.text import unbreakable_spans
from builder.walk import languages_used


def template_environment(folder: Path):
    """Jinja2 for the writers' own templates: HTML templates autoescape; course text is only ever a value."""
    return _environment(str(folder))


@lru_cache(maxsize=4)
def _environment(folder: str):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(folder), autoescape=lambda name: name.endswith(".html.j2"),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def course_fonts(course: Course, lang: str):
    """Fonts for the document's language first, then for any other language used in it, and always one
    for Latin letters: the English notice, web addresses and names appear in every version."""
    return fonts_for_languages([lang, *sorted(languages_used(course) - {lang}), "en"])


def notice_lines(course: Course, lang: str) -> list[dict]:
    """The "made by machine" notices for a template, each with its language marked."""
    return [{"attrs": Markup(lang_attributes(tag, lang)), "text": text}
            for tag, text in notices(lang, course.machine_translated, course.untranslated)]


def module_contexts(renderer: HtmlRenderer, course: Course, lang: str) -> list[dict]:
    """Each module as the templates use it: anchor, titles, summary, section headings and body."""
    return [{
        "anchor": module.anchor,
        "title": renderer.inlines(module.title, module.lang),
        "title_html": renderer.module_title(module, lang),
        "lang_attrs": Markup(lang_attributes(module.lang, lang)),
        "summary": module.summary,
        "duration": module.duration,
        "headings": [{"anchor": h.anchor, "title": renderer.inlines(h.children, h.lang)}
                     for h in headings(module) if h.level == 2],
        "body": renderer.blocks(module.blocks, module.lang),
    } for module in course.modules]


def lang_attributes(lang: str, around: str) -> str:
    """` lang=".." dir=".."` when `lang` differs from the language around it, else nothing."""
    if lang == around:
        return ""
    attributes = f' lang="{escape(lang)}"'
    inner, outer = lookup(lang), lookup(around)
    if inner and outer and inner.direction != outer.direction:
        attributes += f' dir="{inner.direction}"'
    return attributes


class HtmlRenderer:
    """Walks a module and returns HTML; `image_src` decides how pictures are referenced or embedded.

    `heading_shift` maps the model's levels (title 1, sections 2-3) to HTML levels, so the HTML
    writer can put the course title above the module titles.
    """

    def __init__(self, image_src: Callable[[Figure], str], heading_shift: int = 0, show_link_targets: bool = False,
                 keep_together: bool = False):
        self.image_src = image_src
        self.heading_shift = heading_shift
        self.show_link_targets = show_link_targets
        self.keep_together = keep_together

    def module_title(self, module: Module, around: str) -> Markup:
        level = 1 + self.heading_shift
        return Markup(f'<h{level} id="{module.anchor}"{lang_attributes(module.lang, around)}>'
                      f"{self.inlines(module.title, module.lang)}</h{level}>")

    def blocks(self, blocks: list[Block], around: str) -> Markup:
        return Markup("\n").join(self.block(block, around) for block in blocks)

    def block(self, block: Block, around: str) -> Markup:
        attrs = lang_attributes(block.lang, around)
        if isinstance(block, Heading):
            level = block.level + self.heading_shift
            return Markup(f'<h{level} id="{block.anchor}"{attrs}>{self.inlines(block.children, block.lang)}'
                          f"</h{level}>")
        if isinstance(block, Paragraph):
            return Markup(f"<p{attrs}>{self.inlines(block.children, block.lang)}</p>")
        if isinstance(block, ListBlock):
            tag = "ol" if block.ordered else "ul"
            start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
            items = Markup("\n").join(
                Markup(f"<li{lang_attributes(item.lang, block.lang)}>{self._item(item.blocks, item.lang)}</li>")
                for item in block.items)
            return Markup(f"<{tag}{start}{attrs}>\n{items}\n</{tag}>")
        if isinstance(block, Table):
            return self._table(block, attrs)
        if isinstance(block, Figure):
            caption = f"<figcaption>{escape(block.title)}</figcaption>" if block.title else ""
            return Markup(f'<figure{attrs}><img src="{escape(self.image_src(block))}" alt="{escape(block.alt)}">'
                          f"{caption}</figure>")
        if isinstance(block, Quote):
            return Markup(f"<blockquote{attrs}>\n{self.blocks(block.blocks, block.lang)}\n</blockquote>")
        if isinstance(block, Rule):
            return Markup("<hr>")
        raise TypeError(f"no HTML for {type(block).__name__}")

    def _item(self, blocks: list[Block], lang: str) -> Markup:
        """A list item whose only content is one paragraph is written without the <p>, as tight lists are."""
        if len(blocks) >= 1 and isinstance(blocks[0], Paragraph) and blocks[0].lang == lang:
            first = self.inlines(blocks[0].children, lang)
            rest = self.blocks(blocks[1:], lang)
            return Markup(first + ("\n" + rest if rest else ""))
        return self.blocks(blocks, lang)

    def _table(self, table: Table, attrs: str) -> Markup:
        def cell(tag: str, node, scope: str = "") -> str:
            align = f' class="align-{node.align}"' if node.align in ("center", "right") else ""
            return f"<{tag}{scope}{align}>{self.inlines(node.children, table.lang)}</{tag}>"

        head = "".join(cell("th", c, ' scope="col"') for c in table.header)
        rows = "\n".join("<tr>" + "".join(cell("td", c) for c in row) + "</tr>" for row in table.rows)
        return Markup(f"<table{attrs}>\n<thead>\n<tr>{head}</tr>\n</thead>\n<tbody>\n{rows}\n</tbody>\n</table>")

    def inlines(self, nodes: list[Inline], around: str) -> Markup:
        return Markup("").join(self.inline(node, around) for node in nodes)

    def inline(self, node: Inline, around: str) -> Markup:
        if isinstance(node, Text):
            text = self._text(node.text)
            if node.lang != around:
                return Markup(f"<span{lang_attributes(node.lang, around)}>{text}</span>")
            return text
        attrs = lang_attributes(node.lang, around)
        if isinstance(node, Strong):
            return Markup(f"<strong{attrs}>{self.inlines(node.children, node.lang)}</strong>")
        if isinstance(node, Emphasis):
            return Markup(f"<em{attrs}>{self.inlines(node.children, node.lang)}</em>")
        if isinstance(node, Code):
            return Markup(f"<code{attrs}>{escape(node.text)}</code>")
        if isinstance(node, LineBreak):
            return Markup("<br>")
        if isinstance(node, Link):
            return self._link(node, attrs)
        raise TypeError(f"no HTML for {type(node).__name__}")

    def _text(self, text: str) -> Markup:
        """Escaped text; with `keep_together`, phone numbers and dates are kept on one line."""
        if not self.keep_together:
            return escape(text)
        parts, position = [], 0
        for start, end in unbreakable_spans(text):
            parts.append(escape(text[position:start]))
            parts.append(Markup('<span class="nowrap">%s</span>') % text[start:end])
            position = end
        parts.append(escape(text[position:]))
        return Markup("").join(parts)

    def _link(self, link: Link, attrs: str) -> Markup:
        text = self.inlines(link.children, link.lang)
        if link.module:
            href = f"#{link.module}-{link.fragment}" if link.fragment else f"#module-{link.module}"
            return Markup(f'<a class="internal" href="{escape(href)}"{attrs}>{text}</a>')
        shown = ""
        target = link.href.removeprefix("mailto:").removeprefix("tel:")
        if self.show_link_targets and target.rstrip("/") not in str(text):
            shown = f' <span class="link-target">({escape(target)})</span>'
        return Markup(f'<a href="{escape(link.href)}"{attrs}>{text}</a>{shown}')
