"""The note a participant's pack opens with, "What is in this pack": in their language, and made by the
writer of the way they read (large print at their size, braille at their grade, or spoken), so they can
tell what each file is for without asking. It names files, never the person."""

from __future__ import annotations

import dataclasses
from pathlib import PurePosixPath
from typing import Any, Mapping

from builder import writers
from builder.editions import version_name
from builder.locale import Locale
from builder.model import Course, ListBlock, ListItem, Module, Paragraph, Text
from builder.writers.base import OutputFile

# A person who chose one of these reads (or hears) the note in it; anyone else gets it in their first format.
NOTE_FORMATS = ("braille", "large-print", "audio")
SLUG = "in-this-pack"


def note_format(formats: tuple[str, ...]) -> str:
    return next((name for name in NOTE_FORMATS if name in formats), formats[0])


def pack_note(course: Course, locale: Locale, name: str, options: Mapping[str, Any], files: list[OutputFile],
              cache_dir=None) -> list[OutputFile]:
    """The note as format `name` writes it with the person's `options`: a title, a line on the course, and
    each of the pack's `files` with what it is. Only the note's own top file(s): no tracks or playlist."""
    labels, source, lang = locale.labels, course.modules[0].source, course.lang

    def paragraph(text: str) -> Paragraph:
        return Paragraph([Text(text, source, lang)], source, lang)

    items = [ListItem([paragraph(f"{PurePosixPath(f.path).name}: {_kind(f.path, labels)}")], source, lang)
             for f in sorted(files, key=lambda f: f.path)]
    module = Module(0, f"00-{SLUG}", [Text(labels["pack_title"], source, lang)],
                    [paragraph(labels["pack_intro"].format(title=course.config.title)),
                     ListBlock(False, items, source, lang)], source, lang)
    config = dataclasses.replace(course.config, title=labels["pack_title"], subtitle="",
                                 slug=f"00-{version_name(course)}-{SLUG}")
    note = dataclasses.replace(course, config=config, modules=[module], credit="", machine_translated=False,
                               untranslated=0)
    made = writers.get(name, cache_dir).write(note, locale, options)
    suffixes = writers.get(name).pack_suffixes
    return [f for f in made if "/" not in f.path and (not suffixes or f.path.endswith(suffixes))]


def _kind(path: str, labels: Mapping[str, str]) -> str:
    """What a file is, in the person's language, by its kind (a whole recording or one part of it)."""
    suffix = path.rsplit(".", 1)[-1].lower()
    if suffix == "mp3" and "/" in path:
        return labels["pack_part"]
    return labels.get(f"pack_{suffix}", suffix.upper())
