"""course.toml's settings as one read-only object (CourseConfig), and the names every part of the builder
derives from them (slugs, module file names). Plain data: reading and checking the file is
builder/course_toml.py, so that the model and the writers can hold a configuration without importing
what checks it."""

from __future__ import annotations

import datetime
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

CONFIG_NAME = "course.toml"
EDITIONS = ("participant", "trainer", "easy-read")  # builder.editions says what each holds

MODULE_SUFFIXES = (".md", ".markdown", ".qmd", ".rmd")


def module_stem(name: str) -> str:
    """A module file's name without its Markdown suffix, in any case: `03-saying-no.Rmd` -> `03-saying-no`."""
    lowered = name.lower()
    return next((name[:-len(suffix)] for suffix in MODULE_SUFFIXES if lowered.endswith(suffix)), name)


class FrozenMapping(Mapping[str, Any]):
    """A read-only dict that, unlike MappingProxyType, can be sent to a worker process."""

    def __init__(self, values: Mapping[str, Any]):
        self._values = dict(values)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"FrozenMapping({self._values!r})"

    def __hash__(self) -> int:  # a table of settings ([audio.voices]) can be part of a product's key
        return hash(tuple(sorted(self._values.items())))


@dataclass(frozen=True)
class CourseConfig:
    """Everything course.toml says, checked, with defaults filled in for every format's options."""

    path: Path
    title: str
    subtitle: str
    organisation: str
    language: str
    translations: tuple[str, ...]
    formats: tuple[str, ...]
    slug: str  # the start of every output file name; a version's adds its language and edition (editions.py)
    date: str | None
    format_options: Mapping[str, Mapping[str, Any]]
    check_options: Mapping[str, Any]
    editions: tuple[str, ...] = ("participant",)
    modules: tuple[str, ...] = ()  # module files in order, relative to the content folder; () = NN-name.md files
    published_at: str | None = None
    picture_options: Mapping[str, Any] = field(default_factory=lambda: FrozenMapping({"fetch": False}))
    site_options: Mapping[str, Any] = field(default_factory=lambda: FrozenMapping({"url": ""}))  # [site]
    build_options: Mapping[str, Any] = field(default_factory=lambda: FrozenMapping({"scheduler": ""}))  # [build]
    course_slug: str = ""  # course.toml's slug, before a version adds its language and edition ("" = slug)

    def __deepcopy__(self, memo: dict) -> CourseConfig:
        return self  # read-only: a copied course can share it

    def publication_date(self) -> datetime.date:
        """The date shown on covers: course.toml's date, else SOURCE_DATE_EPOCH (reproducible builds), else
        today."""
        if self.date:
            return datetime.date.fromisoformat(self.date)
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.isdigit() and int(epoch) < 253_402_300_800:  # out of range is reported by the config
            return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
        return datetime.date.today()

    @property
    def languages(self) -> tuple[str, ...]:
        """The source language first, then the translations."""
        return (self.language, *self.translations)


_LATIN_EXTRAS = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O",
                               "đ": "d", "Đ": "D", "ı": "i"})


def dropped_letters(text: str) -> list[str]:
    """The letters and digits of `text` that `slugify` leaves out (Urdu, Chinese): a name made from it
    says less than the text did."""
    return [ch for ch in text if ch.isalnum() and not
            unicodedata.normalize("NFKD", ch.translate(_LATIN_EXTRAS)).encode("ascii", "ignore")]


def slugify(text: str) -> str:
    """`Pewność & siebie` -> `pewnosc-siebie`: accents dropped, safe in every file system."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_LATIN_EXTRAS)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "course"
