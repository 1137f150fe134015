"""The document model rendered as semantic HTML fragments; shared by the HTML and large print writers."""

from __future__ import annotations

import dataclasses
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Callable

from markupsafe import Markup, escape

from builder.locale import Locale, fonts_for
from builder.model import (Block, Code, CodeBlock, Container, Course, DefinitionList, Emphasis, Figure, Group,
                           Heading, Inline, LineBreak, Link, ListBlock, Module, NoteRef, Paragraph, Phrase, Quote, Rule,
                           Strong, Table, Text, address_to_add, headings, plain_text)
from builder.text import left_to_right_spans
from builder.walk import languages_used


def marked_text(text: str) -> Markup:
    """Escaped text, with phone numbers and dates kept on one line (in print, on a phone, in a reader), and
    they, web addresses and Latin words in brackets read left to right inside right-to-left text. Templates
    use it as the filter `text` for course words they show outside the model (the organisation)."""
    parts, position = [], 0
    for start, end, whole in left_to_right_spans(text):
        parts.append(escape(text[position:start]))
        kept = Markup('<span class="nowrap" dir="ltr">%s</span>') if whole else Markup('<span dir="ltr">%s</span>')
        parts.append(kept % text[start:end])
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def template_environment(folder: Path):
    """Jinja2 for the writers' own templates: HTML and XML templates autoescape; course text is only ever a
    value."""
    return _environment(str(folder))


@lru_cache(maxsize=4)
def _environment(folder: str):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    escaped = (".html.j2", ".xhtml.j2", ".opf.j2")
    environment = Environment(loader=FileSystemLoader(folder), autoescape=lambda name: name.endswith(escaped),
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)
    environment.filters["text"] = marked_text
    return environment


def course_fonts(course: Course, locale: Locale):
    """Fonts for the document's language first, then for any other language used in it, and always one
    for Latin letters: the English notice, web addresses and names appear in every version."""
    return fonts_for([locale.of(tag) for tag in page_languages(course, locale)])


def page_languages(course: Course, locale: Locale) -> list[str]:
    """The languages a version's page shows: its own, then any other used in it, then English (the English
    notice, web addresses and names appear in every version)."""
    return [locale.tag, *sorted(languages_used(course) - {locale.tag}), "en"]


def script_spacing(course: Course, locale: Locale) -> str:
    """CSS giving each language in the page what its script needs: taller lines (Naskh's letters reach
    higher and lower than Latin ones, and touch at 1.5) and link underlines below the letters' dots. Once
    one language needs it, every language gets its own rule, so English inside Urdu is not spaced as Urdu."""
    fonts = {tag: locale.of(tag).font for tag in page_languages(course, locale)}
    if all(font.line_height == 1.5 and font.underline_offset == 0.2 for font in fonts.values()):
        return ""
    rules = []
    for tag, font in fonts.items():
        lang = f":lang({tag})"  # selectors written out, not :is(): EPUB reading systems' CSS is older
        selectors = ", ".join(f"{name}{lang}" for name in ("h1", "h2", "h3", "h4", "h5", "h6", ".box-title"))
        rules.append(f"{lang} {{ line-height: {font.line_height}; text-underline-offset: {font.underline_offset}em; "
                     f"text-decoration-skip-ink: auto; }}\n"
                     f"{selectors} {{ line-height: {font.heading_line_height}; }}\n"
                     f"sup{lang}, sub{lang} {{ line-height: 0; }}\n")
    return "".join(rules)


def notice_lines(course: Course, locale: Locale) -> list[dict]:
    """The "made by machine" notices for a template, each with its language marked."""
    return [{"attrs": Markup(lang_attributes(tag, locale.tag, locale)), "text": text}
            for tag, text in locale.notices(course.machine_translated, course.untranslated)]


def repeated_sections(course: Course) -> set[str]:
    """Section titles (the contents list's second level) that more than one entry has: a trainer's course has
    a "Break" in every session, and a list of nine identical links says nothing about where each goes."""
    titles = Counter(plain_text(h.children) for module in course.modules for h in headings(module) if h.level == 2)
    return {title for title, count in titles.items() if count > 1}


