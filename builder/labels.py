"""Words the builder itself adds to outputs ("Contents", "Picture"), in each output language."""

from __future__ import annotations

import datetime
import os

from builder.config import CourseConfig
from builder.languages import lookup

ENGLISH = {
    "contents": "Contents",
    "skip": "Skip to the course text",
    "module": "Module {number}",
    "picture": "Picture",
    "duration": "Time",
    "made_by": "Made by {organisation}",
    "large_print": "Large print, {size} point",
    "word_version": "Word version, {size} point text",
    "braille_note": "Braille, {code}",
    "quote": "Quote",
    "end_quote": "End of quote",
    "page_word": "page",
    "months": "January February March April May June July August September October November December",
}

LABELS: dict[str, dict[str, str]] = {
    "en": ENGLISH,
}


def labels_for(lang: str) -> dict[str, str]:
    """The labels in `lang`, with English for any the language does not have yet."""
    language = lookup(lang)
    own = LABELS.get(language.code, {}) if language else {}
    return {**ENGLISH, **own}


def format_date(date: datetime.date, lang: str) -> str:
    """A date written out, e.g. "26 November 2026", with the month in the output language."""
    months = labels_for(lang)["months"].split()
    return f"{date.day} {months[date.month - 1]} {date.year}"


def publication_date(config: CourseConfig) -> datetime.date:
    """The date shown on covers: course.toml's date, else SOURCE_DATE_EPOCH (reproducible builds), else today."""
    if config.date:
        return datetime.date.fromisoformat(config.date)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()
