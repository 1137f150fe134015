"""The trainer's checker: accessibility and plain-English rules run over the model, reported like a
compiler (`file:line: level: message [code]`), plus a summary of each module.

What the reader finds (builder/reader/codes.py) is reported while reading; the rules here add the warnings
from UKAAF and plain-English guidance. Each rule has a code, explained in the README, and
warnings can be switched off in course.toml under [check].
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from builder import easy_read
from builder.boxes import TRAINER_ONLY
from builder.emoji import emoji_name, find_emoji
from builder.languages import lookup
from builder.model import (Cell, Container, Course, Definition, Emphasis, Figure, Heading, Link, Module, Paragraph,
                           Table, Text, plain_text)
from builder.options import Option
from builder.problems import Problem, display_path
from builder.session_plan import session_plan
from builder.walk import inlines as walk_inlines
from builder.walk import blocks, module_nodes

OPTIONS = (
    Option("disable", 'warning codes to switch off, e.g. ["plain.long-sentence"]', [], kind="str-list"),
    Option("max-sentence-words", "longest sentence before a warning", 25, kind="int", minimum=10, maximum=100),
    Option("max-paragraph-words", "longest paragraph before a warning", 100, kind="int", minimum=30, maximum=500),
    Option("min-reading-ease", "Flesch reading ease below which a module is flagged (60 is plain English)", 60,
           kind="int", minimum=0, maximum=100),
)

# code -> what it means and how to fix it (the README lists the same)
WARNINGS = {
    "style.italic": "italic text is hard to read in large print: use **bold** for emphasis",
    "style.capitals": "text in block capitals is hard to read: write it in ordinary capitals and lower case",
    "link.vague-text": "link text should say where it goes: a screen reader lists links out of context",
    "plain.long-sentence": "long sentences are hard to follow: split it into two or more",
    "plain.long-paragraph": "long paragraphs are hard to follow: split it, or use a list",
    "plain.reading-ease": "the module is hard to read: use shorter sentences and everyday words",
    "audio.pronunciation": "the narrator may say this badly: add it to content/pronunciations.toml",
    "audio.phone-number": "a number marked as a tel: or sms: link is read digit by digit in every language and "
                          "can be tapped",
    "pronunciations.unused-language": "a section for a language the course does not have is never used",
    "labels.english": "the words the builder adds (Contents, Picture, box names) are in English in this "
                               "language's versions until it has its own labels file",
    "picture.raster-text": "words in a PNG or JPEG cannot be made larger for large print or translated: draw the "
                           "picture as SVG, with its words as text",
    "braille.wide-table": "the table is wider than a braille line: braille will show it row by row",
    "style.emoji": "screen readers, braille and the audio version say each emoji by its name; use few, and never "
                   "in place of words",
    "plan.total": "the session plan (trainer edition) shows both times; make them agree",
    "plan.section-overrun": "activities are part of their section's time, so they must fit inside it",
    "trainer.no-notes": "a co-trainer running the activity needs to know how: add a '::: trainer' box inside it "
                        "or straight after it",
    **easy_read.WARNINGS,
}
ACTIVITY_KINDS = {"exercise", "activity", "discussion"}
# A description that suggests the picture holds words: labels, steps, quoted words.
WORDS_IN_PICTURE = re.compile(r"\b(?:labels?|labelled|says|reads|written|words|text|step \d+|titled)\b"
                              r"|[\"“‘][^\"”’]+[\"”’]", re.IGNORECASE)
VAGUE_LINK_TEXT = {"here", "click here", "click", "this", "this link", "link", "read more", "more", "go",
                   "this page", "website", "click this link"}
SAFE_ABBREVIATIONS = {"OK", "UK", "TV", "I"}
READING_EASE_LANGUAGES = {"en", "de", "es", "fr", "it", "nl", "ru"}  # textstat has a formula for these
BRAILLE_CELLS = 40
SYMBOLS = re.compile(r"[&@%#+=~^*<>|\\]")
ABBREVIATION = re.compile(r"(?<![\w&.])[A-Z][A-Z0-9&.]*[A-Z0-9](?![\w&])")
# Numbers that look like UK phone or text numbers: emergency and NHS numbers, 116 helplines, 0800, 0808,
# 0300 and other 0 numbers in groups, +44 numbers, and five-digit text numbers (with "text" or "SMS" near).
# not part of 1,000, 2.5, £12, a reference (ISBN 978-0-12345), a code (v12345b) or a web address
_NOT_IN_A_NUMBER = (r"(?<![\w£$€/-])(?<!\d[.,])", r"(?![\w%/-]|[.,]\d)")
PHONE_NUMBER = re.compile(_NOT_IN_A_NUMBER[0] + r"(?:\+44[\s\d]{9,13}\d|0\d{2,4}(?:[ -]?\d{3,4}){2}|116 ?\d{3}|999|"
                          r"111|112)" + _NOT_IN_A_NUMBER[1])
TEXT_NUMBER = re.compile(_NOT_IN_A_NUMBER[0] + r"\d{5}" + _NOT_IN_A_NUMBER[1])
TEXT_WORDS = re.compile(r"\b(?:text|texting|sms|txt)\b", re.IGNORECASE)
PHONE_SCHEMES = ("tel:", "sms:")
_WORD = re.compile(r"\S+")
_DOT_WORD = re.compile(r"\.\w")
_WORD_DOT_WORD = re.compile(r"\w\.\w")


def without_addresses(text: str) -> str:
    """The text with each e-mail or web address (a word holding `name@host.org`, `http://`, or `host.org/`)
    blanked, word by word: the regular expression it replaces tried every start in a long run of letters
    or dots against the rest of the run, in time growing with its square (issue 38)."""
    return _WORD.sub(lambda found: " " if _is_address(found.group(0)) else found.group(0), text)


def _is_address(word: str) -> bool:
    at = word.find("@", 1)
    if at > 0 and _DOT_WORD.search(word, at + 2):
        return True
    if "http://" in word or "https://" in word:
        return True
    slash = word.find("/")
    return slash > 0 and bool(_WORD_DOT_WORD.search(word, 0, slash))


@dataclass
class ModuleSummary:
    path: str
    title: str
    words: int
    reading_minutes: float
    reading_ease: float | None
    planned_minutes: int | None = None  # the session plan's total, when the module has times
    stated_minutes: int | None = None  # the module's duration, when it reads as a time


def run_checks(course: Course, options: Mapping[str, Any], reading: list[Problem] = (),
               measure_reading_ease: bool = True) -> list[Problem]:
    """Every warning for the course (the checker's and those found while `reading` it), sorted by file and
    line, without the codes switched off in course.toml. Reading ease is the one slow measure (textstat, a
    second for the sample): a build leaves it to `check`."""
    found: list[Problem] = [p for p in reading if not p.is_error]
    for module in [*course.modules, *course.companions]:
        found.extend(_ModuleChecker(course, module, options).problems(measure_reading_ease))
    disabled = set(options["disable"])
    return sorted(p for p in found if p.code not in disabled)


def summaries(course: Course) -> list[ModuleSummary]:
    """Words, reading time (200 words a minute) and reading ease for each module (the formats that time
    modules add their own columns: see `BaseWriter.timed`)."""
    result = []
    for module in course.modules:
        text = module_text(module)
        words = len(text.split())
        plan = session_plan(module)
        result.append(ModuleSummary(display_path(module.source.path), module.title_text, words, words / 200,
                                    reading_ease(text, module.lang), plan.total if plan else None,
                                    module.duration_minutes))
    return result


def module_text(module: Module) -> str:
    """The module's running text, for word counts and reading ease: titles, headings and paragraphs."""
    parts = [module.title_text + "."]
    for node in module_nodes(module):
        if isinstance(node, (Paragraph, Heading)):
            parts.append(plain_text(node.children))
    return " ".join(parts)


def reading_ease(text: str, lang: str) -> float | None:
    """Flesch reading ease (higher is easier; 60 to 70 is plain English), where textstat has a formula."""
    language = lookup(lang)
    if language is None or language.code not in READING_EASE_LANGUAGES or not text.strip():
        return None
    import textstat

    textstat.set_lang(language.code)
    return float(textstat.flesch_reading_ease(text))


class _ModuleChecker:
    def __init__(self, course: Course, module: Module, options: Mapping[str, Any]):
        self.course = course
        self.module = module
        self.options = options
        self.path = display_path(module.source.path)
        self.said = set(course.pronunciations_for(module.lang))
        self.found: list[Problem] = []
        self.numbers_seen: set[tuple[int, str]] = set()
        self.unsaid: set[str] = set()  # words and symbols already reported: once a module is enough to fix them

    def warn(self, line: int, code: str, message: str) -> None:
        self.found.append(Problem(self.path, line, "warning", f"{message}: {WARNINGS[code]}", code))

    def problems(self, measure_reading_ease: bool = True) -> list[Problem]:
        for node in module_nodes(self.module):
            if isinstance(node, Paragraph):
                self._paragraph(node)
            if isinstance(node, (Paragraph, Heading, Cell)):
                self._inline_rules(node.children)
            elif isinstance(node, Container):
                self._inline_rules(node.title)
            elif isinstance(node, Definition):
                self._inline_rules(node.term)
            elif isinstance(node, Table):
                self._table(node)
            elif isinstance(node, Figure) and node.svg is None:
                self._raster_picture(node)
        self._inline_rules(self.module.title)
        self._plan()
        if self.module.easy_read:
            for line, code, message in easy_read.problems(self.module):
                self.warn(line, code, message)
        ease = reading_ease(module_text(self.module), self.module.lang) if measure_reading_ease else None
        if ease is not None and ease < self.options["min-reading-ease"]:
            self.warn(self.module.source.line, "plain.reading-ease",
                      f"reading ease is {ease:.0f} (aim for {self.options['min-reading-ease']} or more)")
        return self.found

    def _raster_picture(self, figure: Figure) -> None:
        config = self.course.config
        if ("large-print" in config.formats or config.translations) and WORDS_IN_PICTURE.search(figure.alt):
            self.warn(figure.source.line, "picture.raster-text", f"'{figure.src}' is a PNG or JPEG, and its "
                      "description suggests it holds words")

    def _plan(self) -> None:
        """The session plan's times against the module's, and activities a co-trainer has no notes for."""
        plan = session_plan(self.module)
        if plan is not None and not plan.agrees:
            self.warn(self.module.source.line, "plan.total", f"the sections and activities add up to {plan.total} "
                                                             f"minutes, but the module's duration is {plan.stated}")
        for section, inner in plan.overruns if plan else []:
            self.warn(section.source.line, "plan.section-overrun", f"this section has {section.minutes} minutes, "
                                                                   f"but its activities take {inner}")
        if "trainer" not in self.course.config.editions:
            return
        def is_note(block: object) -> bool:
            return isinstance(block, Container) and block.kind in TRAINER_ONLY

        # A note inside the activity, or straight after it (as The Carpentries places instructor notes).
        lists = [n.blocks for n in module_nodes(self.module) if isinstance(getattr(n, "blocks", None), list)]
        for siblings in lists:
            for index, node in enumerate(siblings):
                following = siblings[index + 1] if index + 1 < len(siblings) else None
                if isinstance(node, Container) and node.kind in ACTIVITY_KINDS and not is_note(following) and not any(
                        is_note(inner) for inner in blocks(node.blocks)):
                    self.warn(node.source.line, "trainer.no-notes", f"this {node.name} box has no trainer notes")

    def _paragraph(self, paragraph: Paragraph) -> None:
        text = plain_text(paragraph.children)
        words = len(text.split())
        if words > self.options["max-paragraph-words"]:
            self.warn(paragraph.source.line, "plain.long-paragraph", f"this paragraph has {words} words")
        for sentence in re.split(r"(?<=[.!?])\s+|(?<=[.!?][\"”’'])\s+", text):
            count = len(sentence.split())
            if count > self.options["max-sentence-words"]:
                self.warn(paragraph.source.line, "plain.long-sentence",
                          f"a sentence of {count} words ('{' '.join(sentence.split()[:6])}...')")

    def _inline_rules(self, nodes) -> None:
        marked = {id(inner) for link in walk_inlines(nodes) if isinstance(link, Link)
                  and link.href.lower().startswith(PHONE_SCHEMES) for inner in walk_inlines(link.children)}
        about_texting = bool(TEXT_WORDS.search(plain_text(nodes)))
        for node in walk_inlines(nodes):
            if isinstance(node, Text) and id(node) not in marked:
                self._phone_numbers(node, about_texting)
            if isinstance(node, Emphasis):
                self.warn(node.source.line, "style.italic", f"'{plain_text(node.children)}' is in italics")
            elif isinstance(node, Link):
                text = plain_text(node.children).strip().lower().rstrip(".")
                if text in VAGUE_LINK_TEXT:
                    self.warn(node.source.line, "link.vague-text", f"link text '{plain_text(node.children)}'")
            elif isinstance(node, Text):
                self._text(node)

    def _phone_numbers(self, node: Text, about_texting: bool) -> None:
        """Numbers to call or text that are not marked: read as quantities ("nine hundred and ninety-nine")."""
        found = [m.group(0) for m in PHONE_NUMBER.finditer(node.text)]
        if about_texting:
            found += [m.group(0) for m in TEXT_NUMBER.finditer(node.text)]
        for number in found:
            if (node.source.line, number) in self.numbers_seen or all(
                    number in self.course.pronunciations_for(lang) for lang in self.course.config.languages):
                continue  # said once for the line; or every version's narrator has been told how to say it
            self.numbers_seen.add((node.source.line, number))
            scheme = "sms" if TEXT_NUMBER.fullmatch(number) else "tel"
            self.warn(node.source.line, "audio.phone-number", f"'{number}' looks like a phone number: write it as "
                      f"[{number}]({scheme}:{re.sub(r'[^0-9+]', '', number)})")

    def _text(self, node: Text) -> None:
        text = node.text
        for emoji in dict.fromkeys(find_emoji(text)):
            self.warn(node.source.line, "style.emoji", f"'{emoji}' is read as '{emoji_name(emoji, node.lang)}'")
        capitals = re.search(r"\b[A-Z]{2,}(?:\s+[A-Z]{2,}){2,}\b|\b[A-Z]{8,}\b", text)
        if capitals:
            self.warn(node.source.line, "style.capitals", f"'{capitals.group(0)}' is in block capitals")
            text = text.replace(capitals.group(0), " ")  # one warning for it is enough
        if node.lang.split("-")[0] != self.course.lang.split("-")[0]:
            return
        for written in sorted(self.said, key=len, reverse=True):
            text = text.replace(written, " ")
        text = without_addresses(text)
        for match in ABBREVIATION.finditer(text):
            word = match.group(0)
            if word not in SAFE_ABBREVIATIONS and not word.isdigit() and not (len(word) > 1 and word[1:].isdigit()) \
                    and word not in self.unsaid:
                self.unsaid.add(word)
                self.warn(node.source.line, "audio.pronunciation", f"'{word}' has no pronunciation entry")
        for match in SYMBOLS.finditer(text):
            if match.group(0) not in self.unsaid:
                self.unsaid.add(match.group(0))
                self.warn(node.source.line, "audio.pronunciation", f"the symbol '{match.group(0)}'")

    def _table(self, table: Table) -> None:
        columns = max([len(table.header), *(len(row) for row in table.rows)])
        widths = [0] * columns
        for row in [table.header, *table.rows]:
            for index, cell in enumerate(row):
                widths[index] = max(widths[index], len(plain_text(cell.children)))
        if sum(widths) + 2 * (columns - 1) > BRAILLE_CELLS:
            self.warn(table.source.line, "braille.wide-table",
                      f"this table needs about {sum(widths) + 2 * (columns - 1)} cells")