def module_contexts(renderer: HtmlRenderer, course: Course) -> list[dict]:
    """Each module as the templates use it: anchor, titles, summary, section headings (one whose title
    repeats says its module's) and body."""
    lang = renderer.lang
    repeated = repeated_sections(course)
    return [{
        "anchor": module.anchor,
        "title": renderer.inlines(module.title, module.lang),
        "title_html": renderer.module_title(module, lang),
        "lang_attrs": Markup(lang_attributes(module.lang, lang, renderer.locale)),
        "summary": module.summary,
        "duration": module.duration,
        "headings": [{"anchor": h.anchor, "title": renderer.inlines(h.children, h.lang),
                      "module": module.title_text if plain_text(h.children) in repeated else None}
                     for h in headings(module) if h.level == 2],
        "body": renderer.blocks(module.blocks, module.lang),
        "notes": renderer.notes(module, lang),
    } for module in course.modules]


def lang_attributes(lang: str, around: str, locale: Locale) -> str:
    """` lang=".." dir=".."` when `lang` differs from the language around it, else nothing (`locale`: the
    version's, which knows the direction of every language in it)."""
    if lang == around:
        return ""
    attributes = f' lang="{escape(lang)}"'
    inner, outer = locale.of(lang), locale.of(around)
    if inner.language.direction != outer.language.direction:
        attributes += f' dir="{inner.language.direction}"'
    return attributes


