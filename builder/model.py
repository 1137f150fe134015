"""The document model every writer walks: course -> modules -> blocks -> inlines.

Markdown is parsed once into these nodes (see `builder.reader`); writers never see Markdown.
Every node records the file and line it came from and the language of its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Union
from urllib.parse import unquote

if TYPE_CHECKING:  # the settings are plain data (builder.config): the model depends on nothing else of the builder
    from builder.config import CourseConfig


@dataclass(frozen=True)
class Source:
    """Where a node came from: a file and a 1-based line number."""

    path: Path
    line: int


# ---- inline nodes -------------------------------------------------------------------------------


@dataclass
class Text:
    text: str
    source: Source
    lang: str


@dataclass
class Strong:
    children: list[Inline]
    source: Source
    lang: str


@dataclass
class Emphasis:
    """Emphasis written with single stars; every writer shows it as bold (UKAAF: no italics)."""

    children: list[Inline]
    source: Source
    lang: str


@dataclass
class Link:
    """A link. `module` is set when it points at another module of the course."""

    href: str
    children: list[Inline]
    source: Source
    lang: str
    module: str | None = None  # target module slug
    fragment: str | None = None  # heading anchor inside that module
    target: str | None = None  # a MyST label, found in whichever module holds it once every module is read
    # A reference link (`[words][ref]`) whose address is defined inside a box of this kind: an edition without
    # that box (a trainer's) shows only the link's words
    defined_in: str | None = None


@dataclass
class Phrase:
    """Words HTML (or a dialect) marks with a meaning some formats can show: `kbd` a key to press, `sup` and
    `sub` raised and lowered text, `mark` highlighted, `del` struck out, `abbr` an abbreviation (`title`: what
    it stands for). A format that has no way to show one gives its words as they are."""

    kind: str
    children: list[Inline]
    source: Source
    lang: str
    title: str | None = None


@dataclass
class Code:
    text: str
    source: Source
    lang: str


@dataclass
class LineBreak:
    source: Source
    lang: str


@dataclass
class NoteRef:
    """A reference to one of the module's notes (a Markdown footnote); notes are numbered from 1 in the
    order they are first referred to."""

    number: int
    anchor: str  # the note's anchor, e.g. `03-your-rights-note-1`
    source: Source
    lang: str


Inline = Union[Text, Strong, Emphasis, Link, Phrase, Code, LineBreak, NoteRef]
PHRASE_KINDS = ("kbd", "sup", "sub", "mark", "del", "abbr")


# ---- block nodes --------------------------------------------------------------------------------


@dataclass
class Heading:
    """A section heading inside a module: level 2 to 6 below the module title (level 1), never skipping a
    level (the reader moves a heading that does, as PDF/UA and screen readers need)."""

    level: int
    children: list[Inline]
    anchor: str
    source: Source
    lang: str
    minutes: int | None = None  # `## Practice {duration=20}`: the section's time in the session plan


@dataclass
class Paragraph:
    children: list[Inline]
    source: Source
    lang: str


@dataclass
class ListItem:
    blocks: list[Block]
    source: Source
    lang: str


@dataclass
class ListBlock:
    ordered: bool
    items: list[ListItem]
    source: Source
    lang: str
    start: int = 1


@dataclass
class Cell:
    children: list[Inline]
    source: Source
    lang: str
    align: str | None = None  # "left", "center", "right" or None


@dataclass
class Table:
    header: list[Cell]
    rows: list[list[Cell]]
    source: Source
    lang: str


@dataclass
class Figure:
    """An image with its alt text; `path` is the resolved file inside the content folder. An SVG's text is
    kept, so that each version can translate and recolour its words."""

    path: Path
    src: str  # as written in the Markdown, e.g. images/scale.png
    alt: str
    title: str | None
    source: Source
    lang: str
    svg: str | None = None  # an SVG picture's text: checked, and translated in a translated version


@dataclass
class Quote:
    blocks: list[Block]
    source: Source
    lang: str


@dataclass
class Rule:
    """A thematic break (`---`): a change of topic."""

    source: Source
    lang: str


@dataclass
class CodeBlock:
    """Preformatted text (a fenced or indented code block): its lines and spaces are kept as written.

    The fence's info word (```` ```sh ````) says what the text is written in; it is never shown."""

    text: str  # the lines, joined with "\n", without a final newline
    info: str
    source: Source
    lang: str


