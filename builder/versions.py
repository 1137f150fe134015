"""A version of the course: one edition in one language, as every writer receives it. The edition is
chosen before translating, so a participant version never asks for a trainer's note to be translated."""

from __future__ import annotations

from builder.editions import finish, select
from builder.model import Course
from builder.translation.command import localise


def version(course: Course, edition: str, lang: str, allow_untranslated: bool = False) -> Course:
    """`course` as `edition` in `lang` (errors name the translation file and what to run)."""
    return finish(localise(select(course, edition), lang, allow_untranslated))
