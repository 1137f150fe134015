"""A format that exists only in the tests: registered in one line, it must be built, packed, listed and
given flags without the builder naming it anywhere (tests/writers/test_registry.py)."""

from __future__ import annotations

from typing import Any, Mapping

from builder.locale import Locale
from builder.model import Course
from builder.options import PRINT_SIZE, Option
from builder.writers.base import BaseWriter, OutputFile


class Writer(BaseWriter):
    name = "plain-text"
    description = "the course's module titles as plain text"
    options = (Option("size", "the size to print it at", 18, kind="int", minimum=12, maximum=48),
               Option("marker", "what each title starts with", "*"))
    choices = {PRINT_SIZE: "size"}
    pack_suffixes = (".txt",)  # the proof stays behind
    pack_step = "print the text at {large_print_size} pt"
    course_files = ("plain-text.toml",)
    flags = ("marker",)
    timed = "titles"  # a column in check's table: a minute a title, to be read out

    def minutes(self, course: Course, locale: Locale, options: Mapping[str, Any]) -> list[float]:
        return [1.0 for _ in course.modules]

    def write(self, course: Course, locale: Locale, options: Mapping[str, Any]) -> list[OutputFile]:
        titles = [f"{options['marker']} {module.title_text}" for module in course.modules]
        text = f"{options['size']} pt ({locale.language.english_name})\n" + "\n".join(titles) + "\n"
        return [OutputFile(f"{course.config.slug}.txt", text.encode("utf-8"), dict(options)),
                OutputFile(f"{course.config.slug}-proof.html", b"<p>proof</p>", dict(options))]