class HtmlRenderer:
    """Walks a module and returns HTML; `image_src` decides how pictures are referenced or embedded.

    `heading_shift` maps the model's levels (title 1, sections 2-3) to HTML levels, so the HTML
    writer can put the course title above the module titles. `locale` is the document's language, for
    the words the renderer adds itself (box labels, note references) and the direction of each passage. `module_href` says where a link to
    another module points (one page: "#anchor"; a book of one file per module: "m02.xhtml#anchor"). With
    `read_along`, every element the narration reads gets an id, recorded by its node (`id(node)`), so the
    EPUB's media overlays can point at it.
    """

    def __init__(self, image_src: Callable[[Figure], str | list[tuple[str, str]] | Markup], locale: Locale,
                 heading_shift: int = 0, show_link_targets: bool = False,
                 back_links: bool = True, scroll_tables: bool = False,
                 module_href: Callable[[str, str], str] = lambda module, anchor: f"#{anchor}",
                 read_along: dict[int, str] | None = None, unlinked_schemes: tuple[str, ...] = (),
                 described: bool = False):
        self.image_src = image_src
        # Tagged PDF gives every picture words (PDF/UA): one the author left undescribed is named by its
        # caption, else as a picture; a web page leaves it alt="" (WCAG: decoration) for a screen reader to skip.
        self.described = described
        self.heading_shift = heading_shift
        self.show_link_targets = show_link_targets
        self.scroll_tables = scroll_tables  # on a screen: wide tables scroll in their own box
        self.back_links = back_links
        self.locale = locale
        self.lang = locale.tag
        self.labels = locale.labels
        self.level = 1 + heading_shift  # the level of the heading the text is under, for a box's own heading
        self.ids: set[str] = set()
        self.box_names: dict[str, int] = {}  # boxes' names so far: a landmark's name must be its own
        self.module_href = module_href
        self.read_along = read_along
        self.unlinked_schemes = unlinked_schemes  # links the format cannot hold, shown as their words

    def _lang_attributes(self, lang: str, around: str) -> str:
        return lang_attributes(lang, around, self.locale)

    def _read(self, *nodes: object, known: str | None = None) -> str:
        """` id=".."` for an element the narration reads (nothing when the element has its own id, `known`,
        or without read-along)."""
        if self.read_along is None or not nodes:
            return ""
        identifier = known or self._unique(f"r{len(self.read_along) + 1}")
        for node in nodes:
            self.read_along[id(node)] = identifier
        return "" if known else f' id="{identifier}"'

    def module_title(self, module: Module, around: str) -> Markup:
        level = 1 + self.heading_shift
        self.level = level
        return Markup(f'<h{level} id="{module.anchor}"{self._lang_attributes(module.lang, around)}>'
                      f"{self.inlines(module.title, module.lang)}</h{level}>")

    def blocks(self, blocks: list[Block], around: str) -> Markup:
        return Markup("\n").join(self.block(block, around) for block in blocks)

    def block(self, block: Block, around: str) -> Markup:
        attrs = self._lang_attributes(block.lang, around)
        if isinstance(block, Heading):
            level = block.level + self.heading_shift
            self.level = level
            self._read(block, known=block.anchor)
            return Markup(f'<h{level} id="{block.anchor}"{attrs}>{self.inlines(block.children, block.lang)}'
                          f"</h{level}>")
        if isinstance(block, Paragraph):
            return Markup(f"<p{self._read(block)}{attrs}>{self.inlines(block.children, block.lang)}</p>")
        if isinstance(block, ListBlock):
            tag = "ol" if block.ordered else "ul"
            # `start` for browsers and screen readers; the counter for WeasyPrint, which ignores `start`
            start = (f' start="{block.start}" style="counter-reset: list-item {block.start - 1}"'
                     if block.ordered and block.start != 1 else "")
            items = Markup("\n").join(
                Markup(f"<li{self._read(item, *item.blocks[:1])}{self._lang_attributes(item.lang, block.lang)}>"
                       f"{self._item(item.blocks, item.lang)}</li>")
                for item in block.items)
            return Markup(f"<{tag}{start}{attrs}>\n{items}\n</{tag}>")
        if isinstance(block, Table):
            return self._table(block, attrs)
        if isinstance(block, Figure):
            if self.described and not block.alt:
                block = dataclasses.replace(block, alt=block.title or self.labels["picture"])
            caption = f"<figcaption>{escape(block.title)}</figcaption>" if block.title else ""
            sources = self.image_src(block)
            if isinstance(sources, Markup):  # a drawing the writer laid out itself (large print's SVGs)
                return Markup(f"<figure{self._read(block)}{attrs}>{sources}{caption}</figure>")
            if isinstance(sources, str):
                sources = [(sources, "")]
            # A picture drawn in parts (too wide for its words at this size) is one figure, described once.
            part = self.labels["picture_part"]
            alts = [block.alt] + [part.format(number=number, total=len(sources)) for number in
                                  range(2, len(sources) + 1)]
            images = "".join(f'<img src="{escape(src)}" alt="{escape(alt)}"'
                             + (f' style="{escape(style)}"' if style else "") + ">"
                             for (src, style), alt in zip(sources, alts))
            return Markup(f"<figure{self._read(block)}{attrs}>{images}{caption}</figure>")
        if isinstance(block, Quote):
            return Markup(f"<blockquote{self._read(block)}{attrs}>\n{self.blocks(block.blocks, block.lang)}\n"
                          "</blockquote>")
        if isinstance(block, Rule):
            return Markup("<hr>")
        if isinstance(block, CodeBlock):
            return Markup(f'<pre class="code"{self._read(block)}{attrs}><code>{escape(block.text)}</code></pre>')
        if isinstance(block, Container):
            return self._box(block, attrs)
        if isinstance(block, Group):  # Easy Read: the picture beside its sentences, as one unit
            return Markup(f'<div class="easy-group"{attrs}>\n<div class="easy-picture">'
                          f"{self.block(block.figure, block.lang)}</div>\n"
                          f'<div class="easy-text">\n{self.blocks(block.blocks, block.lang)}\n</div>\n</div>')
        if isinstance(block, DefinitionList):
            entries = []
            for item in block.items:
                entries.append(f"<dt{self._read(item)}{self._lang_attributes(item.lang, block.lang)}>"
                               f"{self.inlines(item.term, item.lang)}</dt>")
                entries += [f"<dd{self._read(*definition[:1])}>{self._item(definition, item.lang)}</dd>"
                            for definition in item.definitions]
            return Markup(f"<dl{attrs}>\n" + "\n".join(entries) + "\n</dl>")
        raise TypeError(f"no HTML for {type(block).__name__}")

    def _box(self, box: Container, attrs: str) -> Markup:
        """A box as an aside with a heading one level below the text around it: "Exercise: Saying no"."""
        level = min(self.level + 1, 6)
        identifier = box.anchor or self._unique("box")
        self._read(box, known=identifier)
        label, _ = self.locale.box(box.kind)
        title = self.inlines(box.title, box.lang)
        shown = Markup(f'<span class="box-label">{escape(label)}{":" if title else ""}</span>{" " if title else ""}'
                       ) if label else ""
        heading = Markup(f'<h{level} class="box-title" id="{identifier}">{shown}{title}</h{level}>')
        outer = self.level
        self.level = level
        body = self.blocks(box.blocks, box.lang)
        self.level = outer
        # Two boxes of one name ("Trainer note", twice in a module) would be two landmarks a screen reader
        # cannot tell apart: the second is named "Trainer note (2)".
        name = ": ".join(part for part in (label, plain_text(box.title)) if part)
        self.box_names[name] = self.box_names.get(name, 0) + 1
        named = f'aria-labelledby="{identifier}"' if self.box_names[name] == 1 else \
            f'aria-label="{escape(name)} ({self.box_names[name]})"'
        return Markup(f'<aside class="box box-{box.kind}" {named}{attrs}>\n{heading}\n{body}\n</aside>')

    def notes(self, module: Module, around: str) -> Markup:
        """The module's notes, after its text, each with a link back to where it was referred to."""
        if not module.notes:
            return Markup("")
        level = 2 + self.heading_shift
        identifier = f"{module.slug}-notes"
        self._read(module.notes, known=identifier)
        items = []
        for note in module.notes:
            self._read(note, *note.blocks[:1], known=note.anchor)
            back = (f' <a class="note-back" href="#{note.anchor}-ref" role="doc-backlink">'
                    f'{escape(self.labels["note_back"])}</a>') if self.back_links else ""
            items.append(f'<li id="{note.anchor}"{self._lang_attributes(note.lang, module.lang)}>'
                         f"{self._item(note.blocks, note.lang)}{back}</li>")
        return Markup(f'<section class="notes" role="doc-endnotes" aria-labelledby="{identifier}">\n'
                      f'<h{level} id="{identifier}">{escape(self.labels["notes"])}</h{level}>\n<ol>\n'
                      + "\n".join(items) + "\n</ol>\n</section>")

    def _unique(self, base: str) -> str:
        identifier, count = base, 1
        while identifier in self.ids:
            count += 1
            identifier = f"{base}-{count}"
        self.ids.add(identifier)
        return identifier

    def _item(self, blocks: list[Block], lang: str) -> Markup:
        """A list item whose only content is one paragraph is written without the <p>, as tight lists are."""
        if len(blocks) >= 1 and isinstance(blocks[0], Paragraph) and blocks[0].lang == lang:
            first = self.inlines(blocks[0].children, lang)
            rest = self.blocks(blocks[1:], lang)
            return Markup(first + ("\n" + rest if rest else ""))
        return self.blocks(blocks, lang)

    def _table(self, table: Table, attrs: str) -> Markup:
        # On the web page a table with column headers becomes, on a narrow phone, one block a row, each value
        # after its header (style.css): no column is off the screen. Its roles are written out, as a table
        # shown as blocks loses them in some browsers.
        stacks = self.scroll_tables and bool(table.header)
        headers = [plain_text(c.children) for c in table.header]

        def cell(tag: str, node, scope: str = "", column: int = -1) -> str:
            align = f' class="align-{node.align}"' if node.align in ("center", "right") else ""
            role = ""
            if stacks:
                role = ' role="columnheader"' if tag == "th" else ' role="cell"'
                if tag == "td" and 0 <= column < len(headers) and headers[column]:
                    role += f' data-label="{escape(headers[column])}"'
            return f"<{tag}{scope}{align}{role}>{self.inlines(node.children, table.lang)}</{tag}>"

        row_role, group = (' role="row"', ' role="rowgroup"') if stacks else ("", "")
        head = "".join(cell("th", c, ' scope="col"') for c in table.header)
        rows = "\n".join(f"<tr{self._read(row)}{row_role}>" + "".join(cell("td", c, column=n) for n, c in enumerate(row))
                         + "</tr>" for row in table.rows)
        thead = f"<thead{group}>\n<tr{row_role}>{head}</tr>\n</thead>\n" if table.header else ""  # a layout table: none
        opening = f'<table{attrs} class="stacks" role="table">' if stacks else f"<table{attrs}>"
        html = f"{opening}\n{thead}<tbody{group}>\n{rows}\n</tbody>\n</table>"
        if not self.scroll_tables:
            return Markup(html)
        # On a narrow screen a wide table scrolls inside its own box (WCAG 2.2 reflow: the page never does),
        # which a keyboard can reach and a screen reader names by the table's columns.
        columns = ", ".join(plain_text(c.children) for c in table.header)
        name = f"{self.labels['table']}: {columns}" if columns else self.labels["table"]
        return Markup(f'<div class="table-scroll" role="region" tabindex="0" aria-label="{escape(name)}">\n'
                      f"{html}\n</div>")

    def inlines(self, nodes: list[Inline], around: str) -> Markup:
        return Markup("").join(self.inline(node, around) for node in nodes)

    def inline(self, node: Inline, around: str) -> Markup:
        if isinstance(node, Text):
            text = self._text(node.text)
            if node.lang != around:
                return Markup(f"<span{self._lang_attributes(node.lang, around)}>{text}</span>")
            return text
        attrs = self._lang_attributes(node.lang, around)
        if isinstance(node, Strong):
            return Markup(f"<strong{attrs}>{self.inlines(node.children, node.lang)}</strong>")
        if isinstance(node, Emphasis):
            return Markup(f"<em{attrs}>{self.inlines(node.children, node.lang)}</em>")
        if isinstance(node, Code):
            return Markup(f"<code{attrs}>{escape(node.text)}</code>")
        if isinstance(node, Phrase):  # <kbd>, <sup>, <sub>, <mark>, <del>, <abbr title="...">
            title = Markup(' title="%s"') % node.title if node.title else ""
            return Markup(f"<{node.kind}{title}{attrs}>{self.inlines(node.children, node.lang)}</{node.kind}>")
        if isinstance(node, LineBreak):
            return Markup("<br>")
        if isinstance(node, Link):
            return self._link(node, attrs)
        if isinstance(node, NoteRef):
            identifier = self._unique(f"{node.anchor}-ref")
            text = escape(self.labels["note_ref"].format(number=node.number))
            return Markup(f' <a class="note-ref" href="#{node.anchor}" id="{identifier}" role="doc-noteref">'
                          f"({text})</a>")
        raise TypeError(f"no HTML for {type(node).__name__}")

    def _text(self, text: str) -> Markup:
        return marked_text(text)

    def _link(self, link: Link, attrs: str) -> Markup:
        text = self.inlines(link.children, link.lang)
        if link.module:
            href = self.module_href(link.module, f"{link.module}-{link.fragment}" if link.fragment
                                    else f"module-{link.module}")
            return Markup(f'<a class="internal" href="{escape(href)}"{attrs}>{text}</a>')
        if link.href.lower().startswith(self.unlinked_schemes or ("\0",)):
            return Markup(f"<span{attrs}>{text}</span>") if attrs else text
        shown = ""
        target = address_to_add(link, plain_text(link.children))
        if self.show_link_targets and target:
            shown = f' <span class="link-target">(<span dir="ltr">{escape(target)}</span>)</span>'
        return Markup(f'<a href="{escape(link.href)}"{attrs}>{text}</a>{shown}')
