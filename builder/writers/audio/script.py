"""The spoken script: what the narrator says, made from the model, with pauses and chapter marks.

The script is also written out as text so a trainer can read exactly what will be said.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

from builder.emoji import name_emoji
from builder.locale import Locale
from builder.model import (Block, Code, CodeBlock, Container, Course, DefinitionList, Emphasis, Figure, Group, Heading,
                           Inline, LineBreak, Link, ListBlock, Module, NoteRef, Paragraph, Phrase, Quote, Rule, Strong, Table,
                           Text, address_to_add, plain_text)
from builder.text import ADDRESS, MONTHS, one_line, unbreakable_spans

PAUSE_HEADING_BEFORE, PAUSE_HEADING_AFTER = 1.0, 0.7
PAUSE_PARAGRAPH, PAUSE_ITEM, PAUSE_RULE = 0.5, 0.35, 1.2
# Preformatted text with no fence word (or one saying it is text) is an example to read, such as words to
# say in a role play; with a programming language's word it is code.
PLAIN_TEXT_INFO = {"", "text", "txt", "plain", "plaintext", "markdown", "md"}


# A passage in another language than the track's is marked inside the utterance's text, so that it is
# spoken in its own language's voice: START lang MIDDLE words END (private-use characters, never in text).
START, MIDDLE, END = "\ue000", "\ue001", "\ue002"
_RUN = re.compile(f"{START}([^{MIDDLE}]*){MIDDLE}([^{END}]*){END}")


def in_voice(lang: str, text: str) -> str:
    """`text` to be said in `lang`'s voice."""
    return f"{START}{lang}{MIDDLE}{text}{END}" if text.strip() else text


def voice_runs(text: str, lang: str) -> list[tuple[str, str]]:
    """The utterance as (language, words) runs in order; neighbours in one language are joined."""
    runs: list[tuple[str, str]] = []
    position = 0
    for found in _RUN.finditer(text):
        runs += [(lang, text[position:found.start()]), (found.group(1), found.group(2))]
        position = found.end()
    runs.append((lang, text[position:]))
    joined: list[tuple[str, str]] = []
    for run_lang, words in runs:
        if not words.strip() and joined:
            joined[-1] = (joined[-1][0], joined[-1][1] + words)
        elif joined and _primary(joined[-1][0]) == _primary(run_lang):
            joined[-1] = (joined[-1][0], joined[-1][1] + words)
        elif words.strip():
            joined.append((run_lang, words))
    return [(run_lang, words.strip()) for run_lang, words in joined if words.strip()]


def _primary(tag: str) -> str:
    return tag.split("-")[0].lower()


@dataclass
class Utterance:
    """One piece of speech; `chapter` names a chapter that starts here (a module or a heading). `node` is
    what it reads, for text synchronised with the audio: a model node (a paragraph, list item, table row...)
    or the name of a part of the page the model does not hold ("summary", "notice")."""

    text: str
    pause_before: float = 0.0
    pause_after: float = PAUSE_PARAGRAPH
    chapter: str | None = None
    node: object = field(default=None, compare=False, repr=False)


@dataclass
class Track:
    """One module's speech (or the course introduction)."""

    number: int
    name: str  # file stem, e.g. "01-welcome"
    title: str
    utterances: list[Utterance] = field(default_factory=list)


