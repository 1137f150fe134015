"""Inline Markdown (words, bold, links, code, notes, pictures in text) read into model nodes with their lines."""

from __future__ import annotations

import re
from typing import Any

from markdown_it.tree import SyntaxTreeNode

from builder.model import (Code, Emphasis, Inline, LineBreak, Link, NoteRef, Phrase, Source, Strong, Text,
                           plain_text)
from builder.reader import figures as pictures
from builder.reader import links
from builder.reader.attributes import leading_attributes
from builder.reader.base import ReaderBase
from builder.reader.html import InlineFlow

# Markup CommonMark leaves as text when it has nothing to join it to: shown as an editor shows it, and reported.
_UNDEFINED_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
_UNDEFINED_LINK = re.compile(r"\[([^\[\]]*)\]\[([^\[\]]+)\]")


class InlineReader(ReaderBase):
    """Inline nodes: each kind of syntax-tree node to model nodes, asking the dialects first."""

    def inlines(self, nodes: list[SyntaxTreeNode], line: int, lang: str) -> list[Inline]:
        """Inline nodes as model nodes, starting at source line `line`, tidied (no pictures split out)."""
        return tidy(self.inline_run(nodes, line, lang, figures=False))

    def inline_run(self, nodes: list[SyntaxTreeNode], line: int, lang: str, figures: bool) -> list[Any]:
        """Inline nodes as model nodes, untidied; with `figures`, a picture that can be shown comes back as
        a Figure among them, for the paragraph to set apart."""
        saved, self.line = self.line, line
        try:
            return self.inline_children(nodes, lang, figures)
        finally:
            self.line = saved

    def inline_children(self, nodes: list[SyntaxTreeNode], lang: str, figures: bool = False) -> list[Any]:
        if not any(node.type == "html_inline" for node in nodes):  # most text has no HTML: no flow to keep
            return self._plain_children(nodes, lang, figures)
        flow = InlineFlow(self, lang, figures)
        for index, node in enumerate(nodes):
            if node.type == "image":  # `{alt='...'}` in single quotes, or over several lines, left as text
                node.attrs.update(_attributes_after(nodes[index + 1:]))  # type: ignore[union-attr]
            if node.type == "html_inline":
                flow.html(node.content)
            elif node.type == "text" and "text" not in self.inline_rules:
                flow.add(self.text(self.attributes_after(flow.last(), node.content), flow.lang))
            else:
                flow.add(self.inline(node, flow.lang, figures and flow.at_top))
        return flow.finish()

    def _plain_children(self, nodes: list[SyntaxTreeNode], lang: str, figures: bool) -> list[Any]:
        converted: list[Any] = []
        for index, node in enumerate(nodes):
            if node.type == "image":
                node.attrs.update(_attributes_after(nodes[index + 1:]))  # type: ignore[union-attr]
            if node.type == "text" and "text" not in self.inline_rules:
                converted.extend(self.text(self.attributes_after(converted[-1] if converted else None,
                                                                 node.content), lang))
            else:
                converted.extend(self.inline(node, lang, figures))
        return converted

    def inline(self, node: SyntaxTreeNode, lang: str, figures: bool = False) -> list[Any]:
        self.figures_allowed = figures  # for a dialect's rule that makes a picture (an Obsidian embed)
        for rule in self.inline_rules.get(node.type, ()):
            found = rule(self, node, lang)
            if found is not None:
                return found
        kind = node.type
        source = self.source(self.line)
        if kind == "text":
            return self.text(node.content, lang)
        if kind == "softbreak":  # in Easy Read each sentence is on its own line, in print too
            self.line += 1
            return [LineBreak(source, lang) if self.easy else Text(" ", source, lang)]
        if kind == "hardbreak":
            self.line += 1
            return [LineBreak(source, lang)]
        if kind in ("strong", "em"):
            inner = self.inline_children(list(node.children), lang)
            return [Strong(inner, source, lang) if kind == "strong" else Emphasis(inner, source, lang)]
        if kind == "s":
            return [Phrase("del", self.inline_children(list(node.children), lang), source, lang)]
        if kind == "code_inline":
            return [Code(node.content, source, lang)]
        if kind == "link":
            inner = self.inline_children(list(node.children), lang)
            return self.link(str(node.attrs.get("href", "")), inner, source, lang)
        if kind == "span":
            span_lang = self.language(dict(node.attrs), lang, self.line)
            return self.inline_children(list(node.children), span_lang)
        if kind == "footnote_ref":
            number = int(node.meta["id"]) + 1
            return [NoteRef(number, self.note_anchor(number), source, lang)]
        if kind == "image":
            words = plain_text(self.inline_children(list(node.children), lang))
            alt = str(node.attrs.get("alt") or node.attrs.get("fig-alt") or node.attrs.get("fig.alt") or "") or words
            attributes = {k: str(v) for k, v in node.attrs.items() if k not in ("src", "alt", "title")}
            # Quarto's `![Caption](x.png){fig-alt="..."}`: the words in brackets are the caption
            title = node.attrs.get("title") or (words if alt != words and words.strip() else None)
            return self.picture(str(node.attrs.get("src", "")), alt.strip(), str(title) if title else None,
                                attributes, lang, figures)
        self.warning(self.line, f"'{kind}' is not a kind of Markdown this builder knows: its words are shown as "
                                "they are", "markdown.unsupported")
        return self.inline_children(list(node.children), lang)

    def text(self, text: str, lang: str) -> list[Inline]:
        """Words as markdown-it left them, with what each dialect rewrites in them (shortcodes, template tags)
        and the markup CommonMark could not use taken out, as an editor shows them."""
        for rule in self.text_rules:
            text = rule(self, text, self.line)
        if "[" in text:
            text = _UNDEFINED_NOTE.sub(self._undefined_note, text)
            text = _UNDEFINED_LINK.sub(self._undefined_link, text)
        return [Text(text, self.source(self.line), lang)] if text else []

    def _undefined_note(self, found: re.Match) -> str:
        self.warning(self.line, f"the note '[^{found.group(1)}]' is referred to but never written, so the mark is "
                                f"shown as it is written: add a line '[^{found.group(1)}]: the words of the note' at "
                                "the end of the module", "note.undefined")
        return found.group(0)

    def _undefined_link(self, found: re.Match) -> str:
        self.warning(self.line, f"the link '[{found.group(1)}][{found.group(2)}]' names a link '{found.group(2)}' that "
                                "is not defined, so it is shown as it is written, as an editor shows it: add a line "
                                f"'[{found.group(2)}]: https://...' at the end of the module", "link.undefined")
        return found.group(0)

    def picture(self, src: str, alt: str, title: str | None, attributes: dict[str, str], lang: str,
                shown: bool) -> list[Any]:
        return pictures.picture(self, src, alt, title, attributes, lang, shown)

    def link(self, href: str, children: list[Inline], source: Source, lang: str) -> list[Inline]:
        return links.link(self, href, children, source, lang)

    def note_anchor(self, number: int) -> str:
        return f"{self.slug}-note-{number}"

    def attributes_after(self, previous: Any, text: str) -> str:
        """`**Dzień dobry**{lang=pl}`: attributes straight after bold text apply to it; the rest of the text."""
        found = leading_attributes(text) if isinstance(previous, (Strong, Emphasis, Phrase)) else None
        if not found:
            return text
        previous.lang = self.language(found[0], previous.lang, self.line)
        relabel(previous.children, previous.lang)
        return text[found[1]:]


