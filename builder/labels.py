"""Words the builder itself adds to outputs ("Contents", "Picture"), in each output language."""

from __future__ import annotations

from builder.languages import lookup

ENGLISH = {
    "contents": "Contents",
    "skip": "Skip to the course text",
    "module": "Module {number}",
    "picture": "Picture",
    "duration": "Time",
    "made_by": "Made by {organisation}",
}

LABELS: dict[str, dict[str, str]] = {
    "en": ENGLISH,
}


def labels_for(lang: str) -> dict[str, str]:
    """The labels in `lang`, with English for any the language does not have yet."""
    language = lookup(lang)
    own = LABELS.get(language.code, {}) if language else {}
    return {**ENGLISH, **own}