@dataclass
class Container:
    """A named box, written `::: exercise Practise saying no` ... `:::`: a note, tip, exercise, answer...

    `kind` is the box's canonical name (see `builder.boxes`), which decides its label in every language;
    `title` is what the author wrote after the name, or the heading the box starts with."""

    kind: str
    name: str  # as the author wrote it, e.g. "callout-tip" or "Challenge"
    title: list[Inline]
    blocks: list[Block]
    source: Source
    lang: str
    anchor: str | None = None  # set when the box's title came from a heading that links may point at
    attributes: dict[str, str] = field(default_factory=dict)  # other attributes the author gave
    minutes: int | None = None  # `::: activity {duration=15}`: the activity's time in the session plan


@dataclass
class Definition:
    """One term of a definition list and its definitions (each a list of blocks)."""

    term: list[Inline]
    definitions: list[list[Block]]
    source: Source
    lang: str


@dataclass
class DefinitionList:
    items: list[Definition]
    source: Source
    lang: str


@dataclass
class Group:
    """Easy Read: a picture beside the one to three short sentences it goes with (a `.easy.md` companion
    module), shown side by side in print and read picture first."""

    figure: Figure
    blocks: list[Block]
    source: Source
    lang: str


Block = Union[Heading, Paragraph, ListBlock, Table, Figure, Quote, Rule, CodeBlock, Container, DefinitionList, Group]


@dataclass
class Note:
    """A note (Markdown footnote) of a module, shown after the module's text."""

    number: int
    anchor: str
    blocks: list[Block]
    source: Source
    lang: str
    defined_in: str | None = None  # the kind of box its text is written in: an edition without it has no note


# ---- documents ----------------------------------------------------------------------------------


@dataclass
class Module:
    """One Markdown file of the course: `NN-slug.md`, or a file `[course] modules` lists."""

    number: int
    slug: str  # e.g. `03-saying-no`: the file name without `.md`, numbered if the name is not
    title: list[Inline]
    blocks: list[Block]
    source: Source  # the title's location
    lang: str
    summary: str | None = None
    duration: str | None = None
    duration_minutes: int | None = None  # `duration` read as minutes, when it is a time
    notes: list[Note] = field(default_factory=list)
    materials: list[str] = field(default_factory=list)  # what the trainer brings (trainer edition only)
    labels: dict[str, str] = field(default_factory=dict)  # MyST `(name)=` targets: name -> heading anchor ("" = top)
    answers_for_participants: bool = False  # front matter `answers: participants`
    easy_read: bool = False  # an Easy Read companion (`NN-slug.easy.md`): groups of a picture and sentences

    @property
    def anchor(self) -> str:
        return f"module-{self.slug}"

    @property
    def title_text(self) -> str:
        return plain_text(self.title)


@dataclass
class Course:
    config: CourseConfig
    modules: list[Module]
    content_dir: Path
    lang: str
    machine_translated: bool = False  # some text is machine-made and not yet checked by a person
    untranslated: int = 0  # passages left in the source language (build --allow-untranslated)
    images: list[Path] = field(default_factory=list)
    pronunciations: dict[str, dict[str, str]] = field(default_factory=dict)  # language tag -> {written: said}
    edition: str = "participant"  # who this version is for (builder.editions)
    companions: list[Module] = field(default_factory=list)  # Easy Read companions (`NN-slug.easy.md`)
    credit: str = ""  # a line every cover shows (the symbols' licence asks for it); never read aloud
    web_pictures: list[str] = field(default_factory=list)  # pictures on the web the course keeps no copy of

    def pronunciations_for(self, lang: str) -> dict[str, str]:
        """The pronunciation list for `lang` (e.g. `en-GB`): its own entries, then its primary tag's (`en`),
        then those for every language (`[all]`)."""
        return {**self.pronunciations.get("all", {}), **self.pronunciations.get(lang.split("-")[0], {}),
                **self.pronunciations.get(lang, {})}


# ---- helpers shared by writers ------------------------------------------------------------------


def plain_text(inlines: list[Inline]) -> str:
    """The text of inline nodes with markup dropped, e.g. for titles and alt text."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append(" ")
        elif isinstance(node, NoteRef):
            continue
        else:
            parts.append(plain_text(node.children))
    return "".join(parts)


def address_to_add(link: Link, text: str) -> str | None:
    """What print, braille and audio add after a link's words so a reader without the link has it: the
    web or email address, or the number to call or text; None when the words already show it."""
    if link.module:
        return None
    scheme, _, rest = link.href.partition(":")
    if scheme.lower() in ("tel", "sms"):
        digits = re.sub(r"\D", "", rest)
        return None if digits in re.sub(r"\D", "", text) else unquote(rest)
    target = rest if scheme.lower() == "mailto" else link.href
    return None if target.rstrip("/") in text else target


def headings(module: Module) -> list[Heading]:
    """The module's section headings in order (top-level blocks only, as contents lists need)."""
    return [block for block in module.blocks if isinstance(block, Heading)]