def _attributes_after(following: list[SyntaxTreeNode], most: int = 12) -> dict[str, str]:
    """Attributes written straight after a picture as text (`{alt='...' width="67%"}`, perhaps over several
    lines), taken out of that text; {} when there are none."""
    joined, used = "", []
    for node in following[:most]:
        if node.type not in ("text", "softbreak"):
            break
        piece = node.content if node.type == "text" else " "
        joined += piece
        used.append((node, len(piece)))
        if not joined.startswith("{"):
            return {}
        found = leading_attributes(joined) if "}" in piece else None
        if found:
            left = found[1]
            for taken, length in used:  # take the attributes' characters out of the nodes they were in
                cut = min(left, length)
                taken.token.type = "text"  # type: ignore[union-attr]
                taken.token.content = (taken.content if taken.type == "text" else " ")[cut:]  # type: ignore
                left -= cut
            return found[0]
    return {}


def relabel(nodes: list[Inline], lang: str) -> None:
    for node in nodes:
        node.lang = lang
        if isinstance(node, (Strong, Emphasis, Link, Phrase)):
            relabel(node.children, lang)


def tidy(nodes: list[Inline]) -> list[Inline]:
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
    while merged and isinstance(merged[0], LineBreak):
        merged.pop(0)
    while merged and isinstance(merged[-1], LineBreak):
        merged.pop()
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

