"""HTML pieces read as a browser reads them, into a small tree of elements: tinyhtml5 (WeasyPrint's WHATWG
parser) tokenizes each piece markdown-it hands over; the tree nests elements as a browser would (a `<li>` ends
the one before it) and keeps the model nodes the Markdown between the pieces made, where they came. Elements
that could run or fetch something are left out with everything they hold, each reported with its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tinyhtml5.constants import Token
from tinyhtml5.tokenizer import HTMLTokenizer

if TYPE_CHECKING:
    from builder.reader.base import ReaderBase

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "keygen"}
# Left out with everything inside them: they could run or fetch something.
UNSAFE = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
          "template", "portal", "noembed", "noframes", "xmp", "plaintext", "head", "title"}
# Left out with everything inside them: nothing a reader of print, braille or audio could use.
NOT_SHOWN = {"canvas", "svg", "math", "input", "button", "select", "datalist", "option", "optgroup",
             "output", "source", "track", "param", "area", "map", "col", "colgroup", "progress", "meter"}
RAW_TEXT = {"script": "script_data_state", "style": "rawtext_state", "iframe": "rawtext_state",
            "noembed": "rawtext_state", "noframes": "rawtext_state", "xmp": "rawtext_state",
            "textarea": "rcdata_state", "title": "rcdata_state", "plaintext": "plaintext_state"}
PHRASES = {"kbd": "kbd", "sup": "sup", "sub": "sub", "mark": "mark", "del": "del", "s": "del", "strike": "del",
           "abbr": "abbr", "acronym": "abbr"}
# Inline elements whose words are simply shown (their look is each format's to decide).
PLAIN = {"span", "font", "small", "big", "u", "ins", "cite", "dfn", "time", "data", "bdi", "bdo", "q", "label",
         "nobr", "a", "em", "i", "strong", "b", "code", "tt", "samp", "var", "br", "wbr", "img", "ruby", "rt", "rp",
         "audio", "video", "picture", "form", "fieldset", "legend", *PHRASES}
BLOCKS = {"div", "section", "article", "header", "footer", "main", "nav", "center", "address", "hgroup", "search",
          "body", "html", "aside", "figure", "figcaption", "details", "summary", "p", "h1", "h2", "h3", "h4", "h5",
          "h6", "hr", "blockquote", "ul", "ol", "menu", "li", "dl", "dt", "dd", "pre", "table", "thead", "tbody",
          "tfoot", "tr", "th", "td", "caption", "dialog", "fieldset", "legend", "form"}
CLOSES_P = BLOCKS - {"span", "summary", "figcaption", "li", "dt", "dd", "td", "th", "tr", "caption", "legend"}
# An element that ends one of these when it starts, as a browser does: <li> ends the <li> before it.
ENDS = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr", "td", "th"}, "td": {"td", "th"},
        "th": {"td", "th"}, "thead": {"tbody", "tr", "td", "th"}, "tbody": {"thead", "tbody", "tr", "td", "th"},
        "tfoot": {"tbody", "tr", "td", "th"}, "option": {"option"}}
LIST_SCOPE = {"ul", "ol", "menu", "dl", "table", "div", "blockquote", "details", "section"}
MAX_DEPTH = 32  # elements that shape the model, inside one another; deeper ones only keep their words
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


@dataclass
class Element:
    """An HTML element as read: its name, attributes, line, and children (words, elements, or model nodes
    that Markdown between the pieces of HTML made)."""

    name: str
    attrs: dict[str, str]
    line: int
    children: list[Any] = field(default_factory=list)


@dataclass
class Words:
    text: str
    line: int


@dataclass
class Made:
    """Model nodes the Markdown made, in the place they came."""

    nodes: list[Any]


class Tree:
    """HTML pieces and model nodes built into one tree of elements, as a browser would nest them."""

    def __init__(self, reader: ReaderBase):
        self.reader = reader
        self.root = Element("#root", {}, 0)
        self.stack: list[Element] = [self.root]
        self.used = False  # some HTML was read (else the tree holds only Markdown's nodes)

    def feed(self, html: str, line: int) -> None:
        skipping: str | None = None  # inside an element left out with its content
        for kind, name, data, at in tokens(html):
            at += line
            if kind == Token.CHARACTERS:
                if skipping is None:
                    self.used = True
                    self.stack[-1].children.append(Words(data, at))
            elif kind == Token.START_TAG:
                if skipping is not None:
                    continue
                self.used = True
                attrs = self._attributes(name, dict(data), at)
                if name in UNSAFE or name in NOT_SHOWN:
                    self._left_out(name, at)
                    if name not in VOID:
                        skipping = name
                    continue
                self.start(name, attrs, at, void=name in VOID)
            elif kind == Token.END_TAG:
                if skipping is not None:
                    if name == skipping:
                        skipping = None
                    continue
                self.used = True
                self.end(name)
            elif kind == Token.DOCTYPE:
                self.used = True

    def _attributes(self, name: str, attrs: dict[str, str], line: int) -> dict[str, str]:
        kept = {}
        for key, value in attrs.items():
            key = key.lower()
            if key.startswith("on"):
                self.reader.warning(line, f"the '{key}' attribute on <{name}> would run a script: it is left out of "
                                          "every format", "html.unsafe")
            elif key in ("href", "src", "action", "formaction", "poster", "background", "cite") and \
                    value.strip().lower().replace("\t", "").replace("\n", "").startswith(UNSAFE_SCHEMES):
                self.reader.warning(line, f"<{name} {key}=\"{value.strip()[:30]}...\"> could run a script or read a "
                                          "file: the address is left out of every format", "html.unsafe")
            else:
                kept[key] = value
        return kept

    def _left_out(self, name: str, line: int) -> None:
        if name in UNSAFE:
            self.reader.warning(line, f"<{name}> could run or fetch something, so it is left out of every format, "
                                      "with all it holds", "html.unsafe")
        else:
            self.reader.warning(line, f"<{name}> cannot be shown in print, braille or audio, so it is left out: "
                                      "describe it in words instead", "markdown.html")

    def start(self, name: str, attrs: dict[str, str], line: int, void: bool = False) -> None:
        if name in CLOSES_P and self._open("p", stop=LIST_SCOPE):
            self.end("p")
        for ended in ENDS.get(name, ()):
            if self._open(ended, stop=LIST_SCOPE | {"ul", "ol", "dl", "table"} - {ended}):
                self.end(ended)
        element = Element(name, attrs, line)
        if void:
            self.stack[-1].children.append(element)
        elif len(self.stack) > MAX_DEPTH or (name in ("div", "span", "section", "center", "font", "small") and
                                            not set(attrs) & {"lang", "xml:lang", "class"}):
            # a plain <div> (or one too deep to shape the model) only keeps its words: it takes none of its own
            self.stack.append(Element(name, {}, line, self.stack[-1].children))
        else:
            self.stack[-1].children.append(element)
            self.stack.append(element)

    def end(self, name: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].name == name:
                del self.stack[index:]
                return
        # an end tag with nothing to end: a browser ignores it, and so does every format

    def _open(self, name: str, stop: set[str]) -> bool:
        for element in reversed(self.stack[1:]):
            if element.name == name:
                return True
            if element.name in stop:
                return False
        return False

    def add(self, nodes: list[Any]) -> None:
        if nodes:
            self.stack[-1].children.append(Made(nodes))

    @property
    def lang(self) -> str | None:
        for element in reversed(self.stack):
            if element.attrs.get("lang") or element.attrs.get("xml:lang"):
                return element.attrs.get("lang") or element.attrs.get("xml:lang")
        return None


def comment_only(html: str) -> bool:
    """A comment (`<!-- a note to self -->`): editors show nothing, and neither does any format."""
    return all(kind == Token.COMMENT or (kind == Token.CHARACTERS and not data.strip())
               for kind, _, data, _ in tokens(html))


@lru_cache(maxsize=4096)
def tokens(html: str) -> tuple[tuple[Token, str, Any, int], ...]:
    """A piece of HTML as tinyhtml5 tokenizes it: (kind, tag name, attributes or words, line after the first),
    characters joined, parse errors dropped; the words of <script>, <style> and the like read as a browser
    reads them (not as tags). The same tag (`<kbd>`) recurs: each is tokenized once."""
    found: list[tuple[Token, str, Any, int]] = []
    tokenizer = HTMLTokenizer(html)
    for token in tokenizer:
        kind = token["type"]
        line = tokenizer.stream.position()[0] - 1
        if kind in (Token.CHARACTERS, Token.SPACE_CHARACTERS):
            text = token["data"]
            if found and found[-1][0] == Token.CHARACTERS:
                found[-1] = (Token.CHARACTERS, "", found[-1][2] + text, found[-1][3])
            else:
                found.append((Token.CHARACTERS, "", text, line - text.count("\n")))
        elif kind in (Token.START_TAG, Token.END_TAG):
            if kind == Token.START_TAG and token["name"] in RAW_TEXT:
                tokenizer.state = getattr(tokenizer, RAW_TEXT[token["name"]])
            data = tuple(token["data"].items()) if kind == Token.START_TAG else ()
            found.append((kind, token["name"], data, line))
        elif kind in (Token.COMMENT, Token.DOCTYPE):
            found.append((kind, "", "", line))
    return tuple(found)