class Pronouncer:
    """Applies the course's pronunciation list and reads phone numbers digit by digit, in groups; a
    passage in another language gets that language's list (`others`)."""

    def __init__(self, replacements: dict[str, str], others: Callable[[str], dict[str, str]] | None = None,
                 labels: Mapping[str, str] | None = None, lang: str = "en"):
        self.replacements = replacements
        self.others = others
        self.lang = lang
        # the words for "." "/" "@" "-" in web and email addresses, in the track's language
        self.address_words = {mark: labels[key] for mark, key in ADDRESS_MARKS.items()} if labels else {}
        self.by_language: dict[str, Pronouncer] = {}  # made once per language, not once per passage
        self.pattern = None
        if replacements:
            alternatives = sorted(replacements, key=len, reverse=True)
            self.pattern = re.compile("|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in alternatives))

    def __call__(self, text: str) -> str:
        parts, position = [], 0
        for found in _RUN.finditer(text):  # a passage in another voice: that language's list
            other = self._for(found.group(1))
            parts += [self._own(text[position:found.start()]), in_voice(found.group(1), other(found.group(2)))]
            position = found.end()
        parts.append(self._own(text[position:]))
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def _for(self, lang: str) -> Pronouncer:
        """The pronouncer for a passage in `lang`: that language's list, its pattern compiled once."""
        if lang not in self.by_language:
            self.by_language[lang] = Pronouncer(self.others(lang) if self.others else {})
        return self.by_language[lang]

    def _own(self, text: str) -> str:
        text = self._phone_numbers(text)
        if self.address_words:
            text = ADDRESS.sub(lambda found: said_address(found.group(0), self.address_words, self.lang), text)
        if self.pattern is not None:
            text = self.pattern.sub(lambda m: self.replacements[m.group(0)], text)
        return text

    @staticmethod
    def _phone_numbers(text: str) -> str:
        """'116 123' is said 'one one six, one two three', not 'a hundred and sixteen...'."""
        parts, position = [], 0
        for start, end in unbreakable_spans(text):
            found = text[start:end]
            parts.append(text[position:start])
            if re.search(MONTHS, found):
                parts.append(found)
            else:
                groups = re.findall(r"\d+", found)
                parts.append(", ".join(" ".join(group) for group in groups))
            position = end
        parts.append(text[position:])
        return "".join(parts)


ADDRESS_MARKS = {".": "say_dot", "/": "say_slash", "@": "say_at", "-": "say_dash"}


def said_address(address: str, words: Mapping[str, str], lang: str = "en") -> str:
    """An address as a listener can type it, in the track's words: "www.samaritans.org/" is "samaritans dot
    org", "jo@samaritans.org" "jo at samaritans dot org". The scheme, "www." and a closing stop or slash,
    which nobody types, are left out. In another language's track the address's own words are said in the
    English voice ("government", not the Polish voice's "gowernment"), the marks between them in the track's."""
    address = re.sub(r"^(?:https?://)?(?:www\.)?", "", address, flags=re.IGNORECASE).rstrip("./")
    english = _primary(lang) != "en"
    said = []
    for piece in (piece for piece in re.split(r"([./@-])", address) if piece):
        if piece in words:
            said.append(words[piece])
        else:
            said.append(in_voice("en", piece) if english and not piece.isdigit() else piece)
    return " ".join(said)


def course_script(course: Course, locale: Locale, replacements: dict[str, str], part: str = "module"
                  ) -> tuple[Track, list[Track]]:
    """The introduction track and one track per module, each announced by what the course calls its parts
    (`part`: "Session 3"). A machine-made or incomplete translation says so at the start of every track, in
    its language and then in English, each in its own voice."""
    lang, labels = locale.tag, locale.labels
    say = Pronouncer(replacements, course.pronunciations_for, labels, lang)
    config = course.config
    intro = Track(0, "00-introduction", config.title)
    intro.utterances.append(Utterance(say(f"{config.title}."), chapter=config.title, pause_after=0.6, node="title"))
    if config.subtitle:
        intro.utterances.append(Utterance(say(f"{config.subtitle}."), pause_after=0.6, node="subtitle"))
    intro.utterances.append(Utterance(say(labels["made_by"].format(organisation=config.organisation) + "."),
                                      pause_after=1.0, node="made-by"))
    warning = [Utterance(say(text if tag == lang else in_voice(tag, text)), pause_after=1.0, node=f"notice-{number}")
               for number, (tag, text) in enumerate(locale.notices(course.machine_translated, course.untranslated), 1)]
    intro.utterances += warning
    parts = {module.slug: labels[part].format(number=index) for index, module in enumerate(course.modules, 1)}
    tracks = [module_track(module, index, locale, say, part, parts) for index, module in enumerate(course.modules, 1)]
    for track in tracks:  # after the module's title, so its chapter still starts at the title
        track.utterances[1:1] = [dataclasses.replace(utterance) for utterance in warning]
    return intro, tracks


def module_track(module: Module, index: int, locale: Locale, say: Pronouncer, part: str,
                 parts: Mapping[str, str] | None = None) -> Track:
    """One module's speech; `parts` names each module as the track announces it ("Session 5"), for links."""
    labels = locale.labels
    writer = _ScriptWriter(locale, say, parts or {})
    title = name_emoji(module.title_text, module.lang)
    announce = labels[part].format(number=index)
    track = Track(index, module.slug, title)
    track.utterances.append(Utterance(_sentence(f"{announce}. {writer.words(module.title)}"),
                                      pause_after=PAUSE_HEADING_AFTER, chapter=f"{announce}: {title}", node=module))
    if module.summary:
        track.utterances.append(Utterance(say(writer.voiced(module.summary, module.lang)), node="summary"))
    if module.duration:
        track.utterances.append(Utterance(say(f"{labels['duration']}: {writer.voiced(module.duration, module.lang)}."),
                                          node="duration"))
    for block in module.blocks:
        track.utterances.extend(writer.block(block))
    if module.notes:
        track.utterances.append(Utterance(f"{labels['notes']}.", PAUSE_HEADING_BEFORE, PAUSE_HEADING_AFTER,
                                          node=module.notes))
        for note in module.notes:
            inner = [u for child in note.blocks for u in writer.block(child)]
            if inner:
                inner[0].text = f"{labels['note_ref'].format(number=note.number)}: {inner[0].text}"
                inner[0].node = note
            track.utterances.extend(inner)
    return track


class _ScriptWriter:
    def __init__(self, locale: Locale, say: Pronouncer, parts: Mapping[str, str]):
        self.locale = locale
        self.lang = locale.tag
        self.labels = locale.labels
        self.say = say
        self.parts = parts
        self.in_plan = False  # reading a session plan, where "(20)" means 20 minutes inside the section above
        self.pictures_introduced = False

    def words(self, nodes: list[Inline]) -> str:
        return self.say(spoken(nodes, self.labels, self.lang, self.parts))

    def voiced(self, text: str, lang: str) -> str:
        """Plain text of a node in `lang`: marked for its own voice when that is not the track's."""
        return text if _primary(lang) == _primary(self.lang) else in_voice(lang, text)

    def block(self, block: Block) -> list[Utterance]:
        if isinstance(block, Heading):
            text = _sentence(self.words(block.children))
            return [Utterance(text, PAUSE_HEADING_BEFORE, PAUSE_HEADING_AFTER, chapter=plain_text(block.children),
                              node=block)]
        if isinstance(block, Paragraph):
            if self.in_plan and plain_text(block.children) == self.labels["plan_note"]:
                return []  # explains brackets a listener never hears: each is said "within the section above"
            return [Utterance(_sentence(self.words(block.children)), node=block)]
        if isinstance(block, ListBlock):
            return self._list(block)
        if isinstance(block, Table):
            return self._table(block)
        if isinstance(block, Figure):
            return self._figure(block, f"{self.labels['picture']}: ")
        if isinstance(block, Group):
            return self._group(block)
        if isinstance(block, Quote):
            inner = [u for child in block.blocks for u in self.block(child)]
            return [Utterance(f"{self.labels['quote']}.", pause_after=0.3, node=block), *inner,
                    Utterance(f"{self.labels['end_quote']}.", node=block)]
        if isinstance(block, Rule):
            return [Utterance("", pause_after=PAUSE_RULE)]
        if isinstance(block, CodeBlock):  # announced, then read line by line as written
            kind = "example" if block.info.lower() in PLAIN_TEXT_INFO else "code"
            lines = [Utterance(_sentence(self.voiced(line.strip(), block.lang)), 0.0, PAUSE_ITEM, node=block)
                     for line in block.text.split("\n") if line.strip()]
            return [Utterance(f"{self.labels[kind]}.", pause_after=0.3, node=block), *lines,
                    Utterance(f"{self.labels['end_' + kind]}.", node=block)]
        if isinstance(block, Container):
            label, end = self.locale.box(block.kind)
            title = self.words(block.title)
            opening = f"{label}. {title}" if label and title else label or title
            self.in_plan, outer = block.kind == "plan", self.in_plan
            inner = [u for child in block.blocks for u in self.block(child)]
            self.in_plan = outer
            return [Utterance(_sentence(opening), PAUSE_PARAGRAPH, PAUSE_ITEM, node=block), *inner,
                    Utterance(f"{end}.", node=block)]
        if isinstance(block, DefinitionList):
            utterances = []
            for item in block.items:
                utterances.append(Utterance(_sentence(self.words(item.term)), PAUSE_ITEM, PAUSE_ITEM, node=item))
                utterances += [u for definition in item.definitions for child in definition for u in self.block(child)]
            return utterances
        raise TypeError(f"no speech for {type(block).__name__}")

    def _group(self, group: Group) -> list[Utterance]:
        """Easy Read: what the picture shows, then its sentences. The track says once, at its first group, that
        each part starts with its picture, rather than "Picture:" before every one (142 times a course)."""
        said = []
        if not self.pictures_introduced and group.figure.alt:
            said.append(Utterance(self.labels["easy_pictures"], pause_after=PAUSE_ITEM, node=group.figure))
            self.pictures_introduced = True
        return said + self._figure(group.figure) + [u for child in group.blocks for u in self.block(child)]

    def _figure(self, figure: Figure, label: str = "") -> list[Utterance]:
        """A picture's description after `label` ("Picture: "), then the caption print shows under it; a
        picture with no description is decoration."""
        said = [Utterance(_sentence(self.say(label + self.voiced(figure.alt, figure.lang))), node=figure)] \
            if figure.alt else []
        if figure.title:
            said.append(Utterance(_sentence(self.say(self.voiced(figure.title, figure.lang))), node=figure))
        return said

    def _list(self, block: ListBlock) -> list[Utterance]:
        utterances = []
        for number, item in enumerate(block.items, block.start):
            first = True
            for child in item.blocks:
                if isinstance(child, Paragraph) and first:
                    text = self.words(child.children)
                    if block.ordered:
                        text = f"{number}. {text}"
                    utterances.append(Utterance(_sentence(text), PAUSE_ITEM if not block.ordered else 0.2,
                                                PAUSE_ITEM, node=item))
                    first = False
                else:
                    utterances.extend(self.block(child))
        return utterances

    def _table(self, table: Table) -> list[Utterance]:
        """Row by row, each value read after its column header; an empty cell is not read at all."""
        headers = [self.words(cell.children) for cell in table.header]
        utterances = []
        for row in table.rows:
            parts = []
            for column, cell in enumerate(row):
                value = self.words(cell.children)
                if not value.strip():
                    continue
                within = re.fullmatch(r"\((\d+)\)", value.strip()) if self.in_plan else None
                if within:  # said as the plan's note means it, not as a bare "twenty"
                    value = self.labels["plan_within"].format(minutes=within.group(1))
                header = headers[column] if column < len(headers) else ""
                parts.append(f"{header}: {_sentence(value)}" if header else _sentence(value))
            utterances.append(Utterance(" ".join(parts), PAUSE_ITEM, PAUSE_PARAGRAPH, node=row))
        return utterances


def spoken(nodes: list[Inline], labels: Mapping[str, str], lang: str | None = None,
           parts: Mapping[str, str] | None = None) -> str:
    """Inline nodes as words to say: links by their text (a web or email address or phone number that the
    text does not show is said after it; a link to another module names it after, from `parts`, as print
    gives its page: "Looking after yourself (Session 9)"), emoji by their names, note references as "(note 1)". Text in another language
    than `lang` is marked to be said in its own voice."""
    parts = parts or {}
    said: list[str] = []
    for node in nodes:
        if isinstance(node, (Text, Code)):
            words = name_emoji(node.text, node.lang)
            said.append(in_voice(node.lang, words) if lang and _primary(node.lang) != _primary(lang) else words)
        elif isinstance(node, LineBreak):  # a pause, unless the line ended a sentence (Easy Read's lines do)
            ended = "".join(said).rstrip().endswith((".", "!", "?", ":", ";", "…", "۔", "؟"))
            said.append(" " if ended else ", ")
        elif isinstance(node, NoteRef):
            said.append(" (" + labels["note_ref"].format(number=node.number) + ")")
        elif isinstance(node, Link) and node.href.lower().startswith(("tel:", "sms:")):
            # A number to call or text: every digit said on its own, in the groups it is written in, in the
            # voice of the text around it ("116 123": "1 1 6, 1 2 3"); said after the words if they hide it.
            text = spoken(node.children, labels, lang, parts)
            number = address_to_add(node, _RUN.sub(r"\2", text))
            said.append(PHONE_DIGITS.sub(_digit_by_digit, f"{text} ({number})" if number else text))
        elif isinstance(node, Link) and node.module in parts:
            text = spoken(node.children, labels, lang, parts)
            named = parts[node.module]
            said.append(text if named.lower() in _RUN.sub(r"\2", text).lower() else f"{text} ({named})")
        elif isinstance(node, Link):
            text = spoken(node.children, labels, lang, parts)
            address = address_to_add(node, _RUN.sub(r"\2", text))
            said.append(f"{text} ({address})" if address else text)
        elif isinstance(node, (Strong, Emphasis, Phrase)):  # a key, raised or marked words: said as they are
            said.append(spoken(node.children, labels, lang, parts))
        else:
            raise TypeError(f"no speech for {type(node).__name__}")
    return "".join(said)


PHONE_DIGITS = re.compile(r"\+?\d+(?:[ .()-]+\d+)*")


def _digit_by_digit(match: re.Match) -> str:
    """'0300 123 3393' -> '0 3 0 0, 1 2 3, 3 3 9 3': each group's digits apart, the groups with a pause."""
    found = match.group(0)
    groups = [" ".join(group) for group in re.findall(r"\d+", found)]
    return ("+ " if found.startswith("+") else "") + ", ".join(groups)


def _sentence(text: str) -> str:
    """End with a full stop unless the text already ends a sentence, so the voice falls and pauses (inside
    a passage in another voice when the text ends with one)."""
    text = text.strip()
    if text.endswith(END):
        return _sentence(text[:-1]) + END
    return text if not text or text[-1] in ".!?:;…。؟۔" or text.endswith(('"', "'")) else text + "."


def script_text(intro: Track, tracks: list[Track]) -> str:
    """The script as plain text: chapters as '##' lines, pauses of a second or more shown."""
    lines = []
    for track in [intro, *tracks]:
        lines.append(f"# {track.name}: {one_line(track.title)}")
        for utterance in track.utterances:
            if utterance.chapter:
                lines.append(f"## {one_line(utterance.chapter)}")
            if utterance.text:  # a passage in another voice is shown as [pl: ...]
                lines.append(_RUN.sub(lambda m: f"[{m.group(1)}: {m.group(2)}]", utterance.text))
            if utterance.pause_after >= 1.0:
                lines.append(f"[pause {utterance.pause_after:.1f} s]")
        lines.append("")
    return "\n".join(lines)
