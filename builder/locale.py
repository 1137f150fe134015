"""A version's language as one object: everything a writer needs (script, direction, font, labels, braille
tables, voices, notices), made once per version, so that no writer looks a language tag up on its own."""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from builder.fonts import SCRIPT_FONTS, FontMissing, ScriptFont, font_files
from builder.languages import Language, lookup

LABELS = Path(__file__).parent / "data" / "labels"
ENGLISH = "en"


@lru_cache(maxsize=None)
def _label_file(code: str) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """A language's labels and box labels, from builder/data/labels/<code>.toml."""
    with (LABELS / f"{code}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    boxes = data.pop("boxes", {})
    return data, {kind: (label, end) for kind, (label, end) in boxes.items()}


@dataclass(frozen=True)
class Locale:
    """The language of a version (or of a passage in it), as writers are handed it."""

    tag: str  # as the course gives it: "en-GB", "pt-BR", "ur"
    language: Language
    font: ScriptFont
    labels: Mapping[str, str]  # the words the builder adds ("Contents", "Picture"), in this language
    boxes: Mapping[str, tuple[str, str]]  # box kind -> (label, closing words)

    @property
    def code(self) -> str:
        return self.language.code

    @property
    def rtl(self) -> bool:
        return self.language.rtl

    @property
    def english_labels(self) -> bool:
        return self.language.english_labels

    @property
    def script(self) -> str:
        return self.language.script

    def of(self, tag: str) -> Locale:
        """The locale of a passage in `tag` inside this version (this one when it is the same language)."""
        return self if tag == self.tag else locale_for(tag)

    def box(self, kind: str) -> tuple[str, str]:
        """A box's label and its closing words (a kind without its own: a plain box's)."""
        return self.boxes.get(kind) or self.boxes["box"]

    def braille_grades(self) -> list[int]:
        return sorted(self.language.braille)

    def braille_table(self, grade: int) -> str | None:
        """The allow-listed liblouis table for a grade, or None."""
        return self.language.braille.get(grade)

    def braille_code(self, grade: int) -> str:
        """How a braille code is named in file names and on title pages: `ueb-g2`, `pl-g1`."""
        return f"ueb-g{grade}" if self.code == "en" else f"{self.code}-g{grade}"

    def voice(self, engine: str) -> str | None:
        """The voice a speech engine uses for this language, or None when it has none."""
        return self.language.voice(engine, self.tag)

    def date(self, date: datetime.date) -> str:
        """A date written out, e.g. "26 November 2026", with the month in this language."""
        month = self.labels["months"].split()[date.month - 1]
        return self.labels["date"].format(day=date.day, month=month, year=date.year)

    def notices(self, machine_translated: bool, untranslated: int) -> list[tuple[str, str]]:
        """What a translated version must say at its start, as (language, text): in its own language and in
        English, so both the reader and the person handing it over understand it."""
        english, _ = _label_file(ENGLISH)
        found: list[tuple[str, str]] = []
        for key, applies in (("machine_notice", machine_translated), ("untranslated_notice", untranslated > 0)):
            if applies:
                found.append((self.tag, self.labels[key]))
                if self.labels[key] != english[key]:
                    found.append(("en", english[key]))
        return found


@lru_cache(maxsize=None)
def locale_for(tag: str) -> Locale:
    """The Locale for a language tag. A tag the builder does not know (the course's configuration refuses
    them; a test may not) is written in Latin letters with English labels, no braille and no voice."""
    language = lookup(tag) or Language(tag.split("-")[0].lower(), tag, tag, "Latn")
    labels, boxes = _label_file(language.labels)
    if language.labels != ENGLISH:
        english, english_boxes = _label_file(ENGLISH)
        labels, boxes = {**english, **labels}, {**english_boxes, **boxes}  # a new key not yet translated
    return Locale(tag, language, SCRIPT_FONTS[language.script], labels, boxes)


def fonts_for(locales: list[Locale]) -> list[tuple[ScriptFont, dict[int, Path]]]:
    """Fonts for every language used, the first language's first; FontMissing if one is not installed."""
    chosen: list[tuple[ScriptFont, dict[int, Path]]] = []
    for locale in locales:
        font = locale.font
        if any(font == have for have, _ in chosen):
            continue
        files = font_files(font.family)
        if not files:
            how = f"sudo apt-get install {font.package}" if font.package.startswith("fonts-") else font.package
            raise FontMissing(f"no installed font covers {locale.language.english_name} ({locale.tag}): install it "
                              f"with: {how}")
        chosen.append((font, files))
    return chosen
