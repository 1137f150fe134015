"""Braille: UEB (and other liblouis codes) paginated in UK layout, as BRF, PEF and a proof copy."""

from __future__ import annotations

import hashlib
from typing import Any, Mapping

from builder.editions import identity, site_address
from builder.locale import Locale
from builder.model import Course
from builder.options import BRAILLE_GRADE, Option
from builder.writers.base import BaseWriter, FormatSkipped, OutputFile
from builder.writers.braille.layout import Layout, contents_entry
from builder.writers.braille.output import Book, brf, pef, proof
from builder.writers.braille.segments import Segment, all_segments, module_segments
from builder.writers.braille.translate import translate_all


class Writer(BaseWriter):
    name = "braille"
    description = "braille in UK layout: BRF for embossers, PEF, and a proof copy for sighted checkers"
    offer = ("Braille, grade {grade}",
             "for people who read braille: on paper from an embosser, or on a braille display")
    options = (
        Option("grades", "1 (uncontracted) and/or 2 (contracted, the default for experienced readers)", [2],
               kind="int-list", minimum=1, maximum=2),
        Option("cells", "cells per line", 40, kind="int", minimum=20, maximum=50),
        Option("lines", "lines per page, the page-number line included", 25, kind="int", minimum=10, maximum=35),
    )
    choices = {BRAILLE_GRADE: "grades"}
    pack_suffixes = (".brf", ".pef")  # the proof copy is for a sighted checker, not the reader
    pack_step = "emboss braille grade {braille_grade}"
    cost = 0.2

    def write(self, course: Course, locale: Locale, options: Mapping[str, Any]) -> list[OutputFile]:
        lang = locale.tag
        if locale.language.no_braille:
            raise FormatSkipped(locale.language.no_braille)
        available = locale.braille_grades()
        if not available:
            raise FormatSkipped(f"liblouis has no braille table for {lang}")
        grades = [g for g in dict.fromkeys(options["grades"]) if g in available] or available[:1]
        for grade in dict.fromkeys(options["grades"]):
            if grade not in available:
                self.notes.append(f"no grade {grade} table for {lang}: made grade {', '.join(map(str, grades))}")
        outputs = []
        for grade in grades:
            book = make_book(course, locale, grade, options["cells"], options["lines"])
            stem = f"{course.config.slug}-braille-{book.code}"
            settings = {"grade": grade, "table": book.table, "cells": book.cells, "lines": book.rows}
            outputs += [OutputFile(f"{stem}.brf", brf(book), settings),
                        OutputFile(f"{stem}.pef", pef(book), settings),
                        OutputFile(f"{stem}-proof.html", proof(book), settings)]
        return outputs


def make_book(course: Course, locale: Locale, grade: int, cells: int, rows: int) -> Book:
    """Translate the course (in a worker process) and lay it out in pages."""
    lang = locale.tag
    table = locale.braille_table(grade)
    assert table is not None
    labels = locale.labels
    config = course.config
    date = locale.date(config.publication_date())
    code = locale.braille_code(grade)
    title_page = [Segment("centred", config.title, source=config.title), Segment("centred", "")]
    if config.subtitle:
        title_page += [Segment("centred", config.subtitle, source=config.subtitle), Segment("centred", "")]
    if course.credit:
        title_page += [Segment("centred", course.credit, source=course.credit), Segment("centred", "")]
    # The grade in words, in the book's language ("Braille, grade 2 (contracted)"): a reader is never shown
    # a file-name code such as UR-G1.
    note = labels["braille_note"].format(code=labels[f"braille_grade_{grade}"])
    title_page += [Segment("centred", config.organisation, source=config.organisation),
                   Segment("centred", date, source=date), Segment("centred", ""),
                   Segment("centred", note, source=note)]
    address = site_address(course)
    if address:  # where the course can also be heard and read online (`make site`)
        line = labels["site_address"].format(address=address)
        title_page += [Segment("centred", ""), Segment("paragraph", line, first=0, runover=0, source=line)]
    # Every table writes Latin letters (tables.FALLBACK gives them to those without), so every translated
    # version carries its notice in its own language and in English.
    english = []
    for tag, text in locale.notices(course.machine_translated, course.untranslated):
        segment = Segment("paragraph", text, first=0, runover=0, source=text)
        title_page += [Segment("centred", ""), segment]
        english += [segment] if tag != lang else []
    contents_heading = Segment("heading1", labels["contents"], source=labels["contents"])
    modules = {module.slug: module_segments(module, locale) for module in course.modules}
    batches = {"the title page": title_page + [contents_heading]}
    batches.update({f"module {slug}": all_segments(items) for slug, items in modules.items()})
    translated = translate_all(table, {name: [(s.text, s.typeform) for s in segments]
                                       for name, segments in batches.items()})
    for name, segments in batches.items():
        for segment, braille in zip(segments, translated[name]):
            segment.braille = braille
    uncontracted = locale.braille_table(1)
    if english and uncontracted and uncontracted != table:
        # A grade 2 table contracts all it is given as its own language (Portuguese grade 2 writes the English
        # notice as "anteas made bos maclhine"): English is written with the language's grade 1 letters.
        notices = translate_all(uncontracted, {"the English notice": [(s.text, []) for s in english]})
        for segment, braille in zip(english, notices["the English notice"]):
            segment.braille = braille

    body = Layout(cells, rows)
    starts = []
    for items in modules.values():
        starts.append(len(body.pages))
        body.items(items)
    titles = [modules[m.slug][0] for m in course.modules]

    front_pages = 0
    for _ in range(3):  # the contents' own length moves the page numbers it shows: settle it
        front = Layout(cells, rows)
        front.new_page()
        for segment in title_page:
            front.segment(segment)
        front.new_page()
        front.segment(contents_heading)
        for title, start in zip(titles, starts):
            front.add(contents_entry(title.braille, front_pages + start + 1, cells), title.source)
        if len(front.pages) == front_pages:
            break
        front_pages = len(front.pages)
    identifier = hashlib.sha256(f"{identity(course)}|{lang}|{code}".encode()).hexdigest()[:16]
    sections = [0, *(front_pages + start for start in starts)]
    return Book(title=config.title, locale=locale, code=code, table=table, date=date, identifier=identifier,
                cells=cells, rows=rows, pages=front.pages + body.pages, sections=sections)
