"""The languages the builder knows: BCP 47 tags, names, script and writing direction."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """A language a course can be published in."""

    code: str  # primary subtag, e.g. "pl"
    english_name: str
    native_name: str
    script: str  # ISO 15924
    direction: str = "ltr"

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


KNOWN: dict[str, Language] = {
    lang.code: lang
    for lang in [
        Language("en", "English", "English", "Latn"),
        Language("pl", "Polish", "Polski", "Latn"),
        Language("lt", "Lithuanian", "Lietuvių", "Latn"),
        Language("lv", "Latvian", "Latviešu", "Latn"),
        Language("pt", "Portuguese", "Português", "Latn"),
        Language("ro", "Romanian", "Română", "Latn"),
        Language("es", "Spanish", "Español", "Latn"),
        Language("fr", "French", "Français", "Latn"),
        Language("de", "German", "Deutsch", "Latn"),
        Language("it", "Italian", "Italiano", "Latn"),
        Language("so", "Somali", "Soomaali", "Latn"),
        Language("tr", "Turkish", "Türkçe", "Latn"),
        Language("uk", "Ukrainian", "Українська", "Cyrl"),
        Language("ru", "Russian", "Русский", "Cyrl"),
        Language("ur", "Urdu", "اردو", "Arab", "rtl"),
        Language("ar", "Arabic", "العربية", "Arab", "rtl"),
        Language("fa", "Persian", "فارسی", "Arab", "rtl"),
        Language("bn", "Bengali", "বাংলা", "Beng"),
        Language("pa", "Punjabi", "ਪੰਜਾਬੀ", "Guru"),
        Language("zh", "Chinese", "中文", "Hans"),
    ]
}

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
    return KNOWN.get(canonical.split("-")[0])


def known_tags() -> str:
    """A short list of the known primary tags, for error messages."""
    return ", ".join(sorted(KNOWN))
