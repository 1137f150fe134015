"""Everything `check` reports about a course, in one sorted list: the reader's errors, the checker's
warnings, and each passage a build would stop on because it is not translated yet. `check`, the trainer's
preview and `import` all report this same list."""

from __future__ import annotations

from builder.check import run_checks
from builder.editions import widest
from builder.model import Course
from builder.pictures import label_problems
from builder.problems import Problem, Problems
from builder.translation.catalog import Counts
from builder.translation.command import localise, untranslated


def every_problem(course: Course | None, problems: Problems, measure_reading_ease: bool = True
                  ) -> tuple[list[Problem], dict[str, Counts]]:
    """The course's problems (`problems`: those found reading it), and each translation's counts."""
    found = [p for p in problems.items if p.is_error] + (
        run_checks(course, course.config.check_options, problems.items, measure_reading_ease) if course
        else problems.warnings)
    counts: dict[str, Counts] = {}
    if course is not None:
        # What a build would stop on: untranslated passages in every edition it makes, per language.
        edition = widest(course)
        gaps, counts = untranslated(edition, list(course.config.translations))
        found += gaps
        # A picture label too long for its shape in some language: seen only in that language's version.
        versions = [edition, *(localise(edition, lang, allow_untranslated=True) for lang in counts)]
        found += label_problems(versions, course.config.check_options["disable"])
    return sorted(found), counts
