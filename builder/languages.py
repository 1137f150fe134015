"""The languages the builder knows, read from builder/data/languages.toml: names, script, direction,
braille tables, voices and where their labels are. Writers are handed a `builder.locale.Locale`, made
from these, and never look a language up themselves."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping

DATA = Path(__file__).parent / "data" / "languages.toml"


@dataclass(frozen=True)
class Language:
    """A language a course can be published in, as languages.toml describes it."""

    code: str  # primary subtag, e.g. "pl"
    english_name: str
    native_name: str
    script: str  # ISO 15924
    direction: str = "ltr"
    braille: Mapping[int, str] = field(default_factory=dict)  # grade -> liblouis table
    no_braille: str = ""  # why there is no braille table, when liblouis has none BRF can carry
    voices: Mapping[str, str] = field(default_factory=dict)  # speech engine -> voice
    labels: str = "en"  # the labels file in builder/data/labels; "en" for a language that has none yet
    variants: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)  # region -> changes
    iso639_2: str = "und"  # the three-letter code audio tags use ("und": undetermined)

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def english_labels(self) -> bool:
        """It has no labels of its own yet: the words the builder adds are in English (check warns)."""
        return self.labels != self.code

    def voice(self, engine: str, tag: str) -> str | None:
        """The voice `engine` uses for `tag` (a regional variant's own when it has one)."""
        region = tag.split("-")[1] if "-" in tag else ""
        own = self.variants.get(region, {}).get("voices", {})
        return own.get(engine) or self.voices.get(engine)


def _language(code: str, entry: dict) -> Language:
    braille = {int(grade): table for grade, table in entry.get("braille", {}).items()}
    return Language(code, entry["english-name"], entry["native-name"], entry["script"], entry.get("direction", "ltr"),
                    braille,
                    entry.get("no-braille", ""), entry.get("voices", {}), entry.get("labels", "en"),
                    entry.get("variants", {}), entry["iso639-2"])


def engine_voices(engine: str) -> list[str]:
    """Every voice an engine is asked for, in any language or regional variant (languages.toml)."""
    return sorted({voice for language in known().values()
                   for own in (language.voices, *(v.get("voices", {}) for v in language.variants.values()))
                   if (voice := own.get(engine))})


@lru_cache(maxsize=1)
def known() -> dict[str, Language]:
    """Every language in languages.toml, by primary subtag (read once: the file is part of the builder)."""
    with DATA.open("rb") as handle:
        return {code: _language(code, entry) for code, entry in tomllib.load(handle).items()}


_TAG = re.compile(r"^([A-Za-z]{2,3})((?:-[A-Za-z0-9]{2,8})*)$")


def normalise_tag(tag: str) -> str | None:
    """Return the tag in canonical case (`en-gb` -> `en-GB`), or None if it is not a BCP 47 tag."""
    match = _TAG.match(tag.strip())
    if not match:
        return None
    parts = [match.group(1).lower()]
    for sub in match.group(2).split("-")[1:]:
        if len(sub) == 2 and sub.isalpha():
            parts.append(sub.upper())  # region
        elif len(sub) == 4 and sub.isalpha():
            parts.append(sub.title())  # script
        else:
            parts.append(sub.lower())
    return "-".join(parts)


def lookup(tag: str) -> Language | None:
    """The Language for a tag such as `pt-BR`, found by its primary subtag; None if unknown."""
    canonical = normalise_tag(tag)
    if canonical is None:
        return None
    return known().get(canonical.split("-")[0])


def known_tags() -> str:
    """A short list of the known primary tags, for error messages."""
    return ", ".join(sorted(known()))
