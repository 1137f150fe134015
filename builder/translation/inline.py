"""Inline markup in translatable text: <b>bold</b>, <a1>link text</a1>, <br/>, <c>code</c>, <n1/> (note 1),
and the words HTML marks: <kbd>, <sup>, <sub>, <mark>, <del>, <abbr>.

Tags like these survive machine translation and are familiar to translators in Poedit or Weblate;
link addresses stay out of the text (kept from the source by number), so they cannot be mistranslated.
"""

from __future__ import annotations

import re

from builder.model import PHRASE_KINDS, Code, Emphasis, Inline, LineBreak, Link, NoteRef, Phrase, Source, Strong, Text
from builder.text import hidden_character
from builder.walk import inlines as walk_inlines
from builder.walk import links as walk_links

_TAG = re.compile(rf"<(/?)(b|c|a\d+|{'|'.join(PHRASE_KINDS)})>|<br\s*/?>|<n(\d+)\s*/>")


class MarkupError(ValueError):
    """A translation whose tags do not match its source text's."""


def to_tagged(nodes: list[Inline]) -> str:
    """Inline nodes as tagged text; `<` and `&` in the words are escaped as &lt; and &amp;."""
    counter = [0]

    def walk(items: list[Inline]) -> str:
        out = []
        for node in items:
            if isinstance(node, Text):
                out.append(_escape(node.text))
            elif isinstance(node, (Strong, Emphasis)):
                out.append(f"<b>{walk(node.children)}</b>")
            elif isinstance(node, Code):
                out.append(f"<c>{_escape(node.text)}</c>")
            elif isinstance(node, Phrase):
                out.append(f"<{node.kind}>{walk(node.children)}</{node.kind}>")
            elif isinstance(node, LineBreak):
                out.append("<br/>")
            elif isinstance(node, NoteRef):
                out.append(f"<n{node.number}/>")
            elif isinstance(node, Link):
                counter[0] += 1
                number = counter[0]
                out.append(f"<a{number}>{walk(node.children)}</a{number}>")
        return "".join(out)

    return walk(nodes)


def tag_signature(tagged: str) -> list[str]:
    """The sorted tags of a text, to check a translation kept the same markup."""
    return sorted(match.group(0).replace(" ", "") for match in _TAG.finditer(tagged))


def markup_problem(translation: str, source_tagged: str) -> str | None:
    """What is wrong with a translation's tags (or its characters) compared with its source, or None."""
    hidden = hidden_character(translation)
    if hidden is not None:
        return f"it holds an invisible control character (U+{ord(hidden):04X}): delete it"
    if tag_signature(translation) != tag_signature(source_tagged):
        return ("its <tags> differ from the source text's: keep each <b>, <a1>, <br/>, <c> and <n1/> tag, and "
                "close each one")
    opened: list[str] = []
    for match in _TAG.finditer(translation):
        closing, name = match.group(1), match.group(2)
        if name is None:
            continue
        if not closing:
            opened.append(name)
        elif not opened or opened.pop() != name:
            return f"</{name}> closes the wrong tag: close tags in the reverse order they were opened"
    return None


def from_tagged(tagged: str, source_nodes: list[Inline], source: Source, lang: str) -> list[Inline]:
    """Parse a translation back into inline nodes, taking link targets from the source nodes."""
    if tag_signature(tagged) != tag_signature(to_tagged(source_nodes)):
        raise MarkupError("its <tags> differ from the source text's: keep each <b>, <a1>, <br/>, <c> and "
                          "<n1/> tag, and close each one")
    links = walk_links(source_nodes)  # in the order to_tagged numbers them
    titles = [node.title for node in walk_inlines(source_nodes) if isinstance(node, Phrase) and node.kind == "abbr"]
    notes = {node.number: node for node in walk_inlines(source_nodes) if isinstance(node, NoteRef)}
    root: list[Inline] = []
    stack: list[tuple[str, list[Inline]]] = [("", root)]
    position = 0
    for match in _TAG.finditer(tagged):
        if match.start() > position:
            stack[-1][1].append(Text(_unescape(tagged[position:match.start()]), source, lang))
        position = match.end()
        closing, name, note = match.group(1), match.group(2), match.group(3)
        if note is not None:
            stack[-1][1].append(NoteRef(int(note), notes[int(note)].anchor, source, lang))
        elif name is None:
            stack[-1][1].append(LineBreak(source, lang))
        elif not closing:
            stack.append((name, []))
        else:
            opened, children = stack.pop()
            if opened != name:
                raise MarkupError(f"<{opened}> is closed by </{name}>: close tags in the reverse order")
            stack[-1][1].append(_node(name, children, links, titles, source, lang))
    if len(stack) != 1:
        raise MarkupError(f"<{stack[-1][0]}> is never closed")
    if position < len(tagged):
        root.append(Text(_unescape(tagged[position:]), source, lang))
    return root


def _node(name: str, children: list[Inline], links: list[Link], titles: list[str | None], source: Source,
          lang: str) -> Inline:
    if name == "b":
        return Strong(children, source, lang)
    if name in PHRASE_KINDS:  # an abbreviation keeps what it stands for from the source, in order
        return Phrase(name, children, source, lang, titles.pop(0) if name == "abbr" and titles else None)
    if name == "c":
        return Code("".join(c.text for c in children if isinstance(c, Text)), source, lang)
    original = links[int(name[1:]) - 1]
    return Link(original.href, children, source, lang, original.module, original.fragment)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&amp;", "&")
